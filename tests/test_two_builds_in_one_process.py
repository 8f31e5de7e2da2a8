"""Two builds of different sites in one process do not see each other.

The build's state (the estimator's resolutions, the archive stage's memo tables) lives in
objects each build creates: a site built in-process after another one is byte for byte the
site a fresh process builds from the same input.
"""

from __future__ import annotations

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
