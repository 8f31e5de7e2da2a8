"""One heading per section: no page of the built site says a title twice in a row (a section
heading and then a chart caption of the same words), and the actor network keeps its
accessible name (the section heading) and its SVG title."""

from __future__ import annotations

from lxml import html as lxml_html

TITLES = "//h1|//h2|//h3|//h4|//h5|//h6|//figcaption[contains(@class, 'chart-caption')]"


def pages(site):
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


def test_no_title_is_said_twice_in_a_row(built_site):
    repeated = []
    for path in pages(built_site):
        tree = lxml_html.fromstring(path.read_text(encoding="utf-8"))
        texts = [" ".join(el.text_content().split()) for el in tree.xpath(TITLES)]
        for before, after in zip(texts, texts[1:], strict=False):
            if before and before == after:
                repeated.append(f"{path.relative_to(built_site)}: {before!r}")
    assert not repeated, repeated


def test_actor_network_is_named_by_its_heading(built_site):
    tree = lxml_html.fromstring((built_site / "actors" / "index.html").read_text("utf-8"))
    (figure,) = tree.xpath("//figure[contains(@class, 'chart-network')]")
    (heading,) = tree.xpath(f"//*[@id='{figure.get('aria-labelledby')}']")
    assert heading.tag == "h2" and heading.text_content().strip() == "Who appears with whom"
    assert not figure.xpath(".//figcaption")
    svg = figure.xpath(".//*[local-name()='svg']")[0]
    title_id = svg.get("aria-labelledby")
    assert tree.xpath(f"//*[@id='{title_id}']")[0].text_content() == "Who appears with whom"
