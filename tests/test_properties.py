"""Property-based tests (hypothesis) for bad input (issue 7).

* The YAML loader, given any text or bytes, returns a document or raises DataErrors with located
  problems; never any other exception.
* Number parsing, given any value, returns a finite number or raises ValueError (tests/test_numbers.py
  covers that formatted numbers parse back; this covers everything else).
* Loading a project never raises, whatever value a seed data file holds at any place: each seed file
  is mutated at one leaf with a hostile value and the whole project is loaded and checked.
"""

from __future__ import annotations

import copy
import math
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup.build.pipeline import check_project
from followup.errors import DataErrors, Problem
from followup.model.numbers import parse_number, parse_stated_number
from followup.model.yamlsource import YamlDocument, load_yaml_bytes

REPO = Path(__file__).resolve().parent.parent
PATH = "data/org/rep/report.yaml"

YAML_SYNTAX = ":-?[]{},&*!|>'\"#%@`\\ \t\n\r.~=<+0123456789eEinfaNulltrue\ufeff\u2028\x85"

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def loads_or_fails_cleanly(raw: bytes) -> None:
    try:
        doc = load_yaml_bytes(raw, PATH)
    except DataErrors as exc:
        assert exc.problems
        for problem in exc.problems:
            assert isinstance(problem, Problem)
            assert problem.path == PATH
            assert problem.line >= 1 and problem.column >= 1
            assert problem.message and "\n" not in problem.message
        return
    assert isinstance(doc, YamlDocument)


# --- YAML loader ---------------------------------------------------------------------------


@SETTINGS
@given(st.text())
def test_yaml_loader_on_any_text_raises_only_data_errors(text):
    loads_or_fails_cleanly(text.encode("utf-8"))


@SETTINGS
@given(st.text(alphabet=YAML_SYNTAX, max_size=200))
def test_yaml_loader_on_yaml_like_text_raises_only_data_errors(text):
    loads_or_fails_cleanly(text.encode("utf-8"))


@SETTINGS
@given(st.binary(max_size=300))
def test_yaml_loader_on_any_bytes_raises_only_data_errors(raw):
    loads_or_fails_cleanly(raw)


def keypaths(data: Any, prefix: tuple = ()) -> list[tuple]:
    paths = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            paths += keypaths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            paths += keypaths(value, prefix + (index,))
    return paths


@SETTINGS
@given(st.text(alphabet=YAML_SYNTAX, max_size=200))
def test_every_value_of_a_loaded_document_has_a_location(text):
    try:
        doc = load_yaml_bytes(text.encode("utf-8"), PATH)
    except DataErrors:
        return
    # YAML also breaks lines at CR, NEL (U+0085) and U+2028/U+2029.
    lines = sum(text.replace("\r\n", "\n").count(c) for c in "\n\r\x85\u2028\u2029") + 2
    for keypath in keypaths(doc.data)[:200]:
        for line, column in (doc.location(keypath), doc.key_location(keypath)):
            assert 1 <= line <= lines and column >= 1


# --- Number parsing ----------------------------------------------------------------------------

NUMBERISH = "0123456789 ,.-+%eE\u2212\u2013\u00a0\u202f\u2009krtSEKmn"


def parses_or_fails_cleanly(value: Any) -> None:
    for parse in (
        lambda v: parse_stated_number(v).value,
        lambda v: parse_number(v, percent=True, units=("SEK", "kr", "tkr", "mnkr")),
    ):
        try:
            number = parse(value)
        except ValueError as exc:
            assert str(exc)
            continue
        assert isinstance(number, (int, float)) and not isinstance(number, bool)
        assert math.isfinite(number)


@SETTINGS
@given(st.text())
def test_number_parsing_on_any_text_gives_a_finite_number_or_value_error(text):
    parses_or_fails_cleanly(text)


@SETTINGS
@given(st.text(alphabet=NUMBERISH, max_size=60))
def test_number_parsing_on_number_like_text_gives_a_finite_number_or_value_error(text):
    parses_or_fails_cleanly(text)


@SETTINGS
@given(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers()), st.dates()))
def test_number_parsing_on_any_value_gives_a_finite_number_or_value_error(value):
    parses_or_fails_cleanly(value)


# --- Whole-project loading with mutated seed data ----------------------------------------------

SEED_FILES = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "data").rglob("*.yaml") if p.name != "organisation.yaml")

HOSTILE_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [
            "",
            " ",
            "−0",
            "1e308",
            "NaN",
            "-1",
            "2020–2019",
            "2023-02-30",
            "0",
            "Q5 2022",
            "<script>alert(1)</script>",
            "../../etc/passwd",
            "/etc/passwd",
            "{{ värde: x }}",
            "{{ diagram: nej }}",
            "x" * 500,
            "7,77 %",
            "− 5",
            "1 000 000 000 000 000 000",
        ]
    ),
    st.text(max_size=30),
    st.lists(st.integers(min_value=-3, max_value=3), max_size=3),
    st.dictionaries(st.sampled_from(["id", "2021", "unit", "value", "x"]), st.integers(-5, 5), max_size=3),
)


@pytest.fixture(scope="module")
def seed_copy():
    folder = Path(tempfile.mkdtemp(prefix="followup-fuzz-"))
    for name in ("data", "content"):
        shutil.copytree(REPO / name, folder / name)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("seed_file", SEED_FILES)
def test_loading_never_raises_whatever_one_seed_value_is(seed_copy, seed_file):
    original_text = (REPO / seed_file).read_text(encoding="utf-8")
    original = yaml.safe_load(original_text)
    paths = [p for p in keypaths(original) if p]

    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.sampled_from(paths), HOSTILE_VALUES)
    def mutate(keypath, value):
        data = copy.deepcopy(original)
        target = data
        for part in keypath[:-1]:
            target = target[part]
        target[keypath[-1]] = value
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        path = seed_copy / seed_file
        path.write_text(text, encoding="utf-8")
        try:
            _, problems = check_project(seed_copy)
        finally:
            path.write_text(original_text, encoding="utf-8")
        line_counts = {}
        for problem in problems:
            assert problem.line >= 1 and problem.column >= 1, problem
            file = seed_copy / problem.path
            if file.is_file():
                if problem.path not in line_counts:
                    content = text if problem.path == seed_file else file.read_text(encoding="utf-8")
                    line_counts[problem.path] = content.count("\n") + 1
                assert problem.line <= line_counts[problem.path], problem

    mutate()
