"""`python build.py serve`: a live preview of the site on http://127.0.0.1:<port>/.

* Builds the site with `followup.build.publish.build_site` into a preview folder (a temporary folder,
  never `site/`) and serves it with the package's static server (static_http.py).
* Watches `data/`, `content/`, `templates/` and `mkdocs.yml` with watchdog (the operating
  system's change notifications: inotify, FSEvents, ReadDirectoryChangesW), which sees saves
  by renaming too. After a change, and a short quiet period so a burst of saves gives one
  build, it rebuilds. `--poll-interval` polls instead, for folders whose changes the system does
  not report (some network drives and mounted folders).
* The browser reloads by itself: every HTML page served gets a small script,
  `/__preview__/reload.js`, that polls `/__preview__/status` and reloads when a build finished.
  The script and its stylesheet are separate files served by the preview, so the site's
  Content-Security-Policy (`default-src 'self'`, no inline script or style) holds. Nothing of it is
  in the built files: it is injected into the HTML responses by this server only.
* A validation error never stops the server. Its problems are printed in the terminal and shown in
  a banner at the top of every page (`path:line:col: message`), over the last good version of
  the site, until the data is fixed; before the first good build every page is an error page
  with the same banner.

Exit with Ctrl-C; the preview folder is removed.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from followup.build.publish import build_site
from followup.commands.static_http import StaticHandler, StaticServer
from followup.console import report_problems, seconds_text
from followup.errors import DataErrors, format_text
from followup.i18n import _, language, ngettext

WATCHED = ("data", "content", "templates", "mkdocs.yml")
IGNORED_PARTS = {"__pycache__", ".git", ".cache", "node_modules"}
IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".pyc")
PREVIEW_PREFIX = "/__preview__/"
QUIET_PERIOD = 0.3  # seconds without a change before a rebuild starts
MAX_SHOWN_PROBLEMS = 20

RELOAD_JS = """\
// Live preview (python build.py serve): reload the page when a new build has finished.
(function () {
  "use strict";
  var current = null;
  function check() {
    fetch("/__preview__/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (current === null) { current = s.generation; }
        else if (s.generation !== current) { window.location.reload(); return; }
        setTimeout(check, 700);
      })
      .catch(function () { setTimeout(check, 2000); });
  }
  check();
})();
"""

PREVIEW_CSS = """\
/* Live preview (python build.py serve): the banner that shows validation errors. */
.preview-banner {
  position: sticky; top: 0; z-index: 1000; margin: 0; padding: 0.75rem 1rem;
  background: #fff0f0; color: #5c0000; border-bottom: 4px solid #b00020;
  font: 1rem/1.4 system-ui, sans-serif; max-height: 50vh; overflow: auto;
}
.preview-banner h2 { margin: 0 0 0.25rem; font-size: 1.1rem; color: #5c0000; }
.preview-banner p { margin: 0.25rem 0; }
.preview-banner ol { margin: 0.25rem 0 0; padding-left: 1.5rem; }
.preview-banner code { font: 0.95rem/1.4 ui-monospace, monospace; white-space: pre-wrap; word-break: break-word; }
.preview-banner .preview-where { font-weight: bold; }
.preview-banner--building { background: #f0f4ff; color: #00205c; border-bottom-color: #2040a0; }
.preview-banner--building h2 { color: #00205c; }
.preview-page { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; font: 1rem/1.5 system-ui, sans-serif; }
"""


# --- state -------------------------------------------------------------------------------------


@dataclass
class PreviewState:
    """What the server knows about the latest build (shared between threads)."""

    generation: int = 0  # increases after every finished build, good or bad
    has_site: bool = False  # a good build exists
    building: bool = False
    problems: list[Any] = field(default_factory=list)  # errors of the latest build (Problem)
    failure: str | None = None  # a non-data failure (MkDocs, template) of the latest build
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "generation": self.generation,
                "has_site": self.has_site,
                "building": self.building,
                "errors": [_problem_text(p) for p in self.problems],
                "failure": self.failure,
            }


def _problem_text(p: Any) -> str:

    return format_text(p)


# --- watching ----------------------------------------------------------------------------------

# Changes only: reading a file (as the build does) gives opened/closed-without-writing events.
_CHANGES: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileDeletedEvent,
    FileMovedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


def is_watched(rel: str, watched: tuple[str, ...] = WATCHED) -> bool:
    """Whether a change to `rel` (project-relative, '/'-separated) calls for a rebuild."""
    parts = rel.split("/")
    if not parts or parts[0] not in watched:
        return False
    if any(part in IGNORED_PARTS or part.startswith(".") for part in parts):
        return False
    return not parts[-1].endswith(IGNORED_SUFFIXES)


class Watcher(FileSystemEventHandler):
    """Collects the changed files under the watched folders (from watchdog's threads).

    The project folder itself is watched without its subfolders (for mkdocs.yml, and for a
    watched folder created later); each watched folder with all of its own.
    """

    def __init__(self, root: Path, *, poll_interval: float | None = None, watched: tuple[str, ...] = WATCHED):
        self.root = Path(root).resolve()
        self.watched = watched
        self.changed: set[str] = set()
        self.last_change = 0.0
        self.event = threading.Event()
        self._lock = threading.Lock()
        self._observer: BaseObserver = PollingObserver(timeout=poll_interval) if poll_interval else Observer()
        self._scheduled: set[str] = set()

    def start(self) -> None:
        self._observer.schedule(self, str(self.root), recursive=False, event_filter=_CHANGES)
        for name in self.watched:
            self._watch_folder(name)
        self._observer.start()

    def stop(self) -> None:
        self._observer.stop()
        if self._observer.is_alive():
            self._observer.join(timeout=10)

    def _watch_folder(self, name: str) -> None:
        folder = self.root / name
        if name in self._scheduled or not folder.is_dir():
            return
        try:
            self._observer.schedule(self, str(folder), recursive=True, event_filter=_CHANGES)
        except OSError:  # gone again, or out of inotify watches: the next change tries again
            return
        self._scheduled.add(name)

    def _relative(self, path: str | bytes) -> str | None:
        text = os.fsdecode(path)
        try:
            return Path(text).resolve().relative_to(self.root).as_posix()
        except (ValueError, OSError, RuntimeError):
            return None

    def on_any_event(self, event: FileSystemEvent) -> None:
        paths = [event.src_path] + ([event.dest_path] if event.dest_path else [])
        hits = [rel for rel in map(self._relative, paths) if rel is not None and is_watched(rel, self.watched)]
        if not hits:
            return
        if event.is_directory and event.event_type in ("created", "moved"):
            for rel in hits:
                if "/" not in rel:  # a watched folder made after the start
                    self._watch_folder(rel)
        with self._lock:
            self.changed.update(hits)
            self.last_change = time.monotonic()
        self.event.set()

    def take(self) -> list[str]:
        """The changed files since the last call, sorted; and reset."""
        with self._lock:
            changes, self.changed = sorted(self.changed), set()
            self.event.clear()
        return changes

    def quiet_for(self) -> float:
        with self._lock:
            return time.monotonic() - self.last_change


# --- building ------------------------------------------------------------------------------------


class Previewer:
    """Builds into the preview folder whenever the watched files change."""

    def __init__(
        self,
        root: Path,
        preview_dir: Path,
        *,
        out: TextIO | None = None,
        poll_interval: float | None = None,
        build: Callable[..., Any] | None = None,
    ):
        self.root = Path(root).resolve()
        self.preview_dir = Path(preview_dir)
        self.site_dir = self.preview_dir / "site"
        self.out = out or sys.stderr
        self.poll_interval = poll_interval
        self.state = PreviewState()
        self._build = build
        self._stop = threading.Event()
        self._dirty = threading.Event()
        self._thread: threading.Thread | None = None

    # -- output --
    def say(self, text: str) -> None:
        self.out.write(text + "\n")
        self.out.flush()

    # -- one build --
    def build_once(self, reason: str | None = None) -> bool:

        if self._build is None:
            self._build = build_site
        with self.state.lock:
            self.state.building = True
        started = time.monotonic()
        if reason:
            self.say(_("Ändrat: {reason}. Bygger om …").format(reason=reason))
        ok = False
        problems: list[Any] = []
        failure = None
        warnings = 0
        pages = 0
        built = False
        while True:
            try:
                # The preview shows every report, drafts too (each page of a draft says so).
                result = self._build(self.root, site_dir=self.site_dir, everything=True)
                built = True
                pages = getattr(result, "pages", 0)
                warnings = len(getattr(result, "problems", []) or [])
                kept = getattr(result, "kept_back", []) or []
                problems = [p for k in kept for p in k.problems]
                ok = not problems
            except DataErrors as exc:
                problems = [p for p in exc.problems if p.severity == "error"] or list(exc.problems)
                warnings = len(exc.problems) - len(problems)
            except Exception as exc:  # noqa: BLE001 - never stop the server
                if type(exc).__name__ == "BuildLocked" and not self._stop.is_set():
                    time.sleep(1.0)  # a `build` is running in the same project; try again
                    continue
                failure = f"{type(exc).__name__}: {exc}"
                if os.environ.get("FOLLOWUP_DEBUG"):
                    traceback.print_exc(file=self.out)
            break
        seconds = time.monotonic() - started
        with self.state.lock:
            self.state.building = False
            self.state.problems = problems
            self.state.failure = failure
            if built:  # with reports kept back, the other reports were updated
                self.state.has_site = True
            self.state.generation += 1

        if ok:
            self.say(
                _("Klart på {seconds}: {pages}, {warnings}. Förhandsvisningen är uppdaterad.").format(
                    seconds=seconds_text(seconds),
                    pages=ngettext("{n} sida", "{n} sidor", pages).format(n=pages),
                    warnings=ngettext("{n} varning", "{n} varningar", warnings).format(n=warnings),
                )
            )
        elif problems:
            report_problems(problems, stream=self.out)
            self.say(_("Förhandsvisningen visar felen överst på varje sida tills de är rättade."))
        else:
            self.say(_("Bygget misslyckades: {failure}").format(failure=failure))
            self.say(_("Förhandsvisningen visar felet överst på varje sida tills det är rättat."))
        return ok

    # -- the loop --
    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="preview-builder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _loop(self) -> None:
        watcher = Watcher(self.root, poll_interval=self.poll_interval)
        watcher.start()  # before the first build, so an edit made during it is not missed
        try:
            self.build_once()
            while not self._stop.is_set():
                if not watcher.event.wait(0.25):
                    continue
                # Wait until the files have been quiet for a moment (an editor saving several files).
                while not self._stop.is_set() and watcher.quiet_for() < QUIET_PERIOD:
                    time.sleep(QUIET_PERIOD / 3)
                changes = watcher.take()
                if not changes or self._stop.is_set():
                    continue
                shown = ", ".join(changes[:3]) + (f" och {len(changes) - 3} till" if len(changes) > 3 else "")
                self.build_once(shown)
        finally:
            watcher.stop()


# --- the banner ------------------------------------------------------------------------------------


def banner_html(state: dict[str, Any]) -> str:
    """The banner for the current state ('' when there is nothing to show)."""
    errors: list[str] = state["errors"]
    failure = state["failure"]
    if not errors and not failure:
        if state["building"] and not state["has_site"]:
            return (
                f'<div class="preview-banner preview-banner--building" role="status" lang="{language()}">'
                f"<h2>{html.escape(_('Förhandsvisningen byggs …'))}</h2>"
                f"<p>{html.escape(_('Sidan laddas om av sig själv när bygget är klart.'))}</p></div>"
            )
        return ""
    items = []
    for text in errors[:MAX_SHOWN_PROBLEMS]:
        where, sep, rest = text.partition(": ")
        if sep:
            items.append(f'<li><code><span class="preview-where">{html.escape(where)}</span>: {html.escape(rest)}</code></li>')
        else:
            items.append(f"<li><code>{html.escape(text)}</code></li>")
    more = len(errors) - MAX_SHOWN_PROBLEMS
    if more > 0:
        rest = ngettext("… och {n} fel till (se terminalen)", "… och {n} fel till (se terminalen)", more)
        items.append(f"<li>{html.escape(rest.format(n=more))}</li>")
    if failure:
        items.append(f"<li><code>{html.escape(failure)}</code></li>")
    count = len(errors) + (1 if failure else 0)
    title = ngettext("Förhandsvisning: {n} fel i data eller mallar", "Förhandsvisning: {n} fel i data eller mallar", count)
    shown = (
        _("Sidan nedan är den senaste versionen som gick att bygga.")
        if state["has_site"]
        else _("Webbplatsen kan inte byggas förrän felen är rättade.")
    )
    advice = _(
        "Rätta felen i filen och raden som anges (fil:rad:kolumn: meddelande) och spara; sidan uppdateras av sig själv."
    )
    return (
        f'<div class="preview-banner" role="alert" id="preview-errors" lang="{language()}">'
        f"<h2>{html.escape(title.format(n=count))}</h2>"
        f"<p>{html.escape(advice)} {html.escape(shown)}</p>"
        f"<ol>{''.join(items)}</ol></div>"
    )


def inject(page: str, state: dict[str, Any]) -> str:
    """Add the preview stylesheet, the reload script and the banner (if any) to an HTML page."""
    head = f'<link rel="stylesheet" href="{PREVIEW_PREFIX}preview.css"><script src="{PREVIEW_PREFIX}reload.js" defer></script>'
    lower = page.lower()
    at = lower.find("</head>")
    if at >= 0:
        page = page[:at] + head + page[at:]
    else:
        page = head + page
    banner = banner_html(state)
    if banner:
        lower = page.lower()
        body = lower.find("<body")
        if body >= 0:
            end = lower.find(">", body)
            page = page[: end + 1] + banner + page[end + 1 :]
        else:
            page = banner + page
    return page


#: The Content-Security-Policy of the site's pages (templates/theme/main.html): every page the
#: preview makes itself (placeholder, 404) carries the same, and every response sends it as a header.
SITE_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'"
CSP_META = f'<meta http-equiv="Content-Security-Policy" content="{SITE_CSP}">'


def not_found_page() -> str:
    """The preview's 404 page (the built site has none of its own)."""
    title = html.escape(_("Sidan finns inte"))
    return (
        f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8">'
        f"{CSP_META}<title>{title}</title></head>"
        f'<body><main class="preview-page" id="main"><h1>{title}</h1>'
        f'<p><a href="/index.html">{html.escape(_("Till startsidan"))}</a></p></main></body></html>'
    )


def placeholder_page(state: dict[str, Any]) -> str:
    """The page served before the first good build."""
    text = _("Förhandsvisningen byggs …") if state["building"] or not state["errors"] else _("Förhandsvisningen kan inte byggas")
    return (
        f'<!doctype html><html lang="{language()}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"{CSP_META}"
        f"<title>{html.escape(text)}</title></head><body>"
        f'<main class="preview-page" id="main"><h1>{html.escape(text)}</h1>'
        f"<p>{html.escape(_('Sidan laddas om av sig själv.'))}</p></main></body></html>"
    )


# --- HTTP ------------------------------------------------------------------------------------------


def make_handler(previewer: Previewer) -> type[StaticHandler]:
    class Handler(StaticHandler):
        server_version = "followup-preview"
        cache_control = "no-store"  # the page changes with every build and every banner

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(previewer.site_dir), **kwargs)

        def end_headers(self) -> None:
            self.send_header("Content-Security-Policy", SITE_CSP)
            super().end_headers()

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path.startswith(PREVIEW_PREFIX):
                name = path[len(PREVIEW_PREFIX) :]
                if name == "status":
                    return self._send(200, json.dumps(previewer.state.snapshot()).encode(), "application/json")
                if name == "reload.js":
                    return self._send(200, RELOAD_JS.encode(), "text/javascript; charset=utf-8")
                if name == "preview.css":
                    return self._send(200, PREVIEW_CSS.encode(), "text/css; charset=utf-8")
                return self._send(404, b"not found", "text/plain; charset=utf-8")
            state = previewer.state.snapshot()
            if not state["has_site"] or not previewer.site_dir.is_dir():
                page = inject(placeholder_page(state), state)
                return self._send(503 if state["errors"] or state["failure"] else 200, page.encode(), "text/html; charset=utf-8")
            file = Path(self.translate_path(path))
            if file.is_dir():
                file = file / "index.html"
            if file.suffix == ".html" and file.is_file():
                try:
                    page = file.read_text(encoding="utf-8")
                except OSError:
                    return self._send(404, b"not found", "text/plain; charset=utf-8")
                return self._send(200, inject(page, state).encode("utf-8"), "text/html; charset=utf-8")
            if not file.exists():
                page = inject(not_found_page(), state)
                return self._send(404, page.encode(), "text/html; charset=utf-8")
            return super().do_GET()

    return Handler


def serve(
    root: Path,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    poll_interval: float | None = None,
    out: TextIO | None = None,
    ready: Callable[[str], None] | None = None,
) -> int:
    out = out or sys.stderr
    preview_dir = Path(tempfile.mkdtemp(prefix="followup-preview-"))
    previewer = Previewer(root, preview_dir, out=out, poll_interval=poll_interval)
    try:
        server = StaticServer((host, port), make_handler(previewer))
    except OSError as exc:
        shutil.rmtree(preview_dir, ignore_errors=True)
        message = _("kan inte lyssna på {host}:{port}: {error}; välj en annan --port").format(
            host=host, port=port, error=exc.strerror or exc
        )
        out.write(f"build.py serve: {message}\n")
        return 1
    url = f"http://{host}:{server.server_address[1]}/"
    watched = ", ".join(n + ("/" if (Path(root) / n).is_dir() or "." not in n else "") for n in WATCHED)
    out.write(_("Förhandsvisning på {url}  (Ctrl-C avslutar)").format(url=url) + "\n")
    out.write(_("Bevakar {folders}").format(folders=watched) + "\n")
    out.flush()
    previewer.start()
    if ready:
        ready(url)
    try:
        server.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        out.write("\n" + _("Avslutar förhandsvisningen.") + "\n")
    finally:
        server.server_close()
        previewer.stop()
        shutil.rmtree(preview_dir, ignore_errors=True)
    return 0


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def setup(parser: argparse.ArgumentParser) -> Any:
    parser.add_argument("--port", type=int, default=8000, help=_("porten (standard 8000; 0 väljer en ledig)"))
    parser.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=None,
        metavar=_("SEKUNDER"),
        help=_(
            "leta efter ändrade filer var SEKUNDER:e sekund i stället för att systemet säger till "
            "(för en nätverksenhet eller en monterad mapp vars ändringar inte märks)"
        ),
    )

    def run(args: argparse.Namespace) -> int:
        import signal

        def on_term(signum: int, frame: Any) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, on_term)
        return serve(Path(args.root), args.host, args.port, poll_interval=args.poll_interval)

    return run
