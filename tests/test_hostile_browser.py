"""Hostile input in a real browser: every page built from hostile files, and the pages that
list them (index, archives, actors, topics, chronology, search results), are opened in
Debian's Chromium with a `dialog` handler and a `window.__pwned` probe: no payload may run.

Reuses the one hostile build of test_hostile.py (built once per session for both modules).
"""

from __future__ import annotations

import pytest
from browser_support import CHROMIUM, fresh_tab, recording_tab, serve
from test_hostile import by_source, hostile_build

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM}"
)
sync_api = pytest.importorskip("playwright.sync_api")

HOSTILE_ARTICLES = [
    "inject-metadata.txt",
    "inject-caption.txt",
    "inject-markdown.txt",
    "inject-page.txt",
    "path-traversal.txt",
    "title-index.txt",
    "long title.txt",
    "emoji-title.txt",
    "عربي خبر.txt",
    "bidi-zero-width.txt",
    "long-line.txt",
]
LISTING_PAGES = ["", "articles/", "actors/", "topics/", "chronology/", "404.html"]
# The search page shows a query's results: its message names the query ("N results for …"),
# and every result has loaded its page's fragment (title link and excerpt, no placeholder).
RESULTS_SHOWN = """query => {
    const message = document.querySelector('.pagefind-ui__message')?.textContent || '';
    const results = [...document.querySelectorAll('.pagefind-ui__result')];
    return message.trim().endsWith(' for ' + query) && results.length > 0
        && results.every(result =>
            result.querySelector('.pagefind-ui__result-title .pagefind-ui__result-link')
            && !result.querySelector('.pagefind-ui__loading'));
}"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    built = hostile_build(tmp_path_factory)
    assert built.returncode == 0, built.log[-4000:]
    return built


@pytest.fixture(scope="module")
def site_url(site):
    with serve(site.output) as url:
        yield url


@pytest.fixture(scope="module")
def shared_page(browser):
    """One recording tab for the module's tests (dialogs and errors recorded, not blocking)."""
    with recording_tab(browser) as tab:
        yield tab


@pytest.fixture()
def page(shared_page):
    return fresh_tab(shared_page)


def visit(page, url: str) -> None:
    response = page.goto(url, wait_until="load")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"
    # Hover and focus everything once, so mouseover/focus handlers would fire if any were live.
    page.evaluate(
        """() => { for (const el of document.querySelectorAll('body *')) {
             for (const type of ['mouseover', 'focus', 'click'])
               if (type !== 'click' || el.tagName !== 'A')
                 el.dispatchEvent(new Event(type, {bubbles: true}));
           } }"""
    )
    page.wait_for_timeout(100)


def assert_nothing_ran(page, where: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined", f"{where}: payload ran"
    assert not page.dialogs, f"{where}: dialogs {page.dialogs}"
    assert not page.errors, f"{where}: console errors {page.errors}"
    # No element the payloads would create made it into the DOM.
    injected = page.evaluate(
        """() => [...document.querySelectorAll('img, iframe, svg:not(.chart-svg), object, embed')]
                 .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert injected == [], f"{where}: {injected}"


def test_probe_detects_a_live_payload(page, site_url):
    """The probe works: a page that does run a payload is caught (else the tests prove nothing)."""
    page.set_content('<img src=x onerror="window.__pwned=1;alert(1)">')
    page.wait_for_function("window.__pwned === 1")
    assert page.evaluate("typeof window.__pwned") == "number"
    assert page.dialogs == ["alert: 1"]


@pytest.mark.parametrize("name", HOSTILE_ARTICLES)
def test_hostile_article_page_runs_nothing(page, site, site_url, name):
    record = by_source(site)[f"raw/{name}"]
    visit(page, site_url + record["url"])
    assert_nothing_ran(page, record["url"])
    assert page.locator("h1").count() == 1
    assert page.locator("h1").inner_text().strip() == record["title"].strip()


def test_payload_text_is_visible_as_text(page, site, site_url):
    record = by_source(site)["raw/inject-metadata.txt"]
    visit(page, site_url + record["url"])
    assert (
        "<script>window.__pwned=1;alert(1)</script>Ceasefire vote"
        in page.locator("h1").inner_text()
    )
    assert (
        '<img src=x onerror="window.__pwned=1;alert(1)">'
        in page.locator(".story-body").inner_text()
    )


@pytest.mark.parametrize("path", LISTING_PAGES)
def test_listing_pages_run_nothing(page, site_url, path):
    visit(page, site_url + path)
    assert_nothing_ran(page, path or "index")


def test_every_actor_and_topic_page_runs_nothing(page, site, site_url):
    urls = [r["url"] for r in site.json("actors.json") + site.json("topics.json")]
    assert urls
    for url in urls:
        visit(page, site_url + url)
        assert_nothing_ran(page, url)


def test_search_results_for_payloads_run_nothing(page, site_url):
    visit(page, site_url + "search/")
    box = page.locator("#search input")
    box.wait_for(timeout=10_000)
    for query in ("pwned", "onerror", "Ceasefire vote delayed", "javascript"):
        box.fill(query)
        # The previous query's results stay on the page until this one's are shown.
        page.wait_for_function(RESULTS_SHOWN, arg=query, timeout=15_000)
        assert page.evaluate("typeof window.__pwned") == "undefined", query
        assert not page.dialogs, (query, page.dialogs)
    assert not page.errors, page.errors
