"""Tests of the chronology: extraction, merging, the five seeds, determinism, timex accuracy."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.derive import chronology
from pelican.plugins.explainer_archive.derive.chronology import ChronologyInput
from pelican.plugins.explainer_archive.text.clean import clean_article

SEED_DIR = Path(__file__).parent.parent / "content" / "raw"


def seed_body(key: str) -> str:
    """A seed's body as the cleaner makes it today (never a frozen copy)."""
    (path,) = SEED_DIR.glob(f"{key}_*.txt")
    return clean_article(path.read_bytes(), source=path.name).body_text


# Hand-built stand-ins for the actor and topic modules: name patterns -> slugs.
ACTOR_NAMES = {
    r"Blinken": "antony-blinken",
    r"Hamas": "hamas",
    r"Israel(?:i|'s|\u2019s)?": "israel",
    r"Netanyahu": "benjamin-netanyahu",
    r"Herzog": "isaac-herzog",
    r"Lapid": "yair-lapid",
    r"Gantz": "benny-gantz",
    r"Sisi": "abdel-fattah-el-sisi",
    r"Hezbollah": "hezbollah",
    r"Egypt(?:ian)?": "egypt",
    r"Qatar": "qatar",
    r"United States|U\.S\.|US|Washington": "united-states",
    r"Security Council|UN": "un-security-council",
}
TOPIC_PHRASES = {r"ceasefire|truce": "ceasefire-talks", r"hostages?": "hostages"}

SEEDS = {
    "000": (
        "2024-06-11",
        "Blinken welcomes 'hopeful' sign of Gaza ceasefire progress after Hamas signals support",
    ),
    "001": ("2023-11-30", "Blinken says truce between Israel, Hamas is producing results"),
    "002": (
        "2024-03-21",
        "Blinken heads to Israel on next leg of regional tour amid truce efforts in Gaza war",
    ),
    "003": (None, None),
    "004": (None, None),
}

# (text, article date, expected event dates after extract + merge on that text alone)
EXTRACTION_CASES = [
    ("Hamas attacked Israel on 7 October 2023, killing 1,200 people.", None, ["2023-10-07"]),
    ("Blinken met Netanyahu on Tuesday.", "2024-06-11", ["2024-06-11"]),
    ("Blinken met Netanyahu on Tuesday.", None, []),  # nothing to resolve against
    ("Blinken met Netanyahu on Monday.", "2024-06", []),  # a month is no anchor for a weekday
    ("The resolution was passed yesterday.", "2024-06-11", ["2024-06-10"]),
    ("Blinken will travel to Jordan on Tuesday.", "2024-06-11", ["2024-06-11"]),
    ("Talks in Qatar paused last week.", "2024-08-19", ["2024-08-12"]),
    ("Israel struck Rafah in 2023.", None, ["2023"]),  # a year only when nothing is finer
    ("Israel struck Rafah in March 2024 and again on 5 May 2024.", None, ["2024-05-05"]),
    ("Blinken has made eight trips to the region since Oct. 7.", "2024-06-11", []),
    ("\u201cWe will meet again on Friday,\u201d Blinken said.", "2024-03-21", []),
    ("Talks could resume on Friday.", "2024-03-21", []),
    ("Blinken cited the Oct. 7 attack.", "2023-11-30", []),  # a passing reference alone
    ("Blinken made his sixth trip since the war began on October 7.", "2024-03-21", ["2023-10-07"]),
    (
        "Israel and Hamas agreed a truce on Monday; the fighting resumed on Friday.",
        "2023-12-01",
        ["2023-11-27", "2023-12-01"],
    ),
]

# (sentence A, date A, sentence B, date B, same happening?)
MERGE_CASES = [
    (
        "Hamas launched a surprise attack on Israel on 7 October 2023.",
        None,
        "On October 7, 2023, Hamas gunmen attacked communities in southern Israel.",
        None,
        True,
    ),
    (
        "Israel and Hamas agreed on Thursday to extend the truce by one day.",
        "2023-11-30",
        "Two Palestinian attackers opened fire at a bus stop in Jerusalem on Thursday, killing "
        "three people.",
        "2023-11-30",
        False,
    ),
    (
        "Hamas signalled support for the UN ceasefire resolution on Tuesday.",
        "2024-06-11",
        "Blinken met opposition leader Yair Lapid on Tuesday.",
        "2024-06-11",
        False,
    ),
    (
        "Hamas attacked Israel in October 2023.",
        None,
        "Hamas attacked Israel on 7 October 2023.",
        None,
        False,
    ),  # month vs day: kept apart
    (
        "Blinken met Sisi in Cairo on Monday to discuss the truce.",
        "2024-06-11",
        "Blinken and Sisi discussed the truce and aid deliveries on Monday.",
        "2024-06-11",
        True,
    ),
    (
        "Blinken met Sisi in Cairo on Monday to discuss the truce.",
        "2024-06-11",
        "Blinken met Sisi in Cairo on Tuesday to discuss the truce.",
        "2024-06-11",
        False,
    ),
]

# One article reporting the same happening twice.
SAME_ARTICLE_TWICE = (
    "Blinken met Sisi in Cairo on Monday to discuss the truce. "
    "Blinken and Sisi discussed the truce and aid deliveries on Monday."
)

# The seeds' time expressions, labelled by hand: "context [expression] context" -> value.
# None means the expression must stay unresolved (no article date, or not a date at all:
# durations like "seven weeks", the present "right now").
HAND_LABELS = [
    ("000", "said [on Tuesday].", "2024-06-11"),
    ("000", "passed [yesterday]", "2024-06-10"),
    ("000", "broke out in [October]", "2023-10"),
    ("000", "meeting [on Monday]", "2024-06-10"),
    ("000", "politicians [on Tuesday]", "2024-06-11"),
    ("000", "Cairo [on Monday]", "2024-06-10"),
    ("000", "Jordan [on Tuesday]", "2024-06-11"),
    ("001", "Blinken [on Thursday] said", "2023-11-30"),
    ("001", "an [Oct. 7] attack", "2023-10-07"),
    ("001", "over [the last week]", None),
    ("001", "continue [today]", "2023-11-30"),
    ("001", "Earlier [on Thursday]", "2023-11-30"),
    ("001", "[six-day] ceasefire", None),
    ("001", "in [seven weeks]", None),
    ("001", "the [Oct. 7] rampage", "2023-10-07"),
    ("001", "since [Oct. 7],", "2023-10-07"),
    ("002", "Israel [later today]", "2024-03-21"),
    ("002", "vote [on Friday]", "2024-03-22"),
    ("002", "Israel on [October 7]", "2023-10-07"),
    ("002", "said [on Thursday]", "2024-03-21"),
    ("002", "Ramadan on [March 10]", "2024-03-10"),
    ("002", "[six-week] ceasefire", None),
    ("002", "that [right now]", None),
    ("003", "heads to Israel [on Friday]", None),
    ("003", "will head to Israel [on Friday]", None),
    ("003", "vote [on Friday morning]", None),
    ("003", "at [the end of February]", None),
    ("003", "a [six-week] truce", None),
    ("003", "Israel on [October 7]", None),
    ("003", "Gaza [this week]", None),
    ("003", "Qatar [on Friday]", None),
    ("003", "a [six-week] pause", None),
    ("003", "Cairo [on Thursday]", None),
    ("003", "called [on Thursday]", None),
    ("004", "at [the end of last week]", None),
    ("004", "resume [this week]", None),
    ("004", "[three-hour] meeting", None),
    ("004", "cabinet [on Sunday]", None),
    ("004", "outlined [last week]", None),
    ("004", "Israel on [7 October]", None),
    ("004", "released in [November]", None),
    ("004", "said [on Monday]", None),
    ("004", "triggering [months] of", None),
    ("004", "soil [late last month]", None),
    ("004", "its [7 October] attack", None),
    ("004", "expected [this week]", None),
    ("004", "Egypt [on Tuesday]", None),
]


def spans(text: str, table: dict[str, str]) -> list[tuple[int, int, str]]:
    """Hand-made actor/topic spans: every whole-word hit of each pattern."""
    found = []
    for pattern, slug in table.items():
        for m in re.finditer(rf"\b(?:{pattern})\b", text):
            found.append((m.start(), m.end(), slug))
    return sorted(found)


def make_input(key, title, date, text, annotation, topics=("ceasefire-talks",)):
    return ChronologyInput(
        key=key,
        title=title,
        date=date,
        date_basis="dateline" if date else "unknown",
        text=text,
        annotation=annotation,
        actor_spans=spans(text, ACTOR_NAMES),
        topic_spans=spans(text, TOPIC_PHRASES),
        title_actors=[slug for *_, slug in spans(title, ACTOR_NAMES)],
        topics=list(topics),
    )


@pytest.fixture(scope="module")
def annotated():
    """Every text of this module, annotated by the one spaCy pass in a single call."""
    seeds = {k: seed_body(k) for k in SEEDS}
    extra = [case[0] for case in EXTRACTION_CASES]
    extra += [s for case in MERGE_CASES for s in (case[0], case[2])]
    texts = list(seeds.values()) + extra + [SAME_ARTICLE_TWICE]
    annotations, _ = annotate.annotate_texts(texts)
    by_text = dict(zip(texts, annotations, strict=True))
    return seeds, by_text


@pytest.fixture(scope="module")
def seed_inputs(annotated):
    seeds, by_text = annotated
    inputs = []
    for key, (date, title) in SEEDS.items():
        text = seeds[key]
        # Undated seeds have no headline: their title is generated from the first sentence.
        title = title or re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
        inputs.append(make_input(key, title, date, text, by_text[text]))
    return inputs


@pytest.fixture(scope="module")
def seed_events(seed_inputs):
    mentions = [m for article in seed_inputs for m in chronology.extract_events(article)]
    return chronology.merge_events(mentions)


def events_of(text, date, by_text, key="case"):
    article = make_input(key, "", date, text, by_text[text])
    return chronology.merge_events(chronology.extract_events(article))


@pytest.mark.parametrize(("text", "date", "expected"), EXTRACTION_CASES)
def test_extraction_table(annotated, text, date, expected):
    _, by_text = annotated
    assert [ev.date for ev in events_of(text, date, by_text)] == expected


def test_clause_is_the_event_text(annotated):
    _, by_text = annotated
    text = "Blinken made his sixth trip since the war began on October 7."
    (event,) = events_of(text, "2024-03-21", by_text)
    assert event.text == "The war began on October 7."
    assert event.mentions[0]["sentence"] == text


def test_plans_are_marked(annotated):
    _, by_text = annotated
    (event,) = events_of("Blinken will travel to Jordan on Tuesday.", "2024-06-11", by_text)
    assert event.planned


@pytest.mark.parametrize(("a", "date_a", "b", "date_b", "same"), MERGE_CASES)
def test_merge_cases(annotated, a, date_a, b, date_b, same):
    _, by_text = annotated
    mentions = []
    for key, text, date in (("a", a, date_a), ("b", b, date_b)):
        mentions += chronology.extract_events(make_input(key, "", date, text, by_text[text]))
    assert len(mentions) == 2
    events = chronology.merge_events(mentions)
    assert len(events) == (1 if same else 2)
    if same:
        assert events[0].sources == ["a", "b"]


def test_merge_within_one_article(annotated):
    _, by_text = annotated
    (event,) = events_of(SAME_ARTICLE_TWICE, "2024-06-11", by_text)
    assert event.date == "2024-06-10" and event.sources == ["case"]
    assert len(event.mentions) == 2


def test_week_is_shown_as_week_of(annotated):
    _, by_text = annotated
    (event,) = events_of("Talks in Qatar paused last week.", "2024-08-19", by_text)
    assert (event.granularity, event.date_label) == ("week", "week of 12 August 2024")


def test_headline_is_the_articles_own_event(seed_inputs):
    mentions = chronology.extract_events(seed_inputs[0])
    (headline,) = [m for m in mentions if m.role == "headline"]
    assert (headline.value, headline.basis, headline.text) == (
        "2024-06-11",
        "article-date",
        SEEDS["000"][1],
    )
    # Undated articles have no news day of their own.
    assert not [m for m in chronology.extract_events(seed_inputs[3]) if m.role == "headline"]


def find(events, date, *words):
    """The events of one date whose text holds every word."""
    return [ev for ev in events if ev.date == date and all(w in ev.text for w in words)]


def test_seed_acceptance(seed_events):
    print("\nCHRONOLOGY OF THE FIVE SEEDS")
    for ev in seed_events:
        plan = "plan" if ev.planned else ""
        print(
            f"  {ev.date:<10} {ev.date_basis:<9} {plan:<4} {','.join(ev.sources):<8} {ev.text[:90]}"
        )
    (attack,) = find(seed_events, "2023-10-07")
    assert "attack" in attack.text and attack.sources == ["001", "002"]
    assert {"hamas", "israel"} <= set(attack.actors)
    assert "antony-blinken" not in attack.actors  # a passing reference lends no actors
    assert find(seed_events, "2023-11-30", "extend")
    (blinken_1130,) = [ev for ev in find(seed_events, "2023-11-30") if "extend" not in ev.text]
    assert blinken_1130.actors[0] == "antony-blinken" and len(blinken_1130.mentions) == 2
    assert find(seed_events, "2024-03-10", "Ramadan")
    assert find(seed_events, "2024-03-21", "Blinken")
    (vote,) = find(seed_events, "2024-03-22", "vote")
    assert vote.planned
    assert find(seed_events, "2024-06-10", "resolution", "passed yesterday")
    (support,) = find(seed_events, "2024-06-11", "support")
    assert any(m["role"] == "headline" for m in support.mentions)
    assert find(seed_events, "2024-06-11", "met Israeli opposition politicians")
    assert support not in find(seed_events, "2024-06-11", "met")
    # The undated seeds resolve nothing, so they source no event.
    assert not [ev for ev in seed_events if {"003", "004"} & set(ev.sources)]
    assert all(m["date_note"] for ev in seed_events for m in ev.mentions)


def test_shuffled_input_gives_the_same_chronology(seed_inputs, seed_events):
    expected = json.dumps(chronology.to_chronology_json(seed_events))
    rng = random.Random(7)
    for _ in range(3):
        articles = list(seed_inputs)
        rng.shuffle(articles)
        mentions = [m for a in articles for m in chronology.extract_events(a)]
        rng.shuffle(mentions)
        got = json.dumps(chronology.to_chronology_json(chronology.merge_events(mentions)))
        assert got == expected


def test_ids_are_unique_and_valid_html(seed_events):
    ids = [ev.id for ev in seed_events]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"ev-\d{4}(?:-\d\d){0,2}-[0-9a-f]{10}(?:-\d+)?", i) for i in ids)


def test_json_and_timelinejs_shapes(seed_events):
    data = chronology.to_chronology_json(seed_events)
    assert [d["date"] for d in data] == sorted(d["date"] for d in data)
    keys = {
        "id",
        "date",
        "date_basis",
        "text",
        "actors",
        "topics",
        "sources",
        "granularity",
        "date_label",
        "mentions",
    }
    assert all(keys <= set(d) for d in data)
    month = next(d for d in data if d["granularity"] == "month")
    assert month["date_label"] == "October 2023"
    timeline = chronology.to_timelinejs(
        seed_events,
        headline="Chronology",
        text="Dated events",
        url_for=lambda slug: f"/articles/{slug}.html",
    )
    assert timeline["title"]["text"]["headline"] == "Chronology"
    first = timeline["events"][0]
    assert first["start_date"] == {"year": "2023", "month": "10"}
    attack = next(e for e in timeline["events"] if e["start_date"].get("day") == "7")
    assert '<a href="/articles/001.html">001</a>' in attack["text"]["text"]
    assert len({e["unique_id"] for e in timeline["events"]}) == len(timeline["events"])


def test_hand_labelled_time_expressions(seed_inputs):
    """Compare every seed time expression with its hand label; print the figures."""
    by_key = {a.key: a for a in seed_inputs}
    found = {
        key: [(s, e, x) for _, s, e, x in chronology.sentence_time_expressions(a)]
        for key, a in by_key.items()
    }
    resolvable = correct = fabricated = 0
    misses = []
    labelled_spans = {key: [] for key in by_key}
    for key, marked, expected in HAND_LABELS:
        context = marked.replace("[", "").replace("]", "")
        text = by_key[key].text
        assert text.count(context) == 1, (key, context)
        start = text.index(context) + marked.index("[")
        end = start + marked.index("]") - marked.index("[") - 1
        labelled_spans[key].append((start, end))
        hits = [x for s, e, x in found[key] if s < end and e > start]
        value = hits[0].value if hits else None
        if expected is None:
            if value is not None:
                fabricated += 1
                misses.append((key, marked, expected, value))
        else:
            resolvable += 1
            if value == expected:
                correct += 1
            else:
                misses.append((key, marked, expected, value))
    # Every expression the finder reports must have a hand label.
    unlabelled = [
        (key, x.text)
        for key, items in found.items()
        for s, e, x in items
        if not any(s < le and e > ls for ls, le in labelled_spans[key])
    ]
    accuracy = correct / resolvable
    print(
        f"\nTIME EXPRESSIONS: {len(HAND_LABELS)} labelled, {resolvable} resolvable, "
        f"{correct} resolved correctly ({accuracy:.1%}), {fabricated} fabricated dates, "
        f"{len(HAND_LABELS) - resolvable} to stay unresolved"
    )
    for miss in misses:
        print("  wrong:", miss)
    assert not unlabelled, unlabelled
    assert fabricated == 0
    assert accuracy >= 0.95
