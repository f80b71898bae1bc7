"""Render the site's pages with Jinja2 into a temporary MkDocs docs_dir.

For every page this module renders the page body (the content of `<main>`) from a template
in `templates/pages/` and writes it as a `.md` file: a one-line front matter with the title,
then the finished HTML inside one wrapping `<div>`. MkDocs (run by followup.build.mkdocs_run, with the
hooks in followup.site.mkdocs_hooks) passes the body through unchanged and wraps it in our theme
(`templates/theme/main.html`), which draws the header, breadcrumbs, navigation and footer
from `page_info` (handed to MkDocs as `config.extra.followup.pages`).

Pages (use_directory_urls is false, so the site also browses from file://):

    index.html                       start page: every report, by organisation and by year
    sok.html                         search (MkDocs' search plugin)
    tillganglighet.html              accessibility statement
    skriva-rapport.html              the author guide (followup.site.guide)
    <org>/index.html                 one organisation: its reports and unit registry
    <org>/over-aren/…                its indicators and goals over the years (organisation_pages)
    <org>/<report>/index.html        Översikt; then mal, indikatorer, enkater, ekonomi,
                                     leveranser, tidslinje .html (only those with data),
                                     andringar.html (changes_page), and one page per content/ Markdown file
    <org>/<report>/diagram/<id>.svg|-smal.svg|.csv|.json   chart images (wide, narrow) and their data

Templates run with StrictUndefined and autoescape; all numbers go through
followup.model.formatting and all Markdown through followup.site.markdown. The view models of some
pages live beside this module (organisation_pages, changes_page, accessibility, guide, …).
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import jinja2
from markupsafe import Markup

from followup import config
from followup.charts.theme import NARROW_MEDIA
from followup.compute.over_years import organisation_years
from followup.compute.report import summarize
from followup.compute.summaries import ReportSummary
from followup.console import NullReporter
from followup.errors import Problem
from followup.model import formatting
from followup.project import Project, ReportBundle, content_page_name
from followup.site.accessibility import statement_context
from followup.site.branding import Brand, page_brand, write_brands
from followup.site.changes_page import change_pages
from followup.site.environment import TEMPLATES_DIR, TemplateProblem, make_env, period_label, template_problem
from followup.site.figures import chart_files, chart_problems, chart_table_cells, start_charts, svg_size
from followup.site.guide import render_guide_body
from followup.site.images import copy_images, image_resolver, report_images
from followup.site.labels import (
    status_banner,
)
from followup.site.markdown import RenderOptions, render_inline, render_markdown
from followup.site.navigation import chapter_urls, nav_items, page_helpers, published_chapters
from followup.site.organisation_pages import render_organisation_page
from followup.site.references import PageReferences, check_references
from followup.site.urls import add_scroll_hints, data_date, relative_url, src_of

# Report pages generated from data: key -> (file name, title). Reading order.
REPORT_PAGES: list[tuple[str, str, str]] = [
    ("oversikt", "index.html", "Översikt"),
    ("mal", "mal.html", "Mål"),
    ("indikatorer", "indikatorer.html", "Indikatorer"),
    ("enkater", "enkater.html", "Enkäter"),
    ("ekonomi", "ekonomi.html", "Ekonomi"),
    ("leveranser", "leveranser.html", "Leveranser"),
    ("tidslinje", "tidslinje.html", "Tidslinje"),
]
RESERVED = {name.rsplit(".", 1)[0] for _, name, _ in REPORT_PAGES} | {"diagram", "andringar"}


@dataclass
class RenderedSite:
    page_info: dict[str, dict[str, Any]]  # src_uri (docs-relative .md path) -> chrome for the theme
    problems: list[Problem] = field(default_factory=list)
    charts: int = 0  # number of charts rendered
    files: list[str] = field(default_factory=list)  # every file written, docs-relative
    renderer: Any = field(default=None, repr=False, compare=False)  # set by the build's renderer (build/incremental.py)


@dataclass
class ReportPage:
    key: str  # oversikt, mal, … or "text:<slug>"
    url: str  # site-relative output URL
    title: str
    template: str
    sources: list[str]
    content: Any = None  # ContentPage for text pages


# --- the renderer ----------------------------------------------------------------------


def _files_of(bundles: Iterable[Any], names: tuple[str, ...]) -> list[str]:
    """The data files with these names that the reports were read from (the sources of a page
    listing them), in a stable order."""
    found = {
        path
        for b in bundles
        for path in getattr(b, "source_files", ())
        if path.startswith("data/") and path.rsplit("/", 1)[-1] in names
    }
    return sorted(found)


class SiteRenderer:
    def __init__(
        self,
        project: Project,
        docs_dir: Path,
        *,
        version: Any,
        site_name: str = "Uppföljningar och rapporter",
        templates_dir: Path | None = None,
        jobs: int | None = None,
        accessibility_contact: dict | None = None,
        reporter: Any = None,
        summaries: dict[tuple[str, str], Any] | None = None,
        changes: Any = None,
        report_versions: Callable[[tuple[str, str]], Any] | None = None,
    ):
        self.changes = changes  # each report's changes since earlier publications (build/history.History)
        if reporter is None:
            reporter = NullReporter()
        self.reporter = reporter
        self.project = project
        self.root = Path(project.root)
        self.docs = Path(docs_dir)
        self.version = version  # the site-wide pages'
        self.report_versions = report_versions  # (org, report) -> the version its pages show
        self.site_name = site_name
        self.templates_dir = Path(templates_dir or TEMPLATES_DIR)
        self.env = make_env(self.templates_dir, cache_dir=self.root / ".cache" / "jinja")
        self.jobs = jobs
        self.accessibility_contact = accessibility_contact or {}
        self.result = RenderedSite({})
        self.given_summaries = summaries or {}
        self.summaries: dict[tuple[str, str], Any] = {}
        self.charts: dict[tuple[str, str], list[Any]] = {}
        self.brands: dict[str, Brand] = {}

    # -- helpers --
    def _write(self, rel: str, data: str | bytes) -> None:
        path = self.docs / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            data = data.encode("utf-8")
        path.write_bytes(data)
        self.result.files.append(rel)

    def _render(self, template: str, **ctx: Any) -> str:
        try:
            return self.env.get_template(template).render(**ctx)
        except jinja2.TemplateError as exc:  # a template's own mistake, located for the author
            raise TemplateProblem(template_problem(exc, self.templates_dir, self.root)) from exc

    def _page(
        self, url: str, title: str, body: str, info: dict[str, Any], *, searchable: bool = True, version: Any = None
    ) -> None:
        src = src_of(url)
        # The page title MkDocs knows (search results) leaves out the site name; <title> has it.
        suffix = " – " + self.site_name
        short = title[: -len(suffix)] if title.endswith(suffix) and title != self.site_name else title
        front = "---\ntitle: " + json.dumps(short, ensure_ascii=False) + "\n"
        if not searchable:
            front += "search:\n  exclude: true\n"
        front += "---\n\n"
        body = add_scroll_hints(body)
        self._write(src, front + '<div class="page-body">\n' + body.strip("\n") + "\n</div>\n")
        info.setdefault("sources", [])
        info.setdefault("revised", None)
        version = version or self.version
        info["version"] = version.label
        updated = data_date(getattr(version, "epoch", 0))
        info["updated"] = formatting.format_long_date(updated) if updated else None
        info["updated_iso"] = updated.isoformat() if updated else None
        info["url"] = url
        info.update(page_brand(self.brands, url))
        self.result.page_info[src] = info

    def _site_page(self, url: str, title: str, body: str, *, kind: str, sources: list[str], searchable: bool = True) -> None:
        """A page of the whole site (search, guide, accessibility statement), one step below Start."""
        full = f"{title} – {self.site_name}"
        crumbs = [{"title": "Start", "url": "index.html"}, {"title": title, "url": None}]
        info = {"kind": kind, "title": full, "breadcrumbs": crumbs, "sources": sources}
        self._page(url, full, body, info, searchable=searchable)

    def _common(self, url: str) -> dict[str, Any]:
        def href(target: str) -> str:
            return relative_url(target, url)

        return {"href": href, "page_url": url, "site_name": self.site_name}

    # -- reuse: followup.incremental's renderer overrides these to take unchanged reports from
    #    its cache; a plain build renders every report --
    def reused(self, b: Any) -> bool:
        """Whether report b's files come from the incremental cache instead of being rendered."""
        return False

    def summary_for(self, b: Any) -> Any:
        given = self.given_summaries.get((b.org_id, b.report_id))
        return given if given is not None else summarize(b)

    def reuse_report(self, b: Any) -> None:
        raise NotImplementedError  # pragma: no cover - only called when reused() says so

    # -- whole site --
    def render(self) -> RenderedSite:
        bundles = sorted(self.project.reports, key=lambda b: (b.org_id, b.report_id))
        for b in bundles:
            self.summaries[(b.org_id, b.report_id)] = self.summary_for(b)
        self.brands = write_brands(bundles, self.root, self._write)
        fresh = [b for b in bundles if not self.reused(b)]
        with self.reporter.stage("Diagram"):
            charts, pending = start_charts(fresh, self.summaries, self.jobs, self.root)
        group = {(b.org_id, b.report_id): i for i, b in enumerate(fresh)}
        for b in bundles:
            key = (b.org_id, b.report_id)
            self.charts[key] = list(charts.get(key, []) or [])
            self.result.charts += len(self.charts[key])
        try:
            # A report's pages are rendered as soon as its charts are (the workers go on with the
            # next reports' charts meanwhile): both cores stay busy.
            with self.reporter.stage("Diagram och sidor", total=len(bundles)) as stage:
                for b in bundles:
                    if self.reused(b):
                        self.reuse_report(b)
                    else:
                        pending.wait(group[(b.org_id, b.report_id)])
                        self.render_report(b)
                    stage.advance(f"{b.org_id}/{b.report_id}")
                self.render_start(bundles)
                for org_id in sorted({b.org_id for b in bundles}):
                    self.render_organisation(org_id, [b for b in bundles if b.org_id == org_id])
                self.render_search()
                self.render_accessibility(bundles)
                self.render_guide()
        except TemplateProblem as exc:
            self.result.problems.append(exc.problem)
        finally:
            pending.close()
        self.result.problems.extend(chart_problems(fresh, charts))
        return self.result

    def render_guide(self) -> None:
        """The author guide "Så skriver du en rapport", generated from the models (followup.site.guide)."""
        url = "skriva-rapport.html"
        title, body = render_guide_body(lambda target: relative_url(target, url))
        self._site_page(url, title, body, kind="about", sources=["templates/guide/falt.yaml"])

    # -- cards shared by start and organisation pages --
    def report_card(self, b: Any) -> dict[str, Any]:
        s = self.summaries[(b.org_id, b.report_id)]
        period = b.report.period
        return {
            "bundle": b,
            "report": b.report,
            "organisation": b.organisation,
            "summary": s,
            "url": f"{b.org_id}/{b.report_id}/index.html",
            "org_url": f"{b.org_id}/index.html",
            "year": getattr(getattr(period, "end", None), "year", None),
        }

    def render_start(self, bundles: list[Any]) -> None:
        url = "index.html"
        cards = [self.report_card(b) for b in bundles]
        cards.sort(key=lambda c: (-(c["year"] or 0), c["organisation"].name, c["report"].title))
        years: dict[Any, list] = {}
        for c in cards:
            years.setdefault(c["year"], []).append(c)
        orgs = self._organisations(bundles)
        body = self._render("start.html.j2", cards=cards, years=years, organisations=orgs, **self._common(url))
        self._page(
            url,
            self.site_name,
            body,
            {
                "kind": "start",
                "title": self.site_name,
                "breadcrumbs": [{"title": "Start", "url": None}],
                "site_nav": self._site_nav(orgs, years, current=url),
                "sources": _files_of(bundles, ("report.yaml", "goals.yaml", "deliverables.yaml")),
            },
        )

    def _organisations(self, bundles: list[Any]) -> list[dict[str, Any]]:
        orgs: dict[str, dict[str, Any]] = {}
        for b in bundles:
            o = orgs.setdefault(
                b.org_id, {"id": b.org_id, "name": b.organisation.name, "url": f"{b.org_id}/index.html", "count": 0}
            )
            o["count"] += 1
        return sorted(orgs.values(), key=lambda o: o["name"])

    def _site_nav(self, orgs: list[dict], years: dict, current: str) -> dict[str, Any]:
        return {
            "organisations": [
                {"title": o["name"], "url": o["url"], "current": o["url"] == current, "count": o["count"]} for o in orgs
            ],
            "years": [{"title": str(y) if y else "Okänt år", "url": f"index.html#ar-{y or 'okant'}"} for y in years],
        }

    def organisation_years(self, bundles: list[Any]) -> Any:
        """An organisation's series over the years, its reports in order (a partial build caches them)."""
        return organisation_years(bundles, self.summaries)

    def render_organisation(self, org_id: str, bundles: list[Any]) -> None:
        render_organisation_page(self, org_id, bundles)  # with its pages over the years (site/organisation_pages.py)

    def _all_cards_sorted(self) -> list[dict]:
        cards = [self.report_card(b) for b in self.project.reports]
        cards.sort(key=lambda c: -(c["year"] or 0))
        return cards

    def render_search(self) -> None:
        url = "sok.html"
        body = self._render("search.html.j2", **self._common(url))
        self._site_page(url, "Sök", body, kind="search", sources=[], searchable=False)

    def render_accessibility(self, bundles: list[Any]) -> None:
        url = "tillganglighet.html"
        organisations = [o["name"] for o in self._organisations(bundles)]
        body = self._render(
            "accessibility.html.j2",
            site_contact=self.accessibility_contact,
            organisations=organisations,
            **statement_context(bundles, self.root),
            **self._common(url),
        )
        self._site_page(url, "Tillgänglighetsredogörelse", body, kind="about", sources=["mkdocs.yml"])

    # -- one report --
    def report_pages(self, b: ReportBundle, summary: ReportSummary, charts: list[Any]) -> list[ReportPage]:
        base = f"{b.org_id}/{b.report_id}/"
        files = {Path(p).name: p for p in b.source_files if p.startswith("data/")}
        org_file = f"data/{b.org_id}/organisation.yaml"

        def data(*names: str) -> list[str]:
            return [files[n] for n in names if n in files]

        pages = [
            ReportPage(
                "oversikt",
                base + "index.html",
                "Översikt",
                "report_overview.html.j2",
                data("report.yaml", "goals.yaml", "deliverables.yaml") + [org_file],
            )
        ]
        goal_files = []
        if b.goals is not None:
            for p in getattr(b, "referenced_pages", {}).values():
                goal_files.append(p.path)
            pages.append(
                ReportPage(
                    "mal",
                    base + "mal.html",
                    (b.goals.title or "Mål"),
                    "report_goals.html.j2",
                    data("goals.yaml") + sorted(set(goal_files)),
                )
            )
        if b.indicators is not None:
            pages.append(
                ReportPage(
                    "indikatorer",
                    base + "indikatorer.html",
                    "Indikatorer",
                    "report_indicators.html.j2",
                    data("indicators.yaml"),
                )
            )
        if b.surveys is not None:
            pages.append(
                ReportPage(
                    "enkater",
                    base + "enkater.html",
                    "Enkäter",
                    "report_surveys.html.j2",
                    data("surveys.yaml") + [org_file],
                )
            )
        if b.tables:
            pages.append(
                ReportPage(
                    "ekonomi",
                    base + "ekonomi.html",
                    "Ekonomi och tabeller",
                    "report_economy.html.j2",
                    data("finance.yaml", "tables.yaml") + [org_file],
                )
            )
        if b.deliverables is not None:
            pages.append(
                ReportPage(
                    "leveranser",
                    base + "leveranser.html",
                    summary.deliverables.title if summary.deliverables else "Leveranser",
                    "report_deliverables.html.j2",
                    data("deliverables.yaml"),
                )
            )
        if b.report.timeline:
            pages.append(
                ReportPage("tidslinje", base + "tidslinje.html", "Tidslinje", "report_timeline.html.j2", data("report.yaml"))
            )
        pages += [ReportPage(*page) for page in change_pages(b, base, self.changes, self._write)]  # site/changes_page.py
        for cp in published_chapters(b, pages):
            slug = content_page_name(cp.slug)
            sources = [cp.path]
            if "{{" in cp.markdown:
                sources += [p for p in b.source_files if p.startswith("data/")]
            pages.append(
                ReportPage(f"text:{cp.slug}", base + slug + ".html", cp.title, "report_text.html.j2", sources, content=cp)
            )
        return pages

    def render_report(self, b: Any) -> None:
        key = (b.org_id, b.report_id)
        summary = self.summaries[key]
        charts = self.charts[key]
        base = f"{b.org_id}/{b.report_id}/"
        pages = self.report_pages(b, summary, charts)
        urls = {p.key: p.url for p in pages}
        content_urls = chapter_urls(b, pages)

        for chart in charts:
            for rel, text in chart_files(chart, base):
                self._write(rel, text)
        charts_by_id = {c.id: c for c in charts}
        images = report_images(b)  # local pictures of the content pages, copied next to the pages
        copy_images(images, base, self._write)

        # references, located
        self.result.problems.extend(check_references(b, summary, charts_by_id, self.root))

        report_title = b.report.short_title or b.report.title
        report_nav = nav_items(pages)
        for page in pages:
            common = self._common(page.url)
            href = common["href"]

            def figure(chart: Any, href: Callable = href) -> str:
                return self.figure_html(chart, base, href)

            refs = PageReferences(b, summary, charts_by_id, figure)
            md_counter = {"n": 0}

            def link_resolver(target: str, href: Callable = href) -> str:
                path, sep, frag = target.partition("#")
                name = posixpath.basename(path)
                if name in content_urls and not re.match(r"^[a-z]+:", path):
                    url, own_sep, own_frag = content_urls[name].partition("#")
                    return href(url) + (own_sep + own_frag if own_sep else sep + frag)
                return target

            def md(
                text: Any,
                heading_offset: int = 0,
                min_heading: int = 2,
                table_label: str = "Tabell",
                refs: PageReferences = refs,
                link_resolver: Callable = link_resolver,
                resolve_image: Callable = image_resolver(images, base, href),
            ) -> Markup:
                if not text:
                    return Markup("")
                md_counter["n"] += 1
                opts = RenderOptions(
                    heading_offset=heading_offset,
                    min_heading=min_heading,
                    doc_id=f"t{md_counter['n']}",
                    refs=refs,
                    link_resolver=link_resolver,
                    image_resolver=resolve_image,
                    table_label=table_label,
                )
                return Markup(render_markdown(str(text), opts))

            def md_inline(text: Any, refs: PageReferences = refs) -> Markup:
                if not text:
                    return Markup("")

                md_counter["n"] += 1
                return Markup(render_inline(str(text), RenderOptions(refs=refs, doc_id=f"t{md_counter['n']}")))

            charts_here = [c for c in charts if getattr(c, "page", None) == page.key]
            used: set[str] = set()

            def take_charts(subject: str, charts_here: list = charts_here, used: set = used) -> list:
                found = [c for c in charts_here if getattr(c, "subject", None) == subject and c.id not in used]
                used.update(c.id for c in found)
                return found

            def remaining_charts(charts_here: list = charts_here, used: set = used) -> list:
                rest = [c for c in charts_here if c.id not in used]
                used.update(c.id for c in rest)
                return rest

            groups = {g.id: g.label for g in b.groups}

            def unit_change(sv: Any, unit: str, qid: str, a: str, z: str) -> Any:
                for ch in sv.unit_changes:
                    if ch.unit == unit and ch.question_id == qid and ch.from_period == a and ch.to_period == z:
                        return ch
                return None

            ctx: dict[str, Any] = dict(
                b=b,
                report=b.report,
                org=b.organisation,
                s=summary,
                page=page,
                pages=pages,
                urls=urls,
                base=base,
                charts=charts_here,
                charts_by_id=charts_by_id,
                take_charts=take_charts,
                remaining_charts=remaining_charts,
                group_label=lambda gid, groups=groups: groups.get(gid, gid),
                unit_change=unit_change,
                figure=lambda c, figure=figure: Markup(figure(c)),
                md=md,
                md_inline=md_inline,
                unit_name=lambda code, b=b: b.units[code].name if code in b.units else code,
                content=page.content,
                report_title=report_title,
                **page_helpers(b),
                **common,
            )
            tables_placed = {"n": 0}

            def table_html(ts: Any, ctx: dict = ctx, placed: dict = tables_placed) -> str:
                placed["n"] += 1  # note ids stay unique when a page places several tables
                return self._render("_table_ref.html.j2", ts=ts, prefix=f"tabellref-{placed['n']}-not", **ctx)

            refs.table_html = table_html
            body = self._render(page.template, **ctx)
            crumbs = [
                {"title": "Start", "url": "index.html"},
                {"title": b.organisation.name, "url": f"{b.org_id}/index.html"},
            ]
            if page.key == "oversikt":
                crumbs.append({"title": report_title, "url": None})
                title = f"{b.report.title} – {self.site_name}"
            else:
                crumbs.append({"title": report_title, "url": base + "index.html"})
                crumbs.append({"title": page.title, "url": None})
                title = f"{page.title} – {report_title} – {self.site_name}"
            self._page(
                page.url,
                title,
                body,
                {
                    "kind": "report",
                    "title": title,
                    "breadcrumbs": crumbs,
                    "report_nav": {
                        "title": report_title,
                        "organisation": b.organisation.name,
                        "period": period_label(b.report.period),
                        "items": [dict(item, current=item["url"] == page.url) for item in report_nav],
                    },
                    "sources": page.sources,
                    "revised": formatting.format_date(b.report.revised) if b.report.revised else None,
                    **status_banner(b.report),
                },
                version=self.report_versions(key) if self.report_versions is not None else None,
            )

    def figure_html(self, chart: Any, base: str, href: Callable[[str], str]) -> str:
        headers, rows = chart_table_cells(chart)
        svg = getattr(chart, "svg", "") or ""
        svg_narrow = getattr(chart, "svg_narrow", "") or ""
        width, height = svg_size(svg)
        narrow_width, narrow_height = svg_size(svg_narrow)
        return self._render(
            "_figure.html.j2",
            chart=chart,
            headers=headers,
            rows=rows,
            svg_url=href(f"{base}diagram/{chart.id}.svg") if svg else None,
            narrow_url=href(f"{base}diagram/{chart.id}-smal.svg") if svg and svg_narrow else None,
            narrow_media=NARROW_MEDIA,
            csv_url=href(f"{base}diagram/{chart.id}.csv"),
            json_url=href(f"{base}diagram/{chart.id}.json"),
            width=width,
            height=height,
            narrow_width=narrow_width,
            narrow_height=narrow_height,
        )


def render_project(
    project: Project,
    docs_dir: Path,
    *,
    version: Any,
    jobs: int | None = None,
    templates_dir: Path | None = None,
    site_name: str | None = None,
    accessibility_contact: dict | None = None,
    reporter: Any = None,
    factory: Callable[..., "SiteRenderer"] | None = None,
    summaries: dict[tuple[str, str], Any] | None = None,
    changes: Any = None,
    report_versions: Callable[[tuple[str, str]], Any] | None = None,
) -> RenderedSite:
    """Render every page of the site into `docs_dir`; see the module docstring.
    `factory` makes the renderer (default SiteRenderer; followup.incremental passes its own)."""
    if site_name is None or accessibility_contact is None:
        cfg = config.read_site_config(config.config_file_for(Path(project.root)))
        site_name = site_name or cfg.site_name
        if accessibility_contact is None:
            accessibility_contact = cfg.accessibility_contact
    renderer = (factory or SiteRenderer)(
        project,
        docs_dir,
        version=version,
        site_name=site_name,
        templates_dir=templates_dir,
        jobs=jobs,
        accessibility_contact=accessibility_contact,
        reporter=reporter,
        summaries=summaries,
        changes=changes,
        report_versions=report_versions,
    )
    return renderer.render()
