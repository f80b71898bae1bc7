"""Markdown from data fields and `content/` pages, rendered safely with markdown-it-py.

* CommonMark with HTML disabled: HTML written in the text is shown as text, never executed.
  Links with unsafe schemes (`javascript:`, `vbscript:`, `file:`, `data:`) are not turned into
  links. Tables and footnotes are enabled.
* External links get `rel="noopener noreferrer"`; images must be local (the site makes no
  request outside itself), an external image becomes a plain link.
* Headings are shifted so a field's Markdown never adds a second `<h1>` to a page.
* Tables are wrapped in a focusable scroll container so wide tables scroll on a phone.

References to computed values and charts
----------------------------------------
Narrative text cites numbers from the data by reference, so the text can never disagree
with the table the number comes from:

    Intäkterna uppgick till {{ värde: tables.intakter.total }} under projektet.

    {{ diagram: enkat-respondenter }}

`{{ värde: <ref> }}` (also `{{ value: <ref> }}`) is replaced inline by the formatted value;
`{{ diagram: <chart id> }}` (also `chart`) and `{{ tabell: <table id> }}` (also `table`) must
stand alone in their paragraph and are replaced by the chart's figure or the table. Write `\\{{`
for a literal `{{`. References inside code are left alone.
`find_references(text)` lists the references with their 1-based line and column, so the
validator can report an unknown one as `path:line:col` without building the site.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from typing import Any, Callable, Protocol
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from followup.errors import FollowupError
from followup.i18n import N_, _

VALUE_KINDS = {"värde": "value", "varde": "value", "value": "value"}
CHART_KINDS = {"diagram": "chart", "chart": "chart"}
TABLE_KINDS = {"tabell": "table", "table": "table"}
REFERENCE_KINDS = {**VALUE_KINDS, **CHART_KINDS, **TABLE_KINDS}
#: References that place a block (a chart, a table) and so stand alone in their paragraph.
BLOCK_KINDS = ("chart", "table")
BLOCK_WORDS = {"chart": N_("diagramreferensen"), "table": N_("tabellreferensen")}  # shown with _()

#: The three forms of a reference (marked for the catalogue: show it with `_(REFERENCE_SYNTAX)`).
REFERENCE_SYNTAX = N_("{{ värde: <referens> }}, {{ diagram: <diagram-id> }} eller {{ tabell: <tabell-id> }}")

_REFERENCE = re.compile(r"\{\{(?P<body>[^{}\n]*)\}\}")
_BODY = re.compile(r"^\s*(?P<kind>[^\s:]+)\s*:\s*(?P<target>[^\s:{}]+)\s*$")

_ENV_REFS = "followup_references"
_ENV_LINE = "followup_inline_line"


class UnknownReference(FollowupError):
    """A reference that does not name a computed value or chart; the message says what exists."""


class ReferenceResolver(Protocol):
    def value(self, target: str) -> str:
        """The formatted value (plain text, not yet escaped); raises UnknownReference."""

    def chart(self, target: str) -> str:
        """The chart's HTML (trusted); raises UnknownReference."""

    def table(self, target: str) -> str:
        """The table's HTML (trusted); raises UnknownReference."""


@dataclass(frozen=True)
class Reference:
    kind: str  # "value" | "chart" | "table" | "invalid"
    target: str
    raw: str
    line: int  # 1-based, in the text given
    column: int  # 1-based
    message: str | None = None  # for kind "invalid": what is wrong


@dataclass
class MarkdownProblem:
    """A problem found while rendering, located within the rendered text (1-based)."""

    line: int
    column: int
    message: str


def _parse_reference(raw_body: str) -> tuple[str, str, str | None]:
    """-> (kind, target, error message or None)."""
    m = _BODY.match(raw_body)
    if not m:
        return (
            "invalid",
            raw_body.strip(),
            _("felaktig referens {reference}: skriv {syntax}").format(
                reference="{{" + raw_body + "}}", syntax=_(REFERENCE_SYNTAX)
            ),
        )
    kind_word = m.group("kind").lower()
    kind = REFERENCE_KINDS.get(kind_word)
    if kind is None:
        return (
            "invalid",
            m.group("target"),
            _("okänd sorts referens '{kind}' i {reference}: skriv 'värde', 'diagram' eller 'tabell'").format(
                kind=m.group("kind"), reference="{{" + raw_body + "}}"
            ),
        )
    return kind, m.group("target"), None


# --- markdown-it rules ---------------------------------------------------------------


def _reference_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src.startswith("{{", pos) is False:
        return False
    m = _REFERENCE.match(state.src, pos)
    if not m:
        return False
    if not silent:
        kind, target, error = _parse_reference(m.group("body"))
        token = state.push("followup_ref", "", 0)
        token.meta = {"kind": kind, "target": target, "error": error, "raw": m.group(0)}
        token.content = m.group(0)
        base_line = state.env.get(_ENV_LINE)
        if base_line is not None:
            token.meta["line"] = base_line + state.src.count("\n", 0, pos)
        state.env.setdefault(_ENV_REFS, []).append(token)
    state.pos = m.end()
    return True


def _core_inline_with_lines(state: Any) -> None:
    """markdown-it's core 'inline' rule, remembering the source line of each inline block."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            state.env[_ENV_LINE] = token.map[0] if token.map else None
            state.md.inline.parse(token.content, state.md, state.env, token.children)
    state.env.pop(_ENV_LINE, None)


def _core_chart_blocks(state: Any) -> None:
    """A paragraph holding only a chart reference becomes a block-level chart token."""
    tokens = state.tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if (
            tok.type == "paragraph_open"
            and i + 2 < len(tokens)
            and tokens[i + 1].type == "inline"
            and tokens[i + 2].type == "paragraph_close"
        ):
            children = [c for c in (tokens[i + 1].children or []) if not (c.type == "text" and not c.content.strip())]
            if len(children) == 1 and children[0].type == "followup_ref" and children[0].meta["kind"] in BLOCK_KINDS:
                block = Token("followup_chart_block", "", 0)
                block.meta = dict(children[0].meta)
                block.map = tok.map
                block.block = True
                children[0].meta["standalone"] = True
                out.append(block)
                i += 3
                continue
        out.append(tok)
        i += 1
    state.tokens = out


_PARSER_CACHE: dict[str, MarkdownIt] = {}


def _parser() -> MarkdownIt:
    md = _PARSER_CACHE.get("md")
    if md is None:
        md = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")
        md.use(footnote_plugin)
        md.inline.ruler.after("text", "followup_ref", _reference_rule)
        md.core.ruler.at("inline", _core_inline_with_lines)
        md.core.ruler.after("inline", "followup_chart_blocks", _core_chart_blocks)
        _PARSER_CACHE["md"] = md
    return md


# --- finding references --------------------------------------------------------------


def find_references(text: str) -> list[Reference]:
    """Every `{{ … }}` reference in `text` (outside code), with its 1-based line and column."""
    env: dict[str, Any] = {}
    _parser().parse(text, env)
    lines = text.splitlines()
    searched_from: dict[int, int] = {}
    refs: list[Reference] = []
    for token in env.get(_ENV_REFS, []):
        meta = token.meta
        line0 = meta.get("line")
        line_no, col = _locate(lines, line0, meta["raw"], searched_from)
        kind, target, error = meta["kind"], meta["target"], meta["error"]
        if kind in BLOCK_KINDS and not error and not meta.get("standalone"):
            kind, error = (
                "invalid",
                _("{what} {reference} måste stå på en egen rad, som ett eget stycke").format(
                    what=_(BLOCK_WORDS[kind]), reference=meta["raw"]
                ),
            )
        refs.append(Reference(kind, target, meta["raw"], line_no, col, error))
    return refs


def _locate(lines: list[str], line0: int | None, raw: str, searched_from: dict[int, int]) -> tuple[int, int]:
    """Find `raw` in the source at or after line `line0` (0-based); -> 1-based (line, col)."""
    start = line0 or 0
    for ln in range(start, len(lines)):
        from_col = searched_from.get(ln, 0)
        col = lines[ln].find(raw, from_col)
        if col >= 0:
            searched_from[ln] = col + len(raw)
            return ln + 1, col + 1
    return start + 1, 1


# --- rendering -----------------------------------------------------------------------


def is_external(url: str) -> bool:
    """A URL that leaves the site: has a scheme (https:, mailto:) or starts with //."""
    url = url.strip()
    if url.startswith("//"):
        return True
    parts = urlsplit(url)
    return bool(parts.scheme) and len(parts.scheme) > 1  # not a Windows drive letter


@dataclass
class RenderOptions:
    heading_offset: int = 0  # added to every heading level
    min_heading: int = 2  # no heading above this level (the page has its own h1)
    doc_id: str | None = None  # prefix for footnote ids, unique per page fragment
    refs: ReferenceResolver | None = None
    link_resolver: Callable[[str], str] | None = None  # rewrites relative links (e.g. x.md -> x.html)
    image_resolver: Callable[[str], str] | None = None  # returns the src to use for a local image; raises ValueError
    table_label: str = "Tabell"
    problems: list[MarkdownProblem] = field(default_factory=list)


class _Renderer:
    def __init__(self, md: MarkdownIt, options: RenderOptions, text: str):
        self.md = md
        self.options = options
        assert isinstance(md.renderer, RendererHTML)  # MarkdownIt's default renderer
        self.base = md.renderer
        self.lines = text.splitlines()
        self.searched_from: dict[int, int] = {}

    def render(self, tokens: list[Token], env: dict) -> str:
        out: list[str] = []
        self._render_tokens(tokens, env, out)
        return "".join(out)

    def _render_tokens(self, tokens: list[Token], env: dict, out: list[str]) -> None:
        opts = self.options
        md_opts = self.md.options
        for i, tok in enumerate(tokens):
            t = tok.type
            if t == "inline":
                self._render_tokens(tok.children or [], env, out)
            elif t in ("heading_open", "heading_close"):
                level = int(tok.tag[1:])
                level = min(6, max(opts.min_heading, level + opts.heading_offset))
                out.append(f"<h{level}>" if t == "heading_open" else f"</h{level}>\n")
            elif t == "table_open":
                label = escape(opts.table_label, quote=True)
                out.append(f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}">\n<table>\n')
            elif t == "table_close":
                out.append("</table>\n</div>\n")
            elif t == "link_open":
                out.append(self._link_open(tok))
            elif t == "image":
                out.append(self._image(tok, env))
            elif t == "followup_ref":
                out.append(self._value_ref(tok))
            elif t == "followup_chart_block":
                out.append(self._chart_ref(tok))
            elif t in self.base.rules:
                out.append(self.base.rules[t](tokens, i, md_opts, env))
            else:
                out.append(self.base.renderToken(tokens, i, md_opts, env))

    def _problem(self, tok: Token, message: str) -> None:
        line0 = tok.meta.get("line") if tok.meta else None
        if line0 is None and tok.map:
            line0 = tok.map[0]
        raw = tok.meta.get("raw") if tok.meta else None
        if raw:
            line, col = _locate(self.lines, line0, raw, self.searched_from)
        else:
            line, col = (line0 or 0) + 1, 1
        self.options.problems.append(MarkdownProblem(line, col, message))

    def _link_open(self, tok: Token) -> str:
        href = str(tok.attrGet("href") or "")
        attrs = {k: v for k, v in tok.attrs.items()}
        if is_external(href):
            attrs["rel"] = "noopener noreferrer"
        elif self.options.link_resolver and not href.startswith("#"):
            attrs["href"] = self.options.link_resolver(href)
        rendered = "".join(f' {k}="{escape(str(v), quote=True)}"' for k, v in attrs.items())
        return f"<a{rendered}>"

    def _image(self, tok: Token, env: dict) -> str:
        src = str(tok.attrGet("src") or "")
        alt = self.base.renderInlineAsText(tok.children or [], self.md.options, env)
        if is_external(src) or self.options.image_resolver is None:
            # No request may leave the site: show an external image as a link to it.
            if is_external(src):
                return f'<a href="{escape(src, quote=True)}" rel="noopener noreferrer">{escape(alt or src)}</a>'
            self._problem(tok, _("bilden '{src}' kan inte visas här").format(src=src))
            return escape(alt)
        try:
            new_src = self.options.image_resolver(src)
        except ValueError as exc:
            self._problem(tok, str(exc))
            return escape(alt)
        title = tok.attrGet("title")
        title_attr = f' title="{escape(str(title), quote=True)}"' if title else ""
        return f'<img src="{escape(new_src, quote=True)}" alt="{escape(alt, quote=True)}"{title_attr}>'

    def _value_ref(self, tok: Token) -> str:
        meta = tok.meta
        if meta["error"]:
            self._problem(tok, meta["error"])
            return escape(meta["raw"])
        if meta["kind"] in BLOCK_KINDS:
            word = BLOCK_WORDS[meta["kind"]]
            self._problem(
                tok,
                _("{what} {reference} måste stå på en egen rad, som ett eget stycke").format(what=_(word), reference=meta["raw"]),
            )
            return escape(meta["raw"])
        refs = self.options.refs
        if refs is None:
            self._problem(tok, _("referensen {reference} kan inte användas här").format(reference=meta["raw"]))
            return escape(meta["raw"])
        try:
            text = refs.value(meta["target"])
        except UnknownReference as exc:
            self._problem(tok, str(exc))
            return escape(meta["raw"])
        return f'<span class="ref-value">{escape(text)}</span>'

    def _chart_ref(self, tok: Token) -> str:
        meta = tok.meta
        refs = self.options.refs
        if refs is None:
            self._problem(tok, _("referensen {reference} kan inte användas här").format(reference=meta["raw"]))
            return f"<p>{escape(meta['raw'])}</p>\n"
        try:
            if meta["kind"] == "table":
                return refs.table(meta["target"]) + "\n"
            return refs.chart(meta["target"]) + "\n"
        except UnknownReference as exc:
            self._problem(tok, str(exc))
            return f"<p>{escape(meta['raw'])}</p>\n"


def render_markdown(text: str | None, options: RenderOptions | None = None, **kwargs: Any) -> str:
    """Render Markdown to safe HTML. Problems (unknown references, bad images) are appended to
    `options.problems` with 1-based line/column within `text`; the text is still rendered."""
    if not text:
        return ""
    if options is None:
        options = RenderOptions(**kwargs)
    elif kwargs:
        raise TypeError("pass either options or keyword arguments")
    md = _parser()
    env: dict[str, Any] = {}
    if options.doc_id:
        env["docId"] = options.doc_id
    tokens = md.parse(text, env)
    return _Renderer(md, options, text).render(tokens, env)


def render_inline(text: str | None, options: RenderOptions | None = None, **kwargs: Any) -> str:
    """Render one line of Markdown without the wrapping `<p>` (for table cells and titles)."""
    html = render_markdown(text, options, **kwargs).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html
