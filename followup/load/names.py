"""Folder names: organisation and report folders are slugs that cannot collide with the site's own
files; and the did-you-mean used by every "unknown …" message."""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Iterable

from followup.i18n import _

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
#: Inside an organisation's folder the site writes index.html and over-aren/; report pages hold diagram/.
REPORT_RESERVED_NAMES = frozenset({"index", "diagram", "assets", "over-aren"})  # over-aren: site/organisation_pages.py


def _folder_suggestion(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return (re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "min-mapp")[:MAX_FOLDER_NAME]


def _folder_failure(folder: Path, exc: OSError) -> str:
    import errno

    if exc.errno == errno.EACCES:
        return _("mappen går inte att läsa: behörighet saknas; ge ditt konto läsrätt till {folder} (t.ex. chmod u+rx)").format(
            folder=folder.as_posix()
        )
    return _("mappen går inte att läsa: {reason}").format(reason=exc.strerror or exc)


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
