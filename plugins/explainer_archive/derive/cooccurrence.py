"""Who appears with whom: actor ties from shared sentences and shared chronology events.

Pure Python over the archive stage's results. A tie between two actors counts the sentences
that name both (one per sentence, however often each is named in it) plus the chronology
events that name both (one per merged event, however many articles report it). Its weight
is the sum. Cost is linear in the mentions: a sentence naming k actors gives k(k-1)/2 pairs,
and k is bounded by the sentence's length.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

# The network on the actor index shows at most this many actors and ties, so it stays
# readable whatever the archive's size.
NETWORK_ACTORS = 24
NETWORK_TIES = 40
NETWORK_TIES_PER_ACTOR = 3  # each shown actor keeps at least its strongest few ties
TIES_PER_ACTOR = 8  # strongest ties listed on an actor page


@dataclass
class Tie:
    """Two actors (slugs, in sorted order) and the evidence that ties them."""

    source: str
    target: str
    sentences: int = 0  # sentences naming both
    events: list[str] = field(default_factory=list)  # ids of chronology events naming both
    articles: dict[str, int] = field(default_factory=dict)  # article slug -> shared sentences

    @property
    def weight(self) -> int:
        return self.sentences + len(self.events)

    def sort_key(self) -> tuple:
        """Strongest first, then by the two slugs: a total, stable order."""
        return (-self.weight, -self.sentences, self.source, self.target)


def sentence_groups(mentions: Iterable[tuple[object, str]]) -> dict[object, list[str]]:
    """(sentence key, actor slug) pairs → the distinct actors of each sentence, sorted."""
    groups: dict[object, set[str]] = {}
    for sentence, slug in mentions:
        groups.setdefault(sentence, set()).add(slug)
    return {s: sorted(slugs) for s, slugs in sorted(groups.items())}


def _pairs(slugs: list[str]):
    for i, a in enumerate(slugs):
        for b in slugs[i + 1 :]:
            yield a, b


def count_ties(
    article_mentions: dict[str, list[tuple[object, str]]], events: Iterable[dict]
) -> list[Tie]:
    """Every tie of the archive, strongest first.

    `article_mentions` maps an article slug to its mentions as (sentence key, actor slug),
    the key being anything that tells one sentence of the article from another;
    `events` are chronology events with "id" and "actors" (slugs).
    """
    ties: dict[tuple[str, str], Tie] = {}

    def tie(a: str, b: str) -> Tie:
        key = (a, b) if a < b else (b, a)
        if key not in ties:
            ties[key] = Tie(*key)
        return ties[key]

    for article in sorted(article_mentions):
        for slugs in sentence_groups(article_mentions[article]).values():
            for a, b in _pairs(slugs):
                found = tie(a, b)
                found.sentences += 1
                found.articles[article] = found.articles.get(article, 0) + 1
    for event in events:
        for a, b in _pairs(sorted(set(event.get("actors", [])))):
            tie(a, b).events.append(event["id"])
    return sorted(ties.values(), key=Tie.sort_key)


def ties_by_actor(ties: list[Tie], limit: int = TIES_PER_ACTOR) -> dict[str, list[Tie]]:
    """Each actor's strongest ties (the list order of `ties`, which is strongest first)."""
    found: dict[str, list[Tie]] = {}
    for tie in ties:
        for slug in (tie.source, tie.target):
            mine = found.setdefault(slug, [])
            if len(mine) < limit:
                mine.append(tie)
    return found


def strongest_network(
    ties: list[Tie],
    mentions: dict[str, int],
    max_actors: int = NETWORK_ACTORS,
    max_ties: int = NETWORK_TIES,
    per_actor: int = NETWORK_TIES_PER_ACTOR,
) -> tuple[list[str], list[Tie]]:
    """The actors and ties the network shows: the most mentioned actors that have a tie, and
    each one's strongest ties among them (a tie is kept while one of its two actors has
    fewer than `per_actor` kept ties); actors left without a tie are dropped.

    Returns (actor slugs, most mentioned first; ties, strongest first).
    """
    tied = {slug for tie in ties for slug in (tie.source, tie.target)}
    ranked = sorted(tied, key=lambda slug: (-mentions.get(slug, 0), slug))[:max_actors]
    chosen = set(ranked)
    kept: dict[str, int] = {}
    shown = []
    for tie in ties:
        if tie.source not in chosen or tie.target not in chosen:
            continue
        if min(kept.get(tie.source, 0), kept.get(tie.target, 0)) >= per_actor:
            continue
        shown.append(tie)
        kept[tie.source] = kept.get(tie.source, 0) + 1
        kept[tie.target] = kept.get(tie.target, 0) + 1
        if len(shown) == max_ties:
            break
    return [slug for slug in ranked if slug in kept], shown


def tie_json(tie: Tie, dates: dict[str, str | None]) -> dict:
    """One object of data/cooccurrence.json; articles newest first, undated last."""
    dated = sorted((k for k in tie.articles if dates.get(k)), key=lambda k: (dates[k], k))
    undated = sorted(k for k in tie.articles if not dates.get(k))
    return {
        "actors": [tie.source, tie.target],
        "weight": tie.weight,
        "sentences": tie.sentences,
        "events": list(tie.events),
        "articles": [*reversed(dated), *undated],
    }
