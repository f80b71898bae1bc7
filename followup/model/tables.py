"""`finance.yaml` and `tables.yaml`: budget/outcome, per-unit, before/after, breakdown, grouped and generic tables."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import (
    ConfigDict,
    Field,
    model_validator,
)

from followup.model.base import Markdown, MeasureUnit, Model, Number, PeriodText, Slug, Stated, UnitCode, _to_number

# --- finance.yaml / tables.yaml ---------------------------------------------------------


#: The column headings each kind of table shows unless the table gives its own in `labels`
#: (a headcount column is not "Belopp"). A grouped table also takes its group ids as keys.
DEFAULT_LABELS: dict[str, dict[str, str]] = {
    "budget_outcome": {
        "period": "Period",
        "budget": "Budget",
        "outcome": "Utfall",
        "difference": "Avvikelse",
        "difference_percent": "Avvikelse i procent",
        "total": "Totalt",
    },
    "per_unit": {"unit": "Enhet", "change": "Förändring", "total": "Totalt"},
    "before_after": {"unit": "Enhet", "change": "Förändring", "change_percent": "Förändring i procent", "total": "Totalt"},
    "breakdown": {"label": "Post", "amount": "Belopp", "share": "Andel", "total": "Totalt"},
    "table": {"total": "Totalt"},
    "grouped": {"label": "", "total": "Totalt"},
}

#: The total row's heading when the total is a mean and the table names none.
MEAN_LABEL = "Medelvärde"

TotalKind = Literal["sum", "mean"]


class _Table(Model):
    id: Slug
    title: str
    unit: MeasureUnit = "none"
    description: Markdown | None = None
    note: Markdown | None = None
    source: str | None = None
    labels: dict[str, str] = Field(
        default_factory=dict,
        description="Own column headings by key (e.g. {amount: Antal, label: Förvaltning}); the keys depend on the kind.",
    )

    def label(self, key: str) -> str:
        """The heading for `key`: the table's own, else the default for its kind."""
        if key in self.labels:
            return self.labels[key]
        if key == "total" and getattr(self, "total", "sum") == "mean":
            return MEAN_LABEL
        return DEFAULT_LABELS.get(str(getattr(self, "kind", "")), {}).get(key, key)


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
    difference: list[Slug] | None = Field(
        default=None,
        min_length=2,
        max_length=2,
        description="The column is the first column minus the second, e.g. [utfall, budget] for Avvikelse; "
        "each row's value is checked.",
    )
    sum_of: list[Slug] | None = Field(
        default=None,
        min_length=2,
        description="The column is the sum of these columns, e.g. [kvinnor, man] for Totalt; each row's value is checked.",
    )


#: The keys of a generic table's row that say something about the row rather than name a column.
ROW_KEYS = ("id", "part_of", "parts_complete", "unit")


class GenericRow(Model):
    """A row of a generic table: a value per column id, and optionally what the row is (its id,
    the row it is a part of, its own unit). Reads like the mapping of its column values
    (`row.get(column_id)`, `row.items()`), so the row's own keys never pass for columns."""

    model_config = ConfigDict(extra="allow")
    __pydantic_extra__: dict[str, Union[Number, str, None]]

    id: Slug | None = Field(default=None, description="The row's id, for part_of in other rows.")
    part_of: str | None = Field(
        default=None,
        description="The row this row is a part of ('varav'): its id or its first column's text; shown indented under it.",
    )
    parts_complete: bool = Field(
        default=False, description="The rows that are parts of this row add up to it (checked); else they may add up to less."
    )
    unit: MeasureUnit | None = Field(default=None, description="The unit of this row's numbers, instead of the column's.")

    @property
    def cells(self) -> dict[str, Any]:
        return self.__pydantic_extra__ if self.__pydantic_extra__ is not None else {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.cells.get(key, default)

    def items(self) -> Any:
        return self.cells.items()

    def keys(self) -> Any:
        return self.cells.keys()

    def values(self) -> Any:
        return self.cells.values()

    def __getitem__(self, key: str) -> Any:
        return self.cells[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.cells[key] = value

    def __contains__(self, key: object) -> bool:
        return key in self.cells

    def __eq__(self, other: object) -> bool:
        """A row without row keys equals the mapping of its column values."""
        if isinstance(other, dict):
            plain = self.id is None and self.part_of is None and not self.parts_complete and self.unit is None
            return plain and self.cells == other
        return super().__eq__(other)

    def label(self) -> str | None:
        """The row's name: its first text cell (as written)."""
        return next((v for v in self.cells.values() if isinstance(v, str) and v.strip()), None)


class GenericTable(_Table):
    """Any other table: columns and rows of numbers or text, with an optional stated total row."""

    kind: Literal["table"]
    columns: list[GenericColumn] = Field(min_length=1)
    rows: list[GenericRow] = Field(min_length=1)
    total: TotalKind = Field(default="sum", description="What the total row is: the sum or the mean of the column.")
    stated_totals: dict[str, Stated] = Field(default_factory=dict)

    def parent_of(self, index: int) -> int | None:
        """The index of the row that row `index` is a part of: a row above it whose id, or else
        whose first text cell, is its `part_of`; None for a top-level row or an unknown parent."""
        name = self.rows[index].part_of
        if name is None:
            return None
        above = self.rows[:index]
        for i, row in enumerate(above):
            if row.id is not None and row.id == name:
                return i
        wanted = name.strip().casefold()
        for i, row in enumerate(above):
            label = row.label()
            if label is not None and label.strip().casefold() == wanted:
                return i
        return None

    def depth_of(self, index: int) -> int:
        """How many rows row `index` is a part of (0 for a top-level row)."""
        depth = 0
        parent = self.parent_of(index)
        while parent is not None:
            depth += 1
            parent = self.parent_of(parent)
        return depth

    def row_unit(self, row: GenericRow, column: GenericColumn) -> str:
        """The unit of a cell: the row's own, else the column's."""
        return row.unit if row.unit is not None else column.unit

    def other_unit_rows(self, column: GenericColumn) -> list[int]:
        """The rows holding a number in `column` in a unit of their own, not the column's."""
        return [
            i
            for i, row in enumerate(self.rows)
            if row.unit is not None and row.unit != column.unit and isinstance(row.get(column.id), (int, float))
        ]

    @model_validator(mode="after")
    def _numbers_as_written(self) -> "GenericTable":
        """Quoted numbers ("600", "1 100") are numbers in a column that expects numbers (one that
        sums, has a stated total or a unit, or is or enters a difference or a sum of columns) and in a row with its own
        unit; text that is not a number is left for the check."""
        numeric = {
            c.id for c in self.columns if c.sum or c.id in self.stated_totals or c.unit != "none" or c.difference or c.sum_of
        }
        numeric |= {operand for c in self.columns for operand in (c.difference or []) + (c.sum_of or [])}
        columns = {c.id for c in self.columns}
        for row in self.rows:
            for key, value in row.items():
                if (key in numeric or (row.unit is not None and key in columns)) and isinstance(value, str):
                    try:
                        row[key] = _to_number(value)
                    except ValueError:
                        pass
        return self


class GroupedRow(Model):
    label: str
    values: dict[str, dict[str, Number | None]] = Field(description="Per period label: the value per group id.")
    comment: Markdown | None = None


class GroupedTable(_Table):
    """Values per group (kvinnor, män, totalt) and period, one row per measure or unit, with an
    optional total row that is the sum or the mean of the rows."""

    kind: Literal["grouped"]
    periods: list[PeriodText] = Field(min_length=1)
    groups: list[Slug] = Field(min_length=1, description="Group ids (alla, kvinnor, man or the organisation's groups).")
    rows: list[GroupedRow] = Field(min_length=1)
    total: TotalKind | None = Field(default=None, description="A total row: the sum or the mean of the rows.")
    stated_totals: dict[str, dict[str, Stated]] = Field(
        default_factory=dict, description="The total row as the source states it: per period label, per group id."
    )


Table = Annotated[
    Union[BudgetTable, PerUnitTable, BeforeAfterTable, BreakdownTable, GenericTable, GroupedTable],
    Field(discriminator="kind"),
]


class TablesFile(Model):
    tables: list[Table] = Field(min_length=1)
