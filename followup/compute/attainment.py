"""A stated assessment against the attainment the data computes.

A goal rated "uppnått" whose linked indicator misses its target, or an indicator assessed
"uppfyllt" for a year whose outcome misses that year's target, says two contradicting things. The
scale says what a level means by its `category` (achieved, partly_achieved, not_achieved,
not_assessed): an achieved level disagrees with a target that is not met, a not-achieved level
with targets that are all met. Partly achieved and not assessed levels agree with anything.

For a goal, each linked indicator counts with its latest target (within the goal's period, or the
report's) that the data can evaluate, the whole population's (`alla`) first. A long-term target,
whose period lies after the report's, is not yet due and counts for nothing. The results go on the
summary (`ReportSummary.attainment`); the check (`followup.compute.crosschecks`) turns a
disagreement into a warning and the pages show the computed result beside the stated level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followup.compute.common import _parse_period, level_of, period_sort_key, same_period
from followup.model.formatting import format_value

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.compute.indicators import IndicatorSummary, TargetResult
    from followup.model.models import AssessmentLevel
    from followup.project import ReportBundle

COMPARISON_WORDS = {"≥": "minst", "≤": "högst", "=": "lika med", ">": "mer än", "<": "mindre än"}


@dataclass
class Evidence:
    """One indicator's target result that the computed attainment rests on."""

    indicator: str  # its name
    result: "TargetResult"
    decimals: int | None

    def text(self, *, named: bool = True) -> str:
        """`indikatorn 'Låg arbetslöshet' 2021: utfall 3,4 %, mål högst 3 %`."""
        r = self.result
        outcome = _value(r.actual, r.unit, self.decimals)
        if r.comparison == "range":
            low, high = r.target.min, r.target.max
            goal = f"mellan {_value(low, r.unit, self.decimals)} och {_value(high, r.unit, self.decimals)}"
        else:
            goal = f"{COMPARISON_WORDS.get(r.comparison, '')} {_value(r.target_value, r.unit, self.decimals)}".strip()
        what = "riktvärde" if r.guide else "mål"
        if r.measured_at:  # the year's target, measured by a part of the year
            what = f"{what} {r.period}"
        period = r.measured_at or r.period
        head = f"indikatorn '{self.indicator}' {period}: " if named else f"{period}: "
        return f"{head}utfall {outcome}, {what} {goal}"


@dataclass
class AttainmentCheck:
    """A stated assessment and the attainment computed for the same goal or indicator period."""

    file: str  # goals.yaml or indicators.yaml
    keypath: tuple  # where the stated assessment is written
    ref: str  # goals.<id>.assessment or indicators.<id>.<group>.assessment.<period>
    subject: str  # "målet 'Trygg kommun'", "indikatorn 'Låg arbetslöshet' (alla) 2021"
    level: "AssessmentLevel"
    met: bool  # what the data says: all targets met (True) or at least one missed (False)
    evidence: list[Evidence]
    acknowledged: Any = field(default=None, compare=False)  # set when an acknowledgment holds

    @property
    def agrees(self) -> bool:
        if self.level.category == "achieved":
            return self.met
        if self.level.category == "not_achieved":
            return not self.met
        return True

    @property
    def computed_text(self) -> str:
        """`målet inte nått` / `målet nått`: what the data says, in the words of the indicator pages."""
        return "målet nått" if self.met else "målet inte nått"

    def reason(self) -> str:
        """Why the data says so: the missed targets (or, for a goal rated not achieved, the met ones)."""
        shown = [e for e in self.evidence if e.result.met is self.met]
        return "; ".join(e.text() for e in shown)


def _value(value: float | None, unit: str, decimals: int | None) -> str:
    return format_value(value, unit, decimals).replace("\u00a0", " ")


def _within(bundle: "ReportBundle", label: str, period: Any) -> bool:
    parsed = _parse_period(label)
    if period is None or parsed is None or not hasattr(period, "contains"):
        return True
    return bool(period.contains(parsed))


def _latest_result(bundle: "ReportBundle", isum: "IndicatorSummary", period: Any) -> "TargetResult | None":
    # A long-term target (after the report's period) is not yet due: never evidence either way.
    evaluable = [
        t for t in isum.targets if t.met is not None and not t.long_term and _within(bundle, t.measured_at or t.period, period)
    ]
    if not evaluable:
        return None
    whole = [t for t in evaluable if t.group == "alla"] or evaluable
    return max(whole, key=lambda t: period_sort_key(t.period))


def attainment_checks(bundle: "ReportBundle", indicators: list["IndicatorSummary"]) -> list[AttainmentCheck]:
    """Every stated assessment the data can also evaluate, with what the data says."""
    scale = getattr(bundle, "assessment_scale", None) or []
    by_id = {i.indicator.id: i for i in indicators}
    found: list[AttainmentCheck] = []
    goals_file = getattr(bundle, "goals", None)
    report_period = getattr(getattr(bundle, "report", None), "period", None)
    if goals_file is not None and "goals.yaml" not in bundle.invalid_files:
        for pi, perspective in enumerate(goals_file.perspectives):
            for gi, goal in enumerate(perspective.goals):
                level = level_of(scale, goal.assessment)
                if level is None or not goal.indicators:
                    continue
                evidence = []
                for indicator_id in goal.indicators:
                    isum = by_id.get(indicator_id)
                    result = _latest_result(bundle, isum, goal.period or report_period) if isum is not None else None
                    if isum is not None and result is not None:
                        evidence.append(Evidence(isum.indicator.name, result, isum.indicator.decimals))
                if not evidence:
                    continue
                found.append(
                    AttainmentCheck(
                        "goals.yaml",
                        ("perspectives", pi, "goals", gi, "assessment"),
                        f"goals.{goal.id}.assessment",
                        f"målet '{goal.title}'",
                        level,
                        all(e.result.met for e in evidence),
                        evidence,
                    )
                )
    indicators_file = getattr(bundle, "indicators", None)
    if indicators_file is not None and "indicators.yaml" not in bundle.invalid_files:
        for ii, indicator in enumerate(indicators_file.indicators):
            isum = by_id.get(indicator.id)
            if isum is None:
                continue
            for si, series in enumerate(indicator.series):
                for key, level_id in series.assessment.items():
                    level = level_of(scale, level_id)
                    result = next(
                        (
                            t
                            for t in isum.targets
                            if t.group == series.group and t.met is not None and same_period(t.measured_at or t.period, str(key))
                        ),
                        None,
                    )
                    if level is None or result is None:
                        continue
                    found.append(
                        AttainmentCheck(
                            "indicators.yaml",
                            ("indicators", ii, "series", si, "assessment", key),
                            f"indicators.{indicator.id}.{series.group}.assessment.{key}",
                            f"indikatorn '{indicator.name}' ({series.group}) {key}",
                            level,
                            bool(result.met),
                            [Evidence(indicator.name, result, indicator.decimals)],
                        )
                    )
    return found
