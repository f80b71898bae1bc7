"""The report data format, as pydantic models.

These models are the single source of truth for the format: the validator uses them,
the JSON Schema in `schema/` is generated from them, and the author guide lists their
fields and descriptions. Every model forbids unknown keys so that a typo is an error.

One report is a folder `data/<organisation>/<report>/` holding these files:

    report.yaml        ReportFile        metadata, summary, decision, key figures (required)
    goals.yaml         GoalsFile         goals grouped by perspective, with assessments
    indicators.yaml    IndicatorsFile    indicators per period and group, with targets
    surveys.yaml       SurveysFile       survey tables: respondents and scores per unit
    finance.yaml       TablesFile        budget/outcome, per-unit results, cost tables
    deliverables.yaml  DeliverablesFile  project deliverables with statuses
    tables.yaml        TablesFile        any other table (same kinds as finance.yaml)

and the organisation's shared `data/<organisation>/organisation.yaml` (OrganisationFile).

Numbers may be written the Swedish way (`7,77`, `295 591`, `−13 225`, `6,5 %`): they are
converted, never kept as text. Periods are written as people write them (`2022`,
`2020–2023`, `2022 apr–dec`, `2023-Q1`, `dec 2022 – nov 2023`).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    WithJsonSchema,
    model_validator,
)

from followup.model.numbers import StatedNumber, parse_number, parse_stated_number
from followup.model.periods import Period, parse_period


class Model(BaseModel):
    """Base for every model: unknown keys are errors, fields keep their declared order."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- Scalar types -----------------------------------------------------------------------

NUMBER_TEXT_PATTERN = r"^\s*[+\-−–]?\s*[0-9][0-9   ]*([,.][0-9]+)?\s*(%|SEK|kr|tkr|mnkr)?\s*$"

_number_schema = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "pattern": NUMBER_TEXT_PATTERN,
            "description": "A number written the Swedish way: 7,77 · 295 591 · −13 225 · 6,5 %",
        },
    ]
}


# A number may carry a percent sign or a currency word as pasted from a document; the
# unit that counts is the one the table or indicator declares.
NUMBER_UNIT_WORDS = ("SEK", "kr", "tkr", "mnkr")


def _to_number(value: Any) -> Any:
    if value is None:
        return None
    return parse_number(value, percent=True, units=NUMBER_UNIT_WORDS)


def _to_stated(value: Any) -> Any:
    if value is None or isinstance(value, StatedNumber):
        return value
    return parse_stated_number(value, percent=True, units=NUMBER_UNIT_WORDS)


def _to_period(value: Any) -> Any:
    if isinstance(value, Period):
        return value
    if isinstance(value, (dt.date,)):
        value = value.isoformat()
    return parse_period(value)


Number = Annotated[
    float,
    BeforeValidator(_to_number),
    WithJsonSchema(_number_schema),
]
"""A number; Swedish notation in text is converted."""

Count = Annotated[
    int,
    BeforeValidator(_to_number),
    Field(ge=0),
    WithJsonSchema({"anyOf": [{"type": "integer", "minimum": 0}, {"type": "string", "pattern": r"^\s*[0-9][0-9   ]*\s*$"}]}),
]
"""A whole, non-negative number (respondents, headcounts)."""

Stated = Annotated[
    StatedNumber,
    BeforeValidator(_to_stated),
    PlainSerializer(lambda s: s.text, return_type=str),
    WithJsonSchema(_number_schema),
]
"""A number as the source document states it (a total, a difference, a mean).

The build recomputes it from the data and reports a mismatch; the number of decimals
written sets the tolerance (7,77 is checked to ±0,005)."""

PeriodText = Annotated[
    Period,
    BeforeValidator(_to_period),
    PlainSerializer(lambda p: p.label, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "integer"}, {"type": "string"}],
            "description": "A period: 2022 · 2020–2023 · 2022 apr–dec · 2023-Q1 · dec 2022 – nov 2023",
        }
    ),
]

Markdown = Annotated[
    str,
    Field(description="Text in Markdown. HTML is not allowed and is shown as text."),
]

Slug = Annotated[
    str,
    Field(
        pattern=r"^[a-z0-9åäö][a-z0-9åäö_-]*$",
        max_length=100,  # ids become file names (diagram/<id>.svg): never "File name too long"
        description="An identifier: lower-case letters, digits, - and _ (e.g. nojda-kunder); at most 100 characters.",
    ),
]

UnitCode = Annotated[
    str,
    Field(description="The code of a unit in the organisation's unit registry (e.g. AVF)."),
]

MeasureUnit = Literal[
    "percent",
    "percentage_points",
    "index",
    "score",
    "sek",
    "tkr",
    "mnkr",
    "count",
    "ratio",
    "days",
    "hours",
    "none",
]
"""The unit a number is measured in. `none` means the source does not state a unit."""

UnitName = Annotated[
    str,
    Field(
        min_length=1,
        description="A built-in unit (percent, sek, count, …) or a unit the organisation declares "
        "in `measure_units` by its label (ton CO₂e, GWh, kr/mån, kWh/m² år).",
    ),
]


class DeclaredUnit(Model):
    """A unit the organisation measures in besides the built-in ones: `{label: ton CO₂e, plural: ton CO₂e, decimals: 0}`."""

    label: str = Field(min_length=1, description="Written after a number and as the indicator's unit, e.g. 'ton CO₂e'.")
    plural: str | None = Field(default=None, description="The unit's name in the plural, e.g. 'timmar', 'kronor'.")
    decimals: int | None = Field(default=None, ge=0, le=6, description="Decimals shown when the indicator does not say.")
    description: str | None = None


# --- Scales -----------------------------------------------------------------------------


class AssessmentLevel(Model):
    """One level of a goal assessment scale, e.g. uppnått ●."""

    id: Slug
    label: str = Field(description="The word shown with the symbol, e.g. 'uppnått'.")
    plural: str | None = Field(default=None, description="The word in the plural, for counts: '12 av 27 delmål uppfyllda'.")
    symbol: str = Field(description="A symbol that tells the level without colour, e.g. ● ◐ ○.")
    category: Literal["achieved", "partly_achieved", "not_achieved", "not_assessed"] = Field(
        description="What the level means, for summaries and colours."
    )
    description: str | None = None


class StatusLevel(Model):
    """One deliverable status, e.g. slutförd ✔."""

    id: Slug
    label: str
    symbol: str
    category: Literal["done", "partly_done", "in_progress", "not_started", "replaced", "handed_over", "cancelled"]
    completed: bool = Field(description="Whether a deliverable with this status counts as completed.")
    description: str | None = None


class Group(Model):
    """A population group that results are broken down by (alla, kvinnor, män, ...)."""

    id: Slug
    label: str


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
    assessment_scale: list[AssessmentLevel] | None = Field(
        default=None, description="The goal assessment scale; default uppnått ● / delvis uppnått ◐ / ej uppnått ○."
    )
    status_scale: list[StatusLevel] | None = Field(
        default=None, description="The deliverable status scale; the default covers slutförd … ersatt."
    )
    accessibility_contact: Contact | None = None


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

    ref: str = Field(description="The reference of the checked value, e.g. surveys.kunddialog.2022.bemotande.")
    stated: Stated = Field(description="The number the source states (as in the data).")
    computed: Stated = Field(description="The number computed from the data, as many decimals as needed.")
    reason: str = Field(description="Why the stated number is kept, shown on the page.")


class TimelineEvent(Model):
    date: dt.date | None = None
    period: PeriodText | None = None
    title: str
    description: Markdown | None = None


class ComputedFigure(Model):
    """How to compute a key figure from other values.

    Operands are references to computed values (`finance.resultat.total.2022`) or numbers.
    """

    op: Literal["sum", "difference", "ratio", "percent_of", "mean"]
    of: list[Union[str, Number]] = Field(min_length=1)


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


# --- goals.yaml -------------------------------------------------------------------------


class Priorities(Model):
    """Priorities set at a (mid-term) follow-up for the remaining period."""

    set_at: str | None = Field(default=None, description="E.g. 'uppföljningen efter 2021'.")
    period: PeriodText | None = None
    items: list[Markdown] = Field(min_length=1)


class NarrativeSection(Model):
    title: str
    body: Markdown | None = None
    file: str | None = Field(default=None, description="A Markdown file under the report's content folder.")


class Goal(Model):
    id: Slug
    number: str | None = Field(default=None, description="The goal's number in the source, e.g. '2.1' (shown with its area).")
    title: str
    assessment: Slug | None = Field(default=None, description="A level id of the assessment scale.")
    assessment_text: Markdown | None = Field(default=None, description="Motivation of the assessment.")
    period: PeriodText | None = None
    description: Markdown | None = Field(default=None, description="The goal text (what the goal was).")
    priorities: Priorities | None = None
    what_was_done: Markdown | None = None
    result: Markdown | None = None
    analysis: Markdown | None = None
    next_steps: Markdown | None = None
    sections: list[NarrativeSection] = Field(default_factory=list)
    indicators: list[Slug] = Field(default_factory=list, description="Ids of indicators that measure the goal.")
    surveys: list[Slug] = Field(default_factory=list)
    tables: list[Slug] = Field(default_factory=list)


class Perspective(Model):
    """A perspective or goal area grouping goals (e.g. Attraktiv arbetsgivare)."""

    id: Slug
    number: str | None = Field(default=None, description="The area's number in the source, e.g. '2'.")
    title: str
    description: Markdown | None = None
    goals: list[Goal] = Field(min_length=1)


class GoalsFile(Model):
    title: str | None = Field(default=None, description="Heading of the goals page, e.g. '4-åriga processmål'.")
    area_word: str | None = Field(
        default=None,
        description="The organisation's word for a goal area: målområde, perspektiv, fokusområde (default perspektiv).",
    )
    goal_word: str | None = Field(
        default=None, description="The organisation's word for a goal, in counts: mål, delmål (default mål)."
    )
    introduction: Markdown | None = None
    perspectives: list[Perspective] = Field(min_length=1)


# --- indicators.yaml --------------------------------------------------------------------


class CountOf(Model):
    """A share written as counts: 154 of 214. The share (in percent) is computed."""

    count: Count = Field(description="The part, e.g. 154.")
    of: Count = Field(description="The whole, e.g. 214.")


_APPROXIMATE = re.compile(r"^\s*(cirka|ca\.?|c:a|omkring|ungefär)\s+(?P<rest>.+)$", re.IGNORECASE)
_COUNT_OF = re.compile(r"^\s*(?P<count>[0-9][0-9   ]*)\s+av\s+(?P<of>[0-9][0-9   ]*)\s*$")
MISSING_WORDS = ("statistik saknas", "uppgift saknas", "saknas", "ej tillgänglig", "ej mätt", "-", "–", "—", "..")
"""Outcome text that means "no value" (the text itself becomes the reason)."""


def _normalise_outcomes(data: Any) -> Any:
    """Outcomes as people write them, turned into numbers with what the wording said.

    `154 av 214` or `{count: 154, of: 214}` → the share in percent, the counts kept in `counts`;
    `cirka 5 000` → 5000, the period listed in `approximate`; `Statistik saknas`, `–` → no value,
    the text kept as the reason in `missing`. Anything else is left for the number parser."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), dict):
        return data
    written = {"counts": dict, "missing": dict, "approximate": list}
    if any(data.get(name) is not None and not isinstance(data[name], kind) for name, kind in written.items()):
        return data  # a wrongly shaped field: the model's own validation says where
    data = dict(data)
    values = dict(data["values"])
    counts = dict(data.get("counts") or {})
    missing = dict(data.get("missing") or {})
    approximate = list(data.get("approximate") or [])
    for key, value in values.items():
        if isinstance(value, dict) and set(value) == {"count", "of"}:
            counts[key] = value
            values[key] = None
            continue
        if not isinstance(value, str):
            continue
        text = value.strip()
        if text.lower() in MISSING_WORDS:
            values[key] = None
            missing.setdefault(key, text)
            continue
        match = _COUNT_OF.match(text)
        if match:
            counts[key] = {"count": match["count"], "of": match["of"]}
            values[key] = None
            continue
        match = _APPROXIMATE.match(text)
        if match:
            values[key] = match["rest"]
            if key not in approximate:
                approximate.append(key)
    data["values"] = values
    if counts:
        data["counts"] = counts
    if missing:
        data["missing"] = missing
    if approximate:
        data["approximate"] = approximate
    return data


class Series(Model):
    """The outcomes of one group over periods: `values: {2021: 6,5 %, 2022: 7,3 %}`."""

    group: Slug = "alla"
    values: dict[str, Number | None] = Field(
        default_factory=dict,
        description=(
            "Outcome per period label. Leave a period out, or set it to null with a reason in `missing`. "
            "'154 av 214' is a share written as counts, 'cirka 5 000' an approximate value, "
            "'Statistik saknas' or '–' a missing value with that reason."
        ),
    )
    counts: dict[str, CountOf] = Field(
        default_factory=dict, description="A share written as counts per period: {2021: {count: 154, of: 214}}."
    )
    approximate: list[str] = Field(
        default_factory=list, description="Periods whose value the source gives as approximate ('cirka')."
    )
    missing: dict[str, str] = Field(default_factory=dict, description="Why a period has no value, e.g. {2020: statistik saknas}.")
    notes: dict[str, Markdown] = Field(default_factory=dict, description="A note per period, e.g. a rolling window.")
    narrative: dict[str, Markdown] = Field(
        default_factory=dict,
        description="A qualitative outcome per period: what happened, in words, when there is no number.",
    )
    assessment: dict[str, Slug] = Field(
        default_factory=dict,
        description="The organisation's assessment per period (a level id of the assessment scale).",
    )

    @model_validator(mode="before")
    @classmethod
    def _outcomes_as_written(cls, data: Any) -> Any:
        return _normalise_outcomes(data)

    @model_validator(mode="after")
    def _shares_from_counts(self) -> "Series":
        for key, share in self.counts.items():
            if share.of > 0 and self.values.get(key) is None:
                self.values[key] = share.count / share.of * 100
        return self


_TARGET_OPERATOR = re.compile(r"^\s*(?P<op>>=|<=|≥|≤|>|<|=)\s*(?P<rest>.+)$")
_TARGET_RANGE = re.compile(r"^\s*(?P<min>[0-9][0-9   ,.]*)\s*(?:–|-|—|till)\s*(?P<max>[0-9][0-9   ,.]*)\s*(?P<unit>%)?\s*$")


class Target(Model):
    """A target: a value (read with the indicator's direction), a threshold, a range, a guide value
    (riktvärde), or a qualitative target in words."""

    period: PeriodText
    group: Slug = "alla"
    value: Annotated[
        float | None,
        WithJsonSchema(
            {
                "anyOf": [
                    *_number_schema["anyOf"],
                    {
                        "type": "string",
                        "pattern": (
                            r"^\s*(>=|<=|≥|≤|>|<|=)?\s*[+\-−–]?\s*[0-9][0-9   ,.]*\s*(%|SEK|kr|tkr|mnkr)?\s*$"
                            r"|^\s*[0-9][0-9   ,.]*\s*(–|-|—|till)\s*[0-9][0-9   ,.]*\s*%?\s*$"
                        ),
                    },
                    {"type": "null"},
                ]
            }
        ),
        BeforeValidator(_to_number),
    ] = Field(
        default=None,
        description="The target value. '>40' and '<12' are strict thresholds, '30–50' is a range.",
    )
    operator: Literal["≥", "≤", "=", ">=", "<=", ">", "<"] | None = Field(
        default=None, description="Omit to read the value with the indicator's direction (lower is better: at most)."
    )
    min: Number | None = None
    max: Number | None = None
    kind: Literal["target", "guide"] = Field(
        default="target", description="'guide' for a riktvärde: shown and compared, but named a guide value."
    )
    text: Markdown | None = Field(
        default=None,
        description="The target in words, as the source writes it; alone (no value) it is a qualitative target.",
    )
    note: Markdown | None = None

    @model_validator(mode="before")
    @classmethod
    def _thresholds_as_written(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("value"), str):
            return data
        data = dict(data)
        text = data["value"]
        match = _TARGET_RANGE.match(text)
        if match and "min" not in data and "max" not in data:
            data.pop("value")
            data["min"], data["max"] = match["min"], match["max"]
            return data
        match = _TARGET_OPERATOR.match(text)
        if match and "operator" not in data:
            data["operator"], data["value"] = match["op"], match["rest"]
        return data


class Scale(Model):
    min: Number
    max: Number
    label: str | None = Field(default=None, description="E.g. '10-gradig skala'.")


class Indicator(Model):
    id: Slug
    name: str
    unit: UnitName
    scale: Scale | None = None
    direction: Literal["higher_is_better", "lower_is_better", "neutral"]
    decimals: int | None = Field(default=None, ge=0, le=6)
    description: Markdown | None = None
    source: str | None = None
    series: list[Series] = Field(min_length=1)
    targets: list[Target] = Field(default_factory=list)


class IndicatorsFile(Model):
    indicators: list[Indicator] = Field(min_length=1)


# --- surveys.yaml -----------------------------------------------------------------------


class Question(Model):
    id: Slug
    text: str


class UnitResult(Model):
    unit: UnitCode
    respondents: Count | None = None
    scores: dict[Slug, Number | None] = Field(default_factory=dict, description="Score per question id; empty cell: null.")


class GroupResult(Model):
    group: Slug
    respondents: Count | None = None
    scores: dict[Slug, Number | None] = Field(default_factory=dict)


class StatedTotal(Model):
    """The totals row as the source states it; the build checks them."""

    respondents: Stated | None = None
    scores: dict[Slug, Stated] = Field(default_factory=dict, description="Respondent-weighted means as stated.")


class SurveyRound(Model):
    period: PeriodText
    units: list[UnitResult] = Field(min_length=1)
    groups: list[GroupResult] = Field(default_factory=list, description="Sub-group results (women/men) with n.")
    stated_total: StatedTotal | None = None
    note: Markdown | None = None


class Survey(Model):
    id: Slug
    title: str
    description: Markdown | None = None
    scale: Scale | None = None
    questions: list[Question] = Field(min_length=1)
    rounds: list[SurveyRound] = Field(min_length=1)
    source: str | None = None


class SurveysFile(Model):
    surveys: list[Survey] = Field(min_length=1)


# --- finance.yaml / tables.yaml ---------------------------------------------------------


class _Table(Model):
    id: Slug
    title: str
    unit: MeasureUnit = "none"
    description: Markdown | None = None
    note: Markdown | None = None
    source: str | None = None


class BudgetRow(Model):
    period: PeriodText
    budget: Number
    outcome: Number
    stated_difference: Stated | None = Field(default=None, description="Diff as stated (outcome − budget).")
    comment: Markdown | None = None


class BudgetTable(_Table):
    """Budget against outcome per period; the difference is outcome − budget."""

    kind: Literal["budget_outcome"]
    rows: list[BudgetRow] = Field(min_length=1)


class UnitValuesRow(Model):
    unit: UnitCode
    values: dict[str, Number | None] = Field(description="Value per period label.")
    comment: Markdown | None = None


class PerUnitTable(_Table):
    """Values per unit and period (e.g. result per pilot unit), with stated totals per period."""

    kind: Literal["per_unit"]
    periods: list[PeriodText] = Field(min_length=1)
    rows: list[UnitValuesRow] = Field(min_length=1)
    stated_totals: dict[str, Stated] = Field(default_factory=dict, description="Totals row per period label.")
    total_comment: Markdown | None = None


class BeforeAfterRow(Model):
    unit: UnitCode
    before: Number | None
    after: Number | None
    comment: Markdown | None = None


class BeforeAfterTable(_Table):
    """Cost (or another measure) per unit before and after, e.g. 2021 against 2023."""

    kind: Literal["before_after"]
    before: PeriodText = Field(description="The baseline period; may lie before the report's period.")
    after: PeriodText
    rows: list[BeforeAfterRow] = Field(min_length=1)


class BreakdownRow(Model):
    label: str
    amount: Number
    comment: Markdown | None = None


class BreakdownTable(_Table):
    """Amounts that add up to a total (a cost breakdown, revenues per year)."""

    kind: Literal["breakdown"]
    period: PeriodText | None = None
    approximate: bool = Field(default=False, description="The source says 'cirka'.")
    rows: list[BreakdownRow] = Field(min_length=1)
    stated_total: Stated | None = None


class GenericColumn(Model):
    id: Slug
    label: str
    unit: MeasureUnit = "none"
    sum: bool = Field(default=False, description="Whether the column adds up to a total row.")


class GenericTable(_Table):
    """Any other table: columns and rows of numbers or text, with an optional stated total row."""

    kind: Literal["table"]
    columns: list[GenericColumn] = Field(min_length=1)
    rows: list[dict[str, Union[Number, str, None]]] = Field(min_length=1)
    stated_totals: dict[str, Stated] = Field(default_factory=dict)


Table = Annotated[
    Union[BudgetTable, PerUnitTable, BeforeAfterTable, BreakdownTable, GenericTable],
    Field(discriminator="kind"),
]


class TablesFile(Model):
    tables: list[Table] = Field(min_length=1)


# --- deliverables.yaml ------------------------------------------------------------------


class Deliverable(Model):
    id: Slug
    title: str
    description: Markdown | None = None
    status: Slug = Field(description="A level id of the status scale.")
    outcome: Markdown | None = Field(default=None, description="Utfall: what came of it.")
    responsible: str | None = None
    remains_after_project: bool = Field(default=False, description="Återstående leverans after the project ends.")
    remaining_work: Markdown | None = None
    completed: dt.date | None = None


class DeliverableGroup(Model):
    id: Slug
    title: str
    origin: Literal["planned", "added", "proposed_action", "other"] = Field(
        description="planned at the start, added during the project, or proposed by an investigation."
    )
    description: Markdown | None = None
    items: list[Deliverable] = Field(min_length=1)


class DeliverablesFile(Model):
    introduction: Markdown | None = None
    groups: list[DeliverableGroup] = Field(min_length=1)


# --- The file kinds ---------------------------------------------------------------------

REPORT_FILES: dict[str, type[Model]] = {
    "report.yaml": ReportFile,
    "goals.yaml": GoalsFile,
    "indicators.yaml": IndicatorsFile,
    "surveys.yaml": SurveysFile,
    "finance.yaml": TablesFile,
    "tables.yaml": TablesFile,
    "deliverables.yaml": DeliverablesFile,
}
"""The files a report folder may hold, and the model each one is validated against."""

ORGANISATION_FILE = "organisation.yaml"

DEFAULT_GROUPS = [
    Group(id="alla", label="Alla"),
    Group(id="kvinnor", label="Kvinnor"),
    Group(id="man", label="Män"),
]
