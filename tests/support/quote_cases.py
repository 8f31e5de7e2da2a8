"""The quotes the plugin finds in a table of texts: shared by the quote test tables."""

from __future__ import annotations

from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.derive import actors, quotes


def attributions(texts: list[str], prefix: str) -> list[list[tuple[str, str, str]]]:
    """Per text, each quote found as (text, speaker's name or "unnamed", kind)."""
    rules = actors.load_actor_rules()
    annotations, _ = annotate.annotate_texts(texts)
    results = []
    for index, (text, annotation) in enumerate(zip(texts, annotations, strict=True)):
        mentions = actors.find_mentions(f"{prefix}{index}", text, annotation, rules).mentions
        said = quotes.find_quotes(text, annotation, mentions, rules)
        results.append(
            [
                (q.text, mentions[q.speaker].name if q.speaker >= 0 else "unnamed", q.kind)
                for q in said
            ]
        )
    return results


def speakers_found(cases: list[tuple], prefix: str) -> list[list[tuple[str, str]]]:
    """Per case of a table whose rows start with their text, each quote found as (text,
    speaker)."""
    found = attributions([case[0] for case in cases], prefix)
    return [[(text, speaker) for text, speaker, _kind in said] for said in found]
