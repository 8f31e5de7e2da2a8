"""What each of the plugin's listing pages shows, by key: the page part of its page key.

An actor or topic page, or a page of a chronology month, is rendered only when its key
differs from the one the last finished build kept (or its file is gone), as Pelican's
article pages are (site/article_pages.py).  The key is the build-wide part of the page's
template (settings, templates, code, the plain context names it reads) and the page part
made here: the page's name and what it shows, by key.

- An actor's or topic's own page (its newest articles, site/listings.py): the entity
  without its full lists (articles, events, quotes, matches), their lengths, the rows of
  the articles it lists (with a topic's match of each), its older neighbour, every
  numbered page (number, URL, date range, size), the latest events as the article pages
  see them, its first quotes, its chart, its ties or key actors, and a topic's most
  relevant articles.
- A numbered page (older articles, oldest first): only the entity's name, slug, URL and
  kind, the rows of its articles, and its neighbours and page 1 by number and URL.  The
  templates show nothing else on a numbered page, so a new article that does not land on
  it leaves its key, and its bytes, as they were.
- A page of a chronology period: the period and its neighbours, its pagination, and each
  of its events as the article pages see them (sources, mentions, quotes, actors, topics).

So one new article re-renders the pages of its actors, its topics and its events' periods
(a listing's own page, not its numbered pages, unless the article is older than the own
page's articles), not every page of the archive.
"""

from __future__ import annotations

from .article_pages import event_view, loose_plain, short_event_view
from .listings import RELEVANT_SHOWN
from .unchanged import key_json

# An entity's lists that grow with the archive: a page shows a part of each (and its length).
LISTED = ("articles", "events", "quotes", "matches")
LATEST_EVENTS = 20  # macros.latest_events shows this many of an actor's or topic's events
QUOTES_SHOWN = 10  # actor.html shows this many quotes
# Template names whose values the page part covers (see PageKeys.build_part).
LISTING_NAMES = frozenset(
    {
        "actor",
        "topic",
        "period",
        "page_name",
        "articles_page",
        "articles_paginator",
        "articles_previous_page",
        "articles_next_page",
        "listing",
        "listing_older",
        "listing_newer",
        "listing_pages",
        "listing_first",
    }
)


def article_row(article) -> list:
    """An article as a listing shows it (macros.article_list_item, article_date)."""
    return [
        article.slug,
        article.title,
        article.url,
        article.date_known,
        article.date_value,
        getattr(article, "listing_date", None),
        article.date_display,
        article.date_basis,
        article.date_note,
        article.title_generated,
    ]


def pagination_view(paginator, page) -> list:
    """A page's place in its listing (pagination.html): the URLs follow from the settings."""
    return [
        paginator.name,
        paginator.url,
        paginator.count,
        paginator.num_pages,
        page.number,
        page.start_index(),
        page.end_index(),
    ]


def entity_view(entity) -> dict:
    """An actor or topic without its full lists, with their lengths."""
    data = getattr(entity, "data", {})
    return {
        "name": entity.name,
        "slug": entity.slug,
        "url": entity.url,
        "data": {k: v for k, v in data.items() if k not in LISTED},
        "lengths": [len(data.get(k) or []) for k in LISTED],
        "listed": [len(entity.article_list), len(entity.events)],
    }


def quote_source_view(quote: dict, context: dict) -> list:
    """An actor page's quote: the quote, its article's title, URL and date, the links of
    its first events into the chronology."""
    source = (context.get("article_by_slug") or {}).get(quote.get("article"))
    urls = context.get("event_urls") or {}
    return [
        quote,
        [source.title, source.url, source.date_display] if source is not None else None,
        [urls.get(e) for e in (quote.get("events") or [])[:3]],
    ]


def first_page_view(entity, kind: str, context: dict) -> dict:
    """What only the first page of an actor or topic shows."""
    view = {
        "events": [short_event_view(e, context) for e in entity.events[-LATEST_EVENTS:]],
        "chart": entity.coverage_chart,
    }
    if kind == "actor":
        quotes = entity.data.get("quotes") or []
        view["quotes"] = [quote_source_view(q, context) for q in quotes[:QUOTES_SHOWN]]
        view["ties"] = entity.ties
    else:
        view["key_actors"] = [[a.name, a.url, n] for a, n in getattr(entity, "key_actors", [])]
    return view


def listing_page_view(page) -> list | None:
    """A page as another page links it: its number and URL (the own page: no number)."""
    return None if page is None else [page.number, page.url]


def numbered_page_view(page) -> list:
    """A numbered page as the own page lists it: number, URL, date range, size."""
    return [page.number, page.url, page.first_date, page.last_date, len(page.articles)]


def numbered_entity_view(entity, kind: str) -> list:
    """What a numbered page shows of its actor or topic."""
    kind_label = entity.data.get("kind") if kind == "actor" else None
    return [entity.name, entity.slug, entity.url, kind_label]


def listing_part(kind: str, entity, listing, page, context: dict) -> str:
    """The page part of the key of one page of an actor's or topic's articles."""
    matches = entity.data.get("matches") or {}
    view = {
        "name": page.save_as,
        "number": page.number,
        "articles": [[article_row(a), matches.get(a.slug)] for a in page.articles],
        "older": listing_page_view(listing.older(page)),
        "newer": listing_page_view(listing.newer(page)),
        "first_page": listing_page_view(listing.pages[0]),
    }
    if page.number is None:
        view["entity"] = entity_view(entity)
        view["first"] = first_page_view(entity, kind, context)
        view["numbered"] = [numbered_page_view(p) for p in listing.numbered]
        if kind == "topic":
            relevant = entity.article_list[:RELEVANT_SHOWN]
            view["relevant"] = [[article_row(a), matches.get(a.slug)] for a in relevant]
    else:
        view["entity"] = numbered_entity_view(entity, kind)
    return key_json(view, default=loose_plain)


def period_part(name: str, period: dict, paginator, page, context: dict) -> str:
    """The page part of the key of one page of a chronology period."""
    view = {
        "name": name,
        "period": {k: period.get(k) for k in ("period", "year", "url", "next", "previous")},
        "events": len(period["events"]),
        "pagination": pagination_view(paginator, page),
        "shown": [event_view(e, context) for e in page.object_list],
    }
    return key_json(view, default=loose_plain)


def redirect_part(name: str, period: dict) -> str:
    """The page part of a period's redirect to its place on the chronology page."""
    view = {"name": name, "period": {k: period.get(k) for k in ("period", "year", "url")}}
    return key_json(view)
