"""Link check of the built site (no browser): every internal href/src resolves to a file of
the output, every #fragment to an id of its target page, and no page loads anything from
another host (the site must work offline)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from browser_support import parse_page

BASE = "http://site.invalid/"
EXTERNAL_OK_TAGS = {"a"}  # links to other sites are fine; loading resources from them is not


def html_files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def page_url(site: Path, path: Path) -> str:
    relative = path.relative_to(site).as_posix()
    return BASE + relative


def target_file(site: Path, url_path: str) -> Path:
    """The output file an URL path points to (`dir/` → `dir/index.html`)."""
    path = site / unquote(url_path).lstrip("/")
    if url_path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path


def check_page(site: Path, page: Path) -> list[str]:
    problems = []
    here = page_url(site, page)
    for tag, raw in parse_page(page).links:
        if not raw or raw.startswith(("mailto:", "tel:", "data:")):
            continue
        if raw.startswith("javascript:"):
            problems.append(f"{tag} uses a javascript: URL")
            continue
        url = urljoin(here, raw)
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"}:
            continue
        if parts.netloc != "site.invalid":
            if tag not in EXTERNAL_OK_TAGS:
                problems.append(f"<{tag}> loads an external resource: {raw}")
            continue
        target = target_file(site, parts.path)
        if not target.is_file():
            problems.append(f"<{tag}> {raw!r} → missing {target.relative_to(site)}")
            continue
        if parts.fragment and target.suffix == ".html":
            ids = parse_page(target).ids
            if unquote(parts.fragment) not in ids:
                where = target.relative_to(site)
                problems.append(f"<{tag}> {raw!r}: no id {parts.fragment!r} in {where}")
    return problems


def test_site_has_pages(built_site):
    pages = html_files(built_site)
    assert (built_site / "index.html") in pages
    assert len(pages) >= 8, pages


def test_every_internal_link_resolves(built_site):
    problems = {}
    for page in html_files(built_site):
        found = check_page(built_site, page)
        if found:
            problems[page.relative_to(built_site).as_posix()] = found
    report = "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in problems.items())
    assert not problems, f"broken links:\n{report}"


def test_every_article_and_entity_is_linked_from_somewhere(built_site):
    """No orphan pages: each article, actor and topic page is the target of some link."""
    linked = set()
    for page in html_files(built_site):
        here = page_url(built_site, page)
        for _tag, raw in parse_page(page).links:
            parts = urlsplit(urljoin(here, raw))
            if parts.netloc == "site.invalid":
                linked.add(target_file(built_site, parts.path).resolve())
    orphans = [
        p.relative_to(built_site).as_posix()
        for folder in ("articles", "actors", "topics")
        for p in (built_site / folder).glob("*/index.html")
        if p.resolve() not in linked
    ]
    assert not orphans, f"pages nothing links to: {orphans}"


@pytest.mark.parametrize(
    "raw, expected",
    [("actors/", "actors/index.html"), ("/", "index.html"), ("a%20b.html", "a b.html")],
)
def test_target_file_mapping(tmp_path, raw, expected):
    (tmp_path / "actors").mkdir()
    assert target_file(tmp_path, "/" + raw.lstrip("/")) == tmp_path / expected
