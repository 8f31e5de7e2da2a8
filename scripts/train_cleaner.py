"""Train the cleaner's line labeller on the dev half of the corpus, byte for byte.

    .venv/bin/python scripts/train_cleaner.py            # writes the package's model file
    .venv/bin/python scripts/train_cleaner.py --cv       # grouped cross-validation on dev:
                                                         # the labeller against the rules alone

The model (plugins/explainer_archive/data/line_labeller.crfsuite) is a linear-chain CRF
(CRFsuite, L-BFGS) over each page's units; see docs/cleaning.md. Training reads the dev pages
in name order with a fixed set of parameters and no randomness, so the same corpus and code give
the same bytes. The sealed half is never read.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))  # the corpus and its scoring: tests/support/

import evaluate  # noqa: E402  (the report table)
from support.corpus import load_half, print_misses, score_text  # noqa: E402
from support.labeller_training import (  # noqa: E402
    MODEL_FILE,
    TRAIN_HALF,
    cross_validate,
    examples,
    train,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    parser.add_argument("--cv", action="store_true", help="cross-validate on dev, write nothing")
    parser.add_argument("--misses", action="store_true", help="with --cv: list the misses")
    parser.add_argument("--limit", type=int, help="train on the first N dev pages only")
    args = parser.parse_args(argv)
    pages = load_half(TRAIN_HALF)[: args.limit]
    if args.cv:
        results = {
            "dev, labeller (cross-validated)": {
                "pages": len(pages),
                "tallies": cross_validate(pages),
            },
            "dev, rules alone": {
                "pages": len(pages),
                "tallies": score_text(pages, line_model=False),
            },
        }
        print(evaluate.table(results))
        if args.misses:
            print_misses(results)
        return 0
    train(examples(pages), args.output)
    print(f"wrote {args.output} ({args.output.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
