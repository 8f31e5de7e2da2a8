"""What the plugin wrote into an output folder, so the next build writes only what changed.

A manifest per output folder lives in the cache folder: the plugin's files (pages, Markdown,
feeds, export, redirects), the article pages Pelican wrote for it, and which URL each raw
file was published at.  The next build writes a file only when its bytes differ, removes the
files of articles, actors and topics that are gone, and turns a moved article URL into a
redirect.  The manifest is written atomically (write, fsync, rename): a killed build leaves
the previous manifest whole.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from ..files import atomic_write_bytes

MANIFEST_VERSION = 1


def manifest_path(cache_dir: Path, output: Path) -> Path:
    """The manifest of one output folder (a cache can serve several output folders)."""
    digest = hashlib.sha1(str(Path(output).resolve()).encode("utf-8")).hexdigest()[:12]
    return Path(cache_dir) / f"explainer-output-{digest}.json"


@dataclass
class OutputManifest:
    """The plugin's record of one output folder, as of the last finished build.

    files: output-relative paths the plugin owns (it removes them when they are gone);
    article_urls: raw source file → the article URL it was published at;
    redirects: old article URL → the source file whose article now lives elsewhere.
    """

    files: list[str] = field(default_factory=list)
    article_urls: dict[str, str] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> OutputManifest:
        """The stored manifest, or an empty one when it is missing or unreadable, plus the
        files a killed build had begun to write (its journal), so they can be removed."""
        manifest = cls()
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION:
            manifest = cls(
                files=list(data.get("files", [])),
                article_urls=dict(data.get("article_urls", {})),
                redirects=dict(data.get("redirects", {})),
            )
        with contextlib.suppress(OSError):
            journal = journal_path(path).read_text(encoding="utf-8")
            manifest.files += [line for line in journal.splitlines() if line]
        return manifest

    def save(self, path: Path) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "files": sorted(set(self.files)),
            "article_urls": dict(sorted(self.article_urls.items())),
            "redirects": dict(sorted(self.redirects.items())),
        }
        atomic_write_bytes(Path(path), dump_json(data))
        with contextlib.suppress(FileNotFoundError):
            journal_path(path).unlink()


def journal_path(manifest: Path) -> Path:
    """Where a build notes each new file before writing it (see PluginFiles)."""
    return Path(manifest).with_suffix(".journal")


class PluginFiles:
    """The files the plugin writes in this build (output-relative), each written only when
    its bytes change.  A file the last manifest does not list is noted in the journal
    first, so that a build killed half-way still knows what it left behind."""

    def __init__(self, output: Path, manifest: Path, known):
        self.output = Path(output)
        self.files: set[str] = set()
        self.known = set(known)
        self.journal_path = journal_path(manifest)
        self.journal = None

    def add(self, relative: str) -> None:
        """Own a file something else writes (the export, feeds, Pelican's article pages)."""
        if relative not in self.known and relative not in self.files:
            if self.journal is None:
                self.journal_path.parent.mkdir(parents=True, exist_ok=True)
                self.journal = open(self.journal_path, "a", encoding="utf-8")  # noqa: SIM115
            self.journal.write(relative + "\n")
            self.journal.flush()
        self.files.add(relative)

    def write(self, relative: str, text: str) -> bool:
        self.add(relative)
        return write_if_changed(self.output / relative, text.encode("utf-8"))

    def close(self) -> None:
        if self.journal is not None:
            self.journal.close()
            self.journal = None


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write a file unless it already holds exactly these bytes; True when it was written.
    An unchanged file keeps its modification time.  Takes bytes, so dump_json's are written
    with no text copy of a large file."""
    try:
        if path.stat().st_size == len(data) and holds(path, data):
            return False
    except OSError:
        pass
    with open_for_writing(path) as out:
        out.write(data)
    return True


def open_for_writing(path: Path):
    """The file opened to be written (binary), its folder made first, and a symbolic link
    in its place removed: never write through a link into another folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        if path.is_symlink():
            path.unlink()
    return open(path, "wb")  # noqa: SIM115 (the caller's with closes it)


# Bytes compared at a time: a 50 MB export file is not read into memory whole beside its
# new bytes.
COMPARE_BLOCK = 1 << 20


def holds(path: Path, data: bytes) -> bool:
    """Whether the file's bytes are `data`, read a block at a time."""
    view = memoryview(data)
    with open(path, "rb") as stored:
        for start in range(0, len(data), COMPARE_BLOCK):
            if stored.read(COMPARE_BLOCK) != view[start : start + COMPARE_BLOCK]:
                return False
        return stored.read(1) == b""


def write_json_list(path: Path, items, record=None) -> bool:
    """Write dump_json([record(item) for item in items])'s bytes unless the file already
    holds them, made, compared and written an item at a time: a list file of the export
    (chronology.json is 57 MB at 10,000 articles) is never held whole, nor its records
    made all at once.  `items` is a sequence (a changed file reads it twice: once to
    compare, once to write).  True when the file was written."""
    try:
        if path.is_file() and _holds_pieces(path, json_list_pieces(items, record)):
            return False
    except OSError:
        pass
    with open_for_writing(path) as out:
        for piece in json_list_pieces(items, record):
            out.write(piece)
    return True


def json_list_pieces(items, record=None):
    """dump_json([record(item) for item in items])'s bytes in pieces, one item to a piece:
    each record as dump_json writes it alone, every line indented one level."""
    if not items:
        yield dump_json([])
        return
    yield b"[\n"
    last = len(items) - 1
    for i, item in enumerate(items):
        alone = dump_json(item if record is None else record(item))[:-1]
        # Indented one level: a JSON string holds no line end, so every one is the layout's.
        yield b"  " + alone.replace(b"\n", b"\n  ") + (b",\n" if i < last else b"\n]\n")


def _holds_pieces(path: Path, pieces) -> bool:
    """Whether the file's bytes are the pieces', read a piece at a time."""
    with open(path, "rb") as stored:
        for piece in pieces:
            if stored.read(len(piece)) != piece:
                return False
        return stored.read(1) == b""


def write_text(path: Path, text: str) -> bool:
    """Write a UTF-8 file with Unix line ends, creating folders as needed, unless it already
    holds these bytes (then it keeps its modification time); True when it was written.

    Not atomic per file on purpose: a release is made atomic as a whole folder (see
    docs/caching.md, "Publishing atomically"), and a temp file plus rename per page doubles
    the file-system work of a 10,000-article build.
    """
    return write_if_changed(Path(path), text.encode("utf-8"))


# Where orjson's bytes may differ from json.dumps': a number below 1e-4 (orjson writes
# `0.00001` and `1e-7` where Python writes `1e-05` and `1e-07`), found as a value (after
# `: ` or an indent, before `,` or a line end).  A string that merely looks like one only
# costs the slower path; a slug such as `release-6e48c9` does not.
_FLOAT_SPELLING = re.compile(rb"(?:^|: |\n *)-?0\.0000|\de-\d(?:[,\n]|$)")
# What every such number holds; re finds a literal fast, the pattern above scans slowly
# (1 s for the 25 MB of a 1,000-article export).
_FLOAT_HINTS = (b"0.0000", re.compile(rb"e-\d(?:[,\n]|$)"))
_ORJSON_STYLE = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE


def _spelled_otherwise(raw: bytes) -> bool:
    """True when orjson's bytes may hold a number json.dumps spells otherwise."""
    literal, exponent = _FLOAT_HINTS
    if literal not in raw and not exponent.search(raw):
        return False
    return _FLOAT_SPELLING.search(raw) is not None


def dump_json(data) -> bytes:
    """The project's one JSON style: sorted keys, two-space indent, real UTF-8, a final
    line end; the bytes of `json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True)`
    and a newline, encoded in UTF-8.

    json.dumps with an indent runs in pure Python: 0.63 s of CPU for the 25 MB export of
    1,000 single-story articles, made again on every rebuild; this takes 0.11 s.  Where
    orjson cannot (a key that is not a string, an integer beyond 64 bits, a type it does
    not know) or may spell a number otherwise (a float below 1e-4), json.dumps writes
    them.  A float that is not finite becomes null (valid JSON), where json.dumps wrote
    NaN or Infinity.  Bytes, not text: a 50 MB file with one curly quote is 100 MB as a
    Python string, and the export held several copies of each file at once.
    """
    try:
        raw = orjson.dumps(data, option=_ORJSON_STYLE)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        raw = b""
    if not raw or _spelled_otherwise(raw):
        text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        return text.encode("utf-8")
    return raw


def remove_stale(output: Path, old_files, new_files) -> list[str]:
    """Delete the files listed last build but not this one, and folders left empty;
    returns the removed paths (relative, sorted)."""
    output = Path(output)
    gone = sorted(set(old_files) - set(new_files))
    removed = []
    for relative in gone:
        target = output / relative
        if not is_inside(output, target) or not target.is_file():
            continue
        target.unlink()
        removed.append(relative)
        prune_empty_folders(output, target.parent)
    return removed


def is_inside(folder: Path, target: Path) -> bool:
    """True when target lies inside folder (no `..` escapes through a crafted manifest)."""
    try:
        target.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True


def prune_empty_folders(output: Path, folder: Path) -> None:
    """Remove folder and its parents while they are empty, stopping at the output folder."""
    root = output.resolve()
    folder = folder.resolve()
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


INCOMPLETE_MARKER = ".explainer-build-incomplete"
LOCK_NAME = "explainer.lock"
# Lock files this process holds, by path: Pelican's autoreload runs several builds in one
# process, and a second flock on a new descriptor would wait for the process itself.
_HELD_LOCKS: dict[str, int] = {}


def lock_build(cache_dir: Path, say=print) -> None:
    """Hold the cache folder's lock for the rest of this build (it is released when the
    build ends, or by the system when the process dies, however it dies).  A second build
    on the same cache waits, saying so in one line."""
    path = Path(cache_dir) / LOCK_NAME
    key = str(path.resolve())
    if key in _HELD_LOCKS:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        say(f"explainer: another build is using the cache {cache_dir}; waiting for it to end")
        fcntl.flock(handle, fcntl.LOCK_EX)
    _HELD_LOCKS[key] = handle


def unlock_build(cache_dir: Path) -> None:
    """Release the lock lock_build took (nothing happens if this process holds none)."""
    handle = _HELD_LOCKS.pop(str((Path(cache_dir) / LOCK_NAME).resolve()), None)
    if handle is not None:
        os.close(handle)  # closing the descriptor releases the flock


def mark_incomplete(output: Path) -> None:
    """Mark the output folder as being written: a killed build leaves the mark behind."""
    Path(output).mkdir(parents=True, exist_ok=True)
    (Path(output) / INCOMPLETE_MARKER).write_text(
        "A build of this folder started and has not finished; do not publish it.\n",
        encoding="utf-8",
    )


def mark_complete(output: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (Path(output) / INCOMPLETE_MARKER).unlink()
