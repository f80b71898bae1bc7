"""Options that more than one command has, each declared once: the same name, type, metavar and
(where the meaning is the same) help text wherever it appears."""

from __future__ import annotations

import argparse
from pathlib import Path

from followup.config import default_project_root
from followup.i18n import _

#: How problems are printed (`--format`).
FORMATS = ("text", "github", "json")

#: The example report in help texts.
EXAMPLE_REPORT = "lund/samordnade-servicetjanster"


def add_root_option(parser: argparse.ArgumentParser) -> None:
    """--root: the project folder (every command has it)."""
    parser.add_argument(
        "--root",
        type=Path,
        default=default_project_root(),
        metavar=_("MAPP"),
        help=_("projektmappen med data/ och content/ (standard: mappen där build.py ligger)"),
    )


def add_problem_options(parser: argparse.ArgumentParser) -> None:
    """--strict and --format, for every command that validates the data."""
    parser.add_argument("--strict", action="store_true", help=_("räkna varningar som fel"))
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help=_("hur problemen skrivs ut: text (standard), github (anteckningar i GitHub Actions) eller json"),
    )


def add_report_argument(parser: argparse.ArgumentParser, what: str) -> None:
    """The optional ORGANISATION/RAPPORT argument; `what` is the sentence of the help text (already
    translated), with {report} for the example."""
    parser.add_argument("report", nargs="?", metavar=_("ORGANISATION/RAPPORT"), help=what.format(report=EXAMPLE_REPORT))


def add_site_dir_option(parser: argparse.ArgumentParser, what: str | None = None) -> None:
    """--site-dir: the site folder; `what` is the help text when the command reads a site rather than
    writing one (already translated)."""
    parser.add_argument(
        "--site-dir",
        type=Path,
        default=None,
        metavar=_("MAPP"),
        help=what or _("mappen webbplatsen skrivs till (standard: site/)"),
    )


def add_jobs_option(parser: argparse.ArgumentParser) -> None:
    """--jobs: how many processes draw the charts (for the commands that build)."""
    parser.add_argument("--jobs", type=int, default=None, metavar="N", help=_("antal processer som ritar diagrammen"))
