"""Coverage over time: articles and events per period, mentions and articles per month.

Pure Python over the archive stage's results; the charts (site/charts.py) draw these counts
and the export (data/coverage.json) publishes them. Nothing is guessed: an article is put in a
period by its stated date, or by its estimated date range (derive/estimates.py) only when the
whole range lies in that one period; an article dated only to the year, or not at all, or
estimated across two periods, is counted as unplaced.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from . import cooccurrence

# The strip counts per week when the dated span is at most this many weeks, per year when it
# is longer than this many months, and per month in between.
MAX_WEEKS = 26
MAX_MONTHS = 120


def month_of(value: str | None) -> str | None:
    """ "2024-06-11" or "2024-06" → "2024-06"; a year-only or unknown date → None."""
    return value[:7] if value and len(value) >= 7 else None


def months_between(first: str, last: str) -> list[str]:
    """Every month from `first` to `last` ("YYYY-MM"), both included."""
    year, month = int(first[:4]), int(first[5:7])
    months = []
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def week_of(value: str | None) -> str | None:
    """A day "YYYY-MM-DD" → the Monday starting its week (ISO weeks); else None."""
    if not value or len(value) != 10:
        return None
    day = datetime.date.fromisoformat(value)
    return (day - datetime.timedelta(days=day.weekday())).isoformat()


def weeks_between(first: str, last: str) -> list[str]:
    """Every week (its Monday, "YYYY-MM-DD") from the week of `first` to that of `last`."""
    start = datetime.date.fromisoformat(first)
    end = datetime.date.fromisoformat(last)
    count = (end - start).days // 7 + 1
    return [(start + datetime.timedelta(weeks=n)).isoformat() for n in range(count)]


def strip_granularity(dates: list[str]) -> str:
    """ "week", "month" or "year" for the strip, from the span of the given dates."""
    days = [d for d in dates if len(d) == 10]
    months = [d[:7] for d in dates if len(d) >= 7]
    if not months:
        return "year"
    if len(days) == len(dates):
        first = datetime.date.fromisoformat(min(days))
        last = datetime.date.fromisoformat(max(days))
        if (last - first).days < 7 * MAX_WEEKS:
            return "week"
    return "month" if len(months_between(min(months), max(months))) <= MAX_MONTHS else "year"


def period_of(value: str | None, granularity: str) -> str | None:
    """The period a date falls in at that granularity, or None when it is not precise enough."""
    if not value:
        return None
    if granularity == "week":
        return week_of(value)
    if granularity == "month":
        return month_of(value)
    return value[:4]


Span = tuple[str, str]  # an article's date as (earliest, latest): a stated date is (d, d)


def article_spans(articles, estimates: dict[str, dict]) -> dict[str, Span | None]:
    """Article slug → its stated date as a span, else its estimated range when both ends
    are known, else None."""
    spans: dict[str, Span | None] = {}
    for article in articles:
        low, high = (estimates.get(article.key) or {}).get("range") or (None, None)
        if article.date_value:
            spans[article.key] = (article.date_value, article.date_value)
        else:
            spans[article.key] = (low, high) if low and high else None
    return spans


def span_period(span: Span | None, granularity: str) -> str | None:
    """The period the whole span lies in, or None (no span, or it crosses periods)."""
    if span is None:
        return None
    first = period_of(span[0], granularity)
    return first if first == period_of(span[1], granularity) else None


def periods_between(first: str, last: str, granularity: str) -> list[str]:
    if granularity == "week":
        return weeks_between(first, last)
    if granularity == "month":
        return months_between(first, last)
    return [str(y) for y in range(int(first), int(last) + 1)]


@dataclass
class Strip:
    """The archive over time: articles and events per period, oldest first."""

    granularity: str  # "week", "month" or "year"
    # {"period", "articles", "estimated", "events", "first_event"}: "estimated" counts the
    # articles placed by an estimated range; "first_event" is the id of the period's
    # earliest event (the strip links there), None when no event falls in the period
    periods: list[dict] = field(default_factory=list)
    unplaced_articles: int = 0  # undated, or dated less precisely than the period
    unplaced_events: int = 0


def archive_strip(spans: dict[str, Span | None], events: list[dict]) -> Strip:
    """Count articles (by their span) and events (by their date) per period, every period
    from the first to the last with either, empty ones included."""
    dated = [d for span in spans.values() if span for d in span] + [e["date"] for e in events]
    strip = Strip(strip_granularity(dated))
    periods = {key: span_period(span, strip.granularity) for key, span in spans.items()}
    articles = Counter(periods.values())
    estimated = Counter(p for key, p in periods.items() if p and spans[key][0] != spans[key][1])
    placed = Counter(period_of(e["date"], strip.granularity) for e in events)
    strip.unplaced_articles = articles.pop(None, 0)
    strip.unplaced_events = placed.pop(None, 0)
    used = sorted(set(articles) | set(placed))
    if not used:
        return strip
    first_events: dict[str, str] = {}
    for event in sorted(events, key=lambda e: (e["date"], e["id"])):
        first_events.setdefault(period_of(event["date"], strip.granularity), event["id"])
    for period in periods_between(used[0], used[-1], strip.granularity):
        strip.periods.append(
            {
                "period": period,
                "articles": articles.get(period, 0),
                "estimated": estimated.get(period, 0),
                "events": placed.get(period, 0),
                "first_event": first_events.get(period),
            }
        )
    return strip


def actor_months(
    article_months: dict[str, str | None],
    article_mentions: dict[str, list[tuple[object, str]]],
) -> dict[str, dict[str, list[int]]]:
    """Actor slug → month → [articles, mentions] ("" collects the articles without a
    month), from each article's month and mentions."""
    counts: dict[str, dict[str, list[int]]] = {}
    for article in sorted(article_mentions):
        month = article_months.get(article) or ""
        per_actor = Counter(slug for _sentence, slug in article_mentions[article])
        for slug, mentions in sorted(per_actor.items()):
            cell = counts.setdefault(slug, {}).setdefault(month, [0, 0])
            cell[0] += 1
            cell[1] += mentions
    return counts


def topic_months(
    article_months: dict[str, str | None], article_topics: dict[str, list[str]]
) -> dict[str, dict[str, int]]:
    """Topic slug → month → articles ("" collects the articles without a month)."""
    counts: dict[str, dict[str, int]] = {}
    for article in sorted(article_topics):
        month = article_months.get(article) or ""
        for slug in article_topics[article]:
            per_month = counts.setdefault(slug, {})
            per_month[month] = per_month.get(month, 0) + 1
    return counts


@dataclass
class ChartData:
    """Everything the charts and their export need; plain data."""

    strip: Strip
    months: list[str]  # the archive's dated months, oldest first: every chart's axis
    actor_months: dict[str, dict[str, list[int]]]
    topic_months: dict[str, dict[str, int]]
    ties: list[cooccurrence.Tie]
    article_dates: dict[str, str | None]  # stated date, else estimate's start: for ordering


def actor_mentions(articles, derived, actor_index) -> dict[str, list[tuple[object, str]]]:
    """Article slug → its actor mentions as (sentence key, actor slug), in text order.

    The sentence key is (paragraph, sentence): the sentence recogniser may run a paragraph's
    last sentence into the next paragraph's first, but a sentence never spans paragraphs.
    """
    found = {}
    for article, result in zip(articles, derived, strict=True):
        slug_at = {(s, e): slug for s, e, slug in actor_index.mentions_in(article.key)}
        found[article.key] = [
            ((m.paragraph, m.sentence), slug_at[(m.start, m.end)])
            for m in result.mentions
            if (m.start, m.end) in slug_at
        ]
    return found


def chart_data(articles, derived, actor_index, archive) -> ChartData:
    """The counts behind every chart, from the archive stage's articles (ArchiveArticle),
    their DerivedArticles (derive/article.py), the merged actors and the finished Archive
    (its events, article topics and estimated dates)."""
    spans = article_spans(articles, getattr(archive, "estimates", {}) or {})
    months = {key: span_period(span, "month") for key, span in spans.items()}
    mentions = actor_mentions(articles, derived, actor_index)
    known = sorted(m for m in months.values() if m)
    return ChartData(
        strip=archive_strip(spans, archive.events),
        months=months_between(known[0], known[-1]) if known else [],
        actor_months=actor_months(months, mentions),
        topic_months=topic_months(months, archive.article_topics),
        ties=cooccurrence.count_ties(mentions, archive.events),
        article_dates={key: span[0] if span else None for key, span in spans.items()},
    )
