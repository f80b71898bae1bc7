"""Publish the site: run MkDocs into a temporary folder beside `site/` and swap it in atomically.

The pipeline (`build_site`): take the lock → nothing changed since the last build: done (or plan
which reports to rebuild) → `_build_into`: load, check and compute (`pipeline.read_and_check`) →
keep back reports with errors → charts and pages (followup.site.render) into a temporary MkDocs
docs_dir → MkDocs (our theme in `templates/theme/`) into a temporary site folder; then record the
manifest and swap that folder into place as `site/` (the lock and the swap: followup.build.sitefolder).

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
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from followup.build import history, incremental, pipeline, shards
from followup.build.mkdocs_run import PublishError, run_mkdocs
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
from followup.check import organisation
from followup.config import config_file_for
from followup.console import NullReporter, Reporter
from followup.errors import DataErrors, Problem, has_errors, sorted_unique
from followup.i18n import _
from followup.site import render

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
    chart_keys: set[str] = field(default_factory=set)  # the chart cache's keys of every chart on the site


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

        found: list[DataVersions] = []

        def versions(digests: dict[str, str]) -> DataVersions:
            found.append(data_versions(root, digests))
            return found[-1]

        # The data versions shown on the pages are part of the state (per report and site-wide),
        # not of the options: a commit that changes one report rebuilds only that report.
        options = build_options(strict, drafts=drafts, everything=everything)
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
        # The pipeline into tmp/site; a partial build that fails is tried again as a full one.
        build_into_tmp = functools.partial(
            _build_into,
            root,
            tmp,
            config_file,
            strict=strict,
            jobs=jobs,
            reporter=reporter,
            state=state,
            versions=found[-1],
            only=only,
            **selection,
        )
        try:
            try:
                result = build_into_tmp(plan=plan, previous=previous)
            except incremental.PartialBuildFailed:  # an inconsistent cache: build everything
                shutil.rmtree(tmp, ignore_errors=True)
                tmp.mkdir()
                result = build_into_tmp(plan=None)
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
            _keep_cache(root, site, recorded, result)
            return result
        finally:
            charts.stop_workers()
            shutil.rmtree(tmp, ignore_errors=True)


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
    versions: DataVersions | None = None,
    only: set[tuple[str, str]] | None = None,
    drafts: bool = False,
    everything: bool = False,
    site: Path | None = None,
) -> BuildResult:
    """The pipeline into tmp/site. With an incremental `plan`, only its changed reports are loaded,
    charted and rendered, and MkDocs builds only the pages that changed (followup.incremental).
    `previous`: the published build's plan (followup.incremental.plan with allow_empty), which
    lets a report with errors keep its published pages."""
    with reporter.stage(_("Läser och kontrollerar data")):
        checked = pipeline.read_and_check(root, only=plan.changed if plan is not None else only)
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

    if versions is None:
        versions = DataVersions(data_version(root))
    version = versions.site
    docs = tmp / "docs"
    factory = incremental.renderer_factory(
        plan, state.code if state is not None else "", root, state.reports if state is not None else None
    )
    # Each rendered report's changes since its earlier publications (build/history.py: git, or the site's records)
    fresh = [b for b in project.reports if plan is None or (b.org_id, b.report_id) not in plan.reused]
    report_changes = history.report_history(root, plan.site if plan is not None else site, fresh)
    rendered = render.render_project(
        project,
        docs,
        version=version,
        report_versions=versions.of,
        jobs=jobs,
        reporter=reporter,
        factory=factory,
        summaries=checked.summaries,
        changes=report_changes,
    )
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
    result.chart_keys = renderer.chart_keys
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
