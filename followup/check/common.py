"""What the check modules share: walking a report's goals and tables, "unknown … did you mean" texts,
duplicate ids and the report-period test."""

from __future__ import annotations

from typing import Any, Iterable, Iterator, Sequence

from followup.errors import Problem
from followup.i18n import _
from followup.load.loader import ReportBundle
from followup.load.names import did_you_mean
from followup.model.models import ScaleLevel
from followup.model.periods import Period, parse_period

# --- Helpers ------------------------------------------------------------------------------


def choices_text(candidates: Iterable[str]) -> str:
    return ", ".join(candidates) or _("(inga)")


def unknown_message(unknown: str, value: str, candidates: list[str], where: str) -> str:
    """ "okänd indikator 'x'; menade du 'y'?" or "…; indicators.yaml anger: a, b". `unknown` is the
    translated phrase ("okänd indikator"), `where` the file or thing that declares the candidates."""
    guess = did_you_mean(value, candidates)
    if guess:
        return _("{unknown} '{value}'; menade du '{guess}'?").format(unknown=unknown, value=value, guess=guess)
    if not candidates:
        return _("{unknown} '{value}'; {where} anger inga").format(unknown=unknown, value=value, where=where)
    return _("{unknown} '{value}'; {where} anger: {choices}").format(
        unknown=unknown, value=value, where=where, choices=choices_text(candidates)
    )


def goals_of(bundle: ReportBundle) -> Iterator[tuple[Any, tuple]]:
    if bundle.goals:
        for pi, perspective in enumerate(bundle.goals.perspectives):
            for gi, goal in enumerate(perspective.goals):
                yield goal, ("perspectives", pi, "goals", gi)


def tables_of(bundle: ReportBundle) -> Iterator[tuple[Any, str, tuple]]:
    for table, (file_name, keypath) in zip(bundle.tables, bundle.table_sources):
        yield table, file_name, keypath


def duplicate_problems(
    bundle: ReportBundle, what: str, entries: Iterable[tuple[str, str, tuple]], *, is_id: bool = True
) -> Iterator[Problem]:
    """Entries are (id, file name, key path of the id value). `what` is a translated phrase
    ("id för ett mål", "enhetsrad"); `is_id`: the values are ids (the fix is a new id)."""
    first: dict[str, tuple[str, tuple]] = {}
    for ident, file_name, keypath in entries:
        if ident in first:
            first_file, first_path = first[ident]
            path, line, _column = bundle.locate(first_file, first_path)
            here = bundle.locate(file_name, keypath)[0]
            where = _("rad {line}").format(line=line) if path == here else f"{path}:{line}"
            if is_id:
                message = _(
                    "'{value}' förekommer två gånger som {what} (första gången på {where}); ett id måste vara unikt, "
                    "så byt id på den ena"
                )
            else:
                message = _(
                    "'{value}' förekommer två gånger som {what} (första gången på {where}); ta bort eller byt namn på den ena"
                )
            yield bundle.problem(file_name, keypath, message.format(value=ident, what=what, where=where))
        else:
            first[ident] = (file_name, keypath)


def period_outside(bundle: ReportBundle, period: Period, what: str) -> str | None:
    report_period = bundle.report.period
    if report_period.contains(period):
        return None
    return _(
        "{what} '{period}' ligger utanför rapportens period {report_period}; rätta perioden "
        "(eller rapportens period i report.yaml)"
    ).format(what=what, period=period.label, report_period=report_period.label)


def parse_key_period(bundle: ReportBundle, file_name: str, keypath: tuple, key: str) -> tuple[Period | None, Problem | None]:
    try:
        return parse_period(key), None
    except ValueError as exc:
        return None, bundle.problem(file_name, keypath, str(exc), at_key=True)


def number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def scale_text(levels: Sequence[ScaleLevel]) -> str:
    return ", ".join(f"{lvl.id} ({lvl.label})" for lvl in levels)


def scale_guess(value: str, levels: Sequence[ScaleLevel]) -> str | None:
    by_label = {lvl.label: lvl.id for lvl in levels}
    if value in by_label:
        return by_label[value]
    guess = did_you_mean(value, [lvl.id for lvl in levels] + list(by_label))
    return by_label.get(guess, guess) if guess else None


def leaves(data: Any, keypath: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(key path, value) of every scalar in a YAML document's data, in file order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, keypath + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, keypath + (index,))
    else:
        yield keypath, data
