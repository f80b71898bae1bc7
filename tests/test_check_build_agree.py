"""`check` says yes ⇒ `build` says yes (issue 14): every input of the bad-input corpus
(tests/badinput/, see tests/test_bad_input.py) through both commands on the same copy of the
minimal published project.

For each case: neither command exits 3 or prints a traceback; when `build` fails, `check` fails
too, and every error `build` reports `check` reports as well (so CI's check job catches what the
build would fail on); data/ and content/ are unchanged by both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import write_project
from projectcopy import BUILD_GUARD, copy_code, copy_tree, output_of, problem_lines, run_build_py, tree_digest

CORPUS = Path(__file__).resolve().parent / "badinput"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
INPUTS = ("data", "content")


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    root = copy_code(tmp_path_factory.mktemp("agree") / "project")
    write_project(root, {})
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    return root


def clean_run(root: Path, command: str) -> tuple[int, str]:
    # check runs under the CPU and memory caps; a build may render charts (vl-convert's V8
    # reserves more address space than the cap allows), so it runs with the heap cap only.
    result = run_build_py(root, command, timeout=BUILD_GUARD, limit=command == "check")
    output = output_of(result)
    assert "Traceback" not in output, output
    assert "internal error" not in output, output
    assert result.returncode != 3, output
    return result.returncode, output


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_check_fails_whenever_build_fails_and_neither_changes_the_inputs(published, tmp_path, case):
    root = copy_tree(published, tmp_path / "project")
    shutil.copytree(CORPUS / case, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expected.txt", "xfail.txt"))
    before = {name: tree_digest(root / name) for name in INPUTS}
    check_code, check_output = clean_run(root, "check")
    build_code, build_output = clean_run(root, "build")
    assert {name: tree_digest(root / name) for name in INPUTS} == before
    if build_code != 0:
        assert check_code != 0, f"check passed, build failed:\n{build_output}"
    build_errors = [line for line in problem_lines(build_output) if ": error: " in line]
    missed = [line for line in build_errors if line not in problem_lines(check_output)]
    assert missed == [], f"errors only build reports:\n{build_output}\ncheck said:\n{check_output}"
