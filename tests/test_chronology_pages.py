"""The chronology at both sizes, with the seeds: every event on the one chronology page while
they fit its page budget (16 events, budget 80), and month pages with each month's key events
on the chronology page once the archive outgrows it (here: a budget of 5 events, as a 10,000-
article archive outgrows 80).  Event URLs keep working across the switch, both ways; checked
in the HTML and in Chromium at 1280 and 390 px, with axe."""

from __future__ import annotations

import re
import shutil

import pytest
from browser_support import CHROMIUM, VIEWPORTS, parse_page, serve
from linkcheck import broken_links, describe
from lxml import html as lxml_html
from sitebuild import ROOT, build_site
from support.annotations import start_cache

SMALL_BUDGET = {"PAGINATED_TEMPLATES": {"chronology": 5}}
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM}"
)


@pytest.fixture(scope="module")
def sites(tmp_path_factory, seed_annotations):
    """The seeds built inline, then split by month, then inline again into the same output
    folder (a site that shrinks back); each output is copied as it stood.  The cache starts
    with the seeds' spaCy annotations (tests/support/annotations.py)."""
    base = tmp_path_factory.mktemp("chronology")
    output, cache = base / "output", start_cache(base / "cache", seed_annotations)
    found = {}
    for name, extra in (("inline", None), ("split", SMALL_BUDGET), ("inline-again", None)):
        built = build_site(ROOT / "content", output, cache, extra=extra)
        assert built.returncode == 0, built.log[-3000:]
        assert "WARNING" not in built.log and "Traceback" not in built.log, built.log[-3000:]
        shutil.copytree(output, base / name)
        found[name] = base / name
    found["events"] = built.json("chronology.json")
    return found


def tree(path):
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def period_of(event: dict) -> str:
    return event["date"][:7] if len(event["date"]) >= 7 else event["date"][:4]


def test_one_page_lists_every_event_oldest_first_by_year_and_month(sites):
    events = sites["events"]
    assert len(events) == 16
    page = tree(sites["inline"] / "chronology" / "index.html")
    ids = [li.get("id") for li in page.xpath("//li[contains(@class, 'event')][@id]")]
    assert sorted(ids) == sorted(e["id"] for e in events)
    dates = [next(e["date"] for e in events if e["id"] == i) for i in ids]
    assert [d[:7] for d in dates] == sorted(d[:7] for d in dates)  # oldest month first
    months = page.xpath("//section[contains(@class, 'tl-month')]/h3/@id")
    assert months == sorted({f"period-{period_of(e)}" for e in events})
    # The chart comes first, then the years.
    body = page.xpath("//main")[0]
    order = [el.tag for el in body.iter("figure", "h2")]
    assert order[0] == "figure" and "h2" in order


def test_month_pages_are_redirects_to_the_one_page_while_it_fits(sites):
    for period in {period_of(e) for e in sites["events"]}:
        page = (sites["inline"] / "chronology" / period / "index.html").read_text("utf-8")
        assert 'name="robots" content="noindex"' in page
        assert f'href="../../chronology/#period-{period}"' in page  # without JavaScript too
        assert 'data-event-links="redirect"' in page and "js/chronology.js" in page


def test_outgrown_chronology_keeps_a_summary_of_each_month(sites):
    events = {e["id"]: e for e in sites["events"]}
    page = tree(sites["split"] / "chronology" / "index.html")
    assert not page.xpath("//li[contains(@class, 'event')][@id]")  # no event in full here
    for section in page.xpath("//section[contains(@class, 'tl-month')]"):
        period = section.xpath("h3/@id")[0].removeprefix("period-")
        in_period = [e for e in events.values() if period_of(e) == period]
        links = section.xpath(".//ol[contains(@class, 'key-events')]//p[@class='event-date']/a")
        assert 1 <= len(links) <= min(3, len(in_period)), period
        shown = [a.get("href").rsplit("#", 1)[1] for a in links]
        most = max(len(e.get("sources", [])) for e in in_period)
        assert any(len(events[i].get("sources", [])) == most for i in shown), period
        for a in links:  # each opens its event on the month's page
            assert a.get("href").startswith(f"../chronology/{period}/"), a.get("href")
        month_page = sites["split"] / "chronology" / period / "index.html"
        assert set(shown) <= parse_page(month_page).ids


@pytest.mark.parametrize("name", ["inline", "split", "inline-again"])
def test_no_broken_link_at_either_size(sites, name):
    problems = broken_links(sites[name])
    assert not problems, describe(problems)


def test_shrinking_back_leaves_no_stale_month_page(sites):
    assert not list((sites["inline-again"] / "chronology").rglob("page"))
    split_pages = sorted(p.relative_to(sites["split"]) for p in sites["split"].rglob("*.html"))
    again = sorted(
        p.relative_to(sites["inline-again"]) for p in sites["inline-again"].rglob("*.html")
    )
    assert [p for p in again if p.parts[0] == "chronology"] == [
        p for p in split_pages if p.parts[0] == "chronology" and "page" not in p.parts
    ]


# --- in Chromium ------------------------------------------------------------------------


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    return [f"{v['id']} ({v.get('impact')})" for v in Axe().run(page).response["violations"]]


def landed_on(page, site_url: str) -> str:
    page.wait_for_load_state()
    page.wait_for_function("() => document.readyState === 'complete'")
    return page.url.split(site_url, 1)[1]


@needs_chromium
@pytest.mark.parametrize("width", ["desktop", "phone"])
@pytest.mark.parametrize("name", ["inline", "split"])
def test_chronology_in_chromium(browser, sites, name, width):
    viewport = VIEWPORTS[width]
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    with serve(sites[name]) as site_url:
        page.goto(site_url + "chronology/", wait_until="load")
        assert page.locator("figure.chart svg").first.is_visible()
        shown = page.locator("li.event").count()
        assert shown == (16 if name == "inline" else page.locator(".key-events li").count())
        assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        assert axe_violations(page) == []
        if name == "split":
            first = page.locator("section.tl-month h3 a").first
            period = re.search(r"period-(\S+)", first.evaluate("a => a.parentElement.id"))[1]
            first.click()
            assert landed_on(page, site_url) == f"chronology/{period}/"
            assert page.locator("li.event[id]").count() >= 1
            assert axe_violations(page) == []
    context.close()
    assert not errors, errors


@needs_chromium
def test_event_urls_survive_the_switch_both_ways(browser, sites):
    """A link made while every event was on the chronology page (chronology/#id) opens the
    event on its month's page once months have pages, and a month page's link
    (chronology/2023-10/#id) opens it on the one page once the archive fits again."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    # Both sites served for the whole walk, on two origins: every goto leaves the other
    # site's document, so each is a full load that runs the page's redirect.
    with serve(sites["split"]) as split_url, serve(sites["inline-again"]) as inline_url:
        for event in sites["events"]:
            period = period_of(event)
            page.goto(f"{split_url}chronology/#{event['id']}")
            assert landed_on(page, split_url).startswith(f"chronology/{period}/")
            assert page.url.endswith("#" + event["id"])
            assert page.locator(f"[id='{event['id']}']").is_visible()
            page.goto(f"{inline_url}chronology/{period}/#{event['id']}")
            assert landed_on(page, inline_url) == f"chronology/#{event['id']}"
            assert page.locator(f"[id='{event['id']}']").is_visible()
            page.goto(f"{inline_url}chronology/{period}/")
            assert landed_on(page, inline_url) == f"chronology/#period-{period}"
    context.close()
