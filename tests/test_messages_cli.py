"""The command line in Swedish: every --help, argparse's own words (usage, errors), import-table's
problems, the serve banner and the YAML mistakes; English with --lang en (doc/messages.md)."""

from __future__ import annotations

import inspect
import re
import shutil
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from followup import cli, i18n
from followup.commands import serve
from followup.model.yamlmistakes import find_mistake

ARGPARSE_PO = i18n.LOCALE_DIR / "sv" / "LC_MESSAGES" / "argparse.po"

#: Words that betray English in a Swedish help text (argparse's own words and the options' help).
ENGLISH_HELP = re.compile(
    r"\b(the|usage|options|show this help|default|positional|arguments|for|instead|every|write|only|"
    r"with|when|from|file|folder|report|error)\b",
    re.IGNORECASE,
)
COMMANDS = [name for name, _help, _setup in cli.COMMANDS]


@pytest.fixture(autouse=True)
def swedish_afterwards():
    yield
    i18n.set_language("sv")


def _help(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        cli.main([*args, "--help"])
    assert exit_.value.code == 0
    return capsys.readouterr().out


def _usage_error(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        cli.main(list(args))
    assert exit_.value.code == 2
    return capsys.readouterr().err


# --- --help ------------------------------------------------------------------------------------


def test_the_main_help_has_no_english_words(capsys):
    text = _help(capsys)
    assert text.startswith("användning: build.py")
    assert ENGLISH_HELP.findall(text) == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_help_is_swedish(capsys, command):
    text = _help(capsys, command)
    assert text.startswith(f"användning: build.py {command}")
    assert "visa den här hjälpen och avsluta" in text
    assert ENGLISH_HELP.findall(text) == [], text


@pytest.mark.parametrize("command", ["new", "pdf", "serve", "import-table"])
def test_a_command_help_is_english_with_lang_en(capsys, command):
    text = _help(capsys, "--lang", "en", command)
    assert text.startswith(f"usage: build.py {command}")
    assert "show this help message and exit" in text
    assert not re.search(r"\b(och|eller|för|standard:|rapporten)\b", text), text


def test_option_help_of_new_is_swedish_and_english_with_lang_en(capsys):
    assert "--title TITEL         rapportens titel" in _help(capsys, "new")
    assert "the report's title" in _help(capsys, "--lang", "en", "new")


#: The placeholders of the options (metavars), Swedish by default.
SWEDISH_METAVARS = re.compile(r"\b(MAPP|FIL|BLAD|TITEL|ENHET|NAMN|DEL|SEKUNDER|KOMMANDO|RAPPORT)\b")


@pytest.mark.parametrize("command", COMMANDS)
def test_a_commands_placeholders_are_english_with_lang_en(capsys, command):
    text = _help(capsys, "--lang", "en", command)
    assert SWEDISH_METAVARS.findall(text) == [], text


def test_the_placeholders_are_swedish_and_english_with_lang_en(capsys):
    def usage(*args: str) -> str:
        return " ".join(_help(capsys, *args).split("\n\n")[0].split())

    assert usage("pdf").endswith("[--root MAPP] [--all] [--site-dir MAPP] [-o MAPP] [ORGANISATION/RAPPORT]")
    assert usage("--lang", "en", "pdf").endswith(
        "[--root FOLDER] [--all] [--site-dir FOLDER] [-o FOLDER] [ORGANISATION/REPORT]"
    )
    assert usage("--lang", "en") == "usage: build.py [-h] [--lang {sv,en}] COMMAND ..."


# --- argparse's own words -------------------------------------------------------------------------


def test_an_unknown_command_is_a_swedish_error(capsys):
    err = _usage_error(capsys, "bogus")
    assert err.startswith("användning: build.py")
    assert err.splitlines()[-1].startswith("build.py: fel: okänt kommando 'bogus' (välj bland check, build, ")


def test_an_unknown_option_is_a_swedish_error(capsys):
    assert _usage_error(capsys, "check", "--bogus").splitlines()[-1] == "build.py: fel: okända argument: --bogus"


def test_a_missing_required_option_is_a_swedish_error(capsys):
    last = _usage_error(capsys, "import-table").splitlines()[-1]
    assert last == "build.py import-table: fel: följande argument krävs: --kind"


def test_a_wrong_option_value_is_a_swedish_error(capsys):
    last = _usage_error(capsys, "serve", "--port").splitlines()[-1]
    assert last == "build.py serve: fel: --port: väntade ett värde"


def test_usage_errors_are_english_with_lang_en(capsys):
    assert _usage_error(capsys, "--lang", "en", "check", "--bogus").splitlines()[-1] == (
        "build.py: error: unrecognized arguments: --bogus"
    )
    assert _usage_error(capsys, "--lang", "en", "bogus").splitlines()[-1].startswith(
        "build.py: error: unknown command 'bogus' (choose from check, "
    )


def test_the_argparse_catalogue_translates_every_message_of_this_pythons_argparse():
    import argparse

    source = inspect.getsourcefile(argparse)
    assert source is not None
    wanted = {
        message if isinstance(message, str) else message[0]
        for _line, message, _comments, _context in extract_from_file(
            "python", source, keywords={"_": None, "ngettext": (1, 2)}
        )
    }
    with ARGPARSE_PO.open("rb") as fh:
        catalog = read_po(fh, locale="sv", domain="argparse")
    translated = {
        (m.id if isinstance(m.id, str) else m.id[0])
        for m in catalog
        if m.id and (m.string if isinstance(m.string, str) else all(m.string))
    }
    assert sorted(wanted - translated) == [], "translate these in followup/locale/sv/LC_MESSAGES/argparse.po"


def test_the_argparse_catalogue_compiles_without_errors():
    with ARGPARSE_PO.open("rb") as fh:
        catalog = read_po(fh, locale="sv", domain="argparse")
    assert [(m.id, [str(e) for e in errors]) for m, errors in catalog.check()] == []


def test_without_the_compiled_argparse_catalogue_swedish_is_read_from_the_po(monkeypatch, tmp_path: Path):
    import argparse

    folder = tmp_path / "sv" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(ARGPARSE_PO, folder / "argparse.po")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.set_language("sv")
    assert argparse._("unrecognized arguments: %s") == "okända argument: %s"  # type: ignore[attr-defined]
    i18n.set_language("en")
    assert argparse._("unrecognized arguments: %s") == "unrecognized arguments: %s"  # type: ignore[attr-defined]
    assert not (folder / "argparse.mo").exists()


# --- import-table, yamlmistakes, serve ---------------------------------------------------------------

BAD_TABLE = "Enhet\tResultat\nAVF\t3\n"


def test_an_import_table_data_error_is_swedish_and_located():
    from followup.commands.import_table.cells import Options
    from followup.commands.import_table.output import convert
    from followup.commands.import_table.read import TableError, read_text
    from followup.errors import format_text

    with pytest.raises(TableError) as caught:
        convert(read_text(BAD_TABLE), Options(kind="per-unit"), Path("."))
    assert [format_text(p) for p in caught.value.problems] == [
        "<stdin>:1:2: fel: hittar ingen period i kolumnrubriken \"Resultat\"; skriv den som 'Resultat 2022' eller '2022 apr–dec'"
    ]


def test_an_import_table_data_error_is_english_with_lang_en():
    from followup.commands.import_table.cells import Options
    from followup.commands.import_table.output import convert
    from followup.commands.import_table.read import TableError, read_text
    from followup.errors import format_text

    i18n.set_language("en")
    with pytest.raises(TableError) as caught:
        convert(read_text(BAD_TABLE), Options(kind="per-unit"), Path("."))
    assert [format_text(p) for p in caught.value.problems] == [
        "<stdin>:1:2: error: cannot find a period in the column heading \"Resultat\"; write it like 'Resultat 2022' "
        "or '2022 apr–dec'"
    ]


UNCLOSED_QUOTE = 'title: "Rapport\nsummary: Text.\nstatus: utkast\n'


def test_a_yaml_mistake_is_swedish():
    mistake = find_mistake(UNCLOSED_QUOTE, 1)
    assert mistake is not None and (mistake.line, mistake.column) == (0, 7)
    assert mistake.message == (
        'citattecknet som börjar här stängs aldrig: lägg till " i slutet av texten '
        '(skriv \\" för ett citattecken inne i texten)'
    )


def test_a_yaml_mistake_is_english_with_lang_en():
    i18n.set_language("en")
    mistake = find_mistake(UNCLOSED_QUOTE, 1)
    assert mistake is not None
    assert mistake.message == (
        'the quote that starts here is never closed: add " at the end of the text (write \\" for a quote inside the text)'
    )


def _state(**kw):
    return {"generation": 1, "has_site": True, "building": False, "errors": [], "failure": None, **kw}


def test_the_serve_banner_is_swedish():
    banner = serve.banner_html(_state(errors=["data/a/b/report.yaml:3:7: fel: x"]))
    assert 'lang="sv"' in banner
    assert "<h2>Förhandsvisning: 1 fel i data eller mallar</h2>" in banner
    assert "Rätta felen i filen och raden som anges" in banner
    assert "Sidan nedan är den senaste versionen som gick att bygga." in banner


def test_the_serve_banner_is_english_with_lang_en():
    i18n.set_language("en")
    banner = serve.banner_html(_state(errors=["a:1:1: error: x", "b:1:1: error: y"], has_site=False))
    assert 'lang="en"' in banner
    assert "<h2>Preview: 2 errors in data or templates</h2>" in banner
    assert "The site cannot be built until the errors are fixed." in banner


def test_the_building_banner_and_the_preview_pages_are_swedish():
    assert "Förhandsvisningen byggs …" in serve.banner_html(_state(building=True, has_site=False))
    assert "<h1>Sidan finns inte</h1>" in serve.not_found_page()
    assert "Sidan laddas om av sig själv." in serve.placeholder_page(_state(building=True))
