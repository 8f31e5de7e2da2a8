"""A real build fed bad input: every file gets a clear warning, the build goes on, and no
article is lost without one."""

from __future__ import annotations

import random
import re
import shutil

import pytest
from sitebuild import SEEDS, build_site, seed_content
from support.annotations import start_cache

ARTICLE = (
    "Ministers meet in Brussels for aid talks\n\n"
    "Foreign ministers met in Brussels on Monday to discuss humanitarian aid for Gaza.\n\n"
    "The talks, led by the European Union’s foreign policy chief, ended without a deal.\n\n"
    "“We need a café-au-lait level of détente,” one diplomat said.\n"
)
HTML_PAGE = (
    "<!doctype html><html><head><title>Page title</title><style>p{color:red}</style>"
    "<script>alert('x')</script></head><body><nav>Home | World | Sport</nav>"
    "<h1>Rafah crossing reopens for aid trucks</h1>"
    "<p>The Rafah crossing reopened on Sunday, letting dozens of aid trucks into Gaza.</p>"
    "<p>Officials said more convoys would follow during the week.</p>"
    "<footer>© 2024 Example News</footer></body></html>"
)

# The build reads and annotates a 5 MB article.
pytestmark = pytest.mark.slow


def big_article(target_bytes: int) -> str:
    rng = random.Random(7)
    towns = ["Khan Younis", "Rafah", "Deir al-Balah", "Jabalia", "Beit Hanoun"]
    lines = ["Aid deliveries tracked day by day across Gaza", ""]
    size, n = 0, 0
    while size < target_bytes:
        n += 1
        line = (
            f"Convoy {n} carried {rng.randint(10, 900)} tonnes of flour to "
            f"{rng.choice(towns)}, officials said in update number {n}."
        )
        lines += [line, ""]
        size += len(line) + 2
    return "\n".join(lines)


@pytest.fixture(scope="module")
def site(tmp_path_factory, seed_annotations):
    """The seeds beside the bad files. The cache starts from the seeds' annotations
    (tests/support/annotations.py): the bad files' texts, the huge one's among them, are
    annotated by this build; reading them is what is checked, not spaCy on the seeds."""
    root = tmp_path_factory.mktemp("bad-input")
    raw = seed_content(root) / "raw"
    shutil.copy(SEEDS[0], raw / "copy of the first seed – ünïcode.txt")
    (raw / "empty.txt").write_bytes(b"")
    rng = random.Random(1)
    (raw / "binary.txt").write_bytes(bytes(rng.randrange(256) for _ in range(4000)))
    (raw / "cp1252.txt").write_bytes(ARTICLE.encode("cp1252"))
    (raw / "bom-crlf.txt").write_bytes(
        b"\xef\xbb\xbf" + ARTICLE.replace("Brussels", "Paris").replace("\n", "\r\n").encode()
    )
    (raw / "saved-page.txt").write_text(HTML_PAGE, encoding="utf-8")
    (raw / "huge.txt").write_text(big_article(5 * 1024 * 1024), encoding="utf-8")
    same_title = "Talks resume in Doha\n\n{}\n"
    (raw / "doha-a.txt").write_text(
        same_title.format("Negotiators resumed talks in Doha on Sunday, officials said."),
        encoding="utf-8",
    )
    (raw / "doha-b.txt").write_text(
        same_title.format("Qatar hosted a second round of talks in Doha, diplomats said."),
        encoding="utf-8",
    )
    built = build_site(
        root / "content", root / "output", start_cache(root / "cache", seed_annotations)
    )
    assert built.returncode == 0, built.log[-3000:]
    return built


def by_source(site):
    return {a["source_file"]: a for a in site.json("articles.json")}


def test_summary_line_counts_files_articles_and_warnings(site):
    summary = re.search(
        r"explainer: (\d+) raw files seen, (\d+) articles written, (\d+) warnings", site.log
    )
    assert summary, site.log[-2000:]
    seen, written, warnings = map(int, summary.groups())
    assert seen == 14
    assert written == 11  # minus empty, binary, and the duplicate published once
    assert warnings >= 5


@pytest.mark.parametrize(
    "file_name, words",
    [
        ("empty.txt", "empty"),
        ("binary.txt", "binary"),
        ("saved-page.txt", "HTML"),
        ("huge.txt", "annotated"),
        ("copy of the first seed – ünïcode.txt", "same article"),
    ],
)
def test_each_bad_file_gets_a_warning_naming_it(site, file_name, words):
    lines = [line for line in site.log.splitlines() if file_name in line]
    assert any(words.lower() in line.lower() for line in lines), (file_name, lines)


def test_nothing_is_dropped_without_a_warning(site):
    published = {a["source_file"] for a in site.json("articles.json")}
    published |= {s for a in site.json("articles.json") for s in a.get("source_files", [])}
    for path in (site.output.parent / "content" / "raw").iterdir():
        source = f"raw/{path.name}"
        assert source in published or source in site.log, source


def test_duplicate_is_published_once_with_both_sources(site):
    first = by_source(site)["raw/000_171bab25862605ff.txt"]
    assert first["source_files"] == [
        "raw/000_171bab25862605ff.txt",
        "raw/copy of the first seed – ünïcode.txt",
    ]


def test_encodings_are_decoded(site):
    for source in ("raw/cp1252.txt", "raw/bom-crlf.txt"):
        article = by_source(site)[source]
        page = site.html(article["url"])
        assert "café-au-lait level of détente" in page
        assert "European Union’s" in page
        assert "\r" not in (site.output / article["markdown"]).read_text(encoding="utf-8")


def test_html_page_is_cleaned_to_text(site):
    article = by_source(site)["raw/saved-page.txt"]
    assert article["title"] == "Rafah crossing reopens for aid trucks"
    page = site.html(article["url"])
    assert "letting dozens of aid trucks into Gaza" in page
    assert "alert(" not in page and "color:red" not in page


def test_same_title_gets_two_distinct_pages(site):
    a, b = by_source(site)["raw/doha-a.txt"], by_source(site)["raw/doha-b.txt"]
    assert a["title"] == b["title"] == "Talks resume in Doha"
    assert a["slug"] != b["slug"]
    assert "Negotiators resumed talks" in site.html(a["url"])
    assert "Qatar hosted a second round" in site.html(b["url"])


def test_huge_file_is_published_whole(site):
    article = by_source(site)["raw/huge.txt"]
    assert article["words"] > 500_000
    assert "officials said in update number 1." in site.html(article["url"])
