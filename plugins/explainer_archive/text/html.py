"""Read a saved HTML page into a cleaned article: main text by trafilatura, dates by htmldate.

The page's markup says what the plain-text cleaner has to guess: which block is the article,
what the title, author, site and canonical address are, which picture has which caption, and
when the story was published. This module asks trafilatura for the main text (paragraphs,
headings, lists, quotes, tables) and the metadata, htmldate for the original and the updated
date, and reads `<figure>`/`<figcaption>` itself, splitting the credit with the cleaner's own
credit grammar (lines.py). The result is the same CleanedArticle the text cleaner makes, so
everything after the reader (annotation, actors, topics, chronology, duplicates) is shared.

Honesty about dates: htmldate decides which date is the original one, but a date is only
taken when a tag or field of the page can be named that states it at day precision
(`<meta property="article:published_time">`, JSON-LD `datePublished`, `<time datetime>`, a
date element, the canonical URL); a year alone (a copyright notice in the template) never is.
When the markup and the page's visible date lines disagree, a warning says so. A page where
trafilatura finds no main text goes through the text cleaner instead, with a warning.

Nothing of the markup survives: only text leaves this module, and it is escaped when rendered.
"""

from __future__ import annotations

import codecs
import copy
import json
import re
from dataclasses import dataclass
from datetime import date

import html_text
from lxml import etree

from ..records import ArticleDate, CleanedArticle, DroppedLine, Figure
from . import clean, dates
from .decode import decode_raw, decode_text
from .lines import credit_of_line, ends_sentence, load_rules, split_caption, strip_counter

# _LIBRARIES: trafilatura and htmldate are imported by the functions that use them, when an
# HTML page is read, so a build that reads none (a rebuild, a text-only archive) never loads
# them (about 70 ms, on every build).

FAVOR = ("balanced", "precision", "recall")


@dataclass(frozen=True)
class HtmlOptions:
    """trafilatura's choices (settings EXPLAINER_HTML_FAVOR, _COMMENTS, _TABLES)."""

    favor: str = "balanced"  # "precision": less chrome, may lose text; "recall": the reverse
    comments: bool = False  # keep readers' comments (after the body)
    tables: bool = True  # keep tables, one paragraph per row, cells joined by " | "


@dataclass
class DatedField:
    """A date the markup states, and the tag or field that states it."""

    value: date
    where: str  # e.g. `<meta property="article:published_time">`, "JSON-LD datePublished"
    kind: str  # "published", "updated" or "" (a date whose kind the markup does not say)


# --- decoding ------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.-]{1,40})""", re.I
)
_UTF8_NAMES = {"utf8", "utf-8", "utf_8", "u8"}


def decode_page(data: bytes | str) -> tuple[str, str, list[str], bool]:
    """The page's text, its encoding, notes on the decoding, and whether it is binary.

    A `<meta charset>` (or http-equiv content type) naming a non-UTF-8 encoding is obeyed
    when the bytes are not valid UTF-8; otherwise the text decoder's rules apply."""
    if isinstance(data, str):
        decoded = decode_text(data, detect_garbage=False)
        return decoded.text, decoded.encoding, decoded.warnings, False
    declared = _declared_charset(data)
    if declared and not _is_utf8(data):
        text = data.decode(declared, errors="replace")
        decoded = decode_text(text, declared, detect_garbage=False)
        return decoded.text, declared, decoded.warnings, False
    decoded = decode_raw(data)
    return decoded.text, decoded.encoding, decoded.warnings, decoded.is_binary


def _declared_charset(data: bytes) -> str:
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return ""
    name = match.group(1).decode("ascii").lower()
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return ""
    return "" if codec in _UTF8_NAMES else codec


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


# --- the reader ----------------------------------------------------------------------------


def read_html(
    data: bytes | str, source: str, options: HtmlOptions | None = None
) -> tuple[CleanedArticle, ArticleDate]:
    """Read one saved page into a cleaned article and its date, never raising on bad input."""
    options = options or HtmlOptions()
    markup, encoding, notes, binary = decode_page(data)
    if binary or not markup.strip():
        article = clean.clean_article(data if isinstance(data, bytes) else markup, source)
        return article, dates.find_article_date(article)
    tree = _parse(markup)
    if tree is None:
        return _fallback(markup, source, notes, "it could not be parsed as HTML")
    document = _extract(tree, options)
    paragraphs = body_paragraphs(document, options) if document is not None else []
    if not has_main_text(paragraphs):
        return _fallback_tree(tree, source, encoding, notes)
    article = _article(document, paragraphs, tree, source, encoding, notes)
    return article, page_date(tree, article)


# The least main text is one sentence of this many words (characters in scripts written
# without spaces); a menu or a list of links is not.
_SENTENCE_WORDS = 6
_SENTENCE_CHARS = 30


def has_main_text(paragraphs: list[str]) -> bool:
    """True when trafilatura's text holds at least one whole sentence (not only a menu)."""
    return any(
        (len(p.split()) >= _SENTENCE_WORDS or len(p) >= _SENTENCE_CHARS)
        and (ends_sentence(p) or p.rstrip()[-1:] in "。！？")
        for p in paragraphs
    )


def _parse(markup: str):
    """The page's tree as trafilatura builds it (its parser settings matter for extraction)."""
    import trafilatura  # see _LIBRARIES

    try:
        return trafilatura.load_html(markup)
    except (etree.ParserError, ValueError):
        return None


# trafilatura dates the page with htmldate, by default also searching the whole page's text;
# the date of its result is not read (page_date asks htmldate itself, never from free text), so
# its search stays in the markup: on a large page the text search is a good part of the work.
_TRAFILATURA_DATES = {"original_date": True, "extensive_search": False}


def _extract(tree, options: HtmlOptions):
    """trafilatura's main text and metadata of the page (a copy: trafilatura prunes it)."""
    import trafilatura  # see _LIBRARIES

    return trafilatura.bare_extraction(
        copy.deepcopy(tree),
        favor_precision=options.favor == "precision",
        favor_recall=options.favor == "recall",
        include_comments=options.comments,
        include_tables=options.tables,
        include_images=False,
        include_formatting=False,
        include_links=False,
        with_metadata=True,
        deduplicate=False,
        date_extraction_params=dict(_TRAFILATURA_DATES),
    )


def _fallback_tree(
    tree, source: str, encoding: str, notes: list[str]
) -> tuple[CleanedArticle, ArticleDate]:
    """The text cleaner's reading of the visible text; the markup still dates it."""
    text = visible_text(copy.deepcopy(tree))
    article, _ = _fallback(text, source, notes, "trafilatura found no main text in it")
    article.encoding = encoding
    if article.paragraphs and not has_main_text(article.paragraphs):
        # Not one sentence in the visible text either: menus and links are no article.
        article.dropped += [DroppedLine(p, "no-sentence") for p in article.paragraphs]
        article.paragraphs = []
        article.warnings.append(
            "No article body: the page's visible text holds no sentence, only menus or links."
        )
    return article, page_date(tree, article)


def _fallback(
    text: str, source: str, notes: list[str], why: str
) -> tuple[CleanedArticle, ArticleDate]:
    """The page's visible text through the text cleaner, with a warning saying so."""
    article = clean.clean_article(text, source)
    article.warnings[:0] = [
        *notes,
        f"HTML page read as plain text: {why}, so its visible text went through the text cleaner.",
    ]
    return article, dates.find_article_date(article)


def visible_text(tree) -> str:
    """The text a browser shows (no scripts, styles or hidden markup), one block a line."""
    for element in list(tree.iter("script", "style", "noscript", "template", "svg")):
        if element.getparent() is not None:
            element.drop_tree()
    return html_text.extract_text(tree, guess_layout=True)


# --- the main text ---------------------------------------------------------------------------

_BLOCKS = {"p", "head", "item", "cell", "code", "quote", "list", "table", "row", "div"}


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def body_paragraphs(document, options: HtmlOptions) -> list[str]:
    """trafilatura's main text as paragraphs: headings, paragraphs, list items, quoted
    paragraphs and table rows each become one, in page order; the leading headline does not."""
    paragraphs: list[str] = []
    body = document.body
    if body is not None:
        for element in body:
            paragraphs.extend(_block_texts(element))
    if options.comments and document.commentsbody is not None:
        for element in document.commentsbody:
            paragraphs.extend(_block_texts(element))
    title = " ".join((document.title or "").split()).casefold()
    while paragraphs and title and paragraphs[0].casefold() == title:
        paragraphs.pop(0)
    return paragraphs


def _block_texts(element) -> list[str]:
    """The paragraphs one block of trafilatura's output holds."""
    tag = element.tag
    if tag in ("graphic", "lb") or not isinstance(tag, str):
        return []
    if tag == "row":
        cells = [_text(cell) for cell in element]
        return [" | ".join(c for c in cells if c)] if any(cells) else []
    children = [child for child in element if child.tag in _BLOCKS]
    if tag in ("list", "quote", "table", "div") and children:
        texts = []
        if element.text and element.text.strip():
            texts.append(" ".join(element.text.split()))
        for child in children:
            texts.extend(_block_texts(child))
        return texts
    text = _text(element)
    return [text] if text else []


def _article(document, paragraphs, tree, source, encoding, notes) -> CleanedArticle:
    """The CleanedArticle of a page whose main text trafilatura found."""
    article = CleanedArticle(source=source, title="", encoding=encoding, warnings=list(notes))
    article.paragraphs = _unique(_without_stamps(paragraphs, article), article)
    article.title = " ".join((document.title or "").split())
    if not article.title:
        rules = load_rules()
        article.title = clean.make_title(clean.first_sentence(article.paragraphs[0], rules), rules)
        article.title_generated = True
    article.byline = " ".join((document.author or "").split())
    article.header = _header(document, article)
    article.figures = page_figures(tree, article)
    article.stamps = [*article.stamps, *page_stamps(tree, article, article.stamps)]
    return article


def _without_stamps(paragraphs: list[str], article: CleanedArticle) -> list[str]:
    """Date lines and dated bylines of the main text become stamps, as in the text cleaner."""
    kept = []
    for paragraph in paragraphs:
        dated = dates.split_dated_byline(paragraph)
        stamp = dated[1] if dated else paragraph
        if dates.is_date_line(stamp):
            article.stamps.append(stamp)
            article.dropped.append(DroppedLine(paragraph, "stamp"))
        else:
            kept.append(paragraph)
    return kept


# A paragraph this long shown twice is a copy (a pull quote, a repeated block); shorter
# repeated lines are the page's structure (a recipe's "Eat every 2–3 hours") and stay.
_REPEAT_WORDS = 12


def _unique(paragraphs: list[str], article: CleanedArticle) -> list[str]:
    """Paragraphs in order, a long repeated one kept once (recorded as dropped)."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = paragraph.casefold()
        if key in seen and len(paragraph.split()) >= _REPEAT_WORDS:
            article.dropped.append(DroppedLine(paragraph, "duplicate"))
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


# "© 2021", "Copyright 2019-2024", "All rights reserved": a site name is not a notice.
_COPYRIGHT = re.compile(
    r"(?:©|\(c\)|copyright)\s*(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)?|all rights reserved",
    re.I,
)


def _header(document, article: CleanedArticle) -> dict[str, str]:
    """Site name and canonical address, as the text cleaner's `Source:`/`URL:` lines."""
    header = {}
    site = _COPYRIGHT.sub("", " ".join((document.sitename or "").split())).strip(" .,|-")
    if site:
        header["source"] = site
    url = (document.url or "").strip()
    if url:
        if re.match(r"https?://", url, re.I):
            header["url"] = url
        else:
            article.warnings.append(
                f"The page's address '{url[:200]}' is not a web (http or https) address, "
                "so it was dropped."
            )
    return header


# --- figures ---------------------------------------------------------------------------------

_FURNITURE = {"nav", "aside", "footer", "header", "form"}
_CREDIT_CLASS = re.compile(r"credit|copyright|source|byline|photographer|author", re.I)


def page_figures(tree, article: CleanedArticle) -> list[Figure]:
    """The `<figure>`s of the article with a caption, the credit split out; a caption that
    trafilatura kept as a body paragraph is moved out of the body."""
    rules = load_rules()
    figures: list[Figure] = []
    for element in _article_figures(tree):
        figure = _figure(element, rules)
        if figure and figure not in figures:
            figures.append(figure)
    if figures:
        _remove_captions(article, figures)
    return figures


def _article_figures(tree) -> list:
    """Figures inside the page's <article> or <main> when it has one, never in page
    furniture (navigation, asides, footers, a header outside the article)."""
    scope = tree.xpath("//article") or tree.xpath("//main") or [tree]
    found = []
    for container in scope:
        for element in container.iter("figure"):
            ancestors = {a.tag for a in element.iterancestors()}
            if not ancestors & _FURNITURE or (
                "article" in ancestors
                and "aside" not in ancestors
                and not ancestors & {"nav", "footer"}
            ):
                found.append(element)
    return found


def _figure(element, rules) -> Figure | None:
    captions = element.xpath(".//figcaption")
    if not captions:
        return None
    caption = captions[0]
    credit_parts = [
        part
        for part in caption.iter()
        if part is not caption
        and (part.tag in ("cite", "small") or _CREDIT_CLASS.search(part.get("class") or ""))
    ]
    credit = " ".join(_text(part) for part in credit_parts[:1])
    text = strip_counter(_text(caption))
    if credit and text.endswith(credit):
        words = text[: -len(credit)].strip()
        return Figure(caption=words, credit=credit_of_line(credit, rules) or credit)
    split = split_caption(text, rules)
    return split or (Figure(caption=text) if text else None)


def _remove_captions(article: CleanedArticle, figures: list[Figure]) -> None:
    shown = {f.caption.casefold() for f in figures}
    full = {f"{f.caption} {f.credit}".strip().casefold() for f in figures}
    kept = []
    for paragraph in article.paragraphs:
        if paragraph.casefold() in shown | full:
            article.dropped.append(DroppedLine(paragraph, "caption"))
        else:
            kept.append(paragraph)
    article.paragraphs = kept


# --- dates -----------------------------------------------------------------------------------


def page_stamps(tree, article: CleanedArticle, known: list[str]) -> list[str]:
    """The page's visible date lines (`Published 12 June 2024`, `By X | June 12, 2024`)
    inside its article, or before the body's first paragraph when it has no <article>."""
    scope = tree.xpath("//article") or tree.xpath("//main")
    lines = []
    for container in scope or [tree]:
        lines += visible_text(copy.deepcopy(container)).split("\n")
    if not scope and article.paragraphs:
        first = article.paragraphs[0][:60]
        lines = lines[: next((i for i, line in enumerate(lines) if first in line), len(lines))]
    stamps = []
    for line in (" ".join(line.split()) for line in lines):
        dated = dates.split_dated_byline(line)
        stamp = dated[1] if dated else line
        if dates.is_date_line(stamp) and stamp not in stamps and stamp not in known:
            stamps.append(stamp)
    return stamps[:6]


def page_date(tree, article: CleanedArticle) -> ArticleDate:
    """The article's date: the markup's original date when a tag can be named for it, else
    the text's own evidence (stamps, dateline, canonical URL), in the text finder's order."""
    text_date = dates.find_article_date(article)
    marked = markup_date(tree, article, text_date)
    if marked is None:
        return text_date
    found, updated = marked
    _warn_on_disagreement(article, found, text_date)
    if found.where.startswith("the URL"):
        return ArticleDate(found.value.isoformat(), "url", f"From {found.where}.")
    note = f"From the page's {found.where}"
    if found.kind == "updated":
        note += ", its last-update date: the page states no original date"
    elif updated and updated.value != found.value:
        note += f" (updated {updated.value.isoformat()}, {updated.where})"
    return ArticleDate(found.value.isoformat(), "html-meta", note + ".")


def _warn_on_disagreement(article: CleanedArticle, found: DatedField, text_date) -> None:
    if text_date.basis != "dateline" or not text_date.value:
        return
    said = date.fromisoformat(text_date.value)
    if abs((said - found.value).days) > 1:
        article.warnings.append(
            f"The markup date {found.value.isoformat()} ({found.where}) was kept, but the "
            f"page's text says {said.isoformat()} ({_lower_first(text_date.note.rstrip('.'))})."
        )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def markup_date(
    tree, article: CleanedArticle, text_date: ArticleDate
) -> tuple[DatedField, DatedField | None] | None:
    """htmldate's original date and updated date, each with the field that states it;
    None when htmldate finds none, or no field of the page states its date (then a warning,
    unless the page's text states it: the text finder gives that date with its evidence)."""
    url = article.header.get("url")
    fields = dated_fields(tree, url)
    original = _htmldate(tree, url, original=True)
    if original is None:
        return None
    found = _named(original, fields, prefer="published")
    if found is None:
        if text_date.value == original.isoformat():
            return None
        article.warnings.append(
            f"htmldate read {original.isoformat()} from the markup, but no tag of the page "
            "states that day, so it was not used."
        )
        return None
    later = [f for f in fields if f.kind == "updated" and f.value > found.value]
    if later:
        return found, max(later, key=lambda f: f.value)
    updated = _htmldate(tree, url, original=False)
    return found, _named(updated, fields, prefer="updated") if updated else None


def _htmldate(tree, url: str | None, original: bool) -> date | None:
    import htmldate  # see _LIBRARIES

    try:
        value = htmldate.find_date(
            copy.deepcopy(tree),
            url=url,
            original_date=original,
            extensive_search=False,  # never dates from free text or copyright notices
            outputformat="%Y-%m-%d",
        )
    except (ValueError, TypeError):
        return None
    return date.fromisoformat(value) if value else None


def _named(value: date, fields: list[DatedField], prefer: str) -> DatedField | None:
    """The field stating the date, the preferred kind first, then page order."""
    matching = [f for f in fields if f.value == value]
    matching.sort(key=lambda f: f.kind != prefer)
    return matching[0] if matching else None


# Names of date fields in <meta> and JSON-LD, by kind; any other name with "date", "time" or
# "published" in it counts as a date of no stated kind. Copyright and rights are never dates.
_PUBLISHED = re.compile(r"publish|issued|created|pubdate|release|posted|datePublished", re.I)
_UPDATED = re.compile(r"modif|updat|revis|dateModified|last", re.I)
_DATE_NAME = re.compile(r"date|time|publish|modif|updat", re.I)
_NOT_DATE = re.compile(r"copyright|rights|expir|valid|birth|print|embargo|cache", re.I)
_ISO_DAY = re.compile(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)")
_JSON_KEYS = ("datePublished", "dateCreated", "uploadDate", "dateModified")


def dated_fields(tree, url: str | None) -> list[DatedField]:
    """Every day-precise date the page's markup states, with where it states it."""
    fields = _meta_fields(tree) + _json_ld_fields(tree) + _element_fields(tree)
    if url:
        probe = CleanedArticle(source="", title="", header={"url": url})
        found = dates.find_article_date(probe)
        if found.basis == "url" and found.value and len(found.value) == 10:
            where = found.note.removeprefix("From ").rstrip(".")
            fields.append(DatedField(date.fromisoformat(found.value), where, ""))
    return fields


def _kind(name: str) -> str:
    if _UPDATED.search(name):
        return "updated"
    return "published" if _PUBLISHED.search(name) else ""


def _day(value: str) -> date | None:
    match = _ISO_DAY.search(value or "")
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            return None
    return dates.parse_date(value or "") if len(value or "") <= 80 else None


def _meta_fields(tree) -> list[DatedField]:
    fields = []
    for meta in tree.iter("meta"):
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            name = meta.get(attribute) or ""
            if name and _DATE_NAME.search(name) and not _NOT_DATE.search(name):
                found = _day(meta.get("content") or meta.get("datetime") or "")
                if found:
                    where = f'<meta {attribute}="{name[:60]}">'
                    fields.append(DatedField(found, where, _kind(name)))
                break
    return fields


def _json_ld_fields(tree) -> list[DatedField]:
    fields = []
    for script in tree.xpath('//script[contains(@type, "ld+json")]'):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        for key, value in _json_dates(data):
            found = _day(value)
            if found:
                fields.append(DatedField(found, f"JSON-LD {key}", _kind(key)))
    return fields


def _json_dates(data, depth: int = 0):
    """(key, value) of every JSON-LD date key, depth-first, bounded."""
    if depth > 8:
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key in _JSON_KEYS and isinstance(value, str):
                yield key, value
            elif isinstance(value, dict | list):
                yield from _json_dates(value, depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from _json_dates(item, depth + 1)


def _element_fields(tree) -> list[DatedField]:
    """`<time datetime>`, `datetime`/`content` attributes and short date elements."""
    fields = []
    for element in tree.xpath("//body//*[@datetime or @itemprop or @class or @id]")[:5000]:
        if not isinstance(element.tag, str):
            continue
        label = " ".join(element.get(a) or "" for a in ("itemprop", "class", "id"))
        if _NOT_DATE.search(label):
            continue
        value = element.get("datetime") or ""
        if not value and _DATE_NAME.search(label):
            value = element.get("content") or _text(element)[:80]
        found = _day(value)
        if found:
            where = f"<{element.tag} {_describe(element)}>"
            fields.append(DatedField(found, where, _kind(label)))
    return fields


def _describe(element) -> str:
    for attribute in ("itemprop", "class", "id", "datetime"):
        value = element.get(attribute)
        if value:
            return f'{attribute}="{" ".join(value.split())[:60]}"'
    return ""
