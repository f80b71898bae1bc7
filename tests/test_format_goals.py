"""Point 10 of the format (the rest): sub-headings inside a goal area, an area whose goals are not
in the transcription, and tags per goal from a declared list (Agenda 2030)."""

from __future__ import annotations

from test_format import GOALS, ORG, built_page, summary_of

TAGGED = {
    ORG: """\
        name: Testkommun
        goal_tags: {title: Globala mål (Agenda 2030), preset: agenda2030}
        """,
    GOALS: """\
        area_word: målområde
        perspectives:
          - id: social
            number: "1"
            title: Social hållbarhet
            goals:
              - {id: halsa, number: "1.1", title: God hälsa, heading: Barn och unga, tags: ["3", "10"]}
              - {id: skola, number: "1.2", title: Fler klarar skolan, tags: ["4"]}
          - id: ekonomi
            number: "2"
            title: Ekonomisk hållbarhet
        """,
}


def test_goal_tags_are_shown_as_text(make_project, tmp_path):
    page = built_page(make_project, tmp_path, TAGGED, "mal.md")
    assert '<span class="goal__tags-title">Globala mål (Agenda 2030):</span>' in page
    assert '<li class="tag"><span class="tag__id">3</span> Hälsa och välbefinnande</li>' in page
    assert '<li class="tag"><span class="tag__id">10</span> Minskad ojämlikhet</li>' in page


def test_sub_heading_inside_a_goal_area(make_project, tmp_path):
    page = built_page(make_project, tmp_path, TAGGED, "mal.md")
    assert '<h3 class="area-subheading">Barn och unga</h3><article class="goal" aria-labelledby="mal-halsa">' in page


def test_area_without_transcribed_goals_has_a_visible_note(make_project, tmp_path):
    page = built_page(make_project, tmp_path, TAGGED, "mal.md")
    area = page[page.index('id="perspektiv-ekonomi"') :]
    assert '<p class="area-note">Målen i detta område finns inte med i underlaget.</p>' in area
    assert page.count("Målen i detta område finns inte med i underlaget.") == 1


def test_unknown_tag_is_located_with_a_suggestion(make_project, problems):
    root = make_project(
        {
            ORG: "name: Testkommun\ngoal_tags: {title: Teman, tags: [{id: klimat, label: Klimat}, {id: trygg, label: Trygg}]}\n",
            GOALS: "perspectives:\n  - id: p\n    title: P\n    goals:\n      - {id: a, title: A, tags: [klimatet]}\n",
        }
    )
    assert problems(root) == ["data/org/rep/goals.yaml:5:34: fel: okänd tagg 'klimatet'; menade du 'klimat'?"]


def test_tag_without_a_declared_list(make_project, problems):
    root = make_project({GOALS: "perspectives:\n  - id: p\n    title: P\n    goals:\n      - {id: a, title: A, tags: ['3']}\n"})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:34: fel: okänd tagg '3': ingen lista med taggar anges; lägg till "
        "'goal_tags' i goals.yaml eller data/org/organisation.yaml"
    ]


def test_the_reports_own_tag_list_replaces_the_organisations(make_project, problems):
    root = make_project(
        {
            ORG: TAGGED[ORG],
            GOALS: "goal_tags: {title: Teman, tags: [{id: K1, label: Klimat}]}\n"
            "perspectives:\n  - id: p\n    title: P\n    goals:\n      - {id: a, title: A, tags: [K1, '3']}\n",
        }
    )
    (line,) = problems(root)
    assert line.startswith("data/org/rep/goals.yaml:6:38: fel: okänd tagg '3'; goal_tags anger: K1")


# --- 6. Composite index per goal area ---------------------------------------------------------------

INDEX = {
    GOALS: """\
        area_word: perspektiv
        perspectives:
          - id: ekonomi
            title: Ekonomi
            index: {label: Målindex, period: 2021, points: 29, max: 35, budget: 70, stated: 83, stated_difference: 13}
            goals:
              - {id: a, title: Budget i balans}
        """
}


def test_area_index_is_points_of_the_maximum_against_the_budget(make_project):
    (ai,) = summary_of(make_project, INDEX).goals.area_indexes
    assert (round(ai.percent, 3), round(ai.difference, 3)) == (82.857, 12.857)
    assert (ai.checked.matches, ai.difference_checked.matches) == (True, True)


def test_area_index_is_shown_on_the_goals_page(make_project, tmp_path):
    page = built_page(make_project, tmp_path, INDEX, "mal.md")
    assert "<strong>Målindex 2021:</strong> 29 av 35 poäng → " in page
    assert "13 indexpunkter bättre än budgeterat 70." in page


def test_stated_area_index_that_does_not_match(make_project, problems):
    root = make_project({GOALS: INDEX[GOALS].replace("stated: 83,", "stated: 85,")})
    assert problems(root) == [
        "data/org/rep/goals.yaml:5:85: fel: 'Målindex' 85 för 'Ekonomi' stämmer inte med 29 av 35 poäng (82,86); "
        "rätta indexet, poängen eller maxpoängen, eller kvittera avvikelsen under acknowledged: i report.yaml"
    ]


# --- a goal's period: more years than the report, or later, but not over before it ----------------

GOAL_WITH_PERIOD = """\
    perspectives:
      - id: p
        title: Ekonomi
        goals:
          - {{id: a, title: Finansiellt mål, assessment: uppnatt, period: "{period}"}}
    """


def test_a_goal_spanning_earlier_years_than_the_report_is_no_problem(make_project, problems):
    # The report's period is 2020–2023: a goal for 2018–2021 is followed up in it.
    assert problems(make_project({GOALS: GOAL_WITH_PERIOD.format(period="2018–2021")})) == []


def test_a_goal_for_a_year_after_the_report_is_no_problem(make_project, problems):
    assert problems(make_project({GOALS: GOAL_WITH_PERIOD.format(period="2030")})) == []


def test_a_goal_that_ended_before_the_report_is_an_error(make_project, problems):
    assert problems(make_project({GOALS: GOAL_WITH_PERIOD.format(period="2015–2018")})) == [
        "data/org/rep/goals.yaml:5:70: fel: målets period '2015–2018' ligger utanför rapportens period 2020–2023; "
        "rätta perioden (eller rapportens period i report.yaml)"
    ]
