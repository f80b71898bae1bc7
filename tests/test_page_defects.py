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


# --- key figures: a quiet mark, the explanation one click away --------------------------------


def _key_figures(html: str) -> list[str]:
    section = html.split('<ul class="key-figures">', 1)[1].split("</ul>\n</section>", 1)[0]
    return section.split('<li class="key-figure">')[1:]


def test_a_confirmed_key_figure_states_its_check_only_inside_its_details(site):  # noqa: F811
    html = page(site, f"{LUND}/index.html")
    assert "Beräknat från data" not in html
    for figure in _key_figures(html):
        before, details = figure.split('<details class="key-figure__formula">', 1)
        assert "✓" not in text_of(before)
        summary = details.split("</summary>", 1)[0]
        assert '<span class="verified"><span aria-hidden="true">✓</span> Kontrollerat</span>' in summary
        assert "Så beräknas talet" in summary


def test_the_computed_value_of_a_confirmed_key_figure_is_in_its_details(site):  # noqa: F811
    figure = _key_figures(page(site, f"{LUND}/index.html"))[0]
    details = figure.split('<details class="key-figure__formula">', 1)[1].split("</details>", 1)[0]
    assert f"Talet stämmer med det som beräknas från rapportens data: 11{NBSP}785{NBSP}000{NBSP}kr." in text_of(details)


def test_an_acknowledged_key_figure_keeps_its_visible_note(site):  # noqa: F811
    text = text_of(page(site, f"{ESK}/index.html"))
    assert "Beräknat från data: 8,39, se anmärkning under sammanfattningen." in text


def test_the_numbered_source_notes_show_their_numbers():
    assert re.search(r"ol\.source-notes__list \{ list-style: decimal;", CSS)


def test_a_confirmed_table_total_gets_a_quiet_mark_with_an_accessible_name(site):  # noqa: F811
    html = page(site, f"{LUND}/ekonomi.html")
    assert '<span aria-hidden="true">✓</span> stämmer med källan' not in html
    assert '<span class="visually-hidden">stämmer med källan</span>' in html


# --- navigation ---------------------------------------------------------------------------------


def _nav_titles(html: str) -> list[str]:
    nav = html.split("data-report-nav>", 1)[1].split("</nav>", 1)[0]
    return re.findall(r"<a [^>]*>([^<]+)</a>", nav)


def test_report_navigation_has_no_gapped_section_numbers_and_one_economy_entry(site):  # noqa: F811
    # "Ändringar" is there when the report's files have more than one publication in the checkout's
    # history (a fresh clone has it, a copy without .git does not): not what this test is about.
    titles = [t for t in _nav_titles(page(site, f"{LUND}/index.html")) if t != "Ändringar"]
    assert titles == [
        "Översikt",
        "Effektmål",
        "Tabeller",
        "Leveranser",
        "Tidslinje",
        "Viktiga händelser",
        "Ekonomi",
        "Projektets intäkter och kostnader",
        "Erfarenheter och lärdomar",
        "Återstående leveranser",
        "Överlämning och uppföljning",
    ]


def test_a_chapter_page_keeps_the_sources_section_number_in_its_heading(site):  # noqa: F811
    assert "<h1>3.3. Ekonomi</h1>" in page(site, f"{LUND}/03-3-ekonomi.html")


def test_a_report_without_an_economy_chapter_keeps_its_economy_page_name(site):  # noqa: F811
    assert "Ekonomi och tabeller" in _nav_titles(page(site, f"{ESK}/index.html"))


def test_a_chapter_that_repeats_the_summary_is_not_published_again(site):  # noqa: F811
    assert not (site / ESK / "01-inledning.html").exists()
    html = page(site, f"{ESK}/index.html")
    assert "01-inledning" not in html.split("<footer", 1)[0]
    assert "Rapportens text" not in html
    assert "<code>content/eskilstuna/processmal-2020-2023/01-inledning.md</code>" in html


def test_nav_label_drops_a_leading_section_number():
    from followup.site.navigation import nav_label

    assert nav_label("3.3. Ekonomi") == "Ekonomi"
    assert nav_label("4 Erfarenheter och lärdomar") == "Erfarenheter och lärdomar"
    assert nav_label("Viktiga händelser") == "Viktiga händelser"


def test_repeats_summary_ignores_emphasis_and_a_typo_but_not_new_text():
    from followup.site.navigation import repeats_summary

    summary = "Första stycket om arbetssätt.\n\nAndra stycket."
    assert repeats_summary("Första stycket om **arbetsätt**.\n\nAndra stycket.", summary)
    assert not repeats_summary("Första stycket om arbetssätt.\n\nEtt nytt stycke.", summary)
    assert not repeats_summary("## Rubrik\n\nAndra stycket.", summary)


# --- deliverables: group notes beside the group list --------------------------------------------


def test_deliverable_group_notes_are_a_description_list_not_headings_above_the_table(site):  # noqa: F811
    html = page(site, f"{LUND}/leveranser.html")
    assert "<strong>Tillkomna leveranser:</strong>" not in html
    notes = html.split('<dl class="group-notes">', 1)[1].split("</dl>", 1)[0]
    assert re.findall(r"<dt>([^<]+)</dt>", notes) == ["Tillkomna leveranser", "Åtgärder från utredning fastighetsnära tjänster"]
    assert html.index('<dl class="group-notes">') < html.index('id="alla-leveranser"')


# --- precision ----------------------------------------------------------------------------------


def test_survey_scores_keep_the_decimals_the_source_wrote(site):  # noqa: F811
    html = page(site, f"{ESK}/enkater.html")
    groups = html.split("<caption>Per grupp, 2023 jan–dec</caption>", 1)[1].split("</table>", 1)[0]
    assert re.findall(r"<td>(\d+,\d+)</td>", groups) == ["8,30", "8,00"]


def test_a_column_of_mixed_written_precision_is_explained_once_under_its_table(site):  # noqa: F811
    html = page(site, f"{ESK}/enkater.html")
    first = html.split("Svarande och medelbetyg per enhet, 2022 apr–dec", 1)[1].split("<h3", 1)[0]
    assert first.count("Värdena återges med så många decimaler som källan anger dem.") == 1
    groups = html.split("<caption>Per grupp, 2023 jan–dec</caption>", 1)[1].split("<h3", 1)[0]
    assert "Värdena återges med så många decimaler" not in groups


def test_no_change_table_of_dashes_only(site):  # noqa: F811
    html = page(site, f"{ESK}/indikatorer.html")
    assert 'aria-label="HME (hållbart medarbetarengagemang): förändring mellan perioder"' not in html
    assert 'aria-label="Sjukfrånvaro, andel: förändring mellan perioder"' in html


# --- narrow screens and print -------------------------------------------------------------------

JS = (REPO / "templates/theme/js/site.js").read_text(encoding="utf-8")
PRINT_CSS = (REPO / "templates/theme/css/print.css").read_text(encoding="utf-8")


def test_the_swipe_hint_shows_at_any_width_when_the_script_finds_the_table_too_wide():
    assert ".scroll-hint--needed { display: block; }" in CSS.split("@media", 1)[0]
    assert 'hint.classList.toggle("scroll-hint--needed", !fits);' in JS


def test_document_facts_stack_label_over_value_on_a_phone():
    narrow = CSS.split("@media (max-width: 40rem)", 1)[1].split("@media", 1)[0]
    assert ".meta-table, .meta-table tbody, .meta-table tr, .meta-table th, .meta-table td { display: block;" in narrow


def test_browser_print_opens_every_details_and_restores_them():
    assert 'window.addEventListener("beforeprint", openAllDetails);' in JS
    assert 'window.addEventListener("afterprint", restoreDetails);' in JS


def test_browser_print_shows_no_disclosure_triangles_and_fits_tables():
    assert "summary { list-style: none; }" in PRINT_CSS
    assert "summary::-webkit-details-marker { display: none; }" in PRINT_CSS
    assert "min-width: 0 !important;" in PRINT_CSS
