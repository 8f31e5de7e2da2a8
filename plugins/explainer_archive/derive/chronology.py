"""Build the archive's chronology: dated events from article sentences, merged across articles.

The flow is two pure steps over plain data:

* :func:`extract_events` reads one article (its body, the one spaCy annotation, actor and
  topic spans) and returns :class:`EventMention` objects, one per sentence (or faithful
  clause) that reports something happening at a resolved date, plus the article's own
  news on its own date.
* :func:`merge_events` groups the mentions of the whole archive into :class:`Event` objects:
  the same happening reported by several sentences or articles becomes one event.

Choices worth knowing (the issue asks to decide and document them):

* Sentences come from the annotation's ``sents``, cut again at paragraph breaks and at
  standalone sentence-final punctuation (the fast ``senter`` sometimes runs sentences
  together), then glued back when a sentence starts inside an open quotation, so a quote
  and its "Blinken said on Thursday" stay one sentence.
* A sentence is cut into *parts* at ";" and at a coordinating "but" (each side at least
  ``MIN_PART_WORDS`` words): two happenings joined that way get one mention each.
* Inside a part, each time expression gets a *role*:

  - ``quoted``: inside a direct quotation: skipped, quotes are claims, not reports;
  - ``bound``: right after "since", "until", "by", ...: the edge of a span of time
    ("his third trip since Oct. 7"), which names no happening: skipped;
  - ``hypothetical``: after "should", "could", "may", ... in its part: skipped;
  - ``reference``: a date used as a noun's modifier ("an Oct. 7 attack", "its 7 October
    attack"): it mentions a known happening in passing, so it may join an event of that
    date whose words contain the noun, but never founds one;
  - ``clause``: inside a "since/after/before/when/until" clause that has its own finite
    verb ("since the war began with Hamas's attack on Israel on October 7"): the clause
    alone is the event text, it is that clause's happening which is dated;
  - ``sentence``: everything else; the first day-granularity one in a part governs the
    part's main event (else the first week, then month, then year one), the others in the
    same part are ignored.  Year-only expressions thus only make events when the part has
    nothing finer.

* Unresolved expressions never make events; an article without a day-precise date resolves
  no relative expression (see ``timexes``), so "on Friday" or a yearless "7 October" in an
  undated article stays out of the chronology rather than getting an invented date.
* The article's own news is a mention too: its title, on its own date, basis
  ``article-date``, only when that date is known to the day.
* Merging (see :func:`similarity`): two mentions can be the same happening only when they
  have the same date value *and* granularity (a "2023-10" month is never merged into
  "2023-10-07").  Within that block a mention joins the most similar current event when it
  shares at least one content lemma (nouns and verbs of the annotation, minus
  ``STOP_LEMMAS``) with one of the event's mentions, shares an actor with it (unless one
  side has none), and their similarity reaches ``MERGE_THRESHOLD``; otherwise it founds a
  new event.  Mentions are visited in one canonical order, so the result does not depend
  on the input order, and each is compared only with the events of its own date.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import html
import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from ..calendar_words import WEEKDAYS
from . import timexes

__all__ = [
    "ChronologyInput",
    "Event",
    "EventMention",
    "MERGE_THRESHOLD",
    "block_events",
    "block_order",
    "date_block_key",
    "extract_events",
    "extract_pending_events",
    "merge_events",
    "ordered_events",
    "similarity",
    "sentence_time_expressions",
    "to_chronology_json",
    "to_timelinejs",
]

# (shared lemmas + shared actors) / size of the smaller side must reach this to merge.
# 0.3 keeps "Blinken says truce is producing results" with "Blinken on Thursday said a
# temporary truce ... had produced results" (1.0) but apart from "Israel and Hamas struck
# an agreement to extend their ceasefire" on the same day (no shared lemma at all).
MERGE_THRESHOLD = 0.3

# A mention is compared with at most this many members of an event (its earliest ones in
# the canonical order), so a happening mentioned by thousands of articles stays cheap.
MAX_COMPARED_MEMBERS = 8

# Each side of a ";" or "but" cut must have this many words, or the sentence stays whole.
MIN_PART_WORDS = 4

# Granularities that may found an event, finest first (the governing order in a part).
GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}

# "estimated": resolved against an estimated article date (derive/estimates.py); a stated
# date of any other mention of the same event always wins over it.
BASIS_RANK = {"explicit": 0, "relative": 1, "article-date": 2, "estimated": 3}

# Words right before an expression that make it the edge of a span, not a happening.
BOUND_WORDS = frozenset({"since", "until", "till", "from", "through", "by", "before", "after"})

# Words that open a subordinate clause whose own happening the expression dates.
CLAUSE_OPENERS = frozenset({"since", "after", "before", "when", "until"})

# Modals that make a clause hypothetical; "will"/"would"/"shall" are kept as plans.
HYPOTHETICAL_MODALS = frozenset({"should", "could", "might", "may", "must", "can", "ought"})

# Relative pronouns whose clause can carry its own date ("a resolution that was passed
# yesterday"); the event text is then the noun phrase with its clause.
RELATIVE_PRONOUNS = frozenset({"that", "which", "who"})
NOUN_PHRASE_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ", "DT", "CD", "PRP$", "POS", "HYPH"})

FINITE_VERB_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
CONTENT_TAGS = frozenset({"NN", "NNS", "VB", "VBD", "VBG", "VBN", "VBP", "VBZ"})
DETERMINER_TAGS = frozenset({"DT", "PRP$", "POS", "JJ", "WP$"})

# Verbs of saying, auxiliaries and time words: present in nearly every news sentence, so
# sharing them says nothing about sharing a happening.
STOP_LEMMAS = frozenset(
    {
        "be",
        "have",
        "do",
        "say",
        "tell",
        "add",
        "state",
        "note",
        "report",
        "claim",
        "accord",
        "will",
        "would",
        "shall",
        "should",
        "could",
        "may",
        "might",
        "must",
        "can",
        "get",
        "go",
        "make",
        "take",
        "come",
        "give",
        "put",
        "keep",
        "let",
        "seem",
        "also",
        "still",
        "just",
        "even",
        "more",
        "most",
        "other",
        "such",
        "own",
        "day",
        "week",
        "month",
        "year",
        "time",
        "today",
        "yesterday",
        "tomorrow",
        "morning",
        "afternoon",
        "evening",
        "night",
        "hour",
        "minute",
        "weekend",
        *(name.lower() for name in WEEKDAYS),
        "people",
        "thing",
        "way",
        "part",
        "lot",
        "number",
        "mr",
        "mrs",
        "ms",
    }
)

EVENTS_FILE = Path(__file__).parent.parent / "data" / "events.toml"


@lru_cache(maxsize=1)
def same_happening_nouns() -> dict[str, str]:
    """Nouns that name the same kind of happening (data/events.toml), each to its group's
    first word: "the Oct. 7 rampage" is the 7 October attack."""
    data = tomllib.loads(EVENTS_FILE.read_text(encoding="utf-8"))
    nouns = {}
    for group in data.get("same_happening", {}).get("groups", []):
        for word in group:
            nouns[word.casefold()] = group[0].casefold()
    return nouns


_WORD_RE = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
_OPEN_QUOTES = "\u201c"
_CLOSE_QUOTES = "\u201d"


@dataclass
class ChronologyInput:
    """One article as the chronology needs it: text, annotation, actor and topic spans."""

    key: str  # article slug
    title: str
    date: str | None  # the article's own date "YYYY-MM-DD"/"YYYY-MM"/"YYYY" or None
    date_basis: str  # how the article date was found ("dateline", "caption", "unknown", …)
    text: str  # cleaned body ("\n\n"-joined paragraphs) the annotation was computed on
    annotation: dict
    actor_spans: list[tuple[int, int, str]]  # (start, end, actor slug) in text
    topic_spans: list[tuple[int, int, str]]  # (start, end, topic slug) phrase hits in text
    title_actors: Sequence[str] = ()  # actor slugs of the headline/lede
    topics: Sequence[str] = ()  # the article's assigned topics


@dataclass(slots=True)
class EventMention:
    """One sentence (or clause, or headline) of one article reporting a dated happening."""

    article: str
    article_date: str | None
    value: str  # "YYYY-MM-DD", "YYYY-MM" or "YYYY" (a week is given by its Monday)
    granularity: str  # "day", "week", "month", "year"
    basis: str  # "explicit", "relative", "article-date"
    text: str  # the event text: the sentence, its part, its clause or the title
    sentence: str  # the whole sentence it comes from (the title for the article's news)
    expression: str  # the time expression as written ("" for the article's news)
    date_note: str  # how the date was obtained, for readers
    role: str  # "sentence", "clause", "reference" or "headline"
    start: int = 0  # offsets of ``text`` in the article body (0, 0 for the headline)
    end: int = 0
    planned: bool = False  # the sentence reports a plan ("will travel on Tuesday")
    actors: tuple[str, ...] = ()  # slugs, in order of first appearance, no repeats
    topics: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()  # content lemmas, sorted, no repeats
    head: str = ""  # for a reference: the noun the date modifies ("attack")
    expression_start: int = -1  # where the expression starts in ``sentence``

    def sort_key(self) -> tuple:
        """Canonical order: by date, oldest article first, then place in the article."""
        return (
            self.value,
            GRANULARITY_RANK.get(self.granularity, 9),
            _article_order(self.article_date, self.article),
            self.start,
            self.end,
            self.role,
            self.expression,
            self.text,
        )


@dataclass
class Event:
    """One happening on one date, with every mention of it across the archive."""

    id: str
    date: str
    granularity: str
    date_basis: str
    text: str
    actors: list[str]
    topics: list[str]
    sources: list[str]
    mentions: list[dict] = field(default_factory=list)
    planned: bool = False
    date_label: str = ""


# ---------------------------------------------------------------------------
# Small helpers over the annotation
# ---------------------------------------------------------------------------


def _article_order(article_date: str | None, article: str) -> tuple:
    """Oldest article first, undated ones last, then by slug."""
    return (article_date is None, article_date or "", article)


def _anchor(date: str | None) -> datetime.date | None:
    """The article date as an anchor for relative expressions; only a full day qualifies."""
    if not date or len(date) != 10:
        return None
    try:
        return datetime.date.fromisoformat(date)
    except ValueError:
        return None


class _Tokens:
    """Column view over the annotation's tokens, with lookups by character offset."""

    def __init__(self, text: str, annotation: dict):
        self.text = text
        self.start = list(annotation.get("tok_start", ()))
        self.end = list(annotation.get("tok_end", ()))
        self.lemma = list(annotation.get("lemma", ()))
        self.tag = list(annotation.get("tag", ()))

    def between(self, start: int, end: int) -> range:
        """Indexes of the tokens lying wholly inside [start, end)."""
        lo = bisect.bisect_left(self.start, start)
        hi = bisect.bisect_left(self.start, end)
        while hi > lo and self.end[hi - 1] > end:
            hi -= 1
        return range(lo, hi)

    def word(self, i: int) -> str:
        return self.text[self.start[i] : self.end[i]]

    def is_word(self, i: int) -> bool:
        return any(ch.isalnum() for ch in self.word(i))

    def before(self, pos: int) -> int | None:
        """Index of the last non-space token ending at or before ``pos``."""
        i = bisect.bisect_right(self.end, pos) - 1
        while i >= 0 and not self.word(i).strip():
            i -= 1
        return i if i >= 0 else None

    def after(self, pos: int) -> int | None:
        """Index of the first non-space token starting at or after ``pos``."""
        i = bisect.bisect_left(self.start, pos)
        while i < len(self.start) and not self.word(i).strip():
            i += 1
        return i if i < len(self.start) else None


def _content_lemma(lemma: str, tag: str) -> str | None:
    """The lemma as a similarity feature, or None for function words and proper names."""
    if tag not in CONTENT_TAGS:
        return None
    lemma = lemma.lower().strip(".-'\u2019")
    if len(lemma) < 3 or not lemma.isalpha() or lemma in STOP_LEMMAS:
        return None
    return same_happening_nouns().get(lemma, lemma)


def _lemmas_in(tokens: _Tokens, start: int, end: int) -> tuple[str, ...]:
    """Sorted distinct content lemmas of the tokens inside a span."""
    found = {
        lemma
        for i in tokens.between(start, end)
        if (lemma := _content_lemma(tokens.lemma[i], tokens.tag[i]))
    }
    return tuple(sorted(found))


def _slugs_in(spans: Iterable[tuple[int, int, str]], start: int, end: int) -> tuple[str, ...]:
    """Slugs of the spans falling inside [start, end), in order of appearance, no repeats."""
    seen: dict[str, None] = {}
    for _, _, slug in sorted(span for span in spans if span[0] >= start and span[1] <= end):
        seen.setdefault(slug, None)
    return tuple(seen)


def _inside_quote(text: str, pos: int) -> int | None:
    """Where the direct quotation open at ``pos`` starts, or None when ``pos`` is outside one.

    Quotation state is tracked within the paragraph only: news style repeats the opening
    mark at each paragraph of a long quote.
    """
    para_start = text.rfind("\n\n", 0, pos)
    para_start = 0 if para_start < 0 else para_start + 2
    opened: int | None = None
    for i in range(para_start, pos):
        ch = text[i]
        if ch in _OPEN_QUOTES:
            opened = i
        elif ch in _CLOSE_QUOTES:
            opened = None
        elif ch == '"':
            opened = None if opened is not None else i
    return opened


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a span so it neither starts nor ends with white space."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _sentence_spans(text: str, tokens: _Tokens, annotation: dict) -> list[tuple[int, int]]:
    """The body's sentences: annotation sentences cut at paragraphs and stops, quotes glued."""
    pieces: list[tuple[int, int]] = []
    sents = annotation.get("sents") or [[0, len(text)]]
    for s_start, s_end in sents:
        # The fast sentence splitter runs paragraphs and some sentences together.
        cuts = [s_start]
        for m in re.finditer(r"\n\s*\n", text[s_start:s_end]):
            cuts.append(s_start + m.end())
        for i in tokens.between(s_start, s_end):
            if tokens.tag[i] == "." and tokens.word(i) in {".", "!", "?"}:
                nxt = tokens.after(tokens.end[i])
                if nxt is None or tokens.start[nxt] >= s_end:
                    continue
                # A closing quote belongs to the sentence it ends.
                end = tokens.end[i]
                if text[end : end + 1] in _CLOSE_QUOTES + '"':
                    end += 1
                first = text[tokens.start[nxt] : tokens.start[nxt] + 1]
                if first.isupper() or first in _OPEN_QUOTES + '"':
                    cuts.append(end)
        cuts = sorted(set(cuts)) + [s_end]
        for a, b in zip(cuts, cuts[1:], strict=False):
            a, b = _strip_span(text, a, b)
            if b > a:
                pieces.append((a, b))
    pieces.sort()
    # Glue a sentence that starts inside an open quotation to the one before it.
    units: list[tuple[int, int]] = []
    for a, b in pieces:
        same_paragraph = units and "\n\n" not in text[units[-1][1] : a]
        if same_paragraph and _inside_quote(text, a) is not None:
            units[-1] = (units[-1][0], b)
        else:
            units.append((a, b))
    return units


def _sentence_parts(text: str, tokens: _Tokens, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a sentence at ";" and a coordinating "but" when both sides are real clauses."""
    idx = list(tokens.between(start, end))
    cuts: list[tuple[int, int]] = []  # (end of left part, start of right part)
    for k, i in enumerate(idx):
        word = tokens.word(i)
        # A sentence-initial "But" opens the sentence, it joins nothing; inside a
        # quotation the speaker's clauses are not cut either.
        joins = word == ";" or (
            word.lower() == "but"
            and tokens.tag[i] == "CC"
            and k > 0
            and tokens.word(idx[k - 1]) not in {".", "!", "?", "\u201c", '"'}
        )
        if joins and _inside_quote(text, tokens.start[i]) is None:
            left = sum(1 for j in idx[:k] if tokens.is_word(j))
            right = sum(1 for j in idx[k + 1 :] if tokens.is_word(j))
            if left >= MIN_PART_WORDS and right >= MIN_PART_WORDS:
                cuts.append((tokens.start[i], tokens.end[i]))
    parts: list[tuple[int, int]] = []
    begin = start
    for cut_start, cut_end in cuts:
        parts.append(_strip_span(text, begin, cut_start))
        begin = cut_end
    parts.append(_strip_span(text, begin, end))
    return [(a, b) for a, b in parts if b > a]


def _as_sentence(fragment: str) -> str:
    """Present a clause cut from a sentence as a sentence: capital first, full stop last."""
    fragment = fragment.strip().rstrip(",;:\u2014\u2013- ")
    if not fragment:
        return fragment
    fragment = fragment[0].upper() + fragment[1:]
    if fragment[-1] not in '.!?\u201d"':
        fragment += "."
    return fragment


# ---------------------------------------------------------------------------
# Extraction
# ---------------------------------------------------------------------------


def sentence_time_expressions(
    article: ChronologyInput,
) -> list[tuple[int, int, int, timexes.TimeExpression]]:
    """Every time expression of the body as (sentence start, abs start, abs end, expression).

    The timex finder sees one sentence at a time, with that sentence's DATE entities as
    hints, and resolves against the article date when it is known to the day.
    """
    text = article.text
    tokens = _Tokens(text, article.annotation)
    anchor = _anchor(article.date)
    dates = [(s, e) for s, e, label in article.annotation.get("ents", ()) if label == "DATE"]
    found = []
    for start, end in _sentence_spans(text, tokens, article.annotation):
        hints = [
            (max(s, start) - start, min(e, end) - start) for s, e in dates if s < end and e > start
        ]
        for expr in timexes.find_time_expressions(text[start:end], anchor, hints=hints):
            found.append((start, start + expr.start, start + expr.end, expr))
    return found


def _role(
    text: str, tokens: _Tokens, part: tuple[int, int], s: int, e: int
) -> tuple[str, int, int, str]:
    """Say what an expression at [s, e) does in its part: (role, text start, text end, head)."""
    part_start, part_end = part
    if _inside_quote(text, s) is not None:
        return "quoted", part_start, part_end, ""
    prev = tokens.before(s)
    in_part = prev is not None and tokens.end[prev] > part_start
    prev_word = tokens.word(prev).lower() if in_part else ""
    if prev_word in BOUND_WORDS:
        return "bound", part_start, part_end, ""
    nxt = tokens.after(e)
    if (
        nxt is not None
        and tokens.start[nxt] < part_end
        and tokens.tag[nxt] in {"NN", "NNS"}
        and (prev is None or tokens.tag[prev] in DETERMINER_TAGS or tokens.end[prev] <= part_start)
    ):
        head = _content_lemma(tokens.lemma[nxt], tokens.tag[nxt]) or ""
        return "reference", part_start, part_end, head
    # The comma-delimited chunk around the expression bounds any clause it sits in.
    chunk_start = max(part_start, text.rfind(",", part_start, s) + 1)
    comma_after = text.find(",", e, part_end)
    chunk_end = part_end if comma_after < 0 else comma_after
    before = list(tokens.between(chunk_start, s))
    # The nearest clause opener before the expression decides which clause it dates.
    for k in range(len(before) - 1, -1, -1):
        i = before[k]
        word = tokens.word(i).lower()
        has_verb = any(tokens.tag[j] in FINITE_VERB_TAGS for j in before[k + 1 :])
        if word in RELATIVE_PRONOUNS and tokens.tag[i] in {"WDT", "WP"}:
            if has_verb:
                return "clause", *_relative_clause(text, tokens, part, i, e, chunk_end), ""
            break
        if word in CLAUSE_OPENERS:
            if has_verb:
                clause_end = _cut_coordinated_verb(tokens, e, chunk_end)
                return "clause", *_strip_span(text, tokens.end[i], clause_end), ""
            break
    for i in tokens.between(part_start, s):
        if tokens.tag[i] == "MD" and tokens.word(i).lower() in HYPOTHETICAL_MODALS:
            return "hypothetical", part_start, part_end, ""
    return "sentence", part_start, part_end, ""


def _cut_coordinated_verb(tokens: _Tokens, after: int, end: int) -> int:
    """End a clause before an "and" that starts a new verb phrase ("... and is ready to")."""
    idx = list(tokens.between(after, end))
    for k, i in enumerate(idx[:-1]):
        if tokens.word(i).lower() == "and" and tokens.tag[idx[k + 1]] in FINITE_VERB_TAGS:
            return tokens.start[i]
    return end


def _relative_clause(
    text: str, tokens: _Tokens, part: tuple[int, int], pronoun: int, expr_end: int, chunk_end: int
) -> tuple[int, int]:
    """A relative clause with its noun phrase: "a resolution that was passed yesterday"."""
    start = tokens.start[pronoun]
    i = pronoun - 1
    # "Hamas, which attacked ...": step over the comma to the noun.
    if i >= 0 and tokens.word(i) == ",":
        i -= 1
    while i >= 0 and tokens.start[i] >= part[0] and tokens.tag[i] in NOUN_PHRASE_TAGS:
        start = tokens.start[i]
        i -= 1
    return _strip_span(text, start, _cut_coordinated_verb(tokens, expr_end, chunk_end))


def extract_events(article: ChronologyInput) -> list[EventMention]:
    """Dated happenings reported by one article, plus its own news on its own date."""
    text = article.text
    tokens = _Tokens(text, article.annotation)
    mentions: list[EventMention] = []
    by_sentence: dict[int, list] = {}
    for sent_start, s, e, expr in sentence_time_expressions(article):
        by_sentence.setdefault(sent_start, []).append((s, e, expr))
    sentence_end = dict(_sentence_spans(text, tokens, article.annotation))

    for sent_start in sorted(by_sentence):
        sent_end = sentence_end[sent_start]
        sentence = text[sent_start:sent_end]
        for part in _sentence_parts(text, tokens, sent_start, sent_end):
            main: list[tuple] = []
            for s, e, expr in by_sentence[sent_start]:
                if not (part[0] <= s < part[1]) or expr.value is None:
                    continue
                if expr.granularity not in GRANULARITY_RANK:
                    continue
                role, t_start, t_end, head = _role(text, tokens, part, s, e)
                if role in {"quoted", "bound", "hypothetical"}:
                    continue
                candidate = (role, t_start, t_end, head, s, expr)
                if role == "sentence":
                    main.append(candidate)
                else:
                    mentions.append(_mention(article, tokens, sentence, sent_start, candidate))
            if main:
                # The finest expression governs; among equals, the first one.
                best = min(main, key=lambda c: (GRANULARITY_RANK[c[5].granularity], c[4]))
                mentions.append(_mention(article, tokens, sentence, sent_start, best))

    headline = _headline_mention(article, tokens)
    if headline is not None:
        mentions.append(headline)
    mentions.sort(key=EventMention.sort_key)
    return mentions


# Any day serves to find which relative expressions of an undated article would make events:
# their values are thrown away and resolved again against the article's estimate.
_PROBE_DAY = "2001-01-03"


def extract_pending_events(article: ChronologyInput) -> list[EventMention]:
    """The events an undated article would report if its date were known: mentions whose
    expression needs the article date, with no value (``value`` "", basis "unresolved").
    derive/estimates.py resolves them once the article's date is estimated."""
    if _anchor(article.date) is not None:
        return []
    probe = ChronologyInput(**{**article.__dict__, "date": _PROBE_DAY})
    return [
        replace(m, article_date=None, value="", basis="unresolved", date_note="")
        for m in extract_events(probe)
        if m.basis == "relative" and m.role != "headline"
    ]


def _mention(
    article: ChronologyInput, tokens: _Tokens, sentence: str, sent_start: int, candidate: tuple
) -> EventMention:
    """Build a mention for one expression with its role and text span."""
    role, t_start, t_end, head, s, expr = candidate
    text = article.text
    fragment = text[t_start:t_end]
    whole = (t_start, t_end) == _strip_span(text, sent_start, sent_start + len(sentence))
    return EventMention(
        article=article.key,
        article_date=article.date,
        value=expr.value,
        granularity=expr.granularity,
        basis=expr.basis,
        text=fragment if whole else _as_sentence(fragment),
        sentence=sentence,
        expression=expr.text,
        date_note=expr.note,
        role=role,
        start=t_start,
        end=t_end,
        planned=timexes.is_future_clause(sentence, s - sent_start),
        actors=_slugs_in(article.actor_spans, t_start, t_end),
        topics=_slugs_in(article.topic_spans, t_start, t_end),
        lemmas=_lemmas_in(tokens, t_start, t_end),
        head=head,
        expression_start=s - sent_start,
    )


def _title_lemmas(title: str, tokens: _Tokens) -> tuple[str, ...]:
    """Content lemmas of the title, borrowed from the body's annotation of the same words.

    The title is not annotated (spaCy runs once, on the body); a word the body never uses
    is kept when lower case, with a plural/third-person "s" dropped.
    """
    known: dict[str, tuple[str, str]] = {}
    for i in range(len(tokens.start)):
        known.setdefault(tokens.word(i).lower(), (tokens.lemma[i], tokens.tag[i]))
    found: set[str] = set()
    for k, m in enumerate(_WORD_RE.finditer(title)):
        word = m.group().replace("\u2019", "'")
        if word.lower() in known:
            lemma = _content_lemma(*known[word.lower()])
        elif word[0].isupper() and k > 0:
            lemma = None  # a name: actors cover names
        else:
            low = word.lower()
            if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
                low = low[:-1]
            lemma = _content_lemma(low, "NN") if low not in _TITLE_FUNCTION_WORDS else None
        if lemma:
            found.add(lemma)
    return tuple(sorted(found))


_TITLE_FUNCTION_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "from",
        "with",
        "by",
        "after",
        "before",
        "amid",
        "over",
        "as",
        "and",
        "or",
        "but",
        "is",
        "are",
        "was",
        "were",
        "his",
        "her",
        "its",
        "their",
        "this",
        "that",
        "next",
    }
)


def _headline_mention(article: ChronologyInput, tokens: _Tokens) -> EventMention | None:
    """The article's own news: its title on its own date, when that date is a known day."""
    day = _anchor(article.date)
    if day is None or not article.title.strip():
        return None
    human = timexes.format_value_human(article.date, "day")
    return EventMention(
        article=article.key,
        article_date=article.date,
        value=article.date,
        granularity="day",
        basis="article-date",
        text=article.title.strip(),
        sentence=article.title.strip(),
        expression="",
        date_note=f"the article's own date, {human} (from its {article.date_basis})",
        role="headline",
        actors=tuple(dict.fromkeys(article.title_actors)),
        topics=tuple(dict.fromkeys(article.topics)),
        lemmas=_title_lemmas(article.title, tokens),
    )


# ---------------------------------------------------------------------------
# Merging
# ---------------------------------------------------------------------------


def similarity(a: EventMention, b: EventMention) -> float:
    """How alike two mentions of one date are: 0 when they cannot be the same happening.

    It needs a shared content lemma and, when both name actors, a shared actor; then it is
    (shared lemmas + shared actors) / (lemmas + actors of the smaller side), so a short
    headline can match the long sentence that reports the same thing.
    """
    return _similarity(_Profile(a), _Profile(b))


class _Profile:
    """A mention's lemmas and actors as sets, computed once per merge."""

    __slots__ = ("mention", "lemmas", "actors", "size")

    def __init__(self, mention: EventMention):
        self.mention = mention
        self.lemmas = frozenset(mention.lemmas)
        self.actors = frozenset(mention.actors)
        self.size = len(self.lemmas) + len(self.actors)


def _similarity(a: _Profile, b: _Profile) -> float:
    shared_lemmas = len(a.lemmas & b.lemmas)
    if shared_lemmas == 0:
        return 0.0
    shared_actors = len(a.actors & b.actors)
    if a.actors and b.actors and shared_actors == 0:
        return 0.0
    return (shared_lemmas + shared_actors) / max(min(a.size, b.size), 1)


def merge_events(mentions: Sequence[EventMention]) -> list[Event]:
    """Group mentions of the same happening on the same date into events, deterministically.

    A per-key reduction: the mentions of one date (`date_block_key`) are merged apart from
    every other date's (`block_events`), then the events are ordered (`ordered_events`);
    archive/reductions.py runs the middle step on a Dask cluster."""
    return ordered_events(block_events(block) for block in _same_date_blocks(mentions))


def date_block_key(mention: EventMention) -> tuple[str, str]:
    """The key events are merged on: only mentions of one date can be one event."""
    return (mention.value, mention.granularity)


def block_order(key: tuple[str, str]) -> tuple[str, int]:
    """The order of the date blocks (date_block_key): by date, finest granularity first."""
    return (key[0], GRANULARITY_RANK.get(key[1], 9))


def _same_date_blocks(mentions: Sequence[EventMention]) -> list[list[EventMention]]:
    """The mentions grouped by (date, granularity), in date order, each in canonical order:
    only mentions of one date can be one event."""
    blocks: dict[tuple[str, str], list[EventMention]] = {}
    for m in sorted(mentions, key=EventMention.sort_key):
        blocks.setdefault(date_block_key(m), []).append(m)
    return [blocks[key] for key in sorted(blocks, key=block_order)]


def block_events(block: list[EventMention]) -> list[Event]:
    """The events of one date block (its mentions in canonical order), in cluster order."""
    reports, by_lemma = _cluster_reports(block)
    return [_event(cluster) for cluster in _attach_references(block, reports, by_lemma)]


def ordered_events(per_block: Iterable[list[Event]]) -> list[Event]:
    """The events of every date block (given in block order), in event order, ids unique."""
    events = sorted((event for events in per_block for event in events), key=_event_order)
    _make_ids_unique(events)
    return events


def _cluster_reports(
    block: list[EventMention],
) -> tuple[list[list[_Profile]], dict[str, set[int]]]:
    """The block's reporting mentions (not passing references) clustered greedily: each
    joins the most similar cluster above MERGE_THRESHOLD, or starts one.  Also returns which
    clusters use each lemma (only those can take a mention using it)."""
    clusters: list[list[_Profile]] = []
    by_lemma: dict[str, set[int]] = {}
    for m in block:
        if m.role == "reference":
            continue
        profile = _Profile(m)
        best = _most_similar(profile, clusters, by_lemma)
        if best is None:
            best = len(clusters)
            clusters.append([])
        clusters[best].append(profile)
        for lemma in profile.lemmas:
            by_lemma.setdefault(lemma, set()).add(best)
    return clusters, by_lemma


def _most_similar(profile: _Profile, clusters, by_lemma) -> int | None:
    """The index of the cluster most similar to the profile (first on ties), if any passes
    MERGE_THRESHOLD; only clusters sharing a lemma with it are compared."""
    candidates = sorted({c for lemma in profile.lemmas for c in by_lemma.get(lemma, ())})
    best, best_score = None, MERGE_THRESHOLD
    for c in candidates:
        score = max(_similarity(profile, other) for other in clusters[c][:MAX_COMPARED_MEMBERS])
        if score >= best_score and (best is None or score > best_score):
            best, best_score = c, score
    return best


def _attach_references(block, reports, by_lemma) -> list[list[EventMention]]:
    """The clusters' mentions, with each passing reference ("the Oct. 7 rampage") added to
    the event whose words contain its noun (among several, the one sharing most actors); a
    reference only corroborates an event, it never makes one."""
    clusters = [[p.mention for p in cluster] for cluster in reports]
    event_actors = [{a for p in cluster for a in p.actors} for cluster in reports]
    for m in block:
        if m.role != "reference" or not m.head:
            continue
        best, best_shared = None, -1
        for c in sorted(by_lemma.get(m.head, ())):
            shared = len(event_actors[c] & set(m.actors))
            if shared > best_shared:
                best, best_shared = c, shared
        if best is not None:
            clusters[best].append(m)
    return clusters


def _make_ids_unique(events: list[Event]) -> None:
    """A second event with the same id (in event order) gets "-2", a third "-3"."""
    seen: Counter[str] = Counter()
    for ev in events:
        seen[ev.id] += 1
        if seen[ev.id] > 1:
            ev.id = f"{ev.id}-{seen[ev.id]}"


def _event_order(ev: Event) -> tuple:
    return (ev.date, GRANULARITY_RANK.get(ev.granularity, 9), ev.sources, ev.text, ev.id)


def _representative(cluster: list[EventMention]) -> EventMention:
    """The mention whose text stands for the event.

    Preference: a reported sentence or clause over a passing reference or a headline; what
    happened over what was planned; an explicit date over a relative one; the text sharing
    most words with the other mentions; the shorter text; then the canonical order.
    """

    # How many mentions use each lemma; a lemma counted twice is shared with another one.
    used_by = Counter(lemma for m in cluster for lemma in m.lemmas)

    def shared_with_others(m: EventMention) -> int:
        return sum(1 for lemma in m.lemmas if used_by[lemma] > 1)

    role_rank = {"sentence": 0, "clause": 0, "headline": 1, "reference": 2}
    return min(
        cluster,
        key=lambda m: (
            role_rank.get(m.role, 3),
            m.planned,
            BASIS_RANK.get(m.basis, 3),
            -shared_with_others(m),
            len(m.text),
            m.sort_key(),
        ),
    )


def _ranked(counter: Counter[str]) -> list[str]:
    """Slugs by frequency, most frequent first, then by name."""
    return [slug for slug, _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _event(cluster: list[EventMention]) -> Event:
    """Fold one cluster of mentions into an event."""
    cluster = sorted(cluster, key=EventMention.sort_key)
    rep = _representative(cluster)
    # A passing reference ("Blinken said ... during an Oct. 7 attack") adds a source, not
    # its sentence's actors: Blinken is no actor of the attack.
    reporting = [m for m in cluster if m.role != "reference"] or cluster
    actors: Counter[str] = Counter(a for m in reporting for a in m.actors)
    topics: Counter[str] = Counter(t for m in reporting for t in m.topics)
    sources = sorted(
        {(m.article_date, m.article) for m in cluster}, key=lambda p: _article_order(p[0], p[1])
    )
    basis = min((m.basis for m in cluster), key=lambda b: BASIS_RANK.get(b, 3))
    digest = hashlib.sha1(
        f"{rep.value}|{rep.granularity}|{rep.article}|{rep.text}".encode()
    ).hexdigest()[:10]
    return Event(
        id=f"ev-{rep.value}-{digest}",
        date=rep.value,
        granularity=rep.granularity,
        date_basis=basis,
        text=rep.text,
        actors=_ranked(actors),
        topics=_ranked(topics),
        sources=[article for _, article in sources],
        mentions=[
            {
                "article": m.article,
                "sentence": m.sentence,
                "expression": m.expression,
                "date_note": m.date_note,
                "text": m.text,
                "role": m.role,
                "planned": m.planned,
                "estimated": m.basis == "estimated",
            }
            for m in cluster
        ],
        planned=all(m.planned for m in cluster),
        date_label=timexes.format_value_human(rep.value, rep.granularity),
    )


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------


def to_chronology_json(events: Iterable[Event]) -> list[dict]:
    """The objects of data/chronology.json, in chronological order."""
    return [
        {
            "id": ev.id,
            "date": ev.date,
            "granularity": ev.granularity,
            "date_label": ev.date_label,
            "date_basis": ev.date_basis,
            "planned": ev.planned,
            "text": ev.text,
            "actors": list(ev.actors),
            "topics": list(ev.topics),
            "sources": list(ev.sources),
            "mentions": [dict(m) for m in ev.mentions],
        }
        for ev in sorted(events, key=_event_order)
    ]


def _short_headline(text: str, limit: int = 90) -> str:
    """A headline for the timeline card: the event text cut at a word near ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > 0 else limit].rstrip(",;:") + "\u2026"


def to_timelinejs(
    events: Iterable[Event], *, headline: str, text: str, url_for: Callable[[str], str]
) -> dict:
    """The chronology as TimelineJS JSON (title slide plus one slide per event)."""
    slides = []
    for ev in sorted(events, key=_event_order):
        parts = [int(p) for p in ev.date.split("-")]
        start = {"year": str(parts[0])}
        if len(parts) > 1:
            start["month"] = str(parts[1])
        if len(parts) > 2:
            start["day"] = str(parts[2])
        links = ", ".join(
            f'<a href="{html.escape(url_for(slug), quote=True)}">{html.escape(slug)}</a>'
            for slug in ev.sources
        )
        body = f"<p>{html.escape(ev.text)}</p><p>Sources: {links}</p>"
        slide = {
            "start_date": start,
            "display_date": ("Planned: " if ev.planned else "") + ev.date_label,
            "text": {"headline": html.escape(_short_headline(ev.text)), "text": body},
            "unique_id": ev.id,
        }
        if ev.topics:
            slide["group"] = ev.topics[0]
        slides.append(slide)
    return {
        "title": {"text": {"headline": html.escape(headline), "text": html.escape(text)}},
        "events": slides,
    }
