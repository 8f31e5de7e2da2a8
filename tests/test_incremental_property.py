"""Incremental = cold, byte for byte, for random sequences of changes: Hypothesis draws a
first set of raw files and then additions, edits and deletions (exact duplicates, retitled
copies and undated articles among them); each change is built incrementally on the cache
the previous build left, and the last tree must equal a cold build of the same files.

The pool of texts is the seeds and three variants of each: a retitled copy (another
headline on the same body), a trimmed one (its last paragraph gone) and an undated one (the
paragraphs that carry no date, so the estimator dates it from the others), and a stamped
one (a Date: line; most seeds' own text gives no stated date).  spaCy's
annotations of the pool are made once per module and copied into every build's cache (they
are content-keyed and never depend on the other articles); everything else the archive
stage keeps (its derived results, its state, Pelican's cache, the output manifests) starts
empty in the cold build.  The one difference allowed is history by design: an old URL of an
article whose URL moved is a redirect page in the incremental tree (docs/caching.md)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from pelican.plugins.explainer_archive.text import clean
from pelican.plugins.explainer_archive.text import dates as article_date
from sitebuild import SEEDS, build_site
from support.annotations import start_cache
from test_determinism import differences
from test_incremental import redirect_target

# Builds of a few articles each (about 4 s each on 2 cores): three sequences of up to four
# builds, then a cold one.
pytestmark = pytest.mark.slow

ANNOTATIONS = "explainer-annotations.sqlite"
MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
)
DATED_LINE = re.compile(rf"\b(?:1[89]|20)\d\d\b|\b(?:{MONTHS})\b\.?|\d{{1,2}}[:/.]\d{{2}}")


def lines_of(seed: Path) -> list[str]:
    return [line for line in seed.read_text(encoding="utf-8").split("\n") if line.strip()]


def retitled(seed: Path) -> str:
    lines = lines_of(seed)
    return "\n\n".join(["Analysis: " + lines[0], *lines[1:]]) + "\n"


def trimmed(seed: Path) -> str:
    return "\n\n".join(lines_of(seed)[:-1]) + "\n"


def undated(seed: Path) -> str:
    """The seed's headline and its paragraphs that name no year, month or clock time."""
    lines = lines_of(seed)
    kept = [line for line in lines[1:] if len(line) > 80 and not DATED_LINE.search(line)]
    return "\n\n".join([lines[0], *kept]) + "\n"


def stamped(seed: Path, day: int) -> str:
    """The seed with a Date: metadata line (which wins over the dates in the text)."""
    return f"Date: 2024-03-{day:02d}\n\n" + seed.read_text(encoding="utf-8")


# Per seed: itself, retitled, trimmed, undated, stamped.
VARIANTS = 5
POOL = [
    text
    for k, seed in enumerate(SEEDS)
    for text in (
        seed.read_text(encoding="utf-8"),
        retitled(seed),
        trimmed(seed),
        undated(seed),
        stamped(seed, 10 + k),
    )
]


def stated_date(text: str) -> str | None:
    return article_date.find_article_date(clean.clean_article(text, "raw/x.txt")).value


@pytest.fixture(scope="module")
def annotations(tmp_path_factory, seed_annotations) -> Path:
    """spaCy's annotations of every text of the pool, alone in an annotation cache file
    (the seeds' own come from the session's, tests/support/annotations.py).  Annotations are
    keyed by text and model alone, so the build that makes them leaves out the search index
    and the feeds, which no test reads from it."""
    assert all(stated_date(text) is None for text in POOL[3::VARIANTS])
    assert all(stated_date(text) for text in POOL[4::VARIANTS])
    root = tmp_path_factory.mktemp("pool")
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    for i, text in enumerate(POOL):
        (raw / f"p{i:02d}.txt").write_text(text, encoding="utf-8")
    cache = start_cache(root / "cache", seed_annotations)
    quick = {"EXPLAINER_SEARCH": False, "EXPLAINER_FEEDS": False}
    built = build_site(root / "content", root / "out", cache, extra=quick)
    assert built.returncode == 0, built.log[-3000:]
    kept = root / ANNOTATIONS
    shutil.copy(root / "cache" / ANNOTATIONS, kept)
    with sqlite3.connect(kept) as db:
        db.execute("DELETE FROM derived")
    return kept


def build(root: Path, out: str, cache: str, annotations: Path):
    cache_dir = root / cache
    if not cache_dir.exists():
        cache_dir.mkdir()
        shutil.copy(annotations, cache_dir / ANNOTATIONS)
    built = build_site(root / "content", root / out, cache_dir)
    assert built.returncode == 0, built.log[-3000:]
    return built


FILE = st.integers(0, 9)  # which present file (modulo how many there are)
TEXT = st.integers(0, len(POOL) - 1)
CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("add"), TEXT),
        st.tuples(st.just("edit"), FILE, TEXT),
        st.tuples(st.just("delete"), FILE),
    ),
    min_size=1,
    max_size=3,
)


def apply(raw: Path, change: tuple, counter: list[int]) -> None:
    """One change to the raw folder: a new file, another text in a file, a file gone (the
    last file is kept: an empty archive is another test's business)."""
    present = sorted(raw.glob("*.txt"))
    if change[0] == "add":
        counter[0] += 1
        (raw / f"f{counter[0]:02d}.txt").write_text(POOL[change[1]], encoding="utf-8")
    elif change[0] == "edit":
        present[change[1] % len(present)].write_text(POOL[change[2]], encoding="utf-8")
    elif len(present) > 1:
        present[change[1] % len(present)].unlink()


@settings(
    max_examples=2,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(first=st.lists(TEXT, min_size=1, max_size=3), changes=CHANGES)
# Always tried: a dated article and an undated copy of it; another undated one joins, an
# exact duplicate of the first arrives, the first undated one is edited into a stamped
# copy of another seed, then the first dated one is deleted (its duplicate stays).
@example(first=[0, 3], changes=[("add", 8), ("add", 0), ("edit", 1, 9), ("delete", 0)])
def test_incremental_builds_equal_a_cold_build(annotations, first, changes):
    with tempfile.TemporaryDirectory(prefix="explainer-property-") as folder:
        root = Path(folder)
        raw = root / "content" / "raw"
        raw.mkdir(parents=True)
        counter = [0]
        for index in first:
            apply(raw, ("add", index), counter)
        build(root, "out", "cache", annotations)
        for change in changes:
            apply(raw, change, counter)
            build(root, "out", "cache", annotations)
        cold = build(root, "cold", "cold-cache", annotations)
        assert unexplained(differences(root / "out", cold.output), root / "out", cold.output) == []


def unexplained(names: list[str], incremental: Path, cold: Path) -> list[str]:
    """The differences that are not redirects: an article whose URL moved keeps its old URL
    as a redirect page while its source file is published (docs/caching.md), which only a
    build that saw the old URL can write.  A redirect must lead to a page of the cold tree."""
    left = []
    for name in names:
        page = incremental / name
        moved = not (cold / name).exists() and name.endswith(".html") and page.is_file()
        html = page.read_text(encoding="utf-8") if moved else ""
        if 'http-equiv="refresh"' not in html:
            left.append(name)
            continue
        target = (page.parent / redirect_target(html)).resolve() / "index.html"
        if not (cold / target.relative_to(incremental.resolve())).is_file():
            left.append(name)
    return left
