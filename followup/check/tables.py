"""Table rules beyond the model: own column headings name the kind's columns, and a grouped
table's groups, periods and stated totals are the ones it declares."""

from __future__ import annotations

from typing import Iterator

from followup.check.common import tables_of, unknown_message
from followup.errors import Problem
from followup.i18n import _
from followup.load.loader import ReportBundle
from followup.model.periods import parse_period
from followup.model.tables import DEFAULT_LABELS


def label_keys(table) -> list[str]:
    """The keys a table's `labels` may name: its kind's columns (and a grouped table's groups)."""
    keys = list(DEFAULT_LABELS.get(table.kind, {}))
    if table.kind == "grouped":
        keys += list(table.groups)
    return keys


def check_table_labels(bundle: ReportBundle) -> Iterator[Problem]:
    """A table's own column headings (`labels`) name columns its kind shows."""
    for table, file_name, kp in tables_of(bundle):
        keys = label_keys(table)
        for key in table.labels:
            if key not in keys:
                yield bundle.problem(
                    file_name,
                    kp + ("labels", key),
                    unknown_message(
                        _("okänd kolumnrubrik"), key, keys, _("en tabell av slaget '{kind}'").format(kind=table.kind)
                    ),
                    at_key=True,
                )


def _same_period(key: str, periods: list[str]) -> bool:
    try:
        parsed = parse_period(str(key))
    except ValueError:
        return str(key) in periods
    return any(parse_period(p) == parsed for p in periods)


def check_grouped_tables(bundle: ReportBundle) -> Iterator[Problem]:
    """A grouped table's groups are declared groups; its rows and stated totals use its own
    periods and groups."""
    groups = [g.id for g in bundle.groups]
    for table, file_name, kp in tables_of(bundle):
        if table.kind != "grouped":
            continue
        for gi, group in enumerate(table.groups):
            if group not in groups:
                yield bundle.problem(
                    file_name, kp + ("groups", gi), unknown_message(_("okänd grupp"), group, groups, "organisation.yaml")
                )
        periods = [str(p.label) if hasattr(p, "label") else str(p) for p in table.periods]
        own = list(table.groups)
        places: list[tuple[tuple, dict]] = [(("rows", ri, "values"), row.values) for ri, row in enumerate(table.rows)]
        places.append((("stated_totals",), table.stated_totals))
        for where, by_period in places:
            for period, by_group in by_period.items():
                if not _same_period(str(period), periods):
                    yield bundle.problem(
                        file_name,
                        kp + where + (period,),
                        unknown_message(_("okänd period"), str(period), periods, _("tabellens 'periods'")),
                        at_key=True,
                    )
                    continue
                for group in by_group:
                    if group not in own:
                        yield bundle.problem(
                            file_name,
                            kp + where + (period, group),
                            unknown_message(_("okänd grupp"), group, own, _("tabellens 'groups'")),
                            at_key=True,
                        )
