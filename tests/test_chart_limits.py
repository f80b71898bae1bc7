"""Charts degrade, never crash (issue 14): too many goals are summarised, a chart with too many rows
or beyond a report's chart cap is shown as its table with a located warning, a chart vl-convert
cannot render is shown as its table, and a report of 2 000 goals and 2 000 indicators builds."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_project
from projectcopy import copy_code, output_of, run_build_py

from followup.build.pipeline import read_and_check
from followup.charts import limits, render
from followup.charts.report import build_charts
from followup.errors import format_text


def goals_yaml(n: int) -> str:
    levels = ("uppnatt", "delvis-uppnatt", "ej-uppnatt")
    rows = "".join(f"      - {{id: m{i}, title: Mål {i}, assessment: {levels[i % 3]}}}\n" for i in range(n))
    return "perspectives:\n  - id: p\n    title: Perspektiv\n    goals:\n" + rows


def indicators_yaml(n: int, groups: int = 1) -> str:
    rows = []
    for i in range(n):
        series = ", ".join(
            f"{{group: {('alla', 'kvinnor', 'man')[g]}, values: {{2021: {i % 100}, 2022: {(i * 7) % 100}}}}}"
            for g in range(groups)
        )
        rows.append(f"  - {{id: i{i}, name: Indikator {i}, unit: percent, direction: higher_is_better, series: [{series}]}}\n")
    return "indicators:\n" + "".join(rows)


def checked(make_project, files: dict[str, str]):
    root = make_project(files)
    result = read_and_check(root)
    bundle = result.project.reports[0]
    return bundle, build_charts(bundle, result.summaries[(bundle.org_id, bundle.report_id)]), result.problems


def test_a_chart_with_too_many_rows_is_left_out_with_a_located_warning(make_project, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHART_ROWS", 1)
    bundle, charts, _ = checked(make_project, {"data/org/rep/indicators.yaml": indicators_yaml(2, groups=2)})
    assert [len(c.table.rows) for c in charts] == [2, 2]  # a row per period
    assert [c.omitted for c in charts] == [
        "Diagrammet visas inte: det skulle få 2 rader, fler än de 1 som går att läsa i ett diagram. Tabellen visar alla värden.",
    ] * 2
    assert charts[0].alt_text.startswith(charts[0].omitted + " ")
    assert [format_text(p) for p in limits.limit_problems(bundle, charts)] == [
        "data/org/rep/indicators.yaml:2:5: varning: diagrammet 'Indikator 0' ritas inte: det skulle få 2 rader (högst 1); "
        "sidan visar tabellen i stället. Dela upp uppgifterna om du vill ha ett diagram",
        "data/org/rep/indicators.yaml:3:5: varning: diagrammet 'Indikator 1' ritas inte: det skulle få 2 rader (högst 1); "
        "sidan visar tabellen i stället. Dela upp uppgifterna om du vill ha ett diagram",
    ]


def test_charts_beyond_the_cap_of_a_report_are_tables_with_one_located_warning(make_project, monkeypatch):
    monkeypatch.setattr(limits, "MAX_CHARTS", 2)
    _, charts, problems = checked(make_project, {"data/org/rep/indicators.yaml": indicators_yaml(5)})
    assert [c.omitted is None for c in charts] == [True, True, False, False, False]
    assert [format_text(p) for p in problems] == [
        "data/org/rep/indicators.yaml:4:5: varning: rapporten har 5 diagram; högst 2 ritas, så 3 visas bara som tabeller "
        "(från 'Indikator 2'). Dela upp rapporten om alla ska ritas"
    ]
    render.render_charts(charts, jobs=1, cache_dir=None)
    assert [bool(c.svg) for c in charts] == [True, True, False, False, False]


def test_a_chart_vl_convert_cannot_render_is_a_table_with_a_located_warning(make_project, monkeypatch):
    def fail(spec):
        raise ValueError("Vega-Lite to SVG conversion failed:\nRangeError: Maximum call stack size exceeded\n    at $ (x)")

    monkeypatch.setattr(render, "_render_raw", fail)
    bundle, charts, _ = checked(make_project, {"data/org/rep/indicators.yaml": indicators_yaml(1)})
    render.render_charts(charts, jobs=1, cache_dir=None)
    assert charts[0].svg == "" and charts[0].failed == "Vega: RangeError: Maximum call stack size exceeded"
    assert [format_text(p) for p in limits.render_problems(bundle, charts)] == [
        "data/org/rep/indicators.yaml:2:5: varning: diagrammet 'Indikator 0' kunde inte ritas "
        "(Vega: RangeError: Maximum call stack size exceeded); sidan visar tabellen i stället"
    ]


@pytest.mark.slow
def test_a_report_of_2000_goals_and_2000_indicators_builds_with_located_messages(tmp_path: Path):
    root = copy_code(tmp_path / "project")
    write_project(root, {"data/org/rep/goals.yaml": goals_yaml(2000), "data/org/rep/indicators.yaml": indicators_yaml(2000)})
    result = run_build_py(root, "build", timeout=900, limit=False)
    output = output_of(result)
    assert "Traceback" not in output and "internt fel" not in output, output
    assert result.returncode in (0, 1), output
    assert (
        "data/org/rep/indicators.yaml:202:5: varning: rapporten har 2 000 diagram; högst 200 ritas, så 1 800 visas bara "
        "som tabeller (från 'Indikator 200'). Dela upp rapporten om alla ska ritas"
    ) in output.splitlines()
    page = (root / "site/org/rep/mal.html").read_text(encoding="utf-8")
    assert "Mål 1999" in page  # every goal is listed (goals have no chart: their table says it all)
    indicators = (root / "site/org/rep/indikatorer.html").read_text(encoding="utf-8")
    assert "Diagrammet visas inte: rapporten har fler än 200 diagram." in indicators
