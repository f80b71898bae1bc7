"""Numbers, periods and targets: outcomes, periods within the report's period, targets, units, key
figures, document types, generic tables' columns, stated counts and magnitudes.

Periods: outcomes, targets, survey rounds, table periods, goal and key-figure periods must lie
within the report's period (`report.yaml: period`), unless marked as comparison years. The
exemptions: the `before` period of a `before_after` table, which is a declared baseline and may
lie before the report's period, and an indicator's target for a period after the report's (a
long-term target, shown but not assessed). Timeline events may lie anywhere.
"""

from __future__ import annotations

import math
import typing
from decimal import Decimal
from typing import Any, Iterator

from followup.check.common import (
    goals_of,
    leaves,
    number_text,
    parse_key_period,
    period_outside,
    scale_guess,
    scale_text,
    tables_of,
    unknown_message,
)
from followup.errors import Problem
from followup.i18n import _
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
                        _(
                            "andelen för '{period}' är {count} av 0; en andel av ingenting går inte att räkna ut; rätta antalen"
                        ).format(period=key, count=share.count),
                    )
                elif share.count > share.of:
                    yield bundle.problem(
                        "indicators.yaml",
                        kp,
                        _("andelen för '{period}' är {count} av {total}: delen är större än helheten; rätta antalen").format(
                            period=key, count=share.count, total=share.of
                        ),
                    )
            for key, level in series.assessment.items():
                if level not in levels:
                    guess = scale_guess(level, bundle.assessment_scale)
                    yield bundle.problem(
                        "indicators.yaml",
                        skp + ("assessment", key),
                        _("'{value}' finns inte på bedömningsskalan; tillåtna är: {levels}").format(
                            value=level, levels=scale_text(bundle.assessment_scale)
                        ),
                        hint=_("Menade du '{guess}'?").format(guess=guess) if guess else None,
                    )
            for index, key in enumerate(series.approximate):
                if series.values.get(key) is None:
                    yield bundle.problem(
                        "indicators.yaml",
                        skp + ("approximate", index),
                        _(
                            "perioden '{period}' är markerad som ungefärlig men har inget värde; ge ett värde eller ta bort "
                            "markeringen"
                        ).format(period=key),
                    )
            if not series.values and not series.narrative and not series.missing:
                yield bundle.problem(
                    "indicators.yaml",
                    skp,
                    _("serien har inget utfall; ange 'values' (tal) eller 'narrative' (ett utfall i ord)"),
                )


def check_periods(bundle: ReportBundle) -> Iterator[Problem]:
    """Outcomes, targets, rounds and table periods lie within the report's period."""
    report_period = bundle.report.period

    def outside(file_name: str, keypath: tuple, period: Period, what: str, at_key: bool = False) -> Iterator[Problem]:
        message = period_outside(bundle, period, what)
        if message:
            yield bundle.problem(file_name, keypath, message, at_key=at_key)

    def ended_before(file_name: str, keypath: tuple, period: Period, what: str) -> Iterator[Problem]:
        # A goal may span more than the report (a goal for 2011–2014 followed up in the 2014 annual
        # report, a mandate period's goals followed up every year) or lie after it (a goal for 2030):
        # only a period that ended before the report's began is wrong.
        if period.end < report_period.start:
            yield from outside(file_name, keypath, period, what)

    for goal, kp in goals_of(bundle):
        if goal.period is not None:
            yield from ended_before("goals.yaml", kp + ("period",), goal.period, _("målets period"))
        if goal.priorities and goal.priorities.period is not None:
            yield from ended_before(
                "goals.yaml", kp + ("priorities", "period"), goal.priorities.period, _("prioriteringarnas period")
            )
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            base = ("indicators", ii)
            for si, series in enumerate(ind.series):
                skp = base + ("series", si)
                for key in series.values:
                    # An outcome outside the report's period is a comparison value (a base year,
                    # earlier years of a multi-year table): allowed, shown as such.
                    _period, problem = parse_key_period(bundle, "indicators.yaml", skp + ("values", key), key)
                    if problem:
                        yield problem
                for field in ("missing", "notes", "counts", "narrative", "assessment", "forecast"):
                    for key in getattr(series, field):
                        _period, problem = parse_key_period(bundle, "indicators.yaml", skp + (field, key), key)
                        if problem:
                            yield problem
                for key in series.missing:
                    if (given := series.values.get(key)) is not None:
                        yield bundle.problem(
                            "indicators.yaml",
                            skp + ("missing", key),
                            _(
                                "perioden '{period}' har både ett värde ({value}) och ett skäl till att värdet saknas; ta "
                                "bort det ena"
                            ).format(period=key, value=number_text(given)),
                            at_key=True,
                        )
            for ti, target in enumerate(ind.targets):
                if target.period.after(report_period):
                    continue  # a long-term target: shown, assessed in a later report
                if target.period.contains(report_period):
                    continue  # the year's target in a part-year report (delårsrapport): assessed on this period's outcome
                yield from outside("indicators.yaml", base + ("targets", ti, "period"), target.period, _("målvärdets period"))
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                yield from outside(
                    "surveys.yaml", ("surveys", si, "rounds", ri, "period"), rnd.period, _("enkätomgångens period")
                )
    for table, file_name, kp in tables_of(bundle):
        if table.kind == "budget_outcome":
            for ri, row in enumerate(table.rows):
                yield from outside(file_name, kp + ("rows", ri, "period"), row.period, _("radens period"))
        elif table.kind == "per_unit":
            declared = list(table.periods)
            for pi, period in enumerate(declared):
                yield from outside(file_name, kp + ("periods", pi), period, _("tabellens period"))
            labels = ", ".join(p.label for p in declared)

            def not_declared(keypath: tuple, key: str) -> Iterator[Problem]:
                period, problem = parse_key_period(bundle, file_name, keypath, key)
                if problem:
                    yield problem
                elif period not in declared:
                    yield bundle.problem(
                        file_name,
                        keypath,
                        _(
                            "perioden '{period}' är inte en av tabellens perioder ({periods}); lägg till den i 'periods' "
                            "eller rätta nyckeln"
                        ).format(period=key, periods=labels),
                        at_key=True,
                    )

            for ri, row in enumerate(table.rows):
                for key in row.values:
                    yield from not_declared(kp + ("rows", ri, "values", key), key)
            for key in table.stated_totals:
                yield from not_declared(kp + ("stated_totals", key), key)
        elif table.kind == "before_after":
            # `before` is the declared baseline and may precede the report's period.
            yield from outside(file_name, kp + ("after",), table.after, _("perioden 'after'"))
            if table.after.start < table.before.start:
                yield bundle.problem(
                    file_name,
                    kp + ("after",),
                    _("perioden 'after' ({after}) kommer före perioden 'before' ({before}); byt plats på dem").format(
                        after=table.after.label, before=table.before.label
                    ),
                )
        elif table.kind == "breakdown" and table.period is not None:
            yield from outside(file_name, kp + ("period",), table.period, _("tabellens period"))
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.period is not None:
            yield from outside("report.yaml", ("key_figures", ki, "period"), figure.period, _("nyckeltalets period"))


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
                    _(
                        "ett målvärde har antingen ett värde eller ett intervall (min/max), inte båda; ta bort 'value' "
                        "eller 'min'/'max'"
                    ),
                )
            elif target.value is None and not has_range and not target.text:
                yield bundle.problem(
                    "indicators.yaml",
                    kp,
                    _(
                        "ett målvärde behöver 'value' (t.ex. value: 80), ett intervall ('min' och/eller 'max') "
                        "eller, för ett kvalitativt mål, 'text'"
                    ),
                )
            needed = {"mean": 1, "sum": 1, "change_per_year": 2, "change": 2}.get(target.aggregate or "", 0)
            if len(target.over) < needed:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("aggregate",),
                    _(
                        "ett sammanvägt målvärde ('{aggregate}') behöver de perioder det gäller i 'over' "
                        "(minst {needed}), t.ex. over: [2019, 2020, 2021]"
                    ).format(aggregate=target.aggregate, needed=needed),
                )
            if target.operator is not None and target.value is None:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("operator",),
                    _("'operator' behöver ett 'value' att jämföra med; lägg till 'value' eller ta bort 'operator'"),
                )
            if target.min is not None and target.max is not None and target.min > target.max:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("max",),
                    _("målvärdets max ({max}) är mindre än dess min ({min}); byt plats på dem").format(
                        max=number_text(target.max), min=number_text(target.min)
                    ),
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
                _(
                    "okänd enhet '{unit}'; använd någon av {units}, eller ange den under 'measure_units' i organisation.yaml"
                ).format(unit=ind.unit, units=", ".join(builtin + declared)),
            )


def check_document_type(bundle: ReportBundle) -> Iterator[Problem]:
    """The document type is a common one or one the organisation declares."""
    known = list(DEFAULT_DOCUMENT_TYPES) + list(bundle.organisation.document_types)
    if bundle.report.document_type not in known:
        guess = did_you_mean(bundle.report.document_type, known)
        yield bundle.problem(
            "report.yaml",
            ("document_type",),
            _(
                "'{value}' är inte en dokumenttyp; tillåtna är: {types} (eller en som anges under 'document_types' i "
                "organisation.yaml)"
            ).format(value=bundle.report.document_type, types=", ".join(known)),
            hint=_("Menade du '{guess}'?").format(guess=guess) if guess else None,
        )


def check_key_figures(bundle: ReportBundle) -> Iterator[Problem]:
    """A key figure states a number, computes one, or both."""
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.stated is None and figure.compute is None:
            yield bundle.problem(
                "report.yaml",
                ("key_figures", ki),
                _(
                    "nyckeltalet '{id}' behöver 'stated' (talet som källan anger det) eller 'compute' "
                    "(hur det räknas ut ur data), eller båda"
                ).format(id=figure.id),
            )


def check_generic_tables(bundle: ReportBundle) -> Iterator[Problem]:
    """Rows, totals, differences and sums of columns of `kind: table` use declared columns; summed columns hold numbers."""
    for table, file_name, kp in tables_of(bundle):
        if table.kind != "table":
            continue
        columns = [c.id for c in table.columns]
        summed = {c.id for c in table.columns if c.sum}
        for ri, row in enumerate(table.rows):
            for key, value in row.items():
                if key not in columns:
                    yield bundle.problem(
                        file_name,
                        kp + ("rows", ri, key),
                        unknown_message(_("okänd kolumn"), key, columns, _("tabellen")),
                        at_key=True,
                    )
                elif key in summed and isinstance(value, str):
                    yield bundle.problem(
                        file_name,
                        kp + ("rows", ri, key),
                        _("kolumnen '{column}' summeras till en totalrad och behöver därför tal; här står '{value}'").format(
                            column=key, value=value
                        ),
                    )
        for ci, column in enumerate(table.columns):
            for field in ("difference", "sum_of"):
                for oi, operand in enumerate(getattr(column, field) or ()):
                    if operand not in columns:
                        yield bundle.problem(
                            file_name,
                            kp + ("columns", ci, field, oi),
                            unknown_message(_("okänd kolumn"), operand, columns, _("tabellen")),
                        )
        for key in table.stated_totals:
            if key not in columns:
                yield bundle.problem(
                    file_name,
                    kp + ("stated_totals", key),
                    unknown_message(_("okänd kolumn"), key, columns, _("tabellen")),
                    at_key=True,
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
                yield bundle.problem(
                    "surveys.yaml", kp, _("antalet svarande kan inte vara negativt; här står {value}").format(value=total.text)
                )
            elif total.decimals or not float(total.value).is_integer():
                yield bundle.problem(
                    "surveys.yaml", kp, _("antalet svarande måste vara ett heltal; här står {value}").format(value=total.text)
                )


def _walk_numbers(data: Any, keypath: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    return ((path, v) for path, v in leaves(data, keypath) if isinstance(v, (int, float)) and not isinstance(v, bool))


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
                yield bundle.problem(file_name, keypath, _("NaN är inget tal; skriv värdet, eller null om det saknas"))
            elif isinstance(value, float) and math.isinf(value):
                yield bundle.problem(file_name, keypath, _("ett oändligt värde är inte tillåtet; skriv ett ändligt tal"))
            elif abs(value) > MAX_MAGNITUDE:
                try:
                    shown = f"{value:g}"
                except OverflowError:  # an int too large for a float (hundreds of digits)
                    shown = f"{Decimal(value):.6g}"
                yield bundle.problem(
                    file_name,
                    keypath,
                    _("talet {number} är för stort (högst {limit} till beloppet); kontrollera värdet").format(
                        number=shown, limit=f"{MAX_MAGNITUDE:.0e}"
                    ),
                )


def check_sum_of_ids(bundle: ReportBundle) -> Iterator[Problem]:
    """`sum_of` and `share_of` name other indicators of the report (never the indicator itself)."""
    if bundle.indicators is None:
        return
    ids = [ind.id for ind in bundle.indicators.indicators]
    for ii, ind in enumerate(bundle.indicators.indicators):
        if ind.share_of is not None:
            at = ("indicators", ii, "share_of")
            if ind.share_of == ind.id:
                yield bundle.problem(
                    "indicators.yaml", at, _("indikatorn '{id}' kan inte vara en andel av sig själv").format(id=ind.id)
                )
            elif ind.share_of not in ids:
                yield bundle.problem(
                    "indicators.yaml",
                    at,
                    unknown_message(_("okänd indikator"), ind.share_of, [i for i in ids if i != ind.id], "indicators.yaml"),
                )
        for pi, part in enumerate(ind.sum_of):
            keypath = ("indicators", ii, "sum_of", pi)
            if part == ind.id:
                yield bundle.problem(
                    "indicators.yaml", keypath, _("indikatorn '{id}' kan inte vara en del av sin egen summa").format(id=ind.id)
                )
            elif part not in ids:
                yield bundle.problem(
                    "indicators.yaml",
                    keypath,
                    unknown_message(_("okänd indikator"), part, [i for i in ids if i != ind.id], "indicators.yaml"),
                )
