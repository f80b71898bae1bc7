"""`build.py new <organisation>/<report>`: a draft report that passes `check` and shows on the site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from pydantic import BaseModel

from followup.commands import new as scaffold
from followup.model import models
from followup.model.schema import FILE_KINDS

REPO = Path(__file__).resolve().parent.parent
REPORT_FILES = ["report.yaml", "goals.yaml", "indicators.yaml", "surveys.yaml", "finance.yaml", "deliverables.yaml"]


def new(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "new", *args, "--root", str(root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "check", "--root", str(root)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    shutil.copytree(REPO / "schema", root / "schema")
    return root


@pytest.fixture
def seed_project(tmp_path: Path) -> Path:
    """A copy of the repository's data (both seeds), for adding a report to an existing organisation."""
    root = tmp_path / "seeds"
    for name in ("data", "content", "schema"):
        shutil.copytree(REPO / name, root / name)
    return root


def test_new_creates_every_report_file_and_the_first_content_page(empty_project: Path):
    result = new(empty_project, "testkommun/ny-rapport")
    assert result.returncode == 0, result.stderr
    for name in REPORT_FILES:
        assert (empty_project / "data/testkommun/ny-rapport" / name).is_file(), name
    assert (empty_project / "data/testkommun/organisation.yaml").is_file()
    assert (empty_project / "content/testkommun/ny-rapport/01-inledning.md").is_file()


def test_every_scaffolded_yaml_file_starts_with_a_schema_modeline_that_resolves(empty_project: Path):
    assert new(empty_project, "testkommun/ny-rapport").returncode == 0
    files = [empty_project / "data/testkommun/organisation.yaml"] + [
        empty_project / "data/testkommun/ny-rapport" / name for name in REPORT_FILES
    ]
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
        assert match, f"{path.name}: {first}"
        schema = (path.parent / match.group(1)).resolve()
        assert schema == (empty_project / "schema" / f"{FILE_KINDS[path.name]}.schema.json").resolve()
        assert schema.is_file()


def test_scaffolded_report_is_a_draft(empty_project: Path):
    assert new(empty_project, "testkommun/ny-rapport", "--title", "Uppföljning av nya mål").returncode == 0
    text = (empty_project / "data/testkommun/ny-rapport/report.yaml").read_text(encoding="utf-8")
    assert re.search(r"^status: utkast\b", text, re.M)
    assert re.search(r"^title: Uppföljning av nya mål$", text, re.M)


def test_check_passes_on_a_new_report_in_a_new_organisation(empty_project: Path):
    assert new(empty_project, "testkommun/ny-rapport").returncode == 0
    result = check(empty_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Inga fel eller varningar" in result.stdout


def test_check_passes_on_a_new_report_in_an_existing_organisation_with_its_own_scale(seed_project: Path):
    # Lund has its own assessment scale (uppfyllt …) and its own unit codes.
    organisation = (seed_project / "data/lund/organisation.yaml").read_bytes()
    assert new(seed_project, "lund/ny-rapport").returncode == 0
    assert (seed_project / "data/lund/organisation.yaml").read_bytes() == organisation
    goals = (seed_project / "data/lund/ny-rapport/goals.yaml").read_text(encoding="utf-8")
    assert "assessment: uppfyllt" in goals
    result = check(seed_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "data/lund/ny-rapport" not in result.stdout


def test_new_refuses_to_overwrite_an_existing_report(seed_project: Path):
    before = (seed_project / "data/lund/samordnade-servicetjanster/report.yaml").read_bytes()
    result = new(seed_project, "lund/samordnade-servicetjanster")
    assert result.returncode == 1
    assert "data/lund/samordnade-servicetjanster/ finns redan" in result.stderr
    assert "skriver aldrig över" in result.stderr
    assert (seed_project / "data/lund/samordnade-servicetjanster/report.yaml").read_bytes() == before


def test_new_refuses_when_only_the_content_folder_exists(empty_project: Path):
    (empty_project / "content/testkommun/ny-rapport").mkdir(parents=True)
    result = new(empty_project, "testkommun/ny-rapport")
    assert result.returncode == 1
    assert "content/testkommun/ny-rapport/ finns redan" in result.stderr
    assert not (empty_project / "data/testkommun").exists()


@pytest.mark.parametrize(
    "name, message",
    [
        ("ny-rapport", "skriv <organisation>/<rapport>"),
        ("a/b/c", "skriv <organisation>/<rapport>"),
        ("Lund/Ny Rapport", "pröva 'lund/ny-rapport'"),
        ("lund/måluppföljning", "pröva 'lund/maluppfoljning'"),
    ],
)
def test_a_bad_report_name_is_a_usage_error(empty_project: Path, name: str, message: str):
    result = new(empty_project, name)
    assert result.returncode == 2
    assert message in result.stderr
    assert not any((empty_project / "data").iterdir())


def test_the_scaffold_shows_every_field_of_every_file_kind():
    """Every model field appears in the templates (as a key, or commented out with an example)."""
    texts = {
        name: (scaffold.templates_dir(REPO) / name).read_text(encoding="utf-8") for name in ["organisation.yaml", *REPORT_FILES]
    }
    file_models = {"organisation.yaml": models.OrganisationFile, **{n: models.REPORT_FILES[n] for n in REPORT_FILES}}
    missing = []
    for name, model in file_models.items():
        for owner, field in _fields(model):
            if not re.search(rf"(^|[\s{{,#-]){re.escape(field)}:", texts[name], re.M):
                missing.append(f"{name}: {owner}.{field}")
    assert not missing, "fields not shown in templates/scaffold/: " + ", ".join(missing)


def _fields(model: type[BaseModel], seen: set | None = None) -> list[tuple[str, str]]:
    seen = set() if seen is None else seen
    if model in seen:
        return []
    seen.add(model)
    out = []
    for name, info in model.model_fields.items():
        out.append((model.__name__, name))
        for sub in _models_in(info.annotation):
            out.extend(_fields(sub, seen))
    return out


def _models_in(annotation: typing.Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def test_build_with_utkast_shows_the_new_report_as_a_draft(empty_project: Path, tmp_path: Path):
    from followup.build.publish import build_site

    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, empty_project / name)
    shutil.copytree(REPO / "templates", empty_project / "templates")
    assert new(empty_project, "testkommun/ny-rapport", "--title", "Ny rapport").returncode == 0

    result = build_site(empty_project, site_dir=tmp_path / "site", drafts=True)
    report_page = (result.site_dir / "testkommun/ny-rapport/index.html").read_text(encoding="utf-8")
    assert re.search(r'class="doc-status doc-status--utkast"[^>]*>\s*Utkast\s*<', report_page)
    start = (result.site_dir / "index.html").read_text(encoding="utf-8")
    assert "testkommun/ny-rapport/index.html" in start
    assert re.search(r'doc-status--utkast"[^>]*>\s*Utkast\s*<', start)
    assert (result.site_dir / "testkommun/ny-rapport/01-inledning.html").is_file()


def test_editor_settings_map_every_data_file_kind_to_its_schema():
    import fnmatch
    import json

    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for file_name, kind in FILE_KINDS.items():
        example = "data/org/organisation.yaml" if file_name == "organisation.yaml" else f"data/org/rep/{file_name}"
        schemas = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(example, g) for g in globs)]
        assert schemas == [f"./schema/{kind}.schema.json"], file_name
        assert (REPO / schemas[0]).is_file()


# --- the organisation's name (--namn) ---------------------------------------------------------


def organisation_name(root: Path, org_id: str) -> str:
    text = (root / "data" / org_id / "organisation.yaml").read_text(encoding="utf-8")
    match = re.search(r"^name: (.*)$", text, re.M)
    assert match, text
    return match.group(1)


def test_namn_gives_the_organisation_its_name_and_its_folder(empty_project: Path):
    result = new(empty_project, "--namn", "Höganäs kommun", "uppfoljning-2026")
    assert result.returncode == 0, result.stderr
    assert "Skapade rapporten hoganas-kommun/uppfoljning-2026" in result.stdout
    assert organisation_name(empty_project, "hoganas-kommun") == "Höganäs kommun"
    assert (empty_project / "data/hoganas-kommun/uppfoljning-2026/report.yaml").is_file()
    assert check(empty_project).returncode == 0


def test_namn_with_a_written_out_folder_keeps_the_folder(empty_project: Path):
    assert new(empty_project, "hoganas/uppfoljning-2026", "--namn", "Höganäs kommun").returncode == 0
    assert organisation_name(empty_project, "hoganas") == "Höganäs kommun"


def test_new_without_namn_and_without_a_terminal_makes_the_name_from_the_folder_and_says_so(empty_project: Path):
    result = new(empty_project, "provkommun/provrapport-2026")
    assert result.returncode == 0, result.stderr
    assert organisation_name(empty_project, "provkommun") == "Provkommun"
    assert 'Organisationens namn blev "Provkommun" (från mappnamnet provkommun)' in result.stdout
    assert "--namn" in result.stdout
    assert (empty_project / "data/provkommun/provrapport-2026/report.yaml").is_file()


def test_new_without_namn_on_a_terminal_asks_for_the_name(empty_project: Path, monkeypatch, capsys):
    from followup import cli

    asked = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "Höganäs kommun")
    assert cli.main(["new", "hoganas/uppfoljning-2026", "--root", str(empty_project)]) == 0
    assert asked == ["Organisationens namn, som det skrivs (t.ex. Höganäs kommun) [Hoganas]: "]
    assert organisation_name(empty_project, "hoganas") == "Höganäs kommun"


def test_new_on_a_terminal_takes_the_folder_name_when_the_answer_is_empty(empty_project: Path, monkeypatch):
    from followup import cli

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "")
    assert cli.main(["new", "hoganas/uppfoljning-2026", "--root", str(empty_project)]) == 0
    assert organisation_name(empty_project, "hoganas") == "Hoganas"


def test_namn_for_an_existing_organisation_leaves_it_unchanged_and_says_so(seed_project: Path):
    before = (seed_project / "data/lund/organisation.yaml").read_bytes()
    result = new(seed_project, "lund/ny-rapport", "--namn", "Lunds stad")
    assert result.returncode == 0, result.stderr
    assert "Organisationen lund fanns redan; --namn användes inte." in result.stdout
    assert (seed_project / "data/lund/organisation.yaml").read_bytes() == before


def test_an_empty_namn_is_a_usage_error(empty_project: Path):
    result = new(empty_project, "--namn", " ", "uppfoljning-2026")
    assert result.returncode == 2
    assert "--namn är tomt" in result.stderr
    assert not any((empty_project / "data").iterdir())
