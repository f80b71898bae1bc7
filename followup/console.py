"""Build output for people: a progress line for slow stages and a one-screen summary.

Usage (the `build` and `serve` commands):

    reporter = Reporter.from_args(args)          # --quiet / --verbose, NO_COLOR, TTY detection
    with reporter.stage("Diagram", total=len(charts)) as stage:
        for chart in charts:
            ...
            stage.advance(chart.id)
    reporter.summary(reports=2, pages=23, charts=14, warnings=3, errors=0, output="site/")

Rules:

* Everything goes to standard error, so standard output stays clean for the data a command
  prints (e.g. `import-table` writes YAML to stdout).
* A progress line appears only on a terminal, never in CI (`CI` set, as every CI service does),
  and only after a stage has run for more than `PROGRESS_DELAY` seconds, so fast builds print
  nothing but the summary. A stage that knows its total draws a bar (`Sidor ████░░░░ 3/6`). The
  line is rewritten in place (`\\r`) and cleared when the stage ends; `track()` drives it from a
  loop (per report in `pdf --all` and `export --all`).
* `--quiet`: nothing but errors. `--verbose`: every stage with its duration, and `detail()`
  lines. Colour only on a terminal and never when `NO_COLOR` is set (https://no-color.org).
* Times and counts are formatted the Swedish way (`4,2 s`).

`NullReporter` has the same API and prints nothing: the default when the build is run from
code (tests, `serve`), so the pipeline can always call the reporter.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import sys
import time
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator, NotRequired, TextIO, TypedDict, TypeVar, Unpack

from followup.errors import EXIT_DATA, EXIT_OK, Problem, format_github, format_text, severity_text
from followup.i18n import _, ngettext

PROGRESS_DELAY = 0.5  # seconds before a progress line is shown
REDRAW_INTERVAL = 0.1  # seconds between two redraws of the progress line
BAR_WIDTH = 20  # characters of the progress bar

T = TypeVar("T")


class SummaryCounts(TypedDict):
    """What the one-line summary of a build tells (`Reporter.summary`, `Reporter.summary_text`)."""

    reports: int
    pages: int
    charts: int
    warnings: int
    errors: int
    output: NotRequired[str | None]  # where the site went, shown unless there are errors
    elapsed: NotRequired[float | None]  # seconds; the reporter's own time when left out


def in_ci() -> bool:
    """Running in a CI service (they set CI=true): logs there are files, not terminals."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def use_colour(stream: TextIO) -> bool:
    """Colour on a terminal, unless NO_COLOR is set (to anything non-empty)."""
    if os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def seconds_text(seconds: float) -> str:
    """4.23 -> '4,2 s'; 0.04 -> '0,04 s'; 75 -> '1 min 15 s'."""
    if seconds >= 60:
        minutes, rest = divmod(int(round(seconds)), 60)
        return f"{minutes} min {rest} s"
    text = f"{seconds:.2f}" if seconds < 0.1 else f"{seconds:.1f}"
    return text.replace(".", ",") + " s"


def plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """--quiet / -q and --verbose / -v (mutually exclusive)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", action="store_true", help=_("skriv bara ut fel"))
    group.add_argument("-v", "--verbose", action="store_true", help=_("skriv ut varje steg och hur lång tid det tog"))


class Stage:
    """One step of the build; `advance()` moves its progress line on."""

    def __init__(self, reporter: "Reporter", title: str, total: int | None):
        self.reporter = reporter
        self.title = title
        self.total = total
        self.done = 0
        self.item: str | None = None
        self.started = time.monotonic()
        self._last_draw = 0.0
        self._drawn = False

    def advance(self, item: str | None = None, count: int = 1) -> None:
        self.done += count
        self.item = item
        self._maybe_draw()

    def set_total(self, total: int) -> None:
        self.total = total
        self._maybe_draw()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def update(self, done: int, total: int) -> None:
        """Set both counts at once (a callback of work that counts for itself)."""
        self.total, self.done = total, done
        self._maybe_draw()

    def line(self) -> str:
        count = f" {self.done}/{self.total}" if self.total else (f" {self.done}" if self.done else "")
        item = f" – {self.item}" if self.item else ""
        bar = ""
        if self.total:
            filled = min(BAR_WIDTH, BAR_WIDTH * self.done // self.total)
            bar = " " + "█" * filled + "░" * (BAR_WIDTH - filled)
        return f"{self.title}{bar}{count}{item} …"

    def _maybe_draw(self) -> None:
        r = self.reporter
        if not r.progress_enabled:
            return
        now = time.monotonic()
        if now - self.started < PROGRESS_DELAY or now - self._last_draw < REDRAW_INTERVAL:
            return
        self._last_draw = now
        self._drawn = True
        r._draw(self.line())

    def _finish(self) -> None:
        r = self.reporter
        if self._drawn:
            r._clear()
        if r.verbose:
            count = f" ({self.done})" if self.done else ""
            r._line(f"{r._dim('·')} {self.title}{count}: {seconds_text(self.elapsed)}")


class Reporter:
    """Progress and summary for one command run (see the module docstring)."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        quiet: bool = False,
        verbose: bool = False,
        colour: bool | None = None,
        progress: bool | None = None,
    ):
        self.stream = stream or sys.stderr
        self.quiet = quiet
        self.verbose = verbose and not quiet
        self.colour = use_colour(self.stream) if colour is None else colour
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.progress_enabled = (tty and not in_ci() if progress is None else progress) and not quiet
        self.started = time.monotonic()
        self._width = 0

    @classmethod
    def from_args(cls, args: argparse.Namespace, stream: TextIO | None = None) -> "Reporter":
        return cls(stream, quiet=getattr(args, "quiet", False), verbose=getattr(args, "verbose", False))

    # -- output primitives --
    def _style(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.colour else text

    def _dim(self, text: str) -> str:
        return self._style(text, "2")

    def _line(self, text: str) -> None:
        self.stream.write(text + "\n")
        self.stream.flush()

    def _draw(self, text: str) -> None:
        columns = _terminal_columns()
        text = text if len(text) < columns else text[: columns - 2] + "…"
        pad = max(0, self._width - len(text))
        self.stream.write("\r" + text + " " * pad)
        self.stream.flush()
        self._width = len(text)

    def _clear(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    # -- API --
    @contextmanager
    def stage(self, title: str, total: int | None = None) -> Iterator[Stage]:
        stage = Stage(self, title, total)
        try:
            yield stage
        finally:
            stage._finish()

    def track(self, items: Iterable[T], title: str, label: Callable[[T], str] | None = None) -> Iterator[T]:
        """Yield `items`, advancing a progress bar as each one is taken (and finished)."""
        items = list(items)
        with self.stage(title, total=len(items)) as stage:
            stage.started -= PROGRESS_DELAY  # seconds per item: show the bar from the first one
            for item in items:
                stage.item = label(item) if label else None
                stage._last_draw = 0.0
                stage._maybe_draw()
                yield item
                stage.done += 1

    def detail(self, message: str) -> None:
        """A line shown only with --verbose."""
        if self.verbose:
            self._line(f"  {message}")

    def info(self, message: str) -> None:
        """A line shown unless --quiet."""
        if not self.quiet:
            self._line(message)

    def error(self, message: str) -> None:
        """Always shown."""
        self._clear()
        word = _("fel")
        self._line(self._style(word, "1;31") + ": " + message if self.colour else word + ": " + message)

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def summary_text(
        self,
        *,
        reports: int,
        pages: int,
        charts: int,
        warnings: int,
        errors: int,
        output: str | None = None,
        elapsed: float | None = None,
    ) -> str:
        seconds = seconds_text(self.elapsed if elapsed is None else elapsed)
        # With an output folder the build published (reports with errors kept back); without, it stopped.
        head = _("Klart på {seconds}") if output or not errors else _("Avbrutet på {seconds}")
        parts = [
            ngettext("{n} rapport", "{n} rapporter", reports).format(n=reports),
            ngettext("{n} sida", "{n} sidor", pages).format(n=pages),
            ngettext("{n} diagram", "{n} diagram", charts).format(n=charts),
            errors_text(errors),
            warnings_text(warnings),
        ]
        where = f" → {output}" if output else ""
        return f"{head.format(seconds=seconds)}: {', '.join(parts)}{where}"

    def summary(self, **counts: Unpack[SummaryCounts]) -> str:
        """Print the one-line summary (unless --quiet and there are no errors); return it."""
        text = self.summary_text(**counts)
        errors, warnings = counts["errors"], counts["warnings"]
        if self.quiet and not errors:
            return text
        self._clear()
        code = "1;31" if errors else ("1;33" if warnings else "1;32")
        head, _, rest = text.partition(":")
        self._line(self._style(head, code) + ":" + rest)
        return text


class NullReporter(Reporter):
    """Prints nothing; the default when the pipeline runs from code."""

    def __init__(self) -> None:
        super().__init__(_NullStream(), quiet=True, colour=False, progress=False)


class _NullStream(io.StringIO):  # a TextIO that keeps nothing
    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


def _terminal_columns() -> int:
    try:
        return os.get_terminal_size(sys.stderr.fileno()).columns or 80  # a pseudo-terminal may report 0
    except (OSError, ValueError, AttributeError):
        return 80


# --- Printing problems -----------------------------------------------------------------------


def errors_text(count: int) -> str:
    return ngettext("{n} fel", "{n} fel", count).format(n=count)


def warnings_text(count: int) -> str:
    return ngettext("{n} varning", "{n} varningar", count).format(n=count)


def files_text(count: int) -> str:
    return ngettext("{n} fil", "{n} filer", count).format(n=count)


def summary_line(problems: list[Problem], files_checked: int | None = None) -> str:
    """'2 fel, 1 varning i 3 filer' / 'Inga fel eller varningar (14 filer kontrollerade).'"""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if not problems:
        if files_checked is None:
            return _("Inga fel eller varningar.")
        return ngettext(
            "Inga fel eller varningar ({n} fil kontrollerad).",
            "Inga fel eller varningar ({n} filer kontrollerade).",
            files_checked,
        ).format(n=files_checked)
    files = len({p.path for p in problems})
    if not errors:
        return _("Inga fel, {warnings} i {files}.").format(warnings=warnings_text(warnings), files=files_text(files))
    return _("{errors}, {warnings} i {files}.").format(
        errors=errors_text(errors), warnings=warnings_text(warnings), files=files_text(files)
    )


def _colour_line(line: str, severity: str) -> str:
    code = "\033[1;31m" if severity == "error" else "\033[1;33m"
    word = severity_text(severity)
    return line.replace(f": {word}: ", f": {code}{word}\033[0m: ", 1)


def apply_strict(problems: Iterable[Problem], strict: bool) -> list[Problem]:
    """With --strict, every warning becomes an error."""
    problems = list(problems)
    if not strict:
        return problems
    return [dataclasses.replace(p, severity="error") if p.severity == "warning" else p for p in problems]


def report_problems(
    problems: Iterable[Problem],
    *,
    fmt: str = "text",
    strict: bool = False,
    stream: TextIO | None = None,
    files_checked: int | None = None,
) -> int:
    """Print problems in the chosen format; return EXIT_DATA if any is an error, else EXIT_OK."""
    stream = stream or sys.stdout
    problems = sorted(apply_strict(problems, strict), key=Problem.sort_key)
    errors = [p for p in problems if p.severity == "error"]
    if fmt == "json":
        report = {
            "ok": not errors,
            "strict": strict,
            "errors": len(errors),
            "warnings": len(problems) - len(errors),
            "files": len({p.path for p in problems}),
            "summary": summary_line(problems, files_checked),
            "problems": [dataclasses.asdict(p) for p in problems],
        }
        stream.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    elif fmt == "github":
        for problem in problems:
            stream.write(format_github(problem) + "\n")
        stream.write(summary_line(problems, files_checked) + "\n")
    else:
        colour = use_colour(stream)
        previous = None
        for problem in problems:
            if previous is not None and problem.path != previous:
                stream.write("\n")
            previous = problem.path
            line = format_text(problem)
            stream.write((_colour_line(line, problem.severity) if colour else line) + "\n")
        if problems:
            stream.write("\n")
        stream.write(summary_line(problems, files_checked) + "\n")
    return EXIT_DATA if errors else EXIT_OK
