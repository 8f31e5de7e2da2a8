"""Full-text search: a Pagefind index built over the written pages (no network needed).

The templates use no `data-pagefind-filter`: Pagefind writes filter values in hash-map
order, which would make two builds of the same input differ.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def build_search_index(output: Path) -> str | None:
    """Run Pagefind over the output folder; returns an error message, or None on success."""
    command = [sys.executable, "-m", "pagefind", "--site", str(output), "--quiet"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index not built: {exc}"
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"search index not built: pagefind exited {result.returncode}: {detail[0]}"
    return None
