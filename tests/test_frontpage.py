"""The front page's facts in words at four sizes of archive (1, 5, 1,000 and 10,000 articles):
counts with their plurals and thousands separators, and the span of the reporting from the
stated dates and the estimated ranges, saying how many dates are estimated."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from pelican.plugins.explainer_archive.site.export import archive_stats
from pelican.plugins.explainer_archive.site.frontpage import (
    front_page_counts,
    span_sentence,
    undated_sentence,
)

URLS = {"ARCHIVES_URL": "articles/", "ACTORS_URL": "actors/", "TOPICS_URL": "topics/"}
URLS["CHRONOLOGY_URL"] = "chronology/"


def days(first: str, n: int) -> list[str]:
    """n dates, one a day from first on (wrapping after a year)."""
    start = dt.date.fromisoformat(first)
    return [(start + dt.timedelta(days=i % 365)).isoformat() for i in range(n)]


def archive(stated: list[str], ranges: list, undated: int, actors: int, topics: int, events: int):
    """Articles as the generator leaves them (stated date, or estimated range, or neither)."""
    articles = [SimpleNamespace(date_value=value, date_range=None) for value in stated]
    articles += [SimpleNamespace(date_value=None, date_range=r) for r in ranges]
    articles += [SimpleNamespace(date_value=None, date_range=None) for _ in range(undated)]
    record = SimpleNamespace(actors=[{}] * actors, topics=[{}] * topics, events=[{}] * events)
    return archive_stats(articles, record)


# The seeds: one article dated by its dateline, four placed by the archive's estimates.
SEED_RANGES = [
    ["2023-11-30", "2024-03-21"],
    ["2024-03-21", "2024-06-10"],
    ["2024-06-10", "2024-06-12"],
    ["2024-06-12", None],
]

CASES = {
    "1 article": (
        archive(["2024-06-11"], [], 0, actors=1, topics=1, events=1),
        "1 article · 1 actor · 1 topic · 1 dated event",
        "The reporting is from 11 June 2024.",
        "",
    ),
    "1 article, estimated": (
        archive([], [["2023-11-30", None]], 0, actors=3, topics=0, events=2),
        "1 article · 3 actors · 0 topics · 2 dated events",
        "The reporting is from about 30 November 2023; its date is estimated from the archive.",
        "",
    ),
    "5 articles (the seeds)": (
        archive(["2024-06-11"], SEED_RANGES, 0, actors=37, topics=9, events=16),
        "5 articles · 37 actors · 9 topics · 16 dated events",
        "The reporting runs from about 30 November 2023 to June 2024; "
        "4 of 5 dates estimated from the archive.",
        "",
    ),
    "1,000 articles": (
        archive(days("2023-10-07", 990), [["2023-12-01", "2023-12-09"]] * 10, 0, 812, 40, 5210),
        "1,000 articles · 812 actors · 40 topics · 5,210 dated events",
        "The reporting runs from 7 October 2023 to 5 October 2024; "
        "10 of 1,000 dates estimated from the archive.",
        "",
    ),
    "10,000 articles": (
        archive(
            days("2023-10-07", 9000), [["2023-10-01", "2024-01-31"]] * 900, 100, 4321, 60, 51000
        ),
        "10,000 articles · 4,321 actors · 60 topics · 51,000 dated events",
        "The reporting runs from about 1 October 2023 to 5 October 2024; "
        "900 of 9,900 dates estimated from the archive.",
        "100 articles could not be dated and are listed as “Date unknown”.",
    ),
    "nothing dated": (
        archive([], [], 1, actors=0, topics=0, events=0),
        "1 article · 0 actors · 0 topics · 0 dated events",
        "",
        "1 article could not be dated and is listed as “Date unknown”.",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_front_page_facts_read_naturally(name):
    stats, counts, span, undated = CASES[name]
    shown = " · ".join(f"{figure} {label}" for figure, label, _ in front_page_counts(stats, URLS))
    assert shown == counts
    assert span_sentence(stats) == span
    assert undated_sentence(stats) == undated


def test_counts_link_to_their_pages():
    stats = CASES["5 articles (the seeds)"][0]
    assert [url for *_, url in front_page_counts(stats, URLS)] == [
        "articles/",
        "actors/",
        "topics/",
        "chronology/",
    ]
