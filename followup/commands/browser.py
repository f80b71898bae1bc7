"""Headless Chromium support shared by the PDF and export stages and the browser tests.

Debian's Chromium at /usr/bin/chromium is driven through Playwright's Python package
(`executable_path`); Playwright never downloads a browser of its own. A built site is
served from 127.0.0.1 on a free port by the package's static server (static_http.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from followup.commands.static_http import StaticHandler, StaticServer
from followup.errors import FollowupError
from followup.i18n import _

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


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1:<free port>; yields the base URL ending in '/'."""
    handler = functools.partial(StaticHandler, directory=str(directory))
    server = StaticServer(("127.0.0.1", 0), handler)
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
        message = _("{browser} saknas: installera Debians Chromium med scripts/ensure-browser.sh (apt-get install chromium)")
        raise BrowserMissing(message.format(browser=CHROMIUM))
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
