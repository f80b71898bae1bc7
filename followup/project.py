"""The report aggregate: what one loaded report consists of, and the project of all reports.

Every stage after loading reads these types; they live here, beside neither the loader nor the
checks, so that no stage needs the loader to name them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Unpack

from followup.errors import Problem
from followup.model.goals import TagList
from followup.model.models import (
    AssessmentLevel,
    DeliverablesFile,
    GoalsFile,
    Group,
    IndicatorsFile,
    OrganisationFile,
    OrgUnit,
    ReportFile,
    StatusLevel,
    SurveysFile,
)
from followup.model.yamlsource import ProblemOptions, YamlDocument

DATA_DIR = "data"
CONTENT_DIR = "content"

KeyPath = tuple


@dataclass
class ContentPage:
    """A Markdown page of a report, from `content/<org>/<report>/<slug>.md`."""

    path: str  # project-relative, forward slashes
    slug: str
    title: str  # the first '# ' heading (the file name when there is none)
    markdown: str  # the text with that heading removed
    title_line: int = 0  # line of the heading, 0 when there is none
    source: str = ""  # the whole text as in the file (for locating problems)


@dataclass
class ReportBundle:
    """Everything one report consists of, validated."""

    org_id: str
    report_id: str
    organisation: OrganisationFile
    report: ReportFile
    goals: GoalsFile | None
    indicators: IndicatorsFile | None
    surveys: SurveysFile | None
    tables: list  # list[Table]: finance.yaml then tables.yaml, in file order
    deliverables: DeliverablesFile | None
    content_pages: list[ContentPage]  # pages not referenced by a goal section or an attachment
    source_files: list[str]  # data and content files, project-relative
    assessment_scale: list[AssessmentLevel]
    status_scale: list[StatusLevel]
    groups: list[Group]
    units: dict[str, OrgUnit]
    documents: dict[str, YamlDocument]  # file name ('report.yaml', 'organisation.yaml') -> doc
    # Additions to the api.md contract:
    referenced_pages: dict[str, ContentPage] = field(default_factory=dict)
    """Markdown files named by `file:` of a goal section or attachment, keyed by that `file:` text."""
    table_sources: list[tuple[str, KeyPath]] = field(default_factory=list)
    """For each entry of `tables`: the file it comes from and its key path there."""
    invalid_files: list[str] = field(default_factory=list)
    """Report files that exist but did not validate (left out of the bundle)."""
    root: Path | None = None

    @property
    def goal_tags(self) -> TagList | None:
        """The tag list goals may name: the report's own (goals.yaml), else the organisation's."""
        own = self.goals.goal_tags if self.goals is not None else None
        return own or self.organisation.goal_tags

    @property
    def data_dir(self) -> str:
        return f"{DATA_DIR}/{self.org_id}/{self.report_id}"

    @property
    def content_dir(self) -> str:
        return f"{CONTENT_DIR}/{self.org_id}/{self.report_id}"

    def document(self, file_name: str) -> YamlDocument:
        """One of the report's files as read; a file that was not read places everything at its start."""
        doc = self.documents.get(file_name)
        return doc if doc is not None else YamlDocument(f"{self.data_dir}/{file_name}", None)

    def locate(self, file_name: str, keypath: KeyPath = ()) -> tuple[str, int, int]:
        """(path, line, column) of the value at keypath in one of the report's files."""
        doc = self.document(file_name)
        return (doc.path, *doc.location(tuple(keypath)))

    def problem(self, file_name: str, keypath: KeyPath, message: str, **options: Unpack[ProblemOptions]) -> Problem:
        """A Problem at the value (or with at_key=True, the key) of keypath in one of the report's files."""
        return self.document(file_name).problem(keypath, message, **options)

    def table_source(self, table_id: str) -> tuple[str, KeyPath] | None:
        for table, source in zip(self.tables, self.table_sources):
            if table.id == table_id:
                return source
        return None


@dataclass
class Project:
    root: Path
    reports: list[ReportBundle]

    def report(self, org_id: str, report_id: str) -> ReportBundle | None:
        for bundle in self.reports:
            if (bundle.org_id, bundle.report_id) == (org_id, report_id):
                return bundle
        return None


#: Names the site itself uses inside a report folder (its pages and chart folder): a content page
#: with such a name is published as text-<name>.html.
REPORT_PAGE_NAMES = frozenset(
    {"index", "mal", "indikatorer", "enkater", "ekonomi", "leveranser", "tidslinje", "diagram", "andringar"}
)


def content_page_name(slug: str) -> str:
    """The output file name (without .html) of a content page whose file is <slug>.md."""
    return f"text-{slug}" if slug in REPORT_PAGE_NAMES else slug
