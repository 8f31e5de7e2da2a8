"""Credit lines split into credits only where each piece is a credit line of its own (found by
the idempotence property test: "©;0" once gave the credit "0", which a second cleaning read as
the body)."""

import pytest
from pelican.plugins.explainer_archive.text.clean import clean_article, cleaned_text


@pytest.mark.parametrize(
    ("raw", "credits"),
    [
        ("©;0", ["©;0"]),
        ("©;A", ["©;A"]),
        (
            "Reporting by Jane Doe; Editing by John Roe",
            ["Reporting by Jane Doe", "Editing by John Roe"],
        ),
    ],
)
def test_credit_pieces(raw, credits):
    article = clean_article(raw)
    assert article.credits == credits
    again = clean_article(cleaned_text(article))
    assert (again.title, again.paragraphs) == (article.title, article.paragraphs)
