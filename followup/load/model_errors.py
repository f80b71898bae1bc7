"""Pydantic's validation errors in a communicator's words, located at the value in the YAML file;
and `salvage`, which keeps the valid part of a file so the other checks can still run."""

from __future__ import annotations

import copy
import datetime as dt
import types
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeGuard, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from followup.errors import Problem
from followup.i18n import N_, _, ngettext
from followup.load.names import did_you_mean
from followup.model.slugs import swedish_slug
from followup.model.yamlsource import YamlDocument


def salvage(model: type[BaseModel], data: Any, *, rounds: int = 20) -> Any | None:
    """Validate `data` with every part that does not validate removed: an unknown key, or the
    innermost list item holding a bad value (a goal, a key figure, a table row). None when a
    required top-level value is what fails."""
    data = copy.deepcopy(data)
    for _round in range(rounds):
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
    "document_type": N_("en dokumenttyp"),
    "status": N_("en status"),
    "unit": N_("en måttenhet"),
    "direction": N_("en riktning"),
    "kind": N_("ett slag"),
    "category": N_("en kategori"),
    "op": N_("en räkneoperation"),
    "origin": N_("ett ursprung"),
    "operator": N_("en operator"),
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


def _extra_annotation(model: type[BaseModel]) -> Any:
    """The value type of a model's extra keys, when it allows them and declares their type."""
    if model.model_config.get("extra") != "allow":
        return None
    try:
        hint = get_type_hints(model, include_extras=True).get("__pydantic_extra__")
    except (NameError, TypeError):
        return None
    args = get_args(_unwrap(hint)) if hint is not None else ()
    return args[1] if len(args) == 2 else None


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
        extra = _extra_annotation(core) if _is_model(core) and element not in core.model_fields else None
        if extra is not None:
            # a key of a model's typed extras (a generic table's column in a row) is like a mapping's key
            where.suffix = where.suffix + (element,)
            where.annotation = extra
        elif _is_model(core):
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
        return _("ingenting (ett tomt värde)")
    if isinstance(value, bool):
        return _("'{value}' (ett ja/nej-värde)").format(value=str(value).lower())
    if isinstance(value, (int, float)):
        text = str(value) if isinstance(value, float) or abs(value) < 10**15 else f"{Decimal(value):.6g}"
        return _("talet {number}").format(number=text.replace("E", "e"))
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:57] + "..."
        return f"'{text}'"
    if isinstance(value, dt.date):
        return _("datumet {date}").format(date=value.isoformat())
    if isinstance(value, list):
        return _("en lista")
    if isinstance(value, dict):
        return _("nycklar med värden (rader med nyckel: värde)")
    return _("ett värde av typen {name}").format(name=type(value).__name__)


def _label(where: _Where) -> str:
    """The field an error is about, as the author wrote it: 'title', 'values: 2021', 'items (punkt 2)'."""
    if not isinstance(where.field, str):
        return _("filen")
    text = where.field
    for part in where.suffix:
        if isinstance(part, int):
            text += " " + _("(punkt {number})").format(number=part + 1)
        else:
            text += f": {part}"
    return text


def _describe_type(annotation: Any) -> str:
    core = _unwrap(annotation)
    if core is None:
        return _("ett värde")
    members = _union_members(annotation)
    if members:
        return _(" eller ").join(dict.fromkeys(_describe_type(m) for m in members))
    literal = _literal_values(core)
    if literal:
        return _("något av {values}").format(values=", ".join(str(v) for v in literal))
    if core is str:
        return _("text")
    if core in (int, float):
        return _("ett tal")
    if core is bool:
        return _("true eller false")
    if core is dt.date:
        return _("ett datum (ÅÅÅÅ-MM-DD)")
    if get_origin(core) is list:
        return _("en lista")
    if get_origin(core) is dict or _is_model(core):
        return _("nycklar med värden (rader med nyckel: värde)")
    name = getattr(core, "__name__", "")
    if name == "Period":
        return _("en period")
    if name == "StatedNumber":
        return _("ett tal")
    return _("ett värde")


def _slug_suggestion(text: str) -> str:
    return swedish_slug(text) or "mitt-id"


def _should_be(label: str, expected: str, found: str) -> str:
    return _("'{label}' ska vara {expected}; här står {found}").format(label=label, expected=expected, found=found)


def _friendly(error: ErrorDetails, where: _Where, model: type[BaseModel]) -> tuple[str, str | None, bool]:
    """(message, hint, at_key) for one pydantic error."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    label = _label(where)
    value = where.value if where.found else error.get("input")
    found = describe(value)
    if kind == "missing":
        return (
            _("nyckeln '{key}' krävs men saknas").format(key=where.field),
            _("Lägg till '{key}: ...' här.").format(key=where.field),
            False,
        )
    if kind == "extra_forbidden":
        key = where.keypath[-1] if where.keypath else where.field
        allowed = list(where.model.model_fields) if where.model else []
        # where.model is the model holding the unknown key
        guess = did_you_mean(str(key), allowed)
        if guess:
            return _("okänd nyckel '{key}'; menade du '{guess}'?").format(key=key, guess=guess), None, True
        return _("okänd nyckel '{key}'; tillåtna är: {keys}").format(key=key, keys=", ".join(allowed)), None, True
    if kind == "literal_error":
        allowed = _literal_values(where.annotation) or []
        noun_id = FIELD_NOUNS.get(str(where.field))
        noun = _(noun_id) if noun_id else _("ett tillåtet värde för '{label}'").format(label=label)
        if not allowed:
            expected_text = str(ctx.get("expected", ""))
        else:
            expected_text = ", ".join(str(v) for v in allowed)
        shown = f"'{value}'" if isinstance(value, str) else found
        guess = did_you_mean(str(value), [str(v) for v in allowed]) if allowed and isinstance(value, str) else None
        message = _("{value} är inte {noun}; tillåtna är: {allowed}").format(value=shown, noun=noun, allowed=expected_text)
        return message, (_("Menade du '{guess}'?").format(guess=guess) if guess else None), False
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        tags = ctx.get("expected_tags", "")
        tags = str(tags).replace("'", "")
        discriminator = str(ctx.get("discriminator", "'kind'")).strip("'")
        if kind == "union_tag_not_found":
            return (
                _("nyckeln '{key}' krävs men saknas; tillåtna värden är: {allowed}").format(
                    key=discriminator, allowed=tags
                ),
                _("Lägg till '{key}: ...'.").format(key=discriminator),
                False,
            )
        tag = ctx.get("tag")
        guess = did_you_mean(str(tag), [t.strip() for t in tags.split(",")])
        hint = _("Menade du '{guess}'?").format(guess=guess) if guess else None
        noun = _("ett tabellslag") if discriminator == "kind" else _("ett tillåtet värde för '{key}'").format(key=discriminator)
        return _("'{value}' är inte {noun}; tillåtna är: {allowed}").format(value=tag, noun=noun, allowed=tags), hint, False
    if kind in ("string_type",):
        hint = _("Sätt värdet inom citattecken.") if isinstance(value, (int, float, dt.date, bool)) else None
        return _should_be(label, _("text"), found), hint, where.is_key
    if kind == "string_pattern_mismatch":
        if where.is_key and isinstance(value, str):
            return (
                _("'{value}' är ingen giltig nyckel i '{field}': använd små bokstäver, siffror, - och _").format(
                    value=value, field=where.field
                ),
                _("Till exempel '{example}'.").format(example=_slug_suggestion(value)),
                True,
            )
        if isinstance(value, str):
            return (
                _("'{value}' är inget giltigt id för '{label}': använd små bokstäver, siffror, - och _").format(
                    value=value, label=label
                ),
                _("Till exempel '{example}'.").format(example=_slug_suggestion(value)),
                where.is_key,
            )
        return _("ogiltigt värde för '{label}': här står {found}").format(label=label, found=found), None, where.is_key
    if kind in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float", "finite_number"):
        if kind == "int_from_float":
            return _should_be(label, _("ett heltal"), found), None, where.is_key
        if kind == "finite_number":
            return _should_be(label, _("ett ändligt tal"), found), None, where.is_key
        return _should_be(label, _("ett tal"), found), None, where.is_key
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        limit = next(iter(ctx.values()), "")
        if kind == "greater_than_equal" and limit == 0:
            return _("'{label}' kan inte vara negativt; här står {found}").format(label=label, found=found), None, False
        template = {
            "greater_than_equal": N_("'{label}' ska vara minst {limit}; här står {found}"),
            "greater_than": N_("'{label}' ska vara större än {limit}; här står {found}"),
            "less_than_equal": N_("'{label}' ska vara högst {limit}; här står {found}"),
            "less_than": N_("'{label}' ska vara mindre än {limit}; här står {found}"),
        }[kind]
        return _(template).format(label=label, limit=limit, found=found), None, False
    if kind == "string_too_long":
        limit = ctx.get("max_length")
        length = len(value) if isinstance(value, str) else "?"
        return (
            _("'{label}' är för långt ({length} tecken; högst {limit} tillåts); korta det").format(
                label=label, length=length, limit=limit
            ),
            None,
            where.is_key,
        )
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        count = limit if isinstance(limit, int) else 2
        actual = ctx.get("actual_length", 0)
        if kind == "too_short":
            text = ngettext(
                "'{label}' behöver minst {limit} punkt; här finns {actual}",
                "'{label}' behöver minst {limit} punkter; här finns {actual}",
                count,
            )
        else:
            text = ngettext(
                "'{label}' får ha högst {limit} punkt; här finns {actual}",
                "'{label}' får ha högst {limit} punkter; här finns {actual}",
                count,
            )
        return text.format(label=label, limit=limit, actual=actual), None, False
    if kind in ("list_type", "tuple_type", "set_type"):
        return _should_be(label, _("en lista (en rad '- ' per punkt)"), found), None, False
    if kind in ("dict_type", "model_type", "model_attributes_type", "mapping_type"):
        return _should_be(label, _("nycklar med värden (rader med nyckel: värde)"), found), None, False
    if kind in ("bool_type", "bool_parsing"):
        return _should_be(label, _("true eller false"), found), None, False
    if kind.startswith("date") or kind.startswith("datetime"):
        return _should_be(label, _("ett datum"), found), _("Skriv det som ÅÅÅÅ-MM-DD."), False
    if kind in ("value_error", "assertion_error"):
        if isinstance(value, (dict, list)):
            described = _describe_type(where.annotation)
            expected = _("ett tal") if where.field and described == _("ett värde") else described
            return _should_be(label, expected, found), None, where.is_key
        detail = ctx.get("error")
        text = str(detail) if detail is not None else ""
        if text.startswith("Value error, "):
            text = text[len("Value error, ") :]
        if text:
            return f"{label}: {text}", None, where.is_key
        return _("ogiltigt värde för '{label}': här står {found}").format(label=label, found=found), None, where.is_key
    return _should_be(label, _describe_type(where.annotation), found), None, False


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
        expected = _(" eller ").join(dict.fromkeys(_describe_type(m) for m in where.alternatives or []))
        line, column = doc.location(keypath)
        problems.append(Problem(doc.path, line, column, _should_be(_label(where), expected, describe(where.value))))
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
