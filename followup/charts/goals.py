"""Charts of goals and deliverables: assessments per perspective, deliverables per status."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from followup.charts.spec import (
    SPLIT_LINES,
    TOTAL_LABEL,
    ChartSpec,
    TableColumn,
    _altair,
    _chart,
    _compose,
    _data,
    _drawer,
    _list_phrase,
    wrap,
)
from followup.charts.theme import (
    ASSESSMENT_COLOURS,
    GRID,
    NBSP,
    OKABE_ITO,
    OUTLINE,
    STATUS_COLOURS,
    WIDTH,
)
from followup.compute import summaries as compute
from followup.model import symbols
from followup.model.formatting import (
    format_number,
)

if TYPE_CHECKING:  # pragma: no cover
    from followup.project import ReportBundle


# --- Deliverables and goals -------------------------------------------------------------------------


def deliverables_chart(bundle: "ReportBundle", d: compute.DeliverableSummary) -> ChartSpec:
    """Deliverables per status: bars in scale order, each status named with its symbol and word."""
    labels = [wrap(_named(c.level), 20) for c in d.by_status]
    categories = list(dict.fromkeys(c.level.category for c in d.by_status))
    high = max([c.count for c in d.by_status] + [1])
    data = {
        "values": [
            {"status": label, "category": c.level.category, "count": c.count, "label": format_number(c.count, 0)}
            for label, c in zip(labels, d.by_status)
        ],
        "order": labels,
        "categories": categories,
        "colours": [STATUS_COLOURS.get(c, OKABE_ITO["grey"]) for c in categories],
        "high": high,
        "step": 40 if any("\n" in label for label in labels) else 30,
    }
    share = "" if d.share_completed is None else f" ({format_number(d.share_completed, 0)}{NBSP}%)"
    parts = [f"{d.completed} av {d.total} leveranser är slutförda{share}."]
    others = [f"{c.level.label} {c.count}" for c in d.by_status if not c.level.completed]
    if others:
        parts.append(f"Övriga: {_list_phrase(others)}.")
    many_groups = len(d.groups) > 1
    group_columns = [TableColumn(f"g-{g.id}", g.title, "count", 0) for g in d.groups] if many_groups else []
    columns = (
        [TableColumn("status", "Status"), TableColumn("completed", "Räknas som slutförd")]
        + group_columns
        + [TableColumn("count", "Antal", "count", 0)]
    )
    rows = []
    for c in d.by_status:
        row: list[Any] = [_named(c.level), "ja" if c.level.completed else "nej"]
        if many_groups:
            row += [next((x.count for x in g.by_status if x.level.id == c.level.id), 0) for g in d.groups]
        rows.append(row + [c.count])
    rows.append([TOTAL_LABEL, ""] + ([g.total for g in d.groups] if many_groups else []) + [d.total])
    return _chart(
        id="leveranser-status",
        title="Leveranser per status",
        alt_text=" ".join(parts),
        page="leveranser",
        subject="deliverables",
        kind="deliverables",
        data=data,
        columns=columns,
        rows=rows,
    )


@_drawer("deliverables")
def _draw_deliverables(d: dict) -> Any:
    alt = _altair()
    base = alt.Chart(_data(d["values"]))
    y = alt.Y(
        "status:N",
        sort=d["order"],
        title=None,
        axis=alt.Axis(labelExpr=SPLIT_LINES),
        scale=alt.Scale(paddingInner=0.25),
    )
    colour = alt.Color("category:N", legend=None, scale=alt.Scale(domain=d["categories"], range=d["colours"]))
    high = d["high"]
    x = alt.X(
        "count:Q",
        title="Antal leveranser",
        axis=alt.Axis(format="d", tickMinStep=1, tickCount=min(high, 5)),
        scale=alt.Scale(domain=[0, high * 1.15], nice=False),
    )
    bars = base.mark_bar(stroke=OUTLINE, strokeWidth=0.75).encode(y=y, x=x, color=colour)
    text = base.mark_text(align="left", dx=4).encode(y=y, x=alt.X("count:Q"), text=alt.Text("label:N"))
    return _compose(
        "layer",
        [bars, text],
        width=WIDTH,
        height=alt.Step(d["step"]),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )


def _named(level: Any) -> str:
    """'● uppnått': the level's symbol where text can show it, and its word."""
    return f"{symbols.text_symbol(level.symbol)} {level.label}".strip()


def _shape(symbol: str) -> str | None:
    """A drawn symbol's path as a Vega point shape (a unit square from −1 to 1), else None."""
    found = symbols.drawing(symbol)
    return found.path if found else None


def goals_chart(bundle: "ReportBundle", g: compute.GoalSummary) -> ChartSpec:
    """Goal assessments at a glance: one row per goal, one column per level; the symbol marks the level."""
    levels = [lc.level for lc in g.levels]
    level_labels = [wrap(level.label, 8) for level in levels]
    goal_titles: list[str] = []
    for goal in g.goals:
        title = wrap(goal.title, 18, 3)
        while title in goal_titles:  # equal titles stay separate rows
            title += NBSP
        goal_titles.append(title)
    lines = max((t.count("\n") + 1 for t in goal_titles), default=1)
    data = {
        "levels": level_labels,
        "goals": goal_titles,
        "values": [
            {
                "goal": title,
                "level": wrap(goal.level.label, 8),
                "symbol": symbols.text_symbol(goal.level.symbol),
                "shape": _shape(goal.level.symbol),
                "category": goal.level.category,
            }
            for title, goal in zip(goal_titles, g.goals)
            if goal.level is not None
        ],
        "step": max(44, 18 * lines + 10),
    }
    parts = [g.sentence() + "."]
    by_level = []
    for lc in g.levels:
        names = [goal.title for goal in g.goals if goal.level is not None and goal.level.id == lc.level.id]
        if names:
            by_level.append(f"{lc.level.label}: {_list_phrase(names)}")
    if by_level:
        sentence = "; ".join(by_level)
        parts.append(sentence[0].upper() + sentence[1:] + ".")
    if g.unassessed:
        parts.append(f"{g.unassessed} mål saknar bedömning.")
    columns = [
        TableColumn("perspective", "Perspektiv"),
        TableColumn("goal", "Mål"),
        TableColumn("assessment", "Bedömning"),
    ]
    rows = [
        [
            goal.perspective_title,
            goal.title,
            _named(goal.level) if goal.level else "ingen bedömning",
        ]
        for goal in g.goals
    ]
    return _chart(
        id="mal-bedomning",
        title="Bedömning av målen",
        alt_text=" ".join(parts),
        page="mal",
        subject="goals",
        kind="goals",
        data=data,
        columns=columns,
        rows=rows,
    )


@_drawer("goals")
def _draw_goals(d: dict) -> Any:
    alt = _altair()
    x = alt.X(
        "level:N",
        sort=d["levels"],
        title=None,
        scale=alt.Scale(domain=d["levels"]),
        axis=alt.Axis(orient="top", labelAngle=0, labelExpr=SPLIT_LINES, domain=False, ticks=False),
    )
    y = alt.Y("goal:N", sort=d["goals"], title=None, axis=alt.Axis(labelExpr=SPLIT_LINES, domain=False, ticks=False))
    grid = [{"goal": goal, "level": level} for goal in d["goals"] for level in d["levels"]]
    cells = alt.Chart(_data(grid)).mark_rect(fill="white", stroke=GRID).encode(x=x, y=y)
    categories = list(ASSESSMENT_COLOURS)
    marks = (
        alt.Chart(_data(d["values"]))
        .mark_text(fontSize=26, baseline="middle")
        .encode(
            x=x,
            y=y,
            text=alt.Text("symbol:N"),
            color=alt.Color(
                "category:N",
                legend=None,
                scale=alt.Scale(domain=categories, range=[ASSESSMENT_COLOURS[c] for c in categories]),
            ),
        )
    )
    layers = [cells, marks]
    drawn = [v for v in d["values"] if v.get("shape")]
    if drawn:  # symbols the fonts may lack (emoji) are drawn as their path, never typed
        layers.append(
            alt.Chart(_data(drawn))
            .mark_point(size=420, filled=False, strokeWidth=2.2, opacity=1)
            .encode(
                x=x,
                y=y,
                shape=alt.Shape("shape:N", scale=None, legend=None),
                color=alt.Color(
                    "category:N",
                    legend=None,
                    scale=alt.Scale(domain=categories, range=[ASSESSMENT_COLOURS[c] for c in categories]),
                ),
            )
        )
    return _compose(
        "layer",
        layers,
        width=WIDTH,
        height=alt.Step(d["step"]),
        autosize=alt.AutoSizeParams(type="fit-x", contains="padding"),
    )
