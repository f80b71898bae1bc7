"""Incremental builds: what the last successful build was made from, and whether anything changed.

A build is a pure function of its inputs: the project's data/ and content/, the code and its
templates, the MkDocs configuration, the installed tool versions, the data version shown on the
pages (git commit) and the build options. `BuildState` is a digest of all of them (file bytes,
never mtimes). After a successful build, `record()` writes it into a manifest under
`.cache/build/` together with a listing of the published site (path, size, mtime) and the
build's result (page/report/chart counts and warnings). The next build calls `unchanged()`
first: when the digests are equal and site/ is exactly as that build left it, there is nothing
to do and site/ is not touched (no-op rebuilds in well under a second, even for 500 reports).

Anything that differs, or a manifest that is missing, unreadable or of another format, means a
full build: the manifest can make a build skip work, never make it serve stale output.

This module must stay light to import (standard library only): the no-op check runs before the
pipeline's heavy imports (pydantic, Altair, MkDocs).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

FORMAT = 1
CACHE_DIR = Path(".cache") / "build"

PACKAGE_DIR = Path(__file__).resolve().parent
TOOL_ROOT = PACKAGE_DIR.parent
#: Files larger than the loader accepts (followup.yamlsource.MAX_FILE_BYTES) are not read.
LARGE_FILE = 5 * 1024 * 1024
CODE_SUFFIXES = {".py", ".yaml", ".yml", ".json", ".j2", ".html", ".css", ".js", ".svg", ".txt", ".md"}


# --- digests --------------------------------------------------------------------------------------

def _walk_files(base: Path) -> list[Path]:
    """Every file below base (following no symlinked directories), in a stable order."""
    found: list[Path] = []
    if not base.is_dir():
        return found
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if d != "__pycache__")
        for name in sorted(filenames):
            found.append(Path(dirpath) / name)
    return found


def _file_bytes(path: Path) -> bytes:
    """The file's bytes; for a file over LARGE_FILE only its size and change time.

    Never read a huge file into memory (a 3 GB file must fail with the loader's "file is too
    large", not a MemoryError here); the loader refuses such data and content files anyway.
    """
    stat = path.stat()
    if stat.st_size > LARGE_FILE:
        return f"\0large\0{stat.st_size}\0{stat.st_mtime_ns}".encode()
    return path.read_bytes()


def _update_with_files(h: "hashlib._Hash", base: Path, label: str, *, suffixes: set[str] | None = None) -> None:
    h.update(f"\0tree\0{label}\0".encode())
    for path in _walk_files(base):
        if suffixes is not None and path.suffix not in suffixes:
            continue
        try:
            data = _file_bytes(path)
        except OSError:
            data = b"\0unreadable"
        rel = path.relative_to(base).as_posix()
        h.update(f"\0{rel}\0{len(data)}\0".encode("utf-8", "surrogateescape"))
        h.update(data)


def tool_versions() -> str:
    """The installed distributions (name-version from the dist-info folders) and Python's version."""
    names: set[str] = set()
    for entry in sys.path:
        if not entry or "site-packages" not in entry and "dist-packages" not in entry:
            continue
        try:
            with os.scandir(entry) as it:
                names.update(e.name for e in it if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return sys.version + "\n" + "\n".join(sorted(names))


def code_digest(root: Path, config_file: Path) -> str:
    """The tool's code and templates, the project's templates and configuration, the tool versions."""
    h = hashlib.sha256(f"followup-incremental-{FORMAT}".encode())
    _update_with_files(h, PACKAGE_DIR, "followup", suffixes=CODE_SUFFIXES)
    _update_with_files(h, TOOL_ROOT / "templates", "tool-templates")
    project_templates = Path(root) / "templates"
    if project_templates.resolve() != (TOOL_ROOT / "templates").resolve():
        _update_with_files(h, project_templates, "project-templates")
    h.update(b"\0config\0")
    try:
        h.update(Path(config_file).read_bytes())
    except OSError:
        h.update(b"\0missing")
    h.update(b"\0versions\0" + tool_versions().encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def input_digests(root: Path) -> tuple[str, dict[str, str]]:
    """(a digest of everything under data/ and content/, per report "org/report" -> digest).

    A report's digest covers its organisation.yaml, its data folder and its content folder.
    """
    root = Path(root)
    everything = hashlib.sha256(b"inputs")
    for top in ("data", "content"):
        _update_with_files(everything, root / top, top)
    reports: dict[str, str] = {}
    data = root / "data"
    if data.is_dir():
        for org in sorted(p for p in data.iterdir() if p.is_dir()):
            org_file = org / "organisation.yaml"
            try:
                org_bytes = _file_bytes(org_file)
            except OSError:
                org_bytes = b"\0missing"
            for rep in sorted(p for p in org.iterdir() if p.is_dir()):
                h = hashlib.sha256(b"report\0" + org_bytes)
                _update_with_files(h, rep, "data")
                _update_with_files(h, root / "content" / org.name / rep.name, "content")
                reports[f"{org.name}/{rep.name}"] = h.hexdigest()
    return everything.hexdigest(), reports


@dataclass(frozen=True)
class BuildState:
    """The digests a build is made from (see the module docstring)."""

    code: str
    inputs: str
    reports: dict[str, str]
    options: str  # build options and the data version shown on the pages

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.code}\0{self.inputs}\0{self.options}".encode()).hexdigest()


def current_state(root: Path, config_file: Path, *, options: Iterable[Any] = ()) -> BuildState:
    """Digest the inputs now (call before building; record the same state after the swap)."""
    inputs, reports = input_digests(root)
    return BuildState(
        code=code_digest(root, config_file),
        inputs=inputs,
        reports=reports,
        options=json.dumps([str(o) for o in options], ensure_ascii=False),
    )


# --- the published site ---------------------------------------------------------------------------

def site_listing(site: Path) -> dict[str, list[int]]:
    """path -> [size, mtime_ns] of every file in the site."""
    listing: dict[str, list[int]] = {}
    site = Path(site)
    stack = [site]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
            else:
                st = entry.stat(follow_symlinks=False)
                listing[Path(entry.path).relative_to(site).as_posix()] = [st.st_size, st.st_mtime_ns]
    return listing


# --- the manifest ---------------------------------------------------------------------------------

@dataclass
class CachedResult:
    """What the last build reported: counts and warnings (as Problem fields)."""

    pages: int
    reports: int
    charts: int
    problems: list[dict[str, Any]] = field(default_factory=list)


def manifest_path(root: Path, site: Path) -> Path:
    key = hashlib.sha256(str(Path(site).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(root) / CACHE_DIR / f"manifest-{key}.json"


def record(root: Path, site: Path, state: BuildState, result: CachedResult) -> None:
    """After a successful build and swap: remember what site/ was made from."""
    path = manifest_path(root, site)
    data = {
        "format": FORMAT,
        "site": str(Path(site).resolve()),
        "state": asdict(state),
        "digest": state.digest,
        "result": asdict(result),
        "files": site_listing(site),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, path)


def forget(root: Path, site: Path) -> None:
    """Drop the manifest (before a build that may leave site/ in another state)."""
    try:
        manifest_path(root, site).unlink()
    except OSError:
        pass


def read_manifest(root: Path, site: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(manifest_path(root, site).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    return data


def unchanged(root: Path, site: Path, state: BuildState) -> CachedResult | None:
    """The last build's result when site/ is up to date with `state`; None when a build is needed."""
    data = read_manifest(root, site)
    if data is None or data.get("digest") != state.digest:
        return None
    if data.get("site") != str(Path(site).resolve()) or not Path(site).is_dir():
        return None
    if data.get("files") != site_listing(site):
        return None
    try:
        return CachedResult(**data["result"])
    except (KeyError, TypeError):
        return None
