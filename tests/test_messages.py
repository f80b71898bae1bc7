"""The tool's messages: Swedish in the code (the msgids), English in the gettext catalogue.

The catalogue must match the code (doc/messages.md: `make messages`), every message must have an
English translation, every message handed to a Problem goes through `_()`, and `check` speaks
Swedish by default and English with --lang en.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from followup import i18n

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "followup"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "en" / "LC_MESSAGES" / "followup.po"
POT = LOCALE / "followup.pot"
#: The keywords of `make messages` (Makefile MESSAGE_KEYWORDS).
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _msgid(message) -> str:
    return message if isinstance(message, str) else message[0]


def _extracted() -> set[str]:
    method_map = [("followup/**.py", "python")]
    found = extract_from_dir(str(REPO), method_map=method_map, keywords=KEYWORDS, comment_tags=())
    messages: set[str] = set()
    for _filename, _lineno, message, _comments, _context in found:
        messages.add(_msgid(message))
    return messages


def _catalog(path: Path):
    with path.open("rb") as fh:
        return read_po(fh, locale="en" if path == PO else None, domain="followup")


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return _extracted()


# --- the catalogue ---------------------------------------------------------------------------


def test_the_template_holds_exactly_the_messages_of_the_code(extracted):
    template = {_msgid(m.id) for m in _catalog(POT) if m.id}
    assert sorted(extracted - template) == [], "messages missing from followup.pot: run `make messages`"
    assert sorted(template - extracted) == [], "messages no longer in the code: run `make messages`"


def test_the_english_catalogue_holds_exactly_the_messages_of_the_code(extracted):
    catalog = _catalog(PO)
    ids = {_msgid(m.id) for m in catalog if m.id}
    assert sorted(extracted - ids) == [], "messages missing from the English .po: run `make messages`"
    assert sorted(ids - extracted) == [], "obsolete messages in the English .po: run `make messages`"
    assert list(catalog.obsolete) == [], "obsolete (#~) entries in the English .po: run `make messages`"


def test_no_english_translation_is_fuzzy():
    fuzzy = [_msgid(m.id) for m in _catalog(PO) if m.id and m.fuzzy]
    assert fuzzy == [], "review these translations and remove their '#, fuzzy' line"


def test_every_message_has_an_english_translation():
    missing = [
        _msgid(m.id)
        for m in _catalog(PO)
        if m.id and not (m.string if isinstance(m.string, str) else all(m.string))
    ]
    assert missing == [], "translate these in followup/locale/en/LC_MESSAGES/followup.po"


def test_translations_keep_the_placeholders_of_their_message():
    wrong = []
    for m in _catalog(PO):
        if not m.id:
            continue
        ids = [m.id] if isinstance(m.id, str) else list(m.id)
        strings = [m.string] if isinstance(m.string, str) else list(m.string)
        wanted = set(re.findall(r"\{(\w*)\}", ids[-1]))
        for text in strings:
            if set(re.findall(r"\{(\w*)\}", text)) != wanted:
                wrong.append(_msgid(m.id))
    assert wrong == []


# --- the mechanism ---------------------------------------------------------------------------


def test_swedish_is_the_default_whatever_the_machine_language(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.setenv("LANGUAGE", "en")
    assert i18n.set_language(None) == "sv"
    assert i18n._("varning") == "varning"


def test_english_translates_a_message_and_its_plural(english):
    assert i18n._("varning") == "warning"
    assert i18n.ngettext("{n} fel", "{n} fel", 1).format(n=1) == "1 error"
    assert i18n.ngettext("{n} fel", "{n} fel", 2).format(n=2) == "2 errors"


def test_an_unknown_language_is_swedish():
    assert i18n.normalise("de_DE.UTF-8") == "sv"
    assert i18n.normalise("en_GB.UTF-8") == "en"


def test_without_the_compiled_catalogue_english_is_read_from_the_po(monkeypatch, tmp_path):
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "followup.po").write_bytes(PO.read_bytes())
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    try:
        i18n.set_language("en")
        assert i18n._("varning") == "warning"
    finally:
        i18n.set_language("sv")
    assert not (folder / "followup.mo").exists()


# --- every message goes through _() -----------------------------------------------------------

#: Calls that take a message a communicator reads: name -> (positional indexes, keywords).
#: None as the indexes: every positional argument (the message is the last or only one).
MESSAGE_CALLS: dict[str, tuple[tuple[int, ...] | None, tuple[str, ...]]] = {
    "Problem": ((3, 5), ("message", "hint")),
    "problem": ((-1,), ("message", "hint")),  # bundle.problem(file, keypath, message), doc.problem(keypath, message)
    "_problem": ((-1,), ("message", "hint")),
    "error": (None, ("message", "hint")),  # loader.error(path, message), reporter.error(message), cells' error
    "warning": (None, ("message", "hint")),
    "warn": (None, ("message", "hint")),
    "CheckResult": ((7,), ("message",)),
    "DataError": ((0,), ("message",)),
}
TRANSLATORS = {"_", "ngettext"}


def _has_words(text: str) -> bool:
    return bool(re.search(r"[A-Za-zÅÄÖåäö]{2,}", text))


def _raw_text(node: ast.AST) -> bool:
    """True when the expression builds text a reader sees without `_()`."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _has_words(str(v.value)) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _raw_text(node.left) or _raw_text(node.right)
    if isinstance(node, ast.IfExp):
        return _raw_text(node.body) or _raw_text(node.orelse)
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id in TRANSLATORS:
            return False
        if isinstance(func, ast.Attribute) and func.attr == "format":
            return _raw_text(func.value)
        if isinstance(func, ast.Attribute) and func.attr == "join":
            return False
    return False


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _unwrapped_messages(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name not in MESSAGE_CALLS:
            continue
        indexes, keywords = MESSAGE_CALLS[name]
        args = node.args if indexes is None else [node.args[i] for i in indexes if -len(node.args) <= i < len(node.args)]
        args = [a for a in args if not isinstance(a, ast.Starred)]
        args += [k.value for k in node.keywords if k.arg in keywords]
        lines += [a.lineno for a in args if _raw_text(a)]
    return lines


def test_every_message_of_a_problem_goes_through_the_catalogue():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        found += [f"{name}:{line}" for line in _unwrapped_messages(ast.parse(path.read_text(encoding="utf-8")))]
    assert found == [], "wrap these messages in _() (followup/i18n.py)"


def test_the_meta_test_finds_an_unwrapped_message():
    code = 'Problem(p, 1, 1, f"okänd nyckel {key}")\nbundle.problem("report.yaml", (), "fel värde")\n'
    assert _unwrapped_messages(ast.parse(code)) == [1, 2]
    wrapped = 'Problem(p, 1, 1, _("okänd nyckel {key}").format(key=key), hint=_("Ta bort den."))\n'
    assert _unwrapped_messages(ast.parse(wrapped)) == []


def test_the_catalogue_functions_get_no_built_text():
    """An f-string, a concatenation or a formatted text inside _() never matches the catalogue (the
    text is formatted after translation). A variable is allowed: it holds a text marked with N_()."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in TRANSLATORS | {"N_"}:
                texts = node.args[:2] if node.func.id == "ngettext" else node.args[:1]
                if any(isinstance(a, (ast.JoinedStr, ast.BinOp, ast.Call)) for a in texts):
                    found.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
                if node.func.id == "N_" and not all(isinstance(a, ast.Constant) for a in texts):
                    found.append(f"{path.relative_to(REPO).as_posix()}:{node.lineno}")
    assert found == []


# --- check in Swedish, and in English with --lang en --------------------------------------------

#: Words that betray an untranslated message in Swedish output.
ENGLISH_WORDS = re.compile(
    r"\b(error|warning|unknown|expected|must|should|the|is not|missing|found|did you mean|invalid|"
    r"required|number|cannot|value|list|mapping|file|not|one of|only|at least|at most)\b",
    re.IGNORECASE,
)
#: Words that betray a Swedish message in English output.
SWEDISH_WORDS = re.compile(r"\b(fel|varning|okänd|saknas|förväntade|måste|finns inte|menade du|är inte)\b", re.IGNORECASE)

SEVERAL_ERRORS = {
    # an unknown key, a value outside a list of choices, a wrong type and a missing required key
    "data/org/rep/report.yaml": """\
        title: Testrapport
        document_type: slutrapport2
        status: utkast
        period: 2020–2023
        summary: Text.
        bogus: 1
        """,
    "data/org/rep/goals.yaml": """\
        perspectives:
          - id: a
            title: Område
            goals:
              - id: g1
                title: Mål
                assessment: kanske
              - id: g2
        """,
    # a stated total that the values do not give
    "data/org/rep/surveys.yaml": """\
        surveys:
          - id: enkat
            title: Enkät
            questions: [{id: q, text: Fråga}]
            rounds:
              - period: 2022
                units: [{unit: AVF, respondents: 1, scores: {q: 8}}, {unit: BUF, respondents: 3, scores: {q: 9}}]
                stated_total: {respondents: 5, scores: {q: '8,50'}}
        """,
}


def _located_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if re.match(r"^data/\S+:\d+:\d+: ", line)]


def test_check_prints_located_swedish_lines_without_english_words(make_project, run_build):
    root = make_project(SEVERAL_ERRORS)
    result = run_build("check", "--root", str(root))
    assert result.returncode == 1
    lines = _located_lines(result.stdout)
    assert len(lines) >= 4, result.stdout
    for line in lines:
        message = line.split(": ", 1)[1]
        assert message.startswith(("fel: ", "varning: ")), line
        assert not ENGLISH_WORDS.search(message.split(": ", 1)[1]), line
    assert not ENGLISH_WORDS.search(result.stdout.splitlines()[-1])


def test_check_with_lang_en_prints_english(make_project, run_build):
    root = make_project(SEVERAL_ERRORS)
    result = run_build("--lang", "en", "check", "--root", str(root))
    assert result.returncode == 1
    lines = _located_lines(result.stdout)
    assert len(lines) >= 4, result.stdout
    for line in lines:
        message = line.split(": ", 1)[1]
        assert message.startswith(("error: ", "warning: ")), line
        assert not SWEDISH_WORDS.search(message.split(": ", 1)[1]), line
    assert result.stdout.splitlines()[-1].endswith("in 3 files.")


def test_the_environment_variable_chooses_english_too(make_project, run_build):
    result = run_build("check", "--root", str(make_project()), env={"FOLLOWUP_LANG": "en"})
    assert result.stdout == "No errors or warnings (2 files checked).\n"


def test_lang_after_the_command_is_accepted(make_project, run_build):
    result = run_build("check", "--root", str(make_project()), "--lang", "en")
    assert result.stdout == "No errors or warnings (2 files checked).\n"


def test_help_is_swedish_by_default_and_english_with_lang_en(run_build):
    swedish = run_build("check", "--help").stdout
    english = run_build("--lang", "en", "check", "--help").stdout
    assert swedish.startswith("användning: build.py check")
    assert "räkna varningar som fel" in swedish
    assert english.startswith("usage: build.py check")
    assert "treat warnings as errors" in english


def test_the_english_catalogue_compiles_without_errors():
    """`make venv` compiles it (pybabel compile): a placeholder check that fails there fails a fresh set-up."""

    with open(LOCALE / "en" / "LC_MESSAGES" / "followup.po", "rb") as fh:
        catalog = read_po(fh)
    errors = [(message.id, [str(e) for e in errs]) for message, errs in catalog.check()]
    assert errors == []
