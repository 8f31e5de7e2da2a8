"""Pelican glue: prepare the read articles, run the archive stage, write the extra pages.

Thin on purpose: the text logic lives in clean/annotate/actors/topics/chronology; this
module only moves plain results onto Pelican objects and writes files.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
from pathlib import Path

from pelican.generators import Generator
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper
from pelican.utils import get_relative_path, path_to_url

from ..archive import build as archive_stage
from ..collector import collector_paused
from ..derive.timexes import format_value_human
from ..fingerprints import code_fingerprint
from ..reader import authored_metadata, raw_files
from ..records import ArticleDate, CleanedArticle
from ..slugs import unique_slugs
from ..text import render
from . import (
    charts,
    entity_pages,
    export,
    feeds,
    frontpage,
    listings,
    page_data,
    shown,
    sitemap,
    unchanged,
)
from .article_pages import KEYS_KEY, PAGE_NAMES, PageKeys, keys_of, page_key
from .output import OutputManifest, PluginFiles, manifest_path, mark_incomplete, remove_stale
from .report import BuildReport

logger = logging.getLogger("explainer_archive")

REPORT_KEY = "_EXPLAINER_REPORT"  # per-run state, removed again when the run ends
# Context names the page part of a listing page's key covers (site/entity_pages.py).
KEYED_NAMES = PAGE_NAMES | entity_pages.LISTING_NAMES
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

    # Set by site/charts.add_to_context: makes this page's charts when a template first asks
    # for them, so a build that renders no actor or topic page never computes them.
    charts_of = None

    @functools.cached_property
    def coverage_chart(self):
        return self.charts_of("coverage") if self.charts_of else None

    @functools.cached_property
    def ties(self):
        return self.charts_of("ties") if self.charts_of else []


class Actor(CachedURLWrapper):
    """An actor page; its URLs come from ACTOR_URL / ACTOR_SAVE_AS."""


class Topic(CachedURLWrapper):
    """A topic page; its URLs come from TOPIC_URL / TOPIC_SAVE_AS."""


def report_for(settings: dict) -> BuildReport:
    """The report of the current run (created on first use)."""
    if REPORT_KEY not in settings:
        settings[REPORT_KEY] = BuildReport()
    return settings[REPORT_KEY]


def body_fingerprint(paragraphs: list[str]) -> str:
    """A hash of the normalised body, to recognise the same article saved twice."""
    words = " ".join(" ".join(paragraphs).lower().split())
    return hashlib.sha1(words.encode("utf-8")).hexdigest()


def article_sort_key(article) -> tuple:
    """Newest first, undated last (the reader gives them the earliest sort date), then slug."""
    return (-article.date.toordinal(), article.slug)


def content_hash(cleaned: dict) -> str:
    """A hash of what the reader made of a raw file, its path left out: the stable order
    of content that breaks ties between copies of one article."""
    data = {key: value for key, value in cleaned.items() if key != "source"}
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode("utf-8")).hexdigest()


def canonical_order_key(article) -> tuple:
    """Which copy of a duplicated article is published: the earliest-dated, then the
    smallest content hash.  A later arrival never overturns it unless it is dated earlier."""
    value = article.explainer["date_value"]
    return (
        value is None,
        value or "",
        content_hash(article.explainer["cleaned"]),
        source_of(article),
    )


def source_path(content, settings: dict) -> str:
    """A content file's path relative to PATH, as the raw reader names its sources."""
    return Path(os.path.relpath(content.source_path, settings.get("PATH", "."))).as_posix()


def adopt_authored_articles(articles, settings: dict) -> None:
    """Give the editor's own articles (Markdown, reStructuredText: read by Pelican, not by
    the raw reader) the plugin's metadata, so they are articles of the archive too."""
    for article in articles:
        if not hasattr(article, "explainer"):
            # _content: the body before Pelican links it (reading .content would freeze it).
            article.explainer = authored_metadata(
                source_path(article, settings),
                article.title,
                article._content,
                getattr(article, "date", None),
                article.metadata.get("summary", ""),
            )


def readable_articles(generator, report: BuildReport) -> list:
    """The articles that have a body (warnings reported), in source file order."""
    published = []
    for article in sorted(generator.articles, key=source_of):
        # The reader's plain record, read as it is (made into a CleanedArticle only for the
        # archive stage: at 10,000 articles that costs a second).
        cleaned = article.explainer["cleaned"]
        for message in cleaned.get("warnings", []):
            report.warn(cleaned["source"], message)
        if not cleaned.get("paragraphs"):
            report.warn(cleaned["source"], "not published: no article body was found in it")
            continue
        article.body_key = body_fingerprint(cleaned["paragraphs"])
        published.append(article)
    return published


def merge_duplicates(published: list, report: BuildReport) -> list:
    """One article per body: the canonical copy (canonical_order_key) lists every source,
    its own first; each other copy is reported."""
    groups: dict[str, list] = {}
    for article in published:
        groups.setdefault(article.body_key, []).append(article)
    articles = []
    for copies in groups.values():
        # A lone copy is its own canonical copy: its content hash is not needed.
        first, *others = sorted(copies, key=canonical_order_key) if len(copies) > 1 else copies
        first.source_files = [source_of(first)] + sorted(source_of(a) for a in others)
        for other in sorted(others, key=source_of):
            report.warn(
                source_of(other),
                f"same article as {source_of(first)}: published once, both sources listed",
            )
        articles.append(first)
    return articles


def source_of(article) -> str:
    return article.explainer["cleaned"]["source"]


def prepare_articles(generator) -> None:
    """Before Pelican groups the articles: report warnings, drop non-articles and
    duplicates (with a warning each), give every article a unique slug, order them."""
    settings = generator.settings
    report = report_for(settings)
    report.raw_files = len(raw_files(settings))
    adopt_authored_articles(generator.articles, settings)
    articles = merge_duplicates(readable_articles(generator, report), report)
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
    info = article.explainer
    cleaned = info["cleaned"]
    value = info["date_value"]
    article.date_value = value
    article.date_basis = info["date_basis"]
    article.date_note = info["date_note"]
    article.date_known = value is not None
    article.date_range = None  # set by apply_estimates for an estimated article
    article.listing_date = value
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
    article.quotes = []


def period_of(date: str) -> str:
    """The chronology page an event of this date is on: its month, or its year when the
    date is known only to the year.  Depends on the date alone, so it never moves."""
    return date[:7] if len(date) >= 7 else date[:4]


def chronology_periods(events: list[dict]) -> list[dict]:
    """Events (oldest first) grouped by period, each period's events in page order:
    [{"period", "year", "events"}], periods oldest first."""
    periods: dict[str, list[dict]] = {}
    for event in events:
        periods.setdefault(period_of(event["date"]), []).append(event)
    return [
        {"period": period, "year": period[:4], "events": items}
        for period, items in sorted(periods.items())
    ]


KEY_EVENTS = 3  # events per month the chronology page names once months have pages


def key_events(events: list[dict], limit: int = KEY_EVENTS) -> list[dict]:
    """A period's most reported events (most sources first, then oldest), in date order."""
    ranked = sorted(events, key=lambda e: (-len(e.get("sources", [])), e["date"], e["id"]))
    return sorted(ranked[:limit], key=lambda e: (e["date"], e["id"]))


def fits_one_page(settings: dict, events: list[dict]) -> bool:
    """True while every dated event fits the chronology's page budget (its page size in
    PAGINATED_TEMPLATES): the chronology page then lists them all, with no month pages."""
    budget = settings.get("PAGINATED_TEMPLATES", {}).get("chronology")
    return not budget or len(events) <= budget


def chronology_index(periods: list[dict]) -> list[dict]:
    """The chronology's index: years, each with its own page (events known only to the
    year) and its months: [{"year", "page", "months": [period, …]}]."""
    years: dict[str, dict] = {}
    for period in periods:
        year = years.setdefault(
            period["year"], {"year": period["year"], "page": None, "months": []}
        )
        if len(period["period"]) == 4:
            year["page"] = period
        else:
            year["months"].append(period)
    return list(years.values())


def apply_estimates(articles, estimates: dict[str, dict]) -> None:
    """Give undated articles their estimated range (archive.build.Archive.estimates): basis
    "estimated", the note naming the evidence, "Estimated: …" shown; the stated date stays
    unknown (feeds and `date` leave them out)."""
    for article in articles:
        estimate = estimates.get(article.slug)
        if estimate is None or article.date_known:
            continue
        article.date_basis = "estimated"
        article.date_note = estimate["note"]
        article.date_range = list(estimate["range"])
        article.date_display = f"Estimated: {estimate['label']}"
        article.listing_date = estimate["range"][0] or estimate["range"][1]


KIND_ORDER = ("person", "organization", "place")


def actors_by_kind(actor_pages) -> list:
    """Actors grouped as the actor index shows them (people, organizations, places,
    others), most prominent first within each group."""

    def rank(page):
        kind = page.data.get("kind")
        return KIND_ORDER.index(kind) if kind in KIND_ORDER else len(KIND_ORDER)

    return sorted(actor_pages, key=rank)


def page_size(settings: dict, template: str) -> int | None:
    """Items per page of a listing: PAGINATED_TEMPLATES, else DEFAULT_PAGINATION (None:
    one page)."""
    per_page = settings.get("PAGINATED_TEMPLATES", {}).get(template) or settings.get(
        "DEFAULT_PAGINATION"
    )
    return per_page or None


def paginate(settings: dict, template: str, save_as: str, url: str, items: list):
    """Pelican's Paginator for a listing, with the page size of PAGINATED_TEMPLATES."""
    return Paginator(save_as, url, items, settings, page_size(settings, template))


def pages_of(paginator) -> list:
    return [paginator.page(number) for number in range(1, paginator.num_pages + 1)]


def archive_jump_links(settings: dict, articles) -> list[dict]:
    """The archive's year index: each year (and "Date unknown") with the page it starts on."""
    save_as, url = settings.get("ARCHIVES_SAVE_AS"), settings.get("ARCHIVES_URL", "")
    if not save_as:
        return []
    paginator = paginate(settings, "archives", save_as, url, list(articles))
    links: dict[str, dict] = {}
    for page in pages_of(paginator):
        for article in page.object_list:
            key = article.listing_date[:4] if article.listing_date else "undated"
            links.setdefault(key, {"year": key, "url": page.url, "anchor": f"year-{key}"})
    if "undated" in links:
        links["undated"]["anchor"] = "undated"
    return list(links.values())


def archive_config(settings: dict) -> archive_stage.ArchiveConfig:
    """What the archive-wide stage needs from the settings."""
    return archive_stage.ArchiveConfig(
        model_name=settings["EXPLAINER_SPACY_MODEL"],
        batch_size=settings["EXPLAINER_BATCH_SIZE"],
        n_process=settings["EXPLAINER_N_PROCESS"],
        dask_scheduler=settings["EXPLAINER_DASK_SCHEDULER"],
        dask_connect_timeout=settings["EXPLAINER_DASK_CONNECT_TIMEOUT"],
        cache_path=Path(settings["EXPLAINER_CACHE_DIR"]) / settings["EXPLAINER_CACHE_NAME"],
        actor_rules_path=settings["EXPLAINER_ACTOR_RULES"],
        topics_path=settings["EXPLAINER_TOPICS"],
        site_name=settings.get("SITENAME", ""),
        site_description=settings.get("EXPLAINER_SITE_DESCRIPTION", ""),
        article_url=settings["ARTICLE_URL"],
        discover_topics=settings["EXPLAINER_DISCOVER_TOPICS"],
        discovered_path=settings["EXPLAINER_DISCOVERED_TOPICS"],
        rediscover_topics=settings["EXPLAINER_REDISCOVER_TOPICS"],
    )


def archive_article(article) -> archive_stage.ArchiveArticle:
    """A Pelican article as the archive-wide stage sees it (plain data)."""
    return archive_stage.ArchiveArticle(
        key=article.slug,
        title=article.title,
        date_value=article.date_value,
        date_basis=article.date_basis,
        date_note=article.date_note,
        cleaned=CleanedArticle.from_dict(article.explainer["cleaned"]),
    )


def report_archive(report: BuildReport, archive) -> None:
    """The archive stage's counts, warnings, the key phrases no topic covers and the
    discovered topics, for the build's summary."""
    report.annotation = archive.stats.get("annotation", {})
    for message in archive.stats.get("warnings", []):
        source, _, text = message.partition(": ")
        report.warn(source, text)
    if archive.uncovered_phrases:
        report.notes.append(
            "explainer: frequent key phrases no topic covers (articles): "
            + ", ".join(f"{p} ({n})" for p, n in archive.uncovered_phrases)
        )
    if archive.discovery_note:
        report.notes.append(
            "explainer: discovered topics (slug (articles): phrases): " + archive.discovery_note
        )


class ExplainerGenerator(Generator):
    """Runs the archive-wide stage and writes actor, topic and chronology pages, the
    cleaned Markdown files, the data export and the feeds."""

    def generate_context(self):
        """Run the archive-wide stage over the articles read, then put what the pages show
        into the context: estimated dates, actor and topic pages, the links between pages,
        articles and events, the chronology's periods and the charts."""
        mark_incomplete(Path(self.output_path))  # until finish() has built the search index
        articles = list(self.context.get("articles", []))
        self.archive = archive_stage.build_archive(
            [archive_article(a) for a in articles], archive_config(self.settings)
        )
        # What the pages are made from (site/unchanged.py), for the article pages' writer too.
        self.page_keys().archive_key = self.archive.stats.get("state_key")
        self.place_estimated_articles(articles)
        report_archive(report_for(self.settings), self.archive)
        with collector_paused():  # plain page data, no cycles (collector.py)
            self.make_actor_and_topic_pages(articles)
            self.link_pages_articles_and_events(articles)
            self.add_listings(articles)

    def place_estimated_articles(self, articles) -> None:
        """Give undated articles their estimates; listings place an estimated article at its
        estimate (marked as such): Pelican's own lists are re-sorted in place, newest first,
        undated last, ties as Pelican had them."""
        apply_estimates(articles, self.archive.estimates)
        for listing in (articles, self.context.get("articles"), self.context.get("dates")):
            if listing:
                listing.sort(key=lambda a: a.listing_date or "", reverse=True)

    def make_actor_and_topic_pages(self, articles) -> None:
        archive = self.archive
        dates = {a.slug: a.date_value for a in articles}
        actor_data = page_data.actor_pages(archive.actors, dates, archive.events)
        topic_data = page_data.topic_pages(archive.topics, archive.article_actors, archive.events)
        self.actor_pages = self._wrap(Actor, actor_data)
        self.topic_pages = self._wrap(Topic, topic_data)
        self.context["actor_pages"] = self.actor_pages
        self.context["topic_pages"] = self.topic_pages

    def link_pages_articles_and_events(self, articles) -> None:
        """Each article's actor and topic pages and events; each actor and topic page's
        articles and events; and the lookups by slug the templates use."""
        archive = self.archive
        by_actor = {page.slug: page for page in self.actor_pages}
        by_topic = {page.slug: page for page in self.topic_pages}
        by_event = {event["id"]: event for event in archive.events}
        by_article = {a.slug: a for a in articles}
        quotes_of: dict[str, list[dict]] = {}  # article slug -> its quotes (derive/quotes.py)
        for quote in archive.quotes:
            quotes_of.setdefault(quote["article"], []).append(quote)
        for article in articles:
            article.actor_pages = [
                by_actor[s] for s in archive.article_actors.get(article.slug, [])
            ]
            article.topic_pages = [
                by_topic[s] for s in archive.article_topics.get(article.slug, [])
            ]
            article.events = [by_event[e] for e in archive.article_events.get(article.slug, [])]
            article.quotes = quotes_of.get(article.slug, [])
        for page in self.actor_pages + self.topic_pages:
            page.article_list = [
                by_article[s] for s in page.data.get("articles", []) if s in by_article
            ]
            page.events = [by_event[e] for e in page.data.get("events", []) if e in by_event]
        self.context["events"] = archive.events
        self.context["article_by_slug"] = by_article
        self.context["actor_by_slug"] = by_actor
        self.context["topic_by_slug"] = by_topic

    def add_listings(self, articles) -> None:
        """The landing page's figures, the chronology's periods and index, the archive's
        year links, the undated articles and the charts.  Groupings the templates show are
        made here in one pass each: grouping in Jinja loops over every event per day
        heading, which is quadratic in the archive."""
        stats = export.archive_stats(articles, self.archive)
        self.context["archive_stats"] = stats
        self.context["front_page"] = {
            "counts": frontpage.front_page_counts(stats, self.settings),
            "span": frontpage.span_sentence(stats),
            "undated": frontpage.undated_sentence(stats),
        }
        self.chronology = chronology_periods(self.archive.events)
        self.chronology_inline = fits_one_page(self.settings, self.archive.events)
        self.context["chronology_inline"] = self.chronology_inline
        self.context["event_urls"] = self.event_urls(self.chronology, self.chronology_inline)
        # What pages show of lists that grow with the archive, taken once (site/shown.py).
        self.context["event_sources_shown"] = shown.event_sources(
            self.archive.events, self.context["article_by_slug"]
        )
        self.context["event_quotes"] = shown.event_quotes(self.archive.quotes)
        for page in self.topic_pages:
            page.key_actors = shown.key_actors(
                page.data.get("actors", []), self.context["actor_by_slug"]
            )
        self.context["chronology_years"] = chronology_index(self.chronology)
        self.context["archive_years"] = archive_jump_links(self.settings, articles)
        self.context["undated_articles"] = [a for a in articles if not a.listing_date]
        charts.add_to_context(
            self.context, self.archive, Path(self.settings["EXPLAINER_CACHE_DIR"])
        )

    def period_paginator(self, period: dict):
        pattern = self.settings["CHRONOLOGY_PERIOD_URL"], self.settings["CHRONOLOGY_PERIOD_SAVE_AS"]
        url, save_as = (value.format(period=period["period"]) for value in pattern)
        return paginate(self.settings, "chronology", save_as, url, period["events"])

    def event_urls(self, periods: list[dict], inline: bool) -> dict[str, str]:
        """Each event's URL: its place on the chronology page while every event is shown
        there (inline), else the page of its period it lands on; the anchor is its id."""
        urls = {}
        chronology = self.settings["CHRONOLOGY_URL"]
        for period in periods:
            period["paginator"] = self.period_paginator(period)
            period["key_events"] = key_events(period["events"])
            if inline:
                period["url"] = f"{chronology}#period-{period['period']}"
                urls.update(
                    (event["id"], f"{chronology}#{event['id']}") for event in period["events"]
                )
                continue
            period["url"] = period["paginator"].page(1).url
            for page in pages_of(period["paginator"]):
                for event in page.object_list:
                    urls[event["id"]] = f"{page.url}#{event['id']}"
        for before, after in zip(periods, periods[1:], strict=False):
            before["next"] = {"period": after["period"], "url": after["url"]}
            after["previous"] = {"period": before["period"], "url": before["url"]}
        return urls

    def _wrap(self, cls, items: list[dict]):
        """A page object (Actor, Topic) for each item of page data."""
        pages = []
        for data in items:
            page = cls(data["name"], self.settings)
            page.slug = data["slug"]
            page.data = data
            pages.append(page)
        return pages

    def generate_output(self, writer):
        output = Path(self.output_path)
        store = manifest_path(Path(self.settings["EXPLAINER_CACHE_DIR"]), output)
        previous = OutputManifest.load(store)
        written = PluginFiles(output, store, previous.files)
        key = self.page_keys().inputs_key(self.context, self.env)
        made = unchanged.reusable_files(store, output, key)
        if made is None:  # something they are made from changed: render what changed
            unchanged.forget_inputs(store)
            self.write_derived_files(written)
            made = sorted(written.files)
        else:
            written.files.update(made)
            self.page_keys().keep(made)
        self.write_sitemap(written)
        articles = self.context.get("articles", [])
        redirects = moved_articles(previous, articles)
        self.write_redirects(written, redirects)
        # Pelican writes the article pages; listing them lets a gone article's page go too.
        for article in articles:
            written.add(article.save_as)
        remove_stale(output, previous.files, written.files)
        written.close()
        OutputManifest(
            files=sorted(written.files),
            article_urls=article_urls(articles),
            redirects=redirects,
        ).save(store)
        unchanged.remember_inputs(store, output, key, made)

    def write_derived_files(self, written) -> None:
        """The plugin's pages, the cleaned Markdown, the data export and the feeds."""
        self.write_entity_pages(written, "actor", self.actor_pages)
        self.write_entity_pages(written, "topic", self.topic_pages)
        self.write_single_pages(written)
        self.write_markdown(written)
        self.write_export(written)
        self.write_feeds(written)

    def render_page(self, name: str, template, **kwargs) -> str:
        """A page as Pelican's writer renders it (same context, relative SITEURL)."""
        local = self.context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if self.settings.get("RELATIVE_URLS", False):
            relative = path_to_url(get_relative_path(name))
            local["SITEURL"] = relative
            local["localsiteurl"] = relative
        local["output_file"] = name
        local.update(kwargs)
        return template.render(local)

    def page_keys(self) -> PageKeys:
        """This run's page keys (shared with the article pages' writer)."""
        if KEYS_KEY in self.settings:  # the code fingerprint reads every file: once a run
            return self.settings[KEYS_KEY]
        return keys_of(self.settings, Path(self.output_path), code_fingerprint())

    def keyed_page(self, written, template, save_as: str, part: str | None) -> bool:
        """True when the page need not be rendered: its key (build-wide part of its
        template and page part, site/entity_pages.py) is the one kept and the file is
        there.  Otherwise the kept keys are dropped before it is rendered."""
        keys = self.page_keys()
        build = keys.build_part(self.env, template.name, self.context, KEYED_NAMES)
        return self.keyed_file(written, save_as, page_key(build, save_as, part or ""), part)

    def keyed_file(self, written, save_as: str, key: str | None, part) -> bool:
        """True when the file's key is the one kept and the file is there (nothing to
        write); otherwise the kept keys are dropped before it is written."""
        keys = self.page_keys()
        key = key if part is not None else None
        if keys.unchanged(save_as, key, Path(self.output_path)):
            keys.keys[save_as] = key
            written.add(save_as)
            return True
        keys.forget()
        if key is not None:
            keys.keys[save_as] = key
        return False

    def write_listing(self, written, template_name: str, paginator, part_of=None, **kwargs) -> None:
        """Every page of a paginated listing, with Pelican's pagination variables
        (articles_page, articles_paginator, articles_previous_page, articles_next_page).
        With `part_of(page)` (the page part of its key), a page whose key is unchanged is
        not rendered."""
        template = self.get_template(template_name)
        pages = pages_of(paginator)
        for index, page in enumerate(pages):
            if part_of is not None and self.keyed_page(
                written, template, page.save_as, part_of(page)
            ):
                continue
            html = self.render_page(
                page.save_as,
                template,
                page_name=page.name,
                url=page.url,
                articles_paginator=paginator,
                articles_page=page,
                articles_previous_page=pages[index - 1] if index else None,
                articles_next_page=pages[index + 1] if index + 1 < len(pages) else None,
                **kwargs,
            )
            written.write(page.save_as, html)

    def write_entity_pages(self, written, name: str, pages) -> None:
        """The pages of each actor or topic: its newest articles on its own page, the older
        ones on pages numbered from the oldest end (site/listings.py).  A page whose key
        (site/entity_pages.py) is unchanged is not rendered."""
        template = self.get_template(name)
        size = page_size(self.settings, name)
        for entity in pages:
            listing = listings.build_listing(
                entity.article_list, size, entity.url, entity.save_as, self.settings
            )
            for page in listing.pages:
                part = self.listing_part(name, entity, listing, page)
                if self.keyed_page(written, template, page.save_as, part):
                    continue
                html = self.render_page(
                    page.save_as,
                    template,
                    url=page.url,
                    listing=page,
                    listing_older=listing.older(page),
                    listing_newer=listing.newer(page),
                    listing_pages=listing.numbered if page.number is None else (),
                    listing_first=listing.pages[0],
                    **{name: entity},
                )
                written.write(page.save_as, html)

    def listing_part(self, kind: str, entity, listing, page) -> str | None:
        try:
            return entity_pages.listing_part(kind, entity, listing, page, self.context)
        except (TypeError, ValueError):  # data JSON cannot order or hold: always render
            return None

    def write_single_pages(self, written) -> None:
        """The actor index, the topic index, the chronology index and its periods."""
        for name in ("topics", "chronology"):
            save_as = self.settings[f"{name.upper()}_SAVE_AS"]
            url = self.settings[f"{name.upper()}_URL"]
            self.write_listing(written, name, paginate(self.settings, name, save_as, url, []))
        save_as, url = self.settings["ACTORS_SAVE_AS"], self.settings["ACTORS_URL"]
        paginator = paginate(
            self.settings, "actors", save_as, url, actors_by_kind(self.actor_pages)
        )
        kind_pages: dict[str, str] = {}
        kind_counts: dict[str, int] = {}
        for page in pages_of(paginator):
            for actor in page.object_list:
                kind = actor.data.get("kind") if actor.data.get("kind") in KIND_ORDER else "other"
                kind_pages.setdefault(kind, page.url)
                kind_counts[kind] = kind_counts.get(kind, 0) + 1
        self.write_listing(
            written, "actors", paginator, kind_pages=kind_pages, kind_counts=kind_counts
        )
        for period in self.chronology:
            paginator = period["paginator"]
            if self.chronology_inline:  # its events are on the chronology page: send there
                save_as = paginator.page(1).save_as
                template = self.get_template("period_redirect")
                part = entity_pages.redirect_part(save_as, period)
                if not self.keyed_page(written, template, save_as, part):
                    written.write(save_as, self.render_page(save_as, template, period=period))
                continue
            self.write_listing(
                written,
                "period",
                paginator,
                part_of=lambda page, period=period, paginator=paginator: entity_pages.period_part(
                    page.save_as, period, paginator, page, self.context
                ),
                period=period,
            )

    def write_markdown(self, written) -> None:
        """Each article's cleaned Markdown, unless its key (the plugin's code and what the
        document is made from) is the one kept."""
        build = f"markdown\0{self.page_keys().code}"
        for article in self.context.get("articles", []):
            save_as = article.markdown_save_as
            part = markdown_part(article)
            if not self.keyed_file(written, save_as, page_key(build, save_as, part), part):
                written.write(save_as, cleaned_markdown(article))

    def write_export(self, written) -> None:
        """data/*.json."""
        output = Path(self.output_path)
        articles = self.context.get("articles", [])
        folder = output / self.settings["EXPLAINER_DATA_PATH"]
        with collector_paused():  # plain JSON data, no cycles (collector.py)
            paths = export.write_data(folder, articles, self.archive, self.context, self.settings)
        for path in paths:
            written.add(path.relative_to(output).as_posix())

    def write_sitemap(self, written) -> None:
        """sitemap.xml (or, without an absolute SITEURL, a note that there is none)."""
        output = Path(self.output_path)
        articles = self.context.get("articles", [])
        pages = [self.settings.get(name) for name in PAGE_URL_SETTINGS]
        pages += [a.url for a in articles] + [p.url for p in self.actor_pages + self.topic_pages]
        sitemap.write_sitemap(output, self.settings, pages)
        written.add("sitemap.xml")

    def write_feeds(self, written) -> None:
        if not self.settings.get("EXPLAINER_FEEDS"):
            return
        output = Path(self.output_path)
        articles = self.context.get("articles", [])
        feeds.write_feeds(output, articles, self.actor_pages, self.topic_pages, self.settings)
        for path in feed_paths(self.settings, self.actor_pages, self.topic_pages):
            written.add(path)

    def write_redirects(self, written, redirects: dict[str, dict]) -> None:
        """A small page at each old article URL that sends the reader to the new one."""
        if not redirects:
            return
        template = self.get_template("redirect")
        by_source = {s: a for a in self.context.get("articles", []) for s in a.source_files}
        for save_as, moved in sorted(redirects.items()):
            article = by_source[moved["source"]]
            html = self.render_page(save_as, template, article=article, old_url=moved["url"])
            written.write(save_as, html)


def feed_paths(settings: dict, actor_pages, topic_pages) -> list[str]:
    """The feeds feeds.write_feeds writes, output-relative."""
    paths = [settings.get("EXPLAINER_FEED_ALL_ATOM") or ""]
    for pages, setting in ((actor_pages, "ACTOR_FEED_ATOM"), (topic_pages, "TOPIC_FEED_ATOM")):
        pattern = settings.get(setting)
        if pattern:
            paths += [pattern.format(slug=page.slug) for page in pages]
    return [path for path in paths if path]


def article_urls(articles) -> dict[str, dict]:
    """Each raw source file → the URL (and file) of the article it is published in."""
    return {
        source: {"url": article.url, "save_as": article.save_as}
        for article in articles
        for source in article.source_files
    }


def moved_articles(previous: OutputManifest, articles) -> dict[str, dict]:
    """Old article files that must keep working as redirects: save_as → {"url", "source"}.

    A source file whose article now lives at another URL (a duplicate's canonical copy
    changed, or its title did) leaves a redirect behind, kept for as long as the source
    is published and no article takes the old address.
    """
    current = article_urls(articles)
    taken = {place["save_as"] for place in current.values()}
    candidates = dict(previous.redirects)
    for source, place in previous.article_urls.items():
        candidates[place["save_as"]] = {"url": place["url"], "source": source}
    return {
        save_as: moved
        for save_as, moved in sorted(candidates.items())
        if moved["source"] in current and save_as not in taken
    }


def markdown_part(article) -> str:
    """What an article's cleaned Markdown document is made from (see cleaned_markdown)."""
    made_from = [
        article.explainer["cleaned"],
        article.date_value,
        article.date_basis,
        article.date_note,
        article.slug,
    ]
    return json.dumps(made_from, sort_keys=True, ensure_ascii=False)


def cleaned_markdown(article) -> str:
    """The cleaned Markdown document of an article, with its final slug in the header."""
    when = ArticleDate(article.date_value, article.date_basis, article.date_note)
    cleaned = CleanedArticle.from_dict(article.explainer["cleaned"])
    return render.render_markdown_document(cleaned, when, slug=article.slug)
