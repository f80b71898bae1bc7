"""Cross-file checks: one test per rule, each with a minimal bad file and its exact located message."""

from __future__ import annotations

import os

GOALS = "data/org/rep/goals.yaml"
INDICATORS = "data/org/rep/indicators.yaml"
SURVEYS = "data/org/rep/surveys.yaml"
FINANCE = "data/org/rep/finance.yaml"
TABLES = "data/org/rep/tables.yaml"
DELIVERABLES = "data/org/rep/deliverables.yaml"
REPORT = "data/org/rep/report.yaml"
ORG = "data/org/organisation.yaml"

REPORT_HEAD = """\
title: Testrapport
document_type: uppföljning
status: utkast
period: 2020–2023
summary: Text.
"""


def survey(rounds: str, *, scale: str = "") -> str:
    return (
        "surveys:\n"
        "  - id: enkat\n"
        "    title: Enkät\n"
        f"{scale}"
        "    questions: [{id: samlad, text: Samlad bedömning}]\n"
        "    rounds:\n" + rounds
    )


def goals(*goal_lines: str) -> str:
    return "perspectives:\n  - id: p\n    title: P\n    goals:\n" + "".join(goal_lines)


# --- Duplicate ids ------------------------------------------------------------------------------


def test_duplicate_goal_id_across_perspectives(make_project, problems):
    root = make_project(
        {
            GOALS: """\
        perspectives:
          - id: p1
            title: P1
            goals: [{id: mal, title: Mål 1}]
          - id: p2
            title: P2
            goals: [{id: mal, title: Mål 2}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/goals.yaml:7:18: error: duplicate goal id 'mal' (first used on line 4); give each goal its own id"
    ]


def test_duplicate_perspective_id(make_project, problems):
    root = make_project(
        {
            GOALS: """\
        perspectives:
          - {id: p, title: P1, goals: [{id: a, title: A}]}
          - {id: p, title: P2, goals: [{id: b, title: B}]}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/goals.yaml:3:10: error: duplicate perspective id 'p' (first used on line 2); "
        "give each perspective its own id"
    ]


def test_duplicate_table_id_across_finance_and_tables(make_project, problems):
    table = """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: breakdown
            rows: [{label: A, amount: 1}]
        """
    root = make_project({FINANCE: table, TABLES: table})
    assert problems(root) == [
        "data/org/rep/tables.yaml:2:9: error: duplicate table id 'kostnad' (first used on "
        "data/org/rep/finance.yaml:2); give each table its own id"
    ]


def test_duplicate_unit_code(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        units:
          - {code: AVF, name: A}
          - {code: AVF, name: B}
        """
        }
    )
    assert problems(root) == [
        "data/org/organisation.yaml:4:12: error: duplicate unit code 'AVF' (first used on line 3); remove or rename one of them"
    ]


def test_duplicate_deliverable_id_across_groups(make_project, problems):
    root = make_project(
        {
            DELIVERABLES: """\
        groups:
          - id: planerade
            title: Planerade
            origin: planned
            items: [{id: d1, title: D, status: slutford}]
          - id: tillagda
            title: Tillagda
            origin: added
            items: [{id: d1, title: E, status: pagar}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/deliverables.yaml:9:18: error: duplicate deliverable id 'd1' (first used on line 5); "
        "give each deliverable its own id"
    ]


def test_duplicate_key_figure_id(make_project, problems):
    root = make_project(
        {
            REPORT: REPORT_HEAD
            + """\
key_figures:
  - {id: kf, label: A, stated: 1}
  - {id: kf, label: B, stated: 2}
"""
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:8:10: error: duplicate key figure id 'kf' (first used on line 7); "
        "give each key figure its own id"
    ]


def test_duplicate_indicator_id(make_project, problems):
    indicator = (
        "  - id: hme\n    name: HME\n    unit: index\n    direction: higher_is_better\n    series: [{values: {'2021': 77}}]\n"
    )
    root = make_project({INDICATORS: "indicators:\n" + indicator + indicator})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:9: error: duplicate indicator id 'hme' (first used on line 2); "
        "give each indicator its own id"
    ]


def test_duplicate_survey_question_id(make_project, problems):
    root = make_project(
        {
            SURVEYS: """\
        surveys:
          - id: enkat
            title: Enkät
            questions: [{id: q, text: A}, {id: q, text: B}]
            rounds: [{period: 2022, units: [{unit: AVF, respondents: 1}]}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:4:40: error: duplicate question id 'q' (first used on line 4); give each question its own id"
    ]


# --- Unknown unit codes, groups, questions, scale values ----------------------------------------


def test_unknown_unit_code_in_a_survey_suggests_the_closest(make_project, problems):
    root = make_project({SURVEYS: survey("      - period: 2022\n        units: [{unit: AFV, respondents: 1}]\n")})
    assert problems(root) == ["data/org/rep/surveys.yaml:7:24: error: unknown unit code 'AFV'; did you mean 'AVF'?"]


def test_unknown_unit_code_in_a_per_unit_table_lists_the_units(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: resultat
            title: Resultat
            kind: per_unit
            periods: [2022]
            rows:
              - {unit: XYZ, values: {"2022": 1}}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:7:16: error: unknown unit code 'XYZ'; data/org/organisation.yaml declares: "
        "AVF, BUF. Add it under 'units:' in data/org/organisation.yaml."
    ]


def test_unknown_unit_code_in_a_before_after_table(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: before_after
            before: 2019
            after: 2023
            rows:
              - {unit: BUFF, before: 1, after: 2}
        """
        }
    )
    assert problems(root) == ["data/org/rep/finance.yaml:8:16: error: unknown unit code 'BUFF'; did you mean 'BUF'?"]


def test_unknown_group_suggests_the_closest(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: sjuk
            name: Sjukfrånvaro
            unit: percent
            direction: lower_is_better
            series: [{group: kvinor, values: {"2021": 6}}]
        """
        }
    )
    assert problems(root) == ["data/org/rep/indicators.yaml:6:22: error: unknown group 'kvinor'; did you mean 'kvinnor'?"]


def test_unknown_group_in_survey_results_lists_the_groups(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "      - period: 2022\n"
                "        units: [{unit: AVF, respondents: 1}]\n"
                "        groups: [{group: xyz, respondents: 1}]\n"
            )
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:8:26: error: unknown group 'xyz'; the groups are: alla, kvinnor, man. "
        "Declare it under 'groups:' in data/org/organisation.yaml."
    ]


def test_score_for_an_undeclared_question(make_project, problems):
    root = make_project(
        {SURVEYS: survey("      - period: 2022\n        units: [{unit: AVF, respondents: 1, scores: {samlat: 7}}]\n")}
    )
    assert problems(root) == ["data/org/rep/surveys.yaml:7:54: error: unknown question 'samlat'; did you mean 'samlad'?"]


def test_assessment_outside_the_scale_lists_the_levels(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, assessment: klart}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:39: error: 'klart' is not on the assessment scale; allowed: uppnatt (uppnått), "
        "delvis-uppnatt (delvis uppnått), ej-uppnatt (ej uppnått), kan-ej-bedomas (kan ej bedömas)"
    ]


def test_assessment_written_as_a_label_suggests_the_id(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, assessment: uppnått}\n")})
    (line,) = problems(root)
    assert line.endswith("Did you mean 'uppnatt'?")


def test_status_outside_the_scale(make_project, problems):
    root = make_project(
        {
            DELIVERABLES: """\
        groups:
          - id: planerade
            title: Planerade
            origin: planned
            items: [{id: d1, title: D, status: klar}]
        """
        }
    )
    (line,) = problems(root)
    assert line.startswith(
        "data/org/rep/deliverables.yaml:5:40: error: 'klar' is not on the status scale; allowed: "
        "slutford (slutförd), genomford (genomförd),"
    )


# --- Periods --------------------------------------------------------------------------------


def test_survey_round_outside_the_report_period(make_project, problems):
    root = make_project({SURVEYS: survey("      - period: 2024\n        units: [{unit: AVF, respondents: 1}]\n")})
    assert problems(root) == [
        "data/org/rep/surveys.yaml:6:17: error: the survey round's period '2024' lies outside the report's "
        "period 2020–2023; correct the period (or the report's period in report.yaml)"
    ]


def test_indicator_outcome_before_the_report_period_is_a_comparison_value(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series:
              - values:
                  "2019": 75
                  "2021": 77
        """
        }
    )
    assert problems(root) == []


def test_indicator_value_key_that_is_not_a_period(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series:
              - values: {hösten: 75}
        """
        }
    )
    (line,) = problems(root)
    assert line.startswith("data/org/rep/indicators.yaml:7:18: error: 'hösten' is not a period; write one of")


def test_target_outside_the_report_period(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series: [{values: {"2021": 77}}]
            targets: [{period: 2025, value: 80}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:24: error: the target's period '2025' lies outside the report's period "
        "2020–2023; correct the period (or the report's period in report.yaml)"
    ]


def test_before_period_of_a_before_after_table_may_precede_the_report(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: before_after
            before: 2019
            after: 2023
            rows: [{unit: AVF, before: 1, after: 2}]
        """
        }
    )
    assert problems(root) == []


def test_after_period_outside_the_report_period(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: before_after
            before: 2019
            after: 2024
            rows: [{unit: AVF, before: 1, after: 2}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:6:12: error: the 'after' period '2024' lies outside the report's period "
        "2020–2023; correct the period (or the report's period in report.yaml)"
    ]


def test_per_unit_value_for_an_undeclared_period(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: resultat
            title: Resultat
            kind: per_unit
            periods: [2022, 2023]
            rows:
              - {unit: AVF, values: {"2022": 1, "2021": 2}}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:7:41: error: period '2021' is not one of the table's periods (2022, 2023); "
        "add it to 'periods' or correct the key"
    ]


def test_budget_row_outside_the_report_period(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: intakter
            title: Intäkter
            kind: budget_outcome
            rows: [{period: 2019, budget: 10, outcome: 9}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:5:21: error: the row's period '2019' lies outside the report's period "
        "2020–2023; correct the period (or the report's period in report.yaml)"
    ]


# --- References --------------------------------------------------------------------------------


def test_goal_names_an_unknown_indicator(make_project, problems):
    root = make_project(
        {
            GOALS: goals("      - {id: g, title: G, indicators: [hmee]}\n"),
            INDICATORS: """\
            indicators:
              - id: hme
                name: HME
                unit: index
                direction: higher_is_better
                series: [{values: {"2021": 77}}]
            """,
        }
    )
    assert problems(root) == ["data/org/rep/goals.yaml:5:40: error: unknown indicator 'hmee'; did you mean 'hme'?"]


def test_goal_names_a_survey_when_there_is_no_surveys_file(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, surveys: [enkat]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:37: error: unknown survey 'enkat': there is no surveys.yaml in "
        "data/org/rep/; add it or remove the reference"
    ]


def test_goal_names_an_unknown_table(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, tables: [kostnad]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:36: error: unknown table 'kostnad'; finance.yaml or tables.yaml declares none"
    ]


def test_reference_into_an_invalid_file_is_not_reported_twice(make_project, problems):
    root = make_project(
        {
            GOALS: goals("      - {id: g, title: G, indicators: [hme]}\n"),
            INDICATORS: "indicators: []\n",
        }
    )
    assert problems(root) == ["data/org/rep/indicators.yaml:1:13: error: 'indicators' needs at least 1 item, found 0"]


def test_section_file_that_does_not_exist(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, sections: [{title: S, file: saknas.md}]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:55: error: file 'saknas.md' not found: expected content/org/rep/saknas.md; "
        "create it or correct the name"
    ]


def test_attachment_with_an_absolute_path(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: /etc/passwd}]\n"})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:37: error: file path '/etc/passwd' is absolute; write it relative to "
        "content/org/rep/ (e.g. 'bilaga.pdf') and put the file there"
    ]


def test_attachment_that_climbs_out_with_dot_dot(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: ../../../data/x.pdf}]\n"})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:37: error: file path '../../../data/x.pdf' climbs out of the report's content "
        "folder with '..'; put the file in content/org/rep/ and write its name relative to that folder"
    ]


def test_attachment_symlink_leading_outside_the_project(make_project, problems, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF")
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: bilaga.pdf}]\n"})
    (root / "content/org/rep").mkdir(parents=True)
    os.symlink(secret, root / "content/org/rep/bilaga.pdf")
    assert problems(root) == [
        "data/org/rep/report.yaml:6:37: error: file 'bilaga.pdf' is a symbolic link to a place outside the "
        "project; copy the file into content/org/rep/ instead"
    ]


def test_attachment_that_exists_is_accepted(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: bilaga.pdf}]\n"})
    (root / "content/org/rep").mkdir(parents=True)
    (root / "content/org/rep/bilaga.pdf").write_bytes(b"%PDF")
    assert problems(root) == []


def test_section_without_body_or_file(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, sections: [{title: S}]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:38: error: a section needs a 'body' (Markdown text) or a 'file' "
        "(a page under content/org/rep/)"
    ]


def test_unknown_value_reference_in_a_content_page(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\nSumman är {{ värde: tables.saknas.total }}.\n"})
    (line,) = problems(root)
    assert line.startswith("content/org/rep/sida.md:3:11: error: unknown reference 'tables.saknas.total'")


# --- Numbers --------------------------------------------------------------------------------------


def test_score_outside_the_survey_scale(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "      - period: 2022\n        units: [{unit: AVF, respondents: 1, scores: {samlad: 11}}]\n",
                scale="    scale: {min: 1, max: 10}\n",
            )
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:8:62: error: score 11 is outside the survey's scale 1–10; correct the score (or the scale)"
    ]


def test_target_with_both_value_and_range(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series: [{values: {"2021": 77}}]
            targets: [{period: 2023, value: 80, min: 75}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:37: error: a target has either a value or a range (min/max), not both; "
        "remove 'value' or 'min'/'max'"
    ]


def test_target_without_value_or_range(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series: [{values: {"2021": 77}}]
            targets: [{period: 2023}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:15: error: a target needs a 'value' (e.g. value: 80), a range "
        "('min' and/or 'max') or, for a qualitative target, a 'text'"
    ]


def test_value_and_missing_reason_for_the_same_period(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series:
              - values: {"2021": 77}
                missing: {"2021": statistik saknas}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:8:19: error: period '2021' has both a value (77) and a reason it is "
        "missing; remove one of them"
    ]


def test_infinity_is_rejected(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: breakdown
            rows: [{label: A, amount: .inf}]
        """
        }
    )
    assert problems(root) == ["data/org/rep/finance.yaml:5:31: error: amount: infinity is not allowed; write a finite number"]


def test_absurdly_large_number_is_rejected(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: breakdown
            rows: [{label: A, amount: 1e308}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:5:31: error: the number 1e+308 is too large (at most 1e+15 in absolute value); check the value"
    ]


def test_negative_stated_respondent_total(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "      - period: 2022\n        units: [{unit: AVF, respondents: 1}]\n        stated_total: {respondents: -1}\n"
            )
        }
    )
    assert "data/org/rep/surveys.yaml:8:37: error: the number of respondents cannot be negative, found -1" in problems(root)


def test_key_figure_without_stated_or_compute(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "key_figures: [{id: kf, label: A}]\n"})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:15: error: key figure 'kf' needs 'stated' (the number as the source states "
        "it) or 'compute' (how to compute it from the data), or both"
    ]


def test_generic_table_row_with_an_unknown_column(make_project, problems):
    root = make_project(
        {
            TABLES: """\
        tables:
          - id: t
            title: T
            kind: table
            columns: [{id: namn, label: Namn}, {id: antal, label: Antal, sum: true}]
            rows:
              - {namn: A, antall: 3}
        """
        }
    )
    assert problems(root) == ["data/org/rep/tables.yaml:7:19: error: unknown column 'antall'; did you mean 'antal'?"]


def test_image_in_a_content_page_that_climbs_out(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\nText och ![Schema](../../x.png) här.\n"})
    assert problems(root) == [
        "content/org/rep/sida.md:3:10: error: file path '../../x.png' climbs out of the report's content folder "
        "with '..'; put the file in content/org/rep/ and write its name relative to that folder"
    ]


def test_image_in_a_content_page_that_is_missing(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\n![A](a.png) ![B](b.png)\n"})
    (root / "content/org/rep/a.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # images are checked by content: a PNG signature
    assert problems(root) == [
        "content/org/rep/sida.md:3:13: error: file 'b.png' not found: expected content/org/rep/b.png; "
        "create it or correct the name"
    ]


def test_external_images_are_left_to_the_renderer(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\n![Extern](https://example.org/a.png)\n"})
    assert problems(root) == []


def test_chart_reference_to_a_missing_chart_is_located(make_project, problems):
    root = make_project({"content/org/rep/01-text.md": "# Text\n\nSe nedan.\n\n{{ diagram: finns-inte }}\n"})
    lines = [line for line in problems(root) if "unknown chart" in line]
    assert lines and lines[0].startswith("content/org/rep/01-text.md:5:1: error: unknown chart 'finns-inte'")
