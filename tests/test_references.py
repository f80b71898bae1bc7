"""Value references (followup.references): names for computed values, used by key figures and content."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.compute.references import (
    Resolver,
    UnknownReference,
    available_references,
    compute_key_figure,
    resolve_reference,
)
from followup.load.loader import load_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def seeds():
    project, _ = load_project(REPO)
    return {bundle.org_id: bundle for bundle in project.reports}


@pytest.fixture
def bundle_of(make_project):
    def load(files: dict[str, str]):
        root = make_project({f"data/org/rep/{name}": text for name, text in files.items()})
        project, _ = load_project(root)
        return project.reports[0]

    return load


def value(bundle, ref):
    return resolve_reference(bundle, None, ref)


def test_per_unit_total_for_a_period(seeds):
    resolved = value(seeds["lund"], "tables.resultat-per-pilotverksamhet.total.2022")
    assert (resolved.value, resolved.unit) == (28000, "sek")


def test_per_unit_total_without_period_sums_all_periods(seeds):
    assert value(seeds["lund"], "tables.resultat-per-pilotverksamhet.total").value == 58000


def test_per_unit_row_by_unit_code_and_period(seeds):
    assert value(seeds["lund"], "tables.resultat-per-pilotverksamhet.rows.SPYKEN.2023").value == -27000


def test_unit_code_matches_case_insensitively(seeds):
    assert value(seeds["lund"], "tables.resultat-per-pilotverksamhet.rows.spyken.2023").value == -27000


def test_unit_row_by_the_slug_of_its_name(seeds):
    bundle = seeds["lund"]
    assert value(bundle, "tables.resultat-per-pilotverksamhet.rows.linelyckan-och-linegården.2023").value == 30000
    assert value(bundle, "tables.kostnader-fore-och-efter.rows.habo-gård.after").value == 704000


def test_breakdown_row_by_label_or_its_slug(seeds):
    bundle = seeds["lund"]
    by_slug = value(bundle, "tables.projektmedlens-anvandning.rows.projektledning-och-projektutveckling")
    by_label = value(bundle, "tables.projektmedlens-anvandning.rows.Projektledning och projektutveckling")
    assert by_slug.value == by_label.value == 1017000


def test_before_after_total_by_period_label_or_word(seeds):
    bundle = seeds["lund"]
    assert (
        value(bundle, "tables.kostnader-fore-och-efter.total.2021").value
        == value(bundle, "tables.kostnader-fore-och-efter.total.before").value
        == 5340881
    )


def test_before_after_change_percent_has_unit_percent(seeds):
    resolved = value(seeds["lund"], "tables.kostnader-fore-och-efter.rows.SPYKEN.change_percent")
    assert resolved.unit == "percent"
    assert resolved.value == pytest.approx(-630228 / 3507228 * 100)


def test_budget_difference_for_a_period(seeds):
    resolved = value(seeds["eskilstuna"], "tables.forsaljningsintakter.difference.2020")
    assert resolved.value == -13225


def test_finance_prefix_is_an_alias_of_tables(seeds):
    assert value(seeds["eskilstuna"], "finance.forsaljningsintakter.outcome.2023").value == 320537


def test_survey_weighted_mean_with_a_bare_year_for_a_part_year_round(seeds):
    resolved = value(seeds["eskilstuna"], "surveys.kunddialog.2022.samlad-bedomning")
    assert round(resolved.value, 2) == 7.77
    assert (resolved.unit, resolved.decimals) == ("score", 2)


def test_survey_period_label_as_written_also_resolves(seeds):
    assert value(seeds["eskilstuna"], "surveys.kunddialog.2023 jan–dec.respondents").value == 68
    assert value(seeds["eskilstuna"], "surveys.kunddialog.2023 jan-dec.respondents").value == 68


def test_survey_unit_score_and_group_value(seeds):
    bundle = seeds["eskilstuna"]
    assert value(bundle, "surveys.kunddialog.2023.samlad-bedomning.SEF").value == 9.2
    assert value(bundle, "surveys.kunddialog.2022.groups.kvinnor.respondents").value == 25


def test_indicator_value_and_target(seeds):
    bundle = seeds["eskilstuna"]
    resolved = value(bundle, "indicators.sjukfranvaro.kvinnor.2023")
    assert (resolved.value, resolved.unit, resolved.decimals) == (7.3, "percent", 1)
    assert value(bundle, "indicators.sjukfranvaro.man.target.2023").value == 4.0


def test_missing_indicator_value_resolves_to_none(seeds):
    assert value(seeds["eskilstuna"], "indicators.hme.alla.2022").value is None


def test_goal_and_deliverable_counts(seeds):
    assert value(seeds["eskilstuna"], "goals.achieved").value == 2
    assert value(seeds["eskilstuna"], "goals.total").value == 3
    share = value(seeds["lund"], "deliverables.share_completed")
    assert share.unit == "percent"
    assert share.value == pytest.approx(
        value(seeds["lund"], "deliverables.completed").value / value(seeds["lund"], "deliverables.total").value * 100
    )


def test_key_figure_reference_gives_the_stated_value(seeds):
    resolved = value(seeds["lund"], "keyfigures.pilotresultat-2022")
    assert (resolved.value, resolved.unit) == (28000, "sek")
    assert value(seeds["lund"], "key_figures.pilotresultat-2022").value == 28000


def test_unknown_reference_suggests_the_closest_name(seeds):
    with pytest.raises(UnknownReference) as caught:
        value(seeds["lund"], "tables.resultat-per-pilotverksamhet.totl.2022")
    assert caught.value.suggestions[0] == "tables.resultat-per-pilotverksamhet.total.2022"
    assert "menade du 'tables.resultat-per-pilotverksamhet.total.2022'" in caught.value.message


def test_unknown_reference_lists_what_exists_under_its_prefix(seeds):
    with pytest.raises(UnknownReference) as caught:
        value(seeds["eskilstuna"], "goals.unknown")
    assert "Referenser under 'goals.': goals.total, goals.achieved" in caught.value.message


def test_unknown_table_names_the_reference(seeds):
    with pytest.raises(UnknownReference) as caught:
        value(seeds["eskilstuna"], "tables.nope.total")
    assert caught.value.reference == "tables.nope.total"
    assert caught.value.message.startswith("okänd referens 'tables.nope.total'")


def test_available_references_resolve(seeds):
    resolver = Resolver(seeds["eskilstuna"])
    names = available_references(seeds["eskilstuna"])
    assert "surveys.kunddialog.2022 apr–dec.samlad-bedomning" in names
    for name in names:
        assert resolver(name).reference == name


KEY_FIGURES = """\
    title: Testrapport
    document_type: uppföljning
    status: utkast
    period: 2020–2023
    summary: Text.
    key_figures:
      - {{id: a, label: A, unit: sek, stated: 10}}
      - id: b
        label: B
        unit: {unit}
        compute: {{op: {op}, of: [keyfigures.a, {operand}]}}
    """


@pytest.mark.parametrize(
    "op, operand, unit, expected",
    [
        ("sum", 5, "sek", 15),
        ("difference", 4, "sek", 6),
        ("ratio", 4, "ratio", 2.5),
        ("percent_of", 40, "percent", 25),
        ("mean", 20, "sek", 15),
    ],
)
def test_key_figure_operations(bundle_of, op, operand, unit, expected):
    bundle = bundle_of({"report.yaml": KEY_FIGURES.format(op=op, operand=operand, unit=unit)})
    figure = bundle.report.key_figures[1]
    assert compute_key_figure(bundle, figure).value == pytest.approx(expected)


def test_key_figure_that_refers_to_itself_is_reported(bundle_of):
    bundle = bundle_of({"report.yaml": KEY_FIGURES.format(op="sum", operand="keyfigures.b", unit="sek")})
    with pytest.raises(UnknownReference, match="beräknas ur sig självt"):
        compute_key_figure(bundle, bundle.report.key_figures[1])


def test_key_figure_division_by_zero_raises(bundle_of):
    bundle = bundle_of({"report.yaml": KEY_FIGURES.format(op="ratio", operand=0, unit="ratio")})
    with pytest.raises(ZeroDivisionError):
        compute_key_figure(bundle, bundle.report.key_figures[1])


def test_unknown_reference_without_a_suggestion_is_a_sentence_of_its_own():
    from followup.compute.references import _Catalog, _unknown

    message = _unknown(_Catalog(), "zzzz.qqqq").message
    assert message.startswith("okänd referens 'zzzz.qqqq'. ")
