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
import shutil
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from followup.config import PACKAGE_DIR, TOOL_ROOT
from followup.errors import read_regular_bytes
from followup.fileio import atomic_write

FORMAT = 2
CACHE_DIR = Path(".cache") / "build"

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
    return read_regular_bytes(path)  # a FIFO in data/ must not block the build


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


def _file_digest(path: str) -> str:
    """sha256 of a file's bytes (for a huge file: of its size and change time, see _file_bytes).

    A file reached through a symbolic link (itself or a folder above it) also digests where the
    link leads: a file replaced by a link to an identical file outside the project is a change,
    which the loader then refuses, not a no-op."""
    real = os.path.realpath(path)
    link = b"" if real == os.path.abspath(path) else b"\0link\0" + os.fsencode(real)
    if os.path.isdir(path):  # a linked folder (see _walk_rel): where it leads
        return hashlib.sha256(b"folder" + link).hexdigest()
    try:
        return hashlib.sha256(_file_bytes(Path(path)) + link).hexdigest()
    except OSError:  # unreadable, or a FIFO/socket/device (never opened)
        return "unreadable"


def _walk_rel(base: str, prefix: str) -> list[tuple[str, str]]:
    """(prefix + relative posix path, absolute path) of every file below base, in a stable order."""
    found: list[tuple[str, str]] = []
    if not os.path.isdir(base):
        return found
    cut = len(base) + 1
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames.sort()
        rel_dir = dirpath[cut:].replace(os.sep, "/")
        for name in dirnames:
            if os.path.islink(os.path.join(dirpath, name)):  # not followed: the link itself is an input
                rel = f"{rel_dir}/{name}/" if rel_dir else f"{name}/"
                found.append((prefix + rel, os.path.join(dirpath, name)))
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            found.append((prefix + rel, os.path.join(dirpath, name)))
    return found


#: The files of a report that its card on the start and organisation pages is made from
#: (with organisation.yaml): the site-wide pages are reused while none of them changes.
CARD_FILES = ("report.yaml", "goals.yaml", "deliverables.yaml")


def input_digests(root: Path, *, labels: dict[str, str] | None = None) -> tuple[str, dict[str, str], dict[str, str]]:
    """(a digest of everything under data/ and content/, per report "org/report" -> digest,
    per report -> card digest).

    A report's digest covers its organisation.yaml, its data folder and its content folder; its
    card digest covers organisation.yaml, CARD_FILES and the digests of its organisation's reports.
    """
    root = Path(root)
    files = [f for top in ("data", "content") for f in _walk_rel(os.path.join(root, top), top + "/")]
    rels = [rel for rel, _ in files]
    digests = {rel: _file_digest(path) for rel, path in files}
    everything = hashlib.sha256(b"inputs")
    for rel in rels:
        everything.update(f"\0{rel}\0{digests[rel]}".encode("utf-8", "surrogateescape"))
    by_folder: dict[tuple[str, str, str], list[str]] = {}
    for rel in rels:
        parts = rel.split("/")
        if len(parts) >= 4:
            by_folder.setdefault((parts[0], parts[1], parts[2]), []).append(rel)
    reports: dict[str, str] = {}
    cards: dict[str, str] = {}
    data = root / "data"
    if data.is_dir():
        for org in sorted(p for p in data.iterdir() if p.is_dir()):
            org_digest = digests.get(f"data/{org.name}/organisation.yaml", "missing")
            for rep in sorted(p for p in org.iterdir() if p.is_dir()):
                h = hashlib.sha256(f"report\0{org_digest}".encode())
                # The label (a report's data version outside git): only the files the build reads, so
                # a skipped FIFO changes no page.
                label = hashlib.sha256(f"report\0{org_digest}".encode())
                for top in ("data", "content"):
                    for rel in by_folder.get((top, org.name, rep.name), []):
                        h.update(f"\0{rel}\0{digests[rel]}".encode("utf-8", "surrogateescape"))
                        if digests[rel] != "unreadable":
                            label.update(f"\0{rel}\0{digests[rel]}".encode("utf-8", "surrogateescape"))
                key = f"{org.name}/{rep.name}"
                reports[key] = h.hexdigest()
                if labels is not None:
                    labels[key] = label.hexdigest()
                card = hashlib.sha256(f"card\0{org_digest}".encode())
                for name in CARD_FILES:
                    card.update(f"\0{name}\0{digests.get(f'data/{key}/{name}', 'missing')}".encode())
                cards[key] = card.hexdigest()
    # The organisation page and its pages over the years (site/organisation_pages.py) are made from
    # every report of the organisation: each card covers all of them.
    by_org: dict[str, list[str]] = {}
    for key in reports:
        by_org.setdefault(key.split("/", 1)[0], []).append(key)
    for keys in by_org.values():
        together = "\0".join(f"{k}\0{reports[k]}" for k in keys)
        for key in keys:
            cards[key] = hashlib.sha256(f"{cards[key]}\0{together}".encode()).hexdigest()
    return everything.hexdigest(), reports, cards


@dataclass(frozen=True)
class BuildState:
    """The digests a build is made from (see the module docstring)."""

    code: str
    inputs: str
    reports: dict[str, str]  # per report: its files and the data version its pages show
    options: str  # build options
    cards: dict[str, str] = field(default_factory=dict)  # per report: its card and the site-wide version
    versions: str = ""  # every data version shown (a commit changes them without changing a file)

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.code}\0{self.inputs}\0{self.options}\0{self.versions}".encode()).hexdigest()


def options_text(options: Iterable[Any]) -> str:
    """The build options as the state records them."""
    return json.dumps([str(o) for o in options], ensure_ascii=False)


def current_state(root: Path, config_file: Path, *, options: Iterable[Any] = (), versions: Any = None) -> BuildState:
    """Digest the inputs now (call before building; record the same state after the swap).
    `versions(report content digests)` gives the data versions the pages show
    (followup.build.versions.DataVersions); each report's is part of its digest, the site-wide one
    part of every card's (the site-wide pages show it)."""
    labels: dict[str, str] = {}
    inputs, reports, cards = input_digests(root, labels=labels)
    fingerprint = ""
    if versions is not None:
        found = versions(labels)
        fingerprint = found.fingerprint()
        site = f"{found.site.label}\0{found.site.epoch}"
        for key in reports:
            mine = found.reports.get(key, found.site)
            reports[key] = hashlib.sha256(f"{reports[key]}\0{mine.label}\0{mine.epoch}".encode()).hexdigest()
            cards[key] = hashlib.sha256(f"{cards[key]}\0{site}".encode()).hexdigest()
    return BuildState(
        code=code_digest(root, config_file),
        inputs=inputs,
        reports=reports,
        options=options_text(options),
        cards=cards,
        versions=fingerprint,
    )


# --- the published site ---------------------------------------------------------------------------


def site_listing(site: Path) -> dict[str, list[int]]:
    """path -> [size, mtime_ns] of every file in the site."""
    listing: dict[str, list[int]] = {}
    stack = [(os.fspath(site), "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                stack.append((entry.path, prefix + entry.name + "/"))
            else:
                st = entry.stat(follow_symlinks=False)
                listing[prefix + entry.name] = [st.st_size, st.st_mtime_ns]
    return listing


# --- the manifest ---------------------------------------------------------------------------------


@dataclass
class CachedResult:
    """What the last build reported: counts and warnings (as Problem fields)."""

    pages: int
    reports: int
    charts: int
    problems: list[dict[str, Any]] = field(default_factory=list)


def site_id(root: Path, site: Path) -> str:
    """The site folder as the manifest names it: relative to the project when inside it, so that
    a `.cache/` carried into a fresh clone elsewhere (CI) still finds its manifest."""
    resolved = Path(site).resolve()
    try:
        return "project:" + resolved.relative_to(Path(root).resolve()).as_posix()
    except ValueError:
        return str(resolved)


def _site_key(root: Path, site: Path) -> str:
    return hashlib.sha256(site_id(root, site).encode("utf-8", "surrogateescape")).hexdigest()[:16]


def manifest_path(root: Path, site: Path) -> Path:
    return Path(root) / CACHE_DIR / f"manifest-{_site_key(root, site)}.json"


def snapshot_path(root: Path, site: Path) -> Path:
    """A copy of the published site (hard links) in `.cache/`, for a build that has the cache but
    no site/ (a fresh clone in CI): a partial build takes the unchanged reports' files from it."""
    return Path(root) / CACHE_DIR / f"site-{_site_key(root, site)}"


def keep_snapshot(root: Path, site: Path) -> None:
    """Replace the snapshot with hard links to the files of the site just published."""
    snapshot = snapshot_path(root, site)
    fresh = snapshot.with_name(f"{snapshot.name}.{os.getpid()}.new")
    old = snapshot.with_name(f"{snapshot.name}.{os.getpid()}.old")
    for leftover in (fresh, old):
        shutil.rmtree(leftover, ignore_errors=True)
    try:
        link_tree(Path(site), fresh)
        if snapshot.exists():
            os.replace(snapshot, old)
        os.replace(fresh, snapshot)
    except OSError:
        shutil.rmtree(snapshot, ignore_errors=True)  # no snapshot: a fresh clone builds everything
    finally:
        for leftover in (fresh, old):
            shutil.rmtree(leftover, ignore_errors=True)


def link_tree(source: Path, target: Path) -> None:
    """Hard-link (or copy) every file below source into target, keeping the files already there."""
    base = os.fspath(source)
    for dirpath, _dirnames, filenames in os.walk(base):
        folder = os.path.join(os.fspath(target), os.path.relpath(dirpath, base))
        os.makedirs(folder, exist_ok=True)
        for name in filenames:
            src, dst = os.path.join(dirpath, name), os.path.join(folder, name)
            if os.path.lexists(dst):
                continue
            try:
                os.link(src, dst)
            except OSError:
                shutil.copy2(src, dst)  # another file system, or no hard links


def published_source(root: Path, site: Path, listing: Any) -> tuple[Path, bool] | None:
    """Where a partial build takes the published files from, and whether that folder's listing is
    exactly the recorded one (sizes and mtimes): site/ as the last build left it; else the snapshot
    when it holds the same files at the same sizes (a cache restored by CI keeps sizes, not always
    mtimes); else None (a full build)."""
    if not isinstance(listing, dict):
        return None
    if Path(site).is_dir() and listing == site_listing(site):
        return Path(site), True
    snapshot = snapshot_path(root, site)
    if snapshot.is_dir():
        found = site_listing(snapshot)
        if found.keys() == listing.keys() and all(found[k][0] == v[0] for k, v in listing.items()):
            return snapshot, False
    return None


def record(
    root: Path,
    site: Path,
    state: BuildState,
    result: CachedResult,
    *,
    page_keys: dict[str, str] | None = None,
    listing_of: Path | None = None,
    site_pages: dict[str, Any] | None = None,
    listing: dict[str, list[int]] | None = None,
) -> None:
    """After a successful build: remember what site/ was made from (and, for partial builds, the
    key of every docs file it was built from). `listing_of`: the new site folder before it is
    swapped into place (a rename keeps sizes and mtimes)."""
    path = manifest_path(root, site)
    data = {
        "format": FORMAT,
        "site": site_id(root, site),
        "state": asdict(state),
        "digest": state.digest,
        "result": asdict(result),
        "files": listing if listing is not None else site_listing(listing_of if listing_of is not None else site),
    }
    if page_keys is not None:
        data["page_keys"] = page_keys
    if site_pages is not None:
        data["site_pages"] = site_pages
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def write_manifest(root: Path, site: Path, data: dict[str, Any]) -> None:
    """Write a manifest for `site` (followup.build.shards: a merged build of shards)."""
    path = manifest_path(root, site)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"format": FORMAT, "site": site_id(root, site), **data}, ensure_ascii=False))


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
    if data.get("site") != site_id(root, site) or not Path(site).is_dir():
        return None
    if data.get("files") != site_listing(site):
        return None
    try:
        return CachedResult(**data["result"])
    except (KeyError, TypeError):
        return None
