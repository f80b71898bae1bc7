"""Load a YAML data file into plain Python data that remembers where every value was written.

PyYAML's `safe_load` loses positions, silently keeps the last of two duplicate keys, reads
`no` as False and `12:30` as 750, and expands alias bombs until memory runs out. Authors of
report data need located, plain-English errors instead, so this module builds on the parser's
event stream (libyaml's C parser when available, which keeps marks) and composes and constructs
the data itself:

* Scalars follow the YAML 1.2 core schema (what editors' YAML support uses): `true`/`false`,
  `null`/`~`/empty, decimal, `0o` and `0x` integers, floats including `.inf` and `.nan`
  (kept as floats; validators reject them). `yes`, `no`, `on`, `off` and `12:30` stay text.
  In addition a plain `YYYY-MM-DD` becomes a `datetime.date`; a timestamp with a time of day
  stays text. Quoted scalars are always text.
* Mapping keys are the key's text as written: `2022:` gives the key `'2022'`, `on:` gives
  `'on'`. A list or mapping used as a key is an error, and so is a duplicate key.
* Anchors, aliases and `<<` merge keys work; values reached through an alias are shared
  objects (as in PyYAML). The number of values after expanding aliases (`MAX_NODES`) and the
  nesting depth (`MAX_DEPTH`) are limited, and checked before anything is expanded, so a
  "billion laughs" file fails fast.
* Only one document per file; only the core tags (`!!str`, `!!int`, `!!float`, `!!bool`,
  `!!null`, `!!map`, `!!seq`, `!!timestamp`); anything else (e.g. `!!python/object`) is an
  error.
* The file must be UTF-8 (a BOM is accepted and stripped, CRLF line ends are fine) and at
  most `MAX_FILE_BYTES` long. An empty file gives `data` None; the caller decides about that.

Every failure is raised as `DataErrors` holding located `Problem`s.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, TypedDict

import yaml
from yaml import events
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from followup.errors import DataErrors, NotRegularFile, NotUtf8, Problem, decode_utf8, read_regular_bytes
from followup.i18n import N_, _
from followup.model.yamlmistakes import find_mistake

try:  # The C parser is much faster; both report the same marks.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 1_000_000
MAX_DEPTH = 100

KeyPath = tuple  # of str (mapping keys) and int (list indexes)

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {"str", "int", "float", "bool", "null", "timestamp"}
# Characters YAML allows in a stream (YAML 1.2, 5.1); everything else is a stray control code.
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+")
_OCT = re.compile(r"0o[0-7]+")
_HEX = re.compile(r"0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_INF = re.compile(r"[-+]?\.(?:inf|Inf|INF)")
_NAN = re.compile(r"\.(?:nan|NaN|NAN)")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Fail(Exception):
    """Internal: stop loading with one problem at a 0-based (line, column)."""

    def __init__(self, line: int, column: int, message: str):
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


class AliasNode:
    """An `*alias` where it is written; `target` is the anchored node it stands for."""

    def __init__(self, name: str, target: Any, start_mark: Any):
        self.name, self.target, self.start_mark = name, target, start_mark


def _deref(node: Any) -> Any:
    return node.target if isinstance(node, AliasNode) else node


def _pos(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


# --- Composing: events -> node tree ------------------------------------------------------

_IN_PROGRESS = object()


class _Composer:
    """Builds the node tree from parser events, keeping aliases as `AliasNode`s."""

    def __init__(self, event_stream: Iterator[Any]):
        self.events = event_stream
        self.anchors: dict[str, Any] = {}

    def compose(self) -> Any:
        next(self.events)  # StreamStartEvent
        event = next(self.events)
        if isinstance(event, events.StreamEndEvent):
            return None
        root = self.node(next(self.events), 0)
        next(self.events)  # DocumentEndEvent
        event = next(self.events)
        if isinstance(event, events.DocumentStartEvent):
            assert event.start_mark is not None  # the parser marks every event
            raise _Fail(
                event.start_mark.line,
                event.start_mark.column,
                _("ett andra YAML-dokument börjar här; använd ett dokument per fil (ta bort '---')"),
            )
        return root

    def node(self, event: Any, depth: int) -> Any:
        mark = event.start_mark
        if isinstance(event, events.AliasEvent):
            assert event.anchor is not None  # an alias always names its anchor
            target = self.anchors.get(event.anchor)
            if target is None:
                raise _Fail(
                    mark.line,
                    mark.column,
                    _(
                        "aliaset '*{name}' pekar på ett ankare som inte är definierat; definiera '&{name}' innan det används"
                    ).format(name=event.anchor),
                )
            if target is _IN_PROGRESS:
                raise _Fail(
                    mark.line,
                    mark.column,
                    _("aliaset '*{name}' används inuti värdet det pekar på; ett värde kan inte innehålla sig självt").format(
                        name=event.anchor
                    ),
                )
            return AliasNode(event.anchor, target, mark)
        if isinstance(event, events.ScalarEvent):
            node: yaml.Node = ScalarNode(event.tag, event.value, mark, event.end_mark, event.style)  # type: ignore[arg-type]  # the tag stays None until resolved and the C parser's Mark is another class; the stubs allow neither
            node.plain = event.implicit[0]  # type: ignore[attr-defined]
            if event.anchor is not None:
                self.anchors[event.anchor] = node
            return node
        if depth >= MAX_DEPTH:
            raise _Fail(mark.line, mark.column, _too_deep())
        if event.anchor is not None:
            self.anchors[event.anchor] = _IN_PROGRESS
        children: list[Any] = []
        if isinstance(event, events.SequenceStartEvent):
            node = SequenceNode(event.tag, children, mark, None)  # type: ignore[arg-type]  # the tag stays None until resolved
            end: type[events.CollectionEndEvent] = events.SequenceEndEvent
        else:
            node = MappingNode(event.tag, children, mark, None)
            end = events.MappingEndEvent
        items: list[Any] = []
        child = next(self.events)
        while not isinstance(child, end):
            items.append(self.node(child, depth + 1))
            child = next(self.events)
        if isinstance(node, MappingNode):
            children.extend(zip(items[0::2], items[1::2]))
        else:
            children.extend(items)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node


def _too_deep() -> str:
    return _("värdena är nästlade i mer än {limit} nivåer; gör strukturen plattare").format(limit=MAX_DEPTH)


def _check_expanded_size(root: Any) -> None:
    """Count values and nesting as if aliases were expanded, without expanding them.

    Each distinct node is measured once (memoised), so a file of ten aliases to ten aliases
    to ... is checked in microseconds. An anchor is always defined before its aliases, so by
    the time an alias is met its target has been measured and recursion stays shallow.
    """
    memo: dict[int, tuple[int, int]] = {}  # id(node) -> (values, levels of collections)

    def measure(node: Any, depth: int) -> tuple[int, int]:
        target = _deref(node)
        if id(target) not in memo:
            if isinstance(target, ScalarNode):
                memo[id(target)] = (1, 0)
            else:
                children = target.value if isinstance(target, SequenceNode) else [n for pair in target.value for n in pair]
                total, height = 1, 0
                for child in children:
                    count, levels = measure(child, depth + 1)
                    total += count
                    height = max(height, levels)
                    if total > MAX_NODES:
                        line, column = _pos(child)
                        limit = f"{MAX_NODES:,}".replace(",", " ")
                        if isinstance(child, AliasNode):
                            message = _(
                                "aliaset '*{name}' gör filen för stor (mer än {limit} värden när alias "
                                "expanderas); använd färre alias eller dela upp filen"
                            ).format(name=child.name, limit=limit)
                        else:
                            message = _(
                                "det här värdet gör filen för stor (mer än {limit} värden när alias "
                                "expanderas); använd färre alias eller dela upp filen"
                            ).format(limit=limit)
                        raise _Fail(line - 1, column - 1, message)
                memo[id(target)] = (total, height + 1)
        result = memo[id(target)]
        if depth + result[1] > MAX_DEPTH:
            line, column = _pos(node)
            if isinstance(node, AliasNode):
                raise _Fail(
                    line - 1,
                    column - 1,
                    _("aliaset '*{name}' nästlar värden i mer än {limit} nivåer; gör strukturen plattare").format(
                        name=node.name, limit=MAX_DEPTH
                    ),
                )
            raise _Fail(line - 1, column - 1, _too_deep())  # pragma: no cover - composer catches it
        return result

    measure(root, 0)


# --- Constructing: node tree -> plain data ----------------------------------------------


def _resolve_plain(text: str) -> Any:
    """A plain scalar's value under the YAML 1.2 core schema, plus dates."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _OCT.fullmatch(text):
        return int(text[2:], 8)
    if _HEX.fullmatch(text):
        return int(text[2:], 16)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _INF.fullmatch(text):
        return -math.inf if text.startswith("-") else math.inf
    if _NAN.fullmatch(text):
        return math.nan
    if _DATE.fullmatch(text):
        return dt.date.fromisoformat(text)  # raises ValueError for 2022-02-30
    return text


_TAG_TYPES = {"int": int, "float": float, "bool": bool, "null": type(None), "timestamp": dt.date}


class _Constructor:
    """Turns nodes into dicts, lists and scalars, collecting problems instead of stopping."""

    def __init__(self) -> None:
        self.problems: list[tuple[int, int, str]] = []
        self.values: dict[int, Any] = {}
        self.entries: dict[int, dict[str, tuple[Any, Any]]] = {}

    def fail(self, node: Any, message: str) -> None:
        line, column = _pos(node)
        self.problems.append((line, column, message))

    def construct(self, node: Any) -> Any:
        target = _deref(node)
        if id(target) in self.values:
            return self.values[id(target)]
        if isinstance(target, ScalarNode):
            value = self.scalar(target)
        else:
            expected = "seq" if isinstance(target, SequenceNode) else "map"
            if target.tag not in (None, "!", _CORE + expected):
                self.fail(target, _("YAML-taggen '{tag}' stöds inte; ta bort den").format(tag=_show_tag(target.tag)))
            if isinstance(target, SequenceNode):
                value = [self.construct(child) for child in target.value]
            else:
                value = {key: self.construct(v) for key, (_, v) in self.mapping_entries(target).items()}
        self.values[id(target)] = value
        return value

    def scalar(self, node: ScalarNode) -> Any:
        tag: str | None = node.tag  # None until resolved (the stubs say str)
        quoted = tag is None and not node.plain  # type: ignore[attr-defined]
        if quoted or tag in ("!", _CORE + "str"):
            return node.value
        name = tag[len(_CORE) :] if tag and tag.startswith(_CORE) else None
        if tag is not None and name not in _SCALAR_TAGS:
            self.fail(node, _("YAML-taggen '{tag}' stöds inte; ta bort den").format(tag=_show_tag(tag)))
            return node.value
        try:
            value = _resolve_plain(node.value)
        except ValueError:
            if not _DATE.fullmatch(node.value):  # an integer too long for Python to convert
                self.fail(
                    node,
                    _("talet '{number}...' har {digits} siffror, alldeles för många; kontrollera värdet").format(
                        number=node.value[:20], digits=len(node.value)
                    ),
                )
                return node.value
            self.fail(
                node,
                _(
                    "'{value}' är inget giltigt datum (det finns inte i kalendern); skriv ett riktigt datum som ÅÅÅÅ-MM-DD, "
                    "eller sätt värdet inom citattecken om det är text"
                ).format(value=node.value),
            )
            return node.value
        if name is not None:
            expected = _TAG_TYPES[name]
            if isinstance(value, int) and expected is float and not isinstance(value, bool):
                value = float(value)
            if type(value) is not expected:
                self.fail(
                    node,
                    _("'{value}' är inget giltigt värde för !!{tag}; ta bort taggen eller rätta värdet").format(
                        value=node.value, tag=name
                    ),
                )
                return node.value
        return value

    def mapping_entries(self, node: MappingNode) -> dict[str, tuple[Any, Any]]:
        """Key text -> (key node, value node), after `<<` merges; reports bad and duplicate keys."""
        if id(node) in self.entries:
            return self.entries[id(node)]
        explicit: dict[str, tuple[Any, Any]] = {}
        merged: dict[str, tuple[Any, Any]] = {}
        for key_node, value_node in node.value:
            key = _deref(key_node)
            if isinstance(key, ScalarNode) and key.tag is None and key.plain and key.value == "<<":
                self.merge(merged, value_node)
                continue
            if not isinstance(key, ScalarNode):
                if isinstance(key, SequenceNode):
                    self.fail(key_node, _("en lista kan inte vara en nyckel; nycklar måste vara vanlig text"))
                else:
                    self.fail(key_node, _("nycklar med värden kan inte vara en nyckel; nycklar måste vara vanlig text"))
                continue
            if key.tag is not None:
                self.scalar(key)  # reports unsupported tags
            if key.value == "":
                self.fail(key_node, _("tom nyckel; skriv ett namn före ':'"))
                continue
            if key.value in explicit:
                first_line = _pos(explicit[key.value][0])[0]
                self.fail(
                    key_node,
                    _("nyckeln '{key}' förekommer två gånger (första gången på rad {line}); ta bort den ena").format(
                        key=key.value, line=first_line
                    ),
                )
                continue
            explicit[key.value] = (key_node, value_node)
        entries = {k: v for k, v in merged.items() if k not in explicit}
        entries.update(explicit)
        self.entries[id(node)] = entries
        return entries

    def merge(self, merged: dict[str, tuple[Any, Any]], value_node: Any) -> None:
        source = _deref(value_node)
        sources = [_deref(n) for n in source.value] if isinstance(source, SequenceNode) else [source]
        if not all(isinstance(s, MappingNode) for s in sources):
            self.fail(
                value_node, _("'<<' (sammanslagning) behöver nycklar med värden eller en lista av sådana, t.ex. '<<: *standard'")
            )
            return
        for mapping in sources:  # earlier sources win, as YAML's merge key specifies
            for key, pair in self.mapping_entries(mapping).items():
                merged.setdefault(key, pair)


# --- The document -------------------------------------------------------------------------


class ProblemOptions(TypedDict, total=False):
    """What a located problem may say besides its message (YamlDocument.problem)."""

    severity: str
    hint: str | None
    at_key: bool


@dataclass
class YamlDocument:
    """Plain data from one YAML file, with the positions of its keys and values.

    Key paths are tuples of mapping keys (str; an int is matched as its text) and list
    indexes (int), e.g. `("goals", 0, "title")`. Positions are 1-based `(line, column)`.
    """

    path: str
    data: Any
    _root: Any = field(default=None, repr=False)
    _entries: dict = field(default_factory=dict, repr=False)

    def _find(self, keypath: KeyPath) -> tuple[tuple[int, int], tuple[int, int], bool]:
        """(key position, value position, found) of the deepest existing prefix of keypath."""
        if self._root is None:
            return (1, 1), (1, 1), not keypath
        node = self._root
        key_pos = value_pos = _pos(node)
        for part in keypath:
            target = _deref(node)
            if isinstance(target, MappingNode) and not isinstance(part, bool) and isinstance(part, (str, int)):
                pair = self._entries.get(id(target), {}).get(str(part))
                if pair is None:
                    return value_pos, value_pos, False
                key_node, node = pair
                key_pos, value_pos = _pos(key_node), _pos(node)
            elif isinstance(target, SequenceNode) and isinstance(part, int) and 0 <= part < len(target.value):
                node = target.value[part]
                key_pos = value_pos = _pos(node)
            else:
                return value_pos, value_pos, False
        return key_pos, value_pos, True

    def location(self, keypath: KeyPath = ()) -> tuple[int, int]:
        """Where the value at keypath is written; for a missing key, where its parent is."""
        return self._find(tuple(keypath))[1]

    def key_location(self, keypath: KeyPath) -> tuple[int, int]:
        """Where the key of keypath is written (a list item: the item); missing: the parent."""
        return self._find(tuple(keypath))[0]

    def has(self, keypath: KeyPath) -> bool:
        return self._find(tuple(keypath))[2]

    def problem(
        self,
        keypath: KeyPath,
        message: str,
        *,
        severity: str = "error",
        hint: str | None = None,
        at_key: bool = False,
    ) -> Problem:
        """A Problem located at the value (or with at_key=True, the key) of keypath."""
        line, column = self.key_location(keypath) if at_key else self.location(keypath)
        return Problem(self.path, line, column, message, severity, hint)  # type: ignore[arg-type]


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _decode(raw: bytes, path: str) -> str:
    try:
        text = decode_utf8(raw)
    except NotUtf8 as exc:
        message = _("filen är inte UTF-8-text (ogiltig byte 0x{byte} vid position {offset}); spara den som UTF-8")
        raise DataErrors([exc.problem(path, message.format(byte=exc.byte, offset=exc.offset))]) from None
    text = text.replace("\r\n", "\n")
    stray_bom = text.find("\ufeff")
    if stray_bom >= 0:  # invisible in editors; files joined with `cat` carry one per part
        line, column = _line_col(text, stray_bom)
        raise DataErrors(
            [
                Problem(
                    path,
                    line,
                    column,
                    _("osynligt BOM-tecken (U+FEFF) inne i filen, t.ex. där två filer har slagits ihop; ta bort det"),
                )
            ]
        )
    bad = _NOT_PRINTABLE.search(text)
    if bad:
        line, column = _line_col(text, bad.start())
        raise DataErrors(
            [
                Problem(
                    path,
                    line,
                    column,
                    _("styrtecknet U+{code} är inte tillåtet i YAML; ta bort det").format(code=f"{ord(bad.group()):04X}"),
                )
            ]
        )
    return text


#: PyYAML's problem -> the message (marked for the catalogue; formatted after `_()`).
_SYNTAX_MESSAGES = {
    "mapping values are not allowed in this context": N_(
        "här står ':' där ett värde skulle stå; sätt ett värde som innehåller ': ' inom citattecken, eller rätta indraget "
        "på raden"
    ),
    "did not find expected key": N_(
        "här står text som inte är ett par 'nyckel: värde' på den här indragsnivån (nycklarna som börjar på rad "
        "{context_line} väntar sig en nyckel till här); kontrollera indraget"
    ),
    "did not find expected '-' indicator": N_(
        "här skulle en listpunkt ('- ') stå på den här indragsnivån (listan börjar på rad {context_line}); kontrollera indraget"
    ),
    "did not find expected ',' or ']'": N_(
        "listan '[' som öppnas på rad {context_line} stängs aldrig; lägg till ']' (och ',' mellan punkterna)"
    ),
    "did not find expected ',' or '}'": N_(
        "'{{' som öppnas på rad {context_line} stängs aldrig; lägg till '}}' (och ',' mellan paren)"
    ),
    "could not find expected ':'": N_("här saknas ':' efter nyckeln som börjar på rad {context_line}; skriv 'nyckel: värde'"),
    "found unknown escape character": N_(
        "okänd escape-sekvens i text inom dubbla citattecken; skriv '\\\\' för ett omvänt snedstreck, eller använd enkla "
        "citattecken"
    ),
    "did not find expected node content": N_("här saknas ett värde"),
    "block sequence entries are not allowed in this context": N_(
        "här står en listpunkt ('- ') där ett värde skulle stå; börja listan på en ny rad, indragen under sin nyckel"
    ),
    "found character that cannot start any token": N_(
        "här står '{char}', som inte kan inleda ett YAML-värde; sätt värdet inom citattecken"
    ),
}


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """Explain a parser error in plain words, at the most useful position."""
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    lines = text.split("\n")
    source = lines[line] if line < len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    problem = (exc.problem or "").strip()
    context_line = exc.context_mark.line + 1 if exc.context_mark else line + 1
    if "\t" in indent or "tab character" in problem:
        tab_column = indent.index("\t") if "\t" in indent else column
        return Problem(path, line + 1, tab_column + 1, _("tabbar får inte användas för indrag i YAML; använd mellanslag"))
    if problem == "found unexpected end of stream" and exc.context_mark and "quoted" in (exc.context or ""):
        return Problem(
            path,
            context_line,
            exc.context_mark.column + 1,
            _("texten inom citattecken stängs aldrig; lägg till det avslutande citattecknet"),
        )
    template = _SYNTAX_MESSAGES.get(problem)
    if template is None:
        # PyYAML's own words, for a mistake without a message of ours
        if exc.context:
            message = _("ogiltig YAML: {problem} ({context}, från rad {line})").format(
                problem=problem, context=exc.context, line=context_line
            )
        else:
            message = _("ogiltig YAML: {problem}").format(problem=problem)
    else:
        char = source[column] if column < len(source) else ""
        message = _(template).format(context_line=context_line, char=char)
    return Problem(path, line + 1, column + 1, message)


def _too_large(path: str, size: int) -> DataErrors:
    return DataErrors(
        [
            Problem(
                path,
                1,
                1,
                _("filen är för stor ({size} byte; högst {limit} byte tillåts); dela upp den i flera filer").format(
                    size=f"{size:,}".replace(",", " "), limit=f"{MAX_FILE_BYTES:,}".replace(",", " ")
                ),
            )
        ]
    )


def load_yaml_bytes(raw: bytes, path: str) -> YamlDocument:
    """Load YAML from bytes; `path` is the project-relative name used in problems."""
    if len(raw) > MAX_FILE_BYTES:
        raise _too_large(path, len(raw))
    text = _decode(raw, path)
    try:
        root = _Composer(iter(yaml.parse(text, Loader=_Loader))).compose()
        if root is not None:
            _check_expanded_size(root)
    except _Fail as fail:
        raise DataErrors([Problem(path, fail.line + 1, fail.column + 1, fail.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        mistake = find_mistake(text, mark.line if mark else 0)
        if mistake is not None:
            raise DataErrors([Problem(path, mistake.line + 1, mistake.column + 1, mistake.message)]) from None
        raise DataErrors([_syntax_problem(exc, text, path)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors are caught in _decode
        raise DataErrors([Problem(path, 1, 1, _("ogiltig YAML: {problem}").format(problem=exc))]) from None
    if root is None:
        return YamlDocument(path, None)
    constructor = _Constructor()
    data = constructor.construct(root)
    if constructor.problems:
        raise DataErrors([Problem(path, line, column, message) for line, column, message in constructor.problems])
    return YamlDocument(path, data, root, constructor.entries)


def relative_path(path: Path, root: Path) -> str:
    """`path` relative to `root` with forward slashes; the path as given if it lies elsewhere."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        pass
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return path.as_posix()


def load_yaml_file(path: Path, root: Path) -> YamlDocument:
    """Load one YAML data file; problems name it relative to the project `root`."""
    path = Path(path)
    rel = relative_path(path, Path(root))
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # checked before reading, so a huge file costs nothing
            raise _too_large(rel, size)
        raw = read_regular_bytes(path)
    except OSError as exc:
        raise DataErrors([Problem(rel, 1, 1, _read_failure(exc))]) from None
    return load_yaml_bytes(raw, rel)


def _read_failure(exc: OSError) -> str:
    """The message for a file that could not be read."""
    import errno

    if isinstance(exc, NotRegularFile):
        return _("filen läses inte: den är {kind}, ingen vanlig fil; bara vanliga filer läses").format(kind=_(exc.strerror) if exc.strerror else "")
    if exc.errno == errno.ELOOP:
        return _("filen läses inte: den är en symbolisk länk i en slinga (länken pekar till slut på sig själv)")
    if exc.errno == errno.EACCES:
        return _("filen går inte att läsa: behörighet saknas; ge ditt konto läsrätt till filen")
    return _("filen går inte att läsa: {reason}").format(reason=exc.strerror or exc)
