"""The docs are tested too: the README is short and starts with the two commands; every
setting the plugin reads is documented; and every page of docs/ is listed in its index, links
only to files that exist, names only settings that exist and only files that exist."""

import re
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.settings import SETTINGS

ROOT = Path(__file__).parent.parent
PACKAGE = ROOT / "plugins" / "explainer_archive"
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = sorted((ROOT / "docs").glob("*.md"))
PAGES = [ROOT / "README.md", *DOCS]
README_MAX_LINES = 150
INTERNAL_SETTINGS = {"EXPLAINER_CACHE_DIR"}  # set by the plugin itself, not by a site


def text_of(page: Path) -> str:
    return page.read_text(encoding="utf-8")


def page_id(page: Path) -> str:
    return page.relative_to(ROOT).as_posix()


def test_every_setting_is_in_a_settings_table():
    tables = "\n".join(text_of(page) for page in PAGES)
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", tables, flags=re.MULTILINE))
    assert set(SETTINGS) <= documented, sorted(set(SETTINGS) - documented)


def test_every_setting_read_by_the_plugin_is_declared():
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    read = set(
        re.findall(
            r"settings(?:\.get\(|\[)\"((?:EXPLAINER|ACTOR|ACTORS|TOPIC|TOPICS|"
            r"CHRONOLOGY|ARTICLE_MARKDOWN)_[A-Z_]+)\"",
            source,
        )
    )
    assert len(read) > 10  # the pattern still finds what the plugin reads
    assert read - INTERNAL_SETTINGS <= set(SETTINGS), sorted(
        read - INTERNAL_SETTINGS - set(SETTINGS)
    )


def test_readme_starts_with_the_two_commands():
    first_lines = README.splitlines()[:3]
    assert "pelican content" in first_lines[0]
    assert "pytest" in first_lines[2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_command = first_lines[2].split("`")[1]
    assert test_command in ci


def test_readme_is_short_and_links_the_manual():
    assert len(README.splitlines()) <= README_MAX_LINES
    assert "(docs/index.md)" in README
    for heading in ("## Adding articles", "## Use the plugin in your own Pelican site"):
        assert heading in README


@pytest.mark.parametrize("page", [p for p in DOCS if p.name != "index.md"], ids=page_id)
def test_every_docs_page_is_listed_in_the_index(page):
    assert f"]({page.name})" in text_of(ROOT / "docs" / "index.md")


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_links_point_at_files_that_exist(page):
    links = re.findall(r"\]\(([^)\s]+)\)", text_of(page))
    local = [link.split("#")[0] for link in links if not re.match(r"[a-z]+:", link)]
    missing = [link for link in local if link and not (page.parent / link).exists()]
    assert missing == []


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_plugin_setting_named_exists(page):
    named = set(re.findall(r"`(EXPLAINER_[A-Z_]+)", text_of(page)))
    assert named - set(SETTINGS) - INTERNAL_SETTINGS == set()


def exists(name: str) -> bool:
    """A file named in the docs: a path from the project, the package or its data folder, or
    (a bare file name) a file of that name in the project's own folders."""
    if any((base / name).exists() for base in (ROOT, PACKAGE, PACKAGE / "data")):
        return True
    if "/" in name:
        return False
    folders = [ROOT, PACKAGE, ROOT / "scripts", ROOT / "tests", ROOT / "theme"]
    return any(any(folder.rglob(name)) for folder in folders[1:]) or (ROOT / name).exists()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_every_file_named_exists(page):
    # Source files (code, rules, docs); the output's files are made by a build.
    named = set(re.findall(r"`([\w/-]+(?:\.[\w-]+)*\.(?:py|toml|md))`", text_of(page)))
    user_files = {"topics.toml"}  # the example of a site's own taxonomy file
    assert sorted(n for n in named - user_files if not exists(n)) == []


MACHINE_PATH = re.compile(r"(?<![\w.])/(?:work|root|home|tmp|Users|private)/[^\s`)]*")


@pytest.mark.parametrize(
    "page", [*PAGES, ROOT / "BENCHMARKS.md", ROOT / "EVALUATION.md"], ids=page_id
)
def test_no_page_names_a_path_of_one_machine(page):
    """Commands and files are given relative to the checkout (a scratch folder outside it is
    shown as <folder>, as scripts/benchmark.py writes it)."""
    assert MACHINE_PATH.findall(text_of(page)) == []
