"""The in-process build helper behaves as a fresh `pelican` process: the same tree as the
command, and nothing carried from one build to the next (signal receivers, Pelican's log
de-duplication, settings, working folder, environment)."""

from __future__ import annotations

import os
import sys

import pytest
from pelican.plugins import signals
from sitebuild import SEEDS, build_site, seed_content
from test_determinism import differences


def plugin_receivers() -> list[str]:
    """The explainer plugin's functions connected to any Pelican signal."""
    return [
        f"{name}:{ref().__module__}.{ref().__name__}"
        for name, signal in vars(signals).items()
        if hasattr(signal, "receivers")
        for ref in signal.receivers.values()
        if callable(ref) and ref() is not None and "explainer_archive" in ref().__module__
    ]


def test_an_in_process_build_gives_the_commands_tree(built, hash_seed_builds):
    # `built` is content/ (the seeds) built in this process; the other, the same seeds built
    # by the `pelican` command in a process of its own.
    assert differences(built.output, hash_seed_builds[0].output) == []


def test_a_build_leaves_no_receiver_behind(tmp_path):
    before_cwd, before_path = os.getcwd(), list(sys.path)
    seed_content(tmp_path, SEEDS[:1])
    built = build_site(tmp_path / "content", tmp_path / "output", tmp_path / "cache")
    assert built.returncode == 0, built.log[-3000:]
    assert plugin_receivers() == []
    assert (os.getcwd(), sys.path) == (before_cwd, before_path)
    # Without the plugin (and with a theme that needs none of its templates), nothing of
    # it runs: no reader for raw files, no fallback templates, no explainer pages.
    without = {"PLUGINS": [], "THEME": "simple", "DIRECT_TEMPLATES": ["index"]}
    bare = build_site(
        tmp_path / "content", tmp_path / "bare", tmp_path / "bare-cache", extra=without
    )
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
