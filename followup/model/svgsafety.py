"""Whether an SVG file is safe to publish as an image on the intranet.

An SVG is a document, not a picture: it can carry scripts, event handlers, links and references
that load other files. The site shows SVGs as `<img>` (where browsers do not run scripts), but a
reader may open the file itself, and PDFs and Word files embed it. So only plain drawings are
published: anything that runs, links out or loads something is refused, with the reason.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

MAX_SVG_BYTES = 1_000_000

#: Elements that run code, embed other documents or pull in other files.
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def svg_problem(data: bytes) -> str | None:
    """Why the SVG must not be published (Swedish, for the author), or None when it is a plain drawing."""
    if len(data) > MAX_SVG_BYTES:
        return f"SVG-filen är för stor ({len(data) // 1000} kB; högst {MAX_SVG_BYTES // 1000} kB)"
    text = data.decode("utf-8", errors="replace")
    # Entity declarations are refused outright: they are how XML documents blow up when parsed.
    if re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        return "SVG-filen har en DOCTYPE- eller ENTITY-deklaration; spara den som vanlig SVG utan sådana"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"SVG-filen går inte att läsa som XML ({exc})"
    if _local(root.tag) != "svg":
        return "filen är ingen SVG-bild (det yttersta elementet är inte <svg>)"
    for element in root.iter():
        name = _local(element.tag)
        if name in _FORBIDDEN_ELEMENTS:
            return f"SVG-filen innehåller elementet <{name}>, som kan köra kod eller hämta annat innehåll"
        if name == "style" and _EXTERNAL_URL.search(element.text or ""):
            return "SVG-filens stilmall hämtar en fil utifrån (url(...))"
        for attribute, value in element.attrib.items():
            key = _local(attribute)
            if key.startswith("on"):
                return f"SVG-filen har händelseattributet {key}, som kör kod"
            if key == "href" and not value.strip().startswith("#"):
                return f"SVG-filen länkar till eller hämtar '{value[:80]}'; bara interna referenser (#id) är tillåtna"
            if "javascript:" in value.lower() or (key == "style" and _EXTERNAL_URL.search(value)):
                return f"SVG-filens attribut {key} hämtar en fil utifrån eller kör kod"
    return None
