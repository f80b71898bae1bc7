"""Keeping back a report with errors: its published pages stay on the site (or, never published, it
is left out) while the rest of the site is built, so one broken report does not stop a build.

Which report an error belongs to (`errors_by_report`, `report_of_path`), taking the broken reports
out of a build (`keep_back_broken_reports`, a step of `followup.build.pipeline.build_into`) and the
state the manifest records after keeping reports back (`recorded_state`), so the next build checks
them again.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable

from followup.errors import DataErrors, Problem, has_errors

ReportKey = tuple[str, str]


@dataclass
class KeptBack:
    """A report whose errors kept it from being updated: its published version stays on the site
    (`published`), or, never published before, it is left out."""

    key: tuple[str, str]
    problems: list[Problem]
    published: bool

    @property
    def name(self) -> str:
        return f"{self.key[0]}/{self.key[1]}"


def report_of_path(path: str) -> ReportKey | None:
    """(org, report) when a project-relative path lies in a report's data or content folder."""
    parts = path.replace("\\", "/").split("/")
    if len(parts) >= 4 and parts[0] in ("data", "content"):
        return parts[1], parts[2]
    return None


def errors_by_report(
    problems: Iterable[Problem], reports: Iterable[ReportKey]
) -> tuple[dict[ReportKey, list[Problem]], list[Problem]]:
    """The errors located in each report ({report: errors}; an error in an organisation.yaml
    counts for every report of that organisation) and the errors located in no report."""
    reports = sorted(set(reports))
    by_report: dict[ReportKey, list[Problem]] = {}
    general: list[Problem] = []
    for p in problems:
        if p.severity != "error":
            continue
        where = report_of_path(p.path)
        if where is not None:
            by_report.setdefault(where, []).append(p)
            continue
        parts = p.path.replace("\\", "/").split("/")
        if len(parts) == 3 and parts[0] == "data" and parts[2] == "organisation.yaml":
            org_reports = [key for key in reports if key[0] == parts[1]]
            for key in org_reports:
                by_report.setdefault(key, []).append(p)
            if org_reports:
                continue
        general.append(p)
    return by_report, general


def keep_back_broken_reports(
    project: Any, problems: list[Problem], plan: Any, previous: Any, state: Any
) -> tuple[Any, list[KeptBack], list[Problem]]:
    """Take the reports with errors out of the build: (plan, kept back, the other problems);
    without errors, everything as it was.

    A report published by the last build keeps its published pages (its record is reused, so its
    files are linked from the published site byte for byte); a report never published is left out.
    Raises DataErrors (nothing is published) for errors located in no report, and when a broken
    report is published but its pages cannot be kept (no compatible published build: another
    version of the tool, other options, or site/ changed by hand)."""
    if not has_errors(problems):
        return plan, [], problems
    keys = {(b.org_id, b.report_id) for b in project.reports}
    if state is not None:
        keys |= {tuple(name.split("/", 1)) for name in state.reports}
    if plan is not None:
        keys |= set(plan.reused)
    broken, general = errors_by_report(problems, keys)
    if general or previous is None:
        raise DataErrors(problems)
    if plan is None:
        plan = previous  # every report was loaded: the plan's `changed` is every report
    kept: list[KeptBack] = []
    for key in sorted(broken):
        if previous.was_published(key):
            record = previous.published_record(key)
            if record is None:
                raise DataErrors(problems)
            plan.keep_published(key, record)
            kept.append(KeptBack(key, broken[key], True))
        else:
            plan.changed.discard(key)
            plan.reused.pop(key, None)
            kept.append(KeptBack(key, broken[key], False))
    held = {k.key for k in kept}
    project.reports = [b for b in project.reports if (b.org_id, b.report_id) not in held]
    rest = [p for p in problems if not any(p in k.problems for k in kept)]
    rest = [p for p in rest if report_of_path(p.path) not in held]
    return plan, kept, rest


def recorded_state(state: Any, kept_back: list[KeptBack], plan: Any) -> Any:
    """The state the manifest records: with reports kept back, the published digests of those
    reports (so the next build loads and checks them again) and inputs that never match (so the
    next build is never a no-op that hides their errors)."""
    if state is None or not kept_back:
        return state
    reports, cards = dict(state.reports), dict(state.cards)
    for k in kept_back:
        if k.published and plan is not None:
            reports[k.name] = plan.previous_reports.get(k.name, "")
            cards[k.name] = plan.previous_cards.get(k.name, "")
        else:
            reports.pop(k.name, None)
            cards.pop(k.name, None)
    return replace(state, inputs=state.inputs + "\0kept-back", reports=reports, cards=cards)
