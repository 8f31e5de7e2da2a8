"""The Pelican reader: a raw scraped `.txt` or saved `.html` page → cleaned Markdown → an article.

A `.html`/`.htm` file, and a `.txt` file that holds an HTML page, go through text/html.py
(trafilatura, htmldate); any other text through the text cleaner. Both give a CleanedArticle.

The reader never raises: whatever the file holds, it returns an article whose metadata
carries the cleaning result and the warnings about it, so the build can report them and
decide (in pipeline.prepare_articles) what to publish.  Only plain data goes into the
metadata, because Pelican pickles it into its content cache.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from pelican.readers import BaseReader, HTMLReader

from .records import ArticleDate, CleanedArticle
from .slugs import make_slug, slug_warning
from .text import clean, dates, render
from .text.decode import decode_raw
from .text.html import HtmlOptions, read_html

logger = logging.getLogger(__name__)

# Pelican needs a date to publish an article; an article whose date is unknown gets this
# sort key, which no page, feed or export ever shows as a date (they use date_basis).
UNKNOWN_DATE = dt.datetime(1, 1, 1, tzinfo=dt.UTC)

# Bump when the reader's output changes shape, so Pelican's content cache is not reused.
READER_VERSION = 2

# The raw files a build reads (under ARTICLE_PATHS): scraped text and saved web pages.
RAW_EXTENSIONS = ("txt", "html", "htm")
HTML_EXTENSIONS = ("html", "htm")
SAVED_AS_TEXT = "The file is an HTML page saved as text; it was read as HTML."


def html_options(settings: dict) -> HtmlOptions:
    """trafilatura's options from the EXPLAINER_HTML_* settings."""
    return HtmlOptions(
        favor=settings.get("EXPLAINER_HTML_FAVOR", "balanced"),
        comments=bool(settings.get("EXPLAINER_HTML_COMMENTS", False)),
        tables=bool(settings.get("EXPLAINER_HTML_TABLES", True)),
    )


def options_fingerprint(settings: dict) -> str:
    """A short tag of the reader's settings: Pelican's reader cache is keyed on the file's
    stamp only, so it is kept per tag and a changed option reads every page again."""
    options = html_options(settings)
    return f"{options.favor[0]}{int(options.comments)}{int(options.tables)}"


def read_raw(
    data: bytes, source: str, options: HtmlOptions, line_model: bool | Path = True
) -> tuple[CleanedArticle, ArticleDate]:
    """Clean one raw file: a page (by extension, or HTML saved as text) through the HTML
    reader, any other text through the text cleaner (with the trained line labeller unless
    `line_model` is False: the rules alone, as scripts/evaluate.py reports them too)."""
    is_page = source.rsplit(".", 1)[-1].lower() in HTML_EXTENSIONS
    if not is_page and decode_raw(data[:65536]).is_html:
        cleaned, when = read_html(data, source, options)
        cleaned.warnings.insert(0, SAVED_AS_TEXT)
        return cleaned, when
    if is_page:
        return read_html(data, source, options)
    cleaned = clean.clean_article(data, source=source, line_model=line_model)
    return cleaned, dates.find_article_date(cleaned)


def sort_datetime(value: str | None) -> dt.datetime:
    """A datetime for Pelican's ordering from a YYYY[-MM[-DD]] value (None → UNKNOWN_DATE)."""
    if not value:
        return UNKNOWN_DATE
    parts = [int(p) for p in value.split("-")]
    while len(parts) < 3:
        parts.append(1)
    return dt.datetime(parts[0], parts[1], parts[2], tzinfo=dt.UTC)


def is_raw_article_path(source_path: str, settings: dict) -> bool:
    """True when the file lies in one of ARTICLE_PATHS (so robots.txt elsewhere is left alone)."""
    content = Path(settings.get("PATH", ".")).resolve()
    try:
        relative = Path(source_path).resolve().relative_to(content)
    except ValueError:
        return False
    for folder in settings.get("ARTICLE_PATHS", [""]):
        if not folder or relative.parts[: len(Path(folder).parts)] == Path(folder).parts:
            return True
    return False


def build_metadata(cleaned: CleanedArticle, when: ArticleDate) -> tuple[str, dict]:
    """The article's HTML body and its plain metadata, from a cleaning result."""
    html = render.paragraphs_to_html(cleaned.paragraphs)
    if cleaned.paragraphs:  # a file with no body is not published, so needs no address
        note = slug_warning(cleaned.title, fallback="article")
        if note:
            cleaned.warnings.append(note)
    metadata = {
        "title": cleaned.title,
        "date": sort_datetime(when.value),
        "slug": make_slug(cleaned.title, fallback="article"),
        "status": "published",
        "summary": render.paragraphs_to_html([cleaned.dek or (cleaned.paragraphs or [""])[0]]),
        "explainer": {
            "reader_version": READER_VERSION,
            "cleaned": cleaned.to_dict(),
            "date_value": when.value,
            "date_basis": when.basis,
            "date_note": when.note,
        },
    }
    return html, metadata


class RawArticleReader(BaseReader):
    """Reads raw scraped articles (`.txt`, `.html`, `.htm` under ARTICLE_PATHS) into
    cleaned articles; an HTML file elsewhere (a page of the site) goes to Pelican's reader."""

    enabled = True
    file_extensions = list(RAW_EXTENSIONS)

    def read(self, source_path):
        if not is_raw_article_path(source_path, self.settings):
            if source_path.rsplit(".", 1)[-1].lower() in HTML_EXTENSIONS:
                return HTMLReader(self.settings).read(source_path)
            return "", {"status": "skip"}
        source = os.path.relpath(source_path, self.settings.get("PATH", "."))
        source = Path(source).as_posix()
        try:
            with open(source_path, "rb") as handle:
                data = handle.read()
            cleaned, when = read_raw(data, source, html_options(self.settings))
        except Exception as exc:  # a broken file must never stop the build
            logger.debug("cleaning %s failed", source, exc_info=True)
            cleaned = CleanedArticle(
                source=source,
                title=Path(source).stem,
                title_generated=True,
                warnings=[f"could not be read or cleaned ({type(exc).__name__}: {exc})"],
            )
            when = ArticleDate(None, "unknown", "The file could not be read.")
        return build_metadata(cleaned, when)
