"""Surveys: respondent-weighted means per question and unit, and the change per unit between rounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from followup.compute.common import Checked, _is_number, check, minus, period_label, same_period, unit_name, weighted_mean
from followup.compute.indicators import Change, make_change

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.model.models import (
        GroupResult,
        Question,
        Survey,
    )
    from followup.project import ReportBundle


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
                        minus(y, x),
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
    """Every survey of surveys.yaml (none without the file)."""
    surveys = bundle.surveys.surveys if bundle.surveys is not None else []
    return [summarize_survey(bundle, survey) for survey in surveys]
