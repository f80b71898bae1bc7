"""Ids and rows are unique: every goal, indicator, survey, table and deliverable has its own id, and no
table names a row twice, so references and pages are never ambiguous."""

from __future__ import annotations

from typing import Iterator

from followup.check.common import duplicate_problems, goals_of, tables_of
from followup.errors import Problem
from followup.i18n import _
from followup.load.loader import (
    ReportBundle,
)

# --- Report checks ----------------------------------------------------------------------------


def check_ids_unique(bundle: ReportBundle) -> Iterator[Problem]:
    """Goals, perspectives, indicators, surveys, tables, deliverables and key figures have unique ids."""
    if bundle.goals:
        yield from duplicate_problems(
            bundle,
            _("id för ett perspektiv"),
            ((p.id, "goals.yaml", ("perspectives", i, "id")) for i, p in enumerate(bundle.goals.perspectives)),
        )
        yield from duplicate_problems(
            bundle, _("id för ett mål"), ((g.id, "goals.yaml", kp + ("id",)) for g, kp in goals_of(bundle))
        )
    if bundle.indicators:
        yield from duplicate_problems(
            bundle,
            _("id för en indikator"),
            ((ind.id, "indicators.yaml", ("indicators", i, "id")) for i, ind in enumerate(bundle.indicators.indicators)),
        )
    if bundle.surveys:
        yield from duplicate_problems(
            bundle,
            _("id för en enkät"),
            ((s.id, "surveys.yaml", ("surveys", i, "id")) for i, s in enumerate(bundle.surveys.surveys)),
        )
        for si, survey in enumerate(bundle.surveys.surveys):
            yield from duplicate_problems(
                bundle,
                _("id för en fråga"),
                ((q.id, "surveys.yaml", ("surveys", si, "questions", qi, "id")) for qi, q in enumerate(survey.questions)),
            )
    yield from duplicate_problems(bundle, _("id för en tabell"), ((t.id, f, kp + ("id",)) for t, f, kp in tables_of(bundle)))
    if bundle.deliverables:
        groups = bundle.deliverables.groups
        yield from duplicate_problems(
            bundle,
            _("id för en leveransgrupp"),
            ((g.id, "deliverables.yaml", ("groups", i, "id")) for i, g in enumerate(groups)),
        )
        yield from duplicate_problems(
            bundle,
            _("id för en leverans"),
            (
                (d.id, "deliverables.yaml", ("groups", gi, "items", di, "id"))
                for gi, g in enumerate(groups)
                for di, d in enumerate(g.items)
            ),
        )
    yield from duplicate_problems(
        bundle,
        _("id för ett nyckeltal"),
        ((k.id, "report.yaml", ("key_figures", i, "id")) for i, k in enumerate(bundle.report.key_figures)),
    )
    for key in ("assessment_scale", "status_scale"):
        scale = getattr(bundle.report, key)
        if scale:
            yield from duplicate_problems(
                bundle, _("id för en skalnivå"), ((lvl.id, "report.yaml", (key, i, "id")) for i, lvl in enumerate(scale))
            )


def check_rows_unique(bundle: ReportBundle) -> Iterator[Problem]:
    """No unit, period or group twice in one table, survey round or indicator."""
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            base = ("surveys", si, "rounds")
            yield from duplicate_problems(
                bundle,
                _("period för en enkätomgång"),
                ((str(r.period), "surveys.yaml", base + (ri, "period")) for ri, r in enumerate(survey.rounds)),
                is_id=False,
            )
            for ri, rnd in enumerate(survey.rounds):
                yield from duplicate_problems(
                    bundle,
                    _("enhet i en rad"),
                    ((u.unit, "surveys.yaml", base + (ri, "units", ui, "unit")) for ui, u in enumerate(rnd.units)),
                    is_id=False,
                )
                yield from duplicate_problems(
                    bundle,
                    _("grupp i en rad"),
                    ((g.group, "surveys.yaml", base + (ri, "groups", gi, "group")) for gi, g in enumerate(rnd.groups)),
                    is_id=False,
                )
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            yield from duplicate_problems(
                bundle,
                _("grupp för en serie"),
                ((s.group, "indicators.yaml", ("indicators", ii, "series", si, "group")) for si, s in enumerate(ind.series)),
                is_id=False,
            )
    for table, file_name, kp in tables_of(bundle):
        if table.kind in ("per_unit", "before_after"):
            yield from duplicate_problems(
                bundle,
                _("enhet i en rad"),
                ((r.unit, file_name, kp + ("rows", ri, "unit")) for ri, r in enumerate(table.rows)),
                is_id=False,
            )
        if table.kind == "budget_outcome":
            yield from duplicate_problems(
                bundle,
                _("period i en rad"),
                ((str(r.period), file_name, kp + ("rows", ri, "period")) for ri, r in enumerate(table.rows)),
                is_id=False,
            )
        if table.kind == "table":
            yield from duplicate_problems(
                bundle,
                _("id för en kolumn"),
                ((c.id, file_name, kp + ("columns", ci, "id")) for ci, c in enumerate(table.columns)),
            )
