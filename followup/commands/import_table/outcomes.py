"""Outcome cells of an indicator table as reports write them.

* `cirka 5 000` (also `ca`, `ca.`, `ungefär`, `omkring`, `~`, `≈`): the value 5 000, marked
  approximate for that period (`approximate:` of the series, which the format shows as "cirka").
* `1 450 (1 380)`: this period's value and, in parentheses, the same period a year earlier (the
  way annual reports give last year's figure); both parts may say `cirka`. The earlier period is
  the column's period with its year one less (`2023` -> `2022`, `2023 kv1` -> `2022 kv1`); a
  column whose period spans several years cannot say which period that is: a located error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from followup.commands.import_table.cells import Number, parse_cell
from followup.commands.import_table.read import Cell, Importer, shown

_APPROXIMATE = re.compile(r"^\s*(?:cirka|ca\.?|ungefär|omkring|~|≈)\s*(?P<rest>\S.*)$", re.IGNORECASE | re.DOTALL)
_EARLIER = re.compile(r"^(?P<now>[^()]+?)\s*\(\s*(?P<before>[^()]+?)\s*\)\s*$", re.DOTALL)
_YEAR = re.compile(r"\d{4}")


@dataclass(frozen=True)
class Outcome:
    period: str
    number: Number | None  # None: an empty cell
    approximate: bool
    cell: Cell


def previous_year(period: str) -> str | None:
    """The same period a year earlier, or None when the period names no single year."""
    years = _YEAR.findall(period)
    if len(set(years)) != 1:
        return None
    year = years[0]
    return period.replace(year, str(int(year) - 1))


def _one(imp: Importer, cell: Cell, text: str, what: str) -> tuple[Number | None, bool]:
    match = _APPROXIMATE.match(text)
    approximate = match is not None
    body = match["rest"] if match else text
    return parse_cell(imp, Cell(cell.row, cell.col, body.strip()), what), approximate


def parse_outcome(imp: Importer, cell: Cell, period: str, what: str) -> list[Outcome]:
    """The outcomes one cell gives: its period's, and the year before's when in parentheses."""
    match = _EARLIER.match(cell.text) if "(" in cell.text else None
    if match is None:
        number, approximate = _one(imp, cell, cell.text, what)
        return [Outcome(period, number, approximate, cell)]
    earlier = previous_year(period)
    if earlier is None:
        imp.error(
            cell,
            f"cellen {shown(cell)} ger ett värde inom parentes (föregående år), men kolumnens period '{period}' "
            "är inte ett enskilt år; ge föregående års värde en egen kolumn",
        )
        return []
    now, now_approx = _one(imp, cell, match["now"], what)
    before, before_approx = _one(imp, cell, match["before"], what)
    return [Outcome(period, now, now_approx, cell), Outcome(earlier, before, before_approx, cell)]
