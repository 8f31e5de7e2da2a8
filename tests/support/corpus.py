"""The evaluation corpus (tests/corpus/, see its README) and the scoring of the archive
against its gold facts, shared by scripts/evaluate.py (which writes EVALUATION.md) and
tests/test_corpus.py (which keeps the floors).

Text fields (body, chrome, captions, credits, titles, dates) are scored on what the text
stage's one entry point, text.extract_article, makes of each raw file; actors, quotes and
topics on a real `pelican content` build of each half.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from pelican.plugins.explainer_archive.archive import build as archive_stage
from pelican.plugins.explainer_archive.derive.article import ArchiveArticle
from pelican.plugins.explainer_archive.text import HtmlOptions, extract_article
from pelican.plugins.explainer_archive.text.furniture import archive_furniture

from .sitebuild import build_site

ROOT = Path(__file__).resolve().parent.parent.parent
CORPUS = ROOT / "tests" / "corpus"
HALVES = ("dev", "sealed", "seeds")
GAZA_STORY = "israel-gaza-war"


@dataclass
class Page:
    """One raw page of the corpus and its gold facts."""

    name: str
    raw: Path
    gold: dict
    half: str = ""

    @property
    def sealed(self) -> bool:
        """A page of the sealed half: its misses are never shown."""
        return self.half == "sealed"


def load_half(half: str) -> list[Page]:
    """The pages of one half, in name order (seeds point at content/raw)."""
    pages = []
    for gold_path in sorted((CORPUS / half).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        raw = ROOT / gold["raw"] if "raw" in gold else gold_path.with_suffix(".txt")
        pages.append(Page(gold_path.stem, raw, gold, half))
    return pages


def norm(text: str) -> str:
    """Compare text with white space folded and typographic quotes made plain."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.split())


def raw_lines(path: Path) -> list[str]:
    """The non-blank lines of a raw file, stripped (the unit the gold lists use)."""
    text = path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff")
    return [line.strip() for line in text.splitlines() if line.strip()]


def gold_problems(page: Page) -> list[str]:
    """What is wrong with a page's gold facts: every raw line in exactly one list."""
    problems = []
    counts: dict[str, int] = {}
    for lines in page.gold["lines"].values():
        for line in lines:
            counts[line.strip()] = counts.get(line.strip(), 0) + 1
    for line in raw_lines(page.raw):
        if line not in counts:
            problems.append(f"raw line in no gold list: {line[:80]!r}")
    raw_set = set(raw_lines(page.raw))
    for line in counts:
        if line not in raw_set:
            problems.append(f"gold line not in the raw file: {line[:80]!r}")
    title = page.gold.get("title")
    title_lines = page.gold["lines"].get("title", [])
    if title and not any(title.strip() in line for line in title_lines):
        # A headline glued to a date stamp or a section label is part of a title line.
        problems.append(f"title not inside a title line: {title[:80]!r}")
    return problems


# ---------------------------------------------------------------- text fields


@dataclass
class Tally:
    """Counts of one field: hits out of cases, plus the misses to show."""

    hits: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str = "") -> None:
        self.total += 1
        if ok:
            self.hits += 1
        elif miss:
            self.misses.append(miss)

    @property
    def rate(self) -> float | None:
        return self.hits / self.total if self.total else None


def read_page(page: Page, line_model: bool | Path = True, furniture: tuple[str, ...] = ()):
    """What the text stage makes of a raw file: (CleanedArticle, ArticleDate). With
    `line_model` False the cleaner uses its hand-written rules alone; a path names another
    model file (cross-validation, scripts/train_cleaner.py). `furniture` is the page's
    furniture evidence from an archive around it (text/furniture.py)."""
    return extract_article(
        page.raw.read_bytes(),
        page.raw.name,
        HtmlOptions(),
        line_model=line_model,
        furniture=furniture,
    )


def pages_furniture(pages: list[Page]) -> dict[str, tuple[str, ...]]:
    """Each page's furniture lines when the pages are one archive (built together)."""
    found = archive_furniture([page.raw.read_bytes() for page in pages])
    return {page.name: lines for page, lines in zip(pages, found, strict=True)}


def in_body(line: str, paragraphs: list[str], joined: str) -> bool:
    """True when a raw line survives in the cleaned body: as a paragraph, as the start or end
    of one (a hard-wrapped paragraph's lines), or, for a line long enough not to occur by
    chance, anywhere inside one."""
    line = norm(line)
    if not line:
        return True
    if len(line) >= 25:
        return f" {line} " in joined
    return any(p == line or p.startswith(line + " ") or p.endswith(" " + line) for p in paragraphs)


TEXT_TALLIES = (
    "body",
    "chrome",
    "other",
    "captions",
    "credits",
    "titles",
    "dates_found",
    "dates_wrong",
    "dates_invented",
)


def score_text(
    pages: list[Page], line_model: bool | Path = True, together: bool = False
) -> dict[str, Tally]:
    """Body, chrome, captions, credits, titles and dates of every page; `together` cleans each
    page with the furniture evidence of all the pages as one archive."""
    t = {k: Tally() for k in TEXT_TALLIES}
    evidence = pages_furniture(pages) if together else {}
    for page in pages:
        cleaned, when = read_page(page, line_model, evidence.get(page.name, ()))
        paragraphs = [norm(p) for p in cleaned.paragraphs]
        joined = " " + " \n ".join(paragraphs) + " "
        lines = page.gold["lines"]
        where = page.name
        for line in lines.get("body", []):
            t["body"].add(in_body(line, paragraphs, joined), f"{where}: lost {line[:90]!r}")
        for line in lines.get("chrome", []):
            kept = in_body(line, paragraphs, joined)
            t["chrome"].add(not kept, f"{where}: kept {line[:90]!r}")
        for kind in ("title", "dek", "byline", "date", "caption", "credit"):
            for line in lines.get(kind, []):
                kept = in_body(line, paragraphs, joined)
                t["other"].add(not kept, f"{where}: kept {kind} {line[:80]!r}")
        score_figures(page, cleaned, t)
        score_title(page, cleaned, t["titles"])
        score_date(page, when, t)
    return t


_CREDIT_LABEL = re.compile(
    r"^(?:photo(?:grapher)?|image(?: source)?|pic|picture|credit|photo credit)\s*[:,]\s*|^©\s*"
    r"|\s+photo$",
    re.I,
)


def credit_key(credit: str) -> str:
    """Compare credits without their label ("Photo:", "©") or brackets."""
    return _CREDIT_LABEL.sub("", norm(credit).strip("()[] ")).casefold()


def score_figures(page: Page, cleaned, t: dict[str, Tally]) -> None:
    found = {norm(f.caption): credit_key(f.credit) for f in cleaned.figures}
    credits = {credit_key(c) for c in cleaned.credits} | set(found.values())
    for figure in page.gold.get("figures", []):
        caption, credit = norm(figure["caption"]), credit_key(figure.get("credit", ""))
        t["captions"].add(caption in found, f"{page.name}: caption {caption[:70]!r}")
        if credit:
            ok = found.get(caption) == credit or credit in credits
            t["credits"].add(ok, f"{page.name}: credit {credit!r} (got {found.get(caption)!r})")


def score_title(page: Page, cleaned, tally: Tally) -> None:
    gold = page.gold.get("title")
    if gold:
        ok = not cleaned.title_generated and norm(cleaned.title) == norm(gold)
    else:
        ok = cleaned.title_generated
    tally.add(ok, f"{page.name}: title {cleaned.title[:70]!r}, gold {gold!r}")


def score_date(page: Page, when, t: dict[str, Tally]) -> None:
    gold = page.gold.get("date")
    value = when.value
    if gold:
        t["dates_found"].add(value == gold, f"{page.name}: {value!r} ({when.basis}), gold {gold}")
        if value and value != gold:
            t["dates_wrong"].add(False, f"{page.name}: {value!r} ({when.basis}) not {gold}")
    elif value:
        t["dates_invented"].add(False, f"{page.name}: invented {value!r} ({when.basis})")


# ---------------------------------------------------------------- archive fields


def build_half(pages: list[Page], workdir: Path, extra: dict | None = None) -> Path:
    """A real Pelican build of the pages (with `extra` settings); returns its output
    folder."""
    raw = workdir / "content" / "raw"
    raw.mkdir(parents=True)
    for page in pages:
        shutil.copy(page.raw, raw / f"{page.name}.txt")
    result = build_site(
        workdir / "content",
        workdir / "output",
        workdir / "cache",
        extra={"EXPLAINER_SEARCH": False, **(extra or {})},
        timeout=1800,
    )
    if result.returncode != 0:
        raise SystemExit(f"evaluate: the build failed:\n{result.log[-3000:]}")
    return result.output


def actor_key(name: str) -> str:
    name = name.casefold().replace(".", "").replace("’", "'").replace("-", " ")
    name = re.sub(r"^the ", "", name)
    return " ".join(name.split())


def score_archive(pages: list[Page], output: Path) -> dict[str, Tally]:
    """Actor recall, noise actor pages, quotes and topics from a built site."""
    articles = json.loads((output / "data" / "articles.json").read_text(encoding="utf-8"))
    actors = json.loads((output / "data" / "actors.json").read_text(encoding="utf-8"))
    by_source = {}
    for article in articles:
        for source in article.get("source_files") or [article["source_file"]]:
            by_source[Path(source).stem] = article
    keys = {a["slug"]: {actor_key(n) for n in [a["name"], *a.get("aliases", [])]} for a in actors}
    # Topic precision, recall and off-story topics are about the taxonomy's own topics;
    # discovered topics (issue 22) are measured apart (evaluate_discovery).
    topics = json.loads((output / "data" / "topics.json").read_text(encoding="utf-8"))
    discovered = {t["slug"] for t in topics if t.get("discovered")}
    t = {k: Tally() for k in ("actor_recall", "noise", "unexpected", "quotes", "quotes_wrong")}
    t.update({k: Tally() for k in ("topic_precision", "topic_recall", "offstory_topics")})
    gold_of: dict[str, set[str]] = {}  # article slug -> gold actor keys
    not_of: dict[str, set[str]] = {}
    for page in pages:
        article = by_source.get(page.name)
        if not article:
            continue
        gold_of[article["slug"]] = {actor_key(n) for n in page.gold.get("actors", [])}
        not_of[article["slug"]] = {actor_key(n) for n in page.gold.get("not_actors", [])}
        found = set().union(*(keys.get(s, set()) for s in article["actors"]))
        for name in page.gold.get("actors", []):
            t["actor_recall"].add(actor_key(name) in found, f"{page.name}: missed {name}")
        editor_topics = [s for s in article.get("topics", []) if s not in discovered]
        score_topics(page, {**article, "topics": editor_topics}, t)
    for actor in actors:
        names = keys[actor["slug"]]
        gold_hit = any(names & gold_of.get(s, set()) for s in actor["articles"])
        noise = not gold_hit and any(names & not_of.get(s, set()) for s in actor["articles"])
        t["noise"].add(not noise, f"noise actor {actor['name']!r}")
        t["unexpected"].add(gold_hit, f"not in gold: {actor['name']!r}")
    score_quotes(pages, by_source, actors, keys, t)
    t.update(score_quote_kinds(pages, by_source, predicted_quotes(output, actors)))
    return t


def evaluate_discovery(pages: list[Page], workdir: Path) -> dict:
    """Build the pages with an empty taxonomy (every topic discovered) and score the topics
    against the gold story labels: share of articles with a topic, stories of 3+ articles
    with one topic holding >= 80 % of them, purity (articles in their topic's majority
    story, over all article-topic pairs)."""
    empty = workdir / "empty-topics.toml"
    empty.write_text("# no editor topics: every topic is discovered\n", encoding="utf-8")
    (workdir / "discovered-topics.json").unlink(missing_ok=True)  # a cold discovery
    output = build_half(pages, workdir, extra={"EXPLAINER_TOPICS": str(empty)})
    articles = json.loads((output / "data" / "articles.json").read_text(encoding="utf-8"))
    found = json.loads((output / "data" / "topics.json").read_text(encoding="utf-8"))
    gold = {page.name: page.gold.get("story") for page in pages}
    story = {a["slug"]: gold.get(Path(a["source_file"]).stem) for a in articles}
    sizes: dict[str, int] = {}
    for label in story.values():
        sizes[label] = sizes.get(label, 0) + 1
    held = {label: 0 for label, n in sizes.items() if n >= 3}
    pure = pairs = 0
    topics = []
    for topic in found:
        labels = [story[key] for key in topic["articles"]]
        counts = {label: labels.count(label) for label in set(labels)}
        majority = max(counts.values()) if counts else 0
        pure, pairs = pure + majority, pairs + len(labels)
        for label, n in counts.items():
            if label in held:
                held[label] = max(held[label], n)
        top = sorted(counts.items(), key=lambda p: (-p[1], str(p[0])))
        topics.append((topic["name"], topic["slug"], len(labels), top))
    with_topic = sum(1 for a in articles if a["topics"])
    return {
        "articles": len(articles),
        "with_topic": with_topic / max(len(articles), 1),
        "stories": len(held),
        "stories_held": sum(1 for label, n in held.items() if n >= 0.8 * sizes[label]),
        "missed_stories": sorted(label for label, n in held.items() if n < 0.8 * sizes[label]),
        "purity": pure / pairs if pairs else 1.0,
        "topics": topics,
    }


def same_person(a: str, b: str) -> bool:
    """Two keys name one person when equal, or when one is the other with initials or first
    names in front ("k ram mohan naidu" and "ram mohan naidu")."""
    short, long = sorted((a, b), key=len)
    return a == b or (len(short.split()) >= 2 and long.endswith(" " + short))


def score_topics(page: Page, article: dict, t: dict[str, Tally]) -> None:
    gold, got = set(page.gold.get("topics", [])), set(article.get("topics", []))
    for topic in sorted(got):
        t["topic_precision"].add(topic in gold, f"{page.name}: extra topic {topic}")
    for topic in sorted(gold):
        t["topic_recall"].add(topic in got, f"{page.name}: missed topic {topic}")
    if page.gold.get("story") not in (GAZA_STORY, None):
        for topic in sorted(got):
            t["offstory_topics"].add(False, f"{page.name}: off-story topic {topic}")


def score_quotes(pages, by_source, actors, keys, t: dict[str, Tally]) -> None:
    said: dict[str, list[tuple[str, str]]] = {}  # article slug -> [(quote, actor slug)]
    for actor in actors:
        for quote in actor.get("quotes", []):
            said.setdefault(quote["article"], []).append((norm(quote["text"]), actor["slug"]))
    for page in pages:
        article = by_source.get(page.name)
        if not article:
            continue
        for quote in page.gold.get("quotes", []):
            if quote.get("kind", "direct") != "direct" or quote["speaker"] == "unnamed":
                continue  # this measure is the direct quotes of named speakers
            fragment = norm(quote["text"])
            speakers = {slug for text, slug in said.get(article["slug"], []) if fragment in text}
            gold = actor_key(quote["speaker"])
            right = {s for s in speakers if any(same_person(gold, k) for k in keys.get(s, ()))}
            t["quotes"].add(bool(right), f"{page.name}: unattributed {fragment[:50]!r}")
            if speakers - right:
                t["quotes_wrong"].add(False, f"{page.name}: {fragment[:50]!r} given to {speakers}")


# ---------------------------------------------------------------- quotes by kind (issue 25)

QUOTE_KINDS = ("direct", "mixed", "indirect")


@dataclass(frozen=True)
class SaidQuote:
    """One quote the build reports: its words, its speaker's name keys (empty for an unnamed
    source) and its kind."""

    text: str
    speaker: frozenset
    kind: str


def predicted_quotes(output: Path, actors: list[dict]) -> dict[str, list[SaidQuote]]:
    """Article slug -> the quotes the build attributes: data/quotes.json (every kind, unnamed
    sources too) when the build writes it, else the actors' direct quotes in actors.json."""
    names = {
        a["slug"]: frozenset(actor_key(n) for n in [a["name"], *a.get("aliases", [])])
        for a in actors
    }
    said: dict[str, list[SaidQuote]] = {}
    export = output / "data" / "quotes.json"
    if export.exists():
        for q in json.loads(export.read_text(encoding="utf-8")):
            speaker = names.get(q.get("speaker") or "", frozenset())
            quote = SaidQuote(norm(q["text"]), speaker, q.get("kind", "direct"))
            said.setdefault(q["article"], []).append(quote)
        return said
    for actor in actors:
        for q in actor.get("quotes", []):
            quote = SaidQuote(norm(q["text"]), names[actor["slug"]], q.get("kind", "direct"))
            said.setdefault(q["article"], []).append(quote)
    return said


def speaks_for(quote: SaidQuote, gold_speaker: str, others: frozenset = frozenset()) -> bool:
    """Whether a reported quote's speaker is the gold speaker ("unnamed" or a name);
    ``others``: the keys of every actor the page's gold names (see same_speaker)."""
    if gold_speaker == "unnamed":
        return not quote.speaker
    gold = actor_key(gold_speaker)
    return any(same_speaker(gold, k, others) for k in quote.speaker)


_LEGAL_FORMS = re.compile(
    r"\s+(?:corp|corporation|inc|incorporated|ltd|limited|plc|llc|co|ag|sa|nv|gmbh)$"
)
_NOT_INITIALS = {"of", "and", "the", "for", "de", "la", "du", "des", "on", "in"}


def same_speaker(gold: str, key: str, others: frozenset = frozenset()) -> bool:
    """Whether the actor key of a reported speaker names the gold speaker (keys as
    actor_key makes them): the same person (same_person); the same company without its
    legal form ("nvidia" for "nvidia corp"); the initials of the gold name ("who" for
    "world health organization", "ncm" for "national center of meteorology"); or the
    gold person's surname alone ("djokovic" for "novak djokovic") when no other actor the
    page names ends with that word ("biden" is not "hunter biden" on a page that names
    Joe Biden too)."""
    if same_person(gold, key):
        return True
    if _LEGAL_FORMS.sub("", gold) == _LEGAL_FORMS.sub("", key):
        return True
    words = gold.split()
    if len(words) >= 2 and len(key) >= 2 and " " not in key:
        if key == "".join(w[0] for w in words if w not in _NOT_INITIALS):
            return True
        if key == words[-1]:
            return not any(o != gold and o.split()[-1] == key for o in others)
    return False


def quote_tallies() -> dict[str, Tally]:
    keys = [
        f"quote_{side}_{kind}"
        for side in ("recall", "precision")
        for kind in (*QUOTE_KINDS, "direct_mixed")
    ]
    return {k: Tally() for k in keys + ["quote_wrong_speaker", "quote_unnamed_to_named"]}


def quotes_complete(page: Page) -> bool:
    """Whether a page's gold lists every quote of every kind: pages marked
    `quotes_complete`, and every page of the sealed half (its gold was written complete)."""
    return page.sealed or page.gold.get("quotes_complete") is True


def score_quote_kinds(pages, by_source, said: dict[str, list[SaidQuote]]) -> dict[str, Tally]:
    """Recall per gold kind, precision per reported kind, wrong speakers.

    A reported quote matches a gold quote when the gold fragment occurs in it; for
    precision also when its words occur in the gold fragment (the same words, cut shorter).
    Pages whose gold is not complete (quotes_complete) list only direct quotes: they count
    for recall as direct, never for precision.  The sealed half records no misses."""
    t = quote_tallies()
    for page in pages:
        article = by_source.get(page.name)
        if not article:
            continue
        show = not page.sealed
        complete = quotes_complete(page)
        reported = said.get(article["slug"], [])
        gold = [
            (norm(g["text"]), g["speaker"], g.get("kind", "direct") if complete else "direct")
            for g in page.gold.get("quotes", [])
        ]
        others = frozenset(
            actor_key(n)
            for n in [*page.gold.get("actors", []), *(g[1] for g in gold)]
            if n != "unnamed"
        )
        speakers_of: dict[str, set[str]] = {}
        for fragment, speaker, _kind in gold:
            speakers_of.setdefault(fragment, set()).add(speaker)
        for fragment, speaker, kind in gold:
            found = [q for q in reported if fragment in q.text]
            hit = any(speaks_for(q, speaker, others) for q in found)
            miss = f"{page.name}: {kind} of {speaker}: {fragment[:60]!r}" if show else ""
            t[f"quote_recall_{kind}"].add(hit, miss)
            if kind != "indirect":
                t["quote_recall_direct_mixed"].add(hit, miss)
            for q in found:
                if not q.speaker or any(speaks_for(q, s, others) for s in speakers_of[fragment]):
                    continue
                named = [s for s in speakers_of[fragment] if s != "unnamed"]
                key = "quote_wrong_speaker" if named else "quote_unnamed_to_named"
                t[key].add(
                    False,
                    f"{page.name}: {fragment[:50]!r} given to {sorted(q.speaker)}" if show else "",
                )
        if not complete:
            continue
        for q in reported:
            right = any(
                (fragment in q.text or q.text in fragment) and speaks_for(q, speaker, others)
                for fragment, speaker, _kind in gold
            )
            miss = f"{page.name}: {q.kind} {sorted(q.speaker) or 'unnamed'}: {q.text[:70]!r}"
            t[f"quote_precision_{q.kind}"].add(right, miss if show else "")
            if q.kind != "indirect":
                t["quote_precision_direct_mixed"].add(right, miss if show else "")
    return t


# --- leave-one-out: estimated dates (issue 13) ---------------------------------------------


def story_groups() -> dict[str, list[tuple[Path, str | None]]]:
    """Stories of 3+ pages in both halves (raw file, gold date), and the seeds as one story
    (their truth: the dates the reader finds stated, since the seeds have no gold file)."""
    stories: dict[str, list] = {}
    for half in ("dev", "sealed"):
        for page in load_half(half):
            stories.setdefault(page.gold["story"], []).append((page.raw, page.gold.get("date")))
    groups = {k: v for k, v in sorted(stories.items()) if len(v) >= 3}
    groups["seeds"] = [(path, None) for path in sorted((ROOT / "content" / "raw").glob("*.txt"))]
    return groups


def _archive_articles(raws):
    articles = []
    for index, path in enumerate(raws):
        cleaned, when = extract_article(path.read_bytes(), path.name, HtmlOptions())
        key = f"a{index:02d}"
        articles.append(
            ArchiveArticle(key, cleaned.title, when.value, when.basis, when.note, cleaned)
        )
    return articles


def leave_one_out(cache: Path | None = None) -> list[dict]:
    """Hide each dated article's date in turn and estimate it from the rest of its story."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="evaluate-estimates-") as tmp:
        config = archive_stage.ArchiveConfig(cache_path=cache or Path(tmp) / "cache.sqlite")
        for story, pages in story_groups().items():
            articles = _archive_articles([raw for raw, _ in pages])
            for i, (raw, gold) in enumerate(pages):
                truth = gold or (articles[i].date_value if story == "seeds" else None)
                if not truth or len(truth) != 10:
                    continue
                hidden = list(articles)
                hidden[i] = replace(articles[i], date_value=None, date_basis="unknown")
                found = archive_stage.build_archive(hidden, config).estimates.get(articles[i].key)
                rows.append({"story": story, "page": raw.stem, "truth": truth, "estimate": found})
    return rows


def print_misses(results: dict[str, dict]) -> None:
    """Every miss of the halves one may look at; the sealed half's are never printed."""
    for half, r in results.items():
        if half.startswith("sealed"):
            print(f"[{half}] misses not shown: the sealed half reports totals only")
            continue
        for key, tally in r["tallies"].items():
            for miss in tally.misses:
                print(f"[{half}] {key}: {miss}")
