"""site/output.py dump_json writes json.dumps' bytes (sorted keys, two-space indent, UTF-8),
through orjson where it can and json.dumps where orjson would spell a value otherwise."""

from __future__ import annotations

import json

import pytest
from pelican.plugins.explainer_archive.site import output
from pelican.plugins.explainer_archive.site.output import dump_json

CASES = [
    {"slug": "a", "title": "Élysée — “quoted” \u2028 text", "actors": [], "events": {}},
    [{"b": 1, "a": [1, 2, [3, {}]], "c": None, "d": True, "e": False}],
    {"control": "tab\t newline\n cr\r bell\x07 unit\x1f del\x7f", "quote": '"\\/'},
    {"scores": [0.1, 0.25, 1.0, -0.0, 123456789.123, 1e16, 1e22, 1.5e300, 5e-324]},
    # floats below 1e-4: orjson spells them 0.00001 / 1e-7; dump_json must not.
    {"small": [1e-05, 7.7e-05, 3e-07, 1.25e-09, -2e-06]},
    {"bigint": 2**64, "neg": -(2**70)},  # beyond orjson's 64 bits
    {1: "int key", 2: "sorted as ints"},  # keys orjson will not sort
    {"text": "looks like a float: 0.00001 and e-5"},  # only costs the slow path
    [],
    {},
    "a plain string",
    42,
]


@pytest.mark.parametrize("data", CASES)
def test_dump_json_is_json_dumps(data):
    text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    assert dump_json(data) == text.encode("utf-8")


def test_dump_json_of_an_unknown_type_still_fails():
    with pytest.raises(TypeError):
        dump_json({"set": {1, 2}})


# What orjson writes, and whether dump_json must take json.dumps' path for it.
SPELLINGS = [
    (b'{\n  "score": 0.00001\n}', True),
    (b"[\n  -0.00007726274004845913,\n  1\n]", True),
    (b'{\n  "x": 1.5e-7,\n  "y": 2\n}', True),
    (b"[\n  3e-9\n]", True),
    (b'{\n  "slug": "that-hamas-says-it-will-release-6e48c9"\n}', False),
    (b'{\n  "url": "articles/mediation-1e5150/"\n}', False),
    (b'{\n  "score": 0.25,\n  "tiny": 1e-10\n}', False),  # json.dumps spells these alike
]


@pytest.mark.parametrize(("raw", "slow"), SPELLINGS)
def test_which_bytes_take_the_slow_path(raw, slow):
    assert output._spelled_otherwise(raw) is slow
