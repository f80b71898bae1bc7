"""`python build.py import-table`: turn a table pasted from Word or Excel into report YAML.

Communicators copy tables out of documents. Pasted, a table is tab-separated text: one line per
row, cells separated by tabs, Swedish numbers (`7,77`, `295 591`, `- 7 000 SEK`, `6,5%`), empty
cells, and often a `Totalt`/`Summa` row. This module reads such text (from standard input or a
file) or a sheet of an `.xlsx` workbook (openpyxl), and writes YAML for one table kind, in the
exact shape of `followup.models`:

    --kind survey-respondents   Namn | Antal 2022 | Antal 2023      -> surveys.yaml `rounds:` (respondents)
    --kind survey-scores        2022 (apr-dec) | Totalt | AVF | …    -> surveys.yaml (one survey, a round per table)
                                Antal | 39 | 1 | …  (then one row per question)
    --kind budget               Försäljningsintäkter | 2020 | 2021   -> finance.yaml budget_outcome
                                Budget | … / Utfall | … / Diff | …    (or periods as rows)
    --kind per-unit             Enhet | Resultat 2022 | Resultat 2023 | Kommentar  -> per_unit
    --kind before-after         Enhet | Kostnader 2021 | Kostnader 2023 | Kommentar -> before_after
    --kind breakdown            Beskrivning | Kostnad, cirka          -> breakdown
    --kind indicator            Kön | Utfall 2021 | … | Mål 2023      -> indicators.yaml
    --kind goals                Mål | Bedömning (● ◐ ○; perspective rows have no assessment) -> goals.yaml
    --kind table                any other table                      -> finance.yaml/tables.yaml `table`

Rules:

* The first row of a table is its header; a row with a single cell before it (e.g. `Statistik`,
  `Sjukfrånvaro, andel (%)`) is its caption. An empty line separates tables: `survey-scores`
  makes one round of each table, `indicator` and `survey-respondents` merge them; the other
  kinds take exactly one table. A repeated header row is skipped.
* A row whose first cell is `Totalt`, `Total`, `Summa` or `Summa totalt` is the stated total:
  it is kept as the source states it (`stated_total`, `stated_totals`, `stated_difference`), so
  `build.py check` compares it with the sum of the rows and reports a mismatch.
* Numbers are kept as written (`"295 591"`, `"7,18"`), minus a trailing `%` or currency word; the
  unit is declared once for the table (`--unit`, or from `%`/`SEK`/`tkr` in the cells or
  headings). An empty cell becomes `null`.
* Periods come from the column headings (`Antal 2022`, `Utfall 2021`, `2022 (apr-dec)`), or from
  `--period`.
* Units given by full name (`Arbetsmarknads- och vuxenutbildningsförvaltningen`, `Annat/ vet ej`,
  `Blåtunga`) are mapped to the codes of `data/<org>/organisation.yaml` with `--organisation
  <org>`: by code, by full name (ignoring case, spaces and accents), or by a unique name prefix.
* A table that cannot be read is reported as `<input>:row:col: error: message` (row and column
  of the cell, 1-based; the cell's text is quoted in the message), exit 1; nothing is written.
* The YAML written is validated with the models before it is printed.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from followup.errors import Problem
from followup.model.numbers import StatedNumber, parse_stated_number

KINDS = (
    "survey-respondents",
    "survey-scores",
    "budget",
    "per-unit",
    "before-after",
    "breakdown",
    "indicator",
    "goals",
    "table",
)
TOTAL_LABELS = {"totalt", "total", "summa", "summa totalt", "totalsumma", "totalt antal"}
COMMENT_LABELS = {"kommentar", "kommentarer", "anmärkning", "anmärkningar", "not", "noter", "comment"}
NUMBER_UNITS = ("SEK", "kr", "tkr", "mnkr")
UNIT_WORDS = {"%": "percent", "sek": "sek", "kr": "sek", "tkr": "tkr", "mnkr": "mnkr"}
MEASURE_UNITS = (
    "percent", "percentage_points", "index", "score", "sek", "tkr", "mnkr", "count", "ratio", "days", "hours", "none"
)
BUDGET_LABELS = {"budget", "budgeterat", "budgeterad", "budgetram"}
OUTCOME_LABELS = {"utfall", "bokslut", "resultat", "utfall/prognos", "verkligt", "verkligt utfall", "faktiskt"}
DIFF_LABELS = {"diff", "differens", "avvikelse", "budgetavvikelse", "diff.", "skillnad", "avvikelse mot budget"}
TARGET_WORDS = ("mål", "målvärde", "target")
GROUP_LABELS = {"alla": "alla", "totalt": "alla", "samtliga": "alla", "kvinnor": "kvinnor", "män": "man", "man": "man"}


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


class TableError(Exception):
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
    return json.dumps(cell.text, ensure_ascii=False) if cell.text else "(empty)"


def read_text(text: str) -> list[list[Cell]]:
    """Tab-separated text -> rows of cells (1-based positions); trailing empty cells dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    rows = []
    for i, line in enumerate(text.split("\n"), 1):
        cells = [Cell(i, j, _clean(value)) for j, value in enumerate(line.split("\t"), 1)]
        rows.append(_trim(cells))
    return rows


def _clean(text: str) -> str:
    """A cell's text: no-break spaces, Word's line breaks in a cell (\\v) and control characters become spaces."""
    text = re.sub(r"[\u0000-\u0008\u000b-\u001f\u007f]", " ", text.replace("\u00a0", " "))
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
            raise TableError(
                [Problem(path.name, 1, 1, f"the workbook has no sheet '{sheet}'; its sheets are {names}")]
            )
        rows: list[list[Cell]] = []
        for r, row in enumerate(ws.iter_rows(), 1):
            cells = [Cell(r, c, _xlsx_text(cell)) for c, cell in enumerate(row, 1)]
            rows.append(_trim(cells))
        return rows, ws.title
    finally:
        workbook.close()


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


# --- values ------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Lower case, no accents, no spaces or punctuation except '/': for matching names."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9/]+", "", text)


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def label_of(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().rstrip(":")).lower()


def is_total(cell: Cell | None) -> bool:
    return cell is not None and label_of(cell.text) in TOTAL_LABELS


def is_comment(cell: Cell) -> bool:
    return label_of(cell.text) in COMMENT_LABELS


_UNIT_SUFFIX = re.compile(r"[\s\u00a0]*(%|[A-Za-zÅÄÖåäö]+\.?)$")


@dataclass(frozen=True)
class Number:
    """A number cell: the value, the text to write in YAML (Swedish, without unit) and its unit word."""

    value: float
    out: Any  # int or str
    unit: str | None
    decimals: int


def parse_cell(imp: Importer, cell: Cell, what: str) -> Number | None:
    """A number cell -> Number; None for an empty cell; records an error for text."""
    if not cell.text:
        return None
    try:
        stated: StatedNumber = parse_stated_number(cell.text, percent=True, units=NUMBER_UNITS)
    except ValueError as exc:
        reason = re.sub(r"^'.*?' is not a number; ", "", str(exc))
        if reason == str(exc):
            reason = re.sub(r"^'.*?' ", "it ", reason)
            imp.error(cell, f"cell {shown(cell)} in {what}: {reason}")
        else:
            imp.error(cell, f"cell {shown(cell)} in {what} is not a number; {reason}; correct the cell or leave it empty")
        return None
    body = _UNIT_SUFFIX.sub("", stated.text).strip() if stated.unit else stated.text.strip()
    out: Any = int(body) if re.fullmatch(r"-?[0-9]+", body) else body
    return Number(stated.value, out, stated.unit, stated.decimals)


def cell_at(row: list[Cell], col: int, row_number: int) -> Cell:
    """The cell in column `col` (1-based), or an empty cell when the row is shorter."""
    for cell in row:
        if cell.col == col:
            return cell
    return Cell(row_number, col, "")


def row_number(row: list[Cell]) -> int:
    return row[0].row if row else 0


def period_in(text: str) -> str | None:
    """The period a heading names: 'Antal 2022' -> '2022', '2022 (apr-dec)' -> '2022 apr–dec'."""
    from followup.model.periods import parse_period

    words = text.replace("(", " ").replace(")", " ").split()
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            candidate = " ".join(words[start:end])
            if not re.search(r"\d{4}", candidate):
                continue
            try:
                return str(parse_period(candidate))
            except ValueError:
                continue
    return None


def detect_unit(texts: Iterable[str], numbers: Iterable[Number | None]) -> str:
    for n in numbers:
        if n is not None and n.unit:
            return UNIT_WORDS.get(n.unit.lower(), "none")
    for text in texts:
        t = text.lower()
        if "%" in t or "procent" in t or "andel" in t:
            return "percent"
        if re.search(r"\btkr\b", t):
            return "tkr"
        if re.search(r"\bmnkr\b", t):
            return "mnkr"
        if re.search(r"\b(sek|kr|kronor)\b", t):
            return "sek"
    return "none"


def is_approximate(texts: Iterable[str]) -> bool:
    return any(re.search(r"\b(cirka|ca|ungefär|approx)\b\.?", t.lower()) for t in texts)


# --- the unit registry ------------------------------------------------------------------------


@dataclass
class Registry:
    """Unit names -> codes (organisation.yaml of --organisation); without it, names pass through."""

    org_id: str | None
    units: list[Any]  # OrgUnit

    def code(self, imp: Importer, cell: Cell) -> str | None:
        text = cell.text
        if not self.org_id:
            if not re.fullmatch(r"[A-ZÅÄÖ0-9][A-ZÅÄÖ0-9_-]*", text):
                imp.warn(
                    cell,
                    f"unit {shown(cell)} is not a unit code; pass --organisation <org> to map names to the codes "
                    "of data/<org>/organisation.yaml, or replace it with the code",
                )
            return text
        key = norm(text)
        for unit in self.units:
            if norm(unit.code) == key or norm(unit.name) == key:
                return unit.code
        candidates = [u for u in self.units if norm(u.name).startswith(key) or key.startswith(norm(u.name))]
        if len(candidates) == 1 and key:
            return candidates[0].code
        codes = ", ".join(f"{u.code} ({u.name})" for u in self.units)
        if candidates:
            imp.error(
                cell,
                f"unit {shown(cell)} matches several units of data/{self.org_id}/organisation.yaml: "
                + ", ".join(u.code for u in candidates)
                + "; write the unit's full name or code in the table",
            )
        else:
            imp.error(
                cell,
                f"unit {shown(cell)} is not in the unit registry of data/{self.org_id}/organisation.yaml "
                f"(units: {codes}); add it to the registry or correct the name",
            )
        return None


def load_registry(root: Path, org_id: str | None) -> tuple[Registry, Any]:
    """The registry of `org_id` (and its OrganisationFile), or an empty pass-through registry."""
    if not org_id:
        return Registry(None, []), None
    from followup.errors import DataErrors
    from followup.model.models import OrganisationFile
    from followup.model.yamlsource import load_yaml_file

    path = Path(root) / "data" / org_id / "organisation.yaml"
    if not path.is_file():
        raise TableError(
            [Problem(f"data/{org_id}/organisation.yaml", 1, 1, f"organisation '{org_id}' has no organisation.yaml; "
                     "check the name given to --organisation (the folder name under data/)")]
        )
    try:
        org = OrganisationFile.model_validate(load_yaml_file(path, root).data or {})
    except (DataErrors, ValueError) as exc:
        raise TableError(
            [Problem(f"data/{org_id}/organisation.yaml", 1, 1,
                     "the organisation file has errors; run 'python build.py check' and fix them first")]
        ) from exc
    return Registry(org_id, list(org.units)), org


# --- options -----------------------------------------------------------------------------------


@dataclass
class Options:
    kind: str
    id: str | None = None
    title: str | None = None
    unit: str | None = None
    period: str | None = None
    organisation: str | None = None
    direction: str | None = None
    no_header: bool = False
    source_name: str = "<stdin>"


def _columns(imp: Importer, header: list[Cell], *, what: str, first_is_label: bool = True) -> tuple[list[tuple[Cell, str]], Cell | None]:
    """Value columns with their periods, and the comment column (if any)."""
    columns: list[tuple[Cell, str]] = []
    comment = None
    for cell in header[1:] if first_is_label else header:
        if is_comment(cell):
            comment = cell
            continue
        if not cell.text:
            imp.error(cell, f"the heading of column {cell.col} is empty; write the period, e.g. '{what} 2022'")
            continue
        period = period_in(cell.text)
        if period is None:
            imp.error(
                cell,
                f"cannot find a period in the column heading {shown(cell)}; write it like '{what} 2022' "
                "or '2022 apr–dec'",
            )
            continue
        columns.append((cell, period))
    return columns, comment


def _check_row_length(imp: Importer, header: list[Cell], row: list[Cell]) -> None:
    width = max((c.col for c in header if c.text), default=0)
    extra = [c for c in row if c.col > width and c.text]
    if extra:
        imp.error(
            extra[0],
            f"row {extra[0].row} has a cell {shown(extra[0])} in column {extra[0].col}, beyond the "
            f"{width} columns of the heading row; remove it or add a heading",
        )


def _body(block: Block) -> list[list[Cell]]:
    """Body rows without repeated header rows."""
    head = [c.text for c in block.header]
    return [row for row in block.rows if [c.text for c in row] != head]


def _single(imp: Importer, blocks: list[Block], kind: str) -> Block:
    if not blocks:
        raise TableError([Problem(imp.source, 1, 1, "the input holds no table; paste a table (tab-separated cells)")])
    if len(blocks) > 1:
        second = blocks[1].caption or blocks[1].header[0]
        imp.error(
            second,
            f"the input holds {len(blocks)} tables (separated by empty lines); --kind {kind} imports one table "
            "at a time",
        )
        imp.fail_if_errors()
    block = blocks[0]
    if len([c for c in block.header if c.text]) < 2:
        imp.error(block.header[0], "the heading row has fewer than two columns; is the table tab-separated?")
        imp.fail_if_errors()
    return block


def _table_head(opts: Options, block: Block, default_title: str, kind: str, *, header_is_title: bool = False) -> dict[str, Any]:
    """id, title and kind: --title, else the caption, else (budget) the first heading, else a default."""
    title = opts.title or (block.caption.text if block.caption else None)
    if not title and header_is_title and block.header and block.header[0].text:
        title = block.header[0].text
    title = title or default_title
    ident = opts.id or slugify(title) or "tabell"
    return {"id": ident, "title": title, "kind": kind}


# --- kinds -------------------------------------------------------------------------------------


def import_budget(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = _single(imp, blocks, "budget")
    rows = _body(block)
    labels = {label_of(r[0].text) for r in rows if r}
    numbers: list[Number | None] = []
    out_rows: list[dict[str, Any]] = []

    if labels & BUDGET_LABELS and labels & OUTCOME_LABELS:
        # Measures as rows, periods as columns.
        columns, comment_col = _columns(imp, block.header, what="År")
        by_measure: dict[str, list[Cell]] = {}
        for row in rows:
            _check_row_length(imp, block.header, row)
            label = label_of(row[0].text)
            measure = (
                "budget" if label in BUDGET_LABELS else "outcome" if label in OUTCOME_LABELS
                else "diff" if label in DIFF_LABELS else None
            )
            if measure is None:
                imp.error(row[0], f"row {shown(row[0])} is not Budget, Utfall or Diff; remove the row or rename it")
                continue
            by_measure[measure] = row
        for name, needed in (("budget", "Budget"), ("outcome", "Utfall")):
            if name not in by_measure:
                imp.error(block.header[0], f"the table has no '{needed}' row")
        imp.fail_if_errors()
        for head, period in columns:
            entry: dict[str, Any] = {"period": _period_out(period)}
            for measure, key in (("budget", "budget"), ("outcome", "outcome"), ("diff", "stated_difference")):
                if measure not in by_measure:
                    continue
                row = by_measure[measure]
                cell = cell_at(row, head.col, row_number(row))
                n = parse_cell(imp, cell, f"column {shown(head)}")
                numbers.append(n)
                if n is None and measure != "diff" and not cell.text:
                    imp.error(cell, f"the {row[0].text} for {head.text} is empty; a budget row needs both amounts")
                if n is not None:
                    entry[key] = n.out
            out_rows.append(entry)
        del comment_col
    else:
        # Periods as rows, measures as columns.
        roles: dict[str, Cell] = {}
        comment_col = None
        for cell in block.header[1:]:
            label = label_of(cell.text)
            if label in BUDGET_LABELS:
                roles["budget"] = cell
            elif label in OUTCOME_LABELS:
                roles["outcome"] = cell
            elif label in DIFF_LABELS:
                roles["stated_difference"] = cell
            elif is_comment(cell):
                comment_col = cell
            else:
                imp.error(cell, f"column {shown(cell)} is not Budget, Utfall, Diff or Kommentar; "
                          "rename the heading (or give the periods as columns and Budget/Utfall/Diff as rows)")
        for name, needed in (("budget", "Budget"), ("outcome", "Utfall")):
            if name not in roles:
                imp.error(block.header[0], f"the table has no '{needed}' column or row")
        imp.fail_if_errors()
        for row in rows:
            _check_row_length(imp, block.header, row)
            if is_total(row[0]):
                imp.warn(row[0], "the Totalt row of a budget table is not kept (the site sums the periods itself)")
                continue
            row_period = period_in(row[0].text)
            if row_period is None:
                imp.error(row[0], f"cannot find a period in {shown(row[0])}; write the year, e.g. 2022")
                continue
            entry = {"period": _period_out(row_period)}
            for key, head in roles.items():
                n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
                numbers.append(n)
                if n is not None:
                    entry[key] = n.out
            if comment_col is not None:
                text = cell_at(row, comment_col.col, row_number(row)).text
                if text:
                    entry["comment"] = text
            out_rows.append(entry)
    imp.fail_if_errors()
    table = _table_head(opts, block, "Budget och utfall", "budget_outcome", header_is_title=True)
    table["unit"] = opts.unit or detect_unit([c.text for c in block.header] + [block.caption.text if block.caption else ""], numbers)
    table["rows"] = out_rows
    return {"tables": [table]}


def _unit_rows(imp: Importer, block: Block, registry: Registry, columns: list[tuple[Cell, str]],
               comment_col: Cell | None) -> tuple[list[tuple[str, list[Cell], Cell]], list[Cell] | None]:
    """(code, row, label cell) for each unit row, and the total row."""
    out = []
    total = None
    for row in _body(block):
        _check_row_length(imp, block.header, row)
        if is_total(row[0]):
            total = row
            continue
        if not row[0].text:
            imp.error(row[0], "the first cell of the row is empty; write the unit's name or code")
            continue
        code = registry.code(imp, row[0])
        if code is not None:
            out.append((code, row, row[0]))
    return out, total


def import_per_unit(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = _single(imp, blocks, "per-unit")
    columns, comment_col = _columns(imp, block.header, what="Resultat")
    imp.fail_if_errors()
    units, total = _unit_rows(imp, block, registry, columns, comment_col)
    numbers: list[Number | None] = []
    rows = []
    for code, row, _ in units:
        values: dict[str, Any] = {}
        for head, period in columns:
            n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
            numbers.append(n)
            values[period] = n.out if n is not None else None
        entry: dict[str, Any] = {"unit": code, "values": values}
        if comment_col is not None and (text := cell_at(row, comment_col.col, row_number(row)).text):
            entry["comment"] = text
        rows.append(entry)
    table = _table_head(opts, block, "Värden per enhet", "per_unit")
    table["unit"] = opts.unit or detect_unit([c.text for c in block.header], numbers)
    table["periods"] = [_period_out(p) for _, p in columns]
    table["rows"] = rows
    if total is not None:
        stated = {}
        for head, period in columns:
            n = parse_cell(imp, cell_at(total, head.col, row_number(total)), f"the total row, column {shown(head)}")
            if n is not None:
                stated[period] = n.out
        if stated:
            table["stated_totals"] = stated
        if comment_col is not None and (text := cell_at(total, comment_col.col, row_number(total)).text):
            table["total_comment"] = text
    imp.fail_if_errors()
    return {"tables": [table]}


def import_before_after(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = _single(imp, blocks, "before-after")
    columns, comment_col = _columns(imp, block.header, what="Kostnader")
    imp.fail_if_errors()
    if len(columns) != 2:
        imp.error(
            block.header[0],
            f"a before/after table has exactly two value columns (before and after); found {len(columns)}",
        )
        imp.fail_if_errors()
    units, total = _unit_rows(imp, block, registry, columns, comment_col)
    (before_head, before), (after_head, after) = columns
    numbers: list[Number | None] = []
    rows = []
    for code, row, _ in units:
        entry: dict[str, Any] = {"unit": code}
        for key, head in (("before", before_head), ("after", after_head)):
            n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
            numbers.append(n)
            entry[key] = n.out if n is not None else None
        if comment_col is not None and (text := cell_at(row, comment_col.col, row_number(row)).text):
            entry["comment"] = text
        rows.append(entry)
    if total is not None:
        imp.warn(total[0], "a before/after table keeps no total row (the site sums the rows itself); the row was left out")
    table = _table_head(opts, block, "Före och efter", "before_after")
    table["unit"] = opts.unit or detect_unit([c.text for c in block.header], numbers)
    table["before"] = _period_out(before)
    table["after"] = _period_out(after)
    table["rows"] = rows
    imp.fail_if_errors()
    return {"tables": [table]}


def import_breakdown(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = _single(imp, blocks, "breakdown")
    value_cols = [c for c in block.header[1:] if not is_comment(c)]
    comment_col = next((c for c in block.header[1:] if is_comment(c)), None)
    if len(value_cols) != 1:
        imp.error(
            block.header[min(2, len(block.header) - 1)],
            f"a breakdown table has one amount column (and optionally Kommentar); found {len(value_cols)}",
        )
        imp.fail_if_errors()
    amount_col = value_cols[0]
    numbers: list[Number | None] = []
    rows = []
    stated_total = None
    for row in _body(block):
        _check_row_length(imp, block.header, row)
        cell = cell_at(row, amount_col.col, row_number(row))
        n = parse_cell(imp, cell, f"column {shown(amount_col)}")
        if is_total(row[0]):
            stated_total = n
            continue
        numbers.append(n)
        if not row[0].text:
            imp.error(row[0], "the first cell of the row is empty; write what the amount is for")
            continue
        if n is None and not cell.text:
            imp.error(cell, f"the amount of {shown(row[0])} is empty; write the amount (0 if nothing)")
            continue
        entry: dict[str, Any] = {"label": row[0].text, "amount": n.out if n else None}
        if comment_col is not None and (text := cell_at(row, comment_col.col, row_number(row)).text):
            entry["comment"] = text
        rows.append(entry)
    table = _table_head(opts, block, "Fördelning", "breakdown")
    heads = [c.text for c in block.header] + ([block.caption.text] if block.caption else [])
    table["unit"] = opts.unit or detect_unit(heads, numbers)
    period = opts.period or period_in(amount_col.text)
    if period:
        table["period"] = _period_out(period)
    if is_approximate(heads):
        table["approximate"] = True
    table["rows"] = rows
    if stated_total is not None:
        table["stated_total"] = _stated_out(stated_total)
    imp.fail_if_errors()
    return {"tables": [table]}


def import_table(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = _single(imp, blocks, "table")
    if opts.no_header:  # the first row is data: columns are named kolumn-1, kolumn-2, …
        width = max(c.col for row in [block.header, *block.rows] for c in row)
        block = Block(block.caption, [Cell(block.header[0].row, c, f"Kolumn {c}") for c in range(1, width + 1)],
                      [block.header, *block.rows])
    header = [c for c in block.header]
    width = max(c.col for c in header if c.text)
    ids: list[tuple[Cell, str]] = []
    used: set[str] = set()
    for column_number in range(1, width + 1):
        cell = cell_at(header, column_number, header[0].row)
        base = slugify(cell.text) or f"kolumn-{column_number}"
        ident, suffix = base, 2
        while ident in used:
            ident, suffix = f"{base}-{suffix}", suffix + 1
        used.add(ident)
        ids.append((cell, ident))
    body = _body(block)
    total = None
    rows = []
    column_numbers: dict[str, list[Number | None]] = {ident: [] for _, ident in ids}
    numeric: dict[str, bool] = {ident: True for _, ident in ids}
    parsed_rows = []
    for row in body:
        _check_row_length(imp, block.header, row)
        if is_total(row[0]):
            total = row
            continue
        parsed_rows.append(row)
        for cell, ident in ids:
            c = cell_at(row, cell.col, row_number(row))
            if c.text and _number_or_none(c.text) is None:
                numeric[ident] = False
    imp.fail_if_errors()
    for row in parsed_rows:
        entry: dict[str, Any] = {}
        for cell, ident in ids:
            c = cell_at(row, cell.col, row_number(row))
            if numeric[ident]:
                n = parse_cell(imp, c, f"column {shown(cell)}")
                column_numbers[ident].append(n)
                entry[ident] = n.out if n is not None else None
            else:
                entry[ident] = c.text or None
        rows.append(entry)
    columns = []
    stated: dict[str, Any] = {}
    for cell, ident in ids:
        col: dict[str, Any] = {"id": ident, "label": cell.text or ident}
        if numeric[ident] and any(n is not None for n in column_numbers[ident]):
            unit = detect_unit([cell.text], column_numbers[ident])
            if unit != "none":
                col["unit"] = unit
            if total is not None:
                t = cell_at(total, cell.col, row_number(total))
                n = parse_cell(imp, t, f"the total row, column {shown(cell)}")
                if n is not None:
                    col["sum"] = True
                    stated[ident] = _stated_out(n)
        columns.append(col)
    table = _table_head(opts, block, "Tabell", "table")
    table["unit"] = opts.unit or "none"
    table["columns"] = columns
    table["rows"] = rows
    if stated:
        table["stated_totals"] = stated
    imp.fail_if_errors()
    return {"tables": [table]}


def _number_or_none(text: str) -> StatedNumber | None:
    try:
        return parse_stated_number(text, percent=True, units=NUMBER_UNITS)
    except ValueError:
        return None


def import_indicator(imp: Importer, blocks: list[Block], opts: Options, registry: Registry, org: Any) -> dict[str, Any]:
    if not blocks:
        raise TableError([Problem(imp.source, 1, 1, "the input holds no table; paste a table (tab-separated cells)")])
    series: dict[str, dict[str, Any]] = {}
    targets: list[dict[str, Any]] = []
    numbers: list[Number | None] = []
    heads: list[str] = []
    groups = dict(GROUP_LABELS)
    if org is not None:
        for g in org.groups:
            groups[label_of(g.label)] = g.id
            groups[g.id] = g.id
    for block in blocks:
        heads += [c.text for c in block.header] + ([block.caption.text] if block.caption else [])
        value_cols: list[tuple[Cell, str, bool]] = []
        for cell in block.header[1:]:
            if is_comment(cell):
                continue
            period = period_in(cell.text)
            if period is None:
                imp.error(cell, f"cannot find a period in the column heading {shown(cell)}; write it like "
                          "'Utfall 2022' or 'Mål 2023'")
                continue
            is_target = any(label_of(cell.text).startswith(w) for w in TARGET_WORDS)
            value_cols.append((cell, period, is_target))
        for row in _body(block):
            _check_row_length(imp, block.header, row)
            label = label_of(row[0].text)
            group = groups.get(label) or groups.get(slugify(row[0].text))
            if group is None:
                group = slugify(row[0].text)
                imp.warn(row[0], f"group {shown(row[0])} is not alla, kvinnor or män; it was given the id '{group}', "
                         "which must be declared under groups: in organisation.yaml")
            s = series.setdefault(group, {"group": group, "values": {}})
            for head, period, is_target in value_cols:
                n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
                numbers.append(n)
                if is_target:
                    if n is not None:
                        targets.append({"period": _period_out(period), "group": group, "value": n.out})
                else:
                    s["values"][period] = n.out if n is not None else None
    imp.fail_if_errors()
    first = blocks[0]
    name = opts.title or (first.caption.text if first.caption else None) or "Indikator"
    name = re.sub(r"\s*\(%\)\s*$", "", name)
    decimals = max((n.decimals for n in numbers if n is not None), default=0)
    indicator: dict[str, Any] = {
        "id": opts.id or slugify(name) or "indikator",
        "name": name,
        "unit": opts.unit or detect_unit(heads, numbers),
        "direction": opts.direction or "neutral",
        "decimals": decimals,
        "series": list(series.values()),
    }
    for s in indicator["series"]:
        missing = [p for p, v in s["values"].items() if v is None]
        if missing:
            s["missing"] = {p: "uppgift saknas i tabellen" for p in missing}
    if targets:
        indicator["targets"] = targets
    return {"indicators": [indicator]}


def import_survey_respondents(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    if not blocks:
        raise TableError([Problem(imp.source, 1, 1, "the input holds no table; paste a table (tab-separated cells)")])
    rounds: dict[str, dict[str, Any]] = {}
    for block in blocks:
        columns, _ = _columns(imp, block.header, what="Antal")
        if opts.period and len(columns) == 1:
            columns = [(columns[0][0], str(_parse_period_opt(imp, opts.period)))]
        imp.fail_if_errors()
        units, total = _unit_rows(imp, block, registry, columns, None)
        for head, period in columns:
            rnd = rounds.setdefault(period, {"period": _period_out(period), "units": []})
            for code, row, _ in units:
                n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
                rnd["units"].append({"unit": code, "respondents": _count(imp, n, cell_at(row, head.col, row_number(row)))})
            if total is not None:
                n = parse_cell(imp, cell_at(total, head.col, row_number(total)), f"the total row, column {shown(head)}")
                if n is not None:
                    rnd["stated_total"] = {"respondents": _stated_out(n)}
    imp.fail_if_errors()
    return {"rounds": list(rounds.values())}


def _count(imp: Importer, n: Number | None, cell: Cell) -> Any:
    if n is None:
        return None
    if n.value < 0 or n.decimals or n.unit:
        imp.error(cell, f"cell {shown(cell)} is not a number of respondents; write a whole number, 0 or more")
        return None
    return int(n.value)


def import_survey_scores(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    if not blocks:
        raise TableError([Problem(imp.source, 1, 1, "the input holds no table; paste a table (tab-separated cells)")])
    questions: dict[str, str] = {}
    rounds = []
    caption = None
    for block in blocks:
        caption = caption or block.caption
        rnd = _survey_round(imp, block, opts, registry, questions, single=len(blocks) == 1)
        if rnd is not None:
            rounds.append(rnd)
    imp.fail_if_errors()
    title = opts.title or "Enkät"
    survey = {
        "id": opts.id or slugify(title) or "enkat",
        "title": title,
        "questions": [{"id": qid, "text": text} for qid, text in questions.items()],
        "rounds": rounds,
    }
    return {"surveys": [survey]}


def _parse_period_opt(imp: Importer, text: str) -> Any:
    from followup.model.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as exc:
        raise TableError([Problem("--period", 1, 1, str(exc))]) from exc


def _survey_round(imp: Importer, block: Block, opts: Options, registry: Registry,
                  questions: dict[str, str], *, single: bool) -> dict[str, Any] | None:
    header = block.header
    body = _body(block)
    # Which layout? Units as columns (the seed's "Statistik" tables: an "Antal" row) or units as rows
    # (an "Antal" column).
    antal_row = next((r for r in body if label_of(r[0].text) in ("antal", "antal svarande", "svarande", "n")), None)
    period_text = None
    if opts.period and single:
        period_text = str(_parse_period_opt(imp, opts.period))
    elif header[0].text:
        period_text = period_in(header[0].text)
    if period_text is None and block.caption is not None:
        period_text = period_in(block.caption.text)
    if period_text is None:
        imp.error(header[0], f"cannot find the round's period in {shown(header[0])}; write it in the first heading "
                  "cell, e.g. '2022 (apr-dec)', or pass --period")
        return None
    rnd: dict[str, Any] = {"period": _period_out(period_text), "units": []}
    stated_scores: dict[str, Any] = {}
    stated_respondents = None
    if antal_row is not None:
        question_rows = [r for r in body if r is not antal_row]
        qids = []
        for row in question_rows:
            _check_row_length(imp, header, row)
            qid = slugify(row[0].text)
            if not qid:
                imp.error(row[0], "the question text is empty; write the question in the first cell")
                continue
            questions.setdefault(qid, row[0].text)
            qids.append((qid, row))
        for head in header[1:]:
            if not head.text:
                imp.error(head, f"the heading of column {head.col} is empty; write the unit's name or code")
                continue
            cell = cell_at(antal_row, head.col, row_number(antal_row))
            respondents = _count(imp, parse_cell(imp, cell, f"column {shown(head)}"), cell)
            scores = {}
            for qid, row in qids:
                n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
                scores[qid] = n.out if n is not None else None
            if is_total(head):
                stated_respondents = respondents
                stated_scores = {
                    qid: _stated_out(n) for qid, row in qids
                    if (n := parse_cell(imp, cell_at(row, head.col, row_number(row)), "the total column")) is not None
                }
                continue
            code = registry.code(imp, head)
            if code is None:
                continue
            entry: dict[str, Any] = {"unit": code}
            if respondents is not None:
                entry["respondents"] = respondents
            entry["scores"] = scores
            rnd["units"].append(entry)
    else:
        # Units as rows: first column the unit, an "Antal" column, then one column per question.
        antal_col = next((c for c in header[1:] if label_of(c.text) in ("antal", "antal svarande", "svarande", "n")), None)
        qcols = []
        for head in header[1:]:
            if head is antal_col or is_comment(head):
                continue
            qid = slugify(head.text)
            if not qid:
                imp.error(head, f"the heading of column {head.col} is empty; write the question")
                continue
            questions.setdefault(qid, head.text)
            qcols.append((qid, head))
        for row in body:
            _check_row_length(imp, header, row)
            respondents = None
            if antal_col is not None:
                cell = cell_at(row, antal_col.col, row_number(row))
                respondents = _count(imp, parse_cell(imp, cell, f"column {shown(antal_col)}"), cell)
            scores = {}
            for qid, head in qcols:
                n = parse_cell(imp, cell_at(row, head.col, row_number(row)), f"column {shown(head)}")
                scores[qid] = n
            if is_total(row[0]):
                stated_respondents = respondents
                stated_scores = {qid: _stated_out(n) for qid, n in scores.items() if n is not None}
                continue
            code = registry.code(imp, row[0])
            if code is None:
                continue
            entry = {"unit": code}
            if respondents is not None:
                entry["respondents"] = respondents
            entry["scores"] = {qid: (n.out if n is not None else None) for qid, n in scores.items()}
            rnd["units"].append(entry)
    if stated_respondents is not None or stated_scores:
        total: dict[str, Any] = {}
        if stated_respondents is not None:
            total["respondents"] = stated_respondents
        if stated_scores:
            total["scores"] = stated_scores
        rnd["stated_total"] = total
    return rnd


def import_goals(imp: Importer, blocks: list[Block], opts: Options, registry: Registry, org: Any) -> dict[str, Any]:
    from followup.commands.new import _default_scales

    block = _single(imp, blocks, "goals")
    scale = (org.assessment_scale if org is not None and org.assessment_scale else None) or _default_scales()[0]
    perspectives: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for row in _body(block):
        _check_row_length(imp, block.header, row)
        title = row[0].text
        mark = cell_at(row, 2, row_number(row))
        if not title:
            imp.error(row[0], "the first cell is empty; write the perspective's or the goal's title")
            continue
        if not mark.text:
            current = {"id": slugify(title), "title": title, "goals": []}
            perspectives.append(current)
            continue
        level = next(
            (lv.id for lv in scale if mark.text in (lv.symbol, lv.id) or label_of(mark.text) == label_of(lv.label)), None
        )
        if level is None:
            levels = ", ".join(f"{lv.symbol} ({lv.label})" for lv in scale)
            imp.error(mark, f"the assessment {shown(mark)} is not on the assessment scale ({levels}); "
                      "correct the cell, or give the organisation's scale with --organisation")
            continue
        if current is None:
            current = {"id": "mal", "title": "Mål", "goals": []}
            perspectives.append(current)
        current["goals"].append({"id": slugify(title), "title": title, "assessment": level})
    for p in perspectives:
        if not p["goals"]:
            imp.error(block.header[0], f"the perspective '{p['title']}' has no goals below it; a goal row has its "
                      "assessment in the second column")
    imp.fail_if_errors()
    out: dict[str, Any] = {}
    title = opts.title or block.header[0].text
    if title:
        out["title"] = title
    out["perspectives"] = perspectives
    return out


def _period_out(period: str) -> Any:
    return int(period) if re.fullmatch(r"\d{4}", period) else period


def _stated_out(n: Number) -> Any:
    return n.out if isinstance(n.out, str) else n.out


# --- validation and output -----------------------------------------------------------------------


def validate(kind: str, data: dict[str, Any]) -> None:
    """Validate the produced data with the models (a bug if it fails: raises ValueError)."""
    from followup.model import models

    if kind == "survey-respondents":
        for rnd in data["rounds"]:
            models.SurveyRound.model_validate(rnd)
    elif kind == "survey-scores":
        models.SurveysFile.model_validate(data)
    elif kind == "indicator":
        models.IndicatorsFile.model_validate(data)
    elif kind == "goals":
        models.GoalsFile.model_validate(data)
    else:
        models.TablesFile.model_validate(data)


SCHEMA_OF = {
    "survey-scores": "surveys",
    "indicator": "indicators",
    "goals": "goals",
    "budget": "tables",
    "per-unit": "tables",
    "before-after": "tables",
    "breakdown": "tables",
    "table": "tables",
}
PASTE_INTO = {
    "survey-respondents": "Klistra in omgångarna under 'rounds:' för enkäten i surveys.yaml och lägg till frågor och resultat.",
    "survey-scores": "Klistra in i surveys.yaml (eller lägg enkäten sist i listan 'surveys:').",
    "indicator": "Klistra in i indicators.yaml (eller lägg indikatorn sist i listan 'indicators:').",
    "goals": "Klistra in i goals.yaml.",
    "table": "Klistra in i finance.yaml eller tables.yaml (eller lägg tabellen sist i listan 'tables:').",
}


def convert(text_rows: list[list[Cell]], opts: Options, root: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Rows of cells -> (data for YAML, warnings). Raises TableError with located problems."""
    imp = Importer(opts.source_name)
    registry, org = load_registry(root, opts.organisation)
    blocks = split_blocks(text_rows)
    if opts.unit and opts.unit not in MEASURE_UNITS:
        raise TableError([Problem("--unit", 1, 1, f"unknown unit '{opts.unit}'; use one of {', '.join(MEASURE_UNITS)}")])
    handlers: dict[str, Callable[..., dict[str, Any]]] = {
        "budget": import_budget,
        "per-unit": import_per_unit,
        "before-after": import_before_after,
        "breakdown": import_breakdown,
        "table": import_table,
        "survey-respondents": import_survey_respondents,
        "survey-scores": import_survey_scores,
    }
    if opts.kind == "indicator":
        data = import_indicator(imp, blocks, opts, registry, org)
    elif opts.kind == "goals":
        data = import_goals(imp, blocks, opts, registry, org)
    else:
        data = handlers[opts.kind](imp, blocks, opts, registry)
    imp.fail_if_errors()
    try:
        validate(opts.kind, data)
    except ValueError as exc:
        raise TableError([Problem(opts.source_name, 1, 1, _validation_message(exc))]) from exc
    return data, imp.warnings


def _validation_message(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        parts = []
        for e in errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()))
            parts.append(f"{where}: {e.get('msg')}")
        return "the imported table does not make valid YAML: " + "; ".join(parts) + \
            "; check the options (--id must be lower-case letters, digits and -)"
    return f"the imported table does not make valid YAML: {exc}"


def to_yaml(data: Any, *, header: Iterable[str] = ()) -> str:
    """A readable YAML text (block style, short rows in flow style, Swedish numbers quoted)."""
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n" if line else "#\n")
    _emit(out, data, 0)
    return out.getvalue()


_PLAIN = re.compile(r"^[A-Za-zÅÄÖåäöÉéÜü][\w ./()–-]*$")  # safe unquoted, also inside { } and [ ]


def _scalar(value: Any) -> str:
    import yaml

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    text = str(value)
    if _PLAIN.match(text) and not text.endswith((" ", ".")) and " -" not in text:
        try:
            if yaml.safe_load(text) == text:
                return text
        except yaml.YAMLError:
            pass
    quoted = json.dumps(text, ensure_ascii=False)
    # Characters YAML rejects or reads as line breaks (JSON leaves them raw): write them as escapes.
    return re.sub(r"[\u007f-\u009f\u2028\u2029\ufffe\uffff]", lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


def _key(key: Any) -> str:
    return _scalar(str(key)) if not isinstance(key, str) else _scalar(key)


def _flow(value: Any) -> str | None:
    """A one-line flow form for a short mapping/list of scalars (or nested short mappings)."""
    if isinstance(value, dict):
        parts = []
        for k, v in value.items():
            inner = _flow(v) if isinstance(v, (dict, list)) else _scalar(v)
            if inner is None:
                return None
            parts.append(f"{_key(k)}: {inner}")
        text = "{" + ", ".join(parts) + "}"
    elif isinstance(value, list):
        parts = []
        for v in value:
            inner = _flow(v) if isinstance(v, (dict, list)) else _scalar(v)
            if inner is None:
                return None
            parts.append(inner)
        text = "[" + ", ".join(parts) + "]"
    else:
        return _scalar(value)
    return text if len(text) <= 110 else None


def _emit(out: io.StringIO, value: Any, indent: int) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v:
                flow = _flow(v) if (isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v)) or (
                    isinstance(v, dict) and all(not isinstance(x, list) for x in v.values())
                ) else None
                if flow is not None:
                    out.write(f"{pad}{_key(k)}: {flow}\n")
                else:
                    out.write(f"{pad}{_key(k)}:\n")
                    _emit(out, v, indent + 2)
            elif isinstance(v, (dict, list)):
                out.write(f"{pad}{_key(k)}: {'{}' if isinstance(v, dict) else '[]'}\n")
            else:
                out.write(f"{pad}{_key(k)}: {_scalar(v)}\n")
    elif isinstance(value, list):
        for item in value:
            flow = _flow(item) if isinstance(item, (dict, list)) else _scalar(item)
            if flow is not None and (not isinstance(item, dict) or all(not isinstance(x, list) or not x or
                                                                      all(not isinstance(y, dict) for y in x)
                                                                      for x in item.values())):
                out.write(f"{pad}- {flow}\n")
            elif isinstance(item, dict):
                buf = io.StringIO()
                _emit(buf, item, indent + 2)
                text = buf.getvalue()
                out.write(pad + "- " + text[indent + 2 :])
            else:
                out.write(f"{pad}-\n")
                _emit(out, item, indent + 2)
    else:
        out.write(f"{pad}{_scalar(value)}\n")


def header_lines(opts: Options, output: Path | None, root: Path) -> list[str]:
    lines = []
    schema = SCHEMA_OF.get(opts.kind)
    if schema:
        if output is not None:
            import os

            rel = os.path.relpath(Path(root).resolve() / "schema" / f"{schema}.schema.json", output.resolve().parent)
            lines.append(f"yaml-language-server: $schema={Path(rel).as_posix()}")
        else:
            lines.append(f"yaml-language-server: $schema=../../../schema/{schema}.schema.json")
    lines.append(f"Importerad med 'python build.py import-table --kind {opts.kind}' ur {opts.source_name}.")
    lines.append(PASTE_INTO.get(opts.kind, PASTE_INTO["table"]))
    if opts.kind == "indicator" and not opts.direction:
        lines.append("Ange direction: higher_is_better eller lower_is_better (neutral är bara en platshållare).")
    lines.append("Kör 'python build.py check' efteråt: summor och totaler kontrolleras mot raderna.")
    return lines


# --- the command ---------------------------------------------------------------------------------


def setup(parser: argparse.ArgumentParser) -> Any:
    parser.add_argument("input", nargs="?", default="-", help="a .txt/.tsv file or an .xlsx workbook; - or nothing: standard input")
    parser.add_argument("--kind", required=True, choices=KINDS, help="what the table is (see the author guide)")
    parser.add_argument("--sheet", help="the sheet of an .xlsx workbook (name or number; default: the active sheet)")
    parser.add_argument("--id", help="the id to give the table, survey or indicator (default: from its title)")
    parser.add_argument("--title", help="the title (default: the table's caption or first heading)")
    parser.add_argument("--unit", help=f"the unit of the numbers: {', '.join(MEASURE_UNITS)} (default: from %%/SEK in the table)")
    parser.add_argument("--period", help="the period, when the headings do not state it (e.g. '2022 apr–dec')")
    parser.add_argument("--organisation", metavar="ORG", help="map unit names to the codes in data/ORG/organisation.yaml")
    parser.add_argument("--direction", choices=("higher_is_better", "lower_is_better", "neutral"),
                        help="indicator: whether a higher value is better")
    parser.add_argument("--no-header", action="store_true", help="table: the first row is data, not headings")
    parser.add_argument("-o", "--output", type=Path, help="write the YAML to this file instead of standard output")
    parser.add_argument("--force", action="store_true", help="with --output: replace the file if it exists")

    def run(args: argparse.Namespace) -> int:
        from followup.console import report_problems

        root = Path(args.root)
        source = args.input
        try:
            if args.output is not None and args.output.exists() and not args.force:
                sys.stderr.write(
                    f"build.py import-table: {args.output} already exists; write to a new file and copy the table "
                    "into it by hand, or add --force to replace the whole file\n"
                )
                return 1
            if source == "-":
                name = "<stdin>"
                if sys.stdin.isatty():
                    sys.stderr.write("Klistra in tabellen och avsluta med Ctrl-D (Ctrl-Z och Enter i Windows).\n")
                rows = read_text(sys.stdin.read())
            else:
                path = Path(source)
                if not path.is_file():
                    sys.stderr.write(f"build.py import-table: {source}: no such file\n")
                    return 2
                name = path.name
                if path.suffix.lower() in (".xlsx", ".xlsm"):
                    rows, sheet = read_xlsx(path, args.sheet)
                    name = f"{path.name}[{sheet}]"
                else:
                    if args.sheet:
                        sys.stderr.write("build.py import-table: --sheet is only for .xlsx workbooks\n")
                        return 2
                    raw = path.read_bytes()
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        text = raw.decode("cp1252")  # Excel's "Text (Tab delimited)" on Windows
                    rows = read_text(text)
            opts = Options(
                kind=args.kind, id=args.id, title=args.title, unit=args.unit, period=args.period,
                organisation=args.organisation, direction=args.direction, no_header=args.no_header,
                source_name=name,
            )
            data, warnings = convert(rows, opts, root)
        except TableError as exc:
            return report_problems(exc.problems, stream=sys.stderr)
        text = to_yaml(data, header=header_lines(opts, args.output, root))
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8", newline="\n")
        else:
            sys.stdout.write(text)
        if warnings:
            for w in warnings:
                from followup.errors import format_text

                sys.stderr.write(format_text(w) + "\n")
        return 0

    return run
