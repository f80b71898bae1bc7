"""Gaps found by transcribing kinds of reports that are not bundled: an årsredovisning's goal
follow-up with delmål and indicator tables (Vårgårda kommun 2023), a table of forecast against
outcome per nämnd (Malmö stad, prognossäkerhet 2015)."""

from __future__ import annotations

from test_format import GOALS, INDICATORS, built_page

from followup.build.pipeline import check_project
from followup.compute.report import summarize

FINANCE = "data/org/rep/finance.yaml"


# --- counts per level are Swedish in the singular -------------------------------------------------

ONE_OF_EACH = {
    GOALS: """\
        goal_word: delmål
        perspectives:
          - id: ekonomi
            title: Hållbar ekonomi
            goals:
              - {id: resultat, title: Resultatet, assessment: uppnatt, indicators: [resultat]}
              - {id: soliditet, title: Soliditeten, assessment: ej-uppnatt, indicators: [soliditet]}
        """,
    INDICATORS: """\
        indicators:
          - id: resultat
            name: Resultat
            unit: percent
            direction: higher_is_better
            series: [{values: {"2023": "0,7"}, assessment: {"2023": uppnatt}}]
          - id: soliditet
            name: Soliditet
            unit: percent
            direction: higher_is_better
            series: [{values: {"2023": "37,2"}, assessment: {"2023": ej-uppnatt}}]
        """,
}


def test_one_indicator_per_level_is_counted_in_the_singular(make_project, tmp_path):
    page = built_page(make_project, tmp_path, ONE_OF_EACH, "indikatorer.md")
    assert '<span class="level-counts__n">1 indikator</span>' in page
    assert "1 indikatorer" not in page


def test_goal_counts_per_level_use_the_reports_goal_word(make_project, tmp_path):
    page = built_page(make_project, tmp_path, ONE_OF_EACH, "mal.md")
    assert '<span class="level-counts__n">1 delmål</span>' in page
    assert '<span class="level-counts__n">0 delmål</span>' in page


# --- a column that is the difference of two others (Avvikelse = Bokslut − Prognos) -----------------


def forecast_table(avvikelse: str = "35", difference: str = "[bokslut, prognos]") -> dict[str, str]:
    return {
        FINANCE: f"""\
        tables:
          - id: prognos
            title: Prognosavvikelse, Mkr
            kind: table
            unit: mnkr
            columns:
              - {{id: namnd, label: Nämnd}}
              - {{id: bokslut, label: Bokslut, unit: mnkr, sum: true}}
              - {{id: prognos, label: Delårsrapp jan-aug, unit: mnkr, sum: true}}
              - {{id: avvikelse, label: Avvikelse, unit: mnkr, difference: {difference}}}
            rows:
              - {{namnd: Servicenämnd, bokslut: 67, prognos: 32, avvikelse: {avvikelse}}}
              - {{namnd: Kommunstyrelse, bokslut: "96", prognos: 65, avvikelse: 31}}
        """
    }


def test_difference_column_that_matches_its_columns_gives_no_problem(make_project, problems):
    assert problems(make_project(forecast_table())) == []


def test_difference_column_row_that_does_not_match_is_a_located_error(make_project, problems):
    assert problems(make_project(forecast_table(avvikelse="36"))) == [
        "data/org/rep/finance.yaml:12:68: fel: 'Avvikelse' 36 på raden 'Servicenämnd' stämmer inte med "
        "Bokslut − Delårsrapp jan-aug = 67 − 32 = 35; rätta raden, eller kvittera avvikelsen under "
        "acknowledged: i report.yaml"
    ]


def test_difference_column_mismatch_can_be_acknowledged(make_project, problems, acknowledging):
    files = forecast_table(avvikelse="36")
    files["data/org/rep/report.yaml"] = acknowledging("tables.prognos.rows.servicenämnd.avvikelse", 36, 35)
    assert problems(make_project(files)) == []


def test_difference_naming_an_unknown_column_is_a_located_error(make_project, problems):
    assert problems(make_project(forecast_table(difference="[bokslut, budget]"))) == [
        "data/org/rep/finance.yaml:10:77: fel: okänd kolumn 'budget'; tabellen anger: namnd, bokslut, prognos, avvikelse"
    ]


# --- a target on the change since a base year ("20 procent lägre 2020 jämfört med 2009") ----------

CHANGE_SINCE_BASE_YEAR = {
    INDICATORS: """\
        indicators:
          - id: energi
            name: Energianvändning i kommunens lokaler
            unit: count
            direction: lower_is_better
            series: [{values: {"2009": 183, "2021": 161}}]
            targets:
              - {period: 2021, value: "−6,7", aggregate: change, over: [2009, 2021]}
        """
}


def summary_of(make_project, files: dict[str, str]):
    """The bundle and its summary (the chart functions take both)."""
    project, found = check_project(make_project(files))
    assert [p for p in found if p.severity == "error"] == []
    (bundle,) = project.reports
    return bundle, summarize(bundle)


def test_change_target_is_attained_on_the_percent_change_from_the_first_period(make_project):
    _, summary = summary_of(make_project, CHANGE_SINCE_BASE_YEAR)
    (target,) = summary.indicators[0].targets
    assert (round(target.actual, 2), target.met, target.unit) == (-12.02, True, "percent")


def test_change_target_is_shown_as_a_change_in_percent_as_written(make_project, tmp_path):
    page = built_page(make_project, tmp_path, CHANGE_SINCE_BASE_YEAR, "indikatorer.md")
    assert "en förändring på högst −6,7\u00a0% (2009, 2021)." in page
    assert "Utfall (förändring) −12,0\u00a0%: " in page


def test_change_target_is_no_value_on_the_charts_axis_nor_in_its_table(make_project):
    from followup.charts.indicators import indicator_chart

    bundle, summary = summary_of(make_project, CHANGE_SINCE_BASE_YEAR)
    chart = indicator_chart(bundle, summary.indicators[0])
    assert [c.label for c in chart.table.columns] == ["Grupp", "2009", "2021"]
    assert all(panel["targets"] == [] for panel in chart.data["panels"])
    assert "Målet" not in chart.alt_text


def test_change_target_without_two_periods_is_a_located_error(make_project, problems):
    root = make_project({INDICATORS: CHANGE_SINCE_BASE_YEAR[INDICATORS].replace("over: [2009, 2021]", "over: [2021]")})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:8:50: fel: ett sammanvägt målvärde ('change') behöver de perioder "
        "det gäller i 'over' (minst 2), t.ex. over: [2019, 2020, 2021]"
    ]


def test_a_count_of_one_indicator_is_in_the_singular():
    from followup.compute.goals import IndicatorAssessments

    one = IndicatorAssessments(levels=[], total=1, assessed=1, achieved=0, achieved_plural="gröna", achieved_word="grön")
    assert one.sentence() == "0 av 1 indikator grön"


def test_a_count_of_one_item_is_in_the_singular_in_the_sources_word():
    from followup.compute.deliverables import DeliverableSummary

    def summary(total: int, completed: int) -> str:
        found = DeliverableSummary(total, completed, None, [], [], [], 0, noun="åtgärder", noun_singular="åtgärd")
        return found.sentence()

    assert summary(1, 1) == "1 av 1 åtgärd slutförd"
    assert summary(1234, 2) == "2 av 1\u00a0234 åtgärder slutförda"
