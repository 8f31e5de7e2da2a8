"""Pelican glue: prepare the read articles, run the archive stage, write the extra pages.

Thin on purpose: the text logic lives in clean/annotate/actors/topics/chronology; this
module only moves plain results onto Pelican objects and writes files.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from pathlib import Path

from pelican.generators import Generator
from pelican.urlwrappers import URLWrapper

from .. import pipeline
from ..records import ArticleDate, CleanedArticle
from ..slugs import unique_slugs
from ..text import render
from . import charts, export, feeds, sitemap
from .report import BuildReport

logger = logging.getLogger("explainer_archive")

REPORT_KEY = "_EXPLAINER_REPORT"  # per-run state, removed again when the run ends
# Single pages listed in the sitemap besides articles, actors and topics.
PAGE_URL_SETTINGS = (
    "INDEX_SAVE_AS",
    "ARCHIVES_URL",
    "CHRONOLOGY_URL",
    "ACTORS_URL",
    "TOPICS_URL",
    "SEARCH_URL",
)


class CachedURLWrapper(URLWrapper):
    """A URLWrapper whose URLs are computed once: templates ask for them thousands of
    times, and the slug never changes after the archive stage."""

    @functools.cached_property
    def url(self):
        return self._from_settings("URL")

    @functools.cached_property
    def save_as(self):
        return self._from_settings("SAVE_AS")

    @functools.cached_property
    def page_name(self):
        return self._from_settings("URL", get_page_name=True)


class Actor(CachedURLWrapper):
    """An actor page; its URLs come from ACTOR_URL / ACTOR_SAVE_AS."""


class Topic(CachedURLWrapper):
    """A topic page; its URLs come from TOPIC_URL / TOPIC_SAVE_AS."""


def report_for(settings: dict) -> BuildReport:
    """The report of the current run (created on first use)."""
    if REPORT_KEY not in settings:
        settings[REPORT_KEY] = BuildReport()
    return settings[REPORT_KEY]


def count_raw_files(settings: dict) -> int:
    """How many raw .txt files lie under ARTICLE_PATHS (what the build was given)."""
    content = Path(settings["PATH"])
    total = 0
    for folder in settings.get("ARTICLE_PATHS", [""]):
        base = content / folder
        if base.is_file():
            total += base.suffix == ".txt"
            continue
        for _root, _dirs, files in os.walk(base):
            total += sum(1 for name in files if name.endswith(".txt"))
    return total


def body_fingerprint(cleaned: CleanedArticle) -> str:
    """A hash of the normalised body, to recognise the same article saved twice."""
    words = " ".join(" ".join(cleaned.paragraphs).lower().split())
    return hashlib.sha1(words.encode("utf-8")).hexdigest()


def article_sort_key(article) -> tuple:
    """Newest first, undated last (the reader gives them the earliest sort date), then slug."""
    return (-article.date.toordinal(), article.slug)


def prepare_articles(generator) -> None:
    """Before Pelican groups the articles: report warnings, drop non-articles and
    duplicates (with a warning each), give every article a unique slug, order them."""
    settings = generator.settings
    report = report_for(settings)
    report.raw_files = count_raw_files(settings)
    published = []
    for article in sorted(generator.articles, key=lambda a: a.explainer["cleaned"]["source"]):
        info = article.explainer
        cleaned = CleanedArticle.from_dict(info["cleaned"])
        for message in cleaned.warnings:
            report.warn(cleaned.source, message)
        if not cleaned.paragraphs:
            report.warn(cleaned.source, "not published: no article body was found in it")
            continue
        published.append((article, cleaned))

    kept = {}
    for article, cleaned in published:
        key = body_fingerprint(cleaned)
        if key in kept:
            first = kept[key]
            first.source_files.append(cleaned.source)
            report.warn(
                cleaned.source,
                f"same article as {first.source_files[0]}: published once, both sources listed",
            )
            continue
        article.source_files = [cleaned.source]
        kept[key] = article
    articles = list(kept.values())

    slugs = unique_slugs((a.source_files[0], a.slug) for a in articles)
    for article in articles:
        article.slug = slugs[article.source_files[0]]
        # Pelican's own override_* attributes: the URL is fixed now, and computing it
        # anew on every use costs more than rendering the page.
        article.override_url = article.url
        article.override_save_as = article.save_as
        decorate_article(article, settings)
    articles.sort(key=article_sort_key)
    generator.articles = articles
    report.articles_written = len(articles)


def decorate_article(article, settings: dict) -> None:
    """Copy the reader's plain results onto the article for the templates."""
    from ..derive.timexes import format_value_human

    info = article.explainer
    cleaned = info["cleaned"]
    value = info["date_value"]
    article.date_value = value
    article.date_basis = info["date_basis"]
    article.date_note = info["date_note"]
    article.date_known = value is not None
    if value is None:
        article.date_display = "Date unknown"
    else:
        granularity = {1: "year", 2: "month", 3: "day"}[len(value.split("-"))]
        article.date_display = format_value_human(value, granularity)
    article.dek = cleaned["dek"]
    article.figures = cleaned["figures"]
    article.byline = cleaned["byline"]
    article.credits = cleaned["credits"]
    article.stamps = cleaned["stamps"]
    article.title_generated = cleaned["title_generated"]
    article.words = sum(len(p.split()) for p in cleaned["paragraphs"])
    article.markdown_url = settings["ARTICLE_MARKDOWN_URL"].format(slug=article.slug)
    article.markdown_save_as = settings["ARTICLE_MARKDOWN_SAVE_AS"].format(slug=article.slug)
    article.actor_pages = []
    article.topic_pages = []
    article.events = []


def chronology_tree(events: list[dict]) -> list[dict]:
    """Events (oldest first) grouped as years → months → days, each level keeping the
    events known only to that precision: [{"year", "events", "months": [{"month",
    "events", "days": [{"day", "events"}]}]}]."""
    years: dict[str, dict] = {}
    for event in events:
        date = event["date"]
        year = years.setdefault(date[:4], {"year": date[:4], "events": [], "months": {}})
        if len(date) == 4:
            year["events"].append(event)
            continue
        month = year["months"].setdefault(date[:7], {"month": date[:7], "events": [], "days": {}})
        if len(date) == 7:
            month["events"].append(event)
        else:
            month["days"].setdefault(date, {"day": date, "events": []})["events"].append(event)
    tree = []
    for year in sorted(years.values(), key=lambda y: y["year"]):
        months = []
        for month in sorted(year["months"].values(), key=lambda m: m["month"]):
            month["days"] = sorted(month["days"].values(), key=lambda d: d["day"])
            months.append(month)
        year["months"] = months
        tree.append(year)
    return tree


def articles_by_year(articles) -> list[dict]:
    """Dated articles grouped by year, in the order given (newest first): [{"year", "articles"}]."""
    groups: dict[str, list] = {}
    for article in articles:
        if article.date_known:
            groups.setdefault(article.date_value[:4], []).append(article)
    return [{"year": year, "articles": items} for year, items in groups.items()]


class ExplainerGenerator(Generator):
    """Runs the archive-wide stage and writes actor, topic and chronology pages, the
    cleaned Markdown files, the data export and the feeds."""

    def generate_context(self):
        articles = list(self.context.get("articles", []))
        report = report_for(self.settings)
        config = pipeline.ArchiveConfig(
            model_name=self.settings["EXPLAINER_SPACY_MODEL"],
            batch_size=self.settings["EXPLAINER_BATCH_SIZE"],
            n_process=self.settings["EXPLAINER_N_PROCESS"],
            cache_path=Path(self.settings["EXPLAINER_CACHE_DIR"])
            / self.settings["EXPLAINER_CACHE_NAME"],
            actor_rules_path=self.settings["EXPLAINER_ACTOR_RULES"],
            topics_path=self.settings["EXPLAINER_TOPICS"],
            site_name=self.settings.get("SITENAME", ""),
            site_description=self.settings.get("EXPLAINER_SITE_DESCRIPTION", ""),
            article_url=self.settings["ARTICLE_URL"],
        )
        records = [
            pipeline.ArchiveArticle(
                key=a.slug,
                title=a.title,
                date_value=a.date_value,
                date_basis=a.date_basis,
                date_note=a.date_note,
                cleaned=CleanedArticle.from_dict(a.explainer["cleaned"]),
            )
            for a in articles
        ]
        archive = pipeline.build_archive(records, config)
        report.annotation = archive.stats.get("annotation", {})
        for message in archive.stats.get("warnings", []):
            source, _, text = message.partition(": ")
            report.warn(source, text)
        if archive.uncovered_phrases:
            report.notes.append(
                "explainer: frequent key phrases no topic covers (articles): "
                + ", ".join(f"{p} ({n})" for p, n in archive.uncovered_phrases)
            )
        self.archive = archive
        self.actor_pages = self._wrap(Actor, archive.actors)
        self.topic_pages = self._wrap(Topic, archive.topics)
        by_actor = {page.slug: page for page in self.actor_pages}
        by_topic = {page.slug: page for page in self.topic_pages}
        by_event = {event["id"]: event for event in archive.events}
        by_article = {a.slug: a for a in articles}
        for article in articles:
            article.actor_pages = [
                by_actor[s] for s in archive.article_actors.get(article.slug, [])
            ]
            article.topic_pages = [
                by_topic[s] for s in archive.article_topics.get(article.slug, [])
            ]
            article.events = [by_event[e] for e in archive.article_events.get(article.slug, [])]
        for page in self.actor_pages + self.topic_pages:
            page.article_list = [
                by_article[s] for s in page.data.get("articles", []) if s in by_article
            ]
            page.events = [by_event[e] for e in page.data.get("events", []) if e in by_event]
        self.context["actor_pages"] = self.actor_pages
        self.context["topic_pages"] = self.topic_pages
        self.context["events"] = archive.events
        self.context["article_by_slug"] = by_article
        self.context["actor_by_slug"] = by_actor
        self.context["topic_by_slug"] = by_topic
        self.context["archive_stats"] = export.archive_stats(articles, archive)
        # Groupings the templates show, made here in one pass each: grouping in Jinja
        # loops over every event per day heading, which is quadratic in the archive.
        self.context["chronology_years"] = chronology_tree(archive.events)
        self.context["articles_by_year"] = articles_by_year(articles)
        self.context["undated_articles"] = [a for a in articles if not a.date_known]
        charts.add_to_context(self.context, archive)

    def _wrap(self, cls, records):
        pages = []
        for record in records:
            page = cls(record["name"], self.settings)
            page.slug = record["slug"]
            page.data = record
            pages.append(page)
        return pages

    def generate_output(self, writer):
        relative = self.settings.get("RELATIVE_URLS", False)
        for name, pages in (("actor", self.actor_pages), ("topic", self.topic_pages)):
            template = self.get_template(name)
            for page in pages:
                writer.write_file(
                    page.save_as,
                    template,
                    self.context,
                    relative,
                    page_name=page.page_name,
                    url=page.url,
                    **{name: page},
                )
        for name in ("actors", "topics", "chronology"):
            writer.write_file(
                self.settings[f"{name.upper()}_SAVE_AS"],
                self.get_template(name),
                self.context,
                relative,
                page_name=name,
                url=self.settings[f"{name.upper()}_URL"],
            )
        output = Path(self.output_path)
        articles = self.context.get("articles", [])
        for article in articles:
            export.write_text(output / article.markdown_save_as, cleaned_markdown(article))
        export.write_data(
            output / self.settings["EXPLAINER_DATA_PATH"],
            articles,
            self.archive,
            self.context,
            self.settings,
        )
        pages = [self.settings.get(name) for name in PAGE_URL_SETTINGS]
        pages += [a.url for a in articles] + [p.url for p in self.actor_pages + self.topic_pages]
        sitemap.write_sitemap(output, self.settings, pages)
        if self.settings.get("EXPLAINER_FEEDS"):
            feeds.write_feeds(output, articles, self.actor_pages, self.topic_pages, self.settings)


def cleaned_markdown(article) -> str:
    """The cleaned Markdown document of an article, with its final slug in the header."""
    when = ArticleDate(article.date_value, article.date_basis, article.date_note)
    cleaned = CleanedArticle.from_dict(article.explainer["cleaned"])
    return render.render_markdown_document(cleaned, when, slug=article.slug)
