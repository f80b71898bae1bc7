"""`build.py export --format docx`: the report as a Word document, read back with python-docx."""

from __future__ import annotations

import docx
import pytest
from docx.oxml.ns import qn

from followup.build.pipeline import check_project
from followup.commands import docx_export
from tests.test_site import REPO, site  # noqa: F401 - the built seed site fixture


@pytest.fixture(scope="module")
def documents(site, tmp_path_factory):  # noqa: F811
    project, _ = check_project(REPO)
    out = tmp_path_factory.mktemp("word")
    written = docx_export.write_docx(project.reports, site, out)
    return {p.relative_to(out).as_posix(): docx.Document(str(p)) for p in written}


LUND = "lund/samordnade-servicetjanster.docx"
ESK = "eskilstuna/processmal-2020-2023.docx"


def test_one_document_per_report_under_organisation_folder(documents):
    assert ESK in documents and LUND in documents
    assert all(name.count("/") == 1 and name.endswith(".docx") for name in documents)


def test_title_is_the_first_paragraph_and_in_the_properties(documents):
    doc = documents[LUND]
    assert doc.paragraphs[0].text == "Slutrapport Samordnade servicetjänster"
    assert doc.paragraphs[0].style.name == "Title"
    assert doc.core_properties.title == "Slutrapport Samordnade servicetjänster"


def test_author_is_the_organisation_and_subject_type_and_period(documents):
    props = documents[LUND].core_properties
    assert props.author == "Lunds kommun"
    assert props.subject == "Slutrapport 2022–2023"


def test_metadata_lines_follow_the_title(documents):
    texts = [p.text for p in documents[LUND].paragraphs[:20]]
    assert "Diarienummer: SN 2021/0083" in texts
    assert "Organisation: Lunds kommun" in texts


def test_headings_use_word_heading_styles(documents):
    headings = {p.text: p.style.name for p in documents[LUND].paragraphs if p.style.name.startswith("Heading")}
    assert headings.get("Nyckeltal") == "Heading 2"
    assert headings.get("Sammanfattning") == "Heading 2"


def test_tables_are_word_tables_with_repeating_header_rows(documents):
    doc = documents[ESK]
    assert len(doc.tables) >= 5
    headed = [t for t in doc.tables if t.rows[0]._tr.trPr is not None and t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None]
    assert headed
    assert headed[0].rows[0].cells[0].text.strip()


def test_charts_are_pictures_with_alternative_text(documents):
    doc = documents[ESK]
    assert len(doc.inline_shapes) >= 3
    for shape in doc.inline_shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr and len(descr) > 20


def test_key_figures_are_in_the_document_with_their_values_bold(documents):
    paragraphs = documents[LUND].paragraphs
    value = next(p for p in paragraphs if p.text == "11\u00a0785\u00a0000\u00a0kr")
    assert all(run.bold for run in value.runs)


def test_decision_section_is_a_heading_with_its_text(documents):
    texts = [(p.style.name, p.text) for p in documents[LUND].paragraphs]
    index = next(i for i, (style, text) in enumerate(texts) if style == "Heading 2" and "eslut" in text)
    assert texts[index][1] in ("Beslut", "Förslag till beslut")
    assert texts[index + 1][1].strip()


def test_footer_numbers_the_pages(documents):
    footer = documents[LUND].sections[0].footer
    xml = footer._element.xml
    assert "Sida " in footer.paragraphs[0].text
    assert " PAGE " in xml and " NUMPAGES " in xml


def test_export_command_accepts_format_docx(run_build, tmp_path, site):  # noqa: F811
    result = run_build(
        "export", "--format", "docx", "lund/samordnade-servicetjanster", "--site-dir", str(site), "-o", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "lund/samordnade-servicetjanster.docx").is_file()
