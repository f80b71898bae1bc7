"""Deliverables per status and the share completed, per group and in all."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from followup.compute.common import _clean, level_of

if TYPE_CHECKING:  # pragma: no cover - imports for type checkers only
    from followup.model.models import (
        Deliverable,
        StatusLevel,
    )
    from followup.project import ReportBundle


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
    items: list[DeliverableStatus] = []
    groups: list[DeliverableGroupSummary] = []
    for group in file.groups:
        group_items = [DeliverableStatus(group.id, d.id, d.title, level_of(scale, d.status), d) for d in group.items]
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
