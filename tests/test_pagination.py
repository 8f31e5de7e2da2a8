"""Listings of bounded size: the seeds built with tiny page sizes, so that every kind of
listing runs to several pages, then checked for links, order and event anchors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from browser_support import parse_page
from sitebuild import build_site, seed_content
from test_links import check_page, html_files
from test_theme import chronology_ids, listing_pages

TINY = {"actor": 2, "topic": 1, "chronology": 2, "archives": 2, "actors": 5, "index": None}


@pytest.fixture(scope="module")
def paged(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("paged")
    seed_content(root)
    built = build_site(
        root / "content", root / "out", root / "cache", extra={"PAGINATED_TEMPLATES": TINY}
    )
    assert built.returncode == 0, built.log[-3000:]
    return built.output


def load(site: Path, name: str):
    return json.loads((site / "data" / name).read_text(encoding="utf-8"))


def page_links(page: Path) -> list[str]:
    return [href for tag, href in parse_page(page).links if tag == "a"]


def test_every_internal_link_resolves_across_pages(paged):
    problems = {p.as_posix(): check_page(paged, p) for p in html_files(paged)}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize(
    "folder, per_page, data",
    [
        ("articles", 2, "articles.json"),
        ("actors", 5, "actors.json"),
    ],
)
def test_index_listings_hold_every_item_a_page_at_a_time(paged, folder, per_page, data):
    pages = listing_pages(paged, folder)
    records = load(paged, data)
    assert len(pages) == -(-len(records) // per_page) > 1
    html = "".join(p.read_text(encoding="utf-8") for p in pages)
    for record in records:
        assert f'{record["url"]}"' in html, record["slug"]


def test_archive_keeps_newest_first_order_across_pages(paged):
    records = load(paged, "articles.json")
    shown = []
    for page in listing_pages(paged, "articles"):
        for href in page_links(page):
            slug = href.rstrip("/").rsplit("/", 1)[-1]
            if any(r["slug"] == slug for r in records) and slug not in shown:
                shown.append(slug)
    dated = sorted((r for r in records if r["date"]), key=lambda r: r["date"], reverse=True)
    assert [s for s in shown if any(r["slug"] == s for r in dated)] == [r["slug"] for r in dated]


def test_actor_and_topic_articles_are_split_into_pages(paged):
    for name, per_page in (("actors.json", 2), ("topics.json", 1)):
        folder = name.split(".")[0]
        for record in load(paged, name):
            pages = listing_pages(paged, f"{folder}/{record['slug']}")
            assert len(pages) == max(1, -(-len(record["articles"]) // per_page)), record["slug"]
            for page in pages:
                assert page.is_file()
                listed = page.read_text(encoding="utf-8").count('class="article-row"')
                assert listed <= per_page, page


def test_every_event_is_on_one_page_and_every_link_to_it_lands(paged):
    ids = chronology_ids(paged)
    events = load(paged, "chronology.json")
    assert all(len(ids[e["id"]]) == 1 for e in events)
    assert any("/page/" in ids[e["id"]][0] for e in events), "no month ran to a second page"
    links = 0
    for page in html_files(paged):
        for href in page_links(page):
            if "chronology/" in href and "#" in href:
                target, fragment = href.split("#", 1)
                links += 1
                assert any(target.endswith(p.removesuffix("index.html")) for p in ids[fragment])
    assert links > len(events)


def test_chronology_index_links_every_period(paged):
    index = paged / "chronology" / "index.html"
    hrefs = page_links(index)
    periods = {
        e["date"][:7] if len(e["date"]) >= 7 else e["date"][:4]
        for e in load(paged, "chronology.json")
    }
    for period in periods:
        assert any(href.endswith(f"chronology/{period}/") for href in hrefs), period
