"""`organisation.yaml`: the organisation, its units, groups, owners, contacts and declared units."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import (
    Field,
)

from followup.model.base import AssessmentLevel, DeclaredUnit, Group, Markdown, Model, Number, StatusLevel
from followup.model.goals import TagList

# --- organisation.yaml ----------------------------------------------------------------


class OrgUnit(Model):
    """An organisational unit (förvaltning, enhet, pilotverksamhet) with a short code."""

    code: str = Field(description="Short code used in tables, e.g. AVF.")
    name: str = Field(description="Full name, e.g. Arbetsmarknads- och vuxenutbildningsförvaltningen.")
    kind: str | None = Field(default=None, description="E.g. förvaltning, pilotverksamhet, övrigt.")
    started: dt.date | None = Field(default=None, description="When the unit joined (e.g. a pilot's start).")
    note: Markdown | None = None


class Contact(Model):
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    placeholder: bool = Field(
        default=False,
        description="The contact is an example (a site that is only a demonstration): the page says so, "
        "and build accepts an example address (.example) for a report that is not a draft.",
    )


OrganisationKind = Literal[
    "kommun", "region", "kommunalt bolag", "samordningsförbund", "kommunalförbund", "nämnd", "förvaltning", "annan"
]


class Owner(Model):
    """An owner of a company (kommunalt bolag) and its share."""

    name: str = Field(description="E.g. Uppsala kommun.")
    share: Number | None = Field(default=None, description="The share owned, in percent (100 %).")


class Branding(Model):
    """The organisation's profile on its pages, in its PDFs and Word files."""

    logo: str | None = Field(
        default=None,
        description="The logo: an SVG, PNG or JPEG file next to organisation.yaml (data/<organisation>/), "
        "shown on the organisation's and its reports' pages, on the PDF's title page and in Word.",
    )
    colour: str | None = Field(
        default=None,
        description="The primary colour as #RRGGBB, used for the header, headings and links of the "
        "organisation's pages; its contrast with white must be at least 4,5:1 (WCAG AA).",
    )


class OrganisationFile(Model):
    """`data/<organisation>/organisation.yaml`: shared by all reports of one organisation."""

    name: str = Field(description="The organisation, e.g. 'Lunds kommun'.")
    kind: OrganisationKind | None = Field(
        default=None,
        description="kommun, region, kommunalt bolag, samordningsförbund, kommunalförbund, nämnd, förvaltning or annan.",
    )
    owners: list[Owner] = Field(default_factory=list, description="The owners of a company, with their shares.")
    municipality: str | None = None
    short_name: str | None = None
    document_types: list[str] = Field(
        default_factory=list, description="Document types besides the common ones (uppföljning, årsredovisning …)."
    )
    measure_units: list[DeclaredUnit] = Field(
        default_factory=list, description="Units besides the built-in ones (ton CO₂e, GWh, kr/mån, kWh/m² år …)."
    )
    units: list[OrgUnit] = Field(default_factory=list, description="The unit registry.")
    groups: list[Group] = Field(default_factory=list, description="Extra population groups besides alla/kvinnor/män.")
    goal_tags: TagList | None = Field(default=None, description="The tags the goals of its reports may carry.")
    assessment_scale: list[AssessmentLevel] | None = Field(
        default=None, description="The goal assessment scale; default uppnått ● / delvis uppnått ◐ / ej uppnått ○."
    )
    status_scale: list[StatusLevel] | None = Field(
        default=None, description="The deliverable status scale; the default covers slutförd … ersatt."
    )
    accessibility_contact: Contact | None = None
    branding: Branding | None = Field(default=None, description="Logo and primary colour of the organisation's pages.")
