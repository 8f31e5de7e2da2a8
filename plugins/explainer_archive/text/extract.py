"""The text stage's one door: a raw file's bytes → a cleaned article and its date.

Every caller (the Pelican reader, scripts/evaluate.py, the tests) goes through
`extract_article`, so a path the build takes is a path the evaluation measures.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from ..records import ArticleDate, CleanedArticle
from . import clean, dates
from .decode import decode_raw
from .html import HtmlOptions, read_html

# Saved web pages, by extension; any other raw file is sniffed (an HTML page saved as text).
HTML_EXTENSIONS = ("html", "htm")
SAVED_AS_TEXT = "The file is an HTML page saved as text; it was read as HTML."
# Bytes read to tell an HTML page saved as text from scraped text.
SNIFF_BYTES = 65536


def extract_article(
    data: bytes,
    source: str,
    options: HtmlOptions | None = None,
    line_model: bool | Path = True,
    furniture: Collection[str] = (),
) -> tuple[CleanedArticle, ArticleDate]:
    """Clean one raw file: a page (by extension, or HTML saved as text) through the HTML
    reader (trafilatura, htmldate), any other text through the text cleaner.

    `source` names the file (its extension decides the first step) in warnings and in the
    result; `options` are trafilatura's (the defaults when None).  Text is cleaned with the
    trained line labeller unless `line_model` is False (the hand-written rules alone, as
    scripts/evaluate.py reports them too); a path names another model file. `furniture`
    holds the file's lines that the archive shows to be furniture (text/furniture.py).
    """
    options = options or HtmlOptions()
    is_page = source.rsplit(".", 1)[-1].lower() in HTML_EXTENSIONS
    if not is_page and decode_raw(data[:SNIFF_BYTES]).is_html:
        cleaned, when = read_html(data, source, options)
        cleaned.warnings.insert(0, SAVED_AS_TEXT)
        return cleaned, when
    if is_page:
        return read_html(data, source, options)
    cleaned = clean.clean_article(data, source=source, line_model=line_model, furniture=furniture)
    return cleaned, dates.find_article_date(cleaned)
