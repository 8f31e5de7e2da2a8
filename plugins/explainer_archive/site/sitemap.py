"""sitemap.xml: every page of the site, one <url> each, sorted and deterministic."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from .export import write_text

HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def absolute_url(site_url: str, url: str) -> str:
    """The page's URL: absolute under SITEURL when SITEURL is absolute, else root-relative.

    `index.html` stands for its folder, so `articles/index.html` → `…/articles/`.
    """
    path = url.strip()
    if path.startswith(("http://", "https://")):
        return path
    path = path.lstrip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    base = (site_url or "").rstrip("/")
    return f"{base}/{path}" if base else f"/{path}"


def sitemap_xml(settings: dict, urls: list[str]) -> str:
    """The sitemap document: duplicates removed, URLs sorted."""
    site_url = settings.get("SITEURL", "") or ""
    entries = sorted({absolute_url(site_url, url) for url in urls if url is not None})
    lines = [HEADER.rstrip("\n"), f'<urlset xmlns="{NAMESPACE}">']
    lines += [f"  <url><loc>{escape(loc)}</loc></url>" for loc in entries]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def write_sitemap(output: Path, settings: dict, urls: list[str]) -> None:
    """Write sitemap.xml at the root of the output folder (atomically)."""
    write_text(Path(output) / "sitemap.xml", sitemap_xml(settings, urls))
