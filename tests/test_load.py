"""Loading a project: discovery of report folders, located model errors, scales, content pages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from followup.build.pipeline import check_project

REPORT = "data/org/rep/report.yaml"
ORG = "data/org/organisation.yaml"


def test_minimal_project_loads_without_problems(make_project, problems):
    root = make_project()
    assert problems(root) == []
    project, _ = check_project(root)
    (bundle,) = project.reports
    assert (bundle.org_id, bundle.report_id) == ("org", "rep")
    assert bundle.report.title == "Testrapport"
    assert set(bundle.units) == {"AVF", "BUF"}


def test_bundled_seed_reports_load_without_errors(repo_root):
    project, found = check_project(repo_root)
    assert [p for p in found if p.severity == "error"] == []
    assert {(b.org_id, b.report_id) for b in project.reports} >= {
        ("eskilstuna", "processmal-2020-2023"),
        ("lund", "samordnade-servicetjanster"),
    }


# --- Discovery ------------------------------------------------------------------------------


def test_empty_data_folder_is_an_error(make_project, problems):
    root = make_project({}, minimal=False)
    (root / "data").mkdir()
    assert problems(root) == [
        "data:1:1: fel: det finns inga rapporter under data/; lägg till en mapp "
        "data/<organisation>/<rapport>/ med en report.yaml, och data/<organisation>/organisation.yaml"
    ]


def test_missing_data_folder_is_an_error(make_project, problems):
    root = make_project({}, minimal=False)
    assert problems(root)[0].startswith("data:1:1: fel: det finns inga rapporter under data/")


def test_report_folder_without_report_yaml_is_an_error(make_project, problems):
    root = make_project({REPORT: None, "data/org/rep/goals.yaml": "title: Mål\n"})
    assert (
        "data/org/rep/report.yaml:1:1: fel: filen saknas: varje rapportmapp behöver en report.yaml "
        "(title, document_type, status, period, summary); skapa den" in problems(root)
    )


def test_empty_report_folder_is_an_error(make_project, problems):
    root = make_project()
    (root / "data/org/empty").mkdir()
    assert problems(root) == [
        "data/org/empty/report.yaml:1:1: fel: filen saknas: mappen är tom; varje rapportmapp behöver en "
        "report.yaml (title, document_type, status, period, summary); skapa den"
    ]


def test_missing_organisation_file_is_an_error(make_project, problems):
    root = make_project({ORG: None})
    assert problems(root) == [
        "data/org/organisation.yaml:1:1: fel: filen saknas: varje organisationsmapp behöver "
        "organisation.yaml (minst 'name: ...'); skapa den"
    ]


def test_unknown_file_name_suggests_the_closest_one(make_project, problems):
    root = make_project({"data/org/rep/goal.yaml": "title: x\n"})
    assert problems(root) == [
        "data/org/rep/goal.yaml:1:1: fel: okänt filnamn 'goal.yaml'; menade du 'goals.yaml'? (en "
        "rapportmapp får ha: report.yaml, goals.yaml, indicators.yaml, surveys.yaml, finance.yaml, "
        "tables.yaml, deliverables.yaml)"
    ]


def test_unknown_file_name_without_close_match_lists_the_file_names(make_project, problems):
    root = make_project({"data/org/rep/notes.txt": "x\n"})
    assert problems(root) == [
        "data/org/rep/notes.txt:1:1: fel: okänt filnamn 'notes.txt'; en rapportmapp får ha: "
        "report.yaml, goals.yaml, indicators.yaml, surveys.yaml, finance.yaml, tables.yaml, "
        "deliverables.yaml"
    ]


def test_yml_extension_suggests_yaml(make_project, problems):
    root = make_project({"data/org/rep/finance.yml": "tables: []\n"})
    assert problems(root)[0].startswith(
        "data/org/rep/finance.yml:1:1: fel: okänt filnamn 'finance.yml'; menade du 'finance.yaml'?"
    )


def test_hidden_files_are_ignored(make_project, problems):
    root = make_project({"data/org/rep/.DS_Store": "x", "data/org/.editorconfig": "x"})
    assert problems(root) == []


# --- YAML problems (from followup.yamlsource) ------------------------------------------------


def test_yaml_syntax_error_is_located(make_project, problems):
    root = make_project({"data/org/rep/goals.yaml": "title: [Mål\n"})
    (line,) = problems(root)
    assert line.startswith("data/org/rep/goals.yaml:")
    assert ": fel: " in line


def test_duplicate_key_is_an_error(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: Testrapport
        title: Igen
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: Text.
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:2:1: fel: nyckeln 'title' förekommer två gånger (första gången på rad 1); ta bort den ena"
    ]


def test_yaml_file_that_is_not_utf8_is_an_error(make_project, problems):
    root = make_project()
    (root / REPORT).write_bytes("title: Rapport\nsummary: Gr\xe4ns\n".encode("latin-1"))
    (line,) = problems(root)
    assert line.startswith("data/org/rep/report.yaml:2:12: fel: filen är inte UTF-8-text")


def test_empty_file_is_an_error(make_project, problems):
    root = make_project({"data/org/rep/goals.yaml": ""})
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:1: fel: filen är tom; den ska ha nycklarna perspectives. Fyll i den eller ta bort filen."
    ]


def test_problems_of_all_files_are_reported_in_one_run(make_project, problems):
    root = make_project(
        {
            "data/org/rep/goals.yaml": "title: [Mål\n",
            "data/org/rep/indicators.yaml": "indicator: []\n",
            REPORT: """\
            titel: Testrapport
            document_type: uppföljning
            status: utkast
            period: 2020–2023
            summary: Text.
            """,
        }
    )
    paths = {line.split(":")[0] for line in problems(root)}
    assert paths == {
        "data/org/rep/goals.yaml",
        "data/org/rep/indicators.yaml",
        "data/org/rep/report.yaml",
    }


# --- Model errors, translated -----------------------------------------------------------------


def test_unknown_key_suggests_the_closest_key_at_the_key(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: Testrapport
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: Text.
        bord: Servicenämnden
        """
        }
    )
    assert problems(root) == ["data/org/rep/report.yaml:6:1: fel: okänd nyckel 'bord'; menade du 'board'?"]


def test_unknown_key_without_close_match_lists_expected_keys(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        xyzzy: 1
        """
        }
    )
    assert problems(root) == [
        "data/org/organisation.yaml:2:1: fel: okänd nyckel 'xyzzy'; tillåtna är: name, kind, owners, "
        "municipality, short_name, document_types, measure_units, units, groups, goal_tags, assessment_scale, "
        "status_scale, accessibility_contact, branding"
    ]


def test_unknown_key_in_a_scale_level_lists_the_fields_every_level_has_first(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        status_scale:
          - {id: klar, label: klar, symbol: "✔", category: done, completed: true, xyzzy: 1}
        """
        }
    )
    assert problems(root) == [
        "data/org/organisation.yaml:3:75: fel: okänd nyckel 'xyzzy'; tillåtna är: id, label, symbol, "
        "description, shared_symbol, category, completed"
    ]


def test_typo_in_key_with_missing_required_key_reports_both(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        titel: Testrapport
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: Text.
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:1:1: fel: nyckeln 'title' krävs men saknas. Lägg till 'title: ...' här.",
        "data/org/rep/report.yaml:1:1: fel: okänd nyckel 'titel'; menade du 'title'?",
    ]


def test_missing_key_in_a_list_item_is_located_at_the_item(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        units:
          - {code: AVF, name: Arbetsmarknadsförvaltningen}
          - code: BUF
        """
        }
    )
    assert problems(root) == ["data/org/organisation.yaml:4:5: fel: nyckeln 'name' krävs men saknas. Lägg till 'name: ...' här."]


def test_value_not_in_literal_lists_the_allowed_values(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: Testrapport
        document_type: slutrapport2
        status: utkast
        period: 2020–2023
        summary: Text.
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:2:16: fel: 'slutrapport2' är inte en dokumenttyp; tillåtna är: "
        "uppföljning, halvtidsuppföljning, delårsrapport, årsredovisning, verksamhetsberättelse, "
        "hållbarhetsredovisning, social redovisning, slutrapport, internkontroll, verksamhetsplan, "
        "utvärdering, lägesrapport (eller en som anges under 'document_types' i organisation.yaml). "
        "Menade du 'slutrapport'?"
    ]


def test_list_where_text_is_expected(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: [Test, rapport]
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: Text.
        """
        }
    )
    assert problems(root) == ["data/org/rep/report.yaml:1:8: fel: 'title' ska vara text; här står en lista"]


def test_number_where_text_is_expected_suggests_quotes(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: 2023
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: Text.
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:1:8: fel: 'title' ska vara text; här står talet 2023. Sätt värdet inom citattecken."
    ]


def test_bad_period_shows_the_accepted_forms(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: Testrapport
        document_type: uppföljning
        status: utkast
        period: våren
        summary: Text.
        """
        }
    )
    (line,) = problems(root)
    assert line.startswith(
        "data/org/rep/report.yaml:4:9: fel: period: 'våren' är ingen period; skriv den på någon av formerna 2022, "
    )


def test_bad_swedish_number_gives_the_number_parsers_message(make_project, problems):
    root = make_project(
        {
            "data/org/rep/finance.yaml": """\
        tables:
          - id: intakter
            title: Intäkter
            kind: budget_outcome
            rows:
              - {period: 2020, budget: "29 5591", outcome: 1}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:6:32: fel: budget: '29 5591' är inget tal; skriv decimaler med komma "
        "(7,77) eller punkt (7.77), och tusental med mellanslag (295 591)"
    ]


def test_negative_count_is_an_error(make_project, problems):
    root = make_project(
        {
            "data/org/rep/surveys.yaml": """\
        surveys:
          - id: enkat
            title: Enkät
            questions: [{id: q, text: Fråga}]
            rounds:
              - period: 2022
                units: [{unit: AVF, respondents: -3}]
        """
        }
    )
    assert problems(root) == ["data/org/rep/surveys.yaml:7:42: fel: 'respondents' kan inte vara negativt; här står talet -3"]


def test_nan_is_rejected(make_project, problems):
    root = make_project(
        {
            "data/org/rep/finance.yaml": """\
        tables:
          - id: intakter
            title: Intäkter
            kind: budget_outcome
            rows:
              - {period: 2020, budget: .nan, outcome: 1}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:6:32: fel: budget: NaN är inget tal; skriv värdet, eller utelämna "
        "det och ange varför det saknas"
    ]


def test_unknown_table_kind_lists_the_kinds(make_project, problems):
    root = make_project(
        {
            "data/org/rep/finance.yaml": """\
        tables:
          - id: intakter
            title: Intäkter
            kind: budget
            rows: []
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:4:11: fel: 'budget' är inte ett tabellslag; tillåtna är: budget_outcome, "
        "per_unit, before_after, breakdown, table, grouped. Menade du 'budget_outcome'?"
    ]


def test_error_inside_a_table_is_located_past_the_kind(make_project, problems):
    root = make_project(
        {
            "data/org/rep/finance.yaml": """\
        tables:
          - id: intakter
            title: Intäkter
            kind: breakdown
            rows:
              - {label: A, amount: 1, comentar: x}
        """
        }
    )
    assert problems(root) == ["data/org/rep/finance.yaml:6:31: fel: okänd nyckel 'comentar'; menade du 'comment'?"]


def test_invalid_id_suggests_a_slug(make_project, problems):
    root = make_project(
        {
            "data/org/rep/goals.yaml": """\
        perspectives:
          - id: Nöjda kunder
            title: Nöjda kunder
            goals: [{id: mal, title: Mål}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/goals.yaml:2:9: fel: 'Nöjda kunder' är inget giltigt id för 'id': använd små "
        "bokstäver, siffror, - och _. Till exempel 'nöjda-kunder'."
    ]


def test_empty_list_where_items_are_required(make_project, problems):
    root = make_project({"data/org/rep/goals.yaml": "perspectives: []\n"})
    assert problems(root) == ["data/org/rep/goals.yaml:1:15: fel: 'perspectives' behöver minst 1 punkt; här finns 0"]


def test_mixed_cell_of_a_generic_table_reports_the_alternatives(make_project, problems):
    root = make_project(
        {
            "data/org/rep/tables.yaml": """\
        tables:
          - id: t
            title: T
            kind: table
            columns: [{id: a, label: A}]
            rows:
              - {a: [1, 2]}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/tables.yaml:7:13: fel: 'rows (punkt 1): a' ska vara ett tal eller text; här står en lista"
    ]


def test_bad_date_is_an_error(make_project, problems):
    root = make_project(
        {
            REPORT: """\
        title: Testrapport
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: Text.
        revised: igår
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/report.yaml:6:10: fel: 'revised' ska vara ett datum; här står 'igår'. Skriv det som ÅÅÅÅ-MM-DD."
    ]


def test_invalid_file_is_left_out_of_the_bundle_and_named(make_project):
    root = make_project({"data/org/rep/goals.yaml": "perspectives: []\n"})
    project, _ = check_project(root)
    (bundle,) = project.reports
    assert bundle.goals is None
    assert bundle.invalid_files == ["goals.yaml"]


def test_symlinked_data_file_outside_the_project_is_an_error(make_project, problems, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("title: x\n", encoding="utf-8")
    root = make_project()
    os.symlink(outside, root / "data/org/rep/goals.yaml")
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:1: fel: filen är en symbolisk länk till en plats utanför projektet; "
        "kopiera filen in i projektet i stället"
    ]


# --- Scales, groups, units ------------------------------------------------------------------


def test_default_scales_apply_without_declarations(make_project):
    project, _ = check_project(make_project())
    (bundle,) = project.reports
    assert [lvl.id for lvl in bundle.assessment_scale][:3] == ["uppnatt", "delvis-uppnatt", "ej-uppnatt"]
    assert "slutford" in {lvl.id for lvl in bundle.status_scale}


def test_organisation_scale_overrides_the_default(make_project):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        assessment_scale:
          - {id: gron, label: grön, symbol: "●", category: achieved}
        """
        }
    )
    project, _ = check_project(root)
    assert [lvl.id for lvl in project.reports[0].assessment_scale] == ["gron"]


def test_report_scale_overrides_the_organisation_scale(make_project):
    root = make_project(
        {
            ORG: """\
            name: Testkommun
            assessment_scale:
              - {id: gron, label: grön, symbol: "●", category: achieved}
            """,
            REPORT: """\
            title: Testrapport
            document_type: uppföljning
            status: utkast
            period: 2020–2023
            summary: Text.
            assessment_scale:
              - {id: ja, label: ja, symbol: "✔", category: achieved}
            """,
        }
    )
    project, _ = check_project(root)
    assert [lvl.id for lvl in project.reports[0].assessment_scale] == ["ja"]


def test_groups_are_the_built_in_ones_plus_the_organisations(make_project):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        groups: [{id: unga, label: Unga}]
        """
        }
    )
    project, _ = check_project(root)
    assert [g.id for g in project.reports[0].groups] == ["alla", "kvinnor", "man", "unga"]


# --- Content pages ----------------------------------------------------------------------------


def test_content_pages_are_sorted_with_title_from_the_heading(make_project):
    root = make_project(
        {
            "content/org/rep/02-b.md": "# Andra sidan\n\nText två.\n",
            "content/org/rep/01-a.md": "# Första sidan\n\nText ett.\n",
        }
    )
    project, found = check_project(root)
    pages = project.reports[0].content_pages
    assert [(p.slug, p.title, p.markdown) for p in pages] == [
        ("01-a", "Första sidan", "Text ett.\n"),
        ("02-b", "Andra sidan", "Text två.\n"),
    ]
    assert pages[0].path == "content/org/rep/01-a.md"
    assert "content/org/rep/01-a.md" in project.reports[0].source_files
    assert found == []


def test_pages_referenced_by_goal_sections_are_not_separate_pages(make_project):
    root = make_project(
        {
            "data/org/rep/goals.yaml": """\
            perspectives:
              - id: p
                title: P
                goals:
                  - id: g
                    title: G
                    sections: [{title: Vad gjordes?, file: mal.md}]
            """,
            "content/org/rep/mal.md": "Text om målet.\n",
            "content/org/rep/01-inledning.md": "# Inledning\n\nText.\n",
        }
    )
    project, found = check_project(root)
    bundle = project.reports[0]
    assert [p.slug for p in bundle.content_pages] == ["01-inledning"]
    assert bundle.referenced_pages["mal.md"].markdown == "Text om målet.\n"
    assert found == []


def test_content_page_that_is_not_utf8_is_located(make_project, problems):
    root = make_project()
    page = root / "content/org/rep/sida.md"
    page.parent.mkdir(parents=True)
    page.write_bytes("# Sida\n\nGr\xe4ns\n".encode("latin-1"))
    assert problems(root) == [(
        "content/org/rep/sida.md:3:3: fel: filen är inte UTF-8-text (ogiltig byte 0xE4); spara den som "
        "UTF-8"
    )]


def test_content_page_without_heading_is_a_warning(make_project, problems):
    root = make_project({"content/org/rep/sida.md": "Bara text.\n"})
    assert problems(root) == [
        "content/org/rep/sida.md:1:1: varning: sidan saknar rubrik; börja den med en rubrikrad som '# Inledning'"
    ]


def test_content_folder_without_a_report_is_a_warning(make_project, problems):
    root = make_project({"content/org/repp/sida.md": "# Sida\n"})
    assert problems(root) == [
        "content/org/repp:1:1: varning: innehållsmapp utan rapport: det finns ingen data/org/repp/; "
        "dess sidor publiceras inte. Menade du content/org/rep/?"
    ]


def test_locate_points_into_the_named_file(make_project):
    project, _ = check_project(make_project())
    bundle = project.reports[0]
    assert bundle.locate("report.yaml", ("period",)) == (REPORT, 4, 9)
    assert bundle.locate("organisation.yaml", ("units", 1, "code")) == (ORG, 4, 12)


@pytest.mark.parametrize("name", ["report.yaml", "goals.yaml"])
def test_documents_are_kept_for_locating(make_project, name):
    root = make_project(
        {
            "data/org/rep/goals.yaml": """\
        perspectives:
          - id: p
            title: P
            goals: [{id: g, title: G}]
        """
        }
    )
    project, _ = check_project(root)
    assert project.reports[0].documents[name].path == f"data/org/rep/{name}"
    assert Path(root / project.reports[0].documents[name].path).exists()


def test_mapping_where_a_number_is_expected(make_project, problems):
    root = make_project(
        {
            "data/org/rep/finance.yaml": """\
        tables:
          - id: intakter
            title: Intäkter
            kind: budget_outcome
            rows:
              - {period: 2020, budget: {a: 1}, outcome: 1}
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/finance.yaml:6:32: fel: 'budget' ska vara ett tal; här står nycklar med värden (rader med nyckel: värde)"
    ]


def test_invalid_mapping_key_is_located_at_the_key(make_project, problems):
    root = make_project(
        {
            "data/org/rep/surveys.yaml": """\
        surveys:
          - id: enkat
            title: Enkät
            questions: [{id: samlad, text: Samlad}]
            rounds:
              - period: 2022
                units: [{unit: AVF, respondents: 1, scores: {Samlad: 7}}]
        """
        }
    )
    assert problems(root) == [
        "data/org/rep/surveys.yaml:7:54: fel: 'Samlad' är ingen giltig nyckel i 'scores': använd små "
        "bokstäver, siffror, - och _. Till exempel 'samlad'."
    ]


# --- Never a crash on bad data (property-based) ------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

FULL_REPORT = {
    "data/org/rep/surveys.yaml": {
        "surveys": [
            {
                "id": "enkat",
                "title": "Enkät",
                "scale": {"min": 1, "max": 10},
                "questions": [{"id": "samlad", "text": "Samlad"}],
                "rounds": [
                    {
                        "period": "2022 apr–dec",
                        "units": [{"unit": "AVF", "respondents": 2, "scores": {"samlad": "7,5"}}],
                        "groups": [{"group": "kvinnor", "respondents": 1, "scores": {"samlad": 8}}],
                        "stated_total": {"respondents": 2, "scores": {"samlad": "7,50"}},
                    }
                ],
            }
        ],
    },
    "data/org/rep/finance.yaml": {
        "tables": [
            {
                "id": "b",
                "title": "B",
                "kind": "budget_outcome",
                "rows": [{"period": 2021, "budget": "295 591", "outcome": 1, "stated_difference": "−295 590"}],
            },
            {
                "id": "p",
                "title": "P",
                "kind": "per_unit",
                "periods": [2022],
                "rows": [{"unit": "BUF", "values": {"2022": "+ 6 000"}}],
                "stated_totals": {"2022": "6 000"},
            },
            {
                "id": "k",
                "title": "K",
                "kind": "breakdown",
                "approximate": True,
                "rows": [{"label": "A", "amount": 1}],
                "stated_total": 1,
            },
        ],
    },
    "data/org/rep/indicators.yaml": {
        "indicators": [
            {
                "id": "hme",
                "name": "HME",
                "unit": "index",
                "direction": "higher_is_better",
                "series": [{"group": "alla", "values": {"2021": 77, "2022": None}, "missing": {"2022": "saknas"}}],
                "targets": [{"period": 2023, "value": 80}],
            }
        ],
    },
}

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=10**20, max_value=10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["7,77", "−13 225", "6,5 %", "2022 apr–dec", "2019", "AVF", "kvinnor", "../x", "", "1e308"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _paths(data, path=()):
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, path + (index,))


def test_the_template_of_the_property_test_is_valid(make_project, problems):
    import yaml

    texts = {rel: yaml.safe_dump(content, allow_unicode=True, sort_keys=False) for rel, content in FULL_REPORT.items()}
    assert problems(make_project(texts)) == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_value_anywhere_gives_problems_not_a_crash(make_project, data):
    import copy

    import yaml

    files = copy.deepcopy(FULL_REPORT)
    name = data.draw(st.sampled_from(sorted(files)))
    target = files[name]
    path = data.draw(st.sampled_from(list(_paths(target))[1:]))
    parent = target
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = data.draw(VALUES)
    texts = {rel: yaml.safe_dump(content, allow_unicode=True, sort_keys=False) for rel, content in files.items()}
    project, problems = check_project(make_project(texts))
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in problems)
