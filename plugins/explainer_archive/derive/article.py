"""Per-article derivation: one article's annotation → its actor mentions, quotes (with
derive/quotes.py), topic matches, event candidates and the evidence topic discovery reads, as
plain data the annotation cache
keeps.

A pure function of (article, annotation, rules, matcher): the archive stage runs it on the
build machine, in a process pool or on a Dask cluster, and gets the same result.  Actors are
not known archive-wide yet, so events name them by the index of their mention in the article;
`event_mentions` maps those to actor slugs once the actors are merged.
"""

from __future__ import annotations

import sys
from dataclasses import asdict, astuple, dataclass, replace

from .. import annotate
from ..records import CleanedArticle
from . import actors, chronology, discovery, quotes, series, topics


@dataclass
class ArchiveArticle:
    """One published article as the archive-wide stage (and its per-article map) sees it."""

    key: str  # the article's slug
    title: str
    date_value: str | None
    date_basis: str
    date_note: str
    cleaned: CleanedArticle

    @property
    def text(self) -> str:
        """The whole cleaned body (the page keeps all of it)."""
        return self.cleaned.body_text

    @property
    def annotated_text(self) -> str:
        """What spaCy reads: the body, cut at annotate's length limit."""
        return annotate.annotation_text(self.text)


def derive_article(article: ArchiveArticle, annotation: dict, rules, matcher) -> dict:
    """Everything the archive needs from one article's annotation, as plain data."""
    text = article.annotated_text
    found = actors.find_mentions(article.key, text, annotation, rules, title=article.title)
    found.quotes = quotes.find_quotes(text, annotation, found.mentions, rules, found.quotes)
    matches = topics.match_article(text, annotation, matcher)
    seen, covered = topics.article_key_phrases(text, annotation, matcher)
    hit_phrases = {m.slug: sorted({phrase for _s, _e, phrase in m.hits}) for m in matches}
    chronology_input = chronology.ChronologyInput(
        key=article.key,
        title=article.title,
        date=article.date_value,
        date_basis=article.date_basis,
        text=text,
        annotation=annotation,
        actor_spans=[(m.start, m.end, str(i)) for i, m in enumerate(found.mentions)],
        topic_spans=[(s, e, m.slug) for m in matches for s, e, _ in m.hits],
        title_actors=[str(i) for i in found.title_mentions],
        topics=[m.slug for m in matches if m.assigned],
    )
    events = chronology.extract_events(chronology_input)
    pending = chronology.extract_pending_events(chronology_input)  # for derive/estimates.py
    assigned = {m.slug for m in matches if m.assigned}
    return {
        "mentions": [astuple(m) for m in found.mentions],
        "quotes": [astuple(q) for q in found.quotes],
        "title_mentions": list(found.title_mentions),
        # Topic hits only served the events above; key sentences only show on topic pages,
        # the phrases matched on the article's page too.
        "topics": [
            [
                m.slug,
                m.score,
                m.assigned,
                [" ".join(text[s:e].split()) for s, e in m.key_sentences]
                if m.slug in assigned
                else [],
                hit_phrases[m.slug] if m.slug in assigned else [],
            ]
            for m in matches
        ],
        "key_phrases": [seen, covered],
        "evidence": discovery.article_evidence(text, annotation, rules.honorifics),
        "events": [asdict(e) for e in events],
        "pending_events": [asdict(e) for e in pending],
        # The whole text's, as the estimator read them from it (no actor yet).
        "series": series.series_matches(article.text),
    }


@dataclass(slots=True)
class DerivedArticle:
    """One article's derived results, compact: the archive holds one per article at once."""

    mentions: list
    quotes: list
    title_mentions: list[int]
    # (slug, score, assigned, key sentences, matched phrases)
    topics: list[tuple[str, float, bool, tuple[str, ...], tuple[str, ...]]]
    key_phrases: tuple[tuple[str, ...], tuple[str, ...]]
    events: list
    pending_events: list  # an undated article's events awaiting its estimated date
    evidence: tuple  # (term, count, display): discovery.article_evidence
    series: list  # (sentence start, end, series, number, written): series.series_matches

    @classmethod
    def from_plain(cls, derived: dict) -> DerivedArticle:
        """derive_article's plain data → DerivedArticle, with repeated strings (names,
        kinds, roles, phrases) interned so that ten thousand articles share them."""
        return cls(
            mentions=[_mention(*m) for m in derived["mentions"]],
            quotes=[actors.Quote(*q) for q in derived["quotes"]],
            title_mentions=derived["title_mentions"],
            topics=[
                (sys.intern(t[0]), t[1], t[2], tuple(t[3]), tuple(map(sys.intern, t[4])))
                for t in derived["topics"]
            ],
            key_phrases=(
                tuple(map(sys.intern, derived["key_phrases"][0])),
                tuple(map(sys.intern, derived["key_phrases"][1])),
            ),
            events=[_event_mention(e) for e in derived["events"]],
            pending_events=[_event_mention(e) for e in derived.get("pending_events", [])],
            evidence=tuple(
                (sys.intern(term), count, sys.intern(display))
                for term, count, display in derived["evidence"]
            ),
            series=[
                (start, end, sys.intern(name), number, written)
                for start, end, name, number, written in derived["series"]
            ],
        )


def _mention(start, end, surface, name, kind, paragraph, sentence, role, *rest) -> actors.Mention:
    """A Mention from its plain tuple, its strings (surface, name, kind, role) interned."""
    intern = sys.intern
    return actors.Mention(
        start,
        end,
        intern(surface),
        intern(name),
        intern(kind),
        paragraph,
        sentence,
        intern(role),
        *rest,
    )


def _event_mention(e: dict) -> chronology.EventMention:
    return chronology.EventMention(
        **{
            **e,
            "actors": tuple(e["actors"]),
            "topics": tuple(map(sys.intern, e["topics"])),
            "lemmas": tuple(map(sys.intern, e["lemmas"])),
            "sentence": e["text"] if e["sentence"] == e["text"] else e["sentence"],
        }
    )


def event_mentions(
    derived: DerivedArticle, actor_spans: list[tuple[int, int, str]], pending: bool = False
):
    """An article's event candidates (or pending ones) with their actors by slug."""
    slug_at = {(start, end): slug for start, end, slug in actor_spans}
    slug_of = [slug_at.get((m.start, m.end)) for m in derived.mentions]
    for event in derived.pending_events if pending else derived.events:
        labels = [slug_of[int(label)] for label in event.actors]
        yield replace(event, actors=tuple(dict.fromkeys(s for s in labels if s)))
