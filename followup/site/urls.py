"""Links between pages: relative URLs (the site browses from file://), anchors, the data date, the
scroll hint of wide tables."""

from __future__ import annotations

import posixpath
import re
from typing import Any

from followup.model.slugs import swedish_slug

# --- URLs ------------------------------------------------------------------------------


def relative_url(target: str, from_url: str) -> str:
    """A link from the page at `from_url` to `target` (both site-relative, '/'-separated)."""
    if re.match(r"^[a-z][a-z0-9+.-]*:", target) or target.startswith(("#", "//")):
        return target
    path, sep, fragment = target.partition("#")
    base = posixpath.dirname(from_url)
    rel = posixpath.relpath(path or from_url, base or ".")
    if path.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel + (sep + fragment if sep else "")


def data_date(epoch: int) -> Any:
    """The day (Swedish time) of the data version's commit, or None when unknown."""
    if not epoch:
        return None
    import datetime as dt

    try:
        from zoneinfo import ZoneInfo

        zone: Any = ZoneInfo("Europe/Stockholm")
    except Exception:  # noqa: BLE001 - no time zone database: the UTC day is as good as any
        zone = dt.timezone.utc
    return dt.datetime.fromtimestamp(epoch, tz=zone).date()


SCROLL_HINT = '<p class="scroll-hint" aria-hidden="true">Svep i sidled för att se hela tabellen</p>\n'


def add_scroll_hints(body: str) -> str:
    """A swipe hint before every table scroll box (shown on narrow screens, see site.css/site.js)."""
    return re.sub(r'(?m)^(<div class="table-scroll[" ])', lambda m: SCROLL_HINT + m.group(1), body)


def src_of(url: str) -> str:
    """The docs_dir source of an output URL: a/b.html -> a/b.md."""
    return url[: -len(".html")] + ".md"


def slugify(text: str) -> str:
    """An anchor or CSS class from a label ('x' when the label has no letters or digits)."""
    return swedish_slug(text) or "x"
