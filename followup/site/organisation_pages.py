"""An organisation's pages over the years: one page per indicator and per goal that appears in at
least two of its reports (compute/over_years.py), with a chart, its table and every report's value.

Pages: `<org>/over-aren/indikator-<id>.html`, `<org>/over-aren/mal-<id>.html`, and their charts
in `<org>/over-aren/diagram/`. The organisation page links them and shows goal attainment per year.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from followup.check.across_reports import report_order
from followup.compute.over_years import GoalYears, IndicatorYears, OrganisationYears
from followup.i18n import _
from followup.site.figures import chart_files
from followup.site.markdown import RenderOptions, UnknownReference, render_inline, render_markdown

if TYPE_CHECKING:  # pragma: no cover
    from followup.site.render import SiteRenderer

FOLDER = "over-aren"


def _chart_specs(years: OrganisationYears, root: Path, jobs: int | None) -> dict[str, Any]:
    """The series' charts, drawn and rendered through the chart stage (with its cache)."""
    # deferred: Altair and vl-convert are heavy to import (as in site/figures.py)
    from followup.charts.over_years import goal_years_chart, indicator_years_chart  # noqa: PLC0415
    from followup.charts.render import render_charts  # noqa: PLC0415

    charts = [indicator_years_chart(i) for i in years.indicators] + [goal_years_chart(g) for g in years.goals]
    render_charts(charts, jobs=jobs, cache_dir=root / ".cache" / "charts")
    return {c.id: c for c in charts}


def _target_text(target: Any, unit: str, decimals: int | None) -> str:
    from followup.charts.indicators import _target_text as text  # noqa: PLC0415 - the charts' wording of a target

    return text(target, unit, decimals)


def render_organisation_page(renderer: "SiteRenderer", org_id: str, bundles: list[Any]) -> None:
    """The organisation's page (its reports' cards, goal attainment per year) and its pages over the years."""
    url = f"{org_id}/index.html"
    org = bundles[0].organisation
    cards = [renderer.report_card(b) for b in bundles]
    cards.sort(key=lambda c: (-(c["year"] or 0), c["report"].title))
    years: dict[Any, list] = {}
    for c in renderer._all_cards_sorted():
        years.setdefault(c["year"], [])
    series = render_over_years(renderer, org_id, bundles)
    body = renderer._render(
        "organisation.html.j2", org=org, org_id=org_id, cards=cards, over_years=series, **renderer._common(url)
    )
    report_files = sorted(
        {p for b in bundles for p in getattr(b, "source_files", ()) if p.startswith("data/") and p.endswith("/report.yaml")}
    )
    renderer._page(
        url,
        f"{org.name} – {renderer.site_name}",
        body,
        {
            "kind": "organisation",
            "title": f"{org.name} – {renderer.site_name}",
            "breadcrumbs": [{"title": "Start", "url": "index.html"}, {"title": org.name, "url": None}],
            "site_nav": renderer._site_nav(renderer._organisations(renderer.project.reports), years, current=url),
            "sources": [f"data/{org_id}/organisation.yaml", *report_files],
        },
    )


def render_over_years(renderer: "SiteRenderer", org_id: str, bundles: list[Any]) -> OrganisationYears:
    """Write the organisation's series pages and charts; return the series for its overview."""
    ordered = sorted(bundles, key=report_order)
    years = renderer.organisation_years(ordered)
    if not (years.indicators or years.goals):
        return years
    charts = _chart_specs(years, renderer.root, renderer.jobs)
    kept = getattr(renderer, "chart_keys", None)  # the chart cache keeps what the site shows (build/partial.py)
    if kept is not None:
        from followup.charts.render import chart_key  # noqa: PLC0415 - heavy, as in _chart_specs
        from followup.charts.theme import WIDTHS  # noqa: PLC0415

        kept.update(chart_key(c, width) for c in charts.values() for width in WIDTHS.values())
    renderer.result.charts += len(charts)
    base = f"{org_id}/{FOLDER}/"
    org = ordered[0].organisation
    for chart in charts.values():
        for rel, text in chart_files(chart, base):
            renderer._write(rel, text)
    nav_years: dict[Any, list] = {c["year"]: [] for c in renderer._all_cards_sorted()}
    sources = {b.report_id: [p for p in b.source_files if p.startswith("data/")] for b in ordered}
    orgs = renderer._organisations(renderer.project.reports)
    everything: list[IndicatorYears | GoalYears] = [*years.indicators, *years.goals]
    for series in everything:
        url = f"{base}{series.url_name}.html"
        common = renderer._common(url)
        is_indicator = isinstance(series, IndicatorYears)
        chart = charts[series.url_name]
        count = {"n": 0}

        def md(text: Any, values: dict[str, str] | None = None, count: dict = count) -> Markup:
            count["n"] += 1
            options = RenderOptions(heading_offset=2, doc_id=f"t{count['n']}", refs=_TextValues(values or {}))
            return Markup(render_markdown(str(text), options)) if text else Markup("")

        body = renderer._render(
            "over_years_indicator.html.j2" if is_indicator else "over_years_goal.html.j2",
            org=org,
            org_id=org_id,
            series=series,
            figure=Markup(renderer.figure_html(chart, base, common["href"])),
            target_text=_target_text,
            md=md,
            md_inline=lambda text: Markup(render_inline(str(text), RenderOptions())) if text else Markup(""),
            **common,
        )
        name = series.name if isinstance(series, IndicatorYears) else series.title
        title = f"{name} över åren – {org.name} – {renderer.site_name}"
        renderer._page(
            url,
            title,
            body,
            {
                "kind": "organisation",
                "title": title,
                "breadcrumbs": [
                    {"title": "Start", "url": "index.html"},
                    {"title": org.name, "url": f"{org_id}/index.html"},
                    {"title": f"{name} över åren", "url": None},
                ],
                "site_nav": renderer._site_nav(orgs, nav_years, current=f"{org_id}/index.html"),
                "sources": sorted(
                    {
                        path
                        for ref in series.reports
                        for path in sources.get(ref.report_id, [])
                        if path.endswith("indicators.yaml" if is_indicator else "goals.yaml")
                    }
                ),
            },
        )
    return years


class _TextValues:
    """The `{{ värde: … }}` of one report's text on a page over the years (compute/over_years.text_values)."""

    def __init__(self, values: dict[str, str]):
        self.values = values

    def value(self, target: str) -> str:
        if target not in self.values:
            raise UnknownReference(_("okänd referens '{target}'").format(target=target))  # reported on the report's own page
        return self.values[target]

    def chart(self, target: str) -> str:
        raise UnknownReference(_("inget diagram '{target}' på den här sidan").format(target=target))

    def table(self, target: str) -> str:
        raise UnknownReference(_("ingen tabell '{target}' på den här sidan").format(target=target))


def series_url(org_id: str, series: IndicatorYears | GoalYears) -> str:
    return f"{org_id}/{FOLDER}/{series.url_name}.html"
