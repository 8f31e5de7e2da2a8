"""Browser tests (Playwright, Debian's Chromium): navigation through the built site, search,
console errors, axe-core on every page type, and screenshots at desktop and phone widths.

Screenshots go to tests/output/screenshots/ (git-ignored)."""

from __future__ import annotations

import re

import pytest
from browser_support import (
    CHROMIUM,
    SCREENSHOT_DIR,
    VIEWPORTS,
    fresh_tab,
    page_types,
    recording_tab,
    serve,
)

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM}"
)

sync_api = pytest.importorskip("playwright.sync_api")
BLOCKING_IMPACTS = {"serious", "critical"}


@pytest.fixture(scope="module")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="module")
def shared_page(browser):
    """One recording tab for the module's tests (but the one without JavaScript)."""
    with recording_tab(browser) as tab:
        yield tab


@pytest.fixture()
def page(shared_page):
    return fresh_tab(shared_page)


def open_page(page, url):
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    return response


def test_navigation_from_the_landing_page(page, site_url, built_site):
    open_page(page, site_url)
    assert page.locator("h1").count() == 1
    nav = page.get_by_role("navigation", name="Main")
    for label in ("Home", "Chronology", "Actors", "Topics", "Articles", "Search"):
        assert nav.get_by_role("link", name=label, exact=True).count() == 1, label

    types = page_types(built_site)
    if types["actor"]:
        page.locator(".home-side a[href*='actors/']").first.click()
        page.wait_for_load_state()
        assert "/actors/" in page.url
        assert page.locator("[data-pagefind-body]").count() == 1
        page.go_back()
    if types["topic"]:
        page.locator(".topic-chips a").first.click()
        page.wait_for_load_state()
        assert "/topics/" in page.url
        page.go_back()

    nav.get_by_role("link", name="Chronology", exact=True).click()
    page.wait_for_load_state()
    assert page.url.endswith("/chronology/")
    assert page.locator("h1").inner_text().strip() == "Chronology"
    page.go_back()

    first = page.locator(".home-latest .teaser-title a").first
    title = first.inner_text().strip()
    first.click()
    page.wait_for_load_state()
    assert "/articles/" in page.url
    assert page.locator("h1").inner_text().strip() == title
    assert page.get_by_role("link", name="Cleaned Markdown").count() == 1
    page.go_back()
    page.wait_for_load_state()
    assert page.url.rstrip("/") == site_url.rstrip("/") or page.url.endswith("index.html")
    assert not page.errors, page.errors


def test_chronology_links_land_on_their_event(page, site_url):
    open_page(page, site_url)
    links = page.locator(".event-slice a[href*='chronology/'][href*='#']")
    if links.count() == 0:
        pytest.skip("no chronology events in this build")
    href = links.first.get_attribute("href")
    links.first.click()
    page.wait_for_load_state()
    fragment = href.split("#", 1)[1]
    assert page.locator(f"[id='{fragment}']").count() == 1


def test_search_finds_hostage(page, site_url):
    open_page(page, site_url + "search/")
    box = page.locator("#search input")
    box.wait_for(timeout=10_000)
    box.fill("hostage")
    results = page.locator(".pagefind-ui__result")
    results.first.wait_for(timeout=15_000)
    assert results.count() >= 1
    link = page.locator(".pagefind-ui__result-link").first
    href = link.get_attribute("href")
    assert href and re.search(r"/(articles|actors|topics)/", href), href
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").count() == 1
    assert not page.errors, page.errors


def test_search_query_parameter(page, site_url):
    open_page(page, site_url + "search/?q=hostage")
    page.locator(".pagefind-ui__result").first.wait_for(timeout=15_000)


def test_search_page_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    open_page(page, site_url + "search/")
    assert "Search needs JavaScript" in page.content()
    context.close()


def axe_violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    return Axe().run(page).response["violations"]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_every_page_type_is_accessible_and_error_free(page, site_url, built_site, color_scheme):
    report, blocking = {}, []
    page.emulate_media(color_scheme=color_scheme)
    errors = page.errors
    for kind, url in page_types(built_site).items():
        if url is None:
            continue
        errors.clear()
        open_page(page, site_url + url)
        if kind == "search":
            page.locator("#search input").fill("hostage")
            page.locator(".pagefind-ui__result").first.wait_for(timeout=15_000)
        violations = axe_violations(page)
        counts = {}
        for violation in violations:
            impact = violation.get("impact") or "unknown"
            counts[impact] = counts.get(impact, 0) + 1
            if impact in BLOCKING_IMPACTS:
                nodes = [n.get("target") for n in violation.get("nodes", [])][:3]
                blocking.append(f"{kind}: {violation['id']} ({impact}) {nodes}")
        report[kind] = counts
        assert not errors, f"{kind}: console errors {errors}"
    print(f"axe-core ({color_scheme}): {report}")
    assert not blocking, "serious/critical axe violations:\n" + "\n".join(blocking)


def test_screenshots_of_every_page_type(page, site_url, built_site):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    taken = []
    for width_name, viewport in VIEWPORTS.items():
        page.set_viewport_size(viewport)
        for kind, url in page_types(built_site).items():
            if url is None:
                continue
            open_page(page, site_url + url)
            if kind == "search":
                page.locator("#search input").fill("hostage")
                page.locator(".pagefind-ui__result").first.wait_for(timeout=15_000)
            path = SCREENSHOT_DIR / f"{kind}-{width_name}.png"
            page.screenshot(path=str(path), full_page=True)
            taken.append(path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], f"{kind} overflows sideways at {width_name}"
    assert all(p.stat().st_size > 1000 for p in taken)
