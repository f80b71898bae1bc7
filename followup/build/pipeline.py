"""The pipeline, in the order it runs: load → check → compute → charts → pages → MkDocs → publish.

`check_project` is the first half (what `build.py check` runs): read every file into the model,
apply the rules, compute the summaries and check every stated number and every reference against
them. `build_site` (in `followup.build.publish`, which adds the lock, the incremental cache and
the atomic swap) runs the whole pipeline; its body, `build_into`, states the order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from followup.check import rules
from followup.compute import stated
from followup.compute.summaries import ReportSummary, summarize
from followup.errors import Problem
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
    summaries: dict[ReportKey, ReportSummary] = {}
    for bundle in project.reports:
        if rules.has_unusable_numbers(bundle):
            continue
        summary = summarize(bundle)  # compute
        summaries[(bundle.org_id, bundle.report_id)] = summary
        problems.extend(_checks_on_computed_values(bundle, summary))
    return CheckedProject(project, _sorted_unique(problems), summaries)


def check_project(root: Path, *, only: set[ReportKey] | None = None) -> tuple[Project, list[Problem]]:
    """Every problem `build` would find, without building: (project, problems)."""
    checked = read_and_check(root, only=only)
    return checked.project, checked.problems


def _checks_on_computed_values(bundle: ReportBundle, summary: ReportSummary) -> list[Problem]:
    """Stated numbers against the computed ones, and `{{ … }}` references against what exists."""
    found = stated.problems_from(stated.check_report(bundle, summary))
    chart_ids = references.report_chart_ids(bundle, summary)
    found.extend(references.check_references(bundle, summary, chart_ids, bundle.root))
    return found


def _sorted_unique(problems: Iterable[Problem]) -> list[Problem]:
    return sorted(dict.fromkeys(problems), key=Problem.sort_key)


def summaries_of(bundles: Iterable[Any]) -> dict[ReportKey, ReportSummary]:
    return {(b.org_id, b.report_id): summarize(b) for b in bundles}
