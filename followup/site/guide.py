"""The author guide "Så skriver du en rapport", generated from the models so it cannot drift.

The guide (a page of the site, `skriva-rapport.html`, written by followup.site.render) lists every
field of every file kind: its name, type, allowed values, whether it is required and its
default come from `followup.model.models` (the same models the JSON Schema is generated from); the
Swedish headings and descriptions come from `templates/guide/falt.yaml`, which communicators can
edit. The rest of the page (workflow, numbers and periods, scales, citing computed values,
charts, reading a validation error, editor support) is the template
`templates/guide/guide.html.j2`; the scales, units and period forms shown in it are read from
the code too.

`tests/test_guide.py` fails when a model field has no Swedish description, when a description
names a field that no longer exists, and when the rendered field list differs from the models.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import typing
from dataclasses import dataclass, field
from typing import Any, Callable, Literal, Union

import yaml
from pydantic import BaseModel

from followup.config import TEMPLATES_DIR
from followup.load.files import DEFAULT_SCALES_FILE
from followup.model import models
from followup.model.formatting import UNIT_LABEL
from followup.model.periods import ACCEPTED_FORMS
from followup.site.markdown import CHART_KINDS, VALUE_KINDS

GUIDE_DIR = TEMPLATES_DIR / "guide"
DESCRIPTIONS_FILE = GUIDE_DIR / "falt.yaml"
TITLE = "Så skriver du en rapport"

#: (file names, top model) in the order the guide shows them.
FILE_KINDS: list[tuple[tuple[str, ...], type[BaseModel]]] = [
    (("report.yaml",), models.ReportFile),
    (("goals.yaml",), models.GoalsFile),
    (("indicators.yaml",), models.IndicatorsFile),
    (("surveys.yaml",), models.SurveysFile),
    (("finance.yaml", "tables.yaml"), models.TablesFile),
    (("deliverables.yaml",), models.DeliverablesFile),
    (("organisation.yaml",), models.OrganisationFile),
]

#: What each built-in unit means: its spoken name (the one table headers use), explained where
#: the name alone does not say how to write the value.
UNIT_TEXTS: dict[str, str] = UNIT_LABEL | {
    "percent": "procent; 6,5 betyder 6,5 %",
    "percentage_points": "procentenheter (skillnaden mellan två procenttal)",
    "index": "index, t.ex. HME",
    "score": "poäng på en skala, t.ex. 1–10",
    "none": "källan anger ingen enhet",
}
ASSESSMENT_CATEGORY_TEXTS: dict[str, str] = {
    "achieved": "målet är uppnått",
    "partly_achieved": "målet är delvis uppnått",
    "not_achieved": "målet är inte uppnått",
    "not_assessed": "målet kan inte bedömas",
}
STATUS_CATEGORY_TEXTS: dict[str, str] = {
    "done": "klar",
    "partly_done": "delvis klar",
    "in_progress": "pågår",
    "not_started": "inte påbörjad",
    "replaced": "ersatt av något annat",
    "handed_over": "överlämnad till någon annan",
    "cancelled": "utgått",
}


# --- the field list ---------------------------------------------------------------------------


@dataclass
class FieldDoc:
    name: str
    type_html: str  # trusted HTML (escaped text and links to model sections)
    required: bool
    default: str | None
    description: str  # Swedish, from falt.yaml
    model_description: str | None  # the model's own (English) description, if any


@dataclass
class ModelDoc:
    model: type[BaseModel]
    anchor: str
    heading: str
    description: str
    fields: list[FieldDoc] = field(default_factory=list)
    inherited_from: type[BaseModel] | None = None  # for the shared table fields


@dataclass
class FileDoc:
    files: tuple[str, ...]
    anchor: str
    heading: str
    description: str
    models: list[ModelDoc]


@functools.lru_cache(maxsize=1)
def descriptions() -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(DESCRIPTIONS_FILE.read_text(encoding="utf-8")) or {}
    return data.get("modeller", {})


def anchor_of(model: type) -> str:
    return "modell-" + model.__name__.strip("_").lower()


def describing_model(model: type[BaseModel], name: str, texts: dict[str, dict[str, Any]] | None = None) -> type[BaseModel]:
    """The class whose section of the guide describes the field: the model itself when falt.yaml describes
    the field there (a scale level's id, told for each scale with what refers to it), else the class in the
    MRO whose own annotations declare it (e.g. _Table for a table's id, told once for every table)."""
    texts = descriptions() if texts is None else texts
    if name in _described(model.__name__, texts):
        return model
    for cls in model.__mro__:
        if name in cls.__dict__.get("__annotations__", {}):
            return cls
    return model


def own_fields(model: type[BaseModel], texts: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """The fields the model's section lists, in the order falt.yaml describes them: the order a
    communicator reads them in, which a model's inherited fields (first in pydantic) need not follow."""
    texts = descriptions() if texts is None else texts
    described = _described(model.__name__, texts)
    names = [n for n in model.model_fields if describing_model(model, n, texts) is model]
    return sorted(names, key=lambda n: described.index(n) if n in described else len(described))


def _described(model_name: str, texts: dict[str, dict[str, Any]]) -> list[str]:
    return list(((texts.get(model_name) or {}).get("fält") or {}))


def nested_models(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        for m in nested_models(arg):
            if m not in found:
                found.append(m)
    return found


def all_models() -> list[tuple[type[BaseModel], str]]:
    """Every model reachable from the file kinds, with the file kind that first reaches it."""
    order: list[tuple[type[BaseModel], str]] = []
    seen: set[type] = set()

    def walk(model: type[BaseModel], file_name: str) -> None:
        if model in seen:
            return
        seen.add(model)
        order.append((model, file_name))
        hints = typing.get_type_hints(model, include_extras=True)
        for name in model.model_fields:
            for sub in nested_models(hints[name]):
                walk(sub, file_name)

    for files, model in FILE_KINDS:
        walk(model, files[0])
    return order


def documented_pairs(texts: dict[str, dict[str, Any]] | None = None) -> set[tuple[str, str]]:
    """(describing model name, field name) for every field the guide must describe."""
    pairs = set()
    for model, _ in all_models():
        for name in model.model_fields:
            pairs.add((describing_model(model, name, texts).__name__, name))
    return pairs


def undocumented(texts: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """'Model.field' for every field without a Swedish description (should be empty)."""
    texts = descriptions() if texts is None else texts
    missing = []
    for model_name, name in sorted(documented_pairs(texts)):
        description = ((texts.get(model_name) or {}).get("fält") or {}).get(name)
        if not (isinstance(description, str) and description.strip()):
            missing.append(f"{model_name}.{name}")
    return missing


def stale_descriptions(texts: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """'Model.field' described in falt.yaml but not in the models (should be empty)."""
    texts = descriptions() if texts is None else texts
    pairs = documented_pairs(texts)
    models_named = {m for m, _ in pairs}
    stale = []
    for model_name, entry in texts.items():
        if model_name not in models_named:
            stale.append(model_name)
            continue
        for name in (entry or {}).get("fält") or {}:
            if (model_name, name) not in pairs:
                stale.append(f"{model_name}.{name}")
    return stale


# --- types in Swedish ------------------------------------------------------------------------------


def _esc(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def _code(text: str) -> str:
    return f"<code>{_esc(text)}</code>"


def type_html(annotation: Any, href: Callable[[str], str] = lambda t: t) -> str:
    """A short Swedish description of a type, as trusted HTML."""
    for alias_obj, text in (
        (models.Markdown, "text (Markdown)"),
        (models.Slug, "id (a–z, 0–9, - och _)"),
        (models.UnitCode, "enhetskod"),
        (models.Number, "tal"),
        (models.Count, "heltal, 0 eller mer"),
        (models.Stated, "tal som källan anger det"),
        (models.PeriodText, "period"),
    ):
        if annotation == alias_obj:
            return _esc(text)
    if annotation == models.MeasureUnit:
        return '<a href="#enheter">enhet</a>'
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base = args[0]
        if typing.get_origin(base) is Union and any(
            isinstance(a, type) and issubclass(a, BaseModel) for a in typing.get_args(base)
        ):
            return "tabell: " + ", ".join(f'<a href="#{anchor_of(m)}">{_esc(_kind_of(m))}</a>' for m in typing.get_args(base))
        return type_html(base, href)
    if origin is Literal:
        values = ", ".join(_code(str(a)) for a in args)
        return values if len(args) == 1 else f"ett av {values}"
    if origin in (Union, getattr(__import__("types"), "UnionType", Union)):
        parts = [type_html(a, href) for a in args if a is not type(None)]
        nullable = type(None) in args
        text = " eller ".join(parts)
        return text + (" eller null" if nullable and "null" not in text and _null_meaningful(args) else "")
    if origin is list:
        return "lista med " + type_html(args[0], href)
    if origin is dict:
        return "tabell: nyckel → " + type_html(args[1], href)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        heading = descriptions().get(annotation.__name__, {}).get("rubrik", annotation.__name__)
        return f'<a href="#{anchor_of(annotation)}">{_esc(heading)}</a>'
    if annotation is str:
        return "text"
    if annotation is bool:
        return "true eller false"
    if annotation is int:
        return "heltal"
    if annotation is float:
        return "tal"
    if annotation is dt.date:
        return "datum (ÅÅÅÅ-MM-DD)"
    return _esc(getattr(annotation, "__name__", str(annotation)))


def _null_meaningful(args: tuple) -> bool:
    """null is worth saying for numbers in a table cell (an empty cell), not for optional text."""
    return any(a == models.Number for a in args)


def _kind_of(model: type[BaseModel]) -> str:
    kind = model.model_fields.get("kind")
    if kind is not None:
        values = typing.get_args(kind.annotation)
        if values:
            return str(values[0])
    return model.__name__


def _default_text(info: Any) -> str | None:
    from pydantic_core import PydanticUndefined

    if info.is_required():
        return None
    if info.default_factory is not None:
        return None
    default = info.default
    if default is None or default is PydanticUndefined:
        return None
    if isinstance(default, bool):
        return "true" if default else "false"
    return str(default)


def model_doc(model: type[BaseModel], href: Callable[[str], str] = lambda t: t) -> ModelDoc:
    texts = descriptions().get(model.__name__, {})
    hints = typing.get_type_hints(model, include_extras=True)
    doc = ModelDoc(
        model=model,
        anchor=anchor_of(model),
        heading=texts.get("rubrik", model.__name__),
        description=texts.get("beskrivning", (model.__doc__ or "").strip()),
    )
    for name in own_fields(model):
        info = model.model_fields[name]
        doc.fields.append(_field_doc(model, name, info, hints[name], texts, href))
    return doc


def _field_doc(model: type, name: str, info: Any, hint: Any, texts: dict, href: Callable) -> FieldDoc:
    return FieldDoc(
        name=name,
        type_html=type_html(hint, href),
        required=info.is_required(),
        default=_default_text(info),
        description=(texts.get("fält") or {}).get(name, ""),
        model_description=info.description,
    )


def file_docs(href: Callable[[str], str] = lambda t: t) -> list[FileDoc]:
    """The files in guide order, each with its models (the top model first, then nested ones)."""
    result = []
    for files, top in FILE_KINDS:
        texts = descriptions().get(top.__name__, {})
        docs = []
        for model, first_file in all_models():
            if first_file != files[0]:
                continue
            docs.append(model_doc(model, href))
            if model is models.BudgetTable:
                base = model.__mro__[1]  # _Table: the fields every table has
                assert issubclass(base, BaseModel)
                shared = ModelDoc(
                    model=base,
                    anchor=anchor_of(base),
                    heading=descriptions().get(base.__name__, {}).get("rubrik", base.__name__),
                    description=descriptions().get(base.__name__, {}).get("beskrivning", ""),
                )
                hints = typing.get_type_hints(base, include_extras=True)
                for name in own_fields(base):
                    shared.fields.append(
                        _field_doc(
                            base,
                            name,
                            base.model_fields[name],
                            hints[name],
                            descriptions().get(base.__name__, {}),
                            href,
                        )
                    )
                docs.insert(len(docs) - 1, shared)
        result.append(
            FileDoc(
                files=files,
                anchor="fil-" + files[0].replace(".yaml", ""),
                heading=texts.get("rubrik", top.__name__),
                description=texts.get("beskrivning", ""),
                models=docs,
            )
        )
    return result


# --- the page -----------------------------------------------------------------------------------------


def _default_scales() -> dict[str, list[dict[str, Any]]]:

    return yaml.safe_load(DEFAULT_SCALES_FILE.read_text(encoding="utf-8"))


def guide_context(href: Callable[[str], str] = lambda t: t) -> dict[str, Any]:

    scales = _default_scales()
    return {
        "title": TITLE,
        "files": file_docs(href),
        "units": [(u, UNIT_TEXTS.get(u, "")) for u in typing.get_args(models.MeasureUnit)],
        "assessment_scale": scales["assessment_scale"],
        "status_scale": scales["status_scale"],
        "assessment_categories": [
            (c, ASSESSMENT_CATEGORY_TEXTS.get(c, ""))
            for c in typing.get_args(models.AssessmentLevel.model_fields["category"].annotation)
        ],
        "status_categories": [
            (c, STATUS_CATEGORY_TEXTS.get(c, "")) for c in typing.get_args(models.StatusLevel.model_fields["category"].annotation)
        ],
        "document_types": models.DEFAULT_DOCUMENT_TYPES,
        "period_forms": [f.strip() for f in re.split(r",\s*(?![^()]*\))", ACCEPTED_FORMS)],
        "value_words": sorted(VALUE_KINDS),
        "chart_words": sorted(CHART_KINDS),
        "href": href,
    }


def render_guide_body(href: Callable[[str], str] = lambda t: t) -> tuple[str, str]:
    """(title, body HTML) of the guide page, for followup.render."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(GUIDE_DIR)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_html"] = lambda s: jinja2.utils.markupsafe.Markup(s)
    body = env.get_template("guide.html.j2").render(**guide_context(href))
    return TITLE, body
