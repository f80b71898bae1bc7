"""One report as a Word document (`build.py export --format docx`), made from the built site.

The report's pages are read in reading order (the links of `nav[data-report-nav]` on its start
page, as for the PDF) and each page's `<main>` is converted: headings become Word heading
styles, paragraphs and lists stay, tables become Word tables whose header row repeats on every
page, chart images (SVG) become PNG pictures with the chart's alternative text, and the chart's
data table follows it. The document's properties carry the title, the organisation (author) and
the document type and period (subject); the footer numbers the pages. No browser is needed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin

from followup.commands import printable as pr
from followup.fileio import atomic_write_with
from followup.i18n import _
from followup.site.branding import logo_path

#: Elements left out of the document: navigation and controls that mean nothing on paper.
SKIP_CLASSES = {
    "skip-link",
    "scroll-hint",
    "chart__download",
    "report-nav",
    "table-tools",
    "js-only",
    "key-figure__formula",
}
SKIP_TAGS = {"script", "noscript", "template", "nav", "form", "select", "input", "textarea", "style", "svg"}
BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "header",
    "article",
    "figure",
    "details",
    "ul",
    "ol",
    "table",
    "dl",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "figcaption",
    "summary",
    "pre",
    "li",
}


class DocxExportError(pr.PrintError):
    """A Word export that cannot be made (reported by the command like any printing problem)."""


def report_pages(site_dir: Path, bundle: Any) -> list[Path]:
    """The report's built pages in reading order (its start page first)."""
    from lxml import html as lhtml

    start = site_dir / bundle.org_id / bundle.report_id / "index.html"
    if not start.is_file():
        raise DocxExportError(_("{page} saknas; bygg webbplatsen först").format(page=start))
    tree = lhtml.fromstring(start.read_bytes())
    pages = [start]
    for a in tree.xpath("//nav[@data-report-nav]//a[@href]"):
        href = a.get("href").split("#", 1)[0]
        if not href:
            continue
        target = (start.parent / unquote(href)).resolve()
        if target.suffix == ".html" and target.is_file() and target not in pages and target.name != pr.NOT_PRINTED:
            pages.append(target)
    return pages


def svg_png(svg_path: Path) -> bytes | None:
    """The chart as PNG (twice its size, for print), or None when it cannot be converted."""
    return svg_text_png(svg_path.read_text(encoding="utf-8"))


def svg_text_png(markup: str, scale: float = 2) -> bytes | None:
    """SVG markup as PNG, or None when it cannot be converted (the text beside it stays)."""
    try:
        import vl_convert

        return vl_convert.svg_to_png(markup, scale=scale)
    except Exception:  # noqa: BLE001 - a picture that cannot be drawn keeps its text alternative
        return None


def _text(el: Any) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _classes(el: Any) -> set[str]:
    return set((el.get("class") or "").split())


class _Writer:
    def __init__(self, doc: Any, page: Path):
        self.doc = doc
        self.page = page
        self.pictures = 0

    # -- inline runs --
    def runs(self, paragraph: Any, el: Any, *, bold: bool = False, italic: bool = False) -> None:
        if el.text:
            self._run(paragraph, el.text, bold, italic)
        for child in el:
            if child.tag == "svg" and "symbol" in _classes(child):
                self._symbol(paragraph, child)
            elif not isinstance(child.tag, str) or child.tag in SKIP_TAGS or _classes(child) & SKIP_CLASSES:
                pass
            elif child.get("aria-hidden") == "true" and child.tag == "span" and len(_text(child)) <= 2:
                for drawn in child.xpath(".//*[local-name()='svg' and contains(@class, 'symbol')]"):
                    self._symbol(paragraph, drawn)
                self._run(paragraph, child.text_content(), bold, italic)  # status symbols ✓ ● …
            elif child.tag == "br":
                paragraph.add_run().add_break()
            else:
                self.runs(
                    paragraph,
                    child,
                    bold=bold or child.tag in ("strong", "b", "th"),
                    italic=italic or child.tag in ("em", "i"),
                )
            if child.tail:
                self._run(paragraph, child.tail, bold, italic)

    @staticmethod
    def _symbol(paragraph: Any, svg: Any) -> None:
        """A scale symbol the pages draw (an emoji such as 😊 that fonts may lack) as a small
        picture in the line, the size of the text; the level's word beside it says the same."""
        from docx.shared import Pt
        from lxml import etree

        markup = etree.tostring(svg, encoding="unicode").replace("currentColor", "#1a1a1a")
        if "xmlns=" not in markup:
            markup = markup.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        data = svg_text_png(markup, scale=6)  # sharp when printed
        if data is not None:
            paragraph.add_run().add_picture(io.BytesIO(data), height=Pt(10))

    @staticmethod
    def _run(paragraph: Any, text: str, bold: bool, italic: bool) -> None:
        text = re.sub(r"[ \t\r\n]+", " ", text)
        if not text:
            return
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None

    def paragraph(self, el: Any, style: str | None = None) -> None:
        if not _text(el) and not el.xpath(".//img"):
            return
        p = self.doc.add_paragraph(style=style)
        self.runs(p, el, bold="key-figure__value" in _classes(el))
        if p.runs:
            p.runs[0].text = p.runs[0].text.lstrip()
            p.runs[-1].text = p.runs[-1].text.rstrip()

    # -- blocks --
    def block(self, el: Any, list_depth: int = 0) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if not tag or tag in SKIP_TAGS or _classes(el) & SKIP_CLASSES or el.get("hidden") is not None:
            return
        if re.fullmatch(r"h[1-6]", tag):
            level = min(int(tag[1]), 4)
            self.doc.add_heading(_text(el), level=level)
        elif tag == "table":
            self.table(el)
        elif tag == "img":
            self.picture(el)
        elif tag == "picture":  # a chart: its <img> is the wide drawing (the HTML parser may nest it in <source>)
            for img in el.xpath(".//img")[:1]:
                self.picture(img)
        elif tag in ("ul", "ol"):
            style = "List Number" if tag == "ol" else "List Bullet"
            for li in el.findall("li"):
                inline = [c for c in li if isinstance(c.tag, str) and c.tag in BLOCK_TAGS]
                if not inline:
                    self.paragraph(li, style)
                    continue
                # The item's first paragraph is the bullet; what follows (a check, a note) is
                # written after it as its own paragraphs.
                p = self.doc.add_paragraph(style=style)
                if li.text and li.text.strip():
                    self._run(p, li.text.strip(), False, False)
                first = True
                for child in li:
                    if not isinstance(child.tag, str):
                        continue
                    if child.tag == "p" and first:
                        self.runs(p, child)
                        first = False
                    elif child.tag in BLOCK_TAGS:
                        self.block(child, list_depth + 1)
                        first = False
                    else:
                        self.runs(p, child)
                    if child.tail and child.tail.strip():
                        self._run(p, child.tail, False, False)
        elif tag == "dl":
            for item in el.xpath("./div|./dt|./dd"):
                if item.tag == "div":
                    p = self.doc.add_paragraph()
                    for part in item:
                        self.runs(p, part, bold=part.tag == "dt")
                        if part.tag == "dt":
                            p.add_run(": ")
                else:
                    self.paragraph(item)
        elif tag in ("figcaption", "summary"):
            self.paragraph(el, "Caption")
        elif tag in ("p", "pre", "blockquote") or not any(
            isinstance(c.tag, str) and c.tag in BLOCK_TAGS | {"img", "table"} for c in el
        ):
            if tag in ("div", "section", "header", "article", "figure", "details") and not _text(el):
                return
            self.paragraph(el)
        else:
            if el.text and el.text.strip():
                self._run(self.doc.add_paragraph(), el.text, False, False)
            for child in el:
                self.block(child, list_depth)
                if child.tail and child.tail.strip():
                    self._run(self.doc.add_paragraph(), child.tail, False, False)

    def table(self, el: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows = el.xpath("./thead/tr|./tbody/tr|./tfoot/tr|./tr")
        if not rows:
            return
        caption = el.find("caption")
        if caption is not None and _text(caption):
            self.doc.add_paragraph(_text(caption), style="Caption")
        width = max(sum(int(c.get("colspan") or 1) for c in r.xpath("./th|./td")) for r in rows)
        table = self.doc.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        header_rows = len(el.xpath("./thead/tr"))
        for index, tr in enumerate(rows):
            row = table.add_row()
            col = 0
            for cell_el in tr.xpath("./th|./td"):
                if col >= width:
                    break
                span = int(cell_el.get("colspan") or 1)
                cell = row.cells[col]
                if span > 1 and col + span - 1 < width:
                    cell = cell.merge(row.cells[col + span - 1])
                paragraph = cell.paragraphs[0]
                self.runs(paragraph, cell_el, bold=cell_el.tag == "th")
                if paragraph.runs:
                    paragraph.runs[0].text = paragraph.runs[0].text.lstrip()
                    paragraph.runs[-1].text = paragraph.runs[-1].text.rstrip()
                col += span
            if index < header_rows:
                # Repeat the header row on every page the table runs over.
                tr_pr = row._tr.get_or_add_trPr()
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                tr_pr.append(header)

    def picture(self, el: Any) -> None:
        from docx.shared import Cm

        src = el.get("src") or ""
        alt = el.get("alt") or ""
        path = Path(unquote(urljoin(self.page.as_uri(), src).removeprefix("file://")))
        data = svg_png(path) if path.suffix == ".svg" and path.is_file() else None
        if data is None and path.suffix == ".png" and path.is_file():
            data = path.read_bytes()
        if data is None:
            if alt:
                self.doc.add_paragraph(alt)
            return
        self.doc.add_picture(io.BytesIO(data), width=Cm(16))
        self.pictures += 1
        # Alternative text: the drawing's docPr carries it as `descr` (Word's "Alt text").
        inline = self.doc.paragraphs[-1].runs[-1]._r.xpath(".//wp:docPr")
        if inline:
            inline[0].set("descr", alt)
            inline[0].set("title", alt[:120])


def _add_page_numbers(section: Any) -> None:
    """`Sida N av M` in the footer (Word fields, updated when the document is opened or printed)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def field(code: str) -> None:
        run = paragraph.add_run()
        for kind, text in (("begin", None), (None, code), ("separate", None), (None, "1"), ("end", None)):
            if kind is not None:
                fld = OxmlElement("w:fldChar")
                fld.set(qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == code:
                instr = OxmlElement("w:instrText")
                instr.set(qn("xml:space"), "preserve")
                instr.text = f" {code} "
                run._r.append(instr)
            else:
                t = OxmlElement("w:t")
                t.text = text
                run._r.append(t)

    paragraph.add_run("Sida ")
    field("PAGE")
    paragraph.add_run(" av ")
    field("NUMPAGES")


def _add_logo(doc: Any, site_dir: Path, bundle: Any) -> None:
    """The organisation's logo above the title (as published on the site; an SVG as PNG, which
    every Word reads), with its alternative text."""
    logo = logo_path(bundle.org_id, bundle.organisation)
    source = site_dir / logo if logo else None
    if source is None or not source.is_file():
        return
    data = svg_png(source) if source.suffix == ".svg" else source.read_bytes()
    if not data:
        return
    from docx.shared import Mm

    doc.add_picture(io.BytesIO(data), height=Mm(18))
    inline = doc.inline_shapes[-1]._inline.docPr
    inline.set("descr", f"Logotyp för {bundle.organisation.name}")


def build_document(bundle: Any, site_dir: Path) -> Any:
    """The Word document of one report (a python-docx Document)."""
    import docx
    from lxml import html as lhtml

    report = bundle.report
    doc = docx.Document()
    props = doc.core_properties
    props.title = report.title
    props.author = bundle.organisation.name
    props.subject = pr.subject_of(bundle)
    props.language = "sv-SE"
    props.keywords = "; ".join(x for x in (bundle.organisation.name, pr.status_label(bundle)) if x)
    props.comments = "Exporterad från den publicerade webbplatsen."
    _add_page_numbers(doc.sections[0])

    _add_logo(doc, site_dir, bundle)
    doc.add_heading(report.title, level=0)
    label = pr.status_label(bundle)
    if label:
        doc.add_paragraph().add_run(label).bold = True
    for key, value in pr.metadata_rows(bundle):
        p = doc.add_paragraph()
        p.add_run(f"{key}: ").bold = True
        p.add_run(value)

    for page in report_pages(site_dir, bundle):
        tree = lhtml.fromstring(page.read_bytes())
        main = tree.xpath("//main")
        if not main:
            continue
        body = main[0]
        header = body.xpath(".//header[contains(@class, 'page-header--report')]")
        for h in header:  # the report's title and metadata are written once, above
            h.getparent().remove(h)
        doc.add_page_break()
        writer = _Writer(doc, page)
        for child in body:
            writer.block(child)
    return doc


def write_docx(bundles: list[Any], site_dir: Path, out_dir: Path) -> list[Path]:
    """Write `<out_dir>/<org>/<report>.docx` for each bundle from the built site."""
    written = []
    for bundle in bundles:
        target = out_dir / bundle.org_id / f"{bundle.report_id}.docx"
        target.parent.mkdir(parents=True, exist_ok=True)
        document = build_document(bundle, site_dir)

        def save(tmp: Path, document: Any = document) -> None:
            document.save(str(tmp))

        atomic_write_with(target, save)
        written.append(target)
    return written
