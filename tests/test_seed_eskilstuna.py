"""The Eskilstuna seed (Servicenämndens 4-åriga processmål 2020-2023) loads as the source states it.

Numbers are checked against 000_798feb2dc6638d86.txt: the Statistik tables, the
sick-leave table, the Försäljningsintäkter table and the assessment table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.build.pipeline import check_project
from followup.compute.references import compute_key_figure
from followup.load.loader import load_project

REPO = Path(__file__).resolve().parent.parent
ORG = "eskilstuna"
REPORT = "processmal-2020-2023"
CONTENT = REPO / "content" / ORG / REPORT


@pytest.fixture(scope="module")
def bundle():
    project, _problems = load_project(REPO)
    for report in project.reports:
        if (report.org_id, report.report_id) == (ORG, REPORT):
            return report
    pytest.fail(f"the report data/{ORG}/{REPORT} was not loaded")


def test_eskilstuna_files_load_without_problems():
    _project, problems = load_project(REPO)
    mine = [p for p in problems if f"/{ORG}/" in str(p.path)]
    assert mine == []


@pytest.fixture(scope="module")
def kunddialog(bundle):
    (survey,) = [s for s in bundle.surveys.surveys if s.id == "kunddialog"]
    return survey


def _indicator(bundle, indicator_id):
    (indicator,) = [i for i in bundle.indicators.indicators if i.id == indicator_id]
    return indicator


def _series(indicator, group):
    (series,) = [s for s in indicator.series if s.group == group]
    return series


def _unit(survey_round, code):
    (result,) = [u for u in survey_round.units if u.unit == code]
    return result


def _group(survey_round, group_id):
    (result,) = [g for g in survey_round.groups if g.group == group_id]
    return result


def test_eskilstuna_survey_has_two_rounds_2022_and_2023(kunddialog):
    assert [r.period.start.year for r in kunddialog.rounds] == [2022, 2023]
    assert kunddialog.rounds[0].period.start.month == 4
    assert kunddialog.rounds[0].period.end.month == 12


def test_eskilstuna_survey_respondents_add_up_to_stated_39_and_68(kunddialog):
    sums = [sum(u.respondents for u in r.units) for r in kunddialog.rounds]
    stated = [r.stated_total.respondents.value for r in kunddialog.rounds]
    assert sums == [39, 68]
    assert stated == [39, 68]


def test_eskilstuna_survey_has_every_unit_column_of_the_statistik_tables(kunddialog):
    codes = ["AVF", "BUF", "KLK", "KFF", "MRF", "SEF", "SF", "SBF", "VOF", "ANNAT"]
    for survey_round in kunddialog.rounds:
        assert [u.unit for u in survey_round.units] == codes


@pytest.mark.parametrize(
    "round_index,unit,question,score",
    [
        (0, "BUF", "samlad-bedomning", 7.18),
        (0, "VOF", "motsvarad-forvantan", 5.73),
        (0, "MRF", "bemotande", 9.67),
        (0, "ANNAT", "aterkoppling", 6),
        (1, "SEF", "samlad-bedomning", 9.2),
        (1, "KLK", "aterkoppling", 9.83),
        (1, "KFF", "bemotande", 8.75),
        (1, "VOF", "samlad-bedomning", 7.17),
    ],
)
def test_eskilstuna_unit_scores_load_as_stated(kunddialog, round_index, unit, question, score):
    result = _unit(kunddialog.rounds[round_index], unit)
    assert result.scores[question] == pytest.approx(score)


def test_eskilstuna_empty_cells_of_annat_2023_stay_missing(kunddialog):
    annat = _unit(kunddialog.rounds[1], "ANNAT")
    assert annat.respondents == 0
    assert set(annat.scores) == {"samlad-bedomning", "aterkoppling", "motsvarad-forvantan", "bemotande"}
    assert all(score is None for score in annat.scores.values())


@pytest.mark.parametrize(
    "round_index,question,text",
    [
        (0, "samlad-bedomning", "7,77"),
        (0, "aterkoppling", "8,13"),
        (0, "motsvarad-forvantan", "7,36"),
        (0, "bemotande", "8,58"),
        (1, "samlad-bedomning", "8,40"),
        (1, "aterkoppling", "8,54"),
        (1, "motsvarad-forvantan", "7,92"),
        (1, "bemotande", "9,11"),
    ],
)
def test_eskilstuna_stated_total_scores_keep_their_two_decimals(kunddialog, round_index, question, text):
    stated = kunddialog.rounds[round_index].stated_total.scores[question]
    assert float(stated.value) == pytest.approx(float(text.replace(",", ".")))
    assert stated.decimals == 2


@pytest.mark.parametrize(
    "round_index,group,respondents,score",
    [(0, "kvinnor", 25, 7.88), (0, "man", 9, 7.78), (1, "kvinnor", 43, 8.30), (1, "man", 12, 8.00)],
)
def test_eskilstuna_women_and_men_results_load_with_their_n(kunddialog, round_index, group, respondents, score):
    result = _group(kunddialog.rounds[round_index], group)
    assert result.respondents == respondents
    assert result.scores["samlad-bedomning"] == pytest.approx(score)


def test_eskilstuna_survey_scale_is_the_10_point_scale(kunddialog):
    assert kunddialog.scale.max == 10
    assert kunddialog.scale.label == "10-gradig skala"


@pytest.mark.parametrize(
    "group,values,target",
    [
        ("alla", {"2021": 6.5, "2022": 7.3, "2023": 6.5}, 6.5),
        ("kvinnor", {"2021": 6.9, "2022": 8.0, "2023": 7.3}, 6.5),
        ("man", {"2021": 4.6, "2022": 5.3, "2023": 4.5}, 4.0),
    ],
)
def test_eskilstuna_sick_leave_table_loads_as_stated(bundle, group, values, target):
    indicator = _indicator(bundle, "sjukfranvaro")
    assert indicator.unit == "percent"
    assert indicator.direction == "lower_is_better"
    assert _series(indicator, group).values == pytest.approx(values)
    (goal,) = [t for t in indicator.targets if t.group == group]
    assert goal.period.start.year == 2023 and goal.period.end.year == 2023
    assert goal.value == pytest.approx(target)


def test_eskilstuna_sick_leave_2023_is_marked_as_rolling_window(bundle):
    notes = _series(_indicator(bundle, "sjukfranvaro"), "alla").notes
    assert "december 2022 – november 2023" in notes["2023"]


def test_eskilstuna_hme_2022_is_missing_with_a_reason_not_zero(bundle):
    hme = _indicator(bundle, "hme")
    series = _series(hme, "alla")
    assert series.values == {"2021": 77, "2022": None, "2023": 79}
    assert series.missing == {"2022": "anges inte i rapporten"}
    assert hme.direction == "higher_is_better"
    assert [t.value for t in hme.targets] == [80]


@pytest.mark.parametrize(
    "year,budget,outcome,difference,text",
    [
        (2020, 295591, 282366, -13225, "-13 225"),
        (2021, 296987, 282488, -14499, "-14 499"),
        (2022, 303446, 302711, -735, "-735"),
        (2023, 326951, 320537, -6414, "-6 414"),
    ],
)
def test_eskilstuna_budget_differences_are_outcome_minus_budget_as_printed(bundle, year, budget, outcome, difference, text):
    (table,) = [t for t in bundle.tables if t.id == "forsaljningsintakter"]
    assert table.kind == "budget_outcome"
    (row,) = [r for r in table.rows if r.period.start.year == year]
    assert (row.budget, row.outcome) == (budget, outcome)
    assert float(row.stated_difference.value) == difference == row.outcome - row.budget
    assert row.stated_difference.text == text


def test_eskilstuna_goal_assessments_follow_the_assessment_table(bundle):
    found = [
        (perspective.title, goal.title, goal.assessment)
        for perspective in bundle.goals.perspectives
        for goal in perspective.goals
    ]
    assert found == [
        ("God kvalitet och värdeskapande processer", "Nöjda kunder och invånare", "uppnatt"),
        ("Attraktiv arbetsgivare", "Engagerade och friska medarbetare", "uppnatt"),
        ("Stabil ekonomi", "Effektiva tjänster och processer", "delvis-uppnatt"),
    ]


def test_eskilstuna_goals_keep_all_priorities_set_after_2021(bundle):
    goals = [goal for perspective in bundle.goals.perspectives for goal in perspective.goals]
    assert [len(goal.priorities.items) for goal in goals] == [3, 2, 2]
    assert all(goal.priorities.set_at == "uppföljningen efter 2021" for goal in goals)


def test_eskilstuna_goal_narratives_point_at_existing_content_files(bundle):
    for perspective in bundle.goals.perspectives:
        for goal in perspective.goals:
            assert goal.sections, goal.id
            for section in goal.sections:
                assert (CONTENT / section.file).is_file(), section.file


def test_eskilstuna_content_files_start_with_a_heading():
    files = sorted(CONTENT.glob("*.md"))
    assert files
    for path in files:
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


def test_eskilstuna_unit_registry_names_every_unit_of_the_survey(bundle, kunddialog):
    names = {unit.code: unit.name for unit in bundle.organisation.units}
    assert names["AVF"] == "Arbetsmarknads- och vuxenutbildningsförvaltningen"
    assert names["MRF"] == "Miljö- och räddningstjänstförvaltningen"
    for survey_round in kunddialog.rounds:
        assert {u.unit for u in survey_round.units} <= set(names)


def test_eskilstuna_report_keeps_the_2019_wording_and_flags_it(bundle):
    report = bundle.report
    assert report.title == "Uppföljning av servicenämndens 4-åriga processmål 2020-2023"
    assert (report.period.start.year, report.period.end.year) == (2020, 2023)
    assert "processmål 2019-2023" in report.decision.proposal
    assert any(note.kind == "discrepancy" and "2019-2023" in note.text for note in report.source_notes)
    assert report.status == "förslag"
    assert [(p.name, p.title) for p in report.signed_by] == [("Jörgen Axelsson", "förvaltningschef")]


@pytest.mark.parametrize("figure_id", ["kunddialog-samlad-2022", "hme-2023", "sjukfranvaro-2023", "sjukfranvaro-sankning"])
def test_eskilstuna_key_figures_agree_with_the_data_they_come_from(bundle, figure_id):
    (figure,) = [k for k in bundle.report.key_figures if k.id == figure_id]
    computed = compute_key_figure(bundle, figure)
    assert abs(computed.value - float(figure.stated.value)) <= figure.stated.tolerance


def test_eskilstuna_key_figure_8_40_is_kept_as_stated_although_the_weighted_mean_is_8_39(bundle):
    (figure,) = [k for k in bundle.report.key_figures if k.id == "kunddialog-samlad-2023"]
    assert figure.stated.text == "8,40"
    assert round(compute_key_figure(bundle, figure).value, 2) == 8.39


def test_eskilstuna_passes_all_checks_without_errors():
    _project, problems = check_project(REPO)
    errors = [p for p in problems if f"/{ORG}/" in str(p.path) and p.severity == "error"]
    assert errors == []
