"""The `import-table` command: options, reading the input, printing YAML or located problems."""

from __future__ import annotations

import argparse
import sys
from dataclasses import fields
from pathlib import Path
from typing import Any

from followup.commands.import_table.cells import Options
from followup.commands.import_table.constants import KINDS, MEASURE_UNITS
from followup.commands.import_table.output import convert, header_lines, to_yaml
from followup.commands.import_table.read import TableError, read_text, read_xlsx
from followup.console import report_problems
from followup.errors import format_text
from followup.i18n import _

# --- the command ---------------------------------------------------------------------------------


def setup(parser: argparse.ArgumentParser) -> Any:
    parser.add_argument(
        "input",
        nargs="?",
        default="-",
        metavar=_("FIL"),
        help=_("en .txt/.tsv-fil eller en .xlsx-arbetsbok; - eller inget: standard in (klistra in)"),
    )
    parser.add_argument("--kind", required=True, choices=KINDS, help=_("vad tabellen är (se skrivguiden)"))
    parser.add_argument(
        "--sheet", metavar=_("BLAD"), help=_("bladet i en .xlsx-arbetsbok (namn eller nummer; standard: det aktiva bladet)")
    )
    parser.add_argument("--id", help=_("id för tabellen, enkäten eller indikatorn (standard: gjort av titeln)"))
    parser.add_argument("--title", metavar=_("TITEL"), help=_("titeln (standard: tabellens rubrik eller första kolumnrubrik)"))
    parser.add_argument(
        "--unit",
        metavar=_("ENHET"),
        help=_("talens enhet: {units} (standard: utläst ur tabellen, t.ex. procent eller SEK)").format(
            units=", ".join(MEASURE_UNITS)
        ),
    )
    parser.add_argument("--period", help=_("perioden, när rubrikerna inte anger den (t.ex. '2022 apr–dec')"))
    parser.add_argument(
        "--organisation", metavar="ORG", help=_("översätt enheternas namn till koderna i data/ORG/organisation.yaml")
    )
    parser.add_argument(
        "--direction",
        choices=("higher_is_better", "lower_is_better", "neutral"),
        help=_("indikator: om ett högre värde är bättre"),
    )
    parser.add_argument("--no-header", action="store_true", help=_("med --kind table: första raden är data, inte rubriker"))
    parser.add_argument(
        "-o", "--output", type=Path, metavar=_("FIL"), help=_("skriv YAML till den här filen i stället för till standard ut")
    )
    parser.add_argument("--force", action="store_true", help=_("med --output: ersätt filen om den finns"))

    def run(args: argparse.Namespace) -> int:

        root = Path(args.root)
        source = args.input
        try:
            if args.output is not None and args.output.exists() and not args.force:
                message = _(
                    "{file} finns redan; skriv till en ny fil och kopiera in tabellen för hand, "
                    "eller lägg till --force för att ersätta hela filen"
                ).format(file=args.output)
                sys.stderr.write(f"build.py import-table: {message}\n")
                return 1
            if source == "-":
                name = "<stdin>"
                if sys.stdin.isatty():
                    sys.stderr.write(_("Klistra in tabellen och avsluta med Ctrl-D (Ctrl-Z och Enter i Windows).") + "\n")
                rows = read_text(sys.stdin.read())
            else:
                path = Path(source)
                if not path.is_file():
                    sys.stderr.write("build.py import-table: " + _("{file}: filen finns inte").format(file=source) + "\n")
                    return 2
                name = path.name
                if path.suffix.lower() in (".xlsx", ".xlsm"):
                    rows, sheet = read_xlsx(path, args.sheet)
                    name = f"{path.name}[{sheet}]"
                else:
                    if args.sheet:
                        sys.stderr.write("build.py import-table: " + _("--sheet gäller bara .xlsx-arbetsböcker") + "\n")
                        return 2
                    raw = path.read_bytes()
                    try:
                        text = raw.decode("utf-8")
                    except UnicodeDecodeError:
                        text = raw.decode("cp1252")  # Excel's "Text (Tab delimited)" on Windows
                    rows = read_text(text)
            # Every conversion option is the command's option of the same name.
            given = {f.name: getattr(args, f.name) for f in fields(Options) if f.name != "source_name"}
            opts = Options(**given, source_name=name)
            data, warnings = convert(rows, opts, root)
        except TableError as exc:
            return report_problems(exc.problems, stream=sys.stderr)
        text = to_yaml(data, header=header_lines(opts, args.output, root))
        if args.output:
            args.output.parent.mkdir(parents=True, exist_ok=True)
            args.output.write_text(text, encoding="utf-8", newline="\n")
        else:
            sys.stdout.write(text)
        if warnings:
            for w in warnings:
                sys.stderr.write(format_text(w) + "\n")
        return 0

    return run
