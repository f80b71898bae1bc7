"""Build output for people (followup.console): progress line, summary, --quiet/--verbose, NO_COLOR."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from followup import console
from followup.console import Reporter

REPO = Path(__file__).resolve().parent.parent


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


COUNTS = dict(reports=2, pages=23, charts=14, warnings=3, errors=0, output="site/", elapsed=4.23)


def test_summary_is_one_swedish_line_with_every_count():
    text = Reporter(io.StringIO()).summary_text(**COUNTS)
    assert text == "Klart på 4,2 s: 2 rapporter, 23 sidor, 14 diagram, 0 fel, 3 varningar → site/"


def test_summary_uses_singular_forms_and_says_when_the_build_stopped():
    text = Reporter(io.StringIO()).summary_text(reports=1, pages=1, charts=1, warnings=1, errors=2, elapsed=0.04)
    assert text == "Avbrutet på 0,04 s: 1 rapport, 1 sida, 1 diagram, 2 fel, 1 varning"


def test_quiet_prints_nothing_on_success_but_prints_errors():
    out = io.StringIO()
    reporter = Reporter(out, quiet=True)
    with reporter.stage("Diagram", total=2) as stage:
        stage.advance("a")
    reporter.summary(**COUNTS)
    assert out.getvalue() == ""
    reporter.summary(**{**COUNTS, "errors": 1})
    assert "1 fel" in out.getvalue()


def test_verbose_prints_each_stage_with_its_time():
    out = io.StringIO()
    reporter = Reporter(out, verbose=True, colour=False)
    with reporter.stage("Diagram", total=2) as stage:
        stage.advance("a")
        stage.advance("b")
    reporter.detail("en detalj")
    assert out.getvalue().startswith("· Diagram (2): ")
    assert "  en detalj\n" in out.getvalue()


def test_no_colour_when_no_color_is_set(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = FakeTerminal()
    Reporter(out).summary(**COUNTS)
    assert "\033[" not in out.getvalue()


def test_colour_on_a_terminal_without_no_color(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = FakeTerminal()
    Reporter(out).summary(**COUNTS)
    assert "\033[1;33mKlart på 4,2 s\033[0m" in out.getvalue()


def test_no_progress_line_when_not_a_terminal(monkeypatch):
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(console, "REDRAW_INTERVAL", 0.0)
    out = io.StringIO()
    with Reporter(out).stage("Diagram", total=3) as stage:
        stage.advance("tabell-budget")
    assert out.getvalue() == ""


def test_progress_line_is_drawn_in_place_on_a_terminal_and_cleared(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(console, "REDRAW_INTERVAL", 0.0)
    out = FakeTerminal()
    with Reporter(out, colour=False).stage("Diagram", total=3) as stage:
        stage.advance("tabell-budget")
    text = out.getvalue()
    assert "\rDiagram ██████░░░░░░░░░░░░░░ 1/3 – tabell-budget …" in text
    assert text.endswith("\r")  # the line is cleared when the stage ends


def test_a_fast_stage_draws_no_progress_line(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(console, "PROGRESS_DELAY", 3600.0)
    out = FakeTerminal()
    with Reporter(out).stage("Diagram", total=3) as stage:
        stage.advance("a")
    assert out.getvalue() == ""


@pytest.mark.parametrize("seconds, text", [(0.04, "0,04 s"), (4.23, "4,2 s"), (75, "1 min 15 s")])
def test_seconds_are_written_the_swedish_way(seconds, text):
    assert console.seconds_text(seconds) == text


# --- progress bars (build, pdf --all, export --all) ------------------------------------------


def test_no_progress_bar_in_ci_even_on_a_terminal(monkeypatch):
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(console, "REDRAW_INTERVAL", 0.0)
    monkeypatch.setenv("CI", "true")
    out = FakeTerminal()
    with Reporter(out).stage("Diagram", total=3) as stage:
        stage.advance("a")
    assert out.getvalue() == ""


@pytest.mark.parametrize("value, expected", [("true", True), ("1", True), ("", False), ("false", False), ("0", False)])
def test_ci_is_recognised_by_its_variable(monkeypatch, value, expected):
    monkeypatch.setenv("CI", value)
    assert console.in_ci() is expected


def test_update_sets_done_and_total_for_the_bar(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(console, "REDRAW_INTERVAL", 0.0)
    out = FakeTerminal()
    with Reporter(out, colour=False).stage("Diagram") as stage:
        stage.update(10, 20)
    assert "\rDiagram ██████████░░░░░░░░░░ 10/20 …" in out.getvalue()


def test_track_yields_every_item_and_draws_a_bar_per_item_on_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = FakeTerminal()
    items = list(Reporter(out, colour=False).track(["lund/a", "lund/b"], "PDF", str.upper))
    text = out.getvalue()
    assert items == ["lund/a", "lund/b"]
    assert "\rPDF ░░░░░░░░░░░░░░░░░░░░ 0/2 – LUND/A …" in text
    assert "PDF ██████████░░░░░░░░░░ 1/2 – LUND/B …" in text
    assert text.endswith("\r")


def test_track_draws_nothing_when_not_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    out = io.StringIO()
    assert list(Reporter(out).track([1, 2, 3], "PDF")) == [1, 2, 3]
    assert out.getvalue() == ""


PTY_SCRIPT = """
import time
from followup.console import Reporter
for name in Reporter().track(["eskilstuna/a", "lund/b"], "PDF", str):
    time.sleep(0.05)
"""


def run_on_a_pty(env: dict) -> str:
    """Run PTY_SCRIPT with its standard error on a pseudo-terminal; what the terminal showed."""
    pty = pytest.importorskip("pty")
    import os
    import subprocess
    import sys

    main, child = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-c", PTY_SCRIPT], stderr=child, stdout=subprocess.DEVNULL, env=env, timeout=60, cwd=REPO
        )
        os.close(child)
        child = -1
        chunks = []
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # EIO: the child side is closed and everything was read
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(main)
        if child >= 0:
            os.close(child)
    assert process.returncode == 0
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_progress_bar_is_shown_on_a_pseudo_terminal():
    import os

    env = {k: v for k, v in os.environ.items() if k != "CI"}
    shown = run_on_a_pty(env)
    assert "PDF ██████████░░░░░░░░░░ 1/2 – lund/b …" in shown


def test_no_progress_bar_on_a_pseudo_terminal_in_ci():
    import os

    assert "PDF" not in run_on_a_pty({**os.environ, "CI": "true"})


def test_summary_of_a_build_that_published_with_reports_kept_back_names_the_errors_and_the_folder():
    text = Reporter(io.StringIO()).summary_text(reports=2, pages=9, charts=0, warnings=0, errors=1, output="site/", elapsed=0.5)
    assert text == "Klart på 0,5 s: 2 rapporter, 9 sidor, 0 diagram, 1 fel, 0 varningar → site/"
