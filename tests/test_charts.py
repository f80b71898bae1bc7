"""Charts (followup.charts): data and encodings of the specs, the SVG they render to, tables and CSV."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from followup.charts import indicators, render, report, rule, spec, theme
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
        ]
    )


def test_each_chart_names_the_page_it_belongs_on(seed_charts):
    pages = {c.id: c.page for c in all_charts(seed_charts)}
    assert pages["enkat-kunddialog-svarande"] == "enkater"
    assert pages["indikator-hme"] == "indikatorer"
    assert pages["tabell-forsaljningsintakter"] == "ekonomi"
    assert pages["tabell-resultat-per-pilotverksamhet"] == "ekonomi"
    assert pages["enkat-kunddialog-samlad-bedomning"] == "enkater"


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
    assert chart.note.startswith("Uppgift saknas: Alla 2022: anges inte i rapporten.")


def test_budget_chart_shows_the_difference_with_signed_swedish_labels(seed_charts):
    chart = seed_charts["eskilstuna"]["tabell-forsaljningsintakter"]
    labels = [v["label"] for v in data_values(chart.spec) if "sign" in v][:4]
    assert labels == [f"{MINUS}13{NBSP}225", f"{MINUS}14{NBSP}499", f"{MINUS}735", f"{MINUS}6{NBSP}414"]


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
        assert len(header) == len(chart.table.columns)
        assert len(rows) == len(chart.table.rows), chart.id
        for csv_row, row in zip(rows, chart.table.rows):
            for cell, value, column in zip(csv_row, row, chart.table.columns):
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
    assert [c.label for c in chart.table.columns] == [
        "Enhet",
        "2022 apr–dec",
        "2023 jan–dec",
        "Förändring 2022 apr–dec – 2023 jan–dec",
    ]
    assert chart.table.rows[0] == ["Totalt (beräknat)", 7.77, 8.39, 0.62]
    assert chart.table.rows[6] == ["Serviceförvaltningen", 9.6, 9.2, -0.4]


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
    assert len(list(tmp_path.rglob("*.svg"))) == len(first) * len(theme.WIDTHS)  # wide and narrow

    def fail(*args, **kwargs):
        raise AssertionError("drawn or rendered although cached")

    monkeypatch.setattr(render, "draw_spec", fail)
    monkeypatch.setattr(render, "_render_raw", fail)
    again = report.report_charts(seeds["lund"], jobs=1, cache_dir=tmp_path)
    assert [c.svg for c in again] == [c.svg for c in first]
    assert [c.svg_narrow for c in again] == [c.svg_narrow for c in first]


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
              - {group: alla, values: {"2021": 3, "2022": 3}}
            targets:
              - {period: 2022, min: 1, max: 2}
        """,
    "finance.yaml": """\
        tables:
          - id: r
            title: Resultat
            kind: per_unit
            unit: tkr
            periods: [2022, 2023]
            rows:
              - {unit: AVF, values: {"2022": 1, "2023": -5}}
              - {unit: BUF, values: {"2022": null, "2023": null}}
          - id: b
            title: Budget
            kind: budget_outcome
            rows:
              - {period: 2022, budget: 10, outcome: 11}
              - {period: 2023, budget: 10, outcome: 12}
        """,
}


def test_charts_for_sparse_data_are_valid_and_render(bundle_of):
    from altair.vegalite.v6.schema import load_schema

    bundle = bundle_of(EDGE_FILES)
    built = report.report_charts(bundle, jobs=1, cache_dir=None)
    # the question has one unit with a score in one round: a number, no chart (charts/rule.py)
    assert [c.id for c in built] == ["indikator-i", "enkat-s-svarande", "tabell-r", "tabell-b"]
    validator = jsonschema.Draft7Validator(load_schema())
    for chart in built:
        assert [e.message for e in validator.iter_errors(chart.spec)] == [], chart.id
        assert chart.svg.startswith("<svg") and chart.alt_text
    assert built[1].alt_text.startswith("2 svarande 2023.")
    assert built[3].alt_text.startswith("Utfallet var högre än budget alla 2 år.")
    assert built[0].alt_text.endswith("Målet för 2022 (1–2) nåddes inte; utfallet var 3.")
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


# --- When a chart is drawn (charts/rule.py) ----------------------------------------------------------


def indicator_yaml(values: dict[str, str], groups: tuple[str, ...] = ("alla",)) -> str:
    series = "".join(
        f"              - {{group: {g}, values: {{{', '.join(f'{p!r}: {v}' for p, v in values.items())}}}}}\n" for g in groups
    )
    return f"""\
        indicators:
          - id: i
            name: Indikator
            unit: percent
            direction: lower_is_better
            series:
{series}"""


def test_a_one_period_indicator_gets_no_chart(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator_yaml({"2023": "6.5"})})
    assert report.build_charts(bundle) == []


def test_a_one_period_indicator_with_groups_gets_no_chart(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator_yaml({"2023": "6.5"}, ("alla", "kvinnor", "man"))})
    assert report.build_charts(bundle) == []


def test_a_two_period_indicator_gets_a_chart(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator_yaml({"2022": "6.1", "2023": "6.5"})})
    assert [c.id for c in report.build_charts(bundle)] == ["indikator-i"]


def test_a_group_with_one_value_gets_no_panel_and_the_note_says_so():
    malmo_2014 = next(b for b in load_project(REPO)[0].reports if b.report_id == "arsredovisning-2014")
    chart = next(c for c in report.build_charts(malmo_2014) if c.id == "indikator-sjukfranvaro")
    assert [p["title"] for p in chart.data["panels"]] == ["Alla"]
    assert "Kvinnor och Män har värde för högst en period och visas i tabellen, inte i diagrammet." in chart.note
    assert [row[0] for row in chart.table.rows] == ["Alla", "Kvinnor", "Män"]  # the data table keeps them


GOALS_YAML = "perspectives:\n  - id: p\n    title: P\n    goals:\n" + "".join(
    f"      - {{id: g{n}, title: Mål {n}, assessment: uppnatt}}\n" for n in (1, 2, 10)
)


def test_goals_get_no_matrix_chart_the_goals_table_shows_them(bundle_of, seed_charts):
    assert report.build_charts(bundle_of({"goals.yaml": GOALS_YAML})) == []
    assert [c for c in all_charts(seed_charts) if c.page == "mal"] == []


def test_deliverables_get_no_status_chart_the_status_counts_are_listed(seeds, seed_charts):
    assert seeds["lund"].deliverables is not None
    assert [c for c in all_charts(seed_charts) if c.page == "leveranser" or c.subject == "deliverables"] == []
    assert not rule.earns_a_chart("deliverables", None)
    assert not rule.earns_a_chart("goals", None)


def test_a_budget_table_of_one_period_gets_no_chart(bundle_of):
    files = {
        "finance.yaml": """\
            tables:
              - id: b
                title: Budget
                kind: budget_outcome
                rows:
                  - {period: 2023, budget: 10, outcome: 12}
            """
    }
    assert report.build_charts(bundle_of(files)) == []


# --- Width ----------------------------------------------------------------------------------------


def svg_root(svg: str) -> str:
    return re.match(r"<svg\b[^>]*>", svg).group(0)


def test_every_chart_is_drawn_wide_and_narrow_with_a_viewbox(seed_charts):
    for chart in all_charts(seed_charts):
        for svg, width in ((chart.svg, theme.WIDTHS["wide"]), (chart.svg_narrow, theme.WIDTHS["narrow"])):
            root = svg_root(svg)
            view_box = re.search(r'viewBox="0 0 ([0-9.]+) ([0-9.]+)"', root)
            assert view_box, chart.id
            # panels are sized by their plot, so a wide y axis adds a little
            assert 0.9 * width <= float(view_box.group(1)) <= 1.05 * width, (chart.id, view_box.group(1))


def test_the_wide_drawing_is_wide_enough_to_fill_a_desktop_column():
    assert theme.WIDTHS["wide"] >= 760  # the content column is about 815 px at a 1280 px window
    assert theme.WIDTHS["narrow"] <= 400  # and about 340 px at 390 px


# --- Axes, labels and rules -------------------------------------------------------------------------


def quantitative_scales_of_bars(spec):
    """(chart part, channel, scale) of every quantitative position channel of a bar mark."""
    for node in walk(spec):
        mark = node.get("mark")
        if (mark if isinstance(mark, str) else (mark or {}).get("type")) != "bar":
            continue
        for channel in ("x", "y"):
            field = (node.get("encoding") or {}).get(channel) or {}
            if field.get("type") == "quantitative":
                yield channel, field.get("scale") or {}


def test_bar_chart_axes_start_at_zero(seed_charts):
    checked = 0
    for chart in all_charts(seed_charts):
        for channel, scale in quantitative_scales_of_bars(chart.spec):
            checked += 1
            assert scale.get("zero") is not False, (chart.id, channel)
            if "domain" in scale:
                low, high = scale["domain"]
                assert low <= 0 <= high, (chart.id, channel, scale["domain"])
    assert checked >= 5


def test_a_level_chart_whose_axis_leaves_out_zero_says_so(seed_charts):
    chart = seed_charts["eskilstuna"]["indikator-sjukfranvaro"]
    assert chart.data["y_domain"][0] > 0
    assert chart.alt_text.endswith(spec.AXIS_NOT_FROM_ZERO)
    assert chart.note.endswith("Axeln börjar inte vid noll.")


def test_a_level_chart_whose_axis_includes_zero_says_nothing_about_it(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator_yaml({"2022": "-1", "2023": "2"})})
    chart = report.build_charts(bundle)[0]
    assert chart.data["y_domain"][0] <= 0
    assert spec.AXIS_NOT_FROM_ZERO not in chart.alt_text
    assert chart.note is None


def label_box(value, above, domain, height):
    """The value range a point's label covers (see indicators.label_above)."""
    per_px = (domain[1] - domain[0]) / height
    gap, text = indicators.LABEL_GAP * per_px, theme.TEXT_SIZE * per_px
    return (value + gap, value + gap + text) if above else (value - gap - text, value - gap)


def test_value_label_goes_below_its_point_when_the_target_line_runs_above(seed_charts):
    chart = seed_charts["eskilstuna"]["indikator-hme"]  # 79 against the target 80
    point = next(v for v in chart.data["panels"][0]["values"] if v["value"] == 79)
    assert point["above"] is False
    texts = [n for n in walk(chart.spec) if isinstance(n.get("mark"), dict) and n["mark"].get("type") == "text"]
    below = [n for n in texts if n.get("transform") == [{"filter": "!datum.above"}]]
    assert below and below[0]["mark"]["baseline"] == "top" and below[0]["mark"]["dy"] > 0


def test_no_value_label_covers_a_target_line(seed_charts):
    checked = 0
    for chart in all_charts(seed_charts):
        if chart.kind != "indicator":
            continue
        domain, height = chart.data["y_domain"], chart.data["height"]
        for panel in chart.data["panels"]:
            for point in panel["values"]:
                if point["value"] is None:
                    continue
                low, high = label_box(point["value"], point["above"], domain, height)
                checked += 1
                assert not any(low <= rule <= high for rule in panel["targets"]), (chart.id, point)
    assert checked > 10


def test_label_above_unless_a_rule_is_in_the_way():
    domain, height = [70, 90], 140
    assert indicators.label_above(79, [], domain, height) is True
    assert indicators.label_above(79, [80], domain, height) is False
    assert indicators.label_above(79, [70.5], domain, height) is True


# --- JSON -----------------------------------------------------------------------------------------


def test_chart_json_holds_the_csv_data_with_numbers_as_numbers(seed_charts):
    for chart in all_charts(seed_charts):
        data = json.loads(chart.json)
        header, *rows = spec.read_csv(chart.csv)
        assert [c["label"] for c in data["columns"]] == header, chart.id
        assert len(data["rows"]) == len(rows), chart.id
        for json_row, csv_row in zip(data["rows"], rows):
            for value, cell in zip(json_row, csv_row):
                if isinstance(value, (int, float)):
                    assert float(cell.replace(",", ".")) == value, chart.id
                elif value is None:
                    assert cell == "", chart.id
                else:
                    assert cell.lstrip("'") == value, chart.id


def test_chart_json_numbers_are_json_numbers():
    from followup.charts.spec import TableColumn, to_json

    text = to_json(
        "x", "X", [TableColumn("g", "Grupp"), TableColumn("v", "Värde", "percent", 1)], [["Alla", 6.54], ["Män", None]]
    )
    data = json.loads(text)
    assert data["rows"] == [["Alla", 6.5], ["Män", None]]
    assert data["columns"][1] == {"key": "v", "label": "Värde (%)", "unit": "percent"}
