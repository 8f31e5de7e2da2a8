"""The switches work end to end, in real builds of two seeds: EXPLAINER_SEARCH and
EXPLAINER_FEEDS off leave no search page, link, form or Pagefind asset and no feed link; on,
they are all there.  The sitemap needs an absolute SITEURL.  `-q` silences the summary."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitebuild import SEEDS, BuiltSite, build_site, seed_content

SITE_URL = "https://example.org/explainer"
SUMMARY = re.compile(r"explainer: \d+ raw files seen, \d+ articles written")


def build(root: Path, name: str, **kwargs) -> BuiltSite:
    built = build_site(root / "content", root / name, root / "cache", **kwargs)
    assert built.returncode == 0, built.log[-3000:]
    return built


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("switches")
    seed_content(base, SEEDS[:2])
    return base


@pytest.fixture(scope="module")
def switched_off(root) -> BuiltSite:
    return build(root, "off", extra={"EXPLAINER_SEARCH": False, "EXPLAINER_FEEDS": False})


@pytest.fixture(scope="module")
def switched_on(root) -> BuiltSite:
    extra = {"EXPLAINER_SEARCH": True, "EXPLAINER_FEEDS": True, "SITEURL": SITE_URL}
    return build(root, "on", extra=extra)


def pages(site: BuiltSite) -> dict[str, str]:
    return {
        p.relative_to(site.output).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(site.output.rglob("*.html"))
    }


def search_traces(html: str) -> list[str]:
    """Links to the search page, search forms and Pagefind assets in a page."""
    return re.findall(r'href="[^"]*search/"|role="search"|pagefind[-/][\w.-]*\.js', html)


def feed_traces(html: str) -> list[str]:
    return re.findall(r'application/atom\+xml|href="[^"]*\.atom\.xml"', html)


def test_search_off_leaves_no_page_link_or_asset(switched_off):
    assert not (switched_off.output / "search").exists()
    assert not (switched_off.output / "pagefind").exists()
    found = {path: search_traces(html) for path, html in pages(switched_off).items()}
    assert not {path: t for path, t in found.items() if t}
    assert len(found) > 5


def test_feeds_off_leave_no_feed_or_link(switched_off):
    assert not list(switched_off.output.rglob("*.atom.xml"))
    found = {path: feed_traces(html) for path, html in pages(switched_off).items()}
    assert not {path: t for path, t in found.items() if t}


def test_search_and_feeds_on_are_linked_and_built(switched_on):
    site = switched_on.output
    assert (site / "search" / "index.html").is_file()
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert (site / "feeds" / "all.atom.xml").is_file()
    html = pages(switched_on)
    assert search_traces(html["index.html"]) and feed_traces(html["index.html"])
    actor = next(path for path in html if path.startswith("actors/") and path.count("/") == 2)
    assert feed_traces(html[actor])


def test_a_feed_without_entries_is_dated_by_the_archive_not_the_clock(switched_on):
    """An actor seen only in undated articles has a feed with no entry; its <updated> is the
    archive's newest entry (the whole feed's), not the time of the build."""
    atom = "{http://www.w3.org/2005/Atom}"
    newest = ET.parse(switched_on.output / "feeds" / "all.atom.xml").find(f"{atom}updated").text
    empty = []
    for path in sorted((switched_on.output / "feeds").rglob("*.atom.xml")):
        root = ET.parse(path).getroot()
        entries = [e.find(f"{atom}updated").text for e in root.iter(f"{atom}entry")]
        updated = root.find(f"{atom}updated").text
        assert updated == (max(entries) if entries else newest), path
        empty += [path] if not entries else []
    assert empty, "no feed without entries to check"


def test_no_sitemap_without_siteurl_and_one_note(switched_off):
    assert not (switched_off.output / "sitemap.xml").exists()
    notes = [line for line in switched_off.log.splitlines() if "no sitemap.xml" in line]
    assert len(notes) == 1 and "SITEURL" in notes[0]
    assert "WARNING" not in notes[0]


def test_sitemap_has_absolute_urls_of_real_pages(switched_on):
    root = ET.parse(switched_on.output / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"{SITE_URL}/search/" in locs and f"{SITE_URL}/" in locs
    for loc in locs:
        assert loc.startswith(f"{SITE_URL}/"), loc
        path = switched_on.output / loc[len(SITE_URL) + 1 :]
        assert (path / "index.html" if loc.endswith("/") else path).is_file(), loc


def test_summary_is_shown_by_default_and_silenced_by_quiet(root, switched_off):
    assert len(SUMMARY.findall(switched_off.log)) == 1
    quiet = build(root, "quiet", flags=("-q",), extra={"EXPLAINER_SEARCH": False})
    assert not SUMMARY.search(quiet.log), quiet.log[-2000:]
    assert "explainer:" not in quiet.log
    verbose = build(root, "verbose", flags=("-v",), extra={"EXPLAINER_SEARCH": False})
    assert len(SUMMARY.findall(verbose.log)) == 1
