"""What each line of a raw page is, on its own: chrome phrases and patterns, stamps, bylines,
credit lines, captions with their credit, or ordinary text.

The rules are data (data/chrome.toml); this module loads them once and applies them to one
paragraph-sized unit at a time. What a line is *in its place* (title, dek, teaser, furniture)
is decided afterwards by layout.py.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..records import Figure
from . import dates

CHROME_FILE = Path(__file__).parent.parent / "data" / "chrome.toml"

# Units longer than this are body text: no chrome line or caption is this long, and skipping
# the pattern checks keeps huge paragraphs cheap.
LONGEST_CHROME = 800
LONGEST_CAPTION = 600

SPACES = re.compile(r"\s+")
CLOSERS = "\"'”’»)]"
SENTENCE_END = ".!?…:;"
# Characters ignored at the edges of a line when comparing it with chrome phrases.
EDGE = string.punctuation + string.whitespace + "“”‘’«»…–—•·‣©®™\u00a0"
# A sentence boundary: end punctuation, optional closing quotes/brackets, then space.
BOUNDARY = re.compile(r"[.!?…]+[\"'”’»)\]]{0,3}\s+")


@dataclass
class Unit:
    """One paragraph-sized piece of the raw text and the role given to it."""

    text: str
    kind: str = "text"  # text, chrome, stamp, byline, credit, figure, heading, title, dek
    reason: str = ""
    figure: Figure | None = None
    names: str = ""  # byline names
    stamp: str = ""  # the date line a byline carries ("By Jane Doe | June 12, 2024")
    words: int = 0
    ends_sentence: bool = False
    block: int = 0  # which run of lines between blank lines the unit came from

    def __post_init__(self) -> None:
        # Computed once: the shape tests below ask for these many times per unit.
        self.words = len(self.text.split())
        self.ends_sentence = ends_sentence(self.text)


@dataclass
class Rules:
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
    abbreviations: frozenset[str]
    summary_headings: frozenset[str]
    title_max: int
    weak_endings: frozenset[str]


def load_rules(path: Path = CHROME_FILE) -> Rules:
    """The chrome phrase lists and patterns of chrome.toml, read again only when it changes."""
    return _load_rules(Path(path), Path(path).stat().st_mtime_ns)


@lru_cache(maxsize=1)
def _load_rules(path: Path, _mtime_ns: int) -> Rules:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    exact = {}
    for reason, phrases in data.get("exact", {}).items():
        for phrase in phrases:
            exact[key(phrase)] = reason
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
    return Rules(
        exact=exact,
        patterns=re.compile("|".join(alternatives) or r"(?!)", re.I),
        pattern_reasons=pattern_reasons,
        contains=re.compile("|".join(contained) or r"(?!)", re.I),
        contains_reasons=contains_reasons,
        contains_guards=tuple(sorted(guards)),
        any_line=re.compile(
            "|".join(
                [f"(?i:{p})" for items in data.get("patterns", {}).values() for p in items]
                + [f"(?i:{p})" for p in trailing.get("patterns", [])]
                + [f"(?:{p})" for p in data.get("credit_lines", {}).get("patterns", [])]
                + [f"(?:{data.get('byline', {}).get('pattern', '(?!)')})"]
            )
        ),
        trailing_exact=frozenset(key(h) for h in trailing.get("headings", [])),
        trailing_patterns=[re.compile(p, re.I) for p in trailing.get("patterns", [])],
        agencies=frozenset(a.casefold() for a in credits.get("agencies", [])),
        credit_signals=frozenset(s.casefold() for s in credits.get("signals", [])),
        byline=re.compile(data.get("byline", {}).get("pattern", r"(?!)")),
        credit_lines=[re.compile(p) for p in data.get("credit_lines", {}).get("patterns", [])],
        abbreviations=frozenset(
            a.casefold() for a in data.get("sentences", {}).get("abbreviations", [])
        ),
        summary_headings=frozenset(key(h) for h in data.get("summary", {}).get("headings", [])),
        title_max=int(data.get("title", {}).get("max_chars", 90)),
        weak_endings=frozenset(w.casefold() for w in data.get("title", {}).get("weak_endings", [])),
    )


def key(text: str) -> str:
    """Compare lines case-insensitively, ignoring edge punctuation and spacing."""
    if len(text) > 200:
        return ""  # no chrome phrase is this long; skipping keeps long paragraphs cheap
    return " ".join(text.casefold().strip(EDGE).split())


def words(text: str) -> int:
    return len(text.split())


def ends_sentence(text: str) -> bool:
    stripped = text.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def classify(unit: Unit, rules: Rules) -> None:
    """Give a unit its role from the chrome data and the caption shape."""
    text = unit.text
    if len(text) > LONGEST_CHROME:
        return
    if _classify_stamp(unit, rules):
        return
    folded = key(text)
    if (
        not rules.any_line.match(text)
        and not _is_parenthesised_credit(text, rules)
        and folded not in rules.exact
        and folded not in rules.trailing_exact
        and not contains_chrome(text, rules)
    ):
        # The common case, ordinary prose: only the caption shape is left to test.
        figure = None if unit.ends_sentence else split_caption(text, rules)
        if figure:
            figure.caption = strip_counter(figure.caption)
            unit.kind, unit.figure = "figure", figure
        return
    byline = rules.byline.match(text)
    if byline and unit.words <= 12:
        unit.kind, unit.names = "byline", byline.group("names").rstrip(" ,")
        return
    if any(p.match(text) for p in rules.credit_lines) or _is_parenthesised_credit(text, rules):
        unit.kind = "credit"
        return
    if folded in rules.exact:
        unit.kind, unit.reason = "chrome", f"chrome:{rules.exact[folded]}"
        return
    if folded in rules.trailing_exact or (
        unit.words <= 8 and any(p.match(text) for p in rules.trailing_patterns)
    ):
        unit.kind = "heading"
        return
    chrome = rules.patterns.match(text)
    if chrome:
        unit.kind, unit.reason = "chrome", f"chrome:{rules.pattern_reasons[chrome.lastgroup]}"
        return
    chrome = contains_chrome(text, rules)
    if chrome:
        unit.kind, unit.reason = "chrome", f"chrome:{rules.contains_reasons[chrome.lastgroup]}"
        return
    figure = split_caption(text, rules)
    if figure:
        figure.caption = strip_counter(figure.caption)
        unit.kind, unit.figure = "figure", figure


def _is_parenthesised_credit(text: str, rules: Rules) -> bool:
    """ "(Reporting by Jane Doe; Editing by John Roe)": a credit line in brackets."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    inner = text[1:-1].strip()
    return any(p.match(inner) for p in rules.credit_lines)


def _classify_stamp(unit: Unit, rules: Rules) -> bool:
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


def contains_chrome(text: str, rules: Rules) -> re.Match[str] | None:
    folded = text.casefold()
    if rules.contains_guards and not any(word in folded for word in rules.contains_guards):
        return None
    return rules.contains.search(text)


def split_caption(text: str, rules: Rules) -> Figure | None:  # noqa: PLR0911
    """Split `caption. Credit`, `caption. (Credit)`, `caption [Credit]`, `caption | Credit` or
    `caption. Photo: Credit` into a Figure, or return None."""
    text = _LICENSING.sub("", text)
    wrapped = _IMAGE_WRAPPER.match(text)
    if wrapped:  # "[Image: caption. Photo: Agency/Name]", a picture in a plain-text e-mail
        text = wrapped.group("inner").strip()
    if len(text) > LONGEST_CAPTION or ends_sentence(text):
        return None
    for opening_mark, closing_mark in (("(", ")"), ("[", "]")):
        if text.endswith(closing_mark):
            opening = text.rfind(opening_mark)
            credit = text[opening + 1 : -1].strip()
            caption = text[:opening].strip()
            labelled = _CREDIT_LABEL.match(f"{opening_mark}{credit}{closing_mark}")
            if labelled:
                credit = labelled.group("credit").strip()
            if (
                opening > 0
                and opening_mark not in credit
                and words(caption) >= 3
                and (labelled or is_credit(credit, rules))
            ):
                return Figure(caption=caption, credit=credit)
    if " | " in text:  # "caption | Photo Credit: NAME", "caption | Name/Agency"
        caption, tail = text.rsplit(" | ", 1)
        credit = credit_of_line(tail, rules)
        if words(caption) >= 4 and credit:
            return Figure(caption=caption.strip(), credit=credit)
    label = _INLINE_LABEL.search(text)
    if label and words(text[: label.start()]) >= 3:
        return Figure(caption=text[: label.start()].strip(), credit=label.group("credit").strip())
    if " © " in text:
        caption, credit = text.rsplit(" © ", 1)
        if words(caption) >= 3 and is_credit(credit.strip(), rules):
            return Figure(caption=caption.strip(), credit=credit.strip())
    # Try the last few sentence boundaries: credits may hold dots ("J. Scott Applewhite/AP").
    boundaries = [m.end() for m in BOUNDARY.finditer(text)][-3:]
    for end in boundaries:  # earliest first, so "Cairo. J. Scott/AP" keeps the initial
        caption, credit = text[:end].strip(), _undash(text[end:])
        if is_caption(caption) and is_credit(credit, rules):
            return Figure(caption=caption, credit=credit)
    return None


# A picture a plain-text e-mail shows as its alt text: "[Image: caption]".
_IMAGE_WRAPPER = re.compile(r"^\[(?:image|photo|picture)\s*:\s*(?P<inner>.{10,})\]$", re.I)


def _undash(credit: str) -> str:
    """A credit after its caption's dash: "— AFP", "—Photo courtesy X"."""
    return credit.strip().lstrip("—–").strip()


# A credit label glued to the end of a caption: "... in Dubai.Image: Jane Doe/AFP".
_INLINE_LABEL = re.compile(
    r"(?<=[.!?…\w”’\"'])\s*(?i:(?:Photo|Image|Picture) (?:Credit|Courtesy)|Photo|Image|Picture"
    r"|Credit|Photograph|Photographer)\s*:\s*(?P<credit>[A-Z][^:]{1,80})$"
)


def is_caption(text: str) -> bool:
    return words(text) >= 3 and ends_sentence(text) and text.rstrip(CLOSERS)[-1] in ".!?…"


_CREDIT_LOWER_WORDS = frozenset(
    {"via", "for", "and", "of", "the", "de", "da", "van", "von", "al", "el", "bin", "by", "/"}
)


def is_credit(credit: str, rules: Rules) -> bool:
    """True for a short capitalised phrase naming a photographer or an agency."""
    if not credit or len(credit) > 80 or words(credit) > 10 or ends_sentence(credit):
        return False
    parts = [p for p in re.split(r"[\s/|]+", credit) if p]
    for part in parts:
        bare = part.strip("\"'“”‘’,:;-–—()[]")
        lower_case = bare[:1].isalpha() and bare[:1].islower()
        if lower_case and bare.casefold() not in _CREDIT_LOWER_WORDS | rules.credit_signals:
            return False
    folded = credit.casefold().strip("()[] ")
    if folded in rules.agencies or ("/" in credit and len(parts) >= 2):
        return True
    agency, colon, name = folded.partition(": ")
    if colon and agency in rules.agencies and name:
        return True  # "Reuters: Jane Doe", "Supplied: Town Hall"
    tokens = {p.strip("\"'“”‘’,:;()[]").casefold() for p in parts}
    if tokens & rules.credit_signals:
        return True
    last = parts[-1].strip("()[]").casefold() if parts else ""
    return (bool(tokens & rules.agencies) and last in rules.agencies) or (
        "|" in credit and bool(tokens & rules.agencies)
    )


# "Photo: Jane Doe/AFP", "(photo credit: AGENCY/NAME)", "Image source, Getty Images"
_CREDIT_LABEL = re.compile(
    r"^[(\[]?\s*(?:(?:photo credit|image credit|photographer|photograph|photos|photo|"
    r"image source|image|pictures|picture|pic|credit|foto)\b\s*(?:[:,]|\.\.\.|…)"
    r"|(?:photo|photograph|pictures?|image) by\b|copyright\b(?!\s*\d)|©)\s*"
    r"(?P<credit>[^\d\s].+?)\s*[)\]]?$",
    re.I,
)
_BY_LABEL = re.compile(r"^(?:photo|photograph|pictures?|image) by\b", re.I)
# Licensing links some agencies print after a credit: not part of it.
_LICENSING = re.compile(
    r"\s*(?:Purchase|Acquire) Licensing Rights,?(?:\s*opens new tab)?\s*$", re.I
)
# "Image 3 of 14": a gallery's counter, not a credit.
_GALLERY_COUNTER = re.compile(
    r"^(?:image|photo|picture|video|slide)\s+\d{1,3}\s+of\s+\d{1,3}$", re.I
)
# A caption that says it is one ("Image caption, ...", "Caption: ...").
CAPTION_LABEL = re.compile(r"^(?:image caption|media caption|caption)\s*[:,]\s*", re.I)


def credit_of_line(text: str, rules: Rules) -> str:
    """The credit a whole line gives ("AP Photo/Jane Doe", "REUTERS/Name", "Photo: X/Y",
    "(photo credit: AGENCY/NAME)", "Name | Getty Images", a lone "AP"), or ""."""
    text = _LICENSING.sub("", text.strip())
    if not text or len(text) > 100 or _GALLERY_COUNTER.match(text):
        return ""
    labelled = _CREDIT_LABEL.match(text)
    if labelled:
        credit = labelled.group("credit").strip()
        if _BY_LABEL.match(text):  # "Photo by Jane Doe/AFP" on its own line: its own wording
            credit = text
        return credit if credit and words(credit) <= 10 and not ends_sentence(credit) else ""
    bare = text[1:-1].strip() if text[:1] in "([" and text[-1:] in ")]" else text
    if is_credit(bare, rules) or _FOR_OUTLET.match(bare):
        return bare
    return ""


# A photographer working for an outlet: "Jane Doe for The New York Times".
_FOR_OUTLET = re.compile(
    r"^(?-i:[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,2}) for (?-i:The [A-Z][\w.]*(?: [A-Z][\w.]*){0,3})$"
)


_COUNTER = re.compile(
    r"^(?:\[\d{1,3}\s*/\s*\d{1,3}\]|\d{1,3}\s+of\s+\d{1,3}\s*\||(?:Enlarge|Expand|Zoom)\s+/)\s*"
)


def strip_counter(text: str) -> str:
    """Drop a gallery counter ("[1/5]", "2 of 12 |") or a zoom button's label ("Enlarge /")
    from the start of a caption."""
    return _COUNTER.sub("", text)
