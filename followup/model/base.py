"""The shared parts of the format: the base model that forbids unknown keys, numbers, periods and
codes as people write them, units, and the assessment and status scales."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
)

from followup.model.numbers import StatedNumber, parse_number, parse_stated_number
from followup.model.periods import Period, parse_period


class Model(BaseModel):
    """Base for every model: unknown keys are errors, fields keep their declared order."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- Scalar types -----------------------------------------------------------------------

NUMBER_TEXT_PATTERN = r"^\s*[+\-−–]?\s*[0-9][0-9   ]*([,.][0-9]+)?\s*(%|SEK|kr|tkr|mnkr)?\s*$"

_number_schema = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "pattern": NUMBER_TEXT_PATTERN,
            "description": "A number written the Swedish way: 7,77 · 295 591 · −13 225 · 6,5 %",
        },
    ]
}


# A number may carry a percent sign or a currency word as pasted from a document; the
# unit that counts is the one the table or indicator declares.
NUMBER_UNIT_WORDS = ("SEK", "kr", "tkr", "mnkr")


def _to_number(value: Any) -> Any:
    if value is None:
        return None
    return parse_number(value, percent=True, units=NUMBER_UNIT_WORDS)


def _to_stated(value: Any) -> Any:
    if value is None or isinstance(value, StatedNumber):
        return value
    return parse_stated_number(value, percent=True, units=NUMBER_UNIT_WORDS)


def _to_period(value: Any) -> Any:
    if isinstance(value, Period):
        return value
    if isinstance(value, (dt.date,)):
        value = value.isoformat()
    return parse_period(value)


Number = Annotated[
    float,
    BeforeValidator(_to_number),
    WithJsonSchema(_number_schema),
]
"""A number; Swedish notation in text is converted."""

Count = Annotated[
    int,
    BeforeValidator(_to_number),
    Field(ge=0),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\s*[0-9][0-9   ]*\s*$"}]}),
]
"""A whole, non-negative number (respondents, headcounts)."""

Stated = Annotated[
    StatedNumber,
    BeforeValidator(_to_stated),
    PlainSerializer(lambda s: s.text, return_type=str),
    WithJsonSchema(_number_schema),
]
"""A number as the source document states it (a total, a difference, a mean).

The build recomputes it from the data and reports a mismatch; the number of decimals
written sets the tolerance (7,77 is checked to ±0,005)."""

PeriodText = Annotated[
    Period,
    BeforeValidator(_to_period),
    PlainSerializer(lambda p: p.label, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "description": "A period: 2022 · 2020–2023 · 2022 apr–dec · 2023-Q1 · dec 2022 – nov 2023",
        }
    ),
]

Markdown = Annotated[
    str,
    Field(description="Text in Markdown. HTML is not allowed and is shown as text."),
]

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9åäö][a-z0-9åäö_-]*$",
        max_length=100,  # ids become file names (diagram/<id>.svg): never "File name too long"
        description="An identifier: lower-case letters, digits, - and _ (e.g. nojda-kunder); at most 100 characters.",
    ),
]

UnitCode = Annotated[
    str,
    Field(description="The code of a unit in the organisation's unit registry (e.g. AVF)."),
]

MeasureUnit = Literal[
    "percent",
    "percentage_points",
    "index",
    "score",
    "sek",
    "tkr",
    "mnkr",
    "count",
    "ratio",
    "days",
    "hours",
    "none",
]
"""The unit a number is measured in. `none` means the source does not state a unit."""

UnitName = Annotated[
    str,
    Field(
        min_length=1,
        description="A built-in unit (percent, sek, count, …) or a unit the organisation declares "
        "in `measure_units` by its label (ton CO₂e, GWh, kr/mån, kWh/m² år).",
    ),
]


class DeclaredUnit(Model):
    """A unit the organisation measures in besides the built-in ones: `{label: ton CO₂e, plural: ton CO₂e, decimals: 0}`."""

    label: str = Field(min_length=1, description="Written after a number and as the indicator's unit, e.g. 'ton CO₂e'.")
    plural: str | None = Field(default=None, description="The unit's name in the plural, e.g. 'timmar', 'kronor'.")
    decimals: int | None = Field(default=None, ge=0, le=6, description="Decimals shown when the indicator does not say.")
    description: str | None = None


# --- Scales -----------------------------------------------------------------------------


class ScaleLevel(Model):
    """One level of a scale, whatever the scale: the id data refers to it by, and the word and
    symbol it is shown with."""

    id: Slug
    label: str = Field(description="The word shown with the symbol, e.g. 'uppnått' or 'slutförd'.")
    symbol: str = Field(description="A symbol that tells the level without colour, e.g. ● ◐ ○ or ✔.")
    description: str | None = None
    shared_symbol: bool = Field(
        default=False, description="The source uses this level's symbol for another level too (declared on both)."
    )


class AssessmentLevel(ScaleLevel):
    """One level of a goal assessment scale, e.g. uppnått ●."""

    plural: str | None = Field(default=None, description="The word in the plural, for counts: '12 av 27 delmål uppfyllda'.")
    category: Literal["achieved", "partly_achieved", "not_achieved", "not_assessed"] = Field(
        description="What the level means, for summaries and colours."
    )


class StatusLevel(ScaleLevel):
    """One deliverable status, e.g. slutförd ✔."""

    category: Literal["done", "partly_done", "in_progress", "not_started", "replaced", "handed_over", "cancelled"]
    completed: bool = Field(description="Whether a deliverable with this status counts as completed.")


class Group(Model):
    """A population group that results are broken down by (alla, kvinnor, män, ...)."""

    id: Slug
    label: str
