"""A report's "Ändringar" page: what changed at each publication after the first (compute/changes.py,
build/history.py), with old and new values and the date. No page for a report published once."""

from __future__ import annotations

from typing import Any, Callable

from followup.compute.changes import ChangeSet

KIND_ORDER = {"tal": 0, "bedömning": 1, "status": 2, "text": 3}
KIND_HEADINGS = {"tal": "Tal", "bedömning": "Bedömningar", "status": "Status", "text": "Texter"}


def change_pages(bundle: Any, base: str, changes: Any, write: Callable[[str, str], None]) -> list[tuple]:
    """The page's ReportPage fields (key, url, title, template, sources, content), or nothing.
    `changes` is build/history.History (or None); the report's publication record, when the build
    keeps one (no git), is written with its pages (so a partial build reuses it with them)."""
    record = getattr(changes, "records", {}).get(f"{base}publicering.json")
    if record is not None:
        write(f"{base}publicering.json", record)
    sets: list[ChangeSet] = getattr(changes, "sets", {}).get((bundle.org_id, bundle.report_id)) or []
    if not sets:
        return []
    sources = [p for p in bundle.source_files if p.startswith((bundle.data_dir + "/", bundle.content_dir + "/"))]
    return [("andringar", base + "andringar.html", "Ändringar", "report_changes.html.j2", sources, ChangeView(sets))]


class ChangeView:
    """The change sets for the template, each one's changes grouped by kind (numbers first)."""

    def __init__(self, sets: list[ChangeSet]):
        self.sets = sets

    def groups(self, change_set: ChangeSet) -> list[tuple[str, list[Any]]]:
        found: dict[str, list[Any]] = {}
        for change in change_set.changes:
            found.setdefault(change.kind, []).append(change)
        return [(KIND_HEADINGS[kind], found[kind]) for kind in sorted(found, key=lambda k: KIND_ORDER.get(k, 9))]

    #: The renderer maps content pages' file names to their pages; this page has no file.
    path = "(ändringar)"
