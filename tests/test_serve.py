"""`build.py serve`: live preview driven with real file edits and real HTTP requests.

One preview server (a subprocess on a free port, against a temporary copy of the project with
the Lund seed) is shared by the tests of this module; every test puts back what it changes.
Waits are bounded and generous (the box may be slow); nothing asserts how long anything takes.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from followup.commands import serve

pytestmark = pytest.mark.slow  # starts preview servers in subprocesses

REPO = Path(__file__).resolve().parent.parent
REPORT = "data/lund/samordnade-servicetjanster/report.yaml"
PAGE = "lund/samordnade-servicetjanster/index.html"
WAIT = 300  # seconds: an upper bound for one rebuild on a slow, busy machine


def get(url: str) -> tuple[int, str, Any]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8"), response.headers
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace"), exc.headers


def wait_for(what: str, condition, timeout: float = WAIT, server: subprocess.Popen | None = None):
    """Poll `condition()` until it returns something truthy; fail with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            pytest.fail(f"the server exited ({server.returncode}) while waiting for {what}")
        try:
            last = condition()
        except (urllib.error.URLError, ConnectionError, OSError) as exc:
            last = exc
        else:
            if last:
                return last
        time.sleep(0.5)
    pytest.fail(f"timed out waiting for {what}; last: {str(last)[:500]}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve") / "project"
    root.mkdir()
    shutil.copytree(REPO / "data/lund", root / "data/lund")
    shutil.copytree(REPO / "content/lund", root / "content/lund")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copytree(REPO / "schema", root / "schema")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    port = serve.free_port()
    log = open(root.parent / "serve.log", "w+", encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("FOLLOWUP_DEBUG", None)
    process = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "build.py"),
            "serve",
            "--root",
            str(root),
            "--port",
            str(port),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
        cwd=root,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(
            "the first build",
            lambda: get(base + "__preview__/status")[1] and json.loads(get(base + "__preview__/status")[1])["has_site"],
            server=process,
        )
        yield {"base": base, "root": root, "process": process, "log": log}
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
        log.close()


def status(preview) -> dict:
    return json.loads(get(preview["base"] + "__preview__/status")[1])


def banner(page: str) -> str | None:
    match = re.search(r'<div class="preview-banner" role="alert".*?</ol></div>', page, re.S)
    return match.group(0) if match else None


def test_a_validation_error_shows_as_a_banner_with_file_and_line_until_it_is_fixed(preview):
    base, root = preview["base"], preview["root"]
    code, page, _ = get(base + PAGE)
    assert code == 200
    assert "Slutrapport Samordnade servicetjänster" in page
    assert banner(page) is None

    path = root / REPORT
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    line_no = next(i for i, line in enumerate(lines, 1) if line.startswith("document_type:"))
    path.write_text(original.replace("document_type: slutrapport", "document_type: slutrapportt"), encoding="utf-8")
    try:
        shown = wait_for(
            "the error banner",
            lambda: banner(get(base + PAGE)[1]),
            server=preview["process"],
        )
        assert f"{REPORT}:{line_no}:" in shown
        assert "slutrapportt" in shown
        # The banner is on every page, over the last good version of the page.
        start = get(base + "index.html")[1]
        assert banner(start) is not None and f"{REPORT}:{line_no}:" in banner(start)
        assert "Slutrapport Samordnade servicetjänster" in get(base + PAGE)[1]
        # ... and the error is printed in the terminal.
        preview["log"].flush()
        log_text = Path(preview["log"].name).read_text(encoding="utf-8")
        assert f"{REPORT}:{line_no}:16: error: 'slutrapportt' is not a document type" in log_text
    finally:
        path.write_text(original, encoding="utf-8")
    wait_for("the banner to go", lambda: banner(get(base + PAGE)[1]) is None, server=preview["process"])
    assert preview["process"].poll() is None  # the server kept running


def test_a_content_edit_is_rebuilt_and_announced_to_the_reload_script(preview):
    base, root = preview["base"], preview["root"]
    before = status(preview)["generation"]
    page = root / "content/lund/samordnade-servicetjanster/02-viktiga-handelser.md"
    original = page.read_text(encoding="utf-8")
    page.write_text(original + "\nEn helt ny mening från förhandsvisningstestet.\n", encoding="utf-8")
    try:
        url = base + "lund/samordnade-servicetjanster/02-viktiga-handelser.html"
        wait_for(
            "the edited text",
            lambda: "En helt ny mening från förhandsvisningstestet." in get(url)[1],
            server=preview["process"],
        )
        assert status(preview)["generation"] > before
    finally:
        page.write_text(original, encoding="utf-8")
    wait_for("the text to go", lambda: "förhandsvisningstestet" not in get(url)[1], server=preview["process"])


def test_pages_load_the_reload_script_and_banner_style_as_files_not_inline(preview):
    base = preview["base"]
    code, page, headers = get(base + PAGE)
    assert code == 200
    assert '<script src="/__preview__/reload.js" defer></script>' in page
    assert '<link rel="stylesheet" href="/__preview__/preview.css">' in page
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)  # no inline script: the CSP holds
    assert "Content-Security-Policy" in page
    assert headers.get("Cache-Control") == "no-store"
    code, script, headers = get(base + "__preview__/reload.js")
    assert code == 200 and "javascript" in headers["Content-Type"]
    assert "/__preview__/status" in script and "location.reload()" in script
    assert get(base + "__preview__/preview.css")[0] == 200


def test_the_preview_is_not_built_into_site(preview):
    assert not (preview["root"] / "site").exists()


def test_static_files_are_served_unchanged(preview):
    site_page = get(preview["base"] + "lund/samordnade-servicetjanster/ekonomi.html")[1]
    match = re.search(r'src="(diagram/[^"]+\.svg)"', site_page)
    assert match, "the report page has a chart"
    code, svg, headers = get(preview["base"] + "lund/samordnade-servicetjanster/" + match.group(1))
    assert code == 200 and headers["Content-Type"] == "image/svg+xml"
    assert "preview" not in svg


def test_a_missing_page_is_a_404_with_the_banner_style(preview):
    code, page, _ = get(preview["base"] + "finns-inte.html")
    assert code == 404
    assert "Sidan finns inte" in page and "/__preview__/reload.js" in page


def test_a_missing_page_has_the_sites_content_security_policy(preview):
    from followup.commands.serve import SITE_CSP

    code, page, headers = get(preview["base"] + "finns-inte.html")
    assert code == 404
    assert headers["Content-Security-Policy"] == SITE_CSP
    assert f'<meta http-equiv="Content-Security-Policy" content="{SITE_CSP}">' in page


# --- the banner, without a server -------------------------------------------------------------------


def _state(**kw):
    return {"generation": 1, "has_site": True, "building": False, "errors": [], "failure": None, **kw}


def test_banner_lists_each_error_with_its_location_escaped():
    html = serve.banner_html(_state(errors=["data/a/b/report.yaml:3:7: error: '<b>' is not a period"]))
    assert '<span class="preview-where">data/a/b/report.yaml:3:7</span>: error: &#x27;&lt;b&gt;&#x27; is not a period' in html
    assert 'role="alert"' in html


def test_no_banner_when_the_build_is_good():
    assert serve.banner_html(_state()) == ""
    page = "<html><head><title>x</title></head><body><main>x</main></body></html>"
    out = serve.inject(page, _state())
    assert "preview-banner" not in out
    assert out.index("/__preview__/reload.js") < out.index("</head>")


def test_banner_is_injected_right_after_the_body_tag():
    page = '<html><head></head><body class="kind-report"><a class="skip-link" href="#main">Hoppa</a></body></html>'
    out = serve.inject(page, _state(errors=["x.yaml:1:1: error: fel"]))
    assert out.index('<body class="kind-report">') < out.index("preview-banner") < out.index("skip-link")


def watched_changes(watcher: serve.Watcher, expected: set[str]) -> set[str]:
    """The watcher's changes once `expected` are all among them (bounded wait)."""
    seen: set[str] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not expected <= seen:
        if watcher.event.wait(0.5):
            time.sleep(0.3)  # let the rest of a burst arrive
            seen.update(watcher.take())
    return seen


@pytest.mark.parametrize("poll_interval", [None, 0.1], ids=["notified", "polling"])
def test_the_watcher_sees_edits_additions_removals_and_renames_but_not_swap_files(tmp_path, poll_interval):
    (tmp_path / "data").mkdir()
    (tmp_path / "data/a.yaml").write_text("a: 1\n")
    (tmp_path / "data/c.yaml").write_text("c: 1\n")
    (tmp_path / "site").mkdir()
    watcher = serve.Watcher(tmp_path, poll_interval=poll_interval)
    watcher.start()
    try:
        time.sleep(0.3)  # a polling observer takes its first snapshot
        (tmp_path / "data/a.yaml").write_text("a: 22\n")
        (tmp_path / "data/b.yaml").write_text("b: 1\n")
        (tmp_path / "data/.a.yaml.swp").write_text("x")
        (tmp_path / "data/a.yaml~").write_text("x")
        (tmp_path / "site/index.html").write_text("x")
        (tmp_path / "data/c.yaml").unlink()
        (tmp_path / "data/b.yaml").rename(tmp_path / "data/d.yaml")  # an editor saving by renaming
        expected = {"data/a.yaml", "data/c.yaml", "data/d.yaml"}
        seen = watched_changes(watcher, expected)
    finally:
        watcher.stop()
    assert expected <= seen
    assert seen <= expected | {"data/b.yaml"}  # the renamed file's old name may be reported too


def test_the_watcher_sees_mkdocs_yml_and_a_watched_folder_made_later(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    watcher = serve.Watcher(tmp_path)
    watcher.start()
    try:
        (tmp_path / "mkdocs.yml").write_text("site_name: y\n")
        assert "mkdocs.yml" in watched_changes(watcher, {"mkdocs.yml"})
        (tmp_path / "content").mkdir()
        watched_changes(watcher, {"content"})
        time.sleep(0.3)
        (tmp_path / "content/01.md").write_text("# Rubrik\n")
        assert "content/01.md" in watched_changes(watcher, {"content/01.md"})
    finally:
        watcher.stop()


@pytest.mark.parametrize(
    "rel, watched",
    [
        ("data/lund/report.yaml", True),
        ("mkdocs.yml", True),
        ("templates/pages/start.html.j2", True),
        ("data/lund/.report.yaml.swp", False),
        ("data/lund/report.yaml~", False),
        ("templates/__pycache__/x.pyc", False),
        ("site/index.html", False),
        (".cache/charts/ab.svg", False),
    ],
)
def test_which_changes_call_for_a_rebuild(rel, watched):
    assert serve.is_watched(rel) is watched


def test_serve_and_the_browser_stages_share_one_static_handler():
    from followup.commands.static_http import StaticHandler

    assert issubclass(serve.make_handler(serve.Previewer(REPO, REPO / "nowhere")), StaticHandler)
    using_http_server = sorted(
        path.relative_to(REPO).as_posix()
        for path in (REPO / "followup").rglob("*.py")
        if "http.server" in path.read_text(encoding="utf-8")
    )
    assert using_http_server == ["followup/commands/static_http.py"]
