"""explainer_archive: a Pelican plugin that turns raw scraped news articles into an
explainer archive (clean article pages, actors, topics, a chronology, a data export).

The flow, one module per stage: reader (clean, dates, render) → annotate →
actors / topics / chronology (pipeline) → generators (pages, export, feeds, search).
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from pelican import signals

from .settings import EDITOR_FILES

logger = logging.getLogger("explainer_archive")

PACKAGE_DIR = Path(__file__).parent


def code_fingerprint(package_dir: Path | None = None) -> str:
    """A digest of the plugin's code and data files: Pelican's content cache is kept
    per fingerprint, so changing a cleaning rule or the plugin re-reads every file.
    Computed at the start of every build, so an edit under autoreload counts too."""
    package_dir = package_dir or PACKAGE_DIR
    digest = hashlib.sha1()
    for path in sorted(package_dir.rglob("*")):
        if path.suffix in {".py", ".toml"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def stop(message: str) -> None:
    """Stop the build with one line: a SystemExit is not caught by Pelican's command
    line (it catches Exception only), so Python prints the message and exits with 1."""
    raise SystemExit(f"explainer: {message}")


def configure(pelican) -> None:
    """Check the plugin's settings and fill in the Pelican settings it depends on."""
    from .settings import SettingsError, apply_defaults

    settings = pelican.settings
    try:
        apply_defaults(settings)
    except SettingsError as exc:
        stop(str(exc))
    # Undated and future-dated articles must never be dropped or turned into drafts,
    # and articles sharing a title are not translations of each other.
    settings["WITH_FUTURE_DATES"] = True
    settings["ARTICLE_TRANSLATION_ID"] = None
    if not settings["EXPLAINER_SEARCH"]:
        # No index is built, so no page may load one.
        settings["DIRECT_TEMPLATES"] = [
            name for name in settings.get("DIRECT_TEMPLATES", []) if name != "search"
        ]
    # The annotation cache stays in EXPLAINER_CACHE_DIR (keyed by content + model); Pelican's
    # own reader cache moves with the plugin's code (see start_build).
    settings["EXPLAINER_CACHE_DIR"] = str(Path(settings.get("CACHE_PATH") or "cache"))
    settings.pop("_EXPLAINER_REPORT", None)
    from .annotate import ModelNotFoundError, check_model, resolve_model_name

    try:
        check_model(resolve_model_name(settings["EXPLAINER_SPACY_MODEL"]))
    except ModelNotFoundError as exc:
        stop(str(exc))
    check_editor_data(settings)
    if settings["EXPLAINER_DASK_SCHEDULER"]:  # raises ClusterError (one line) before any work
        from .executors import check_cluster

        check_cluster(
            settings["EXPLAINER_DASK_SCHEDULER"],
            resolve_model_name(settings["EXPLAINER_SPACY_MODEL"]),
        )


def check_editor_data(settings: dict) -> None:
    """Read the actor rules and the taxonomy once up front: a broken editor file stops the
    build with one line naming the file, before any work is done."""
    from .derive.actors import load_actor_rules
    from .derive.discovery import load_discovery
    from .derive.topics import load_taxonomy

    try:
        load_actor_rules(settings["EXPLAINER_ACTOR_RULES"])
        load_taxonomy(settings["EXPLAINER_TOPICS"])
        load_discovery(settings["EXPLAINER_TOPICS"])
    except ValueError as exc:  # TaxonomyError is a ValueError too
        stop(str(exc))


def start_build(pelican) -> None:
    """At the start of every run (autoreload runs one Pelican object many times): point
    Pelican's reader cache at a folder named after the code fingerprint of now."""
    from .reader import options_fingerprint
    from .site.output import lock_build

    settings = pelican.settings
    base_cache = Path(settings["EXPLAINER_CACHE_DIR"])
    lock_build(base_cache)  # two builds on one cache wait for each other
    tag = f"{code_fingerprint()}-{options_fingerprint(settings)}"
    settings["CACHE_PATH"] = str(base_cache / f"pelican-{tag}")


def watched_paths(settings: dict) -> list[str]:
    """What autoreload must watch besides content, theme and settings: the plugin's rule
    files and the editor's own TOML files."""
    paths = [PACKAGE_DIR / "data"]
    paths += [Path(settings[name]) for name in EDITOR_FILES if settings.get(name)]
    return [str(path.resolve()) for path in paths]


def watch_editor_files() -> None:
    """Pelican's autoreload watches the settings file, THEME, PATH and the STATIC_PATHS
    (joined to PATH, so an absolute one is taken as it is), and has no signal to add more:
    wrap its wait_for_changes so it is also given the paths of watched_paths()."""
    import pelican

    original = pelican.wait_for_changes
    if getattr(original, "explainer_watch", False):
        return

    def wait_for_changes(settings_file, settings):
        extra = [p for p in watched_paths(settings) if Path(p).exists()]
        watched = {**settings, "STATIC_PATHS": [*settings.get("STATIC_PATHS", []), *extra]}
        return original(settings_file, watched)

    wait_for_changes.explainer_watch = True
    pelican.wait_for_changes = wait_for_changes


def add_reader(readers) -> None:
    from .reader import RAW_EXTENSIONS, RawArticleReader

    for extension in RAW_EXTENSIONS:
        readers.reader_classes[extension] = RawArticleReader


def add_fallback_templates(generator) -> None:
    """Templates for actor, topic and chronology pages from the package, used only when
    the site's theme has none of its own (the theme's loader is asked first)."""
    from jinja2 import ChoiceLoader, FileSystemLoader

    fallback = FileSystemLoader(str(PACKAGE_DIR / "templates"))
    generator.env.loader = ChoiceLoader([generator.env.loader, fallback])


def get_generators(pelican):
    from .site.generators import ExplainerGenerator

    start_build(pelican)
    return ExplainerGenerator


def prepare_articles(generator) -> None:
    from .site.generators import prepare_articles as prepare

    prepare(generator)


def finish(pelican) -> None:
    """After everything is written: build the search index, log the summary line."""
    from .site.generators import REPORT_KEY
    from .site.report import BuildReport, log_summary
    from .site.search import build_search_index

    report = pelican.settings.pop(REPORT_KEY, None) or BuildReport()
    if pelican.settings.get("EXPLAINER_SEARCH"):
        error = build_search_index(Path(pelican.settings["OUTPUT_PATH"]), pelican.settings)
        if error:
            report.warn("*", error)
    log_summary(report)
    from .site.output import mark_complete, unlock_build

    mark_complete(Path(pelican.settings["OUTPUT_PATH"]))
    unlock_build(Path(pelican.settings["EXPLAINER_CACHE_DIR"]))


def register() -> None:
    signals.initialized.connect(configure)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_fallback_templates)
    signals.article_generator_pretaxonomy.connect(prepare_articles)
    signals.get_generators.connect(get_generators)
    signals.finalized.connect(finish)
    watch_editor_files()
