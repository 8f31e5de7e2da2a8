"""Tests for article_date.find_article_date: the order of trust and the strict caption rule."""

from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.records import CleanedArticle, Figure
from pelican.plugins.explainer_archive.text.clean import clean_article
from pelican.plugins.explainer_archive.text.dates import find_article_date, parse_date

SEED_DIR = Path(__file__).parent.parent / "content" / "raw"


@pytest.mark.parametrize(
    ("prefix", "value", "basis", "note"),
    [
        ("000", "2024-06-11", "dateline", "From the stamp 'Updated: June 11, 2024, 10:23 AM'."),
        (
            "001",
            "2023-11-30",
            "caption",
            "From the photo caption date 30 November 2023, a "
            "Thursday, matching 'on Thursday' in the text.",
        ),
        (
            "002",
            "2024-03-21",
            "caption",
            "From the photo caption date 21 March 2024, a Thursday, "
            "matching 'on Thursday' in the text.",
        ),
        ("003", None, "unknown", "No date in the file's metadata, stamps or captions."),
        ("004", None, "unknown", "No date in the file's metadata, stamps or captions."),
    ],
)
def test_seed_dates(prefix, value, basis, note):
    path = next(SEED_DIR.glob(f"{prefix}_*.txt"))
    article = clean_article(path.read_bytes())
    found = find_article_date(article)
    assert (found.value, found.basis, found.note) == (value, basis, note)
    assert article.warnings == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("2024-06-11", "2024-06-11"),
        ("2024-06-11T10:23:00Z", "2024-06-11"),
        ("2024-06-11 10:23", "2024-06-11"),
        ("June 11, 2024", "2024-06-11"),
        ("Jun. 11, 2024, 10:23 AM", "2024-06-11"),
        ("11 June 2024", "2024-06-11"),
        ("11th June 2024 at 10.23", "2024-06-11"),
        ("2024-02-30", None),
        ("next Tuesday", None),
        ("June 2024", None),
    ],
)
def test_parse_whole_header_dates(text, value):
    found = parse_date(text, whole=True)
    assert (found.isoformat() if found else None) == value


def article(paragraphs, **fields):
    return CleanedArticle(source="t", title="T", paragraphs=paragraphs, **fields)


@pytest.mark.parametrize(
    ("fields", "paragraphs", "value", "basis"),
    [
        ({"header": {"date": "2024-06-11"}}, ["Talks went on."], "2024-06-11", "metadata"),
        (
            {"header": {"date": "11 June 2024"}, "stamps": ["Updated: June 12, 2024"]},
            ["Talks went on."],
            "2024-06-11",
            "metadata",
        ),
        (
            {"header": {"date": "soon"}, "stamps": ["Published: March 3, 2024"]},
            ["Talks went on."],
            "2024-03-03",
            "dateline",
        ),
        (
            {"stamps": ["Updated: June 12, 2024", "Published 11 June 2024"]},
            ["Talks went on."],
            "2024-06-11",
            "dateline",
        ),
        (
            {},
            ["CAIRO, March 21, 2024 (Reuters) - Talks resumed on Thursday."],
            "2024-03-21",
            "dateline",
        ),
        ({}, ["WASHINGTON — 21 March 2024 — Talks resumed."], "2024-03-21", "dateline"),
        ({}, ["Officials met on March 21, 2024 in Cairo."], None, "unknown"),
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken spoke on Thursday."],
            "2024-03-21",
            "caption",
        ),
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken will arrive today."],
            "2024-03-21",
            "caption",
        ),
        # the body names another weekday: the photo may be older than the story
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken spoke on Monday."],
            None,
            "unknown",
        ),
        # no weekday and no "today": not enough to trust the caption
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken spoke."],
            None,
            "unknown",
        ),
        # captions disagree
        (
            {
                "figures": [
                    Figure("In Cairo, March 21, 2024.", "AP"),
                    Figure("In Doha, March 19, 2024.", "AFP"),
                ]
            },
            ["Blinken spoke on Thursday."],
            None,
            "unknown",
        ),
    ],
)
def test_order_of_trust(fields, paragraphs, value, basis):
    found = find_article_date(article(paragraphs, **fields))
    assert (found.value, found.basis) == (value, basis)
    assert found.note.endswith(".")


def test_unreadable_metadata_date_warns_and_falls_through():
    item = article(["Talks went on."], header={"date": "the day after"})
    assert find_article_date(item).basis == "unknown"
    assert item.warnings == [
        "The metadata date 'the day after' could not be read, so other evidence was used."
    ]


def test_contradicting_weekday_keeps_the_date_with_a_warning():
    item = article(["The minister spoke on Monday."], stamps=["Updated: June 11, 2024"])
    assert find_article_date(item).value == "2024-06-11"  # a Tuesday
    assert item.warnings == [
        "The article's date 2024-06-11 is a Tuesday, but the text speaks of "
        "Monday; the stated date was kept."
    ]


def test_metadata_note_names_the_value():
    found = find_article_date(article(["x."], header={"date": "2024-06-11 10:00"}))
    assert found.note == "From the file's metadata date '2024-06-11 10:00'."
