"""The front page's facts in words: the archive's counts and the time its reporting spans.

The span uses everything the archive knows: the dates articles state and the ranges it
estimated for the others (derive/estimates.py), and says how many dates are estimated.
Plain data in, sentences out, so the wording is tested at every size of archive.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..derive.timexes import format_value_human


@dataclass(frozen=True)
class SpanEnd:
    """One end of the reporting's span: a YYYY[-MM[-DD]] value, and whether an estimate
    (rather than a stated date) put it there."""

    value: str
    estimated: bool


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """'1 article', '5 articles', '10,000 articles'."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"


def human(value: str) -> str:
    granularity = {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]
    return format_value_human(value, granularity)


def reporting_span(
    stated: list[str], ranges: list[list[str | None]]
) -> tuple[SpanEnd, SpanEnd] | None:
    """The earliest and latest point of the reporting: stated dates, and the bounds of the
    estimated ranges (an open bound adds nothing); None when nothing is dated."""
    points = [SpanEnd(value, False) for value in stated]
    points += [SpanEnd(bound, True) for bounds in ranges for bound in bounds if bound]
    if not points:
        return None
    # A stated date wins a tie: it is the firmer evidence for the same day.
    first = min(points, key=lambda p: (p.value, p.estimated))
    last = max(points, key=lambda p: (p.value, not p.estimated))
    return first, last


def span_sentence(stats: dict) -> str:
    """'The reporting runs from about 30 November 2023 to June 2024; 4 of 5 dates estimated
    from the archive.' An estimated start reads "about" the day, an estimated end its month."""
    span = reporting_span(stats.get("stated_dates", []), stats.get("estimated_ranges", []))
    if span is None:
        return ""
    first, last = span
    start = f"about {human(first.value)}" if first.estimated else human(first.value)
    end = human(last.value[:7]) if last.estimated else human(last.value)
    # An estimated end in the start's own month adds nothing ("… to November 2023").
    if first.value == last.value or (last.estimated and last.value[:7] == first.value[:7]):
        sentence = f"The reporting is from {start}"
    else:
        sentence = f"The reporting runs from {start} to {end}"
    estimated, dated = stats.get("estimated", 0), stats.get("dated", 0) + stats.get("estimated", 0)
    if estimated and dated == 1:
        sentence += "; its date is estimated from the archive"
    elif estimated == dated and estimated:
        sentence += f"; all {dated:,} dates estimated from the archive"
    elif estimated:
        sentence += f"; {estimated:,} of {dated:,} dates estimated from the archive"
    return sentence + "."


def undated_sentence(stats: dict) -> str:
    """How many articles could not be dated, if any."""
    undated = stats.get("undated", 0)
    if not undated:
        return ""
    verb = "is" if undated == 1 else "are"
    could = f"{counted(undated, 'article')} could not be dated"
    return f"{could} and {verb} listed as “Date unknown”."


def front_page_counts(stats: dict, settings: dict) -> list[tuple[str, str, str]]:
    """The archive in numbers: (figure, word, the page it links to)."""
    rows = (
        ("articles", "article", "ARCHIVES_URL"),
        ("actors", "actor", "ACTORS_URL"),
        ("topics", "topic", "TOPICS_URL"),
        ("events", "dated event", "CHRONOLOGY_URL"),
    )
    items = []
    for key, word, url in rows:
        n = stats.get(key, 0)
        figure, label = counted(n, word).split(" ", 1)
        items.append((figure, label, settings.get(url) or ""))
    return items
