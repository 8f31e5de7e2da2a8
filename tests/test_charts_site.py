"""The charts in a real build of the seeds: where they are, what they link to, the export
behind them, and byte-identical SVG across two builds."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from browser_support import parse_page

SVG = re.compile(r"<svg\b.*?</svg>", re.DOTALL)
CHART_PAGES = ["index.html", "chronology/index.html", "actors/index.html"]


def svgs(html: str) -> list[str]:
    return SVG.findall(html)


def chart_links(site: Path, page: str) -> list[str]:
    """The site paths (with fragment) that the links inside a page's charts lead to."""
    html = (site / page).read_text(encoding="utf-8")
    base = "http://site/" + page
    found = []
    for svg in svgs(html):
        for href in re.findall(r'<a class="chart-link" href="([^"]+)"', svg):
            found.append(urlsplit(urljoin(base, href)))
    return [(u.path.lstrip("/"), u.fragment) for u in found]


def target_file(site: Path, path: str) -> Path:
    target = site / path
    return target / "index.html" if path.endswith("/") or not path else target


@pytest.mark.parametrize("page", CHART_PAGES)
def test_each_chart_has_title_desc_and_a_table_or_list(built_site, page):
    html = (built_site / page).read_text(encoding="utf-8")
    found = svgs(html)
    assert len(found) == 1, page
    svg = found[0]
    labelled = re.search(r'aria-labelledby="([^"]+)" aria-describedby="([^"]+)"', svg)
    title_id, desc_id = labelled.groups()
    assert re.search(rf'<title id="{title_id}">[^<]+</title>', svg)
    assert re.search(rf'<desc id="{desc_id}">[^<]{{40,}}</desc>', svg)
    after = html[html.index(svg) :]
    assert re.search(r'<details class="chart-data">.*?<(table|ol)', after, re.DOTALL)
    # Nothing from another host, no script.
    assert not re.search(r'(href|src)="(https?:)?//', svg) and "<script" not in svg


def test_strip_bars_link_to_their_period_of_the_chronology(built, built_site):
    coverage = built.json("coverage.json")
    with_events = [p["period"] for p in coverage["periods"] if p["events"]]
    for page in ("index.html", "chronology/index.html"):
        links = chart_links(built_site, page)
        assert len(links) == len(with_events), page
        for (path, fragment), period in zip(links, with_events, strict=True):
            target = target_file(built_site, path)
            assert path.startswith("chronology/") and target.is_file(), (page, path)
            if fragment:
                assert fragment in parse_page(target).ids, (page, path, fragment)
            if coverage["granularity"] == "month":  # the month on the one chronology page
                assert (path, fragment) == ("chronology/", f"period-{period}")


def test_network_nodes_link_to_actor_pages(built, built_site):
    actors = {a["url"]: a for a in built.json("actors.json")}
    links = chart_links(built_site, "actors/index.html")
    assert len(links) >= 5
    for path, fragment in links:
        assert path in actors and not fragment
        assert target_file(built_site, path).is_file()


def test_actor_and_topic_pages_show_coverage_and_ties(built):
    ties = built.json("cooccurrence.json")
    tied = {slug for tie in ties for slug in tie["actors"]}
    coverage = built.json("coverage.json")

    def placed(kind, slug):  # counted in some month (a stated date, or a whole estimate)
        return any(m["month"] for m in coverage[kind].get(slug, []))

    charted = 0
    for actor in built.json("actors.json"):
        html = built.html(actor["url"])
        assert bool(svgs(html)) == placed("actors", actor["slug"]), actor["slug"]
        assert ('id="ties"' in html) == (actor["slug"] in tied), actor["slug"]
        charted += bool(svgs(html))
    for topic in built.json("topics.json"):
        html = built.html(topic["url"])
        assert bool(svgs(html)) == placed("topics", topic["slug"]), topic["slug"]
    assert charted >= 5


def test_strongest_ties_list_the_articles_that_show_them(built):
    ties = built.json("cooccurrence.json")
    articles = {a["slug"]: a for a in built.json("articles.json")}
    strongest = ties[0]
    a, b = strongest["actors"]
    page = built.html(f"actors/{a}/")
    section = page[page.index('id="ties"') :]
    first = section[: section.index("</li>")]
    assert f"actors/{b}/" in first
    assert articles[strongest["articles"][0]]["url"] in first


def test_export_of_the_charts_adds_up(built):
    articles = built.json("articles.json")
    actors = built.json("actors.json")
    coverage = built.json("coverage.json")
    for tie in built.json("cooccurrence.json"):
        assert tie["weight"] == tie["sentences"] + len(tie["events"]) > 0
        assert tie["actors"] == sorted(tie["actors"])
        assert set(tie["articles"]) <= {a["slug"] for a in articles}
    for actor in actors:
        months = coverage["actors"].get(actor["slug"], [])
        assert sum(m["articles"] for m in months) == len(actor["articles"]), actor["slug"]
        assert sum(m["mentions"] for m in months) == actor["mentions"], actor["slug"]
    for topic in built.json("topics.json"):
        months = coverage["topics"].get(topic["slug"], [])
        assert sum(m["articles"] for m in months) == len(topic["articles"])
    placed = sum(p["articles"] for p in coverage["periods"])
    assert placed + coverage["unplaced"]["articles"] == len(articles)
    events = sum(p["events"] for p in coverage["periods"])
    assert events + coverage["unplaced"]["events"] == len(built.json("chronology.json"))


def test_two_builds_draw_byte_identical_svg(hash_seed_builds):
    # Two cold builds, each in its own process under its own hash seed.
    outputs = [result.output for result in hash_seed_builds]
    pages = sorted(p.relative_to(outputs[0]) for p in outputs[0].rglob("*.html"))
    drawn = 0
    for page in pages:
        first = svgs((outputs[0] / page).read_text(encoding="utf-8"))
        second = svgs((outputs[1] / page).read_text(encoding="utf-8"))
        assert first == second, page
        drawn += len(first)
    assert drawn >= 10
    for name in ("cooccurrence.json", "coverage.json"):
        assert (outputs[0] / "data" / name).read_bytes() == (
            outputs[1] / "data" / name
        ).read_bytes()
