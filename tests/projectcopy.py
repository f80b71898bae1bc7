"""Helpers for tests that run `build.py` on a temporary copy of a whole project.

A *project copy* holds the code (build.py, followup/, templates/, mkdocs.yml) next to the data,
so the copy's own templates are used (a broken template in the copy breaks only the copy) and
`python build.py` in it works on it by default.

    root = copy_code(tmp_path / "project")          # code only; add data with write_project
    result = run_build_py(root, "check")             # hang guard, memory limit, no debug output
    before = tree_digest(root / "site"); ...; assert tree_digest(root / "site") == before

Used by tests/test_bad_input.py and tests/test_interrupt.py.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
CODE = ("build.py", "followup", "templates", "mkdocs.yml")

#: CPU seconds a run on bad input may use (RLIMIT_CPU in the child; issue 7: "under 10 s each").
#: CPU time, not wall time, so a busy test machine cannot make the test flaky: a YAML bomb that
#: spins is killed by the kernel (SIGXCPU) and the test fails on the exit status.
CPU_LIMIT = 10
#: Wall-clock timeout of such a run: only a guard against hangs that use no CPU (waiting on a
#: lock, a pipe, a child), never an assertion on speed.
HANG_GUARD = 60
#: Timeout for runs that build a whole site (a loaded CI box may take a while); a hang guard too.
BUILD_GUARD = 300
#: Address-space limit of the child process: a YAML bomb must fail without eating the machine.
MEMORY_LIMIT = 1536 * 1024 * 1024

PROBLEM_PREFIX = ("fel: ", "varning: ")


def copy_code(root: Path) -> Path:
    """Copy the tool itself (not data, content, site) into root; returns root."""
    root.mkdir(parents=True, exist_ok=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in CODE:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=ignore)
        else:
            shutil.copy2(source, root / name)
    return root


def published_seed(tmp_path_factory) -> Path:
    """The seed project (the repository's data/ and content/, with the code) with site/ built.

    Built once per test session (per xdist worker) under the session's base temp folder and
    shared by every module that asks; never modify it, copy it with copy_tree.
    """
    root = Path(tmp_path_factory.getbasetemp()) / "seed-published"
    if (root / "site" / "index.html").is_file():
        return root
    shutil.rmtree(root, ignore_errors=True)
    copy_code(root)
    for name in ("data", "content"):
        shutil.copytree(REPO / name, root / name)
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    assert (root / "site" / "index.html").is_file()
    return root


def copy_tree(source: Path, target: Path) -> Path:
    """A copy of a project copy (symlinks kept as links)."""
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def limit_resources() -> None:  # pragma: no cover - runs in the child
    """preexec_fn: cap the child's address space and CPU time (a YAML bomb must not take the
    machine down, nor spin for ever)."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT + 5))


def limit_heap() -> None:  # pragma: no cover - runs in the child
    """preexec_fn for whole builds: cap the heap (RLIMIT_DATA) only. The chart renderer's V8
    reserves gigabytes of address space it never touches, so RLIMIT_AS would break it."""
    import resource

    resource.setrlimit(resource.RLIMIT_DATA, (MEMORY_LIMIT, MEMORY_LIMIT))


def child_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("FOLLOWUP_DEBUG", "PYTHONSTARTUP")}
    env["NO_COLOR"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def build_py_command(root: Path, *args: str) -> list[str]:
    return [sys.executable, str(root / "build.py"), *args]


def run_build_py(
    root: Path,
    *args: str,
    timeout: float = HANG_GUARD,
    limit: bool = True,
) -> subprocess.CompletedProcess:
    """Run the copy's `build.py ARGS` in root, with the hang guard and CPU/memory limits.

    limit=True: address space and CPU capped (runs expected to stop at bad input); False: only
    the heap is capped (whole builds, which may render charts)."""
    return subprocess.run(
        build_py_command(root, *args),
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=child_env(),
        timeout=timeout,
        preexec_fn=limit_resources if limit else limit_heap,
    )


def start_build_py(root: Path, *args: str) -> subprocess.Popen:
    """Start `build.py ARGS` (default: build) in the background, in its own process group."""
    return subprocess.Popen(
        build_py_command(root, *(args or ("build",))),
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=child_env(),
        start_new_session=True,
        # A shell starts background jobs with SIGINT ignored, and a child inherits that; the
        # interruption tests need the build to receive Ctrl-C as in a terminal.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def output_of(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or "") + (result.stderr or "")


def problem_lines(output: str) -> list[str]:
    """The `path:line:col: severity: message` lines of a run's output, in order."""
    lines = []
    for line in output.splitlines():
        head, sep, _ = line.partition(": ")
        rest = line[len(head) + len(sep) :]
        parts = head.rsplit(":", 2)
        if sep and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit() and rest.startswith(PROBLEM_PREFIX):
            lines.append(line)
    return lines


def tree_digest(path: Path) -> dict[str, str]:
    """Every file, folder and symlink under path -> a digest of its content (or link target)."""
    digest: dict[str, str] = {}
    if not path.exists():
        return digest
    for current, dirs, files in os.walk(path):
        dirs.sort()
        base = Path(current)
        for name in dirs:
            entry = base / name
            rel = entry.relative_to(path).as_posix()
            digest[rel] = "link:" + os.readlink(entry) if entry.is_symlink() else "dir"
        for name in sorted(files):
            entry = base / name
            rel = entry.relative_to(path).as_posix()
            if entry.is_symlink():
                digest[rel] = "link:" + os.readlink(entry)
            else:
                digest[rel] = hashlib.sha256(entry.read_bytes()).hexdigest()
    return digest


def leftovers(root: Path) -> list[str]:
    """Temporary folders of a build left beside site/."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site-tmp-", ".site-old-")))


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def stop(process: subprocess.Popen) -> None:
    """Make sure a background build is gone (end of a test)."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        process.communicate(timeout=30)
    except subprocess.TimeoutExpired:  # pragma: no cover
        pass
