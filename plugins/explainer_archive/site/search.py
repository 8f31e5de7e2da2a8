"""Full-text search: a Pagefind index built over the written pages (no network needed).

The templates use no `data-pagefind-filter`: Pagefind writes filter values in hash-map
order, which would make two builds of the same input differ.
"""

from __future__ import annotations

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


def build_search_index(output: Path, glob: str = "**/*.html") -> str | None:
    """Run Pagefind over the output folder into a fresh bundle folder that then replaces
    pagefind/ (no fragment of a gone page survives); returns an error message, or None."""
    fresh = Path(output) / f".pagefind-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    error = run_pagefind(output, glob, fresh)
    if error:
        shutil.rmtree(fresh, ignore_errors=True)
        return error
    bundle = Path(output) / "pagefind"
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
