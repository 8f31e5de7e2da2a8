"""The archive-wide stage: annotate every article once, then merge actors, topics, events.

Pelican-independent: it takes plain article records and returns plain results, so it can
be tested and benchmarked without building a site.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
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


# Modules whose code decides the per-article results: a change to any of them (or to the
# rules files) invalidates the derived cache, never the annotations.
DERIVING_MODULES = ("actors.py", "topics.py", "chronology.py", "timexes.py", "pipeline.py")


def derived_fingerprint(rules_files: list[Path | None], taxonomy) -> str:
    """Digest of the code and rules that turn an annotation into per-article results."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in DERIVING_MODULES:
        digest.update((here / name).read_bytes())
    for path in [here / "data" / "actors.toml", *rules_files]:
        if path:
            digest.update(Path(path).read_bytes())
    digest.update(topics.taxonomy_fingerprint(taxonomy).encode())
    return digest.hexdigest()


def derived_key(fingerprint: str, article: ArchiveArticle, text: str) -> str:
    """Cache key of one article's derived results: rules, text, title, date and slug."""
    parts = [fingerprint, article.key, article.title, article.date_value or "", text]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def derive_article(article: ArchiveArticle, text: str, annotation: dict, rules, matcher) -> dict:
    """Everything the archive needs from one article's annotation, as plain data.

    Actors are not known archive-wide yet, so events name them by the index of their
    mention in this article; build_archive maps those to actor slugs after the merge.
    """
    found = actors.find_mentions(article.key, text, annotation, rules, title=article.title)
    matches = topics.match_article(text, annotation, matcher)
    seen, covered = topics.article_key_phrases(text, annotation, matcher)
    events = chronology.extract_events(
        chronology.ChronologyInput(
            key=article.key,
            title=article.title,
            date=article.date_value,
            date_basis=article.date_basis,
            text=text,
            annotation=annotation,
            actor_spans=[(m.start, m.end, str(i)) for i, m in enumerate(found.mentions)],
            topic_spans=[(s, e, m.slug) for m in matches for s, e, _ in m.hits],
            title_actors=[str(i) for i in found.title_mentions],
            topics=[m.slug for m in matches if m.assigned],
        )
    )
    return {
        "mentions": [asdict(m) for m in found.mentions],
        "quotes": [asdict(q) for q in found.quotes],
        "title_mentions": list(found.title_mentions),
        "topics": [m.to_dict() for m in matches],
        "key_phrases": [seen, covered],
        "events": [asdict(e) for e in events],
        "sentences": [
            [s, e, " ".join(text[s:e].split())] for m in matches for s, e in m.key_sentences
        ],
    }


def build_archive(articles: list[ArchiveArticle], config: ArchiveConfig) -> Archive:
    """Annotate (cached) and merge the whole archive; deterministic for the same input.

    Per-article work (spaCy, mentions, topic matches, event candidates) is cached by
    content; only the archive-wide merges run on every build.
    """
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
    rules = actors.load_actor_rules(config.actor_rules_path)
    taxonomy = topics.load_taxonomy(config.topics_path)
    stats: dict = {"cached": 0, "annotated": 0, "words": 0, "seconds": 0.0}
    store = annotate.AnnotationCache(config.cache_path)
    try:
        matcher = topics.compile_taxonomy(
            taxonomy, topics.annotation_lemmatizer(cache=store, model_name=config.model_name)
        )
        fingerprint = derived_fingerprint([config.actor_rules_path, config.topics_path], taxonomy)
        keys = [derived_key(fingerprint, a, t) for a, t in zip(articles, texts, strict=True)]
        derived = store.get_many(sorted(set(keys)), table="derived")
        todo = [i for i, key in enumerate(keys) if key not in derived]
        stats["cached"] = len(articles) - len(todo)
        fresh = annotate.iter_annotations(
            [texts[i] for i in todo],
            model_name=config.model_name,
            cache=store,
            batch_size=config.batch_size,
            n_process=config.n_process,
            stats=stats,
        )
        for i, annotation in zip(todo, fresh, strict=True):
            record = derive_article(articles[i], texts[i], annotation, rules, matcher)
            store.put(keys[i], record, table="derived")
            derived[keys[i]] = record
    finally:
        store.close()
    # Articles whose derived results were cached but not their annotation count as cached.
    stats["annotated"] = min(stats["annotated"], len(todo))
    stats["cached"] = len(articles) - stats["annotated"]
    archive.stats["annotation"] = stats
    records = [derived[k] for k in keys]

    actor_index = actors.merge_actors(
        [
            actors.ArticleMentions(
                key=a.key,
                mentions=[actors.Mention(**m) for m in r["mentions"]],
                quotes=[actors.Quote(**q) for q in r["quotes"]],
                title_mentions=list(r["title_mentions"]),
            )
            for a, r in zip(articles, records, strict=True)
        ],
        rules,
    )
    archive.uncovered_phrases = topics.rank_uncovered(r["key_phrases"] for r in records)
    events = chronology.merge_events(
        [
            event
            for a, r in zip(articles, records, strict=True)
            for event in event_mentions(r, actor_index.mentions_in(a.key))
        ]
    )
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

    dates = {a.key: a.date_value for a in articles}
    archive.actors = actor_records(actor_index, dates, archive.events)
    archive.article_actors = {a.key: list(actor_index.by_article.get(a.key, [])) for a in articles}
    archive.topics, archive.article_topics = topic_records(
        taxonomy, articles, records, archive.article_actors, archive.events
    )
    archive.stats["warnings"] = warnings
    return archive


def event_mentions(record: dict, actor_spans: list[tuple[int, int, str]]):
    """An article's cached event candidates with their actors named by slug."""
    slug_at = {(start, end): slug for start, end, slug in actor_spans}
    slug_of = [slug_at.get((m["start"], m["end"])) for m in record["mentions"]]
    for data in record["events"]:
        labels = [slug_of[int(label)] for label in data["actors"]]
        yield chronology.EventMention(
            **{
                **data,
                "actors": tuple(dict.fromkeys(s for s in labels if s)),
                "topics": tuple(data["topics"]),
                "lemmas": tuple(data["lemmas"]),
            }
        )


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


def topic_records(taxonomy, articles, records, article_actors, events):
    """Topic pages' data (taxonomy order) and each article's topics, most relevant first."""
    per_topic: dict[str, list[tuple[float, str, list[str]]]] = {}
    article_topics: dict[str, list[str]] = {}
    for article, record in zip(articles, records, strict=True):
        sentence_text = {(s, e): text for s, e, text in record["sentences"]}
        assigned = [m for m in record["topics"] if m["assigned"]]
        assigned.sort(key=lambda m: (-m["score"], m["slug"]))
        article_topics[article.key] = [m["slug"] for m in assigned]
        for m in assigned:
            sentences = [sentence_text[(s, e)] for s, e in m["key_sentences"]]
            per_topic.setdefault(m["slug"], []).append((m["score"], article.key, sentences))
    dates = {a.key: a.date_value or "" for a in articles}
    records_out = []
    for topic in taxonomy.topics:
        found = sorted(per_topic.get(topic.slug, []), key=lambda t: (-t[0], dates[t[1]], t[1]))
        actor_counts: dict[str, int] = {}
        for _score, key, _sentences in found:
            for slug in article_actors.get(key, []):
                actor_counts[slug] = actor_counts.get(slug, 0) + 1
        top_actors = sorted(actor_counts.items(), key=lambda p: (-p[1], p[0]))[:10]
        records_out.append(
            {
                "slug": topic.slug,
                "name": topic.name,
                "description": topic.description,
                "articles": [key for _score, key, _s in found],
                "matches": {
                    key: {"score": round(score, 3), "sentences": sentences}
                    for score, key, sentences in found
                },
                "actors": [list(p) for p in top_actors],
                "events": [e["id"] for e in events if topic.slug in e["topics"]],
            }
        )
    return records_out, article_topics
