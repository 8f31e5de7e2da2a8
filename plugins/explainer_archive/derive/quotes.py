"""Who said what: direct, mixed and indirect quotes attributed to their speaker (pure).

Reads one article's body text, its annotation (tokens with tags and lemmas, sentences) and
the actor mentions :func:`actors.find_mentions` found.  Precision first: a quote whose
speaker is not certain is dropped, never guessed; the words of an unnamed source ("a senior
US official said") are kept with no speaker (``speaker == -1``), never given to a name.

Kinds:

* **direct**: a quotation in marks that stands as the speaker's own sentence(s)
  (``"…," Blinken said`` / ``Blinken said: "…"``); its text is the words in the marks.
* **mixed**: reported speech that quotes some words (``Gantz called on Netanyahu to set a
  date "in the fall"``); its text is the whole sentence.
* **indirect**: reported speech without marks (``Blinken said Israel had agreed to …``,
  ``…, officials said``, ``according to the ministry, …``); its text is the sentence.

Speakers of direct quotes, in order (the first frame that applies decides):

1. the sieve of :func:`actors.find_quotes` (``"…," said X`` / ``X said: "…"`` /
   ``X told … that "…"`` / pronouns / a paragraph continuing a quotation), with two fixes:
   a title and name after the verb go to the person (``said NASA administrator Bill
   Nelson``), and a pronoun never reaches back to the previous paragraph past a person
   named in its own;
2. ``"…," the minister said`` / ``"…," a senior official said``: a title resolves to the one
   person of the article so far whose role holds it; a source with no name stays unnamed;
3. ``X: "…"`` (a colon right after a name), ``According to X, "…"``;
4. runs: ``"…," he said. "…"``: a quotation right after an attributed one, with only the
   attribution between them, has the same speaker.

Reported speech is read per sentence from the tags and lemmas (no parser: see
docs/quotes.md for the measurement): a speech verb (the [quotes] ``report_verbs`` lemmas)
whose subject, written right before it, is an actor, a pronoun, a title or an unnamed
source, followed by a clause; or a sentence closed by ``, X said.``; or ``according to X``.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from .actors import (
    ActorRules,
    Mention,
    Quote,
    _keep_quote,
    _paragraph_bounds,
    _quote_spans,
    _Speakers,
    _words,
)
from .actors import (
    find_quotes as find_direct_quotes,
)

__all__ = ["find_quotes", "UNNAMED"]

UNNAMED = -1  # the speaker index of an unnamed source's quote
SPEAKING_KINDS = ("person", "organization")
# A country speaks for its government ("Israel said it would …") when it is the subject.
SUBJECT_KINDS = ("person", "organization", "place")

# What may stand between a subject and its speech verb ("Blinken also said", "Israel has
# said", "Gantz on Sunday said", "the ministry, in a statement, said").
_BETWEEN = re.compile(
    r"(?:\s*\([^()\n]{1,30}\))?(?:\s*,[^,“”\"\n]{1,150},)?"
    r"(?:\s+(?:also|later|then|previously|earlier|again|repeatedly|publicly|privately|"
    r"separately|initially|has|had|have|long|now|already|still|further|since|"
    r"[a-z]+ly|on\s+[A-Z]\w+|last\s+\w+|this\s+\w+))*\s*$"
)
_PRONOUN = re.compile(r"(?:^|(?<=[\s,(]))(he|she|it|He|She|It)$")
_PRONOUN_WORDS = {"he", "she", "it", "they", "the", "a", "an"}
_NOT_SUBJECT_BEFORE = re.compile(
    r"(?:\b(?:to|by|with|from|for|of|against|on|at|in|and|or|nor|than|about|into|between|"
    r"toward|towards|like|as|whom|whose)(?:\s+(?:the|a|an))?|['’]s?)\s*$",
    re.I,
)
_UNNAMED_NOUNS = (
    r"officials?|sources?|diplomats?|residents?|witnesses|witness|analysts?|experts?|"
    r"authorities|aides?|people|observers|critics|officers?|medics|doctors|rescuers|"
    r"survivors|villagers|campaigners|activists|negotiators|lawmakers|scientists|"
    r"researchers|economists|investigators|prosecutors|spokes(?:man|woman|person)|"
    r"representatives?|members|relatives|families|insiders|figures|organisers|organizers"
)
_UNNAMED_SOURCE = re.compile(
    rf"(?:^|(?<=[\s,(]))(?:one\s+of\s+them|(?:(?:a|an|one|two|three|four|several|some|many|other|most|"
    rf"both|few|the)\s+)?(?:[A-Za-z][\w-]*\s+){{0,3}}(?:{_UNNAMED_NOUNS}))$",
    re.I,
)
_INDEFINITE_SOURCE = re.compile(
    r"(?:(?:But|And|Yet)\s+)?(?:(?:[Aa]|[Aa]n|[Oo]ne|[Aa]nother|[Tt]wo|[Tt]hree|[Ss]everal|[Ss]ome)"
    r"\s+(?!of\b)[A-Za-z0-9][^,;:“”\"()\n]*|[Ss]omeone(?:\s+[^,;:“”\"()\n]*)?)"
)
# "the ministry said", "the military said": an organisation the article has named.
_BODY_NOUNS = {
    "ministry": ("ministry",),
    "military": ("defense forces", "defence forces", "army", "military"),
    "army": ("army", "defense forces", "defence forces"),
    "agency": ("agency",),
    "presidency": ("presidency",),
    "council": ("council",),
    "commission": ("commission",),
    "committee": ("committee",),
    "department": ("department",),
    "office": ("office",),
    "authority": ("authority",),
    "organisation": ("organisation", "organization"),
    "organization": ("organization", "organisation"),
    "group": ("group",),
    "party": ("party",),
    "court": ("court",),
    "coast guard": ("coast guard",),
    "board": ("board",),
    "prefecture": ("prefecture",),
}
_BODY_REFERENCE = re.compile(
    r"(?:^|(?<=[\s,(]))(?:the|The)\s+(?:(?P<modifier>[A-Za-z-]+)\s+)?(?P<noun>"
    + "|".join(sorted(_BODY_NOUNS, key=len, reverse=True))
    + r")$"
)
_PLURAL_SOURCE = re.compile(
    r"(?:(?:But|And|Yet)\s+)?(?:(?:[Tt]he|[Ss]ome|[Mm]any|[Mm]ost|[Ss]everal|[Oo]ther)\s+)?"
    r"(?:[A-Za-z-]+\s+){0,3}?(?:(?i:" + _UNNAMED_NOUNS + r")|[Ww]orkers|[Aa]gencies|[Gg]roups|"
    r"[Dd]elegations|[Cc]harities|[Ll]ocals|[Nn]urses|[Ff]armers|[Cc]ommanders)"
    r"(?:\s+(?:in|at|on|from|of|for|who|close\s+to|near|across)\b[^,;:“”\"()\n]*)?"
)
_TITLE_REFERENCE = re.compile(
    r"(?:^|(?<=[\s,(]))(?:the|The)\s+(?P<title>(?:[A-Za-z-]+\s+){0,2}[a-z-]+)$"
)
# Words that cannot stand in a title before a name ("said a senior official in Naidu's
# party" names a source, not Naidu).
_NOT_TITLE_WORDS = re.compile(
    r"(?<![\w’'])(?:a|an|in|of|for|at|to|with|from|by|who|which|and|or|on|his|her|their)\s|['’]s?\s",
    re.I,
)
_MODAL_BEFORE = re.compile(
    r"\b(?:not|n['’]t|never|would|will|could|might|may|should|must|to|if|whether|did|does|do)"
    r"\s+(?:\w+\s+)?$",
    re.I,
)


_PRONOUN_SEX = {"he": "m", "him": "m", "his": "m", "she": "f", "her": "f"}
_HONORIFIC_SEX = {
    "mr": "m",
    "sir": "m",
    "lord": "m",
    "king": "m",
    "prince": "m",
    "spokesman": "m",
    "chairman": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "dame": "f",
    "lady": "f",
    "queen": "f",
    "princess": "f",
    "spokeswoman": "f",
    "chairwoman": "f",
}
_AFTER_PREPOSITION = re.compile(
    r"\b(?:from|in|on|at|to|with|by|of|for|into|near|outside|inside|via|about|against)"
    r"\s+(?:the\s+)?$",
    re.I,
)
# A sentence opening with a source the text does not name, speaking.
_UNNAMED_SPEAKER = re.compile(
    r"(?:^|(?<=[.!?”\"]\s)|(?<=\n))(?:(?:But|And|Yet)\s+)?(?:A|An|One|Another)\s+"
    r"[^.!?“”\"\n]{0,200}?\b(?:said|says|told|tells|added|recalled|described|explained|"
    r"wrote|posted|asked|warned)\b"
)


# ---------------------------------------------------------------------------
# One article
# ---------------------------------------------------------------------------


@dataclass
class _Article:
    """One article's text and what every frame reads from it."""

    text: str
    mentions: list[Mention]
    rules: ActorRules
    paragraphs: list[tuple[int, int]]
    sentences: list
    tok_start: list[int]
    tok_end: list[int]
    tags: list[str]
    lemmas: list[str]
    quoted: list[tuple[int, int]]  # the quotation spans (open mark to after the close)
    who: _Speakers
    spans: list  # the quotations as segments (actors._quote_spans)
    para_starts: list[int]
    quoted_starts: list[int]
    ending: dict[int, int]  # mention end -> mention index (the first)
    by_start: list[int]  # the mentions' indexes in order of their starts
    starts: list[int]  # the mentions' starts in that order

    @classmethod
    def read(cls, text: str, annotation: dict, mentions: list[Mention], rules: ActorRules):
        paragraphs = _paragraph_bounds(text)
        spans = _quote_spans(text, paragraphs)
        quoted = [(segs[0][0], segs[-1][1] + 1) for segs in spans]
        by_start = sorted(range(len(mentions)), key=lambda i: mentions[i].start)
        return cls(
            text=text,
            mentions=mentions,
            rules=rules,
            paragraphs=paragraphs,
            sentences=[tuple(s) for s in annotation.get("sents") or [[0, len(text)]]],
            tok_start=annotation.get("tok_start", []),
            tok_end=annotation.get("tok_end", []),
            tags=annotation.get("tag", []),
            lemmas=annotation.get("lemma", []),
            quoted=quoted,
            who=_Speakers(text, mentions, paragraphs, rules, quoted),
            spans=spans,
            para_starts=[p[0] for p in paragraphs],
            quoted_starts=[s for s, _ in quoted],
            ending={m.end: i for i, m in reversed(list(enumerate(mentions)))},
            by_start=by_start,
            starts=[mentions[i].start for i in by_start],
        )

    def paragraph_of(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, pos) - 1)

    def in_quote(self, pos: int) -> bool:
        k = bisect.bisect_right(self.quoted_starts, pos) - 1
        return k >= 0 and pos < self.quoted[k][1]

    def mentions_starting(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start at lo or after it and before hi (a bisection, not a walk
        over every mention of the article)."""
        first, last = bisect.bisect_left(self.starts, lo), bisect.bisect_left(self.starts, hi)
        return [self.mentions[i] for i in self.by_start[first:last]]

    def mention_ending(self, pos: int) -> int | None:
        return self.ending.get(pos)

    def speaker_after_verb(self, pos: int, limit: int) -> int | None:
        """The speaker named right after an inverted verb: a person behind a title and an
        organisation ("said NASA administrator Bill Nelson") before anything else."""
        first = None
        for i, m in enumerate(self.mentions):
            if m.start < pos or m.start >= limit:
                continue
            gap = self.text[pos : m.start]
            if not re.fullmatch(r"(?:[\w’'.&-]+\s+){0,5}", gap) or _NOT_TITLE_WORDS.search(gap):
                break
            if first is None and gap == "":
                first = i
            if m.kind == "person":
                return i if first is None or self.mentions[first].kind != "person" else first
            if gap and first is None:
                continue
        if first is not None and re.match(r"['’]s?\b", self.text[self.mentions[first].end :]):
            return None  # "said Biden's spokesperson": someone else speaks for the name
        return first

    def surname(self, head: str, pos: int) -> int | None:
        """A bare surname the recogniser missed ("Lazzarini wrote"): the one person named
        before pos whose name ends with it."""
        m = re.search(r"(?:^|(?<=\s))([A-Z][\w’'-]+)$", head)
        if not m or m.group(1).casefold() in _PRONOUN_WORDS:
            return None
        found = {}
        for i, x in enumerate(self.mentions):
            if x.start < pos and x.kind == "person" and x.name.split()[-1] == m.group(1):
                found[x.name] = i
        return next(iter(found.values())) if len(found) == 1 else None

    def person_pronoun(self, pos: int, pronoun: str = "") -> int | None:
        """The one person of the paragraph before pos ("he", "she"); the previous paragraph
        only when this one names no one at all before pos.  A name after a preposition
        ("a businessman from Abuja", "posted on Twitter") is no antecedent, nor a person
        whose honorific or role says the other sex ("Sir Wyn Williams" for "she"); a
        source the paragraph does not name ("A respirologist …, said") makes the pronoun
        that source's (UNNAMED)."""
        para = self.paragraph_of(pos)
        for p in (para, para - 1):
            if p < 0:
                return None
            start, end = self.paragraphs[p]
            named = [
                i
                for i, m in enumerate(self.mentions)
                if start <= m.start < min(end, pos)
                and not self.in_quote(m.start)
                and (
                    m.kind == "person"
                    # an organisation that may be a mislabelled person, when it acts
                    or (m.maybe_person and m.kind == "organization" and self.who.is_subject(m))
                )
                and self.text[max(0, m.start - 4) : m.start] != "the "
            ]
            people = [i for i in named if not self.after_preposition(self.mentions[i])]
            unnamed = self.unnamed_speaker(start, min(end, pos))
            if unnamed and not people:
                return UNNAMED  # "A respirologist …, said …. "…," she said."
            if not people:
                if named:
                    return None  # only names after prepositions: no antecedent is sure
                continue
            if unnamed:
                return None  # a named person and a source without a name compete
            # Names after prepositions cannot be the antecedent but still compete with
            # it ("He called on Benjamin Netanyahu …"), unless a lone word (a place).
            names = {
                self.mentions[i].name
                for i in named
                if i in people or len(self.mentions[i].name.split()) > 1
            }
            found = people[-1]
            subject = any(self.who.is_subject(self.mentions[i]) for i in people)
            # A pronoun before the one name points to someone else ("He called on X").
            first = self.mentions[people[0]]
            lead = self.text[start : first.role_start if first.role_start >= 0 else first.start]
            if not subject and re.search(r"\b(?:he|she|his|her)\b", lead, re.I):
                return None
            if len(names) == 1 and self.mentions[found].kind == "person":
                sex = self.sex_of(self.mentions[found].name)
                if (
                    sex
                    and pronoun.casefold() in _PRONOUN_SEX
                    and _PRONOUN_SEX[pronoun.casefold()] != sex
                ):
                    return None  # "Sir Wyn Williams asked …. She said …": not him
                return found
            return self.reporting_subject(start, min(end, pos), named, pronoun)
        return None

    def reporting_subject(self, start: int, pos: int, named: list[int], pronoun: str):
        """ "Stich said Wilmore and Williams had been briefed. "…," he said.": the person
        who says (a "say" verb) in the paragraph's last sentence before pos,
        read up to its first quotation mark, when every other person of the paragraph is
        named inside what that person said; None otherwise ("X called on Y to …": Y may
        be "he")."""
        sentence = None
        for s, e in self.sentences:
            if s < start or s >= pos or self.in_quote(s):
                continue
            end = min([e, pos, *(q for q in self.quoted_starts if s <= q < e)])
            if end > s:
                sentence = (s, end)
        if sentence is None:
            return None
        s_start, s_end = sentence
        lo = bisect.bisect_left(self.tok_start, s_start)
        hi = bisect.bisect_left(self.tok_start, s_end)
        verb = next(
            (
                k
                for k in range(lo, hi)
                if self.lemmas[k] == "say" and self.tags[k] in ("VBD", "VBZ")
            ),
            None,
        )
        if verb is None:
            return None
        verb_at = self.tok_start[verb]
        found = None
        commas = [c.end() for c in re.finditer(r",\s+", self.text[s_start:verb_at])]
        for origin in [s_start, *(s_start + c for c in commas[:3])]:
            speaker, basis = _subject(self, origin, verb_at)
            if speaker is not None:
                found = speaker if basis == "subject" and speaker >= 0 else None
                break
        if found is None or self.mentions[found].kind != "person":
            return None
        name = self.mentions[found].name
        if any(
            self.mentions[i].name != name and not verb_at < self.mentions[i].start < s_end
            for i in named
        ):
            return None  # someone else is named outside the report
        sex = self.sex_of(name)
        if sex and pronoun.casefold() in _PRONOUN_SEX and _PRONOUN_SEX[pronoun.casefold()] != sex:
            return None
        return found

    def after_preposition(self, m: Mention) -> bool:
        """Whether a name is written after a preposition ("from Kent", "on Twitter"): a
        place, a medium or an object, never the antecedent of a speaker's pronoun."""
        start = m.role_start if 0 <= m.role_start < m.start else m.start
        return bool(_AFTER_PREPOSITION.search(self.text, max(0, start - 30), start))

    def unnamed_speaker(self, start: int, end: int) -> bool:
        """Whether a sentence between start and end opens with a source the text does not
        name, as the subject of a speech verb ("A businessman from Abuja who was
        transiting through Dubai said …")."""
        for m in _UNNAMED_SPEAKER.finditer(self.text, start, end):
            if not any(
                m.start() <= x.start < m.end()
                and x.kind == "person"
                and not self.after_preposition(x)
                for x in self.mentions
            ):
                return True
        return False

    def sex_of(self, name: str) -> str:
        """ "m" or "f" when an honorific or a role of the name says so ("Ms Vennells",
        "Sir Wyn Williams", "the chairwoman"), else ""."""
        found = set()
        last = name.split()[-1]
        for m in self.mentions:
            if m.kind != "person" or m.name.split()[-1] != last:
                continue
            words = self.text[max(0, m.start - 12) : m.end].split()[:-1] + m.role.split()
            for w in words:
                sex = _HONORIFIC_SEX.get(w.strip(".,").casefold())
                if sex:
                    found.add(sex)
        return found.pop() if len(found) == 1 else ""

    def organisation_pronoun(self, pos: int) -> int | None:
        para = self.paragraph_of(pos)
        return self.who.pronoun("it", para)

    def body_reference(self, noun: str, pos: int, modifier: str | None = None) -> int | None:
        """ "the ministry": the one organisation named before pos whose name holds the noun
        (the military: its defence forces or army); None when two do.  A modifier must
        be in the name too ("the health ministry" is not the Ministry of Defence; "the
        Israeli military" may be the Israel Defense Forces: the first four letters)."""
        found = {}
        for i, m in enumerate(self.mentions):
            if m.start >= pos or m.kind != "organization":
                continue
            name = m.name.casefold()
            if not any(word in name for word in _BODY_NOUNS[noun]):
                continue
            if modifier and not any(
                w.startswith(modifier.casefold()[:4]) for w in re.findall(r"[\w-]+", name)
            ):
                continue
            found[m.name] = i
        return next(iter(found.values())) if len(found) == 1 else None

    def title_reference(self, title: str, pos: int) -> int | None:
        """ "the minister", "the secretary": the one person named so far whose role holds
        the title (the most recent paragraphs first); None when two people do."""
        words = title.casefold().split()
        head = words[-1]
        para = self.paragraph_of(pos)
        for lo in (max(0, para - 2), 0):
            found = {}
            for i, m in enumerate(self.mentions):
                if m.kind != "person" or not m.role or m.start >= pos:
                    continue
                if self.paragraphs[lo][0] > m.start:
                    continue
                role = m.role.casefold().split()
                if head in role and all(w in role for w in words):
                    found[m.name] = i
            if len(found) == 1:
                return next(iter(found.values()))
            if len(found) > 1:
                return None
        return None

    def epithet_reference(self, noun: str, pos: int) -> int | None:
        """ "the forward", "the Dutch coach": the one person of the paragraph
        (person_pronoun), when the noun names people by what they do (_EPITHET_NOUNS) or the
        article gave it to that person before pos ("Toby Jones, the actor,"), and gave it
        to no one else ("Spain coach Jorge Vilda"); None otherwise.  The noun must be
        tagged a singular common noun where it stands."""
        if not self.noun_at(noun, pos):
            return None
        described = {m.name for m in self.mentions[: self.first_at(pos)] if self.describes(m, noun)}
        if not described and not _EPITHET_NOUNS.fullmatch(noun):
            return None
        found = self.person_pronoun(pos, _EPITHET_SEX.get(noun, ""))
        if found is None or found == UNNAMED or self.mentions[found].kind != "person":
            return None
        if not described <= {self.mentions[found].name}:
            return None
        return found if self.noun_only_for(noun, found, pos) else None

    def noun_only_for(self, noun: str, found: int, pos: int) -> bool:
        """Whether every use of the noun in the paragraph before pos and the one before it
        describes the person found ("Coach Pablo Ruiz", a name the recogniser missed,
        makes "the coach" unclear)."""
        start = self.paragraphs[max(0, self.paragraph_of(pos) - 1)][0]
        name = self.mentions[found].name
        own = [m for m in self.mentions if m.name == name and self.describes(m, noun)]
        for use in re.finditer(rf"\b{re.escape(noun)}\b", self.text[start : pos - len(noun)], re.I):
            at = start + use.start()
            if not any(m.start - 40 <= at < m.end + 80 for m in own):
                return False
        return True

    def noun_at(self, noun: str, pos: int) -> bool:
        """Whether the word ending at pos is the noun, tagged a singular common noun."""
        k = bisect.bisect_right(self.tok_start, pos) - 1
        while k >= 0 and self.tok_end[k] > pos:
            k -= 1
        if k < 0 or self.text[self.tok_start[k] : self.tok_end[k]] != noun:
            return False
        return self.tags[k] == "NN"

    def first_at(self, pos: int) -> int:
        """The number of mentions that start before pos."""
        return next((i for i, m in enumerate(self.mentions) if m.start >= pos), len(self.mentions))

    def describes(self, m: Mention, noun: str) -> bool:
        """Whether the text gives a person the noun: in its role, right before the name
        ("Spain coach Jorge Vilda") or in an apposition after it ("Vilda, the coach,")."""
        if m.kind != "person":
            return False
        word = rf"\b{re.escape(noun)}\b"
        start = m.role_start if 0 <= m.role_start < m.start else m.start
        return bool(
            re.search(word, m.role, re.I)
            or re.search(rf"{word}\s+$", self.text[max(0, start - 40) : start])
            or re.match(
                rf",\s+(?:the|a|an|his|her)\s+[^,.;:“”\"\n]{{0,40}}?{word}",
                self.text[m.end : m.end + 80],
            )
        )


# ---------------------------------------------------------------------------
# Subjects of speech verbs
# ---------------------------------------------------------------------------


def _subject(
    article: _Article, before_start: int, verb_start: int, pronoun_at: int | None = None
) -> tuple[int | None, str]:
    """(speaker, basis) of the text written right before a speech verb: an actor, a
    pronoun, a title, an unnamed source; (None, "") when it is none of them."""
    text = article.text
    before_start = max(before_start, verb_start - 300)  # a subject is written near its verb
    before = text[before_start:verb_start]
    between = _BETWEEN.search(before)
    head_end = before_start + (between.start() if between else len(before))
    head = text[before_start:head_end]
    if _MODAL_BEFORE.search(text[max(before_start, verb_start - 40) : verb_start]):
        return None, ""
    if between and (apposed := re.match(r"\s*,\s*([^,]+?)\s*,", before[between.start() :])):
        # "Prime Minister of X, Abdul Hamid Dbeibah, said": the name between the commas.
        inner = before_start + between.start() + apposed.start(1)
        inner_end = inner + len(apposed.group(1))
        k = article.mention_ending(inner_end)
        if (
            k is not None
            and article.mentions[k].start >= inner
            and article.mentions[k].kind in SPEAKING_KINDS
            # the name, or a title and the name ("Lt Col Pierre Kugelweis")
            and re.fullmatch(r"(?:[A-Z][\w.’'-]*\s+){0,3}", text[inner : article.mentions[k].start])
        ):
            return k, "subject"
    i = article.mention_ending(head_end)
    if i is not None:
        m = article.mentions[i]
        start = m.role_start if 0 <= m.role_start < m.start else m.start
        lead = text[before_start:start]
        if m.kind not in SUBJECT_KINDS or _NOT_SUBJECT_BEFORE.search(lead):
            of = re.search(r"\s+of\s+(?:the\s+)?$", lead)
            k = article.mention_ending(before_start + of.start()) if of else None
            if k is not None and article.mentions[k].kind == "person":
                return k, "subject"  # "Rear Admiral John Mauger of the U.S. Coast Guard told"
            return _indefinite(article, head, before_start, head_end)
        if not re.fullmatch(r"(?:[\w’'.&-]+\s+){0,4}", lead):
            return _indefinite(article, head, before_start, head_end)  # inside a phrase
        if m.kind != "person" and re.search(r"\S\s+(?!The\b)[A-Z][\w’'-]*\s+$", lead):
            return None, ""  # "Doctors Without Borders": the recogniser cut the name
        if (
            m.kind == "place"
            and start != before_start
            and not re.search(r"[,;:]\s*$|\b(?:and|but)\s*$", text[before_start:start])
        ):
            return _indefinite(article, head, before_start, head_end)
        return i, "subject"
    if (k := article.surname(head, head_end)) is not None:
        return k, "surname"
    if p := _PRONOUN.search(head):
        at = head_end if pronoun_at is None else pronoun_at
        if p.group(1).lower() == "it":
            return article.organisation_pronoun(at), "pronoun"
        return article.person_pronoun(at, p.group(1)), "pronoun"
    if (
        (office := re.search(r"['’]s\s+office$", head))
        and (k := article.mention_ending(before_start + office.start())) is not None
        and article.mentions[k].kind == "person"
    ):
        return k, "office"  # "Netanyahu's office said": the person speaks through it
    if o := _BODY_REFERENCE.search(head):
        return article.body_reference(o.group("noun"), head_end, o.group("modifier")), "reference"
    if t := _TITLE_REFERENCE.search(head):
        title = t.group("title")
        if article.rules.title_words.search(title) or title.split()[-1] in _TITLE_HEADS:
            return article.title_reference(title, head_end), "title"
    if between and any(m.kind == "person" for m in article.mentions_starting(head_end, verb_start)):
        return None, ""  # "An army spokesperson, Lt Col Pierre Kugelweis, said": named
    if (voice := _voice_of(article, head, before_start, head_end)) is not None:
        return voice
    if u := _UNNAMED_SOURCE.search(head):
        covered = bool(article.mentions_starting(u.start() + before_start, head_end))
        if not covered and not _NOT_SUBJECT_BEFORE.search(head[: u.start()]):
            return UNNAMED, "unnamed"
    speaker, basis = _indefinite(article, head, before_start, head_end, voice_read=True)
    if speaker is None and (e := _EPITHET.fullmatch(head.strip())):
        return article.epithet_reference(e.group("noun"), head_end), "epithet"
    return speaker, basis


# "the forward", "the Dutch coach": a person described by what they do, not named.  Words
# such as "the woman" or "the resident" are not in the list: they are most often a source
# the text does not name.
_EPITHET = re.compile(r"[Tt]he\s+(?:[A-Za-z0-9-]+\s+){0,2}(?P<noun>[a-z][a-z-]+)")
# (Titles such as "the minister" or "the director" are read before, by title_reference.)
_EPITHET_NOUNS = re.compile(
    r"actor|actress|singer|rapper|musician|star|player|forward|striker|midfielder|defender|"
    r"goalkeeper|keeper|captain|coach|manager|champion|veteran|winger|batter|bowler|"
    r"astronaut|pilot|author|novelist|writer|filmmaker|producer|comedian|billionaire|"
    r"entrepreneur|boss|lawmaker|politician|candidate|incumbent|monarch|diplomat|prosecutor"
)
_EPITHET_SEX = {"actress": "she"}


_DOCUMENT = re.compile(  # written in lower case: "Post Office" is no post
    r"\b(?:statement|message|letter|report|post|notice|filing|memo|e-?mail|document|"
    r"release|tweet|video|advisory|bulletin|alert|communiqu[eé])s?\b"
)
_NAMED_SPOKESPERSON = re.compile(r"(?<![.!?]\s)\b[A-Z][\w&.’'-]*\s+spokes(?:man|woman|person)\b")


def _voice_of(article: _Article, head: str, start: int, end: int) -> tuple[int | None, str] | None:
    """A body that speaks through a document or a spokesperson is no unnamed source: "a
    statement from the Kremlin", "a ministry message", "a Reddit spokesperson" are the
    Kremlin, the ministry, Reddit.  The one organisation named in the phrase, or no one
    (None, "") when it names none or two; None when the phrase is neither."""
    if not (_DOCUMENT.search(head) or _NAMED_SPOKESPERSON.search(head)):
        return None
    bodies = {
        m.name: i
        for i, m in enumerate(article.mentions)
        if start <= m.start < end and m.kind == "organization"
    }
    if any(m.kind == "person" for m in article.mentions_starting(start, end)):
        return None, ""
    if len(bodies) == 1:
        return next(iter(bodies.values())), "subject"
    noun = re.search(r"\b(" + "|".join(_BODY_NOUNS) + r")\b", head, re.I)
    if not bodies and noun:
        found = article.body_reference(noun.group(1).casefold(), start)
        if found is not None:
            return found, "reference"  # "a ministry message": the one ministry named
    return None, ""


def _indefinite(
    article: _Article,
    head: str,
    before_start: int,
    head_end: int,
    bare: bool = False,
    voice_read: bool = False,
):
    """ "one commodities trader in Singapore", "a man in his 60s waiting in line", "analysts
    in Niamey", "officials on both sides of the border": a source the text does not name
    (places may be named in it, people and organisations not).  ``voice_read``: the caller
    has already found that the phrase is no body's voice (_voice_of returned None)."""
    if not voice_read and (voice := _voice_of(article, head, before_start, head_end)) is not None:
        return voice
    phrase = bare or _INDEFINITE_SOURCE.fullmatch(head) or _PLURAL_SOURCE.fullmatch(head)
    if re.search(
        r"\b(?:as|named|called)\s+[A-Z]|\bspokes(?:man|woman|person)\s+(?:for|of)\b", head
    ):
        return None, ""  # "a man who gave his name only as Salem", "a spokesperson for X"
    if phrase and len(head.split()) <= 16:
        # Places and organisations may qualify the source ("one former FTX customer"), a
        # person never: "a spokesman for Biden" may be the one the gold names.
        inside = [
            m
            for m in article.mentions
            if before_start <= m.start < head_end
            # after a preposition, a one-word "person" is a place the recogniser mistook
            # ("a businessman from Abuja"), and a place is a place ("on Eighth Avenue")
            and not (
                article.after_preposition(m) and (len(m.name.split()) == 1 or m.kind != "person")
            )
        ]
        if all(m.kind != "person" and not m.maybe_person for m in inside):
            return UNNAMED, "unnamed"
    return None, ""


_TITLE_HEADS = {
    "judge",
    "minister",
    "secretary",
    "president",
    "chancellor",
    "premier",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "governor",
    "mayor",
    "senator",
    "commissioner",
    "chief",
    "leader",
    "commander",
    "general",
    "administrator",
    "director",
    "chairman",
    "chairwoman",
    "chair",
    "founder",
    "executive",
}


# ---------------------------------------------------------------------------
# Direct quotations
# ---------------------------------------------------------------------------


def _direct(article: _Article, found: list[Quote]) -> list[Quote]:
    """Every quotation whose speaker a frame makes certain (see the module docstring)."""
    text, rules = article.text, article.rules
    verb = rules.verb
    by_start = {q.start: q for q in found}
    spans = article.spans
    out: list[Quote] = []
    previous: Quote | None = None
    for segments in spans:
        q_start, q_end = segments[0][0], segments[-1][1] + 1
        body = " ".join(" ".join(text[s + 1 : e].split()) for s, e in segments)
        body = body.strip().rstrip(",").strip()
        para = article.paragraph_of(segments[-1][0])
        p_end = article.paragraphs[para][1]
        first_para_start = article.paragraphs[article.paragraph_of(q_start)][0]
        quote = by_start.get(q_start)
        if quote is not None:
            quote = _fixed(article, quote, q_end, p_end)
        if quote is None and body:
            speaker, basis = _after(article, q_end, p_end, verb)
            if speaker is None and not basis:
                speaker, basis = _before(article, first_para_start, q_start)
            if speaker is None and not basis and previous is not None:
                speaker, basis = _run(article, previous, q_start, verb)
            if speaker is not None and basis == "run" and out and out[-1] is previous:
                # One speaker's run of quotations is one quote, the attribution elided.
                previous = replace(previous, text=f"{previous.text} … {body}", end=q_end)
                out[-1] = previous
                continue
            if speaker is not None and (_keep_quote(body, rules) or _whole_sentence(body)):
                quote = Quote(body, q_start, q_end, speaker, basis)
        if quote is not None:
            out.append(quote)
            previous = quote
    return out


def _whole_sentence(body: str) -> bool:
    """A short quotation that a frame attributes is kept when it reads as a sentence of
    its own ("Somebody had to go"), not a scare-quoted phrase (lower case)."""
    return _words(body) >= 3 and body[:1].isupper()


def _fixed(article: _Article, quote: Quote, q_end: int, p_end: int) -> Quote | None:
    """The older sieve's attribution, corrected where it is known to slip."""
    if quote.basis == "inverted":
        m = re.match(rf"\s*,?\s*{article.rules.verb}\s+", article.text[q_end:p_end])
        speaker = article.speaker_after_verb(q_end + m.end(), p_end) if m else None
        if speaker is None:
            return None
        return replace(quote, speaker=speaker)
    if quote.basis == "pronoun":
        text = article.text
        after = re.match(r"\s*,?\s*(he|she|He|She)\b", text[q_end:p_end])
        before = re.search(
            r"\b(he|she|He|She)\b[^“”\"]{0,60}$", text[max(0, quote.start - 80) : quote.start]
        )
        pronoun = (after or before).group(1) if after or before else ""
        if pronoun or article.mentions[quote.speaker].kind == "person":
            speaker = article.person_pronoun(quote.start, pronoun)
            return replace(quote, speaker=speaker) if speaker is not None else None
    return quote


def _after(article: _Article, q_end: int, p_end: int, verb: str) -> tuple[int | None, str]:
    """``"…," the minister said`` / ``"…," a senior official said`` / ``"…," said X`` /
    ``"…," according to X``."""
    rest = article.text[q_end:p_end]
    if (m := re.match(rf"\s*,?\s*{verb}\s+", rest)) and not re.match(r"\s*,?\s*tel", rest):
        speaker = article.speaker_after_verb(q_end + m.end(), p_end)
        if speaker is not None:
            return speaker, "inverted"
        tail = re.match(r"[^,.;:“”\"\n]*", rest[m.end() :]).group(0).rstrip()
        tail_start = q_end + m.end()
        noun = re.match(
            rf"(?:an?|one|two|several|some)\s+(?:[\w-]+\s+){{0,3}}?(?:{_UNNAMED_NOUNS})\b",
            tail,
            re.I,
        )
        if (voice := _voice_of(article, tail, tail_start, tail_start + len(tail))) is not None:
            return voice  # "said a Reddit spokesperson", "said a ministry statement"
        if noun and not any(
            tail_start <= x.start < tail_start + noun.end() for x in article.mentions
        ):
            return UNNAMED, "unnamed"  # "said a senior official in Naidu's party"
        if tail and _INDEFINITE_SOURCE.fullmatch(tail) or re.fullmatch(r"[Oo]ne", tail):
            return _indefinite(
                article, tail, tail_start, tail_start + len(tail), bare=True, voice_read=True
            )
        return None, ""
    if m := re.match(r"\s*,?\s*as\s+([^,.;:“”\"\n]{1,80}?)\s+put\s+it\b", rest):
        return _subject(article, q_end + m.start(1), q_end + m.end(1) + 1)
    if m := re.match(r"\s*,?\s*according\s+to\s+", rest, re.I):
        return _according_to(article, q_end + m.end(), p_end)
    if m := re.match(
        rf"\s*,?\s*((?:[^,.;:“”\"\n]|\.(?=\w)){{1,70}}?)\s+(?:also\s+)?{verb}\b", rest
    ):
        return _subject(article, q_end + m.start(1), q_end + m.end(1) + 1)
    return None, ""


def _before(article: _Article, p_start: int, q_start: int) -> tuple[int | None, str]:
    """``X: "…"`` / ``According to X, "…"`` / ``The minister said: "…"``."""
    text = article.text
    before = text[p_start:q_start]
    if m := re.search(r":\s*$", before):
        i = article.mention_ending(p_start + len(before[: m.start()].rstrip()))
        if i is not None and article.mentions[i].kind in SPEAKING_KINDS:
            line_start = text.rfind("\n", 0, article.mentions[i].start) + 1
            if text[line_start : article.mentions[i].start].strip() == "":
                return i, "colon"
        if v := re.search(rf"\b{article.rules.verb}(?:\s+[\w-]+){{0,3}}\s*:\s*$", before):
            found = _introducer(article, p_start, q_start, p_start + v.start())
            if found is not None:
                return found
        # "One delegate from a Pacific country, speaking on condition of anonymity, put it
        # more bluntly: "…"": a source the text does not name introduces the quotation.
        sent_start = _sentence_start(article, q_start, p_start)
        intro = text[sent_start:q_start]
        for lead in re.finditer(r"(?:^|,\s+|\bAs\s+)", intro):
            np = _INTRO_SOURCE.match(intro, lead.end())
            if np:
                speaker, basis = _indefinite(
                    article, np.group(1), sent_start + np.start(1), sent_start + np.end(1)
                )
                if speaker is not None:
                    return speaker, basis
    if (
        v := re.search(
            rf"\b(?:told|tells)(?:\s+[\w’'-]+){{1,6}}\s*,\s*$|\b{article.rules.verb}\s*,\s*$",
            before,
        )
    ) and re.match(r"[“\"]\s*[A-Z]", text[q_start:]):
        # "A manager who lives in Al Qusais told our correspondent on the telephone, “…”"
        found = _introducer(article, p_start, q_start, p_start + v.start())
        if found is not None:
            return found
    if m := re.match(r"\s*According\s+to\s+", before):
        comma = before.rfind(",")
        if comma > m.end() and before[comma + 1 :].strip() == "":
            return _according_to(article, p_start + m.end(), p_start + comma)
    return None, ""


def _introducer(article: _Article, p_start: int, q_start: int, verb_at: int):
    """(speaker, basis) of the verb that introduces a quotation (``X said: "…"``), its
    subject after a lead-in if need be ("In Sharjah, a resident … said:"); None when no
    subject is certain."""
    sent_start = _sentence_start(article, q_start, p_start)
    commas = [c.end() for c in re.finditer(r",\s+", article.text[sent_start:verb_at])]
    for origin in [sent_start, *(sent_start + c for c in commas[:3])]:
        speaker, basis = _subject(article, origin, verb_at)
        if speaker is not None:
            if _in_relative(article, sent_start, origin, speaker, verb_at):
                return None
            return speaker, basis
    return None


_INTRO_SOURCE = re.compile(
    r"((?:[Oo]ne|[Aa]n?|[Aa]nother|[Ss]omeone)\b[^,:;“”\"]*?)\s*,?\s+"
    r"(?:was|were|put|told|said|says|added|wrote|had|has|spoke|speaking)\b"
)


def _run(article: _Article, previous: Quote, q_start: int, verb: str) -> tuple[int | None, str]:
    """``"…," he said. "…"``: the attribution alone between two quotations of one
    paragraph gives the second the first one's speaker."""
    if article.paragraph_of(previous.start) != article.paragraph_of(q_start):
        return None, ""
    between = article.text[previous.end : q_start]
    if len(between.split()) > 25 or not re.search(rf"\b{verb}\b", between):
        return None, ""
    if len(between.split()) > 12 and not re.match(rf"\s*,?\s*{verb}\b", between):
        return None, ""  # a long attribution only when it opens with its verb
    if not re.search(r"[.:]\s*$", between) or re.search(r"[“”\"]", between):
        return None, ""
    others = [m for m in article.mentions if previous.end <= m.start < q_start]
    if any(
        m.kind == "person" and m.name != article.mentions[previous.speaker].name
        for m in others
        if previous.speaker >= 0
    ):
        return None, ""
    return previous.speaker, "run"


def _according_to(article: _Article, pos: int, limit: int) -> tuple[int | None, str]:
    if the := re.match(r"the\s+", article.text[pos:limit]):
        named = next((m for m in article.mentions if m.start == pos + the.end()), None)
        if named is not None and named.kind != "person":
            pos += the.end()  # "according to the United Nations"
    i = next((k for k, m in enumerate(article.mentions) if m.start == pos), None)
    if i is not None and re.match(
        rf"\s+(?:{_UNNAMED_NOUNS})\b", article.text[article.mentions[i].end :]
    ):
        return UNNAMED, "according"  # "according to Ukrainian officials"
    if i is not None and article.mentions[i].kind in SUBJECT_KINDS:
        if re.match(r"['’]s?\b", article.text[article.mentions[i].end :]):
            return None, ""  # "according to Turkey's disaster agency": not Turkey
        return i, "according"
    tail = article.text[pos:limit]
    if re.match(r"(?:him|her)\b", tail):
        return article.person_pronoun(pos, tail[:3].strip()), "according"  # "According to him, …"
    if named := re.match(r"the\s+[^,.;:“”\"]{1,40},\s+", tail):
        # "according to the regional governor, Oleksandr Prokudin, …"
        k = next((n for n, m in enumerate(article.mentions) if m.start == pos + named.end()), None)
        if k is not None and article.mentions[k].kind == "person":
            return k, "according"
    ref = re.match(r"the\s+(?:(?P<modifier>[A-Za-z-]+)\s+)?(?P<noun>[a-z]+)\b", tail)
    if ref and ref.group("noun") in _BODY_NOUNS:
        found = article.body_reference(ref.group("noun"), pos, ref.group("modifier"))
        if found is not None:
            return found, "according"
    title = re.match(r"the\s+(?P<title>(?:[A-Za-z-]+\s+){0,2}[a-z-]+)(?=[\s.,;]|$)", tail)
    if title and title.group("title").split()[-1] in _TITLE_HEADS:
        found = article.title_reference(title.group("title"), pos)
        if found is not None:
            return found, "according"  # "according to the spokesperson"
    source = re.match(
        rf"(?:(?:a|an|the|some|several)\s+)?(?:[\w-]+\s+){{0,3}}(?:{_UNNAMED_NOUNS}|media|"
        rf"monitors|medics)\b",
        tail,
        re.I,
    )
    if source and not any(pos <= m.start < pos + source.end() for m in article.mentions):
        return UNNAMED, "according"
    return None, ""


def _sentence_start(article: _Article, pos: int, floor: int) -> int:
    starts = [s for s, e in article.sentences if s <= pos]
    return max([floor, *starts[-1:]])


# ---------------------------------------------------------------------------
# Reported speech
# ---------------------------------------------------------------------------


def _reported(article: _Article, direct: list[Quote]) -> list[Quote]:
    """Indirect and mixed quotes: sentences with a speech frame, outside quotation marks."""
    out = []
    verbs = article.rules.report_verbs
    taken = [(q.start, q.end) for q in direct]
    for s_start, s_end in article.sentences:
        if article.in_quote(s_start) and article.in_quote(max(s_start, s_end - 1)):
            continue
        if any(a <= s_start and s_end <= b for a, b in taken):
            continue
        # A direct quotation inside the sentence has its own attribution: read only the
        # words before it (the recogniser may have run two sentences together).
        s_end = min([s_end] + [a for a, b in taken if s_start < a < s_end])
        # A quotation opening after a full stop starts a new sentence the tagger joined
        # on ("… history. “She kept telling us …”"): it is not part of this report.
        s_end = min(
            [s_end]
            + [
                a
                for a in article.quoted_starts
                if s_start < a < s_end and re.search(r"[.!?]\s+$", article.text[s_start:a])
            ]
        )
        if s_end - s_start < 10 or article.in_quote(s_start):
            continue
        sentence_text = article.text[s_start:s_end]
        if re.search(r"\baccording\s+to\b", sentence_text, re.I) and _has_report_verb(
            article, s_start, s_end, verbs
        ):
            continue  # two sources in one sentence: whose words are whose is unclear
        frames = _lead_frames(article, s_start, s_end, verbs)
        if not frames:
            frames = _participle_frame(article, s_start, s_end, verbs)
        if not frames:
            found = _trailing_frame(article, s_start, s_end)
            if found is None and not _has_report_verb(article, s_start, s_end, verbs):
                found = _according_frame(article, s_start, s_end)
            if found is None:
                continue
            frames = [(*found, s_start)]
        frames = _one_report_per_speaker(article, frames)
        for n, (speaker, basis, origin) in enumerate(frames):
            start = s_start if n == 0 else origin
            end = frames[n + 1][2] if n + 1 < len(frames) else s_end
            end = _first_report_end(article, start, end, verbs)
            words = article.text[start:end].rstrip(" ,;")
            if _words(words) < 6:
                continue  # cut down to its frame ("Ellison told jurors"): nothing reported
            sentence = " ".join(words.split())
            marks = any(start <= q < start + len(words) for q, _ in article.quoted)
            kind = "mixed" if marks else "indirect"
            out.append(Quote(sentence, start, start + len(words), speaker, basis, kind))
    return out


def _one_report_per_speaker(article: _Article, frames: list[tuple]) -> list[tuple]:
    """``DeWine said the water was safe, though he urged people with wells to …``: a report
    that goes on with the same speaker ("he") is one report, not two."""
    kept: list[tuple] = []
    for frame in frames:
        if kept and _same_speaker(article, kept[-1][0], frame[0]):
            continue
        kept.append(frame)
    return kept


def _same_speaker(article: _Article, a: int, b: int) -> bool:
    if a == UNNAMED or b == UNNAMED:
        return False
    return a == b or article.mentions[a].name == article.mentions[b].name


_SECOND_CLAUSE = re.compile(r"(?:,\s+(?:while|whereas|but|and|which|who)\s+|;\s+|\s+while\s+)")


_EMBEDDED_REPORT = re.compile(
    r"\s+(?:that|which|whom)\s+(?!(?:he|she|it|they|we|i)\s)(?:[a-z]+\s+){0,2}[a-z]+\s+"
    r"(?:said|say|says|claimed|told)\b"
)


def _first_report_end(article: _Article, s_start: int, s_end: int, verbs) -> int:
    """Where the first report of a sentence ends: before a second clause with its own
    speech verb ("…, while the rival government said …")."""
    embedded = _EMBEDDED_REPORT.search(article.text, s_start, s_end)
    if embedded and _has_report_verb(article, s_start, embedded.start(), verbs):
        s_end = embedded.start()  # "details that witnesses said …": someone else's report
    for m in _SECOND_CLAUSE.finditer(article.text, s_start, s_end):
        if re.match(r"(?:it|he|she|they)\s", article.text[m.end() : s_end]):
            continue  # "…, which it described as …": the same speaker goes on
        later = _has_report_verb(article, m.end(), s_end, verbs)
        if later and _has_report_verb(article, s_start, m.start(), verbs):
            return m.start()
    return s_end


_SUBORDINATE = re.compile(r"(?:^|,\s+|\s)(?:as|while|when|after|because|since|whereas)\s+")
_COORDINATED = re.compile(r"[^,]\s+(?:and|but)\s+(?:also\s+|later\s+|then\s+)?$")


def _sentence_subject(article: _Article, s_start: int, limit: int, hi: int) -> int | None:
    """The actor opening a sentence (after a short lead-in) and followed by its verb."""
    before = article.text[s_start:limit]
    lead = re.match(r"(?:[^,“”\"]{1,60},\s+)?", before)
    for origin in sorted({s_start, s_start + lead.end()}):
        i = next(
            (
                n
                for n, m in enumerate(article.mentions)
                if origin in (m.start, m.role_start) and m.kind in SUBJECT_KINDS
            ),
            None,
        )
        if i is None:
            continue
        m = article.mentions[i]
        after = bisect.bisect_left(article.tok_start, m.end)
        while after < hi and article.tags[after] in ("RB", "POS"):
            after += 1
        if after < hi and (article.tags[after].startswith("VB") or article.tags[after] == "MD"):
            return i
    return None


_RELATIVE = re.compile(r"\b(?:which|who|whose|whom)\b")


def _in_relative(article: _Article, s_start: int, origin: int, speaker: int, verb: int) -> bool:
    """Whether a subject found after a relative pronoun is a name inside the relative
    clause ("X, which bargains for Disney, Netflix and others, said"): a comma still
    stands between it and the verb.  ("Speaking beside Y, who leads the party, Farage
    said" has none.)"""
    if speaker < 0 or origin == s_start or not _RELATIVE.search(article.text, s_start, origin):
        return False
    return "," in article.text[article.mentions[speaker].end : verb]


_CLAUSE_BREAK = re.compile(r"(?:,\s+(?:and\s+|while\s+|but\s+|whereas\s+)?|;\s+)")


def _lead_frames(article: _Article, s_start: int, s_end: int, verbs) -> list[tuple]:
    """``Blinken said Israel had agreed …`` / ``Officials say no storm …``: speech verbs
    with a subject right before them and a clause after them, as (speaker, basis, where
    the report starts).  The first may follow a lead-in ("On Sunday, …"); a later one
    only starts a new clause (``X said …, Y said …``), never inside a reported one."""
    lo = bisect.bisect_left(article.tok_start, s_start)
    hi = bisect.bisect_left(article.tok_start, s_end)
    frames: list[tuple] = []
    previous_verb = s_start
    for k in range(lo, hi):
        tag = article.tags[k]
        if not tag.startswith("VB") or tag in ("VBG", "VB") or article.lemmas[k] not in verbs:
            continue
        if tag == "VBN" and not (k > lo and article.lemmas[k - 1] == "have"):
            continue  # "people confirmed dead", "an attack claimed by Hamas": no report
        start = article.tok_start[k]
        if article.in_quote(start):
            continue
        # Words quoted after the verb make it reported speech whatever its complement
        # ("called the letter “a sign of nervousness”").
        quoted_after = any(start < a < min(s_end, start + 80) for a in article.quoted_starts)
        if not quoted_after and not _clause_after(article, k + 1, hi):
            continue
        if not quoted_after and not _complement_fits(article, k, hi):
            continue
        if frames:
            breaks = list(_CLAUSE_BREAK.finditer(article.text, previous_verb, start))
            origins = [b.end() for b in breaks[::-1][:3]]
        else:
            # The subject may follow lead-ins ("On the right bank, held by Kyiv, …").
            commas = [m.end() for m in re.finditer(r",\s+", article.text[s_start:start])]
            origins = sorted({s_start, *(s_start + c for c in commas[:4])})
            inner = list(_SUBORDINATE.finditer(article.text, s_start, start))
            if inner and article.lemmas[k] in ("say", "tell", "add", "warn"):
                # "…, as Ishikawa Prefecture said …", "…, when it said …"
                origins.append(inner[-1].end())
        if not frames and _COORDINATED.search(article.text, s_start, start):
            # "He unveiled the platform and said Nvidia would …": the sentence's subject.
            subject = _sentence_subject(article, s_start, start, hi)
            if subject is not None:
                frames.append((subject, "coordinated", s_start))
                previous_verb = article.tok_end[k]
                continue
        previous_verb = article.tok_end[k]
        for origin in origins:
            speaker, basis = _subject(article, origin, start)
            if speaker is not None and _in_relative(article, s_start, origin, speaker, start):
                continue  # "X, which bargains for Disney, Netflix and others, said": not Netflix
            if speaker is not None:
                frames.append((speaker, basis, origin))
                break
        else:
            relative = re.search(
                r"\b(?:who|which|whose|whom)\b[^,;“”\"]*$", article.text[s_start:start]
            )
            if not frames and not relative:
                return []  # the first speech verb has no subject a rule is sure of
    return frames


# Verbs that report speech only with a complement: "acknowledged that …" but not
# "declared three days of mourning"; "called on X to …" but not "called a general
# election" or "called on X" (a visit).
_NEEDS_THAT = {
    "declare",
    "concede",
    "admit",
    "acknowledge",
    "estimate",
    "predict",
    "suggest",
    "fear",
    "maintain",
    "assert",
    "allege",
    "testify",
}
_NEEDS_TO = {"promise", "pledge", "vow", "threaten", "urge", "ask"}


def _complement_fits(article: _Article, k: int, hi: int) -> bool:
    """Whether the words after a speech verb are what it needs to report speech."""
    lemma = article.lemmas[k]
    span = range(k + 1, min(hi, k + 14))
    following = [article.lemmas[i] for i in span]
    # "that" opening a clause, not a relative pronoun ("a new law that will …", WDT)
    that = [i - k - 1 for i in span if article.lemmas[i] == "that" and article.tags[i] != "WDT"]
    if lemma in _NEEDS_THAT:
        return any(n < 6 for n in that)
    if lemma in _NEEDS_TO:
        return "to" in following or any(n < 6 for n in that)
    if lemma == "call":
        return bool(following) and (
            following[0] == "for" or (following[0] == "on" and "to" in following)
        )
    if lemma == "accuse":
        return "of" in following
    return True


def _participle_frame(article: _Article, s_start: int, s_end: int, verbs) -> list[tuple]:
    """``Hoekstra criticised the draft, saying there was …``: a speech verb in -ing after a
    comma reports the words of the sentence's subject (an actor opening the sentence,
    followed by its verb)."""
    lo = bisect.bisect_left(article.tok_start, s_start)
    hi = bisect.bisect_left(article.tok_start, s_end)
    for k in range(lo + 2, hi):
        if article.tags[k] != "VBG" or article.lemmas[k] not in verbs:
            continue
        if article.text[article.tok_start[k - 1] : article.tok_end[k - 1]] != ",":
            continue
        if article.in_quote(article.tok_start[k]) or not _clause_after(article, k + 1, hi):
            continue
        if _has_report_verb(article, s_start, article.tok_start[k], verbs):
            return []  # "…, he said, adding …": the finite verb's subject decides, or no one
        i = _sentence_subject(article, s_start, article.tok_start[k], hi)
        return [] if i is None else [(i, "participle", s_start)]
    return []


_TAIL = re.compile(
    r"[^.!?“”\"\n]{0,120}?,\s+(?P<verb>adding|saying|noting|warning|insisting|urging|arguing|"
    r"stressing|describing|calling|accusing)\b"
)


def _participle_tails(article: _Article, direct: list[Quote]) -> list[Quote]:
    """``"…," Smith said, adding that her government would use "every tool"``: the -ing
    clause after a direct quotation's attribution reports the same speaker."""
    out = []
    for q in direct:
        m = _TAIL.match(article.text, q.end)
        if not m:
            continue
        start = m.start("verb")
        end = next((e for s, e in article.sentences if s <= start < e), len(article.text))
        end = min(
            [end] + [a for a in article.quoted_starts if a > start and not _inside(article, a, end)]
        )
        words = article.text[start:end].rstrip(" ,;")
        if _words(words) < 4:
            continue
        marks = any(start <= a < start + len(words) for a in article.quoted_starts)
        kind = "mixed" if marks else "indirect"
        text = " ".join(words.split())
        out.append(Quote(text, start, start + len(words), q.speaker, "participle", kind))
    return out


def _inside(article: _Article, pos: int, end: int) -> bool:
    """Whether the quotation opening at pos closes before end (a quoted phrase in the
    sentence, not the start of the next quotation)."""
    k = bisect.bisect_left(article.quoted_starts, pos)
    return k < len(article.quoted) and article.quoted[k][1] <= end


def _has_report_verb(article: _Article, s_start: int, s_end: int, verbs) -> bool:
    lo = bisect.bisect_left(article.tok_start, s_start)
    hi = bisect.bisect_left(article.tok_start, s_end)
    return any(
        article.lemmas[k] in verbs
        and article.tags[k].startswith("VB")
        and not (article.tags[k] == "VBN" and k > 0 and article.lemmas[k - 1] == "be")
        for k in range(lo, hi)
    )


def _clause_after(article: _Article, k: int, hi: int) -> bool:
    """Whether what follows a speech verb is a reported clause: three words or more, a verb
    among them. Read up to where both are found (a sentence may be thousands of tokens long)."""
    words, verb = 0, False
    for i in range(k, hi):
        tag = article.tags[i]
        if tag[:1].isalpha():
            words += 1
            verb = verb or tag.startswith("VB") or tag == "MD"
            if verb and words >= 3:
                return True
    return False


def _trailing_frame(article: _Article, s_start: int, s_end: int) -> tuple[int, str] | None:
    """``…, officials said.`` / ``…, said Blinken.`` / ``…, the ministry said on Sunday.``"""
    text = article.text
    verb = article.rules.verb
    sentence = text[s_start:s_end]
    m = re.search(
        rf",\s+(?P<subject>[^,“”\"]{{1,80}}?)\s+(?:also\s+)?{verb}"
        r"(?:\s+(?:on|in|at|late|early|last|this)\b[^,“”\"]{0,40})?[.!]?[”\"]?\s*$",
        sentence,
    )
    if m and _words(sentence[: m.start()]) >= 4:
        sub_start = s_start + m.start("subject")
        if article.in_quote(sub_start):
            return None
        # A pronoun here stands for someone named before the sentence, not in it.
        speaker, basis = _subject(
            article, sub_start, s_start + m.end("subject") + 1, pronoun_at=s_start
        )
        if speaker is not None:
            return speaker, basis
    m = re.search(
        rf",\s+{verb}\s+(?P<rest>[^,“”\"]{{1,80}}?)(?:,[^,“”\"]{{1,120}})?[.!]?\s*$", sentence
    )
    if m and _words(sentence[: m.start()]) >= 4 and not re.match(r",\s+tel", m.group(0)):
        pos = s_start + m.start("rest")
        speaker = article.speaker_after_verb(pos, s_end)
        if speaker is not None and article.mentions[speaker].kind in SUBJECT_KINDS:
            return speaker, "inverted"
    return None


def _according_frame(article: _Article, s_start: int, s_end: int) -> tuple[int, str] | None:
    for m in re.finditer(r"\b[Aa]ccording\s+to\s+", article.text[s_start:s_end]):
        pos = s_start + m.end()
        if article.in_quote(pos):
            continue
        speaker, basis = _according_to(article, pos, s_end)
        if speaker is not None:
            return speaker, basis
    return None


# ---------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------


def find_quotes(
    text: str,
    annotation: dict,
    mentions: list[Mention],
    rules: ActorRules,
    older: list[Quote] | None = None,
) -> list[Quote]:
    """Every quote of one article with its speaker (a mention index, or UNNAMED) and
    kind, in text order.  ``older``: the quotations find_mentions already attributed
    (actors.find_quotes), so they are not read twice."""
    article = _Article.read(text, annotation, mentions, rules)
    if older is None:
        older = find_direct_quotes(text, mentions, article.paragraphs, article.sentences, rules)
    direct = [_with_kind(article, q) for q in _direct(article, older)]
    direct = [
        q
        for q in direct
        if (q.speaker == UNNAMED or mentions[q.speaker].kind in SUBJECT_KINDS)
        and not _INNER_VOICE.search(q.text)
    ]
    reported = _reported(article, [q for q in direct if q.kind == "direct"])
    reported += _participle_tails(article, [q for q in direct if q.kind == "direct"])
    mixed_at = {(q.start, q.end) for q in reported}
    quotes = [q for q in direct if q.kind == "direct" or (q.start, q.end) not in mixed_at]
    quotes += [
        q for q in reported if not any(d.kind == "mixed" and d.start == q.start for d in quotes)
    ]
    quotes.sort(key=lambda q: (q.start, q.end, q.kind))
    return quotes


# A quotation that quotes someone else ("She kept telling us: we have to …"): the words
# after the colon are another speaker's, relayed; whose they are is not certain.
_INNER_VOICE = re.compile(
    r"\b(?:he|she|they|it|[A-Z]\w+)\s+(?:\w+\s+)?(?:said|says|told|tells|telling|saying|"
    r"asked|asking|kept\s+telling|kept\s+saying)(?:\s+(?:us|me|them|him|her))?\s*:"
)


def _with_kind(article: _Article, quote: Quote) -> Quote:
    """A quotation that stands as its own sentence is direct; one inside reported speech
    ("said the deal was "a step forward"") is mixed, and its text is the sentence."""
    text = article.text
    s_start = _sentence_start(
        article, quote.start, article.paragraphs[article.paragraph_of(quote.start)][0]
    )
    lead = text[s_start : quote.start]
    if not lead.strip() or re.search(r"[:,]\s*$", lead) or quote.basis not in ("that", "before"):
        return replace(quote, kind="direct")
    s_end = next((e for s, e in article.sentences if s <= quote.start < e), quote.end)
    s_end = max(s_end, quote.end)
    sentence = " ".join(text[s_start:s_end].split())
    return replace(quote, text=sentence, start=s_start, end=s_end, kind="mixed")


# ---------------------------------------------------------------------------
# Archive-wide: the export's records
# ---------------------------------------------------------------------------


def quote_records(articles, results, actor_index, events: list[dict]) -> list[dict]:
    """Every quote of the archive as plain data (data/quotes.json), oldest first.

    ``articles`` are the archive's articles (``key``, ``text``, ``date_value``), ``results``
    their derived results (``mentions``, ``quotes``), ``actor_index`` the merged actors
    (``mentions_in``, ``by_slug``), ``events`` the chronology's records: a quote joins the
    events whose sentence holds it (or that it holds).
    """
    sentences: dict[str, list[tuple[str, str]]] = {}
    for event in events:
        for m in event["mentions"]:
            sentences.setdefault(m["article"], []).append((_plain(m["sentence"]), event["id"]))
    records = []
    for article, result in zip(articles, results, strict=True):
        slug_at = {(s, e): slug for s, e, slug in actor_index.mentions_in(article.key)}
        for q in result.quotes:
            slug = None
            if q.speaker >= 0:
                m = result.mentions[q.speaker]
                slug = slug_at.get((m.start, m.end))
                if slug is None:
                    continue
            words = _plain(q.text)
            joined = sorted(
                {
                    ev
                    for sentence, ev in sentences.get(article.key, [])
                    if words in sentence or (sentence and sentence in words)
                }
            )
            records.append(
                {
                    "speaker": slug,
                    "speaker_name": actor_index.by_slug[slug].name if slug else None,
                    "kind": q.kind,
                    "text": q.text,
                    "article": article.key,
                    "date": article.date_value,
                    "start": q.start,
                    "end": q.end,
                    "basis": q.basis,
                    "events": joined,
                }
            )
    records.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["article"], r["start"]))
    return records


def _plain(text: str) -> str:
    """Text compared without quotation marks, case or runs of white space."""
    return " ".join(re.sub(r"[“”\"‘’']", "", text).casefold().split())


def by_speaker(records: list[dict]) -> dict[str, list[dict]]:
    """Each speaker's quotes, newest first (undated last), for the actor pages."""
    found: dict[str, list[dict]] = {}
    for r in records:
        if r["speaker"]:
            found.setdefault(r["speaker"], []).append(r)
    for quotes in found.values():
        quotes.sort(key=lambda r: (r["date"] is None, r["date"] or "", r["article"], -r["start"]))
        dated = [r for r in quotes if r["date"]][::-1]
        quotes[:] = dated + [r for r in quotes if not r["date"]]
    return found
