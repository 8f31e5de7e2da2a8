"""spaCy's annotations carried from one build's cache into a new one.

Annotations are keyed by the text and the model (annotate.content_key): they never depend on
the other articles or the settings, so a build that starts its cache from another build's
annotations is what a real rebuild of the same texts is, and it still derives, merges and
renders everything.  Tests where cold annotation is not the point start their builds this way
instead of running spaCy over texts another build of the session already annotated.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from support.sitebuild import BuiltSite, build_site

ANNOTATIONS = "explainer-annotations.sqlite"  # the default EXPLAINER_CACHE_NAME


def annotations_only(cache: Path, target: Path) -> Path:
    """A copy of a build cache's annotation file at `target` with the archive stage's derived
    results dropped: spaCy's annotations alone."""
    shutil.copy(cache / ANNOTATIONS, target)
    with sqlite3.connect(target) as db:
        db.execute("DELETE FROM derived")
    return target


def start_cache(cache: Path, annotations: Path) -> Path:
    """A new cache folder holding a copy of an annotation file (see annotations_only); a
    folder that is already there is a build's own cache and is left as it is."""
    if not cache.exists():
        cache.mkdir(parents=True)
        shutil.copy(annotations, cache / ANNOTATIONS)
    return cache


def build_with_annotations(
    root: Path,
    out: str,
    cache: str = "cache",
    extra: dict | None = None,
    annotations: Path | None = None,
) -> BuiltSite:
    """A successful build of root/content into root/out; a new cache root/cache starts from
    `annotations` (e.g. the session's seed annotations): what such a build checks is what
    the archive stage and the pages make of the texts, not spaCy."""
    if annotations is not None:
        start_cache(root / cache, annotations)
    built = build_site(root / "content", root / out, root / cache, extra=extra)
    assert built.returncode == 0, built.log[-3000:]
    return built
