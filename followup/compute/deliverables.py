"""Deliverables per status and the share completed, per group and in all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Sequence

from followup.compute.common import Checked, _clean, check_level_counts, level_of
from followup.model.formatting import format_number
from followup.model.goals import STATED_TOTAL_KEY

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
class StatedStatusCount:
    """A count per status the source states (`stated_counts` in deliverables.yaml), checked against the
    items with that status."""

    level: "StatusLevel"
    checked: Checked  # None as computed when the data does not hold all the items the source counts


@dataclass
class DeliverableStatus:
    group_id: str
    deliverable_id: str
    title: str
    level: "StatusLevel | None"
    deliverable: "Deliverable"
    overdue: bool = False  # not completed by the end of its `due` period, which ended before the report's


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
    overdue: int = 0  # items past their `due` period and not completed
    stated_levels: list[StatedStatusCount] = field(default_factory=list)
    stated_total: int | None = None  # `av` of stated_counts: the items the source counts
    level_counts: dict[str, int] = field(default_factory=dict)  # every status level's id -> its items
    noun: str = "leveranser"  # the source's word for its items (item_word), plural
    noun_singular: str = "leverans"

    @property
    def title(self) -> str:
        """The page's title: `Leveranser`, `Åtgärder`."""
        return self.noun[:1].upper() + self.noun[1:]

    def sentence(self) -> str:
        """`12 av 15 leveranser slutförda`, `1 av 1 åtgärd slutförd`: the noun and its word follow the total."""
        one = self.total == 1
        counted = f"{self.noun_singular} slutförd" if one else f"{self.noun} slutförda"
        return f"{format_number(self.completed, 0)} av {format_number(self.total, 0)} {counted}"


def _level_counts(scale: Sequence["StatusLevel"], items: Sequence[DeliverableStatus]) -> dict[str, int]:
    counts = {level.id: 0 for level in scale}
    for item in items:
        if item.level is not None:
            counts[item.level.id] += 1
    return counts


def _status_counts(scale: Sequence["StatusLevel"], items: Sequence[DeliverableStatus]) -> list[StatusCount]:
    counts = _level_counts(scale, items)
    return [StatusCount(level, counts[level.id]) for level in scale if counts[level.id] > 0]


#: Statuses of work still to do: an item with one of them is late once its `due` period is over.
_UNFINISHED = ("partly_done", "in_progress", "not_started")


def is_overdue(deliverable: "Deliverable", level: "StatusLevel | None", report_end: "dt.date | None") -> bool:
    """Whether the item should have been done by now: its `due` period ended before the report's and its
    status is one of work still to do (not completed, replaced, handed over or cancelled)."""
    due = deliverable.due
    if due is None or level is None or report_end is None or level.completed or level.category not in _UNFINISHED:
        return False
    return due.end < report_end


def summarize_deliverables(bundle: "ReportBundle") -> DeliverableSummary | None:
    file = getattr(bundle, "deliverables", None)
    if file is None:
        return None
    scale = list(bundle.status_scale)
    report_period = getattr(getattr(bundle, "report", None), "period", None)
    report_end = report_period.end if report_period is not None else None
    items: list[DeliverableStatus] = []
    groups: list[DeliverableGroupSummary] = []
    for group in file.groups:
        group_items = []
        for d in group.items:
            level = level_of(scale, d.status)
            group_items.append(DeliverableStatus(group.id, d.id, d.title, level, d, is_overdue(d, level, report_end)))
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
    level_counts = _level_counts(scale, items)
    completed = sum(1 for i in items if i.level is not None and i.level.completed)
    return DeliverableSummary(
        total=len(items),
        completed=completed,
        share_completed=_clean(completed / len(items) * 100.0) if items else None,
        by_status=_status_counts(scale, items),
        groups=groups,
        items=items,
        remaining=sum(1 for i in items if i.deliverable.remains_after_project),
        overdue=sum(1 for i in items if i.overdue),
        stated_levels=[
            StatedStatusCount(level, checked)
            for level, checked in check_level_counts(file.stated_counts or {}, scale, level_counts, len(items))
        ],
        stated_total=(file.stated_counts or {}).get(STATED_TOTAL_KEY),
        level_counts=level_counts,
        noun=file.item_word.plural if file.item_word else "leveranser",
        noun_singular=file.item_word.singular if file.item_word else "leverans",
    )

