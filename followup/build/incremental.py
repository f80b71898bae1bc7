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

import contextlib
import hashlib
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterable

from followup.config import PACKAGE_DIR, TOOL_ROOT
from followup.errors import FollowupError, Problem, read_regular_bytes
from followup.site import render

FORMAT = 1
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
    """sha256 of a file's bytes (for a huge file: of its size and change time, see _file_bytes)."""
    try:
        return hashlib.sha256(_file_bytes(Path(path))).hexdigest()
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
        for name in sorted(filenames):
            rel = f"{rel_dir}/{name}" if rel_dir else name
            found.append((prefix + rel, os.path.join(dirpath, name)))
    return found


#: The files of a report that its card on the start and organisation pages is made from
#: (with organisation.yaml): the site-wide pages are reused while none of them changes.
CARD_FILES = ("report.yaml", "goals.yaml", "deliverables.yaml")


def input_digests(root: Path) -> tuple[str, dict[str, str], dict[str, str]]:
    """(a digest of everything under data/ and content/, per report "org/report" -> digest,
    per report -> card digest).

    A report's digest covers its organisation.yaml, its data folder and its content folder; its
    card digest covers organisation.yaml and CARD_FILES.
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
                for top in ("data", "content"):
                    for rel in by_folder.get((top, org.name, rep.name), []):
                        h.update(f"\0{rel}\0{digests[rel]}".encode("utf-8", "surrogateescape"))
                key = f"{org.name}/{rep.name}"
                reports[key] = h.hexdigest()
                card = hashlib.sha256(f"card\0{org_digest}".encode())
                for name in CARD_FILES:
                    card.update(f"\0{name}\0{digests.get(f'data/{key}/{name}', 'missing')}".encode())
                cards[key] = card.hexdigest()
    return everything.hexdigest(), reports, cards


@dataclass(frozen=True)
class BuildState:
    """The digests a build is made from (see the module docstring)."""

    code: str
    inputs: str
    reports: dict[str, str]
    options: str  # build options and the data version shown on the pages
    cards: dict[str, str] = field(default_factory=dict)  # per report: what its card is made from

    @property
    def digest(self) -> str:
        return hashlib.sha256(f"{self.code}\0{self.inputs}\0{self.options}".encode()).hexdigest()


def current_state(root: Path, config_file: Path, *, options: Iterable[Any] = ()) -> BuildState:
    """Digest the inputs now (call before building; record the same state after the swap)."""
    inputs, reports, cards = input_digests(root)
    return BuildState(
        code=code_digest(root, config_file),
        inputs=inputs,
        reports=reports,
        options=json.dumps([str(o) for o in options], ensure_ascii=False),
        cards=cards,
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


def manifest_path(root: Path, site: Path) -> Path:
    key = hashlib.sha256(str(Path(site).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(root) / CACHE_DIR / f"manifest-{key}.json"


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
        "site": str(Path(site).resolve()),
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


# --- partial builds: only the reports whose inputs changed ------------------------------------------
#
# Every build records, per report, what rendering it produced (`ReportRecord`, pickled under
# .cache/build/reports/: the loaded bundle without its YAML node trees, its summary, the docs files
# it wrote with a key per file, their page_info) and, in the manifest, a key for every docs file
# (`page_keys`). When the code, templates, configuration and options are unchanged and site/ is
# as the last build left it, the next build (`plan`) loads, charts and renders only the reports
# whose digest changed, takes the others from their records, and runs MkDocs in dirty mode with
# exactly the docs files whose key changed marked modified (`prepare_mkdocs`); the other files
# are hard-linked from the published site into the new one (`assemble`), so they keep their bytes,
# inode and mtime. The search index is merged from the new entries and the published index.

RECORD_FORMAT = 3


class PartialBuildFailed(FollowupError):
    """The cache and the published site disagree: the caller builds everything instead."""


class _DropDirtyWarning:
    """MkDocs warns that a dirty build may give inaccurate navigation; ours marks exactly the
    changed files modified (and the theme draws navigation from page_info), so the warning does
    not apply, and under `strict: true` it would abort the build."""

    def filter(self, record: Any) -> bool:
        return not str(record.msg).startswith("A 'dirty' build is being performed")


_DIRTY_FILTER = _DropDirtyWarning()


@dataclass
class ReportRecord:
    key: str  # "org/report"
    digest: str
    bundle: Any  # a CachedView of the ReportBundle once saved
    summary: Any  # a CachedView of the ReportSummary once saved
    charts: int
    files: dict[str, str]  # docs-relative path -> page key
    page_info: dict[str, dict]


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
            tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            try:
                tmp.write_bytes(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
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
    site: Path
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
    if data is None or not Path(site).is_dir():
        return None
    previous = data.get("state") or {}
    if previous.get("code") != state.code or previous.get("options") != state.options:
        return None
    if data.get("site") != str(Path(site).resolve()) or "page_keys" not in data:
        return None
    if data.get("files") != site_listing(site):
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
        site=Path(site),
        site_pages=site_pages,
        previous_files=data["files"],
        previous_reports=dict(old_reports),
        previous_cards=dict(previous.get("cards") or {}),
    )


def renderer_factory(plan: Plan | None, code: str, root: Path) -> Any:
    """A render.SiteRenderer subclass (as a factory) that reuses the plan's records and records
    what it renders, for the next build."""

    class CachingRenderer(render.SiteRenderer):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.reuse = plan.reused if plan is not None else {}
            self.reused_files: dict[str, str] = {}
            self.rendered_spans: dict[tuple[str, str], tuple[int, int, list[str]]] = {}
            self.records: list[ReportRecord] = []
            self.page_keys: dict[str, str] = {}
            self.site_reuse = plan.site_pages if plan is not None else None
            self.site_files: list[str] = []
            self.site_info: list[str] = []

        # -- the site-wide pages: reused while no card changed, else rendered from views --
        def _site_view(self, b: Any) -> Any:
            return b if isinstance(b, (CachedView, RecordingView, Deferred)) else RecordingView("report", b, BUNDLE_VIEW)

        def _site_capture(self, render_it: Any) -> None:
            start, before = len(self.result.files), set(self.result.page_info)
            render_it()
            self.site_files.extend(self.result.files[start:])
            self.site_info.extend(src for src in self.result.page_info if src not in before)

        def report_card(self, b: Any) -> dict[str, Any]:
            card = super().report_card(b)
            summary = card.get("summary")
            if summary is not None and not isinstance(summary, (CachedView, RecordingView, Deferred)):
                card["summary"] = RecordingView("summary", summary, SUMMARY_VIEW)
            return card

        def render_start(self, bundles: list[Any]) -> None:
            if self.site_reuse is not None:
                self.result.page_info.update(self.site_reuse["page_info"])
                self.reused_files.update(self.site_reuse["files"])
                return
            views = [self._site_view(b) for b in bundles]
            self._site_capture(lambda: super(CachingRenderer, self).render_start(views))

        def render_organisation(self, org_id: str, bundles: list[Any]) -> None:
            if self.site_reuse is not None:
                return
            views = [self._site_view(b) for b in bundles]
            self._site_capture(lambda: super(CachingRenderer, self).render_organisation(org_id, views))

        def render_accessibility(self, bundles: list[Any]) -> None:
            if self.site_reuse is not None:
                return
            views = [self._site_view(b) for b in bundles]
            self._site_capture(lambda: super(CachingRenderer, self).render_accessibility(views))

        def render_guide(self) -> None:
            # The author guide is made from the code (models, guide templates), which a partial
            # build shares with the last build; recorded with the site-wide pages.
            if self.site_reuse is not None:
                return
            self._site_capture(lambda: super(CachingRenderer, self).render_guide())

        def site_pages_record(self, cards: dict[str, str]) -> dict[str, Any]:
            if self.site_reuse is not None:
                return self.site_reuse
            return {
                "views_ok": not SOFT_MISSES and not VIEW_MISSES,
                "cards": cards,
                "files": {rel: self.page_keys[rel] for rel in self.site_files},
                "page_info": {src: self.result.page_info[src] for src in self.site_info},
            }

        def reused(self, b: Any) -> bool:
            return (b.org_id, b.report_id) in self.reuse

        def summary_for(self, b: Any) -> Any:
            record = self.reuse.get((b.org_id, b.report_id))
            return record.summary if record is not None else super().summary_for(b)

        def reuse_report(self, b: Any) -> None:
            record = self.reuse[(b.org_id, b.report_id)]
            self.result.page_info.update(record.page_info)
            self.result.charts += record.charts
            self.reused_files.update(record.files)

        def render_report(self, b: Any) -> None:
            start, before = len(self.result.files), set(self.result.page_info)
            super().render_report(b)
            pages = [src for src in self.result.page_info if src not in before]
            self.rendered_spans[(b.org_id, b.report_id)] = (start, len(self.result.files), pages)

        def render(self) -> Any:
            VIEW_MISSES.clear()
            SOFT_MISSES.clear()
            result = super().render()
            if VIEW_MISSES:
                raise PartialBuildFailed("a page read " + ", ".join(sorted(set(VIEW_MISSES))) + " of a reused report")
            for rel in result.files:
                data = (self.docs / rel).read_bytes()
                self.page_keys[rel] = page_key(data, result.page_info.get(rel))
            self.page_keys.update(self.reused_files)
            digests = plan.state.reports if plan is not None else None
            for b in self.project.reports:
                key = (b.org_id, b.report_id)
                if key not in self.rendered_spans:
                    continue
                start, end, pages = self.rendered_spans[key]
                files = {rel: self.page_keys[rel] for rel in result.files[start:end]}
                self.records.append(
                    ReportRecord(
                        key=f"{b.org_id}/{b.report_id}",
                        digest=(digests or {}).get(f"{b.org_id}/{b.report_id}", ""),
                        bundle=b,
                        summary=self.summaries[key],
                        charts=len(self.charts.get(key, [])),
                        files=files,
                        page_info={src: result.page_info[src] for src in pages},
                    )
                )
            result.renderer = self  # for the build: records, page keys, reused files
            return result

    return CachingRenderer


def save_records(root: Path, state: BuildState, records: list[ReportRecord]) -> None:
    for record in records:
        record.digest = state.reports.get(record.key, "")
        if record.digest:
            save_record(root, state.code, record)


def _walk_sort_key(rel: str) -> tuple:
    """The order in which MkDocs' get_files walks the docs dir: a folder's files (index first) before
    its subfolders, each level sorted by name."""
    parts = rel.split("/")
    name = parts[-1]
    stem = name.rsplit(".", 1)[0]
    return tuple((1, d) for d in parts[:-1]) + ((0, (stem not in ("index", "README"), name)),)


class MkDocsPartial:
    """MkDocs event handlers for a partial build (registered by `prepare`)."""

    def __init__(self, plan: Plan, page_keys: dict[str, str], virtual: set[str]):
        self.plan = plan
        self.page_keys = page_keys
        self.virtual = virtual  # docs files not written now (reused reports): known, not read
        self.modified = {rel for rel, key in page_keys.items() if plan.previous_keys.get(rel) != key}
        self.expected: list[str] = []  # every output file the site must hold (dest paths)
        self.files: Any = None
        self.listing: dict[str, list[int]] | None = None  # the assembled site's listing

    def prepare(self, config: Any) -> None:
        import logging

        build_log = logging.getLogger("mkdocs.commands.build")
        if _DIRTY_FILTER not in build_log.filters:
            build_log.addFilter(_DIRTY_FILTER)
        if config["nav"] is None:
            # The theme draws every navigation from page_info, never from MkDocs' nav; building the
            # automatic nav of thousands of pages is most of MkDocs' time in a partial build. (Should
            # the theme ever use it, the tests comparing partial with cold builds fail.)
            config["nav"] = []
            config.validation.nav.omitted_files = logging.DEBUG
        config.plugins._register_event("files", self.on_files)
        config.plugins._register_event("post_build", self.on_post_build)

    def on_files(self, files: Any, config: Any) -> Any:
        from mkdocs.structure.files import File, Files

        docs_dir = str(config.docs_dir)
        own = [f for f in files if f.src_dir == docs_dir]
        theme = [f for f in files if f.src_dir != docs_dir]
        # Reused pages are known to MkDocs (sitemap, search order) but never read or built; reused
        # static files (chart SVG/CSV) are not MkDocs' business at all: assemble() links them.
        pages = sorted(rel for rel in self.virtual if rel.endswith(".md"))
        own += [File(rel, docs_dir, config.site_dir, config.use_directory_urls) for rel in pages]
        own.sort(key=lambda f: _walk_sort_key(f.src_uri))
        for f in own:
            changed = f.src_uri in self.modified
            f.is_modified = (lambda: True) if changed else (lambda: False)
        for f in theme:
            f.is_modified = lambda: True  # a few assets: copied fresh
        self.files = Files(own + theme)
        self.expected = [f.dest_uri for f in self.files]
        self.expected += sorted(rel for rel in self.virtual if not rel.endswith(".md"))
        return self.files

    def on_post_build(self, config: Any) -> None:
        search = config.plugins.get("search")
        if search is None or getattr(search, "search_index", None) is None:
            return
        fresh: dict[str, list[dict]] = {}
        for entry in search.search_index._entries:
            fresh.setdefault(entry["location"].split("#")[0], []).append(entry)
        published: dict[str, list[dict]] = {}
        try:
            old = json.loads((self.plan.site / "search" / "search_index.json").read_text(encoding="utf-8"))
            for entry in old.get("docs", []):
                published.setdefault(entry["location"].split("#")[0], []).append(entry)
        except (OSError, ValueError):
            raise RuntimeError("the published search index is unreadable; build from scratch")  # noqa: B904
        merged: list[dict] = []
        for f in self.files.documentation_pages():
            url = f.url
            merged.extend(fresh.get(url, []) if f.src_uri in self.modified else published.get(url, []))
        search.search_index._entries = merged
        output = search.search_index.generate_search_index()
        target = Path(config.site_dir) / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")

    def assemble(self, new_site: Path) -> int:
        """Hard-link every expected file MkDocs did not write from the published site, and every
        file it wrote with the same bytes as the published one (theme assets, 404 page, sitemap),
        so unchanged files keep their inode and mtime; return the number of linked files."""
        new, old = os.fspath(new_site), os.fspath(self.plan.site)
        written = site_listing(new_site)
        # The new site's listing, for the manifest: a hard link has the published file's size and
        # mtime (recorded in the published manifest), so only the written files need a stat.
        self.listing = dict(written)
        previous = self.plan.previous_files
        linked = 0
        for rel, (size, _) in written.items():
            fresh, published = os.path.join(new, rel), os.path.join(old, rel)
            try:
                if os.stat(published).st_size != size:
                    continue
                with open(published, "rb") as a, open(fresh, "rb") as b:
                    if a.read() != b.read():
                        continue
            except OSError:
                continue
            tmp = fresh + ".link"
            try:
                os.link(published, tmp)
                os.replace(tmp, fresh)
                linked += 1
                if rel in previous:
                    self.listing[rel] = previous[rel]
                else:
                    st = os.stat(fresh)
                    self.listing[rel] = [st.st_size, st.st_mtime_ns]
            except OSError:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
        made: set[str] = set()
        for dest in self.expected:
            if dest in written:
                continue
            target = os.path.join(new, dest)
            parent = os.path.dirname(target)
            if parent not in made:
                os.makedirs(parent, exist_ok=True)
                made.add(parent)
            source = os.path.join(old, dest)
            try:
                os.link(source, target)
            except FileExistsError:
                continue
            except OSError:
                import shutil

                shutil.copy2(source, target)  # another file system: copy (keeps the mtime)
            if dest in previous:
                self.listing[dest] = previous[dest]
            else:
                st = os.stat(target)
                self.listing[dest] = [st.st_size, st.st_mtime_ns]
            linked += 1
        return linked
