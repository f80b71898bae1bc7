"""The accessibility statement (DIGG's model statement) and its contact address."""

from __future__ import annotations

import pytest

from followup.build.publish import build_site
from followup.errors import DataErrors, format_text
from tests.test_site import page, site, text_of  # noqa: F401 - `site` is the built seed site fixture

COMPLIANCE = "delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service"


def statement(site) -> str:  # noqa: F811
    return text_of(page(site, "tillganglighet.html"))


def test_statement_says_partially_compliant_with_the_law(site):  # noqa: F811
    assert f"Den här webbplatsen är {COMPLIANCE}" in statement(site)


def test_statement_lists_the_known_shortcomings(site):  # noqa: F811
    text = statement(site)
    assert "Innehåll som inte är tillgängligt" in text
    assert "Diagram är bilder." in text and "en tabell med samma uppgifter" in text
    assert "Breda tabeller på små skärmar." in text


def test_statement_dates_come_from_mkdocs_yml(site):  # noqa: F811
    text = statement(site)
    assert "Senaste bedömningen gjordes den 22 november 2026." in text
    assert "Redogörelsen uppdaterades senast den 28 november 2026." in text
    assert "Vi har bedömt webbplatsen genom självskattning." in text


def test_statement_links_digg_for_complaints(site):  # noqa: F811
    html = page(site, "tillganglighet.html")
    assert '<a href="https://www.digg.se/tdosanmalan" rel="noopener noreferrer">www.digg.se/tdosanmalan</a>' in html
    assert "Myndigheten för digital förvaltning (Digg)" in html


def test_statement_follows_diggs_headings_in_order(site):  # noqa: F811
    text = statement(site)
    headings = [
        "Tillgänglighet för Uppföljningar och rapporter",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Teknisk information om webbplatsens tillgänglighet",
        "Hur vi testat webbplatsen",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_placeholder_contact_is_marked_as_an_example_on_the_page(site):  # noqa: F811
    text = statement(site)
    assert "Kontaktuppgiften är ett exempel." in text
    assert "webbredaktionen@kommun.example" in text


HINT = (
    ". Ange en riktig e-postadress, eller markera kontakten med 'placeholder: true' om webbplatsen "
    "bara är ett exempel (tillgänglighetsredogörelsen säger då att kontakten är ett exempel)."
)


# --- the example address --------------------------------------------------------------------


def site_config(placeholder: bool) -> str:
    return "site_name: Test\nextra:\n  accessibility_contact:\n    name: Webbredaktionen\n    email: webb@kommun.example\n" + (
        "    placeholder: true\n" if placeholder else ""
    )


def test_example_contact_is_a_warning_in_check(make_project, problems):
    root = make_project({"mkdocs.yml": site_config(placeholder=False)})
    assert problems(root) == [
        "mkdocs.yml:5:12: varning: tillgänglighetskontakten 'webb@kommun.example' är en exempeladress: "
        "e-post dit når ingen, och läsarna måste kunna rapportera brister i tillgängligheten" + HINT
    ]


def test_example_contact_marked_placeholder_passes_check(make_project, problems):
    root = make_project({"mkdocs.yml": site_config(placeholder=True)})
    assert problems(root) == []


def test_example_contact_is_an_error_when_building_a_report_that_is_not_a_draft(make_project, tmp_path):
    root = make_project({"mkdocs.yml": site_config(placeholder=False)})
    report = root / "data/org/rep/report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("status: utkast", "status: fastställd"), "utf-8")
    with pytest.raises(DataErrors) as caught:
        build_site(root, site_dir=tmp_path / "out")
    lines = [format_text(p) for p in caught.value.problems]
    assert (
        "mkdocs.yml:5:12: fel: tillgänglighetskontakten 'webb@kommun.example' är en exempeladress: "
        "e-post dit når ingen, och läsarna måste kunna rapportera brister i tillgängligheten" + HINT
    ) in lines


def test_organisation_example_contact_is_located_in_organisation_yaml(make_project, problems):
    root = make_project(
        {
            "mkdocs.yml": site_config(placeholder=True),
            "data/org/organisation.yaml": """\
                name: Testkommun
                accessibility_contact:
                  email: info@testkommun.example
                """,
        }
    )
    assert problems(root) == [
        "data/org/organisation.yaml:3:10: varning: tillgänglighetskontakten 'info@testkommun.example' "
        "är en exempeladress: e-post dit når ingen, och läsarna måste kunna rapportera brister i "
        "tillgängligheten" + HINT
    ]
