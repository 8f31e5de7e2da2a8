"""Estimate the date of an article that states none, from evidence, never inventing one.

Pure functions over plain per-article data (see :class:`ArticleEvidence`); the archive stage
(`archive/dating.py`) gathers that data and calls :func:`estimate_dates`. An estimate is a range
[earliest, latest] of days, either end possibly open, with every piece of evidence named:

* **captions**: a photo is taken before the story is written, so the article is on or after
  its latest caption date; a past weekday of the text that is the caption date's weekday
  (only one caption date has it) is taken to be that day;
* **internal**: an explicit full date (or month; never a bare year) the text reports as past
  is a lower bound (a future or hypothetical one, a quoted one or the edge of a span is not);
* **cross-article**: a remark the archive has dated (the same quoted words, or the same
  happening: shared actors and key words) happened on or before the day of writing; when the
  article names its weekday ("told reporters on Thursday") it places that weekday;
* **series ordinals**: "the ninth trip to the region" of an actor comes after the eighth a
  dated article reports, and before the tenth (strictly: two steps of a series are reported
  on different days);
* **tense**: a placed weekday or day word ("on Thursday", "yesterday") brackets the day of
  writing (a past "on Thursday" is at most six days before it, a future "on Friday" at most six
  after); the weekday words of one article name days of one week (no two more than six days
  apart), so a future "on Friday" beside a placed past Thursday is the Friday after it.

A yearless date ("7 October") is not used to bound the day of writing from above: news keeps
calling a famous day by its month and day for years.  Without any bound there is no estimate;
bounds that contradict each other give no estimate either, with a warning.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import json
import re
from dataclasses import dataclass, field
from itertools import accumulate

from ..calendar_words import day_label, month_name, weekday_name
from . import timexes

# How far (days) the search for the anchors resolving an expression to a day looks around it.
_SEARCH_DAYS = 800
# A placed expression whose anchors span more than this many days bounds only from below.
_PLACING_DAYS = 7
# Weekday words of one article lie within this many days of each other.
_ONE_WEEK = 6
# A quoted fragment needs this many words to identify a remark across articles.
MIN_QUOTE_WORDS = 3
# A happening matched by words alone needs this many shared key words and this similarity.
MIN_SHARED_LEMMAS = 3
MIN_SIMILARITY = 0.6
# Rounds of estimation: an estimated article's placed happenings may date another article.
MAX_ROUNDS = 4

_DAY = datetime.timedelta(days=1)
_QUOTE_RE = re.compile(r"[“\"]([^“”\"]{3,600})[”\"]")
_WEEKDAY_RE = re.compile(r"(?i)\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b")
_WORD_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Pending:
    """A time expression of an undated article, not yet resolved (no anchor)."""

    sentence: str
    offset: int  # where the expression starts in the sentence
    expression: str
    planned: bool  # its clause is in the future tense
    actors: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()
    # The sentence's normalised quoted fragments (quote_fragments), found once.
    quotes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "quotes", quote_fragments(self.sentence))


@dataclass(frozen=True)
class Happening:
    """Something the archive has dated to a day: a sentence of a dated (or estimated) article."""

    day: datetime.date
    article: str  # slug
    title: str
    estimated: bool  # dated through an estimated article's range
    actors: frozenset[str] = frozenset()
    lemmas: frozenset[str] = frozenset()
    quotes: tuple[str, ...] = ()  # normalised quoted fragments of its sentence


@dataclass(frozen=True)
class SeriesStep:
    """One step of a series an article reports: "his ninth trip to the region"."""

    series: str  # "trip to the region"
    number: int
    actor: str  # slug of the actor the series belongs to
    text: str = ""  # as written: "ninth trip to the region"


@dataclass
class ArticleEvidence:
    """What one article offers the estimator (dated articles offer series steps too)."""

    key: str
    title: str
    stated: datetime.date | None = None  # the stated day; None for an undated article
    captions: list[datetime.date] = field(default_factory=list)
    explicit: list[tuple[str, str]] = field(default_factory=list)  # (value, as written), past
    pending: list[Pending] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # normalised quoted fragments
    series: list[SeriesStep] = field(default_factory=list)


@dataclass(frozen=True)
class Bound:
    """One piece of evidence: the day of writing is within [earliest, latest] (None: open)."""

    earliest: datetime.date | None
    latest: datetime.date | None
    why: str
    weak: bool = False  # a happening matched by words only: dropped first on a conflict
    source: str = ""  # the other article it relies on, if any


@dataclass
class Estimate:
    """An article's estimated range and the evidence for it."""

    earliest: datetime.date | None
    latest: datetime.date | None
    evidence: list[str]
    placed: dict[int, datetime.date] = field(default_factory=dict)  # pending index → day
    sources: frozenset[str] = frozenset()  # articles it relies on, directly or not

    def range_values(self) -> list[str | None]:
        return [d.isoformat() if d else None for d in (self.earliest, self.latest)]

    def label(self) -> str:
        """ "21–22 March 2024", "after 11 June 2024", "before 3 May 2024", "21 March 2024"."""
        return range_label(self.earliest, self.latest)

    def note(self) -> str:
        """One sentence: the range and its evidence."""
        return f"Estimated {self.label()}: " + "; ".join(self.evidence) + "."


# --- small helpers ---------------------------------------------------------------------------


def range_label(earliest: datetime.date | None, latest: datetime.date | None) -> str:
    """A reader's range: "21–22 March 2024", "30 November – 6 December 2023", "after …"."""
    if earliest and latest:
        if earliest == latest:
            return day_label(earliest)
        if (earliest.year, earliest.month) == (latest.year, latest.month):
            return f"{earliest.day}–{latest.day} {month_name(latest.month)} {latest.year}"
        if earliest.year == latest.year:
            return f"{earliest.day} {month_name(earliest.month)} – {day_label(latest)}"
        return f"{day_label(earliest)} – {day_label(latest)}"
    if earliest:
        return f"on or after {day_label(earliest)}"
    return f"on or before {day_label(latest)}" if latest else "unknown"


def quote_fragments(text: str) -> tuple[str, ...]:
    """The quoted fragments of a text, normalised, with at least MIN_QUOTE_WORDS words."""
    found = []
    for match in _QUOTE_RE.finditer(text):
        words = _WORD_RE.findall(match.group(1).lower().replace("’", "'"))
        if len(words) >= MIN_QUOTE_WORDS:
            found.append(" ".join(words))
    return tuple(found)


def same_quote(a: str, b: str) -> bool:
    """True when one normalised fragment is a run of whole words of the other."""
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


class Resolutions:
    """The estimator's memo for one build: what each pending expression means at each
    anchor day, and the interval of anchors at which it means a given day.

    The binary searches of anchors_for resolve an expression at tens of anchors, and a
    rebuild meets the same sentences again: the archive stage creates one Resolutions per
    build from the previous build's resolutions (stored under the plugin's code
    fingerprint, so a grammar change drops them) and saves those this build used.  A pure
    memo: results are the same with or without it, and two builds never share one.
    """

    def __init__(self, known: dict[str, str] | None = None) -> None:
        self.known: dict[str, str] = dict(known or {})  # key -> day value, or "" for none
        self.used: set[str] = set()
        self.computed = 0
        self._anchors: dict[tuple[Pending, datetime.date], tuple | None] = {}
        self._matches: dict[str, tuple] = {}  # sentence -> timexes.pattern_matches

    def kept(self) -> dict[str, str]:
        """The resolutions this build used, to store for the next one."""
        return {key: self.known[key] for key in sorted(self.used)}

    def resolve_at(self, pending: Pending, anchor: datetime.date) -> str | None:
        """The value the pending expression takes in an article of the given day."""
        key = _resolution_key(pending, anchor)
        self.used.add(key)
        known = self.known.get(key)
        if known is None:
            known = ""
            value, granularity = self._expression_at(pending.sentence, pending.offset, anchor)
            known = value if granularity == "day" and value else ""
            self.known[key] = known
            self.computed += 1
        return known or None

    def meaning_at(
        self, sentence: str, offset: int, anchor: datetime.date
    ) -> tuple[str | None, str | None]:
        """(value, granularity) of the time expression at `offset` of the sentence in an
        article of the given day; (None, None) when none starts there."""
        key = "meaning:" + _expression_key(sentence, offset, anchor)
        self.used.add(key)
        known = self.known.get(key)
        if known is None:
            known = json.dumps(self._expression_at(sentence, offset, anchor))
            self.known[key] = known
            self.computed += 1
        value, granularity = json.loads(known)
        return value, granularity

    def _expression_at(self, sentence: str, offset: int, anchor: datetime.date):
        if sentence not in self._matches:
            self._matches[sentence] = timexes.pattern_matches(sentence)
        matches = self._matches[sentence]
        for expr in timexes.find_time_expressions(sentence, anchor, matches=matches):
            if expr.start == offset:
                return expr.value, expr.granularity
        return None, None

    def anchors_for(
        self, pending: Pending, day: datetime.date
    ) -> tuple[datetime.date, datetime.date] | None:
        """The days of writing for which the expression means `day` (an interval, or None).

        Every resolution rule is monotone in the anchor (a later article never places "on
        Thursday" earlier), so the anchors form an interval found by two binary searches.
        """
        if (pending, day) not in self._anchors:
            self._anchors[pending, day] = self._search_anchors(pending, day)
        return self._anchors[pending, day]

    def _search_anchors(self, pending: Pending, day: datetime.date):
        target = day.isoformat()

        def at_least(anchor):
            value = self.resolve_at(pending, anchor)
            return value is not None and value >= target

        def above(anchor):
            value = self.resolve_at(pending, anchor)
            return value is not None and value > target

        first = _first_true(at_least, day - _SEARCH_DAYS * _DAY, day + _SEARCH_DAYS * _DAY)
        if first is None or self.resolve_at(pending, first) != target:
            return None
        after = _first_true(above, first, day + _SEARCH_DAYS * _DAY)
        last = (after - _DAY) if after else day + _SEARCH_DAYS * _DAY
        return first, last


def _resolution_key(pending: Pending, anchor: datetime.date) -> str:
    return _expression_key(pending.sentence, pending.offset, anchor)


def _expression_key(sentence: str, offset: int, anchor: datetime.date) -> str:
    digest = hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:16]
    return f"{digest}:{offset}:{anchor.toordinal()}"


def _first_true(test, low: datetime.date, high: datetime.date) -> datetime.date | None:
    """The first day in [low, high] where a monotone test holds, or None."""
    if not test(high):
        return None
    lo, hi = 0, (high - low).days
    while lo < hi:
        mid = (lo + hi) // 2
        if test(low + mid * _DAY):
            hi = mid
        else:
            lo = mid + 1
    return low + lo * _DAY


def _start_of(value: str) -> datetime.date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return datetime.date(parts[0], parts[1], parts[2])


def _is_weekday_like(memo: Resolutions, pending: Pending, day: datetime.date) -> bool:
    """A placing expression: one whose anchors for that day span at most a week."""
    anchors = memo.anchors_for(pending, day)
    return anchors is not None and (anchors[1] - anchors[0]).days <= _PLACING_DAYS


# --- evidence → bounds -----------------------------------------------------------------------


def _explicit_bound(article: ArticleEvidence) -> list[Bound]:
    # A bare year ("in 2026") is too loose to be a report of the past: plans, forecasts and
    # targets are named by year. Only a month or a day bounds the day of writing.
    dated = [item for item in article.explicit if len(item[0]) >= len("YYYY-MM")]
    if not dated:
        return []
    value, written = max(dated, key=lambda item: (_start_of(item[0]), item[1]))
    return [Bound(_start_of(value), None, f"it reports '{written}' as past")]


def _caption_bounds(
    memo: Resolutions, article: ArticleEvidence
) -> tuple[list[Bound], dict[int, datetime.date]]:
    if not article.captions:
        return [], {}
    latest = max(article.captions)
    bounds = [Bound(latest, None, f"a photo caption is dated {day_label(latest)}")]
    placed = {}
    for index, pending in enumerate(article.pending):
        same_weekday = {c for c in article.captions if _names_weekday(pending, c)}
        if pending.planned or len(same_weekday) != 1:
            continue
        day = same_weekday.pop()
        anchors = memo.anchors_for(pending, day)
        if anchors and (anchors[1] - anchors[0]).days <= _PLACING_DAYS:
            placed[index] = day
            bounds.append(
                Bound(*anchors, f"'{pending.expression}' is taken as the caption's {_wd(day)}")
            )
    return bounds, placed


def _names_weekday(pending: Pending, day: datetime.date) -> bool:
    return _wd(day).lower() in pending.expression.lower()


def _wd(day: datetime.date) -> str:
    return weekday_name(day)


def _matches(pending: Pending, happening: Happening) -> str | None:
    """Why the pending sentence reports the happening ("quote"/"words"), or None."""
    if pending.actors and happening.actors and not pending.actors & happening.actors:
        return None
    if any(same_quote(q, h) for q in pending.quotes for h in happening.quotes):
        return "quote"
    if not pending.actors & happening.actors:
        return None  # words alone, without a shared actor, are too weak
    shared = pending.lemmas & happening.lemmas
    size = min(
        len(pending.lemmas) + len(pending.actors), len(happening.lemmas) + len(happening.actors)
    )
    score = (len(shared) + len(pending.actors & happening.actors)) / max(size, 1)
    if len(shared) >= MIN_SHARED_LEMMAS and score >= MIN_SIMILARITY:
        return "words"
    return None


def _source(happening: Happening) -> str:
    how = " (itself estimated)" if happening.estimated else ""
    return f"'{happening.title}'{how}"


class Pool:
    """The happenings an article may be matched with, indexed by actor so that a sentence
    is compared only with happenings that could match it (a shared actor, or a quotation
    when either side names none): the cost follows the matches, not the archive. The
    stated happenings are indexed once; a few estimated ones may lie over them."""

    def __init__(self, happenings: list[Happening], base: Pool | None = None):
        self.base = base
        self.happenings = list(happenings)
        self.by_actor: dict[str, list[int]] = {}
        self.without_actors: list[int] = []
        for index, happening in enumerate(self.happenings):
            for actor in happening.actors:
                self.by_actor.setdefault(actor, []).append(index)
            if not happening.actors:
                self.without_actors.append(index)

    def with_extra(self, extra: list[Happening]) -> Pool:
        return Pool(extra, base=self) if extra else self

    def __iter__(self):
        yield from self.base or ()
        yield from self.happenings

    def candidates(self, pending: Pending) -> list[Happening]:
        """Happenings that may report what the pending sentence reports, in pool order."""
        own = self._own_candidates(pending)
        return (self.base.candidates(pending) if self.base else []) + own

    def surely_more_than(self, pending: Pending, limit: int) -> bool:
        """True when the candidates are known to number more than limit without listing
        them: one actor's happenings alone, or all of them, already do (a sentence naming
        the archive's most common actor is compared with nothing, cheaply)."""
        if self.base and self.base.surely_more_than(pending, limit):
            return True
        if not pending.actors and pending.quotes:
            return len(self.happenings) > limit
        sizes = [len(self.by_actor.get(actor, ())) for actor in pending.actors]
        if not pending.actors or pending.quotes:
            sizes.append(len(self.without_actors))
        return max(sizes, default=0) > limit

    def _own_candidates(self, pending: Pending) -> list[Happening]:
        quoted = bool(pending.quotes)
        if not pending.actors and quoted:
            return list(self.happenings)  # a quotation may match anyone
        found: set[int] = set()
        for actor in pending.actors:
            found.update(self.by_actor.get(actor, ()))
        if not pending.actors or quoted:
            found.update(self.without_actors)
        return [self.happenings[i] for i in sorted(found)]


# A sentence whose actors and words the archive has dated this many times is too common to
# pin to one day; it bounds nothing. Keeps the estimate's cost linear in a large archive.
MAX_CANDIDATES = 400


def _may_name(pending: Pending, day: datetime.date) -> bool:
    """A cheap test before the exact one: an expression naming a weekday can only mean a
    day of that weekday."""
    named = _WEEKDAY_RE.search(pending.expression)
    return not named or named.group(0).casefold().startswith(weekday_name(day)[:3].casefold())


def _happening_bounds(
    memo: Resolutions, article: ArticleEvidence, pool: Pool
) -> tuple[list[Bound], dict[int, tuple[datetime.date, str]]]:
    """Bounds from happenings the archive has dated, and the pending expressions they
    place: index -> (day, the article whose happening placed it)."""
    bounds, placed = [], {}
    for index, pending in enumerate(article.pending):
        if pending.planned:
            continue  # a plan is not the happening another article reports
        found = {}
        if pool.surely_more_than(pending, MAX_CANDIDATES):
            continue  # too common to be certain of one day: no bound (never a guess)
        candidates = pool.candidates(pending)
        if len(candidates) > MAX_CANDIDATES:
            continue
        for happening in candidates:
            if happening.article == article.key or happening.day in found:
                continue
            if not _may_name(pending, happening.day):
                continue
            why = _matches(pending, happening)
            if why and memo.anchors_for(pending, happening.day):
                found[happening.day] = (why, happening)
                if len(found) > 1:
                    break  # several days: nothing certain
        if len(found) != 1:
            continue  # none, or several days: nothing certain
        day, (why, happening) = next(iter(found.items()))
        start, end = memo.anchors_for(pending, day)
        what = "remarks" if why == "quote" else "a happening"
        text = f"it reports {what} that {_source(happening)} dates to {_wd(day)} {day_label(day)}"
        weak = why == "words"
        if (end - start).days <= _PLACING_DAYS:
            placed[index] = (day, happening.article)
            bounds.append(
                Bound(start, end, f"{text}, as '{pending.expression}'", weak, happening.article)
            )
        else:
            bounds.append(Bound(start, None, text, weak, happening.article))
    # A shared quote alone bounds nothing: the sentence another article dates may date some
    # other part of it, and a remark is quoted again for days.
    return bounds, placed


def series_index(known: dict[str, tuple]) -> dict[tuple, list[tuple]]:
    """(series, actor) -> [(key, title, earliest, latest, step)] of the known articles."""
    index: dict[tuple, list[tuple]] = {}
    for key, (title, earliest, latest, steps) in sorted(known.items()):
        for step in steps:
            index.setdefault((step.series, step.actor), []).append(
                (key, title, earliest, latest, step)
            )
    return index


def _later(best: datetime.date | None, day: datetime.date | None) -> datetime.date | None:
    return day if day and (best is None or day > best) else best


def _earlier(best: datetime.date | None, day: datetime.date | None) -> datetime.date | None:
    return day if day and (best is None or day < best) else best


class StatedSeries:
    """The entries (key, title, earliest, latest, step) of one (series, actor) in the dated
    articles, indexed for what a series bound reads of them: among the steps numbered below
    a step, those on the latest day; among those above it, those on the earliest day (in the
    order given).  A common series of a single-story archive has thousands of entries, and
    every undated article asked them all in every round (quadratic in the archive)."""

    def __init__(self, entries: list[tuple]):
        self.entries = entries
        ranked = sorted(range(len(entries)), key=lambda i: entries[i][4].number)
        self.numbers = [entries[i][4].number for i in ranked]
        # [i]: the latest earliest day among the i lowest steps (None: no such day).
        # (`initial=None` would mean no initial value: the None is put in front by hand.)
        self.low_best = [None, *accumulate((entries[i][2] or None for i in ranked), _later)]
        # [j]: the earliest latest day from the j-th lowest step on (made from the top).
        from_top = accumulate((entries[i][3] or None for i in reversed(ranked)), _earlier)
        self.high_best = [None, *from_top][::-1]
        self.low_days = self._by_day(ranked, 2)
        self.high_days = self._by_day(ranked, 3)

    def _by_day(self, ranked: list[int], field_at: int) -> dict:
        """day -> ([step numbers ascending], [the entries' places in that order])."""
        days: dict = {}
        for i in ranked:
            day = self.entries[i][field_at]
            if day:
                numbers, places = days.setdefault(day, ([], []))
                numbers.append(self.entries[i][4].number)
                places.append(i)
        return days

    def lows(self, number: int) -> list[tuple]:
        """The entries of the steps numbered below `number` on the latest earliest day any
        of them has, in the order given."""
        return self._on_best_day(self.low_best, self.low_days, number, below=True)

    def highs(self, number: int) -> list[tuple]:
        """The entries of the steps numbered above `number` on the earliest latest day any
        of them has, in the order given."""
        return self._on_best_day(self.high_best, self.high_days, number, below=False)

    def _on_best_day(self, best: list, days: dict, number: int, below: bool) -> list[tuple]:
        cut = bisect.bisect_left if below else bisect.bisect_right
        day = best[cut(self.numbers, number)]
        if day is None:
            return []
        numbers, places = days[day]
        k = cut(numbers, number)
        return [self.entries[i] for i in sorted(places[:k] if below else places[k:])]


def _series_bounds(article: ArticleEvidence, view: _ArticleView) -> list[Bound]:
    """Bounds from series steps of the same actor in dated or estimated articles: the
    latest earlier step gives the lower bound, the earliest later step the upper one.
    Only each step's entries on its extreme days can give or cancel a bound (below), so
    only those are gathered (`_step_extremes`)."""
    lows, highs = [], []
    for step in article.series:
        step_lows, step_highs = _step_extremes(step, view)
        lows += [(day, key, title, other, step) for day, key, title, other in step_lows]
        highs += [(day, key, title, other, step) for day, key, title, other in step_highs]
    lows, highs = _consistent_series(lows, highs)
    # Only the entries at the extreme day can be the bound: their reasons are written out
    # and compared (a common series in a large archive has thousands of entries).
    best = []
    if lows:
        day = max(entry[0] for entry in lows)
        tied = [_series_bound(entry, low=True) for entry in lows if entry[0] == day]
        best.append(max(tied, key=lambda b: (b.earliest, b.why)))
    if highs:
        day = min(entry[0] for entry in highs)
        tied = [_series_bound(entry, low=False) for entry in highs if entry[0] == day]
        best.append(min(tied, key=lambda b: (b.latest, b.why)))
    return best


def _step_extremes(step: SeriesStep, view: _ArticleView) -> tuple[list, list]:
    """The (day, key, title, other step) of the other articles whose steps of this series
    come before `step` and are on the latest day any of them is, and those whose steps come
    after it on the earliest day, each in the articles' order."""
    series_key = (step.series, step.actor)
    lows, highs = view.estimated_extremes(series_key, step)
    stated = view.estimated.stated_series.get(series_key)
    if stated is not None:
        lows = _at_extreme(lows, _dated(stated.lows(step.number), 2), max)
        highs = _at_extreme(highs, _dated(stated.highs(step.number), 3), min)
    return lows, highs


def _dated(entries: list[tuple], field_at: int) -> list[tuple]:
    """Entries (key, title, earliest, latest, step) as (day, key, title, step), the day
    the one at `field_at` (earliest or latest)."""
    return [(e[field_at], e[0], e[1], e[4]) for e in entries]


def _at_extreme(one: list[tuple], other: list[tuple], pick) -> list[tuple]:
    """Of two lists of (day, key, ...), each on one day and in the articles' order: those on
    the extreme day of both, in the articles' order (a stable sort by key)."""
    if not one or not other:
        return one or other
    day = pick(one[0][0], other[0][0])
    return sorted([e for e in one + other if e[0] == day], key=lambda e: e[1])


def _consistent_series(lows: list[tuple], highs: list[tuple]) -> tuple[list, list]:
    """The entries of the series whose bounds agree with each other.  A series whose own
    steps bound the day from both sides with nothing between ("the fifth set" after a third
    set of 16 July, "the first set" before a fifth set of that day) is counted within one
    day, not from one day to the next: it says nothing about the day of writing."""
    latest_low: dict[str, datetime.date] = {}
    earliest_high: dict[str, datetime.date] = {}
    for day, *_rest, step in lows:
        latest_low[step.series] = max(day, latest_low.get(step.series, day))
    for day, *_rest, step in highs:
        earliest_high[step.series] = min(day, earliest_high.get(step.series, day))
    counted_within_a_day = {
        series
        for series, day in latest_low.items()
        if series in earliest_high and day + _DAY > earliest_high[series] - _DAY
    }
    return (
        [entry for entry in lows if entry[-1].series not in counted_within_a_day],
        [entry for entry in highs if entry[-1].series not in counted_within_a_day],
    )


def _series_bound(entry: tuple, low: bool) -> Bound:
    day, key, title, other, step = entry
    said = f"'{title}' of {day_label(day)} speaks of the {other.text or other.number}"
    why = f"it speaks of the {step.text}; " + said
    if low:
        return Bound(day + _DAY, None, why, source=key)
    return Bound(None, day - _DAY, why, source=key)


# --- combining -------------------------------------------------------------------------------


def _combine(bounds: list[Bound]) -> tuple[datetime.date | None, datetime.date | None]:
    lows = [b.earliest for b in bounds if b.earliest]
    highs = [b.latest for b in bounds if b.latest]
    return (max(lows) if lows else None), (min(highs) if highs else None)


def _one_week(
    memo: Resolutions, article: ArticleEvidence, placed: dict[int, datetime.date], earliest, latest
) -> list[Bound]:
    """Place further weekday words of the article by the one-week rule (see the module)."""
    if not placed or not (earliest and latest):
        return []
    bounds = []
    for index, pending in enumerate(article.pending):
        if index in placed or not _WEEKDAY_RE.search(pending.expression):
            continue
        first, last = memo.resolve_at(pending, earliest), memo.resolve_at(pending, latest)
        if not first or not last:
            continue
        day, candidates = _start_of(first), []
        while day <= _start_of(last):
            if all(abs((day - p).days) <= _ONE_WEEK for p in placed.values()):
                candidates.append(day)
            day += 7 * _DAY
        if len(candidates) != 1 or not _is_weekday_like(memo, pending, candidates[0]):
            continue
        start, end = memo.anchors_for(pending, candidates[0])
        placed[index] = candidates[0]
        ahead = "ahead" if pending.planned else "past"
        bounds.append(Bound(start, end, f"it speaks of '{pending.expression}' as {ahead}"))
    return bounds


def estimate_one(
    article: ArticleEvidence,
    view: _ArticleView,
    memo: Resolutions,
    estimated: frozenset[str] = frozenset(),
) -> tuple[Estimate | None, str | None]:
    """The estimate of one undated article (or None), and a warning when evidence conflicts.

    `estimated` names the articles whose own dates are estimates: the estimate relies on as
    few of them as give the same range (see _rely_on_fewer), so that evidence which sets
    no end of the range does not keep another estimate from relying on this one."""
    caption_bounds, caption_placed = _caption_bounds(memo, article)
    happening_bounds, happening_placed = _happening_bounds(memo, article, view)
    bounds = _explicit_bound(article) + caption_bounds + happening_bounds
    bounds += _series_bounds(article, view)
    settled = _settle(memo, article, bounds, caption_placed, happening_placed)
    if isinstance(settled, str):
        return None, settled
    if settled is not None:
        settled = _rely_on_fewer(
            memo, article, bounds, settled, caption_placed, happening_placed, estimated
        )
    return settled, None


def _settle(
    memo: Resolutions,
    article: ArticleEvidence,
    bounds: list[Bound],
    caption_placed: dict[int, datetime.date],
    happening_placed: dict[int, tuple[datetime.date, str]],
) -> Estimate | str | None:
    """The estimate the bounds give (sources not yet transitive), None without any bound,
    or the warning when they contradict each other.  A happening placed a weekday only if
    the bound that placed it is among the bounds."""
    present = {b.source for b in bounds}
    placed = {i: day for i, (day, source) in happening_placed.items() if source in present}
    happening_placed = dict(placed)
    placed.update(caption_placed)
    earliest, latest = _combine(bounds)
    while True:  # each newly placed weekday may place another
        more = _one_week(memo, article, placed, earliest, latest)
        if not more:
            break
        bounds = bounds + more
        earliest, latest = _combine(bounds)
    if earliest is None and latest is None:
        return None
    if earliest and latest and earliest > latest and any(b.weak for b in bounds):
        bounds = [b for b in bounds if not b.weak]  # words-only matches yield first
        placed = {
            i: d for i, d in placed.items() if i not in happening_placed or i in caption_placed
        }
        earliest, latest = _combine(bounds)
    if earliest and latest and earliest > latest:
        return (
            "the date evidence contradicts itself ("
            + "; ".join(b.why for b in bounds)
            + "), so no date was estimated"
        )
    # Only the evidence that sets an end of the range is named.
    binding = [
        b
        for b in bounds
        if (b.earliest and b.earliest == earliest) or (b.latest and b.latest == latest)
    ]
    evidence = list(dict.fromkeys(b.why for b in binding))
    sources = frozenset(b.source for b in bounds if b.source)
    return Estimate(earliest, latest, evidence, placed, sources)


def _rely_on_fewer(
    memo: Resolutions,
    article: ArticleEvidence,
    bounds: list[Bound],
    estimate: Estimate,
    caption_placed: dict[int, datetime.date],
    happening_placed: dict[int, tuple[datetime.date, str]],
    estimated: frozenset[str],
) -> Estimate:
    """The same range from the evidence of as few estimated articles as give it.

    An estimate relies on an estimated article only when its range needs that article's
    evidence: each such article is left out in turn (those that offer only words-only
    matches first, then by key), and stays out when the rest give the same range.  The
    estimate returned is computed from the evidence kept, so it names only that; and an
    article whose evidence set no end of the range (a weak match found early) is free to
    rely on this one later, without a circle.
    """
    relied = {b.source for b in bounds if b.source in estimated}
    strong = {b.source for b in bounds if b.source in relied and not b.weak}
    for source in sorted(relied, key=lambda key: (key in strong, key)):
        fewer = [b for b in bounds if b.source != source]
        trial = _settle(memo, article, fewer, caption_placed, happening_placed)
        if isinstance(trial, Estimate) and (trial.earliest, trial.latest) == (
            estimate.earliest,
            estimate.latest,
        ):
            bounds, estimate = fewer, trial
    return estimate


def placed_happenings(
    memo: Resolutions, article: ArticleEvidence, estimate: Estimate
) -> list[Happening]:
    """Happenings an estimated article dates: its expressions that resolve to one day over
    the whole range (they may then date another article)."""
    found = []
    for pending in article.pending:
        if not (estimate.earliest and estimate.latest):
            break
        first = memo.resolve_at(pending, estimate.earliest)
        if first and first == memo.resolve_at(pending, estimate.latest) and not pending.planned:
            found.append(
                Happening(
                    _start_of(first),
                    article.key,
                    article.title,
                    True,
                    pending.actors,
                    pending.lemmas,
                    pending.quotes,
                )
            )
    return found


def _transitive(sources: frozenset[str], estimates: dict[str, Estimate]) -> frozenset[str]:
    found = set(sources)
    todo = list(sources)
    while todo:
        key = todo.pop()
        for more in estimates[key].sources if key in estimates else ():
            if more not in found:
                found.add(more)
                todo.append(more)
    return frozenset(found)


class Estimated:
    """The happenings and series steps of the estimated articles, kept up to date as their
    estimates change.  Each undated article may use those of every other estimated article
    whose estimate does not rest on it (no circle); a view per article (_ArticleView)
    applies that rule as it looks things up, instead of a pool and a series index built
    anew for every article, which made the stage quadratic in the archive."""

    def __init__(self, undated: list[ArticleEvidence], stated_known: dict, estimates: dict):
        self.order = {a.key: i for i, a in enumerate(undated)}
        self.estimates = estimates
        self.placed: dict[str, list[Happening]] = {}
        self.by_actor: dict[str, set[str]] = {}
        self.without_actors: set[str] = set()
        self.stated_series = {
            key: StatedSeries(entries) for key, entries in series_index(stated_known).items()
        }
        self.series: dict[tuple, EstimatedSeries] = {}

    def update(self, article: ArticleEvidence, estimate: Estimate, placed: list[Happening]):
        """Record an article's (new) estimate: its placed happenings and series steps."""
        key = article.key
        for happening in self.placed.get(key, ()):  # what the previous estimate registered
            for actor in happening.actors:
                self.by_actor[actor].discard(key)
        self.without_actors.discard(key)
        for step in article.series:
            if (step.series, step.actor) in self.series:
                self.series[step.series, step.actor].drop(key)
        self.placed[key] = placed
        for happening in placed:
            for actor in happening.actors:
                self.by_actor.setdefault(actor, set()).add(key)
            if not happening.actors:
                self.without_actors.add(key)
        for place, step in enumerate(article.series):
            entry = (key, article.title, estimate.earliest, estimate.latest, step)
            self.series.setdefault((step.series, step.actor), EstimatedSeries()).add(entry, place)

    def usable_by(self, origin: str, key: str) -> bool:
        estimate = self.estimates.get(origin)
        return origin != key and estimate is not None and key not in estimate.sources

    def view(self, base: Pool, key: str) -> _ArticleView:
        return _ArticleView(base, self, key)


class _ArticleView:
    """What one undated article may use: the stated happenings (base), then the placed
    happenings of the estimated articles usable by it, in the order of the undated articles
    (as one pool of them all would list them); and the series steps, by (series, actor)."""

    def __init__(self, base: Pool, estimated: Estimated, key: str):
        self.base, self.estimated, self.key = base, estimated, key

    def surely_more_than(self, pending: Pending, limit: int) -> bool:
        return self.base.surely_more_than(pending, limit)

    def candidates(self, pending: Pending) -> list[Happening]:
        found = self.base.candidates(pending)
        est = self.estimated
        quoted = bool(pending.quotes)
        anyone = not pending.actors and quoted
        if anyone:
            origins = set(est.placed)
        else:
            origins = set().union(*(est.by_actor.get(a, ()) for a in pending.actors))
            if not pending.actors or quoted:
                origins |= est.without_actors
        for origin in sorted(origins, key=est.order.__getitem__):
            if not est.usable_by(origin, self.key):
                continue
            for happening in est.placed[origin]:
                if (
                    anyone
                    or not pending.actors.isdisjoint(happening.actors)
                    or ((not pending.actors or quoted) and not happening.actors)
                ):
                    found.append(happening)
        return found

    def estimated_extremes(self, series_key: tuple, step: SeriesStep) -> tuple[list, list]:
        """The entries of the estimated articles this article may use on the extreme day
        below `step` and above it (EstimatedSeries.lows and highs; the dated articles' are
        in `estimated.stated_series`)."""
        series = self.estimated.series.get(series_key)
        if series is None:
            return [], []
        usable = self.estimated.usable_by
        return (
            series.lows(step.number, lambda origin: usable(origin, self.key)),
            series.highs(step.number, lambda origin: usable(origin, self.key)),
        )


class EstimatedSeries:
    """The entries (key, title, earliest, latest, step) of one (series, actor) in the
    estimated articles, ranked per step number by day, so that a series bound reads only the
    entries on the extreme day (and the unusable ones above it) instead of every entry: a
    common series of a single-story archive has thousands of estimated entries, and every
    undated article asked them all in every round.  Kept up to date as estimates change."""

    def __init__(self) -> None:
        self.places: dict[str, list[tuple]] = {}  # key -> its ranks in `by_low`/`by_high`
        # number -> [(-earliest, key, place, entry)] ascending: the latest earliest day first.
        self.by_low: dict[int, list[tuple]] = {}
        # number -> [(latest, key, place, entry)] ascending: the earliest latest day first.
        self.by_high: dict[int, list[tuple]] = {}
        self.numbers: list[int] = []  # the step numbers seen, ascending

    def add(self, entry: tuple, place: int) -> None:
        """Add an article's entry (`place`: its step's place among the article's steps)."""
        key, _title, earliest, latest, step = entry
        if step.number not in self.by_low:
            bisect.insort(self.numbers, step.number)
            self.by_low[step.number], self.by_high[step.number] = [], []
        ranks = []
        if earliest:
            ranks.append((self.by_low[step.number], (-earliest.toordinal(), key, place, entry)))
        if latest:
            ranks.append((self.by_high[step.number], (latest.toordinal(), key, place, entry)))
        for ranked, rank in ranks:
            bisect.insort(ranked, rank)
        self.places.setdefault(key, []).extend(ranks)

    def drop(self, key: str) -> None:
        """Remove every entry of an article."""
        for ranked, rank in self.places.pop(key, ()):
            del ranked[bisect.bisect_left(ranked, rank)]

    def lows(self, number: int, usable) -> list[tuple]:
        """(earliest, key, title, step) of the usable entries of the steps numbered below
        `number` on the latest earliest day any of them has, in the articles' order."""
        below = self.numbers[: bisect.bisect_left(self.numbers, number)]
        return _first_usable(self.by_low, below, usable, earliest=True)

    def highs(self, number: int, usable) -> list[tuple]:
        """(latest, key, title, step) of the usable entries of the steps numbered above
        `number` on the earliest latest day any of them has, in the articles' order."""
        above = self.numbers[bisect.bisect_right(self.numbers, number) :]
        return _first_usable(self.by_high, above, usable, earliest=False)


def _first_usable(ranked_by_number: dict, numbers: list[int], usable, earliest: bool) -> list:
    """The usable entries ranked first (on the best day) among those of `numbers`, as
    (day, key, title, step) by article and step."""
    best, found = None, []
    for number in numbers:
        for rank, key, place, entry in ranked_by_number[number]:
            if best is not None and rank > best:
                break  # ranked past the best day: nothing further is on it
            if not usable(key):
                continue
            if best is None or rank < best:
                best, found = rank, []
            found.append((key, place, entry))
    day_at = 2 if earliest else 3
    return [(entry[day_at], key, entry[1], entry[4]) for key, place, entry in sorted(found)]


def estimate_dates(
    articles: list[ArticleEvidence],
    happenings: list[Happening],
    memo: Resolutions | None = None,
) -> tuple[dict[str, Estimate], list[str]]:
    """Estimates for the undated articles, and warnings "<key>: <message>"; `memo` is the
    build's Resolutions (a fresh one when not given).

    Rounds repeat while an estimate changes: an estimated article's uniquely placed
    happenings and its range may date another article. Deterministic: articles are visited
    in key order and evidence is sorted.
    """
    estimates: dict[str, Estimate] = {}
    warnings: dict[str, str] = {}
    undated = sorted((a for a in articles if a.stated is None), key=lambda a: a.key)
    keys = frozenset(a.key for a in undated)
    base = Pool(happenings)
    stated = {a.key: (a.title, a.stated, a.stated, a.series) for a in articles if a.stated}
    memo = memo or Resolutions()
    estimated = Estimated(undated, stated, estimates)
    for _round in range(MAX_ROUNDS):
        changed = False
        for article in undated:
            view = estimated.view(base, article.key)
            estimate, warning = estimate_one(article, view, memo, keys)
            if warning:
                warnings[article.key] = warning
            old = estimates.get(article.key)
            if estimate is None:
                continue
            if old is None or (old.earliest, old.latest) != (estimate.earliest, estimate.latest):
                changed = True
            estimate.sources = _transitive(estimate.sources, estimates)
            estimates[article.key] = estimate
            if old is None or (old.earliest, old.latest) != (estimate.earliest, estimate.latest):
                estimated.update(article, estimate, placed_happenings(memo, article, estimate))
            else:  # the same range: the same happenings, the steps' new sources kept
                estimated.update(article, estimate, estimated.placed[article.key])
        if not changed:
            break
    return estimates, [f"{k}: {w}" for k, w in sorted(warnings.items()) if k not in estimates]
