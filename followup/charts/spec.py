"""The chart object (`ChartSpec`), its data table (`DataTable`, with its CSV and JSON), and the helpers
every chart family draws with."""

from __future__ import annotations

import csv
import functools
import io
import json
import math
from dataclasses import InitVar, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Sequence, TypedDict

from followup.charts.theme import (
    CONFIG,
    LABEL_SIZE,
    PANEL_AXIS_ROOM,
    SCHEMA_URL,
    SERIES_COLOURS,
    SERIES_DASHES,
    SERIES_SHAPES,
    TEXT_SIZE,
    WIDTHS,
)
from followup.compute import summaries as compute
from followup.model.formatting import (
    format_difference,
    format_value,
    natural_decimals,
    unit_suffix,
)

if TYPE_CHECKING:  # pragma: no cover
    from followup.project import ReportBundle


Page = Literal["oversikt", "mal", "indikatorer", "enkater", "ekonomi", "leveranser", "over_tid"]


# --- The chart object ---------------------------------------------------------------------


@dataclass
class TableColumn:
    """A column of a chart's data table: `unit` None means text; otherwise a MeasureUnit."""

    key: str
    label: str
    unit: str | None = None
    decimals: int | None = None
    signed: bool = False  # a difference: shown with + / −


class Placement(TypedDict):
    """Where a chart goes, the same for every chart of a family (`ChartSpec(**placement, …)`): its id
    (the name of its files), the page that shows it, and its subject: the data it is drawn from
    (`<kind>.<id>`, where a warning about the chart is located)."""

    id: str
    page: Page
    subject: str | None


@dataclass
class DataTable:
    """A chart's data table: the page shows it beside the chart (and instead of it when the chart is
    not drawn), and publishes it as CSV (`csv`) and JSON (`json`). A row holds a cell per column."""

    columns: list[TableColumn]
    rows: list[list[Any]]

    @functools.cached_property
    def csv(self) -> str:
        """The table as CSV text (see `to_csv`)."""
        return to_csv(self.columns, self.rows)

    def json(self, chart_id: str, title: str) -> str:
        """The table as JSON, named by its chart (see `to_json`)."""
        return to_json(chart_id, title, self.columns, self.rows)


@dataclass
class ChartSpec:
    """One chart of a report, with everything a page needs to show it accessibly.

    `kind` names the drawing function and `data` is its whole input (plain JSON data), so
    the chart can be drawn (Altair) and rendered (vl-convert) in a worker process and
    cached by its input. `spec` is drawn on first access and `svg` filled in by `render_charts`.
    `table` is the chart's data table (published as `csv` and `json`). `level_axis` is the value axis
    (its domain) of a level chart (lines, dots), which may leave zero out: then the text alternative
    and the note end by saying so (`axis_note`).
    """

    id: str
    title: str
    alt_text: str
    page: Page
    subject: str | None
    kind: str
    data: dict
    table: DataTable
    note: str | None = None  # a sentence for under the chart, e.g. that a total is computed
    level_axis: InitVar[Sequence[float] | None] = None
    svg: str = ""  # the wide drawing (desktop, print)
    svg_narrow: str = ""  # the narrow drawing (phones)
    #: Why the chart is not drawn (too many rows or charts: followup.charts.limits), Swedish; its table stays.
    omitted: str | None = None
    #: Why vl-convert could not render it (the page shows the table instead), for a located warning.
    failed: str | None = None
    _spec: dict | None = field(default=None, repr=False, compare=False)

    def __post_init__(self, level_axis: Sequence[float] | None) -> None:
        if self.kind not in DRAW:  # pragma: no cover - a programming error
            raise KeyError(self.kind)
        if level_axis is not None:
            self.alt_text = join_sentences(self.alt_text, axis_note(level_axis)) or ""
            self.note = join_sentences(self.note, axis_note(level_axis))

    @property
    def spec(self) -> dict:
        """The Vega-Lite spec (drawn with Altair on first use when the SVG came from the cache)."""
        if self._spec is None:
            self._spec = draw_spec(self.kind, self.data, self.title, self.alt_text)
        return self._spec

    @spec.setter
    def spec(self, value: dict) -> None:
        self._spec = value

    @property
    def csv(self) -> str:
        """The chart's data table as CSV."""
        return self.table.csv

    @property
    def json(self) -> str:
        """The chart's data table as JSON, with the chart's id and title."""
        return self.table.json(self.id, self.title)


# --- Values for tables and CSV ---------------------------------------------------------------


def _machine_number(value: Any, decimals: int | None) -> str:
    """7.77, -13225, 6.5: the CSV form of a number, rounded as the table shows it."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return ""
    if decimals is None:
        decimals = natural_decimals(value)
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)
    return format(rounded, "f")


#: Swedish Excel opens a file with these as columns of numbers (its list separator is ";", its
#: decimal separator ","; the BOM tells it the file is UTF-8, so å, ä, ö and − survive).
CSV_BOM = "\ufeff"
CSV_DELIMITER = ";"


def to_csv(columns: Sequence[TableColumn], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text (see the module docstring for the format)."""
    out = io.StringIO()
    out.write(CSV_BOM)
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    header = []
    for column in columns:
        suffix = unit_suffix(column.unit) if column.unit else ""
        already_said = suffix and column.label.endswith(f"({suffix})")
        header.append(f"{column.label} ({suffix})" if suffix and not already_said else column.label)
    writer.writerow([_inert_text(cell) for cell in header])
    for row in rows:
        cells = []
        for column, value in zip(columns, row):
            if column.unit is None:
                cells.append("" if value is None else _inert_text(str(value)))
            else:
                cells.append(_machine_number(value, column.decimals).replace(".", ","))
        writer.writerow(cells)
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"); text
# from the data is prefixed with an apostrophe so it stays text. Numbers are written as numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _json_number(value: Any, decimals: int | None) -> int | float | None:
    """The number the CSV cell holds, as a JSON number (an integer when it has no decimals)."""
    text = _machine_number(value, decimals)
    if not text:
        return None
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else float(number)


def to_json(chart_id: str, title: str, columns: Sequence[TableColumn], rows: Iterable[Sequence[Any]]) -> str:
    """The table as JSON: the same columns, rows and rounded numbers as the CSV, for programs.

    UTF-8, numbers as JSON numbers (not text), a missing value as null; `columns` names each
    column with the CSV's header (`label`) and its unit (`unit`: a MeasureUnit id, null for text).
    """
    csv_header = read_csv(to_csv(columns, []))[0]
    data = {
        "id": chart_id,
        "title": title,
        "columns": [{"key": c.key, "label": label, "unit": c.unit} for c, label in zip(columns, csv_header)],
        "rows": [
            [
                (None if value is None else str(value)) if c.unit is None else _json_number(value, c.decimals)
                for c, value in zip(columns, row)
            ]
            for row in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _inert_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def read_csv(text: str) -> list[list[str]]:
    """Parse chart CSV back into rows of cells (header first; numbers keep their decimal comma)."""
    return list(csv.reader(io.StringIO(text.removeprefix(CSV_BOM)), delimiter=CSV_DELIMITER))


# --- Helpers -------------------------------------------------------------------------------------


def fmt(value: Any, unit: str = "none", decimals: int | None = None) -> str:
    return format_value(value, unit, decimals)


def fmt_diff(value: Any, unit: str = "none", decimals: int | None = None) -> str:
    return format_difference(value, compute.change_unit(unit) if unit != "percent" else "percentage_points", decimals)


def wrap(text: str, width: int, max_lines: int | None = None) -> str:
    """Break `text` into lines of at most `width` characters (at spaces); lines joined by "\\n".

    Axis labels show the lines one under the other (labelExpr split); with `max_lines`
    the rest is cut with an ellipsis.
    """
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = kept[-1][: max(1, width - 1)].rstrip() + "…"
        lines = kept
    return "\n".join(lines)


SPLIT_LINES = "split(datum.label, '\\n')"
UNIT_LABEL_WIDTH = 20


def unit_axis_labels(bundle: "ReportBundle", codes: Sequence[str]) -> dict[str, str]:
    """Axis labels for units: their names (wrapped on at most two lines) when every name fits,
    else their codes (as the source tables do: AVF, BUF, ...). The same choice for the whole axis."""
    units = getattr(bundle, "units", {}) or {}
    names = {code: (units[code].name if code in units else code) for code in codes}
    wrapped = {code: wrap(name, UNIT_LABEL_WIDTH) for code, name in names.items()}
    fits = all(
        len(lines) <= 2 and all(len(line) <= UNIT_LABEL_WIDTH + 2 for line in lines)
        for lines in (w.split("\n") for w in wrapped.values())
    )
    return wrapped if fits else {code: code for code in codes}


def axis_unit_title(unit: str, base: str | None = None) -> str | None:
    suffix = unit_suffix(unit)
    if base and suffix:
        return f"{base} ({suffix})"
    if base:
        return base
    return suffix or None


def number_format(unit: str, values: Iterable[object] = ()) -> str:
    """d3 format for an axis: thousands grouped, decimals only where needed."""
    present = [abs(v) for v in values if isinstance(v, (int, float))]
    if present and max(present) >= 1000:
        return ",.0f"
    return ",.2~f"


#: Said in the text alternative and under a level chart whose value axis does not start at zero.
AXIS_NOT_FROM_ZERO = "Axeln börjar inte vid noll."


def axis_note(domain: Sequence[float]) -> str | None:
    """AXIS_NOT_FROM_ZERO when a level chart's value axis (`domain`) leaves zero out, else None.

    Bars always start at zero (their length is the value); a line or dot chart may zoom in on
    its values, and then says so, so that a reader does not read a small change as a large one.
    """
    low, high = domain[0], domain[-1]
    return AXIS_NOT_FROM_ZERO if low > 0 or high < 0 else None


def join_sentences(*sentences: str | None) -> str | None:
    """The sentences that are there, joined by a space (None when there is none)."""
    present = [s for s in sentences if s]
    return " ".join(present) if present else None


def list_phrase(items: list[str]) -> str:
    """`a`, `a och b`, `a, b och c`."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]


def highest_and_lowest(period: str, values: Sequence[tuple[float, str]], show: Callable[[float], str]) -> str | None:
    """`Högst 2023: A (7,7), lägst: B och C (6,1).`: the names with the highest and the lowest of
    `values` ((value, name) pairs of one period), each value written with `show`; None for fewer than two."""
    if len(values) < 2:
        return None
    high = max(v for v, _ in values)
    low = min(v for v, _ in values)
    return (
        f"Högst {period}: {list_phrase([n for v, n in values if v == high])} ({show(high)}), "
        f"lägst: {list_phrase([n for v, n in values if v == low])} ({show(low)})."
    )


# --- Drawing with Altair ---------------------------------------------------------------------------
#
# Each chart is made in two steps: a `*_chart` function prepares everything from the report
# (texts, numbers, orders, domains: plain JSON data, cheap), and a `_draw_*` function turns that
# data into an Altair chart. Only the second step needs Altair, so it runs where the SVG is
# rendered (a worker process) and only when the chart's input is not in the cache.

DRAW: dict[str, Callable[[dict], Any]] = {}


def drawer(kind: str) -> Callable[[Callable[[dict], Any]], Callable[[dict], Any]]:
    def register(function: Callable[[dict], Any]) -> Callable[[dict], Any]:
        DRAW[kind] = function
        return function

    return register


def load_altair() -> Any:
    import altair  # noqa: PLC0415 - imported where charts are drawn, not by every build

    return altair


def series_scale(alt: Any, domain: list[str], kind: str = "color") -> Any:
    palettes: dict[str, Sequence[object]] = {"color": SERIES_COLOURS, "shape": SERIES_SHAPES, "dash": SERIES_DASHES}
    palette = palettes[kind]
    return alt.Scale(domain=domain, range=palette[: len(domain)] or palette[:1])


#: The data tables of the chart being drawn (see `dataset`); one drawing at a time per process.
_DATASETS: dict[str, list] = {}


def dataset(values: list) -> Any:
    """A reference to a named dataset holding `values`, stored at the top of the spec.

    Altair deep-copies a chart's inline data on every chained call, layer and concatenation;
    a name is cheap to copy.
    """
    name = f"data-{len(_DATASETS)}"
    _DATASETS[name] = values
    return load_altair().Data(name=name)


def _part(chart: Any) -> dict:
    """A chart's Vega-Lite dict without the top-level keys Altair adds to every chart."""
    if isinstance(chart, dict):
        return chart
    spec = chart.to_dict(validate=False)
    for key in ("$schema", "config", "datasets"):
        spec.pop(key, None)
    return spec


def compose(operator: str, parts: Sequence[Any], **properties: Any) -> dict:
    """`alt.layer` / `alt.vconcat` as a plain dict of the parts' dicts.

    Altair's composition deep-copies every part (with all its axes and scales) several times
    over; for a layered, concatenated chart that was 60 % of drawing it (measured). The parts
    are still Altair charts; the result is the same Vega-Lite.
    """
    spec: dict[str, Any] = {operator: [_part(p) for p in parts]}
    for key, value in properties.items():
        spec[key] = value.to_dict(validate=False) if hasattr(value, "to_dict") else value
    return spec


#: The width (px) of the chart being drawn (see theme.WIDTHS); one drawing at a time per process.
_DRAWING = {"width": WIDTHS["wide"]}


def chart_width() -> int:
    """The width of the drawing being made (a whole chart, its axes and labels included)."""
    return _DRAWING["width"]


def panel_width() -> int:
    """The plot width of a panel sized by its plot (its y axis takes PANEL_AXIS_ROOM beside it)."""
    return chart_width() - PANEL_AXIS_ROOM


def draw_spec(kind: str, data: dict, title: str, alt_text: str, width: int = WIDTHS["wide"]) -> dict:
    """The Vega-Lite spec of one chart, `width` px wide: Altair, converted without schema validation."""
    from altair.utils.schemapi import debug_mode  # noqa: PLC0415

    _DATASETS.clear()
    _DRAWING["width"] = width
    try:
        # Altair's debug mode (on by default) validates every object on construction: 40 % of
        # the drawing time, measured. The tests validate every spec against the schema instead.
        with debug_mode(False):
            spec = _part(DRAW[kind](data))
        spec["datasets"] = dict(_DATASETS)
    finally:
        _DATASETS.clear()
        _DRAWING["width"] = WIDTHS["wide"]
    spec["$schema"] = SCHEMA_URL
    spec["config"] = CONFIG
    spec["usermeta"] = {"title": title, "description": alt_text}
    return spec


TOTAL_LABEL = "Totalt"
#: The first cell of a total row that the chart's table computes.
COMPUTED_TOTAL_LABEL = f"{TOTAL_LABEL} (beräknat)"


#: Rough width of one character of TEXT_SIZE text, for leaving room: generous (Liberation Sans digits
#: are 0.556 em), so a wider fallback face still fits.
CHAR_PX = 0.64 * TEXT_SIZE


def _label_px(label: str) -> float:
    return len(label) * CHAR_PX + 8


def value_domain(values: Sequence[dict], plot_px: float) -> list[float]:
    """A zero-based domain with room beside the bars for their value labels (`label`).

    The room is reserved in pixels: the longest label right of a positive bar and left of a
    negative bar must fit inside a plot `plot_px` wide.
    """
    numbers = [v["value"] for v in values]
    low, high = min([*numbers, 0]), max([*numbers, 0])
    right = max([_label_px(v.get("label", "")) for v in values if v["value"] >= 0] or [0])
    left = max([_label_px(v.get("label", "")) for v in values if v["value"] < 0] or [0])
    usable = max(plot_px - left - right, plot_px * 0.3)
    per_px = ((high - low) or 1) / usable
    return [compute._clean(low - left * per_px), compute._clean(high + right * per_px)]


def axis_label_px(labels: Sequence[str]) -> float:
    """Width of a y axis with these (possibly multi-line) labels at LABEL_SIZE."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return longest * 0.62 * LABEL_SIZE + 14


def nice_domain(low: float, high: float, ticks: int = 4) -> list[float]:
    """Round a domain outwards to a 1-2-5 tick step."""
    span = (high - low) or abs(high) or 1
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [compute._clean(math.floor(low / step) * step), compute._clean(math.ceil(high / step) * step)]


def bars_data(
    values: list[dict], order: list[str], series: list[str], unit: str, x_title: str | None, *, zero_line: bool = False
) -> dict:
    """Input of a horizontal grouped bar chart (`_draw_grouped_bars`)."""
    lines = max((label.count("\n") + 1 for label in order), default=1)
    row_height = max(15 * len(series) + 12, 18 * lines + 10)
    return {
        "values": values,
        "order": order,
        "series": series,
        "format": number_format(unit, [v["value"] for v in values]),
        "x_title": x_title,
        "zero_line": zero_line,
        "height": max(60, len(order) * row_height),
    }
