"""The data version shown on the pages: per report, the last commit that touched its own files.

A report's pages show the last git commit that touched `data/ORG/REPORT/`, `content/ORG/REPORT/`
or the organisation's `organisation.yaml` (one `git log` for all reports), so a data commit that
changes one report leaves every other report's pages byte-identical, also in a fresh clone. The
site-wide pages (start page, organisation pages, the guide) show the last commit that touched
data/ or content/. Outside a git checkout (or for a report git knows nothing about) a report's
version is a digest of its files: it changes exactly when they change; the site-wide one is "okänd".

A shallow clone cannot tell when a report was last touched if that was before its oldest commit;
such a report gets its digest (CI should fetch the whole history: the shipped pipelines do).

This module must stay light to import (standard library only): it runs before the no-op check.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

UNKNOWN_VERSION = "okänd"
DIRTY_SUFFIX = " (med ej incheckade ändringar)"
#: Hex digits of a content digest shown as a version (a git commit shows 7).
DIGEST_LENGTH = 12


@dataclass(frozen=True)
class DataVersion:
    commit: str  # short commit hash, a content digest, or "okänd"
    epoch: int  # commit time (seconds), 0 when unknown
    dirty: bool = False  # the files have uncommitted changes

    @property
    def label(self) -> str:
        if self.commit == UNKNOWN_VERSION:
            return UNKNOWN_VERSION
        return self.commit + DIRTY_SUFFIX if self.dirty else self.commit


@dataclass
class DataVersions:
    """The site-wide version and one per report ("org/report" -> DataVersion)."""

    site: DataVersion
    reports: dict[str, DataVersion] = field(default_factory=dict)

    def of(self, key: tuple[str, str]) -> DataVersion:
        return self.reports.get(f"{key[0]}/{key[1]}", self.site)

    def fingerprint(self) -> str:
        """Every label and date, for the build state (a commit alone changes no file)."""
        parts = [f"{self.site.label}\0{self.site.epoch}"]
        parts += [f"{k}\0{v.label}\0{v.epoch}" for k, v in sorted(self.reports.items())]
        return "\n".join(parts)


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if result.returncode != 0:
        return None
    return result.stdout.strip()


def _is_checkout(root: Path) -> bool:
    # Only a checkout whose top level is `root` counts; a project copied into some other
    # repository's subfolder must not claim that repository's commits.
    top = _git(root, "rev-parse", "--show-toplevel")
    return top is not None and top != "" and Path(top).resolve() == Path(root).resolve()


def data_version(root: Path) -> DataVersion:
    """The site-wide version: the last commit that touched data/ or content/ (HEAD when none did),
    with uncommitted changes noted; "okänd" outside a git checkout."""
    root = Path(root)
    if not _is_checkout(root):
        return DataVersion(UNKNOWN_VERSION, 0)
    line = _git(root, "log", "-1", "--abbrev=7", "--format=%h %ct", "--", "data", "content")
    if not line:
        line = _git(root, "log", "-1", "--abbrev=7", "--format=%h %ct", "HEAD")
    if not line:
        return DataVersion(UNKNOWN_VERSION, 0)
    commit, _, epoch_text = line.partition(" ")
    status = _git(root, "status", "--porcelain", "--", "data", "content")
    try:
        epoch = int(epoch_text)
    except ValueError:
        epoch = 0
    return DataVersion(commit, epoch, bool(status))


def _report_of(path: str, orgs: dict[str, list[str]]) -> list[str]:
    """The reports ("org/report") whose version a changed project path counts for."""
    parts = path.split("/")
    if len(parts) >= 4 and parts[0] in ("data", "content") and parts[3]:
        return [f"{parts[1]}/{parts[2]}"]
    if len(parts) == 3 and parts[0] == "data" and parts[2] == "organisation.yaml":
        return orgs.get(parts[1], [])
    return []


def _dirty_reports(root: Path, orgs: dict[str, list[str]]) -> set[str] | None:
    """Reports with uncommitted changes (untracked files too); None when git fails."""
    text = _git(root, "-c", "core.quotepath=off", "status", "--porcelain", "-z", "--untracked-files=all", "--", "data", "content")
    if text is None:
        return None
    dirty: set[str] = set()
    fields = text.split("\0")
    i = 0
    while i < len(fields):
        entry = fields[i]
        i += 1
        if len(entry) < 4:
            continue
        dirty.update(_report_of(entry[3:], orgs))
        if entry[0] in "RC" and i < len(fields):  # a rename's or copy's source path follows
            dirty.update(_report_of(fields[i], orgs))
            i += 1
    return dirty


def _last_commits(root: Path, keys: list[str], orgs: dict[str, list[str]]) -> dict[str, DataVersion]:
    """The newest commit touching each report's files, from one `git log` read until every report
    is found (a report none touched is left out)."""
    shallow: set[str] = set()
    shallow_file = _git(root, "rev-parse", "--git-path", "shallow")
    if shallow_file:
        path = Path(shallow_file) if Path(shallow_file).is_absolute() else Path(root) / shallow_file
        try:
            shallow = set(path.read_text(encoding="ascii").split())
        except OSError:
            shallow = set()
    cmd = [
        "git", "-C", str(root), "-c", "core.quotepath=off", "log", "--no-renames", "--abbrev=7",
        "--format=%x01%H %h %ct", "--name-only", "--", "data", "content",
    ]  # fmt: skip
    found: dict[str, DataVersion] = {}
    wanted = set(keys)
    try:
        proc = subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8", errors="replace"
        )
    except OSError:
        return found
    try:
        assert proc.stdout is not None
        current: DataVersion | None = None
        boundary = False
        for line in proc.stdout:
            line = line.rstrip("\n")
            if line.startswith("\x01"):
                full, short, epoch = (line[1:].split(" ") + ["", "", ""])[:3]
                current = DataVersion(short, int(epoch) if epoch.isdigit() else 0)
                boundary = full in shallow  # shows every file as added: its date says nothing
                continue
            if not line or current is None:
                continue
            for key in _report_of(line, orgs):
                if key in wanted and key not in found:
                    found[key] = DataVersion(UNKNOWN_VERSION, 0) if boundary else current
            if len(found) == len(wanted):
                break
    finally:
        if proc.stdout is not None:
            proc.stdout.close()
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    return {k: v for k, v in found.items() if v.commit != UNKNOWN_VERSION}


def data_versions(root: Path, digests: dict[str, str]) -> DataVersions:
    """The site-wide version and each report's ("org/report" -> its digest in `digests`)."""
    root = Path(root)
    keys = sorted(digests)
    orgs: dict[str, list[str]] = {}
    for key in keys:
        orgs.setdefault(key.split("/", 1)[0], []).append(key)
    if not _is_checkout(root):
        # The site-wide pages stay "okänd": a digest of every input would change them on every edit.
        return DataVersions(DataVersion(UNKNOWN_VERSION, 0), {k: DataVersion(digests[k][:DIGEST_LENGTH], 0) for k in keys})
    site = data_version(root)
    commits = _last_commits(root, keys, orgs) if keys else {}
    dirty = _dirty_reports(root, orgs) or set()
    reports = {}
    for key in keys:
        version = commits.get(key) or DataVersion(digests[key][:DIGEST_LENGTH], 0)
        reports[key] = DataVersion(version.commit, version.epoch, key in dirty)
    return DataVersions(site, reports)
