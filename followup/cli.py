"""The command line: `python build.py <command> [options]`.

Commands are registered in `COMMANDS`: each is (name, help, setup), where `setup(parser)` adds
the command's options (--help, --lang and --root are every command's) and returns the function
that runs it (`run(args) -> exit code`).
Import heavy modules inside `run`, so `check` stays fast. Adding a command is one function
and one line:

    def _hello(parser):
        parser.add_argument("--name", default="världen")
        def run(args):
            print(f"Hej {args.name}!")
            return EXIT_OK
        return run

    COMMANDS.append(("hello", N_("säg hej"), _hello))

Exit codes (documented in the README):

    0  success; `check`: no errors (warnings are printed but do not fail, unless --strict)
    1  errors in the data or content (each printed as path:line:col: severity: message)
    2  usage error (unknown command or option; argparse prints the usage)
    3  internal error: a bug in the tool, not in the data; a one-line summary is printed,
       set FOLLOWUP_DEBUG=1 for the full traceback
    130 interrupted (Ctrl-C)

Bad data never gives a traceback: problems are collected and printed (`DataErrors` raised by
any command is caught here and printed the same way).

Output formats (`--format`): `text` (default; one problem per line, grouped by file, then a
summary in Swedish: "2 fel, 1 varning i 3 filer"), `github` (GitHub Actions annotations
`::error file=…,line=…,col=…::message`), `json` (an object with the counts and every problem).
Colour is used in text output on a terminal unless NO_COLOR is set.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable

from followup.commands.options import (
    add_jobs_option,
    add_problem_options,
    add_report_argument,
    add_root_option,
    add_site_dir_option,
)
from followup.console import report_problems
from followup.errors import EXIT_DATA, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK, DataErrors
from followup.i18n import ENV_VARIABLE, LANGUAGES, N_, _, set_language

Runner = Callable[[argparse.Namespace], int]
Setup = Callable[[argparse.ArgumentParser], Runner]


# --- Options shared by commands ------------------------------------------------------------


def load_checked(root: Path, only: set[tuple[str, str]] | None = None):
    """Load and check the project at root (or only the given reports): (project, problems).
    Never raises for bad data."""
    from followup.build.pipeline import check_project  # deferred: a command imports only what it runs (start-up time)

    return check_project(Path(root), only=only)


def report_only(parser_name: str, text: str | None, root: Path) -> set[tuple[str, str]] | None:
    """{(org, report)} for a report argument, None without one; exits 2 (usage) for a report that
    does not exist."""
    if not text:
        return None
    from followup.build.pipeline import (
        parse_report_key,
    )  # deferred: a command imports only what it runs (start-up time)

    key = parse_report_key(text)
    if key is None or not (Path(root) / "data" / key[0] / key[1]).is_dir():
        message = _("det finns ingen rapport '{report}' (ange ORGANISATION/RAPPORT, mappen under data/)").format(report=text)
        sys.stderr.write(f"build.py {parser_name}: {message}\n")
        raise SystemExit(2)
    return {key}


# --- Commands --------------------------------------------------------------------------------


def _check(parser: argparse.ArgumentParser) -> Runner:
    add_report_argument(parser, _("kontrollera bara den här rapporten (dess mapp under data/, t.ex. {report})"))
    add_problem_options(parser)

    def run(args: argparse.Namespace) -> int:
        project, problems = load_checked(args.root, report_only("check", args.report, args.root))
        files = len({f for bundle in project.reports for f in bundle.source_files})
        return report_problems(problems, fmt=args.format, strict=args.strict, files_checked=files)

    return run


def _schema(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "--check",
        action="store_true",
        help=_("kontrollera bara att de incheckade schemana är aktuella (slutkod 1 om inte)"),
    )

    def run(args: argparse.Namespace) -> int:
        from followup.model.schema import (  # deferred: a command imports only what it runs (start-up time)
            stale_schemas,
            write_schemas,
        )

        root = Path(args.root)
        if args.check:
            stale = stale_schemas(root)
            for path in stale:
                print(_("{path}: inaktuell; kör 'python build.py schema'").format(path=path.relative_to(root).as_posix()))
            if not stale:
                print(_("Alla scheman är aktuella."))
            return EXIT_DATA if stale else EXIT_OK
        changed = write_schemas(root)
        for path in changed:
            print(_("skrev {path}").format(path=path.relative_to(root).as_posix()))
        if not changed:
            print(_("Alla scheman är redan aktuella."))
        return EXIT_OK

    return run


def _pdf(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import pdf  # light: Playwright is imported only when a PDF is printed

    return pdf.setup(parser)


def _export(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import export  # deferred: a command imports only what it runs (start-up time)

    return export.setup(parser)


def _build(parser: argparse.ArgumentParser) -> Runner:
    add_problem_options(parser)
    add_site_dir_option(parser)
    add_jobs_option(parser)
    parser.add_argument("--utkast", action="store_true", help=_("publicera även rapporter med status utkast"))
    parser.add_argument(
        "--shard",
        type=_shard,
        default=None,
        metavar="I/N",
        help=_("bygg bara del I av N (var N:e organisation); slå ihop delarna med merge-shards"),
    )
    from followup.console import add_output_options  # deferred: a command imports only what it runs (start-up time)

    add_output_options(parser)

    def run(args: argparse.Namespace) -> int:
        from followup.build import publish  # deferred: a command imports only what it runs (start-up time)

        return publish.run_build(args, report_problems)

    return run


def _shard(text: str) -> tuple[int, int]:
    from followup.build.shards import parse_shard  # deferred: a command imports only what it runs (start-up time)

    found = parse_shard(text)
    if found is None:
        raise argparse.ArgumentTypeError(_("'{text}' är ingen del; ange I/N med 1 ≤ I ≤ N, t.ex. 2/8").format(text=text))
    return found


def _merge_shards(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import shards  # deferred: a command imports only what it runs (start-up time)

    add_problem_options(parser)
    return shards.setup(parser)


def _new(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import new as scaffold  # deferred: a command imports only what it runs (start-up time)

    return scaffold.setup(parser)


def _import_table(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands.import_table import (  # deferred: a command imports only what it runs (start-up time)
        command as importtable,  # deferred: a command imports only what it runs (start-up time)
    )

    return importtable.setup(parser)


def _serve(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import serve  # deferred: a command imports only what it runs (start-up time)

    return serve.setup(parser)


#: (name, help, setup). Other modules' commands are added here, one line each. The help is marked
#: with N_ and translated when the parser is built (after --lang is read).
COMMANDS: list[tuple[str, str, Setup]] = [
    ("check", N_("kontrollera data och texter utan att bygga (slutkod 1 vid fel)"), _check),
    ("build", N_("bygg webbplatsen i site/ (byts ut i ett svep, bara när allt lyckades)"), _build),
    ("schema", N_("skriv JSON-scheman i schema/ från modellerna"), _schema),
    ("pdf", N_("skriv ut rapporter som PDF (A4, med metadata och innehållsförteckning) i pdf/"), _pdf),
    ("export", N_("skriv varje rapport som en fristående HTML-fil i export/"), _export),
    ("new", N_("skapa en ny rapport (utkast): new <organisation>/<rapport>"), _new),
    ("import-table", N_("gör om en tabell inklistrad från Word/Excel (eller ett .xlsx-blad) till YAML"), _import_table),
    ("merge-shards", N_("slå ihop delar byggda med build --shard till en webbplats med ett sökindex"), _merge_shards),
    ("serve", N_("förhandsvisning på http://127.0.0.1:PORT/, byggs om när data, texter eller mallar ändras"), _serve),
]


class SwedishHelpFormatter(argparse.HelpFormatter):
    """argparse's own words in Swedish (the rest of the help text is the commands' own)."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        return super().add_usage(usage, actions, groups, prefix if prefix is not None else _("användning: "))


class Parser(argparse.ArgumentParser):
    """argparse's parser; its own words come from the argparse catalogue (followup/i18n.py), and an
    unknown command is named as one instead of as an invalid value of the KOMMANDO argument."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if isinstance(action, argparse._SubParsersAction) and action.choices is not None and value not in action.choices:
            commands = ", ".join(str(name) for name in action.choices)
            raise argparse.ArgumentError(
                None, _("okänt kommando '{command}' (välj bland {commands})").format(command=value, commands=commands)
            )
        super()._check_value(action, value)


def _add_help(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-h", "--help", action="help", help=_("visa den här hjälpen och avsluta"))


def add_language_option(parser: argparse.ArgumentParser, default: Any = None) -> None:
    """--lang, accepted before and after the command (read before the parser is built, so the help
    is in the chosen language too; see `language_from_argv`)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=_("meddelandenas språk: sv (standard) eller en (engelska, för utvecklare); även {variable}=en").format(
            variable=ENV_VARIABLE
        ),
    )


def language_from_argv(argv: list[str]) -> str | None:
    """The value of --lang anywhere on the command line (the last one wins); None without one."""
    found = None
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            found = argv[index + 1]
        elif arg.startswith("--lang="):
            found = arg.partition("=")[2]
    return found


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        add_help=False,
        formatter_class=SwedishHelpFormatter,
        prog="build.py",
        description=_("Uppföljningar och rapporter: kontrollera data och bygg webbplatsen."),
        epilog=_("Skriv build.py KOMMANDO --help för kommandots val. Mer i README.md."),
    )
    parser._positionals.title = _("kommandon")
    parser._optionals.title = _("val")
    _add_help(parser)
    add_language_option(parser)
    sub = parser.add_subparsers(dest="command", metavar=_("KOMMANDO"))
    seen: set[str] = set()
    for name, help_text, setup in COMMANDS:
        if name in seen:
            continue
        seen.add(name)
        command_parser = sub.add_parser(
            name, help=_(help_text), description=_(help_text), add_help=False, formatter_class=SwedishHelpFormatter
        )
        command_parser._positionals.title = _("argument")
        command_parser._optionals.title = _("val")
        _add_help(command_parser)
        add_language_option(command_parser, default=argparse.SUPPRESS)
        add_root_option(command_parser)  # every command works on a project folder
        command_parser.set_defaults(run=setup(command_parser))
    return parser


def _internal_error(exc: BaseException) -> int:
    if os.environ.get("FOLLOWUP_DEBUG"):
        traceback.print_exc()
    else:
        frames = traceback.extract_tb(exc.__traceback__)
        where = ""
        if frames:
            last = frames[-1]
            where = " " + _("(i {file}:{line} i {function})").format(
                file=Path(last.filename).name, line=last.lineno, function=last.name
            )
        sys.stderr.write(
            _("internt fel: {error}{where}").format(error=f"{type(exc).__name__}: {exc}", where=where)
            + "\n"
            + _(
                "Det här är ett fel i verktyget, inte i dina data. Kör igen med FOLLOWUP_DEBUG=1 "
                "för hela spårningen (traceback) och rapportera felet."
            )
            + "\n"
        )
    return EXIT_INTERNAL


#: OSError numbers that are the machine's problem (a full disk, a read-only or forbidden folder),
#: not a bug in the tool: (what happened, what to do), in Swedish.
MACHINE_ERRORS = {
    "ENOSPC": (N_("disken är full"), N_("frigör utrymme på disken och kör kommandot igen")),
    "EDQUOT": (N_("din diskkvot är slut"), N_("frigör utrymme och kör kommandot igen")),
    "EROFS": (N_("filsystemet är skrivskyddat"), N_("välj en skrivbar mapp (t.ex. med --site-dir) eller ta bort skrivskyddet")),
    "EACCES": (
        N_("behörighet saknas"),
        N_("ge ditt konto rätt att läsa och skriva där, eller välj en annan mapp (t.ex. med --site-dir)"),
    ),
    "EPERM": (
        N_("åtgärden är inte tillåten"),
        N_("ge ditt konto rätt att skriva där, eller välj en annan mapp (t.ex. med --site-dir)"),
    ),
    "ENAMETOOLONG": (N_("filnamnet är för långt"), N_("korta namnen på mapparna och filerna")),
    "EIO": (N_("läs- eller skrivfel på disken"), N_("kontrollera disken och kör kommandot igen")),
    "EMFILE": (N_("för många öppna filer"), N_("stäng andra program eller höj gränsen (ulimit -n) och kör kommandot igen")),
}


def machine_problem(exc: OSError) -> str | None:
    """A Swedish message for an OSError that is the machine's problem; None for anything else."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name not in MACHINE_ERRORS:
        return None
    what, todo = (_(text) for text in MACHINE_ERRORS[name])
    where = exc.filename if exc.filename is not None else None
    place = f" ({os.fsdecode(where) if isinstance(where, bytes) else where})" if where is not None else ""
    return _("fel: {what}{place}; {todo}. Den publicerade webbplatsen (site/) lämnades orörd.").format(
        what=what, place=place, todo=todo
    )


def main(argv: list[str] | None = None) -> int:
    # The language first, so the help and argparse's own messages are in it too.
    # Every run sets it (FOLLOWUP_LANG when there is no --lang; Swedish by default), so a run in the
    # same process never inherits the previous run's language.
    language = language_from_argv(sys.argv[1:] if argv is None else list(argv))
    set_language(language if language in LANGUAGES else os.environ.get(ENV_VARIABLE))
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    if args.command is None:  # `python build.py` alone: what can I do here?
        parser.print_help()
        return EXIT_OK
    fmt = getattr(args, "format", "text")
    strict = getattr(args, "strict", False)
    try:
        return int(args.run(args))
    except DataErrors as exc:
        return report_problems(exc.problems, fmt=fmt, strict=strict)
    except KeyboardInterrupt:
        sys.stderr.write(_("avbrutet") + "\n")
        return EXIT_INTERRUPTED
    except OSError as exc:  # a full disk, a read-only folder: the machine's problem, not a bug
        message = machine_problem(exc)
        if message is None:
            return _internal_error(exc)
        if os.environ.get("FOLLOWUP_DEBUG"):
            traceback.print_exc()
        sys.stderr.write(f"build.py {getattr(args, 'command', '')}: {message}\n")
        return EXIT_DATA
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        return _internal_error(exc)
