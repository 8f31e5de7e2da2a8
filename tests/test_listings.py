"""site/listings.py: an actor's or topic's articles in pages numbered from the oldest end,
on tables of articles (slug, stated date, how it reads) and Pelican's pagination patterns."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pelican.plugins.explainer_archive.settings import SettingsError, apply_defaults
from pelican.plugins.explainer_archive.site.listings import (
    build_listing,
    page_place,
    split_pages,
)
from test_settings import settings_with

PROJECT_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
PELICAN_PATTERNS = (  # Pelican's own default
    (1, "{name}{extension}", "{name}{extension}"),
    (2, "{name}{number}{extension}", "{name}{number}{extension}"),
)
SETTINGS = {"PAGINATION_PATTERNS": PROJECT_PATTERNS}


def article(index: int, date: str | None = None, estimate: str | None = None) -> SimpleNamespace:
    """Article `index` of a listing, dated day `index` of 2024 unless given a date ("": none),
    placed at the start of its estimate when it has one."""
    value = date if date is not None else f"2024-{1 + index // 28:02d}-{1 + index % 28:02d}"
    return SimpleNamespace(
        slug=f"a{index:04d}", date_value=value or None, listing_date=value or estimate
    )


def articles(count: int) -> list[SimpleNamespace]:
    return [article(i) for i in range(count)]


def slugs(page) -> list[str]:
    return [a.slug for a in page.articles]


@pytest.mark.parametrize(
    "count, size, numbered",
    [
        (0, 100, 0),
        (99, 100, 0),
        (199, 100, 0),  # the own page holds up to 2 * size - 1
        (200, 100, 1),
        (299, 100, 1),
        (300, 100, 2),
        (963, 100, 8),
        (1000, 50, 19),
        (5, 2, 1),
        (5, None, 0),  # no page size: one page
    ],
)
def test_numbered_pages_of_a_count(count, size, numbered):
    assert split_pages(count, size) == numbered
    listing = build_listing(articles(count), size, "actors/x/", "actors/x/index.html", SETTINGS)
    assert len(listing.numbered) == numbered
    assert all(len(page.articles) == size for page in listing.numbered)
    own = len(listing.own.articles)
    assert own == count - numbered * (size or 0)
    assert own < 2 * size if size else own == count


@pytest.mark.parametrize(
    "patterns, number, url, save_as",
    [
        (PROJECT_PATTERNS, 1, "actors/x/page/1/", "actors/x/page/1/index.html"),
        (PROJECT_PATTERNS, 12, "actors/x/page/12/", "actors/x/page/12/index.html"),
        (PELICAN_PATTERNS, 1, "actors/x/index1.html", "actors/x/index1.html"),
        (
            ((1, "/{base_name}/p{number}/", "{base_name}/p{number}.html"),),
            3,
            "actors/x/p3/",
            "actors/x/p3.html",
        ),
    ],
)
def test_numbered_page_urls_follow_the_last_pagination_rule(patterns, number, url, save_as):
    rule = max(patterns, key=lambda r: r[0])
    assert page_place((rule[1], rule[2]), "actors/x/", "actors/x/index.html", number) == (
        url,
        save_as,
    )


def test_pages_hold_the_undated_first_then_the_oldest_estimated_at_their_estimate():
    """Eight articles, two a page: three numbered pages (the two with neither date nor
    estimate on page 1) and the own page with the newest two."""
    shuffled = [article(3), article(0, ""), article(1), article(2), article(4)]
    shuffled += [article(6, "2023"), article(7, ""), article(8, "", estimate="2024-01-03")]
    listing = build_listing(shuffled, 2, "topics/t/", "topics/t/index.html", SETTINGS)
    assert [slugs(p) for p in listing.numbered] == [
        ["a0000", "a0007"],
        ["a0006", "a0001"],
        ["a0002", "a0008"],
    ]
    assert slugs(listing.own) == ["a0003", "a0004"]
    assert [a.slug for a in listing.own.newest_first] == ["a0004", "a0003"]
    assert [a.slug for a in listing.numbered[2].newest_first] == ["a0008", "a0002"]
    first, second = listing.numbered[:2]
    assert first.undated == first.articles and first.first_date is None
    assert (second.first_date, second.last_date) == ("2023", "2 January 2024")
    assert listing.numbered[2].last_date == "3 January 2024"
    assert listing.older(first) is None and listing.newer(first) is second
    assert listing.newer(listing.numbered[2]) is listing.own
    assert listing.older(listing.own) is listing.numbered[2] and listing.newer(listing.own) is None
    assert [p.url for p in listing.numbered] == [f"topics/t/page/{n}/" for n in (1, 2, 3)]


@pytest.mark.parametrize("size", [1, 2, 3, 50, 100])
def test_a_newest_article_changes_no_full_numbered_page(size):
    """For every count up to 4.5 pages: adding a newest article leaves every numbered page
    as it was; once in `size` articles a numbered page is added."""
    for count in range(0, int(size * 4.5) + 1):
        old = build_listing(articles(count), size, "a/", "a/index.html", SETTINGS)
        added = article(count)
        new = build_listing(articles(count) + [added], size, "a/", "a/index.html", SETTINGS)
        assert new.numbered[: len(old.numbered)] == old.numbered, (size, count)
        assert len(new.numbered) - len(old.numbered) in (0, 1)
        assert added in new.own.articles


@pytest.mark.parametrize(
    "patterns",
    [
        ((1, "{url}", "{save_as}"), (2, "{base_name}/page/", "{base_name}/page/index.html")),
        ((1, "{name}{extension}", "{name}{extension}"),),
    ],
)
def test_a_pagination_rule_without_a_number_stops_the_build(tmp_path, patterns):
    with pytest.raises(SettingsError, match=r"^PAGINATION_PATTERNS = .*\{number\}"):
        apply_defaults(settings_with(tmp_path, PAGINATION_PATTERNS=patterns))
