"""What the accessibility statement (DIGG's model) says: each organisation's contact, the statement's
settings in mkdocs.yml, the known shortcomings and the compliance status they give."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followup import config
from followup.site.labels import COMPLIANCE_FULL, COMPLIANCE_PARTIAL, KNOWN_SHORTCOMINGS


def statement_context(bundles: list[Any], root: Path) -> dict[str, Any]:
    """The template's facts: contacts per organisation, the statement settings, the shortcomings
    (the site's known ones plus those mkdocs.yml lists) and the compliance status they give."""
    contacts = []
    for org_id in sorted({b.org_id for b in bundles}):
        org = next(b.organisation for b in bundles if b.org_id == org_id)
        if org.accessibility_contact is not None:
            contacts.append({"organisation": org.name, "contact": org.accessibility_contact.model_dump()})
    statement = config.read_site_config(config.config_file_for(root)).accessibility_statement
    shortcomings = list(KNOWN_SHORTCOMINGS)
    extra = statement.get("shortcomings") if isinstance(statement, dict) else None
    if isinstance(extra, list):
        shortcomings.extend({"title": None, "text": str(t)} for t in extra if t)
    return {
        "contacts": contacts,
        "statement": statement if isinstance(statement, dict) else {},
        "shortcomings": shortcomings,
        "compliance": COMPLIANCE_PARTIAL if shortcomings else COMPLIANCE_FULL,
    }
