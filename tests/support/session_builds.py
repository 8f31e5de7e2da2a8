"""Builds made once per test session, shared by every pytest-xdist worker.

Each worker is a process of its own, so a session fixture runs once per worker.  A build
several modules read (the seeds, the hostile files, the hash-seed builds) is made by the
first worker that asks for it, under a file lock in the session's temporary folder (the
folder above the worker's own, as pytest-xdist documents); a worker that asks later, or
while it is being made, waits for the lock and reads the finished build's record.  Without
workers (`-n 0`) the lock and the folder are this process's own.  The build must not be
changed by its readers: a test that builds on it copies what it writes into.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import pytest

from .sitebuild import BuiltSite

Make = Callable[[Path], list[BuiltSite]]


def session_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The temporary folder all workers of this test session share."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def shared_builds(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Make
) -> list[BuiltSite]:
    """`make(root)`'s builds, made into the folder `root` once per test session."""
    folder = session_folder(tmp_path_factory)
    root, record = folder / f"shared-{name}", folder / f"shared-{name}.json"
    with open(folder / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        if record.is_file():
            return [read_built(fields) for fields in json.loads(record.read_text())]
        shutil.rmtree(root, ignore_errors=True)  # what a worker that failed left behind
        root.mkdir()
        builds = make(root)
        record.write_text(json.dumps([{**asdict(b), **paths_of(b)} for b in builds]))
        return builds


def paths_of(built: BuiltSite) -> dict[str, str]:
    return {"output": str(built.output), "cache": str(built.cache)}


def read_built(fields: dict) -> BuiltSite:
    return BuiltSite(**{**fields, "output": Path(fields["output"]), "cache": Path(fields["cache"])})
