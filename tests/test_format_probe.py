"""Gaps found by transcribing kinds of reports that are not bundled: an årsredovisning's goal
follow-up with delmål and indicator tables (Vårgårda kommun 2023), a table of forecast against
outcome per nämnd (Malmö stad, prognossäkerhet 2015)."""

from __future__ import annotations

from pathlib import Path

from followup.build.pipeline import check_project
from followup.build.publish import DataVersion
from followup.site.render import render_project

GOALS = "data/org/rep/goals.yaml"
INDICATORS = "data/org/rep/indicators.yaml"
FINANCE = "data/org/rep/finance.yaml"


def built_page(make_project, tmp_path: Path, files: dict[str, str], page: str) -> str:
    root = make_project(files)
    project, found = check_project(root)
    assert [p for p in found if p.severity == "error"] == []
    docs = tmp_path / "docs"
    render_project(project, docs, version=DataVersion("abc1234", 0))
    return (docs / "org/rep" / page).read_text(encoding="utf-8")


# --- counts per level are Swedish in the singular -------------------------------------------------

ONE_OF_EACH = {
    GOALS: """\
        goal_word: delmål
        perspectives:
          - id: ekonomi
            title: Hållbar ekonomi
            goals:
              - {id: resultat, title: Resultatet, assessment: uppnatt, indicators: [resultat]}
              - {id: soliditet, title: Soliditeten, assessment: ej-uppnatt, indicators: [soliditet]}
        """,
    INDICATORS: """\
        indicators:
          - id: resultat
            name: Resultat
            unit: percent
            direction: higher_is_better
            series: [{values: {"2023": "0,7"}, assessment: {"2023": uppnatt}}]
          - id: soliditet
            name: Soliditet
            unit: percent
            direction: higher_is_better
            series: [{values: {"2023": "37,2"}, assessment: {"2023": ej-uppnatt}}]
        """,
}


def test_one_indicator_per_level_is_counted_in_the_singular(make_project, tmp_path):
    page = built_page(make_project, tmp_path, ONE_OF_EACH, "indikatorer.md")
    assert '<span class="level-counts__n">1 indikator</span>' in page
    assert "1 indikatorer" not in page


def test_goal_counts_per_level_use_the_reports_goal_word(make_project, tmp_path):
    page = built_page(make_project, tmp_path, ONE_OF_EACH, "mal.md")
    assert '<span class="level-counts__n">1 delmål</span>' in page
    assert '<span class="level-counts__n">0 delmål</span>' in page
