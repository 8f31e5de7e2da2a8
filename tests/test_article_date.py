"""Tests for text/dates.py: the date-line grammar, the order of trust, never inventing a date."""

from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.records import CleanedArticle, Figure
from pelican.plugins.explainer_archive.text.clean import clean_article
from pelican.plugins.explainer_archive.text.dates import (
    find_article_date,
    is_date_line,
    parse_date,
    split_dated_byline,
)

SEED_DIR = Path(__file__).parent.parent / "content" / "raw"
BODY = (
    "Officials from both sides met in the capital to discuss the proposal, and the talks went "
    "on late into the night, according to two people briefed on them."
)


@pytest.mark.parametrize(
    ("prefix", "value", "basis", "note"),
    [
        ("000", "2024-06-11", "dateline", "From the stamp 'Updated: June 11, 2024, 10:23 AM'."),
        # a caption date is the date only when the lede names its weekday ("on Thursday")
        (
            "001",
            "2023-11-30",
            "caption",
            "From a photo caption dated 30 November 2023, corroborated by the first "
            "paragraph's 'Thursday'.",
        ),
        # otherwise it is evidence for the estimator ("later today" under the day before's photo)
        ("002", None, "unknown", "No date in the file's metadata, date lines, dateline or URL."),
        (
            "003",
            None,
            "unknown",
            "No date in the file's metadata, date lines, dateline or URL.",
        ),
        (
            "004",
            None,
            "unknown",
            "No date in the file's metadata, date lines, dateline or URL.",
        ),
    ],
)
def test_seed_dates(prefix, value, basis, note):
    path = next(SEED_DIR.glob(f"{prefix}_*.txt"))
    article = clean_article(path.read_bytes())
    found = find_article_date(article)
    assert (found.value, found.basis, found.note) == (value, basis, note)
    assert article.warnings == []


# A date line at the top of a page, as scraped: the date it states.
@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("June 10, 2024", "2024-06-10"),
        ("Saturday, February 11, 2023", "2023-02-11"),
        ("June 13, 2024 at 10:24 am", "2024-06-13"),
        ("January 3, 2024 at 18:57 JST", "2024-01-03"),
        ("June 12, 2024 - 11:28 am", "2024-06-12"),
        ("date 2023-06-22", "2023-06-22"),
        ("2024-06-05T10:42:00+05:30", "2024-06-05"),
        ("2024-06-12", "2024-06-12"),
        ("12 Jun 2024", "2024-06-12"),
        ("Posted June 3, 2024", "2024-06-03"),
        ("Posted on: 3 June 2024", "2024-06-03"),
        ("Published: June 3, 2024", "2024-06-03"),
        ("Published On 14 Feb 2023", "2023-02-14"),
        ("First published on Thu 4 Jul 2024 23.01 BST", "2024-07-04"),
        ("First published 4 July 2024", "2024-07-04"),
        ("Last updated: 05 Jul 2024, 08:12 IST", "2024-07-05"),
        ("Updated 3:41 PM GMT+3, September 13, 2023", "2023-09-13"),
        ("Updated 10:02 AM EDT, Tue September 19, 2023", "2023-09-19"),
        ("Updated Aug 28, 2024", "2024-08-28"),
        ("Updated: June 11, 2024, 10:23 AM", "2024-06-11"),
        ("Published Wed, May 22 2024 4:20 PM EDT", "2024-05-22"),
        ("Dec. 13, 2023, 6:02 AM ET", "2023-12-13"),
        ("Sept. 21, 2023", "2023-09-21"),
        ("Oct 9, 2023 | 10:02 pm", "2023-10-09"),
        ("Monday 8 January 2024", "2024-01-08"),
        ("Wednesday 22 May 2024 18:41, UK", "2024-05-22"),
        ("JUNE 8, 2024 15:42", "2024-06-08"),
        ("3:41 pm, June 13, 2023", "2023-06-13"),
        ("Oct 11, 2023 - Economy & Business", "2023-10-11"),
        ("Aug 23, 2023 20:12 (IST)", "2023-08-23"),  # a zone in brackets
        ("Kyiv (Ukraine) - Sep 11, 2023 - 21:15 CEST", "2023-09-11"),  # a place beside it
        ("The Daily Record / 05:32 AM July 27, 2024", "2024-07-27"),  # an outlet beside it
        ("Jane Doe - Jul 19, 2024 2:16 pm UTC", "2024-07-19"),  # a name beside it
        ("06/06/2023June 6, 2023", "2023-06-06"),  # two renderings glued together
        ("Posted 08/13/24 9:41 PM ET", "2024-08-13"),  # a two-digit year
        ("Published 25/12/23", "2023-12-25"),
        ("05/08/24 9:41 PM ET", None),  # 8 May or 5 August: a date line, no date alone
        ("Published 13/06/2024 - 09:10", "2024-06-13"),  # 13 cannot be a month
        ("Posted 06/13/2024", "2024-06-13"),
        ("Published: 06/07/2023 - 14:32", None),  # 6 July or June 7: a date line, no date alone
        ("Updated 3 hours ago", None),  # a stamp without a date
        ("Posted 10:24 am", None),
        ("Posted at 10:24", None),
        ("Today 09:12", None),
        ("Yesterday at 18:02", None),
        ("6:58 am", None),  # a live blog's entry time
        ("18:57 JST", None),
        ("2 hours ago", None),
    ],
)
def test_date_lines(line, value):
    assert is_date_line(line)
    found = find_article_date(clean_article(f"{line}\n\n{BODY}"))
    assert found.value == value
    assert found.basis == ("dateline" if value else "unknown")


# Lines that hold a date but are not date lines: body prose, captions, headlines.
@pytest.mark.parametrize(
    "line",
    [
        "On June 4, 2024, the court ruled that the law was unconstitutional.",
        "on June 4, 2024, the court ruled",
        "The court ruled on June 4, 2024.",
        "June 4, 2024 — Talks resumed in Cairo after a week of delays.",
        "June 4, 2024: the day the ceasefire collapsed",
        "Blinken in Cairo, March 21, 2024. Evelyn Hockstein/Reuters",
        "Updated rules take effect on June 11, 2024",
        "Published in 2024",
        "In June 2024",
        "2024 election results",
        "1,200 people were killed on 7 October",
        "The 9/11/01 attacks changed air travel",
        "Kyiv - Ukrainian forces pushed forward on Sep 11, 2023 - officials said",
        "Updated",
        "10:24 am on Tuesday",
        "At 10:24 am the sirens sounded.",
        "7:3",
        "",
    ],
)
def test_not_date_lines(line):
    assert not is_date_line(line)


@pytest.mark.parametrize(
    ("line", "split"),
    [
        ("By Jane Doe | June 12, 2024", ("By Jane Doe", "June 12, 2024")),
        (
            "By Jane Doe, Reuters | Updated June 12, 2024",
            ("By Jane Doe, Reuters", "Updated June 12, 2024"),
        ),
        (
            "By JANE DOE • Published 12 Jun 2024, 10:00 BST",
            ("By JANE DOE", "Published 12 Jun 2024, 10:00 BST"),
        ),
        ("by Jane Doe - 05/08/24 9:41 PM ET", ("by Jane Doe", "05/08/24 9:41 PM ET")),
        ("By Jane Doe", None),
        ("By the time the talks ended on June 12, 2024, both sides had left.", None),
        ("Jane Doe | June 12, 2024", None),
    ],
)
def test_split_dated_byline(line, split):
    assert split_dated_byline(line) == split


def test_a_dated_byline_gives_both_the_byline_and_the_date():
    article = clean_article(f"By Jane Doe | June 12, 2024\n\n{BODY}")
    assert (article.byline, article.stamps) == ("Jane Doe", ["June 12, 2024"])
    assert article.paragraphs == [BODY]
    found = find_article_date(article)
    assert (found.value, found.basis) == ("2024-06-12", "dateline")


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
        ("Tuesday, June 11, 2024", "2024-06-11"),
        ("13/06/2024", "2024-06-13"),
        ("06/07/2023", None),  # ambiguous
        ("2024-02-30", None),
        ("next Tuesday", None),
        ("June 2024", None),
        ("Published June 11, 2024", None),  # a metadata value is a date, not a stamp
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
        # the original publication wins over an update, wherever they stand
        (
            {"stamps": ["Updated: June 12, 2024", "Published 11 June 2024"]},
            ["Talks went on."],
            "2024-06-11",
            "dateline",
        ),
        (
            {"stamps": ["Last updated: 05 Jul 2024, 08:12 IST", "First published 4 July 2024"]},
            ["Talks went on."],
            "2024-07-04",
            "dateline",
        ),
        # a bare date line is the publication; the "Updated" one is not
        (
            {"stamps": ["Updated June 14, 2024", "June 10, 2024"]},
            ["Talks went on."],
            "2024-06-10",
            "dateline",
        ),
        # a live blog: the top-of-page date, not the entry times below it
        (
            {
                "stamps": [
                    "June 13, 2024",
                    "June 14, 2024 at 10:24 am",
                    "June 13, 2024 at 18:57",
                ]
            },
            ["Talks went on."],
            "2024-06-13",
            "dateline",
        ),
        # a date line wins over the URL
        (
            {"header": {"url": "https://example.org/2024/06/10/talks"}, "stamps": ["12 Jun 2024"]},
            ["Talks went on."],
            "2024-06-12",
            "dateline",
        ),
        (
            {},
            ["CAIRO, March 21, 2024 (Reuters) - Talks resumed on Thursday."],
            "2024-03-21",
            "dateline",
        ),
        ({}, ["WASHINGTON — 21 March 2024 — Talks resumed."], "2024-03-21", "dateline"),
        # a date inside a body sentence is not a publication date
        ({}, ["Officials met on March 21, 2024 in Cairo."], None, "unknown"),
        ({}, ["On June 4, 2024, the court ruled against the plan."], None, "unknown"),
        # a caption date is the publication date only when the lede names its weekday (a
        # Thursday); otherwise derive/estimates.py uses it
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken spoke on Thursday."],
            "2024-03-21",
            "caption",
        ),
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken will arrive today."],
            None,
            "unknown",
        ),
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken spoke on Monday."],
            None,
            "unknown",
        ),
        (
            {"figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")]},
            ["Blinken spoke."],
            None,
            "unknown",
        ),
        # captions disagree: the latest one, whose weekday the lede names, is the date
        (
            {
                "figures": [
                    Figure("In Cairo, March 21, 2024.", "AP"),
                    Figure("In Doha, March 19, 2024.", "AFP"),
                ]
            },
            ["Blinken spoke on Thursday."],
            "2024-03-21",
            "caption",
        ),
        # ... but not when the lede names only the earlier caption's weekday
        (
            {
                "figures": [
                    Figure("In Cairo, March 21, 2024.", "AP"),
                    Figure("In Doha, March 19, 2024.", "AFP"),
                ]
            },
            ["Blinken spoke on Tuesday."],
            None,
            "unknown",
        ),
        # the URL is a stated date; a caption is not
        (
            {
                "header": {"url": "https://example.org/2024/03/blinken"},
                "figures": [Figure("Blinken in Cairo, March 21, 2024.", "AP")],
            },
            ["Blinken spoke on Thursday."],
            "2024-03",
            "url",
        ),
    ],
)
def test_order_of_trust(fields, paragraphs, value, basis):
    found = find_article_date(article(paragraphs, **fields))
    assert (found.value, found.basis) == (value, basis)
    assert found.note.endswith(".")


@pytest.mark.parametrize(
    ("url", "value", "note"),
    [
        ("https://example.org/2024/06/10/blinken-talks/", "2024-06-10", "/2024/06/10/"),
        ("https://example.org/world/2024/06/10/blinken", "2024-06-10", "/2024/06/10/"),
        ("https://example.org/news/blinken-talks-20240613-story.html", "2024-06-13", "-20240613-"),
        ("https://example.org/2024/06/blinken-talks", "2024-06", "/2024/06/"),
        ("https://example.org/news/2024-06-12/blinken", "2024-06-12", "/2024-06-12/"),
        ("https://example.org/2024/6/9/blinken", "2024-06-09", "/2024/6/9/"),
    ],
)
def test_url_dates(url, value, note):
    found = find_article_date(article(["Talks went on."], header={"url": url}))
    assert (found.value, found.basis) == (value, "url")
    assert found.note == f"From the URL's path {note}."


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/news/blinken-talks-123456789",
        "https://example.org/news/99991399/story",  # not a date
        "https://example.org/2024/13/story",  # no 13th month
        "https://example.org/story?date=2024-06-12",  # a query, not the path
        "https://example.org/2024/blinken",  # a year alone
        "https://example.org/story/20240613123",  # an id, not a date
    ],
)
def test_urls_without_a_date(url):
    found = find_article_date(article(["Talks went on."], header={"url": url}))
    assert (found.value, found.basis) == (None, "unknown")


@pytest.mark.parametrize(
    ("stamp", "paragraphs", "figures", "value"),
    [
        # a caption dated 9 February decides 10/02/2023 as 10 February
        (
            "Issued on: 10/02/2023 - 11:26",
            [BODY],
            ["Rescue in Sarmada on February 9, 2023."],
            "2023-02-10",
        ),
        # the text names Wednesday: 7 June 2023 was one, 6 July 2023 a Thursday
        (
            "Published: 06/07/2023 - 14:32",
            ["Crews spent Wednesday ferrying people."],
            [],
            "2023-06-07",
        ),
        # nothing decides: no date, rather than a guess
        ("Published: 06/07/2023 - 14:32", [BODY], [], None),
        # both weekdays named: nothing decides
        ("Published: 06/07/2023", ["Crews worked on Wednesday and on Thursday."], [], None),
    ],
)
def test_ambiguous_numeric_dates(stamp, paragraphs, figures, value):
    item = article(paragraphs, stamps=[stamp], figures=[Figure(c, "AP") for c in figures])
    assert find_article_date(item).value == value
    if value is None:
        assert item.warnings == [
            f"The date in '{stamp}' could be 2023-07-06 or 2023-06-07 and nothing on the page "
            "decides, so it was not used."
        ]


@pytest.mark.parametrize(
    "raw",
    [
        BODY,
        f"Blinken in Cairo\n\n{BODY}\n\nMr Blinken is due to visit Egypt on Tuesday.",
        f"Talks resume\n\nOn June 4, 2024, the court ruled.\n\n{BODY}",
        f"Updated 3 hours ago\n\n{BODY}",
        f"Live: ceasefire talks\n\n6:58 am\n\n{BODY}\n\n8:41 am\n\n{BODY.upper()}",
        f"© 2024 Example News. All rights reserved.\n\n{BODY}",
    ],
)
def test_undated_text_stays_unknown(raw):
    found = find_article_date(clean_article(raw))
    assert (found.value, found.basis) == (None, "unknown")


SITE_TOP = "Sunday, September 10, 2023\n\nHome\n\nWorld\n\nSport\n\nBusiness\n\n"
HEADLINE = "Officials meet in the capital to discuss the proposal\n\n"


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        # a date strip above the masthead gives way to the article's own date line
        (f"{SITE_TOP}{HEADLINE}By Jane Doe\n\nSeptember 9, 2023 11:05 pm\n\n{BODY}", "2023-09-09"),
        # without a date line of its own, the article keeps the only date the page states
        (f"{SITE_TOP}{HEADLINE}By Jane Doe\n\n{BODY}", "2023-09-10"),
        # a date right above the headline is the article's
        (f"Home\n\nSeptember 10, 2023\n\n{HEADLINE}September 9, 2023\n\n{BODY}", "2023-09-10"),
    ],
)
def test_a_site_date_strip_is_not_the_article_date(raw, value):
    assert find_article_date(clean_article(raw)).value == value


def test_unreadable_metadata_date_warns_and_falls_through():
    item = article(["Talks went on."], header={"date": "the day after"})
    assert find_article_date(item).basis == "unknown"
    assert item.warnings == [
        "The metadata date 'the day after' could not be read, so other evidence was used."
    ]


def test_a_past_weekday_in_the_text_is_no_conflict():
    """News speaks of past weekdays: 2024-03-21 was a Thursday, "on Monday" is not a conflict."""
    item = article(["The ministers met on Monday."], header={"date": "2024-03-21"})
    assert find_article_date(item).value == "2024-03-21"
    assert item.warnings == []


@pytest.mark.parametrize(
    ("stamp", "warned"),
    [
        ("Published: March 20, 2024", False),  # a day apart: time zones
        ("Updated: April 2, 2024", False),  # an update comes later
        ("Published: March 2, 2024", True),
    ],
)
def test_metadata_date_against_the_page_stamp(stamp, warned):
    item = article(["Talks went on."], header={"date": "2024-03-21"}, stamps=[stamp])
    assert find_article_date(item).value == "2024-03-21"
    assert bool(item.warnings) == warned
    if warned:
        assert item.warnings == [
            "The metadata date 2024-03-21 was kept, but the page's stamp "
            f"'{stamp}' says 2024-03-02."
        ]


def test_metadata_note_names_the_value():
    found = find_article_date(article(["x."], header={"date": "2024-06-11 10:00"}))
    assert found.note == "From the file's metadata date '2024-06-11 10:00'."
