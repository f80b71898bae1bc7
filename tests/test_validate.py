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
        (
            "data/org/rep/goals.yaml:7:18: fel: 'mal' förekommer två gånger som id för ett mål (första "
            "gången på rad 4); ett id måste vara unikt, så byt id på den ena"
        )
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
        "data/org/rep/goals.yaml:3:10: fel: 'p' förekommer två gånger som id för ett perspektiv (första "
        "gången på rad 2); ett id måste vara unikt, så byt id på den ena"
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
        "data/org/rep/tables.yaml:2:9: fel: 'kostnad' förekommer två gånger som id för en tabell "
        "(första gången på data/org/rep/finance.yaml:2); ett id måste vara unikt, så byt id på den ena"
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
        (
            "data/org/organisation.yaml:4:12: fel: 'AVF' förekommer två gånger som enhetskod (första gången "
            "på rad 3); ta bort eller byt namn på den ena"
        )
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
        "data/org/rep/deliverables.yaml:9:18: fel: 'd1' förekommer två gånger som id för en leverans "
        "(första gången på rad 5); ett id måste vara unikt, så byt id på den ena"
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
        "data/org/rep/report.yaml:8:10: fel: 'kf' förekommer två gånger som id för ett nyckeltal "
        "(första gången på rad 7); ett id måste vara unikt, så byt id på den ena"
    ]


def test_duplicate_indicator_id(make_project, problems):
    indicator = (
        "  - id: hme\n    name: HME\n    unit: index\n    direction: higher_is_better\n    series: [{values: {'2021': 77}}]\n"
    )
    root = make_project({INDICATORS: "indicators:\n" + indicator + indicator})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:9: fel: 'hme' förekommer två gånger som id för en indikator "
        "(första gången på rad 2); ett id måste vara unikt, så byt id på den ena"
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
        (
            "data/org/rep/surveys.yaml:4:40: fel: 'q' förekommer två gånger som id för en fråga (första "
            "gången på rad 4); ett id måste vara unikt, så byt id på den ena"
        )
    ]


# --- Unknown unit codes, groups, questions, scale values ----------------------------------------


def test_unknown_unit_code_in_a_survey_suggests_the_closest(make_project, problems):
    root = make_project({SURVEYS: survey("      - period: 2022\n        units: [{unit: AFV, respondents: 1}]\n")})
    assert problems(root) == ["data/org/rep/surveys.yaml:7:24: fel: okänd enhetskod 'AFV'; menade du 'AVF'?"]


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
        "data/org/rep/finance.yaml:7:16: fel: okänd enhetskod 'XYZ'; data/org/organisation.yaml anger: "
        "AVF, BUF. Lägg till den under 'units:' i data/org/organisation.yaml."
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
    assert problems(root) == ["data/org/rep/finance.yaml:8:16: fel: okänd enhetskod 'BUFF'; menade du 'BUF'?"]


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
    assert problems(root) == ["data/org/rep/indicators.yaml:6:22: fel: okänd grupp 'kvinor'; menade du 'kvinnor'?"]


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
        "data/org/rep/surveys.yaml:8:26: fel: okänd grupp 'xyz'; grupperna är: alla, kvinnor, man. Ange "
        "den under 'groups:' i data/org/organisation.yaml."
    ]


def test_score_for_an_undeclared_question(make_project, problems):
    root = make_project(
        {SURVEYS: survey("      - period: 2022\n        units: [{unit: AVF, respondents: 1, scores: {samlat: 7}}]\n")}
    )
    assert problems(root) == ["data/org/rep/surveys.yaml:7:54: fel: okänd fråga 'samlat'; menade du 'samlad'?"]


def test_assessment_outside_the_scale_lists_the_levels(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, assessment: klart}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:39: fel: 'klart' finns inte på bedömningsskalan; tillåtna är: "
        "uppnatt (uppnått), delvis-uppnatt (delvis uppnått), ej-uppnatt (ej uppnått), kan-ej-bedomas "
        "(kan ej bedömas)"
    ]


def test_assessment_written_as_a_label_suggests_the_id(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, assessment: uppnått}\n")})
    (line,) = problems(root)
    assert line.endswith("Menade du 'uppnatt'?")


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
        "data/org/rep/deliverables.yaml:5:40: fel: 'klar' finns inte på statusskalan; tillåtna är: "
        "slutford (slutförd), genomford (genomförd),"
    )


# --- Periods --------------------------------------------------------------------------------


def test_survey_round_outside_the_report_period(make_project, problems):
    root = make_project({SURVEYS: survey("      - period: 2024\n        units: [{unit: AVF, respondents: 1}]\n")})
    assert problems(root) == [
        "data/org/rep/surveys.yaml:6:17: fel: enkätomgångens period '2024' ligger utanför rapportens "
        "period 2020–2023; rätta perioden (eller rapportens period i report.yaml)"
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
    assert line.startswith("data/org/rep/indicators.yaml:7:18: fel: 'hösten' är ingen period; skriv den på någon av formerna")


def test_target_outside_the_report_period(make_project, problems):
    # a target before the report's period; one after it is a long-term target (test_future_targets.py)
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: hme
            name: HME
            unit: index
            direction: higher_is_better
            series: [{values: {"2021": 77}}]
            targets: [{period: 2019, value: 80}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:24: fel: målvärdets period '2019' ligger utanför rapportens "
        "period 2020–2023; rätta perioden (eller rapportens period i report.yaml)"
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
        "data/org/rep/finance.yaml:6:12: fel: perioden 'after' '2024' ligger utanför rapportens period "
        "2020–2023; rätta perioden (eller rapportens period i report.yaml)"
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
        "data/org/rep/finance.yaml:7:41: fel: perioden '2021' är inte en av tabellens perioder (2022, "
        "2023); lägg till den i 'periods' eller rätta nyckeln"
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
        "data/org/rep/finance.yaml:5:21: fel: radens period '2019' ligger utanför rapportens period "
        "2020–2023; rätta perioden (eller rapportens period i report.yaml)"
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
    assert problems(root) == ["data/org/rep/goals.yaml:5:40: fel: okänd indikator 'hmee'; menade du 'hme'?"]


def test_goal_names_a_survey_when_there_is_no_surveys_file(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, surveys: [enkat]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:37: fel: okänd enkät 'enkat': det finns ingen surveys.yaml i "
        "data/org/rep/; lägg till den eller ta bort hänvisningen"
    ]


def test_goal_names_an_unknown_table(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, tables: [kostnad]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:36: fel: okänd tabell 'kostnad'; finance.yaml eller tables.yaml anger inga"
    ]


def test_reference_into_an_invalid_file_is_not_reported_twice(make_project, problems):
    root = make_project(
        {
            GOALS: goals("      - {id: g, title: G, indicators: [hme]}\n"),
            INDICATORS: "indicators: []\n",
        }
    )
    assert problems(root) == ["data/org/rep/indicators.yaml:1:13: fel: 'indicators' behöver minst 1 punkt; här finns 0"]


def test_section_file_that_does_not_exist(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, sections: [{title: S, file: saknas.md}]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:55: fel: filen 'saknas.md' finns inte: den ska ligga i "
        "content/org/rep/saknas.md; skapa den eller rätta namnet"
    ]


def test_attachment_with_an_absolute_path(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: /etc/passwd}]\n"})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:37: fel: sökvägen '/etc/passwd' är absolut; skriv den relativt till "
        "content/org/rep/ (t.ex. 'bilaga.pdf') och lägg filen där"
    ]


def test_attachment_that_climbs_out_with_dot_dot(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: ../../../data/x.pdf}]\n"})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:37: fel: sökvägen '../../../data/x.pdf' går ut ur rapportens "
        "innehållsmapp med '..'; lägg filen i content/org/rep/ och skriv dess namn relativt till den "
        "mappen"
    ]


def test_attachment_symlink_leading_outside_the_project(make_project, problems, tmp_path):
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF")
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: bilaga.pdf}]\n"})
    (root / "content/org/rep").mkdir(parents=True)
    os.symlink(secret, root / "content/org/rep/bilaga.pdf")
    assert problems(root) == [
        "data/org/rep/report.yaml:6:37: fel: filen 'bilaga.pdf' är en symbolisk länk till en plats "
        "utanför projektet; kopiera filen till content/org/rep/ i stället"
    ]


def test_attachment_that_exists_is_accepted(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "attachments: [{title: Bilaga, file: bilaga.pdf}]\n"})
    (root / "content/org/rep").mkdir(parents=True)
    (root / "content/org/rep/bilaga.pdf").write_bytes(b"%PDF")
    assert problems(root) == []


def test_section_without_body_or_file(make_project, problems):
    root = make_project({GOALS: goals("      - {id: g, title: G, sections: [{title: S}]}\n")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:38: fel: ett avsnitt behöver 'body' (text i Markdown) eller 'file' "
        "(en sida under content/org/rep/)"
    ]


def test_unknown_value_reference_in_a_content_page(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\nSumman är {{ värde: tables.saknas.total }}.\n"})
    (line,) = problems(root)
    assert line.startswith("content/org/rep/sida.md:3:11: fel: okänd referens 'tables.saknas.total'")


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
        "data/org/rep/surveys.yaml:8:62: fel: värdet 11 ligger utanför enkätens skala 1–10; rätta värdet (eller skalan)"
    ]


def test_stated_total_score_outside_the_survey_scale(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "      - period: 2022\n"
                "        units: [{unit: AVF, respondents: 1, scores: {samlad: 8}}]\n"
                "        stated_total: {scores: {samlad: 12}}\n",
                scale="    scale: {min: 1, max: 10}\n",
            )
        }
    )
    assert [line for line in problems(root) if "skala" in line] == [
        "data/org/rep/surveys.yaml:9:41: fel: värdet 12 ligger utanför enkätens skala 1–10; rätta värdet (eller skalan)"
    ]


def test_indicator_value_outside_the_indicator_scale(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: nki
            name: NKI
            unit: score
            direction: higher_is_better
            scale: {min: 1, max: 10}
            series:
              - values: {"2021": 7, "2022": "10,5"}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:8:37: fel: värdet 10,5 ligger utanför indikatorns skala 1–10; rätta värdet (eller skalan)"
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
        "data/org/rep/indicators.yaml:7:37: fel: ett målvärde har antingen ett värde eller ett "
        "intervall (min/max), inte båda; ta bort 'value' eller 'min'/'max'"
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
        "data/org/rep/indicators.yaml:7:15: fel: ett målvärde behöver 'value' (t.ex. value: 80), ett "
        "intervall ('min' och/eller 'max') eller, för ett kvalitativt mål, 'text'"
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
        "data/org/rep/indicators.yaml:8:19: fel: perioden '2021' har både ett värde (77) och ett skäl "
        "till att värdet saknas; ta bort det ena"
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
    assert problems(root) == [(
        "data/org/rep/finance.yaml:5:31: fel: amount: ett oändligt värde är inte tillåtet; skriv ett "
        "ändligt tal"
    )]


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
        "data/org/rep/finance.yaml:5:31: fel: talet 1e+308 är för stort (högst 1e+15 till beloppet); kontrollera värdet"
    ]


def test_negative_stated_respondent_total(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "      - period: 2022\n        units: [{unit: AVF, respondents: 1}]\n        stated_total: {respondents: -1}\n"
            )
        }
    )
    assert "data/org/rep/surveys.yaml:8:37: fel: antalet svarande kan inte vara negativt; här står -1" in problems(root)


def test_key_figure_without_stated_or_compute(make_project, problems):
    root = make_project({REPORT: REPORT_HEAD + "key_figures: [{id: kf, label: A}]\n"})
    assert problems(root) == [
        "data/org/rep/report.yaml:6:15: fel: nyckeltalet 'kf' behöver 'stated' (talet som källan anger "
        "det) eller 'compute' (hur det räknas ut ur data), eller båda"
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
    assert problems(root) == ["data/org/rep/tables.yaml:7:19: fel: okänd kolumn 'antall'; menade du 'antal'?"]


def test_image_in_a_content_page_that_climbs_out(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\nText och ![Schema](../../x.png) här.\n"})
    assert problems(root) == [
        "content/org/rep/sida.md:3:10: fel: sökvägen '../../x.png' går ut ur rapportens innehållsmapp "
        "med '..'; lägg filen i content/org/rep/ och skriv dess namn relativt till den mappen"
    ]


def test_image_in_a_content_page_that_is_missing(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\n![A](a.png) ![B](b.png)\n"})
    (root / "content/org/rep/a.png").write_bytes(b"\x89PNG\r\n\x1a\n")  # images are checked by content: a PNG signature
    assert problems(root) == [
        "content/org/rep/sida.md:3:13: fel: filen 'b.png' finns inte: den ska ligga i "
        "content/org/rep/b.png; skapa den eller rätta namnet"
    ]


def test_external_images_are_left_to_the_renderer(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "# Sida\n\n![Extern](https://example.org/a.png)\n"})
    assert problems(root) == []


def test_chart_reference_to_a_missing_chart_is_located(make_project, problems):
    root = make_project({"content/org/rep/01-text.md": "# Text\n\nSe nedan.\n\n{{ diagram: finns-inte }}\n"})
    lines = [line for line in problems(root) if "okänt diagram" in line]
    assert lines and lines[0].startswith("content/org/rep/01-text.md:5:1: fel: okänt diagram 'finns-inte'")
