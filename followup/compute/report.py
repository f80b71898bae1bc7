"""The whole summary of a report: each part's summary, the key figures and every stated number.

The pipeline computes it once per report and hands it to the checks, the reference catalogue,
the charts and the pages.
"""

from __future__ import annotations

from followup.compute.attainment import attainment_checks
from followup.compute.crosschecks import mark_assessments_acknowledged
from followup.compute.goals import count_sentence, summarize_indicator_assessments
from followup.compute.references import summarize_key_figures
from followup.compute.stated import mark_acknowledged
from followup.compute.summaries import ReportSummary, collect_checks, summarize_domains
from followup.project import ReportBundle


def summarize(bundle: ReportBundle) -> ReportSummary:
    summary = summarize_domains(bundle)
    summary.indicator_assessments = summarize_indicator_assessments(bundle, summary.indicators)
    summary.counts = count_sentence(summary.goals, summary.indicators)
    summary.key_figures = summarize_key_figures(bundle, summary)  # key figures read the parts
    summary.checks = collect_checks(bundle, summary)
    summary.attainment = attainment_checks(bundle, summary.indicators)
    mark_acknowledged(bundle, summary)  # the pages show an acknowledged figure's reason
    mark_assessments_acknowledged(bundle, summary)
    return summary
