"""A region's goal follow-up as a målkort with traffic lights (grön/gul/röd) per indicator,
targets per year written as thresholds ('>100', '<14 %'), outcomes against the year's target
and a comment per indicator: Region Jämtland Härjedalen's published follow-up of the
regionstyrelse's short-term key figures (kortsiktiga nyckeltal), Stratsys published view,
https://web5.stratsys.se/publishedview/jamtlandharjedalen/6B46C7BF-8F96-4080-B2CA-4F76F1333CA3/6b46c7bf-8f96-4080-b2ca-4f76f1333ca3.html
"""

from __future__ import annotations

from test_format import GOALS, INDICATORS, ORG, REPORT, built_page

ORGANISATION = """\
    name: Region Jämtland Härjedalen
    kind: region
    units:
      - {code: RS, name: Regionstyrelsen}
    assessment_scale:
      - {id: gron, label: grön, symbol: "●", category: achieved}
      - {id: gul, label: gul, symbol: "◐", category: partly_achieved}
      - {id: rod, label: röd, symbol: "○", category: not_achieved}
    """

REPORT_YAML = """\
    title: Uppföljning av regionstyrelsens kortsiktiga nyckeltal 2024
    document_type: uppföljning
    status: fastställd
    period: 2024
    summary: Kortsiktiga nyckeltal med utfall, mål och kommentar.
    """

KEY_FIGURES = """\
    indicators:
      - id: soliditet
        name: Soliditet (ökning) exklusive ansvarsförbindelsen (RJH totalt)
        description: Eget kapital dividerat med totalt kapital.
        unit: percent
        direction: higher_is_better
        series: [{values: {"2024": "-14,5"}, assessment: {"2024": gron}}]
        targets:
          - {period: 2024, value: "-15,8 %"}
          - {period: 2025, value: "-14 %"}
          - {period: 2026, value: "-4,7 %"}
      - id: kassalikviditet
        name: Kassalikviditet inkl. pensionsplaceringar (RJH totalt)
        description: (Omsättningstillgångar - Varulager) / Kortfristiga skulder * 100
        unit: percent
        direction: higher_is_better
        series: [{values: {"2024": "237,1 %"}, assessment: {"2024": gron}}]
        targets:
          - {period: 2024, value: ">100"}
          - {period: 2025, value: ">100"}
          - {period: 2026, value: ">100"}
      - id: bruttokostnadsutveckling
        name: Bruttokostnadsutveckling (RJH totalt)
        description: Bruttokostnadsutveckling för Region Jämtland Härjedalen totalt.
        unit: percent
        direction: lower_is_better
        series: [{values: {"2024": "9,4 %"}, assessment: {"2024": rod}}]
        targets:
          - {period: 2024, value: "-0,5 %"}
          - {period: 2025, value: "0,0 %"}
          - {period: 2026, value: "-0,9 %"}
      - id: nettokostnadsutveckling
        name: Nettokostnadsutveckling (RJH totalt)
        description: Årets nettokostnad/ föregående års nettokostnad.
        unit: percent
        direction: lower_is_better
        series: [{values: {"2024": "11,6"}, assessment: {"2024": rod}}]
        targets:
          - {period: 2024, value: "0,6 %"}
          - {period: 2025, value: "0,0 %"}
          - {period: 2026, value: "-1,1"}
      - id: leverantorstrohet
        name: Leverantörstrohet (RJH totalt)
        description: Summa inköp från upphandlad leverantör/ total inköpssumma
        unit: percent
        direction: higher_is_better
        series:
          - values: {"2024": "86 %"}
            assessment: {"2024": gul}
            notes:
              "2024": >-
                Av de nationella kategorierna är det endast Läkemedel och tillhörande tjänster
                som uppnår målet med en leverantörsföljsamhet på 99%.
        targets:
          - {period: 2024, value: "95 %"}
          - {period: 2025, value: "95 %"}
          - {period: 2026, value: "95 %"}
      - id: skuldsattningstak
        name: Skuldsättningstak (RJH totalt)
        description: Total räntebärande låneskuld (exkl. pensionsskulden) / Skatter och generella statsbidrag.
        unit: percent
        direction: lower_is_better
        series: [{values: {"2024": "11 %"}, assessment: {"2024": gron}}]
        targets:
          - {period: 2024, value: "<14%"}
          - {period: 2025, value: "<15%"}
          - {period: 2026, value: "<15%"}
    """

GOALS_YAML = """\
    perspectives:
      - id: ekonomi
        title: Ekonomi
        goals:
          - id: kortsiktiga-nyckeltal
            title: Kortsiktiga nyckeltal
            indicators: [soliditet, kassalikviditet, bruttokostnadsutveckling, nettokostnadsutveckling,
                         leverantorstrohet, skuldsattningstak]
    """

SOURCE = {ORG: ORGANISATION, REPORT: REPORT_YAML, INDICATORS: KEY_FIGURES, GOALS: GOALS_YAML}


def test_transcription_checks_without_problems(make_project, problems):
    assert problems(make_project(SOURCE)) == []


def test_transcription_builds_the_indicator_page(make_project, tmp_path):
    page = built_page(make_project, tmp_path, SOURCE, "indikatorer.md")
    (tmp_path / "indikatorer.html").write_text(page, encoding="utf-8")
    assert "Kassalikviditet" in page


# --- the year's target in a part-year report (delårsrapport jan–aug, tertialrapport) ---------------
# The same key figure followed up in a report for part of the year: the outcome so far and that of
# the same period last year, against the year's target (the periods here are illustrative).

PART_YEAR_REPORT = REPORT_YAML.replace("period: 2024", "period: 2024 jan–aug")


def part_year(assessment: str = "rod", target_period: str = "2024", forecast: str = "{}") -> dict[str, str]:
    return {
        ORG: ORGANISATION,
        REPORT: PART_YEAR_REPORT,
        INDICATORS: f"""\
            indicators:
              - id: bruttokostnadsutveckling
                name: Bruttokostnadsutveckling (RJH totalt)
                unit: percent
                direction: lower_is_better
                series:
                  - values: {{"2023 jan–aug": "7,1 %", "2024 jan–aug": "9,4 %"}}
                    assessment: {{"2024 jan–aug": {assessment}}}
                    forecast: {forecast}
                targets:
                  - {{period: {target_period}, value: "-0,5 %"}}
            """,
    }


def test_years_target_in_a_part_year_report_is_no_error(make_project, problems):
    assert problems(make_project(part_year())) == []


def test_years_target_is_assessed_on_the_part_years_outcome(make_project):
    from test_format import summary_of

    (target,) = summary_of(make_project, part_year()).indicators[0].targets
    assert (target.actual, target.met, target.measured_at, target.long_term) == (9.4, False, "2024 jan–aug", False)


def test_years_target_result_names_the_period_it_was_measured_in(make_project, tmp_path):
    page = built_page(make_project, tmp_path, part_year(), "indikatorer.md")
    assert "Utfall 2024 jan–aug 9,4\u00a0%: " in page


def test_same_period_last_year_is_a_comparison_not_the_outcome(make_project):
    from test_format import summary_of

    (isum,) = summary_of(make_project, part_year()).indicators
    assert (isum.comparison_periods, isum.series[0].current.period) == (["2023 jan–aug"], "2024 jan–aug")


def test_part_year_assessment_that_contradicts_the_years_target_is_a_located_warning(make_project, problems):
    assert problems(make_project(part_year(assessment="gron"))) == [
        "data/org/rep/indicators.yaml:8:38: varning: indikatorn 'Bruttokostnadsutveckling (RJH totalt)' (alla) "
        "2024 jan–aug bedöms som grön, men enligt data är målet inte nått (2024 jan–aug: utfall 9,4 %, "
        "mål 2024 högst −0,5 %); rätta bedömningen eller utfallen, eller kvittera avvikelsen under acknowledged: i "
        "report.yaml med skälet (t.ex. 'bedöms på treårssnitt')"
    ]


def test_target_for_another_year_in_a_part_year_report_is_still_an_error(make_project, problems):
    assert problems(make_project(part_year(target_period="2023"))) == [
        "data/org/rep/indicators.yaml:11:18: fel: målvärdets period '2023' ligger utanför rapportens period "
        "2024 jan–aug; rätta perioden (eller rapportens period i report.yaml)"
    ]


def test_goal_rated_achieved_is_compared_with_the_years_target_measured_so_far(make_project, problems):
    files = part_year()
    files[GOALS] = """\
        perspectives:
          - id: ekonomi
            title: Ekonomi
            goals:
              - {id: ekonomi-i-balans, title: Ekonomi i balans, assessment: gron, indicators: [bruttokostnadsutveckling]}
        """
    (warning,) = [line for line in problems(make_project(files)) if "goals.yaml" in line]
    assert warning.startswith(
        "data/org/rep/goals.yaml:5:69: varning: målet 'Ekonomi i balans' bedöms som grön, men enligt data är "
        "målet inte nått (indikatorn 'Bruttokostnadsutveckling (RJH totalt)' 2024 jan–aug: utfall 9,4 %, mål 2024 högst −0,5 %)"
    )


# --- a forecast for the whole year (prognos helår) ---------------------------------------------------


def with_forecast(forecast: str = '{"2024": "8,5 %"}') -> dict[str, str]:
    return part_year(forecast=forecast)


def test_forecast_is_no_outcome(make_project):
    from test_format import summary_of

    (isum,) = summary_of(make_project, with_forecast()).indicators
    series = isum.series[0]
    assert isum.periods == ["2023 jan–aug", "2024 jan–aug"]
    assert (series.current.period, series.forecasts) == ("2024 jan–aug", {"2024": 8.5})


def test_forecast_is_compared_with_the_target_for_its_period(make_project):
    from test_format import summary_of

    (target,) = summary_of(make_project, with_forecast()).indicators[0].targets
    assert (target.forecast, target.forecast_met, target.met) == (8.5, False, False)


def test_forecast_is_a_column_of_the_indicator_table(make_project, tmp_path):
    page = built_page(make_project, tmp_path, with_forecast(), "indikatorer.md")
    assert '<th scope="col">Prognos 2024</th>' in page
    assert "<td>8,5\u00a0%</td>" in page


def test_forecast_is_said_with_the_targets_result(make_project, tmp_path):
    page = built_page(make_project, tmp_path, with_forecast(), "indikatorer.md")
    assert '<span class="target-result__forecast">Prognos 2024 8,5\u00a0%: målet bedöms inte nås.</span>' in page


def test_forecast_for_a_period_that_cannot_be_read_is_a_located_error(make_project, problems):
    assert problems(make_project(with_forecast('{"helår": "8,5 %"}'))) == [
        "data/org/rep/indicators.yaml:9:20: fel: 'helår' är ingen period; skriv den på någon av formerna 2022, "
        "2020–2023, 2022 apr–dec, apr–dec 2022, dec 2022 – nov 2023, 2022-04, 2022 kv1 (eller 2022-Q1, Q1 2022), "
        "2022 T1 (tertial), 2022 H1 (halvår), 2022-01-01 – 2023-12-31"
    ]


def test_forecast_that_meets_the_target_is_said_to_be_expected_to_meet_it(make_project, tmp_path):
    page = built_page(make_project, tmp_path, with_forecast('{"2024": "-0,7 %"}'), "indikatorer.md")
    assert '<span class="target-result__forecast">Prognos 2024 −0,7\u00a0%: målet bedöms nås.</span>' in page


def test_forecast_is_in_the_value_catalogue(make_project):
    from followup.build.pipeline import check_project
    from followup.compute.references import resolve_reference

    project, _ = check_project(make_project(with_forecast()))
    (bundle,) = project.reports
    resolved = resolve_reference(bundle, None, "indicators.bruttokostnadsutveckling.alla.forecast.2024")
    assert (resolved.value, resolved.unit) == (8.5, "percent")
