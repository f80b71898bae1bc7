"""Across an organisation's reports: which indicators and goals are the same (by id, or a rename
declared with `same_as:`), and earlier years' values that a later report states differently.

Reports of one organisation are ordered by their period (end, then start, then folder name). An
indicator's series in a later report often repeats the outcomes of earlier years; when the value
differs from the one the previous report that gave it stated, the later value is a warning located
at the later value and naming the earlier file:line and both values. A value written with fewer
decimals is the same value rounded (5,5 and 5,54 agree); anything else is a restatement.

`acknowledged:` in the later report's report.yaml records that the later figure is a correction
(`restates:` the earlier report, `earlier:` its value, `stated:` this report's); the restatement
is then no warning, and an acknowledgment that no longer describes one is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from followup.errors import Problem
from followup.i18n import N_, _
from followup.model import formatting
from followup.model.periods import Period, parse_period
from followup.project import Project, ReportBundle

ACK_HINT = N_("är det senare värdet en rättelse, bekräfta det med acknowledged i report.yaml (restates: {earlier})")


def report_order(bundle: ReportBundle) -> tuple:
    """Chronological order of an organisation's reports: by period end, start, then folder name."""
    period = getattr(bundle.report, "period", None)
    end = getattr(period, "end", None)
    start = getattr(period, "start", None)
    return (end.isoformat() if end else "9999", start.isoformat() if start else "9999", bundle.report_id)


def organisations(project: Project) -> dict[str, list[ReportBundle]]:
    """Each organisation's reports, in chronological order."""
    found: dict[str, list[ReportBundle]] = {}
    for bundle in project.reports:
        found.setdefault(bundle.org_id, []).append(bundle)
    return {org: sorted(bundles, key=report_order) for org, bundles in sorted(found.items())}


# --- Lineages: the same indicator or goal in several reports ------------------------------------


@dataclass
class Occurrence:
    """One report's indicator or goal that belongs to a lineage."""

    bundle: ReportBundle
    item: Any  # the Indicator or Goal
    keypath: tuple  # where it is in its file
    file_name: str


@dataclass
class Lineage:
    """An indicator or goal followed across reports (oldest report first)."""

    kind: str  # "indicator" or "goal"
    key: str  # the id in the latest report
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def ids(self) -> list[str]:
        return list(dict.fromkeys(o.item.id for o in self.occurrences))

    @property
    def latest(self) -> Occurrence:
        return self.occurrences[-1]


def _items(bundle: ReportBundle, kind: str) -> Iterator[tuple[Any, tuple, str]]:
    if kind == "indicator":
        if bundle.indicators is not None:
            for index, indicator in enumerate(bundle.indicators.indicators):
                yield indicator, ("indicators", index), "indicators.yaml"
    elif bundle.goals is not None:
        for pi, perspective in enumerate(bundle.goals.perspectives):
            for gi, goal in enumerate(perspective.goals):
                yield goal, ("perspectives", pi, "goals", gi), "goals.yaml"


def lineages(bundles: list[ReportBundle], kind: str) -> list[Lineage]:
    """The organisation's indicators (kind "indicator") or goals ("goal") matched across its reports
    (given in chronological order): the same id, or linked by `same_as:`. In order of first appearance."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    found: list[Occurrence] = []
    for bundle in bundles:
        for item, keypath, file_name in _items(bundle, kind):
            find(item.id)
            if getattr(item, "same_as", None):
                parent[find(item.id)] = find(item.same_as)
            found.append(Occurrence(bundle, item, keypath, file_name))
    groups: dict[str, Lineage] = {}
    for occurrence in found:
        root = find(occurrence.item.id)
        lineage = groups.setdefault(root, Lineage(kind, occurrence.item.id))
        lineage.occurrences.append(occurrence)
        lineage.key = occurrence.item.id  # the latest report's id names the lineage
    return list(groups.values())


# --- Restated values ------------------------------------------------------------------------------


@dataclass
class Statement:
    """The value one report gives for one period of an indicator's group."""

    occurrence: Occurrence
    group: str
    period_key: str  # as written in the data
    value: float

    @property
    def bundle(self) -> ReportBundle:
        return self.occurrence.bundle

    def location(self) -> tuple[str, int, int]:
        series_index = next(i for i, s in enumerate(self.occurrence.item.series) if s.group == self.group)
        keypath = self.occurrence.keypath + ("series", series_index, "values", self.period_key)
        return self.bundle.locate(self.occurrence.file_name, keypath)

    def where(self) -> str:
        path, line, column = self.location()
        return f"{path}:{line}:{column}"


@dataclass
class Restatement:
    later: Statement
    earlier: Statement
    acknowledgment: Any = None  # the later report's Acknowledgment, when it records a correction


def period_key(key: str) -> Period | str:
    """A period as a key that equals for equal periods however written (2013, \"2013\")."""
    try:
        return parse_period(key)
    except (ValueError, TypeError):
        return key.strip()


def same_value(a: float, b: float) -> bool:
    """Equal, or equal once the more precise is rounded to the other's decimals (5,54 ≈ 5,5). A
    whole number is not taken as a rounding (the data does not keep "7,0" apart from "7")."""
    if a == b:
        return True
    decimals = min(formatting.natural_decimals(a), formatting.natural_decimals(b))
    return decimals >= 1 and formatting.format_number(a, decimals) == formatting.format_number(b, decimals)


def number_text(value: float) -> str:
    return formatting.format_number(value, formatting.natural_decimals(value))


def statements(lineage: Lineage) -> dict[tuple[str, Any], list[Statement]]:
    """(group, period) -> the value each report gives for it, oldest report first."""
    found: dict[tuple[str, Any], list[Statement]] = {}
    for occurrence in lineage.occurrences:
        for series in occurrence.item.series:
            for key, value in series.values.items():
                if value is not None:
                    found.setdefault((series.group, period_key(key)), []).append(Statement(occurrence, series.group, key, value))
    return found


def restatements(lineage: Lineage) -> list[Restatement]:
    """Each value that differs from the one the previous report giving it stated."""
    found = []
    for values in statements(lineage).values():
        for earlier, later in zip(values, values[1:]):
            if earlier.bundle is not later.bundle and not same_value(earlier.value, later.value):
                found.append(Restatement(later, earlier))
    return found


def _ack_ref(ref: str) -> tuple[str, str, str, Any] | None:
    parts = ref.strip().split(".", 3)
    if len(parts) != 4 or parts[0].lower() != "indicators":
        return None
    return parts[0], parts[1].lower(), parts[2].lower(), period_key(parts[3])


def acknowledged_restatements(bundles: list[ReportBundle]) -> tuple[list[Restatement], list[Problem]]:
    """An organisation's restatements with the acknowledgments that record them, and a warning per
    acknowledgment that describes none."""
    found = [r for lineage in lineages(bundles, "indicator") for r in restatements(lineage)]
    problems: list[Problem] = []
    for bundle in bundles:
        problems.extend(_match_acknowledgments(bundle, [r for r in found if r.later.bundle is bundle]))
    return found, problems


def check_restated_values(project: Project) -> list[Problem]:
    """A warning per unacknowledged restatement, and per acknowledgment of one that no longer holds."""
    problems: list[Problem] = []
    for bundles in organisations(project).values():
        found, stale = acknowledged_restatements(bundles)
        problems.extend(stale)
        for r in found:
            if r.acknowledgment is not None:
                continue
            later, earlier = r.later, r.earlier
            path, line, column = later.location()
            item = later.occurrence.item
            name = getattr(item, "name", None) or getattr(item, "title", None) or item.id
            group = next((g.label for g in later.bundle.groups if g.id == later.group), later.group)
            message = _("{name} ({group}) {period} anges här till {value}, men {report} angav {earlier} ({where})").format(
                name=name,
                group=group.lower(),
                period=later.period_key,
                value=number_text(later.value),
                report=earlier.bundle.report.title,
                earlier=number_text(earlier.value),
                where=earlier.where(),
            )
            hint = _(ACK_HINT).format(earlier=earlier.bundle.report_id)
            problems.append(Problem(path, line, column, f"{message}; {hint}", "warning"))
    return problems


def _match_acknowledgments(bundle: ReportBundle, found: list[Restatement]) -> list[Problem]:
    """Attach each of the report's `restates` acknowledgments to its restatement; warn for the rest."""
    problems = []
    for index, ack in enumerate(getattr(bundle.report, "acknowledged", None) or []):

        def warn(keypath: tuple, message: str, index: int = index) -> None:
            problems.append(bundle.problem("report.yaml", ("acknowledged", index) + keypath, message, severity="warning"))

        if ack.restates is None:  # a stated number or assessment: compute/stated.py
            continue
        if ack.earlier is None or ack.stated is None:
            if ack.earlier is None:
                warn(("restates",), _("med restates anges också earlier: värdet som den tidigare rapporten angav"))
            else:
                warn(("restates",), _("med restates anges också stated: värdet som den här rapporten anger"))
            continue
        parsed = _ack_ref(ack.ref)
        if parsed is None:
            warn(
                ("ref",),
                _("'{ref}' är ingen indikators värde; skriv indicators.<indikator>.<grupp>.<period>").format(ref=ack.ref),
            )
            continue
        if bundle.root is not None and not (bundle.root / "data" / bundle.org_id / ack.restates).is_dir():
            warn(
                ("restates",),
                _("'{report}' är ingen rapport från {org}").format(report=ack.restates, org=bundle.organisation.name),
            )
            continue
        _kind, indicator, group, period = parsed
        match = next(
            (
                r
                for r in found
                if r.later.occurrence.item.id == indicator
                and r.later.group == group
                and period_key(r.later.period_key) == period
                and r.earlier.bundle.report_id == ack.restates
            ),
            None,
        )
        if match is None:
            warn(
                ("ref",),
                _(
                    "bekräftelsen av {ref} behövs inte längre: {report} och den här rapporten anger inte "
                    "olika värden för den; ta bort bekräftelsen"
                ).format(ref=ack.ref, report=ack.restates),
            )
        elif not same_value(ack.stated.value, match.later.value) or not same_value(ack.earlier.value, match.earlier.value):
            warn(
                ("stated",),
                _(
                    "bekräftelsen av {ref} gäller {earlier} i {report} och {stated} här, men data anger nu {now_earlier} "
                    "och {now_later}; granska avvikelsen igen och uppdatera bekräftelsen"
                ).format(
                    ref=ack.ref,
                    earlier=ack.earlier.text,
                    report=ack.restates,
                    stated=ack.stated.text,
                    now_earlier=number_text(match.earlier.value),
                    now_later=number_text(match.later.value),
                ),
            )
        else:
            match.acknowledgment = ack
    return problems
