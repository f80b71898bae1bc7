"""Where a chart's time goes: Altair spec vs vl-convert, per chart kind, in one process.

    .venv/bin/python benchmarks/chart_cost.py [--reports 20] [--seed 1]

Generates a corpus (benchmarks/corpus.py) into a temporary folder, prepares every chart of it
(`report.build_charts`), then times, for each chart, drawing its Vega-Lite spec with Altair
(`spec.draw_spec`) and rendering that spec to SVG with vl-convert (`render._render_raw`, text
measured with vl-convert's built-in fonts), one chart after another in this process after one
warm-up. Prints milliseconds per chart by kind and in all. CPU-bound and single-threaded: run
it on an idle machine, or read the figures as relative.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

from followup.build.pipeline import check_project  # noqa: E402
from followup.charts import render, report, spec  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        root = corpus.generate(Path(tmp) / "corpus", args.reports, args.seed)
        project, _ = check_project(root)
        prepared = [chart for bundle in project.reports for chart in report.build_charts(bundle)]
    render._warm()
    spec_ms: dict[str, float] = collections.defaultdict(float)
    svg_ms: dict[str, float] = collections.defaultdict(float)
    count: collections.Counter[str] = collections.Counter()
    for chart in prepared:
        started = time.perf_counter()
        drawn_spec = spec.draw_spec(chart.kind, chart.data, chart.title, chart.alt_text)
        drawn = time.perf_counter()
        render._render_raw(drawn_spec)
        spec_ms[chart.kind] += (drawn - started) * 1000
        svg_ms[chart.kind] += (time.perf_counter() - drawn) * 1000
        count[chart.kind] += 1
    print(f"{'kind':<14} {'charts':>6} {'Altair spec':>12} {'vl-convert':>11}  (ms per chart)")
    for kind in count:
        print(f"{kind:<14} {count[kind]:>6} {spec_ms[kind] / count[kind]:>12.1f} {svg_ms[kind] / count[kind]:>11.1f}")
    total = sum(count.values())
    print(f"{'all':<14} {total:>6} {sum(spec_ms.values()) / total:>12.1f} {sum(svg_ms.values()) / total:>11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
