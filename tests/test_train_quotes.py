"""scripts/train_quotes.py (issue 25 item 2): the reported-speech model measured against the
quote rules.  Its gold labels come from real dev pages, and training is deterministic (the
measurement in docs/quotes.md can be rerun to the same figures)."""

import importlib.util
import sys
from pathlib import Path

import pytest
from support.corpus import load_half

ROOT = Path(__file__).resolve().parent.parent
_SPEC = importlib.util.spec_from_file_location("train_quotes", ROOT / "scripts" / "train_quotes.py")
train_quotes = importlib.util.module_from_spec(_SPEC)
sys.modules[_SPEC.name] = train_quotes  # its dataclasses look their module up
_SPEC.loader.exec_module(train_quotes)

PAGE = "dev5-writers-strike-2023-irish-independent"


@pytest.mark.parametrize(
    ("fragment", "text", "found"),
    [
        ("it is 'fully committed' to the inquiry", "it is ‘fully committed’ to the inquiry", True),
        ('the deal was "a step forward"', "the deal was “a step\nforward”", True),
        ("the union had prevailed", "the union   had prevailed", True),
        ("the union had prevailed", "the union has prevailed", False),
        ("costs (in dollars) rose", "costs (in dollars) rose", True),
    ],
)
def test_gold_fragments_are_found_with_loose_marks_and_space(fragment, text, found):
    assert bool(train_quotes.fragment_pattern(fragment).search(text)) is found


@pytest.mark.parametrize(
    ("speaker", "words"),
    [
        ("Meredith Stiehm", {"meredith", "stiehm"}),
        (
            "Alliance of Motion Picture and Television Producers",
            {"alliance", "motion", "picture", "television", "producers"},
        ),
        ("unnamed", set()),
    ],
)
def test_name_words_of_a_gold_speaker(speaker, words):
    assert train_quotes.name_words(speaker) == words


@pytest.fixture(scope="module")
def page():
    (found,) = train_quotes.read_pages([p for p in load_half("dev") if p.name == PAGE])
    return found


def test_gold_labels_mark_the_speaker_and_the_reported_words(page):
    verbs = train_quotes.actors.load_actor_rules().report_verbs
    items = train_quotes.page_items(page, verbs)
    labels = train_quotes.gold_labels(page, items)
    starts, ends = page.annotation["tok_start"], page.annotation["tok_end"]
    by_word: dict[str, set[str]] = {}
    for (_s, _e, tokens, features), row in zip(items, labels, strict=True):
        assert len(features) == len(row) == len(tokens)
        for k, label in zip(tokens, row, strict=True):
            by_word.setdefault(page.text[starts[k] : ends[k]], set()).add(label)
    assert "SRC" in by_word["Stiehm"]  # "Meredith Stiehm …said the union had prevailed …"
    assert "IN" in by_word["prevailed"]
    assert by_word["Netflix"] == {"O"}  # named in a relative clause, not the speaker


def test_training_twice_gives_identical_bytes(page, tmp_path):
    verbs = train_quotes.actors.load_actor_rules().report_verbs
    data = train_quotes.examples([page], verbs)
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    train_quotes.train(data, first)
    train_quotes.train(data, second)
    assert first.read_bytes() == second.read_bytes()
