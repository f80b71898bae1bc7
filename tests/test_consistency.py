"""Consistency checks: stated totals, differences, means and key figures against the data."""

from __future__ import annotations

import pytest

from followup.build.pipeline import check_project
from followup.check.compare import classify, compare
from followup.compute import crosschecks
from followup.compute import stated as consistency
from followup.compute.report import summarize
from followup.load.loader import load_project
from followup.model.numbers import parse_stated_number

SURVEYS = "data/org/rep/surveys.yaml"
FINANCE = "data/org/rep/finance.yaml"
TABLES = "data/org/rep/tables.yaml"
REPORT = "data/org/rep/report.yaml"

REPORT_HEAD = """\
title: Testrapport
document_type: uppföljning
status: utkast
period: 2020–2023
summary: Text.
"""


def survey(units: str, stated: str) -> str:
    return (
        "surveys:\n"
        "  - id: enkat\n"
        "    title: Enkät\n"
        "    questions: [{id: samlad, text: Samlad bedömning}]\n"
        "    rounds:\n"
        "      - period: 2022 apr–dec\n"
        "        units:\n" + units + "        stated_total: " + stated + "\n"
    )


# --- The tolerance rule -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "stated,computed,outcome",
    [
        ("7,77", 7.768, "ok"),  # within ±0,005
        ("7,77", 7.7749, "ok"),
        ("7,77", 7.764, "rounding"),  # one unit off in the last decimal: a warning
        ("7,77", 7.75, "mismatch"),
        ("7,8", 7.768, "ok"),  # fewer decimals: a wider tolerance
        ("39", 39, "ok"),
        ("39", 38, "mismatch"),  # whole numbers get no rounding leeway
        ("−13 225", -13225, "ok"),
        ("+ 28 000", 28000, "ok"),
    ],
)
def test_tolerance_follows_the_stated_precision(stated, computed, outcome):
    assert classify(parse_stated_number(stated), computed) == outcome


def test_approximate_figures_are_checked_within_five_percent():
    stated = parse_stated_number("2 000 000")
    assert classify(stated, 2_090_000, approximate=True) == "ok"
    assert classify(stated, 2_200_000, approximate=True) == "approximate"


def test_compare_gives_matches_and_severity():
    assert compare(parse_stated_number("39"), 39) == (True, "ok")
    assert compare(parse_stated_number("39"), 38) == (False, "error")
    assert compare(parse_stated_number("7,77"), 7.764) == (False, "warning")


# --- Surveys ------------------------------------------------------------------------------------


def test_stated_respondents_that_do_not_add_up_are_an_error(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "          - {unit: AVF, respondents: 20}\n          - {unit: BUF, respondents: 18}\n",
                "{respondents: 39}",
            )
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:10:37: fel: antalet svarande 39 för 2022 apr–dec stämmer inte med summan av "
        "enheternas svarande (38); rätta summan eller enheternas rader, eller kvittera avvikelsen under "
        "acknowledged: i report.yaml"
    ]


def test_stated_mean_is_the_respondent_weighted_mean_of_the_units(make_project, problems):
    # The Eskilstuna seed's 2022 round: 7,77 is the weighted mean of the unit scores.
    root = make_project(
        {
            SURVEYS: survey(
                "          - {unit: AVF, respondents: 1, scores: {samlad: 7}}\n"
                "          - {unit: BUF, respondents: 11, scores: {samlad: '7,18'}}\n"
                "          - {unit: AVF2, respondents: 27, scores: {samlad: '8,0389'}}\n",
                "{respondents: 39, scores: {samlad: '7,77'}}",
            ),
            "data/org/organisation.yaml": """\
        name: Testkommun
        units: [{code: AVF, name: A}, {code: BUF, name: B}, {code: AVF2, name: C}]
        """,
        }
    )
    assert problems(root) == []


def test_units_without_score_or_respondents_are_left_out_of_the_mean(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "          - {unit: AVF, respondents: 3, scores: {samlad: 8}}\n"
                "          - {unit: BUF, respondents: 0, scores: {samlad: null}}\n",
                "{respondents: 3, scores: {samlad: '8,00'}}",
            )
        }
    )
    assert problems(root) == []


def test_stated_mean_that_differs_is_a_warning(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "          - {unit: AVF, respondents: 1, scores: {samlad: 8}}\n"
                "          - {unit: BUF, respondents: 3, scores: {samlad: 9}}\n",
                "{respondents: 4, scores: {samlad: '8,50'}}",
            )
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:10:57: varning: medelvärdet 8,50 för 'samlad' 2022 apr–dec stämmer inte med "
        "enheternas medelvärde viktat med antalet svarande (8,75); källan kan ha räknat bara dem som besvarat "
        "frågan: kontrollera summaraden och enheternas rader, eller kvittera avvikelsen under acknowledged: i "
        "report.yaml"
    ]


def test_stated_mean_off_in_the_last_decimal_is_a_rounding_warning(make_project, problems):
    root = make_project(
        {
            SURVEYS: survey(
                "          - {unit: AVF, respondents: 1, scores: {samlad: '8,33'}}\n"
                "          - {unit: BUF, respondents: 2, scores: {samlad: '8,40'}}\n",
                "{respondents: 3, scores: {samlad: '8,37'}}",
            )
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:10:57: varning: medelvärdet 8,37 för 'samlad' 2022 apr–dec stämmer inte med "
        "enheternas medelvärde viktat med antalet svarande (8,3767), avrundat 8,38; källan har troligen avrundat "
        "på annat sätt: kontrollera sista decimalen, eller kvittera avvikelsen under acknowledged: i report.yaml"
    ]


# --- Tables ------------------------------------------------------------------------------------


def test_stated_difference_must_be_outcome_minus_budget(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: intakter
            title: Intäkter
            kind: budget_outcome
            rows:
              - {period: 2020, budget: "295 591", outcome: "282 366", stated_difference: "−13 225"}
              - {period: 2021, budget: "296 987", outcome: "282 488", stated_difference: "-14 599"}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:7:82: fel: differensen -14 599 för 2021 stämmer inte med utfall − budget = "
        "282 488 − 296 987 = -14 499; rätta differensen, budgeten eller utfallet, eller kvittera avvikelsen under "
        "acknowledged: i report.yaml"
    ]


def test_per_unit_stated_total_must_be_the_column_sum(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: resultat
            title: Resultat
            kind: per_unit
            periods: [2022, 2023]
            rows:
              - {unit: AVF, values: {"2022": "-6 000", "2023": "-27 000"}}
              - {unit: BUF, values: {"2022": "+21 000", "2023": "+ 30 000"}}
            stated_totals: {"2022": "+ 15 000", "2023": "+ 4 000"}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:9:49: fel: summan + 4 000 för 2023 stämmer inte med summan av enheternas "
        "rader (3 000); rätta summan eller enheternas rader, eller kvittera avvikelsen under acknowledged: i "
        "report.yaml"
    ]


def test_breakdown_stated_total_must_be_the_sum(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: intakter
            title: Intäkter
            kind: breakdown
            rows: [{label: "2022", amount: "5 576 000"}, {label: "2023", amount: "6 209 000"}]
            stated_total: "11 875 000"
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:6:19: fel: summan 11 875 000 stämmer inte med summan av raderna "
        "(11 785 000); rätta summan eller raderna, eller kvittera avvikelsen under acknowledged: i report.yaml"
    ]


def test_approximate_breakdown_far_off_is_a_warning(make_project, problems):
    root = make_project(
        {
            FINANCE: """\
        tables:
          - id: kostnad
            title: Kostnad
            kind: breakdown
            approximate: true
            rows: [{label: A, amount: "1 000 000"}, {label: B, amount: "800 000"}]
            stated_total: "2 000 000"
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:7:19: varning: summan 2 000 000 avviker mer än 5 procent från summan av raderna "
        "(1 800 000), också för en ungefärlig siffra (cirka); rätta summan eller raderna, eller kvittera "
        "avvikelsen under acknowledged: i report.yaml"
    ]


def test_generic_table_stated_totals_are_column_sums(make_project, problems):
    root = make_project(
        {
            TABLES: """\
        tables:
          - id: t
            title: T
            kind: table
            columns: [{id: namn, label: Namn}, {id: antal, label: Antal, sum: true}]
            rows: [{namn: A, antal: 2}, {namn: B, antal: 3}]
            stated_totals: {antal: 6}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/tables.yaml:7:28: fel: summan 6 i kolumnen 'Antal' stämmer inte med summan av raderna "
        "(5); rätta summan eller raderna, eller kvittera avvikelsen under acknowledged: i report.yaml"
    ]


# --- Key figures ---------------------------------------------------------------------------------

BREAKDOWN = """\
tables:
  - id: intakter
    title: Intäkter
    kind: breakdown
    rows: [{label: "2022", amount: "5 576 000"}, {label: "2023", amount: "6 209 000"}]
"""


def test_key_figure_that_matches_its_computation(make_project, problems):
    root = make_project(
        {
            FINANCE: BREAKDOWN,
            REPORT: REPORT_HEAD
            + """\
key_figures:
  - id: intakter
    label: Intäkter totalt
    stated: "11 785 000"
    compute: {op: sum, of: [tables.intakter.total]}
  - id: andel
    label: Andel 2022
    unit: percent
    stated: "47,3"
    compute: {op: percent_of, of: [tables.intakter.rows.2022, tables.intakter.total]}
""",
        }
    )
    assert problems(root) == []


def test_key_figure_that_does_not_match_is_an_error(make_project, problems):
    root = make_project(
        {
            FINANCE: BREAKDOWN,
            REPORT: REPORT_HEAD
            + """\
key_figures:
  - id: intakter
    label: Intäkter totalt
    stated: "11 875 000"
    compute: {op: sum, of: [tables.intakter.total]}
""",
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:9:13: fel: nyckeltalet 'Intäkter totalt' 11 875 000 stämmer inte med värdet "
        "av Intäkter (11 785 000); rätta nyckeltalet eller värdena det räknas fram ur, eller kvittera avvikelsen "
        "under acknowledged: i report.yaml"
    ]


def test_key_figure_with_an_unknown_reference_is_located_at_the_operand(make_project, problems):
    root = make_project(
        {
            FINANCE: BREAKDOWN,
            REPORT: REPORT_HEAD
            + """\
key_figures:
  - id: intakter
    label: Intäkter totalt
    stated: "11 785 000"
    compute:
      op: sum
      of:
        - tables.intakter.total
        - tables.intakterr.total
""",
        }
    )
    (line,) = problems(root)
    assert line.startswith("data/org/rep/report.yaml:14:11: fel: okänd referens 'tables.intakterr.total'; menade du")


# --- Results for the pages ----------------------------------------------------------------------


def test_check_report_returns_stated_and_computed_values(make_project):
    root = make_project(
        {
            SURVEYS: survey(
                "          - {unit: AVF, respondents: 20}\n          - {unit: BUF, respondents: 18}\n",
                "{respondents: 39}",
            )
        }
    )
    project, _ = check_project(root)
    (result,) = crosschecks.check_report(project.reports[0], summarize(project.reports[0]))
    assert (result.kind, result.stated.value, result.computed, result.ok, result.severity) == (
        "survey_respondents",
        39,
        38,
        False,
        "error",
    )
    assert result.ref == "surveys.enkat.2022 apr–dec.respondents"
    assert result.location == (SURVEYS, 10, 37)
    assert consistency.results_by_ref([result])[result.ref] is result


def test_problems_from_leaves_out_matching_results(make_project):
    root = make_project({SURVEYS: survey("          - {unit: AVF, respondents: 39}\n", "{respondents: 39}")})
    project, _ = check_project(root)
    results = crosschecks.check_report(project.reports[0], summarize(project.reports[0]))
    assert [r.ok for r in results] == [True]
    assert consistency.problems_from(results) == []


def test_seed_totals_are_recomputed(repo_root):
    project, _ = load_project(repo_root)
    results = consistency.results_by_ref([r for b in project.reports for r in crosschecks.check_report(b, summarize(b))])
    respondents = results["surveys.kunddialog.2022 apr–dec.respondents"]
    assert (respondents.stated.value, respondents.computed, respondents.ok) == (39, 39, True)
    mean = results["surveys.kunddialog.2022 apr–dec.samlad-bedomning"]
    assert mean.ok and mean.computed == pytest.approx(7.7682, abs=1e-4)
    assert not [r for r in results.values() if r.severity == "error"]


def test_key_figure_is_not_reported_when_its_source_file_is_invalid(make_project, problems):
    root = make_project(
        {
            FINANCE: "tables: []\n",
            REPORT: REPORT_HEAD
            + """\
key_figures:
  - id: intakter
    label: Intäkter totalt
    stated: "11 785 000"
    compute: {op: sum, of: [tables.intakter.total]}
""",
        }
    )
    assert problems(root) == ["data/org/rep/finance.yaml:1:9: fel: 'tables' behöver minst 1 punkt; här finns 0"]
