"""The annotation stage's cost with and without quote attribution (issue 25).

    .venv/bin/python scripts/benchmark_quotes.py --articles 1000

Synthesises N articles (scripts/synth.py, seed 7), runs spaCy over their cleaned bodies as
the build does (no cache), then times the per-article derivation (derive_article in
derive/article.py: mentions, quotes, topics, events) twice, with derive/quotes.py and
with the quotations find_mentions already gives (what the build did before issue 25);
the best of two runs of each.  Prints the annotation stage (spaCy + derivation) both
ways and the difference, in CPU seconds of this process (time.process_time: other jobs on
the machine do not count; spaCy runs in this process, one worker).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import synth  # noqa: E402
from pelican.plugins.explainer_archive import annotate  # noqa: E402
from pelican.plugins.explainer_archive.derive import actors, quotes, topics  # noqa: E402
from pelican.plugins.explainer_archive.derive.article import (  # noqa: E402
    ArchiveArticle,
    derive_article,
)
from pelican.plugins.explainer_archive.text import extract_article  # noqa: E402


def synthetic_articles(n: int) -> list[ArchiveArticle]:
    found = []
    for i in range(n):
        name, text = synth.synth_article(i)
        cleaned, when = extract_article(text.encode("utf-8"), f"{name}.txt")
        found.append(
            ArchiveArticle(f"a{i}", cleaned.title, when.value, when.basis, when.note, cleaned)
        )
    return found


def derivation_seconds(articles, annotations, attribute) -> float:
    """Best of two runs of the per-article derivation with the given quote step."""
    rules = actors.load_actor_rules()
    taxonomy = topics.load_taxonomy(None)
    matcher = topics.compile_taxonomy(taxonomy, topics.annotation_lemmatizer(model_name=None))
    real = quotes.find_quotes
    quotes.find_quotes = attribute
    try:
        best = float("inf")
        for _ in range(2):
            started = time.process_time()
            for article, annotation in zip(articles, annotations, strict=True):
                derive_article(article, annotation, rules, matcher)
            best = min(best, time.process_time() - started)
    finally:
        quotes.find_quotes = real
    return best


def before_issue_25(text, annotation, mentions, rules, older=None):
    """The quotations find_mentions attributes (the build before issue 25)."""
    return older


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    articles = synthetic_articles(args.articles)
    texts = [annotate.annotation_text(a.text) for a in articles]
    annotate.load_pipeline(annotate.resolve_model_name(None))  # not timed: loaded once
    started = time.process_time()
    annotations, _stats = annotate.annotate_texts(texts)
    spacy_seconds = time.process_time() - started
    without = with_quotes = float("inf")
    for _ in range(2):  # interleaved, so a change of load hits both alike
        without = min(without, derivation_seconds(articles, annotations, before_issue_25))
        with_quotes = min(
            with_quotes, derivation_seconds(articles, annotations, quotes.find_quotes)
        )
    base = spacy_seconds + without
    print(
        f"N={args.articles}: spaCy {spacy_seconds:.1f} s; derivation {without:.1f} s without "
        f"quotes, {with_quotes:.1f} s with; annotation stage {base:.1f} s -> "
        f"{spacy_seconds + with_quotes:.1f} s (+{100 * (with_quotes - without) / base:.1f} %)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
