"""Validating what was imported with the models, and writing it as YAML with a header comment."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Sequence

import yaml

from followup.commands.import_table.cells import Options, load_registry
from followup.commands.import_table.constants import MEASURE_UNITS
from followup.commands.import_table.finance import (
    import_before_after,
    import_breakdown,
    import_budget,
    import_per_unit,
    import_table,
)
from followup.commands.import_table.read import Cell, Importer, TableError, split_blocks
from followup.commands.import_table.surveys_goals import (
    import_goals,
    import_indicator,
    import_survey_respondents,
    import_survey_scores,
)
from followup.errors import Problem
from followup.i18n import _
from followup.model import models

# --- validation and output -----------------------------------------------------------------------


def validate(kind: str, data: dict[str, Any]) -> None:
    """Validate the produced data with the models (a bug if it fails: raises ValueError)."""

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
        message = _("okänd enhet '{unit}'; använd en av {units}").format(unit=opts.unit, units=", ".join(MEASURE_UNITS))
        raise TableError([Problem("--unit", 1, 1, message)])
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
        return _(
            "den importerade tabellen ger inte giltig YAML: {errors}; kontrollera valen "
            "(--id får bara innehålla små bokstäver, siffror och -)"
        ).format(errors="; ".join(parts))
    return _("den importerade tabellen ger inte giltig YAML: {error}").format(error=exc)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, laid out like the hand-written data files: list items indented under
    their key, and text with line breaks (a multi-line Excel cell) as a literal block (`|`), line
    by line as the cell shows it."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value.strip() else None
    if any(c in value for c in "\x85\u2028\u2029"):
        style = '"'  # written raw (allow_unicode), a reader takes them for line breaks: escape them
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def to_yaml(data: Any, *, header: Sequence[str] = ()) -> str:
    """YAML text (PyYAML's safe dumper: keys in the order given, Unicode as is, short lists and
    mappings of plain values on one line), after the header lines as comments."""
    comments = "".join(f"# {line}\n" if line else "#\n" for line in header)
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=110)
    return comments + body


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
