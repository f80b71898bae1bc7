"""The Swedish words the pages use for codes in the data: document types, statuses and their banners,
the origin and direction of values, note kinds, and the accessibility statement's compliance texts."""

from __future__ import annotations

from typing import Any

from followup.site.urls import slugify


class _Capitalised(dict):
    """Labels of document types and statuses: the word itself, capitalised (an organisation may
    declare its own document types)."""

    def __missing__(self, key: str) -> str:
        return str(key)[:1].upper() + str(key)[1:]


DOCUMENT_TYPES = _Capitalised()
STATUS_LABELS = _Capitalised({"förslag": "Förslag till beslut"})
#: The notice on every page of a report that is not adopted (drawn by the theme from page_info).
STATUS_BANNERS = {
    "utkast": (
        "UTKAST",
        "Rapporten är ett utkast. Den publiceras inte förrän dess status ändras (eller bygget körs med --utkast).",
    ),
    "förslag": (
        "Förslag till beslut",
        "Rapporten är ett förslag till beslut. Nämnden eller styrelsen har ännu inte fattat beslut om den.",
    ),
}
UNPUBLISHED_BANNER = ("PUBLICERAS INTE", "Rapporten har publish: false i report.yaml och publiceras inte.")
ORIGIN_LABELS = {
    "planned": "Planerad från start",
    "added": "Tillkommen under projektet",
    "proposed_action": "Föreslagen åtgärd",
    "other": "Övrig",
}
DIRECTION_LABELS = {
    "higher_is_better": "Högre värde är bättre",
    "lower_is_better": "Lägre värde är bättre",
    "neutral": "Varken högre eller lägre värde är bättre",
}
#: The accessibility statement's compliance wording (DIGG's model statement, lagen (2018:1937)).
COMPLIANCE_FULL = "helt förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service"
COMPLIANCE_PARTIAL = "delvis förenlig med lagen (2018:1937) om tillgänglighet till digital offentlig service"

#: Content of every built site that is not fully accessible, and why; only what is true of the
#: pages this tool makes (mkdocs.yml `extra.accessibility_statement.shortcomings` adds a site's own).
KNOWN_SHORTCOMINGS: list[dict[str, str | None]] = [
    {
        "title": "Diagram är bilder",
        "text": "Diagrammen är bilder: en skärmläsare kan inte läsa diagrammets enskilda värden, "
        "och färgerna kan vara svåra att skilja åt. Varje diagram har därför en textbeskrivning, "
        "en tabell med samma uppgifter och en CSV-fil att ladda ner.",
    },
    {
        "title": "Breda tabeller på små skärmar",
        "text": "Tabeller med många kolumner får inte plats på en mobilskärm och måste svepas i "
        "sidled för att visas i sin helhet.",
    },
    {
        "title": "Källdokumentens text",
        "text": "Rapporternas text återges som källdokumenten skriver den, med deras förkortningar "
        "och rubriker. Dokument som bifogas rapporterna (bilagor) publiceras inte på webbplatsen; "
        "kontakta oss om du behöver dem.",
    },
]

NOTE_KINDS = {"discrepancy": "Motsägelse i källan", "correction": "Rättelse", "note": "Anmärkning"}


def status_banner(report: Any) -> dict[str, Any]:
    """{"status_banner": {...}} for a report page whose report is not adopted, else {} (page_info
    of adopted reports stays as it was)."""
    if not getattr(report, "publish", True):
        label, text = UNPUBLISHED_BANNER
        kind = "ej-publicerad"
    elif report.status in STATUS_BANNERS:
        label, text = STATUS_BANNERS[report.status]
        kind = report.status
    else:
        return {}
    return {"status_banner": {"kind": slugify(kind), "label": label, "text": text}}
