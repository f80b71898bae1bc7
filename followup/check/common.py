"""What the check modules share: walking a report's goals and tables, "unknown … did you mean" texts,
duplicate ids and the report-period test."""

from __future__ import annotations

from typing import Any, Iterable, Iterator

from followup.errors import Problem
from followup.load.loader import ReportBundle
from followup.load.names import did_you_mean
from followup.model.periods import Period, parse_period

# --- Helpers ------------------------------------------------------------------------------


def choices_text(candidates: Iterable[str]) -> str:
    return ", ".join(candidates) or "(none)"


def unknown_message(what: str, value: str, candidates: list[str], where: str) -> str:
    """'unknown indicator 'x'; did you mean 'y'?' or '...; the indicators are: a, b'."""
    guess = did_you_mean(value, candidates)
    if guess:
        return f"unknown {what} '{value}'; did you mean '{guess}'?"
    if not candidates:
        return f"unknown {what} '{value}'; {where} declares none"
    return f"unknown {what} '{value}'; {where} declares: {choices_text(candidates)}"


def goals_of(bundle: ReportBundle) -> Iterator[tuple[Any, tuple]]:
    if bundle.goals:
        for pi, perspective in enumerate(bundle.goals.perspectives):
            for gi, goal in enumerate(perspective.goals):
                yield goal, ("perspectives", pi, "goals", gi)


def tables_of(bundle: ReportBundle) -> Iterator[tuple[Any, str, tuple]]:
    for table, (file_name, keypath) in zip(bundle.tables, bundle.table_sources):
        yield table, file_name, keypath


def duplicate_problems(bundle: ReportBundle, what: str, entries: Iterable[tuple[str, str, tuple]]) -> Iterator[Problem]:
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


def period_outside(bundle: ReportBundle, period: Period, what: str) -> str | None:
    report_period = bundle.report.period
    if report_period.contains(period):
        return None
    return (
        f"{what} '{period.label}' lies outside the report's period {report_period.label}; "
        "correct the period (or the report's period in report.yaml)"
    )


def parse_key_period(bundle: ReportBundle, file_name: str, keypath: tuple, key: str) -> tuple[Period | None, Problem | None]:
    try:
        return parse_period(key), None
    except ValueError as exc:
        return None, bundle.problem(file_name, keypath, str(exc), at_key=True)


def number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace(".", ",")


def scale_text(levels: list) -> str:
    return ", ".join(f"{lvl.id} ({lvl.label})" for lvl in levels)


def scale_guess(value: str, levels: list) -> str | None:
    by_label = {lvl.label: lvl.id for lvl in levels}
    if value in by_label:
        return by_label[value]
    guess = did_you_mean(value, [lvl.id for lvl in levels] + list(by_label))
    return by_label.get(guess, guess) if guess else None
