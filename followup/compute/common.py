"""The parts every domain's summary shares: a stated number checked against the computed one,
sums, percent change, weighted means, trends and periods."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Literal, Sequence, TypeGuard, TypeVar

from followup.check.compare import compare
from followup.model.goals import STATED_TOTAL_KEY
from followup.model.numbers import StatedNumber
from followup.model.periods import parse_period

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.model.base import ScaleLevel
    from followup.project import ReportBundle

Severity = Literal["ok", "warning", "error"]
Trend = Literal["better", "worse", "unchanged"]
Level = TypeVar("Level", bound="ScaleLevel")

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


def check_level_counts(
    stated: "dict[str, int]", scale: "Sequence[Level]", counts: dict[str, int], total: int
) -> "list[tuple[Level, Checked]]":
    """The counts per level a source states (`stated_counts`, goals or deliverables) against the counts
    in the data, in the scale's order. Unknown level ids are left to check/scales.py; when the source
    counts more or fewer (`av`) than the data holds, nothing is compared (the total's check says why)."""
    comparable = stated.get(STATED_TOTAL_KEY, total) == total
    return [
        (level, check(StatedNumber(count, 0, str(count)), counts[level.id] if comparable else None, "count"))
        for level in scale
        if (count := stated.get(level.id)) is not None
    ]


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


def minus(a: float | None, b: float | None) -> float | None:
    """a − b (a change, a difference from a budget or target), or None when either is missing."""
    if a is None or b is None:
        return None
    return _clean(a - b)


def percent_of(part: float, whole: float) -> float | None:
    """part / whole × 100; None for a zero whole, and for a quotient that is no finite number (a whole
    as small as 1e-311 gives infinity, which no page, table or check can use)."""
    if whole == 0:
        return None
    value = part / whole * 100.0
    return _clean(value) if math.isfinite(value) else None


def percent_change(before: float | None, after: float | None) -> float | None:
    """(after − before) / |before| × 100, or None."""
    if before is None or after is None:
        return None
    return percent_of(after - before, abs(before))


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


def level_of(scale: Sequence[Level], level_id: str | None) -> Level | None:
    """The level of the scale with this id; None without an id or for an unknown one (check/ reports that)."""
    if not level_id:
        return None
    return next((level for level in scale if level.id == level_id), None)
