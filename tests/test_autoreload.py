"""Live editing: autoreload runs one Pelican object many times, so an edited rule must be
seen by the next run in the same process, the reader cache must follow the code fingerprint
of that run, and Pelican's watcher must be given the rule and editor files."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pelican
import pelican.plugins.explainer_archive as plugin
from pelican import Pelican
from pelican.plugins.explainer_archive import fingerprints
from pelican.settings import read_settings
from sitebuild import SEEDS

SETTINGS = """\
SITENAME = "Live"
PATH = "content"
OUTPUT_PATH = "output"
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
TIMEZONE = "UTC"
PLUGINS = ["explainer_archive"]
FEED_ALL_ATOM = None
EXPLAINER_N_PROCESS = 1
EXPLAINER_SEARCH = False
EXPLAINER_TOPICS = "topics.toml"
"""

TOPIC = """\
[[topics]]
slug = "{slug}"
name = "{name}"
description = "Talks on a pause in the fighting."
phrases = ["ceasefire", "truce", "secretary of state"]
"""


def make_site(root: Path) -> Path:
    (root / "content").mkdir(parents=True)
    shutil.copy(SEEDS[0], root / "content" / "story.txt")
    (root / "pelicanconf.py").write_text(SETTINGS, encoding="utf-8")
    write_topic(root, "truce-talks", "Truce talks")
    return root


def write_topic(root: Path, slug: str, name: str) -> None:
    (root / "topics.toml").write_text(TOPIC.format(slug=slug, name=name), encoding="utf-8")


def topic_slugs(root: Path) -> list[str]:
    data = json.loads((root / "output" / "data" / "topics.json").read_text(encoding="utf-8"))
    return [topic["slug"] for topic in data]


def test_an_edited_rule_is_seen_by_the_next_run_in_one_process(tmp_path, monkeypatch):
    root = make_site(tmp_path / "site")
    # The fingerprint is taken of a copy of the package, so the test can edit a rule file
    # without touching the installed one.
    package = tmp_path / "package"
    shutil.copytree(fingerprints.PACKAGE_DIR, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(fingerprints, "PACKAGE_DIR", package)
    site = Pelican(read_settings(str(root / "pelicanconf.py")))

    site.run()
    assert topic_slugs(root) == ["truce-talks"]
    first_cache = site.settings["CACHE_PATH"]

    write_topic(root, "ceasefire-diplomacy", "Ceasefire diplomacy")
    with open(package / "data" / "chrome.toml", "a", encoding="utf-8") as rules:
        rules.write("\n# an editor's change\n")
    site.run()
    assert topic_slugs(root) == ["ceasefire-diplomacy"]
    second_cache = site.settings["CACHE_PATH"]
    assert second_cache != first_cache
    assert Path(first_cache).parent == Path(second_cache).parent == root / "cache"
    assert Path(second_cache).is_dir()


def test_autoreload_watches_rule_and_editor_files(tmp_path):
    plugin.register()
    assert getattr(pelican.wait_for_changes, "explainer_watch", False)
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "pelicanconf.py").write_text("", encoding="utf-8")
    topics = tmp_path / "topics.toml"
    topics.write_text("", encoding="utf-8")
    settings = {
        "PATH": str(content),
        "THEME": "",
        "STATIC_PATHS": [],
        "IGNORE_FILES": [],
        "EXPLAINER_TOPICS": str(topics),
    }
    assert str((plugin.PACKAGE_DIR / "data").resolve()) in plugin.watched_paths(settings)

    seen = {}

    def wait() -> None:
        seen["changes"] = pelican.wait_for_changes(str(tmp_path / "pelicanconf.py"), settings)

    watcher = threading.Thread(target=wait, daemon=True)
    watcher.start()
    for edit in range(300):  # edit until the watcher reports (it starts asynchronously)
        topics.write_text(f"# edit {edit}\n", encoding="utf-8")
        watcher.join(0.1)
        if not watcher.is_alive():
            break
    assert {path for _change, path in seen["changes"]} == {str(topics)}
    assert settings["STATIC_PATHS"] == []  # the watcher's extra paths are not kept
