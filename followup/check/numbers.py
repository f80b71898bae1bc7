"""Numbers, periods and targets: outcomes, periods within the report's period, targets, units, key
figures, stated counts and magnitudes.

Periods: outcomes, targets, survey rounds, table periods, goal and key-figure periods must lie
within the report's period (`report.yaml: period`), unless marked as comparison years. The one
exemption is the `before` period of a `before_after` table, which is a declared baseline and may
lie before the report's period. Timeline events may lie anywhere.
"""

from __future__ import annotations

import math
import typing
from decimal import Decimal
from typing import Any, Iterator

from followup.check.common import (
    goals_of,
    number_text,
    parse_key_period,
    period_outside,
    scale_guess,
    scale_text,
    tables_of,
    unknown_message,
)
from followup.errors import Problem
from followup.load.loader import ORGANISATION_FILE, ReportBundle
from followup.load.names import did_you_mean
from followup.model.models import DEFAULT_DOCUMENT_TYPES, MeasureUnit
from followup.model.periods import Period

#: Numbers larger than this (in absolute value) are rejected: no report states such amounts,
#: and sums of them would overflow to infinity.
MAX_MAGNITUDE = 1e15


def _outcome_keypath(bundle: ReportBundle, skp: tuple, field: str, key: str) -> tuple:
    """Where a normalised outcome was written: under `values` ('154 av 214') or its own field."""
    doc = bundle.documents.get("indicators.yaml")
    node: Any = getattr(doc, "data", None)
    for part in skp + ("values",):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return skp + (field, key)
    return skp + ("values", key) if isinstance(node, dict) and key in node else skp + (field, key)


def check_indicator_outcomes(bundle: ReportBundle) -> Iterator[Problem]:
    """Shares written as counts add up, assessments are on the scale, approximate periods have values."""
    if not bundle.indicators:
        return
    levels = {lvl.id for lvl in bundle.assessment_scale}
    for ii, ind in enumerate(bundle.indicators.indicators):
        for si, series in enumerate(ind.series):
            skp = ("indicators", ii, "series", si)
            for key, share in series.counts.items():
                kp = _outcome_keypath(bundle, skp, "counts", key)
                if share.of == 0:
                    yield bundle.problem(
                        "indicators.yaml",
                        kp,
                        f"the share for '{key}' is {share.count} of 0; a share of nothing cannot be computed",
                    )
                elif share.count > share.of:
                    yield bundle.problem(
                        "indicators.yaml",
                        kp,
                        f"the share for '{key}' is {share.count} of {share.of}: the part is larger than the whole; "
                        "correct the counts",
                    )
            for key, level in series.assessment.items():
                if level not in levels:
                    guess = scale_guess(level, bundle.assessment_scale)
                    yield bundle.problem(
                        "indicators.yaml",
                        skp + ("assessment", key),
                        f"'{level}' is not on the assessment scale; allowed: {scale_text(bundle.assessment_scale)}",
                        hint=f"Did you mean '{guess}'?" if guess else None,
                    )
            for index, key in enumerate(series.approximate):
                if series.values.get(key) is None:
                    yield bundle.problem(
                        "indicators.yaml",
                        skp + ("approximate", index),
                        f"period '{key}' is marked approximate but has no value",
                    )
            if not series.values and not series.narrative and not series.missing:
                yield bundle.problem(
                    "indicators.yaml",
                    skp,
                    "the series has no outcome; give 'values' (numbers) or 'narrative' (an outcome in words)",
                )


def check_periods(bundle: ReportBundle) -> Iterator[Problem]:
    """Outcomes, targets, rounds and table periods lie within the report's period."""
    report_period = bundle.report.period

    def outside(file_name: str, keypath: tuple, period: Period, what: str, at_key: bool = False) -> Iterator[Problem]:
        message = period_outside(bundle, period, what)
        if message:
            yield bundle.problem(file_name, keypath, message, at_key=at_key)

    for goal, kp in goals_of(bundle):
        if goal.period is not None:
            yield from outside("goals.yaml", kp + ("period",), goal.period, "the goal's period")
        if goal.priorities and goal.priorities.period is not None:
            yield from outside("goals.yaml", kp + ("priorities", "period"), goal.priorities.period, "the priorities' period")
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            base = ("indicators", ii)
            for si, series in enumerate(ind.series):
                skp = base + ("series", si)
                for key in series.values:
                    # An outcome outside the report's period is a comparison value (a base year,
                    # earlier years of a multi-year table): allowed, shown as such.
                    _, problem = parse_key_period(bundle, "indicators.yaml", skp + ("values", key), key)
                    if problem:
                        yield problem
                for field in ("missing", "notes", "counts", "narrative", "assessment"):
                    for key in getattr(series, field):
                        _, problem = parse_key_period(bundle, "indicators.yaml", skp + (field, key), key)
                        if problem:
                            yield problem
                for key in series.missing:
                    if (given := series.values.get(key)) is not None:
                        yield bundle.problem(
                            "indicators.yaml",
                            skp + ("missing", key),
                            f"period '{key}' has both a value ({number_text(given)}) and a reason it is missing; "
                            "remove one of them",
                            at_key=True,
                        )
            for ti, target in enumerate(ind.targets):
                yield from outside("indicators.yaml", base + ("targets", ti, "period"), target.period, "the target's period")
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                yield from outside(
                    "surveys.yaml", ("surveys", si, "rounds", ri, "period"), rnd.period, "the survey round's period"
                )
    for table, file_name, kp in tables_of(bundle):
        if table.kind == "budget_outcome":
            for ri, row in enumerate(table.rows):
                yield from outside(file_name, kp + ("rows", ri, "period"), row.period, "the row's period")
        elif table.kind == "per_unit":
            declared = list(table.periods)
            for pi, period in enumerate(declared):
                yield from outside(file_name, kp + ("periods", pi), period, "the table's period")
            labels = ", ".join(p.label for p in declared)

            def not_declared(keypath: tuple, key: str) -> Iterator[Problem]:
                period, problem = parse_key_period(bundle, file_name, keypath, key)
                if problem:
                    yield problem
                elif period not in declared:
                    yield bundle.problem(
                        file_name,
                        keypath,
                        f"period '{key}' is not one of the table's periods ({labels}); add it to 'periods' or correct the key",
                        at_key=True,
                    )

            for ri, row in enumerate(table.rows):
                for key in row.values:
                    yield from not_declared(kp + ("rows", ri, "values", key), key)
            for key in table.stated_totals:
                yield from not_declared(kp + ("stated_totals", key), key)
        elif table.kind == "before_after":
            # `before` is the declared baseline and may precede the report's period.
            yield from outside(file_name, kp + ("after",), table.after, "the 'after' period")
            if table.after.start < table.before.start:
                yield bundle.problem(
                    file_name,
                    kp + ("after",),
                    f"the 'after' period {table.after.label} comes before the 'before' period {table.before.label}; swap them",
                )
        elif table.kind == "breakdown" and table.period is not None:
            yield from outside(file_name, kp + ("period",), table.period, "the table's period")
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.period is not None:
            yield from outside("report.yaml", ("key_figures", ki, "period"), figure.period, "the key figure's period")
    del report_period


def check_targets(bundle: ReportBundle) -> Iterator[Problem]:
    """A target is a value (with an optional operator) or a range, not both, not neither."""
    if not bundle.indicators:
        return
    for ii, ind in enumerate(bundle.indicators.indicators):
        for ti, target in enumerate(ind.targets):
            kp = ("indicators", ii, "targets", ti)
            has_range = target.min is not None or target.max is not None
            if target.value is not None and has_range:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("value",),
                    "a target has either a value or a range (min/max), not both; remove 'value' or 'min'/'max'",
                )
            elif target.value is None and not has_range and not target.text:
                yield bundle.problem(
                    "indicators.yaml",
                    kp,
                    "a target needs a 'value' (e.g. value: 80), a range ('min' and/or 'max') "
                    "or, for a qualitative target, a 'text'",
                )
            needed = {"mean": 1, "sum": 1, "change_per_year": 2}.get(target.aggregate or "", 0)
            if len(target.over) < needed:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("aggregate",),
                    f"an aggregate target ('{target.aggregate}') needs the periods it covers in 'over' "
                    f"(at least {needed}), e.g. over: [2019, 2020, 2021]",
                )
            if target.operator is not None and target.value is None:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("operator",),
                    "'operator' needs a 'value' to compare with; add 'value' or remove 'operator'",
                )
            if target.min is not None and target.max is not None and target.min > target.max:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("max",),
                    f"the target's max ({number_text(target.max)}) is less than its min ({number_text(target.min)}); swap them",
                )


def check_units_known(bundle: ReportBundle) -> Iterator[Problem]:
    """An indicator's unit is built in or declared by the organisation (`measure_units`)."""
    if not bundle.indicators:
        return
    builtin = list(typing.get_args(MeasureUnit))
    declared = [u.label for u in bundle.organisation.measure_units]
    for ii, ind in enumerate(bundle.indicators.indicators):
        if ind.unit not in builtin and ind.unit not in declared:
            yield bundle.problem(
                "indicators.yaml",
                ("indicators", ii, "unit"),
                f"unknown unit '{ind.unit}'; use one of {', '.join(builtin + declared)}, "
                "or declare it under 'measure_units' in organisation.yaml",
            )


def check_document_type(bundle: ReportBundle) -> Iterator[Problem]:
    """The document type is a common one or one the organisation declares."""
    known = list(DEFAULT_DOCUMENT_TYPES) + list(bundle.organisation.document_types)
    if bundle.report.document_type not in known:
        guess = did_you_mean(bundle.report.document_type, known)
        yield bundle.problem(
            "report.yaml",
            ("document_type",),
            f"'{bundle.report.document_type}' is not a document type; expected one of: {', '.join(known)} "
            "(or one declared under 'document_types' in organisation.yaml)",
            hint=f"Did you mean '{guess}'?" if guess else None,
        )


def check_key_figures(bundle: ReportBundle) -> Iterator[Problem]:
    """A key figure states a number, computes one, or both."""
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.stated is None and figure.compute is None:
            yield bundle.problem(
                "report.yaml",
                ("key_figures", ki),
                f"key figure '{figure.id}' needs 'stated' (the number as the source states it) or 'compute' "
                "(how to compute it from the data), or both",
            )


def check_generic_tables(bundle: ReportBundle) -> Iterator[Problem]:
    """Rows and totals of `kind: table` use declared columns; summed columns hold numbers."""
    for table, file_name, kp in tables_of(bundle):
        if table.kind != "table":
            continue
        columns = [c.id for c in table.columns]
        summed = {c.id for c in table.columns if c.sum}
        for ri, row in enumerate(table.rows):
            for key, value in row.items():
                if key not in columns:
                    yield bundle.problem(
                        file_name, kp + ("rows", ri, key), unknown_message("column", key, columns, "the table"), at_key=True
                    )
                elif key in summed and isinstance(value, str):
                    yield bundle.problem(
                        file_name,
                        kp + ("rows", ri, key),
                        f"column '{key}' adds up to a total, so it needs numbers; found '{value}'",
                    )
        for key in table.stated_totals:
            if key not in columns:
                yield bundle.problem(
                    file_name, kp + ("stated_totals", key), unknown_message("column", key, columns, "the table"), at_key=True
                )


def check_stated_counts(bundle: ReportBundle) -> Iterator[Problem]:
    """Stated respondent totals are whole, non-negative numbers."""
    if not bundle.surveys:
        return
    for si, survey in enumerate(bundle.surveys.surveys):
        for ri, rnd in enumerate(survey.rounds):
            total = rnd.stated_total.respondents if rnd.stated_total else None
            if total is None:
                continue
            kp = ("surveys", si, "rounds", ri, "stated_total", "respondents")
            if total.value < 0:
                yield bundle.problem("surveys.yaml", kp, f"the number of respondents cannot be negative, found {total.text}")
            elif total.decimals or not float(total.value).is_integer():
                yield bundle.problem("surveys.yaml", kp, f"the number of respondents must be a whole number, found {total.text}")


def _walk_numbers(data: Any, keypath: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_numbers(value, keypath + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk_numbers(value, keypath + (index,))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        yield keypath, data


def has_unusable_numbers(bundle: ReportBundle) -> bool:
    """Whether the data holds NaN, infinity or numbers too large to compute with."""
    return any(True for _ in check_number_magnitude(bundle))


def check_number_magnitude(bundle: ReportBundle) -> Iterator[Problem]:
    """No NaN, infinity or absurdly large numbers anywhere in the data."""
    for file_name, doc in bundle.documents.items():
        if file_name == ORGANISATION_FILE or file_name in bundle.invalid_files:
            continue
        for keypath, value in _walk_numbers(doc.data):
            if isinstance(value, float) and math.isnan(value):
                yield bundle.problem(file_name, keypath, "NaN is not a number; write the value, or null if it is missing")
            elif isinstance(value, float) and math.isinf(value):
                yield bundle.problem(file_name, keypath, "infinity is not allowed; write a finite number")
            elif abs(value) > MAX_MAGNITUDE:
                try:
                    shown = f"{value:g}"
                except OverflowError:  # an int too large for a float (hundreds of digits)
                    shown = f"{Decimal(value):.6g}"
                yield bundle.problem(
                    file_name,
                    keypath,
                    f"the number {shown} is too large (at most {MAX_MAGNITUDE:.0e} in absolute value); check the value",
                )


def check_sum_of_ids(bundle: ReportBundle) -> Iterator[Problem]:
    """`sum_of` names other indicators of the report (never the indicator itself)."""
    if bundle.indicators is None:
        return
    ids = [ind.id for ind in bundle.indicators.indicators]
    for ii, ind in enumerate(bundle.indicators.indicators):
        for pi, part in enumerate(ind.sum_of):
            keypath = ("indicators", ii, "sum_of", pi)
            if part == ind.id:
                yield bundle.problem("indicators.yaml", keypath, f"indikatorn '{ind.id}' kan inte vara en del av sin egen summa")
            elif part not in ids:
                yield bundle.problem(
                    "indicators.yaml",
                    keypath,
                    unknown_message("indicator", part, [i for i in ids if i != ind.id], "indicators.yaml"),
                )
