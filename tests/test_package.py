"""The project installs as a package: the wheel carries the templates and the default settings,
and its `uppfoljning` command builds a project that holds only data and content."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("uppfoljning-*.whl"))


def test_the_wheel_declares_the_uppfoljning_command(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        assert "uppfoljning = followup.cli:main" in archive.read(entry_points).decode()


def test_the_wheel_carries_templates_and_default_settings(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    assert "followup/templates/theme/main.html" in names
    assert any(n.startswith("followup/templates/pages/") for n in names)
    assert "followup/mkdocs.yml" in names
    assert "followup/model/default_scales.yaml" in names


def test_the_installed_command_builds_a_data_only_project_in_the_current_folder(wheel: Path, tmp_path: Path):
    installed = tmp_path / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(installed)
    project = tmp_path / "projekt"
    (project / "data").mkdir(parents=True, exist_ok=True)
    (project / "content").mkdir(parents=True, exist_ok=True)
    subprocess.run(["cp", "-r", str(REPO / "data" / "lund"), str(project / "data")], check=True)
    subprocess.run(["cp", "-r", str(REPO / "content" / "lund"), str(project / "content")], check=True)
    result = subprocess.run(
        [sys.executable, "-m", "followup", "build", "-q"],
        cwd=project,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(installed), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "site" / "lund" / "samordnade-servicetjanster" / "index.html").is_file()
