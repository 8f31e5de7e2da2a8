"""Atom feeds: the whole archive, and one per actor and per topic.

Feeds carry dated articles only: an entry needs a date, and an article whose date is
unknown is never given one (it stays on the site's article list, marked "Date unknown").
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from feedgenerator import Atom1Feed

from .output import write_text

MAX_ENTRIES = 100


def absolute(site_url: str, path: str) -> str:
    """An absolute URL when SITEURL is absolute, else a root-relative one."""
    base = (site_url or "").rstrip("/")
    return f"{base}/{path.lstrip('/')}" if base else f"/{path.lstrip('/')}"


def build_feed(title: str, link: str, feed_url: str, articles, settings: dict) -> str:
    """An Atom document for the articles (dated ones, newest first)."""
    site_url = settings.get("SITEURL", "")
    feed = Atom1Feed(
        title=title,
        link=absolute(site_url, link),
        feed_url=absolute(site_url, feed_url),
        description=settings.get("EXPLAINER_SITE_DESCRIPTION", ""),
        language=settings.get("DEFAULT_LANG", "en"),
    )
    dated = [a for a in articles if a.date_known]
    dated.sort(key=lambda a: (a.date_value, a.slug), reverse=True)
    for article in dated[:MAX_ENTRIES]:
        when = article.date.astimezone(dt.UTC)
        feed.add_item(
            title=article.title,
            link=absolute(site_url, article.url),
            unique_id=absolute(site_url, article.url),
            description=article.summary,
            pubdate=when,
            updateddate=when,
        )
    return feed.writeString("utf-8")


def write_feeds(output: Path, articles, actor_pages, topic_pages, settings: dict) -> None:
    """Write every feed the settings ask for."""
    sitename = settings.get("SITENAME", "Archive")
    path = settings.get("EXPLAINER_FEED_ALL_ATOM")
    if path:
        write_text(output / path, build_feed(sitename, "", path, articles, settings))
    for pages, setting in ((actor_pages, "ACTOR_FEED_ATOM"), (topic_pages, "TOPIC_FEED_ATOM")):
        pattern = settings.get(setting)
        if not pattern:
            continue
        for page in pages:
            path = pattern.format(slug=page.slug)
            feed = build_feed(
                f"{sitename}: {page.name}", page.url, path, page.article_list, settings
            )
            write_text(output / path, feed)
