"""The benchmark's synthetic corpus (benchmarks/corpus.py): deterministic, seed-shaped, valid."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from benchmarks import corpus  # noqa: E402


def tree(root: Path, *parts: str) -> dict[str, bytes]:
    base = root.joinpath(*parts)
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.generate(tmp_path_factory.mktemp("corpus") / "project", 3, seed=7)


def test_same_seed_gives_byte_identical_corpus(tmp_path: Path) -> None:
    a = corpus.generate(tmp_path / "a", 3, seed=7)
    b = corpus.generate(tmp_path / "b", 3, seed=7)
    assert tree(a, "data") == tree(b, "data")
    assert tree(a, "content") == tree(b, "content")


def test_other_seed_gives_other_data(tmp_path: Path) -> None:
    a = corpus.generate(tmp_path / "a", 2, seed=7)
    b = corpus.generate(tmp_path / "b", 2, seed=8)
    assert tree(a, "data") != tree(b, "data")


def test_report_files_do_not_depend_on_corpus_size(tmp_path: Path) -> None:
    small = tree(corpus.generate(tmp_path / "small", 2, seed=7), "data")
    large = tree(corpus.generate(tmp_path / "large", 12, seed=7), "data")
    assert {k: v for k, v in large.items() if k in small} == small


def test_generated_corpus_passes_check_without_problems(small_corpus: Path, problems) -> None:
    assert problems(small_corpus) == []


def test_build_py_check_accepts_the_corpus(small_corpus: Path, run_build) -> None:
    result = run_build("check", "--root", str(small_corpus))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Inga fel eller varningar" in result.stdout


def test_reports_are_shaped_like_the_seeds(small_corpus: Path) -> None:
    from followup.build.pipeline import check_project

    project, _ = check_project(small_corpus)
    assert len(project.reports) == 3
    for bundle in project.reports:
        assert sum(len(g.items) for g in bundle.deliverables.groups) == 15
        survey = bundle.surveys.surveys[0]
        assert [len(r.units) for r in survey.rounds] == [10, 10]
        assert {s.group for i in bundle.indicators.indicators for s in i.series} == {"alla", "kvinnor", "man"}
        assert [t.kind for t in bundle.tables] == ["budget_outcome", "per_unit"]
        assert sum(len(p.goals) for p in bundle.goals.perspectives) == 6


def test_reports_have_about_ten_charts(small_corpus: Path) -> None:
    from followup.charts import report
    from followup.load.loader import load_project

    project, _ = load_project(small_corpus)
    counts = [len(report.build_charts(bundle)) for bundle in project.reports]
    assert all(8 <= n <= 12 for n in counts), counts


def test_change_report_rewrites_only_that_reports_indicators(tmp_path: Path, problems) -> None:
    root = corpus.generate(tmp_path / "p", 3, seed=7)
    before = tree(root, "data")
    changed = corpus.change_report(root, 1, seed=7)
    after = tree(root, "data")
    differing = sorted(k for k in before if before[k] != after[k])
    assert differing == [changed.relative_to(root).as_posix()]
    assert differing == ["data/kommun-001/uppfoljning-0002/indicators.yaml"]
    # The changed outcomes now differ from what the organisation's other reports say of the same
    # years: warnings about restated values, never errors.
    found = problems(root)
    assert [p for p in found if ": fel: " in p] == []
    assert all("anges här till" in p for p in found)


def test_change_report_with_variant_zero_restores_the_generated_file(tmp_path: Path) -> None:
    root = corpus.generate(tmp_path / "p", 2, seed=7)
    before = tree(root, "data")
    corpus.change_report(root, 0, seed=7, variant=1)
    corpus.change_report(root, 0, seed=7, variant=0)
    assert tree(root, "data") == before
