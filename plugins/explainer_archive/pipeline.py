"""The archive-wide stage: annotate every article once, then merge actors, topics, events.

Pelican-independent: it takes plain article records and returns plain results, so it can
be tested and benchmarked without building a site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import annotate
from .records import CleanedArticle


@dataclass
class ArchiveArticle:
    """One published article as the archive-wide stage sees it."""

    key: str  # the article's slug
    title: str
    date_value: str | None
    date_basis: str
    date_note: str
    cleaned: CleanedArticle

    @property
    def text(self) -> str:
        return self.cleaned.body_text


@dataclass
class ArchiveConfig:
    """What the archive stage needs from the settings."""

    model_name: str | None = None
    batch_size: int = 32
    n_process: int = 1
    cache_path: Path | None = None
    actor_rules_path: Path | None = None
    topics_path: Path | None = None


@dataclass
class Archive:
    """Everything the archive-wide stage found, keyed by article slug where per article."""

    annotations: dict[str, dict] = field(default_factory=dict)
    actors: list = field(default_factory=list)
    article_actors: dict[str, list[str]] = field(default_factory=dict)
    topics: list = field(default_factory=list)
    article_topics: dict[str, list[str]] = field(default_factory=dict)
    events: list = field(default_factory=list)
    article_events: dict[str, list[str]] = field(default_factory=dict)
    timeline: dict = field(default_factory=dict)
    uncovered_phrases: list[tuple[str, int]] = field(default_factory=list)
    stats: dict = field(default_factory=dict)


def build_archive(articles: list[ArchiveArticle], config: ArchiveConfig) -> Archive:
    """Annotate (cached) and merge the whole archive; deterministic for the same input."""
    archive = Archive()
    cache = annotate.AnnotationCache(config.cache_path)
    try:
        annotations, stats = annotate.annotate_texts(
            [a.text for a in articles],
            model_name=config.model_name,
            cache=cache,
            batch_size=config.batch_size,
            n_process=config.n_process,
        )
    finally:
        cache.close()
    archive.stats["annotation"] = stats
    archive.annotations = {a.key: ann for a, ann in zip(articles, annotations, strict=True)}
    return archive
