"""A headline sharing its line with a date stamp or a section label (issue 21 items 3 and 5):
the title is the headline alone and the stamp is read as the page's date. And the headlines
that carry a date of their own, which must stay whole."""

import pytest
from pelican.plugins.explainer_archive.text.clean import clean_article, cleaned_text
from pelican.plugins.explainer_archive.text.dates import find_article_date, split_headline_stamp


@pytest.mark.parametrize(
    ("line", "headline", "stamp"),
    [
        (
            "World Euro 2024: Spain beat England 14 Jul 2024 22:59",
            "World Euro 2024: Spain beat England",  # the section word goes in clean.py
            "14 Jul 2024 22:59",
        ),
        (
            "Business | Markets rally as central bank holds rates | 3 hours ago",
            "Markets rally as central bank holds rates",
            "3 hours ago",
        ),
        (
            "Markets rally as central bank holds rates · 2 hours ago",
            "Markets rally as central bank holds rates",
            "2 hours ago",
        ),
        (
            "Storm Ciarán batters Cornwall and Devon 02/11/2023 08:15 GMT",
            "Storm Ciarán batters Cornwall and Devon",
            "02/11/2023 08:15 GMT",
        ),
        (
            "Jury finds former mayor guilty of fraud Published 14 March 2024",
            "Jury finds former mayor guilty of fraud",
            "Published 14 March 2024",
        ),
        (
            "Sensex ends higher as IT stocks gain 2024-06-05T16:42:00+05:30",
            "Sensex ends higher as IT stocks gain",
            "2024-06-05T16:42:00+05:30",
        ),
        # A date the headline names is part of it; so is a time after "on <date>".
        ("Talks to resume on 14 July 2024", None, ""),
        ("Talks to resume on 14 July 2024 at 10:00", None, ""),
        ("What happened on 7 October 2023", None, ""),
        ("Euro 2024 final: Spain 2-1 England", None, ""),
        ("Blinken heads to Israel on next leg of regional tour", None, ""),
        ("First published on Mon 11 Dec 2023 08.30 GMT", None, ""),  # a date line, not a headline
        ("Israel-Gaza war | Live updates", None, ""),  # no headline among the labels
    ],
)
def test_split_headline_stamp(line, headline, stamp):
    found, found_stamp, _labels = split_headline_stamp(line)
    assert (found, found_stamp) == (headline or line, stamp)


BODY = [
    "Spain won the European Championship for a record fourth time on Sunday night, beating "
    "England 2-1 in Berlin with a late goal from the substitute Mikel Oyarzabal.",
    "The England manager said his team had given everything but had been beaten by the better "
    "side over the whole of the tournament.",
    "Fans in Madrid poured into the streets to celebrate the victory until the early hours of "
    "Monday morning, and the team will be received by the king on Monday evening.",
]


@pytest.mark.parametrize(
    ("top", "title", "date"),
    [
        (
            ["World Euro 2024: Spain beat England 14 Jul 2024 22:59"],
            "Euro 2024: Spain beat England",
            "2024-07-14",
        ),
        (
            ["Sport | Spain beat England to win a record fourth European title | 15 July 2024"],
            "Spain beat England to win a record fourth European title",
            "2024-07-15",
        ),
        (
            ["Menu", "Sport", "Spain beat England to win Euro 2024 Updated 15 Jul 2024, 08:10"],
            "Spain beat England to win Euro 2024",
            "2024-07-15",
        ),
    ],
)
def test_page_title_and_date(top, title, date):
    raw = "\n\n".join([*top, *BODY]) + "\n"
    article = clean_article(raw, source="euro.txt")
    found = find_article_date(article)
    assert article.title == title
    assert not article.title_generated
    assert found.value == date
    again = clean_article(cleaned_text(article))  # cleaning the cleaned text changes nothing
    assert (again.title, find_article_date(again).value) == (article.title, date)


LONG_PAGE = """Skip to main content
Home
News
Sport
Business
Sign in
World Euro 2024: Spain beat England 14 Jul 2024 22:59
Spain won the European Championship for a record fourth time on Sunday night, beating \
England 2-1 in Berlin with a late goal from the substitute Mikel Oyarzabal.
Nico Williams had opened the scoring two minutes after half-time, running on to a pass from \
Lamine Yamal and shooting low past the England goalkeeper.
Cole Palmer equalised with a shot from the edge of the area in the 73rd minute, his first \
touch after coming off the bench.
Oyarzabal turned in a cross from Marc Cucurella four minutes from the end, and a late header \
from England's Declan Rice was cleared off the line by Dani Olmo.
The England manager said his team had given everything but had been beaten by the better side \
over the whole of the tournament.
Fans in Madrid poured into the streets to celebrate the victory until the early hours of \
Monday morning, and the team will be received by the king on Monday evening.
Share this article
Related stories
Yamal becomes youngest player to appear in a European final
Southgate faces questions over his future after defeat
Follow us
Terms of use
Privacy policy
"""


def test_long_page_with_the_labeller():
    article = clean_article(LONG_PAGE, source="euro-long.txt")
    assert article.title == "Euro 2024: Spain beat England"
    assert find_article_date(article).value == "2024-07-14"
    assert not any("22:59" in p for p in article.paragraphs)
