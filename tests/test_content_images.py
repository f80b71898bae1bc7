"""Local images in content pages (issue 14, "silently lost"): a real picture is copied into the site
next to the report's pages and shown; anything else (a file that is not the picture its name says, a
picture over the size limit, an SVG that could run code or fetch something) is a located error at
the image in the Markdown, and nothing is published.
"""

from __future__ import annotations

import posixpath
import re
import struct
import zlib
from pathlib import Path

import pytest
from conftest import write_project
from projectcopy import BUILD_GUARD, copy_code, copy_tree, output_of, run_build_py, tree_digest

from followup.check import images

PAGE = "content/org/rep/01-karta.md"


def png_bytes() -> bytes:
    """A valid 1x1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"")
    )


def svg(body: str, head: str = "") -> bytes:
    return (
        f'<?xml version="1.0"?>\n{head}<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10">\n{body}\n</svg>\n'
    ).encode()


def page_with(src: str) -> str:
    return f"# Karta\n\nSe kartan.\n\n![Karta över området]({src})\n"


def image_errors(make_project, problems, name: str, data: bytes) -> list[str]:
    root = make_project({PAGE: page_with(name)})
    target = root / "content/org/rep" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return [p for p in problems(root) if "bild" in p]


def refused(name: str, what: str, line: int) -> list[str]:
    return [
        f"{PAGE}:5:1: error: bilden '{name}' publiceras inte: SVG-filen innehåller {what} på rad {line}; en bild på "
        "webbplatsen får inte köra kod eller hämta något utifrån. Ta bort det ur bilden eller spara den som PNG"
    ]


# --- what is published: checked by content ---------------------------------------------------------


@pytest.mark.parametrize(
    "name,data",
    [
        ("karta.png", png_bytes()),
        ("bilder/foto.jpeg", b"\xff\xd8\xff\xe0" + b"\0" * 20),
        ("ikon.gif", b"GIF89a" + b"\0" * 20),
        ("bild.webp", b"RIFF\x10\0\0\0WEBPVP8 " + b"\0" * 8),
        (
            "ritning.svg",
            svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="10" height="10"/><use href="#g"/>'),
        ),
    ],
)
def test_real_pictures_pass_check(make_project, problems, name, data):
    assert image_errors(make_project, problems, name, data) == []


def test_a_file_whose_content_is_not_the_picture_its_name_says_is_refused(make_project, problems):
    assert image_errors(make_project, problems, "karta.png", b"<html><script>alert(1)</script></html>") == [
        f"{PAGE}:5:1: error: bilden 'karta.png' är inte en PNG-bild som filändelsen säger: innehållet är ingen bild "
        "som kan visas; spara den som PNG, JPEG, GIF, WebP eller SVG med rätt filändelse"
    ]


def test_a_jpeg_named_png_is_refused(make_project, problems):
    assert image_errors(make_project, problems, "karta.png", b"\xff\xd8\xff\xe0" + b"\0" * 20) == [
        f"{PAGE}:5:1: error: bilden 'karta.png' är inte en PNG-bild som filändelsen säger: innehållet är en JPEG-bild; "
        "spara den som PNG, JPEG, GIF, WebP eller SVG med rätt filändelse"
    ]


def test_a_file_type_that_is_not_a_picture_is_refused(make_project, problems):
    assert image_errors(make_project, problems, "karta.bmp", b"BM" + b"\0" * 20) == [
        f"{PAGE}:5:1: error: bilden 'karta.bmp' kan inte visas på webbplatsen: filtypen '.bmp' är ingen bild som "
        "publiceras; spara den som PNG, JPEG, GIF, WebP eller SVG"
    ]


def test_a_picture_over_the_size_limit_is_refused(make_project, problems, monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 100)
    assert image_errors(make_project, problems, "karta.png", png_bytes() + b"\0" * 100) == [
        f"{PAGE}:5:1: error: bilden 'karta.png' är för stor (169 byte; högst 100 byte publiceras); "
        "minska bildens storlek eller upplösning"
    ]


@pytest.mark.parametrize(
    "body,what,line",
    [
        ("<script>alert(1)</script>", "ett skript (<script>)", 3),
        ('<rect width="1" height="1"\n onload="alert(1)"/>', "händelseattributet 'onload'", 4),
        ('<a href=" javascript:alert(1)"><rect width="1" height="1"/></a>', "en javascript:-adress", 3),
        ('<a xlink:href="JaVa&#x09;Script:alert(1)"><rect/></a>', "en javascript:-adress", 3),
        (
            '<image href="https://example.org/spår.png" width="1" height="1"/>',
            "en extern referens ('https://example.org/spår.png')",
            3,
        ),
        ('<image xlink:href="//example.org/x.png"/>', "en extern referens ('//example.org/x.png')", 3),
        ('<use href="annan.svg#x"/>', "en extern referens ('annan.svg#x')", 3),
        ('<foreignObject><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>', "<foreignObject>", 3),
        (
            "<style>rect { fill: url(https://example.org/a.svg#p) }</style>",
            "en extern referens ('https://example.org/a.svg#p')",
            3,
        ),
        ("<style>@import url(a.css);</style>", "en extern referens (@import)", 3),
        ('<animate attributeName="href" values="#a;javascript:alert(1)"/>', "en javascript:-adress", 3),
    ],
)
def test_an_svg_that_could_run_code_or_fetch_something_is_refused(make_project, problems, body, what, line):
    assert image_errors(make_project, problems, "ritning.svg", svg(body)) == refused("ritning.svg", what, line)


def test_an_svg_with_a_dtd_is_refused(make_project, problems):
    head = '<!DOCTYPE svg [<!ENTITY lol "lol">]>\n'
    data = svg("<text>&lol;</text>", head)
    assert image_errors(make_project, problems, "ritning.svg", data) == refused(
        "ritning.svg", "en DOCTYPE (DTD och entiteter)", 1
    )


# --- on the site -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A project with two reports, one with a picture in a content page, built once."""
    root = copy_code(tmp_path_factory.mktemp("images") / "project")
    write_project(
        root,
        {
            PAGE: page_with("bilder/karta%20ny.png"),
            "data/org/annan/report.yaml": (
                "title: Annan rapport\ndocument_type: uppföljning\nstatus: fastställd\nperiod: 2021\nsummary: Kort.\n"
            ),
        },
    )
    (root / "content/org/rep/bilder").mkdir(parents=True)
    (root / "content/org/rep/bilder/karta ny.png").write_bytes(png_bytes())
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    return root


def shown_image(site: Path) -> Path:
    page = (site / "org/rep/01-karta.html").read_text(encoding="utf-8")
    tags = re.findall(r"<img src=\"([^\"]+)\" alt=\"Karta över området\">", page)
    assert tags == ["bilder/bilder/karta%20ny.png"], page
    from urllib.parse import unquote

    return site / "org/rep" / posixpath.normpath(unquote(tags[0]))


def test_a_picture_in_a_content_page_is_copied_next_to_the_page_and_shown(published):
    target = shown_image(published / "site")
    assert target.read_bytes() == png_bytes()


def test_an_incremental_build_keeps_the_picture_of_a_reused_report(published, tmp_path):
    root = copy_tree(published, tmp_path / "project")
    other = root / "data/org/annan/report.yaml"
    other.write_text(other.read_text(encoding="utf-8").replace("Kort.", "Ändrad."), encoding="utf-8")
    result = run_build_py(root, "build", "-v", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    assert shown_image(root / "site").read_bytes() == png_bytes()
    # and a changed picture is published by the next build
    (root / "content/org/rep/bilder/karta ny.png").write_bytes(png_bytes() + b"\0")
    result = run_build_py(root, "build", timeout=BUILD_GUARD, limit=False)
    assert result.returncode == 0, output_of(result)
    assert shown_image(root / "site").read_bytes() == png_bytes() + b"\0"


def test_an_svg_with_a_script_is_refused_by_build_and_the_site_is_unchanged(published, tmp_path):
    root = copy_tree(published, tmp_path / "project")
    (root / "content/org/rep/ritning.svg").write_bytes(svg("<script>alert(1)</script>"))
    (root / PAGE).write_text(page_with("bilder/karta%20ny.png") + "\n![Ritning](ritning.svg)\n", encoding="utf-8")
    before = {name: tree_digest(root / name) for name in ("site", "data", "content")}
    for command in ("check", "build"):
        result = run_build_py(root, command, timeout=BUILD_GUARD, limit=False)
        output = output_of(result)
        assert result.returncode == 1, output
        assert "Traceback" not in output
        assert output.splitlines()[0] == (
            f"{PAGE}:7:1: error: bilden 'ritning.svg' publiceras inte: SVG-filen innehåller ett skript (<script>) på "
            "rad 3; en bild på webbplatsen får inte köra kod eller hämta något utifrån. Ta bort det ur bilden eller "
            "spara den som PNG"
        )
        assert {name: tree_digest(root / name) for name in ("site", "data", "content")} == before
    assert not list((root / "site").rglob("ritning.svg"))
