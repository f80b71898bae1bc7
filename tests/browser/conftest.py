"""Session fixtures for the browser suite.

The seed site is built once per session into a temporary directory (or taken from
FOLLOWUP_BROWSER_SITE, a directory holding an already built site), served from
127.0.0.1 on a free port, and visited with one headless Debian Chromium per session.
Each page is loaded once (`page_reports`, see visit.py) and what the page, keyboard
and phone-width tests need is recorded then; the search, table, PDF and export tests
open their own pages in fresh contexts of the same browser.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from followup.commands import browser as fb

from .visit import AXE_TAGS, DESKTOP, PageReport, run_axe, visit  # noqa: F401 - run_axe re-exported

REPO = Path(__file__).resolve().parents[2]
AXE_JS = REPO / "node_modules" / "axe-core" / "axe.min.js"


# --------------------------------------------------------------------------- site


def build_seed_site(target: Path) -> Path:
    """Build the bundled seed data into `target` (the build pipeline of `build.py build`).

    Another build of the repository may hold the build lock for a while (a test that builds, or
    a parallel worker): wait for it rather than fail.
    """
    from followup.build.publish import BuildLocked, build_site
    from followup.errors import DataErrors, format_text

    deadline = time.monotonic() + 600
    while True:
        try:
            build_site(REPO, site_dir=target)
            return target
        except DataErrors as exc:
            pytest.fail("the seed site does not build:\n" + "\n".join(format_text(p) for p in exc.problems), pytrace=False)
        except BuildLocked:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    given = os.environ.get("FOLLOWUP_BROWSER_SITE")
    if given:
        path = Path(given).resolve()
        if not (path / "index.html").is_file():
            pytest.fail(f"FOLLOWUP_BROWSER_SITE={given} holds no index.html", pytrace=False)
        return path
    # With pytest-xdist every worker has its own session: the first one builds, the others reuse.
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    target = shared / "browser-site"
    try:
        import fcntl
    except ImportError:  # Windows: one build per worker
        return build_seed_site(base / "browser-site")
    with open(shared / "browser-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "index.html").is_file():
            build_seed_site(target)
    return target


def page_paths(site: Path) -> list[str]:
    """URL paths (relative to the site root) of every HTML page of the site, sorted."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if rel == "index.html":
            rel = ""
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        paths.append(rel)
    return paths


@pytest.fixture(scope="session")
def site_pages(site_dir) -> list[str]:
    pages = page_paths(site_dir)
    assert pages, f"no HTML pages in {site_dir}"
    return pages


@pytest.fixture(scope="session")
def base_url(site_dir):
    with fb.serve_directory(site_dir) as url:
        yield url


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """`python build.py <args>` in the repository, output captured."""
    return subprocess.run([sys.executable, str(REPO / "build.py"), *args], cwd=REPO, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def all_bundles():
    """Every bundled report (all are published), keyed by (org_id, report_id)."""
    from followup.load.loader import load_project

    project, _problems = load_project(REPO)
    return {(b.org_id, b.report_id): b for b in project.reports}


@pytest.fixture(scope="session")
def seed_bundles():
    """The two seed reports (Eskilstuna, Lund), keyed by (org_id, report_id); the other bundled
    reports are covered by the page tests that visit every page."""
    from followup.load.loader import load_project

    project, _problems = load_project(REPO)
    return {(b.org_id, b.report_id): b for b in project.reports if b.org_id in ("eskilstuna", "lund")}


# --------------------------------------------------------------------------- browser


@pytest.fixture(scope="session")
def browser():
    if not fb.CHROMIUM.exists():
        reason = f"{fb.CHROMIUM} is missing: run scripts/ensure-browser.sh (make test does)"
        if os.environ.get("CI"):
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    with fb.launch_chromium() as chromium:
        yield chromium


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (make venv does)", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


class RequestLog:
    """Every request a context makes; requests leaving the site are aborted and recorded."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.foreign: list[str] = []

    def attach(self, context) -> None:
        def guard(route):
            url = route.request.url
            if fb.is_local_url(url, self.base_url):
                route.continue_()
            else:
                self.foreign.append(url)
                route.abort()

        context.route("**/*", guard)


@pytest.fixture()
def new_context(browser, base_url):
    """Factory for fresh browser contexts (closed after the test) that refuse foreign hosts."""
    contexts = []

    def make(**options):
        options.setdefault("bypass_csp", True)  # lets the tests inject axe into CSP-protected pages
        options.setdefault("locale", "sv-SE")
        context = browser.new_context(**options)
        log = RequestLog(base_url)
        log.attach(context)
        context.request_log = log
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        for node in v["nodes"][:5]:
            lines.append(f"  {v['id']} ({v['impact']}): {v['help']} at {node['target']}: {node['html']}")
        if len(v["nodes"]) > 5:
            lines.append(f"  {v['id']}: … and {len(v['nodes']) - 5} more elements")
    return "\n".join(lines)


# --------------------------------------------------------------------------- one visit per page


@pytest.fixture(scope="session")
def page_reports(request, browser, base_url, site_pages, axe_source) -> dict[str, PageReport]:
    """Every page of the site, loaded once (see visit.py), keyed by its path."""
    context = browser.new_context(bypass_csp=True, locale="sv-SE", viewport=DESKTOP)
    log = RequestLog(base_url)
    log.attach(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    reports = {}
    try:
        for path in site_pages:
            reports[path or "/"] = visit(page, base_url + path, path, axe_source, errors, log)
        rules = page.evaluate("(tags) => axe.getRules(tags).map(r => r.ruleId)", AXE_TAGS)
    finally:
        context.close()
    request.config._browser_stats = {"pages": len(reports), "axe_tags": AXE_TAGS, "axe_rules": len(rules)}
    return reports


def pytest_terminal_summary(terminalreporter):
    """Print how many pages the browser suite visited (for the closing note)."""
    stats = getattr(terminalreporter.config, "_browser_stats", None)
    if stats:
        terminalreporter.write_line(f"browser suite: {json.dumps(stats, ensure_ascii=False)}")
