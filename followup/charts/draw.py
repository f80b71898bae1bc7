"""Charts of a report: Altair (Vega-Lite) specs rendered to static SVG at build time.

Every chart is built from the computed summaries (followup.compute) and comes with what a
reader without the picture needs: a text alternative that states the finding (computed, in
Swedish format), the chart's data as table columns and rows, and the same data as CSV.

Design rules, all enforced here rather than left to each chart:

* Swedish numbers in axes and labels: a Vega-Lite format locale for sv-SE (decimal comma,
  NBSP thousands, U+2212 minus) and a Swedish time locale; value labels in marks are
  formatted in Python with followup.formatting (Babel), the same as the pages.
* Okabe–Ito colours (colour-blind safe) with dark outlines, and a status or assessment is
  never told by colour alone: the symbol and the word are in the axis or the mark.
* Explicit sort orders on every nominal axis (data or scale order), never alphabetical.
* A fixed width (WIDTH px) with a viewBox, so CSS can scale the SVG down to a phone; fonts
  large enough to stay readable at 390 px.
* Fonts: text is measured with the Liberation Sans that vl-convert carries in memory, never
  with the build machine's fonts (`use_own_fonts`), so the same data gives the same SVG on
  every machine, and rendering takes half the time (an installed font is re-opened from
  disk for every measured glyph; measured in benchmarks/RESULTS.md). The SVG names
  "Liberation Sans, Arial, Helvetica, sans-serif": metric-compatible faces (the same advance
  widths), so text seen on Windows (Arial), macOS/iOS (Helvetica) or Linux (Liberation)
  takes the room it was measured for. No external URL in the SVG.
* Determinism: Vega numbers clip paths per process (clip1, clip2, ...); ids are renamed per
  chart, so the same data gives byte-identical SVG whatever the render order.

CSV format (for machines; helper-8's link tests parse it): RFC 4180, comma-separated,
UTF-8 without BOM, CRLF line ends, numbers in machine format (`7.77`, `-13225`, percent as
6.5) rounded to the decimals the table shows, no thousands separators, an empty cell for a
missing value; the columns and rows are those of the chart's data table.

Speed: each chart is prepared from the report as plain data (`ChartSpec.kind` + `.data`,
cheap) and drawn with Altair only where it is rendered. `render_charts` keeps a
content-addressed cache of SVGs under `.cache/charts/`, keyed by the chart's input (kind,
data, texts, id) plus this module's source and the Altair, vl-convert and Vega-Lite
versions, so a warm cache runs neither Altair nor vl-convert and a code change never serves
a stale picture. Misses are drawn and rendered in parallel worker processes that each warm
vl-convert (and import Altair) once. Altair's schema validation is kept out of this path
(`to_dict(validate=False)`); the tests validate every spec against the Vega-Lite schema.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import html
import importlib.metadata
import io
import json
import math
import multiprocessing
import os
import re
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal, Sequence

from followup.compute import summaries as compute
from followup.model.formatting import (
    format_difference,
    format_number,
    format_value,
    natural_decimals,
    unit_suffix,
)

if TYPE_CHECKING:  # pragma: no cover
    from followup.project import ReportBundle

# --- Look ---------------------------------------------------------------------------------

WIDTH = 440  # px: the SVG's width; CSS scales it down (viewBox), never up
FONT = "ChartSymbols, Liberation Sans, Arial, Helvetica, sans-serif"
#: ChartSymbols: the status and assessment symbols (● ◐ ○ ✔ ➜ ⇄) from a face that draws them all
#: at one size (Liberation Sans draws ◐ small, Arial lacks it), declared in each SVG with local
#: fonts only and a unicode-range, so letters and digits still come from the faces after it.
SYMBOL_FACE = (
    "@font-face{font-family:ChartSymbols;"
    'src:local("DejaVu Sans"),local("Segoe UI Symbol"),local("Apple Symbols"),local("Noto Sans Symbols2");'
    "unicode-range:U+2190-21FF,U+2300-23FF,U+25A0-27BF,U+2B00-2BFF}"
)
LABEL_SIZE = 15
TEXT_SIZE = 14
INK = "#1a1a1a"
MUTED = "#595959"
GRID = "#dedede"
OUTLINE = "#1a1a1a"

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour vision deficiency.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
}
#: Series colours in order (periods, groups): dark blue first, then high-contrast companions.
SERIES_COLOURS = ["#E69F00", "#0072B2", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
#: Shapes paired with the series colours, so a series is told apart without colour too.
SERIES_SHAPES = ["circle", "diamond", "square", "triangle-up", "triangle-down", "cross", "triangle-right", "wedge"]
SERIES_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6]]

ASSESSMENT_COLOURS = {
    "achieved": OKABE_ITO["bluish_green"],
    "partly_achieved": OKABE_ITO["orange"],
    "not_achieved": OKABE_ITO["vermillion"],
    "not_assessed": OKABE_ITO["grey"],
}
STATUS_COLOURS = {
    "done": OKABE_ITO["bluish_green"],
    "handed_over": OKABE_ITO["blue"],
    "partly_done": OKABE_ITO["orange"],
    "in_progress": OKABE_ITO["sky_blue"],
    "not_started": OKABE_ITO["reddish_purple"],
    "replaced": OKABE_ITO["grey"],
    "cancelled": OKABE_ITO["vermillion"],
}
SIGN_COLOURS = {"negative": OKABE_ITO["vermillion"], "positive": OKABE_ITO["bluish_green"]}

MINUS = "\u2212"
NBSP = "\u00a0"

NUMBER_LOCALE = {
    "decimal": ",",
    "thousands": NBSP,
    "grouping": [3],
    "currency": ["", NBSP + "kr"],
    "minus": MINUS,
    "percent": NBSP + "%",
    "nan": "–",
}
TIME_LOCALE = {
    "dateTime": "%A den %-d %B %Y %X",
    "date": "%Y-%m-%d",
    "time": "%H:%M:%S",
    "periods": ["fm", "em"],
    "days": ["söndag", "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag"],
    "shortDays": ["sön", "mån", "tis", "ons", "tor", "fre", "lör"],
    "months": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
               "oktober", "november", "december"],
    "shortMonths": ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"],
}

CONFIG: dict[str, Any] = {
    "locale": {"number": NUMBER_LOCALE, "time": TIME_LOCALE},
    "font": FONT,
    "background": "white",
    "padding": 6,
    "aria": False,
    "view": {"stroke": None},
    "axis": {
        "labelFontSize": LABEL_SIZE,
        "titleFontSize": LABEL_SIZE,
        "titleFontWeight": "normal",
        "labelColor": INK,
        "titleColor": INK,
        "domainColor": MUTED,
        "tickColor": MUTED,
        "gridColor": GRID,
        # No truncation: labels are wrapped in Python (`wrap`), and a limit makes Vega measure
        # every label again (20 % of rendering, measured) only to hide text from the reader.
        "labelLimit": 0,
        "labelPadding": 4,
    },
    "legend": {
        "orient": "top",
        "labelFontSize": LABEL_SIZE,
        "titleFontSize": LABEL_SIZE,
        "titleFontWeight": "normal",
        "labelColor": INK,
        "titleColor": INK,
        "symbolSize": 160,
        "symbolStrokeColor": OUTLINE,
        "symbolStrokeWidth": 1,
        "labelLimit": 0,
        "columnPadding": 14,
    },
    "text": {"fontSize": TEXT_SIZE, "color": INK},
    "title": {"fontSize": LABEL_SIZE + 1, "color": INK, "anchor": "start", "fontWeight": "normal"},
}

#: Bump when the SVG post-processing changes, so cached SVGs are rendered again.
RENDER_REVISION = "3"
DEFAULT_CACHE_DIR = Path(".cache") / "charts"
#: The Vega-Lite schema the specs follow: the one the pinned Altair ships (a test checks they agree).
SCHEMA_VERSION = "v6.4.1"
SCHEMA_URL = f"https://vega.github.io/schema/vega-lite/{SCHEMA_VERSION}.json"
VL_VERSION = SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4": the vl-convert Vega-Lite version

Page = Literal["oversikt", "mal", "indikatorer", "enkater", "ekonomi", "leveranser"]


# --- The chart object ---------------------------------------------------------------------


@dataclass
class TableColumn:
    """A column of a chart's data table: `unit` None means text; otherwise a MeasureUnit."""

    key: str
    label: str
    unit: str | None = None
    decimals: int | None = None
    signed: bool = False  # a difference: shown with + / −


@dataclass
class ChartSpec:
    """One chart of a report, with everything a page needs to show it accessibly.

    `kind` names the drawing function and `data` is its whole input (plain JSON data), so
    the chart can be drawn (Altair) and rendered (vl-convert) in a worker process and
    cached by its input. `spec` and `svg` are filled in by `draw_charts`/`render_charts`.
    """

    id: str
    title: str
    alt_text: str
    page: Page
    subject: str | None
    kind: str
    data: dict
    columns: list[TableColumn]
    rows: list[list[Any]]
    csv: str = ""
    note: str | None = None  # a sentence for under the chart, e.g. that a total is computed
    svg: str = ""
    _spec: dict | None = field(default=None, repr=False, compare=False)

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
    def csv_filename(self) -> str:
        return f"{self.id}.csv"

    @property
    def svg_filename(self) -> str:
        return f"{self.id}.svg"


Chart = ChartSpec  # the name the brief uses


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


def to_csv(columns: Sequence[TableColumn], rows: Iterable[Sequence[Any]]) -> str:
    """The table as CSV text (see the module docstring for the format)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
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
                cells.append(_machine_number(value, column.decimals))
        writer.writerow(cells)
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula ("CSV injection"); text
# from the data is prefixed with an apostrophe so it stays text. Numbers are written as numbers.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_text(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def read_csv(text: str) -> list[list[str]]:
    """Parse chart CSV back into rows of cells (header first)."""
    return list(csv.reader(io.StringIO(text)))


# --- Helpers -------------------------------------------------------------------------------------


def _fmt(value: Any, unit: str = "none", decimals: int | None = None) -> str:
    return format_value(value, unit, decimals)


def _fmt_diff(value: Any, unit: str = "none", decimals: int | None = None) -> str:
    return format_difference(value, compute.change_unit(unit) if unit != "percent" else "percentage_points", decimals)


def _slug(text: str) -> str:
    text = text.lower().replace("–", "-")
    text = re.sub(r"[^0-9a-zåäö]+", "-", text).strip("-")
    return text.translate(str.maketrans("åäö", "aao"))


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


def _name(bundle: "ReportBundle", code: str) -> str:
    return compute.unit_name(bundle, code)


def _axis_unit_title(unit: str, base: str | None = None) -> str | None:
    suffix = unit_suffix(unit)
    if base and suffix:
        return f"{base} ({suffix})"
    if base:
        return base
    return suffix or None


def _number_format(unit: str, values: Iterable[float | None] = ()) -> str:
    """d3 format for an axis: thousands grouped, decimals only where needed."""
    present = [abs(v) for v in values if isinstance(v, (int, float))]
    if present and max(present) >= 1000:
        return ",.0f"
    return ",.2~f"


def _list_phrase(items: list[str]) -> str:
    """`a`, `a och b`, `a, b och c`."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " och " + items[-1]


def _chart(
    *,
    id: str,
    title: str,
    alt_text: str,
    page: Page,
    subject: str | None,
    kind: str,
    data: dict,
    columns: list[TableColumn],
    rows: list[list[Any]],
    note: str | None = None,
) -> ChartSpec:
    if kind not in DRAW:  # pragma: no cover - a programming error
        raise KeyError(kind)
    return ChartSpec(
        id=id, title=title, alt_text=alt_text, page=page, subject=subject, kind=kind, data=data,
        columns=columns, rows=rows, csv=to_csv(columns, rows), note=note,
    )


# --- Drawing with Altair ---------------------------------------------------------------------------
#
# Each chart is made in two steps: a `*_chart` function prepares everything from the report
# (texts, numbers, orders, domains: plain JSON data, cheap), and a `_draw_*` function turns that
# data into an Altair chart. Only the second step needs Altair, so it runs where the SVG is
# rendered (a worker process) and only when the chart's input is not in the cache.

DRAW: dict[str, Callable[[dict], Any]] = {}


def _drawer(kind: str) -> Callable[[Callable[[dict], Any]], Callable[[dict], Any]]:
    def register(function: Callable[[dict], Any]) -> Callable[[dict], Any]:
        DRAW[kind] = function
        return function

    return register


def _altair() -> Any:
    import altair  # noqa: PLC0415 - imported where charts are drawn, not by every build

    return altair


def _series_scale(alt: Any, domain: list[str], kind: str = "color") -> Any:
    palette = {"color": SERIES_COLOURS, "shape": SERIES_SHAPES, "dash": SERIES_DASHES}[kind]
    return alt.Scale(domain=domain, range=palette[: len(domain)] or palette[:1])


#: The data tables of the chart being drawn (see `_data`); one drawing at a time per process.
_DATASETS: dict[str, list] = {}


def _data(values: list) -> Any:
    """A reference to a named dataset holding `values`, stored at the top of the spec.

    Altair deep-copies a chart's inline data on every chained call, layer and concatenation;
    a name is cheap to copy.
    """
    name = f"data-{len(_DATASETS)}"
    _DATASETS[name] = values
    return _altair().Data(name=name)


def _part(chart: Any) -> dict:
    """A chart's Vega-Lite dict without the top-level keys Altair adds to every chart."""
    if isinstance(chart, dict):
        return chart
    spec = chart.to_dict(validate=False)
    for key in ("$schema", "config", "datasets"):
        spec.pop(key, None)
    return spec


def _compose(operator: str, parts: Sequence[Any], **properties: Any) -> dict:
    """`alt.layer` / `alt.vconcat` as a plain dict of the parts' dicts.

    Altair's composition deep-copies every part (with all its axes and scales) several times
    over; for a layered, concatenated chart that was 60 % of drawing it (measured). The parts
    are still Altair charts; the result is the same Vega-Lite.
    """
    spec: dict[str, Any] = {operator: [_part(p) for p in parts]}
    for key, value in properties.items():
        spec[key] = value.to_dict(validate=False) if hasattr(value, "to_dict") else value
    return spec


def draw_spec(kind: str, data: dict, title: str, alt_text: str) -> dict:
    """The Vega-Lite spec of one chart: Altair, converted without schema validation."""
    from altair.utils.schemapi import debug_mode  # noqa: PLC0415

    _DATASETS.clear()
    try:
        # Altair's debug mode (on by default) validates every object on construction: 40 % of
        # the drawing time, measured. The tests validate every spec against the schema instead.
        with debug_mode(False):
            spec = _part(DRAW[kind](data))
        spec["datasets"] = dict(_DATASETS)
    finally:
        _DATASETS.clear()
    spec["$schema"] = SCHEMA_URL
    spec["config"] = CONFIG
    spec["usermeta"] = {"title": title, "description": alt_text}
    return spec


def draw_charts(charts: Sequence[ChartSpec]) -> list[ChartSpec]:
    """Fill in `spec` of each chart (in this process; no SVG)."""
    for chart in charts:
        chart.spec  # noqa: B018 - drawn on first access
    return list(charts)


# --- Surveys ---------------------------------------------------------------------------------------

TOTAL_LABEL = "Totalt"


def _survey_units(s: compute.SurveySummary) -> list[str]:
    """Unit codes of a survey in data order (first appearance over the rounds)."""
    return list(dict.fromkeys(u.unit for r in s.rounds for u in r.units))


#: Rough width of one character of TEXT_SIZE text, for leaving room: generous (Liberation Sans digits
#: are 0.556 em), so a wider fallback face still fits.
CHAR_PX = 0.64 * TEXT_SIZE


def _label_px(label: str) -> float:
    return len(label) * CHAR_PX + 8


def _value_domain(values: Sequence[dict], plot_px: float) -> list[float]:
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


def _axis_label_px(labels: Sequence[str]) -> float:
    """Width of a y axis with these (possibly multi-line) labels at LABEL_SIZE."""
    longest = max((len(line) for label in labels for line in label.split("\n")), default=0)
    return longest * 0.62 * LABEL_SIZE + 14


def _nice_domain(low: float, high: float, ticks: int = 4) -> list[float]:
    """Round a domain outwards to a 1-2-5 tick step."""
    span = (high - low) or abs(high) or 1
    raw = span / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return [compute._clean(math.floor(low / step) * step), compute._clean(math.ceil(high / step) * step)]


def survey_question_chart(bundle: "ReportBundle", s: compute.SurveySummary, question_index: int) -> ChartSpec:
    """Scores per unit and round for one question: a dot plot, a line from round to round."""
    survey = s.survey
    question = survey.questions[question_index]
    periods = [r.period for r in s.rounds]
    codes = _survey_units(s)
    labels = unit_axis_labels(bundle, codes)
    values = []
    for r in s.rounds:
        values.append({"unit": TOTAL_LABEL, "period": r.period, "score": r.mean(question.id).mean})
        for code in codes:
            u = r.unit(code)
            values.append({"unit": labels[code], "period": r.period, "score": u.scores.get(question.id) if u else None})
    values = [v for v in values if v["score"] is not None]
    order = [TOTAL_LABEL] + [labels[c] for c in codes]
    scores = [v["score"] for v in values]
    low = survey.scale.min if survey.scale is not None else min(scores, default=0)
    high = survey.scale.max if survey.scale is not None else max(scores, default=1)
    data = {
        "values": values,
        "order": order,
        "periods": periods,
        "domain": [max(low, math.floor(min(scores)) - 1) if scores else low, high],
        "x_title": question.text + (f" ({survey.scale.label})" if survey.scale and survey.scale.label else ""),
        "step": 36 if any("\n" in label for label in order) else 26,
    }

    first, last = s.rounds[0], s.rounds[-1]
    parts = []
    a, b = first.mean(question.id).mean, last.mean(question.id).mean
    if len(s.rounds) >= 2 and a is not None and b is not None:
        if abs(b - a) < 0.005:
            parts.append(f"{question.text} (totalt) var {_fmt(b, 'score', 2)} både {first.period} och {last.period}.")
        else:
            verb = "steg" if b > a else "sjönk"
            parts.append(
                f"{question.text} (totalt) {verb} från {_fmt(a, 'score', 2)} till {_fmt(b, 'score', 2)} "
                f"mellan {first.period} och {last.period}."
            )
    elif b is not None:
        parts.append(f"{question.text} (totalt) var {_fmt(b, 'score', 2)} {last.period}.")
    latest = [(u.scores.get(question.id), u.name) for u in last.units if u.scores.get(question.id) is not None]
    if len(latest) >= 2:
        top = max(v for v, _ in latest)
        bottom = min(v for v, _ in latest)
        parts.append(
            f"Högst {last.period}: {_list_phrase([n for v, n in latest if v == top])} ({_fmt(top, 'score')}), "
            f"lägst: {_list_phrase([n for v, n in latest if v == bottom])} ({_fmt(bottom, 'score')})."
        )

    columns = [TableColumn("unit", "Enhet")]
    columns += [TableColumn(f"p{k}", p, "score") for k, p in enumerate(periods)]
    if len(periods) >= 2:
        columns.append(TableColumn("change", f"Förändring {periods[0]} – {periods[-1]}", "score", signed=True))
    rows: list[list[Any]] = [
        [f"{TOTAL_LABEL} (beräknat)"]
        + [None if r.mean(question.id).mean is None else round(r.mean(question.id).mean, 2) for r in s.rounds]
    ]
    for code in codes:
        rows.append([_name(bundle, code)] + [(r.unit(code).scores.get(question.id) if r.unit(code) else None) for r in s.rounds])
    if len(periods) >= 2:
        for row in rows:
            a_, b_ = row[1], row[len(periods)]
            row.append(None if a_ is None or b_ is None else compute._clean(round(b_ - a_, 2)))
    return _chart(
        id=f"enkat-{survey.id}-{question.id}",
        title=f"{survey.title}: {question.text} per enhet",
        alt_text=" ".join(parts) or f"{question.text} per enhet.",
        page="enkater",
        subject=f"surveys.{survey.id}",
        kind="survey_scores",
        data=data,
        columns=columns,
        rows=rows,
        note="Totalt är ett beräknat medelvärde, viktat efter antalet svarande per enhet.",
    )


@_drawer("survey_scores")
def _draw_survey_scores(d: dict) -> Any:
    alt = _altair()
    base = alt.Chart(_data(d["values"]))
    y = alt.Y(
        "unit:N",
        sort=d["order"],
        title=None,
        axis=alt.Axis(
            labelExpr=SPLIT_LINES,
            labelFontWeight=alt.ConditionalAxisLabelFontWeight(
                condition={"test": f"datum.value == '{TOTAL_LABEL}'", "value": "bold"}, value="normal"
            ),
            grid=True,
            gridDash=[2, 3],
        ),
    )
    x = alt.X("score:Q", title=d["x_title"], scale=alt.Scale(domain=d["domain"], zero=False, nice=False),
              axis=alt.Axis(format=",.0f", tickMinStep=1))
    periods = d["periods"]
    rule = base.mark_rule(color=MUTED, strokeWidth=2).encode(y=y, x=alt.X("min(score):Q"), x2=alt.X2("max(score):Q"))
    points = base.mark_point(filled=True, size=150, opacity=1, stroke=OUTLINE, strokeWidth=1).encode(
        y=y,
        x=x,
        color=alt.Color("period:N", scale=_series_scale(alt, periods), sort=periods, title=None,
                        legend=alt.Legend(orient="top", direction="horizontal")),
        shape=alt.Shape("period:N", scale=_series_scale(alt, periods, "shape"), sort=periods, title=None),
    )
    return _compose("layer", [rule, points], width=WIDTH, height=alt.Step(d["step"]),
                     autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def _bars_data(values: list[dict], order: list[str], series: list[str], unit: str, x_title: str | None,
               *, zero_line: bool = False) -> dict:
    """Input of a horizontal grouped bar chart (`_draw_grouped_bars`)."""
    lines = max((label.count("\n") + 1 for label in order), default=1)
    row_height = max(15 * len(series) + 12, 18 * lines + 10)
    return {
        "values": values,
        "order": order,
        "series": series,
        "format": _number_format(unit, [v["value"] for v in values]),
        "domain": _value_domain(values, WIDTH - _axis_label_px(order) - 12),
        "x_title": x_title,
        "zero_line": zero_line,
        "height": max(60, len(order) * row_height),
    }


@_drawer("grouped_bars")
def _draw_grouped_bars(d: dict) -> Any:
    """Horizontal bars per category (y, data order) and series (colour + position), with value labels."""
    alt = _altair()
    series = d["series"]
    base = alt.Chart(_data(d["values"]))
    y = alt.Y("category:N", sort=d["order"], title=None, axis=alt.Axis(labelExpr=SPLIT_LINES))
    y_offset = alt.YOffset("series:N", sort=series, scale=alt.Scale(domain=series, paddingInner=0.08))
    x = alt.X("value:Q", title=d["x_title"],
              axis=alt.Axis(format=d["format"], tickCount=4, labelOverlap=True, labelFlush=False),
              scale=alt.Scale(domain=d["domain"], nice=False, zero=True))
    colour = alt.Color("series:N", scale=_series_scale(alt, series), sort=series, title=None,
                       legend=alt.Legend(orient="top", direction="horizontal") if len(series) > 1 else None)
    layers: list[Any] = [base.mark_bar(stroke=OUTLINE, strokeWidth=0.75).encode(y=y, yOffset=y_offset, x=x, color=colour)]
    if d["zero_line"]:
        layers.append(alt.Chart(_data([{"zero": 0}])).mark_rule(color=INK, strokeWidth=1).encode(x=alt.X("zero:Q")))
    layers.append(base.transform_filter("datum.value >= 0").mark_text(align="left", dx=4, baseline="middle").encode(
        y=y, yOffset=y_offset, x=alt.X("value:Q"), text=alt.Text("label:N")))
    layers.append(base.transform_filter("datum.value < 0").mark_text(align="right", dx=-4, baseline="middle").encode(
        y=y, yOffset=y_offset, x=alt.X("value:Q"), text=alt.Text("label:N")))
    return _compose("layer", layers, width=WIDTH, height=d["height"], autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


def survey_respondents_chart(bundle: "ReportBundle", s: compute.SurveySummary) -> ChartSpec:
    """Respondents per unit and round: grouped bars with the numbers written out."""
    survey = s.survey
    periods = [r.period for r in s.rounds]
    codes = _survey_units(s)
    labels = unit_axis_labels(bundle, codes)
    values = []
    for code in codes:
        for r in s.rounds:
            u = r.unit(code)
            if u is not None and u.respondents is not None:
                values.append({"category": labels[code], "series": r.period, "value": u.respondents,
                               "label": format_number(u.respondents, 0)})
    data = _bars_data(values, [labels[c] for c in codes], periods, "count", "Antal svarande")
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
        parts.append(f"Flest svarande {last.period}: {_list_phrase([n2 for n, n2 in latest if n == top])} ({format_number(top, 0)}).")
    if len(s.rounds) >= 2:
        fewer = [c.name for c in s.unit_changes
                 if c.question_id == "respondents" and c.change is not None and c.change < 0 and c.to_period == last.period]
        if fewer:
            parts.append(f"Färre svarande än {s.rounds[-2].period}: {_list_phrase(fewer)}.")
    columns = [TableColumn("unit", "Enhet")] + [TableColumn(f"p{k}", p, "count", 0) for k, p in enumerate(periods)]
    rows = [[name] + [by_period.get(p) for p in periods] for _, name, by_period in s.respondents_by_unit]
    rows.append([f"{TOTAL_LABEL} (beräknat)"] + [r.respondents for r in s.rounds])
    return _chart(
        id=f"enkat-{survey.id}-svarande",
        title=f"{survey.title}: antal svarande per enhet",
        alt_text=" ".join(parts) or "Antal svarande per enhet.",
        page="enkater",
        subject=f"surveys.{survey.id}",
        kind="grouped_bars",
        data=data,
        columns=columns,
        rows=rows,
    )


# --- Indicators ----------------------------------------------------------------------------------

PANEL_WIDTH = WIDTH - 80
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
            return f"{format_number(low, decimals)}–{_fmt(high, unit, decimals)}"
        return f"minst {_fmt(low, unit, decimals)}" if low is not None else f"högst {_fmt(high, unit, decimals)}"
    prefix = {"≥": "minst ", "≤": "högst ", "=": ""}[t.comparison]
    return prefix + _fmt(t.target_value, unit, decimals)


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
    present = [p.value for s in i.series for p in s.points if p.value is not None]
    targets = [t for t in i.targets if t.target_value is not None]
    domain_values = present + [v for t in targets for v in _target_lines(t)]
    low, high = (min(domain_values), max(domain_values)) if domain_values else (0.0, 1.0)
    pad = (high - low) * 0.25 or max(abs(high) * 0.1, 1)
    panels = []
    for index, s in enumerate(i.series):
        group_targets = [t for t in targets if t.group == s.group.id]
        title = s.group.label
        if group_targets:
            title += " – " + ", ".join(f"mål {t.period}: {_target_text(t, unit, decimals)}" for t in group_targets)
        panels.append({
            "values": [{"period": p.period, "value": p.value, "label": "" if p.value is None else format_number(p.value, decimals)}
                       for p in s.points],
            "colour": SERIES_COLOURS[index % len(SERIES_COLOURS)],
            "shape": SERIES_SHAPES[index % len(SERIES_SHAPES)],
            "targets": [v for t in group_targets for v in _target_lines(t)],
            "missing": [{"period": p.period, "text": "uppgift saknas"} for p in s.points if p.value is None],
            "title": title,
        })
    data = {
        "panels": panels,
        "periods": periods,
        "y_domain": _nice_domain(max(0, low - pad) if low >= 0 else low - pad, high + pad),
        "y_title": _indicator_axis_title(indicator),
        "format": _number_format(unit, present),
    }

    parts = []
    changes = [(s.group.label, s.overall) for s in i.series if s.overall is not None]
    if len(changes) == 1:
        c = changes[0][1]
        parts.append(
            f"{indicator.name} {_change_verb(c)} från {_fmt(c.from_value, unit, decimals)} ({c.from_period}) "
            f"till {_fmt(c.to_value, unit, decimals)} ({c.to_period})."
        )
    elif changes:
        first_period, last_period = changes[0][1].from_period, changes[0][1].to_period
        same_span = all(c.from_period == first_period and c.to_period == last_period for _, c in changes)
        phrases = [
            f"{label.lower()} från {_fmt(c.from_value, unit, decimals)} till {_fmt(c.to_value, unit, decimals)}"
            + ("" if same_span else f" ({c.from_period}–{c.to_period})")
            for label, c in changes
        ]
        parts.append(f"{indicator.name}{f' {first_period}–{last_period}' if same_span else ''}: {_list_phrase(phrases)}.")

    def who(t: compute.TargetResult) -> str:
        return next((s.group.label.lower() for s in i.series if s.group.id == t.group), t.group)

    met = [t for t in i.targets if t.met is True]
    unmet = [t for t in i.targets if t.met is False]
    if len(i.series) <= 1:
        for t in i.targets:
            if t.met is True:
                parts.append(f"Målet för {t.period} ({_target_text(t, unit, decimals)}) nåddes.")
            elif t.met is False:
                parts.append(f"Målet för {t.period} ({_target_text(t, unit, decimals)}) nåddes inte; "
                             f"utfallet var {_fmt(t.actual, unit, decimals)}.")
    else:
        if met:
            parts.append(f"Målet nåddes för {_list_phrase([f'{who(t)} ({t.period})' for t in met])}.")
        if unmet:
            parts.append("Målet nåddes inte för " + _list_phrase(
                [f"{who(t)} ({_fmt(t.actual, unit, decimals)} mot målet {_target_text(t, unit, decimals)})" for t in unmet]
            ) + ".")

    columns = [TableColumn("group", "Grupp")] + [TableColumn(f"p{k}", p, unit, decimals) for k, p in enumerate(periods)]
    target_periods = list(dict.fromkeys(t.period for t in i.targets))
    columns += [TableColumn(f"target-{k}", f"Mål {p}", unit, decimals) for k, p in enumerate(target_periods)]
    rows = []
    for s in i.series:
        row: list[Any] = [s.group.label] + [s.value(p) for p in periods]
        for p in target_periods:
            target = next((t for t in i.targets if t.period == p and t.group == s.group.id), None)
            row.append(target.target_value if target is not None else None)
        rows.append(row)
    notes = [f"{s.group.label} {p.period}: {p.missing_reason}" for s in i.series for p in s.points
             if p.value is None and p.missing_reason]
    return _chart(
        id=f"indikator-{indicator.id}",
        title=indicator.name,
        alt_text=" ".join(parts) or f"{indicator.name} över tid.",
        page="indikatorer",
        subject=f"indicators.{indicator.id}",
        kind="indicator",
        data=data,
        columns=columns,
        rows=rows,
        note=("Uppgift saknas: " + "; ".join(notes) + ".") if notes else None,
    )


@_drawer("indicator")
def _draw_indicator(d: dict) -> Any:
    alt = _altair()
    periods = d["periods"]
    panels = []
    for panel in d["panels"]:
        base = alt.Chart(_data(panel["values"]))
        x = alt.X("period:O", sort=periods, title=None, scale=alt.Scale(domain=periods, padding=0.5), axis=alt.Axis(labelAngle=0))
        y = alt.Y("value:Q", title=d["y_title"], scale=alt.Scale(domain=d["y_domain"], nice=False, zero=False),
                  axis=alt.Axis(format=d["format"], tickCount=4))
        layers: list[Any] = [
            base.mark_line(color=panel["colour"], strokeWidth=2.5).encode(x=x, y=y),
            base.mark_point(filled=True, size=110, color=panel["colour"], stroke=OUTLINE, strokeWidth=1, opacity=1,
                            shape=panel["shape"]).encode(x=x, y=y),
            base.mark_text(baseline="bottom", dy=-9).encode(x=x, y=y, text=alt.Text("label:N")),
        ]
        for target in panel["targets"]:
            target_data = _data([{"value": target, "label": "mål"}])
            layers.append(alt.Chart(target_data).mark_rule(color=INK, strokeDash=[7, 4], strokeWidth=1.5).encode(y=alt.Y("value:Q")))
            layers.append(
                alt.Chart(target_data).mark_text(align="right", baseline="bottom", dy=-3, fontSize=TEXT_SIZE - 1, color=INK)
                .encode(y=alt.Y("value:Q"), x=alt.XValue(value="width"), text=alt.Text("label:N"))
            )
        if panel["missing"]:
            layers.append(
                alt.Chart(_data(panel["missing"]))
                .mark_text(baseline="bottom", dy=-4, fontSize=TEXT_SIZE - 1, color=MUTED, fontStyle="italic")
                .encode(x=alt.X("period:O", sort=periods), y=alt.YValue(value="height"), text=alt.Text("text:N"))
            )
        panels.append(_compose("layer", layers, width=PANEL_WIDTH, height=120, title=panel["title"]))
    return _compose("vconcat", panels, spacing=16) if len(panels) > 1 else panels[0]


# --- Tables ------------------------------------------------------------------------------------------


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
        {"period": r.period, "value": r.difference, "sign": "negative" if r.difference < 0 else "positive",
         "label": format_difference(r.difference, "none")}
        for r in t.rows
    ]
    data = {
        "values": values,
        "periods": periods,
        "amount_title": _axis_unit_title(unit, "Belopp"),
        "amount_format": _number_format(unit, [v["value"] for v in values]),
        "diffs": diffs,
        "diff_title": _axis_unit_title(unit, "Utfall − budget"),
        "diff_format": _number_format(unit, [d["value"] for d in diffs]),
        "diff_domain": _value_domain([{"value": d["value"], "label": "x"} for d in diffs], 140),
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
            parts.append(f"Utfallet var lägre än budget {_list_phrase([r.period for r in under])}.")
        if over:
            parts.append(f"Utfallet var högre än budget {_list_phrase([r.period for r in over])}.")
    if t.rows:
        worst = max(t.rows, key=lambda r: abs(r.difference))
        pct = "" if worst.difference_percent is None else f" ({format_number(worst.difference_percent, 1, signed=True)}{NBSP}%)"
        parts.append(f"Störst avvikelse {worst.period}: {_fmt_diff(worst.difference, unit)}{pct}.")
    columns = [
        TableColumn("period", "Period"),
        TableColumn("budget", "Budget", unit),
        TableColumn("outcome", "Utfall", unit),
        TableColumn("difference", "Differens (utfall − budget)", unit, signed=True),
        TableColumn("difference_percent", "Differens (%)", "percent", 1, signed=True),
    ]
    rows = [[r.period, r.budget, r.outcome, r.difference, r.difference_percent] for r in t.rows]
    if n > 1:
        rows.append([f"{TOTAL_LABEL} (beräknat)", t.total_budget, t.total_outcome, t.total_difference, t.total_difference_percent])
    return _chart(
        id=f"tabell-{table.id}",
        title=f"{table.title}: budget och utfall",
        alt_text=" ".join(parts),
        page="ekonomi",
        subject=f"tables.{table.id}",
        kind="budget",
        data=data,
        columns=columns,
        rows=rows,
    )


@_drawer("budget")
def _draw_budget(d: dict) -> Any:
    alt = _altair()
    periods = d["periods"]
    series = ["Budget", "Utfall"]
    top = alt.Chart(_data(d["values"]), width=PANEL_WIDTH - 20, height=200).mark_bar(
        stroke=OUTLINE, strokeWidth=0.75
    ).encode(
        x=alt.X("period:N", sort=periods, title=None, axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("series:N", sort=series, scale=alt.Scale(domain=series)),
        y=alt.Y("value:Q", title=d["amount_title"], axis=alt.Axis(format=d["amount_format"], tickCount=5)),
        color=alt.Color("series:N", sort=series, title=None,
                        scale=alt.Scale(domain=series, range=[OKABE_ITO["sky_blue"], OKABE_ITO["blue"]]),
                        legend=alt.Legend(orient="top", direction="horizontal")),
    )
    diff_base = alt.Chart(_data(d["diffs"]))
    diff_x = alt.X("period:N", sort=periods, title=None, axis=alt.Axis(labelAngle=0, orient="bottom"))
    diff_y = alt.Y("value:Q", title=d["diff_title"], axis=alt.Axis(format=d["diff_format"], tickCount=4),
                   scale=alt.Scale(domain=d["diff_domain"], nice=False))
    diff_bars = diff_base.mark_bar(stroke=OUTLINE, strokeWidth=0.75).encode(
        x=diff_x, y=diff_y,
        color=alt.Color("sign:N", legend=None,
                        scale=alt.Scale(domain=["negative", "positive"], range=[SIGN_COLOURS["negative"], SIGN_COLOURS["positive"]])),
    )
    zero = alt.Chart(_data([{"zero": 0}])).mark_rule(color=INK).encode(y=alt.Y("zero:Q"))
    labels_negative = diff_base.transform_filter("datum.value < 0").mark_text(baseline="top", dy=4).encode(
        x=diff_x, y=alt.Y("value:Q"), text=alt.Text("label:N"))
    labels_positive = diff_base.transform_filter("datum.value >= 0").mark_text(baseline="bottom", dy=-4).encode(
        x=diff_x, y=alt.Y("value:Q"), text=alt.Text("label:N"))
    bottom = _compose("layer", [diff_bars, zero, labels_negative, labels_positive], width=PANEL_WIDTH - 20, height=140,
                       title="Differens (utfall − budget)")
    return _compose("vconcat", [top, bottom], spacing=20, resolve={"scale": {"color": "independent"}})


def per_unit_chart(bundle: "ReportBundle", t: compute.PerUnitSummary) -> ChartSpec:
    """Values per unit and period (e.g. results per pilot unit and year): grouped bars around zero."""
    table = t.table
    unit = table.unit
    labels = unit_axis_labels(bundle, [r.unit for r in t.rows])
    values = []
    for row in t.rows:
        for p in t.periods:
            v = row.values.get(p)
            if v is not None:
                values.append({"category": labels[row.unit], "series": p, "value": v, "label": format_number(v, signed=True)})
    data = _bars_data(values, [labels[r.unit] for r in t.rows], t.periods, unit,
                      _axis_unit_title(unit, table.title.split(" per ")[0]), zero_line=True)
    parts = []
    totals = [(p, t.totals.get(p)) for p in t.periods if t.totals.get(p) is not None]
    if totals:
        parts.append(f"Totalt {_list_phrase([f'{format_difference(v, unit)} ({p})' for p, v in totals])}.")
    last = t.periods[-1]
    latest = [(r.values.get(last), r.name) for r in t.rows if r.values.get(last) is not None]
    if len(latest) >= 2:
        hi = max(v for v, _ in latest)
        lo = min(v for v, _ in latest)
        parts.append(
            f"Högst {last}: {_list_phrase([n for v, n in latest if v == hi])} ({format_difference(hi, unit)}), "
            f"lägst: {_list_phrase([n for v, n in latest if v == lo])} ({format_difference(lo, unit)})."
        )
    for p in t.periods:
        names = [r.name for r in t.rows if (r.values.get(p) or 0) < 0]
        if names:
            parts.append(f"Negativt {p}: {_list_phrase(names)}.")
    columns = [TableColumn("unit", "Enhet")] + [TableColumn(f"p{k}", p, unit, signed=True) for k, p in enumerate(t.periods)]
    rows = [[r.name] + [r.values.get(p) for p in t.periods] for r in t.rows]
    rows.append([f"{TOTAL_LABEL} (beräknat)"] + [t.totals.get(p) for p in t.periods])
    return _chart(
        id=f"tabell-{table.id}",
        title=table.title,
        alt_text=" ".join(parts) or table.title,
        page="ekonomi",
        subject=f"tables.{table.id}",
        kind="grouped_bars",
        data=data,
        columns=columns,
        rows=rows,
    )


def before_after_chart(bundle: "ReportBundle", t: compute.BeforeAfterSummary) -> ChartSpec:
    """Before and after per unit: grouped bars with the amounts written out."""
    table = t.table
    unit = table.unit
    labels = unit_axis_labels(bundle, [r.unit for r in t.rows])
    values = []
    for row in t.rows:
        for p, v in ((t.before, row.before), (t.after, row.after)):
            if v is not None:
                values.append({"category": labels[row.unit], "series": p, "value": v, "label": format_number(v)})
    data = _bars_data(values, [labels[r.unit] for r in t.rows], [t.before, t.after], unit,
                      _axis_unit_title(unit, "Kostnad" if "ostnad" in table.title else "Belopp"))
    complete = [r for r in t.rows if r.change is not None]
    lower = [r.name for r in complete if r.change < 0]
    higher = [r.name for r in complete if r.change > 0]
    parts = []
    if lower:
        parts.append(f"Lägre {t.after} än {t.before} för {len(lower)} av {len(complete)}: {_list_phrase(lower)}.")
    if higher:
        parts.append(f"Högre för {len(higher)} av {len(complete)}: {_list_phrase(higher)}.")
    if t.total_before is not None and t.total_after is not None:
        pct = "" if t.total_change_percent is None else f", {format_number(t.total_change_percent, 1, signed=True)}{NBSP}%"
        parts.append(f"Totalt {_fmt(t.total_before, unit, 0)} ({t.before}) och {_fmt(t.total_after, unit, 0)} ({t.after}){pct}.")
    columns = [
        TableColumn("unit", "Enhet"),
        TableColumn("before", t.before, unit),
        TableColumn("after", t.after, unit),
        TableColumn("change", "Förändring", unit, signed=True),
        TableColumn("change_percent", "Förändring (%)", "percent", 1, signed=True),
    ]
    rows = [[r.name, r.before, r.after, r.change, r.change_percent] for r in t.rows]
    rows.append([f"{TOTAL_LABEL} (beräknat)", t.total_before, t.total_after, t.total_change, t.total_change_percent])
    return _chart(
        id=f"tabell-{table.id}",
        title=f"{table.title}: {t.before} och {t.after}",
        alt_text=" ".join(parts) or table.title,
        page="ekonomi",
        subject=f"tables.{table.id}",
        kind="grouped_bars",
        data=data,
        columns=columns,
        rows=rows,
    )


def breakdown_chart(bundle: "ReportBundle", t: compute.BreakdownSummary) -> ChartSpec:
    """Amounts that add up to a total: one bar per item, its name written above the bar."""
    table = t.table
    unit = table.unit
    values = [
        {"category": r.label, "name": wrap(r.label, 46, 3).split("\n"), "value": r.amount,
         "label": format_number(r.amount) + ("" if r.share_percent is None else f" ({format_number(r.share_percent, 0)}{NBSP}%)")}
        for r in t.rows
    ]
    data = {
        "values": values,
        "order": [r.label for r in t.rows],
        "step": 36 + 18 * max(len(v["name"]) for v in values),
        "x_title": _axis_unit_title(unit, "Belopp"),
        "format": _number_format(unit, [v["value"] for v in values]),
        "domain": _value_domain(values, WIDTH - 12),
    }
    parts = []
    if t.total is not None:
        parts.append(f"Totalt {_fmt(t.total, unit, 0)}{' (cirka)' if table.approximate else ''}.")
    biggest = max(t.rows, key=lambda r: r.amount)
    share = "" if biggest.share_percent is None else f", {format_number(biggest.share_percent, 0)}{NBSP}% av totalen"
    parts.append(f"Störst: {biggest.label} ({_fmt(biggest.amount, unit, 0)}{share}).")
    columns = [TableColumn("label", "Post"), TableColumn("amount", "Belopp", unit), TableColumn("share", "Andel (%)", "percent", 0)]
    rows = [[r.label, r.amount, r.share_percent] for r in t.rows]
    rows.append([f"{TOTAL_LABEL} (beräknat)", t.total, 100 if t.total else None])
    return _chart(
        id=f"tabell-{table.id}",
        title=table.title,
        alt_text=" ".join(parts),
        page="ekonomi",
        subject=f"tables.{table.id}",
        kind="breakdown",
        data=data,
        columns=columns,
        rows=rows,
    )


@_drawer("breakdown")
def _draw_breakdown(d: dict) -> Any:
    alt = _altair()
    step = d["step"]
    base = alt.Chart(_data(d["values"]))
    y = alt.Y("category:N", sort=d["order"], title=None, axis=None, scale=alt.Scale(paddingInner=0, paddingOuter=0))
    x = alt.X("value:Q", title=d["x_title"], axis=alt.Axis(format=d["format"], tickCount=4, grid=False),
              scale=alt.Scale(domain=d["domain"], nice=False))
    bar_offset = step / 2 - 14  # the bar sits at the bottom of its row, the name right above it
    bars = base.mark_bar(color=OKABE_ITO["blue"], stroke=OUTLINE, strokeWidth=0.75, height=20, yOffset=bar_offset).encode(y=y, x=x)
    amounts = base.mark_text(align="left", dx=4, yOffset=bar_offset).encode(y=y, x=alt.X("value:Q"), text=alt.Text("label:N"))
    names = base.mark_text(align="left", baseline="top", yOffset=bar_offset - 13, lineHeight=18,
                           dy={"expr": "-18 * length(datum.name)"}).encode(y=y, x=alt.XValue(value=0), text=alt.Text("name:N"))
    return _compose("layer", [bars, amounts, names], width=WIDTH, height=alt.Step(step),
                     autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


# --- Deliverables and goals -------------------------------------------------------------------------


def deliverables_chart(bundle: "ReportBundle", d: compute.DeliverableSummary) -> ChartSpec:
    """Deliverables per status: bars in scale order, each status named with its symbol and word."""
    labels = [wrap(f"{c.level.symbol} {c.level.label}", 20) for c in d.by_status]
    categories = list(dict.fromkeys(c.level.category for c in d.by_status))
    high = max([c.count for c in d.by_status] + [1])
    data = {
        "values": [{"status": label, "category": c.level.category, "count": c.count, "label": format_number(c.count, 0)}
                   for label, c in zip(labels, d.by_status)],
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
    columns = [TableColumn("status", "Status"), TableColumn("completed", "Räknas som slutförd")] + group_columns + [
        TableColumn("count", "Antal", "count", 0)
    ]
    rows = []
    for c in d.by_status:
        row: list[Any] = [f"{c.level.symbol} {c.level.label}", "ja" if c.level.completed else "nej"]
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
    y = alt.Y("status:N", sort=d["order"], title=None, axis=alt.Axis(labelExpr=SPLIT_LINES), scale=alt.Scale(paddingInner=0.25))
    colour = alt.Color("category:N", legend=None, scale=alt.Scale(domain=d["categories"], range=d["colours"]))
    high = d["high"]
    x = alt.X("count:Q", title="Antal leveranser", axis=alt.Axis(format="d", tickMinStep=1, tickCount=min(high, 5)),
              scale=alt.Scale(domain=[0, high * 1.15], nice=False))
    bars = base.mark_bar(stroke=OUTLINE, strokeWidth=0.75).encode(y=y, x=x, color=colour)
    text = base.mark_text(align="left", dx=4).encode(y=y, x=alt.X("count:Q"), text=alt.Text("label:N"))
    return _compose("layer", [bars, text], width=WIDTH, height=alt.Step(d["step"]),
                     autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


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
            {"goal": title, "level": wrap(goal.level.label, 8), "symbol": goal.level.symbol, "category": goal.level.category}
            for title, goal in zip(goal_titles, g.goals) if goal.level is not None
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
    columns = [TableColumn("perspective", "Perspektiv"), TableColumn("goal", "Mål"), TableColumn("assessment", "Bedömning")]
    rows = [[goal.perspective_title, goal.title, f"{goal.level.symbol} {goal.level.label}" if goal.level else "ingen bedömning"]
            for goal in g.goals]
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
    x = alt.X("level:N", sort=d["levels"], title=None, scale=alt.Scale(domain=d["levels"]),
              axis=alt.Axis(orient="top", labelAngle=0, labelExpr=SPLIT_LINES, domain=False, ticks=False))
    y = alt.Y("goal:N", sort=d["goals"], title=None, axis=alt.Axis(labelExpr=SPLIT_LINES, domain=False, ticks=False))
    grid = [{"goal": goal, "level": level} for goal in d["goals"] for level in d["levels"]]
    cells = alt.Chart(_data(grid)).mark_rect(fill="white", stroke=GRID).encode(x=x, y=y)
    categories = list(ASSESSMENT_COLOURS)
    marks = alt.Chart(_data(d["values"])).mark_text(fontSize=26, baseline="middle").encode(
        x=x, y=y, text=alt.Text("symbol:N"),
        color=alt.Color("category:N", legend=None,
                        scale=alt.Scale(domain=categories, range=[ASSESSMENT_COLOURS[c] for c in categories])),
    )
    return _compose("layer", [cells, marks], width=WIDTH, height=alt.Step(d["step"]),
                     autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))


# --- All charts of a report ---------------------------------------------------------------------------


def build_charts(bundle: "ReportBundle", summary: compute.ReportSummary | None = None) -> list[ChartSpec]:
    """Every chart of the report, prepared but not drawn (see draw_charts / render_charts), in page order."""
    if summary is None:
        summary = compute.summarize(bundle)
    charts: list[ChartSpec] = []
    if summary.goals is not None and summary.goals.total >= 2:
        charts.append(goals_chart(bundle, summary.goals))
    for i in summary.indicators:
        if any(p.value is not None for s in i.series for p in s.points):
            charts.append(indicator_chart(bundle, i))
    for s in summary.surveys:
        for index, question in enumerate(s.survey.questions):
            if any(r.mean(question.id).mean is not None for r in s.rounds):
                charts.append(survey_question_chart(bundle, s, index))
        if any(u.respondents is not None for r in s.rounds for u in r.units):
            charts.append(survey_respondents_chart(bundle, s))
    for t in summary.tables:
        if isinstance(t, compute.BudgetSummary):
            charts.append(budget_chart(bundle, t))
        elif isinstance(t, compute.PerUnitSummary):
            charts.append(per_unit_chart(bundle, t))
        elif isinstance(t, compute.BeforeAfterSummary):
            charts.append(before_after_chart(bundle, t))
        elif isinstance(t, compute.BreakdownSummary) and len(t.rows) >= 3:
            charts.append(breakdown_chart(bundle, t))
    if summary.deliverables is not None and summary.deliverables.total:
        charts.append(deliverables_chart(bundle, summary.deliverables))
    seen: dict[str, int] = {}
    for chart in charts:  # ids unique within the report
        count = seen.get(chart.id, 0)
        seen[chart.id] = count + 1
        if count:
            chart.id = f"{chart.id}-{count + 1}"
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
) -> dict[tuple[str, str], list[ChartSpec]]:
    """Every chart of every report, drawn and rendered in one pool (use this in a build of many reports)."""
    summaries = list(summaries) if summaries is not None else [None] * len(bundles)
    result: dict[tuple[str, str], list[ChartSpec]] = {}
    everything: list[ChartSpec] = []
    for bundle, summary in zip(bundles, summaries):
        charts = build_charts(bundle, summary)
        result[(bundle.org_id, bundle.report_id)] = charts
        everything.extend(charts)
    render_charts(everything, jobs=jobs, cache_dir=cache_dir)
    return result


# --- Rendering -------------------------------------------------------------------------------------------

_ROOT_OPEN = re.compile(r"<svg\b[^>]*>")
_ID = re.compile(r'\bid="([^"]+)"')
_INNER_ARIA = re.compile(r'\s(?:role|aria-roledescription|aria-label)="[^"]*"')


def _version(module: str) -> str:
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    """What else shapes a chart besides its input: this module's code and the tool versions."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    for part in (_version("altair"), _version("vl-convert-python"), VL_VERSION, RENDER_REVISION):
        h.update(b"\0" + part.encode("utf-8"))
    return h.hexdigest()


def chart_key(chart: ChartSpec) -> str:
    """Content address of a chart's SVG: its input (kind, data, texts, id) and the code fingerprint."""
    payload = json.dumps(
        [chart.kind, chart.data, chart.title, chart.alt_text, chart.id],
        sort_keys=True, ensure_ascii=False, separators=(",", ":"),
    )
    return hashlib.sha256((_code_fingerprint() + payload).encode("utf-8")).hexdigest()


def cache_key(spec: dict) -> str:
    """Content address of the SVG of a ready Vega-Lite spec (for render_charts on plain specs)."""
    payload = json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((_code_fingerprint() + "spec" + payload).encode("utf-8")).hexdigest()


def postprocess_svg(svg: str, *, title: str, description: str, id_prefix: str) -> str:
    """Make Vega's SVG accessible and deterministic.

    The root gets role="img", an aria-label and a <title>/<desc>; Vega's inner ARIA roles are
    dropped (the picture is one image); ids (clip paths, numbered per process) are renamed in
    order of appearance with a chart-specific prefix.
    """
    ids = list(dict.fromkeys(_ID.findall(svg)))
    if ids:
        mapping = {old: f"{id_prefix}-{n}" for n, old in enumerate(ids, 1)}
        pattern = re.compile(r'(id="|url\(#|href="#)(' + "|".join(re.escape(i) for i in ids) + r')(?=["\)])')
        svg = pattern.sub(lambda m: m.group(1) + mapping[m.group(2)], svg)
    root = _ROOT_OPEN.search(svg)
    if root is None:  # pragma: no cover - vl-convert always gives an <svg>
        return svg
    body = _INNER_ARIA.sub("", svg[root.end():])
    open_tag = re.sub(r'\s(?:role|aria-label|class)="[^"]*"', "", root.group(0))
    label = html.escape(description, quote=True)
    open_tag = open_tag[:-1] + f' role="img" aria-label="{label}" font-family="{FONT}">'
    head = (
        f"<title>{html.escape(title, quote=False)}</title><desc>{html.escape(description, quote=False)}</desc>"
        f"<style>{SYMBOL_FACE}</style>"
    )
    return svg[: root.start()] + open_tag + head + body


#: A fontconfig file that names no existing font folder (see the comment in it).
NO_SYSTEM_FONTS = Path(__file__).with_name("no-system-fonts.conf")
#: A chart with an axis label: rendering it makes vl-convert load its font database.
_FONT_WARM_UP = {
    "data": {"values": [{"a": "Å"}]},
    "mark": "point",
    "encoding": {"x": {"field": "a", "type": "nominal"}},
}
_own_fonts = False


def use_own_fonts() -> None:
    """Make this process's vl-convert measure text with its built-in fonts only.

    vl-convert reads the fontconfig file named by FONTCONFIG_FILE once, when it first measures
    text; it is set for that moment only, so programs started later (Chromium for PDFs) still
    see the machine's fonts.
    """
    global _own_fonts
    if _own_fonts:
        return
    import vl_convert  # noqa: PLC0415

    saved = os.environ.get("FONTCONFIG_FILE")
    os.environ["FONTCONFIG_FILE"] = str(NO_SYSTEM_FONTS)
    try:
        vl_convert.vegalite_to_svg(_FONT_WARM_UP, vl_version=VL_VERSION)
    finally:
        if saved is None:
            os.environ.pop("FONTCONFIG_FILE", None)
        else:
            os.environ["FONTCONFIG_FILE"] = saved
    _own_fonts = True


def _warm() -> None:
    """Process initializer: import Altair and start vl-convert (with its own fonts) once per worker.

    Ctrl-C reaches the whole process group: the build process handles it and ends the workers,
    so a worker ignores it (else every worker would print a traceback).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _altair()
    use_own_fonts()


def _render_raw(spec: dict) -> str:
    import vl_convert  # noqa: PLC0415

    use_own_fonts()
    return vl_convert.vegalite_to_svg(spec, vl_version=VL_VERSION)


def _work(job: tuple) -> tuple[dict, str]:
    """Draw (Altair) and render (vl-convert) one chart: ("chart", kind, data, title, alt, id) or ("spec", spec, id)."""
    if job[0] == "chart":
        _, kind, data, title, alt_text, chart_id = job
        spec = draw_spec(kind, data, title, alt_text)
    else:
        _, spec, chart_id = job
        meta = spec.get("usermeta") or {}
        title, alt_text = meta.get("title", ""), meta.get("description", "")
    svg = postprocess_svg(_render_raw(spec), title=title, description=alt_text, id_prefix=chart_id)
    return spec, svg


def _mp_context() -> Any:
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])  # the server imports this module once; workers fork from it
        return context
    return multiprocessing.get_context("spawn")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


#: Below this many charts to draw and render, a pool costs more than it saves.
PARALLEL_THRESHOLD = 6

#: Workers started ahead by `start_workers` (one build at a time per process).
_early_pool: ProcessPoolExecutor | None = None


def _ready() -> None:
    """A task that makes the pool start a worker (and run its initializer) now."""


def start_workers(jobs: int | None = None) -> None:
    """Start and warm the chart workers now, so that their start-up (Altair import, vl-convert's
    runtime) overlaps loading and checking the data: 1 s of a one-report rebuild (measured).
    `render_charts` uses them; `stop_workers` ends them (call it in a `finally`)."""
    global _early_pool
    workers = default_jobs() if jobs is None else max(1, jobs)
    if _early_pool is not None or workers < 2 or threading.current_thread() is not threading.main_thread():
        return  # the preview server builds in a thread: it keeps the pool of render_charts
    _early_pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_warm)
    for _ in range(workers):
        _early_pool.submit(_ready)


def stop_workers() -> None:
    """End the workers of `start_workers` now, also in the middle of a chart (an interrupted build)."""
    global _early_pool
    pool, _early_pool = _early_pool, None
    if pool is not None:
        _end_pool(pool)


def _end_pool(pool: ProcessPoolExecutor) -> None:
    """Shut a pool down without waiting for the chart a worker is on (its workers ignore Ctrl-C)."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join(timeout=5)


def _cache_path(cache: Path, key: str) -> Path:
    return cache / key[:2] / f"{key}.svg"


def render_charts(
    items: Sequence[ChartSpec | dict],
    jobs: int | None = None,
    cache_dir: Path | str | None = DEFAULT_CACHE_DIR,
    *,
    ids: Sequence[str] | None = None,
) -> list[str]:
    """The SVG of each chart (or plain Vega-Lite spec), in order; charts get `svg` (and `spec`) set.

    A chart's SVG is cached by its input (`chart_key`): on a hit neither Altair nor vl-convert
    runs. Misses are drawn and rendered in worker processes when there are enough of them.
    `cache_dir=None` disables the cache; `jobs` defaults to the usable CPUs, 1 renders here.
    `ids` names plain specs (their SVG ids are prefixed with it).
    """
    cache = Path(cache_dir) if cache_dir is not None else None
    results: list[str | None] = [None] * len(items)
    todo: dict[str, list[int]] = {}
    jobs_by_key: dict[str, tuple] = {}
    for index, item in enumerate(items):
        if isinstance(item, ChartSpec):
            key = chart_key(item)
            job: tuple = ("chart", item.kind, item.data, item.title, item.alt_text, item.id)
        else:
            key = cache_key(item)
            name = ids[index] if ids is not None else f"c-{key[:12]}"
            job = ("spec", item, name)
            key = hashlib.sha256((key + name).encode("utf-8")).hexdigest()
        if cache is not None:
            path = _cache_path(cache, key)
            if path.is_file():
                results[index] = path.read_text(encoding="utf-8")
                continue
        todo.setdefault(key, []).append(index)
        jobs_by_key[key] = job
    if todo:
        keys = list(todo)
        work = [jobs_by_key[k] for k in keys]
        workers = min(default_jobs() if jobs is None else max(1, jobs), len(work))
        chunksize = max(1, len(work) // (workers * 4))
        if _early_pool is not None and len(work) > 1:  # warm already (start_workers); stopped by the build
            done = list(_early_pool.map(_work, work, chunksize=chunksize))
        elif workers > 1 and len(work) >= PARALLEL_THRESHOLD:
            pool = ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context(), initializer=_warm)
            try:
                done = list(pool.map(_work, work, chunksize=chunksize))
            finally:
                _end_pool(pool)
        else:
            done = [_work(job) for job in work]
        for key, (spec, svg) in zip(keys, done):
            for index in todo[key]:
                results[index] = svg
                item = items[index]
                if isinstance(item, ChartSpec) and item._spec is None:
                    item._spec = spec
            if cache is not None:
                path = _cache_path(cache, key)
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
                tmp.write_text(svg, encoding="utf-8")
                os.replace(tmp, path)
    for item, svg in zip(items, results):
        if isinstance(item, ChartSpec):
            item.svg = svg or ""
    return [r or "" for r in results]
