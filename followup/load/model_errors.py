"""Pydantic's validation errors in a communicator's words, located at the value in the YAML file;
and `salvage`, which keeps the valid part of a file so the other checks can still run."""

from __future__ import annotations

import copy
import datetime as dt
import types
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeGuard, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from followup.errors import Problem
from followup.load.names import did_you_mean
from followup.model.slugs import swedish_slug
from followup.model.yamlsource import YamlDocument


def salvage(model: type[BaseModel], data: Any, *, rounds: int = 20) -> Any | None:
    """Validate `data` with every part that does not validate removed: an unknown key, or the
    innermost list item holding a bad value (a goal, a key figure, a table row). None when a
    required top-level value is what fails."""
    data = copy.deepcopy(data)
    for _ in range(rounds):
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            found = {_cut_point(data, dict(error)) for error in exc.errors()}
        cuts = {cut for cut in found if cut is not None}
        if not cuts:
            return None
        # a cut inside another is covered by it; later list items first, so indices stay valid
        kept = [c for c in cuts if not any(o != c and c[: len(o)] == o for o in cuts)]
        for cut in sorted(kept, key=lambda c: [(isinstance(k, int), k if isinstance(k, int) else 0) for k in c], reverse=True):
            parent = data
            for key in cut[:-1]:
                parent = parent[key]
            del parent[cut[-1]]
    return None


def _cut_point(data: Any, error: dict) -> tuple | None:
    """The key path (in the data) of what to remove for one validation error."""
    path: list[Any] = []
    last_item: tuple | None = None
    node = data
    for key in error.get("loc", ()):
        if isinstance(node, dict) and key in node:
            path.append(key)
            node = node[key]
        elif isinstance(node, list) and isinstance(key, int) and 0 <= key < len(node):
            path.append(key)
            last_item = tuple(path)
            node = node[key]
        # else: a part of the location that names a model (a union member), not the data
    if error.get("type") == "extra_forbidden" and path and isinstance(path[-1], str):
        return tuple(path)
    if last_item is not None:
        return last_item
    # a top-level value; when it is required, the next round fails as "missing", which has no cut
    return (path[0],) if path else None


# --- Translating pydantic's errors ---------------------------------------------------------

FIELD_NOUNS = {
    "document_type": "a document type",
    "status": "a status",
    "unit": "a measure unit",
    "direction": "a direction",
    "kind": "a kind",
    "category": "a category",
    "op": "an operation",
    "origin": "an origin",
    "operator": "an operator",
}


def _unwrap(annotation: Any) -> Any:
    """Strip Annotated[...] and Optional[...] (Union with None)."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
            continue
        if origin in (Union, types.UnionType):
            members = [a for a in get_args(annotation) if a is not type(None)]
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation


def _union_members(annotation: Any) -> list[Any] | None:
    core = _unwrap(annotation)
    if get_origin(core) in (Union, types.UnionType):
        return [a for a in get_args(core) if a is not type(None)]
    return None


def _is_model(annotation: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _literal_values(annotation: Any) -> list[Any] | None:
    core = _unwrap(annotation)
    if get_origin(core) is Literal:
        return list(get_args(core))
    return None


@dataclass
class _Where:
    """Where a pydantic error points, in the data and in the models."""

    keypath: tuple = ()
    field: str | None = None  # the last model field on the way
    suffix: tuple = ()  # list indexes / dict keys after that field
    model: type[BaseModel] | None = None  # the model holding `field`
    annotation: Any = None  # the type expected at the end (None: unknown)
    value: Any = None  # the data found at keypath
    found: bool = True  # whether keypath exists in the data
    is_key: bool = False  # the error is about a mapping key
    alternatives: list[Any] | None = None  # union members passed through
    key_annotation: Any = None  # the key type of the last mapping passed through


def _walk(model: type[BaseModel], data: Any, loc: tuple) -> _Where:
    where = _Where(annotation=model, value=data)
    node = data
    for element in loc:
        if element == "[key]":
            where.is_key = True
            where.annotation = where.key_annotation
            continue
        core = _unwrap(where.annotation) if where.annotation is not None else None
        members = _union_members(where.annotation) if where.annotation is not None else None
        if members is not None:
            # A union: pydantic adds the member tag (e.g. a table's kind) to loc.
            chosen = None
            for member in members:
                member = _unwrap(member)
                if _is_model(member) and "kind" in member.model_fields:
                    if element in (_literal_values(member.model_fields["kind"].annotation) or []):
                        chosen = member
            if chosen is not None:
                where.annotation = chosen
                continue
            where.alternatives = members
            where.annotation = None
            continue
        is_data_key = (isinstance(node, dict) and isinstance(element, str) and element in node) or (
            isinstance(node, list) and isinstance(element, int) and 0 <= element < len(node)
        )
        if not is_data_key:
            if _is_model(core) or where.annotation is None and isinstance(element, str) and not isinstance(node, dict):
                # Either a missing key (the last element) or a tag we do not know: skip tags.
                if _is_model(core):
                    where.model = core
                    where.field = element
                    where.suffix = ()
                    field_info = core.model_fields.get(element) if isinstance(element, str) else None
                    where.annotation = field_info.annotation if field_info else None
                    where.found = False
                continue
            where.found = False
            where.suffix = where.suffix + (element,)
            continue
        where.keypath = where.keypath + (element,)
        node = node[element]
        if _is_model(core):
            where.model = core
            where.field = element
            where.suffix = ()
            field_info = core.model_fields.get(element)
            where.annotation = field_info.annotation if field_info else None
        else:
            where.suffix = where.suffix + (element,)
            origin = get_origin(core)
            if origin is list:
                where.annotation = get_args(core)[0]
            elif origin is dict:
                where.key_annotation = get_args(core)[0]
                where.annotation = get_args(core)[1]
            else:
                where.annotation = None
    where.value = where.keypath[-1] if where.is_key and where.keypath else node
    return where


def describe(value: Any) -> str:
    """A value as an error message shows what was found."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (a yes/no value)"
    if isinstance(value, (int, float)):
        text = str(value) if isinstance(value, float) or abs(value) < 10**15 else f"{Decimal(value):.6g}"
        return f"the number {text.replace('E', 'e')}"
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"'{text}'"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping (key: value lines)"
    return f"a {type(value).__name__}"


def _label(where: _Where) -> str:
    """The field an error is about, as the author wrote it: 'title', 'values: 2021', 'items (item 2)'."""
    name = where.field if isinstance(where.field, str) else "the file"
    if not isinstance(where.field, str):
        return "the file"
    text = name
    for part in where.suffix:
        if isinstance(part, int):
            text += f" (item {part + 1})"
        else:
            text += f": {part}"
    return text


def _describe_type(annotation: Any) -> str:
    core = _unwrap(annotation)
    if core is None:
        return "a value"
    members = _union_members(annotation)
    if members:
        return " or ".join(dict.fromkeys(_describe_type(m) for m in members))
    literal = _literal_values(core)
    if literal:
        return "one of " + ", ".join(str(v) for v in literal)
    if core is str:
        return "text"
    if core in (int, float):
        return "a number"
    if core is bool:
        return "true or false"
    if core is dt.date:
        return "a date (YYYY-MM-DD)"
    if get_origin(core) is list:
        return "a list"
    if get_origin(core) is dict or _is_model(core):
        return "a mapping (key: value lines)"
    name = getattr(core, "__name__", "")
    if name == "Period":
        return "a period"
    if name == "StatedNumber":
        return "a number"
    return "a value"


def _slug_suggestion(text: str) -> str:
    return swedish_slug(text) or "my-id"


def _friendly(error: ErrorDetails, where: _Where, model: type[BaseModel]) -> tuple[str, str | None, bool]:
    """(message, hint, at_key) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    label = _label(where)
    value = where.value if where.found else error.get("input")
    found = describe(value)
    if kind == "missing":
        return f"missing required key '{where.field}'", f"Add '{where.field}: ...' here.", False
    if kind == "extra_forbidden":
        key = where.keypath[-1] if where.keypath else where.field
        allowed = list(where.model.model_fields) if where.model else []
        # where.model is the model holding the unknown key
        guess = did_you_mean(str(key), allowed)
        if guess:
            return f"unknown key '{key}'; did you mean '{guess}'?", None, True
        return f"unknown key '{key}'; expected one of: {', '.join(allowed)}", None, True
    if kind == "literal_error":
        allowed = _literal_values(where.annotation) or []
        noun = FIELD_NOUNS.get(str(where.field), f"a valid value for '{label}'")
        if not allowed:
            expected_text = str(ctx.get("expected", ""))
        else:
            expected_text = ", ".join(str(v) for v in allowed)
        shown = f"'{value}'" if isinstance(value, str) else found
        guess = did_you_mean(str(value), [str(v) for v in allowed]) if allowed and isinstance(value, str) else None
        message = f"{shown} is not {noun}; expected one of: {expected_text}"
        return message, (f"Did you mean '{guess}'?" if guess else None), False
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags", "")
        tags = str(tags).replace("'", "")
        discriminator = str(ctx.get("discriminator", "'kind'")).strip("'")
        if kind == "union_tag_not_found":
            return (
                f"missing required key '{discriminator}'; expected one of: {tags}",
                f"Add '{discriminator}: ...'.",
                False,
            )
        tag = ctx.get("tag")
        guess = did_you_mean(str(tag), [t.strip() for t in tags.split(",")])
        hint = f"Did you mean '{guess}'?" if guess else None
        noun = "a table kind" if discriminator == "kind" else f"a valid '{discriminator}'"
        return f"'{tag}' is not {noun}; expected one of: {tags}", hint, False
    if kind in ("string_type",):
        hint = "Put the value in quotes." if isinstance(value, (int, float, dt.date, bool)) else None
        return f"expected text for '{label}', found {found}", hint, where.is_key
    if kind == "string_pattern_mismatch":
        if where.is_key and isinstance(value, str):
            return (
                f"'{value}' is not a valid key in '{where.field}': use lower-case letters, digits, - and _",
                f"For example '{_slug_suggestion(value)}'.",
                True,
            )
        if isinstance(value, str):
            return (
                f"'{value}' is not a valid id for '{label}': use lower-case letters, digits, - and _",
                f"For example '{_slug_suggestion(value)}'.",
                where.is_key,
            )
        return f"invalid value for '{label}': found {found}", None, where.is_key
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float", "finite_number"):
        if kind == "int_from_float":
            return f"expected a whole number for '{label}', found {found}", None, where.is_key
        if kind == "finite_number":
            return f"'{label}' must be a finite number, found {found}", None, where.is_key
        return f"expected a number for '{label}', found {found}", None, where.is_key
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        words = {
            "greater_than_equal": "at least",
            "greater_than": "more than",
            "less_than_equal": "at most",
            "less_than": "less than",
        }[kind]
        limit = next(iter(ctx.values()), "")
        if kind == "greater_than_equal" and limit == 0:
            return f"'{label}' cannot be negative, found {found}", None, False
        return f"'{label}' must be {words} {limit}, found {found}", None, False
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        length = len(value) if isinstance(value, str) else "?"
        return f"'{label}' är för långt ({length} tecken; högst {limit} tillåts); korta det", None, where.is_key
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        items = "item" if limit == 1 else "items"
        actual = ctx.get("actual_length", 0)
        if kind == "too_short":
            return f"'{label}' needs at least {limit} {items}, found {actual}", None, False
        return f"'{label}' may have at most {limit} {items}, found {actual}", None, False
    if kind in ("list_type", "tuple_type", "set_type"):
        return f"expected a list for '{label}' (one '- ' line per item), found {found}", None, False
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return f"expected a mapping (key: value lines) for '{label}', found {found}", None, False
    if kind in ("bool_type", "bool_parsing"):
        return f"expected true or false for '{label}', found {found}", None, False
    if kind.startswith("date") or kind.startswith("datetime"):
        return f"expected a date for '{label}', found {found}", "Write it as YYYY-MM-DD.", False
    if kind in ("value_error", "assertion_error"):
        if isinstance(value, (dict, list)):
            expected = (
                "a number" if where.field and _describe_type(where.annotation) == "a value" else _describe_type(where.annotation)
            )
            return f"expected {expected} for '{label}', found {found}", None, where.is_key
        detail = ctx.get("error")
        text = str(detail) if detail is not None else ""
        if text.startswith("Value error, "):
            text = text[len("Value error, ") :]
        return (f"{label}: {text}" if text else f"invalid value for '{label}': found {found}"), None, where.is_key
    return f"invalid value for '{label}': found {found}, expected {_describe_type(where.annotation)}", None, False


def translate_errors(exc: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    """Pydantic's validation errors as located, plain-language problems."""
    problems: list[Problem] = []
    union_groups: dict[tuple, list[tuple[ErrorDetails, _Where]]] = {}
    for error in exc.errors(include_url=False):
        where = _walk(model, doc.data, tuple(error["loc"]))
        if where.alternatives is not None and error["type"] not in ("extra_forbidden", "missing"):
            union_groups.setdefault(where.keypath, []).append((error, where))
            continue
        problems.append(_problem(error, where, doc, model))
    for keypath, group in union_groups.items():
        error, where = group[0]
        value_errors = [e for e, _ in group if e["type"] == "value_error"]
        if len(group) == 1 or all(e["type"] == "value_error" for e, _ in group):
            problems.append(_problem(value_errors[0] if value_errors else error, where, doc, model))
            continue
        expected = " or ".join(dict.fromkeys(_describe_type(m) for m in where.alternatives or []))
        line, column = doc.location(keypath)
        problems.append(
            Problem(doc.path, line, column, f"expected {expected} for '{_label(where)}', found {describe(where.value)}")
        )
    return problems


def _problem(error: ErrorDetails, where: _Where, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    message, hint, at_key = _friendly(error, where, model)
    if error["type"] == "missing":
        line, column = doc.location(where.keypath)
    elif error["type"] == "union_tag_invalid":
        line, column = doc.location(where.keypath + ("kind",))
    elif at_key:
        line, column = doc.key_location(where.keypath)
    else:
        line, column = doc.location(where.keypath)
    return Problem(doc.path, line, column, message, "error", hint)
