"""Link check of the built site (no browser): every internal href/src resolves to a file of
the output, every #fragment to an id of its target page, and no page loads anything from
another host (the site must work offline)."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import parse_page
from linkcheck import check_page, html_files, page_url, target_file


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
