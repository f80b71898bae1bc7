"""Interrupted and concurrent builds leave the published site/ exactly as it was (issue 7).

A copy of the seed project (the repository's data/ and content/ with the code) is built once;
each test copies it, changes the data (so a build that got as far as publishing would change
site/), starts `build.py build` in the background and signals it at a point of the build:

* "started": as soon as its temporary folder `.site-tmp-*` beside site/ exists;
* "rendering": once the page sources are being written (`.site-tmp-*/docs`);
* "publishing": once MkDocs writes the new site (`.site-tmp-*/site`).

SIGINT (Ctrl-C) and SIGTERM must stop the build cleanly: site/ byte-identical, no temporary
folder left, no traceback. SIGKILL cannot be caught: a temporary folder may be left behind, but
site/ is untouched and the next build removes the leftover. A second build started while one
runs is refused at once with a clear message (the build holds `.site.lock`).
"""

from __future__ import annotations

import contextlib
import os
import signal
from pathlib import Path

import pytest
from projectcopy import (
    BUILD_GUARD,
    HANG_GUARD,
    copy_tree,
    leftovers,
    output_of,
    published_seed,
    run_build_py,
    start_build_py,
    stop,
    tree_digest,
    wait_for,
)

from followup.build.sitefolder import build_lock

pytestmark = pytest.mark.slow

#: How long to wait for a phase of the build to be reached (a hang guard, not a speed check).
PHASE_GUARD = 240

SUMMARY_FILE = "data/lund/samordnade-servicetjanster/report.yaml"


@pytest.fixture(scope="module")
def seed_published(tmp_path_factory) -> Path:
    """The seed project with its site/ published once (and the chart cache warm)."""
    return published_seed(tmp_path_factory)


@pytest.fixture
def seed(seed_published: Path, tmp_path: Path) -> Path:
    """A copy of the published seed project whose data differs from what site/ shows."""
    root = copy_tree(seed_published, tmp_path / "project")
    path = root / SUMMARY_FILE
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", "title: Ändrad ", 1), encoding="utf-8")
    # A changed configuration makes it a full build: a one-report rebuild can finish before the
    # test gets to interrupt it or to start a second build beside it.
    config = root / "mkdocs.yml"
    if config.is_file():
        config.write_text(config.read_text(encoding="utf-8") + "\n# ändrad för testet\n", encoding="utf-8")
    return root


def temp_dirs(root: Path) -> list[Path]:
    return sorted(root.glob(".site-tmp-*"))


PHASES = {
    "started": lambda root: bool(temp_dirs(root)),
    "rendering": lambda root: any((d / "docs").is_dir() for d in temp_dirs(root)),
    "publishing": lambda root: any((d / "site").is_dir() for d in temp_dirs(root)),
}


def start_and_wait(root: Path, phase: str):
    process = start_build_py(root, "build")
    reached = wait_for(lambda: PHASES[phase](root) or process.poll() is not None, PHASE_GUARD)
    if process.poll() is not None or not reached:
        out, err = process.communicate()
        stop(process)
        pytest.fail(f"the build never reached the phase '{phase}' (exit {process.returncode}):\n{out}{err}")
    return process


def finish(process, timeout: float = HANG_GUARD) -> tuple[int, str]:
    out, err = process.communicate(timeout=timeout)
    return process.returncode, out + err


@pytest.mark.parametrize("phase", list(PHASES))
@pytest.mark.parametrize("how", ["SIGINT", "SIGINT-group", "SIGTERM"])
def test_interrupted_build_leaves_site_untouched_and_cleans_up(seed, how, phase):
    before = tree_digest(seed / "site")
    process = start_and_wait(seed, phase)
    try:
        if how == "SIGINT-group":  # Ctrl-C in a terminal: the whole foreground process group
            os.killpg(process.pid, signal.SIGINT)
        else:
            os.kill(process.pid, getattr(signal, how))
        code, output = finish(process)
    finally:
        stop(process)
    assert "Traceback" not in output, output
    assert code == 130, output
    assert tree_digest(seed / "site") == before
    assert leftovers(seed) == []


@pytest.mark.parametrize("phase", list(PHASES))
def test_killed_build_leaves_site_untouched(seed, phase):
    before = tree_digest(seed / "site")
    process = start_and_wait(seed, phase)
    try:
        os.killpg(process.pid, signal.SIGKILL)
        code, _ = finish(process)
    finally:
        stop(process)
    assert code == -signal.SIGKILL
    assert tree_digest(seed / "site") == before


def test_next_build_after_a_kill_cleans_up_and_publishes(seed):
    process = start_and_wait(seed, "rendering")
    try:
        os.killpg(process.pid, signal.SIGKILL)
        finish(process)
    finally:
        stop(process)
    assert leftovers(seed), "a killed build is expected to leave its temporary folder"
    result = run_build_py(seed, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    assert leftovers(seed) == []
    assert "Ändrad " in (seed / "site/lund/samordnade-servicetjanster/index.html").read_text(encoding="utf-8")


def test_second_build_at_the_same_time_is_refused_with_a_clear_message(seed):
    before = tree_digest(seed / "site")
    first = start_and_wait(seed, "started")
    try:
        second = run_build_py(seed, "build")
        # The first build is still running, its temporary folder untouched by the second.
        assert first.poll() is None or first.returncode == 0
        code, output = finish(first, timeout=BUILD_GUARD)
    finally:
        stop(first)
    refused = output_of(second)
    assert second.returncode == 1, refused
    assert "Traceback" not in refused
    assert "ett annat bygge pågår redan" in refused
    assert ".site.lock" in refused
    assert "vänta tills det är klart och bygg igen" in refused
    assert code == 0, output
    assert tree_digest(seed / "site") != before  # the first build published the changed data
    assert leftovers(seed) == []


def test_second_build_beside_a_running_one_is_refused(seed):
    first = start_and_wait(seed, "rendering")
    try:
        second = run_build_py(seed, "build")
        overlapped = first.poll() is None  # the first build still held the lock when the second ended
        if overlapped:
            with contextlib.suppress(ProcessLookupError):  # it may end just now
                os.kill(first.pid, signal.SIGINT)
        finish(first)
    finally:
        stop(first)
    if not overlapped:
        pytest.skip("the first build finished before the second one did: no overlap to test on this machine")
    assert second.returncode == 1
    assert "ett annat bygge pågår redan" in output_of(second)
    assert leftovers(seed) == []


def test_a_build_refused_by_the_lock_leaves_the_site_untouched(seed):
    # The lock held as a running build holds it, without a build that could publish meanwhile.
    before = tree_digest(seed / "site")
    with build_lock(seed, seed):
        second = run_build_py(seed, "build")
    assert second.returncode == 1, output_of(second)
    assert tree_digest(seed / "site") == before
    assert leftovers(seed) == []


def test_check_runs_while_a_build_holds_the_lock(seed):
    first = start_and_wait(seed, "started")
    try:
        check = run_build_py(seed, "check")
    finally:
        stop(first)
    assert check.returncode == 0, output_of(check)
