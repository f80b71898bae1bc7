"""Probe: the follow-up of an action plan (åtgärdsplan / miljöprogram) — many actions, each with a
number, a responsible unit, a time plan and a status, grouped under goals, with counts per status.

Source: Huddinge kommun, Miljöbarometern, "Agenda 21 för Huddinge 2009-2015", action A21.2.2.10
"Göra klart klimat- och energiplanen för samhällsplanering"
(https://huddinge.miljobarometern.se/agenda-21/markanvandning-och-samhallsbyggande/battre-forutsattningar-for-resurssnala-transporter/gora-klart-klimat-och-energiplanen-for-samhallsplanering)
and the programme's overview (http://miljobarometern.huddinge.se/agenda-21/all/activities/plus/,
"47 åtgärder är genomförda"). The status classes are those of the county action programmes'
follow-up (Länsstyrelsen Södermanland, Åtgärdsprogram för Södermanlands miljö, slutuppföljning 2021:
G, H, P, E and "ej relevant")."""

from __future__ import annotations

import textwrap

from test_format import REPORT, built_page, summary_of

from followup.build.pipeline import check_project

DELIVERABLES = "data/org/rep/deliverables.yaml"

# The statuses as the county programmes define them; G counts an action that goes on continuously.
STATUS_SCALE = """\
        status_scale:
          - {id: g, label: "genomförd helt eller i huvudsak / pågår kontinuerligt", symbol: "●", category: done, completed: true}
          - {id: h, label: genomförd till hälften eller mer, symbol: "◕", category: partly_done, completed: false}
          - {id: p, label: påbörjad men ej genomförd till hälften, symbol: "◔", category: in_progress, completed: false}
          - {id: e, label: ej påbörjad, symbol: "○", category: not_started, completed: false}
        """

HUDDINGE = {
    REPORT: """\
        title: Agenda 21 för Huddinge 2009-2015
        document_type: uppföljning
        period: 2009-2015
        status: fastställd
        summary: Nedan kan du följa hur det gått med alla mål, nyckeltal och åtgärder i Lokal Agenda 21 2009-2015.
        """
    + STATUS_SCALE.removeprefix("        "),
    DELIVERABLES: """\
        item_word: {singular: åtgärd, plural: åtgärder}
        introduction: >-
          Visionen för Agenda 21 i Huddinge är att Huddinge ska vara ett långsiktigt hållbart,
          kretsloppsanpassat och trivsamt samhälle.
        groups:
          - id: resurssnala-transporter
            title: Bättre förutsättningar för resurssnåla transporter
            origin: planned
            description: Markanvändning och samhällsbyggande
            items:
              - id: klimat-och-energiplan
                number: A21.2.2.10
                title: Göra klart klimat- och energiplanen för samhällsplanering
                description: >-
                  Göra klart Energiplanen där en strategi för att fasa ut fossila bränslen ingår
                  senast 2009, samt implementera strategin i samhällsplaneringen
                status: g
                due: 2009
                responsible: Kommunstyrelsen
                outcome: >-
                  Klimat- och energiplanen beslutades i september 2010. På åtgärdssidan har 14 av de
                  beslutade åtgärderna blivit genomförda, 18 har delvis blivit genomförda och 6 av
                  åtgärderna har inte genomförts.
        """,
}


def test_action_plan_follow_up_checks_without_errors(make_project):
    _, found = check_project(make_project(HUDDINGE))
    assert [p for p in found if p.severity == "error"] == []


def test_action_plan_page_shows_the_action_and_its_responsible(make_project, tmp_path):
    page = built_page(make_project, tmp_path, HUDDINGE, "leveranser.md")
    assert "Göra klart klimat- och energiplanen för samhällsplanering" in page
    assert "Kommunstyrelsen" in page


# --- the source's own number and time plan (tidplan) of each action -----------------------------------


def plan(items: str, period: str = "2009-2015") -> dict[str, str]:
    return {
        REPORT: HUDDINGE[REPORT].replace("period: 2009-2015", f"period: {period}"),
        DELIVERABLES: f"""\
        groups:
          - id: transporter
            title: Bättre förutsättningar för resurssnåla transporter
            origin: planned
            items:
{textwrap.indent(textwrap.dedent(items), " " * 14)}
        """,
    }


ONE_LATE_ONE_DONE = """\
    - {id: energiplan, number: A21.2.2.10, title: Göra klart klimat- och energiplanen, status: g, due: 2009}
    - {id: cykelplan, number: A21.2.2.11, title: Ta fram en cykelplan, status: p, due: 2012}
    - {id: laddplatser, number: A21.2.2.12, title: Bygga laddplatser, status: e, due: 2016}
    """


def test_action_number_is_shown_in_the_number_column(make_project, tmp_path):
    page = built_page(make_project, tmp_path, plan(ONE_LATE_ONE_DONE), "leveranser.md")
    assert '<td data-value="1">A21.2.2.10</td>' in page


def test_time_plan_is_shown_in_its_own_column(make_project, tmp_path):
    page = built_page(make_project, tmp_path, plan(ONE_LATE_ONE_DONE), "leveranser.md")
    assert '<th scope="col" data-sort="text">Tidplan</th>' in page
    assert '<td data-value="2012-12-31">2012</td>' in page


def test_no_time_plan_column_without_any_time_plan(make_project, tmp_path):
    page = built_page(make_project, tmp_path, plan("- {id: a, title: Åtgärden, status: g}\n"), "leveranser.md")
    assert "Tidplan" not in page


def test_unfinished_action_past_its_time_plan_is_late(make_project):
    summary = summary_of(make_project, plan(ONE_LATE_ONE_DONE))
    assert [i.deliverable_id for i in summary.deliverables.items if i.overdue] == ["cykelplan"]
    assert summary.deliverables.overdue == 1


def test_action_due_after_the_report_period_is_not_late(make_project):
    summary = summary_of(make_project, plan(ONE_LATE_ONE_DONE, period="2009-2011"))
    assert summary.deliverables.overdue == 0


def test_late_actions_are_counted_and_marked_on_the_page(make_project, tmp_path):
    page = built_page(make_project, tmp_path, plan(ONE_LATE_ONE_DONE), "leveranser.md")
    assert "Försenade: 1 st." in page
    assert page.count('<div class="cell-flag">Försenad</div>') == 1


# --- counts per status the source states ("18 av totalt 26 åtgärder har genomförts") -----------------


def counted(stated: str) -> dict[str, str]:
    files = plan(ONE_LATE_ONE_DONE)
    files[DELIVERABLES] = files[DELIVERABLES].replace(
        "        groups:\n", f"        stated_counts: {stated}\n        groups:\n", 1
    )
    return files


def test_stated_counts_per_status_that_match_give_no_problem(make_project, problems):
    assert problems(make_project(counted("{g: 1, p: 1, e: 1, av: 3}"))) == []


def test_stated_count_per_status_that_does_not_match_is_an_error(make_project, problems):
    assert problems(make_project(counted("{g: 2, av: 3}"))) == [
        "data/org/rep/deliverables.yaml:1:20: fel: antalet 2 med status 'genomförd helt eller i huvudsak / pågår "
        "kontinuerligt' stämmer inte med statusarna i data, där 1 har status 'genomförd helt eller i huvudsak / "
        "pågår kontinuerligt' (g); rätta antalet under stated_counts eller statusarna, eller kvittera avvikelsen "
        "under acknowledged: i report.yaml"
    ]


def test_stated_total_other_than_the_items_in_the_data_is_a_warning(make_project, problems):
    assert problems(make_project(counted("{g: 18, h: 4, p: 3, e: 1, av: 26}"))) == [
        "data/org/rep/deliverables.yaml:1:46: varning: källan räknar 26, men data har 3; antalen per status kan "
        "kontrolleras först när alla 26 finns i deliverables.yaml: lägg till de som saknas eller rätta av"
    ]


def test_stated_count_of_an_unknown_status_names_the_scale(make_project, problems):
    found = problems(make_project(counted("{genomford: 1}")))
    assert found == [
        "data/org/rep/deliverables.yaml:1:17: fel: 'genomford' är ingen nivå på statusskalan; stated_counts anger "
        "antalet per nivå med nivåns id (g (genomförd helt eller i huvudsak / pågår kontinuerligt), h (genomförd "
        "till hälften eller mer), p (påbörjad men ej genomförd till hälften), e (ej påbörjad)) och totalen som av"
    ]


def test_count_per_status_is_a_value_for_the_text(make_project):
    from followup.compute.references import resolve_reference

    root = make_project(plan(ONE_LATE_ONE_DONE))
    project, _ = check_project(root)
    (bundle,) = project.reports
    from followup.compute.report import summarize

    assert resolve_reference(bundle, summarize(bundle), "deliverables.level.p").value == 1


def test_stated_count_per_status_that_does_not_match_can_be_acknowledged(make_project, problems):
    files = counted("{g: 2, av: 3}")
    files[REPORT] = (
        files[REPORT].rstrip(" ")
        + """\
        acknowledged:
          - ref: deliverables.level.g
            stated: 2
            computed: 1
            reason: Källan räknar en åtgärd två gånger.
        """
    )
    assert problems(make_project(files)) == []


# --- the source's own word for its items (åtgärder, aktiviteter) -------------------------------------


def worded() -> dict[str, str]:
    files = plan(ONE_LATE_ONE_DONE)
    files[DELIVERABLES] = files[DELIVERABLES].replace(
        "        groups:\n", "        item_word: {singular: åtgärd, plural: åtgärder}\n        groups:\n", 1
    )
    return files


def test_item_word_names_the_page_and_its_count(make_project, tmp_path):
    page = built_page(make_project, tmp_path, worded(), "leveranser.md")
    assert "1 av 3 åtgärder slutförda" in page
    assert '<h2 id="alla-leveranser">Alla åtgärder</h2>' in page
    assert '<th scope="col" data-sort="text">Åtgärd</th>' in page
    assert "leveranser slutförda" not in page


def test_item_word_names_the_overview_box(make_project, tmp_path):
    page = built_page(make_project, tmp_path, worded(), "index.md")
    assert "<h3>Åtgärder</h3>" in page
    assert "Alla åtgärder</a>" in page


def test_item_word_is_the_pages_title_in_the_navigation(make_project, tmp_path):
    page = built_page(make_project, tmp_path, worded(), "leveranser.md")
    assert 'title: "Åtgärder – Agenda 21 för Huddinge 2009-2015"' in page


def test_without_item_word_the_items_are_leveranser(make_project, tmp_path):
    page = built_page(make_project, tmp_path, plan(ONE_LATE_ONE_DONE), "leveranser.md")
    assert "1 av 3 leveranser slutförda" in page


def test_filter_count_uses_the_item_word(make_project, tmp_path):
    page = built_page(make_project, tmp_path, worded(), "leveranser.md")
    assert 'data-filter-count data-noun="åtgärder"' in page


# --- groups that all share one origin (an action plan's focus areas) ---------------------------------


def test_origin_column_is_left_out_when_every_group_has_the_same_origin(make_project, tmp_path):
    files = plan(ONE_LATE_ONE_DONE)
    files[DELIVERABLES] = (
        files[DELIVERABLES].rstrip(" ")
        + """\
          - id: vatten
            title: Vatten
            origin: planned
            items:
              - {id: dagvatten, title: Ta fram en dagvattenplan, status: e}
        """
    )
    page = built_page(make_project, tmp_path, files, "leveranser.md")
    assert "Ursprung" not in page
    assert "Planerad från start" not in page
