"""Slugs that are valid, stable and unique, whatever the title looks like."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

from unidecode import unidecode

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_SLUG_LENGTH = 70
# Names that are special to file systems (Windows devices) or to the site's own layout.
RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    "index",
    "feeds",
    "data",
    "theme",
    "search",
    "static",
    "page",  # listings paginate into …/page/2/
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def short_hash(text: str, length: int = 6) -> str:
    """A short, stable hexadecimal digest of a string."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


def _base_slug(text: str, max_length: int) -> str:
    """The slug the text itself gives (may be empty or a reserved name)."""
    ascii_text = unidecode(unicodedata.normalize("NFKC", text or "")).lower()
    ascii_text = ascii_text.replace("'", "").replace("’", "")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut[: cut.rfind("-")] if "-" in cut[1:] else slug[:max_length]
        slug = slug.strip("-")
    return slug


def make_slug(text: str, *, fallback: str = "item", max_length: int = MAX_SLUG_LENGTH) -> str:
    """A slug matching ^[a-z0-9]+(-[a-z0-9]+)*$, cut at a word boundary; never empty."""
    slug = _base_slug(text, max_length)
    if not slug:
        slug = f"{fallback}-{short_hash(text or '')}"
    if slug in RESERVED:
        slug = f"{slug}-{fallback}"
    return slug


def slug_warning(text: str, *, fallback: str = "item") -> str:
    """A sentence saying why make_slug could not use the text's own slug, or ""."""
    base = _base_slug(text, MAX_SLUG_LENGTH)
    slug = make_slug(text, fallback=fallback)
    if not base:
        return (
            "The title has no letters or digits usable in a web address, so the made-up "
            f"slug '{slug}' was used."
        )
    if base in RESERVED:
        return f"The slug '{base}' is a reserved name, so '{slug}' was used instead."
    return ""


def unique_slugs(items: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map each (key, wanted slug) to a unique slug, deterministically.

    Items are taken in sorted key order; the first keeps its wanted slug and later ones
    get a suffix from a hash of their own key, so adding an item never renames another
    (except the rare case of a new item sorting first in a collision).
    """
    taken: set[str] = set()
    result: dict[str, str] = {}
    for key, wanted in sorted(items):
        slug = wanted
        if slug in taken:
            slug = f"{wanted}-{short_hash(key)}"
            n = 2
            while slug in taken:
                slug = f"{wanted}-{short_hash(key)}-{n}"
                n += 1
        taken.add(slug)
        result[key] = slug
    return result
