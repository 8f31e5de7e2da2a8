"""Table-driven tests for pelican.plugins.explainer_archive.derive.timexes."""

from __future__ import annotations

import datetime
import time

import pytest
from pelican.plugins.explainer_archive.derive import timexes
from pelican.plugins.explainer_archive.derive.timexes import (
    find_time_expressions,
    format_value_human,
    is_future_clause,
)

D = datetime.date
TUE_0611 = D(2024, 6, 11)  # seed 000, a Tuesday
THU_1130 = D(2023, 11, 30)  # seed 001, a Thursday
THU_0321 = D(2024, 3, 21)  # seed 002, a Thursday
TUE_0820 = D(2024, 8, 20)  # seed 004, a Tuesday
MON_0819 = D(2024, 8, 19)

# (sentence, anchor, expected text, expected value, granularity)
CASES = [
    # --- seed article 000 (Tuesday 11 June 2024)
    (
        "US Secretary of State Antony Blinken said on Tuesday.",
        TUE_0611,
        "on Tuesday",
        "2024-06-11",
        "day",
    ),
    (
        "a UN Security Council ceasefire resolution that was passed yesterday and is ready",
        TUE_0611,
        "yesterday",
        "2024-06-10",
        "day",
    ),
    (
        "had “reaffirmed his commitment” to a ceasefire proposal at a meeting on Monday.",
        TUE_0611,
        "on Monday",
        "2024-06-10",
        "day",
    ),
    (
        "Mr Blinken, on his eighth trip to the region since the war in Gaza broke out in October, "
        "was speaking",
        TUE_0611,
        "October",
        "2023-10",
        "month",
    ),
    (
        "Mr Blinken is set to travel to Jordan on Tuesday to attend a conference",
        TUE_0611,
        "on Tuesday",
        "2024-06-11",
        "day",
    ),
    ("He met Egyptian officials in Cairo on Monday.", TUE_0611, "on Monday", "2024-06-10", "day"),
    # --- seed article 001 (Thursday 30 November 2023)
    (
        "U.S. Secretary of State Antony Blinken on Thursday said a temporary truce",
        THU_1130,
        "on Thursday",
        "2023-11-30",
        "day",
    ),
    (
        "hostages taken to Gaza during an Oct. 7 attack during which Israel says Hamas killed "
        "1,200 people",
        THU_1130,
        "Oct. 7",
        "2023-10-07",
        "day",
    ),
    ("in response to the Oct. 7 rampage", THU_1130, "Oct. 7", "2023-10-07", "day"),
    ("the Kremlin said on Friday", THU_1130, "on Friday", "2023-11-24", "day"),
    (
        "arrival in Tel Aviv, Israel, on November 30, 2023.",
        THU_1130,
        "November 30, 2023",
        "2023-11-30",
        "day",
    ),
    # --- seed article 002 (Thursday 21 March 2024)
    (
        "Secretary of State Antony Blinken will arrive in Israel later today to press for a truce",
        THU_0321,
        "later today",
        "2024-03-21",
        "day",
    ),
    (
        "Washington said it would submit for a vote on Friday a draft to the Security Council",
        THU_0321,
        "on Friday",
        "2024-03-22",
        "day",
    ),
    (
        "Blinken will travel to Israel, his sixth trip to the region since the war began with "
        "Hamas’s shock "
        "attack on Israel on October 7.",
        THU_0321,
        "October 7",
        "2023-10-07",
        "day",
    ),
    (
        "“But I continue to believe it’s possible,” Blinken said on Thursday.",
        THU_0321,
        "on Thursday",
        "2024-03-21",
        "day",
    ),
    (
        "The US had hoped to secure a six-week ceasefire and hostage deal by the start of Ramadan "
        "on March 10 "
        "but successive rounds",
        THU_0321,
        "March 10",
        "2024-03-10",
        "day",
    ),
    (
        "during his visit to Cairo, Egypt, March 21, 2024.",
        THU_0321,
        "March 21, 2024",
        "2024-03-21",
        "day",
    ),
    # --- seed article 004 (Tuesday 20 August 2024)
    (
        "the assassination of Hamas leader Ismail Haniyeh on Iranian soil late last month, "
        "which Tehran",
        TUE_0820,
        "late last month",
        "2024-07",
        "month",
    ),
    (
        "Mr Netanyahu told Israel’s cabinet on Sunday that “we are conducting negotiations",
        TUE_0820,
        "on Sunday",
        "2024-08-18",
        "day",
    ),
    (
        "The main UN agency in Gaza, UNRWA, said on Monday that 207 of its staff",
        TUE_0820,
        "on Monday",
        "2024-08-19",
        "day",
    ),
    ("Mr Blinken is due to visit Egypt on Tuesday.", TUE_0820, "on Tuesday", "2024-08-20", "day"),
    ("Mr Blinken is due to visit Egypt on Tuesday.", MON_0819, "on Tuesday", "2024-08-20", "day"),
    (
        "The talks in Qatar, also involving Egypt, paused at the end of last week without "
        "a breakthrough",
        TUE_0820,
        "the end of last week",
        "2024-08-12",
        "week",
    ),
    (
        "but they are set to resume this week based on what Washington has called",
        TUE_0820,
        "this week",
        "2024-08-19",
        "week",
    ),
    (
        "More than 100 hostages were released in November during a weeklong ceasefire.",
        TUE_0820,
        "November",
        "2023-11",
        "month",
    ),
    (
        "a Hamas attack inside southern Israel on 7 October during which around 1,200 people "
        "were killed",
        TUE_0820,
        "7 October",
        "2023-10-07",
        "day",
    ),
    # --- absolute forms
    (
        "The meeting took place on June 11, 2024 in Doha.",
        TUE_0820,
        "June 11, 2024",
        "2024-06-11",
        "day",
    ),
    (
        "The meeting took place on 11 June 2024 in Doha.",
        TUE_0820,
        "11 June 2024",
        "2024-06-11",
        "day",
    ),
    (
        "The meeting took place on the 11th of June 2024.",
        TUE_0820,
        "11th of June 2024",
        "2024-06-11",
        "day",
    ),
    ("The document is dated 2024-06-11.", TUE_0820, "2024-06-11", "2024-06-11", "day"),
    ("Talks resumed on March 10.", TUE_0611, "March 10", "2024-03-10", "day"),
    ("Talks resumed on Oct 7.", TUE_0611, "Oct 7", "2023-10-07", "day"),
    ("Talks resumed on Oct. 7.", TUE_0611, "Oct. 7", "2023-10-07", "day"),
    ("Talks resumed on October 7.", TUE_0611, "October 7", "2023-10-07", "day"),
    ("Talks resumed on 7 October.", TUE_0611, "7 October", "2023-10-07", "day"),
    ("Talks resumed on 7 Oct. in Cairo.", TUE_0611, "7 Oct.", "2023-10-07", "day"),
    ("the 7 October attack shocked Israel", TUE_0611, "7 October", "2023-10-07", "day"),
    ("since the 7 October attacks by Hamas gunmen", TUE_0611, "7 October", "2023-10-07", "day"),
    ("Talks resumed on June 11.", TUE_0611, "June 11", "2024-06-11", "day"),
    ("Talks broke down on June 12.", TUE_0611, "June 12", "2023-06-12", "day"),
    ("The talks collapsed in November.", TUE_0611, "November", "2023-11", "month"),
    ("The talks collapsed in June.", TUE_0611, "June", "2024-06", "month"),
    ("The talks collapsed in November 2023.", TUE_0611, "November 2023", "2023-11", "month"),
    ("The talks collapsed in October of 2023.", TUE_0611, "October of 2023", "2023-10", "month"),
    ("Prices have risen since 2023.", TUE_0611, "2023", "2023", "year"),
    ("The clinic opened in 2019, officials said.", TUE_0611, "2019", "2019", "year"),
    ("The clinic opened in early 2019.", TUE_0611, "early 2019", "2019", "year"),
    ("The clinic closed at the end of 2023.", TUE_0611, "the end of 2023", "2023", "year"),
    (
        "It blocked a draft at the end of February.",
        THU_0321,
        "the end of February",
        "2024-02",
        "month",
    ),
    ("Talks were due by the start of March.", THU_0321, "the start of March", "2024-03", "month"),
    ("Fighting intensified in early March.", THU_0321, "early March", "2024-03", "month"),
    ("Fighting intensified in mid-March.", THU_0321, "mid-March", "2024-03", "month"),
    ("Fighting intensified in early March 2023.", THU_0321, "early March 2023", "2023-03", "month"),
    ("Fighting intensified last November.", TUE_0611, "last November", "2023-11", "month"),
    ("Fighting resumed in May.", TUE_0611, "May", "2024-05", "month"),
    ("A truce was agreed on May 5.", TUE_0611, "May 5", "2024-05-05", "day"),
    ("Elections were held on 29 February.", TUE_0611, "29 February", "2024-02-29", "day"),
    ("Elections were held on 29 February.", D(2023, 6, 1), "29 February", "2020-02-29", "day"),
    # --- relative forms
    ("The ministry said today that aid had arrived.", TUE_0611, "today", "2024-06-11", "day"),
    ("The cabinet meets tonight.", TUE_0611, "tonight", "2024-06-11", "day"),
    ("Sirens sounded this morning in Tel Aviv.", TUE_0611, "this morning", "2024-06-11", "day"),
    ("Sirens sounded last night in Tel Aviv.", TUE_0611, "last night", "2024-06-10", "day"),
    ("Officials met yesterday.", TUE_0611, "yesterday", "2024-06-10", "day"),
    ("Officials met yesterday afternoon.", TUE_0611, "yesterday afternoon", "2024-06-10", "day"),
    ("Officials meet tomorrow.", TUE_0611, "tomorrow", "2024-06-12", "day"),
    ("Today, officials met in Doha.", TUE_0611, "Today", "2024-06-11", "day"),
    ("Officials said. Today they met in Doha.", TUE_0611, "Today", "2024-06-11", "day"),
    (
        "Officials met the day before yesterday.",
        TUE_0611,
        "the day before yesterday",
        "2024-06-09",
        "day",
    ),
    ("Hamas responded on Tuesday.", THU_1130, "on Tuesday", "2023-11-28", "day"),
    ("Hamas responded Monday, officials said.", THU_1130, "Monday", "2023-11-27", "day"),
    ("Hamas responded on Thursday.", THU_1130, "on Thursday", "2023-11-30", "day"),
    ("Hamas responded on Friday morning.", THU_1130, "on Friday morning", "2023-11-24", "day"),
    ("Hamas responded late on Friday.", THU_1130, "late on Friday", "2023-11-24", "day"),
    ("Hamas responded Tuesday's proposal.", THU_1130, "Tuesday", "2023-11-28", "day"),
    ("The talks stalled last week.", TUE_0611, "last week", "2024-06-03", "week"),
    ("The talks stalled earlier this week.", TUE_0611, "earlier this week", "2024-06-10", "week"),
    ("The talks resume next week.", TUE_0611, "next week", "2024-06-17", "week"),
    ("The talks stalled last weekend.", TUE_0611, "last weekend", "2024-06-03", "week"),
    ("The talks stalled last month.", TUE_0611, "last month", "2024-05", "month"),
    ("The talks stalled earlier this month.", TUE_0611, "earlier this month", "2024-06", "month"),
    ("The talks stalled this month.", TUE_0611, "this month", "2024-06", "month"),
    ("The talks resume next month.", D(2024, 12, 3), "next month", "2025-01", "month"),
    ("The talks stalled last month.", D(2024, 1, 3), "last month", "2023-12", "month"),
    ("The talks stalled last year.", TUE_0611, "last year", "2023", "year"),
    ("The talks stalled earlier this year.", TUE_0611, "earlier this year", "2024", "year"),
    ("The talks stalled this year.", TUE_0611, "this year", "2024", "year"),
    ("The talks collapsed last Tuesday.", THU_1130, "last Tuesday", "2023-11-28", "day"),
    ("The talks collapsed last Tuesday.", TUE_0611, "last Tuesday", "2024-06-04", "day"),
    ("The talks resume next Tuesday.", TUE_0611, "next Tuesday", "2024-06-18", "day"),
    ("The talks resume next Friday.", THU_1130, "next Friday", "2023-12-01", "day"),
    ("The talks collapsed a week ago.", TUE_0611, "a week ago", "2024-06-03", "week"),
    ("The talks collapsed two days ago.", TUE_0611, "two days ago", "2024-06-09", "day"),
    ("The talks collapsed three weeks ago.", TUE_0611, "three weeks ago", "2024-05-20", "week"),
    ("The talks collapsed 10 days ago.", TUE_0611, "10 days ago", "2024-06-01", "day"),
    ("The talks collapsed a month ago.", TUE_0611, "a month ago", "2024-05", "month"),
    ("The talks collapsed two years ago.", TUE_0611, "two years ago", "2022", "year"),
    # --- tense-aware weekdays, month-days and months
    ("Blinken will travel to Jordan on Tuesday.", THU_1130, "on Tuesday", "2023-12-05", "day"),
    ("Blinken is due to visit Egypt on Friday.", TUE_0611, "on Friday", "2024-06-14", "day"),
    ("Blinken is set to travel to Jordan on Friday.", TUE_0611, "on Friday", "2024-06-14", "day"),
    (
        "Blinken is expected to meet Netanyahu on Friday.",
        TUE_0611,
        "on Friday",
        "2024-06-14",
        "day",
    ),
    ("Blinken plans to meet Netanyahu on Friday.", TUE_0611, "on Friday", "2024-06-14", "day"),
    ("He said it would hold a vote on Friday.", TUE_0611, "on Friday", "2024-06-14", "day"),
    (
        "The envoy arrived ahead of a key UN vote on Friday.",
        TUE_0611,
        "on Friday",
        "2024-06-14",
        "day",
    ),
    (
        "Blinken heads to Israel on Friday to press for a truce.",
        THU_0321,
        "on Friday",
        "2024-03-22",
        "day",
    ),
    (
        "Israel said that its spy chief would also head back to Qatar on Friday",
        THU_0321,
        "on Friday",
        "2024-03-22",
        "day",
    ),
    (
        "we will be bringing this resolution for a vote on Friday morning,” Nate Evans said",
        THU_0321,
        "on Friday morning",
        "2024-03-22",
        "day",
    ),
    ("Blinken met Netanyahu on Friday.", TUE_0611, "on Friday", "2024-06-07", "day"),
    (
        "Blinken will travel to Israel, where talks collapsed on Friday.",
        TUE_0611,
        "on Friday",
        "2024-06-07",
        "day",
    ),
    (
        "Blinken will travel to Israel since talks collapsed on Friday.",
        TUE_0611,
        "on Friday",
        "2024-06-07",
        "day",
    ),
    ("A conference will be held on Oct. 7 in Jerusalem.", TUE_0611, "Oct. 7", "2024-10-07", "day"),
    ("A conference will be held on March 10.", THU_0321, "March 10", "2025-03-10", "day"),
    ("Elections will be held in November.", TUE_0611, "November", "2024-11", "month"),
    ("Elections were held in November.", TUE_0611, "November", "2023-11", "month"),
    ("Elections are scheduled for next March.", TUE_0611, "next March", "2025-03", "month"),
    (
        "Blinken will fly to Israel after meeting officials on Friday.",
        TUE_0611,
        "on Friday",
        "2024-06-14",
        "day",
    ),
    ("Blinken said he will visit Cairo on Friday.", TUE_0611, "on Friday", "2024-06-14", "day"),
    ("Hamas said Monday Israel had struck the camp.", THU_1130, "Monday", "2023-11-27", "day"),
    ("The Tuesday meeting went well.", THU_1130, "Tuesday", "2023-11-28", "day"),
    ("Prices rose sharply in mid-2023.", TUE_0611, "mid-2023", "2023", "year"),
]


def _find(sentence: str, anchor: datetime.date | None, text: str) -> timexes.TimeExpression:
    """Return the expression with the given text, failing with the full list otherwise."""
    found = find_time_expressions(sentence, anchor)
    matches = [e for e in found if e.text == text]
    assert matches, f"{text!r} not found in {sentence!r}: {[e.text for e in found]}"
    return matches[0]


@pytest.mark.parametrize(("sentence", "anchor", "text", "value", "granularity"), CASES)
def test_resolves(sentence, anchor, text, value, granularity):
    expr = _find(sentence, anchor, text)
    assert (expr.value, expr.granularity) == (value, granularity)
    assert sentence[expr.start : expr.end] == text


# Sentences with no date at all: each must yield nothing.
NOT_DATES = [
    ("Officials said talks may resume soon.", TUE_0611),
    ("The talks may not yet be reflected in the ceasefire talks themselves.", TUE_0611),
    ("Thousands of protesters march on the capital.", TUE_0611),
    ("Protesters will march through the city.", TUE_0611),
    ("Hamas killed 1,200 people and kidnapped 240.", TUE_0611),
    ("Herzog said about 150 hostages remained in Gaza.", TUE_0611),
    ("the first respite to Gaza in seven weeks", THU_1130),
    ("The US had hoped to secure a six-week ceasefire.", THU_0321),
    ("a six-day ceasefire was agreed", THU_0321),
    ("More than 100 hostages were released during a weeklong ceasefire.", TUE_0820),
    ("Netanyahu's office said the three-hour meeting was held in a good atmosphere.", TUE_0820),
    ("the talks are maybe the last opportunity to secure a deal", TUE_0820),
    ("Those policies date back to the 1990s.", TUE_0820),
    ("The conflict has lasted 60 years.", TUE_0820),
    ("A 60-year-old man, aged 60, was killed.", TUE_0820),
    ("The strikes killed 2,023 people.", TUE_0820),
    ("The strikes killed 2023 people.", TUE_0820),
    ("In 2023 people fled the north.", TUE_0820),
    ("He told the Sunday Times that he disagreed.", TUE_0820),
    ("Shoppers flocked to Black Friday sales.", TUE_0820),
    ("Pilgrims gathered for Good Friday.", TUE_0820),
    ("He finished second in the race.", TUE_0820),
    (
        "We have seen over the last week the very positive development of hostages coming home.",
        THU_1130,
    ),
    ("The situation over the past month has worsened.", THU_1130),
    ("In the next year the aid will flow.", THU_1130),
    ("May the talks succeed.", THU_1130),
    ("Talks stalled amid March protests.", THU_1130),
    ("Talks stalled amid 2023 tensions.", THU_1130),
    ("Votes are held on the last Friday of the month.", THU_1130),
    ("Monday Night Football drew millions.", THU_1130),
    ("1 min Mena Today", THU_1130),
    ("He told USA Today about it.", THU_1130),
    ("Officials from the Sunday Express agreed.", THU_1130),
    ("The March on Washington was recalled.", THU_1130),
    ("Triggering months of border clashes between Israel and Hezbollah.", TUE_0820),
    ("A few hours before Haniyeh was assassinated, drones flew.", TUE_0820),
    ("Some 110 are still believed to be in Gaza, 250 were taken hostage.", TUE_0820),
]


@pytest.mark.parametrize(("sentence", "anchor"), NOT_DATES)
def test_not_dates(sentence, anchor):
    assert find_time_expressions(sentence, anchor) == []


# Anchor unknown: (sentence, expected text, expected value, granularity, basis)
NO_ANCHOR = [
    ("Blinken heads to Israel on Friday", "on Friday", None, "day", "unresolved"),
    (
        "After blocking an Algerian draft resolution in Gaza at the end of February, US officials",
        "the end of February",
        None,
        "month",
        "unresolved",
    ),
    (
        "since the war began with Hamas’ attack on Israel on October 7.",
        "October 7",
        None,
        "day",
        "unresolved",
    ),
    ("The ministry said yesterday that aid had arrived.", "yesterday", None, "day", "unresolved"),
    ("The talks stalled last week.", "last week", None, "week", "unresolved"),
    ("The talks collapsed two days ago.", "two days ago", None, "day", "unresolved"),
    ("Talks resumed in November.", "November", None, "month", "unresolved"),
    ("Talks resumed on June 11, 2024.", "June 11, 2024", "2024-06-11", "day", "explicit"),
    ("Talks resumed in November 2023.", "November 2023", "2023-11", "month", "explicit"),
    ("Talks resumed in 2023.", "2023", "2023", "year", "explicit"),
]


@pytest.mark.parametrize(("sentence", "text", "value", "granularity", "basis"), NO_ANCHOR)
def test_no_anchor(sentence, text, value, granularity, basis):
    expr = _find(sentence, None, text)
    assert (expr.value, expr.granularity, expr.basis) == (value, granularity, basis)


# (sentence, anchor, expected text, expected basis, expected note)
NOTES = [
    (
        "Blinken said on Tuesday.",
        TUE_0611,
        "on Tuesday",
        "relative",
        "resolved from 'on Tuesday' in an article of 11 June 2024",
    ),
    (
        "It was agreed on June 11, 2024.",
        TUE_0611,
        "June 11, 2024",
        "explicit",
        "explicit date 'June 11, 2024'",
    ),
    (
        "It was agreed on June 11, 2024.",
        None,
        "June 11, 2024",
        "explicit",
        "explicit date 'June 11, 2024'",
    ),
    (
        "Blinken said on Tuesday.",
        None,
        "on Tuesday",
        "unresolved",
        "no article date to resolve 'on Tuesday' against",
    ),
]


@pytest.mark.parametrize(("sentence", "anchor", "text", "basis", "note"), NOTES)
def test_notes_and_basis(sentence, anchor, text, basis, note):
    expr = _find(sentence, anchor, text)
    assert (expr.basis, expr.note) == (basis, note)


# No yearless date ever lands after the anchor in a past-tense clause.
@pytest.mark.parametrize("anchor", [D(2024, 1, 1), D(2024, 6, 11), D(2024, 12, 31), D(2023, 3, 1)])
@pytest.mark.parametrize(
    "phrase", ["on Oct. 7", "on 31 December", "on January 1", "in December", "on Sunday"]
)
def test_no_future_dates_by_default(anchor, phrase):
    (expr,) = find_time_expressions(f"Hamas attacked {phrase}.", anchor)
    assert expr.value is not None
    assert expr.value <= anchor.isoformat()[: len(expr.value)]


# (text up to and including the expression, expected is_future_clause at the expression)
FUTURE = [
    ("Mr Blinken is set to travel to Jordan on Tuesday", True),
    ("Mr Blinken is due to visit Egypt on Tuesday", True),
    ("Blinken will travel to Jordan on Tuesday", True),
    ("Blinken is expected to arrive on Friday", True),
    ("Blinken plans to fly there on Friday", True),
    ("Washington said it would submit for a vote on Friday", True),
    ("ahead of a key UN vote on Friday", True),
    ("Blinken heads to Israel on Friday", True),
    ("He'll be there on Friday", True),
    ("Blinken will meet U.S. envoys on Friday", True),
    ("Blinken will travel. He met envoys on Friday", False),
    ("Blinken said on Tuesday", False),
    ("Blinken met officials on Monday", False),
    ("Blinken will travel to Israel, his sixth trip since the war began on October 7", False),
    ("Blinken will travel; the war began on October 7", False),
    ("Blinken will travel to Israel since the war began on October 7", False),
]


@pytest.mark.parametrize(("prefix", "expected"), FUTURE)
def test_is_future_clause(prefix, expected):
    start = prefix.rindex(" on ") + 1
    assert is_future_clause(prefix + ".", start) is expected


def test_future_cues_are_data():
    assert ("set", "to") in timexes.FUTURE_CUES
    assert all(isinstance(c, tuple) and c for c in timexes.FUTURE_CUES)


# (value, granularity, expected human text)
HUMAN = [
    ("2024-06-11", "day", "11 June 2024"),
    ("2024-06", "month", "June 2024"),
    ("2024-06-10", "week", "week of 10 June 2024"),
    ("2024", "year", "2024"),
    (None, "day", ""),
]


@pytest.mark.parametrize(("value", "granularity", "expected"), HUMAN)
def test_format_value_human(value, granularity, expected):
    assert format_value_human(value, granularity) == expected


def test_order_offsets_and_no_overlap():
    text = (
        "Blinken said on Tuesday that talks paused at the end of last week, and that since the "
        "7 October attack in 2023 the war had not stopped; he met Herzog on June 11, 2024."
    )
    found = find_time_expressions(text, TUE_0611)
    expected = ["on Tuesday", "the end of last week", "7 October", "2023", "June 11, 2024"]
    assert [e.text for e in found] == expected
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start
    for e in found:
        assert text[e.start : e.end] == e.text


def test_longest_match_wins():
    found = find_time_expressions("It was signed on March 10, 2024 in Cairo.", TUE_0611)
    assert [(e.text, e.value) for e in found] == [("March 10, 2024", "2024-03-10")]


def test_datetime_anchor_is_accepted():
    (expr,) = find_time_expressions("said on Monday", datetime.datetime(2024, 6, 11, 10, 23))
    assert expr.value == "2024-06-10"


# (sentence, hint span, expected text, value, granularity): hints cover what patterns miss
HINTS = [
    (
        "It happened on the 30th day of November, 2023, officials said.",
        "the 30th day of November, 2023",
        "the 30th day of November, 2023",
        "2023-11-30",
        "day",
    ),
    (
        "It happened on November the 30th, 2023, officials said.",
        "November the 30th, 2023",
        "November the 30th, 2023",
        "2023-11-30",
        "day",
    ),
    (
        "It happened in the month of November in 2023, officials said.",
        "the month of November in 2023",
        "the month of November in 2023",
        "2023-11",
        "month",
    ),
]


@pytest.mark.parametrize(("sentence", "hint", "text", "value", "granularity"), HINTS)
def test_hints_fill_gaps(sentence, hint, text, value, granularity):
    s = sentence.index(hint)
    found = find_time_expressions(sentence, TUE_0611, hints=[(s, s + len(hint))])
    match = [e for e in found if e.text == text]
    assert match
    got = match[0]
    assert (got.value, got.granularity, got.basis) == (value, granularity, "explicit")


# Hint spans that cannot be justified produce nothing.
BAD_HINTS = [
    ("The war has lasted 60 years now.", "60 years"),
    ("Those policies date back to the 1990s.", "the 1990s"),
    ("A six-week ceasefire was discussed.", "six-week"),
    ("The talks lasted weeks, since the summer.", "the summer"),
    ("Between March 2023 and May 2024 things changed.", "Between March 2023 and May 2024"),
]


@pytest.mark.parametrize(("sentence", "hint"), BAD_HINTS)
def test_unjustified_hints_are_ignored(sentence, hint):
    s = sentence.index(hint)
    found = find_time_expressions(sentence, TUE_0611, hints=[(s, s + len(hint))])
    # Only the pattern matches (if any) survive; nothing covers the whole hint.
    assert all(e.text != hint for e in found)
    assert all(e.value is None or e.basis != "explicit" or e.text in sentence for e in found)


def test_hints_out_of_range_are_ignored():
    assert find_time_expressions("no dates here", TUE_0611, hints=[(5, 2), (-3, 400)]) == []


def test_linear_time_on_large_input():
    chunk = (
        "Blinken said on Tuesday that 1,200 people, 2023 of them, were killed on Oct. 7 "
        "and that "
        "talks may resume next week; " + "1" * 50 + " " + "March " * 20 + "\n"
    )
    text = (chunk * (200_000 // len(chunk) + 1))[:200_000]
    t0 = time.perf_counter()
    found = find_time_expressions(text, TUE_0611)
    assert time.perf_counter() - t0 < 10
    assert len(found) > 1000
    # Pathological runs of digits, spaces and month words must not blow up either.
    evils = ("1" * 200_000, " " * 200_000, "May " * 50_000, "the end of " * 18_000, "7 " * 100_000)
    for evil in evils:
        t0 = time.perf_counter()
        find_time_expressions(evil, TUE_0611)
        assert time.perf_counter() - t0 < 10
