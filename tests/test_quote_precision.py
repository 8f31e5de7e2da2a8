"""Quote attribution precision (issue 25): patterns where the words must not go to the wrong
mouth, read with the real spaCy model (derive/quotes.py), and the scorer's speaker matching
(tests/support/corpus.py), fair but not lenient.  Sentences written for these tests."""

from __future__ import annotations

import pytest
from support.corpus import SaidQuote, same_speaker, speaks_for
from support.quote_cases import speakers_found

# (body text, [(fragment, speaker name or "unnamed")] that must be found with that speaker,
# fragments no named speaker may get).  "unnamed" means: kept, with no speaker.
CASES = [
    (  # a source the paragraph does not name: "she" is hers, not the minister's before
        "Finance Minister Carla Ruiz said on Monday that the budget would be balanced.\n\n"
        "A nurse at the Royal Infirmary, who asked not to be named, said the wards were full. "
        "“We send people home before they are ready,” she said.",
        [
            ("the budget would be balanced", "Carla Ruiz"),
            ("We send people home before they are ready", "unnamed"),
        ],
        ["We send people home"],
    ),
    (  # a one-word "person" after a preposition (a place the recogniser mistook) is
        # neither the antecedent of "he" nor a name inside the unnamed source
        "A farmer from Tamale who drove through the night said the road had been cut twice.\n\n"
        "“We waited eleven hours at the bridge and nobody came to tell us anything,” he said.",
        [("We waited eleven hours at the bridge", "unnamed")],
        ["We waited eleven hours", "the road had been cut twice"],
    ),
    (  # "she" never stands for a man the text calls "Sir" or "Mr"
        "Ms Okafor answered questions for three hours.\n\n"
        "The panel's chairman, Sir Alan Pike, asked whether she wanted to stop. She said she "
        "was ready to go on with the hearing.",
        [("asked whether she wanted to stop", "Alan Pike")],
        ["she was ready to go on with the hearing"],
    ),
    (  # "promised" reports speech with a clause ("promised that …"), not with a noun that a
        # relative clause follows ("promised a new bridge that will …")
        "Premier Daniel Brooks has promised a new bridge that will link the two halves of the "
        "town.\n\n"
        "Tom Hale, the mayor, promised that the old bridge would reopen to traffic in May.",
        [("the old bridge would reopen to traffic in May", "Tom Hale")],
        ["a new bridge that will link the two halves"],
    ),
    (  # a name after a preposition ("posted on Twitter") is no antecedent of "he"
        "Viewers were divided. One fan wrote on Twitter that the match was over too soon.\n\n"
        "“I have nothing to add about the referee, nothing at all,” he said.",
        [],
        ["I have nothing to add about the referee"],
    ),
    (  # a name inside a relative clause or a list is not the subject of the speech verb
        "The Retail Council, which speaks for Tesco, Aldi, Lidl and hundreds of smaller "
        "shops, said in a statement that it welcomed the new rules on packaging.",
        [],
        ["it welcomed the new rules on packaging"],
    ),
    (  # a relative clause closed before the subject does not hide it
        "Speaking beside Anna Lind, who has stepped down as leader, Tom Berg said he would "
        "run for the party's top job again in the spring.",
        [("he would run for the party's top job", "Tom Berg")],
        [],
    ),
    (  # a body speaks through its statement or its spokesperson: the body, not unnamed
        "The Kremlin has not commented on the talks.\n\n"
        "A statement from the Kremlin said the president had spoken to his Turkish "
        "counterpart by phone.",
        [("had spoken to his Turkish counterpart", "Kremlin")],
        [],
    ),
    (  # "a ministry message": the one ministry the article names
        "The Ministry of Health ordered all clinics to open on Sunday. “Bring your card and "
        "come early, the queues will be long,” a ministry text message said.",
        [("Bring your card and come early", "Ministry of Health")],
        [],
    ),
    (  # a spokesperson of a body the recogniser did not name: nobody, not "unnamed"
        "A Zentro spokesperson said the company had no plans to raise its prices this year.",
        [],
        [],
    ),
    (  # a quotation that relays someone else's words is not its speaker's own
        "Team captain Ines Moreau said the coach had spoken to the players before the game. "
        "“She kept telling us: we have to run until the last minute for our families,” "
        "Moreau said.",
        [("the coach had spoken to the players", "Ines Moreau")],
        ["we have to run until the last minute"],
    ),
    (  # a place after a preposition does not name an unnamed source
        "Commuters pulled up their collars. “It smells like a bonfire on every corner of the "
        "city,” said one woman waiting for a tram on Station Road.",
        [("It smells like a bonfire", "unnamed")],
        ["It smells like a bonfire"],
    ),
    (  # the speaker of "… said:" may follow a lead-in
        "In the old port, a fisherman who had lost two boats in the night said: “The sea came "
        "over the wall in minutes and nobody had warned us.”",
        [("The sea came over the wall", "unnamed")],
        ["The sea came over the wall"],
    ),
    (  # "X told <someone>, “…”": the quotation is X's, and a source without a name stays so
        "A baker who lives above the flooded market told our reporter on the telephone, "
        "“I have never seen the river this high in forty years here.”",
        [("I have never seen the river this high", "unnamed")],
        ["I have never seen the river this high"],
    ),
    (
        "Finance Minister Carla Ruiz told reporters in the capital, “The budget will be "
        "balanced by the end of next year.”",
        [("The budget will be balanced", "Carla Ruiz")],
        [],
    ),
    (  # the same speaker going on ("…, though he urged …") is one report, not two
        "Mayor Tom Berg said the tap water was safe to drink, though he urged families with "
        "private wells to use bottled water until their own tests came back.",
        [("safe to drink, though he urged families", "Tom Berg")],
        [],
    ),
    (  # "…, which it called …": the same speaker goes on, not a second report
        "The Weather Service said the town had received 300mm of rain in a single day, "
        "which it called the wettest day since records began in 1901.",
        [("the wettest day since records began", "Weather Service")],
        [],
    ),
]


@pytest.fixture(scope="module")
def found():
    return speakers_found(CASES, "p")


@pytest.mark.parametrize("index", range(len(CASES)))
def test_precision_patterns(found, index):
    _text, expected, no_name = CASES[index]
    said = found[index]
    for fragment, speaker in expected:
        assert speaker in [who for text, who in said if fragment in text], (fragment, said)
    for fragment in no_name:
        assert all(who == "unnamed" for text, who in said if fragment in text), (fragment, said)


def test_no_other_speakers(found):
    """Nothing in the table goes to a speaker the table does not name for it."""
    for (_text, expected, _no_name), said in zip(CASES, found, strict=True):
        allowed = {speaker for _, speaker in expected} | {"unnamed"}
        assert {who for _, who in said} <= allowed, said


# (gold speaker key, reported actor key, the page's other actor keys, same speaker?)
SPEAKERS = [
    ("novak djokovic", "novak djokovic", [], True),
    ("k ram mohan naidu", "ram mohan naidu", [], True),
    ("nvidia corp", "nvidia", [], True),  # a legal form
    ("world health organization", "who", [], True),  # initials
    ("national center of meteorology", "ncm", [], True),
    ("novak djokovic", "djokovic", ["carlos alcaraz"], True),  # the surname, unique
    ("hunter biden", "biden", ["joe biden"], False),  # the surname of two people
    ("oceangate expeditions", "oceangate", [], False),  # a shorter name is another actor
    ("israel defense forces", "israel", [], False),
    ("disaster and emergency management authority", "afad", [], False),
    ("rishi sunak", "keir starmer", [], False),
]


@pytest.mark.parametrize(("gold", "key", "others", "same"), SPEAKERS)
def test_speaker_matching(gold, key, others, same):
    assert same_speaker(gold, key, frozenset([gold, *others])) is same


def test_unnamed_matches_only_unnamed():
    nobody = SaidQuote("words", frozenset(), "direct")
    someone = SaidQuote("words", frozenset({"carla ruiz"}), "direct")
    assert speaks_for(nobody, "unnamed") and not speaks_for(someone, "unnamed")
    assert speaks_for(someone, "Carla Ruiz") and not speaks_for(nobody, "Carla Ruiz")


def test_spokesperson_of_an_unrecognised_body_is_not_an_unnamed_source(found):
    """ "A Zentro spokesperson said …": Zentro speaks; with no actor for it, the words are
    dropped rather than kept as an unnamed source's."""
    index = next(i for i, case in enumerate(CASES) if "Zentro" in case[0])
    assert not [text for text, _ in found[index] if "no plans to raise its prices" in text]
