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
* goals.yaml `stated_counts[level]` = the goals assessed on that level (as the goals overview counts them);
* key figures with both `stated` and `compute`: the computed value (see `resolve` for the
  references `compute.of` may name).

Policy (also in doc/checking.md):

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

The numbers are recomputed by `followup.compute` (one implementation for the pages and the
check) and references by `followup.compute.references`; the tolerance rule is
`followup.check.compare` (the summaries use it too); this module turns each comparison into a located `CheckResult` whose message
names both numbers. `crosschecks.check_report` also returns the computed values (`CheckResult.computed`,
keyed by `CheckResult.ref`, a reference in the `followup.compute.references` grammar).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable, Literal, NamedTuple

from followup.check.compare import Outcome, classify
from followup.compute.goals import plural_of
from followup.compute.references import Resolver, UnknownReference, compute_key_figure, resolve_reference
from followup.compute.summaries import ReportSummary
from followup.errors import FollowupError, Problem
from followup.i18n import N_, _
from followup.model.models import KeyFigure
from followup.model.numbers import StatedNumber
from followup.model.periods import Period, parse_period
from followup.project import ReportBundle

Severity = Literal["error", "warning"]


class ReferenceProblem(FollowupError, ValueError):
    """A reference to a computed value that does not resolve; the message says what exists."""


@dataclass(frozen=True)
class CheckResult:
    """One stated number compared with the value recomputed from the data."""

    kind: str  # survey_respondents, survey_score, budget_difference, per_unit_total, breakdown_total,
    #            table_total, area_index, key_figure
    location: tuple[str, int, int]  # (path, line, column) of the stated number
    label: str  # e.g. "stated total respondents for 2022 apr–dec"
    stated: StatedNumber | None
    computed: float | None
    ok: bool
    severity: Severity | None  # None when ok
    message: str | None = None  # the full message when not ok
    ref: str | None = None  # the reference of the computed value (see `resolve`)
    outcome: Outcome = "ok"
    acknowledged: Any = None  # the report's Acknowledgment of this mismatch (then no problem)

    @property
    def path(self) -> str:
        return self.location[0]


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


# --- Acknowledged discrepancies ---------------------------------------------------------------
# A report may keep a stated number that does not match the data (the decided document says
# 8,58 where the units' values give 8,62): `acknowledged:` in report.yaml names the check by its
# reference, repeats both numbers and gives the reason. The check is then no problem, and the
# page shows the stated number with a note. An acknowledgment that no longer describes the check
# (the check passes, or either number changed) is a warning, so it cannot outlive the discrepancy.

ACKNOWLEDGE_HINT = N_("ta bort bekräftelsen")


def check_ref(bundle: ReportBundle, file_name: str, keypath: tuple) -> str | None:
    """The reference of the stated number at keypath (what an acknowledgment names)."""
    if file_name == "report.yaml":
        if len(keypath) >= 2 and keypath[0] == "key_figures":
            return f"keyfigures.{bundle.report.key_figures[keypath[1]].id}"
        return None
    described = _describe_check(bundle, file_name, keypath)
    return described.ref if described else None


def _canonical(bundle: ReportBundle, summary: Any, ref: str) -> str | None:
    """The canonical name of a checked value; a stated assessment's reference is its own name."""
    try:
        return resolve_reference(bundle, summary, ref).reference
    except UnknownReference:
        folded = ref.strip().casefold().replace("–", "-")
        return f"assessment:{folded}" if ".assessment" in folded else None


# --- Comparing --------------------------------------------------------------------------------


def fmt(value: float | None, decimals: int | None = None) -> str:
    """A number for a message: Swedish decimal comma, space between thousands."""
    if value is None:
        return _("inget värde")
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


#: The way out of every mismatch the source has as decided, named at the end of each message.
ACKNOWLEDGE_FIX = N_("eller kvittera avvikelsen under acknowledged: i report.yaml")


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
    computed_text: str | None = None,
) -> CheckResult:
    """Compare and phrase: '<label with {stated}> stämmer inte med <what> (<computed>); <fix>, eller kvittera …'.

    `label` names the stated number with a `{stated}` slot ("antalet svarande {stated} för 2022"); `what`
    says how the data gives it, with a `{computed}` slot or the computed number appended in brackets.
    """
    location = bundle.locate(file_name, keypath)
    subject = label.format(stated=stated.text)
    if computed is None:
        message = _("{subject} kan inte kontrolleras: data saknar värden att räkna fram den ur; {fix}").format(
            subject=subject, fix=fix
        )
        return CheckResult(kind, location, label, stated, None, False, "warning", message, ref, "unchecked")
    outcome = classify(stated, computed, approximate=approximate)
    if outcome == "ok":
        return CheckResult(kind, location, label, stated, computed, True, None, None, ref, "ok")
    shown = computed_text or _computed_text(stated, computed)
    data = what.format(computed=shown) if "{computed}" in what else f"{what} ({shown})"
    if outcome == "rounding":
        rounded = fmt(round(computed, stated.decimals), stated.decimals)
        message = _(
            "{subject} stämmer inte med {data}, avrundat {rounded}; källan har troligen avrundat på annat sätt: "
            "kontrollera sista decimalen, {acknowledge}"
        ).format(subject=subject, data=data, rounded=rounded, acknowledge=_(ACKNOWLEDGE_FIX))
        severity: Severity = "warning"
    elif outcome == "approximate":
        message = _(
            "{subject} avviker mer än 5 procent från {data}, också för en ungefärlig siffra (cirka); {fix}, {acknowledge}"
        ).format(subject=subject, data=data, fix=fix, acknowledge=_(ACKNOWLEDGE_FIX))
        severity = "warning"
    else:
        message = _("{subject} stämmer inte med {data}; {fix}, {acknowledge}").format(
            subject=subject, data=data, fix=fix, acknowledge=_(ACKNOWLEDGE_FIX)
        )
        severity = mismatch_severity
    return CheckResult(kind, location, label, stated, computed, False, severity, message, ref, outcome)


# --- Checks ------------------------------------------------------------------------------------
# The arithmetic (sums, weighted means, differences) lives in followup.compute, so the pages and
# the check recompute every number the same way: `compute.summarize(bundle).checks` lists every
# stated number with its computed counterpart. Here each becomes a located CheckResult with a
# message that names the numbers.


@dataclass(frozen=True)
class Wording:
    """The texts of one kind of stated-number check, as msgids: `label` names the stated number
    (with a `{stated}` slot), `what` says how the data gives it (a `{computed}` slot, or the
    computed number appended in brackets), `fix` says what to correct. Their other slots are the
    check's parameters (period, question, column …)."""

    kind: str  # the CheckResult.kind
    label: str
    what: str
    fix: str


#: The wording of every stated number of the data files, by what the number is (key figures
#: phrase theirs from the operation, `operation_text`). `_describe_check` finds which one a stated
#: number is, its parameters and its reference.
STATED_WORDINGS: dict[str, Wording] = {
    "survey_respondents": Wording(
        kind="survey_respondents",
        label=N_("antalet svarande {stated} för {period}"),
        what=N_("summan av enheternas svarande"),
        fix=N_("rätta summan eller enheternas rader"),
    ),
    "survey_score": Wording(
        kind="survey_score",
        label=N_("medelvärdet {stated} för '{question}' {period}"),
        what=N_("enheternas medelvärde viktat med antalet svarande"),
        fix=N_("källan kan ha räknat bara dem som besvarat frågan: kontrollera summaraden och enheternas rader"),
    ),
    "goal_level_count": Wording(
        kind="goal_level_count",
        label=N_("antalet {stated} {noun} {plural}"),
        what=N_("bedömningarna i data, där {computed} {noun} är {plural} ({level_id})"),
        fix=N_("rätta antalet under stated_counts eller bedömningarna"),
    ),
    "deliverable_level_count": Wording(
        kind="deliverable_level_count",
        label=N_("antalet {stated} med status '{level}'"),
        what=N_("statusarna i data, där {computed} har status '{level}' ({level_id})"),
        fix=N_("rätta antalet under stated_counts eller statusarna"),
    ),
    "area_index_difference": Wording(
        kind="area_index",
        label=N_("skillnaden {stated} mot budget för '{label}' i '{title}'"),
        what=N_("{points} av {max} poäng minus budgeterade {budget}"),
        fix=N_("rätta skillnaden, poängen, maxpoängen eller budgeten"),
    ),
    "area_index": Wording(
        kind="area_index",
        label=N_("'{label}' {stated} för '{title}'"),
        what=N_("{points} av {max} poäng"),
        fix=N_("rätta indexet, poängen eller maxpoängen"),
    ),
    "budget_difference": Wording(
        kind="budget_difference",
        label=N_("differensen {stated} för {period}"),
        what=N_("utfall − budget = {outcome} − {budget} = {computed}"),
        fix=N_("rätta differensen, budgeten eller utfallet"),
    ),
    "per_unit_total": Wording(
        kind="per_unit_total",
        label=N_("summan {stated} för {period}"),
        what=N_("summan av enheternas rader"),
        fix=N_("rätta summan eller enheternas rader"),
    ),
    "breakdown_total": Wording(
        kind="breakdown_total",
        label=N_("summan {stated}"),
        what=N_("summan av raderna"),
        fix=N_("rätta summan eller raderna"),
    ),
    "column_sum": Wording(
        kind="table_total",
        label=N_("summan {stated} i kolumnen '{column}'"),
        what=N_("summan av raderna"),
        fix=N_("rätta summan eller raderna"),
    ),
    "column_mean": Wording(
        kind="table_total",
        label=N_("medelvärdet {stated} i kolumnen '{column}'"),
        what=N_("medelvärdet av raderna"),
        fix=N_("rätta summan eller raderna"),
    ),
    "group_sum": Wording(
        kind="table_total",
        label=N_("summan {stated} för {period}, gruppen '{group}'"),
        what=N_("summan av raderna"),
        fix=N_("rätta totalen eller raderna"),
    ),
    "group_mean": Wording(
        kind="table_total",
        label=N_("medelvärdet {stated} för {period}, gruppen '{group}'"),
        what=N_("medelvärdet av raderna"),
        fix=N_("rätta totalen eller raderna"),
    ),
}


class DescribedCheck(NamedTuple):
    """A stated number's check in the current language; `label` and `what` keep their `{stated}`
    and `{computed}` slots for `_result`."""

    kind: str
    label: str
    what: str
    fix: str
    ref: str


def _described(wording: str, ref: str, **parameters: Any) -> DescribedCheck:
    """The texts of STATED_WORDINGS[wording] translated, with the check's parameters filled in."""
    texts = STATED_WORDINGS[wording]
    return DescribedCheck(
        texts.kind,
        _(texts.label).format(stated="{stated}", **parameters),
        _(texts.what).format(computed="{computed}", **parameters),
        _(texts.fix),
        ref,
    )


def _period_text(period: Any) -> str:
    return getattr(period, "label", None) or str(period)


def _describe_check(bundle: ReportBundle, file_name: str, keypath: tuple) -> DescribedCheck | None:
    """What the stated number at keypath is, in words, and its reference."""
    if file_name == "surveys.yaml" and bundle.surveys and len(keypath) >= 6:
        survey = bundle.surveys.surveys[keypath[1]]
        period = _period_text(survey.rounds[keypath[3]].period)
        ref = f"surveys.{survey.id}.{period}"
        if keypath[5] == "respondents":
            return _described("survey_respondents", f"{ref}.respondents", period=period)
        question = keypath[-1]
        return _described("survey_score", f"{ref}.{question}", question=question, period=period)
    if file_name == "goals.yaml" and bundle.goals and len(keypath) == 2 and keypath[0] == "stated_counts":
        return _describe_level_count(bundle, keypath[1])
    if file_name == "deliverables.yaml" and bundle.deliverables and len(keypath) == 2 and keypath[0] == "stated_counts":
        level = next((lvl for lvl in bundle.status_scale if lvl.id == keypath[1]), None)
        if level is None:
            return None  # not a level: check/scales.py says so
        return _described("deliverable_level_count", f"deliverables.level.{level.id}", level=level.label, level_id=level.id)
    if file_name == "goals.yaml" and bundle.goals and len(keypath) == 4 and keypath[2] == "index":
        perspective = bundle.goals.perspectives[keypath[1]]
        index = perspective.index
        ref = f"goals.{perspective.id}.index"
        parameters = {"label": index.label, "title": perspective.title, "points": fmt(index.points), "max": fmt(index.max)}
        if keypath[3] == "stated_difference":
            return _described("area_index_difference", f"{ref}.difference", budget=fmt(index.budget), **parameters)
        return _described("area_index", ref, **parameters)
    if file_name in ("finance.yaml", "tables.yaml") and len(keypath) >= 3:
        index = next((i for i, source in enumerate(bundle.table_sources) if source == (file_name, tuple(keypath[:2]))), None)
        if index is None:
            return None
        table = bundle.tables[index]
        ref = f"tables.{table.id}"
        if table.kind == "budget_outcome":
            row = table.rows[keypath[3]]
            period = _period_text(row.period)
            return _described(
                "budget_difference",
                f"{ref}.difference.{period}",
                period=period,
                outcome=fmt(row.outcome),
                budget=fmt(row.budget),
            )
        if table.kind == "per_unit":
            key = keypath[-1]
            matched = next((p for p in table.periods if _same_period(key, p)), None)
            label = _period_text(matched) if matched is not None else key
            return _described("per_unit_total", f"{ref}.total.{label}", period=label)
        if table.kind == "breakdown":
            return _described("breakdown_total", f"{ref}.total")
        mean = getattr(table, "total", None) == "mean"
        if table.kind == "table":
            column = keypath[-1]
            # The column as the reader sees it (its heading); its id where it has none.
            heading = next((c.label for c in table.columns if c.id == column and c.label), column)
            return _described("column_mean" if mean else "column_sum", f"{ref}.total.{column}", column=heading)
        if table.kind == "grouped" and len(keypath) >= 5:
            key, group = keypath[-2], keypath[-1]
            matched = next((p for p in table.periods if _same_period(str(key), p)), None)
            label = _period_text(matched) if matched is not None else key
            return _described("group_mean" if mean else "group_sum", f"{ref}.total.{label}.{group}", period=label, group=group)
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


def _describe_level_count(bundle: ReportBundle, level_id: str) -> DescribedCheck | None:
    """A count per level of `stated_counts` ("3 delvis uppfyllda"): the goals assessed on that level."""
    level = next((lvl for lvl in bundle.assessment_scale if lvl.id == level_id), None)
    if level is None:
        return None  # not a level: check/scales.py says so
    noun = (bundle.goals.goal_word if bundle.goals else None) or "mål"
    plural = level.plural or plural_of(level.label)
    return _described("goal_level_count", f"goals.level.{level.id}", noun=noun, plural=plural, level_id=level.id)


def check_stated_numbers(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """Every stated total, difference and mean of surveys and tables, against the data."""
    results: list[CheckResult] = []
    for stated_check in summary.checks:
        if stated_check.file == "report.yaml":
            continue  # key figures: check_key_figures
        if stated_check.file in bundle.invalid_files:
            continue  # read without its bad parts: a total of what is left would be a follow-on error
        described = _describe_check(bundle, stated_check.file, tuple(stated_check.keypath))
        if described is None:
            continue
        kind, label, what, fix, ref = described
        checked = stated_check.checked
        if checked.stated is None:
            continue
        results.append(
            _result(
                bundle,
                kind,
                stated_check.file,
                tuple(stated_check.keypath),
                label,
                checked.stated,
                checked.computed,
                what,
                fix,
                ref,
                approximate=stated_check.approximate,
                mismatch_severity="warning" if kind == "survey_score" else "error",
            )
        )
    return results


def check_key_figures(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """Key figures with `compute:`: computed, and checked against `stated` when both are given."""
    results: list[CheckResult] = []
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.compute is None:
            continue
        kp = ("key_figures", ki)
        ref = f"keyfigures.{figure.id}"
        label = _("nyckeltalet '{label}' {stated}").format(label=figure.label, stated="{stated}")
        try:
            computed = compute_figure(bundle, figure, summary)
        except ReferenceProblem as exc:
            if refers_to_invalid_file(bundle, figure.compute.of):
                continue  # the invalid file is reported already; this would be a follow-on error
            index = getattr(exc, "operand_index", None)
            where = kp + (("compute", "of", index) if index is not None else ("compute", "op"))
            results.append(
                CheckResult(
                    "key_figure",
                    bundle.locate("report.yaml", where),
                    label,
                    figure.stated,
                    None,
                    False,
                    "error",
                    str(exc),
                    ref,
                    "mismatch",
                )
            )
            continue
        if figure.stated is None:
            results.append(
                CheckResult(
                    "key_figure",
                    bundle.locate("report.yaml", kp + ("compute",)),
                    label,
                    None,
                    computed,
                    True,
                    None,
                    None,
                    ref,
                    "ok",
                )
            )
            continue
        results.append(
            _result(
                bundle,
                "key_figure",
                "report.yaml",
                kp + ("stated",),
                label,
                figure.stated,
                computed,
                operation_text(figure, summary),
                _("rätta nyckeltalet eller värdena det räknas fram ur"),
                ref,
                approximate=figure.approximate,
                computed_text=fmt(computed, max(1, figure.stated.decimals + 1))
                if figure.compute.op in ("percent_of", "percent_change") and computed is not None
                else None,
            )
        )
    return results


def operation_text(figure: KeyFigure, summary: ReportSummary) -> str:
    """How the data gives a key figure, with the operands' numbers: `31 av 187 ({computed} %)`."""
    assert figure.compute is not None
    value = summary.key_figure(figure.id) if summary is not None else None
    operands = list(value.operands) if value is not None else []
    values = [fmt(o.value) for o in operands]
    op, n = figure.compute.op, len(values)
    slot = "{computed}"  # filled in by _result
    if n == 1 and op in ("sum", "mean"):
        return _("värdet av {name}").format(name=operands[0].label or operands[0].reference)
    listing = _("{values} och {last}").format(values=", ".join(values[:-1]), last=values[-1]) if n > 1 else _("värdena")
    if op == "weighted_mean":
        half = n // 2
        pairs = [f"{v} ({w})" for v, w in zip(values[:half], values[half:])]
        return _("medelvärdet av {pairs} viktat med antalen inom parentes").format(pairs=", ".join(pairs))
    texts = {
        "sum": " + ".join(values) + " = {computed}" if 1 < n <= 6 else _("summan av {values}").format(values=listing),
        "difference": " − ".join(values) + " = {computed}" if 1 < n <= 6 else _("differensen av {values}").format(values=listing),
        "mean": _("medelvärdet av {values}").format(values=listing),
        "ratio": _("kvoten {values}").format(values=" / ".join(values)),
        "percent_of": _("{part} av {whole} ({computed} %)").format(part=values[0], whole=values[-1], computed=slot)
        if n == 2
        else _("{values} ({computed} %)").format(values=" / ".join(values), computed=slot),
        "percent_change": _("förändringen från {before} till {after} ({computed} %)").format(
            before=values[0], after=values[-1], computed=slot
        )
        if n == 2
        else _("förändringen ({computed} %)").format(computed=slot),
        "balance": _("ingående {opening} + tillflöde {inflow} − utflöde {outflow} = {computed}").format(
            opening=values[0], inflow=values[1], outflow=values[2], computed=slot
        )
        if n == 3
        else _("balansen"),
    }
    return texts.get(op, _("värdet som räknas fram ur data"))


# --- Key figures and references -----------------------------------------------------------------
# References to computed values (`tables.<id>.total.2022`, `keyfigures.<id>` ...) are resolved by
# `followup.references`, the one implementation of each name, shared with the pages.


def resolve(bundle: ReportBundle, ref: str) -> float | None:
    """The value a reference names (None when the data has no value); raises ReferenceProblem."""
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


def compute_figure(bundle: ReportBundle, figure: KeyFigure, summary: ReportSummary | None = None) -> float | None:
    """The computed value of a key figure with `compute:`; raises ReferenceProblem.

    The problem carries `operand_index` when one operand of `of:` is at fault.
    """
    assert figure.compute is not None  # called for figures with `compute:` only
    resolver = Resolver(bundle, summary)
    for index, operand in enumerate(figure.compute.of):
        if isinstance(operand, str):
            try:
                resolver(operand)
            except UnknownReference as exc:
                problem = ReferenceProblem(exc.message)
                problem.operand_index = index  # type: ignore[attr-defined]
                raise problem from None
    try:
        resolved = compute_key_figure(bundle, figure, summary)
    except UnknownReference as exc:
        raise ReferenceProblem(exc.message) from None
    except ZeroDivisionError:
        divisor = {"weighted_mean": _("summan av vikterna"), "percent_change": _("värdet före")}.get(
            figure.compute.op, _("det andra värdet")
        )
        raise ReferenceProblem(
            _("'{op}' delar med {divisor}, som är 0; rätta värdena i 'of'").format(op=figure.compute.op, divisor=divisor)
        ) from None
    return None if resolved is None else resolved.value
