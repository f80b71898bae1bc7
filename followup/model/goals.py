"""`goals.yaml`: goals grouped by perspective (goal area), with assessments and narrative sections."""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, WithJsonSchema

from followup.model.base import Markdown, Model, PeriodText, Slug
from followup.model.indicators import CountOf, parse_count_of

_COUNT_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"^\s*[0-9][0-9   ]*\s+av\s+[0-9][0-9   ]*\s*$"},
        {
            "type": "object",
            "properties": {"count": {"type": "integer", "minimum": 0}, "of": {"type": "integer", "minimum": 0}},
            "required": ["count", "of"],
            "additionalProperties": False,
        },
        {"type": "null"},
    ],
    "description": "How many goals the source says are achieved: '12 av 27'.",
}

# --- goals.yaml -------------------------------------------------------------------------


class Priorities(Model):
    """Priorities set at a (mid-term) follow-up for the remaining period."""

    set_at: str | None = Field(default=None, description="E.g. 'uppföljningen efter 2021'.")
    period: PeriodText | None = None
    items: list[Markdown] = Field(min_length=1)


class NarrativeSection(Model):
    title: str
    body: Markdown | None = None
    file: str | None = Field(default=None, description="A Markdown file under the report's content folder.")


class Goal(Model):
    id: Slug
    same_as: Slug | None = Field(
        default=None, description="The id this goal had in the organisation's earlier reports (a rename)."
    )
    number: str | None = Field(default=None, description="The goal's number in the source, e.g. '2.1' (shown with its area).")
    title: str
    assessment: Slug | None = Field(default=None, description="A level id of the assessment scale.")
    assessment_text: Markdown | None = Field(default=None, description="Motivation of the assessment.")
    period: PeriodText | None = None
    description: Markdown | None = Field(default=None, description="The goal text (what the goal was).")
    priorities: Priorities | None = None
    what_was_done: Markdown | None = None
    result: Markdown | None = None
    analysis: Markdown | None = None
    next_steps: Markdown | None = None
    sections: list[NarrativeSection] = Field(default_factory=list)
    indicators: list[Slug] = Field(default_factory=list, description="Ids of indicators that measure the goal.")
    surveys: list[Slug] = Field(default_factory=list)
    tables: list[Slug] = Field(default_factory=list)


class Perspective(Model):
    """A perspective or goal area grouping goals (e.g. Attraktiv arbetsgivare)."""

    id: Slug
    number: str | None = Field(default=None, description="The area's number in the source, e.g. '2'.")
    title: str
    description: Markdown | None = None
    goals: list[Goal] = Field(min_length=1)


class GoalsFile(Model):
    title: str | None = Field(default=None, description="Heading of the goals page, e.g. '4-åriga processmål'.")
    area_word: str | None = Field(
        default=None,
        description="The organisation's word for a goal area: målområde, perspektiv, fokusområde (default perspektiv).",
    )
    goal_word: str | None = Field(
        default=None, description="The organisation's word for a goal, in counts: mål, delmål (default mål)."
    )
    introduction: Markdown | None = None
    stated_count: Annotated[CountOf | None, BeforeValidator(parse_count_of), WithJsonSchema(_COUNT_SCHEMA)] = Field(
        default=None,
        description="How many goals the source says are achieved, as it writes it: '12 av 27'. Checked against the "
        "assessments in the data when the data holds all the goals.",
    )
    perspectives: list[Perspective] = Field(min_length=1)
