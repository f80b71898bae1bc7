"""Safe Markdown rendering and value/chart references (followup.markdown)."""

import pytest

from followup.site.markdown import (
    RenderOptions,
    UnknownReference,
    find_references,
    render_inline,
    render_markdown,
)


class Refs:
    def value(self, target):
        if target == "tables.intakter.total":
            return "11\u00a0785\u00a0000\u00a0kr"
        raise UnknownReference(f"unknown value reference '{target}'")

    def chart(self, target):
        if target == "enkat":
            return '<figure class="chart" id="chart-enkat">…</figure>'
        raise UnknownReference(f"unknown chart '{target}'")


def render(text, **kw):
    opts = RenderOptions(refs=Refs(), **kw)
    return render_markdown(text, opts), opts.problems


def test_html_in_text_is_escaped():
    html, _ = render("Hej <script>alert(1)</script>")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_event_handler_attributes_are_escaped():
    html, _ = render('<img src=x onerror="alert(1)">')
    assert "<img" not in html
    assert "&lt;img" in html


def test_javascript_links_are_not_linked():
    html, _ = render("[klicka](javascript:alert(1))")
    assert "<a" not in html


def test_external_links_get_noopener_noreferrer():
    html, _ = render("[Lund](https://lund.se)")
    assert html == '<p><a href="https://lund.se" rel="noopener noreferrer">Lund</a></p>\n'


def test_internal_links_have_no_rel():
    html, _ = render("[annan sida](larande.md)")
    assert 'rel="' not in html


def test_link_resolver_rewrites_internal_links():
    html, _ = render("[annan sida](larande.md)", link_resolver=lambda h: h.replace(".md", ".html"))
    assert 'href="larande.html"' in html


def test_external_image_becomes_a_link():
    html, _ = render("![bild](https://example.org/a.png)")
    assert "<img" not in html
    assert '<a href="https://example.org/a.png" rel="noopener noreferrer">bild</a>' in html


def test_tables_are_wrapped_in_a_scroll_region():
    html, _ = render("| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert html.startswith('<div class="table-scroll" role="region" tabindex="0" aria-label="Tabell">\n<table>')


def test_footnotes_are_rendered_with_document_prefix():
    html, _ = render("Text[^1]\n\n[^1]: Källa.\n", doc_id="sammanfattning")
    assert 'id="fn-sammanfattning-1"' in html


def test_headings_never_reach_h1():
    html, _ = render("# Rubrik\n\n## Under")
    assert "<h1>" not in html
    assert "<h2>Rubrik</h2>" in html


def test_heading_offset_shifts_levels():
    html, _ = render("# Rubrik", heading_offset=2, min_heading=2)
    assert "<h3>Rubrik</h3>" in html


def test_value_reference_is_replaced_by_formatted_value():
    html, problems = render("Intäkterna var {{ värde: tables.intakter.total }} totalt.")
    assert problems == []
    assert '<span class="ref-value">11\u00a0785\u00a0000\u00a0kr</span>' in html


def test_value_reference_accepts_ascii_keyword():
    html, problems = render("{{ value: tables.intakter.total }}")
    assert problems == [] and "ref-value" in html


def test_chart_reference_on_its_own_line_becomes_the_figure():
    html, problems = render("Före.\n\n{{ diagram: enkat }}\n\nEfter.")
    assert problems == []
    assert '<figure class="chart" id="chart-enkat">' in html
    assert "<p><figure" not in html


def test_unknown_value_reference_is_located():
    _, problems = render("Rad ett.\n\nText {{ värde: tables.okand.total }} här.")
    assert [(p.line, p.column, p.message) for p in problems] == [(3, 6, "unknown value reference 'tables.okand.total'")]


def test_unknown_chart_reference_is_located():
    _, problems = render("\n{{ diagram: saknas }}\n")
    assert [(p.line, p.column, p.message) for p in problems] == [(2, 1, "unknown chart 'saknas'")]


def test_chart_reference_inside_a_sentence_is_an_error():
    _, problems = render("Se {{ diagram: enkat }} nedan.")
    assert [(p.line, p.column) for p in problems] == [(1, 4)]
    assert "måste stå på en egen rad" in problems[0].message


def test_unknown_reference_kind_is_an_error():
    _, problems = render("{{ tal: x }}")
    assert problems[0].message.startswith("okänd sorts referens 'tal'")


def test_reference_in_code_is_left_alone():
    html, problems = render("`{{ värde: x }}`")
    assert problems == []
    assert "<code>{{ värde: x }}</code>" in html


def test_escaped_braces_are_literal():
    html, problems = render("\\{{ värde: x }}")
    assert problems == []
    assert "{{ värde: x }}" in html


def test_reference_in_list_item_is_located_at_its_column():
    refs = find_references("Intro\n\n- punkt {{ värde: a.b }}\n")
    assert [(r.kind, r.target, r.line, r.column) for r in refs] == [("value", "a.b", 3, 9)]


def test_find_references_reports_the_same_reference_twice_on_one_line():
    refs = find_references("{{ värde: a }} och {{ värde: a }}")
    assert [r.column for r in refs] == [1, 20]


def test_reference_in_table_cell_is_found():
    refs = find_references("| a |\n|---|\n| {{ värde: x.y }} |\n")
    assert [(r.line, r.column) for r in refs] == [(3, 3)]


def test_render_inline_drops_the_paragraph():
    assert render_inline("*kursiv* text") == "<em>kursiv</em> text"


@pytest.mark.parametrize("text", ["", None])
def test_empty_text_renders_nothing(text):
    assert render_markdown(text) == ""
