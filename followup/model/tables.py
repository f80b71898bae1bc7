"""`finance.yaml` and `tables.yaml`: budget/outcome, per-unit, before/after, breakdown and generic tables."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import (
    Field,
)

from followup.model.base import Markdown, MeasureUnit, Model, Number, PeriodText, Slug, Stated, UnitCode

# --- finance.yaml / tables.yaml ---------------------------------------------------------


class _Table(Model):
    id: Slug
    title: str
    unit: MeasureUnit = "none"
    description: Markdown | None = None
    note: Markdown | None = None
    source: str | None = None


class BudgetRow(Model):
    period: PeriodText
    budget: Number
    outcome: Number
    stated_difference: Stated | None = Field(default=None, description="Diff as stated (outcome − budget).")
    comment: Markdown | None = None


class BudgetTable(_Table):
    """Budget against outcome per period; the difference is outcome − budget."""

    kind: Literal["budget_outcome"]
    rows: list[BudgetRow] = Field(min_length=1)


class UnitValuesRow(Model):
    unit: UnitCode
    values: dict[str, Number | None] = Field(description="Value per period label.")
    comment: Markdown | None = None


class PerUnitTable(_Table):
    """Values per unit and period (e.g. result per pilot unit), with stated totals per period."""

    kind: Literal["per_unit"]
    periods: list[PeriodText] = Field(min_length=1)
    rows: list[UnitValuesRow] = Field(min_length=1)
    stated_totals: dict[str, Stated] = Field(default_factory=dict, description="Totals row per period label.")
    total_comment: Markdown | None = None


class BeforeAfterRow(Model):
    unit: UnitCode
    before: Number | None
    after: Number | None
    comment: Markdown | None = None


class BeforeAfterTable(_Table):
    """Cost (or another measure) per unit before and after, e.g. 2021 against 2023."""

    kind: Literal["before_after"]
    before: PeriodText = Field(description="The baseline period; may lie before the report's period.")
    after: PeriodText
    rows: list[BeforeAfterRow] = Field(min_length=1)


class BreakdownRow(Model):
    label: str
    amount: Number
    comment: Markdown | None = None


class BreakdownTable(_Table):
    """Amounts that add up to a total (a cost breakdown, revenues per year)."""

    kind: Literal["breakdown"]
    period: PeriodText | None = None
    approximate: bool = Field(default=False, description="The source says 'cirka'.")
    rows: list[BreakdownRow] = Field(min_length=1)
    stated_total: Stated | None = None


class GenericColumn(Model):
    id: Slug
    label: str
    unit: MeasureUnit = "none"
    sum: bool = Field(default=False, description="Whether the column adds up to a total row.")


class GenericTable(_Table):
    """Any other table: columns and rows of numbers or text, with an optional stated total row."""

    kind: Literal["table"]
    columns: list[GenericColumn] = Field(min_length=1)
    rows: list[dict[str, Union[Number, str, None]]] = Field(min_length=1)
    stated_totals: dict[str, Stated] = Field(default_factory=dict)


Table = Annotated[
    Union[BudgetTable, PerUnitTable, BeforeAfterTable, BreakdownTable, GenericTable],
    Field(discriminator="kind"),
]


class TablesFile(Model):
    tables: list[Table] = Field(min_length=1)
