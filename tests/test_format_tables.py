"""Point 9 of the format: tables where the text discusses them (`{{ tabell: id }}`), column
headings from the data, tables with groups by year and a total row that is a mean."""

from __future__ import annotations

from test_format import built_page, summary_of

TABLES = "data/org/rep/tables.yaml"
CHAPTER = "content/org/rep/01-personal.md"

HEADCOUNT = {
    TABLES: """\
        tables:
          - id: anstallda
            title: Anställda per förvaltning
            kind: breakdown
            unit: count
            labels: {label: Förvaltning, amount: Antal anställda}
            rows:
              - {label: Stadsbyggnad, amount: 120}
              - {label: Skola, amount: 480}
        """,
    CHAPTER: """\
        # Personal

        Antalet anställda per förvaltning:

        {{ tabell: anstallda }}
        """,
}


def test_table_reference_places_the_table_in_the_chapter(make_project, tmp_path):
    page = built_page(make_project, tmp_path, HEADCOUNT, "01-personal.md")
    assert '<section class="table-section table-ref" aria-label="Anställda per förvaltning">' in page
    assert "<caption>Anställda per förvaltning (antal)</caption>" in page
    assert "<td>480</td>" in page


def test_column_headings_come_from_the_table(make_project, tmp_path):
    page = built_page(make_project, tmp_path, HEADCOUNT, "ekonomi.md")
    assert '<th scope="col">Förvaltning</th><th scope="col">Antal anställda</th><th scope="col">Andel</th>' in page
    assert "Belopp" not in page


def test_unknown_table_reference_is_located_with_a_suggestion(make_project, problems):
    root = make_project({**HEADCOUNT, CHAPTER: "# Personal\n\nText.\n\n{{ tabell: anstalda }}\n"})
    assert problems(root) == [
        "content/org/rep/01-personal.md:5:1: fel: okänd tabell 'anstalda'; menade du 'anstallda'? "
        "(rapportens tabeller: anstallda)"
    ]


def test_table_reference_in_a_yaml_text_field(make_project, tmp_path):
    files = {
        TABLES: HEADCOUNT[TABLES],
        "data/org/rep/report.yaml": """\
        title: T
        document_type: uppföljning
        status: utkast
        period: 2021
        summary: |
          Personalen:

          {{ tabell: anstallda }}
        """,
    }
    page = built_page(make_project, tmp_path, files, "index.md")
    assert 'class="table-section table-ref"' in page


def test_table_reference_inside_a_sentence_must_stand_alone(make_project, problems):
    root = make_project({**HEADCOUNT, CHAPTER: "# Personal\n\nSe {{ tabell: anstallda }} här.\n"})
    (line,) = problems(root)
    assert line == (
        "content/org/rep/01-personal.md:3:4: fel: tabellreferensen {{ tabell: anstallda }} måste stå på en "
        "egen rad, som ett eget stycke"
    )


def test_unknown_column_heading_key(make_project, problems):
    root = make_project({TABLES: HEADCOUNT[TABLES].replace("amount: Antal anställda", "amout: Antal anställda")})
    assert problems(root) == ["data/org/rep/tables.yaml:6:34: fel: okänd kolumnrubrik 'amout'; menade du 'amount'?"]


GROUPED = {
    TABLES: """\
        tables:
          - id: sjukfranvaro
            title: Sjukfrånvaro
            kind: grouped
            unit: percent
            periods: [2013, 2014]
            groups: [kvinnor, man, alla]
            labels: {label: Förvaltning, alla: Totalt}
            total: mean
            rows:
              - label: Skola
                values: {"2013": {kvinnor: 6, man: 4, alla: 5}, "2014": {kvinnor: 7, man: 5, alla: 6}}
              - label: Vård
                values: {"2013": {kvinnor: 8, man: 6, alla: 7}, "2014": {kvinnor: 9, man: 5, alla: 8}}
            stated_totals: {"2014": {alla: 7}}
        """
}


def test_grouped_table_total_row_is_the_mean(make_project):
    (ts,) = summary_of(make_project, GROUPED).tables
    assert ts.totals["2014"] == {"kvinnor": 8, "man": 5, "alla": 7}
    assert ts.checked["2014"]["alla"].matches is True


def test_grouped_table_shows_periods_over_groups(make_project, tmp_path):
    page = built_page(make_project, tmp_path, GROUPED, "ekonomi.md")
    assert '<th scope="colgroup" colspan="3">2013</th><th scope="colgroup" colspan="3">2014</th>' in page
    assert '<th scope="col">Kvinnor</th><th scope="col">Män</th><th scope="col">Totalt</th>' in page
    assert '<tfoot><tr><th scope="row">Medelvärde</th>' in page
    assert "Medelvärde = medelvärdet av raderna." in page


def test_stated_mean_that_differs_from_the_rows(make_project, problems):
    root = make_project({TABLES: GROUPED[TABLES].replace("{alla: 7}", "{alla: 9}")})
    assert problems(root) == [
        "data/org/rep/tables.yaml:15:36: fel: medelvärdet 9 för 2014, gruppen 'alla' stämmer inte med medelvärdet "
        "av raderna (7); rätta totalen eller raderna, eller kvittera avvikelsen under acknowledged: i report.yaml"
    ]


def test_grouped_table_unknown_group(make_project, problems):
    root = make_project({TABLES: GROUPED[TABLES].replace("groups: [kvinnor, man, alla]", "groups: [kvinnor, män, alla]")})
    found = problems(root)
    assert found[0] == "data/org/rep/tables.yaml:7:23: fel: okänd grupp 'män'; menade du 'man'?"


def test_generic_table_total_row_that_is_a_mean(make_project, tmp_path):
    files = {
        TABLES: """\
        tables:
          - id: nojdhet
            title: Nöjdhet
            kind: table
            total: mean
            columns:
              - {id: enhet, label: Enhet}
              - {id: index, label: Index, unit: index}
            rows:
              - {enhet: A, index: 70}
              - {enhet: B, index: 80}
            stated_totals: {index: 75}
        """
    }
    (ts,) = summary_of(make_project, files).tables
    assert (ts.totals["index"], ts.checked["index"].matches) == (75, True)
    page = built_page(make_project, tmp_path, files, "ekonomi.md")
    assert '<th scope="row">Medelvärde</th>' in page
