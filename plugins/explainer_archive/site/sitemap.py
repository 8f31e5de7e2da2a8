"""sitemap.xml: every page of the site, one <url> each, sorted and deterministic.

The sitemap protocol wants absolute URLs, so a sitemap is written only when SITEURL is an
absolute http(s) URL (the publish build); otherwise none, and one note says why.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

from .output import write_text
from .report import log_note

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def has_absolute_site_url(settings: dict) -> bool:
    """True when SITEURL is an absolute http(s) URL with a host."""
    return re.match(r"https?://[^/\s]+", settings.get("SITEURL") or "") is not None


def absolute_url(site_url: str, url: str) -> str:
    """The page's absolute URL under SITEURL; `index.html` stands for its folder, so
    `articles/index.html` → `…/articles/`."""
    path = url.strip()
    if path.startswith(("http://", "https://")):
        return path
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return f"{site_url.rstrip('/')}/{path}"


def page_urls(settings: dict, urls: list[str | None]) -> list[str]:
    """The URLs worth listing: the search page only when it is built."""
    search = settings.get("SEARCH_URL")
    with_search = "search" in settings.get("DIRECT_TEMPLATES", [])
    return [u for u in urls if u is not None and (with_search or u != search)]


def sitemap_xml(settings: dict, urls: list[str]) -> str:
    """The sitemap document: duplicates removed, URLs sorted (SITEURL must be absolute)."""
    site_url = settings["SITEURL"]
    entries = sorted({absolute_url(site_url, url) for url in page_urls(settings, urls)})
    lines = [HEADER.rstrip("\n"), f'<urlset xmlns="{NAMESPACE}">']
    lines += [f"  <url><loc>{escape(loc)}</loc></url>" for loc in entries]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(output: Path, settings: dict, urls: list[str]) -> None:
    """Write sitemap.xml at the root of the output folder, or, without an absolute
    SITEURL, remove a stale one and note that none was written."""
    target = Path(output) / "sitemap.xml"
    if not has_absolute_site_url(settings):
        target.unlink(missing_ok=True)
        log_note("explainer: no sitemap.xml written: it needs absolute URLs, so set SITEURL")
        return
    write_text(target, sitemap_xml(settings, urls))
