"""Identifiers made from Swedish text: the two slugs of the project.

`ascii_slug` names files and folders (å/ä/ö folded to a/a/o, safe on every file system);
`swedish_slug` makes ids, reference keys and anchors from labels, keeping å/ä/ö as the format's
ids do and folding other accents (é → e).
"""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str) -> str:
    """'Ny Rapport 2024' -> 'ny-rapport-2024'; å/ä/ö -> a/a/o (safe as a folder and file name)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def fold_accents(text: str) -> str:
    """'Café Über' -> 'Cafe Uber', with å, ä and ö (Swedish letters, not accented ones) kept."""
    return "".join(
        c if c in "åäöÅÄÖ" else "".join(d for d in unicodedata.normalize("NFKD", c) if not unicodedata.combining(d)) for c in text
    )


def swedish_slug(text: str) -> str:
    """'Projektledning – Café' -> 'projektledning-cafe'; å/ä/ö kept; '' when nothing is left."""
    return re.sub(r"[^a-z0-9åäö]+", "-", fold_accents(str(text).strip().lower())).strip("-")
