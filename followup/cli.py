"""The command line: `python build.py <command> [options]`.

Commands are registered in `COMMANDS`: each is (name, help, setup), where `setup(parser)` adds
the command's options and returns the function that runs it (`run(args) -> exit code`).
Import heavy modules inside `run`, so `check` stays fast. Adding a command is one function
and one line:

    def _hello(parser):
        parser.add_argument("--name", default="världen")
        def run(args):
            print(f"Hej {args.name}!")
            return EXIT_OK
        return run

    COMMANDS.append(("hello", "say hello", _hello))

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
from typing import Callable

from followup.config import TOOL_ROOT
from followup.errors import DataErrors

from followup.errors import EXIT_DATA, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_OK
from followup.console import report_problems

PROJECT_ROOT = TOOL_ROOT
FORMATS = ("text", "github", "json")

Runner = Callable[[argparse.Namespace], int]
Setup = Callable[[argparse.ArgumentParser], Runner]


# --- Options shared by commands ------------------------------------------------------------


def add_root_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--root",
        type=Path,
        default=PROJECT_ROOT,
        metavar="DIR",
        help="the project folder holding data/ and content/ (default: the folder of build.py)",
    )


def add_problem_options(parser: argparse.ArgumentParser) -> None:
    """--strict and --format, for every command that validates the data."""
    parser.add_argument("--strict", action="store_true", help="treat warnings as errors")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="how problems are printed: text (default), github (Actions annotations) or json",
    )


def load_checked(root: Path):
    """Load and check the project at root: (project, problems). Never raises for bad data."""
    from followup.build.pipeline import check_project

    return check_project(Path(root))


# --- Commands --------------------------------------------------------------------------------


def _check(parser: argparse.ArgumentParser) -> Runner:
    add_problem_options(parser)
    add_root_option(parser)

    def run(args: argparse.Namespace) -> int:
        project, problems = load_checked(args.root)
        files = len({f for bundle in project.reports for f in bundle.source_files})
        return report_problems(problems, fmt=args.format, strict=args.strict, files_checked=files)

    return run


def _schema(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "--check",
        action="store_true",
        help="only check that the committed schemas are current (exit 1 if not)",
    )
    add_root_option(parser)

    def run(args: argparse.Namespace) -> int:
        from followup.model.schema import stale_schemas, write_schemas

        root = Path(args.root)
        if args.check:
            stale = stale_schemas(root)
            for path in stale:
                print(f"{path.relative_to(root).as_posix()}: inaktuell; kör 'python build.py schema'")
            if not stale:
                print("Alla scheman är aktuella.")
            return EXIT_DATA if stale else EXIT_OK
        changed = write_schemas(root)
        for path in changed:
            print(f"skrev {path.relative_to(root).as_posix()}")
        if not changed:
            print("Alla scheman är redan aktuella.")
        return EXIT_OK

    return run


def _pdf(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import pdf  # light: Playwright is imported only when a PDF is printed

    add_root_option(parser)
    return pdf.setup(parser)


def _export(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import export

    add_root_option(parser)
    return export.setup(parser)


def _build(parser: argparse.ArgumentParser) -> Runner:
    add_problem_options(parser)
    add_root_option(parser)
    parser.add_argument("--site-dir", type=Path, default=None, metavar="DIR", help="output folder (default: site/)")
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help="processes for rendering charts")
    from followup.console import add_output_options

    add_output_options(parser)

    def run(args: argparse.Namespace) -> int:
        from followup.build import publish

        return publish.run_build(args, report_problems)

    return run


def _new(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import new as scaffold

    add_root_option(parser)
    return scaffold.setup(parser)


def _import_table(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import import_table as importtable

    add_root_option(parser)
    return importtable.setup(parser)


def _serve(parser: argparse.ArgumentParser) -> Runner:
    from followup.commands import serve

    add_root_option(parser)
    return serve.setup(parser)


#: (name, help, setup). Other modules' commands are added here, one line each.
COMMANDS: list[tuple[str, str, Setup]] = [
    ("check", "validate the data and content without building (exit 1 on errors)", _check),
    ("build", "build the site into site/ (replaced atomically, only when everything succeeded)", _build),
    ("schema", "write the JSON Schemas in schema/ from the models", _schema),
    ("pdf", "print reports to PDF (A4, with metadata and contents) into pdf/", _pdf),
    ("export", "write each report as one self-contained HTML file into export/", _export),
    ("new", "scaffold a new report (draft) from templates/scaffold/: new <organisation>/<report>", _new),
    ("import-table", "turn a table pasted from Word/Excel (or an .xlsx sheet) into YAML", _import_table),
    ("serve", "live preview on http://127.0.0.1:PORT/, rebuilt when data, content or templates change", _serve),
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Follow-up reports: validate the data and build the site.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    seen: set[str] = set()
    for name, help_text, setup in COMMANDS:
        if name in seen:
            continue
        seen.add(name)
        command_parser = sub.add_parser(name, help=help_text, description=help_text)
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
            where = f" (at {Path(last.filename).name}:{last.lineno} in {last.name})"
        sys.stderr.write(
            f"internal error: {type(exc).__name__}: {exc}{where}\n"
            "This is a bug in the tool, not in your data. Run again with FOLLOWUP_DEBUG=1 "
            "for the full traceback, and report it.\n"
        )
    return EXIT_INTERNAL


#: OSError numbers that are the machine's problem (a full disk, a read-only or forbidden folder),
#: not a bug in the tool: (what happened, what to do), in Swedish.
MACHINE_ERRORS = {
    "ENOSPC": ("disken är full", "frigör utrymme på disken och kör kommandot igen"),
    "EDQUOT": ("din diskkvot är slut", "frigör utrymme och kör kommandot igen"),
    "EROFS": ("filsystemet är skrivskyddat", "välj en skrivbar mapp (t.ex. med --site-dir) eller ta bort skrivskyddet"),
    "EACCES": ("behörighet saknas", "ge ditt konto rätt att läsa och skriva där, eller välj en annan mapp (t.ex. med --site-dir)"),
    "EPERM": ("åtgärden är inte tillåten", "ge ditt konto rätt att skriva där, eller välj en annan mapp (t.ex. med --site-dir)"),
    "ENAMETOOLONG": ("filnamnet är för långt", "korta namnen på mapparna och filerna"),
    "EIO": ("läs- eller skrivfel på disken", "kontrollera disken och kör kommandot igen"),
    "EMFILE": ("för många öppna filer", "stäng andra program eller höj gränsen (ulimit -n) och kör kommandot igen"),
}


def machine_problem(exc: OSError) -> str | None:
    """A Swedish message for an OSError that is the machine's problem; None for anything else."""
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    if name not in MACHINE_ERRORS:
        return None
    what, todo = MACHINE_ERRORS[name]
    where = exc.filename if exc.filename is not None else None
    place = f" ({os.fsdecode(where) if isinstance(where, bytes) else where})" if where is not None else ""
    return (
        f"fel: {what}{place}; {todo}. Den publicerade webbplatsen (site/) lämnades orörd."
    )


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 on usage errors
    fmt = getattr(args, "format", "text")
    strict = getattr(args, "strict", False)
    try:
        return int(args.run(args))
    except DataErrors as exc:
        return report_problems(exc.problems, fmt=fmt, strict=strict)
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
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
