"""`surveys.yaml`: survey tables with questions, respondents and scores per unit and group."""

from __future__ import annotations

from pydantic import (
    Field,
)

from followup.model.base import Count, Markdown, Model, Number, PeriodText, Slug, Stated, UnitCode
from followup.model.indicators import Scale

# --- surveys.yaml -----------------------------------------------------------------------


class Question(Model):
    id: Slug
    text: str


class UnitResult(Model):
    unit: UnitCode
    respondents: Count | None = None
    scores: dict[Slug, Number | None] = Field(default_factory=dict, description="Score per question id; empty cell: null.")


class GroupResult(Model):
    group: Slug
    respondents: Count | None = None
    scores: dict[Slug, Number | None] = Field(default_factory=dict)


class StatedTotal(Model):
    """The totals row as the source states it; the build checks them."""

    respondents: Stated | None = None
    scores: dict[Slug, Stated] = Field(default_factory=dict, description="Respondent-weighted means as stated.")


class SurveyRound(Model):
    period: PeriodText
    units: list[UnitResult] = Field(min_length=1)
    groups: list[GroupResult] = Field(default_factory=list, description="Sub-group results (women/men) with n.")
    stated_total: StatedTotal | None = None
    note: Markdown | None = None


class Survey(Model):
    id: Slug
    title: str
    description: Markdown | None = None
    scale: Scale | None = None
    questions: list[Question] = Field(min_length=1)
    rounds: list[SurveyRound] = Field(min_length=1)
    source: str | None = None


class SurveysFile(Model):
    surveys: list[Survey] = Field(min_length=1)
