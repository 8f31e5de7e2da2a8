"""The cleaner's quick tests agree with the grammars they stand in front of (text/dates.py).

A glued stamp is sought only on a line whose last character a date line can end with, and a
date line is split into parts only when the quick separator test finds one: both are exact
only as long as they agree with the full patterns: every date line of the development half
and the seeds ends where the quick test lets a stamp end, and the separator test agrees with
the split on any text.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pelican.plugins.explainer_archive.text import dates
from sitebuild import ROOT

PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORPUS = ROOT / "tests" / "corpus"
STAMPS = [
    "10:23 a.m.",
    "Updated 3 hours ago",
    "Oct 11, 2023 - Economy & Business",
    "Published June 5, 2024 at 09:00 (EDT)",
    "14 Jul 2024 22:59 GMT+1",
    "2024-06-12T08:30",
]


def corpus_date_lines() -> list[str]:
    """Every line of the development half and the seeds that the date grammar matches whole."""
    lines = {
        " ".join(line.split())
        for folder in ("dev", "seeds")
        for path in sorted((CORPUS / folder).glob("*.txt"))
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
    }
    return sorted(line for line in lines if dates._grammar()[0].fullmatch(line))


def test_every_date_line_ends_where_a_glued_stamp_may():
    lines = corpus_date_lines()
    assert len(lines) > 100
    for line in lines + STAMPS:
        assert dates._grammar()[0].fullmatch(line), line
        assert dates._STAMP_END.fullmatch(line.rstrip()[-2:]), line


PIECES = st.sampled_from(
    ["|", "/", "·", "•", "–", "—", "-", " ", "  ", "\t", "\u00a0", "7", "June", "Jx", "a", "Z"]
)


@PROPERTY
@given(st.one_of(st.lists(PIECES, max_size=12).map("".join), st.text(max_size=40)))
def test_the_quick_separator_test_agrees_with_the_split(text):
    assert bool(dates._HAS_PARTS.search(text)) == bool(dates._PARTS.search(text)), repr(text)
