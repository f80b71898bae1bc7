"""JSON Schemas of the data files, generated from the models in `followup.model.models`.

`python build.py schema` writes `schema/<kind>.schema.json` for each kind of file; the files
are committed so editors can autocomplete and flag errors while typing (e.g. with the YAML
language server: `# yaml-language-server: $schema=../../../schema/report.schema.json` as the
first line of a report.yaml). A test asserts the committed files are current.

The schemas describe the same format as the models, with one difference: numbers written the
Swedish way (`7,77`, `295 591`) are described by a pattern, and periods as integers or text;
the validator (`build.py check`) parses them exactly and reports what a schema cannot (unknown
unit codes, totals that do not add up, periods outside the report's period).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from followup.model.models import (
    ORGANISATION_FILE,
    REPORT_FILES,
    DeliverablesFile,
    GoalsFile,
    IndicatorsFile,
    OrganisationFile,
    ReportFile,
    SurveysFile,
    TablesFile,
)

SCHEMA_DIR = "schema"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: kind -> model; `schema/<kind>.schema.json` describes the files of that kind.
KINDS: dict[str, type[BaseModel]] = {
    "organisation": OrganisationFile,
    "report": ReportFile,
    "goals": GoalsFile,
    "indicators": IndicatorsFile,
    "surveys": SurveysFile,
    "tables": TablesFile,
    "deliverables": DeliverablesFile,
}

#: data file name -> kind (finance.yaml and tables.yaml share the tables schema).
FILE_KINDS: dict[str, str] = {
    ORGANISATION_FILE: "organisation",
    **{name: next(k for k, m in KINDS.items() if m is model) for name, model in REPORT_FILES.items()},
}


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of file."""
    model = KINDS[kind]
    schema = model.model_json_schema(mode="validation")
    files = sorted(name for name, k in FILE_KINDS.items() if k == kind)
    head = {
        "$schema": SCHEMA_DIALECT,
        "$id": f"{kind}.schema.json",
        "title": f"{', '.join(files)} ({model.__name__})",
    }
    return {**head, **{k: v for k, v in schema.items() if k != "title"}}


def schema_text(kind: str) -> str:
    return json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"


def schema_path(root: Path, kind: str) -> Path:
    return Path(root) / SCHEMA_DIR / f"{kind}.schema.json"


def write_schemas(root: Path) -> list[Path]:
    """Write every schema file; returns the files that changed."""
    changed = []
    for kind in KINDS:
        path = schema_path(root, kind)
        text = schema_text(kind)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed


def stale_schemas(root: Path) -> list[Path]:
    """Schema files that are missing or differ from the models."""
    return [
        schema_path(root, kind)
        for kind in KINDS
        if not schema_path(root, kind).exists() or schema_path(root, kind).read_text(encoding="utf-8") != schema_text(kind)
    ]


def json_compatible(data: Any) -> Any:
    """YAML data as a JSON document would hold it (dates as ISO text), for schema validation."""
    import datetime as dt

    if isinstance(data, dict):
        return {str(k): json_compatible(v) for k, v in data.items()}
    if isinstance(data, list):
        return [json_compatible(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data
