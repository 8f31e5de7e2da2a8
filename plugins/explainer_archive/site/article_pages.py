"""Skip rendering Pelican's article pages whose inputs have not changed.

Pelican renders every article page on every build.  The plugin gives Pelican a writer
(the `get_writer` signal) that first computes a *page key* per article page: a digest of
what the page is made from, and renders the page only when its key differs from the one
kept from the last finished build (or the file is gone).  The key holds:

- the build-wide part: the settings, every template's source, the plugin's code, and the
  value of each context name the article template (with what it extends, imports and
  includes) reads, except the names the page part covers;
- the page part: the page's name, the article's own attributes, and what the page shows
  of the archive by key: its actor and topic pages (of each topic, whether it is discovered
  and the match that puts the article on it: the phrases the page lists), and for each of
  its events the event
  (without its every source and mention), its URL, its first sources and their count, its
  first mentions with their articles, its first quotes with their speakers' pages, and its
  actors' and topics' pages; and each of the article's quotes with its speaker's page.

A context value that is not plain data (a list of Pelican objects such as `articles`, read
by a theme's sidebar for instance) cannot be digested cheaply: a template that reads one is
always rendered, and so is a page whose article holds data JSON cannot hold.  A skipped page
sends no `content_written` signal (it was not written).  The kept keys are dropped before
the first page is rendered and written again when the build has finished, so a build killed
half-way leaves no key vouching for a page it did not finish (the next build renders every
page once).

When nothing the pages are made from has changed since the last finished build (its *inputs
key*, site/unchanged.py: the articles as read, the archive's state key, the settings and the
templates; with the build-wide part of the template, which holds the plugin's code and the
other context values the template reads), the page keys kept are this build's keys too, so
they are not computed again: a page is then left as it is when its kept key and its file
are there.  The kept keys hold this fingerprint per template (`inputs`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from jinja2 import TemplateNotFound, meta
from pelican.urlwrappers import URLWrapper
from pelican.writers import Writer

from ..fingerprints import fingerprint
from .compiled import SYNTAX
from .output import atomic_write_bytes, manifest_path
from .shown import SOURCES_SHOWN
from .unchanged import inputs_key, key_json, plain, settings_digest, templates_fingerprint

KEYS_KEY = "_EXPLAINER_PAGE_KEYS"  # per-run state in the settings, removed at the end
KEYS_VERSION = 1
MENTIONS_SHOWN = 5  # macros.event_basis shows this many mentions of an event
# An event's lists that grow with the archive (a page shows a part of each).
EVENT_LISTS = ("sources", "mentions", "actors", "topics")
# Context names the page part of the key covers: the page's own variables, and the lookups
# by key through which the theme reaches the archive (site/generators.py).
PAGE_NAMES = frozenset(
    {
        "article",
        "category",
        "url",
        "blog",
        "output_file",
        "localsiteurl",
        "SITEURL",
        "article_by_slug",
        "actor_by_slug",
        "topic_by_slug",
        "event_urls",
        "event_sources_shown",
        "event_quotes",
    }
)
# Attributes of an article that are not its data (Pelican's own plumbing, or the full
# lists the page part replaces by what the page shows).
SKIPPED_ATTRIBUTES = frozenset({"_context", "settings", "events", "explainer", "quotes"})


def keys_path(manifest: Path) -> Path:
    """Where the page keys of the last finished build of an output folder are kept."""
    return Path(manifest).with_suffix(".pages.json")


class NotPlain(TypeError):
    """A value that is not plain data (JSON, URL wrappers, paths, dates)."""


def strict_plain(value):
    """key_json's default for a build-wide value: URL wrappers by name and URL, dates and
    paths as text; anything else is not plain (NotPlain)."""
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.url]
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if hasattr(value, "isoformat") or isinstance(value, Path):
        return str(value)
    raise NotPlain(type(value).__name__)


def loose_plain(value):
    """key_json's default for an article's own data: URL wrappers and other pages by class,
    name or title, and URL; the rest as unchanged.plain does."""
    if isinstance(value, URLWrapper):
        return [type(value).__name__, value.name, value.url]
    if hasattr(value, "url") and hasattr(value, "title"):  # another article or page
        return [type(value).__name__, value.title, value.url]
    return plain(value)


def template_facts(env, name: str, memo: dict | None = None) -> tuple | None:
    """(the templates it references, None among them when one is named by an expression;
    the context names it reads) of one template, or None when no loader has it.  `memo`
    keeps them by name for the rest of a build: parsing the theme is not free."""
    memo = {} if memo is None else memo
    if name not in memo:
        try:
            source, _, _ = env.loader.get_source(env, name)
        except TemplateNotFound:
            memo[name] = None
        else:
            memo[name] = source_facts(env, source)
    return memo[name]


SOURCE_FACTS_KEPT = 4096
_SOURCE_FACTS: dict[tuple, tuple] = {}


def source_facts(env, source: str) -> tuple:
    """template_facts of a template's source: a pure function of the source and the syntax,
    kept for the life of the process (Jinja's analysis of the theme takes about 0.2 s, and a
    process that builds again, as `pelican --autoreload` does, meets the same sources)."""
    key = (source, tuple(getattr(env, name) for name in SYNTAX), tuple(sorted(env.extensions)))
    facts = _SOURCE_FACTS.get(key)
    if facts is None:
        tree = env.parse(source)
        facts = (
            tuple(meta.find_referenced_templates(tree)),
            frozenset(meta.find_undeclared_variables(tree)),
        )
        if len(_SOURCE_FACTS) < SOURCE_FACTS_KEPT:
            _SOURCE_FACTS[key] = facts
    return facts


def template_names(env, name: str, memo: dict | None = None) -> list[str] | None:
    """The template and every template it extends, imports or includes; None when one of
    them is named by an expression (then what the page reads cannot be known).  A name no
    loader has is left out: a conditional include that never runs (the theme's message that
    it needs the plugin) reads nothing."""
    memo = {} if memo is None else memo
    found, todo = [], [name]
    while todo:
        current = todo.pop()
        if current in found:
            continue
        facts = template_facts(env, current, memo)
        if facts is None:
            continue
        found.append(current)
        for referenced in facts[0]:
            if referenced is None:
                return None
            todo.append(referenced)
    return sorted(found)


def names_read(env, name: str, memo: dict | None = None) -> set[str] | None:
    """The context names the template tree reads (None: not known, see template_names)."""
    memo = {} if memo is None else memo
    names = template_names(env, name, memo)
    if names is None:
        return None
    read: set[str] = set()
    for current in names:
        read |= template_facts(env, current, memo)[1]
    return read


def quote_view(quote: dict, actors: dict) -> list:
    """A quote as a page shows it: the quote and its speaker's page (none: unnamed)."""
    speaker = actors.get(quote.get("speaker")) if quote.get("speaker") else None
    return [quote, loose_plain(speaker) if speaker is not None else None]


def event_view(event: dict, context: dict) -> dict:
    """What an article page shows of one of its events, by key (macros.event_item)."""
    shown = (context.get("event_sources_shown") or {}).get(event.get("id")) or {}
    articles = context.get("article_by_slug") or {}
    actors = context.get("actor_by_slug") or {}
    quotes = (context.get("event_quotes") or {}).get(event.get("id")) or []
    topics = context.get("topic_by_slug") or {}
    mentions = event.get("mentions") or []
    first = []
    for mention in mentions[:MENTIONS_SHOWN]:
        source = articles.get(mention.get("article"))
        first.append([mention, [source.title, source.url] if source is not None else None])
    return {
        "event": {k: v for k, v in event.items() if k not in ("sources", "mentions")},
        "url": (context.get("event_urls") or {}).get(event.get("id")),
        "sources": [[a.title, a.url] for a in shown.get("articles", [])[:SOURCES_SHOWN]],
        "source_count": shown.get("count", 0),
        "mentions": first,
        "mention_count": len(mentions),
        "actors": [loose_plain(actors[s]) for s in event.get("actors", []) if s in actors],
        "topics": [loose_plain(topics[s]) for s in event.get("topics", []) if s in topics],
        "quotes": [quote_view(q, actors) for q in quotes],
    }


def short_event_view(event: dict, context: dict, shown_sources: int = 3) -> list:
    """What a page shows of an event in short (macros.event_item with full=False): the
    event without its lists, its URL, its first sources, and whether it has one source,
    several, or more than those shown (the short form gives no count)."""
    shown = (context.get("event_sources_shown") or {}).get(event.get("id")) or {}
    count = shown.get("count", 0)
    return [
        {k: v for k, v in event.items() if k not in EVENT_LISTS},
        (context.get("event_urls") or {}).get(event.get("id")),
        [[a.title, a.url] for a in shown.get("articles", [])[:shown_sources]],
        [count > 0, count > 1, count > shown_sources],
    ]


def topic_view(topic, article_slug: str) -> list:
    """What an article page shows of one of its topic pages besides its name and URL: the
    discovered flag and the article's match (its phrases, the "Why these topics" list)."""
    data = getattr(topic, "data", None) or {}
    return [
        getattr(topic, "slug", None),
        data.get("discovered"),
        (data.get("matches") or {}).get(article_slug),
    ]


def article_part(article, context: dict) -> str:
    """The page part of an article page's key (see the module docstring)."""
    data = {
        name: value
        for name, value in sorted(vars(article).items())
        if name not in SKIPPED_ATTRIBUTES and not callable(value)
    }
    data["url"], data["save_as"] = article.url, article.save_as
    data["events"] = [short_event_view(event, context) for event in getattr(article, "events", [])]
    data["topic_matches"] = [
        topic_view(topic, article.slug) for topic in getattr(article, "topic_pages", [])
    ]
    data["explainer"] = getattr(article, "explainer", None)
    actors = context.get("actor_by_slug") or {}
    data["quotes"] = [quote_view(q, actors) for q in getattr(article, "quotes", [])]
    return key_json(data, default=loose_plain)


def page_key(build: str | None, name: str, part: str) -> str | None:
    """A page's key from the build-wide part of its template and its page part."""
    return None if build is None else fingerprint(build, name, part)


class PageKeys:
    """The page keys of this build and of the last finished one, for one output folder."""

    def __init__(self, settings: dict, output: Path, code: str):
        self.path = keys_path(manifest_path(Path(settings["EXPLAINER_CACHE_DIR"]), output))
        self.settings = settings
        self.settings_digest = settings_digest(settings)
        self.code = code
        self.kept, self.kept_inputs = self.load()
        self.keys: dict[str, str] = {}
        # Per template: the fingerprint of this build's inputs key and its build part, when
        # the template's pages have keys (kept as `inputs`, see the module docstring).
        self.inputs: dict[str, str] = {}
        self.archive_key: str | None = None  # the archive's state key (site/generators.py)
        self.inputs_keys: dict[str, str | None] = {}  # inputs_key, by templates fingerprint
        self.rendered = 0
        self.skipped = 0
        self.forgotten = False
        self.build_parts: dict[str, str | None] = {}
        self.parsed: dict[str, tuple | None] = {}  # template_facts, by template name
        self.templates: str | None = None

    def load(self) -> tuple[dict[str, str], dict[str, str]]:
        """The kept page keys and the kept inputs fingerprint of each template."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}, {}
        if not isinstance(data, dict) or data.get("version") != KEYS_VERSION:
            return {}, {}
        keys, inputs = data.get("keys"), data.get("inputs")
        return (
            dict(keys) if isinstance(keys, dict) else {},
            dict(inputs) if isinstance(inputs, dict) else {},
        )

    def inputs_key(self, context: dict, env) -> str | None:
        """This build's inputs key (site/unchanged.py), once per build for the same
        templates; None without an archive state key."""
        templates = templates_fingerprint(env)
        if templates not in self.inputs_keys:
            self.inputs_keys[templates] = inputs_key(context, self.settings, env, self.archive_key)
        return self.inputs_keys[templates]

    def inputs_fingerprint(self, env, template_name: str, context: dict) -> str | None:
        """The fingerprint of this build's inputs key and the template's build part, or
        None when either is missing (then every page of it has its own key computed)."""
        if template_name not in self.inputs:
            build = self.build_part(env, template_name, context)
            inputs = None if build is None else self.inputs_key(context, env)
            self.inputs[template_name] = None if inputs is None else fingerprint(inputs, build)
        return self.inputs[template_name]

    def build_part(
        self, env, template_name: str, context: dict, page_names=PAGE_NAMES
    ) -> str | None:
        """The build-wide part of the key for pages of this template, once per build; None
        when the template reads something that is not plain data.  `page_names`: the
        names the page part covers (left out here)."""
        if template_name not in self.build_parts:
            self.build_parts[template_name] = self.compute_build_part(
                env, template_name, context, page_names
            )
        return self.build_parts[template_name]

    def compute_build_part(
        self, env, template_name: str, context: dict, page_names=PAGE_NAMES
    ) -> str | None:
        read = names_read(env, template_name, self.parsed)
        if read is None:
            return None
        digest = hashlib.sha256(
            f"explainer-pages-{KEYS_VERSION}\0{self.code}\0{self.settings_digest}\0".encode()
        )
        if self.templates is None:  # every template's source: once a build
            self.templates = templates_fingerprint(env)
        digest.update(self.templates.encode() + b"\0" + template_name.encode() + b"\0")
        for name in sorted(read - page_names):
            try:
                text = key_json(context.get(name), default=strict_plain)
            except (NotPlain, ValueError):
                return None
            digest.update(f"{name}={text}\0".encode())
        return digest.hexdigest()

    def key(self, env, template, name: str, context: dict, article) -> str | None:
        build = self.build_part(env, template.name, context)
        if build is None:
            return None
        try:
            part = article_part(article, context)
        except (TypeError, ValueError):  # data JSON cannot order or hold: always render
            return None
        return page_key(build, name, part)

    def reused(self, env, template_name: str, context: dict, name: str, output: Path) -> bool:
        """True when the page is left as it is without computing its key: the inputs
        fingerprint of its template is the one kept, and so are its key and its file."""
        inputs = self.inputs_fingerprint(env, template_name, context)
        if inputs is None or self.kept_inputs.get(template_name) != inputs:
            return False
        kept = self.kept.get(name)
        if kept is None or not (output / name).is_file():
            return False
        self.keys[name] = kept
        return True

    def unchanged(self, name: str, key: str | None, output: Path) -> bool:
        return key is not None and self.kept.get(name) == key and (output / name).is_file()

    def keep(self, names) -> None:
        """Keep the kept keys of pages this build leaves as they are (not rendered)."""
        for name in names:
            if name in self.kept:
                self.keys[name] = self.kept[name]

    def forget(self) -> None:
        """Drop the kept keys before the first page is rendered (see the module docstring)."""
        if not self.forgotten:
            self.forgotten = True
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()

    def save(self) -> None:
        """Keep this build's keys (after every page has been written)."""
        inputs = {name: value for name, value in self.inputs.items() if value is not None}
        if not self.forgotten and self.keys == self.kept and inputs == self.kept_inputs:
            return
        data = {
            "version": KEYS_VERSION,
            "keys": dict(sorted(self.keys.items())),
            "inputs": dict(sorted(inputs.items())),
        }
        text = json.dumps(data, indent=0)
        atomic_write_bytes(self.path, text.encode("utf-8") + b"\n")


def keys_of(settings: dict, output: Path, code: str) -> PageKeys:
    """This run's page keys (made on first use)."""
    if KEYS_KEY not in settings:
        settings[KEYS_KEY] = PageKeys(settings, output, code)
    return settings[KEYS_KEY]


def finish_keys(settings: dict) -> PageKeys | None:
    """Save this run's page keys and forget them (at the end of the build)."""
    keys = settings.pop(KEYS_KEY, None)
    if keys is not None:
        keys.save()
    return keys


class SkippingWriter(Writer):
    """Pelican's writer, but an article page whose key is unchanged is not rendered."""

    code = ""  # the plugin's code fingerprint, set by the plugin when it offers the class

    def write_file(self, name, template, context, *args, **kwargs):
        article = kwargs.get("article")
        paginated = kwargs.get("paginated") or (args[1] if len(args) > 1 else None)
        if article is None or paginated or not name or "EXPLAINER_CACHE_DIR" not in self.settings:
            return super().write_file(name, template, context, *args, **kwargs)
        output = Path(self.output_path)
        keys = keys_of(self.settings, output, self.code)
        env = template.environment
        if keys.reused(env, template.name, context, name, output):
            keys.skipped += 1
            return None
        key = keys.key(env, template, name, context, article)
        if keys.unchanged(name, key, output):
            keys.keys[name] = key
            keys.skipped += 1
            return None
        keys.forget()
        result = super().write_file(name, template, context, *args, **kwargs)
        keys.rendered += 1
        if key is not None:
            keys.keys[name] = key
        return result
