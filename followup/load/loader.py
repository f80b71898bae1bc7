"""Load a project: find the report folders under `data/`, parse and validate every file.

    data/<org>/organisation.yaml          the organisation (units, groups, scales)
    data/<org>/<report>/report.yaml       one report (required) ...
    data/<org>/<report>/goals.yaml        ... and the other files of REPORT_FILES
    content/<org>/<report>/*.md           the report's narrative pages

`load_project(root)` reads everything in one run and returns the `Project` together with every
problem found, so an author sees all that is wrong at once. Each file is parsed with
`followup.model.yamlsource` (which reports YAML syntax errors, duplicate keys and non-UTF-8 text) and
validated against its model in `followup.model.models`. Pydantic's errors are translated into plain
messages located at the offending value (or at the key, for an unknown key): which field, what
was expected, what was found, and the fix. Pydantic's own wording is never shown.

No cross-file rule runs here: the checks (`followup.check`) and the checks of stated numbers
(`followup.compute`) run on the loaded bundles in `followup.build.pipeline.read_and_check`.

A file that does not validate is read as far as it can be (`salvage`: without its unknown keys
and the list items holding bad values), so the per-file rules still run on the rest and one run
shows every problem; it is named in `ReportBundle.invalid_files`, so that checks which need all
of it (references into it, stated totals of it) are skipped rather than report spurious
follow-on errors. A report whose `organisation.yaml` is invalid, or whose `report.yaml` lacks a
valid required value, gets no bundle (its problems are reported).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from followup.errors import DataErrors, Problem, read_regular_bytes, sorted_unique, special_file_kind
from followup.i18n import _
from followup.load.files import _inside, _visible, decode_text, default_scales, parse_page, referenced_files
from followup.load.model_errors import salvage, translate_errors
from followup.load.names import (
    FOLDER_NAME,
    MAX_FOLDER_NAME,
    REPORT_RESERVED_NAMES,
    RESERVED_SITE_NAMES,
    _folder_failure,
    _folder_suggestion,
    did_you_mean,
)
from followup.model.models import (
    DEFAULT_GROUPS,
    ORGANISATION_FILE,
    REPORT_FILES,
    OrganisationFile,
    OrgUnit,
    ReportFile,
)
from followup.model.yamlsource import MAX_FILE_BYTES, YamlDocument, _read_failure, load_yaml_file, relative_path
from followup.project import CONTENT_DIR, DATA_DIR, ContentPage, KeyPath, Project, ReportBundle

TABLE_FILES = ("finance.yaml", "tables.yaml")
LOGO_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")


# --- Entry point --------------------------------------------------------------------------


def load_project(root: Path, *, only: set[tuple[str, str]] | None = None) -> tuple[Project, list[Problem]]:
    """Read every report under `root/data` into the model; return the project and the problems
    found while reading (YAML syntax, unknown keys, wrong types). No cross-file rule runs here:
    `followup.build.pipeline.check_project` runs the checks on what loaded.

    `only` (org_id, report_id) pairs: load just those reports and their organisations (an
    incremental build takes the other reports from its cache).
    """
    root = Path(root)
    loader = _Loader(root, only)
    project = loader.load()
    return project, sorted_unique(loader.problems)


#: Organisation and report folder names: they are addresses on the site.
class _Loader:
    def __init__(self, root: Path, only: set[tuple[str, str]] | None = None):
        self.root = root
        self.problems: list[Problem] = []
        self.only = only

    def rel(self, path: Path) -> str:
        return relative_path(path, self.root)

    def error(self, path: str, message: str, line: int = 1, column: int = 1, hint: str | None = None) -> None:
        self.problems.append(Problem(path, line, column, message, "error", hint))

    def warning(self, path: str, message: str, line: int = 1, column: int = 1, hint: str | None = None) -> None:
        self.problems.append(Problem(path, line, column, message, "warning", hint))

    def skipped_special(self, entry: Path) -> bool:
        """True (with a located warning) for a FIFO, socket, device or symlink loop: never read."""
        kind = special_file_kind(entry)
        if kind is None:
            return False
        self.warning(
            self.rel(entry),
            _("'{name}' hoppas över: den är {kind}, ingen vanlig fil; bara vanliga filer och mappar läses").format(
                name=entry.name, kind=_(kind)
            ),
            hint=_("Ta bort den eller ersätt den med en vanlig fil."),
        )
        return True

    def bad_folder_name(self, entry: Path, what: str) -> bool:
        """True (with a located error) when a folder name cannot be an organisation or report id:
        it becomes part of the site's addresses and file names."""
        name = entry.name
        kind = _("en organisation") if what == "organisation" else _("en rapport")
        if len(name) > MAX_FOLDER_NAME:
            message = _("mappnamnet är för långt ({length} tecken; högst {limit} tillåts) för {kind}; korta det").format(
                length=len(name), limit=MAX_FOLDER_NAME, kind=kind
            )
        elif not FOLDER_NAME.fullmatch(name):
            message = _(
                "mappnamnet '{name}' duger inte som adress för {kind}: använd bara små bokstäver a–z, "
                "siffror 0–9 och bindestreck (t.ex. '{example}')"
            ).format(name=name, kind=kind, example=_folder_suggestion(name))
        elif what == "organisation" and name in RESERVED_SITE_NAMES:
            message = _(
                "mappnamnet '{name}' är reserverat för webbplatsens egna filer ({reserved}); "
                "välj ett annat namn för organisationen"
            ).format(name=name, reserved=", ".join(sorted(RESERVED_SITE_NAMES)))
        elif what == "rapport" and name in REPORT_RESERVED_NAMES:
            message = _(
                "mappnamnet '{name}' är reserverat för webbplatsens egna filer; välj ett annat namn för rapporten"
            ).format(name=name)
        else:
            return False
        self.error(self.rel(entry), message)
        return True

    def listing(self, folder: Path) -> list[Path] | None:
        """The folder's entries, sorted; None (with a located error) when it cannot be read."""
        try:
            return sorted(folder.iterdir())
        except OSError as exc:
            self.error(self.rel(folder), _folder_failure(folder, exc))
            return None

    def load(self) -> Project:
        data = self.root / DATA_DIR
        reports: list[ReportBundle] = []
        found_report_folder = False
        if data.is_dir():
            for entry in self.listing(data) or []:
                if not _visible(entry) or self.skipped_special(entry):
                    continue
                if entry.is_dir() and self.bad_folder_name(entry, "organisation"):
                    continue
                if not entry.is_dir():
                    self.error(
                        self.rel(entry),
                        _(
                            "filen '{name}' ligger direkt i data/, där bara mappar hör hemma: en mapp per organisation "
                            "(data/<organisation>/organisation.yaml); flytta filen till en rapportmapp"
                        ).format(name=entry.name),
                    )
                    continue
                if self.only is not None and not any(org == entry.name for org, _ in self.only):
                    found_report_folder = True  # loaded before, taken from the incremental cache
                    continue
                found, bundles = self.load_organisation(entry)
                found_report_folder = found_report_folder or found
                reports.extend(bundles)
        if not found_report_folder:
            self.error(
                DATA_DIR,
                _(
                    "det finns inga rapporter under data/; lägg till en mapp data/<organisation>/<rapport>/ med en "
                    "report.yaml, och data/<organisation>/organisation.yaml"
                ),
            )
        self.check_orphan_content({(b.org_id, b.report_id) for b in reports}, data)
        return Project(self.root, reports)

    # -- organisation ----------------------------------------------------------------------

    def load_organisation(self, folder: Path) -> tuple[bool, list[ReportBundle]]:
        org_id = folder.name
        org_file = folder / ORGANISATION_FILE
        report_folders: list[Path] = []
        entries = self.listing(folder)
        if entries is None:
            return True, []
        for entry in entries:
            if not _visible(entry) or self.skipped_special(entry) or entry == org_file:
                continue
            if entry.is_dir():
                if not self.bad_folder_name(entry, "rapport"):
                    report_folders.append(entry)
                continue
            if entry.suffix.lower() in LOGO_SUFFIXES:
                continue  # the organisation's logo (branding.logo); check/branding.py checks the one named
            guess = did_you_mean(entry.name, [ORGANISATION_FILE])
            if guess:
                message = _("okänt filnamn '{name}'; menade du '{guess}'?").format(name=entry.name, guess=guess)
            elif entry.name in REPORT_FILES:
                message = _("'{name}' hör hemma i en rapportmapp: flytta den till data/{org}/<rapport>/{name}").format(
                    name=entry.name, org=org_id
                )
            else:
                message = _(
                    "filen '{name}' hör inte hemma i en organisationsmapp; där får bara {file}, dess logotyp "
                    "(SVG, PNG eller JPEG) och en mapp per rapport finnas"
                ).format(name=entry.name, file=ORGANISATION_FILE)
            self.error(self.rel(entry), message)

        org_doc: YamlDocument | None = None
        organisation: OrganisationFile | None = None
        if not org_file.exists():
            self.error(
                self.rel(org_file),
                _("filen saknas: varje organisationsmapp behöver {file} (minst 'name: ...'); skapa den").format(
                    file=ORGANISATION_FILE
                ),
            )
        else:
            org_doc = self.parse(org_file)
            if org_doc is not None:
                organisation = self.validate_model(org_doc, OrganisationFile)

        bundles = []
        for report_folder in report_folders:
            if self.only is not None and (org_id, report_folder.name) not in self.only:
                continue
            bundle = self.load_report(report_folder, org_id, org_doc, organisation)
            if bundle is not None:
                bundles.append(bundle)
        return bool(report_folders), bundles

    # -- files -----------------------------------------------------------------------------

    def parse(self, path: Path) -> YamlDocument | None:
        if not _inside(path, self.root):
            self.error(
                self.rel(path),
                _("filen är en symbolisk länk till en plats utanför projektet; kopiera filen in i projektet i stället"),
            )
            return None
        try:
            return load_yaml_file(path, self.root)
        except DataErrors as exc:
            self.problems.extend(exc.problems)
            return None

    def validate_model(self, doc: YamlDocument, model: type[BaseModel]) -> Any | None:
        if doc.data is None:
            required = [name for name, f in model.model_fields.items() if f.is_required()]
            self.error(
                doc.path,
                (
                    _("filen är tom; den ska ha nycklarna {keys}").format(keys=", ".join(required))
                    if required
                    else _("filen är tom")
                ),
                hint=_("Fyll i den eller ta bort filen."),
            )
            return None
        try:
            return model.model_validate(doc.data)
        except ValidationError as exc:
            self.problems.extend(translate_errors(exc, doc, model))
            return None

    def salvage_model(self, doc: YamlDocument, model: type[BaseModel]) -> Any | None:
        """The file without the parts that did not validate (problems already reported), or None.

        So one bad value does not hide the other files' problems (a report whose report.yaml has an
        unknown key still gets its goals checked) nor the rest of this file's.
        """
        if doc.data is None:
            return None
        return salvage(model, doc.data)

    # -- report ----------------------------------------------------------------------------

    def load_report(
        self,
        folder: Path,
        org_id: str,
        org_doc: YamlDocument | None,
        organisation: OrganisationFile | None,
    ) -> ReportBundle | None:
        report_id = folder.name
        docs: dict[str, YamlDocument] = {}
        values: dict[str, Any] = {}
        invalid: list[str] = []
        listed = self.listing(folder)
        if listed is None:
            return None
        entries = [e for e in listed if _visible(e) and not self.skipped_special(e)]
        for entry in entries:
            if entry.is_dir():
                self.error(
                    self.rel(entry),
                    _(
                        "mappen '{name}' hör inte hemma i en rapportmapp; en rapportmapp har bara filerna {files} "
                        "(löptext i Markdown hör hemma i content/{org}/{report}/)"
                    ).format(name=entry.name, files=", ".join(REPORT_FILES), org=org_id, report=report_id),
                )
                continue
            if entry.name not in REPORT_FILES:
                guess = did_you_mean(entry.name, REPORT_FILES)
                files = ", ".join(REPORT_FILES)
                if guess:
                    message = _("okänt filnamn '{name}'; menade du '{guess}'? (en rapportmapp får ha: {files})").format(
                        name=entry.name, guess=guess, files=files
                    )
                elif entry.suffix.lower() == ".md":
                    message = _(
                        "okänt filnamn '{name}'; en rapportmapp får ha: {files}. "
                        "Markdown-sidor hör hemma i content/{org}/{report}/"
                    ).format(name=entry.name, files=files, org=org_id, report=report_id)
                else:
                    message = _("okänt filnamn '{name}'; en rapportmapp får ha: {files}").format(name=entry.name, files=files)
                self.error(self.rel(entry), message)
                continue
            doc = self.parse(entry)
            if doc is None:
                invalid.append(entry.name)
                continue
            docs[entry.name] = doc
            value = self.validate_model(doc, REPORT_FILES[entry.name])
            if value is None:
                invalid.append(entry.name)
                value = self.salvage_model(doc, REPORT_FILES[entry.name])
            if value is not None:
                values[entry.name] = value

        report_file = folder / "report.yaml"
        if not report_file.exists():
            self.error(
                self.rel(report_file),
                (
                    _(
                        "filen saknas: mappen är tom; varje rapportmapp behöver en report.yaml "
                        "(title, document_type, status, period, summary); skapa den"
                    )
                    if not entries
                    else _(
                        "filen saknas: varje rapportmapp behöver en report.yaml "
                        "(title, document_type, status, period, summary); skapa den"
                    )
                ),
            )
        if organisation is None or org_doc is None or "report.yaml" not in values:
            return None

        report: ReportFile = values["report.yaml"]
        docs = {ORGANISATION_FILE: org_doc, **docs}
        declared = {u.label: u for u in organisation.measure_units}
        if values.get("indicators.yaml") is not None:
            # An indicator in a declared unit shows that unit's decimals unless it sets its own.
            for indicator in values["indicators.yaml"].indicators:
                unit = declared.get(indicator.unit)
                if indicator.decimals is None and unit is not None and unit.decimals is not None:
                    indicator.decimals = unit.decimals
        tables: list = []
        table_sources: list[tuple[str, KeyPath]] = []
        for name in TABLE_FILES:
            if name in values:
                for index, table in enumerate(values[name].tables):
                    tables.append(table)
                    table_sources.append((name, ("tables", index)))

        defaults = default_scales()
        assessment_scale = report.assessment_scale or organisation.assessment_scale or defaults[0]
        status_scale = report.status_scale or organisation.status_scale or defaults[1]
        groups = list(DEFAULT_GROUPS) + [g for g in organisation.groups if g.id not in {d.id for d in DEFAULT_GROUPS}]
        units: dict[str, OrgUnit] = {}
        for org_unit in organisation.units:
            units.setdefault(org_unit.code, org_unit)

        bundle = ReportBundle(
            org_id=org_id,
            report_id=report_id,
            organisation=organisation,
            report=report,
            goals=values.get("goals.yaml"),
            indicators=values.get("indicators.yaml"),
            surveys=values.get("surveys.yaml"),
            tables=tables,
            deliverables=values.get("deliverables.yaml"),
            content_pages=[],
            source_files=[doc.path for doc in docs.values()],
            assessment_scale=list(assessment_scale),
            status_scale=list(status_scale),
            groups=groups,
            units=units,
            documents=docs,
            table_sources=table_sources,
            invalid_files=invalid,
            root=self.root,
        )
        self.load_content(bundle)
        return bundle

    # -- content ---------------------------------------------------------------------------

    def load_content(self, bundle: ReportBundle) -> None:
        folder = self.root / bundle.content_dir
        if not folder.is_dir():
            return
        referenced = referenced_files(bundle)
        listed = self.listing(folder)  # glob() would drop an unreadable folder silently
        if listed is None:
            return
        for path in sorted(folder.glob("*.md")):
            if not _visible(path) or self.skipped_special(path) or not path.is_file():
                continue
            rel = self.rel(path)
            if not _inside(path, self.root):
                self.error(
                    rel,
                    _("filen är en symbolisk länk till en plats utanför projektet; kopiera filen in i projektet i stället"),
                )
                continue
            page = self.read_page(path, rel)
            if page is None:
                continue
            bundle.source_files.append(rel)
            if path.name in referenced:
                bundle.referenced_pages[path.name] = page
            else:
                bundle.content_pages.append(page)
                if not page.title_line:
                    self.warning(
                        rel,
                        _("sidan saknar rubrik; börja den med en rubrikrad som '# Inledning'"),
                    )
        for name in sorted(referenced):
            target = folder / name
            if not name.endswith(".md") and target.is_file() and _inside(target, self.root):
                bundle.source_files.append(self.rel(target))

    def read_page(self, path: Path, rel: str) -> ContentPage | None:
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.error(
                    rel,
                    _("filen är för stor ({size} byte; högst {limit} byte tillåts); dela upp den").format(
                        size=f"{size:,}".replace(",", " "), limit=f"{MAX_FILE_BYTES:,}".replace(",", " ")
                    ),
                )
                return None
            raw = read_regular_bytes(path)
        except OSError as exc:
            self.error(rel, _read_failure(exc))
            return None
        text = decode_text(raw, rel, self.problems)
        if text is None:
            return None
        return parse_page(text, rel, path.stem)

    def check_orphan_content(self, loaded: set[tuple[str, str]], data: Path) -> None:
        content = self.root / CONTENT_DIR
        if not content.is_dir():
            return
        for org in sorted(content.iterdir()):
            if not org.is_dir() or not _visible(org):
                continue
            for report in sorted(org.iterdir()):
                if not report.is_dir() or not _visible(report):
                    continue
                if (data / org.name / report.name).is_dir():
                    continue
                existing = [
                    f"{o.name}/{r.name}"
                    for o in (sorted(data.iterdir()) if data.is_dir() else [])
                    if o.is_dir()
                    for r in sorted(o.iterdir())
                    if r.is_dir()
                ]
                guess = did_you_mean(f"{org.name}/{report.name}", existing)
                hint = (
                    _("Menade du content/{guess}/?").format(guess=guess)
                    if guess
                    else _("Skapa data/{org}/{report}/report.yaml eller flytta mappen.").format(org=org.name, report=report.name)
                )
                self.warning(
                    self.rel(report),
                    _("innehållsmapp utan rapport: det finns ingen data/{org}/{report}/; dess sidor publiceras inte").format(
                        org=org.name, report=report.name
                    ),
                    hint=hint,
                )
