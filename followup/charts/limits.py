"""How much a chart can show: charts degrade, never crash the build.

Vega (inside vl-convert) fails deep in its expression parser ("Maximum call stack size exceeded")
on a chart with ~2 000 ordered rows, and long before that a chart is unreadable and slow: 300
rows in one grid took 3,8 s to render and gave a 13 000 pixel tall picture (measured). (Goals have
no chart: their table says it all, see charts.rule.) So:

* a chart whose data table has more than `MAX_CHART_ROWS` rows is not drawn: the page shows its
  table and its CSV instead, with a located warning;
* a report draws at most `MAX_CHARTS` charts (each takes ~0,2 s to render): the others are shown
  as tables, with one located warning;
* a chart that vl-convert still cannot render (`ChartSpec.failed`, set by charts.render) is shown
  as its table too, with a located warning (`render_problems`).

The warnings come from `limit_problems`, which the pipeline runs in `check` as well as in
`build`, so `check --strict` fails exactly when `build --strict` does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from followup.charts.spec import ChartSpec
from followup.errors import Problem
from followup.i18n import _
from followup.model.formatting import format_number

if TYPE_CHECKING:  # pragma: no cover
    from followup.project import ReportBundle

#: Rows of a chart's data table above which the chart is not drawn.
MAX_CHART_ROWS = 300
#: Charts drawn per report; the others are shown as their tables.
MAX_CHARTS = 200


def _count(n: int) -> str:
    return format_number(n, 0).replace("\u00a0", " ")


def apply_limits(charts: Sequence[ChartSpec]) -> None:
    """Mark the charts that are not drawn (`omitted`, with the reason shown on the page)."""
    drawn = 0
    for chart in charts:
        if len(chart.table.rows) > MAX_CHART_ROWS:
            chart.omitted = (
                f"Diagrammet visas inte: det skulle få {_count(len(chart.table.rows))} rader, "
                f"fler än de {_count(MAX_CHART_ROWS)} som går att läsa i ett diagram. Tabellen visar alla värden."
            )
        elif drawn >= MAX_CHARTS:
            chart.omitted = (
                f"Diagrammet visas inte: rapporten har fler än {_count(MAX_CHARTS)} diagram. Tabellen visar alla värden."
            )
        else:
            drawn += 1
            continue
        chart.alt_text = f"{chart.omitted} {chart.alt_text}"


def _locate(bundle: "ReportBundle", chart: ChartSpec, message: str) -> Problem:
    """A warning at the data the chart is drawn from (its subject), else at report.yaml."""
    subject = chart.subject or ""
    kind, _, ident = subject.partition(".")
    if kind == "goals" and bundle.goals is not None:
        return bundle.problem("goals.yaml", ("perspectives",), message, severity="warning", at_key=True)
    if kind == "deliverables" and bundle.deliverables is not None:
        return bundle.problem("deliverables.yaml", (), message, severity="warning")
    if kind == "indicators" and bundle.indicators is not None:
        for index, indicator in enumerate(bundle.indicators.indicators):
            if indicator.id == ident:
                return bundle.problem("indicators.yaml", ("indicators", index), message, severity="warning")
    if kind == "surveys" and bundle.surveys is not None:
        for index, survey in enumerate(bundle.surveys.surveys):
            if survey.id == ident:
                return bundle.problem("surveys.yaml", ("surveys", index), message, severity="warning")
    if kind == "tables":
        source = bundle.table_source(ident)
        if source is not None:
            return bundle.problem(source[0], source[1], message, severity="warning")
    return bundle.problem("report.yaml", (), message, severity="warning")


def limit_problems(bundle: "ReportBundle", charts: Sequence[ChartSpec]) -> list[Problem]:
    """Located warnings for the charts `apply_limits` left out (one for the per-report cap)."""
    found: list[Problem] = []
    capped = [c for c in charts if c.omitted is not None and len(c.table.rows) <= MAX_CHART_ROWS]
    for chart in charts:
        if chart.omitted is not None and len(chart.table.rows) > MAX_CHART_ROWS:
            found.append(
                _locate(
                    bundle,
                    chart,
                    _(
                        "diagrammet '{title}' ritas inte: det skulle få {rows} rader (högst {limit}); sidan visar tabellen "
                        "i stället. Dela upp uppgifterna om du vill ha ett diagram"
                    ).format(title=chart.title, rows=_count(len(chart.table.rows)), limit=_count(MAX_CHART_ROWS)),
                )
            )
    if capped:
        found.append(
            _locate(
                bundle,
                capped[0],
                _(
                    "rapporten har {charts} diagram; högst {limit} ritas, så {capped} visas bara som tabeller (från "
                    "'{title}'). Dela upp rapporten om alla ska ritas"
                ).format(charts=_count(len(charts)), limit=_count(MAX_CHARTS), capped=_count(len(capped)), title=capped[0].title),
            )
        )
    return found


def render_problems(bundle: "ReportBundle", charts: Sequence[ChartSpec]) -> list[Problem]:
    """Located warnings for the charts vl-convert could not render (shown as tables)."""
    return [
        _locate(
            bundle,
            chart,
            _("diagrammet '{title}' kunde inte ritas ({failed}); sidan visar tabellen i stället").format(
                title=chart.title, failed=chart.failed
            ),
        )
        for chart in charts
        if chart.failed is not None
    ]
