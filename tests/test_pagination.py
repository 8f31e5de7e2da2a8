"""Listings of bounded size: the seeds built with tiny page sizes, so that every kind of
listing runs to several pages, then checked for links, order and event anchors."""

from __future__ import annotations

import json
import re
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


def entity_listing(site: Path, folder: str) -> list[Path]:
    """An actor's or topic's pages in reading order: page/1/ (the oldest), page/2/, …, then
    its own page (the newest)."""
    numbered = sorted(
        (site / folder / "page").glob("*/index.html"), key=lambda p: int(p.parent.name)
    )
    return [*numbered, site / folder / "index.html"]


def listed_slugs(page: Path) -> list[str]:
    """The article slugs a listing page lists in its article rows, in page order."""
    html = page.read_text(encoding="utf-8")
    rows = html.split('id="articles"', 1)[1].split('class="article-row"')[1:]
    return [
        row.split('href="', 1)[1].split('"', 1)[0].rstrip("/").rsplit("/", 1)[-1] for row in rows
    ]


def placed_at(record: dict) -> str | None:
    """Where an article stands in a listing: its date, else the start of its estimate."""
    return record["date"] or next(iter(d for d in record["date_range"] or [] if d), None)


@pytest.mark.parametrize("name, per_page", [("actors.json", 2), ("topics.json", 1)])
def test_actor_and_topic_pages_are_numbered_from_the_oldest_end(paged, name, per_page):
    """Page k holds the k-th `per_page` articles in listing order (those with neither date
    nor estimate first, then oldest first, an estimated one at its estimate); the own page
    the newest `per_page` to `2 * per_page - 1` (newest first, any undated last); together
    every article once, in order."""
    folder = name.split(".")[0]
    articles = {r["slug"]: r for r in load(paged, "articles.json")}
    numbered_somewhere = False
    for record in load(paged, name):
        pages = entity_listing(paged, f"{folder}/{record['slug']}")
        count = len(record["articles"])
        expected_numbered = 0 if count < 2 * per_page else count // per_page - 1
        assert len(pages) - 1 == expected_numbered, record["slug"]
        numbered_somewhere |= expected_numbered > 0
        shown = [listed_slugs(page) for page in pages]
        for slugs in shown[:-1]:
            assert len(slugs) == per_page, record["slug"]
        assert per_page <= len(shown[-1]) < 2 * per_page or expected_numbered == 0
        own = shown[-1]
        placed = [s for s in own if placed_at(articles[s])]
        assert own == placed + [s for s in own if not placed_at(articles[s])]
        earlier = [s for slugs in shown[:-1] for s in slugs]
        in_order = earlier + own[len(placed) :] + placed[::-1]
        assert sorted(in_order) == sorted(record["articles"]), record["slug"]
        keys = [
            (placed_at(articles[s]) is not None, placed_at(articles[s]) or "", s) for s in in_order
        ]
        assert keys == sorted(keys), record["slug"]
    assert numbered_somewhere, "no actor or topic ran to a numbered page"


def test_numbered_pages_link_older_and_newer_and_name_no_total(paged):
    """Each page links the page before it (rel=prev) and after it (rel=next), the own page
    last; a numbered page names its range by dates, never "n of N"."""
    checked = 0
    for folder in ("actors", "topics"):
        for own in sorted((paged / folder).glob("*/index.html")):
            pages = entity_listing(paged, own.parent.relative_to(paged).as_posix())
            for index, page in enumerate(pages):
                html = page.read_text(encoding="utf-8")
                prev = re.findall(r'rel="prev" href="([^"]+)"', html)
                after = re.findall(r'rel="next" href="([^"]+)"', html)
                assert len(prev) == (index > 0) and len(after) == (index + 1 < len(pages)), page
                if prev:
                    assert prev[0].endswith(url_of(paged, pages[index - 1])), page
                if after:
                    assert after[0].endswith(url_of(paged, pages[index + 1])), page
                if index + 1 < len(pages):
                    heading = html.split('id="articles">', 1)[1].split("</h2>", 1)[0]
                    assert not re.search(r"\d of \d", heading) and "oldest first" in heading, page
                    checked += 1
    assert checked


def url_of(site: Path, page: Path) -> str:
    return page.parent.relative_to(site).as_posix() + "/"


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
