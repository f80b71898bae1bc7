"""The communicator's workflow: drafts are not published, one broken report never blocks the
others, one report can be checked on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from followup import cli
from followup.build.publish import build_site

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mkdocs.yml"

SECOND_REPORT = """\
    title: Andra rapporten
    document_type: slutrapport
    status: fastställd
    period: 2022
    summary: Den andra rapportens sammanfattning.
    """


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def report_pages(site: Path, org: str, rep: str) -> dict[str, bytes]:
    return {k: v for k, v in tree(site / org / rep).items() if k.endswith(".html")}


def build(root: Path, site: Path, *args: str) -> int:
    return cli.main(["build", "--root", str(root), "--site-dir", str(site), "-q", *args])


# --- drafts ------------------------------------------------------------------------------------


def test_build_leaves_out_the_report_that_new_creates(make_project, tmp_path, capsys):
    root = make_project({})
    assert cli.main(["new", "provkommun/provrapport-2026", "--root", str(root)]) == 0
    site = tmp_path / "site"
    assert build(root, site) == 0
    start = (site / "index.html").read_text(encoding="utf-8")
    assert "provrapport-2026" not in start
    assert "org/rep/index.html" in start
    assert not (site / "provkommun").exists()


def test_build_with_utkast_publishes_drafts_with_a_banner_on_every_page(make_project, tmp_path):
    root = make_project({"data/org/rep/report.yaml": SECOND_REPORT.replace("fastställd", "utkast")})
    site = build_site(root, site_dir=tmp_path / "site", config_file=CONFIG, drafts=True).site_dir
    pages = report_pages(site, "org", "rep")
    assert pages
    for name, html in pages.items():
        assert b'<strong class="status-banner__label">UTKAST</strong>' in html, name


def test_publish_false_keeps_a_report_out_even_with_utkast(make_project, tmp_path):
    root = make_project({"data/org/rep2/report.yaml": SECOND_REPORT + "publish: false\n"})
    site = build_site(root, site_dir=tmp_path / "site", config_file=CONFIG, drafts=True).site_dir
    assert not (site / "org" / "rep2").exists()
    assert (site / "org" / "rep" / "index.html").is_file()


def test_preview_shows_every_report(make_project, tmp_path):
    root = make_project({"data/org/rep2/report.yaml": SECOND_REPORT.replace("fastställd", "utkast")})
    site = build_site(root, site_dir=tmp_path / "site", config_file=CONFIG, everything=True).site_dir
    assert b"UTKAST" in (site / "org" / "rep2" / "index.html").read_bytes()


def test_a_proposal_is_published_and_labelled_on_every_page(make_project, tmp_path):
    root = make_project({"data/org/rep/report.yaml": SECOND_REPORT.replace("fastställd", "förslag")})
    site = build_site(root, site_dir=tmp_path / "site", config_file=CONFIG).site_dir
    for name, html in report_pages(site, "org", "rep").items():
        assert '<strong class="status-banner__label">Förslag till beslut</strong>' in html.decode(), name
    assert 'doc-status--förslag">Förslag till beslut<' in (site / "index.html").read_text(encoding="utf-8")


def test_an_adopted_report_has_no_banner(make_project, tmp_path):
    root = make_project({})
    site = build_site(root, site_dir=tmp_path / "site", config_file=CONFIG).site_dir
    assert b"status-banner" not in (site / "org" / "rep" / "index.html").read_bytes()


# --- one broken report ---------------------------------------------------------------------------


@pytest.fixture
def two_reports(make_project, tmp_path):
    root = make_project({"data/org/rep2/report.yaml": SECOND_REPORT})
    site = tmp_path / "site"
    assert build(root, site) == 0
    return root, site


def test_broken_report_keeps_its_published_pages_while_another_is_updated(two_reports, capsys):
    root, site = two_reports
    before = report_pages(site, "org", "rep")
    capsys.readouterr()
    (root / "data/org/rep/report.yaml").write_text(
        (root / "data/org/rep/report.yaml").read_text(encoding="utf-8").replace("period: 2020–2023", "period: 20x0"),
        encoding="utf-8",
    )
    (root / "data/org/rep2/report.yaml").write_text(
        SECOND_REPORT.replace("    ", "").replace("Den andra", "Den ändrade"), encoding="utf-8"
    )
    assert build(root, site) == 1
    out = capsys.readouterr()
    assert report_pages(site, "org", "rep") == before
    assert "Den ändrade rapportens sammanfattning" in (site / "org/rep2/index.html").read_text(encoding="utf-8")
    assert "data/org/rep/report.yaml:4:" in out.out
    assert (
        "org/rep uppdaterades inte på grund av 1 fel (se ovan); "
        "den senast publicerade versionen ligger kvar på webbplatsen." in out.err
    )


def test_an_organisation_whose_only_report_is_kept_back_keeps_its_pages_while_another_updates(make_project, tmp_path, capsys):
    # The site-wide pages are made again (another organisation's card changed); the kept-back
    # organisation's series over the years come from its published version.
    root = make_project({"data/org2/rep2/report.yaml": SECOND_REPORT})
    shutil.copy(root / "data/org/organisation.yaml", root / "data/org2/organisation.yaml")
    site = tmp_path / "site"
    assert build(root, site) == 0
    before = report_pages(site, "org", "rep")
    broken = root / "data/org/rep/report.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("period: 2020–2023", "period: 20x0"), encoding="utf-8")
    changed = root / "data/org2/rep2/report.yaml"
    changed.write_text(SECOND_REPORT.replace("    ", "").replace("Den andra", "Den ändrade"), encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["build", "--root", str(root), "--site-dir", str(site)]) == 1
    assert report_pages(site, "org", "rep") == before
    assert "Den ändrade rapportens sammanfattning" in (site / "org2/rep2/index.html").read_text(encoding="utf-8")
    out = capsys.readouterr()
    assert "1 fel, 0 varningar → " in out.out + out.err  # the summary counts the error that kept org/rep back


def test_broken_report_is_reported_again_by_the_next_build(two_reports, capsys):
    root, site = two_reports
    path = root / "data/org/rep/report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("period: 2020–2023", "period: 20x0"), encoding="utf-8")
    assert build(root, site) == 1
    before = tree(site)
    assert build(root, site) == 1
    assert tree(site) == before


def test_fixed_report_is_published_again(two_reports):
    root, site = two_reports
    path = root / "data/org/rep/report.yaml"
    good = path.read_text(encoding="utf-8")
    path.write_text(good.replace("period: 2020–2023", "period: 20x0"), encoding="utf-8")
    assert build(root, site) == 1
    path.write_text(good.replace("En kort", "En rättad kort"), encoding="utf-8")
    assert build(root, site) == 0
    assert "En rättad kort" in (site / "org/rep/index.html").read_text(encoding="utf-8")


def test_broken_report_never_published_is_left_out(two_reports, capsys):
    root, site = two_reports
    new = root / "data/org/rep3/report.yaml"
    new.parent.mkdir()
    new.write_text(SECOND_REPORT.replace("    ", "").replace("period: 2022", "period: 20x0"), encoding="utf-8")
    capsys.readouterr()
    assert build(root, site) == 1
    assert not (site / "org" / "rep3").exists()
    assert "org/rep3 publicerades inte på grund av 1 fel (se ovan); den har aldrig publicerats." in capsys.readouterr().err


def test_check_one_report_ignores_a_broken_other(tmp_path, capsys):
    root = tmp_path / "seeds"
    shutil.copytree(REPO / "data", root / "data")
    shutil.copytree(REPO / "content", root / "content")
    path = root / "data/eskilstuna/processmal-2020-2023/report.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("period: 2020–2023", "period: 20x0"), encoding="utf-8")
    assert cli.main(["check", "--root", str(root)]) == 1
    assert cli.main(["check", "lund/samordnade-servicetjanster", "--root", str(root)]) == 0


def test_check_of_an_unknown_report_is_a_usage_error(make_project, capsys):
    root = make_project({})
    with pytest.raises(SystemExit) as info:
        cli.main(["check", "org/finns-inte", "--root", str(root)])
    assert info.value.code == 2
    assert "det finns ingen rapport 'org/finns-inte'" in capsys.readouterr().err


def test_verbose_noop_build_says_nothing_changed_and_why(make_project, tmp_path, capsys):
    root = make_project({})
    site = tmp_path / "site"
    assert build(root, site) == 0
    capsys.readouterr()
    assert cli.main(["build", "--root", str(root), "--site-dir", str(site), "-v"]) == 0
    err = capsys.readouterr().err
    assert "Inget har ändrats sedan förra bygget" in err
    assert "webbplatsen lämnades orörd" in err
