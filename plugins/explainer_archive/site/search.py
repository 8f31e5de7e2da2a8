"""Full-text search: Pagefind indexes built in shards over the written pages (no network).

An article page goes into the shard of its publication period (the year or month of its
`data-pagefind-meta="date"` element, `EXPLAINER_SEARCH_SHARD_PERIOD`); every other page
Pagefind reads (actor and topic pages, undated articles) into the shard of its top folder.
A group larger than SHARD_PAGES is split by a hash of each page's entity (an article, an
actor, a topic: the first two parts of its path) into a power of two of buckets, enough
that they hold SHARD_PAGES pages on average (`actors.0` … `actors.7`): one new article
then re-indexes the few buckets of the pages it changes, each of bounded size, not the
whole `actors` shard.  The number of buckets depends on the group's size alone, so a cold
and an incremental build of the same pages make the same shards.
Each shard is a bundle of its own, `pagefind/<shard>/`, built by one Pagefind process over
that shard's pages only (so indexing memory is bounded by the largest shard, not by the
archive) and rebuilt only when the names or bytes of its pages change.  Pagefind reads the
shard's pages in place, picked by a `--glob` that lists them (no folder of links to make
and delete).
`pagefind/shards.json` lists the bundles; the search page merges them in the browser
(Pagefind's `mergeIndex`).

The templates use no `data-pagefind-filter`: Pagefind writes filter values in hash-map
order, which would make two builds of the same input differ.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from ..files import atomic_write_bytes
from ..fingerprints import fingerprint
from .output import manifest_path

BUNDLE = "pagefind"  # the folder of the bundles inside the output
SHARD_LIST = "shards.json"  # inside BUNDLE: the shard bundles, sorted
FINGERPRINT_FILE = "pages.sha256"  # inside a shard's bundle: which pages it was built from
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")  # copied up from a shard: the search page's
LEFTOVER = ".pagefind-"  # prefix of the work folders a build makes (and a killed one leaves)
BODY = b"data-pagefind-body"
DATE_TAG = re.compile(rb"<[^>]*\bdata-pagefind-meta=\"date\"[^>]*>")
DATE_VALUE = re.compile(rb"\b(?:datetime|content)=\"(\d{4})(?:-(\d{2}))?")
FACTS_VERSION = 1  # of the pages' facts kept in the cache folder (facts_path)
SHARD_PAGES = 256  # pages per shard, on average, above which a shard is split in buckets
# Characters of Pagefind's glob syntax: a page path holding one is linked, not matched.
GLOB_CHARACTERS = re.compile(r"[][{}()*?!<>:,\\$^|+@#~]")
MAX_GLOB_BYTES = 100_000  # below the kernel's 128 kB limit on one argument


def search_folders(settings: dict) -> list[str] | None:
    """The output folders whose pages Pagefind reads: those of articles, actors and topics
    (the pages that carry data-pagefind-body); None when one of them is saved at the top
    level (then every page is read)."""
    folders = set()
    for name in ("ARTICLE_SAVE_AS", "ACTOR_SAVE_AS", "TOPIC_SAVE_AS"):
        value = str(settings.get(name) or "")
        if "/" not in value:
            return None
        folders.add(value.split("/", 1)[0])
    return sorted(folders)


def candidate_pages(output: Path, folders: list[str] | None) -> list[str]:
    """The HTML pages of the given folders (or of the whole output but the bundles and
    the hidden folders), as paths relative to the output, sorted as paths (part by part).
    One os.walk: pathlib's rglob and relative_to were 4 % of a rebuild with nothing
    changed at 10,000 articles."""
    tops, pages = [], []
    if folders is None:
        for entry in os.scandir(output):
            if entry.name.startswith(".") or entry.name == BUNDLE:
                continue
            if entry.is_dir(follow_symlinks=False):
                tops.append(entry.name)
            elif entry.name.endswith(".html"):
                pages.append(entry.name)
    else:
        tops = [folder for folder in folders if not folder.startswith(".")]
    for top in tops:
        for folder, _subfolders, files in os.walk(os.path.join(output, top)):
            relative = os.path.relpath(folder, output).replace(os.sep, "/")
            pages += [f"{relative}/{name}" for name in files if name.endswith(".html")]
    return sorted(pages, key=lambda relative: relative.split("/"))


def page_period(html: bytes, by: str) -> str | None:
    """`2024` or `2024-03` (by "year" or "month") from the page's Pagefind date, or None."""
    tag = DATE_TAG.search(html)
    found = DATE_VALUE.search(tag.group(0)) if tag else None
    if not found:
        return None
    year, month = found.group(1).decode(), found.group(2)
    return f"{year}-{month.decode()}" if by == "month" and month else year


def shard_name(relative: str, html: bytes, by: str) -> str:
    """The shard of a page: its publication period, else its top folder (`pages` for a page
    at the top level)."""
    return shard_of(relative, page_period(html, by))


def shard_of(relative: str, period: str | None) -> str:
    """The shard of a page of this period (None: none): the period, else its top folder."""
    if period:
        return period
    return relative.split("/", 1)[0] if "/" in relative else "pages"


def page_facts(path: str) -> list:
    """What the plan needs of a page, and the stamp it was read at: [size, mtime, inode,
    sha256 of its bytes, has data-pagefind-body, its month (or year) or None]."""
    stat = os.stat(path)
    with open(path, "rb") as handle:
        html = handle.read()
    return [
        stat.st_size,
        stat.st_mtime_ns,
        stat.st_ino,
        fingerprint(html),
        BODY in html,
        page_period(html, "month"),
    ]


def known_facts(path: str, known: dict[str, list], relative: str) -> list:
    """A page's facts, read again only when its stamp (size, mtime, inode) moved: a page no
    build rewrote is not read (`known` is updated in place)."""
    facts = known.get(relative)
    if facts is not None:
        stat = os.stat(path)
        if facts[:3] == [stat.st_size, stat.st_mtime_ns, stat.st_ino]:
            return facts
    facts = page_facts(path)
    known[relative] = facts
    return facts


def bucket_count(pages: int, size: int = SHARD_PAGES) -> int:
    """How many buckets a group of this many pages is split into: the smallest power of
    two that holds `size` pages per bucket on average (1: not split)."""
    buckets = 1
    while pages > buckets * size:
        buckets *= 2
    return buckets


def entity_bucket(relative: str, buckets: int) -> int:
    """The bucket of a page: a hash of its entity (the first two parts of its path, so the
    pages of one actor stay together), modulo the number of buckets."""
    entity = "/".join(relative.split("/")[:2])
    return int(hashlib.sha1(entity.encode("utf-8")).hexdigest()[:8], 16) % buckets


def split_shards(plan: dict[str, list], size: int = SHARD_PAGES) -> dict[str, list]:
    """Each group larger than `size` split into buckets named `<group>.<bucket>` (hex, of
    equal width); smaller groups kept whole, under their own name."""
    split: dict[str, list] = {}
    for name, pages in plan.items():
        buckets = bucket_count(len(pages), size)
        if buckets == 1:
            split[name] = pages
            continue
        width = len(f"{buckets - 1:x}")
        for entry in pages:
            bucket = entity_bucket(entry[0], buckets)
            split.setdefault(f"{name}.{bucket:0{width}x}", []).append(entry)
    return split


def plan_shards(
    output: Path, settings: dict, size: int | None = None, known: dict | None = None
) -> dict[str, list[tuple[str, bytes]]]:
    """Each shard's pages as (relative path, sha256 of the bytes), sorted by path.  Only
    pages with data-pagefind-body are indexed (as Pagefind itself does once any page has
    it); on a site where none has it, every page read is indexed.  Groups larger than
    `size` pages are split (split_shards).  `known`: the pages' facts as of the last
    build (page_facts), updated in place; only pages whose stamp moved are read."""
    by = settings.get("EXPLAINER_SEARCH_SHARD_PERIOD", "month")
    known = {} if known is None else known
    with_body: dict[str, list] = {}
    without: dict[str, list] = {}
    seen = set()
    for relative in candidate_pages(output, search_folders(settings)):
        seen.add(relative)
        page = os.path.join(output, relative)
        _size, _mtime, _inode, digest, body, month = known_facts(page, known, relative)
        period = month[:4] if month and by == "year" else month
        plan = with_body if body else without
        entry = (relative, bytes.fromhex(digest))
        plan.setdefault(shard_of(relative, period), []).append(entry)
    for gone in set(known) - seen:
        del known[gone]
    return split_shards(with_body or without, size or SHARD_PAGES)


def facts_path(output: Path, settings: dict) -> Path | None:
    """Where the pages' facts of the last build of this output folder are kept (in the
    cache folder; None without one)."""
    cache = settings.get("EXPLAINER_CACHE_DIR")
    if not cache:
        return None
    return manifest_path(Path(cache), Path(output)).with_suffix(".search.json")


def load_facts(path: Path | None) -> dict[str, list]:
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    pages = data.get("pages") if isinstance(data, dict) else None
    if data.get("version") != FACTS_VERSION or not isinstance(pages, dict):
        return {}
    return {k: v for k, v in pages.items() if isinstance(v, list) and len(v) == 6}


def save_facts(path: Path | None, known: dict[str, list]) -> None:
    if path is not None:
        text = json.dumps({"version": FACTS_VERSION, "pages": dict(sorted(known.items()))})
        atomic_write_bytes(path, text.encode("utf-8"))


def shard_fingerprint(pages: list[tuple[str, bytes]]) -> str:
    """The fingerprint of the names and bytes of a shard's pages and of Pagefind's version."""
    digest = hashlib.sha256(pagefind_version().encode("utf-8") + b"\0")
    for relative, page_hash in pages:
        digest.update(relative.encode("utf-8") + b"\0" + page_hash)
    return digest.hexdigest() + "\n"


def pagefind_version() -> str:
    with contextlib.suppress(metadata.PackageNotFoundError):
        return metadata.version("pagefind")
    return "unknown"


def build_search_index(output: Path, settings: dict) -> str | None:
    """Bring pagefind/ up to date with the written pages: rebuild the shards whose pages
    changed, drop the shards that have no page left, list the shards; returns an error
    message (the shards built so far are kept), or None."""
    output = Path(output)
    remove_leftovers(output)
    stored = facts_path(output, settings)
    known = load_facts(stored)
    shards = plan_shards(output, settings, known=known)
    save_facts(stored, known)
    bundle = output / BUNDLE
    # One Pagefind run at a time: indexing memory stays bounded by the largest shard.
    for name, pages in sorted(shards.items()):
        error = update_shard(output, bundle / name, pages)
        if error:
            return error
    if not shards:
        remove(bundle)
        return None
    keep = {*shards, SHARD_LIST, *UI_FILES}
    for entry in sorted(bundle.iterdir()) if bundle.is_dir() else []:
        if entry.name not in keep:  # a shard with no page left, or an older bundle layout
            remove(entry)
    write_shard_list(bundle, sorted(shards))
    return None


def remove_leftovers(output: Path) -> None:
    """Remove work folders left by a killed build (the build lock keeps this build alone)."""
    for entry in sorted(output.glob(LEFTOVER + "*")):
        remove(entry)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def update_shard(output: Path, target: Path, pages: list[tuple[str, bytes]]) -> str | None:
    """Rebuild one shard's bundle unless it was built from exactly these pages: Pagefind
    reads a folder of links to the shard's pages and writes a fresh bundle, which then
    replaces the old one (no fragment of a gone page survives)."""
    digest = shard_fingerprint(pages)
    with contextlib.suppress(OSError):
        if (target / FINGERPRINT_FILE).read_text(encoding="utf-8") == digest:
            return None
    fresh = output / f"{LEFTOVER}bundle-{target.name}"
    remove(fresh)
    relatives = [relative for relative, _ in pages]
    pattern = pages_glob(relatives)
    if pattern is not None:  # Pagefind reads the shard's pages where they are
        error = run_pagefind(output, fresh, pattern)
    else:
        stage = output / f"{LEFTOVER}pages-{target.name}"
        remove(stage)
        link_pages(output, stage, relatives)
        error = run_pagefind(stage, fresh)
        remove(stage)
    if error:
        remove(fresh)
        return error
    (fresh / FINGERPRINT_FILE).write_text(digest, encoding="utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    remove(target)
    fresh.rename(target)
    return None


def pages_glob(pages: list[str]) -> str | None:
    """A Pagefind `--glob` that matches exactly these output-relative pages, or None when
    one of their paths holds a glob character, or the list is too long for one argument
    (then the pages are linked into a folder of their own, link_pages)."""
    if not pages or any(GLOB_CHARACTERS.search(relative) for relative in pages):
        return None
    pattern = "{" + ",".join(pages) + "}"
    return pattern if len(pattern.encode("utf-8")) <= MAX_GLOB_BYTES else None


def link_pages(output: Path, stage: Path, pages: list[str]) -> None:
    """Hard links (copies where links fail) of the pages at their own paths under stage, so
    the URLs Pagefind records are the site's."""
    for relative in pages:
        target = stage / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(output / relative, target)
        except OSError:
            shutil.copyfile(output / relative, target)


def write_shard_list(bundle: Path, names: list[str]) -> None:
    """pagefind/shards.json and the search UI's script and style, copied up from a shard
    (every shard carries the same ones), each written only when its bytes change."""
    listing = json.dumps({"bundles": [f"{name}/" for name in names]}, indent=1) + "\n"
    files = {SHARD_LIST: listing.encode("utf-8")}
    for name in UI_FILES:
        with contextlib.suppress(OSError):
            files[name] = (bundle / names[0] / name).read_bytes()
    for name, data in files.items():
        with contextlib.suppress(OSError):
            if (bundle / name).read_bytes() == data:
                continue
        atomic_write_bytes(bundle / name, data)


@functools.cache
def pagefind_command() -> tuple[str, ...]:
    """Pagefind's own executable (from the pagefind package), or `python -m pagefind`
    where it cannot be found: the Python wrapper costs 0.2 s a run, 31 runs a cold build."""
    with contextlib.suppress(Exception):
        from pagefind.service import get_executable

        executable = get_executable()
        if executable is not None and Path(executable).is_file():
            return (str(executable),)
    return (sys.executable, "-m", "pagefind")


def run_pagefind(site: Path, bundle: Path, pattern: str | None = None) -> str | None:
    """One Pagefind run over a folder of pages (only those the glob `pattern` matches, when
    given), writing the bundle folder given."""
    command = [
        *pagefind_command(),
        "--site",
        str(site),
        "--output-path",
        str(bundle),
        "--quiet",
    ]
    if pattern is not None:
        command += ["--glob", pattern]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"search index not built: {exc}"
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no output"]
        return f"search index not built: pagefind exited {result.returncode}: {detail[0]}"
    return None
