"""The trained line labeller: a linear-chain CRF over a page's units that gives each one a role
(body, title, dek, byline, date, caption, credit, chrome).

The hand-written passes of lines.py and layout.py run first; what they decided is one group of
features among others (the line's shape, where it stands against the article's run of prose,
its neighbours' shapes, the vocabulary it shares with the prose). The model, trained on the
development half of the corpus by scripts/train_cleaner.py, then decides each unit's role. The
rules keep the last word only where they are certain: a Pelican header's title, a caption whose
credit was split off inside its own line, and a line the labeller is unsure of.

The model is CRFsuite's own file (data/line_labeller.crfsuite), loaded once per process and
again when the file changes. Pure Python over the units; no spaCy here.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycrfsuite

from ..records import CleanedArticle, Figure
from . import dates
from .layout import (
    _LETTER_WORD,
    _STOPWORDS,
    _WORD,
    BOUNDARY_INSIDE,
    _cohesion,
    _dedupe_key,
    _is_name_line,
    _may_be_headline,
    _title_cased,
    _vocabulary,
    body_span,
    is_caption_shaped,
    is_headline_shaped,
    is_prose,
    is_short_label,
)
from .lines import CAPTION_LABEL, Rules, Unit, credit_of_line, split_caption, strip_counter
from .lines import key as line_key

MODEL_FILE = Path(__file__).parent.parent / "data" / "line_labeller.crfsuite"

LABELS = ("body", "title", "dek", "byline", "date", "caption", "credit", "chrome")

# The role each kind of unit the rules leave behind stands for.
KIND_LABELS = {
    "text": "body",
    "entry-heading": "body",
    "title": "title",
    "dek": "dek",
    "byline": "byline",
    "stamp": "date",
    "figure": "caption",
    "figure-credit": "credit",
    "credit": "credit",
    "chrome": "chrome",
    "heading": "chrome",
}

# How sure the labeller must be to overrule the rules: to move a line into or out of the body
# (the worst mistake is losing a sentence of the article), and to change any other role.
DROP_CONFIDENCE = 0.8
CHANGE_CONFIDENCE = 0.6
# A line the archive shows to be furniture (text/furniture.py) is dropped when the labeller
# calls it chrome at all: two kinds of evidence agree.
FURNITURE_CONFIDENCE = 0.5
# The labeller reads a page's layout; a page of fewer units than this has none to read.
MIN_UNITS = 15
# A line inside the article's run of prose sharing this much of its vocabulary stays in it.
SUBHEADING_COHESION = 0.34
# A headline candidate needs at least this title score to be picked without the rules' vote.
TITLE_CONFIDENCE = 0.5
# The rules' headline is dropped (and none taken) when its title score is below this.
NOT_TITLE_SCORE = 0.2


@dataclass(frozen=True)
class Labelling:
    """The labeller's verdict on one unit: its label and the score of every label."""

    label: str
    scores: dict[str, float]


# --- features --------------------------------------------------------------------------------

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TIME = re.compile(r"\b\d{1,2}[:.]\d\d\b")
_URL = re.compile(r"https?://|www\.|\.com\b|\.org\b", re.I)


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _end_mark(text: str) -> str:
    stripped = text.rstrip("\"'”’»)]")
    last = stripped[-1:] or " "
    if last in ".!?:;…,":
        return last
    return "digit" if last.isdigit() else "word" if last.isalpha() else "other"


def _start_mark(text: str) -> str:
    first = text[:1]
    if first.isupper():
        return "upper"
    if first.islower():
        return "lower"
    if first.isdigit():
        return "digit"
    return "quote" if first in "\"'“‘" else "punct"


def shape(unit: Unit) -> list[str]:
    """Features of a line on its own that hold for any outlet: length, case, punctuation."""
    text = unit.text
    letters = _LETTER_WORD.findall(text)
    capitals = sum(1 for w in letters if w[0].isupper())
    share = capitals / len(letters) if letters else 0.0
    found = [
        f"w={_bucket(unit.words, (1, 2, 3, 5, 8, 12, 20, 30, 60))}",
        f"end={_end_mark(text)}",
        f"start={_start_mark(text)}",
        f"caps={'all' if text.isupper() else round(share * 4)}",
        f"sentences={_bucket(len(BOUNDARY_INSIDE.findall(text)), (0, 1, 3))}",
    ]
    digit = any(map(str.isdigit, text))
    flags = {
        "title-case": _title_cased(text),
        "digit": digit,
        "year": digit and bool(_YEAR.search(text)),  # both need a digit
        "time": digit and bool(_TIME.search(text)),
        "pipe": "|" in text,
        "slash": "/" in text,
        "dot-sep": "·" in text or "•" in text,
        "at": "@" in text,
        "url": bool(_URL.search(text)),
        "copyright": "©" in text or "copyright" in text.casefold(),
        "arrow": any(c in text for c in "»›>"),
        "by": text.casefold().startswith(("by ", "by:")),
        "bracketed": text[:1] in "([" and text[-1:] in ")]",
        "question": text.rstrip("\"'”’").endswith("?"),
    }
    found.extend(name for name, on in flags.items() if on)
    first = _FIRST_WORD.search(text)
    if first:
        found.append(f"first={first.group(0).casefold()}")  # "by", "photo", "read", "sign"
    return found


_FIRST_WORD = re.compile(r"[^\W\d_]+")


def grammar(unit: Unit, rules: Rules) -> list[str]:
    """What today's grammars say of the line on its own (features, not verdicts)."""
    text = unit.text
    alone = Unit(text)  # the line as plain text, whatever kind the rules gave it
    flags = {
        "date-line": dates.is_date_line(text),
        "dated-byline": dates.split_dated_byline(text) is not None,
        "byline-grammar": bool(rules.byline.match(text)),
        "credit-line": bool(credit_of_line(text, rules)),
        "inline-caption": not unit.ends_sentence and split_caption(text, rules) is not None,
        "caption-label": bool(CAPTION_LABEL.match(text)),
        "name-line": _is_name_line(unit),
        "headline-shaped": is_headline_shaped(alone),
        "may-be-headline": _may_be_headline(alone),
        "caption-shaped": is_caption_shaped(alone),
        "prose": is_prose(alone),
        "short-label": is_short_label(unit),
    }
    return [name for name, on in flags.items() if on]


def _reason_group(reason: str) -> str:
    return reason.split(":", 1)[-1] if reason else "none"


def unit_features(
    units: list[Unit],
    first_kinds: list[tuple[str, str]],
    rules: Rules,
    furniture: frozenset[str] = frozenset(),
) -> list[list[str]]:
    """The feature strings of every unit: its own shape, grammar and rule verdicts, where it
    stands against the article's prose, and its neighbours' shapes and verdicts. `furniture`
    holds the line keys (lines.key) the archive shows to be furniture (text/furniture.py)."""
    start, end = body_span(units)
    vocabulary = _vocabulary(units)
    keys = [_dedupe_key(unit.text) for unit in units]
    counts = Counter(keys)
    blocks: dict[int, list[int]] = {}
    for index, unit in enumerate(units):
        blocks.setdefault(unit.block, []).append(index)
    own = []
    for index, unit in enumerate(units):
        kind0, reason0 = first_kinds[index]
        found = [
            f"k={KIND_LABELS.get(unit.kind, 'body')}",
            f"kind={unit.kind}",
            f"r={_reason_group(unit.reason)}",
            f"k0={kind0}",
            f"r0={_reason_group(reason0)}",
            *shape(unit),
            *grammar(unit, rules),
        ]
        found.extend(_position(index, len(units), start, end))
        block = blocks[unit.block]
        found.append(f"block={_bucket(len(block), (1, 2, 4, 8))}")
        found.append(f"in-block={_place_in_block(block, index)}")
        found.append(f"cohesion={round(4 * _cohesion(unit, vocabulary))}")
        if counts[keys[index]] > 1:
            found.append("repeated")
        if furniture and line_key(unit.text) in furniture:
            found.append("furniture")
        own.append(found)
    items = []
    summaries = [_summary(units[i], own[i]) for i in range(len(units))]
    for index in range(len(units)):
        found = list(own[index])
        for offset in (-2, -1, 1, 2):
            other = index + offset
            if 0 <= other < len(units):
                found.extend(f"{offset}:{s}" for s in summaries[other])
            else:
                found.append(f"{offset}:edge")
        items.append(found)
    return items


def _place_in_block(block: list[int], index: int) -> str:
    if len(block) == 1:
        return "only"
    return "first" if block[0] == index else "last" if block[-1] == index else "mid"


_SUMMARISED = ("k=", "w=", "end=", "start=", "caps=")
_SUMMARISED_FLAGS = frozenset(("prose", "headline-shaped", "date-line", "credit-line", "name-line"))


def _summary(unit: Unit, features: list[str]) -> list[str]:
    """The few features of a neighbour that tell about a line: its verdict and shape."""
    return [f for f in features if f.startswith(_SUMMARISED) or f in _SUMMARISED_FLAGS]


def _position(index: int, total: int, start: int | None, end: int | None) -> list[str]:
    edges = (0, 1, 2, 3, 5, 8, 12)
    found = [f"top={_bucket(index, edges)}", f"bottom={_bucket(total - 1 - index, edges)}"]
    if start is None or end is None:
        return [*found, "no-prose"]
    if index < start:
        found += ["before", f"to-start={_bucket(start - index, edges)}"]
    elif index > end:
        found += ["after", f"from-end={_bucket(index - end, edges)}"]
    else:
        found.append("inside")
    return found


# --- the model -------------------------------------------------------------------------------


def load_tagger(path: Path = MODEL_FILE) -> pycrfsuite.Tagger:
    """The model of a file, read again only when the file changes."""
    path = Path(path)
    return _load_tagger(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=4)
def _load_tagger(path: Path, _mtime_ns: int) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(path))
    return tagger


def label_units(items: list[list[str]], tagger: pycrfsuite.Tagger) -> list[Labelling]:
    """The most likely labels of a page's units, with each label's marginal score."""
    if not items:
        return []
    labels = tagger.tag(items)
    known = [label for label in LABELS if label in tagger.labels()]
    return [
        Labelling(label, {name: tagger.marginal(name, i) for name in known})
        for i, label in enumerate(labels)
    ]


# --- applying the labels ---------------------------------------------------------------------


def apply_labels(
    article: CleanedArticle,
    units: list[Unit],
    labellings: list[Labelling],
    header: dict[str, str],
    rules: Rules,
    furniture: frozenset[str] = frozenset(),
) -> None:
    """Give each unit the role the labeller is sure of, then pick the headline among the lines
    it scores as one (titles by ranking), and pair new captions with the credit under them.
    A page of a few lines has no layout to read: there the rules decide alone. A line the
    archive shows to be furniture is never certain body text: the labeller may drop it."""
    if len(units) < MIN_UNITS:
        return
    start, end = body_span(units)
    vocabulary = _vocabulary(units)
    for index, (unit, labelling) in enumerate(zip(units, labellings, strict=True)):
        # Without a run of prose the page gives the labeller nothing to measure lines against.
        inside = start is None or end is None or start <= index <= end
        is_furniture = line_key(unit.text) in furniture
        certain = (
            inside
            and not is_furniture
            and (
                is_prose(unit)
                or _cohesion(unit, vocabulary) >= SUBHEADING_COHESION
                or _heads_its_paragraph(units, index)
            )
        )
        _relabel(unit, labelling, rules, certain, is_furniture)
    _choose_title(article, units, labellings, header)
    _pair_new_captions(units, labellings, rules)
    _choose_dek(article, units, header)


def _heads_its_paragraph(units: list[Unit], index: int) -> bool:
    """A short line over a paragraph of prose that takes up one of its words ("Evacuations
    under way in Kherson" over "Kherson's governor said ..."): that paragraph's subheading,
    not a teaser of another story."""
    unit = units[index]
    if not is_headline_shaped(unit):
        return False
    following = next((u for u in units[index + 1 :] if u.kind != "chrome"), None)
    if following is None or not is_prose(following):
        return False
    return bool(_content_words(unit.text) & _content_words(following.text))


def _content_words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text) if w.casefold() not in _STOPWORDS}


def _relabel(
    unit: Unit, labelling: Labelling, rules: Rules, in_prose: bool, furniture: bool = False
) -> None:
    current = KIND_LABELS.get(unit.kind, "body")
    label = labelling.label
    if label == current or "title" in (label, current):
        return  # the headline is chosen among all the candidates at once (_choose_title)
    needed = DROP_CONFIDENCE if "body" in (current, label) else CHANGE_CONFIDENCE
    if furniture and label == "chrome":
        needed = FURNITURE_CONFIDENCE
    if labelling.scores.get(label, 0.0) < needed or _certain(unit, in_prose, rules):
        return
    if label == "body":
        unit.kind, unit.reason = "text", ""
    elif label == "chrome":
        unit.kind, unit.reason = "chrome", "chrome:labeller"
    elif label == "dek":
        unit.kind = "dek"
    elif label == "byline":
        byline = rules.byline.match(unit.text)
        unit.kind = "byline"
        unit.names = byline.group("names").rstrip(" ,") if byline else unit.names or unit.text
    elif label == "date":
        unit.kind = "stamp"
    elif label == "caption":
        if unit.kind != "figure":
            unit.kind, unit.figure = "figure", Figure(caption=strip_counter(unit.text))
    elif label == "credit" and unit.kind != "figure-credit":
        unit.kind = "credit"


def _certain(unit: Unit, in_prose: bool, rules: Rules) -> bool:
    """Rules that are certain: body text inside the article's run of prose (a paragraph, or a
    line about what the article is about: a subheading), a caption whose credit the line
    itself names, a credit line the credit grammar reads, a duplicate of an earlier paragraph,
    the site's date strip above the masthead when the article has its own date line, a date
    line the date grammar reads whole."""
    return (
        (in_prose and unit.kind in ("text", "entry-heading"))
        or (unit.kind == "figure" and unit.figure is not None and bool(unit.figure.credit))
        or unit.reason in ("duplicate", "chrome:site-date")
        or (unit.kind == "credit" and bool(credit_of_line(unit.text, rules)))
        or (unit.kind == "stamp" and dates.is_date_line(unit.text))
    )


def _choose_title(
    article: CleanedArticle,
    units: list[Unit],
    labellings: list[Labelling],
    header: dict[str, str],
) -> None:
    """The headline is the line with the highest title score; a copy of it further down is
    dropped. A header's title stands; lines the labeller calls title are then copies of it."""
    scores = [labelling.scores.get("title", 0.0) for labelling in labellings]
    ruled = next((i for i, u in enumerate(units) if u.kind == "title"), None)
    best = max(range(len(units)), key=lambda i: (scores[i], -i), default=None)
    if header.get("title"):
        chosen = None
    elif best is not None and scores[best] >= TITLE_CONFIDENCE and _may_be_title(units[best]):
        chosen = best
    elif ruled is not None and (ruled == 0 or scores[ruled] >= NOT_TITLE_SCORE):
        chosen = ruled  # the labeller sees no better headline, or the page opens with it
    else:
        chosen = None  # no line is the headline (the title is made from the first sentence)
    title_key = _dedupe_key(units[chosen].text) if chosen is not None else None
    if header.get("title"):
        title_key = _dedupe_key(header["title"])
    for index, unit in enumerate(units):
        if index == chosen:
            continue
        if unit.kind == "title" or (
            labellings[index].label == "title" and _dedupe_key(unit.text) == title_key
        ):
            _demote(unit, labellings[index])
    if chosen is not None:
        units[chosen].kind, units[chosen].reason = "title", ""
        article.title, article.title_generated = units[chosen].text, False
    elif not header.get("title"):
        article.title, article.title_generated = "", False


def _may_be_title(unit: Unit) -> bool:
    """Never a caption with its credit, a byline, a date line or a one-word label."""
    return unit.kind not in ("figure", "byline", "stamp") and unit.words >= 2


def _demote(unit: Unit, labelling: Labelling) -> None:
    """A line that is not the headline after all: its next best role, never the body when the
    labeller calls it a headline (a copy of the headline, or a teaser)."""
    ranked = sorted(
        (name for name in labelling.scores if name != "title"),
        key=lambda name: -labelling.scores[name],
    )
    label = ranked[0] if ranked else "chrome"
    if labelling.label == "title" or label not in ("body", "dek"):
        unit.kind, unit.reason = "chrome", "duplicate" if label == "title" else "chrome:labeller"
    else:
        unit.kind, unit.reason = ("text" if label == "body" else "dek"), ""


def _pair_new_captions(units: list[Unit], labellings: list[Labelling], rules: Rules) -> None:
    """A caption the labeller found, with a credit line right under it: one figure."""
    for index, unit in enumerate(units[:-1]):
        if unit.kind != "figure" or unit.figure is None or unit.figure.credit:
            continue
        below = units[index + 1]
        if below.kind == "credit" and labellings[index + 1].label == "credit":
            credit = credit_of_line(below.text, rules)
            if credit:
                unit.figure.credit = credit
                below.kind, below.reason = "figure-credit", "credit"


def _choose_dek(article: CleanedArticle, units: list[Unit], header: dict[str, str]) -> None:
    if header.get("dek") or header.get("summary"):
        return
    first = next((u for u in units if u.kind == "dek"), None)
    article.dek = first.text if first is not None else ""
