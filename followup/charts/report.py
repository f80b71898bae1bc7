"""Every chart of a report, in page order (`build_charts`), and rendering them for a report or a project."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Callable, Sequence

from followup.charts.indicators import indicator_chart
from followup.charts.limits import apply_limits
from followup.charts.render import DEFAULT_CACHE_DIR, PendingCharts, render_charts
from followup.charts.rule import earns_a_chart
from followup.charts.spec import ChartSpec
from followup.charts.surveys import survey_question_chart, survey_respondents_chart
from followup.charts.tables import (
    before_after_chart,
    breakdown_chart,
    budget_chart,
    per_unit_chart,
)
from followup.compute import summaries as compute
from followup.compute.report import summarize

if TYPE_CHECKING:  # pragma: no cover
    from followup.project import ReportBundle


# --- All charts of a report ---------------------------------------------------------------------------


def build_charts(bundle: "ReportBundle", summary: compute.ReportSummary | None = None) -> list[ChartSpec]:
    """Every chart of the report, prepared but not drawn (see render_charts), in page order."""
    if summary is None:
        summary = summarize(bundle)
    charts: list[ChartSpec] = []
    # Which candidates are drawn is decided in one place: charts/rule.py (goals and deliverables never).
    for i in summary.indicators:
        if earns_a_chart("indicator", i):
            charts.append(indicator_chart(bundle, i))
    for s in summary.surveys:
        for index, question in enumerate(s.survey.questions):
            if earns_a_chart("survey_question", s, question.id):
                charts.append(survey_question_chart(bundle, s, index))
        if earns_a_chart("survey_respondents", s):
            charts.append(survey_respondents_chart(bundle, s))
    for t in summary.tables:
        if isinstance(t, compute.BudgetSummary) and earns_a_chart("budget", t):
            charts.append(budget_chart(bundle, t))
        elif isinstance(t, compute.PerUnitSummary) and earns_a_chart("per_unit", t):
            charts.append(per_unit_chart(bundle, t))
        elif isinstance(t, compute.BeforeAfterSummary) and earns_a_chart("before_after", t):
            charts.append(before_after_chart(bundle, t))
        elif isinstance(t, compute.BreakdownSummary) and earns_a_chart("breakdown", t):
            charts.append(breakdown_chart(bundle, t))
    seen: dict[str, int] = {}
    for chart in charts:  # ids unique within the report
        count = seen.get(chart.id, 0)
        seen[chart.id] = count + 1
        if count:
            chart.id = f"{chart.id}-{count + 1}"
    apply_limits(charts)
    return charts


def report_charts(
    bundle: "ReportBundle",
    summary: compute.ReportSummary | None = None,
    *,
    render: bool = True,
    jobs: int | None = None,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
) -> list[ChartSpec]:
    """The report's charts, rendered to SVG (unless render=False)."""
    charts = build_charts(bundle, summary)
    if render:
        render_charts(charts, jobs=jobs, cache_dir=cache_dir)
    return charts


def project_charts(
    bundles: Sequence["ReportBundle"],
    summaries: Sequence[compute.ReportSummary | None] | None = None,
    *,
    jobs: int | None = None,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[str, str], list[ChartSpec]]:
    """Every chart of every report, drawn and rendered in one pool (use this in a build of many reports);
    `progress(done, total)` follows the charts that are rendered (not found in the cache)."""
    summaries = list(summaries) if summaries is not None else [None] * len(bundles)
    result: dict[tuple[str, str], list[ChartSpec]] = {}
    everything: list[ChartSpec] = []
    for bundle, summary in zip(bundles, summaries):
        charts = build_charts(bundle, summary)
        result[(bundle.org_id, bundle.report_id)] = charts
        everything.extend(charts)
    render_charts(everything, jobs=jobs, cache_dir=cache_dir, progress=progress)
    return result


def start_project_charts(
    bundles: Sequence["ReportBundle"],
    summaries: Sequence[compute.ReportSummary | None],
    *,
    jobs: int | None = None,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
) -> tuple[dict[tuple[str, str], list[ChartSpec]], PendingCharts]:
    """Every chart of every report, set rendering in the workers: (charts by report, pending);
    `pending.wait(i)` gives report i's charts rendered (in the order of `bundles`)."""
    result: dict[tuple[str, str], list[ChartSpec]] = {}
    for bundle, summary in zip(bundles, summaries):
        result[(bundle.org_id, bundle.report_id)] = build_charts(bundle, summary)
    return result, PendingCharts(list(result.values()), jobs=jobs, cache_dir=cache_dir)
