"""The archive stage's cheaper forms (issue 26 item 1): each gives what the plain form gave.

- the estimator's memo of what an undated article's expression means at a day
  (Resolutions.meaning_at) against timexes.find_time_expressions itself, and kept for the
  next build;
- series steps (archive/dating.series_steps: derive/series.series_matches, which stop at
  once when the text names no step anywhere and are kept in the derived record, given their
  actors by dating.steps_with_actors);
- DerivedArticle.from_plain's mentions against the dataclass built field by field.
"""

from __future__ import annotations

import datetime
import json
import sys
from dataclasses import astuple

import pytest
from pelican.plugins.explainer_archive.archive import dating
from pelican.plugins.explainer_archive.derive import actors, estimates, timexes
from pelican.plugins.explainer_archive.derive.article import DerivedArticle

# Sentences of the seeds (content/raw/) with a time expression, and days to read them on.
SENTENCES = [
    "On Monday, Mr Blinken met Mr Netanyahu in Jerusalem.",
    "The talks resumed on Thursday after a pause of two weeks.",
    "Last month the summit in Dubai agreed to transition away from fossil fuels.",
    "The ceasefire took effect on November 24 and was extended twice.",
    "Talks are due to resume next week in Cairo.",
]
ANCHORS = [datetime.date(2023, 11, 30), datetime.date(2024, 2, 29), datetime.date(2024, 6, 10)]


def expressions():
    for sentence in SENTENCES:
        for expr in timexes.find_time_expressions(sentence, ANCHORS[0]):
            yield sentence, expr.start


def direct_meaning(sentence: str, offset: int, anchor: datetime.date):
    for expr in timexes.find_time_expressions(sentence, anchor):
        if expr.start == offset:
            return expr.value, expr.granularity
    return None, None


@pytest.mark.parametrize(("sentence", "offset"), list(expressions()))
def test_the_meaning_memo_gives_what_the_expression_means(sentence, offset):
    memo = estimates.Resolutions()
    for anchor in ANCHORS:
        assert memo.meaning_at(sentence, offset, anchor) == direct_meaning(sentence, offset, anchor)
    # An offset where no expression starts means nothing.
    assert memo.meaning_at(sentence, len(sentence), ANCHORS[0]) == (None, None)
    # Kept for the next build (through JSON, as the cache stores it): nothing computed again.
    again = estimates.Resolutions(json.loads(json.dumps(memo.kept())))
    for anchor in ANCHORS:
        assert again.meaning_at(sentence, offset, anchor) == direct_meaning(
            sentence, offset, anchor
        )
    assert again.computed == 0


def test_the_meaning_memo_and_the_day_memo_share_the_store_but_not_keys():
    sentence = SENTENCES[0]
    offset = sentence.index("On Monday")
    memo = estimates.Resolutions()
    pending = estimates.Pending(sentence, offset, "On Monday", False)
    day = memo.resolve_at(pending, ANCHORS[0])
    value, granularity = memo.meaning_at(sentence, offset, ANCHORS[0])
    assert (day, value, granularity) == ("2023-11-27", "2023-11-27", "day")
    # A week means no day: the day memo says none, the meaning memo says which week.
    week = SENTENCES[4].index("next week")
    assert (
        memo.resolve_at(estimates.Pending(SENTENCES[4], week, "next week", False), ANCHORS[0])
        is None
    )
    assert memo.meaning_at(SENTENCES[4], week, ANCHORS[0]) == ("2023-12-04", "week")
    assert len(memo.kept()) == 4


BLINKEN = (
    "On his ninth trip to the region since the start of the war in Gaza, Mr Blinken has "
    "already talked to Israel’s leaders. Mr Netanyahu’s office said the three-hour meeting "
    "was “held in a good atmosphere”."
)
DOHA = (
    "Nothing else happened on day 12 of the strike.\n"
    "It was the third round of talks in Doha this year, and Qatar said so."
)


def span(text: str, name: str, slug: str) -> tuple[int, int, str]:
    start = text.index(name)
    return (start, start + len(name), slug)


KINDS = {"antony-blinken": "person", "benjamin-netanyahu": "person", "qatar": "place"}
BLINKEN_SPANS = [
    span(BLINKEN, "Mr Blinken", "antony-blinken"),
    span(BLINKEN, "Mr Netanyahu", "benjamin-netanyahu"),
    span(BLINKEN, "Israel", "israel"),
]


@pytest.mark.parametrize(
    ("text", "spans", "expected"),
    [
        # No step anywhere: nothing (the text is not split into sentences).
        ("Mr Blinken met Mr Netanyahu on Monday.", BLINKEN_SPANS[:1], []),
        # The sentence's first person, before the place named earlier in it.
        (
            BLINKEN,
            BLINKEN_SPANS,
            [
                estimates.SeriesStep(
                    "trip to the region", 9, "antony-blinken", "ninth trip to the region"
                )
            ],
        ),
        # A step whose sentence names no actor is left out; a later paragraph's step with
        # a place as its only actor is kept.
        (
            DOHA,
            [span(DOHA, "Qatar", "qatar")],
            [estimates.SeriesStep("round of talks", 3, "qatar", "third round of talks")],
        ),
        # The same texts with no actors: no step at all (never guessed).
        (BLINKEN, [], []),
        (DOHA, [], []),
    ],
)
def test_series_steps(text, spans, expected):
    assert dating.series_steps(text, spans, KINDS) == expected


@pytest.mark.parametrize(
    "mention",
    [
        actors.Mention(
            3, 13, "Mr Blinken", "Antony Blinken", "person", 0, 0, "secretary of state", 20, 1.5
        ),
        actors.Mention(0, 5, "Qatar", "Qatar", "place", 2, 1),
        actors.Mention(
            7,
            30,
            "Telugu Desam Party",
            "Telugu Desam Party",
            "organization",
            1,
            4,
            maybe_person=True,
        ),
    ],
)
def test_derived_mentions_load_as_they_were_saved(mention):
    plain = json.loads(
        json.dumps(
            {
                "mentions": [astuple(mention)],
                "quotes": [],
                "title_mentions": [],
                "topics": [],
                "key_phrases": [[], []],
                "events": [],
                "evidence": [],
                "series": [[0, 48, "round of talks", 3, "third round of talks"]],
            }
        )
    )
    derived = DerivedArticle.from_plain(plain)
    assert derived.series == [(0, 48, "round of talks", 3, "third round of talks")]
    loaded = derived.mentions[0]
    assert loaded == mention
    # Its strings are interned: ten thousand articles share one copy of each name.
    for field in ("surface", "name", "kind", "role"):
        assert getattr(loaded, field) is sys.intern(getattr(mention, field))
