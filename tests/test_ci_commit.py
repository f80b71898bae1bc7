"""The build CI runs on a data commit: a fresh clone with only `.cache/` kept from the previous run.

The project is a git repository; its first commit is built in one clone, one report's data is
changed in a second commit, and that commit is built in a fresh clone holding only the first
clone's `.cache/` (no site/). The result must be the site a cold build of the second commit gives,
with every page of every other report byte-identical to the first build, and only the changed
report read again. The cache must hold only what the last build used.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import corpus  # noqa: E402

pytestmark = pytest.mark.slow

PER_ORG = 2
CHANGED = 1  # report index: kommun-001's second report


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": "2024-02-06T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2024-02-06T12:00:00+00:00",
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()
    }


def build(root: Path):
    from followup.build.publish import build_site

    return build_site(root, jobs=2)


def clone(origin: Path, dest: Path) -> Path:
    git(origin.parent, "clone", "-q", str(origin), str(dest))
    return dest


@pytest.fixture(scope="module")
def ci(tmp_path_factory):
    """origin (two commits), first (the first commit built), second (the second commit in a fresh
    clone with first's .cache/ copied in, built), and what the build read."""
    base = tmp_path_factory.mktemp("ci")
    origin = corpus.generate(base / "origin", 3, seed=5, per_org=PER_ORG)
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "first")
    first = clone(origin, base / "first")
    build(first)
    before = snapshot(first / "site")
    corpus.change_report(origin, CHANGED, seed=5, per_org=PER_ORG)
    git(origin, "commit", "-q", "-am", "second")
    second = clone(origin, base / "second")
    shutil.copytree(first / ".cache", second / ".cache")

    from followup.build import pipeline

    read: list = []
    original = pipeline.read_and_check

    def recording(root, *, only=None):
        read.append(only)
        return original(root, only=only)

    pipeline.read_and_check = recording
    try:
        result = build(second)
    finally:
        pipeline.read_and_check = original
    return {"origin": origin, "first": first, "before": before, "second": second, "read": read, "result": result, "base": base}


def changed_folder() -> str:
    return f"{corpus.org_id(CHANGED, PER_ORG)}/{corpus.report_id(CHANGED)}/"


def test_a_data_commit_in_a_fresh_clone_with_the_cache_gives_the_cold_build_of_that_commit(ci) -> None:
    cold = clone(ci["origin"], ci["base"] / "cold")
    build(cold)
    assert snapshot(ci["second"] / "site") == snapshot(cold / "site")


def test_a_data_commit_in_a_fresh_clone_leaves_the_other_reports_pages_byte_identical(ci) -> None:
    after = snapshot(ci["second"] / "site")
    reports = {f"{corpus.org_id(i, PER_ORG)}/{corpus.report_id(i)}/" for i in range(3)}
    others = [
        rel for rel in ci["before"] if any(rel.startswith(folder) for folder in reports) and not rel.startswith(changed_folder())
    ]
    assert others and all(after.get(rel) == ci["before"][rel] for rel in others)
    assert any(after[rel] != ci["before"].get(rel) for rel in after if rel.startswith(changed_folder()))


def test_a_data_commit_in_a_fresh_clone_reads_only_the_changed_reports_organisation(ci) -> None:
    # An organisation's reports are checked together and make its pages over the years (build/records.py).
    org = corpus.org_id(CHANGED, PER_ORG)
    assert ci["read"] == [{(org, corpus.report_id(i)) for i in range(3) if corpus.org_id(i, PER_ORG) == org}]


def test_the_other_reports_show_the_commit_that_last_touched_them(ci) -> None:
    first_commit = git(ci["origin"], "rev-list", "--max-parents=0", "--abbrev-commit", "--abbrev=7", "HEAD").strip()
    head = git(ci["origin"], "rev-parse", "--short=7", "HEAD").strip()
    site = ci["second"] / "site"
    unchanged = site / corpus.org_id(0, PER_ORG) / corpus.report_id(0) / "index.html"
    changed = site / changed_folder() / "index.html"
    assert f'data-version="{first_commit}"' in unchanged.read_text(encoding="utf-8")
    assert f'data-version="{head}"' in changed.read_text(encoding="utf-8")


def svg_digests(folder: Path) -> set[str]:
    """The SVGs in the folder: the chart cache's, or a site's charts (in its reports' diagram/ folders)."""
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*.svg") if "img" not in p.parts}


def test_the_chart_cache_holds_exactly_the_charts_of_the_last_build(ci) -> None:
    second = ci["second"]
    assert svg_digests(second / ".cache" / "charts") == svg_digests(second / "site")
    # the changed report's old charts were in the copied cache and are gone now
    assert not svg_digests(ci["first"] / ".cache" / "charts") <= svg_digests(second / ".cache" / "charts")


def test_the_cache_keeps_one_record_per_report_of_the_last_build(ci) -> None:
    records = [p for p in (ci["second"] / ".cache" / "build" / "reports").glob("*/*") if p.suffix == ".pickle"]
    assert len(records) == 3
