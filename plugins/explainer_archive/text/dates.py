"""Find the date of a cleaned article, with the evidence, never inventing one.

Order of trust:

1. the metadata header's `Date:` (ISO `2024-06-11`, `June 11, 2024`, `11 June 2024`, optional
   time) → basis "metadata"; an unreadable value adds a warning and the search goes on;
2. a publication stamp (`Published …` preferred over `Updated …`) or a dateline with a year at
   the start of the first paragraph (`CAIRO, June 11, 2024 (Reuters) -`) → basis "dateline";
3. a full date in a photo caption → basis "caption", accepted only under a strict rule: all
   captions that carry a full date agree on it, and either the body names that date's weekday
   (`on Thursday` for 30 November 2023), or the body names no weekday at all but says `today`.
   A caption date whose weekday the body never mentions, while it mentions others, is refused
   (the photo may be older than the story);
4. otherwise no date, basis "unknown".

Today's date and file times are never used. When a date from 1 or 2 falls on a weekday the
body never mentions although it names weekdays, the date is kept and a warning is added.
"""

from __future__ import annotations

import re
from datetime import date

from ..records import ArticleDate, CleanedArticle

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)"
_DATE_PATTERNS = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)(?![\d-])", re.I),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
]
_TIME = (
    r"(?:[T\s,]+(?:at\s+)?\d{1,2}[:.]\d\d(?::\d\d)?(?:\.\d+)?\s*(?:[ap]\.?m\.?)?"
    r"\s*(?:Z|[A-Z]{2,5}|[+-]\d\d:?\d\d)?)?"
)
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY_MENTION = re.compile(r"\b(?:on\s+)?(" + "|".join(_WEEKDAYS) + r")\b")
_TODAY = re.compile(r"\b(?:today|this morning|this afternoon|this evening|tonight)\b", re.I)
# A dateline opens the first paragraph: an upper-case place (maybe with a region), the date.
_PLACE = re.compile(
    r"[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3}(?:, [A-Z][A-Za-z.]+(?: [A-Za-z.]+){0,2})?"
)
_GAP = re.compile(r"[,:—–-]?\s+")


def find_article_date(article: CleanedArticle) -> ArticleDate:
    """Return the article's date and the evidence for it, in the module's order of trust."""
    body = " ".join([article.dek, *article.paragraphs])

    header_value = (article.header or {}).get("date", "").strip()
    if header_value:
        found = parse_date(header_value, whole=True)
        if found:
            _check_weekday(article, found, body)
            return ArticleDate(
                found.isoformat(), "metadata", f"From the file's metadata date '{header_value}'."
            )
        article.warnings.append(
            f"The metadata date '{header_value}' could not be read, so other evidence was used."
        )

    stamps = sorted(article.stamps, key=lambda s: not s.lower().startswith(("published", "posted")))
    for stamp in stamps:
        found = parse_date(stamp)
        if found:
            _check_weekday(article, found, body)
            return ArticleDate(found.isoformat(), "dateline", f"From the stamp '{stamp}'.")

    if article.paragraphs:
        dateline = _read_dateline(article.paragraphs[0])
        if dateline:
            text, found = dateline
            _check_weekday(article, found, body)
            return ArticleDate(found.isoformat(), "dateline", f"From the dateline '{text}'.")

    caption = _caption_date(article, body)
    if caption:
        return caption
    return ArticleDate(None, "unknown", "No date in the file's metadata, stamps or captions.")


def parse_date(text: str, whole: bool = False) -> date | None:
    """Read the first full date (day, month, year) in text; whole=True allows only a time too."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if not match:
            continue
        if whole:
            rest = text[: match.start()].strip(" ,") + text[match.end() :]
            if rest.strip() and not re.fullmatch(_TIME + r"\s*", rest, re.I):
                continue
        found = _to_date(match)
        if found:
            return found
    return None


def _to_date(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    month = int(groups["mnum"]) if groups.get("mnum") else _MONTHS[groups["month"][:3].lower()]
    try:
        return date(int(groups["year"]), month, int(groups["day"]))
    except ValueError:
        return None


def _read_dateline(paragraph: str) -> tuple[str, date] | None:
    """Read `PLACE, June 11, 2024 ...` or a bare date opening the first paragraph."""
    head = paragraph[:120]
    starts = [0] + [m.end() for m in _GAP.finditer(head, 0, 60)]
    for start in starts:
        if start and not _PLACE.fullmatch(head[:start].strip(" ,:—–-")):
            continue
        for pattern in _DATE_PATTERNS:
            match = pattern.match(head, start)
            found = _to_date(match) if match else None
            if found:
                return head[: match.end()], found
    return None


def _weekdays_in(body: str) -> set[str]:
    return {m.group(1) for m in _WEEKDAY_MENTION.finditer(body)}


def _check_weekday(article: CleanedArticle, found: date, body: str) -> None:
    """Warn when the body names weekdays but never the weekday of the stated date."""
    named = _weekdays_in(body)
    weekday = _WEEKDAYS[found.weekday()]
    if named and weekday not in named:
        article.warnings.append(
            f"The article's date {found.isoformat()} is a {weekday}, but the text speaks of "
            f"{', '.join(sorted(named, key=_WEEKDAYS.index))}; the stated date was kept."
        )


def _caption_date(article: CleanedArticle, body: str) -> ArticleDate | None:
    dates = []
    for figure in article.figures:
        found = parse_date(figure.caption)
        if found:
            dates.append(found)
    if not dates or len(set(dates)) > 1:
        return None
    found = dates[0]
    weekday = _WEEKDAYS[found.weekday()]
    named = _weekdays_in(body)
    pretty = f"{found.day} {found.strftime('%B')} {found.year}"
    if weekday in named:
        mention = next(m.group(0) for m in _WEEKDAY_MENTION.finditer(body) if m.group(1) == weekday)
        return ArticleDate(
            found.isoformat(),
            "caption",
            f"From the photo caption date {pretty}, a {weekday}, matching '{mention}' in the text.",
        )
    if not named and _TODAY.search(body):
        return ArticleDate(
            found.isoformat(),
            "caption",
            f"From the photo caption date {pretty}; the text says 'today' and names no weekday.",
        )
    return None
