"""The pipeline, in the order it runs: load → check → compute → charts → pages → MkDocs → publish.

Two functions state the order, top to bottom. `read_and_check` is the first half (what
`build.py check` runs, through `check_project`): read every file into the model, apply the rules,
compute the summaries and check every stated number and every reference against them.
`build_into` is a whole build into a folder: `read_and_check`, leave out drafts, keep back reports
with errors (followup.build.keepback), the site-wide checks, each report's history, charts and pages
(followup.site.render), MkDocs. `build_site` (followup.build.publish) wraps it in the lock, the
incremental plan, the records and the atomic swap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followup.build import history, incremental
from followup.build.keepback import KeptBack, keep_back_broken_reports, recorded_state, report_of_path
from followup.build.mkdocs_run import run_mkdocs
from followup.build.versions import DataVersion, DataVersions, data_version
from followup.charts.limits import limit_problems
from followup.charts.report import build_charts
from followup.check import across_reports, numbers, organisation, rules
from followup.compute import crosschecks, stated
from followup.compute.keyfigure_units import check_key_figure_units
from followup.compute.report import summarize
from followup.compute.summaries import ReportSummary
from followup.errors import DataErrors, Problem, has_errors, sorted_unique
from followup.i18n import _
from followup.load.loader import load_project
from followup.project import Project, ReportBundle
from followup.site import references, render

ReportKey = tuple[str, str]


@dataclass
class CheckedProject:
    """What the first half of the pipeline hands on: the model, every problem, the summaries."""

    project: Project
    problems: list[Problem]
    summaries: dict[ReportKey, ReportSummary] = field(default_factory=dict)


def read_and_check(root: Path, *, only: set[ReportKey] | None = None) -> CheckedProject:
    """load → check → compute, with the checks that need computed values; never raises for bad data.

    A report whose numbers are unusable (NaN, infinity, absurd magnitudes: reported by the rules)
    gets no summary: sums of such numbers mean nothing.
    """
    project, problems = load_project(root, only=only)  # load
    problems.extend(rules.validate_project(project))  # check
    problems.extend(across_reports.check_restated_values(project))  # check: an organisation's reports agree
    summaries: dict[ReportKey, ReportSummary] = {}
    for bundle in project.reports:
        if numbers.has_unusable_numbers(bundle):
            continue
        summary = summarize(bundle)  # compute
        summaries[(bundle.org_id, bundle.report_id)] = summary
        problems.extend(_checks_on_computed_values(bundle, summary))
    return CheckedProject(project, sorted_unique(problems), summaries)


def check_project(root: Path, *, only: set[ReportKey] | None = None) -> tuple[Project, list[Problem]]:
    """Every problem `build` would find, without building: (project, problems)."""
    checked = read_and_check(root, only=only)
    problems = checked.problems + organisation.check_accessibility_contacts(checked.project, publishing=False)
    return checked.project, sorted_unique(problems)


def _checks_on_computed_values(bundle: ReportBundle, summary: ReportSummary) -> list[Problem]:
    """Stated numbers against the computed ones, and `{{ … }}` references against what exists."""
    found = stated.problems_from(crosschecks.check_all(bundle, summary))
    found.extend(check_key_figure_units(bundle, summary))
    chart_ids = references.report_chart_ids(bundle, summary)
    found.extend(references.check_references(bundle, summary, chart_ids, bundle.root))
    if not bundle.invalid_files:  # the chart list needs every file valid
        found.extend(limit_problems(bundle, build_charts(bundle, summary)))  # charts too big to draw
    return found


# --- a whole build into a folder ------------------------------------------------------------------


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
    kept_back: list[KeptBack] = field(default_factory=list)  # reports with errors, not updated
    nothing_changed: bool = False  # a no-op: site/ was already built from these inputs
    recorded_state: Any = None  # the state the manifest records (differs from the inputs when kept back)
    chart_keys: set[str] = field(default_factory=set)  # the chart cache's keys of every chart on the site


def build_into(
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
    only: set[ReportKey] | None = None,
    drafts: bool = False,
    everything: bool = False,
    site: Path | None = None,
) -> BuildResult:
    """The order of a build into tmp/site (tmp/docs: the pages MkDocs reads). Raises DataErrors.

    With an incremental `plan`, only its changed reports are loaded, charted and rendered, and
    MkDocs builds only the pages that changed (followup.incremental); `previous`, the published
    build's plan (followup.incremental.plan with allow_empty), lets a report with errors keep its
    published pages. `only`: the reports of a shard."""
    with reporter.stage(_("Läser och kontrollerar data")):
        checked = read_and_check(root, only=plan.changed if plan is not None else only)  # load → check → compute
        project, problems = _leave_out_unpublished(checked, drafts=drafts, everything=everything)
    problems = _warnings_as_errors(problems) if strict else problems
    plan, kept_back, problems = keep_back_broken_reports(project, problems, plan, previous, state)  # their published pages stay
    # A kept-back report is its published version from here on, under its published digest; the next
    # build checks it again.
    recorded = recorded_state(state, kept_back, plan)
    problems = _add_reused_reports(project, problems, plan)  # a partial build: the unchanged reports as published
    problems = _check_site_wide(project, problems)  # on every build, full or partial, against every report published
    versions = versions if versions is not None else DataVersions(data_version(root))  # shown on the pages
    changes = history.report_history(root, plan.site if plan is not None else site, _fresh(project, plan))  # "Ändringar"
    rendered = _render(root, project, tmp / "docs", checked, versions, changes, plan, recorded, jobs, reporter)  # charts → pages
    _stop_on_page_errors(problems, rendered)  # a template or page failure: nothing is published
    partial = _run_mkdocs(config_file, tmp, rendered, versions.site, plan, reporter)
    return _result(tmp / "site", project, problems, rendered, partial, kept_back, recorded)


def _leave_out_unpublished(checked: CheckedProject, *, drafts: bool, everything: bool) -> tuple[Project, list[Problem]]:
    """Drafts and reports with `publish: false` are not built; their problems are `check`'s business."""
    project, problems = checked.project, checked.problems
    hidden = {(b.org_id, b.report_id) for b in project.reports if not is_published(b, drafts=drafts, everything=everything)}
    if hidden:
        project.reports = [b for b in project.reports if (b.org_id, b.report_id) not in hidden]
        problems = [p for p in problems if report_of_path(p.path) not in hidden]
    return project, problems


def _warnings_as_errors(problems: list[Problem]) -> list[Problem]:
    """`build --strict`: every warning is an error."""
    return [Problem(p.path, p.line, p.column, p.message, "error", p.hint) if p.severity == "warning" else p for p in problems]


def _add_reused_reports(project: Project, problems: list[Problem], plan: Any) -> list[Problem]:
    """A partial build's unchanged reports (their records) join the loaded ones, with their problems."""
    if plan is None:
        return problems
    project.reports.extend(record.bundle for record in plan.reused.values())
    project.reports.sort(key=lambda b: (b.org_id, b.report_id))  # the loader's order
    return plan.merge_problems(problems)


def _check_site_wide(project: Project, problems: list[Problem]) -> list[Problem]:
    """The checks on the published site as a whole; an error there stops the build (DataErrors)."""
    site_wide = organisation.check_accessibility_contacts(project, publishing=True)
    if has_errors(site_wide):
        raise DataErrors(sorted_unique([*problems, *site_wide]))
    return sorted_unique([*problems, *site_wide])


def _fresh(project: Project, plan: Any) -> list[ReportBundle]:
    """The reports this build renders (not reused from the published build)."""
    return [b for b in project.reports if plan is None or (b.org_id, b.report_id) not in plan.reused]


def _render(
    root: Path,
    project: Project,
    docs: Path,
    checked: CheckedProject,
    versions: DataVersions,
    changes: Any,
    plan: Any,
    state: Any,
    jobs: int | None,
    reporter: Any,
) -> render.RenderedSite:
    """Charts and pages into `docs` (followup.site.render), by a renderer that reuses a partial
    build's unchanged reports and records what it renders (followup.incremental)."""
    factory = incremental.renderer_factory(
        plan, state.code if state is not None else "", root, state.reports if state is not None else None
    )
    return render.render_project(
        project,
        docs,
        version=versions.site,
        report_versions=versions.of,
        jobs=jobs,
        reporter=reporter,
        factory=factory,
        summaries=checked.summaries,
        changes=changes,
    )


def _stop_on_page_errors(problems: list[Problem], rendered: render.RenderedSite) -> None:
    """An error found while rendering (a template, a page) stops the build with every problem."""
    if any(p.severity == "error" for p in rendered.problems):
        raise DataErrors([*problems, *rendered.problems])


def _run_mkdocs(
    config_file: Path, tmp: Path, rendered: render.RenderedSite, version: DataVersion, plan: Any, reporter: Any
) -> Any:
    """MkDocs from tmp/docs into tmp/site; a partial build's MkDocs builds only the changed pages and
    assembles the rest from the published site (returned: its MkDocsPartial, else None). A partial
    build that fails raises PartialBuildFailed (followup.build.publish then builds everything)."""
    renderer = rendered.renderer
    partial = None
    if plan is not None:
        partial = incremental.MkDocsPartial(plan, renderer.page_keys, set(renderer.reused_files))
    with reporter.stage("MkDocs"):
        try:
            run_mkdocs(
                config_file,
                tmp / "docs",
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
    return partial


def _result(
    built: Path,
    project: Project,
    problems: list[Problem],
    rendered: render.RenderedSite,
    partial: Any,
    kept_back: list[KeptBack],
    recorded: Any,
) -> BuildResult:
    """What the build made: counts and warnings for the command, records for the next build."""
    renderer = rendered.renderer
    warnings = [p for p in [*problems, *rendered.problems] if p.severity == "warning"]
    result = BuildResult(built, len(rendered.page_info), warnings, reports=len(project.reports), charts=rendered.charts)
    result.page_keys = renderer.page_keys
    result.records = renderer.records
    result.chart_keys = renderer.chart_keys
    result.site_pages = renderer.site_pages_record(recorded.cards if recorded is not None else {})
    result.site_listing = partial.listing if partial is not None else None
    result.kept_back = kept_back
    result.recorded_state = recorded
    return result


# --- which reports a build publishes ---------------------------------------------------------------


def is_published(bundle: ReportBundle, *, drafts: bool = False, everything: bool = False) -> bool:
    """Whether a loaded report goes on the site: not with `publish: false`, and a draft (`utkast`)
    only with `drafts` (`build --utkast`); `everything` (the preview of `serve`) shows all."""
    report = getattr(bundle, "report", None)
    if everything or report is None:
        return True
    if not getattr(report, "publish", True):
        return False
    return drafts or report.status != "utkast"


def parse_report_key(text: str) -> ReportKey | None:
    """ "ORGANISATION/RAPPORT" -> (org, report); None when not of that form."""
    parts = text.strip().strip("/").split("/")
    if len(parts) != 2 or not all(parts):
        return None
    return parts[0], parts[1]
