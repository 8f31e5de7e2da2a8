"""site/search.py: Pagefind reads a shard's pages in place through a glob that lists them;
the bundle is the one a folder of links to the same pages gave."""

from __future__ import annotations

import pytest
from pelican.plugins.explainer_archive.site import search

GLOBS = [
    (["actors/a/index.html"], "{actors/a/index.html}"),
    (
        ["actors/a/index.html", "actors/a/2/index.html", "2024/03/x.html"],
        "{actors/a/index.html,actors/a/2/index.html,2024/03/x.html}",
    ),
    ([], None),  # nothing to match
    (["actors/a,b/index.html"], None),  # glob characters: linked instead
    (["topics/{x}/index.html"], None),
    (["pages/what?.html"], None),
    (["pages/[draft].html"], None),
    (["a/" + "x" * 200 + ".html"] * 600, None),  # longer than one argument should be
]


@pytest.mark.parametrize(("pages", "expected"), GLOBS)
def test_pages_glob(pages, expected):
    assert search.pages_glob(pages) == expected


PAGE = (
    "<!doctype html><html lang='en'><head><title>{title}</title></head><body>"
    "<main data-pagefind-body><h1>{title}</h1><p>{text}</p></main></body></html>"
)


def bundle_files(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_glob_and_links_give_the_same_bundle(tmp_path):
    site = tmp_path / "site"
    pages = {
        "actors/ada-lovelace/index.html": ("Ada Lovelace", "wrote the first program"),
        "actors/ada-lovelace/2/index.html": ("Ada Lovelace, page 2", "analytical engine notes"),
        "topics/computing/index.html": ("Computing", "engines and programs"),
        "2024/03/other.html": ("Not in this shard", "should not be indexed"),
    }
    for relative, (title, text) in pages.items():
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text(PAGE.format(title=title, text=text), encoding="utf-8")
    shard = sorted(p for p in pages if not p.startswith("2024"))
    assert search.run_pagefind(site, tmp_path / "by-glob", search.pages_glob(shard)) is None
    search.link_pages(site, tmp_path / "stage", shard)
    assert search.run_pagefind(tmp_path / "stage", tmp_path / "by-links") is None
    by_glob = bundle_files(tmp_path / "by-glob")
    assert by_glob == bundle_files(tmp_path / "by-links")
    assert len([name for name in by_glob if name.startswith("fragment/")]) == 3
