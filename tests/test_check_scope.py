"""`check` finds in one run everything `build` would: references in YAML text fields, and the
problems of every file even when another file of the report is invalid."""

from __future__ import annotations

REPORT_WITH_REFERENCE = """\
title: Testrapport
document_type: uppföljning
status: utkast
period: 2020–2023
summary: |-
  Antal mål är {{ värde: goals.totl }} i texten.
"""

REPORT_WITH_UNKNOWN_KEY = """\
title: Testrapport
document_type: uppföljning
status: utkast
period: 2020–2023
summary: En kort sammanfattning.
extra: 1
"""

GOALS_WITH_WRONG_LEVEL = """\
perspectives:
  - id: p
    title: P
    goals:
      - id: g
        title: G
        assessment: uppnåddd
"""


def test_a_broken_value_reference_in_the_summary_is_found_by_check(make_project, problems):
    root = make_project({"data/org/rep/report.yaml": REPORT_WITH_REFERENCE})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:16: error: unknown reference 'goals.totl'. This report has no values to refer to."
    ]


def test_check_exits_1_on_a_broken_reference_in_a_yaml_text_field(make_project, run_build):
    root = make_project({"data/org/rep/report.yaml": REPORT_WITH_REFERENCE})
    result = run_build("check", "--root", str(root))
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "1 fel, 0 varningar i 1 fil."


def test_a_broken_reference_in_a_content_page_is_reported_once(make_project, problems):
    root = make_project({"content/org/rep/01-text.md": "# Text\n\nVärdet {{ värde: goals.totl }}.\n"})
    assert problems(root) == [
        "content/org/rep/01-text.md:3:8: error: unknown reference 'goals.totl'. This report has no values to refer to."
    ]


def test_an_unknown_key_in_report_yaml_does_not_hide_a_wrong_level_in_goals_yaml(make_project, problems):
    root = make_project(
        {
            "data/org/rep/report.yaml": REPORT_WITH_UNKNOWN_KEY,
            "data/org/rep/goals.yaml": GOALS_WITH_WRONG_LEVEL,
        }
    )
    assert problems(root) == [
        "data/org/rep/goals.yaml:7:21: error: 'uppnåddd' is not on the assessment scale; allowed: uppnatt (uppnått), "
        "delvis-uppnatt (delvis uppnått), ej-uppnatt (ej uppnått), kan-ej-bedomas (kan ej bedömas). "
        "Did you mean 'uppnatt'?",
        "data/org/rep/report.yaml:6:1: error: unknown key 'extra'; expected one of: title, short_title, "
        "document_type, status, publish, period, board, administration, project, decision, registration_number, "
        "owner, prepared_by, signed_by, revised, summary, key_figures, timeline, attachments, source_notes, source, "
        "acknowledged, assessment_scale, status_scale",
    ]


def test_a_bad_goal_does_not_hide_a_wrong_level_of_another_goal(make_project, problems):
    goals = (
        GOALS_WITH_WRONG_LEVEL
        + """\
      - id: h
        title: H
        colour: röd
"""
    )
    found = problems(make_project({"data/org/rep/goals.yaml": goals}))
    assert [line.split(": error: ")[0] for line in found] == [
        "data/org/rep/goals.yaml:7:21",
        "data/org/rep/goals.yaml:10:9",
    ]


def test_every_rule_is_documented_in_checking_md(repo_root):
    from followup.check import rules

    text = (repo_root / "doc" / "checking.md").read_text(encoding="utf-8")
    for check in [*rules.ORGANISATION_CHECKS, *rules.CHECKS]:
        assert f"`{check.__name__}`" in text, check.__name__


def test_every_stated_number_kind_is_documented_in_checking_md(repo_root):
    text = (repo_root / "doc" / "checking.md").read_text(encoding="utf-8")
    for kind in (
        "survey_respondents",
        "survey_score",
        "budget_difference",
        "per_unit_total",
        "breakdown_total",
        "table_total",
        "key_figure",
        "indicator_share",
        "group_total",
        "goal_count",
        "assessment",
    ):
        assert f"`{kind}`" in text, kind
