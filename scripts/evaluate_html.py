"""Score the HTML reader on the ScrapingHub article-extraction benchmark; write EVALUATION-html.md.

    .venv/bin/python scripts/evaluate_html.py --benchmark PATH [--output EVALUATION-html.md]

PATH is a clone of the public repository scrapinghub/article-extraction-benchmark (a work
tree, or a bare git directory): 181 real pages (html/*.html.gz) with a ground-truth article
body each. Its pages are not part of this project and are never committed. Three readings of
each page are scored with the benchmark's own evaluate.py (4-word shingles, precision and
recall averaged over pages, bootstrap standard deviations):

- the reader (text/html.py): the cleaned article's paragraphs;
- trafilatura alone, exactly as the benchmark's extractors/run_trafilatura.py calls it;
- the plain-text cleaner (text/clean.py) on the page's visible text (html-text).

Dates: the benchmark has no gold dates, so a page "has a date in its markup" when it states a
publication date in one of the standard fields (JSON-LD datePublished, `article:published_time`,
`itemprop="datePublished"`), read here by a separate rule, not by the reader's own code. Found:
the reader's date is that day (±1 day for time zones); wrong: another day; invented: a date
that no field, URL or visible text of the page states (counted on every page).
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import html_text
import lxml.html
import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.plugins.explainer_archive.text import (  # noqa: E402
    clean,
    dates,
    extract_article,  # noqa: E402
)

ISO_DAY = re.compile(r"((?:19|20)\d\d)-([01]\d)-([0-3]\d)")


def benchmark_files(path: Path, folder: Path) -> Path:
    """A folder holding the benchmark's evaluate.py, ground-truth.json and html/ (a bare
    git directory is checked out into `folder` first)."""
    if (path / "ground-truth.json").is_file():
        return path
    archive = subprocess.run(
        [
            "git",
            "--git-dir",
            str(path),
            "archive",
            "HEAD",
            "evaluate.py",
            "ground-truth.json",
            "html",
        ],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def load_scorer(folder: Path):
    spec = importlib.util.spec_from_file_location("benchmark_evaluate", folder / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read_pages(folder: Path) -> dict[str, bytes]:
    return {
        path.name.split(".")[0]: gzip.decompress(path.read_bytes())
        for path in sorted((folder / "html").glob("*.html.gz"))
    }


def readings(pages: dict[str, bytes]) -> tuple[dict, dict, dict, dict]:
    """Each page's body by the reader, by trafilatura alone, by the cleaner; reader dates."""
    reader, alone, cleaner, found = {}, {}, {}, {}
    for key, data in pages.items():
        article, when = extract_article(data, f"raw/{key}.html")
        reader[key] = {"articleBody": "\n".join(article.paragraphs)}
        text = data.decode("utf-8", errors="replace")
        alone[key] = {"articleBody": trafilatura.extract(text, include_comments=False) or ""}
        visible = html_text.extract_text(text, guess_layout=True)
        cleaner[key] = {"articleBody": "\n".join(clean.clean_article(visible, key).paragraphs)}
        found[key] = when
    return reader, alone, cleaner, found


def marked_date(data: bytes) -> date | None:
    """The publication day a page states in a standard field (independent of the reader)."""
    tree = lxml.html.document_fromstring(data)
    values = tree.xpath(
        '//meta[@property="article:published_time"]/@content'
        ' | //*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime'
    )
    for script in tree.xpath('//script[contains(@type, "ld+json")]/text()'):
        values += re.findall(r'"datePublished"\s*:\s*"([^"]+)"', script)
    for value in values:
        match = ISO_DAY.search(value)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


def stated(day: date, data: bytes, url: str) -> bool:
    """True when the page states this day anywhere: an ISO date in the markup or URL, or a
    date in its visible text."""
    text = data.decode("utf-8", errors="replace")
    iso = day.isoformat()
    compact = iso.replace("-", "")
    slashed = f"{day.year}/{day.month:02d}/{day.day:02d}"
    if any(form in text or form in url for form in (iso, compact, slashed)):
        return True
    visible = html_text.extract_text(text)
    return any(
        found == day for found in (dates.parse_date(line) for line in visible.split("\n")) if found
    )


def date_figures(pages, found, truth) -> dict[str, int]:
    figures = {"pages": len(pages), "marked": 0, "found": 0, "wrong": 0, "missed": 0}
    figures["invented"] = figures["dated"] = 0
    for key, data in pages.items():
        when = found[key]
        day = date.fromisoformat(when.value) if when.value and len(when.value) == 10 else None
        if when.value:
            figures["dated"] += 1
            if day and not stated(day, data, truth[key].get("url", "")):
                figures["invented"] += 1
        gold = marked_date(data)
        if gold is None:
            continue
        figures["marked"] += 1
        if day is None:
            figures["missed"] += 1
        elif abs((day - gold).days) <= 1:
            figures["found"] += 1
        else:
            figures["wrong"] += 1
    return figures


def report(scores: dict[str, dict], figures: dict[str, int], version: str) -> str:
    rows = [
        "| reading | F1 | precision | recall | accuracy |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, metrics in scores.items():
        rows.append(
            f"| {name} | {metrics['f1']:.3f} ± {metrics['f1_std']:.3f} | "
            f"{metrics['precision']:.3f} ± {metrics['precision_std']:.3f} | "
            f"{metrics['recall']:.3f} ± {metrics['recall_std']:.3f} | "
            f"{metrics['accuracy']:.3f} |"
        )
    gap = scores["trafilatura alone"]["f1"] - scores["the reader (text/html.py)"]["f1"]
    f = figures
    return "\n".join(
        [
            "## HTML pages: the ScrapingHub article-extraction benchmark",
            "",
            "Written by `scripts/evaluate_html.py` (see its docstring for the method). "
            f"{f['pages']} real pages with a ground-truth article body, scored with the "
            "benchmark's own `evaluate.py` (4-word shingles; ± is the bootstrap standard "
            f"deviation, 1000 resamples, seed 0); trafilatura {version}.",
            "",
            *rows,
            "",
            f"The reader against trafilatura alone: F1 {-gap:+.3f} (target: no worse than "
            "−0.005). The text cleaner reads the page's visible text (html-text), as a `.txt` "
            "copy of the page would hold it.",
            "",
            "### Dates",
            "",
            f"{f['marked']} of the {f['pages']} pages state a publication date in a standard "
            "field (JSON-LD `datePublished`, `article:published_time`, "
            '`itemprop="datePublished"`). On those pages the reader\'s date was:',
            "",
            "| found (that day, ±1 day) | wrong | missed | invented (all pages) |",
            "| --- | --- | --- | --- |",
            f"| {f['found']} | {f['wrong']} | {f['missed']} | {f['invented']} |",
            "",
            f"Invented counts, over all {f['pages']} pages ({f['dated']} dated by the reader), "
            "a date that no ISO date in the markup, no URL and no visible text of the page "
            "states.",
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--benchmark", type=Path, required=True)
    parser.add_argument("--output", type=Path, default=ROOT / "EVALUATION-html.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = benchmark_files(args.benchmark, Path(scratch))
        scorer = load_scorer(folder)
        truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
        pages = read_pages(folder)
    reader, alone, cleaner, found = readings(pages)
    scores = {}
    for name, prediction in (
        ("the reader (text/html.py)", reader),
        ("trafilatura alone", alone),
        ("text cleaner on the visible text", cleaner),
    ):
        random.seed(0)
        scores[name] = scorer.evaluate(truth, prediction, 1000)
    text = report(scores, date_figures(pages, found, truth), trafilatura.__version__)
    args.output.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
