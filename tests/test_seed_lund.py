"""The Lund seed (Slutrapport Samordnade servicetjänster, SN 2021/0083) loads as the source states it.

Numbers are checked against 001_3c46854be6750668.txt: the cover table, the
three tables of section 3.4, the revenues in its running text, the deliverables of section 3.2
and the remaining deliverables of section 5.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
ORG = "lund"
REPORT = "samordnade-servicetjanster"
DATA = REPO / "data" / ORG / REPORT
CONTENT = REPO / "content" / ORG / REPORT


def _load_with_models():
    from followup.model import models

    def read(path):
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    organisation = models.OrganisationFile.model_validate(read(REPO / "data" / ORG / "organisation.yaml"))
    scales = read(REPO / "followup" / "model" / "default_scales.yaml")
    return SimpleNamespace(
        org_id=ORG,
        report_id=REPORT,
        organisation=organisation,
        report=models.ReportFile.model_validate(read(DATA / "report.yaml")),
        goals=models.GoalsFile.model_validate(read(DATA / "goals.yaml")),
        indicators=None,
        surveys=None,
        deliverables=models.DeliverablesFile.model_validate(read(DATA / "deliverables.yaml")),
        tables=list(models.TablesFile.model_validate(read(DATA / "finance.yaml")).tables),
        content_pages=[],
        source_files=[],
        assessment_scale=organisation.assessment_scale,
        status_scale=[models.StatusLevel.model_validate(level) for level in scales["status_scale"]],
        groups=list(models.DEFAULT_GROUPS),
        units={unit.code: unit for unit in organisation.units},
        documents={},
    )


@pytest.fixture(scope="module")
def bundle():
    if importlib.util.find_spec("followup.load.loader") is None:
        return _load_with_models()
    from followup.load.loader import load_project

    # Only the loading is under test here; the cross-file and consistency checks have their own tests.
    project, _problems = load_project(REPO)
    for report in project.reports:
        if (report.org_id, report.report_id) == (ORG, REPORT):
            return report
    pytest.fail(f"the report data/{ORG}/{REPORT} was not loaded")


def _table(bundle, table_id):
    (table,) = [t for t in bundle.tables if t.id == table_id]
    return table


def _deliverable(bundle, deliverable_id):
    (item,) = [i for g in bundle.deliverables.groups for i in g.items if i.id == deliverable_id]
    return item


def _group(bundle, group_id):
    (group,) = [g for g in bundle.deliverables.groups if g.id == group_id]
    return group


def _key_figure(bundle, figure_id):
    (figure,) = [f for f in bundle.report.key_figures if f.id == figure_id]
    return figure


# --- Metadata -----------------------------------------------------------------------------


def test_decision_is_by_projektagare_on_2024_01_29(bundle):
    decision = bundle.report.decision
    assert decision.body == "Projektägare"
    assert decision.date == dt.date(2024, 1, 29)
    assert decision.decided_by.name == "Therese Fällman"


def test_cover_metadata_is_as_printed(bundle):
    report = bundle.report
    assert report.registration_number == "SN 2021/0083"
    assert report.document_type == "slutrapport"
    assert report.status == "fastställd"
    assert report.owner == "Annelie Thögersen"
    assert report.prepared_by == "Projektgrupp"
    assert report.revised == dt.date(2024, 2, 6)


def test_report_period_is_2022_to_2023(bundle):
    period = bundle.report.period
    assert (period.start, period.end) == (dt.date(2022, 1, 1), dt.date(2023, 12, 31))


def test_six_attachments_in_source_order(bundle):
    titles = [a.title for a in bundle.report.attachments]
    assert len(titles) == 6
    assert titles[0] == "Uppföljningsrapporter och utvärderingar"
    assert titles[-1] == "Förvaltningsöverenskommelse mellan kultur- och fritidsförvaltningen och serviceförvaltningen"


def test_post_adoption_correction_is_a_visible_source_note(bundle):
    corrections = [n.text for n in bundle.report.source_notes if n.kind == "correction"]
    assert corrections == [
        "Komplettering av text gällande effektmålet genomfört efter fastställande, efter synpunkter från styrgruppen."
    ]


def test_pilot_units_have_their_start_dates(bundle):
    starts = {code: bundle.units[code].started for code in ("SPYKEN", "BLATUNGA", "LINEGARDEN", "LINELYCKAN", "LINERO", "HABO")}
    assert starts == {
        "SPYKEN": dt.date(2022, 1, 1),
        "BLATUNGA": dt.date(2022, 4, 1),
        "LINEGARDEN": dt.date(2022, 4, 1),
        "LINELYCKAN": dt.date(2022, 4, 1),
        "LINERO": dt.date(2022, 4, 1),
        "HABO": dt.date(2022, 5, 1),
    }


# --- Goal ---------------------------------------------------------------------------------


def test_effect_goal_is_assessed_uppfyllt_on_the_organisations_scale(bundle):
    (perspective,) = bundle.goals.perspectives
    (goal,) = perspective.goals
    assert goal.assessment == "uppfyllt"
    assert "uppfyllt" in {level.id for level in bundle.organisation.assessment_scale}
    assert goal.assessment_text.startswith("Med ovan i beaktande anses effektmålet ändå uppfyllt")


# --- Finance ------------------------------------------------------------------------------


def test_pilot_results_add_up_to_the_stated_totals(bundle):
    table = _table(bundle, "resultat-per-pilotverksamhet")
    for period, stated in (("2022", 28_000), ("2023", 30_000)):
        assert sum(row.values[period] for row in table.rows) == stated
        assert float(table.stated_totals[period]) == stated


def test_pilot_result_rows_are_as_printed(bundle):
    table = _table(bundle, "resultat-per-pilotverksamhet")
    values = {row.unit: (row.values["2022"], row.values["2023"]) for row in table.rows}
    assert values == {
        "SPYKEN": (-6_000, -27_000),
        "LINELYCKAN-LINEGARDEN": (21_000, 30_000),
        "LINERO": (-7_000, 20_000),
        "BLATUNGA": (14_000, -1_000),
        "HABO": (6_000, 8_000),
    }
    assert table.total_comment == "+0,49 % mot självkostnad"


def test_costs_before_and_after_compare_2021_with_2023(bundle):
    table = _table(bundle, "kostnader-fore-och-efter")
    assert (table.before.label, table.after.label) == ("2021", "2023")
    values = {row.unit: (row.before, row.after) for row in table.rows}
    assert values == {
        "SPYKEN": (3_507_228, 2_877_000),
        "LINELYCKAN-LINEGARDEN": (825_000, 1_876_000),
        "LINERO": (151_295, 132_000),
        "BLATUNGA": (609_358, 620_000),
        "HABO": (248_000, 704_000),
    }


def test_project_funds_breakdown_adds_up_to_2_000_000(bundle):
    table = _table(bundle, "projektmedlens-anvandning")
    assert table.approximate is True
    assert [row.amount for row in table.rows] == [120_000, 385_000, 1_017_000, 41_000, 437_000]
    assert sum(row.amount for row in table.rows) == 2_000_000
    assert float(table.stated_total) == 2_000_000


def test_revenues_2022_and_2023_add_up_to_11_785_000(bundle):
    table = _table(bundle, "intakter-fran-pilotverksamheterna")
    assert {row.label: row.amount for row in table.rows} == {"2022": 5_576_000, "2023": 6_209_000}
    assert float(table.stated_total) == 11_785_000 == sum(row.amount for row in table.rows)


def test_table_units_are_registered(bundle):
    codes = {row.unit for table in bundle.tables if hasattr(table.rows[0], "unit") for row in table.rows}
    assert codes <= set(bundle.units)


@pytest.fixture(scope="module")
def summary(bundle):
    from followup.compute.report import summarize

    return summarize(bundle)


def _computed(summary, figure_id):
    (value,) = [k for k in summary.key_figures if k.figure.id == figure_id]
    return value


@pytest.mark.parametrize(
    ("figure_id", "stated", "computed"),
    [
        ("intakter-totalt", 11_785_000, 11_785_000),
        ("pilotresultat-2022", 28_000, 28_000),
        ("pilotresultat-2023", 30_000, 30_000),
        ("pilotresultat-mot-sjalvkostnad", 0.49, 58_000 / 11_785_000 * 100),
        ("projektets-totala-resultat", -342_000, 28_000 + 30_000 - 400_000),
        ("differens-mot-sjalvkostnad", -2.9, -342_000 / 11_785_000 * 100),
        ("projektmedel", 2_000_000, 2_000_000),
    ],
)
def test_key_figure_is_stated_and_recomputed_from_the_tables(summary, figure_id, stated, computed):
    value = _computed(summary, figure_id)
    assert float(value.figure.stated) == pytest.approx(stated)
    assert value.computed == pytest.approx(computed)
    assert value.checked.matches


def test_total_result_is_marked_approximate_because_the_spyken_loss_is_about_400_000(bundle):
    assert _key_figure(bundle, "projektets-totala-resultat").approximate is True


def test_no_stated_number_in_the_lund_report_mismatches(summary):
    assert [c for c in summary.checks if not c.checked.matches] == []


# --- Deliverables --------------------------------------------------------------------------


def test_deliverable_groups_keep_the_source_lists(bundle):
    sizes = {g.id: (g.origin, len(g.items)) for g in bundle.deliverables.groups}
    assert sizes == {
        "leveranser": ("planned", 7),
        "tillkomna-leveranser": ("added", 7),
        "atgarder-utredning-fastighetsnara-tjanster": ("proposed_action", 17),
    }


@pytest.mark.parametrize(
    ("deliverable_id", "status"),
    [
        ("digital-tjanstekatalog", "overlamnad"),
        ("projektbeskrivning-utokad-skala", "ersatt"),
        ("insta800-utbildning", "pagar"),
        ("kommungemensam-lokalvardsstandard", "framtagen-ej-faststalld"),
        ("koncept-for-servicestandard", "framtagen-ej-faststalld"),
        ("totalhyresmodell", "genomford"),
        ("gransdragningslista", "faststalld"),
        ("uppfoljningsstruktur-upplevd-effekt", "aterstar"),
        ("arbetsorderhantering", "delvis-genomford"),
    ],
)
def test_deliverable_status_matches_its_outcome(bundle, deliverable_id, status):
    assert _deliverable(bundle, deliverable_id).status == status


def test_three_deliverables_remain_after_the_project(bundle):
    remaining = {i.id: i.responsible for g in bundle.deliverables.groups for i in g.items if i.remains_after_project}
    assert remaining == {
        "digital-tjanstekatalog": "projektledaren för projekt En väg in, tillika enhetschef för IT och administration",
        "rollbeskrivning-servicemedarbetare": "serviceförvaltningen avdelningschef för lokalservice",
        "kommungemensam-lokalvardsstandard": "servicedirektör",
    }


def test_intern_serviceutbildning_is_the_remaining_work_of_the_role_description(bundle):
    item = _deliverable(bundle, "rollbeskrivning-servicemedarbetare")
    assert item.status == "slutford"
    assert item.remaining_work.startswith("Intern serviceutbildning, kvarstår att utse internutbildare")


def test_every_deliverable_status_is_on_the_default_scale(bundle):
    scale = yaml.safe_load((REPO / "followup" / "model" / "default_scales.yaml").read_text(encoding="utf-8"))["status_scale"]
    ids = {level["id"] for level in scale}
    statuses = {i.status for g in bundle.deliverables.groups for i in g.items}
    assert statuses <= ids


def test_last_two_proposed_actions_keep_their_outcomes_across_the_page_break(bundle):
    group = _group(bundle, "atgarder-utredning-fastighetsnara-tjanster")
    assert [i.outcome for i in group.items[-2:]] == [
        "Återstående leverans.",
        "Återstående leverans. Upphandling av nytt verksamhetssystem som ersätter befintligt fastighetssystem pågår.",
    ]


# --- Content ------------------------------------------------------------------------------


def test_content_pages_start_with_a_title_in_report_order(bundle):
    titles = [p.read_text(encoding="utf-8").splitlines()[0] for p in sorted(CONTENT.glob("*.md"))]
    assert titles == [
        "# 2. Viktiga händelser",
        "# 3.3. Ekonomi",
        "# 3.4. Projektets intäkter och kostnader",
        "# 4. Erfarenheter och lärdomar",
        "# 5. Återstående leveranser",
        "# 6. Överlämning och uppföljning",
    ]


def test_every_footnote_reference_has_its_definition():
    for page in CONTENT.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        used = set(re.findall(r"\[\^(\d+)\](?!:)", text))
        defined = set(re.findall(r"^\[\^(\d+)\]:", text, flags=re.MULTILINE))
        assert used == defined, page.name


def test_lund_passes_all_checks_without_errors_or_warnings():
    from followup.build.pipeline import check_project

    _project, problems = check_project(REPO)
    assert [str(p) for p in problems if f"/{ORG}/" in str(p.path)] == []
