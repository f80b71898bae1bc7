"""Point 12 of the format (the rest): symbols fonts lack are drawn, never an empty box (pages,
charts, and so the PDF that prints the pages); a scale's legend with the data's descriptions; one
symbol for two levels only when declared."""

from __future__ import annotations

from test_format import GOALS, ORG, built_page

from followup.model import symbols

SMILEYS = {
    ORG: """\
        name: Testkommun
        assessment_scale:
          - {id: bra, label: bra, symbol: "😊", category: achieved, description: Målet är nått eller nästan nått.}
          - {id: mittemellan, label: mittemellan, symbol: "😐", category: partly_achieved}
          - {id: daligt, label: dåligt, symbol: "😒", category: not_achieved, description: Långt från målet.}
        """,
    GOALS: """\
        perspectives:
          - id: p
            title: Medborgare
            goals:
              - {id: a, title: Trygghet, assessment: bra}
              - {id: b, title: Arbete, assessment: daligt}
        """,
}


def test_emoji_symbol_is_drawn_as_svg_on_the_page(make_project, tmp_path):
    page = built_page(make_project, tmp_path, SMILEYS, "mal.md")
    assert '<span class="badge__symbol" aria-hidden="true"><svg class="symbol" viewBox="-1.2 -1.2 2.4 2.4"' in page
    assert "😊" not in page and "😒" not in page


def test_common_symbols_stay_text():
    assert symbols.svg("●") is None and symbols.is_typed("◐")
    assert symbols.svg("✅") is not None and symbols.svg("❌\ufe0f") is not None


def test_legend_shows_the_descriptions_the_data_gives(make_project, tmp_path):
    for page_name in ("mal.md", "index.md"):
        page = built_page(make_project, tmp_path / page_name, SMILEYS, page_name)
        assert '<p class="scale-legend__title">Teckenförklaring</p>' in page
        assert '<span class="scale-legend__text">Målet är nått eller nästan nått.</span>' in page
        assert '<span class="scale-legend__text">Långt från målet.</span>' in page


def test_two_levels_with_one_symbol_is_an_error(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        assessment_scale:
          - {id: gron, label: grön, symbol: "●", category: achieved}
          - {id: gul, label: gul, symbol: "●", category: partly_achieved}
        """
        }
    )
    assert problems(root) == [
        "data/org/organisation.yaml:4:35: fel: nivån 'gul' har samma symbol '●' som nivån 'gron', så "
        "en läsare kan inte skilja dem åt; ge den en egen symbol, eller skriv shared_symbol: true på "
        "båda nivåerna om källan använder en symbol för båda"
    ]


def test_one_symbol_for_two_levels_when_declared(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        assessment_scale:
          - {id: gron, label: grön, symbol: "●", category: achieved, shared_symbol: true}
          - {id: gul, label: gul, symbol: "●", category: partly_achieved, shared_symbol: true}
        """
        }
    )
    assert problems(root) == []


def test_symbol_the_site_cannot_draw_is_a_warning(make_project, problems):
    root = make_project(
        {
            ORG: """\
        name: Testkommun
        assessment_scale:
          - {id: upp, label: uppnått, symbol: "🦄", category: achieved}
        """
        }
    )
    (line,) = problems(root)
    assert line.startswith(
        "data/org/organisation.yaml:3:39: varning: symbolen '🦄' för nivån 'upp' kan inte ritas av webbplatsen"
    )


def test_legend_on_the_start_pages_report_card(make_project, tmp_path):
    from followup.build.pipeline import check_project
    from followup.build.publish import DataVersion
    from followup.site.render import render_project

    project, _ = check_project(make_project(SMILEYS))
    render_project(project, tmp_path / "docs", version=DataVersion("abc1234", 0))
    for page in ("index.md", "org/index.md"):
        text = (tmp_path / "docs" / page).read_text(encoding="utf-8")
        assert '<span class="scale-legend__text">Långt från målet.</span>' in text


def test_emoji_symbol_is_a_text_sized_picture_in_the_word_document(make_project, run_build, tmp_path):
    import docx
    from docx.shared import Pt

    root = make_project(SMILEYS)
    result = run_build("export", "--format", "docx", "org/rep", "--root", str(root), "-o", str(tmp_path / "word"))
    assert result.returncode == 0, result.stdout + result.stderr
    document = docx.Document(str(tmp_path / "word/org/rep.docx"))
    symbol_pictures = [shape for shape in document.inline_shapes if shape.height == Pt(10)]
    assert len(symbol_pictures) >= 2  # 😊 and 😒 of the two goals, at least once each
