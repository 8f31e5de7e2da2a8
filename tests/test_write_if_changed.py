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


# Lists as the export writes them an item at a time (write_json_list): each must come out
# as dump_json writes the whole list, the slow path's items among them.
LISTS = [
    [],
    [1],
    [{}],
    [[], {}, None, "", 0],
    [{"b": 1, "a": [1, 2, {"z": "Élysée “quoted”"}]}, {"text": "line\nbreak\ttab"}],
    [{"small": 1e-05}, {"fine": 0.5}],  # json.dumps' spelling for one item only
    [{1: "an int key"}, {"big": 2**70}],  # orjson refuses these
    [[[["deep"]]], {"a": {"b": {"c": []}}}],
]


@pytest.mark.parametrize("items", LISTS)
def test_a_list_written_an_item_at_a_time_is_dump_json_of_the_list(tmp_path, items):
    assert b"".join(output.json_list_pieces(items)) == output.dump_json(items)
    path = tmp_path / "data" / "list.json"
    assert output.write_json_list(path, items) is True
    assert path.read_bytes() == output.dump_json(items)
    os.utime(path, (1_000_000, 1_000_000))
    assert output.write_json_list(path, items) is False
    assert path.stat().st_mtime == 1_000_000


def test_a_list_file_is_rewritten_when_an_item_changes_and_records_are_made_per_item(tmp_path):
    path = tmp_path / "list.json"
    output.write_json_list(path, [1, 2, 3], lambda n: {"n": n})
    assert path.read_bytes() == output.dump_json([{"n": 1}, {"n": 2}, {"n": 3}])
    for changed in ([1, 2, 4], [1, 2], [1, 2, 3, 4], []):
        assert output.write_json_list(path, changed, lambda n: {"n": n}) is True
        assert path.read_bytes() == output.dump_json([{"n": n} for n in changed])
