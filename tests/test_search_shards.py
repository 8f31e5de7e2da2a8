"""The search index in shards: which shard a page goes to (a table of real page shapes), and,
on a copy of the real site's build with real Pagefind, that every indexed page is in exactly
one shard, that a changed page rebuilds its own shard only, and that a shard whose pages are
all gone, and the work folders of a killed build, disappear."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.site import search

SETTINGS = {
    "ARTICLE_SAVE_AS": "articles/{slug}/index.html",
    "ACTOR_SAVE_AS": "actors/{slug}/index.html",
    "TOPIC_SAVE_AS": "topics/{slug}/index.html",
    "EXPLAINER_SEARCH_SHARD_PERIOD": "year",
}

DATED = b'<p class="dateline"><time datetime="2024-06-11" data-pagefind-meta="date">11 June'
MONTH_ONLY = b'<time datetime="2023-10" data-pagefind-meta="date">October 2023</time>'
YEAR_ONLY = b'<time datetime="2023" data-pagefind-meta="date">2023</time>'
ATTRIBUTES_SWAPPED = b'<time data-pagefind-meta="date" datetime="2025-01-02">2 January</time>'
ESTIMATED = b'<span class="date-estimate">Estimated: 21\xe2\x80\x9322 March 2024</span>'
UNKNOWN = b'<span class="date-unknown">Date unknown</span>'
BODY_DATE = b'<p>On <time datetime="2022-02-24">24 February 2022</time> the war began.</p>'


@pytest.mark.parametrize(
    ("relative", "html", "by", "shard"),
    [
        ("articles/a/index.html", DATED, "year", "2024"),
        ("articles/a/index.html", DATED, "month", "2024-06"),
        ("articles/a/index.html", MONTH_ONLY, "year", "2023"),
        ("articles/a/index.html", MONTH_ONLY, "month", "2023-10"),
        ("articles/a/index.html", YEAR_ONLY, "month", "2023"),  # no month: the year's shard
        ("articles/a/index.html", ATTRIBUTES_SWAPPED, "year", "2025"),
        ("articles/a/index.html", ESTIMATED, "year", "articles"),  # an estimate never shards
        ("articles/a/index.html", UNKNOWN, "month", "articles"),
        ("articles/a/index.html", BODY_DATE, "year", "articles"),  # a date in the text: no
        ("actors/antony-blinken/index.html", b"<h1>Antony Blinken</h1>", "year", "actors"),
        ("topics/ceasefire/page/2/index.html", b"<h1>Ceasefire</h1>", "month", "topics"),
        ("about.html", b"<h1>About</h1>", "year", "pages"),
    ],
)
def test_shard_of_a_page(relative, html, by, shard):
    assert search.shard_name(relative, html, by) == shard


def test_search_folders_follow_the_save_as_settings():
    assert search.search_folders(SETTINGS) == ["actors", "articles", "topics"]
    top_level = dict(SETTINGS, ARTICLE_SAVE_AS="{slug}.html")
    assert search.search_folders(top_level) is None


def tree_stamps(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def shards_moved_by_editing(site: Path, settings: dict, shard: str) -> set[str]:
    """Edit the first page of a shard, index again, and return the shards whose files changed."""
    plan = search.plan_shards(site, settings)
    page = site / plan[shard][0][0]
    before = tree_stamps(site / search.BUNDLE)
    page.write_bytes(page.read_bytes().replace(b"</h1>", b" (updated)</h1>", 1))
    assert search.build_search_index(site, settings) is None
    after = tree_stamps(site / search.BUNDLE)
    return {
        name.split("/", 1)[0]
        for name in set(before) | set(after)
        if before.get(name) != after.get(name)
    }


def body_pages(site: Path) -> list[str]:
    folders = search.search_folders(SETTINGS)
    return [
        relative
        for relative in search.candidate_pages(site, folders)
        if search.BODY in (site / relative).read_bytes()
    ]


@pytest.fixture()
def site(built_site, tmp_path):
    """A copy of the real site's build, its search index built in year shards."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    shutil.rmtree(copy / search.BUNDLE, ignore_errors=True)
    assert search.build_search_index(copy, SETTINGS) is None
    return copy


def shard_list(site: Path) -> list[str]:
    listing = json.loads((site / search.BUNDLE / search.SHARD_LIST).read_text(encoding="utf-8"))
    return [name.rstrip("/") for name in listing["bundles"]]


def test_every_indexed_page_is_in_exactly_one_shard(site):
    shards = shard_list(site)
    assert len(shards) >= 2, shards
    assert shards == sorted(shards)
    plan = search.plan_shards(site, SETTINGS)
    assert sorted(plan) == shards
    planned = [relative for pages in plan.values() for relative, _ in pages]
    assert sorted(planned) == body_pages(site)
    for name in shards:
        entry = json.loads((site / search.BUNDLE / name / "pagefind-entry.json").read_text())
        counted = sum(language["page_count"] for language in entry["languages"].values())
        assert counted == len(plan[name]), name
    for name in search.UI_FILES:
        assert (site / search.BUNDLE / name).read_bytes() == (
            site / search.BUNDLE / shards[0] / name
        ).read_bytes()


def test_a_changed_page_rebuilds_its_own_shard_only(site):
    plan = search.plan_shards(site, SETTINGS)
    changed = next(name for name in sorted(plan) if name[:1].isdigit())
    assert shards_moved_by_editing(site, SETTINGS, changed) == {changed}


def test_unchanged_pages_rewrite_nothing(site):
    before = tree_stamps(site / search.BUNDLE)
    assert search.build_search_index(site, SETTINGS) is None
    assert tree_stamps(site / search.BUNDLE) == before


def test_a_shard_whose_pages_are_gone_is_removed_and_leftovers_too(site):
    plan = search.plan_shards(site, SETTINGS)
    gone = next(name for name in sorted(plan) if name[:1].isdigit())
    for relative, _ in plan[gone]:
        (site / relative).unlink()
    leftover = site / f"{search.LEFTOVER}bundle-{gone}"  # as a killed build leaves it
    leftover.mkdir()
    (leftover / "pagefind.js").write_text("half")
    (site / search.BUNDLE / ".shards.json.1.tmp").write_text("half")
    assert search.build_search_index(site, SETTINGS) is None
    assert gone not in shard_list(site)
    assert not (site / search.BUNDLE / gone).exists()
    assert not leftover.exists()
    assert sorted(p.name for p in (site / search.BUNDLE).iterdir()) == sorted(
        [*shard_list(site), search.SHARD_LIST, *search.UI_FILES]
    )


def test_month_shards_split_the_years(site):
    by_month = dict(SETTINGS, EXPLAINER_SEARCH_SHARD_PERIOD="month")
    assert search.build_search_index(site, by_month) is None
    months = [name for name in shard_list(site) if name[:1].isdigit()]
    assert months and all(len(name) == len("2024-06") for name in months), months
