import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from sitebuild import ROOT, BuiltSite, build_site, seed_content  # noqa: E402

# --- two workers (pytest-xdist; pyproject.toml's addopts: -n 2 --dist loadgroup) -----------
# Each test module runs whole on one worker, so its module-scoped builds are made once.
# Modules that share a build made once per process (a session fixture, or a cached helper)
# form one group, so that build is made once in the whole run.  Groups with a slow test are
# handed out first, so that the last groups left to run are short ones.
SHARED_BUILDS = {
    # hostile_build (functools.cache in test_hostile.py)
    "test_hostile.py": "hostile-build",
    "test_hostile_browser.py": "hostile-build",
    # the hash_seed_builds session fixture
    "test_determinism.py": "hash-seed-builds",
    "test_charts_site.py": "hash-seed-builds",
    "test_sitebuild.py": "hash-seed-builds",
}


def xdist_group(item: pytest.Item) -> str:
    marker = item.get_closest_marker("xdist_group")
    if marker is None:
        return SHARED_BUILDS.get(item.path.name, item.path.name)
    return marker.args[0] if marker.args else marker.kwargs.get("name", "default")


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(xdist_group(item)))
    slow = {xdist_group(item) for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: xdist_group(item) not in slow)  # stable: order kept within


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> BuiltSite:
    """A full build of the real content/ (development settings), made once per test
    session (in this process) into a temporary folder with a temporary cache."""
    base = tmp_path_factory.mktemp("built-site")
    result = build_site(ROOT / "content", base / "output", base / "cache", timeout=900)
    if result.returncode != 0 or not (result.output / "index.html").is_file():
        tail = "\n".join(result.log.splitlines()[-40:])
        pytest.fail(f"site build failed (exit {result.returncode}):\n{tail}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def hash_seed_builds(tmp_path_factory) -> tuple[BuiltSite, BuiltSite]:
    """Two cold `pelican` builds of every seed, each in its own process under its own hash
    seed (PYTHONHASHSEED 1 and 2) with its own cache: what determinism across processes is
    checked on (test_determinism.py, test_charts_site.py)."""
    root = tmp_path_factory.mktemp("hash-seeds")
    content = seed_content(root)
    builds = tuple(
        build_site(
            content,
            root / f"out{seed}",
            root / f"cache{seed}",
            env={"PYTHONHASHSEED": str(seed)},
            separate_process=True,
        )
        for seed in (1, 2)
    )
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
