"""Archive-wide boilerplate evidence (issue 21 item 4): a line in the raw files of two or more
different stories is furniture; syndicated copies of one article and quoted sentences are not.
The synthetic archive in tests/data/furniture/ holds two outlets with several stories each, one
story syndicated by both, and one quotation reported by both."""

from __future__ import annotations

import itertools
import os
import shutil
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive import save_evidence_digests, stale_reads
from pelican.plugins.explainer_archive.reader import FURNITURE_KEY
from pelican.plugins.explainer_archive.text import extract_article
from pelican.plugins.explainer_archive.text.furniture import (
    FurnitureIndex,
    archive_furniture,
    page_lines,
)
from pelican.plugins.explainer_archive.text.lines import key
from sitebuild import build_site
from test_determinism import differences

ARCHIVE = Path(__file__).parent / "data" / "furniture"
FILES = sorted(ARCHIVE.glob("*.txt"))


def raw(name: str) -> bytes:
    return (ARCHIVE / name).read_bytes()


@pytest.fixture(scope="module")
def evidence() -> dict[str, set[str]]:
    found = archive_furniture([path.read_bytes() for path in FILES])
    return {path.name: set(lines) for path, lines in zip(FILES, found, strict=True)}


@pytest.mark.parametrize(
    ("page", "line", "furniture"),
    [
        ("harbour-ferry.txt", "Get our morning briefing in your inbox every weekday", True),
        ("harbour-ferry.txt", "Local | Business | Sport | Opinion", True),
        (
            "harbour-library.txt",
            "Our journalism depends on readers like you. Please consider a small monthly gift "
            "to keep it free for everyone.",
            True,
        ),
        ("ridge-orchard.txt", "Tip us off: our newsroom reads every message", True),
        ("ridge-orchard.txt", "Listen to this story", True),
        # the story both outlets carry: a syndicated copy shares its body, which stays body
        (
            "ridge-bridge.txt",
            "The department said the work would cost about four million pounds.",
            False,
        ),
        ("harbour-bridge.txt", "Repairs to the north bridge will take until spring", False),
        # a sentence two stories quote is not furniture
        (
            "harbour-orchard.txt",
            "“We have never seen crates stacked this high,” said the association’s chair, who "
            "has farmed in the valley for forty years.",
            False,
        ),
        # a line of one page only
        ("harbour-ferry.txt", "Ferry service to the islands suspended after engine fault", False),
    ],
)
def test_furniture_lines(evidence, page, line, furniture):
    assert (key(line) in evidence[page]) is furniture


def test_one_page_saved_twice_has_no_furniture():
    page = raw("harbour-ferry.txt")
    assert archive_furniture([page, page]) == [(), ()]


def test_an_archive_of_one_outlet_story_has_none():
    assert archive_furniture([raw("harbour-ferry.txt")]) == [()]


def test_the_evidence_does_not_depend_on_the_order_or_on_rebuilds(evidence):
    """Cold = incremental: pages added in any order, in two builds (the second adding only the
    new pages to the first's index), or twice, give every page the same evidence."""
    pages = {path.name: page_lines(path.read_bytes()) for path in FILES}
    for order in itertools.islice(itertools.permutations(sorted(pages)), 0, 720, 97):
        index = FurnitureIndex()
        for name in order[:3]:
            index.add(pages[name])
        first = {name: index.furniture_of(pages[name].digest) for name in order[:3]}
        for name in order[3:] + order[:2]:  # a rebuild: new pages, and two seen again
            index.add(pages[name])
        for name, page in pages.items():
            assert set(index.furniture_of(page.digest)) == evidence[name]
        # before the rest arrived, a page's evidence was what the first pages showed
        assert all(set(lines) <= evidence[name] for name, lines in first.items())


def test_evidence_drops_furniture_and_keeps_the_body(evidence):
    """Cleaned with the archive's evidence, the pages keep every body line and keep fewer
    furniture lines than when each is cleaned alone."""
    kept_alone = kept_together = 0
    for path in FILES:
        data = path.read_bytes()
        alone, _ = extract_article(data, path.name)
        together, _ = extract_article(data, path.name, furniture=evidence[path.name])
        assert set(alone.paragraphs) >= set(together.paragraphs)
        for paragraph in alone.paragraphs:
            if key(paragraph) not in evidence[path.name]:
                assert paragraph in together.paragraphs  # body text never goes
        kept_alone += sum(key(p) in evidence[path.name] for p in alone.paragraphs)
        kept_together += sum(key(p) in evidence[path.name] for p in together.paragraphs)
    assert kept_together < kept_alone


def test_cleaning_with_evidence_is_deterministic(evidence):
    path = FILES[0]
    runs = {
        repr(extract_article(path.read_bytes(), path.name, furniture=evidence[path.name]))
        for _ in range(3)
    }
    assert len(runs) == 1


def test_a_build_uses_the_archive_evidence_and_rebuilds_equal_cold_builds(tmp_path):
    """A real build of the synthetic archive: the furniture the archive shows is out of the
    articles, and a build that adds pages (which changes the evidence of the pages already
    built) equals a cold build of the same pages."""
    raw = tmp_path / "content" / "raw"
    raw.mkdir(parents=True)
    for path in FILES[:2]:  # two harbour stories: their furniture is known already
        shutil.copy(path, raw / path.name)

    def build(out: str, cache: str):
        built = build_site(tmp_path / "content", tmp_path / out, tmp_path / cache)
        assert built.returncode == 0, built.log[-3000:]
        return built

    build("out", "cache")
    for path in FILES[2:]:
        shutil.copy(path, raw / path.name)
    incremental = build("out", "cache")
    cold = build("cold", "cold-cache")
    assert differences(incremental.output, cold.output) == []
    markdown = "\n".join(p.read_text(encoding="utf-8") for p in cold.output.rglob("*.md"))
    assert "Most read this week" not in markdown
    assert "You have read three free articles this month" not in markdown
    assert "The department said the work would cost about four million pounds." in markdown


def test_only_files_whose_evidence_moved_are_read_afresh(tmp_path):
    """Pelican's reader cache misses only for the files whose furniture evidence changed
    since the record beside it was saved; with no record, every file is read afresh."""
    settings = {"PATH": str(tmp_path / "content"), "CACHE_PATH": str(tmp_path / "reads")}
    before = {"raw/a.txt": ("menu",), "raw/b.txt": (), "raw/c.txt": ("footer",)}
    assert len(stale_reads(tmp_path / "reads", settings, before)) == 3
    save_evidence_digests({**settings, FURNITURE_KEY: before})
    after = {"raw/a.txt": ("menu",), "raw/b.txt": ("footer",), "raw/c.txt": ("footer",)}
    after["raw/d.txt"] = ()
    stale = stale_reads(tmp_path / "reads", settings, after)
    content = tmp_path / "content"
    assert stale == {os.path.abspath(content / "raw/b.txt"), os.path.abspath(content / "raw/d.txt")}
