"""The series bounds read from an index of the dated articles' steps (estimates.StatedSeries)
and of the estimated articles' steps (estimates.EstimatedSeries, kept up to date as their
estimates change) give exactly what reading every entry of the series gave: the same
bounds, the same reasons and sources, ties taken in the same order.  Random archives of a
few series, actors and step numbers, dated and estimated articles among them (some
estimates open at one end, some relying on the article asking, some registered again with
a new range), against the reading of every entry as it was written before the index (kept
here as the reference)."""

from __future__ import annotations

import datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from pelican.plugins.explainer_archive.derive import estimates
from pelican.plugins.explainer_archive.derive.estimates import (
    ArticleEvidence,
    Estimate,
    Estimated,
    Pool,
    SeriesStep,
)

SERIES = ["trip to the region", "round of talks"]
ACTORS = ["blinken", "burns"]
START = datetime.date(2024, 1, 1)


def every_entry(view, series_key, undated, found) -> list[tuple]:
    """What the view listed before the index: the dated articles' entries and those of the
    estimated articles (`found`) the article may use, by article."""
    entries = (
        list(view.estimated.stated_series[series_key].entries)
        if (series_key in view.estimated.stated_series)
        else []
    )
    for article in undated:
        if article.key in found and view.estimated.usable_by(article.key, view.key):
            estimate = found[article.key]
            entries += [
                (article.key, article.title, estimate.earliest, estimate.latest, step)
                for step in article.series
                if (step.series, step.actor) == series_key
            ]
    return sorted(entries, key=lambda entry: entry[0])


def reference_bounds(article: ArticleEvidence, view, undated, found) -> list:
    """_series_bounds as it read every entry."""
    lows, highs = [], []
    for step in article.series:
        for key, title, earliest, latest, other in every_entry(
            view, (step.series, step.actor), undated, found
        ):
            if key == article.key:
                continue
            if other.number < step.number and earliest:
                lows.append((earliest, key, title, other, step))
            elif other.number > step.number and latest:
                highs.append((latest, key, title, other, step))
    lows, highs = estimates._consistent_series(lows, highs)
    best = []
    if lows:
        day = max(entry[0] for entry in lows)
        tied = [estimates._series_bound(e, low=True) for e in lows if e[0] == day]
        best.append(max(tied, key=lambda b: (b.earliest, b.why)))
    if highs:
        day = min(entry[0] for entry in highs)
        tied = [estimates._series_bound(e, low=False) for e in highs if e[0] == day]
        best.append(min(tied, key=lambda b: (b.latest, b.why)))
    return best


steps = st.lists(
    st.builds(
        SeriesStep,
        series=st.sampled_from(SERIES),
        number=st.integers(1, 6),
        actor=st.sampled_from(ACTORS),
        text=st.sampled_from(["", "next"]),
    ),
    min_size=1,
    max_size=3,
)
days = st.integers(0, 4).map(lambda n: START + datetime.timedelta(days=n))


@settings(max_examples=300, deadline=None)
@given(
    dated=st.lists(st.tuples(days, steps), max_size=25),
    undated=st.lists(
        st.tuples(st.none() | days, st.none() | days, steps, st.booleans()),
        min_size=1,
        max_size=12,
    ),
    data=st.data(),
)
def test_the_index_gives_the_bounds_every_entry_gave(dated, undated, data):
    stated = {
        f"d{i:02d}": ("A dated report", day, day, article_steps)
        for i, (day, article_steps) in enumerate(dated)
    }
    articles = [
        ArticleEvidence(f"u{i:02d}", "A report", series=article_steps)
        for i, (_e, _l, article_steps, _r) in enumerate(undated)
    ]
    found: dict[str, Estimate] = {}
    archive = Estimated(articles, stated, found)

    def register(i, earliest, latest, relies):
        if earliest is None and latest is None:
            return
        low, high = sorted([earliest, latest], key=lambda d: (d is None, d))
        sources = frozenset({articles[(i + 1) % len(articles)].key} if relies else ())
        found[articles[i].key] = Estimate(low, high, ["test"], sources=sources)
        archive.update(articles[i], found[articles[i].key], [])

    # Estimates arrive in any order; a later round registers an article again with a new
    # range (its earlier entries must then go).
    for i in data.draw(st.permutations(range(len(articles)))):
        earliest, latest, _steps, relies = undated[i]
        register(i, earliest, latest, relies)
    again = st.tuples(st.integers(0, len(articles) - 1), days, st.none() | days, st.booleans())
    for i, earliest, latest, relies in data.draw(st.lists(again, max_size=8)):
        register(i, earliest, latest, relies)
    base = Pool([])
    for article in articles:
        view = archive.view(base, article.key)
        assert estimates._series_bounds(article, view) == reference_bounds(
            article, view, articles, found
        )
