"""The Markdown document and the HTML made from it: raw text is never live markup."""

import pytest
from pelican.plugins.explainer_archive.records import ArticleDate, CleanedArticle, Figure
from pelican.plugins.explainer_archive.text import render


@pytest.mark.parametrize(
    "text, must_not_contain, must_contain",
    [
        ("<script>alert(1)</script>", "<script", "&lt;script&gt;"),
        ('<img src=x onerror="alert(1)">', "<img", "&lt;img"),
        ("[click](javascript:alert(1))", "href", "javascript:alert(1)"),
        ("*not emphasis* and _not_ either", "<em>", "*not emphasis*"),
        ("# not a heading", "<h1", "# not a heading"),
        ("1. not a list item", "<ol", "1. not a list item"),
        ("> not a quote", "<blockquote", "&gt; not a quote"),
        ("AT&T and &amp; stay as written", "&amp;amp;amp;", "AT&amp;T and &amp;amp; stay"),
        ("`code` stays text", "<code", "`code` stays text"),
    ],
)
def test_body_text_renders_as_text(text, must_not_contain, must_contain):
    html = render.markdown_to_html(render.render_markdown_body([text]))
    assert must_not_contain not in html
    assert must_contain in html


def test_paragraphs_become_paragraphs():
    html = render.markdown_to_html(render.render_markdown_body(["One.", "Two."]))
    assert html == "<p>One.</p>\n<p>Two.</p>"


def test_markdown_document_has_pelican_header_then_body():
    article = CleanedArticle(
        source="raw/a.txt",
        title="A title\nwith a newline",
        dek="The dek",
        paragraphs=["First paragraph.", "Second <b>one</b>."],
        figures=[Figure("A caption.", "Jane Doe/Reuters")],
        credits=["Reporting by Jane Doe", "Editing by John Roe"],
    )
    text = render.render_markdown_document(
        article, ArticleDate("2024-06-11", "dateline", "From the stamp.")
    )
    head, _, body = text.partition("\n\n")
    assert head.splitlines()[:3] == [
        "Title: A title with a newline",
        "Date: 2024-06-11",
        "Date_Basis: dateline",
    ]
    assert "Credits: Reporting by Jane Doe; Editing by John Roe" in head
    assert "> Photo: A caption. — Jane Doe/Reuters" in body
    assert body.rstrip().endswith("Second &lt;b&gt;one&lt;/b&gt;.")


def test_unknown_date_has_no_date_line():
    article = CleanedArticle(source="raw/a.txt", title="T", paragraphs=["Body."])
    text = render.render_markdown_document(article, ArticleDate(None, "unknown", "No date."))
    assert "\nDate:" not in text and "Date_Basis: unknown" in text


def seed_paragraphs():
    from pelican.plugins.explainer_archive.text import clean
    from sitebuild import SEEDS

    return [clean.clean_article(p.read_bytes(), p.name).paragraphs for p in SEEDS]


@pytest.mark.parametrize(
    "paragraphs",
    [
        *seed_paragraphs(),
        ["<script>alert(1)</script>", "A & B < C > D", "*x* _y_ [z](javascript:q)"],
        ["  spaced   out  ", "", "# hash", "1. one", "> quote", "AT&amp;T", 'say "hi"'],
    ],
)
def test_direct_html_equals_what_markdown_makes(paragraphs):
    via_markdown = render.markdown_to_html(render.render_markdown_body(paragraphs))
    assert render.paragraphs_to_html(paragraphs) == via_markdown
