"""Indicator charts: the outcome per period against the target, per group."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup.charts import spec, theme
from followup.charts.rule import charted_series
from followup.charts.spec import ChartSpec, DataTable, TableColumn
from followup.compute import summaries as compute
from followup.model.formatting import (
    format_number,
    unit_suffix,
)

if TYPE_CHECKING:  # pragma: no cover
    from followup.project import ReportBundle


# --- Indicators ----------------------------------------------------------------------------------

UNIT_AXIS_NAMES = {"index": "Index", "score": "Poäng", "count": "Antal", "ratio": "Kvot", "none": "Värde"}


def _indicator_axis_title(indicator: Any) -> str:
    if indicator.unit == "percent":
        return "Andel (%)"
    suffix = unit_suffix(indicator.unit)
    return suffix or UNIT_AXIS_NAMES.get(indicator.unit, "Värde")


def _change_verb(c: compute.Change) -> str:
    if c.change is None:
        return "ändrades"
    if abs(c.change) < 1e-9:
        return "var oförändrad"
    return "steg" if c.change > 0 else "sjönk"


def _target_text(t: compute.TargetResult, unit: str, decimals: int | None) -> str:
    """`högst 6,5 %`, `minst 80`, `1–2`, read with the comparison the target uses."""
    if t.comparison == "range":
        low, high = t.target.min, t.target.max
        if low is not None and high is not None:
            return f"{format_number(low, decimals)}–{spec.fmt(high, unit, decimals)}"
        return f"minst {spec.fmt(low, unit, decimals)}" if low is not None else f"högst {spec.fmt(high, unit, decimals)}"
    if t.comparison == "text" or t.target_value is None:
        return t.target.text or ""
    prefix = {"≥": "minst ", "≤": "högst ", "=": "", ">": "mer än ", "<": "mindre än "}[t.comparison]
    return prefix + spec.fmt(t.target_value, unit, decimals)


PANEL_HEIGHT = 140  # px: the plot of one indicator panel
LABEL_GAP = 9  # px between a point and its value label


def label_above(value: float, rules: list[float], domain: list[float], height: float) -> bool:
    """Whether a point's value label goes above the point (True) or below it.

    Above, unless a target line runs through the room the label takes there: then below, unless
    a line runs through that room too (then above after all: a label must go somewhere). The room
    is the label's text height (theme.TEXT_SIZE) beyond LABEL_GAP, with 2 px to spare each side,
    converted to the value scale of a plot `height` px high over `domain`.
    """
    per_px = ((domain[-1] - domain[0]) or 1) / height
    near, far = (LABEL_GAP - 2) * per_px, (LABEL_GAP + theme.TEXT_SIZE + 2) * per_px

    def crossed(low: float, high: float) -> bool:
        return any(low <= rule <= high for rule in rules)

    if not crossed(value + near, value + far):
        return True
    return crossed(value - far, value - near)


def _drawn_targets(i: compute.IndicatorSummary) -> list[compute.TargetResult]:
    """The targets on the indicator's own scale: a target on a change in percent (−5 % per år,
    −20 % since 2009) is no value on the axis, nor in the unit of the chart's table. A long-term
    target (its period after the report's) lies beyond the outcomes on the x axis: left out, and
    the chart's note says so (`_long_term_note`)."""
    return [t for t in i.targets if t.on_scale and not t.long_term]


def _long_term_note(i: compute.IndicatorSummary, charted_ids: set[str], unit: str, decimals: int | None) -> str | None:
    """`Det långsiktiga målet för 2020 (högst 146 kWh/m²) visas inte i diagrammet.`: the long-term
    targets that would otherwise be drawn as lines."""
    left_out = [
        t
        for t in i.targets
        if t.long_term and t.on_scale and _target_lines(t) and t.group in charted_ids
    ]
    if not left_out:
        return None
    several_groups = len(charted_ids) > 1

    def phrase(t: compute.TargetResult) -> str:
        group = next((s.group.label.lower() for s in i.series if s.group.id == t.group), t.group)
        return f"{t.period} ({group + ': ' if several_groups else ''}{_target_text(t, unit, decimals)})"

    what = "Det långsiktiga målet" if len(left_out) == 1 else "De långsiktiga målen"
    return f"{what} för {spec.list_phrase([phrase(t) for t in left_out])} visas inte i diagrammet."


def _target_lines(t: compute.TargetResult) -> list[float]:
    """Where a target's dashed lines go: its value, or both bounds of a range."""
    if t.comparison == "range":
        return [v for v in (t.target.min, t.target.max) if v is not None]
    return [t.target_value] if t.target_value is not None else []


def indicator_chart(bundle: "ReportBundle", i: compute.IndicatorSummary) -> ChartSpec:
    """An indicator over time: one small panel per group, the target drawn in as a dashed line."""
    indicator = i.indicator
    unit = indicator.unit
    decimals = indicator.decimals
    periods = i.periods
    charted = charted_series(i)  # only groups with a change over time get a panel (charts/rule.py)
    charted_ids = {s.group.id for s in charted}
    present = [p.value for s in charted for p in s.points if p.value is not None]
    targets = [t for t in _drawn_targets(i) if t.target_value is not None and t.group in charted_ids]
    domain_values = present + [v for t in targets for v in _target_lines(t)]
    low, high = (min(domain_values), max(domain_values)) if domain_values else (0.0, 1.0)
    pad = (high - low) * 0.25 or max(abs(high) * 0.1, 1)
    y_domain = spec.nice_domain(max(0, low - pad) if low >= 0 else low - pad, high + pad)
    panels = []
    for index, s in enumerate(charted):
        group_targets = [t for t in targets if t.group == s.group.id]
        title = s.group.label
        if group_targets:
            title += " – " + ", ".join(f"mål {t.period}: {_target_text(t, unit, decimals)}" for t in group_targets)
        lines = [v for t in group_targets for v in _target_lines(t)]
        panels.append(
            {
                "values": [
                    {
                        "period": p.period,
                        "value": p.value,
                        "label": "" if p.value is None else format_number(p.value, decimals),
                        "above": p.value is None or label_above(p.value, lines, y_domain, PANEL_HEIGHT),
                    }
                    for p in s.points
                ],
                "colour": theme.SERIES_COLOURS[index % len(theme.SERIES_COLOURS)],
                "shape": theme.SERIES_SHAPES[index % len(theme.SERIES_SHAPES)],
                "targets": lines,
                "missing": [{"period": p.period, "text": "uppgift saknas"} for p in s.points if p.value is None],
                "title": title,
            }
        )
    data = {
        "panels": panels,
        "periods": periods,
        "y_domain": y_domain,
        "height": PANEL_HEIGHT,
        "y_title": _indicator_axis_title(indicator),
        "format": spec.number_format(unit, present),
    }

    parts = []
    changes = [(s.group.label, s.overall) for s in i.series if s.overall is not None]
    if len(changes) == 1:
        c = changes[0][1]
        parts.append(
            f"{indicator.name} {_change_verb(c)} från {spec.fmt(c.from_value, unit, decimals)} ({c.from_period}) "
            f"till {spec.fmt(c.to_value, unit, decimals)} ({c.to_period})."
        )
    elif changes:
        first_period, last_period = changes[0][1].from_period, changes[0][1].to_period
        same_span = all(c.from_period == first_period and c.to_period == last_period for _, c in changes)
        phrases = [
            f"{label.lower()} från {spec.fmt(c.from_value, unit, decimals)} till {spec.fmt(c.to_value, unit, decimals)}"
            + ("" if same_span else f" ({c.from_period}–{c.to_period})")
            for label, c in changes
        ]
        parts.append(f"{indicator.name}{f' {first_period}–{last_period}' if same_span else ''}: {spec.list_phrase(phrases)}.")

    def who(t: compute.TargetResult) -> str:
        return next((s.group.label.lower() for s in i.series if s.group.id == t.group), t.group)

    met = [t for t in _drawn_targets(i) if t.met is True]
    unmet = [t for t in _drawn_targets(i) if t.met is False]
    if len(i.series) <= 1:
        for t in _drawn_targets(i):
            if t.met is True:
                parts.append(f"Målet för {t.period} ({_target_text(t, unit, decimals)}) nåddes.")
            elif t.met is False:
                parts.append(
                    f"Målet för {t.period} ({_target_text(t, unit, decimals)}) nåddes inte; "
                    f"utfallet var {spec.fmt(t.actual, unit, decimals)}."
                )
    else:
        if met:
            parts.append(f"Målet nåddes för {spec.list_phrase([f'{who(t)} ({t.period})' for t in met])}.")
        if unmet:
            parts.append(
                "Målet nåddes inte för "
                + spec.list_phrase(
                    [
                        f"{who(t)} ({spec.fmt(t.actual, unit, decimals)} mot målet {_target_text(t, unit, decimals)})"
                        for t in unmet
                    ]
                )
                + "."
            )

    columns = [TableColumn("group", "Grupp")] + [TableColumn(f"p{k}", p, unit, decimals) for k, p in enumerate(periods)]
    target_periods = list(dict.fromkeys(t.period for t in _drawn_targets(i)))
    columns += [TableColumn(f"target-{k}", f"Mål {p}", unit, decimals) for k, p in enumerate(target_periods)]
    rows = []
    for s in i.series:
        row: list[Any] = [s.group.label] + [s.value(p) for p in periods]
        for p in target_periods:
            target = next((t for t in _drawn_targets(i) if t.period == p and t.group == s.group.id), None)
            row.append(target.target_value if target is not None else None)
        rows.append(row)
    notes = [
        f"{s.group.label} {p.period}: {p.missing_reason}"
        for s in charted
        for p in s.points
        if p.value is None and p.missing_reason
    ]
    left_out = [s.group.label for s in i.series if s.group.id not in charted_ids]
    left_out_note = (
        f"{spec.list_phrase(left_out)} har värde för högst en period och visas i tabellen, inte i diagrammet."
        if left_out
        else None
    )
    return ChartSpec(
        id=f"indikator-{indicator.id}",
        title=indicator.name,
        alt_text=" ".join(parts) or f"{indicator.name} över tid.",
        page="indikatorer",
        subject=f"indicators.{indicator.id}",
        kind="indicator",
        data=data,
        table=DataTable(columns, rows),
        note=spec.join_sentences(
            ("Uppgift saknas: " + "; ".join(notes) + ".") if notes else None,
            left_out_note,
            _long_term_note(i, charted_ids, unit, decimals),
        ),
        level_axis=y_domain,
    )


@spec.drawer("indicator")
def _draw_indicator(d: dict) -> Any:
    alt = spec.load_altair()
    periods = d["periods"]
    panels = []
    for panel in d["panels"]:
        base = alt.Chart(spec.dataset(panel["values"]))
        x = alt.X(
            "period:O",
            sort=periods,
            title=None,
            scale=alt.Scale(domain=periods, padding=0.5),
            axis=alt.Axis(labelAngle=0),
        )
        y = alt.Y(
            "value:Q",
            title=d["y_title"],
            scale=alt.Scale(domain=d["y_domain"], nice=False, zero=False),
            axis=alt.Axis(format=d["format"], tickCount=4),
        )
        layers: list[Any] = [
            base.mark_line(color=panel["colour"], strokeWidth=2.5).encode(x=x, y=y),
            base.mark_point(
                filled=True,
                size=110,
                color=panel["colour"],
                stroke=theme.OUTLINE,
                strokeWidth=1,
                opacity=1,
                shape=panel["shape"],
            ).encode(x=x, y=y),
            # value labels above their point, or below it where a target line runs just above (label_above)
            base.transform_filter("datum.above")
            .mark_text(baseline="bottom", dy=-LABEL_GAP)
            .encode(x=x, y=y, text=alt.Text("label:N")),
            base.transform_filter("!datum.above")
            .mark_text(baseline="top", dy=LABEL_GAP)
            .encode(x=x, y=y, text=alt.Text("label:N")),
        ]
        for target in panel["targets"]:
            target_data = spec.dataset([{"value": target, "label": "mål"}])
            layers.append(
                alt.Chart(target_data).mark_rule(color=theme.INK, strokeDash=[7, 4], strokeWidth=1.5).encode(y=alt.Y("value:Q"))
            )
            layers.append(
                alt.Chart(target_data)
                .mark_text(align="right", baseline="bottom", dy=-3, fontSize=theme.TEXT_SIZE - 1, color=theme.INK)
                .encode(y=alt.Y("value:Q"), x=alt.XValue(value="width"), text=alt.Text("label:N"))
            )
        if panel["missing"]:
            layers.append(
                alt.Chart(spec.dataset(panel["missing"]))
                .mark_text(baseline="bottom", dy=-4, fontSize=theme.TEXT_SIZE - 1, color=theme.MUTED, fontStyle="italic")
                .encode(x=alt.X("period:O", sort=periods), y=alt.YValue(value="height"), text=alt.Text("text:N"))
            )
        panels.append(spec.compose("layer", layers, width=spec.panel_width(), height=d["height"], title=panel["title"]))
    return spec.compose("vconcat", panels, spacing=16) if len(panels) > 1 else panels[0]
