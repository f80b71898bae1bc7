"""Cross-file checks of a loaded report: ids, references, units, groups, scales, periods, files.

The models check each file on its own; the checks here need several files at once (a goal
naming an indicator, a survey naming a unit of the organisation, a status on the declared
scale). Each check is a small function `check_x(bundle) -> Iterable[Problem]` in `CHECKS`
(or `ORGANISATION_CHECKS`, run once per organisation), and every problem is located at the
offending value with a message that says what is wrong, what was expected and the fix.

Periods: outcomes, targets, survey rounds, table periods, goal and key-figure periods must lie
within the report's period (`report.yaml: period`). The one exemption is the `before` period of
a `before_after` table, which is a declared baseline and may lie before the report's period.
Timeline events may lie anywhere.

File references (`file:` of goal sections and attachments) are relative to the report's
content folder `content/<org>/<report>/`; absolute paths, paths that climb out with `..` and
symbolic links that lead outside the project are errors, as are missing files.
"""

from __future__ import annotations

import math
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

from followup import config
from followup.errors import DataErrors, Problem
from followup.load.loader import (
    ORGANISATION_FILE,
    KeyPath,
    Project,
    ReportBundle,
    check_file_reference,
    did_you_mean,
)
from followup.model.models import DEFAULT_DOCUMENT_TYPES, DEFAULT_GROUPS, AssessmentLevel, MeasureUnit, StatusLevel
from followup.model.periods import Period, parse_period
from followup.model.yamlsource import load_yaml_file
from followup.project import content_page_name

#: Numbers larger than this (in absolute value) are rejected: no report states such amounts,
#: and sums of them would overflow to infinity.
MAX_MAGNITUDE = 1e15

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


# --- Helpers ------------------------------------------------------------------------------


def _choices(candidates: Iterable[str]) -> str:
    return ", ".join(candidates) or "(none)"


def _unknown(what: str, value: str, candidates: list[str], where: str) -> str:
    """'unknown indicator 'x'; did you mean 'y'?' or '...; the indicators are: a, b'."""
    guess = did_you_mean(value, candidates)
    if guess:
        return f"unknown {what} '{value}'; did you mean '{guess}'?"
    if not candidates:
        return f"unknown {what} '{value}'; {where} declares none"
    return f"unknown {what} '{value}'; {where} declares: {_choices(candidates)}"


def _goals(bundle: ReportBundle) -> Iterator[tuple[Any, tuple]]:
    if bundle.goals:
        for pi, perspective in enumerate(bundle.goals.perspectives):
            for gi, goal in enumerate(perspective.goals):
                yield goal, ("perspectives", pi, "goals", gi)


def _tables(bundle: ReportBundle) -> Iterator[tuple[Any, str, tuple]]:
    for table, (file_name, keypath) in zip(bundle.tables, bundle.table_sources):
        yield table, file_name, keypath


def _duplicates(bundle: ReportBundle, what: str, entries: Iterable[tuple[str, str, tuple]]) -> Iterator[Problem]:
    """Entries are (id, file name, key path of the id value)."""
    first: dict[str, tuple[str, tuple]] = {}
    for ident, file_name, keypath in entries:
        if ident in first:
            first_file, first_path = first[ident]
            path, line, _ = bundle.locate(first_file, first_path)
            here = bundle.locate(file_name, keypath)[0]
            where = f"line {line}" if path == here else f"{path}:{line}"
            yield bundle.problem(
                file_name,
                keypath,
                f"duplicate {what} '{ident}' (first used on {where}); give each {what[:-3]} its own id"
                if what.endswith("id")
                else f"duplicate {what} '{ident}' (first used on {where}); remove or rename one of them",
            )
        else:
            first[ident] = (file_name, keypath)


def _period_outside(bundle: ReportBundle, period: Period, what: str) -> str | None:
    report_period = bundle.report.period
    if report_period.contains(period):
        return None
    return (
        f"{what} '{period.label}' lies outside the report's period {report_period.label}; "
        "correct the period (or the report's period in report.yaml)"
    )


def _parse_key_period(bundle: ReportBundle, file_name: str, keypath: tuple, key: str) -> tuple[Period | None, Problem | None]:
    try:
        return parse_period(key), None
    except ValueError as exc:
        return None, bundle.problem(file_name, keypath, str(exc), at_key=True)


# --- Organisation checks --------------------------------------------------------------------


def check_unit_codes_unique(bundle: ReportBundle) -> Iterator[Problem]:
    units = bundle.organisation.units
    yield from _duplicates(bundle, "unit code", ((u.code, ORGANISATION_FILE, ("units", i, "code")) for i, u in enumerate(units)))


def check_groups_unique(bundle: ReportBundle) -> Iterator[Problem]:
    builtin = {g.id: g for g in DEFAULT_GROUPS}
    for i, group in enumerate(bundle.organisation.groups):
        if group.id in builtin:
            yield bundle.problem(
                ORGANISATION_FILE,
                ("groups", i, "id"),
                f"group '{group.id}' is built in ({', '.join(builtin)}); remove it from 'groups'",
                severity="warning",
            )
    yield from _duplicates(
        bundle,
        "group id",
        ((g.id, ORGANISATION_FILE, ("groups", i, "id")) for i, g in enumerate(bundle.organisation.groups)),
    )


def check_organisation_scales(bundle: ReportBundle) -> Iterator[Problem]:
    org = bundle.organisation
    scales: list[tuple[str, Sequence[AssessmentLevel | StatusLevel] | None]] = [
        ("assessment_scale", org.assessment_scale),
        ("status_scale", org.status_scale),
    ]
    for key, scale in scales:
        if scale:
            yield from _duplicates(
                bundle, "scale level id", ((lvl.id, ORGANISATION_FILE, (key, i, "id")) for i, lvl in enumerate(scale))
            )


#: Unicode categories never allowed in an identifier: control, format (zero-width space, RLO, …),
#: private use, surrogates, unassigned, line and paragraph separators.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
#: Longest identifier or file name accepted (ids end up in file names; 255 bytes is the usual limit).
MAX_NAME_LENGTH = 100


def _shown_code(text: str) -> str:
    """The text with every hidden character written as <U+XXXX>, so the message shows it."""
    import unicodedata

    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in HIDDEN_CATEGORIES else c for c in text)


def _scripts(text: str) -> list[str]:
    """The writing systems of the letters in text (LATIN, CYRILLIC, GREEK, …), in order of appearance."""
    import unicodedata

    found: dict[str, None] = {}
    for c in text:
        if c.isalpha():
            found.setdefault(unicodedata.name(c, "UNKNOWN").split(" ")[0], None)
    return list(found)


SCRIPT_NAMES = {"LATIN": "latinska", "CYRILLIC": "kyrilliska", "GREEK": "grekiska"}


def identifier_problems(bundle: ReportBundle, file_name: str, keypath: KeyPath, text: str, what: str) -> Iterator[Problem]:
    """Hidden characters (error), mixed scripts (warning) and a too long identifier (error)."""
    import unicodedata

    hidden = [c for c in text if unicodedata.category(c) in HIDDEN_CATEGORIES]
    if hidden:
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'okänt tecken')}" for c in hidden))
        yield bundle.problem(
            file_name,
            keypath,
            f"{what} '{_shown_code(text)}' innehåller osynliga tecken eller styrtecken ({names}); "
            "skriv den med vanliga synliga tecken",
        )
    if len(text) > MAX_NAME_LENGTH:
        yield bundle.problem(
            file_name, keypath, f"{what} är för lång ({len(text)} tecken; högst {MAX_NAME_LENGTH} tillåts); korta den"
        )
    scripts = _scripts(text)
    if len(scripts) > 1:
        shown = " och ".join(SCRIPT_NAMES.get(s, s.lower()) for s in scripts)
        yield bundle.problem(
            file_name,
            keypath,
            f"{what} '{_shown_code(text)}' blandar {shown} bokstäver, som kan se likadana ut; skriv den med bara ett alfabet",
            severity="warning",
        )


def check_unit_code_characters(bundle: ReportBundle) -> Iterator[Problem]:
    """Unit codes hold no hidden characters and mix no alphabets (a Cyrillic А looks like A)."""
    for i, unit in enumerate(bundle.organisation.units):
        yield from identifier_problems(bundle, ORGANISATION_FILE, ("units", i, "code"), unit.code, "enhetskoden")


# --- Report checks ----------------------------------------------------------------------------


def check_ids_unique(bundle: ReportBundle) -> Iterator[Problem]:
    """Goals, perspectives, indicators, surveys, tables, deliverables and key figures have unique ids."""
    if bundle.goals:
        yield from _duplicates(
            bundle,
            "perspective id",
            ((p.id, "goals.yaml", ("perspectives", i, "id")) for i, p in enumerate(bundle.goals.perspectives)),
        )
        yield from _duplicates(bundle, "goal id", ((g.id, "goals.yaml", kp + ("id",)) for g, kp in _goals(bundle)))
    if bundle.indicators:
        yield from _duplicates(
            bundle,
            "indicator id",
            ((ind.id, "indicators.yaml", ("indicators", i, "id")) for i, ind in enumerate(bundle.indicators.indicators)),
        )
    if bundle.surveys:
        yield from _duplicates(
            bundle,
            "survey id",
            ((s.id, "surveys.yaml", ("surveys", i, "id")) for i, s in enumerate(bundle.surveys.surveys)),
        )
        for si, survey in enumerate(bundle.surveys.surveys):
            yield from _duplicates(
                bundle,
                "question id",
                ((q.id, "surveys.yaml", ("surveys", si, "questions", qi, "id")) for qi, q in enumerate(survey.questions)),
            )
    yield from _duplicates(bundle, "table id", ((t.id, f, kp + ("id",)) for t, f, kp in _tables(bundle)))
    if bundle.deliverables:
        groups = bundle.deliverables.groups
        yield from _duplicates(
            bundle,
            "deliverable group id",
            ((g.id, "deliverables.yaml", ("groups", i, "id")) for i, g in enumerate(groups)),
        )
        yield from _duplicates(
            bundle,
            "deliverable id",
            (
                (d.id, "deliverables.yaml", ("groups", gi, "items", di, "id"))
                for gi, g in enumerate(groups)
                for di, d in enumerate(g.items)
            ),
        )
    yield from _duplicates(
        bundle,
        "key figure id",
        ((k.id, "report.yaml", ("key_figures", i, "id")) for i, k in enumerate(bundle.report.key_figures)),
    )
    for key in ("assessment_scale", "status_scale"):
        scale = getattr(bundle.report, key)
        if scale:
            yield from _duplicates(
                bundle, "scale level id", ((lvl.id, "report.yaml", (key, i, "id")) for i, lvl in enumerate(scale))
            )


def check_rows_unique(bundle: ReportBundle) -> Iterator[Problem]:
    """No unit, period or group twice in one table, survey round or indicator."""
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            base = ("surveys", si, "rounds")
            yield from _duplicates(
                bundle,
                "survey round period",
                ((str(r.period), "surveys.yaml", base + (ri, "period")) for ri, r in enumerate(survey.rounds)),
            )
            for ri, rnd in enumerate(survey.rounds):
                yield from _duplicates(
                    bundle,
                    "unit row",
                    ((u.unit, "surveys.yaml", base + (ri, "units", ui, "unit")) for ui, u in enumerate(rnd.units)),
                )
                yield from _duplicates(
                    bundle,
                    "group row",
                    ((g.group, "surveys.yaml", base + (ri, "groups", gi, "group")) for gi, g in enumerate(rnd.groups)),
                )
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            yield from _duplicates(
                bundle,
                "series for group",
                ((s.group, "indicators.yaml", ("indicators", ii, "series", si, "group")) for si, s in enumerate(ind.series)),
            )
    for table, file_name, kp in _tables(bundle):
        if table.kind in ("per_unit", "before_after"):
            yield from _duplicates(
                bundle,
                "unit row",
                ((r.unit, file_name, kp + ("rows", ri, "unit")) for ri, r in enumerate(table.rows)),
            )
        if table.kind == "budget_outcome":
            yield from _duplicates(
                bundle,
                "period row",
                ((str(r.period), file_name, kp + ("rows", ri, "period")) for ri, r in enumerate(table.rows)),
            )
        if table.kind == "table":
            yield from _duplicates(
                bundle,
                "column id",
                ((c.id, file_name, kp + ("columns", ci, "id")) for ci, c in enumerate(table.columns)),
            )


def check_unit_codes_known(bundle: ReportBundle) -> Iterator[Problem]:
    """Survey, per-unit and before/after rows name units of the organisation's registry."""
    codes = list(bundle.units)
    where = f"data/{bundle.org_id}/organisation.yaml"

    def unknown(file_name: str, keypath: tuple, code: str) -> Problem:
        message = _unknown("unit code", code, codes, where)
        hint = None if did_you_mean(code, codes) else f"Add it under 'units:' in {where}."
        return bundle.problem(file_name, keypath, message, hint=hint)

    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                for ui, row in enumerate(rnd.units):
                    if row.unit not in bundle.units:
                        yield unknown("surveys.yaml", ("surveys", si, "rounds", ri, "units", ui, "unit"), row.unit)
    for table, file_name, kp in _tables(bundle):
        if table.kind in ("per_unit", "before_after"):
            for ri, row in enumerate(table.rows):
                if row.unit not in bundle.units:
                    yield unknown(file_name, kp + ("rows", ri, "unit"), row.unit)


def _scale_text(levels: list) -> str:
    return ", ".join(f"{lvl.id} ({lvl.label})" for lvl in levels)


def _scale_guess(value: str, levels: list) -> str | None:
    by_label = {lvl.label: lvl.id for lvl in levels}
    if value in by_label:
        return by_label[value]
    guess = did_you_mean(value, [lvl.id for lvl in levels] + list(by_label))
    return by_label.get(guess, guess) if guess else None


def check_scale_values(bundle: ReportBundle) -> Iterator[Problem]:
    """Goal assessments and deliverable statuses are levels of the declared scales."""
    ids = {lvl.id for lvl in bundle.assessment_scale}
    for goal, kp in _goals(bundle):
        if goal.assessment is not None and goal.assessment not in ids:
            guess = _scale_guess(goal.assessment, bundle.assessment_scale)
            yield bundle.problem(
                "goals.yaml",
                kp + ("assessment",),
                f"'{goal.assessment}' is not on the assessment scale; allowed: {_scale_text(bundle.assessment_scale)}",
                hint=f"Did you mean '{guess}'?" if guess else None,
            )
    if bundle.deliverables:
        ids = {lvl.id for lvl in bundle.status_scale}
        for gi, group in enumerate(bundle.deliverables.groups):
            for di, item in enumerate(group.items):
                if item.status not in ids:
                    guess = _scale_guess(item.status, bundle.status_scale)
                    yield bundle.problem(
                        "deliverables.yaml",
                        ("groups", gi, "items", di, "status"),
                        f"'{item.status}' is not on the status scale; allowed: {_scale_text(bundle.status_scale)}",
                        hint=f"Did you mean '{guess}'?" if guess else None,
                    )


def check_groups_known(bundle: ReportBundle) -> Iterator[Problem]:
    """Indicator series, targets and survey group results name declared groups."""
    ids = [g.id for g in bundle.groups]

    def unknown(file_name: str, keypath: tuple, group: str) -> Problem:
        guess = did_you_mean(group, ids)
        if guess:
            message = f"unknown group '{group}'; did you mean '{guess}'?"
        else:
            message = f"unknown group '{group}'; the groups are: {_choices(ids)}"
        return bundle.problem(
            file_name,
            keypath,
            message,
            hint=None if guess else f"Declare it under 'groups:' in data/{bundle.org_id}/organisation.yaml.",
        )

    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            for si, series in enumerate(ind.series):
                if series.group not in ids:
                    yield unknown("indicators.yaml", ("indicators", ii, "series", si, "group"), series.group)
            for ti, target in enumerate(ind.targets):
                if target.group not in ids:
                    yield unknown("indicators.yaml", ("indicators", ii, "targets", ti, "group"), target.group)
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                for gi, result in enumerate(rnd.groups):
                    if result.group not in ids:
                        yield unknown("surveys.yaml", ("surveys", si, "rounds", ri, "groups", gi, "group"), result.group)


def check_question_ids(bundle: ReportBundle) -> Iterator[Problem]:
    """Scores are given only for the survey's declared questions."""
    if not bundle.surveys:
        return
    for si, survey in enumerate(bundle.surveys.surveys):
        questions = [q.id for q in survey.questions]
        where = f"survey '{survey.id}'"
        for ri, rnd in enumerate(survey.rounds):
            base = ("surveys", si, "rounds", ri)
            score_maps: list[tuple[KeyPath, Mapping[str, object]]] = [
                (base + ("units", ui, "scores"), u.scores) for ui, u in enumerate(rnd.units)
            ]
            score_maps += [(base + ("groups", gi, "scores"), g.scores) for gi, g in enumerate(rnd.groups)]
            if rnd.stated_total:
                score_maps.append((base + ("stated_total", "scores"), rnd.stated_total.scores))
            for kp, scores in score_maps:
                for question in scores:
                    if question not in questions:
                        yield bundle.problem(
                            "surveys.yaml",
                            kp + (question,),
                            _unknown("question", question, questions, where),
                            at_key=True,
                        )


def check_scores_on_scale(bundle: ReportBundle) -> Iterator[Problem]:
    """Survey scores (and indicator values with a scale) lie within the stated scale."""
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            if not survey.scale:
                continue
            low, high = survey.scale.min, survey.scale.max
            for ri, rnd in enumerate(survey.rounds):
                base = ("surveys", si, "rounds", ri)
                maps: list[tuple[KeyPath, dict[str, float | None]]] = [
                    (base + ("units", ui, "scores"), u.scores) for ui, u in enumerate(rnd.units)
                ]
                maps += [(base + ("groups", gi, "scores"), g.scores) for gi, g in enumerate(rnd.groups)]
                if rnd.stated_total:
                    maps.append((base + ("stated_total", "scores"), {k: v.value for k, v in rnd.stated_total.scores.items()}))
                for kp, scores in maps:
                    for question, score in scores.items():
                        if score is not None and not low <= score <= high:
                            yield bundle.problem(
                                "surveys.yaml",
                                kp + (question,),
                                f"score {_num(score)} is outside the survey's scale {_num(low)}–{_num(high)}; "
                                "correct the score (or the scale)",
                            )
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            if not ind.scale:
                continue
            low, high = ind.scale.min, ind.scale.max
            for si, series in enumerate(ind.series):
                for key, value in series.values.items():
                    if value is not None and not low <= value <= high:
                        yield bundle.problem(
                            "indicators.yaml",
                            ("indicators", ii, "series", si, "values", key),
                            f"value {_num(value)} is outside the indicator's scale {_num(low)}–{_num(high)}; "
                            "correct the value (or the scale)",
                        )


def _outcome_keypath(bundle: ReportBundle, skp: tuple, field: str, key: str) -> tuple:
    """Where a normalised outcome was written: under `values` ('154 av 214') or its own field."""
    doc = bundle.documents.get("indicators.yaml")
    node: Any = getattr(doc, "data", None)
    for part in skp + ("values",):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return skp + (field, key)
    return skp + ("values", key) if isinstance(node, dict) and key in node else skp + (field, key)


def check_indicator_outcomes(bundle: ReportBundle) -> Iterator[Problem]:
    """Shares written as counts add up, assessments are on the scale, approximate periods have values."""
    if not bundle.indicators:
        return
    levels = {lvl.id for lvl in bundle.assessment_scale}
    for ii, ind in enumerate(bundle.indicators.indicators):
        for si, series in enumerate(ind.series):
            skp = ("indicators", ii, "series", si)
            for key, share in series.counts.items():
                kp = _outcome_keypath(bundle, skp, "counts", key)
                if share.of == 0:
                    yield bundle.problem(
                        "indicators.yaml",
                        kp,
                        f"the share for '{key}' is {share.count} of 0; a share of nothing cannot be computed",
                    )
                elif share.count > share.of:
                    yield bundle.problem(
                        "indicators.yaml",
                        kp,
                        f"the share for '{key}' is {share.count} of {share.of}: the part is larger than the whole; "
                        "correct the counts",
                    )
            for key, level in series.assessment.items():
                if level not in levels:
                    guess = _scale_guess(level, bundle.assessment_scale)
                    yield bundle.problem(
                        "indicators.yaml",
                        skp + ("assessment", key),
                        f"'{level}' is not on the assessment scale; allowed: {_scale_text(bundle.assessment_scale)}",
                        hint=f"Did you mean '{guess}'?" if guess else None,
                    )
            for index, key in enumerate(series.approximate):
                if series.values.get(key) is None:
                    yield bundle.problem(
                        "indicators.yaml",
                        skp + ("approximate", index),
                        f"period '{key}' is marked approximate but has no value",
                    )
            if not series.values and not series.narrative and not series.missing:
                yield bundle.problem(
                    "indicators.yaml",
                    skp,
                    "the series has no outcome; give 'values' (numbers) or 'narrative' (an outcome in words)",
                )


def check_scales_valid(bundle: ReportBundle) -> Iterator[Problem]:
    """A scale's min is below its max."""
    items: list[tuple[str, tuple, Any]] = []
    if bundle.surveys:
        items += [("surveys.yaml", ("surveys", i, "scale"), s.scale) for i, s in enumerate(bundle.surveys.surveys)]
    if bundle.indicators:
        items += [
            ("indicators.yaml", ("indicators", i, "scale"), ind.scale) for i, ind in enumerate(bundle.indicators.indicators)
        ]
    for file_name, kp, scale in items:
        if scale is not None and scale.min >= scale.max:
            yield bundle.problem(
                file_name,
                kp + ("max",),
                f"the scale's max ({_num(scale.max)}) must be greater than its min ({_num(scale.min)})",
            )


def _num(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def check_periods(bundle: ReportBundle) -> Iterator[Problem]:
    """Outcomes, targets, rounds and table periods lie within the report's period."""
    report_period = bundle.report.period

    def outside(file_name: str, keypath: tuple, period: Period, what: str, at_key: bool = False) -> Iterator[Problem]:
        message = _period_outside(bundle, period, what)
        if message:
            yield bundle.problem(file_name, keypath, message, at_key=at_key)

    for goal, kp in _goals(bundle):
        if goal.period is not None:
            yield from outside("goals.yaml", kp + ("period",), goal.period, "the goal's period")
        if goal.priorities and goal.priorities.period is not None:
            yield from outside("goals.yaml", kp + ("priorities", "period"), goal.priorities.period, "the priorities' period")
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            base = ("indicators", ii)
            for si, series in enumerate(ind.series):
                skp = base + ("series", si)
                for key in series.values:
                    # An outcome outside the report's period is a comparison value (a base year,
                    # earlier years of a multi-year table): allowed, shown as such.
                    _, problem = _parse_key_period(bundle, "indicators.yaml", skp + ("values", key), key)
                    if problem:
                        yield problem
                for field in ("missing", "notes", "counts", "narrative", "assessment"):
                    for key in getattr(series, field):
                        _, problem = _parse_key_period(bundle, "indicators.yaml", skp + (field, key), key)
                        if problem:
                            yield problem
                for key in series.missing:
                    if (given := series.values.get(key)) is not None:
                        yield bundle.problem(
                            "indicators.yaml",
                            skp + ("missing", key),
                            f"period '{key}' has both a value ({_num(given)}) and a reason it is missing; remove one of them",
                            at_key=True,
                        )
            for ti, target in enumerate(ind.targets):
                yield from outside("indicators.yaml", base + ("targets", ti, "period"), target.period, "the target's period")
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                yield from outside(
                    "surveys.yaml", ("surveys", si, "rounds", ri, "period"), rnd.period, "the survey round's period"
                )
    for table, file_name, kp in _tables(bundle):
        if table.kind == "budget_outcome":
            for ri, row in enumerate(table.rows):
                yield from outside(file_name, kp + ("rows", ri, "period"), row.period, "the row's period")
        elif table.kind == "per_unit":
            declared = list(table.periods)
            for pi, period in enumerate(declared):
                yield from outside(file_name, kp + ("periods", pi), period, "the table's period")
            labels = ", ".join(p.label for p in declared)

            def not_declared(keypath: tuple, key: str) -> Iterator[Problem]:
                period, problem = _parse_key_period(bundle, file_name, keypath, key)
                if problem:
                    yield problem
                elif period not in declared:
                    yield bundle.problem(
                        file_name,
                        keypath,
                        f"period '{key}' is not one of the table's periods ({labels}); add it to 'periods' or correct the key",
                        at_key=True,
                    )

            for ri, row in enumerate(table.rows):
                for key in row.values:
                    yield from not_declared(kp + ("rows", ri, "values", key), key)
            for key in table.stated_totals:
                yield from not_declared(kp + ("stated_totals", key), key)
        elif table.kind == "before_after":
            # `before` is the declared baseline and may precede the report's period.
            yield from outside(file_name, kp + ("after",), table.after, "the 'after' period")
            if table.after.start < table.before.start:
                yield bundle.problem(
                    file_name,
                    kp + ("after",),
                    f"the 'after' period {table.after.label} comes before the 'before' period {table.before.label}; swap them",
                )
        elif table.kind == "breakdown" and table.period is not None:
            yield from outside(file_name, kp + ("period",), table.period, "the table's period")
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.period is not None:
            yield from outside("report.yaml", ("key_figures", ki, "period"), figure.period, "the key figure's period")
    del report_period


def check_targets(bundle: ReportBundle) -> Iterator[Problem]:
    """A target is a value (with an optional operator) or a range, not both, not neither."""
    if not bundle.indicators:
        return
    for ii, ind in enumerate(bundle.indicators.indicators):
        for ti, target in enumerate(ind.targets):
            kp = ("indicators", ii, "targets", ti)
            has_range = target.min is not None or target.max is not None
            if target.value is not None and has_range:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("value",),
                    "a target has either a value or a range (min/max), not both; remove 'value' or 'min'/'max'",
                )
            elif target.value is None and not has_range and not target.text:
                yield bundle.problem(
                    "indicators.yaml",
                    kp,
                    "a target needs a 'value' (e.g. value: 80), a range ('min' and/or 'max') "
                    "or, for a qualitative target, a 'text'",
                )
            if target.operator is not None and target.value is None:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("operator",),
                    "'operator' needs a 'value' to compare with; add 'value' or remove 'operator'",
                )
            if target.min is not None and target.max is not None and target.min > target.max:
                yield bundle.problem(
                    "indicators.yaml",
                    kp + ("max",),
                    f"the target's max ({_num(target.max)}) is less than its min ({_num(target.min)}); swap them",
                )


def check_units_known(bundle: ReportBundle) -> Iterator[Problem]:
    """An indicator's unit is built in or declared by the organisation (`measure_units`)."""
    if not bundle.indicators:
        return
    builtin = list(typing.get_args(MeasureUnit))
    declared = [u.label for u in bundle.organisation.measure_units]
    for ii, ind in enumerate(bundle.indicators.indicators):
        if ind.unit not in builtin and ind.unit not in declared:
            yield bundle.problem(
                "indicators.yaml",
                ("indicators", ii, "unit"),
                f"unknown unit '{ind.unit}'; use one of {', '.join(builtin + declared)}, "
                "or declare it under 'measure_units' in organisation.yaml",
            )


def check_document_type(bundle: ReportBundle) -> Iterator[Problem]:
    """The document type is a common one or one the organisation declares."""
    known = list(DEFAULT_DOCUMENT_TYPES) + list(bundle.organisation.document_types)
    if bundle.report.document_type not in known:
        guess = did_you_mean(bundle.report.document_type, known)
        yield bundle.problem(
            "report.yaml",
            ("document_type",),
            f"'{bundle.report.document_type}' is not a document type; expected one of: {', '.join(known)} "
            "(or one declared under 'document_types' in organisation.yaml)",
            hint=f"Did you mean '{guess}'?" if guess else None,
        )


def check_owner_shares(bundle: ReportBundle) -> Iterator[Problem]:
    """A company's owners own at most 100 %."""
    shares = [o.share for o in bundle.organisation.owners if o.share is not None]
    if sum(shares) > 100 + 1e-9:
        yield bundle.problem(
            ORGANISATION_FILE,
            ("owners",),
            f"the owners' shares add up to {_num(sum(shares))} %, more than 100 %; correct the shares",
        )


def check_key_figures(bundle: ReportBundle) -> Iterator[Problem]:
    """A key figure states a number, computes one, or both."""
    for ki, figure in enumerate(bundle.report.key_figures):
        if figure.stated is None and figure.compute is None:
            yield bundle.problem(
                "report.yaml",
                ("key_figures", ki),
                f"key figure '{figure.id}' needs 'stated' (the number as the source states it) or 'compute' "
                "(how to compute it from the data), or both",
            )


def check_goal_references(bundle: ReportBundle) -> Iterator[Problem]:
    """Goals name indicators, surveys and tables that exist."""
    sources = {
        "indicators": (
            "indicator",
            "indicators.yaml",
            [i.id for i in bundle.indicators.indicators] if bundle.indicators else None,
        ),
        "surveys": ("survey", "surveys.yaml", [s.id for s in bundle.surveys.surveys] if bundle.surveys else None),
        "tables": ("table", "finance.yaml or tables.yaml", [t.id for t in bundle.tables]),
    }
    invalid = set(bundle.invalid_files)
    for goal, kp in _goals(bundle):
        for field, (what, file_name, ids) in sources.items():
            if field == "tables" and invalid & {"finance.yaml", "tables.yaml"}:
                continue
            if file_name in invalid:
                continue
            for i, ref in enumerate(getattr(goal, field)):
                if ids is None:
                    yield bundle.problem(
                        "goals.yaml",
                        kp + (field, i),
                        f"unknown {what} '{ref}': there is no {file_name} in {bundle.data_dir}/; add it or remove the reference",
                    )
                elif ref not in ids:
                    yield bundle.problem("goals.yaml", kp + (field, i), _unknown(what, ref, ids, f"{file_name}"))


def check_file_references(bundle: ReportBundle) -> Iterator[Problem]:
    """`file:` of goal sections and attachments name safe, existing files under content/."""
    root = bundle.root
    if root is None:
        return
    refs: list[tuple[str, tuple, str]] = []
    for ai, attachment in enumerate(bundle.report.attachments):
        if attachment.file is not None:
            refs.append(("report.yaml", ("attachments", ai, "file"), attachment.file))
    for goal, kp in _goals(bundle):
        for si, section in enumerate(goal.sections):
            skp = kp + ("sections", si)
            if section.file is not None:
                refs.append(("goals.yaml", skp + ("file",), section.file))
                if section.body is not None:
                    yield bundle.problem(
                        "goals.yaml",
                        skp + ("body",),
                        "a section has either 'body' or 'file', not both; remove one of them",
                    )
            elif section.body is None:
                yield bundle.problem(
                    "goals.yaml",
                    skp,
                    f"a section needs a 'body' (Markdown text) or a 'file' (a page under {bundle.content_dir}/)",
                )
    for file_name, keypath, name in refs:
        _, message = check_file_reference(root, bundle.content_dir, name)
        if message:
            yield bundle.problem(file_name, keypath, message)


def check_generic_tables(bundle: ReportBundle) -> Iterator[Problem]:
    """Rows and totals of `kind: table` use declared columns; summed columns hold numbers."""
    for table, file_name, kp in _tables(bundle):
        if table.kind != "table":
            continue
        columns = [c.id for c in table.columns]
        summed = {c.id for c in table.columns if c.sum}
        for ri, row in enumerate(table.rows):
            for key, value in row.items():
                if key not in columns:
                    yield bundle.problem(
                        file_name, kp + ("rows", ri, key), _unknown("column", key, columns, "the table"), at_key=True
                    )
                elif key in summed and isinstance(value, str):
                    yield bundle.problem(
                        file_name,
                        kp + ("rows", ri, key),
                        f"column '{key}' adds up to a total, so it needs numbers; found '{value}'",
                    )
        for key in table.stated_totals:
            if key not in columns:
                yield bundle.problem(
                    file_name, kp + ("stated_totals", key), _unknown("column", key, columns, "the table"), at_key=True
                )


def check_stated_counts(bundle: ReportBundle) -> Iterator[Problem]:
    """Stated respondent totals are whole, non-negative numbers."""
    if not bundle.surveys:
        return
    for si, survey in enumerate(bundle.surveys.surveys):
        for ri, rnd in enumerate(survey.rounds):
            total = rnd.stated_total.respondents if rnd.stated_total else None
            if total is None:
                continue
            kp = ("surveys", si, "rounds", ri, "stated_total", "respondents")
            if total.value < 0:
                yield bundle.problem("surveys.yaml", kp, f"the number of respondents cannot be negative, found {total.text}")
            elif total.decimals or not float(total.value).is_integer():
                yield bundle.problem("surveys.yaml", kp, f"the number of respondents must be a whole number, found {total.text}")


def _walk_numbers(data: Any, keypath: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk_numbers(value, keypath + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk_numbers(value, keypath + (index,))
    elif isinstance(data, (int, float)) and not isinstance(data, bool):
        yield keypath, data


def has_unusable_numbers(bundle: ReportBundle) -> bool:
    """Whether the data holds NaN, infinity or numbers too large to compute with."""
    return any(True for _ in check_number_magnitude(bundle))


def check_number_magnitude(bundle: ReportBundle) -> Iterator[Problem]:
    """No NaN, infinity or absurdly large numbers anywhere in the data."""
    for file_name, doc in bundle.documents.items():
        if file_name == ORGANISATION_FILE or file_name in bundle.invalid_files:
            continue
        for keypath, value in _walk_numbers(doc.data):
            if isinstance(value, float) and math.isnan(value):
                yield bundle.problem(file_name, keypath, "NaN is not a number; write the value, or null if it is missing")
            elif isinstance(value, float) and math.isinf(value):
                yield bundle.problem(file_name, keypath, "infinity is not allowed; write a finite number")
            elif abs(value) > MAX_MAGNITUDE:
                try:
                    shown = f"{value:g}"
                except OverflowError:  # an int too large for a float (hundreds of digits)
                    shown = f"{Decimal(value):.6g}"
                yield bundle.problem(
                    file_name,
                    keypath,
                    f"the number {shown} is too large (at most {MAX_MAGNITUDE:.0e} in absolute value); check the value",
                )


def _images(text: str) -> Iterator[tuple[str, int, int]]:
    """(src, line, column) of every image in Markdown text, located at its '!'."""
    from markdown_it import MarkdownIt

    lines = text.split("\n")
    for token in MarkdownIt("commonmark").parse(text):
        if token.type != "inline" or not token.children or token.map is None:
            continue
        images = [child for child in token.children if child.type == "image"]
        if not images:
            continue
        starts = []
        for number in range(token.map[0], min(token.map[1], len(lines))):
            column = lines[number].find("![")
            while column >= 0:
                starts.append((number + 1, column + 1))
                column = lines[number].find("![", column + 2)
        for index, image in enumerate(images):
            line, column = starts[index] if index < len(starts) else (token.map[0] + 1, 1)
            yield str(image.attrs.get("src", "")), line, column


def check_content_images(bundle: ReportBundle) -> Iterator[Problem]:
    """Images in content pages name safe, existing files in the report's content folder.

    External images (http, https) are left to the renderer, which shows them as links.
    """
    from urllib.parse import unquote, urlsplit

    if bundle.root is None:
        return
    for page in list(bundle.content_pages) + list(bundle.referenced_pages.values()):
        text = page.source or page.markdown
        if "![" not in text:
            continue
        for src, line, column in _images(text):
            parts = urlsplit(src)
            if parts.scheme and len(parts.scheme) > 1 and parts.scheme != "file":
                continue  # http(s), data: ... are not files of the project
            name = unquote(parts.path if parts.scheme == "file" else src.split("#")[0].split("?")[0])
            if parts.scheme == "file" and not name.startswith("/"):
                name = "/" + name
            _, message = check_file_reference(bundle.root, bundle.content_dir, name)
            if message:
                yield Problem(page.path, line, column, message)


def check_content_page_names(bundle: ReportBundle) -> Iterator[Problem]:
    """Every content page gets its own output file, with a name of bounded length: `mal.md` and
    `text-mal.md` would both be published as text-mal.html (compared case-insensitively, as on
    macOS and Windows)."""

    seen: dict[str, str] = {}
    for page in bundle.content_pages:
        name = Path(page.path).name
        if len(name) > MAX_NAME_LENGTH:
            yield Problem(
                page.path,
                1,
                1,
                f"filnamnet är för långt ({len(name)} tecken; högst {MAX_NAME_LENGTH} tillåts); byt till ett kortare namn",
            )
            continue
        output = content_page_name(page.slug) + ".html"
        other = seen.setdefault(output.casefold(), page.path)
        if other != page.path:
            yield Problem(
                page.path,
                1,
                1,
                f"sidan publiceras som {output}, precis som {other}; en av sidorna skulle skriva över den andra. "
                "Byt namn på en av filerna",
            )


ORGANISATION_CHECKS: list[Check] = [
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
    check_indicator_outcomes,
    check_groups_known,
    check_question_ids,
    check_scales_valid,
    check_scores_on_scale,
    check_periods,
    check_targets,
    check_key_figures,
    check_document_type,
    check_units_known,
    check_goal_references,
    check_file_references,
    check_generic_tables,
    check_stated_counts,
    check_number_magnitude,
    check_content_images,
    check_content_page_names,
]


# --- The accessibility statement's contact ------------------------------------------------------


def check_accessibility_contacts(project: Project, *, publishing: bool) -> list[Problem]:
    """An example address (`….example`) as the contact of the accessibility statement.

    Readers must be able to report accessibility problems, and mail to a reserved example domain
    reaches nobody. `check` warns; `build` (publishing=True) stops when a report that is not a
    draft would be published with it. A contact marked `placeholder: true` is a declared example
    (the page says so) and passes.
    """

    problems: list[Problem] = []
    not_draft = {b.org_id for b in project.reports if b.report.status != "utkast"}

    def severity(org_ids: set[str]) -> str:
        return "error" if publishing and org_ids & not_draft else "warning"

    message = (
        "the accessibility contact '{email}' is an example address: mail to it reaches nobody, "
        "and readers must be able to report accessibility problems"
    )
    hint = (
        "Give a real e-mail address, or mark the contact 'placeholder: true' if the site is only "
        "an example (the accessibility statement then says the contact is an example)."
    )
    config_file = config.config_file_for(Path(project.root))
    contact = config.read_site_config(config_file).accessibility_contact
    if isinstance(contact, dict) and config.is_example_address(contact.get("email")) and not contact.get("placeholder"):
        try:
            doc = load_yaml_file(config_file, Path(project.root))
        except DataErrors:  # MkDocs reports an unreadable mkdocs.yml itself
            doc = None
        keypath = ("extra", "accessibility_contact", "email")
        level = severity({b.org_id for b in project.reports})
        text = message.format(email=contact["email"])
        if doc is not None:
            problems.append(doc.problem(keypath, text, severity=level, hint=hint))
        else:
            problems.append(Problem(str(config_file), 1, 1, text, level, hint))  # type: ignore[arg-type]
    seen: set[str] = set()
    for bundle in project.reports:
        if bundle.org_id in seen:
            continue
        seen.add(bundle.org_id)
        own = bundle.organisation.accessibility_contact
        if own is not None and config.is_example_address(own.email) and not own.placeholder:
            problems.append(
                bundle.problem(
                    ORGANISATION_FILE,
                    ("accessibility_contact", "email"),
                    message.format(email=own.email),
                    severity=severity({bundle.org_id}),
                    hint=hint,
                )
            )
    return problems
