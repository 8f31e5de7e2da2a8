"""The date estimator (derive/estimates.py): each kind of evidence, on text beyond the seeds."""

from __future__ import annotations

from datetime import date

import pytest
from pelican.plugins.explainer_archive.derive.estimates import (
    ArticleEvidence,
    Happening,
    Pending,
    SeriesStep,
    estimate_dates,
    quote_fragments,
)


def pending(sentence: str, expression: str, planned: bool = False, actors=("kerry",), lemmas=()):
    return Pending(
        sentence,
        sentence.index(expression),
        expression,
        planned,
        frozenset(actors),
        frozenset(lemmas),
    )


def estimate(article: ArticleEvidence, others=(), happenings=()):
    found, warnings = estimate_dates([article, *others], list(happenings))
    e = found.get(article.key)
    return (e.earliest, e.latest) if e else None, warnings


REMARK = Happening(
    date(2023, 12, 6),
    "wire",
    "Kerry urges phase-out",
    False,
    frozenset({"kerry"}),
    frozenset(),
    tuple(quote_fragments("“the science is clear on fossil fuels”")),
)


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        # no evidence: no estimate
        (ArticleEvidence("a", "A"), None),
        # a past explicit date: a lower bound (a month counts from its first day)
        (
            ArticleEvidence("a", "A", explicit=[("2023-09-10", "September 10, 2023")]),
            (date(2023, 9, 10), None),
        ),
        (
            ArticleEvidence("a", "A", explicit=[("2023-02", "February 2023")]),
            (date(2023, 2, 1), None),
        ),
        # a caption date alone: on or after the photo's day
        (ArticleEvidence("a", "A", captions=[date(2023, 2, 8)]), (date(2023, 2, 8), None)),
        # a caption date whose weekday a past sentence names: within the week after it
        (
            ArticleEvidence(
                "a",
                "A",
                captions=[date(2023, 2, 8)],
                pending=[
                    pending("Rescuers pulled a girl from the rubble on Wednesday.", "on Wednesday")
                ],
            ),
            (date(2023, 2, 8), date(2023, 2, 14)),
        ),
        # ... and a future weekday of the same article closes the week (one-week rule)
        (
            ArticleEvidence(
                "a",
                "A",
                captions=[date(2023, 2, 8)],
                pending=[
                    pending("Rescuers pulled a girl from the rubble on Wednesday.", "on Wednesday"),
                    pending("The president will visit the region on Friday.", "on Friday", True),
                ],
            ),
            (date(2023, 2, 8), date(2023, 2, 10)),
        ),
        # a caption date but a weekday that is not its own: only the lower bound
        (
            ArticleEvidence(
                "a",
                "A",
                captions=[date(2023, 2, 8)],
                pending=[pending("Aid arrived on Monday.", "on Monday")],
            ),
            (date(2023, 2, 8), None),
        ),
        # a remark the archive dates, reported with the text's own weekday word
        (
            ArticleEvidence(
                "a",
                "A",
                pending=[
                    pending(
                        "Kerry said on Wednesday that “the science is clear on fossil fuels”.",
                        "on Wednesday",
                    )
                ],
            ),
            (date(2023, 12, 6), date(2023, 12, 12)),
        ),
        # ... "yesterday" pins the day after it
        (
            ArticleEvidence(
                "a",
                "A",
                pending=[
                    pending(
                        "Kerry said yesterday that “the science is clear on fossil fuels”.",
                        "yesterday",
                    )
                ],
            ),
            (date(2023, 12, 7), date(2023, 12, 7)),
        ),
        # ... a weekday that is not the remark's: no match, no estimate
        (
            ArticleEvidence(
                "a",
                "A",
                pending=[
                    pending(
                        "Kerry said on Monday that “the science is clear on fossil fuels”.",
                        "on Monday",
                    )
                ],
            ),
            None,
        ),
    ],
)
def test_evidence_kinds(evidence, expected):
    assert estimate(evidence, happenings=[REMARK])[0] == expected


def test_series_ordinals_order_articles_of_the_same_actor():
    fourth = SeriesStep("round of talks", 4, "negotiators", "fourth round of talks")
    third = ArticleEvidence(
        "b",
        "Third round",
        stated=date(2024, 1, 10),
        series=[SeriesStep("round of talks", 3, "negotiators")],
    )
    fifth = ArticleEvidence(
        "c",
        "Fifth round",
        stated=date(2024, 3, 2),
        series=[SeriesStep("round of talks", 5, "negotiators")],
    )
    article = ArticleEvidence("a", "A", series=[fourth])
    assert estimate(article, [third, fifth])[0] == (date(2024, 1, 11), date(2024, 3, 1))
    # another actor's series says nothing
    other = ArticleEvidence("a", "A", series=[SeriesStep("round of talks", 4, "envoys")])
    assert estimate(other, [third, fifth])[0] is None


def test_contradicting_evidence_gives_no_estimate_and_a_warning():
    article = ArticleEvidence(
        "a",
        "A",
        explicit=[("2024-05-01", "May 1, 2024")],
        series=[SeriesStep("trip to the region", 2, "kerry", "second trip to the region")],
    )
    later = ArticleEvidence(
        "b", "B", stated=date(2024, 1, 5), series=[SeriesStep("trip to the region", 3, "kerry")]
    )
    found, warnings = estimate(article, [later])
    assert found is None and warnings and "contradicts" in warnings[0]


def test_resolutions_are_memoised_and_a_stored_memo_is_used_as_is():
    from pelican.plugins.explainer_archive.derive import estimates

    item = pending("Talks resumed on Thursday in Cairo.", "on Thursday")
    memo = estimates.Resolutions()
    first = memo.resolve_at(item, date(2024, 5, 20))  # a Monday: the Thursday before
    assert first == "2024-05-16" and memo.computed == 1
    assert memo.resolve_at(item, date(2024, 5, 20)) == first
    assert memo.computed == 1
    kept = memo.kept()
    assert list(kept.values()) == ["2024-05-16"]
    # The next build starts from what this one kept, and computes nothing again.
    memo = estimates.Resolutions(kept)
    assert memo.resolve_at(item, date(2024, 5, 20)) == first
    assert memo.computed == 0


def test_a_sentence_naming_a_too_common_actor_is_compared_with_nothing():
    from dataclasses import replace

    from pelican.plugins.explainer_archive.derive import estimates

    item = pending(
        "Kerry said on Wednesday that “the science is clear on fossil fuels”.", "on Wednesday"
    )
    article = ArticleEvidence("undated", "Undated", pending=[item])
    one = [replace(REMARK, article=f"wire{i:04d}") for i in range(estimates.MAX_CANDIDATES)]
    pool = estimates.Pool(one)
    assert not pool.surely_more_than(item, estimates.MAX_CANDIDATES)
    assert estimate(article, happenings=one)[0] == (date(2023, 12, 6), date(2023, 12, 12))
    more = [*one, replace(REMARK, article="wire-extra")]
    assert estimates.Pool(more).surely_more_than(item, estimates.MAX_CANDIDATES)
    assert estimate(article, happenings=more)[0] is None  # too common: no bound at all
