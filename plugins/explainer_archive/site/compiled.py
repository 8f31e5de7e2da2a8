"""Compiled templates kept between builds (Jinja's bytecode cache), in the cache folder.

Every build makes its Jinja environments anew, one per Pelican generator, and each compiles
the templates it renders from their source: at 1,000 articles a rebuild after one new
article spent about 0.4 CPU s compiling.  Jinja can keep the compiled code of a template
(a *bytecode cache*); it checks the source's checksum itself, but keys an entry by the
template's name and file only.  The code Jinja generates also depends on the environment
(its delimiters and whitespace options, autoescaping, its extensions, and whether each
filter and test is passed the context), so here an entry is keyed by all of that as well,
and by Jinja's version, the settings and the plugin's code.  A change to any of them
compiles afresh: the pages are the same bytes as without the cache.  Entries are written
atomically by Jinja; an unreadable one is compiled again.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache

from ..fingerprints import fingerprint
from .unchanged import key_json, plain, settings_digest

FOLDER = "explainer-templates"  # in the cache folder
# What the Jinja syntax of an environment is: how a source parses (and so what it reads)
# depends on these and on the extensions (which may add tags).
SYNTAX = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
)
# The Environment's options that shape the code it compiles.
OPTIONS = (*SYNTAX, "optimized", "is_async")


def environment_fingerprint(env) -> str:
    """What of a Jinja environment the compiled code depends on besides the source."""
    callables = {
        kind: sorted(
            (name, repr(getattr(function, "jinja_pass_arg", None)))
            for name, function in functions.items()
        )
        for kind, functions in (("filters", env.filters), ("tests", env.tests))
    }
    seen = {
        "options": {name: getattr(env, name, None) for name in OPTIONS},
        "autoescape": plain(env.autoescape) if callable(env.autoescape) else env.autoescape,
        "finalize": plain(env.finalize) if env.finalize is not None else None,
        "extensions": sorted(env.extensions),
        **callables,
    }
    return key_json(seen)


class CompiledTemplates(FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache, keyed by the environment too (module docstring).
    `build`: the fingerprint of the settings and the plugin's code."""

    def __init__(self, directory: Path, build: str):
        Path(directory).mkdir(parents=True, exist_ok=True)
        super().__init__(str(directory), "%s.jinja")
        self.build = build

    def get_bucket(self, environment, name: str, filename: str | None, source: str) -> Bucket:
        key = fingerprint(
            jinja2.__version__,
            self.build,
            environment_fingerprint(environment),
            name,
            filename or "",
        )
        bucket = Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: Bucket) -> None:
        """The kept code, or none (compile again) when the entry cannot be read whole."""
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, TypeError, pickle.UnpicklingError):
            bucket.reset()


def compiled_templates_key(settings: dict, code: str) -> str:
    """What the compiled templates of a build are keyed by besides their environment: the
    settings and the plugin's code (taken once a build)."""
    return fingerprint(code, settings_digest(settings))


def keep_compiled_templates(env, settings: dict, build: str) -> None:
    """Give a generator's Jinja environment the bytecode cache of the cache folder."""
    env.bytecode_cache = CompiledTemplates(Path(settings["EXPLAINER_CACHE_DIR"]) / FOLDER, build)
