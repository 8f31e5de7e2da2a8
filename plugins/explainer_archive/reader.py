"""The Pelican reader: a raw scraped `.txt` or saved `.html` page → cleaned Markdown → an article.

The text stage's one entry point, text.extract_article, turns the file's bytes into a
CleanedArticle and its date (an HTML page through trafilatura, any other text through the
cleaner); this module makes a Pelican article of them.

The reader never raises: whatever the file holds, it returns an article whose metadata
carries the cleaning result and the warnings about it, so the build can report them and
decide (in site/generators.prepare_articles) what to publish.  Only plain data goes into the
metadata, because Pelican pickles it into its content cache.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from pathlib import Path

import html_text
from pelican.readers import BaseReader, HTMLReader

from .files import atomic_write_bytes
from .records import ArticleDate, CleanedArticle
from .slugs import make_slug, slug_warning
from .text import HTML_EXTENSIONS, HtmlOptions, extract_article, furniture, render

logger = logging.getLogger(__name__)

# Pelican needs a date to publish an article; an article whose date is unknown gets this
# sort key, which no page, feed or export ever shows as a date (they use date_basis).
UNKNOWN_DATE = dt.datetime(1, 1, 1, tzinfo=dt.UTC)

# Bump when the reader's output changes shape, so Pelican's content cache is not reused.
READER_VERSION = 2

# The raw files a build reads (under ARTICLE_PATHS): scraped text and saved web pages.
RAW_EXTENSIONS = ("txt", *HTML_EXTENSIONS)


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


# Where the build keeps each raw text file's furniture evidence for the reader (per build).
FURNITURE_KEY = "_EXPLAINER_FURNITURE"
# Each raw file's line keys, by its path and stamp, so a rebuild reads only new files.
FURNITURE_CACHE = "furniture-lines.json"


def raw_files(settings: dict) -> list[Path]:
    """Every raw file under ARTICLE_PATHS (an entry may be a folder or one file), in path
    order: .txt, .html and .htm in any case of the extension, so the build's summary also
    counts a file Pelican would pass over (".TXT")."""
    suffixes = {f".{extension}" for extension in RAW_EXTENSIONS}
    content = Path(settings.get("PATH", "."))
    found: set[Path] = set()
    for folder in settings.get("ARTICLE_PATHS", [""]) or [""]:
        base = content / folder
        candidates = [base] if base.is_file() else base.rglob("*")
        found.update(p for p in candidates if p.suffix.lower() in suffixes and p.is_file())
    return sorted(found)


def raw_text_files(settings: dict) -> list[Path]:
    """The raw files the text reader reads (".txt" as Pelican matches it), in path order."""
    return [path for path in raw_files(settings) if path.suffix == ".txt"]


def furniture_evidence(settings: dict, cache_dir: Path) -> dict[str, tuple[str, ...]]:
    """Each raw text file's furniture lines (text/furniture.py) among all the archive's raw
    files, by its path relative to PATH. Each file's line keys are cached by its path, size
    and modification time, so a rebuild reads only new and changed files; the evidence
    depends on the set of files only, so a cold build and an incremental one agree."""
    content = Path(settings.get("PATH", "."))
    cache_file = cache_dir / FURNITURE_CACHE
    try:
        cached = json.loads(cache_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        cached = {}
    index, digests, kept = furniture.FurnitureIndex(), {}, {}
    for path in raw_text_files(settings):
        source = path.relative_to(content).as_posix()
        stat = path.stat()
        stamp = [stat.st_size, stat.st_mtime_ns]
        entry = cached.get(source)
        if not entry or entry.get("stamp") != stamp:
            lines = furniture.page_lines(path.read_bytes())
            entry = {
                "stamp": stamp,
                "digest": lines.digest,
                "keys": sorted(lines.keys),
                "prose": sorted(lines.prose),
            }
        kept[source] = entry
        digests[source] = entry["digest"]
        index.add(
            furniture.PageLines(
                entry["digest"], frozenset(entry["keys"]), frozenset(entry["prose"])
            )
        )
    if kept != cached:  # a killed build never leaves half a file
        atomic_write_bytes(cache_file, json.dumps(kept, sort_keys=True).encode("utf-8"))
    return {source: index.furniture_of(digest) for source, digest in sorted(digests.items())}


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


def html_paragraphs(html: str) -> list[str]:
    """The text of an editor's rendered article, one paragraph per block (a heading, a
    paragraph, a list item): what annotation reads, never the HTML itself."""
    text = html_text.extract_text(html or "", guess_layout=True)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def authored_metadata(
    source: str, title: str, html: str, date: dt.datetime | None, summary: str = ""
) -> dict:
    """The plugin's metadata for an article the editor wrote (Markdown, reStructuredText):
    Pelican read and rendered it; the archive reads its text, its date is its metadata's,
    its dek the summary its metadata states (none when Pelican made one up)."""
    dek = " ".join(html_paragraphs(summary))
    cleaned = CleanedArticle(source=source, title=title, dek=dek, paragraphs=html_paragraphs(html))
    if date is None:
        when = ArticleDate(None, "unknown", "The article's metadata gives no date.")
    else:
        value = date.date().isoformat()
        when = ArticleDate(value, "metadata", f"From the article's metadata date '{value}'.")
    return {
        "reader_version": READER_VERSION,
        "cleaned": cleaned.to_dict(),
        "date_value": when.value,
        "date_basis": when.basis,
        "date_note": when.note,
        "authored": True,
    }


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
            evidence = self.settings.get(FURNITURE_KEY, {}).get(source, ())
            cleaned, when = extract_article(
                data, source, html_options(self.settings), furniture=evidence
            )
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
