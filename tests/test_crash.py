"""A build killed at any moment does not poison the next one: SIGKILL at a few random
points of a cold and of an incremental build, then a normal build must give the clean cold
build's tree byte for byte, with every cache readable; two builds on one cache wait."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
from sitebuild import ROOT, SEEDS, build_command, build_env, build_site, seed_content
from test_determinism import differences

KILLS = 3  # points per kind of build: enough to land in reading, the archive stage, writing
MARKER = ".explainer-build-incomplete"


def killed_build(content: Path, output: Path, cache: Path, after: float) -> None:
    """Start a build and SIGKILL its whole process group (workers, Pagefind) after `after` s."""
    process = subprocess.Popen(
        build_command(content, output, cache),
        cwd=ROOT,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def assert_caches_readable(cache: Path) -> None:
    for database in cache.glob("*.sqlite"):
        with sqlite3.connect(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",), database
    for manifest in cache.glob("explainer-output-*.json"):
        json.loads(manifest.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """A clean cold build of every seed, and how long it took."""
    root = tmp_path_factory.mktemp("crash-reference")
    content = seed_content(root)
    started = time.monotonic()
    built = build_site(content, root / "out", root / "cache")
    assert built.returncode == 0, built.log[-3000:]
    return content, built.output, time.monotonic() - started


@pytest.mark.parametrize("kind", ["cold", "incremental"])
def test_a_killed_build_does_not_poison_the_next(tmp_path, reference, kind):
    content, expected, seconds = reference
    points = sorted(random.Random(f"kill-{kind}").uniform(0.2, seconds) for _ in range(KILLS))
    for n, after in enumerate(points):
        root = tmp_path / f"kill-{n}"
        output, cache = root / "out", root / "cache"
        if kind == "incremental":  # a finished build of part of the seeds comes first
            partial = seed_content(root / "partial", SEEDS[:2])
            assert build_site(partial, output, cache).returncode == 0
        killed_build(content, output, cache, after)
        assert_caches_readable(cache)
        again = build_site(content, output, cache)
        assert again.returncode == 0, (after, again.log[-3000:])
        assert not (output / MARKER).exists()
        assert differences(output, expected) == [], f"killed after {after:.2f}s"
        assert_caches_readable(cache)


def test_a_killed_build_leaves_its_output_marked_incomplete(tmp_path, reference):
    content, _, _ = reference
    output = tmp_path / "out"
    process = subprocess.Popen(
        build_command(content, output, tmp_path / "cache"),
        cwd=ROOT,
        env=build_env(),
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    while process.poll() is None and not (output / "index.html").exists():
        time.sleep(0.02)  # killed as soon as the first page is out, before the search index
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if process.returncode == 0:
        pytest.skip("the build finished before it could be killed")
    assert (output / MARKER).is_file()


def test_two_builds_on_one_cache_wait_for_each_other(tmp_path, reference):
    content, expected, _ = reference
    cache = tmp_path / "cache"
    commands = [build_command(content, tmp_path / f"out{i}", cache) for i in range(2)]
    runs = [
        subprocess.Popen(c, cwd=ROOT, env=build_env(), stdout=subprocess.PIPE, text=True)
        for c in commands
    ]
    logs = [run.communicate(timeout=600)[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    waited = [line for log in logs for line in log.splitlines() if "waiting for it" in line]
    assert len(waited) == 1, logs  # started together: the second one waits, and says so
    for i in range(2):
        assert differences(tmp_path / f"out{i}", expected) == []
