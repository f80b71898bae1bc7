"""Browser print (Ctrl+P) of a site page, not the PDF command: every <details> is printed open
and closed again afterwards, no disclosure triangle is printed, and no table cell sticks out of
the printed column (A4 with the print stylesheet's margins is about 673 CSS pixels wide)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

A4_COLUMN = 673  # 210 mm − 2 × 16 mm at 96 px per inch

PAGES = [
    "lund/samordnade-servicetjanster/index.html",  # key figures with Så beräknas talet
    "lund/samordnade-servicetjanster/leveranser.html",  # the widest table
    "eskilstuna/processmal-2020-2023/enkater.html",  # five number columns and unit names
    "malmo-stad/arsredovisning-2013/ekonomi.html",  # a wide income statement
]

PRINT_FACTS_JS = """() => {
  const main = document.querySelector('main').getBoundingClientRect();
  const sticking = Array.from(document.querySelectorAll('main td, main th'))
    .filter(c => c.getBoundingClientRect().right > main.right + 1)
    .map(c => c.textContent.trim().slice(0, 40));
  const details = Array.from(document.querySelectorAll('details')).filter(d => getComputedStyle(d).display !== 'none');
  const markers = Array.from(document.querySelectorAll('summary')).filter(s =>
    getComputedStyle(s).display !== 'none' && getComputedStyle(s).listStyleType !== 'none');
  return {sticking, details: details.length, closed: details.filter(d => !d.open).length, markers: markers.length};
}"""


@pytest.fixture()
def print_page(new_context, base_url):
    def open_printed(rel: str):
        page = new_context(viewport={"width": A4_COLUMN, "height": 900}).new_page()
        page.goto(base_url + rel)
        page.emulate_media(media="print")
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        return page

    return open_printed


@pytest.mark.parametrize("rel", PAGES)
def test_browser_print_opens_every_details_without_a_triangle(print_page, rel):
    facts = print_page(rel).evaluate(PRINT_FACTS_JS)
    assert facts["closed"] == 0
    assert facts["markers"] == 0


@pytest.mark.parametrize("rel", PAGES)
def test_browser_print_keeps_every_table_cell_inside_the_column(print_page, rel):
    assert print_page(rel).evaluate(PRINT_FACTS_JS)["sticking"] == []


def test_browser_print_closes_the_details_again_after_printing(print_page):
    page = print_page(PAGES[0])
    assert page.evaluate(PRINT_FACTS_JS)["details"] > 0
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.emulate_media(media="screen")
    closed = page.evaluate("Array.from(document.querySelectorAll('details')).filter(d => !d.open).length")
    assert closed == page.evaluate("document.querySelectorAll('details').length")
