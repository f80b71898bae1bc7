"""Publish the site: build into a temporary folder beside `site/` and swap it in atomically.

`build_site` states the order of publishing: take the lock → what the build is made from
(followup.build.state) → nothing changed since the last build: done → plan which reports to rebuild
(followup.build.records) → `pipeline.build_into` (load → check → compute → keep back → charts →
pages → MkDocs, into the temporary folder; a failed partial build is tried again in full) → record
the manifest → swap the folder into place as `site/` → prune `.cache/` (the lock and the swap:
followup.build.sitefolder). `run_build` is the `build` command around it.

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
  set from the data version's commit date for MkDocs (sitemap.xml.gz's gzip header), and pages
  show the data version instead of a build time: a report's pages the last commit that touched
  its own files (followup.build.versions).
"""

from __future__ import annotations

import contextlib
import functools
import shutil
import sys
import tempfile
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

from followup.build import incremental, pipeline, shards
from followup.build.keepback import KeptBack  # noqa: F401 - re-exported: the build's API
from followup.build.mkdocs_run import PublishError, run_mkdocs  # noqa: F401 - re-exported
from followup.build.pipeline import BuildResult
from followup.build.sitefolder import (  # noqa: F401 - re-exported: the build's API
    LOCK_NAME,
    OLD_PREFIX,
    TMP_PREFIX,
    BuildLocked,
    SiteDirRefused,
    build_lock,
    check_cache_dir,
    check_site_dir,
    recover,
    swap_into_place,
)
from followup.build.versions import UNKNOWN_VERSION, DataVersion, DataVersions, data_version, data_versions  # noqa: F401 - re-exported
from followup.charts import render as charts
from followup.config import config_file_for
from followup.console import NullReporter, Reporter
from followup.errors import DataErrors, Problem
from followup.i18n import _

# --- publishing a build ---------------------------------------------------------------------


def build_options(strict: bool, *, drafts: bool = False, everything: bool = False) -> tuple[Any, ...]:
    """The options a build's state records (a build with other options rebuilds everything)."""
    options: tuple[Any, ...] = (strict,)
    if drafts or everything:  # the options of earlier builds stay as they were
        options += ("utkast" if not everything else "alla",)
    return options


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
    shard: tuple[int, int] | None = None,
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
    root, site, config_file = _paths(root, site_dir, config_file)
    check_site_dir(root, site)
    check_cache_dir(root)
    site.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(site.parent, root):
        recover(site.parent, site)  # an interrupted swap of an earlier build
        options = build_options(strict, drafts=drafts, everything=everything)
        state, versions, only = _current_state(root, config_file, options, shard)
        cached = incremental.unchanged(root, site, state)
        if cached is not None:  # nothing changed since the last successful build: site/ stays as it is
            return _nothing_changed(site, cached)
        plan, previous = _plan(root, site, state)
        if plan is None or plan.changed:
            charts.start_workers(jobs)  # warming up while the data is read
        tmp = Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=site.parent))
        # build_into with what every attempt shares (a failed partial build is tried again in full).
        build_into_tmp = functools.partial(
            pipeline.build_into,
            root,
            tmp,
            config_file,
            strict=strict,
            jobs=jobs,
            reporter=reporter,
            state=state,
            versions=versions,
            only=only,
            drafts=drafts,
            everything=everything,
            site=site,
        )
        try:
            result = _build_or_build_everything(build_into_tmp, tmp, plan, previous)
            recorded = result.recorded_state or state
            _record(root, site, tmp, recorded, result)  # before the swap: see _record
            swap_into_place(tmp / "site", site)
            result.site_dir = site
            _keep_cache(root, site, recorded, result)
            return result
        finally:
            try:
                charts.stop_workers()  # up to seconds: a Ctrl-C arriving now must not skip the clean-up
            finally:
                shutil.rmtree(tmp, ignore_errors=True)


def _paths(root: Path, site_dir: Path | None, config_file: Path | None) -> tuple[Path, Path, Path]:
    """The project's root, the site folder (relative to the root) and the MkDocs configuration."""
    root = Path(root).resolve()
    site = Path(site_dir) if site_dir else root / "site"
    if not site.is_absolute():
        site = root / site
    if config_file is None:
        # A data-only project (no mkdocs.yml of its own) uses the tool's configuration and theme.
        config_file = config_file_for(root)
    return root, site, Path(config_file)


def _current_state(
    root: Path, config_file: Path, options: tuple[Any, ...], shard: tuple[int, int] | None
) -> tuple[Any, DataVersions, set[tuple[str, str]] | None]:
    """What this build is made from (followup.build.state), the data versions the pages show and,
    for `build --shard`, the reports it builds: (state, versions, only)."""
    found: list[DataVersions] = []

    def versions(digests: dict[str, str]) -> DataVersions:
        found.append(data_versions(root, digests))
        return found[-1]

    # The data versions shown on the pages are part of the state (per report and site-wide),
    # not of the options: a commit that changes one report rebuilds only that report.
    state = incremental.current_state(root, config_file, options=options, versions=versions)
    only = None
    if shard is not None:  # the organisations of shard i of n (followup.build.shards)
        mine = shards.shard_reports(state.reports, shard)
        only = {(key.split("/", 1)[0], key.split("/", 1)[1]) for key in mine}
        state = replace(
            state,
            inputs=f"{state.inputs}\0shard {shard[0]}/{shard[1]}",  # never taken for a whole build
            reports={k: v for k, v in state.reports.items() if k in mine},
            cards={k: v for k, v in state.cards.items() if k in mine},
        )
    return state, found[-1], only


def _nothing_changed(site: Path, cached: Any) -> BuildResult:
    """The result of a no-op build: the last build's counts and warnings."""
    problems = [Problem(**p) for p in cached.problems]
    return BuildResult(site, cached.pages, problems, reports=cached.reports, charts=cached.charts, nothing_changed=True)


def _plan(root: Path, site: Path, state: Any) -> tuple[Any, Any]:
    """Which reports to load, chart and render, reusing the rest (None: every report), and the
    published build, for keeping a broken report's published pages (None: no such build)."""
    plan = incremental.plan(root, site, state)
    previous = plan if plan is not None else incremental.plan(root, site, state, allow_empty=True)
    return plan, previous


def _build_or_build_everything(build_into_tmp: Any, tmp: Path, plan: Any, previous: Any) -> BuildResult:
    """The build into tmp/site (followup.build.pipeline.build_into); a partial build that fails
    (an inconsistent cache) is tried again as a full one."""
    try:
        return build_into_tmp(plan=plan, previous=previous)
    except incremental.PartialBuildFailed:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        return build_into_tmp(plan=None)


def _record(root: Path, site: Path, tmp: Path, recorded: Any, result: BuildResult) -> None:
    """The manifest and the reports' records, for the next build. Recorded before the swap (renaming
    keeps the files' sizes and mtimes): a manifest whose listing does not match site/ only ever
    means a full build next time."""
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


def _keep_cache(root: Path, site: Path, recorded: Any, result: BuildResult) -> None:
    """Keep in .cache/ exactly what the next build needs to reuse this one, also in a fresh clone
    without site/ (CI): a snapshot of the site (hard links), the records of the reports on it and
    the SVGs of their charts; everything else there is removed (it would grow with every commit)."""
    if incremental.site_id(root, site).startswith("project:"):  # not for a preview's temporary folder
        with contextlib.suppress(OSError):
            incremental.keep_snapshot(root, site)
    with contextlib.suppress(OSError):
        incremental.prune_records(root, recorded.code, recorded.reports)
    with contextlib.suppress(OSError):
        charts.prune_cache(root / ".cache" / "charts", result.chart_keys)


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
            shard=getattr(args, "shard", None),
        )
    except BuildLocked as exc:
        sys.stderr.write(f"build.py build: {exc}\n")
        return 1
    except SiteDirRefused as exc:
        sys.stderr.write("build.py build: " + _("fel: {error}. Ingenting ändrades.").format(error=exc) + "\n")
        return 2
    except PublishError as exc:
        sys.stderr.write(f"build.py build: {exc}\n" + _("Den publicerade webbplatsen lämnades orörd.") + "\n")
        return 1
    except DataErrors as exc:
        code = report_problems(exc.problems, fmt=args.format, strict=args.strict)
        sys.stderr.write(_("Den publicerade webbplatsen lämnades orörd.") + "\n")
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
            _(
                "Inget har ändrats sedan förra bygget: data, innehåll, mallar, verktygets kod och inställningar är desamma "
                "och {path}/ är som det bygget lämnade den, så webbplatsen lämnades orörd."
            ).format(path=shown.as_posix())
        )
    held = sorted({p for k in result.kept_back for p in k.problems}, key=Problem.sort_key)
    if held:
        report_problems(held, fmt=args.format, strict=args.strict)
    reporter.summary(
        reports=result.reports,
        pages=result.pages,
        charts=result.charts,
        warnings=len(result.problems),
        errors=len(held),  # the errors that kept reports back (the other reports were published)
        output=shown.as_posix() + "/",
    )
    for k in result.kept_back:
        count = f"{len(k.problems)} fel"
        if k.published:
            reporter.error(
                _(
                    "{name} uppdaterades inte på grund av {count} (se ovan); den senast publicerade versionen ligger kvar "
                    "på webbplatsen."
                ).format(name=k.name, count=count)
            )
        else:
            reporter.error(
                _("{name} publicerades inte på grund av {count} (se ovan); den har aldrig publicerats.").format(
                    name=k.name, count=count
                )
            )
    return 1 if result.kept_back else 0
