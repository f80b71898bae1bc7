"""The built seed site: pages, numbers in Swedish format, provenance, offline, deterministic.

The site is built once per session (into a temporary folder, not the repository's site/).
"""

from __future__ import annotations

import gzip
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from followup.build.publish import build_site, data_version

REPO = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"
MINUS = "\u2212"
LUND = "lund/samordnade-servicetjanster"
ESK = "eskilstuna/processmal-2020-2023"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed") / "site"
    build_site(REPO, site_dir=out)
    return out


def page(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html"))


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(text: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(text)
    return parser.tags


def text_of(html: str) -> str:
    """The visible text: tags become spaces, runs of ASCII white space one space (NBSP is kept)."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&").replace(" .", ".")


# --- pages --------------------------------------------------------------------------------------

EXPECTED_PAGES = [
    "index.html",
    "sok.html",
    "tillganglighet.html",
    "lund/index.html",
    "eskilstuna/index.html",
    f"{LUND}/index.html",
    f"{LUND}/mal.html",
    f"{LUND}/ekonomi.html",
    f"{LUND}/leveranser.html",
    f"{LUND}/tidslinje.html",
    f"{LUND}/02-viktiga-handelser.html",
    f"{ESK}/index.html",
    f"{ESK}/mal.html",
    f"{ESK}/indikatorer.html",
    f"{ESK}/enkater.html",
    f"{ESK}/ekonomi.html",
]


@pytest.mark.parametrize("rel", EXPECTED_PAGES)
def test_page_exists(site, rel):
    assert (site / rel).is_file()


def test_reports_have_no_pages_without_data(site):
    assert not (site / LUND / "enkater.html").exists()
    assert not (site / ESK / "leveranser.html").exists()


def test_every_page_is_swedish_with_one_h1_a_main_and_a_skip_link(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        found = tags(text)
        names = [t for t, _ in found]
        assert '<html lang="sv">' in text, path
        assert names.count("h1") == 1, path
        assert [a for t, a in found if t == "main"] == [{"id": "main", "tabindex": "-1"}], path
        first_link = next(a for t, a in found if t == "a")
        assert first_link == {"class": "skip-link", "href": "#main"}, path


def test_every_page_carries_the_content_security_policy(site):
    csp = "default-src 'self'; img-src 'self' data:; style-src 'self'"
    for path in html_pages(site):
        assert f'<meta http-equiv="Content-Security-Policy" content="{csp}">' in path.read_text("utf-8"), path


def test_no_inline_script_or_style(site):
    for path in html_pages(site):
        for tag, attrs in tags(path.read_text(encoding="utf-8")):
            assert "style" not in attrs, (path, tag)
            assert not any(k.startswith("on") for k in attrs), (path, tag)
            if tag == "script":
                assert "src" in attrs, path
        assert "<style" not in path.read_text(encoding="utf-8"), path


def test_no_external_urls_in_src_href_or_css(site):
    external = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
    for path in html_pages(site):
        for tag, attrs in tags(path.read_text(encoding="utf-8")):
            assert not external.match(attrs.get("src") or ""), (path, tag, attrs)
            href = attrs.get("href") or ""
            if external.match(href) and not href.startswith("mailto:"):
                # only links written in the content, and those carry rel=noopener noreferrer
                assert attrs.get("rel") == "noopener noreferrer", (path, href)
    for css in site.rglob("*.css"):
        for url in re.findall(r"url\(([^)]*)\)", css.read_text(encoding="utf-8")):
            assert not external.match(url.strip("'\" ")), (css, url)


def test_report_pages_link_only_to_their_own_report(site):
    """The navigation inside a report holds only that report, so page size stays flat."""
    text = page(site, f"{LUND}/mal.html")
    assert "eskilstuna/processmal" not in text


def test_report_navigation_lists_the_reports_pages_in_order(site):
    text = page(site, f"{LUND}/ekonomi.html")
    nav = text.split("data-report-nav>", 1)[1].split("</nav>", 1)[0]
    hrefs = re.findall(r'href="([^"]+)"', nav)
    assert hrefs[:5] == ["index.html", "mal.html", "ekonomi.html", "leveranser.html", "tidslinje.html"]
    assert 'href="ekonomi.html" aria-current="page"' in nav


def test_breadcrumbs_lead_back_to_start(site):
    text = page(site, f"{LUND}/leveranser.html")
    crumbs = text.split('aria-label="Brödsmulor">', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)"', crumbs) == ["../../index.html", "../index.html", "index.html"]
    assert '<span aria-current="page">Leveranser</span>' in crumbs


# --- numbers and summaries ----------------------------------------------------------------------


def test_start_page_shows_goal_and_deliverable_summaries(site):
    text = text_of(page(site, "index.html"))
    assert "2 av 3 mål uppnådda" in text
    assert f"17 av 31 leveranser slutförda (55{NBSP}%)" in text
    assert "● uppnått Nöjda kunder och invånare" in text


def test_start_page_browses_by_organisation_and_year(site):
    text = page(site, "index.html")
    assert 'href="lund/index.html"' in text and 'href="eskilstuna/index.html"' in text
    assert 'id="ar-2023"' in text


def test_key_figures_are_swedish_formatted(site):
    text = text_of(page(site, f"{LUND}/index.html"))
    assert f"11{NBSP}785{NBSP}000{NBSP}kr" in text
    assert f"+28{NBSP}000{NBSP}kr" in text
    assert f"cirka {MINUS}342{NBSP}000{NBSP}kr" in text
    assert f"+0,49{NBSP}%" in text


def test_overview_metadata_table(site):
    text = text_of(page(site, f"{LUND}/index.html"))
    for expected in (
        "Diarienummer SN 2021/0083",
        "Beslutsinstans Projektägare",
        "Beslutsdatum 2024-01-29",
        "Dokumentansvarig Annelie Thögersen",
        "Senast reviderad 2024-02-06",
        "Status Fastställd",
    ):
        assert expected in text


def test_budget_table_shows_variance_in_amount_and_percent(site):
    text = text_of(page(site, f"{ESK}/ekonomi.html"))
    assert f"295{NBSP}591" in text and f"282{NBSP}366" in text
    assert f"{MINUS}13{NBSP}225" in text
    assert f"{MINUS}4,5{NBSP}%" in text  # −13 225 / 295 591


def test_per_unit_totals_are_computed_and_checked(site):
    text = text_of(page(site, f"{LUND}/ekonomi.html"))
    assert f"Totalt +28{NBSP}000{NBSP}kr +30{NBSP}000{NBSP}kr" in text
    assert "Beräknade totaler stämmer med källans totalrad (2022, 2023)" in text


def test_survey_totals_show_the_stated_figures_with_acknowledged_notes(site):
    text = text_of(page(site, f"{ESK}/enkater.html"))
    assert "Totalt 39 7,77 8,13 7,36 8,58 1" in text
    assert (
        "1 Bemötande: Angivet medelvärde 8,58 · beräknat från data 8,62. Källan anger 8,58; det "
        "respondentviktade medelvärdet av förvaltningarnas värden är 8,62."
    ) in text


def test_the_stated_total_cell_links_to_its_note(site):
    html = page(site, f"{ESK}/enkater.html")
    assert (
        '<td><span class="num">8,58</span><sup class="note-ref"><a href="#enkat-kunddialog-2022-apr-dec-not-1" '
        'id="enkat-kunddialog-2022-apr-dec-not-1-ref"'
    ) in html
    assert '<li id="enkat-kunddialog-2022-apr-dec-not-1">' in html


def test_the_overview_lists_acknowledged_discrepancies_after_the_summary(site):
    html = page(site, f"{ESK}/index.html")
    assert html.index('id="sammanfattning"') < html.index('id="anmarkningar-om-kallan"')
    text = text_of(html)
    assert "Anmärkningar om källan" in text
    assert "Kunddialogenkät 2022 apr–dec: Bemötande: Angivet 8,58 · beräknat från data 8,62." in text
    assert text.count("Återges som i det beslutade dokumentet.") == 5


def test_an_acknowledged_key_figure_shows_the_stated_value_with_a_marker(site):
    text = text_of(page(site, f"{ESK}/index.html"))
    assert "Kunddialog, samlad bedömning 2023 8,40 1 Beräknat från data: 8,39, se anmärkning under sammanfattningen." in text


def test_indicator_targets_are_evaluated(site):
    text = text_of(page(site, f"{ESK}/indikatorer.html"))
    assert f"Mål 2023, alla: högst 6,5{NBSP}%. Utfall 6,5{NBSP}%: ✓ målet nått" in text
    assert f"Mål 2023, män: högst 4,0{NBSP}%. Utfall 4,5{NBSP}%: ✗ målet inte nått (0,5{NBSP}procentenheter från målet)" in text


def test_goal_assessments_show_symbol_and_text(site):
    html = page(site, f"{ESK}/mal.html")
    assert (
        '<span class="badge badge--partly_achieved"><span class="badge__symbol" aria-hidden="true">◐</span> delvis uppnått</span>'
        in html
    )


def test_deliverables_table_is_sortable_and_filterable(site):
    html = page(site, f"{LUND}/leveranser.html")
    assert '<table class="data-table deliverables" id="leveranser" data-sortable data-filterable>' in html
    assert html.count('<tr id="leverans-') == 31
    assert '<div class="table-tools" data-table-tools="leveranser" hidden>' in html


# --- charts ---------------------------------------------------------------------------------------


def test_every_chart_image_and_csv_exists(site):
    for path in html_pages(site):
        text = path.read_text(encoding="utf-8")
        for tag, attrs in tags(text):
            if tag == "img" and "chart__image" in attrs.get("class", ""):
                assert attrs.get("alt"), path
                assert (path.parent / attrs["src"]).is_file(), (path, attrs["src"])
            if tag == "source" and "srcset" in attrs:  # the narrow drawing of a chart
                assert (path.parent / attrs["srcset"]).is_file(), (path, attrs["srcset"])
            if tag == "a" and "download" in attrs:
                assert (path.parent / attrs["href"]).is_file(), (path, attrs["href"])


def test_each_seed_report_has_charts(site):
    for report in (LUND, ESK):
        assert len(list((site / report / "diagram").glob("*.svg"))) >= 3, report


# --- provenance, search, determinism ----------------------------------------------------------------


def test_footer_shows_data_files_revision_and_data_date(site):
    text = text_of(page(site, f"{LUND}/leveranser.html"))
    assert "Källfiler för den här sidan data/lund/samordnade-servicetjanster/deliverables.yaml" in text
    assert "Rapporten senast reviderad 2024-02-06" in text
    assert "Senast uppdaterad " in text


def test_footer_links_the_accessibility_statement(site):
    for path in html_pages(site):
        assert 'tillganglighet.html">Tillgänglighetsredogörelse</a>' in path.read_text(encoding="utf-8"), path


def test_search_index_is_built_for_swedish(site):
    index = json.loads(page(site, "search/search_index.json"))
    assert index["config"]["lang"] == ["sv"]
    assert any(doc["location"] == f"{LUND}/leveranser.html" for doc in index["docs"])
    assert (site / "search" / "lunr.sv.js").is_file()


def test_search_page_passes_base_url_without_inline_script(site):
    text = page(site, "sok.html")
    assert '<script src="js/search.js" data-base-url="."></script>' in text
    assert '<div id="mkdocs-search-results"' in text


def test_search_index_is_also_written_as_a_script_for_file_urls(site):
    script = page(site, "search/search_index.js")
    prefix = "window.followupSearchIndex = "
    assert script.startswith(prefix) and script.endswith(";\n")
    assert json.loads(script[len(prefix) : -2]) == json.loads(page(site, "search/search_index.json"))


def test_sitemap_gzip_has_no_build_time(site):
    raw = (site / "sitemap.xml.gz").read_bytes()
    mtime = int.from_bytes(raw[4:8], "little")
    epoch = data_version(REPO).epoch
    assert mtime == epoch - epoch % 86400  # the day of the data commit (MkDocs keeps dates only)
    assert gzip.decompress(raw) == (site / "sitemap.xml").read_bytes()


def test_two_builds_give_identical_trees(site, tmp_path):
    again = tmp_path / "site"
    build_site(REPO, site_dir=again)

    def digest(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    assert digest(again) == digest(site)


def test_search_sections_are_those_of_the_search_plugins_own_parser(site):
    """followup.site.mkdocs_hooks.SectionParser replaces the plugin's HTMLParser for speed: same result."""
    from mkdocs.contrib.search import search_index

    from followup.site.mkdocs_hooks import SectionParser

    plugin_parser = getattr(search_index, "plugin_content_parser", search_index.ContentParser)
    pages = html_pages(site)
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        ours, theirs = SectionParser(search_index.ContentSection), plugin_parser()
        for parser in (ours, theirs):
            parser.feed(text)
            parser.close()
        assert [(s.id, s.title, s.text) for s in ours.data] == [(s.id, s.title, s.text) for s in theirs.data], path
        assert ours.stripped_html == theirs.stripped_html, path
