"""The archive-wide stage: annotate every article once, then merge actors, topics, events.

Pelican-independent: it takes plain article records and returns plain results, so it can
be tested and benchmarked without building a site.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import actors, annotate, chronology, topics
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
    site_name: str = "Explainer archive"
    site_description: str = ""
    article_url: str = "articles/{slug}/"


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
    warnings: list[str] = []
    texts = [annotate.annotation_text(a.text) for a in articles]
    for article, text in zip(articles, texts, strict=True):
        if len(text) < len(article.text):
            warnings.append(
                f"{article.cleaned.source}: only the first {len(text):,} of "
                f"{len(article.text):,} characters were annotated for actors, topics and "
                "the chronology (the page keeps the whole text)"
            )
    cache = annotate.AnnotationCache(config.cache_path)
    try:
        annotations, stats = annotate.annotate_texts(
            texts,
            model_name=config.model_name,
            cache=cache,
            batch_size=config.batch_size,
            n_process=config.n_process,
        )
        matcher = topics.compile_taxonomy(
            topics.load_taxonomy(config.topics_path),
            topics.annotation_lemmatizer(cache=cache, model_name=config.model_name),
        )
    finally:
        cache.close()
    archive.stats["annotation"] = stats
    archive.annotations = {a.key: ann for a, ann in zip(articles, annotations, strict=True)}
    dates = {a.key: a.date_value for a in articles}

    actor_index = find_actors(articles, texts, annotations, config)
    topic_matches = [
        topics.match_article(t, ann, matcher) for t, ann in zip(texts, annotations, strict=True)
    ]
    archive.uncovered_phrases = topics.uncovered_phrases(
        list(zip(texts, annotations, strict=True)), matcher
    )
    events = find_events(articles, texts, annotations, actor_index, topic_matches)

    archive.events = chronology.to_chronology_json(events)
    archive.timeline = chronology.to_timelinejs(
        events,
        headline=config.site_name,
        text=config.site_description,
        url_for=lambda slug: config.article_url.format(slug=slug),
    )
    for event in archive.events:
        for source in event["sources"]:
            archive.article_events.setdefault(source, []).append(event["id"])

    archive.actors = actor_records(actor_index, dates, archive.events)
    archive.article_actors = {a.key: list(actor_index.by_article.get(a.key, [])) for a in articles}
    archive.topics, archive.article_topics = topic_records(
        matcher, articles, texts, topic_matches, archive.article_actors, archive.events
    )
    archive.stats["warnings"] = warnings
    return archive


def find_actors(articles, texts, annotations, config: ArchiveConfig):
    """Per-article actor mentions merged into the archive's actor index."""
    rules = actors.load_actor_rules(config.actor_rules_path)
    found = [
        actors.find_mentions(a.key, text, ann, rules, title=a.title)
        for a, text, ann in zip(articles, texts, annotations, strict=True)
    ]
    return actors.merge_actors(found, rules)


def find_events(articles, texts, annotations, actor_index, topic_matches):
    """Dated events of every article, merged across the archive."""
    mentions = []
    for article, text, ann, matches in zip(
        articles, texts, annotations, topic_matches, strict=True
    ):
        spans = actor_index.mentions_in(article.key)
        mentions += chronology.extract_events(
            chronology.ChronologyInput(
                key=article.key,
                title=article.title,
                date=article.date_value,
                date_basis=article.date_basis,
                text=text,
                annotation=ann,
                actor_spans=spans,
                topic_spans=[(s, e, m.slug) for m in matches for s, e, _ in m.hits],
                title_actors=actor_index.by_article.get(article.key, [])[:3],
                topics=[m.slug for m in matches if m.assigned],
            )
        )
    return chronology.merge_events(mentions)


def actor_records(actor_index, dates: dict[str, str | None], events: list[dict]) -> list[dict]:
    """Actor pages' data, most prominent first: the export's keys plus what pages show."""
    events_of: dict[str, list[str]] = {}
    for event in events:
        for slug in event["actors"]:
            events_of.setdefault(slug, []).append(event["id"])
    records = []
    for actor in actor_index.actors:
        record = actor.to_dict()
        known = sorted(d for d in (dates.get(k) for k in actor.articles) if d)
        record["articles"] = newest_first(actor.articles, dates)
        record["first_date"] = known[0] if known else None
        record["last_date"] = known[-1] if known else None
        record["cooccurring"] = [list(p) for p in actor_index.cooccurrence(actor.slug)[:8]]
        record["events"] = events_of.get(actor.slug, [])
        records.append(record)
    records.sort(key=lambda r: (-r["prominence"], r["name"].lower(), r["slug"]))
    return records


def newest_first(keys, dates: dict[str, str | None]) -> list[str]:
    """Article slugs, newest first, undated last, ties by slug."""
    dated = sorted((k for k in keys if dates.get(k)), key=lambda k: (dates[k], k), reverse=True)
    undated = sorted(k for k in keys if not dates.get(k))
    return dated + undated


def topic_records(matcher, articles, texts, topic_matches, article_actors, events):
    """Topic pages' data (taxonomy order) and each article's topics, most relevant first."""
    per_topic: dict[str, list[tuple[float, str, list[str]]]] = {}
    article_topics: dict[str, list[str]] = {}
    for article, text, matches in zip(articles, texts, topic_matches, strict=True):
        assigned = [m for m in matches if m.assigned]
        assigned.sort(key=lambda m: (-m.score, m.slug))
        article_topics[article.key] = [m.slug for m in assigned]
        for m in assigned:
            sentences = [" ".join(text[s:e].split()) for s, e in m.key_sentences]
            per_topic.setdefault(m.slug, []).append((m.score, article.key, sentences))
    dates = {a.key: a.date_value or "" for a in articles}
    records = []
    for topic in matcher.taxonomy.topics:
        found = sorted(per_topic.get(topic.slug, []), key=lambda t: (-t[0], dates[t[1]], t[1]))
        actor_counts: dict[str, int] = {}
        for _score, key, _sentences in found:
            for slug in article_actors.get(key, []):
                actor_counts[slug] = actor_counts.get(slug, 0) + 1
        records.append(
            {
                "slug": topic.slug,
                "name": topic.name,
                "description": topic.description,
                "articles": [key for _score, key, _s in found],
                "matches": {
                    key: {"score": round(score, 3), "sentences": sentences}
                    for score, key, sentences in found
                },
                "actors": [
                    list(p) for p in sorted(actor_counts.items(), key=lambda p: (-p[1], p[0]))[:10]
                ],
                "events": [e["id"] for e in events if topic.slug in e["topics"]],
            }
        )
    return records, article_topics
