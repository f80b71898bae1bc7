"""Recompute the numbers a report states and compare: totals, differences, means, key figures.

Where the source states a total (respondents 39, a weighted mean 7,77, a difference −13 225,
a cost total 2 000 000), the data also holds the parts, so the build recomputes the number and
reports a mismatch with both numbers. What is checked:

* survey rounds: `stated_total.respondents` = the sum of the units' respondents;
  `stated_total.scores[q]` = the respondent-weighted mean of the units' scores for q (units with
  no score, or with no or 0 respondents, are left out);
* `budget_outcome` tables: `stated_difference` = outcome − budget;
* `per_unit` tables: `stated_totals[period]` = the sum of the unit rows for that period;
* `breakdown` tables: `stated_total` = the sum of the amounts;
* `table` tables: `stated_totals[column]` = the sum of the column;
* key figures with both `stated` and `compute`: the computed value (see `resolve` for the
  references `compute.of` may name).

Policy (also in the README):

* The tolerance follows the precision the source used: half a unit of the last written decimal
  (`7,77` is checked to ±0,005; `39` must be exact for whole numbers).
* A mismatch beyond the tolerance is an ERROR: the page would otherwise show a total that does
  not add up.
* A stated number with decimals that is off by at most one unit in its last decimal (stated
  7,77 where the data gives 7,7649, which rounds to 7,76) is a WARNING: the source probably
  rounded differently (e.g. from unrounded unit scores). Whole numbers get no such leeway.
* A survey's stated mean score that differs from the respondent-weighted mean of the unit
  scores is a WARNING, not an error: the data holds respondents per unit, not per question,
  and a source that leaves out those who did not answer a question computes a different mean
  (the Eskilstuna seed's own totals differ this way). Sums and differences are exact, so their
  mismatches stay errors.
* A figure marked `approximate: true` (the source says "cirka") is checked within 5 % of the
  stated value, and a mismatch beyond that is a WARNING, not an error.
* `build.py check --strict` turns warnings into errors.

The functions also return the computed values (`CheckResult.computed`, `resolve`), so pages can
show computed totals next to stated ones and flag a mismatch.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal

from followup.errors import Problem
from followup.load import Project, ReportBundle
from followup.numbers import StatedNumber
from followup.periods import Period, parse_period

Severity = Literal["error", "warning"]
Outcome = Literal["ok", "rounding", "approximate", "mismatch", "unchecked"]

APPROXIMATE_TOLERANCE = 0.05  # relative, for figures marked approximate


class ReferenceProblem(ValueError):
    """A reference to a computed value that does not resolve; the message says what exists."""


@dataclass(frozen=True)
class CheckResult:
    """One stated number compared with the value recomputed from the data."""

    kind: str  # survey_respondents, survey_score, budget_difference, per_unit_total, breakdown_total,
    #            table_total, key_figure
    location: tuple[str, int, int]  # (path, line, column) of the stated number
    label: str  # e.g. "stated total respondents for 2022 apr–dec"
    stated: StatedNumber | None
    computed: float | None
    ok: bool
    severity: Severity | None  # None when ok
    message: str | None = None  # the full message when not ok
    ref: str | None = None  # the reference of the computed value (see `resolve`)
    outcome: Outcome = "ok"

    @property
    def path(self) -> str:
        return self.location[0]


def check_project(project: Project) -> list[CheckResult]:
    results: list[CheckResult] = []
    for bundle in project.reports:
        results.extend(check_report(bundle))
    return results


def check_report(bundle: ReportBundle) -> list[CheckResult]:
    """Every consistency check of one report."""
    results: list[CheckResult] = []
    results.extend(check_surveys(bundle))
    results.extend(check_tables(bundle))
    results.extend(check_key_figures(bundle))
    return results


def problems_from(results: Iterable[CheckResult]) -> list[Problem]:
    """The failed checks as problems (errors and warnings)."""
    problems = []
    for result in results:
        if not result.ok and result.severity is not None:
            path, line, column = result.location
            problems.append(Problem(path, line, column, result.message or result.label, result.severity))
    return problems


def results_by_ref(results: Iterable[CheckResult]) -> dict[str, CheckResult]:
    return {r.ref: r for r in results if r.ref}


# --- Comparing --------------------------------------------------------------------------------


def classify(stated: StatedNumber, computed: float, *, approximate: bool = False) -> Outcome:
    """How a stated number relates to the computed one (see the module's policy).

    "ok": within the stated precision (or 5 % for an approximate figure); "rounding": off by at
    most one unit in the last of at least one written decimal; "approximate": an approximate
    figure more than 5 % off; "mismatch": anything else.
    """
    diff = abs(computed - stated.value)
    epsilon = 1e-9 * max(1.0, abs(computed), abs(stated.value))
    if diff <= stated.tolerance + epsilon:
        return "ok"
    if approximate:
        if diff <= APPROXIMATE_TOLERANCE * abs(stated.value) + epsilon:
            return "ok"
        return "approximate"
    if stated.decimals >= 1 and diff <= 10.0 ** -stated.decimals + epsilon:
        return "rounding"
    return "mismatch"


def compare(stated: StatedNumber, computed: float, *, approximate: bool = False) -> tuple[bool, str]:
    """(matches, severity) with severity "ok", "warning" or "error" (the rule the pages use too)."""
    outcome = classify(stated, computed, approximate=approximate)
    if outcome == "ok":
        return True, "ok"
    return False, ("error" if outcome == "mismatch" else "warning")


def fmt(value: float | None, decimals: int | None = None) -> str:
    """A number for a message: Swedish decimal comma, space between thousands."""
    if value is None:
        return "nothing"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 4
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if decimals > 0 else text
    return text.replace(",", " ").replace(".", ",")


def _computed_text(stated: StatedNumber, computed: float) -> str:
    if float(computed).is_integer():
        return fmt(computed, 0)
    return fmt(computed, stated.decimals + 2)


def _result(
    bundle: ReportBundle,
    kind: str,
    file_name: str,
    keypath: tuple,
    label: str,
    stated: StatedNumber,
    computed: float | None,
    what: str,
    fix: str,
    ref: str | None,
    *,
    approximate: bool = False,
    mismatch_severity: Severity = "error",
) -> CheckResult:
    """Compare and phrase: '<label> is <stated>, but <what> <computed>; <fix>'."""
    location = bundle.locate(file_name, keypath)
    if computed is None:
        return CheckResult(
            kind, location, label, stated, None, False, "warning",
            f"{label} is {stated.text}, but it cannot be checked: {what} nothing to compute it from",
            ref, "unchecked",
        )
    outcome = classify(stated, computed, approximate=approximate)
    if outcome == "ok":
        return CheckResult(kind, location, label, stated, computed, True, None, None, ref, "ok")
    base = f"{label} is {stated.text}, but {what} {_computed_text(stated, computed)}"
    if outcome == "rounding":
        rounded = fmt(round(computed, stated.decimals), stated.decimals)
        message = (
            f"{base}, which rounds to {rounded}; the source probably rounded differently, "
            "check the last decimal"
        )
        severity: Severity = "warning"
    elif outcome == "approximate":
        message = f"{base}, more than 5 % off even for an approximate figure; {fix}"
        severity = "warning"
    else:
        message = f"{base}; {fix}"
        severity = mismatch_severity
    return CheckResult(kind, location, label, stated, computed, False, severity, message, ref, outcome)


# --- Computed values ----------------------------------------------------------------------------


def round_respondents(rnd: Any) -> int | None:
    """The sum of the units' respondents in a survey round (None when no unit states any)."""
    counts = [u.respondents for u in rnd.units if u.respondents is not None]
    return sum(counts) if counts else None


def weighted_mean(rows: Iterable[Any], question: str) -> float | None:
    """Respondent-weighted mean of the rows' scores for a question.

    Rows with no score, or with no or 0 respondents, are left out; None when none remain.
    """
    total = weight = 0.0
    for row in rows:
        score = row.scores.get(question)
        if score is None or not row.respondents:
            continue
        total += score * row.respondents
        weight += row.respondents
    return total / weight if weight else None


def _sum(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return sum(present) if present else None


def per_unit_totals(table: Any) -> dict[str, float | None]:
    """Column sums of a per_unit table, keyed by the table's period labels."""
    totals = {}
    for period in table.periods:
        totals[period.label] = _sum(_value_for(row.values, period) for row in table.rows)
    return totals


def _value_for(values: dict[str, Any], period: Period) -> Any:
    for key, value in values.items():
        if _same_period(key, period):
            return value
    return None


def _same_period(token: str, period: Period) -> bool:
    if token == period.label:
        return True
    for candidate in (token, token.replace("_", " ")):
        try:
            if parse_period(candidate) == period:
                return True
        except ValueError:
            continue
    return False


def breakdown_total(table: Any) -> float | None:
    return _sum(row.amount for row in table.rows)


def column_total(table: Any, column: str) -> float | None:
    return _sum(
        row.get(column) for row in table.rows if isinstance(row.get(column), (int, float))
    )


# --- Checks ------------------------------------------------------------------------------------


def check_surveys(bundle: ReportBundle) -> list[CheckResult]:
    results: list[CheckResult] = []
    if not bundle.surveys:
        return results
    for si, survey in enumerate(bundle.surveys.surveys):
        for ri, rnd in enumerate(survey.rounds):
            stated = rnd.stated_total
            if stated is None:
                continue
            base = ("surveys", si, "rounds", ri, "stated_total")
            period = rnd.period.label
            ref = f"surveys.{survey.id}.{period}"
            if stated.respondents is not None:
                results.append(
                    _result(
                        bundle, "survey_respondents", "surveys.yaml", base + ("respondents",),
                        f"stated total respondents for {period}", stated.respondents,
                        round_respondents(rnd), "the units add up to",
                        "correct the total or the unit rows", f"{ref}.respondents",
                    )
                )
            for question, value in stated.scores.items():
                results.append(
                    _result(
                        bundle, "survey_score", "surveys.yaml", base + ("scores", question),
                        f"stated total score '{question}' for {period}", value,
                        weighted_mean(rnd.units, question),
                        "the respondent-weighted mean of the unit scores is",
                        "the source may count only those who answered this question; "
                        "check the total and the unit rows",
                        f"{ref}.{question}",
                        mismatch_severity="warning",
                    )
                )
    return results


def check_tables(bundle: ReportBundle) -> list[CheckResult]:
    results: list[CheckResult] = []
    for table, (file_name, kp) in zip(bundle.tables, bundle.table_sources):
        ref = f"tables.{table.id}"
        if table.kind == "budget_outcome":
            for ri, row in enumerate(table.rows):
                if row.stated_difference is None:
                    continue
                computed = row.outcome - row.budget
                results.append(
                    _result(
                        bundle, "budget_difference", file_name, kp + ("rows", ri, "stated_difference"),
                        f"stated difference for {row.period.label}", row.stated_difference, computed,
                        f"outcome − budget is {fmt(row.outcome)} − {fmt(row.budget)} =",
                        "correct the difference, the budget or the outcome",
                        f"{ref}.rows.{row.period.label}.difference",
                    )
                )
        elif table.kind == "per_unit":
            totals = per_unit_totals(table)
            for key, stated in table.stated_totals.items():
                period = next((p for p in table.periods if _same_period(key, p)), None)
                if period is None:
                    continue  # reported by validate (period not declared)
                results.append(
                    _result(
                        bundle, "per_unit_total", file_name, kp + ("stated_totals", key),
                        f"stated total for {period.label}", stated, totals.get(period.label),
                        "the unit rows add up to", "correct the total or the unit rows",
                        f"{ref}.total.{period.label}",
                    )
                )
        elif table.kind == "breakdown":
            if table.stated_total is not None:
                results.append(
                    _result(
                        bundle, "breakdown_total", file_name, kp + ("stated_total",),
                        "stated total", table.stated_total, breakdown_total(table),
                        "the rows add up to", "correct the total or the rows", f"{ref}.total",
                        approximate=table.approximate,
                    )
                )
        elif table.kind == "table":
            for column, stated in table.stated_totals.items():
                results.append(
                    _result(
                        bundle, "table_total", file_name, kp + ("stated_totals", column),
                        f"stated total of column '{column}'", stated, column_total(table, column),
                        "the rows add up to", "correct the total or the rows", f"{ref}.total.{column}",
                    )
                )
    return results


def check_key_figures(bundle: ReportBundle) -> list[CheckResult]:
    results: list[CheckResult] = []
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.compute is None:
            continue
        kp = ("key_figures", ki)
        ref = f"keyfigures.{figure.id}"
        label = f"key figure '{figure.id}'"
        try:
            computed = compute_figure(bundle, figure)
        except ReferenceProblem as exc:
            if refers_to_invalid_file(bundle, figure.compute.of):
                continue  # the invalid file is reported already; this would be a follow-on error
            index = getattr(exc, "operand_index", None)
            where = kp + (("compute", "of", index) if index is not None else ("compute", "op"))
            results.append(
                CheckResult(
                    "key_figure", bundle.locate("report.yaml", where), label,
                    figure.stated, None, False, "error", str(exc), ref, "mismatch",
                )
            )
            continue
        if figure.stated is None:
            results.append(
                CheckResult(
                    "key_figure", bundle.locate("report.yaml", kp + ("compute",)), label,
                    None, computed, True, None, None, ref, "ok",
                )
            )
            continue
        results.append(
            _result(
                bundle, "key_figure", "report.yaml", kp + ("stated",), label, figure.stated, computed,
                f"the {figure.compute.op.replace('_', ' ')} computed from the data is",
                "correct the stated figure or the data it is computed from", ref,
                approximate=figure.approximate,
            )
        )
    return results


# --- Key figures and references -----------------------------------------------------------------
# References to computed values (`tables.<id>.total.2022`, `keyfigures.<id>` ...) are resolved by
# `followup.references`, the one implementation of each name, shared with the pages.


def resolve(bundle: ReportBundle, ref: str) -> float | None:
    """The value a reference names (None when the data has no value); raises ReferenceProblem."""
    from followup.references import UnknownReference, resolve_reference

    try:
        return resolve_reference(bundle, None, ref).value
    except UnknownReference as exc:
        raise ReferenceProblem(exc.message) from None


#: The first part of a reference -> the files its values come from.
REFERENCE_SOURCES = {
    "tables": ("finance.yaml", "tables.yaml"),
    "finance": ("finance.yaml", "tables.yaml"),
    "surveys": ("surveys.yaml",),
    "indicators": ("indicators.yaml",),
    "goals": ("goals.yaml",),
    "deliverables": ("deliverables.yaml",),
}


def refers_to_invalid_file(bundle: ReportBundle, refs: Iterable[Any]) -> bool:
    """Whether any reference names values of a file that did not validate (or a key figure that does)."""
    invalid = set(bundle.invalid_files)
    if not invalid:
        return False
    for ref in refs:
        if not isinstance(ref, str):
            continue
        head = ref.strip().split(".")[0]
        if invalid & set(REFERENCE_SOURCES.get(head, ())):
            return True
        if head in ("keyfigures", "key_figures"):
            return True  # a key figure may be computed from the invalid file
    return False


def compute_figure(bundle: ReportBundle, figure: Any) -> float | None:
    """The computed value of a key figure with `compute:`; raises ReferenceProblem.

    The problem carries `operand_index` when one operand of `of:` is at fault.
    """
    from followup.references import Resolver, UnknownReference, compute_key_figure

    resolver = Resolver(bundle)
    for index, operand in enumerate(figure.compute.of):
        if isinstance(operand, str):
            try:
                resolver(operand)
            except UnknownReference as exc:
                problem = ReferenceProblem(exc.message)
                problem.operand_index = index  # type: ignore[attr-defined]
                raise problem from None
    try:
        resolved = compute_key_figure(bundle, figure)
    except UnknownReference as exc:
        raise ReferenceProblem(exc.message) from None
    except ZeroDivisionError:
        raise ReferenceProblem(
            f"'{figure.compute.op}' divides by the second value in 'of', which is 0"
        ) from None
    return None if resolved is None else resolved.value
