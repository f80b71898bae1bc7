"""`build.py import-table`: every table of both seeds, pasted as tab-separated text, becomes YAML
that validates with the models and reproduces the numbers in data/.

The pasted tables (tests/fixtures/import/*.txt) are copied verbatim from the seed texts
(000_798feb2dc6638d86.txt: Eskilstuna, 001_3c46854be6750668.txt: Lund).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from followup.model import models

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ESKILSTUNA = REPO / "data/eskilstuna/processmal-2020-2023"
LUND = REPO / "data/lund/samordnade-servicetjanster"


def import_table(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "import-table", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=REPO,
    )


def paste(fixture: str, *args: str) -> dict:
    """Paste a seed table on standard input; the YAML printed, parsed."""
    result = import_table(*args, stdin=(FIXTURES / fixture).read_text(encoding="utf-8"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
    return yaml.safe_load(result.stdout)


def seed(path: Path, model: type) -> object:
    return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def seed_table(path: Path, table_id: str):
    return next(t for t in seed(path, models.TablesFile).tables if t.id == table_id)


# --- Eskilstuna ---------------------------------------------------------------------------------


def test_budget_table_reproduces_the_seed_rows_and_stated_differences():
    data = paste("eskilstuna-forsaljningsintakter.txt", "--kind", "budget", "--id", "forsaljningsintakter")
    table = models.TablesFile.model_validate(data).tables[0]
    expected = seed_table(ESKILSTUNA / "finance.yaml", "forsaljningsintakter")
    assert table.kind == "budget_outcome" and table.title == "Försäljningsintäkter"
    assert [(r.period, r.budget, r.outcome, r.stated_difference.value) for r in table.rows] == [
        (r.period, r.budget, r.outcome, r.stated_difference.value) for r in expected.rows
    ]
    assert table.rows[0].stated_difference.text == "-13 225"


def test_goal_assessment_table_reproduces_the_seed_goals_and_assessments():
    data = paste("eskilstuna-goals.txt", "--kind", "goals")
    goals = models.GoalsFile.model_validate(data)
    expected = seed(ESKILSTUNA / "goals.yaml", models.GoalsFile)
    assert goals.title == expected.title == "4-åriga processmål"
    assert [(p.title, [(g.title, g.assessment) for g in p.goals]) for p in goals.perspectives] == [
        (p.title, [(g.title, g.assessment) for g in p.goals]) for p in expected.perspectives
    ]


def test_respondents_table_maps_full_unit_names_to_codes_and_keeps_the_totals():
    data = paste("eskilstuna-respondents.txt", "--kind", "survey-respondents", "--organisation", "eskilstuna")
    rounds = [models.SurveyRound.model_validate(r) for r in data["rounds"]]
    survey = seed(ESKILSTUNA / "surveys.yaml", models.SurveysFile).surveys[0]
    assert [r.period.label for r in rounds] == ["2022", "2023"]
    for got, want in zip(rounds, survey.rounds, strict=True):
        assert [(u.unit, u.respondents) for u in got.units] == [(u.unit, u.respondents) for u in want.units]
        assert got.stated_total.respondents.value == want.stated_total.respondents.value
    assert [u.unit for u in rounds[0].units][-1] == "ANNAT"  # "Annat/Vet ej"


def test_both_survey_statistics_tables_reproduce_the_seed_survey():
    data = paste(
        "eskilstuna-survey-scores.txt",
        "--kind",
        "survey-scores",
        "--organisation",
        "eskilstuna",
        "--id",
        "kunddialog",
        "--title",
        "Kunddialogenkät",
    )
    got = models.SurveysFile.model_validate(data).surveys[0]
    want = seed(ESKILSTUNA / "surveys.yaml", models.SurveysFile).surveys[0]
    assert [(q.id, q.text) for q in got.questions] == [(q.id, q.text) for q in want.questions]
    assert [r.period for r in got.rounds] == [r.period for r in want.rounds]
    for g, w in zip(got.rounds, want.rounds, strict=True):
        assert [(u.unit, u.respondents, u.scores) for u in g.units] == [(u.unit, u.respondents, u.scores) for u in w.units]
        assert g.stated_total.respondents.value == w.stated_total.respondents.value
        assert {k: (v.value, v.decimals) for k, v in g.stated_total.scores.items()} == {
            k: (v.value, v.decimals) for k, v in w.stated_total.scores.items()
        }


def test_empty_score_cells_become_null():
    data = paste("eskilstuna-survey-scores.txt", "--kind", "survey-scores", "--organisation", "eskilstuna")
    annat_2023 = data["surveys"][0]["rounds"][1]["units"][-1]
    assert annat_2023 == {
        "unit": "ANNAT",
        "respondents": 0,
        "scores": {"samlad-bedomning": None, "aterkoppling": None, "motsvarad-forvantan": None, "bemotande": None},
    }


def test_indicator_table_with_repeated_headings_reproduces_series_and_targets():
    data = paste("eskilstuna-sjukfranvaro.txt", "--kind", "indicator", "--id", "sjukfranvaro", "--direction", "lower_is_better")
    got = models.IndicatorsFile.model_validate(data).indicators[0]
    want = next(i for i in seed(ESKILSTUNA / "indicators.yaml", models.IndicatorsFile).indicators if i.id == "sjukfranvaro")
    assert (got.name, got.unit, got.direction, got.decimals) == (want.name, want.unit, want.direction, want.decimals)
    assert [(s.group, s.values) for s in got.series] == [(s.group, s.values) for s in want.series]
    assert [(t.period, t.group, t.value) for t in got.targets] == [(t.period, t.group, t.value) for t in want.targets]


# --- Lund ---------------------------------------------------------------------------------------


def test_per_unit_table_reproduces_values_stated_totals_and_comments():
    data = paste(
        "lund-resultat-per-pilotverksamhet.txt",
        "--kind",
        "per-unit",
        "--organisation",
        "lund",
        "--id",
        "resultat-per-pilotverksamhet",
        "--title",
        "Resultat per pilotverksamhet",
    )
    got = models.TablesFile.model_validate(data).tables[0]
    want = seed_table(LUND / "finance.yaml", "resultat-per-pilotverksamhet")
    assert got.unit == want.unit == "sek"
    assert got.periods == want.periods
    assert [(r.unit, r.values, r.comment) for r in got.rows] == [(r.unit, r.values, r.comment) for r in want.rows]
    assert {k: v.value for k, v in got.stated_totals.items()} == {k: v.value for k, v in want.stated_totals.items()}
    assert got.total_comment == want.total_comment


def test_before_after_table_reproduces_the_seed_costs():
    data = paste(
        "lund-kostnader-fore-och-efter.txt",
        "--kind",
        "before-after",
        "--organisation",
        "lund",
        "--id",
        "kostnader-fore-och-efter",
    )
    got = models.TablesFile.model_validate(data).tables[0]
    want = seed_table(LUND / "finance.yaml", "kostnader-fore-och-efter")
    assert (got.before, got.after, got.unit) == (want.before, want.after, want.unit)
    assert [(r.unit, r.before, r.after, r.comment) for r in got.rows] == [
        (r.unit, r.before, r.after, r.comment) for r in want.rows
    ]


def test_breakdown_table_keeps_the_stated_total_and_cirka():
    data = paste(
        "lund-projektmedlens-anvandning.txt",
        "--kind",
        "breakdown",
        "--id",
        "projektmedlens-anvandning",
        "--title",
        "Projektmedlens användning",
        "--period",
        "2022–2023",
    )
    got = models.TablesFile.model_validate(data).tables[0]
    want = seed_table(LUND / "finance.yaml", "projektmedlens-anvandning")
    assert [(r.label, r.amount) for r in got.rows] == [(r.label, r.amount) for r in want.rows]
    assert got.stated_total.value == want.stated_total.value == 2_000_000
    assert got.approximate is want.approximate is True
    assert got.period == want.period


def test_document_information_table_becomes_a_generic_table_with_the_report_metadata():
    data = paste("lund-document-info.txt", "--kind", "table", "--title", "Dokumentinformation")
    table = models.TablesFile.model_validate(data).tables[0]
    report = seed(LUND / "report.yaml", models.ReportFile)
    assert [c.label for c in table.columns] == ["Dokumenttyp:", "Beslutsinstans:", "Beslutsdatum:", "Diarienummer:"]
    first = table.rows[0]
    assert first["dokumenttyp"].lower() == report.document_type
    assert first["beslutsinstans"] == report.decision.body
    assert first["beslutsdatum"] == report.decision.date.isoformat()
    assert first["diarienummer"] == report.registration_number


def test_table_of_contents_imports_as_a_table_without_headings():
    data = paste("lund-contents.txt", "--kind", "table", "--no-header", "--title", "Innehåll")
    table = models.TablesFile.model_validate(data).tables[0]
    assert [c.id for c in table.columns] == ["kolumn-1", "kolumn-2"]
    assert table.rows[0] == {"kolumn-1": "1. Sammanfattning", "kolumn-2": 2}
    assert len(table.rows) == 18


# --- imported YAML passes `check` in a report -------------------------------------------------------


def test_imported_tables_pass_check_in_a_copy_of_the_lund_report(tmp_path: Path):
    import shutil

    root = tmp_path / "project"
    for name in ("data", "content", "schema"):
        shutil.copytree(REPO / name, root / name)
    report = root / "data/lund/samordnade-servicetjanster"
    result = import_table(
        str(FIXTURES / "lund-resultat-per-pilotverksamhet.txt"),
        "--kind",
        "per-unit",
        "--organisation",
        "lund",
        "--id",
        "resultat-per-pilotverksamhet",
        "--title",
        "Resultat per pilotverksamhet",
        "--root",
        str(root),
        "--output",
        str(report / "tables.yaml"),
    )
    assert result.returncode == 0, result.stderr
    text = (report / "tables.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schema/tables.schema.json\n")
    # The same table id now exists in finance.yaml too: rename the imported one.
    (report / "tables.yaml").write_text(text.replace("id: resultat-per-pilotverksamhet", "id: importerad"), encoding="utf-8")
    check = subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--root", str(root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert check.returncode == 0, check.stdout
    assert "tables.yaml" not in check.stdout


def test_a_wrong_stated_total_is_kept_as_stated_so_check_reports_it(make_project, problems):
    text = "Enhet\tResultat 2022\nAVF\t10\nBUF\t5\nTotalt\t16\n"
    result = import_table("--kind", "per-unit", "--id", "res", "--title", "Resultat", stdin=text)
    assert result.returncode == 0, result.stderr
    assert "stated_totals: {'2022': 16}" in result.stdout
    root = make_project({"data/org/rep/tables.yaml": result.stdout})
    found = problems(root)
    assert any("tables.yaml" in p and ": fel: " in p and "16" in p for p in found), found


# --- bad input ------------------------------------------------------------------------------------


def test_a_cell_that_is_not_a_number_is_reported_at_its_row_and_column():
    text = "Namn\tAntal 2022\tAntal 2023\nAVF\t1\t6\nBUF\telva\t15\nTotalt\t12\t21\n"
    result = import_table("--kind", "survey-respondents", "--organisation", "eskilstuna", stdin=text)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines()[0] == (
        '<stdin>:3:2: fel: cellen "elva" i kolumnen "Antal 2022" är inget tal; skriv decimaler med '
        "komma (7,77) eller punkt (7.77), och tusental med mellanslag (295 591); rätta cellen eller "
        "lämna den tom"
    )


def test_an_unknown_unit_name_is_reported_at_its_cell_with_the_registry():
    text = "Namn\tAntal 2022\nOkänd förvaltning\t3\n"
    result = import_table("--kind", "survey-respondents", "--organisation", "eskilstuna", stdin=text)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(
        '<stdin>:2:1: fel: enheten "Okänd förvaltning" finns inte i enhetsregistret i data/eskilstuna/organisation.yaml '
        "(enheter: AVF (Arbetsmarknads- och vuxenutbildningsförvaltningen), "
    )
    assert first.endswith("; lägg till den i registret eller rätta namnet")


def test_a_cell_beyond_the_headings_is_reported_in_a_file(tmp_path: Path):
    path = tmp_path / "tabell.txt"
    path.write_text("Pilotverksamhet\tResultat 2022\nSpyken\t-6 000 SEK\t12\n", encoding="utf-8")
    result = import_table(str(path), "--kind", "per-unit", "--organisation", "lund")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'tabell.txt:2:3: fel: rad 2 har en cell "12" i kolumn 3, utanför rubrikradens 2 kolumner; '
        "ta bort den eller lägg till en rubrik"
    )


def test_a_heading_without_a_period_is_reported_at_the_heading():
    result = import_table("--kind", "per-unit", stdin="Enhet\tResultat\nAVF\t3\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        '<stdin>:1:2: fel: hittar ingen period i kolumnrubriken "Resultat"; skriv den som '
        "'Resultat 2022' eller '2022 apr–dec'"
    )


def test_an_unknown_assessment_symbol_is_reported_with_the_scale():
    result = import_table("--kind", "goals", stdin="Mål\tBedömning\nNöjda kunder\t★\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        '<stdin>:2:2: fel: bedömningen "★" finns inte på bedömningsskalan (● (uppnått), ◐ (delvis uppnått)'
    )


# --- Excel --------------------------------------------------------------------------------------------


def _workbook(path: Path) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Omslag"
    ws["A1"] = "Se bladet Ekonomi"
    ws = wb.create_sheet("Ekonomi")
    ws.append(["Försäljningsintäkter", 2020, 2021, 2022, 2023])
    ws.append(["Budget", 295591, 296987, 303446, 326951])
    ws.append(["Utfall", 282366, 282488, 302711, 320537])
    ws.append(["Diff", -13225, -14499, -735, -6414])
    ws = wb.create_sheet("Sjukfrånvaro")
    ws.append(["Kön", "Utfall 2021", "Utfall 2022", "Utfall 2023", "Mål 2023"])
    for label, *values in (["Alla", 0.065, 0.073, 0.065, 0.065], ["Kvinnor", 0.069, 0.08, 0.073, 0.065]):
        ws.append([label, *values])
    for row in ws.iter_rows(min_row=2, min_col=2):
        for cell in row:
            cell.number_format = "0.0%"
    wb.save(path)
    return path


def test_a_sheet_of_an_xlsx_workbook_imports_like_pasted_text(tmp_path: Path):
    book = _workbook(tmp_path / "ekonomi.xlsx")
    result = import_table(str(book), "--sheet", "Ekonomi", "--kind", "budget", "--id", "forsaljningsintakter")
    assert result.returncode == 0, result.stderr
    got = models.TablesFile.model_validate(yaml.safe_load(result.stdout)).tables[0]
    want = seed_table(ESKILSTUNA / "finance.yaml", "forsaljningsintakter")
    assert [(r.period, r.budget, r.outcome, r.stated_difference.value) for r in got.rows] == [
        (r.period, r.budget, r.outcome, r.stated_difference.value) for r in want.rows
    ]


def test_percent_formatted_excel_cells_are_read_as_percent(tmp_path: Path):
    book = _workbook(tmp_path / "personal.xlsx")
    result = import_table(str(book), "--sheet", "Sjukfrånvaro", "--kind", "indicator", "--id", "sjukfranvaro")
    assert result.returncode == 0, result.stderr
    got = models.IndicatorsFile.model_validate(yaml.safe_load(result.stdout)).indicators[0]
    assert got.unit == "percent" and got.decimals == 1
    assert got.series[1].values == {"2021": 6.9, "2022": 8.0, "2023": 7.3}
    assert [(t.group, t.value) for t in got.targets] == [("alla", 6.5), ("kvinnor", 6.5)]


def test_an_unknown_sheet_is_reported_with_the_sheets_of_the_workbook(tmp_path: Path):
    book = _workbook(tmp_path / "bok.xlsx")
    result = import_table(str(book), "--sheet", "Budget", "--kind", "budget")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "bok.xlsx:1:1: fel: arbetsboken har inget blad 'Budget'; dess blad är 'Omslag', 'Ekonomi', 'Sjukfrånvaro'"
    )


def test_a_malformed_cell_in_a_workbook_is_reported_at_its_row_and_column(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Blad1"
    ws.append(["Beskrivning", "Kostnad"])
    ws.append(["Utbildning", 120000])
    ws.append(["Konsult", "cirka 400 000"])
    wb.save(tmp_path / "kostnader.xlsx")
    result = import_table(str(tmp_path / "kostnader.xlsx"), "--kind", "breakdown")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].startswith(
        'kostnader.xlsx[Blad1]:3:2: fel: cellen "cirka 400 000" i kolumnen "Kostnad" är inget tal'
    )


def test_output_never_replaces_an_existing_file_without_force(tmp_path: Path):
    target = tmp_path / "finance.yaml"
    target.write_text("tables: []\n", encoding="utf-8")
    source = str(FIXTURES / "eskilstuna-forsaljningsintakter.txt")
    result = import_table(source, "--kind", "budget", "--output", str(target))
    assert result.returncode == 1
    assert "finns redan" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "tables: []\n"
    assert import_table(source, "--kind", "budget", "--output", str(target), "--force").returncode == 0
    assert "budget_outcome" in target.read_text(encoding="utf-8")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_cell_text_survives_the_yaml_writer(text: str):
    from followup.commands.import_table.output import to_yaml

    data = {"rows": [{"label": text, "comment": text}], text or "k": [text]}
    assert yaml.safe_load(to_yaml(data)) == data


# --- Excel as communicators' workbooks are (issue 15, point 8) ----------------------------------------


def _sheet(path: Path, rows: list[list], *, title: str = "Blad1") -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _indicator(result: subprocess.CompletedProcess):
    assert result.returncode == 0, result.stderr
    return models.IndicatorsFile.model_validate(yaml.safe_load(result.stdout)).indicators[0]


def test_a_formula_without_a_saved_value_is_reported_at_its_row_and_column(tmp_path: Path):
    # openpyxl (like other programs that are not Excel) saves formulas without their results.
    book = _sheet(
        tmp_path / "budget.xlsx",
        [["Försäljningsintäkter", 2022, 2023], ["Budget", 100, 200], ["Utfall", "=B2*2", "=C2+1"], ["Diff", 1, 2]],
    )
    result = import_table(str(book), "--kind", "budget")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "budget.xlsx[Blad1]:3:2: fel: cellen B3 (=B2*2): formeln saknar sparat värde: öppna filen i Excel och spara den igen",
        "budget.xlsx[Blad1]:3:3: fel: cellen C3 (=C2+1): formeln saknar sparat värde: öppna filen i Excel och spara den igen",
    ]
    assert result.stdout == ""


def test_cirka_in_an_outcome_is_an_approximate_value(tmp_path: Path):
    book = _sheet(tmp_path / "besok.xlsx", [["Kön", "Utfall 2022", "Utfall 2023"], ["Alla", "cirka 5 000", "ca 5 400"]])
    got = _indicator(import_table(str(book), "--kind", "indicator", "--id", "besok"))
    assert got.series[0].values == {"2022": 5000, "2023": 5400}
    assert got.series[0].approximate == ["2022", "2023"]


def test_last_years_value_in_parentheses_is_the_period_before(tmp_path: Path):
    book = _sheet(tmp_path / "besok.xlsx", [["Kön", "Utfall 2023"], ["Alla", "1 450 (1 380)"], ["Kvinnor", "cirka 700 (650)"]])
    got = _indicator(import_table(str(book), "--kind", "indicator", "--id", "besok"))
    assert [(s.group, s.values, s.approximate) for s in got.series] == [
        ("alla", {"2023": 1450, "2022": 1380}, []),
        ("kvinnor", {"2023": 700, "2022": 650}, ["2023"]),
    ]


def test_a_value_in_parentheses_under_a_period_of_several_years_is_reported(tmp_path: Path):
    book = _sheet(tmp_path / "besok.xlsx", [["Kön", "Utfall 2020–2023"], ["Alla", "1 450 (1 380)"]])
    result = import_table(str(book), "--kind", "indicator")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'besok.xlsx[Blad1]:2:2: fel: cellen "1 450 (1 380)" ger ett värde inom parentes (föregående år), men '
        "kolumnens period '2020–2023' är inte ett enskilt år; ge föregående års värde en egen kolumn"
    )


def test_a_value_in_parentheses_that_contradicts_last_years_column_is_reported(tmp_path: Path):
    book = _sheet(tmp_path / "besok.xlsx", [["Kön", "Utfall 2022", "Utfall 2023"], ["Alla", "1 300", "1 450 (1 380)"]])
    result = import_table(str(book), "--kind", "indicator")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        'besok.xlsx[Blad1]:2:3: fel: cellen "1 450 (1 380)" ger 2022 värdet 1 380, men cellen "1 300" ger 1 300; rätta den ena'
    )


@pytest.mark.parametrize(
    "cell,unit,value",
    [
        ("1 200 kronor", "sek", 1200),
        ("1 200 tkr", "tkr", 1200),
        ("12,5 mnkr", "mnkr", 12.5),
        ("1 200 ton", "ton", 1200),
        ("35 GWh", "GWh", 35),
    ],
)
def test_known_units_in_cells(tmp_path: Path, cell: str, unit: str, value: float):
    book = _sheet(tmp_path / "enhet.xlsx", [["Kön", "Utfall 2023"], ["Alla", cell]])
    got = _indicator(import_table(str(book), "--kind", "indicator", "--id", "x"))
    assert (got.unit, got.series[0].values["2023"]) == (unit, value)


def test_an_imported_ton_indicator_passes_check_when_the_organisation_declares_ton(tmp_path: Path, make_project, problems):
    book = _sheet(
        tmp_path / "co2.xlsx",
        [["Utsläpp av koldioxid"], ["Kön", "Utfall 2022", "Utfall 2023"], ["Alla", "1 450 ton", "cirka 1 380 ton"]],
    )
    result = import_table(str(book), "--kind", "indicator", "--id", "co2", "--direction", "lower_is_better")
    assert result.returncode == 0, result.stderr
    assert "enheten 'ton' är ingen inbyggd enhet: deklarera den under measure_units" in result.stderr
    root = make_project(
        {
            "data/org/organisation.yaml": "name: Testkommun\nmeasure_units:\n  - {label: ton}\n",
            "data/org/rep/indicators.yaml": result.stdout,
        }
    )
    assert problems(root) == []


def test_multi_line_excel_cells_are_kept_as_lines(tmp_path: Path):
    book = _sheet(
        tmp_path / "enheter.xlsx",
        [["Enhet", "Resultat 2022", "Kommentar"], ["AVF", 10, "Första raden\nandra raden"], ["BUF", 5, None]],
    )
    result = import_table(str(book), "--kind", "per-unit", "--id", "res", "--title", "Resultat")
    assert result.returncode == 0, result.stderr
    assert "        comment: |-\n          Första raden\n          andra raden\n" in result.stdout
    table = models.TablesFile.model_validate(yaml.safe_load(result.stdout)).tables[0]
    assert table.rows[0].comment == "Första raden\nandra raden"


def test_a_multi_line_cell_pasted_from_excel_stays_one_cell():
    text = 'Enhet\tResultat 2022\tKommentar\nAVF\t10\t"Två\nrader med ""citat"""\nBUF\t5\nTotalt\tx\n'
    result = import_table("--kind", "per-unit", "--id", "res", "--title", "Resultat", stdin=text)
    assert result.returncode == 1  # the error's line is the line the row starts on, after the two-line cell
    assert result.stderr.splitlines()[0].startswith('<stdin>:5:2: fel: cellen "x" i summaraden')
    result = import_table("--kind", "per-unit", "--id", "res", "--title", "Resultat", stdin=text.replace("\tx", "\t15"))
    table = models.TablesFile.model_validate(yaml.safe_load(result.stdout)).tables[0]
    assert [(r.unit, r.comment) for r in table.rows] == [("AVF", 'Två\nrader med "citat"'), ("BUF", None)]
