"""The archive-wide stage: annotate every article once, then merge actors, topics, events.

Pelican-independent: it takes plain article records and returns plain results, so it can
be tested and benchmarked without building a site.
"""

from __future__ import annotations

import contextlib
import hashlib
import pickle
import sys
import time
from dataclasses import asdict, astuple, dataclass, field, replace
from pathlib import Path

from . import annotate, estimating, executors
from .derive import actors, chronology, coverage, discovery, estimates, topics
from .records import CleanedArticle
from .site.output import atomic_write_bytes


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
    dask_scheduler: str | None = None  # the per-article map runs there when set
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

    actors: list = field(default_factory=list)
    article_actors: dict[str, list[str]] = field(default_factory=dict)
    topics: list = field(default_factory=list)
    article_topics: dict[str, list[str]] = field(default_factory=dict)
    events: list = field(default_factory=list)
    article_events: dict[str, list[str]] = field(default_factory=dict)
    timeline: dict = field(default_factory=dict)
    uncovered_phrases: list[tuple[str, int]] = field(default_factory=list)
    discovery_note: str = ""  # the discovered topics, for the editor (derive/discovery.py)
    stats: dict = field(default_factory=dict)
    estimates: dict[str, dict] = field(default_factory=dict)  # estimating.estimate_archive
    charts: coverage.ChartData | None = None  # the counts behind the charts


# Modules whose code decides the per-article results: a change to any of them (or to the
# rules files) invalidates the derived cache, never the annotations.
DERIVING_MODULES = (
    "derive/actors.py",
    "derive/spans.py",
    "derive/topics.py",
    "derive/discovery.py",
    "derive/chronology.py",
    "derive/timexes.py",
    "derive/estimates.py",
    "derive/coverage.py",
    "derive/cooccurrence.py",
    "estimating.py",
    "pipeline.py",
)


def derived_fingerprint(rules_files: list[Path | None], taxonomy) -> str:
    """Digest of the code and rules that turn an annotation into per-article results."""
    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in DERIVING_MODULES:
        digest.update((here / name).read_bytes())
    for path in [here / "data" / "actors.toml", here / "data" / "events.toml", *rules_files]:
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
    hit_phrases = {m.slug: sorted({phrase for _s, _e, phrase in m.hits}) for m in matches}
    chronology_input = chronology.ChronologyInput(
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
    events = chronology.extract_events(chronology_input)
    pending = chronology.extract_pending_events(chronology_input)  # for derive/estimates.py
    assigned = {m.slug for m in matches if m.assigned}
    return {
        "mentions": [astuple(m) for m in found.mentions],
        "quotes": [astuple(q) for q in found.quotes],
        "title_mentions": list(found.title_mentions),
        # Topic hits only served the events above; key sentences only show on topic pages.
        "topics": [
            [
                m.slug,
                m.score,
                m.assigned,
                [" ".join(text[s:e].split()) for s, e in m.key_sentences]
                if m.slug in assigned
                else [],
                hit_phrases[m.slug] if m.slug in assigned else [],
            ]
            for m in matches
        ],
        "key_phrases": [seen, covered],
        "evidence": discovery.article_evidence(text, annotation, rules.honorifics),
        "events": [asdict(e) for e in events],
        "pending_events": [asdict(e) for e in pending],
    }


@dataclass(slots=True)
class ArticleResults:
    """One article's derived results, compact: the archive holds one per article at once."""

    mentions: list
    quotes: list
    title_mentions: list[int]
    topics: list[tuple[str, float, bool, tuple[str, ...]]]
    key_phrases: tuple[tuple[str, ...], tuple[str, ...]]
    events: list
    pending_events: list  # an undated article's events awaiting its estimated date
    evidence: tuple = ()  # (term, count, display): discovery.article_evidence


def _interned(value):
    return sys.intern(value) if isinstance(value, str) else value


def compact_results(record: dict) -> ArticleResults:
    """Plain cached data → ArticleResults, with repeated strings (names, kinds, roles,
    phrases) interned so that ten thousand articles share them."""
    return ArticleResults(
        mentions=[actors.Mention(*map(_interned, m)) for m in record["mentions"]],
        quotes=[actors.Quote(*q) for q in record["quotes"]],
        title_mentions=record["title_mentions"],
        topics=[
            (sys.intern(t[0]), t[1], t[2], tuple(t[3]), tuple(map(sys.intern, t[4])))
            for t in record["topics"]
        ],
        key_phrases=(
            tuple(map(sys.intern, record["key_phrases"][0])),
            tuple(map(sys.intern, record["key_phrases"][1])),
        ),
        events=[_event_mention(e) for e in record["events"]],
        pending_events=[_event_mention(e) for e in record.get("pending_events", [])],
        evidence=tuple(
            (sys.intern(term), count, sys.intern(display))
            for term, count, display in record["evidence"]
        ),
    )


def _event_mention(e: dict) -> chronology.EventMention:
    return chronology.EventMention(
        **{
            **e,
            "actors": tuple(e["actors"]),
            "topics": tuple(map(sys.intern, e["topics"])),
            "lemmas": tuple(map(sys.intern, e["lemmas"])),
            "sentence": e["text"] if e["sentence"] == e["text"] else e["sentence"],
        }
    )


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
        # The taxonomy counts by its fingerprint (what matching reads), so editing its
        # [discovery]/[discovered] tables re-runs the merges only (archive_state_key).
        fingerprint = derived_fingerprint([config.actor_rules_path], taxonomy)
        keys = [derived_key(fingerprint, a, t) for a, t in zip(articles, texts, strict=True)]
        state_key = archive_state_key(keys, config)
        saved = load_archive_state(config.cache_path, state_key)
        if saved is not None:  # nothing the merges read has changed since the last build
            saved.stats = {
                "annotation": {**stats, "cached": len(articles)},
                "warnings": warnings,
                "state_key": state_key,
            }
            return saved
        present = store.existing(sorted(set(keys)), table="derived")
        todo = [i for i, key in enumerate(keys) if key not in present]
        results: list[ArticleResults | None] = [None] * len(articles)
        done = [i for i, key in enumerate(keys) if key in present]
        for start in range(0, len(done), 500):  # a chunk at a time: memory stays flat
            part = done[start : start + 500]
            loaded = store.get_many([keys[i] for i in part], table="derived")
            for i in part:
                results[i] = compact_results(loaded[keys[i]])
        started = time.perf_counter()
        worker = executors.Worker(config.model_name, config.batch_size, rules, matcher)
        executor = executors.executor_for(config.dask_scheduler, config.n_process)
        for i, annotation, record, words in executors.derive_many(
            articles, texts, todo, store, worker, executor
        ):
            if annotation is not None:
                store.put(worker.annotation_key(texts[i]), annotation)
                stats["annotated"] += 1
                stats["words"] += words
            store.put(keys[i], record, table="derived")
            results[i] = compact_results(record)
        stats["seconds"] = time.perf_counter() - started
    finally:
        store.close()
    stats["cached"] = len(articles) - stats["annotated"]
    archive.stats["annotation"] = stats

    actor_index = actors.merge_actors(
        [
            actors.ArticleMentions(a.key, r.mentions, r.quotes, r.title_mentions)
            for a, r in zip(articles, results, strict=True)
        ],
        rules,
    )
    archive.uncovered_phrases = topics.rank_uncovered(r.key_phrases for r in results)
    mentions = [
        event
        for a, r in zip(articles, results, strict=True)
        for event in event_mentions(r, actor_index.mentions_in(a.key))
    ]
    # Undated articles: estimated dates (derive/estimates.py) and the events they place.
    with kept_resolutions(config.cache_path):
        dating = estimating.estimate_archive(articles, results, actor_index, mentions)
    archive.estimates = dating.estimates
    warnings += dating.warnings
    events = chronology.merge_events(mentions + dating.mentions)
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
        taxonomy, articles, results, archive.article_actors, archive.events
    )
    warnings += add_discovered_topics(archive, taxonomy, rules, articles, results, config)
    archive.charts = coverage.chart_data(articles, results, actor_index, archive)
    archive.stats["warnings"] = warnings
    archive.stats["state_key"] = state_key  # what the pages are made from (site/unchanged.py)
    save_archive_state(config.cache_path, state_key, archive)
    return archive


@contextlib.contextmanager
def kept_resolutions(cache_path: Path | None):
    """Load the estimator's resolutions of the last build, and store those this one used."""
    from . import code_fingerprint

    key = f"resolutions:{code_fingerprint()}"
    store = annotate.AnnotationCache(cache_path)
    try:
        estimates.RESOLUTIONS.reset(store.get_many([key], table="derived").get(key))
    finally:
        store.close()
    previous = len(estimates.RESOLUTIONS.known)
    try:
        yield
    finally:  # a failed stage leaves nothing behind in this process (autoreload)
        kept, computed = estimates.RESOLUTIONS.kept(), estimates.RESOLUTIONS.computed
        estimates.RESOLUTIONS.reset()
    if cache_path is None or (len(kept) == previous and not computed):
        return
    store = annotate.AnnotationCache(cache_path)
    try:
        store.put(key, kept, table="derived")
    finally:
        store.close()


ARCHIVE_STATE_VERSION = 1


def archive_state_key(derived_keys: list[str], config: ArchiveConfig) -> str:
    """What the archive-wide merges depend on: every article's derived key (rules, slug,
    title, date and text) and the settings the timeline shows."""
    digest = hashlib.sha256(f"archive-state-{ARCHIVE_STATE_VERSION}".encode())
    for part in (
        config.site_name,
        config.site_description,
        config.article_url,
        discovery_state(config),
        *derived_keys,
    ):
        digest.update(b"\0" + (part or "").encode("utf-8"))
    return digest.hexdigest()


def discovery_state(config: ArchiveConfig) -> str:
    """What discovered topics depend on besides the articles: the switches, the taxonomy
    file's [discovery]/[discovered] tables and the remembered topics."""
    if not config.discover_topics:
        return "discovery off"
    rule, controls = discovery.load_discovery(config.topics_path)
    return repr((rule, controls, config.rediscover_topics)) + discovery.memory_fingerprint(
        config.discovered_path
    )


def add_discovered_topics(
    archive: Archive, taxonomy, rules, articles, results, config
) -> list[str]:
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
            evidence=r.evidence,
            actors=archive.article_actors.get(a.key, []),
            covered=bool(archive.article_topics.get(a.key)),
        )
        for a, r in zip(articles, results, strict=True)
    ]
    editor = [t.slug for t in taxonomy.topics]
    remembered = discovery.remembered_topics(memory, controls, config.rediscover_topics)
    found = discovery.discover(inputs, remembered, rule, editor, rules.titles)
    evidence = {a.key: {f for term, _n, shown in a.evidence for f in (term, shown)} for a in inputs}
    views, problems = discovery.apply_controls(found, controls, evidence, editor)
    source = config.topics_path or topics.DEFAULT_TAXONOMY_PATH
    warnings += [f"{source}: {problem}" for problem in problems]
    names = {actor["slug"]: actor["name"] for actor in archive.actors}
    records = discovery.topic_records(views, found.displays, inputs, names)
    found_topics: dict[str, list[str]] = {}
    for record in records:
        for key in record["articles"]:
            found_topics.setdefault(key, []).append(record["slug"])
            archive.article_topics.setdefault(key, []).append(record["slug"])
    events = discovery.tag_events(archive.events, found_topics)
    for record in records:
        record["events"] = events.get(record["slug"], [])
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


def archive_state_path(cache_path: Path | None) -> Path | None:
    return Path(cache_path).with_suffix(".archive-state.pickle") if cache_path else None


def load_archive_state(cache_path: Path | None, key: str) -> Archive | None:
    """The archive the last build merged, when its key matches; None otherwise (or when
    the file is missing or unreadable: the merges then simply run)."""
    path = archive_state_path(cache_path)
    try:
        with open(path, "rb") as handle:
            stored_key, archive = pickle.load(handle)
    except (OSError, TypeError, ValueError, EOFError, pickle.UnpicklingError, AttributeError):
        return None
    return archive if stored_key == key and isinstance(archive, Archive) else None


def save_archive_state(cache_path: Path | None, key: str, archive: Archive) -> None:
    """Keep the merged archive for the next build (written aside, then renamed in place)."""
    path = archive_state_path(cache_path)
    if path is None:
        return
    stats, archive.stats = archive.stats, {}
    try:
        data = pickle.dumps((key, archive), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        archive.stats = stats
    atomic_write_bytes(path, data)


def event_mentions(
    results: ArticleResults, actor_spans: list[tuple[int, int, str]], pending: bool = False
):
    """An article's cached event candidates (or pending ones) with their actors by slug."""
    slug_at = {(start, end): slug for start, end, slug in actor_spans}
    slug_of = [slug_at.get((m.start, m.end)) for m in results.mentions]
    for event in results.pending_events if pending else results.events:
        labels = [slug_of[int(label)] for label in event.actors]
        yield replace(event, actors=tuple(dict.fromkeys(s for s in labels if s)))


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
    for article, result in zip(articles, records, strict=True):
        assigned = sorted((m for m in result.topics if m[2]), key=lambda m: (-m[1], m[0]))
        article_topics[article.key] = [m[0] for m in assigned]
        for slug, score, _assigned, sentences, phrases in assigned:
            per_topic.setdefault(slug, []).append(
                (score, article.key, list(sentences), list(phrases))
            )
    dates = {a.key: a.date_value or "" for a in articles}
    records_out = []
    for topic in taxonomy.topics:
        found = sorted(per_topic.get(topic.slug, []), key=lambda t: (-t[0], dates[t[1]], t[1]))
        actor_counts: dict[str, int] = {}
        for _score, key, _sentences, _phrases in found:
            for slug in article_actors.get(key, []):
                actor_counts[slug] = actor_counts.get(slug, 0) + 1
        top_actors = sorted(actor_counts.items(), key=lambda p: (-p[1], p[0]))[:10]
        records_out.append(
            {
                "slug": topic.slug,
                "name": topic.name,
                "description": topic.description,
                "articles": [key for _score, key, _s, _p in found],
                "matches": {
                    key: {"score": round(score, 3), "sentences": sentences, "phrases": phrases}
                    for score, key, sentences, phrases in found
                },
                "actors": [list(p) for p in top_actors],
                "events": [e["id"] for e in events if topic.slug in e["topics"]],
            }
        )
    return records_out, article_topics
