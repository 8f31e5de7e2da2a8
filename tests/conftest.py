import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import settings

sys.path.insert(0, str(Path(__file__).parent))

# --- property tests: the same examples in every run -------------------------------------------
# The suite (and CI) runs each property test on the examples its seed derives, so a run is
# never turned red by an example met by chance for a bug that was there before (it happened:
# test_clean_properties' stamp example). To look for new examples, run with
# HYPOTHESIS_PROFILE=explore; a failing one found that way goes into the test as an @example.
settings.register_profile("suite", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))

from sitebuild import ROOT, BuiltSite, build_site, seed_content  # noqa: E402
from support.annotations import ANNOTATIONS, annotations_only  # noqa: E402
from support.session_builds import shared_builds  # noqa: E402

# --- two workers (pytest-xdist; pyproject.toml's addopts: -n 2 --dist loadfile) -----------
# Each test module runs whole on one worker, so its module-scoped builds are made once.  The
# modules are handed out longest first (the longest-processing-time rule), so that the last
# ones left to run are short and neither worker waits long for the other at the end: the
# modules below by their seconds on a quiet 2-core machine (December 2026, from
# `--durations=0` with both workers busy), then the other modules holding a slow test, then
# the rest in file order.  A build that several modules share (tests/support/session_builds.py)
# is made by the first of them to run.  (--dist loadgroup would also keep modules that share
# a build together, but pytest-xdist 3.8's groups do not reach the scheduler under pytest 9.)
MODULE_SECONDS = {
    "test_charts_browser.py": 34,
    "test_hostile.py": 29,
    "test_crash.py": 28,
    "test_build_inputs.py": 24,
    "test_chronology_pages.py": 23,
    "test_browser.py": 23,
    "test_dask.py": 17,
    "test_hostile_browser.py": 16,
    "test_topics.py": 15,
    "test_archive_stage.py": 13,
    "test_corpus.py": 11,
    "test_dask_merges.py": 10,
    "test_incremental.py": 8,
    "test_charts_site.py": 7,
    "test_foreign_site.py": 6,
    "test_discovery_site.py": 6,
    "test_labeller.py": 6,
    "test_incremental_property.py": 5,
    "test_two_builds_in_one_process.py": 4,
    "test_clean.py": 4,
    "test_clean_properties.py": 4,
}


def pytest_collection_modifyitems(config, items):
    slow = {item.path for item in items if item.get_closest_marker("slow")}

    def handed_out(item) -> tuple:
        return (-MODULE_SECONDS.get(item.path.name, 0), item.path not in slow)

    items.sort(key=handed_out)  # stable: the order within a module is kept


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuiltSite:
    """A full build of the real content/ (development settings), made once per test
    session (in the first worker that asks) into a temporary folder with a temporary cache.
    Read it only: a build on its cache copies the cache first."""
    (result,) = shared_builds(
        tmp_path_factory,
        "built-site",
        lambda base: [build_site(ROOT / "content", base / "output", base / "cache")],
    )
    if result.returncode != 0 or not (result.output / "index.html").is_file():
        tail = "\n".join(result.log.splitlines()[-40:])
        pytest.fail(f"site build failed (exit {result.returncode}):\n{tail}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def seed_annotations(built, tmp_path_factory) -> Path:
    """spaCy's annotations of the seeds and of the default taxonomy's phrases, alone in an
    annotation cache file taken from `built`'s cache (tests/support/annotations.py): builds of
    the seeds where cold annotation is not the point start their cache from a copy."""
    folder = tmp_path_factory.mktemp("seed-annotations")
    return annotations_only(built.cache, folder / ANNOTATIONS)


@pytest.fixture(scope="session")
def hash_seed_builds(tmp_path_factory) -> tuple[BuiltSite, BuiltSite]:
    """Two cold `pelican` builds of every seed, each in its own process under its own hash
    seed (PYTHONHASHSEED 1 and 2) with its own cache: what determinism across processes is
    checked on (test_determinism.py, test_charts_site.py), made once per test session.
    The two processes run at the same time (a worker waits on them)."""

    def make(root: Path) -> list[BuiltSite]:
        content = seed_content(root)

        def build(seed: int) -> BuiltSite:
            env = {"PYTHONHASHSEED": str(seed)}
            out, cache = root / f"out{seed}", root / f"cache{seed}"
            return build_site(content, out, cache, env=env, separate_process=True)

        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(build, (1, 2)))

    builds = tuple(shared_builds(tmp_path_factory, "hash-seeds", make))
    for result in builds:
        assert result.returncode == 0, result.log[-3000:]
    return builds


@pytest.fixture(scope="session")
def built_site(built) -> Path:
    """The output folder of the real site's build."""
    return built.output


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright, shared by the browser test modules
    (which skip themselves when Chromium is missing)."""
    from browser_support import launch_chromium
    from playwright import sync_api

    with sync_api.sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
