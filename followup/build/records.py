"""Partial builds: what the last build rendered per report, and which reports a build can reuse.

Every build records, per report, what rendering it produced (`ReportRecord`, pickled under
.cache/build/reports/: the loaded bundle without its YAML node trees, its summary, the docs files
it wrote with a key per file, their page_info) and, in the manifest, a key for every docs file
(`page_keys`). When the code, templates, configuration and options are unchanged and site/ is
as the last build left it, the next build (`plan`) loads, charts and renders only the reports
whose digest changed, takes the others from their records, and runs MkDocs in dirty mode with
exactly the docs files whose key changed marked modified (`prepare_mkdocs`); the other files
are hard-linked from the published site into the new one (`assemble`), so they keep their bytes,
inode and mtime. The search index is merged from the new entries and the published index.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from followup.build.state import CACHE_DIR, BuildState, published_source, read_manifest, site_id
from followup.errors import FollowupError, Problem
from followup.fileio import atomic_write

RECORD_FORMAT = 4


class PartialBuildFailed(FollowupError):
    """The cache and the published site disagree: the caller builds everything instead."""


@dataclass
class ReportRecord:
    key: str  # "org/report"
    digest: str
    bundle: Any  # a CachedView of the ReportBundle once saved
    summary: Any  # a CachedView of the ReportSummary once saved
    charts: int
    files: dict[str, str]  # docs-relative path -> page key
    page_info: dict[str, dict]
    chart_keys: list[str] = field(default_factory=list)  # the chart cache's keys of its charts


#: What the site-wide pages (start page cards, organisation pages, accessibility statement) read
#: of a report they do not render: kept in the record (a fraction of the whole bundle, ~7x faster
#: to unpickle). Reading anything else raises PartialBuildFailed, and the build starts over as a
#: full build: a template that starts showing more of a report costs speed, never correctness.
BUNDLE_VIEW = (
    "org_id",
    "report_id",
    "organisation",
    "report",
    "units",
    "groups",
    "assessment_scale",
    "status_scale",
    "root",
    "source_files",
)
SUMMARY_VIEW = ("goals", "deliverables")


#: Attributes a build tried to read from a CachedView (a template may turn the exception into a
#: located problem; the renderer checks this list and starts a full build instead).
VIEW_MISSES: list[str] = []


class CachedView:
    """Some attributes of an object; any other attribute raises PartialBuildFailed (see BUNDLE_VIEW)."""

    def __init__(self, what: str, values: dict[str, Any]):
        self.__dict__["_what"] = what
        self.__dict__.update(values)

    @classmethod
    def of(cls, what: str, obj: Any, names: Iterable[str]) -> "CachedView":
        return cls(what, {name: getattr(obj, name) for name in names if hasattr(obj, name)})

    def __getattr__(self, name: str) -> Any:  # only for attributes that are missing
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # protocol probes (pickle, copy, Jinja's __html__)
        VIEW_MISSES.append(f"{self.__dict__.get('_what', 'view')}.{name}")
        raise PartialBuildFailed(f"the cached {self.__dict__.get('_what', 'view')} has no '{name}'")


#: Attributes the site-wide pages read from a freshly loaded report beyond BUNDLE_VIEW/SUMMARY_VIEW;
#: when any, those pages are not reused by the next build (their inputs are not known).
SOFT_MISSES: list[str] = []


class RecordingView:
    """A fresh report (or summary) as the site-wide pages see it: the attributes of the view, and
    any other attribute of the real object, noted in SOFT_MISSES."""

    def __init__(self, what: str, real: Any, names: Iterable[str]):
        self.__dict__["_what"] = what
        self.__dict__["_real"] = real
        self.__dict__.update({name: getattr(real, name) for name in names if hasattr(real, name)})

    def __getattr__(self, name: str) -> Any:
        real = self.__dict__["_real"]
        if not (name.startswith("__") and name.endswith("__")):
            SOFT_MISSES.append(f"{self.__dict__['_what']}.{name}")
        return getattr(real, name)


def page_key(data: bytes, info: dict | None) -> str:
    """What a docs file turns into: its bytes and, for a page, the chrome MkDocs draws from page_info."""
    h = hashlib.sha256(data)
    if info is not None:
        h.update(b"\0info\0" + json.dumps(info, sort_keys=True, ensure_ascii=False, default=repr).encode("utf-8"))
    return h.hexdigest()


def _record_path(root: Path, code: str, digest: str) -> Path:
    name = hashlib.sha256(f"{RECORD_FORMAT}\0{code}\0{digest}".encode()).hexdigest()
    return Path(root) / CACHE_DIR / "reports" / name[:2] / f"{name}.pickle"


class Deferred:
    """A reused report's bundle or summary view, unpickled only when a page reads it (the
    site-wide pages, when a card changed): a rebuild of one report reads 499 small records, not
    499 views. org_id and report_id are known without loading."""

    def __init__(self, path: Path, index: int, eager: dict[str, Any]):
        self.__dict__["_path"] = path
        self.__dict__["_index"] = index
        self.__dict__.update(eager)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        import pickle

        try:
            views = pickle.loads(Path(self.__dict__["_path"]).read_bytes())
        except Exception as exc:  # noqa: BLE001 - a cache that cannot serve: build everything
            raise PartialBuildFailed(f"cannot read {self.__dict__['_path']}: {exc}") from exc
        view = views[self.__dict__["_index"]]
        self.__dict__.update(view.__dict__)
        return getattr(view, name)


def save_record(root: Path, code: str, record: ReportRecord) -> None:
    """Two files: the record (files, page keys, page_info) and, beside it, the views."""
    import pickle

    bundle = record.bundle if isinstance(record.bundle, CachedView) else CachedView.of("report", record.bundle, BUNDLE_VIEW)
    summary = record.summary if isinstance(record.summary, CachedView) else CachedView.of("summary", record.summary, SUMMARY_VIEW)
    light = dataclass_replace(record, bundle=None, summary=None)
    path = _record_path(root, code, record.digest)
    views_path = path.with_suffix(".views")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        for target, data in ((views_path, (bundle, summary)), (path, light)):
            atomic_write(target, pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except (pickle.PicklingError, TypeError, AttributeError, RecursionError, OSError):
        # an unpicklable report is simply rebuilt next time
        with contextlib.suppress(OSError):
            path.unlink()


def load_record(root: Path, code: str, key: str, digest: str) -> ReportRecord | None:
    import pickle

    path = _record_path(root, code, digest)
    try:
        data = pickle.loads(path.read_bytes())
    except Exception:  # noqa: BLE001 - missing, truncated or from other code: render the report again
        return None
    if not isinstance(data, ReportRecord) or data.key != key or data.digest != digest:
        return None
    org, rep = key.split("/", 1)
    views_path = path.with_suffix(".views")
    data.bundle = Deferred(views_path, 0, {"org_id": org, "report_id": rep, "_what": "report"})
    data.summary = Deferred(views_path, 1, {"_what": "summary"})
    return data


def dataclass_replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def report_of(path: str) -> tuple[str, str] | None:
    """("org", "report") when a project-relative path lies in a report's data or content folder."""
    parts = path.split("/")
    if len(parts) >= 4 and parts[0] in ("data", "content"):
        return parts[1], parts[2]
    return None


@dataclass
class Plan:
    """What a partial build reuses: None from `plan()` means a full build."""

    root: Path
    state: BuildState
    changed: set[tuple[str, str]]  # reports to load, chart and render
    reused: dict[tuple[str, str], ReportRecord]
    previous_keys: dict[str, str]  # docs path -> page key of the published site
    previous_problems: list[dict[str, Any]]
    site: Path  # where the published files are: site/, or the snapshot in .cache/ (state.snapshot_path)
    exact_listing: bool = True  # `site` has the recorded sizes and mtimes (else sizes only)
    site_pages: dict[str, Any] | None = None  # the published start/organisation/accessibility pages, reusable
    previous_files: dict[str, list[int]] = field(default_factory=dict)  # listing of the published site
    previous_reports: dict[str, str] = field(default_factory=dict)  # "org/report" -> digest, as published
    previous_cards: dict[str, str] = field(default_factory=dict)  # "org/report" -> card digest, as published

    def published_record(self, key: tuple[str, str]) -> ReportRecord | None:
        """The record of a report's published version (its pages are on the site), or None."""
        name = f"{key[0]}/{key[1]}"
        if key in self.reused:
            return self.reused[key]
        digest = self.previous_reports.get(name)
        if digest is None:
            return None
        return load_record(self.root, self.state.code, name, digest)

    def was_published(self, key: tuple[str, str]) -> bool:
        """Whether the published site holds pages of the report."""
        prefix = f"{key[0]}/{key[1]}/"
        return any(rel.startswith(prefix) for rel in self.previous_keys)

    def keep_published(self, key: tuple[str, str], record: ReportRecord) -> None:
        """Publish the report's last published version again instead of building it."""
        self.changed.discard(key)
        self.reused[key] = record

    def merge_problems(self, fresh: list[Any]) -> list[Any]:
        """Problems of this build: the fresh ones, plus the published build's problems located in a
        reused report's folders or in the organisation folder of an organisation not loaded now."""

        loaded_orgs = {org for org, _ in self.changed}
        kept = []
        for p in self.previous_problems:
            where = report_of(p["path"])
            if where is not None:
                if where in self.reused:
                    kept.append(Problem(**p))
                continue
            parts = p["path"].split("/")
            if len(parts) >= 3 and parts[0] == "data" and parts[1] not in loaded_orgs:
                kept.append(Problem(**p))
        return list(dict.fromkeys([*fresh, *kept]))


def plan(root: Path, site: Path, state: BuildState, *, allow_empty: bool = False) -> Plan | None:
    """A partial build when only data/content of some reports changed since the published build.
    `allow_empty`: a plan even when every report changed (a build that keeps a broken report's
    published pages back needs one; otherwise a full build is faster)."""
    data = read_manifest(root, site)
    if data is None:
        return None
    previous = data.get("state") or {}
    if previous.get("code") != state.code or previous.get("options") != state.options:
        return None
    if data.get("site") != site_id(root, site) or "page_keys" not in data:
        return None
    source = published_source(root, site, data.get("files"))
    if source is None:
        return None
    old_reports: dict[str, str] = previous.get("reports") or {}
    changed: set[tuple[str, str]] = set()
    reused: dict[tuple[str, str], ReportRecord] = {}
    for key, digest in state.reports.items():
        org, rep = key.split("/", 1)
        record = load_record(root, state.code, key, digest) if old_reports.get(key) == digest else None
        if record is None:
            changed.add((org, rep))
        else:
            reused[(org, rep)] = record
    # An organisation's reports are checked together (restated values, check/across_reports.py) and
    # make its pages over the years: a change to one loads all of them (unchanged pages stay as published).
    touched = {org for org, _ in changed} | {key.split("/", 1)[0] for key in old_reports if key not in state.reports}
    for pair in [k for k in reused if k[0] in touched]:
        del reused[pair]
        changed.add(pair)
    if not reused and not allow_empty:
        return None
    site_pages = data.get("site_pages")
    if not (isinstance(site_pages, dict) and site_pages.get("views_ok") and site_pages.get("cards") == state.cards):
        site_pages = None  # a card changed (or a report came or went): render them again
    return Plan(
        root=Path(root),
        state=state,
        changed=changed,
        reused=reused,
        previous_keys=dict(data["page_keys"]),
        previous_problems=list((data.get("result") or {}).get("problems") or []),
        site=source[0],
        exact_listing=source[1],
        site_pages=site_pages,
        previous_files=data["files"],
        previous_reports=dict(old_reports),
        previous_cards=dict(previous.get("cards") or {}),
    )


def prune_records(root: Path, code: str, digests: dict[str, str]) -> int:
    """Remove every record (and its views) but those of these report digests; the number removed."""
    keep: set[str] = set()
    for digest in digests.values():
        path = _record_path(root, code, digest)
        keep.update((os.fspath(path), os.fspath(path.with_suffix(".views"))))
    removed = 0
    folder = Path(root) / CACHE_DIR / "reports"
    for path in folder.glob("*/*") if folder.is_dir() else ():
        if os.fspath(path) not in keep:
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
