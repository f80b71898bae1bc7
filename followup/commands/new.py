"""`python build.py new <organisation>/<report>`: scaffold a new report from templates.

Creates, from the templates in `templates/scaffold/` (plain text files that communicators
edit, commented in Swedish with example values):

    data/<org>/organisation.yaml            only if the organisation is new
    data/<org>/<report>/report.yaml         status: utkast, so the site shows it as a draft
    data/<org>/<report>/goals.yaml, indicators.yaml, surveys.yaml, finance.yaml, deliverables.yaml
    content/<org>/<report>/01-inledning.md

Every YAML file starts with a `# yaml-language-server: $schema=<relative path>` modeline so
an editor with the YAML language server completes and checks it while typing.

Templates use `{{ name }}` placeholders for a fixed set of names (see `template_values`);
anything else in double braces, such as `{{ värde: tables.kostnader.total }}`, is left
alone. When the organisation already exists its unit codes and scales are used in the
examples, so that `check` passes on the new report as created.

The organisation's name is given with `--namn "Höganäs kommun"`; its folder is then made from
the name (`hoganas-kommun`) unless written out (`new hoganas/rapport --namn …`). Without `--namn`
a new organisation's name is asked for on a terminal, and otherwise made from the folder name
(saying so), since å, ä and ö cannot be recovered from a folder name.

Refuses to overwrite: if the report folder or its content folder exists, nothing is written
(exit 1). A name that is not `<organisation>/<report>` in lower-case letters, digits and
hyphens is a usage error (exit 2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from followup.config import TOOL_ROOT
from followup.errors import DataErrors, FollowupError
from followup.i18n import _
from followup.load.files import DEFAULT_SCALES_FILE
from followup.model.models import AssessmentLevel, OrganisationFile, StatusLevel
from followup.model.slugs import ascii_slug
from followup.model.yamlsource import load_yaml_file

ORGANISATION_FILE = "organisation.yaml"  # followup.models.ORGANISATION_FILE (not imported: keeps the CLI fast)

SCAFFOLD_DIR = Path("templates") / "scaffold"
REPORT_TEMPLATES = (
    "report.yaml",
    "goals.yaml",
    "indicators.yaml",
    "surveys.yaml",
    "finance.yaml",
    "deliverables.yaml",
)
CONTENT_TEMPLATES = ("01-inledning.md",)
NAME_PART = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")

EXIT_OK, EXIT_DATA, EXIT_USAGE = 0, 1, 2


class ScaffoldError(FollowupError):
    """The report cannot be created (exists already, or the organisation lacks units)."""


class InvalidReportName(FollowupError, ValueError):
    """The name is not `<organisation>/<report>`."""


@dataclass
class Created:
    files: list[Path]
    organisation_created: bool


def parse_name(name: str) -> tuple[str, str]:
    """'lund/ny-rapport' -> ('lund', 'ny-rapport'); raises InvalidReportName with the fix."""
    parts = name.strip().strip("/").split("/")
    suggestion = "/".join(ascii_slug(p) or "namn" for p in parts[:2]) if parts else ""
    if len(parts) != 2 or not all(parts):
        message = _("'{name}' är inget rapportnamn: skriv <organisation>/<rapport>, t.ex. lund/ny-rapport")
        raise InvalidReportName(message.format(name=name))
    for part in parts:
        if not NAME_PART.match(part):
            hint = _("; pröva '{suggestion}'").format(suggestion=suggestion) if suggestion and suggestion != name else ""
            message = _(
                "'{name}' är inget giltigt rapportnamn: '{part}' får bara ha små bokstäver a–z, siffror "
                "och bindestreck (inga mellanslag, å, ä eller ö) och ska börja och sluta med en bokstav eller siffra{hint}"
            )
            raise InvalidReportName(message.format(name=name, part=part, hint=hint))
    return parts[0], parts[1]


def title_from_id(identifier: str) -> str:
    text = identifier.replace("-", " ").strip()
    return text[:1].upper() + text[1:]


def render_template(text: str, values: dict[str, str]) -> str:
    """Replace `{{ name }}` for the known names only; leave every other `{{ … }}` alone."""

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        return values[key] if key in values else match.group(0)

    return _PLACEHOLDER.sub(replace, text)


def templates_dir(root: Path) -> Path:
    """`templates/scaffold/` of the project; the tool's own when the project has none."""
    own = Path(root) / SCAFFOLD_DIR
    if own.is_dir():
        return own
    bundled = TOOL_ROOT / SCAFFOLD_DIR
    if bundled.is_dir():
        return bundled
    raise ScaffoldError(_("mallmappen {folder}/ saknas").format(folder=SCAFFOLD_DIR.as_posix()))


def _relative_schema_dir(depth: int) -> str:
    return "/".join([".."] * depth + ["schema"])


def _existing_organisation(root: Path, org_id: str) -> Any | None:
    """The existing organisation (OrganisationFile) or None; ScaffoldError if it cannot be read."""
    path = root / "data" / org_id / ORGANISATION_FILE
    if not path.exists():
        return None
    from pydantic import ValidationError

    try:
        doc = load_yaml_file(path, root)
        return OrganisationFile.model_validate(doc.data or {})
    except (DataErrors, ValidationError) as exc:
        message = _("data/{organisation}/{file} har fel; kör 'python build.py check', rätta dem och kör 'new' igen")
        raise ScaffoldError(message.format(organisation=org_id, file=ORGANISATION_FILE)) from exc


def _default_scales() -> tuple[list[Any], list[Any]]:
    import yaml

    data = yaml.safe_load(DEFAULT_SCALES_FILE.read_text(encoding="utf-8"))
    return (
        [AssessmentLevel.model_validate(x) for x in data["assessment_scale"]],
        [StatusLevel.model_validate(x) for x in data["status_scale"]],
    )


def _pick(levels: list[Any], test: Any) -> str:
    return next((lv.id for lv in levels if test(lv)), levels[0].id)


def template_values(
    org_id: str,
    report_id: str,
    *,
    title: str | None = None,
    organisation_name: str | None = None,
    organisation: Any | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """The placeholder values for the templates."""
    today = today or dt.date.today()
    assessment, status = _default_scales()
    if organisation is not None:
        assessment = organisation.assessment_scale or assessment
        status = organisation.status_scale or status
        units = [(u.code, u.name) for u in organisation.units]
        if not units:
            message = _(
                "data/{organisation}/{file} har inga enheter; den nya rapportens tabeller behöver minst en. "
                "Lägg till organisationens enheter under 'units:' (kod och namn) och kör 'new' igen"
            )
            raise ScaffoldError(message.format(organisation=org_id, file=ORGANISATION_FILE))
        if len(units) == 1:
            units.append(units[0])
        org_name = organisation.name
    else:
        units = [("EXA", "Exempelförvaltningen"), ("EXB", "Exempelenheten")]
        org_name = organisation_name or title_from_id(org_id)
    year = today.year
    return {
        "org_id": org_id,
        "report_id": report_id,
        "org_name": _yaml_text(org_name),
        "title": _yaml_text(title or title_from_id(report_id)),
        "year": str(year),
        "year_prev": str(year - 1),
        "year_before": str(year - 2),
        "today": today.isoformat(),
        "unit1": units[0][0],
        "unit1_name": units[0][1],
        "unit2": units[1][0],
        "unit2_name": units[1][1],
        "level_achieved": _pick(assessment, lambda lv: lv.category == "achieved"),
        "level_partly": _pick(assessment, lambda lv: lv.category == "partly_achieved"),
        "assessment_levels": ", ".join(f"{lv.id} ({lv.label} {lv.symbol})" for lv in assessment),
        "status_done": _pick(status, lambda lv: lv.completed),
        "status_open": _pick(status, lambda lv: lv.category == "in_progress"),
        "status_levels": ", ".join(f"{lv.id} ({lv.label})" for lv in status),
    }


def _yaml_text(text: str) -> str:
    """A plain YAML scalar when safe, else a double-quoted one."""
    import json

    if re.fullmatch(r"[A-Za-zÅÄÖåäöÉé0-9][^:#{}\[\],&*!|>'\"%@`]*", text) and not text.endswith(" "):
        return text
    return json.dumps(text, ensure_ascii=False)


def create_report(
    root: Path,
    name: str,
    *,
    title: str | None = None,
    organisation_name: str | None = None,
    today: dt.date | None = None,
) -> Created:
    """Write the new report's files. Raises InvalidReportName (bad name) or ScaffoldError (exists)."""
    root = Path(root)
    org_id, report_id = parse_name(name)
    templates = templates_dir(root)
    data_dir = root / "data" / org_id / report_id
    content_dir = root / "content" / org_id / report_id
    for existing in (data_dir, content_dir):
        if existing.exists():
            rel = existing.relative_to(root).as_posix()
            message = _(
                "{folder}/ finns redan; 'new' skriver aldrig över en rapport. Välj ett annat namn, "
                "eller ta bort {folder}/ först om du verkligen vill börja om"
            )
            raise ScaffoldError(message.format(folder=rel))
    organisation = _existing_organisation(root, org_id)
    values = template_values(
        org_id, report_id, title=title, organisation_name=organisation_name, organisation=organisation, today=today
    )

    planned: list[tuple[Path, str]] = []
    if organisation is None:
        text = (templates / ORGANISATION_FILE).read_text(encoding="utf-8")
        planned.append(
            (
                root / "data" / org_id / ORGANISATION_FILE,
                render_template(text, {**values, "schema": _relative_schema_dir(2)}),
            )
        )
    for file_name in REPORT_TEMPLATES:
        text = (templates / file_name).read_text(encoding="utf-8")
        planned.append((data_dir / file_name, render_template(text, {**values, "schema": _relative_schema_dir(3)})))
    for file_name in CONTENT_TEMPLATES:
        text = (templates / file_name).read_text(encoding="utf-8")
        planned.append((content_dir / file_name, render_template(text, values)))

    written: list[Path] = []
    for path, text in planned:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as fh:  # "x": never overwrite
            fh.write(text)
        written.append(path)
    return Created(written, organisation is None)


# --- the `new` command ---------------------------------------------------------------------


def setup(parser: argparse.ArgumentParser) -> Any:
    parser.add_argument(
        "name",
        metavar=_("ORGANISATION/RAPPORT"),
        help=_("t.ex. lund/ny-rapport (mappnamn); med --namn räcker rapportens mapp"),
    )
    parser.add_argument("--title", metavar=_("TITEL"), help=_("rapportens titel (standard: gjord av rapportens mappnamn)"))
    parser.add_argument(
        "--namn",
        "--organisation-name",
        dest="organisation_name",
        metavar=_("NAMN"),
        help=_('organisationens namn så som det skrivs, t.ex. "Höganäs kommun"; mappnamnet görs av det'),
    )

    def run(args: argparse.Namespace) -> int:
        root = Path(args.root)
        name, display = args.name, args.organisation_name
        if display is not None and not display.strip():
            message = _('--namn är tomt; skriv organisationens namn, t.ex. --namn "Höganäs kommun"')
            sys.stderr.write(f"build.py new: {message}\n")
            return EXIT_USAGE
        if display is not None and "/" not in name.strip().strip("/"):
            name = f"{ascii_slug(display)}/{name.strip()}"  # the folder is made from the name
        try:
            org_id, report_id = parse_name(name)
            is_new = _existing_organisation(root, org_id) is None
            fresh = not (root / "data" / org_id / report_id).exists() and not (root / "content" / org_id / report_id).exists()
            if is_new and display is None and fresh:  # not asked when 'new' refuses anyway
                display = ask_organisation_name(org_id)
            created = create_report(root, name, title=args.title, organisation_name=display)
        except InvalidReportName as exc:
            sys.stderr.write(f"build.py new: {exc}\n")
            return EXIT_USAGE
        except ScaffoldError as exc:
            sys.stderr.write(f"build.py new: {exc}\n")
            return EXIT_DATA
        print(_("Skapade rapporten {report} (status: utkast):").format(report=f"{org_id}/{report_id}"))
        for path in created.files:
            print(f"  {path.relative_to(root).as_posix()}")
        if not created.organisation_created and args.organisation_name is not None:
            message = _(
                "Organisationen {organisation} fanns redan; --namn användes inte. Dess namn står under name: "
                "i data/{organisation}/{file}."
            )
            print("\n" + message.format(organisation=org_id, file=ORGANISATION_FILE))
        next_step = _(
            "Nästa steg: byt exempelvärdena mot rapportens egna, kör 'python build.py check' och "
            "förhandsgranska med 'python build.py serve'."
        )
        print("\n" + next_step)
        return EXIT_OK

    return run


def ask_organisation_name(org_id: str) -> str:
    """The new organisation's name: asked for on a terminal, else made from its folder name (and said)."""
    derived = title_from_id(org_id)
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            question = _("Organisationens namn, som det skrivs (t.ex. Höganäs kommun) [{name}]: ")
            answer = input(question.format(name=derived)).strip()
        except EOFError:
            answer = ""
        return answer or derived
    message = _(
        'Organisationens namn blev "{name}" (från mappnamnet {organisation}). Ändra name: i '
        'data/{organisation}/{file}, eller ange namnet med --namn "Höganäs kommun" nästa gång.'
    )
    print(message.format(name=derived, organisation=org_id, file=ORGANISATION_FILE))
    return derived
