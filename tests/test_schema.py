"""The committed JSON Schemas are generated from the models, current, and accept the bundled data."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from followup.cli import main
from followup.model.models import ORGANISATION_FILE, REPORT_FILES
from followup.model.schema import FILE_KINDS, KINDS, json_compatible, schema_path, stale_schemas, write_schemas
from followup.model.yamlsource import load_yaml_file

REPO = Path(__file__).resolve().parent.parent
DATA_FILES = sorted((REPO / "data").glob("**/*.yaml"))


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_path(REPO, kind).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schemas_are_current():
    stale = [p.relative_to(REPO).as_posix() for p in stale_schemas(REPO)]
    assert stale == [], "the models changed: run 'python build.py schema' and commit schema/"


def test_every_data_file_kind_has_a_schema():
    assert set(FILE_KINDS) == set(REPORT_FILES) | {ORGANISATION_FILE}
    assert FILE_KINDS["finance.yaml"] == FILE_KINDS["tables.yaml"] == "tables"
    for kind in KINDS:
        assert schema_path(REPO, kind).is_file()


@pytest.mark.parametrize("path", DATA_FILES, ids=[p.relative_to(REPO).as_posix() for p in DATA_FILES])
def test_bundled_data_file_validates_against_its_schema(path):
    data = json_compatible(load_yaml_file(path, REPO).data)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _validator(FILE_KINDS[path.name]).iter_errors(data)]
    assert errors == []


def test_bundled_data_exists():
    assert DATA_FILES, "no data files under data/"


def test_schema_flags_an_unknown_key():
    report = {
        "title": "T",
        "document_type": "uppföljning",
        "status": "utkast",
        "period": 2022,
        "summary": "S",
        "titel": "typo",
    }
    assert not _validator("report").is_valid(report)
    del report["titel"]
    assert _validator("report").is_valid(report)


def test_schema_accepts_swedish_number_text_and_rejects_words():
    table = {"tables": [{"id": "t", "title": "T", "kind": "breakdown", "rows": [{"label": "A", "amount": "295 591"}]}]}
    assert _validator("tables").is_valid(table)
    table["tables"][0]["rows"][0]["amount"] = "många"
    assert not _validator("tables").is_valid(table)


def test_schema_command_writes_every_schema(tmp_path, capsys):
    assert main(["schema", "--root", str(tmp_path)]) == 0
    assert sorted(p.name for p in (tmp_path / "schema").iterdir()) == sorted(f"{k}.schema.json" for k in KINDS)
    assert stale_schemas(tmp_path) == []
    assert write_schemas(tmp_path) == []  # a second run changes nothing


def test_schema_check_fails_when_a_schema_is_stale(tmp_path, capsys):
    write_schemas(tmp_path)
    schema_path(tmp_path, "goals").write_text("{}\n", encoding="utf-8")
    assert main(["schema", "--check", "--root", str(tmp_path)]) == 1
    assert "schema/goals.schema.json: inaktuell" in capsys.readouterr().out
