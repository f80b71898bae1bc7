"""A build split over machines: `build --shard i/n` per part, then `merge-shards` into one site."""

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
from followup import cli  # noqa: E402
from followup.build.shards import parse_shard, shard_reports  # noqa: E402

pytestmark = pytest.mark.slow


def snapshot(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(site.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    base = tmp_path_factory.mktemp("shards")
    project = corpus.generate(base / "project", 4, seed=3, per_org=1)
    copies = {name: base / name for name in ("shard-1", "shard-2", "merged", "cold")}
    for folder in copies.values():
        shutil.copytree(project, folder)
    assert cli.main(["build", "-q", "--root", str(copies["shard-1"]), "--shard", "1/2"]) == 0
    assert cli.main(["build", "-q", "--root", str(copies["shard-2"]), "--shard", "2/2"]) == 0
    code = cli.main(["merge-shards", "-q", "--root", str(copies["merged"]), str(copies["shard-1"]), str(copies["shard-2"])])
    assert cli.main(["build", "-q", "--root", str(copies["cold"])]) == 0
    return code, copies


def test_merged_shards_give_the_site_of_a_whole_build(merged) -> None:
    code, copies = merged
    assert code == 0
    assert snapshot(copies["merged"] / "site") == snapshot(copies["cold"] / "site")


def test_a_shard_builds_only_its_organisations(merged) -> None:
    _code, copies = merged
    site = copies["shard-1"] / "site"
    assert sorted(p.name for p in site.glob("kommun-*")) == ["kommun-001", "kommun-003"]


def test_shards_take_every_nth_organisation_by_name() -> None:
    reports = ["b/x", "a/x", "c/x", "a/y", "d/x"]
    assert shard_reports(reports, (1, 2)) == {"a/x", "a/y", "c/x"}
    assert shard_reports(reports, (2, 2)) == {"b/x", "d/x"}


@pytest.mark.parametrize("text", ["0/2", "3/2", "1", "a/b", "1/0"])
def test_a_shard_outside_one_to_n_is_refused(text) -> None:
    assert parse_shard(text) is None


def test_merging_a_folder_that_is_no_shard_is_a_clear_message(tmp_path, capsys) -> None:
    project = corpus.generate(tmp_path / "project", 1, seed=3)
    (tmp_path / "empty").mkdir()
    code = cli.main(["merge-shards", "--root", str(project), str(tmp_path / "empty")])
    assert code == 1
    assert capsys.readouterr().err == (
        f"build.py merge-shards: fel: {(tmp_path / 'empty').as_posix()}: ingen byggd del (site/ och .cache/ från "
        "'build --shard'). Ingenting ändrades.\n"
    )
