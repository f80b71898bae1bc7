"""Shared fixtures: the repository root, and minimal projects written into a temporary folder.

`make_project(files)` writes a minimal valid project (one organisation `org` with two units,
one report `rep` with a report.yaml) and then the given files on top of it; a file given as
None is removed. Paths are relative to the project root, contents are dedented.

    root = make_project({"data/org/rep/goals.yaml": '''
        perspectives:
          - id: p
            ...
    '''})

`problems(root)` loads and checks a project and returns its problems as the lines
`build.py check` prints: `path:line:col: severity: message`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Callable

import pytest

REPO = Path(__file__).resolve().parent.parent

MINIMAL_FILES: dict[str, str] = {
    "data/org/organisation.yaml": """\
        name: Testkommun
        units:
          - {code: AVF, name: Arbetsmarknadsförvaltningen}
          - {code: BUF, name: Barn- och utbildningsförvaltningen}
        """,
    "data/org/rep/report.yaml": """\
        title: Testrapport
        document_type: uppföljning
        status: fastställd
        period: 2020–2023
        summary: En kort sammanfattning.
        """,
}


def write_project(root: Path, files: dict[str, str | None], *, minimal: bool = True) -> Path:
    contents: dict[str, str | None] = dict(MINIMAL_FILES) if minimal else {}
    contents.update(files)
    for rel, text in contents.items():
        path = root / rel
        if text is None:
            if path.exists():
                path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


@pytest.fixture
def acknowledging() -> Callable[..., str]:
    """The minimal project's report.yaml acknowledging one discrepancy (`ref`, `stated`, `computed`)."""

    def report(ref: str, stated: object, computed: object) -> str:
        entry = f"  - {{ref: {ref}, stated: {stated}, computed: {computed}, reason: Så står det i källan.}}\n"
        return textwrap.dedent(MINIMAL_FILES["data/org/rep/report.yaml"]) + "acknowledged:\n" + entry

    return report


@pytest.fixture
def repo_root() -> Path:
    """The repository (with the bundled data under data/)."""
    return REPO


@pytest.fixture
def make_project(tmp_path: Path) -> Callable[..., Path]:
    """A factory writing a minimal valid project plus the given files; returns its root."""

    def make(files: dict[str, str | None] | None = None, *, minimal: bool = True) -> Path:
        root = tmp_path / "project"
        root.mkdir(exist_ok=True)
        return write_project(root, files or {}, minimal=minimal)

    return make


@pytest.fixture
def problems() -> Callable[..., list[str]]:
    """Load and check a project; its problems as printed lines (path:line:col: severity: message)."""
    from followup.build.pipeline import check_project
    from followup.errors import format_text
    from followup.load.loader import load_project

    def run(root: Path, *, checks: bool = True) -> list[str]:
        _, found = check_project(root) if checks else load_project(root)
        return [format_text(p) for p in found]

    return run


@pytest.fixture
def run_build() -> Callable[..., subprocess.CompletedProcess]:
    """Run `python build.py ARGS` in a subprocess (the repository's build.py)."""

    def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        full_env = {key: value for key, value in os.environ.items() if key != "FOLLOWUP_LANG"}  # Swedish unless asked
        full_env.update(env or {})
        full_env.pop("FOLLOWUP_DEBUG", None)
        return subprocess.run(
            [sys.executable, str(REPO / "build.py"), *args],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=full_env,
            cwd=REPO,
            timeout=300,
        )

    return run


@pytest.fixture
def english():
    """The tool's messages in English for this test (as with --lang en), Swedish again after it."""
    from followup import i18n

    i18n.set_language("en")
    yield
    i18n.set_language("sv")
