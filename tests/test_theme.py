"""Template-level checks on the built HTML: landmarks, headings, the evidence for dates,
figure captions, search coverage, and the sitemap writer."""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from browser_support import page_types, parse_page
from pelican.plugins.explainer_archive.settings import PAGE_SIZES
from pelican.plugins.explainer_archive.site.sitemap import absolute_url, sitemap_xml, write_sitemap

INDEXED_TYPES = {"article", "actor", "topic"}


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.relative_to(site).parts)


def page_file(site: Path, url: str) -> Path:
    path = site / url
    return path / "index.html" if (not url or url.endswith("/")) else path


def load(site: Path, name: str):
    path = site / "data" / name
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else []


def text_of(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_page_has_landmarks_skip_link_and_one_h1(built_site):
    for page in html_pages(built_site):
        parsed = parse_page(page)
        tags = [tag for tag, _ in parsed.tags]
        name = page.relative_to(built_site)
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in tags, f"{name}: no <{landmark}>"
        main = [attrs for tag, attrs in parsed.tags if tag == "main"]
        assert len(main) == 1 and main[0].get("id") == "main", name
        assert any(t == "a" and a.get("href") == "#main" for t, a in parsed.tags), name
        assert parsed.headings.count(1) == 1, f"{name}: {parsed.headings.count(1)} h1"
        html = next(a for t, a in parsed.tags if t == "html")
        assert html.get("lang"), name


def test_headings_never_skip_a_level(built_site):
    for page in html_pages(built_site):
        levels = parse_page(page).headings
        assert levels and levels[0] == 1, f"{page}: first heading is h{levels[:1]}"
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, f"{page.relative_to(built_site)}: h{before} → h{after}"


def test_pagefind_body_only_on_articles_actors_topics(built_site):
    for page in html_pages(built_site):
        relative = page.relative_to(built_site).parts
        marked = any("data-pagefind-body" in attrs for _, attrs in parse_page(page).tags)
        expected = len(relative) == 3 and relative[0] in {"articles", "actors", "topics"}
        assert marked == expected, f"{'/'.join(relative)}: data-pagefind-body {marked}"


def test_no_external_resources_and_no_inline_handlers(built_site):
    for page in html_pages(built_site):
        for tag, attrs in parse_page(page).tags:
            for name in ("src", "href"):
                value = attrs.get(name, "")
                if tag != "a" and re.match(r"^(https?:)?//", value):
                    pytest.fail(f"{page}: <{tag} {name}={value!r}> loads from another host")
            assert not any(k.startswith("on") for k in attrs), f"{page}: inline handler on <{tag}>"


def test_article_pages_show_date_evidence_figures_and_markdown(built_site):
    records = load(built_site, "articles.json")
    assert records, "data/articles.json is empty"
    for record in records:
        page = page_file(built_site, record["url"])
        html = text_of(page)
        parsed = parse_page(page)
        assert "Cleaned Markdown" in html
        assert any(
            t == "a" and a.get("href", "").endswith(Path(record["markdown"]).name)
            for t, a in parsed.tags
        ), record["slug"]
        if record["date"] is None and record["date_basis"] == "estimated":
            assert "Estimated:" in html, record["slug"]
        elif record["date"] is None:
            assert "Date unknown" in html, record["slug"]
        else:
            assert f'datetime="{record["date"]}"' in html, record["slug"]
        note = record["date_note"]
        if note:
            assert escape(note) in html, f"{record['slug']}: date note not shown"
        if record["title_generated"]:
            assert "Title generated from the text" in html, record["slug"]
        figures = [
            a for t, a in parsed.tags if t == "figure" and "photo-note" in a.get("class", "")
        ]
        assert len(figures) == len(record["figures"]), record["slug"]
        assert html.count("<figcaption>") >= len(record["figures"])
        for figure in record["figures"]:
            if figure.get("credit"):
                assert escape(figure["credit"]) in html
        for source in record["source_files"]:
            assert escape(source) in html


def escape(text: str) -> str:
    from markupsafe import escape as markup_escape

    return str(markup_escape(text))


def listing_pages(site: Path, folder: str) -> list[Path]:
    """A paginated listing's pages in order: folder/index.html, folder/page/2/index.html, …"""
    first = site / folder / "index.html"
    rest = sorted((site / folder / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    return [first, *rest]


def test_archive_lists_every_article_with_undated_last(built_site):
    records = load(built_site, "articles.json")
    html = "".join(text_of(p) for p in listing_pages(built_site, "articles"))
    for record in records:
        assert f'/{record["url"]}"' in html or f'"{record["url"]}"' in html, record["slug"]
    # Estimated articles are placed at their estimate; only the truly undated come last.
    undated = [r for r in records if r["date"] is None and r["date_basis"] != "estimated"]
    if undated:
        assert 'id="undated"' in html
        cut = html.index('id="undated"')
        for record in undated:
            assert html.index(record["url"] + '"') > cut, record["slug"]
        for record in records:
            if record["date"] or record["date_basis"] == "estimated":
                assert html.index(record["url"] + '"') < cut, record["slug"]


def chronology_ids(site: Path) -> dict[str, list[str]]:
    """Every element id on the chronology's pages → the pages that carry it."""
    found: dict[str, list[str]] = {}
    for page in sorted((site / "chronology").rglob("index.html")):
        for element_id in parse_page(page).ids:
            found.setdefault(element_id, []).append(page.relative_to(site).as_posix())
    return found


def test_chronology_has_every_event_id(built_site):
    events = load(built_site, "chronology.json")
    ids = chronology_ids(built_site)
    missing = [e["id"] for e in events if e["id"] not in ids]
    assert not missing, f"events without an anchor in the chronology: {missing[:5]}"
    twice = [e["id"] for e in events if len(ids.get(e["id"], [])) > 1]
    assert not twice, twice[:5]
    inline = len(events) <= PAGE_SIZES["chronology"]  # all on the chronology page
    for event in events:
        (page,) = ids[event["id"]]
        period = event["date"][:7] if len(event["date"]) >= 7 else event["date"][:4]
        expected = "chronology/index.html" if inline else f"chronology/{period}/"
        assert page.startswith(expected), (event["id"], page)
    if events:
        html = text_of(built_site / ids[events[0]["id"]][0])
        assert "<details" in html  # the date basis, on demand


def test_actor_and_topic_pages_exist_for_the_export(built_site):
    for name, folder in (("actors.json", "actors"), ("topics.json", "topics")):
        for record in load(built_site, name):
            assert (built_site / folder / record["slug"] / "index.html").is_file(), record["slug"]


def test_search_page_loads_pagefind_relative_and_explains_no_js(built_site):
    page = built_site / "search" / "index.html"
    html = text_of(page)
    scripts = [a.get("src", "") for t, a in parse_page(page).tags if t == "script"]
    assert any(s.endswith("pagefind/pagefind-ui.js") and not s.startswith("/") for s in scripts)
    assert "<noscript>" in html
    assert (built_site / "pagefind" / "pagefind-ui.js").is_file(), "search index not built"


def test_page_types_all_exist(built_site):
    missing = [
        k
        for k, url in page_types(built_site).items()
        if url is None or not page_file(built_site, url).is_file()
    ]
    assert missing == []


# --- sitemap --------------------------------------------------------------------------


def test_absolute_url_forms():
    assert absolute_url("https://x.org/sub/", "articles/a/") == "https://x.org/sub/articles/a/"
    assert absolute_url("https://x.org", "") == "https://x.org/"
    assert absolute_url("https://x.org", "actors/index.html") == "https://x.org/actors/"
    assert absolute_url("", "topics/t/") == "/topics/t/"
    assert absolute_url("", "index.html") == "/"


def test_sitemap_is_sorted_deduplicated_and_deterministic(tmp_path):
    settings = {"SITEURL": "https://example.org/explainer"}
    urls = ["topics/b/", "articles/a/", "", "topics/b/", "a&b/"]
    write_sitemap(tmp_path, settings, urls)
    first = (tmp_path / "sitemap.xml").read_bytes()
    write_sitemap(tmp_path, settings, list(reversed(urls)))
    assert (tmp_path / "sitemap.xml").read_bytes() == first
    root = ET.fromstring(first)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [e.text for e in root.findall("s:url/s:loc", ns)]
    assert locs == sorted(set(locs))
    assert "https://example.org/explainer/" in locs
    assert "https://example.org/explainer/a&b/" in locs
    assert all(loc.startswith("https://example.org/explainer/") for loc in locs)


@pytest.mark.parametrize("site_url", ["", "/explainer", "//cdn.example.org", "example.org"])
def test_no_sitemap_without_an_absolute_siteurl(tmp_path, site_url):
    (tmp_path / "sitemap.xml").write_text("stale", encoding="utf-8")
    write_sitemap(tmp_path, {"SITEURL": site_url}, ["articles/x/"])
    assert not (tmp_path / "sitemap.xml").exists()


def test_sitemap_lists_the_search_page_only_when_built():
    urls = ["search/", "articles/x/"]
    settings = {"SITEURL": "https://x.org", "SEARCH_URL": "search/"}
    assert "https://x.org/search/" not in sitemap_xml({**settings, "DIRECT_TEMPLATES": []}, urls)
    with_search = {**settings, "DIRECT_TEMPLATES": ["search"]}
    assert "https://x.org/search/" in sitemap_xml(with_search, urls)


def test_dev_build_has_no_sitemap(built_site):
    assert not (built_site / "sitemap.xml").exists()


def test_built_sitemap_points_at_real_pages(published_site):
    path = published_site / "sitemap.xml"
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [loc.text for loc in ET.parse(path).getroot().findall("s:url/s:loc", ns)]
    assert locs
    for loc in locs:
        assert loc.startswith("https://news.example.org/explainer/"), loc
        relative = loc.removeprefix("https://news.example.org/explainer/")
        assert page_file(published_site, relative).is_file(), loc


# --- publish build: canonical URL and Open Graph ------------------------------------------


@pytest.fixture(scope="module")
def published_site(built, tmp_path_factory):
    """A publish build (publishconf.py) into a temporary folder, reusing (a copy of) the
    cache."""
    from sitebuild import ROOT, build_site

    base = tmp_path_factory.mktemp("published")
    shutil.copytree(built.cache, base / "cache")
    result = build_site(
        ROOT / "content",
        base / "output",
        base / "cache",
        settings="publishconf.py",
        extra={"EXPLAINER_SEARCH": False},
        env={"SITEURL": "https://news.example.org/explainer"},
    )
    if result.returncode != 0:
        pytest.fail("publish build failed:\n" + result.log[-3000:])
    return result.output


def test_publish_build_has_canonical_and_open_graph(published_site):
    site = "https://news.example.org/explainer/"
    home = text_of(published_site / "index.html")
    assert f'<link rel="canonical" href="{site}">' in home
    assert f'<meta property="og:url" content="{site}">' in home
    records = load(published_site, "articles.json")
    for record in records[:3]:
        html = text_of(page_file(published_site, record["url"]))
        assert f'<link rel="canonical" href="{site}{record["url"]}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert 'property="og:title"' in html
    for page in html_pages(published_site):
        for tag, attrs in parse_page(page).tags:
            if tag == "a" and attrs.get("href", "").startswith("http"):
                href = attrs["href"]
                assert not href.startswith("http://"), f"{page}: insecure link {href}"


def test_dev_build_has_no_canonical(built_site):
    assert 'rel="canonical"' not in text_of(built_site / "index.html")


def test_publish_build_writes_atom_feeds(published_site):
    import xml.etree.ElementTree as ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(published_site / "feeds" / "all.atom.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    dated = [r for r in load(published_site, "articles.json") if r["date"]]
    assert len(entries) == len(dated)  # undated articles are never given a date
    links = [e.find(f"{atom}link").get("href") for e in entries]
    assert all(link.startswith("https://news.example.org/explainer/articles/") for link in links)
    for kind, records in (
        ("actors", load(published_site, "actors.json")),
        ("topics", load(published_site, "topics.json")),
    ):
        for record in records:
            path = published_site / "feeds" / kind / f"{record['slug']}.atom.xml"
            assert ElementTree.parse(path).getroot().tag == f"{atom}feed"
