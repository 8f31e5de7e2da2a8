"""Measure what each spaCy component costs, to choose components by what the outputs need.

Usage (from the checkout; not part of the test suite):

    .venv/bin/python scripts/components.py              # prints the table, updates BENCHMARKS.md
    .venv/bin/python scripts/components.py --no-write   # prints only

Texts: the gold body lines of every page of the evaluation corpus (tests/corpus/*/), each
page one text, repeated --repeat times.  Each configuration runs `nlp.pipe` in this one
process (batch 32), after a warm-up, alternately, --rounds times; the best round counts.
The plugin's configuration includes turning each Doc into the plugin's plain data
(`annotate.doc_to_data`, where the memoised lemmas are computed), starting from an empty
memo each round, so its figure is what an article really costs.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BEGIN = "<!-- components: begin (scripts/components.py) -->"
END = "<!-- components: end -->"

ALL = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")


def corpus_texts(repeat: int) -> list[str]:
    pages = sorted((ROOT / "tests" / "corpus").glob("*/*.json"))
    texts = []
    for page in pages:
        gold = json.loads(page.read_text(encoding="utf-8"))
        body = gold.get("lines", {}).get("body") or []
        if body:
            texts.append("\n\n".join(body))
    return texts * repeat


def configurations(model: str):
    """(label, what it is for, loader) of each configuration measured."""
    import spacy
    from pelican.plugins.explainer_archive import annotate

    def keep(*names, sentencizer=False, enable=()):
        def load():
            nlp = spacy.load(model, exclude=[n for n in ALL if n not in names])
            for name in enable:
                nlp.enable_pipe(name)
            if sentencizer:
                nlp.add_pipe("sentencizer")
            return nlp

        return load

    def plugin():
        annotate._PIPELINES.clear()
        annotate._LEMMATIZERS.clear()
        return annotate.load_pipeline(model)

    return [
        ("default pipeline", "the model as shipped", lambda: spacy.load(model)),
        (
            "previous plugin pipeline",
            "tok2vec, tagger, senter, attribute_ruler, lemmatizer, ner",
            keep(
                "tok2vec",
                "tagger",
                "senter",
                "attribute_ruler",
                "lemmatizer",
                "ner",
                enable=("senter",),
            ),
        ),
        (
            "tagger + lemmas + ner + sentencizer",
            "the lemma components run over every token",
            keep("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "ner", sentencizer=True),
        ),
        (
            "plugin pipeline (with doc_to_data)",
            "tok2vec, tagger, ner, sentencizer; memoised lemmas",
            plugin,
        ),
        (
            "tagger + ner + sentencizer",
            "no lemmas at all",
            keep("tok2vec", "tagger", "ner", sentencizer=True),
        ),
        ("ner + sentencizer", "no tags, no lemmas", keep("ner", sentencizer=True)),
        ("ner alone", "the floor: actors need it", keep("ner")),
    ]


def measure(texts: list[str], rounds: int) -> list[dict]:
    from pelican.plugins.explainer_archive import annotate

    model = annotate.resolve_model_name(None)
    words = sum(len(re.findall(r"\w+", t)) for t in texts)
    loaded = []
    for label, note, load in configurations(model):
        nlp = load()
        with_data = label.startswith("plugin")
        list(nlp.pipe(texts[:8]))
        loaded.append((label, note, nlp, with_data))
    best: dict[str, float] = {}
    for _ in range(rounds):
        for label, _, nlp, with_data in loaded:
            if with_data:
                lemmatizer = annotate.lemmatizer_for(nlp.vocab)
                lemmatizer.memo.clear()
            started = time.perf_counter()
            for doc in nlp.pipe(texts, batch_size=32):
                if with_data:
                    annotate.doc_to_data(doc)
            seconds = time.perf_counter() - started
            best[label] = min(best.get(label, seconds), seconds)
    rows = []
    for label, note, nlp, _ in loaded:
        rows.append(
            {
                "label": label,
                "note": note,
                "components": nlp.pipe_names,
                "seconds": best[label],
                "words_per_s": words / best[label],
            }
        )
    return rows


def table(rows: list[dict], texts: int, rounds: int) -> str:
    base = next(r for r in rows if r["label"] == "previous plugin pipeline")["words_per_s"]
    ner = next(r for r in rows if r["label"] == "ner alone")["words_per_s"]
    lines = [
        f"Command: `.venv/bin/python scripts/components.py`; {texts} texts (the corpus' gold "
        f"bodies), one process, batch 32, best of {rounds} alternating rounds.",
        "",
        "| configuration | components | words/s | × previous | ÷ ner alone |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['label']} ({r['note']}) | {', '.join(r['components'])} "
            f"| {r['words_per_s']:,.0f} | {r['words_per_s'] / base:.2f} "
            f"| {ner / r['words_per_s']:.2f} |"
        )
    return "\n".join(lines)


def write(text: str) -> None:
    """Replace the block between the markers in BENCHMARKS.md (benchmark.py's helper)."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from benchmark import update_md

    update_md(f"{BEGIN}\n{text}\n{END}\n", BEGIN, END)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    texts = corpus_texts(args.repeat)
    text = table(measure(texts, args.rounds), len(texts), args.rounds)
    print(text)
    if not args.no_write:
        write(text)


if __name__ == "__main__":
    main()
