"""The report format's extensions for real documents: comparison years, per-indicator
assessments, shares written as counts, targets, qualitative indicators, declared units,
numbers as people write them, document kinds, provenance and goal areas."""

from __future__ import annotations

from pathlib import Path

from followup.build.pipeline import check_project
from followup.build.publish import DataVersion
from followup.compute.summaries import summarize
from followup.site.render import render_project

INDICATORS = "data/org/rep/indicators.yaml"
REPORT = "data/org/rep/report.yaml"
GOALS = "data/org/rep/goals.yaml"
ORG = "data/org/organisation.yaml"


def built_page(make_project, tmp_path: Path, files: dict[str, str], page: str) -> str:
    root = make_project(files)
    project, found = check_project(root)
    assert [p for p in found if p.severity == "error"] == []
    docs = tmp_path / "docs"
    render_project(project, docs, version=DataVersion("abc1234", 0))
    return (docs / "org/rep" / page).read_text(encoding="utf-8")


def summary_of(make_project, files: dict[str, str]):
    project, found = check_project(make_project(files))
    assert [p for p in found if p.severity == "error"] == []
    (bundle,) = project.reports
    return summarize(bundle)


# --- 1. Comparison years outside the report's period ----------------------------------------

COMPARISON = {
    INDICATORS: """\
        indicators:
          - id: varme
            name: Värme
            unit: index
            direction: lower_is_better
            series:
              - values: {"2007": 170, "2021": 150, "2023": 140, "2025": 120}
        """
}


def test_comparison_year_keeps_the_report_period(make_project):
    summary = summary_of(make_project, COMPARISON)
    (isum,) = summary.indicators
    assert isum.comparison_periods == ["2007", "2025"]
    assert isum.periods == ["2007", "2021", "2023", "2025"]


def test_this_periods_value_is_the_latest_within_the_report_period(make_project):
    (isum,) = summary_of(make_project, COMPARISON).indicators
    series = isum.series[0]
    assert series.current.period == "2023"
    assert (series.overall.from_period, series.overall.to_period) == ("2007", "2023")


def test_comparison_year_is_marked_on_the_indicators_page(make_project, tmp_path):
    page = built_page(make_project, tmp_path, COMPARISON, "indikatorer.md")
    assert '2007 <span class="muted">(jämförelse)</span>' in page
    assert '2021 <span class="muted">(jämförelse)</span>' not in page
