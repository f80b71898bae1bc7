"""Each indicator against its target: the series, the change between periods, and the target's
result computed on what the target says (a threshold, a range, a mean of years)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from followup.compute.common import (
    _EPS,
    Trend,
    _clean,
    _is_number,
    _parse_period,
    change_unit,
    level_of,
    lookup_period,
    minus,
    percent_change,
    period_label,
    same_period,
    sort_periods,
    trend,
)

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.model.models import (
        AssessmentLevel,
        Group,
        Indicator,
        Target,
    )
    from followup.project import ReportBundle


# --- Indicators -------------------------------------------------------------------------------


@dataclass
class Change:
    """The change from one period to the next."""

    from_period: str
    to_period: str
    from_value: float | None
    to_value: float | None
    change: float | None
    change_percent: float | None
    unit: str
    trend: Trend | None = None


def make_change(
    from_period: str,
    to_period: str,
    from_value: float | None,
    to_value: float | None,
    unit: str,
    direction: str | None = None,
) -> Change:
    difference = minus(to_value, from_value)
    return Change(
        from_period=from_period,
        to_period=to_period,
        from_value=from_value,
        to_value=to_value,
        change=difference,
        change_percent=percent_change(from_value, to_value),
        unit=change_unit(unit),
        trend=trend(difference, direction),
    )


@dataclass
class SeriesPoint:
    period: str
    value: float | None
    missing_reason: str | None = None
    note: str | None = None
    count: int | None = None  # a share written as counts: `count` of `of`
    of: int | None = None
    approximate: bool = False
    narrative: str | None = None  # a qualitative outcome
    assessment: "AssessmentLevel | None" = None


@dataclass
class SeriesSummary:
    group: "Group"
    points: list[SeriesPoint]
    changes: list[Change]  # between consecutive listed periods
    overall: Change | None  # first period that has a value to this period's value
    current: SeriesPoint | None = None  # the latest value within the report's period ("this period's")
    forecasts: dict[str, float] = field(default_factory=dict)  # period label -> forecast (prognos helår)

    def value(self, period: Any) -> float | None:
        for point in self.points:
            if same_period(point.period, period):
                return point.value
        return None

    def point(self, period: Any) -> SeriesPoint | None:
        for point in self.points:
            if same_period(point.period, period):
                return point
        return None


@dataclass
class TargetResult:
    target: "Target"
    actual: float | None
    target_value: float | None
    comparison: Literal["≥", "≤", "=", ">", "<", "range", "text"]
    met: bool | None
    margin: float | None  # positive = better than the target, in margin_unit
    unit: str  # of actual and target_value: the indicator's, or percent for a target on a change
    missing_reason: str | None = None
    inside_range: bool | None = None  # a range target: the outcome lies within it
    over: list[str] = field(default_factory=list)  # an aggregate target: the periods it covers
    # A long-term target: its period (an aggregate's last period) lies after the report's, so it is
    # not yet due: shown, never assessed (met stays None). `due` names the period it is assessed at.
    long_term: bool = False
    due: str | None = None
    latest: SeriesPoint | None = None  # the group's outcome of this period, to show how far there is left
    remaining: float | None = None  # from `latest` to the target, in margin_unit (> 0: still to go)
    # The year's target in a part-year report (a delårsrapport's 2024 target, the report covering
    # 2024 jan–aug): assessed on this period's outcome, whose period is named here.
    measured_at: str | None = None
    forecast: float | None = None  # the series' forecast for the target's period (prognos helår)
    forecast_met: bool | None = None  # whether that forecast meets the target

    @property
    def period(self) -> str:
        return period_label(self.target.period)

    @property
    def group(self) -> str:
        return self.target.group

    @property
    def difference(self) -> float | None:
        """actual − target_value."""
        return minus(self.actual, self.target_value)

    @property
    def margin_unit(self) -> str:
        """The unit of margin, difference and remaining: a difference of two values of `unit`."""
        return change_unit(self.unit)

    @property
    def guide(self) -> bool:
        return self.target.kind == "guide"

    @property
    def on_scale(self) -> bool:
        """Whether the target's value lies on the indicator's own scale, so that a chart can draw it:
        a target on a change in percent (−5 % per år, −20 % since 2009) does not."""
        return self.target.aggregate not in CHANGE_AGGREGATES


@dataclass
class IndicatorSummary:
    indicator: "Indicator"
    periods: list[str]
    series: list[SeriesSummary]
    targets: list[TargetResult]
    comparison_periods: list[str] = field(default_factory=list)  # outcome periods outside the report's period
    forecast_periods: list[str] = field(default_factory=list)  # periods any series has a forecast for

    def is_comparison(self, period: str) -> bool:
        return period in self.comparison_periods

    def for_group(self, group_id: str) -> SeriesSummary | None:
        for series in self.series:
            if series.group.id == group_id:
                return series
        return None


def _group(bundle: "ReportBundle", group_id: str) -> "Group":
    for group in getattr(bundle, "groups", []) or []:
        if group.id == group_id:
            return group
    from followup.model.models import Group  # noqa: PLC0415

    return Group(id=group_id, label=group_id)


def _comparison(target: "Target", direction: str) -> Literal["≥", "≤", "=", ">", "<", "range", "text"]:
    if target.min is not None or target.max is not None:
        return "range"
    if target.value is None:
        return "text"  # a qualitative target: accepted, no attainment computed
    operator = target.operator
    if operator in (">", "<"):
        return operator
    if operator in ("≥", ">="):
        return "≥"
    if operator in ("≤", "<="):
        return "≤"
    if operator == "=":
        return "="
    if direction == "higher_is_better":
        return "≥"
    if direction == "lower_is_better":
        return "≤"
    return "="


def evaluate_target(
    indicator: "Indicator", target: "Target", actual: float | None, missing_reason: str | None = None
) -> TargetResult:
    """Whether `actual` meets `target`, and by how much (margin > 0 is better than the target)."""
    comparison = _comparison(target, indicator.direction)
    unit = "percent" if target.aggregate in CHANGE_AGGREGATES else indicator.unit
    tolerance = 0.5 * 10.0 ** (-indicator.decimals) if indicator.decimals is not None else _EPS
    target_value: float | None = target.value
    met: bool | None = None
    margin: float | None = None
    inside_range: bool | None = None
    if comparison == "text":
        pass
    elif comparison == "range":
        low, high = target.min, target.max
        if actual is not None:
            below = (low - actual) if low is not None else -math.inf
            above = (actual - high) if high is not None else -math.inf
            margin = -max(below, above)  # distance inside the range (negative outside)
            met = margin >= -_EPS
            inside_range = met
            if low is not None and (high is None or abs(actual - low) <= abs(actual - high)):
                target_value = low
            else:
                target_value = high
            if not met:
                margin = -min(abs(actual - b) for b in (low, high) if b is not None)  # distance to the nearest bound
        else:
            target_value = low if low is not None else high
    elif target_value is not None and actual is not None:
        if comparison == "≥":
            margin = actual - target_value
            met = margin >= -_EPS
        elif comparison == "≤":
            margin = target_value - actual
            met = margin >= -_EPS
        elif comparison == ">":
            margin = actual - target_value
            met = margin > _EPS
        elif comparison == "<":
            margin = target_value - actual
            met = margin > _EPS
        else:
            margin = -abs(actual - target_value)
            met = abs(actual - target_value) <= tolerance
    return TargetResult(
        target=target,
        actual=actual,
        target_value=target_value,
        comparison=comparison,
        met=met,
        margin=None if margin is None else _clean(margin),
        unit=unit,
        missing_reason=missing_reason,
        inside_range=inside_range,
    )


#: Aggregates that are a change in percent, not a value on the indicator's own scale.
CHANGE_AGGREGATES = ("change_per_year", "change")


def aggregate_of(target: "Target", series: SeriesSummary | None) -> tuple[float | None, str | None]:
    """(the aggregate the target is on, or None with the reason): the mean or sum of the outcomes
    of `over`, their average change per year in percent (first to last period, compounded), or
    the change in percent from the first period to the last."""
    labels = [period_label(p) for p in target.over]
    values = [series.value(label) if series is not None else None for label in labels]
    missing = [label for label, value in zip(labels, values) if value is None]
    if not labels:
        return None, "inga perioder angivna"
    if missing:
        return None, "utfall saknas för " + ", ".join(missing)
    present = [v for v in values if v is not None]
    if target.aggregate == "mean":
        return _clean(math.fsum(present) / len(present)), None
    if target.aggregate == "sum":
        return _clean(math.fsum(present)), None
    first, last = present[0], present[-1]
    if target.aggregate == "change":
        if first <= 0:
            return None, "förändringen kan inte räknas ut"
        change = (last / first - 1) * 100.0
        return (_clean(change), None) if math.isfinite(change) else (None, "förändringen kan inte räknas ut")
    years = _years_between(target.over[0], target.over[-1])
    if not years or first <= 0 or last < 0:
        return None, "förändringen per år kan inte räknas ut"
    change = ((last / first) ** (1 / years) - 1) * 100.0
    return (_clean(change), None) if math.isfinite(change) else (None, "förändringen per år kan inte räknas ut")


def _years_between(start: Any, end: Any) -> float | None:
    try:
        return float(end.start.year - start.start.year) or None
    except AttributeError:
        return None


def evaluate_aggregate_target(indicator: "Indicator", target: "Target", series: SeriesSummary | None) -> TargetResult:
    """A target on an aggregate: attainment on what the target says (the mean of the stated years)."""
    actual, reason = aggregate_of(target, series)
    result = evaluate_target(indicator, target, actual, reason)
    result.over = [period_label(p) for p in target.over]
    return result


def _due_period(target: "Target") -> Any:
    """The period a target is assessed at: an aggregate's last period, else the target's own."""
    return target.over[-1] if target.aggregate is not None and target.over else target.period


def _after_report_period(bundle: "ReportBundle", period: Any) -> bool:
    """Whether a period begins after the report's period has ended (unknown: not after)."""
    report_period = getattr(getattr(bundle, "report", None), "period", None)
    parsed = period if hasattr(period, "start") else _parse_period(period_label(period))
    if report_period is None or parsed is None or not hasattr(report_period, "end"):
        return False
    return bool(parsed.start > report_period.end)


def long_term_target(
    indicator: "Indicator", target: "Target", due: Any, latest: SeriesPoint | None
) -> TargetResult:
    """A target not yet due: no attainment (there is no outcome for its period yet). How far this
    period's outcome is from it is given only when that is unambiguous: a plain threshold on the
    indicator's own scale (at least / at most)."""
    result = evaluate_target(indicator, target, None)
    result.long_term, result.due = True, period_label(due)
    if target.aggregate is not None:
        result.over = [period_label(p) for p in target.over]
        return result
    if latest is not None and latest.value is not None and result.target_value is not None and result.comparison in ("≥", "≤"):
        result.latest = latest
        gap = result.target_value - latest.value if result.comparison == "≥" else latest.value - result.target_value
        result.remaining = _clean(gap)
    return result


def _spans_report_period(bundle: "ReportBundle", period: Any) -> bool:
    """Whether a target's period holds the report's and is longer: the year's target in a
    part-year report (delårsrapport, tertialrapport), measured by this period's outcome."""
    report_period = getattr(getattr(bundle, "report", None), "period", None)
    parsed = period if hasattr(period, "start") else _parse_period(period_label(period))
    if report_period is None or parsed is None or not hasattr(parsed, "contains"):
        return False
    return bool(parsed.contains(report_period) and parsed != report_period)


def _in_report_period(bundle: "ReportBundle", label: str) -> bool:
    """Whether an outcome period lies within the report's period (unknown: treated as inside)."""
    report = getattr(bundle, "report", None)
    report_period = getattr(report, "period", None)
    parsed = _parse_period(label)
    if report_period is None or parsed is None or not hasattr(report_period, "contains"):
        return True
    return report_period.contains(parsed)


def summarize_indicator(bundle: "ReportBundle", indicator: "Indicator") -> IndicatorSummary:
    scale = getattr(bundle, "assessment_scale", None) or []
    all_periods: list[str] = []
    series_summaries: list[SeriesSummary] = []
    for series in indicator.series:
        labels = sort_periods(
            [str(k) for k in series.values]
            + [str(k) for k in series.missing]
            + [str(k) for k in series.narrative]
            + [str(k) for k in series.assessment]
        )
        points = []
        for label in labels:
            _, value = lookup_period(series.values, label)
            _, reason = lookup_period(series.missing, label)
            _, note = lookup_period(series.notes, label)
            _, share = lookup_period(series.counts, label)
            _, narrative = lookup_period(series.narrative, label)
            _, level_id = lookup_period(series.assessment, label)
            points.append(
                SeriesPoint(
                    label,
                    value if _is_number(value) else None,
                    reason,
                    note,
                    count=share.count if share is not None else None,
                    of=share.of if share is not None else None,
                    approximate=label in series.approximate,
                    narrative=narrative,
                    assessment=level_of(scale, level_id),
                )
            )
        changes = [
            make_change(a.period, b.period, a.value, b.value, indicator.unit, indicator.direction)
            for a, b in zip(points, points[1:])
        ]
        in_period = [p for p in points if p.value is not None and _in_report_period(bundle, p.period)]
        current = in_period[-1] if in_period else None
        # The overall change runs from the first value (a comparison year may come first) to
        # this period's value; a value after the report's period is not "this period's".
        present = [p for p in points if p.value is not None]
        if current is not None:
            present = present[: present.index(current) + 1]
        overall = (
            make_change(
                present[0].period,
                present[-1].period,
                present[0].value,
                present[-1].value,
                indicator.unit,
                indicator.direction,
            )
            if len(present) >= 2
            else None
        )
        forecasts = {str(k): v for k, v in series.forecast.items() if _is_number(v)}
        series_summaries.append(SeriesSummary(_group(bundle, series.group), points, changes, overall, current, forecasts))
        all_periods.extend(labels)
    targets = []
    for target in indicator.targets:
        series_summary = next((s for s in series_summaries if s.group.id == target.group), None)
        if _after_report_period(bundle, _due_period(target)):
            latest = series_summary.current if series_summary is not None else None
            targets.append(long_term_target(indicator, target, _due_period(target), latest))
            continue
        if target.aggregate is not None:
            targets.append(evaluate_aggregate_target(indicator, target, series_summary))
            continue
        point = series_summary.point(target.period) if series_summary is not None else None
        measured_at = None
        if point is None and series_summary is not None and _spans_report_period(bundle, target.period):
            point = series_summary.current
            measured_at = point.period if point is not None else None
        actual = point.value if point is not None else None
        reason = point.missing_reason if point is not None else None
        result = evaluate_target(indicator, target, actual, reason)
        result.measured_at = measured_at
        _with_forecast(indicator, target, result, series_summary)
        targets.append(result)
    periods = sort_periods(all_periods)
    comparison = [p for p in periods if not _in_report_period(bundle, p)]
    forecast_periods = sort_periods(list({label for s in series_summaries for label in s.forecasts}))
    return IndicatorSummary(indicator, periods, series_summaries, targets, comparison, forecast_periods)


def _with_forecast(indicator: "Indicator", target: "Target", result: TargetResult, series: SeriesSummary | None) -> None:
    """A forecast for the target's period (prognos helår), and whether it meets the target."""
    if series is None or target.aggregate is not None:
        return
    label = next((k for k in series.forecasts if same_period(k, target.period)), None)
    if label is not None:
        result.forecast = series.forecasts[label]
        result.forecast_met = evaluate_target(indicator, target, result.forecast).met


def summarize_indicators(bundle: "ReportBundle") -> list[IndicatorSummary]:
    """Every indicator of indicators.yaml (none without the file)."""
    indicators = bundle.indicators.indicators if bundle.indicators is not None else []
    return [summarize_indicator(bundle, indicator) for indicator in indicators]
