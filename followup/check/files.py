"""References to files and pages: goal references, `file:` of goal sections and attachments, images in
content pages and content page names.

File references are relative to the report's content folder `content/<org>/<report>/`; absolute
paths, paths that climb out with `..` and symbolic links that lead outside the project are errors,
as are missing files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from followup.check.common import goals_of, leaves, unknown_message
from followup.check.images import image_problem
from followup.check.organisation import MAX_NAME_LENGTH
from followup.errors import Problem
from followup.i18n import _
from followup.load.files import check_file_reference
from followup.load.loader import ReportBundle
from followup.project import content_page_name


def check_goal_references(bundle: ReportBundle) -> Iterator[Problem]:
    """Goals name indicators, surveys and tables that exist, and goal areas indicators that exist."""
    sources = {
        "indicators": (
            _("okänd indikator"),
            "indicators.yaml",
            [i.id for i in bundle.indicators.indicators] if bundle.indicators else None,
        ),
        "surveys": (_("okänd enkät"), "surveys.yaml", [s.id for s in bundle.surveys.surveys] if bundle.surveys else None),
        "tables": (_("okänd tabell"), _("finance.yaml eller tables.yaml"), [t.id for t in bundle.tables]),
    }
    invalid = set(bundle.invalid_files)
    areas = bundle.goals.perspectives if bundle.goals else []
    referring = [*goals_of(bundle), *((area, ("perspectives", ai)) for ai, area in enumerate(areas))]
    for goal, kp in referring:
        for field, (what, file_name, ids) in sources.items():
            if field == "tables" and invalid & {"finance.yaml", "tables.yaml"}:
                continue
            if field != "tables" and file_name in invalid:
                continue
            for i, ref in enumerate(getattr(goal, field, None) or []):  # an area names indicators only
                if ids is None:
                    yield bundle.problem(
                        "goals.yaml",
                        kp + (field, i),
                        _(
                            "{unknown} '{value}': det finns ingen {file} i {folder}/; lägg till den eller ta bort hänvisningen"
                        ).format(unknown=what, value=ref, file=file_name, folder=bundle.data_dir),
                    )
                elif ref not in ids:
                    yield bundle.problem("goals.yaml", kp + (field, i), unknown_message(what, ref, ids, f"{file_name}"))


def check_goal_tags(bundle: ReportBundle) -> Iterator[Problem]:
    """Goals name tags of the declared tag list (goal_tags in goals.yaml or organisation.yaml)."""
    tag_list = bundle.goal_tags
    ids = [t.id for t in tag_list.all_tags()] if tag_list else []
    for goal, kp in goals_of(bundle):
        for i, tag in enumerate(goal.tags):
            if tag_list is None:
                yield bundle.problem(
                    "goals.yaml",
                    kp + ("tags", i),
                    _(
                        "okänd tagg '{tag}': ingen lista med taggar anges; lägg till 'goal_tags' i goals.yaml eller "
                        "data/{org}/organisation.yaml"
                    ).format(tag=tag, org=bundle.org_id),
                )
            elif tag not in ids:
                yield bundle.problem("goals.yaml", kp + ("tags", i), unknown_message(_("okänd tagg"), tag, ids, "goal_tags"))


def check_file_references(bundle: ReportBundle) -> Iterator[Problem]:
    """`file:` of goal sections and attachments name safe, existing files under content/."""
    root = bundle.root
    if root is None:
        return
    refs: list[tuple[str, tuple, str]] = []
    for ai, attachment in enumerate(bundle.report.attachments):
        if attachment.file is not None:
            refs.append(("report.yaml", ("attachments", ai, "file"), attachment.file))
    for goal, kp in goals_of(bundle):
        for si, section in enumerate(goal.sections):
            skp = kp + ("sections", si)
            if section.file is not None:
                refs.append(("goals.yaml", skp + ("file",), section.file))
                if section.body is not None:
                    yield bundle.problem(
                        "goals.yaml",
                        skp + ("body",),
                        _("ett avsnitt har antingen 'body' eller 'file', inte båda; ta bort den ena"),
                    )
            elif section.body is None:
                yield bundle.problem(
                    "goals.yaml",
                    skp,
                    _("ett avsnitt behöver 'body' (text i Markdown) eller 'file' (en sida under {folder}/)").format(
                        folder=bundle.content_dir
                    ),
                )
    for file_name, keypath, name in refs:
        _path, message = check_file_reference(root, bundle.content_dir, name)
        if message:
            yield bundle.problem(file_name, keypath, message)


def markdown_images(text: str) -> Iterator[tuple[str, int, int]]:
    """(src, line, column) of every image in Markdown text, located at its '!'."""
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline" or not token.children or token.map is None:
            continue
        images = [child for child in token.children if child.type == "image"]
        if not images:
            continue
        starts = []
        for number in range(token.map[0], min(token.map[1], len(lines))):
            column = lines[number].find("![")
            while column >= 0:
                starts.append((number + 1, column + 1))
                column = lines[number].find("![", column + 2)
        for index, image in enumerate(images):
            line, column = starts[index] if index < len(starts) else (token.map[0] + 1, 1)
            yield str(image.attrs.get("src", "")), line, column


def image_file_name(src: str) -> str | None:
    """The file an image's src names (relative to the report's content folder, as written), or None
    for an image that is not a file of the project (http(s), data:)."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(src)
    if parts.scheme and len(parts.scheme) > 1 and parts.scheme != "file":
        return None
    name = unquote(parts.path if parts.scheme == "file" else src.split("#")[0].split("?")[0])
    if parts.scheme == "file" and not name.startswith("/"):
        name = "/" + name
    return name


def check_content_images(bundle: ReportBundle) -> Iterator[Problem]:
    """Images in content pages name safe, existing picture files in the report's content folder
    (followup.check.images says which pictures are published).

    External images (http, https) are left to the renderer, which shows them as links.
    """
    if bundle.root is None:
        return
    for page in list(bundle.content_pages) + list(bundle.referenced_pages.values()):
        text = page.source or page.markdown
        if "![" not in text:
            continue
        for src, line, column in markdown_images(text):
            name = image_file_name(src)
            if name is None:
                continue  # http(s), data: ... are not files of the project
            path, message = check_file_reference(bundle.root, bundle.content_dir, name)
            if message is None and path is not None:
                message = image_problem(path, src)  # published only when a real, harmless picture
            if message:
                yield Problem(page.path, line, column, message)


def check_yaml_text_images(bundle: ReportBundle) -> Iterator[Problem]:
    """A picture written into a YAML text (summary, goal section, note) would show only its alt
    text: pictures are published from the report's content pages. An error, so nothing is lost
    silently."""
    for name, doc in sorted(getattr(bundle, "documents", {}).items()):
        for keypath, text in leaves(doc.data):
            if not isinstance(text, str) or "![" not in text:
                continue
            for src, _line, _column in markdown_images(text):
                if image_file_name(src) is None:
                    continue  # http(s), data: are not files of the project
                yield bundle.problem(
                    name,
                    keypath,
                    _(
                        "bilden '{src}' i en text i {name} visas inte på webbplatsen: bilder publiceras från rapportens "
                        "textsidor; lägg bilden i en textsida i {content_dir}/ och skriv där ![beskrivning]({src})"
                    ).format(src=src, name=name, content_dir=bundle.content_dir),
                )


def check_content_page_names(bundle: ReportBundle) -> Iterator[Problem]:
    """Every content page gets its own output file, with a name of bounded length: `mal.md` and
    `text-mal.md` would both be published as text-mal.html (compared case-insensitively, as on
    macOS and Windows)."""

    seen: dict[str, str] = {}
    for page in bundle.content_pages:
        name = Path(page.path).name
        if len(name) > MAX_NAME_LENGTH:
            yield Problem(
                page.path,
                1,
                1,
                _("filnamnet är för långt ({length} tecken; högst {limit} tillåts); byt till ett kortare namn").format(
                    length=len(name), limit=MAX_NAME_LENGTH
                ),
            )
            continue
        output = content_page_name(page.slug) + ".html"
        other = seen.setdefault(output.casefold(), page.path)
        if other != page.path:
            yield Problem(
                page.path,
                1,
                1,
                _(
                    "sidan publiceras som {output}, precis som {other}; en av sidorna skulle skriva över den andra. "
                    "Byt namn på en av filerna"
                ).format(output=output, other=other),
            )
