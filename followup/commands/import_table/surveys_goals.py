"""Table kinds of indicators.yaml, surveys.yaml and goals.yaml."""

from __future__ import annotations

import re
from typing import Any

from followup.commands.import_table import cells
from followup.commands.import_table.cells import Number, Options, Registry
from followup.commands.import_table.constants import (
    DECLARED_UNITS,
    GROUP_LABELS,
    TARGET_WORDS,
)
from followup.commands.import_table.outcomes import parse_outcome
from followup.commands.import_table.read import Block, Cell, Importer, TableError, shown
from followup.commands.new import _default_scales
from followup.errors import Problem
from followup.i18n import _
from followup.model.indicators import MISSING_WORDS
from followup.model.periods import parse_period
from followup.model.slugs import ascii_slug


def import_indicator(imp: Importer, blocks: list[Block], opts: Options, registry: Registry, org: Any) -> dict[str, Any]:
    if not blocks:
        raise cells.no_table(imp)
    series: dict[str, dict[str, Any]] = {}
    targets: list[dict[str, Any]] = []
    numbers: list[Number | None] = []
    heads: list[str] = []
    groups = dict(GROUP_LABELS)
    if org is not None:
        for g in org.groups:
            groups[cells.label_of(g.label)] = g.id
            groups[g.id] = g.id
    for block in blocks:
        heads += [c.text for c in block.header] + ([block.caption.text] if block.caption else [])
        value_cols: list[tuple[Cell, str, bool]] = []
        for cell in block.header[1:]:
            if cells.is_comment(cell):
                continue
            period = cells.period_in(cell.text)
            if period is None:
                message = _("hittar ingen period i kolumnrubriken {heading}; skriv den som 'Utfall 2022' eller 'Mål 2023'")
                imp.error(cell, message.format(heading=shown(cell)))
                continue
            is_target = any(cells.label_of(cell.text).startswith(w) for w in TARGET_WORDS)
            value_cols.append((cell, period, is_target))
        for row in cells._body(block):
            cells._check_row_length(imp, block.header, row)
            label = cells.label_of(row[0].text)
            group = groups.get(label) or groups.get(ascii_slug(row[0].text))
            if group is None:
                group = ascii_slug(row[0].text)
                message = _(
                    "gruppen {group} är inte alla, kvinnor eller män; den fick id '{id}', "
                    "som måste deklareras under groups: i organisation.yaml"
                )
                imp.warn(row[0], message.format(group=shown(row[0]), id=group))
            s = series.setdefault(group, {"group": group, "values": {}})
            given: dict[str, Any] = {}  # period -> the outcome that gave its value (two may: "1 450 (1 380)")
            for head, period, is_target in value_cols:
                cell = cells.cell_at(row, head.col, cells.row_number(row))
                if not is_target and cell.text.strip().lower() in MISSING_WORDS:
                    # "Statistik saknas", "–": no value, with the source's words as the reason
                    s["values"][period] = None
                    s.setdefault("missing", {})[period] = cell.text.strip()
                    continue
                if is_target:
                    n = cells.parse_cell(imp, cell, cells.column(head))
                    numbers.append(n)
                    if n is not None:
                        targets.append({"period": cells._period_out(period), "group": group, "value": n.out})
                    continue
                for outcome in parse_outcome(imp, cell, period, cells.column(head)):
                    _set_outcome(imp, s, given, outcome)
                    numbers.append(outcome.number)
    imp.fail_if_errors()
    first = blocks[0]
    name = opts.title or (first.caption.text if first.caption else None) or "Indikator"
    name = re.sub(r"\s*\(%\)\s*$", "", name)
    decimals = max((n.decimals for n in numbers if n is not None), default=0)
    indicator: dict[str, Any] = {
        "id": opts.id or ascii_slug(name) or "indikator",
        "name": name,
        "unit": opts.unit or cells.detect_unit(heads, numbers, declared=True),
        "direction": opts.direction or "neutral",
        "decimals": decimals,
        "series": list(series.values()),
    }
    for s in indicator["series"]:
        if not s.get("approximate"):
            s.pop("approximate", None)
        missing = [p for p, v in s["values"].items() if v is None and p not in s.get("missing", {})]
        if missing:
            s["missing"] = {**s.get("missing", {}), **{p: "uppgift saknas i tabellen" for p in missing}}
        if "missing" in s:
            s["missing"] = s.pop("missing")  # after the values
    if targets:
        indicator["targets"] = targets
    _declared_unit_warning(imp, indicator["unit"], org, blocks[0])
    return {"indicators": [indicator]}


def _declared_unit_warning(imp: Importer, unit: str, org: Any, block: Block) -> None:
    """ton and GWh are units an organisation declares: say so unless --organisation's file does."""
    if unit not in DECLARED_UNITS:
        return
    if org is not None and any(u.label == unit for u in org.measure_units):
        return
    message = _(
        "enheten '{unit}' är ingen inbyggd enhet: deklarera den under measure_units i organisation.yaml "
        "(t.ex. '- {example}'), annars underkänner 'python build.py check' indikatorn"
    )
    imp.warn(block.caption or block.header[0], message.format(unit=unit, example=f"{{label: {unit}}}"))


def _set_outcome(imp: Importer, series: dict[str, Any], given: dict[str, Any], outcome: Any) -> None:
    """Put an outcome into the series; two cells giving one period different values is an error."""
    value = outcome.number.out if outcome.number is not None else None
    earlier = given.get(outcome.period)
    if earlier is not None and earlier.number is not None and outcome.number is not None:
        if earlier.number.value != outcome.number.value:
            message = _("cellen {cell} ger {period} värdet {value}, men cellen {other} ger {other_value}; rätta den ena")
            imp.error(
                outcome.cell,
                message.format(
                    cell=shown(outcome.cell),
                    period=outcome.period,
                    value=outcome.number.out,
                    other=shown(earlier.cell),
                    other_value=earlier.number.out,
                ),
            )
        return
    if earlier is not None and outcome.number is None:
        return  # an empty column for a period the parentheses gave
    given[outcome.period] = outcome
    series["values"][outcome.period] = value
    approximate = series.setdefault("approximate", [])
    if outcome.approximate and outcome.period not in approximate:
        approximate.append(outcome.period)
    elif not outcome.approximate and outcome.period in approximate:
        approximate.remove(outcome.period)


def import_survey_respondents(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    if not blocks:
        raise cells.no_table(imp)
    rounds: dict[str, dict[str, Any]] = {}
    for block in blocks:
        columns, _comment = cells._columns(imp, block.header, what="Antal")
        if opts.period and len(columns) == 1:
            columns = [(columns[0][0], str(_parse_period_opt(imp, opts.period)))]
        imp.fail_if_errors()
        units, total = cells._unit_rows(imp, block, registry, columns, None)
        for head, period in columns:
            rnd = rounds.setdefault(period, {"period": cells._period_out(period), "units": []})
            for code, row, _label in units:
                cell = cells.cell_at(row, head.col, cells.row_number(row))
                n = cells.parse_cell(imp, cell, cells.column(head))
                rnd["units"].append({"unit": code, "respondents": _count(imp, n, cell)})
            if total is not None:
                n = cells.parse_cell(imp, cells.cell_at(total, head.col, cells.row_number(total)), cells.total_column(head))
                if n is not None:
                    rnd["stated_total"] = {"respondents": cells._stated_out(n)}
    imp.fail_if_errors()
    return {"rounds": list(rounds.values())}


def _count(imp: Importer, n: Number | None, cell: Cell) -> Any:
    if n is None:
        return None
    if n.value < 0 or n.decimals or n.unit:
        imp.error(cell, _("cellen {cell} är inget antal svarande; skriv ett heltal, 0 eller mer").format(cell=shown(cell)))
        return None
    return int(n.value)


def import_survey_scores(imp: Importer, blocks: list[Block], opts: Options, registry: Registry) -> dict[str, Any]:
    if not blocks:
        raise cells.no_table(imp)
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
        "id": opts.id or ascii_slug(title) or "enkat",
        "title": title,
        "questions": [{"id": qid, "text": text} for qid, text in questions.items()],
        "rounds": rounds,
    }
    return {"surveys": [survey]}


def _parse_period_opt(imp: Importer, text: str) -> Any:

    try:
        return parse_period(text)
    except ValueError as exc:
        raise TableError([Problem("--period", 1, 1, str(exc))]) from exc


def _survey_round(
    imp: Importer, block: Block, opts: Options, registry: Registry, questions: dict[str, str], *, single: bool
) -> dict[str, Any] | None:
    header = block.header
    body = cells._body(block)
    # Which layout? Units as columns (the seed's "Statistik" tables: an "Antal" row) or units as rows
    # (an "Antal" column).
    antal_row = next((r for r in body if cells.label_of(r[0].text) in ("antal", "antal svarande", "svarande", "n")), None)
    period_text = None
    if opts.period and single:
        period_text = str(_parse_period_opt(imp, opts.period))
    elif header[0].text:
        period_text = cells.period_in(header[0].text)
    if period_text is None and block.caption is not None:
        period_text = cells.period_in(block.caption.text)
    if period_text is None:
        message = _(
            "hittar inte omgångens period i {cell}; skriv den i första rubrikcellen, t.ex. '2022 (apr-dec)', "
            "eller ange --period"
        )
        imp.error(header[0], message.format(cell=shown(header[0])))
        return None
    rnd: dict[str, Any] = {"period": cells._period_out(period_text), "units": []}
    stated_scores: dict[str, Any] = {}
    stated_respondents = None
    if antal_row is not None:
        question_rows = [r for r in body if r is not antal_row]
        qids = []
        for row in question_rows:
            cells._check_row_length(imp, header, row)
            qid = ascii_slug(row[0].text)
            if not qid:
                imp.error(row[0], _("frågetexten är tom; skriv frågan i första cellen"))
                continue
            questions.setdefault(qid, row[0].text)
            qids.append((qid, row))
        for head in header[1:]:
            if not head.text:
                imp.error(head, _("rubriken i kolumn {column} är tom; skriv enhetens namn eller kod").format(column=head.col))
                continue
            cell = cells.cell_at(antal_row, head.col, cells.row_number(antal_row))
            respondents = _count(imp, cells.parse_cell(imp, cell, cells.column(head)), cell)
            scores = {}
            for qid, row in qids:
                n = cells.parse_cell(imp, cells.cell_at(row, head.col, cells.row_number(row)), cells.column(head))
                scores[qid] = n.out if n is not None else None
            if cells.is_total(head):
                stated_respondents = respondents
                stated_scores = {
                    qid: cells._stated_out(n)
                    for qid, row in qids
                    if (n := cells.parse_cell(imp, cells.cell_at(row, head.col, cells.row_number(row)), _("summakolumnen")))
                    is not None
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
        antal_col = next((c for c in header[1:] if cells.label_of(c.text) in ("antal", "antal svarande", "svarande", "n")), None)
        qcols = []
        for head in header[1:]:
            if head is antal_col or cells.is_comment(head):
                continue
            qid = ascii_slug(head.text)
            if not qid:
                imp.error(head, _("rubriken i kolumn {column} är tom; skriv frågan").format(column=head.col))
                continue
            questions.setdefault(qid, head.text)
            qcols.append((qid, head))
        for row in body:
            cells._check_row_length(imp, header, row)
            respondents = None
            if antal_col is not None:
                cell = cells.cell_at(row, antal_col.col, cells.row_number(row))
                respondents = _count(imp, cells.parse_cell(imp, cell, cells.column(antal_col)), cell)
            scores = {}
            for qid, head in qcols:
                n = cells.parse_cell(imp, cells.cell_at(row, head.col, cells.row_number(row)), cells.column(head))
                scores[qid] = n
            if cells.is_total(row[0]):
                stated_respondents = respondents
                stated_scores = {qid: cells._stated_out(n) for qid, n in scores.items() if n is not None}
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

    block = cells._single(imp, blocks, "goals")
    scale = (org.assessment_scale if org is not None and org.assessment_scale else None) or _default_scales()[0]
    perspectives: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for row in cells._body(block):
        cells._check_row_length(imp, block.header, row)
        title = row[0].text
        mark = cells.cell_at(row, 2, cells.row_number(row))
        if not title:
            imp.error(row[0], _("första cellen är tom; skriv perspektivets eller målets titel"))
            continue
        if not mark.text:
            current = {"id": ascii_slug(title), "title": title, "goals": []}
            perspectives.append(current)
            continue
        level = next(
            (lv.id for lv in scale if mark.text in (lv.symbol, lv.id) or cells.label_of(mark.text) == cells.label_of(lv.label)),
            None,
        )
        if level is None:
            levels = ", ".join(f"{lv.symbol} ({lv.label})" for lv in scale)
            message = _(
                "bedömningen {cell} finns inte på bedömningsskalan ({levels}); "
                "rätta cellen, eller ange organisationens skala med --organisation"
            )
            imp.error(mark, message.format(cell=shown(mark), levels=levels))
            continue
        if current is None:
            current = {"id": "mal", "title": "Mål", "goals": []}
            perspectives.append(current)
        current["goals"].append({"id": ascii_slug(title), "title": title, "assessment": level})
    for p in perspectives:
        if not p["goals"]:
            message = _("perspektivet '{title}' har inga mål under sig; en målrad har sin bedömning i andra kolumnen")
            imp.error(block.header[0], message.format(title=p["title"]))
    imp.fail_if_errors()
    out: dict[str, Any] = {}
    title = opts.title or block.header[0].text
    if title:
        out["title"] = title
    out["perspectives"] = perspectives
    return out
