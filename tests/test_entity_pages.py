"""The plugin's actor, topic and chronology pages are rendered only when what they show
changes (site/entity_pages.py), with real Pelican builds of the seeds and small listing
pages (2 articles), so that actors and topics run to numbered pages: after one new
article, the pages it does not touch are not rendered again, each actor and topic it is on
changes one listing page (its own page, site/listings.py), the numbered pages keep their
articles, and the tree still equals a cold build of the same input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.site.listings import split_pages
from sitebuild import SEEDS, build_site, seed_content
from test_determinism import differences
from test_pagination import listed_slugs, placed_at

MARK = "<!-- left as it was -->\n"
LISTING_FOLDERS = ("actors/", "topics/", "chronology/")
INDEXES = ("actors/index.html", "topics/index.html", "chronology/index.html")
PAGE_SIZE = 2
SMALL_PAGES = {"PAGINATED_TEMPLATES": {"actor": PAGE_SIZE, "topic": PAGE_SIZE}}


def build(root: Path, out: str, cache: str = "cache"):
    built = build_site(root / "content", root / out, root / cache, extra=SMALL_PAGES)
    assert built.returncode == 0, built.log[-3000:]
    return built


def listing_pages(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*.html"))
        if p.relative_to(output).as_posix().startswith(LISTING_FOLDERS)
    }


def folders_of(article: dict) -> set[str]:
    """The listing folders a new article's own data names: its actors and topics."""
    return {f"actors/{s}/" for s in article["actors"]} | {f"topics/{s}/" for s in article["topics"]}


def load(output: Path, name: str):
    return json.loads((output / "data" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """Four seeds built, every listing page marked, the fifth seed added and built again
    (incrementally), and a cold build of all five: (before, after, cold output, first
    output, the new article's record, the entities' records before)."""
    root = tmp_path_factory.mktemp("entity-pages")
    content = seed_content(root, SEEDS[:4])
    first = build(root, "out")
    before = listing_pages(first.output)
    records_before = {
        f"{name}/{r['slug']}/": r
        for name in ("actors", "topics")
        for r in load(first.output, f"{name}.json")
    }
    # A page the next build renders loses the mark (its bytes are written again); a page
    # it leaves alone keeps it.
    for name in before:
        with open(first.output / name, "a", encoding="utf-8") as handle:
            handle.write(MARK)
    shutil.copy(SEEDS[4], content / "raw" / SEEDS[4].name)
    build(root, "out")
    cold = build(root, "cold", cache="cold-cache")
    after = listing_pages(first.output)
    articles = load(cold.output, "articles.json")
    new = next(a for a in articles if any(s.endswith(SEEDS[4].name) for s in a["source_files"]))
    return before, after, cold.output, first.output, new, records_before


def test_one_new_article_renders_only_the_pages_it_touches(rebuilt):
    before, after, cold, out, new, _ = rebuilt
    assert len(before) > 20
    expected = listing_pages(cold)
    assert sorted(after) == sorted(expected)
    kept = {n for n, data in after.items() if data.endswith(MARK.encode())}
    rendered = set(after) - kept
    for name in kept:
        assert after[name][: -len(MARK)] == expected[name], f"{name} is stale"
    changed = {n for n in expected if before.get(n) != expected[n]}
    touched = folders_of(new)
    unexpected = sorted(
        n for n in rendered - changed if n not in INDEXES and not n.startswith(tuple(touched))
    )
    assert unexpected == [], f"rendered though nothing it shows changed: {unexpected}"
    assert changed <= rendered, "a page whose bytes changed was not rendered"
    assert len(kept) > len(before) // 2, f"only {len(kept)} of {len(before)} pages left alone"


def test_one_new_article_changes_one_listing_page_per_actor_and_topic(rebuilt):
    """The new article is the newest (the fifth seed states no date; it is estimated after
    all the others), so it joins the newest end of each listing: its actor's or topic's
    own page changes, and no numbered page does, except when the own page fills up: then
    its oldest articles become a new numbered page, and the page before that gets its
    "newer" link."""
    before, after, cold, _, new, records = rebuilt
    others = [placed_at(a) for a in load(cold, "articles.json") if a["slug"] != new["slug"]]
    assert placed_at(new) > max(o for o in others if o)
    expected = listing_pages(cold)
    numbered_before = 0
    for folder in sorted(folders_of(new)):
        count = len(records[folder]["articles"]) if folder in records else 0
        pages = split_pages(count, PAGE_SIZE)
        numbered_before += pages
        changed = {n for n in expected if n.startswith(folder) and before.get(n) != expected[n]}
        own = f"{folder}index.html"
        if split_pages(count + 1, PAGE_SIZE) == pages:
            assert changed == {own}, folder
        else:
            grown = {own, f"{folder}page/{pages + 1}/index.html"}
            if pages:
                grown.add(f"{folder}page/{pages}/index.html")
            assert changed == grown, folder
    assert numbered_before, "no actor or topic of the new article had a numbered page"


def test_numbered_pages_keep_their_articles(rebuilt):
    before, _, cold, out, _, _ = rebuilt
    numbered = [n for n in before if "/page/" in n and n.startswith(("actors/", "topics/"))]
    assert numbered
    for name in numbered:
        was = out.parent / "was.html"
        was.write_bytes(before[name])
        assert listed_slugs(was) == listed_slugs(cold / name), name


def test_the_rebuilt_tree_equals_a_cold_build(rebuilt):
    _, after, cold, out, _, _ = rebuilt
    for name, data in after.items():  # the same tree as a cold build, search index included
        if data.endswith(MARK.encode()):
            (out / name).write_bytes(data[: -len(MARK)])
    build(out.parent, out.name)
    assert differences(out, cold) == []
