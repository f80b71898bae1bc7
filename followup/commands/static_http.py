"""The one static HTTP server of the package: `serve`'s live preview and the built site served
to headless Chromium (`pdf`, `export`, the browser tests) both use it.

A threaded `http.server` on 127.0.0.1 with HTTP/1.1 keep-alive (one connection serves a page and
its resources), explicit content types for the site's files (CSV and SVG are not in every
platform's table), no request log unless `FOLLOWUP_DEBUG` is set, quiet about clients that hang
up, and a `Cache-Control` header so a rebuilt site is never shown stale from the browser's cache.
"""

from __future__ import annotations

import http.server
import os
from typing import Any


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the files of one folder (`directory=`); subclasses add routes and headers."""

    protocol_version = "HTTP/1.1"
    server_version = "followup"
    cache_control = "no-cache"

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".csv": "text/csv; charset=utf-8",
        ".svg": "image/svg+xml",
        ".js": "text/javascript",
        ".json": "application/json",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
    }

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        if os.environ.get("FOLLOWUP_DEBUG"):
            super().log_message(format, *args)

    def end_headers(self) -> None:
        self.send_header("Cache-Control", self.cache_control)
        super().end_headers()


class StaticServer(http.server.ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: Any, client_address: Any) -> None:  # pragma: no cover - client hang-ups
        if os.environ.get("FOLLOWUP_DEBUG"):
            super().handle_error(request, client_address)
