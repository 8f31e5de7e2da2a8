"""The charts in Chromium: screenshots of every chart page at 1280 and 390 px in both colour
schemes, no console errors, axe clean, readable text, and every chart link landing on its
page or period. Screenshots go to tests/output/screenshots/charts-*.png."""

from __future__ import annotations

import json

import pytest
from browser_support import CHROMIUM, SCREENSHOT_DIR, VIEWPORTS, fresh_tab, recording_tab, serve

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM}"
)
pytest.importorskip("playwright.sync_api")
MIN_TEXT_PX = 9.5  # the smallest chart text, as drawn, that still reads on a phone
MONTHS = "January February March April May June July August September October November December"


def month_name(period: str) -> str:
    """The heading of a month's page of the chronology: "2024-06" → "June 2024"."""
    return f"{MONTHS.split()[int(period[5:7]) - 1]} {period[:4]}"


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def tab(browser):
    """One recording tab for the module's tests."""
    with recording_tab(browser) as tab:
        yield tab


@pytest.fixture()
def page(tab):
    return fresh_tab(tab)


def chart_pages(built) -> dict[str, str]:
    """One page of each kind that carries a chart: the most mentioned actor, the topic with
    the most articles."""
    actors = built.json("actors.json")
    actor = max(actors, key=lambda a: (a["mentions"], a["slug"]))
    topic = max(built.json("topics.json"), key=lambda t: (len(t["articles"]), t["slug"]))
    return {
        "home": "",
        "chronology": "chronology/",
        "actors": "actors/",
        "actor": actor["url"],
        "topic": topic["url"],
    }


def open_page(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, url


def smallest_text_px(page) -> float:
    return page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.chart-svg text')]
              .map(t => t.getBoundingClientRect().height).filter(h => h > 0))"""
    )


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_chart_pages_render_clean_and_readable(page, site_url, built, scheme, width):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    viewport = VIEWPORTS[width]
    page.set_viewport_size(viewport)
    page.emulate_media(color_scheme=scheme)
    problems = []
    for kind, url in chart_pages(built).items():
        open_page(page, site_url + url)
        assert page.locator("figure.chart svg").count() == 1, kind
        path = SCREENSHOT_DIR / f"charts-{kind}-{viewport['width']}-{scheme}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= viewport["width"], f"{kind} overflows sideways at {width}"
        assert smallest_text_px(page) >= MIN_TEXT_PX, f"{kind}: chart text too small"
        # axe on the whole page: no violation of any impact.
        problems += [f"{kind}: {v['id']} ({v.get('impact')})" for v in axe_violations(page)]
    assert not page.errors, page.errors
    assert not problems, problems


def test_chart_colours_follow_the_colour_scheme(page, site_url):
    fills = {}
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        open_page(page, site_url + "chronology/")
        fills[scheme] = page.evaluate(
            """() => [getComputedStyle(document.querySelector('.chart-bar')).fill,
                      getComputedStyle(document.body).getPropertyValue('--accent').trim()]"""
        )
    assert fills["light"][0] != fills["dark"][0]
    assert fills["light"][0] == "rgb(163, 25, 30)"  # --accent, light: #a3191e
    assert fills["dark"][0] == "rgb(255, 138, 132)"  # --accent, dark: #ff8a84


def test_every_chart_link_lands_on_its_page_or_period(page, site_url, built):
    names = {a["url"]: a["name"] for a in built.json("actors.json")}
    landed = 0
    for start in ("", "chronology/", "actors/"):
        open_page(page, site_url + start)
        hrefs = page.eval_on_selector_all(
            ".chart-svg a.chart-link", "links => links.map(a => a.getAttribute('href'))"
        )
        assert hrefs, start
        for i, href in enumerate(hrefs):
            if i:  # back to the start page from the previous link's page or period
                page.go_back(wait_until="load")
                assert page.url == site_url + start, page.url
            page.locator(".chart-svg a.chart-link").nth(i).click()
            page.wait_for_load_state()
            path = page.url.split(site_url, 1)[1]
            if "#" in href:
                fragment = href.split("#", 1)[1]
                assert path.startswith("chronology/") and path.endswith("#" + fragment), path
                target = page.locator(f"[id='{fragment}']")
                assert target.count() == 1 and target.is_visible(), fragment
            elif path.startswith("chronology/"):  # a month's page of the chronology
                month = path.split("/")[1]
                assert page.locator("h1").inner_text().strip() == month_name(month), href
            else:
                assert page.locator("h1").inner_text().strip() == names[path], href
            landed += 1
    assert landed >= 10, json.dumps(landed)
