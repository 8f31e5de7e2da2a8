"""The in-process build helper behaves as a fresh `pelican` process: the same tree as the
command, and nothing carried from one build to the next (signal receivers, Pelican's log
de-duplication, settings, working folder, environment)."""

from __future__ import annotations

import os
import sys
import weakref

import pelican.plugins.explainer_archive as plugin
import pytest
from pelican.plugins import signals
from sitebuild import SEEDS, build_site, seed_content
from test_determinism import differences


def plugin_functions() -> list:
    """The explainer plugin's functions connected to any Pelican signal, with the signal."""
    found = []
    for signal in vars(signals).values():
        for ref in getattr(signal, "receivers", {}).values():
            function = ref() if isinstance(ref, weakref.ref) else ref
            if function is not None and "explainer_archive" in function.__module__:
                found.append((signal, function))
    return found


def disconnect_plugin(keep: list) -> None:
    for signal, function in plugin_functions():
        if (signal, function) not in keep:
            signal.disconnect(function)


def plugin_receivers() -> list[str]:
    return sorted(f"{signal.name}:{function.__name__}" for signal, function in plugin_functions())


def test_an_in_process_build_gives_the_commands_tree(built, hash_seed_builds):
    # `built` is content/ (the seeds) built in this process; the other, the same seeds built
    # by the `pelican` command in a process of its own.
    assert differences(built.output, hash_seed_builds[0].output) == []


def test_a_build_starts_with_no_receiver_and_leaves_none_behind(tmp_path):
    before_cwd, before_path = os.getcwd(), list(sys.path)
    before = plugin_receivers()
    seed_content(tmp_path, SEEDS[:1])
    built = build_site(tmp_path / "content", tmp_path / "output", tmp_path / "cache")
    assert built.returncode == 0, built.log[-3000:]
    assert plugin_receivers() == before
    assert (os.getcwd(), sys.path) == (before_cwd, before_path)
    # Receivers a test connected itself (as test_autoreload does) are set aside during a
    # build and put back after it.  Without the plugin (and with a theme that needs none
    # of its templates), nothing of it runs: no raw files read, no explainer pages.
    already = plugin_functions()
    plugin.register()
    connected = plugin_receivers()
    try:
        without = {"PLUGINS": [], "THEME": "simple", "DIRECT_TEMPLATES": ["index"]}
        bare = build_site(
            tmp_path / "content", tmp_path / "bare", tmp_path / "bare-cache", extra=without
        )
        assert plugin_receivers() == connected
    finally:
        disconnect_plugin(keep=already)
    assert bare.returncode == 0, bare.log[-3000:]
    assert "explainer:" not in bare.log
    assert not (tmp_path / "bare" / "actors").exists()
    assert not (tmp_path / "bare" / "data").exists()


def test_the_same_warning_is_logged_by_each_build(tmp_path):
    # Pelican's log filter drops a message it has seen before in the process: each build
    # must start with it empty, as a new process does.
    raw = seed_content(tmp_path, SEEDS[:1]) / "raw"
    (raw / "empty.txt").write_bytes(b"")
    logs = []
    for n in (1, 2):
        built = build_site(tmp_path / "content", tmp_path / f"out{n}", tmp_path / f"cache{n}")
        assert built.returncode == 0, built.log[-3000:]
        logs.append([line for line in built.log.splitlines() if "empty.txt" in line])
    assert logs[0] and logs[0] == logs[1]


def test_environment_settings_last_one_build(tmp_path):
    before = os.environ.get("EXPLAINER_SPACY_MODEL")
    seed_content(tmp_path, SEEDS[:1])
    missing = build_site(
        tmp_path / "content",
        tmp_path / "output",
        tmp_path / "cache",
        env={"EXPLAINER_SPACY_MODEL": "en_core_web_missing"},
    )
    assert missing.returncode == 1
    assert missing.log.strip().splitlines()[-1].startswith("explainer: ")
    assert os.environ.get("EXPLAINER_SPACY_MODEL") == before


@pytest.mark.parametrize(
    "kwargs",
    [{"env": {"PYTHONHASHSEED": "1"}}, {"flags": ("--fatal", "warnings")}],
)
def test_what_needs_a_process_of_its_own_is_refused_in_process(tmp_path, kwargs):
    with pytest.raises(ValueError, match="separate_process"):
        build_site(tmp_path / "content", tmp_path / "output", tmp_path / "cache", **kwargs)
