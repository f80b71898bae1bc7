"""Reading a pasted table (tab-separated text) or an .xlsx sheet into cells, and splitting it into blocks."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.errors import FollowupError, Problem
from followup.i18n import _

# --- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    row: int  # 1-based, in the input
    col: int  # 1-based
    text: str


@dataclass
class Block:
    """One table: an optional caption, the header row and the body rows."""

    caption: Cell | None
    header: list[Cell]
    rows: list[list[Cell]]


class TableError(FollowupError):
    """The table cannot be read; carries located problems."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(p.message for p in problems))
        self.problems = problems


@dataclass
class Importer:
    """Collects problems and warnings while one table is converted."""

    source: str  # the input's name as shown in messages (file name or <stdin>)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def error(self, cell: Cell | None, message: str, *, row: int | None = None) -> None:
        line = cell.row if cell else (row or 1)
        col = cell.col if cell else 1
        self.problems.append(Problem(self.source, line, col, message))

    def warn(self, cell: Cell | None, message: str) -> None:
        self.warnings.append(Problem(self.source, cell.row if cell else 1, cell.col if cell else 1, message, "warning"))

    def fail_if_errors(self) -> None:
        if self.problems:
            raise TableError(self.problems)


def shown(cell: Cell) -> str:
    return json.dumps(cell.text, ensure_ascii=False) if cell.text else _("(tom)")


def read_text(text: str) -> list[list[Cell]]:
    """Tab-separated text -> rows of cells (1-based positions: a row's line is the line it starts
    on); trailing empty cells dropped.

    Excel copies a cell holding a line break, tab or quote in quotes (`"två<newline>rader"`, with
    `""` for a quote): such a cell is one cell, its line breaks kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    rows = []
    for line, values in _split_rows(text):
        cells = [Cell(line, j, _clean(value, quoted=quoted)) for j, (value, quoted) in enumerate(values, 1)]
        rows.append(_trim(cells))
    return rows


def _split_rows(text: str) -> list[tuple[int, list[tuple[str, bool]]]]:
    """(line the row starts on, its cells: (text, whether Excel quoted it)) for every row of tab-separated text."""
    rows: list[tuple[int, list[tuple[str, bool]]]] = []
    line, start_line, i, n = 1, 1, 0, len(text)
    cells: list[tuple[str, bool]] = []
    while True:
        value, i, quoted = _field(text, i)
        line += value.count("\n")
        cells.append((value, quoted))
        if i < n and text[i] == "\t":
            i += 1
            continue
        rows.append((start_line, cells))
        if i >= n:
            return rows
        i += 1  # the newline ending the row
        line += 1
        start_line, cells = line, []


def _field(text: str, i: int) -> tuple[str, int, bool]:
    """One cell from position i: a quoted cell (Excel's) when a closing quote ends the cell, else
    the text up to the next tab or line end; -> (its text, the position after it)."""
    if i < len(text) and text[i] == '"':
        j = i + 1
        while True:
            j = text.find('"', j)
            if j < 0:
                break
            if text.startswith('""', j):
                j += 2
                continue
            if j + 1 == len(text) or text[j + 1] in "\t\n":
                return text[i + 1 : j].replace('""', '"'), j + 1, True
            break
    end = i
    while end < len(text) and text[end] not in "\t\n":
        end += 1
    return text[i:end], end, False


def _clean(text: str, *, quoted: bool = False) -> str:
    """A cell's text: no-break spaces, Word's line breaks in a cell (\\v) and control characters become
    spaces; line breaks of an Excel cell are kept (each line stripped), so the YAML shows the cell as
    it was written (see followup.commands.import_table.output)."""
    text = re.sub(r"[\u0000-\u0008\u000b-\u001f\u007f]", " ", text.replace("\u00a0", " ").replace("\r\n", "\n"))
    text = "\n".join(part.strip() for part in text.split("\n") if part.strip())
    if quoted:  # Excel's quotes are gone already; quotes left are the cell's own
        return text.strip()
    return text.strip().strip('"').strip() if text.strip() else ""


def _trim(cells: list[Cell]) -> list[Cell]:
    while cells and not cells[-1].text:
        cells.pop()
    return cells


def read_xlsx(path: Path, sheet: str | None) -> tuple[list[list[Cell]], str]:
    """A sheet of an .xlsx workbook -> rows of cells, and the sheet's name."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True, read_only=False)
    try:
        if sheet is None:
            ws = workbook.active
        elif sheet in workbook.sheetnames:
            ws = workbook[sheet]
        elif sheet.isdigit() and 1 <= int(sheet) <= len(workbook.sheetnames):
            ws = workbook.worksheets[int(sheet) - 1]
        else:
            names = ", ".join(f"'{n}'" for n in workbook.sheetnames)
            message = _("arbetsboken har inget blad '{sheet}'; dess blad är {sheets}").format(sheet=sheet, sheets=names)
            raise TableError([Problem(path.name, 1, 1, message)])
        rows: list[list[Cell]] = []
        for r, row in enumerate(ws.iter_rows(), 1):
            cells = [Cell(r, c, _xlsx_text(cell)) for c, cell in enumerate(row, 1)]
            rows.append(_trim(cells))
        unsaved = _formulas_without_values(path, ws.title, rows)
        if unsaved:
            raise TableError([Problem(f"{path.name}[{ws.title}]", *where) for where in unsaved])
        return rows, ws.title
    finally:
        workbook.close()


def _formulas_without_values(path: Path, sheet: str, rows: list[list[Cell]]) -> list[tuple[int, int, str]]:
    """(row, column, message) of every formula cell of the sheet with no value saved beside it.

    A workbook written by a program rather than by Excel (or saved with calculation off) holds
    formulas but not their results; read for values (data_only), such a cell is empty, and a row
    of them would be dropped without a word."""
    from openpyxl import load_workbook

    found: list[tuple[int, int, str]] = []
    values = {(cell.row, cell.col): cell.text for row in rows for cell in row}
    formulas = load_workbook(path, data_only=False, read_only=False)
    try:
        for row in formulas[sheet].iter_rows():
            for cell in row:
                if cell.data_type == "f" and not values.get((cell.row, cell.column)):
                    formula = str(getattr(cell.value, "text", cell.value))
                    shown = formula if len(formula) <= 40 else formula[:37] + "..."
                    message = _("cellen {cell} ({formula}): formeln saknar sparat värde: öppna filen i Excel och spara den igen")
                    found.append((cell.row, cell.column, message.format(cell=cell.coordinate, formula=shown)))
    finally:
        formulas.close()
    return found


def _xlsx_text(cell: Any) -> str:
    import datetime as dt

    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (int, float)):
        fmt = str(cell.number_format or "General")
        decimals = None
        m = re.search(r"0[.,](0+)", fmt)
        if m:
            decimals = len(m.group(1))
        elif re.fullmatch(r"[#,]*0%?", fmt.replace("\\", "")):
            decimals = 0
        percent = "%" in fmt
        if percent:
            value = value * 100
        if decimals is not None:
            text = f"{value:.{decimals}f}"
        elif float(value).is_integer():
            text = str(int(value))
        else:
            text = repr(round(float(value), 10))
        text = text.replace(".", ",")
        return text + ("%" if percent else "")
    return _clean(str(value))


def split_blocks(rows: list[list[Cell]]) -> list[Block]:
    """Empty rows separate tables; leading one-cell rows are a table's caption."""
    segments: list[list[list[Cell]]] = []
    current: list[list[Cell]] = []
    for row in rows:
        if not any(c.text for c in row):
            if current:
                segments.append(current)
                current = []
            continue
        current.append(row)
    if current:
        segments.append(current)

    blocks: list[Block] = []
    pending_caption: Cell | None = None
    for segment in segments:
        caption = pending_caption
        pending_caption = None
        i = 0
        while i < len(segment) and _filled(segment[i]) == 1:
            caption = next(c for c in segment[i] if c.text)
            i += 1
        if i == len(segment):  # a caption alone: it belongs to the next table
            pending_caption = caption
            continue
        blocks.append(Block(caption, segment[i], segment[i + 1 :]))
    return blocks


def _filled(row: list[Cell]) -> int:
    return sum(1 for c in row if c.text)
