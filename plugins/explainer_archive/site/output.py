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
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST_VERSION = 1


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old bytes or the new ones, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


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
        """The stored manifest, or an empty one when it is missing or unreadable."""
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return cls()
        return cls(
            files=list(data.get("files", [])),
            article_urls=dict(data.get("article_urls", {})),
            redirects=dict(data.get("redirects", {})),
        )

    def save(self, path: Path) -> None:
        data = {
            "version": MANIFEST_VERSION,
            "files": sorted(set(self.files)),
            "article_urls": dict(sorted(self.article_urls.items())),
            "redirects": dict(sorted(self.redirects.items())),
        }
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
        atomic_write_bytes(Path(path), text.encode("utf-8"))


def write_if_changed(path: Path, text: str) -> bool:
    """Write a UTF-8 file (Unix line ends) unless it already holds exactly these bytes;
    True when it was written.  An unchanged file keeps its modification time."""
    data = text.encode("utf-8")
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError, IsADirectoryError):
        if path.is_symlink():
            path.unlink()  # never write through a link into another folder
    with open(path, "wb") as out:
        out.write(data)
    return True


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
