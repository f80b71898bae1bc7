"""Playwright (Python) can drive Debian's Chromium at /usr/bin/chromium.

No Playwright-managed browser is ever downloaded: the browser is launched via
executable_path. `make test` runs scripts/ensure-browser.sh first to install it.
"""

import os
import struct
from pathlib import Path
from urllib.parse import quote

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _require_chromium():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure-browser.sh")
        pytest.skip(f"{CHROMIUM} is missing: run scripts/ensure-browser.sh")


def test_playwright_screenshots_data_url_page_in_debian_chromium(tmp_path, browser):
    # The session's browser (tests/browser/conftest.py): one sync Playwright per process.
    _require_chromium()
    html = (
        "<!doctype html><html lang='sv'><meta charset='utf-8'>"
        "<body style='margin:0;background:#0a7'><h1 id='t'>Uppföljning 2025</h1></body></html>"
    )
    shot = tmp_path / "page.png"
    page = browser.new_page(viewport={"width": 320, "height": 200})
    try:
        page.goto("data:text/html;charset=utf-8," + quote(html))
        assert page.inner_text("#t") == "Uppföljning 2025"
        page.screenshot(path=str(shot))
    finally:
        page.close()

    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (320, 200)
