"""Hostile input, safe output: a real build fed injection payloads, path-like and exotic
titles, broken encodings and odd shapes must finish, warn about every file it dropped or
guessed at (naming it), keep every output path inside the output folder, and never emit
markup that runs — in pages, feeds, sitemap, JSON export or the cleaned Markdown files.

One module-scoped build holds all the hostile files together (tests/data/hostile/ plus the
byte-level cases generated below); the 200-copies case gets its own build. The browser half
of the checks is in test_hostile_browser.py and reuses the same build.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.plugins.explainer_archive.records import ArticleDate
from pelican.plugins.explainer_archive.text import clean, render
from sitebuild import ROOT, BuiltSite, build_site
from support.annotations import start_cache
from support.session_builds import shared_builds

HOSTILE_DIR = ROOT / "tests" / "data" / "hostile"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SUMMARY = re.compile(r"explainer: (\d+) raw files seen, (\d+) articles written, (\d+) warnings")
# Scripts the site itself ships (search page only); anything else is injected.
KNOWN_SCRIPTS = {"pagefind/pagefind-ui.js", "theme/js/search.js", "theme/js/chronology.js"}
# Elements no page of this site uses and an injection would need.
FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "svg", "math", "frame", "applet"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset"}
BAD_SCHEME = re.compile(r"^\s*(?:javascript|vbscript|data)\s*:", re.I)
# Settings of the hostile builds: the development settings plus feeds (off in development)
# and the publish-only head tags (canonical, Open Graph). A settings file rather than
# build_site(extra=…): Pelican keeps only the last `-e` flag, so extra settings would drop
# the helper's own `-e CACHE_PATH=…` (and all but one extra key).
SETTINGS = f"""\
import sys
sys.path.insert(0, {str(ROOT)!r})
from pelicanconf import *  # noqa: F403
THEME = {str(ROOT / "theme")!r}
EXPLAINER_FEEDS = True
PUBLISH_BUILD = True
SITEURL = "https://hostile.example.org"  # the sitemap is written only under an absolute SITEURL
"""

PAYLOAD = '<img src=x onerror="window.__pwned=1;alert(1)">'

ARTICLE = (
    "Talks on a ceasefire continued in Cairo on Monday, Egyptian officials said.\n\n"
    "Mediators from Qatar and the United States joined the meeting, diplomats said.\n"
)


def _words_article(n_words: int) -> str:
    rng = random.Random(3)
    towns = ["Rafah", "Khan Younis", "Jabalia", "Deir al-Balah", "Beit Lahia", "Gaza City"]
    verbs = ["reached", "left", "waited near", "was turned back from", "unloaded in"]
    paragraphs, count, n = ["Aid convoys tracked across Gaza for a month"], 0, 0
    while count < n_words:
        n += 1
        sentence = (
            f"Convoy {n} {rng.choice(verbs)} {rng.choice(towns)} with "
            f"{rng.randint(5, 60)} trucks of flour and medicine, officials said."
        )
        paragraphs.append(sentence)
        count += len(sentence.split())
    return "\n\n".join(paragraphs) + "\n"


def _long_line() -> str:
    sentence = "Residents of Rafah described the night of shelling to reporters, and "
    line = (sentence * (200_000 // len(sentence) + 1))[:199_990].rstrip() + " they said."
    return f"Residents describe a night of shelling in Rafah\n\n{line}\n"


def _garbage_utf8() -> bytes:
    """Valid UTF-8 that is not text: random symbols, marks, private-use and unassigned."""
    rng = random.Random(5)
    pools = [(0x2500, 0x25FF), (0xE000, 0xF8FF), (0x0300, 0x036F), (0x1D400, 0x1D7FF)]
    chars = []
    for _ in range(3000):
        low, high = rng.choice(pools)
        chars.append(chr(rng.randint(low, high)))
        if rng.random() < 0.1:
            chars.append(" ")
    return "".join(chars).encode("utf-8")


def generated_files() -> dict[str, bytes]:
    """Byte-level hostile files that are clearer as code than as stored files."""
    nul = "Title: Stray NUL bytes in a copied page\nDate: 2024-02-05\n\n" + ARTICLE
    nul = nul.replace("ceasefire", "cease\x00fire").replace("Qatar", "Qa\x00tar\x00")
    lone_cr = "Title: Old Mac line ends\nDate: 2024-02-12\n\n" + ARTICLE.replace("Cairo", "Amman")
    lone_cr = lone_cr.replace("\n", "\r")
    bom_mixed = "\ufeffTitle: BOM, CRLF and lone CR\nDate: 2024-02-13\r\n\r" + ARTICLE.replace(
        "\n", "\r\n"
    ).replace("Monday", "Tuesday")
    mixed = (
        b"Title: Mixed encodings in one file\nDate: 2024-02-04\n\n"
        + "The café owner in Rafah said on Sunday that prices had doubled.\n\n".encode("cp1252")
        + "The “détente” between the two sides held, officials said — for now.\n\n".encode()
        + "Naïve hopes of a quick deal faded, a diplomat said.\n".encode("cp1252")
    )
    bidi = (
        "Title: Hostage\u202e talks\u200b resume\u2066 in\u2069 Doha\u200f\nDate: 2024-02-05\n\n"
        "Hostage talks\u200b resumed in Doha\u202e on Monday\u202c, mediators said.\n\n"
        "The\u2060 negotiators\u200d met\u2067 for six hours\u2069, officials said.\n"
    )
    return {
        "nul-bytes.txt": nul.encode(),
        "lone-cr.txt": lone_cr.encode(),
        "bom-crlf-cr.txt": bom_mixed.encode(),
        "mixed-encodings.txt": mixed,
        "bidi-zero-width.txt": bidi.encode(),
        "long-line.txt": _long_line().encode(),
        "ten-thousand-words.txt": _words_article(10_000).encode(),
        "utf8-garbage.txt": _garbage_utf8(),
        "bom-only.txt": b"\xef\xbb\xbf",
    }


def hostile_files() -> dict[str, bytes]:
    files = {p.name: p.read_bytes() for p in sorted(HOSTILE_DIR.glob("*.txt"))}
    files.update(generated_files())
    return files


def hostile_build(tmp_path_factory) -> BuiltSite:
    """The one build of all hostile files together, made once per test session (shared
    with test_hostile_browser.py, on whichever worker it runs)."""

    def make(folder: Path) -> list[BuiltSite]:
        root = folder / "site"  # alone in its folder, which the path checks search
        raw = root / "content" / "raw"
        raw.mkdir(parents=True)
        for name, data in hostile_files().items():
            (raw / name).write_bytes(data)
        return [_build(root)]

    (built,) = shared_builds(tmp_path_factory, "hostile-site", make)
    return built


def _build(root: Path, annotations: Path | None = None) -> BuiltSite:
    """A build of root/content with the hostile settings; its new cache starts from a copy of
    `annotations` when given (tests/support/annotations.py)."""
    conf = root / "hostileconf.py"
    conf.write_text(SETTINGS, encoding="utf-8")
    cache = root / "cache" if annotations is None else start_cache(root / "cache", annotations)
    return build_site(root / "content", root / "output", cache, settings=str(conf))


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> BuiltSite:
    built = hostile_build(tmp_path_factory)
    assert built.returncode == 0, built.log[-4000:]
    return built


def records(site: BuiltSite, name: str = "articles.json") -> list[dict]:
    return site.json(name)


def by_source(site: BuiltSite) -> dict[str, dict]:
    """Each raw file (raw/<name>) → the articles.json record that lists it as a source."""
    return {s: a for a in records(site) for s in a["source_files"]}


def warnings_for(site: BuiltSite, name: str) -> list[str]:
    """The messages of the build's `WARNING raw/<name>: …` lines."""
    pattern = re.compile(rf"WARNING\s+raw/{re.escape(name)}: (.*?)\s*(?:report\.py:\d+)?$")
    return [m.group(1) for line in site.log.splitlines() if (m := pattern.search(line))]


# --- what a page, feed or document may contain -------------------------------------------


class LiveMarkup(HTMLParser):
    """Collects everything in an HTML document that could run: scripts, handlers, bad URLs."""

    def __init__(self, page: str = "") -> None:
        super().__init__(convert_charrefs=True)
        self.page = page  # the document's path in the output, to resolve script URLs
        self.problems: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        own_chart = tag == "svg" and "chart-svg" in (attributes.get("class") or "").split()
        self.tags.append("chart-svg" if own_chart else tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler")
            if name in URL_ATTRIBUTES and value and BAD_SCHEME.match(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name == "style" and value and re.search(r"javascript\s*:|expression\(", value, re.I):
                self.problems.append(f"<{tag} style={value!r}>")
        if tag == "script":
            self._in_script = True
            src = attributes.get("src") or ""
            resolved = os.path.normpath(os.path.join(os.path.dirname(self.page), src))
            if not src or resolved not in KNOWN_SCRIPTS:
                self.problems.append(f"<script src={src!r}> is not one of the site's scripts")
        if tag in FORBIDDEN_TAGS and not own_chart:  # the site's own charts are inline SVG
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script {data.strip()[:60]!r}")
        self.text.append(data)


def live_markup(document: str, page: str = "") -> LiveMarkup:
    parser = LiveMarkup(page)
    parser.feed(document)
    parser.close()
    return parser


def visible_text(document: str) -> str:
    return " ".join(" ".join(live_markup(document).text).split())


def output_files(site: BuiltSite, suffix: str) -> list[Path]:
    """The output's files with this suffix, Pagefind's own bundle left out."""
    return sorted(
        p
        for p in site.output.rglob(f"*{suffix}")
        if "pagefind" not in p.relative_to(site.output).parts
    )


def test_live_markup_detector_catches_payloads():
    """The checker itself must see each kind of live markup (else the tests below prove nothing)."""
    samples = [
        "<script>alert(1)</script>",
        PAYLOAD,
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JavaScript:alert(1)">x</a>',
        "<svg/onload=alert(1)>",
        '<iframe src="https://example.org"></iframe>',
        '<meta http-equiv="refresh" content="0;url=https://example.org">',
        '<script src="https://example.org/x.js"></script>',
        '<p style="background:url(javascript:alert(1))">x</p>',
    ]
    for sample in samples:
        assert live_markup(sample).problems, sample
    clean = '<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="../x/">x</a></p>'
    assert live_markup(clean).problems == []
    assert (
        live_markup(
            '<script src="../pagefind/pagefind-ui.js"></script>', "search/index.html"
        ).problems
        == []
    )


# --- the build as a whole ------------------------------------------------------------------


def test_build_finishes_with_a_summary_that_adds_up(site):
    summary = SUMMARY.search(site.log)
    assert summary, site.log[-2000:]
    seen, written, warned = map(int, summary.groups())
    assert seen == len(hostile_files()) == 28
    # Not published: chrome-only, utf8-garbage and bom-only. Everything else is an article.
    assert written == len(records(site)) == 25
    assert warned == len(re.findall(r"WARNING\s+(?:raw/|\*:)", site.log))
    assert "Traceback" not in site.log and "CRITICAL" not in site.log
    assert re.search(r"\bERROR\b", site.log) is None, site.log[-3000:]


@pytest.mark.parametrize(
    "name, words",
    [
        ("chrome-only.txt", "nothing but site chrome"),
        ("chrome-only.txt", "not published"),
        ("utf8-garbage.txt", "looks binary"),
        ("utf8-garbage.txt", "not published"),
        ("bom-only.txt", "the file is empty"),
        ("bom-only.txt", "not published"),
        ("inject-page.txt", "HTML page saved as text"),
        ("inject-metadata.txt", "'javascript:alert(1)' is not a web (http or https) address"),
        ("mixed-encodings.txt", "2 lines were not valid UTF-8 and read as Windows-1252"),
        ("nul-bytes.txt", "Removed 3 NUL bytes"),
        ("bidi-zero-width.txt", "Removed 12 invisible zero-width or text-direction characters"),
        ("long-line.txt", "were annotated"),
        ("title-index.txt", "'index' is a reserved name, so 'index-article' was used"),
        ("title-con.txt", "'con' is a reserved name, so 'con-article' was used"),
        ("punctuation-title.txt", "made-up slug 'article-"),
        ("emoji-title.txt", "made-up slug 'article-"),
    ],
)
def test_each_dropped_or_guessed_thing_is_warned_naming_the_file(site, name, words):
    messages = warnings_for(site, name)
    assert any(words in m for m in messages), (name, messages)


@pytest.mark.parametrize(
    "name",
    [
        "path-traversal.txt",
        "long title.txt",
        "same title a.txt",
        "русский.txt",
        "中文 新闻.txt",
        "bom-crlf-cr.txt",
        "lone-cr.txt",
        "ten-thousand-words.txt",
        "inject-markdown.txt",
        "weekday-mismatch.txt",
    ],
)
def test_files_with_nothing_dropped_or_guessed_get_no_warning(site, name):
    """Warnings stay meaningful: routine fixes (BOM, line ends, transliterated slugs) are quiet."""
    assert warnings_for(site, name) == []


def test_a_past_weekday_is_not_a_date_conflict(site):
    """Dated Wednesday 2024-06-12, the text speaks of Tuesday: news does; the date stands."""
    record = by_source(site)["raw/weekday-mismatch.txt"]
    assert (record["date"], record["date_basis"]) == ("2024-06-12", "metadata")
    assert "speaks of" not in site.log


def test_every_raw_file_is_published_or_named_in_a_not_published_warning(site):
    sources = by_source(site)
    for name in hostile_files():
        if f"raw/{name}" in sources:
            continue
        assert any("not published" in m for m in warnings_for(site, name)), name
    assert set(hostile_files()) - {s.removeprefix("raw/") for s in sources} == {
        "bom-only.txt",
        "chrome-only.txt",
        "utf8-garbage.txt",
    }


# --- paths and names -------------------------------------------------------------------------


def test_every_output_path_stays_inside_the_output_folder(site):
    root = site.output.resolve()
    count = 0
    for folder, dirs, files in os.walk(site.output, followlinks=False):
        for name in dirs + files:
            path = Path(folder) / name
            assert not path.is_symlink(), path
            assert path.resolve().is_relative_to(root), path
            count += 1
    assert count > 100
    # Nothing was written beside the output either (the Slug: header asked for ../../tmp/pwned)
    # but the project's remembered discovered topics, the file EXPLAINER_DISCOVERED_TOPICS names.
    assert sorted(p.name for p in site.output.parent.iterdir()) == [
        "cache",
        "content",
        "discovered-topics.json",
        "hostileconf.py",
        "output",
    ]
    assert not list(site.output.parent.parent.glob("**/pwned*"))
    assert not list(site.output.rglob("passwd*"))


def test_page_folders_are_valid_slugs(site):
    for section in ("articles", "actors", "topics"):
        for path in (site.output / section).iterdir():
            if path.is_dir():
                assert SLUG.match(path.name), path
    for path in (site.output / "feeds").rglob("*.atom.xml"):
        assert SLUG.match(path.name.removesuffix(".atom.xml")), path


@pytest.mark.parametrize("name", ["articles.json", "actors.json", "topics.json"])
def test_exported_slugs_are_valid_and_unique(site, name):
    slugs = [r["slug"] for r in records(site, name)]
    assert slugs and all(SLUG.match(s) for s in slugs), slugs
    assert len(slugs) == len(set(slugs))
    for record in records(site, name):
        target = site.output / record["url"] / "index.html"
        assert target.resolve().is_relative_to(site.output.resolve()) and target.is_file()


@pytest.mark.parametrize(
    "name, slug",
    [
        ("path-traversal.txt", "etc-passwd"),
        ("title-index.txt", "index-article"),
        ("title-con.txt", "con-article"),
        ("عربي خبر.txt", "wqf-tlq-lnr-fy-gz"),
        ("עברית.txt", "hpskt-ash-b-zh"),
        ("中文 新闻.txt", "jia-sha-ting-huo-tan-pan"),
        ("русский.txt", "peremirie-v-sektore-gaza"),
    ],
)
def test_path_like_reserved_and_non_latin_titles_keep_their_text_and_get_safe_slugs(
    site, name, slug
):
    record = by_source(site)[f"raw/{name}"]
    header_title = (HOSTILE_DIR / name).read_text(encoding="utf-8").split("\n")[0][len("Title: ") :]
    assert record["slug"] == slug
    assert record["title"] == header_title
    page = site.html(record["url"])
    assert f'<h1 data-pagefind-meta="title">{html.escape(header_title, quote=False)}</h1>' in page


def test_very_long_title_is_kept_whole_with_a_short_slug(site):
    record = by_source(site)["raw/long title.txt"]
    assert len(record["title"]) == 2000
    assert len(record["slug"]) <= 70 and SLUG.match(record["slug"])
    assert record["title"] in site.html(record["url"])


def test_punctuation_and_emoji_titles_get_made_up_slugs(site):
    for name, title in (
        ("punctuation-title.txt", "?!?! ... --- /// \\\\ ***"),
        ("emoji-title.txt", "🔥🕊️💥🇵🇸🇮🇱"),
    ):
        record = by_source(site)[f"raw/{name}"]
        assert record["title"] == title
        assert re.fullmatch(r"article-[0-9a-f]{6}", record["slug"]), record["slug"]
        assert html.escape(title, quote=False) in site.html(record["url"])


def test_same_title_twice_gives_two_pages(site):
    a, b = by_source(site)["raw/same title a.txt"], by_source(site)["raw/same title b.txt"]
    assert a["title"] == b["title"] == "Talks resume in Doha"
    assert a["slug"] != b["slug"]
    assert "Negotiators resumed talks in Doha" in site.html(a["url"])
    assert "Qatar hosted a second round" in site.html(b["url"])


def test_raw_file_names_with_spaces_and_unicode_are_listed_as_sources(site):
    page = site.html(by_source(site)["raw/عربي خبر.txt"]["url"])
    assert "<code>raw/عربي خبر.txt</code>" in page
    assert by_source(site)["raw/中文 新闻.txt"]["source_files"] == ["raw/中文 新闻.txt"]


# --- encodings and shapes ----------------------------------------------------------------------


INVISIBLE = re.compile("[\x00\r\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def test_no_nul_cr_bom_zero_width_or_bidi_control_reaches_any_output(site):
    for path in site.output.rglob("*"):
        if path.suffix in {".html", ".json", ".xml", ".md"}:
            text = path.read_text(encoding="utf-8")
            assert not INVISIBLE.search(text), (path, INVISIBLE.search(text))


@pytest.mark.parametrize(
    "name, title, sentences, paragraphs",
    [
        (
            "nul-bytes.txt",
            "Stray NUL bytes in a copied page",
            ["Talks on a ceasefire continued in Cairo", "Mediators from Qatar and the United"],
            2,
        ),
        (
            "lone-cr.txt",
            "Old Mac line ends",
            ["Talks on a ceasefire continued in Amman", "Mediators from Qatar"],
            2,
        ),
        ("bom-crlf-cr.txt", "BOM, CRLF and lone CR", ["continued in Cairo on Tuesday"], 2),
        (
            "mixed-encodings.txt",
            "Mixed encodings in one file",
            ["The café owner in Rafah", "The “détente” between", "Naïve hopes"],
            3,
        ),
        (
            "bidi-zero-width.txt",
            "Hostage talks resume in Doha",
            ["Hostage talks resumed in Doha on Monday", "The negotiators met for six hours"],
            2,
        ),
    ],
)
def test_encodings_are_repaired_into_clean_paragraphs(site, name, title, sentences, paragraphs):
    record = by_source(site)[f"raw/{name}"]
    assert record["title"] == title and not record["title_generated"]
    body = site.html(record["url"]).split('<div class="story-body">', 1)[1].split("</div>", 1)[0]
    for sentence in sentences:
        assert sentence in html.unescape(body), (sentence, body[:500])
    # Line ends of every kind still separate paragraphs: no header line leaks into the body.
    assert "Title:" not in body and "Date:" not in body
    assert body.count("<p>") == paragraphs


def test_one_200000_character_line_is_published_whole(site):
    record = by_source(site)["raw/long-line.txt"]
    body = html.unescape(site.html(record["url"]))
    assert record["words"] == len(_long_line().split("\n\n", 1)[1].split())
    assert "they said." in body and body.count("Residents of Rafah described the night") > 2000


def test_ten_thousand_word_article_is_published_whole(site):
    record = by_source(site)["raw/ten-thousand-words.txt"]
    raw_words = len(_words_article(10_000).split("\n\n", 1)[1].split())
    assert record["words"] == raw_words >= 10_000
    assert record["title"] == "Aid convoys tracked across Gaza for a month"


def test_one_line_article_is_published_with_a_flagged_generated_title(site):
    record = by_source(site)["raw/one-line.txt"]
    assert record["title_generated"] is True and record["words"] == 16
    page = site.html(record["url"])
    assert "Title generated from the text" in page
    assert "Israeli forces withdrew from the Nasser hospital in Khan Younis on Sunday" in page


# --- injection: nothing runs, anywhere ----------------------------------------------------------

INJECTED = ["inject-metadata.txt", "inject-caption.txt", "inject-markdown.txt", "inject-page.txt"]


def test_no_page_holds_live_markup(site):
    pages = output_files(site, ".html")
    assert len(pages) > 40
    problems = {}
    for path in pages:
        relative = path.relative_to(site.output).as_posix()
        found = live_markup(path.read_text(encoding="utf-8"), relative).problems
        if found:
            problems[relative] = found
    assert not problems, problems


def test_payloads_show_as_text_on_their_pages(site):
    meta = by_source(site)["raw/inject-metadata.txt"]
    text = visible_text(site.html(meta["url"]))
    assert '<script>window.__pwned=1;alert(1)</script>Ceasefire vote <img src=x onerror="' in text
    assert '<b onmouseover="window.__pwned=1;alert(1)">hovered</b>' in text  # the dek
    assert "diplomats in New York said" in text  # the body survived its payloads

    caption = by_source(site)["raw/inject-caption.txt"]
    page = site.html(caption["url"])
    assert caption["byline"] == "Jane<svg/onload=window.__pwned=1>Doe"
    assert "Jane&lt;svg/onload=window.__pwned=1&gt;Doe" in page
    assert caption["figures"][0]["credit"] == "Jane Doe/Reuters"
    assert 'Trucks wait <img src=x onerror="window.__pwned=1;alert(1)"> at' in visible_text(page)

    markdown_page = visible_text(site.html(by_source(site)["raw/inject-markdown.txt"]["url"]))
    for literal in (
        "[the full text](javascript:alert(1))",
        '<a href="javascript:alert(1)">the statement</a>',
        "![](x onerror=alert(1))",
        "&lt;script&gt;alert(1)&lt;/script&gt;",  # entities in the raw text stay as typed
        "# This line starts like a heading",
    ):
        assert literal in markdown_page, literal

    saved = by_source(site)["raw/inject-page.txt"]
    text = visible_text(site.html(saved["url"]))
    assert saved["title"] == "Hospital generators run out of fuel in Khan Younis"
    assert "read <script>window.__pwned=1;alert(1)</script> in large letters" in text
    assert "onmouseover" not in text and "Home | World | Sport" not in text


def test_unsafe_url_metadata_is_dropped(site):
    for record in records(site):
        md = (site.output / record["markdown"]).read_text(encoding="utf-8")
        header = md.split("\n\n", 1)[0]
        for line in header.splitlines():
            if line.startswith("Original_Url:"):
                assert re.match(r"Original_Url: https?://", line), line
    meta = by_source(site)["raw/inject-metadata.txt"]
    assert "Original_Url" not in (site.output / meta["markdown"]).read_text(encoding="utf-8")


def test_cleaned_markdown_files_render_to_text_only(site):
    """Render every .md the way a Markdown tool (or Pelican, for Summary) would: no markup."""
    files = output_files(site, ".md")
    assert len(files) == len(records(site))
    for path in files:
        header, _, body = path.read_text(encoding="utf-8").partition("\n\n")
        rendered = markdown.markdown(body)
        assert set(live_markup(rendered).tags) <= {"p", "em", "blockquote"}, (path, rendered[:300])
        for line in header.splitlines():
            if line.startswith("Summary: "):
                summary = markdown.markdown(line[len("Summary: ") :])
                assert set(live_markup(summary).tags) <= {"p"}, (path, summary)
    meta = by_source(site)["raw/inject-markdown.txt"]
    body = (site.output / meta["markdown"]).read_text(encoding="utf-8").partition("\n\n")[2]
    assert "javascript:alert(1)" in visible_text(markdown.markdown(body))


def test_feeds_carry_payloads_only_as_text(site):
    feeds = sorted((site.output / "feeds").rglob("*.atom.xml"))
    assert len(feeds) > 5
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = []
    for path in feeds:
        root = ET.parse(path).getroot()
        for link in root.iter("{http://www.w3.org/2005/Atom}link"):
            assert not BAD_SCHEME.match(link.get("href", "")), (path, link.attrib)
        for entry in root.findall("a:entry", ns):
            title = entry.find("a:title", ns)
            assert title.get("type", "text") == "text", path
            titles.append(title.text)
            for field in ("a:summary", "a:content"):
                node = entry.find(field, ns)
                if node is not None and node.text and node.get("type") == "html":
                    assert not live_markup(node.text).problems, (path, node.text[:300])
                    assert set(live_markup(node.text).tags) <= {"p"}, (path, node.text[:300])
    all_feed = ET.parse(site.output / "feeds" / "all.atom.xml").getroot()
    summaries = " ".join(
        e.text or "" for e in all_feed.iter("{http://www.w3.org/2005/Atom}summary")
    )
    assert '&lt;b onmouseover="window.__pwned=1;alert(1)"&gt;hovered&lt;/b&gt;' in summaries
    assert any(t and t.startswith("<script>window.__pwned=1") for t in titles)


def test_sitemap_lists_site_paths_only(site):
    root = ET.parse(site.output / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert len(locs) == len(set(locs)) >= len(records(site))
    for loc in locs:
        site_path = r"https://hostile\.example\.org/(?:[a-z0-9-]+/)*(?:[a-z0-9-]+\.html)?"
        assert re.fullmatch(site_path, loc), loc
        path = site.output / loc.removeprefix("https://hostile.example.org/")
        assert (path / "index.html" if loc.endswith("/") else path).is_file(), loc


def test_json_export_has_site_urls_and_escaped_timeline(site):
    for name in ("articles.json", "actors.json", "topics.json"):
        for record in records(site, name):
            assert re.fullmatch(r"(?:[a-z0-9-]+/)+", record["url"]), record["url"]
            if name == "articles.json":
                assert re.fullmatch(r"articles/[a-z0-9-]+/[a-z0-9-]+\.md", record["markdown"])
    timeline = site.json("timeline.json")
    texts = [timeline["title"]["text"]] + [e["text"] for e in timeline["events"]]
    assert len(texts) > 5
    for text in texts:  # TimelineJS renders these fields as HTML
        for value in text.values():
            found = live_markup(value)
            assert not found.problems and set(found.tags) <= {"p", "a"}, value
    events = json.dumps(site.json("chronology.json"), ensure_ascii=False)
    assert "window.__pwned" in events  # hostile sentences did reach the chronology, as data


# --- collections: the same article 200 times ----------------------------------------------------

COPIES = 200


@pytest.fixture(scope="module")
def copies_site(tmp_path_factory, seed_annotations) -> BuiltSite:
    """200 copies of one article. The cache starts from the seed annotations, which hold the
    default taxonomy's phrases: what is checked is the merging of copies, not spaCy."""
    root = tmp_path_factory.mktemp("copies-site")
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    text = "Ceasefire talks continue in Cairo\n\n" + ARTICLE
    for i in range(COPIES):
        (raw / f"copy {i:03d} – ünïcode.txt").write_text(text, encoding="utf-8")
    built = _build(root, seed_annotations)
    assert built.returncode == 0, built.log[-4000:]
    return built


def test_200_copies_are_published_once_with_every_source(copies_site):
    articles = records(copies_site)
    assert len(articles) == 1
    expected = [f"raw/copy {i:03d} – ünïcode.txt" for i in range(COPIES)]
    assert articles[0]["source_files"] == expected
    assert articles[0]["source_file"] == expected[0]
    assert len(list((copies_site.output / "articles").glob("*/index.html"))) == 1


def test_200_copies_give_one_warning_per_duplicate(copies_site):
    summary = SUMMARY.search(copies_site.log)
    assert summary and summary.groups() == (str(COPIES), "1", str(COPIES - 1))
    for i in range(1, COPIES):
        messages = warnings_for(copies_site, f"copy {i:03d} – ünïcode.txt")
        assert messages == [
            "same article as raw/copy 000 – ünïcode.txt: published once, both sources listed"
        ], (i, messages)
    assert warnings_for(copies_site, "copy 000 – ünïcode.txt") == []


# --- properties: any mix of hostile pieces is cleaned without error and rendered as text ------

PROPERTY = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PIECES = st.sampled_from(
    [
        PAYLOAD,
        "<script>window.__pwned=1</script>",
        "[x](javascript:alert(1))",
        "![](x onerror=alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "<javascript:alert(1)>",
        "&lt;script&gt;",
        "&#60;img&#62;",
        "# heading",
        "> quote",
        "1. item",
        "*star* _under_ `tick` \\",
        "Title: <b>t</b>",
        "URL: javascript:alert(1)",
        "Date: 2024-06-12",
        "Skip to main content",
        "Subscribe to our newsletter",
        "Advertisement",
        "By Jane<svg/onload=alert(1)>Doe",
        "Reporting by <i>A</i>; Editing by B",
        "Updated: June 11, 2024, 10:23 AM",
        "Trucks wait at the crossing. Jane Doe/Reuters",
        "Officials met in Cairo on Monday to discuss the ceasefire, diplomats said.",
        "وقف إطلاق النار في غزة",
        "加沙停火谈判。",
        "Перемирие в секторе Газа.",
        "🔥🕊️💥",
        "\u202e\u200b\u2066\ufeff",
        "\x00",
        "<div><p>para</p></div>",
        "<!doctype html><p>x</p>",
    ]
)
UNICODE = st.text(alphabet=st.characters(codec="utf-8"), max_size=40)
LINES = st.lists(
    st.one_of(PIECES, UNICODE, st.lists(PIECES, max_size=4).map(" ".join)), max_size=10
)


@st.composite
def hostile_raw(draw):
    """A raw file of hostile pieces, with any line ends, as text or as encoded bytes."""
    text = draw(st.sampled_from(["\n", "\n\n", "\r\n", "\r", "\r\n\r\n"])).join(draw(LINES))
    how = draw(st.sampled_from(["str", "utf-8", "utf-8-sig", "cp1252", "utf-16", "mixed"]))
    if how == "str":
        return text
    if how == "mixed":
        return b"\n".join(
            line.encode("cp1252", "replace") if i % 2 else line.encode()
            for i, line in enumerate(text.split("\n"))
        )
    return text.encode(how, "replace")


def _rendered_tags(markup: str) -> set[str]:
    found = live_markup(markup)
    assert not found.problems, (found.problems, markup[:500])
    return set(found.tags)


@PROPERTY
@given(hostile_raw())
def test_hostile_mixes_never_raise_and_render_as_text(raw):
    article = clean.clean_article(raw, source="raw/x.txt")
    # The cleaner finished on its own path, not through its internal-error fallback.
    assert not any("internal error" in w for w in article.warnings), article.warnings
    shown = [article.title, article.dek, *article.paragraphs, article.byline, *article.credits]
    shown += [f.caption for f in article.figures] + [f.credit for f in article.figures]
    for text in shown:
        assert not INVISIBLE.search(text), repr(text)
    url = article.header.get("url", "")
    assert not BAD_SCHEME.match(url) and "javascript" not in url.lower().replace(" ", "")
    direct = render.paragraphs_to_html(article.paragraphs)
    assert _rendered_tags(direct) <= {"p"}
    # The page's HTML is what Markdown makes of the cleaned .md body: the text, nothing more.
    assert render.markdown_to_html(render.render_markdown_body(article.paragraphs)) == direct
    document = render.render_markdown_document(
        article, ArticleDate("2024-06-12", "metadata", "note"), slug="x"
    )
    header, _, body = document.partition("\n\n")
    # Python-Markdown with no sanitiser: the escaping alone must keep the text inert.
    assert _rendered_tags(markdown.markdown(body)) <= {"p", "em", "blockquote"}
    for line in header.splitlines():
        if line.startswith("Summary: "):
            assert _rendered_tags(markdown.markdown(line[len("Summary: ") :])) <= {"p"}


@PROPERTY
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_slugs_are_always_valid_and_made_up_ones_are_warned(title):
    from pelican.plugins.explainer_archive.slugs import make_slug, slug_warning

    slug = make_slug(title, fallback="article")
    assert SLUG.match(slug) and len(slug) <= 78, slug
    if slug_warning(title, fallback="article"):
        assert slug.startswith("article-") or slug.endswith("-article"), slug
    else:  # taken from the title alone: the fallback word plays no part
        assert slug == make_slug(title, fallback="item"), title


# --- hostile HTML pages (.html files through text/html.py) -----------------------------------

HTML_STORY = (
    "<p>Engineers reopened the water plant in Deir al-Balah on Sunday after repairs to its "
    "pumps, the municipality said.</p><p>Residents queued with jerrycans from early morning, "
    "and officials said supplies would be rationed for a week.</p>"
)


def hostile_html_files() -> dict[str, bytes]:
    """Saved pages with every trick: live markup, entities, broken tags, size, encodings."""
    live = (
        "<!doctype html><html><head><title>Water plant reopens in Deir al-Balah</title>"
        "<script>window.__pwned=1</script><base href='javascript:alert(1)//'>"
        "<meta http-equiv='refresh' content='0;url=javascript:alert(1)'></head>"
        "<body onload='window.__pwned=1'><article><h1 onclick='alert(1)'>Water plant reopens"
        " in Deir al-Balah</h1>"
        + HTML_STORY.replace("<p>", "<p onmouseover='alert(1)'>", 1)
        + "<p>A sign read <a href='javascript:alert(1)'>click here</a> <img src=x "
        "onerror='window.__pwned=1'> and <iframe src='javascript:alert(1)'></iframe>"
        "<svg onload='window.__pwned=1'><script>alert(1)</script></svg> nothing more, "
        "witnesses said.</p><object data='javascript:alert(1)'></object></article></body></html>"
    )
    entities = (
        "<html><head><title>Fuel &amp; flour reach Rafah &#8212; &lt;finally&gt;</title></head>"
        "<body><article><p>Trucks carrying fuel &amp; flour crossed at Rafah on Monday, "
        "&ldquo;a first step&rdquo; officials said &#x2014; though &lt;script&gt;alert(1)"
        "&lt;/script&gt; was painted on a wall.</p>" + HTML_STORY + "</article></body></html>"
    )
    broken = (
        "<html><head><title>Talks resume in Cairo</title><body><article><p>Negotiators met "
        "again in Cairo on Tuesday, <b>diplomats <i>said</b> after a pause</i> of two weeks.<p>The "
        "<div>delegations</span> stayed until late evening, officials said.</article><p><<>>"
    )
    paragraph = "<p>Aid convoys waited at the crossing for a third day, drivers said.</p>"
    large = "<html><body><article>" + paragraph * 70_000 + "</article></body></html>"
    navigation = "<html><body><nav>" + "<a href='/'>Home</a> " * 40 + "</nav><footer>"
    navigation += "<a href='/about'>About</a> <a href='/privacy'>Privacy</a></footer></body></html>"
    cyrillic = (
        "<html><head><meta charset='windows-1251'><title>Переговоры в Каире</title></head>"
        "<body><article><p>Переговоры о перемирии возобновились в Каире во вторник, сообщили "
        "дипломаты.</p><p>Делегации работали до позднего вечера, сказали чиновники.</p>"
        "</article></body></html>"
    ).encode("windows-1251")
    return {
        "live-markup.html": live.encode(),
        "entities.html": entities.encode(),
        "broken-markup.htm": broken.encode(),
        "five-megabytes.html": large.encode(),
        "all-navigation.html": navigation.encode(),
        "cp1251-meta.html": cyrillic,
    }


@pytest.fixture(scope="module")
def html_site(tmp_path_factory, seed_annotations) -> BuiltSite:
    """The hostile saved pages. The cache starts from the seed annotations for the default
    taxonomy's phrases; every page's own text is annotated by this build."""
    root = tmp_path_factory.mktemp("hostile-html-site")
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    for name, data in hostile_html_files().items():
        (raw / name).write_bytes(data)
    built = _build(root, seed_annotations)
    assert built.returncode == 0, built.log[-4000:]
    return built


def test_hostile_html_build_finishes_and_counts_every_page(html_site):
    summary = SUMMARY.search(html_site.log)
    assert summary and summary.groups()[:2] == ("6", "5"), html_site.log[-3000:]
    assert "Traceback" not in html_site.log and "CRITICAL" not in html_site.log


def test_no_html_page_reaches_the_site_live(html_site):
    for path in output_files(html_site, ".html"):
        page = path.read_text(encoding="utf-8")
        found = live_markup(page, str(path.relative_to(html_site.output)))
        assert not found.problems, (path, found.problems)
        assert not FORBIDDEN_TAGS & set(found.tags), path
    for path in output_files(html_site, ".md") + output_files(html_site, ".json"):
        text = path.read_text(encoding="utf-8")
        assert "onerror=" not in text and "onload=" not in text and "<iframe" not in text, path


@pytest.mark.parametrize(
    "name, words",
    [
        ("live-markup.html", "A sign read click here and nothing more, witnesses said."),
        ("entities.html", "fuel & flour crossed at Rafah on Monday, “a first step” officials"),
        ("entities.html", "though <script>alert(1)</script> was painted on a wall."),
        ("broken-markup.htm", "Negotiators met again in Cairo on Tuesday, diplomats said"),
        ("cp1251-meta.html", "Переговоры о перемирии возобновились в Каире во вторник"),
        ("five-megabytes.html", "Aid convoys waited at the crossing for a third day"),
    ],
)
def test_hostile_html_text_is_shown_as_text(html_site, name, words):
    record = by_source(html_site)[f"raw/{name}"]
    assert words in visible_text(html_site.html(record["url"])), name


def test_entities_in_a_title_are_read_once(html_site):
    record = by_source(html_site)["raw/entities.html"]
    # trafilatura takes " — …" at the end of a <title> for the site's name and cuts it.
    assert record["title"] == "Fuel & flour reach Rafah"


def test_a_page_of_navigation_is_not_published_and_is_warned(html_site):
    assert "raw/all-navigation.html" not in by_source(html_site)
    messages = warnings_for(html_site, "all-navigation.html")
    assert any("trafilatura found no main text" in m for m in messages), messages
    assert any("not published" in m for m in messages), messages
