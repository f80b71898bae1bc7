"""The look every chart shares: size, font, Okabe–Ito colours, symbols, the Swedish Vega-Lite locales
and the Vega-Lite version the specs follow.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    pass


# --- Look ---------------------------------------------------------------------------------

#: Every chart is drawn twice, at these widths (px, the SVG's viewBox): "wide" for the content
#: column of a desktop page (about 815 px at a 1280 px window), "narrow" for a phone's (about
#: 330 px at 390 px). The page shows the one that fits (`NARROW_MEDIA`) and CSS scales it to
#: 100 % of the column, so text stays near its drawn size at every window width.
WIDTHS = {"wide": 800, "narrow": 380}
#: The media query under which a page shows the narrow drawing (screens only: print takes the wide one).
NARROW_MEDIA = "screen and (max-width: 45rem)"
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
    "months": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
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

#: The Vega-Lite schema the specs follow: the one the pinned Altair ships (a test checks they agree).
SCHEMA_VERSION = "v6.4.1"
SCHEMA_URL = f"https://vega.github.io/schema/vega-lite/{SCHEMA_VERSION}.json"
VL_VERSION = SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4": the vl-convert Vega-Lite version

#: Room left of a panel's plot for its y axis (indicator and budget panels are sized by their plot).
PANEL_AXIS_ROOM = 80
