"""The whole summary of a report: each part's summary, the key figures and every stated number.

The pipeline computes it once per report and hands it to the checks, the reference catalogue,
the charts and the pages.
"""

from __future__ import annotations

from followup.compute.references import summarize_key_figures
from followup.compute.summaries import ReportSummary, collect_checks, summarize_domains
from followup.project import ReportBundle


def summarize(bundle: ReportBundle) -> ReportSummary:
    summary = summarize_domains(bundle)
    summary.key_figures = summarize_key_figures(bundle, summary)  # key figures read the parts
    summary.checks = collect_checks(bundle, summary)
    return summary
