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
