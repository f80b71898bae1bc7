"""Table kinds of finance.yaml/tables.yaml: budget against outcome, per unit, before and after, breakdown, plain table."""

from __future__ import annotations

from typing import Any

from followup.commands.import_table import cells
from followup.commands.import_table.cells import Number, Options, Registry
from followup.commands.import_table.constants import (
    BUDGET_LABELS,
    DIFF_LABELS,
    OUTCOME_LABELS,
)
from followup.commands.import_table.read import Block, Cell, Importer, shown
from followup.i18n import _
from followup.model.slugs import ascii_slug

# --- kinds -------------------------------------------------------------------------------------


def import_budget(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = cells._single(imp, blocks, "budget")
    rows = cells._body(block)
    labels = {cells.label_of(r[0].text) for r in rows if r}
    numbers: list[Number | None] = []
    out_rows: list[dict[str, Any]] = []

    if labels & BUDGET_LABELS and labels & OUTCOME_LABELS:
        # Measures as rows, periods as columns.
        columns, comment_col = cells._columns(imp, block.header, what="År")
        by_measure: dict[str, list[Cell]] = {}
        for row in rows:
            cells._check_row_length(imp, block.header, row)
            label = cells.label_of(row[0].text)
            measure = (
                "budget"
                if label in BUDGET_LABELS
                else "outcome"
                if label in OUTCOME_LABELS
                else "diff"
                if label in DIFF_LABELS
                else None
            )
            if measure is None:
                message = _("raden {row} är inte Budget, Utfall eller Diff; ta bort raden eller byt namn på den")
                imp.error(row[0], message.format(row=shown(row[0])))
                continue
            by_measure[measure] = row
        for name, needed in (("budget", "Budget"), ("outcome", "Utfall")):
            if name not in by_measure:
                imp.error(block.header[0], _("tabellen har ingen rad '{name}'").format(name=needed))
        imp.fail_if_errors()
        for head, period in columns:
            entry: dict[str, Any] = {"period": cells._period_out(period)}
            for measure, key in (("budget", "budget"), ("outcome", "outcome"), ("diff", "stated_difference")):
                if measure not in by_measure:
                    continue
                row = by_measure[measure]
                cell = cells.cell_at(row, head.col, cells.row_number(row))
                n = cells.parse_cell(imp, cell, cells.column(head))
                numbers.append(n)
                if n is None and measure != "diff" and not cell.text:
                    message = _("{row} för {period} är tom; en budgettabell behöver båda beloppen")
                    imp.error(cell, message.format(row=row[0].text, period=head.text))
                if n is not None:
                    entry[key] = n.out
            out_rows.append(entry)
        del comment_col
    else:
        # Periods as rows, measures as columns.
        roles: dict[str, Cell] = {}
        comment_col = None
        for cell in block.header[1:]:
            label = cells.label_of(cell.text)
            if label in BUDGET_LABELS:
                roles["budget"] = cell
            elif label in OUTCOME_LABELS:
                roles["outcome"] = cell
            elif label in DIFF_LABELS:
                roles["stated_difference"] = cell
            elif cells.is_comment(cell):
                comment_col = cell
            else:
                message = _(
                    "kolumnen {column} är inte Budget, Utfall, Diff eller Kommentar; byt rubrik "
                    "(eller ge perioderna som kolumner och Budget/Utfall/Diff som rader)"
                )
                imp.error(cell, message.format(column=shown(cell)))
        for name, needed in (("budget", "Budget"), ("outcome", "Utfall")):
            if name not in roles:
                imp.error(block.header[0], _("tabellen har ingen kolumn eller rad '{name}'").format(name=needed))
        imp.fail_if_errors()
        for row in rows:
            cells._check_row_length(imp, block.header, row)
            if cells.is_total(row[0]):
                imp.warn(row[0], _("raden Totalt i en budgettabell sparas inte (webbplatsen summerar perioderna själv)"))
                continue
            row_period = cells.period_in(row[0].text)
            if row_period is None:
                imp.error(row[0], _("hittar ingen period i {cell}; skriv året, t.ex. 2022").format(cell=shown(row[0])))
                continue
            entry = {"period": cells._period_out(row_period)}
            for key, head in roles.items():
                n = cells.parse_cell(imp, cells.cell_at(row, head.col, cells.row_number(row)), cells.column(head))
                numbers.append(n)
                if n is not None:
                    entry[key] = n.out
            if comment_col is not None:
                text = cells.cell_at(row, comment_col.col, cells.row_number(row)).text
                if text:
                    entry["comment"] = text
            out_rows.append(entry)
    imp.fail_if_errors()
    table = cells._table_head(opts, block, "Budget och utfall", "budget_outcome", header_is_title=True)
    table["unit"] = opts.unit or cells.detect_unit(
        [c.text for c in block.header] + [block.caption.text if block.caption else ""], numbers
    )
    table["rows"] = out_rows
    return {"tables": [table]}


def import_per_unit(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = cells._single(imp, blocks, "per-unit")
    columns, comment_col = cells._columns(imp, block.header, what="Resultat")
    imp.fail_if_errors()
    units, total = cells._unit_rows(imp, block, registry, columns, comment_col)
    numbers: list[Number | None] = []
    rows = []
    for code, row, _label in units:
        values: dict[str, Any] = {}
        for head, period in columns:
            n = cells.parse_cell(imp, cells.cell_at(row, head.col, cells.row_number(row)), cells.column(head))
            numbers.append(n)
            values[period] = n.out if n is not None else None
        entry: dict[str, Any] = {"unit": code, "values": values}
        if comment_col is not None and (text := cells.cell_at(row, comment_col.col, cells.row_number(row)).text):
            entry["comment"] = text
        rows.append(entry)
    table = cells._table_head(opts, block, "Värden per enhet", "per_unit")
    table["unit"] = opts.unit or cells.detect_unit([c.text for c in block.header], numbers)
    table["periods"] = [cells._period_out(p) for _, p in columns]
    table["rows"] = rows
    if total is not None:
        stated = {}
        for head, period in columns:
            n = cells.parse_cell(imp, cells.cell_at(total, head.col, cells.row_number(total)), cells.total_column(head))
            if n is not None:
                stated[period] = n.out
        if stated:
            table["stated_totals"] = stated
        if comment_col is not None and (text := cells.cell_at(total, comment_col.col, cells.row_number(total)).text):
            table["total_comment"] = text
    imp.fail_if_errors()
    return {"tables": [table]}


def import_before_after(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = cells._single(imp, blocks, "before-after")
    columns, comment_col = cells._columns(imp, block.header, what="Kostnader")
    imp.fail_if_errors()
    if len(columns) != 2:
        imp.error(
            block.header[0],
            _("en före/efter-tabell har exakt två värdekolumner (före och efter); här finns {count}").format(count=len(columns)),
        )
        imp.fail_if_errors()
    units, total = cells._unit_rows(imp, block, registry, columns, comment_col)
    (before_head, before), (after_head, after) = columns
    numbers: list[Number | None] = []
    rows = []
    for code, row, _label in units:
        entry: dict[str, Any] = {"unit": code}
        for key, head in (("before", before_head), ("after", after_head)):
            n = cells.parse_cell(imp, cells.cell_at(row, head.col, cells.row_number(row)), cells.column(head))
            numbers.append(n)
            entry[key] = n.out if n is not None else None
        if comment_col is not None and (text := cells.cell_at(row, comment_col.col, cells.row_number(row)).text):
            entry["comment"] = text
        rows.append(entry)
    if total is not None:
        imp.warn(
            total[0], _("en före/efter-tabell har ingen summarad (webbplatsen summerar raderna själv); raden togs inte med")
        )
    table = cells._table_head(opts, block, "Före och efter", "before_after")
    table["unit"] = opts.unit or cells.detect_unit([c.text for c in block.header], numbers)
    table["before"] = cells._period_out(before)
    table["after"] = cells._period_out(after)
    table["rows"] = rows
    imp.fail_if_errors()
    return {"tables": [table]}


def import_breakdown(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = cells._single(imp, blocks, "breakdown")
    value_cols = [c for c in block.header[1:] if not cells.is_comment(c)]
    comment_col = next((c for c in block.header[1:] if cells.is_comment(c)), None)
    if len(value_cols) != 1:
        imp.error(
            block.header[min(2, len(block.header) - 1)],
            _("en fördelningstabell har en beloppskolumn (och eventuellt Kommentar); här finns {count}").format(
                count=len(value_cols)
            ),
        )
        imp.fail_if_errors()
    amount_col = value_cols[0]
    numbers: list[Number | None] = []
    rows = []
    stated_total = None
    for row in cells._body(block):
        cells._check_row_length(imp, block.header, row)
        cell = cells.cell_at(row, amount_col.col, cells.row_number(row))
        n = cells.parse_cell(imp, cell, cells.column(amount_col))
        if cells.is_total(row[0]):
            stated_total = n
            continue
        numbers.append(n)
        if not row[0].text:
            imp.error(row[0], _("radens första cell är tom; skriv vad beloppet gäller"))
            continue
        if n is None and not cell.text:
            imp.error(cell, _("beloppet för {label} är tomt; skriv beloppet (0 om inget)").format(label=shown(row[0])))
            continue
        entry: dict[str, Any] = {"label": row[0].text, "amount": n.out if n else None}
        if comment_col is not None and (text := cells.cell_at(row, comment_col.col, cells.row_number(row)).text):
            entry["comment"] = text
        rows.append(entry)
    table = cells._table_head(opts, block, "Fördelning", "breakdown")
    heads = [c.text for c in block.header] + ([block.caption.text] if block.caption else [])
    table["unit"] = opts.unit or cells.detect_unit(heads, numbers)
    period = opts.period or cells.period_in(amount_col.text)
    if period:
        table["period"] = cells._period_out(period)
    if cells.is_approximate(heads):
        table["approximate"] = True
    table["rows"] = rows
    if stated_total is not None:
        table["stated_total"] = cells._stated_out(stated_total)
    imp.fail_if_errors()
    return {"tables": [table]}


def import_table(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    block = cells._single(imp, blocks, "table")
    if opts.no_header:  # the first row is data: columns are named kolumn-1, kolumn-2, …
        width = max(c.col for row in [block.header, *block.rows] for c in row)
        block = Block(
            block.caption,
            [Cell(block.header[0].row, c, f"Kolumn {c}") for c in range(1, width + 1)],
            [block.header, *block.rows],
        )
    header = [c for c in block.header]
    width = max(c.col for c in header if c.text)
    ids: list[tuple[Cell, str]] = []
    used: set[str] = set()
    for column_number in range(1, width + 1):
        cell = cells.cell_at(header, column_number, header[0].row)
        base = ascii_slug(cell.text) or f"kolumn-{column_number}"
        ident, suffix = base, 2
        while ident in used:
            ident, suffix = f"{base}-{suffix}", suffix + 1
        used.add(ident)
        ids.append((cell, ident))
    body = cells._body(block)
    total = None
    rows = []
    column_numbers: dict[str, list[Number | None]] = {ident: [] for _, ident in ids}
    numeric: dict[str, bool] = {ident: True for _, ident in ids}
    parsed_rows = []
    for row in body:
        cells._check_row_length(imp, block.header, row)
        if cells.is_total(row[0]):
            total = row
            continue
        parsed_rows.append(row)
        for cell, ident in ids:
            c = cells.cell_at(row, cell.col, cells.row_number(row))
            if c.text and cells._number_or_none(c.text) is None:
                numeric[ident] = False
    imp.fail_if_errors()
    for row in parsed_rows:
        entry: dict[str, Any] = {}
        for cell, ident in ids:
            c = cells.cell_at(row, cell.col, cells.row_number(row))
            if numeric[ident]:
                n = cells.parse_cell(imp, c, cells.column(cell))
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
            unit = cells.detect_unit([cell.text], column_numbers[ident])
            if unit != "none":
                col["unit"] = unit
            if total is not None:
                t = cells.cell_at(total, cell.col, cells.row_number(total))
                n = cells.parse_cell(imp, t, cells.total_column(cell))
                if n is not None:
                    col["sum"] = True
                    stated[ident] = cells._stated_out(n)
        columns.append(col)
    table = cells._table_head(opts, block, "Tabell", "table")
    table["unit"] = opts.unit or "none"
    table["columns"] = columns
    table["rows"] = rows
    if stated:
        table["stated_totals"] = stated
    imp.fail_if_errors()
    return {"tables": [table]}
