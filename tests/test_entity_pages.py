"""The plugin's actor, topic and chronology pages are rendered only when what they show
changes (site/entity_pages.py), with real Pelican builds of the seeds: after one new
article, the pages it does not touch are not rendered again, and the tree still equals a
cold build of the same input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sitebuild import SEEDS, seed_content
from test_article_pages import build
from test_determinism import differences

MARK = "<!-- left as it was -->\n"
LISTING_FOLDERS = ("actors/", "topics/", "chronology/")
INDEXES = ("actors/index.html", "topics/index.html", "chronology/index.html")


def listing_pages(output: Path) -> dict[str, bytes]:
    return {
        p.relative_to(output).as_posix(): p.read_bytes()
        for p in sorted(output.rglob("*.html"))
        if p.relative_to(output).as_posix().startswith(LISTING_FOLDERS)
    }


def folders_of(article: dict) -> set[str]:
    """The listing folders a new article's own data names: its actors and topics."""
    return {f"actors/{s}/" for s in article["actors"]} | {f"topics/{s}/" for s in article["topics"]}


def test_one_new_article_renders_only_the_pages_it_touches(tmp_path):
    content = seed_content(tmp_path, SEEDS[:4])
    first = build(tmp_path, "out")
    before = listing_pages(first.output)
    assert len(before) > 20
    # A page the next build renders loses the mark (its bytes are written again); a page
    # it leaves alone keeps it.
    for name in before:
        with open(first.output / name, "a", encoding="utf-8") as handle:
            handle.write(MARK)

    shutil.copy(SEEDS[4], content / "raw" / SEEDS[4].name)
    build(tmp_path, "out")
    cold = build(tmp_path, "cold", cache="cold-cache")
    after = listing_pages(first.output)
    expected = listing_pages(cold.output)
    assert sorted(after) == sorted(expected)

    kept = {n for n, data in after.items() if data.endswith(MARK.encode())}
    rendered = set(after) - kept
    for name in kept:
        assert after[name][: -len(MARK)] == expected[name], f"{name} is stale"
    changed = {n for n in expected if before.get(n) != expected[n]}
    articles = json.loads((cold.output / "data" / "articles.json").read_text(encoding="utf-8"))
    new = next(a for a in articles if any(s.endswith(SEEDS[4].name) for s in a["source_files"]))
    touched = folders_of(new)
    unexpected = sorted(
        n
        for n in rendered - changed
        if n not in INDEXES and not n.startswith(tuple(touched)) and "/page/" not in n
    )
    assert unexpected == [], f"rendered though nothing it shows changed: {unexpected}"
    assert changed <= rendered, "a page whose bytes changed was not rendered"
    assert len(kept) > len(before) // 2, f"only {len(kept)} of {len(before)} pages left alone"

    for name in kept:  # the same tree as a cold build, search index included
        path = first.output / name
        path.write_bytes(path.read_bytes()[: -len(MARK)])
    build(tmp_path, "out")
    assert differences(first.output, cold.output) == []
