"""A key figure that adds, subtracts or averages values of different units (a check on computed
values, run by build/pipeline.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from followup.errors import Problem
from followup.i18n import _

if TYPE_CHECKING:
    from followup.compute.summaries import ReportSummary
    from followup.project import ReportBundle


def check_key_figure_units(bundle: "ReportBundle", summary: "ReportSummary") -> list[Problem]:
    """A key figure that adds, subtracts or averages values of different units is a warning."""
    found = []
    for index, kv in enumerate(summary.key_figures):
        spec = kv.figure.compute
        if spec is None or spec.op not in ("sum", "difference", "mean"):
            continue
        units: list[str] = []
        for operand, resolved in zip(spec.of, kv.operands):
            if isinstance(operand, str) and resolved.unit not in ("none", *units):
                units.append(resolved.unit)
        if len(units) > 1:
            found.append(
                bundle.problem(
                    "report.yaml",
                    ("key_figures", index, "compute", "of"),
                    _(
                        "nyckeltalet '{id}' slår ihop värden med olika enheter ({units}); kontrollera att värdena går att jämföra"
                    ).format(id=kv.figure.id, units=", ".join(units)),
                    severity="warning",
                )
            )
    return found
