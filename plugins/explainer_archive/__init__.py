"""explainer_archive: a Pelican plugin that turns raw scraped news articles into an
explainer archive (clean article pages, actors, topics, a chronology, a data export).

The flow, one package per stage: text/ (raw file → cleaned article, dated) → annotate
(spaCy) → derive/ (per article: mentions, topic matches, event candidates) → archive/
(archive-wide merges, estimated dates) → site/ (pages, export, feeds, search).  This module
is the Pelican glue: it connects the stages to Pelican's signals.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import pickle
from pathlib import Path

import pelican as pelican_module
from jinja2 import ChoiceLoader, FileSystemLoader
from pelican import signals
from pelican.cache import FileDataCacher

from .annotate import ModelNotFoundError, check_model, resolve_model_name
from .archive.executors import check_cluster
from .derive.actors import load_actor_rules
from .derive.discovery import load_discovery
from .derive.topics import load_taxonomy
from .files import atomic_write_bytes
from .fingerprints import PACKAGE_DIR, code_fingerprint, fingerprint
from .reader import (
    FURNITURE_KEY,
    RAW_EXTENSIONS,
    RawArticleReader,
    furniture_evidence,
    options_fingerprint,
)
from .settings import EDITOR_FILES, SettingsError, apply_defaults
from .site.article_pages import SkippingWriter, finish_keys
from .site.compiled import compiled_templates_key, keep_compiled_templates
from .site.generators import REPORT_KEY, ExplainerGenerator
from .site.generators import prepare_articles as prepare_site_articles
from .site.output import lock_build, mark_complete, unlock_build
from .site.report import BuildReport, log_note, log_summary
from .site.search import build_search_index

__all__ = ["code_fingerprint", "register"]

logger = logging.getLogger("explainer_archive")


def stop(message: str) -> None:
    """Stop the build with one line: a SystemExit is not caught by Pelican's command
    line (it catches Exception only), so Python prints the message and exits with 1."""
    raise SystemExit(f"explainer: {message}")


def configure(pelican) -> None:
    """Check the plugin's settings and fill in the Pelican settings it depends on."""
    settings = pelican.settings
    try:
        adapted = apply_defaults(settings)
    except SettingsError as exc:
        stop(str(exc))
    if adapted:
        log_note(adapted)
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
    try:
        check_model(resolve_model_name(settings["EXPLAINER_SPACY_MODEL"]))
    except ModelNotFoundError as exc:
        stop(str(exc))
    check_editor_data(settings)
    if settings["EXPLAINER_DASK_SCHEDULER"]:  # raises ClusterError (one line) before any work
        check_cluster(
            settings["EXPLAINER_DASK_SCHEDULER"],
            resolve_model_name(settings["EXPLAINER_SPACY_MODEL"]),
            settings["EXPLAINER_DASK_CONNECT_TIMEOUT"],
        )


def check_editor_data(settings: dict) -> None:
    """Read the actor rules and the taxonomy once up front: a broken editor file stops the
    build with one line naming the file, before any work is done."""
    try:
        load_actor_rules(settings["EXPLAINER_ACTOR_RULES"])
        load_taxonomy(settings["EXPLAINER_TOPICS"])
        load_discovery(settings["EXPLAINER_TOPICS"])
    except ValueError as exc:  # TaxonomyError is a ValueError too
        stop(str(exc))


def start_build(pelican) -> None:
    """At the start of every run (autoreload runs one Pelican object many times): point
    Pelican's reader cache at a folder named after the code fingerprint of now."""
    settings = pelican.settings
    base_cache = Path(settings["EXPLAINER_CACHE_DIR"])
    lock_build(base_cache)  # two builds on one cache wait for each other
    code = code_fingerprint()
    tag = f"{code}-{options_fingerprint(settings)}"
    settings["CACHE_PATH"] = str(base_cache / f"pelican-{tag}")
    # Archive-wide furniture evidence for the reader: a file whose evidence changed must be
    # cleaned again. Pelican's reader cache knows only file stamps, so the files whose
    # evidence moved since the reads were made are named here and read afresh (add_reader).
    evidence = furniture_evidence(settings, base_cache)
    settings[FURNITURE_KEY] = evidence
    settings[STALE_READS_KEY] = stale_reads(Path(settings["CACHE_PATH"]), settings, evidence)
    settings[TEMPLATES_KEY] = compiled_templates_key(settings, code)


# The files whose furniture evidence changed since Pelican's reader cache read them (per build).
STALE_READS_KEY = "_EXPLAINER_STALE_READS"
# What the compiled templates kept in the cache are keyed by (per build, site/compiled.py).
TEMPLATES_KEY = "_EXPLAINER_TEMPLATES"
# Beside Pelican's reader cache: each file's evidence digest when its reads were made.
EVIDENCE_FILE = "furniture-evidence.json"


def evidence_digests(evidence: dict) -> dict[str, str]:
    return {source: fingerprint(*lines) for source, lines in evidence.items()}


def stale_reads(reads: Path, settings: dict, evidence: dict) -> frozenset[str]:
    """The absolute paths (as Pelican's reader cache keys them) of the raw files whose
    furniture evidence differs from the one recorded when the reader cache was last saved.
    The record is written by save_evidence_digests after the build, so a killed build
    leaves the old record and its files are read afresh again."""
    try:
        before = json.loads((reads / EVIDENCE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        before = {}
    content = settings.get("PATH", ".")
    return frozenset(
        os.path.abspath(os.path.join(content, source))
        for source, digest in evidence_digests(evidence).items()
        if before.get(source) != digest
    )


def save_evidence_digests(settings: dict) -> None:
    evidence = settings.get(FURNITURE_KEY)
    if evidence is None:
        return
    reads = Path(settings["CACHE_PATH"])
    reads.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(
        reads / EVIDENCE_FILE,
        json.dumps(evidence_digests(evidence), sort_keys=True).encode("utf-8"),
    )


def forget_stale_reads(readers) -> None:
    """Make Pelican's reader cache miss for the files whose furniture evidence changed: an
    instance wrapper of its lookup (the cache is loaded after readers_init, so entries
    cannot be removed here), holding nothing but this build's list."""
    stale = readers.settings.get(STALE_READS_KEY)
    if not stale:
        return
    cached = readers.get_cached_data

    def get_cached_data(filename, default=None):
        return default if filename in stale else cached(filename, default)

    readers.get_cached_data = get_cached_data


def watched_paths(settings: dict) -> list[str]:
    """What autoreload must watch besides content, theme and settings: the plugin's rule
    files and the editor's own TOML files."""
    paths = [PACKAGE_DIR / "data"]
    paths += [Path(settings[name]) for name in EDITOR_FILES if settings.get(name)]
    return [str(path.resolve()) for path in paths]


def watch_editor_files() -> None:
    """Pelican's autoreload watches the settings file, THEME, PATH and the STATIC_PATHS
    (joined to PATH, so an absolute one is taken as it is), and has no signal to add more:
    wrap its wait_for_changes so it is also given the paths of watched_paths().

    The one process-wide patch the plugin makes, and on purpose: it holds no build state
    (the paths are read from the settings of each call), it is made once (marked), and
    without it an edited rules or taxonomy file would not trigger a rebuild.
    """
    original = pelican_module.wait_for_changes
    if getattr(original, "explainer_watch", False):
        return

    def wait_for_changes(settings_file, settings):
        extra = [p for p in watched_paths(settings) if Path(p).exists()]
        watched = {**settings, "STATIC_PATHS": [*settings.get("STATIC_PATHS", []), *extra]}
        return original(settings_file, watched)

    wait_for_changes.explainer_watch = True
    pelican_module.wait_for_changes = wait_for_changes


def save_cache_whole(cacher: FileDataCacher) -> None:
    """Make Pelican's save of a content cache (its readers' and its generators') write a
    file beside the cache and rename it over the old one, as the plugin's own caches do,
    and only when this build put something in it.

    Pelican opens the cache file for writing in place, so a build killed while pickling
    leaves half a pickle, and the next build stops at loading it (EOFError, which Pelican
    does not catch). Pelican also writes the whole cache again after every build, though a
    cache holds what it loaded plus what this build cached (it drops nothing): with nothing
    cached the file would get the same pickle, which is 11 % of a rebuild with nothing
    changed at 10,000 articles (py-spy), so it is left as it is. Compressed at gzip's
    fastest level (Pelican's default is the slowest; any level reads the same way).
    Instance wrappers, like forget_stale_reads: the same pickle, the same choice of gzip
    (GZIP_CACHE) and the same warning when the cache cannot be saved.
    """
    cache_data = cacher.cache_data
    cached_any = False

    def cache_data_noted(filename, data):
        nonlocal cached_any
        cached_any = True
        cache_data(filename, data)

    def save_cache():
        if not cacher._cache_data_policy or not cached_any:
            return
        path = Path(cacher._cache_path)
        partial = path.with_name(f".{path.name}.partial")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open_cache_for_writing(partial, cacher.settings) as handle:
                pickle.dump(cacher._cache, handle)
            os.replace(partial, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError) as err:
            partial.unlink(missing_ok=True)
            logger.warning("Could not save cache %s\n ... %s", path, err)

    cacher.cache_data = cache_data_noted
    cacher.save_cache = save_cache


def open_cache_for_writing(path: Path, settings: dict):
    if settings["GZIP_CACHE"]:
        return gzip.open(path, "wb", compresslevel=1)
    return open(path, "wb")


def add_reader(readers) -> None:
    for extension in RAW_EXTENSIONS:
        readers.reader_classes[extension] = RawArticleReader
    forget_stale_reads(readers)
    save_cache_whole(readers)


def save_generator_cache_whole(generator) -> None:
    if isinstance(generator, FileDataCacher):
        save_cache_whole(generator)


def add_fallback_templates(generator) -> None:
    """Templates for actor, topic and chronology pages from the package, used only when
    the site's theme has none of its own (the theme's loader is asked first)."""
    fallback = FileSystemLoader(str(PACKAGE_DIR / "templates"))
    generator.env.loader = ChoiceLoader([generator.env.loader, fallback])
    # Compiled templates are kept in the cache folder between builds (site/compiled.py).
    if generator.settings.get(TEMPLATES_KEY):
        keep_compiled_templates(
            generator.env, generator.settings, generator.settings[TEMPLATES_KEY]
        )


def get_generators(pelican):
    start_build(pelican)
    return ExplainerGenerator


def prepare_articles(generator) -> None:
    prepare_site_articles(generator)


def get_writer(pelican):
    """Pelican's writer, skipping the article pages whose inputs are unchanged
    (site/article_pages.py)."""
    return type("ExplainerWriter", (SkippingWriter,), {"code": code_fingerprint()})


def finish(pelican) -> None:
    """After everything is written: build the search index, log the summary line."""
    finish_keys(pelican.settings)
    pelican.settings.pop(TEMPLATES_KEY, None)
    save_evidence_digests(pelican.settings)
    report = pelican.settings.pop(REPORT_KEY, None) or BuildReport()
    if pelican.settings.get("EXPLAINER_SEARCH"):
        error = build_search_index(Path(pelican.settings["OUTPUT_PATH"]), pelican.settings)
        if error:
            report.warn("*", error)
    log_summary(report)
    mark_complete(Path(pelican.settings["OUTPUT_PATH"]))
    unlock_build(Path(pelican.settings["EXPLAINER_CACHE_DIR"]))


def register() -> None:
    signals.initialized.connect(configure)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_fallback_templates)
    signals.generator_init.connect(save_generator_cache_whole)
    signals.article_generator_pretaxonomy.connect(prepare_articles)
    signals.get_generators.connect(get_generators)
    signals.get_writer.connect(get_writer)
    signals.finalized.connect(finish)
    watch_editor_files()
