"""Cross-file checks of a loaded report: ids, references, units, groups, scales, periods, files.

The models check each file on its own; the checks here need several files at once (a goal
naming an indicator, a survey naming a unit of the organisation, a status on the declared
scale). Each check is a small function `check_x(bundle) -> Iterable[Problem]` in `CHECKS`
(or `ORGANISATION_CHECKS`, run once per organisation), and every problem is located at the
offending value with a message that says what is wrong, what was expected and the fix.

The checks live in modules by subject (organisation, branding, identity, scales, numbers, tables,
files; shared helpers in common); this module holds the two registries, whose order is the order problems are reported in.
"""

from __future__ import annotations

from typing import Callable, Iterable

from followup.check.branding import check_branding
from followup.check.files import (
    check_content_images,
    check_content_page_names,
    check_file_references,
    check_goal_references,
    check_goal_tags,
    check_yaml_text_images,
)
from followup.check.identity import check_ids_unique, check_rows_unique
from followup.check.numbers import (
    check_document_type,
    check_generic_tables,
    check_indicator_outcomes,
    check_key_figures,
    check_number_magnitude,
    check_periods,
    check_stated_counts,
    check_sum_of_ids,
    check_targets,
    check_units_known,
)
from followup.check.organisation import (
    check_groups_unique,
    check_organisation_scales,
    check_owner_shares,
    check_unit_code_characters,
    check_unit_codes_unique,
)
from followup.check.scales import (
    check_groups_known,
    check_question_ids,
    check_report_scale_symbols,
    check_scale_values,
    check_scales_valid,
    check_scores_on_scale,
    check_stated_count_keys,
    check_unit_codes_known,
)
from followup.check.table_rows import check_table_parts, check_table_rows
from followup.check.tables import check_grouped_tables, check_table_labels
from followup.errors import Problem
from followup.load.loader import (
    Project,
    ReportBundle,
)

Check = Callable[[ReportBundle], Iterable[Problem]]


def validate_project(project: Project) -> list[Problem]:
    """Run every check on every report (organisation checks once per organisation)."""
    problems: list[Problem] = []
    seen_orgs: set[str] = set()
    for bundle in project.reports:
        if bundle.org_id not in seen_orgs:
            seen_orgs.add(bundle.org_id)
            for check in ORGANISATION_CHECKS:
                problems.extend(check(bundle))
        problems.extend(validate_report(bundle))
    return problems


def validate_report(bundle: ReportBundle) -> list[Problem]:
    problems: list[Problem] = []
    for check in CHECKS:
        problems.extend(check(bundle))
    return problems


ORGANISATION_CHECKS: list[Check] = [
    check_branding,
    check_unit_codes_unique,
    check_groups_unique,
    check_organisation_scales,
    check_unit_code_characters,
    check_owner_shares,
]


CHECKS: list[Check] = [
    check_ids_unique,
    check_rows_unique,
    check_unit_codes_known,
    check_scale_values,
    check_stated_count_keys,
    check_indicator_outcomes,
    check_groups_known,
    check_question_ids,
    check_scales_valid,
    check_report_scale_symbols,
    check_scores_on_scale,
    check_periods,
    check_targets,
    check_sum_of_ids,
    check_key_figures,
    check_document_type,
    check_units_known,
    check_goal_references,
    check_goal_tags,
    check_file_references,
    check_generic_tables,
    check_table_rows,
    check_table_parts,
    check_table_labels,
    check_grouped_tables,
    check_stated_counts,
    check_number_magnitude,
    check_content_images,
    check_yaml_text_images,
    check_content_page_names,
]
