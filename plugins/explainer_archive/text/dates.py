"""Find the date of a cleaned article, with the evidence, never inventing one.

One grammar of dates serves both the cleaner (`is_date_line`: which lines are publication
stamps rather than body text) and the date finder. Order of trust:

1. the metadata header's `Date:` (ISO `2024-06-11`, `June 11, 2024`, `11 June 2024`, optional
   time) → basis "metadata"; an unreadable value adds a warning and the search goes on; a
   publication stamp in the text more than a day away from it adds a warning (a real conflict);
2. a date line of the page (`Published On 14 Feb 2023`, `June 10, 2024`, `By Jane Doe |
   June 12, 2024`, `Last updated: 05 Jul 2024, 08:12 IST`): a stamp labelled as the original
   publication first, then an unlabelled one, then an "updated" one, the first on the page
   among equals; or a dateline opening the first paragraph (`CAIRO, June 11, 2024 (Reuters) -`)
   → basis "dateline". A numeric `06/07/2023` is read only when it is unambiguous or the
   page's other dates decide between day/month and month/day;
3. a date in the path of the `URL:` metadata line (`/2024/06/10/`, `-20240613-`, `/2024/06/`)
   → basis "url", at the precision the URL gives;
4. the latest photo caption date, when the first paragraph names its weekday as the day of
   its news ("Sunday, Sept. 17, 2023" under the photo, "said on Sunday" in the lede) → basis
   "caption";
5. otherwise no date, basis "unknown". An uncorroborated caption date is never the
   publication date (the photo may be older than the story): it is evidence for the estimator
   (derive/estimates.py), which gives such an article a range, basis "estimated".

A date inside a body sentence ("on June 4, 2024, the court ruled") is never the publication
date. Today's date and file times are never used. A weekday the text names that differs from
the date's own is not a conflict (news speaks of past days all the time) and is not warned of.
"""

from __future__ import annotations

import re
import tomllib
from datetime import date
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from ..calendar_words import MONTH_NUMBERS, day_label, weekday_name
from ..records import ArticleDate, CleanedArticle

DATES_FILE = Path(__file__).parent.parent / "data" / "dates.toml"

_MONTH_NAME = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"[0-3]?\d"
_ORDINAL = r"(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d\d"
# Each form has its own group names (Python allows a name once per pattern).
_DATE = (
    rf"(?:(?P<iy>{_YEAR})(?P<is>[-.])(?P<im>[01]\d)(?P=is)(?P<id>[0-3]\d)(?![\d-])"
    rf"|(?P<am>{_MONTH_NAME})\s+(?P<ad>{_DAY}){_ORDINAL},?\s+(?P<ay>{_YEAR})\b"
    rf"|(?P<bd>{_DAY}){_ORDINAL}\s+(?:of\s+)?(?P<bm>{_MONTH_NAME}),?\s+(?P<by>{_YEAR})\b"
    rf"|(?<![\d/.])(?P<na>{_DAY})(?P<ns>[/.])(?P<nb>[0-3]?\d)(?P=ns)(?P<ny>{_YEAR})\b)"
)
# A date line may also give the year in two digits ("05/08/24 9:41 PM ET"); a sentence's
# "9/11/01" is no evidence, so only whole date lines read this form.
_SHORT_YEAR = r"(?<![\d/.])(?P<ta>[0-3]?\d)/(?P<tb>[0-3]?\d)/(?P<ty>\d\d)(?![\d/.])"
_DATE_IN_LINE = f"(?:{_DATE}|{_SHORT_YEAR})"
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|rsday|urday)?\.?,?"
_ZONE = r"(?:Z|[+-]\d\d:?\d\d|(?-i:[A-Z]{2,5})(?:[+-]\d{1,2}(?::?\d\d)?)?|\((?-i:[A-Z]{2,5})\))"
_TIME = rf"\d{{1,2}}[:.]\d\d(?::\d\d(?:\.\d+)?)?(?:\s*[ap]\.?m\.?)?(?:,?\s*{_ZONE})?"
_AGO = r"(?:\d{1,3}|an?)\s*(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|days?|weeks?)\s+ago"
_SEP = r"\s*(?:[,|·•–—-]|\bat\b)?\s*"
# A short section label after the date ("Oct 11, 2023 - Economy & Business").
_TAIL = r"\s*[|·•–—-]\s*(?-i:[A-Z])[\w&'’]*(?:\s+[\w&'’]+){0,3}"

_DATE_SEARCH = re.compile(_DATE, re.I)
_WEEKDAY_MENTION = re.compile(
    r"\b(?:on\s+)?(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b"
)
# A dateline opens the first paragraph: an upper-case place (maybe with a region), the date.
_PLACE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Za-z.]+){0,2})?"
)
_GAP = re.compile(r"[,:—–-]?\s+")
# URL paths: /2024/06/10/, /2024/06/ (a month), -20240613- (a compact day).
_URL_DAY = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=/|$)")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)/(?P<m>[01]?\d)(?=/|$)")
_URL_COMPACT = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d])")
_URL_ISO = re.compile(r"(?<![\d])(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])")
# The longest date line the grammar accepts; longer lines are body text.
_LONGEST_LINE = 120
# How far (days) another date on the page may lie from a numeric date to decide its reading.
_DECIDING_DAYS = 31


@lru_cache(maxsize=1)
def _grammar() -> tuple[re.Pattern[str], dict[str, str]]:
    """The date-line pattern and each label's rank name, from data/dates.toml."""
    data = tomllib.loads(DATES_FILE.read_text(encoding="utf-8"))
    ranks = {}
    for rank in ("published", "updated", "neutral"):
        for label in data.get("labels", {}).get(rank, []):
            ranks[" ".join(label.casefold().split())] = rank
    labels = "|".join(
        r"\s+".join(map(re.escape, label.split())) for label in sorted(ranks, key=len, reverse=True)
    )
    dated = (
        rf"(?:(?P<label>{labels})\b\s*[:|–—-]?\s*)?"
        rf"(?:{_WEEKDAY}\s+)?(?:{_TIME},?\s+(?:on\s+)?)?(?:{_WEEKDAY}\s+)?{_DATE_IN_LINE}"
        rf"(?:(?:{_SEP}|T){_TIME})?(?:{_TAIL})?\s*"
    )
    # A stamp without a date ("Updated 3 hours ago", "Posted 10:24 am", "Yesterday at 18:02",
    # a live blog's entry time "6:58 am") is still a stamp line, though it gives the article
    # no date.
    undated = (
        rf"(?:(?:{labels})\b\s*[:|–—-]?\s*)?(?:(?:today|yesterday),?\s+)?(?:at\s+)?"
        rf"(?:{_TIME}|{_AGO})\s*"
    )
    return re.compile(rf"{dated}|{undated}", re.I), ranks


def is_date_line(text: str) -> bool:
    """True for a whole line that states a date and nothing else but a label, time or section."""
    return _match_line(text) is not None


def _match_line(text: str) -> re.Match[str] | None:
    text = text.strip()
    if len(text) > _LONGEST_LINE or not any(map(str.isdigit, text)):
        return None
    match = _grammar()[0].fullmatch(text) or _glued_stamp(text)
    if match or not _HAS_PARTS.search(text):
        return match
    # "Source: Agency| 2023-02-13 21:05:37|Editor: name", "Place (Country) - Sep 11, 2023 -
    # 21:15 CEST", "Outlet / 05:32 AM July 27, 2024": a date among short labels.
    parts = [part.strip() for part in _PARTS.split(text)]
    dated = [m for m in (_grammar()[0].fullmatch(part) for part in parts) if m]
    labels = [part for part in parts if not _grammar()[0].fullmatch(part)]
    if dated and all(
        len(label.split()) <= 4 and not label.casefold().startswith("by ") for label in labels
    ):
        return dated[0]  # the first: "Published … | Updated …" is dated by its first part
    return None


# The page's first words glued after a labelled stamp ("date 2023-08-20 Advertisement",
# "date 2024-06-30 PTI"): at most this many capitalised words, no sentence.
_GLUED_WORDS = 3
_GLUED_TAIL = re.compile(r"(?-i:[A-Z])[\w&'’.-]*(?:\s+[\w&'’.-]+)*")


def _glued_stamp(text: str) -> re.Match[str] | None:
    """A labelled stamp (a publication or update label, or "date") with a full date, followed
    by a few capitalised words scraped onto its line; never a sentence opening "On June 4"."""
    match = _grammar()[0].match(text)  # at the line's start only (a search is slow)
    if match is None:
        return None
    label = (match.groupdict().get("label") or "").casefold()
    tail = text[match.end() :].strip()
    if (
        label not in ("", "on")
        and _readings(match)
        and tail
        and len(tail.split()) <= _GLUED_WORDS
        and _GLUED_TAIL.fullmatch(tail)
        and tail[-1] not in ".!?"
    ):
        return match
    return None


# What separates a date from the short labels beside it on one line; two renderings of one
# date glued together ("06/06/2023June 6, 2023") are split where a digit runs into a capital.
_PARTS = re.compile(r"\s*\|\s*|\s+[/·•–—-]\s+|(?<=\d)(?=[A-Z][a-z])")
# Whether _PARTS splits a line, found twice as fast: its three cases without the runs of spaces
# a separator may take on either side.
_HAS_PARTS = re.compile(r"\||\s[/·•–—-]\s|\d[A-Z][a-z]")


def date_line_label(text: str) -> str | None:
    """The label of a date line ("Updated", "Published on"), or None."""
    match = _match_line(text)
    return match.group("label") if match and match.groupdict().get("label") else None


def split_dated_byline(text: str) -> tuple[str, str] | None:
    """Split `By Jane Doe | June 12, 2024` into its byline and its date line, else None."""
    if not text[:3].casefold().startswith("by ") or len(text) > _LONGEST_LINE:
        return None
    for match in re.finditer(r"\s*[|·•–—,]\s*|\s+-\s+", text):
        byline, rest = text[: match.start()].strip(), text[match.end() :].strip()
        if len(byline) > 3 and _grammar()[0].fullmatch(rest):  # the date alone
            return byline, rest
    return None


# A headline needs this many words left once a stamp or label is split off its line.
_HEADLINE_WORDS = 3
_HEADLINE_PARTS = re.compile(r"\s+[|·•]\s+")
# Words a headline never ends with before a date of its own ("Talks to resume on 4 June 2024").
_OPEN_ENDINGS = frozenset(
    [
        "on",
        "by",
        "from",
        "since",
        "until",
        "till",
        "before",
        "after",
        "in",
        "at",
        "for",
        "of",
        "to",
        "and",
        "or",
        "the",
        "a",
        "an",
    ]
)


def split_headline_stamp(text: str) -> tuple[str, str, list[str]]:
    """(headline, stamp, labels) of a headline line that carries a date stamp or short labels
    ("Business | Markets rally as rates hold | 3 hours ago", "Spain beat England 14 Jul 2024
    22:59"): the stamp is "" and the labels [] when there is none, and the headline is then
    the whole line. A date the headline itself names is left in it ("Talks resume on June
    4, 2024"): a glued stamp carries a time, a label or a separator."""
    if _match_line(text):
        return text, "", []  # a date line ("First published on Mon 11 Dec 2023 08.30 GMT")
    parts = _HEADLINE_PARTS.split(text.strip())
    if len(parts) > 1:
        stamps = [part for part in parts if _match_line(part)]
        rest = [part for part in parts if not _match_line(part)]
        longest = max(rest, key=lambda part: len(part.split()), default="")
        labels = [part for part in rest if part is not longest]
        if (
            len(longest.split()) >= _HEADLINE_WORDS
            and all(len(label.split()) <= _HEADLINE_WORDS for label in labels)
            and len(stamps) <= 1
        ):
            return longest, stamps[0] if stamps else "", labels
        return text, "", []
    return _split_trailing_stamp(text)


# A date stamp glued after a headline is at most this many words ("Published on Sunday,
# 14 July 2024 at 22:59 BST" is nine): only the line's last words are tried as one.
_STAMP_WORDS = 12


# The last character a date line can end with (its trailing spaces aside): a digit or letter
# (a year, a time, a zone, "ago", a section word), "&", an apostrophe, ")" (a zone in
# brackets), or the stop of "a.m." (after its "m"). Every tail of a line ends where the line
# does, so a line ending otherwise (a sentence's full stop after a word, a "?") has none.
_STAMP_END = re.compile(r"(?s:.)?[\w&'’)]|m\.", re.I)


def _split_trailing_stamp(text: str) -> tuple[str, str, list[str]]:
    if not _STAMP_END.fullmatch(text.rstrip()[-2:]):
        return text, "", []
    words = text.split(" ")
    for cut in range(max(_HEADLINE_WORDS, len(words) - _STAMP_WORDS), len(words)):
        head, tail = " ".join(words[:cut]), " ".join(words[cut:])
        if not any(map(str.isdigit, tail)):
            break  # nor has any shorter tail (each is the end of this one) a digit
        match = _grammar()[0].fullmatch(tail)
        if not match:
            continue
        label = (match.group("label") or "").casefold()
        ago = re.fullmatch(rf"(?:\w+\s+)?{_AGO}", tail, re.I)
        dated = _readings(match) and (label or _TIME_IN.search(tail))
        glued = label != "on" and (ago or dated)
        if glued and head.rstrip(",:;").split()[-1].casefold() not in _OPEN_ENDINGS:
            return head.rstrip(" ,;:|-–—"), tail, []
    return text, "", []


_TIME_IN = re.compile(r"\d[:.]\d\d")


def parse_date(text: str, whole: bool = False) -> date | None:
    """Read the first unambiguous full date in text; whole=True allows only a time besides."""
    if whole:
        match = _match_line(text)
        if not match or match.group("label"):
            return None
        readings = _readings(match)
        return readings[0] if len(readings) == 1 else None
    for match in _DATE_SEARCH.finditer(text):
        readings = _readings(match)
        if len(readings) == 1:
            return readings[0]
    return None


def _readings(match: re.Match[str]) -> list[date]:
    """The dates a matched date can mean: one, two for an ambiguous 06/07/2023, or none."""
    groups = match.groupdict()
    if groups.get("iy"):
        parts = [(groups["iy"], groups["im"], groups["id"])]
    elif groups.get("ay"):
        parts = [(groups["ay"], MONTH_NUMBERS[groups["am"][:3].lower()], groups["ad"])]
    elif groups.get("by"):
        parts = [(groups["by"], MONTH_NUMBERS[groups["bm"][:3].lower()], groups["bd"])]
    elif groups.get("ny"):
        first, second = groups["na"], groups["nb"]
        parts = [(groups["ny"], second, first)]
        if groups.get("ns") != ".":  # dots are day.month.year wherever they are written
            parts.append((groups["ny"], first, second))
    elif groups.get("ty"):
        first, second, year = groups["ta"], groups["tb"], 2000 + int(groups["ty"])
        parts = [(year, second, first), (year, first, second)]
    else:
        return []  # a labelled stamp without a date
    readings = []
    for year, month, day in parts:
        try:
            found = date(int(year), int(month), int(day))
        except ValueError:
            continue
        if found not in readings:
            readings.append(found)
    return readings


# --- the order of trust ----------------------------------------------------------------------


def find_article_date(article: CleanedArticle) -> ArticleDate:
    """Return the article's date and the evidence for it, in the module's order of trust."""
    stamps = _ranked_stamps(article)
    found = _from_metadata(article, stamps)
    if found:
        return found
    for finder in (_from_stamps, _from_dateline, _from_url, _from_corroborated_caption):
        found = finder(article, stamps)
        if found:
            return found
    return ArticleDate(
        None, "unknown", "No date in the file's metadata, date lines, dateline or URL."
    )


def _ranked_stamps(article: CleanedArticle) -> list[tuple[str, list[date]]]:
    """Each stamp line with its possible dates: published first, updated last, page order."""
    ranked = []
    order = {"published": 0, "neutral": 1, None: 1, "updated": 2}
    ranks = _grammar()[1]
    for index, stamp in enumerate(article.stamps):
        match = _match_line(stamp)
        if not match:
            continue
        label = match.group("label")
        rank = order[ranks.get(" ".join(label.casefold().split())) if label else None]
        ranked.append((rank, index, stamp, _readings(match)))
    ranked.sort(key=lambda item: item[:2])
    return [(stamp, readings) for _, _, stamp, readings in ranked if readings]


def _from_metadata(article: CleanedArticle, stamps) -> ArticleDate | None:
    value = (article.header or {}).get("date", "").strip()
    if not value:
        return None
    found = parse_date(value, whole=True)
    if not found:
        article.warnings.append(
            f"The metadata date '{value}' could not be read, so other evidence was used."
        )
        return None
    _warn_on_conflict(article, found, stamps)
    return ArticleDate(found.isoformat(), "metadata", f"From the file's metadata date '{value}'.")


def _warn_on_conflict(article: CleanedArticle, found: date, stamps) -> None:
    """Warn when the page's own publication stamp is more than a day from the metadata date."""
    ranks = _grammar()[1]
    for stamp, readings in stamps:
        label = _match_line(stamp).group("label")
        if label and ranks.get(" ".join(label.casefold().split())) == "updated":
            continue
        if len(readings) == 1 and abs((readings[0] - found).days) > 1:
            article.warnings.append(
                f"The metadata date {found.isoformat()} was kept, but the page's stamp "
                f"'{stamp}' says {readings[0].isoformat()}."
            )
        return


def _from_stamps(article: CleanedArticle, stamps) -> ArticleDate | None:
    undecided = []
    for stamp, readings in stamps:
        if len(readings) == 1:
            return ArticleDate(readings[0].isoformat(), "dateline", f"From the stamp '{stamp}'.")
        decided = _decide(readings, article, stamps)
        if decided:
            chosen, why = decided
            return ArticleDate(
                chosen.isoformat(), "dateline", f"From the stamp '{stamp}', read as {why}."
            )
        undecided.append((stamp, readings))
    for stamp, readings in undecided:
        article.warnings.append(
            f"The date in '{stamp}' could be {readings[0].isoformat()} or "
            f"{readings[1].isoformat()} and nothing on the page decides, so it was not used."
        )
    return None


def _other_dates(article: CleanedArticle, stamps) -> list[date]:
    """Unambiguous dates elsewhere on the page: stamps, URL, captions and body."""
    found = [readings[0] for _, readings in stamps if len(readings) == 1]
    url = _url_date(article)
    if url:
        found.append(url[0])
    for text in [*(f.caption for f in article.figures), *article.paragraphs]:
        for match in _DATE_SEARCH.finditer(text):
            readings = _readings(match)
            if len(readings) == 1:
                found.append(readings[0])
    return found


def _decide(readings: list[date], article: CleanedArticle, stamps) -> tuple[date, str] | None:
    """Choose a reading of `06/07/2023` from the page's other evidence, with the reason.

    First the page's other full dates: the one reading some of them lie near (a month). Else
    the weekdays the text names: the one reading whose weekday it names, the other's not.
    """
    others = _other_dates(article, stamps)
    near = [r for r in readings if any(abs((r - o).days) <= _DECIDING_DAYS for o in others)]
    if len(near) == 1:
        return near[0], f"{near[0].isoformat()} because the page's other dates lie near it"
    named = _weekdays_in(" ".join([article.dek, *article.paragraphs]))
    matching = [r for r in readings if weekday_name(r) in named]
    if len(matching) == 1:
        chosen = matching[0]
        other = next(r for r in readings if r != chosen)
        return chosen, (
            f"{chosen.isoformat()}, a {weekday_name(chosen)}, the weekday the text names "
            f"({other.isoformat()} is a {weekday_name(other)}, which it does not)"
        )
    return None


# A weekday the lede names for the day of its news: not "last Thursday", "next Monday" or
# "Monday's earthquake" (an earlier day's event).
_NEWS_DAY = re.compile(
    r"(?<!last )(?<!next )(?<!past )(?<!previous )(?<!this )"
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!['’]s?\b)"
)


def _from_corroborated_caption(article: CleanedArticle, _stamps) -> ArticleDate | None:
    """The latest date of the photo captions, when the body's first paragraph names that
    day's weekday as the day of its news ("Sunday, Nov. 5, 2023" under the photo, "on Sunday"
    in the lede). A photo is taken before the story is written, so an uncorroborated caption
    date stays evidence for an estimate (derive/estimates.py). A lede's "today" corroborates
    nothing: the photo may be of the day before ("will arrive in Israel later today" under a
    photo of the previous day's press conference)."""
    if not article.paragraphs:
        return None
    dated = [found for figure in article.figures if (found := parse_date(figure.caption))]
    if not dated:
        return None
    latest = max(dated)
    day = weekday_name(latest)
    if day not in {m.group(1) for m in _NEWS_DAY.finditer(article.paragraphs[0])}:
        return None
    return ArticleDate(
        latest.isoformat(),
        "caption",
        f"From a photo caption dated {day_label(latest)}, corroborated by the first "
        f"paragraph's '{day}'.",
    )


def _weekdays_in(text: str) -> set[str]:
    return {m.group(1) for m in _WEEKDAY_MENTION.finditer(text)}


def _from_dateline(article: CleanedArticle, _stamps) -> ArticleDate | None:
    if not article.paragraphs:
        return None
    dateline = _read_dateline(article.paragraphs[0])
    if not dateline:
        return None
    text, found = dateline
    return ArticleDate(found.isoformat(), "dateline", f"From the dateline '{text}'.")


def _read_dateline(paragraph: str) -> tuple[str, date] | None:
    """Read `PLACE, June 11, 2024 ...` or a bare date opening the first paragraph."""
    head = paragraph[:120]
    starts = [0] + [m.end() for m in _GAP.finditer(head, 0, 60)]
    for start in starts:
        if start and not _PLACE.fullmatch(head[:start].strip(" ,:—–-")):
            continue
        match = _DATE_SEARCH.match(head, start)
        readings = _readings(match) if match else []
        if len(readings) == 1:
            return head[: match.end()], readings[0]
    return None


def _from_url(article: CleanedArticle, _stamps) -> ArticleDate | None:
    found = _url_date(article)
    if not found:
        return None
    value, evidence = found
    text = value.isoformat() if isinstance(value, date) else value
    return ArticleDate(text, "url", f"From the URL's path {evidence}.")


def _url_date(article: CleanedArticle) -> tuple[date | str, str] | None:
    """A date in the `URL:` metadata line's path: a day, or a month as `YYYY-MM`."""
    url = (article.header or {}).get("url", "")
    path = urlsplit(url).path if url else ""
    for pattern in (_URL_DAY, _URL_ISO, _URL_COMPACT):
        for match in pattern.finditer(path):
            try:
                found = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                continue
            return found, _evidence(path, match, pattern is _URL_DAY)
    for match in _URL_MONTH.finditer(path):
        if 1 <= int(match["m"]) <= 12:
            return f"{match['y']}-{int(match['m']):02d}", _evidence(path, match, True)
    return None


def _evidence(path: str, match: re.Match[str], slashed: bool) -> str:
    """The matched piece of the path as a reader sees it: `/2024/06/10/` or `-20240613-`."""
    start, end = match.start(), match.end()
    if slashed:
        return path[start : end + 1] if path[end : end + 1] == "/" else path[start:end]
    return path[max(start - 1, 0) : end + 1]
