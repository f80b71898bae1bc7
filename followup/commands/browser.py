"""Headless Chromium support shared by the PDF and export stages and the browser tests.

Debian's Chromium at /usr/bin/chromium is driven through Playwright's Python package
(`executable_path`); Playwright never downloads a browser of its own. A built site is
served from 127.0.0.1 by a threaded static HTTP server on a free port.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from followup.errors import FollowupError

CHROMIUM = Path(os.environ.get("FOLLOWUP_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

# Playwright must never fetch a browser; we always pass executable_path.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")


class BrowserMissing(FollowupError):
    """Chromium is not installed where we expect it."""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler without request logging; .csv and .svg with explicit types."""

    protocol_version = "HTTP/1.1"  # keep-alive: one connection serves a page and its resources

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".csv": "text/csv; charset=utf-8",
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass

    def end_headers(self) -> None:
        # The site must never be served stale from the browser's cache between rebuilds.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:  # pragma: no cover - client hang-ups
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1:<free port>; yields the base URL ending in '/'."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def require_chromium() -> Path:
    if not CHROMIUM.exists():
        raise BrowserMissing(
            f"{CHROMIUM} is missing: install Debian's Chromium with scripts/ensure-browser.sh (apt-get install chromium)"
        )
    return CHROMIUM


@contextlib.contextmanager
def launch_chromium() -> Iterator[object]:
    """Yield a Playwright Browser for Debian's Chromium (headless)."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def is_local_url(url: str, base_url: str) -> bool:
    """True for requests that stay inside the served site (or need no network at all)."""
    if url.startswith(("data:", "blob:", "about:")):
        return True
    return url.startswith(base_url)
