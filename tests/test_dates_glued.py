"""Date lines the grammar reads since issue 21: a labelled stamp with the page's first words
glued after it, and a year-first date written with dots. And the lines it must still refuse."""

import pytest
from pelican.plugins.explainer_archive.text.clean import clean_article
from pelican.plugins.explainer_archive.text.dates import find_article_date, is_date_line

BODY = (
    "Officials from both sides met in the capital to discuss the proposal, and the talks went "
    "on late into the night, according to two people briefed on them."
)


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("date 2023-08-20 Advertisement", "2023-08-20"),  # a stamp glued to the first words
        ("date 2024-06-30 PTI", "2024-06-30"),
        ("date 2023-10-14 World", "2023-10-14"),
        ("Published June 4, 2024 Home", "2024-06-04"),
        ("2023.07.23 05:15", "2023-07-23"),  # year first, with dots
        ("Updated: 2024.01.02", "2024-01-02"),
    ],
)
def test_stamps_read(line, value):
    assert is_date_line(line)
    found = find_article_date(clean_article(f"{line}\n\n{BODY}"))
    assert (found.value, found.basis) == (value, "dateline")


@pytest.mark.parametrize(
    "line",
    [
        "On June 4, 2024 Israel said",  # "on" opens sentences: never a glued stamp
        "Published June 4, 2024 The court ruled.",  # a sentence after the stamp
        "Updated 2023-08-20 Home News Sport More",  # more than a few words: a menu, not a stamp
        "date 2023-08-20 the council said",  # lower case: a sentence goes on
        "June 4, 2024 Talks resumed",  # no label: a dated headline
        "Version 2023.07.23 released",
    ],
)
def test_not_stamps(line):
    assert not is_date_line(line)
