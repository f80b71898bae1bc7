"""Computed summaries of one report: pure functions over a ReportBundle, no formatting.

Everything a page says about the numbers is computed here from the data, never typed
by an author: goals per assessment level ("2 av 3 mål uppnådda"), deliverables per
status and the share completed, each indicator against its target, change between
periods, budget variance, table totals, before/after change, respondent-weighted survey
means, change per unit between survey rounds, and for every number the data *states*
(a total, a difference, a mean) the computed one and whether they match.

Conventions (shared with followup.references and followup.charts):

* Values are plain floats (or ints for counts); ``None`` means missing, never zero.
* Percent values are in percent units: 6.5 means 6,5 %. A change of a percent value
  is in percentage points (unit ``"percentage_points"``).
* Periods are referred to by their label (``"2022 apr–dec"``). Lists keep data order
  or scale order; nothing is sorted by name.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Literal, Sequence, TypeGuard

from followup.check.compare import compare
from followup.model.periods import parse_period

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.compute.references import _Catalog
    from followup.model.models import (
        AssessmentLevel,
        BeforeAfterTable,
        BreakdownTable,
        BudgetTable,
        Deliverable,
        GenericTable,
        Group,
        GroupResult,
        Indicator,
        KeyFigure,
        PerUnitTable,
        Question,
        StatusLevel,
        Survey,
        Target,
    )
    from followup.model.numbers import StatedNumber
    from followup.project import ReportBundle

Severity = Literal["ok", "warning", "error"]
Trend = Literal["better", "worse", "unchanged"]

_EPS = 1e-9


# --- Stated against computed --------------------------------------------------------------


@dataclass(frozen=True)
class Checked:
    """A number the source states, the number computed from the data, and whether they match."""

    computed: float | None
    stated: "StatedNumber | None"
    matches: bool | None
    severity: Severity | None
    unit: str = "none"
    # The report's acknowledgment of this mismatch (report.yaml `acknowledged:`), when it still
    # holds; set by `summarize` once the checks are collected.
    acknowledged: Any = field(default=None, compare=False)

    @property
    def difference(self) -> float | None:
        """stated − computed, or None."""
        if self.computed is None or self.stated is None:
            return None
        return self.stated.value - self.computed


@dataclass(frozen=True)
class StatedCheck:
    """Where a stated number is written in the data, what it is, and its check."""

    file: str
    keypath: tuple
    label: str
    checked: Checked
    approximate: bool = False


def check(
    stated: "StatedNumber | None",
    computed: float | None,
    unit: str = "none",
    *,
    approximate: bool = False,
    mismatch_severity: Severity = "error",
) -> Checked:
    """A Checked for one pair; nothing to compare gives matches=None.

    `mismatch_severity` is what a mismatch beyond rounding counts as: survey means use
    "warning", as consistency.py's policy says (the source may weight per question).
    """
    if stated is None or computed is None:
        return Checked(computed=computed, stated=stated, matches=None, severity=None, unit=unit)
    matches, severity = compare(stated, computed, approximate=approximate)
    if severity == "error":
        severity = mismatch_severity
    return Checked(computed=computed, stated=stated, matches=matches, severity=severity, unit=unit)


# --- Small helpers --------------------------------------------------------------------------


def _is_number(value: Any) -> TypeGuard[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value) if isinstance(value, float) else abs(value) < 10**300  # huge ints overflow floats


def total(values: Iterable[float | str | None]) -> float | None:
    """The sum of the values that are present; None when none is."""
    present = [v for v in values if _is_number(v)]
    if not present:
        return None
    return _clean(math.fsum(present))


def _clean(value: float) -> float:
    """Drop binary noise (0.30000000000000004 -> 0.3) so equal data gives equal output."""
    rounded = round(value, 9)
    if rounded == 0:
        return 0.0
    return rounded


def percent_change(before: float | None, after: float | None) -> float | None:
    """(after − before) / |before| × 100, or None."""
    if before is None or after is None or before == 0:
        return None
    return _clean((after - before) / abs(before) * 100.0)


def weighted_mean(pairs: Iterable[tuple[float | None, float | None]]) -> tuple[float | None, float]:
    """Respondent-weighted mean of (weight, value) pairs; pairs missing either are skipped.

    Returns (mean or None, total weight used).
    """
    weight_sum = 0.0
    value_sum = 0.0
    for weight, value in pairs:
        if not _is_number(weight) or not _is_number(value) or weight <= 0:
            continue
        weight_sum += weight
        value_sum += weight * value
    if weight_sum == 0:
        return None, 0.0
    return _clean(value_sum / weight_sum), weight_sum


def change_unit(unit: str) -> str:
    """The unit of a difference between two values of `unit`."""
    return "percentage_points" if unit == "percent" else unit


def trend(change: float | None, direction: str | None) -> Trend | None:
    """better / worse / unchanged, read with the direction; None when neutral or unknown."""
    if change is None or direction not in ("higher_is_better", "lower_is_better"):
        return None
    if abs(change) < _EPS:
        return "unchanged"
    better = change > 0 if direction == "higher_is_better" else change < 0
    return "better" if better else "worse"


def period_label(period: Any) -> str:
    """The label of a Period, or the text of a label/key."""
    label = getattr(period, "label", None)
    return str(label if label is not None else period)


def _parse_period(label: str) -> Any:
    try:
        return parse_period(label)
    except ValueError:  # an unparseable label sorts by data order
        return None


def period_sort_key(period: Any) -> tuple:
    """Chronological key for a Period or a label; unknown labels keep their place (stable sort)."""
    parsed = period if hasattr(period, "start") else _parse_period(period_label(period))
    start = getattr(parsed, "start", None)
    end = getattr(parsed, "end", None)
    if start is None:
        return (1,)
    return (0, start, end or start)


def sort_periods(labels: Iterable[Any]) -> list[str]:
    """Period labels in chronological order (data order where unknown), without duplicates."""
    seen: dict[str, Any] = {}
    for item in labels:
        seen.setdefault(period_label(item), item)
    return [label for label, item in sorted(seen.items(), key=lambda kv: period_sort_key(kv[1]))]


def same_period(a: Any, b: Any) -> bool:
    """Whether two periods (Period objects or labels) are the same period."""
    if period_label(a) == period_label(b):
        return True
    pa = a if hasattr(a, "start") else _parse_period(period_label(a))
    pb = b if hasattr(b, "start") else _parse_period(period_label(b))
    if pa is None or pb is None or getattr(pa, "start", None) is None:
        return False
    return (pa.start, pa.end) == (pb.start, pb.end)


def lookup_period(mapping: dict, period: Any) -> tuple[str | None, Any]:
    """(key, value) of `mapping` whose key names `period`; (None, None) if absent."""
    label = period_label(period)
    for key, value in mapping.items():
        if str(key) == label:
            return str(key), value
    for key, value in mapping.items():
        if same_period(str(key), period):
            return str(key), value
    return None, None


def unit_name(bundle: "ReportBundle", code: str) -> str:
    unit = getattr(bundle, "units", {}).get(code)
    return unit.name if unit is not None else code


# --- Goals ------------------------------------------------------------------------------------


@dataclass
class LevelCount:
    level: "AssessmentLevel"
    count: int


@dataclass
class GoalStatus:
    perspective_id: str
    perspective_title: str
    goal_id: str
    title: str
    level: "AssessmentLevel | None"
    number: str | None = None  # "2.1"


@dataclass
class GoalSummary:
    levels: list[LevelCount]
    goals: list[GoalStatus]
    total: int
    achieved: int
    partly_achieved: int
    not_achieved: int
    not_assessed: int
    unassessed: int  # goals without any assessment in the data
    noun: str = "mål"  # the organisation's word for a goal (mål, delmål)
    achieved_word: str = "uppnått"  # the scale's own word: its achieved level's label
    achieved_plural: str = "uppnådda"

    def sentence(self) -> str:
        """`2 av 3 mål uppnådda`, `12 av 27 delmål uppfyllda` (the scale's own wording)."""
        verb = self.achieved_word if self.achieved == 1 and self.total == 1 else self.achieved_plural
        return f"{self.achieved} av {self.total} {self.noun} {verb}"

    def count(self, category: str) -> int:
        return getattr(self, category)


def summarize_goals(bundle: "ReportBundle") -> GoalSummary | None:
    goals_file = getattr(bundle, "goals", None)
    if goals_file is None:
        return None
    scale = list(bundle.assessment_scale)
    by_id = {level.id: level for level in scale}
    rows: list[GoalStatus] = []
    for perspective in goals_file.perspectives:
        for goal in perspective.goals:
            rows.append(
                GoalStatus(
                    perspective_id=perspective.id,
                    perspective_title=perspective.title,
                    goal_id=goal.id,
                    title=goal.title,
                    level=by_id.get(goal.assessment) if goal.assessment else None,
                    number=goal.number,
                )
            )
    counts = {level.id: 0 for level in scale}
    categories = {"achieved": 0, "partly_achieved": 0, "not_achieved": 0, "not_assessed": 0}
    unassessed = 0
    for row in rows:
        if row.level is None:
            unassessed += 1
            continue
        counts[row.level.id] += 1
        categories[row.level.category] += 1
    achieved_level = next((level for level in scale if level.category == "achieved"), None)
    word = achieved_level.label if achieved_level else "uppnått"
    return GoalSummary(
        levels=[LevelCount(level, counts[level.id]) for level in scale],
        goals=rows,
        total=len(rows),
        unassessed=unassessed,
        noun=getattr(goals_file, "goal_word", None) or "mål",
        achieved_word=word,
        achieved_plural=(achieved_level.plural if achieved_level and achieved_level.plural else plural_of(word)),
        **categories,
    )


def plural_of(word: str) -> str:
    """The plural of an assessment word, for counts: uppnått → uppnådda, uppfyllt → uppfyllda."""
    if word == "uppnått" or word.endswith(" uppnått"):
        return word[: -len("uppnått")] + "uppnådda"
    if word.endswith("tt"):
        return word[:-2] + "da"
    if word.endswith("t"):
        return word[:-1] + "da"
    return word


@dataclass
class IndicatorAssessments:
    """How many indicators the organisation assessed at each level (this period's assessment)."""

    levels: list[LevelCount]
    total: int  # indicators in the report
    assessed: int
    achieved: int
    achieved_plural: str

    def sentence(self) -> str:
        """`3 av 4 indikatorer uppfyllda`."""
        return f"{self.achieved} av {self.total} indikatorer {self.achieved_plural}"


def summarize_indicator_assessments(bundle: "ReportBundle", indicators: list["IndicatorSummary"]) -> IndicatorAssessments | None:
    scale = list(getattr(bundle, "assessment_scale", None) or [])
    counts = {level.id: 0 for level in scale}
    assessed = 0
    for isum in indicators:
        series = isum.for_group("alla") or (isum.series[0] if isum.series else None)
        if series is None:
            continue
        level = _current_assessment(bundle, series)
        if level is not None:
            assessed += 1
            counts[level.id] = counts.get(level.id, 0) + 1
    if not assessed:
        return None
    achieved_level = next((level for level in scale if level.category == "achieved"), None)
    word = achieved_level.label if achieved_level else "uppnått"
    return IndicatorAssessments(
        levels=[LevelCount(level, counts[level.id]) for level in scale if level.id in counts],
        total=len(indicators),
        assessed=assessed,
        achieved=sum(counts.get(level.id, 0) for level in scale if level.category == "achieved"),
        achieved_plural=(achieved_level.plural if achieved_level and achieved_level.plural else plural_of(word)),
    )


def _current_assessment(bundle: "ReportBundle", series: "SeriesSummary") -> "AssessmentLevel | None":
    """The latest assessment within the report's period."""
    for point in reversed(series.points):
        if point.assessment is not None and _in_report_period(bundle, point.period):
            return point.assessment
    return None


def count_sentence(goals: "GoalSummary | None", indicators: list["IndicatorSummary"]) -> str | None:
    """`4 mål och 18 indikatorer` — what the report follows up, counted from the data."""
    parts = []
    if goals is not None and goals.total:
        parts.append(f"{goals.total} {goals.noun}")
    if indicators:
        parts.append(f"{len(indicators)} {'indikator' if len(indicators) == 1 else 'indikatorer'}")
    return " och ".join(parts) if parts else None


# --- Deliverables -----------------------------------------------------------------------------


@dataclass
class StatusCount:
    level: "StatusLevel"
    count: int


@dataclass
class DeliverableStatus:
    group_id: str
    deliverable_id: str
    title: str
    level: "StatusLevel | None"
    deliverable: "Deliverable"


@dataclass
class DeliverableGroupSummary:
    id: str
    title: str
    origin: str
    total: int
    completed: int
    by_status: list[StatusCount]


@dataclass
class DeliverableSummary:
    total: int
    completed: int
    share_completed: float | None  # percent units
    by_status: list[StatusCount]
    groups: list[DeliverableGroupSummary]
    items: list[DeliverableStatus]
    remaining: int  # items marked remains_after_project

    def sentence(self) -> str:
        """`12 av 15 leveranser slutförda`."""
        return f"{self.completed} av {self.total} leveranser slutförda"


def _status_counts(scale: Sequence["StatusLevel"], items: Sequence[DeliverableStatus]) -> list[StatusCount]:
    counts = {level.id: 0 for level in scale}
    for item in items:
        if item.level is not None:
            counts[item.level.id] += 1
    return [StatusCount(level, counts[level.id]) for level in scale if counts[level.id] > 0]


def summarize_deliverables(bundle: "ReportBundle") -> DeliverableSummary | None:
    file = getattr(bundle, "deliverables", None)
    if file is None:
        return None
    scale = list(bundle.status_scale)
    by_id = {level.id: level for level in scale}
    items: list[DeliverableStatus] = []
    groups: list[DeliverableGroupSummary] = []
    for group in file.groups:
        group_items = [DeliverableStatus(group.id, d.id, d.title, by_id.get(d.status), d) for d in group.items]
        items.extend(group_items)
        groups.append(
            DeliverableGroupSummary(
                id=group.id,
                title=group.title,
                origin=group.origin,
                total=len(group_items),
                completed=sum(1 for i in group_items if i.level is not None and i.level.completed),
                by_status=_status_counts(scale, group_items),
            )
        )
    completed = sum(1 for i in items if i.level is not None and i.level.completed)
    return DeliverableSummary(
        total=len(items),
        completed=completed,
        share_completed=_clean(completed / len(items) * 100.0) if items else None,
        by_status=_status_counts(scale, items),
        groups=groups,
        items=items,
        remaining=sum(1 for i in items if i.deliverable.remains_after_project),
    )


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
    difference = None if from_value is None or to_value is None else _clean(to_value - from_value)
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
    period: str
    group: str
    target: "Target"
    actual: float | None
    target_value: float | None
    comparison: Literal["≥", "≤", "=", ">", "<", "range", "text"]
    met: bool | None
    margin: float | None  # positive = better than the target, in margin_unit
    difference: float | None  # actual − target_value
    unit: str
    margin_unit: str
    missing_reason: str | None = None
    inside_range: bool | None = None  # a range target: the outcome lies within it

    @property
    def guide(self) -> bool:
        return self.target.kind == "guide"


@dataclass
class IndicatorSummary:
    indicator: "Indicator"
    periods: list[str]
    series: list[SeriesSummary]
    targets: list[TargetResult]
    comparison_periods: list[str] = field(default_factory=list)  # outcome periods outside the report's period

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
    unit = indicator.unit
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
    difference = None if actual is None or target_value is None else _clean(actual - target_value)
    return TargetResult(
        period=period_label(target.period),
        group=target.group,
        target=target,
        actual=actual,
        target_value=target_value,
        comparison=comparison,
        met=met,
        margin=None if margin is None else _clean(margin),
        difference=difference,
        unit=unit,
        margin_unit=change_unit(unit),
        missing_reason=missing_reason,
        inside_range=inside_range,
    )


def _in_report_period(bundle: "ReportBundle", label: str) -> bool:
    """Whether an outcome period lies within the report's period (unknown: treated as inside)."""
    report = getattr(bundle, "report", None)
    report_period = getattr(report, "period", None)
    parsed = _parse_period(label)
    if report_period is None or parsed is None or not hasattr(report_period, "contains"):
        return True
    return report_period.contains(parsed)


def summarize_indicator(bundle: "ReportBundle", indicator: "Indicator") -> IndicatorSummary:
    levels = {level.id: level for level in (getattr(bundle, "assessment_scale", None) or [])}
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
                    assessment=levels.get(level_id) if level_id else None,
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
        series_summaries.append(SeriesSummary(_group(bundle, series.group), points, changes, overall, current))
        all_periods.extend(labels)
    targets = []
    for target in indicator.targets:
        series_summary = next((s for s in series_summaries if s.group.id == target.group), None)
        point = series_summary.point(target.period) if series_summary is not None else None
        actual = point.value if point is not None else None
        reason = point.missing_reason if point is not None else None
        targets.append(evaluate_target(indicator, target, actual, reason))
    periods = sort_periods(all_periods)
    comparison = [p for p in periods if not _in_report_period(bundle, p)]
    return IndicatorSummary(indicator, periods, series_summaries, targets, comparison)


def summarize_indicators(bundle: "ReportBundle") -> list[IndicatorSummary]:
    file = getattr(bundle, "indicators", None)
    if file is None:
        return []
    return [summarize_indicator(bundle, indicator) for indicator in file.indicators]


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
    table: "BudgetTable"
    rows: list[BudgetVariance]
    total_budget: float | None
    total_outcome: float | None
    total_difference: float | None
    total_difference_percent: float | None
    kind: str = "budget_outcome"


@dataclass
class UnitValues:
    unit: str
    name: str
    values: dict[str, float | None]
    change: Change | None
    comment: str | None = None


@dataclass
class PerUnitSummary:
    table: "PerUnitTable"
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
    table: "BeforeAfterTable"
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
    table: "BreakdownTable"
    rows: list[BreakdownShare]
    total: float | None
    checked: Checked | None
    kind: str = "breakdown"


@dataclass
class GenericTableSummary:
    table: "GenericTable"
    totals: dict[str, float | None]
    checked: dict[str, Checked]
    kind: str = "table"


TableSummary = BudgetSummary | PerUnitSummary | BeforeAfterSummary | BreakdownSummary | GenericTableSummary


def summarize_budget(table: "BudgetTable") -> BudgetSummary:
    rows = []
    for row in table.rows:
        difference = _clean(row.outcome - row.budget)
        rows.append(
            BudgetVariance(
                period=period_label(row.period),
                budget=row.budget,
                outcome=row.outcome,
                difference=difference,
                difference_percent=None if row.budget == 0 else _clean(difference / abs(row.budget) * 100.0),
                checked=check(row.stated_difference, difference, table.unit) if row.stated_difference is not None else None,
                comment=row.comment,
            )
        )
    total_budget = total(r.budget for r in rows)
    total_outcome = total(r.outcome for r in rows)
    total_difference = None if total_budget is None or total_outcome is None else _clean(total_outcome - total_budget)
    return BudgetSummary(
        table=table,
        rows=rows,
        total_budget=total_budget,
        total_outcome=total_outcome,
        total_difference=total_difference,
        total_difference_percent=(
            None if not total_budget or total_difference is None else _clean(total_difference / abs(total_budget) * 100.0)
        ),
    )


def summarize_per_unit(bundle: "ReportBundle", table: "PerUnitTable") -> PerUnitSummary:
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


def summarize_before_after(bundle: "ReportBundle", table: "BeforeAfterTable") -> BeforeAfterSummary:
    rows = []
    for row in table.rows:
        difference = None if row.before is None or row.after is None else _clean(row.after - row.before)
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
    total_change = None if total_before is None or total_after is None else _clean(total_after - total_before)
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


def summarize_breakdown(table: "BreakdownTable") -> BreakdownSummary:
    amount_total = total(r.amount for r in table.rows)
    rows = [
        BreakdownShare(
            label=r.label,
            amount=r.amount,
            share_percent=None if not amount_total else _clean(r.amount / amount_total * 100.0),
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


def summarize_generic(table: "GenericTable") -> GenericTableSummary:
    totals: dict[str, float | None] = {}
    for column in table.columns:
        if column.sum or column.id in table.stated_totals:
            totals[column.id] = total(row.get(column.id) for row in table.rows)
    units = {c.id: c.unit for c in table.columns}
    checked = {key: check(stated, totals.get(key), units.get(key, table.unit)) for key, stated in table.stated_totals.items()}
    return GenericTableSummary(table, totals, checked)


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
    return summarize_generic(table)


# --- Surveys ----------------------------------------------------------------------------------


@dataclass
class QuestionMean:
    question: "Question"
    mean: float | None
    respondents: float  # the weight used: respondents of units that have a score
    units_without_score: list[str]
    checked: Checked | None


@dataclass
class UnitRound:
    unit: str
    name: str
    respondents: int | None
    scores: dict[str, float | None]


@dataclass
class RoundSummary:
    period: str
    respondents: int | None
    respondents_checked: Checked | None
    means: list[QuestionMean]
    units: list[UnitRound]
    groups: list["GroupResult"]
    note: str | None = None

    def mean(self, question_id: str) -> QuestionMean:  # a round has a mean for each of the survey's questions
        return next(m for m in self.means if m.question.id == question_id)

    def unit(self, code: str) -> UnitRound | None:
        return next((u for u in self.units if u.unit == code), None)


@dataclass
class UnitChange:
    unit: str
    name: str
    question_id: str  # a question id, or "respondents"
    from_period: str
    to_period: str
    from_value: float | None
    to_value: float | None
    change: float | None


@dataclass
class SurveySummary:
    survey: "Survey"
    rounds: list[RoundSummary]
    question_changes: dict[str, list[Change]]
    unit_changes: list[UnitChange]
    respondents_by_unit: list[tuple[str, str, dict[str, int | None]]]

    def round(self, period: Any) -> RoundSummary | None:
        return next((r for r in self.rounds if same_period(r.period, period)), None)


def summarize_survey(bundle: "ReportBundle", survey: "Survey") -> SurveySummary:
    rounds: list[RoundSummary] = []
    for survey_round in survey.rounds:
        label = period_label(survey_round.period)
        units = [
            UnitRound(
                unit=u.unit,
                name=unit_name(bundle, u.unit),
                respondents=u.respondents,
                scores={q.id: (u.scores.get(q.id) if _is_number(u.scores.get(q.id)) else None) for q in survey.questions},
            )
            for u in survey_round.units
        ]
        respondent_values = [u.respondents for u in units if u.respondents is not None]
        respondents = int(sum(respondent_values)) if respondent_values else None
        stated = survey_round.stated_total
        means = []
        for question in survey.questions:
            mean, weight = weighted_mean((u.respondents, u.scores[question.id]) for u in units)
            stated_score = stated.scores.get(question.id) if stated is not None else None
            means.append(
                QuestionMean(
                    question=question,
                    mean=mean,
                    respondents=weight,
                    units_without_score=[u.unit for u in units if u.scores[question.id] is None and (u.respondents or 0) > 0],
                    checked=(
                        check(stated_score, mean, "score", mismatch_severity="warning") if stated_score is not None else None
                    ),
                )
            )
        respondents_checked = (
            check(stated.respondents, respondents, "count") if stated is not None and stated.respondents is not None else None
        )
        rounds.append(
            RoundSummary(label, respondents, respondents_checked, means, units, list(survey_round.groups), survey_round.note)
        )

    question_changes: dict[str, list[Change]] = {}
    unit_changes: list[UnitChange] = []
    for question in survey.questions:
        question_changes[question.id] = [
            make_change(a.period, b.period, a.mean(question.id).mean, b.mean(question.id).mean, "score", "higher_is_better")
            for a, b in zip(rounds, rounds[1:])
        ]
    for a, b in zip(rounds, rounds[1:]):
        for unit in b.units:
            before = a.unit(unit.unit)
            if before is None:
                continue
            for question in survey.questions:
                x, y = before.scores[question.id], unit.scores[question.id]
                unit_changes.append(
                    UnitChange(
                        unit.unit,
                        unit.name,
                        question.id,
                        a.period,
                        b.period,
                        x,
                        y,
                        None if x is None or y is None else _clean(y - x),
                    )
                )
            x, y = before.respondents, unit.respondents
            unit_changes.append(
                UnitChange(
                    unit.unit,
                    unit.name,
                    "respondents",
                    a.period,
                    b.period,
                    x,
                    y,
                    None if x is None or y is None else y - x,
                )
            )

    order: dict[str, str] = {}
    for r in rounds:
        for u in r.units:
            order.setdefault(u.unit, u.name)
    respondents_by_unit = [
        (code, name, {r.period: (unit_round.respondents if (unit_round := r.unit(code)) else None) for r in rounds})
        for code, name in order.items()
    ]
    return SurveySummary(survey, rounds, question_changes, unit_changes, respondents_by_unit)


def summarize_surveys(bundle: "ReportBundle") -> list[SurveySummary]:
    file = getattr(bundle, "surveys", None)
    if file is None:
        return []
    return [summarize_survey(bundle, survey) for survey in file.surveys]


# --- Key figures --------------------------------------------------------------------------------


@dataclass
class KeyFigureValue:
    figure: "KeyFigure"
    value: float | None  # stated if the source states it, else computed
    computed: float | None
    checked: Checked | None
    unit: str
    decimals: int | None = None
    error: str | None = None  # why it could not be computed (unknown reference, division by zero)
    operands: tuple = ()  # the ResolvedValues it was computed from, shown so a reader can retrace it


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
