"""The baseline: the same corpus as a user of the usual stack would publish it.

    python benchmarks/usual_stack/make_site.py CORPUS DEST
    (cd DEST && mkdocs build)

Material for MkDocs, every page as a Markdown file (the same pages our build makes: Översikt,
Mål, Indikatorer, Enkäter, Ekonomi, Leveranser per report, plus a start page and one page per
organisation), the numbers as Markdown tables, and every chart as a Vega-Lite spec with its data
inline, drawn in the browser by vega-embed (`<div>` + `<script>vegaEmbed(...)</script>`), the
way the Vega docs and most MkDocs chart recipes show it. The vega scripts are referenced as
vendored files under docs/js/vendor/ like a user who keeps the site self-contained would; they
are not needed to time the build (MkDocs never executes them), so they are not written.

Defaults a user keeps: automatic navigation (every page in the nav), directory URLs, Material's
search plugin, the common Markdown extensions (tables, attr_list, md_in_html, admonition,
footnotes, toc with permalinks).

The Markdown is written straight from the corpus' YAML (the usual stack has no data layer:
users write these tables and specs by hand or with a one-off script); generating it is not part
of the timed build.
"""

from __future__ import annotations

import argparse
import json
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

try:
    Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    Loader = yaml.SafeLoader

VENDOR = ["js/vendor/vega@5.js", "js/vendor/vega-lite@5.js", "js/vendor/vega-embed@6.js"]

MKDOCS_YML = """\
site_name: Uppföljningar och rapporter
site_description: Kommunala uppföljningar och slutrapporter.
theme:
  name: material
  language: sv
  features:
    - navigation.sections
    - navigation.top
    - search.highlight
plugins:
  - search:
      lang: sv
markdown_extensions:
  - tables
  - attr_list
  - md_in_html
  - admonition
  - footnotes
  - toc:
      permalink: true
extra_javascript:
{scripts}
"""

ASSESSMENT = {"uppnatt": "● uppnått", "delvis-uppnatt": "◐ delvis uppnått", "ej-uppnatt": "○ ej uppnått",
              "kan-ej-bedomas": "– kan ej bedömas"}
STATUS = {"slutford": "✔ slutförd", "genomford": "✔ genomförd", "faststalld": "✔ fastställd",
          "overlamnad": "➜ överlämnad", "framtagen-ej-faststalld": "◐ framtagen men ej fastställd",
          "delvis-genomford": "◐ delvis genomförd", "pagar": "◔ pågår", "aterstar": "○ återstår",
          "ersatt": "⇄ ersatt", "utgatt": "✕ utgått"}


def num(value: object, decimals: int = 0) -> str:
    """Swedish number text (the usual stack formats by hand): 7,77 · 295 591 · −13 225."""
    if value is None:
        return "–"
    if isinstance(value, str):
        value = value.replace(" ", "").replace("\u00a0", "").replace(",", ".").replace("−", "-")
    d = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals) if decimals else Decimal(1), ROUND_HALF_UP)
    whole, _, frac = f"{abs(d):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ("−" if d < 0 else "") + "\u00a0".join(groups)
    return f"{text},{frac}" if frac else text


def to_float(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return float(str(value).replace(" ", "").replace("\u00a0", "").replace(",", ".").replace("−", "-"))


def table(header: list[str], rows: list[list[str]]) -> str:
    def cell(text: object) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


class Charts:
    """Vega-Lite specs embedded with vega-embed; ids unique per page."""

    def __init__(self) -> None:
        self.count = 0

    def embed(self, title: str, spec: dict) -> str:
        self.count += 1
        div = f"vis-{self.count}"
        full = {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": title,
            "width": "container",
            **spec,
        }
        payload = json.dumps(full, ensure_ascii=False)
        return (
            f'<figure markdown>\n<div id="{div}" class="vega-chart"></div>\n'
            f"<figcaption>{title}</figcaption>\n</figure>\n"
            f'<script type="text/javascript">vegaEmbed("#{div}", {payload}, {{"actions": false}});</script>\n'
        )


def bar(values: list[dict], x: str, y: str, color: str | None = None, x_type: str = "nominal") -> dict:
    spec: dict = {
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "x": {"field": x, "type": x_type, "sort": None},
            "y": {"field": y, "type": "quantitative"},
        },
    }
    if color:
        spec["encoding"]["color"] = {"field": color, "type": "nominal"}
        spec["encoding"]["xOffset"] = {"field": color}
    return spec


def line(values: list[dict], x: str, y: str, color: str) -> dict:
    return {
        "data": {"values": values},
        "mark": {"type": "line", "point": True, "tooltip": True},
        "encoding": {
            "x": {"field": x, "type": "ordinal"},
            "y": {"field": y, "type": "quantitative"},
            "color": {"field": color, "type": "nominal"},
        },
    }


def load(path: Path) -> dict:
    if not path.is_file():
        return {}
    return yaml.load(path.read_text(encoding="utf-8"), Loader=Loader) or {}


def content_text(corpus: Path, org: str, rep: str, name: str) -> str:
    path = corpus / "content" / org / rep / name
    if not path.is_file():
        return ""
    lines = path.read_text(encoding="utf-8").split("\n")
    body = [ln for ln in lines if not ln.startswith("# ")]
    text = "\n".join(body).strip() + "\n"
    # The usual stack has no value references: the author types the number.
    import re

    return re.sub(r"\{\{\s*värde:\s*[^}]*\}\}", "(se tabell)", text)


def report_pages(corpus: Path, org: str, rep: str, org_name: str, units: dict[str, str]) -> dict[str, str]:
    folder = corpus / "data" / org / rep
    report = load(folder / "report.yaml")
    goals = load(folder / "goals.yaml")
    indicators = load(folder / "indicators.yaml").get("indicators", [])
    surveys = load(folder / "surveys.yaml").get("surveys", [])
    tables = load(folder / "finance.yaml").get("tables", []) + load(folder / "tables.yaml").get("tables", [])
    deliverables = load(folder / "deliverables.yaml")
    pages: dict[str, str] = {}
    title = report["title"]

    # Översikt
    charts = Charts()
    out = [f"# {title}\n", f"**{org_name}** · {report.get('document_type', '')} · {report.get('status', '')} · "
           f"period {report.get('period')}\n"]
    out.append(f"## Sammanfattning\n\n{report.get('summary', '')}\n")
    if report.get("key_figures"):
        out.append("## Nyckeltal\n")
        out.append(table(["Nyckeltal", "Värde", "Period"],
                         [[k["label"], k.get("stated", "–"), k.get("period", "")] for k in report["key_figures"]]))
    for note in report.get("source_notes", []):
        out.append(f'!!! note "Anmärkning"\n    {note["text"]}\n')
    pages["index.md"] = "\n".join(out)

    # Mål
    if goals:
        charts = Charts()
        out = [f"# {goals.get('title') or 'Mål'}\n"]
        counts: dict[str, int] = {}
        for p in goals["perspectives"]:
            for g in p["goals"]:
                counts[ASSESSMENT.get(g.get("assessment"), "ej bedömt")] = counts.get(
                    ASSESSMENT.get(g.get("assessment"), "ej bedömt"), 0) + 1
        out.append(charts.embed("Måluppfyllelse", bar([{"bedömning": k, "antal": v} for k, v in counts.items()],
                                                      "bedömning", "antal")))
        out.append(table(["Bedömning", "Antal mål"], [[k, str(v)] for k, v in counts.items()]))
        for p in goals["perspectives"]:
            out.append(f"## {p['title']}\n")
            for g in p["goals"]:
                out.append(f"### {g['title']}\n\n**Bedömning:** {ASSESSMENT.get(g.get('assessment'), '–')}\n")
                if g.get("description"):
                    out.append(f"{g['description']}\n")
                pr = g.get("priorities")
                if pr:
                    out.append(f"Prioriteringar ({pr.get('set_at', '')}, {pr.get('period', '')}):\n")
                    out.append("\n".join(f"- {item}" for item in pr["items"]) + "\n")
                for s in g.get("sections", []):
                    out.append(f"#### {s['title']}\n")
                    out.append(content_text(corpus, org, rep, s["file"]) if s.get("file") else s.get("body", ""))
                if g.get("assessment_text"):
                    out.append(f"{g['assessment_text']}\n")
        pages["mal.md"] = "\n".join(out)

    # Indikatorer
    if indicators:
        charts = Charts()
        out = ["# Indikatorer\n"]
        for ind in indicators:
            decimals = ind.get("decimals") or 0
            out.append(f"## {ind['name']}\n")
            if ind.get("description"):
                out.append(f"{ind['description']}\n")
            periods = sorted({p for s in ind["series"] for p in s["values"]})
            values = [{"period": p, "grupp": s["group"], "värde": to_float(s["values"].get(p))}
                      for s in ind["series"] for p in periods]
            out.append(charts.embed(ind["name"], line(values, "period", "värde", "grupp")))
            out.append(table(["Grupp", *periods],
                             [[s["group"], *[num(s["values"].get(p), decimals) for p in periods]] for s in ind["series"]]))
            if ind.get("targets"):
                out.append(table(["Mål", "Grupp", "Målvärde"],
                                 [[str(t["period"]), t.get("group", "alla"), num(t.get("value"), decimals)]
                                  for t in ind["targets"]]))
        pages["indikatorer.md"] = "\n".join(out)

    # Enkäter
    if surveys:
        charts = Charts()
        out = ["# Enkäter\n"]
        for s in surveys:
            out.append(f"## {s['title']}\n")
            if s.get("description"):
                out.append(f"{s['description']}\n")
            for q in s["questions"]:
                values = [{"enhet": units.get(u["unit"], u["unit"]), "period": str(r["period"]),
                           "medelvärde": to_float(u["scores"].get(q["id"]))} for r in s["rounds"] for u in r["units"]]
                out.append(f"### {q['text']}\n")
                out.append(charts.embed(q["text"], bar(values, "enhet", "medelvärde", "period")))
                out.append(table(["Enhet", *[str(r["period"]) for r in s["rounds"]]],
                                 [[units.get(u["unit"], u["unit"]),
                                   *[num(next((x["scores"].get(q["id"]) for x in r["units"] if x["unit"] == u["unit"]), None), 2)
                                     for r in s["rounds"]]] for u in s["rounds"][0]["units"]]))
            values = [{"enhet": units.get(u["unit"], u["unit"]), "period": str(r["period"]), "svarande": u.get("respondents")}
                      for r in s["rounds"] for u in r["units"]]
            out.append("### Antal svarande\n")
            out.append(charts.embed("Antal svarande", bar(values, "enhet", "svarande", "period")))
            for r in s["rounds"]:
                out.append(f"#### Omgång {r['period']}\n")
                out.append(table(["Enhet", "Svarande", *[q["text"] for q in s["questions"]]],
                                 [[units.get(u["unit"], u["unit"]), str(u.get("respondents")),
                                   *[num(u["scores"].get(q["id"]), 2) for q in s["questions"]]] for u in r["units"]]))
                if r.get("note"):
                    out.append(f"{r['note']}\n")
        pages["enkater.md"] = "\n".join(out)

    # Ekonomi
    if tables:
        charts = Charts()
        out = ["# Ekonomi\n"]
        for t in tables:
            out.append(f"## {t['title']}\n")
            if t.get("description"):
                out.append(f"{t['description']}\n")
            if t["kind"] == "budget_outcome":
                values = [{"period": str(r["period"]), "serie": k, "belopp": to_float(r[k])}
                          for r in t["rows"] for k in ("budget", "outcome")]
                out.append(charts.embed(t["title"], bar(values, "period", "belopp", "serie")))
                out.append(table(["Period", "Budget", "Utfall", "Differens"],
                                 [[str(r["period"]), num(r["budget"]), num(r["outcome"]),
                                   num(to_float(r["outcome"]) - to_float(r["budget"]))] for r in t["rows"]]))
            elif t["kind"] == "per_unit":
                periods = [str(p) for p in t["periods"]]
                values = [{"enhet": units.get(r["unit"], r["unit"]), "period": p, "belopp": to_float(r["values"].get(p))}
                          for r in t["rows"] for p in periods]
                out.append(charts.embed(t["title"], bar(values, "enhet", "belopp", "period")))
                out.append(table(["Enhet", *periods, "Kommentar"],
                                 [[units.get(r["unit"], r["unit"]), *[num(r["values"].get(p)) for p in periods],
                                   r.get("comment", "")] for r in t["rows"]]))
            else:
                out.append("```json\n" + json.dumps(t.get("rows"), ensure_ascii=False, default=str) + "\n```\n")
        pages["ekonomi.md"] = "\n".join(out)

    # Leveranser
    if deliverables:
        charts = Charts()
        out = ["# Leveranser\n"]
        if deliverables.get("introduction"):
            out.append(f"{deliverables['introduction']}\n")
        counts = {}
        for g in deliverables["groups"]:
            for d in g["items"]:
                counts[STATUS.get(d["status"], d["status"])] = counts.get(STATUS.get(d["status"], d["status"]), 0) + 1
        out.append(charts.embed("Leveranser per status", bar([{"status": k, "antal": v} for k, v in counts.items()],
                                                             "status", "antal")))
        for g in deliverables["groups"]:
            out.append(f"## {g['title']}\n")
            if g.get("description"):
                out.append(f"{g['description']}\n")
            out.append(table(["Leverans", "Status", "Utfall", "Ansvarig"],
                             [[d["title"], STATUS.get(d["status"], d["status"]), d.get("outcome", ""),
                               d.get("responsible", "")] for d in g["items"]]))
        pages["leveranser.md"] = "\n".join(out)
    return pages


def write_usual_project(corpus: Path, dest: Path) -> Path:
    """Write DEST/mkdocs.yml and DEST/docs/ for the corpus at CORPUS."""
    corpus, dest = Path(corpus), Path(dest)
    docs = dest / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    scripts = "\n".join(f"  - {s}" for s in VENDOR)
    (dest / "mkdocs.yml").write_text(MKDOCS_YML.format(scripts=scripts), encoding="utf-8")
    start = ["# Uppföljningar och rapporter\n"]
    for org_dir in sorted(p for p in (corpus / "data").iterdir() if p.is_dir()):
        org = org_dir.name
        organisation = load(org_dir / "organisation.yaml")
        units = {u["code"]: u["name"] for u in organisation.get("units", [])}
        org_lines = [f"# {organisation['name']}\n", "## Rapporter\n"]
        start.append(f"## [{organisation['name']}]({org}/index.md)\n")
        for rep_dir in sorted(p for p in org_dir.iterdir() if p.is_dir()):
            rep = rep_dir.name
            pages = report_pages(corpus, org, rep, organisation["name"], units)
            for name, text in pages.items():
                path = docs / org / rep / name
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
            title = pages["index.md"].split("\n", 1)[0][2:]
            org_lines.append(f"- [{title}]({rep}/index.md)")
            start.append(f"- [{title}]({org}/{rep}/index.md)")
        org_lines.append("\n## Enheter\n")
        org_lines.append(table(["Kod", "Namn"], [[c, n] for c, n in units.items()]))
        (docs / org / "index.md").write_text("\n".join(org_lines) + "\n", encoding="utf-8")
    (docs / "index.md").write_text("\n".join(start) + "\n", encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("dest", type=Path)
    args = parser.parse_args(argv)
    write_usual_project(args.corpus, args.dest)
    print(f"wrote {args.dest}/mkdocs.yml and docs/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
