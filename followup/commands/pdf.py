"""PDF of a whole report through Chromium's print-to-PDF (Playwright `page.pdf`).

The report is assembled into one printable document (followup/commands/printable.py): a first part with
the report's metadata and a table of contents, then every page of the report. It is printed on
A4 with the site's print stylesheet, a running header (title) and a footer with page numbers.
The table of contents gets page numbers in a second pass: the first PDF tells on which page each
section starts (from the PDF's link annotations, read with pypdf).
"""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

from followup.commands import printable as pr
from followup.i18n import _

# Links that would lead back into the served site (start page, other reports) make no sense on
# paper: they become plain text. CSV download links are dropped; collapsed data tables open.
FINALIZE_PDF_JS = r"""
(base) => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  document.querySelectorAll('a[download], a[href$=".csv"]').forEach(a => {
    const parent = a.parentElement;
    a.remove();
    if (parent && parent !== document.body && !parent.textContent.trim() && !parent.querySelector('img,svg,table'))
      parent.remove();
  });
  document.querySelectorAll('a[href]').forEach(a => {
    const href = a.getAttribute('href');
    if (href.startsWith(base)) a.replaceWith(...a.childNodes);
  });
}
"""

HEADER = """<div style="font-size:8px;width:100%;padding:0 14mm;color:#444;font-family:sans-serif;
display:flex;justify-content:space-between"><span>{title}</span>{mark}<span>{org}</span></div>"""
# A report that is not final (a draft, a proposal, …) says so on every page, in the running header.
STATUS_MARK = """<span style="font-size:10px;font-weight:bold;color:#a00000;letter-spacing:0.08em;
border:1px solid #a00000;padding:0 4px">{label}</span>"""
FOOTER = """<div style="font-size:8px;width:100%;padding:0 14mm;color:#444;font-family:sans-serif;
text-align:right">Sida <span class="pageNumber"></span> av <span class="totalPages"></span></div>"""
# The PDF has its own running header and footer (Chromium's header/footer templates); page-number
# margin boxes from the print stylesheet (used when a reader prints from the browser) would double them.
_BOXES = (
    "top-left-corner",
    "top-left",
    "top-center",
    "top-right",
    "top-right-corner",
    "left-top",
    "left-middle",
    "left-bottom",
    "right-top",
    "right-middle",
    "right-bottom",
    "bottom-left-corner",
    "bottom-left",
    "bottom-center",
    "bottom-right",
    "bottom-right-corner",
)
PDF_CSS = "<style>@page { " + " ".join(f"@{box} {{ content: none; }}" for box in _BOXES) + " }</style>"
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}


def _toc_placeholders(document: str) -> str:
    """Give every table-of-contents entry a page-number slot ('00' until the numbers are known)."""
    return re.sub(
        r'(<li><a href="#([^"]+)">[^<]*</a>)',
        lambda m: m.group(1) + f'<span class="print-toc-page" data-toc="{m.group(2)}"> … 00</span>',
        document,
    )


def _destination_pages(pdf_bytes: bytes) -> dict[str, int]:
    """Page number (1-based) of each internal link target ('#p3-mal') in a PDF printed by Chromium."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf_bytes))
    page_numbers = {page.indirect_reference.idnum: i + 1 for i, page in enumerate(reader.pages)}  # type: ignore[union-attr]  # a page read from a file has its reference; the type allows None for new pages
    targets: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        page = dest.page
        idnum = getattr(page, "idnum", None)
        if idnum is None and hasattr(page, "indirect_reference"):
            idnum = page.indirect_reference.idnum  # type: ignore[union-attr]  # as above: read pages have their reference
        if idnum in page_numbers:
            targets[str(name).lstrip("/")] = page_numbers[idnum]
    return targets


def header_html(bundle, title: str) -> str:
    """Chromium's running header: the report's short title, its status mark when it is not final,
    the organisation."""
    e = html.escape
    label = pr.status_label(bundle)
    return HEADER.format(
        title=e(bundle.report.short_title or title),
        mark=STATUS_MARK.format(label=e(label)) if label else "",
        org=e(bundle.organisation.name),
    )


def with_metadata(pdf_bytes: bytes, bundle) -> bytes:
    """The PDF with its document information set: Title, Author (the organisation) and Subject
    (document type and period), so archives and screen readers name it properly."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes)))
    writer.add_metadata(
        {
            "/Title": bundle.report.title,
            "/Author": bundle.organisation.name,
            "/Subject": pr.subject_of(bundle),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_pdf(browser, base_url: str, printable: pr.PrintableReport) -> bytes:
    """Print the assembled report to PDF bytes (two passes: the second has TOC page numbers)."""
    document = _toc_placeholders(pr.document_html(printable, head_extra=PDF_CSS))
    options = dict(
        format="A4",
        print_background=True,
        display_header_footer=True,
        header_template=header_html(printable.bundle, printable.title),
        footer_template=FOOTER,
        margin=MARGIN,
        prefer_css_page_size=False,
        outline=True,
        tagged=True,
    )
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    try:
        page = pr.open_document(context, base_url, printable, document)
        page.evaluate(FINALIZE_PDF_JS, base_url)
        first = page.pdf(**options)
        pages = _destination_pages(first)
        if not pages:
            return first
        page.evaluate(
            """(pages) => document.querySelectorAll('.print-toc-page').forEach(s => {
                   const n = pages[s.dataset.toc];
                   if (n) s.textContent = ' … ' + n; else s.remove();
               })""",
            pages,
        )
        return page.pdf(**options)
    finally:
        context.close()


def printed_pdf(browser, base_url: str, printable: pr.PrintableReport) -> bytes:
    """The report's PDF file: printed, with its document information set."""
    return with_metadata(render_pdf(browser, base_url, printable), printable.bundle)


def write_pdfs(bundles, site_dir: Path, out_dir: Path) -> list[Path]:
    """Write `<out_dir>/<org>-<report>.pdf` for each bundle from the built site in `site_dir`."""
    return pr.write_each(bundles, site_dir, out_dir, suffix=".pdf", render=printed_pdf)


def setup(parser):
    """CLI set-up (followup/cli.py): add the options, return the runner."""
    pr.add_arguments(parser, what=_("en PDF"), default_output="pdf")
    return run


def run(args) -> int:
    """`python build.py pdf <org>/<report> | --all`: writes pdf/<org>-<report>.pdf."""
    return pr.run_command(args, write_pdfs, what="PDF")
