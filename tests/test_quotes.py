"""Who said what (derive/quotes.py): one table row per attribution pattern, read with the
real spaCy model, and the site's quote export and actor-page section."""

from __future__ import annotations

import pytest
from support.quote_cases import attributions

# (body text, [(fragment, speaker name or "unnamed", kind)] that must be found, and
# fragments that must not be given to any named speaker).
CASES = [
    (  # "…," X said / run: "…," he said. "…"
        "Antony Blinken met Israeli leaders in Tel Aviv on Monday.\n\n"
        "“We are working every day to bring the hostages home,” Blinken said. "
        "“There is no time to lose.”",
        [
            ("to bring the hostages home", "Antony Blinken", "direct"),
            ("There is no time to lose", "Antony Blinken", "direct"),
        ],
        [],
    ),
    (  # said + title + name: the person, not the organisation
        "The agency will return astronauts to the Moon this decade.\n\n"
        "“We are going back to the Moon to stay, and this time with partners,” said NASA "
        "administrator Bill Nelson.",
        [("going back to the Moon to stay", "Bill Nelson", "direct")],
        [],
    ),
    (  # indirect speech: subject + speech verb + clause
        "US Secretary of State Antony Blinken said Israel had agreed to a proposal to pause "
        "the fighting.",
        [("Israel had agreed to a proposal", "Antony Blinken", "indirect")],
        [],
    ),
    (  # an institution speaks
        "The Israeli military said on Sunday that its troops had reached the centre of Gaza "
        "City. The Israel Defense Forces said the operation would continue for weeks.",
        [("the operation would continue for weeks", "Israel Defense Forces", "indirect")],
        [],
    ),
    (  # unnamed source: kept, never given to a name
        "Benjamin Netanyahu met the war cabinet on Sunday.\n\n"
        "“He will discover very quickly that he is not missed,” a senior official said.",
        [("he is not missed", "unnamed", "direct")],
        ["he is not missed"],
    ),
    (  # trailing frame with an unnamed source
        "About 1,400 people spent Friday night in emergency shelters across the island, "
        "officials said.",
        [("1,400 people spent Friday night", "unnamed", "indirect")],
        ["1,400 people spent Friday night"],
    ),
    (  # according to X
        "More than 41,000 people have been confirmed dead in Turkey, according to AFAD.",
        [("41,000 people have been confirmed dead", "AFAD", "indirect")],
        [],
    ),
    (  # colon quote
        "The minister spoke to reporters after the vote.\n\n"
        "Rishi Sunak: “We have a clear plan and we are sticking to it.”",
        [("We have a clear plan", "Rishi Sunak", "direct")],
        [],
    ),
    (  # mixed: reported speech quoting some words
        "Yair Lapid said Gantz's move was “important and right” and called for early elections.",
        [("important and right", "Yair Lapid", "mixed")],
        [],
    ),
    (  # pronoun: the one person of the paragraph
        "Josh Green toured the burn zone in Lahaina on Saturday.\n\n"
        "He said the state would impose a moratorium on land sales in the burn zone.",
        [("impose a moratorium on land sales", "Josh Green", "indirect")],
        [],
    ),
    (  # title reference: the one person whose role holds the title
        "Defence Minister Yoav Gallant visited troops near the border.\n\n"
        "The minister said the army was ready for every scenario in the north.",
        [("ready for every scenario", "Yoav Gallant", "indirect")],
        [],
    ),
    (  # a pronoun with two people in its paragraph is left alone
        "Benny Gantz called on Benjamin Netanyahu to set a date for an election.\n\n"
        "“Israel needs a government that the public trusts,” he said after the meeting with "
        "Netanyahu and Yoav Gallant.",
        [("set a date for an election", "Benny Gantz", "indirect")],
        ["Israel needs a government"],
    ),
    (  # the -ing clause after a quotation's attribution
        "Danielle Smith spoke in Calgary on Monday.\n\n"
        "“This is a production cap by another name,” Smith said at a news conference, "
        "adding that her government would use “every tool available” to stop it.",
        [
            ("a production cap by another name", "Danielle Smith", "direct"),
            ("her government would use", "Danielle Smith", "mixed"),
        ],
        [],
    ),
    (  # a source the text does not name, with a place in it
        "“A line in a UN decision is not going to change anyone’s demand forecast,” one "
        "commodities trader in Singapore said.",
        [("change anyone’s demand forecast", "unnamed", "direct")],
        ["change anyone’s demand forecast"],
    ),
    (  # plural sources without a name
        "Aid workers in northern Syria say the trickle of help crossing from Turkey is "
        "nowhere near enough.",
        [("the trickle of help", "unnamed", "indirect")],
        ["the trickle of help"],
    ),
    (  # "X's office said": the person speaks through it
        "Benjamin Netanyahu met the hostages' families on Sunday.\n\n"
        "Netanyahu's office said the prime minister had authorised the negotiators to go on.",
        [("had authorised the negotiators", "Benjamin Netanyahu", "indirect")],
        [],
    ),
    (  # two reports in one sentence, each to its speaker
        "French President Emmanuel Macron said he was outraged, EU foreign policy chief Josep "
        "Borrell said he was horrified, and Antonio Guterres said there was no safe place "
        "in Gaza.",
        [
            ("he was outraged", "Emmanuel Macron", "indirect"),
            ("he was horrified", "Josep Borrell", "indirect"),
            ("there was no safe place", "Antonio Guterres", "indirect"),
        ],
        [],
    ),
    (  # a verb coordinated with the subject's own
        "Jensen Huang unveiled the next AI platform in Taipei on Sunday and said Nvidia would "
        "now move to a yearly release cycle.",
        [("move to a yearly release cycle", "Jensen Huang", "indirect")],
        [],
    ),
    (  # "said a senior official in X's party" names a source, not X
        "The coalition was sworn in on Sunday.\n\n"
        "“The mandate is narrower, and the partners will make sure he remembers that,” said "
        "a senior official in Naidu's party.",
        [("The mandate is narrower", "unnamed", "direct")],
        ["The mandate is narrower"],
    ),
]


@pytest.fixture(scope="module")
def found():
    return attributions([text for text, _, _ in CASES], "a")


@pytest.mark.parametrize("index", range(len(CASES)))
def test_attribution_patterns(found, index):
    _text, expected, unnamed = CASES[index]
    said = found[index]
    for fragment, speaker, kind in expected:
        hits = [(who, k) for text, who, k in said if fragment in text]
        assert (speaker, kind) in hits, (fragment, said)
    for fragment in unnamed:
        assert all(who == "unnamed" for text, who, _ in said if fragment in text), said


def test_wrong_mouths_are_never_filled(found):
    """No quote of the table goes to a speaker the table does not name for it."""
    for (_text, expected, _unnamed), said in zip(CASES, found, strict=True):
        allowed = {speaker for _, speaker, _ in expected} | {"unnamed"}
        assert {who for _, who, _ in said} <= allowed, said


def test_quotes_export_and_actor_page(built):
    """data/quotes.json follows docs/quotes.md; actor pages show "What they said"."""
    records = built.json("quotes.json")
    assert records, "the seeds quote people"
    keys = {"speaker", "speaker_name", "kind", "text", "article", "date", "start", "end"}
    actor_slugs = {a["slug"]: a for a in built.json("actors.json")}
    article_slugs = {a["slug"] for a in built.json("articles.json")}
    for r in records:
        assert keys <= set(r), r
        assert r["kind"] in ("direct", "mixed", "indirect")
        assert r["speaker"] is None or r["speaker"] in actor_slugs
        assert r["article"] in article_slugs
        assert 0 <= r["start"] < r["end"]
    assert {r["kind"] for r in records} >= {"direct", "indirect"}
    speaker = next(r for r in records if r["speaker"] and r["kind"] == "direct")
    page = (built.output / actor_slugs[speaker["speaker"]]["url"] / "index.html").read_text(
        encoding="utf-8"
    )
    assert "What they said" in page
    assert speaker["text"][:40].replace("'", "&#39;") in page.replace("&#x27;", "&#39;")
    article_page = next(
        p
        for p in (built.output / "articles").glob("*/index.html")
        if p.parent.name == speaker["article"]
    ).read_text(encoding="utf-8")
    assert "Who said what" in article_page
