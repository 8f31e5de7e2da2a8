"""An abbreviation in parentheses after an institution's name is that institution, also
when it abbreviates the name in its own language ("Disaster and Emergency Management
Authority (AFAD)"), read with the real spaCy model (derive/actors.py).  Sentences written
for these tests."""

from __future__ import annotations

import pytest
from pelican.plugins.explainer_archive import annotate
from pelican.plugins.explainer_archive.derive import actors

# (body text, the abbreviation, the name its later mentions must have, or None: not joined)
CASES = [
    (  # the English capitals spell it
        "The World Food Programme (WFP) sent trucks to the border on Monday.\n\n"
        "The WFP said the convoy was stopped twice before it reached the camps.",
        "WFP",
        "World Food Programme",
    ),
    (  # a name in its own language: Turkish, French, Spanish capitals
        "Turkey's Disaster and Emergency Management Authority (AFAD) sent teams to the "
        "south of the country.\n\nThe death toll rose overnight, according to AFAD.",
        "AFAD",
        "Disaster and Emergency Management Authority",
    ),
    (
        "The Federal Electricity Commission (CFE) said power was back for most homes.\n\n"
        "Crews from the CFE worked through the night in the port.",
        "CFE",
        "Federal Electricity Commission",
    ),
    (  # two capitalised words are too few to call it a full institutional name
        "Officials at Harbour Works (HPX) said the cranes were safe.\n\n"
        "The HPX shares fell on Monday.",
        "HPX",
        None,
    ),
]


@pytest.fixture(scope="module")
def mentions():
    rules = actors.load_actor_rules()
    texts = [text for text, _, _ in CASES]
    annotations, _ = annotate.annotate_texts(texts)
    return [
        actors.find_mentions(f"a{i}", text, annotation, rules).mentions
        for i, (text, annotation) in enumerate(zip(texts, annotations, strict=True))
    ]


@pytest.mark.parametrize("index", range(len(CASES)))
def test_abbreviation_joins_its_institution(mentions, index):
    text, abbr, name = CASES[index]
    later = text.rindex(abbr)
    named = [m.name for m in mentions[index] if m.start == later]
    if name is None:
        assert all(n == abbr for n in named), named
    else:
        assert named == [name], [(m.surface, m.name) for m in mentions[index]]
