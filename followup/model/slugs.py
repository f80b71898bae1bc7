"""Identifiers made from Swedish text, for folder names and ids an author did not write by hand."""

from __future__ import annotations

import re
import unicodedata


def ascii_slug(text: str) -> str:
    """'Ny Rapport 2024' -> 'ny-rapport-2024'; å/ä/ö -> a/a/o (safe as a folder and file name)."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")
