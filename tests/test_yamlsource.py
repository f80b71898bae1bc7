"""The YAML loader: plain data, positions of keys and values, and located errors."""

import datetime as dt
import math

import pytest

from followup.errors import DataErrors, Problem
from followup.model import yamlsource
from followup.model.yamlsource import MAX_FILE_BYTES, load_yaml_bytes, load_yaml_file


def load(tmp_path, content, name="data/report.yaml"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return load_yaml_file(path, tmp_path)


def problems(tmp_path, content, name="data/report.yaml"):
    with pytest.raises(DataErrors) as info:
        load(tmp_path, content, name)
    return [(p.path, p.line, p.column, p.message) for p in info.value.problems]


def only_problem(tmp_path, content):
    (found,) = problems(tmp_path, content)
    return found[1:]


# --- Data ------------------------------------------------------------------------------


def test_mapping_of_scalars_loads_as_plain_python(tmp_path):
    doc = load(tmp_path, "title: Uppföljning\nyear: 2022\nshare: 6.5\ndone: true\nnote:\n")
    assert doc.data == {"title": "Uppföljning", "year": 2022, "share": 6.5, "done": True, "note": None}


def test_path_is_project_relative_posix(tmp_path):
    assert load(tmp_path, "a: 1\n", "data/lund/report.yaml").path == "data/lund/report.yaml"


def test_plain_date_becomes_date(tmp_path):
    assert load(tmp_path, "decided: 2024-01-29\n").data == {"decided": dt.date(2024, 1, 29)}


def test_timestamp_with_time_stays_text(tmp_path):
    assert load(tmp_path, "at: 2024-01-29T10:00\n").data == {"at": "2024-01-29T10:00"}


def test_yes_no_on_off_stay_text(tmp_path):
    assert load(tmp_path, "a: yes\nb: no\nc: on\nd: off\n").data == {"a": "yes", "b": "no", "c": "on", "d": "off"}


def test_sexagesimal_looking_value_stays_text(tmp_path):
    assert load(tmp_path, "time: 12:30\n").data == {"time": "12:30"}


def test_quoted_number_stays_text(tmp_path):
    assert load(tmp_path, "code: '0083'\n").data == {"code": "0083"}


def test_swedish_number_text_stays_text_for_the_validator(tmp_path):
    assert load(tmp_path, "n: 295 591\nm: 7,77\n").data == {"n": "295 591", "m": "7,77"}


def test_nan_and_inf_stay_floats(tmp_path):
    data = load(tmp_path, "a: .nan\nb: -.inf\n").data
    assert math.isnan(data["a"]) and data["b"] == -math.inf


def test_integer_key_becomes_text(tmp_path):
    assert load(tmp_path, "2022: 39\n2023: 68\n").data == {"2022": 39, "2023": 68}


def test_key_is_text_as_written(tmp_path):
    assert load(tmp_path, "on: 1\n007: 2\n").data == {"on": 1, "007": 2}


def test_empty_file_gives_none(tmp_path):
    assert load(tmp_path, "").data is None


def test_file_with_only_comments_gives_none(tmp_path):
    assert load(tmp_path, "# nothing yet\n").data is None


def test_utf8_bom_is_stripped(tmp_path):
    assert load(tmp_path, b"\xef\xbb\xbftitle: \xc3\xa5r\n").data == {"title": "år"}


def test_crlf_line_ends_are_accepted(tmp_path):
    doc = load(tmp_path, b"a: 1\r\nb: |\r\n  x\r\n  y\r\n")
    assert doc.data == {"a": 1, "b": "x\ny\n"}
    assert doc.location(("b",)) == (2, 4)


def test_alias_repeats_anchored_value(tmp_path):
    assert load(tmp_path, "a: &x [1, 2]\nb: *x\n").data == {"a": [1, 2], "b": [1, 2]}


def test_merge_key_copies_keys_and_explicit_keys_win(tmp_path):
    doc = load(tmp_path, "base: &b {unit: '%', scale: 10}\nind:\n  <<: *b\n  scale: 5\n")
    assert doc.data["ind"] == {"unit": "%", "scale": 5}


def test_explicit_core_tag_is_accepted(tmp_path):
    assert load(tmp_path, "a: !!str 2022\nb: !!float 1\n").data == {"a": "2022", "b": 1.0}


# --- Locations -------------------------------------------------------------------------

DOC = """\
meta:
  title: Slutrapport
  year: 2023
goals:
  - id: g1
    text: Mål ett
  - id: g2
"""


def test_location_of_a_value(tmp_path):
    assert load(tmp_path, DOC).location(("meta", "title")) == (2, 10)


def test_key_location_of_a_key(tmp_path):
    assert load(tmp_path, DOC).key_location(("meta", "title")) == (2, 3)


def test_location_inside_a_list(tmp_path):
    assert load(tmp_path, DOC).location(("goals", 1, "id")) == (7, 9)


def test_location_of_a_list_item_is_its_content(tmp_path):
    assert load(tmp_path, DOC).location(("goals", 0)) == (5, 5)


def test_location_of_missing_key_is_its_parent_mapping(tmp_path):
    assert load(tmp_path, DOC).location(("meta", "owner")) == (2, 3)


def test_key_location_of_missing_key_is_its_parent_mapping(tmp_path):
    assert load(tmp_path, DOC).key_location(("goals", 0, "status")) == (5, 5)


def test_location_of_missing_list_index_is_the_list(tmp_path):
    assert load(tmp_path, DOC).location(("goals", 9)) == (5, 3)


def test_location_of_root_is_start(tmp_path):
    assert load(tmp_path, DOC).location(()) == (1, 1)


def test_integer_in_keypath_matches_year_key(tmp_path):
    assert load(tmp_path, "n:\n  2022: 39\n").location(("n", 2022)) == (2, 9)


def test_location_of_empty_value_is_after_its_colon(tmp_path):
    assert load(tmp_path, "note:\nnext: 1\n").location(("note",)) == (1, 6)


def test_location_in_empty_file_is_start(tmp_path):
    assert load(tmp_path, "").location(("anything",)) == (1, 1)


def test_location_through_merge_key_points_into_anchor(tmp_path):
    doc = load(tmp_path, "base: &b\n  unit: kr\nind:\n  <<: *b\n")
    assert doc.location(("ind", "unit")) == (2, 9)


def test_has_tells_whether_keypath_exists(tmp_path):
    doc = load(tmp_path, DOC)
    assert doc.has(("goals", 1, "id")) and not doc.has(("goals", 1, "text"))


def test_problem_is_located_at_value(tmp_path):
    doc = load(tmp_path, DOC)
    assert doc.problem(("meta", "year"), "bad year") == Problem("data/report.yaml", 3, 9, "bad year")


def test_problem_at_key_is_located_at_key(tmp_path):
    doc = load(tmp_path, DOC)
    assert doc.problem(("meta", "year"), "unknown key", at_key=True).column == 3


# --- Errors ----------------------------------------------------------------------------


def test_duplicate_key_is_error_at_second_occurrence(tmp_path):
    assert problems(tmp_path, "title: a\nyear: 1\ntitle: b\n") == [
        ("data/report.yaml", 3, 1, "duplicate key 'title' (first defined on line 1); remove one of them")
    ]


def test_duplicate_keys_are_all_reported(tmp_path):
    found = problems(tmp_path, "a: 1\na: 2\nb:\n  c: 1\n  c: 2\n")
    assert [(line, column) for _, line, column, _ in found] == [(2, 1), (5, 3)]


def test_duplicate_year_key_is_error(tmp_path):
    assert only_problem(tmp_path, "2022: 1\n2022: 2\n") == (
        2,
        1,
        "duplicate key '2022' (first defined on line 1); remove one of them",
    )


def test_tab_indentation_is_error(tmp_path):
    assert only_problem(tmp_path, "a:\n\tb: 1\n") == (
        2,
        1,
        "tabbtecken i indraget: YAML tillåter bara mellanslag för indrag; ersätt tabben med mellanslag",
    )


def test_tab_after_spaces_is_located_at_the_tab(tmp_path):
    assert only_problem(tmp_path, "a:\n  b: 1\n  \tc: 2\n")[:2] == (3, 3)


def test_colon_in_unquoted_value_is_error(tmp_path):
    assert only_problem(tmp_path, "title: Mål: bättre\n") == (
        1,
        11,
        'texten innehåller ": " men saknar citattecken, så YAML läser den som en ny nyckel: sätt hela texten '
        'inom citattecken, t.ex. title: "Mål: bättre"',
    )


def test_unclosed_quote_is_error_at_opening_quote(tmp_path):
    assert only_problem(tmp_path, "a: 'x\nb: 1\n") == (
        1,
        4,
        "citattecknet som börjar här stängs aldrig: lägg till ' i slutet av texten (skriv '' för en apostrof inne i texten)",
    )


def test_unclosed_flow_list_is_error(tmp_path):
    assert only_problem(tmp_path, "a: [1, 2\n") == (
        1,
        4,
        "hakparentesen [ (en lista) som börjar här stängs aldrig: lägg till ] efter det sista värdet",
    )


def test_list_item_at_wrong_indentation_is_error(tmp_path):
    assert only_problem(tmp_path, "- a\nb: 1\n") == (
        2,
        1,
        'en nyckel där en listpunkt väntades: raderna ovanför med samma indrag är listpunkter ("- " på rad 1); '
        'börja raden med "- " om den är en ny punkt, eller dra in den lika mycket som texten i punkten ovanför',
    )


def test_character_that_cannot_start_a_value_is_error(tmp_path):
    assert only_problem(tmp_path, "a: @home\n") == (
        1,
        4,
        "found '@', which cannot start a YAML value; put the value in quotes",
    )


def test_second_document_is_error(tmp_path):
    assert only_problem(tmp_path, "a: 1\n---\nb: 2\n") == (
        2,
        1,
        "a second YAML document starts here; use one document per file (remove the '---')",
    )


def test_latin1_file_is_error_with_offset(tmp_path):
    assert problems(tmp_path, "title: ok\nname: M\xe5l\n".encode("latin-1")) == [
        (
            "data/report.yaml",
            2,
            8,
            "file is not UTF-8 text (invalid byte 0xE5 at byte offset 17); save it as UTF-8",
        )
    ]


def test_non_utf8_column_counts_characters_not_bytes(tmp_path):
    assert only_problem(tmp_path, b"\xc3\xa5r: \xff\n")[:2] == (1, 5)


def test_control_character_is_error(tmp_path):
    assert only_problem(tmp_path, "a: x\nb: y\x01\n") == (
        2,
        5,
        "control character U+0001 is not allowed in YAML; remove it",
    )


def test_too_large_file_is_error_at_start(tmp_path, monkeypatch):
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 10)
    assert only_problem(tmp_path, "title: more than ten bytes\n") == (
        1,
        1,
        "file is too large (27 bytes; at most 10 bytes are allowed); split it into several files",
    )


def test_size_limit_is_five_megabytes():
    assert MAX_FILE_BYTES == 5 * 1024 * 1024


def test_billion_laughs_is_error_at_the_alias(tmp_path):
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    assert only_problem(tmp_path, "\n".join(lines) + "\n") == (
        7,
        12,
        "alias '*f' makes the file too large (more than 1,000,000 values when aliases are expanded); "
        "use fewer aliases or split the file",
    )


def test_deep_nesting_is_error(tmp_path):
    assert only_problem(tmp_path, "[" * 101 + "]" * 101 + "\n") == (
        1,
        101,
        "values are nested more than 100 levels deep; flatten the structure",
    )


def test_nesting_one_hundred_levels_is_allowed(tmp_path):
    assert load(tmp_path, "[" * 100 + "]" * 100 + "\n").data is not None


def test_deep_nesting_through_alias_is_error_at_the_alias(tmp_path):
    text = "a: &a " + "[" * 60 + "]" * 60 + "\nb: " + "[" * 40 + "*a" + "]" * 40 + "\n"
    assert only_problem(tmp_path, text) == (
        2,
        44,
        "alias '*a' nests values more than 100 levels deep; flatten the structure",
    )


def test_recursive_alias_is_error(tmp_path):
    assert only_problem(tmp_path, "a: &a [1, *a]\n") == (
        1,
        11,
        "alias '*a' is used inside the value it refers to; a value cannot contain itself",
    )


def test_undefined_alias_is_error(tmp_path):
    assert only_problem(tmp_path, "a: *nothing\n") == (
        1,
        4,
        "alias '*nothing' refers to an anchor that is not defined; define '&nothing' before using it",
    )


def test_python_tag_is_error(tmp_path):
    assert only_problem(tmp_path, "a: !!python/object/apply:os.system [ls]\n") == (
        1,
        4,
        "unsupported YAML tag '!!python/object/apply:os.system'; remove it",
    )


def test_custom_tag_is_error(tmp_path):
    assert only_problem(tmp_path, "a: !secret x\n") == (1, 4, "unsupported YAML tag '!secret'; remove it")


def test_set_tag_is_error(tmp_path):
    assert only_problem(tmp_path, "a: !!set {x, y}\n") == (1, 4, "unsupported YAML tag '!!set'; remove it")


def test_list_as_key_is_error(tmp_path):
    assert only_problem(tmp_path, "? [a, b]\n: 1\n") == (
        1,
        3,
        "a list cannot be used as a key; keys must be plain text",
    )


def test_mapping_as_key_is_error(tmp_path):
    assert only_problem(tmp_path, "{a: 1}: x\n") == (1, 1, "a mapping cannot be used as a key; keys must be plain text")


def test_invalid_date_is_error(tmp_path):
    assert only_problem(tmp_path, "decided: 2023-02-30\n") == (
        1,
        10,
        "'2023-02-30' is not a valid date (day is out of range for month); write a real date as "
        "YYYY-MM-DD, or put the value in quotes if it is text",
    )


def test_wrong_value_for_explicit_tag_is_error(tmp_path):
    assert only_problem(tmp_path, "a: !!int many\n") == (1, 4, "'many' is not a valid !!int value")


def test_bad_merge_value_is_error(tmp_path):
    assert only_problem(tmp_path, "a:\n  <<: 5\n") == (
        2,
        7,
        "'<<' (merge key) needs a mapping or a list of mappings, e.g. '<<: *defaults'",
    )


def test_unreadable_file_is_error(tmp_path):
    with pytest.raises(DataErrors) as info:
        load_yaml_file(tmp_path / "missing.yaml", tmp_path)
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("missing.yaml", 1, 1)
    assert problem.message.startswith("cannot read the file: ")


def test_load_yaml_bytes_uses_given_path():
    assert load_yaml_bytes(b"a: 1\n", "data/x.yaml").path == "data/x.yaml"


def test_error_text_has_no_traceback_noise(tmp_path):
    with pytest.raises(DataErrors) as info:
        load(tmp_path, "a: 1\na: 2\n")
    assert str(info.value) == ("data/report.yaml:2:1: error: duplicate key 'a' (first defined on line 1); remove one of them")
