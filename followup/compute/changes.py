"""What changed in a report between two published versions: every number, assessment, status and
text section, with the old and the new value.

A version is the text of the report's files (data/<org>/<report>/*.yaml, content/<org>/<report>/*.md).
Its facts are the YAML's leaf values, keyed by their place (list items by their id, group, period,
…) and labelled in Swedish, and the Markdown files' sections (by heading). Two versions' facts are
compared key by key; the build (build/history.py) supplies the versions, from git or from its own
record of the last publication.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from followup.model.numbers import parse_number

Kind = Literal["tal", "bedömning", "status", "text"]

#: Keys that name an item of a list (its identity across versions), in order of preference.
ITEM_KEYS = ("id", "group", "unit", "code", "period", "ref", "question", "title", "label", "name")
#: Swedish words for keys in labels; None leaves a structural key out of the label.
KEY_WORDS: dict[str, str | None] = {
    "indicators": "Indikator",
    "goals": "Mål",
    "perspectives": None,
    "series": None,
    "values": "utfall",
    "targets": "målvärde",
    "assessment": "bedömning",
    "assessment_text": "motivering",
    "status": "status",
    "key_figures": "Nyckeltal",
    "stated": "angivet värde",
    "deliverables": "Leverans",
    "summary": "Sammanfattning",
    "title": "rubrik",
    "surveys": "Enkät",
    "rounds": "omgång",
    "units": "enhet",
    "scores": "poäng",
    "respondents": "svarande",
    "tables": "Tabell",
    "rows": "rad",
    "items": None,
    "acknowledged": "Bekräftad avvikelse",
    "computed": "beräknat värde",
    "earlier": "tidigare rapports värde",
    "restates": "rättar rapport",
    "reason": "skäl",
    "ref": "referens",
    "name": "namn",
    "group": "grupp",
    "description": "beskrivning",
    "difference": "differens",
    "part_of": "del av",
    "parts_complete": "delarna fullständiga",
    "source_notes": "Anmärkning om källan",
    "text": "text",
    # The other fields of the data files, so that no label shows a field's English name
    # (tests/test_changes.py checks that every model field has a word here).
    "accessibility_contact": "kontakt för tillgänglighet",
    "administration": "förvaltning",
    "after": "efter",
    "aggregate": "sammanvägning",
    "amount": "belopp",
    "analysis": "analys",
    "approximate": "ungefärligt",
    "area_word": "ord för målområde",
    "assessment_scale": "bedömningsskala",
    "attachments": "Bilaga",
    "before": "före",
    "board": "nämnd eller styrelse",
    "body": "text",
    "branding": "profil",
    "budget": "budget",
    "captured": "hämtad",
    "category": "kategori",
    "code": "kod",
    "colour": "färg",
    "columns": "kolumn",
    "comment": "kommentar",
    "completed": "klar",
    "compute": "beräkning",
    "count": "antal",
    "counts": "antal",
    "date": "datum",
    "decided_by": "beslutad av",
    "decimals": "decimaler",
    "decision": "Beslut",
    "direction": "riktning",
    "document_type": "dokumenttyp",
    "document_types": "dokumenttyp",
    "due": "tidplan",
    "email": "e-post",
    "file": "fil",
    "forecast": "prognos",
    "goal_tags": "måltagg",
    "goal_word": "ord för mål",
    "groups": "grupp",
    "heading": "underrubrik",
    "id": "id",
    "index": "index",
    "introduction": "inledning",
    "item_word": "ord för posterna",
    "kind": "slag",
    "label": "namn",
    "labels": "kolumnrubrik",
    "logo": "logotyp",
    "max": "högst",
    "measure_units": "egen enhet",
    "min": "minst",
    "missing": "saknas",
    "municipality": "kommun",
    "narrative": "kommentar",
    "next_steps": "fortsatt arbete",
    "not_captured": "inte med i underlaget",
    "note": "anmärkning",
    "notes": "anmärkning",
    "number": "nummer",
    "of": "av",
    "op": "räknesätt",
    "operator": "jämförelse",
    "origin": "ursprung",
    "outcome": "utfall",
    "over": "över perioderna",
    "owner": "ägare",
    "owners": "ägare",
    "period": "period",
    "periods": "period",
    "phone": "telefon",
    "placeholder": "platshållare",
    "plural": "plural",
    "points": "poäng",
    "prepared_by": "handläggare",
    "preset": "förval",
    "priorities": "prioriteringar",
    "project": "projekt",
    "proposal": "förslag",
    "publish": "publiceras",
    "questions": "fråga",
    "registration_number": "diarienummer",
    "remaining_work": "återstående arbete",
    "remains_after_project": "kvar efter projektet",
    "responsible": "ansvarig",
    "result": "resultat",
    "revised": "reviderad",
    "same_as": "samma som",
    "scale": "skala",
    "sections": "avsnitt",
    "set_at": "fastställda",
    "share": "andel",
    "share_of": "andel av",
    "shared_symbol": "delad symbol",
    "short_name": "kortnamn",
    "short_title": "kort rubrik",
    "signed_by": "undertecknad av",
    "singular": "singular",
    "source": "källa",
    "started": "startade",
    "stated_count": "angivet antal",
    "stated_counts": "angivet antal per nivå",
    "stated_difference": "angiven differens",
    "stated_total": "angiven summa",
    "stated_totals": "angiven summa",
    "status_scale": "statusskala",
    "sum": "summa",
    "sum_of": "summa av",
    "symbol": "symbol",
    "tags": "tagg",
    "timeline": "Tidslinje",
    "total": "summa",
    "total_comment": "kommentar till summan",
    "unit": "enhet",
    "url": "adress",
    "urls": "adress",
    "value": "värde",
    "weights": "vikter",
    "what_was_done": "vad som gjordes",
}
#: How a reference (`goals.<id>.assessment`, `keyfigures.<id>`) names the list its item is in.
REF_LISTS = {"keyfigures": "key_figures"}


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    kind: Kind
    file: str


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    kind: Kind
    file: str
    old: str | None  # None: added
    new: str | None  # None: removed


@dataclass
class ChangeSet:
    """The changes of one publication against the one before it."""

    date: dt.date
    version: str  # a commit (short) or "bygget <date>"
    changes: list[Change] = field(default_factory=list)


def _item_name(item: Any, index: int) -> str:
    if isinstance(item, dict):
        for key in ITEM_KEYS:
            if key in item and isinstance(item[key], (str, int, float)):
                return str(item[key])
    return str(index + 1)


@dataclass(frozen=True)
class _Names:
    """What labels call things instead of their ids: groups (id -> label) and the named items of
    the version's lists ((list key, id) -> name, title or label)."""

    groups: dict[str, str]
    items: dict[tuple[str, str], str]

    def of_ref(self, ref: str) -> str:
        """A reference as a reader reads it: `goals.frisk.assessment` -> Mål ”Friska medarbetare” · bedömning."""
        list_key, _, rest = ref.partition(".")
        list_key = REF_LISTS.get(list_key, list_key)
        item_id, _, rest = rest.partition(".")
        word = KEY_WORDS.get(list_key) or list_key
        name = self.items.get((list_key, item_id))
        head = f"{word} ”{name}”" if name else f"{word} {item_id}".strip()
        tail = [self.groups.get(part) or KEY_WORDS.get(part) or part for part in rest.split(".") if part]
        return " · ".join([head, *tail])


def _named_items(node: Any, found: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """(list key, id) -> shown name of every item with an id and a name, title or label."""
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        shown = _shown_name(item, item["id"], None)
                        if shown != item["id"]:
                            found[(str(key), item["id"])] = shown
            _named_items(value, found)
    elif isinstance(node, list):
        for item in node:
            _named_items(item, found)
    return found


def _shown_name(item: Any, identity: str, names: _Names | None) -> str:
    """What a label calls a list item: its name, title or label, a group's label, the thing a
    reference points to, else its identity."""
    if isinstance(item, dict):
        for key in ("name", "title", "label"):
            if isinstance(item.get(key), str) and item[key].strip():
                return str(item[key]).strip()
        if names is not None and "group" in item and not isinstance(item.get("id"), str):
            return names.groups.get(str(item["group"]), identity)
        if names is not None and isinstance(item.get("ref"), str):
            return names.of_ref(item["ref"])
    return identity


def _leaves(
    node: Any, path: tuple[str, ...], shown: tuple[str, ...], names: _Names
) -> list[tuple[tuple[str, ...], tuple[str, ...], Any]]:
    """(identity path, path as the label shows it, value) of every leaf."""
    if isinstance(node, dict):
        return [leaf for key, value in node.items() for leaf in _leaves(value, path + (str(key),), shown + (str(key),), names)]
    if isinstance(node, list):
        if all(not isinstance(item, (dict, list)) for item in node):
            return [(path, shown, ", ".join(str(item) for item in node))]
        found = []
        for i, item in enumerate(node):
            identity = _item_name(item, i)
            found += _leaves(item, path + (identity,), shown + (_shown_name(item, identity, names),), names)
        return found
    return [(path, shown, node)]


def _kind(path: tuple[str, ...], value: Any) -> Kind:
    last = path[-1] if path else ""
    if last == "assessment" or "assessment" in path[-3:-1]:
        return "bedömning"
    if last == "status":
        return "status"
    if isinstance(value, bool):
        return "text"
    if isinstance(value, (int, float)):
        return "tal"
    try:
        parse_number(str(value), percent=True)
        return "tal"
    except (ValueError, TypeError, ArithmeticError):
        return "text"


def _label(path: tuple[str, ...]) -> str:
    words = []
    for part in path:
        word = KEY_WORDS.get(part, part)
        if word is not None:
            words.append(word)
    return " · ".join(words)


def _text(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$", re.MULTILINE)


def _sections(text: str) -> list[tuple[str, str]]:
    """(heading, body) of a Markdown text; the text before the first heading is 'Inledning'."""
    found = []
    matches = list(_HEADING.finditer(text))
    start_body = text[: matches[0].start()] if matches else text
    if start_body.strip():
        found.append(("Inledning", start_body.strip()))
    for m, after in zip(matches, matches[1:] + [None]):
        body = text[m.end() : after.start() if after else len(text)].strip()
        found.append((m.group(2), body))
    return found


def facts(files: dict[str, str], groups: dict[str, str] | None = None) -> dict[str, Fact]:
    """The facts of one version of a report: {key: Fact}. `groups`: group id -> label (the labels
    name indicators, goals and groups as the pages do; the keys stay the ids)."""
    found: dict[str, Fact] = {}
    documents: dict[str, Any] = {}
    for path, text in sorted(files.items()):
        if path.endswith(".yaml"):
            try:
                documents[path] = yaml.safe_load(text)
            except yaml.YAMLError:
                continue  # a version that did not parse has no facts to compare
    names = _Names(groups or {}, _named_items(list(documents.values()), {}))
    for path, text in sorted(files.items()):
        name = path.rsplit("/", 1)[-1]
        if path in documents:
            for keypath, shown, value in _leaves(documents[path], (), (), names):
                if value is None:
                    continue
                key = name + ":" + "/".join(keypath)
                found[key] = Fact(_label(shown), _text(value), _kind(keypath, value), name)
        elif name.endswith(".md"):
            for heading, body in _sections(text):
                found[f"{name}#{heading}"] = Fact(f"Avsnitt ”{heading}”", body, "text", name)
    return found


def diff(old: dict[str, Fact], new: dict[str, Fact]) -> list[Change]:
    """Every fact added, removed or changed from `old` to `new`, in file and key order."""
    changes = []
    for key in sorted(set(old) | set(new)):
        before, after = old.get(key), new.get(key)
        if before is not None and after is not None and before.value == after.value:
            continue
        shown = after or before
        assert shown is not None
        changes.append(
            Change(key, shown.label, shown.kind, shown.file, before.value if before else None, after.value if after else None)
        )
    return changes


def history(versions: list[tuple[dt.date, str, dict[str, str]]], groups: dict[str, str] | None = None) -> list[ChangeSet]:
    """The change sets of a report's publications (oldest first: date, version, files), newest
    first; the first publication has none."""
    sets = []
    previous: dict[str, Fact] | None = None
    for date, version, files in versions:
        current = facts(files, groups)
        if previous is not None:
            changes = diff(previous, current)
            if changes:
                sets.append(ChangeSet(date, version, changes))
        previous = current
    return list(reversed(sets))
