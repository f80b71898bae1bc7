"""Long-term targets: an indicator's target for a period after the report's ("Mål 2020" in a report
for 2014) is shown but not yet due: never met or missed, never counted, no line on the chart."""

from __future__ import annotations

from pathlib import Path

from followup.build.pipeline import check_project
from followup.build.publish import DataVersion
from followup.charts.indicators import indicator_chart
from followup.compute.report import summarize
from followup.site.render import render_project

INDICATORS = "data/org/rep/indicators.yaml"
REPORT = "data/org/rep/report.yaml"
GOALS = "data/org/rep/goals.yaml"
ORG = "data/org/organisation.yaml"

REPORT_2014 = """\
    title: Årsredovisning 2014
    document_type: årsredovisning
    status: fastställd
    period: 2014
    summary: En kort sammanfattning.
    """

ENERGY = """\
    indicators:
      - id: energi
        name: Energianvändning
        unit: kWh/m²
        direction: lower_is_better
        series: [{values: {"2009": 183, "2013": 160, "2014": 150}}]
        targets:
          - {period: 2014, value: 155}
          - {period: 2020, value: 146}
    """

ORGANISATION = """\
    name: Testkommun
    measure_units:
      - {label: kWh/m², plural: kWh/m², decimals: 0}
    """

LONG_TERM = {ORG: ORGANISATION, REPORT: REPORT_2014, INDICATORS: ENERGY}


def _summary(make_project, files: dict[str, str]):
    project, found = check_project(make_project(files))
    assert [p for p in found if p.severity == "error"] == []
    (bundle,) = project.reports
    return bundle, summarize(bundle)


def _page(make_project, tmp_path: Path, files: dict[str, str]) -> str:
    project, found = check_project(make_project(files))
    assert [p for p in found if p.severity == "error"] == []
    docs = tmp_path / "docs"
    render_project(project, docs, version=DataVersion("abc1234", 0))
    return (docs / "org/rep/indikatorer.md").read_text(encoding="utf-8")


def test_target_after_the_report_period_is_no_problem(make_project, problems):
    assert problems(make_project(LONG_TERM)) == []


def test_target_before_the_report_period_is_a_located_error(make_project, problems):
    root = make_project({**LONG_TERM, INDICATORS: ENERGY.replace("{period: 2020,", "{period: 2012,")})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:9:18: fel: målvärdets period '2012' ligger utanför rapportens period 2014; "
        "rätta perioden (eller rapportens period i report.yaml)"
    ]


def test_long_term_target_is_neither_met_nor_missed(make_project):
    _, summary = _summary(make_project, LONG_TERM)
    due, long_term = summary.indicators[0].targets
    assert (due.met, due.long_term) == (True, False)
    assert (long_term.met, long_term.long_term, long_term.due, long_term.missing_reason) == (None, True, "2020", None)


def test_long_term_target_says_how_far_there_is_left(make_project):
    _, summary = _summary(make_project, LONG_TERM)
    long_term = summary.indicators[0].targets[1]
    assert (long_term.latest.period, long_term.remaining) == ("2014", 4)


def test_long_term_target_is_not_counted_in_the_chart_text(make_project):
    bundle, summary = _summary(make_project, LONG_TERM)
    chart = indicator_chart(bundle, summary.indicators[0])
    assert "Målet för 2014 (högst 155\u00a0kWh/m²) nåddes." in chart.alt_text
    assert "2020" not in chart.alt_text


def test_long_term_target_is_left_out_of_the_chart_and_its_note_says_so(make_project):
    bundle, summary = _summary(make_project, LONG_TERM)
    chart = indicator_chart(bundle, summary.indicators[0])
    assert chart.data["periods"] == ["2009", "2013", "2014"]
    assert [panel["targets"] for panel in chart.data["panels"]] == [[155]]
    assert [c.label for c in chart.table.columns] == ["Grupp", "2009", "2013", "2014", "Mål 2014"]
    assert chart.note == (
        "Det långsiktiga målet för 2020 (högst 146\u00a0kWh/m²) visas inte i diagrammet. Axeln börjar inte vid noll."
    )


def test_long_term_target_on_the_page(make_project, tmp_path):
    page = _page(make_project, tmp_path, LONG_TERM)
    assert '<th scope="col">Mål 2020 (långsiktigt)</th>' in page
    assert "Mål 2020 (långsiktigt), alla:\nhögst 146\u00a0kWh/m²." in page
    assert (
        "långsiktigt mål, bedöms inte förrän 2020</span> (utfallet 2014 är 150\u00a0kWh/m², 4\u00a0kWh/m² kvar till målet)"
    ) in page


def test_change_target_ending_after_the_report_is_not_yet_due(make_project, tmp_path):
    files = {
        **LONG_TERM,
        INDICATORS: ENERGY.replace(
            "- {period: 2020, value: 146}", '- {period: 2020, value: "−20", aggregate: change, over: [2009, 2020]}'
        ),
    }
    _, summary = _summary(make_project, files)
    change = summary.indicators[0].targets[1]
    assert (change.met, change.long_term, change.due, change.actual, change.remaining) == (None, True, "2020", None, None)
    page = _page(make_project, tmp_path, files)
    assert "en förändring på högst −20\u00a0% (2009, 2020)." in page
    assert "bedöms inte förrän 2020" in page


def test_long_term_target_does_not_trigger_the_attainment_check(make_project, problems):
    # the organisation rates the goal achieved; the only target the data could weigh is 2020's,
    # which (at 150 against at most 146) would say "not met" were it due
    files = {
        **LONG_TERM,
        INDICATORS: ENERGY.replace("  - {period: 2014, value: 155}\n", ""),
        GOALS: """\
            perspectives:
              - id: miljo
                title: Miljö
                goals:
                  - {id: energi, title: Lägre energianvändning, assessment: uppnatt, indicators: [energi]}
            """,
    }
    bundle, summary = _summary(make_project, files)
    assert summary.attainment == []
    assert problems(make_project(files)) == []
