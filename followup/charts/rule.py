"""When a chart is drawn: the one rule every chart family follows.

A chart is drawn only when it shows what the table or list beside it cannot show at a glance:

* a **change over time**: a series with values for at least two periods (`MIN_PERIODS`);
* a **comparison across units or groups**: at least two categories with a value (`MIN_CATEGORIES`);
* a **distribution**: amounts that make up a whole, at least three parts (`MIN_PARTS`; two parts
  are two numbers and their shares, which the table says as well).

Everything else is shown as numbers, not as a picture:

* a single number is a number: an indicator with one period gets no chart, whatever its groups
  (Alla, Kvinnor, Män in one year are one number broken down, side by side in the indicator's
  table), and a group of an indicator with one value gets no panel of its own (the chart's note
  says so; the value stays in the chart's data table);
* a chart that repeats the table or list right above it is not drawn: the goals matrix (the
  goals table already shows each goal's assessment) and the deliverables per status (the status
  counts are listed on the page as text). Those families are `REPEATS_THE_PAGE`.

`build_charts` (charts/report.py) asks `earns_a_chart` for every candidate; a family's drawing
asks `charted_series` which indicator groups get a panel.
"""

from __future__ import annotations

from typing import Any, Iterable

from followup.compute import summaries as compute

MIN_PERIODS = 2
MIN_CATEGORIES = 2
MIN_PARTS = 3

#: Families whose chart would only repeat what the page already lists: never drawn.
REPEATS_THE_PAGE = frozenset({"goals", "deliverables"})


def _count(values: Iterable[Any]) -> int:
    return sum(1 for v in values if v is not None)


def shows_change(values_by_period: Iterable[Any]) -> bool:
    """A series earns a line when it has values for at least two periods."""
    return _count(values_by_period) >= MIN_PERIODS


def shows_comparison(values_by_category: Iterable[Any]) -> bool:
    """Categories earn bars (or dots) side by side when at least two have a value."""
    return _count(values_by_category) >= MIN_CATEGORIES


def shows_distribution(parts: Iterable[Any]) -> bool:
    """Parts of a whole earn bars when there are at least three of them."""
    return _count(parts) >= MIN_PARTS


def charted_series(i: compute.IndicatorSummary) -> list[compute.SeriesSummary]:
    """The groups of an indicator that get a panel: those whose values change over time."""
    return [s for s in i.series if shows_change(p.value for p in s.points)]


def earns_a_chart(family: str, summary: Any, question_id: str | None = None) -> bool:
    """Whether the chart of `family` for `summary` shows more than the page's table (see the module docstring).

    Families: "goals", "deliverables", "indicator", "survey_question" (with `question_id`),
    "survey_respondents", "budget", "per_unit", "before_after", "breakdown".
    """
    if family in REPEATS_THE_PAGE:
        return False
    if family == "indicator":
        return bool(charted_series(summary))
    if family == "survey_question":
        over_time = shows_change(r.mean(question_id).mean for r in summary.rounds)
        across_units = any(shows_comparison(u.scores.get(question_id) for u in r.units) for r in summary.rounds)
        return over_time or across_units
    if family == "survey_respondents":
        over_time = shows_change(r.respondents for r in summary.rounds)
        across_units = any(shows_comparison(u.respondents for u in r.units) for r in summary.rounds)
        return over_time or across_units
    if family == "budget":
        return shows_change(r.outcome for r in summary.rows)
    if family == "per_unit":
        across_units = any(shows_comparison(r.values.get(p) for r in summary.rows) for p in summary.periods)
        over_time = any(shows_change(r.values.get(p) for p in summary.periods) for r in summary.rows)
        return across_units or over_time
    if family == "before_after":
        return shows_comparison(r.after if r.after is not None else r.before for r in summary.rows)
    if family == "breakdown":
        return shows_distribution(r.amount for r in summary.rows)
    raise KeyError(family)  # pragma: no cover - a programming error
