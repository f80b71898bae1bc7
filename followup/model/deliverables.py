"""`deliverables.yaml`: a project's deliverables with statuses, in groups."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import (
    Field,
)

from followup.model.base import Markdown, Model, Slug

# --- deliverables.yaml ------------------------------------------------------------------


class Deliverable(Model):
    id: Slug
    title: str
    description: Markdown | None = None
    status: Slug = Field(description="A level id of the status scale.")
    outcome: Markdown | None = Field(default=None, description="Utfall: what came of it.")
    responsible: str | None = None
    remains_after_project: bool = Field(default=False, description="Återstående leverans after the project ends.")
    remaining_work: Markdown | None = None
    completed: dt.date | None = None


class DeliverableGroup(Model):
    id: Slug
    title: str
    origin: Literal["planned", "added", "proposed_action", "other"] = Field(
        description="planned at the start, added during the project, or proposed by an investigation."
    )
    description: Markdown | None = None
    items: list[Deliverable] = Field(min_length=1)


class DeliverablesFile(Model):
    introduction: Markdown | None = None
    groups: list[DeliverableGroup] = Field(min_length=1)
