"""The CI pipelines for data commits (issue 7): GitHub Actions and GitLab CI run check, test and
build on every push and publish site/ from the main branch only; check output reaches the commit
(GitHub annotations, GitLab Code Quality report)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from projectcopy import REPO

GITHUB = REPO / ".github/workflows/site.yml"
GITLAB = REPO / ".gitlab-ci.yml"
CODEQUALITY = REPO / "scripts/gitlab-codequality.py"


@pytest.fixture(scope="module")
def github() -> dict:
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def gitlab() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))


def commands(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) for step in job.get("steps", []))


def uses(job: dict) -> list[str]:
    return [str(step.get("uses", "")).split("@")[0] for step in job.get("steps", []) if "uses" in step]


# --- GitHub Actions ------------------------------------------------------------------------


def test_github_workflow_runs_on_every_push(github):
    triggers = github.get(True) or github.get("on")  # YAML 1.1 reads the key `on` as True
    assert "push" in triggers


def test_github_check_job_prints_annotations_with_python_311(github):
    job = github["jobs"]["check"]
    assert "actions/setup-python" in uses(job)
    assert [s["with"]["python-version"] for s in job["steps"] if "setup-python" in str(s.get("uses"))] == ["3.11"]
    assert "build.py check --format github" in commands(job)


def test_github_test_job_runs_make_test_on_debian_with_python_311(github):
    job = github["jobs"]["test"]
    assert job["container"] == "python:3.11-bookworm"
    assert "make test" in commands(job)


def test_github_build_job_uploads_site_as_pages_artifact(github):
    job = github["jobs"]["build"]
    assert "make site" in commands(job)
    upload = [s for s in job["steps"] if "upload-pages-artifact" in str(s.get("uses"))]
    assert upload and upload[0]["with"]["path"].rstrip("/") == "site"


def test_github_deploys_pages_only_from_main_after_everything_passed(github):
    job = github["jobs"]["deploy"]
    assert "actions/deploy-pages" in uses(job)
    assert "refs/heads/main" in job["if"]
    assert set(job["needs"]) == {"build", "test"}
    assert "check" in github["jobs"]["build"]["needs"]
    assert job["permissions"] == {"pages": "write", "id-token": "write"}


# --- GitLab CI -----------------------------------------------------------------------------


def test_gitlab_pipeline_uses_python_311_on_debian(gitlab):
    assert gitlab["image"] == "python:3.11-bookworm"
    assert gitlab["stages"] == ["check", "test", "build", "pages"]


def test_gitlab_check_writes_a_code_quality_report(gitlab):
    job = gitlab["check"]
    script = "\n".join(job["script"])
    assert "build.py check --format json" in script
    assert "scripts/gitlab-codequality.py" in script
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert job["artifacts"]["when"] == "always"


def test_gitlab_test_and_build_use_make(gitlab):
    assert "make test" in "\n".join(gitlab["test"]["script"])
    assert "make site" in "\n".join(gitlab["build"]["script"])
    assert "site/" in gitlab["build"]["artifacts"]["paths"]


def test_github_build_keeps_exactly_the_build_cache_and_clones_the_whole_history(github):
    steps = github["jobs"]["build"]["steps"]
    checkout = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkout[0]["with"]["fetch-depth"] == 0  # each report's data version comes from git log
    cached = [s["with"]["path"] for s in steps if str(s.get("uses", "")).startswith("actions/cache")]
    assert [p.rstrip("/") for p in cached] == [".cache"]


def test_gitlab_build_keeps_exactly_the_build_cache_and_clones_the_whole_history(gitlab):
    job = gitlab["build"]
    assert job["variables"]["GIT_DEPTH"] == "0"
    paths = [p.rstrip("/") for entry in job["cache"] for p in entry["paths"]]
    assert ".cache" in paths and not any(p.startswith(".cache/") for p in paths)  # pip's cache lies outside it


def test_gitlab_pages_publishes_public_from_the_default_branch(gitlab):
    job = gitlab["pages"]
    assert job["stage"] == "pages"
    assert job["artifacts"]["paths"] == ["public"]
    assert "cp -a site public" in "\n".join(job["script"])
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert set(job["needs"]) == {"build", "test"}


# --- The GitLab check script, run as the pipeline runs it ----------------------------------


def gitlab_check(root: Path) -> subprocess.CompletedProcess:
    """The check job's script lines, with this venv's Python, in root."""
    script = (
        f"{sys.executable} {REPO / 'build.py'} check --root . --format json > check.json || status=$?\n"
        f"{sys.executable} {CODEQUALITY} check.json gl-code-quality-report.json\n"
        "exit ${status:-0}\n"
    )
    return subprocess.run(["bash", "-e", "-c", script], cwd=root, capture_output=True, text=True, timeout=120)


def test_gitlab_check_fails_and_reports_each_problem(make_project):
    root = make_project(
        {
            "data/org/rep/report.yaml": """\
        title: Testrapport
        document_type: slutrapport2
        status: utkast
        period: 2020–2023
        summary: Text.
        """
        }
    )
    result = gitlab_check(root)
    assert result.returncode == 1, result.stderr
    report = json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert len(report) == 1
    issue = report[0]
    assert issue["location"] == {
        "path": "data/org/rep/report.yaml",
        "lines": {"begin": 2},
        "positions": {"begin": {"line": 2, "column": 16}},
    }
    assert issue["severity"] == "major"
    assert issue["description"].startswith("'slutrapport2' is not a document type")
    assert len(issue["fingerprint"]) == 64
    assert "data/org/rep/report.yaml:2:16: error: 'slutrapport2' is not a document type" in result.stdout


def test_gitlab_check_passes_with_an_empty_report_for_good_data(make_project):
    root = make_project()
    result = gitlab_check(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads((root / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []


def test_codequality_script_survives_a_missing_check_report(tmp_path):
    result = subprocess.run(
        [sys.executable, str(CODEQUALITY), str(tmp_path / "missing.json"), str(tmp_path / "out.json")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8")) == []
    assert "no check report" in result.stderr
