"""`report.yaml`: the report's metadata, summary, decision, sources, acknowledged discrepancies and
key figures."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal, Union

from pydantic import (
    Field,
)

from followup.model.base import AssessmentLevel, Markdown, MeasureUnit, Model, Number, PeriodText, Slug, Stated, StatusLevel

# --- report.yaml ------------------------------------------------------------------------

DEFAULT_DOCUMENT_TYPES: tuple[str, ...] = (
    "uppföljning",
    "halvtidsuppföljning",
    "delårsrapport",
    "årsredovisning",
    "verksamhetsberättelse",
    "hållbarhetsredovisning",
    "social redovisning",
    "slutrapport",
    "internkontroll",
    "verksamhetsplan",
    "utvärdering",
    "lägesrapport",
)
"""The document types every organisation has; `document_types` in organisation.yaml adds its own."""

DocumentType = Annotated[
    str,
    Field(
        min_length=1,
        description="The kind of document: "
        + ", ".join(DEFAULT_DOCUMENT_TYPES)
        + ", or one the organisation declares in `document_types`.",
        json_schema_extra={"examples": list(DEFAULT_DOCUMENT_TYPES)},
    ),
]

DocumentStatus = Literal["utkast", "förslag", "fastställd", "beslutad", "publicerad"]
"""Where the document is: a draft, a proposal, adopted, decided on, or published (adoption not stated)."""


class SourceLink(Model):
    """One page or file of the source document."""

    url: str = Field(pattern=r"^https?://\S+$", description="The address, e.g. https://…/arsredovisning-2014/.")
    title: str | None = None
    captured: Literal["whole", "beginning", "part"] = Field(
        default="whole", description="How much of it was transcribed: whole, beginning (cut off) or part."
    )
    note: str | None = None


class Provenance(Model):
    """Where the report's data comes from, and what of it is not in the data."""

    urls: list[SourceLink] = Field(default_factory=list, description="The source's pages or files.")
    not_captured: list[Markdown] = Field(
        default_factory=list, description="What the source has that the data does not (tables, pages, diagrams)."
    )
    note: Markdown | None = Field(default=None, description="Anything else about the source, e.g. a figure that does not add up.")


class Person(Model):
    name: str
    title: str | None = None
    unit: str | None = None


class Decision(Model):
    """Who decides on (or adopted) the report, and when."""

    body: str | None = Field(default=None, description="Beslutsinstans, e.g. Servicenämnden or Projektägare.")
    date: dt.date | None = None
    decided_by: Person | None = Field(default=None, description="Who adopted it (fastställd av).")
    proposal: Markdown | None = Field(default=None, description="Förslag till beslut.")
    note: Markdown | None = None


class Attachment(Model):
    title: str
    file: str | None = Field(default=None, description="A file under content/, relative to the report's content folder.")


class SourceNote(Model):
    """A note about the source document, shown visibly on the report (e.g. a contradiction in it)."""

    kind: Literal["discrepancy", "correction", "note"] = "note"
    text: Markdown


class Acknowledgment(Model):
    """A stated number that does not match the data, kept as the source states it, with the reason.

    The check of that number is then no longer a problem; an acknowledgment whose numbers no
    longer match the check is itself a warning, so it cannot silently outlive the discrepancy.
    """

    ref: str = Field(
        description="The reference of the checked value, e.g. surveys.kunddialog.2022.bemotande, or of a stated "
        "assessment: goals.<id>.assessment, indicators.<id>.<group>.assessment.<period>."
    )
    stated: Stated | None = Field(
        default=None, description="The number the source states (as in the data); needed for a number, not an assessment."
    )
    computed: Stated | None = Field(
        default=None,
        description="The number computed from the data, as many decimals as needed; needed for a number, not an "
        "assessment, nor with `restates`.",
    )
    restates: Slug | None = Field(
        default=None,
        description="An earlier report of the organisation that gave this value differently: this report's figure corrects it.",
    )
    earlier: Stated | None = Field(default=None, description="With `restates`: the value the earlier report gave.")
    reason: str = Field(description="Why the stated number or assessment is kept, shown on the page.")


class TimelineEvent(Model):
    date: dt.date | None = None
    period: PeriodText | None = None
    title: str
    description: Markdown | None = None


class ComputedFigure(Model):
    """How to compute a key figure from other values.

    Operands are references to computed values (`finance.resultat.total.2022`) or numbers.
    """

    op: Literal["sum", "difference", "ratio", "percent_of", "mean", "weighted_mean", "percent_change", "balance"]
    of: list[Union[str, Number]] = Field(min_length=1)
    weights: list[Union[str, Number]] = Field(
        default_factory=list,
        description="For weighted_mean: one weight per value of `of` (e.g. headcounts), in the same order.",
    )


class KeyFigure(Model):
    """A headline number of the report. Stated by the source, computed from the data, or both (then checked)."""

    id: Slug
    label: str
    unit: MeasureUnit = "none"
    stated: Stated | None = Field(default=None, description="The number as the source states it.")
    approximate: bool = Field(default=False, description="The source says 'cirka': checked with a 5 % tolerance.")
    compute: ComputedFigure | None = None
    period: PeriodText | None = None
    note: Markdown | None = None


class ReportFile(Model):
    """`report.yaml`: the report's metadata and front matter."""

    title: str
    short_title: str | None = None
    document_type: DocumentType
    status: DocumentStatus
    publish: bool = Field(default=True, description="false keeps the report out of the published site.")
    period: PeriodText = Field(description="The period the report follows up.")
    board: str | None = Field(default=None, description="Nämnd or committee, e.g. Servicenämnden.")
    administration: str | None = Field(default=None, description="Förvaltning, e.g. Serviceförvaltningen.")
    project: str | None = Field(default=None, description="The project, for project reports.")
    decision: Decision | None = None
    registration_number: str | None = Field(default=None, description="Diarienummer, e.g. SN 2021/0083.")
    owner: str | None = Field(default=None, description="Dokumentansvarig.")
    prepared_by: str | None = Field(default=None, description="Framtagen med/av.")
    signed_by: list[Person] = Field(default_factory=list)
    revised: dt.date | None = Field(default=None, description="Senast reviderad.")
    summary: Markdown = Field(description="Sammanfattning / ärendebeskrivning.")
    key_figures: list[KeyFigure] = Field(default_factory=list)
    timeline: list[TimelineEvent] = Field(default_factory=list)
    attachments: list[Attachment] = Field(default_factory=list)
    source_notes: list[SourceNote] = Field(default_factory=list)
    source: Provenance | None = Field(
        default=None, description="Where the data comes from (addresses) and what was not captured."
    )
    acknowledged: list[Acknowledgment] = Field(
        default_factory=list, description="Stated numbers kept as stated although the check fails."
    )
    assessment_scale: list[AssessmentLevel] | None = Field(
        default=None, description="Overrides the organisation's scale for this report."
    )
    status_scale: list[StatusLevel] | None = None
