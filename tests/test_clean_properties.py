"""Property tests for clean.clean_article: never raises, idempotent, no body loss."""

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pelican.plugins.explainer_archive.text.clean import clean_article, cleaned_text

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = st.sampled_from(
    [
        "the",
        "council",
        "minister",
        "said",
        "talks",
        "would",
        "resume",
        "on",
        "monday",
        "after",
        "a",
        "long",
        "week",
        "of",
        "debate",
        "in",
        "Cairo",
        "and",
        "Doha",
        "officials",
        "hostages",
        "ceasefire",
        "agreement",
        "vote",
        "budget",
        "Blinken",
        "Herzog",
        "Hamas",
        "Israel",
        "Reuters",
    ]
)


@st.composite
def sentences(draw):
    """An ordinary sentence: capitalised, five to fourteen words, ending in a full stop."""
    words = draw(st.lists(WORDS, min_size=5, max_size=14))
    text = " ".join(words)
    return text[0].upper() + text[1:] + draw(st.sampled_from([".", ".", ".", "?", "!"]))


paragraphs = st.lists(sentences(), min_size=1, max_size=3).map(" ".join)
CHROME = st.sampled_from(
    [
        "Skip to main content",
        "Advertisement",
        "Share this article",
        "Subscribe to our newsletter",
        "Read more: Something else happened",
        "© 2024 Example News",
        "Follow us on X",
        "5 min read",
        "Please wait...",
        "By Jane Doe",
        "Updated: June 11, 2024, 10:23 AM",
        "With AFP",
        "Reporting by A B; Editing by C D",
        "Officials meet in Cairo. Jane Doe/Reuters",
        "Council approves the budget",
        "Related",
        "Most Popular",
        "World",
    ]
)


@st.composite
def documents(draw):
    """A raw-looking file: a mix of headlines, prose, chrome and captions in either style."""
    parts = draw(st.lists(st.one_of(paragraphs, CHROME), min_size=0, max_size=8))
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    return separator.join(parts)


@FAST
@given(st.one_of(st.text(), st.binary(), documents()))
def test_never_raises(raw):
    article = clean_article(raw)
    assert isinstance(article.paragraphs, list)
    assert all(p == p.strip() and p for p in article.paragraphs)


@FAST
@given(st.one_of(documents(), st.text(alphabet=st.characters(codec="utf-8"), max_size=300)))
# Found by hypothesis: a paragraph repeated after an "Updated" stamp is a live entry's
# heading the first time (mark_live_entries) and was kept twice; the cleaned text had it as
# a plain repeated paragraph, which the second cleaning dropped.
@example(
    "The the the the the.\n\n"
    "Council the a the the the a Cairo the. A Blinken the Cairo Blinken the.\n\n"
    "Updated: June 11, 2024, 10:23 AM\n\n"
    "Council the a the the the a Cairo the. A Blinken the Cairo Blinken the.\n\n"
    "Updated: June 11, 2024, 10:23 AM\n\n"
    "Council Blinken the Cairo Blinken."
)
def test_idempotent(raw):
    article = clean_article(raw)
    again = clean_article(cleaned_text(article))
    assert (again.title, again.dek, again.paragraphs, again.figures) == (
        article.title,
        article.dek,
        article.paragraphs,
        article.figures,
    )


@FAST
@given(st.lists(paragraphs, min_size=1, max_size=8), st.sampled_from(["\n\n", "\n"]))
def test_no_body_loss_on_clean_text(body, separator):
    article = clean_article(separator.join(body))
    kept = " ".join([article.title, article.dek, *article.paragraphs])
    for paragraph in body:
        for sentence in _sentences(paragraph):
            assert sentence in article.body_text or sentence in kept


def _sentences(paragraph):
    for end in ".?!":
        paragraph = paragraph.replace(f"{end} ", f"{end}\n")
    return paragraph.split("\n")
