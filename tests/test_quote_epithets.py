"""Speakers named by a description (issue 25): "the striker said", "the surgeon said" go to
the one person of the paragraph the description fits, "the health ministry said" to the
one ministry of health, "he" after "X said Y and Z had …" to X, read with the real spaCy
model (derive/quotes.py), and to no one when it is not certain.  Sentences written for
these tests."""

from __future__ import annotations

import pytest
from support.quote_cases import speakers_found

# (body text, fragment, speaker's name, or None: no named speaker may get it)
CASES = [
    (  # a description of what the person does, the one person of the previous paragraph
        "Maria Lopez scored twice in the second half as the visitors collapsed.\n\n"
        "“I have waited my whole career for a night like this one,” the striker said.",
        "I have waited my whole career",
        "Maria Lopez",
    ),
    (  # the article gave the person the noun ("Lena Park, the surgeon who …")
        "Lena Park, the surgeon who led the transplant team, left the theatre after "
        "midnight.\n\n“Nobody on the team went home until the patient was awake,” the "
        "surgeon said.",
        "Nobody on the team went home",
        "Lena Park",
    ),
    (  # two people in the paragraph: the description does not say which
        "Coach Pablo Ruiz hugged Ana Sanz after the final whistle. “We never stopped "
        "believing in this group of players,” the coach said.",
        "We never stopped believing",
        None,
    ),
    (  # the article gave the description to someone else before
        "Spain coach Jorge Alba watched the game from the stands.\n\n"
        "Karin Holm led her side to the title. “We did not have our best day at all,” the "
        "coach said.",
        "We did not have our best day",
        None,
    ),
    (  # "the woman" is most often a source the text does not name
        "Omar Haddad's car was swept from the road by the flood. “The water came in through "
        "the floor in seconds,” the woman said.",
        "The water came in through the floor",
        None,
    ),
    (  # a body named by a common noun is no person of the paragraph
        "Fire chief Anne Lowe said the cause of the blaze was not yet known.\n\n"
        "The utility has said it is cooperating with the investigators in every way.",
        "it is cooperating with the investigators",
        None,
    ),
    (  # a body named by its noun and a modifier: the modifier must be in its name
        "The Ministry of Defence said two drones were shot down over the coast.\n\n"
        "The health ministry said 14 people had been treated in hospital for their injuries.",
        "14 people had been treated in hospital",
        None,
    ),
    (
        "The Ministry of Health opened three field clinics in the north.\n\n"
        "The health ministry said 14 people had been treated in hospital for their injuries.",
        "14 people had been treated in hospital",
        "Ministry of Health",
    ),
    (  # "he" after a report that names others inside it: the one who reports
        "Mission manager Karl Weiss said Ana Ruiz and Tom Hale had been told before the "
        "decision was made public. “They have been calm about it from the very start,” he "
        "said.",
        "They have been calm about it",
        "Karl Weiss",
    ),
    (  # someone else named outside the report: "he" is not certain
        "Karl Weiss met Tom Hale at the launch site on Monday. Weiss said the crew was ready "
        "for a longer stay. “They have been calm about it from the very start,” he said.",
        "They have been calm about it",
        None,
    ),
    (  # a plural is no epithet of one person
        "Defender Sam Reed was booked in the first minute. “We were too slow to react to "
        "every single change,” the players said.",
        "We were too slow to react",
        None,
    ),
]


@pytest.fixture(scope="module")
def found():
    return speakers_found(CASES, "e")


@pytest.mark.parametrize("index", range(len(CASES)))
def test_epithet_speakers(found, index):
    _text, fragment, speaker = CASES[index]
    speakers = [who for text, who in found[index] if fragment in text]
    if speaker is None:
        assert all(who == "unnamed" for who in speakers), found[index]
    else:
        assert speakers == [speaker], found[index]
