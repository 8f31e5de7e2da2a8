"""Quotes on pages (issue 25): what an article page shows of quotes is part of its page key
(site/article_pages.py), and an event shows a bounded number of its quotes (site/shown.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pelican.plugins.explainer_archive.site import article_pages, shown
from pelican.plugins.explainer_archive.site.generators import Actor
from pelican.settings import DEFAULT_CONFIG

SETTINGS = {
    **DEFAULT_CONFIG,
    "ACTOR_URL": "actors/{slug}/",
    "ACTOR_SAVE_AS": "actors/{slug}/index.html",
}


def actor(name: str, slug: str) -> Actor:
    page = Actor(name, SETTINGS)
    page.slug = slug
    return page


def quote(text: str, speaker: str | None, article: str = "a", events=()) -> dict:
    return {
        "speaker": speaker,
        "speaker_name": None,
        "kind": "direct",
        "text": text,
        "article": article,
        "date": "2024-06-11",
        "start": 0,
        "end": len(text),
        "basis": "after",
        "events": list(events),
    }


EVENT = {"id": "e1", "date": "2024-06-11", "text": "The dam broke.", "actors": [], "topics": []}
OWN = quote("We will rebuild the town.", "mayor", events=["e1"])
OTHER = quote("The water is still rising.", "governor", article="b", events=["e2"])


def page_part(quotes, actors, event_quotes) -> str:
    article = SimpleNamespace(
        title="The dam", url="articles/a/", save_as="articles/a/index.html", quotes=quotes
    )
    article.events = [EVENT]
    context = {"actor_by_slug": actors, "event_quotes": event_quotes}
    return article_pages.article_part(article, context)


BASE = ([OWN], {"mayor": actor("Jane Roe", "mayor")}, {"e1": [OWN]})


@pytest.mark.parametrize(
    ("changed", "differs"),
    [
        # The speaker's page is renamed: the page shows the new name.
        (([OWN], {"mayor": actor("Jane Q. Roe", "mayor")}, {"e1": [OWN]}), True),
        # The speaker has no page any more: the page shows the quote without a link.
        (([OWN], {}, {"e1": [OWN]}), True),
        # The article's quote is read differently.
        (([{**OWN, "kind": "mixed"}], BASE[1], {"e1": [OWN]}), True),
        # One of its events gains a quote from another article: the page shows its events
        # in short (macros.event_item, full=False), without their quotes.
        (([OWN], BASE[1], {"e1": [OWN, {**OTHER, "events": ["e1"]}]}), False),
        # A quote of another article and event: not on this page.
        (([OWN], BASE[1], {"e1": [OWN], "e2": [OTHER]}), False),
        # Another actor's page changes: not on this page.
        (([OWN], {**BASE[1], "governor": actor("John Doe", "governor")}, {"e1": [OWN]}), False),
    ],
)
def test_an_article_page_key_covers_the_quotes_it_shows(changed, differs):
    assert (page_part(*changed) != page_part(*BASE)) == differs


def test_an_unnamed_source_has_no_speaker_page():
    unnamed = quote("Nobody warned us.", None)
    assert article_pages.quote_view(unnamed, BASE[1]) == [unnamed, None]


def test_an_event_shows_its_first_quotes_only():
    quotes = [quote(f"Quote number {i} of the event.", "mayor", events=["e1"]) for i in range(5)]
    quotes.append(OTHER)
    views = shown.event_quotes(quotes)
    assert views == {"e1": quotes[: shown.QUOTES_SHOWN], "e2": [OTHER]}
    assert shown.event_quotes(quotes, limit=1)["e1"] == quotes[:1]
