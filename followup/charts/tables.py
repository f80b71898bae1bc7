"""Charts of finance tables: budget against outcome, per unit, before and after, breakdowns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Sequence

from followup.charts import spec, theme
from followup.charts.spec import ChartSpec, DataTable, TableColumn
from followup.compute import summaries as compute
from followup.model.formatting import (
    format_difference,
    format_number,
)

if TYPE_CHECKING:  # pragma: no cover
    from followup.model.tables import Table
    from followup.project import ReportBundle


# --- Tables ------------------------------------------------------------------------------------------


def _table_chart(
    table: "Table",
    *,
    title: str,
    sentences: list[str],
    kind: str,
    data: dict,
    columns: list[TableColumn],
    rows: list[list[Any]],
    total: list[Any] | None,
) -> ChartSpec:
    """A chart of a finance table: its id, page and subject follow from the table, its text
    alternative is its sentences (the table's title when there are none), and its data table ends
    with the `total` row the chart computes (the cells after its label; None: no total row)."""
    return ChartSpec(
        id=f"tabell-{table.id}",
        title=title,
        alt_text=" ".join(sentences) or table.title,
        page="ekonomi",
        subject=f"tables.{table.id}",
        kind=kind,
        data=data,
        table=DataTable(columns, rows if total is None else [*rows, [spec.COMPUTED_TOTAL_LABEL, *total]]),
    )


def _unit_bars(
    bundle: "ReportBundle",
    rows: Sequence[Any],
    series: list[str],
    values_of: Callable[[Any], Sequence[float | None]],
    unit: str,
    x_title: str | None,
    *,
    around_zero: bool = False,
) -> dict:
    """Input of grouped bars per unit: a bar for each row's unit and each series it has a value for
    (`values_of(row)`, in the order of `series`), the value written out; values `around_zero` are
    written with their sign and drawn from a zero line."""
    labels = spec.unit_axis_labels(bundle, [r.unit for r in rows])
    values = [
        {"category": labels[row.unit], "series": name, "value": v, "label": format_number(v, signed=around_zero)}
        for row in rows
        for name, v in zip(series, values_of(row))
        if v is not None
    ]
    return spec.bars_data(values, [labels[r.unit] for r in rows], series, unit, x_title, zero_line=around_zero)


def budget_chart(bundle: "ReportBundle", t: compute.BudgetSummary) -> ChartSpec:
    """Budget and outcome per period (bars), and the difference below (bars with signed labels)."""
    table = t.table
    unit = table.unit
    periods = [r.period for r in t.rows]
    values = []
    for r in t.rows:
        values.append({"period": r.period, "series": "Budget", "value": r.budget})
        values.append({"period": r.period, "series": "Utfall", "value": r.outcome})
    diffs = [
        {
            "period": r.period,
            "value": r.difference,
            "sign": "negative" if r.difference < 0 else "positive",
            "label": format_difference(r.difference, "none"),
        }
        for r in t.rows
    ]
    data = {
        "values": values,
        "periods": periods,
        "amount_title": spec.axis_unit_title(unit, "Belopp"),
        "amount_format": spec.number_format(unit, [v["value"] for v in values]),
        "diffs": diffs,
        "diff_title": spec.axis_unit_title(unit, "Utfall − budget"),
        "diff_format": spec.number_format(unit, [d["value"] for d in diffs]),
        "diff_domain": spec.value_domain([{"value": d["value"], "label": "x"} for d in diffs], 140),
    }

    under = [r for r in t.rows if r.difference < 0]
    over = [r for r in t.rows if r.difference > 0]
    n = len(t.rows)
    every = f"alla {n} år" if n > 1 else periods[0]
    parts = []
    if under and not over:
        parts.append(f"Utfallet var lägre än budget {every}.")
    elif over and not under:
        parts.append(f"Utfallet var högre än budget {every}.")
    else:
        if under:
            parts.append(f"Utfallet var lägre än budget {spec.list_phrase([r.period for r in under])}.")
        if over:
            parts.append(f"Utfallet var högre än budget {spec.list_phrase([r.period for r in over])}.")
    if t.rows:
        worst = max(t.rows, key=lambda r: abs(r.difference))
        pct = (
            ""
            if worst.difference_percent is None
            else f" ({format_number(worst.difference_percent, 1, signed=True)}{theme.NBSP}%)"
        )
        parts.append(f"Störst avvikelse {worst.period}: {spec.fmt_diff(worst.difference, unit)}{pct}.")
    columns = [
        TableColumn("period", "Period"),
        TableColumn("budget", "Budget", unit),
        TableColumn("outcome", "Utfall", unit),
        TableColumn("difference", "Differens (utfall − budget)", unit, signed=True),
        TableColumn("difference_percent", "Differens (%)", "percent", 1, signed=True),
    ]
    rows = [[r.period, r.budget, r.outcome, r.difference, r.difference_percent] for r in t.rows]
    return _table_chart(
        table,
        title=f"{table.title}: budget och utfall",
        sentences=parts,
        kind="budget",
        data=data,
        columns=columns,
        rows=rows,
        total=[t.total_budget, t.total_outcome, t.total_difference, t.total_difference_percent] if n > 1 else None,
    )


@spec.drawer("budget")
def _draw_budget(d: dict) -> Any:
    alt = spec.load_altair()
    periods = d["periods"]
    series = ["Budget", "Utfall"]
    top = (
        alt.Chart(spec.dataset(d["values"]), width=spec.panel_width() - 20, height=200)
        .mark_bar(stroke=theme.OUTLINE, strokeWidth=0.75)
        .encode(
            x=alt.X("period:N", sort=periods, title=None, axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("series:N", sort=series, scale=alt.Scale(domain=series)),
            y=alt.Y(
                "value:Q",
                title=d["amount_title"],
                axis=alt.Axis(format=d["amount_format"], tickCount=5),
                scale=alt.Scale(zero=True),  # bars start at zero
            ),
            color=alt.Color(
                "series:N",
                sort=series,
                title=None,
                scale=alt.Scale(domain=series, range=[theme.OKABE_ITO["sky_blue"], theme.OKABE_ITO["blue"]]),
                legend=alt.Legend(orient="top", direction="horizontal"),
            ),
        )
    )
    diff_base = alt.Chart(spec.dataset(d["diffs"]))
    diff_x = alt.X("period:N", sort=periods, title=None, axis=alt.Axis(labelAngle=0, orient="bottom"))
    diff_y = alt.Y(
        "value:Q",
        title=d["diff_title"],
        axis=alt.Axis(format=d["diff_format"], tickCount=4),
        scale=alt.Scale(domain=d["diff_domain"], nice=False),
    )
    diff_bars = diff_base.mark_bar(stroke=theme.OUTLINE, strokeWidth=0.75).encode(
        x=diff_x,
        y=diff_y,
        color=alt.Color(
            "sign:N",
            legend=None,
            scale=alt.Scale(
                domain=["negative", "positive"], range=[theme.SIGN_COLOURS["negative"], theme.SIGN_COLOURS["positive"]]
            ),
        ),
    )
    zero = alt.Chart(spec.dataset([{"zero": 0}])).mark_rule(color=theme.INK).encode(y=alt.Y("zero:Q"))
    labels_negative = (
        diff_base.transform_filter("datum.value < 0")
        .mark_text(baseline="top", dy=4)
        .encode(x=diff_x, y=alt.Y("value:Q"), text=alt.Text("label:N"))
    )
    labels_positive = (
        diff_base.transform_filter("datum.value >= 0")
        .mark_text(baseline="bottom", dy=-4)
        .encode(x=diff_x, y=alt.Y("value:Q"), text=alt.Text("label:N"))
    )
    bottom = spec.compose(
        "layer",
        [diff_bars, zero, labels_negative, labels_positive],
        width=spec.panel_width() - 20,
        height=140,
        title="Differens (utfall − budget)",
    )
    return spec.compose("vconcat", [top, bottom], spacing=20, resolve={"scale": {"color": "independent"}})


def per_unit_chart(bundle: "ReportBundle", t: compute.PerUnitSummary) -> ChartSpec:
    """Values per unit and period (e.g. results per pilot unit and year): grouped bars around zero."""
    table = t.table
    unit = table.unit
    data = _unit_bars(
        bundle,
        t.rows,
        t.periods,
        lambda row: [row.values.get(p) for p in t.periods],
        unit,
        spec.axis_unit_title(unit, table.title.split(" per ")[0]),
        around_zero=True,
    )
    parts = []
    totals = [(p, t.totals.get(p)) for p in t.periods if t.totals.get(p) is not None]
    if totals:
        parts.append(f"Totalt {spec.list_phrase([f'{format_difference(v, unit)} ({p})' for p, v in totals])}.")
    last = t.periods[-1]
    latest = [(latest_value, r.name) for r in t.rows if (latest_value := r.values.get(last)) is not None]
    if extremes := spec.highest_and_lowest(last, latest, lambda v: format_difference(v, unit)):
        parts.append(extremes)
    for p in t.periods:
        names = [r.name for r in t.rows if (r.values.get(p) or 0) < 0]
        if names:
            parts.append(f"Negativt {p}: {spec.list_phrase(names)}.")
    columns = [TableColumn("unit", "Enhet")] + [TableColumn(f"p{k}", p, unit, signed=True) for k, p in enumerate(t.periods)]
    rows = [[r.name] + [r.values.get(p) for p in t.periods] for r in t.rows]
    return _table_chart(
        table,
        title=table.title,
        sentences=parts,
        kind="grouped_bars",
        data=data,
        columns=columns,
        rows=rows,
        total=[t.totals.get(p) for p in t.periods],
    )


def before_after_chart(bundle: "ReportBundle", t: compute.BeforeAfterSummary) -> ChartSpec:
    """Before and after per unit: grouped bars with the amounts written out."""
    table = t.table
    unit = table.unit
    data = _unit_bars(
        bundle,
        t.rows,
        [t.before, t.after],
        lambda row: [row.before, row.after],
        unit,
        spec.axis_unit_title(unit, "Kostnad" if "ostnad" in table.title else "Belopp"),
    )
    complete = [(r.name, r.change) for r in t.rows if r.change is not None]
    lower = [name for name, change in complete if change < 0]
    higher = [name for name, change in complete if change > 0]
    parts = []
    if lower:
        parts.append(f"Lägre {t.after} än {t.before} för {len(lower)} av {len(complete)}: {spec.list_phrase(lower)}.")
    if higher:
        parts.append(f"Högre för {len(higher)} av {len(complete)}: {spec.list_phrase(higher)}.")
    if t.total_before is not None and t.total_after is not None:
        pct = "" if t.total_change_percent is None else f", {format_number(t.total_change_percent, 1, signed=True)}{theme.NBSP}%"
        parts.append(
            f"Totalt {spec.fmt(t.total_before, unit, 0)} ({t.before}) och {spec.fmt(t.total_after, unit, 0)} ({t.after}){pct}."
        )
    columns = [
        TableColumn("unit", "Enhet"),
        TableColumn("before", t.before, unit),
        TableColumn("after", t.after, unit),
        TableColumn("change", "Förändring", unit, signed=True),
        TableColumn("change_percent", "Förändring (%)", "percent", 1, signed=True),
    ]
    rows = [[r.name, r.before, r.after, r.change, r.change_percent] for r in t.rows]
    return _table_chart(
        table,
        title=f"{table.title}: {t.before} och {t.after}",
        sentences=parts,
        kind="grouped_bars",
        data=data,
        columns=columns,
        rows=rows,
        total=[t.total_before, t.total_after, t.total_change, t.total_change_percent],
    )


def breakdown_chart(bundle: "ReportBundle", t: compute.BreakdownSummary) -> ChartSpec:
    """Amounts that add up to a total: one bar per item, its name written above the bar."""
    table = t.table
    unit = table.unit
    values: list[dict[str, Any]] = [  # a data table of the chart
        {
            "category": r.label,
            "name": spec.wrap(r.label, 46, 3).split("\n"),
            "value": r.amount,
            "label": format_number(r.amount)
            + ("" if r.share_percent is None else f" ({format_number(r.share_percent, 0)}{theme.NBSP}%)"),
        }
        for r in t.rows
    ]
    data = {
        "values": values,
        "order": [r.label for r in t.rows],
        "step": 36 + 18 * max(len(v["name"]) for v in values),
        "x_title": spec.axis_unit_title(unit, "Belopp"),
        "format": spec.number_format(unit, [v["value"] for v in values]),
    }
    parts = []
    if t.total is not None:
        parts.append(f"Totalt {spec.fmt(t.total, unit, 0)}{' (cirka)' if table.approximate else ''}.")
    biggest = max(t.rows, key=lambda r: r.amount)
    share = "" if biggest.share_percent is None else f", {format_number(biggest.share_percent, 0)}{theme.NBSP}% av totalen"
    parts.append(f"Störst: {biggest.label} ({spec.fmt(biggest.amount, unit, 0)}{share}).")
    columns = [
        TableColumn("label", "Post"),
        TableColumn("amount", "Belopp", unit),
        TableColumn("share", "Andel (%)", "percent", 0),
    ]
    rows = [[r.label, r.amount, r.share_percent] for r in t.rows]
    return _table_chart(
        table,
        title=table.title,
        sentences=parts,
        kind="breakdown",
        data=data,
        columns=columns,
        rows=rows,
        total=[t.total, 100 if t.total else None],
    )


@spec.drawer("breakdown")
def _draw_breakdown(d: dict) -> Any:
    alt = spec.load_altair()
    step = d["step"]
    base = alt.Chart(spec.dataset(d["values"]))
    y = alt.Y("category:N", sort=d["order"], title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    x = alt.X(
        "value:Q",
        title=d["x_title"],
        axis=alt.Axis(format=d["format"], tickCount=4, grid=False),
        scale=alt.Scale(domain=spec.value_domain(d["values"], spec.chart_width() - 12), nice=False),  # zero-based
    )
    bar_offset = step / 2 - 14  # the bar sits at the bottom of its row, the name right above it
    bars = base.mark_bar(
        color=theme.OKABE_ITO["blue"], stroke=theme.OUTLINE, strokeWidth=0.75, height=20, yOffset=bar_offset
    ).encode(y=y, x=x)
    amounts = base.mark_text(align="left", dx=4, yOffset=bar_offset).encode(y=y, x=alt.X("value:Q"), text=alt.Text("label:N"))
    names = base.mark_text(
        align="left", baseline="top", yOffset=bar_offset - 13, lineHeight=18, dy={"expr": "-18 * length(datum.name)"}
    ).encode(y=y, x=alt.XValue(value=0), text=alt.Text("name:N"))
    return spec.compose(
        "layer",
        [bars, amounts, names],
        width=spec.chart_width(),
        height=alt.Step(step),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
