"""Reading values out of cells (numbers, units, periods, totals), the unit registry of an organisation,
the options, and the helpers every table kind shares.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from followup.commands.import_table.constants import (
    COMMENT_LABELS,
    DECLARED_UNITS,
    NUMBER_UNITS,
    TOTAL_LABELS,
    UNIT_WORDS,
)
from followup.commands.import_table.read import Block, Cell, Importer, TableError, shown
from followup.errors import DataErrors, Problem
from followup.i18n import _
from followup.model.models import OrganisationFile
from followup.model.numbers import StatedNumber, parse_stated_number
from followup.model.periods import parse_period
from followup.model.slugs import ascii_slug
from followup.model.yamlsource import load_yaml_file

# --- values ------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Lower case, no accents, no spaces or punctuation except '/': for matching names."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9/]+", "", text)


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
        # the number parser's message names the text first ("'elva' är inget tal; …", in either language)
        reason = re.sub(r"^'.*?' (?:is not a number|är inget tal); ", "", str(exc))
        if reason == str(exc):  # another reason (a unit, too many digits): the parser's message as it is
            imp.error(cell, _("cellen {cell} i {what}: {reason}").format(cell=shown(cell), what=what, reason=reason))
        else:
            message = _("cellen {cell} i {what} är inget tal; {reason}; rätta cellen eller lämna den tom")
            imp.error(cell, message.format(cell=shown(cell), what=what, reason=reason))
        return None
    body = _UNIT_SUFFIX.sub("", stated.text).strip() if stated.unit else stated.text.strip()
    out: Any = int(body) if re.fullmatch(r"-?[0-9]+", body) else body
    return Number(stated.value, out, stated.unit, stated.decimals)


def column(head: Cell) -> str:
    """Where a value cell is, for a message: 'kolumnen "Antal 2022"'."""
    return _("kolumnen {column}").format(column=shown(head))


def total_column(head: Cell) -> str:
    """Where a cell of the total row is, for a message."""
    return _("summaraden, kolumnen {column}").format(column=shown(head))


def no_table(imp: Importer) -> TableError:
    message = _("indata innehåller ingen tabell; klistra in en tabell (celler åtskilda av tabbar)")
    return TableError([Problem(imp.source, 1, 1, message)])


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


def detect_unit(texts: Iterable[str], numbers: Iterable[Number | None], *, declared: bool = False) -> str:
    """The unit the cells (`1 200 ton`) or headings (`Kostnad, tkr`) state; ton and GWh only when
    `declared` units are allowed (indicators), else none (tables take built-in units only)."""
    unit = _stated_unit(texts, numbers)
    return unit if declared or unit not in DECLARED_UNITS else "none"


def _stated_unit(texts: Iterable[str], numbers: Iterable[Number | None]) -> str:
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
        if re.search(r"\bton\b", t):
            return "ton"
        if re.search(r"\bgwh\b", t):
            return "GWh"
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
                message = _(
                    "enheten {unit} är ingen enhetskod; ange --organisation <organisation> för att översätta namnen "
                    "till koderna i data/<organisation>/organisation.yaml, eller skriv koden i stället"
                )
                imp.warn(cell, message.format(unit=shown(cell)))
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
            message = _(
                "enheten {unit} passar flera enheter i data/{organisation}/organisation.yaml: {codes}; "
                "skriv enhetens fullständiga namn eller kod i tabellen"
            )
            imp.error(
                cell, message.format(unit=shown(cell), organisation=self.org_id, codes=", ".join(u.code for u in candidates))
            )
        else:
            message = _(
                "enheten {unit} finns inte i enhetsregistret i data/{organisation}/organisation.yaml "
                "(enheter: {units}); lägg till den i registret eller rätta namnet"
            )
            imp.error(cell, message.format(unit=shown(cell), organisation=self.org_id, units=codes))
        return None


def load_registry(root: Path, org_id: str | None) -> tuple[Registry, Any]:
    """The registry of `org_id` (and its OrganisationFile), or an empty pass-through registry."""
    if not org_id:
        return Registry(None, []), None

    path = Path(root) / "data" / org_id / "organisation.yaml"
    if not path.is_file():
        raise TableError(
            [
                Problem(
                    f"data/{org_id}/organisation.yaml",
                    1,
                    1,
                    _(
                        "organisationen '{organisation}' har ingen organisation.yaml; "
                        "kontrollera namnet efter --organisation (mappens namn under data/)"
                    ).format(organisation=org_id),
                )
            ]
        )
    try:
        org = OrganisationFile.model_validate(load_yaml_file(path, root).data or {})
    except (DataErrors, ValueError) as exc:
        raise TableError(
            [
                Problem(
                    f"data/{org_id}/organisation.yaml",
                    1,
                    1,
                    _("organisationsfilen har fel; kör 'python build.py check' och rätta dem först"),
                )
            ]
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


def _columns(
    imp: Importer, header: list[Cell], *, what: str, first_is_label: bool = True
) -> tuple[list[tuple[Cell, str]], Cell | None]:
    """Value columns with their periods, and the comment column (if any)."""
    columns: list[tuple[Cell, str]] = []
    comment = None
    for cell in header[1:] if first_is_label else header:
        if is_comment(cell):
            comment = cell
            continue
        if not cell.text:
            message = _("rubriken i kolumn {column} är tom; skriv perioden, t.ex. '{example}'")
            imp.error(cell, message.format(column=cell.col, example=f"{what} 2022"))
            continue
        period = period_in(cell.text)
        if period is None:
            message = _("hittar ingen period i kolumnrubriken {heading}; skriv den som '{example}' eller '2022 apr–dec'")
            imp.error(cell, message.format(heading=shown(cell), example=f"{what} 2022"))
            continue
        columns.append((cell, period))
    return columns, comment


def _check_row_length(imp: Importer, header: list[Cell], row: list[Cell]) -> None:
    width = max((c.col for c in header if c.text), default=0)
    extra = [c for c in row if c.col > width and c.text]
    if extra:
        message = _(
            "rad {row} har en cell {cell} i kolumn {column}, utanför rubrikradens {width} kolumner; "
            "ta bort den eller lägg till en rubrik"
        )
        imp.error(extra[0], message.format(row=extra[0].row, cell=shown(extra[0]), column=extra[0].col, width=width))


def _body(block: Block) -> list[list[Cell]]:
    """Body rows without repeated header rows."""
    head = [c.text for c in block.header]
    return [row for row in block.rows if [c.text for c in row] != head]


def _single(imp: Importer, blocks: list[Block], kind: str) -> Block:
    if not blocks:
        raise no_table(imp)
    if len(blocks) > 1:
        second = blocks[1].caption or blocks[1].header[0]
        message = _("indata innehåller {count} tabeller (åtskilda av tomma rader); --kind {kind} tar en tabell i taget")
        imp.error(second, message.format(count=len(blocks), kind=kind))
        imp.fail_if_errors()
    block = blocks[0]
    if len([c for c in block.header if c.text]) < 2:
        imp.error(block.header[0], _("rubrikraden har färre än två kolumner; är cellerna åtskilda av tabbar?"))
        imp.fail_if_errors()
    return block


def _table_head(opts: Options, block: Block, default_title: str, kind: str, *, header_is_title: bool = False) -> dict[str, Any]:
    """id, title and kind: --title, else the caption, else (budget) the first heading, else a default."""
    title = opts.title or (block.caption.text if block.caption else None)
    if not title and header_is_title and block.header and block.header[0].text:
        title = block.header[0].text
    title = title or default_title
    ident = opts.id or ascii_slug(title) or "tabell"
    return {"id": ident, "title": title, "kind": kind}


def _unit_rows(
    imp: Importer, block: Block, registry: Registry, columns: list[tuple[Cell, str]], comment_col: Cell | None
) -> tuple[list[tuple[str, list[Cell], Cell]], list[Cell] | None]:
    """(code, row, label cell) for each unit row, and the total row."""
    out = []
    total = None
    for row in _body(block):
        _check_row_length(imp, block.header, row)
        if is_total(row[0]):
            total = row
            continue
        if not row[0].text:
            imp.error(row[0], _("radens första cell är tom; skriv enhetens namn eller kod"))
            continue
        code = registry.code(imp, row[0])
        if code is not None:
            out.append((code, row, row[0]))
    return out, total


def _number_or_none(text: str) -> StatedNumber | None:
    try:
        return parse_stated_number(text, percent=True, units=NUMBER_UNITS)
    except ValueError:
        return None


def _period_out(period: str) -> Any:
    return int(period) if re.fullmatch(r"\d{4}", period) else period


def _stated_out(n: Number) -> Any:
    return n.out if isinstance(n.out, str) else n.out
