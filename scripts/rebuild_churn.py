"""What a rebuild changed: the pages and search shards that differ between two output trees.

Usage (not part of the test suite; see docs/rebuilds.md, "Long listings"):

    .venv/bin/python scripts/rebuild_churn.py BEFORE_OUTPUT AFTER_OUTPUT [--json FILE]

BEFORE_OUTPUT is a copy of the output folder taken before the rebuild (e.g. before one new
article was added), AFTER_OUTPUT the folder after it.  Printed: the HTML pages of each
listing folder (actors/, topics/, chronology/, articles/) that are new, gone or changed,
split into an entity's own page (`<folder>/<slug>/index.html`) and its numbered pages
(`…/page/<n>/`), and the search shards (`pagefind/<shard>/`) whose fingerprint changed,
i.e. that were re-indexed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from pelican.plugins.explainer_archive.site.search import BUNDLE, FINGERPRINT_FILE

LISTING_FOLDERS = ("actors", "topics", "chronology", "articles")


def html_pages(output: Path) -> dict[str, bytes]:
    """Every HTML page under a listing folder, by output-relative path."""
    pages = {}
    for folder in LISTING_FOLDERS:
        for path in sorted((output / folder).rglob("*.html")):
            pages[path.relative_to(output).as_posix()] = path.read_bytes()
    return pages


def page_kind(relative: str) -> str:
    """'index' (a folder's own index), 'own' (an entity's own page), 'numbered' (…/page/n/)
    or 'article' (an article page under articles/)."""
    parts = relative.split("/")
    if "page" in parts:
        return "numbered"
    if len(parts) == 2:
        return "index"
    if parts[0] == "articles":
        return "article"
    return "own"


def shard_fingerprints(output: Path) -> dict[str, str]:
    """Each search shard's fingerprint (names and bytes of its pages)."""
    found = {}
    for path in sorted((output / BUNDLE).glob(f"*/{FINGERPRINT_FILE}")):
        found[path.parent.name] = path.read_text(encoding="utf-8")
    return found


def churn(before: Path, after: Path) -> dict:
    """What differs between the two trees, counted by folder and kind of page."""
    old, new = html_pages(before), html_pages(after)
    changed = sorted(n for n in new if n in old and old[n] != new[n])
    added = sorted(set(new) - set(old))
    gone = sorted(set(old) - set(new))
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for label, names in (("changed", changed), ("added", added), ("gone", gone)):
        for name in names:
            folder = counts.setdefault(name.split("/")[0], {})
            kinds = folder.setdefault(page_kind(name), {"changed": 0, "added": 0, "gone": 0})
            kinds[label] += 1
    totals = {}
    for name in new:
        kinds = totals.setdefault(name.split("/")[0], {})
        kinds[page_kind(name)] = kinds.get(page_kind(name), 0) + 1
    shards_old, shards_new = shard_fingerprints(before), shard_fingerprints(after)
    reindexed = sorted(s for s in shards_new if shards_old.get(s) != shards_new[s])
    return {
        "pages": counts,
        "totals": totals,
        "changed": changed,
        "added": added,
        "gone": gone,
        "shards": len(shards_new),
        "reindexed": reindexed,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--json", type=Path, default=None, help="also write the result here")
    args = parser.parse_args(argv)
    result = churn(args.before, args.after)
    for folder, kinds in sorted(result["pages"].items()):
        for kind, figures in sorted(kinds.items()):
            total = result["totals"].get(folder, {}).get(kind, 0)
            print(
                f"{folder:<11} {kind:<9} changed {figures['changed']:>5}  added "
                f"{figures['added']:>3}  gone {figures['gone']:>3}  (of {total:,})"
            )
    print(f"search shards re-indexed: {len(result['reindexed'])} of {result['shards']}")
    print("  " + ", ".join(result["reindexed"]))
    if args.json:
        args.json.write_text(json.dumps(result, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
