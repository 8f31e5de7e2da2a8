"""A yearless day in an estimated article joins the dated happening it reports
(archive/dating.py's `_joined_value`): read from the happenings indexed by month-day and
then by day, stopping at the second day that has one, it gives exactly what scanning every
happening of that month-day gave.  Random pools of happenings on the same month-days of
several years (shared and foreign actors, key words, the mention's own article among them),
against the scan as it was written before the index (kept here as the reference)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.plugins.explainer_archive.archive import dating
from pelican.plugins.explainer_archive.derive import estimates
from pelican.plugins.explainer_archive.derive.estimates import Happening, Resolutions

MET = "Blinken met Burns in Doha on March 21 to discuss the ceasefire."
STALLED = "On March 22, Hamas said the hostage talks had stalled."
SENTENCES = {s: s.index("March") for s in (MET, STALLED)}  # where its yearless day starts
ACTORS = ["blinken", "burns", "hamas"]
LEMMAS = ["meet", "talk", "doha", "ceasefire", "hostage", "stall"]
ARTICLES = [f"article-{n}" for n in range(5)]

happenings = st.lists(
    st.builds(
        Happening,
        day=st.builds(
            datetime.date,
            st.sampled_from([2023, 2024, 2025]),
            st.just(3),
            st.sampled_from([21, 22]),
        ),
        article=st.sampled_from(ARTICLES),
        title=st.just("a dated article"),
        estimated=st.booleans(),
        actors=st.frozensets(st.sampled_from(ACTORS)),
        lemmas=st.frozensets(st.sampled_from(LEMMAS)),
    ),
    max_size=40,
)
mentions = st.builds(
    lambda sentence, article, role, head, actors, lemmas: SimpleNamespace(
        granularity="day",
        sentence=sentence,
        expression_start=SENTENCES[sentence],
        article=article,
        role=role,
        head=head,
        actors=actors,
        lemmas=lemmas,
    ),
    st.sampled_from(sorted(SENTENCES)),
    st.sampled_from(ARTICLES),
    st.sampled_from(["sentence", "clause", "reference"]),
    st.sampled_from(["", "talk", "ceasefire"]),
    st.lists(st.sampled_from(ACTORS), unique=True),
    st.lists(st.sampled_from(LEMMAS), unique=True),
)
earliest = st.builds(
    datetime.date, st.sampled_from([2022, 2023, 2024, 2025]), st.just(1), st.just(1)
)


def scanned_value(m, estimate, pool, resolutions) -> str | None:
    """_joined_value as it scanned every happening of the month-day."""
    if m.granularity != "day" or estimate.earliest is None:
        return None
    first, _ = dating._resolve(m, estimate.earliest, resolutions)
    if not first:
        return None
    days = set()
    for h in [h for h in pool if h.day.strftime("%m-%d") == first[5:]]:
        if h.article == m.article or h.day.isoformat() < first:
            continue
        if m.role == "reference":
            ok = bool(m.head) and m.head in h.lemmas
        else:
            pending = estimates.Pending(
                m.sentence, 0, "", False, frozenset(m.actors), frozenset(m.lemmas)
            )
            ok = estimates._matches(pending, h) is not None
        if ok:
            days.add(h.day.isoformat())
    return days.pop() if len(days) == 1 else None


@settings(max_examples=300, deadline=None)
@given(pool=happenings, m=mentions, start=earliest)
def test_the_indexed_join_gives_what_the_scan_gave(pool, m, start):
    resolutions = Resolutions()
    estimate = SimpleNamespace(earliest=start)
    by_month_day = dating.happenings_by_month_day(pool)
    expected = scanned_value(m, estimate, pool, resolutions)
    assert dating._joined_value(m, estimate, by_month_day, resolutions) == expected


def test_a_join_is_found_and_a_second_day_undoes_it():
    """The table's own cases: one reporting day joins; two reporting days join none."""
    m = SimpleNamespace(
        granularity="day",
        sentence=MET,
        expression_start=SENTENCES[MET],
        article="undated",
        role="sentence",
        head="",
        actors=["blinken", "burns"],
        lemmas=["meet", "doha", "ceasefire"],
    )
    said = dict(actors=frozenset({"blinken"}), lemmas=frozenset({"meet", "doha", "ceasefire"}))
    one = [Happening(datetime.date(2024, 3, 21), "dated", "t", False, **said)]
    estimate = SimpleNamespace(earliest=datetime.date(2024, 1, 1))
    joined = dating._joined_value(m, estimate, dating.happenings_by_month_day(one), Resolutions())
    assert joined == "2024-03-21"
    two = [*one, Happening(datetime.date(2025, 3, 21), "later", "t", False, **said)]
    assert (
        dating._joined_value(m, estimate, dating.happenings_by_month_day(two), Resolutions())
        is None
    )
