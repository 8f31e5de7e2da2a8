"""The archive stage's dating step: gather each article's date evidence, estimate the dates
of undated articles (derive/estimates.py), and date the events those articles report.

Called once from build.build_archive, after the actors are merged and before the events
are: estimated articles' events join the chronology, marked "estimated".
"""

from __future__ import annotations

import bisect
import datetime
import itertools
from dataclasses import dataclass, field, replace

from ..derive import estimates, series
from ..derive.article import event_mentions
from ..text.dates import parse_date


@dataclass
class Dating:
    """What the dating step found: estimates by slug, events of estimated articles."""

    estimates: dict[str, dict] = field(default_factory=dict)  # slug → {"range", "note", …}
    sources: dict[str, list[str]] = field(default_factory=dict)  # slug → articles relied on
    mentions: list = field(default_factory=list)  # EventMentions of estimated articles
    warnings: list[str] = field(default_factory=list)  # "<source>: <message>"


def stated_day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value and len(value) == 10 else None


def estimate_archive(articles, derived, actor_index, mentions, resolutions) -> Dating:
    """Estimate every undated article's date from the archive; `mentions` are the events of
    all articles (actors by slug), as the chronology merges them; `resolutions` is the
    build's memo of the estimator (derive/estimates.Resolutions)."""
    kinds = {a.slug: a.kind for a in actor_index.actors}
    by_article: dict[str, list] = {}
    for m in mentions:
        by_article.setdefault(m.article, []).append(m)
    evidence, pending_of = [], {}
    for article, result in zip(articles, derived, strict=True):
        spans = actor_index.mentions_in(article.key)
        pending = []
        if stated_day(article.date_value) is None:
            pending = list(event_mentions(result, spans, pending=True))
            pending_of[article.key] = pending
        steps = steps_with_actors(result.series, spans, kinds)
        evidence.append(article_evidence(article, by_article.get(article.key, []), pending, steps))
    happenings = [h for a in articles for h in dated_happenings(a, by_article.get(a.key, []))]
    found, warnings = estimates.estimate_dates(evidence, happenings, resolutions)
    dating = Dating(warnings=[_with_source(articles, w) for w in warnings])
    pool = list(happenings)
    for e in evidence:
        if e.key in found:
            pool += estimates.placed_happenings(resolutions, e, found[e.key])
    by_month_day = happenings_by_month_day(pool)
    for article in articles:
        estimate = found.get(article.key)
        if estimate is None:
            continue
        dating.estimates[article.key] = {
            "range": estimate.range_values(),
            "label": estimate.label(),
            "note": estimate.note(),
        }
        dating.sources[article.key] = sorted(estimate.sources)
        dating.mentions += estimated_mentions(
            pending_of[article.key], estimate, by_month_day, resolutions
        )
    return dating


def _with_source(articles, warning: str) -> str:
    key, _, message = warning.partition(": ")
    source = next((a.cleaned.source for a in articles if a.key == key), key)
    return f"{source}: {message}"


def article_evidence(article, mentions, pending, steps) -> estimates.ArticleEvidence:
    """One article's evidence: captions, past explicit dates, pending expressions, quotes,
    series steps (steps_with_actors)."""
    cleaned = article.cleaned
    return estimates.ArticleEvidence(
        key=article.key,
        title=article.title,
        stated=stated_day(article.date_value),
        captions=sorted({d for d in (parse_date(f.caption) for f in cleaned.figures) if d}),
        explicit=[
            (m.value, m.expression)
            for m in mentions
            if m.basis == "explicit" and not m.planned and m.role != "headline"
        ],
        pending=[_pending(m) for m in pending if m.expression_start >= 0],
        quotes=estimates.quote_fragments(article.text),
        series=steps,
    )


def _pending(m) -> estimates.Pending:
    return estimates.Pending(
        m.sentence,
        m.expression_start,
        m.expression,
        m.planned,
        frozenset(m.actors),
        frozenset(m.lemmas),
    )


def dated_happenings(article, mentions) -> list[estimates.Happening]:
    """The day-precise happenings a dated article reports (what other articles can match)."""
    if stated_day(article.date_value) is None:
        return []
    found = []
    for m in mentions:
        if m.granularity != "day" or m.planned or m.role not in {"sentence", "clause"}:
            continue
        found.append(
            estimates.Happening(
                datetime.date.fromisoformat(m.value),
                article.key,
                article.title,
                False,
                frozenset(m.actors),
                frozenset(m.lemmas),
                estimates.quote_fragments(m.sentence),
            )
        )
    return found


def series_steps(text: str, spans, kinds: dict[str, str]) -> list[estimates.SeriesStep]:
    """Series steps of the text, each with its actor (steps_with_actors)."""
    return steps_with_actors(series.series_matches(text), spans, kinds)


def steps_with_actors(found: list, spans, kinds: dict[str, str]) -> list[estimates.SeriesStep]:
    """The series steps an article writes (series.series_matches, kept in its derived
    record), each with its actor: the sentence's first person, else its first actor; a step
    whose sentence names no actor is left out (never guessed)."""
    if not found:
        return []
    steps = []
    spans = sorted(spans)
    starts = [s for s, _e, _slug in spans]
    for (start, end), in_sentence in itertools.groupby(found, key=lambda f: (f[0], f[1])):
        first, last = bisect.bisect_left(starts, start), bisect.bisect_right(starts, end)
        inside = [(s, slug) for s, e, slug in spans[first:last] if e <= end]
        people = [slug for _s, slug in sorted(inside) if kinds.get(slug) == "person"]
        actor = (people or [slug for _s, slug in sorted(inside)] or [None])[0]
        if actor is None:
            continue
        for _start, _end, name, number, written in in_sentence:
            steps.append(estimates.SeriesStep(name, number, actor, written))
    return sorted(set(steps), key=lambda s: (s.series, s.number, s.actor))


# --- the events of estimated articles ---------------------------------------------------------


def _resolve(m, anchor: datetime.date, resolutions: estimates.Resolutions):
    """(value, granularity) of a pending mention's expression in an article of that day."""
    return resolutions.meaning_at(m.sentence, m.expression_start, anchor)


def happenings_by_month_day(pool) -> dict[str, list[tuple[str, list]]]:
    """The dated happenings by their month and day ("03-21"), and within it by day, oldest
    first: what a yearless day can report, looked up instead of scanned (a single-story
    archive has thousands of happenings on one day)."""
    by_day: dict[str, list] = {}
    for h in pool:
        by_day.setdefault(h.day.isoformat(), []).append(h)
    found: dict[str, list[tuple[str, list]]] = {}
    for day in sorted(by_day):
        found.setdefault(day[5:], []).append((day, by_day[day]))
    return found


def estimated_mentions(pending, estimate, by_month_day, resolutions) -> list:
    """An estimated article's events: expressions that mean one date over the whole range,
    or a yearless day that clearly reports a happening the archive has dated."""
    found = []
    label = estimate.label()
    for m in pending:
        value = _unique_value(m, estimate, resolutions)
        how = f"resolved from '{m.expression}' against the article's estimated date, {label}"
        if value is None:
            value = _joined_value(m, estimate, by_month_day, resolutions)
            how = f"'{m.expression}' joins the dated event it reports (article estimated {label})"
        if value is None:
            continue
        found.append(replace(m, value=value, basis="estimated", date_note=how))
    return found


def _unique_value(m, estimate, resolutions) -> str | None:
    if not (estimate.earliest and estimate.latest):
        return None
    first, granularity = _resolve(m, estimate.earliest, resolutions)
    last, _ = _resolve(m, estimate.latest, resolutions)
    return first if first and first == last and granularity == m.granularity else None


def _joined_value(m, estimate, by_month_day, resolutions) -> str | None:
    """A yearless month-day that reports a dated happening: same month and day, on or after
    what the range's start gives, and shared actors and key words (or, for a passing
    reference, the noun it modifies); None when no day, or more than one, has one."""
    if m.granularity != "day" or estimate.earliest is None:
        return None
    first, _ = _resolve(m, estimate.earliest, resolutions)
    if not first:
        return None
    reports = _reporting_test(m)
    reported = (
        day
        for day, happenings in by_month_day.get(first[5:], [])
        if day >= first and any(h.article != m.article and reports(h) for h in happenings)
    )
    days = list(itertools.islice(reported, 2))  # a second day is enough to say None
    return days[0] if len(days) == 1 else None


def _reporting_test(m):
    """Whether a happening is the one the pending mention reports: the noun a passing
    reference modifies among its words, else shared actors and key words."""
    if m.role == "reference":
        return lambda h: bool(m.head) and m.head in h.lemmas
    pending = estimates.Pending(m.sentence, 0, "", False, frozenset(m.actors), frozenset(m.lemmas))
    return lambda h: estimates._matches(pending, h) is not None
