"""Charts (followup.charts): data and encodings of the specs, the SVG they render to, tables and CSV."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from followup.charts import goals, render, report, spec, theme
from followup.compute import summaries as compute
from followup.load.loader import load_project

REPO = Path(__file__).resolve().parent.parent
MINUS = "\u2212"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def seeds():
    project, _ = load_project(REPO)
    return {bundle.org_id: bundle for bundle in project.reports}


@pytest.fixture(scope="module")
def seed_charts(seeds):
    """Every chart of both seeds, rendered in this process without a cache."""
    return {org: {c.id: c for c in report.report_charts(b, jobs=1, cache_dir=None)} for org, b in seeds.items()}


@pytest.fixture
def bundle_of(make_project):
    def load(files: dict[str, str]):
        root = make_project({f"data/org/rep/{name}": text for name, text in files.items()})
        project, _ = load_project(root)
        return project.reports[0]

    return load


def all_charts(seed_charts):
    return [c for by_id in seed_charts.values() for c in by_id.values()]


def walk(spec):
    """Every dict in a spec (views, layers, encodings ...)."""
    if isinstance(spec, dict):
        yield spec
        for value in spec.values():
            yield from walk(value)
    elif isinstance(spec, list):
        for value in spec:
            yield from walk(value)


def rows_of(spec, data):
    """The rows a `data` node holds: inline values, or the named dataset at the top of the spec."""
    if "values" in data:
        return data["values"]
    return spec.get("datasets", {}).get(data.get("name"), [])


def data_values(spec):
    return [row for node in walk(spec) if isinstance(node.get("data"), dict) for row in rows_of(spec, node["data"])]


# --- Which charts a report gets ---------------------------------------------------------------


def test_seed_reports_get_the_required_charts(seed_charts):
    assert sorted(seed_charts["eskilstuna"]) == sorted(
        [
            "mal-bedomning",
            "indikator-sjukfranvaro",
            "indikator-hme",
            "enkat-kunddialog-samlad-bedomning",
            "enkat-kunddialog-aterkoppling",
            "enkat-kunddialog-motsvarad-forvantan",
            "enkat-kunddialog-bemotande",
            "enkat-kunddialog-svarande",
            "tabell-forsaljningsintakter",
        ]
    )
    assert sorted(seed_charts["lund"]) == sorted(
        [
            "tabell-resultat-per-pilotverksamhet",
            "tabell-kostnader-fore-och-efter",
            "tabell-projektmedlens-anvandning",
            "leveranser-status",
        ]
    )


def test_each_chart_names_the_page_it_belongs_on(seed_charts):
    pages = {c.id: c.page for c in all_charts(seed_charts)}
    assert pages["enkat-kunddialog-svarande"] == "enkater"
    assert pages["indikator-hme"] == "indikatorer"
    assert pages["tabell-forsaljningsintakter"] == "ekonomi"
    assert pages["leveranser-status"] == "leveranser"
    assert pages["mal-bedomning"] == "mal"


# --- Specs ------------------------------------------------------------------------------------


def test_every_spec_is_valid_vega_lite(seed_charts):
    from altair.vegalite.v6.schema import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    for chart in all_charts(seed_charts):
        errors = [e.message for e in validator.iter_errors(chart.spec)]
        assert errors == [], chart.id


def test_schema_version_is_the_one_altair_ships():
    import altair

    assert theme.SCHEMA_VERSION == altair.SCHEMA_VERSION


def test_specs_carry_the_swedish_number_and_time_locale(seed_charts):
    for chart in all_charts(seed_charts):
        locale = chart.spec["config"]["locale"]
        assert (locale["number"]["decimal"], locale["number"]["thousands"], locale["number"]["minus"]) == (
            ",",
            NBSP,
            MINUS,
        )
        assert locale["time"]["months"][0] == "januari"


def test_every_nominal_axis_has_an_explicit_sort_order(seed_charts):
    for chart in all_charts(seed_charts):
        for node in walk(chart.spec):
            encoding = node.get("encoding") or {}
            for channel in ("x", "y", "color", "shape", "xOffset", "yOffset", "strokeDash"):
                field = encoding.get(channel)
                if isinstance(field, dict) and field.get("type") in ("nominal", "ordinal") and "aggregate" not in field:
                    has_order = isinstance(field.get("sort"), list) or isinstance((field.get("scale") or {}).get("domain"), list)
                    assert has_order, f"{chart.id}: {channel} {field.get('field')}"


def test_goal_chart_keeps_data_order_so_mal_10_comes_after_mal_2(bundle_of):
    goals_yaml = "perspectives:\n  - id: p\n    title: P\n    goals:\n" + "".join(
        f"      - {{id: g{n}, title: Mål {n}, assessment: uppnatt}}\n" for n in (1, 2, 10)
    )
    bundle = bundle_of({"goals.yaml": goals_yaml})
    chart = goals.goals_chart(bundle, compute.summarize_goals(bundle))
    y_sorts = [n["encoding"]["y"]["sort"] for n in walk(chart.spec) if "y" in (n.get("encoding") or {})]
    assert y_sorts[0] == ["Mål 1", "Mål 2", "Mål 10"]


def test_survey_chart_data_are_the_seed_numbers(seed_charts, seeds):
    chart = seed_charts["eskilstuna"]["enkat-kunddialog-samlad-bedomning"]
    points = {(v["unit"], v["period"]): v["score"] for v in data_values(chart.spec)}
    assert points[("SEF", "2023 jan–dec")] == 9.2
    assert points[("VOF", "2022 apr–dec")] == 7.18
    assert points[("ANNAT", "2022 apr–dec")] == 6
    assert ("ANNAT", "2023 jan–dec") not in points  # an empty cell is no point, not a zero
    survey = seeds["eskilstuna"].surveys.surveys[0]
    expected = {
        (u.unit, r.period.label): u.scores["samlad-bedomning"]
        for r in survey.rounds
        for u in r.units
        if u.scores["samlad-bedomning"] is not None
    }
    assert {k: v for k, v in points.items() if k[0] != "Totalt"} == expected
    assert round(points[("Totalt", "2022 apr–dec")], 2) == 7.77


def test_survey_chart_sorts_units_in_data_order_with_the_total_first(seed_charts):
    chart = seed_charts["eskilstuna"]["enkat-kunddialog-samlad-bedomning"]
    sort = next(n["encoding"]["y"]["sort"] for n in walk(chart.spec) if "y" in (n.get("encoding") or {}))
    assert sort == ["Totalt", "AVF", "BUF", "KLK", "KFF", "MRF", "SEF", "SF", "SBF", "VOF", "ANNAT"]


def test_periods_are_told_by_shape_as_well_as_colour(seed_charts):
    chart = seed_charts["eskilstuna"]["enkat-kunddialog-samlad-bedomning"]
    encodings = [n["encoding"] for n in walk(chart.spec) if "shape" in (n.get("encoding") or {})]
    assert encodings and encodings[0]["shape"]["field"] == encodings[0]["color"]["field"] == "period"


def test_respondents_chart_data_are_the_seed_counts(seed_charts):
    chart = seed_charts["eskilstuna"]["enkat-kunddialog-svarande"]
    counts = {(v["category"], v["series"]): v["value"] for v in data_values(chart.spec) if "series" in v}
    assert counts[("BUF", "2023 jan–dec")] == 15
    assert counts[("VOF", "2022 apr–dec")] == 11
    assert sum(v for (_, p), v in counts.items() if p == "2022 apr–dec") == 39


def test_indicator_chart_draws_each_groups_target(seed_charts):
    chart = seed_charts["eskilstuna"]["indikator-sjukfranvaro"]
    rules = [
        n
        for n in walk(chart.spec)
        if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "rule" and n["mark"].get("strokeDash")
    ]
    assert [rows_of(chart.spec, r["data"])[0]["value"] for r in rules] == [6.5, 6.5, 4.0]
    titles = [n["title"] for n in walk(chart.spec) if "layer" in n and isinstance(n.get("title"), str)]
    assert titles == [
        "Alla – mål 2023: högst 6,5\u00a0%",
        "Kvinnor – mål 2023: högst 6,5\u00a0%",
        "Män – mål 2023: högst 4,0\u00a0%",
    ]


def test_indicator_chart_marks_a_missing_value_as_missing(seed_charts):
    chart = seed_charts["eskilstuna"]["indikator-hme"]
    texts = [v.get("text") for v in data_values(chart.spec)]
    assert "uppgift saknas" in texts
    assert chart.note == "Uppgift saknas: Alla 2022: anges inte i rapporten."


def test_budget_chart_shows_the_difference_with_signed_swedish_labels(seed_charts):
    chart = seed_charts["eskilstuna"]["tabell-forsaljningsintakter"]
    labels = [v["label"] for v in data_values(chart.spec) if "sign" in v][:4]
    assert labels == [f"{MINUS}13{NBSP}225", f"{MINUS}14{NBSP}499", f"{MINUS}735", f"{MINUS}6{NBSP}414"]


def test_deliverable_statuses_are_named_with_symbol_and_word(seed_charts):
    chart = seed_charts["lund"]["leveranser-status"]
    sort = next(n["encoding"]["y"]["sort"] for n in walk(chart.spec) if "y" in (n.get("encoding") or {}))
    assert sort[0] == "✔ slutförd"
    assert all(re.match(r"^\S \S", label) for label in sort)


def test_goal_assessments_are_shown_as_symbols(seed_charts):
    chart = seed_charts["eskilstuna"]["mal-bedomning"]
    symbols = [v["symbol"] for v in data_values(chart.spec) if "symbol" in v]
    assert symbols == ["●", "●", "◐"]


# --- Text alternatives ------------------------------------------------------------------------


def test_alt_text_states_the_survey_finding(seed_charts):
    chart = seed_charts["eskilstuna"]["enkat-kunddialog-samlad-bedomning"]
    assert chart.alt_text.startswith("Samlad bedömning (totalt) steg från 7,77 till 8,39 mellan 2022 apr–dec och 2023 jan–dec.")


def test_alt_text_states_the_pilot_totals(seed_charts):
    chart = seed_charts["lund"]["tabell-resultat-per-pilotverksamhet"]
    assert chart.alt_text.startswith(f"Totalt +28{NBSP}000{NBSP}kr (2022) och +30{NBSP}000{NBSP}kr (2023).")


def test_alt_text_states_which_sick_leave_targets_were_missed(seed_charts):
    chart = seed_charts["eskilstuna"]["indikator-sjukfranvaro"]
    assert "Målet nåddes inte för kvinnor (7,3\u00a0% mot målet högst 6,5\u00a0%)" in chart.alt_text


# --- Tables and CSV ----------------------------------------------------------------------------


def test_csv_parses_back_to_the_table_numbers(seed_charts):
    for chart in all_charts(seed_charts):
        header, *rows = spec.read_csv(chart.csv)
        assert len(header) == len(chart.columns)
        assert len(rows) == len(chart.rows), chart.id
        for csv_row, row in zip(rows, chart.rows):
            for cell, value, column in zip(csv_row, row, chart.columns):
                if column.unit is None:
                    assert cell == ("" if value is None else str(value))
                elif value is None:
                    assert cell == ""
                else:
                    decimals = column.decimals if column.decimals is not None else 2
                    assert float(cell.replace(",", ".")) == pytest.approx(round(value, decimals)), (
                        chart.id,
                        column.key,
                    )


def test_csv_opens_in_swedish_excel_semicolons_decimal_comma_bom_and_crlf(seed_charts):
    text = seed_charts["eskilstuna"]["tabell-forsaljningsintakter"].csv
    assert text.startswith("\ufeff")
    lines = text.removeprefix("\ufeff").split("\r\n")
    assert lines[0].startswith("Period;Budget;Utfall")
    assert lines[1] == "2020;295591;282366;-13225;-4,5"


def test_survey_table_has_units_rows_and_the_computed_total(seed_charts):
    chart = seed_charts["eskilstuna"]["enkat-kunddialog-samlad-bedomning"]
    assert [c.label for c in chart.columns] == [
        "Enhet",
        "2022 apr–dec",
        "2023 jan–dec",
        "Förändring 2022 apr–dec – 2023 jan–dec",
    ]
    assert chart.rows[0] == ["Totalt (beräknat)", 7.77, 8.39, 0.62]
    assert chart.rows[6] == ["Serviceförvaltningen", 9.6, 9.2, -0.4]


# --- SVG -------------------------------------------------------------------------------------


def test_svg_is_an_accessible_image_with_title_and_description(seed_charts):
    for chart in all_charts(seed_charts):
        root = re.match(r"<svg\b[^>]*>", chart.svg).group(0)
        assert 'role="img"' in root
        assert 'aria-label="' in root
        assert chart.svg[len(root) :].startswith("<title>")
        assert "<desc>" in chart.svg
        assert "viewBox=" in root


def test_svg_has_no_external_reference_and_no_style_attribute(seed_charts):
    for chart in all_charts(seed_charts):
        urls = set(re.findall(r"https?://[^\"' )]+", chart.svg))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}, chart.id
        assert not re.search(r"\sstyle=", chart.svg)
        assert not re.search(r"url\((?!#)", chart.svg)


def test_svg_fonts_end_in_a_generic_family(seed_charts):
    for chart in all_charts(seed_charts):
        families = set(re.findall(r'font-family="([^"]+)"', chart.svg))
        assert families and all(f.endswith("sans-serif") for f in families), chart.id


def test_svg_axis_labels_use_swedish_number_format(seed_charts):
    svg = seed_charts["eskilstuna"]["tabell-forsaljningsintakter"].svg
    assert f">300{NBSP}000<" in svg
    assert f">{MINUS}10{NBSP}000<" in svg


def test_same_spec_renders_to_identical_svg(seed_charts):
    chart = seed_charts["lund"]["tabell-resultat-per-pilotverksamhet"]
    first = render.render_charts([chart.spec], jobs=1, cache_dir=None, ids=[chart.id])[0]
    second = render.render_charts([chart.spec], jobs=1, cache_dir=None, ids=[chart.id])[0]
    assert first == second == chart.svg


def test_svg_ids_are_renamed_per_chart_so_render_order_does_not_matter():
    raw = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="10" height="10" viewBox="0 0 10 10">'
        '<defs><clipPath id="clip7"><rect/></clipPath></defs><g clip-path="url(#clip7)"></g></svg>'
    )
    svg = render.postprocess_svg(raw, title="T", description="D & E", id_prefix="tabell-x")
    assert 'id="tabell-x-1"' in svg and "url(#tabell-x-1)" in svg and "clip7" not in svg
    assert svg.startswith(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 10 10" role="img" aria-label="D &amp; E"'
    )
    assert "<title>T</title><desc>D &amp; E</desc>" in svg


def test_cached_svg_is_served_without_drawing_or_rendering(seeds, tmp_path, monkeypatch):
    first = report.report_charts(seeds["lund"], jobs=1, cache_dir=tmp_path)
    assert len(list(tmp_path.rglob("*.svg"))) == len(first)

    def fail(*args, **kwargs):
        raise AssertionError("drawn or rendered although cached")

    monkeypatch.setattr(render, "draw_spec", fail)
    monkeypatch.setattr(render, "_render_raw", fail)
    again = report.report_charts(seeds["lund"], jobs=1, cache_dir=tmp_path)
    assert [c.svg for c in again] == [c.svg for c in first]


def test_changed_input_gets_another_cache_key(seeds):
    chart = report.build_charts(seeds["lund"])[0]
    key = render.chart_key(chart)
    chart.data = {**chart.data, "values": chart.data["values"][:-1]}
    assert render.chart_key(chart) != key


def test_chart_input_is_plain_json_data(seeds):
    for bundle in seeds.values():
        for chart in report.build_charts(bundle):
            assert json.loads(json.dumps(chart.data)) == chart.data, chart.id


@pytest.mark.slow
def test_parallel_drawing_and_rendering_gives_the_same_svg_as_serial(seeds, seed_charts):
    fresh = [c for b in seeds.values() for c in report.build_charts(b)]
    assert len(fresh) >= render.PARALLEL_THRESHOLD
    render.render_charts(fresh, jobs=2, cache_dir=None)
    assert {c.id: c.svg for c in fresh} == {c.id: c.svg for c in all_charts(seed_charts)}


EDGE_FILES = {
    "surveys.yaml": """\
        surveys:
          - id: s
            title: Enkät
            questions: [{id: q, text: "Fråga 'ett'"}]
            rounds:
              - period: 2023
                units:
                  - {unit: AVF, respondents: 0, scores: {q: null}}
                  - {unit: BUF, respondents: 2, scores: {q: 4}}
        """,
    "indicators.yaml": """\
        indicators:
          - id: i
            name: Indikator
            unit: count
            direction: neutral
            series:
              - {group: alla, values: {"2022": 3}}
            targets:
              - {period: 2022, min: 1, max: 2}
        """,
    "finance.yaml": """\
        tables:
          - id: r
            title: Resultat
            kind: per_unit
            unit: tkr
            periods: [2023]
            rows:
              - {unit: AVF, values: {"2023": -5}}
              - {unit: BUF, values: {"2023": null}}
          - id: b
            title: Budget
            kind: budget_outcome
            rows:
              - {period: 2023, budget: 10, outcome: 12}
        """,
}


def test_charts_for_sparse_data_are_valid_and_render(bundle_of):
    from altair.vegalite.v6.schema import load_schema

    bundle = bundle_of(EDGE_FILES)
    built = report.report_charts(bundle, jobs=1, cache_dir=None)
    assert [c.id for c in built] == ["indikator-i", "enkat-s-q", "enkat-s-svarande", "tabell-r", "tabell-b"]
    validator = jsonschema.Draft7Validator(load_schema())
    for chart in built:
        assert [e.message for e in validator.iter_errors(chart.spec)] == [], chart.id
        assert chart.svg.startswith("<svg") and chart.alt_text
    assert built[1].alt_text == "Fråga 'ett' (totalt) var 4,00 2023."
    assert built[4].alt_text.startswith("Utfallet var högre än budget 2023.")
    assert built[0].alt_text == "Målet för 2022 (1–2) nåddes inte; utfallet var 3."
    rules = [
        rows_of(built[0].spec, n["data"])[0]["value"]
        for n in walk(built[0].spec)
        if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "rule"
    ]
    assert rules == [1, 2]


def test_csv_text_cells_that_look_like_formulas_stay_text():
    from followup.charts.spec import TableColumn, read_csv, to_csv

    text = to_csv([TableColumn(key="unit", label="Enhet")], [['=HYPERLINK("http://x","y")'], ["@SUM(A1)"], ["Spyken"]])
    assert [row[0] for row in read_csv(text)] == ["Enhet", '\'=HYPERLINK("http://x","y")', "'@SUM(A1)", "Spyken"]


def test_csv_header_does_not_repeat_a_unit_the_label_already_names():
    from followup.charts.spec import TableColumn, read_csv, to_csv

    text = to_csv([TableColumn(key="d", label="Differens (%)", unit="percent", decimals=1)], [[1.25]])
    assert read_csv(text)[0] == ["Differens (%)"]


def test_workers_started_ahead_render_the_charts_and_stop_with_the_build():
    spec = {
        "data": {"values": [{"a": 1}, {"a": 2}]},
        "mark": "bar",
        "encoding": {"x": {"field": "a", "type": "quantitative"}},
    }
    render.start_workers(2)
    pool = render._early_pool
    try:
        assert pool is not None
        svgs = render.render_charts([spec, {**spec, "mark": "point"}], cache_dir=None, ids=["a", "b"])
        assert [svg.startswith("<svg") for svg in svgs] == [True, True]
        workers = list(pool._processes.values())
        assert len(workers) == 2
    finally:
        render.stop_workers()
    assert render._early_pool is None
    assert [w.is_alive() for w in workers] == [False, False]


def test_chart_svg_names_metric_compatible_faces_and_declares_its_symbol_face(seed_charts):
    svg = next(iter(all_charts(seed_charts))).svg
    assert 'font-family="ChartSymbols, Liberation Sans, Arial, Helvetica, sans-serif"' in svg
    assert f"<style>{theme.SYMBOL_FACE}</style>" in svg
    assert "url(" not in theme.SYMBOL_FACE  # local fonts only: the SVG loads nothing
