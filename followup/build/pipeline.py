"""The pipeline, in the order it runs: load → check → compute → charts → pages → MkDocs → publish.

`check_project` is the first half (what `build.py check` runs): read every file into the model,
apply the rules, compute the summaries and check every stated number and every reference against
them. `build_site` (in `followup.build.publish`, which adds the lock, the incremental cache and
the atomic swap) runs the whole pipeline: `read_and_check` is its first step, and `_build_into`
there states the order of the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from followup.charts.limits import limit_problems
from followup.charts.report import build_charts
from followup.check import across_reports, numbers, organisation, rules
from followup.compute import crosschecks, stated
from followup.compute.keyfigure_units import check_key_figure_units
from followup.compute.report import summarize
from followup.compute.summaries import ReportSummary
from followup.errors import Problem, sorted_unique
from followup.load.loader import load_project
from followup.project import Project, ReportBundle
from followup.site import references

ReportKey = tuple[str, str]


@dataclass
class CheckedProject:
    """What the first half of the pipeline hands on: the model, every problem, the summaries."""

    project: Project
    problems: list[Problem]
    summaries: dict[ReportKey, ReportSummary] = field(default_factory=dict)


def read_and_check(root: Path, *, only: set[ReportKey] | None = None) -> CheckedProject:
    """load → check → compute, with the checks that need computed values; never raises for bad data.

    A report whose numbers are unusable (NaN, infinity, absurd magnitudes: reported by the rules)
    gets no summary: sums of such numbers mean nothing.
    """
    project, problems = load_project(root, only=only)  # load
    problems.extend(rules.validate_project(project))  # check
    problems.extend(across_reports.check_restated_values(project))  # check: an organisation's reports agree
    summaries: dict[ReportKey, ReportSummary] = {}
    for bundle in project.reports:
        if numbers.has_unusable_numbers(bundle):
            continue
        summary = summarize(bundle)  # compute
        summaries[(bundle.org_id, bundle.report_id)] = summary
        problems.extend(_checks_on_computed_values(bundle, summary))
    return CheckedProject(project, sorted_unique(problems), summaries)


def check_project(root: Path, *, only: set[ReportKey] | None = None) -> tuple[Project, list[Problem]]:
    """Every problem `build` would find, without building: (project, problems)."""
    checked = read_and_check(root, only=only)
    problems = checked.problems + organisation.check_accessibility_contacts(checked.project, publishing=False)
    return checked.project, sorted_unique(problems)


def _checks_on_computed_values(bundle: ReportBundle, summary: ReportSummary) -> list[Problem]:
    """Stated numbers against the computed ones, and `{{ … }}` references against what exists."""
    found = stated.problems_from(crosschecks.check_all(bundle, summary))
    found.extend(check_key_figure_units(bundle, summary))
    chart_ids = references.report_chart_ids(bundle, summary)
    found.extend(references.check_references(bundle, summary, chart_ids, bundle.root))
    if not bundle.invalid_files:  # the chart list needs every file valid
        found.extend(limit_problems(bundle, build_charts(bundle, summary)))  # charts too big to draw
    return found


# --- which reports a build publishes ---------------------------------------------------------------


def is_published(bundle: ReportBundle, *, drafts: bool = False, everything: bool = False) -> bool:
    """Whether a loaded report goes on the site: not with `publish: false`, and a draft (`utkast`)
    only with `drafts` (`build --utkast`); `everything` (the preview of `serve`) shows all."""
    report = getattr(bundle, "report", None)
    if everything or report is None:
        return True
    if not getattr(report, "publish", True):
        return False
    return drafts or report.status != "utkast"


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


def parse_report_key(text: str) -> ReportKey | None:
    """ "ORGANISATION/RAPPORT" -> (org, report); None when not of that form."""
    parts = text.strip().strip("/").split("/")
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]
