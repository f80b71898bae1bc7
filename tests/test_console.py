"""Build output for people (followup.console): progress line, summary, --quiet/--verbose, NO_COLOR."""

from __future__ import annotations

import io

import pytest

from followup import console
from followup.console import Reporter


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
    monkeypatch.setattr(console, "PROGRESS_DELAY", 0.0)
    monkeypatch.setattr(console, "REDRAW_INTERVAL", 0.0)
    out = FakeTerminal()
    with Reporter(out, colour=False).stage("Diagram", total=3) as stage:
        stage.advance("tabell-budget")
    text = out.getvalue()
    assert "\rDiagram 1/3 – tabell-budget …" in text
    assert text.endswith("\r")  # the line is cleared when the stage ends


def test_a_fast_stage_draws_no_progress_line(monkeypatch):
    monkeypatch.setattr(console, "PROGRESS_DELAY", 3600.0)
    out = FakeTerminal()
    with Reporter(out).stage("Diagram", total=3) as stage:
        stage.advance("a")
    assert out.getvalue() == ""


@pytest.mark.parametrize("seconds, text", [(0.04, "0,04 s"), (4.23, "4,2 s"), (75, "1 min 15 s")])
def test_seconds_are_written_the_swedish_way(seconds, text):
    assert console.seconds_text(seconds) == text
