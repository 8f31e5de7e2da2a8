"""A rebuild whose inputs are unchanged does not render the plugin's pages again: the inputs
key (site/unchanged.py) vouches for the files the last build made.  A table of values the
key must read the same way in every build; the kept key on disk; and real builds of the
seeds: a rebuild leaves a file it did not render as it was, a missing file or a changed
setting renders everything again, and the tree then equals a cold build's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.site import unchanged
from pelican.plugins.explainer_archive.site.output import manifest_path
from sitebuild import SEEDS, seed_content
from support.annotations import build_with_annotations as build
from test_determinism import differences


class Opaque:
    """An object with the default repr, which holds a memory address."""


@pytest.mark.parametrize(
    ("value", "same_as"),
    [
        ({"b", "a", "c"}, {"c", "a", "b"}),  # a set in any iteration order
        (frozenset({2, 1}), frozenset({1, 2})),
        (Path("content/raw"), "content/raw"),
        (dt.date(2024, 6, 11), dt.date(2024, 6, 11)),
        (Opaque(), Opaque()),  # by its type, never its address
        (json.dumps, json.dumps),  # a function by its qualified name
        ([1, "x", None], (1, "x", None)),
        ({2: "b", 1: "a"}, {"1": "a", "2": "b"}),  # keys that are not text, as json.dumps
        (2**70, 2**70),  # beyond orjson's 64 bits: json.dumps writes it
        ("\ud800", "\ud800"),  # not valid Unicode: json.dumps writes it
    ],
)
def test_a_value_reads_the_same_in_every_build(value, same_as):
    assert unchanged.key_json(value) == unchanged.key_json(same_as)


@pytest.mark.parametrize(
    ("value", "other"),
    [
        ({"a"}, {"b"}),
        (Path("a"), Path("b")),
        (dt.date(2024, 6, 11), dt.date(2024, 6, 12)),
        (json.dumps, json.loads),
        ({"SITEURL": ""}, {"SITEURL": "https://example.org"}),
        (2**70, 2**70 + 1),
        ({"b": 1, "a": [2**64, "x"]}, {"b": 1, "a": [2**64 + 1, "x"]}),
        ("\ud800", "\ud801"),
    ],
)
def test_different_values_read_differently(value, other):
    assert unchanged.key_json(value) != unchanged.key_json(other)


class Strict(TypeError):
    pass


def strict(value):
    raise Strict(type(value).__name__)


def test_a_strict_default_still_raises_to_the_caller():
    # orjson wraps the default's error; the key falls back to json.dumps, which raises it.
    with pytest.raises(Strict):
        unchanged.key_json({"page": Opaque()}, default=strict)


def test_the_kept_key_vouches_only_for_files_that_are_there(tmp_path):
    manifest, output = tmp_path / "cache" / "explainer-output-x.json", tmp_path / "out"
    (output / "topics").mkdir(parents=True)
    (output / "topics" / "index.html").write_text("<h1>Topics</h1>")
    files = ["topics/index.html", "data/gone.json"]
    unchanged.remember_inputs(manifest, output, "k1", files)
    assert unchanged.reusable_files(manifest, output, "k1") == ["topics/index.html"]
    assert unchanged.reusable_files(manifest, output, "k2") is None  # other inputs
    assert unchanged.reusable_files(manifest, output, None) is None  # no archive key
    (output / "topics" / "index.html").unlink()
    assert unchanged.reusable_files(manifest, output, "k1") is None  # a file went missing
    (output / "topics" / "index.html").write_text("<h1>Topics</h1>")
    unchanged.forget_inputs(manifest)  # as a build does before it renders
    assert unchanged.reusable_files(manifest, output, "k1") is None
    unchanged.inputs_path(manifest).write_text('{"key": "k1", "files": [')  # half-written
    assert unchanged.reusable_files(manifest, output, "k1") is None


MARK = b"<!-- not rendered again -->\n"


def test_an_unchanged_rebuild_keeps_the_files_it_made_and_a_change_renders_them(
    tmp_path, seed_annotations
):
    seed_content(tmp_path, SEEDS[:3])
    first = build(tmp_path, "out", annotations=seed_annotations)
    page = first.output / "topics" / "index.html"
    cold = build(tmp_path, "cold", cache="cold-cache", annotations=seed_annotations)
    assert differences(first.output, cold.output) == []

    page.write_bytes(page.read_bytes() + MARK)  # only a build that renders it removes this
    build(tmp_path, "out")
    assert page.read_bytes().endswith(MARK), "rendered again though nothing changed"

    gone = first.output / "data" / "topics.json"
    gone.unlink()  # a file the key vouched for is missing: everything is rendered again
    build(tmp_path, "out")
    assert gone.is_file() and not page.read_bytes().endswith(MARK)
    assert differences(first.output, cold.output) == []

    described = {"EXPLAINER_SITE_DESCRIPTION": "The Gaza war and the diplomacy around it."}
    page.write_bytes(page.read_bytes() + MARK)
    build(tmp_path, "out", extra=described)  # a setting changed: rendered again
    assert not page.read_bytes().endswith(MARK)
    cold_described = build(
        tmp_path, "cold2", cache="cold-cache2", extra=described, annotations=seed_annotations
    )
    assert differences(first.output, cold_described.output) == []
    key_file = unchanged.inputs_path(manifest_path(tmp_path / "cache", first.output))
    assert json.loads(key_file.read_text(encoding="utf-8"))["files"]
