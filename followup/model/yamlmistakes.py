"""Find the line an author must fix when PyYAML cannot parse a file, and say how in Swedish.

PyYAML reports where parsing finally failed, which is often far from the mistake: a quote left
open on line 139 swallows the following lines up to the next quote, and the parser gives up on
line 146 with "did not find expected key". This module reads the text line by line the way an
author sees it (indentation, `key: value`, `- ` items, quotes and brackets) and returns the first
line that breaks those rules, with an explanation and the fix.

A finding is only reported if it explains the parser's failure: the parser failed on that very
line, or repairing the line as the message says (closing the quote, adding the space, quoting
the text, changing the indentation) removes the failure or moves it past where it was. Anything the scan
does not understand (complex keys, directives) gives no finding, and the caller keeps the
parser's own message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

import yaml

from followup.i18n import _, ngettext

try:  # The C parser is much faster; both report the same marks.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# `key:` followed by a space or the end of the text; the key is plain text.
_KEY_COLON = re.compile(r":(?=\s|$)")
# A line that looks like the start of a new entry: `key: …`, `key:` or `- …`.
_ENTRY = re.compile(r"\s*(?:-\s+|-$|[^\s#'\"\[\]{}|>][^#]*?:(?:\s|$)|[\"'][^\"']*[\"']\s*:(?:\s|$))")
_PROPERTY = re.compile(r"[&!][^\s]*\s+")  # an anchor or tag before a value
_CLOSERS = {"[": "]", "{": "}"}
_MAX_TRIES = 20


class _Unknown(Exception):
    """The scan met YAML it does not model; give no finding."""


@dataclass
class Mistake:
    """A mistake at a 0-based (line, column), and how to repair the text to confirm it."""

    line: int
    column: int
    message: str
    repair: Callable[[list[str]], list[str]] | None = None


@dataclass
class _Node:
    """What one line holds once indentation and `- ` markers are read."""

    col: int  # column of the line's first node (the first `- ` or the key)
    kind: str  # "seq", "map" or "scalar"
    inner: list[tuple[int, str]]  # nested (column, kind) opened on the same line after `- `
    node_col: int  # column of the innermost key or item, for "like the line above"
    key: str | None
    value: str  # "empty", "plain", "closed", "block", "quote", "flow"
    value_col: int
    nospace_colon: int | None = None  # `key:value` written as one word
    text_colon: int | None = None  # `key: text: more` in unquoted text
    junk_col: int | None = None  # text after a closing quote or bracket
    open_char: str = ""  # the quote or brackets left open at the end of the line
    open_col: int = 0
    item_col: int = 0  # column of the last `- ` on the line


def _close_quote(line: str, start: int) -> int:
    """Index of the quote closing the one at `start`, or -1 if the line ends first."""
    quote = line[start]
    i = start + 1
    while i < len(line):
        char = line[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _scan_flow(line: str, start: int, stack: list[str]) -> int:
    """Follow brackets from `start`; returns the index after the last closer (stack empty) or -1."""
    i = start
    while i < len(line):
        char = line[i]
        if char in "\"'":
            end = _close_quote(line, i)
            if end < 0:
                return -1
            i = end
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return -1
        elif char in _CLOSERS:
            stack.append(char)
        elif char in "]}":
            if stack and _CLOSERS[stack[-1]] == char:
                stack.pop()
            if not stack:
                return i + 1
        i += 1
    return -1


def _rest_is_empty(line: str, start: int) -> bool:
    rest = line[start:].strip()
    return not rest or rest.startswith("#")


def _value(line: str, pos: int, node: _Node) -> None:
    """Read the value that starts at `pos` into `node`."""
    while pos < len(line) and line[pos] == " ":
        pos += 1
    while (prop := _PROPERTY.match(line, pos)) is not None:
        pos = prop.end()
    node.value_col = pos
    if _rest_is_empty(line, pos) or line[pos:] in ("&", "!"):
        node.value = "empty"
        return
    char = line[pos]
    if char in "|>":
        node.value = "block"
    elif char in "\"'":
        end = _close_quote(line, pos)
        if end < 0:
            node.value, node.open_char, node.open_col = "quote", char, pos
            return
        node.value = "closed"
        if not _rest_is_empty(line, end + 1):
            node.junk_col = len(line) - len(line[end + 1 :].lstrip())
    elif char in "[{":
        stack: list[str] = []
        end = _scan_flow(line, pos, stack)
        if end < 0:
            node.value, node.open_char, node.open_col = "flow", "".join(stack) or char, pos
            return
        node.value = "closed"
        if not _rest_is_empty(line, end):
            node.junk_col = len(line) - len(line[end:].lstrip())
    elif char == "*":
        node.value = "closed"
    else:
        node.value = "plain"
        text = line[pos:].split(" #", 1)[0]
        colon = _KEY_COLON.search(text)
        if colon is not None:
            node.text_colon = pos + colon.start()


def _read_line(line: str) -> _Node:
    """The nodes of one line that is not blank, a comment or inside a multi-line value."""
    pos = len(line) - len(line.lstrip(" "))
    col = pos
    items: list[int] = []
    while line.startswith("-", pos) and (pos + 1 == len(line) or line[pos + 1] in " \t"):
        items.append(pos)
        pos += 1
        while pos < len(line) and line[pos] in " \t":
            pos += 1
    inner = [(c, "seq") for c in items[1:]]
    node = _Node(col, "seq" if items else "scalar", inner, pos, None, "empty", pos)
    node.item_col = items[-1] if items else col
    if pos >= len(line) or line[pos] == "#":
        return node
    char = line[pos]
    if char in "?%":
        raise _Unknown
    key_end = -1
    if char in "\"'":
        end = _close_quote(line, pos)
        after = line[end + 1 :].lstrip(" ") if end >= 0 else ""
        if end >= 0 and after.startswith(":") and (len(after) == 1 or after[1] in " \t"):
            key_end = len(line) - len(after)
    elif char not in "[{|>*&!":
        text = line[pos:].split(" #", 1)[0]
        colon = _KEY_COLON.search(text)
        if colon is not None:
            key_end = pos + colon.start()
        else:
            word = re.match(r"[^\s:#][^:#]*?:(?=[^\s:/])", text)
            if word is not None and not re.match(r"\d+:\d", text):
                node.nospace_colon = pos + word.end() - 1
    if key_end >= 0:
        node.key = line[pos:key_end].strip().strip("\"'")
        if items:
            node.inner.append((pos, "map"))
        else:
            node.kind = "map"
        _value(line, key_end + 1, node)
    else:
        _value(line, pos, node)
    return node


def _entries_like(line: str) -> bool:
    return bool(line.strip()) and _ENTRY.match(line) is not None


@dataclass
class _Level:
    col: int
    kind: str
    line: int
    key: str | None
    compact: bool = False  # a list written at the same indentation as its key


def _spaces(count: int) -> str:
    return ngettext("{n} mellanslag", "{n} mellanslag", count).format(n=count)


def _like(key: str | None, kind: str, line: int) -> str:
    """'som "key:" på rad 3': the line a line should look like, by its key or its `- `."""
    if key is not None:
        return _('som "{key}:" på rad {line}').format(key=key, line=line + 1)
    if kind == "seq":
        return _('som "- " på rad {line}').format(line=line + 1)
    return _("som rad {line}").format(line=line + 1)


def _indent_like(node: _Node, line: int) -> str:
    like = _like(node.key, "map", line)
    if node.node_col == 0:
        return _("ta bort indraget, {like}").format(like=like)
    return _("dra in raden {spaces}, {like}").format(spaces=_spaces(node.node_col), like=like)


def _append(line_no: int, text: str) -> Callable[[list[str]], list[str]]:
    def repair(lines: list[str]) -> list[str]:
        return lines[:line_no] + [lines[line_no].rstrip() + text] + lines[line_no + 1 :]

    return repair


def _insert(line_no: int, col: int, text: str) -> Callable[[list[str]], list[str]]:
    def repair(lines: list[str]) -> list[str]:
        line = lines[line_no]
        return lines[:line_no] + [line[:col] + text + line[col:]] + lines[line_no + 1 :]

    return repair


def _detab(line_no: int) -> Callable[[list[str]], list[str]]:
    def repair(lines: list[str]) -> list[str]:
        return lines[:line_no] + [lines[line_no].replace("\t", "  ")] + lines[line_no + 1 :]

    return repair


def _reindent(line_no: int, col: int) -> Callable[[list[str]], list[str]]:
    def repair(lines: list[str]) -> list[str]:
        return lines[:line_no] + [" " * col + lines[line_no].lstrip(" ")] + lines[line_no + 1 :]

    return repair


def _quote_value(line_no: int, col: int) -> Callable[[list[str]], list[str]]:
    def repair(lines: list[str]) -> list[str]:
        line = lines[line_no]
        text = line[col:].rstrip()
        quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return lines[:line_no] + [line[:col] + quoted] + lines[line_no + 1 :]

    return repair


def _quote_inside(quote: str) -> str:
    """How to write the quote itself inside a text quoted with it."""
    return _('skriv \\" för ett citattecken inne i texten') if quote == '"' else _("skriv '' för en apostrof inne i texten")


def _unclosed(line_no: int, node: _Node) -> Mistake:
    """A quote or brackets opened on the line and never closed; the repair closes them at its end."""
    if node.value == "quote":
        closers = node.open_char
        message = _("citattecknet som börjar här stängs aldrig: lägg till {quote} i slutet av texten ({inside})").format(
            quote=closers, inside=_quote_inside(closers)
        )
    else:
        closers = "".join(_CLOSERS[c] for c in reversed(node.open_char))
        what = _("hakparentesen [ (en lista)") if node.open_char[-1] == "[" else _("klamrarna { (en samling nycklar)")
        message = _("{what} som börjar här stängs aldrig: lägg till {closers} efter det sista värdet").format(
            what=what, closers=closers
        )
    return Mistake(line_no, node.open_col, message, _append(line_no, closers))


def _junk(line_no: int, node: _Node, line: str) -> Mistake:
    quote = line[node.value_col]
    if quote in "\"'":
        message = _(
            "texten fortsätter efter citattecknet som avslutar den: sätt hela texten inom citattecken och {fix}"
        ).format(fix=_quote_inside(quote))
    else:
        message = _("text efter parentesen som avslutar värdet: ta bort den, eller flytta in den i listan")
    return Mistake(line_no, node.junk_col or 0, message)


def _mistakes(lines: list[str]) -> Iterator[Mistake]:
    """Every mistake the line-by-line reading finds, in order; stops at the first it cannot follow.

    One long pass on purpose: the states (open levels, block text, the line above) belong together.
    """
    stack: list[_Level] = []
    prev: _Node | None = None
    prev_line = -1
    block_parent: int | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        indent_text = line[: len(line) - len(line.lstrip(" \t"))]
        if block_parent is not None:
            if not stripped or len(line) - len(line.lstrip(" ")) > block_parent:
                i += 1
                continue
            block_parent = None
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            i += 1
            continue
        if "\t" in indent_text:
            tab = indent_text.index("\t")
            yield Mistake(
                i,
                tab,
                _("tabbtecken i indraget: YAML tillåter bara mellanslag för indrag; ersätt tabben med mellanslag"),
                _detab(i),
            )
            return
        node = _read_line(line)
        col = node.col
        if node.nospace_colon is not None:
            colon = node.nospace_colon
            fixed = line[node.node_col : colon + 1] + " " + line[colon + 1 :].rstrip()
            message = _('mellanslag saknas efter kolonet: skriv "{fixed}"').format(fixed=fixed)
            yield Mistake(i, colon, message, _insert(i, colon + 1, " "))
            # read on as the author meant it, so the lines below are not blamed for it
            node.key, node.value = line[node.node_col : colon], "plain"
            if node.kind == "seq":
                node.inner.append((node.node_col, "map"))
            else:
                node.kind = "map"
        popped: _Level | None = None
        while stack and stack[-1].col > col:
            popped = stack.pop()
        top = stack[-1] if stack else None
        deeper = top is None or top.col < col
        if top is not None and top.col == col and top.kind != node.kind:
            if top.compact:
                stack.pop()
                top = stack[-1] if stack else None
            elif node.kind == "seq" and prev is not None and prev.value == "empty" and prev.node_col == col:
                stack.append(_Level(col, "seq", i, None, compact=True))
                top = stack[-1]
        if popped is not None and top is not None and top.col < col:
            message = _(
                "fel indrag: raden är indragen {spaces}, men raderna ovanför är indragna {above_col} ({above}) "
                "eller {below_col} ({below}); dra in raden lika mycket som raderna den hör ihop med"
            ).format(
                spaces=_spaces(col),
                above_col=popped.col,
                above=_like(popped.key, popped.kind, popped.line),
                below_col=top.col,
                below=_like(top.key, top.kind, top.line),
            )
            yield Mistake(i, col, message, _reindent(i, popped.col if col - top.col > popped.col - col else top.col))
            return
        if top is not None and top.col == col and top.kind != node.kind:
            if node.kind == "seq" and top.kind == "map":
                message = _(
                    'en listpunkt ("- ") där en nyckel väntades: raderna ovanför med samma indrag är nycklar '
                    '({like}); skriv "nyckel: värde", eller dra in listan under en nyckel som slutar med kolon'
                ).format(like=_like(top.key or None, "map", top.line))
                yield Mistake(i, col, message)
            elif node.kind == "map" and top.kind == "seq":
                message = _(
                    'en nyckel där en listpunkt väntades: raderna ovanför med samma indrag är listpunkter ("- " på '
                    'rad {line}); börja raden med "- " om den är en ny punkt, eller dra in den lika mycket '
                    "som texten i punkten ovanför"
                ).format(line=top.line + 1)
                yield Mistake(i, col, message)
            elif node.kind == "scalar" and top.kind == "map" and node.nospace_colon is None:
                message = _(
                    'raden saknar kolon: skriv "nyckel: värde", eller dra in texten mer än '
                    '"{key}:" om den fortsätter värdet på raden ovanför'
                ).format(key=prev.key if prev is not None else top.key)
                yield Mistake(i, col, message, _reindent(i, col + 2))
            return
        if deeper and top is not None and prev is not None:
            if prev.value == "empty" and col > prev.node_col:
                pass
            elif node.kind == "scalar" and prev.value == "plain" and node.nospace_colon is None:
                i += 1  # the value above continues on this line
                continue
            else:
                message = _(
                    "fel indrag: raden är indragen {spaces}, men raden ovanför (rad {line}) har redan "
                    "ett värde och kan inte ha något under sig; {fix}"
                ).format(spaces=_spaces(col), line=prev_line + 1, fix=_indent_like(prev, prev_line))
                yield Mistake(i, col, message, _reindent(i, prev.node_col))
                return
        if deeper:
            stack.append(_Level(col, node.kind, i, node.key if node.kind == "map" else None))
        for inner_col, inner_kind in node.inner:
            stack.append(_Level(inner_col, inner_kind, i, node.key if inner_kind == "map" else None))
        if node.text_colon is not None:
            message = _(
                'texten innehåller ": " men saknar citattecken, så YAML läser den som en ny nyckel: sätt hela texten '
                'inom citattecken, t.ex. {key} "{text}"'
            ).format(key=line[node.node_col : node.value_col].strip(), text=line[node.value_col :].strip())
            yield Mistake(i, node.text_colon, message, _quote_value(i, node.value_col))
        if node.junk_col is not None:
            yield _junk(i, node, line)
            return
        if node.value == "block":
            block_parent = node.node_col if node.key is not None else node.item_col
        elif node.value in ("quote", "flow"):
            end = _follow_open_value(lines, i, node)
            if end is None:
                yield _unclosed(i, node)
                return
            i = end
            node.value = "closed"
        prev, prev_line = node, i
        i += 1


def _follow_open_value(lines: list[str], start: int, node: _Node) -> int | None:
    """The line where a quote or bracket left open on `start` closes, if it closes like a real
    multi-line value (no new entries inside, nothing after it); None if it looks like a mistake."""
    indent = len(lines[start]) - len(lines[start].lstrip(" "))
    stack = list(node.open_char) if node.value == "flow" else []
    for j in range(start + 1, len(lines)):
        line = lines[j]
        if node.value == "quote":
            if _entries_like(line):
                return None
            end = _close_quote(node.open_char + line, 0)
            if end >= 0:
                return j if _rest_is_empty(line, end) else None
        else:
            if line.strip() and len(line) - len(line.lstrip(" ")) <= indent and _entries_like(line):
                return None
            end = _scan_flow(line, 0, stack)
            if end >= 0:
                return j if _rest_is_empty(line, end) else None
    return None


def _fails_at(text: str) -> int | None:
    """The 0-based line where the parser fails on `text`, or None if it parses."""
    try:
        for _event in yaml.parse(text, Loader=_Loader):
            pass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return mark.line if mark else 0
    except yaml.YAMLError:
        return 0
    return None


def find_mistake(text: str, error_line: int) -> Mistake | None:
    """The first mistake at or before the parser's failure on 0-based `error_line` that explains it."""
    lines = text.split("\n")
    try:
        for tries, mistake in enumerate(_mistakes(lines)):
            if mistake.line > error_line or tries >= _MAX_TRIES:
                return None
            if mistake.line == error_line:
                return mistake
            if mistake.repair is None:
                continue
            after = _fails_at("\n".join(mistake.repair(lines)))
            if after is None or after > error_line:
                return mistake
    except _Unknown:
        return None
    return None
