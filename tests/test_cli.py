"""The command line as a communicator meets it first."""

from __future__ import annotations

from followup.cli import COMMANDS, main


def test_no_command_prints_the_swedish_help_and_exits_0(capsys):
    assert main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: build.py")
    assert "kommandon:" in out and "kontrollera data och texter" in out


def test_every_command_has_a_swedish_help_line(capsys):
    for name, help_text, _setup in COMMANDS:
        assert (
            help_text and help_text[0].islower() and not help_text.isascii() or " och " in help_text or "rapport" in help_text
        ), name
