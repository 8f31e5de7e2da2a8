"""Fingerprints: the one kind of content hash in the plugin.

A *fingerprint* is a hex hash of what produced something (the plugin's code, a rules file,
the spaCy model, a setting) or of content; a cache *key* is the fingerprint of everything
a cached value depends on.  Every stage imports this module, so it imports none of them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

PACKAGE_DIR = Path(__file__).parent


def fingerprint(*parts: str | bytes) -> str:
    """The SHA-256 fingerprint of the parts, joined by NUL bytes (so ("ab", "c") and
    ("a", "bc") differ)."""
    digest = hashlib.sha256()
    for index, part in enumerate(parts):
        if index:
            digest.update(b"\0")
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
    return digest.hexdigest()


def code_fingerprint(package_dir: Path | None = None) -> str:
    """The fingerprint of the plugin's code and data files (the line labeller's model too):
    Pelican's content cache is kept per code fingerprint, so changing a cleaning rule, the
    model or the plugin re-reads every file.  Computed at the start of every build, so an
    edit under autoreload counts too."""
    package_dir = package_dir or PACKAGE_DIR
    digest = hashlib.sha1()
    for path in sorted(package_dir.rglob("*")):
        if path.suffix in {".py", ".toml", ".crfsuite"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package_dir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
