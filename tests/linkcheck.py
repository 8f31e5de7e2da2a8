"""Link check of a built site (no browser), shared by the link tests of the project's site and
of foreign sites: every internal href/src resolves to a file of the output, every #fragment to
an id of its target page, and no page loads anything from another host."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

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


def broken_links(site: Path) -> dict[str, list[str]]:
    """Every page of the output with its broken links (none: an empty dict)."""
    problems = {}
    for page in html_files(site):
        found = check_page(site, page)
        if found:
            problems[page.relative_to(site).as_posix()] = found
    return problems


def describe(problems: dict[str, list[str]]) -> str:
    return "\n".join(f"{page}:\n  " + "\n  ".join(items) for page, items in problems.items())
