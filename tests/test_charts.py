"""The charts' numbers: co-occurrence ties and weights, counts per month and period, and the
geometry drawn from them. Text beyond the seeds, through the real spaCy pass."""

from __future__ import annotations

import pytest
from pelican.plugins.explainer_archive.archive import build as archive_stage
from pelican.plugins.explainer_archive.derive import cooccurrence, coverage
from pelican.plugins.explainer_archive.records import CleanedArticle
from pelican.plugins.explainer_archive.site import charts

# ---------------------------------------------------------------------------
# Ties from (sentence key, actor) mentions and events
# ---------------------------------------------------------------------------

TIE_CASES = [
    # (mentions per article, events, expected [(a, b, sentences, events, weight)])
    ({"a1": [(0, "macron"), (0, "scholz")]}, [], [("macron", "scholz", 1, 0, 1)]),
    # one sentence naming both twice is one shared sentence
    (
        {"a1": [(0, "macron"), (0, "scholz"), (0, "macron")]},
        [],
        [("macron", "scholz", 1, 0, 1)],
    ),
    # different sentences of one article: no tie
    ({"a1": [(0, "macron"), (1, "scholz")]}, [], []),
    # three actors in one sentence: three ties
    (
        {"a1": [(0, "berlin"), (0, "macron"), (0, "scholz")]},
        [],
        [
            ("berlin", "macron", 1, 0, 1),
            ("berlin", "scholz", 1, 0, 1),
            ("macron", "scholz", 1, 0, 1),
        ],
    ),
    # sentences add up across articles; the same sentence index in two articles is two
    (
        {"a1": [(0, "macron"), (0, "scholz")], "a2": [(0, "scholz"), (0, "macron")]},
        [],
        [("macron", "scholz", 2, 0, 2)],
    ),
    # (paragraph, sentence) keys: the same sentence number in two paragraphs is two sentences
    ({"a1": [((0, 3), "macron"), ((1, 3), "scholz")]}, [], []),
    # a merged event naming both counts once, however many articles report it
    (
        {"a1": [(0, "macron")], "a2": [(0, "scholz")]},
        [{"id": "ev-1", "actors": ["scholz", "macron"], "sources": ["a1", "a2"]}],
        [("macron", "scholz", 0, 1, 1)],
    ),
    # sentence and event evidence add up; stronger ties first
    (
        {"a1": [(0, "macron"), (0, "scholz"), (1, "meloni"), (1, "scholz")]},
        [{"id": "ev-1", "actors": ["macron", "scholz"], "sources": ["a1"]}],
        [("macron", "scholz", 1, 1, 2), ("meloni", "scholz", 1, 0, 1)],
    ),
    # an event naming one actor ties nobody
    ({"a1": [(0, "macron")]}, [{"id": "ev-1", "actors": ["macron"], "sources": ["a1"]}], []),
]


@pytest.mark.parametrize(("mentions", "events", "expected"), TIE_CASES)
def test_tie_counts_and_weights(mentions, events, expected):
    ties = cooccurrence.count_ties(mentions, events)
    found = [(t.source, t.target, t.sentences, len(t.events), t.weight) for t in ties]
    assert found == expected


def test_network_keeps_each_actors_strongest_ties_among_the_most_mentioned():
    mentions = {"a": 10, "b": 9, "c": 8, "d": 1}
    ties = [
        cooccurrence.Tie("a", "b", sentences=5),
        cooccurrence.Tie("a", "c", sentences=4),
        cooccurrence.Tie("b", "c", sentences=3),
        cooccurrence.Tie("c", "d", sentences=2),
    ]
    actors, shown = cooccurrence.strongest_network(ties, mentions, max_actors=3, per_actor=1)
    assert actors == ["a", "b", "c"]  # d is not among the three most mentioned
    assert [(t.source, t.target) for t in shown] == [("a", "b"), ("a", "c")]


def test_actor_page_ties_are_limited_and_strongest_first():
    ties = [cooccurrence.Tie("a", x, sentences=10 - i) for i, x in enumerate("bcdefghijk")]
    mine = cooccurrence.ties_by_actor(ties, limit=3)
    assert [t.target for t in mine["a"]] == ["b", "c", "d"]
    assert [t.source for t in mine["k"]] == ["a"]


def test_tie_record_lists_articles_newest_first_undated_last():
    tie = cooccurrence.Tie("a", "b", 3, ["ev-1"], {"old": 1, "new": 1, "nodate": 1})
    dates = {"old": "2023-01-02", "new": "2024-05", "nodate": None}
    assert cooccurrence.tie_json(tie, dates) == {
        "actors": ["a", "b"],
        "weight": 4,
        "sentences": 3,
        "events": ["ev-1"],
        "articles": ["new", "old", "nodate"],
    }


# ---------------------------------------------------------------------------
# Counts per month and per period
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "month", "week"),
    [
        ("2024-06-11", "2024-06", "2024-06-10"),  # a Tuesday: its week starts Monday 10th
        ("2024-06-10", "2024-06", "2024-06-10"),
        ("2024-01-01", "2024-01", "2024-01-01"),
        ("2023-01-01", "2023-01", "2022-12-26"),  # a Sunday: the week began the year before
        ("2024-06", "2024-06", None),
        ("2024", None, None),
        (None, None, None),
    ],
)
def test_month_and_week_of_a_date(value, month, week):
    assert coverage.month_of(value) == month
    assert coverage.week_of(value) == week


@pytest.mark.parametrize(
    ("dates", "granularity"),
    [
        (["2024-06-01", "2024-06-30"], "week"),
        (["2024-01-01", "2024-06-20"], "week"),  # 24 weeks
        (["2024-01-01", "2024-08-20"], "month"),
        (["2024-01-01", "2024-02"], "month"),  # a month-only date: no weeks
        (["1990-01-01", "2024-06-11"], "year"),  # a history date stretches it to years
        (["2023", "2024"], "year"),
        ([], "year"),
    ],
)
def test_strip_granularity(dates, granularity):
    assert coverage.strip_granularity(dates) == granularity


def spans(dates: dict) -> dict:
    """Stated dates as spans; a list is an estimated range."""
    return {k: tuple(v) if isinstance(v, list) else (v, v) if v else None for k, v in dates.items()}


def test_archive_strip_counts_periods_first_events_and_unplaced():
    articles = {
        "a": "2023-11-30",
        "b": "2024-01-05",
        "c": "2024-01",
        "d": "2024",
        "e": None,
        "f": ["2024-01-10", "2024-01-12"],  # estimated within January: placed there
        "g": ["2023-11-30", "2023-12-06"],  # estimated across two months: not placed
    }
    events = [
        {"id": "e1", "date": "2023-11-29"},
        {"id": "e2", "date": "2024-01"},
        {"id": "e3", "date": "2023"},
    ]
    strip = coverage.archive_strip(spans(articles), events)
    assert strip.granularity == "month"
    assert strip.periods == [
        {"period": "2023-11", "articles": 1, "estimated": 0, "events": 1, "first_event": "e1"},
        {"period": "2023-12", "articles": 0, "estimated": 0, "events": 0, "first_event": None},
        {"period": "2024-01", "articles": 3, "estimated": 1, "events": 1, "first_event": "e2"},
    ]
    assert (strip.unplaced_articles, strip.unplaced_events) == (3, 1)


@pytest.mark.parametrize(
    ("span", "granularity", "period"),
    [
        (("2024-03-21", "2024-03-22"), "month", "2024-03"),
        (("2024-03-21", "2024-03-22"), "week", "2024-03-18"),
        (("2024-03-30", "2024-04-02"), "month", None),
        (("2024-03-30", "2024-04-02"), "year", "2024"),
        (("2024-06", "2024-06"), "week", None),
        (None, "month", None),
    ],
)
def test_an_article_is_placed_only_in_a_period_holding_its_whole_span(span, granularity, period):
    assert coverage.span_period(span, granularity) == period


def test_weekly_strip_links_a_week_to_its_first_event():
    strip = coverage.archive_strip(
        spans({"a": "2024-06-11"}),
        [{"id": "e", "date": "2024-06-13"}, {"id": "f", "date": "2024-06-12"}],
    )
    assert strip.granularity == "week"
    assert strip.periods == [
        {"period": "2024-06-10", "articles": 1, "estimated": 0, "events": 2, "first_event": "f"}
    ]


@pytest.mark.parametrize(
    ("granularity", "period", "href"),
    [
        ("month", "2024-06", "chronology/2024-06/"),  # the month's page
        ("year", "2023", "chronology/#year-2023"),  # the year in the chronology's index
        ("week", "2024-06-10", "chronology/2024-06/page/2/#ev-f"),  # the week's first event
    ],
)
def test_strip_links_into_the_chronology(granularity, period, href):
    strip = coverage.Strip(
        granularity, [{"period": period, "articles": 0, "events": 1, "first_event": "ev-f"}]
    )
    context = {
        "CHRONOLOGY_URL": "chronology/",
        "chronology_years": [{"year": "2024", "months": [
            {"period": "2024-06", "url": "chronology/2024-06/"}]}],
        "event_urls": {"ev-f": "chronology/2024-06/page/2/#ev-f"},
    }  # fmt: skip
    assert charts.strip_links(strip, context) == {period: href}


def test_monthly_counts_per_actor_and_topic():
    months = {"a": "2024-01", "b": "2024-01", "c": "2024-02", "d": None}
    mentions = {
        "a": [(0, "macron"), (1, "macron"), (1, "scholz")],
        "b": [(0, "macron")],
        "c": [(0, "scholz")],
        "d": [(0, "macron"), (0, "macron")],
    }
    assert coverage.actor_months(months, mentions) == {
        "macron": {"2024-01": [2, 3], "": [1, 2]},
        "scholz": {"2024-01": [1, 1], "2024-02": [1, 1]},
    }
    topics = {"a": ["budget"], "b": [], "c": ["budget", "eu"], "d": ["eu"]}
    assert coverage.topic_months(months, topics) == {
        "budget": {"2024-01": 1, "2024-02": 1},
        "eu": {"2024-02": 1, "": 1},
    }


# ---------------------------------------------------------------------------
# The real pass: new text through spaCy, actors, chronology and the chart data
# ---------------------------------------------------------------------------

NEW_ARTICLES = [
    (
        "summit",
        "2024-01-15",
        [
            "Emmanuel Macron met Olaf Scholz in Berlin on Monday to discuss the budget.",
            "Macron later told reporters that the talks had gone well.",
            "Scholz and Macron agreed to meet again in Paris next month.",
        ],
    ),
    (
        "paris",
        "2024-02-20",
        [
            "Olaf Scholz travelled to Paris on Tuesday for a second round of talks with "
            "Emmanuel Macron.",
            "Giorgia Meloni joined the two leaders for dinner.",
            "Meloni said Italy would back the plan.",
        ],
    ),
    (
        "rome",
        "2024-02",
        [
            "Giorgia Meloni hosted Olaf Scholz in Rome.",
            "The Italian prime minister praised the German chancellor.",
        ],
    ),
    ("analysis", None, ["Emmanuel Macron and Giorgia Meloni have clashed over migration before."]),
]


@pytest.fixture(scope="module")
def new_archive(tmp_path_factory):
    articles = []
    for key, date, paragraphs in NEW_ARTICLES:
        cleaned = CleanedArticle(source=f"raw/{key}.txt", title=key, paragraphs=paragraphs)
        basis = "metadata" if date else "unknown"
        articles.append(archive_stage.ArchiveArticle(key, key, date, basis, "", cleaned))
    cache = tmp_path_factory.mktemp("charts") / "cache.sqlite"
    return archive_stage.build_archive(articles, archive_stage.ArchiveConfig(cache_path=cache))


def tie_between(archive, a, b):
    found = [t for t in archive.charts.ties if {t.source, t.target} == {a, b}]
    return found[0] if found else None


def test_real_text_sentence_ties(new_archive):
    macron_scholz = tie_between(new_archive, "emmanuel-macron", "olaf-scholz")
    # Two sentences of "summit" (the first and the third; the second names Macron alone)
    # and one of "paris".
    assert macron_scholz.sentences == 3
    assert macron_scholz.articles == {"summit": 2, "paris": 1}
    # Only the undated analysis names Macron and Meloni in one sentence.
    assert tie_between(new_archive, "emmanuel-macron", "giorgia-meloni").articles == {"analysis": 1}
    # Meloni is at the dinner of "paris" but in another sentence than Macron and Scholz.
    assert tie_between(new_archive, "giorgia-meloni", "olaf-scholz").articles == {"rome": 1}


def test_real_text_event_ties(new_archive):
    berlin_meeting = [e for e in new_archive.events if "berlin" in e["actors"]]
    assert len(berlin_meeting) == 1
    tie = tie_between(new_archive, "emmanuel-macron", "olaf-scholz")
    assert berlin_meeting[0]["id"] in tie.events
    assert tie.weight == tie.sentences + len(tie.events)
    # Every tie's events name both of its actors.
    by_id = {e["id"]: e for e in new_archive.events}
    for tie in new_archive.charts.ties:
        for event in tie.events:
            assert {tie.source, tie.target} <= set(by_id[event]["actors"])


def test_real_text_monthly_counts(new_archive):
    data = new_archive.charts
    assert data.months == ["2024-01", "2024-02"]
    assert data.actor_months["giorgia-meloni"] == {"2024-02": [2, 3], "": [1, 1]}
    assert data.actor_months["olaf-scholz"]["2024-02"][0] == 2
    assert (data.strip.unplaced_articles, data.strip.granularity) == (1, "month")
    assert [p["articles"] for p in data.strip.periods] == [1, 2]
    record = charts.coverage_json(data)
    assert record["actors"]["giorgia-meloni"] == [
        {"month": "2024-02", "articles": 2, "mentions": 3},
        {"month": None, "articles": 1, "mentions": 1},
    ]


# ---------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.0, "12"), (12.25, "12.2"), (12.35, "12.3"), (0.04, "0"), (-0.04, "0"), (599.96, "600")],
)
def test_coordinates_are_rounded_to_one_decimal(value, text):
    assert charts.num(value) == text


@pytest.mark.parametrize(
    ("period", "granularity", "label"),
    [
        ("2024-06", "month", "Jun 2024"),
        ("2024-06-10", "week", "week of 10 Jun 2024"),
        ("2024", "year", "2024"),
    ],
)
def test_period_labels(period, granularity, label):
    assert charts.period_label(period, granularity) == label


@pytest.mark.parametrize(
    ("values", "peaks"),
    [
        ([1, 5, 2], [1]),
        ([5, 1, 5], [0, 2]),
        ([1, 1, 1], []),  # nothing stands out
        ([0, 1, 0, 1], []),
        ([4, 1, 4, 4, 4], []),  # more than three tied peaks: none labelled
        ([0, 0], []),
    ],
)
def test_peaks(values, peaks):
    assert charts.peak_indexes(values) == peaks


def test_month_ticks_fit_twelve_labels_and_mark_years():
    months = coverage.months_between("2022-11", "2024-06")  # 20 months: every other month
    found = charts.ticks(months, "month", 30.0)
    assert [t["label"] for t in found][:3] == ["Nov", "Jan", "Mar"]
    assert [t["sub"] for t in found if t["sub"]] == ["2022", "2023", "2024"]
    assert len(found) <= 12


def test_bars_stay_inside_the_chart():
    periods = coverage.months_between("2023-10", "2024-06")
    values = [2, 2, 0, 0, 0, 4, 0, 0, 6]
    chart = charts.bar_chart(periods, [("events", "chart-bar", values)], "month")
    for group in chart["groups"]:
        for bar in group["bars"]:
            x, y, w, h = (float(bar[k]) for k in ("x", "y", "w", "h"))
            assert x >= 0 and x + w <= chart["width"]
            assert float(chart["top_y"]) - 0.05 <= y and y + h <= float(chart["base_y"]) + 0.05
    tallest = chart["groups"][-1]["bars"][0]
    assert tallest["y"] == chart["top_y"] and chart["peaks"][0]["label"] == "Jun 2024: 6"


@pytest.mark.parametrize(
    ("nodes", "anchors"),
    [
        # alone: beside the node, towards the outside of the picture
        ([(100.0, 200.0, 8.0, "Olaf Scholz")], ["start"]),
        ([(500.0, 200.0, 8.0, "Olaf Scholz")], ["end"]),
        # the right side would cover the neighbour's circle: the label goes left
        ([(300.0, 200.0, 10.0, "Emmanuel Macron"), (330.0, 202.0, 8.0, "Olaf Scholz")],
         ["end", "start"]),
        # both sides taken by earlier labels' neighbours: below
        ([(300.0, 200.0, 10.0, "Rome"), (330.0, 200.0, 8.0, "Paris"),
          (270.0, 200.0, 8.0, "Berlin")], ["middle", "start", "end"]),
    ],
)  # fmt: skip
def test_labels_avoid_circles_and_earlier_labels(nodes, anchors):
    assert [p[2] for p in charts.place_labels(nodes)] == anchors


class Page:
    def __init__(self, slug, kind="person"):
        self.slug, self.name, self.url = slug, slug.title(), f"actors/{slug}/"
        self.data = {"kind": kind}


def test_network_is_the_same_for_the_same_ties():
    ties = cooccurrence.count_ties(
        {
            "a1": [(0, "macron"), (0, "scholz"), (1, "meloni"), (1, "scholz"), (2, "rome")],
            "a2": [(0, "meloni"), (0, "rome"), (0, "scholz")],
        },
        [],
    )
    pages = {s: Page(s) for s in ("macron", "scholz", "meloni", "rome")}
    mentions = {"macron": 1, "scholz": 3, "meloni": 2, "rome": 2}
    first = charts.network_chart(ties, pages, mentions)
    second = charts.network_chart(list(ties), dict(pages), dict(mentions))
    assert first["nodes"] == second["nodes"] and first["edges"] == second["edges"]
    assert [n["slug"] for n in first["nodes"]] == ["scholz", "meloni", "rome", "macron"]
    assert first["desc"].endswith("Strongest tie: Meloni and Scholz: 2 shared sentences.")


def test_the_network_layout_is_kept_for_the_next_build(tmp_path, monkeypatch):
    ties = cooccurrence.count_ties(
        {"a1": [(0, "macron"), (0, "scholz"), (1, "meloni"), (1, "scholz")]}, []
    )
    pages = {s: Page(s) for s in ("macron", "scholz", "meloni")}
    mentions = {"macron": 1, "scholz": 3, "meloni": 2}
    memo = tmp_path / "cache" / charts.LAYOUT_MEMO
    first = charts.network_chart(ties, pages, mentions, memo)
    assert first == charts.network_chart(ties, pages, mentions)  # the same picture
    kept = memo.read_bytes()

    def no_layout(*_args):
        raise AssertionError("laid out again")

    with monkeypatch.context() as patched:
        patched.setattr(charts, "layout", no_layout)
        assert charts.network_chart(ties, pages, mentions, memo) == first  # read back
    # Another network is laid out again and kept instead.
    fewer = [t for t in ties if "macron" not in (t.source, t.target)]
    assert charts.network_chart(fewer, pages, mentions, memo) == charts.network_chart(
        fewer, pages, mentions
    )
    assert memo.read_bytes() != kept
    # A memo that is not what it should be is laid out again, never trusted.
    for broken in ("", "[]", '{"key": 1}', '{"key": "x", "at": {"scholz": 1}}'):
        memo.write_text(broken)
        assert charts.network_chart(ties, pages, mentions, memo) == first


@pytest.mark.parametrize(
    ("per_month", "what", "desc"),
    [
        (
            {"2024-01": [1, 3], "2024-02": [1, 1], "": [1, 2]},
            "mentions",
            "From Jan 2024 to Mar 2024: 4 mentions, most in Jan 2024 (3). "
            "Not shown: 2 mentions in articles without a month.",
        ),
        ({"2024-03": 2, "": 1}, "articles", "From Jan 2024 to Mar 2024: 2 articles. "
         "Not shown: 1 article without a month."),
        ({"": 4}, "articles", None),  # nothing dated: no chart
    ],
)  # fmt: skip
def test_coverage_chart_description(per_month, what, desc):
    chart = charts.coverage_chart("Macron", ["2024-01", "2024-02", "2024-03"], per_month, what)
    assert (chart["desc"] if chart else None) == desc
