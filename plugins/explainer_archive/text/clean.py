"""Turn the raw text of a scraped news page into a structured, clean article.

The scrape holds the article and everything around it: navigation, newsletter boxes, cookie
notices, photo captions, bylines, wire credits, and blocks of links to other stories. This
module sorts each paragraph of the raw text into one of those roles and keeps only the body as
paragraphs. Losing a sentence of the real article is the worst mistake it can make, so every
rule that drops text is either a known chrome phrase or shape (kept as data in
data/chrome.toml) or limited to the top and bottom of the file, and every dropped line is
recorded with its reason.

Pure Python: no spaCy and no Pelican here. Everything is linear in the size of the input.

The canonical plain-text form written by `cleaned_text` is:

    Title: <title>
    Title-Generated: yes          (only when the raw file had no headline)
    Dek: <standfirst>             (only when there is one)
    <Other-Key>: <value>          (other metadata from the raw file's header)

    By <byline>                   (only when there is one)

    <stamp>                       (one line each, e.g. "Updated: June 11, 2024, 10:23 AM")

    <caption> (<credit>)          (one line per figure)

    <paragraph>

    <paragraph>

    <credit>                      (one line per credit item, e.g. "Editing by Jane Doe")

Each item is separated by a blank line; cleaning this text again gives the same title, dek,
paragraphs and figures.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from pathlib import Path

from ..records import CleanedArticle, DroppedLine
from . import dates, labeller, layout
from .decode import DecodedText, decode_raw, decode_text
from .decode import _fix_mojibake as fix_mojibake
from .lines import (
    BOUNDARY,
    SPACES,
    Rules,
    Unit,
    classify,
    ends_sentence,
    load_rules,
)

# Keys a Pelican-style metadata header may use (compared in lower case).
HEADER_KEYS = frozenset(
    {
        "title",
        "title-generated",
        "date",
        "modified",
        "source",
        "url",
        "author",
        "authors",
        "dek",
        "summary",
        "slug",
        "category",
        "tags",
        "lang",
        "status",
    }
)
_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,30})[ \t]*:[ \t]*(.*)\Z")
# A URL scheme ("javascript:", "https:"), spaces and controls inside it ignored as browsers do.
_URL_SCHEME = re.compile(r"[\s\x00-\x1f]*([A-Za-z][A-Za-z0-9+.\s-]*?)[\s\x00-\x1f]*:")


def clean_article(
    raw: str | bytes,
    source: str = "<text>",
    line_model: bool | Path = True,
    furniture: Collection[str] = (),
) -> CleanedArticle:
    """Clean one raw scraped file into a CleanedArticle, never raising. `line_model` is True
    for the trained line labeller shipped with the package (text/labeller.py), False for the
    hand-written rules alone, or the path of another model file (cross-validation).
    `furniture` holds the page's lines the archive shows to be furniture (text/furniture.py),
    evidence for the labeller."""
    try:
        return _clean(raw, source, line_model, frozenset(furniture))
    except Exception as exc:  # defensive: one odd file must not stop a site build
        return _fallback(raw, source, exc)


def cleaned_text(article: CleanedArticle) -> str:
    """Write an article in the canonical plain-text form described in the module docstring."""
    header = [f"Title: {article.title}"]
    if article.title_generated:
        header.append("Title-Generated: yes")
    if article.dek:
        header.append(f"Dek: {article.dek}")
    for key, value in article.header.items():
        if key not in ("title", "title-generated", "dek", "summary") and value:
            header.append(f"{key.title()}: {value}")
    blocks = ["\n".join(header)]
    if article.byline:
        blocks.append(f"By {article.byline}")
    blocks.extend(article.stamps)
    for figure in article.figures:
        blocks.append(f"{figure.caption} ({figure.credit})" if figure.credit else figure.caption)
    blocks.extend(article.paragraphs)
    blocks.extend(article.credits)
    return "\n\n".join(blocks) + "\n"


# --- the cleaning flow ---------------------------------------------------------------------


def _clean(
    raw: str | bytes,
    source: str,
    line_model: bool | Path = True,
    furniture: frozenset[str] = frozenset(),
) -> CleanedArticle:
    rules = load_rules()
    if isinstance(raw, bytes | bytearray):
        decoded = decode_raw(bytes(raw))
    else:
        # A str comes from a caller that already holds text, so it is never judged binary.
        decoded = decode_text(str(raw or ""), detect_garbage=False)
    article = CleanedArticle(
        source=source, title="", encoding=decoded.encoding, warnings=list(decoded.warnings)
    )
    if decoded.is_binary:
        article.warnings.append("No article body: the file is not text.")
        return article
    # Spaces are folded first, then mojibake repaired, as a second cleaning would see them.
    lines = [_repair_joined(" ".join(line.split())) for line in decoded.text.split("\n")]
    if not any(lines):
        article.warnings.append("No article body: the file is empty.")
        return article

    header, body_start = _read_header(lines)
    _drop_unsafe_url(header, article)
    article.header = header
    units, first_kinds = _arranged_units(article, lines[body_start:], header, rules)
    if line_model is not False and units:
        model = labeller.MODEL_FILE if line_model is True else Path(line_model)
        items = labeller.unit_features(units, first_kinds, rules, furniture)
        labellings = labeller.label_units(items, labeller.load_tagger(model))
        labeller.apply_labels(article, units, labellings, header, rules, furniture)
    _collect(article, units, rules, decoded)
    return article


def page_units(
    raw: str | bytes, furniture: Collection[str] = ()
) -> tuple[list[Unit], list[list[str]]]:
    """The units of a raw page as the rules leave them, and the labeller's features of each
    (for training the labeller: scripts/train_cleaner.py)."""
    rules = load_rules()
    if isinstance(raw, bytes | bytearray):
        decoded = decode_raw(bytes(raw))
    else:
        decoded = decode_text(str(raw or ""), detect_garbage=False)
    if decoded.is_binary:
        return [], []
    lines = [_repair_joined(" ".join(line.split())) for line in decoded.text.split("\n")]
    header, body_start = _read_header(lines)
    article = CleanedArticle(source="<train>", title="")
    units, first_kinds = _arranged_units(article, lines[body_start:], header, rules)
    return units, labeller.unit_features(units, first_kinds, rules, frozenset(furniture))


def _arranged_units(
    article: CleanedArticle, lines: list[str], header: dict[str, str], rules: Rules
) -> tuple[list[Unit], list[tuple[str, str]]]:
    """Split the lines into units, classify each on its own, then arrange them by layout.
    Returns the units and each one's (kind, reason) before the layout passes."""
    units = _split_units(lines)
    for unit in units:
        classify(unit, rules)
    first_kinds = [(unit.kind, unit.reason) for unit in units]
    layout.arrange(article, units, header, rules)
    return units, first_kinds


def _fallback(raw: str | bytes, source: str, exc: Exception) -> CleanedArticle:
    """Return the text split at blank lines when the cleaner itself fails."""
    warning = (
        f"The cleaner failed with an internal error ({type(exc).__name__}); "
        "the raw paragraphs were kept without removing site chrome."
    )
    try:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
        paragraphs = [SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
        paragraphs = [p for p in paragraphs if p]
    except Exception:
        paragraphs = []
    title = paragraphs[0][:90] if paragraphs else ""
    return CleanedArticle(
        source=source,
        title=title,
        title_generated=bool(title),
        paragraphs=paragraphs,
        warnings=[warning],
    )


def _read_header(lines: list[str]) -> tuple[dict[str, str], int]:
    """Read a Pelican-style `Key: value` block at the very top, ended by a blank line."""
    start = 0
    while start < len(lines) and not lines[start]:
        start += 1
    header: dict[str, str] = {}
    end = start
    while end < len(lines) and lines[end]:
        match = _HEADER_LINE.match(lines[end])
        if not match or match.group(1).lower() not in HEADER_KEYS:
            return {}, 0
        header[match.group(1).lower()] = match.group(2).strip()
        end += 1
    if not header:
        return {}, 0
    return header, end


def _drop_unsafe_url(header: dict[str, str], article: CleanedArticle) -> None:
    """Drop a `URL:` value with a scheme other than http(s) (`javascript:`, `data:`), warning."""
    url = header.get("url", "")
    scheme = _URL_SCHEME.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https"):
        del header["url"]
        article.warnings.append(
            f"The URL line '{url[:200]}' is not a web (http or https) address, so it was dropped."
        )


def _split_units(lines: list[str]) -> list[Unit]:
    """Split lines into paragraph units, joining hard-wrapped lines within a block."""
    units: list[Unit] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            number = len(units)
            units.extend(Unit(text, block=number) for text in _block_paragraphs(block))
            if len(block) > 1:  # joined lines: repair mojibake the join may reveal, as a
                for i in range(number, len(units)):  # second cleaning of this text would
                    units[i] = Unit(_repair_joined(units[i].text), block=number)
            block = []
    return units


_LOWER_BYLINE = re.compile(r"^by (?-i:[A-Z])[\w.’'-]+ (?-i:[A-Z])")


def _repair_joined(text: str) -> str:
    if text.isascii():
        return text
    repaired, _ = fix_mojibake(text)
    return repaired if repaired == " ".join(repaired.split()) else text


def _block_paragraphs(block: list[str]) -> list[str]:
    if len(block) == 1:
        return block
    if _is_hard_wrapped(block):
        return [" ".join(block)]
    # One paragraph per line, except that a line not ending a sentence continues into a
    # next line starting in lower case ("Support truly" / "independent journalism").
    paragraphs = [block[0]]
    for line in block[1:]:
        if not ends_sentence(paragraphs[-1]) and _continues(line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _is_hard_wrapped(block: list[str]) -> bool:
    """True for a block of lines broken at a fixed width (a wrapped paragraph): nearly every
    line but the last was broken because the next word would not have fitted."""
    if len(block) < 2 or (len(block) == 2 and not block[1][:1].islower()):
        return False
    width = max(len(line) for line in block)
    if width > 100 or width < 40:
        return False
    broken = sum(
        1
        for line, following in zip(block, block[1:], strict=False)
        if len(line) + 1 + len(following.split()[0]) > width - 2
    )
    open_ends = sum(1 for line in block[:-1] if not ends_sentence(line))
    return broken * 4 >= (len(block) - 1) * 3 and open_ends * 2 >= len(block) - 1


def _continues(line: str) -> bool:
    if line.startswith(("http://", "https://", "www.")):
        return False  # a link on its own line is never the rest of a sentence
    if _LOWER_BYLINE.match(line) or dates.is_date_line(line):
        return False  # "by Jane Doe - 05/08/24": a byline or date line under a headline
    return line[0].islower() or line[0] in ",;)]–—"


def _collect(
    article: CleanedArticle, units: list[Unit], rules: Rules, decoded: DecodedText
) -> None:
    """Fill the article's fields from the units and explain an empty body."""
    for unit in units:
        if unit.kind in ("text", "entry-heading"):
            article.paragraphs.append(unit.text)
        elif unit.kind == "title" and unit.text == article.title:
            _read_title_line(article, unit, rules)
        elif unit.kind == "figure" and unit.figure:
            article.figures.append(unit.figure)
        elif unit.kind == "byline":
            if not article.byline:
                article.byline = unit.names
            if unit.stamp:
                article.stamps.append(unit.stamp)
            article.dropped.append(DroppedLine(unit.text, "byline"))
        elif unit.kind == "credit":
            article.credits.extend(_credit_pieces(unit.text, rules))
            article.dropped.append(DroppedLine(unit.text, "credit"))
        elif unit.kind == "stamp":
            article.stamps.append(unit.stamp or unit.text)
            article.dropped.append(DroppedLine(unit.text, "stamp"))
        elif unit.kind == "chrome":
            article.dropped.append(DroppedLine(unit.text, unit.reason or "chrome"))
        elif unit.kind == "heading":
            article.dropped.append(DroppedLine(unit.text, "related-block"))
        elif unit.kind == "figure-credit":
            article.dropped.append(DroppedLine(unit.text, "credit"))
        elif unit.kind == "dek" and unit.text != article.dek:
            article.dropped.append(DroppedLine(unit.text, "dek"))

    if not article.paragraphs:
        if units and all(u.kind in ("chrome", "heading") for u in units):
            article.warnings.append(
                "No article body: the file holds nothing but site chrome "
                "(navigation, newsletter, cookie or promotion lines)."
            )
        else:
            article.warnings.append("No article body was found in the file.")
    if not article.title and article.paragraphs:
        article.title = make_title(first_sentence(article.paragraphs[0], rules), rules)
        article.title_generated = True


def _read_title_line(article: CleanedArticle, unit: Unit, rules: Rules) -> None:
    """A headline sharing its line with a date stamp or a section label ("World Euro 2024:
    Spain beat England 14 Jul 2024 22:59"): the title is the headline alone, and the stamp
    is read as a stamp of the page."""
    headline, stamp, labels = dates.split_headline_stamp(unit.text)
    if stamp:
        article.stamps.append(stamp)
        headline = _without_section_label(headline, rules)
    if stamp or labels:
        article.title = headline


def _without_section_label(headline: str, rules: Rules) -> str:
    """ "World Euro 2024: Spain beat England" -> "Euro 2024: Spain beat England": a section
    word scraped onto the headline, before a capital."""
    first, _, rest = headline.partition(" ")
    label = rules.patterns.fullmatch(first)
    if label and rules.pattern_reasons[label.lastgroup] == "section-label" and rest[:1].isupper():
        return rest
    return headline


def _credit_pieces(text: str, rules: Rules) -> list[str]:
    """ "Reporting by X; Editing by Y" is two credits, each a credit line of its own; a line
    whose pieces are not ("©;A") is one credit, so that cleaning the text again reads it the
    same way."""
    pieces = [piece.strip() for piece in text.split(";") if piece.strip()]
    if len(pieces) > 1 and all(any(p.match(piece) for p in rules.credit_lines) for piece in pieces):
        return pieces
    return [text.strip()] if text.strip() else []


def first_sentence(paragraph: str, rules: Rules | None = None) -> str:
    """Return the first sentence of a paragraph, not stopping at abbreviations like "U.S."."""
    rules = rules or load_rules()
    head = paragraph[:2000]
    for match in BOUNDARY.finditer(head):
        end = match.end()
        if end >= len(head):
            break
        following = head[end]
        if not (following.isupper() or following.isdigit() or following in "\"'“‘("):
            continue
        before = head[: match.start()].rsplit(None, 1)
        word = before[-1].lstrip("\"'“‘(").casefold() if before else ""
        if word in rules.abbreviations or (len(word) == 1 and word.isalpha()):
            continue
        return head[:end].strip()
    return head.strip()


def make_title(sentence: str, rules: Rules | None = None) -> str:
    """Make a short title from a sentence, cut at a clause or word boundary with an ellipsis."""
    rules = rules or load_rules()
    limit = rules.title_max
    sentence = sentence.strip()
    if len(sentence) <= limit:
        if sentence.endswith(".") and not sentence.endswith(".."):
            return sentence[:-1].rstrip()
        return sentence
    cut = sentence[: limit + 1]
    clause = max(cut.rfind(sep) for sep in (", ", "; ", " – ", " — ", ": "))
    if clause >= limit // 2:
        cut = cut[:clause]
    elif " " in cut:
        cut = cut[: cut.rfind(" ")]
    else:
        cut = cut[:limit]
    # Never leave a quotation open: cut before an unmatched opening quote.
    for opening, closing in (("“", "”"), ("‘", "’")):
        if cut.count(opening) > cut.count(closing):
            cut = cut[: cut.rfind(opening)]
    if cut.count('"') % 2:
        cut = cut[: cut.rfind('"')]
    words = cut.split()
    while len(words) > 3 and words[-1].strip(",;:–—").casefold() in rules.weak_endings:
        words.pop()
    cut = " ".join(words).rstrip(" ,;:–—-")
    return f"{cut}…" if cut else sentence[:limit] + "…"
