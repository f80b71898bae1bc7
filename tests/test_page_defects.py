"""Reading order and typography of the built pages: notes after the summary, spaces and units in
target results, no mid-word breaks, a swipe hint before wide tables, the reader's footer."""

from __future__ import annotations

import re

from followup.build.publish import data_version
from followup.model.formatting import format_distance
from tests.test_site import ESK, LUND, NBSP, REPO, html_pages, page, site, text_of  # noqa: F401

CSS = (REPO / "templates/theme/css/site.css").read_text(encoding="utf-8")


def test_source_notes_come_after_the_summary_on_the_overview(site):  # noqa: F811
    for report in (LUND, ESK):
        html = page(site, f"{report}/index.html")
        assert html.index('id="sammanfattning"') < html.index('id="anmarkningar-om-kallan"'), report
        assert html.index('id="sammanfattning"') < html.index('class="callout callout--'), report
    assert "Motsägelse i källan" in page(site, f"{ESK}/index.html")


def test_target_result_has_a_space_between_outcome_and_badge(site):  # noqa: F811
    html = page(site, f"{ESK}/indikatorer.html")
    assert f"Utfall 6,5{NBSP}%: <span" in html
    assert not re.search(r"Utfall [^<]*:<span", html)


def test_distance_from_target_names_its_unit(site):  # noqa: F811
    text = text_of(page(site, f"{ESK}/indikatorer.html"))
    assert f"(1{NBSP}indexenhet från målet)" in text
    assert f"(0,8{NBSP}procentenheter från målet)" in text


def test_format_distance_names_units_without_a_suffix():
    assert format_distance(1, "index") == f"1{NBSP}indexenhet"
    assert format_distance(2, "index") == f"2{NBSP}indexenheter"
    assert format_distance(3, "score") == f"3{NBSP}poäng"
    assert format_distance(0.5, "percentage_points", 1) == f"0,5{NBSP}procentenheter"


def test_key_figures_and_tables_wrap_only_at_spaces():
    rule = re.search(r"\n([^\n{]*\btable\b[^\n{]*)\{([^}]*)\}", CSS.split("Words wrap only at spaces", 1)[1])
    assert rule is not None
    selectors, body = rule.groups()
    assert ".key-figure" in selectors and "td" in selectors and "th" in selectors
    assert "overflow-wrap: normal" in body and "hyphens: manual" in body and "word-break: normal" in body
    assert "overflow-wrap: anywhere" not in CSS.split("/* --- tables", 1)[1].split("/* sortable", 1)[0]


def test_every_table_scroll_box_has_a_swipe_hint_before_it(site):  # noqa: F811
    hint = '<p class="scroll-hint" aria-hidden="true">Svep i sidled för att se hela tabellen</p>\n<div class="table-scroll'
    for path in html_pages(site):
        html = path.read_text(encoding="utf-8")
        assert html.count('<div class="table-scroll') == html.count(hint), path


def test_swipe_hint_shows_only_on_narrow_screens():
    narrow = CSS.split("@media (max-width: 40rem)", 1)[1]
    assert re.search(r"\.scroll-hint \{ display: none;", CSS.split("@media", 1)[0])
    assert ".scroll-hint { display: block; }" in narrow


def test_footer_shows_the_data_date_in_swedish_not_the_commit(site):  # noqa: F811
    version = data_version(REPO)
    text = text_of(page(site, f"{LUND}/leveranser.html"))
    footer = text.split("Senast uppdaterad", 1)[1]
    assert re.match(
        r" \d{1,2} (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4} ",
        footer,
    )
    assert version.commit not in text
    assert "Dataversion" not in text and "git-commit" not in text


def test_footer_lists_this_pages_source_files_in_details(site):  # noqa: F811
    html = page(site, "lund/index.html")
    details = html.split('<details class="provenance__sources">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Källfiler för den här sidan</summary>" in details
    assert re.findall(r"<code>([^<]+)</code>", details) == [
        "data/lund/organisation.yaml",
        "data/lund/samordnade-servicetjanster/report.yaml",
    ]


def test_no_footer_lists_glob_paths(site):  # noqa: F811
    for path in html_pages(site):
        footer = path.read_text(encoding="utf-8").split('<footer class="site-footer">', 1)[-1]
        assert "*" not in footer, path
