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
import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..records import CleanedArticle, DroppedLine, Figure
from . import dates
from .decode import DecodedText, decode_raw, decode_text

CHROME_FILE = Path(__file__).parent.parent / "data" / "chrome.toml"

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
# Units longer than this are body text: no chrome line or caption is this long, and skipping
# the pattern checks keeps huge paragraphs cheap.
LONGEST_CHROME = 800
LONGEST_CAPTION = 600

_HEADER_LINE = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,30})[ \t]*:[ \t]*(.*)\Z")
_SPACES = re.compile(r"\s+")
# A URL scheme ("javascript:", "https:"), spaces and controls inside it ignored as browsers do.
_URL_SCHEME = re.compile(r"[\s\x00-\x1f]*([A-Za-z][A-Za-z0-9+.\s-]*?)[\s\x00-\x1f]*:")
_CLOSERS = "\"'”’»)]"
_SENTENCE_END = ".!?…:;"
# Characters ignored at the edges of a line when comparing it with chrome phrases.
_EDGE = string.punctuation + string.whitespace + "“”‘’«»…–—•·‣©®™\u00a0"
# A sentence boundary: end punctuation, optional closing quotes/brackets, then space.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]{0,3}\s+")


@dataclass
class _Unit:
    """One paragraph-sized piece of the raw text and the role given to it."""

    text: str
    kind: str = "text"  # text, chrome, stamp, byline, credit, figure, heading, title, dek
    reason: str = ""
    figure: Figure | None = None
    names: str = ""  # byline names
    stamp: str = ""  # the date line a byline carries ("By Jane Doe | June 12, 2024")
    words: int = 0
    ends_sentence: bool = False

    def __post_init__(self) -> None:
        # Computed once: the shape tests below ask for these many times per unit.
        self.words = len(self.text.split())
        self.ends_sentence = _ends_sentence(self.text)


@dataclass
class _Rules:
    exact: dict[str, str]
    patterns: re.Pattern[str]  # all chrome patterns in one alternation, one group per rule
    pattern_reasons: dict[str, str]
    contains: re.Pattern[str]
    contains_reasons: dict[str, str]
    contains_guards: tuple[str, ...]
    any_line: re.Pattern[str]  # every anchored rule at once: a quick "is this special?" test
    trailing_exact: frozenset[str]
    trailing_patterns: list[re.Pattern[str]]
    agencies: frozenset[str]
    credit_signals: frozenset[str]
    byline: re.Pattern[str]
    credit_lines: list[re.Pattern[str]]
    stamps: list[re.Pattern[str]]
    abbreviations: frozenset[str]
    title_max: int
    weak_endings: frozenset[str]


def load_rules(path: Path = CHROME_FILE) -> _Rules:
    """The chrome phrase lists and patterns of chrome.toml, read again only when it changes."""
    return _load_rules(Path(path), Path(path).stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _load_rules(path: Path, _mtime_ns: int) -> _Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    exact = {}
    for reason, phrases in data.get("exact", {}).items():
        for phrase in phrases:
            exact[_key(phrase)] = reason
    # One alternation with a named group per pattern: a single regex call per line.
    pattern_reasons = {}
    alternatives = []
    for reason, items in data.get("patterns", {}).items():
        for item in items:
            re.compile(item)  # fail here, naming the bad pattern, rather than in the alternation
            name = f"p{len(alternatives)}"
            pattern_reasons[name] = reason
            alternatives.append(f"(?P<{name}>{item})")
    contains_reasons = {}
    contained = []
    guards = set()
    for reason, table in data.get("contains", {}).items():
        guards.update(word.casefold() for word in table.get("guard", []))
        for item in table.get("patterns", []):
            re.compile(item)
            name = f"c{len(contained)}"
            contains_reasons[name] = reason
            contained.append(f"(?P<{name}>{item})")
    trailing = data.get("trailing", {})
    credits = data.get("credits", {})
    return _Rules(
        exact=exact,
        patterns=re.compile("|".join(alternatives) or r"(?!)", re.I),
        pattern_reasons=pattern_reasons,
        contains=re.compile("|".join(contained) or r"(?!)", re.I),
        contains_reasons=contains_reasons,
        contains_guards=tuple(sorted(guards)),
        any_line=re.compile(
            "|".join(
                [f"(?i:{p})" for items in data.get("patterns", {}).values() for p in items]
                + [f"(?i:{p})" for p in data.get("stamps", {}).get("patterns", [])]
                + [f"(?i:{p})" for p in trailing.get("patterns", [])]
                + [f"(?:{p})" for p in data.get("credit_lines", {}).get("patterns", [])]
                + [f"(?:{data.get('byline', {}).get('pattern', '(?!)')})"]
            )
        ),
        trailing_exact=frozenset(_key(h) for h in trailing.get("headings", [])),
        trailing_patterns=[re.compile(p, re.I) for p in trailing.get("patterns", [])],
        agencies=frozenset(a.casefold() for a in credits.get("agencies", [])),
        credit_signals=frozenset(s.casefold() for s in credits.get("signals", [])),
        byline=re.compile(data.get("byline", {}).get("pattern", r"(?!)")),
        credit_lines=[re.compile(p) for p in data.get("credit_lines", {}).get("patterns", [])],
        stamps=[re.compile(p, re.I) for p in data.get("stamps", {}).get("patterns", [])],
        abbreviations=frozenset(
            a.casefold() for a in data.get("sentences", {}).get("abbreviations", [])
        ),
        title_max=int(data.get("title", {}).get("max_chars", 90)),
        weak_endings=frozenset(w.casefold() for w in data.get("title", {}).get("weak_endings", [])),
    )


def clean_article(raw: str | bytes, source: str = "<text>") -> CleanedArticle:
    """Clean one raw scraped file into a CleanedArticle, never raising."""
    try:
        return _clean(raw, source)
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


def _clean(raw: str | bytes, source: str) -> CleanedArticle:
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
    lines = [" ".join(line.split()) for line in decoded.text.split("\n")]
    if not any(lines):
        article.warnings.append("No article body: the file is empty.")
        return article

    header, body_start = _read_header(lines)
    _drop_unsafe_url(header, article)
    article.header = header
    units = _split_units(lines[body_start:])
    for unit in units:
        _classify(unit, rules)
    _drop_trailing_block(units)
    _drop_repeated_short_lines(units)
    _choose_title_and_dek(article, units, header)
    # Duplicates go before furniture, so "top" and "bottom" are judged on what remains.
    _drop_duplicates(article, units)
    _drop_furniture(units)
    _collect(article, units, rules, decoded)
    return article


def _fallback(raw: str | bytes, source: str, exc: Exception) -> CleanedArticle:
    """Return the text split at blank lines when the cleaner itself fails."""
    warning = (
        f"The cleaner failed with an internal error ({type(exc).__name__}); "
        "the raw paragraphs were kept without removing site chrome."
    )
    try:
        text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
        paragraphs = [_SPACES.sub(" ", p).strip() for p in re.split(r"\n\s*\n", text)]
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


def _split_units(lines: list[str]) -> list[_Unit]:
    """Split lines into paragraph units, joining hard-wrapped lines within a block."""
    units: list[_Unit] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
            continue
        if block:
            units.extend(_Unit(text) for text in _block_paragraphs(block))
            block = []
    return units


def _block_paragraphs(block: list[str]) -> list[str]:
    if len(block) == 1:
        return block
    if _is_hard_wrapped(block):
        return [" ".join(block)]
    # One paragraph per line, except that a line not ending a sentence continues into a
    # next line starting in lower case ("Support truly" / "independent journalism").
    paragraphs = [block[0]]
    for line in block[1:]:
        if not _ends_sentence(paragraphs[-1]) and _continues(line):
            paragraphs[-1] = f"{paragraphs[-1]} {line}"
        else:
            paragraphs.append(line)
    return paragraphs


def _is_hard_wrapped(block: list[str]) -> bool:
    """True for a block of similar-width lines that break mid-sentence (a wrapped paragraph)."""
    if len(block) < 3:
        return False
    lengths = sorted(len(line) for line in block)
    if lengths[-1] > 100 or lengths[len(lengths) // 2] < 40:
        return False
    open_ends = sum(1 for line in block[:-1] if not _ends_sentence(line))
    return open_ends * 2 >= len(block) - 1


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def _continues(line: str) -> bool:
    return line[0].islower() or line[0] in ",;)]–—"


def _key(text: str) -> str:
    """Compare lines case-insensitively, ignoring edge punctuation and spacing."""
    if len(text) > 200:
        return ""  # no chrome phrase is this long; skipping keeps long paragraphs cheap
    return " ".join(text.casefold().strip(_EDGE).split())


def _words(text: str) -> int:
    return len(text.split())


def _classify(unit: _Unit, rules: _Rules) -> None:
    """Give a unit its role from the chrome data and the caption shape."""
    text = unit.text
    if len(text) > LONGEST_CHROME:
        return
    if _classify_stamp(unit, rules):
        return
    key = _key(text)
    if (
        not rules.any_line.match(text)
        and key not in rules.exact
        and key not in rules.trailing_exact
        and not _contains_chrome(text, rules)
    ):
        # The common case, ordinary prose: only the caption shape is left to test.
        figure = None if unit.ends_sentence else _split_caption(text, rules)
        if figure:
            unit.kind, unit.figure = "figure", figure
        return
    byline = rules.byline.match(text)
    if byline and unit.words <= 12:
        unit.kind, unit.names = "byline", byline.group("names").rstrip(" ,")
        return
    if any(p.match(text) for p in rules.credit_lines):
        unit.kind = "credit"
        return
    if key in rules.exact:
        unit.kind, unit.reason = "chrome", f"chrome:{rules.exact[key]}"
        return
    if key in rules.trailing_exact or (
        unit.words <= 8 and any(p.match(text) for p in rules.trailing_patterns)
    ):
        unit.kind = "heading"
        return
    chrome = rules.patterns.match(text)
    if chrome:
        unit.kind, unit.reason = "chrome", f"chrome:{rules.pattern_reasons[chrome.lastgroup]}"
        return
    chrome = _contains_chrome(text, rules)
    if chrome:
        unit.kind, unit.reason = "chrome", f"chrome:{rules.contains_reasons[chrome.lastgroup]}"
        return
    figure = _split_caption(text, rules)
    if figure:
        unit.kind, unit.figure = "figure", figure


def _classify_stamp(unit: _Unit, rules: _Rules) -> bool:
    """Mark a date line, or a byline carrying a date, with the grammar of text/dates.py."""
    if dates.is_date_line(unit.text):
        unit.kind = "stamp"
        return True
    dated = dates.split_dated_byline(unit.text)
    if not dated:
        return False
    byline = rules.byline.match(dated[0])
    if byline:
        unit.kind, unit.names = "byline", byline.group("names").rstrip(" ,")
    else:
        unit.kind = "stamp"
    unit.stamp = dated[1]
    return True


def _contains_chrome(text: str, rules: _Rules) -> re.Match[str] | None:
    folded = text.casefold()
    if rules.contains_guards and not any(word in folded for word in rules.contains_guards):
        return None
    return rules.contains.search(text)


def _split_caption(text: str, rules: _Rules) -> Figure | None:
    """Split `caption. Credit` or `caption. (Credit)` into a Figure, or return None."""
    if len(text) > LONGEST_CAPTION or _ends_sentence(text):
        return None
    if text.endswith(")"):
        opening = text.rfind("(")
        credit = text[opening + 1 : -1].strip()
        caption = text[:opening].strip()
        if opening > 0 and "(" not in credit and _is_caption(caption) and _is_credit(credit, rules):
            return Figure(caption=caption, credit=credit)
    # Try the last few sentence boundaries: credits may hold dots ("J. Scott Applewhite/AP").
    boundaries = [m.end() for m in _BOUNDARY.finditer(text)][-3:]
    for end in boundaries:  # earliest first, so "Cairo. J. Scott/AP" keeps the initial
        caption, credit = text[:end].strip(), text[end:].strip()
        if _is_caption(caption) and _is_credit(credit, rules):
            return Figure(caption=caption, credit=credit)
    return None


def _is_caption(text: str) -> bool:
    return _words(text) >= 3 and _ends_sentence(text) and text.rstrip(_CLOSERS)[-1] in ".!?…"


_CREDIT_LOWER_WORDS = frozenset(
    {"via", "for", "and", "of", "the", "de", "da", "van", "von", "al", "el", "bin", "by", "/"}
)


def _is_credit(credit: str, rules: _Rules) -> bool:
    """True for a short capitalised phrase naming a photographer or an agency."""
    if not credit or len(credit) > 80 or _words(credit) > 10 or _ends_sentence(credit):
        return False
    words = re.split(r"[\s/]+", credit)
    for word in words:
        bare = word.strip("\"'“”‘’,:;-–—")
        lower_case = bare[:1].isalpha() and bare[:1].islower()
        if lower_case and bare.casefold() not in _CREDIT_LOWER_WORDS | rules.credit_signals:
            return False
    folded = credit.casefold()
    if folded in rules.agencies or "/" in credit:
        return True
    tokens = {w.strip("\"'“”‘’,:;()").casefold() for w in words}
    if tokens & rules.credit_signals:
        return True
    return bool(tokens & rules.agencies) and words[-1].casefold() in rules.agencies


def _is_body_like(unit: _Unit) -> bool:
    """True for a unit that reads like article prose rather than a label or headline."""
    return (unit.words >= 5 and unit.ends_sentence) or unit.words >= 25


def _is_short_label(unit: _Unit) -> bool:
    return unit.words <= 8 and not unit.ends_sentence


def _drop(unit: _Unit, reason: str) -> None:
    unit.kind, unit.reason = "chrome", reason


def _drop_trailing_block(units: list[_Unit]) -> None:
    """Drop a trailing Related / Most Popular / Read more block to the end of the file."""
    for index, unit in enumerate(units):
        if unit.kind != "heading":
            continue
        before = sum(len(u.text) for u in units[:index] if u.kind == "text")
        after = sum(len(u.text) for u in units[index + 1 :] if u.kind == "text")
        if before == 0:
            _drop(unit, "chrome:navigation")
        elif after <= before:
            for later in units[index:]:
                if later.kind != "chrome":  # known chrome keeps its more precise reason
                    _drop(later, "related-block")
            return
        else:
            # An inline teaser mid-article: drop the heading and the headlines under it.
            _drop(unit, "related-teaser")
            for later in units[index + 1 : index + 3]:
                if later.kind != "text" or not _is_short_label(later) or _words(later.text) < 3:
                    break
                _drop(later, "related-teaser")


def _drop_repeated_short_lines(units: list[_Unit]) -> None:
    """Drop short labels repeated three or more times (ad slots, share buttons)."""
    counts: dict[str, int] = {}
    for unit in units:
        if unit.kind == "text" and _is_short_label(unit):
            counts[_key(unit.text)] = counts.get(_key(unit.text), 0) + 1
    for unit in units:
        if unit.kind == "text" and _is_short_label(unit) and counts.get(_key(unit.text), 0) >= 3:
            _drop(unit, "chrome:repeated")


def _is_headline(unit: _Unit) -> bool:
    text = unit.text
    words = _words(text)
    return (
        2 <= words <= 30
        and len(text) <= 200
        and not _ends_sentence(text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘")
    )


def _choose_title_and_dek(
    article: CleanedArticle, units: list[_Unit], header: dict[str, str]
) -> None:
    """Take the title and dek from the header, else from a headline at the top."""
    texts = [u for u in units if u.kind == "text"]
    if header.get("title"):
        article.title = header["title"]
        article.title_generated = header.get("title-generated", "").lower() in ("yes", "true")
        article.dek = header.get("dek") or header.get("summary", "")
        return
    article.dek = header.get("dek") or header.get("summary", "")
    if len(texts) >= 2 and _is_headline(texts[0]):
        texts[0].kind = "title"
        article.title = texts[0].text
        dek = texts[1]
        if (
            not article.dek
            and len(texts) >= 3
            and not _ends_sentence(dek.text)
            and 4 <= _words(dek.text) <= 60
        ):
            dek.kind = "dek"
            article.dek = dek.text


def _drop_furniture(units: list[_Unit]) -> None:
    """Drop short labels above the first and below the last prose paragraph."""
    body = [i for i, u in enumerate(units) if u.kind == "text" and _is_body_like(u)]
    if not body:
        return  # no prose at all: keep everything rather than risk losing the article
    for index, unit in enumerate(units):
        if unit.kind != "text" or not _is_short_label(unit):
            continue
        if index < body[0]:
            _drop(unit, "chrome:top-furniture")
        elif index > body[-1]:
            _drop(unit, "chrome:bottom-furniture")


def _drop_duplicates(article: CleanedArticle, units: list[_Unit]) -> None:
    """Keep the first copy of a repeated paragraph or caption."""
    seen = set()
    if article.title and not article.title_generated:
        seen.add(_dedupe_key(article.title))
    if article.dek:
        seen.add(_dedupe_key(article.dek))
    for unit in units:
        if unit.kind in ("title", "dek"):
            continue
        if unit.kind == "figure" and unit.figure:
            key = _dedupe_key(unit.figure.caption)
        elif unit.kind == "text":
            key = _dedupe_key(unit.text)
        else:
            continue
        if key in seen:
            _drop(unit, "duplicate")
        else:
            seen.add(key)


def _dedupe_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _collect(
    article: CleanedArticle, units: list[_Unit], rules: _Rules, decoded: DecodedText
) -> None:
    """Fill the article's fields from the units and explain an empty body."""
    for unit in units:
        if unit.kind == "text":
            article.paragraphs.append(unit.text)
        elif unit.kind == "figure" and unit.figure:
            article.figures.append(unit.figure)
        elif unit.kind == "byline":
            if not article.byline:
                article.byline = unit.names
            if unit.stamp:
                article.stamps.append(unit.stamp)
            article.dropped.append(DroppedLine(unit.text, "byline"))
        elif unit.kind == "credit":
            article.credits.extend(p.strip() for p in unit.text.split(";") if p.strip())
            article.dropped.append(DroppedLine(unit.text, "credit"))
        elif unit.kind == "stamp":
            article.stamps.append(unit.stamp or unit.text)
            article.dropped.append(DroppedLine(unit.text, "stamp"))
        elif unit.kind == "chrome":
            article.dropped.append(DroppedLine(unit.text, unit.reason or "chrome"))
        elif unit.kind == "heading":
            article.dropped.append(DroppedLine(unit.text, "related-block"))

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


def first_sentence(paragraph: str, rules: _Rules | None = None) -> str:
    """Return the first sentence of a paragraph, not stopping at abbreviations like "U.S."."""
    rules = rules or load_rules()
    head = paragraph[:2000]
    for match in _BOUNDARY.finditer(head):
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


def make_title(sentence: str, rules: _Rules | None = None) -> str:
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
