"""The evaluation corpus (tests/corpus/): every page's gold facts are complete, and the halves
keep their floors. The full report is EVALUATION.md, written by scripts/evaluate.py; the
scoring both use is tests/support/corpus.py.

Every floor here is a RATCHET: today's measured figure, rounded down, so that a change that
makes the archive worse fails the suite. It is not a target (the targets are in evaluate.py and
EVALUATION.md), and it is raised, never lowered, when the figures improve."""

import pytest
from support import corpus

PAGES = [(half, page) for half in corpus.HALVES for page in corpus.load_half(half)]

# Ratchets on the dev half (tuned on; a regression guard, not a measure of unseen layouts).
DEV_TEXT_FLOORS = {
    "body": 0.995,
    "chrome": 0.96,
    "other": 0.97,
    "captions": 0.93,
    "credits": 0.96,
    "titles": 0.94,
    "dates_found": 0.97,
}
ARCHIVE_FLOORS = {"actor_recall": 0.87, "quotes": 0.40, "topic_precision": 0.55}
NOISE_CEILING = 0.05  # share of actor pages that are credit, byline or chrome names
# Quotes given to a wrong speaker on the test half today (the target is none; see
# EVALUATION.md): a ceiling, so that no change adds one.
WRONG_QUOTES_CEILING = 2


@pytest.mark.parametrize(("half", "page"), PAGES, ids=[f"{h}/{p.name}" for h, p in PAGES])
def test_gold_lists_every_raw_line_once(half, page):
    assert corpus.gold_problems(page) == []


def test_corpus_size_and_spread():
    dev = corpus.load_half("dev")
    assert len(dev) >= 100
    assert len({p.gold["story"] for p in dev}) >= 8
    assert len({p.gold["outlet"].split(" (")[0] for p in dev}) >= 30


def test_text_floors_on_the_dev_half():
    tallies = corpus.score_text(corpus.load_half("dev"))
    rates = {key: tallies[key].rate for key in DEV_TEXT_FLOORS}
    assert {k: v for k, v in rates.items() if v < DEV_TEXT_FLOORS[k]} == {}
    assert tallies["dates_invented"].total == 0, tallies["dates_invented"].misses
    assert tallies["dates_wrong"].total == 0, tallies["dates_wrong"].misses


@pytest.fixture(scope="module")
def sealed_half():
    pages = corpus.load_half("sealed")
    if not pages:
        pytest.skip("the sealed half is not written yet")
    return pages


@pytest.mark.slow
def test_archive_floors_on_the_sealed_half(sealed_half, tmp_path_factory):
    output = corpus.build_half(sealed_half, tmp_path_factory.mktemp("corpus-sealed"))
    tallies = corpus.score_archive(sealed_half, output)
    rates = {key: tallies[key].rate for key in ARCHIVE_FLOORS}
    assert {k: v for k, v in rates.items() if v < ARCHIVE_FLOORS[k]} == {}
    noise = tallies["noise"]
    assert (noise.total - noise.hits) <= NOISE_CEILING * noise.total, noise.misses
    assert tallies["quotes_wrong"].total <= WRONG_QUOTES_CEILING, tallies["quotes_wrong"].misses
    assert tallies["offstory_topics"].total == 0, tallies["offstory_topics"].misses
