"""Every check of what a report states against what its data gives, acknowledgments applied.

Besides the stated totals, differences, means and key figures (`followup.compute.stated`), a report
states things that the data can contradict in other ways. Each becomes a `CheckResult` with a kind
(doc/checking.md lists them):

* `indicator_share`: a share stated beside its counts (`21 % (31 av 187)`, or `values` and `counts`
  for the same period) = count / of × 100;
* `share_base`: the whole of a share of an indicator declared `share_of: <other>` ("of the 179 who
  ended with a positive solution, 68 went on to work") = the other indicator's count for the same
  period and group;
* `group_total`: a value for everyone (`alla`) of an indicator measured as a mean, share or rate
  lies between the values for women and men (kvinnor, man) of the same period, and is not equal to
  one of them while the other differs by more than one unit of its last decimal; the same for a
  survey's stated total score and its groups' scores, when the groups' respondents add up to all
  respondents (otherwise the groups leave someone out and the total may lie anywhere);
* `goal_count`: `stated_count` in goals.yaml ("12 av 27") = the goals whose assessment is on an
  achieved level, when the data holds all the goals;
* `goal_level_count`: `stated_counts` in goals.yaml (`{uppnatt: 8, delvis-uppnatt: 3, av: 30}`): each
  count = the goals assessed on that level (the per-level counts are checked by `stated`), and `av`
  = the goals in the data (else a warning: the counts cannot be checked);
* `indicator_sum`: an indicator declared `sum_of: [parts]` has, per period and group, the sum of its
  parts' outcomes (and each target the sum of the parts' targets for the same period and group),
  when every part has a value;
* `column_difference`: a column of a `kind: table` table declared `difference: [a, b]` (Avvikelse =
  Bokslut − Prognos) = a − b on every row where all three are numbers;
* `column_sum`: a column declared `sum_of: [a, b, …]` (Totalt = Kvinnor + Män) = a + b + … on every
  row where it and all its parts are numbers;
* `assessment`: a stated assessment against the attainment the data computes
  (`followup.compute.attainment`): a warning.

The tolerance is the rule of `followup.check.compare` (the stated precision; "cirka" widens it).
"""

from __future__ import annotations

from typing import Any

from followup.compute import acknowledgments, stated
from followup.compute.common import percent_of
from followup.compute.stated import ACKNOWLEDGE_FIX, CheckResult, fmt
from followup.compute.summaries import ReportSummary
from followup.i18n import _
from followup.model.goals import STATED_TOTAL_KEY
from followup.model.numbers import StatedNumber, count_decimals, parse_stated_number
from followup.model.slugs import swedish_slug
from followup.project import ReportBundle

#: Units whose values for a whole group are sums of the parts, not means: no "between" rule.
ADDITIVE_UNITS = ("count", "sek", "tkr", "mnkr")
#: The groups that together make up everyone (the built-in partition by sex).
PARTS = ("kvinnor", "man")
PART_WORDS = {"kvinnor": "kvinnor", "man": "män"}


def check_all(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """Every check of one report against its computed summary, with its acknowledgments applied."""
    results = stated.check_stated_numbers(bundle, summary) + stated.check_key_figures(bundle, summary)
    results += share_checks(bundle)
    results += share_base_checks(bundle)
    results += group_checks(bundle)
    results += goal_count_checks(bundle, summary)
    results += level_total_checks(bundle, summary)
    results += status_total_checks(bundle, summary)
    results += sum_checks(bundle)
    results += column_difference_checks(bundle)
    results += assessment_checks(bundle, summary)
    return acknowledgments.apply_acknowledgments(bundle, summary, results)


def mark_assessments_acknowledged(bundle: ReportBundle, summary: ReportSummary) -> None:
    """Attach each acknowledgment that holds to its assessment, so the pages show the reason."""
    if not getattr(getattr(bundle, "report", None), "acknowledged", None) or not summary.attainment:
        return
    items: list[tuple[str | None, StatedNumber | None, float | None, bool]] = [
        (a.ref, None, None, a.agrees) for a in summary.attainment
    ]
    held, _ = acknowledgments.match_acknowledgments(bundle, summary, items)
    for index, ack in held.items():
        summary.attainment[index].acknowledged = ack


# --- helpers ---------------------------------------------------------------------------------------


def _raw(bundle: ReportBundle, file_name: str, keypath: tuple) -> Any:
    """The value at keypath as written in the file (to know the decimals it was stated with)."""
    node: Any = getattr(bundle.documents.get(file_name), "data", None)
    for part in keypath:
        if isinstance(node, dict):
            key = part if part in node else next((k for k in node if str(k) == str(part)), None)
            if key is None:
                return None
            node = node[key]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return None
    return node


def _stated(raw: Any, value: float | None, decimals: int | None = None) -> StatedNumber | None:
    """The number as written (its precision); the model's value with the given decimals otherwise."""
    if isinstance(raw, str) and "(" in raw:
        raw = raw.split("(")[0]
    try:
        return parse_stated_number(raw, percent=True, units=("SEK", "kr", "tkr", "mnkr"))
    except ValueError:
        if value is None:
            return None
        places = decimals if decimals is not None else count_decimals(value)
        return StatedNumber(value, places, fmt(value, places))


def _usable(bundle: ReportBundle, file_name: str) -> bool:
    return file_name in bundle.documents and file_name not in bundle.invalid_files


# --- a share beside its counts ------------------------------------------------------------------------


def share_checks(bundle: ReportBundle) -> list[CheckResult]:
    """A stated share against the counts given for the same period."""
    if bundle.indicators is None or not _usable(bundle, "indicators.yaml"):
        return []
    results = []
    for ii, ind in enumerate(bundle.indicators.indicators):
        for si, series in enumerate(ind.series):
            for key, share in series.counts.items():
                keypath = ("indicators", ii, "series", si, "values", key)
                raw = _raw(bundle, "indicators.yaml", keypath)
                if raw is None or isinstance(raw, dict) or share.of == 0:
                    continue
                if isinstance(raw, str) and "(" not in raw and " av " in raw:
                    continue  # "154 av 214": the share is computed, nothing is stated
                number = _stated(raw, series.values.get(key))
                if number is None:
                    continue
                if "%" not in number.text:
                    number = StatedNumber(number.value, number.decimals, f"{number.text} %", "%")
                computed = percent_of(share.count, share.of)
                if computed is None:
                    continue  # a whole too small to divide by (1e-311): no share to check
                results.append(
                    stated._result(
                        bundle,
                        "indicator_share",
                        "indicators.yaml",
                        keypath,
                        _("andelen {{stated}} för {key}").format(key=key),
                        number,
                        computed,
                        f"{fmt(share.count)} av {fmt(share.of)} ({{computed}} %)",
                        _("rätta andelen eller antalen"),
                        f"indicators.{ind.id}.{series.group}.{key}",
                        approximate=key in series.approximate,
                        computed_text=fmt(computed, max(1, number.decimals + 1)),
                    )
                )
    return results


# --- a share of another indicator's count ----------------------------------------------------------------


def share_base_checks(bundle: ReportBundle) -> list[CheckResult]:
    """The whole of an indicator declared `share_of` against the other indicator's count, per period and group."""
    if bundle.indicators is None or not _usable(bundle, "indicators.yaml"):
        return []
    indicators = {ind.id: ind for ind in bundle.indicators.indicators}
    results = []
    for ii, ind in enumerate(bundle.indicators.indicators):
        base = indicators.get(ind.share_of or "")
        if base is None or base.id == ind.id:
            continue  # none, or an unknown one: check/numbers.py says so
        base_counts = {series.group: series.counts for series in base.series}
        for si, series in enumerate(ind.series):
            for key, share in series.counts.items():
                whole = base_counts.get(series.group, {}).get(key)
                if whole is None:
                    continue
                results.append(
                    stated._result(
                        bundle,
                        "share_base",
                        "indicators.yaml",
                        ("indicators", ii, "series", si, "values", key),
                        _("nämnaren {{stated}} i andelen för {key}").format(key=key),
                        StatedNumber(share.of, 0, fmt(share.of)),
                        whole.count,
                        _("antalet i '{name}' för {key}").format(name=base.name.replace("{", "{{").replace("}", "}}"), key=key),
                        _("rätta antalen"),
                        f"indicators.{ind.id}.{series.group}.{key}.of",
                    )
                )
    return results


# --- a total of its parts ---------------------------------------------------------------------------------


def sum_checks(bundle: ReportBundle) -> list[CheckResult]:
    """An indicator declared `sum_of` against the sum of its parts, outcome by outcome and target by target."""
    if bundle.indicators is None or not _usable(bundle, "indicators.yaml"):
        return []
    indicators = {ind.id: ind for ind in bundle.indicators.indicators}
    results: list[CheckResult | None] = []
    for ii, ind in enumerate(bundle.indicators.indicators):
        parts = [indicators[p] for p in ind.sum_of if p in indicators]  # unknown ids: check/ says so
        if not parts or len(parts) != len(ind.sum_of):
            continue
        names = ", ".join(p.name for p in parts)
        for si, series in enumerate(ind.series):
            for key, value in series.values.items():
                keypath = ("indicators", ii, "series", si, "values", key)
                part_values = [_part_value(p, series.group, key) for p in parts]
                words = (
                    _("utfallet {stated} för {period}").format(period=key, stated="{stated}"),
                    _("summan av delarna ({names})").format(names=names),
                    _("rätta utfallet eller delarnas utfall"),
                )
                ref = f"indicators.{ind.id}.{series.group}.{key}"
                results.append(_sum_result(bundle, ind, keypath, value, part_values, words, ref, key in series.approximate))
        for ti, target in enumerate(ind.targets):
            target_path = ("indicators", ii, "targets", ti, "value")
            part_values = [_part_target(p, target.group, str(target.period)) for p in parts]
            words = (
                _("målet {stated} för {period}").format(period=target.period, stated="{stated}"),
                _("summan av delarnas mål ({names})").format(names=names),
                _("rätta målet eller delarnas mål"),
            )
            results.append(_sum_result(bundle, ind, target_path, target.value, part_values, words, None))
    return [result for result in results if result is not None]


def _sum_result(
    bundle: ReportBundle,
    ind: Any,
    keypath: tuple,
    value: float | None,
    part_values: list[float | None],
    words: tuple[str, str, str],
    ref: str | None,
    approximate: bool = False,
) -> CheckResult | None:
    """A stated total against the sum of its parts' values; None when a value is missing (nothing to check).

    `words` are the label, what the data gives and the fix, as `stated._result` takes them.
    """
    if value is None or any(v is None for v in part_values):
        return None
    number = _stated(_raw(bundle, "indicators.yaml", keypath), value, ind.decimals)
    if number is None:
        return None
    label, what, fix = words
    computed = sum(v for v in part_values if v is not None)
    return stated._result(
        bundle, "indicator_sum", "indicators.yaml", keypath, label, number, computed, what, fix, ref, approximate=approximate
    )


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def column_difference_checks(bundle: ReportBundle) -> list[CheckResult]:
    """A column declared `difference: [a, b]` against a − b, and one declared `sum_of: [a, b, …]`
    against a + b + …, row by row."""
    results = []
    for table, (file_name, kp) in zip(bundle.tables, bundle.table_sources):
        if table.kind != "table" or not _usable(bundle, file_name):
            continue
        # braces escaped: the label and the computation are format strings for _result
        labels = {c.id: (c.label or c.id).replace("{", "{{").replace("}", "}}") for c in table.columns}
        for column in table.columns:
            for kind, operands in (("column_difference", column.difference), ("column_sum", column.sum_of)):
                if not operands or any(operand not in labels for operand in operands):
                    continue  # an unknown column: check/numbers.py says so
                for ri, row in enumerate(table.rows):
                    values = [row.get(column.id), *(row.get(operand) for operand in operands)]
                    if not all(_is_number(v) for v in values):
                        continue
                    keypath = tuple(kp) + ("rows", ri, column.id)
                    number = _stated(_raw(bundle, file_name, keypath), values[0])
                    if number is None:
                        continue
                    name = next((v for v in row.values() if isinstance(v, str) and v.strip()), None)
                    sign = " − " if kind == "column_difference" else " + "
                    computed = values[1] - values[2] if kind == "column_difference" else sum(values[1:])
                    results.append(
                        stated._result(
                            bundle,
                            kind,
                            file_name,
                            keypath,
                            _("'{column}' {{stated}} på raden '{row}'").format(
                                column=labels[column.id], row=(name or str(ri + 1)).replace("{", "{{").replace("}", "}}")
                            ),
                            number,
                            computed,
                            "{names} = {numbers} = {{computed}}".format(
                                names=sign.join(labels[o] for o in operands), numbers=sign.join(fmt(v) for v in values[1:])
                            ),
                            _("rätta raden"),
                            f"tables.{table.id}.rows.{swedish_slug(name)}.{column.id}" if name else None,
                        )
                    )
    return results


def _part_value(indicator: Any, group: str, key: str) -> float | None:
    for series in indicator.series:
        if series.group == group:
            return series.values.get(key)
    return None


def _part_target(indicator: Any, group: str, period: str) -> float | None:
    for target in indicator.targets:
        if target.group == group and str(target.period) == period:
            return target.value
    return None


# --- a total between its groups -------------------------------------------------------------------------


def _between(
    bundle: ReportBundle,
    file_name: str,
    keypath: tuple,
    subject: str,
    total: StatedNumber,
    parts: dict[str, float],
    ref: str,
) -> CheckResult:
    """The total of groups that make up everyone lies between the groups' values."""
    location = bundle.locate(file_name, keypath)
    low_group, high_group = min(parts, key=lambda g: parts[g]), max(parts, key=lambda g: parts[g])
    low, high = parts[low_group], parts[high_group]
    slack = total.tolerance + max(0.5 * 10.0 ** -count_decimals(v) for v in parts.values())
    shown = ", ".join(f"{PART_WORDS.get(g, g)} {fmt(v)}" for g, v in parts.items())
    label = subject.format(stated=total.text)
    message = None
    computed = None
    if total.value < low - slack - 1e-9 or total.value > high + slack + 1e-9:
        computed = low if total.value < low else high
        side = "under" if total.value < low else "över"
        message = _(
            "{label} ligger {side} alla gruppers värden ({shown}); ett värde för alla ligger alltid mellan gruppernas: "
            "rätta värdena, {acknowledge_fix}"
        ).format(label=label, side=side, shown=shown, acknowledge_fix=_(ACKNOWLEDGE_FIX))
    elif high - low > 10.0**-total.decimals + 1e-9:
        for equal, other in ((low_group, high_group), (high_group, low_group)):
            if abs(total.value - parts[equal]) < 1e-9:
                computed = parts[other]
                word = "högre" if other == high_group else "lägre"
                message = _(
                    "{label} är lika med värdet för {equal} fast {other} har ett {word} värde ({shown}); ett värde för alla "
                    "ligger mellan gruppernas: rätta värdena, {acknowledge_fix}"
                ).format(
                    label=label,
                    equal=PART_WORDS.get(equal, equal),
                    other=PART_WORDS.get(other, other),
                    word=word,
                    shown=shown,
                    acknowledge_fix=_(ACKNOWLEDGE_FIX),
                )
                break
    if message is None:
        return CheckResult("group_total", location, label, total, total.value, True, None, None, ref, "ok")
    return CheckResult("group_total", location, label, total, computed, False, "error", message, ref, "mismatch")


def group_checks(bundle: ReportBundle) -> list[CheckResult]:
    """Totals of indicators and survey rounds against the values of women and men."""
    results = []
    if bundle.indicators is not None and _usable(bundle, "indicators.yaml"):
        for ii, ind in enumerate(bundle.indicators.indicators):
            if ind.unit in ADDITIVE_UNITS:
                continue
            by_group = {s.group: (si, s) for si, s in enumerate(ind.series)}
            if "alla" not in by_group or not all(g in by_group for g in PARTS):
                continue
            si, whole = by_group["alla"]
            for key, value in whole.values.items():
                parts = {g: by_group[g][1].values.get(key) for g in PARTS}
                if value is None or any(v is None for v in parts.values()) or key in whole.counts:
                    continue
                keypath = ("indicators", ii, "series", si, "values", key)
                total = _stated(_raw(bundle, "indicators.yaml", keypath), value, ind.decimals)
                if total is None:
                    continue
                values = {g: float(v) for g, v in parts.items() if v is not None}
                subject = _("värdet för alla {{stated}} {key}").format(key=key)
                ref = f"indicators.{ind.id}.alla.{key}.groups"
                results.append(_between(bundle, "indicators.yaml", keypath, subject, total, values, ref))
    if bundle.surveys is not None and _usable(bundle, "surveys.yaml"):
        for si, survey in enumerate(bundle.surveys.surveys):
            for ri, rnd in enumerate(survey.rounds):
                groups = {g.group: g for g in rnd.groups if g.group in PARTS}
                if rnd.stated_total is None or len(groups) != len(PARTS):
                    continue
                everyone = rnd.stated_total.respondents.value if rnd.stated_total.respondents is not None else None
                if everyone is None:
                    everyone = sum(u.respondents or 0 for u in rnd.units)
                if (
                    any(g.respondents is None for g in groups.values())
                    or sum(g.respondents or 0 for g in groups.values()) != everyone
                ):
                    continue  # the groups leave someone out: the total may lie outside them
                for question, total in rnd.stated_total.scores.items():
                    scores = {g: groups[g].scores.get(question) for g in PARTS}
                    if any(v is None for v in scores.values()):
                        continue
                    score_path = ("surveys", si, "rounds", ri, "stated_total", "scores", question)
                    subject = _("medelvärdet {{stated}} för '{question}' {label}").format(
                        question=question, label=rnd.period.label
                    )
                    ref = f"surveys.{survey.id}.{rnd.period.label}.{question}.groups"
                    values = {g: float(v) for g, v in scores.items() if v is not None}
                    results.append(_between(bundle, "surveys.yaml", score_path, subject, total, values, ref))
    return results


# --- stated counts of achieved goals ------------------------------------------------------------------


def goal_count_checks(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """`stated_count: 12 av 27` against the goals assessed on an achieved level."""
    goals_file = getattr(bundle, "goals", None)
    counted = summary.goals
    if goals_file is None or goals_file.stated_count is None or counted is None or not _usable(bundle, "goals.yaml"):
        return []
    count = goals_file.stated_count
    keypath = ("stated_count",)
    number = StatedNumber(count.count, 0, str(count.count))
    phrase = f"{count.count} av {count.of} {counted.noun} {counted.achieved_plural}"
    if count.of != counted.total:
        location = bundle.locate("goals.yaml", keypath)
        message = _(
            "källan anger '{phrase}', men data har {total} {noun}; antalet kan kontrolleras först när alla {of} finns i "
            "goals.yaml: lägg till de som saknas eller rätta antalet"
        ).format(phrase=phrase, total=counted.total, noun=counted.noun, of=count.of)
        return [
            CheckResult("goal_count", location, phrase, number, None, False, "warning", message, "goals.achieved", "unchecked")
        ]
    return [
        stated._result(
            bundle,
            "goal_count",
            "goals.yaml",
            keypath,
            _("antalet {stated} av {total} {noun} {achieved_plural}").format(
                stated="{stated}", total=count.of, noun=counted.noun, achieved_plural=counted.achieved_plural
            ),
            number,
            counted.achieved,
            _("bedömningarna i data, där {{computed}} av {total} {noun} är {achieved_plural}").format(
                total=counted.total, noun=counted.noun, achieved_plural=counted.achieved_plural
            ),
            _("rätta antalet eller bedömningarna"),
            "goals.achieved",
        )
    ]


def level_total_checks(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """`stated_counts: {…, av: 30}`: the goals the source counts against those in the data. The counts
    per level are checked with the other stated numbers (`stated.check_stated_numbers`), but only when
    the data holds as many goals as the source counts; otherwise this warning says why they are not."""
    counted = summary.goals
    if bundle.goals is None or counted is None or counted.stated_total is None or not _usable(bundle, "goals.yaml"):
        return []
    of = counted.stated_total
    message = _(
        "källan räknar {of} {noun}, men data har {total} {noun}; antalen per nivå kan kontrolleras först när alla "
        "{of} finns i goals.yaml: lägg till de som saknas eller rätta {key}"
    ).format(of=of, noun=counted.noun, total=counted.total, key=STATED_TOTAL_KEY)
    label = f"{STATED_TOTAL_KEY} {of} {counted.noun}"
    return [_stated_total(bundle, "goals.yaml", "goal_level_count", label, of, counted.total, message, "goals.total")]


def status_total_checks(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """`stated_counts: {…, av: 26}` in deliverables.yaml: the items the source counts against those in
    the data; as for the goals, the counts per status are compared only when the two agree."""
    counted = summary.deliverables
    if counted is None or counted.stated_total is None or not _usable(bundle, "deliverables.yaml"):
        return []
    of = counted.stated_total
    message = _(
        "källan räknar {of}, men data har {total}; antalen per status kan kontrolleras först när alla {of} finns i "
        "deliverables.yaml: lägg till de som saknas eller rätta {key}"
    ).format(of=of, total=counted.total, key=STATED_TOTAL_KEY)
    label = f"{STATED_TOTAL_KEY} {of}"
    kind, ref = "deliverable_level_count", "deliverables.total"
    return [_stated_total(bundle, "deliverables.yaml", kind, label, of, counted.total, message, ref)]


def _stated_total(
    bundle: ReportBundle, file_name: str, kind: str, label: str, of: int, total: int, message: str, ref: str
) -> CheckResult:
    """The total a source counts (`av` of stated_counts) against the data's: agreeing, or a warning
    (`message`) that the counts per level cannot be compared."""
    location = bundle.locate(file_name, ("stated_counts", STATED_TOTAL_KEY))
    number = StatedNumber(of, 0, str(of))
    if of == total:
        return CheckResult(kind, location, label, number, total, True, None, None, ref, "ok")
    return CheckResult(kind, location, label, number, None, False, "warning", message, ref, "unchecked")


# --- stated assessments against computed attainment ---------------------------------------------------


def assessment_checks(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """A stated assessment that contradicts the attainment the data computes is a warning."""
    results = []
    for check in summary.attainment:
        if check.file in bundle.invalid_files:
            continue
        location = bundle.locate(check.file, check.keypath)
        label = f"{check.subject} bedöms som {check.level.label}"
        if check.agrees:
            results.append(CheckResult("assessment", location, label, None, None, True, None, None, check.ref, "ok"))
            continue
        evidence = "; ".join(e.text(named=check.file == "goals.yaml") for e in check.evidence if e.result.met is check.met)
        message = _(
            "{label}, men enligt data är {computed_text} ({evidence}); rätta bedömningen eller utfallen, {acknowledge_fix} "
            "med skälet (t.ex. 'bedöms på treårssnitt')"
        ).format(label=label, computed_text=check.computed_text, evidence=evidence, acknowledge_fix=_(ACKNOWLEDGE_FIX))
        results.append(CheckResult("assessment", location, label, None, None, False, "warning", message, check.ref, "mismatch"))
    return results


def check_report(bundle: ReportBundle, summary: ReportSummary) -> list[CheckResult]:
    """The stated totals and key figures of one report, against its computed summary (the pipeline
    runs `followup.compute.crosschecks.check_all`, which adds shares, group totals, counts and assessments)."""
    results = stated.check_stated_numbers(bundle, summary) + stated.check_key_figures(bundle, summary)
    return acknowledgments.apply_acknowledgments(bundle, summary, results)
