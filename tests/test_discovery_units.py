"""Discovered topics, unit by unit: naming, descriptions, assignment, the editor's controls,
the remembered file, and the stability of discovery itself (derive/discovery.py)."""

from __future__ import annotations

import random

import pytest
from pelican.plugins.explainer_archive.derive import discovery
from pelican.plugins.explainer_archive.derive.discovery import (
    ArticleInput,
    Controls,
    DiscoveredTopic,
    DiscoveryRule,
    SplitPart,
)

RULE = DiscoveryRule()

# --- names: (profile, written forms, expected name) -------------------------------------

NAMES = [
    (  # subject phrases alone; a phrase takes the weight of its single words
        [("fossil fuel", 0.3), ("fuel", 0.2), ("climate summit", 0.25), ("climate", 0.1)],
        {"fossil fuel": "fossil fuels"},
        "Fossil fuels and climate summit",
    ),
    (  # a name and what about it; a weak second subject is left out
        [("Nvidia", 0.4), ("stock split", 0.2), ("stock", 0.1), ("revenue", 0.15)],
        {},
        "Nvidia: stock split",
    ),
    (  # two names of similar weight, the written (plural) form of the subject
        [("Derna", 0.3), ("Libya", 0.25), ("flood", 0.2)],
        {"flood": "floods"},
        "Derna and Libya: floods",
    ),
    (  # actors and months are evidence, never part of a name
        [("@nvidia", 0.5), ("#2024-05", 0.3), ("chip", 0.2)],
        {"chip": "chips"},
        "Chips",
    ),
    (  # the longer phrase takes its words' weight; a word it holds is not repeated
        [("earthquake", 0.3), ("earthquake death toll", 0.1), ("rescue", 0.25)],
        {},
        "Earthquake death toll and rescue",
    ),
    ([("@someone", 1.0)], {}, ""),  # no phrase: no name
    (  # the name is cut to a few words: the weaker kind goes first
        [
            ("Francis Scott Key Bridge", 0.3),
            ("Patapsco River", 0.25),
            ("container ship", 0.2),
            ("crew", 0.15),
        ],
        {},
        "Francis Scott Key Bridge",
    ),
]


@pytest.mark.parametrize(("profile", "displays", "name"), NAMES)
def test_names_come_from_the_strongest_phrases(profile, displays, name):
    assert discovery.topic_name(profile, displays, RULE) == name


DESCRIPTIONS = [
    (
        (12, ["earthquake", "rescue teams"], ["Turkey", "Syria"], ["2023-02", "2023-03"]),
        "Discovered from 12 articles from February 2023 to March 2023 sharing “earthquake” "
        "and “rescue teams”, and naming Turkey and Syria.",
    ),
    (
        (2, ["lander"], [], ["2023-08"]),
        "Discovered from 2 articles from August 2023 sharing “lander”.",
    ),
    ((1, [], ["ISRO"], []), "Discovered from 1 article naming ISRO."),
]


@pytest.mark.parametrize(("evidence", "sentence"), DESCRIPTIONS)
def test_descriptions_say_what_the_articles_share(evidence, sentence):
    assert discovery.describe(*evidence) == sentence


# --- assignment: an article, the profiles, where it goes ------------------------------------

QUAKE = DiscoveredTopic(
    "quake",
    "Quake",
    (("earthquake", 0.4), ("rubble", 0.2), ("Hatay", 0.2), ("@turkey", 0.2)),
)
VOTE = DiscoveredTopic("vote", "Vote", (("ballot", 0.5), ("turnout", 0.3), ("earthquake", 0.2)))


def article(key, *terms, actors=(), covered=False, month=None):
    return ArticleInput(key, month, [[t, 1, t] for t in terms], list(actors), covered)


PLACEMENTS = [
    # (article, expected topic slug or None, expected phrases)
    (article("a", "earthquake", "rubble"), "quake", ("earthquake", "rubble")),
    (article("b", "earthquake", "Hatay", actors=["turkey"]), "quake", ("earthquake", "Hatay")),
    (article("c", "earthquake", actors=["turkey"]), None, ()),  # one phrase is too little
    (article("d", "rubble", "Hatay"), "quake", ("rubble", "Hatay")),  # 0.4 of the profile
    (article("e", "ballot", "turnout", "earthquake"), "vote", ("ballot", "turnout", "earthquake")),
    (article("f", "earthquake", "rubble", covered=True), None, ()),  # an editor topic has it
    (article("g", "flood", "dam"), None, ()),
    (article("h", "turnout", "earthquake"), "vote", ("turnout", "earthquake")),
]


@pytest.mark.parametrize(("item", "slug", "phrases"), PLACEMENTS)
def test_an_article_takes_its_best_fitting_topic_from_evidence_in_its_body(item, slug, phrases):
    documents = [discovery.article_features(item, RULE)]
    placed = discovery.place_articles([item], documents, [QUAKE, VOTE], RULE).get(item.key)
    assert (placed.slug if placed else None) == slug
    assert (placed.phrases if placed else ()) == phrases


# --- discovery: groups, determinism, stability -------------------------------------------


def story(prefix: str, count: int, shared: list[str], month: str, actors: list[str]):
    """Articles of one story: the shared phrases, and words of their own."""
    return [
        ArticleInput(
            f"{prefix}-{n}",
            month,
            [[t, 2, t] for t in shared] + [[f"{prefix}word{n}", 1, f"{prefix}word{n}"]],
            actors,
            False,
        )
        for n in range(count)
    ]


ARCHIVE = (
    story("quake", 4, ["earthquake", "rubble", "Hatay", "aftershock"], "2023-02", ["turkey"])
    + story("vote", 3, ["ballot", "turnout", "polling station", "Taipei"], "2024-01", ["taiwan"])
    + story("lone", 1, ["submersible"], "2023-06", [])
)


def test_discovery_groups_each_story_and_leaves_a_lone_article_alone():
    found = discovery.discover(ARCHIVE, [], RULE)
    by_topic: dict[str, set[str]] = {}
    for key, placement in found.placements.items():
        by_topic.setdefault(placement.slug, set()).add(key.split("-")[0])
    assert sorted(map(sorted, by_topic.values())) == [["quake"], ["vote"]]
    assert "lone-0" not in found.placements
    assert found.new == [t.slug for t in found.topics]


def test_discovery_is_deterministic_in_any_order():
    first = discovery.discover(ARCHIVE, [], RULE)
    shuffled = list(ARCHIVE)
    random.Random(7).shuffle(shuffled)
    second = discovery.discover(shuffled, [], RULE)
    assert first.topics == second.topics
    assert first.placements == second.placements


def test_a_build_given_its_own_topics_finds_the_same():
    first = discovery.discover(ARCHIVE, [], RULE)
    again = discovery.discover(ARCHIVE, first.topics, RULE)
    assert again.topics == first.topics and again.new == []
    assert again.placements == first.placements


def test_adding_an_article_keeps_every_slug_and_it_joins_its_story():
    first = discovery.discover(ARCHIVE, [], RULE)
    extra = story("quake", 5, ["earthquake", "rubble", "Hatay", "aftershock"], "2023-03", [])[4]
    second = discovery.discover([*ARCHIVE, extra], first.topics, RULE)
    assert second.topics[: len(first.topics)] == first.topics
    assert second.new == []
    assert second.placements[extra.key].slug == first.placements["quake-0"].slug


def test_a_new_topic_needs_enough_new_articles():
    first = discovery.discover(ARCHIVE, [], RULE)
    floods = story("flood", 2, ["flood", "dam", "Derna"], "2023-09", ["libya"])
    one = discovery.discover([*ARCHIVE, floods[0]], first.topics, RULE)
    two = discovery.discover([*ARCHIVE, *floods], first.topics, RULE)
    assert one.new == []
    assert len(two.new) == 1 and {two.placements[f.key].slug for f in floods} == set(two.new)


def test_new_slugs_avoid_the_editors():
    found = discovery.discover(ARCHIVE, [], RULE)
    taken = [t.slug for t in found.topics]
    again = discovery.discover(ARCHIVE, [], RULE, taken=taken)
    assert not set(taken) & {t.slug for t in again.topics}


# --- the editor's controls ------------------------------------------------------------------


def placed(*pairs):
    return {key: discovery.Placement(slug, 0.5, ("x",)) for key, slug in pairs}


FOUND = discovery.Discovery(
    topics=[
        DiscoveredTopic("quake", "Quake", (("earthquake", 1.0),)),
        DiscoveredTopic("aftershocks", "Aftershocks", (("aftershock", 1.0),)),
        DiscoveredTopic("vote", "Vote", (("ballot", 1.0),)),
    ],
    placements=placed(("q1", "quake"), ("q2", "quake"), ("a1", "aftershocks"), ("v1", "vote")),
)
# Each article's terms and their written forms, as the archive stage passes them.
EVIDENCE = {
    "q1": {"rescue team", "rescue teams", "earthquake"},
    "q2": {"death toll"},
    "a1": set(),
    "v1": set(),
}

CONTROLS = [
    # (controls, editor slugs, expected {slug: (name, discovered, members)}, problems)
    (
        Controls(),
        [],
        {
            "quake": ("Quake", True, ["q1", "q2"]),
            "aftershocks": ("Aftershocks", True, ["a1"]),
            "vote": ("Vote", True, ["v1"]),
        },
        [],
    ),
    (
        Controls(rename={"vote": "Taiwan's election"}, suppress=("aftershocks",)),
        [],
        {"quake": ("Quake", True, ["q1", "q2"]), "vote": ("Taiwan's election", True, ["v1"])},
        [],
    ),
    (
        Controls(merge={"quake": ("aftershocks",)}, accept=("vote",)),
        [],
        {"quake": ("Quake", True, ["a1", "q1", "q2"]), "vote": ("Vote", False, ["v1"])},
        [],
    ),
    (
        Controls(
            split={
                "quake": (
                    SplitPart("Rescue", ("rescue teams",)),
                    SplitPart("Toll", ("death toll",)),
                )
            }
        ),
        [],
        {
            "rescue": ("Rescue", True, ["q1"]),
            "toll": ("Toll", True, ["q2"]),
            "aftershocks": ("Aftershocks", True, ["a1"]),
            "vote": ("Vote", True, ["v1"]),
        },
        [],
    ),
    (  # the editor wrote a topic with the slug: theirs replaces the discovered one
        Controls(suppress=("nowhere",)),
        ["vote"],
        {"quake": ("Quake", True, ["q1", "q2"]), "aftershocks": ("Aftershocks", True, ["a1"])},
        ["[discovered] names no discovered topic 'nowhere'"],
    ),
]


@pytest.mark.parametrize(("controls", "editor", "expected", "problems"), CONTROLS)
def test_the_editor_controls_discovered_topics(controls, editor, expected, problems):
    views, found_problems = discovery.apply_controls(FOUND, controls, EVIDENCE, editor)
    got = {v.slug: (v.name, v.discovered, sorted(v.members)) for v in views}
    assert got == expected
    assert found_problems == problems


TABLES = [
    ("[discovery]\nmin_fit = 2\n", r"\[discovery\] min_fit must be from 0.0 to 1.0"),
    ("[discovery]\nmin_articles = 0\n", r"\[discovery\] min_articles must be at least 1"),
    ("[discovery]\nmin_articles = 1.5\n", r"min_articles must be a whole number"),
    ("[discovery]\nmin_fits = 0.2\n", r"\[discovery\] has unknown keys \['min_fits'\]"),
    ("[discovered]\nsuppress = 'x'\n", r"\[discovered\] suppress must be a list of topic slugs"),
    ("[discovered]\nrename = { x = '' }\n", r"rename must map topic slugs to non-empty names"),
    ("[discovered]\nmerge = { x = 'y' }\n", r"merge.x must be a list of topic slugs"),
    (
        "[[discovered.split]]\nslug = 'x'\nparts = [{ name = 'A', phrases = ['a'] }]\n",
        r"'parts' must list at least two parts",
    ),
    ("[discovered]\nhide = ['x']\n", r"\[discovered\] has unknown keys \['hide'\]"),
]


@pytest.mark.parametrize(("body", "message"), TABLES)
def test_bad_tables_are_named(tmp_path, body, message):
    path = tmp_path / "topics.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(discovery.DiscoveryError, match=message) as error:
        discovery.load_discovery(path)
    assert str(error.value).startswith(f"{path}: ") and "\n" not in str(error.value)


def test_an_empty_taxonomy_file_is_allowed(tmp_path):
    path = tmp_path / "topics.toml"
    path.write_text("# nothing yet\n", encoding="utf-8")
    from pelican.plugins.explainer_archive.derive import topics

    assert topics.load_taxonomy(path).topics == ()
    assert discovery.load_discovery(path) == (DiscoveryRule(), Controls())


# --- the remembered file --------------------------------------------------------------------


def test_the_remembered_file_round_trips(tmp_path):
    found = discovery.discover(ARCHIVE, [], RULE).topics
    path = tmp_path / "discovered-topics.json"
    path.write_text(discovery.memory_text(found), encoding="utf-8")
    assert discovery.load_memory(path) == (found, None)
    assert discovery.load_memory(tmp_path / "none.json") == ([], None)


@pytest.mark.parametrize(
    "text",
    ["not json", '{"version": 9, "topics": []}', '{"version": 1, "topics": [{"slug": "x"}]}'],
)
def test_a_broken_remembered_file_is_reported_not_fatal(tmp_path, text):
    path = tmp_path / "discovered-topics.json"
    path.write_text(text, encoding="utf-8")
    remembered, problem = discovery.load_memory(path)
    assert remembered == [] and problem.startswith(f"{path}: ")


def test_rediscovery_keeps_only_the_accepted_topics():
    memory = discovery.discover(ARCHIVE, [], RULE).topics
    kept = discovery.remembered_topics(memory, Controls(accept=(memory[0].slug,)), True)
    assert kept == memory[:1]
    assert discovery.remembered_topics(memory, Controls(), False) == memory


def test_events_take_the_discovered_topics_of_the_articles_reporting_them():
    events = [
        {"id": "e1", "topics": ["ceasefire"], "sources": ["a", "b"]},
        {"id": "e2", "topics": [], "sources": ["c"]},
        {"id": "e3", "topics": [], "sources": ["b"]},
    ]
    by_topic = discovery.tag_events(events, {"a": ["quake"], "b": ["quake"], "c": ["vote"]})
    assert [e["topics"] for e in events] == [["ceasefire", "quake"], ["vote"], ["quake"]]
    assert by_topic == {"quake": ["e1", "e3"], "vote": ["e2"]}
