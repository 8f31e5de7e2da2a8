"""The machine-readable export under data/ (see docs/data-export.md).

UTF-8 JSON, pretty-printed with sorted keys and lists in a stable order, so the same input
gives byte-identical files.  Paths and URLs are relative to the site root.
"""

from __future__ import annotations

from pathlib import Path

from .charts import write_chart_data
from .output import dump_json, write_if_changed, write_json_list


def article_order_key(article) -> tuple:
    """Oldest first (an estimated article at its estimate), undated last, then slug."""
    when = article.date_value or getattr(article, "listing_date", None)
    return (when is None, when or "", article.slug)


def article_json(article) -> dict:
    """One object of data/articles.json."""
    return {
        "slug": article.slug,
        "title": article.title,
        "url": article.url,
        "markdown": article.markdown_url,
        "source_file": article.source_files[0],
        "source_files": list(article.source_files),
        "date": article.date_value,
        "date_basis": article.date_basis,
        "date_note": article.date_note,
        "date_range": article.date_range,
        "title_generated": article.title_generated,
        "byline": article.byline,
        "credits": list(article.credits),
        "figures": [dict(f) for f in article.figures],
        "actors": [page.slug for page in article.actor_pages],
        "topics": [page.slug for page in article.topic_pages],
        "events": [event["id"] for event in article.events],
        "words": article.words,
    }


def archive_stats(articles, archive) -> dict:
    """Figures for the landing page: counts, the covered date range, and the stated dates
    and estimated ranges it is made from (site/frontpage.py puts them in words)."""
    dated = sorted(a.date_value for a in articles if a.date_value)
    ranges = [list(a.date_range) for a in articles if a.date_range]
    return {
        "articles": len(articles),
        "dated": len(dated),
        "undated": sum(1 for a in articles if not a.date_value and not a.date_range),
        "estimated": len(ranges),
        "actors": len(archive.actors),
        "topics": len(archive.topics),
        "events": len(archive.events),
        "first_date": dated[0] if dated else None,
        "last_date": dated[-1] if dated else None,
        "stated_dates": [dated[0], dated[-1]] if dated else [],
        "estimated_ranges": ranges,
    }


DATA_FILES = (
    "articles.json",
    "actors.json",
    "topics.json",
    "chronology.json",
    "timeline.json",
    "quotes.json",
)


def _by_name(page_data: list[dict], context: dict, kind: str) -> list[dict]:
    """Actors' or topics' page data by name, without private fields, with their page URL."""
    urls = {p.slug: p.url for p in context.get(f"{kind}_pages", [])}
    items = []
    for data in sorted(page_data, key=lambda r: (r["name"].lower(), r["slug"])):
        item = {k: v for k, v in data.items() if not k.startswith("_")}
        item["url"] = urls.get(data["slug"], "")
        items.append(item)
    return items


def write_data(folder: Path, articles, archive, context: dict, settings: dict) -> list[Path]:
    """Write data/articles.json, actors.json, topics.json, chronology.json, timeline.json,
    quotes.json and the charts' data, cooccurrence.json and coverage.json (each only when its bytes
    change); returns their paths."""
    entries = [article_json(a) for a in sorted(articles, key=article_order_key)]
    write_if_changed(folder / "articles.json", dump_json(entries))
    actors = [page.data for page in context.get("actor_pages", [])]
    topics = [page.data for page in context.get("topic_pages", [])]
    write_if_changed(folder / "actors.json", dump_json(_by_name(actors, context, "actor")))
    write_if_changed(folder / "topics.json", dump_json(_by_name(topics, context, "topic")))
    write_json_list(folder / "chronology.json", archive.events)
    write_if_changed(folder / "timeline.json", dump_json(archive.timeline or {"events": []}))
    write_json_list(folder / "quotes.json", archive.quotes)
    return [folder / name for name in DATA_FILES] + write_chart_data(folder, archive)
