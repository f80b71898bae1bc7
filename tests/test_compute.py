"""Computed summaries (followup.compute): small constructed reports, then the two seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.compute import summaries as compute
from followup.compute.report import summarize
from followup.load.loader import load_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def bundle_of(make_project):
    """Load a minimal project plus the given report files (under data/org/rep/); return its bundle."""

    def load(files: dict[str, str]):
        root = make_project({f"data/org/rep/{name}": text for name, text in files.items()})
        project, _ = load_project(root)
        assert project.reports, "the test report did not load"
        return project.reports[0]

    return load


@pytest.fixture(scope="module")
def seeds():
    project, _ = load_project(REPO)
    return {bundle.org_id: bundle for bundle in project.reports}


GOALS = """\
    perspectives:
      - id: p1
        title: Perspektiv 1
        goals:
          - {id: g1, title: Mål 1, assessment: uppnatt}
          - {id: g2, title: Mål 2, assessment: delvis-uppnatt}
      - id: p2
        title: Perspektiv 2
        goals:
          - {id: g10, title: Mål 10, assessment: uppnatt}
          - {id: g11, title: Mål 11}
    """


# --- Goals ----------------------------------------------------------------------------------


def test_goals_are_counted_per_assessment_level_in_scale_order(bundle_of):
    summary = compute.summarize_goals(bundle_of({"goals.yaml": GOALS}))
    assert [(lc.level.id, lc.count) for lc in summary.levels] == [
        ("uppnatt", 2),
        ("delvis-uppnatt", 1),
        ("ej-uppnatt", 0),
        ("kan-ej-bedomas", 0),
    ]
    assert (summary.total, summary.achieved, summary.partly_achieved) == (4, 2, 1)


def test_goal_summary_gives_the_sentence_achieved_of_total(bundle_of):
    summary = compute.summarize_goals(bundle_of({"goals.yaml": GOALS}))
    assert summary.sentence() == "2 av 4 mål uppnådda"


def test_goal_without_assessment_is_unassessed_not_a_level(bundle_of):
    summary = compute.summarize_goals(bundle_of({"goals.yaml": GOALS}))
    assert summary.unassessed == 1
    assert [g.level for g in summary.goals if g.goal_id == "g11"] == [None]


def test_goals_keep_data_order(bundle_of):
    summary = compute.summarize_goals(bundle_of({"goals.yaml": GOALS}))
    assert [g.title for g in summary.goals] == ["Mål 1", "Mål 2", "Mål 10", "Mål 11"]


# --- Deliverables ---------------------------------------------------------------------------

DELIVERABLES = """\
    groups:
      - id: a
        title: Planerade
        origin: planned
        items:
          - {id: d1, title: Ett, status: slutford}
          - {id: d2, title: Två, status: overlamnad}
          - {id: d3, title: Tre, status: pagar}
      - id: b
        title: Tillkomna
        origin: added
        items:
          - {id: d4, title: Fyra, status: framtagen-ej-faststalld}
    """


def test_share_completed_counts_statuses_whose_level_is_completed(bundle_of):
    summary = compute.summarize_deliverables(bundle_of({"deliverables.yaml": DELIVERABLES}))
    assert (summary.completed, summary.total) == (2, 4)  # slutförd and överlämnad count, pågår does not
    assert summary.share_completed == pytest.approx(50.0)


def test_deliverables_by_status_lists_used_levels_in_scale_order(bundle_of):
    summary = compute.summarize_deliverables(bundle_of({"deliverables.yaml": DELIVERABLES}))
    assert [(c.level.id, c.count) for c in summary.by_status] == [
        ("slutford", 1),
        ("overlamnad", 1),
        ("framtagen-ej-faststalld", 1),
        ("pagar", 1),
    ]


def test_deliverables_are_summarised_per_group(bundle_of):
    summary = compute.summarize_deliverables(bundle_of({"deliverables.yaml": DELIVERABLES}))
    assert [(g.id, g.total, g.completed) for g in summary.groups] == [("a", 3, 2), ("b", 1, 0)]


# --- Indicators -----------------------------------------------------------------------------


def indicator(direction: str, values: str, targets: str, unit: str = "percent", extra: str = "") -> str:
    return f"""\
    indicators:
      - id: ind
        name: Indikator
        unit: {unit}
        direction: {direction}
        decimals: 1
        series:
          - group: alla
            values: {values}
            {extra}
        targets: {targets}
    """


def test_lower_is_better_target_is_met_at_equality(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator("lower_is_better", '{"2023": "6,5"}', '[{period: 2023, value: "6,5"}]')})
    [result] = compute.summarize_indicators(bundle)[0].targets
    assert (result.met, result.margin, result.comparison) == (True, 0.0, "≤")


def test_lower_is_better_target_missed_has_negative_margin_in_percentage_points(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator("lower_is_better", '{"2023": "7,3"}', '[{period: 2023, value: "6,5"}]')})
    [result] = compute.summarize_indicators(bundle)[0].targets
    assert result.met is False
    assert result.margin == pytest.approx(-0.8)
    assert result.difference == pytest.approx(0.8)
    assert result.margin_unit == "percentage_points"


def test_higher_is_better_target_missed_by_one(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator("higher_is_better", '{"2023": 79}', "[{period: 2023, value: 80}]", "index")})
    [result] = compute.summarize_indicators(bundle)[0].targets
    assert (result.met, result.margin, result.margin_unit) == (False, -1.0, "index")


def test_explicit_operator_overrides_the_direction(bundle_of):
    bundle = bundle_of(
        {"indicators.yaml": indicator("higher_is_better", '{"2023": 5}', '[{period: 2023, value: 6, operator: "≤"}]', "index")}
    )
    [result] = compute.summarize_indicators(bundle)[0].targets
    assert (result.comparison, result.met, result.margin) == ("≤", True, 1.0)


def test_range_target_is_met_inside_and_missed_outside(bundle_of):
    bundle = bundle_of(
        {
            "indicators.yaml": indicator(
                "neutral",
                '{"2022": 4, "2023": 9}',
                "[{period: 2022, min: 3, max: 5}, {period: 2023, min: 3, max: 5}]",
                "index",
            )
        }
    )
    inside, outside = compute.summarize_indicators(bundle)[0].targets
    assert (inside.comparison, inside.met, inside.margin) == ("range", True, 1.0)
    assert (outside.met, outside.margin, outside.target_value) == (False, -4.0, 5)


def test_missing_value_with_reason_is_none_not_zero(bundle_of):
    bundle = bundle_of(
        {
            "indicators.yaml": indicator(
                "higher_is_better",
                '{"2021": 77, "2022": null, "2023": 79}',
                "[]",
                "index",
                extra='missing: {"2022": anges inte}',
            )
        }
    )
    series = compute.summarize_indicators(bundle)[0].series[0]
    point = series.point("2022")
    assert (point.value, point.missing_reason) == (None, "anges inte")
    assert [c.change for c in series.changes] == [None, None]
    assert (series.overall.from_period, series.overall.to_period, series.overall.change) == ("2021", "2023", 2.0)


def test_target_for_a_missing_value_is_neither_met_nor_missed(bundle_of):
    bundle = bundle_of(
        {
            "indicators.yaml": indicator(
                "higher_is_better",
                '{"2022": 70, "2023": null}',
                "[{period: 2023, value: 80}]",
                "index",
                extra='missing: {"2023": saknas}',
            )
        }
    )
    [result] = compute.summarize_indicators(bundle)[0].targets
    assert (result.actual, result.met, result.margin, result.missing_reason) == (None, None, None, "saknas")


def test_changes_follow_chronological_order_not_file_order(bundle_of):
    bundle = bundle_of({"indicators.yaml": indicator("lower_is_better", '{"2023": "6,5", "2021": "6,5", "2022": "7,3"}', "[]")})
    summary = compute.summarize_indicators(bundle)[0]
    assert summary.periods == ["2021", "2022", "2023"]
    changes = summary.series[0].changes
    assert [(c.from_period, c.to_period) for c in changes] == [("2021", "2022"), ("2022", "2023")]
    assert [c.change for c in changes] == [pytest.approx(0.8), pytest.approx(-0.8)]
    assert [c.trend for c in changes] == ["worse", "better"]
    assert changes[0].unit == "percentage_points"


# --- Tables ---------------------------------------------------------------------------------


def test_budget_variance_is_outcome_minus_budget_in_amount_and_percent(bundle_of):
    bundle = bundle_of(
        {
            "finance.yaml": """\
        tables:
          - id: b
            title: Budget
            kind: budget_outcome
            unit: tkr
            rows:
              - {period: 2020, budget: "295 591", outcome: "282 366", stated_difference: "-13 225"}
        """
        }
    )
    [summary] = [compute.summarize_table(bundle, t) for t in bundle.tables]
    [row] = summary.rows
    assert row.difference == -13225
    assert row.difference_percent == pytest.approx(-13225 / 295591 * 100)
    assert (row.checked.matches, row.checked.severity) == (True, "ok")


def tiny_budget(make_project, budget: str):
    """A budget row with a budget so small that outcome − budget in percent of it is huge or infinite:
    values the property test (tests/test_properties.py) found, with seeds 3 and 11."""
    return make_project(
        {
            "data/org/rep/finance.yaml": f"""\
            tables:
              - id: b
                title: Budget
                kind: budget_outcome
                unit: tkr
                rows:
                  - {{period: 2020, budget: {budget}, outcome: 5}}
            """
        }
    )


def test_a_budget_too_small_to_divide_by_gives_no_percentage_and_no_crash(make_project, problems):
    root = tiny_budget(make_project, "2.2e-311")  # the percentage would be infinite
    project, _ = load_project(root)
    bundle = project.reports[0]
    [row] = compute.summarize_table(bundle, bundle.tables[0]).rows
    assert (row.difference, row.difference_percent) == (5, None)
    assert problems(root) == []


def test_a_tiny_budget_whose_percentage_is_huge_builds(make_project, problems):
    # 5 in percent of 3.3e-67 is about 1.5e68: finite, and longer than the default 28 decimal digits.
    assert problems(tiny_budget(make_project, "3.3e-67")) == []


def test_a_percentage_of_a_whole_too_small_to_divide_by_is_no_number():
    from followup.compute.common import percent_of

    assert [percent_of(1.0, 4.0), percent_of(1.0, 0.0), percent_of(1.0, 2.2e-311)] == [25.0, None, None]


PER_UNIT = """\
    tables:
      - id: r
        title: Resultat
        kind: per_unit
        unit: sek
        periods: [2022, 2023]
        rows:
          - {{unit: AVF, values: {{"2022": "-6 000", "2023": "-27 000"}}}}
          - {{unit: BUF, values: {{"2022": "+21 000", "2023": null}}}}
        stated_totals: {{"2022": "{total}"}}
    """


def test_per_unit_totals_sum_present_values_and_check_the_stated_total(bundle_of):
    bundle = bundle_of({"finance.yaml": PER_UNIT.format(total="15 000")})
    summary = compute.summarize_table(bundle, bundle.tables[0])
    assert summary.totals == {"2022": 15000, "2023": -27000}
    assert summary.checked["2022"].matches is True


def test_per_unit_stated_total_that_does_not_add_up_is_an_error(bundle_of):
    bundle = bundle_of({"finance.yaml": PER_UNIT.format(total="16 000")})
    checked = compute.summarize_table(bundle, bundle.tables[0]).checked["2022"]
    assert (checked.matches, checked.severity, checked.computed) == (False, "error", 15000)


def test_per_unit_change_per_unit_first_to_last_period(bundle_of):
    bundle = bundle_of({"finance.yaml": PER_UNIT.format(total="15 000")})
    rows = compute.summarize_table(bundle, bundle.tables[0]).rows
    assert [(r.unit, r.change.change) for r in rows] == [("AVF", -21000), ("BUF", None)]


def test_before_after_change_in_amount_and_percent(bundle_of):
    bundle = bundle_of(
        {
            "finance.yaml": """\
        tables:
          - id: k
            title: Kostnader
            kind: before_after
            unit: sek
            before: 2021
            after: 2023
            rows:
              - {unit: AVF, before: "151 295", after: "132 000"}
              - {unit: BUF, before: 248000, after: null}
        """
        }
    )
    summary = compute.summarize_table(bundle, bundle.tables[0])
    avf, buf = summary.rows
    assert avf.change == -19295
    assert avf.change_percent == pytest.approx(-19295 / 151295 * 100)
    assert (buf.change, buf.change_percent) == (None, None)
    assert (summary.total_before, summary.total_after) == (151295, 132000)  # complete rows only


def test_approximate_breakdown_total_is_checked_within_five_percent(bundle_of):
    bundle = bundle_of(
        {
            "finance.yaml": """\
        tables:
          - id: c
            title: Kostnader
            kind: breakdown
            unit: sek
            approximate: true
            rows:
              - {label: A, amount: 960000}
              - {label: B, amount: 1000000}
            stated_total: "2 000 000"
        """
        }
    )
    summary = compute.summarize_table(bundle, bundle.tables[0])
    assert summary.total == 1960000
    assert summary.checked.matches is True
    assert [round(r.share_percent, 2) for r in summary.rows] == [48.98, 51.02]


# --- Surveys --------------------------------------------------------------------------------

SURVEY = """\
    surveys:
      - id: s
        title: Enkät
        questions:
          - {id: q, text: Fråga}
        rounds:
          - period: 2022
            units:
              - {unit: AVF, respondents: 1, scores: {q: 7}}
              - {unit: BUF, respondents: 3, scores: {q: 9}}
            stated_total: {respondents: 4, scores: {q: "8,50"}}
          - period: 2023
            units:
              - {unit: AVF, respondents: 2, scores: {q: 8}}
              - {unit: BUF, respondents: 0, scores: {q: null}}
    """


def test_survey_mean_is_weighted_by_respondents(bundle_of):
    summary = compute.summarize_surveys(bundle_of({"surveys.yaml": SURVEY}))[0]
    first = summary.rounds[0]
    assert first.mean("q").mean == pytest.approx((1 * 7 + 3 * 9) / 4)
    assert first.respondents == 4
    assert first.mean("q").checked.matches is True


def test_units_without_respondents_or_score_are_left_out_of_the_mean(bundle_of):
    summary = compute.summarize_surveys(bundle_of({"surveys.yaml": SURVEY}))[0]
    second = summary.rounds[1]
    assert (second.mean("q").mean, second.mean("q").respondents) == (8.0, 2.0)


def test_survey_change_per_unit_between_rounds(bundle_of):
    summary = compute.summarize_surveys(bundle_of({"surveys.yaml": SURVEY}))[0]
    changes = {(c.unit, c.question_id): c.change for c in summary.unit_changes}
    assert changes == {("AVF", "q"): 1.0, ("AVF", "respondents"): 1, ("BUF", "q"): None, ("BUF", "respondents"): -3}


def test_survey_respondents_per_unit_and_round(bundle_of):
    summary = compute.summarize_surveys(bundle_of({"surveys.yaml": SURVEY}))[0]
    assert summary.respondents_by_unit == [
        ("AVF", "Arbetsmarknadsförvaltningen", {"2022": 1, "2023": 2}),
        ("BUF", "Barn- och utbildningsförvaltningen", {"2022": 3, "2023": 0}),
    ]


def test_survey_mean_change_between_rounds(bundle_of):
    summary = compute.summarize_surveys(bundle_of({"surveys.yaml": SURVEY}))[0]
    [change] = summary.question_changes["q"]
    assert (change.from_value, change.to_value, change.change, change.trend) == (8.5, 8.0, -0.5, "worse")


def test_stated_survey_mean_that_differs_is_a_warning_not_an_error(bundle_of):
    bundle = bundle_of({"surveys.yaml": SURVEY.replace('"8,50"', '"8,90"')})
    checked = compute.summarize_surveys(bundle)[0].rounds[0].mean("q").checked
    assert (checked.matches, checked.severity) == (False, "warning")


def test_every_stated_number_is_listed_with_its_location(bundle_of):
    bundle = bundle_of({"surveys.yaml": SURVEY, "finance.yaml": PER_UNIT.format(total="15 000")})
    checks = summarize(bundle).checks
    assert [(c.file, c.keypath) for c in checks] == [
        ("surveys.yaml", ("surveys", 0, "rounds", 0, "stated_total", "respondents")),
        ("surveys.yaml", ("surveys", 0, "rounds", 0, "stated_total", "scores", "q")),
        ("finance.yaml", ("tables", 0, "stated_totals", "2022")),
    ]


# --- The seeds ------------------------------------------------------------------------------


def test_eskilstuna_weighted_means_match_the_report(seeds):
    summary = summarize(seeds["eskilstuna"])
    survey = summary.survey("kunddialog")
    first, second = survey.rounds
    assert (first.respondents, second.respondents) == (39, 68)
    assert round(first.mean("samlad-bedomning").mean, 2) == 7.77
    assert round(second.mean("samlad-bedomning").mean, 2) == 8.39  # the report states 8,40: a rounding warning
    assert second.mean("samlad-bedomning").checked.severity == "warning"


def test_eskilstuna_budget_differences(seeds):
    summary = summarize(seeds["eskilstuna"])
    budget = summary.table("forsaljningsintakter")
    assert [r.difference for r in budget.rows] == [-13225, -14499, -735, -6414]
    assert all(r.checked.matches for r in budget.rows)


def test_eskilstuna_goals_and_sick_leave_targets(seeds):
    summary = summarize(seeds["eskilstuna"])
    assert summary.goals.sentence() == "2 av 3 mål uppnådda"
    sick = summary.indicator("sjukfranvaro")
    assert [(t.group, t.met, t.margin) for t in sick.targets] == [
        ("alla", True, 0.0),
        ("kvinnor", False, pytest.approx(-0.8)),
        ("man", False, pytest.approx(-0.5)),
    ]
    [hme] = summary.indicator("hme").targets
    assert (hme.actual, hme.met, hme.margin) == (79, False, -1)


def test_lund_pilot_totals_and_key_figures(seeds):
    summary = summarize(seeds["lund"])
    results = summary.table("resultat-per-pilotverksamhet")
    assert results.totals == {"2022": 28000, "2023": 30000}
    assert all(c.matches for c in results.checked.values())
    assert all(k.checked.matches for k in summary.key_figures if k.checked is not None)
    assert summary.key_figure("pilotresultat-mot-sjalvkostnad").computed == pytest.approx(58000 / 11785000 * 100)


def test_lund_deliverables_share_completed(seeds):
    deliverables = summarize(seeds["lund"]).deliverables
    assert deliverables.completed / deliverables.total * 100 == pytest.approx(deliverables.share_completed)
    assert deliverables.completed == sum(1 for i in deliverables.items if i.level.completed)
    assert deliverables.total == len(deliverables.items)


def test_lund_costs_before_and_after(seeds):
    costs = summarize(seeds["lund"]).table("kostnader-fore-och-efter")
    spyken = costs.rows[0]
    assert (spyken.before, spyken.after, spyken.change) == (3507228, 2877000, -630228)
    assert costs.total_before == 3507228 + 825000 + 151295 + 609358 + 248000
