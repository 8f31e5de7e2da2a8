"""What a page shows of a list that grows with the archive: the first few items and a count.

A widely reported event has thousands of sources, and in an archive about one story a few
events and actors are in nearly every article.  A page that shows an event shows three (or
twelve) of its sources and says how many more there are; a topic page shows its twelve key
actors.  Walking the whole list on every page that shows it makes rendering quadratic in
the archive, so the few items and the counts are taken here, once per build, and the
templates read them by key (`event_sources_shown[event.id]`, `topic.key_actors`).
"""

from __future__ import annotations

import heapq

SOURCES_SHOWN = 12  # the most sources any page lists for one event (the chronology's)
KEY_ACTORS_SHOWN = 12  # the key actors a topic page lists


def resolved(keys, lookup: dict, limit: int) -> tuple[list, int]:
    """The first `limit` of `keys` that `lookup` knows (as its values), and how many it
    knows in all."""
    shown, count = [], 0
    for key in keys:
        page = lookup.get(key)
        if page is None:
            continue
        count += 1
        if len(shown) < limit:
            shown.append(page)
    return shown, count


def event_sources(events: list[dict], article_by_slug: dict, limit: int = SOURCES_SHOWN):
    """Event id → {"articles": its first `limit` published sources, "count": how many of
    its sources are published}: what `macros.event_sources` shows."""
    views = {}
    for event in events:
        shown, count = resolved(event.get("sources", []), article_by_slug, limit)
        views[event["id"]] = {"articles": shown, "count": count}
    return views


def key_actors(pairs, actor_by_slug: dict, limit: int = KEY_ACTORS_SHOWN) -> list[tuple]:
    """A topic's first `limit` actors that have a page, as (page, count): `pairs` is the
    topic's [actor slug, articles] list, most frequent first."""
    found = []
    for slug, count in pairs:
        page = actor_by_slug.get(slug)
        if page is not None:
            found.append((page, count))
            if len(found) == limit:
                break
    return found


def newest(keys, dates: dict, limit: int) -> list:
    """The `limit` newest of `keys` (dated ones newest first, then undated by key), without
    sorting all of them: the order of cooccurrence.tie_record's "articles"."""
    dated = heapq.nlargest(limit, (k for k in keys if dates.get(k)), key=lambda k: (dates[k], k))
    if len(dated) < limit:
        dated += heapq.nsmallest(limit - len(dated), (k for k in keys if not dates.get(k)))
    return dated
