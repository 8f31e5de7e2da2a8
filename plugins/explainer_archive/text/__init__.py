"""Text stage: raw bytes → a cleaned, dated article (decode, clean chrome away, find the
article date, render Markdown/HTML; no spaCy).  Its one entry point is
`extract_article(data, source, options)`."""

from .extract import HTML_EXTENSIONS, extract_article
from .html import HtmlOptions

__all__ = ["HTML_EXTENSIONS", "HtmlOptions", "extract_article"]
