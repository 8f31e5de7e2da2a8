"""Page data: the merged archive shaped into what actor and topic pages (and the export's
actors.json and topics.json) show."""

from __future__ import annotations


def actor_pages(actors: list[dict], dates: dict[str, str | None], events: list[dict]):
    """Actor pages' data, most prominent first: the merged actor, its articles newest
    first, its first and last dates, and its events."""
    events_of: dict[str, list[str]] = {}
    for event in events:
        for slug in event["actors"]:
            events_of.setdefault(slug, []).append(event["id"])
    pages = []
    for actor in actors:
        known = sorted(d for d in (dates.get(k) for k in actor["articles"]) if d)
        pages.append(
            {
                **actor,
                "articles": newest_first(actor["articles"], dates),
                "first_date": known[0] if known else None,
                "last_date": known[-1] if known else None,
                "events": events_of.get(actor["slug"], []),
            }
        )
    pages.sort(key=lambda p: (-p["prominence"], p["name"].lower(), p["slug"]))
    return pages


def newest_first(keys, dates: dict[str, str | None]) -> list[str]:
    """Article slugs, newest first, undated last, ties by slug."""
    dated = sorted((k for k in keys if dates.get(k)), key=lambda k: (dates[k], k), reverse=True)
    undated = sorted(k for k in keys if not dates.get(k))
    return dated + undated


def topic_pages(topics: list[dict], article_actors: dict[str, list[str]], events: list[dict]):
    """Topic pages' data (the archive's topic order): the topic, its articles best match
    first with their scores, key sentences and the phrases that put them there, its ten
    most frequent actors, its events; a discovered topic says so and lists its key phrases."""
    pages = []
    for topic in topics:
        matches = topic["matches"]
        actor_counts: dict[str, int] = {}
        for _score, key, _sentences, _phrases in matches:
            for slug in article_actors.get(key, []):
                actor_counts[slug] = actor_counts.get(slug, 0) + 1
        top_actors = sorted(actor_counts.items(), key=lambda p: (-p[1], p[0]))[:10]
        discovered = (
            {"discovered": topic["discovered"], "phrases": topic["phrases"]}
            if "discovered" in topic
            else {}
        )
        pages.append(
            {
                "slug": topic["slug"],
                "name": topic["name"],
                "description": topic["description"],
                **discovered,
                "articles": [key for _score, key, _s, _p in matches],
                "matches": {
                    key: {"score": round(score, 3), "sentences": sentences, "phrases": phrases}
                    for score, key, sentences, phrases in matches
                },
                "actors": [list(p) for p in top_actors],
                "events": [e["id"] for e in events if topic["slug"] in e["topics"]],
            }
        )
    return pages
