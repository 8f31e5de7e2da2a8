"""Search across shards in a real browser (Playwright, Debian's Chromium): the search page of
the real site's build merges the shard bundles, so a word found in articles of two shards
brings up articles of both."""

from __future__ import annotations

import re

import pytest
from browser_support import CHROMIUM, VIEWPORTS, serve
from pelican.plugins.explainer_archive.site import search

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser tests need Debian's Chromium at {CHROMIUM}"
)
sync_api = pytest.importorskip("playwright.sync_api")

WORD = "hostage"
SETTINGS = {
    "ARTICLE_SAVE_AS": "articles/{slug}/index.html",
    "ACTOR_SAVE_AS": "actors/{slug}/index.html",
    "TOPIC_SAVE_AS": "topics/{slug}/index.html",
}


def articles_with_word(site, word: str) -> dict[str, set[str]]:
    """Each shard's article URLs whose page text has the word (tags stripped)."""
    found: dict[str, set[str]] = {}
    for shard, pages in search.plan_shards(site, SETTINGS).items():
        for relative, _ in pages:
            if not relative.startswith("articles/"):
                continue
            text = re.sub(r"<[^>]+>", " ", (site / relative).read_text(encoding="utf-8"))
            if re.search(rf"\b{word}", text, re.IGNORECASE):
                found.setdefault(shard, set()).add("/" + relative.removesuffix("index.html"))
    return found


def all_result_links(page) -> set[str]:
    """Every result's link path, once the search over every shard has answered ("N results
    for ..."), after pressing "Load more results" until all N are shown and each has loaded
    its title link."""
    page.wait_for_function(
        r"/\d+ results? for/.test("
        "document.querySelector('.pagefind-ui__message')?.textContent || '')",
        timeout=15_000,
    )
    message = page.locator(".pagefind-ui__message").text_content() or ""
    total = int(re.search(r"(\d+) results? for", message).group(1))
    results = page.locator(".pagefind-ui__result")
    more = page.locator(".pagefind-ui__button")
    while results.count() < total:
        shown = results.count()
        more.first.click()
        page.wait_for_function(
            f"document.querySelectorAll('.pagefind-ui__result').length > {shown}",
            timeout=15_000,
        )
    # A result shows a placeholder until its page's fragment has loaded; sub-results have
    # links of their own, so a count of links can be reached while a result still loads.
    page.wait_for_function(
        "[...document.querySelectorAll('.pagefind-ui__result')].every(result =>"
        " result.querySelector('.pagefind-ui__result-title .pagefind-ui__result-link')"
        " && !result.querySelector('.pagefind-ui__loading'))",
        timeout=15_000,
    )
    links = page.locator(".pagefind-ui__result-link")
    return {
        re.sub(r"^https?://[^/]+", "", links.nth(i).get_attribute("href") or "")
        for i in range(links.count())
    }


def test_a_word_in_two_shards_finds_articles_of_both(browser, built_site):
    expected = articles_with_word(built_site, WORD)
    assert len(expected) >= 2, f"'{WORD}' is in the articles of one shard only: {expected}"
    context = browser.new_context(viewport=VIEWPORTS["desktop"])
    page = context.new_page()
    errors, console = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    failed = []
    page.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    try:
        with serve(built_site) as url:
            page.goto(url + "search/?q=" + WORD, wait_until="load")
            found = all_result_links(page)
    finally:
        context.close()
    for shard, urls in sorted(expected.items()):
        assert found & urls, (
            f"no result from shard {shard}: {sorted(found)}; console: {console}; "
            f"failed requests: {failed}"
        )
    article_results = {link.split("#", 1)[0] for link in found if link.startswith("/articles/")}
    assert article_results == set().union(*expected.values())
    assert not errors, errors
