"""Images in content pages: only real, bounded, harmless picture files are published.

A local image (`![Karta](karta.png)`) is copied into the site next to the report's pages
(followup.site.images). What may be copied is decided here, by the file's content, not its name:

* PNG, JPEG, GIF and WebP are recognised by their first bytes (magic numbers); SVG by parsing it
  as XML whose root is `<svg>`. The file name's extension must name the same kind (a browser
  opened on the file by itself trusts the extension).
* At most `MAX_IMAGE_BYTES` (a site is read on phones; a bigger image is a mistake).
* An SVG is a document that can run code and fetch things: one with `<script>`, event handler
  attributes (`onload=…`), `javascript:` (or `vbscript:`, non-image `data:`) URLs, `<foreignObject>`,
  embedded HTML documents, or references to anything but its own fragments (`href="https://…"`,
  `href="annan.svg"`, `url(https://…)`, `@import`) is refused, never sanitised: the author gets a
  located error and saves the picture without it (or as PNG). DTDs and entities are refused too (an
  entity can expand to a billion characters).
"""

from __future__ import annotations

import re
from pathlib import Path

from followup.errors import read_regular_bytes
from followup.model.formatting import format_number

#: Largest image published (bytes).
MAX_IMAGE_BYTES = 5 * 1024 * 1024

#: File name extension -> kind of image it names.
EXTENSIONS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP", ".svg": "SVG"}
ALLOWED = "PNG, JPEG, GIF, WebP eller SVG"

_SVG_NS = "http://www.w3.org/2000/svg"
_XLINK = "{http://www.w3.org/1999/xlink}href"
_DANGEROUS_ELEMENTS = {"script": "ett skript (<script>)", "foreignobject": "<foreignObject>"}
_HTML_ELEMENTS = {"iframe", "embed", "object", "frame", "frameset", "applet", "meta", "link", "base", "form"}
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.-]*)\s*:", re.IGNORECASE)
_SAFE_DATA = re.compile(r"^\s*data:image/(png|jpeg|gif|webp);", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _count(n: int) -> str:
    return format_number(n, 0).replace("\u00a0", " ")


def sniff(data: bytes) -> str | None:
    """The kind of image the bytes are (PNG, JPEG, GIF, WebP, SVG), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") and b"<svg" in data[:4096]:
        return "SVG"
    return None


def image_problem(path: Path, shown: str) -> str | None:
    """Why the image file at `path` (written `shown` in the Markdown) cannot be published, or None."""
    kind = EXTENSIONS.get(path.suffix.lower())
    if kind is None:
        return (
            f"bilden '{shown}' kan inte visas på webbplatsen: filtypen '{path.suffix or '(ingen)'}' är ingen bild som "
            f"publiceras; spara den som {ALLOWED}"
        )
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            return (
                f"bilden '{shown}' är för stor ({_count(size)} byte; högst {_count(MAX_IMAGE_BYTES)} byte publiceras); "
                "minska bildens storlek eller upplösning"
            )
        data = read_regular_bytes(path)
    except OSError as exc:
        return f"bilden '{shown}' kan inte läsas: {exc.strerror or exc}"
    if len(data) > MAX_IMAGE_BYTES:  # grew since the stat
        return f"bilden '{shown}' är för stor (högst {_count(MAX_IMAGE_BYTES)} byte publiceras); minska den"
    found = sniff(data)
    if found != kind:
        what = f"en {found}-bild" if found else "ingen bild som kan visas"
        return (
            f"bilden '{shown}' är inte en {kind}-bild som filändelsen säger: innehållet är {what}; spara den som "
            f"{ALLOWED} med rätt filändelse"
        )
    if kind == "SVG":
        return svg_problem(data, shown)
    return None


def svg_problem(data: bytes, shown: str) -> str | None:
    """Why an SVG cannot be published (see the module docstring), or None."""
    from lxml import etree  # deferred: only an SVG image needs an XML parser

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        return f"bilden '{shown}' publiceras inte: SVG-filen är inte giltig XML (rad {line}); spara om den i ritprogrammet"
    doctype = root.getroottree().docinfo
    if doctype.internalDTD is not None or doctype.externalDTD is not None or doctype.system_url or doctype.public_id:
        return _refused(shown, "en DOCTYPE (DTD och entiteter)", 1)
    if etree.QName(root).localname != "svg":
        return f"bilden '{shown}' är inte en SVG-bild som filändelsen säger: dess rotelement är <{etree.QName(root).localname}>"
    for element in root.iter():
        line = element.sourceline or 1
        if not isinstance(element.tag, str):
            if isinstance(element, etree._Entity):
                return _refused(shown, "en entitet", line)
            continue  # comments and processing instructions
        name = etree.QName(element).localname.lower()
        if name in _DANGEROUS_ELEMENTS:
            return _refused(shown, _DANGEROUS_ELEMENTS[name], line)
        if name in _HTML_ELEMENTS:
            return _refused(shown, f"HTML-elementet <{name}>", line)
        for attribute, value in element.attrib.items():
            local = etree.QName(attribute).localname.lower()
            if local.startswith("on"):
                return _refused(shown, f"händelseattributet '{local}'", line)
            if local == "href" or attribute == _XLINK:
                problem = _reference_problem(value)
                if problem:
                    return _refused(shown, problem, line)
            elif local == "style":
                problem = _style_problem(value)
                if problem:
                    return _refused(shown, problem, line)
            else:
                flat = _INVISIBLE.sub("", value).lower()
                for scheme in ("javascript", "vbscript"):
                    if scheme + ":" in flat:
                        return _refused(shown, f"en {scheme}:-adress", line)
        if name == "style":
            problem = _style_problem(element.text or "")
            if problem:
                return _refused(shown, problem, line)
    return None


def _refused(shown: str, what: str, line: int) -> str:
    return (
        f"bilden '{shown}' publiceras inte: SVG-filen innehåller {what} på rad {line}; en bild på webbplatsen får inte "
        "köra kod eller hämta något utifrån. Ta bort det ur bilden eller spara den som PNG"
    )


def _scheme(value: str) -> str | None:
    match = _SCHEME.match(_INVISIBLE.sub("", value))
    return match.group(1).lower() if match else None


def _reference_problem(value: str) -> str | None:
    """A reference (href) other than a fragment of the image itself or an embedded raster image."""
    text = _INVISIBLE.sub("", value)
    if not text or text.startswith("#") or _SAFE_DATA.match(text):
        return None
    scheme = _scheme(text)
    if scheme in ("javascript", "vbscript"):
        return f"en {scheme}:-adress"
    shown = text if len(text) <= 60 else text[:57] + "…"
    return f"en extern referens ('{shown}')"


def _style_problem(css: str) -> str | None:
    if "@import" in css.lower():
        return "en extern referens (@import)"
    if "javascript:" in _INVISIBLE.sub("", css).lower():
        return "en javascript:-adress"
    for target in _CSS_URL.findall(css):
        problem = _reference_problem(target)
        if problem:
            return problem
    return None
