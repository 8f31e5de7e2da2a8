"""A build killed at any moment does not poison the next one: SIGKILL at 20 random points,
10 in cold and 10 in incremental builds, then a normal build must give the clean cold
build's tree byte for byte, with every cache readable; two builds on one cache wait.

The kills come in chains: each chain starts from a clean state (nothing, or a finished
build of part of the seeds), kills KILLS_PER_CHAIN builds in a row, each one starting from
what the previous killed build left, checks every cache after each kill, then runs a normal
build and compares its tree with the clean cold build.  A chain is a harder test than
independent kills (damage may compound), and it needs one recovery build per chain rather
than per kill, which keeps the 20 points affordable in the suite."""

from __future__ import annotations

import gzip
import json
import pickle
import random
import shutil
import sqlite3
import time
from pathlib import Path

import pytest
from sitebuild import SEEDS, build_site, seed_content
from support.forked_builds import forked_build, kill_group, killed_build, start_build
from test_determinism import differences

CHAINS = 2  # per kind of build (cold, incremental)
KILLS_PER_CHAIN = 5  # 2 kinds x 2 chains x 5 = 20 kill points
MARKER = ".explainer-build-incomplete"
STATE = "explainer-annotations.archive-state.sqlite"
ANNOTATIONS = "explainer-annotations.sqlite"

# About 25 `pelican` builds, 21 of them killed part-way, each forked from a process that has
# already imported Pelican, the plugin and spaCy (tests/support/forked_builds.py),
# so that every kill point lands in the build itself.
pytestmark = pytest.mark.slow


def assert_caches_readable(cache: Path) -> None:
    # The annotation cache and the archive state's database (archive/state.py).
    for database in cache.glob("*.sqlite"):
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",), database
    for manifest in cache.glob("explainer-output-*.json"):
        json.loads(manifest.read_text(encoding="utf-8"))
    # Pelican's own content caches, gzipped pickles (saved whole by the plugin: a kill while
    # Pelican wrote one in place left half a pickle that stopped the next build).
    for pickled in cache.glob("pelican-*/*Generator*"):
        if not pickled.name.startswith("."):
            with gzip.open(pickled, "rb") as handle:
                pickle.load(handle)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A clean cold build of every seed, and how long it took: forked like the builds that
    are killed, so the kill points span a whole run."""
    root = tmp_path_factory.mktemp("crash-reference")
    content = seed_content(root)
    built = forked_build(content, root / "out", root / "cache", root / "build.log")
    assert built.returncode == 0, built.log[-3000:]
    assert any(built.cache.glob("pelican-*/*Generator*")), "Pelican's caches are checked"
    return content, built.output, built.seconds, built.cache


def annotated_cache(reference_cache: Path, cache: Path) -> Path:
    """A new cache folder holding only spaCy's annotations of the seeds (the reference
    build's, its derived results dropped): annotations are keyed by content and model, so a
    build starting from it still derives, merges and renders everything, without loading
    spaCy.  For the tests where what is killed or locked, not cold annotation, is the point."""
    cache.mkdir(parents=True)
    shutil.copy(reference_cache / ANNOTATIONS, cache / ANNOTATIONS)
    with sqlite3.connect(cache / ANNOTATIONS) as db:
        db.execute("DELETE FROM derived")
    db.close()
    return cache


def start_chain(tmp_path: Path, kind: str) -> tuple[Path, Path]:
    """A clean starting state: nothing (cold), or a finished build of part of the seeds."""
    output, cache = tmp_path / "out", tmp_path / "cache"
    shutil.rmtree(output, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    if kind == "incremental":
        shutil.rmtree(tmp_path / "partial", ignore_errors=True)
        partial = seed_content(tmp_path / "partial", SEEDS[:2])
        assert build_site(partial, output, cache).returncode == 0
    return output, cache


@pytest.mark.parametrize("chain", range(CHAINS))
@pytest.mark.parametrize("kind", ["cold", "incremental"])
def test_a_killed_build_does_not_poison_the_next(tmp_path, reference, kind, chain):
    content, expected, seconds, _ = reference
    chance = random.Random(f"kill-{kind}-{chain}")
    # The kill points span the reference build's time. Under a varying load (two test
    # workers) a build may run faster than the reference did and finish before the chain's
    # first kill: then the chain starts again from its clean state with the points halved,
    # so that the first kill always lands in a running build.
    for attempt in range(4):
        output, cache = start_chain(tmp_path, kind)
        span = seconds / 2**attempt
        points = [chance.uniform(0.2, span) for _ in range(KILLS_PER_CHAIN)]
        killed = [killed_build(content, output, cache, tmp_path / "build.log", points[0])]
        assert_caches_readable(cache)
        if killed[0]:
            break
    for after in points[1:]:
        killed.append(killed_build(content, output, cache, tmp_path / "build.log", after))
        assert_caches_readable(cache)
    assert killed[0], "the first kill of a chain must land in a running build"
    again = build_site(content, output, cache)
    assert again.returncode == 0, (points, again.log[-3000:])
    assert not (output / MARKER).exists()
    assert differences(output, expected) == [], f"killed after {points} s ({killed})"
    assert_caches_readable(cache)
    with sqlite3.connect(cache / STATE) as db:  # the finished build's archive, by key
        assert db.execute("SELECT value FROM meta WHERE name = 'state_key'").fetchone()
        assert db.execute("SELECT count(*) FROM articles").fetchone() == (len(SEEDS),)


def test_a_killed_build_leaves_its_output_marked_incomplete(tmp_path, reference):
    content, _, _, reference_cache = reference
    output = tmp_path / "out"
    cache = annotated_cache(reference_cache, tmp_path / "cache")
    process = start_build(content, output, cache, tmp_path / "build.log")
    while process.exitcode is None and not (output / "index.html").exists():
        time.sleep(0.02)  # killed as soon as the first page is out, before the search index
    kill_group(process)
    if process.exitcode == 0:
        pytest.skip("the build finished before it could be killed")
    assert (output / MARKER).is_file()


def test_two_builds_on_one_cache_wait_for_each_other(tmp_path, reference):
    content, expected, _, reference_cache = reference
    cache = annotated_cache(reference_cache, tmp_path / "cache")
    logs = [tmp_path / f"build{i}.log" for i in range(2)]
    runs = [start_build(content, tmp_path / f"out{i}", cache, logs[i]) for i in range(2)]
    for run in runs:
        run.join(600)
    assert [run.exitcode for run in runs] == [0, 0]
    texts = [log.read_text(encoding="utf-8") for log in logs]
    waited = [line for text in texts for line in text.splitlines() if "waiting for it" in line]
    assert len(waited) == 1, texts  # started together: the second one waits, and says so
    for i in range(2):
        assert differences(tmp_path / f"out{i}", expected) == []
