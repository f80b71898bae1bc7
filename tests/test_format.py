"""The report format's extensions for real documents (issue 12), one section per point: comparison
years (1), per-indicator assessments (2), shares written as counts (3), targets (4), qualitative
indicators (5), declared units (7), numbers as people write them (8), goal areas (10), document
kinds and provenance (11), the scale's own words (12). The composite index (6), goal sub-headings
and tags (10) are in test_format_goals.py, tables in the text (9) in test_format_tables.py, drawn
symbols and legends (12) in test_format_symbols.py."""

from __future__ import annotations

import re
from pathlib import Path

from followup.build.pipeline import check_project
from followup.build.publish import DataVersion
from followup.compute.report import summarize
from followup.site.render import render_project

INDICATORS = "data/org/rep/indicators.yaml"
REPORT = "data/org/rep/report.yaml"
GOALS = "data/org/rep/goals.yaml"
ORG = "data/org/organisation.yaml"


def built_page(make_project, tmp_path: Path, files: dict[str, str], page: str) -> str:
    root = make_project(files)
    project, found = check_project(root)
    assert [p for p in found if p.severity == "error"] == []
    docs = tmp_path / "docs"
    render_project(project, docs, version=DataVersion("abc1234", 0))
    return (docs / "org/rep" / page).read_text(encoding="utf-8")


def summary_of(make_project, files: dict[str, str]):
    project, found = check_project(make_project(files))
    assert [p for p in found if p.severity == "error"] == []
    (bundle,) = project.reports
    return summarize(bundle)


# --- 1. Comparison years outside the report's period ----------------------------------------

COMPARISON = {
    INDICATORS: """\
        indicators:
          - id: varme
            name: Värme
            unit: index
            direction: lower_is_better
            series:
              - values: {"2007": 170, "2021": 150, "2023": 140, "2025": 120}
        """
}


def test_comparison_year_keeps_the_report_period(make_project):
    summary = summary_of(make_project, COMPARISON)
    (isum,) = summary.indicators
    assert isum.comparison_periods == ["2007", "2025"]
    assert isum.periods == ["2007", "2021", "2023", "2025"]


def test_this_periods_value_is_the_latest_within_the_report_period(make_project):
    (isum,) = summary_of(make_project, COMPARISON).indicators
    series = isum.series[0]
    assert series.current.period == "2023"
    assert (series.overall.from_period, series.overall.to_period) == ("2007", "2023")


def test_comparison_year_is_marked_on_the_indicators_page(make_project, tmp_path):
    page = built_page(make_project, tmp_path, COMPARISON, "indikatorer.md")
    assert '2007 <span class="muted">(jämförelse)</span>' in page
    assert '2021 <span class="muted">(jämförelse)</span>' not in page


# --- 2. Assessment per indicator --------------------------------------------------------------

ASSESSED = {
    ORG: """\
        name: Testkommun
        assessment_scale:
          - {id: uppfyllt, label: uppfyllt, symbol: "●", category: achieved}
          - {id: delvis, label: delvis uppfyllt, symbol: "◐", category: partly_achieved}
          - {id: ej, label: ej uppfyllt, symbol: "○", category: not_achieved}
        """,
    GOALS: """\
        goal_word: delmål
        perspectives:
          - id: p
            title: Medborgare
            goals:
              - {id: a, title: Trygghet, assessment: uppfyllt}
              - {id: b, title: Arbete, assessment: delvis}
        """,
    INDICATORS: """\
        indicators:
          - id: brott
            name: Låg brottslighet
            unit: count
            direction: lower_is_better
            series: [{values: {"2021": 632}, assessment: {"2021": uppfyllt}}]
          - id: arbete
            name: Låg arbetslöshet
            unit: percent
            direction: lower_is_better
            series: [{values: {"2021": "2,7 %"}, assessment: {"2021": ej}}]
        """,
}


def test_indicator_assessment_shows_symbol_and_text(make_project, tmp_path):
    page = built_page(make_project, tmp_path, ASSESSED, "indikatorer.md")
    assert '<span class="badge badge--achieved"><span class="badge__symbol" aria-hidden="true">●</span> uppfyllt</span>' in page
    assert "1 av 2 indikatorer uppfyllda" in page


def test_goal_count_uses_the_scales_own_wording(make_project):
    summary = summary_of(make_project, ASSESSED)
    assert summary.goals.sentence() == "1 av 2 delmål uppfyllda"
    assert summary.counts == "2 delmål och 2 indikatorer"


def test_report_overview_counts_goals_and_indicators(make_project, tmp_path):
    page = built_page(make_project, tmp_path, ASSESSED, "index.md")
    assert "Rapporten följer upp 2 delmål och 2 indikatorer." in page


def test_indicator_assessment_not_on_the_scale(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: brott
            name: Brott
            unit: count
            direction: lower_is_better
            series: [{values: {"2021": 632}, assessment: {"2021": grön}}]
        """
        }
    )
    (line,) = problems(root)
    assert line.startswith(
        "data/org/rep/indicators.yaml:6:59: fel: 'grön' finns inte på bedömningsskalan; tillåtna är: uppnatt (uppnått)"
    )


# --- 3. Shares written as counts ----------------------------------------------------------------

SHARE = {
    INDICATORS: """\
        indicators:
          - id: andel
            name: Andel nöjda
            unit: percent
            direction: higher_is_better
            series: [{values: {"2021": "154 av 214", "2022": {count: 1, of: 4}}}]
        """
}


def test_share_written_as_counts_is_computed(make_project):
    (isum,) = summary_of(make_project, SHARE).indicators
    point = isum.series[0].point("2021")
    assert (point.count, point.of) == (154, 214)
    assert round(point.value, 4) == 71.9626


def test_share_written_as_counts_is_shown_with_its_counts(make_project, tmp_path):
    page = built_page(make_project, tmp_path, SHARE, "indikatorer.md")
    assert "72\u00a0% (154 av 214)" in page
    assert "25\u00a0% (1 av 4)" in page


def test_share_part_larger_than_the_whole(make_project, problems):
    root = make_project({INDICATORS: SHARE[INDICATORS].replace("154 av 214", "254 av 214")})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:6:32: fel: andelen för '2021' är 254 av 214: delen är större än "
        "helheten; rätta antalen"
    ]


# --- 4. Targets -----------------------------------------------------------------------------------


def _target_result(make_project, value: float, target: str, direction: str = "higher_is_better"):
    (isum,) = summary_of(
        make_project,
        {
            INDICATORS: f"""\
        indicators:
          - id: x
            name: X
            unit: count
            direction: {direction}
            series: [{{values: {{"2021": {value}}}}}]
            targets: [{target}]
        """
        },
    ).indicators
    return isum.targets[0]


def test_strict_threshold_is_not_met_at_the_value(make_project):
    result = _target_result(make_project, 40, '{period: 2021, value: ">40"}')
    assert (result.comparison, result.met) == (">", False)


def test_strict_less_than_threshold(make_project):
    result = _target_result(make_project, 11, '{period: 2021, value: "<12"}', "lower_is_better")
    assert (result.comparison, result.met, result.margin) == ("<", True, 1)


def test_range_target_inside(make_project):
    result = _target_result(make_project, 45, '{period: 2021, value: "30–50"}')
    assert (result.comparison, result.met, result.inside_range, result.margin) == ("range", True, True, 5)


def test_range_target_outside_is_the_distance_to_the_nearest_bound(make_project):
    result = _target_result(make_project, 55, "{period: 2021, min: 30, max: 50}")
    assert (result.met, result.margin, result.target_value) == (False, -5, 50)


def test_qualitative_target_is_accepted_without_attainment(make_project):
    result = _target_result(make_project, 5, '{period: 2021, text: "Fler ska välja kollektivtrafik"}')
    assert (result.comparison, result.met) == ("text", None)


def test_guide_value_and_range_are_shown_on_the_page(make_project, tmp_path):
    page = built_page(
        make_project,
        tmp_path,
        {
            INDICATORS: """\
        indicators:
          - id: x
            name: X
            unit: count
            direction: higher_is_better
            series: [{values: {"2021": 45}}]
            targets:
              - {period: 2021, value: "30–50", kind: guide}
        """
        },
        "indikatorer.md",
    )
    assert "Riktvärde 2021, alla:" in page
    assert "riktvärdet nått</span> (inom intervallet, 5 från närmaste gräns)" in page


# --- 5. Qualitative indicators --------------------------------------------------------------------


def test_qualitative_indicator_shows_its_narrative_and_assessment(make_project, tmp_path):
    page = built_page(
        make_project,
        tmp_path,
        {
            INDICATORS: """\
        indicators:
          - id: dialog
            name: Dialog med medborgarna
            unit: none
            direction: neutral
            series:
              - narrative: {"2021": "Tre medborgardialoger genomfördes."}
                assessment: {"2021": uppnatt}
        """
        },
        "indikatorer.md",
    )
    assert "Tre medborgardialoger genomfördes." in page
    assert "</span> uppnått</span>" in page


def test_series_without_any_outcome(make_project, problems):
    root = make_project(
        {
            INDICATORS: """\
        indicators:
          - id: dialog
            name: Dialog
            unit: none
            direction: neutral
            series: [{group: alla}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/indicators.yaml:6:14: fel: serien har inget utfall; ange 'values' (tal) eller "
        "'narrative' (ett utfall i ord)"
    ]


# --- 8. Numbers as people write them --------------------------------------------------------------


def test_outcomes_written_as_text(make_project, tmp_path):
    files = {
        INDICATORS: """\
        indicators:
          - id: x
            name: X
            unit: count
            direction: higher_is_better
            series: [{values: {"2020": "Statistik saknas", "2021": "1 100", "2022": "cirka 5 000", "2023": "–"}}]
        """
    }
    (isum,) = summary_of(make_project, files).indicators
    series = isum.series[0]
    assert series.point("2021").value == 1100
    assert (series.point("2022").value, series.point("2022").approximate) == (5000, True)
    assert (series.point("2020").value, series.point("2020").missing_reason) == (None, "Statistik saknas")
    assert series.point("2023").missing_reason == "–"
    page = built_page(make_project, tmp_path, files, "indikatorer.md")
    assert "cirka 5\u00a0000" in page


# --- 10. Goal areas under the organisation's own word -------------------------------------------


def test_goal_area_word_and_numbered_sub_goals(make_project, tmp_path):
    page = built_page(
        make_project,
        tmp_path,
        {
            GOALS: """\
        area_word: målområde
        goal_word: delmål
        perspectives:
          - id: miljo
            number: "2"
            title: Hållbar miljö
            goals:
              - {id: klimat, number: "2.1", title: Minskade utsläpp}
        """
        },
        "mal.md",
    )
    assert '<span class="perspective__label">Målområde 2:</span> Hållbar miljö' in page
    assert '<span class="goal__number">2.1</span> Minskade utsläpp' in page
    assert "Perspektiv:" not in page


# --- 11. Document kinds, statuses, organisation kinds, provenance ---------------------------------


def test_common_swedish_document_type_and_status(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: Hållbarhetsredovisning
        document_type: hållbarhetsredovisning
        status: publicerad
        period: 2021
        summary: Text.
        """
        }
    )
    assert problems(root) == []


def test_unknown_document_type_names_the_known_ones(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: T
        document_type: miljörapport
        status: utkast
        period: 2021
        summary: Text.
        """
        }
    )
    (line,) = problems(root)
    assert line.startswith(
        "data/org/rep/report.yaml:2:16: fel: 'miljörapport' är inte en dokumenttyp; tillåtna är: uppföljning,"
    )


def test_organisation_declares_its_own_document_type(make_project, problems):
    root = make_project(
        {
            ORG: "name: Testkommun\ndocument_types: [miljörapport]\n",
            REPORT: "title: T\ndocument_type: miljörapport\nstatus: förslag\nperiod: 2021\nsummary: Text.\n",
        }
    )
    assert problems(root) == []


def test_company_owners_over_100_percent(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Bostadsbolaget
        kind: kommunalt bolag
        owners: [{name: A kommun, share: 60 %}, {name: B kommun, share: 50 %}]
        """
        }
    )
    assert problems(root) == [
        "data/org/organisation.yaml:3:9: fel: ägarnas andelar blir tillsammans 110 %, mer än 100 %; rätta andelarna"
    ]


def test_provenance_and_owner_shown_on_the_overview(make_project, tmp_path):
    page = built_page(
        make_project,
        tmp_path,
        {
            ORG: "name: Bostadsbolaget\nkind: kommunalt bolag\nowners: [{name: Uppsala kommun, share: 100 %}]\n",
            REPORT: """\
            title: Miljönyckeltal
            document_type: hållbarhetsredovisning
            status: publicerad
            period: 2015–2017
            summary: Text.
            source:
              urls:
                - {url: "https://example.org/miljo/", title: Miljönyckeltal, captured: beginning}
              not_captured: [Sidans rubrik]
              note: En siffra i källan går inte ihop.
            """,
        },
        "index.md",
    )
    assert "Bostadsbolaget (kommunalt bolag, ägs av Uppsala kommun 100\u00a0%)" in page
    assert (
        '<a href="https://example.org/miljo/" rel="noopener noreferrer">Miljönyckeltal</a> '
        '<span class="muted">(bara sidans början överförd)</span>' in page
    )
    assert "<li>Sidans rubrik</li>" in page
    assert "En siffra i källan går inte ihop." in page
    assert "Publicerad" in page


# --- 7. Units declared in data ----------------------------------------------------------------------

UNITS = {
    ORG: """\
        name: Testkommun
        measure_units:
          - {label: ton CO₂e, plural: ton CO₂e, decimals: 0}
          - {label: GWh, plural: gigawattimmar, decimals: 1}
        """,
    INDICATORS: """\
        indicators:
          - id: utslapp
            name: Utsläpp
            unit: ton CO₂e
            direction: lower_is_better
            series: [{values: {"2021": "16 515,4"}}]
          - id: energi
            name: Energi
            unit: GWh
            direction: lower_is_better
            series: [{values: {"2021": "12,34"}}]
        """,
}


def test_declared_unit_is_shown_with_its_decimals(make_project, tmp_path):
    page = built_page(make_project, tmp_path, UNITS, "indikatorer.md")
    assert "16\u00a0515\u00a0ton CO₂e" in page
    assert "12,3\u00a0GWh" in page


def test_undeclared_unit_is_an_error(make_project, problems):
    root = make_project({INDICATORS: UNITS[INDICATORS]})
    (first, second) = problems(root)
    assert first.startswith("data/org/rep/indicators.yaml:4:11: fel: okänd enhet 'ton CO₂e'; använd någon av percent,")
    assert first.endswith("eller ange den under 'measure_units' i organisation.yaml")


def test_key_figure_combining_different_units_is_a_warning(make_project, problems):
    root = make_project(
        {
            **UNITS,
            REPORT: """\
        title: T
        document_type: uppföljning
        status: utkast
        period: 2021
        summary: Text.
        key_figures:
          - id: summa
            label: Summa
            compute: {op: sum, of: [indicators.utslapp.alla.2021, indicators.energi.alla.2021]}
        """,
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:9:28: varning: nyckeltalet 'summa' slår ihop värden med olika enheter "
        "(ton CO₂e, GWh); kontrollera att värdena går att jämföra"
    ]


# --- 4. Targets on an aggregate ----------------------------------------------------------------------

AGGREGATE = {
    INDICATORS: """\
        indicators:
          - id: x
            name: Sjukfrånvaro
            unit: percent
            direction: lower_is_better
            series: [{values: {"2019": 6, "2020": 8, "2021": 7}}]
            targets:
              - {period: 2021, value: "6,5", aggregate: mean, over: [2019, 2020, 2021], text: i snitt under åren}
              - {period: 2021, value: "−5", aggregate: change_per_year, over: [2019, 2021]}
        """
}


def test_target_on_the_mean_of_the_stated_years(make_project):
    (isum,) = summary_of(make_project, AGGREGATE).indicators
    mean, change = isum.targets
    assert (mean.actual, mean.met, mean.margin) == (7, False, -0.5)
    assert (round(change.actual, 2), change.met, change.unit) == (8.01, False, "percent")


def test_aggregate_target_is_shown_with_its_years(make_project, tmp_path):
    page = built_page(make_project, tmp_path, AGGREGATE, "indikatorer.md")
    assert "i snitt högst 6,5\u00a0% (2019, 2020, 2021)." in page
    assert "Utfall (medelvärde) 7\u00a0%: " in page
    assert "en förändring per år på högst −5\u00a0% (2019, 2021)." in page


def test_aggregate_target_without_its_periods(make_project, problems):
    root = make_project({INDICATORS: AGGREGATE[INDICATORS].replace(", over: [2019, 2020, 2021]", "")})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:8:49: fel: ett sammanvägt målvärde ('mean') behöver de perioder "
        "det gäller i 'over' (minst 1), t.ex. over: [2019, 2020, 2021]"
    ]


# --- 8. Numbers as people write them, in import-table ------------------------------------------------


def _import_indicator(table: str) -> dict:
    import subprocess
    import sys

    import yaml

    repo = Path(__file__).resolve().parent.parent
    result = subprocess.run(
        [sys.executable, str(repo / "build.py"), "import-table", "--kind", "indicator", "--id", "x"],
        input=table,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["indicators"][0]


def test_import_table_keeps_missing_words_as_the_reason():
    (series,) = _import_indicator("Andel\tUtfall 2022\tUtfall 2023\nAlla\tStatistik saknas\t90\n")["series"]
    assert series["values"] == {"2022": None, "2023": 90}
    assert series["missing"] == {"2022": "Statistik saknas"}


def test_import_table_reads_last_year_in_parentheses_as_its_own_period():
    (series,) = _import_indicator("Antal\tUtfall 2023\nAlla\t1 450 (1 380)\n")["series"]
    assert series["values"] == {"2022": "1 380", "2023": "1 450"}


def test_quoted_numbers_in_a_summed_table_column_are_numbers(make_project, problems):
    root = make_project(
        {
            "data/org/rep/tables.yaml": """\
        tables:
          - id: t
            title: T
            kind: table
            columns: [{id: post, label: Post}, {id: antal, label: Antal, sum: true}]
            rows: [{post: A, antal: "600"}, {post: B, antal: "1 100"}]
            stated_totals: {antal: "1 700"}
        """
        }
    )
    assert problems(root) == []


# --- the changes table has a cell under every column for every group ------------------------------


def test_a_group_with_fewer_periods_gets_a_dash_under_every_change_column(make_project, tmp_path):
    indicators = """\
        indicators:
          - id: sjuk
            name: Sjukfrånvaro
            unit: percent
            direction: lower_is_better
            series:
              - group: alla
                values: {"2021": "6,9", "2022": "7,1", "2023": "6,8"}
              - group: kvinnor
                values: {"2023": "7,4"}
        """
    page = built_page(make_project, tmp_path, {INDICATORS: indicators}, "indikatorer.md")
    row = re.search(r'<tr><th scope="row">Kvinnor</th>\s*(<td>.*?)</tr>', page.split("Förändring mellan perioder")[1], re.S)
    assert row is not None and row.group(1).count('<td><span class="missing">–</span></td>') == 2
