"""The pages' Jinja environment: templates, number filters, the helpers templates call, and template
failures as located problems."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

import jinja2
from markupsafe import Markup

from followup import config
from followup.errors import FollowupError, Problem
from followup.i18n import _
from followup.model import formatting, symbols
from followup.site.labels import DIRECTION_LABELS, DOCUMENT_TYPES, NOTE_KINDS, ORIGIN_LABELS, STATUS_LABELS
from followup.site.urls import slugify

TEMPLATES_DIR = config.TEMPLATES_DIR / "pages"
# --- Jinja environment ---------------------------------------------------------------------


def make_env(templates_dir: Path | None = None, *, cache_dir: Path | None = None) -> jinja2.Environment:
    """The pages' Jinja environment. `cache_dir` keeps compiled templates between builds (Jinja
    checks each template's source, so an edited template is compiled again)."""
    bytecode_cache = None
    if cache_dir is not None:
        try:
            Path(cache_dir).mkdir(parents=True, exist_ok=True)
            bytecode_cache = jinja2.FileSystemBytecodeCache(str(cache_dir))
        except OSError:
            bytecode_cache = None
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir or TEMPLATES_DIR)),
        bytecode_cache=bytecode_cache,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    formatting.register_filters(env)
    env.globals.update(
        DOCUMENT_TYPES=DOCUMENT_TYPES,
        STATUS_LABELS=STATUS_LABELS,
        ORIGIN_LABELS=ORIGIN_LABELS,
        DIRECTION_LABELS=DIRECTION_LABELS,
        NOTE_KINDS=NOTE_KINDS,
    )
    env.filters["period"] = period_label
    env.filters["slug"] = slugify
    env.filters["symbol"] = symbol_html
    env.globals["find_by"] = find_by
    env.globals["pairs"] = lambda seq: list(zip(seq, seq[1:]))
    return env


def symbol_html(symbol: str) -> Markup:
    """A scale's symbol: drawn as inline SVG when fonts may lack it (emoji), else the text."""
    drawn = symbols.svg(symbol)
    return Markup(drawn) if drawn else Markup.escape(symbol)


def find_by(items: Iterable[Any], **criteria: Any) -> Any:
    """The first item whose attributes equal every criterion (`find_by(goals, id="g1")`), or None
    (templates run with StrictUndefined)."""
    for item in items or []:
        if all(getattr(item, attr, None) == value for attr, value in criteria.items()):
            return item
    return None


def period_label(period: Any) -> str:
    if period is None:
        return "–"
    return getattr(period, "label", None) or str(period)


class TemplateProblem(FollowupError):
    """A template failed; carries a located message naming the template file and line."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(problem.message)


def template_problem(exc: BaseException, templates_dir: Path, root: Path | None) -> Problem:
    import traceback

    name, line = None, 1
    if isinstance(exc, jinja2.TemplateSyntaxError):
        name, line = exc.filename or exc.name, exc.lineno or 1
    else:
        frames = list(reversed(traceback.extract_tb(exc.__traceback__)))
        for frame in frames:
            if frame.filename and frame.filename.startswith(str(templates_dir)):
                name, line = frame.filename, frame.lineno or 1
                break
        else:  # a template elsewhere (the MkDocs theme): Jinja gives template frames their file name
            for frame in frames:
                if frame.filename and not frame.filename.endswith(".py") and not frame.filename.startswith("<"):
                    name, line = frame.filename, frame.lineno or 1
                    break
    path = str(name or templates_dir)
    if root is not None:
        try:
            path = Path(path).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return Problem(path, line, 1, _("mallfel: {error}").format(error=f"{type(exc).__name__}: {exc}"))
