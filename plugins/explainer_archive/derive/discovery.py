"""DISCOVERED topics: the articles no editor topic covers, grouped by their own evidence.

An archive on a story the taxonomy (``data/topics.toml``) was not written for still gets
topic pages.  The evidence is what the annotation already has:

* per article (``article_evidence``, cached with its derived results): its key phrases, the
  adjective/noun chunks and topical multiword names of ``topics.key_phrase_spans``, and its
  nouns, by lemma, with counts and the form the text writes them in;
* archive-wide: the actors it shares with other articles and the month of its date.

``discover`` weighs these features with scikit-learn's TF-IDF (fitted on the whole archive),
groups the uncovered articles by agglomerative clustering (average linkage on cosine
distance) and gives each group of at least ``min_articles`` a PROFILE: its strongest
features and their weights (the group's mean TF-IDF vector, cut to ``profile_size`` and
summed to 1).  An article is on a discovered topic when the profile features its body
names add up to at least ``min_fit`` and include at least ``min_phrases`` phrases: those
phrases are the evidence the article page shows.  An article takes at most one discovered
topic (its best fit) and none when an editor topic covers it.

Stability: the profiles (with slug and name) are REMEMBERED in a JSON file the build keeps
in the project folder (setting ``EXPLAINER_DISCOVERED_TOPICS``).  A build first places every
uncovered article on the remembered topics, then clusters only the articles left over; a
new topic appears when enough of them share evidence.  A remembered topic keeps its slug,
name and profile, so adding articles never renames or moves one, and the outcome is a
function of the articles and the remembered file: an incremental build equals a cold one.
Discovery from scratch happens only when the editor asks (``EXPLAINER_REDISCOVER_TOPICS``,
or deleting the file).

The editor's controls (``[discovered]`` in the taxonomy file) accept, rename, merge, split
or suppress discovered topics; the rule's numbers are in ``[discovery]``.  See
docs/topics.md.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import re
import tomllib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import topics
from .timexes import format_value_human
from .topics import DEFAULT_TAXONOMY_PATH, SLUG_PATTERN, TaxonomyError, slugify

MEMORY_VERSION = 1

# Per-article evidence: the terms an article names most, at most this many (a long article
# names hundreds of nouns; its subject is among those it repeats).
EVIDENCE_TERMS = 60
# Feature prefixes: an actor slug and a month are features beside the phrases.
ACTOR = "@"
MONTH = "#"
# Nouns shorter than this are abbreviations or noise ("Mr", "km").
MIN_NOUN_LETTERS = 3
# Largest group of leftover articles clustered at once (the distance matrix is its square);
# the rest are clustered in the next round of the same build.
MAX_POOL = 4000

# _STATISTICS: numpy and scikit-learn are imported by the functions that use them, when
# discovery runs, so a build whose merges are cached never loads them (as spaCy in annotate.py:
# they take seconds to import).

WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")


class DiscoveryError(TaxonomyError):
    """The [discovery] or [discovered] table of the taxonomy file is not usable."""


# --- the editor's side: rule and controls -------------------------------------------------


@dataclass(frozen=True)
class DiscoveryRule:
    """The numbers of discovery and assignment ([discovery] in the taxonomy file)."""

    min_articles: int = 2  # a new topic needs this many leftover articles that fit it
    cluster_distance: float = 0.86  # average cosine distance up to which groups merge
    min_fit: float = 0.25  # share of a profile's weight an article's body must name
    min_phrases: int = 2  # distinct profile phrases an article must name
    profile_size: int = 30  # features kept per profile
    actors_per_article: int = 8  # an article's most prominent actors are its features
    name_phrases: int = 2  # phrases joined into a name


@dataclass(frozen=True)
class SplitPart:
    """One part of a split topic: its name and the phrases that put an article in it."""

    name: str
    phrases: tuple[str, ...]


@dataclass(frozen=True)
class Controls:
    """The editor's decisions on discovered topics ([discovered] in the taxonomy file)."""

    accept: tuple[str, ...] = ()  # shown as editor topics, kept when rediscovering
    suppress: tuple[str, ...] = ()  # no page; their articles stay off every discovered topic
    rename: dict[str, str] = field(default_factory=dict)  # slug -> name
    merge: dict[str, tuple[str, ...]] = field(default_factory=dict)  # kept slug -> merged
    split: dict[str, tuple[SplitPart, ...]] = field(default_factory=dict)  # slug -> parts

    def slugs(self) -> set[str]:
        """Every discovered slug the controls name."""
        named = {*self.accept, *self.suppress, *self.rename, *self.merge, *self.split}
        return named | {s for merged in self.merge.values() for s in merged}


def load_discovery(path: Path | str | None = None) -> tuple[DiscoveryRule, Controls]:
    """The [discovery] rule and the [discovered] controls of a taxonomy file (default: the
    plugin's own); a bad table raises DiscoveryError naming the file and the key."""
    path = Path(path) if path else DEFAULT_TAXONOMY_PATH
    try:
        data = tomllib.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise DiscoveryError(f"{path}: cannot read the topic taxonomy ({exc})") from exc
    return parse_rule(data.get("discovery", {}), str(path)), parse_controls(
        data.get("discovered", {}), str(path)
    )


def parse_rule(table, source: str) -> DiscoveryRule:
    """The [discovery] table: known keys, numbers in range."""
    if not isinstance(table, dict):
        raise DiscoveryError(f"{source}: [discovery] must be a table")
    known = set(DiscoveryRule.__dataclass_fields__)
    unknown = sorted(set(table) - known)
    if unknown:
        raise DiscoveryError(
            f"{source}: [discovery] has unknown keys {unknown}; known: {sorted(known)}"
        )
    defaults = DiscoveryRule()
    for key, value in table.items():
        wanted = type(getattr(defaults, key))
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise DiscoveryError(f"{source}: [discovery] {key} must be a number")
        if wanted is int and not isinstance(value, int):
            raise DiscoveryError(f"{source}: [discovery] {key} must be a whole number")
        low, high = (0.0, 2.0) if key == "cluster_distance" else (0.0, 1.0)
        if wanted is float and not low <= value <= high:
            raise DiscoveryError(f"{source}: [discovery] {key} must be from {low} to {high}")
        if wanted is int and value < 1:
            raise DiscoveryError(f"{source}: [discovery] {key} must be at least 1")
    return DiscoveryRule(**{k: type(getattr(defaults, k))(v) for k, v in table.items()})


def _slug_list(value, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(
        isinstance(s, str) and SLUG_PATTERN.match(s) for s in value
    ):
        raise DiscoveryError(f"{where} must be a list of topic slugs")
    return tuple(value)


def _split_parts(entry, where: str) -> tuple[str, tuple[SplitPart, ...]]:
    """One [[discovered.split]] entry: slug and at least two named parts with phrases."""
    if not isinstance(entry, dict) or set(entry) - {"slug", "parts"}:
        raise DiscoveryError(f"{where} must be a table with 'slug' and 'parts'")
    slug = entry.get("slug")
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        raise DiscoveryError(f"{where}: 'slug' must be a topic slug")
    parts = entry.get("parts")
    if not isinstance(parts, list) or len(parts) < 2:
        raise DiscoveryError(f"{where}: 'parts' must list at least two parts")
    found = []
    for number, part in enumerate(parts, start=1):
        here = f"{where}: part #{number}"
        if not isinstance(part, dict) or set(part) != {"name", "phrases"}:
            raise DiscoveryError(f"{here} must have 'name' and 'phrases' and nothing else")
        if not isinstance(part["name"], str) or not slugify(part["name"]):
            raise DiscoveryError(f"{here}: 'name' must be a non-empty string")
        phrases = topics._phrase_list(part["phrases"], f"{here}: 'phrases'")
        if not phrases:
            raise DiscoveryError(f"{here}: 'phrases' lists no phrase")
        found.append(SplitPart(part["name"].strip(), phrases))
    return slug, tuple(found)


def parse_controls(table, source: str) -> Controls:
    """The [discovered] table: accept, suppress, rename, merge, split."""
    if not isinstance(table, dict):
        raise DiscoveryError(f"{source}: [discovered] must be a table")
    known = {"accept", "suppress", "rename", "merge", "split"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise DiscoveryError(
            f"{source}: [discovered] has unknown keys {unknown}; known: {sorted(known)}"
        )
    where = f"{source}: [discovered]"
    rename = table.get("rename", {})
    if not isinstance(rename, dict) or not all(
        SLUG_PATTERN.match(k) and isinstance(v, str) and v.strip() for k, v in rename.items()
    ):
        raise DiscoveryError(f"{where} rename must map topic slugs to non-empty names")
    merge = table.get("merge", {})
    if not isinstance(merge, dict) or not all(SLUG_PATTERN.match(k) for k in merge):
        raise DiscoveryError(f"{where} merge must map a kept topic slug to the slugs merged in")
    merged = {k: _slug_list(v, f"{where} merge.{k}") for k, v in merge.items()}
    splits = table.get("split", [])
    if not isinstance(splits, list):
        raise DiscoveryError(f"{where} split must be [[discovered.split]] tables")
    split = dict(
        _split_parts(entry, f"{where} split #{n}") for n, entry in enumerate(splits, start=1)
    )
    return Controls(
        accept=_slug_list(table.get("accept", []), f"{where} accept"),
        suppress=_slug_list(table.get("suppress", []), f"{where} suppress"),
        rename={k: v.strip() for k, v in rename.items()},
        merge=merged,
        split=split,
    )


# --- per article: the evidence ------------------------------------------------------------


def _surface(text: str, annotation: dict, first: int, last: int) -> str:
    """The text of tokens [first, last), white space folded."""
    starts, ends = annotation["tok_start"], annotation["tok_end"]
    return " ".join(text[starts[first] : ends[last - 1]].split())


def _noun_term(text: str, annotation: dict, i: int) -> str | None:
    """The term of one noun token: its lemma (a proper noun keeps its capitals)."""
    surface = text[annotation["tok_start"][i] : annotation["tok_end"][i]]
    if not WORD.fullmatch(surface) or sum(c.isalpha() for c in surface) < MIN_NOUN_LETTERS:
        return None
    lemma = annotation["lemma"][i]
    if annotation["tag"][i] in ("NNP", "NNPS") and lemma == surface.lower():
        return surface if annotation["tag"][i] == "NNP" else lemma.capitalize()
    return lemma


def _inside_names(annotation: dict) -> list[bool]:
    """Per token: part of a topical name of two or more words ("Middle East Eye"), whose
    words alone ("Middle", "East") say nothing the name does not."""
    starts = annotation["tok_start"]
    inside = [False] * len(starts)
    for ent_start, ent_end, label in annotation["ents"]:
        first, last = bisect.bisect_left(starts, ent_start), bisect.bisect_left(starts, ent_end)
        if label in topics.TOPICAL_ENTITY_LABELS and last - first >= 2:
            inside[first:last] = [True] * (last - first)
    return inside


def article_evidence(text: str, annotation: dict, honorifics: Iterable[str] = ()) -> list[list]:
    """An article's terms as [[term, count, display], …]: its key phrases and nouns by
    lemma (not the words of a longer name, nor honorifics such as "Sir"), the
    EVIDENCE_TERMS it names most (then the earliest), sorted by term.

    `display` is the form the text writes the term in most often (for names and the
    article page); the per-article half of discovery, small enough to cache."""
    counts: Counter[str] = Counter()
    first_seen: dict[str, int] = {}
    forms: dict[str, Counter[str]] = {}

    def add(term: str, surface: str, position: int) -> None:
        counts[term] += 1
        first_seen.setdefault(term, position)
        forms.setdefault(term, Counter())[surface] += 1

    for first, last in topics.key_phrase_spans(text, annotation):
        term = topics.render_phrase(text, annotation, range(first, last))
        add(term, _surface(text, annotation, first, last), first)
    blocked = topics.blocked_tokens(annotation)
    inside = _inside_names(annotation)
    skipped = {h.rstrip(".") for h in honorifics}
    for i, tag in enumerate(annotation["tag"]):
        proper = tag in ("NNP", "NNPS")
        if tag in topics.NOUN_TAGS and not blocked[i] and not (proper and inside[i]):
            term = _noun_term(text, annotation, i)
            if term and term not in skipped:
                add(term, _surface(text, annotation, i, i + 1), i)
    kept = sorted(counts, key=lambda t: (-counts[t], first_seen[t], t))[:EVIDENCE_TERMS]
    return [[term, counts[term], _display_form(forms[term])] for term in sorted(kept)]


def _display_form(forms: Counter[str]) -> str:
    """The most frequent written form; on a tie the one with fewer capitals (a word that
    opens a sentence is capitalised there only), then the first alphabetically."""
    return min(forms, key=lambda f: (-forms[f], sum(c.isupper() for c in f), f))


# --- archive-wide: features, groups, profiles ---------------------------------------------


@dataclass(frozen=True)
class ArticleInput:
    """One article as discovery sees it: plain data from the archive stage."""

    key: str
    month: str | None  # "YYYY-MM" of its stated date, None when not known to the month
    evidence: Sequence[Sequence]  # article_evidence
    actors: Sequence[str]  # actor slugs, most prominent first
    covered: bool  # an editor topic is assigned: discovery leaves it alone


@dataclass(frozen=True)
class DiscoveredTopic:
    """A remembered discovered topic: its identity and the profile that places articles."""

    slug: str
    name: str
    profile: tuple[tuple[str, float], ...]  # (feature, weight), weights sum to 1

    def to_dict(self) -> dict:
        return {"slug": self.slug, "name": self.name, "profile": [list(p) for p in self.profile]}


@dataclass
class Placement:
    """Why an article is on a discovered topic: its fit and the phrases its body names."""

    slug: str
    fit: float
    phrases: tuple[str, ...]  # profile phrases (terms) the article names, strongest first


@dataclass
class Discovery:
    """What discover found: every topic (remembered first) and each article's placement."""

    topics: list[DiscoveredTopic]
    placements: dict[str, Placement]  # article key -> placement
    new: list[str] = field(default_factory=list)  # slugs of the topics found by this build
    displays: dict[str, str] = field(default_factory=dict)  # term -> archive's written form


def article_features(article: ArticleInput, rule: DiscoveryRule) -> list[str]:
    """An article's features, one entry per occurrence: its terms, its most prominent
    actors and the month of its date."""
    features = [term for term, count, _display in article.evidence for _ in range(count)]
    features += [ACTOR + slug for slug in article.actors[: rule.actors_per_article]]
    if article.month:
        features.append(MONTH + article.month)
    return features


def _features_as_given(features: list[str]) -> list[str]:
    """scikit-learn's analyzer for documents that are already lists of features."""
    return features


def is_phrase(feature: str) -> bool:
    """Whether a feature is a term of the text (not an actor or a month)."""
    return not feature.startswith((ACTOR, MONTH))


def tfidf_matrix(documents: list[list[str]]):
    """Rows of L2-normalised TF-IDF weights (sub-linear term counts) over the features of
    at least two articles, and the feature names; (None, []) when no feature is shared."""
    from sklearn.feature_extraction.text import TfidfVectorizer  # see _STATISTICS

    vectorizer = TfidfVectorizer(analyzer=_features_as_given, min_df=2, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(documents)
    except ValueError:  # no feature occurs in two articles
        return None, []
    return matrix, list(vectorizer.get_feature_names_out())


def too_few_to_group(rows: list[int], rule: DiscoveryRule) -> bool:
    """Whether these articles are too few to make a group (so no new topic)."""
    return len(rows) < max(2, rule.min_articles)


def leftover_rows(articles: list[ArticleInput], placements: dict[str, Placement]) -> list[int]:
    """The rows of the articles no topic covers or places: those new topics are found among."""
    return [i for i, a in enumerate(articles) if not a.covered and a.key not in placements]


def group_rows(matrix, rows: list[int], rule: DiscoveryRule) -> list[list[int]]:
    """Agglomerative groups of the given rows (average linkage, cosine distance up to
    rule.cluster_distance), those of at least min_articles, largest first."""
    if too_few_to_group(rows, rule):
        return []
    from sklearn.cluster import AgglomerativeClustering  # see _STATISTICS
    from sklearn.metrics.pairwise import cosine_distances

    distances = cosine_distances(matrix[rows])
    labels = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=rule.cluster_distance,
    ).fit_predict(distances)
    groups: dict[int, list[int]] = {}
    for row, label in zip(rows, labels, strict=True):
        groups.setdefault(int(label), []).append(row)
    found = [g for g in groups.values() if len(g) >= rule.min_articles]
    return sorted(found, key=lambda g: (-len(g), g[0]))


def group_profile(matrix, names: list[str], rows: list[int], rule: DiscoveryRule):
    """A group's profile: its mean TF-IDF vector's strongest features, summed to 1."""
    import numpy as np  # see _STATISTICS

    centroid = np.asarray(matrix[rows].mean(axis=0)).ravel()
    order = sorted(np.flatnonzero(centroid), key=lambda i: (-centroid[i], names[i]))
    kept = order[: rule.profile_size]
    total = float(sum(centroid[i] for i in kept))
    if total <= 0 or not any(is_phrase(names[i]) for i in kept):
        return ()
    return tuple((names[i], round(float(centroid[i]) / total, 6)) for i in kept)


def place_articles(
    articles: list[ArticleInput],
    documents: list[list[str]],
    found: list[DiscoveredTopic],
    rule: DiscoveryRule,
) -> dict[str, Placement]:
    """Each uncovered article's best-fitting topic (fit >= min_fit with >= min_phrases
    phrases named), by article key; the first topic wins a tie.  Pure per article."""
    if not found:
        return {}
    import numpy as np  # see _STATISTICS
    from sklearn.feature_extraction.text import CountVectorizer

    vocabulary = sorted({feature for topic in found for feature, _w in topic.profile})
    index = {feature: i for i, feature in enumerate(vocabulary)}
    weights = np.zeros((len(found), len(vocabulary)))
    for number, topic in enumerate(found):
        for feature, weight in topic.profile:
            weights[number, index[feature]] = weight
    phrase_columns = np.array([is_phrase(f) for f in vocabulary])
    present = CountVectorizer(
        analyzer=_features_as_given, vocabulary=vocabulary, binary=True
    ).transform(documents)
    fits = np.asarray(present @ weights.T)
    named = np.asarray(present[:, phrase_columns] @ (weights[:, phrase_columns] > 0).T)
    placements = {}
    for row, article in enumerate(articles):
        if article.covered:
            continue
        eligible = (fits[row] >= rule.min_fit - 1e-9) & (named[row] >= rule.min_phrases)
        if not eligible.any():
            continue
        best = int(np.argmax(np.where(eligible, fits[row], -1.0)))
        have = set(documents[row])
        placements[article.key] = Placement(
            slug=found[best].slug,
            fit=round(float(fits[row, best]), 3),
            phrases=tuple(f for f, _w in found[best].profile if is_phrase(f) and f in have),
        )
    return placements


def discover(
    articles: list[ArticleInput],
    remembered: list[DiscoveredTopic],
    rule: DiscoveryRule,
    taken: Iterable[str] = (),
    titles: Iterable[str] = (),
) -> Discovery:
    """Place the uncovered articles on the remembered topics, then find new topics among
    the articles left over, round after round until no group of them makes one.

    Deterministic for the same articles (any order) and remembered topics; `taken` are
    slugs a new topic must not use (editor topics'); `titles` are role titles ("Prime
    Minister") that never name a topic.  A new topic is kept only when at
    least min_articles of its group fit its profile, so each round places more articles
    and the rounds end; a build given this build's topics finds none new."""
    common = common_terms(articles)
    articles = [merge_cases(a, common) for a in sorted(articles, key=lambda a: a.key)]
    documents = [article_features(a, rule) for a in articles]
    displays = display_forms(articles)
    found = list(remembered)
    placements = place_articles(articles, documents, found, rule)
    # Too few articles left over to group (an archive the taxonomy covers): no new topic,
    # and no TF-IDF to compute (nor scikit-learn to import, a second and a half).
    matrix, names = None, []
    if not too_few_to_group(leftover_rows(articles, placements), rule):
        matrix, names = tfidf_matrix(documents)
    new: list[str] = []
    used = {*taken, *(t.slug for t in found)}
    unnamed = frozenset(t.casefold() for t in titles)
    while matrix is not None:
        left = leftover_rows(articles, placements)
        made = []
        chunks = [left[start : start + MAX_POOL] for start in range(0, len(left), MAX_POOL)]
        for rows in (group for chunk in chunks for group in group_rows(matrix, chunk, rule)):
            profile = group_profile(matrix, names, rows, rule)
            if not profile:
                continue
            name = topic_name(profile, displays, rule, unnamed)
            candidate = DiscoveredTopic(unique_slug(slugify(name) or "topic", used), name, profile)
            members = [articles[i] for i in rows]
            fitting = place_articles(members, [documents[i] for i in rows], [candidate], rule)
            if len(fitting) >= rule.min_articles:
                used.add(candidate.slug)
                made.append(candidate)
        if not made:
            break
        found += made
        new += [t.slug for t in made]
        placements = place_articles(articles, documents, found, rule)
    return Discovery(topics=found, placements=placements, new=new, displays=displays)


def common_terms(articles: Iterable[ArticleInput]) -> frozenset[str]:
    """The single-word terms the archive writes in lower case (common nouns)."""
    return frozenset(
        term for a in articles for term, _n, _d in a.evidence if term.islower() and " " not in term
    )


def merge_cases(article: ArticleInput, common: frozenset[str]) -> ArticleInput:
    """A capitalised word that is a common noun elsewhere in the archive ("Minister",
    "Party" at the head of a title) counts as that noun."""
    if not any(t != t.lower() and t.lower() in common for t, _n, _d in article.evidence):
        return article
    merged: dict[str, list] = {}
    for term, count, display in article.evidence:
        key = term.lower() if term.lower() in common else term
        if key in merged:
            merged[key][1] += count
        else:
            merged[key] = [key, count, display]
    evidence = tuple(tuple(merged[k]) for k in sorted(merged))
    return ArticleInput(article.key, article.month, evidence, article.actors, article.covered)


def unique_slug(slug: str, used: set[str]) -> str:
    """The slug, or the slug with the first free "-2", "-3", … suffix."""
    candidate, number = slug, 2
    while candidate in used:
        candidate, number = f"{slug}-{number}", number + 1
    return candidate


def display_forms(articles: Iterable[ArticleInput]) -> dict[str, str]:
    """Each term's written form across the archive: the one most articles use (ties as in
    _display_form)."""
    pairs = Counter((term, display) for a in articles for term, _count, display in a.evidence)
    best: dict[str, tuple] = {}
    for (term, display), articles_using in pairs.items():
        rank = (-articles_using, sum(c.isupper() for c in display), display)
        if term not in best or rank < best[term]:
            best[term] = rank
    return {term: rank[2] for term, rank in best.items()}


# --- names and descriptions ---------------------------------------------------------------


def _words(phrase: str) -> set[str]:
    return {w.casefold() for w in WORD.findall(phrase)}


def phrase_scores(profile: Sequence[tuple[str, float]]) -> list[tuple[str, float]]:
    """The profile's phrases, strongest first; a phrase of several words also scores the
    single words of it the profile holds ("fossil fuel" takes "fuel"'s weight too)."""
    weights = {f: w for f, w in profile if is_phrase(f)}
    singles = {f.casefold(): w for f, w in weights.items() if " " not in f}
    scores = {
        f: w + sum(singles.get(word, 0.0) for word in _words(f)) if " " in f else w
        for f, w in weights.items()
    }
    return sorted(scores.items(), key=lambda item: (-item[1], item[0]))


def name_phrases(
    profile: Sequence[tuple[str, float]],
    displays: dict[str, str],
    count: int,
    unnamed: frozenset[str] = frozenset(),
) -> list[tuple[str, float]]:
    """The strongest phrases of a profile as written, with their scores, none sharing a
    word with a stronger one ("fuel" after "fossil fuels" adds nothing) and none of the
    `unnamed` (casefolded role titles: "prime minister" names no story)."""
    chosen: list[tuple[str, float]] = []
    seen: set[str] = set()
    for feature, score in phrase_scores(profile):
        words = _words(feature)
        if words & seen or feature.casefold() in unnamed:
            continue
        chosen.append((displays.get(feature, feature), score))
        seen |= words
        if len(chosen) == count:
            break
    return chosen


def key_phrases(
    profile: Sequence[tuple[str, float]], displays: dict[str, str], count: int = 8
) -> list[str]:
    """A topic's key phrases as written, strongest first, none repeating a stronger one."""
    return [text for text, _score in name_phrases(profile, displays, count)]


def sentence_case(phrase: str) -> str:
    """The first letter in capitals, the rest as written ("climate summit" -> "Climate
    summit", "UN vote" stays)."""
    return phrase[:1].upper() + phrase[1:]


# A name holds the strongest name (proper) and subject (common) phrases; a second of a kind
# joins when it scores at least this share of the first, while the name stays short.
SECOND_PHRASE_SHARE = 0.6
MAX_NAME_WORDS = 5


def _strongest(phrases: list[tuple[str, float]]) -> list[str]:
    kept = phrases[:1] + [p for p in phrases[1:2] if p[1] >= SECOND_PHRASE_SHARE * phrases[0][1]]
    return [text for text, _score in kept]


def topic_name(
    profile: Sequence[tuple[str, float]],
    displays: dict[str, str],
    rule: DiscoveryRule,
    unnamed: frozenset[str] = frozenset(),
) -> str:
    """A readable name from the profile's strongest phrases: the names it is about, then
    what about them ("Nvidia: stock split and revenue"), or the subject phrases alone
    ("Climate summit and fossil fuels")."""
    phrases = name_phrases(profile, displays, 2 * rule.name_phrases + 2, unnamed)
    if not phrases:
        return ""
    proper = _strongest([p for p in phrases if p[0][:1].isupper()])
    common = _strongest([p for p in phrases if not p[0][:1].isupper()])
    while len(" ".join(proper + common).split()) > MAX_NAME_WORDS and len(proper + common) > 1:
        (proper if len(proper) > len(common) else common).pop()
    if proper and common:
        return f"{' and '.join(proper)}: {' and '.join(common)}"
    return sentence_case(" and ".join(proper or common))


def quoted_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def describe(
    articles: int,
    phrases: Sequence[str],
    actor_names: Sequence[str],
    months: Sequence[str],
) -> str:
    """One sentence from a topic's evidence: how many articles, when, the phrases they
    share and the actors they name most."""
    span = ""
    if months:
        first, last = (
            format_value_human(months[0], "month"),
            format_value_human(months[-1], "month"),
        )
        span = f" from {first}" if first == last else f" from {first} to {last}"
    sentence = f"Discovered from {articles} article{'s' if articles != 1 else ''}{span}"
    if phrases:
        sentence += " sharing " + quoted_list([f"“{p}”" for p in phrases])
    if actor_names:
        sentence += (", and naming " if phrases else " naming ") + quoted_list(actor_names)
    return sentence + "."


# --- remembering ---------------------------------------------------------------------------


def load_memory(path: Path | None) -> tuple[list[DiscoveredTopic], str | None]:
    """The remembered topics and, when the file cannot be used, why (the build then
    discovers afresh and says so).  A missing file remembers nothing, silently."""
    if path is None or not Path(path).exists():
        return [], None
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if data.get("version") != MEMORY_VERSION:
            return [], f"{path}: version {data.get('version')!r} is not {MEMORY_VERSION}"
        found = [
            DiscoveredTopic(
                slug=t["slug"],
                name=t["name"],
                profile=tuple((str(f), float(w)) for f, w in t["profile"]),
            )
            for t in data["topics"]
        ]
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        return [], f"{path}: not a discovered-topics file ({exc.__class__.__name__}: {exc})"
    bad = [t.slug for t in found if not SLUG_PATTERN.match(t.slug) or not t.profile]
    if bad or len({t.slug for t in found}) != len(found):
        return [], f"{path}: bad or repeated slugs {bad}"
    return found, None


def memory_text(found: list[DiscoveredTopic]) -> str:
    """The remembered-topics file: pretty JSON, topics in the order they were found."""
    data = {
        "about": "Discovered topics remembered by the explainer archive: slugs stay stable "
        "while this file is kept. Edit topics in the taxonomy's [discovered] table, not here.",
        "version": MEMORY_VERSION,
        "topics": [t.to_dict() for t in found],
    }
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def remembered_topics(
    memory: list[DiscoveredTopic], controls: Controls, rediscover: bool
) -> list[DiscoveredTopic]:
    """What a build starts from: the memory, or on rediscovery only the accepted topics."""
    if not rediscover:
        return memory
    return [t for t in memory if t.slug in controls.accept]


# --- what the site shows --------------------------------------------------------------------


@dataclass
class TopicView:
    """A discovered topic as the site shows it, after the editor's controls."""

    slug: str
    name: str
    discovered: bool  # False once the editor accepted it
    profile: tuple[tuple[str, float], ...]
    members: dict[str, Placement] = field(default_factory=dict)  # article key -> placement


def _split_members(
    view: TopicView, parts: Sequence[SplitPart], evidence: dict[str, set[str]], used: set[str]
) -> list[TopicView]:
    """A topic cut by phrases: each article goes to the part whose phrases its evidence
    names most (the first part on a tie); articles naming none stay on the topic."""
    made = []
    for part in parts:
        made.append(TopicView(unique_slug(slugify(part.name), used), part.name, True, view.profile))
        used.add(made[-1].slug)
    rest = TopicView(view.slug, view.name, view.discovered, view.profile)
    wanted = [[_words(phrase) for phrase in part.phrases] for part in parts]
    for key, placement in view.members.items():
        terms = [_words(term) for term in evidence.get(key, ())]
        scores = [sum(1 for words in part if any(words <= t for t in terms)) for part in wanted]
        best = max(range(len(parts)), key=lambda n: (scores[n], -n))
        (made[best] if scores[best] else rest).members[key] = placement
    return [rest, *made]


def apply_controls(
    discovery: Discovery,
    controls: Controls,
    evidence: dict[str, set[str]],
    editor_slugs: Iterable[str],
) -> tuple[list[TopicView], list[str]]:
    """The topics to show, merged, split, renamed, accepted and suppressed as the editor
    says, largest first; and a message per control that names no discovered topic.  An
    editor topic of the same slug replaces the discovered one (the editor took it over)."""
    editor = set(editor_slugs)
    views = {
        t.slug: TopicView(t.slug, t.name, t.slug not in controls.accept, t.profile)
        for t in discovery.topics
        if t.slug not in editor
    }
    for key, placement in sorted(discovery.placements.items()):
        if placement.slug in views:
            views[placement.slug].members[key] = placement
    problems = [
        f"[discovered] names no discovered topic {slug!r}"
        for slug in sorted(controls.slugs() - set(views) - editor)
    ]
    for kept, merged in controls.merge.items():
        for slug in merged:
            if kept in views and slug in views and slug != kept:
                views[kept].members.update(views.pop(slug).members)
    used = set(views) | editor | {t.slug for t in discovery.topics}
    for slug, parts in controls.split.items():
        if slug in views:
            for part in _split_members(views.pop(slug), parts, evidence, used):
                views[part.slug] = part
    for slug, name in controls.rename.items():
        if slug in views:
            views[slug].name = name
    shown = [v for s, v in views.items() if s not in controls.suppress and v.members]
    shown.sort(key=lambda v: (-len(v.members), v.name.casefold(), v.slug))
    return shown, problems


def topic_records(
    views: list[TopicView],
    displays: dict[str, str],
    articles: Sequence[ArticleInput],
    actor_names: dict[str, str],
) -> list[dict]:
    """Discovered topics' records in the shape of the editor topics' (the archive stage's
    merged_topics: matches as [fit, article key, key sentences (none), phrases named], best
    fit first, then oldest, then by key) plus `discovered` and the topic's key `phrases`;
    site/page_data.py shapes both into pages."""
    by_key = {a.key: a for a in articles}
    records = []
    for view in views:
        members = sorted(
            view.members.items(),
            key=lambda item: (-item[1].fit, by_key[item[0]].month or "", item[0]),
        )
        counts = Counter(s for key, _p in members for s in by_key[key].actors)
        top = sorted(counts.items(), key=lambda p: (-p[1], p[0]))[:3]
        phrases = key_phrases(view.profile, displays)
        rank = {f: n for n, (f, _score) in enumerate(phrase_scores(view.profile))}
        months = sorted({by_key[key].month for key, _p in members if by_key[key].month})
        records.append(
            {
                "slug": view.slug,
                "name": view.name,
                "description": describe(
                    len(members),
                    phrases[:3],
                    [actor_names[s] for s, _n in top if s in actor_names],
                    months,
                ),
                "discovered": view.discovered,
                "phrases": phrases,
                "matches": [
                    [
                        placement.fit,
                        key,
                        [],
                        [displays.get(f, f) for f in sorted(placement.phrases, key=rank.get)],
                    ]
                    for key, placement in members
                ],
            }
        )
    return records


def tag_events(events: list[dict], article_topics: dict[str, list[str]]) -> dict[str, list[str]]:
    """Add to each event (chronology records) the discovered topics of the articles that
    report it, in source order; returns each of those topics' event ids, in event order."""
    by_topic: dict[str, list[str]] = {}
    for event in events:
        extra = [slug for source in event["sources"] for slug in article_topics.get(source, ())]
        added = [slug for slug in dict.fromkeys(extra) if slug not in event["topics"]]
        event["topics"] = [*event["topics"], *added]
        for slug in dict.fromkeys(extra):
            by_topic.setdefault(slug, []).append(event["id"])
    return by_topic


def discovery_note(views: list[TopicView], displays: dict[str, str], new: Sequence[str]) -> str:
    """One line for the editor: each discovered topic's slug, articles and phrases."""
    parts = []
    for view in views:
        phrases = key_phrases(view.profile, displays)[:6]
        mark = ", new" if view.slug in new else ""
        parts.append(f"{view.slug} ({len(view.members)}{mark}): {', '.join(phrases)}")
    return "; ".join(parts)


def memory_fingerprint(path: Path | None) -> str:
    """The remembered file's bytes as a short digest ("" when there is none)."""
    try:
        data = Path(path).read_bytes() if path else b""
    except OSError:
        data = b""
    return hashlib.sha256(data).hexdigest()[:16] if data else ""
