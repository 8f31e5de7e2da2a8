"""Settings are checked up front against the declared schema: every setting has a bad value
here, and a bad value stops a real `pelican` run with one line naming it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.settings import (
    SETTINGS,
    SettingsError,
    apply_defaults,
    settings_table,
)
from pelican.settings import DEFAULT_CONFIG
from sitebuild import ROOT, SEEDS, seed_content

# One value each setting must refuse (every setting of the schema is listed).
BAD_VALUES = {
    "EXPLAINER_SPACY_MODEL": "../models/en core",
    "EXPLAINER_BATCH_SIZE": 0,
    "EXPLAINER_N_PROCESS": "2",
    "EXPLAINER_DASK_SCHEDULER": "scheduler:8786",
    "EXPLAINER_DASK_CONNECT_TIMEOUT": 0,
    "EXPLAINER_ACTOR_RULES": "no-such-rules.toml",
    "EXPLAINER_TOPICS": "README.md",
    "EXPLAINER_DISCOVER_TOPICS": "yes",
    "EXPLAINER_DISCOVERED_TOPICS": 7,
    "EXPLAINER_REDISCOVER_TOPICS": 1,
    "EXPLAINER_DATA_PATH": "../escaped",
    "EXPLAINER_CACHE_NAME": "sub/annotations.sqlite",
    "EXPLAINER_SEARCH": "no",
    "EXPLAINER_SEARCH_SHARD_PERIOD": "week",
    "EXPLAINER_FEEDS": 0,
    "EXPLAINER_SITE_DESCRIPTION": None,
    "EXPLAINER_HTML_FAVOR": "fast",
    "EXPLAINER_HTML_COMMENTS": "yes",
    "EXPLAINER_HTML_TABLES": 1,
    "ARTICLE_MARKDOWN_URL": "https://example.org/{slug}.md",
    "ARTICLE_MARKDOWN_SAVE_AS": "articles/cleaned.md",
    "ACTOR_URL": "/actors/{slug}/",
    "ACTOR_SAVE_AS": "actors/{name}/index.html",
    "ACTORS_URL": "../actors/",
    "ACTORS_SAVE_AS": "/var/www/actors.html",
    "TOPIC_URL": "topics/{slug/",
    "TOPIC_SAVE_AS": "topics/../../{slug}.html",
    "TOPICS_URL": "topics/{slug}/",
    "TOPICS_SAVE_AS": "",
    "CHRONOLOGY_URL": 7,
    "CHRONOLOGY_SAVE_AS": "C:\\chronology.html",
    "CHRONOLOGY_PERIOD_URL": "chronology/{slug}/",
    "CHRONOLOGY_PERIOD_SAVE_AS": "../chronology/{period}/index.html",
    "EXPLAINER_FEED_ALL_ATOM": "../all.atom.xml",
    "ACTOR_FEED_ATOM": "feeds/actors.atom.xml",
    "TOPIC_FEED_ATOM": "~/feeds/{slug}.atom.xml",
}

# Values that are accepted besides the defaults.
GOOD_VALUES = [
    ("EXPLAINER_SPACY_MODEL", "en_core_web_sm"),
    ("EXPLAINER_BATCH_SIZE", 16),
    ("EXPLAINER_N_PROCESS", 1),
    ("EXPLAINER_DASK_SCHEDULER", "tcp://10.0.0.2:8786"),
    ("EXPLAINER_DASK_CONNECT_TIMEOUT", 2.5),
    ("EXPLAINER_DATA_PATH", "export/json"),
    ("EXPLAINER_DATA_PATH", "."),
    ("ACTOR_URL", "people/{slug}.html"),
    ("ACTOR_SAVE_AS", "people/{slug}.html"),
    ("ACTORS_URL", "people/"),
    ("EXPLAINER_FEED_ALL_ATOM", None),
    ("TOPIC_FEED_ATOM", ""),
    ("EXPLAINER_DISCOVERED_TOPICS", None),
]


def settings_with(project: Path, **values) -> dict:
    """Pelican's defaults with PATH in a project folder, Pelican's own archive feed off
    (the plugin writes that feed), plus the given values."""
    return {**DEFAULT_CONFIG, "PATH": str(project / "content"), "FEED_ALL_ATOM": None, **values}


def test_every_setting_has_a_bad_value_here():
    assert set(BAD_VALUES) == set(SETTINGS)


@pytest.mark.parametrize("name, value", sorted(BAD_VALUES.items()))
def test_bad_value_is_refused_in_one_line(tmp_path, monkeypatch, name, value):
    monkeypatch.delenv("EXPLAINER_SPACY_MODEL", raising=False)
    (tmp_path / "README.md").write_text("not a taxonomy", encoding="utf-8")
    with pytest.raises(SettingsError) as refused:
        apply_defaults(settings_with(tmp_path, **{name: value}))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{name} = ")
    assert SETTINGS[name].accepts in message
    if name not in ("EXPLAINER_ACTOR_RULES", "EXPLAINER_TOPICS"):  # shown resolved
        assert repr(value) in message


@pytest.mark.parametrize("name, value", [(None, None), *GOOD_VALUES])
def test_defaults_and_good_values_are_accepted(tmp_path, monkeypatch, name, value):
    monkeypatch.delenv("EXPLAINER_SPACY_MODEL", raising=False)
    settings = settings_with(tmp_path, **({name: value} if name else {}))
    apply_defaults(settings)
    if name:
        assert settings[name] == value


@pytest.mark.parametrize(
    "name, value",
    [
        ("ARTICLE_SAVE_AS", "../{slug}.html"),
        ("PAGE_SAVE_AS", "/tmp/{slug}.html"),
        ("ARCHIVES_SAVE_AS", "..\\archives.html"),
        ("PAGINATION_PATTERNS", [(1, "{url}", "{save_as}"), (2, "{base_name}/", "../{number}")]),
    ],
)
def test_pelican_output_paths_must_stay_inside(tmp_path, name, value):
    with pytest.raises(SettingsError, match=rf"^{name} = .* outside the output folder"):
        apply_defaults(settings_with(tmp_path, **{name: value}))


@pytest.mark.parametrize(
    "pelican, feeds, turned_off",
    [
        ({"FEED_ALL_ATOM": "feeds/all.atom.xml"}, True, ["FEED_ALL_ATOM"]),  # Pelican's default
        ({"FEED_ALL_ATOM": "x.xml", "FEED_RSS": "x.xml"}, True, ["FEED_ALL_ATOM", "FEED_RSS"]),
        ({"FEED_ALL_ATOM": "feeds/all.atom.xml"}, False, []),  # no plugin feed: no clash
        ({"FEED_ALL_ATOM": "feeds/pelican.atom.xml"}, True, []),  # another path: both written
    ],
)
def test_pelican_feed_on_the_plugins_feed_path_gives_way(tmp_path, pelican, feeds, turned_off):
    values = {**pelican, "EXPLAINER_FEEDS": feeds}
    if "x.xml" in pelican.values():
        values["EXPLAINER_FEED_ALL_ATOM"] = "x.xml"
    settings = settings_with(tmp_path, **values)
    note = apply_defaults(settings)
    assert [name for name in pelican if settings[name] is None] == turned_off
    if turned_off:
        assert note.startswith(f"explainer: {' and '.join(turned_off)} = ")
        assert "\n" not in note and "the plugin writes it" in note
    else:
        assert note is None


@pytest.mark.parametrize(
    "given, expected",
    [
        ("rules/topics.toml", "rules/topics.toml"),  # from the project folder
        ("../shared/topics.toml", "../shared/topics.toml"),
    ],
)
def test_editor_paths_resolve_from_the_project_folder(tmp_path, given, expected):
    project = tmp_path / "site"
    (project / "content").mkdir(parents=True)
    target = (project / expected).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("", encoding="utf-8")
    settings = settings_with(project, EXPLAINER_TOPICS=given)
    apply_defaults(settings)
    assert settings["EXPLAINER_TOPICS"] == str(project.resolve() / given)
    assert Path(settings["EXPLAINER_TOPICS"]).resolve() == target


def test_the_settings_table_of_the_docs_is_the_generated_one():
    manual = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert settings_table() in manual


# --- the real command line ----------------------------------------------------------------

CLI_CASES = [
    ("ACTOR_URL", '"/actors/{slug}/"'),
    ("EXPLAINER_BATCH_SIZE", "0"),
    ("EXPLAINER_DATA_PATH", '"../escaped"'),
    ("ARTICLE_SAVE_AS", '"../{slug}.html"'),
]


@pytest.mark.parametrize("name, value", CLI_CASES)
def test_bad_setting_stops_pelican_with_one_line(tmp_path, name, value):
    content = seed_content(tmp_path, SEEDS[:1])
    output = tmp_path / "site" / "output"
    cache = json.dumps(str(tmp_path / "cache"))
    result = subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-s", str(ROOT / "pelicanconf.py")]
        + ["-o", str(output), "-e", f"CACHE_PATH={cache}", f"{name}={value}"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert re.match(rf"explainer: {name} = .+ (is not accepted|would write outside)", lines[0])
    assert "Traceback" not in result.stdout + result.stderr
    assert not (tmp_path / "site" / "escaped").exists() and not output.exists()


def test_the_discovered_topics_file_is_taken_from_the_project_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("EXPLAINER_SPACY_MODEL", raising=False)
    settings = settings_with(tmp_path)
    apply_defaults(settings)
    assert settings["EXPLAINER_DISCOVERED_TOPICS"] == str(tmp_path / "discovered-topics.json")
    with pytest.raises(SettingsError, match="EXPLAINER_DISCOVERED_TOPICS = .*no-such-folder"):
        apply_defaults(settings_with(tmp_path, EXPLAINER_DISCOVERED_TOPICS="no-such-folder/t.json"))
