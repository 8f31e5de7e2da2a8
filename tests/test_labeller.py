"""The trained line labeller (text/labeller.py): it retrains byte for byte, its model is part of
the code fingerprint, the rules alone can be asked for, and it reads real corpus pages."""

import io
import json
import shutil
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive import code_fingerprint
from pelican.plugins.explainer_archive.text import labeller
from pelican.plugins.explainer_archive.text.clean import clean_article, page_units
from support import corpus, labeller_training

ROOT = Path(__file__).resolve().parent.parent

DEV = ROOT / "tests" / "corpus" / "dev"
SHIPPED = ROOT / "plugins" / "explainer_archive" / "data" / labeller.MODEL_FILE.name


def test_retraining_gives_the_shipped_model_byte_for_byte(tmp_path):
    """scripts/train_cleaner.py on the dev half writes exactly the model in the package (run it
    after changing a rule, a feature or the dev corpus, and commit the new model)."""
    retrained = tmp_path / "model.crfsuite"
    pages = corpus.load_half(labeller_training.TRAIN_HALF)
    labeller_training.train(labeller_training.examples(pages), retrained)
    assert retrained.read_bytes() == SHIPPED.read_bytes(), "run scripts/train_cleaner.py"


def test_training_twice_gives_identical_bytes(tmp_path):
    pages = corpus.load_half("dev")[:12]
    first, second = tmp_path / "a.crfsuite", tmp_path / "b.crfsuite"
    labeller_training.train(labeller_training.examples(pages), first)
    labeller_training.train(labeller_training.examples(list(reversed(pages))[::-1]), second)
    assert first.read_bytes() == second.read_bytes()


def test_the_model_is_part_of_the_code_fingerprint(tmp_path):
    package = tmp_path / "package"
    shutil.copytree(SHIPPED.parent.parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_fingerprint(package)
    model = package / "data" / SHIPPED.name
    model.write_bytes(model.read_bytes() + b"\0")
    assert code_fingerprint(package) != before


# Units of one dev page and the gold label of each (the table the model learns from).
GOLD_UNITS = [
    ("cop28-bloomberg-style", "Save", "chrome"),
    ("cop28-bloomberg-style", "By Priya Natarajan and Daniel Weber", "byline"),
    ("cop28-bloomberg-style", "Dec. 13, 2023, 6:02 AM ET", "date"),
    ("cop28-bloomberg-style", "Photographer: Christopher Furlong/Getty Images", "credit"),
    ("cop28-bloomberg-style", "Most Read", "chrome"),
]


@pytest.mark.parametrize(("page", "text", "label"), GOLD_UNITS)
def test_gold_labels_of_units(page, text, label):
    gold = json.loads((DEV / f"{page}.json").read_text(encoding="utf-8"))
    units, items = page_units((DEV / f"{page}.txt").read_bytes())
    labels = labeller_training.gold_labels(units, gold["lines"])
    assert len(items) == len(units)
    assert labels[[u.text for u in units].index(text)] == label


def test_features_hold_shape_grammar_position_and_neighbours():
    units, items = page_units((DEV / "cop28-bloomberg-style.txt").read_bytes())
    byline = items[[u.text for u in units].index("By Priya Natarajan and Daniel Weber")]
    assert "by" in byline and "byline-grammar" in byline and "k=byline" in byline
    assert "inside" in byline and "top=3" in byline  # the byline sits in the first paragraphs
    assert "1:k=chrome" in byline and "-1:k=date" in byline  # "Save" under it, the date above


# Real pages where the labeller, trained on dev, overrules the rules (in-sample: these pages
# are in its training data; the cross-validated figures are in docs/cleaning.md).
def _read(name: str, line_model: bool):
    return clean_article((DEV / f"{name}.txt").read_bytes(), source=name, line_model=line_model)


def test_rules_alone_and_labeller_on_a_page_without_a_headline():
    gold = json.loads((DEV / "ukvote-politico-europe.json").read_text(encoding="utf-8"))
    assert gold["title"] is None
    assert not _read("ukvote-politico-europe", line_model=False).title_generated
    assert _read("ukvote-politico-europe", line_model=True).title_generated


SMALL_PAGES = [
    "A headline about the council budget\n\nThe council met on Monday and approved the budget "
    "for next year.\n\nSign up for our newsletter\n\nThe mayor said the vote was a relief.",
    "Council approves budget\n\nBy Jane Doe\n\nUpdated: June 11, 2024\n\nBody text.",
]


@pytest.mark.parametrize("raw", SMALL_PAGES)
def test_a_page_of_a_few_lines_is_left_to_the_rules(raw):
    assert clean_article(raw) == clean_article(raw, line_model=False)


def test_misses_of_the_sealed_half_are_never_printed():
    tally = corpus.Tally()
    tally.add(False, "sealed-page: lost 'a line of a sealed page'")
    results = {
        "dev": {"pages": 1, "tallies": {"body": corpus.Tally(1, 1)}},
        "sealed": {"pages": 1, "tallies": {"body": tally}},
        "sealed (rules alone)": {"pages": 1, "tallies": {"body": tally}},
    }
    out = io.StringIO()
    with redirect_stdout(out):
        corpus.print_misses(results)
    assert "a line of a sealed page" not in out.getvalue()
    assert "totals only" in out.getvalue()
