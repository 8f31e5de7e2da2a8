"""The archive-wide stage without Pelican: cached per-article work, rule changes, order.
Where annotating cold is not the point, the cache starts from a copy of the seeds' spaCy
annotations (tests/support/annotations.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from pelican.plugins.explainer_archive.archive import build as archive_stage
from pelican.plugins.explainer_archive.archive import executors
from pelican.plugins.explainer_archive.text import clean
from pelican.plugins.explainer_archive.text import dates as article_date
from sitebuild import SEEDS


def seed_articles():
    articles = []
    for path in SEEDS:
        cleaned = clean.clean_article(path.read_bytes(), f"raw/{path.name}")
        when = article_date.find_article_date(cleaned)
        articles.append(
            archive_stage.ArchiveArticle(
                path.stem, cleaned.title, when.value, when.basis, when.note, cleaned
            )
        )
    return articles


def annotated_cache(path: Path, seed_annotations: Path) -> Path:
    """A new cache file at `path` holding the seeds' annotations alone."""
    shutil.copy(seed_annotations, path)
    return path


def test_rebuild_reuses_every_per_article_result(tmp_path):
    config = archive_stage.ArchiveConfig(cache_path=tmp_path / "cache.sqlite")
    first = archive_stage.build_archive(seed_articles(), config)
    second = archive_stage.build_archive(seed_articles(), config)
    assert first.stats["annotation"]["annotated"] == 5
    assert second.stats["annotation"]["annotated"] == 0
    assert second.stats["annotation"]["cached"] == 5
    assert (first.actors, first.topics, first.events) == (
        second.actors,
        second.topics,
        second.events,
    )


def test_a_new_taxonomy_rematches_without_reannotating(tmp_path, seed_annotations):
    cache = annotated_cache(tmp_path / "cache.sqlite", seed_annotations)
    config = archive_stage.ArchiveConfig(cache_path=cache)
    archive_stage.build_archive(seed_articles(), config)
    taxonomy = tmp_path / "topics.toml"
    taxonomy.write_text(
        '[[topics]]\nname = "Diplomacy"\ndescription = "Talks and visits."\n'
        'phrases = ["secretary of state", "visit", "trip", "meet", "talk"]\n',
        encoding="utf-8",
    )
    config.topics_path = taxonomy
    changed = archive_stage.build_archive(seed_articles(), config)
    assert changed.stats["annotation"]["annotated"] == 0
    assert [t["slug"] for t in changed.topics] == ["diplomacy"]
    assert len(changed.topics[0]["matches"]) >= 4


def test_order_of_input_does_not_change_the_merge(tmp_path, seed_annotations):
    cache = annotated_cache(tmp_path / "cache.sqlite", seed_annotations)
    config = archive_stage.ArchiveConfig(cache_path=cache)
    articles = seed_articles()
    forward = archive_stage.build_archive(articles, config)
    backward = archive_stage.build_archive(list(reversed(articles)), config)
    assert forward.events == backward.events
    assert sorted(a["slug"] for a in forward.actors) == sorted(a["slug"] for a in backward.actors)
    assert forward.article_topics == backward.article_topics


def test_overlong_body_is_annotated_in_part_with_a_warning(tmp_path):
    article = seed_articles()[0]
    article.cleaned.paragraphs = article.cleaned.paragraphs * 600
    archive = archive_stage.build_archive([article], archive_stage.ArchiveConfig())
    assert any("were annotated" in w for w in archive.stats["warnings"])


def test_process_pool_gives_the_same_archive_as_one_process(
    tmp_path, monkeypatch, seed_annotations
):
    # One process: from the seeds' annotations (made by one process); the pool annotates.
    one = annotated_cache(tmp_path / "one.sqlite", seed_annotations)
    serial = archive_stage.build_archive(
        seed_articles(), archive_stage.ArchiveConfig(cache_path=one)
    )
    monkeypatch.setattr(executors, "MIN_FOR_POOL", 1)
    monkeypatch.setattr(executors, "TASK_SIZE", 2)
    pooled = archive_stage.build_archive(
        seed_articles(),
        archive_stage.ArchiveConfig(cache_path=tmp_path / "pool.sqlite", n_process=2),
    )
    assert pooled.stats["annotation"]["annotated"] == 5
    assert (pooled.actors, pooled.topics, pooled.events) == (
        serial.actors,
        serial.topics,
        serial.events,
    )
