"""Full-text search: a Pagefind index built over the written pages (no network needed).

The templates use no `data-pagefind-filter`: Pagefind writes filter values in hash-map
order, which would make two builds of the same input differ.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path


def search_glob(settings: dict) -> str:
    """The pages Pagefind reads: the folders of articles, actors and topics (the pages
    that carry data-pagefind-body).  Skipping the listings, the chronology and the
    rest keeps its memory and time proportional to what it indexes."""
    folders = set()
    for name in ("ARTICLE_SAVE_AS", "ACTOR_SAVE_AS", "TOPIC_SAVE_AS"):
        value = str(settings.get(name) or "")
        if "/" not in value:
            return "**/*.html"  # a page saved at the top level: read everything
        folders.add(value.split("/", 1)[0])
    return "{" + ",".join(sorted(folders)) + "}/**/*.html"


DIGEST_NAME = "pages.sha256"  # inside the bundle: which pages it was built from


def indexed_pages(output: Path, glob: str) -> list[Path]:
    """The pages a glob of search_glob's form matches, sorted."""
    output = Path(output)
    if glob.startswith("{"):
        folders = glob[1 : glob.index("}")].split(",")
        pages = [p for folder in folders for p in (output / folder).rglob("*.html")]
    else:
        pages = [p for p in output.rglob("*.html") if "pagefind" not in p.relative_to(output).parts]
    return sorted(pages)


def pages_digest(output: Path, glob: str) -> str:
    """A digest of the names and bytes of every page Pagefind would read."""
    digest = hashlib.sha256()
    for page in indexed_pages(output, glob):
        digest.update(page.relative_to(output).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(page.read_bytes()).digest())
    return digest.hexdigest() + "\n"


def build_search_index(output: Path, glob: str = "**/*.html") -> str | None:
    """Run Pagefind over the output folder into a fresh bundle folder that then replaces
    pagefind/ (no fragment of a gone page survives), unless the bundle was built from
    exactly these pages already; returns an error message, or None."""
    bundle = Path(output) / "pagefind"
    digest = pages_digest(output, glob)
    with contextlib.suppress(OSError):
        if (bundle / DIGEST_NAME).read_text(encoding="utf-8") == digest:
            return None
    fresh = Path(output) / f".pagefind-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    error = run_pagefind(output, glob, fresh)
    if error:
        shutil.rmtree(fresh, ignore_errors=True)
        return error
    (fresh / DIGEST_NAME).write_text(digest, encoding="utf-8")
    shutil.rmtree(bundle, ignore_errors=True)
    fresh.rename(bundle)
    return None


def run_pagefind(output: Path, glob: str, bundle: Path) -> str | None:
    """One Pagefind run over the output folder writing the bundle folder given."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(output),
        "--glob",
        glob,
        "--output-path",
        str(bundle),
        "--quiet",
    ]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index not built: {exc}"
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"search index not built: pagefind exited {result.returncode}: {detail[0]}"
    return None
