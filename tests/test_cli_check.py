"""`python build.py check`: exit codes, output formats, and no traceback for bad data."""

from __future__ import annotations

import io
import json

from followup import cli
from followup.errors import Problem

BAD_REPORT = """\
title: Testrapport
document_type: slutrapport2
status: utkast
period: 2020–2023
summary: Text.
"""
WARNING_SURVEY = """\
surveys:
  - id: enkat
    title: Enkät
    questions: [{id: q, text: Fråga}]
    rounds:
      - period: 2022
        units: [{unit: AVF, respondents: 1, scores: {q: 8}}, {unit: BUF, respondents: 3, scores: {q: 9}}]
        stated_total: {respondents: 4, scores: {q: '8,50'}}
"""


def test_clean_project_exits_0(make_project, run_build):
    result = run_build("check", "--root", str(make_project()))
    assert result.returncode == 0
    assert result.stdout == "Inga fel eller varningar (2 filer kontrollerade).\n"


def test_bundled_data_passes_the_check(run_build):
    result = run_build("check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1].startswith("Inga fel")


def test_data_error_exits_1_with_located_message(make_project, run_build):
    root = make_project({"data/org/rep/report.yaml": BAD_REPORT})
    result = run_build("check", "--root", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "data/org/rep/report.yaml:2:16: error: 'slutrapport2' is not a document type; expected one of: "
        "uppföljning, halvtidsuppföljning, delårsrapport, årsredovisning, verksamhetsberättelse, "
        "hållbarhetsredovisning, social redovisning, slutrapport, internkontroll, verksamhetsplan, utvärdering, "
        "lägesrapport (or one declared under 'document_types' in organisation.yaml). Did you mean 'slutrapport'?"
    )
    assert result.stdout.splitlines()[-1] == "1 fel, 0 varningar i 1 fil."
    assert result.stderr == ""


def test_warnings_exit_0_and_strict_makes_them_errors(make_project, run_build):
    root = make_project({"data/org/rep/surveys.yaml": WARNING_SURVEY})
    result = run_build("check", "--root", str(root))
    assert result.returncode == 0
    assert ": warning: medelvärdet 8,50 för 'q' 2022 stämmer inte med" in result.stdout
    assert result.stdout.splitlines()[-1] == "Inga fel, 1 varning i 1 fil."
    strict = run_build("check", "--strict", "--root", str(root))
    assert strict.returncode == 1
    assert ": error: medelvärdet 8,50 för 'q' 2022 stämmer inte med" in strict.stdout
    assert strict.stdout.splitlines()[-1] == "1 fel, 0 varningar i 1 fil."


def test_github_format_prints_annotations(make_project, run_build):
    root = make_project({"data/org/rep/report.yaml": BAD_REPORT})
    result = run_build("check", "--format", "github", "--root", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith(
        "::error file=data/org/rep/report.yaml,line=2,col=16::'slutrapport2' is not a document type"
    )


def test_json_format_reports_every_problem(make_project, run_build):
    root = make_project(
        {
            "data/org/rep/report.yaml": BAD_REPORT,
            "data/org/rep/surveys.yaml": WARNING_SURVEY,
        }
    )
    result = run_build("check", "--format", "json", "--root", str(root))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    # the survey is checked although report.yaml has an error: every problem in one run
    assert (report["ok"], report["errors"], report["warnings"], report["files"]) == (False, 1, 1, 2)
    assert report["problems"][0] == {
        "path": "data/org/rep/report.yaml",
        "line": 2,
        "column": 16,
        "message": "'slutrapport2' is not a document type; expected one of: uppföljning, halvtidsuppföljning, "
        "delårsrapport, årsredovisning, verksamhetsberättelse, hållbarhetsredovisning, social redovisning, "
        "slutrapport, internkontroll, verksamhetsplan, utvärdering, lägesrapport "
        "(or one declared under 'document_types' in organisation.yaml)",
        "severity": "error",
        "hint": "Did you mean 'slutrapport'?",
    }


def test_unknown_option_is_a_usage_error(run_build):
    result = run_build("check", "--bogus")
    assert result.returncode == 2
    assert "användning:" in result.stderr


def test_unknown_command_is_a_usage_error(run_build):
    assert run_build("bogus").returncode == 2


def test_empty_data_folder_exits_1(make_project, run_build):
    root = make_project({}, minimal=False)
    (root / "data").mkdir()
    result = run_build("check", "--root", str(root))
    assert result.returncode == 1
    assert result.stdout.startswith("data:1:1: error: no reports found under data/")


def test_garbage_input_gives_no_traceback(make_project, run_build):
    root = make_project()
    (root / "data/org/rep/goals.yaml").write_bytes(b"\x00\xff\xfe garbage: [\n")
    (root / "data/org/rep/surveys.yaml").write_text("a: &a [*a]\n", encoding="utf-8")
    (root / "data/org/rep/indicators.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    result = run_build("check", "--root", str(root))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert {line.split(":")[0] for line in result.stdout.splitlines() if ": error: " in line} == {
        "data/org/rep/goals.yaml",
        "data/org/rep/surveys.yaml",
        "data/org/rep/indicators.yaml",
    }


def test_problems_are_grouped_by_file(make_project, run_build):
    root = make_project(
        {
            "data/org/rep/report.yaml": BAD_REPORT,
            "data/org/rep/goals.yaml": "perspectives: []\n",
        }
    )
    lines = run_build("check", "--root", str(root)).stdout.splitlines()
    assert lines[0].startswith("data/org/rep/goals.yaml:")
    assert lines[1] == ""
    assert lines[2].startswith("data/org/rep/report.yaml:")
    assert lines[-1] == "2 fel, 0 varningar i 2 filer."


def test_internal_error_exits_3_without_traceback(monkeypatch, capsys, make_project):
    def broken(root, only=None):
        raise RuntimeError("boom")

    monkeypatch.delenv("FOLLOWUP_DEBUG", raising=False)
    monkeypatch.setattr(cli, "load_checked", broken)
    assert cli.main(["check", "--root", str(make_project())]) == 3
    err = capsys.readouterr().err
    assert err.startswith("internal error: RuntimeError: boom (at test_cli_check.py:")
    assert "Traceback" not in err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


PROBLEM = Problem("data/a.yaml", 1, 2, "something is wrong")


def test_colour_on_a_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = _Terminal()
    assert cli.report_problems([PROBLEM], stream=out) == 1
    assert "\033[1;31merror\033[0m" in out.getvalue()


def test_no_color_turns_colour_off(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = _Terminal()
    cli.report_problems([PROBLEM], stream=out)
    assert out.getvalue() == "data/a.yaml:1:2: error: something is wrong\n\n1 fel, 0 varningar i 1 fil.\n"


def test_adding_a_command_takes_one_function_and_one_line(monkeypatch, capsys):
    def hello(parser):
        parser.add_argument("--name", default="världen")

        def run(args):
            print(f"Hej {args.name}!")
            return cli.EXIT_OK

        return run

    monkeypatch.setattr(cli, "COMMANDS", [*cli.COMMANDS, ("hello", "say hello", hello)])
    assert cli.main(["hello", "--name", "Lund"]) == 0
    assert capsys.readouterr().out == "Hej Lund!\n"
