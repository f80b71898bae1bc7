"""YAML mistakes are reported at the line the author must fix, with the fix in Swedish.

One minimal file per mistake in tests/fixtures/yamlmistakes/.
"""

from pathlib import Path

import pytest

from followup.errors import DataErrors
from followup.model.yamlmistakes import find_mistake
from followup.model.yamlsource import load_yaml_bytes, load_yaml_file

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "yamlmistakes"

EXPECTED = {
    "unclosed-double-quote.yaml": (
        2,
        10,
        'citattecknet som börjar här stängs aldrig: lägg till " i slutet av texten (skriv \\" för ett citattecken inne i texten)',
    ),
    "unclosed-single-quote.yaml": (
        2,
        10,
        "citattecknet som börjar här stängs aldrig: lägg till ' i slutet av texten (skriv '' för en apostrof inne i texten)",
    ),
    "unclosed-bracket.yaml": (
        2,
        11,
        "hakparentesen [ (en lista) som börjar här stängs aldrig: lägg till ] efter det sista värdet",
    ),
    "unclosed-brace.yaml": (
        2,
        11,
        "klamrarna { (en samling nycklar) som börjar här stängs aldrig: lägg till } efter det sista värdet",
    ),
    "tab-indentation.yaml": (
        4,
        1,
        "tabbtecken i indraget: YAML tillåter bara mellanslag för indrag; ersätt tabben med mellanslag",
    ),
    "missing-space-after-colon.yaml": (2, 7, 'mellanslag saknas efter kolonet: skriv "period: 2023"'),
    "colon-in-unquoted-text.yaml": (
        1,
        11,
        'texten innehåller ": " men saknar citattecken, så YAML läser den som en ny nyckel: sätt hela texten '
        'inom citattecken, t.ex. title: "Mål: bättre service"',
    ),
    "indented-too-far.yaml": (
        4,
        4,
        "fel indrag: raden är indragen 3 mellanslag, men raden ovanför (rad 3) har redan ett värde och kan inte "
        'ha något under sig; dra in raden 2 mellanslag, som "body:" på rad 3',
    ),
    "indented-too-little.yaml": (
        4,
        2,
        'fel indrag: raden är indragen 1 mellanslag, men raderna ovanför är indragna 2 (som "body:" på rad 3) '
        'eller 0 (som "title:" på rad 1); dra in raden lika mycket som raderna den hör ihop med',
    ),
    "list-item-among-keys.yaml": (
        3,
        1,
        'en listpunkt ("- ") där en nyckel väntades: raderna ovanför med samma indrag är nycklar '
        '(som "title:" på rad 1); skriv "nyckel: värde", eller dra in listan under en nyckel som slutar med kolon',
    ),
    "key-among-list-items.yaml": (
        4,
        3,
        'en nyckel där en listpunkt väntades: raderna ovanför med samma indrag är listpunkter ("- " på rad 2); '
        'börja raden med "- " om den är en ny punkt, eller dra in den lika mycket som texten i punkten ovanför',
    ),
    "text-after-closing-quote.yaml": (
        1,
        22,
        "texten fortsätter efter citattecknet som avslutar den: sätt hela texten inom citattecken och "
        'skriv \\" för ett citattecken inne i texten',
    ),
    "line-without-colon.yaml": (
        3,
        1,
        'raden saknar kolon: skriv "nyckel: värde", eller dra in texten mer än "summary:" '
        "om den fortsätter värdet på raden ovanför",
    ),
    "duplicate-key.yaml": (3, 1, "duplicate key 'title' (first defined on line 1); remove one of them"),
}


def only_problem(raw: bytes, name: str = "report.yaml") -> tuple[int, int, str]:
    with pytest.raises(DataErrors) as info:
        load_yaml_bytes(raw, name)
    (problem,) = info.value.problems
    return problem.line, problem.column, problem.message


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake_is_reported_where_the_author_must_fix_it(name):
    assert only_problem((FIXTURES / name).read_bytes()) == EXPECTED[name]


def test_every_fixture_has_an_expectation():
    assert sorted(p.name for p in FIXTURES.glob("*.yaml")) == sorted(EXPECTED)


def test_unclosed_quote_deep_in_a_long_file_is_reported_on_its_own_line():
    """The parser gives up on a later line (here 8 lines on); the quote's line is reported."""
    lines = [f"key{n}: value {n}" for n in range(1, 139)]
    lines += ['title: "Servicenämndens mål', "decision:", "  body: Servicenämnden", "  date: 2024-01-29"]
    lines += ["goals:", "  - id: a", '    title: "Kortare väntetider"', "    kind: mål"]
    problem = only_problem(("\n".join(lines) + "\n").encode())
    assert problem[:2] == (139, 8)
    assert problem[2].startswith("citattecknet som börjar här stängs aldrig")


def test_unclosed_quote_in_a_bundled_report_is_reported_on_its_line(tmp_path):
    source = REPO / "data" / "lund" / "samordnade-servicetjanster" / "report.yaml"
    lines = source.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("title: "))
    lines[index] = 'title: "' + lines[index][len("title: ") :].strip().strip("\"'")
    broken = tmp_path / "data" / "report.yaml"
    broken.parent.mkdir(parents=True)
    broken.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_yaml_file(broken, tmp_path)
    (problem,) = info.value.problems
    assert (problem.path, problem.line, problem.column) == ("data/report.yaml", index + 1, 8)


def test_legitimate_multi_line_values_are_not_mistakes():
    text = 'a: "x\n  y"\nb: [1,\n  2]\nc: |\n  d: e\n   f\ng: h\n  i\n'
    assert load_yaml_bytes(text.encode(), "x.yaml").data == {"a": "x y", "b": [1, 2], "c": "d: e\n f\n", "g": "h i"}
    assert find_mistake(text, 8) is None


@pytest.mark.parametrize(
    "path",
    sorted(p for folder in ("data", "templates") for p in (REPO / folder).rglob("*.yaml")),
    ids=lambda p: p.relative_to(REPO).as_posix(),
)
def test_no_mistake_is_found_in_bundled_yaml(path):
    """The line-by-line reading agrees with the parser on every valid file the project ships."""
    text = path.read_text(encoding="utf-8")
    assert find_mistake(text, len(text.split("\n"))) is None


def test_a_mistake_the_parser_does_not_confirm_is_not_reported():
    """A plain `a:b` in a list is text, not a missing space, so the parser's own message stays."""
    text = "- a:b\n- [1, 2\n"
    problem = only_problem(text.encode())
    assert problem[:2] == (2, 3)
