"""Large search shards split by a hash of the page's entity: the number of buckets (a table),
and, on a copy of the real site's build with real Pagefind and a small bucket size, that
every indexed page is in exactly one bounded bucket, that a changed actor page re-indexes
its own bucket only, and that the split depends on the pages alone (a fresh index of the
same pages names the same shards)."""

from __future__ import annotations

import json
import shutil

import pytest
from pelican.plugins.explainer_archive.site import search
from test_search_shards import shard_list, shards_moved_by_editing

SETTINGS = {
    "ARTICLE_SAVE_AS": "articles/{slug}/index.html",
    "ACTOR_SAVE_AS": "actors/{slug}/index.html",
    "TOPIC_SAVE_AS": "topics/{slug}/index.html",
    "EXPLAINER_SEARCH_SHARD_PERIOD": "year",
}
SIZE = 4  # pages per bucket in these tests (the real one is search.SHARD_PAGES)


@pytest.mark.parametrize(
    ("pages", "size", "buckets"),
    [
        (0, 256, 1),
        (1, 256, 1),
        (256, 256, 1),
        (257, 256, 2),
        (512, 256, 2),
        (513, 256, 4),
        (3446, 256, 16),
        (100_000, 256, 512),
        (9, 4, 4),
    ],
)
def test_bucket_count(pages, size, buckets):
    assert search.bucket_count(pages, size) == buckets


@pytest.mark.parametrize(
    ("relative", "same_as"),
    [
        ("actors/antony-blinken/page/2/index.html", "actors/antony-blinken/index.html"),
        ("topics/ceasefire/page/3/index.html", "topics/ceasefire/index.html"),
    ],
)
def test_the_pages_of_one_entity_share_a_bucket(relative, same_as):
    for buckets in (2, 8, 64):
        assert search.entity_bucket(relative, buckets) == search.entity_bucket(same_as, buckets)


def test_small_groups_keep_their_name_and_large_ones_split():
    pages = [(f"actors/a{i:03d}/index.html", b"") for i in range(20)]
    plan = search.split_shards({"actors": pages, "topics": pages[:3]}, 4)
    assert plan["topics"] == pages[:3]
    split = sorted(name for name in plan if name.startswith("actors."))
    assert split and len(split) <= 8
    assert all(len(name) == len("actors.0") for name in split), split
    assert sorted(e for name in split for e in plan[name]) == pages


@pytest.fixture(scope="module")
def indexed(built_site, tmp_path_factory):
    """A copy of the real site's build, its search index built with buckets of SIZE pages
    (once per module: each test works on a copy of it)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "SHARD_PAGES", SIZE)
        copy = tmp_path_factory.mktemp("search-split") / "site"
        shutil.copytree(built_site, copy)
        shutil.rmtree(copy / search.BUNDLE, ignore_errors=True)
        assert search.build_search_index(copy, SETTINGS) is None
    return copy


@pytest.fixture()
def site(indexed, tmp_path, monkeypatch):
    """This test's copy of `indexed` (files and their times); an index made again while the
    test runs has buckets of SIZE pages too."""
    monkeypatch.setattr(search, "SHARD_PAGES", SIZE)
    return shutil.copytree(indexed, tmp_path / "site")


def test_every_page_in_one_bounded_bucket(site):
    plan = search.plan_shards(site, SETTINGS)
    assert shard_list(site) == sorted(plan)
    actors = [name for name in plan if name.startswith("actors.")]
    assert len(actors) >= 2, sorted(plan)
    planned = [relative for pages in plan.values() for relative, _ in pages]
    assert len(planned) == len(set(planned))
    for name in sorted(plan):
        entry = json.loads((site / search.BUNDLE / name / "pagefind-entry.json").read_text())
        counted = sum(language["page_count"] for language in entry["languages"].values())
        assert counted == len(plan[name]), name
    largest = max(len(pages) for pages in plan.values())
    total = len(planned)
    assert largest < total / 2, (largest, total)  # no shard holds most of the site


def test_a_changed_actor_page_reindexes_its_own_bucket_only(site):
    plan = search.plan_shards(site, SETTINGS)
    changed = next(name for name in sorted(plan) if name.startswith("actors."))
    assert shards_moved_by_editing(site, SETTINGS, changed) == {changed}


def test_a_fresh_index_of_the_same_pages_names_the_same_shards(site):
    first = shard_list(site)
    shutil.rmtree(site / search.BUNDLE)
    assert search.build_search_index(site, SETTINGS) is None
    assert shard_list(site) == first
