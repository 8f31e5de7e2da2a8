"""Train a CRF for reported speech on the dev pages and measure it against the rules.

    .venv/bin/python scripts/train_quotes.py --cv                # grouped cross-validation
    .venv/bin/python scripts/train_quotes.py --output m.crfsuite # train on every dev page
    .venv/bin/python scripts/train_quotes.py --cost 1000         # inference cost, synth.py
    .venv/bin/python scripts/train_quotes.py --unseen 6c35960    # dev5, rules not tuned on it

Issue 25 item 2: indirect speech ("Blinken said Israel had agreed to …") is attributed by the
tag-and-lemma rules of derive/quotes.py; this script measures a trained model against them.

The model is a linear-chain CRF (CRFsuite, L-BFGS, fixed parameters, no randomness: the same
pages give the same bytes) over the tokens of each sentence of the build's one spaCy pass
(tags, lemmas, the actor mentions of derive/actors.py; no parser).  Its labels come from the
dev gold quotes (tests/corpus/README.md): ``IN`` for the tokens of an indirect or mixed gold
fragment, ``SRC`` for the tokens of the sentence that spell the gold speaker's name, ``O``
for the rest.  A sentence is reported speech when the model labels any of its tokens ``IN``
or ``SRC``; its speaker is the one actor whose mention holds the ``SRC`` tokens.

``--cv`` splits the dev pages into five folds by outlet (support.labeller_training.folds,
the line labeller's split): each fold is read by a model trained on the other four and
scored with the scorer of scripts/evaluate.py (support.corpus.score_quote_kinds), for these
variants of the indirect quotes (direct and mixed quotes are the rules' in all of them):

* rules: derive/quotes.py as the build runs it;
* model: the model's reported sentences with their ``SRC`` speaker, no rules;
* rules | model: the rules, plus the model's sentences the rules report nothing in;
* rules & model: the rules' indirect quotes the model also reads as reported speech;
* rules & model, same speaker: and whose speaker the model does not give to another actor;
* rules & model p>=T: the rules' indirect quotes whose most likely non-``O`` token has a
  marginal probability of at least T.

``--unseen COMMIT`` measures the same variants where the rules have not seen the pages: the
dev5 pages (10 outlets in no other dev page) read by the package as it was at COMMIT (6c35960:
dev5 had landed, no quote rule was yet tuned on it; "dev5 before tuning" in docs/quotes.md),
the model trained on the other dev pages.

The pages are read per page, not built as one site, so a speaker's names are its mention's
name and the surfaces of the article's mentions of it (the build adds the aliases of the
actor merged across pages): the rules' figures differ a little from scripts/evaluate.py's.
The sealed half is never read.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pycrfsuite

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))  # the corpus and its scoring: tests/support/

import evaluate  # noqa: E402  (the report table)
from pelican.plugins.explainer_archive import annotate  # noqa: E402
from pelican.plugins.explainer_archive.derive import actors, quotes  # noqa: E402
from pelican.plugins.explainer_archive.derive.actors import Quote  # noqa: E402
from support import labeller_training  # noqa: E402
from support.corpus import (  # noqa: E402
    SaidQuote,
    actor_key,
    load_half,
    norm,
    read_page,
    score_quote_kinds,
)
from support.labeller_training import folds  # noqa: E402

TRAIN_HALF = "dev"
LABELS = ("O", "IN", "SRC")
REPORTED_KINDS = ("indirect", "mixed")
# L-BFGS with elastic-net regularisation, as the line labeller; fixed for byte-identical
# retraining.
PARAMS = {
    "c1": 0.1,
    "c2": 0.05,
    "max_iterations": 150,
    "feature.possible_transitions": True,
    "feature.minfreq": 2,
}
THRESHOLDS = (0.3, 0.5, 0.7, 0.9)
_MARKS = '“”"„«»'
_NAME_STOPWORDS = {"of", "the", "and", "for", "de", "al", "el", "la", "du", "von", "van"}


# ---------------------------------------------------------------------------
# One page as the build reads it
# ---------------------------------------------------------------------------


@dataclass
class ReadPage:
    """One page's annotated body text, its mentions, the rules' quotes and its gold."""

    name: str
    text: str
    annotation: dict
    mentions: list
    rule_quotes: list[Quote]
    gold: dict


def read_pages(pages, cache: Path | None = None) -> list[ReadPage]:
    """Each page cleaned, annotated and attributed as the build does it per article
    (derive/article.py: find_mentions, then find_quotes)."""
    rules = actors.load_actor_rules()
    cleaned = [read_page(page)[0] for page in pages]
    texts = [annotate.annotation_text(c.body_text) for c in cleaned]
    store = annotate.AnnotationCache(cache) if cache else None
    annotations, _ = annotate.annotate_texts(texts, cache=store)
    if store:
        store.close()
    found = []
    for page, article, text, annotation in zip(pages, cleaned, texts, annotations, strict=True):
        said = actors.find_mentions(page.name, text, annotation, rules, title=article.title)
        rule_quotes = quotes.find_quotes(text, annotation, said.mentions, rules, said.quotes)
        found.append(ReadPage(page.name, text, annotation, said.mentions, rule_quotes, page.gold))
    return found


def sentence_tokens(annotation: dict) -> list[tuple[int, int, range]]:
    """(start, end, token indexes) of each sentence."""
    starts = annotation["tok_start"]
    found = []
    for s, e in annotation["sents"]:
        found.append((s, e, range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e))))
    return found


# ---------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------


def _shape(word: str) -> str:
    if word.isdigit():
        return "d"
    if word[:1].isupper():
        return "X" if word.isupper() and len(word) > 1 else "Xx"
    if word[:1].isalpha():
        return "x"
    return "p"


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    return str(next((i for i, edge in enumerate(edges) if value <= edge), len(edges)))


def mention_tags(text: str, annotation: dict, mentions) -> list[str]:
    """Per token, the kind of the actor mention holding it ("" when none)."""
    starts, ends = annotation["tok_start"], annotation["tok_end"]
    kinds = [""] * len(starts)
    for m in mentions:
        for k in range(bisect.bisect_left(starts, m.start), bisect.bisect_left(starts, m.end)):
            if ends[k] <= m.end:
                kinds[k] = m.kind
    return kinds


def sentence_features(
    text: str, annotation: dict, tokens: range, kinds: list[str], verbs: frozenset
) -> list[list[str]]:
    """The features of each token of one sentence: its word, lemma, tag and shape, whether
    it is a report verb or in an actor mention, its place, whether it is inside quotation
    marks, the same of its neighbours, and what the sentence holds."""
    starts, ends = annotation["tok_start"], annotation["tok_end"]
    tags, lemmas = annotation["tag"], annotation["lemma"]
    words = [text[starts[k] : ends[k]] for k in tokens]
    ks = list(tokens)
    n = len(ks)
    report = [lemmas[k] in verbs and tags[k].startswith("VB") for k in ks]
    quoted, inside = [], False
    for w in words:
        if w in _MARKS or w in ("``", "''"):
            inside = not inside if w in ('"', "``", "''") else w in "“„«"
        quoted.append(inside)
    lowered = [w.casefold() for w in words]
    sentence = ["s.report=" + str(any(report))]
    sentence.append("s.marks=" + str(any(w in _MARKS for w in words)))
    sentence.append("s.according=" + str("according" in lowered))
    sentence.append("s.len=" + _bucket(n, (5, 10, 20, 35, 60)))
    sentence.extend(sorted({"s.kind=" + kinds[k] for k in ks if kinds[k]}))
    found = []
    for i, k in enumerate(ks):
        f = [
            "bias",
            "w=" + lowered[i],
            "l=" + lemmas[k],
            "t=" + tags[k],
            "sh=" + _shape(words[i]),
            "m=" + kinds[k],
            "rv=" + str(report[i]),
            "q=" + str(quoted[i]),
            "pos=" + _bucket(i, (0, 1, 3, 6, 12, 25)),
            "left=" + _bucket(n - 1 - i, (0, 1, 3, 6, 12, 25)),
        ]
        before = [j for j in range(max(0, i - 6), i) if report[j]]
        after = [j for j in range(i + 1, min(n, i + 7)) if report[j]]
        f.append("rv.before=" + (str(i - before[-1]) if before else "no"))
        f.append("rv.after=" + (str(after[0] - i) if after else "no"))
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                kj = ks[j]
                f += [f"{d}:l=" + lemmas[kj], f"{d}:t=" + tags[kj], f"{d}:m=" + kinds[kj]]
            else:
                f.append(f"{d}:edge")
        f.append("l|+1=" + lemmas[k] + "|" + (lemmas[ks[i + 1]] if i + 1 < n else "$"))
        found.append(f + sentence)
    return found


def page_items(page: ReadPage, verbs: frozenset) -> list[tuple[int, int, range, list]]:
    """(start, end, tokens, features) of each sentence of a page that has a word."""
    kinds = mention_tags(page.text, page.annotation, page.mentions)
    found = []
    for s, e, tokens in sentence_tokens(page.annotation):
        if len(tokens):
            found.append(
                (s, e, tokens, sentence_features(page.text, page.annotation, tokens, kinds, verbs))
            )
    return found


# ---------------------------------------------------------------------------
# Gold labels
# ---------------------------------------------------------------------------


def fragment_pattern(fragment: str) -> re.Pattern:
    """A gold fragment as a pattern over the body text: white space and quotation marks
    loose (support.corpus.norm's folding)."""
    parts = []
    for word in norm(fragment).split():
        parts.append(
            "".join('["“”„]' if c == '"' else "['’‘]" if c == "'" else re.escape(c) for c in word)
        )
    return re.compile(r"\s+".join(parts))


def name_words(speaker: str) -> set[str]:
    """The words of a gold speaker's name that mark its tokens ("Antony Blinken": antony,
    blinken)."""
    if speaker == "unnamed":
        return set()
    return {w for w in actor_key(speaker).split() if len(w) > 1 and w not in _NAME_STOPWORDS}


def gold_labels(page: ReadPage, items) -> list[list[str]]:
    """The label of every token of every sentence (items: page_items)."""
    starts, ends = page.annotation["tok_start"], page.annotation["tok_end"]
    labels = {k: "O" for _s, _e, tokens, _f in items for k in tokens}
    sentence_of = [s for s, _e, _t, _f in items]
    for g in page.gold.get("quotes", []):
        if g.get("kind", "direct") not in REPORTED_KINDS:
            continue
        names = name_words(g["speaker"])
        for m in fragment_pattern(g["text"]).finditer(page.text):
            first = max(0, bisect.bisect_right(sentence_of, m.start()) - 1)
            last = max(0, bisect.bisect_right(sentence_of, m.end() - 1) - 1)
            for _s, _e, tokens, _f in items[first : last + 1]:
                for k in tokens:
                    if m.start() <= starts[k] < m.end():
                        labels[k] = "IN"
                    word = actor_key(page.text[starts[k] : ends[k]])
                    if word in names and not page.text[starts[k] : ends[k]].islower():
                        labels[k] = "SRC"
    return [[labels[k] for k in tokens] for _s, _e, tokens, _f in items]


def examples(pages: list[ReadPage], verbs: frozenset) -> list[tuple[list, list[str]]]:
    """(features, gold labels) of every sentence of the pages, in order."""
    found = []
    for page in pages:
        items = page_items(page, verbs)
        for (_s, _e, _t, features), labels in zip(items, gold_labels(page, items), strict=True):
            found.append((features, labels))
    return found


def train(data, path: Path) -> None:
    """The reported-speech CRF of the (features, labels) sentences, written to path."""
    labeller_training.train(data, path, PARAMS)


# ---------------------------------------------------------------------------
# Reading a page with the model
# ---------------------------------------------------------------------------


@dataclass
class Reading:
    """The model's reading of one sentence."""

    start: int
    end: int
    tokens: range
    labels: list[str]
    score: float  # the highest marginal probability of a label other than O


def read_sentences(page: ReadPage, tagger: pycrfsuite.Tagger, verbs: frozenset) -> list[Reading]:
    found = []
    for s, e, tokens, features in page_items(page, verbs):
        tagger.set(features)
        labels = tagger.tag()
        score = max(1.0 - tagger.marginal("O", i) for i in range(len(labels)))
        found.append(Reading(s, e, tokens, labels, score))
    return found


def model_speakers(page: ReadPage, reading: Reading) -> set[int]:
    """The mentions holding a token the model labels SRC."""
    starts = page.annotation["tok_start"]
    at = [
        starts[k] for k, label in zip(reading.tokens, reading.labels, strict=True) if label == "SRC"
    ]
    return {i for i, m in enumerate(page.mentions) if any(m.start <= a < m.end for a in at)}


def model_quotes(page: ReadPage, readings: list[Reading]) -> list[Quote]:
    """The model alone: each sentence without quotation marks that it reads as reported
    speech, given to the one actor its SRC tokens name (never to a pronoun or a guess)."""
    found = []
    for r in readings:
        if all(label == "O" for label in r.labels):
            continue
        sentence = page.text[r.start : r.end]
        if any(c in _MARKS for c in sentence):
            continue
        names = {page.mentions[i].name: i for i in sorted(model_speakers(page, r))}
        if len(names) != 1:
            continue
        (speaker,) = names.values()
        found.append(
            Quote(" ".join(sentence.split()), r.start, r.end, speaker, "model", "indirect")
        )
    return found


def _span_readings(readings: list[Reading], q: Quote) -> list[Reading]:
    return [r for r in readings if r.start < q.end and q.start < r.end]


def variants(page: ReadPage, readings: list[Reading]) -> dict[str, list[Quote]]:
    """The page's quotes under each variant (the module docstring)."""
    rules = page.rule_quotes
    kept = [q for q in rules if q.kind != "indirect"]
    indirect = [q for q in rules if q.kind == "indirect"]
    alone = model_quotes(page, readings)

    def agrees(q: Quote) -> bool:
        return any(any(label != "O" for label in r.labels) for r in _span_readings(readings, q))

    def same_speaker(q: Quote) -> bool:
        named = set()
        for r in _span_readings(readings, q):
            named |= {page.mentions[i].name for i in model_speakers(page, r)}
        if not named:
            return True
        return q.speaker >= 0 and page.mentions[q.speaker].name in named

    def likely(q: Quote, threshold: float) -> bool:
        return any(r.score >= threshold for r in _span_readings(readings, q))

    covered = [(q.start, q.end) for q in rules]
    added = [q for q in alone if not any(s < q.end and q.start < e for s, e in covered)]
    found = {
        "rules": rules,
        "model": kept + alone,
        "rules | model": rules + added,
        "rules & model": kept + [q for q in indirect if agrees(q)],
        "rules & model, same speaker": kept
        + [q for q in indirect if agrees(q) and same_speaker(q)],
    }
    for t in THRESHOLDS:
        found[f"rules & model p>={t}"] = kept + [q for q in indirect if likely(q, t)]
    return found


def said_quotes(page: ReadPage, found: list[Quote]) -> list[SaidQuote]:
    """The quotes as the scorer reads them: a speaker's keys are its mention's name and the
    surfaces of the page's mentions with that name."""
    out = []
    for q in found:
        keys: frozenset = frozenset()
        if q.speaker >= 0:
            name = page.mentions[q.speaker].name
            keys = frozenset(
                actor_key(x) for m in page.mentions if m.name == name for x in (m.name, m.surface)
            )
        out.append(SaidQuote(norm(q.text), keys, q.kind))
    return out


# ---------------------------------------------------------------------------
# Cross-validation
# ---------------------------------------------------------------------------


def cross_validate(pages, cache: Path | None = None) -> dict[str, dict]:
    """Each variant's quote tallies on dev, each fold read by a model trained on the others."""
    verbs = actors.load_actor_rules().report_verbs
    read = {p.name: p for p in read_pages(pages, cache)}
    said: dict[str, dict[str, list[SaidQuote]]] = {}
    with tempfile.TemporaryDirectory(prefix="train-quotes-") as tmp:
        for number, held_out in enumerate(folds(pages)):
            names = {p.name for p in held_out}
            model = Path(tmp) / f"fold{number}.crfsuite"
            train(examples([read[p.name] for p in pages if p.name not in names], verbs), model)
            read_with_model([read[p.name] for p in held_out], model, verbs, said)
    return variant_tallies(pages, said)


def read_with_model(read: list[ReadPage], model: Path, verbs: frozenset, said: dict) -> None:
    """Each read page's quotes under every variant, its sentences read by the model at
    `model`: into said[variant][page name]."""
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    try:
        for r in read:
            for variant, found in variants(r, read_sentences(r, tagger, verbs)).items():
                said.setdefault(variant, {})[r.name] = said_quotes(r, found)
    finally:
        tagger.close()


def variant_tallies(pages, said: dict[str, dict[str, list[SaidQuote]]]) -> dict[str, dict]:
    """Each variant's quote tallies over the pages."""
    by_source = {p.name: {"slug": p.name} for p in pages}
    return {
        variant: {"pages": len(pages), "tallies": score_quote_kinds(pages, by_source, found)}
        for variant, found in said.items()
    }


INDIRECT_ROWS = [
    ("recall, indirect", "quote_recall_indirect", evaluate.pct),
    ("precision, indirect", "quote_precision_indirect", evaluate.pct),
    ("quotes given to a wrong named speaker", "quote_wrong_speaker", evaluate.count),
    ("unnamed sources given to a named actor", "quote_unnamed_to_named", evaluate.count),
    ("recall, direct + mixed", "quote_recall_direct_mixed", evaluate.pct),
    ("precision, direct + mixed", "quote_precision_direct_mixed", evaluate.pct),
]


def variant_table(results: dict[str, dict]) -> str:
    """One row per variant, one column per measure."""
    head = "| variant | " + " | ".join(label for label, _k, _f in INDIRECT_ROWS) + " |"
    lines = [head, "| --- |" + " --- |" * len(INDIRECT_ROWS)]
    for variant, r in results.items():
        cells = [fmt(r["tallies"].get(key)) for _l, key, fmt in INDIRECT_ROWS]
        lines.append(f"| {variant} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Cost
# ---------------------------------------------------------------------------


def cost(n: int, model: Path) -> str:
    """CPU seconds of the model's reading (features + tagging every sentence) of n synthetic
    articles (scripts/synth.py, as scripts/benchmark_quotes.py), against the annotation
    stage (spaCy + the per-article derivation with the rules)."""
    import benchmark_quotes  # scripts/: the synthetic articles and the derivation timing

    articles = benchmark_quotes.synthetic_articles(n)
    texts = [a.annotated_text for a in articles]
    annotate.load_pipeline(annotate.resolve_model_name(None))
    started = time.process_time()
    annotations, _ = annotate.annotate_texts(texts)
    spacy_seconds = time.process_time() - started
    derivation = benchmark_quotes.derivation_seconds(articles, annotations, quotes.find_quotes)
    rules = actors.load_actor_rules()
    pages = []
    for a, text, annotation in zip(articles, texts, annotations, strict=True):
        said = actors.find_mentions(a.key, text, annotation, rules, title=a.title)
        pages.append(ReadPage(a.key, text, annotation, said.mentions, said.quotes, {}))
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    best = float("inf")
    for _ in range(2):
        started = time.process_time()
        for page in pages:
            read_sentences(page, tagger, rules.report_verbs)
        best = min(best, time.process_time() - started)
    stage = spacy_seconds + derivation
    return (
        f"N={n}: spaCy {spacy_seconds:.1f} s, derivation {derivation:.1f} s "
        f"(annotation stage {stage:.1f} s); the model's reading {best:.1f} s "
        f"(+{100 * best / stage:.1f} % of the stage)"
    )


# ---------------------------------------------------------------------------
# Pages the rules have not seen: the rules of an earlier commit on dev5
# ---------------------------------------------------------------------------

UNSEEN_PREFIX = "dev5-"
# Run in a child process with the package of an earlier commit (from `git archive`): each
# page's text, annotation, mentions and rule quotes as JSON.
_READ_WITH_OLD_PACKAGE = """
import importlib.util, json, sys
from dataclasses import asdict
root, out, raws = sys.argv[1], sys.argv[2], sys.argv[3:]
name = "pelican.plugins.explainer_archive"
spec = importlib.util.spec_from_file_location(
    name, root + "/__init__.py", submodule_search_locations=[root])
package = importlib.util.module_from_spec(spec)
sys.modules[name] = package
spec.loader.exec_module(package)
from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.derive import actors, quotes
from pelican.plugins.explainer_archive.text import extract_article
rules = actors.load_actor_rules()
found = []
for raw in raws:
    with open(raw, "rb") as f:
        cleaned, _when = extract_article(f.read(), raw.rsplit("/", 1)[-1])
    text = annotate.annotation_text(cleaned.body_text)
    (annotation,), _ = annotate.annotate_texts([text])
    said = actors.find_mentions(raw, text, annotation, rules, title=cleaned.title)
    ruled = quotes.find_quotes(text, annotation, said.mentions, rules, said.quotes)
    found.append({"text": text, "annotation": annotation,
                  "mentions": [asdict(m) for m in said.mentions],
                  "quotes": [asdict(q) for q in ruled]})
with open(out, "w", encoding="utf-8") as f:
    json.dump(found, f)
"""


def read_with_commit(pages, commit: str, workdir: Path) -> list[ReadPage]:
    """The pages read by the package as it was at commit (the rules of then)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "plugins/explainer_archive"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(workdir)], input=archive, check=True)
    out = workdir / "read.json"
    package = workdir / "plugins" / "explainer_archive"
    raws = [str(p.raw) for p in pages]
    command = [sys.executable, "-c", _READ_WITH_OLD_PACKAGE, str(package), str(out), *raws]
    subprocess.run(command, check=True)
    found = []
    for page, data in zip(pages, json.loads(out.read_text(encoding="utf-8")), strict=True):
        mentions = [SimpleNamespace(**m) for m in data["mentions"]]
        said = [Quote(**q) for q in data["quotes"]]
        found.append(
            ReadPage(page.name, data["text"], data["annotation"], mentions, said, page.gold)
        )
    return found


def unseen(pages, commit: str, cache: Path | None = None) -> dict[str, dict]:
    """The variants on the dev5 pages read by the rules of commit, the model trained on
    the other dev pages (none of their outlets is in dev5)."""
    verbs = actors.load_actor_rules().report_verbs
    held_out = [p for p in pages if p.name.startswith(UNSEEN_PREFIX)]
    rest = [p for p in pages if not p.name.startswith(UNSEEN_PREFIX)]
    said: dict[str, dict[str, list[SaidQuote]]] = {}
    with tempfile.TemporaryDirectory(prefix="train-quotes-") as tmp:
        model = Path(tmp) / "rest.crfsuite"
        train(examples(read_pages(rest, cache), verbs), model)
        read_with_model(read_with_commit(held_out, commit, Path(tmp)), model, verbs, said)
    return variant_tallies(held_out, said)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="train on every dev page, write the model")
    parser.add_argument("--cv", action="store_true", help="cross-validate on dev, write nothing")
    parser.add_argument("--cost", type=int, metavar="N", help="time the model on N synth articles")
    parser.add_argument("--cache", type=Path, help="an annotation cache file for reruns")
    parser.add_argument(
        "--unseen", metavar="COMMIT", help="dev5 read by the rules of COMMIT (not tuned on it)"
    )
    args = parser.parse_args(argv)
    pages = load_half(TRAIN_HALF)
    if args.cv:
        print(variant_table(cross_validate(pages, args.cache)))
    if args.unseen:
        print(variant_table(unseen(pages, args.unseen, args.cache)))
    if args.output or args.cost:
        model = args.output or Path(tempfile.mkdtemp(prefix="train-quotes-")) / "m.crfsuite"
        verbs = actors.load_actor_rules().report_verbs
        train(examples(read_pages(pages, args.cache), verbs), model)
        print(f"wrote {model} ({model.stat().st_size} bytes)")
        if args.cost:
            print(cost(args.cost, model))
    return 0


if __name__ == "__main__":
    sys.exit(main())
