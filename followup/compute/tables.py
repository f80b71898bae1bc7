"""Tables: budget variance, values per unit, before/after change, breakdown shares and the totals of
generic tables, each with the stated figures checked."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from followup.compute.common import (
    Checked,
    _clean,
    _is_number,
    check,
    lookup_period,
    minus,
    percent_change,
    percent_of,
    period_label,
    total,
    unit_name,
)
from followup.compute.indicators import Change, make_change

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.model import tables as table_models
    from followup.project import ReportBundle


# --- Tables -----------------------------------------------------------------------------------


@dataclass
class BudgetVariance:
    period: str
    budget: float
    outcome: float
    difference: float
    difference_percent: float | None
    checked: Checked | None
    comment: str | None = None


@dataclass
class BudgetSummary:
    table: "table_models.BudgetTable"
    rows: list[BudgetVariance]
    total_budget: float | None
    total_outcome: float | None
    kind: str = "budget_outcome"

    @property
    def total_difference(self) -> float | None:
        return minus(self.total_outcome, self.total_budget)

    @property
    def total_difference_percent(self) -> float | None:
        return _percent_of_budget(self.total_difference, self.total_budget)


@dataclass
class UnitValues:
    unit: str
    name: str
    values: dict[str, float | None]
    change: Change | None
    comment: str | None = None


@dataclass
class PerUnitSummary:
    table: "table_models.PerUnitTable"
    periods: list[str]
    rows: list[UnitValues]
    totals: dict[str, float | None]
    checked: dict[str, Checked]
    total_change: Change | None
    kind: str = "per_unit"


@dataclass
class BeforeAfterChange:
    unit: str
    name: str
    before: float | None
    after: float | None
    change: float | None
    change_percent: float | None
    comment: str | None = None


@dataclass
class BeforeAfterSummary:
    table: "table_models.BeforeAfterTable"
    before: str
    after: str
    rows: list[BeforeAfterChange]
    total_before: float | None
    total_after: float | None
    total_change: float | None
    total_change_percent: float | None
    kind: str = "before_after"


@dataclass
class BreakdownShare:
    label: str
    amount: float
    share_percent: float | None
    comment: str | None = None


@dataclass
class BreakdownSummary:
    table: "table_models.BreakdownTable"
    rows: list[BreakdownShare]
    total: float | None
    checked: Checked | None
    kind: str = "breakdown"


@dataclass
class GenericTableSummary:
    table: "table_models.GenericTable"
    totals: dict[str, float | None]
    checked: dict[str, Checked]
    kind: str = "table"


@dataclass
class GroupedSummary:
    """A grouped table: `values[row][period][group]`, and the total row per period and group (the
    sum or the mean of the rows, as the table declares) with the stated totals checked."""

    table: "table_models.GroupedTable"
    periods: list[str]
    groups: list[str]
    values: list[dict[str, dict[str, float | None]]]
    totals: dict[str, dict[str, float | None]]
    checked: dict[str, dict[str, Checked]]
    kind: str = "grouped"


TableSummary = BudgetSummary | PerUnitSummary | BeforeAfterSummary | BreakdownSummary | GenericTableSummary | GroupedSummary


def total_of(values: Iterable[float | str | None], kind: str | None) -> float | None:
    """The total row's value: the sum, or the mean of the values that are present."""
    present = [v for v in values if _is_number(v)]
    if kind == "mean":
        return _clean(math.fsum(present) / len(present)) if present else None
    return total(present)


def summarize_budget(table: "table_models.BudgetTable") -> BudgetSummary:
    rows = []
    for row in table.rows:
        difference = _clean(row.outcome - row.budget)
        rows.append(
            BudgetVariance(
                period=period_label(row.period),
                budget=row.budget,
                outcome=row.outcome,
                difference=difference,
                difference_percent=_percent_of_budget(difference, row.budget),
                checked=check(row.stated_difference, difference, table.unit) if row.stated_difference is not None else None,
                comment=row.comment,
            )
        )
    return BudgetSummary(table, rows, total_budget=total(r.budget for r in rows), total_outcome=total(r.outcome for r in rows))


def _percent_of_budget(difference: float | None, budget: float | None) -> float | None:
    """A difference from the budget in percent of the budget's size; None without a budget (or with a zero one)."""
    if not budget or difference is None:
        return None
    return percent_of(difference, abs(budget))


def summarize_per_unit(bundle: "ReportBundle", table: "table_models.PerUnitTable") -> PerUnitSummary:
    periods = [period_label(p) for p in table.periods]
    rows = []
    for row in table.rows:
        values = {label: lookup_period(row.values, label)[1] for label in periods}
        values = {k: (v if _is_number(v) else None) for k, v in values.items()}
        change = (
            make_change(periods[0], periods[-1], values[periods[0]], values[periods[-1]], table.unit)
            if len(periods) > 1
            else None
        )
        rows.append(UnitValues(row.unit, unit_name(bundle, row.unit), values, change, row.comment))
    totals = {label: total(r.values[label] for r in rows) for label in periods}
    checked = {}
    for key, stated in table.stated_totals.items():
        label, _ = lookup_period({p: None for p in periods}, str(key))
        label = label or str(key)
        checked[label] = check(stated, totals.get(label), table.unit)
    total_change = (
        make_change(periods[0], periods[-1], totals[periods[0]], totals[periods[-1]], table.unit) if len(periods) > 1 else None
    )
    return PerUnitSummary(table, periods, rows, totals, checked, total_change)


def summarize_before_after(bundle: "ReportBundle", table: "table_models.BeforeAfterTable") -> BeforeAfterSummary:
    rows = []
    for row in table.rows:
        difference = minus(row.after, row.before)
        rows.append(
            BeforeAfterChange(
                unit=row.unit,
                name=unit_name(bundle, row.unit),
                before=row.before,
                after=row.after,
                change=difference,
                change_percent=percent_change(row.before, row.after),
                comment=row.comment,
            )
        )
    complete = [r for r in rows if r.before is not None and r.after is not None]
    total_before = total(r.before for r in complete)
    total_after = total(r.after for r in complete)
    total_change = minus(total_after, total_before)
    return BeforeAfterSummary(
        table=table,
        before=period_label(table.before),
        after=period_label(table.after),
        rows=rows,
        total_before=total_before,
        total_after=total_after,
        total_change=total_change,
        total_change_percent=percent_change(total_before, total_after),
    )


def summarize_breakdown(table: "table_models.BreakdownTable") -> BreakdownSummary:
    amount_total = total(r.amount for r in table.rows)
    rows = [
        BreakdownShare(
            label=r.label,
            amount=r.amount,
            share_percent=None if not amount_total else percent_of(r.amount, amount_total),
            comment=r.comment,
        )
        for r in table.rows
    ]
    checked = (
        check(table.stated_total, amount_total, table.unit, approximate=table.approximate)
        if table.stated_total is not None
        else None
    )
    return BreakdownSummary(table, rows, amount_total, checked)


def summarize_generic(table: "table_models.GenericTable") -> GenericTableSummary:
    totals: dict[str, float | None] = {}
    # A part ("varav") is already in its parent's number; a column whose rows have other units
    # than the column has no meaningful total (check/table_rows.py says so).
    top = [row for row in table.rows if row.part_of is None]
    for column in table.columns:
        if column.sum or column.id in table.stated_totals:
            mixed = bool(table.other_unit_rows(column))
            totals[column.id] = None if mixed else total_of((row.get(column.id) for row in top), table.total)
    units = {c.id: c.unit for c in table.columns}
    checked = {key: check(stated, totals.get(key), units.get(key, table.unit)) for key, stated in table.stated_totals.items()}
    return GenericTableSummary(table, totals, checked)


def summarize_grouped(table: "table_models.GroupedTable") -> GroupedSummary:
    periods = [period_label(p) for p in table.periods]
    values = []
    for row in table.rows:
        by_period: dict[str, dict[str, float | None]] = {}
        for label in periods:
            given = lookup_period(row.values, label)[1] or {}
            by_period[label] = {g: (given.get(g) if _is_number(given.get(g)) else None) for g in table.groups}
        values.append(by_period)
    totals: dict[str, dict[str, float | None]] = {}
    if table.total is not None or table.stated_totals:
        for label in periods:
            totals[label] = {g: total_of((v[label][g] for v in values), table.total) for g in table.groups}
    checked: dict[str, dict[str, Checked]] = {}
    for key, stated_groups in table.stated_totals.items():
        label = lookup_period({p: None for p in periods}, str(key))[0] or str(key)
        checked[label] = {g: check(stated, totals.get(label, {}).get(g), table.unit) for g, stated in stated_groups.items()}
    return GroupedSummary(table, periods, list(table.groups), values, totals, checked)


def summarize_table(bundle: "ReportBundle", table: Any) -> TableSummary:
    kind = table.kind
    if kind == "budget_outcome":
        return summarize_budget(table)
    if kind == "per_unit":
        return summarize_per_unit(bundle, table)
    if kind == "before_after":
        return summarize_before_after(bundle, table)
    if kind == "breakdown":
        return summarize_breakdown(table)
    if kind == "grouped":
        return summarize_grouped(table)
    return summarize_generic(table)
