"""`deliverables.yaml`: a project's deliverables with statuses, in groups."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import (
    Field,
)

from followup.model.base import Count, Markdown, Model, PeriodText, Slug
from followup.model.goals import STATED_TOTAL_KEY

# --- deliverables.yaml ------------------------------------------------------------------


class Deliverable(Model):
    id: Slug
    number: str | None = Field(
        default=None, description="The item's number in the source, e.g. 'A21.2.2.10' (shown in the Nr column)."
    )
    title: str
    description: Markdown | None = None
    status: Slug = Field(description="A level id of the status scale.")
    outcome: Markdown | None = Field(default=None, description="Utfall: what came of it.")
    responsible: str | None = None
    remains_after_project: bool = Field(default=False, description="Återstående leverans after the project ends.")
    remaining_work: Markdown | None = None
    completed: dt.date | None = None
    due: PeriodText | None = Field(
        default=None,
        description="Tidplan: when the item is to be done, as the source writes it (2021, 2022 kv3, 2020–2022). "
        "An item not completed by the end of its period, which ends before the report's, is marked as late.",
    )


class DeliverableGroup(Model):
    id: Slug
    title: str
    origin: Literal["planned", "added", "proposed_action", "other"] = Field(
        description="planned at the start, added during the project, or proposed by an investigation."
    )
    description: Markdown | None = None
    items: list[Deliverable] = Field(min_length=1)


class ItemWord(Model):
    """The source's word for what it follows up, when not "leverans": åtgärd, aktivitet, uppdrag."""

    singular: str = Field(min_length=1, description="E.g. 'åtgärd'.")
    plural: str = Field(min_length=1, description="E.g. 'åtgärder'.")


class DeliverablesFile(Model):
    item_word: ItemWord | None = Field(
        default=None,
        description="The source's word for its items, e.g. {singular: åtgärd, plural: åtgärder} (default leverans, "
        "leveranser): the page's title, headings and counts use it.",
    )
    introduction: Markdown | None = None
    stated_counts: dict[str, Count] | None = Field(
        default=None,
        description="How many items the source says have each status: a count per status level's id, with the total "
        f"under '{STATED_TOTAL_KEY}' if the source states it: {{genomford: 18, pagar: 7, aterstar: 1, av: 26}}. "
        "Each count is checked against the statuses.",
    )
    groups: list[DeliverableGroup] = Field(min_length=1)
