"""An organisation's profile on its pages: a stylesheet with its colour and a copy of its logo.

Both are files in the organisation's folder of the site (`<org>/profil.css`, `<org>/logotyp.<ext>`),
because the Content-Security-Policy allows no inline style. Pages of the organisation and of its
reports link them; the start page and the shared pages keep the site's own colours. The data
was checked by check/branding.py; a logo that cannot be read now is left out, never half-written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from followup.errors import read_regular_bytes
from followup.model import colours
from followup.model.models import OrganisationFile

STYLESHEET = "profil.css"


@dataclass
class Brand:
    """What the pages of one organisation add: files to write (relative to the site) and page info."""

    files: dict[str, bytes] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)


def brand_of(org_id: str, organisation: OrganisationFile, root: Path) -> Brand:
    brand = Brand()
    branding = organisation.branding
    if branding is None:
        return brand
    if branding.colour and colours.HEX_COLOUR.match(branding.colour):
        colour = colours.hex_of(colours.parse_hex(branding.colour))
        darker = colours.darkened(colour, 0.75)
        css = f":root {{ --brand: {colour}; --brand-2: {darker}; }}\n.site-header {{ border-bottom-color: {darker}; }}\n"
        brand.files[f"{org_id}/{STYLESHEET}"] = css.encode("utf-8")
        brand.info["stylesheet"] = f"{org_id}/{STYLESHEET}"
    if branding.logo:
        source = root / "data" / org_id / branding.logo
        try:
            data = read_regular_bytes(source)
        except OSError:
            return brand
        name = logo_path(org_id, organisation) or ""
        brand.files[name] = data
        brand.info["logo"] = name
        brand.info["logo_alt"] = f"Logotyp för {organisation.name}"
    return brand


def logo_path(org_id: str, organisation: OrganisationFile) -> str | None:
    """Where the organisation's logo is published, relative to the site ('lund/logotyp.svg')."""
    logo = organisation.branding.logo if organisation.branding else None
    return f"{org_id}/logotyp{Path(logo).suffix.lower()}" if logo else None


def brands_of(reports: list, root: Path) -> dict[str, Brand]:
    """The profile of every organisation with reports on the site, by organisation id."""
    organisations = {b.org_id: b.organisation for b in reports}
    return {org_id: brand_of(org_id, org, Path(root)) for org_id, org in sorted(organisations.items())}


def page_brand(brands: dict[str, Brand], url: str) -> dict[str, dict[str, str]]:
    """{"brand": …} for a page inside an organisation's folder whose organisation has a profile."""
    org_id = url.split("/", 1)[0] if "/" in url else None
    brand = brands.get(org_id) if org_id else None
    return {"brand": brand.info} if brand and brand.info else {}


def write_brands(reports: list, root: Path, write: Callable[[str, bytes], None]) -> dict[str, Brand]:
    """Every organisation's profile, its files written with `write` (the renderer's, so the build
    records them); the profiles by organisation id, for `page_brand`."""
    brands = brands_of(reports, root)
    for brand in brands.values():
        for rel, data in brand.files.items():
            write(rel, data)
    return brands
