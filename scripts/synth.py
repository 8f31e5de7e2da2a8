"""Synthesise realistic raw scraped archives from the seed articles (for the benchmark).

Usage (normally called by scripts/benchmark.py):

    /work/venv/bin/python scripts/synth.py --articles 1000 --out /tmp/raw1000 [--seed 7]

Every synthetic file looks like a scrape of a news page: body paragraphs drawn from the
seeds (content/raw/*.txt) and shuffled, with names, numbers, weekdays and dates varied, and
the site chrome kept around them (headline, dek, photo captions with credits, "Updated:"
stamps, reading-time labels, newsletter/cookie/donation boxes, "Related"/"Most Popular"
blocks, wire credits, bylines).  Layouts vary: blank-line separated paragraphs, one
paragraph per line without blank lines, and the odd hard-wrapped file.  The output depends
only on (seed, index): article i is the same whatever N is, so an archive of N+1 articles
is the archive of N plus one new file.

Two shapes (--shape):

- ``mixed`` (the default): names replaced in about half the articles, dates moved per
  article over 27 months: many actors and events, each in a few articles.
- ``story``: one story told again and again, as in an archive about a single story: the
  seeds' own people keep their names in every article, the dates the seeds state stay as
  they are (the same events recur), and the articles fall within the seeds' nine months.
  A handful of actors and events then appear in nearly every article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import textwrap
from pathlib import Path

from pelican.plugins.explainer_archive.calendar_words import MONTHS, WEEKDAYS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "content" / "raw"

# People named in the seeds: (full name, surname). Replaced per article, consistently.
SEED_PEOPLE = [
    ("Antony Blinken", "Blinken"),
    ("Benjamin Netanyahu", "Netanyahu"),
    ("Isaac Herzog", "Herzog"),
    ("Benny Gantz", "Gantz"),
    ("Yair Lapid", "Lapid"),
    ("Yoav Gallant", "Gallant"),
    ("Sameh Shoukry", "Shoukry"),
    ("Ismail Haniyeh", "Haniyeh"),
    ("Linda Thomas-Greenfield", "Thomas-Greenfield"),
    ("Nate Evans", "Evans"),
    ("Abdel Fattah El Sisi", "Sisi"),
    ("Vladimir Putin", "Putin"),
    ("Masoud Pezeshkian", "Pezeshkian"),
    ("Donald Trump", "Trump"),
]
FIRST = [
    "Amira",
    "Daniel",
    "Leila",
    "Omar",
    "Tamar",
    "Yusuf",
    "Miriam",
    "Karim",
    "Noa",
    "Hassan",
    "Rania",
    "David",
    "Sarah",
    "Ahmed",
    "Elena",
    "Khalil",
    "Maya",
    "Tariq",
    "Hannah",
    "Samir",
    "Dina",
    "Jonathan",
    "Fatima",
    "Avi",
    "Nadia",
    "Michael",
    "Layla",
    "Ibrahim",
    "Ruth",
    "Walid",
    "Claire",
    "Mustafa",
    "Shira",
    "Nabil",
    "Grace",
    "Adel",
    "Yael",
    "Faisal",
    "Helen",
    "Ziad",
]
LAST = [
    "Haddad",
    "Cohen",
    "Mansour",
    "Levi",
    "Khoury",
    "Friedman",
    "Nasser",
    "Katz",
    "Saleh",
    "Mizrahi",
    "Barghouti",
    "Weiss",
    "Darwish",
    "Peretz",
    "Aziz",
    "Rosen",
    "Hamdan",
    "Shapiro",
    "Qasim",
    "Golan",
    "Jaber",
    "Adler",
    "Awad",
    "Segal",
    "Farouk",
    "Ben-David",
    "Hijazi",
    "Stern",
    "Karam",
    "Dayan",
    "Nassar",
    "Ashkenazi",
    "Tamimi",
    "Eliyahu",
    "Sabbagh",
    "Harel",
    "Obeid",
    "Carmel",
    "Rahman",
    "Lavi",
]
ROLES = [
    "Secretary of State",
    "Prime Minister",
    "President",
    "Foreign Minister",
    "Defence Minister",
    "opposition leader",
    "UN envoy",
    "chief negotiator",
    "army spokesman",
    "health ministry spokesperson",
    "national security adviser",
]
CITIES = [
    ("Cairo", "Egypt"),
    ("Doha", "Qatar"),
    ("Tel Aviv", "Israel"),
    ("Jerusalem", "Israel"),
    ("Amman", "Jordan"),
    ("Beirut", "Lebanon"),
    ("Riyadh", "Saudi Arabia"),
    ("Ramallah", "the West Bank"),
    ("Rafah", "Gaza"),
    ("Khan Younis", "Gaza"),
    ("Washington", "the United States"),
    ("New York", "the United States"),
    ("Ankara", "Turkey"),
    ("Geneva", "Switzerland"),
    ("Abu Dhabi", "the UAE"),
]
AGENCIES = ["AFP", "Reuters", "AP", "EPA", "Getty Images", "Bloomberg", "Anadolu"]
MONTH_ABBR = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]

HEADLINES = [
    "{last} welcomes 'hopeful' sign of {topic} progress after talks in {city}",
    "{last} says {topic} is producing results",
    "{last} heads to {country} on next leg of regional tour amid {topic} efforts",
    "{full} will head to {city} on {weekday} to push for a {topic}",
    "{last} warns {topic} talks are 'maybe the last opportunity'",
    "{last} holds talks with {last2} on {topic}",
    "{last2} signals support for {topic} as mediators meet in {city}",
    "{country} and mediators resume {topic} talks in {city}",
    "What we know about the {topic} proposal after {weekday}'s meeting in {city}",
    "{last} and {last2} meet in {city} as pressure grows for a {topic}",
    "{n} killed in strikes near {city} as {topic} talks stall",
    "{last} rejects {last2}'s demands over {topic}",
    "UN Security Council to vote on {topic} resolution drafted by {country}",
    "Aid convoys reach {city} after {n}-day pause in {topic} talks",
    "Explainer: the sticking points in the {topic} negotiations",
]
TOPICS = [
    "ceasefire",
    "hostage deal",
    "truce",
    "hostage release",
    "humanitarian pause",
    "aid corridor",
    "prisoner exchange",
    "Gaza ceasefire",
    "Rafah offensive",
    "border security",
    "reconstruction plan",
    "two-state solution",
]
DEK_TEMPLATES = [
    "{role} {last} is on his {ordinal} trip to the region since the war broke out",
    "Talks in {city} paused without a breakthrough, officials say",
    "Mediators from {country} are pushing for a deal before {month}",
    "The proposal would see hostages freed in exchange for a {n}-week pause",
]
ORDINALS = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"]
CAPTION_TEMPLATES = [
    "{full}, the {role}, speaks to reporters in {city}, {country}, on {date}.",
    "{role} {full} holds a joint press conference with {full2} during a visit to {city}, "
    "{country}, {date}.",
    "{full} arrives at the airport in {city}, {country}, on {date}.",
    "Palestinians inspect the damage after a strike in {city} on {date}.",
    "Protesters calling for the release of hostages gather in {city} on {date}.",
]
CREDIT_FORMS = [
    " {agency}",
    " ({first} {lastp}/Pool Photo via {agency})",
    " {first} {lastp}/Pool via {agency}",
    " Photo: {agency}",
    " ({agency} photo)",
]
TOP_CHROME = [
    ["Skip to main content"],
    ["Support truly", "independent journalism"],
    ["Powered by automated translation"],
    ["Live updates: Follow the latest on Israel-Gaza"],
    ["{mins} min read"],
    ["{mins} min Mena Today"],
    ["Advertisement"],
    ["Share this article"],
]
BOTTOM_CHROME = [
    [
        "Subscribe to our newsletter",
        "Newsletter signup",
        "Please wait...",
        "Thank you for sign up!",
    ],
    [
        "To make this website run properly and to improve your experience, we use cookies. "
        "For more detailed information, please check our Cookie Policy.",
        "  • Necessary cookies enable core functionality. The website cannot function properly "
        "without these cookies, and can only be disabled by changing your browser preferences.",
    ],
    ["Most Popular"],
    ["Advertisement"],
    ["© {year} All rights reserved."],
    ["Support truly", "independent journalism"],
]
CREDIT_LINES = [
    "Reporting by {full}; Additional reporting by {full2} in {city}; Editing by {full3}",
    "With {agency}",
    "Reporting by {full}; Editing by {full2}",
    "Additional reporting by {agency}",
]

_SEED_CACHE: dict[str, object] = {}
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w,]*\d)")
_YEAR = re.compile(r"^(19|20)\d\d$")
_DATE_MDY = re.compile(r"\b(" + "|".join(MONTHS) + r") (\d{1,2}), (20\d\d)\b")
_DATE_DM = re.compile(r"\b(\d{1,2}) (" + "|".join(MONTHS) + r")\b")
_DATE_MD = re.compile(
    r"\b(" + "|".join([*MONTHS, "Oct.", "Nov.", "Dec.", "Jan.", "Feb."]) + r") (\d{1,2})\b"
)
_WEEKDAY = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b")
_MONTH_ALONE = re.compile(r"\bin (" + "|".join(MONTHS) + r")\b")


def _is_body(line: str) -> bool:
    line = line.strip()
    return len(line.split()) >= 18 and line[-1:] in '.!?”"’' and "cookie" not in line.lower()


def seed_paragraphs(seed_dir: Path = SEEDS) -> list[str]:
    """Body-like paragraphs of every seed file (long lines ending a sentence), deduplicated."""
    key = str(seed_dir)
    if key not in _SEED_CACHE:
        seen, paragraphs = set(), []
        for path in sorted(seed_dir.glob("*.txt")):
            for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
                line = " ".join(line.split())
                if _is_body(line) and line not in seen and "Photo" not in line:
                    seen.add(line)
                    paragraphs.append(line)
        if not paragraphs:
            raise SystemExit(f"no seed paragraphs found in {seed_dir}")
        _SEED_CACHE[key] = paragraphs
    return _SEED_CACHE[key]  # type: ignore[return-value]


SHAPES = ("mixed", "story")
# Days over which article dates spread, per shape: 27 months, or the seeds' nine months.
SPREAD_DAYS = {"mixed": 820, "story": 270}


class _Article:
    """Per-article random choices: the cast, the date and the formatting helpers."""

    def __init__(self, rng: random.Random, shape: str = "mixed"):
        self.rng = rng
        self.shape = shape
        start = dt.date(2023, 10, 8)
        self.date = start + dt.timedelta(days=rng.randrange(0, SPREAD_DAYS[shape]))
        self.people = {}
        surnames = rng.sample(LAST, len(SEED_PEOPLE))
        for (full, last), new_last in zip(SEED_PEOPLE, surnames, strict=True):
            if shape == "story" or rng.random() < 0.45:
                self.people[full] = (full, last)  # keep the real name
            else:
                self.people[full] = (f"{rng.choice(FIRST)} {new_last}", new_last)
        # One pass over each paragraph, so a replaced name is never replaced again.
        self.names = {}
        for full, last in SEED_PEOPLE:
            self.names[full], self.names[last] = self.people[full]
        self._names_re = re.compile(
            r"\b("
            + "|".join(re.escape(k) for k in sorted(self.names, key=len, reverse=True))
            + r")\b"
        )
        self.cast = list(self.people.values())
        rng.shuffle(self.cast)
        self.city, self.country = rng.choice(CITIES)
        self.agency = rng.choice(AGENCIES)

    def person(self, i: int) -> tuple[str, str]:
        return self.cast[i % len(self.cast)]

    def fmt_date(self, d: dt.date, style: int) -> str:
        if style == 0:
            return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"
        if style == 1:
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        return f"{MONTHS[d.month - 1]} {d.day}"

    def fields(self) -> dict[str, str]:
        rng = self.rng
        (full, last), (full2, last2), (full3, _) = self.person(0), self.person(1), self.person(2)
        return {
            "full": full,
            "last": last,
            "full2": full2,
            "last2": last2,
            "full3": full3,
            "city": self.city,
            "country": self.country,
            "topic": rng.choice(TOPICS),
            "weekday": WEEKDAYS[self.date.weekday()],
            "n": str(rng.randrange(2, 90)),
            "role": rng.choice(ROLES),
            "ordinal": rng.choice(ORDINALS),
            "month": MONTHS[(self.date.month + 1) % 12],
            "agency": self.agency,
            "date": self.fmt_date(self.date, rng.randrange(2)),
            "mins": str(rng.randrange(1, 9)),
            "first": rng.choice(FIRST),
            "lastp": rng.choice(LAST),
            "year": str(self.date.year),
        }

    def vary(self, text: str) -> str:
        """Replace names, numbers, weekdays and dates in one seed paragraph (in the story
        shape the stated dates stay: the same events recur)."""
        rng = self.rng
        text = self._names_re.sub(lambda m: self.names[m.group(1)], text)
        if self.shape == "story":
            return _NUMBER.sub(self.number, text)

        def past(days: int) -> dt.date:
            return self.date - dt.timedelta(days=rng.randrange(0, days))

        text = _DATE_MDY.sub(lambda m: self.fmt_date(past(3), 0), text)
        text = _DATE_DM.sub(
            lambda m: (
                m.group(0)
                if rng.random() < 0.4
                else f"{past(300).day} {MONTHS[past(300).month - 1]}"
            ),
            text,
        )
        text = _DATE_MD.sub(
            lambda m: (
                m.group(0)
                if rng.random() < 0.4
                else f"{MONTH_ABBR[past(300).month - 1]} {past(300).day}"
            ),
            text,
        )
        text = _MONTH_ALONE.sub(lambda m: f"in {MONTHS[past(400).month - 1]}", text)
        day_shift = rng.choice([0, 0, 0, -1, -2])
        text = _WEEKDAY.sub(lambda m: WEEKDAYS[(self.date.weekday() + day_shift) % 7], text)

        return _NUMBER.sub(self.number, text)

    def number(self, m: re.Match) -> str:
        """A number of a seed paragraph, varied (years and decimals kept)."""
        rng = self.rng
        raw = m.group(1)
        if _YEAR.match(raw) or "." in raw:
            return raw
        value = int(raw.replace(",", ""))
        if value < 10:
            return str(max(1, value + rng.randrange(-1, 3)))
        new = int(value * rng.uniform(0.6, 1.6))
        return f"{new:,}" if "," in raw or new >= 10000 else str(new)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def synth_article(
    index: int, seed: int = 7, seed_dir: Path = SEEDS, shape: str = "mixed"
) -> tuple[str, str]:
    """(file name, raw text) of synthetic article `index`; deterministic in (seed, index,
    shape)."""
    rng = random.Random(
        f"explainer-bench-{seed}-{index}" + ("" if shape == "mixed" else f"-{shape}")
    )
    pool = seed_paragraphs(seed_dir)
    art = _Article(rng, shape)
    f = art.fields()
    blocks: list[list[str]] = []  # each block: lines that belong together

    for chrome in rng.sample(TOP_CHROME, rng.randrange(0, 3)):
        blocks.append([c.format(**f) for c in chrome])
    blocks.append([rng.choice(HEADLINES).format(**f)])
    if rng.random() < 0.5:
        blocks.append([_cap(rng.choice(DEK_TEMPLATES).format(**f))])
    if rng.random() < 0.35:
        blocks.append([f"By {rng.choice(FIRST)} {rng.choice(LAST)}"])
    stamp = (
        f"Updated: {art.fmt_date(art.date, 0)}, {rng.randrange(1, 13)}:"
        f"{rng.randrange(60):02d} {rng.choice(['AM', 'PM'])}"
    )
    stamp_at_top = rng.random() < 0.3
    if stamp_at_top:
        blocks.append([stamp])
    figures = rng.randrange(0, 3)
    for _ in range(figures):
        caption = _cap(rng.choice(CAPTION_TEMPLATES).format(**art.fields()))
        caption += rng.choice(CREDIT_FORMS).format(**f)
        lines = [caption] * (2 if rng.random() < 0.3 else 1)  # scrapers often repeat it
        blocks.append(lines)

    body = rng.sample(pool, min(len(pool), rng.randrange(5, 19)))
    for paragraph in body:
        blocks.append([art.vary(paragraph)])
    if rng.random() < 0.25 and body:  # a mid-article caption
        at = rng.randrange(len(blocks) - len(body) // 2, len(blocks) + 1)
        caption = _cap(rng.choice(CAPTION_TEMPLATES).format(**art.fields()))
        blocks.insert(at, [caption + rng.choice(CREDIT_FORMS).format(**f)])

    if rng.random() < 0.4:
        blocks.append([rng.choice(CREDIT_LINES).format(**f)])
    if not stamp_at_top and rng.random() < 0.5:
        blocks.append([stamp])
    if rng.random() < 0.4:  # a "Related" block of other headlines with teasers
        related = ["Related"] if rng.random() < 0.5 else []
        for _ in range(rng.randrange(2, 4)):
            g = art.fields()
            related.append(rng.choice(["Israel", "Gaza", "Iran", "Lebanon"]))
            related.append(rng.choice(HEADLINES).format(**g))
            if rng.random() < 0.6:
                related.append(art.vary(rng.choice(pool)))
        blocks.append(related)
    for chrome in rng.sample(BOTTOM_CHROME, rng.randrange(0, 3)):
        blocks.append([c.format(**f) for c in chrome])

    layout = rng.random()
    if layout < 0.6:  # blank-line separated
        text = "\n\n".join("\n\n".join(b) if len(b) > 2 else "\n".join(b) for b in blocks)
    elif layout < 0.93:  # one paragraph per line
        text = "\n".join(line for b in blocks for line in b)
    else:  # hard-wrapped body paragraphs
        text = "\n\n".join(
            "\n".join(textwrap.wrap(line, 72)) if len(line) > 200 else line
            for b in blocks
            for line in b
        )
    if rng.random() < 0.5:
        text += "\n"
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
    return f"{index:06d}_{digest}.txt", text


def write_archive(
    out: Path, n: int, seed: int = 7, start: int = 0, shape: str = "mixed"
) -> list[Path]:
    """Write articles start..start+n-1 into `out`; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + n):
        name, text = synth_article(i, seed, shape=shape)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--shape", choices=SHAPES, default="mixed")
    args = parser.parse_args(argv)
    paths = write_archive(args.out, args.articles, args.seed, args.start, args.shape)
    print(f"wrote {len(paths)} files to {args.out}")


if __name__ == "__main__":
    main()
