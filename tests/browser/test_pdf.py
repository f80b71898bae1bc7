"""PDF of each seed report (Chromium print-to-PDF): its text holds the title, the metadata,
a goal with its assessment, and numbers from the report's tables."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest

from followup.commands import printable as pr

from .conftest import run_cli

pytestmark = pytest.mark.browser

# A number from a table of each seed report, as the PDF must show it (Swedish format).
SEED_TABLE_NUMBERS = {
    ("eskilstuna", "processmal-2020-2023"): ["295 591", "7,77"],
    ("lund", "samordnade-servicetjanster"): ["11 785 000", "2 000 000"],
}


def normalise(text: str) -> str:
    """PDF text with ligatures (ﬀ) resolved and every kind of space as one plain space; U+2212 kept."""
    return re.sub(r"[\s\u00a0\u202f\u2009]+", " ", unicodedata.normalize("NFKC", text))


@pytest.fixture(scope="session")
def pdf_run(tmp_path_factory, site_dir):
    """`build.py pdf --all` once, on the site the other browser tests use."""
    out = tmp_path_factory.mktemp("pdf")
    return run_cli("pdf", "--all", "--site-dir", str(site_dir), "--output", str(out)), out


@pytest.fixture(scope="session")
def seed_pdfs(pdf_run, seed_bundles):
    from pypdf import PdfReader

    result, out = pdf_run
    assert result.returncode == 0, result.stdout + result.stderr
    pdfs = {}
    for key, bundle in seed_bundles.items():
        data = (out / pr.output_name(bundle, ".pdf")).read_bytes()
        reader = PdfReader(io.BytesIO(data))
        pdfs[key] = {"bytes": data, "reader": reader, "pages": [normalise(p.extract_text()) for p in reader.pages]}
    return pdfs


def test_every_seed_report_has_a_pdf(seed_pdfs, seed_bundles):
    assert set(seed_pdfs) == set(seed_bundles) and len(seed_bundles) >= 2
    for result in seed_pdfs.values():
        assert result["bytes"].startswith(b"%PDF-")
        assert len(result["reader"].pages) >= 3


def test_pdf_first_page_holds_title_and_metadata(seed_pdfs, seed_bundles):
    for key, result in seed_pdfs.items():
        first = result["pages"][0]
        for label, value in pr.metadata_rows(seed_bundles[key]):
            if label in ("Organisation", "Period", "Beslutsdatum", "Diarienummer", "Dokumenttyp"):
                assert normalise(value) in first, f"{key}: {label} {value!r} not on page 1"
        assert normalise(seed_bundles[key].report.title) in first.replace("- ", "-")


def test_pdf_first_page_has_a_table_of_contents_with_page_numbers(seed_pdfs):
    for key, result in seed_pdfs.items():
        text = " ".join(result["pages"][:2])
        assert "Innehåll" in text, key
        numbers = [int(n) for n in re.findall(r"(?:…|\.\.\.) (\d+)", text)]
        assert numbers and numbers == sorted(numbers), f"{key}: TOC page numbers {numbers}"
        assert max(numbers) <= len(result["pages"])


def test_pdf_holds_a_goal_with_its_assessment(seed_pdfs, seed_bundles):
    for key, result in seed_pdfs.items():
        bundle = seed_bundles[key]
        text = " ".join(result["pages"])
        levels = {level.id: level for level in bundle.assessment_scale}
        goals = [g for p in bundle.goals.perspectives for g in p.goals if g.assessment]
        assert goals, key
        goal = goals[0]
        assert normalise(goal.title) in text, f"{key}: goal {goal.title!r} missing"
        level = levels[goal.assessment]
        assert re.search(rf"(?i){re.escape(normalise(level.label))}", text), f"{key}: {level.label!r} missing"


def test_pdf_holds_numbers_from_the_report_tables(seed_pdfs):
    for key, result in seed_pdfs.items():
        text = " ".join(result["pages"])
        for number in SEED_TABLE_NUMBERS[key]:
            assert number in text, f"{key}: {number} missing from the PDF text"


def test_pdf_pages_have_page_numbers_in_the_footer(seed_pdfs):
    for key, result in seed_pdfs.items():
        total = len(result["pages"])
        for n, page in enumerate(result["pages"], start=1):
            assert f"Sida {n} av {total}" in page, f"{key}: page {n}"


def test_pdf_leaves_out_site_navigation_and_search(seed_pdfs):
    for key, result in seed_pdfs.items():
        text = " ".join(result["pages"])
        assert "Hoppa till innehållet" not in text, key
        assert not re.search(r"\bSök\b", text), f"{key}: search box printed"


def test_pdf_command_writes_one_file_per_report(pdf_run, all_bundles):
    result, out = pdf_run
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(pr.output_name(b, ".pdf") for b in all_bundles.values())


def test_pdf_command_rejects_an_unknown_report(tmp_path, site_dir, capsys):
    from followup.cli import main

    code = main(["pdf", "lund/finns-inte", "--site-dir", str(site_dir), "--output", str(tmp_path)])
    assert code == 2
    assert "okänd rapport 'lund/finns-inte'" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- the print stylesheet

PRINT_FACTS_JS = r"""
() => {
  const main = document.querySelector('main');
  const a = document.createElement('a');
  a.href = 'https://example.org/rapport';  // an external link as content may have one (never fetched)
  a.textContent = 'extern länk';
  main.appendChild(a);
  const shown = (el) => el.checkVisibility();
  return {
    navShown: [...document.querySelectorAll('nav, [role=search], .skip-link, input, select')]
        .filter(shown).map(e => e.outerHTML.slice(0, 80)),
    unbreakable: [...document.querySelectorAll('figure.chart, main tr')]
        .filter(e => !['avoid', 'avoid-page'].includes(getComputedStyle(e).breakInside))
        .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')),
    // Tables may break across pages (no half-empty page before a long table), with the header repeated.
    headersNotRepeated: [...document.querySelectorAll('main thead')]
        .filter(e => getComputedStyle(e).display !== 'table-header-group').length,
    charts: document.querySelectorAll('figure.chart').length,
    tables: document.querySelectorAll('main table').length,
    linkAfter: getComputedStyle(a, '::after').content,
  };
}
"""


@pytest.fixture(scope="module")
def printed_report_page(print_context, base_url, seed_bundles):
    """A report page of the site as Chromium prints it with the site's own print stylesheet."""
    from pypdf import PdfReader

    bundle = seed_bundles[("eskilstuna", "processmal-2020-2023")]
    page = print_context.new_page()
    page.goto(f"{base_url}{bundle.org_id}/{bundle.report_id}/mal.html")
    page.emulate_media(media="print")
    facts = page.evaluate(PRINT_FACTS_JS)
    data = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = [normalise(p.extract_text()) for p in PdfReader(io.BytesIO(data)).pages]
    return facts, pages


@pytest.fixture(scope="module")
def printed_chart_page(print_context, base_url, seed_bundles):
    """The print facts of a report page with charts (the goals page has none: its table says it all)."""
    bundle = seed_bundles[("eskilstuna", "processmal-2020-2023")]
    page = print_context.new_page()
    page.goto(f"{base_url}{bundle.org_id}/{bundle.report_id}/indikatorer.html")
    page.emulate_media(media="print")
    return page.evaluate(PRINT_FACTS_JS)


@pytest.fixture(scope="module")
def print_context(browser):
    context = browser.new_context(bypass_csp=True, locale="sv-SE")
    yield context
    context.close()


def test_print_stylesheet_hides_navigation_search_and_skip_link(printed_report_page):
    facts, pages = printed_report_page
    assert facts["navShown"] == []
    assert "Hoppa till innehållet" not in " ".join(pages)


def test_print_stylesheet_keeps_charts_and_table_rows_whole_and_repeats_table_headers(printed_report_page, printed_chart_page):
    facts, _pages = printed_report_page
    assert facts["tables"]
    assert facts["unbreakable"] == []
    assert facts["headersNotRepeated"] == 0
    assert printed_chart_page["charts"] and printed_chart_page["tables"]
    assert printed_chart_page["unbreakable"] == []


def test_print_stylesheet_shows_the_target_of_external_links(printed_report_page):
    facts, pages = printed_report_page
    assert "https://example.org/rapport" in facts["linkAfter"]
    assert "(https://example.org/rapport)" in " ".join(pages).replace(" ", "")


def test_print_stylesheet_numbers_the_pages(printed_report_page):
    _facts, pages = printed_report_page
    for n, page in enumerate(pages, start=1):
        assert f"Sida {n} av {len(pages)}" in page


def test_lund_pdf_has_no_near_empty_page_but_its_last(seed_pdfs):
    """A near-empty page (a short chapter end before a forced break, a table pushed to the next page)
    reads as unfinished on paper; the cover is a page of its own by design."""
    pages = seed_pdfs[("lund", "samordnade-servicetjanster")]["pages"]
    thin = [n for n, text in enumerate(pages[1:-1], start=2) if len(text) < 400]
    assert thin == []


def test_proposal_pdf_says_so_on_every_page(seed_pdfs):
    pages = seed_pdfs[("eskilstuna", "processmal-2020-2023")]["pages"]
    assert all("Förslag till beslut" in page for page in pages)


def test_draft_made_with_new_says_utkast_on_every_page(tmp_path):
    """`new` makes a draft; `build --utkast` publishes it for review; `pdf` marks every page UTKAST."""
    from pypdf import PdfReader

    root = tmp_path / "project"
    root.mkdir()
    assert run_cli("new", "provkommun/provrapport-2026", "--root", str(root)).returncode == 0
    built = run_cli("build", "--utkast", "--root", str(root))
    assert built.returncode == 0, built.stdout + built.stderr
    out = tmp_path / "pdf"
    printed = run_cli("pdf", "provkommun/provrapport-2026", "--root", str(root), "--output", str(out))
    assert printed.returncode == 0, printed.stdout + printed.stderr
    (pdf_file,) = out.glob("*.pdf")
    pages = [normalise(p.extract_text()) for p in PdfReader(pdf_file).pages]
    assert pages and all("UTKAST" in page for page in pages)
