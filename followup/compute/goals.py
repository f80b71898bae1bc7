"""Goals per assessment level ("2 av 3 mål uppnådda") and the indicators' own assessments, counted
with the scale's own words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from followup.compute.common import Checked, check, check_level_counts, level_of, minus, percent_of
from followup.compute.indicators import IndicatorSummary, SeriesSummary, _in_report_period
from followup.model.formatting import format_number
from followup.model.goals import STATED_TOTAL_KEY

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.model.models import (
        AssessmentLevel,
    )
    from followup.project import ReportBundle


# --- Goals ------------------------------------------------------------------------------------


@dataclass
class LevelCount:
    level: "AssessmentLevel"
    count: int


@dataclass
class StatedLevelCount:
    """A count per level the source states (`stated_counts` in goals.yaml), checked against `LevelCount`."""

    level: "AssessmentLevel"
    plural: str  # the level's word for counts: uppnådda, delvis uppnådda
    checked: Checked  # None as computed when the data does not hold all the goals the source counts

    @property
    def word(self) -> str:
        """The level's word agreeing with the stated count: 1 uppnått, 3 uppnådda."""
        stated = self.checked.stated
        return self.level.label if stated is not None and stated.value == 1 else self.plural


@dataclass
class GoalStatus:
    perspective_id: str
    perspective_title: str
    goal_id: str
    title: str
    level: "AssessmentLevel | None"
    number: str | None = None  # "2.1"


@dataclass
class AreaIndexSummary:
    """A goal area's composite index: points / max × 100, and its difference from the budget."""

    perspective_id: str
    perspective_index: int
    label: str
    points: float
    max: float
    percent: float | None  # None when max is zero or too small to divide by
    budget: float | None
    difference: float | None  # percent − budget, in index points
    checked: Checked | None
    difference_checked: Checked | None


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
    area_indexes: list[AreaIndexSummary] = field(default_factory=list)
    stated_levels: list[StatedLevelCount] = field(default_factory=list)  # in the scale's order
    stated_total: int | None = None  # `av` of stated_counts: the goals the source counts

    def sentence(self) -> str:
        """`2 av 3 mål uppnådda`, `12 av 27 delmål uppfyllda` (the scale's own wording)."""
        verb = self.achieved_word if self.total == 1 else self.achieved_plural
        return f"{format_number(self.achieved, 0)} av {format_number(self.total, 0)} {self.noun} {verb}"

    def count(self, category: str) -> int:
        return getattr(self, category)


def summarize_goals(bundle: "ReportBundle") -> GoalSummary | None:
    goals_file = getattr(bundle, "goals", None)
    if goals_file is None:
        return None
    scale = list(bundle.assessment_scale)
    rows = [
        GoalStatus(
            perspective_id=perspective.id,
            perspective_title=perspective.title,
            goal_id=goal.id,
            title=goal.title,
            level=level_of(scale, goal.assessment),
            number=goal.number,
        )
        for perspective in goals_file.perspectives
        for goal in perspective.goals
    ]
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
        area_indexes=[summarize_area_index(pi, p) for pi, p in enumerate(goals_file.perspectives) if p.index is not None],
        stated_levels=stated_level_counts(goals_file, scale, counts, len(rows)),
        stated_total=(goals_file.stated_counts or {}).get(STATED_TOTAL_KEY),
        **categories,
    )


def stated_level_counts(goals_file, scale: list, counts: dict[str, int], total: int) -> list[StatedLevelCount]:
    """The counts per level the source states against the goals counted on each level (`counts`, the
    overview's). Unknown level ids are left to check/scales.py; when the source counts more or fewer
    goals (`av`) than the data holds, nothing is compared (the total says why)."""
    return [
        StatedLevelCount(level, level.plural or plural_of(level.label), checked)
        for level, checked in check_level_counts(goals_file.stated_counts or {}, scale, counts, total)
    ]


def summarize_area_index(position: int, perspective) -> AreaIndexSummary:
    index = perspective.index
    percent = percent_of(index.points, index.max)
    difference = minus(percent, index.budget)
    return AreaIndexSummary(
        perspective_id=perspective.id,
        perspective_index=position,
        label=index.label,
        points=index.points,
        max=index.max,
        percent=percent,
        budget=index.budget,
        difference=difference,
        checked=check(index.stated, percent, "percent") if index.stated is not None else None,
        difference_checked=(check(index.stated_difference, difference, "index") if index.stated_difference is not None else None),
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
    achieved_word: str = "uppnått"  # the achieved level's word, for a count of one

    def sentence(self) -> str:
        """`3 av 4 indikatorer uppfyllda`, `0 av 1 indikator grön`: the noun and the word follow the total."""
        counted = f"indikator {self.achieved_word}" if self.total == 1 else f"indikatorer {self.achieved_plural}"
        return f"{format_number(self.achieved, 0)} av {format_number(self.total, 0)} {counted}"


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
        achieved_word=word,
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
