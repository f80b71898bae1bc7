"""An organisation over the years: each indicator and goal followed across its reports (matched by
id or `same_as:`, see check/across_reports.py), with the value every report gave for every period,
the targets as they were set, the assessments each report gave; and goal attainment per report.

Only indicators and goals that appear in at least two reports get a series (otherwise the report's
own page says everything). The outcome shown for a period is the latest report's value; where the
reports gave different values, every report's value is kept (`YearRow.given`, `YearRow.restated`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from followup.check.across_reports import Lineage, acknowledged_restatements, lineages, period_key, same_value, statements
from followup.compute.goals import GoalSummary
from followup.compute.indicators import TargetResult
from followup.compute.references import UnknownReference, resolve_reference
from followup.model import formatting
from followup.model.periods import Period

if TYPE_CHECKING:  # pragma: no cover
    from followup.compute.summaries import ReportSummary
    from followup.model.models import AssessmentLevel
    from followup.project import ReportBundle

MIN_REPORTS = 2  # a series needs at least this many reports


@dataclass
class ReportRef:
    """A report as a series names it: title, period and its overview's site-relative address."""

    org_id: str
    report_id: str
    title: str
    period: str
    year: int | None

    @property
    def url(self) -> str:
        return f"{self.org_id}/{self.report_id}/index.html"


def report_ref(bundle: "ReportBundle") -> ReportRef:
    period = getattr(bundle.report, "period", None)
    end = getattr(period, "end", None)
    return ReportRef(
        bundle.org_id,
        bundle.report_id,
        bundle.report.short_title or bundle.report.title,
        str(period or ""),
        end.year if end else None,
    )


@dataclass
class Given:
    """The value one report gave for a period."""

    report: ReportRef
    value: float
    where: str  # path:line:col in the data
    acknowledged: str | None = None  # the reason, when the report records it as a correction


@dataclass
class YearRow:
    period: str
    given: list[Given] = field(default_factory=list)  # oldest report first
    targets: list[tuple[ReportRef, TargetResult]] = field(default_factory=list)
    assessments: list[tuple[ReportRef, "AssessmentLevel"]] = field(default_factory=list)

    @property
    def value(self) -> float | None:
        """The latest report's value."""
        return self.given[-1].value if self.given else None

    @property
    def restated(self) -> bool:
        return any(not same_value(a.value, b.value) for a, b in zip(self.given, self.given[1:]))


@dataclass
class GroupYears:
    group_id: str
    label: str
    rows: list[YearRow]


@dataclass
class IndicatorYears:
    key: str  # the id in the latest report
    name: str
    unit: str
    decimals: int | None
    direction: str
    ids: list[str]  # every id it had, oldest first
    names: list[str]  # every name it had, oldest first
    reports: list[ReportRef]
    groups: list[GroupYears]

    @property
    def url_name(self) -> str:
        return f"indikator-{self.key}"

    @property
    def restated(self) -> bool:
        return any(row.restated for g in self.groups for row in g.rows)


@dataclass
class GoalYear:
    report: ReportRef
    goal_id: str
    title: str
    area: str
    level: "AssessmentLevel | None"
    assessment_text: str | None
    values: dict[str, str] = field(default_factory=dict)  # {{ värde: … }} of the text -> the report's value, formatted


@dataclass
class GoalYears:
    key: str
    title: str
    ids: list[str]
    years: list[GoalYear]
    scale: list["AssessmentLevel"]

    @property
    def url_name(self) -> str:
        return f"mal-{self.key}"

    @property
    def reports(self) -> list[ReportRef]:
        return [y.report for y in self.years]


@dataclass
class Attainment:
    """Goal attainment of one report: "2013: 12 av 27 mål uppfyllda"."""

    report: ReportRef
    goals: GoalSummary

    def sentence(self) -> str:
        return f"{self.report.year or self.report.period}: {self.goals.sentence()}"


@dataclass
class OrganisationYears:
    indicators: list[IndicatorYears]
    goals: list[GoalYears]
    attainment: list[Attainment]

    @property
    def empty(self) -> bool:
        return not (self.indicators or self.goals or self.attainment)


def _period_sort(period: Any) -> tuple:
    if isinstance(period, Period):
        return (0, period.sort_key, "")
    return (1, (), str(period))


def _group_label(bundle: "ReportBundle", group_id: str) -> str:
    return next((g.label for g in bundle.groups if g.id == group_id), group_id)


def indicator_years(
    lineage: Lineage, summaries: dict[tuple[str, str], "ReportSummary"], acknowledged: dict[tuple, str] | None = None
) -> IndicatorYears:
    """The series of one lineage; `acknowledged` maps (report id, indicator id, group, period as written)
    to the reason a report gives for correcting an earlier report's value."""
    refs = {id(o.bundle): report_ref(o.bundle) for o in lineage.occurrences}
    acknowledged = acknowledged or {}
    rows: dict[tuple[str, Any], YearRow] = {}
    for (group, period), given in statements(lineage).items():
        row = rows.setdefault((group, period), YearRow(given[-1].period_key))
        for statement in given:
            reason = acknowledged.get(
                (statement.bundle.report_id, statement.occurrence.item.id, statement.group, statement.period_key)
            )
            row.given.append(Given(refs[id(statement.bundle)], statement.value, statement.where(), reason))
    for occurrence in lineage.occurrences:
        summary = summaries.get((occurrence.bundle.org_id, occurrence.bundle.report_id))
        isum = summary.indicator(occurrence.item.id) if summary is not None else None
        if isum is None:
            continue
        ref = refs[id(occurrence.bundle)]
        for target in isum.targets:
            key = (target.group, period_key(target.period))
            rows.setdefault(key, YearRow(target.period)).targets.append((ref, target))
        for series in isum.series:
            for point in series.points:
                if point.assessment is not None:
                    key = (series.group.id, period_key(point.period))
                    rows.setdefault(key, YearRow(point.period)).assessments.append((ref, point.assessment))
    latest = lineage.latest.bundle
    group_order = [s.group for o in reversed(lineage.occurrences) for s in o.item.series]
    groups = []
    for group_id in dict.fromkeys(group_order):
        keys = sorted((k for k in rows if k[0] == group_id), key=lambda k: _period_sort(k[1]))
        groups.append(GroupYears(group_id, _group_label(latest, group_id), [rows[k] for k in keys]))
    item = lineage.latest.item
    return IndicatorYears(
        key=lineage.key,
        name=item.name,
        unit=item.unit,
        decimals=item.decimals,
        direction=item.direction,
        ids=lineage.ids,
        names=list(dict.fromkeys(o.item.name for o in lineage.occurrences)),
        reports=_unique_refs(lineage, refs),
        groups=groups,
    )


def _unique_refs(lineage: Lineage, refs: dict[int, ReportRef]) -> list[ReportRef]:
    seen: dict[int, ReportRef] = {}
    for o in lineage.occurrences:
        seen.setdefault(id(o.bundle), refs[id(o.bundle)])
    return list(seen.values())


#: A `{{ värde: <ref> }}` in a text (the syntax of site/markdown.py).
_VALUE_REF = re.compile(r"\{\{\s*(?:värde|varde|value)\s*:\s*(?P<target>[^\s:{}]+)\s*\}\}")


def text_values(bundle: "ReportBundle", summary: "ReportSummary | None", text: str | None) -> dict[str, str]:
    """The value of each `{{ värde: … }}` in a report's text, formatted as its pages show it (an
    unknown reference is left out: the report's own page reports it)."""
    found: dict[str, str] = {}
    for m in _VALUE_REF.finditer(text or ""):
        try:
            resolved = resolve_reference(bundle, summary, m.group("target"))
        except UnknownReference:
            continue
        shown = "–" if resolved.value is None else formatting.format_value(resolved.value, resolved.unit, resolved.decimals)
        found[m.group("target")] = shown
    return found


def goal_years(lineage: Lineage, summaries: dict[tuple[str, str], "ReportSummary"] | None = None) -> GoalYears:
    years = []
    for occurrence in lineage.occurrences:
        bundle = occurrence.bundle
        perspective = bundle.goals.perspectives[occurrence.keypath[1]] if bundle.goals is not None else None
        levels = {level.id: level for level in bundle.assessment_scale}
        goal = occurrence.item
        years.append(
            GoalYear(
                report_ref(bundle),
                goal.id,
                goal.title,
                perspective.title if perspective is not None else "",
                levels.get(goal.assessment) if goal.assessment else None,
                goal.assessment_text,
                text_values(bundle, (summaries or {}).get((bundle.org_id, bundle.report_id)), goal.assessment_text),
            )
        )
    return GoalYears(lineage.key, lineage.latest.item.title, lineage.ids, years, list(lineage.latest.bundle.assessment_scale))


def organisation_years(bundles: list["ReportBundle"], summaries: dict[tuple[str, str], "ReportSummary"]) -> OrganisationYears:
    """The organisation's series (bundles in chronological order: check/across_reports.report_order)."""

    def spans(lineage: Lineage) -> bool:
        return len({id(o.bundle) for o in lineage.occurrences}) >= MIN_REPORTS

    found, _ = acknowledged_restatements(bundles)
    acknowledged = {
        (r.later.bundle.report_id, r.later.occurrence.item.id, r.later.group, r.later.period_key): r.acknowledgment.reason
        for r in found
        if r.acknowledgment is not None
    }
    indicators = [
        indicator_years(lineage, summaries, acknowledged) for lineage in lineages(bundles, "indicator") if spans(lineage)
    ]
    goals = [goal_years(lineage, summaries) for lineage in lineages(bundles, "goal") if spans(lineage)]
    attainment = []
    for bundle in bundles:
        summary = summaries.get((bundle.org_id, bundle.report_id))
        if summary is not None and summary.goals is not None and summary.goals.total:
            attainment.append(Attainment(report_ref(bundle), summary.goals))
    if len(attainment) < MIN_REPORTS:
        attainment = []
    return OrganisationYears(indicators, goals, attainment)
