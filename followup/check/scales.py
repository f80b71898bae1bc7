"""Values on the declared lists: unit codes, assessment and status levels, groups, survey questions and
scores on the survey's scale."""

from __future__ import annotations

from typing import Any, Iterator, Mapping, Sequence

from followup.check.common import choices_text, goals_of, number_text, scale_guess, scale_text, tables_of, unknown_message
from followup.check.organisation import scale_symbol_problems
from followup.errors import Problem
from followup.i18n import _
from followup.load.loader import KeyPath, ReportBundle
from followup.load.names import did_you_mean
from followup.model.base import ScaleLevel
from followup.model.goals import STATED_TOTAL_KEY
from followup.model.indicators import Scale


def check_unit_codes_known(bundle: ReportBundle) -> Iterator[Problem]:
    """Survey, per-unit and before/after rows name units of the organisation's registry."""
    codes = list(bundle.units)
    where = f"data/{bundle.org_id}/organisation.yaml"

    def unknown(file_name: str, keypath: tuple, code: str) -> Problem:
        message = unknown_message(_("okänd enhetskod"), code, codes, where)
        hint = None if did_you_mean(code, codes) else _("Lägg till den under 'units:' i {file}.").format(file=where)
        return bundle.problem(file_name, keypath, message, hint=hint)

    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                for ui, row in enumerate(rnd.units):
                    if row.unit not in bundle.units:
                        yield unknown("surveys.yaml", ("surveys", si, "rounds", ri, "units", ui, "unit"), row.unit)
    for table, file_name, kp in tables_of(bundle):
        if table.kind in ("per_unit", "before_after"):
            for ri, row in enumerate(table.rows):
                if row.unit not in bundle.units:
                    yield unknown(file_name, kp + ("rows", ri, "unit"), row.unit)


def check_scale_values(bundle: ReportBundle) -> Iterator[Problem]:
    """Goal assessments and deliverable statuses are levels of the declared scales."""
    ids = {lvl.id for lvl in bundle.assessment_scale}
    for goal, kp in goals_of(bundle):
        if goal.assessment is not None and goal.assessment not in ids:
            guess = scale_guess(goal.assessment, bundle.assessment_scale)
            yield bundle.problem(
                "goals.yaml",
                kp + ("assessment",),
                _("'{value}' finns inte på bedömningsskalan; tillåtna är: {levels}").format(
                    value=goal.assessment, levels=scale_text(bundle.assessment_scale)
                ),
                hint=_("Menade du '{guess}'?").format(guess=guess) if guess else None,
            )
    if bundle.deliverables:
        ids = {lvl.id for lvl in bundle.status_scale}
        for gi, group in enumerate(bundle.deliverables.groups):
            for di, item in enumerate(group.items):
                if item.status not in ids:
                    guess = scale_guess(item.status, bundle.status_scale)
                    yield bundle.problem(
                        "deliverables.yaml",
                        ("groups", gi, "items", di, "status"),
                        _("'{value}' finns inte på statusskalan; tillåtna är: {levels}").format(
                            value=item.status, levels=scale_text(bundle.status_scale)
                        ),
                        hint=_("Menade du '{guess}'?").format(guess=guess) if guess else None,
                    )


def check_stated_count_keys(bundle: ReportBundle) -> Iterator[Problem]:
    """The keys of `stated_counts` are levels of the scale counted (or `av`, the total): the assessment
    scale in goals.yaml, the status scale in deliverables.yaml."""
    yield from _stated_count_keys(bundle, "goals.yaml", bundle.goals, bundle.assessment_scale, _("bedömningsskalan"))
    yield from _stated_count_keys(bundle, "deliverables.yaml", bundle.deliverables, bundle.status_scale, _("statusskalan"))


def _stated_count_keys(
    bundle: ReportBundle, file_name: str, counted: Any, scale: Sequence[ScaleLevel], scale_name: str
) -> Iterator[Problem]:
    """A key of the file's `stated_counts` (`counted`: its model, None without the file) that is neither
    a level of `scale` nor the total, and the key it was probably meant to be."""
    ids = {lvl.id for lvl in scale}
    for key in getattr(counted, "stated_counts", None) or {}:
        if key == STATED_TOTAL_KEY or key in ids:
            continue
        total_word = key.casefold() in ("of", "total", "totalt", "summa", "alla")
        guess = STATED_TOTAL_KEY if total_word else scale_guess(key, scale)
        yield bundle.problem(
            file_name,
            ("stated_counts", key),
            _(
                "'{key}' är ingen nivå på {scale}; stated_counts anger antalet per nivå med nivåns id ({levels}) "
                "och totalen som {total}"
            ).format(key=key, scale=scale_name, levels=scale_text(scale), total=STATED_TOTAL_KEY),
            hint=_("Menade du '{guess}'?").format(guess=guess) if guess else None,
            at_key=True,
        )


def check_groups_known(bundle: ReportBundle) -> Iterator[Problem]:
    """Indicator series, targets and survey group results name declared groups."""
    ids = [g.id for g in bundle.groups]

    def unknown(file_name: str, keypath: tuple, group: str) -> Problem:
        guess = did_you_mean(group, ids)
        if guess:
            message = _("okänd grupp '{group}'; menade du '{guess}'?").format(group=group, guess=guess)
        else:
            message = _("okänd grupp '{group}'; grupperna är: {groups}").format(group=group, groups=choices_text(ids))
        return bundle.problem(
            file_name,
            keypath,
            message,
            hint=None if guess else _("Ange den under 'groups:' i data/{org}/organisation.yaml.").format(org=bundle.org_id),
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


def _round_scores(base: KeyPath, rnd: Any) -> list[tuple[KeyPath, Mapping[str, float | None]]]:
    """The scores of a survey round by where they are written: per unit, per group, the stated total."""
    maps: list[tuple[KeyPath, Mapping[str, float | None]]] = [
        (base + ("units", ui, "scores"), u.scores) for ui, u in enumerate(rnd.units)
    ]
    maps += [(base + ("groups", gi, "scores"), g.scores) for gi, g in enumerate(rnd.groups)]
    if rnd.stated_total:
        maps.append((base + ("stated_total", "scores"), {k: v.value for k, v in rnd.stated_total.scores.items()}))
    return maps


def _values_on_scales(bundle: ReportBundle) -> Iterator[tuple[str, KeyPath, Mapping[str, float | None], Scale]]:
    """(file, key path, values by key, scale) of every set of values that lies on a declared scale:
    a survey's scores, an indicator's series."""
    if bundle.surveys:
        for si, survey in enumerate(bundle.surveys.surveys):
            if survey.scale:
                for ri, rnd in enumerate(survey.rounds):
                    for kp, scores in _round_scores(("surveys", si, "rounds", ri), rnd):
                        yield "surveys.yaml", kp, scores, survey.scale
    if bundle.indicators:
        for ii, ind in enumerate(bundle.indicators.indicators):
            if ind.scale:
                for si, series in enumerate(ind.series):
                    yield "indicators.yaml", ("indicators", ii, "series", si, "values"), series.values, ind.scale


def check_question_ids(bundle: ReportBundle) -> Iterator[Problem]:
    """Scores are given only for the survey's declared questions."""
    if not bundle.surveys:
        return
    for si, survey in enumerate(bundle.surveys.surveys):
        questions = [q.id for q in survey.questions]
        where = _("enkäten '{survey}'").format(survey=survey.id)
        for ri, rnd in enumerate(survey.rounds):
            for kp, scores in _round_scores(("surveys", si, "rounds", ri), rnd):
                for question in scores:
                    if question not in questions:
                        yield bundle.problem(
                            "surveys.yaml",
                            kp + (question,),
                            unknown_message(_("okänd fråga"), question, questions, where),
                            at_key=True,
                        )


def check_scores_on_scale(bundle: ReportBundle) -> Iterator[Problem]:
    """Survey scores (and indicator values with a scale) lie within the stated scale."""
    for file_name, kp, values, scale in _values_on_scales(bundle):
        low, high = number_text(scale.min), number_text(scale.max)
        for key, value in values.items():
            if value is None or scale.min <= value <= scale.max:
                continue
            if file_name == "surveys.yaml":
                message = _("värdet {score} ligger utanför enkätens skala {low}–{high}; rätta värdet (eller skalan)").format(
                    score=number_text(value), low=low, high=high
                )
            else:
                message = _("värdet {value} ligger utanför indikatorns skala {low}–{high}; rätta värdet (eller skalan)").format(
                    value=number_text(value), low=low, high=high
                )
            yield bundle.problem(file_name, kp + (key,), message)


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
                _("skalans max ({max}) måste vara större än dess min ({min}); rätta skalan").format(
                    max=number_text(scale.max), min=number_text(scale.min)
                ),
            )


def check_report_scale_symbols(bundle: ReportBundle) -> Iterator[Problem]:
    """A report's own scales: one symbol per level unless declared shared, and symbols the site can show."""
    for key in ("assessment_scale", "status_scale"):
        scale = getattr(bundle.report, key)
        if scale:
            yield from scale_symbol_problems(bundle, "report.yaml", key, scale)
