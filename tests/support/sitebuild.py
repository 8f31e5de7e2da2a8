"""Build a site with the real Pelican command and the project's settings, into temp folders."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted((ROOT / "content" / "raw").glob("*.txt"))


def seed_content(root: Path, seeds=SEEDS) -> Path:
    """A content folder under root whose raw/ holds copies of the given seed files."""
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    for seed in seeds:
        shutil.copy(seed, raw / seed.name)
    return root / "content"


@dataclass
class BuiltSite:
    """A finished build: where it went and what Pelican printed."""

    output: Path
    cache: Path
    log: str
    returncode: int

    def json(self, name: str):
        return json.loads((self.output / "data" / name).read_text(encoding="utf-8"))

    def html(self, path: str) -> str:
        target = self.output / path
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        return target.read_text(encoding="utf-8")


def build_command(
    content: Path,
    output: Path,
    cache: Path,
    settings: str = "pelicanconf.py",
    extra=None,
    flags: tuple[str, ...] = (),
) -> list[str]:
    """The `pelican content` command line of a test build; `flags` are extra command-line
    flags such as `-q`."""
    overrides = {"CACHE_PATH": str(cache), **(extra or {})}
    # One -e with every pair: Pelican keeps only the last -e it is given.
    return [
        sys.executable,
        "-m",
        "pelican",
        str(content),
        "-s",
        str(ROOT / settings),
        "-o",
        str(output),
        *flags,
        "-e",
        *(f"{key}={json.dumps(value)}" for key, value in overrides.items()),
    ]


def build_env(env: dict | None = None) -> dict:
    return {**os.environ, "PYTHONHASHSEED": "random", "COLUMNS": "1000", **(env or {})}


def build_site(
    content: Path,
    output: Path,
    cache: Path,
    *,
    settings: str = "pelicanconf.py",
    extra: dict | None = None,
    env: dict | None = None,
    timeout: int = 600,
    flags: tuple[str, ...] = (),
) -> BuiltSite:
    """Run `pelican content` on a content folder (with a raw/ subfolder) and return the result."""
    result = subprocess.run(
        build_command(content, output, cache, settings, extra, flags),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=build_env(env),
    )
    return BuiltSite(output, cache, result.stdout + result.stderr, result.returncode)
