"""The editor's own Markdown and reStructuredText beside the raw files: seeds, two Markdown
articles (in raw/, beside the scraped files) and one rST page in one build with the project's
settings.  Pelican publishes them as it publishes any article or page; the archive treats the
articles as its own (annotated, actors, topics, events, listed, searchable, dated by their
metadata)."""

from __future__ import annotations

import shutil

import pytest
from linkcheck import broken_links, describe
from sitebuild import ROOT, build_site, seed_content
from support.annotations import start_cache

MIXED = ROOT / "tests" / "data" / "mixed"
AUTHORED = {
    "raw/ceasefire-explainer.md": ("what-the-ceasefire-proposal-asks-of-each-side", "2024-06-12"),
    "raw/hostage-talks-timeline.md": ("a-short-history-of-the-hostage-talks", "2024-03-20"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_annotations):
    """The seeds (their spaCy annotations cached, tests/support/annotations.py) beside the
    editor's Markdown articles and rST page."""
    base = tmp_path_factory.mktemp("mixed")
    content = seed_content(base)
    for article in sorted((MIXED / "articles").glob("*.md")):
        shutil.copy(article, content / "raw" / article.name)
    shutil.copytree(MIXED / "pages", content / "pages")
    built = build_site(content, base / "output", start_cache(base / "cache", seed_annotations))
    assert built.returncode == 0, built.log[-3000:]
    return built


def test_every_page_is_written_without_a_warning(site):
    assert "Traceback" not in site.log
    assert "WARNING" not in site.log and "ERROR" not in site.log, site.log[-3000:]
    assert "5 raw files seen, 7 articles written, 0 warnings" in " ".join(site.log.split())
    for slug, _ in AUTHORED.values():
        assert "<h1" in site.html(f"articles/{slug}/")
    about = site.html("pages/about/")
    assert '<h1 data-pagefind-meta="title">About this archive</h1>' in about
    assert "<h2>Who edits it</h2>" in about  # Pelican's rST rendering, not escaped text
    assert 'href="../pages/about/"' in site.html("articles/")  # the footer lists pages


def test_authored_articles_are_articles_of_the_archive(site):
    articles = {a["source_file"]: a for a in site.json("articles.json")}
    for source, (slug, date) in AUTHORED.items():
        article = articles[source]
        assert (article["slug"], article["date"], article["date_basis"]) == (slug, date, "metadata")
        assert article["actors"] and article["topics"] and article["events"], article
    hostages = articles["raw/hostage-talks-timeline.md"]
    assert {"qatar", "hamas", "antony-blinken"} <= set(hostages["actors"])
    # Its list items are read as text: the November 2023 truce is an event of its own.
    events = {e["id"]: e for e in site.json("chronology.json")}
    assert any(events[e]["date"] == "2023-11" for e in hostages["events"])


def test_authored_articles_are_listed_linked_and_searchable(site):
    listing = site.html("articles/")
    actors = {a["slug"]: a for a in site.json("actors.json")}
    for slug, date in AUTHORED.values():
        assert f"{slug}/" in listing
        page = site.html(f"articles/{slug}/")
        assert "data-pagefind-body" in page
        assert f'<time datetime="{date}"' in page
    assert "a-short-history-of-the-hostage-talks" in actors["qatar"]["articles"]
    qatar = site.html(actors["qatar"]["url"])
    assert "a-short-history-of-the-hostage-talks/" in qatar
    assert "data-pagefind-body" in site.html("pages/about/")


def test_no_broken_internal_link(site):
    problems = broken_links(site.output)
    assert not problems, describe(problems)
