"""The package reads by stage: text -> annotate -> derive -> archive -> site.

Every module's imports of the package (at the top or inside a function) are read with `ast`:
there is no cycle, no stage imports a later one, and no function imports a module of the
package (an import inside a function is how a cycle hides).
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import networkx as nx
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "explainer_archive"

# Each module's stage; a module may import only modules of its own stage or earlier ones.
# The shared modules (plain records, slugs, fingerprints, file writes, settings, the
# calendar, the garbage collector's pause) come first; the package's __init__ (the Pelican
# glue) comes last.
STAGE_ORDER = ["shared", "text", "annotate", "derive", "archive", "site", "glue"]
SHARED = {
    "records",
    "slugs",
    "fingerprints",
    "files",
    "settings",
    "calendar_words",
    "collector",
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def stage_of(module: str) -> str:
    if module == "":
        return "glue"
    first = module.split(".")[0]
    if first in SHARED:
        return "shared"
    if first == "reader":  # the Pelican reader: the text stage's door
        return "text"
    return first


def resolve(module: str, is_package: bool, node: ast.ImportFrom) -> list[str]:
    """The package modules an `from ... import ...` names (relative imports only)."""
    if node.level == 0:
        prefix = "pelican.plugins.explainer_archive"
        if not (node.module or "").startswith(prefix):
            return []
        base = node.module[len(prefix) :].lstrip(".")
    else:
        here = module.split(".") if module else []
        if not is_package:
            here = here[:-1]
        here = here[: len(here) - (node.level - 1)]
        base = ".".join(here + ([node.module] if node.module else []))
    names = []
    for alias in node.names:
        candidate = f"{base}.{alias.name}" if base else alias.name
        names.append(candidate if candidate in MODULES else base)
    return names


def read_modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


MODULES = read_modules()


@functools.cache
def import_graph() -> tuple[nx.DiGraph, list[tuple[str, str, int]]]:
    """The graph of imports between the package's modules, and the imports made inside a
    function (module, imported, line)."""
    graph = nx.DiGraph()
    inside_functions = []
    for module, path in MODULES.items():
        graph.add_node(module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        is_package = path.name == "__init__.py"
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        nested = {id(n) for f in functions for n in ast.walk(f) if n is not f}
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            for target in resolve(module, is_package, node):
                if target == module or target not in MODULES:
                    continue
                graph.add_edge(module, target)
                if id(node) in nested:
                    inside_functions.append((module, target, node.lineno))
    return graph, inside_functions


def test_the_package_has_the_stages_in_order():
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file()}
    assert {"text", "derive", "archive", "site"} <= folders
    assert (PACKAGE / "annotate.py").is_file()


def test_there_is_no_import_cycle():
    graph, _ = import_graph()
    assert len(graph) > 30  # the graph was read (every module of the package)
    assert list(nx.simple_cycles(graph)) == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_imports_a_later_stage(module):
    graph, _ = import_graph()
    mine = STAGE_ORDER.index(stage_of(module))
    later = [
        target
        for target in sorted(graph.successors(module))
        if STAGE_ORDER.index(stage_of(target)) > mine
    ]
    assert later == [], f"{module or '__init__'} ({stage_of(module)}) imports later stages"


def test_no_function_imports_a_module_of_the_package():
    _, inside = import_graph()
    assert inside == []


@pytest.mark.parametrize(
    ("module", "imported", "stage"),
    [
        ("derive.article", "annotate", "derive"),
        ("archive.build", "derive.article", "archive"),
        ("site.generators", "archive.build", "site"),
    ],
)
def test_the_graph_sees_the_imports_it_should(module, imported, stage):
    graph, _ = import_graph()
    assert graph.has_edge(module, imported)
    assert stage_of(module) == stage
