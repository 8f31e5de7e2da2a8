"""A photo caption's date is the publication date only when the first paragraph corroborates
it by naming that day's weekday as the day of its news (issue 21 item 5); otherwise the page
states no date and the caption is evidence for the estimate."""

import pytest
from pelican.plugins.explainer_archive.records import CleanedArticle, Figure
from pelican.plugins.explainer_archive.text.dates import find_article_date

REST = (
    "Aid agencies said thousands of families were still living in tents and that more help "
    "would be needed before the weather turned colder."
)


@pytest.mark.parametrize(
    ("captions", "lede", "value"),
    [
        # the lede names the caption day's weekday: the caption's date
        (
            ["Rescue workers search the shoreline in Derna, Libya, Sunday, Sept. 17, 2023."],
            "Authorities in eastern Libya said on Sunday they would restrict entry to the city.",
            "2023-09-17",
        ),
        (
            ["Keir Starmer leaves Downing Street in London on July 9, 2024."],
            "Britain's House of Commons met on Tuesday for the first time since the election.",
            "2024-07-09",
        ),
        # two captions: the latest one is the day the lede names
        (
            [
                "A man walks past wrecked cars in Derna, Libya, September 16, 2023.",
                "Rescuers search for bodies along the shoreline in Derna, September 17, 2023.",
            ],
            "Authorities said on Sunday they would restrict entry to the worst-hit districts.",
            "2023-09-17",
        ),
        # the weekday names an earlier week or an earlier event: no corroboration
        (
            ["Sam Bankman-Fried arrives at federal court in New York on October 26, 2023."],
            "It took the jury a little more than four hours last Thursday to reach a verdict.",
            None,
        ),
        (
            ["Rescuers search the rubble in Antakya on February 6, 2023."],
            "The death toll from Monday's earthquake rose above 20,000, officials said.",
            None,
        ),
        # another weekday, or only "today": the photo may be of the day before
        (
            ["Blinken holds a press conference in Cairo on March 21, 2024."],
            "Blinken will arrive in Israel later today to press for a truce in Gaza.",
            None,
        ),
        (
            ["Protesters gather outside the mosque in Derna, Libya, on September 18, 2023."],
            "Protesters set fire to the mayor's house on Tuesday night, officials said.",
            None,
        ),
        # no date in the caption
        (
            ["Rescue workers search the shoreline in Derna, Libya."],
            "Authorities in eastern Libya said on Sunday they would restrict entry to the city.",
            None,
        ),
    ],
)
def test_caption_date_needs_the_ledes_weekday(captions, lede, value):
    article = CleanedArticle(
        source="x.txt",
        title="Derna",
        paragraphs=[lede, REST],
        figures=[Figure(caption=c) for c in captions],
    )
    found = find_article_date(article)
    assert found.value == value
    assert found.basis == ("caption" if value else "unknown")
    if value:
        assert found.note.startswith("From a photo caption dated ") and "corroborated" in found.note


def test_a_stamp_wins_over_a_corroborated_caption():
    article = CleanedArticle(
        source="x.txt",
        title="Derna",
        paragraphs=["Protesters gathered on Monday outside the mosque, officials said.", REST],
        figures=[Figure(caption="Protesters outside the mosque in Derna on September 18, 2023.")],
        stamps=["Published September 19, 2023"],
    )
    assert find_article_date(article).value == "2023-09-19"
