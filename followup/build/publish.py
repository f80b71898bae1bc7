"""Publish the site: run MkDocs into a temporary folder beside `site/` and swap it in atomically.

The pipeline (`build_site`): load and validate → compute summaries → render charts → render
pages (followup.render) into a temporary MkDocs docs_dir → MkDocs build (our theme in
`templates/theme/`) into a temporary site folder → swap that folder into place as `site/`.

Guarantees:

* `site/` is replaced only when everything succeeded. A failed, interrupted or killed build
  leaves the published `site/` exactly as it was; the next build removes the leftovers
  (`.site-tmp-*`).
* The swap is one atomic `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere it is two renames,
  and a build interrupted between them is repaired by the next build (the old site is kept
  as `.site-old-*` until the new one is in place).
* Two builds do not interleave: the build holds an exclusive lock on `.site.lock` (released
  by the operating system when the process ends, so a killed build never leaves a stale
  lock); a second build stops at once with a clear message.
* The same data gives a byte-identical `site/`: no build timestamps. `SOURCE_DATE_EPOCH` is
  set from the git commit date for MkDocs (sitemap.xml.gz's gzip header), and pages show the
  data version (git commit) instead of a build time.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Iterator

from followup.build import history, incremental, pipeline
from followup.build.engine import load_engine
from followup.charts import render as charts
from followup.check import organisation
from followup.config import HOOKS_FILE, PACKAGE_DIR, TOOL_ROOT, config_file_for, theme_dir_for
from followup.console import NullReporter, Reporter
from followup.errors import DataErrors, FollowupError, Problem, has_errors, sorted_unique
from followup.site import render
from followup.site.environment import template_problem

LOCK_NAME = ".site.lock"
TMP_PREFIX = ".site-tmp-"
OLD_PREFIX = ".site-old-"
UNKNOWN_VERSION = "okänd"


class BuildLocked(FollowupError):
    """Another build holds the lock."""


class PublishError(FollowupError):
    """MkDocs failed; the published site was left untouched."""


# --- data version ----------------------------------------------------------------------


@dataclass(frozen=True)
class DataVersion:
    commit: str  # short hash, or "okänd" when not a git checkout
    epoch: int  # commit time (seconds), 0 when unknown
    dirty: bool = False  # data/ or content/ has uncommitted changes

    @property
    def label(self) -> str:
        if self.commit == UNKNOWN_VERSION:
            return UNKNOWN_VERSION
        return f"{self.commit} (med ej incheckade ändringar)" if self.dirty else self.commit


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


def data_version(root: Path) -> DataVersion:
    """The git commit the site is built from (short hash of HEAD), or "okänd"."""
    root = Path(root)
    # Only a checkout whose top level is `root` counts; a project copied into some other
    # repository's subfolder must not claim that repository's commit.
    top = _git(root, "rev-parse", "--show-toplevel")
    if not top or Path(top).resolve() != root.resolve():
        return DataVersion(UNKNOWN_VERSION, 0)
    commit = _git(root, "rev-parse", "--short=7", "HEAD")
    if not commit:
        return DataVersion(UNKNOWN_VERSION, 0)
    epoch_text = _git(root, "log", "-1", "--format=%ct", "HEAD") or "0"
    status = _git(root, "status", "--porcelain", "--", "data", "content")
    try:
        epoch = int(epoch_text)
    except ValueError:
        epoch = 0
    return DataVersion(commit, epoch, bool(status))


# --- lock ------------------------------------------------------------------------------


def _shown(path: Path, root: Path | None) -> str:
    """`path` as a problem shows it: project-relative when inside the project."""
    if root is not None:
        with contextlib.suppress(ValueError):
            return Path(path).relative_to(root).as_posix()
    return Path(path).as_posix()


def _lock_problem(path: Path, root: Path | None, what: str) -> DataErrors:
    return DataErrors(
        [
            Problem(
                _shown(path, root),
                1,
                1,
                f"låsfilen {LOCK_NAME} {what}; bygget använder den inte",
                hint=f"Ta bort {path.as_posix()} och bygg igen (bygget skapar en ny låsfil).",
            )
        ]
    )


def _open_lock(path: Path, root: Path | None) -> int:
    """Open the lock file without following a symlink, blocking on a FIFO or truncating a file the
    build did not create: a new file is created exclusively; an existing one must be a regular file
    holding nothing or a process id (what a build leaves)."""
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    try:
        st = os.lstat(path)
    except FileNotFoundError:  # removed in between: try once more
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
    import stat

    if stat.S_ISLNK(st.st_mode):
        raise _lock_problem(path, root, "är en symbolisk länk")
    if stat.S_ISDIR(st.st_mode):
        raise _lock_problem(path, root, "är en mapp")
    if not stat.S_ISREG(st.st_mode):
        raise _lock_problem(path, root, "är ingen vanlig fil (t.ex. en namngiven rörledning eller enhet)")
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _lock_problem(path, root, "är en symbolisk länk") from exc
        raise
    try:
        st = os.fstat(fd)
        content = os.pread(fd, 64, 0)
        if not stat.S_ISREG(st.st_mode):
            raise _lock_problem(path, root, "är ingen vanlig fil")
        if st.st_size > 32 or not (content.strip() == b"" or content.strip().isdigit()):
            raise _lock_problem(path, root, "finns redan men skrevs inte av bygget")
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def build_lock(folder: Path, root: Path | None = None) -> Iterator[None]:
    """Hold `<folder>/.site.lock` (the folder that holds site/) for the whole build; raise
    BuildLocked when another build has it, DataErrors (located) when the lock path is a symlink,
    folder, FIFO or a file the build did not write."""
    path = Path(folder) / LOCK_NAME
    fd = _open_lock(path, root)
    try:
        if not _try_lock(fd):
            other = ""
            with contextlib.suppress(OSError, ValueError):
                pid = os.pread(fd, 32, 0).decode("ascii").strip()
                if pid:
                    other = f" (process {pid})"
            raise BuildLocked(
                f"another build is already running{other} and holds {LOCK_NAME}; wait for it to finish and run the build again"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


# --- the output folder ----------------------------------------------------------------


class SiteDirRefused(Exception):
    """`--site-dir` names a folder the build must not replace (a usage error, exit 2)."""


#: Files MkDocs (with the search plugin) writes into every site it builds: a folder holding them
#: is a previous site even when the manifest in .cache/ is gone.
SITE_FINGERPRINT = ("sitemap.xml", "search/search_index.json")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_site_dir(root: Path, site: Path) -> None:
    """Refuse an output folder whose replacement would destroy files the build did not write:
    the project itself, data/, content/, templates/ (or the tool's own folders), anything holding
    them or inside them, and an existing folder that is neither empty nor a previous site
    (recognised by the build's manifest or by the files MkDocs writes into every site)."""

    root = Path(root).resolve()
    shown = Path(site).as_posix()
    try:
        target = Path(site).resolve()
    except (OSError, RuntimeError) as exc:
        raise SiteDirRefused(f"utmappen {shown} går inte att slå upp ({exc}); välj en annan mapp") from exc
    protected = [
        root / "data",
        root / "content",
        root / "templates",
        TOOL_ROOT / "templates",
        PACKAGE_DIR,
        root / ".cache",
    ]
    for folder in [root, TOOL_ROOT]:
        if _inside(folder, target):
            raise SiteDirRefused(
                f"utmappen {shown} är eller innehåller projektmappen {folder.as_posix()}; "
                "bygget skulle ersätta den. Välj en egen mapp för webbplatsen, t.ex. site/"
            )
    for folder in protected:
        if _inside(target, folder) or _inside(folder, target):
            raise SiteDirRefused(
                f"utmappen {shown} är, innehåller eller ligger i {folder.as_posix()}; "
                "bygget skulle ersätta filer som det inte har skrivit. Välj en egen mapp för webbplatsen, t.ex. site/"
            )
    plain = Path(site) if Path(site).is_absolute() else root / site
    if plain.is_symlink():
        raise SiteDirRefused(
            f"utmappen {shown} är en symbolisk länk; bygget ersätter bara en vanlig mapp. "
            "Ange mappen som länken pekar på, eller ta bort länken"
        )
    if not plain.exists():
        return
    if not plain.is_dir():
        raise SiteDirRefused(f"utmappen {shown} finns redan och är ingen mapp; välj en annan mapp")
    try:
        empty = next(os.scandir(plain), None) is None
    except OSError as exc:
        raise SiteDirRefused(f"utmappen {shown} går inte att läsa ({exc.strerror}); välj en annan mapp") from exc
    if empty or incremental.read_manifest(root, plain) is not None:
        return
    if all((plain / name).is_file() for name in SITE_FINGERPRINT):
        return
    raise SiteDirRefused(
        f"utmappen {shown} innehåller filer som bygget inte har skrivit (ingen tidigare byggd webbplats); "
        "bygget ersätter bara en tom mapp eller en webbplats som det själv har byggt. "
        "Välj en annan mapp, eller töm den först"
    )


def check_cache_dir(root: Path) -> None:
    """.cache/ must be the project's own folder: the build writes and deletes in it, so a symlink
    (out of the project) is refused rather than followed."""
    root = Path(root)
    for rel in (Path(".cache"), Path(".cache") / "build", Path(".cache") / "charts"):
        path = root / rel
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            what = "en symbolisk länk" if path.is_symlink() else "ingen mapp"
            raise DataErrors(
                [
                    Problem(
                        rel.as_posix(),
                        1,
                        1,
                        f"{rel.as_posix()} är {what}; bygget skriver bara i en egen mapp .cache/ i projektet",
                        hint=f"Ta bort {rel.as_posix()} (bygget skapar en ny mapp nästa gång).",
                    )
                ]
            )


# --- atomic swap -----------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2_exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2). False when not supported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_into_place(new_site: Path, site: Path) -> None:
    """Make `new_site` the published `site`; the old site is removed afterwards."""
    new_site, site = Path(new_site), Path(site)
    if not site.exists():
        os.replace(new_site, site)
        return
    if _renameat2_exchange(new_site, site):
        shutil.rmtree(new_site, ignore_errors=True)  # now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=site.parent))
    old.rmdir()
    os.replace(site, old)
    os.replace(new_site, site)
    shutil.rmtree(old, ignore_errors=True)


def recover(folder: Path, site: Path) -> None:
    """Clean up after an interrupted build in `folder` (which holds site/); call while holding the lock."""
    folder, site = Path(folder), Path(site)
    olds = sorted(folder.glob(OLD_PREFIX + "*"))
    if not site.exists() and olds:
        # Interrupted between the two renames of the fallback swap: put the old site back.
        os.replace(olds[-1], site)
        olds = olds[:-1]
    for leftover in [*olds, *folder.glob(TMP_PREFIX + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)


# --- MkDocs ----------------------------------------------------------------------------


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _CollectWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    extra: dict[str, Any] | None = None,
    epoch: int = 0,
    prepare: Any = None,
) -> None:
    """Build with MkDocs (in-process). Raises PublishError with MkDocs' messages on failure.
    `prepare(config)` (followup.incremental's partial build) registers event handlers; MkDocs then
    runs in dirty mode and builds only the files those handlers mark modified."""

    engine = load_engine()  # MkDocs 1.6, or ProperDocs (FOLLOWUP_ENGINE=properdocs)
    build, load_config, MkDocsException = engine.build, engine.load_config, engine.error

    collector = _CollectWarnings()
    mkdocs_log = logging.getLogger(engine.name)
    mkdocs_log.addHandler(collector)
    previous_level = mkdocs_log.level
    if mkdocs_log.level == logging.NOTSET or mkdocs_log.level > logging.WARNING:
        mkdocs_log.setLevel(logging.WARNING)
    try:
        with _environ(SOURCE_DATE_EPOCH=str(epoch)):
            config = load_config(
                config_file=str(config_file),
                docs_dir=str(docs_dir),
                site_dir=str(site_dir),
                # The tool's own hooks and theme: a project's mkdocs.yml holds only its settings.
                hooks=[str(HOOKS_FILE)],
                theme={"name": None, "custom_dir": str(theme_dir_for(Path(config_file)))},
            )
            if extra:
                config.extra.update(extra)
            if prepare is not None:
                prepare(config)
            build(config, dirty=prepare is not None)
    except (MkDocsException, SystemExit) as exc:
        details = "; ".join(collector.messages) or str(exc)
        raise PublishError(f"MkDocs failed: {details}") from exc
    except Exception as exc:  # a broken theme template: located, not a traceback
        import jinja2

        if not isinstance(exc, jinja2.TemplateError):
            raise

        theme_dir = theme_dir_for(Path(config_file))
        raise DataErrors([template_problem(exc, theme_dir, Path(config_file).resolve().parent)]) from exc
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(previous_level)
    messages = [m for m in collector.messages if not m.startswith("A 'dirty' build is being performed")]
    if messages:
        raise PublishError("MkDocs warned (strict build): " + "; ".join(messages))


# --- the whole pipeline ----------------------------------------------------------------


@dataclass
class BuildResult:
    site_dir: Path
    pages: int
    problems: list[Problem] = field(default_factory=list)  # warnings (errors stop the build)
    reports: int = 0
    charts: int = 0
    page_keys: dict[str, str] = field(default_factory=dict)  # followup.incremental: docs file -> key
    records: list[Any] = field(default_factory=list)  # followup.incremental: per-report records
    site_pages: dict[str, Any] | None = None  # followup.incremental: the start/organisation pages' record
    site_listing: dict[str, list[int]] | None = None  # followup.incremental: the assembled site's files
    kept_back: list["KeptBack"] = field(default_factory=list)  # reports with errors, not updated
    nothing_changed: bool = False  # a no-op: site/ was already built from these inputs
    recorded_state: Any = None  # the state the manifest records (differs from the inputs when kept back)


@dataclass
class KeptBack:
    """A report whose errors kept it from being updated: its published version stays on the site
    (`published`), or, never published before, it is left out."""

    key: tuple[str, str]
    problems: list[Problem]
    published: bool

    @property
    def name(self) -> str:
        return f"{self.key[0]}/{self.key[1]}"


def build_site(
    root: Path,
    *,
    site_dir: Path | None = None,
    config_file: Path | None = None,
    strict: bool = False,
    jobs: int | None = None,
    reporter: Any = None,
    drafts: bool = False,
    everything: bool = False,
) -> BuildResult:
    """Load, compute, chart, render and publish. Raises DataErrors (data problems),
    BuildLocked or PublishError; `site/` is untouched unless everything succeeded.
    `reporter` (followup.console.Reporter) shows progress; None prints nothing.

    Reports with status `utkast` are left out unless `drafts`, reports with `publish: false`
    always (`everything`, for the preview, shows every report). A report with errors does not stop
    the build when the published site was built by the same code: its published version is kept
    (or, never published, it is left out) and listed in `BuildResult.kept_back`."""
    if reporter is None:
        reporter = NullReporter()
    root = Path(root).resolve()
    site = Path(site_dir) if site_dir else root / "site"
    if not site.is_absolute():
        site = root / site
    if config_file is None:
        # A data-only project (no mkdocs.yml of its own) uses the tool's configuration and theme.
        config_file = config_file_for(root)
    config_file = Path(config_file)

    check_site_dir(root, site)
    check_cache_dir(root)
    site.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(site.parent, root):
        recover(site.parent, site)
        # Nothing changed since the last successful build (followup.incremental): keep site/ as is.
        from followup.build import incremental

        version = data_version(root)
        options: tuple[Any, ...] = (strict, version.label, version.epoch)
        if drafts or everything:  # the options of earlier builds stay as they were
            options += ("utkast" if not everything else "alla",)
        state = incremental.current_state(root, config_file, options=options)
        cached = incremental.unchanged(root, site, state)
        if cached is not None:
            problems = [Problem(**p) for p in cached.problems]
            return BuildResult(site, cached.pages, problems, reports=cached.reports, charts=cached.charts, nothing_changed=True)
        # Only some reports changed: load, chart and render those, reuse the rest (incremental.plan).
        plan = incremental.plan(root, site, state)
        # The published build, for keeping a broken report's published pages (None: no such build).
        previous = plan if plan is not None else incremental.plan(root, site, state, allow_empty=True)
        selection: dict[str, Any] = {"drafts": drafts, "everything": everything, "site": site}
        if plan is None or plan.changed:
            charts.start_workers(jobs)  # warming up while the data is read
        tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=site.parent))
        try:
            try:
                result = _build_into(
                    root,
                    tmp,
                    config_file,
                    strict=strict,
                    jobs=jobs,
                    reporter=reporter,
                    plan=plan,
                    state=state,
                    previous=previous,
                    **selection,
                )
            except incremental.PartialBuildFailed:  # an inconsistent cache: build everything
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir()
                result = _build_into(
                    root,
                    tmp,
                    config_file,
                    strict=strict,
                    jobs=jobs,
                    reporter=reporter,
                    plan=None,
                    state=state,
                    **selection,
                )
            recorded = result.recorded_state or state
            # Recorded before the swap (renaming keeps the files' sizes and mtimes): a manifest whose
            # listing does not match site/ only ever means a full build next time.
            with contextlib.suppress(OSError):  # without a manifest the next build is a full one
                incremental.save_records(root, recorded, result.records)
                incremental.record(
                    root,
                    site,
                    recorded,
                    incremental.CachedResult(result.pages, result.reports, result.charts, [asdict(p) for p in result.problems]),
                    page_keys=result.page_keys,
                    listing_of=tmp / "site",
                    site_pages=result.site_pages,
                    listing=result.site_listing,
                )
            swap_into_place(tmp / "site", site)
            result.site_dir = site
            return result
        finally:
            charts.stop_workers()
            shutil.rmtree(tmp, ignore_errors=True)


def _build_into(
    root: Path,
    tmp: Path,
    config_file: Path,
    *,
    strict: bool,
    jobs: int | None,
    reporter: Any,
    plan: Any = None,
    state: Any = None,
    previous: Any = None,
    drafts: bool = False,
    everything: bool = False,
    site: Path | None = None,
) -> BuildResult:
    """The pipeline into tmp/site. With an incremental `plan`, only its changed reports are loaded,
    charted and rendered, and MkDocs builds only the pages that changed (followup.incremental).
    `previous`: the published build's plan (followup.incremental.plan with allow_empty), which
    lets a report with errors keep its published pages."""
    with reporter.stage("Läser och kontrollerar data"):
        checked = pipeline.read_and_check(root, only=plan.changed if plan is not None else None)
        project, problems = checked.project, checked.problems
        # Drafts and reports with `publish: false` are not built; their problems are `check`'s business.
        hidden = {
            (b.org_id, b.report_id) for b in project.reports if not pipeline.is_published(b, drafts=drafts, everything=everything)
        }
        if hidden:
            project.reports = [b for b in project.reports if (b.org_id, b.report_id) not in hidden]
            problems = [p for p in problems if pipeline.report_of_path(p.path) not in hidden]
    if strict:
        problems = [
            Problem(p.path, p.line, p.column, p.message, "error", p.hint) if p.severity == "warning" else p for p in problems
        ]
    kept_back: list[KeptBack] = []
    if has_errors(problems):
        plan, kept_back, problems = _keep_back_broken_reports(project, problems, plan, previous, state)
    if plan is not None:
        project.reports.extend(record.bundle for record in plan.reused.values())
        project.reports.sort(key=lambda b: (b.org_id, b.report_id))  # the loader's order
        problems = plan.merge_problems(problems)
    # Site-wide: checked on every build, full or partial, against every report published.
    site_wide = organisation.check_accessibility_contacts(project, publishing=True)
    if has_errors(site_wide):
        raise DataErrors(sorted_unique([*problems, *site_wide]))
    problems = sorted_unique([*problems, *site_wide])

    version = data_version(root)
    docs = tmp / "docs"
    factory = incremental.renderer_factory(plan, state.code if state is not None else "", root)
    # Each rendered report's changes since its earlier publications (build/history.py: git, or the site's records)
    fresh = [b for b in project.reports if plan is None or (b.org_id, b.report_id) not in plan.reused]
    report_changes, change_records = history.report_history(root, site, fresh)
    rendered = render.render_project(
        project,
        docs,
        version=version,
        jobs=jobs,
        reporter=reporter,
        factory=factory,
        summaries=checked.summaries,
        changes=report_changes,
    )
    for rel, text in change_records.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    if any(p.severity == "error" for p in rendered.problems):
        raise DataErrors([*problems, *rendered.problems])
    renderer = rendered.renderer
    partial = None
    if plan is not None:
        partial = incremental.MkDocsPartial(plan, renderer.page_keys, set(renderer.reused_files))

    with reporter.stage("MkDocs"):
        try:
            run_mkdocs(
                config_file,
                docs,
                tmp / "site",
                extra={"followup": {"pages": rendered.page_info, "version": version.label}},
                epoch=version.epoch,
                prepare=partial.prepare if partial is not None else None,
            )
            if partial is not None:
                partial.assemble(tmp / "site")
        except (OSError, RuntimeError) as exc:
            if partial is None:
                raise
            raise incremental.PartialBuildFailed(str(exc)) from exc
    warnings = [p for p in [*problems, *rendered.problems] if p.severity == "warning"]
    result = BuildResult(tmp / "site", len(rendered.page_info), warnings, reports=len(project.reports), charts=rendered.charts)
    result.page_keys = renderer.page_keys
    result.records = renderer.records
    recorded = _recorded_state(state, kept_back, plan)
    result.site_pages = renderer.site_pages_record(recorded.cards if recorded is not None else {})
    result.site_listing = partial.listing if partial is not None else None
    result.kept_back = kept_back
    result.recorded_state = recorded
    return result


def _keep_back_broken_reports(
    project: Any, problems: list[Problem], plan: Any, previous: Any, state: Any
) -> tuple[Any, list[KeptBack], list[Problem]]:
    """Take the reports with errors out of the build: (plan, kept back, the other problems).

    A report published by the last build keeps its published pages (its record is reused, so its
    files are linked from the published site byte for byte); a report never published is left out.
    Raises DataErrors (nothing is published) for errors located in no report, and when a broken
    report is published but its pages cannot be kept (no compatible published build: another
    version of the tool, other options, or site/ changed by hand)."""
    keys = {(b.org_id, b.report_id) for b in project.reports}
    if state is not None:
        keys |= {tuple(name.split("/", 1)) for name in state.reports}
    if plan is not None:
        keys |= set(plan.reused)
    broken, general = pipeline.errors_by_report(problems, keys)
    if general or previous is None:
        raise DataErrors(problems)
    if plan is None:
        plan = previous  # every report was loaded: the plan's `changed` is every report
    kept: list[KeptBack] = []
    for key in sorted(broken):
        if previous.was_published(key):
            record = previous.published_record(key)
            if record is None:
                raise DataErrors(problems)
            plan.keep_published(key, record)
            kept.append(KeptBack(key, broken[key], True))
        else:
            plan.changed.discard(key)
            plan.reused.pop(key, None)
            kept.append(KeptBack(key, broken[key], False))
    held = {k.key for k in kept}
    project.reports = [b for b in project.reports if (b.org_id, b.report_id) not in held]
    rest = [p for p in problems if not any(p in k.problems for k in kept)]
    rest = [p for p in rest if pipeline.report_of_path(p.path) not in held]
    return plan, kept, rest


def _recorded_state(state: Any, kept_back: list[KeptBack], plan: Any) -> Any:
    """The state the manifest records: with reports kept back, the published digests of those
    reports (so the next build loads and checks them again) and inputs that never match (so the
    next build is never a no-op that hides their errors)."""
    if state is None or not kept_back:
        return state
    from dataclasses import replace

    reports, cards = dict(state.reports), dict(state.cards)
    for k in kept_back:
        if k.published and plan is not None:
            reports[k.name] = plan.previous_reports.get(k.name, "")
            cards[k.name] = plan.previous_cards.get(k.name, "")
        else:
            reports.pop(k.name, None)
            cards.pop(k.name, None)
    return replace(state, inputs=state.inputs + "\0kept-back", reports=reports, cards=cards)


def run_build(args: Any, report_problems: Any) -> int:
    """The `build` command (followup.cli): build, print warnings and a one-line result."""
    import signal
    import threading

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt  # unwinds through the cleanup in build_site

    reporter = Reporter.from_args(args)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, on_term)
    try:
        result = build_site(
            Path(args.root),
            site_dir=args.site_dir,
            strict=args.strict,
            jobs=args.jobs,
            reporter=reporter,
            drafts=getattr(args, "utkast", False),
        )
    except BuildLocked as exc:
        sys.stderr.write(f"build.py build: {exc}\n")
        return 1
    except SiteDirRefused as exc:
        sys.stderr.write(f"build.py build: fel: {exc}. Ingenting ändrades.\n")
        return 2
    except PublishError as exc:
        sys.stderr.write(f"build.py build: {exc}\nThe published site was left unchanged.\n")
        return 1
    except DataErrors as exc:
        code = report_problems(exc.problems, fmt=args.format, strict=args.strict)
        sys.stderr.write("The published site was left unchanged.\n")
        return code or 1
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    if result.problems and not getattr(args, "quiet", False):
        report_problems(result.problems, fmt=args.format, strict=False, stream=sys.stderr)
    try:
        shown = result.site_dir.relative_to(Path(args.root).resolve())
    except ValueError:
        shown = result.site_dir
    if result.nothing_changed:
        reporter.detail(
            f"Inget har ändrats sedan förra bygget: data, innehåll, mallar, verktygets kod och "
            f"inställningar är desamma och {shown.as_posix()}/ är som det bygget lämnade den, "
            "så webbplatsen lämnades orörd."
        )
    if result.kept_back:
        held = [p for k in result.kept_back for p in k.problems]
        report_problems(sorted(set(held), key=Problem.sort_key), fmt=args.format, strict=args.strict)
    reporter.summary(
        reports=result.reports,
        pages=result.pages,
        charts=result.charts,
        warnings=len(result.problems),
        errors=0,
        output=shown.as_posix() + "/",
    )
    for k in result.kept_back:
        count = f"{len(k.problems)} fel"
        if k.published:
            reporter.error(
                f"{k.name} uppdaterades inte på grund av {count} (se ovan); "
                "den senast publicerade versionen ligger kvar på webbplatsen."
            )
        else:
            reporter.error(f"{k.name} publicerades inte på grund av {count} (se ovan); den har aldrig publicerats.")
    return 1 if result.kept_back else 0
