"""The machine-readable export under data/ (see the README's data contract).

UTF-8 JSON, pretty-printed with sorted keys and lists in a stable order, so the same input
gives byte-identical files.  Paths and URLs are relative to the site root.
"""

from __future__ import annotations

import json
from pathlib import Path

from .output import write_if_changed


def write_text(path: Path, text: str) -> bool:
    """Write a UTF-8 file with Unix line ends, creating folders as needed, unless it already
    holds these bytes (then it keeps its modification time); True when it was written.

    Not atomic per file on purpose: a release is made atomic as a whole folder (see the
    README, "Publishing atomically"), and a temp file plus rename per page doubles the
    file-system work of a 10,000-article build.
    """
    return write_if_changed(Path(path), text)


def dump_json(data) -> str:
    """The project's one JSON style: sorted keys, two-space indent, real UTF-8."""
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def article_order_key(article) -> tuple:
    """Oldest first (an estimated article at its estimate), undated last, then slug."""
    when = article.date_value or getattr(article, "listing_date", None)
    return (when is None, when or "", article.slug)


def article_record(article) -> dict:
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
    """Figures for the landing page: counts and the covered date range."""
    dated = sorted(a.date_value for a in articles if a.date_value)
    return {
        "articles": len(articles),
        "undated": sum(1 for a in articles if not a.date_value and not a.date_range),
        "estimated": sum(1 for a in articles if a.date_range),
        "actors": len(archive.actors),
        "topics": len(archive.topics),
        "events": len(archive.events),
        "first_date": dated[0] if dated else None,
        "last_date": dated[-1] if dated else None,
    }


DATA_FILES = (
    "articles.json",
    "actors.json",
    "topics.json",
    "chronology.json",
    "timeline.json",
    "quotes.json",
)


def _by_name(records: list[dict], context: dict, kind: str) -> list[dict]:
    """Actor or topic records by name, without their private fields, with their page URL."""
    urls = {p.slug: p.url for p in context.get(f"{kind}_pages", [])}
    items = []
    for record in sorted(records, key=lambda r: (r["name"].lower(), r["slug"])):
        item = {k: v for k, v in record.items() if not k.startswith("_")}
        item["url"] = urls.get(record["slug"], "")
        items.append(item)
    return items


def write_data(folder: Path, articles, archive, context: dict, settings: dict) -> list[Path]:
    """Write data/articles.json, actors.json, topics.json, chronology.json, timeline.json
    and the charts' data, cooccurrence.json and coverage.json (each only when its bytes
    change); returns their paths."""
    from .charts import write_chart_data  # charts draws on export's writers

    records = [article_record(a) for a in sorted(articles, key=article_order_key)]
    write_text(folder / "articles.json", dump_json(records))
    write_text(folder / "actors.json", dump_json(_by_name(archive.actors, context, "actor")))
    write_text(folder / "topics.json", dump_json(_by_name(archive.topics, context, "topic")))
    write_text(folder / "chronology.json", dump_json(archive.events))
    write_text(folder / "timeline.json", dump_json(archive.timeline or {"events": []}))
    write_text(folder / "quotes.json", dump_json(getattr(archive, "quotes", [])))
    return [folder / name for name in DATA_FILES] + write_chart_data(folder, archive)
