"""Every check of what a report states against what its data gives, acknowledgments applied.

Besides the stated totals, differences, means and key figures (`followup.compute.stated`), a report
states things that the data can contradict in other ways. Each becomes a `CheckResult` with a kind
(doc/checking.md lists them):

* `indicator_share`: a share stated beside its counts (`21 % (31 av 187)`, or `values` and `counts`
  for the same period) = count / of × 100;
* `group_total`: a value for everyone (`alla`) of an indicator measured as a mean, share or rate
  lies between the values for women and men (kvinnor, man) of the same period, and is not equal to
  one of them while the other differs by more than one unit of its last decimal; the same for a
  survey's stated total score and its groups' scores, when the groups' respondents add up to all
  respondents (otherwise the groups leave someone out and the total may lie anywhere);
* `goal_count`: `stated_count` in goals.yaml ("12 av 27") = the goals whose assessment is on an
  achieved level, when the data holds all the goals;
* `assessment`: a stated assessment against the attainment the data computes
  (`followup.compute.attainment`): a warning.

The tolerance is the rule of `followup.check.compare` (the stated precision; "cirka" widens it).
"""

from __future__ import annotations

from typing import Any

from followup.compute import stated
from followup.compute.stated import ACKNOWLEDGE_FIX, CheckResult, fmt
from followup.compute.summaries import ReportSummary
from followup.model.numbers import StatedNumber, count_decimals, parse_stated_number
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
    results += group_checks(bundle)
    results += goal_count_checks(bundle, summary)
    results += assessment_checks(bundle, summary)
    return stated.apply_acknowledgments(bundle, summary, results)


def mark_assessments_acknowledged(bundle: ReportBundle, summary: ReportSummary) -> None:
    """Attach each acknowledgment that holds to its assessment, so the pages show the reason."""
    if not getattr(getattr(bundle, "report", None), "acknowledged", None) or not summary.attainment:
        return
    items: list[tuple[str | None, StatedNumber | None, float | None, bool]] = [
        (a.ref, None, None, a.agrees) for a in summary.attainment
    ]
    held, _ = stated.match_acknowledgments(bundle, summary, items)
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
                computed = share.count / share.of * 100
                results.append(
                    stated._result(
                        bundle,
                        "indicator_share",
                        "indicators.yaml",
                        keypath,
                        f"andelen {{stated}} för {key}",
                        number,
                        computed,
                        f"{fmt(share.count)} av {fmt(share.of)} ({{computed}} %)",
                        "rätta andelen eller antalen",
                        f"indicators.{ind.id}.{series.group}.{key}",
                        approximate=key in series.approximate,
                        computed_text=fmt(computed, max(1, number.decimals + 1)),
                    )
                )
    return results


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
        message = (
            f"{label} ligger {side} alla gruppers värden ({shown}); ett värde för alla ligger alltid mellan "
            f"gruppernas: rätta värdena, {ACKNOWLEDGE_FIX}"
        )
    elif high - low > 10.0**-total.decimals + 1e-9:
        for equal, other in ((low_group, high_group), (high_group, low_group)):
            if abs(total.value - parts[equal]) < 1e-9:
                computed = parts[other]
                word = "högre" if other == high_group else "lägre"
                message = (
                    f"{label} är lika med värdet för {PART_WORDS.get(equal, equal)} fast {PART_WORDS.get(other, other)} "
                    f"har ett {word} värde ({shown}); ett värde för alla ligger mellan gruppernas: rätta värdena, "
                    f"{ACKNOWLEDGE_FIX}"
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
                subject = f"värdet för alla {{stated}} {key}"
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
                    subject = f"medelvärdet {{stated}} för '{question}' {rnd.period.label}"
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
        message = (
            f"källan anger '{phrase}', men data har {counted.total} {counted.noun}; antalet kan kontrolleras först "
            f"när alla {count.of} finns i goals.yaml: lägg till de som saknas eller rätta antalet"
        )
        return [
            CheckResult("goal_count", location, phrase, number, None, False, "warning", message, "goals.achieved", "unchecked")
        ]
    return [
        stated._result(
            bundle,
            "goal_count",
            "goals.yaml",
            keypath,
            f"antalet {{stated}} av {count.of} {counted.noun} {counted.achieved_plural}",
            number,
            counted.achieved,
            f"bedömningarna i data, där {{computed}} av {counted.total} {counted.noun} är {counted.achieved_plural}",
            "rätta antalet eller bedömningarna",
            "goals.achieved",
        )
    ]


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
        message = (
            f"{label}, men enligt data är {check.computed_text} ({evidence}); rätta bedömningen eller utfallen, "
            f"{ACKNOWLEDGE_FIX} med skälet (t.ex. 'bedöms på treårssnitt')"
        )
        results.append(CheckResult("assessment", location, label, None, None, False, "warning", message, check.ref, "mismatch"))
    return results
