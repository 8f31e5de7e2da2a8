"""Series steps over several sentences (archive/dating.series_steps once lost every step
after the first, issue 26), and the estimator's rule against circular reliance
(derive/estimates.py): an estimate relies only on the estimated articles its range needs, so
weaker evidence found in an early round does not keep stronger evidence from another."""

from __future__ import annotations

from datetime import date

import pytest
from pelican.plugins.explainer_archive.archive import dating
from pelican.plugins.explainer_archive.derive.estimates import (
    ArticleEvidence,
    Pending,
    SeriesStep,
    estimate_dates,
)

KINDS = {"antony-blinken": "person", "john-kerry": "person", "qatar": "place", "gaza": "place"}


def spans(text: str, names: dict[str, str]) -> list[tuple[int, int, str]]:
    """Every occurrence of each name, with its actor's slug."""
    found = []
    for name, slug in names.items():
        start = text.find(name)
        while start >= 0:
            found.append((start, start + len(name), slug))
            start = text.find(name, start + 1)
    return found


TRIPS = (
    "Mr Blinken spoke to reporters in Doha. "
    "Mr Blinken was on the sixth trip to the region since October. "
    "Qatar said day 3 of the strike in Gaza passed quietly. "
    "Mr Kerry recalled his third trip to the region."
)
TWO_IN_ONE = "On the seventh trip to the region Mr Blinken marked day 12 of the strike."
LATE_PARAGRAPH = "Mr Blinken landed.\nNothing was said.\nIt was day 40 of the strike, Qatar said."


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # Steps in the second, third and fourth sentences, each with its sentence's actor.
        (
            TRIPS,
            {
                "Mr Blinken": "antony-blinken",
                "Qatar": "qatar",
                "Gaza": "gaza",
                "Mr Kerry": "john-kerry",
            },
            [
                SeriesStep("day of strike", 3, "qatar", "day 3 of the strike"),
                SeriesStep("trip to the region", 3, "john-kerry", "third trip to the region"),
                SeriesStep("trip to the region", 6, "antony-blinken", "sixth trip to the region"),
            ],
        ),
        # Two steps of one sentence, and the same text without actors: nothing.
        (
            TWO_IN_ONE,
            {"Mr Blinken": "antony-blinken"},
            [
                SeriesStep("day of strike", 12, "antony-blinken", "day 12 of the strike"),
                SeriesStep("trip to the region", 7, "antony-blinken", "seventh trip to the region"),
            ],
        ),
        (TWO_IN_ONE, {}, []),
        # A step in a later paragraph, after sentences that name an actor but no step.
        (
            LATE_PARAGRAPH,
            {"Mr Blinken": "antony-blinken", "Qatar": "qatar"},
            [SeriesStep("day of strike", 40, "qatar", "day 40 of the strike")],
        ),
    ],
)
def test_series_steps_of_every_sentence(text, names, expected):
    assert dating.series_steps(text, spans(text, names), KINDS) == expected


def pending(sentence: str, expression: str, lemmas=()) -> Pending:
    return Pending(
        sentence,
        sentence.index(expression),
        expression,
        False,
        frozenset({"kerry"}),
        frozenset(lemmas),
    )


FLOOD = ("flood", "border", "town", "visit")
REMARKS = "Mr Kerry said on Thursday that “the talks in Cairo are going well”."


def articles() -> list[ArticleEvidence]:
    """Two stated steps of a series; "a" (visited first) speaks of a step between them, of
    a flood on a day it names in full, and of remarks made on a Thursday; "b" has a photo of
    Thursday 21 March 2024, the remarks "on Thursday", and the flood on a yearless day (a
    words-only match that sets no end of its range)."""
    return [
        ArticleEvidence(
            "s1", "S1", date(2023, 11, 30), series=[SeriesStep("trip", 3, "kerry", "third trip")]
        ),
        ArticleEvidence(
            "s2", "S2", date(2024, 6, 11), series=[SeriesStep("trip", 8, "kerry", "eighth trip")]
        ),
        ArticleEvidence(
            "a",
            "A",
            series=[SeriesStep("trip", 6, "kerry", "sixth trip")],
            pending=[
                pending(
                    "Mr Kerry visited the flooded border town on January 5, 2024.",
                    "January 5, 2024",
                    FLOOD,
                ),
                pending(REMARKS, "on Thursday"),
            ],
        ),
        ArticleEvidence(
            "b",
            "B",
            captions=[date(2024, 3, 21)],
            pending=[
                pending(REMARKS, "on Thursday"),
                pending(
                    "Mr Kerry visited the flooded border town on January 5.", "January 5", FLOOD
                ),
            ],
        ),
    ]


def test_evidence_that_sets_no_end_does_not_block_stronger_evidence():
    found, warnings = estimate_dates(articles(), [])
    assert warnings == []
    # "b" is dated by its photo and its Thursday; the flood "a" dates sets no end of it, so
    # "b" does not rely on "a" and "a" may take the remarks' Thursday from "b".
    assert (found["b"].earliest, found["b"].latest) == (date(2024, 3, 21), date(2024, 3, 27))
    assert found["b"].sources == frozenset()
    assert (found["a"].earliest, found["a"].latest) == (date(2024, 3, 21), date(2024, 3, 27))
    assert "b" in found["a"].sources and "remarks" in found["a"].note()
    # Never circular: no estimate relies on one that relies on it.
    for key, estimate in found.items():
        assert all(key not in found[s].sources for s in estimate.sources if s in found), key


def step_article(key: str, stated, *steps: tuple[str, int, str]) -> ArticleEvidence:
    return ArticleEvidence(
        key,
        key.upper(),
        stated,
        series=[SeriesStep(s, n, actor, f"step {n}") for s, n, actor in steps],
    )


@pytest.mark.parametrize(
    ("others", "steps", "expected"),
    [
        # Steps of one series on both sides, in agreement: a closed range.
        (
            [
                step_article("s1", date(2023, 7, 10), ("trip", 2, "kerry")),
                step_article("s2", date(2023, 7, 20), ("trip", 4, "kerry")),
            ],
            [("trip", 3, "kerry")],
            (date(2023, 7, 11), date(2023, 7, 19)),
        ),
        # A series counted within one day (the sets of a match): after a third set and before a
        # fifth set of the same day leaves no day, so the series says nothing ...
        (
            [step_article("s1", date(2023, 7, 16), ("set", 3, "alcaraz"), ("set", 5, "djokovic"))],
            [("set", 5, "alcaraz"), ("set", 1, "djokovic")],
            None,
        ),
        # ... while another series of the same article still bounds it.
        (
            [
                step_article(
                    "s1", date(2023, 7, 16), ("set", 3, "alcaraz"), ("set", 5, "djokovic")
                ),
                step_article("s2", date(2023, 7, 9), ("final", 1, "djokovic")),
            ],
            [("set", 5, "alcaraz"), ("set", 1, "djokovic"), ("final", 2, "djokovic")],
            (date(2023, 7, 10), None),
        ),
    ],
)
def test_a_series_counted_within_a_day_says_nothing(others, steps, expected):
    found, warnings = estimate_dates([step_article("a", None, *steps), *others], [])
    assert warnings == []
    assert ((found["a"].earliest, found["a"].latest) if "a" in found else None) == expected
