"""Assign TOPICS to articles by matching the lemmatised phrases of a taxonomy.

The taxonomy (``data/topics.toml`` by default) lists per topic the phrases that signal it.
Matching reads only the cached annotation of an article (see ``annotate.py``), never spaCy:

* Words are compared by lemma (lower-cased), token by token, so "hostages" matches
  "hostage" and "aid" never matches "aide" or "said".  A phrase word also matches an
  article word whose lemma is the phrase word as written, because a phrase is lemmatised
  out of context ("wounded" alone is the verb "wound"; in "the wounded" it stays "wounded").
* Case: acronyms are matched on the original token text, everything else on lemmas.  A
  phrase word in capitals ("UN", "U.N.", "UNRWA") is an acronym: it matches only article
  tokens whose text, dots removed, is the same capitals ("UN", "U.N."), never "un"/"Un".
* Hyphens inside words are skipped on both sides ("hostage-release deal" is
  hostage, release, deal); a dash with spaces around it still separates phrases.
* Per topic, overlapping hits keep the leftmost-longest one, and hits inside one of the
  topic's ``exclude`` phrases are dropped.
* A topic's ``requires`` names lists of ``[subjects]`` phrases: SUBJECT evidence, which
  story the article is on (Gaza, Hamas, Knesset).  They add nothing to the score, but such
  a topic is assigned only to an article that names them in at least
  ``min_subject_sentences`` sentences, so generic words ("election", "death toll", "talks")
  never put another story on the topic, nor does one passing "as in Gaza".

Scoring and the assignment rule are documented in ``data/topics.toml`` ([assignment]).
Matching is linear in the article: an index from first word to phrases, phrases of at most
a few words.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import math
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .. import annotate

DEFAULT_TAXONOMY_PATH = Path(__file__).parent.parent / "data" / "topics.toml"

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

# Tokens joining two parts of one word; skipped when written without spaces around them.
HYPHENS = frozenset({"-", "\u2010", "\u2011"})

# Key kinds of a word in the phrase index.
LEMMA = "lemma"
ACRONYM = "acronym"

# Phrase kinds inside a topic.
PHRASE = "phrase"
STRONG = "strong"
EXCLUDE = "exclude"
REQUIRES = "requires"

MAX_KEY_SENTENCES = 3

# Tags of the words of an approximate noun chunk (adjectives and nouns, Penn tagset).
CHUNK_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS"})
NOUN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS"})
# Adjectives that only count or date a chunk ("other demands", "latest proposal"): dropped
# from its start so such chunks are counted with the bare noun phrase.
GENERIC_MODIFIERS = frozenset(
    {
        "other",
        "more",
        "most",
        "many",
        "several",
        "such",
        "same",
        "few",
        "last",
        "next",
        "first",
        "latest",
        "new",
        "own",
        "further",
        "senior",
        "top",
        "former",
        "late",
    }
)
# Entity labels that can name a topic; people, dates and numbers never do.
TOPICAL_ENTITY_LABELS = frozenset(
    {
        "ORG",
        "GPE",
        "NORP",
        "EVENT",
        "LAW",
        "FAC",
        "LOC",
        "PRODUCT",
        "WORK_OF_ART",
    }
)

TOPIC_FIELDS = {"slug", "name", "description", "phrases", "strong", "exclude", "requires"}
PHRASE_LISTS = ("phrases", "strong", "exclude", "requires")


class TaxonomyError(ValueError):
    """The taxonomy file is missing, is not valid TOML or lacks a required field."""


@dataclass(frozen=True)
class Topic:
    """One topic of the taxonomy and the phrases that signal it."""

    slug: str
    name: str
    description: str
    phrases: tuple[str, ...]
    strong: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()  # subject evidence; empty: the score rule alone decides


@dataclass(frozen=True)
class Assignment:
    """The scoring weights and the thresholds of topic assignment (see topics.toml)."""

    threshold: float = 2.5
    min_hits: int = 2
    min_sentences: int = 2
    strong_weight: float = 2.0
    first_paragraph_factor: float = 1.5
    sentence_bonus: float = 0.5
    reference_words: int = 400
    min_subject_sentences: int = 2


@dataclass(frozen=True)
class Taxonomy:
    """The topics and the assignment rule, as read from one TOML file."""

    topics: tuple[Topic, ...]
    assignment: Assignment = field(default_factory=Assignment)
    source: str = ""


@dataclass(frozen=True)
class Pattern:
    """One phrase of one topic as the sequence of word keys it must match."""

    keys: tuple[tuple[str, str], ...]
    topic: int
    kind: str
    phrase: str


@dataclass
class TopicMatcher:
    """A compiled taxonomy: phrases indexed by their first word key."""

    taxonomy: Taxonomy
    index: dict[tuple[str, str], list[Pattern]]
    unmatchable: list[str] = field(default_factory=list)  # phrases with no word left


@dataclass(frozen=True)
class TopicMatch:
    """How much one article is about one topic, and the evidence."""

    slug: str
    score: float
    assigned: bool
    hits: tuple[tuple[int, int, str], ...]  # (start, end, phrase as written in the taxonomy)
    key_sentences: tuple[tuple[int, int], ...]  # best first, at most MAX_KEY_SENTENCES
    subject_sentences: int = 0  # sentences naming one of the topic's `requires` phrases

    def to_dict(self) -> dict:
        """Plain JSON-able data."""
        return {
            "slug": self.slug,
            "score": self.score,
            "assigned": self.assigned,
            "hits": [list(h) for h in self.hits],
            "key_sentences": [list(s) for s in self.key_sentences],
            "subject_sentences": self.subject_sentences,
        }


# --- the taxonomy file -------------------------------------------------------------------


def slugify(name: str) -> str:
    """A URL slug made of the lower-case letters and digits of a name."""
    return "-".join(re.findall(r"[a-z0-9]+", name.lower()))


def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """Read a taxonomy TOML file (default: data/topics.toml, or the EXPLAINER_TOPICS path)."""
    path = Path(path) if path else DEFAULT_TAXONOMY_PATH
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise TaxonomyError(f"{path}: cannot read the topic taxonomy ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise TaxonomyError(f"{path}: not valid TOML: {exc}") from exc
    return parse_taxonomy(data, source=str(path))


def parse_taxonomy(data: dict, source: str = "<taxonomy>") -> Taxonomy:
    """Check and convert the parsed TOML of a taxonomy; errors name the source and topic."""
    assignment = _parse_assignment(data.get("assignment", {}), source)
    subjects = _parse_subjects(data.get("subjects", {}), source)
    # No [[topics]] at all is an empty taxonomy: every topic is then discovered
    # (derive/discovery.py), or there are none when discovery is off.
    entries = data.get("topics", [])
    if not isinstance(entries, list):
        raise TaxonomyError(f"{source}: 'topics' must be [[topics]] tables")
    topics: list[Topic] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        topic = _parse_topic(entry, f"{source}: topic #{number}", subjects)
        if topic.slug in seen:
            raise TaxonomyError(
                f"{source}: topic #{number} ({topic.name!r}): duplicate slug {topic.slug!r}"
            )
        seen.add(topic.slug)
        topics.append(topic)
    return Taxonomy(topics=tuple(topics), assignment=assignment, source=source)


def _parse_assignment(settings, source: str) -> Assignment:
    """The [assignment] table: known keys, numbers only."""
    if not isinstance(settings, dict):
        raise TaxonomyError(f"{source}: [assignment] must be a table")
    known = {f for f in Assignment.__dataclass_fields__}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise TaxonomyError(
            f"{source}: [assignment] has unknown keys {unknown}; known: {sorted(known)}"
        )
    for key, value in settings.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise TaxonomyError(f"{source}: [assignment] {key} must be a number")
    if settings.get("min_subject_sentences", 1) < 1:
        raise TaxonomyError(f"{source}: [assignment] min_subject_sentences must be at least 1")
    return Assignment(**settings)


def _phrase_list(value, where: str) -> tuple[str, ...]:
    """A list of non-empty strings, stripped, or a TaxonomyError naming where it is."""
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        raise TaxonomyError(f"{where} must be a list of non-empty strings")
    return tuple(p.strip() for p in value)


def _parse_subjects(table, source: str) -> dict[str, tuple[str, ...]]:
    """The [subjects] table: named lists of subject phrases that topics' `requires` share."""
    if not isinstance(table, dict):
        raise TaxonomyError(f"{source}: [subjects] must be a table of phrase lists")
    subjects = {}
    for name, value in table.items():
        subjects[name] = _phrase_list(value, f"{source}: [subjects] {name!r}")
        if not subjects[name]:
            raise TaxonomyError(f"{source}: [subjects] {name!r} lists no phrase")
    return subjects


def _expand_requires(value, where: str, subjects: dict[str, tuple[str, ...]]):
    """A topic's subject phrases: the union of the [subjects] lists its `requires` names."""
    names = _phrase_list(value, f"{where}: 'requires'")
    if not names:
        raise TaxonomyError(f"{where}: 'requires' is empty (leave it out to need no subject)")
    unknown = [name for name in names if name not in subjects]
    if unknown:
        raise TaxonomyError(
            f"{where}: 'requires' names no [subjects] list {unknown}; known: {sorted(subjects)}"
        )
    return tuple(dict.fromkeys(phrase for name in names for phrase in subjects[name]))


def _parse_topic(entry, where: str, subjects: dict[str, tuple[str, ...]]) -> Topic:
    """One [[topics]] entry, checked field by field."""
    if not isinstance(entry, dict):
        raise TaxonomyError(f"{where} must be a table")
    if isinstance(entry.get("name"), str):
        where += f" ({entry['name']!r})"
    unknown = sorted(set(entry) - TOPIC_FIELDS)
    if unknown:
        raise TaxonomyError(f"{where}: unknown keys {unknown}; known: {sorted(TOPIC_FIELDS)}")
    for key in ("name", "description"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            raise TaxonomyError(f"{where}: missing '{key}' (a non-empty string)")
    slug = entry.get("slug") or slugify(entry["name"])
    if not isinstance(slug, str) or not SLUG_PATTERN.match(slug):
        raise TaxonomyError(f"{where}: slug {slug!r} must match {SLUG_PATTERN.pattern}")
    lists = {
        key: _phrase_list(entry.get(key, []), f"{where}: '{key}'")
        for key in ("phrases", "strong", "exclude")
    }
    if not lists["phrases"] and not lists["strong"]:
        raise TaxonomyError(f"{where}: missing 'phrases' (at least one phrase)")
    if "requires" in entry:
        lists["requires"] = _expand_requires(entry["requires"], where, subjects)
    return Topic(
        slug=slug, name=entry["name"].strip(), description=entry["description"].strip(), **lists
    )


def taxonomy_fingerprint(taxonomy: Taxonomy) -> str:
    """A short hash of the topics and the assignment rule (not of the file's path)."""
    content = {
        "topics": [asdict(t) for t in taxonomy.topics],
        "assignment": asdict(taxonomy.assignment),
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# --- compiling phrases -------------------------------------------------------------------


def acronym_form(text: str) -> str | None:
    """The capitals of an acronym ("U.N." -> "UN"), or None when the text is no acronym."""
    letters = text.replace(".", "")
    if len(letters) >= 2 and letters.isalpha() and letters.isupper():
        return letters
    return None


def annotation_lemmatizer(cache=None, model_name: str | None = None):
    """A lemmatize callable for compile_taxonomy backed by annotate.annotate_texts."""

    def lemmatize(phrases: list[str]) -> list[list[str]]:
        annotations, _ = annotate.annotate_texts(phrases, cache=cache, model_name=model_name)
        return [a["lemma"] for a in annotations]

    return lemmatize


def phrase_word_keys(phrase: str, lemmas: Sequence[str]) -> list[set[tuple[str, str]]]:
    """The keys each word of a phrase may match: its acronym, or its lemma and its form."""
    lemmas = [lemma for lemma in lemmas if lemma not in HYPHENS and lemma.strip()]
    words = [w for w in re.split(r"[\s\-\u2010\u2011]+", phrase) if w]
    acronyms = {w.lower(): acronym_form(w) for w in words if acronym_form(w)}
    # The written words line up with the lemmas only when the tokeniser split them alike.
    aligned = len(words) == len(lemmas)
    keys: list[set[tuple[str, str]]] = []
    for position, lemma in enumerate(lemmas):
        if lemma in acronyms:
            keys.append({(ACRONYM, acronyms[lemma])})
            continue
        options = {(LEMMA, lemma)}
        if aligned:
            options.add((LEMMA, words[position].lower()))
        keys.append(options)
    return keys


def compile_taxonomy(
    taxonomy: Taxonomy, lemmatize: Callable[[list[str]], list[list[str]]]
) -> TopicMatcher:
    """Lemmatise every phrase once (in one call) and index them by their first word."""
    phrases = sorted(
        {p for t in taxonomy.topics for p in (*t.phrases, *t.strong, *t.exclude, *t.requires)}
    )
    lemmas_of = dict(zip(phrases, lemmatize(phrases), strict=True))
    index: dict[tuple[str, str], list[Pattern]] = {}
    unmatchable: list[str] = []
    for number, topic in enumerate(taxonomy.topics):
        for kind, group in (
            (PHRASE, topic.phrases),
            (STRONG, topic.strong),
            (EXCLUDE, topic.exclude),
            (REQUIRES, topic.requires),
        ):
            for phrase in group:
                options = phrase_word_keys(phrase, lemmas_of[phrase])
                if not options:
                    unmatchable.append(phrase)
                    continue
                for keys in itertools.product(*(sorted(o) for o in options)):
                    pattern = Pattern(keys=keys, topic=number, kind=kind, phrase=phrase)
                    index.setdefault(keys[0], []).append(pattern)
    return TopicMatcher(taxonomy=taxonomy, index=index, unmatchable=unmatchable)


# --- matching an article -----------------------------------------------------------------


@dataclass
class _Words:
    """The article's tokens without attached hyphens, with their match keys."""

    tokens: list[int]  # token index of each word
    keys: list[tuple[tuple[str, str], ...]]


def _article_words(text: str, annotation: dict) -> _Words:
    """Index the words of an annotated text; attached hyphens are skipped."""
    starts, ends, lemmas = annotation["tok_start"], annotation["tok_end"], annotation["lemma"]
    count = len(starts)
    tokens: list[int] = []
    keys: list[tuple[tuple[str, str], ...]] = []
    for i in range(count):
        surface = text[starts[i] : ends[i]]
        if (
            surface in HYPHENS
            and 0 < i < count - 1
            and ends[i - 1] == starts[i]
            and ends[i] == starts[i + 1]
        ):
            continue
        acronym = acronym_form(surface)
        word_keys: tuple[tuple[str, str], ...] = ((LEMMA, lemmas[i]),)
        if acronym:
            word_keys += ((ACRONYM, acronym),)
        tokens.append(i)
        keys.append(word_keys)
    return _Words(tokens, keys)


def _raw_matches(words: _Words, matcher: TopicMatcher) -> list[tuple[int, int, Pattern]]:
    """Every (first word, end word, pattern) match, all topics and kinds, overlaps kept."""
    found = []
    total = len(words.keys)
    for position, word_keys in enumerate(words.keys):
        for key in word_keys:
            for pattern in matcher.index.get(key, ()):
                length = len(pattern.keys)
                if position + length > total:
                    continue
                if all(pattern.keys[j] in words.keys[position + j] for j in range(1, length)):
                    found.append((position, position + length, pattern))
    return found


def _leftmost_longest(
    candidates: list[tuple[int, int, Pattern]], excluded: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int, Pattern]]:
    """Non-overlapping matches, leftmost-longest first, none overlapping an excluded span."""
    # Longest first at each start; a strong reading beats a plain one of the same span.
    ordered = sorted(
        candidates, key=lambda m: (m[0], -(m[1] - m[0]), m[2].kind != STRONG, m[2].phrase)
    )
    kept: list[tuple[int, int, Pattern]] = []
    last_end = -1
    for start, end, pattern in ordered:
        if start < last_end:
            continue
        if any(start < x_end and x_start < end for x_start, x_end in excluded):
            continue
        kept.append((start, end, pattern))
        last_end = end
    return kept


def _topic_hits(
    matches: list[tuple[int, int, Pattern]], topic_count: int
) -> tuple[dict[int, list[tuple[int, int, Pattern]]], dict[int, list[int]]]:
    """Per topic, the leftmost-longest non-overlapping hits outside its exclude phrases,
    and the first words of its subject phrases (exclude phrases do not apply to them:
    "Rafah crossing" is no fighting but still names Gaza)."""
    groups: dict[tuple[int, str], list[tuple[int, int, Pattern]]] = {}
    for match in matches:
        kind = match[2].kind if match[2].kind in (EXCLUDE, REQUIRES) else PHRASE
        groups.setdefault((match[2].topic, kind), []).append(match)
    hits: dict[int, list[tuple[int, int, Pattern]]] = {}
    subject_words: dict[int, list[int]] = {}
    for topic in range(topic_count):
        excluded = [(start, end) for start, end, _ in groups.get((topic, EXCLUDE), [])]
        kept = _leftmost_longest(groups.get((topic, PHRASE), []), excluded)
        if kept:
            hits[topic] = kept
        subject = _leftmost_longest(groups.get((topic, REQUIRES), []))
        subject_words[topic] = [first for first, _last, _pattern in subject]
    return hits, subject_words


def _word_count(text: str, annotation: dict) -> int:
    """Tokens with a letter or digit: the article length used to normalise scores."""
    return sum(
        1
        for s, e in zip(annotation["tok_start"], annotation["tok_end"], strict=True)
        if any(c.isalnum() for c in text[s:e])
    )


def _first_paragraph_end(text: str, annotation: dict) -> int:
    """Where the first paragraph ends: the first blank line, else the first sentence."""
    blank = re.search(r"\n\s*\n", text)
    if blank:
        return blank.start()
    sentences = annotation["sents"]
    return sentences[0][1] if sentences else len(text)


@dataclass(frozen=True)
class _Layout:
    """Where an article's sentences and first paragraph are, and its length scale."""

    sentences: Sequence[Sequence[int]]
    sentence_starts: list[int]
    first_paragraph_end: int
    length_scale: float

    def sentence_of(self, start: int) -> int:
        """The number of the sentence a character offset falls in."""
        return max(bisect.bisect_right(self.sentence_starts, start) - 1, 0)


def _layout(text: str, annotation: dict, rule: Assignment) -> _Layout:
    """The parts of an article that scoring needs besides the hits."""
    sentences = annotation["sents"] or [[0, len(text)]]
    words = max(_word_count(text, annotation), rule.reference_words)
    return _Layout(
        sentences=sentences,
        sentence_starts=[s for s, _ in sentences],
        first_paragraph_end=_first_paragraph_end(text, annotation),
        length_scale=math.sqrt(words / rule.reference_words),
    )


def _score_topic(
    topic: Topic,
    spans: list[tuple[int, int, Pattern]],
    subject_sentences: int,
    layout: _Layout,
    rule: Assignment,
) -> TopicMatch:
    """Score one topic from its hits (character spans) and decide whether it is assigned."""
    weight_by_sentence: dict[int, float] = {}
    total = 0.0
    for start, _end, pattern in spans:
        weight = rule.strong_weight if pattern.kind == STRONG else 1.0
        if start < layout.first_paragraph_end:
            weight *= rule.first_paragraph_factor
        sentence = layout.sentence_of(start)
        weight_by_sentence[sentence] = weight_by_sentence.get(sentence, 0.0) + weight
        total += weight
    distinct = len(weight_by_sentence)
    score = (total + rule.sentence_bonus * (distinct - 1)) / layout.length_scale
    strong_hits = sum(1 for _s, _e, pattern in spans if pattern.kind == STRONG)
    enough_evidence = (len(spans) >= rule.min_hits and distinct >= rule.min_sentences) or (
        strong_hits >= 1 and len(spans) >= 2
    )
    on_subject = not topic.requires or subject_sentences >= rule.min_subject_sentences
    best = sorted(weight_by_sentence, key=lambda s: (-weight_by_sentence[s], s))
    return TopicMatch(
        slug=topic.slug,
        score=round(score, 3),
        assigned=enough_evidence and on_subject and score >= rule.threshold,
        hits=tuple((start, end, pattern.phrase) for start, end, pattern in spans),
        key_sentences=tuple(
            (layout.sentences[s][0], layout.sentences[s][1]) for s in best[:MAX_KEY_SENTENCES]
        ),
        subject_sentences=subject_sentences,
    )


def match_article(text: str, annotation: dict, matcher: TopicMatcher) -> list[TopicMatch]:
    """Score every topic with at least one hit in an article, best first (then by slug)."""
    rule = matcher.taxonomy.assignment
    topics = matcher.taxonomy.topics
    words = _article_words(text, annotation)
    hits_by_topic, subject_words = _topic_hits(_raw_matches(words, matcher), len(topics))
    starts, ends = annotation["tok_start"], annotation["tok_end"]
    layout = _layout(text, annotation, rule)
    results = [
        _score_topic(
            topics[number],
            [
                (starts[words.tokens[first]], ends[words.tokens[last - 1]], pattern)
                for first, last, pattern in topic_hits
            ],
            len({layout.sentence_of(starts[words.tokens[w]]) for w in subject_words[number]}),
            layout,
            rule,
        )
        for number, topic_hits in hits_by_topic.items()
    ]
    results.sort(key=lambda m: (-m.score, m.slug))
    return results


def assigned_topics(text: str, annotation: dict, matcher: TopicMatcher) -> list[str]:
    """The slugs of the topics assigned to an article, best first."""
    return [m.slug for m in match_article(text, annotation, matcher) if m.assigned]


# --- what the taxonomy misses ------------------------------------------------------------


def render_phrase(text: str, annotation: dict, tokens: Sequence[int]) -> str:
    """Lemmas of a token run, glued where the text has an attached hyphen."""
    lemmas, starts, ends = annotation["lemma"], annotation["tok_start"], annotation["tok_end"]
    parts: list[str] = []
    for position, i in enumerate(tokens):
        if position and not (
            ends[tokens[position - 1]] == starts[i]
            and (
                text[starts[i] : ends[i]] in HYPHENS
                or text[starts[tokens[position - 1]] : ends[tokens[position - 1]]] in HYPHENS
            )
        ):
            parts.append(" ")
        parts.append(lemmas[i])
    return "".join(parts)


def blocked_tokens(annotation: dict) -> list[bool]:
    """Per token: inside an entity about people, dates or numbers, so never part of a key
    phrase (topical entities such as places and organisations are not blocked)."""
    starts = annotation["tok_start"]
    blocked = [False] * len(starts)
    for ent_start, ent_end, label in annotation["ents"]:
        if label in TOPICAL_ENTITY_LABELS:
            continue
        for i in range(bisect.bisect_left(starts, ent_start), bisect.bisect_left(starts, ent_end)):
            blocked[i] = True
    return blocked


def key_phrase_spans(text: str, annotation: dict) -> list[tuple[int, int]]:
    """Token spans [start, end) of topical multiword entities, then of adjective/noun
    chunks, in text order within each kind."""
    return _entity_spans(annotation) + _chunk_spans(text, annotation, blocked_tokens(annotation))


def _entity_spans(annotation: dict) -> list[tuple[int, int]]:
    """The token spans of topical entities of two words or more (a leading "the" left out)."""
    tags, starts = annotation["tag"], annotation["tok_start"]
    spans: list[tuple[int, int]] = []
    for ent_start, ent_end, label in annotation["ents"]:
        if label not in TOPICAL_ENTITY_LABELS:
            continue
        first = bisect.bisect_left(starts, ent_start)
        last = bisect.bisect_left(starts, ent_end)
        while first < last and tags[first] == "DT":
            first += 1
        if sum(1 for i in range(first, last) if tags[i] not in ("HYPH", "POS")) >= 2:
            spans.append((first, last))
    return spans


def _chunk_spans(text: str, annotation: dict, blocked: list[bool]) -> list[tuple[int, int]]:
    """The adjective/noun chunks of two words or more: each run of chunk tokens (joined
    across attached hyphens), without leading generic modifiers and trailing non-nouns;
    no `blocked` token (blocked_tokens) is part of one."""
    tags, lemmas = annotation["tag"], annotation["lemma"]
    starts, ends = annotation["tok_start"], annotation["tok_end"]

    def in_chunk(i: int) -> bool:
        return not blocked[i] and tags[i] in CHUNK_TAGS

    def is_hyphen(i: int) -> bool:
        return text[starts[i] : ends[i]] in HYPHENS

    def attached_hyphen(j: int) -> bool:  # "long-term": a hyphen touching two chunk words
        return (
            is_hyphen(j)
            and j + 1 < len(tags)
            and ends[j - 1] == starts[j]
            and ends[j] == starts[j + 1]
            and in_chunk(j + 1)
        )

    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tags):
        if not in_chunk(i):
            i += 1
            continue
        j = i + 1
        while j < len(tags) and (attached_hyphen(j) or in_chunk(j)):
            j += 2 if attached_hyphen(j) else 1
        first, last = i, j
        while first < last and lemmas[first] in GENERIC_MODIFIERS:
            first += 1
        while last > first and tags[last - 1] not in NOUN_TAGS:
            last -= 1
        if sum(1 for k in range(first, last) if not is_hyphen(k)) >= 2:
            spans.append((first, last))
        i = j
    return spans


def article_key_phrases(
    text: str, annotation: dict, matcher: TopicMatcher
) -> tuple[list[str], list[str]]:
    """One article's key phrases, split into (seen, covered): the per-article half of
    uncovered_phrases, small enough to cache so a rebuild need not reload annotations."""
    words = _article_words(text, annotation)
    # Token ranges touched by any phrase of any topic; subject phrases name a story, not a
    # topic, so "Tel Aviv" stays a key phrase no topic covers.
    touched = [False] * len(annotation["tag"])
    for first, last, pattern in _raw_matches(words, matcher):
        if pattern.kind == REQUIRES:
            continue
        for token in range(words.tokens[first], words.tokens[last - 1] + 1):
            touched[token] = True
    seen: set[str] = set()
    covered: set[str] = set()
    for start, end in key_phrase_spans(text, annotation):
        phrase = render_phrase(text, annotation, range(start, end))
        if any(touched[start:end]):
            covered.add(phrase)
        seen.add(phrase)
    return sorted(seen), sorted(covered)


def rank_uncovered(
    per_article: Iterable[tuple[Sequence[str], Sequence[str]]],
    *,
    top: int = 20,
    min_articles: int = 2,
) -> list[tuple[str, int]]:
    """Combine article_key_phrases results into the most frequent uncovered phrases.

    A per-key reduction (archive/reductions.py runs it on a Dask cluster): each article's
    `phrase_tallies`, summed per phrase by `add_tallies`, then `ranked_phrases`."""
    tallies: dict[str, PhraseTally] = {}
    for seen, covered_here in per_article:
        for phrase, tally in phrase_tallies(seen, covered_here):
            tallies[phrase] = add_tallies(tallies.get(phrase, NO_TALLY), tally)
    return ranked_phrases(tallies, top=top, min_articles=min_articles)


# A key phrase's tally: (articles that have it, whether a topic phrase covers it anywhere).
PhraseTally = tuple[int, bool]
NO_TALLY: PhraseTally = (0, False)


def phrase_tallies(
    seen: Sequence[str], covered_here: Sequence[str]
) -> Iterator[tuple[str, PhraseTally]]:
    """One article's key phrases (article_key_phrases) as (phrase, tally) pairs."""
    for phrase in covered_here:
        yield phrase, (0, True)
    for phrase in seen:
        yield phrase, (1, False)


def add_tallies(a: PhraseTally, b: PhraseTally) -> PhraseTally:
    return (a[0] + b[0], a[1] or b[1])


def ranked_phrases(
    tallies: dict[str, PhraseTally], *, top: int = 20, min_articles: int = 2
) -> list[tuple[str, int]]:
    """The most frequent uncovered phrases of the summed tallies, with their article counts:
    most articles first, then alphabetical."""
    ranked = sorted(
        (
            (phrase, count)
            for phrase, (count, covered) in tallies.items()
            if not covered and count >= min_articles
        ),
        key=lambda item: (-item[1], item[0]),
    )
    return ranked[:top]


def uncovered_phrases(
    articles: Sequence[tuple[str, dict]],
    matcher: TopicMatcher,
    *,
    top: int = 20,
    min_articles: int = 2,
) -> list[tuple[str, int]]:
    """Frequent multiword key phrases no topic phrase touches, with their article counts.

    Key phrases are adjective/noun runs of two or more words (lemmatised, leading words
    like "other"/"latest" dropped) and multiword entities other than people, dates and
    numbers.  A phrase is covered when any topic phrase (including exclude phrases) overlaps
    one of its occurrences; subject phrases (``requires``) name a story, not a topic, and
    cover nothing.  Order: most articles first, then alphabetical.
    """
    return rank_uncovered(
        (article_key_phrases(text, annotation, matcher) for text, annotation in articles),
        top=top,
        min_articles=min_articles,
    )
