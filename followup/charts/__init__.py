"""Charts of a report: Altair (Vega-Lite) specs rendered to static SVG at build time.

Every chart is built from the computed summaries (followup.compute) and comes with what a
reader without the picture needs: a text alternative that states the finding (computed, in
Swedish format), the chart's data table (`spec.DataTable`: columns and rows), and the same data as
CSV and as JSON.

Design rules, all enforced here rather than left to each chart:

* Swedish numbers in axes and labels: a Vega-Lite format locale for sv-SE (decimal comma,
  NBSP thousands, U+2212 minus) and a Swedish time locale; value labels in marks are
  formatted in Python with followup.model.formatting (Babel), the same as the pages.
* Okabe–Ito colours (colour-blind safe) with dark outlines, and a status or assessment is
  never told by colour alone: the symbol and the word are in the axis or the mark.
* Explicit sort orders on every nominal axis (data or scale order), never alphabetical.
* Drawn only when it earns its place (`charts.rule`: a change over time, a comparison across
  units or a distribution; never a single number, never a repeat of the table above it).
* Two drawings per chart (theme.WIDTHS: wide for desktop and print, narrow for phones), each
  an SVG with a viewBox that the page scales to 100 % of the content column.
* Bars start at zero; a level chart whose axis leaves zero out says so (`ChartSpec(level_axis=…)`);
  value labels keep clear of target lines (`indicators.label_above`).
* Fonts: text is measured with the Liberation Sans that vl-convert carries in memory, never
  with the build machine's fonts (`use_own_fonts`), so the same data gives the same SVG on
  every machine, and rendering takes half the time (an installed font is re-opened from
  disk for every measured glyph; measured in benchmarks/RESULTS.md). The SVG names
  "Liberation Sans, Arial, Helvetica, sans-serif": metric-compatible faces (the same advance
  widths), so text seen on Windows (Arial), macOS/iOS (Helvetica) or Linux (Liberation)
  takes the room it was measured for. No external URL in the SVG.
* Determinism: Vega numbers clip paths per process (clip1, clip2, ...); ids are renamed per
  chart, so the same data gives byte-identical SVG whatever the render order.

CSV format (opens as numbers in Swedish Excel): semicolon-separated, UTF-8 with BOM, CRLF
line ends, numbers with a decimal comma (`7,77`, `-13225`, percent as 6,5) rounded to the
decimals the table shows, no thousands separators, an empty cell for a missing value; the
columns and rows are those of the chart's data table (`charts.spec.read_csv` reads it back).

Speed: each chart is prepared from the report as plain data (`ChartSpec.kind` + `.data`,
cheap) and drawn with Altair only where it is rendered. `render_charts` keeps a
content-addressed cache of SVGs under `.cache/charts/`, keyed by the chart's input (kind,
data, texts, id) plus the source of every module of charts/ and the Altair, vl-convert and Vega-Lite
versions, so a warm cache runs neither Altair nor vl-convert and a code change never serves
a stale picture. Misses are drawn and rendered in parallel worker processes that each warm
vl-convert (and import Altair) once. Altair's schema validation is kept out of this path
(`to_dict(validate=False)`); the tests validate every spec against the Vega-Lite schema.
"""
