"""Validating what was imported with the models, and writing it as YAML with a header comment."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any, Callable, Sequence

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
        return (
            "the imported table does not make valid YAML: "
            + "; ".join(parts)
            + "; check the options (--id must be lower-case letters, digits and -)"
        )
    return f"the imported table does not make valid YAML: {exc}"


def to_yaml(data: Any, *, header: Sequence[str] = ()) -> str:
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
                flow = (
                    _flow(v)
                    if (isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v))
                    or (isinstance(v, dict) and all(not isinstance(x, list) for x in v.values()))
                    else None
                )
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
            if flow is not None and (
                not isinstance(item, dict)
                or all(not isinstance(x, list) or not x or all(not isinstance(y, dict) for y in x) for x in item.values())
            ):
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
