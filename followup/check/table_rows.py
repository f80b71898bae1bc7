"""Rows of a generic table (`kind: table`) that are parts of another row ("varav") or have their
own unit: the parent is a row above, the parts do not exceed their parent (and add up to it when
the parent says `parts_complete: true`), and a summed column holds numbers of one unit."""

from __future__ import annotations

import math
from typing import Any, Iterator

from followup.check.common import duplicate_problems, tables_of, unknown_message
from followup.errors import Problem
from followup.i18n import _
from followup.load.loader import ReportBundle
from followup.model.formatting import format_number, unit_label
from followup.model.tables import ROW_KEYS


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _name(row: Any, index: int) -> str:
    return row.label() or row.id or _("rad {number}").format(number=index + 1)


def check_table_rows(bundle: ReportBundle) -> Iterator[Problem]:
    """A generic table's column ids are not row keys, its row ids are unique, `part_of` names a
    row above, and a summed column has no rows in a unit of their own."""
    for table, file_name, kp in tables_of(bundle):
        if table.kind != "table":
            continue
        for ci, column in enumerate(table.columns):
            if column.id in ROW_KEYS:
                yield bundle.problem(
                    file_name,
                    kp + ("columns", ci, "id"),
                    _("'{id}' kan inte vara id för en kolumn, eftersom en rad använder det ordet själv ({keys}); byt id").format(
                        id=column.id, keys=", ".join(ROW_KEYS)
                    ),
                )
        yield from duplicate_problems(
            bundle,
            _("id för en rad"),
            ((row.id, file_name, kp + ("rows", ri, "id")) for ri, row in enumerate(table.rows) if row.id is not None),
        )
        for ri, row in enumerate(table.rows):
            if row.part_of is not None and table.parent_of(ri) is None:
                above = [r.id or r.label() or "" for r in table.rows[:ri]]
                yield bundle.problem(
                    file_name,
                    kp + ("rows", ri, "part_of"),
                    unknown_message(_("okänd rad"), row.part_of, [a for a in above if a], _("raderna ovanför")),
                    hint=_("En rad är en del av en rad ovanför den: ange radens id eller texten i dess första kolumn."),
                )
        for ci, column in enumerate(table.columns):
            others = table.other_unit_rows(column)
            if column.sum and others:
                units = sorted({unit_label(table.rows[i].unit) for i in others})
                names = ", ".join(f"'{_name(table.rows[i], i)}'" for i in others)
                rows = (_("raden {names}") if len(others) == 1 else _("raderna {names}")).format(names=names)
                yield bundle.problem(
                    file_name,
                    kp + ("columns", ci, "sum"),
                    _(
                        "kolumnen '{column}' kan inte summeras: {rows} har en egen enhet ({units}), inte "
                        "kolumnens ({unit}), och tal i olika enheter går inte att lägga ihop; ta bort sum: true "
                        "eller radernas unit"
                    ).format(
                        column=column.label,
                        rows=rows,
                        units=", ".join(units),
                        unit=unit_label(column.unit) or _("ingen"),
                    ),
                )


def check_table_parts(bundle: ReportBundle) -> Iterator[Problem]:
    """In every column, the parts of a row add up to at most the row (a warning at the first
    part), and to exactly the row when it says `parts_complete: true` (an error at the row)."""
    for table, file_name, kp in tables_of(bundle):
        if table.kind != "table":
            continue
        parts: dict[int, list[int]] = {}
        for ri in range(len(table.rows)):
            parent = table.parent_of(ri)
            if parent is not None:
                parts.setdefault(parent, []).append(ri)
        for pi, part_indexes in parts.items():
            parent_row = table.rows[pi]
            for column in table.columns:
                whole = _number(parent_row.get(column.id))
                unit = table.row_unit(parent_row, column)
                # a part in another unit ("varav andel i procent") is not a share of the number
                same = [i for i in part_indexes if table.row_unit(table.rows[i], column) == unit]
                values = [v for i in same if (v := _number(table.rows[i].get(column.id))) is not None]
                if whole is None or not values:
                    continue
                computed = round(math.fsum(values), 9)
                names = ", ".join(f"'{_name(table.rows[i], i)}'" for i in same)
                words = {
                    "parent": _name(parent_row, pi),
                    "column": column.label,
                    "parts": names,
                    "sum": format_number(computed),
                    "value": format_number(whole),
                }
                if parent_row.parts_complete:
                    if not math.isclose(computed, whole, rel_tol=0, abs_tol=1e-9):
                        yield bundle.problem(
                            file_name,
                            kp + ("rows", pi, column.id),
                            _(
                                "raden '{parent}' anger {value} i kolumnen '{column}', men delarna ({parts}) blir "
                                "tillsammans {sum}, och raden säger att delarna är fullständiga (parts_complete: true); "
                                "rätta raden eller delarna, eller ta bort parts_complete"
                            ).format(**words),
                        )
                elif (computed > whole) if whole >= 0 else (computed < whole):
                    first = next(i for i in same if _number(table.rows[i].get(column.id)) is not None)
                    yield bundle.problem(
                        file_name,
                        kp + ("rows", first, column.id),
                        _(
                            "delarna av raden '{parent}' ({parts}) blir tillsammans {sum} i kolumnen '{column}', mer "
                            "än raden själv ({value}); en del kan inte vara större än helheten, så rätta raden eller delarna"
                        ).format(**words),
                        severity="warning",
                    )
