"""The author guide "Så skriver du en rapport": its field list matches the models and the schema."""

from __future__ import annotations

import copy
import json
import re
import shutil
import typing
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from followup.compute.report import summarize
from followup.model import models
from followup.model.schema import KINDS, schema_for
from followup.site import guide

REPO = Path(__file__).resolve().parent.parent


class _FieldRows(HTMLParser):
    """data-field rows of the guide, grouped by the model section (id="modell-…") they follow."""

    def __init__(self) -> None:
        super().__init__()
        self.sections: dict[str, list[str]] = {}
        self.current: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if (attrs.get("id") or "").startswith("modell-"):
            self.current = attrs["id"]
            self.sections.setdefault(self.current, [])
        if tag == "tr" and "data-field" in attrs:
            self.sections[self.current].append(attrs["data-field"])


@pytest.fixture(scope="module")
def body() -> str:
    title, html = guide.render_guide_body()
    assert title == "Så skriver du en rapport"
    return html


def test_every_model_field_has_a_swedish_description():
    assert guide.undocumented() == [], "describe these fields in templates/guide/falt.yaml"


def test_a_field_without_a_description_is_reported():
    texts = copy.deepcopy(guide.descriptions())
    del texts["KeyFigure"]["fält"]["approximate"]
    texts["Deliverable"]["fält"]["status"] = "  "
    assert guide.undocumented(texts) == ["Deliverable.status", "KeyFigure.approximate"]


def test_no_description_names_a_field_that_does_not_exist():
    assert guide.stale_descriptions() == [], "remove these from templates/guide/falt.yaml"


def test_a_description_of_a_removed_field_is_reported():
    texts = copy.deepcopy(guide.descriptions())
    texts["ReportFile"]["fält"]["subtitle"] = "Underrubrik."
    texts["OldModel"] = {"fält": {}}
    assert guide.stale_descriptions(texts) == ["ReportFile.subtitle", "OldModel"]


def test_each_scale_level_lists_every_field_of_a_level_in_reading_order():
    """id, label, symbol, … are declared once for every level but told for each scale, in falt.yaml's order."""
    assert guide.own_fields(models.AssessmentLevel) == [
        "id", "label", "plural", "symbol", "category", "description", "shared_symbol"
    ]  # fmt: skip
    assert guide.own_fields(models.StatusLevel) == [
        "id", "label", "symbol", "category", "completed", "description", "shared_symbol"
    ]  # fmt: skip


def test_a_levels_field_described_for_no_scale_is_reported_on_the_level_base():
    texts = copy.deepcopy(guide.descriptions())
    del texts["AssessmentLevel"]["fält"]["symbol"]
    assert guide.undocumented(texts) == ["ScaleLevel.symbol"]


def test_the_rendered_field_lists_are_exactly_the_models_fields(body: str):
    parser = _FieldRows()
    parser.feed(body)
    expected = {}
    for model, _ in guide.all_models():
        expected[guide.anchor_of(model)] = guide.own_fields(model)
    expected[guide.anchor_of(models.BudgetTable.__mro__[1])] = guide.own_fields(models.BudgetTable.__mro__[1])
    assert parser.sections == expected


def _schema_properties(schema: dict) -> set[tuple[str, str]]:
    """(definition title, property) for every object in a JSON Schema."""
    found = set()
    for name, definition in [("", schema), *schema.get("$defs", {}).items()]:
        for prop in definition.get("properties", {}):
            found.add((name or schema["title"], prop))
    return found


def test_every_property_of_the_json_schemas_is_in_the_guide(body: str):
    """The guide and schema/*.schema.json are generated from the same models: same field names."""
    parser = _FieldRows()
    parser.feed(body)
    documented = {f for fields in parser.sections.values() for f in fields}
    for kind in KINDS:
        schema = json.loads((REPO / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert schema == schema_for(kind), f"schema/{kind}.schema.json is stale"
        missing = {prop for _, prop in _schema_properties(schema)} - documented
        assert not missing, f"{kind}: {sorted(missing)}"


def test_required_fields_are_marked_as_required(body: str):
    rows = dict(re.findall(r'<tr data-field="(title|document_type|short_title)">.*?<td>(?:.*?)</td><td>(Ja|Nej)</td>', body))
    assert rows == {"title": "Ja", "document_type": "Ja", "short_title": "Nej"}


def test_the_guide_shows_the_default_scales(body: str):
    scales = yaml.safe_load((REPO / "followup/model/default_scales.yaml").read_text(encoding="utf-8"))
    for level in scales["assessment_scale"] + scales["status_scale"]:
        assert f"<td><code>{level['id']}</code></td>" in body, level["id"]


def test_every_unit_and_category_has_a_swedish_explanation():
    context = guide.guide_context()
    assert [u for u, _ in context["units"]] == list(typing.get_args(models.MeasureUnit))
    for name, text in context["units"] + context["assessment_categories"] + context["status_categories"]:
        assert text, name


def test_the_guide_explains_citing_values_charts_and_errors(body: str):
    assert "{{ värde: tables.intakter-fran-pilotverksamheterna.total }}" in body
    assert "{{ diagram: tabell-resultat-per-pilotverksamhet }}" in body
    assert re.search(r"report\.yaml:5:16: fel: ", body)
    for anchor in ("citera", "diagram", "fel", "skalor", "importera", "editor"):
        assert f'id="{anchor}"' in body


def test_the_guides_examples_resolve_against_the_seeds(body: str):
    """The value and chart references the guide shows as examples exist in the seed reports."""
    from followup.build.pipeline import check_project
    from followup.charts import report
    from followup.compute.references import resolve_reference

    project, _ = check_project(REPO)
    bundles = {b.org_id: b for b in project.reports}
    examples = "\n".join(re.findall(r"<pre>(.*?)</pre>", body, re.S))
    values = re.findall(r"\{\{ värde: ([^ }]+) \}\}", examples)
    assert values
    for ref in values:
        bundle = bundles["eskilstuna"] if ref.startswith("surveys.kunddialog") else bundles["lund"]
        assert resolve_reference(bundle, summarize(bundle), ref).value is not None, ref
    chart_ids = {c.id for c in report.report_charts(bundles["lund"], render=False)}
    for chart in re.findall(r"\{\{ diagram: ([^ }]+) \}\}", examples):
        assert chart in chart_ids


def test_the_built_site_has_the_guide_page_linked_from_the_footer(tmp_path: Path):
    from followup.build.publish import build_site

    root = tmp_path / "project"
    shutil.copytree(REPO / "data/eskilstuna", root / "data/eskilstuna")
    shutil.copytree(REPO / "content/eskilstuna", root / "content/eskilstuna")
    shutil.copytree(REPO / "templates", root / "templates")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    result = build_site(root, site_dir=tmp_path / "site")
    page = (result.site_dir / "skriva-rapport.html").read_text(encoding="utf-8")
    assert page.count("<h1") == 1 and "<h1>Så skriver du en rapport</h1>" in page
    assert 'href="skriva-rapport.html"' in (result.site_dir / "index.html").read_text(encoding="utf-8")
