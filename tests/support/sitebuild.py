"""Build a site with Pelican and the project's settings, into temp folders.

`build_site` runs the build inside the test process, as Pelican's own plugins test
(`Pelican(read_settings(path, override=…)).run()`): the spaCy model is then loaded once per
test session.  Builds where a separate process is the point (a hash seed, a crash, the
command line itself) pass `separate_process=True` and run the real `pelican` command.
"""

from __future__ import annotations

import collections
import contextlib
import io
import json
import logging
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2
import jinja2.bccache
from blinker import Signal
from pelican import log as pelican_log
from pelican import logger as pelican_logger
from pelican.plugins import signals
from pelican.plugins.explainer_archive.site.compiled import OPTIONS
from pelican.settings import read_settings

ROOT = Path(__file__).resolve().parent.parent.parent
SEEDS = sorted((ROOT / "content" / "raw").glob("*.txt"))

# The command line's verbosity flags, as `pelican` maps them to log levels (default WARNING).
VERBOSITY = {
    "-q": logging.CRITICAL,
    "--quiet": logging.CRITICAL,
    "-v": logging.INFO,
    "--verbose": logging.INFO,
    "-D": logging.DEBUG,
    "--debug": logging.DEBUG,
}


class SharedTemplateCode(jinja2.BytecodeCache):
    """Compiled templates kept across the in-process builds of a test session, in front of
    the environment's own bytecode cache (the plugin's, kept in each build's cache folder and
    keyed by that build's settings, paths included, so a new cache folder compiles every
    template again: a third of a small build's CPU).  Kept per template name, file and source
    (Jinja's key and checksum) and per compile options, so an edit or another setting
    compiles anew; code taken from here is also handed to the environment's own cache, so
    the build's cache folder holds what it would have; the pages are the same."""

    code: dict[tuple, bytes] = {}  # shared by every environment of the session

    def __init__(self, own: jinja2.BytecodeCache | None):
        self.own = own

    @staticmethod
    def options(env: jinja2.Environment) -> tuple:
        """What the compiled code of a template depends on besides its source."""
        hooks = (env.autoescape, env.finalize, env.undefined)
        named = tuple(getattr(h, "__qualname__", repr(h)) for h in hooks)
        return tuple(getattr(env, n) for n in OPTIONS) + tuple(sorted(env.extensions)) + named

    def get_bucket(self, environment, name, filename, source) -> jinja2.bccache.Bucket:
        checksum = self.get_source_checksum(source)
        shared = (self.get_cache_key(name, filename), checksum, self.options(environment))
        if self.own is not None:
            bucket = self.own.get_bucket(environment, name, filename, source)
        else:
            bucket = jinja2.bccache.Bucket(environment, shared[0], checksum)
        if bucket.code is None and shared in self.code:
            bucket.bytecode_from_string(self.code[shared])
            if self.own is not None and bucket.code is not None:
                self.own.set_bucket(bucket)
        elif bucket.code is not None:  # the own cache had it
            self.code.setdefault(shared, bucket.bytecode_to_string())
        bucket.shared_key = shared
        return bucket

    def set_bucket(self, bucket: jinja2.bccache.Bucket) -> None:
        """After Jinja compiled a template: keep its code here and in the own cache."""
        self.code[bucket.shared_key] = bucket.bytecode_to_string()
        if self.own is not None:
            self.own.set_bucket(bucket)


def share_template_code(generators) -> None:
    """all_generators_finalized receiver (after every generator_init receiver, the plugin's
    among them, and before any page is rendered): put the shared code in front of each
    generator's Jinja environment's own bytecode cache."""
    for generator in generators:
        env = getattr(generator, "env", None)
        if env is not None and not isinstance(env.bytecode_cache, SharedTemplateCode):
            env.bytecode_cache = SharedTemplateCode(env.bytecode_cache)


def seed_content(root: Path, seeds=SEEDS) -> Path:
    """A content folder under root whose raw/ holds copies of the given seed files."""
    raw = root / "content" / "raw"
    raw.mkdir(parents=True)
    for seed in seeds:
        shutil.copy(seed, raw / seed.name)
    return root / "content"


@dataclass
class BuiltSite:
    """A finished build: where it went, what Pelican printed, and how long it took."""

    output: Path
    cache: Path
    log: str
    returncode: int
    seconds: float = 0.0

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
    separate_process: bool = False,
) -> BuiltSite:
    """Build a content folder (with a raw/ subfolder) as `pelican content` would and return
    the result.  In this process by default; `separate_process=True` runs the `pelican`
    command (needed for a PYTHONHASHSEED in `env`, or flags other than -q/-v/-D).
    `timeout` applies to the separate process only."""
    started = time.monotonic()
    if separate_process:
        result = subprocess.run(
            build_command(content, output, cache, settings, extra, flags),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            env=build_env(env),
        )
        log, returncode = result.stdout + result.stderr, result.returncode
        return BuiltSite(output, cache, log, returncode, time.monotonic() - started)
    if "PYTHONHASHSEED" in (env or {}):
        raise ValueError("a hash seed takes effect in a new process: pass separate_process=True")
    unknown = [flag for flag in flags if flag not in VERBOSITY]
    if unknown:
        raise ValueError(f"flags {unknown} need separate_process=True")
    level = VERBOSITY[flags[-1]] if flags else logging.WARNING
    # The command line's order (pelican.get_config): paths, DEBUG, then the -e pairs, whose
    # values pass through JSON as they do on the command line.
    overrides = {
        "PATH": os.path.abspath(content),
        "OUTPUT_PATH": os.path.abspath(output),
        "DEBUG": level == logging.DEBUG,
        **json.loads(json.dumps({"CACHE_PATH": str(cache), **(extra or {})})),
    }
    log, returncode = run_in_process(ROOT / settings, overrides, level, env or {})
    return BuiltSite(output, cache, log, returncode, time.monotonic() - started)


def run_in_process(settings_file: Path, overrides: dict, level: int, env: dict) -> tuple[str, int]:
    """One Pelican build in this process, isolated as a fresh `pelican` process would be;
    returns what it printed and logged, and the exit code the command would have."""
    printed = io.StringIO()
    with fresh_process_state(settings_file, env, level, printed):
        signals.all_generators_finalized.connect(share_template_code)  # dropped after
        try:
            settings = read_settings(str(settings_file), override=overrides)
            cls = settings["PELICAN_CLASS"]
            if isinstance(cls, str):
                module, name = cls.rsplit(".", 1)
                cls = getattr(__import__(module, fromlist=[name]), name)
            cls(settings).run()
            returncode = 0
        except SystemExit as exc:
            # A message (the plugin's one-line stop) is printed by Python, with exit code 1.
            if isinstance(exc.code, str):
                print(exc.code, file=sys.stderr)
            returncode = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        except Exception as exc:  # what pelican.main() does with any other error
            pelican_logger.critical("%s: %s", exc.__class__.__name__, exc, exc_info=True)
            returncode = getattr(exc, "exitcode", 1)
    return printed.getvalue(), returncode


# What a blinker Signal keeps of its connections (blinker 1.9's attributes).
CONNECTION_ATTRIBUTES = ("receivers", "_by_receiver", "_by_sender", "_weak_senders")


def set_aside_receivers() -> dict:
    """Empty every Pelican signal (a new process has no receivers; Pelican connects a
    plugin's again when it loads it) and return what was connected, for put_back_receivers.
    Pelican's signals are process-wide, and a test may have connected receivers itself."""
    connections = {}
    for signal in vars(signals).values():
        if isinstance(signal, Signal):
            connections[signal] = [getattr(signal, name) for name in CONNECTION_ATTRIBUTES]
            empty = Signal()
            for name in CONNECTION_ATTRIBUTES:
                setattr(signal, name, getattr(empty, name))
    return connections


def put_back_receivers(connections: dict) -> None:
    """Drop what the build connected and reconnect what was there before it."""
    for signal, saved in connections.items():
        for name, value in zip(CONNECTION_ATTRIBUTES, saved, strict=True):
            setattr(signal, name, value)


@contextlib.contextmanager
def fresh_process_state(settings_file: Path, env: dict, level: int, printed: io.StringIO):
    """What a new `pelican` process would start from, restored afterwards: the working folder,
    the environment, no signal receivers from earlier builds, Pelican's log de-duplication
    emptied, a log handler at the command line's level, stdout and stderr captured."""
    saved_cwd, saved_path, saved_env = os.getcwd(), list(sys.path), dict(os.environ)
    settings_module = settings_file.stem
    had_module = settings_module in sys.modules
    connections = set_aside_receivers()
    limits = pelican_log.LimitFilter
    limits._raised_messages, limits._ignore = set(), set()
    limits._group_count = collections.defaultdict(int)
    root_logger = logging.getLogger()
    saved_levels = root_logger.level, pelican_logger.level
    handler = logging.StreamHandler(printed)
    handler.setFormatter(logging.Formatter("%(levelname)-8s %(message)s"))
    os.chdir(ROOT)
    os.environ.update({"COLUMNS": "1000", **env})
    root_logger.addHandler(handler)
    root_logger.setLevel(level)
    pelican_logger.setLevel(level)
    try:
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
            yield
    finally:
        root_logger.removeHandler(handler)
        root_logger.setLevel(saved_levels[0])
        pelican_logger.setLevel(saved_levels[1])
        put_back_receivers(connections)
        if not had_module:
            sys.modules.pop(settings_module, None)
        sys.path[:] = saved_path
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
