"""explainer_archive: a Pelican plugin that turns raw scraped news articles into an
explainer archive (clean article pages, actors, topics, a chronology, a data export).

The flow, one module per stage: reader (clean, article_date, render) → annotate →
actors / topics / chronology (pipeline) → generators (pages, export, feeds, search).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from pelican import signals

logger = logging.getLogger("explainer_archive")

PACKAGE_DIR = Path(__file__).parent


def code_fingerprint() -> str:
    """A digest of the plugin's code and data files: Pelican's content cache is kept
    per fingerprint, so changing a cleaning rule or the plugin re-reads every file."""
    digest = hashlib.sha1()
    for path in sorted(PACKAGE_DIR.rglob("*")):
        if path.suffix in {".py", ".toml"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def configure(pelican) -> None:
    """Fill in the plugin's settings and the Pelican settings it depends on."""
    from .settings import apply_defaults

    settings = pelican.settings
    apply_defaults(settings)
    # Undated and future-dated articles must never be dropped or turned into drafts,
    # and articles sharing a title are not translations of each other.
    settings["WITH_FUTURE_DATES"] = True
    settings["ARTICLE_TRANSLATION_ID"] = None
    base_cache = Path(settings.get("CACHE_PATH", "cache"))
    settings["EXPLAINER_CACHE_DIR"] = str(base_cache)
    from .site.output import lock_build

    lock_build(base_cache)  # two builds on one cache wait for each other
    # The annotation cache stays in base_cache (keyed by content + model); Pelican's own
    # reader cache moves with the plugin's code so a rule change invalidates it.
    settings["CACHE_PATH"] = str(base_cache / f"pelican-{code_fingerprint()}")
    settings.pop("_EXPLAINER_REPORT", None)
    from .annotate import ModelNotFoundError, check_model, resolve_model_name

    try:
        check_model(resolve_model_name(settings["EXPLAINER_SPACY_MODEL"]))
    except ModelNotFoundError as exc:
        # One clear line instead of a traceback from deep inside the build.
        raise SystemExit(f"explainer: {exc}") from None
    check_editor_data(settings)


def check_editor_data(settings: dict) -> None:
    """Read the actor rules and the taxonomy once up front: a broken editor file stops the
    build with one line naming the file, before any work is done."""
    from .derive.actors import load_actor_rules
    from .derive.topics import load_taxonomy

    try:
        load_actor_rules(settings["EXPLAINER_ACTOR_RULES"])
        load_taxonomy(settings["EXPLAINER_TOPICS"])
    except ValueError as exc:  # TaxonomyError is a ValueError too
        raise SystemExit(f"explainer: {exc}") from None


def add_reader(readers) -> None:
    from .reader import RawArticleReader

    readers.reader_classes["txt"] = RawArticleReader


def get_generators(_pelican):
    from .site.generators import ExplainerGenerator

    return ExplainerGenerator


def prepare_articles(generator) -> None:
    from .site.generators import prepare_articles as prepare

    prepare(generator)


def finish(pelican) -> None:
    """After everything is written: build the search index, print the summary line."""
    from .site.generators import REPORT_KEY
    from .site.report import BuildReport
    from .site.search import build_search_index, search_glob

    report = pelican.settings.pop(REPORT_KEY, None) or BuildReport()
    if pelican.settings.get("EXPLAINER_SEARCH"):
        error = build_search_index(
            Path(pelican.settings["OUTPUT_PATH"]), search_glob(pelican.settings)
        )
        if error:
            report.warn("*", error)
    for line in [report.summary(), *report.notes]:
        print(line)
    from .site.output import mark_complete, unlock_build

    mark_complete(Path(pelican.settings["OUTPUT_PATH"]))
    unlock_build(Path(pelican.settings["EXPLAINER_CACHE_DIR"]))


def register() -> None:
    signals.initialized.connect(configure)
    signals.readers_init.connect(add_reader)
    signals.article_generator_pretaxonomy.connect(prepare_articles)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish)
