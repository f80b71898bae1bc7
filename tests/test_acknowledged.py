"""Acknowledged discrepancies (`acknowledged:` in report.yaml): a stated number kept as the source
states it although its check fails, and the warnings for acknowledgments that no longer hold."""

from __future__ import annotations

import shutil

SURVEY = """\
surveys:
  - id: enkat
    title: Enkät
    questions: [{id: q, text: Fråga}]
    rounds:
      - period: 2022
        units: [{unit: AVF, respondents: 1, scores: {q: 8}}, {unit: BUF, respondents: 3, scores: {q: 9}}]
        stated_total: {respondents: 4, scores: {q: '8,50'}}
"""

REPORT = """\
title: Testrapport
document_type: uppföljning
status: fastställd
period: 2020–2023
summary: En kort sammanfattning.
acknowledged:
  - ref: {ref}
    stated: "{stated}"
    computed: "{computed}"
    reason: Källan anger 8,50; det respondentviktade medelvärdet är 8,75. Återges som i det beslutade dokumentet.
"""


def project(make_project, *, ref="surveys.enkat.2022.q", stated="8,50", computed="8,75", survey=SURVEY):
    return make_project(
        {
            "data/org/rep/surveys.yaml": survey,
            "data/org/rep/report.yaml": REPORT.format(ref=ref, stated=stated, computed=computed),
        }
    )


def test_an_acknowledged_mismatch_is_no_problem(make_project, problems):
    assert problems(project(make_project)) == []


def test_an_acknowledged_mismatch_passes_check_strict(make_project, run_build):
    result = run_build("check", "--strict", "--root", str(project(make_project)))
    assert result.returncode == 0, result.stdout
    assert result.stdout == "Inga fel eller varningar (3 filer kontrollerade).\n"


def test_the_period_label_and_the_year_name_the_same_check(make_project, problems):
    assert problems(project(make_project, ref="surveys.enkat.2022.q")) == []
    assert problems(project(make_project, ref="Surveys.Enkat.2022.Q")) == []


def test_an_acknowledgment_of_a_check_that_now_passes_is_a_warning(make_project, problems):
    fixed = SURVEY.replace("q: '8,50'", "q: '8,75'")
    assert problems(project(make_project, survey=fixed, stated="8,75", computed="8,75")) == [
        "data/org/rep/report.yaml:7:5: varning: bekräftelsen av surveys.enkat.2022.q behövs inte längre: den "
        "angivna siffran 8,75 stämmer nu med det som beräknas från data; ta bort bekräftelsen"
    ]


def test_an_acknowledgment_of_another_stated_number_is_a_warning(make_project, problems):
    changed = SURVEY.replace("q: '8,50'", "q: '8,40'")
    assert problems(project(make_project, survey=changed)) == [
        "data/org/rep/report.yaml:8:13: varning: bekräftelsen av surveys.enkat.2022.q gäller den angivna siffran "
        "8,50, men data anger nu 8,40; granska avvikelsen igen och uppdatera bekräftelsen",
        "data/org/rep/surveys.yaml:8:52: varning: medelvärdet 8,40 för 'q' 2022 stämmer inte med enheternas "
        "medelvärde viktat med antalet svarande (8,75); källan kan ha räknat bara dem som besvarat frågan: "
        "kontrollera summaraden och enheternas rader, eller kvittera avvikelsen under acknowledged: i report.yaml",
    ]


def test_an_acknowledgment_of_another_computed_number_is_a_warning(make_project, problems):
    changed = SURVEY.replace("scores: {q: 9}", "scores: {q: 10}")
    assert problems(project(make_project, survey=changed)) == [
        "data/org/rep/report.yaml:9:15: varning: bekräftelsen av surveys.enkat.2022.q gäller det beräknade "
        "värdet 8,75, men data ger nu 9,5; granska avvikelsen igen och uppdatera bekräftelsen",
        "data/org/rep/surveys.yaml:8:52: varning: medelvärdet 8,50 för 'q' 2022 stämmer inte med enheternas "
        "medelvärde viktat med antalet svarande (9,5); källan kan ha räknat bara dem som besvarat frågan: "
        "kontrollera summaraden och enheternas rader, eller kvittera avvikelsen under acknowledged: i report.yaml",
    ]


def test_an_acknowledgment_of_an_unknown_reference_is_a_warning(make_project, problems):
    assert problems(project(make_project, ref="surveys.enkat.2022.x")) == [
        "data/org/rep/report.yaml:7:10: varning: bekräftelsen gäller 'surveys.enkat.2022.x', men ingen angiven "
        "siffra kontrolleras under den referensen (angivna siffror som avviker: surveys.enkat.2022.q)",
        "data/org/rep/surveys.yaml:8:52: varning: medelvärdet 8,50 för 'q' 2022 stämmer inte med enheternas "
        "medelvärde viktat med antalet svarande (8,75); källan kan ha räknat bara dem som besvarat frågan: "
        "kontrollera summaraden och enheternas rader, eller kvittera avvikelsen under acknowledged: i report.yaml",
    ]


def test_an_acknowledged_key_figure_is_no_problem(make_project, problems):
    report = """\
        title: Testrapport
        document_type: uppföljning
        status: utkast
        period: 2020–2023
        summary: En kort sammanfattning.
        key_figures:
          - {id: snitt, label: Snitt, unit: score, stated: "8,50", compute: {op: sum, of: [surveys.enkat.2022.q]}}
        acknowledged:
          - {ref: keyfigures.snitt, stated: "8,50", computed: "8,75", reason: Som i källan.}
          - {ref: surveys.enkat.2022.q, stated: "8,50", computed: "8,75", reason: Som i källan.}
        """
    root = make_project({"data/org/rep/surveys.yaml": SURVEY, "data/org/rep/report.yaml": report})
    assert problems(root) == []


def test_the_page_shows_the_stated_total_with_a_note(make_project, run_build):
    root = project(make_project)
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "org" / "rep" / "enkater.html").read_text(encoding="utf-8")
    assert '<td><span class="num">8,50</span><sup class="note-ref"><a href="#enkat-enkat-2022-not-1"' in html
    assert "Angivet medelvärde 8,50 · beräknat från data 8,75.</span> Källan anger 8,50" in html


def test_a_changed_stated_total_in_the_bundled_data_fails_check_strict(repo_root, tmp_path, run_build):
    root = tmp_path / "copy"
    shutil.copytree(repo_root / "data", root / "data")
    shutil.copytree(repo_root / "content", root / "content")
    shutil.copy(repo_root / "mkdocs.yml", root / "mkdocs.yml")
    finance = root / "data" / "lund" / "samordnade-servicetjanster" / "finance.yaml"
    text = finance.read_text(encoding="utf-8")
    assert text.count("11 785 000") >= 1
    finance.write_text(text.replace("11 785 000", "11 785 001", 1), encoding="utf-8")
    result = run_build("check", "--strict", "--root", str(root))
    assert result.returncode == 1
    assert "data/lund/samordnade-servicetjanster/finance.yaml:" in result.stdout


def test_an_unacknowledged_mismatch_shows_the_stated_total_flagged(make_project, run_build):
    root = make_project({"data/org/rep/surveys.yaml": SURVEY})
    result = run_build("build", "--root", str(root))
    assert result.returncode == 0, result.stdout + result.stderr
    html = (root / "site" / "org" / "rep" / "enkater.html").read_text(encoding="utf-8")
    assert '<td><span class="num">8,50</span> <span class="flag flag--warning"' in html
    assert 'Angivet medelvärde 8,50 · beräknat 8,75 <span aria-hidden="true">⚠</span> avviker' in html


def test_a_file_with_errors_does_not_make_its_acknowledgments_warn(make_project, problems):
    broken = SURVEY.replace("    title: Enkät\n", "    title: Enkät\n    bogus: 1\n")
    assert problems(project(make_project, survey=broken)) == [
        "data/org/rep/surveys.yaml:4:5: fel: okänd nyckel 'bogus'; tillåtna är: id, title, description, scale, questions, rounds,"
        " source",
    ]
