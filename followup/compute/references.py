"""Value references: names for the computed numbers of a report.

Key figures compute from them (`compute: {op: sum, of: [tables.resultat.total.2022, ...]}`),
content Markdown shows them (`{{ värde: surveys.kunddialog.2023.samlad }}`), and the
consistency checks use the same resolver, so there is one implementation of each name.

A reference is a dotted path. Period segments are period labels as written in the data
(`2022 apr–dec`); a bare year also matches a one-year period when it is the only one of that
year (`surveys.kunddialog.2022.samlad`). Matching is case-insensitive and a hyphen may stand
for an en dash. The names:

    tables.<id>.total                        per_unit: all periods; breakdown: the sum
    tables.<id>.total.<period>               per_unit and before_after (the before/after label)
    tables.<id>.total.change|change_percent  before_after
    tables.<id>.total.<column>               generic tables (columns with sum: true)
    tables.<id>.rows.<unit>[.<period>]       per_unit (no period: the sum over periods); <unit> is the
                                             unit's code or its name as a slug (linelyckan-och-linegården)
    tables.<id>.rows.<unit>.<period>|change|change_percent   before_after
    tables.<id>.rows.<label>[.share]         breakdown (label as written, or as a slug)
    tables.<id>.rows.<label>.<column>        generic tables (label: the row's first text cell)
    tables.<id>.total.<period>.<group>       grouped tables (the total row: sum or mean)
    tables.<id>.rows.<label>.<period>.<group>   grouped tables
    tables.<id>.budget|outcome|difference|difference_percent[.<period>]   budget_outcome
                                             (also tables.<id>.rows.<period>.difference ...)
    surveys.<id>.<period>.respondents[.<unit>]
    surveys.<id>.<period>.<question>[.<unit>]        respondent-weighted mean / a unit's score
    surveys.<id>.<period>.groups.<group>.respondents|<question>
    surveys.<id>.change.<question>           first to last round
    indicators.<id>.<group>.<period>
    indicators.<id>.<group>.<period>.count|of   a share written as counts: the part and the whole
    indicators.<id>.<group>.target.<period>
    indicators.<id>.<group>.change           first to last period with a value
    goals.total|achieved|partly_achieved|not_achieved|not_assessed
    goals.level.<level id>                   goals assessed on one level of the assessment scale
    goals.<area>.index[.difference]          a goal area's composite index (percent; index points)
    deliverables.total|completed|share_completed|remaining|overdue
    deliverables.level.<level id>            items with one status of the status scale
    keyfigures.<id>                          (also key_figures.<id>)

`finance.<id>…` is accepted as an alias of `tables.<id>…`.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Iterable

from followup.compute import summaries as compute
from followup.compute.common import check
from followup.compute.summaries import KeyFigureValue
from followup.errors import FollowupError
from followup.i18n import N_, _
from followup.model.slugs import fold_accents, swedish_slug

if TYPE_CHECKING:  # pragma: no cover
    from followup.compute.summaries import ReportSummary
    from followup.model.models import KeyFigure
    from followup.project import ReportBundle


@dataclass(frozen=True)
class ResolvedValue:
    """A computed number with the unit it is measured in (for the formatter)."""

    value: float | None
    unit: str
    decimals: int | None
    reference: str
    label: str | None = None
    operands: tuple["ResolvedValue", ...] = ()  # what a key figure was computed from, for the page


class UnknownReference(FollowupError, ValueError):
    """A reference that names nothing in the report; the message says what exists."""

    def __init__(self, reference: str, message: str, suggestions: Iterable[str] = ()):
        super().__init__(message)
        self.reference = reference
        self.message = message
        self.suggestions = list(suggestions)


def _normalize(reference: str) -> str:
    text = fold_accents(reference.strip().casefold())
    text = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    text = re.sub(r"\s*-\s*", "-", text)
    return re.sub(r"\s+", " ", text)


Entry = Callable[[], ResolvedValue]


class _Catalog:
    """Every reference of one report: canonical name -> how to get its value."""

    def __init__(self) -> None:
        self.entries: dict[str, Entry] = {}
        self.canonical: dict[str, str] = {}  # normalized name or alias -> canonical name
        self.names: list[str] = []  # canonical names in report order
        self.evaluating: list[str] = []  # key figures being computed (to report a cycle)

    def add(self, name: str, entry: Entry, aliases: Iterable[str] = ()) -> None:
        if name not in self.entries:
            self.entries[name] = entry
            self.names.append(name)
        for alias in (name, *aliases):
            self.canonical.setdefault(_normalize(alias), name)

    def value(
        self,
        name: str,
        value: float | None,
        unit: str,
        decimals: int | None = None,
        label: str | None = None,
        aliases: Iterable[str] = (),
    ) -> None:
        resolved = ResolvedValue(value, unit, decimals, name, label)
        self.add(name, lambda: resolved, aliases)

    def percent(self, name: str, value: float | None, aliases: Iterable[str] = ()) -> None:
        """A computed share or change in percent, shown with one decimal."""
        self.value(name, value, "percent", 1, aliases=aliases)


def _period_aliases(labels: list[str]) -> dict[str, list[str]]:
    """Alternative spellings per period label: the year of a one-year label when unambiguous."""
    years: dict[str, list[str]] = {}
    for label in labels:
        parsed = compute._parse_period(label)
        if parsed is not None and parsed.start.year == parsed.end.year:
            years.setdefault(str(parsed.start.year), []).append(label)
    aliases: dict[str, list[str]] = {label: [] for label in labels}
    for year, owners in years.items():
        if len(owners) == 1 and owners[0] != year:
            aliases[owners[0]].append(year)
    for label in labels:
        parsed = compute._parse_period(label)
        if parsed is not None and str(parsed) != label:
            aliases[label].append(str(parsed))
    return aliases


def _expand(prefix: str, period_aliases: list[str], suffix: str = "") -> list[str]:
    return [f"{prefix}{alias}{suffix}" for alias in period_aliases]


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value) else None


def _add_tables(cat: _Catalog, summary: "ReportSummary") -> None:
    for t in summary.tables:
        table = t.table
        unit = table.unit
        base = f"tables.{table.id}"
        title = table.title
        if isinstance(t, compute.BudgetSummary):
            labels = [r.period for r in t.rows]
            aliases = _period_aliases(labels)
            for field_name, total_value in (
                ("budget", t.total_budget),
                ("outcome", t.total_outcome),
                ("difference", t.total_difference),
            ):
                cat.value(f"{base}.{field_name}", total_value, unit, label=f"{title}: {field_name}")
            cat.percent(f"{base}.difference_percent", t.total_difference_percent)
            for row in t.rows:
                for field_name, value, row_unit, decimals in (
                    ("budget", row.budget, unit, None),
                    ("outcome", row.outcome, unit, None),
                    ("difference", row.difference, unit, None),
                    ("difference_percent", row.difference_percent, "percent", 1),
                ):
                    cat.value(
                        f"{base}.{field_name}.{row.period}",
                        value,
                        row_unit,
                        decimals,
                        aliases=[
                            *_expand(f"{base}.{field_name}.", aliases[row.period]),
                            *_expand(f"{base}.rows.", [row.period, *aliases[row.period]], f".{field_name}"),
                        ],
                    )
        elif isinstance(t, compute.PerUnitSummary):
            aliases = _period_aliases(t.periods)
            cat.value(f"{base}.total", compute.total(t.totals.values()), unit, label=title)
            for period in t.periods:
                cat.value(
                    f"{base}.total.{period}",
                    t.totals[period],
                    unit,
                    label=f"{title}: totalt {period}",
                    aliases=_expand(f"{base}.total.", aliases[period]),
                )
            for unit_row in t.rows:
                rows = [
                    f"{base}.rows.{unit_row.unit}",
                    f"{base}.rows.{swedish_slug(unit_row.name)}",
                ]  # code, or the unit's name
                cat.value(
                    rows[0], compute.total(unit_row.values.values()), unit, label=f"{title}: {unit_row.name}", aliases=rows[1:]
                )
                for period in t.periods:
                    cat.value(
                        f"{rows[0]}.{period}",
                        unit_row.values[period],
                        unit,
                        aliases=[a for r in rows for a in [f"{r}.{period}", *_expand(f"{r}.", aliases[period])]],
                    )
        elif isinstance(t, compute.BeforeAfterSummary):
            aliases = _period_aliases([t.before, t.after])
            for key, value, alias in ((t.before, t.total_before, "before"), (t.after, t.total_after, "after")):
                cat.value(
                    f"{base}.total.{key}",
                    value,
                    unit,
                    aliases=[f"{base}.total.{alias}", *_expand(f"{base}.total.", aliases[key])],
                )
            cat.value(f"{base}.total.change", t.total_change, unit)
            cat.percent(f"{base}.total.change_percent", t.total_change_percent)
            for change_row in t.rows:
                rb = f"{base}.rows.{change_row.unit}"
                rows = [rb, f"{base}.rows.{swedish_slug(change_row.name)}"]  # code, or the unit's name
                for key, value, alias in (
                    (t.before, change_row.before, "before"),
                    (t.after, change_row.after, "after"),
                ):
                    cat.value(
                        f"{rb}.{key}",
                        value,
                        unit,
                        aliases=[a for r in rows for a in [f"{r}.{key}", f"{r}.{alias}", *_expand(f"{r}.", aliases[key])]],
                    )
                cat.value(f"{rb}.change", change_row.change, unit, aliases=[f"{rows[1]}.change"])
                cat.percent(f"{rb}.change_percent", change_row.change_percent, aliases=[f"{rows[1]}.change_percent"])
        elif isinstance(t, compute.BreakdownSummary):
            cat.value(f"{base}.total", t.total, unit, label=title)
            for share_row in t.rows:
                slug = swedish_slug(share_row.label)
                cat.value(
                    f"{base}.rows.{slug}",
                    share_row.amount,
                    unit,
                    label=f"{title}: {share_row.label}",
                    aliases=[f"{base}.rows.{share_row.label}"],
                )
                cat.percent(
                    f"{base}.rows.{slug}.share", share_row.share_percent, aliases=[f"{base}.rows.{share_row.label}.share"]
                )
        elif isinstance(t, compute.GenericTableSummary):
            units = {c.id: c.unit for c in t.table.columns}
            for column_id, value in t.totals.items():
                cat.value(f"{base}.total.{column_id}", value, units.get(column_id, unit))
            for table_row in t.table.rows:
                label = next((v for v in table_row.values() if isinstance(v, str) and v.strip()), None)
                if label is None:
                    continue
                for column in t.table.columns:
                    value = _number(table_row.get(column.id))
                    if value is not None:
                        cat.value(
                            f"{base}.rows.{swedish_slug(label)}.{column.id}",
                            value,
                            t.table.row_unit(table_row, column),
                            aliases=[f"{base}.rows.{label}.{column.id}"],
                        )
        elif isinstance(t, compute.GroupedSummary):
            for period, by_group in t.totals.items():
                for group, value in by_group.items():
                    cat.value(f"{base}.total.{period}.{group}", value, unit)
            for grouped_row, values in zip(t.table.rows, t.values):
                for period, by_group in values.items():
                    for group, value in by_group.items():
                        cat.value(f"{base}.rows.{swedish_slug(grouped_row.label)}.{period}.{group}", value, unit)


def _add_surveys(cat: _Catalog, summary: "ReportSummary") -> None:
    for s in summary.surveys:
        base = f"surveys.{s.survey.id}"
        aliases = _period_aliases([r.period for r in s.rounds])
        for r in s.rounds:
            rb = f"{base}.{r.period}"
            alt = lambda suffix, r=r: _expand(f"{base}.", aliases[r.period], suffix)  # noqa: E731
            cat.value(
                f"{rb}.respondents",
                r.respondents,
                "count",
                0,
                label=f"{s.survey.title} {r.period}: antal svarande",
                aliases=alt(".respondents"),
            )
            for m in r.means:
                decimals = m.checked.stated.decimals if m.checked is not None and m.checked.stated is not None else 2
                cat.value(
                    f"{rb}.{m.question.id}",
                    m.mean,
                    "score",
                    decimals,
                    label=f"{s.survey.title} {r.period}: {m.question.text}",
                    aliases=alt(f".{m.question.id}"),
                )
            for u in r.units:
                cat.value(f"{rb}.respondents.{u.unit}", u.respondents, "count", 0, aliases=alt(f".respondents.{u.unit}"))
                for question_id, score in u.scores.items():
                    cat.value(f"{rb}.{question_id}.{u.unit}", score, "score", None, aliases=alt(f".{question_id}.{u.unit}"))
            for g in r.groups:
                cat.value(
                    f"{rb}.groups.{g.group}.respondents",
                    g.respondents,
                    "count",
                    0,
                    aliases=alt(f".groups.{g.group}.respondents"),
                )
                for question_id, score in g.scores.items():
                    cat.value(
                        f"{rb}.groups.{g.group}.{question_id}",
                        _number(score),
                        "score",
                        None,
                        aliases=alt(f".groups.{g.group}.{question_id}"),
                    )
        if len(s.rounds) >= 2:
            first, last = s.rounds[0], s.rounds[-1]
            for question in s.survey.questions:
                a, b = first.mean(question.id).mean, last.mean(question.id).mean
                cat.value(
                    f"{base}.change.{question.id}",
                    None if a is None or b is None else compute._clean(b - a),
                    "score",
                    2,
                )


def _add_indicators(cat: _Catalog, summary: "ReportSummary") -> None:
    for i in summary.indicators:
        indicator = i.indicator
        base = f"indicators.{indicator.id}"
        for series in i.series:
            gb = f"{base}.{series.group.id}"
            aliases = _period_aliases([p.period for p in series.points])
            for point in series.points:
                cat.value(
                    f"{gb}.{point.period}",
                    point.value,
                    indicator.unit,
                    indicator.decimals,
                    label=f"{indicator.name}, {series.group.label}, {point.period}",
                    aliases=_expand(f"{gb}.", aliases[point.period]),
                )
            if series.overall is not None:
                cat.value(f"{gb}.change", series.overall.change, series.overall.unit, indicator.decimals)
            for period, forecast in series.forecasts.items():
                cat.value(
                    f"{gb}.forecast.{period}",
                    forecast,
                    indicator.unit,
                    indicator.decimals,
                    label=f"{indicator.name}, {series.group.label}, prognos {period}",
                )
        for written in indicator.series:  # a share written as counts: its part and its whole
            for key, share in written.counts.items():
                cat.value(f"{base}.{written.group}.{key}.count", share.count, "count", 0)
                cat.value(f"{base}.{written.group}.{key}.of", share.of, "count", 0)
        target_aliases = _period_aliases([t.period for t in i.targets])
        for t in i.targets:
            tb = f"{base}.{t.group}.target."
            cat.value(
                f"{tb}{t.period}",
                t.target_value,
                indicator.unit,
                indicator.decimals,
                aliases=_expand(tb, target_aliases[t.period]),
            )


def _add_counts(cat: _Catalog, summary: "ReportSummary") -> None:
    if summary.goals is not None:
        g = summary.goals
        for name in ("total", "achieved", "partly_achieved", "not_achieved", "not_assessed"):
            cat.value(f"goals.{name}", getattr(g, name), "count", 0)
        for lc in g.levels:
            cat.value(f"goals.level.{lc.level.id}", lc.count, "count", 0)
        for ai in g.area_indexes:
            cat.value(f"goals.{ai.perspective_id}.index", ai.percent, "percent", 0)
            if ai.difference is not None:
                cat.value(f"goals.{ai.perspective_id}.index.difference", ai.difference, "index", 0)
    if summary.deliverables is not None:
        d = summary.deliverables
        cat.value("deliverables.total", d.total, "count", 0)
        cat.value("deliverables.completed", d.completed, "count", 0)
        cat.value("deliverables.share_completed", d.share_completed, "percent", 0)
        cat.value("deliverables.remaining", d.remaining, "count", 0)
        cat.value("deliverables.overdue", d.overdue, "count", 0)
        for level_id, count in d.level_counts.items():
            cat.value(f"deliverables.level.{level_id}", count, "count", 0)


def _add_key_figures(cat: _Catalog, bundle: "ReportBundle", summary: "ReportSummary") -> None:
    report = getattr(bundle, "report", None)
    for figure in getattr(report, "key_figures", None) or []:

        def entry(figure=figure) -> ResolvedValue:
            name = f"keyfigures.{figure.id}"
            if figure.stated is not None:
                return ResolvedValue(figure.stated.value, figure.unit, figure.stated.decimals, name, figure.label)
            resolved = _evaluate_key_figure(cat, figure)
            value = resolved.value if resolved is not None else None
            decimals = resolved.decimals if resolved is not None else None
            return ResolvedValue(value, figure.unit, decimals, name, figure.label)

        cat.add(f"keyfigures.{figure.id}", entry, aliases=[f"key_figures.{figure.id}"])


def _catalog(bundle: "ReportBundle", summary: "ReportSummary | None") -> _Catalog:
    """The report's references; built once per summary (kept on it) since summaries do not change."""
    if summary is None:
        summary = compute.summarize_domains(bundle)  # key figures are evaluated through the catalogue
    cached = getattr(summary, "_reference_catalog", None)
    if cached is not None and cached[0] is bundle:
        return cached[1]
    cat = _Catalog()
    _add_tables(cat, summary)
    _add_surveys(cat, summary)
    _add_indicators(cat, summary)
    _add_counts(cat, summary)
    _add_key_figures(cat, bundle, summary)
    try:
        summary._reference_catalog = (bundle, cat)
    except AttributeError:  # pragma: no cover - a summary that takes no attributes
        pass
    return cat


def _unknown(cat: _Catalog, reference: str) -> UnknownReference:
    names = cat.names[:MAX_SUGGESTION_CANDIDATES]
    normalized = _normalize(reference)
    lowered = {_normalize(n): n for n in names}
    suggestions = [lowered[m] for m in difflib.get_close_matches(normalized, list(lowered), n=3, cutoff=0.6)]
    if suggestions:
        message = _("okänd referens '{reference}'; menade du {suggestions}?").format(
            reference=reference, suggestions=_(" eller ").join(f"'{s}'" for s in suggestions)
        )
    else:
        message = _("okänd referens '{reference}'.").format(reference=reference)
    # What exists under the longest prefix the reference shares with real names.
    parts = normalized.split(".")
    for length in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:length]) + "."
        under = [n for n in names if _normalize(n).startswith(prefix)]
        if under:
            shown = ", ".join(under[:8])
            if len(under) > 8:
                shown += " " + _("och {count} till").format(count=len(under) - 8)
            message += " " + _("Referenser under '{prefix}': {names}.").format(prefix=prefix, names=shown)
            break
    else:
        roots = list(dict.fromkeys(n.split(".")[0] for n in names))
        if roots:
            message += " " + _("Referenser börjar med {roots}.").format(roots=", ".join(roots))
        else:
            message += " " + _("Rapporten har inga värden att hänvisa till.")
    return UnknownReference(reference, message, suggestions)


#: Longest reference looked up (characters): a longer one is refused before any search, so a
#: pasted `a.a.a.…` of thousands of segments costs nothing (the did-you-mean search is quadratic).
MAX_REFERENCE_LENGTH = 200
#: Names compared for a did-you-mean suggestion (a report has a few hundred).
MAX_SUGGESTION_CANDIDATES = 5000
#: Key figures computed from key figures, at most this deep (far below Python's recursion limit).
MAX_KEY_FIGURE_DEPTH = 50


def _lookup(cat: _Catalog, reference: str) -> ResolvedValue:
    if len(reference) > MAX_REFERENCE_LENGTH:
        raise UnknownReference(
            reference[:40] + "…",
            _(
                "referensen är för lång ({length} tecken; högst {limit} tillåts); skriv namnet på ett värde, "
                "t.ex. 'keyfigures.<id>'"
            ).format(length=len(reference), limit=MAX_REFERENCE_LENGTH),
        )
    normalized = _normalize(reference)
    if normalized.startswith("finance."):
        normalized = "tables." + normalized[len("finance.") :]
    name = cat.canonical.get(normalized)
    if name is None:
        raise _unknown(cat, reference)
    return cat.entries[name]()


def resolve_reference(bundle: "ReportBundle", summary: "ReportSummary | None", ref: str) -> ResolvedValue:
    """The value a reference names, with its unit; raises UnknownReference (with did-you-mean)."""
    return _lookup(_catalog(bundle, summary), ref)


def available_references(bundle: "ReportBundle", summary: "ReportSummary | None" = None) -> list[str]:
    """Every canonical reference name of the report, in report order."""
    return list(_catalog(bundle, summary).names)


class Resolver:
    """A resolver bound to one report, for resolving many references without rebuilding the catalog."""

    def __init__(self, bundle: "ReportBundle", summary: "ReportSummary | None" = None):
        self.bundle = bundle
        self._catalog = _catalog(bundle, summary)

    def __call__(self, ref: str) -> ResolvedValue:
        return _lookup(self._catalog, ref)

    @property
    def names(self) -> list[str]:
        return list(self._catalog.names)


def _common_unit(units: list[str], fallback: str) -> str:
    distinct = set(units)
    return distinct.pop() if len(distinct) == 1 else fallback


def compute_key_figure(
    bundle: "ReportBundle",
    figure: "KeyFigure",
    summary: "ReportSummary | None" = None,
    *,
    resolver: "Resolver | None" = None,
) -> ResolvedValue | None:
    """Evaluate a key figure's `compute:` (sum, difference, ratio, percent_of, mean, weighted_mean,
    percent_change, balance); None without one.

    Raises UnknownReference for an operand that names nothing (or a key figure that refers to
    itself), ZeroDivisionError for a zero divisor. An operand without a value (None) makes the
    result None. Pass `resolver` (or `summary`) to reuse the report's references.
    """
    if figure.compute is None:
        return None
    cat = resolver._catalog if resolver is not None else _catalog(bundle, summary)
    return _evaluate_key_figure(cat, figure)


def _evaluate_key_figure(cat: _Catalog, figure: "KeyFigure") -> ResolvedValue | None:
    spec = figure.compute
    if spec is None:
        return None
    if figure.id in cat.evaluating:
        chain = " -> ".join([*cat.evaluating, figure.id])
        raise UnknownReference(
            f"keyfigures.{figure.id}",
            _("nyckeltalet '{id}' beräknas ur sig självt ({chain}); ta bort hänvisningen till det egna nyckeltalet").format(
                id=figure.id, chain=chain
            ),
        )
    if len(cat.evaluating) >= MAX_KEY_FIGURE_DEPTH:
        raise UnknownReference(
            f"keyfigures.{figure.id}",
            _(
                "nyckeltalet '{id}' beräknas ur en för lång kedja av nyckeltal (mer än {limit} i rad, via '{via}'); "
                "beräkna det ur färre led"
            ).format(id=cat.evaluating[0], limit=MAX_KEY_FIGURE_DEPTH, via=figure.id),
        )
    cat.evaluating.append(figure.id)
    try:
        operands: list[ResolvedValue] = []
        for operand in [*spec.of, *spec.weights]:  # weights (weighted_mean) follow the values
            if isinstance(operand, str):
                operands.append(_lookup(cat, operand))
            else:
                operands.append(ResolvedValue(float(operand), figure.unit, None, str(operand)))
    finally:
        cat.evaluating.pop()
    name = f"keyfigures.{figure.id}"
    maybe_values = [o.value for o in operands]
    decimals_known = [o.decimals for o in operands if o.decimals is not None]
    decimals = max(decimals_known) if decimals_known else None
    if any(v is None for v in maybe_values):
        return ResolvedValue(None, figure.unit, decimals, name, figure.label, tuple(operands))
    values = [v for v in maybe_values if v is not None]  # all of them (none is missing)
    op = spec.op
    counts = {"ratio": 2, "percent_of": 2, "percent_change": 2, "balance": 3}
    if op in counts and len(values) != counts[op]:
        wanted = {"ratio": N_("en del och en helhet"), "percent_of": N_("en del och en helhet")}
        wanted.update(percent_change=N_("värdet före och värdet efter"), balance=N_("ingående värde, tillflöde och utflöde"))
        raise UnknownReference(
            name,
            _("'{op}' behöver exakt {count} värden i 'of' ({wanted}), men har {found}; rätta 'of'").format(
                op=op, count=counts[op], wanted=_(wanted[op]), found=len(values)
            ),
        )
    if op == "weighted_mean" and len(spec.weights) != len(spec.of):
        raise UnknownReference(
            name,
            _(
                "'weighted_mean' behöver en vikt i 'weights' per värde i 'of', men har {values} värden och "
                "{weights} vikter; rätta 'weights'"
            ).format(values=len(spec.of), weights=len(spec.weights)),
        )
    if op == "sum":
        value = math.fsum(values)
    elif op == "weighted_mean":
        half = len(spec.of)
        weight = math.fsum(values[half:])
        if weight == 0:
            raise ZeroDivisionError(name)
        value = math.fsum(v * w for v, w in zip(values[:half], values[half:])) / weight
    elif op == "percent_change":
        if values[0] == 0:
            raise ZeroDivisionError(name)
        value = (values[1] - values[0]) / abs(values[0]) * 100.0
        decimals = 1
    elif op == "balance":
        value = values[0] + values[1] - values[2]
    elif op == "mean":
        value = math.fsum(values) / len(values)
    elif op == "difference":
        value = values[0] - math.fsum(values[1:])
    elif op in ("ratio", "percent_of"):
        if values[1] == 0:
            raise ZeroDivisionError(name)
        value = values[0] / values[1] * (100.0 if op == "percent_of" else 1.0)
        decimals = 1 if op == "percent_of" else None
    else:  # pragma: no cover - the model restricts op
        raise UnknownReference(name, _("okänd räkneoperation '{op}'").format(op=op))
    unit: str = figure.unit
    if unit == "none" and op in ("sum", "mean", "difference", "balance"):
        unit = _common_unit([o.unit for o in operands], "none")
    elif unit == "none" and op == "weighted_mean":
        unit = _common_unit([o.unit for o in operands[: len(spec.of)]], "none")
    elif unit == "none" and op in ("percent_of", "percent_change"):
        unit = "percent"
    if not math.isfinite(value):
        raise ZeroDivisionError(name)  # a divisor so small (1e-311) that the quotient is infinite
    return ResolvedValue(compute._clean(value), unit, decimals, name, figure.label, tuple(operands))


def summarize_key_figures(bundle: "ReportBundle", summary: ReportSummary) -> list[KeyFigureValue]:
    values = []
    for figure in bundle.report.key_figures:
        computed = None
        decimals = None
        error = None
        operands: tuple = ()
        if figure.compute is not None:
            try:
                resolved = compute_key_figure(bundle, figure, summary)
            except UnknownReference as exc:
                resolved, error = None, exc.message
            except ZeroDivisionError:
                resolved, error = None, _("division med noll")
            if resolved is not None:
                computed, decimals, operands = resolved.value, resolved.decimals, resolved.operands
        stated = figure.stated
        checked = check(stated, computed, figure.unit, approximate=figure.approximate) if stated is not None else None
        if stated is not None and isinstance(stated.decimals, int):
            decimals = stated.decimals
        values.append(
            KeyFigureValue(figure=figure, computed=computed, checked=checked, decimals=decimals, error=error, operands=operands)
        )
    return values
