"""The installed plugin in someone else's Pelican site: its own tiny pelicanconf.py in a temp
folder, one raw file, Pelican's default theme (then a bare theme), `pelican` run from another
directory.  The plugin supplies the actor, topic and chronology templates the theme lacks."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sitebuild import SEEDS

SETTINGS = """\
SITENAME = "Someone else's site"
PATH = "content"
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
TIMEZONE = "UTC"
PLUGINS = ["explainer_archive"]
FEED_ALL_ATOM = None  # the plugin writes the archive's feed
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


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = make_site(tmp_path_factory.mktemp("foreign") / "site")
    result = run_pelican(root)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-3000:]
    assert "Traceback" not in log
    assert "explainer: 1 raw files seen, 1 articles written, 0 warnings" in log
    return root


def test_the_plugin_comes_from_the_installed_package(site):
    import pelican.plugins.explainer_archive as plugin

    assert "PLUGIN_PATHS" not in (site / "pelicanconf.py").read_text(encoding="utf-8")
    assert (Path(plugin.__file__).parent / "templates" / "actor.html").is_file()
    assert (Path(plugin.__file__).parent / "data" / "chrome.toml").is_file()


def test_default_theme_gets_the_plugins_pages(site):
    output = site / "output"
    articles = json.loads((output / "data" / "articles.json").read_text(encoding="utf-8"))
    assert len(articles) == 1
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
    assert sorted(p.name for p in (site / "content").iterdir()) == ["story.txt"]


def test_a_theme_template_wins_over_the_fallback(site):
    theme = site.parent / "bare-theme"
    (theme / "templates").mkdir(parents=True)
    (theme / "templates" / "topics.html").write_text(BARE_TOPICS, encoding="utf-8")
    output = site.parent / "bare-output"
    result = run_pelican(site, "-t", str(theme), "-o", str(output))
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    topics = (output / "topics" / "index.html").read_text(encoding="utf-8")
    assert 'id="bare-theme-topics"' in topics
    chronology = (output / "chronology" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Chronology</h1>" in chronology  # the fallback, inside the simple theme
