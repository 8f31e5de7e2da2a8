"""The archive stage rebuilt after additions, deletions, duplicates and a removed date
equals the archive merged cold from the same articles (build_archive, no Pelican).

Real inputs: the seeds (content/raw/) and dev pages of one story (tests/corpus/dev/derna-*),
some carried a second time under another name (a duplicate) or without their date (an
undated article, which the estimator dates from the others).  The rebuild keeps its
archive state and the estimator's memo (Resolutions, with its meanings); the cold build
starts from the same annotations with neither.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.archive import build as stage
from pelican.plugins.explainer_archive.text import clean
from pelican.plugins.explainer_archive.text import dates as article_date
from sitebuild import ROOT, SEEDS

DEV = sorted((ROOT / "tests" / "corpus" / "dev").glob("derna-*.txt"))[:3]
PAGES = [*SEEDS, *DEV]


def article(path: Path, key: str | None = None, undated: bool = False) -> stage.ArchiveArticle:
    cleaned = clean.clean_article(path.read_text(encoding="utf-8"), f"raw/{path.name}")
    when = article_date.find_article_date(cleaned)
    key = key or path.stem
    if undated:  # the same page with no date anywhere the reader looks
        return stage.ArchiveArticle(key, cleaned.title, None, "none", "", cleaned)
    return stage.ArchiveArticle(key, cleaned.title, when.value, when.basis, when.note, cleaned)


def dated(paths) -> list[stage.ArchiveArticle]:
    return [article(p) for p in paths]


def undated(path: Path) -> stage.ArchiveArticle:
    return article(path, f"{path.stem}-undated", undated=True)


def duplicate(path: Path) -> stage.ArchiveArticle:
    return article(path, f"{path.stem}-copy")


def every_article() -> list[stage.ArchiveArticle]:
    return [*dated(PAGES), *(undated(p) for p in SEEDS[2:]), duplicate(SEEDS[0])]


# (before, after): what the archive held, and what it holds at the rebuild.
CHANGES = {
    "articles added, undated ones among them": (
        [*dated(PAGES[:-2]), undated(SEEDS[4])],
        [*dated(PAGES), undated(SEEDS[3]), undated(SEEDS[4])],
    ),
    "articles deleted, a duplicate and an undated one among them": (
        every_article(),
        [*dated(PAGES[1:]), undated(SEEDS[3])],
    ),
    "a duplicate added": (
        dated(PAGES),
        [*dated(PAGES), duplicate(SEEDS[4])],
    ),
    "an article's date removed, another's given back": (
        [*dated(PAGES), undated(SEEDS[2])],
        [*dated(p for p in PAGES if p != SEEDS[4]), article(SEEDS[4], undated=True)],
    ),
}


@pytest.fixture(scope="module")
def annotations(tmp_path_factory) -> Path:
    """One annotation cache holding every text the cases use (spaCy runs once)."""
    cache = tmp_path_factory.mktemp("annotations") / "cache.sqlite"
    stage.build_archive(
        sorted(every_article(), key=lambda a: a.key), stage.ArchiveConfig(cache_path=cache)
    )
    return cache


def config(folder: Path, annotations: Path, memo: bool) -> stage.ArchiveConfig:
    """A cache with the annotations and derived records only: no archive state, and the
    estimator's memo only when `memo`."""
    folder.mkdir()
    cache = folder / "cache.sqlite"
    shutil.copy(annotations, cache)
    if not memo:
        with sqlite3.connect(cache) as db:
            db.execute("DELETE FROM derived WHERE key LIKE 'resolutions:%'")
    return stage.ArchiveConfig(cache_path=cache)


def merged(articles, settings: stage.ArchiveConfig) -> stage.Archive:
    archive = stage.build_archive(sorted(articles, key=lambda a: a.key), settings)
    archive.stats = {}
    return archive


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_rebuild_equals_the_cold_merge(change, annotations, tmp_path):
    before, after = CHANGES[change]
    rebuilt = config(tmp_path / "rebuilt", annotations, memo=False)
    first = merged(before, rebuilt)
    again = merged(after, rebuilt)
    cold = merged(after, config(tmp_path / "cold", annotations, memo=False))
    assert again == cold
    assert first != cold  # the change changed the archive


def test_the_undated_articles_are_estimated(annotations, tmp_path):
    """The cases exercise the estimator: undated seeds and undated copies of dated ones get
    an estimate."""
    archive = merged(every_article(), config(tmp_path / "cold", annotations, memo=True))
    assert any(key.endswith("-undated") for key in archive.estimates)
    assert any(not key.endswith("-undated") for key in archive.estimates)
