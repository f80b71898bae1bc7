"""Charts on pages: rendering a report's charts through the chart stage, and a chart's data as table cells."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Callable

from followup.errors import Problem
from followup.model import formatting

# --- charts ------------------------------------------------------------------------------


def load_charts(
    bundles: list[Any], summaries: dict, jobs: int | None, root: Path, progress: Callable[[int, int], None] | None = None
) -> tuple[dict, list[Problem]]:
    from followup.charts.report import project_charts  # deferred: Altair and vl-convert are heavy to import

    ordered = [summaries[(b.org_id, b.report_id)] for b in bundles]
    result = project_charts(bundles, ordered, jobs=jobs, cache_dir=root / ".cache" / "charts", progress=progress)
    return result, []


def chart_table_cells(chart: Any) -> tuple[list[str], list[list[str]]]:
    """The chart's data table, Swedish-formatted (the CSV holds the same rows, machine format)."""
    columns = list(getattr(chart, "columns", []) or [])
    headers = []
    for col in columns:
        label = getattr(col, "label", str(col))
        headers.append(label)
    rows = []
    for row in getattr(chart, "rows", []) or []:
        cells = []
        for col, value in zip(columns, row):
            unit = getattr(col, "unit", None)
            if value is None:
                cells.append("–")
            elif unit is None or isinstance(value, str):
                cells.append(str(value))
            else:
                cells.append(formatting.format_value(value, unit, getattr(col, "decimals", None)))
        rows.append(cells)
    return headers, rows


def svg_size(svg: str) -> tuple[int | None, int | None]:
    head = svg[:500]
    w = re.search(r'\bwidth="([0-9.]+)', head)
    h = re.search(r'\bheight="([0-9.]+)', head)
    return (round(float(w.group(1))) if w else None, round(float(h.group(1))) if h else None)
