"""Rebuilds with warm caches (.cache/) give exactly the site a cold build gives.

A small synthetic corpus (benchmarks/corpus.py, 3 reports) is built cold, rebuilt with nothing
changed, then changed in one place at a time (a report's data file, a report's content page, an
organisation file shared by several reports, a page template) and rebuilt with the caches of the
previous builds. Each incremental site is compared byte for byte with a cold build of a copy of
the project at the same state (no .cache/, no site/): the cache never serves stale output.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import corpus  # noqa: E402

pytestmark = pytest.mark.slow

SITEWIDE = {"search/search_index.json", "search/search_index.js", "sitemap.xml", "sitemap.xml.gz"}


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()
    }


def differing(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def build(root: Path) -> dict[str, str]:
    from followup.build.publish import build_site

    build_site(root, jobs=2)
    return snapshot(root / "site")


def cold_build_of_copy(root: Path, dest: Path) -> dict[str, str]:
    """Build a copy of the project (its data, content, templates and config) with no caches. The
    published site's records of each report's publications (build/history.py) go with it: without git,
    the "Ändringar" pages are made from them, so the cold build replaces a copy of the published site."""
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns(".cache", ".site*"))
    return build(dest)


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


PER_ORG = 2  # reports 0 and 1 share kommun-001; report 2 (and the added report 3) are kommun-002's


def folder(index: int) -> str:
    return f"{corpus.org_id(index, PER_ORG)}/{corpus.report_id(index)}/"


def file_identities(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in site.rglob("*") if p.is_file()}


class Scenario:
    """One project, built in sequence; the snapshots (and file identities) of each step."""

    def __init__(self, base: Path):
        self.base = base
        self.root = corpus.generate(base / "project", 3, seed=11, per_org=PER_ORG)
        self.steps: dict[str, dict[str, str]] = {}
        self.identities: dict[str, dict[str, tuple[int, int]]] = {}
        self.cold: dict[str, dict[str, str]] = {}

    def step(self, name: str, *, compare_cold: bool = True) -> None:
        self.steps[name] = build(self.root)
        self.identities[name] = file_identities(self.root / "site")
        if compare_cold:
            self.cold[name] = cold_build_of_copy(self.root, self.base / f"cold-{name}")


CHANGES = ["data", "content", "title", "organisation", "same-name", "added", "removed", "template"]


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    s = Scenario(tmp_path_factory.mktemp("incremental"))
    s.step("initial", compare_cold=False)
    s.step("noop", compare_cold=False)
    # One report's data file changed (the benchmark's change).
    corpus.change_report(s.root, 1, seed=11, per_org=PER_ORG)
    s.step("data")
    # One report's content page changed.
    replace_in(s.root / "content" / folder(2) / "mal-1.md", "Resultatet blev", "Utfallet blev")
    s.step("content")
    # A report's title changed (its card on the start and organisation pages changes).
    replace_in(s.root / "data" / folder(2) / "report.yaml", "title: Uppföljning av", "title: Ny uppföljning av")
    s.step("title")
    # A file shared by the reports of one organisation changed (a unit's name).
    replace_in(
        s.root / "data" / corpus.org_id(0, PER_ORG) / "organisation.yaml",
        "Kommunledningskontoret",
        "Stadsledningskontoret",
    )
    s.step("organisation")
    # Two organisations with the same name (their order must not depend on which was loaded now).
    first_name = (s.root / "data" / corpus.org_id(0, PER_ORG) / "organisation.yaml").read_text(encoding="utf-8")
    name_line = next(line for line in first_name.splitlines() if line.startswith("name:"))
    second = s.root / "data" / corpus.org_id(2, PER_ORG) / "organisation.yaml"
    replace_in(
        second, next(line for line in second.read_text(encoding="utf-8").splitlines() if line.startswith("name:")), name_line
    )
    s.step("same-name")
    # A report added to an organisation that has one.
    corpus.generate(s.root, 1, seed=11, per_org=PER_ORG, start=3)
    s.step("added")
    # A report removed.
    shutil.rmtree(s.root / "data" / folder(0))
    shutil.rmtree(s.root / "content" / folder(0))
    s.step("removed")
    # A page template changed (the corpus has its own copy of templates/).
    template = next(p for p in sorted((s.root / "templates").rglob("*.html")) if "</main>" in p.read_text(encoding="utf-8"))
    replace_in(template, "</main>", "<!-- ändrad mall --></main>")
    s.step("template")
    return s


def previous(step: str) -> str:
    order = ["noop", *CHANGES]
    return order[order.index(step) - 1]


def test_noop_rebuild_leaves_site_byte_identical(scenario: Scenario) -> None:
    assert differing(scenario.steps["initial"], scenario.steps["noop"]) == []


@pytest.mark.parametrize("change", CHANGES)
def test_rebuild_after_a_change_equals_a_cold_build(scenario: Scenario, change: str) -> None:
    assert differing(scenario.steps[change], scenario.cold[change]) == []


def test_rebuild_after_one_reports_data_changed_leaves_other_reports_byte_identical(scenario: Scenario) -> None:
    changed = differing(scenario.steps["noop"], scenario.steps["data"])
    # The organisation's page and its pages over the years show the changed values too.
    org = corpus.org_id(1, PER_ORG)
    own = (folder(1), f"{org}/index.html", f"{org}/over-aren/")
    assert [c for c in changed if not c.startswith(own) and c not in SITEWIDE] == []
    assert f"{org}/over-aren/indikator-sjukfranvaro.html" in changed


@pytest.mark.parametrize("change", ["data", "content", "title"])
def test_rebuild_after_one_report_changed_does_not_rewrite_unchanged_files(scenario: Scenario, change: str) -> None:
    before, after = scenario.identities[previous(change)], scenario.identities[change]
    changed = set(differing(scenario.steps[previous(change)], scenario.steps[change]))
    rewritten = sorted(k for k in after if k not in changed and before.get(k) != after[k])
    assert rewritten == []


def test_changed_report_data_reaches_its_pages(scenario: Scenario) -> None:
    changed = differing(scenario.steps["noop"], scenario.steps["data"])
    assert f"{folder(1)}indikatorer.html" in changed
    assert f"{folder(1)}diagram/indikator-sjukfranvaro.svg" in changed


def test_changed_organisation_reaches_every_report_of_it_and_no_other(scenario: Scenario) -> None:
    changed = differing(scenario.steps["title"], scenario.steps["organisation"])
    assert f"{folder(0)}enkater.html" in changed and f"{folder(1)}enkater.html" in changed
    assert not [c for c in changed if c.startswith(folder(2))]


def test_added_report_is_published(scenario: Scenario) -> None:
    assert f"{folder(3)}index.html" in scenario.steps["added"]


def test_removed_report_leaves_no_files(scenario: Scenario) -> None:
    assert not [k for k in scenario.steps["removed"] if k.startswith(folder(0))]


def test_changed_template_reaches_every_page(scenario: Scenario) -> None:
    changed = set(differing(scenario.steps["removed"], scenario.steps["template"]))
    pages = {k for k in scenario.steps["removed"] if k.endswith(".html") and k != "404.html"}
    assert pages <= changed


# --- no-op rebuilds (followup.incremental's manifest) ----------------------------------------------


@pytest.fixture
def built_once(tmp_path: Path) -> Path:
    root = corpus.generate(tmp_path / "project", 2, seed=5)
    # A content page without a title: a warning later builds must report again.
    (root / "content" / corpus.org_id(0) / corpus.report_id(0) / "bilaga.md").write_text("Text utan rubrik.\n", encoding="utf-8")
    build(root)
    return root


def test_noop_rebuild_does_not_rewrite_any_file(built_once: Path) -> None:
    before = file_identities(built_once / "site")
    build(built_once)
    assert file_identities(built_once / "site") == before


def test_noop_rebuild_reports_the_warnings_of_the_build_it_skips(built_once: Path) -> None:
    from followup.build.publish import build_site

    first = build_site(built_once, jobs=1)  # recorded by the fixture's build: a no-op
    assert [p.message for p in first.problems] == ["sidan saknar rubrik; börja den med en rubrikrad som '# Inledning'"]
    assert first.pages > 0 and first.reports == 2 and first.charts > 0


def test_rebuild_of_another_report_reports_the_warnings_of_the_reused_one(built_once: Path) -> None:
    from followup.build.publish import build_site

    corpus.change_report(built_once, 1, seed=5)
    result = build_site(built_once, jobs=1)
    paths = [p.path for p in result.problems]
    assert paths[0] == f"content/{corpus.org_id(0)}/{corpus.report_id(0)}/bilaga.md"
    # the changed report now gives the earlier report's years differently (check/across_reports.py)
    restated = f"data/{corpus.org_id(1)}/{corpus.report_id(1)}/indicators.yaml"
    assert paths[1:] and set(paths[1:]) == {restated}
    assert all("anges här till" in p.message for p in result.problems[1:])


def test_rebuild_restores_a_site_file_edited_by_hand(built_once: Path) -> None:
    site = built_once / "site"
    before = snapshot(site)
    (site / "index.html").write_text("ändrad för hand", encoding="utf-8")
    assert snapshot(site) != before
    build(built_once)
    assert snapshot(site) == before


def test_rebuild_restores_a_deleted_site_file(built_once: Path) -> None:
    site = built_once / "site"
    before = snapshot(site)
    page = f"{corpus.org_id(0)}/{corpus.report_id(0)}/mal.html"
    (site / page).unlink()
    build(built_once)
    assert snapshot(site) == before


def test_a_page_reading_more_of_a_reused_report_than_the_cache_kept_gets_a_full_build(tmp_path: Path, monkeypatch) -> None:
    from followup.build import partial, records

    for module in (partial, records):  # the start page's cards read summary.goals
        monkeypatch.setattr(module, "SUMMARY_VIEW", ())
    root = corpus.generate(tmp_path / "project", 2, seed=5)
    build(root)
    reused_page = root / "site" / corpus.org_id(0) / corpus.report_id(0) / "index.html"
    before = reused_page.stat().st_ino
    corpus.change_report(root, 1, seed=5)
    site = build(root)
    assert reused_page.stat().st_ino != before  # built from scratch, not linked
    assert differing(site, cold_build_of_copy(root, tmp_path / "cold")) == []


def test_cached_view_keeps_the_listed_attributes_and_refuses_others() -> None:
    from followup.build import incremental

    class Thing:
        a, b = 1, 2

    view = incremental.CachedView.of("thing", Thing(), ["a"])
    assert view.a == 1
    with pytest.raises(incremental.PartialBuildFailed, match="the cached thing has no 'b'"):
        _ = view.b  # reading it is what must fail
    assert not hasattr(view, "__html__")


def test_changed_title_reaches_the_start_page(scenario: Scenario) -> None:
    assert "index.html" in differing(scenario.steps["content"], scenario.steps["title"])
