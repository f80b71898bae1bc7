"""Survey charts: mean score per unit and round, respondents per unit."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from followup.charts import spec, theme
from followup.charts.spec import ChartSpec, DataTable, Placement, TableColumn
from followup.compute import summaries as compute
from followup.model.formatting import (
    format_number,
)

if TYPE_CHECKING:  # pragma: no cover
    from followup.model.surveys import Survey
    from followup.project import ReportBundle


# --- Surveys ---------------------------------------------------------------------------------------


def _placement(survey: "Survey", name: str) -> Placement:
    """A survey's charts are on the survey page, drawn from the survey, with ids `enkat-<survey>-<name>`."""
    return Placement(id=f"enkat-{survey.id}-{name}", page="enkater", subject=f"surveys.{survey.id}")


def _survey_units(s: compute.SurveySummary) -> list[str]:
    """Unit codes of a survey in data order (first appearance over the rounds)."""
    return list(dict.fromkeys(u.unit for r in s.rounds for u in r.units))


def survey_question_chart(bundle: "ReportBundle", s: compute.SurveySummary, question_index: int) -> ChartSpec:
    """Scores per unit and round for one question: a dot plot, a line from round to round."""
    survey = s.survey
    question = survey.questions[question_index]
    periods = [r.period for r in s.rounds]
    codes = _survey_units(s)
    labels = spec.unit_axis_labels(bundle, codes)
    values: list[dict[str, Any]] = []  # the chart's data table
    for r in s.rounds:
        values.append({"unit": spec.TOTAL_LABEL, "period": r.period, "score": r.mean(question.id).mean})
        for code in codes:
            u = r.unit(code)
            values.append({"unit": labels[code], "period": r.period, "score": u.scores.get(question.id) if u else None})
    values = [v for v in values if v["score"] is not None]
    order = [spec.TOTAL_LABEL] + [labels[c] for c in codes]
    scores: list[float] = [v["score"] for v in values]
    low = survey.scale.min if survey.scale is not None else min(scores, default=0)
    high = survey.scale.max if survey.scale is not None else max(scores, default=1)
    domain = [max(low, math.floor(min(scores)) - 1) if scores else low, high]
    data = {
        "values": values,
        "order": order,
        "periods": periods,
        "domain": domain,
        "x_title": question.text + (f" ({survey.scale.label})" if survey.scale and survey.scale.label else ""),
        "step": 36 if any("\n" in label for label in order) else 26,
    }

    first, last = s.rounds[0], s.rounds[-1]
    parts = []
    a, b = first.mean(question.id).mean, last.mean(question.id).mean
    if len(s.rounds) >= 2 and a is not None and b is not None:
        if abs(b - a) < 0.005:
            parts.append(f"{question.text} (totalt) var {spec.fmt(b, 'score', 2)} både {first.period} och {last.period}.")
        else:
            verb = "steg" if b > a else "sjönk"
            parts.append(
                f"{question.text} (totalt) {verb} från {spec.fmt(a, 'score', 2)} till {spec.fmt(b, 'score', 2)} "
                f"mellan {first.period} och {last.period}."
            )
    elif b is not None:
        parts.append(f"{question.text} (totalt) var {spec.fmt(b, 'score', 2)} {last.period}.")
    latest = [(score, u.name) for u in last.units if (score := u.scores.get(question.id)) is not None]
    if extremes := spec.highest_and_lowest(last.period, latest, lambda v: spec.fmt(v, "score")):
        parts.append(extremes)

    columns = [TableColumn("unit", "Enhet")]
    columns += [TableColumn(f"p{k}", p, "score") for k, p in enumerate(periods)]
    if len(periods) >= 2:
        columns.append(TableColumn("change", f"Förändring {periods[0]} – {periods[-1]}", "score", signed=True))
    rows: list[list[Any]] = [
        [spec.COMPUTED_TOTAL_LABEL] + [None if (m := r.mean(question.id).mean) is None else round(m, 2) for r in s.rounds]
    ]
    for code in codes:
        rows.append(
            [compute.unit_name(bundle, code)] + [(u.scores.get(question.id) if (u := r.unit(code)) else None) for r in s.rounds]
        )
    if len(periods) >= 2:
        for row in rows:
            a_, b_ = row[1], row[len(periods)]
            row.append(None if a_ is None or b_ is None else compute._clean(round(b_ - a_, 2)))
    return ChartSpec(
        **_placement(survey, question.id),
        title=f"{survey.title}: {question.text} per enhet",
        alt_text=" ".join(parts) or f"{question.text} per enhet.",
        kind="survey_scores",
        data=data,
        table=DataTable(columns, rows),
        note="Totalt är ett beräknat medelvärde, viktat efter antalet svarande per enhet.",
        level_axis=domain,
    )


@spec.drawer("survey_scores")
def _draw_survey_scores(d: dict) -> Any:
    alt = spec.load_altair()
    base = alt.Chart(spec.dataset(d["values"]))
    y = alt.Y(
        "unit:N",
        sort=d["order"],
        title=None,
        axis=alt.Axis(
            labelExpr=spec.SPLIT_LINES,
            labelFontWeight=alt.ConditionalAxisLabelFontWeight(
                condition={"test": f"datum.value == '{spec.TOTAL_LABEL}'", "value": "bold"}, value="normal"
            ),
            grid=True,
            gridDash=[2, 3],
        ),
    )
    x = alt.X(
        "score:Q",
        title=d["x_title"],
        scale=alt.Scale(domain=d["domain"], zero=False, nice=False),
        axis=alt.Axis(format=",.0f", tickMinStep=1),
    )
    periods = d["periods"]
    rule = base.mark_rule(color=theme.MUTED, strokeWidth=2).encode(y=y, x=alt.X("min(score):Q"), x2=alt.X2("max(score):Q"))
    points = base.mark_point(filled=True, size=150, opacity=1, stroke=theme.OUTLINE, strokeWidth=1).encode(
        y=y,
        x=x,
        color=alt.Color(
            "period:N",
            scale=spec.series_scale(alt, periods),
            sort=periods,
            title=None,
            legend=alt.Legend(orient="top", direction="horizontal"),
        ),
        shape=alt.Shape("period:N", scale=spec.series_scale(alt, periods, "shape"), sort=periods, title=None),
    )
    return spec.compose(
        "layer",
        [rule, points],
        width=spec.chart_width(),
        height=alt.Step(d["step"]),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


@spec.drawer("grouped_bars")
def _draw_grouped_bars(d: dict) -> Any:
    """Horizontal bars per category (y, data order) and series (colour + position), with value labels."""
    alt = spec.load_altair()
    series = d["series"]
    base = alt.Chart(spec.dataset(d["values"]))
    y = alt.Y("category:N", sort=d["order"], title=None, axis=alt.Axis(labelExpr=spec.SPLIT_LINES))
    y_offset = alt.YOffset("series:N", sort=series, scale=alt.Scale(domain=series, paddingInner=0.08))
    x = alt.X(
        "value:Q",
        title=d["x_title"],
        axis=alt.Axis(format=d["format"], tickCount=4, labelOverlap=True, labelFlush=True, labelBound=True),
        # zero-based, with room for the value labels at the width being drawn
        scale=alt.Scale(
            domain=spec.value_domain(d["values"], spec.chart_width() - spec.axis_label_px(d["order"]) - 12), nice=False, zero=True
        ),
    )
    colour = alt.Color(
        "series:N",
        scale=spec.series_scale(alt, series),
        sort=series,
        title=None,
        legend=alt.Legend(orient="top", direction="horizontal") if len(series) > 1 else None,
    )
    layers: list[Any] = [base.mark_bar(stroke=theme.OUTLINE, strokeWidth=0.75).encode(y=y, yOffset=y_offset, x=x, color=colour)]
    if d["zero_line"]:
        layers.append(alt.Chart(spec.dataset([{"zero": 0}])).mark_rule(color=theme.INK, strokeWidth=1).encode(x=alt.X("zero:Q")))
    layers.append(
        base.transform_filter("datum.value >= 0")
        .mark_text(align="left", dx=4, baseline="middle")
        .encode(y=y, yOffset=y_offset, x=alt.X("value:Q"), text=alt.Text("label:N"))
    )
    layers.append(
        base.transform_filter("datum.value < 0")
        .mark_text(align="right", dx=-4, baseline="middle")
        .encode(y=y, yOffset=y_offset, x=alt.X("value:Q"), text=alt.Text("label:N"))
    )
    return spec.compose(
        "layer",
        layers,
        width=spec.chart_width(),
        height=d["height"],
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def survey_respondents_chart(bundle: "ReportBundle", s: compute.SurveySummary) -> ChartSpec:
    """Respondents per unit and round: grouped bars with the numbers written out."""
    survey = s.survey
    periods = [r.period for r in s.rounds]
    codes = _survey_units(s)
    labels = spec.unit_axis_labels(bundle, codes)
    values = []
    for code in codes:
        for r in s.rounds:
            u = r.unit(code)
            if u is not None and u.respondents is not None:
                values.append(
                    {
                        "category": labels[code],
                        "series": r.period,
                        "value": u.respondents,
                        "label": format_number(u.respondents, 0),
                    }
                )
    data = spec.bars_data(values, [labels[c] for c in codes], periods, "count", "Antal svarande")
    first, last = s.rounds[0], s.rounds[-1]
    parts = []
    if len(s.rounds) >= 2 and first.respondents is not None and last.respondents is not None:
        if last.respondents == first.respondents:
            parts.append(f"Antalet svarande var {format_number(last.respondents, 0)} både {first.period} och {last.period}.")
        else:
            verb = "ökade" if last.respondents > first.respondents else "minskade"
            parts.append(
                f"Antalet svarande {verb} från {format_number(first.respondents, 0)} ({first.period}) "
                f"till {format_number(last.respondents, 0)} ({last.period})."
            )
    elif last.respondents is not None:
        parts.append(f"{format_number(last.respondents, 0)} svarande {last.period}.")
    latest = [(u.respondents, u.name) for u in last.units if u.respondents is not None]
    if latest:
        top = max(n for n, _ in latest)
        parts.append(
            f"Flest svarande {last.period}: {spec.list_phrase([n2 for n, n2 in latest if n == top])} ({format_number(top, 0)})."
        )
    if len(s.rounds) >= 2:
        fewer = [
            c.name
            for c in s.unit_changes
            if c.question_id == "respondents" and c.change is not None and c.change < 0 and c.to_period == last.period
        ]
        if fewer:
            parts.append(f"Färre svarande än {s.rounds[-2].period}: {spec.list_phrase(fewer)}.")
    columns = [TableColumn("unit", "Enhet")] + [TableColumn(f"p{k}", p, "count", 0) for k, p in enumerate(periods)]
    rows = [[name] + [by_period.get(p) for p in periods] for _, name, by_period in s.respondents_by_unit]
    rows.append([spec.COMPUTED_TOTAL_LABEL] + [r.respondents for r in s.rounds])
    return ChartSpec(
        **_placement(survey, "svarande"),
        title=f"{survey.title}: antal svarande per enhet",
        alt_text=" ".join(parts) or "Antal svarande per enhet.",
        kind="grouped_bars",
        data=data,
        table=DataTable(columns, rows),
    )
