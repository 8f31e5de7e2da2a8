"""Atom feeds: the whole archive, and one per actor and per topic.

Feeds carry dated articles only: an entry needs a date, and an article whose date is
unknown is never given one (it stays on the site's article list, marked "Date unknown").
A feed with no entry (an actor or topic seen only in undated articles) is still written,
for its subscribers, and its `updated` is the archive's newest dated article (the Unix
epoch when no article has a date), never the build's clock: the same input gives the same
bytes.
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


EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


class ArchiveFeed(Atom1Feed):
    """An Atom feed whose `updated`, when it has no entry, is the given instant (feedgenerator
    would give the current time)."""

    def __init__(self, *args, quiet_updated: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.quiet_updated = quiet_updated

    def latest_post_date(self) -> dt.datetime:
        return super().latest_post_date() if self.items else self.quiet_updated


def newest_date(articles) -> dt.datetime:
    """The newest dated article's date (UTC), or the epoch when none has a date."""
    dates = [a.date.astimezone(dt.UTC) for a in articles if a.date_known]
    return max(dates, default=EPOCH)


def build_feed(
    title: str, link: str, feed_url: str, articles, settings: dict, quiet_updated=EPOCH
) -> str:
    """An Atom document for the articles (dated ones, newest first); `quiet_updated` is its
    `updated` when none of them has a date."""
    site_url = settings.get("SITEURL", "")
    feed = ArchiveFeed(
        quiet_updated=quiet_updated,
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
    newest = newest_date(articles)
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
                f"{sitename}: {page.name}", page.url, path, page.article_list, settings, newest
            )
            write_text(output / path, feed)
