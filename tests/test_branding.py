"""An organisation's profile (organisation.yaml `branding:`): a safe logo next to
organisation.yaml and a primary colour whose contrast with white meets WCAG AA."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from followup.model import colours

ORGANISATION = """\
    name: Testkommun
    branding:
{branding}
    """

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="#00558c"/></svg>'


def project_with(make_project, branding: str, files: dict[str, str] | None = None) -> Path:
    text = ORGANISATION.format(branding=textwrap.indent(textwrap.dedent(branding), " " * 6))
    return make_project({"data/org/organisation.yaml": text, **(files or {})})


def test_white_has_the_contrast_ratio_21_with_black():
    assert colours.contrast_ratio((0, 0, 0), colours.WHITE) == pytest.approx(21.0)


def test_suggested_darker_colour_reaches_aa():
    suggestion = colours.darkest_passing("#ffcc00")
    assert colours.contrast_with_white(suggestion) >= 4.5


def test_a_dark_colour_and_a_safe_logo_pass(make_project, problems):
    root = project_with(make_project, 'logo: logo.svg\ncolour: "#00558c"', {"data/org/logo.svg": LOGO})
    assert problems(root) == []


def test_a_light_colour_is_an_error_with_a_darker_suggestion(make_project, problems):
    root = project_with(make_project, 'colour: "#ffcc00"')
    suggestion = colours.darkest_passing("#ffcc00")
    assert problems(root) == [
        "data/org/organisation.yaml:3:11: fel: färgen #ffcc00 har kontrasten 1,5:1 mot vitt, men text kräver minst "
        f"4,5:1 (WCAG AA); välj en mörkare färg, t.ex. {suggestion} (samma nyans, mörkare)"
    ]


def test_a_colour_that_is_no_colour_code_is_an_error(make_project, problems):
    root = project_with(make_project, "colour: blå")
    assert problems(root) == [
        "data/org/organisation.yaml:3:11: fel: färgen 'blå' är ingen färgkod; skriv den som #RRGGBB inom citattecken, "
        't.ex. "#00558c"'
    ]


def test_a_missing_logo_is_located_at_the_logo_key(make_project, problems):
    root = project_with(make_project, "logo: saknas.svg")
    (found,) = problems(root)
    assert found.startswith("data/org/organisation.yaml:3:9: fel: ") and "saknas.svg" in found


def test_an_svg_logo_with_a_script_is_refused(make_project, problems):
    evil = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    root = project_with(make_project, "logo: logo.svg", {"data/org/logo.svg": evil})
    assert problems(root) == [
        "data/org/organisation.yaml:3:9: fel: bilden 'logo.svg' publiceras inte: SVG-filen innehåller ett skript "
        "(<script>) på rad 1; en bild på webbplatsen får inte köra kod eller hämta något utifrån. Ta bort det ur bilden "
        "eller spara den som PNG"
    ]


def test_a_png_named_svg_is_refused(make_project, problems):
    root = project_with(make_project, "logo: logo.svg", {"data/org/logo.svg": "\x89PNG\r\n\x1a\n0000"})
    (found,) = problems(root)
    assert "bilden 'logo.svg' är inte en SVG-bild som filändelsen säger" in found


def test_built_pages_link_the_profile_and_show_the_logo(make_project, run_build):
    root = project_with(make_project, 'logo: logo.svg\ncolour: "#00558c"', {"data/org/logo.svg": LOGO})
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    site = root / "site"
    assert (site / "org" / "profil.css").read_text(encoding="utf-8").startswith(":root { --brand: #00558c;")
    assert (site / "org" / "logotyp.svg").read_text(encoding="utf-8") == LOGO
    page = (site / "org" / "rep" / "index.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="../profil.css">' in page
    assert '<img src="../logotyp.svg" alt="Logotyp för Testkommun">' in page
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "profil.css" not in start  # the shared pages keep the site's own colours


def test_pdf_cover_shows_the_logo_and_the_status(make_project):
    from followup.commands import printable
    from followup.load.loader import load_project

    root = project_with(make_project, "logo: logo.svg", {"data/org/logo.svg": LOGO})
    project, _ = load_project(root)
    (bundle,) = project.reports
    bundle.report.status = "utkast"
    document = printable.document_html(printable.PrintableReport(bundle, []))
    assert '<img class="print-logo" src="/org/logotyp.svg" alt="Logotyp för Testkommun">' in document
    assert '<p class="print-status">UTKAST</p>' in document


def test_word_export_starts_with_the_logo(make_project, run_build):
    import docx

    root = project_with(make_project, "logo: logo.svg", {"data/org/logo.svg": LOGO})
    result = run_build("export", "--format", "docx", "org/rep", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    (written,) = (root / "export").rglob("*.docx")
    document = docx.Document(str(written))
    first = document.inline_shapes[0]._inline.docPr
    assert first.get("descr") == "Logotyp för Testkommun"
