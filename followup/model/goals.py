"""`goals.yaml`: goals grouped by perspective (goal area), with assessments and narrative sections."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema

from followup.model.base import Count, Markdown, Model, Number, PeriodText, Slug, Stated
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

#: The key of `stated_counts` that holds the total ("Av kommunens 30 mål är …"), not a level.
STATED_TOTAL_KEY = "av"

#: The 17 global goals of Agenda 2030 by number, with their Swedish names (globalamalen.se).
AGENDA_2030 = [
    "Ingen fattigdom",
    "Ingen hunger",
    "Hälsa och välbefinnande",
    "God utbildning för alla",
    "Jämställdhet",
    "Rent vatten och sanitet för alla",
    "Hållbar energi för alla",
    "Anständiga arbetsvillkor och ekonomisk tillväxt",
    "Hållbar industri, innovationer och infrastruktur",
    "Minskad ojämlikhet",
    "Hållbara städer och samhällen",
    "Hållbar konsumtion och produktion",
    "Bekämpa klimatförändringarna",
    "Hav och marina resurser",
    "Ekosystem och biologisk mångfald",
    "Fredliga och inkluderande samhällen",
    "Genomförande och globalt partnerskap",
]


class Tag(Model):
    """One tag a goal may carry, e.g. global goal 3 Hälsa och välbefinnande."""

    id: str = Field(description="What goals write in 'tags', e.g. '3'.")
    label: str = Field(description="The tag's name as shown, e.g. 'Hälsa och välbefinnande'.")


class TagList(Model):
    """The tags goals may carry, declared by the organisation or the report (e.g. Agenda 2030)."""

    title: str = Field(description="The list's name as shown with the tags, e.g. 'Globala mål (Agenda 2030)'.")
    preset: Literal["agenda2030"] | None = Field(
        default=None, description="A built-in list: agenda2030 gives the 17 global goals, by number and name."
    )
    tags: list[Tag] = Field(default_factory=list)

    def all_tags(self) -> list[Tag]:
        preset = [Tag(id=str(n), label=name) for n, name in enumerate(AGENDA_2030, 1)] if self.preset == "agenda2030" else []
        return preset + list(self.tags)


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
    heading: str | None = Field(
        default=None,
        description="A sub-heading inside the goal area, shown before this goal (the goals after it follow under it).",
    )
    tags: list[str] = Field(default_factory=list, description="Ids of tags from the declared tag list (goal_tags).")
    indicators: list[Slug] = Field(default_factory=list, description="Ids of indicators that measure the goal.")
    surveys: list[Slug] = Field(default_factory=list)
    tables: list[Slug] = Field(default_factory=list)


class AreaIndex(Model):
    """A composite index for a goal area: points achieved of a maximum, as a percentage, compared
    with a budgeted index ("29 av 35 → 83 %, 13 indexpunkter bättre än budgeterat 70")."""

    label: str = Field(default="Index", description="The index's name as the source gives it, e.g. 'Målindex'.")
    period: PeriodText | None = None
    points: Number = Field(description="Points achieved.")
    max: Number = Field(gt=0, description="The maximum number of points.")
    budget: Number | None = Field(default=None, description="The budgeted index (percent of the maximum).")
    stated: Stated | None = Field(default=None, description="The index as the source states it; checked.")
    stated_difference: Stated | None = Field(
        default=None, description="The difference from the budget as the source states it (index points); checked."
    )


class Perspective(Model):
    """A perspective or goal area grouping goals (e.g. Attraktiv arbetsgivare)."""

    id: Slug
    number: str | None = Field(default=None, description="The area's number in the source, e.g. '2'.")
    title: str
    description: Markdown | None = None
    index: AreaIndex | None = Field(default=None, description="A composite index for the area (points of a maximum).")
    goals: list[Goal] = Field(
        default_factory=list,
        description="The area's goals; none when the source names the area but its goals are not transcribed.",
    )
    indicators: list[Slug] = Field(
        default_factory=list,
        description="Ids of indicators that measure the area itself, when the source lists them under the area "
        "rather than under a goal (a social report's målområde with its indicators); shown with the area.",
    )


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
    stated_counts: dict[str, Count] | None = Field(
        default=None,
        description="How many goals the source says are on each level of the assessment scale, keyed by the "
        f"level's id, with the total under '{STATED_TOTAL_KEY}' if the source states it: "
        "{uppnatt: 8, delvis-uppnatt: 3, ej-uppnatt: 19, av: 30}. Each count is checked against the assessments.",
    )
    goal_tags: TagList | None = Field(default=None, description="The tags the goals may carry (instead of the organisation's).")
    perspectives: list[Perspective] = Field(min_length=1)
