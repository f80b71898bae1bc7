"""Rows of a generic table that are parts of another row ("- varav …") and rows with their own unit
(a five-year overview: years as columns, kronor, procent and antal in the rows)."""

from __future__ import annotations

from test_format import built_page, summary_of

TABLES = "data/org/rep/tables.yaml"


def _overview(rows: str, columns: str = "") -> dict[str, str]:
    columns = (
        columns
        or """\
              - {id: post, label: Post}
              - {id: ar2023, label: "2023", sum: true}
              - {id: ar2024, label: "2024"}
"""
    )
    return {
        TABLES: "tables:\n"
        "  - id: oversikt\n"
        "    title: Översikt över kommunens utveckling\n"
        "    kind: table\n"
        "    columns:\n" + columns.replace("              ", "      ") + "    rows:\n" + rows.replace("              ", "      ")
    }


INHABITANTS = """\
              - {id: invanare, post: Antal invånare 31 dec, ar2023: 11771, ar2024: 11800}
              - {post: "- varav 0–19 år", part_of: invanare, ar2023: 2500, ar2024: 2510}
              - {post: "65 år och äldre", part_of: Antal invånare 31 dec, ar2023: 3000, ar2024: 3010}
              - {id: skolor, post: Skolor, ar2023: 5, ar2024: 5}
"""


def test_a_part_row_is_indented_after_its_parent(make_project, tmp_path):
    page = built_page(make_project, tmp_path, _overview(INHABITANTS), "ekonomi.md")
    parent = '<tr><th scope="row">Antal invånare 31 dec</th>'
    part = '<tr class="row-part"><th scope="row" class="row-part__label row-part__label--1">- varav 0–19 år</th>'
    assert parent in page and part in page
    assert page.index(parent) < page.index(part)
    # the label without "varav" gets it for screen readers
    assert (
        '<th scope="row" class="row-part__label row-part__label--1"><span class="visually-hidden">varav </span>'
        "65 år och äldre</th>" in page
    )


def test_parts_exceeding_their_parent_warn_at_the_first_part(make_project, problems):
    rows = """\
              - {id: invanare, post: Antal invånare, ar2023: 100}
              - {post: "- varav barn", part_of: invanare, ar2023: 60}
              - {post: "- varav äldre", part_of: invanare, ar2023: 50}
"""
    assert problems(make_project(_overview(rows))) == [
        "data/org/rep/tables.yaml:11:59: varning: delarna av raden 'Antal invånare' ('- varav barn', '- varav äldre') "
        "blir tillsammans 110 i kolumnen '2023', mer än raden själv (100); en del kan inte vara större än helheten, "
        "så rätta raden eller delarna"
    ]


def test_incomplete_parts_of_a_complete_row_are_an_error_at_the_row(make_project, problems):
    rows = """\
              - {id: kostnader, post: Kostnader, parts_complete: true, ar2023: 100}
              - {post: Personal, part_of: kostnader, ar2023: 60}
              - {post: Lokaler, part_of: kostnader, ar2023: 30}
"""
    assert problems(make_project(_overview(rows))) == [
        "data/org/rep/tables.yaml:10:72: fel: raden 'Kostnader' anger 100 i kolumnen '2023', men delarna "
        "('Personal', 'Lokaler') blir tillsammans 90, och raden säger att delarna är fullständiga "
        "(parts_complete: true); rätta raden eller delarna, eller ta bort parts_complete"
    ]


def test_the_column_total_ignores_part_rows(make_project):
    (ts,) = summary_of(make_project, _overview(INHABITANTS)).tables
    assert ts.totals["ar2023"] == 11771 + 5


def test_a_row_unit_formats_the_rows_numbers(make_project, tmp_path):
    rows = """\
              - {post: Skattesats, unit: percent, ar2023: "21,5", ar2024: "21,5"}
              - {post: Skatteintäkter per invånare, unit: sek, ar2023: 295591, ar2024: 301000}
              - {post: Antal invånare, ar2023: 11771, ar2024: 11800}
"""
    columns = """\
              - {id: post, label: Post}
              - {id: ar2023, label: "2023"}
              - {id: ar2024, label: "2024"}
"""
    page = built_page(make_project, tmp_path, _overview(rows, columns), "ekonomi.md")
    assert '<th scope="row">Skattesats</th><td>21,5\u00a0%</td>' in page
    assert '<th scope="row">Skatteintäkter per invånare</th><td>295\u00a0591\u00a0kr</td>' in page
    assert '<th scope="row">Antal invånare</th><td>11\u00a0771</td>' in page


def test_a_summed_column_with_rows_of_other_units_is_an_error(make_project, problems):
    rows = """\
              - {post: Antal invånare, ar2023: 11771}
              - {post: Skattesats, unit: percent, ar2023: "21,5"}
"""
    assert problems(make_project(_overview(rows))) == [
        "data/org/rep/tables.yaml:7:42: fel: kolumnen '2023' kan inte summeras: raden 'Skattesats' har en egen "
        "enhet (procent), inte kolumnens (ingen), och tal i olika enheter går inte att lägga ihop; ta bort "
        "sum: true eller radernas unit"
    ]


def test_an_unknown_parent_is_an_error_at_the_value_with_the_rows_above(make_project, problems):
    rows = """\
              - {id: invanare, post: Antal invånare, ar2023: 100}
              - {post: Skolor, ar2023: 5}
              - {post: "- varav barn", part_of: befolkning, ar2023: 60}
"""
    assert problems(make_project(_overview(rows))) == [
        "data/org/rep/tables.yaml:12:41: fel: okänd rad 'befolkning'; raderna ovanför anger: invanare, Skolor. "
        "En rad är en del av en rad ovanför den: ange radens id eller texten i dess första kolumn."
    ]
