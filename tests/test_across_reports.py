"""An organisation's reports together: indicators and goals followed across reports (by id or
`same_as:`), restated earlier values warned about and acknowledged, and the pages over the years."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from followup.build.pipeline import read_and_check
from followup.check.across_reports import organisations
from followup.compute.over_years import organisation_years

REPORT = """\
title: Rapport {year}
document_type: uppföljning
status: fastställd
period: {year}
summary: Kort.
"""

INDICATORS = """\
indicators:
  - id: {id}
    {same_as}name: Sjukfrånvaro
    unit: percent
    direction: lower_is_better
    series:
      - group: alla
        values: {{{values}}}
    targets:
      - period: {year}
        value: 6
"""

GOALS = """\
perspectives:
  - id: p
    title: Medarbetare
    goals:
      - id: {id}
        {same_as}title: Frisk arbetsplats
        assessment: {assessment}
"""

ACK = """\
acknowledged:
  - ref: indicators.sjuk.alla.2022
    restates: r2022
    earlier: "7,3"
    stated: "{stated}"
    reason: Rättat i 2023 års rapport.
"""


def two_reports(make_project, *, later_2022="7,1", ack: str | None = None, new_id="sjuk", same_as=""):
    return make_project(
        {
            "data/org/rep/report.yaml": None,
            "data/org/r2022/report.yaml": REPORT.format(year=2022),
            "data/org/r2022/indicators.yaml": INDICATORS.format(
                id="sjuk", same_as="", values='"2021": "6,9", "2022": "7,3"', year=2022
            ),
            "data/org/r2022/goals.yaml": GOALS.format(id="frisk", same_as="", assessment="uppnatt"),
            "data/org/r2023/report.yaml": REPORT.format(year=2023) + (ack or ""),
            "data/org/r2023/indicators.yaml": INDICATORS.format(
                id=new_id, same_as=same_as, values=f'"2022": "{later_2022}", "2023": "6,8"', year=2023
            ),
            "data/org/r2023/goals.yaml": GOALS.format(
                id=new_id if same_as else "frisk", same_as=same_as, assessment="ej-uppnatt"
            ),
        }
    )


def years_of(root: Path):
    checked = read_and_check(root)
    return organisation_years(organisations(checked.project)["org"], checked.summaries)


# --- the check -----------------------------------------------------------------------------------


def test_a_restated_earlier_value_is_a_warning_naming_both_files(make_project, problems):
    assert problems(two_reports(make_project)) == [
        "data/org/r2023/indicators.yaml:8:26: varning: Sjukfrånvaro (alla) 2022 anges här till 7,1, men Rapport 2022 angav 7,3 "
        "(data/org/r2022/indicators.yaml:8:41); är det senare värdet en rättelse, bekräfta det med acknowledged i "
        "report.yaml (restates: r2022)"
    ]


def test_the_same_value_written_with_fewer_decimals_is_no_restatement(make_project, problems):
    assert problems(two_reports(make_project, later_2022="7,30")) == []


def test_an_acknowledged_restatement_is_no_problem(make_project, problems):
    assert problems(two_reports(make_project, ack=ACK.format(stated="7,1"))) == []


def test_an_acknowledged_restatement_passes_check_strict(make_project, run_build):
    root = two_reports(make_project, ack=ACK.format(stated="7,1"))
    result = run_build("check", "--strict", "--root", str(root))
    assert result.returncode == 0, result.stdout


def test_an_acknowledgment_of_other_values_is_a_warning(make_project, problems):
    found = problems(two_reports(make_project, later_2022="7,0", ack=ACK.format(stated="7,1")))
    assert (
        "data/org/r2023/report.yaml:10:13: varning: bekräftelsen av indicators.sjuk.alla.2022 gäller 7,3 i r2022 och 7,1 "
        "här, men data anger nu 7,3 och 7; granska avvikelsen igen och uppdatera bekräftelsen"
    ) in found


def test_an_acknowledgment_of_values_that_now_agree_is_a_warning(make_project, problems):
    assert problems(two_reports(make_project, later_2022="7,3", ack=ACK.format(stated="7,1"))) == [
        "data/org/r2023/report.yaml:7:10: varning: bekräftelsen av indicators.sjuk.alla.2022 behövs inte längre: r2022 "
        "och den här rapporten anger inte olika värden för den; ta bort bekräftelsen"
    ]


def test_an_acknowledgment_naming_an_unknown_report_is_a_warning(make_project, problems):
    ack = ACK.format(stated="7,1").replace("restates: r2022", "restates: r2021")
    assert "data/org/r2023/report.yaml:8:15: varning: 'r2021' är ingen rapport från Testkommun" in problems(
        two_reports(make_project, ack=ack)
    )


def test_a_restating_acknowledgment_needs_the_earlier_value(make_project, problems):
    ack = ACK.format(stated="7,1").replace('    earlier: "7,3"\n', "")
    assert (
        "data/org/r2023/report.yaml:8:15: varning: med restates anges också earlier: värdet som den tidigare rapporten angav"
        in problems(two_reports(make_project, ack=ack))
    )


def test_the_bundled_malmo_sick_leave_2013_is_acknowledged_as_restated(repo_root):
    checked = read_and_check(repo_root)
    years = organisation_years(organisations(checked.project)["malmo-stad"], checked.summaries)
    sick = next(i for i in years.indicators if i.key == "sjukfranvaro")
    row = next(r for r in sick.groups[0].rows if r.period == "2013")
    assert [(g.report.report_id, g.value) for g in row.given] == [("arsredovisning-2013", 5.54), ("arsredovisning-2014", 5.67)]
    assert row.restated and row.given[1].acknowledged.startswith("Årsredovisning 2014 anger sjukfrånvaron 2013 till 5,67 %")
    assert not [p for p in checked.problems if "malmo-stad" in p.path]


# --- the series ----------------------------------------------------------------------------------


def test_an_indicator_in_two_reports_is_followed_with_every_year(make_project):
    ind = years_of(two_reports(make_project)).indicators[0]
    assert [(r.period, r.value) for r in ind.groups[0].rows] == [("2021", 6.9), ("2022", 7.1), ("2023", 6.8)]
    assert [r.report_id for r in ind.reports] == ["r2022", "r2023"]


def test_the_series_keeps_the_targets_as_each_report_set_them(make_project):
    ind = years_of(two_reports(make_project)).indicators[0]
    targets = {r.period: [(ref.report_id, t.target_value) for ref, t in r.targets] for r in ind.groups[0].rows}
    assert targets["2022"] == [("r2022", 6.0)] and targets["2023"] == [("r2023", 6.0)]


def test_a_target_on_a_change_is_no_line_in_the_chart_over_the_years(make_project):
    from followup.charts.over_years import indicator_years_chart

    root = two_reports(make_project)
    path = root / "data/org/r2023/indicators.yaml"
    change = "      - period: 2023\n        value: -5\n        aggregate: change\n        over: [2022, 2023]\n"
    path.write_text(path.read_text(encoding="utf-8") + change, encoding="utf-8")
    chart = indicator_years_chart(years_of(root).indicators[0])
    assert [panel["targets"] for panel in chart.data["panels"]] == [[6.0]]


def test_a_renamed_indicator_is_matched_by_same_as(make_project):
    ind = years_of(two_reports(make_project, new_id="sjuk-ny", same_as="same_as: sjuk\n    ")).indicators[0]
    assert ind.key == "sjuk-ny" and ind.ids == ["sjuk", "sjuk-ny"]


def test_a_goal_in_two_reports_has_each_reports_assessment(make_project):
    goal = years_of(two_reports(make_project)).goals[0]
    assert [(y.report.report_id, y.level.id) for y in goal.years] == [("r2022", "uppnatt"), ("r2023", "ej-uppnatt")]


def test_goal_attainment_per_year_uses_the_scales_words(make_project):
    assert [a.sentence() for a in years_of(two_reports(make_project)).attainment] == [
        "2022: 1 av 1 mål uppnått",
        "2023: 0 av 1 mål uppnått",
    ]


def test_an_indicator_in_one_report_only_gets_no_series(make_project):
    root = two_reports(make_project)
    shutil.rmtree(root / "data/org/r2022")
    assert years_of(root).indicators == []


# --- the pages -----------------------------------------------------------------------------------


def test_the_organisation_links_its_pages_over_the_years(make_project, run_build, tmp_path):
    root = two_reports(make_project, ack=ACK.format(stated="7,1"))
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    org = (root / "site/org/index.html").read_text(encoding="utf-8")
    assert "2022: 1 av 1 mål uppnått" in org and 'href="over-aren/indikator-sjuk.html"' in org
    page = (root / "site/org/over-aren/indikator-sjuk.html").read_text(encoding="utf-8")
    assert "Enligt Rapport 2022" in page and "Rättat i 2023 års rapport." in page
    assert re.search(r"<td>7,3\s%</td>", page) and re.search(r"<td>7,1\s%</td>", page)
    assert (root / "site/org/over-aren/diagram/indikator-sjuk.svg").is_file()
    assert (root / "site/org/over-aren/diagram/indikator-sjuk.csv").read_text(encoding="utf-8-sig").startswith("Grupp;")
    assert (root / "site/org/over-aren/mal-frisk.html").is_file()


# --- Ändringar ------------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args], cwd=root, check=True, capture_output=True
    )


def test_a_committed_change_shows_on_the_reports_changes_page(make_project, run_build):
    root = two_reports(make_project, ack=ACK.format(stated="7,1"))
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "commit", "-qm", "first")
    path = root / "data/org/r2022/indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"2022": "7,3"', '"2022": "7,4"'), encoding="utf-8")
    _git(root, "commit", "-qam", "second")
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "site/org/r2022/andringar.html").read_text(encoding="utf-8")
    assert "Indikator · Sjukfrånvaro · Alla · utfall · 2022" in page  # names, not ids
    assert "<td>7,3</td>" in page and "<td>7,4</td>" in page


def test_a_first_publication_has_no_changes_page(make_project, run_build):
    root = two_reports(make_project, ack=ACK.format(stated="7,1"))
    _git(root, "init", "-q")
    _git(root, "add", "data")
    _git(root, "commit", "-qm", "first")
    assert run_build("build", "--root", str(root)).returncode == 0
    assert not (root / "site/org/r2023/andringar.html").exists()
    assert "andringar.html" not in (root / "site/org/r2023/index.html").read_text(encoding="utf-8")


def test_without_git_the_build_compares_with_its_published_record(make_project, run_build):
    root = two_reports(make_project, ack=ACK.format(stated="7,1"))
    assert run_build("build", "--root", str(root)).returncode == 0
    assert not (root / "site/org/r2023/andringar.html").exists()
    path = root / "data/org/r2023/indicators.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"2023": "6,8"', '"2023": "6,4"'), encoding="utf-8")
    assert run_build("build", "--root", str(root)).returncode == 0
    page = (root / "site/org/r2023/andringar.html").read_text(encoding="utf-8")
    assert "<td>6,8</td>" in page and "<td>6,4</td>" in page


def test_change_labels_name_the_indicator_and_the_group_not_their_ids():
    from followup.compute.changes import facts

    text = "indicators:\n- id: sjuk\n  name: Sjukfrånvaro\n  series:\n  - group: kv\n    values:\n      2022: 5.1\n"
    files = {"indicators.yaml": text}
    labels = {fact.label for fact in facts(files, {"kv": "Kvinnor"}).values()}
    assert "Indikator · Sjukfrånvaro · Kvinnor · utfall · 2022" in labels


def test_a_goal_text_on_the_page_over_the_years_shows_its_reports_values(make_project):
    root = two_reports(make_project)
    goals = root / "data/org/r2023/goals.yaml"
    line = "        assessment_text: 'Utfallet blev {{ värde: indicators.sjuk.alla.2023 }}.'\n"
    text = goals.read_text(encoding="utf-8") + line
    goals.write_text(text, encoding="utf-8")
    checked = read_and_check(root)
    assert [p.message for p in checked.problems if p.severity == "error"] == []
    year = years_of(root).goals[0].years[-1]
    assert year.values == {"indicators.sjuk.alla.2023": "6,8\xa0%"}
