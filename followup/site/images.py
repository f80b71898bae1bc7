"""Local images of content pages on the site: copied next to the report's pages and shown.

`![Karta](karta.png)` in `content/<org>/<report>/*.md` names a file in the report's content folder
(followup.check.files checks that it exists inside the project; followup.check.images that it is
a real, bounded, harmless picture). The renderer copies every such picture to
`<org>/<report>/bilder/<its path in the content folder>` (a folder of its own, so a picture can
never take the name of a page or of a chart's `diagram/<id>.svg`) and points the `<img>` at it.
The copy goes through the renderer's own writer, so the incremental build records the picture
with the report's other files and keeps it while the report is reused.

A picture that fails those checks is never copied: the page shows its alt text (and `check` and
`build` report it, located at the image in the Markdown).
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from followup.check.files import image_file_name, markdown_images
from followup.check.images import image_problem
from followup.errors import read_regular_bytes
from followup.load.files import check_file_reference
from followup.project import ReportBundle

#: The folder of a report's pictures on the site.
IMAGE_FOLDER = "bilder"


def report_images(bundle: ReportBundle) -> dict[str, tuple[str, Path]]:
    """src as written in the Markdown -> (its path on the site relative to the report's folder, the
    file), for every publishable local image of the report's content pages."""
    found: dict[str, tuple[str, Path]] = {}
    if bundle.root is None:
        return found
    for page in [*bundle.content_pages, *bundle.referenced_pages.values()]:
        text = page.source or page.markdown
        if "![" not in text:
            continue
        for src, _, _ in markdown_images(text):
            name = image_file_name(src)
            if name is None or src in found:
                continue
            path, message = check_file_reference(bundle.root, bundle.content_dir, name)
            if message is not None or path is None or image_problem(path, src) is not None:
                continue
            rel = posixpath.normpath(name.replace("\\", "/")).lstrip("/")
            found[src] = (f"{IMAGE_FOLDER}/{rel}", path)
    return found


def copy_images(images: dict[str, tuple[str, Path]], base: str, write: Callable[[str, bytes], None]) -> None:
    """Write each picture once, to `base` (the report's folder, docs-relative) + its site path."""
    for target, path in dict(images.values()).items():
        write(base + target, read_regular_bytes(path))


def image_resolver(images: dict[str, tuple[str, Path]], base: str, href: Callable[[str], str]) -> Callable[[str], str]:
    """The Markdown renderer's image_resolver for one page: src -> the picture's URL from the page;
    ValueError for an image that is not published (the page shows its alt text)."""

    def resolve(src: str) -> str:
        entry = images.get(src)
        if entry is None:
            raise ValueError(f"image '{src}' is not published")
        return quote(href(base + entry[0]), safe="/#")

    return resolve
