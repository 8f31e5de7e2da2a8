"""The docs are tested too: every setting the plugin reads is documented in the README."""

import re
from pathlib import Path

from pelican.plugins.explainer_archive.settings import SETTINGS

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_setting_is_in_the_readme_table():
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", README, flags=re.MULTILINE))
    assert set(SETTINGS) <= documented, sorted(set(SETTINGS) - documented)


def test_every_setting_read_by_the_plugin_is_declared():
    plugin = Path(__file__).parent.parent / "plugins" / "explainer_archive"
    source = "\n".join(p.read_text(encoding="utf-8") for p in plugin.glob("*.py"))
    read = set(
        re.findall(
            r"settings(?:\.get\(|\[)\"((?:EXPLAINER|ACTOR|ACTORS|TOPIC|TOPICS|"
            r"CHRONOLOGY|ARTICLE_MARKDOWN)_[A-Z_]+)\"",
            source,
        )
    )
    internal = {"EXPLAINER_CACHE_DIR"}
    assert read - internal <= set(SETTINGS), sorted(read - internal - set(SETTINGS))


def test_readme_starts_with_the_two_commands():
    first_lines = README.splitlines()[:3]
    assert "pelican content" in first_lines[0]
    assert "pytest" in first_lines[2]
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")
    test_command = first_lines[2].split("`")[1]
    assert test_command in ci
