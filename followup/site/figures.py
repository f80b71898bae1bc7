"""Charts on pages: rendering a report's charts through the chart stage, and a chart's data as table cells."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from followup.errors import Problem
from followup.model import formatting

# --- charts ------------------------------------------------------------------------------


def start_charts(bundles: list[Any], summaries: dict, jobs: int | None, root: Path) -> tuple[dict, Any]:
    """Every chart of the reports, rendering in the workers: (charts by report, PendingCharts)."""
    from followup.charts.report import start_project_charts  # deferred: Altair and vl-convert are heavy to import

    ordered = [summaries[(b.org_id, b.report_id)] for b in bundles]
    return start_project_charts(bundles, ordered, jobs=jobs, cache_dir=root / ".cache" / "charts")


def chart_problems(bundles: list[Any], charts: dict) -> list[Problem]:
    """Located warnings for charts shown as tables (too big, or vl-convert could not draw them);
    asked once every chart has been waited for."""
    from followup.charts.limits import render_problems  # deferred with charts.report (above)

    return [p for b in bundles for p in render_problems(b, charts.get((b.org_id, b.report_id), []))]


def chart_table_cells(chart: Any) -> tuple[list[str], list[list[str]]]:
    """The chart's data table, Swedish-formatted (the CSV holds the same rows, machine format)."""
    columns = list(chart.table.columns)
    headers = []
    for col in columns:
        label = getattr(col, "label", str(col))
        headers.append(label)
    rows = []
    for row in chart.table.rows:
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


def chart_files(chart: Any, base: str) -> list[tuple[str, str]]:
    """(site-relative path, text) of a chart's files: its drawings (wide and narrow), CSV and JSON.
    The CSV is written even when empty; a missing drawing or JSON is not."""
    names = ((".svg", "svg"), ("-smal.svg", "svg_narrow"), (".csv", "csv"), (".json", "json"))
    files = []
    for suffix, attr in names:
        text = getattr(chart, attr, "") or ""
        if text or attr == "csv":
            files.append((f"{base}diagram/{chart.id}{suffix}", text))
    return files
