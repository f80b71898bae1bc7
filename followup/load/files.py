"""Reading files safely: which files are visible, text decoding, content pages, the files a report
references (inside its content folder, never through a link out of the project), the default scales."""

from __future__ import annotations

import functools
from pathlib import Path

from followup.config import PACKAGE_DIR
from followup.errors import NotUtf8, Problem, decode_utf8, special_file_kind
from followup.i18n import _
from followup.model.models import (
    AssessmentLevel,
    StatusLevel,
)
from followup.model.yamlsource import load_yaml_file
from followup.project import ContentPage, ReportBundle

DEFAULT_SCALES_FILE = PACKAGE_DIR / "model" / "default_scales.yaml"

# --- Discovery ----------------------------------------------------------------------------


def _visible(path: Path) -> bool:
    return not path.name.startswith(".")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False


def decode_text(raw: bytes, rel: str, problems: list[Problem]) -> str | None:
    """UTF-8 text of a content file (BOM stripped, CRLF -> LF); a located problem when it is not UTF-8."""
    try:
        text = decode_utf8(raw)
    except NotUtf8 as exc:
        message = _("filen är inte UTF-8-text (ogiltig byte 0x{byte}); spara den som UTF-8")
        problems.append(exc.problem(rel, message.format(byte=exc.byte)))
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
        return None, _("filnamnet är tomt; skriv ett filnamn relativt till {folder}/").format(folder=content_dir)
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or name.startswith("~"):
        return None, _(
            "sökvägen '{name}' är absolut; skriv den relativt till {folder}/ (t.ex. 'bilaga.pdf') och lägg filen där"
        ).format(name=shown, folder=content_dir)
    parts = name.replace("\\", "/").split("/")
    if ".." in parts:
        return None, _(
            "sökvägen '{name}' går ut ur rapportens innehållsmapp med '..'; lägg filen i {folder}/ "
            "och skriv dess namn relativt till den mappen"
        ).format(name=shown, folder=content_dir)
    path = Path(root) / content_dir / _normalise_ref(name)
    kind = special_file_kind(path)
    if kind is not None:
        return None, _("filen '{name}' läses inte: den är {kind}, ingen vanlig fil; ersätt den med en vanlig fil").format(
            name=shown, kind=_(kind)
        )
    if path.is_symlink() or any(p.is_symlink() for p in path.parents if _inside_lexically(p, root)):
        if not _inside(path, Path(root)):
            return None, _(
                "filen '{name}' är en symbolisk länk till en plats utanför projektet; kopiera filen till {folder}/ i stället"
            ).format(name=shown, folder=content_dir)
    if not path.is_file():
        return (
            None,
            _("filen '{name}' finns inte: den ska ligga i {folder}/{file}; skapa den eller rätta namnet").format(
                name=shown, folder=content_dir, file=_normalise_ref(name)
            ),
        )
    if not _inside(path, Path(root)):
        return None, _(
            "filen '{name}' är en symbolisk länk till en plats utanför projektet; kopiera filen till {folder}/ i stället"
        ).format(name=shown, folder=content_dir)
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
