"""site/output.py write_if_changed: a file is written only when its bytes differ, compared
a block at a time (an export file is not read whole beside its new bytes)."""

from __future__ import annotations

import os

import pytest
from pelican.plugins.explainer_archive.site import output

BLOCK = output.COMPARE_BLOCK
LONG = bytes(range(256)) * (3 * BLOCK // 256) + b"tail"  # three blocks and a bit

# (what the file holds, what is written, whether it is written)
CASES = [
    (b"", b"", False),
    (b"same", b"same", False),
    (LONG, LONG, False),
    (b"same", b"Same", True),
    (LONG, LONG[:-1] + b"!", True),  # differs in the last, short block
    (LONG, b"!" + LONG[1:], True),  # differs in the first block
    (LONG, LONG[: 2 * BLOCK] + b"?" + LONG[2 * BLOCK + 1 :], True),  # at a block's start
    (LONG, LONG[:-1], True),  # shorter
    (LONG[:-1], LONG, True),  # longer
    (LONG[:BLOCK], LONG[:BLOCK], False),  # exactly one block
]


@pytest.mark.parametrize(("stored", "data", "written"), CASES)
def test_written_only_when_the_bytes_differ(tmp_path, stored, data, written):
    path = tmp_path / "data" / "file.json"
    path.parent.mkdir()
    path.write_bytes(stored)
    os.utime(path, (1_000_000, 1_000_000))
    assert output.write_if_changed(path, data) is written
    assert path.read_bytes() == data
    assert (path.stat().st_mtime == 1_000_000) is not written


def test_holds_compares_past_the_size(tmp_path):
    """holds alone (the size is checked before it): a longer file does not hold a prefix."""
    path = tmp_path / "file"
    path.write_bytes(LONG)
    assert output.holds(path, LONG)
    assert not output.holds(path, LONG[:BLOCK])


def test_a_missing_file_and_folder_are_made(tmp_path):
    path = tmp_path / "new" / "folder" / "file.json"
    assert output.write_if_changed(path, b"{}\n") is True
    assert path.read_bytes() == b"{}\n"
    assert output.write_text(path, "{}\n") is False
