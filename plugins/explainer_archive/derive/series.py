"""Series steps written in a text: "his ninth trip to the region", "the third round of
talks", "day 12 of the war".  Found once per article (derive/article.py keeps them in its
derived record); the archive stage gives each its actor (archive/dating.steps_with_actors)
once the actors are merged, and the estimator bounds an undated article by the other
articles' steps of the same series (derive/estimates.py).
"""

from __future__ import annotations

import re

ORDINALS = [
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
]
# "his ninth trip to the region", "the third round of talks", "the 12th day of the strike".
SERIES_RE = re.compile(
    r"\b(?:the|his|her|its|their|a)\s+(?P<n>" + "|".join(ORDINALS) + r"|\d{1,3}(?:st|nd|rd|th))"
    r"\s+(?P<noun>[a-z]{3,})(?P<of>\s+(?:of|to|in|for)\s+(?:the\s+)?[a-z]{3,}"
    r"(?:\s+(?!since|after|before|and|on|in|at|as|with|to)[a-z]{3,})?)?"
)
# "day 12 of the war", "Day 3 of the trial".
DAY_RE = re.compile(
    r"\b[Dd]ay\s+(?P<n>\d{1,4})\s+of\s+(?:the\s+)?(?P<of>[a-z]{3,}(?:\s+[a-z]{3,})?)"
)
SENTENCE_END = re.compile(r"(?<=[.!?])[”\"]?\s+(?=[A-Z“\"])")


def series_matches(text: str) -> list[tuple[int, int, str, int, str]]:
    """Every series step the text writes, as (its sentence's start, end, series, number,
    the words written), sentence by sentence, in the text's order."""
    # Neither pattern crosses a sentence's end (no punctuation in them), so a text without
    # a match anywhere has none in any sentence: most texts stop here.
    if not (SERIES_RE.search(text) or DAY_RE.search(text)):
        return []
    found = []
    for start, end in sentences(text):
        sentence = text[start:end]
        for match in SERIES_RE.finditer(sentence):
            series = " ".join((match.group("noun") + (match.group("of") or "")).split())
            written = " ".join(match.group().split()[1:])
            found.append((start, end, series, step_number(match.group("n")), written))
        for match in DAY_RE.finditer(sentence):
            series = "day of " + " ".join(match.group("of").split())
            written = " ".join(match.group().split())
            found.append((start, end, series, int(match.group("n")), written))
    return found


def step_number(word: str) -> int:
    word = word.lower()
    return ORDINALS.index(word) + 1 if word in ORDINALS else int(re.match(r"\d+", word).group())


def sentences(text: str) -> list[tuple[int, int]]:
    spans = []
    for para in re.finditer(r"[^\n]+", text):
        begin = para.start()
        for cut in SENTENCE_END.finditer(para.group()):
            spans.append((begin, para.start() + cut.start()))
            begin = para.start() + cut.end()
        spans.append((begin, para.end()))
    return spans
