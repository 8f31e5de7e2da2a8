"""Find the actors of the archive (people, organisations, places) and merge them into pages.

Pure Python over the one spaCy pass (see annotate.py): named entities, sentences and
tokens of each cleaned body, plus the editor data in data/actors.toml.  Precision first:
when a rule is unsure (two people share a surname, a pronoun could be two speakers) it
leaves the mention alone or drops the quotation rather than guess.

Choices worth knowing:

* Kinds: PERSON -> person, ORG -> organization, GPE -> place.  NORP ("Israeli"), LOC and
  FAC are skipped unless the [kinds] table names them (Hezbollah tagged NORP).  A GPE/ORG
  that the same article also tags PERSON, or that is a surname of a person there, or that
  follows "Mr"/"Ms"/..., is a person (spaCy tags "Blinken" GPE now and then).
* A capital followed by a verb or a possessive ("Washington said", "Tehran has blamed",
  "Washington's top diplomat") is its country; after "in"/"to"/... it stays the city.
* Surnames and honorific forms merge into the one full name ending with them, found in
  the same article, else anywhere in the archive; two candidates -> no merge.
* Roles are read from the words right before a person's name ("US Secretary of State
  Antony Blinken") or from an appositive after it ("Antony Blinken, the US Secretary of
  State,").  A nationality inside a role describes the person: it is not a mention of the
  country.
* A news outlet (agency, broadcaster, paper: the [news_outlets] table) that the body names
  only as a source ("a senior Hamas official told Reuters", "Reuters reported", a
  dateline's "(Reuters)") is an organisation mention, not an actor; one the text makes act
  ("Sky News went off the air") gets a page like any organisation.  Credits, bylines and
  chrome never reach this module: it reads the cleaned body only.
* Quotations: see :func:`find_quotes`.  Prominence: see the [prominence] table.
* An ORG/GPE-tagged full name that is a person's full name elsewhere in the archive is
  that person ("Olaf Scholz" tagged ORG in one article, PERSON in another).
* Co-occurrence counts articles (two actors co-occur once per article naming both).
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..calendar_words import MONTHS, WEEKDAYS
from ..slugs import make_slug, unique_slugs
from .spans import repair_entities

__all__ = [
    "Actor",
    "ActorIndex",
    "ActorRules",
    "ArticleMentions",
    "Mention",
    "Quote",
    "find_mentions",
    "load_actor_rules",
    "merge_actors",
]

DEFAULT_RULES_PATH = Path(__file__).parent.parent / "data" / "actors.toml"
KINDS = ("person", "organization", "place")
LABEL_KINDS = {"PERSON": "person", "ORG": "organization", "GPE": "place"}
# Labels read at all; NORP/LOC/FAC only become actors through the [kinds] table.
READ_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
INNER_POSSESSIVE = re.compile(r"['’]s\s+")
LEADING_THE = re.compile(r"(?:the|The)\s+")
PRONOUNS = {"he": "person", "she": "person", "it": "organization"}
QUOTE_OPEN_AFTER = set(" \t\n([{—–-")  # a straight quote after these opens a quotation


# ---------------------------------------------------------------------------
# Editor data
# ---------------------------------------------------------------------------


def _alternation(words: Sequence[str], ignore_case: bool) -> str:
    """A regex alternation of words, longest first so the longest form wins."""
    body = "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?i:{body})" if ignore_case else f"(?:{body})"


class ActorRules:
    """The editor data of data/actors.toml (plus an editor's file), with compiled patterns."""

    def __init__(self, data: dict):
        self.data = data
        self.aliases: dict[str, str] = dict(data.get("aliases", {}))
        self._aliases_folded = {k.casefold(): v for k, v in sorted(self.aliases.items())}
        self.kinds: dict[str, str] = dict(data.get("kinds", {}))
        bad = sorted(k for k, v in self.kinds.items() if v not in KINDS)
        if bad:
            raise ValueError(f"actor kinds must be one of {KINDS}: {', '.join(bad)}")
        self.capitals: dict[str, str] = dict(data.get("capitals", {}))
        self.nationalities: dict[str, str] = dict(data.get("nationalities", {}))
        self.suppress = frozenset(w.casefold() for w in data.get("suppress", []))
        self.name_suffixes = tuple(data.get("name_suffixes", []))
        self.facility_nouns = frozenset(w.lower() for w in data.get("facility_nouns", []))
        self.locative_prepositions = frozenset(
            w.lower() for w in data.get("locative_prepositions", [])
        )
        self.honorifics = tuple(data.get("honorifics", []))
        names = data.get("names", {})
        self.organisation_heads = frozenset(names.get("organisation_heads", []))
        self.party_words = frozenset(names.get("party_words", []))
        self.administrative_words = tuple(names.get("administrative_words", []))
        self.weekdays_months = frozenset([*MONTHS, *WEEKDAYS, *names.get("weekdays_months", [])])
        self.place_prepositions = tuple(names.get("place_prepositions", []))
        roles = data.get("roles", {})
        self.titles = tuple(roles.get("titles", []))
        self.qualifiers = tuple(roles.get("qualifiers", []))
        self.qualifier_words = frozenset(q.casefold() for q in self.qualifiers)
        self.complements = tuple(roles.get("complements", []))
        quotes = data.get("quotes", {})
        self.speech_verbs = tuple(quotes.get("speech_verbs", ["said"]))
        self.min_quote_words = int(quotes.get("min_words", 6))
        self.min_sentence_words = int(quotes.get("min_sentence_words", 3))
        self.report_verbs = frozenset(quotes.get("report_verbs", ["say"]))
        outlets = data.get("news_outlets", {})
        self.news_outlets = frozenset(outlets.get("names", []))
        self.outlet_endings = tuple(outlets.get("name_endings", []))
        self._outlet_words = {
            key: tuple(outlets.get(key, []))
            for key in ("descriptors", "source_before", "source_by", "source_after", "source_for")
        }
        self.prominence = {
            "mention": 1.0,
            "first_paragraph": 1.0,
            "role": 1.0,
            "quote": 2.0,
            "title": 3.0,
            **{k: float(v) for k, v in data.get("prominence", {}).items()},
        }
        self._compile()

    def _compile(self) -> None:
        title = _alternation(self.titles, True)
        nat = _alternation(self.nationalities, False)
        qual = _alternation(self.qualifiers, True)
        self._title_exact = {t: t for t in self.titles}
        self._title_folded: dict[str, str] = {}
        for t in self.titles:
            self._title_folded.setdefault(t.casefold(), t)
        piece = f"(?:{title}|{nat}|{qual})"
        # A role phrase written right before a name: pieces ending with a title.
        self.role_before = re.compile(rf"(?<![\w.])(?:{piece}\s+)*{title}\s+$")
        # One piece of a role, longest title first, so "Foreign Minister" is one title.
        self.role_piece = re.compile(
            rf"\s*(?:(?P<title>{title})|(?P<nat>{nat})|(?P<qual>{qual}))(?=\s|$)"
        )
        comp = _alternation(self.complements, True) if self.complements else "(?!)"
        self.appositive = re.compile(
            rf",\s+(?:(?:the|a|an)\s+)?(?P<role>(?:{piece}\s+)*{title})"
            rf"(?P<comp>\s+{comp}\s+[^,.;:“”\"\n]{{1,80}}?)?(?=\s*[,.;:)–—]|\s*$)"
        )
        self.title_words = re.compile(rf"(?<![\w.]){title}(?!\w)")
        honor = _alternation(self.honorifics, False) if self.honorifics else "(?!)"
        self.honorific_before = re.compile(rf"(?<![\w.]){honor}\s+$")
        self.honorific_start = re.compile(rf"{honor}\s+")
        # "Mr Scholz" where the recogniser saw no name: one or two capitalised words.
        self.honorific_name = re.compile(
            rf"(?<![\w.]){honor}\s+(?P<name>[A-Z][\w’'-]+(?:[ ]+[A-Z][\w’'-]+)?)"
            r"(?<!['’]s)(?<!['’])"
        )
        self.role_start = re.compile(rf"(?:{piece}\s+)*{title}\s+")
        verbs = _alternation(self.speech_verbs, True)
        self.verb = verbs
        self.nat_words = re.compile(rf"(?<![\w.]){nat}(?![\w])") if self.nationalities else None
        admin = (
            _alternation(self.administrative_words, True) if self.administrative_words else "(?!)"
        )
        self.administrative_after = re.compile(rf"\s+(?P<word>{admin})(?!\w)")
        self.administrative_place = re.compile(
            rf"(?<![\w’'-])(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?)\s+{admin}(?!\w)"
        )
        preps = _alternation(self.place_prepositions, True) if self.place_prepositions else "(?!)"
        self.place_before = re.compile(
            rf"(?<![\w’'-])(?:{preps}|(?:north|south|east|west)\s+of)\s+$", re.I
        )
        self.place_after_preposition = re.compile(
            rf"(?<![\w’'-]){preps}\s+(?P<name>[A-Z][a-z][\w’'-]*)(?![\w’'-]|\s+[A-Z]|-)"
        )
        self._compile_outlets()

    def _compile_outlets(self) -> None:
        """The frames in which a news outlet is a source ("told CNN", "Reuters reported")."""
        words = {
            key: _alternation(found, True) if found else "(?!)"
            for key, found in self._outlet_words.items()
        }
        few = r"(?:[\w’'-]+\s+){0,3}"
        self.outlet_descriptor = re.compile(rf"(?<![\w-]){words['descriptors']}\s+$", re.I)
        self.source_before = re.compile(
            rf"(?<![\w-])(?:{words['source_before']})\s+{few}$"
            rf"|(?<![\w-])(?:{words['source_by']})\s+{few}by\s+(?:the\s+)?$"
            rf"|(?<![\w-])(?:{words['source_for']})\b[^.;:!?]{{0,60}}\bfor\s+(?:the\s+)?$"
            r"|(?<![\w-])(?i:said|says|speaking|spoke|appearing|appeared)\b[^.;:!?]{0,30}"
            r"\bon\s+(?:the\s+)?$",
            re.I,
        )
        self.source_after = re.compile(
            rf"(?:['’]s)?\s+(?:[A-Z][\w’'-]*\s+){{0,2}}(?:{words['source_after']})(?![\w-])"
        )

    def canonical(self, name: str) -> str:
        """The canonical actor name of a cleaned surface form (aliases applied)."""
        return self.aliases.get(name) or self._aliases_folded.get(name.casefold()) or name

    def kind_of(self, name: str) -> str | None:
        return self.kinds.get(name)

    def title_case(self, written: str) -> str:
        """A title as listed in the data: the same-case entry, else the first one."""
        return self._title_exact.get(written) or self._title_folded.get(written.casefold(), written)

    def normalise_role(self, role: str) -> str:
        """Write a role phrase with listed titles and nationality forms (U.S. -> US)."""
        parts: list[str] = []
        pos = 0
        while pos < len(role):
            m = self.role_piece.match(role, pos)
            if not m or m.end() == pos:
                parts.append(role[pos:].strip())
                break
            if m.group("title"):
                parts.append(self.title_case(m.group("title")))
            elif m.group("nat"):
                parts.append(self.nationalities[m.group("nat")])
            else:
                parts.append(m.group("qual"))
            pos = m.end()
        return " ".join(p for p in parts if p)

    def normalise_words(self, text: str) -> str:
        """Nationality forms inside free text (a role's complement): U.S. -> US."""
        if self.nat_words is None:
            return text
        return self.nat_words.sub(lambda m: self.nationalities[m.group(0)], text)


def _merge_data(base: dict, extra: dict) -> dict:
    """Editor data over defaults: tables merge key by key, lists add, scalars replace."""
    merged = dict(base)
    for key, value in extra.items():
        old = merged.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            merged[key] = _merge_data(old, value)
        elif isinstance(old, list) and isinstance(value, list):
            merged[key] = old + [v for v in value if v not in old]
        else:
            merged[key] = value
    return merged


_RULES: dict[str, ActorRules] = {}


def load_actor_rules(path: Path | None = None) -> ActorRules:
    """The default actor data, extended by the editor file at path.

    Cached by the files' contents, not their names, so an edited file (e.g. while
    `pelican --autoreload` runs) is read again.  Bad TOML raises ValueError naming the file.
    """
    texts = [DEFAULT_RULES_PATH.read_text(encoding="utf-8")]
    names = [str(DEFAULT_RULES_PATH)]
    if path and Path(path).resolve() != DEFAULT_RULES_PATH.resolve():
        try:
            texts.append(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise ValueError(f"{path}: the actor rules file cannot be read ({exc})") from None
        names.append(str(path))
    cache_key = "\0".join(texts)
    if cache_key in _RULES:
        return _RULES[cache_key]
    data: dict = {}
    for name, text in zip(names, texts, strict=True):
        try:
            loaded = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ValueError(f"{name}: not valid TOML ({exc})") from None
        data = _merge_data(data, loaded) if data else loaded
    rules = ActorRules(data)
    _RULES.clear()  # keep one set of rules: an edited file replaces the old entry
    _RULES[cache_key] = rules
    return rules


# ---------------------------------------------------------------------------
# Per article
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Mention:
    """One mention of an actor in an article's body text."""

    start: int  # char offsets into the body text, honorific included ("Mr Blinken")
    end: int
    surface: str  # as written, without "the" and possessive
    name: str  # canonical within the article ("Blinken" -> "Antony Blinken")
    kind: str  # "person", "organization" or "place"
    paragraph: int
    sentence: int
    role: str = ""
    role_start: int = -1  # where the role phrase starts, -1 when none
    weight: float = 1.0
    # An ORG/GPE-tagged name of two or more capitalised words that no data names: it
    # may be a person the recogniser mislabelled, so "he said" near it is unclear.
    maybe_person: bool = False


@dataclass(slots=True)
class Quote:
    """A direct quotation and the mention of its speaker."""

    text: str
    start: int  # the opening quotation mark
    end: int  # after the closing quotation mark
    speaker: int  # index into ArticleMentions.mentions; -1 for an unnamed source
    basis: str  # "after", "inverted", "before", "that", "pronoun", "continued", ...
    kind: str = "direct"  # "direct", "mixed" or "indirect" (see derive/quotes.py)


@dataclass
class ArticleMentions:
    """Everything find_mentions found in one article."""

    key: str
    mentions: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    title_mentions: list[int] = field(default_factory=list)  # one mention per named actor


@dataclass
class _Candidate:
    start: int
    end: int
    label: str  # spaCy label, or "OWNER" for "Gantz" in "Gantz's National Unity"


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds = []
    start = 0
    for m in re.finditer(r"\n\s*\n", text):
        bounds.append((start, m.start()))
        start = m.end()
    bounds.append((start, len(text)))
    return bounds


def _is_noise(name: str, rules: ActorRules) -> bool:
    """Names that are never actors: numbers, lower-case words, single letters, chrome."""
    letters = [c for c in name if c.isalpha()]
    return (
        len(letters) < 2
        or name == name.lower()
        or any(c.isdigit() for c in name)
        or name.casefold() in rules.suppress
    )


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Entity offsets without spaces, punctuation, a leading "the" or a final possessive."""
    while start < end and not text[start].isalnum():
        start += 1
    m = LEADING_THE.match(text, start, end)
    if m and m.end() < end:
        start = m.end()
    while end > start:
        m = POSSESSIVE.search(text, start, end)
        if m:
            end = m.start()
        elif text[end - 1] in ' \t\n,;:–—"“”' or (
            # Keep the final dot of "U.S." and "U.N."; drop a sentence's full stop.
            text[end - 1] == "." and not re.search(r"(?:^|\.)[A-Z]\.$", text[start:end])
        ):
            end -= 1
        else:
            break
    return start, end


def _candidates(text: str, annotation: dict, rules: ActorRules) -> list[_Candidate]:
    """Entity spans worth reading, trimmed, with "X's Y" organisations split in two, and
    "Mr X" names the recogniser missed."""
    found = []
    for start, end, label in repair_entities(text, annotation, rules):
        if label not in READ_LABELS:
            continue
        start, end = _trim(text, start, end)
        if end <= start:
            continue
        inner = INNER_POSSESSIVE.search(text, start, end)
        if inner and label != "PERSON":
            # "Gantz’s National Unity": an owner and the organisation it owns.
            found.append(_Candidate(start, inner.start(), "OWNER"))
            start = inner.end()
        found.append(_Candidate(start, end, label))
    taken = sorted((c.start, c.end) for c in found)
    for m in rules.honorific_name.finditer(text):
        start, end = m.start("name"), m.end("name")
        i = bisect.bisect_right(taken, (end, end))
        if any(s < end and start < e for s, e in taken[max(0, i - 2) : i + 1]):
            continue
        if rules.title_words.fullmatch(m.group("name")):
            continue  # "Mr President" names no one
        found.append(_Candidate(start, end, "PERSON"))
    found.sort(key=lambda c: (c.start, c.end))
    return found


def _followed_by(text: str, end: int) -> str:
    m = re.match(r"\s*([\w’'-]+)", text[end : end + 40])
    return m.group(1) if m else ""


def _acts(text: str, start: int, end: int, annotation: dict, rules: ActorRules) -> bool:
    """Whether a capital stands for its government here (a verb or possessive follows)."""
    if re.match(r"['’]s?\b", text[end : end + 3]) or re.match(r"['’]", text[end : end + 1]):
        return True
    before = re.search(r"([A-Za-z]+)\s+$", text[max(0, start - 30) : start])
    if before and before.group(1).lower() in rules.locative_prepositions:
        return False
    starts = annotation["tok_start"]
    tags = annotation["tag"]
    i = bisect.bisect_left(starts, end)
    # One adverb may stand between ("Washington largely blaming Hamas").
    if i < len(tags) and tags[i] == "RB":
        i += 1
    return i < len(tags) and (tags[i].startswith("VB") or tags[i] == "MD")


def _index_at(bounds: list[int], pos: int) -> int:
    return max(0, bisect.bisect_right(bounds, pos) - 1)


def _person_suffix_matches(name: str, full_names: Sequence[str]) -> list[str]:
    """The longest full names ending with all the words of name (a surname, "El Sisi")."""
    words = name.split()
    found = [
        f for f in full_names if len(f.split()) > len(words) and f.split()[-len(words) :] == words
    ]
    return sorted(
        f
        for f in found
        if not any(g != f and g.split()[-len(f.split()) :] == f.split() for g in found)
    )


@dataclass
class _Article:
    """One article's text and what every phase of find_mentions reads from it."""

    text: str
    annotation: dict
    rules: ActorRules
    paragraphs: list[tuple[int, int]]
    para_starts: list[int]
    sentences: list
    sent_starts: list[int]
    person_words: set[str] = field(default_factory=set)
    titled: set[int] = field(default_factory=set)
    role_spans: list[tuple[int, int]] = field(default_factory=list)

    @classmethod
    def read(cls, text: str, annotation: dict, rules: ActorRules) -> _Article:
        paragraphs = _paragraph_bounds(text)
        sentences = annotation.get("sents") or [[0, len(text)]]
        return cls(
            text=text,
            annotation=annotation,
            rules=rules,
            paragraphs=paragraphs,
            para_starts=[p[0] for p in paragraphs],
            sentences=sentences,
            sent_starts=[s[0] for s in sentences],
            role_spans=[(m.start(), m.end()) for m in rules.title_words.finditer(text)],
        )


def find_mentions(
    article_key: str, text: str, annotation: dict, rules: ActorRules, title: str = ""
) -> ArticleMentions:
    """The actor mentions, roles and quotations of one article's body text (pure).

    Phases: candidates (repaired entity spans) -> evidence of people -> one mention per
    candidate -> overlaps dropped -> abbreviations introduced by the text -> surnames to
    full names -> roles (and the nationalities inside them dropped) -> weights ->
    quotations and the headline's actors.
    """
    article = _Article.read(text, annotation, rules)
    candidates = _candidates(text, annotation, rules)
    _people_evidence(article, candidates)
    mentions = [m for c in candidates if (m := _mention_of(article, c)) is not None]
    mentions = _without_overlaps(mentions)
    mentions = _apply_abbreviations(article, mentions)
    _resolve_people_in_article(mentions)
    mentions = _without_news_sources(article, mentions)
    mentions = _with_roles(article, mentions)
    _weigh(mentions, rules)
    result = ArticleMentions(key=article_key, mentions=mentions)
    result.quotes = find_quotes(text, mentions, article.paragraphs, article.sentences, rules)
    result.title_mentions = _title_mentions(title, mentions, rules)
    return result


def _people_evidence(article: _Article, candidates: list[_Candidate]) -> None:
    """Names this article shows to be people: tagged PERSON, or written after "Mr"/"Ms"/...
    or a title ("German Chancellor Olaf Scholz", which the recogniser may tag ORG)."""
    text, rules = article.text, article.rules
    for c in candidates:
        words = text[c.start : c.end].split()
        if c.label in ("ORG", "GPE") and rules.canonical(" ".join(words)) not in rules.kinds:
            line_start = text.rfind("\n", 0, c.start) + 1
            m = rules.role_before.search(text, max(line_start, c.start - 200), c.start)
            if m and m.end() == c.start and len(words) > 1:
                article.titled.add(c.start)
        if (
            c.label == "PERSON"
            or c.start in article.titled
            or rules.honorific_before.search(text, max(0, c.start - 8), c.start)
        ):
            article.person_words.add(" ".join(words))
            article.person_words.add(words[-1])


def _mention_of(article: _Article, c: _Candidate) -> Mention | None:
    """The mention a candidate span makes, or None when it names no actor."""
    text, rules = article.text, article.rules
    start, end, honor = _name_bounds(article, c)
    surface = " ".join(text[start:end].split())
    if c.label != "PERSON" and any(s <= start and end <= e for s, e in article.role_spans):
        return None  # "State" of "Secretary of State", "Defence" of "Defence Minister"
    after = _followed_by(text, end)
    if c.label != "PERSON" and after in rules.facility_nouns:
        return None  # "Al-Shifa hospital" is a building
    if _is_noise(surface, rules):
        return None
    suffix = after if after in rules.name_suffixes else ""
    name, kind, end, surface = _name_and_kind(article, c, start, end, surface, honor)
    if suffix and kind != "person":
        # "National Unity party": the suffix is written in the name, ignored in merging.
        end = text.index(suffix, end) + len(suffix)
        surface, name = f"{surface} {suffix}", f"{name} {suffix}"
    if kind is None:
        return None
    maybe_person = (
        kind != "person"
        and c.label in ("ORG", "GPE")
        and not suffix
        and name == surface
        and name not in rules.kinds
        and 1 < len(surface.split()) <= 3
        and all(w[:1].isupper() and w.isalpha() for w in surface.split())
    )
    return Mention(
        start=honor.start() if honor else start,
        end=end,
        surface=f"{honor.group(0).strip()} {surface}" if honor else surface,
        name=name,
        kind=kind,
        paragraph=_index_at(article.para_starts, start),
        sentence=_index_at(article.sent_starts, start),
        maybe_person=maybe_person,
    )


def _name_bounds(article: _Article, c: _Candidate):
    """(start, end, honorific match or None) of the name itself: an honorific or a title
    the recogniser kept inside a person's span is taken out ("President Joe Biden")."""
    text, rules = article.text, article.rules
    start, end = c.start, c.end
    honor = rules.honorific_before.search(text, max(0, start - 8), start)
    if m := rules.honorific_start.match(text, start, end):
        honor, start = m, m.end()  # the recogniser kept "Mr" inside the name
    m = rules.role_start.match(text, start, end) if c.label == "PERSON" else None
    if m and m.end() < end:
        start = m.end()  # a title kept inside the name is a role
    return start, end, honor


def _name_and_kind(article: _Article, c: _Candidate, start, end, surface, honor):
    """(canonical name, kind or None, end, written form) of one candidate."""
    text, rules = article.text, article.rules
    if c.label == "GPE" and (admin := rules.administrative_after.match(text, end)):
        # "Kherson region": the place Kherson, written with its administrative word.
        return rules.canonical(surface), "place", admin.end(), f"{surface} {admin['word']}"
    if surface in rules.capitals and _acts(text, start, end, article.annotation, rules):
        return rules.capitals[surface], "place", end, surface
    name = rules.canonical(surface)
    if (
        honor
        or c.start in article.titled
        or (
            c.label in ("GPE", "ORG", "OWNER")
            and surface in article.person_words
            and name not in rules.kinds
        )
    ):
        return name, "person", end, surface
    return name, rules.kind_of(name) or LABEL_KINDS.get(c.label), end, surface


def _without_overlaps(mentions: list[Mention]) -> list[Mention]:
    """Overlaps can only come from the splits of _candidates: keep the first, longest span."""
    mentions.sort(key=lambda m: (m.start, -m.end))
    kept: list[Mention] = []
    for m in mentions:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    return kept


ABBREVIATION_INTRO = re.compile(r"\s+\((?P<abbr>[A-Z][A-Z&]{1,7})\)")


def _apply_abbreviations(article: _Article, mentions: list[Mention]) -> list[Mention]:
    """ "Telugu Desam Party (TDP)": the abbreviation the text introduces after an
    organisation's name is that organisation wherever this article writes it."""
    text = article.text
    full: dict[str, str] = {}
    for m in mentions:
        intro = ABBREVIATION_INTRO.match(text, m.end)
        if (
            intro
            and m.kind == "organization"
            and (
                _abbreviates(intro["abbr"], m.name)
                or _abbreviates_in_its_language(intro["abbr"], m.name, article.rules)
            )
        ):
            full.setdefault(intro["abbr"], m.name)
    for m in mentions:
        if m.kind != "person" and m.name in full:
            m.name, m.kind = full[m.name], "organization"
    added = []
    for abbr, name in full.items():
        for found in re.finditer(rf"(?<![\w.]){re.escape(abbr)}(?![\w])", text):
            if not any(m.start < found.end() and found.start() < m.end for m in mentions):
                added.append(_abbreviation_mention(article, found, name))
    return sorted(mentions + added, key=lambda m: (m.start, -m.end))


def _abbreviation_mention(article: _Article, found: re.Match, name: str) -> Mention:
    return Mention(
        start=found.start(),
        end=found.end(),
        surface=found.group(0),
        name=name,
        kind="organization",
        paragraph=_index_at(article.para_starts, found.start()),
        sentence=_index_at(article.sent_starts, found.start()),
    )


def _abbreviates(abbr: str, name: str) -> bool:
    """Whether the capitals of name spell abbr, in order, starting with its first word."""
    capitals = [w[0] for w in re.findall(r"[\w’'-]+", name) if w[:1].isupper()]
    if not capitals or capitals[0] != abbr[0]:
        return False
    rest = iter(capitals[1:])
    return all(any(ch == c for c in rest) for ch in abbr[1:])


def _abbreviates_in_its_language(abbr: str, name: str, rules: ActorRules) -> bool:
    """ "Disaster and Emergency Management Authority (AFAD)": an abbreviation of three or
    more capitals after an institution's full name (three or more capitalised words) that
    its English capitals do not spell is its name in its own language, unless the data
    knows the abbreviation as an actor or an outlet of its own ("(AFP)")."""
    capitals = [w for w in re.findall(r"[\w’'-]+", name) if w[:1].isupper()]
    return (
        len(abbr) >= 3
        and len(capitals) >= 3
        and rules.kind_of(rules.canonical(abbr)) is None
        and abbr not in rules.news_outlets
    )


def _is_news_outlet(article: _Article, m: Mention) -> bool:
    """A news agency, broadcaster or paper: listed, named like one ("Channel 7 News"), or
    introduced as one ("the state news agency SANA")."""
    rules = article.rules
    if m.name in rules.news_outlets or m.surface in rules.news_outlets:
        return True  # whatever the recogniser took it for ("Al Arabiya" tagged PERSON)
    if m.kind != "person" and any(m.name.endswith(" " + end) for end in rules.outlet_endings):
        return True
    line_start = article.text.rfind("\n", 0, m.start) + 1
    start = max(line_start, m.start - 40)
    return bool(rules.outlet_descriptor.search(article.text, start, m.start))


def _as_source(article: _Article, m: Mention, mentions: list[Mention]) -> bool:
    """Whether the body names an outlet here only as the source of what it reports: a
    dateline's "(Reuters)", "told CNN", "asked by Reuters", "Reuters reported", "a CNN
    team", "Al Jazeera's Hoda Mansour said"."""
    text, rules = article.text, article.rules
    if DATELINE_SOURCE.fullmatch(text[max(0, m.start - 1) : m.end + 1]):
        return True
    line_start = text.rfind("\n", 0, m.start) + 1
    if DATELINE_DASH.match(text, m.end) and DATELINE_PLACE.fullmatch(text, line_start, m.start):
        return True  # "CNN — Hundreds gathered ...", "BEIRUT, Lebanon AP — ..."
    sentence_start = article.sentences[_index_at(article.sent_starts, m.start)][0]
    if rules.source_before.search(text, max(sentence_start, m.start - 100), m.start):
        return True
    if rules.source_after.match(text, m.end):
        return True
    journalist = re.match(r"['’]s\s+", text[m.end : m.end + 3])
    return bool(journalist) and any(
        o.start == m.end + journalist.end() and o.kind == "person" for o in mentions
    )


# "(Reuters)", "/TASS/": the agency of a dateline.
DATELINE_SOURCE = re.compile(r"\(.+\)|/.+/", re.S)
# An outlet opening a paragraph before a dash, after at most a place in capitals.
DATELINE_DASH = re.compile(r"\s*(?:—|–|--?)\s")
DATELINE_PLACE = re.compile(r"(?:[A-Z][A-Z .'’-]+(?:,\s*[A-Z][\w .'’-]*)?,?\s+)?")
_COORDINATED = re.compile(r"\s*(?:,\s*|\s+)(?:and\s+|or\s+)?(?:the\s+)?")


def _without_news_sources(article: _Article, mentions: list[Mention]) -> list[Mention]:
    """A news outlet that every mention names only as a source is no actor of the story; one
    the text makes act once ("Sky News went off the air") stays one. Outlets listed
    together ("Reuters and Bloomberg note") share their frame."""
    outlets = [i for i, m in enumerate(mentions) if _is_news_outlet(article, mentions[i])]
    source = {i: _as_source(article, mentions[i], mentions) for i in outlets}
    for _ in range(2):  # both ways along a list of outlets
        for a, b in zip(outlets, outlets[1:], strict=False):
            between = article.text[mentions[a].end : mentions[b].start]
            if _COORDINATED.fullmatch(between) and (source[a] or source[b]):
                source[a] = source[b] = True
    acting = {mentions[i].name for i in outlets if not source[i]}
    return [m for i, m in enumerate(mentions) if not (i in source and m.name not in acting)]


def _with_roles(article: _Article, mentions: list[Mention]) -> list[Mention]:
    """Read each person's role; a nationality inside a person's role describes the person
    ("US" of "US Secretary of State Antony Blinken"): not a mention of the country."""
    nationality_spans: list[tuple[int, int]] = []
    for m in mentions:
        if m.kind == "person":
            _read_role(
                article.text,
                m,
                mentions,
                article.sentences,
                article.sent_starts,
                article.rules,
                nationality_spans,
            )
    return [
        m
        for m in mentions
        if not (
            m.kind == "place" and any(s <= m.start and m.end <= e for s, e in nationality_spans)
        )
    ]


def _weigh(mentions: list[Mention], rules: ActorRules) -> None:
    """Each mention's weight towards prominence (see the [prominence] table)."""
    for m in mentions:
        m.weight = rules.prominence["mention"]
        if m.paragraph == 0:
            m.weight += rules.prominence["first_paragraph"]
        if m.role:
            m.weight += rules.prominence["role"]


def _resolve_people_in_article(mentions: list[Mention]) -> None:
    """Surname and honorific forms take the one full name of the article ending with them."""
    full = sorted({m.name for m in mentions if m.kind == "person" and len(m.name.split()) > 1})
    for m in mentions:
        if m.kind == "person":
            found = _person_suffix_matches(m.name, full) or _person_word_matches(m.name, full)
            if len(found) == 1:
                m.name = found[0]


def _person_word_matches(name: str, full_names: Sequence[str]) -> list[str]:
    """The full names of the article holding a one-word name as any of their words: the
    first name after an honorific ("Sir Keir" is Keir Starmer), a family name written first
    ("Lai" is Lai Ching-te, or William Lai Ching-te)."""
    if " " in name:
        return []
    return [f for f in full_names if name in f.replace("-", " ").split()[:-1]]


def _read_role(
    text: str,
    mention: Mention,
    mentions: list[Mention],
    sentences: list,
    sent_starts: list[int],
    rules: ActorRules,
    nationality_spans: list[tuple[int, int]],
) -> None:
    """The role written before the name ("Israeli President") or as an appositive after it."""
    sent_start, sent_end = sentences[_index_at(sent_starts, mention.start)]
    line_start = text.rfind("\n", 0, mention.start) + 1
    lo = max(sent_start, line_start, mention.start - 200)
    m = rules.role_before.search(text, lo, mention.start)
    if m and m.end() == mention.start:
        role = rules.normalise_role(m.group(0))
        role_start = m.start()
        # An organisation right before the role belongs to it ("Hamas leader"): it ends
        # in the white space before the role.
        gap_start = role_start
        while gap_start > 0 and text[gap_start - 1].isspace():
            gap_start -= 1
        owner = next(
            (o for o in mentions if o.kind == "organization" and gap_start <= o.end <= role_start),
            None,
        )
        if owner is not None:
            role, role_start = f"{owner.surface} {role}", owner.start
        mention.role, mention.role_start = role, role_start
        nationality_spans.append((role_start, mention.start))
        return
    line_end = text.find("\n", mention.end)
    hi = min(sent_end, line_end if line_end >= 0 else len(text))
    m = rules.appositive.match(text[mention.end : hi])
    if m:
        role = rules.normalise_role(m.group("role"))
        if m.group("comp"):
            role += " " + rules.normalise_words(" ".join(m.group("comp").split()))
        mention.role = role
        nationality_spans.append((mention.end, mention.end + m.end()))


def _title_mentions(title: str, mentions: list[Mention], rules: ActorRules) -> list[int]:
    """One mention index per actor of the article that the headline names."""
    found: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.name in found:
            continue
        hm = rules.honorific_start.match(m.surface)
        bare = m.surface[hm.end() :] if hm else m.surface
        if title and re.search(rf"(?<!\w){re.escape(bare)}(?!\w)", title):
            found[m.name] = i
    return sorted(found.values())


# ---------------------------------------------------------------------------
# Quotations
# ---------------------------------------------------------------------------


_QUOTE_MARK = re.compile('[“”"]')


def _quote_marks(text: str, start: int, end: int) -> list[tuple[int, bool]]:
    """(position, opens) of the quotation marks of one paragraph."""
    marks = []
    for found in _QUOTE_MARK.finditer(text, start, end):
        i, ch = found.start(), found.group()
        if ch == "“":
            marks.append((i, True))
        elif ch == "”":
            marks.append((i, False))
        else:
            marks.append((i, i == start or text[i - 1] in QUOTE_OPEN_AFTER))
    return marks


def _quote_spans(text: str, paragraphs: list[tuple[int, int]]) -> list[list[tuple[int, int]]]:
    """Quotations as lists of (open mark, close mark) segments, one per paragraph.

    A quotation left open at the end of a paragraph continues when the next paragraph
    opens with a quotation mark (the usual way to quote over several paragraphs).
    """
    quotes: list[list[tuple[int, int]]] = []
    carry: list[tuple[int, int]] = []
    carry_open: int | None = None
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        open_at: int | None = None
        segments: list[tuple[int, int]] = []
        marks = _quote_marks(text, p_start, p_end)
        if carry_open is not None and not (marks and marks[0] == (p_start, True)):
            carry, carry_open = [], None  # the open quotation never continued: drop it
        if carry_open is not None:
            segments = carry
        for pos, opens in marks:
            if opens:
                if open_at is not None and carry_open is None:
                    segments = []  # unbalanced: the earlier mark opened nothing
                open_at = pos
            elif open_at is not None:
                segments.append((open_at, pos))
                quotes.append(segments)
                segments, open_at, carry_open = [], None, None
        carry_open = None
        carry = []
        if open_at is not None and p_index + 1 < len(paragraphs):
            carry = segments + [(open_at, p_end)]
            carry_open = open_at
    return quotes


def _words(text: str) -> int:
    return len(re.findall(r"\w[\w’'-]*", text))


def _keep_quote(text: str, rules: ActorRules) -> bool:
    """Long enough to be a quotation, not a scare-quoted phrase (see [quotes])."""
    words = _words(text)
    if words >= rules.min_quote_words:
        return True
    stripped = text.rstrip()
    return words >= rules.min_sentence_words and stripped[:1].isupper() and stripped[-1:] in ".!?,…"


@dataclass
class _Speakers:
    """Who may have said a quotation of one article: the lookups every frame uses."""

    text: str
    mentions: list[Mention]
    paragraphs: list[tuple[int, int]]
    rules: ActorRules
    inside: list[tuple[int, int]]  # the quotations' own spans

    def outside_quotes(self, m: Mention) -> bool:
        return not any(s <= m.start < e for s, e in self.inside)

    def at(self, pos: int) -> int | None:
        """The mention (or its role) starting at pos."""
        for i, m in enumerate(self.mentions):
            if pos in (m.start, m.role_start):
                return i
        return None

    def ending(self, pos: int) -> int | None:
        for i, m in enumerate(self.mentions):
            if m.end == pos:
                return i
        return None

    def pronoun(self, pronoun: str, para: int) -> int | None:
        """The one person ("he", "she") or speaking organisation ("it") of the paragraph,
        else of the previous one; None when there are two or none."""
        kind = PRONOUNS.get(pronoun.lower())
        if kind is None:
            return None
        for p in (para, para - 1):
            if p < 0:
                break
            found = self._pronoun_candidates(kind, *self.paragraphs[p])
            if found:
                names = {self.mentions[i].name for i in found}
                speaker = found[-1]
                kinds = ("person", "organization")
                return speaker if len(names) == 1 and self.mentions[speaker].kind in kinds else None
        return None

    def is_subject(self, m: Mention) -> bool:
        """True for a name that opens its sentence (after its title, if any) or is followed by
        a speech verb: a "he" later on may stand for it. A name inside a sentence ("He called
        on Netanyahu to ...") is no antecedent a rule can be sure of."""
        start = m.role_start if 0 <= m.role_start < m.start else m.start
        before = self.text[:start].rstrip(" \t")
        if _opens_sentence(before):
            return True
        last = before.rsplit(None, 1)[-1]
        if re.match(r"(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Lady)\.?$", last):
            return _opens_sentence(before[: -len(last)].rstrip())
        return bool(re.match(rf"\s*,?\s*(?:has\s+|had\s+)?{self.rules.verb}\b", self.text[m.end :]))

    def _pronoun_candidates(self, kind: str, p_start: int, p_end: int) -> list[int]:
        verb = self.rules.verb
        found = []
        for i, m in enumerate(self.mentions):
            if not (p_start <= m.start < p_end and self.outside_quotes(m)):
                continue
            if (
                kind == "person"
                and (m.kind == "person" or m.maybe_person)
                and self.is_subject(m)
                or (
                    kind == "organization"
                    and m.kind == "organization"
                    # Only an organisation written as the subject of a speech verb.
                    and re.match(rf"\s*,?\s*(?:has\s+|had\s+)?{verb}\b", self.text[m.end :])
                )
            ):
                found.append(i)
        return found


def _opens_sentence(before: str) -> bool:
    """True when the text before a name ends a sentence (or there is none)."""
    return not before or before[-1] in '.!?\n"”’:;'


def find_quotes(
    text: str,
    mentions: list[Mention],
    paragraphs: list[tuple[int, int]],
    sentences: list,
    rules: ActorRules,
) -> list[Quote]:
    """Direct quotations attributed to their speaker, dropped when the speaker is unclear.

    Frames read: ``"…," Blinken said`` / ``"…," said Blinken`` / ``Blinken said: "…"`` /
    ``Netanyahu told the cabinet that "…"`` (sentence subject, >= min_words) /
    ``"…," he added`` and ``He said: "…"`` (the one person named in the paragraph, else in
    the previous one) / ``"…," it said`` (the one organisation of the paragraph written as a
    subject: "UNRWA said") / a paragraph that is only a quotation right after a quoted
    paragraph (same speaker).  Anything else is dropped, however long.
    """
    para_starts = [p[0] for p in paragraphs]
    spans = _quote_spans(text, paragraphs)
    inside = [(segs[0][0], segs[-1][1] + 1) for segs in spans]
    who = _Speakers(text, mentions, paragraphs, rules, inside)
    quotes: list[Quote] = []
    last_speaker_by_para: dict[int, tuple[int, int]] = {}  # para -> (speaker, quote end)
    for segments in spans:
        q_start, q_end = segments[0][0], segments[-1][1] + 1
        para = _index_at(para_starts, segments[-1][0])
        first_para = _index_at(para_starts, q_start)
        body = " ".join(" ".join(text[s + 1 : e].split()) for s, e in segments)
        body = body.strip().rstrip(",").strip()
        if not body:
            continue
        speaker, basis = _speaker_after(who, q_end, para)
        if speaker is None and not basis:
            speaker, basis = _speaker_before(who, q_start, first_para)
        if speaker is None and not basis:
            speaker, basis = _speaker_that(who, q_start, sentences, body)
        if speaker is None and not basis:
            speaker, basis = _speaker_continued(who, q_start, q_end, para, last_speaker_by_para)
        if speaker is None or mentions[speaker].kind not in ("person", "organization"):
            continue
        if not _keep_quote(body, rules):
            continue
        quotes.append(Quote(text=body, start=q_start, end=q_end, speaker=speaker, basis=basis))
        last_speaker_by_para[para] = (speaker, _sentence_end(text, q_end, paragraphs[para][1]))
    return quotes


def _speaker_after(who: _Speakers, q_end: int, para: int) -> tuple[int | None, str]:
    """``"…," said Blinken`` / ``"…," he added`` / ``"…," Blinken said``."""
    text, verb = who.text, who.rules.verb
    rest = text[q_end : who.paragraphs[para][1]]
    if m := re.match(rf"\s*,?\s*{verb}\s+", rest):
        i = who.at(q_end + m.end())
        if i is not None and re.match(r"['’]s?\b", text[who.mentions[i].end :]):
            return None, ""  # "said Biden's spokesperson": someone else speaks for the name
        return i, "inverted"
    if m := re.match(rf"\s*,?\s*(he|she|it)\s+(?:also\s+)?{verb}\b", rest, re.I):
        return who.pronoun(m.group(1), para), "pronoun"
    m = re.match(r"\s*,?\s*", rest)
    i = who.at(q_end + m.end())
    if i is not None and who.mentions[i].kind in ("person", "organization"):
        after = text[who.mentions[i].end : who.paragraphs[para][1]]
        if re.match(
            rf"(?:\s*,[^,“”\"\n]{{1,150}},)?\s+(?:also\s+|later\s+|then\s+)?{verb}\b", after
        ):
            return i, "after"
    return None, ""


def _speaker_before(who: _Speakers, q_start: int, first_para: int) -> tuple[int | None, str]:
    """``Blinken said: "…"`` / ``He said: "…"``."""
    p_start = who.paragraphs[first_para][0]
    before = who.text[p_start:q_start]
    m = re.search(rf"\b{who.rules.verb}(?:\s+on\s+\w+)?\s*[:,]\s*$", before)
    if not m:
        return None, ""
    subject = re.sub(r"\s+(?:also|later|then)$", "", before[: m.start()].rstrip())
    if pm := re.search(r"(?<!\w)(he|she|it|He|She|It)$", subject):
        return who.pronoun(pm.group(1), first_para), "pronoun"
    return who.ending(p_start + len(subject)), "before"


def _speaker_that(who: _Speakers, q_start: int, sentences: list, body: str):
    """``Netanyahu told the cabinet that "…"``: the sentence's subject, a person, when the
    quotation is long enough not to be a scare-quoted phrase."""
    if not re.search(r"\bthat\s*$", who.text[:q_start]):
        return None, ""
    s_start = next((s for s, e in sentences if s <= q_start < e), None)
    i = who.at(s_start) if s_start is not None else None
    if (
        i is not None
        and who.mentions[i].kind == "person"
        and re.match(rf"\s+(?:has\s+|had\s+)?{who.rules.verb}\b", who.text[who.mentions[i].end :])
        and _words(body) >= who.rules.min_quote_words
    ):
        return i, "that"
    return None, ""


def _speaker_continued(who: _Speakers, q_start, q_end, para, last_speaker_by_para):
    """A paragraph that is only a quotation continues the previous paragraph's speaker
    when that paragraph ended with its attributed quotation."""
    p_start, p_end = who.paragraphs[para]
    if q_start != p_start or q_end < len(who.text[:p_end].rstrip()):
        return None, ""
    prev = last_speaker_by_para.get(para - 1)
    if prev is not None and prev[1] >= len(who.text[: who.paragraphs[para - 1][1]].rstrip()) - 1:
        return prev[0], "continued"
    return None, ""


def _sentence_end(text: str, q_end: int, p_end: int) -> int:
    """Where the attribution after a quotation ends (its sentence), to see if it closes
    the paragraph."""
    m = re.search(r"[.!?](?=\s|$)", text[q_end:p_end])
    return q_end + m.end() if m else q_end


# ---------------------------------------------------------------------------
# Archive-wide merge
# ---------------------------------------------------------------------------


@dataclass
class Actor:
    """One actor page: a person, organisation or place and where the archive names it."""

    slug: str
    name: str
    kind: str
    aliases: list[str]
    roles: list[str]
    articles: list[str]
    mentions: int
    quotes: list[dict]
    prominence: float

    def to_dict(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "roles": list(self.roles),
            "articles": list(self.articles),
            "mentions": self.mentions,
            "quotes": [dict(q) for q in self.quotes],
            "prominence": self.prominence,
        }


class ActorIndex:
    """All actors of the archive and the per-article views the pages need."""

    def __init__(
        self,
        actors: list[Actor],
        by_article: dict[str, list[str]],
        spans: dict[str, list[tuple[int, int, str]]],
    ):
        self.actors = actors
        self.by_article = by_article
        self._spans = spans
        self.by_slug = {a.slug: a for a in actors}
        pairs: dict[str, Counter] = defaultdict(Counter)
        for key in by_article:
            slugs = sorted(set(by_article[key]))
            for a in slugs:
                for b in slugs:
                    if a != b:
                        pairs[a][b] += 1
        self._pairs = pairs

    def mentions_in(self, article_key: str) -> list[tuple[int, int, str]]:
        """(start, end, actor slug) char spans of the actors named in an article's body."""
        return list(self._spans.get(article_key, []))

    def cooccurrence(self, slug: str) -> list[tuple[str, int]]:
        """Other actors named in the same articles, with the number of such articles."""
        counts = self._pairs.get(slug, Counter())
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _thing_key(name: str, rules: ActorRules) -> str:
    """The merge key of an organisation or place: case and name suffixes ignored."""
    words = name.split()
    while len(words) > 1 and words[-1] in rules.name_suffixes:
        words.pop()
    return " ".join(words).casefold()


@dataclass
class _Group:
    """The mentions merged into one actor so far."""

    names: Counter = field(default_factory=Counter)
    kinds: Counter = field(default_factory=Counter)
    surfaces: set[str] = field(default_factory=set)
    roles: Counter = field(default_factory=Counter)
    role_order: dict[str, int] = field(default_factory=dict)
    articles: dict[str, float] = field(default_factory=dict)
    mentions: int = 0
    quotes: list[dict] = field(default_factory=list)
    weight: float = 0.0

    def add(self, m: Mention, name: str, kind: str, article: str) -> None:
        self.names[name] += 1
        self.kinds[kind] += 1
        self.surfaces.add(m.surface)
        self.mentions += 1
        self.weight += m.weight
        self.articles[article] = self.articles.get(article, 0.0) + m.weight
        if m.role:
            self.roles[m.role] += 1
            self.role_order.setdefault(m.role, len(self.role_order))

    def credit(self, article: str, weight: float) -> None:
        self.weight += weight
        self.articles[article] += weight


class _People:
    """The archive's full names, indexed by every proper word suffix (a surname finds
    them in O(1)), for surnames and honorific forms to join."""

    def __init__(self, articles: Sequence[ArticleMentions]):
        self.suffixes: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.full: set[str] = set()
        # name -> the one full name the archive joins it to (or itself): a common surname
        # is met in thousands of mentions, and its full names are compared pairwise.
        self.joined: dict[str, str] = {}
        for art in articles:
            for m in art.mentions:
                words = m.name.split()
                if m.kind == "person" and len(words) > 1:
                    self.full.add(m.name)
                    for k in range(1, len(words)):
                        self.suffixes[tuple(words[-k:])].add(m.name)

    def name_of(self, m: Mention, article_full: list[str]) -> str:
        if _person_suffix_matches(m.name, article_full):
            return m.name  # the article has two candidates: leave it alone
        if m.name not in self.joined:
            found = sorted(self.suffixes.get(tuple(m.name.split()), ()))
            best = _person_suffix_matches(m.name, found)
            self.joined[m.name] = best[0] if len(best) == 1 else m.name
        return self.joined[m.name]


def _archive_abbreviations(articles: Sequence[ArticleMentions]) -> dict[str, str]:
    """Abbreviation -> full name, from the articles that introduce one ("Telugu Desam Party
    (TDP)", see _apply_abbreviations); an abbreviation given two full names is left out."""
    found: dict[str, set[str]] = defaultdict(set)
    for art in articles:
        for m in art.mentions:
            if m.kind == "organization" and m.surface != m.name and m.surface.isupper():
                found[m.surface].add(m.name)
    return {abbr: next(iter(names)) for abbr, names in sorted(found.items()) if len(names) == 1}


def _group_article(
    art: ArticleMentions,
    groups: dict[tuple[str, str], _Group],
    people: _People,
    abbreviations: dict[str, str],
    rules: ActorRules,
) -> list[tuple[str, str]]:
    """Add one article's mentions, quotations and headline to the groups; returns the
    merge key of each of its mentions."""
    article_full = sorted(
        {m.name for m in art.mentions if m.kind == "person" and len(m.name.split()) > 1}
    )
    keys: list[tuple[str, str]] = []
    for m in art.mentions:
        if (m.maybe_person and m.name in people.full) or m.kind == "person":
            # A full name the recogniser tagged ORG here and PERSON elsewhere is a person.
            name = m.name if m.kind != "person" else people.name_of(m, article_full)
            key, kind = ("person", name), "person"
        else:
            name = abbreviations.get(m.name, m.name) if m.kind != "place" else m.name
            key, kind = ("thing", _thing_key(name, rules)), m.kind
        keys.append(key)
        groups.setdefault(key, _Group()).add(m, name, kind, art.key)
    for q in art.quotes:
        if q.speaker < 0:
            continue  # an unnamed source's words belong to no actor
        groups[keys[q.speaker]].quotes.append({"text": q.text, "article": art.key, "kind": q.kind})
        groups[keys[q.speaker]].credit(art.key, rules.prominence["quote"])
    for i in art.title_mentions:
        groups[keys[i]].credit(art.key, rules.prominence["title"])
    return keys


def _name_and_kind_of(g: _Group, rules: ActorRules) -> tuple[str, str]:
    """The most written name (longest on ties) and the kind the data or most mentions give."""
    name = sorted(g.names.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]
    kind = rules.kind_of(name)
    if kind is None:
        first_seen = {k: i for i, k in enumerate(g.kinds)}
        kind = sorted(g.kinds, key=lambda k: (-g.kinds[k], first_seen[k]))[0]
    return name, kind


def _actor(g: _Group, slug: str, name: str, kind: str) -> Actor:
    return Actor(
        slug=slug,
        name=name,
        kind=kind,
        aliases=sorted(g.surfaces),
        roles=sorted(g.roles, key=lambda r: (-g.roles[r], g.role_order[r])),
        articles=list(g.articles),
        mentions=g.mentions,
        quotes=g.quotes,
        prominence=round(g.weight, 3),
    )


def merge_actors(articles: Sequence[ArticleMentions], rules: ActorRules) -> ActorIndex:
    """Merge per-article mentions into archive-wide actors (deterministic, near-linear).

    Phases: group the mentions by merge key -> name and kind each group -> slugs ->
    actors, most prominent first -> per-article views (actor lists, mention spans).
    """
    groups: dict[tuple[str, str], _Group] = {}  # insertion order: first seen first
    people, abbreviations = _People(articles), _archive_abbreviations(articles)
    per_article = [_group_article(art, groups, people, abbreviations, rules) for art in articles]
    named = {key: _name_and_kind_of(g, rules) for key, g in groups.items()}
    slugs = unique_slugs(
        (f"{named[k][0]}\0{named[k][1]}", make_slug(named[k][0], fallback="actor")) for k in groups
    )
    slug_of = {k: slugs[f"{named[k][0]}\0{named[k][1]}"] for k in groups}
    actors = [_actor(g, slug_of[key], *named[key]) for key, g in groups.items()]
    actors.sort(key=lambda a: (-a.prominence, a.name.casefold(), a.slug))
    by_article: dict[str, list[str]] = {}
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for art, keys in zip(articles, per_article, strict=True):
        present = list(dict.fromkeys(keys))
        present.sort(key=lambda k: (-groups[k].articles[art.key], named[k][0].casefold()))
        by_article[art.key] = [slug_of[k] for k in present]
        spans[art.key] = sorted(
            (m.start, m.end, slug_of[k]) for m, k in zip(art.mentions, keys, strict=True)
        )
    return ActorIndex(actors, by_article, spans)
