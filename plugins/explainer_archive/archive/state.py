"""The archive stage's state between builds: cache keys and the kept merged archive.

Per-article derived results live in the annotation cache (table "derived") under a key of
the rules, the article and its text; the merged archive is kept in one pickle under a key of
every article's derived key, so a build that changes nothing the merges read loads it
instead of merging again.  The estimator's resolutions are kept in the same cache.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from .. import annotate
from ..derive import estimates, topics
from ..derive.article import ArchiveArticle
from ..files import atomic_write_bytes
from ..fingerprints import PACKAGE_DIR, code_fingerprint, fingerprint

# Modules whose code decides the per-article results: a change to any of them (or to the
# rules files) invalidates the derived cache, never the annotations.
DERIVING_MODULES = (
    "derive/actors.py",
    "derive/spans.py",
    "derive/topics.py",
    "derive/discovery.py",
    "derive/chronology.py",
    "derive/timexes.py",
    "derive/estimates.py",
    "derive/coverage.py",
    "derive/cooccurrence.py",
    "derive/quotes.py",
    "derive/article.py",
    "archive/dating.py",
    "archive/build.py",
)

ARCHIVE_STATE_VERSION = 2  # 2: the archive keeps its quotes


def derived_fingerprint(rules_files: list[Path | None], taxonomy) -> str:
    """The fingerprint of the code and rules that turn an annotation into derived results."""
    parts = [(PACKAGE_DIR / name).read_bytes() for name in DERIVING_MODULES]
    for path in [PACKAGE_DIR / "data" / "actors.toml", PACKAGE_DIR / "data" / "events.toml"]:
        parts.append(path.read_bytes())
    parts += [Path(path).read_bytes() for path in rules_files if path]
    parts.append(topics.taxonomy_fingerprint(taxonomy))
    return fingerprint(*parts)


def derived_key(rules_fingerprint: str, article: ArchiveArticle, text: str) -> str:
    """Cache key of one article's derived results: rules, slug, title, date and text."""
    return fingerprint(
        rules_fingerprint, article.key, article.title, article.date_value or "", text
    )


def archive_state_key(derived_keys: list[str], merge_inputs: tuple[str, ...]) -> str:
    """What the archive-wide merges depend on: every article's derived key (rules, slug,
    title, date and text) and what else they read (the settings the timeline shows, topic
    discovery's switches, rule and remembered topics)."""
    return fingerprint(f"archive-state-{ARCHIVE_STATE_VERSION}", *merge_inputs, *derived_keys)


def archive_state_path(cache_path: Path | None) -> Path | None:
    return Path(cache_path).with_suffix(".archive-state.pickle") if cache_path else None


def load_archive_state(cache_path: Path | None, key: str, kind: type):
    """The archive the last build merged, when its key matches and it is a `kind`; None
    otherwise (or when the file is missing or unreadable: the merges then simply run)."""
    path = archive_state_path(cache_path)
    try:
        with open(path, "rb") as handle:
            stored_key, archive = pickle.load(handle)
    except (OSError, TypeError, ValueError, EOFError, pickle.UnpicklingError, AttributeError):
        return None
    return archive if stored_key == key and isinstance(archive, kind) else None


def save_archive_state(cache_path: Path | None, key: str, archive) -> None:
    """Keep the merged archive for the next build (written aside, then renamed in place);
    its stats describe one build, so they are not kept."""
    path = archive_state_path(cache_path)
    if path is None:
        return
    stats, archive.stats = archive.stats, {}
    try:
        data = pickle.dumps((key, archive), protocol=pickle.HIGHEST_PROTOCOL)
    finally:
        archive.stats = stats
    atomic_write_bytes(path, data)


def resolutions_key() -> str:
    return f"resolutions:{code_fingerprint()}"


def load_resolutions(store: annotate.AnnotationCache) -> estimates.Resolutions:
    """This build's memo of the estimator, seeded with what the last build kept."""
    key = resolutions_key()
    return estimates.Resolutions(store.get_many([key], table="derived").get(key))


def save_resolutions(cache_path: Path | None, resolutions: estimates.Resolutions, seeded: int):
    """Store the resolutions this build used, unless nothing changed since they were loaded
    (`seeded` of them)."""
    kept = resolutions.kept()
    if cache_path is None or (len(kept) == seeded and not resolutions.computed):
        return
    store = annotate.AnnotationCache(cache_path)
    try:
        store.put(resolutions_key(), kept, table="derived")
    finally:
        store.close()
