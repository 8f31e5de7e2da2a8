"""A rebuild whose inputs are unchanged does not compute the article pages' keys again
(site/article_pages.py): the inputs key of the build (site/unchanged.py) with the build-wide
part of the article template vouches for the kept keys.  A table of templates whose pages
may or may not be left this way; and real builds of the seeds: nothing changed computes no
key and rewrites no page, a missing page is rendered, one new article computes every key
again, and the tree equals a cold build's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jinja2 import DictLoader, Environment
from pelican.plugins.explainer_archive.site import article_pages
from sitebuild import SEEDS, build_site, seed_content
from test_determinism import differences


@pytest.mark.parametrize(
    ("templates", "context", "archive_key", "vouched"),
    [
        ({"a.html": "{{ SITENAME }} {{ article.title }}"}, {"SITENAME": "Site"}, "s1", True),
        # No archive state key (the archive stage did not run): every page has its own key.
        ({"a.html": "{{ SITENAME }}"}, {"SITENAME": "Site"}, None, False),
        # A list of Pelican objects (a sidebar): its pages are rendered every time.
        ({"a.html": "{{ articles|length }}"}, {"articles": [object()]}, "s1", False),
        ({"a.html": "{% include name %}", "b.html": ""}, {"name": "b.html"}, "s1", False),
    ],
)
def test_only_keyed_templates_with_an_archive_key_have_an_inputs_fingerprint(
    templates, context, archive_key, vouched, tmp_path
):
    env = Environment(loader=DictLoader(templates))
    settings = {"EXPLAINER_CACHE_DIR": str(tmp_path), "SITENAME": "Site"}
    keys = article_pages.PageKeys(settings, tmp_path, "code")
    keys.archive_key = archive_key
    assert (keys.inputs_fingerprint(env, "a.html", context) is not None) == vouched


def test_the_inputs_fingerprint_follows_the_archive_key_and_what_the_template_reads(tmp_path):
    env = Environment(loader=DictLoader({"a.html": "{{ MENU }} {{ article.title }}"}))
    settings = {"EXPLAINER_CACHE_DIR": str(tmp_path)}

    def inputs(archive_key: str, menu: list) -> str | None:
        keys = article_pages.PageKeys(settings, tmp_path, "code")
        keys.archive_key = archive_key
        return keys.inputs_fingerprint(env, "a.html", {"MENU": menu})

    same = inputs("s1", [["A", "/"]])
    assert same == inputs("s1", [["A", "/"]])
    assert same != inputs("s2", [["A", "/"]])
    assert same != inputs("s1", [["B", "/"]])


def article_stamps(output: Path) -> dict[str, int]:
    return {
        p.relative_to(output).as_posix(): p.stat().st_mtime_ns
        for p in sorted((output / "articles").glob("*/index.html"))
    }


def build(root: Path, out: str, cache: str = "cache"):
    built = build_site(root / "content", root / out, root / cache)
    assert built.returncode == 0, built.log[-3000:]
    return built


@pytest.fixture
def counted_keys(monkeypatch):
    """How many article page keys each build computes."""
    calls = []
    original = article_pages.PageKeys.key

    def key(self, *args, **kwargs):
        calls.append(args[2])
        return original(self, *args, **kwargs)

    monkeypatch.setattr(article_pages.PageKeys, "key", key)
    return calls


def test_a_rebuild_with_nothing_changed_computes_no_article_page_key(tmp_path, counted_keys):
    content = seed_content(tmp_path, SEEDS[:3])
    first = build(tmp_path, "out")
    assert len(counted_keys) == 3
    kept = json.loads(next((tmp_path / "cache").glob("*.pages.json")).read_text())
    assert list(kept["inputs"]) == ["article.html"]
    before = article_stamps(first.output)

    counted_keys.clear()
    build(tmp_path, "out")
    assert counted_keys == [], "a rebuild with nothing changed computed page keys"
    assert article_stamps(first.output) == before

    gone = next(iter(before))
    (first.output / gone).unlink()
    counted_keys.clear()
    build(tmp_path, "out")
    assert counted_keys == [gone], "only the missing page is keyed and rendered"
    after = article_stamps(first.output)
    assert {name for name in before if after[name] != before[name]} == {gone}

    (content / "raw" / SEEDS[3].name).write_bytes(SEEDS[3].read_bytes())
    counted_keys.clear()
    incremental = build(tmp_path, "out")
    assert len(counted_keys) == 4, "one new article: every page's key is computed again"
    cold = build(tmp_path, "cold", cache="cold-cache")
    assert differences(incremental.output, cold.output) == []
    counted_keys.clear()
    again = build(tmp_path, "out")
    assert counted_keys == []
    assert differences(again.output, cold.output) == []
