"""Computed summaries of one report: pure functions over a ReportBundle, no formatting.

Everything a page says about the numbers is computed here from the data, never typed
by an author: goals per assessment level ("2 av 3 mål uppnådda"), deliverables per
status and the share completed, each indicator against its target, change between
periods, budget variance, table totals, before/after change, respondent-weighted survey
means, change per unit between survey rounds, and for every number the data *states*
(a total, a difference, a mean) the computed one and whether they match.

Conventions (shared with followup.compute.references and followup.charts):

* Values are plain floats (or ints for counts); ``None`` means missing, never zero.
* Percent values are in percent units: 6.5 means 6,5 %. A change of a percent value
  is in percentage points (unit ``"percentage_points"``).
* Periods are referred to by their label (``"2022 apr–dec"``). Lists keep data order
  or scale order; nothing is sorted by name.

Each domain has its module (goals, deliverables, indicators, tables, surveys; shared helpers in
common); this one holds the key figures' values and `ReportSummary`, which gathers them, and
re-exports the per-domain names that charts and tests read as `summaries.X` (see `__all__`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followup.compute.common import Checked, StatedCheck, _clean, _parse_period, change_unit, check, same_period, total, unit_name
from followup.compute.deliverables import DeliverableSummary, summarize_deliverables
from followup.compute.goals import GoalSummary, IndicatorAssessments, summarize_goals
from followup.compute.indicators import Change, IndicatorSummary, SeriesSummary, TargetResult, summarize_indicators
from followup.compute.surveys import SurveySummary, summarize_surveys
from followup.compute.tables import (
    BeforeAfterSummary,
    BreakdownSummary,
    BudgetSummary,
    GenericTableSummary,
    GroupedSummary,
    PerUnitSummary,
    TableSummary,
    summarize_table,
)

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.compute.references import _Catalog
    from followup.model.models import (
        KeyFigure,
    )
    from followup.project import ReportBundle

__all__ = [
    "BeforeAfterSummary",
    "BreakdownSummary",
    "BudgetSummary",
    "Change",
    "Checked",
    "DeliverableSummary",
    "GenericTableSummary",
    "GroupedSummary",
    "GoalSummary",
    "IndicatorAssessments",
    "IndicatorSummary",
    "KeyFigureValue",
    "PerUnitSummary",
    "ReportSummary",
    "SeriesSummary",
    "StatedCheck",
    "SurveySummary",
    "TableSummary",
    "TargetResult",
    "_clean",
    "_parse_period",
    "change_unit",
    "check",
    "collect_checks",
    "summarize_deliverables",
    "summarize_domains",
    "summarize_goals",
    "summarize_indicators",
    "summarize_surveys",
    "summarize_table",
    "total",
    "unit_name",
]

# --- Key figures --------------------------------------------------------------------------------


@dataclass
class KeyFigureValue:
    figure: "KeyFigure"
    computed: float | None
    checked: Checked | None
    decimals: int | None = None
    error: str | None = None  # why it could not be computed (unknown reference, division by zero)
    operands: tuple = ()  # the ResolvedValues it was computed from, shown so a reader can retrace it

    @property
    def value(self) -> float | None:
        """The figure as the source states it; computed when the source does not state it."""
        return self.figure.stated.value if self.figure.stated is not None else self.computed

    @property
    def unit(self) -> str:
        return self.figure.unit


# --- The whole report ---------------------------------------------------------------------------


@dataclass
class ReportSummary:
    goals: GoalSummary | None
    deliverables: DeliverableSummary | None
    indicators: list[IndicatorSummary]
    surveys: list[SurveySummary]
    tables: list[TableSummary]
    key_figures: list[KeyFigureValue] = field(default_factory=list)
    checks: list[StatedCheck] = field(default_factory=list)
    # The reference catalogue, built once per summary (compute/references.py).
    _reference_catalog: tuple[ReportBundle, _Catalog] | None = field(default=None, init=False, repr=False, compare=False)
    indicator_assessments: IndicatorAssessments | None = None
    counts: str | None = None  # "4 mål och 18 indikatorer"
    attainment: list[Any] = field(default_factory=list)  # stated assessments against the data (compute/attainment.py)

    def table(self, table_id: str) -> TableSummary | None:
        return next((t for t in self.tables if t.table.id == table_id), None)

    def survey(self, survey_id: str) -> SurveySummary | None:
        return next((s for s in self.surveys if s.survey.id == survey_id), None)

    def indicator(self, indicator_id: str) -> IndicatorSummary | None:
        return next((i for i in self.indicators if i.indicator.id == indicator_id), None)

    def key_figure(self, figure_id: str) -> KeyFigureValue | None:
        return next((k for k in self.key_figures if k.figure.id == figure_id), None)

    @property
    def mismatches(self) -> list[StatedCheck]:
        return [c for c in self.checks if c.checked.matches is False]


def _table_location(bundle: "ReportBundle", table_id: str) -> tuple[str, tuple]:
    """Which file (finance.yaml or tables.yaml) holds a table, and its key path there."""
    source = bundle.table_source(table_id) if hasattr(bundle, "table_source") else None
    if source is not None:
        return source[0], tuple(source[1])
    tables = list(getattr(bundle, "tables", None) or [])
    index = next((i for i, t in enumerate(tables) if t.id == table_id), 0)
    return "finance.yaml", ("tables", index)


def _stated_key(mapping: dict, label: str) -> Any:
    for key in mapping:
        if str(key) == label or same_period(str(key), label):
            return key
    return label


def collect_checks(bundle: "ReportBundle", summary: ReportSummary) -> list[StatedCheck]:
    """Every stated number in the data with its computed counterpart, in file order."""
    checks: list[StatedCheck] = []
    for figure_index, kf in enumerate(summary.key_figures):
        if kf.checked is not None and kf.checked.stated is not None and kf.computed is not None:
            checks.append(
                StatedCheck(
                    "report.yaml",
                    ("key_figures", figure_index, "stated"),
                    kf.figure.label,
                    kf.checked,
                    kf.figure.approximate,
                )
            )
    for survey_index, s in enumerate(summary.surveys):
        for round_index, r in enumerate(s.rounds):
            base = ("surveys", survey_index, "rounds", round_index, "stated_total")
            if r.respondents_checked is not None:
                checks.append(
                    StatedCheck(
                        "surveys.yaml",
                        base + ("respondents",),
                        f"{s.survey.title} {r.period}: antal svarande",
                        r.respondents_checked,
                    )
                )
            for m in r.means:
                if m.checked is not None:
                    checks.append(
                        StatedCheck(
                            "surveys.yaml",
                            base + ("scores", m.question.id),
                            f"{s.survey.title} {r.period}: {m.question.text}",
                            m.checked,
                        )
                    )
    goals = summary.goals
    for sl in goals.stated_levels if goals else []:
        if goals and sl.checked.computed is not None:  # else the data does not hold every goal: crosschecks says so
            label = f"Antal {goals.noun} {sl.plural}"
            checks.append(StatedCheck("goals.yaml", ("stated_counts", sl.level.id), label, sl.checked))
    deliverables = summary.deliverables
    for ds in deliverables.stated_levels if deliverables else []:
        if ds.checked.computed is not None:  # else the data does not hold every item: crosschecks says so
            checks.append(StatedCheck("deliverables.yaml", ("stated_counts", ds.level.id), f"Antal {ds.level.label}", ds.checked))
    for ai in summary.goals.area_indexes if summary.goals else []:
        index_path: tuple = ("perspectives", ai.perspective_index, "index")
        if ai.checked is not None:
            checks.append(StatedCheck("goals.yaml", index_path + ("stated",), f"{ai.label}: index", ai.checked))
        if ai.difference_checked is not None:
            checks.append(
                StatedCheck("goals.yaml", index_path + ("stated_difference",), f"{ai.label}: skillnad", ai.difference_checked)
            )
    for t in summary.tables:
        file_name, path = _table_location(bundle, t.table.id)
        title = t.table.title
        if isinstance(t, BudgetSummary):
            for row_index, row in enumerate(t.rows):
                if row.checked is not None:
                    checks.append(
                        StatedCheck(
                            file_name,
                            path + ("rows", row_index, "stated_difference"),
                            f"{title} {row.period}: differens",
                            row.checked,
                        )
                    )
        elif isinstance(t, PerUnitSummary):
            for label, c in t.checked.items():
                key = _stated_key(t.table.stated_totals, label)
                checks.append(StatedCheck(file_name, path + ("stated_totals", key), f"{title} {label}: totalt", c))
        elif isinstance(t, BreakdownSummary):
            if t.checked is not None:
                checks.append(
                    StatedCheck(file_name, path + ("stated_total",), f"{title}: totalt", t.checked, t.table.approximate)
                )
        elif isinstance(t, GenericTableSummary):
            labels = {c.id: c.label for c in t.table.columns}
            for key, c in t.checked.items():
                checks.append(StatedCheck(file_name, path + ("stated_totals", key), f"{title}: totalt {labels.get(key, key)}", c))
        elif isinstance(t, GroupedSummary):
            for label, by_group in t.checked.items():
                key = _stated_key(t.table.stated_totals, label)
                for group, c in by_group.items():
                    checks.append(
                        StatedCheck(file_name, path + ("stated_totals", key, group), f"{title} {label}: totalt {group}", c)
                    )
    return checks


def summarize_domains(bundle: "ReportBundle") -> ReportSummary:
    """The summaries of each part of a report: goals, deliverables, indicators, surveys, tables.
    Key figures and the list of stated numbers are added by `followup.compute.report.summarize`."""
    return ReportSummary(
        goals=summarize_goals(bundle),
        deliverables=summarize_deliverables(bundle),
        indicators=summarize_indicators(bundle),
        surveys=summarize_surveys(bundle),
        tables=[summarize_table(bundle, table) for table in (getattr(bundle, "tables", None) or [])],
    )
