"""What a report states against what its data gives, beyond stated totals: a share beside its
counts, a total between its groups, stated goal counts, weighted means, percent changes, balances,
and stated assessments against computed attainment (followup/compute/crosschecks.py)."""

from __future__ import annotations

INDICATORS = "data/org/rep/indicators.yaml"
GOALS = "data/org/rep/goals.yaml"
REPORT = "data/org/rep/report.yaml"
SURVEYS = "data/org/rep/surveys.yaml"

REPORT_HEAD = """\
title: Testrapport
document_type: uppföljning
status: fastställd
period: 2020–2023
summary: Text.
"""
ACK = "eller kvittera avvikelsen under acknowledged: i report.yaml"


def indicator(values: str, *, unit: str = "percent", targets: str = "", extra: str = "") -> str:
    return (
        "indicators:\n"
        "  - id: andel\n"
        "    name: Andel\n"
        f"    unit: {unit}\n"
        "    direction: lower_is_better\n"
        "    series:\n" + values + targets + extra
    )


# --- indicator_share --------------------------------------------------------------------------------


def test_a_stated_share_that_its_counts_do_not_give_is_an_error(make_project, problems):
    root = make_project({INDICATORS: indicator('      - values: {"2022": "21 % (31 av 187)"}\n')})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:26: fel: andelen 21 % för 2022 stämmer inte med 31 av 187 (16,6 %); "
        f"rätta andelen eller antalen, {ACK}"
    ]


def test_a_stated_share_beside_counts_that_give_it_passes(make_project, problems):
    root = make_project(
        {INDICATORS: indicator('      - values: {"2022": "16,6"}\n        counts: {"2022": {count: 31, of: 187}}\n')}
    )
    assert problems(root) == []


def test_an_approximate_share_is_checked_within_five_percent(make_project, problems):
    root = make_project({INDICATORS: indicator('      - values: {"2022": "cirka 17 % (31 av 187)"}\n')})
    assert problems(root) == []


# --- group_total --------------------------------------------------------------------------------------


def groups(alla: str, kvinnor: str, man: str) -> str:
    return (
        f'      - {{group: alla, values: {{"2022": "{alla}"}}}}\n'
        f'      - {{group: kvinnor, values: {{"2022": "{kvinnor}"}}}}\n'
        f'      - {{group: man, values: {{"2022": "{man}"}}}}\n'
    )


def test_a_total_outside_its_groups_is_an_error(make_project, problems):
    root = make_project({INDICATORS: indicator(groups("8,5", "8,3", "8,0"))})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:40: fel: värdet för alla 8,5 2022 ligger över alla gruppers värden "
        f"(kvinnor 8,3, män 8); ett värde för alla ligger alltid mellan gruppernas: rätta värdena, {ACK}"
    ]


def test_a_total_equal_to_one_group_while_the_other_is_higher_is_an_error(make_project, problems):
    root = make_project({INDICATORS: indicator(groups("6,5", "6,5", "7,3"))})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:7:40: fel: värdet för alla 6,5 2022 är lika med värdet för kvinnor fast "
        "män har ett högre värde (kvinnor 6,5, män 7,3); ett värde för alla ligger mellan gruppernas: rätta "
        f"värdena, {ACK}"
    ]


def test_a_total_between_its_groups_passes(make_project, problems):
    assert problems(make_project({INDICATORS: indicator(groups("6,5", "6,9", "4,6"))})) == []


def test_a_total_of_counts_is_not_held_between_its_groups(make_project, problems):
    assert problems(make_project({INDICATORS: indicator(groups("12", "7", "5"), unit="count")})) == []


def survey_with_groups(kvinnor: int, man: int) -> str:
    return f"""\
surveys:
  - id: enkat
    title: Enkät
    questions: [{{id: q, text: Fråga}}]
    rounds:
      - period: 2022
        units: [{{unit: AVF, respondents: 30, scores: {{q: "8,5"}}}}]
        groups:
          - {{group: kvinnor, respondents: {kvinnor}, scores: {{q: "8,3"}}}}
          - {{group: man, respondents: {man}, scores: {{q: "8,0"}}}}
        stated_total: {{respondents: 30, scores: {{q: "8,5"}}}}
"""


def test_a_survey_total_outside_groups_that_cover_everyone_is_an_error(make_project, problems):
    assert problems(make_project({SURVEYS: survey_with_groups(20, 10)})) == [
        "data/org/rep/surveys.yaml:11:53: fel: medelvärdet 8,5 för 'q' 2022 ligger över alla gruppers värden "
        f"(kvinnor 8,3, män 8); ett värde för alla ligger alltid mellan gruppernas: rätta värdena, {ACK}"
    ]


def test_a_survey_total_is_free_when_the_groups_leave_someone_out(make_project, problems):
    assert problems(make_project({SURVEYS: survey_with_groups(15, 10)})) == []


# --- goal_count ---------------------------------------------------------------------------------------


def goals(stated_count: str, *levels: str) -> str:
    items = "".join(f"      - {{id: g{i}, title: Mål {i}, assessment: {level}}}\n" for i, level in enumerate(levels))
    return f"stated_count: {stated_count}\nperspectives:\n  - id: p\n    title: P\n    goals:\n{items}"


def test_a_stated_goal_count_that_the_assessments_do_not_give_is_an_error(make_project, problems):
    root = make_project({GOALS: goals('"2 av 3"', "uppnatt", "ej-uppnatt", "delvis-uppnatt")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:15: fel: antalet 2 av 3 mål uppnådda stämmer inte med bedömningarna i data, "
        f"där 1 av 3 mål är uppnådda; rätta antalet eller bedömningarna, {ACK}"
    ]


def test_a_stated_goal_count_that_matches_passes(make_project, problems):
    assert problems(make_project({GOALS: goals('"1 av 2"', "uppnatt", "ej-uppnatt")})) == []


def test_a_stated_goal_count_of_more_goals_than_the_data_holds_is_a_warning(make_project, problems):
    assert problems(make_project({GOALS: goals('"12 av 27"', "uppnatt")})) == [
        "data/org/rep/goals.yaml:1:15: varning: källan anger '12 av 27 mål uppnådda', men data har 1 mål; "
        "antalet kan kontrolleras först när alla 27 finns i goals.yaml: lägg till de som saknas eller rätta antalet"
    ]


# --- key figures: weighted_mean, percent_change, balance, percent_of, mean ---------------------------------


def key_figure(stated: str, compute: str) -> dict[str, str]:
    return {REPORT: REPORT_HEAD + f'key_figures:\n  - {{id: kf, label: Talet, stated: "{stated}", compute: {compute}}}\n'}


def test_a_mean_weighted_by_headcounts_that_does_not_match_is_an_error(make_project, problems):
    root = make_project(key_figure("8,0", "{op: weighted_mean, of: [9, 7], weights: [10, 30]}"))
    assert problems(root) == [
        "data/org/rep/report.yaml:7:36: fel: nyckeltalet 'Talet' 8,0 stämmer inte med medelvärdet av 9 (10), "
        "7 (30) viktat med antalen inom parentes (7,5); rätta nyckeltalet eller värdena det räknas fram ur, " + ACK
    ]


def test_a_weighted_mean_that_matches_passes(make_project, problems):
    assert problems(make_project(key_figure("7,5", "{op: weighted_mean, of: [9, 7], weights: [10, 30]}"))) == []


def test_a_stated_percent_change_against_its_two_values(make_project, problems):
    root = make_project(key_figure("12 %", "{op: percent_change, of: [200, 220]}"))
    assert problems(root) == [
        "data/org/rep/report.yaml:7:36: fel: nyckeltalet 'Talet' 12 % stämmer inte med förändringen från 200 "
        f"till 220 (10 %); rätta nyckeltalet eller värdena det räknas fram ur, {ACK}"
    ]


def test_a_closing_balance_must_be_opening_plus_in_minus_out(make_project, problems):
    root = make_project(key_figure("127", "{op: balance, of: [120, 15, 9]}"))
    assert problems(root) == [
        "data/org/rep/report.yaml:7:36: fel: nyckeltalet 'Talet' 127 stämmer inte med ingående 120 + tillflöde "
        f"15 − utflöde 9 = 126; rätta nyckeltalet eller värdena det räknas fram ur, {ACK}"
    ]


def test_a_balance_needs_three_operands(make_project, problems):
    (line,) = problems(make_project(key_figure("127", "{op: balance, of: [120, 15]}")))
    assert line == (
        "data/org/rep/report.yaml:7:57: fel: 'balance' behöver exakt 3 värden i 'of' (ingående värde, tillflöde "
        "och utflöde), men har 2; rätta 'of'"
    )


def test_a_stated_share_key_figure_names_the_counts(make_project, problems):
    root = make_project(key_figure("21 %", "{op: percent_of, of: [31, 187]}"))
    assert problems(root) == [
        "data/org/rep/report.yaml:7:36: fel: nyckeltalet 'Talet' 21 % stämmer inte med 31 av 187 (16,6 %); "
        f"rätta nyckeltalet eller värdena det räknas fram ur, {ACK}"
    ]


def test_a_stated_mean_of_a_series_against_its_values(make_project, problems):
    root = make_project(key_figure("8", "{op: mean, of: [6, 7, 9]}"))
    assert problems(root) == [
        "data/org/rep/report.yaml:7:36: fel: nyckeltalet 'Talet' 8 stämmer inte med medelvärdet av 6, 7 och 9 "
        f"(7,33); rätta nyckeltalet eller värdena det räknas fram ur, {ACK}"
    ]


# --- assessment ---------------------------------------------------------------------------------------

HME = """\
indicators:
  - id: hme
    name: HME
    unit: index
    direction: higher_is_better
    series:
      - {group: alla, values: {"2023": 79}, assessment: {"2023": uppnatt}}
    targets:
      - {period: 2023, value: 80}
"""
GOAL_ACHIEVED = """\
perspectives:
  - id: p
    title: P
    goals:
      - {id: engagerade, title: Engagerade medarbetare, assessment: uppnatt, indicators: [hme]}
"""
GOAL_WARNING = (
    "data/org/rep/goals.yaml:5:69: varning: målet 'Engagerade medarbetare' bedöms som uppnått, men enligt data är "
    "målet inte nått (indikatorn 'HME' 2023: utfall 79, mål minst 80); rätta bedömningen eller utfallen, eller "
    "kvittera avvikelsen under acknowledged: i report.yaml med skälet (t.ex. 'bedöms på treårssnitt')"
)
INDICATOR_WARNING = (
    "data/org/rep/indicators.yaml:7:66: varning: indikatorn 'HME' (alla) 2023 bedöms som uppnått, men enligt "
    "data är målet inte nått (2023: utfall 79, mål minst 80); rätta bedömningen eller utfallen, eller kvittera "
    "avvikelsen under acknowledged: i report.yaml med skälet (t.ex. 'bedöms på treårssnitt')"
)


def test_a_goal_rated_achieved_whose_indicator_misses_its_target_is_a_warning(make_project, problems):
    assert problems(make_project({INDICATORS: HME, GOALS: GOAL_ACHIEVED})) == [GOAL_WARNING, INDICATOR_WARNING]


def test_a_goal_rated_not_achieved_whose_targets_are_all_met_is_a_warning(make_project, problems):
    met = HME.replace("79", "81").replace("uppnatt", "delvis-uppnatt")
    goal = GOAL_ACHIEVED.replace("assessment: uppnatt", "assessment: ej-uppnatt")
    assert problems(make_project({INDICATORS: met, GOALS: goal})) == [
        "data/org/rep/goals.yaml:5:69: varning: målet 'Engagerade medarbetare' bedöms som ej uppnått, men enligt "
        "data är målet nått (indikatorn 'HME' 2023: utfall 81, mål minst 80); rätta bedömningen eller utfallen, "
        "eller kvittera avvikelsen under acknowledged: i report.yaml med skälet (t.ex. 'bedöms på treårssnitt')"
    ]


def test_a_partly_achieved_goal_agrees_with_any_attainment(make_project, problems):
    partly = HME.replace("uppnatt", "delvis-uppnatt")
    goal = GOAL_ACHIEVED.replace("assessment: uppnatt", "assessment: delvis-uppnatt")
    assert problems(make_project({INDICATORS: partly, GOALS: goal})) == []


ACKNOWLEDGED = (
    REPORT_HEAD
    + """\
acknowledged:
  - ref: goals.engagerade.assessment
    reason: Bedöms på treårssnitt.
  - ref: indicators.hme.alla.assessment.2023
    reason: Bedöms på treårssnitt.
"""
)


def test_an_acknowledged_assessment_passes_check_strict(make_project, run_build):
    root = make_project({INDICATORS: HME, GOALS: GOAL_ACHIEVED, REPORT: ACKNOWLEDGED})
    result = run_build("check", "--strict", "--root", str(root))
    assert result.returncode == 0, result.stdout


def test_an_acknowledged_assessment_that_now_agrees_is_a_warning(make_project, problems):
    met = HME.replace("79", "81")
    assert problems(make_project({INDICATORS: met, GOALS: GOAL_ACHIEVED, REPORT: ACKNOWLEDGED})) == [
        "data/org/rep/report.yaml:7:5: varning: bekräftelsen av goals.engagerade.assessment behövs inte längre: "
        "bedömningen stämmer nu med måluppfyllelsen som beräknas från data; ta bort bekräftelsen",
        "data/org/rep/report.yaml:9:5: varning: bekräftelsen av indicators.hme.alla.assessment.2023 behövs inte "
        "längre: bedömningen stämmer nu med måluppfyllelsen som beräknas från data; ta bort bekräftelsen",
    ]


def test_a_number_acknowledgment_without_its_numbers_is_a_warning(make_project, problems):
    report = REPORT_HEAD + (
        'key_figures:\n  - {id: kf, label: Talet, stated: "21 %", compute: {op: percent_of, of: [31, 187]}}\n'
        "acknowledged:\n  - {ref: keyfigures.kf, reason: Som i källan.}\n"
    )
    found = problems(make_project({REPORT: report}))
    assert found[1] == (
        "data/org/rep/report.yaml:9:5: varning: bekräftelsen av keyfigures.kf saknar stated och computed; ange den "
        "angivna siffran och den som beräknas från data (se meddelandet från check)"
    )


def test_the_goal_page_shows_the_computed_result_and_the_reason(make_project, run_build):
    root = make_project({INDICATORS: HME, GOALS: GOAL_ACHIEVED, REPORT: ACKNOWLEDGED})
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "org" / "rep" / "mal.html").read_text(encoding="utf-8")
    assert (
        '<p class="goal__attainment"><span class="check check--acknowledged">Beräknat från data: målet inte nått '
        "(indikatorn &#39;HME&#39; 2023: utfall 79, mål minst 80).</span> Bedöms på treårssnitt.</p>"
    ) in html
    indicators = (root / "site" / "org" / "rep" / "indikatorer.html").read_text(encoding="utf-8")
    assert 'fast målet inte nås enligt data. <span class="check check--acknowledged">Bedöms på treårssnitt.</span>' in indicators


def test_an_unacknowledged_disagreement_is_flagged_on_the_goal_page(make_project, run_build):
    root = make_project({INDICATORS: HME, GOALS: GOAL_ACHIEVED})
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "org" / "rep" / "mal.html").read_text(encoding="utf-8")
    assert 'mål minst 80). <span aria-hidden="true">⚠</span> avviker från bedömningen</span>' in html


SUM_INDICATORS = """\
    indicators:
      - id: totalt
        name: Antal deltagare
        unit: count
        direction: higher_is_better
        sum_of: [kvinnor-antal, man-antal]
        series:
          - values: {{2022: {total}}}
        targets:
          - {{period: 2022, value: {target}}}
      - id: kvinnor-antal
        name: Kvinnor
        unit: count
        direction: higher_is_better
        series:
          - values: {{2022: 40}}
        targets:
          - {{period: 2022, value: 45}}
      - id: man-antal
        name: Män
        unit: count
        direction: higher_is_better
        series:
          - values: {{2022: 35}}
        targets:
          - {{period: 2022, value: 40}}
    """


def test_a_total_declared_as_a_sum_matches_its_parts(make_project, problems):
    root = make_project({"data/org/rep/indicators.yaml": SUM_INDICATORS.format(total=75, target=85)})
    assert problems(root) == []


def test_a_total_outcome_that_is_not_the_sum_of_its_parts_is_an_error(make_project, problems):
    root = make_project({"data/org/rep/indicators.yaml": SUM_INDICATORS.format(total=76, target=85)})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:8:24: fel: utfallet 76 för 2022 stämmer inte med summan av delarna (Kvinnor, "
        f"Män) (75); rätta utfallet eller delarnas utfall, {ACK}"
    ]


def test_a_total_target_that_is_not_the_sum_of_the_parts_targets_is_an_error(make_project, problems):
    root = make_project({"data/org/rep/indicators.yaml": SUM_INDICATORS.format(total=75, target=80)})
    assert problems(root) == [
        "data/org/rep/indicators.yaml:10:31: fel: målet 80 för 2022 stämmer inte med summan av delarnas mål "
        f"(Kvinnor, Män) (85); rätta målet eller delarnas mål, {ACK}"
    ]


def test_a_total_that_is_not_the_sum_of_its_parts_is_reported_in_english_with_lang_en(make_project, problems, english):
    root = make_project({"data/org/rep/indicators.yaml": SUM_INDICATORS.format(total=76, target=80)})
    assert [line.split(" does not match ")[0] for line in problems(root)] == [
        "data/org/rep/indicators.yaml:8:24: error: the outcome 76 for 2022",
        "data/org/rep/indicators.yaml:10:31: error: the target 80 for 2022",
    ]


def test_sum_of_an_unknown_indicator_is_an_error(make_project, problems):
    text = SUM_INDICATORS.format(total=75, target=85).replace("[kvinnor-antal, man-antal]", "[kvinnor-antal, män]")
    (line,) = problems(make_project({"data/org/rep/indicators.yaml": text}))
    assert line.startswith("data/org/rep/indicators.yaml:6:29: fel: okänd indikator 'män'")
