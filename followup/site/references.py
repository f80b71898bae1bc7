"""`{{ värde: … }}`, `{{ diagram: … }}` and `{{ tabell: … }}` references in a report's text: resolved for a page,
and checked (with `path:line:col`) before anything is built.

The checks run in `followup.build.pipeline.read_and_check` (for `check` and `build` alike), after the summaries are computed and
the report's charts are known, so `check` finds every reference the build would fail on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

from followup.charts.report import build_charts
from followup.compute.references import UnknownReference as UnknownValue
from followup.compute.references import resolve_reference
from followup.compute.stated import refers_to_invalid_file
from followup.compute.summaries import ReportSummary
from followup.errors import Problem
from followup.i18n import _
from followup.load.names import did_you_mean
from followup.model import formatting
from followup.project import ReportBundle
from followup.site.markdown import UnknownReference, find_references


def unknown_block(what: str, plural: str, target: str, known: list[str]) -> str:
    """ "okänd tabell 'x'; menade du 'y'? (rapportens tabeller: a, b)". `what` and `plural` are the
    translated phrases ("okänd tabell", "rapportens tabeller")."""
    guess = did_you_mean(target, known)
    shown = ", ".join(sorted(known)) or _("inga")
    if guess:
        return _("{unknown} '{target}'; menade du '{guess}'? ({known_label}: {known})").format(
            unknown=what, target=target, guess=guess, known_label=plural, known=shown
        )
    return _("{unknown} '{target}' ({known_label}: {known})").format(unknown=what, target=target, known_label=plural, known=shown)


class PageReferences:
    """Resolves `{{ värde: … }}`, `{{ diagram: … }}` and `{{ tabell: … }}` for one page of one report.

    `table_html` renders one table's summary (the page's template macro); without it a table
    reference is only checked."""

    def __init__(
        self,
        bundle: ReportBundle,
        summary: ReportSummary,
        charts: dict[str, Any],
        figure: Callable[[Any], str],
        table_html: Callable[[Any], str] | None = None,
    ):
        self.bundle = bundle
        self.summary = summary
        self.charts = charts
        self.figure = figure
        self.table_html = table_html
        self.tables = {ts.table.id: ts for ts in summary.tables}

    def value(self, target: str) -> str:
        try:
            resolved = resolve_reference(self.bundle, self.summary, target)
        except UnknownValue as exc:
            raise UnknownReference(getattr(exc, "message", None) or str(exc)) from None
        if resolved.value is None:
            return "–"
        return formatting.format_value(resolved.value, resolved.unit, resolved.decimals)

    def chart(self, target: str) -> str:
        chart = self.charts.get(target)
        if chart is None:
            raise UnknownReference(unknown_block(_("okänt diagram"), _("rapportens diagram"), target, list(self.charts)))
        return self.figure(chart)

    def table(self, target: str) -> str:
        ts = self.tables.get(target)
        if ts is None:
            raise UnknownReference(unknown_block(_("okänd tabell"), _("rapportens tabeller"), target, list(self.tables)))
        return self.table_html(ts) if self.table_html else ""


def check_references(
    bundle: ReportBundle, summary: ReportSummary, chart_ids: Iterable[str] | None, root: Path | None
) -> list[Problem]:
    """Every `{{ … }}` reference in the report's data fields and content files, checked, with
    problems located as path:line:col.

    `chart_ids` None: the report's charts are not known (a file of it did not validate), so chart
    references are not checked; nor are value references to an invalid file's values (that file's
    own problems are reported already).
    """
    problems: list[Problem] = []
    charts_known = chart_ids is not None
    chart_ids = set(chart_ids or ())
    refs = PageReferences(bundle, summary, {c: None for c in chart_ids}, lambda c: "")
    # a table file that did not validate is read without its bad tables: no follow-on errors
    tables_invalid = any(name in bundle.invalid_files for name in ("finance.yaml", "tables.yaml"))

    def check(text: str, where: Callable[[int, int], tuple[str, int, int]]) -> None:
        if "{{" not in text:
            return
        for ref in find_references(text):
            message = ref.message
            if ref.kind == "invalid":
                message = message or _("ogiltig referens {reference}").format(reference=ref.raw)
            elif message is None:
                try:
                    if ref.kind == "value":
                        refs.value(ref.target)
                    elif ref.kind == "table":
                        if not tables_invalid:
                            refs.table(ref.target)
                    elif charts_known and ref.target not in chart_ids:
                        refs.chart(ref.target)
                except UnknownReference as exc:
                    if not (ref.kind == "value" and refers_to_invalid_file(bundle, [ref.target])):
                        message = str(exc)
            if message:
                path, line, col = where(ref.line, ref.column)
                problems.append(Problem(path, line, col, message))

    # content files, located exactly
    pages = [*bundle.content_pages, *getattr(bundle, "referenced_pages", {}).values()]
    seen: set[str] = set()
    for page in pages:
        if page.path in seen:
            continue
        seen.add(page.path)
        try:
            text = (root / page.path).read_text(encoding="utf-8").replace("\r\n", "\n")
        except OSError:
            text = page.markdown

        def where(line: int, col: int, p: str = page.path) -> tuple[str, int, int]:
            return p, line, col

        check(text, where)

    # data fields
    for doc in getattr(bundle, "documents", {}).values():
        lines = None

        def walk(value: Any, keypath: tuple) -> None:
            nonlocal lines
            if isinstance(value, dict):
                for k, v in value.items():
                    walk(v, (*keypath, k))
            elif isinstance(value, list):
                for i, v in enumerate(value):
                    walk(v, (*keypath, i))
            elif isinstance(value, str) and "{{" in value:
                line0, col0 = doc.location(keypath)
                if lines is None:
                    try:
                        lines = (root / doc.path).read_text(encoding="utf-8").splitlines()
                    except OSError:
                        lines = []
                first = lines[line0 - 1][col0 - 1 :].lstrip() if 0 < line0 <= len(lines) else ""
                block = first[:1] in ("|", ">")

                def where(line: int, col: int, line0: int = line0, col0: int = col0, block: bool = block):
                    if block:
                        target = line0 + line
                        text_line = lines[target - 1] if 0 < target <= len(lines) else ""
                        indent = len(text_line) - len(text_line.lstrip(" "))
                        return (doc.path, target, indent + col)
                    if line == 1:
                        quoted = 0 < line0 <= len(lines) and lines[line0 - 1][col0 - 1 : col0] in ("'", '"')
                        return (doc.path, line0, col0 + col - 1 + (1 if quoted else 0))
                    return (doc.path, line0 + line - 1, col)

                check(value, where)

        walk(doc.data, ())
    return problems


def report_chart_ids(bundle: ReportBundle, summary: ReportSummary) -> list[str] | None:
    """The ids of the report's charts, for checking `{{ diagram: … }}`; None when they cannot be
    known (building the chart list needs every file valid). Charts are built only when some text
    mentions one."""
    if bundle.invalid_files:
        return None
    if not _mentions_a_chart(bundle):
        return []
    return [chart.id for chart in build_charts(bundle, summary)]


def _mentions_a_chart(bundle: ReportBundle) -> bool:
    pages = [*bundle.content_pages, *bundle.referenced_pages.values()]
    if any("diagram" in (page.source or page.markdown) for page in pages):
        return True
    return any("diagram" in str(doc.data) for doc in bundle.documents.values())
