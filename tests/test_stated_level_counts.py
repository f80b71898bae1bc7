"""Goal counts per assessment level as the source states them ("Av kommunens 30 mål är 8 uppfyllda, 3
delvis uppfyllda och 19 ej uppfyllda"): `stated_counts` in goals.yaml, checked against the counts of the
goals overview and shown on the goals page."""

from __future__ import annotations

from test_crosschecks import ACK, REPORT_HEAD
from test_format import GOALS, REPORT, built_page


def goals(stated: str, *levels: str) -> str:
    items = "".join(f"      - {{id: g{i}, title: Mål {i}, assessment: {level}}}\n" for i, level in enumerate(levels))
    return f"{stated}\nperspectives:\n  - id: p\n    title: P\n    goals:\n{items}"


THREE = ("uppnatt", "uppnatt", "delvis-uppnatt")


def test_stated_counts_that_match_the_assessments_give_no_problem(make_project, problems):
    root = make_project({GOALS: goals("stated_counts: {uppnatt: 2, delvis-uppnatt: 1, ej-uppnatt: 0, av: 3}", *THREE)})
    assert problems(root) == []


def test_a_wrong_count_is_an_error_at_the_value(make_project, problems):
    root = make_project({GOALS: goals("stated_counts: {uppnatt: 2, delvis-uppnatt: 3}", *THREE)})
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:45: fel: antalet 3 mål delvis uppnådda stämmer inte med bedömningarna i data, där "
        f"1 mål är delvis uppnådda (delvis-uppnatt); rätta antalet under stated_counts eller bedömningarna, {ACK}"
    ]


def test_an_unknown_level_is_an_error_at_the_key(make_project, problems):
    root = make_project({GOALS: goals("stated_counts: {uppnatt: 2, delvis: 1}", *THREE)})
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:29: fel: 'delvis' är ingen nivå på bedömningsskalan; stated_counts anger antalet "
        "per nivå med nivåns id (uppnatt (uppnått), delvis-uppnatt (delvis uppnått), ej-uppnatt (ej uppnått), "
        "kan-ej-bedomas (kan ej bedömas)) och totalen som av. Menade du 'delvis-uppnatt'?"
    ]


def test_a_total_other_than_the_goals_in_the_data_is_a_warning_and_nothing_else(make_project, problems):
    root = make_project({GOALS: goals("stated_counts: {uppnatt: 8, delvis-uppnatt: 3, av: 30}", *THREE)})
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:52: varning: källan räknar 30 mål, men data har 3 mål; antalen per nivå kan "
        "kontrolleras först när alla 30 finns i goals.yaml: lägg till de som saknas eller rätta av"
    ]


def test_a_wrong_count_can_be_acknowledged(make_project, problems):
    ack = "acknowledged:\n  - {ref: goals.level.delvis-uppnatt, stated: '3', computed: '1', reason: Så beslutat.}\n"
    root = make_project({GOALS: goals("stated_counts: {uppnatt: 2, delvis-uppnatt: 3}", *THREE), REPORT: REPORT_HEAD + ack})
    assert problems(root) == []


def test_the_goals_page_shows_the_stated_counts_as_checked(make_project, tmp_path):
    files = {GOALS: goals("stated_counts: {uppnatt: 2, delvis-uppnatt: 1, av: 3}", *THREE)}
    page = built_page(make_project, tmp_path, files, "mal.md")
    assert (
        '<p class="stated-counts">Enligt källan: av 3 mål är <span class="num">2</span> uppnådda och '
        '<span class="num">1</span> delvis uppnått. <span class="verified" title="Stämmer med bedömningarna i data">'
        '<span aria-hidden="true">✓</span> Kontrollerat</span></p>'
    ) in page


def test_the_goals_page_flags_an_acknowledged_count_with_its_reason(make_project, tmp_path):
    ack = "acknowledged:\n  - {ref: goals.level.delvis-uppnatt, stated: '3', computed: '1', reason: Så beslutat.}\n"
    files = {GOALS: goals("stated_counts: {uppnatt: 2, delvis-uppnatt: 3}", *THREE), REPORT: REPORT_HEAD + ack}
    page = built_page(make_project, tmp_path, files, "mal.md")
    assert 'Enligt källan: <span class="num">2</span> mål är uppnådda och <span class="num">3</span>' in page
    assert 'id="malantal-1-ref"' in page
    assert "Kontrollerat" not in page
    assert "<strong>Antal mål delvis uppnådda:</strong>" in page and "Så beslutat." in page


def test_stated_count_still_works_beside_stated_counts(make_project, problems):
    root = make_project({GOALS: goals('stated_count: "1 av 3"\nstated_counts: {uppnatt: 2}', *THREE)})
    assert problems(root) == [
        "data/org/rep/goals.yaml:1:15: fel: antalet 1 av 3 mål uppnådda stämmer inte med bedömningarna i data, "
        f"där 2 av 3 mål är uppnådda; rätta antalet eller bedömningarna, {ACK}"
    ]
