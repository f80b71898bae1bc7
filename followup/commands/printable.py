"""One report as a single printable HTML document, assembled from the built site.

Used by `pdf` (followup/commands/pdf.py) and the single-file export (followup/commands/export.py).

The report's pages are the links of `nav[data-report-nav]` on the report's start page
(`<org>/<report>/index.html`), in reading order. For each page the server-rendered `<main>`
(fetched and parsed, so no script runs and no enhancement controls are added) is taken, its ids are prefixed so they stay
unique, links between the report's pages become #anchors, and its headings move one level
down. A first part holds the report's metadata (title, organisation, period, decision date,
diarienummer, ...) and a table of contents. The result is loaded in Chromium at a virtual URL
beside the report's pages, so the site's stylesheets and chart files resolve.
"""

from __future__ import annotations

import contextlib
import html
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from followup.build.pipeline import check_project as load_project
from followup.build.pipeline import is_published, parse_report_key
from followup.build.publish import BuildLocked, PublishError, build_site
from followup.commands import browser as fb
from followup.commands.browser import BrowserMissing
from followup.commands.options import add_report_argument, add_site_dir_option
from followup.console import Reporter
from followup.errors import DataErrors, FollowupError, has_errors
from followup.fileio import atomic_write
from followup.i18n import _
from followup.model.formatting import format_date
from followup.site.branding import logo_path

if TYPE_CHECKING:  # keep `import followup.printable` light: the CLI imports it for every command
    from followup.project import ReportBundle

PRINT_NAME = "__utskrift__.html"  # virtual: served by a route, never written into site/

# Runs in the report's start page: fetches page number `n` (its server-rendered HTML, parsed
# with DOMParser, so no script runs) and returns its <main> contents ready to be placed in
# section `n`, and the page's title and headings for the table of contents.
EXTRACT_JS = r"""
async ({n, pages, url}) => {
  const response = await fetch(url);
  if (!response.ok) return {error: url + ': HTTP ' + response.status};
  const document = new DOMParser().parseFromString(await response.text(), 'text/html');
  const prefix = 'p' + n + '-';
  const pageIndex = new Map(pages.map((u, i) => [u, i + 1]));
  const main = document.querySelector('main, [role=main]');
  if (!main) return null;
  const root = main.cloneNode(true);
  root.querySelectorAll('script, noscript, template, .skip-link, nav[data-report-nav], [data-no-print], form, '
                        + 'select, input, textarea').forEach(e => e.remove());
  // Labels of removed controls.
  root.querySelectorAll('label').forEach(l => { if (!l.control && l.htmlFor) l.remove(); });
  // Sort buttons in table headers become plain text.
  root.querySelectorAll('button').forEach(b => b.replaceWith(...b.childNodes));
  const idRefAttrs = ['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns', 'aria-details',
                      'aria-activedescendant', 'aria-errormessage', 'aria-flowto', 'for', 'headers', 'list'];
  const base = url;
  const mapUrl = (value) => {
    let u;
    try { u = new URL(value, base); } catch (e) { return value; }
    const hash = u.hash ? decodeURIComponent(u.hash.slice(1)) : '';
    u.hash = '';
    if (u.pathname.endsWith('/')) u.pathname += 'index.html';
    const target = pageIndex.get(u.href);
    if (target !== undefined) return '#p' + target + (hash ? '-' + hash : '');
    return u.href + (hash ? '#' + encodeURIComponent(hash) : '');
  };
  for (const el of [root, ...root.querySelectorAll('*')]) {
    if (el.id) el.id = prefix + el.id;
    for (const a of idRefAttrs) {
      const v = el.getAttribute(a);
      if (v) el.setAttribute(a, v.split(/\s+/).filter(Boolean).map(t => prefix + t).join(' '));
    }
    for (const attr of [...el.attributes]) {
      if (attr.value.includes('url(#')) el.setAttribute(attr.name, attr.value.replace(/url\(#/g, 'url(#' + prefix));
    }
    for (const a of ['href', 'xlink:href']) {
      const v = el.getAttribute(a);
      if (v === null) continue;
      if (v.startsWith('#')) { el.setAttribute(a, v.length > 1 ? '#' + prefix + v.slice(1) : '#p' + n); continue; }
      if (/^(mailto|tel|data|javascript):/i.test(v)) continue;
      el.setAttribute(a, mapUrl(v));
    }
    for (const a of ['src', 'data']) {
      const v = el.getAttribute(a);
      if (v && !v.startsWith('data:')) el.setAttribute(a, new URL(v, base).href);
    }
    if (el.hasAttribute('srcset')) el.removeAttribute('srcset');
  }
  // Headings one level down: the printed document has one h1 (the report title).
  for (const h of [...root.querySelectorAll('h1, h2, h3, h4, h5')].reverse()) {
    const level = parseInt(h.tagName[1], 10);
    const repl = document.createElement('h' + (level + 1));
    for (const attr of h.attributes) repl.setAttribute(attr.name, attr.value);
    repl.append(...h.childNodes);
    h.replaceWith(repl);
  }
  let first = root.querySelector('h2');
  if (first && !first.id) first.id = prefix + 'rubrik';
  const headings = [...root.querySelectorAll('h3')].filter(h => h.id)
      .map(h => ({id: h.id, text: h.textContent.trim()}));
  const h1 = document.querySelector('h1');
  return {
    html: root.innerHTML,
    title: first ? first.textContent.trim() : (h1 ? h1.textContent.trim() : document.title),
    headingId: first ? first.id : '',
    headings,
    stylesheets: [...document.querySelectorAll('link[rel~=stylesheet]')]
        .map(l => ({href: new URL(l.getAttribute('href'), base).href, media: l.media || 'all'})),
  };
}
"""

PRINT_CSS = """
.print-cover { break-after: page; padding-top: 30mm; }
.print-cover h1 { font-size: 2.4rem; margin: 1rem 0 1.5rem; overflow-wrap: break-word; hyphens: auto; }
.print-logo { display: block; max-height: 28mm; max-width: 70mm; margin-bottom: 12mm; }
.print-org { font-size: 1.1rem; margin: 0; }
.print-status { display: inline-block; font-weight: bold; letter-spacing: .08em; color: #a00000; border: 2px solid #a00000;
  padding: .1rem .5rem; margin: 0 0 1rem; }
.print-meta { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.25rem; margin: 1.5rem 0; }
.print-meta dt { font-weight: bold; }
.print-meta dd { margin: 0; }
.print-document .print-toc { display: block !important; }
.print-toc { break-after: avoid; }
.print-toc ol { list-style: none; padding-left: 0; }
.print-toc ol ol { padding-left: 1.5rem; }
.print-toc li { margin: .2rem 0; }
.print-page { break-before: auto; }
/* Chapters follow one another without forcing a new page (a forced break leaves the end of every
   short chapter as a near-empty page); a rule and space mark where the next one begins. */
.print-page + .print-page { border-top: 1px solid #999; margin-top: 8mm; padding-top: 4mm; }
@media print {
  .print-skip { display: none; }
  details > summary { display: none; }
}
"""


@dataclass
class PrintableReport:
    bundle: "ReportBundle"
    page_urls: list[str]
    sections: list[dict] = field(default_factory=list)
    stylesheets: list[dict] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.bundle.report.title


def report_url(base_url: str, bundle: "ReportBundle") -> str:
    return f"{base_url}{bundle.org_id}/{bundle.report_id}/index.html"


def print_url(base_url: str, bundle: "ReportBundle") -> str:
    return f"{base_url}{bundle.org_id}/{bundle.report_id}/{PRINT_NAME}"


class PrintError(FollowupError):
    pass


PAGE_URLS_JS = r"""
async (start) => {
  const response = await fetch(start);
  if (!response.ok) return {error: start + ' is missing from the built site (HTTP ' + response.status + ')'};
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  return {urls: [...doc.querySelectorAll('nav[data-report-nav] a[href]')].map(a => {
    const u = new URL(a.getAttribute('href'), start);
    u.hash = '';
    if (u.pathname.endsWith('/')) u.pathname += 'index.html';
    return u.href;
  })};
}
"""


#: The change log of the site's versions is for readers of the site, not part of the decided
#: document that the PDF and the Word file reproduce.
NOT_PRINTED = "andringar.html"


def report_page_urls(page, base_url: str, bundle: "ReportBundle") -> list[str]:
    """Absolute URLs (no fragment) of the report's pages in reading order, from nav[data-report-nav]."""
    start = report_url(base_url, bundle)
    result = page.evaluate(PAGE_URLS_JS, start)
    if "error" in result:
        raise PrintError(result["error"])
    ordered = [start]
    for url in result["urls"]:
        if url not in ordered and url.startswith(base_url) and not url.endswith(f"/{NOT_PRINTED}"):
            ordered.append(url)
    return ordered


def collect(browser, base_url: str, bundle: "ReportBundle") -> PrintableReport:
    """Read every page of the report from the served site (as served: no script runs on them)."""
    context = browser.new_context(bypass_csp=True)
    try:
        # An empty page at the report's address: the pages are fetched from there (same origin).
        page = context.new_page()
        blank = print_url(base_url, bundle)
        page.route(
            blank,
            lambda route: route.fulfill(
                status=200, content_type="text/html; charset=utf-8", body="<!DOCTYPE html><title>-</title>"
            ),
        )
        page.goto(blank)
        urls = report_page_urls(page, base_url, bundle)
        printable = PrintableReport(bundle, urls)
        for n, url in enumerate(urls, start=1):
            section = page.evaluate(EXTRACT_JS, {"n": n, "pages": urls, "url": url})
            if section is None:
                raise PrintError(f"{url} has no <main>")
            if "error" in section:
                raise PrintError(section["error"])
            printable.sections.append(section)
            for sheet in section["stylesheets"]:
                if sheet not in printable.stylesheets:
                    printable.stylesheets.append(sheet)
        return printable
    finally:
        context.close()


def metadata_rows(bundle: "ReportBundle") -> list[tuple[str, str]]:
    """(label, value) pairs for the first page, in Swedish; only the fields the report has."""

    report, org = bundle.report, bundle.organisation
    decision = report.decision
    rows = [
        ("Dokumenttyp", str(report.document_type).capitalize()),
        ("Organisation", org.name),
        ("Nämnd", report.board),
        ("Förvaltning", report.administration),
        ("Projekt", report.project),
        ("Period", str(report.period)),
        ("Beslutsinstans", decision.body if decision else None),
        ("Beslutsdatum", format_date(decision.date) if decision and decision.date else None),
        ("Diarienummer", report.registration_number),
        ("Dokumentansvarig", report.owner),
        ("Framtagen med", report.prepared_by),
        ("Senast reviderad", format_date(report.revised) if report.revised else None),
        ("Status", report.status.capitalize() if report.status else None),
    ]
    return [(label, value) for label, value in rows if value]


#: A mark on every page of a report that is not final, by status. Any other status than
#: `fastställd` is marked with its own name, so a status added later is never printed unmarked.
STATUS_MARKS = {"utkast": "UTKAST", "förslag": "Förslag till beslut"}
FINAL_STATUSES = {"fastställd"}


def status_label(bundle: "ReportBundle") -> str | None:
    """The mark for every page ("Utkast", "Förslag till beslut", …), None for a final report."""
    status = str(getattr(bundle.report, "status", "") or "")
    if not status or status in FINAL_STATUSES:
        return None
    return STATUS_MARKS.get(status, status.capitalize())


def subject_of(bundle: "ReportBundle") -> str:
    """The document's subject (PDF and Word metadata): document type and period, in Swedish."""
    report = bundle.report
    kind = str(report.document_type).capitalize()
    return f"{kind} {report.period}" if report.period else kind


def document_html(printable: PrintableReport, *, head_extra: str = "", stylesheet_links: bool = True) -> str:
    """The whole printable report as one HTML document (resources still as absolute URLs)."""
    e = html.escape
    bundle = printable.bundle
    meta = "\n".join(f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in metadata_rows(bundle))
    toc_items = []
    for n, section in enumerate(printable.sections, start=1):
        sub = "".join(f'<li><a href="#{e(h["id"])}">{e(h["text"])}</a></li>' for h in section["headings"])
        toc_items.append(f'<li><a href="#p{n}">{e(section["title"])}</a>' + (f"<ol>{sub}</ol>" if sub else "") + "</li>")
    sections = "\n".join(
        f'<section class="print-page" id="p{n}"'
        + (f' aria-labelledby="{e(s["headingId"])}"' if s["headingId"] else "")
        + f">\n{s['html']}\n</section>"
        for n, s in enumerate(printable.sections, start=1)
    )
    links = ""
    if stylesheet_links:
        links = "\n".join(f'<link rel="stylesheet" href="{e(s["href"])}" media="{e(s["media"])}">' for s in printable.stylesheets)
    subtitle = " · ".join(x for x in (bundle.organisation.name, bundle.report.board) if x)
    logo_url = logo_path(bundle.org_id, bundle.organisation)
    logo = f'<img class="print-logo" src="/{e(logo_url)}" alt="Logotyp för {e(bundle.organisation.name)}">\n' if logo_url else ""
    label = status_label(bundle)
    status = f'<p class="print-status">{e(label)}</p>\n' if label else ""
    return f"""<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(printable.title)}</title>
{links}
<style>{PRINT_CSS}</style>
{head_extra}
</head>
<body class="print-document">
<a class="skip-link print-skip" href="#main">Hoppa till innehållet</a>
<main id="main" tabindex="-1">
<header class="print-cover">
{logo}<p class="print-org">{e(subtitle)}</p>
<h1>{e(printable.title)}</h1>
{status}<dl class="print-meta">
{meta}
</dl>
</header>
<nav class="print-toc" aria-labelledby="print-toc-heading">
<h2 id="print-toc-heading">Innehåll</h2>
<ol>{"".join(toc_items)}</ol>
</nav>
{sections}
</main>
</body>
</html>
"""


def open_document(context, base_url: str, printable: PrintableReport, document: str):
    """Open `document` in a new page of `context` at the report's virtual print URL."""
    url = print_url(base_url, printable.bundle)
    page = context.new_page()
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html; charset=utf-8", body=document))
    page.goto(url, wait_until="load")  # images (charts) are loaded by then
    return page


def find_report(project, spec: str) -> "ReportBundle":
    """'<org>/<report>' -> the bundle; ValueError with the known names otherwise."""
    org_id, _slash, report_id = spec.strip("/").partition("/")
    bundle = project.report(org_id, report_id) if report_id else None
    if bundle is None:
        known = ", ".join(f"{b.org_id}/{b.report_id}" for b in project.reports) or _("inga")
        message = _("okänd rapport '{report}': skriv <organisation>/<rapport>, en av: {known}")
        raise ValueError(message.format(report=spec, known=known))
    return bundle


def output_name(bundle: "ReportBundle", suffix: str) -> str:
    return f"{bundle.org_id}-{bundle.report_id}{suffix}"


def ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_each(bundles, site_dir: Path, out_dir: Path, *, suffix: str, render: Callable[..., bytes | str]) -> list[Path]:
    """Write `<out_dir>/<org>-<report><suffix>` for each bundle, from the built site in `site_dir`
    served to Chromium: `render(browser, base_url, printable)` makes the file's content from the
    assembled report (`collect`)."""
    written = []
    ensure_dir(out_dir)
    with fb.serve_directory(site_dir) as base_url, fb.launch_chromium() as browser:
        for bundle in bundles:
            printable = collect(browser, base_url, bundle)
            target = out_dir / output_name(bundle, suffix)
            atomic_write(target, render(browser, base_url, printable))
            written.append(target)
    return written


# --- the `pdf` and `export` subcommands ------------------------------------------------------


def add_arguments(parser, *, what: str, default_output: str) -> None:
    """The options pdf and export share; `what` is what one report gives, translated ("en PDF")."""
    add_report_argument(parser, _("rapporten, som dess mapp under data/ (t.ex. {report})"))
    parser.add_argument("--all", action="store_true", help=_("skriv {what} för varje rapport").format(what=what))
    add_site_dir_option(parser, _("använd den här redan byggda webbplatsen i stället för att först bygga site/"))
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(default_output),
        metavar=_("MAPP"),
        help=_("mappen filerna skrivs till (standard: {folder}/)").format(folder=default_output),
    )


@contextlib.contextmanager
def built_site(root: Path, bundles: list, given: Path | None) -> Iterator[Path]:
    """The built site to print from: the one given (`--site-dir`), else site/ built first; when a
    report to print is not published (a draft for review), a private temporary build instead, so
    the published site/ never shows it; removed afterwards."""
    if given is not None:
        yield Path(given).resolve()
    elif all(is_published(b) for b in bundles):
        yield Path(build_site(root).site_dir).resolve()
    else:
        with tempfile.TemporaryDirectory(prefix="uppfoljning-utskrift-") as private:
            yield Path(build_site(root, site_dir=Path(private) / "site", everything=True).site_dir).resolve()


def run_command(args, writer, *, what: str) -> int:
    """Shared body of `build.py pdf` and `build.py export`. Exit 0 ok, 1 data/build error, 2 usage error."""
    import sys

    root = Path(getattr(args, "root", None) or Path.cwd()).resolve()
    if bool(args.report) == bool(args.all):
        print(_("fel: ange en rapport (<organisation>/<rapport>) eller --all"), file=sys.stderr)
        return 2

    key = parse_report_key(args.report) if args.report else None
    project, problems = load_project(root, only={key} if key is not None else None)  # just that report
    if has_errors(problems):
        raise DataErrors(problems)  # printed by the CLI like `check` does, exit 1
    try:
        if args.all:
            bundles = [b for b in project.reports if is_published(b)]  # what the built site holds
        else:
            bundles = [find_report(project, args.report)]
    except ValueError as exc:
        print(_("fel: {error}").format(error=exc), file=sys.stderr)
        return 2
    if not bundles:
        print(_("fel: det finns inga rapporter under data/"), file=sys.stderr)
        return 1
    output = args.output if args.output.is_absolute() else root / args.output
    try:
        with built_site(root, bundles, args.site_dir) as site_dir:
            if not (site_dir / "index.html").is_file():
                message = _("fel: {folder} innehåller ingen byggd webbplats (index.html saknas); kör 'python build.py build'")
                print(message.format(folder=site_dir), file=sys.stderr)
                return 2
            # One report at a time takes seconds: a progress bar per report on a terminal (not in CI).
            many = len(bundles) > 1
            tracked = Reporter().track(bundles, what, lambda b: f"{b.org_id}/{b.report_id}") if many else iter(bundles)
            try:
                written = writer(tracked, site_dir, output)
            finally:
                close = getattr(tracked, "close", None)
                if close is not None:
                    close()  # clears the progress line before anything else is printed
    except (BuildLocked, PublishError, BrowserMissing, PrintError) as exc:  # their messages say what to do
        print(_("fel: {error}").format(error=exc), file=sys.stderr)
        return 1
    for path in written:
        try:
            shown = path.relative_to(root)
        except ValueError:
            shown = path
        print(f"{what}: {shown}")
    return 0
