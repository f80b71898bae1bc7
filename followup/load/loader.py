"""Load a project: find the report folders under `data/`, parse and validate every file.

    data/<org>/organisation.yaml          the organisation (units, groups, scales)
    data/<org>/<report>/report.yaml       one report (required) ...
    data/<org>/<report>/goals.yaml        ... and the other files of REPORT_FILES
    content/<org>/<report>/*.md           the report's narrative pages

`load_project(root)` reads everything in one run and returns the `Project` together with every
problem found, so an author sees all that is wrong at once. Each file is parsed with
`followup.yamlsource` (which reports YAML syntax errors, duplicate keys and non-UTF-8 text) and
validated against its model in `followup.models`. Pydantic's errors are translated into plain
messages located at the offending value (or at the key, for an unknown key): which field, what
was expected, what was found, and the fix. Pydantic's own wording is never shown.

Cross-file checks (`followup.validate`) and the consistency checks of stated numbers
(`followup.consistency`) run on the loaded bundles, also from `load_project` unless
`checks=False`.

A file that does not validate is read as far as it can be (`salvage`: without its unknown keys
and the list items holding bad values), so the per-file rules still run on the rest and one run
shows every problem; it is named in `ReportBundle.invalid_files`, so that checks which need all
of it (references into it, stated totals of it) are skipped rather than report spurious
follow-on errors. A report whose `organisation.yaml` is invalid, or whose `report.yaml` lacks a
valid required value, gets no bundle (its problems are reported).
"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import functools
import re
import types
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Iterable, Literal, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from followup.config import PACKAGE_DIR
from followup.errors import DataErrors, Problem, read_regular_bytes, sorted_unique, special_file_kind
from followup.model.models import (
    DEFAULT_GROUPS,
    ORGANISATION_FILE,
    REPORT_FILES,
    AssessmentLevel,
    OrganisationFile,
    OrgUnit,
    ReportFile,
    StatusLevel,
)
from followup.model.yamlsource import MAX_FILE_BYTES, YamlDocument, _read_failure, load_yaml_file, relative_path
from followup.project import CONTENT_DIR, DATA_DIR, ContentPage, KeyPath, Project, ReportBundle

DEFAULT_SCALES_FILE = PACKAGE_DIR / "model" / "default_scales.yaml"
TABLE_FILES = ("finance.yaml", "tables.yaml")


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
FOLDER_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_FOLDER_NAME = 100
#: What the build writes at the site's root (pages, assets, MkDocs' search and sitemap): an
#: organisation folder with such a name would collide with it.
RESERVED_SITE_NAMES = frozenset(
    {
        "index",
        "sok",
        "search",
        "js",
        "css",
        "img",
        "assets",
        "diagram",
        "tillganglighet",
        "skriva-rapport",
        "sitemap",
        "404",
        "fonts",
        "static",
        "theme",
    }
)
#: Inside an organisation's folder the site writes index.html; report pages hold diagram/.
REPORT_RESERVED_NAMES = frozenset({"index", "diagram", "assets"})


def _folder_suggestion(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return (re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "min-mapp")[:MAX_FOLDER_NAME]


def _folder_failure(folder: Path, exc: OSError) -> str:
    import errno

    if exc.errno == errno.EACCES:
        return f"mappen går inte att läsa: behörighet saknas; ge ditt konto läsrätt till {folder.as_posix()} (t.ex. chmod u+rx)"
    return f"mappen går inte att läsa: {exc.strerror or exc}"


# --- Discovery ----------------------------------------------------------------------------


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


def did_you_mean(word: str, candidates: Iterable[str], *, cutoff: float = 0.6) -> str | None:
    """The closest candidate to `word`, or None."""
    candidates = list(candidates)
    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=cutoff)
    if not matches:
        lowered = {c.lower(): c for c in candidates}
        matches = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=cutoff)
        if matches:
            return lowered[matches[0]]
        return None
    return matches[0]


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
            f"'{entry.name}' hoppas över: den är {kind}, ingen vanlig fil; bara vanliga filer och mappar läses",
            hint="Ta bort den eller ersätt den med en vanlig fil.",
        )
        return True

    def bad_folder_name(self, entry: Path, what: str) -> bool:
        """True (with a located error) when a folder name cannot be an organisation or report id:
        it becomes part of the site's addresses and file names."""
        name = entry.name
        if len(name) > MAX_FOLDER_NAME:
            message = f"mappnamnet är för långt ({len(name)} tecken; högst {MAX_FOLDER_NAME} tillåts) för en {what}; korta det"
        elif not FOLDER_NAME.fullmatch(name):
            message = (
                f"mappnamnet '{name}' duger inte som adress för en {what}: använd bara små bokstäver a–z, "
                f"siffror 0–9 och bindestreck (t.ex. '{_folder_suggestion(name)}')"
            )
        elif what == "organisation" and name in RESERVED_SITE_NAMES:
            message = (
                f"mappnamnet '{name}' är reserverat för webbplatsens egna filer "
                f"({', '.join(sorted(RESERVED_SITE_NAMES))}); välj ett annat namn för organisationen"
            )
        elif what == "rapport" and name in REPORT_RESERVED_NAMES:
            message = f"mappnamnet '{name}' är reserverat för webbplatsens egna filer; välj ett annat namn för rapporten"
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
                        f"unexpected file '{entry.name}' directly under data/; data/ holds one folder per "
                        "organisation (data/<organisation>/organisation.yaml); move the file into a report folder",
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
                "no reports found under data/; add a folder data/<organisation>/<report>/ with a report.yaml, "
                "and data/<organisation>/organisation.yaml",
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
            guess = did_you_mean(entry.name, [ORGANISATION_FILE])
            if guess:
                message = f"unknown file name '{entry.name}'; did you mean '{guess}'?"
            elif entry.name in REPORT_FILES:
                message = f"'{entry.name}' belongs in a report folder: move it to data/{org_id}/<report>/{entry.name}"
            else:
                message = (
                    f"unexpected file '{entry.name}' in an organisation folder; it may hold only "
                    f"{ORGANISATION_FILE} and one folder per report"
                )
            self.error(self.rel(entry), message)

        org_doc: YamlDocument | None = None
        organisation: OrganisationFile | None = None
        if not org_file.exists():
            self.error(
                self.rel(org_file),
                f"file not found: every organisation folder needs {ORGANISATION_FILE} (at least 'name: ...'); create it",
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
                "this file is a symbolic link to a place outside the project; copy the file into the project instead",
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
                f"the file is empty; expected the keys {', '.join(required)}" if required else "the file is empty",
                hint="Fill it in or delete the file.",
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
                    f"unexpected folder '{entry.name}' in a report folder; a report folder holds only the files "
                    f"{', '.join(REPORT_FILES)} (narrative Markdown goes in content/{org_id}/{report_id}/)",
                )
                continue
            if entry.name not in REPORT_FILES:
                guess = did_you_mean(entry.name, REPORT_FILES)
                expected = f"a report folder may hold: {', '.join(REPORT_FILES)}"
                if guess:
                    message = f"unknown file name '{entry.name}'; did you mean '{guess}'? ({expected})"
                elif entry.suffix.lower() == ".md":
                    message = f"unknown file name '{entry.name}'; {expected}. Markdown pages go in content/{org_id}/{report_id}/"
                else:
                    message = f"unknown file name '{entry.name}'; {expected}"
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
            what = "the folder is empty; " if not entries else ""
            self.error(
                self.rel(report_file),
                f"file not found: {what}every report folder needs a report.yaml "
                "(title, document_type, status, period, summary); create it",
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
                    "this file is a symbolic link to a place outside the project; copy the file into the project instead",
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
                        "the page has no title; start it with a heading line such as '# Inledning'",
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
                    f"file is too large ({size:,} bytes; at most {MAX_FILE_BYTES:,} bytes are allowed); split it",
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
                    f"Did you mean content/{guess}/?"
                    if guess
                    else (f"Create data/{org.name}/{report.name}/report.yaml or move the folder.")
                )
                self.warning(
                    self.rel(report),
                    f"content folder without a report: there is no data/{org.name}/{report.name}/; its pages are not published",
                    hint=hint,
                )


def salvage(model: type[BaseModel], data: Any, *, rounds: int = 20) -> Any | None:
    """Validate `data` with every part that does not validate removed: an unknown key, or the
    innermost list item holding a bad value (a goal, a key figure, a table row). None when a
    required top-level value is what fails."""
    data = copy.deepcopy(data)
    for _ in range(rounds):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            found = {_cut_point(data, dict(error)) for error in exc.errors()}
        cuts = {cut for cut in found if cut is not None}
        if not cuts:
            return None
        # a cut inside another is covered by it; later list items first, so indices stay valid
        kept = [c for c in cuts if not any(o != c and c[: len(o)] == o for o in cuts)]
        for cut in sorted(kept, key=lambda c: [(isinstance(k, int), k if isinstance(k, int) else 0) for k in c], reverse=True):
            parent = data
            for key in cut[:-1]:
                parent = parent[key]
            del parent[cut[-1]]
    return None


def _cut_point(data: Any, error: dict) -> tuple | None:
    """The key path (in the data) of what to remove for one validation error."""
    path: list[Any] = []
    last_item: tuple | None = None
    node = data
    for key in error.get("loc", ()):
        if isinstance(node, dict) and key in node:
            path.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            path.append(key)
            last_item = tuple(path)
            node = node[key]
        # else: a part of the location that names a model (a union member), not the data
    if error.get("type") == "extra_forbidden" and path and isinstance(path[-1], str):
        return tuple(path)
    if last_item is not None:
        return last_item
    # a top-level value; when it is required, the next round fails as "missing", which has no cut
    return (path[0],) if path else None


def decode_text(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """UTF-8 text of a content file (BOM stripped, CRLF -> LF); a located problem when it is not UTF-8."""
    bom = b"\xef\xbb\xbf"
    body = raw[len(bom) :] if raw.startswith(bom) else raw
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        problems.append(
            Problem(
                rel,
                line,
                column,
                f"file is not UTF-8 text (invalid byte 0x{body[exc.start]:02X}); save it as UTF-8",
            )
        )
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_page(text: str, rel: str, slug: str) -> ContentPage:
    """Split off the first '# ' heading as the title."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# "):
            title = line[2:].strip().rstrip("#").strip()
            rest = lines[:index] + lines[index + 1 :]
            if index < len(rest) and not rest[index].strip():
                del rest[index]
            markdown = "\n".join(rest).strip("\n") + "\n"
            return ContentPage(rel, slug, title, markdown, index + 1, text)
    return ContentPage(rel, slug, slug.replace("-", " ").capitalize(), text, 0, text)


def referenced_files(bundle: ReportBundle) -> set[str]:
    """`file:` values of goal sections and attachments (as written, relative to the content folder)."""
    names: set[str] = set()
    for attachment in bundle.report.attachments:
        if attachment.file:
            names.add(_normalise_ref(attachment.file))
    if bundle.goals:
        for perspective in bundle.goals.perspectives:
            for goal in perspective.goals:
                for section in goal.sections:
                    if section.file:
                        names.add(_normalise_ref(section.file))
    return names


def _normalise_ref(name: str) -> str:
    return name[2:] if name.startswith("./") else name


def check_file_reference(root: Path, content_dir: str, name: str) -> tuple[Path | None, str | None]:
    """Resolve a `file:` reference inside a report's content folder.

    Returns (path, None) when the file exists safely inside the project, else (None, message).
    """
    shown = name
    if not name.strip():
        return None, "empty file name; write a file name relative to " + content_dir + "/"
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or name.startswith("~"):
        return None, (
            f"file path '{shown}' is absolute; write it relative to {content_dir}/ (e.g. 'bilaga.pdf') and put the file there"
        )
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return None, (
            f"file path '{shown}' climbs out of the report's content folder with '..'; put the file in "
            f"{content_dir}/ and write its name relative to that folder"
        )
    path = Path(root) / content_dir / _normalise_ref(name)
    kind = special_file_kind(path)
    if kind is not None:
        return None, f"filen '{shown}' läses inte: den är {kind}, ingen vanlig fil; ersätt den med en vanlig fil"
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if _inside_lexically(p, root)):
        if not _inside(path, Path(root)):
            return None, (
                f"file '{shown}' is a symbolic link to a place outside the project; copy the file into {content_dir}/ instead"
            )
    if not path.is_file():
        return (
            None,
            f"file '{shown}' not found: expected {content_dir}/{_normalise_ref(name)}; create it or correct the name",
        )
    if not _inside(path, Path(root)):
        return None, (
            f"file '{shown}' is a symbolic link to a place outside the project; copy the file into {content_dir}/ instead"
        )
    return path, None


def _inside_lexically(path: Path, root: Path) -> bool:
    try:
        path.relative_to(root)
        return path != Path(root)
    except ValueError:
        return False


@functools.lru_cache(maxsize=1)
def default_scales() -> tuple[list[AssessmentLevel], list[StatusLevel]]:
    """The scales of followup/model/default_scales.yaml."""
    doc = load_yaml_file(DEFAULT_SCALES_FILE, DEFAULT_SCALES_FILE.parent)
    data = doc.data
    return (
        [AssessmentLevel.model_validate(level) for level in data["assessment_scale"]],
        [StatusLevel.model_validate(level) for level in data["status_scale"]],
    )


# --- Translating pydantic's errors ---------------------------------------------------------

FIELD_NOUNS = {
    "document_type": "a document type",
    "status": "a status",
    "unit": "a measure unit",
    "direction": "a direction",
    "kind": "a kind",
    "category": "a category",
    "op": "an operation",
    "origin": "an origin",
    "operator": "an operator",
}


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] (Union with None)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _union_members(annotation: Any) -> list[Any] | None:
    core = _unwrap(annotation)
    if get_origin(core) in (Union, types.UnionType):
        return [a for a in get_args(core) if a is not type(None)]
    return None


def _is_model(annotation: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _literal_values(annotation: Any) -> list[Any] | None:
    core = _unwrap(annotation)
    if get_origin(core) is Literal:
        return list(get_args(core))
    return None


@dataclass
class _Where:
    """Where a pydantic error points, in the data and in the models."""

    keypath: tuple = ()
    field: str | None = None  # the last model field on the way
    suffix: tuple = ()  # list indexes / dict keys after that field
    model: type[BaseModel] | None = None  # the model holding `field`
    annotation: Any = None  # the type expected at the end (None: unknown)
    value: Any = None  # the data found at keypath
    found: bool = True  # whether keypath exists in the data
    is_key: bool = False  # the error is about a mapping key
    alternatives: list[Any] | None = None  # union members passed through
    key_annotation: Any = None  # the key type of the last mapping passed through


def _walk(model: type[BaseModel], data: Any, loc: tuple) -> _Where:
    where = _Where(annotation=model, value=data)
    node = data
    for element in loc:
        if element == "[key]":
            where.is_key = True
            where.annotation = where.key_annotation
            continue
        core = _unwrap(where.annotation) if where.annotation is not None else None
        members = _union_members(where.annotation) if where.annotation is not None else None
        if members is not None:
            # A union: pydantic adds the member tag (e.g. a table's kind) to loc.
            chosen = None
            for member in members:
                member = _unwrap(member)
                if _is_model(member) and "kind" in member.model_fields:
                    if element in (_literal_values(member.model_fields["kind"].annotation) or []):
                        chosen = member
            if chosen is not None:
                where.annotation = chosen
                continue
            where.alternatives = members
            where.annotation = None
            continue
        is_data_key = (isinstance(node, dict) and isinstance(element, str) and element in node) or (
            isinstance(node, list) and isinstance(element, int) and 0 <= element < len(node)
        )
        if not is_data_key:
            if _is_model(core) or where.annotation is None and isinstance(element, str) and not isinstance(node, dict):
                # Either a missing key (the last element) or a tag we do not know: skip tags.
                if _is_model(core):
                    where.model = core
                    where.field = element
                    where.suffix = ()
                    field_info = core.model_fields.get(element) if isinstance(element, str) else None
                    where.annotation = field_info.annotation if field_info else None
                    where.found = False
                continue
            where.found = False
            where.suffix = where.suffix + (element,)
            continue
        where.keypath = where.keypath + (element,)
        node = node[element]
        if _is_model(core):
            where.model = core
            where.field = element
            where.suffix = ()
            field_info = core.model_fields.get(element)
            where.annotation = field_info.annotation if field_info else None
        else:
            where.suffix = where.suffix + (element,)
            origin = get_origin(core)
            if origin is list:
                where.annotation = get_args(core)[0]
            elif origin is dict:
                where.key_annotation = get_args(core)[0]
                where.annotation = get_args(core)[1]
            else:
                where.annotation = None
    where.value = where.keypath[-1] if where.is_key and where.keypath else node
    return where


def describe(value: Any) -> str:
    """A value as an error message shows what was found."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)"
    if isinstance(value, (int, float)):
        text = str(value) if isinstance(value, float) or abs(value) < 10**15 else f"{Decimal(value):.6g}"
        return f"the number {text.replace('E', 'e')}"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"'{text}'"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return f"a {type(value).__name__}"


def _label(where: _Where) -> str:
    """The field an error is about, as the author wrote it: 'title', 'values: 2021', 'items (item 2)'."""
    name = where.field if isinstance(where.field, str) else "the file"
    if not isinstance(where.field, str):
        return "the file"
    text = name
    for part in where.suffix:
        if isinstance(part, int):
            text += f" (item {part + 1})"
        else:
            text += f": {part}"
    return text


def _describe_type(annotation: Any) -> str:
    core = _unwrap(annotation)
    if core is None:
        return "a value"
    members = _union_members(annotation)
    if members:
        return " or ".join(dict.fromkeys(_describe_type(m) for m in members))
    literal = _literal_values(core)
    if literal:
        return "one of " + ", ".join(str(v) for v in literal)
    if core is str:
        return "text"
    if core in (int, float):
        return "a number"
    if core is bool:
        return "true or false"
    if core is dt.date:
        return "a date (YYYY-MM-DD)"
    if get_origin(core) is list:
        return "a list"
    if get_origin(core) is dict or _is_model(core):
        return "a mapping (key: value lines)"
    name = getattr(core, "__name__", "")
    if name == "Period":
        return "a period"
    if name == "StatedNumber":
        return "a number"
    return "a value"


def _slug_suggestion(text: str) -> str:
    import re
    import unicodedata

    lowered = text.lower().strip()
    kept = "".join(c if c in "åäö" else unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode() for c in lowered)
    slug = re.sub(r"[^a-z0-9åäö]+", "-", kept).strip("-")
    return slug or "my-id"


def _friendly(error: ErrorDetails, where: _Where, model: type[BaseModel]) -> tuple[str, str | None, bool]:
    """(message, hint, at_key) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    label = _label(where)
    value = where.value if where.found else error.get("input")
    found = describe(value)
    if kind == "missing":
        return f"missing required key '{where.field}'", f"Add '{where.field}: ...' here.", False
    if kind == "extra_forbidden":
        key = where.keypath[-1] if where.keypath else where.field
        allowed = list(where.model.model_fields) if where.model else []
        # where.model is the model holding the unknown key
        guess = did_you_mean(str(key), allowed)
        if guess:
            return f"unknown key '{key}'; did you mean '{guess}'?", None, True
        return f"unknown key '{key}'; expected one of: {', '.join(allowed)}", None, True
    if kind == "literal_error":
        allowed = _literal_values(where.annotation) or []
        noun = FIELD_NOUNS.get(str(where.field), f"a valid value for '{label}'")
        if not allowed:
            expected_text = str(ctx.get("expected", ""))
        else:
            expected_text = ", ".join(str(v) for v in allowed)
        shown = f"'{value}'" if isinstance(value, str) else found
        guess = did_you_mean(str(value), [str(v) for v in allowed]) if allowed and isinstance(value, str) else None
        message = f"{shown} is not {noun}; expected one of: {expected_text}"
        return message, (f"Did you mean '{guess}'?" if guess else None), False
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags", "")
        tags = str(tags).replace("'", "")
        discriminator = str(ctx.get("discriminator", "'kind'")).strip("'")
        if kind == "union_tag_not_found":
            return (
                f"missing required key '{discriminator}'; expected one of: {tags}",
                f"Add '{discriminator}: ...'.",
                False,
            )
        tag = ctx.get("tag")
        guess = did_you_mean(str(tag), [t.strip() for t in tags.split(",")])
        hint = f"Did you mean '{guess}'?" if guess else None
        noun = "a table kind" if discriminator == "kind" else f"a valid '{discriminator}'"
        return f"'{tag}' is not {noun}; expected one of: {tags}", hint, False
    if kind in ("string_type",):
        hint = "Put the value in quotes." if isinstance(value, (int, float, dt.date, bool)) else None
        return f"expected text for '{label}', found {found}", hint, where.is_key
    if kind == "string_pattern_mismatch":
        if where.is_key and isinstance(value, str):
            return (
                f"'{value}' is not a valid key in '{where.field}': use lower-case letters, digits, - and _",
                f"For example '{_slug_suggestion(value)}'.",
                True,
            )
        if isinstance(value, str):
            return (
                f"'{value}' is not a valid id for '{label}': use lower-case letters, digits, - and _",
                f"For example '{_slug_suggestion(value)}'.",
                where.is_key,
            )
        return f"invalid value for '{label}': found {found}", None, where.is_key
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float", "finite_number"):
        if kind == "int_from_float":
            return f"expected a whole number for '{label}', found {found}", None, where.is_key
        if kind == "finite_number":
            return f"'{label}' must be a finite number, found {found}", None, where.is_key
        return f"expected a number for '{label}', found {found}", None, where.is_key
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "")
        if kind == "greater_than_equal" and limit == 0:
            return f"'{label}' cannot be negative, found {found}", None, False
        return f"'{label}' must be {words} {limit}, found {found}", None, False
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        length = len(value) if isinstance(value, str) else "?"
        return f"'{label}' är för långt ({length} tecken; högst {limit} tillåts); korta det", None, where.is_key
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        items = "item" if limit == 1 else "items"
        actual = ctx.get("actual_length", 0)
        if kind == "too_short":
            return f"'{label}' needs at least {limit} {items}, found {actual}", None, False
        return f"'{label}' may have at most {limit} {items}, found {actual}", None, False
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list for '{label}' (one '- ' line per item), found {found}", None, False
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"expected a mapping (key: value lines) for '{label}', found {found}", None, False
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false for '{label}', found {found}", None, False
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date for '{label}', found {found}", "Write it as YYYY-MM-DD.", False
    if kind in ("value_error", "assertion_error"):
        if isinstance(value, (dict, list)):
            expected = (
                "a number" if where.field and _describe_type(where.annotation) == "a value" else _describe_type(where.annotation)
            )
            return f"expected {expected} for '{label}', found {found}", None, where.is_key
        detail = ctx.get("error")
        text = str(detail) if detail is not None else ""
        if text.startswith("Value error, "):
            text = text[len("Value error, ") :]
        return (f"{label}: {text}" if text else f"invalid value for '{label}': found {found}"), None, where.is_key
    return f"invalid value for '{label}': found {found}, expected {_describe_type(where.annotation)}", None, False


def translate_errors(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    """Pydantic's validation errors as located, plain-language problems."""
    problems: list[Problem] = []
    union_groups: dict[tuple, list[tuple[ErrorDetails, _Where]]] = {}
    for error in exc.errors(include_url=False):
        where = _walk(model, doc.data, tuple(error["loc"]))
        if where.alternatives is not None and error["type"] not in ("extra_forbidden", "missing"):
            union_groups.setdefault(where.keypath, []).append((error, where))
            continue
        problems.append(_problem(error, where, doc, model))
    for keypath, group in union_groups.items():
        error, where = group[0]
        value_errors = [e for e, _ in group if e["type"] == "value_error"]
        if len(group) == 1 or all(e["type"] == "value_error" for e, _ in group):
            problems.append(_problem(value_errors[0] if value_errors else error, where, doc, model))
            continue
        expected = " or ".join(dict.fromkeys(_describe_type(m) for m in where.alternatives or []))
        line, column = doc.location(keypath)
        problems.append(
            Problem(doc.path, line, column, f"expected {expected} for '{_label(where)}', found {describe(where.value)}")
        )
    return problems


def _problem(error: ErrorDetails, where: _Where, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    message, hint, at_key = _friendly(error, where, model)
    if error["type"] == "missing":
        line, column = doc.location(where.keypath)
    elif error["type"] == "union_tag_invalid":
        line, column = doc.location(where.keypath + ("kind",))
    elif at_key:
        line, column = doc.key_location(where.keypath)
    else:
        line, column = doc.location(where.keypath)
    return Problem(doc.path, line, column, message, "error", hint)
