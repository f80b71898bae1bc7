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

# --- the command ---------------------------------------------------------------------------------


def setup(parser: argparse.ArgumentParser) -> Any:
    parser.add_argument(
        "input", nargs="?", default="-", help="a .txt/.tsv file or an .xlsx workbook; - or nothing: standard input"
    )
    parser.add_argument("--kind", required=True, choices=KINDS, help="what the table is (see the author guide)")
    parser.add_argument("--sheet", help="the sheet of an .xlsx workbook (name or number; default: the active sheet)")
    parser.add_argument("--id", help="the id to give the table, survey or indicator (default: from its title)")
    parser.add_argument("--title", help="the title (default: the table's caption or first heading)")
    parser.add_argument("--unit", help=f"the unit of the numbers: {', '.join(MEASURE_UNITS)} (default: from %%/SEK in the table)")
    parser.add_argument("--period", help="the period, when the headings do not state it (e.g. '2022 apr–dec')")
    parser.add_argument("--organisation", metavar="ORG", help="map unit names to the codes in data/ORG/organisation.yaml")
    parser.add_argument(
        "--direction",
        choices=("higher_is_better", "lower_is_better", "neutral"),
        help="indicator: whether a higher value is better",
    )
    parser.add_argument("--no-header", action="store_true", help="table: the first row is data, not headings")
    parser.add_argument("-o", "--output", type=Path, help="write the YAML to this file instead of standard output")
    parser.add_argument("--force", action="store_true", help="with --output: replace the file if it exists")

    def run(args: argparse.Namespace) -> int:

        root = Path(args.root)
        source = args.input
        try:
            if args.output is not None and args.output.exists() and not args.force:
                sys.stderr.write(
                    f"build.py import-table: {args.output} already exists; write to a new file and copy the table "
                    "into it by hand, or add --force to replace the whole file\n"
                )
                return 1
            if source == "-":
                name = "<stdin>"
                if sys.stdin.isatty():
                    sys.stderr.write("Klistra in tabellen och avsluta med Ctrl-D (Ctrl-Z och Enter i Windows).\n")
                rows = read_text(sys.stdin.read())
            else:
                path = Path(source)
                if not path.is_file():
                    sys.stderr.write(f"build.py import-table: {source}: no such file\n")
                    return 2
                name = path.name
                if path.suffix.lower() in (".xlsx", ".xlsm"):
                    rows, sheet = read_xlsx(path, args.sheet)
                    name = f"{path.name}[{sheet}]"
                else:
                    if args.sheet:
                        sys.stderr.write("build.py import-table: --sheet is only for .xlsx workbooks\n")
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
