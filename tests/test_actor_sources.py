"""Actors (issue 21 item 6): names the cleaner takes out of the body (credits, bylines,
chrome, teasers) are never actors, and a news outlet the body names only as a source of what
it reports is an organisation mention, not an actor; one the text makes act stays one."""

from __future__ import annotations

import pytest
from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.derive import actors
from pelican.plugins.explainer_archive.text.clean import clean_article

# (sentence, outlet, whether the outlet is an actor of it)
OUTLET_FRAMES = [
    ("CNN — Hundreds of people gathered in the flooded city of Derna on Tuesday.", "CNN", False),
    (
        "A senior militia commander told Reuters that the convoy would leave at dawn.",
        "Reuters",
        False,
    ),
    (
        "The mayor of Derna told the Saudi-owned broadcaster Al Arabiya that many were missing.",
        "Al Arabiya",
        False,
    ),
    (
        "BENGHAZI, Libya (Reuters) - Rescue teams reached the eastern city on Wednesday.",
        "Reuters",
        False,
    ),
    (
        "GENICHESK, June 8. /TASS/. More than 4,000 people have been evacuated from the area.",
        "TASS",
        False,
    ),
    (
        "The state news agency Anadolu reported that dozens of people had been detained.",
        "Anadolu",
        False,
    ),
    (
        "Prices rose 4 per cent in the quarter, according to data compiled by Bloomberg.",
        "Bloomberg",
        False,
    ),
    ("A resident of Sarmada said the wait had lasted four days, according to AFP.", "AFP", False),
    (
        "The minister said in an interview with the BBC that talks would resume next week.",
        "BBC",
        False,
    ),
    ("A CNN team saw bulldozers clearing the collapsed blocks on Saturday.", "CNN", False),
    ("The boy's aunt told NBC News that he had been afraid of the dive.", "NBC News", False),
    (
        "The defence minister said on Monday on BFMTV that the criticism was misplaced.",
        "BFMTV",
        False,
    ),
    ("The YouGov survey for the Times put the opposition 20 points ahead.", "Times", False),
    ("Reuters and Bloomberg note that the sums pledged so far are small.", "Bloomberg", False),
    (
        "When asked by Reuters whether the offer stood, the official declined to answer.",
        "Reuters",
        False,
    ),
    ("Sky News went off the air for part of the morning as its systems failed.", "Sky News", True),
    (
        "The debate, broadcast live by ITV from Salford, turned on taxes and the health service.",
        "ITV",
        True,
    ),
    (
        "Israel's government ordered Al Jazeera to close its office in Jerusalem.",
        "Al Jazeera",
        True,
    ),
]

# A raw page whose byline, photo credit, caption of another story and teaser carry names
# that occur nowhere in its body.
RAW_PAGE = """Floodwaters recede in Derna as search for the missing goes on
By Hannah Okonkwo and Pieter Vandenberg
September 14, 2023
Rescue workers search the rubble of a collapsed building. Photo: Karim Haddad/AFP
The death toll in the eastern Libyan city of Derna rose again on Thursday as rescue teams \
dug through mud and debris left by the collapse of two dams.
Osama Hamad, the head of the eastern administration, said the city had been declared a \
disaster zone and that aid was arriving from Egypt and Turkey.
The United Nations said more than 30,000 people had been displaced by the floods.
Most read
Margarethe Lindqvist wins the Stockholm marathon in record time
Sign up for our newsletter
"""


@pytest.fixture(scope="module")
def rules():
    return actors.load_actor_rules()


def names_in(texts: list[str], rules) -> list[set[str]]:
    data, _ = annotate.annotate_texts(texts)
    return [
        {m.name for m in actors.find_mentions(f"t{i}", text, found, rules).mentions}
        for i, (text, found) in enumerate(zip(texts, data, strict=True))
    ]


def test_outlets_named_as_sources_are_no_actors(rules):
    found = names_in([text for text, _, _ in OUTLET_FRAMES], rules)
    wrong = [
        (text, outlet, names)
        for (text, outlet, acts), names in zip(OUTLET_FRAMES, found, strict=True)
        if (rules.canonical(outlet) in names) != acts
    ]
    assert not wrong


def test_a_source_and_an_acting_mention_in_one_article_make_an_actor(rules):
    text = (
        "A Hamas official told Al Jazeera that the talks had stalled.\n\n"
        "Israel's cabinet voted on Sunday to shut down Al Jazeera's local bureau."
    )
    (names,) = names_in([text], rules)
    assert "Al Jazeera" in names


def test_names_out_of_the_body_are_never_actors(rules):
    cleaned = clean_article(RAW_PAGE, source="derna.txt")
    (names,) = names_in([cleaned.body_text], rules)
    for credited in ("Hannah Okonkwo", "Pieter Vandenberg", "Karim Haddad", "Margarethe Lindqvist"):
        assert credited not in names
    assert {"Osama Hamad", "United Nations", "Derna"} <= names
