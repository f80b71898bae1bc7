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

Each file kind has its module (organisation, report, goals, indicators, surveys, tables,
deliverables; the shared scalar types and scales in base); this module names the file kinds
and re-exports the models the rest of the package reads as `models.X` (see `__all__`).
"""

from __future__ import annotations

from followup.model.base import (
    AssessmentLevel,
    Count,
    Group,
    Markdown,
    MeasureUnit,
    Model,
    Number,
    PeriodText,
    ScaleLevel,
    Slug,
    Stated,
    StatusLevel,
    UnitCode,
)
from followup.model.deliverables import Deliverable, DeliverablesFile, ItemWord
from followup.model.goals import GoalsFile
from followup.model.indicators import Indicator, IndicatorsFile, Target
from followup.model.organisation import OrganisationFile, OrgUnit
from followup.model.report import DEFAULT_DOCUMENT_TYPES, KeyFigure, ReportFile
from followup.model.surveys import GroupResult, Question, Survey, SurveyRound, SurveysFile
from followup.model.tables import (
    BeforeAfterTable,
    BreakdownTable,
    BudgetTable,
    GenericTable,
    GroupedTable,
    PerUnitTable,
    TablesFile,
)

__all__ = [
    "AssessmentLevel",
    "BeforeAfterTable",
    "BreakdownTable",
    "BudgetTable",
    "Count",
    "DEFAULT_DOCUMENT_TYPES",
    "DEFAULT_GROUPS",
    "Deliverable",
    "DeliverablesFile",
    "GenericTable",
    "GroupedTable",
    "GoalsFile",
    "Group",
    "GroupResult",
    "Indicator",
    "IndicatorsFile",
    "ItemWord",
    "KeyFigure",
    "Markdown",
    "MeasureUnit",
    "Model",
    "Number",
    "ORGANISATION_FILE",
    "OrgUnit",
    "OrganisationFile",
    "PerUnitTable",
    "PeriodText",
    "Question",
    "REPORT_FILES",
    "ReportFile",
    "ScaleLevel",
    "Slug",
    "Stated",
    "StatusLevel",
    "Survey",
    "SurveyRound",
    "SurveysFile",
    "TablesFile",
    "Target",
    "UnitCode",
]

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
