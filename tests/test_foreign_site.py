"""The installed plugin in someone else's Pelican site: its own tiny pelicanconf.py in a temp
folder (Pelican's defaults, FEED_ALL_ATOM included), one raw file and one Markdown article,
Pelican's default theme (notmyidea), its `simple` theme and a bare theme, `pelican` run from
another directory.  The plugin supplies the actor, topic and chronology templates the theme
lacks, and every page type links cleanly.  CI runs this module with the oldest supported
Pelican too, under a plain `pip install -e .` (see .ci/run)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pelican
import pytest
from linkcheck import broken_links, describe
from sitebuild import ROOT, SEEDS, BuiltSite, build_site

# Pelican's own settings file, nothing more: the three lines of docs/own-site.md and a name.
MINIMAL = """\
SITENAME = "Minimal"
PATH = "content"
TIMEZONE = "UTC"
PLUGINS = ["explainer_archive"]
"""
SIMPLE_THEME = Path(pelican.__file__).parent / "themes" / "simple"
MARKDOWN = ROOT / "tests" / "data" / "mixed" / "articles" / "ceasefire-explainer.md"

SETTINGS = """\
SITENAME = "Someone else's site"
PATH = "content"
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
TIMEZONE = "UTC"
PLUGINS = ["explainer_archive"]
EXPLAINER_N_PROCESS = 1
EXPLAINER_TOPICS = "editor/topics.toml"  # relative: taken from this folder
"""

TAXONOMY = """\
[[topics]]
slug = "truce-diplomacy"
name = "Truce diplomacy"
description = "Diplomats pressing for a pause in the fighting."
phrases = ["ceasefire", "truce", "secretary of state", "diplomat"]
strong = ["ceasefire deal", "ceasefire talks"]
"""

# A bare theme: one template of its own; the rest comes from Pelican's simple theme, and
# actor, chronology and the other explainer pages from the plugin's fallbacks.
BARE_TOPICS = """\
{% extends "base.html" %}
{% block content %}<h1 id="bare-theme-topics">Our topics</h1>{% endblock %}
"""


def make_site(root: Path) -> Path:
    """A foreign Pelican project: settings, one raw file, an editor's taxonomy."""
    (root / "content").mkdir(parents=True)
    (root / "editor").mkdir()
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    (root / "editor" / "topics.toml").write_text(TAXONOMY, encoding="utf-8")
    shutil.copy(SEEDS[0], root / "content" / "story.txt")
    shutil.copy(MARKDOWN, root / "content" / MARKDOWN.name)
    return root


def run_pelican(root: Path, *extra: str) -> subprocess.CompletedProcess:
    """`pelican -s ../pelicanconf.py` run from inside content/, not from the project."""
    return subprocess.run(
        [sys.executable, "-m", "pelican", "-s", "../pelicanconf.py", *extra],
        cwd=root / "content",
        capture_output=True,
        text=True,
        timeout=600,
        # No PYTHONPATH: the plugin must come from the installed package.
        env={**{k: v for k, v in os.environ.items() if k != "PYTHONPATH"}, "COLUMNS": "1000"},
    )


def build_foreign(root: Path, output: Path, extra: dict) -> BuiltSite:
    """The foreign site built again in this process (`build_site`) into another output
    folder, on its own cache, as `pelican -s ../pelicanconf.py -o OUTPUT -t THEME -e …`
    would: the settings file's relative paths are taken from its folder either way."""
    return build_site(
        root / "content",
        output,
        root / "cache",
        settings=str(root / "pelicanconf.py"),
        extra=extra,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("foreign") / "site")
    result = run_pelican(root)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    assert "explainer: 1 raw files seen, 2 articles written, 0 warnings" in " ".join(log.split())
    return root


def test_the_plugin_comes_from_the_installed_package(site):
    import pelican.plugins.explainer_archive as plugin

    assert "PLUGIN_PATHS" not in (site / "pelicanconf.py").read_text(encoding="utf-8")
    assert (Path(plugin.__file__).parent / "templates" / "actor.html").is_file()
    assert (Path(plugin.__file__).parent / "data" / "chrome.toml").is_file()


def test_default_theme_gets_the_plugins_pages(site):
    output = site / "output"
    articles = json.loads((output / "data" / "articles.json").read_text(encoding="utf-8"))
    assert len(articles) == 2
    actors = json.loads((output / "data" / "actors.json").read_text(encoding="utf-8"))
    assert actors
    actor_page = (output / actors[0]["url"] / "index.html").read_text(encoding="utf-8")
    assert 'class="explainer-actor"' in actor_page  # the plugin's fallback template
    assert 'id="banner"' in actor_page  # inside the site's own theme (notmyidea)
    assert f'href="/{articles[0]["url"]}"' in actor_page
    for page in ("actors", "topics", "chronology"):
        assert (output / page / "index.html").is_file(), page


def test_relative_taxonomy_is_read_from_the_project_folder(site):
    topics = json.loads((site / "output" / "data" / "topics.json").read_text(encoding="utf-8"))
    assert [t["slug"] for t in topics] == ["truce-diplomacy"]
    assert topics[0]["articles"]


def test_nothing_is_written_outside_the_project(site):
    made = sorted(p.name for p in site.iterdir() if p.name != "__pycache__")
    assert made == ["cache", "content", "editor", "output", "pelicanconf.py"]
    assert sorted(p.name for p in (site / "content").iterdir()) == [MARKDOWN.name, "story.txt"]


def test_a_theme_template_wins_over_the_fallback(site):
    theme = site.parent / "bare-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "topics.html").write_text(BARE_TOPICS, encoding="utf-8")
    output = site.parent / "bare-output"
    result = build_foreign(site, output, {"THEME": str(theme)})
    assert result.returncode == 0, result.log[-3000:]
    topics = (output / "topics" / "index.html").read_text(encoding="utf-8")
    assert 'id="bare-theme-topics"' in topics
    chronology = (output / "chronology" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Chronology</h1>" in chronology  # the fallback, inside the simple theme


def plugin_page_types(output: Path) -> dict[str, Path]:
    """One page of each type the plugin writes, from its data export."""
    actors = json.loads((output / "data" / "actors.json").read_text(encoding="utf-8"))
    topics = json.loads((output / "data" / "topics.json").read_text(encoding="utf-8"))
    events = json.loads((output / "data" / "chronology.json").read_text(encoding="utf-8"))
    period = events[0]["date"][:7]
    return {
        "actor": output / actors[0]["url"] / "index.html",
        "actors": output / "actors" / "index.html",
        "topic": output / topics[0]["url"] / "index.html",
        "topics": output / "topics" / "index.html",
        "chronology": output / "chronology" / "index.html",
        "period": output / "chronology" / period / "index.html",
    }


def test_pelicans_defaults_build_with_one_info_line(tmp_path):
    """Only Pelican's own defaults: FEED_ALL_ATOM is the archive feed's path, and the plugin
    writes the feed there, saying so in one line, instead of refusing the site."""
    root = tmp_path / "minimal"
    (root / "content").mkdir(parents=True)
    (root / "pelicanconf.py").write_text(MINIMAL, encoding="utf-8")
    shutil.copy(SEEDS[0], root / "content" / "story.txt")
    result = run_pelican(root)
    log = " ".join((result.stdout + result.stderr).split())
    assert result.returncode == 0 and "Traceback" not in log, log[-3000:]
    assert "explainer: FEED_ALL_ATOM = 'feeds/all.atom.xml' is the archive's feed" in log
    output = root / "content" / "output"
    feed = (output / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert feed.count("<entry>") == 1
    for kind, page in plugin_page_types(output).items():
        assert page.is_file(), kind
    problems = broken_links(output)
    assert not problems, describe(problems)


@pytest.mark.parametrize("theme", ["notmyidea", "simple"])
@pytest.mark.parametrize("size", ["one page", "month pages"])
def test_pelicans_themes_render_every_plugin_page_and_link_cleanly(site, theme, size):
    """notmyidea (Pelican's default) and simple: every page type of the plugin renders from
    its fallback templates inside the theme, at both sizes of chronology, with no broken
    internal link."""
    output = site.parent / f"{theme}-{size.replace(' ', '-')}"
    extra = {}
    if theme == "simple":
        extra["THEME"] = str(SIMPLE_THEME)
    if size == "month pages":  # a budget of one event: every month has its page
        budget = {"index": None, "tag": None, "category": None, "author": None, "chronology": 1}
        extra["PAGINATED_TEMPLATES"] = budget
    result = build_foreign(site, output, extra)
    assert result.returncode == 0, result.log[-3000:]
    pages = plugin_page_types(output)
    marks = {
        "actor": 'class="explainer-actor"',
        "topic": 'class="explainer-topic"',
        "chronology": "<h1>Chronology</h1>",
        "period": "<ol>" if size == "month pages" else "location.replace",
    }
    for kind, page in pages.items():
        text = page.read_text(encoding="utf-8")
        assert marks.get(kind, "<h1") in text, (theme, kind)
        if kind != "period" or size == "month pages":
            assert ('id="banner"' in text) == (theme == "notmyidea"), (theme, kind)
    problems = broken_links(output)
    assert not problems, describe(problems)


def test_the_projects_own_site_builds(built):
    """The project's site (its pelicanconf.py and theme) with whatever plugin install this
    Python has: CI runs it under `pip install .` and under a plain `pip install -e .`.
    (`built` is the session's build of content/ with the project's settings.)"""
    assert built.returncode == 0 and "Traceback" not in built.log, built.log[-3000:]
    for page in ("index.html", "actors/index.html", "chronology/index.html"):
        assert (built.output / page).is_file(), page


def test_the_theme_without_the_plugin_names_the_plugin(tmp_path):
    """The project's theme used without the plugin stops, and the message names it."""
    built = build_site(
        ROOT / "content", tmp_path / "output", tmp_path / "cache", extra={"PLUGINS": []}
    )
    log = " ".join(built.log.split())
    assert built.returncode != 0
    assert "this theme needs the explainer_archive plugin" in log
    assert "PLUGINS = ['explainer_archive']" in log
