"""Where each unit stands on the page: captions and the credit line under them, the headline and
standfirst at the top, furniture above and below the article, trailing "Related" blocks,
teaser headlines between paragraphs, repeated labels and duplicated paragraphs.

Works on the units that lines.py has classified, changing only their kind and reason. The
anchor is the article's prose: the run of sentence-ending paragraphs. What stands before it is
masthead, navigation, headline, standfirst, byline and date; what stands after it is credits and
furniture. Only shape, position and the article's own vocabulary are used, never an outlet's
wording, so the passes hold for pages of any outlet.
"""

from __future__ import annotations

import re

from ..records import CleanedArticle, Figure
from .dates import date_line_label as dates_label
from .dates import split_headline_stamp
from .lines import (
    CAPTION_LABEL,
    Rules,
    Unit,
    credit_of_line,
    key,
    strip_counter,
)

# A sentence-ending unit this long is article prose; a unit this long is prose even without
# an end (a hard-wrapped or unpunctuated paragraph).
PROSE_WORDS = 12
LONG_PROSE_WORDS = 25
# Prose paragraphs anchor the body when another one follows within this many text units.
ANCHOR_GAP = 3
# A headline has at least this many words: mastheads, section labels and nav are shorter.
HEADLINE_WORDS = 4
# The first headline-shaped line this long that shares this much of the article's vocabulary
# is the headline (a masthead or tagline is shorter, or about nothing the article says).
GOOD_HEADLINE_WORDS = 5
GOOD_HEADLINE_COHESION = 0.34
# Headline-shaped lines inside the body that share less of their vocabulary with the article
# than this are teasers of other stories (a run of two or more, or one long single line).
TEASER_RUN_COHESION = 0.6
TEASER_SINGLE_COHESION = 0.25
TEASER_SINGLE_WORDS = 6

_WORD = re.compile(r"[^\W\d_]{4,}")
_STOPWORDS = frozenset(
    (
        "that",
        "this",
        "with",
        "from",
        "have",
        "has",
        "had",
        "were",
        "been",
        "will",
        "would",
        "could",
        "should",
        "their",
        "there",
        "they",
        "them",
        "what",
        "when",
        "where",
        "which",
        "while",
        "after",
        "before",
        "about",
        "over",
        "into",
        "than",
        "then",
        "also",
        "said",
        "says",
        "more",
        "most",
        "other",
        "some",
        "such",
        "only",
        "just",
        "your",
        "ours",
        "amid",
        "last",
        "first",
        "year",
        "years",
    )
)


def arrange(article: CleanedArticle, units: list[Unit], header: dict[str, str], rules: Rules):
    """Run the layout passes over classified units, in order."""
    mark_live_entries(units)
    drop_author_bios(units)
    mark_dated_names(units)
    pair_captions(units, rules)
    mark_summary_points(units, rules)
    drop_trailing_block(units)
    drop_repeated_short_lines(units)
    start, end = body_span(units)
    if start is None:
        choose_title_without_body(article, units, header)
    else:
        start = choose_title_and_dek(article, units, header, start)
        drop_site_date_strip(units)
        drop_teasers(units, start, max(start, end))
        drop_bottom_furniture(units, end)
        drop_site_blurbs(units, end)
    drop_duplicates(article, units)


# --- shapes ----------------------------------------------------------------------------------


def is_prose(unit: Unit) -> bool:
    """True for a unit that reads like a paragraph of the article."""
    return unit.kind == "text" and (
        (unit.ends_sentence and unit.words >= PROSE_WORDS) or unit.words >= LONG_PROSE_WORDS
    )


def is_headline_shaped(unit: Unit) -> bool:
    """A capitalised line of 2–30 words that does not end a sentence (a '?' may end it)."""
    text = unit.text
    return (
        unit.kind == "text"
        and 2 <= unit.words <= 30
        and len(text) <= 220
        and (not unit.ends_sentence or text.rstrip("\"'”’").endswith("?") or _title_cased(text))
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"'“‘")
    )


def _title_cased(text: str) -> bool:
    """Every word of four letters or more capitalised ("Lahaina Burned. Now Comes the Fight
    Over Who Gets to Rebuild It."): a headline even when it ends with a full stop."""
    long_words = 0
    for match in _LETTER_WORD.finditer(text):  # stops at the first lower-case long word
        word = match.group()
        if len(word) >= 4:
            if not word[0].isupper():
                return False
            long_words += 1
    return long_words >= 4


# A word: a letter, then letters, digits, apostrophes and hyphens.
_LETTER_WORD = re.compile(r"[^\W\d_][\w’'-]*")


def is_short_label(unit: Unit) -> bool:
    return unit.words <= 8 and not unit.ends_sentence


def is_caption_shaped(unit: Unit) -> bool:
    """A describing line that may stand over a credit: a few words up to a short paragraph."""
    text = strip_counter(unit.text)  # "[2/4] A man walks past ..."
    return (
        unit.kind == "text"
        and 3 <= unit.words <= 90
        and bool(text)
        and (text[0].isupper() or text[0] in '"“')
    )


def _drop(unit: Unit, reason: str) -> None:
    unit.kind, unit.reason = "chrome", reason


# --- live blogs ------------------------------------------------------------------------------

# A live blog's entry time on a line of its own: "6:58 am", "18.40 GMT", "10:17 a.m. ET".
_ENTRY_TIME = re.compile(
    r"^(?:updated\s+(?:at\s+)?)?\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4}(?:[+-]\d{1,2})?)?$",
    re.I,
)


def mark_live_entries(units: list[Unit]) -> None:
    """In a live blog, a time or date line opens an entry whose first line is its heading:
    drop a bare entry time as chrome, and keep the heading as body, out of reach of the
    title, standfirst and teaser passes. A dated line opens entries only when the page has
    at least two such openings (a live blog), never a lone "Updated ..." stamp."""
    openings = []
    for index, unit in enumerate(units[:-1]):
        is_time = unit.kind in ("text", "stamp") and _ENTRY_TIME.match(unit.text)
        if is_time:
            _drop(unit, "chrome:live-entry-time")
        heading = units[index + 1]
        one_word = is_time and heading.kind == "text" and heading.words == 1  # "Summary"
        if (is_time or unit.kind == "stamp") and (
            is_headline_shaped(heading) or (one_word and heading.text[0].isupper())
        ):
            openings.append((bool(is_time), index + 1))
    if len(openings) >= 2 or any(is_time for is_time, _ in openings):
        for is_time, heading in openings:
            if is_time or len(openings) >= 2:
                units[heading].kind = "entry-heading"


# --- summaries in points ---------------------------------------------------------------------

SUMMARY_POINT_WORDS = 30  # a point longer than this is a paragraph of the article
SUMMARY_POINTS = 5  # a summary lists a few points; more lines are the article itself
# The opening of a wire story: "CITY (Agency) -", "CITY, Country, June 4 (Reuters) —".
_DATELINE = re.compile(r"^[A-Z][A-Z .,'’-]{2,60}(?:\([^)]{2,30}\))?\s*[-–—:]")


def _heads_a_byline(units: list[Unit], index: int) -> bool:
    """True for a line over the byline or date line (past chrome): a headline or standfirst
    written in sentences, not a paragraph of the article."""
    following = next((u for u in units[index + 1 :] if u.kind != "chrome"), None)
    return following is not None and following.kind in ("byline", "stamp")


def mark_summary_points(units: list[Unit], rules: Rules) -> None:
    """A "Key Points" label above the article's first paragraph, and the short points listed
    under it in one block, are the article's standfirst, not its body."""
    for index, unit in enumerate(units):
        if is_prose(unit) and not _heads_a_byline(units, index):
            return  # a "Summary" below the first paragraph heads part of the article
        if unit.kind not in ("text", "heading") or key(unit.text) not in rules.summary_headings:
            continue
        first = units[index + 1] if index + 1 < len(units) else None
        if first is not None and first.text.rstrip().endswith(":"):
            continue  # "Summary" over "Here is where things stand:": part of the article
        _drop(unit, "chrome:summary-label")
        points = []
        for point in units[index + 1 : index + 1 + SUMMARY_POINTS]:
            if point.block != unit.block or point.kind != "text":
                break
            if point.words > SUMMARY_POINT_WORDS or _DATELINE.match(point.text):
                break  # a paragraph (or the article's dateline) in the same run of lines
            points.append(point)
        for point in points:
            point.kind = "dek"


# --- captions --------------------------------------------------------------------------------


def pair_captions(units: list[Unit], rules: Rules) -> None:
    """A credit on a line of its own ("AP Photo/Jane Doe", "REUTERS/Name", "Photo: X/Y") makes
    the line above it a photo caption; with nothing to caption it is a credit of the article.
    Labels between the two ("toggle caption", "Enlarge this image") are passed over."""
    for index, unit in enumerate(units):
        labelled = unit.kind == "credit" and bool(_PHOTO_WORD.search(unit.text))
        if unit.words > 14 or not (
            unit.kind == "text"
            or labelled  # "Photo by Jane Doe / Getty Images"
            or unit.reason in ("chrome:image-credit-label", "chrome:copyright")
        ):
            continue
        credit = credit_of_line(unit.text, rules)
        if not credit or (labelled and not _names_an_agency(unit.text, rules)):
            continue  # "Photos by Jane Doe" may credit the article's pictures as a whole
        names_photo = bool(_PHOTO_WORD.search(credit))
        bare_agency = credit.casefold() in rules.agencies
        if (bare_agency and unit.text.startswith(("(", "—", "-"))) or (
            not names_photo and _ends_the_text(units, index)
        ):
            unit.kind = "credit"  # "(AFP)", or "ABC/Reuters" under the last paragraph: a sign-off
            continue
        below = units[index + 1] if index + 1 < len(units) else None
        if below is not None and below.kind == "stamp" and not names_photo:
            unit.kind = "credit"  # "AFP | Reuters" over "Published June 24": the story's byline
            continue
        if below is not None and below.kind == "figure":
            unit.kind, unit.reason = "figure-credit", "credit"  # "Yonhap Photo" over a caption
            continue
        if below is not None and below.kind == "text" and CAPTION_LABEL.match(below.text):
            # "Image source, Getty Images" over "Image caption, Rescuers search ..."
            caption = CAPTION_LABEL.sub("", below.text)
            below.kind, below.figure = "figure", Figure(caption=caption, credit=credit)
            unit.kind, unit.reason = "figure-credit", "credit"
            continue
        above = _unit_above(units, index)
        if above is not None and above.kind == "figure" and above.figure:
            if above.figure.credit:
                continue  # a second credit line of one picture, or a stray credit
            above.figure.credit = credit
            unit.kind, unit.reason = "figure-credit", "credit"
        elif above is not None and _captions(above, credit, rules):
            above.kind, above.figure = (
                "figure",
                Figure(caption=strip_counter(above.text), credit=credit),
            )
            unit.kind, unit.reason = "figure-credit", "credit"
        elif unit.kind != "credit":
            unit.kind = "credit"


def _names_an_agency(credit: str, rules: Rules) -> bool:
    """ "Photo by Jane Doe / Getty Images": a credit naming the agency of one picture."""
    parts = [p.strip(" ()[]").casefold() for p in re.split(r"[/|,]| via ", credit)]
    return any(part in rules.agencies for part in parts[1:])


def _ends_the_text(units: list[Unit], index: int) -> bool:
    """True when no paragraph of prose follows before the end of the file or the next
    heading of a block of links: the line signs off the text above it."""
    for unit in units[index + 1 :]:
        if unit.kind == "heading" or (unit.kind == "chrome" and unit.reason == "related-block"):
            return True
        if is_prose(unit):
            return False
    return True


def _unit_above(units: list[Unit], index: int) -> Unit | None:
    for above in reversed(units[max(0, index - 3) : index]):
        if above.kind != "chrome" or above.words > 4:
            return above
    return None


def _captions(above: Unit, credit: str, rules: Rules) -> bool:
    """True when the unit above a credit line is the caption of that picture: a describing line
    ending a sentence, or any describing line over a credit that names a photo or an agency."""
    names_photo = bool(_PHOTO_WORD.search(credit)) or any(
        part.casefold() in rules.agencies for part in re.split(r"[\s/|,]+", credit)
    )
    if above.kind == "stamp":
        # "Oleshky, June 8, 2023" over "Name / Reuters / Scanpix": a place and a day
        return "/" in credit and not dates_label(above.text)
    return (
        is_caption_shaped(above)
        and (above.ends_sentence or names_photo)
        and not (above.words > 60 and above.ends_sentence)  # a paragraph, not a caption
    )


# A credit that names a photo outright: a line above it may be a caption without a full stop.
_PHOTO_WORD = re.compile(
    r"\b(?:photo|photos|photograph|photographer|images?|screenshot|getty|pool|via)\b", re.I
)


# --- blocks of links and repeated labels ------------------------------------------------------


def drop_trailing_block(units: list[Unit]) -> None:
    """Drop a trailing Related / Most Popular / Read more block to the end of the file, and
    the headlines under such a heading in mid-article."""
    for index, unit in enumerate(units):
        if unit.kind != "heading":
            continue
        # Measured in prose: a block of links is short lines, the article is paragraphs.
        before = sum(len(u.text) for u in units[:index] if is_prose(u))
        after = sum(len(u.text) for u in units[index + 1 :] if is_prose(u))
        if before == 0:
            # Above the article: the lines under it may be the headline itself.
            _drop(unit, "chrome:navigation")
        elif after * 3 <= before and not _article_resumes(units, index):
            for later in units[index:]:
                if later.kind not in ("chrome", "credit", "figure-credit"):
                    _drop(later, "related-block")
            return
        else:
            _drop(unit, "related-teaser")
            _drop_headlines_under(units, index)


def _article_resumes(units: list[Unit], index: int) -> bool:
    """True when two paragraphs of prose follow each other after the heading's headlines:
    the heading was a box inside the article, which goes on below it."""
    following = [u for u in units[index + 1 :] if u.kind not in ("chrome", "figure", "credit")]
    for first, second in zip(following, following[1:], strict=False):
        if is_prose(first):
            return is_prose(second)
    return False


def _drop_headlines_under(units: list[Unit], index: int) -> None:
    """Drop the teaser headlines listed under a heading, up to the next prose paragraph."""
    for later in units[index + 1 : index + 12]:
        if later.kind == "chrome":
            continue
        if later.kind == "figure" or not (is_headline_shaped(later) or is_short_label(later)):
            break
        _drop(later, "related-teaser")


def drop_repeated_short_lines(units: list[Unit]) -> None:
    """Drop short labels repeated three or more times (ad slots, share buttons)."""
    counts: dict[str, int] = {}
    for unit in units:
        if unit.kind == "text" and is_short_label(unit):
            counts[key(unit.text)] = counts.get(key(unit.text), 0) + 1
    for unit in units:
        if unit.kind == "text" and is_short_label(unit) and counts.get(key(unit.text), 0) >= 3:
            _drop(unit, "chrome:repeated")


# --- where the article is --------------------------------------------------------------------


_NOT_COUNTED = frozenset({"figure", "figure-credit", "credit", "stamp", "byline"})


def body_span(units: list[Unit]) -> tuple[int | None, int | None]:
    """Indexes of the first and last prose paragraph that belong to the article's run of
    prose (a lone sentence among labels, such as a newsletter pitch, does not anchor it)."""
    # Distance is counted in lines that interrupt reading (labels, links, teasers, chrome);
    # pictures, credits, bylines and stamps between two paragraphs do not count.
    counted = [i for i, u in enumerate(units) if u.kind not in _NOT_COUNTED]
    rank = {i: n for n, i in enumerate(counted)}
    seen: set[str] = set()
    prose = []
    for i in counted:
        if is_prose(units[i]) and (key := _dedupe_key(units[i].text)) not in seen:
            prose.append(i)  # a repeated paragraph does not stretch the article
            seen.add(key)
    if not prose:
        return None, None
    if len(prose) == 1:
        return prose[0], prose[0]

    def anchored(i: int, j: int) -> bool:
        return abs(rank[j] - rank[i]) <= ANCHOR_GAP or units[i].words >= 40

    start = next((i for n, i in enumerate(prose[:-1]) if anchored(i, prose[n + 1])), prose[0])
    end = next(
        (i for n, i in reversed(list(enumerate(prose))) if n and anchored(i, prose[n - 1])),
        prose[-1],
    )
    return start, _closing_lines(units, max(start, end))


CLOSING_LINES = 4  # short lines after the last long paragraph that may still close the article


def _closing_lines(units: list[Unit], end: int) -> int:
    """Stretch the body's end over the short sentences that close an article right after its
    last long paragraph ("Closing arguments are expected Wednesday."), and a subheading
    right above one of them. A copy of an earlier line closes nothing (it is dropped as a
    duplicate)."""
    seen = 0
    index = end + 1
    earlier: set[str] | None = None
    while index < len(units) and seen < CLOSING_LINES:
        unit = units[index]
        if unit.kind in _NOT_COUNTED:
            index += 1
            continue
        if unit.kind != "text":
            break
        seen += 1
        if earlier is None:
            earlier = {_dedupe_key(u.text) for u in units[:index] if u.kind == "text"}
        if _dedupe_key(unit.text) in earlier:
            index += 1
            continue
        if unit.ends_sentence and unit.words >= 3:
            end = index
        elif not (is_headline_shaped(unit) and unit.words <= 8):
            break
        index += 1
    return end


# --- the top: headline, standfirst, byline, furniture ----------------------------------------


def choose_title_and_dek(
    article: CleanedArticle, units: list[Unit], header: dict[str, str], start: int
) -> int:
    """Pick the headline among the lines above the article's prose, take the lines between it
    and the prose as standfirst, and drop whatever stands above it as furniture. Returns where
    the body starts (after a standfirst written in sentences, when a byline or date follows)."""
    article.dek = header.get("dek") or header.get("summary", "")
    title_at = None
    if header.get("title"):
        article.title = header["title"]
        article.title_generated = header.get("title-generated", "").lower() in ("yes", "true")
    else:
        title_at = _find_headline(units, start)
        if title_at is not None:
            title_at = _headline_of_the_head(units, title_at, start)
        else:
            title_at = _headline_in_sentences(units, start)
        if title_at is not None:
            units[title_at].kind = "title"
            article.title = units[title_at].text
            start = _end_of_head(units, title_at, start)
    first_after = (title_at + 1) if title_at is not None else 0
    sentence_dek_seen = False
    for index in range(start):
        unit = units[index]
        if unit.kind != "text":
            continue
        if title_at is not None and index < title_at:
            _drop(unit, "chrome:top-furniture")
        elif title_at is None and not is_short_label(unit):
            continue  # no headline on the page: a line above the prose may be its lede
        elif index >= first_after and _leads_into_prose(units, index, start):
            continue  # the article's short first paragraph, right above the prose
        elif index >= first_after and is_prose(unit) and _below_the_head(units, first_after, index):
            continue  # a paragraph under the byline and date and picture: the article's lede
        elif (
            index >= first_after
            and unit.words >= HEADLINE_WORDS
            and not _is_name_line(unit)
            and not sentence_dek_seen
        ):
            unit.kind = "dek"
            sentence_dek_seen = unit.ends_sentence
            if not article.dek:
                article.dek = unit.text
        elif sentence_dek_seen and unit.ends_sentence:
            continue  # a second sentence under the standfirst: the article has begun
        else:
            _drop(unit, "chrome:top-furniture")
    return start


def _below_the_head(units: list[Unit], first: int, index: int) -> bool:
    """True when a byline or date line and then a picture stand between the headline and the
    unit: the head of the article is over, and what follows is its text."""
    kinds = [u.kind for u in units[first:index]]
    head = next((i for i, k in enumerate(kinds) if k in ("byline", "stamp")), None)
    return head is not None and "figure" in kinds[head:]


def _leads_into_prose(units: list[Unit], index: int, start: int) -> bool:
    """True for a sentence right above the prose with nothing between (no byline, date, picture
    or label): the article's short first paragraph rather than a standfirst."""
    unit = units[index]
    return (
        unit.ends_sentence
        and all(u.kind in ("text", "dek") for u in units[index + 1 : start])
        and not any(u.kind == "text" and not u.ends_sentence for u in units[index + 1 : start])
    )


# The head of an article (headline, standfirst, byline, date) holds at most this many lines of
# standfirst between the headline and its byline or date, none longer than a short paragraph.
HEAD_LINES = 5
HEAD_LINE_WORDS = 60
HEAD_SENTENCE_LINES = 2  # a standfirst is one or two sentences; a third line is the article


def _end_of_head(units: list[Unit], title_at: int, start: int) -> int:
    """Move the body's start past a byline or date line that closely follows the headline:
    sentences between the two are the standfirst, not the article."""
    text_lines, sentence_lines, head_end = 0, 0, None
    for index in range(title_at + 1, len(units)):
        unit = units[index]
        if unit.kind in ("byline", "stamp") or (unit.kind == "text" and _is_name_line(unit)):
            head_end = index
        elif unit.kind == "text":
            text_lines += 1
            sentence_lines += unit.ends_sentence
            if (
                text_lines > HEAD_LINES
                or sentence_lines > HEAD_SENTENCE_LINES
                or unit.words > HEAD_LINE_WORDS
            ):
                break
    if head_end is None or head_end < start:
        return start
    after = [i for i in range(head_end + 1, len(units)) if is_prose(units[i])]
    return after[0] if after else start


def _find_headline(units: list[Unit], start: int) -> int | None:
    """The headline above the prose: the headline-shaped line that best shares the article's
    vocabulary, is long enough not to be a label, and is neither a masthead in capitals nor a
    breadcrumb or site title ("Home » World", "Outlet - breaking news")."""
    vocabulary = _vocabulary(units)
    fallback, fallback_score = None, 0.0
    sentence_above = False
    for index in range(start):
        unit = units[index]
        question_after_prose = sentence_above and unit.ends_sentence
        sentence_above = sentence_above or (unit.kind == "text" and unit.ends_sentence)
        if not _may_be_headline(unit) or question_after_prose:
            continue
        cohesion = _cohesion(unit, vocabulary)
        if unit.words >= GOOD_HEADLINE_WORDS and cohesion >= GOOD_HEADLINE_COHESION:
            if index and _title_case_headline_over(units[index - 1], unit):
                return index - 1  # "Forecast Tops Estimates as ..." over its standfirst
            return index  # the first good one: a standfirst follows its headline
        score = 2 * cohesion + (1.0 if unit.words >= 6 else 0.0)
        if score > fallback_score:
            fallback, fallback_score = index, score
    return fallback if fallback_score >= 1.0 else None


SENTENCE_HEADLINE_WORDS = 25


def _headline_in_sentences(units: list[Unit], start: int) -> int | None:
    """A headline written in sentences ("X happened. Here's what it means.") reads as prose.
    When no line above the prose is a headline, the first line of four words or more is the
    headline if the article's byline or date line follows it right away (or, for a line in
    Title Case, right after its standfirst)."""
    first = next(
        (
            i
            for i in range(start + 1)
            if units[i].kind == "text" and units[i].words >= HEADLINE_WORDS
        ),
        None,
    )
    if first is None:
        return None
    unit = units[first]
    if (
        unit.words > SENTENCE_HEADLINE_WORDS
        or not (unit.text[0].isupper() or unit.text[0] in "\"“‘'")
        or _SITE_TITLE.search(unit.text)
        or _FULL_DATE.search(unit.text)
        or _is_name_line(unit)
        or unit.text.casefold().startswith("by ")  # "By foreign affairs reporter Jane Doe"
    ):
        return None
    following = [u for u in units[first + 1 : first + 1 + HEAD_LINES] if u.kind != "chrome"]
    heads = [i for i, u in enumerate(following) if u.kind in ("byline", "stamp")]
    if not heads or not any(is_prose(u) for u in units[first + 1 + heads[0] :]):
        return None
    if heads[0] == 0 or (
        _title_cased(unit.text) and all(u.kind == "text" for u in following[: heads[0]])
    ):
        return first
    return None


def _headline_of_the_head(units: list[Unit], chosen: int, start: int) -> int:
    """Prefer the headline that heads the byline or date line over a ticker, a teaser or a wire
    flash above it: a line sharing its run of lines with navigation labels ("Breaking", menu
    items), or one of a run of all-capital alerts, gives way to the first headline-shaped line
    of the run of lines that holds the article's byline or date line."""
    head = next((i for i in range(chosen + 1, start) if units[i].kind in ("byline", "stamp")), None)
    if head is None:
        return chosen
    unit = units[chosen]
    in_navigation = unit.block != units[head].block and any(
        u.kind == "chrome" for u in units if u.block == unit.block
    )
    if not (in_navigation or _is_wire_flash(units, chosen)):
        return chosen
    first = (
        next(i for i in range(chosen + 1, head + 1) if units[i].block == units[head].block)
        if in_navigation
        else chosen + 1
    )
    for index in range(first, head):
        if units[index].kind == "text" and _may_be_headline(units[index]):
            return index if not units[index].text.isupper() else chosen
        if units[index].kind == "text" and units[index].ends_sentence:
            break  # a standfirst: the headline was above it
    return chosen


def _is_wire_flash(units: list[Unit], index: int) -> bool:
    """An all-capital alert line next to another one: a wire service's flash, not the story's
    headline."""
    if not units[index].text.isupper():
        return False
    neighbours = [units[i] for i in (index - 1, index + 1) if 0 <= i < len(units)]
    return any(u.text.isupper() and u.words >= HEADLINE_WORDS for u in neighbours)


_SMALL_WORDS = frozenset(("a", "an", "the", "of", "to", "as", "in", "on", "for", "and", "at", "by"))


def _title_case_headline_over(above: Unit, unit: Unit) -> bool:
    """A headline in Title Case (small words in lower case) right over a line in sentence case:
    the Title Case line is the headline, the other its standfirst."""
    return (
        above.kind == "text"
        and above.block == unit.block
        and _may_be_headline(above)
        and _title_cased(above.text)
        and any(w in _SMALL_WORDS for w in above.text.split())
        and not _title_cased(unit.text)
    )


def _may_be_headline(unit: Unit) -> bool:
    if unit.kind == "text":
        headline, stamp, _labels = split_headline_stamp(unit.text)
        if stamp:  # a headline glued to its date stamp is judged without it
            unit = Unit(headline, block=unit.block)
    return (
        is_headline_shaped(unit)
        and unit.words >= HEADLINE_WORDS
        and not _is_name_line(unit)
        and not _SITE_TITLE.search(unit.text)
        and not (unit.text.isupper() and unit.words <= 6)
        and not _FULL_DATE.search(unit.text)
        and not _ROLE_BYLINE.match(unit.text)
    )


# A byline naming the writer's beat before the name: "By foreign affairs reporter Jane Doe".
_ROLE_BYLINE = re.compile(
    r"^by (?:our |the )?(?:[a-z-]+ ){0,3}(?:reporter|correspondent|editor|writer|journalist"
    r"|columnist|staff)s?\b",
    re.I,
)


# A full date with its year: a date line, never a headline.
_FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+(?:19|20)\d\d\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b",
    re.I,
)


# Breadcrumbs and site titles: "Home » Japan » Disaster", "NATIONAL / Noto quake",
# "Outlet - International breaking news", "Outlet | Home".
_SITE_TITLE = re.compile(r"[»›>]|\s/\s|^\S+(?:\s\S+){0,2}\s[-|–]\s|\s[-|]\s\S+(?:\s\S+)?$")


_NAME_LINE = re.compile(
    r"^(?:[A-Z][\w'’.-]+)(?:\s+(?:[A-Z][\w'’.-]+|and|&|in|with|de|van|von|al|el|bin|,))*$"
)


def _is_name_line(unit: Unit) -> bool:
    """A byline without "By": capitalised names joined by "and"/"in" ("Jane Doe in Cairo")."""
    text = unit.text.replace(",", " ,")
    if unit.words > 12 or not _NAME_LINE.match(text):
        return False
    capitals = [w for w in text.split() if w[:1].isupper()]
    joins = [w for w in text.split() if w in ("and", "&", "in", "with", ",")]
    return (
        len(capitals) >= 2
        and (bool(joins) or len(capitals) <= 3)
        and unit.words <= 12
        and (not any(w.isupper() and len(w) > 3 for w in capitals) or bool(joins))
        and _looks_like_names(capitals)
    )


def _looks_like_names(capitals: list[str]) -> bool:
    # Headlines in Title Case carry verbs and function words in capitals ("Says", "Over",
    # "After"); names rarely do. A short list of such words keeps those out.
    return not any(w.casefold().strip(".,") in _TITLE_CASE_WORDS for w in capitals)


_TITLE_CASE_WORDS = frozenset(
    (
        "says",
        "said",
        "say",
        "after",
        "over",
        "amid",
        "as",
        "at",
        "for",
        "from",
        "on",
        "of",
        "to",
        "the",
        "a",
        "an",
        "with",
        "is",
        "are",
        "was",
        "were",
        "be",
        "will",
        "new",
        "vs",
        "how",
        "why",
        "what",
        "who",
        "when",
        "where",
        "could",
        "would",
        "should",
        "may",
        "can",
    )
)


def choose_title_without_body(
    article: CleanedArticle, units: list[Unit], header: dict[str, str]
) -> None:
    """No paragraph reads as prose: take a headline only when it opens the file."""
    article.dek = header.get("dek") or header.get("summary", "")
    if header.get("title"):
        article.title = header["title"]
        article.title_generated = header.get("title-generated", "").lower() in ("yes", "true")
        return
    texts = [u for u in units if u.kind == "text"]
    if len(texts) >= 2 and is_headline_shaped(texts[0]):
        texts[0].kind = "title"
        article.title = texts[0].text


# A site's date strip opens the page, above its masthead and navigation: one of the first
# lines, with at least this many lines of furniture between it and the headline.
SITE_STRIP_FIRST_LINES = 2
SITE_STRIP_FURNITURE = 3
OWN_STAMP_LINES = 8  # the article's own date line stands this close under its headline


def drop_site_date_strip(units: list[Unit]) -> None:
    """An unlabelled date line at the very top of the page, above the masthead and navigation
    ("Sunday, September 10, 2023"), is the day the page was viewed, not the article's date:
    dropped when the article has its own date line under its headline."""
    title_at = next((i for i, u in enumerate(units) if u.kind == "title"), None)
    if title_at is None:
        return
    own = any(
        u.kind == "stamp" or (u.kind == "byline" and u.stamp)
        for u in units[title_at + 1 : title_at + 1 + OWN_STAMP_LINES]
    )
    if not own:
        return
    for index, unit in enumerate(units[: min(title_at, SITE_STRIP_FIRST_LINES)]):
        furniture = sum(1 for u in units[index + 1 : title_at] if u.kind == "chrome")
        labelled = bool(dates_label(unit.text))
        if unit.kind == "stamp" and not labelled and furniture >= SITE_STRIP_FURNITURE:
            _drop(unit, "chrome:site-date")


# --- between and below the paragraphs --------------------------------------------------------


def _vocabulary(units: list[Unit]) -> set[str]:
    # One search over the lines joined: a word never runs across the line break.
    prose = "\n".join(u.text for u in units if is_prose(u) or u.kind in ("dek", "entry-heading"))
    return set(map(str.casefold, _WORD.findall(prose))) - _STOPWORDS


def _cohesion(unit: Unit, vocabulary: set[str]) -> float:
    """Share of a line's content words that the article's prose also uses."""
    found = [w for w in map(str.casefold, _WORD.findall(unit.text)) if w not in _STOPWORDS]
    if not found:
        return 1.0
    return sum(1 for w in found if w in vocabulary) / len(found)


def drop_teasers(units: list[Unit], start: int, end: int) -> None:
    """Drop headlines of other stories placed between the paragraphs: runs of two or more
    headline-shaped lines, or one long one, that share little vocabulary with the article."""
    vocabulary = _vocabulary(units)
    index = start
    while index <= end:
        run = []
        while index <= end and (units[index].kind in _PASSED_OVER or _teaser_shaped(units[index])):
            if units[index].kind == "text":
                run.append(units[index])
            index += 1
        if len(run) >= 2:
            mean = sum(_cohesion(u, vocabulary) for u in run) / len(run)
            if mean < TEASER_RUN_COHESION:
                for unit in run:
                    _drop(unit, "related-teaser")
        elif (
            run
            and run[0].words >= TEASER_SINGLE_WORDS
            and _cohesion(run[0], vocabulary) < TEASER_SINGLE_COHESION
        ):
            _drop(run[0], "related-teaser")
        index += 1


# Lines a run of teasers may stand between without ending it.
_PASSED_OVER = frozenset({"chrome", "byline", "stamp", "credit", "figure-credit"})


def _teaser_shaped(unit: Unit) -> bool:
    # A question is a subheading ("What happens next?"), never a teaser.
    return is_headline_shaped(unit) and unit.words >= HEADLINE_WORDS and not unit.ends_sentence


# The author's biography closing a page: "Jane Doe is a staff writer at The Outlet, where she
# covers ...", "Jane Doe covers the courts for The Outlet."
_AUTHOR_BIO = re.compile(
    r"^[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,3}"
    r"(?: (?:is|was) (?:an? |the )?(?:[\w-]+ ){0,3}(?:writer|reporter|correspondent|editor|"
    r"journalist|columnist|contributor|producer|photographer)s?\b[^.]{0,80}?\b(?:at|for|with|of) "
    r"| (?:covers|writes about|reports on) .{3,120} (?:for|at) )(?:the )?[A-Z]"
)


# "Jane Doe is the Outlet's Europe correspondent, based in Brussels."
_AUTHOR_BIO_OUTLET = re.compile(
    r"^[A-Z][\w.’'-]+(?: [A-Z][\w.’'-]+){1,3} (?:is|was) "
    r"(?:the )?[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3}[’']s (?:[\w-]+ ){0,3}"
    r"(?:writer|reporter|correspondent|editor|journalist|columnist"
    r"|contributor|producer|photographer)s?\b"
)


def mark_dated_names(units: list[Unit]) -> None:
    """A line of names right over a date line ("Jane Doe" over "June 4, 2024") is a byline,
    wherever it stands."""
    for unit, below in zip(units, units[1:], strict=False):
        if unit.kind == "text" and below.kind == "stamp" and _is_name_line(unit):
            unit.kind, unit.names = "byline", unit.text


def drop_author_bios(units: list[Unit]) -> None:
    """Sentences about the author below the article's last paragraph are a byline: a
    sentence of that shape inside the article (a reporter in the news) is left alone."""
    bios = [
        i
        for i, u in enumerate(units)
        if u.kind == "text" and (_AUTHOR_BIO.match(u.text) or _AUTHOR_BIO_OUTLET.match(u.text))
    ]
    if not bios:
        return
    last = max((i for i, u in enumerate(units) if is_prose(u) and i not in bios), default=-1)
    for index in bios:
        if index > last:
            units[index].kind, units[index].names = "byline", ""


def drop_bottom_furniture(units: list[Unit], end: int) -> None:
    """Below the last paragraph of prose: keep short closing sentences that follow it
    directly; drop labels and headlines (a ticker, tags, teasers, a masthead), and the listed
    headlines under a dropped label ("ALSO TODAY" over "- Headline", "- Headline")."""
    previous = None
    seen = {_dedupe_key(u.text) for u in units[: end + 1] if u.kind == "text"}
    for index in range(end + 1, len(units)):
        unit = units[index]
        if unit.kind == "text" and is_prose(unit):
            seen.add(_dedupe_key(unit.text))
        if (
            unit.kind != "text"
            or BOUNDARY_INSIDE.search(unit.text)
            or _heads_prose(units, index, seen)
        ):
            previous = unit  # more than one sentence (a paragraph that lost its full stop), or
            continue  # the subheading of a paragraph below
        listed = (
            previous is not None
            and previous.kind == "chrome"
            and _BULLET.match(unit.text)
            and is_headline_shaped(Unit(_BULLET.sub("", unit.text)))
        )
        if not unit.ends_sentence and (is_headline_shaped(unit) or is_short_label(unit) or listed):
            _drop(unit, "chrome:bottom-furniture")
        previous = unit


_BULLET = re.compile(r"^[-*•·–]\s+")


def _heads_prose(units: list[Unit], index: int, seen: set[str]) -> bool:
    """A headline over a new paragraph of the article (past a source link or other chrome):
    the subheading of that paragraph, not a teaser of another story. A repeated paragraph
    (`seen` above) is dropped as a copy, so a headline over it heads nothing."""
    unit = units[index]
    if not is_headline_shaped(unit) or unit.words < HEADLINE_WORDS:
        return False
    following = next((u for u in units[index + 1 :] if u.kind != "chrome"), None)
    return (
        following is not None
        and is_prose(following)
        and following.words >= SUBHEADED_PARAGRAPH_WORDS
        and _dedupe_key(following.text) not in seen
    )


SUBHEADED_PARAGRAPH_WORDS = 25


MASTHEAD_LINES = 3  # the site's name is among the first lines of the page
MASTHEAD_WORDS = 4


def drop_site_blurbs(units: list[Unit], end: int) -> None:
    """Below the article, past the furniture that closes it, a sentence opening with the site's
    own name (the masthead at the top of the page) describes the site ("Outlet has been
    covering ... since", "Outlet values your comments"), not the story."""
    masthead = next(
        (
            u.text.casefold()
            for u in units[:MASTHEAD_LINES]
            if u.reason == "chrome:top-furniture" and u.words <= MASTHEAD_WORDS
        ),
        None,
    )
    if not masthead:
        return
    furniture = False
    for unit in units[end + 1 :]:
        if unit.kind == "chrome":
            furniture = True
        elif furniture and unit.kind == "text" and unit.text.casefold().startswith(masthead + " "):
            _drop(unit, "chrome:site-blurb")


# A sentence ending inside a line, followed by another sentence.
BOUNDARY_INSIDE = re.compile(r"[a-z0-9)][.!?][\"'”’]?\s+\S")


def drop_duplicates(article: CleanedArticle, units: list[Unit]) -> None:
    """Keep the first copy of a repeated paragraph or caption. A caption repeated right above
    its picture's captioned copy ("Caption." over "Caption. AP Photo/Name", an image's alt text
    over its caption) is the same caption: the copy with the credit is kept as the figure."""
    seen: dict[str, int | None] = {}
    if article.title and not article.title_generated:
        seen[_dedupe_key(article.title)] = None
    if article.dek:
        seen[_dedupe_key(article.dek)] = None
    for index, unit in enumerate(units):
        if unit.kind in ("title", "dek"):
            continue
        if unit.kind == "figure" and unit.figure:
            dedupe = _dedupe_key(unit.figure.caption)
        elif unit.kind in ("text", "entry-heading"):  # both are kept as paragraphs
            dedupe = _dedupe_key(unit.text)
        else:
            continue
        if dedupe not in seen:
            seen[dedupe] = index
            continue
        first = seen[dedupe]
        if (
            unit.kind == "figure"
            and first is not None
            and units[first].kind == "text"
            and index - first <= CAPTION_REPEAT_GAP
        ):
            _drop(units[first], "duplicate")
            seen[dedupe] = index
        else:
            _drop(unit, "duplicate")


CAPTION_REPEAT_GAP = 2  # a caption's bare copy stands right above it (a credit line between)


def _dedupe_key(text: str) -> str:
    return " ".join(text.casefold().split())
