"""Find time expressions in English news text and resolve them against the article's date.

The rules follow HeidelTime's news setting: a relative expression ("on Tuesday", "last
month") is resolved against the article's own date (the *anchor*); a date without a year
is the most recent such date on or before the anchor unless its clause is in the future
tense; durations ("six-week ceasefire", "seven weeks", "the 1990s") are never dates.

Choices worth knowing:

* Text spans: a weekday keeps its preposition ("on Tuesday", "late on Friday") because that
  is how a reader quotes it; a year keeps its modifier ("early 2023") but not its
  preposition ("in 2023" -> "2023"); a month keeps "the end of", "early", "mid-" etc.
* Future weekdays resolve to the earliest such day ON OR AFTER the anchor: an article of
  Tuesday saying "is set to travel to Jordan on Tuesday" means that same Tuesday (a
  reporter would write "next Tuesday" for a week later).  Past weekdays resolve to the
  latest such day on or before the anchor.  The same on-or-after / on-or-before rule is
  used for month-day dates and bare months.
* The future test (:func:`is_future_clause`) looks only at the words of the current clause
  before the expression: from the previous clause boundary (see ``CLAUSE_BREAK_CHARS`` and
  ``CLAUSE_BREAK_WORDS``), at most ``FUTURE_WINDOW_WORDS`` words back, for a cue from
  ``FUTURE_CUES``.
* ``hints`` (spaCy DATE spans) are used only when the span itself names one month and one
  four-digit year (and optionally a day); such a span replaces pattern matches lying wholly
  inside it and is dropped if it would cut one in two.  Anything vaguer is ignored.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..calendar_words import MONTH_NUMBERS, WEEKDAYS, day_label, month_name

__all__ = [
    "FUTURE_CUES",
    "TimeExpression",
    "find_time_expressions",
    "pattern_matches",
    "format_value_human",
    "is_future_clause",
]


@dataclass(frozen=True)
class TimeExpression:
    """One time expression found in a text, with its resolved value."""

    text: str  # as written, e.g. "on Tuesday", "Oct. 7", "late last month"
    start: int  # char offsets into the text given
    end: int
    value: str | None  # "YYYY-MM-DD", "YYYY-MM" or "YYYY"; None when it cannot be resolved
    granularity: str  # "day", "week", "month", "year" (week: value is that week's Monday)
    basis: str  # "explicit", "relative" or "unresolved"
    note: str  # human-readable account of how the value was obtained


# ---------------------------------------------------------------------------
# Tense: future cues and clause boundaries (data, so they can be audited and tuned)
# ---------------------------------------------------------------------------

# Word sequences (lower case, matched on whole tokens) that put a clause in the future.
# Present-tense movement verbs are included because "Blinken heads to Israel on Friday"
# in news is the scheduled future; plain "meets"/"says" are not, as headlines use them for
# the past as well.
FUTURE_CUES: tuple[tuple[str, ...], ...] = (
    ("will",),
    ("'ll",),
    ("won't",),
    ("shall",),
    ("would",),
    ("due", "to"),
    ("set", "to"),
    ("expected", "to"),
    ("scheduled", "to"),
    ("scheduled", "for"),
    ("planned", "for"),
    ("plans", "to"),
    ("plan", "to"),
    ("planning", "to"),
    ("going", "to"),
    ("poised", "to"),
    ("slated", "to"),
    ("intends", "to"),
    ("intend", "to"),
    ("is", "to"),
    ("are", "to"),
    ("ahead", "of"),
    ("to", "be", "held"),
    ("upcoming",),
    ("heads", "to"),
    ("head", "to"),
    ("flies", "to"),
    ("travels", "to"),
    ("arrives", "in"),
    ("returns", "to"),
    ("departs", "for"),
    ("leaves", "for"),
)

# Cues indexed by their first word, so each token is checked against few cues.
_CUES_BY_FIRST: dict[str, list[tuple[str, ...]]] = {}
for _cue in FUTURE_CUES:
    _CUES_BY_FIRST.setdefault(_cue[0], []).append(_cue)

# Characters that end a clause: a tense cue before one of these does not reach past it.
CLAUSE_BREAK_CHARS = '.!?;:,\n\u201c\u201d"()\u2014\u2013\u2026[]'

# Words that open a new clause with its own tense ("will travel ... since the war began on
# October 7").  "and" is deliberately absent: "will travel to Jordan and meet X on
# Tuesday" shares the auxiliary.
CLAUSE_BREAK_WORDS = frozenset(
    {
        "since",
        "when",
        "while",
        "because",
        "although",
        "though",
        "but",
        "who",
        "which",
        "whereas",
        "where",
        "that",
        "said",
        "says",
    }
)

# A full stop ends a clause only before a capital or the end ("U.S. envoys will" goes on).
_CLAUSE_BREAK_RE = re.compile(
    "[" + re.escape(CLAUSE_BREAK_CHARS.replace(".", "")) + r"]|\.(?=\s*$|\s+[^a-z\s])"
)

# How many words before the expression are searched for a cue, at most.
FUTURE_WINDOW_WORDS = 14

# How many characters back the clause search may go; bounds the cost on huge inputs.
_FUTURE_WINDOW_CHARS = 240

_WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?|['\u2019]ll\b")


def is_future_clause(text: str, start: int) -> bool:
    """Say whether the clause leading up to ``text[start]`` is in the future tense."""
    window = text[max(0, start - _FUTURE_WINDOW_CHARS) : start]
    cut = -1
    for m in _CLAUSE_BREAK_RE.finditer(window):
        cut = m.start()
    clause = window[cut + 1 :]
    words = [w.lower().replace("\u2019", "'") for w in _WORD_RE.findall(clause)]
    # Cut at the last clause-opening word, then keep the last few words only.
    for i in range(len(words) - 1, -1, -1):
        if words[i] in CLAUSE_BREAK_WORDS:
            words = words[i + 1 :]
            break
    words = words[-FUTURE_WINDOW_WORDS:]
    # "won't"/"he'll" arrive as single tokens: split the contraction so cues match.
    tokens: list[str] = []
    for w in words:
        if w.endswith("'ll") and w != "'ll":
            tokens.extend((w[:-3], "'ll"))
        else:
            tokens.append(w)
    for i, tok in enumerate(tokens):
        for cue in _CUES_BY_FIRST.get(tok, ()):
            if tuple(tokens[i : i + len(cue)]) == cue:
                return True
    return False


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

_WEEKDAYS = tuple(name.lower() for name in WEEKDAYS)
_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
}

# Month word next to a day or year.  "May" and "March" must be capitalised because the
# lower-case words are a modal and a verb; other full names may be lower case there.
_MONTH_ALT = (
    r"(?:[Jj]anuary|[Ff]ebruary|March|[Aa]pril|May|[Jj]une|[Jj]uly|[Aa]ugust|[Ss]eptember"
    r"|[Oo]ctober|[Nn]ovember|[Dd]ecember)\b"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?"
)
# A month standing alone must be a capitalised full name.
_BARE_MONTH_ALT = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\b"
)
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
_YEAR = r"(?:19\d\d|20\d\d|2100)\b"
# Modifiers that keep month/year granularity but belong to the expression's text.
_MOD = r"\b(?i:the\s(?:end|start|beginning|middle)\sof\s|(?:early|late)\s|mid-|mid\s)"
# Words that make a bare capitalised month read as a date ("in October", "since May").
_MONTH_CONTEXT = frozenset(
    {
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "through",
        "throughout",
        "during",
        "before",
        "after",
        "of",
        "between",
        "and",
        "or",
        "last",
        "this",
        "next",
        "early",
        "late",
        "mid",
        "around",
        "each",
        "every",
        "on",
    }
)
# A year after these is a count, not a year ("in 2023 people" is rare, "2023 people" not).
_COUNT_NOUNS = (
    r"people|persons|men|women|children|civilians|hostages|prisoners|soldiers|troops"
    r"|fighters|residents|palestinians|israelis|deaths|dead|victims|cases|homes|buildings"
    r"|tons|tonnes|trucks|lorries|km|kilometres|kilometers|miles|metres|meters|feet"
    r"|dollars|euros|pounds|votes|members|staff|workers|families|times"
)
# Capitalised words after a weekday that make it part of a title ("Sunday Times").
_TITLE_WORDS = frozenset(
    {
        "Times",
        "Telegraph",
        "Post",
        "Mirror",
        "Express",
        "Herald",
        "Tribune",
        "Mail",
        "Club",
        "Night",
        "Football",
        "Sport",
        "Service",
        "Show",
        "Group",
        "Movement",
        "Accord",
    }
)
# Words in front of a weekday that make it a named day, not a date ("Good Friday").
_NAMED_DAY_PREFIXES = frozenset(
    {
        "good",
        "black",
        "holy",
        "bloody",
        "cyber",
        "ash",
        "palm",
        "easter",
        "maundy",
        "super",
        "blue",
        "giving",
        "shrove",
        "spy",
        "fat",
    }
)


# ---------------------------------------------------------------------------
# Date arithmetic helpers
# ---------------------------------------------------------------------------


def _ym(year: int, month: int, delta: int) -> tuple[int, int]:
    """Shift a (year, month) pair by ``delta`` months."""
    idx = year * 12 + (month - 1) + delta
    return idx // 12, idx % 12 + 1


def _monday(day: datetime.date) -> datetime.date:
    """Return the Monday of the ISO week containing ``day``."""
    return day - datetime.timedelta(days=day.weekday())


def _make_date(year: int, month: int, day: int) -> datetime.date | None:
    """Build a date, or None when the day does not exist in that month."""
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _month_day_near(
    anchor: datetime.date, month: int, day: int, future: bool
) -> datetime.date | None:
    """Place a yearless month-day on the nearest year on/before (or on/after) the anchor."""
    step = 1 if future else -1
    # Eight years is enough to find a 29 February in either direction.
    for k in range(9):
        cand = _make_date(anchor.year + step * k, month, day)
        if cand is None:
            continue
        if (cand >= anchor) if future else (cand <= anchor):
            return cand
    return None


def _month_near(anchor: datetime.date, month: int, future: bool) -> tuple[int, int]:
    """Place a yearless month on/before (or on/after) the anchor's month."""
    if future:
        return (anchor.year if month >= anchor.month else anchor.year + 1), month
    return (anchor.year if month <= anchor.month else anchor.year - 1), month


def _weekday_near(anchor: datetime.date, weekday: int, future: bool) -> datetime.date:
    """Latest such weekday on/before the anchor, or earliest on/after it when future."""
    if future:
        return anchor + datetime.timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - datetime.timedelta(days=(anchor.weekday() - weekday) % 7)


def _fmt(granularity: str, year: int, month: int = 1, day: int = 1) -> str:
    """Format a value string at the given granularity."""
    if granularity == "year":
        return f"{year:04d}"
    if granularity == "month":
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def _fmt_date(granularity: str, d: datetime.date) -> str:
    """Format a date (a week is given by its Monday)."""
    if granularity == "week":
        d = _monday(d)
    return _fmt(granularity, d.year, d.month, d.day)


# ---------------------------------------------------------------------------
# Candidates
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Cand:
    """A matched span before overlap resolution."""

    start: int
    end: int
    granularity: str
    value: str | None
    relative: bool  # True when the value needed (or would need) the anchor


_Handler = Callable[[re.Match[str], str, "datetime.date | None"], "_Cand | None"]


def _span(m: re.Match[str]) -> tuple[int, int]:
    """Span of the ``x`` group when the pattern has one, else of the whole match."""
    if "x" in m.re.groupindex and m.group("x") is not None:
        return m.span("x")
    return m.span()


def _prev_word(text: str, start: int) -> str:
    """Return the lower-cased word just before ``start`` (empty at the text start)."""
    m = re.search(r"([A-Za-z]+)[^A-Za-z\n]{0,2}$", text[max(0, start - 40) : start])
    return m.group(1).lower() if m else ""


def _month_of(word: str) -> int:
    """Month number of a month word or abbreviation (with or without a dot)."""
    return MONTH_NUMBERS[word.rstrip(".").lower()]


def _h_ymd(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """Full dates: "June 11, 2024", "11 June 2024", "2024-06-11"."""
    year = int(m.group("year"))
    month = int(m.group("mnum")) if m.groupdict().get("mnum") else _month_of(m.group("mon"))
    day = int(re.match(r"\d+", m.group("day")).group())
    if _make_date(year, month, day) is None:
        return None
    s, e = _span(m)
    return _Cand(s, e, "day", _fmt("day", year, month, day), False)


def _h_my(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """Month and year: "November 2023", "early March 2024"."""
    s, e = _span(m)
    return _Cand(
        s, e, "month", _fmt("month", int(m.group("year")), _month_of(m.group("mon"))), False
    )


def _h_md(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """Month and day without a year: "Oct. 7", "7 October"."""
    month = _month_of(m.group("mon"))
    day = int(re.match(r"\d+", m.group("day")).group())
    if _make_date(2024, month, day) is None:  # 2024 is a leap year, so 29 Feb passes
        return None
    s, e = _span(m)
    if anchor is None:
        return _Cand(s, e, "day", None, True)
    d = _month_day_near(anchor, month, day, is_future_clause(text, s))
    return _Cand(s, e, "day", _fmt_date("day", d) if d else None, True)


def _h_bare_month(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """A month on its own: "in October", "the end of February", "last November"."""
    s, e = _span(m)
    rel = (m.group("rel") or "").lower()
    if not m.group("mod") and not rel and _prev_word(text, s) not in _MONTH_CONTEXT:
        return None
    if anchor is None:
        return _Cand(s, e, "month", None, True)
    month = _month_of(m.group("mname"))
    if rel == "last":
        year = anchor.year if month < anchor.month else anchor.year - 1
    elif rel == "next":
        year = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        year = anchor.year
    else:
        year, month = _month_near(anchor, month, is_future_clause(text, s))
    return _Cand(s, e, "month", _fmt("month", year, month), True)


def _h_year(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """A year read as a year: "in 2023", "since 2019", "early 2024"."""
    s, e = _span(m)
    return _Cand(s, e, "year", m.group("year")[:4], False)


def _h_weekday(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """A weekday: "on Tuesday", "Monday", "last Tuesday", "next Friday morning"."""
    s, e = m.span()
    pre = (m.group("pre") or "").strip().lower()
    after = text[m.end() : m.end() + 40]
    if not pre:
        if _prev_word(text, s) in _NAMED_DAY_PREFIXES:
            return None  # "Good Friday", "Black Friday"
        next_word = re.match(r"\s([A-Z][a-z]+)", after)
        if next_word and (
            _prev_word(text, s) in {"the", "a", "an"} or next_word.group(1) in _TITLE_WORDS
        ):
            return None  # "the Sunday Times", "Monday Night Football"
    elif pre in {"last", "next"} and _prev_word(text, s) == "the":
        return None  # "the last Friday of the month" is not a date we can place
    if anchor is None:
        return _Cand(s, e, "day", None, True)
    wd = _WEEKDAYS.index(m.group("wd").lower())
    if pre.endswith("last"):
        d = anchor - datetime.timedelta(days=(anchor.weekday() - wd - 1) % 7 + 1)
    elif pre.endswith("next"):
        d = anchor + datetime.timedelta(days=(wd - anchor.weekday() - 1) % 7 + 1)
    else:
        d = _weekday_near(anchor, wd, is_future_clause(text, s))
    return _Cand(s, e, "day", _fmt_date("day", d), True)


_DAY_OFFSETS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


def _h_day_word(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """Deictic days: "today", "later today", "yesterday", "last night", "this morning"."""
    s, e = m.span()
    if m.group()[0].isupper() and re.search(r"[A-Z][A-Za-z]*\s$", text[max(0, s - 30) : s]):
        return None  # a title such as "USA Today" or "Europe Today", not the day
    if anchor is None:
        return _Cand(s, e, "day", None, True)
    low = m.group().lower()
    if low.startswith(("this ", "last night")):
        offset = 0 if low.startswith("this ") else -1
    else:
        word = m.group("w1") or m.group("w2") or m.group("w3")
        offset = _DAY_OFFSETS[word.lower()]
        if low.startswith("the day before"):
            offset -= 1
        elif low.startswith("the day after"):
            offset += 1
    return _Cand(s, e, "day", _fmt_date("day", anchor + datetime.timedelta(days=offset)), True)


def _h_period(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """Calendar periods: "last week", "late last month", "earlier this year"."""
    s, e = m.span()
    if not m.group("mod") and _prev_word(text, s) in {"the", "past", "over"}:
        return None  # "over the last week" is the past seven days, a duration
    unit = m.group("unit").lower()
    granularity = "week" if unit == "weekend" else unit
    if anchor is None:
        return _Cand(s, e, granularity, None, True)
    delta = {"last": -1, "this": 0, "next": 1}[m.group("rel").lower()]
    if granularity == "week":
        value = _fmt_date("week", anchor + datetime.timedelta(weeks=delta))
    elif granularity == "month":
        value = _fmt("month", *_ym(anchor.year, anchor.month, delta))
    else:
        value = _fmt("year", anchor.year + delta)
    return _Cand(s, e, granularity, value, True)


def _h_ago(m: re.Match[str], text: str, anchor: datetime.date | None) -> _Cand | None:
    """Counted offsets into the past: "two days ago", "a week ago", "three years ago"."""
    s, e = m.span()
    unit = m.group("unit").lower()
    if anchor is None:
        return _Cand(s, e, unit, None, True)
    n_word = m.group("n").lower()
    n = int(n_word) if n_word.isdigit() else _NUMBERS[n_word]
    if unit == "day":
        value = _fmt_date("day", anchor - datetime.timedelta(days=n))
    elif unit == "week":
        value = _fmt_date("week", anchor - datetime.timedelta(weeks=n))
    elif unit == "month":
        value = _fmt("month", *_ym(anchor.year, anchor.month, -n))
    else:
        value = _fmt("year", anchor.year - n)
    return _Cand(s, e, unit, value, True)


# Every pattern is a flat sequence of bounded alternations (no nested unbounded
# quantifiers), so matching stays linear on very long inputs.
_NOT_COUNT = rf"(?![.,]\d)(?!\s(?i:{_COUNT_NOUNS})\b)(?!\s?%)(?!-\d)"
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (
        re.compile(
            r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])\b(?!-\d)"
        ),
        _h_ymd,
    ),
    (
        re.compile(rf"\b(?P<mon>{_MONTH_ALT})\s(?P<day>{_DAY}),?\s(?P<year>{_YEAR})(?![.,]\d)"),
        _h_ymd,
    ),
    (
        re.compile(
            rf"(?<![\w,.])(?P<day>{_DAY})\s(?:of\s)?(?P<mon>{_MONTH_ALT}),?\s(?P<year>{_YEAR})(?![.,]\d)"
        ),
        _h_ymd,
    ),
    (
        re.compile(
            rf"(?P<mod>{_MOD})?\b(?P<mon>{_MONTH_ALT}),?\s(?:of\s)?(?P<year>{_YEAR}){_NOT_COUNT}"
        ),
        _h_my,
    ),
    (re.compile(rf"\b(?P<mon>{_MONTH_ALT})\s(?P<day>{_DAY})(?![,.:]?\d)(?!\s?%)"), _h_md),
    (re.compile(rf"(?<![\w,.])(?P<day>{_DAY})\s(?:of\s)?(?P<mon>{_MONTH_ALT})"), _h_md),
    (
        re.compile(
            rf"(?:(?P<mod>{_MOD})|\b(?P<rel>(?i:last|this|next))\s)?\b(?P<mname>{_BARE_MONTH_ALT})"
        ),
        _h_bare_month,
    ),
    (
        re.compile(
            rf"\b(?i:in|since|by|until|till|from|through|throughout|during|before|after|between)\s"
            rf"(?P<x>(?P<year>{_YEAR})){_NOT_COUNT}"
        ),
        _h_year,
    ),
    (re.compile(rf"(?P<mod>{_MOD})(?P<year>{_YEAR}){_NOT_COUNT}"), _h_year),
    (
        re.compile(
            r"(?P<pre>\b(?i:(?:(?:early|late)\s)?on|last|next|this)\s)?"
            r"\b(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
            r"(?P<post>\s(?:morning|afternoon|evening|night)\b)?"
        ),
        _h_weekday,
    ),
    (
        re.compile(
            r"\b(?i:(?:(?:later|earlier|early|late)\s(?P<w1>today)"
            r"|(?:the\sday\s(?:before|after)\s)?(?P<w2>yesterday|tomorrow)"
            r"(?:\s(?:morning|afternoon|evening|night)\b)?"
            r"|this\s(?:morning|afternoon|evening)|last\snight|(?P<w3>today|tonight)))\b"
        ),
        _h_day_word,
    ),
    (
        re.compile(
            r"(?P<mod>\b(?i:the\s(?:end|start|beginning|middle)\sof\s|(?:early|earlier|late|later)\s"
            r"|mid-|mid\s))?\b(?P<rel>(?i:last|this|next))\s(?P<unit>(?i:weekend|week|month|year))\b"
        ),
        _h_period,
    ),
    (
        re.compile(
            r"\b(?P<n>\d{1,2}|(?i:an|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
            r"|thirteen|fourteen|fifteen|twenty|thirty))\s(?P<unit>(?i:day|week|month|year))s?\s(?i:ago)\b"
        ),
        _h_ago,
    ),
)


# ---------------------------------------------------------------------------
# Hints (spaCy DATE spans)
# ---------------------------------------------------------------------------

_HINT_MONTH_RE = re.compile(rf"\b(?P<mon>{_MONTH_ALT})")
_HINT_YEAR_RE = re.compile(rf"(?<![\d,.])(?P<year>{_YEAR})(?![.,]\d)")
_HINT_DAY_RE = re.compile(r"(?<![\d,.])(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b(?![.,:]\d)")


def _from_hint(text: str, start: int, end: int) -> _Cand | None:
    """Resolve a spaCy DATE span only when it names exactly one month and one year."""
    chunk = text[start:end]
    months = list(_HINT_MONTH_RE.finditer(chunk))
    years = list(_HINT_YEAR_RE.finditer(chunk))
    if len(months) != 1 or len(years) != 1:
        return None  # a range or a vague phrase: nothing we can justify
    month, year = _month_of(months[0].group("mon")), int(years[0].group("year"))
    rest = chunk[: years[0].start()] + " " * len(years[0].group()) + chunk[years[0].end() :]
    days = list(_HINT_DAY_RE.finditer(rest))
    lead = len(chunk) - len(chunk.lstrip())
    s, e = start + lead, start + len(chunk.rstrip())
    if not days:
        return _Cand(s, e, "month", _fmt("month", year, month), False)
    if len(days) == 1 and _make_date(year, month, int(days[0].group("day"))):
        return _Cand(s, e, "day", _fmt("day", year, month, int(days[0].group("day"))), False)
    return None


# ---------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------


def _finalise(c: _Cand, text: str, anchor: datetime.date | None) -> TimeExpression:
    """Turn a candidate into a public TimeExpression with basis and note."""
    surface = text[c.start : c.end]
    if not c.relative:
        basis, note = "explicit", f"explicit date '{surface}'"
    elif anchor is None:
        basis, note = "unresolved", f"no article date to resolve '{surface}' against"
    elif c.value is None:
        basis, note = (
            "unresolved",
            f"could not place '{surface}' in an article of {day_label(anchor)}",
        )
    else:
        basis, note = (
            "relative",
            f"resolved from '{surface}' in an article of {day_label(anchor)}",
        )
    return TimeExpression(surface, c.start, c.end, c.value, c.granularity, basis, note)


def find_time_expressions(
    text: str,
    anchor: datetime.date | None,
    *,
    hints: Sequence[tuple[int, int]] = (),
    matches: tuple | None = None,
) -> list[TimeExpression]:
    """Find time expressions in ``text`` and resolve them against the article date ``anchor``.

    ``matches`` are ``pattern_matches(text)`` when the caller keeps them (they do not depend
    on the anchor: the date estimator resolves one sentence at tens of anchors)."""
    if isinstance(anchor, datetime.datetime):
        anchor = anchor.date()
    cands: list[_Cand] = []
    for handler, m in pattern_matches(text) if matches is None else matches:
        cand = handler(m, text, anchor)
        if cand is not None and cand.end > cand.start:
            cands.append(cand)
    # Longest match wins; ties go to the earlier one, then to pattern order.
    order = sorted(
        range(len(cands)), key=lambda i: (-(cands[i].end - cands[i].start), cands[i].start, i)
    )
    starts: list[int] = []
    chosen: list[_Cand] = []
    for i in order:
        c = cands[i]
        if _overlaps(starts, chosen, c):
            continue
        pos = bisect.bisect_left(starts, c.start)
        starts.insert(pos, c.start)
        chosen.insert(pos, c)
    # A hint is used only when it names its own month and year; it then replaces the
    # matches lying wholly inside it (longest match wins) but never cuts one in two.
    for hs, he in hints:
        hs, he = max(0, hs), min(len(text), he)
        if he <= hs:
            continue
        c = _from_hint(text, hs, he)
        if c is None:
            continue
        lo = bisect.bisect_left(starts, c.start)
        hi = lo
        while hi < len(chosen) and chosen[hi].start < c.end:
            hi += 1
        inside = all(c.start <= o.start and o.end <= c.end for o in chosen[lo:hi])
        if (
            not inside
            or (lo > 0 and chosen[lo - 1].end > c.start)
            or hi - lo
            and chosen[lo:hi] == [c]
        ):
            continue
        starts[lo:hi] = [c.start]
        chosen[lo:hi] = [c]
    return [_finalise(c, text, anchor) for c in chosen]


def pattern_matches(text: str) -> tuple[tuple[_Handler, re.Match[str]], ...]:
    """Every pattern's matches in a text, in pattern order (independent of the anchor)."""
    return tuple((handler, m) for pattern, handler in _PATTERNS for m in pattern.finditer(text))


def _overlaps(starts: list[int], chosen: list[_Cand], c: _Cand) -> bool:
    """Check ``c`` against the sorted, non-overlapping accepted spans."""
    pos = bisect.bisect_left(starts, c.start)
    if pos < len(chosen) and chosen[pos].start < c.end:
        return True
    return pos > 0 and chosen[pos - 1].end > c.start


def format_value_human(value: str | None, granularity: str) -> str:
    """Render a value for readers: "11 June 2024", "June 2024", "week of 10 June 2024", "2024"."""
    if not value:
        return ""
    parts = [int(p) for p in value.split("-")]
    if granularity == "year" or len(parts) == 1:
        return f"{parts[0]:04d}"
    month = month_name(parts[1])
    if granularity == "month" or len(parts) == 2:
        return f"{month} {parts[0]:04d}"
    human = f"{parts[2]} {month} {parts[0]:04d}"
    return f"week of {human}" if granularity == "week" else human
