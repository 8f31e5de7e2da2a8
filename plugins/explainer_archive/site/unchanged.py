"""Skip rendering the plugin's pages when nothing they are made from has changed.

The plugin's pages (actor, topic and chronology pages, the indexes), the cleaned Markdown,
the JSON export and the feeds are a function of: the articles as read (their metadata and
body), the archive-wide result (its state key), the settings, and the templates.  A fingerprint
of all of these, the *inputs key*, is kept beside the output manifest with the list of
files it produced.  When a build's key equals the kept one and every listed file is still
there, the files are left as they are instead of being rendered again only to find the same
bytes.  The key file is removed before anything is rendered, and written after the manifest,
so a build killed half-way never leaves a key that vouches for half-written files.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path, PurePath

import orjson

from ..files import atomic_write_bytes

INPUTS_VERSION = 1


def inputs_path(manifest: Path) -> Path:
    """Where the inputs key of the last finished build of this output folder is kept."""
    return Path(manifest).with_suffix(".inputs.json")


def plain(value):
    """A JSON-able stand-in for a value JSON cannot hold: a set sorted, a path as text, a
    function or class by its qualified name, an object by its repr unless that repr is
    the default one (which holds a memory address, different every build: then its type)."""
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if isinstance(value, PurePath):
        return str(value)
    kind = value if callable(value) else type(value)
    if callable(value) or type(value).__repr__ is object.__repr__:
        return f"<{getattr(kind, '__module__', '')}.{getattr(kind, '__qualname__', '')}>"
    return repr(value)


# Keys sorted, a key that is not a string written as text (as json.dumps does).
_KEY_STYLE = orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS


def key_json(value, default=plain) -> str:
    """The JSON a key is made of: the same text for the same value in every build, for
    the values `default` turns into JSON (plain, or a stricter one that raises).

    orjson writes it (json.dumps with sorted keys spent 3 s of a rebuild at 10,000
    articles making the article pages' keys); what orjson refuses (an integer beyond 64
    bits, a string that is not valid Unicode, a default that raises) goes to json.dumps,
    so such a value reads as it always did and a strict default's error still reaches
    the caller.  Only the text's sameness matters: it is hashed, never read back.  One
    collision is orjson's: a float that is not finite is written null, as None is."""
    try:
        return orjson.dumps(value, default=default, option=_KEY_STYLE).decode("utf-8")
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=default)


def settings_digest(settings: dict) -> str:
    """The settings as every build reads them alike (the per-run `_` keys left out), as a
    hex digest: what page keys, the inputs key and the compiled templates are keyed by."""
    digest = hashlib.sha256()
    for name in sorted(settings):
        if not name.startswith("_"):
            digest.update(f"{name}={key_json(settings[name])}\0".encode())
    return digest.hexdigest()


def templates_fingerprint(env) -> str:
    """The fingerprint of every template the Jinja environment can load (theme and fallbacks)."""
    digest = hashlib.sha256()
    for name in sorted(env.list_templates()):
        source, _, _ = env.loader.get_source(env, name)
        digest.update(name.encode("utf-8") + b"\0" + source.encode("utf-8") + b"\0")
    return digest.hexdigest()


def articles_fingerprint(context: dict) -> str:
    """The fingerprint of the articles and pages as read, in the listings' order."""
    digest = hashlib.sha256()
    for name in ("articles", "hidden_articles", "drafts", "pages", "hidden_pages"):
        digest.update(f"\0{name}\0".encode())
        for item in context.get(name) or []:
            seen = {
                "metadata": item.metadata,
                "url": item.url,
                "save_as": item.save_as,
                "source_path": str(getattr(item, "source_path", "")),
                "source_files": getattr(item, "source_files", None),
                "listing_date": getattr(item, "listing_date", None),
            }
            digest.update(key_json(seen).encode("utf-8") + b"\0")
            digest.update((getattr(item, "_content", None) or "").encode("utf-8") + b"\0")
    return digest.hexdigest()


def inputs_key(context: dict, settings: dict, env, archive_key: str | None) -> str | None:
    """The inputs key of this build, or None when the archive has no state key (then
    nothing is skipped)."""
    if not archive_key:
        return None
    digest = hashlib.sha256(f"explainer-inputs-{INPUTS_VERSION}\0{archive_key}\0".encode())
    digest.update(settings_digest(settings).encode() + b"\0")
    digest.update(templates_fingerprint(env).encode() + b"\0")
    digest.update(articles_fingerprint(context).encode())
    return digest.hexdigest()


def reusable_files(manifest: Path, output: Path, key: str | None) -> list[str] | None:
    """The files the last finished build made from the same inputs, when the key matches
    and all of them are still in the output; None otherwise (render everything)."""
    if key is None:
        return None
    try:
        kept = json.loads(inputs_path(manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(kept, dict) or kept.get("key") != key:
        return None
    files = kept.get("files")
    if not isinstance(files, list) or not all(isinstance(f, str) for f in files):
        return None
    if not all((Path(output) / relative).is_file() for relative in files):
        return None
    return files


def forget_inputs(manifest: Path) -> None:
    """Drop the kept key before rendering (a killed build must not leave it vouching)."""
    with contextlib.suppress(FileNotFoundError):
        inputs_path(manifest).unlink()


def remember_inputs(manifest: Path, output: Path, key: str | None, files) -> None:
    """Keep the key and the files it produced (those that exist), after the manifest."""
    if key is None:
        return

    present = sorted(f for f in set(files) if (Path(output) / f).is_file())
    text = json.dumps({"key": key, "files": present}, indent=0) + "\n"
    atomic_write_bytes(inputs_path(manifest), text.encode("utf-8"))
