"""Same input, byte-identical output: across builds, hash seeds, and cached vs fresh
annotations."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

import pytest
from sitebuild import build_site


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(a: Path, b: Path) -> list[str]:
    left, right = tree(a), tree(b)
    names = sorted(set(left) | set(right))
    return [n for n in names if left.get(n) != right.get(n)]


@pytest.fixture(scope="module")
def builds(hash_seed_builds, tmp_path_factory):
    # Two cold builds in two processes with two hash seeds (shared with test_charts_site),
    # then a warm rebuild from (a copy of) the first one's cache in a third process and hash
    # seed.
    first, second = hash_seed_builds
    content = first.output.parent / "content"
    root = tmp_path_factory.mktemp("warm")
    shutil.copytree(first.cache, root / "cache")
    warm = build_site(
        content,
        root / "out3",
        root / "cache",
        env={"PYTHONHASHSEED": "3"},
        separate_process=True,
    )
    assert warm.returncode == 0, warm.log[-3000:]
    return first, second, warm


def test_two_cold_builds_are_byte_identical(builds):
    first, second, _ = builds
    assert differences(first.output, second.output) == []


def test_cached_annotations_give_the_same_tree_as_fresh_ones(builds):
    first, _, warm = builds
    assert "5 cached" in warm.log and "0 annotated" in warm.log, warm.log[-500:]
    assert differences(first.output, warm.output) == []


def test_differences_helper_sees_a_change(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "x.html").write_text("one")
    (tmp_path / "b" / "x.html").write_text("two")
    assert differences(tmp_path / "a", tmp_path / "b") == ["x.html"]
    assert not filecmp.cmp(tmp_path / "a" / "x.html", tmp_path / "b" / "x.html", shallow=False)
