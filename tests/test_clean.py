# ruff: noqa: E501  (the seed sentences below are quoted whole, as data)
"""Tests for clean.clean_article on the five real seeds and on every rule and bad input."""

from pathlib import Path

import pytest
from pelican.plugins.explainer_archive.records import Figure
from pelican.plugins.explainer_archive.text.clean import (
    clean_article,
    cleaned_text,
    first_sentence,
    make_title,
)

RAW = Path(__file__).parent / "data" / "raw"
SEED_DIR = Path(__file__).parent.parent / "content" / "raw"


def seed(prefix: str):
    path = next(SEED_DIR.glob(f"{prefix}_*.txt"))
    return clean_article(path.read_bytes(), f"raw/{path.name}")


def reasons(article):
    return {d.text: d.reason for d in article.dropped}


# Every sentence of each seed's real article body, listed by hand from the raw files.
SEED_SENTENCES = {
    "000": [
        "A statement of support from Hamas for a UN resolution backing a ceasefire in Gaza was a “hopeful” indication of progress, US Secretary of State Antony Blinken said on Tuesday.",
        "His comments came soon after a senior Hamas official told Reuters that the group supports a UN Security Council ceasefire resolution that was passed yesterday and is ready to discuss details.",
        "Mr Blinken, on his eighth trip to the region since the war in Gaza broke out in October, was speaking after meetings with Israeli officials aimed at pushing for the ceasefire plan.",
        "He said Israeli Prime Minister Benjamin Netanyahu had “reaffirmed his commitment” to a ceasefire proposal at a meeting on Monday.",
        "Both warring parties will still have to overcome key sticking points, in particular Mr Netanyahu’s insistence that fighting in Gaza will end only when Israel has achieved its war aims.",
        "Mr Blinken also met Israeli opposition politicians on Tuesday.",
        "The office of former war cabinet minister Benny Gantz issued a statement in reference to Lebanon, saying “the [US] together with the international community have an important role to play in removing the threat posed by Hezbollah on Israel’s northern border”.",
        "Fighting between Israel and Hezbollah has been steadily increasing in intensity and fears are mounting that a fully fledged war is nearing.",
        "The statement added that Mr Gantz’s National Unity party “will support any responsible arrangement” to secure the release of Israeli hostages held in Gaza.",
        "Mr Gantz urged Mr Blinken to apply “maximum pressure” on negotiators to reach a hostage release deal.",
        "Mr Blinken also met opposition leader Yair Lapid.",
        "Before arriving in Israel, the US Secretary of State met Egyptian President Abdel Fattah El Sisi in Cairo on Monday.",
        "Mr Blinken is set to travel to Jordan on Tuesday to attend a conference on the humanitarian response in Gaza.",
    ],
    "001": [
        "U.S. Secretary of State Antony Blinken on Thursday said a temporary truce between Israel and Palestinian militant group Hamas had produced results and the United States hoped it would continue.",
        "Sitting beside Israeli President Isaac Herzog, Blinken said Washington was focused on helping to secure freedom for hostages taken to Gaza during an Oct. 7 attack during which Israel says Hamas killed 1,200 people and kidnapped 240.",
        "Herzog said about 150 hostages remained in Gaza.",
        '"We have seen over the last week the very positive development of hostages coming home, being reunited with their families.',
        "And that should continue today.",
        "It's also enabled an increase in humanitarian assistance to go to innocent civilians in Gaza who need it desperately,\" Blinken said.",
        '"So this process is producing results.',
        "It's important, and we hope that it can continue,\" Blinken said.",
        "Their meeting in Tel Aviv took place on a morning when two Palestinian attackers opened fire at a bus stop during rush hour at the entrance to Jerusalem, killing at least three people and wounding eight others, Israeli police said.",
        "Both Blinken and Herzog condemned the attack.",
        "Earlier on Thursday, Israel and Hamas struck a last-minute agreement to extend their six-day ceasefire in Gaza by one more day to allow negotiators to keep working on deals to swap hostages held in the coastal enclave for Palestinian prisoners.",
        "In Jerusalem later, Blinken began meeting Israeli Prime Minister Benjamin Netanyahu, a U.S. official said.",
        "He was later due to meet Israel’s war cabinet and separately with opposition leader Yair Lapid, Defence Minister Yoav Gallant and minister Benny Gantz.",
        "The truce has brought the first respite to Gaza in seven weeks during which Israel bombed the territory heavily in response to the Oct. 7 rampage.",
        "It has also allowed much needed humanitarian aid into Gaza after much of the coastal territory of 2.3 million was reduced to wasteland by Israel's retaliatory military campaign.",
        "Blinken, making his third trip to the region since Oct. 7, was also expected to visit the occupied West Bank, where he will likely meet Palestinian President Mahmoud Abbas, a Palestinian official said.",
        "Washington's top diplomat was also expected to discuss Israel's looming offensive into southern Gaza.",
        "The U.S. is asking Israel to take greater care to protect Palestinian civilians and limit damage to infrastructure in any offensive in the south, senior U.S. officials said.",
        '"I look forward to detailed conversations with the government of Israel about the way ahead in Gaza," Blinken said.',
        "Israel has sworn to annihilate Hamas, which rules Gaza.",
        "Health authorities in Gaza say Israel's bombardment of the tiny, densely populated territory has so far killed more than 15,000 people.",
    ],
    "002": [
        "Secretary of State Antony Blinken will arrive in Israel later today to press for a temporary truce in Gaza, ahead of a key UN Security Council vote on a US draft resolution calling for an “immediate” ceasefire.",
        "Washington said it would submit for a vote on Friday a draft to the Security Council on the need for an “immediate ceasefire as part of a hostage deal.”",
        "After talks in Saudi Arabia and Egypt, Blinken will travel to Israel, his sixth trip to the region since the war began with Hamas’s shock attack on Israel on October 7.",
        "“Negotiators continue to work.",
        "The gaps are narrowing, and we’re continuing to push for an agreement in Doha.",
        "There’s still difficult work to get there.",
        "But I continue to believe it’s possible,” Blinken said on Thursday.",
        "The main sticking point has been that Hamas says it will release hostages only as part of a deal that would end the war, while Israel says it will discuss only a temporary pause.",
        "The US had hoped to secure a six-week ceasefire and hostage deal by the start of Ramadan on March 10 but successive rounds of talks have yet to bear fruit, with Washington largely blaming Hamas for the standoff.",
        "“We worked very hard with Qatar, Egypt and Israel to put a strong proposal on the table… Hamas wouldn’t accept it.",
        "They came back with other demands.",
        "The negotiators are working on that right now, but I believe it’s very much doable, and it’s very much necessary,” Blinken said.",
        "“If Hamas cares at all about the people it purports to represent, then it would reach an agreement because that would have the immediate effect of a ceasefire, alleviating the tremendous suffering of people, bringing more humanitarian assistance in and then giving us the possibility of having something more lasting,” he added.",
    ],
    "003": [
        "Antony Blinken will head to Israel on Friday to push for a ceasefire ahead of a key UN vote on the US’ ceasefire resolution.",
        "Secretary of State Antony Blinken heads to Israel on Friday to press for a truce in Gaza, ahead of a key UN Security Council vote on a US draft resolution on the need for an “immediate” ceasefire.",
        "The United States announced that it would submit a draft to the Security Council on the need for an “immediate ceasefire as part of a hostage deal.”",
        "The US resolution “will unequivocally support ongoing diplomatic efforts aimed at securing an immediate ceasefire in Gaza as part of a hostage deal… we will be bringing this resolution for a vote on Friday morning,” Nate Evans, spokesman for US Ambassador Linda Thomas-Greenfield, said in a statement.",
        "After blocking an Algerian draft resolution calling for an “immediate humanitarian ceasefire” in Gaza at the end of February, US officials have been negotiating an alternative text focusing on support for a six-week truce in exchange for the release of hostages.",
        "After talks in Saudi Arabia and Egypt, Blinken flies to Israel, his sixth trip to the region since the war began with Hamas’ attack on Israel on October 7.",
        "Fighting in Gaza this week centered around Al-Shifa hospital, the besieged territory’s largest hospital, and Israel vowed to launch a new ground assault in overcrowded Rafah in the south.",
        "Israel said that its spy chief would also head back to Qatar on Friday for more truce talks with US, Egyptian and Qatari mediators who are trying to negotiate a six-week pause.",
        "The talks are focused on securing a truce agreement, hinged on the release of hostages held by Hamas militants in exchange for Palestinian prisoners in Israeli custody and the delivery of more aid to Gaza, where famine is threatening its 2.4 million people.",
        "Blinken told reporters in Cairo on Thursday that “gaps are narrowing” and that the United States was “continuing to push for an agreement in Doha.”",
        "“It’s difficult to get there, but I believe it is still possible,” Blinken said.",
        "However, a Hamas official said that Israel’s response to the group’s latest proposal had been “largely negative.”",
        "Blinken warned that an Israeli ground offensive in Rafah, Gaza’s southernmost city where around 1.5 million people are hemmed in by the Egyptian border, would be “a mistake.”",
        "“There is no place for the civilians amassed in Rafah to get out of harm’s way,” Blinken said.",
        "“There is a better way to deal with the ongoing threat posed by Hamas.”",
        "Israeli Prime Minister Benjamin Netanyahu insisted that a ground incursion is the only way to root out Hamas, despite warnings by Blinken, the European Union, which called on Thursday for an “immediate humanitarian pause” in Gaza, and others.",
    ],
    "004": [
        "US secretary of state Antony Blinken has said that the latest Gaza ceasefire talks are “maybe the last opportunity” to secure a hostage release and truce agreement and are a “decisive moment”.",
        "The talks in Qatar, also involving Egypt, paused at the end of last week without a breakthrough, with Hamas casting doubt on the prospects of a deal, but they are set to resume this week based on what Washington has called a “bridging proposal”.",
        "On his ninth trip to the region since the start of the war in Gaza, Mr Blinken has already talked to Israel’s leaders, seeking to get prime minister Benjamin Netanyahu to sign off on a deal.",
        "Mr Netanyahu’s office said the three-hour meeting was “held in a good atmosphere” and that Israel backed Washington’s proposal.",
        "The secretary of state also met with Israeli president Isaac Herzog.",
        "Hamas has accused Mr Netanyahu of “thwarting the mediators’ efforts”, and Turkey said after meeting Hamas envoys that Gaza’s ruling group had told it that US officials were “painting an overly optimistic picture” of the talks.",
        "Mr Netanyahu told Israel’s cabinet on Sunday that “we are conducting negotiations and not a scenario in which we just give and give”, suggesting that all the optimistic talk may not yet be reflected in the ceasefire talks themselves.",
        "However, a US official, when asked by Reuters if the Hamas comments amounted to a rejection of the deal, responded that Washington believes the bridging proposal it outlined last week addresses various concerns and would iron out difficult implementation aspects.",
        "The war in Gaza was triggered by a Hamas attack inside southern Israel on 7 October during which around 1,200 people were killed and another 250 were taken hostage, according to Israeli figures.",
        "Of those, some 110 are still believed to be in Gaza, though Israeli authorities say around a third are dead.",
        "More than 100 hostages were released in November during a weeklong ceasefire.",
        "In response to the Hamas attack, Israel has launched an air and ground offensive and a blockade, which health officials in Gaza say has killed more than 40,000 people and devastated the besieged enclave, forcing the majority of Gaza’s 2.3 million residents out of their homes.",
        "The main UN agency in Gaza, UNRWA, said on Monday that 207 of its staff had been killed since the war began.",
        "“They were engineers, teachers, medical staff.",
        "They were humanitarian workers,” it said in a statement.",
        "Speaking in Tel Aviv before meeting Mr Herzog, Mr Blinken said he was also working to de-escalate other regional tensions fuelled by the war in Gaza.",
        "The US diplomat described the current moment as “probably the best, maybe the last opportunity to get the hostages home, to get a ceasefire and to put everyone on a better path to enduring peace and security”.",
        "He said Mr Biden had sent him “to get this agreement to the line and ultimately over the line”.",
        "The Gaza conflict has put the entire Middle East region on edge, triggering months of border clashes between Israel and Lebanon’s Iran-backed Hezbollah movement, and threatening a wider escalation involving major powers.",
        "Tensions have been further stoked by the assassination of Hamas leader Ismail Haniyeh on Iranian soil late last month, which Tehran has blamed on Israel, vowing revenge.",
        "Possible retaliation from Hezbollah – with Israel having killed a senior Hezbollah commander in Beirut a few hours before Haniyeh was assassinated – is also contributing to the growing concerns over a wider war.",
        "Mr Blinken acknowledged that it was a “fraught moment” for Israel, where there are concerns about potential attacks by Iran and Hezbollah.",
        "He said: “We’re working to make sure that there is no escalation, that there are no provocations, that there are no actions that in any way move us away from getting this deal over the line, or for that matter, escalating the conflict to other places and to greater intensity.”",
        "The evolving multi-phase truce deal has several main principles, including Hamas releasing all hostages abducted during its 7 October attack and Israel withdrawing its forces from Gaza and releasing Palestinians held in its jails.",
        "Hamas accuses Israel of adding new demands, such as maintaining a military presence along the Gaza-Egypt border to prevent arms smuggling and along a line bisecting the territory so it can search Palestinians returning to their homes in the north.",
        "Israel said those were not new demands but clarifications of a previous proposal.",
        "Officials said the US has presented proposals to bridge all the gaps remaining between the Israeli and Hamas positions.",
        "Formal responses to the US outline are expected this week and could lead to a ceasefire declaration, unless the talks collapse, as has happened with a number of previous efforts.",
        "Mr Blinken is due to visit Egypt on Tuesday.",
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_SENTENCES))
def test_no_body_sentence_is_lost(prefix):
    body = seed(prefix).body_text
    missing = [s for s in SEED_SENTENCES[prefix] if s not in body]
    assert missing == []


@pytest.mark.parametrize(
    ("prefix", "paragraphs", "figures", "title_generated"),
    [
        ("000", 12, 1, False),
        ("001", 14, 1, False),
        ("002", 8, 1, False),
        ("003", 16, 0, True),
        ("004", 18, 0, True),
    ],
)
def test_seed_shape(prefix, paragraphs, figures, title_generated):
    article = seed(prefix)
    assert (len(article.paragraphs), len(article.figures), article.title_generated) == (
        paragraphs,
        figures,
        title_generated,
    )
    assert article.warnings == []


@pytest.mark.parametrize(
    ("prefix", "title"),
    [
        (
            "000",
            "Blinken welcomes 'hopeful' sign of Gaza ceasefire progress after Hamas signals support",
        ),
        ("001", "Blinken says truce between Israel, Hamas is producing results"),
        (
            "002",
            "Blinken heads to Israel on next leg of regional tour amid truce efforts in Gaza war",
        ),
        (
            "003",
            "Antony Blinken will head to Israel on Friday to push for a ceasefire ahead of a key UN…",
        ),
        (
            "004",
            "US secretary of state Antony Blinken has said that the latest Gaza ceasefire talks…",
        ),
    ],
)
def test_seed_titles(prefix, title):
    assert seed(prefix).title == title
    assert len(title) <= 91


def test_seed_000_dek_figure_stamp():
    article = seed("000")
    assert (
        article.dek
        == "US Secretary of State is on his eighth trip to the region since the war broke out"
    )
    assert article.figures == [
        Figure(
            "Antony Blinken, the US Secretary of State, is in the Middle East pushing for a ceasefire deal.",
            "AFP",
        )
    ]
    assert article.stamps == ["Updated: June 11, 2024, 10:23 AM"]
    assert reasons(article) == {
        "Powered by automated translation": "chrome:translation",
        "Live updates: Follow the latest on Israel-Gaza": "chrome:live-teaser",
        "Updated: June 11, 2024, 10:23 AM": "stamp",
    }


def test_seed_001_caption_credits_related_block_and_duplicates():
    article = seed("001")
    assert article.figures == [
        Figure(
            "US Secretary of State Antony Blinken disembarks from his airplane upon arrival at Ben Gurion "
            "Airport in Tel Aviv, Israel, on November 30, 2023.",
            "Saul Loeb/Pool via Reuters",
        )
    ]
    assert article.credits == [
        "Reporting by Humeyra Pamuk",
        "Additional reporting by Ali Sawafta in Ramallah",
        "Editing by Howard Goller",
    ]
    body = article.body_text
    for stranger in (
        "Putin",
        "Trump",
        "European airlines",
        "Wizz Air",
        "cookies",
        "banner",
        "Skip to main content",
        "1 min",
        "Reporting by",
    ):
        assert stranger not in body
    lede = "U.S. Secretary of State Antony Blinken on Thursday said a temporary truce"
    assert sum(p.startswith(lede) for p in article.paragraphs) == 1
    assert [d.reason for d in article.dropped].count("duplicate") == 2
    dropped = reasons(article)
    assert dropped["Skip to main content"] == "chrome:navigation"
    assert dropped["1 min Mena Today"] == "chrome:reading-time"
    assert dropped["Related"] == "related-block"
    assert dropped["Putin holds talks with Netanyahu on Iran"] == "related-block"
    assert dropped["Subscribe to our newsletter"] == "chrome:newsletter"


def test_seed_002_parenthesised_credit_and_duplicate_caption():
    article = seed("002")
    assert article.figures == [
        Figure(
            "US Secretary of State Antony Blinken holds a joint press conference with Egyptian Foreign "
            "Minister Sameh Shoukry, during his visit to Cairo, Egypt, March 21, 2024.",
            "Evelyn Hockstein/Pool Photo via AP",
        )
    ]
    assert reasons(article)["Most Popular"] == "related-block"


def test_seed_003_agency_credit_and_newsletter_box():
    article = seed("003")
    assert article.credits == ["With AFP"]
    assert reasons(article) == {
        "With AFP": "credit",
        "Subscribe to our newsletter": "chrome:newsletter",
        "Newsletter signup": "chrome:newsletter",
        "Please wait...": "chrome:newsletter",
        "Thank you for sign up!": "chrome:newsletter",
    }


def test_seed_004_donation_appeal_split_over_two_lines():
    article = seed("004")
    assert reasons(article) == {"Support truly independent journalism": "chrome:donation"}
    assert article.paragraphs[0].startswith("US secretary of state Antony Blinken has said")


@pytest.mark.parametrize("prefix", sorted(SEED_SENTENCES))
def test_seeds_are_idempotent(prefix):
    article = seed(prefix)
    again = clean_article(cleaned_text(article))
    assert (again.title, again.dek, again.paragraphs, again.figures, again.title_generated) == (
        article.title,
        article.dek,
        article.paragraphs,
        article.figures,
        article.title_generated,
    )
    assert (again.byline, again.credits, again.stamps) == (
        article.byline,
        article.credits,
        article.stamps,
    )


BODY = "The council met on Monday and approved the budget for next year.\n\n"
TAIL = "\n\nThe mayor said the vote was a relief for everyone involved."
# A paragraph as long as real ones: what follows a "Related" heading is weighed against it.
LONG_PARAGRAPH = (
    "Members of the council argued for most of the afternoon about the cost of repairs to the "
    "old library, the new bus lanes on the high street and the pay of the staff who run the "
    "city's parks, before a narrow majority agreed to a compromise put forward by the mayor.\n\n"
)


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Sign up for our newsletter", "chrome:newsletter"),
        ("Advertisement", "chrome:advertising"),
        ("ADVERTISEMENT", "chrome:advertising"),
        ("Share this article", "chrome:sharing"),
        ("Read more: Council approves new parking rules", "chrome:read-more"),
        ("© 2024 Example Media Group. All rights reserved.", "chrome:copyright"),
        ("Follow us on X", "chrome:social"),
        ("Click here to subscribe", "chrome:call-to-action"),
        ("Skip to main content", "chrome:navigation"),
        ("5 min read", "chrome:reading-time"),
        ("Powered by automated translation", "chrome:translation"),
        ("Live updates: Follow the latest on the election", "chrome:live-teaser"),
        ("Please wait...", "chrome:newsletter"),
        ("Thank you for sign up!", "chrome:newsletter"),
        ("Newsletter signup", "chrome:newsletter"),
        ("News banner 2", "chrome:banner"),
        (
            "We use cookies to improve your experience. By continuing you accept our policy.",
            "chrome:cookies",
        ),
        ("• Analytics cookies help us understand how visitors use the site.", "chrome:cookies"),
        ("Support independent journalism", "chrome:donation"),
    ],
)
def test_chrome_lines_are_dropped_mid_article(line, reason):
    article = clean_article(f"A headline about the council budget\n\n{BODY}{line}{TAIL}")
    assert line not in article.body_text
    assert reasons(article)[line] == reason
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("By Jane Doe", "byline", "Jane Doe"),
        ("By Jane Doe and John Smith in Cairo", "byline", "Jane Doe and John Smith in Cairo"),
        ("Updated: June 11, 2024, 10:23 AM", "stamps", ["Updated: June 11, 2024, 10:23 AM"]),
        ("Published 11 June 2024", "stamps", ["Published 11 June 2024"]),
        ("Last updated: 2024-06-11 10:00", "stamps", ["Last updated: 2024-06-11 10:00"]),
        (
            "Reporting by Jane Doe; Editing by John Smith",
            "credits",
            ["Reporting by Jane Doe", "Editing by John Smith"],
        ),
        ("With AFP", "credits", ["With AFP"]),
        (
            "Additional reporting by Sam Lee in Beirut",
            "credits",
            ["Additional reporting by Sam Lee in Beirut"],
        ),
        ("Writing by Ana Ruiz", "credits", ["Writing by Ana Ruiz"]),
    ],
)
def test_metadata_lines_leave_the_body(line, field, value):
    article = clean_article(f"A headline about the council budget\n\n{BODY}{line}{TAIL}")
    assert getattr(article, field) == value
    assert line not in article.body_text


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "Ministers meet in Cairo on Monday. Jane Doe/Reuters",
            "Ministers meet in Cairo on Monday.",
            "Jane Doe/Reuters",
        ),
        (
            "Ministers meet in Cairo on Monday. (John Smith/AP Photo)",
            "Ministers meet in Cairo on Monday.",
            "John Smith/AP Photo",
        ),
        ("Ministers meet in Cairo on Monday. AFP", "Ministers meet in Cairo on Monday.", "AFP"),
        (
            "Ministers meet in Cairo on Monday. Getty Images",
            "Ministers meet in Cairo on Monday.",
            "Getty Images",
        ),
        (
            "Ministers meet in Cairo. Photograph: J. Scott Applewhite/AP",
            "Ministers meet in Cairo.",
            "J. Scott Applewhite/AP",
        ),
        (
            "Ministers meet in Cairo on Monday. Photo Credit: Jane Doe",
            "Ministers meet in Cairo on Monday.",
            "Jane Doe",
        ),
        ("Ministers meet in Cairo on Monday. —AFP", "Ministers meet in Cairo on Monday.", "AFP"),
        (
            "Ministers meet in Cairo on Monday. (Reuters: Jane Doe)",
            "Ministers meet in Cairo on Monday.",
            "Reuters: Jane Doe",
        ),
        (
            "Ministers meet in Cairo on Monday. — Photo courtesy Town Hall",
            "Ministers meet in Cairo on Monday.",
            "Photo courtesy Town Hall",
        ),
        (
            "[Image: Ministers meet in Cairo on Monday. Photo: Reuters/Jane Doe]",
            "Ministers meet in Cairo on Monday.",
            "Reuters/Jane Doe",
        ),
        (
            "Enlarge / Ministers meet in Cairo on Monday.\nScreenshot: Jane Doe",
            "Ministers meet in Cairo on Monday.",
            "Screenshot: Jane Doe",
        ),
        (
            "Ministers meet in Cairo on Monday.\n"
            "Ministers meet in Cairo on Monday. (AP Photo/Jane Doe)",
            "Ministers meet in Cairo on Monday.",
            "AP Photo/Jane Doe",
        ),
    ],
)
def test_captions_become_figures(line, caption, credit):
    article = clean_article(f"A headline about the council budget\n\n{BODY}{line}{TAIL}")
    assert article.figures == [Figure(caption, credit)]
    assert caption not in article.body_text


@pytest.mark.parametrize(
    "line",
    [
        "He left the room. then he came back",  # lower-case tail is not a credit
        "The vote was close (52 to 48).",
        "Officials said talks would resume. Negotiators remain hopeful",
    ],
)
def test_prose_is_not_taken_for_a_caption(line):
    article = clean_article(f"A headline about the council budget\n\n{BODY}{line}{TAIL}")
    assert article.figures == [] and line in article.paragraphs


@pytest.mark.parametrize(
    "heading",
    ["Related", "Most Popular", "Read more", "More from World", "Recommended", "You may also like"],
)
def test_trailing_blocks_are_dropped_whole(heading):
    raw = (
        f"A headline about the council budget\n\n{BODY}{LONG_PARAGRAPH}{TAIL}"
        f"\n\n{heading}\n\nOther story headline\n\n"
        "A long sentence-like teaser about an unrelated story that reads like prose, it does."
    )
    article = clean_article(raw)
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), TAIL.strip()]
    assert reasons(article)[heading] == "related-block"


def test_a_related_heading_mid_article_drops_only_its_headlines():
    raw = (
        f"A headline about the council budget\n\n{BODY}Related Story\n"
        "Mayor faces questions over spending on new bridge\n\n"
        f"{LONG_PARAGRAPH}{LONG_PARAGRAPH.replace('council', 'committee')}{TAIL}"
    )
    article = clean_article(raw)
    assert len(article.paragraphs) == 4
    assert reasons(article)["Mayor faces questions over spending on new bridge"] == "related-teaser"


def test_header_block_gives_metadata_and_title():
    raw = (
        "Title: Council approves budget\nDate: 2024-06-11\nSource: Example\n"
        "URL: https://example.com/a\nAuthor: Jane Doe\nSummary: A short summary\n\n"
        f"Council approves budget\n\n{BODY}{TAIL.strip()}"
    )
    article = clean_article(raw)
    assert article.title == "Council approves budget" and not article.title_generated
    assert article.header == {
        "title": "Council approves budget",
        "date": "2024-06-11",
        "source": "Example",
        "url": "https://example.com/a",
        "author": "Jane Doe",
        "summary": "A short summary",
    }
    assert article.dek == "A short summary"
    assert article.paragraphs == [BODY.strip(), TAIL.strip()]


def test_header_needs_known_keys_at_the_very_top():
    article = clean_article(f"Updated: June 11, 2024\n\n{BODY}")
    assert article.header == {} and article.stamps == ["Updated: June 11, 2024"]


def test_one_paragraph_per_line_and_hard_wrapped_paragraphs():
    per_line = "First sentence of the story is here.\nSecond paragraph follows right away.\n"
    assert clean_article(per_line).paragraphs == [
        "First sentence of the story is here.",
        "Second paragraph follows right away.",
    ]
    wrapped = (
        "The council met on Monday evening and, after a long and heated debate,\n"
        "approved the budget for next year by a narrow margin of seven votes to\n"
        "six, officials said.\n\nA second paragraph."
    )
    assert clean_article(wrapped).paragraphs[0] == (
        "The council met on Monday evening and, after a long and heated debate, approved the "
        "budget for next year by a narrow margin of seven votes to six, officials said."
    )


def test_whitespace_is_normalised_and_quotes_kept():
    article = clean_article("A  headline\twith   gaps\n\n  “Quoted”\u00a0text  &  more.  \n")
    assert article.title == "A headline with gaps"
    assert article.paragraphs == ["“Quoted” text & more."]


@pytest.mark.parametrize(
    ("sentence", "title"),
    [
        ("Short first sentence.", "Short first sentence"),
        (
            "Officials in the city, who asked not to be named, said the new bridge would open in "
            "spring next year.",
            "Officials in the city, who asked not to be named…",
        ),
        (
            "Blinken said the talks were “maybe the last opportunity to secure a hostage release and "
            "truce agreement” this week.",
            "Blinken said the talks…",
        ),
    ],
)
def test_generated_titles(sentence, title):
    assert make_title(sentence) == title


def test_first_sentence_skips_abbreviations():
    assert first_sentence("U.S. officials met Mr. Lee on Oct. 7 in Gaza. Then they left.") == (
        "U.S. officials met Mr. Lee on Oct. 7 in Gaza."
    )


@pytest.mark.parametrize(
    ("raw", "warning"),
    [
        (b"", "empty"),
        ("   \n\n \t \n", "empty"),
        (bytes(range(256)) * 20, "not text"),
        ("".join(chr(0x100 + (i * 7919) % 50000) for i in range(3000)).encode(), "not text"),
        ((RAW / "chrome_only.txt").read_bytes(), "nothing but site chrome"),
    ],
    ids=["empty", "blank", "binary", "utf8-garbage", "chrome-only"],
)
def test_no_body_inputs(raw, warning):
    article = clean_article(raw)
    assert article.paragraphs == []
    assert any(warning in w for w in article.warnings), article.warnings


def test_one_line_article_keeps_its_sentence():
    article = clean_article("The council approved the budget on Monday.")
    assert article.paragraphs == ["The council approved the budget on Monday."]
    assert (article.title, article.title_generated) == (
        "The council approved the budget on Monday",
        True,
    )


def test_one_line_without_punctuation_is_kept_as_body():
    article = clean_article("Council approves budget")
    assert article.paragraphs == ["Council approves budget"]


def test_cp1252_file():
    article = clean_article((RAW / "cp1252_article.txt").read_bytes())
    assert article.title == "Café owners protest new rent rules"
    assert article.encoding == "cp1252"
    assert "“it is the end”" in article.paragraphs[0]


def test_html_page_file():
    # An HTML page saved as .txt is read by the HTML reader (text/html.py), not the cleaner.
    from pelican.plugins.explainer_archive.text import extract_article
    from pelican.plugins.explainer_archive.text.html import HtmlOptions

    article, _ = extract_article(
        (RAW / "html_page.txt").read_bytes(), "raw/html_page.txt", HtmlOptions()
    )
    assert article.title == "Ministers agree on a new water plan for the valley"
    assert article.paragraphs == [
        "Ministers agreed on Monday to share the river’s water between the three towns & their farms.",
        "The plan, which took two years to draft, will be reviewed every spring.",
    ]
    assert any("HTML" in w for w in article.warnings)


@pytest.mark.parametrize(
    ("raw", "paragraph"),
    [
        (
            b"\xef\xbb\xbfHeadline here now\r\n\r\nBody sentence one.\r\n\r\nBody two.\r\n",
            "Body sentence one.",
        ),
        (b"Headline here now\r\rBody sentence one.\r\rBody two.\r", "Body sentence one."),
        (b"Headline here now\n\nBody sen\x00tence one.\n\nBody two.", "Body sentence one."),
        (
            "Headline here now\n\nBody sen\u200btence\u202e one.\n\nBody two.".encode(),
            "Body sentence one.",
        ),
    ],
    ids=["bom-crlf", "lone-cr", "nul", "zero-width-bidi"],
)
def test_bad_bytes_are_repaired(raw, paragraph):
    article = clean_article(raw)
    assert article.title == "Headline here now"
    assert article.paragraphs == [paragraph, "Body two."]


@pytest.mark.parametrize(
    "raw",
    [
        "word " * 40000,  # one 200,000-character line
        ("Ministers met on Monday. " * 10 + "\n\n") * 20000,  # about 5 MB
        " ".join(["The council said it would vote on Monday."] * 1250),  # 10,000 words
        "(" * 200000,
        ". " * 100000,
    ],
    ids=["200k-line", "5MB", "10k-words", "200k-parens", "200k-dots"],
)
def test_large_inputs_are_cleaned(raw):
    # How fast is the benchmark's business (scripts/benchmark.py), not a unit test's.
    article = clean_article(raw)
    assert article.paragraphs or any("not text" in w for w in article.warnings)


def test_never_raises_on_wrong_types():
    assert clean_article(None).paragraphs == []  # type: ignore[arg-type]
    assert clean_article(bytearray(b"Headline here\n\nBody text.")).paragraphs == ["Body text."]


@pytest.mark.parametrize(
    ("top", "title"),
    [
        # a ticker line among the navigation gives way to the headline over the byline
        (
            "Home\nWorld\nBreaking\nCouncil budget vote draws protest at the library\n\n"
            "Council approves the budget for the new library\nBy Jane Doe\nJune 4, 2024",
            "Council approves the budget for the new library",
        ),
        # a wire service's flashes in capitals over the story's headline
        (
            "COUNCIL APPROVES THE BUDGET FOR NEXT YEAR\nCOUNCIL SAYS THE LIBRARY WILL REOPEN\n"
            "UPDATE 1-Council approves the budget after a long debate\nBy Jane Doe",
            "UPDATE 1-Council approves the budget after a long debate",
        ),
        # agencies as the story's byline over its date line, not a photo credit
        (
            "Council approves the budget for the new library\nAFP | Reuters\n"
            "Published June 24, 2023",
            "Council approves the budget for the new library",
        ),
        # a Title Case headline over a standfirst in sentence case without a full stop
        (
            "Home\n\nMayor Wins Key Vote as Library Row Shows No Sign of Ending\n"
            "Council approves the budget for the new library after a long debate\n"
            "By Jane Doe\nJune 4, 2024",
            "Mayor Wins Key Vote as Library Row Shows No Sign of Ending",
        ),
        # a byline naming the reporter's beat is no headline
        (
            "By city hall reporter Jane Doe\nPosted Tue 2 Apr 2024 at 4:51pm",
            "The council met on Monday and approved the budget for next year",
        ),
        # a headline written in two sentences, the byline right under it
        (
            "News\n\nThe council approved the budget. Here's what changes for the library.\n"
            "By Jane Doe",
            "The council approved the budget. Here's what changes for the library.",
        ),
        # a Title Case headline ending with a full stop, over its standfirst and byline
        (
            "The Council Approved the Budget. Now Comes the Library Fight.\n"
            "Members argued for hours about what the new building should cost.\nBy Jane Doe",
            "The Council Approved the Budget. Now Comes the Library Fight.",
        ),
    ],
)
def test_the_headline_over_the_byline(top, title):
    article = clean_article(f"{top}\n\n{BODY}{LONG_PARAGRAPH}{TAIL.strip()}")
    assert article.title == title and article.figures == []
    assert article.title_generated == (title not in top)
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), TAIL.strip()]


def test_a_lede_under_the_byline_and_picture_is_body_not_standfirst():
    lede = (
        "Divers found the missing boat in the harbour on Wednesday morning, two days after it "
        "sank in a sudden storm, the coast guard said."
    )
    raw = (
        "Divers find the missing boat in the harbour\n\nBy Jane Doe\nJune 4, 2024\n\n"
        "Boats in the harbour on Wednesday. (AP Photo/John Roe)\n\n"
        f"{lede}\n\nRelated Articles\nTown prepares for summer festival\n"
        "Mayor opens new market hall\nSchool results published\n\n"
        f"{LONG_PARAGRAPH}{LONG_PARAGRAPH.replace('council', 'committee')}{TAIL.strip()}"
    )
    article = clean_article(raw)
    assert article.title == "Divers find the missing boat in the harbour"
    assert article.paragraphs[0] == lede and article.dek == ""


def test_a_photo_credit_closing_the_article_leaves_its_last_paragraph_alone():
    raw = f"A headline about the council budget\n\n{BODY}{LONG_PARAGRAPH}{TAIL.strip()}\nPhotos by Jane Doe\n"
    article = clean_article(raw)
    assert article.paragraphs[-1] == TAIL.strip() and article.figures == []
    assert article.credits == ["Photos by Jane Doe"]


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        (
            "[2/4] Ministers meet in Cairo on Monday.\nREUTERS/Jane Doe Purchase Licensing Rights",
            "Ministers meet in Cairo on Monday.",
            "REUTERS/Jane Doe",
        ),
        (
            "Ministers meet in Cairo on Monday.\nPhoto by Jane Doe / Getty Images",
            "Ministers meet in Cairo on Monday.",
            "Photo by Jane Doe / Getty Images",
        ),
    ],
)
def test_captions_over_a_credit_line_between_paragraphs(line, caption, credit):
    raw = f"A headline about the council budget\n\n{BODY}{line}\n\n{LONG_PARAGRAPH}{TAIL}"
    article = clean_article(raw)
    assert article.figures == [Figure(caption, credit)]
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), TAIL.strip()]


def test_listed_headlines_under_a_label_below_the_article_are_dropped():
    raw = (
        f"A headline about the council budget\n\n{BODY}{LONG_PARAGRAPH}{TAIL.strip()}\n\n"
        "ALSO TODAY\n- Harbour festival returns after a three-year break\n"
        "- Library opening hours extended for the exam season\n"
    )
    article = clean_article(raw)
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), TAIL.strip()]
    assert reasons(article)["- Harbour festival returns after a three-year break"] == (
        "chrome:bottom-furniture"
    )


@pytest.mark.parametrize(
    "bio",
    [
        "Jane Doe is a staff writer at The Example Times, where she covers city hall.",
        "Jane Doe is the Example Herald’s Europe correspondent, based in Brussels.",
    ],
)
def test_an_author_bio_below_the_article_is_a_byline(bio):
    raw = f"A headline about the council budget\n\n{BODY}{LONG_PARAGRAPH}{TAIL.strip()}\n\n{bio}\n"
    article = clean_article(raw)
    assert bio not in article.paragraphs
    assert reasons(article)[bio] == "byline"


def test_a_sentence_about_the_site_below_the_article_furniture_is_dropped():
    blurb = "Example Daily has been covering the valley for over 40 years."
    closing = "Example Daily has asked the council for comment."
    raw = (
        f"Example Daily\n\nNews\n\nA headline about the council budget\n\n{BODY}{LONG_PARAGRAPH}"
        f"{closing}\n\nShare this article\n\nNext story\n\n{blurb}\n"
    )
    article = clean_article(raw)
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), closing]
    assert reasons(article)[blurb] == "chrome:site-blurb"


@pytest.mark.parametrize(
    "top",
    [
        # a picture, captioned in a full sentence, between the headline and the summary
        "A headline about the council budget\nBy Jane Doe\n\n"
        "Members of the council leave the town hall after the vote on Monday evening.\n"
        "AP Photo/John Roe",
        # a headline written in sentences over the byline
        "The council approved the budget. Here's what changes for the library.\nBy Jane Doe",
    ],
)
def test_summary_points_under_the_head_are_the_standfirst(top):
    points = [
        "The council approved next year's budget by seven votes to six.",
        "The library will reopen in the spring after two years of repairs.",
    ]
    raw = (
        f"{top}\n\nKey Takeaways\n{points[0]}\n{points[1]}\n\n{BODY}{LONG_PARAGRAPH}{TAIL.strip()}"
    )
    article = clean_article(raw)
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), TAIL.strip()]
    assert reasons(article)[points[1]] == "dek"


def test_a_one_word_entry_heading_under_a_live_entry_time_is_kept():
    raw = (
        "Flood barriers hold as the river peaks above the old town\n\n"
        f"19.45 GMT\nSummary\n{LONG_PARAGRAPH}"
        f"18.40 GMT\nBarriers hold in the old town overnight\n{BODY}{TAIL.strip()}"
    )
    article = clean_article(raw)
    assert article.paragraphs[0] == "Summary"
    assert "19.45 GMT" not in article.body_text


def test_a_subheading_over_a_last_paragraph_past_the_furniture_is_kept():
    heading = "Council budget deal is welcome but the library money is late"
    last = (
        "An editorial in the Example Times argues that the council was right to agree the deal "
        "early, but that the money promised for the library will arrive too late to help."
    )
    raw = (
        f"A headline about the council budget\n\n{BODY}{LONG_PARAGRAPH}Share\n\nTweet\n\n"
        f"Comment and analysis.\n\n{heading}\n\nExample Times Read Article\n\n{last}\n"
    )
    article = clean_article(raw)
    assert heading in article.paragraphs and article.paragraphs[-1] == last


def test_an_outlet_with_an_agency_under_the_standfirst_is_a_byline():
    dek = "Members argued for hours about the cost of the new library before a narrow vote."
    raw = (
        f"A headline about the council budget\n{dek}\nExample Daily with AFP\n\n"
        f"{BODY}{LONG_PARAGRAPH}{TAIL.strip()}"
    )
    article = clean_article(raw)
    assert article.dek == dek
    assert article.paragraphs == [BODY.strip(), LONG_PARAGRAPH.strip(), TAIL.strip()]


def test_a_name_over_a_date_line_is_a_byline():
    raw = f"A headline about the council budget\n\n{BODY}Jane Doe\nJune 4, 2024\n\n{LONG_PARAGRAPH}{TAIL}"
    article = clean_article(raw)
    assert article.byline == "Jane Doe" and article.stamps == ["June 4, 2024"]
    assert article.paragraphs[-2:] == [LONG_PARAGRAPH.strip(), TAIL.strip()]
