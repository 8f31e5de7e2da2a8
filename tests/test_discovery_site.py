"""Discovered topics in real Pelican builds: pages, feeds, charts and evidence beside the
seeds' editor topics; stable slugs when an article is added; a cold build equal to an
incremental one; the editor's controls; the switch that turns discovery off."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.archive import build as stage
from pelican.plugins.explainer_archive.derive import topics
from sitebuild import ROOT, SEEDS, build_site, seed_content
from test_determinism import differences

DEV = ROOT / "tests" / "corpus" / "dev"
NVIDIA = sorted(DEV.glob("nvidia-*.txt"))
COP28 = sorted(DEV.glob("cop28-*.txt"))
EDITOR_SLUGS = {t.slug for t in topics.load_taxonomy().topics}
NOTE = "explainer: discovered topics (slug (articles): phrases): "
ANNOTATIONS = "explainer-annotations.sqlite"


def build(
    root: Path,
    out: str = "out",
    cache: str = "cache",
    extra: dict | None = None,
    annotations: Path | None = None,
):
    """A build of root's content; `annotations`, an annotation cache file, starts a new
    cache with spaCy's annotations in it (as tests/test_incremental_property.py does)."""
    if annotations is not None and not (root / cache).exists():
        (root / cache).mkdir()
        shutil.copy(annotations, root / cache / ANNOTATIONS)
    built = build_site(root / "content", root / out, root / cache, extra=extra)
    assert built.returncode == 0, built.log[-3000:]
    return built


def topics_of(built) -> dict[str, list[str]]:
    """Raw file name -> the article's topic slugs."""
    return {Path(a["source_file"]).name: a["topics"] for a in built.json("articles.json")}


def discovered(built) -> dict[str, dict]:
    return {t["slug"]: t for t in built.json("topics.json") if t.get("discovered")}


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_annotations):
    """The seeds (covered by the default taxonomy) beside three pages each of two stories
    the taxonomy was not written for; the seeds' annotations start the cache."""
    root = tmp_path_factory.mktemp("discovery")
    seed_content(root, [*SEEDS, *NVIDIA[:3], *COP28[:3]])
    return root, build(root, extra={"EXPLAINER_FEEDS": True}, annotations=seed_annotations)


@pytest.fixture(scope="module")
def annotations(site) -> Path:
    """spaCy's annotations of every text of `site` (content-keyed: they never depend on the
    other articles or the settings), alone in an annotation cache file: the builds that
    start from it still derive, merge and render everything."""
    root, built = site
    kept = root / ANNOTATIONS
    shutil.copy(built.cache / ANNOTATIONS, kept)
    with sqlite3.connect(kept) as db:
        db.execute("DELETE FROM derived")
    return kept


def test_seeds_keep_their_topics_and_other_stories_get_discovered_ones(site):
    _root, built = site
    found = topics_of(built)
    for seed in SEEDS:
        assert found[seed.name] and set(found[seed.name]) <= EDITOR_SLUGS, seed.name
    nvidia = {tuple(found[p.name]) for p in NVIDIA[:3]}
    cop28 = {tuple(found[p.name]) for p in COP28[:3]}
    assert len(nvidia) == 1 and len(cop28) == 1 and nvidia != cop28
    for (slug,) in (*nvidia, *cop28):
        assert slug not in EDITOR_SLUGS and slug in discovered(built)


def test_a_discovered_topic_has_the_pages_of_an_editor_topic(site):
    _root, built = site
    records = discovered(built)
    assert len(records) == 2
    coverage = built.json("coverage.json")["topics"]
    for slug, record in records.items():
        assert record["description"].startswith("Discovered from 3 articles")
        assert record["phrases"] and record["name"]
        assert len(record["articles"]) == 3
        page = built.html(f"topics/{slug}/")
        assert record["name"] in page and 'class="flag">Discovered</span>' in page
        assert (built.output / "feeds" / "topics" / f"{slug}.atom.xml").is_file()
        assert slug in coverage
    index = built.html("topics/")
    assert all(r["name"] in index for r in records.values())


def test_an_article_page_shows_the_phrases_that_put_it_on_its_topics(site):
    _root, built = site
    articles = {Path(a["source_file"]).name: a for a in built.json("articles.json")}
    records = {t["slug"]: t for t in built.json("topics.json")}
    for name in (NVIDIA[0].name, SEEDS[0].name):
        article = articles[name]
        page = built.html(article["url"])
        assert 'aria-label="Why these topics"' in page
        for slug in article["topics"]:
            phrases = records[slug]["matches"][article["slug"]]["phrases"]
            assert phrases, (name, slug)
            assert ", ".join(phrases[:6]) in page


def test_the_build_prints_the_discovered_topics_and_remembers_them(site):
    root, built = site
    line = next(line for line in built.log.splitlines() if NOTE in line)
    for slug in discovered(built):
        assert f"{slug} (3, new): " in line
    memory = (root / "discovered-topics.json").read_text(encoding="utf-8")
    assert all(f'"slug": "{slug}"' in memory for slug in discovered(built))


def test_adding_an_article_keeps_every_slug_and_a_cold_build_agrees(tmp_path, annotations):
    seed_content(tmp_path, [*NVIDIA[:2], *COP28[:3]])
    first = build(tmp_path, annotations=annotations)
    before = discovered(first)
    shutil.copy(NVIDIA[2], tmp_path / "content" / "raw" / NVIDIA[2].name)
    second = build(tmp_path)
    after = discovered(second)
    assert set(before) <= set(after)
    assert all(after[s]["name"] == before[s]["name"] for s in before)
    nvidia_slug = topics_of(first)[NVIDIA[0].name]
    assert topics_of(second)[NVIDIA[2].name] == nvidia_slug
    assert f"{nvidia_slug[0]} (3): " in second.log  # an old topic, not a new one
    # Nothing cached but spaCy's annotations; the remembered file is input.
    cold = build(tmp_path, "cold", "cold-cache", annotations=annotations)
    assert differences(second.output, cold.output) == []


def test_the_first_rebuild_after_topics_were_found_merges_nothing(site, tmp_path, monkeypatch):
    """The build that found topics wrote them to the remembered file, which the archive's
    key reads; a build from that file merges to the same archive (discovery finds none new),
    so the build after it, nothing changed, loads the kept archive instead of merging."""
    root, built = site
    project = copy_project(root, tmp_path)
    shutil.copytree(built.cache, project / "cache")
    merges = []
    merge = stage.merge_archive
    monkeypatch.setattr(stage, "merge_archive", lambda *a: merges.append(1) or merge(*a))
    again = build(project, extra={"EXPLAINER_FEEDS": True})
    assert merges == []
    assert differences(built.output, again.output) == []
    # The file now names no topic as new, and a build from it does merge the same archive.
    for kept in (project / "cache").glob("*.archive-state.sqlite*"):
        kept.unlink()
    merged = build(project, "merged", extra={"EXPLAINER_FEEDS": True})
    assert merges == [1]
    assert differences(built.output, merged.output) == []


def copy_project(source: Path, target: Path) -> Path:
    shutil.copytree(source / "content", target / "content")
    shutil.copy(source / "discovered-topics.json", target / "discovered-topics.json")
    return target


def test_the_editor_renames_and_suppresses_discovered_topics(site, annotations, tmp_path):
    root, built = site
    found = topics_of(built)
    (nvidia,), (cop28,) = found[NVIDIA[0].name], found[COP28[0].name]
    project = copy_project(root, tmp_path)
    taxonomy = topics.DEFAULT_TAXONOMY_PATH.read_text(encoding="utf-8")
    controls = (
        f'\n[discovered]\nsuppress = ["{cop28}"]\n'
        f'[discovered.rename]\n{nvidia} = "Nvidia\'s record quarter"\n'
    )
    (project / "topics.toml").write_text(taxonomy + controls, encoding="utf-8")
    edited = build(project, extra={"EXPLAINER_TOPICS": "topics.toml"}, annotations=annotations)
    records = discovered(edited)
    assert set(records) == {nvidia}
    assert records[nvidia]["name"] == "Nvidia's record quarter"
    assert topics_of(edited)[COP28[0].name] == []
    assert not (edited.output / "topics" / cop28).exists()


def test_discovery_can_be_turned_off(site, annotations, tmp_path):
    root, _built = site
    project = copy_project(root, tmp_path)
    off = build(project, extra={"EXPLAINER_DISCOVER_TOPICS": False}, annotations=annotations)
    assert discovered(off) == {}
    assert topics_of(off)[NVIDIA[0].name] == []
    assert NOTE not in off.log
