"""Helpers for the browser and link tests: serve a built site, launch Debian's Chromium,
find one page of each type, parse a page's links and ids."""

from __future__ import annotations

import contextlib
import functools
import http.server
import threading
from html.parser import HTMLParser
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
SCREENSHOT_DIR = Path(__file__).parent / "output" / "screenshots"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that does not log every request to stderr."""

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 on a free port; yields the base URL ("http://…/")."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright):
    """Debian's Chromium through Playwright (Playwright's own browser download is not used)."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


@contextlib.contextmanager
def recording_tab(browser):
    """One tab for a module's tests, which records instead of blocking: console and page
    errors in `tab.errors`, dialogs (dismissed) in `tab.dialogs`.  Each test opens its own
    URLs in it (new documents); a tab per test would start a renderer process, and compile
    axe-core again, for each.  Start every test with `fresh_tab`."""
    context = browser.new_context(viewport=VIEWPORTS["desktop"], device_scale_factor=1)
    tab = context.new_page()
    tab.errors, tab.dialogs = [], []

    def on_dialog(dialog):
        tab.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    tab.on("dialog", on_dialog)
    tab.on("console", lambda m: m.type == "error" and tab.errors.append(m.text))
    tab.on("pageerror", lambda e: tab.errors.append(str(e)))
    try:
        yield tab
    finally:
        context.close()


def fresh_tab(tab):
    """The recording tab at the desktop width in the light scheme, nothing recorded yet."""
    tab.set_viewport_size(VIEWPORTS["desktop"])
    tab.emulate_media(color_scheme="light")
    tab.errors.clear()
    tab.dialogs.clear()
    return tab


def first_page(site: Path, folder: str) -> str | None:
    """The URL path of the first page in `folder` (e.g. "actors"), not the folder index."""
    pages = sorted(p for p in (site / folder).glob("*/index.html"))
    if not pages:
        return None
    return pages[0].parent.relative_to(site).as_posix() + "/"


def page_types(site: Path) -> dict[str, str | None]:
    """One URL path (relative to the site root) for each page type; None when absent."""
    return {
        "home": "",
        "article": first_page(site, "articles"),
        "archives": "articles/",
        "actor": first_page(site, "actors"),
        "actors": "actors/",
        "topic": first_page(site, "topics"),
        "topics": "topics/",
        "chronology": "chronology/",
        "search": "search/",
        "404": "404.html",
    }


class PageParser(HTMLParser):
    """Collects the links (href/src), ids, headings and landmark tags of one HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (tag, url)
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attributes = {k: (v or "") for k, v in attrs}
        self.tags.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
            self.headings.append(int(tag[1]))
        for name in ("href", "src"):
            if name in attributes and tag in {"a", "link", "script", "img", "iframe", "source"}:
                self.links.append((tag, attributes[name]))


@functools.cache
def parse_page(path: Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser
