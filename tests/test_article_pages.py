"""Pelican's article pages are rendered only when their inputs change (site/article_pages.py):
what the key reads of a template (tables of real templates), and, with real Pelican builds of
the seeds, that a rebuild with nothing changed rewrites no article page, that a gone page
or lost keys render again, and that the tree always equals a cold build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader
from pelican.plugins.explainer_archive.site import article_pages
from sitebuild import ROOT, SEEDS, build_site, seed_content
from support.annotations import start_cache
from test_determinism import differences

THEME = ChoiceLoader(
    [
        FileSystemLoader(str(ROOT / "theme" / "templates")),
        FileSystemLoader(str(ROOT / "plugins" / "explainer_archive" / "templates")),
    ]
)


def test_the_theme_article_page_reads_the_archive_only_by_key():
    read = article_pages.names_read(Environment(loader=THEME), "article.html")
    assert {"article", "article_by_slug", "event_urls", "event_sources_shown"} <= read
    assert not read & {"articles", "dates", "events", "actor_pages", "topic_pages"}, read


@pytest.mark.parametrize(
    ("templates", "context", "keyed"),
    [
        ({"a.html": "{{ SITENAME }} {{ article.title }}"}, {"SITENAME": "Site"}, True),
        (
            {"a.html": "{% include 'b.html' %}", "b.html": "{{ MENU }}"},
            {"MENU": [["A", "/"]]},
            True,
        ),
        ({"a.html": "{{ day }}"}, {"day": dt.date(2024, 6, 11)}, True),
        # A list of Pelican objects (a sidebar of recent articles): always rendered.
        ({"a.html": "{{ articles|length }}"}, {"articles": [object()]}, False),
        # A template named by an expression: what it reads cannot be known.
        ({"a.html": "{% include name %}", "b.html": ""}, {"name": "b.html"}, False),
    ],
)
def test_a_template_is_keyed_only_when_everything_it_reads_is_plain(
    templates, context, keyed, tmp_path
):
    env = Environment(loader=DictLoader(templates))
    keys = article_pages.PageKeys({"EXPLAINER_CACHE_DIR": str(tmp_path)}, tmp_path, "code")
    part = keys.build_part(env, "a.html", context)
    assert (part is not None) == keyed


def build(root: Path, out: str, cache: str = "cache", annotations: Path | None = None):
    """A build of root's content; a new cache starts from `annotations` (the seeds' spaCy
    annotations, tests/support/annotations.py): the pages are what is checked, not spaCy."""
    if annotations is not None:
        start_cache(root / cache, annotations)
    built = build_site(root / "content", root / out, root / cache)
    assert built.returncode == 0, built.log[-3000:]
    return built


def article_stamps(output: Path) -> dict[str, int]:
    return {
        p.relative_to(output).as_posix(): p.stat().st_mtime_ns
        for p in sorted((output / "articles").glob("*/index.html"))
    }


def test_unchanged_article_pages_are_not_rendered_again(tmp_path, seed_annotations):
    content = seed_content(tmp_path, SEEDS[:3])
    first = build(tmp_path, "out", annotations=seed_annotations)
    before = article_stamps(first.output)
    assert len(before) == 3
    build(tmp_path, "out")
    assert article_stamps(first.output) == before, "an unchanged article page was rewritten"

    gone = next(iter(before))
    (first.output / gone).unlink()
    keys = sorted((tmp_path / "cache").glob("*.pages.json"))
    assert len(keys) == 1
    build(tmp_path, "out")
    after = article_stamps(first.output)
    assert gone in after
    assert {n for n in before if after[n] != before[n]} == {gone}

    keys[0].unlink()  # as a build killed half-way leaves it: every page renders again
    (content / "raw" / SEEDS[3].name).write_bytes(SEEDS[3].read_bytes())
    incremental = build(tmp_path, "out")
    cold = build(tmp_path, "cold", cache="cold-cache", annotations=seed_annotations)
    assert differences(incremental.output, cold.output) == []
    again = build(tmp_path, "out")
    assert differences(again.output, cold.output) == []
