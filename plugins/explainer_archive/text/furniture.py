"""Archive-wide boilerplate evidence: a line that occurs verbatim in the raw files of two or
more different stories is the site's furniture (a newsletter box, a menu, a donation appeal),
whatever its shape.

A real archive holds many pages of the same outlets, so its own raw files show which lines are
furniture: the line labeller (text/labeller.py) reads "this line is furniture" as one strong
feature among others. Two kinds of repeats are not furniture:

* syndicated copies of one article (the same wire story on two sites, one page saved twice):
  two raw files are copies when they share at least half of the shorter one's prose lines;
* a quoted sentence (a line holding a quotation) that two stories both report.

Pure Python, no Pelican: `page_lines` reads one raw file's line keys; `FurnitureIndex` holds
every page's keys by the page's content digest, so a rebuild adds only the new pages' lines
(O(new lines)), and answers, per page, the sorted tuple of its lines that are furniture (part
of the page's cache key: a page whose evidence changes is cleaned again). The answer depends
on the set of pages only, never on the order they were added: cold = incremental.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..fingerprints import fingerprint
from .decode import decode_raw
from .lines import key

# A line of this many words or more that ends a sentence is prose (copies share their prose).
PROSE_WORDS = 8
# Two pages sharing at least this share of the shorter one's prose lines are one article.
COPY_SHARE = 0.5
# Lines shorter than this (after folding) say too little to be evidence ("Share", "1").
MIN_CHARS = 4
_QUOTED = re.compile(r"[“”\"«»]|(?:^|\s)['‘][^']+['’](?:\s|$)")


@dataclass(frozen=True)
class PageLines:
    """One raw file's distinct line keys, and which of them are prose."""

    digest: str
    keys: frozenset[str]
    prose: frozenset[str]


def page_lines(data: bytes) -> PageLines:
    """The distinct line keys of a raw file (lines.key: case and edge punctuation folded) that
    may be furniture, and its prose lines. Binary files have none."""
    decoded = decode_raw(data)
    keys: set[str] = set()
    prose: set[str] = set()
    if not decoded.is_binary:
        for line in decoded.text.splitlines():
            text = " ".join(line.split())
            folded = key(text)
            if len(folded) < MIN_CHARS:
                continue
            if len(text.split()) >= PROSE_WORDS and text[-1:] in '.!?"”’':
                prose.add(folded)
            if not _QUOTED.search(text):
                keys.add(folded)
    return PageLines(fingerprint(data), frozenset(keys), frozenset(prose))


@dataclass
class FurnitureIndex:
    """Every page's line keys, by digest, and the pages holding each key."""

    pages: dict[str, PageLines] = field(default_factory=dict)
    holders: dict[str, set[str]] = field(default_factory=dict)
    _copies: dict[tuple[str, str], bool] = field(default_factory=dict)
    # Each line's verdict, once asked: a line every page holds is judged once, not per page.
    _verdicts: dict[str, bool] = field(default_factory=dict)

    def add(self, page: PageLines) -> None:
        """Add one page (again: nothing changes); its lines' holders learn of it."""
        if page.digest in self.pages:
            return
        self.pages[page.digest] = page
        for line in page.keys:
            self.holders.setdefault(line, set()).add(page.digest)
            self._verdicts.pop(line, None)

    def furniture_of(self, digest: str) -> tuple[str, ...]:
        """The page's line keys that occur in another page that is not a copy of it, or in two
        other pages that are not copies of each other; sorted."""
        page = self.pages.get(digest)
        if page is None:
            return ()
        return tuple(sorted(line for line in page.keys if self._is_furniture(line)))

    def _is_furniture(self, line: str) -> bool:
        if line not in self._verdicts:
            self._verdicts[line] = self._judge(line)
        return self._verdicts[line]

    def _judge(self, line: str) -> bool:
        holders = sorted(self.holders.get(line, ()))
        if len(holders) < 2:
            return False
        first = holders[0]
        # Any holder that is not a copy of the first: two different stories hold the line.
        # (When every holder is a copy of the first, they are copies of one article.)
        return any(not self._are_copies(first, other) for other in holders[1:])

    def _are_copies(self, a: str, b: str) -> bool:
        pair = (a, b) if a < b else (b, a)
        if pair not in self._copies:
            prose_a, prose_b = self.pages[a].prose, self.pages[b].prose
            shorter = min(len(prose_a), len(prose_b))
            shared = len(prose_a & prose_b)
            self._copies[pair] = shorter > 0 and shared >= COPY_SHARE * shorter
        return self._copies[pair]


def archive_furniture(raws: list[bytes]) -> list[tuple[str, ...]]:
    """The furniture lines of each raw file among these (one archive), in their order."""
    index = FurnitureIndex()
    pages = [page_lines(data) for data in raws]
    for page in pages:
        index.add(page)
    return [index.furniture_of(page.digest) for page in pages]
