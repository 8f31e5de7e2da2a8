"""Rebuilds with real Pelican builds of the seeds: only changed files are written, gone
articles leave nothing behind, and article URLs do not move (or redirect when they must).
Every new cache, the cold builds' too, starts from the seeds' spaCy annotations (content-keyed,
tests/support/annotations.py): a cold build here has nothing else cached."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sitebuild import SEEDS, seed_content
from support.annotations import build_with_annotations as build
from test_determinism import differences

PLUGIN_FOLDERS = ("actors/", "topics/", "chronology/", "data/", "feeds/")


def mtimes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file()
    }


def plugin_files(folder: Path) -> list[str]:
    """The plugin's own files in an output folder (pages, Markdown, export)."""
    names = mtimes(folder)
    return sorted(n for n in names if n.startswith(PLUGIN_FOLDERS) or n.endswith(".md"))


def retitled(seed: Path, headline: str, date: str | None = None) -> str:
    """The seed as another site would carry it: its headline line replaced, and
    optionally a Date: metadata line (which wins over the dates in the text)."""
    lines = seed.read_text(encoding="utf-8").split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    lines[first] = headline
    header = f"Date: {date}\n\n" if date else ""
    return header + "\n".join(lines)


def test_a_rebuild_with_nothing_changed_rewrites_no_plugin_file(tmp_path, seed_annotations):
    seed_content(tmp_path, SEEDS[:3])
    first = build(tmp_path, "out", annotations=seed_annotations)
    before = mtimes(first.output)
    build(tmp_path, "out")
    after = mtimes(first.output)
    files = plugin_files(first.output)
    assert len(files) > 20 and any(n.endswith(".md") for n in files)
    assert [n for n in files if after[n] != before[n]] == []
    bundle = [n for n in after if n.startswith("pagefind/")]
    assert bundle, "no search index"
    assert [n for n in bundle if after[n] != before.get(n)] == [], "search index rebuilt"


def test_a_deleted_article_leaves_the_same_tree_as_a_cold_build(tmp_path, seed_annotations):
    content = seed_content(tmp_path, SEEDS)
    first = build(tmp_path, "out", annotations=seed_annotations)
    gone = next(
        r
        for r in first.json("articles.json")
        if r["source_file"].endswith("004_" + "249035a9b66f194b.txt")
    )
    (content / gone["source_file"]).unlink()
    build(tmp_path, "out")
    cold = build(tmp_path, "cold", cache="cold-cache", annotations=seed_annotations)
    assert not (tmp_path / "out" / gone["url"]).exists()
    assert differences(tmp_path / "out", cold.output) == []


def redirect_target(html: str) -> str:
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert match, html[:500]
    return match.group(1)


def test_a_later_duplicate_under_another_headline_moves_no_url(tmp_path, seed_annotations):
    content = seed_content(tmp_path, SEEDS[:3])
    first = build(tmp_path, "out", annotations=seed_annotations)
    old = {r["source_file"]: r["url"] for r in first.json("articles.json")}
    seed = SEEDS[0]
    copy = retitled(seed, "A different headline for the same story", date="2031-05-01")
    (content / "raw" / "zzz-later-copy.txt").write_text(copy, encoding="utf-8")
    (content / "raw" / "0-later-copy.txt").write_text(copy, encoding="utf-8")
    again = build(tmp_path, "out")
    now = {r["source_file"]: r["url"] for r in again.json("articles.json")}
    assert now == old
    merged = next(r for r in again.json("articles.json") if r["source_file"] == f"raw/{seed.name}")
    assert merged["source_files"][1:] == ["raw/0-later-copy.txt", "raw/zzz-later-copy.txt"]
    for url in old.values():
        assert "data-pagefind-body" in again.html(url)


def test_an_earlier_dated_duplicate_leaves_a_redirect_at_the_old_url(tmp_path, seed_annotations):
    content = seed_content(tmp_path, SEEDS[:3])
    site = {"SITEURL": "https://archive.example.org"}  # the sitemap needs absolute URLs
    first = build(tmp_path, "out", extra=site, annotations=seed_annotations)
    seed = SEEDS[0]
    old_url = next(
        r["url"] for r in first.json("articles.json") if r["source_file"] == f"raw/{seed.name}"
    )
    copy = retitled(seed, "An earlier wire copy of the story", date="2001-01-02")
    (content / "raw" / "wire-copy.txt").write_text(copy, encoding="utf-8")
    again = build(tmp_path, "out", extra=site)
    records = {r["source_file"]: r for r in again.json("articles.json")}
    moved = records["raw/wire-copy.txt"]
    assert moved["source_files"] == ["raw/wire-copy.txt", f"raw/{seed.name}"]
    assert moved["url"] != old_url
    # Every old URL still answers: the moved one with a redirect to the new address.
    page = again.html(old_url)
    assert redirect_target(page).endswith(moved["url"])
    assert 'rel="canonical"' in page and "data-pagefind-body" not in page
    assert not list((again.output / old_url).glob("*.md")), "the old Markdown file stays"
    sitemap = (again.output / "sitemap.xml").read_text(encoding="utf-8")
    assert f"/{old_url}<" not in sitemap and f"/{moved['url']}<" in sitemap
    for record in first.json("articles.json"):
        assert (again.output / record["url"] / "index.html").is_file(), record["url"]
    # The redirect stays while the moved source is published, and goes with it.
    third = build(tmp_path, "out")
    assert redirect_target(third.html(old_url)).endswith(moved["url"])
    (content / "raw" / seed.name).unlink()
    (content / "raw" / "wire-copy.txt").unlink()
    build(tmp_path, "out")
    assert not (again.output / old_url).exists()
    assert not (again.output / moved["url"]).exists()


@pytest.mark.parametrize("name", ["robots.txt"])
def test_files_the_plugin_never_wrote_are_left_alone(tmp_path, seed_annotations, name):
    seed_content(tmp_path, SEEDS[:2])
    first = build(tmp_path, "out", annotations=seed_annotations)
    (first.output / name).write_text("User-agent: *\n", encoding="utf-8")
    shutil.rmtree(tmp_path / "content" / "raw")
    seed_content(tmp_path / "again", SEEDS[2:3])
    shutil.move(tmp_path / "again" / "content" / "raw", tmp_path / "content" / "raw")
    build(tmp_path, "out")
    assert (first.output / name).read_text(encoding="utf-8") == "User-agent: *\n"


def edit(path: Path) -> None:
    """An editor's correction: one more paragraph at the end of the raw file."""
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("\n\nOfficials said on Tuesday that the talks would resume in Cairo.\n")


@pytest.mark.slow
def test_incremental_builds_equal_cold_builds_through_additions_edits_and_deletions(
    tmp_path, seed_annotations
):
    content = seed_content(tmp_path, SEEDS[:2])
    raw = content / "raw"
    build(tmp_path, "out", annotations=seed_annotations)
    steps = [
        ("add two", lambda: [shutil.copy(s, raw / s.name) for s in SEEDS[2:4]]),
        ("edit one", lambda: edit(raw / SEEDS[0].name)),
        (
            "delete one, add one",
            lambda: [(raw / SEEDS[1].name).unlink(), shutil.copy(SEEDS[4], raw)],
        ),
        ("nothing", None),  # the files of the last step: its cold build is this one's too
    ]
    for n, (label, change) in enumerate(steps):
        if change is not None:
            change()
        incremental = build(tmp_path, "out")
        if change is not None:
            cold = build(
                tmp_path, f"cold-{n}", cache=f"cold-cache-{n}", annotations=seed_annotations
            )
        assert differences(incremental.output, cold.output) == [], label
    assert "annotation: 0 annotated, 4 cached" in incremental.log
