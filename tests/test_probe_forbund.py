"""A samordningsförbund's social redovisning (Samordningsförbundet Umeåregionen, Social redovisning
2022: https://samordningsforbund.se/umearegionen-social-redovisning/samhalls-och-medlemsnytta/,
.../3-god-samordning/, .../4-deltagarnojdhet/, .../sa-har-gjorde-vi/, .../impactindex/), transcribed
as far as the public pages go: målområden with their Impact Index, indicators whose outcome is a
share of participants written with its counts ("38 %, 271 avslut av totalt 705 deltagare") against
a target in percent, and the förbund's three-coloured assessment (grön: uppnått, orange: nära
målet, röd: ej uppnått)."""

from __future__ import annotations

from test_format import GOALS, INDICATORS, ORG, REPORT, built_page

SOURCE = "https://samordningsforbund.se/umearegionen-social-redovisning/"

FORBUND = {
    ORG: """\
        name: Samordningsförbundet Umeåregionen
        kind: samordningsförbund
        units:
          - {code: UT, name: Ungdomstorget}
          - {code: VT, name: Vuxentorget}
        assessment_scale:
          - {id: uppnatt, label: uppnått, symbol: "🟢", category: achieved,
             description: "Förväntat, budgeterat utfall har uppnåtts."}
          - {id: nara, label: nära målet, symbol: "🟠", category: partly_achieved,
             description: "Insatsen har varit framgångsrik då man är nära måluppfyllelsen."}
          - {id: ej-uppnatt, label: ej uppnått, symbol: "🔴", category: not_achieved,
             description: "Den budgeterade nivån på indikatorn har inte uppnåtts."}
        """,
    REPORT: f"""\
        title: Social redovisning 2022
        document_type: social redovisning
        status: publicerad
        period: 2022
        summary: >-
          Samordningsförbundet Umeåregionen redovisar för sjätte året ett socialt bokslut för
          Arbetsmarknadstorgen i Umeåregionen.
        source:
          urls:
            - {{url: "{SOURCE}samhalls-och-medlemsnytta/", captured: part}}
            - {{url: "{SOURCE}3-god-samordning/", captured: part}}
            - {{url: "{SOURCE}4-deltagarnojdhet/", captured: part}}
          not_captured:
            - Målområdena 2 Jämlik samverkan och 5 Medarbetarnöjdhet, och målen inom målområdena.
        acknowledged:
          - ref: indicators.studier.alla.2022
            stated: 19
            computed: "15,1"
            reason: Källan anger 19 %; 27 av 179 är 15 %. Återges som i den publicerade redovisningen.
        """,
    GOALS: """\
        area_word: målområde
        perspectives:
          - id: samhallsnytta
            number: "1"
            title: Samhälls- och medlemsnytta
            indicators: [genomstromning, positiv-losning, arbete, studier]
          - id: god-samordning
            number: "3"
            title: God samordning
            indicators: [medskapare]
          - id: deltagarnojdhet
            number: "4"
            title: Deltagarnöjdhet
            index: {label: Impact Index, period: 2022, points: 33, max: 38, budget: 70, stated: 87, stated_difference: 17}
            indicators: [bestamma, bemotande]
        """,
    INDICATORS: """\
        indicators:
          - id: genomstromning
            name: Genomströmning (avslut av alla deltagare under året)
            unit: percent
            direction: higher_is_better
            series:
              - values: {"2022": "38 % (271 av 705)"}
                assessment: {"2022": nara}
            targets:
              - {period: 2022, value: 40, text: "Verksamheten ska uppnå 40 % genomströmning."}
          - id: positiv-losning
            name: Avslutade till en för individen positiv lösning
            unit: percent
            direction: higher_is_better
            share_of: genomstromning
            series:
              - values: {"2022": "66 % (179 av 271)"}
            targets:
              - {period: 2022, value: 80}
          - id: arbete
            name: Av dem med positiv lösning, vidare till arbete
            unit: percent
            direction: higher_is_better
            share_of: positiv-losning
            series:
              - values: {"2022": "38 % (68 av 179)"}
            targets:
              - {period: 2022, value: 35}
          - id: studier
            name: Av dem med positiv lösning, vidare till studier
            unit: percent
            direction: higher_is_better
            share_of: positiv-losning
            series:
              - values: {"2022": "19 % (27 av 179)"}
            targets:
              - {period: 2022, value: 25}
          - id: medskapare
            name: Personal som anser sig vara medskapare i samverkansplattformen
            unit: percent
            direction: higher_is_better
            series:
              - values: {"2022": "79 % (75 av 95)"}
                assessment: {"2022": nara}
            targets:
              - {period: 2022, value: 80}
          - id: bestamma
            name: Deltagare som fått vara med och bestämma vilket stöd de fått
            unit: percent
            direction: higher_is_better
            series:
              - values: {"2022": "88 % (117 av 133)"}
                assessment: {"2022": uppnatt}
            targets:
              - {period: 2022, value: 80}
          - id: bemotande
            name: Deltagare som blivit mycket bra eller bra bemötta
            unit: percent
            direction: higher_is_better
            series:
              - values: {"2022": "97 % (128 av 132)"}
                assessment: {"2022": uppnatt}
            targets:
              - {period: 2022, value: 80}
        """,
}


def test_forbund_report_checks_and_builds(make_project, tmp_path, problems):
    assert problems(make_project(FORBUND)) == []
    page = built_page(make_project, tmp_path, FORBUND, "indikatorer.md")
    assert "Genomströmning" in page


# --- indicators listed under a målområde itself, without goals in between --------------------------------


def test_area_shows_its_indicators_with_outcome_and_assessment(make_project, tmp_path):
    page = built_page(make_project, tmp_path, FORBUND, "mal.md")
    area = page.split('id="perspektiv-god-samordning"')[1].split("</section>")[0]
    assert 'href="indikatorer.html#indikator-medskapare">Personal som anser sig vara medskapare' in area
    assert ": 2022 79\u00a0% (75 av 95)" in area
    assert "nära målet" in area
    assert "finns inte med i underlaget" not in area


def test_area_without_goals_or_indicators_still_says_its_goals_are_missing(make_project, tmp_path):
    files = dict(FORBUND)
    files[GOALS] = FORBUND[GOALS].replace("            indicators: [medskapare]\n", "")
    page = built_page(make_project, tmp_path, files, "mal.md")
    area = page.split('id="perspektiv-god-samordning"')[1].split("</section>")[0]
    assert "Målen i detta område finns inte med i underlaget." in area


def test_area_naming_an_unknown_indicator_is_a_located_error(make_project, problems):
    files = dict(FORBUND)
    files[GOALS] = FORBUND[GOALS].replace("indicators: [medskapare]", "indicators: [medskapar]")
    assert problems(make_project(files)) == [
        "data/org/rep/goals.yaml:10:18: fel: okänd indikator 'medskapar'; menade du 'medskapare'?"
    ]


# --- a column that is the sum of others (Totalt = Kvinnor + Män, per insats) ---------------------------
# Participants per insats by sex and a total are the core table of a förbund's verksamhetsberättelse;
# the figures below are illustrative (the public pages above give no such table).

TABLES = "data/org/rep/tables.yaml"


def participants_table(totalt: str = "57", sum_of: str = "[kvinnor, man]") -> dict[str, str]:
    return {
        TABLES: f"""\
        tables:
          - id: deltagare
            title: Deltagare per insats 2022
            kind: table
            unit: count
            columns:
              - {{id: insats, label: Insats}}
              - {{id: kvinnor, label: Kvinnor, unit: count, sum: true}}
              - {{id: man, label: Män, unit: count, sum: true}}
              - {{id: totalt, label: Totalt, unit: count, sum: true, sum_of: {sum_of}}}
            rows:
              - {{insats: Ungdomstorget, kvinnor: 25, man: 32, totalt: {totalt}}}
              - {{insats: Vuxentorget, kvinnor: "41", man: 30, totalt: 71}}
        """
    }


def test_sum_column_that_matches_its_columns_gives_no_problem(make_project, problems):
    assert problems(make_project(participants_table())) == []


def test_sum_column_row_that_does_not_match_is_a_located_error(make_project, problems):
    assert problems(make_project(participants_table(totalt="58"))) == [
        "data/org/rep/tables.yaml:12:63: fel: 'Totalt' 58 på raden 'Ungdomstorget' stämmer inte med "
        "Kvinnor + Män = 25 + 32 = 57; rätta raden, eller kvittera avvikelsen under acknowledged: i report.yaml"
    ]


def test_sum_column_mismatch_can_be_acknowledged(make_project, problems, acknowledging):
    files = participants_table(totalt="58")
    files[REPORT] = acknowledging("tables.deltagare.rows.ungdomstorget.totalt", 58, 57)
    assert problems(make_project(files)) == []


def test_sum_of_naming_an_unknown_column_is_a_located_error(make_project, problems):
    assert problems(make_project(participants_table(sum_of="[kvinnor, pojkar]"))) == [
        "data/org/rep/tables.yaml:10:79: fel: okänd kolumn 'pojkar'; tabellen anger: insats, kvinnor, man, totalt"
    ]


def test_sum_of_with_a_single_column_is_a_located_error(make_project, problems):
    found = problems(make_project(participants_table(sum_of="[kvinnor]")))
    assert found[0] == "data/org/rep/tables.yaml:10:69: fel: 'sum_of' behöver minst 2 punkter; här finns 1"


# --- a share of those another indicator counts (avslutade → positiv lösning → arbete) -----------------


def funnel(of_work: str = "179", share_of: str = "positiv-losning") -> dict[str, str]:
    return {
        INDICATORS: f"""\
        indicators:
          - id: positiv-losning
            name: Avslutade till en för individen positiv lösning
            unit: percent
            direction: higher_is_better
            series: [{{values: {{"2022": "66 % (179 av 271)"}}}}]
          - id: arbete
            name: Av dem med positiv lösning, vidare till arbete
            unit: percent
            direction: higher_is_better
            share_of: {share_of}
            series: [{{values: {{"2022": "38 % (68 av {of_work})"}}}}]
        """
    }


def test_share_whose_whole_is_the_other_indicators_count_gives_no_problem(make_project, problems):
    assert problems(make_project(funnel())) == []


def test_share_whose_whole_differs_from_the_other_indicators_count_is_a_located_error(make_project, problems):
    assert problems(make_project(funnel(of_work="180"))) == [
        "data/org/rep/indicators.yaml:12:32: fel: nämnaren 180 i andelen för 2022 stämmer inte med antalet i "
        "'Avslutade till en för individen positiv lösning' för 2022 (179); rätta antalen, eller kvittera "
        "avvikelsen under acknowledged: i report.yaml"
    ]


def test_share_whose_whole_differs_can_be_acknowledged(make_project, problems, acknowledging):
    files = funnel(of_work="180")
    files[REPORT] = acknowledging("indicators.arbete.alla.2022.of", 180, 179)
    assert problems(make_project(files)) == []


def test_share_of_naming_an_unknown_indicator_is_a_located_error(make_project, problems):
    assert problems(make_project(funnel(share_of="positiva"))) == [
        "data/org/rep/indicators.yaml:11:15: fel: okänd indikator 'positiva'; menade du 'positiv-losning'?"
    ]


def test_share_of_itself_is_a_located_error(make_project, problems):
    assert problems(make_project(funnel(share_of="arbete"))) == [
        "data/org/rep/indicators.yaml:11:15: fel: indikatorn 'arbete' kan inte vara en andel av sig själv"
    ]


def test_counts_of_a_share_can_be_written_into_the_text(make_project, tmp_path):
    files = funnel()
    files[REPORT] = """\
        title: Testrapport
        document_type: verksamhetsberättelse
        status: fastställd
        period: 2022
        summary: >-
          {{ värde: indicators.arbete.alla.2022.count }} av {{ värde: indicators.arbete.alla.2022.of }}
          gick vidare till arbete.
        """
    page = built_page(make_project, tmp_path, files, "index.md")
    assert '<span class="ref-value">68</span> av <span class="ref-value">179</span>' in page


def test_goals_page_without_goals_shows_no_counts_of_nothing(make_project, tmp_path):
    page = built_page(make_project, tmp_path, FORBUND, "mal.md")
    assert "0 av 0" not in page
    assert 'id="maloversikt"' not in page


def test_goals_page_without_goals_explains_the_symbols_of_the_areas_indicators_in_scale_order(make_project, tmp_path):
    page = built_page(make_project, tmp_path, FORBUND, "mal.md")
    legend = page.split('class="scale-legend"')[1].split("</div>")[0]
    assert legend.index("Förväntat, budgeterat utfall") < legend.index("nära måluppfyllelsen")
    assert "inte uppnåtts" not in legend  # no indicator of the areas is assessed ej uppnått


# --- "7/10" (sju av tio), as a participants' survey states a share ----------------------------------------


def test_share_written_as_a_fraction_says_how_to_write_it(make_project, problems):
    files = {
        INDICATORS: """\
        indicators:
          - id: positiv
            name: Avslutade till en för sin situation positiv lösning
            unit: percent
            direction: higher_is_better
            series: [{values: {"2022": "7/10"}}]
        """
    }
    assert problems(make_project(files)) == [
        "data/org/rep/indicators.yaml:6:32: fel: values: 2022: '7/10' är inget tal; skriv andelen i procent, 70 "
        "(ett utfall också som '7 av 10')"
    ]


def test_fraction_message_gives_the_share_with_a_decimal_comma():
    import pytest

    from followup.model.numbers import parse_stated_number

    with pytest.raises(ValueError, match=r"skriv andelen i procent, 66,7 \(ett utfall också som '2 av 3'\)"):
        parse_stated_number("2/3", percent=True)
