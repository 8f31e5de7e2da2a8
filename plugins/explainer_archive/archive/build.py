"""The archive-wide stage: derive every article once (cached), then merge actors, topics,
events and estimated dates across the archive, and discover topics for the articles no
editor topic covers.

Pelican-independent: it takes plain ArchiveArticles and returns a plain Archive, so it can be
tested and benchmarked without building a site.  Page data is shaped in site/page_data.py.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .. import annotate
from ..collector import collector_paused
from ..derive import actors, chronology, coverage, discovery, quotes, topics
from ..derive.article import ArchiveArticle, DerivedArticle, event_mentions
from ..files import atomic_write_bytes
from . import dating, executors, reductions, state

__all__ = ["Archive", "ArchiveArticle", "ArchiveConfig", "build_archive"]

# Derived results loaded from the cache at a time: memory stays flat in a large archive.
LOAD_CHUNK = 500


@dataclass
class ArchiveConfig:
    """What the archive stage needs from the settings."""

    model_name: str | None = None
    batch_size: int = 32
    n_process: int = 1
    dask_scheduler: str | None = None  # the per-article map runs there when set
    dask_connect_timeout: float = 10  # seconds the scheduler has to answer
    cache_path: Path | None = None
    actor_rules_path: Path | None = None
    topics_path: Path | None = None
    site_name: str = "Explainer archive"
    site_description: str = ""
    article_url: str = "articles/{slug}/"
    discover_topics: bool = True  # derive/discovery.py for the articles no topic covers
    discovered_path: Path | None = None  # where discovered topics are remembered
    rediscover_topics: bool = False  # forget them (but the accepted ones) and start afresh


@dataclass
class Archive:
    """Everything the archive-wide stage found, keyed by article slug where per article."""

    actors: list = field(default_factory=list)  # merged actors (merged_actors)
    article_actors: dict[str, list[str]] = field(default_factory=dict)
    # Taxonomy topics and matches (merged_topics), then discovered ones (add_discovered_topics).
    topics: list = field(default_factory=list)
    article_topics: dict[str, list[str]] = field(default_factory=dict)
    events: list = field(default_factory=list)
    article_events: dict[str, list[str]] = field(default_factory=dict)
    timeline: dict = field(default_factory=dict)
    uncovered_phrases: list[tuple[str, int]] = field(default_factory=list)
    discovery_note: str = ""  # the discovered topics, for the editor (derive/discovery.py)
    stats: dict = field(default_factory=dict)
    estimates: dict[str, dict] = field(default_factory=dict)  # dating.estimate_archive
    estimate_sources: dict[str, list[str]] = field(default_factory=dict)  # articles relied on
    charts: coverage.ChartData | None = None  # the counts behind the charts
    quotes: list = field(default_factory=list)  # data/quotes.json (derive/quotes.py)
    # The estimator's and discovery's warnings, kept with the state so that a build which
    # loads it reports them as the build which merged it did.
    merge_warnings: list[str] = field(default_factory=list)


@dataclass
class Rules:
    """The rules of one build: actor rules, the taxonomy and its compiled matcher."""

    actors: actors.ActorRules
    taxonomy: object
    matcher: object
    fingerprint: str  # of the code and rules that derive an article's results


def build_archive(articles: list[ArchiveArticle], config: ArchiveConfig) -> Archive:
    """Derive (cached) and merge the whole archive; deterministic for the same input.

    Per-article work (spaCy, mentions, topic matches, event candidates) is cached by
    content; the archive-wide merges run again only when one of their inputs changed.
    Loading, reading and merging run with the garbage collector paused (collector.py).
    """
    texts = [a.annotated_text for a in articles]
    warnings = truncation_warnings(articles, texts)
    store = annotate.AnnotationCache(config.cache_path)
    try:
        rules = load_rules(config, store)
        pairs = zip(articles, texts, strict=True)
        keys = [state.derived_key(rules.fingerprint, a, t) for a, t in pairs]
        state_key = archive_state_key(keys, config)
        with collector_paused(), state.ArchiveState(config.cache_path) as kept:
            saved = kept.load(state_key, Archive)
        if saved is not None:  # nothing the merges read has changed since the last build
            saved.stats = build_stats(
                state_key, warnings + saved.merge_warnings, cached=len(articles)
            )
            return saved
        derived, annotation_stats = derive_all(articles, texts, keys, rules, config, store)
        resolutions = state.load_resolutions(store)
    finally:
        store.close()
    with collector_paused():
        seeded = len(resolutions.known)
        settles = memory_settles(config)
        merged = merge_archive(articles, derived, rules, config, resolutions)
        if settles:  # kept under the key the next build computes (memory_settles)
            state_key = archive_state_key(keys, config)
        del derived  # merged: every article's records go before the rows are made (memory)
        state.save_resolutions(config.cache_path, resolutions, seeded)
        # Saved and read back a table at a time, the merged archive emptied as it goes
        # (memory); what the next build would load: a merged and a loaded archive are
        # equal to the type.
        tables = state.consumed_table_rows(merged, [a.key for a in articles], keys)
        with state.ArchiveState(config.cache_path) as kept:
            records = kept.save(state_key, tables)
        del merged, tables
        archive = state.archive_from_records(records, Archive)
    archive.stats = build_stats(state_key, warnings + archive.merge_warnings, **annotation_stats)
    return archive


def truncation_warnings(articles: list[ArchiveArticle], texts: list[str]) -> list[str]:
    """One warning per article whose body was too long to annotate whole."""
    return [
        f"{article.cleaned.source}: only the first {len(text):,} of "
        f"{len(article.text):,} characters were annotated for actors, topics and "
        "the chronology (the page keeps the whole text)"
        for article, text in zip(articles, texts, strict=True)
        if len(text) < len(article.text)
    ]


def load_rules(config: ArchiveConfig, store: annotate.AnnotationCache) -> Rules:
    actor_rules = actors.load_actor_rules(config.actor_rules_path)
    taxonomy = topics.load_taxonomy(config.topics_path)
    lemmatizer = topics.annotation_lemmatizer(cache=store, model_name=config.model_name)
    return Rules(
        actors=actor_rules,
        taxonomy=taxonomy,
        matcher=topics.compile_taxonomy(taxonomy, lemmatizer),
        # The taxonomy counts by its fingerprint (what matching reads), so editing its
        # [discovery]/[discovered] tables re-runs the merges only (discovery_state).
        fingerprint=state.derived_fingerprint([config.actor_rules_path], taxonomy),
    )


def archive_state_key(keys: list[str], config: ArchiveConfig) -> str:
    """What the merged archive depends on: every article's derived key, the settings the
    timeline shows and discovery's state (its remembered topics among them)."""
    return state.archive_state_key(keys, (*timeline_settings(config), discovery_state(config)))


def memory_settles(config: ArchiveConfig) -> bool:
    """Whether the archive this build merges is also what a build from the remembered topics
    it leaves would merge: discovery writes the topics it found, and a build given them
    places the same articles on the same topics and finds none new (derive/discovery.py,
    `discover`). The merged archive is then kept under the key the next build computes, so
    that the first rebuild after topics were found (a cold build's, say) loads it instead of
    merging the whole archive again; its log still names them as new, as a loaded archive
    reports what the build that merged it did. Not when the remembered file cannot be read
    (this build's warning about it would not be the next build's), nor when the editor asks
    to rediscover (a build then starts from the accepted topics only)."""
    if not config.discover_topics or config.rediscover_topics:
        return False
    _memory, problem = discovery.load_memory(config.discovered_path)
    return problem is None


def timeline_settings(config: ArchiveConfig) -> tuple[str, ...]:
    """The settings the merged archive shows (the timeline's headline, text and links)."""
    return (config.site_name or "", config.site_description or "", config.article_url or "")


def discovery_state(config: ArchiveConfig) -> str:
    """What discovered topics depend on besides the articles: the switches, the taxonomy
    file's [discovery]/[discovered] tables and the remembered topics."""
    if not config.discover_topics:
        return "discovery off"
    rule, controls = discovery.load_discovery(config.topics_path)
    return repr((rule, controls, config.rediscover_topics)) + discovery.memory_fingerprint(
        config.discovered_path
    )


def build_stats(state_key: str, warnings: list[str], **annotation) -> dict:
    counts = {"cached": 0, "annotated": 0, "words": 0, "seconds": 0.0, **annotation}
    # state_key: what the pages are made from (site/unchanged.py).
    return {"annotation": counts, "warnings": warnings, "state_key": state_key}


def derive_all(articles, texts, keys, rules: Rules, config: ArchiveConfig, store):
    """Every article's DerivedArticle, and the annotation counts: what is new is derived
    first (annotating what needs it) and written to the cache, then every record is read
    from the cache.  Memory: while spaCy's workers run, this process holds no article's
    results, and the records are decoded a chunk at a time once they are gone."""
    stats = derive_new(articles, texts, keys, rules, config, store)
    # Paused after derive_new: spaCy's model loader (srsly) turns the collector back on.
    with collector_paused():
        derived: list[DerivedArticle] = []
        for start in range(0, len(keys), LOAD_CHUNK):
            part = keys[start : start + LOAD_CHUNK]
            loaded = store.get_many(part, table="derived")
            derived += [DerivedArticle.from_plain(loaded[key]) for key in part]
    return derived, stats


def derive_new(articles, texts, keys, rules: Rules, config: ArchiveConfig, store) -> dict:
    """Derive the articles whose records the cache lacks (annotating the texts it lacks)
    on the configured executor, writing each result to the cache as it comes and keeping
    none; the annotation counts."""
    present = store.existing(sorted(set(keys)), table="derived")
    todo = [i for i, key in enumerate(keys) if key not in present]
    started = time.perf_counter()
    worker = executors.Worker(config.model_name, config.batch_size, rules.actors, rules.matcher)
    executor = executors.executor_for(
        config.dask_scheduler, config.n_process, config.dask_connect_timeout
    )
    annotated = words = 0
    for i, annotation, plain, count in executors.derive_many(
        articles, texts, todo, store, worker, executor
    ):
        if annotation is not None:
            store.put(worker.annotation_key(texts[i]), annotation)
            annotated += 1
            words += count
        store.put(keys[i], plain, table="derived")
    return {
        "annotated": annotated,
        "cached": len(articles) - annotated,
        "words": words,
        "seconds": time.perf_counter() - started,
    }


def merge_archive(articles, derived, rules: Rules, config, resolutions) -> Archive:
    """The archive-wide merges: actors, key phrases, estimated dates, events, topics (the
    taxonomy's, then discovered ones), charts; the estimator's and discovery's warnings in
    `merge_warnings`."""
    with reductions.folds_for(
        config.dask_scheduler, config.model_name, config.dask_connect_timeout
    ) as folds:
        return merge_with(folds, articles, derived, rules, config, resolutions)


def merge_with(folds, articles, derived, rules: Rules, config, resolutions) -> Archive:
    """merge_archive, the per-key folds (archive/reductions.py) run by `folds`."""
    archive = Archive()
    assigned = [assigned_topics(d) for d in derived]
    # On a cluster these run while the actors, dates and events are merged here.
    running = folds.start(
        {
            "phrases": (reductions.phrase_tallies, [d.key_phrases for d in derived]),
            "topics": (reductions.topic_matches, topic_records(articles, assigned)),
        }
    )
    actor_index = actors.merge_actors(
        [
            actors.ArticleMentions(a.key, d.mentions, d.quotes, d.title_mentions)
            for a, d in zip(articles, derived, strict=True)
        ],
        rules.actors,
    )
    mentions = [
        event
        for a, d in zip(articles, derived, strict=True)
        for event in event_mentions(d, actor_index.mentions_in(a.key))
    ]
    # Undated articles: estimated dates (derive/estimates.py) and the events they place.
    dated = dating.estimate_archive(articles, derived, actor_index, mentions, resolutions)
    archive.estimates = dated.estimates
    archive.estimate_sources = dated.sources
    archive.merge_warnings += dated.warnings
    add_events(archive, merged_events(folds, mentions + dated.mentions), config)
    archive.quotes = quotes.quote_records(articles, derived, actor_index, archive.events)
    archive.actors = merged_actors(actor_index, quotes.by_speaker(archive.quotes))
    archive.article_actors = {a.key: list(actor_index.by_article.get(a.key, [])) for a in articles}
    folded = running.result()
    archive.uncovered_phrases = topics.ranked_phrases(folded["phrases"])
    archive.topics = merged_topics(rules.taxonomy, folded["topics"])
    archive.article_topics = {
        a.key: [m[0] for m in matches] for a, matches in zip(articles, assigned, strict=True)
    }
    archive.merge_warnings += add_discovered_topics(archive, rules, articles, derived, config)
    archive.charts = coverage.chart_data(articles, derived, actor_index, archive)
    return archive


def add_events(archive: Archive, events: list, config: ArchiveConfig) -> None:
    """The merged events as the chronology's JSON, the timeline, and each article's events."""
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


def merged_actors(actor_index, said: dict[str, list[dict]]) -> list[dict]:
    """Each merged actor as plain data, with the actors it appears beside most and its
    quotes newest first (`said`: quotes.by_speaker)."""
    return [
        {
            **actor.to_dict(),
            "cooccurring": [list(p) for p in actor_index.cooccurrence(actor.slug)[:8]],
            "quotes": said.get(actor.slug, []),
        }
        for actor in actor_index.actors
    ]


def merged_events(folds, mentions: list) -> list:
    """chronology.merge_events, each date's mentions merged by the date_events fold."""
    per_date = folds.run({"events": (reductions.date_events, list(enumerate(mentions)))})
    blocks = per_date["events"]
    return chronology.ordered_events(
        blocks[key] for key in sorted(blocks, key=chronology.block_order)
    )


def assigned_topics(result: DerivedArticle) -> list:
    """An article's assigned topic matches, most relevant first."""
    return sorted((m for m in result.topics if m[2]), key=lambda m: (-m[1], m[0]))


def topic_records(articles, assigned: list[list]) -> list[tuple]:
    """The topic_matches fold's records: (place, article key, date or "", assigned matches)."""
    return [
        (index, article.key, article.date_value or "", matches)
        for index, (article, matches) in enumerate(zip(articles, assigned, strict=True))
        if matches
    ]


def merged_topics(taxonomy, matches: dict[str, list[list]]) -> list[dict]:
    """Each taxonomy topic (in taxonomy order) with its articles' matches as [score, slug,
    key sentences, matched phrases], best first (the topic_matches fold)."""
    return [
        {
            "slug": topic.slug,
            "name": topic.name,
            "description": topic.description,
            "matches": matches.get(topic.slug, []),
        }
        for topic in taxonomy.topics
    ]


def add_discovered_topics(archive: Archive, rules: Rules, articles, derived, config) -> list[str]:
    """Discovered topics (derive/discovery.py) for the articles no editor topic covers:
    their records after the editor's, each article's after its editor topics, events
    tagged; the topics are remembered for the next build.  Returns the warnings."""
    if not config.discover_topics:
        return []
    rule, controls = discovery.load_discovery(config.topics_path)
    memory, problem = discovery.load_memory(config.discovered_path)
    warnings = [f"{problem}; discovering afresh"] if problem else []
    inputs = [
        discovery.ArticleInput(
            key=a.key,
            month=coverage.month_of(a.date_value),
            evidence=d.evidence,
            actors=archive.article_actors.get(a.key, []),
            covered=bool(archive.article_topics.get(a.key)),
        )
        for a, d in zip(articles, derived, strict=True)
    ]
    editor = [t.slug for t in rules.taxonomy.topics]
    remembered = discovery.remembered_topics(memory, controls, config.rediscover_topics)
    found = discovery.discover(inputs, remembered, rule, editor, rules.actors.titles)
    evidence = {a.key: {f for term, _n, shown in a.evidence for f in (term, shown)} for a in inputs}
    views, problems = discovery.apply_controls(found, controls, evidence, editor)
    source = config.topics_path or topics.DEFAULT_TAXONOMY_PATH
    warnings += [f"{source}: {problem}" for problem in problems]
    names = {actor["slug"]: actor["name"] for actor in archive.actors}
    records = discovery.topic_records(views, found.displays, inputs, names)
    found_topics: dict[str, list[str]] = {}
    for record in records:
        for _fit, key, _sentences, _phrases in record["matches"]:
            found_topics.setdefault(key, []).append(record["slug"])
            archive.article_topics.setdefault(key, []).append(record["slug"])
    discovery.tag_events(archive.events, found_topics)
    archive.topics += records
    archive.discovery_note = discovery.discovery_note(views, found.displays, found.new)
    remember(config.discovered_path, found.topics)
    return warnings


def remember(path: Path | None, found: list) -> None:
    """Keep the discovered topics for the next build, when the file would change (a build
    that discovers nothing writes no file)."""
    if path is None or (not found and not Path(path).exists()):
        return
    data = discovery.memory_text(found).encode("utf-8")
    if not Path(path).exists() or Path(path).read_bytes() != data:
        atomic_write_bytes(Path(path), data)
