"""Repair the recogniser's entity spans from the text around them (pure, no model).

The small English model cuts names short ("Desam Party" of "Telugu Desam Party", "the UN
Office" and "the Coordination of Humanitarian Affairs"), splits one name in two
("Oleksandr" GPE + "Prokudin" PERSON), tags parties NORP ("Liberal Democrats") and misses
names the text itself makes plain ("in Suzu", "Hostages and Missing Families Forum said").
Each phase below reads only the text, the tokens' tags and the editor data in
data/actors.toml, and returns (start, end, label) spans for actors.find_mentions.

Phases, in order: trim -> join neighbours -> extend over adjacent proper nouns -> add names
the recogniser missed (organisation heads, administrative places, titled people, speakers
after a quotation, abbreviations before a title, places after a preposition, lists of
places) -> relabel (parties, places written with an administrative word).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

LABELS_READ = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
PROPER_TAGS = {"NNP", "NNPS"}
CAP_WORD = r"[A-Z][\w’'&.-]*"
# Words that join the capitalised words of one organisation name ("Office for the
# Coordination of Humanitarian Affairs", "Red Cross and Red Crescent Societies").
NAME_JOINERS = r"(?:of|for|and|on|the|de|al)"
POSSESSIVE_END = re.compile(r"['’]s?$")


@dataclass(slots=True)
class Span:
    """One entity span being repaired."""

    start: int
    end: int
    label: str


class Tokens:
    """The annotation's tokens, looked up by character offset."""

    def __init__(self, text: str, annotation: dict):
        self.text = text
        self.starts: list[int] = annotation.get("tok_start", [])
        self.ends: list[int] = annotation.get("tok_end", [])
        self.tags: list[str] = annotation.get("tag", [])
        self.sentence_starts = {start for start, _ in annotation.get("sents", [])}
        # Numbers, dates and the like never belong to a name ("Eleven UN lorries").
        self.other = sorted(
            (s, e) for s, e, label in annotation.get("ents", []) if label not in LABELS_READ
        )

    def in_other_entity(self, i: int) -> bool:
        start = self.starts[i]
        k = bisect.bisect_right(self.other, (start, len(self.text) + 1)) - 1
        return k >= 0 and self.other[k][0] <= start < self.other[k][1]

    def at(self, pos: int) -> int | None:
        """The index of the token starting at pos, None when no token starts there."""
        i = bisect.bisect_left(self.starts, pos)
        return i if i < len(self.starts) and self.starts[i] == pos else None

    def ending_at(self, pos: int) -> int | None:
        i = bisect.bisect_left(self.ends, pos)
        return i if i < len(self.ends) and self.ends[i] == pos else None

    def word(self, i: int) -> str:
        return self.text[self.starts[i] : self.ends[i]]

    def is_proper(self, i: int) -> bool:
        """A capitalised proper noun (or a capitalised adjective of a name, "Liberal")."""
        word = self.word(i)
        return word[:1].isupper() and (self.tags[i] in PROPER_TAGS or self.tags[i] == "JJ")

    def all_proper(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start)
        found = False
        while i < len(self.starts) and self.starts[i] < end:
            found = True
            if self.tags[i] not in PROPER_TAGS and not POSSESSIVE_END.fullmatch(self.word(i)):
                return False
            i += 1
        return found


def repair_entities(text: str, annotation: dict, rules) -> list[tuple[int, int, str]]:
    """The annotation's entities with their spans repaired and missed names added.

    Sorted by (start, end); spans never overlap.  Labels stay spaCy's (PERSON, ORG, GPE,
    NORP, LOC, FAC), so the rules downstream read them as before.
    """
    tokens = Tokens(text, annotation)
    spans = _trimmed(text, annotation)
    spans = _join_neighbours(text, spans, rules)
    spans = _extend(text, spans, tokens, rules)
    _parenthesised_names(text, spans, rules)
    spans = _add_missed(text, spans, tokens, rules)
    _relabel(text, spans, tokens, rules)
    return [(s.start, s.end, s.label) for s in sorted(spans, key=lambda s: (s.start, s.end))]


def _trimmed(text: str, annotation: dict) -> list[Span]:
    """Read entities without a leading "the" and spaces (possessives stay: they are trimmed
    later, and "X's Y" is split there)."""
    spans = []
    for start, end, label in annotation.get("ents", []):
        if label not in LABELS_READ:
            continue
        m = re.match(r"\s*(?:(?:the|The)\s+(?=\S))?", text[start:end])
        start += m.end() if m else 0
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Span(start, end, label))
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


# ---------------------------------------------------------------- join neighbours


def _join_neighbours(text: str, spans: list[Span], rules) -> list[Span]:
    """Two entities that the text writes as one name become one span."""
    out: list[Span] = []
    for span in spans:
        if out and (label := _joined_label(text, out[-1], span, rules)):
            out[-1] = Span(out[-1].start, span.end, label)
        else:
            out.append(span)
    return out


def _joined_label(text: str, left: Span, right: Span, rules) -> str | None:
    gap = text[left.end : right.start]
    left_text = text[left.start : left.end]
    if POSSESSIVE_END.search(left_text):
        return None  # "Kumar's Janata Dal": an owner and what it owns
    # "Reform" + "UK"; "UN Office" + "for the" + "Coordination of Humanitarian Affairs".
    if (
        left.label == "ORG"
        and right.label in ("ORG", "GPE")
        and (gap == " " or re.fullmatch(r" (?:of|for)(?: the)? ", gap))
    ):
        return "ORG"
    if gap != " ":
        return None
    if left.label == "NORP" and right.label == "ORG":
        return "ORG"  # "Turkish" + "Red Crescent"
    if left.label == "GPE" and right.label == "LOC":
        return "GPE"  # "Gaza" + "Strip"
    known = _known_word(left_text, rules)
    if right.label == "PERSON" and left.label in ("GPE", "ORG", "NORP") and not known:
        # "Oleksandr" + "Prokudin": one word before a surname is a first name.
        return "PERSON" if re.fullmatch(r"[A-Z][a-z’'-]+", left_text) else None
    return None


def _known_word(word: str, rules) -> bool:
    """A name the editor data knows as something else than a first name."""
    return _blocks_name(word, rules) or rules.canonical(word) != word


# ---------------------------------------------------------------- extend


def _extend(text: str, spans: list[Span], tokens: Tokens, rules) -> list[Span]:
    """Grow spans over the proper nouns right next to them (never into another span)."""
    for k, span in enumerate(spans):
        lo = spans[k - 1].end if k else 0
        hi = spans[k + 1].start if k + 1 < len(spans) else len(text)
        if span.label in ("ORG", "NORP", "PERSON"):
            span.start = _grow_left(text, span, tokens, rules, lo)
        if span.label == "ORG":
            span.end = _grow_right(text, span, tokens, rules, hi)
    return spans


def _grow_left(text: str, span: Span, tokens: Tokens, rules, lo: int) -> int:
    """Start of the span after taking in the proper nouns (or initials) written before it."""
    start = span.start
    limit = 3 if span.label != "PERSON" else 1
    for _ in range(limit):
        i = tokens.at(start)
        if i is None or i == 0 or tokens.ends[i - 1] != start - 1 or text[start - 1] != " ":
            break
        j = i - 1
        word = tokens.word(j)
        if tokens.starts[j] < lo or not tokens.is_proper(j) or _blocks_name(word, rules):
            break
        if start in tokens.sentence_starts or tokens.in_other_entity(j):
            break
        multiword = " " in text[span.start : span.end]
        if span.label == "PERSON" and multiword and not re.fullmatch(r"[A-Z]\.?", word):
            break  # a full name only takes an initial ("N Chandrababu Naidu")
        start = tokens.starts[j]
    return start


def _blocks_name(word: str, rules) -> bool:
    """Words that never start a name: titles, honorifics, known names of their own."""
    return (
        rules.title_words.fullmatch(word) is not None
        or word in rules.honorifics
        or word in rules.kinds
        or word in rules.capitals
        or word in rules.nationalities
        or word.casefold() in rules.suppress
        or word.casefold() in rules.qualifier_words
        or word in rules.weekdays_months
    )


def _grow_right(text: str, span: Span, tokens: Tokens, rules, hi: int) -> int:
    """End of an organisation after "and Red Crescent Societies" or " (United)"."""
    m = re.match(rf" and((?: {CAP_WORD})+)", text[span.end : hi])
    if m and m.group(1).split()[-1] in rules.organisation_heads:
        return span.end + m.end()
    return span.end


def _parenthesised_names(text: str, spans: list[Span], rules) -> None:
    """ "Janata Dal (United)": a capitalised word in brackets right after a name is part of
    an organisation's name (a person is never written so)."""
    for k, span in enumerate(spans):
        hi = spans[k + 1].start if k + 1 < len(spans) else len(text)
        m = re.match(r" \((?P<word>[A-Z][a-z]+)\)", text[span.end : hi])
        if m and span.label in ("ORG", "PERSON") and m.group("word") not in rules.party_words:
            span.end, span.label = span.end + m.end(), "ORG"


# ---------------------------------------------------------------- names the model missed


def _add_missed(text: str, spans: list[Span], tokens: Tokens, rules) -> list[Span]:
    """Spans for names the recogniser missed, found by the words around them."""
    finders = (
        _organisation_heads,
        _administrative_places,
        _titled_people,
        _quoted_speakers,
        _abbreviations_before_titles,
        _organisations_before_abbreviations,
        _places_after_prepositions,
        _listed_places,
    )
    for finder in finders:
        for span in finder(text, spans, tokens, rules):
            if not _overlaps(span, spans):
                spans.append(span)
        spans.sort(key=lambda s: (s.start, s.end))
    return spans


def _overlaps(span: Span, spans: list[Span]) -> bool:
    return any(s.start < span.end and span.start < s.end for s in spans)


def _organisation_heads(text, spans, tokens, rules):
    """ "Hostages and Missing Families Forum", "Self-Defense Forces": proper nouns (and the
    joining words of a name) ending with an organisation's head noun."""
    for m in re.finditer(rf"(?<![\w’'-]){CAP_WORD}(?![\w’'-])", text):
        if m.group(0) not in rules.organisation_heads:
            continue
        start = _name_start(text, m.start(), tokens, rules)
        if re.search(r"[A-Z][\w’'-]*,\s*$", text[max(0, start - 40) : start]):
            continue  # "Environment, Urbanization and … Ministry": a list cut in two
        if start < m.start():
            yield Span(start, m.end(), "ORG")


def _name_start(text: str, head: int, tokens: Tokens, rules) -> int:
    """Where the name ending at the token at head starts: back over proper nouns and the
    joining words between them, never over a sentence start or punctuation."""
    i = tokens.at(head)
    start = head
    while i is not None and i > 0:
        j = i - 1
        while j > 0 and re.fullmatch(NAME_JOINERS, tokens.word(j)):
            j -= 1  # "of the", "and": only kept when a proper noun stands before them
        if j > 0 and tokens.word(j) == "-" and tokens.ends[j - 1] == tokens.starts[j]:
            j -= 1  # "Self-Defense Forces"
        word = tokens.word(j)
        if tokens.tags[j] not in PROPER_TAGS or not word[:1].isupper() or _blocks_name(word, rules):
            break
        if tokens.in_other_entity(j):
            break
        if re.search(r"[^\w\s’'&-]", text[tokens.ends[j] : tokens.starts[i]]):
            break
        start, i = tokens.starts[j], j
    return start


def _administrative_places(text, spans, tokens, rules):
    """ "Aleppo province", "Kherson region": a name before an administrative word is a
    place; the word itself is added back by find_mentions (kept in the written form)."""
    for m in rules.administrative_place.finditer(text):
        start, end = m.start("name"), m.end("name")
        if not tokens.all_proper(start, end) and " " in m.group("name"):
            start = end - len(m.group("name").split()[-1])  # "The Kherson region"
        if not tokens.all_proper(start, end) or _blocks_name(text[start:end], rules):
            continue
        if any(s.label == "LOC" and s.start < m.end() and start < s.end for s in spans):
            continue  # "the Middle East region" is a region, not a place's area
        # The place wins over whatever the recogniser made of it ("Kherson" PERSON).
        spans[:] = [s for s in spans if not (s.start < m.end() and start < s.end)]
        yield Span(start, end, "GPE")


def _titled_people(text, spans, tokens, rules):
    """ "Telugu Desam Party chief N Chandrababu Naidu": names written after a title."""
    pattern = rf"(?:[A-Z]\.?\s+)?{CAP_WORD}(?:\s+{CAP_WORD}){{1,3}}"
    for m in re.finditer(pattern, text):
        lo = max(0, text.rfind("\n", 0, m.start()) + 1, m.start() - 200)
        role = rules.role_before.search(text, lo, m.start())
        if not role or role.end() != m.start():
            continue
        end = m.start() + len(m.group(0).rstrip(".’'"))
        if POSSESSIVE_END.search(text[m.start() : end]):
            end = m.start() + len(POSSESSIVE_END.sub("", text[m.start() : end]))
        if tokens.all_proper(m.start(), end) or re.match(r"[A-Z]\.?\s", m.group(0)):
            yield Span(m.start(), end, "PERSON")


def _quoted_speakers(text, spans, tokens, rules):
    """'…," Tamer Ramadan, the head of …': a name between a quotation and its role."""
    pattern = rf"[,.!?…][\"”]\s+(?P<name>{CAP_WORD}(?:\s+{CAP_WORD}){{1,3}}),\s+(?:the|a|an)\s"
    for m in re.finditer(pattern, text):
        start, end = m.start("name"), m.end("name")
        if tokens.all_proper(start, end) and not _blocks_name(m.group("name").split()[0], rules):
            yield Span(start, end, "PERSON")


def _abbreviations_before_titles(text, spans, tokens, rules):
    """ "TDP chief", "IDF Chief of Staff": an abbreviation owning a title is an organisation."""
    for m in re.finditer(r"(?<![\w.])(?P<abbr>[A-Z]{2,6})\s+", text):
        word = m.group("abbr")
        if word in rules.nationalities or not rules.role_start.match(text, m.end()):
            continue
        yield Span(m.start("abbr"), m.end("abbr"), "ORG")


def _organisations_before_abbreviations(text, spans, tokens, rules):
    """ "Reform UK": a proper noun the recogniser left alone before a country's
    abbreviation names an organisation (the country's branch or party)."""
    for k, span in enumerate(spans):
        written = text[span.start : span.end]
        if span.label != "GPE" or not re.fullmatch(r"[A-Z]{2,3}", written):
            continue
        i = tokens.at(span.start)
        j = i - 1 if i else None
        if j is None or tokens.ends[j] != span.start - 1 or not tokens.is_proper(j):
            continue
        if tokens.tags[j] not in PROPER_TAGS or _blocks_name(tokens.word(j), rules):
            continue
        if tokens.in_other_entity(j) or (k and spans[k - 1].end > tokens.starts[j]):
            continue
        spans[k] = Span(tokens.starts[j], span.end, "ORG")
    return ()


def _places_after_prepositions(text, spans, tokens, rules):
    """ "in Cyprus", "to Odesa": one proper noun after a place preposition, no name after."""
    for m in rules.place_after_preposition.finditer(text):
        start, end = m.start("name"), m.end("name")
        i = tokens.at(start)
        if i is None or tokens.tags[i] not in PROPER_TAGS or _blocks_name(m.group("name"), rules):
            continue
        yield Span(start, end, "GPE")


def _listed_places(text, spans, tokens, rules):
    """ "in Wajima, Suzu and Anamizu": proper nouns listed with a place are places."""
    places = [s for s in spans if s.label in ("GPE", "LOC")]
    for place in places:
        pos = place.end
        while m := re.match(
            rf"(?:,\s+|,?\s+and\s+)(?P<name>{CAP_WORD})(?![\w’'-]|\s+[A-Z])", text[pos:]
        ):
            start, end = pos + m.start("name"), pos + m.end("name")
            i = tokens.at(start)
            if (
                i is None
                or tokens.tags[i] not in PROPER_TAGS
                or _blocks_name(m.group("name"), rules)
            ):
                break
            yield Span(start, end, "GPE")
            pos = end


# ---------------------------------------------------------------- relabel


def _relabel(text: str, spans: list[Span], tokens: Tokens, rules) -> None:
    """Parties the recogniser tags NORP are organisations; a name this text writes with an
    administrative word ("Kherson region") is a place wherever else it is tagged a person."""
    places = set()
    for span in spans:
        name = text[span.start : span.end]
        if span.label == "GPE" and rules.administrative_after.match(text, span.end):
            places.add(name)
    for span in spans:
        name = text[span.start : span.end]
        last = name.split()[-1]
        if span.label in ("NORP", "GPE", "LOC", "FAC") and (
            last in rules.party_words or last in rules.organisation_heads
        ):
            span.label = "ORG"  # "Liberal Democrats", "Ezzedine al-Qassam Brigades"
        elif span.label == "PERSON" and name in places:
            span.label = "GPE"
        elif span.label in ("ORG", "GPE") and _titled_name(text, span, tokens, rules):
            span.label = "PERSON"  # "Mayor Masuhiro Izumiya": the title is read as a role
        elif span.label in ("LOC", "FAC") and _named_site(text, span, tokens):
            span.label = "GPE"
        elif (
            span.label == "NORP"
            and _named_site(text, span, tokens)
            and (rules.place_before.search(text, max(0, span.start - 20), span.start))
        ):
            span.label = "GPE"  # "north of Aleppo": a town the recogniser took for a people


def _titled_name(text: str, span: Span, tokens: Tokens, rules) -> bool:
    """A span that is a title followed by two or more proper nouns."""
    m = rules.role_start.match(text, span.start, span.end)
    rest = text[m.end() : span.end].split() if m else []
    return len(rest) >= 2 and tokens.all_proper(m.end(), span.end)


def _named_site(text: str, span: Span, tokens: Tokens) -> bool:
    """A town or site ("Wajima", "Bab al-Salam"), not a region or sea ("the Mediterranean",
    "the Noto Peninsula") nor a name modifying a noun ("Nova festival")."""
    if re.search(r"\b[Tt]he\s+(?:[a-z]+\s+)?$", text[max(0, span.start - 25) : span.start]):
        return False
    if "(" in text[span.start : span.end]:
        return False
    i = tokens.at(span.end + 1) if text[span.end : span.end + 1] == " " else None
    return i is None or tokens.tags[i] not in ("NN", "NNS")
