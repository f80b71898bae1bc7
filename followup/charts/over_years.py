"""Charts of an organisation over the years: an indicator across its reports (drawn like a report's
indicator chart) and a goal's assessment in each report."""

from __future__ import annotations

from typing import Any

from followup.charts import spec, theme
from followup.charts.indicators import PANEL_HEIGHT, _indicator_axis_title, label_above
from followup.charts.spec import ChartSpec, DataTable, Placement, TableColumn
from followup.compute.over_years import GoalYears, IndicatorYears, YearRow
from followup.model.formatting import format_number


def _placement(item: IndicatorYears | GoalYears) -> Placement:
    """Charts over the years are on the page over the years, their ids the indicator's or goal's
    name there (`url_name`), drawn from the indicator or goal (its id in the latest report)."""
    kind = "indicators" if isinstance(item, IndicatorYears) else "goals"
    return Placement(id=item.url_name, page="over_tid", subject=f"{kind}.{item.key}")


def _target_lines(rows: list[YearRow]) -> list[float]:
    """The target values drawn as dashed lines: those on the indicator's scale (a change in percent,
    −20 % since 2009, is no value on the axis)."""
    return [
        t.target_value
        for row in rows
        for _r, t in row.targets
        if t.target_value is not None and t.on_scale
    ]


def indicator_years_chart(ind: IndicatorYears) -> ChartSpec:
    """The indicator's outcome per period (the latest report's value), a panel per group, with the
    target values the reports set drawn as dashed lines."""
    unit, decimals = ind.unit, ind.decimals
    periods = list(dict.fromkeys(row.period for g in ind.groups for row in g.rows if row.value is not None))
    present = [row.value for g in ind.groups for row in g.rows if row.value is not None]
    targets = [value for g in ind.groups for value in _target_lines(g.rows)]
    values = present + targets
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    pad = (high - low) * 0.25 or max(abs(high) * 0.1, 1)
    y_domain = spec.nice_domain(max(0, low - pad) if low >= 0 else low - pad, high + pad)
    panels = []
    for index, group in enumerate(g for g in ind.groups if any(row.value is not None for row in g.rows)):
        lines = sorted(set(_target_lines(group.rows)))
        panels.append(
            {
                "values": [
                    {
                        "period": row.period,
                        "value": row.value,
                        "label": format_number(row.value, decimals),
                        "above": label_above(row.value, lines, y_domain, PANEL_HEIGHT),
                    }
                    for row in group.rows
                    if row.value is not None
                ],
                "colour": theme.SERIES_COLOURS[index % len(theme.SERIES_COLOURS)],
                "shape": theme.SERIES_SHAPES[index % len(theme.SERIES_SHAPES)],
                "targets": lines,
                "missing": [],
                "title": group.label,
            }
        )
    data = {
        "panels": panels,
        "periods": periods,
        "y_domain": y_domain,
        "height": PANEL_HEIGHT,
        "y_title": _indicator_axis_title(ind),
        "format": spec.number_format(unit, present),
    }
    first = ind.groups[0] if ind.groups else None
    shown = [row for row in first.rows if row.value is not None] if first else []
    parts = []
    if len(shown) >= 2:
        parts.append(
            f"{ind.name} ({first.label.lower() if first else ''}) enligt {len(ind.reports)} rapporter: "
            + ", ".join(f"{spec.fmt(row.value, unit, decimals)} {row.period}" for row in shown)
            + "."
        )
    restated = [row for g in ind.groups for row in g.rows if row.restated]
    for row in restated:
        parts.append(
            f"Värdet för {row.period} anges olika i rapporterna: "
            + ", ".join(f"{spec.fmt(given.value, unit, decimals)} i {given.report.title}" for given in row.given)
            + "; diagrammet visar den senaste rapportens värde."
        )
    columns = [TableColumn("group", "Grupp")] + [TableColumn(f"p{k}", p, unit, decimals) for k, p in enumerate(periods)]
    rows: list[list[Any]] = []
    for group in ind.groups:
        by_period = {row.period: row.value for row in group.rows}
        rows.append([group.label] + [by_period.get(p) for p in periods])
    return ChartSpec(
        **_placement(ind),
        title=f"{ind.name} över åren",
        alt_text=" ".join(parts) or f"{ind.name} över åren.",
        kind="indicator",
        data=data,
        table=DataTable(columns, rows),
        note="Där rapporterna anger olika värden för samma år visar diagrammet den senaste rapportens värde."
        if restated
        else None,
    )


def goal_years_chart(goal: GoalYears) -> ChartSpec:
    """The goal's assessment in each report: one point per report on the scale's levels."""
    levels = [level for level in goal.scale]
    points = [
        {
            "report": f"{y.report.year or y.report.period}",
            "level": y.level.label,
            "symbol": y.level.symbol,
            "colour": theme.ASSESSMENT_COLOURS.get(y.level.category, theme.INK),
        }
        for y in goal.years
        if y.level is not None
    ]
    data = {"points": points, "levels": [level.label for level in levels], "reports": [p["report"] for p in points]}
    alt_text = (
        f"{goal.title}: "
        + ", ".join(f"{y.level.label if y.level else 'ingen bedömning'} {y.report.year or y.report.period}" for y in goal.years)
        + "."
    )
    columns = [TableColumn("report", "Rapport"), TableColumn("period", "Period"), TableColumn("level", "Bedömning")]
    rows: list[list[Any]] = [
        [y.report.title, y.report.period, f"{y.level.symbol} {y.level.label}" if y.level else "–"] for y in goal.years
    ]
    return ChartSpec(
        **_placement(goal),
        title=f"{goal.title}: bedömning per rapport",
        alt_text=alt_text,
        kind="goal_years",
        data=data,
        table=DataTable(columns, rows),
    )


@spec.drawer("goal_years")
def _draw_goal_years(d: dict) -> Any:
    alt = spec.load_altair()
    base = alt.Chart(spec.dataset(d["points"]))
    x = alt.X("report:O", sort=d["reports"], title=None, scale=alt.Scale(padding=0.5), axis=alt.Axis(labelAngle=0))
    y = alt.Y("level:O", sort=d["levels"], title=None, scale=alt.Scale(domain=d["levels"]))
    line = base.mark_line(color=theme.INK, strokeWidth=1.5, strokeDash=[4, 3]).encode(x=x, y=y)
    dots = base.mark_point(filled=True, size=260, stroke=theme.OUTLINE, strokeWidth=1, opacity=1).encode(
        x=x, y=y, color=alt.Color("colour:N", scale=None)
    )
    marks = base.mark_text(fontSize=theme.TEXT_SIZE, dx=16, align="left").encode(x=x, y=y, text=alt.Text("symbol:N"))
    return alt.layer(line, dots, marks).properties(width=spec.panel_width(), height=40 * max(2, len(d["levels"])))
