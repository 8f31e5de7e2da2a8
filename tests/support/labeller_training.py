"""Training data and training of the cleaner's line labeller (scripts/train_cleaner.py and the
tests use it): the gold label of each unit of a dev page, the CRF trainer with fixed parameters,
and grouped cross-validation by outlet. The sealed half is never read."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pycrfsuite
from pelican.plugins.explainer_archive.text import clean, furniture, labeller

from .corpus import TEXT_TALLIES, Tally, score_text

ROOT = Path(__file__).resolve().parent.parent.parent
TRAIN_HALF = "dev"
# The package's model file in the checkout (an editable install links to it).
MODEL_FILE = ROOT / "plugins" / "explainer_archive" / "data" / labeller.MODEL_FILE.name
# L-BFGS with elastic-net regularisation; fixed so that retraining gives the same bytes.
PARAMS = {
    "c1": 0.5,
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
FOLDS = 5


def unit_key(text: str) -> str:
    """A line as the cleaner sees it: white space folded, mojibake repaired."""
    return clean._repair_joined(" ".join(text.split()))


def gold_labels(units, gold_lines: dict[str, list[str]]) -> list[str]:
    """The gold label of each unit: the label of the raw line it is (or that opens it, for a
    unit joined from several lines); a unit the gold does not name keeps the rules' role."""
    table: dict[str, str] = {}
    for label in sorted(gold_lines):
        for line in gold_lines[label]:
            table.setdefault(unit_key(line), label if label in labeller.LABELS else "chrome")
    by_length = sorted(table, key=len, reverse=True)
    labels = []
    for unit in units:
        found = table.get(unit.text)
        if found is None:
            opening = next((line for line in by_length if unit.text.startswith(line + " ")), None)
            found = table[opening] if opening else labeller.KIND_LABELS.get(unit.kind, "body")
        labels.append(found)
    return labels


def examples(pages) -> list[tuple[list[list[str]], list[str]]]:
    """(features, gold labels) of every page, in the pages' order: each page twice, once alone
    and once with the furniture evidence of the pages as one archive (text/furniture.py), so
    that the model reads a page with and without an archive around it."""
    raws = [page.raw.read_bytes() for page in pages]
    evidence = furniture.archive_furniture(raws)
    found = []
    for page, raw, lines in zip(pages, raws, evidence, strict=True):
        for known in ((), lines):
            units, items = clean.page_units(raw, known)
            if units:
                found.append((items, gold_labels(units, page.gold["lines"])))
    return found


def train(data, path: Path, params: dict = PARAMS) -> None:
    """A CRFsuite model of the (items, labels) sequences, written to path: fixed parameters and
    no randomness, so the same data gives the same bytes (the line labeller's, by default)."""
    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    trainer.set_params(params)
    for items, labels in data:
        trainer.append(items, labels)
    trainer.train(str(path))


def outlet_key(page) -> str:
    """The outlet a page's layout models, for grouping: the first two words of its gold
    outlet (so "wire service (AP style)" and "wire service (Reuters style)" are one group)."""
    words = [w for w in re.findall(r"[a-z0-9]+", page.gold.get("outlet", "").casefold())]
    words = [w for w in words if w != "the"]
    return " ".join(words[:2]) or page.name


def folds(pages, count: int = FOLDS) -> list[list]:
    """Pages split into folds by outlet: every page of an outlet in one fold, the largest
    outlets placed first, each into the smallest fold so far (ties to the first)."""
    groups: dict[str, list] = {}
    for page in pages:
        groups.setdefault(outlet_key(page), []).append(page)
    split: list[list] = [[] for _ in range(count)]
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        smallest = min(range(count), key=lambda i: (len(split[i]), i))
        split[smallest].extend(groups[key])
    return split


def cross_validate(pages) -> dict[str, Tally]:
    """The labeller's text figures on dev, each fold cleaned by a model trained on the others."""
    total = {k: Tally() for k in TEXT_TALLIES}
    split = folds(pages)
    with tempfile.TemporaryDirectory(prefix="train-cleaner-") as tmp:
        for number, held_out in enumerate(split):
            names = {p.name for p in held_out}
            model = Path(tmp) / f"fold{number}.crfsuite"
            train(examples([p for p in pages if p.name not in names]), model)
            for key, tally in score_text(held_out, line_model=model).items():
                total[key].hits += tally.hits
                total[key].total += tally.total
                total[key].misses += tally.misses
    return total
