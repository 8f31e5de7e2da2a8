"""Slugs are valid, unique and stable whatever the title."""

import pytest
from pelican.plugins.explainer_archive.slugs import SLUG_PATTERN, make_slug, unique_slugs


@pytest.mark.parametrize(
    "title, expected",
    [
        (
            "Blinken says truce between Israel, Hamas is producing results",
            "blinken-says-truce-between-israel-hamas-is-producing-results",
        ),
        ("Blinken welcomes 'hopeful' sign", "blinken-welcomes-hopeful-sign"),
        ("Hamas’s shock attack", "hamass-shock-attack"),
        ("Café au lait", "cafe-au-lait"),
        ("../../etc/passwd", "etc-passwd"),
        ("index", "index-item"),
        ("CON", "con-item"),
        ("Нетаньяху встретился с Блинкеном", "netaniakhu-vstretilsia-s-blinkenom"),
    ],
)
def test_make_slug(title, expected):
    assert make_slug(title) == expected


@pytest.mark.parametrize("title", ["!!!", "🎉🎉", "", "   ", "—", "..."])
def test_titles_without_letters_get_a_valid_slug(title):
    slug = make_slug(title, fallback="article")
    assert SLUG_PATTERN.match(slug) and slug.startswith("article-")


def test_long_titles_are_cut_at_a_word_boundary():
    slug = make_slug("word " * 100)
    assert len(slug) <= 70 and SLUG_PATTERN.match(slug) and not slug.endswith("-wor")


def test_unique_slugs_are_deterministic_and_keep_the_first():
    items = [("raw/b.txt", "same"), ("raw/a.txt", "same"), ("raw/c.txt", "other")]
    result = unique_slugs(items)
    assert result["raw/a.txt"] == "same"
    assert result["raw/b.txt"].startswith("same-") and result["raw/b.txt"] != "same"
    assert len(set(result.values())) == 3
    assert unique_slugs(reversed(items)) == result
    assert all(SLUG_PATTERN.match(s) for s in result.values())
