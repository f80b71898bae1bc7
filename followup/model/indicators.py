"""`indicators.yaml`: indicators with outcomes per period and group, and targets as reports write
them (thresholds, ranges, guide values, aggregates, qualitative)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BeforeValidator,
    Field,
    WithJsonSchema,
    model_validator,
)

from followup.model.base import Count, Markdown, Model, Number, PeriodText, Slug, UnitName, _number_schema, _to_number

# --- indicators.yaml --------------------------------------------------------------------


class CountOf(Model):
    """A share written as counts: 154 of 214. The share (in percent) is computed."""

    count: Count = Field(description="The part, e.g. 154.")
    of: Count = Field(description="The whole, e.g. 214.")


_APPROXIMATE = re.compile(r"^\s*(cirka|ca\.?|c:a|omkring|ungefär)\s+(?P<rest>.+)$", re.IGNORECASE)
_COUNT_OF = re.compile(r"^\s*(?P<count>[0-9][0-9   ]*)\s+av\s+(?P<of>[0-9][0-9   ]*)\s*$")
_SHARE_AND_COUNTS = re.compile(
    r"^\s*(?P<share>[0-9][0-9   ]*(?:[,.][0-9]+)?\s*%?)\s*\(\s*(?P<count>[0-9][0-9   ]*)\s+av\s+(?P<of>[0-9][0-9   ]*)\s*\)\s*$"
)
MISSING_WORDS = ("statistik saknas", "uppgift saknas", "saknas", "ej tillgänglig", "ej mätt", "-", "–", "—", "..")
"""Outcome text that means "no value" (the text itself becomes the reason)."""


def parse_count_of(value: Any) -> Any:
    """`12 av 27` → {count: 12, of: 27}; anything else is left for the model."""
    match = _COUNT_OF.match(value) if isinstance(value, str) else None
    return {"count": match["count"], "of": match["of"]} if match else value


def _normalise_outcomes(data: Any) -> Any:
    """Outcomes as people write them, turned into numbers with what the wording said.

    `154 av 214` or `{count: 154, of: 214}` → the share in percent, the counts kept in `counts`;
    `21 % (31 av 187)` → the share as stated (21), the counts kept in `counts` (the check compares them);
    `cirka 5 000` → 5000, the period listed in `approximate`; `Statistik saknas`, `–` → no value,
    the text kept as the reason in `missing`. Anything else is left for the number parser."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return data
    written = {"counts": dict, "missing": dict, "approximate": list}
    if any(data.get(name) is not None and not isinstance(data[name], kind) for name, kind in written.items()):
        return data  # a wrongly shaped field: the model's own validation says where
    data = dict(data)
    values = dict(data["values"])
    counts = dict(data.get("counts") or {})
    missing = dict(data.get("missing") or {})
    approximate = list(data.get("approximate") or [])
    for key, value in values.items():
        if isinstance(value, dict) and set(value) == {"count", "of"}:
            counts[key] = value
            values[key] = None
            continue
        if not isinstance(value, str):
            continue
        text = value.strip()
        if text.lower() in MISSING_WORDS:
            values[key] = None
            missing.setdefault(key, text)
            continue
        match = _COUNT_OF.match(text)
        if match:
            counts[key] = {"count": match["count"], "of": match["of"]}
            values[key] = None
            continue
        match = _SHARE_AND_COUNTS.match(text)
        if match:  # "21 % (31 av 187)": the stated share is kept and checked against the counts
            counts[key] = {"count": match["count"], "of": match["of"]}
            values[key] = match["share"]
            continue
        match = _APPROXIMATE.match(text)
        if match:
            values[key] = match["rest"]
            shared = _SHARE_AND_COUNTS.match(match["rest"])
            if shared:  # "cirka 17 % (31 av 187)"
                counts[key] = {"count": shared["count"], "of": shared["of"]}
                values[key] = shared["share"]
            if key not in approximate:
                approximate.append(key)
    data["values"] = values
    if counts:
        data["counts"] = counts
    if missing:
        data["missing"] = missing
    if approximate:
        data["approximate"] = approximate
    return data


class Series(Model):
    """The outcomes of one group over periods: `values: {2021: 6,5 %, 2022: 7,3 %}`."""

    group: Slug = "alla"
    values: dict[str, Number | None] = Field(
        default_factory=dict,
        description=(
            "Outcome per period label. Leave a period out, or set it to null with a reason in `missing`. "
            "'154 av 214' is a share written as counts, '21 % (31 av 187)' a stated share with its counts "
            "(checked against them), 'cirka 5 000' an approximate value, "
            "'Statistik saknas' or '–' a missing value with that reason."
        ),
    )
    counts: dict[str, CountOf] = Field(
        default_factory=dict, description="A share written as counts per period: {2021: {count: 154, of: 214}}."
    )
    approximate: list[str] = Field(
        default_factory=list, description="Periods whose value the source gives as approximate ('cirka')."
    )
    missing: dict[str, str] = Field(default_factory=dict, description="Why a period has no value, e.g. {2020: statistik saknas}.")
    notes: dict[str, Markdown] = Field(default_factory=dict, description="A note per period, e.g. a rolling window.")
    narrative: dict[str, Markdown] = Field(
        default_factory=dict,
        description="A qualitative outcome per period: what happened, in words, when there is no number.",
    )
    assessment: dict[str, Slug] = Field(
        default_factory=dict,
        description="The organisation's assessment per period (a level id of the assessment scale).",
    )
    forecast: dict[str, Number] = Field(
        default_factory=dict,
        description="A forecast per period, e.g. a part-year report's forecast for the whole year "
        "(prognos helår): {2024: '8,0 %'}. Shown beside the outcomes and compared with the period's target, "
        "never taken as an outcome.",
    )

    @model_validator(mode="before")
    @classmethod
    def _outcomes_as_written(cls, data: Any) -> Any:
        return _normalise_outcomes(data)

    @model_validator(mode="after")
    def _shares_from_counts(self) -> "Series":
        for key, share in self.counts.items():
            if share.of > 0 and self.values.get(key) is None:
                self.values[key] = share.count / share.of * 100
        return self


_TARGET_OPERATOR = re.compile(r"^\s*(?P<op>>=|<=|≥|≤|>|<|=)\s*(?P<rest>.+)$")
_TARGET_RANGE = re.compile(r"^\s*(?P<min>[0-9][0-9   ,.]*)\s*(?:–|-|—|till)\s*(?P<max>[0-9][0-9   ,.]*)\s*(?P<unit>%)?\s*$")


class Target(Model):
    """A target: a value (read with the indicator's direction), a threshold, a range, a guide value
    (riktvärde), or a qualitative target in words."""

    period: PeriodText = Field(
        description="The period the target is for. A period after the report's is a long-term target: shown, "
        "not assessed until a report for that period. A period that holds the report's is the year's target in "
        "a part-year report (2024 in a report for 2024 jan–aug): assessed on the report period's outcome."
    )
    group: Slug = "alla"
    value: Annotated[
        float | None,
        WithJsonSchema(
            {
                "anyOf": [
                    *_number_schema["anyOf"],
                    {
                        "type": "string",
                        "pattern": (
                            r"^\s*(>=|<=|≥|≤|>|<|=)?\s*[+\-−–]?\s*[0-9][0-9   ,.]*\s*(%|SEK|kr|tkr|mnkr)?\s*$"
                            r"|^\s*[0-9][0-9   ,.]*\s*(–|-|—|till)\s*[0-9][0-9   ,.]*\s*%?\s*$"
                        ),
                    },
                    {"type": "null"},
                ]
            }
        ),
        BeforeValidator(_to_number),
    ] = Field(
        default=None,
        description="The target value. '>40' and '<12' are strict thresholds, '30–50' is a range.",
    )
    operator: Literal["≥", "≤", "=", ">=", "<=", ">", "<"] | None = Field(
        default=None, description="Omit to read the value with the indicator's direction (lower is better: at most)."
    )
    min: Number | None = None
    max: Number | None = None
    kind: Literal["target", "guide"] = Field(
        default="target", description="'guide' for a riktvärde: shown and compared, but named a guide value."
    )
    text: Markdown | None = Field(
        default=None,
        description="The target in words, as the source writes it; alone (no value) it is a qualitative target.",
    )
    aggregate: Literal["mean", "sum", "change_per_year", "change"] | None = Field(
        default=None,
        description="The target is on an aggregate of the outcomes of 'over': their mean (i snitt, a rolling "
        "average), their sum, the average change per year in percent (−5 % per år), or the change in percent "
        "from the first period to the last (20 procent lägre 2020 jämfört med 2009).",
    )
    over: list[PeriodText] = Field(default_factory=list, description="The periods the aggregate covers, e.g. [2019, 2020, 2021].")
    note: Markdown | None = None

    @model_validator(mode="before")
    @classmethod
    def _thresholds_as_written(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("value"), str):
            return data
        data = dict(data)
        text = data["value"]
        match = _TARGET_RANGE.match(text)
        if match and "min" not in data and "max" not in data:
            data.pop("value")
            data["min"], data["max"] = match["min"], match["max"]
            return data
        match = _TARGET_OPERATOR.match(text)
        if match and "operator" not in data:
            data["operator"], data["value"] = match["op"], match["rest"]
        return data


class Scale(Model):
    min: Number
    max: Number
    label: str | None = Field(default=None, description="E.g. '10-gradig skala'.")


class Indicator(Model):
    id: Slug
    same_as: Slug | None = Field(
        default=None, description="The id this indicator had in the organisation's earlier reports (a rename)."
    )
    name: str
    unit: UnitName
    scale: Scale | None = None
    direction: Literal["higher_is_better", "lower_is_better", "neutral"]
    decimals: int | None = Field(default=None, ge=0, le=6)
    description: Markdown | None = None
    source: str | None = None
    series: list[Series] = Field(min_length=1)
    targets: list[Target] = Field(default_factory=list)
    sum_of: list[Slug] = Field(
        default_factory=list,
        description="The indicators this one is the sum of (e.g. a total of its parts): each period's outcome "
        "and each target is checked against the sum of theirs.",
    )
    share_of: Slug | None = Field(
        default=None,
        description="The indicator whose part is this indicator's whole: a share of those another indicator "
        "counts ('of the 179 who ended with a positive solution, 68 went on to work'). Per period and group, "
        "the whole ('of') of this indicator's counts is checked against that indicator's count.",
    )


class IndicatorsFile(Model):
    indicators: list[Indicator] = Field(min_length=1)
