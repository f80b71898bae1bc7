"""PDF: the status mark on every page (running header) and the document information."""

from __future__ import annotations

import io
from types import SimpleNamespace

from pypdf import PdfReader, PdfWriter

from followup.commands import pdf, printable


def bundle(status: str) -> SimpleNamespace:
    report = SimpleNamespace(
        title="Slutrapport Testprojekt",
        short_title="Testprojekt",
        status=status,
        document_type="slutrapport",
        period="2022–2023",
    )
    return SimpleNamespace(report=report, organisation=SimpleNamespace(name="Testkommun"))


def test_draft_header_says_utkast():
    assert ">UTKAST</span>" in pdf.header_html(bundle("utkast"), "Slutrapport Testprojekt")


def test_proposal_header_says_forslag_till_beslut():
    assert ">Förslag till beslut</span>" in pdf.header_html(bundle("förslag"), "Slutrapport Testprojekt")


def test_final_report_header_has_no_status_mark():
    header = pdf.header_html(bundle("fastställd"), "Slutrapport Testprojekt")
    assert "UTKAST" not in header and "#a00000" not in header


def test_unknown_status_is_marked_with_its_own_name():
    assert printable.status_label(bundle("remiss")) == "Remiss"


def test_pdf_metadata_has_title_author_and_subject():
    blank = PdfWriter()
    blank.add_blank_page(width=595, height=842)
    raw = io.BytesIO()
    blank.write(raw)
    info = PdfReader(io.BytesIO(pdf.with_metadata(raw.getvalue(), bundle("utkast")))).metadata
    assert info.title == "Slutrapport Testprojekt"
    assert info.author == "Testkommun"
    assert info.subject == "Slutrapport 2022–2023"
