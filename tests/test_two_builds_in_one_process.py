"""Two builds of different sites in one process do not see each other.

The build's state (the estimator's resolutions, the archive stage's memo tables) lives in
objects each build creates: a site built in-process after another one is byte for byte the
site a fresh process builds from the same input.
"""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from pelican import Pelican
from pelican.plugins.explainer_archive.derive import estimates
from pelican.settings import read_settings
from sitebuild import ROOT, SEEDS, build_site, seed_content


def build_in_process(content: Path, output: Path, cache: Path) -> None:
    settings = read_settings(
        str(ROOT / "pelicanconf.py"),
        override={"PATH": str(content), "OUTPUT_PATH": str(output), "CACHE_PATH": str(cache)},
    )
    Pelican(settings).run()


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    root = tmp_path_factory.mktemp("two-builds")
    whole = seed_content(root / "whole")  # every seed: four of five get estimated dates
    part = seed_content(root / "part", SEEDS[:3])
    shutil.copy(ROOT / "tests" / "data" / "raw" / "cp1252_article.txt", part / "raw")
    build_in_process(whole, root / "whole-out", root / "whole-cache")
    build_in_process(part, root / "part-out", root / "part-cache")
    alone = build_site(part, root / "alone-out", root / "alone-cache")
    assert alone.returncode == 0, alone.log[-3000:]
    return root


def test_a_site_built_after_another_in_one_process_is_the_site_built_alone(sites):
    after, alone = tree(sites / "part-out"), tree(sites / "alone-out")
    assert sorted(after) == sorted(alone)
    assert [name for name in sorted(after) if after[name] != alone[name]] == []


def test_the_second_site_names_none_of_the_first_sites_articles(sites):
    whole = {p.name for p in (sites / "whole-out" / "articles").iterdir()}
    part = {p.name for p in (sites / "part-out" / "articles").iterdir()}
    assert whole - part  # the first site has articles the second one lacks
    export = (sites / "part-out" / "data" / "articles.json").read_text(encoding="utf-8")
    assert not [slug for slug in sorted(whole - part) if f'"{slug}"' in export]


def test_no_memo_of_the_estimator_is_kept_at_module_level():
    memos = [
        name
        for name, value in vars(estimates).items()
        if isinstance(value, estimates.Resolutions) or hasattr(value, "cache_info")
    ]
    assert memos == []


# What a process may keep between builds, and why: none of it is a build's data.
PROCESS_CACHES = {
    "annotate._PIPELINES": "spaCy models, loaded once per process",
    "annotate._LEMMATIZERS": "one per loaded model: its (word, tag) -> lemma memo",
    "annotate._FINGERPRINTS": "model fingerprints, read from the installed packages",
    "derive.actors._RULES": "actor rule files, by their contents",
    "text.lines._load_rules": "the chrome rule file, by path and modification time",
    "text.dates._grammar": "the date-line grammar of data/dates.toml",
    "derive.chronology.same_happening_nouns": "the nouns of data/events.toml",
    "site.search.pagefind_command": "where the Pagefind binary is",
    "site.output._HELD_LOCKS": "the cache locks this process holds (released by finish)",
    "archive.executors._PROCESS_WORKER": "a pool process's Worker (set by its initializer)",
    "derive.timexes._CUES_BY_FIRST": "an index of the tense cues, filled once at import",
    "text.labeller._load_tagger": "the line labeller's model file, by path and modification time",
    "site.article_pages._SOURCE_FACTS": "what a template source references and reads, by source",
}


def is_empty_table(node) -> bool:
    """`{}`, `[]`, `set()` or `dict()`: a table filled while the process runs."""
    if isinstance(node, ast.Dict | ast.List | ast.Set):
        return not getattr(node, "keys", None) and not getattr(node, "elts", None)
    called = getattr(node, "func", None)
    return (
        isinstance(node, ast.Call)
        and not node.args
        and getattr(called, "id", "")
        in {
            "dict",
            "set",
            "list",
        }
    )


def is_memo(function: ast.FunctionDef) -> bool:
    """Decorated with functools' cache or lru_cache."""
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if (getattr(target, "attr", None) or getattr(target, "id", None)) in {"cache", "lru_cache"}:
            return True
    return False


def module_level_caches() -> set[str]:
    """Module-level names of the package that a running process fills: memoised functions
    and tables that start empty (read from the source, whatever ran before)."""
    package = Path(estimates.__file__).parent.parent
    found = set()
    for path in sorted(package.rglob("*.py")):
        parts = [p for p in path.relative_to(package).with_suffix("").parts if p != "__init__"]
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef) and is_memo(node):
                found.add(".".join([*parts, node.name]))
            elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                if is_empty_table(node.value):
                    found.update(".".join([*parts, t.id]) for t in targets if hasattr(t, "id"))
    return found


def test_only_process_level_caches_are_kept_at_module_level():
    found = module_level_caches()
    assert "annotate._PIPELINES" in found  # the scan sees a cache where there is one
    assert sorted(found - set(PROCESS_CACHES)) == []
