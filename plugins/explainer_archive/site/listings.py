"""An actor's or topic's articles in pages numbered from the oldest end.

Page 1 holds the oldest `size` articles, page 2 the next, and so on: a numbered page never
changes once it is full, as long as the new articles are newer than it (an article with
neither a date nor an estimate goes to the oldest end, and moves every page).  The entity's own
page (its URL) shows the newest articles, `size` to `2 * size - 1` of them; when they reach
`2 * size`, their oldest `size` become the next numbered page.  So one new article, dated
among the newest, changes the entity's own page only (and, once in `size` articles, the
last numbered page, whose "newer" link then points at the page after it).

The order (listing_order_key): the articles with neither a date nor an estimate first, then
oldest first, an estimated article at the start of its estimate; ties by slug.  At the
newest end, the undated would fill the own page in an archive where many are, and hide the
newest dated articles.  A page names its range by the dates of its first and last placed
article, never by "n of N", which would change every page with each new article.

Numbered pages take their URLs from Pelican's PAGINATION_PATTERNS: the rule for the
highest page numbers, formatted with the page's number (`actors/<slug>/page/1/` with the
project's patterns).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..derive.timexes import format_value_human
from ..settings import numbered_pages_rule

# Articles of a topic's "most relevant" block on its own page, best match first (topic.html
# shows them when the topic has more).
RELEVANT_SHOWN = 10


@dataclass(frozen=True)
class ListingPage:
    """One page of an entity's articles.  `number` is None for the entity's own page (the
    newest articles); `articles` are oldest first."""

    number: int | None
    url: str
    save_as: str
    articles: tuple

    @property
    def dated(self) -> tuple:
        """The articles placed by a date or an estimate, oldest first."""
        return tuple(a for a in self.articles if placed_at(a))

    @property
    def first_date(self) -> str | None:
        """Where the oldest placed article stands, as readers read it (None: none is)."""
        return human_date(placed_at(self.dated[0])) if self.dated else None

    @property
    def last_date(self) -> str | None:
        return human_date(placed_at(self.dated[-1])) if self.dated else None

    @property
    def undated(self) -> tuple:
        return tuple(a for a in self.articles if not placed_at(a))

    @property
    def newest_first(self) -> tuple:
        """The page's articles newest first, the undated last (the own page's order)."""
        return self.dated[::-1] + self.undated

    @property
    def oldest_first(self) -> tuple:
        """The page's articles in listing order: the undated, then oldest first."""
        return self.undated + self.dated


@dataclass(frozen=True)
class Listing:
    """An entity's articles in pages: `numbered` oldest first, then `own`."""

    numbered: tuple
    own: ListingPage

    @property
    def pages(self) -> tuple:
        return (*self.numbered, self.own)

    def older(self, page: ListingPage) -> ListingPage | None:
        """The page before this one (older articles), or None for page 1."""
        index = self.pages.index(page)
        return self.pages[index - 1] if index else None

    def newer(self, page: ListingPage) -> ListingPage | None:
        """The page after this one (newer articles: the next numbered page or the own
        page), or None for the own page."""
        index = self.pages.index(page)
        return self.pages[index + 1] if index + 1 < len(self.pages) else None


def listing_order_key(article) -> tuple:
    """Neither date nor estimate first, then oldest first (an estimated article at the
    start of its estimate), ties by slug."""
    when = placed_at(article)
    return (when is not None, when or "", article.slug)


def placed_at(article) -> str | None:
    """Where an article stands in a listing: its date, else the start of its estimate."""
    return article.date_value or getattr(article, "listing_date", None)


def human_date(value: str) -> str:
    """A date value as readers read it: "11 June 2024", "June 2024", "2024"."""
    return format_value_human(value, {1: "year", 2: "month"}.get(len(value.split("-")), "day"))


def numbered_pattern(settings: dict) -> tuple[str, str] | None:
    """(URL, SAVE_AS) patterns of numbered pages: the PAGINATION_PATTERNS rule with the
    highest minimum page (None when there is no rule)."""
    rule = numbered_pages_rule(settings)
    return None if rule is None else (rule[1], rule[2])


def page_place(pattern: tuple[str, str], url: str, save_as: str, number: int) -> tuple[str, str]:
    """A numbered page's URL and file name, as Pelican's Page formats them."""
    name, extension = os.path.splitext(save_as)
    folder, file_name = os.path.split(save_as)
    values = {
        "save_as": save_as,
        "url": url,
        "name": name,
        "base_name": folder if file_name in ("index.htm", "index.html") else name,
        "extension": extension,
        "number": number,
    }
    return tuple(text.format(**values).removeprefix("/") for text in pattern)


def split_pages(count: int, size: int | None) -> int:
    """How many numbered pages `count` articles fill at `size` a page: the own page keeps
    the newest `size` to `2 * size - 1` (all of them without a size)."""
    if not size or count < 2 * size:
        return 0
    return count // size - 1


def build_listing(articles, size: int | None, url: str, save_as: str, settings: dict) -> Listing:
    """An entity's articles (any order) in pages numbered from the oldest end."""
    ordered = tuple(sorted(articles, key=listing_order_key))
    pattern = numbered_pattern(settings)
    numbered_count = split_pages(len(ordered), size) if pattern else 0
    numbered = []
    for index in range(numbered_count):
        page_url, page_save_as = page_place(pattern, url, save_as, index + 1)
        chunk = ordered[index * size : (index + 1) * size]
        numbered.append(ListingPage(index + 1, page_url, page_save_as, chunk))
    own = ListingPage(None, url, save_as, ordered[numbered_count * (size or 0) :])
    return Listing(tuple(numbered), own)
