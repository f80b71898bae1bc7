"""Meta-tests over the registries: every check is documented (doc/checking.md), every chart family
is drawn for the bundled reports, every command is documented and run by a test. A new entry
without its documentation or test fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from followup.charts import render  # noqa: F401 - imports every chart family, which registers its drawer
from followup.charts.spec import DRAW
from followup.check import rules
from followup.cli import COMMANDS

REPO = Path(__file__).resolve().parent.parent
TESTS_TEXT = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "tests").rglob("*.py")))
README = (REPO / "README.md").read_text(encoding="utf-8")
CHECKING = (REPO / "doc" / "checking.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("check", [*rules.ORGANISATION_CHECKS, *rules.CHECKS], ids=lambda c: c.__name__)
def test_every_check_is_documented_with_its_rule(check):
    assert f"`{check.__name__}`" in CHECKING


@pytest.fixture(scope="module")
def bundled_chart_kinds() -> set[str]:
    from followup.build.pipeline import read_and_check
    from followup.charts.over_years import goal_years_chart, indicator_years_chart
    from followup.charts.report import build_charts
    from followup.check.across_reports import organisations
    from followup.compute.over_years import organisation_years

    checked = read_and_check(REPO)
    kinds = {
        chart.kind
        for bundle in checked.project.reports
        for chart in build_charts(bundle, checked.summaries[(bundle.org_id, bundle.report_id)])
    }
    for bundles in organisations(checked.project).values():  # the organisations' pages over the years
        years = organisation_years(bundles, checked.summaries)
        kinds |= {indicator_years_chart(i).kind for i in years.indicators} | {goal_years_chart(g).kind for g in years.goals}
    return kinds


@pytest.mark.parametrize("kind", sorted(DRAW))
def test_every_chart_family_is_drawn_for_the_bundled_reports(kind, bundled_chart_kinds):
    """The built site (tested page by page, in the browser and by the golden snapshot) holds a
    chart of every registered kind, so every drawer is exercised."""
    assert kind in bundled_chart_kinds


@pytest.mark.parametrize("name", [name for name, _help, _setup in COMMANDS])
def test_every_command_is_documented_in_the_readme(name):
    assert f"| `{name}" in README


@pytest.mark.parametrize("name", [name for name, _help, _setup in COMMANDS])
def test_every_command_is_run_by_a_test(name):
    assert f'"{name}"' in TESTS_TEXT
