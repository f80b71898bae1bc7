"""A report's published versions, for its "Ändringar" page (compute/changes.py compares them).

In a git checkout (the project folder is the top level of the checkout) every commit on the
current branch's first-parent line that touched a report's files (data/<org>/<report>/,
content/<org>/<report>/) is one publication of it: the workflow publishes each commit on main.
Uncommitted changes to the files are one more version, dated today. Git is asked twice for the
whole project: one `git log` and one `git cat-file --batch` process for every file version.

Elsewhere the build keeps its own record: each published report folder holds `publicering.json`
(its facts and its history of changes). The build reads it back from the published site before
replacing it, and a report whose facts differ gets a new change set dated with the build.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from followup.compute.changes import Change, ChangeSet, Fact, diff, facts, history

ReportKey = tuple[str, str]
RECORD_FILE = "publicering.json"
UNCOMMITTED = "ej incheckad"


def _git(root: Path, *args: str, stdin: bytes | None = None) -> bytes | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def is_checkout(root: Path) -> bool:
    top = _git(root, "rev-parse", "--show-toplevel")
    return top is not None and Path(top.decode().strip()).resolve() == Path(root).resolve()


def _prefixes(key: ReportKey) -> tuple[str, str]:
    org, report = key
    return f"data/{org}/{report}/", f"content/{org}/{report}/"


def _commits(root: Path) -> list[tuple[str, str, dt.date, set[str]]]:
    """(hash, short hash, date, changed paths) of every commit on the first-parent line, oldest first."""
    out = _git(root, "log", "--first-parent", "-m", "--format=%x1e%H%x1f%h%x1f%cI", "--name-only", "--", "data", "content")
    commits = []
    for block in (out or b"").decode("utf-8", "replace").split("\x1e")[1:]:
        head, _, names = block.partition("\n")
        sha, short, when = head.split("\x1f")
        commits.append((sha, short, dt.date.fromisoformat(when[:10]), {n.strip() for n in names.splitlines() if n.strip()}))
    return list(reversed(commits))


def _read_objects(root: Path, names: list[str]) -> dict[str, bytes | None]:
    """The contents of git objects named like `<commit>:<path>` (None when missing), in one process."""
    if not names:
        return {}
    out = _git(root, "cat-file", "--batch", stdin=("\n".join(names) + "\n").encode("utf-8")) or b""
    found: dict[str, bytes | None] = {}
    position = 0
    for name in names:
        end = out.index(b"\n", position)
        header = out[position:end].decode("utf-8", "replace")
        position = end + 1
        if header.endswith(" missing"):
            found[name] = None
            continue
        size = int(header.rsplit(" ", 1)[1])
        found[name] = out[position : position + size]
        position += size + 1
    return found


def _tree_entries(data: bytes, hash_size: int) -> list[tuple[str, str, str]]:
    """(mode, name, object id) of a tree object's entries."""
    entries = []
    position = 0
    while position < len(data):
        space = data.index(b" ", position)
        nul = data.index(b"\0", space)
        mode, name = data[position:space].decode(), data[space + 1 : nul].decode("utf-8", "replace")
        entries.append((mode, name, data[nul + 1 : nul + 1 + hash_size].hex()))
        position = nul + 1 + hash_size
    return entries


def _files_at(root: Path, commits: list[str], prefixes: list[str]) -> dict[str, dict[str, str]]:
    """{commit: {path: text}} of the files under the prefixes at each commit (top-level files of the folders)."""
    names = [f"{c}:{p.rstrip('/')}" for c in commits for p in prefixes]
    trees = _read_objects(root, names)
    wanted: dict[str, tuple[str, str]] = {}
    for name, data in trees.items():
        if data is None:
            continue
        commit, folder = name.split(":", 1)
        for mode, entry, _oid in _tree_entries(data, len(commit) // 2):
            if not mode.startswith("4") and entry.endswith((".yaml", ".md")):
                wanted[f"{commit}:{folder}/{entry}"] = (commit, f"{folder}/{entry}")
    blobs = _read_objects(root, list(wanted))
    files: dict[str, dict[str, str]] = {c: {} for c in commits}
    for name, blob in blobs.items():
        commit, path = wanted[name]
        if blob is not None:
            files[commit][path] = blob.decode("utf-8", "replace")
    return files


def group_labels(bundle: Any) -> dict[str, str]:
    """The report's groups by id, as the change labels name them."""
    return {g.id: g.label for g in getattr(bundle, "groups", None) or []}


def _current_files(root: Path, bundle: Any) -> dict[str, str]:
    prefixes = _prefixes((bundle.org_id, bundle.report_id))
    return {
        path: (Path(root) / path).read_text(encoding="utf-8")
        for path in getattr(bundle, "source_files", ())
        if path.startswith(prefixes) and (Path(root) / path).is_file()
    }


def git_history(root: Path, bundles: Iterable[Any], today: dt.date) -> dict[ReportKey, list[ChangeSet]]:
    """Each report's change sets from git (newest first); empty for a first publication."""
    bundles = list(bundles)
    commits = _commits(root)
    touched: dict[ReportKey, list[tuple[str, str, dt.date]]] = {}
    for bundle in bundles:
        key = (bundle.org_id, bundle.report_id)
        prefixes = _prefixes(key)
        touched[key] = [(sha, short, date) for sha, short, date, paths in commits if any(p.startswith(prefixes) for p in paths)]
    needed = sorted({sha for versions in touched.values() for sha, _s, _d in versions})
    folders = sorted({p for key in touched for p in _prefixes(key)})
    at = _files_at(root, needed, folders)
    result = {}
    for bundle in bundles:
        key = (bundle.org_id, bundle.report_id)
        own = _prefixes(key)
        versions = [
            (date, short, {p: t for p, t in at.get(sha, {}).items() if p.startswith(own)}) for sha, short, date in touched[key]
        ]
        current = _current_files(root, bundle)
        if versions and current != versions[-1][2]:
            versions.append((today, UNCOMMITTED, current))
        result[key] = history(versions, group_labels(bundle))
    return result


# --- the build's own record (no git) ---------------------------------------------------------------


def _change_set_json(change_set: ChangeSet) -> dict:
    return {
        "date": change_set.date.isoformat(),
        "version": change_set.version,
        "changes": [asdict(c) for c in change_set.changes],
    }


def _change_set(data: dict) -> ChangeSet:
    return ChangeSet(dt.date.fromisoformat(data["date"]), data["version"], [Change(**c) for c in data["changes"]])


def recorded_history(site: Path | None, bundles: Iterable[Any], root: Path, today: dt.date) -> tuple[dict, dict[str, str]]:
    """Each report's change sets from the published site's records, and the records to publish now
    ({docs-relative path: JSON text})."""
    result: dict[ReportKey, list[ChangeSet]] = {}
    records: dict[str, str] = {}
    for bundle in bundles:
        key = (bundle.org_id, bundle.report_id)
        current = facts(_current_files(root, bundle), group_labels(bundle))
        rel = f"{bundle.org_id}/{bundle.report_id}/{RECORD_FILE}"
        sets: list[ChangeSet] = []
        published = (site / rel) if site is not None else None
        if published is not None and published.is_file():
            try:
                data = json.loads(published.read_text(encoding="utf-8"))
                sets = [_change_set(s) for s in data["history"]]
                changes = diff({k: Fact(*v) for k, v in data["facts"].items()}, current)
                if changes:
                    sets.insert(0, ChangeSet(today, f"bygget {today.isoformat()}", changes))
            except (ValueError, KeyError, TypeError):
                sets = []  # an unreadable record: this publication starts a new one
        result[key] = sets
        record = {
            "facts": {k: [f.label, f.value, f.kind, f.file] for k, f in current.items()},
            "history": [_change_set_json(s) for s in sets],
        }
        records[rel] = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
    return result, records


@dataclass
class History:
    """What the renderer needs for the reports' "Ändringar" pages (site/changes_page.py)."""

    sets: dict[ReportKey, list[ChangeSet]] = field(default_factory=dict)  # newest first
    records: dict[str, str] = field(default_factory=dict)  # docs-relative path -> publicering.json text


def report_history(root: Path, site: Path | None, bundles: Iterable[Any], today: dt.date | None = None) -> History:
    """Each report's change sets (newest first) and the records to write with its pages — from git
    in a checkout, else from the published site's records."""
    today = today or dt.date.today()
    if is_checkout(root):
        return History(git_history(root, bundles, today))
    return History(*recorded_history(site, bundles, root, today))
