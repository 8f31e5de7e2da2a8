"""Pelican settings for the explainer archive (development build: `pelican content`)."""

AUTHOR = "Explainer Archive"
SITENAME = "The Gaza war explained"
SITEURL = ""
EXPLAINER_SITE_DESCRIPTION = (
    "Reporting on the Israel–Gaza war, the ceasefire and hostage talks, cleaned and "
    "cross-linked by who acted, what it was about and when it happened."
)

PATH = "content"
# Raw scraped articles go here, one .txt file each (see README, "Adding articles").
ARTICLE_PATHS = ["raw"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
OUTPUT_PATH = "output"

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"

THEME = "theme"
# Scraped text is never trusted as markup: every template value is escaped unless a
# template marks it safe (only the sanitised article body is).
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
PLUGINS = ["explainer_archive"]

ARTICLE_URL = "articles/{slug}/"
ARTICLE_SAVE_AS = "articles/{slug}/index.html"
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
DIRECT_TEMPLATES = ["index", "archives", "search", "404"]
ARCHIVES_URL = "articles/"
ARCHIVES_SAVE_AS = "articles/index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = "search/index.html"
INDEX_SAVE_AS = "index.html"
# Pelican's own taxonomy pages are replaced by actors and topics.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = False
# Long listings (an actor's or topic's articles, a month of the chronology, the archive)
# are split into pages: page 1 at the listing's own URL, then …/page/2/ and so on.
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)

# Pelican's feeds are replaced by the plugin's own (dated articles only, per actor/topic).
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
EXPLAINER_FEEDS = False

RELATIVE_URLS = True

# Reuse what was read and annotated before: a rebuild only reads and annotates new files.
CACHE_PATH = "cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
