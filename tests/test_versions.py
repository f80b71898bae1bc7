"""The data version a report's pages show: the last commit that touched the report's own files."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from followup.build.versions import DIRTY_SUFFIX, data_version, data_versions

DIGESTS = {"lund/a": "a" * 64, "lund/b": "b" * 64, "malmo/c": "c" * 64}


def git(cwd: Path, *args: str, date: str = "2024-02-06T12:00:00+00:00") -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_AUTHOR_DATE": date,
        "GIT_COMMITTER_DATE": date,
    }
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def commit(root: Path, message: str, date: str = "2024-02-06T12:00:00+00:00") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "--short=7", "HEAD")


def project(root: Path) -> str:
    git(root, "init", "-q")
    for org in ("lund", "malmo"):
        write(root, f"data/{org}/organisation.yaml", f"name: {org}\n")
    for key in DIGESTS:
        write(root, f"data/{key}/report.yaml", "title: x\n")
    write(root, "content/lund/a/01-inledning.md", "# Inledning\n")
    return commit(root, "start")


def versions(root: Path):
    return data_versions(root, DIGESTS)


def test_each_report_shows_the_last_commit_that_touched_its_data(tmp_path):
    first = project(tmp_path)
    write(tmp_path, "data/lund/b/report.yaml", "title: y\n")
    second = commit(tmp_path, "b", date="2024-03-01T12:00:00+00:00")
    found = versions(tmp_path)
    assert {k: v.label for k, v in found.reports.items()} == {"lund/a": first, "lund/b": second, "malmo/c": first}
    assert found.reports["lund/b"].epoch == 1709294400 and found.reports["lund/a"].epoch == 1707220800


def test_a_content_page_counts_for_its_report_only(tmp_path):
    first = project(tmp_path)
    write(tmp_path, "content/lund/a/01-inledning.md", "# Inledning\n\nMer.\n")
    second = commit(tmp_path, "text")
    found = versions(tmp_path)
    assert (found.reports["lund/a"].label, found.reports["lund/b"].label) == (second, first)


def test_the_organisation_file_counts_for_every_report_of_the_organisation(tmp_path):
    first = project(tmp_path)
    write(tmp_path, "data/lund/organisation.yaml", "name: Lund\n")
    second = commit(tmp_path, "org")
    found = versions(tmp_path)
    assert {k: v.label for k, v in found.reports.items()} == {"lund/a": second, "lund/b": second, "malmo/c": first}


def test_a_commit_outside_data_changes_no_version(tmp_path):
    first = project(tmp_path)
    write(tmp_path, "README.md", "x\n")
    commit(tmp_path, "readme")
    found = versions(tmp_path)
    assert {v.label for v in found.reports.values()} == {first} and found.site.label == first


def test_the_site_wide_version_is_the_last_commit_that_touched_data_or_content(tmp_path):
    project(tmp_path)
    write(tmp_path, "data/malmo/c/report.yaml", "title: z\n")
    second = commit(tmp_path, "c")
    assert versions(tmp_path).site.label == second == data_version(tmp_path).label


def test_uncommitted_changes_are_noted_on_that_report_only(tmp_path):
    first = project(tmp_path)
    write(tmp_path, "data/lund/a/goals.yaml", "goals: []\n")  # untracked
    found = versions(tmp_path)
    assert found.reports["lund/a"].label == first + DIRTY_SUFFIX
    assert found.reports["lund/b"].label == first


def test_outside_git_the_version_is_the_report_digest(tmp_path):
    found = versions(tmp_path)
    assert {k: v.label for k, v in found.reports.items()} == {k: d[:12] for k, d in DIGESTS.items()}
    assert (found.site.label, found.site.epoch) == ("okänd", 0)


def test_a_report_no_commit_touched_shows_its_digest(tmp_path):
    project(tmp_path)
    found = data_versions(tmp_path, {**DIGESTS, "umea/new": "d" * 64})
    assert (found.reports["umea/new"].label, found.reports["umea/new"].epoch) == ("d" * 12, 0)


def test_in_a_shallow_clone_a_report_older_than_the_history_shows_its_digest(tmp_path):
    origin = tmp_path / "origin"
    origin.mkdir()
    project(origin)
    write(origin, "data/lund/b/report.yaml", "title: y\n")
    second = commit(origin, "b")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    found = data_versions(clone, DIGESTS)
    # Commit `second` is the clone's only commit: it shows every file as added, so it says nothing
    # about when a report last changed.
    assert found.reports["lund/a"].commit == "a" * 12
    assert second not in {v.commit for v in found.reports.values()}
