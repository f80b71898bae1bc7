"""Checks of an organisation's own declarations, run once per organisation: unit codes, groups, scales,
owners' shares, the characters of codes, and the accessibility statement's contact (site-wide)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from followup import config
from followup.check.common import duplicate_problems, number_text
from followup.errors import DataErrors, Problem
from followup.i18n import N_, _
from followup.load.loader import (
    ORGANISATION_FILE,
    KeyPath,
    Project,
    ReportBundle,
)
from followup.model import symbols
from followup.model.models import DEFAULT_GROUPS, ScaleLevel
from followup.model.yamlsource import load_yaml_file

# --- Organisation checks --------------------------------------------------------------------


def check_unit_codes_unique(bundle: ReportBundle) -> Iterator[Problem]:
    units = bundle.organisation.units
    yield from duplicate_problems(
        bundle,
        _("enhetskod"),
        ((u.code, ORGANISATION_FILE, ("units", i, "code")) for i, u in enumerate(units)),
        is_id=False,
    )


def check_groups_unique(bundle: ReportBundle) -> Iterator[Problem]:
    builtin = {g.id: g for g in DEFAULT_GROUPS}
    for i, group in enumerate(bundle.organisation.groups):
        if group.id in builtin:
            yield bundle.problem(
                ORGANISATION_FILE,
                ("groups", i, "id"),
                _("gruppen '{group}' finns redan inbyggd ({builtin}); ta bort den från 'groups'").format(
                    group=group.id, builtin=", ".join(builtin)
                ),
                severity="warning",
            )
    yield from duplicate_problems(
        bundle,
        _("id för en grupp"),
        ((g.id, ORGANISATION_FILE, ("groups", i, "id")) for i, g in enumerate(bundle.organisation.groups)),
    )


def check_organisation_scales(bundle: ReportBundle) -> Iterator[Problem]:
    org = bundle.organisation
    scales: list[tuple[str, Sequence[ScaleLevel] | None]] = [
        ("assessment_scale", org.assessment_scale),
        ("status_scale", org.status_scale),
    ]
    for key, scale in scales:
        if scale:
            yield from duplicate_problems(
                bundle, _("id för en skalnivå"), ((lvl.id, ORGANISATION_FILE, (key, i, "id")) for i, lvl in enumerate(scale))
            )
            yield from scale_symbol_problems(bundle, ORGANISATION_FILE, key, scale)


def scale_symbol_problems(bundle: ReportBundle, file_name: str, key: str, scale: Sequence[ScaleLevel]) -> Iterator[Problem]:
    """One symbol for two levels only when both declare `shared_symbol: true`; every symbol is one
    the site can show (typed in its fonts or drawn), never an empty box."""
    first: dict[str, ScaleLevel] = {}
    for i, level in enumerate(scale):
        symbol = symbols.normalized(level.symbol)
        if not symbols.is_shown(level.symbol):
            yield bundle.problem(
                file_name,
                (key, i, "symbol"),
                _(
                    "symbolen '{symbol}' för nivån '{level}' kan inte ritas av webbplatsen, och en del typsnitt visar den "
                    "som en tom ruta; använd någon av ● ◐ ○ ✔ ✕ eller {drawn} …"
                ).format(symbol=level.symbol, level=level.id, drawn=" ".join(sorted(symbols.DRAWN)[:8])),
                severity="warning",
            )
        other = first.setdefault(symbol, level)
        if other is not level and not (other.shared_symbol and level.shared_symbol):
            yield bundle.problem(
                file_name,
                (key, i, "symbol"),
                _(
                    "nivån '{level}' har samma symbol '{symbol}' som nivån '{other}', så en läsare kan inte skilja dem åt; "
                    "ge den en egen symbol, eller skriv shared_symbol: true på båda nivåerna om källan använder en "
                    "symbol för båda"
                ).format(level=level.id, symbol=level.symbol, other=other.id),
            )


#: Unicode categories never allowed in an identifier: control, format (zero-width space, RLO, …),
#: private use, surrogates, unassigned, line and paragraph separators.
HIDDEN_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn", "Zl", "Zp"}
#: Longest identifier or file name accepted (ids end up in file names; 255 bytes is the usual limit).
MAX_NAME_LENGTH = 100


def _shown_code(text: str) -> str:
    """The text with every hidden character written as <U+XXXX>, so the message shows it."""
    import unicodedata

    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in HIDDEN_CATEGORIES else c for c in text)


def _scripts(text: str) -> list[str]:
    """The writing systems of the letters in text (LATIN, CYRILLIC, GREEK, …), in order of appearance."""
    import unicodedata

    found: dict[str, None] = {}
    for c in text:
        if c.isalpha():
            found.setdefault(unicodedata.name(c, "UNKNOWN").split(" ")[0], None)
    return list(found)


SCRIPT_NAMES = {"LATIN": N_("latinska"), "CYRILLIC": N_("kyrilliska"), "GREEK": N_("grekiska")}


def identifier_problems(bundle: ReportBundle, file_name: str, keypath: KeyPath, text: str, what: str) -> Iterator[Problem]:
    """Hidden characters (error), mixed scripts (warning) and a too long identifier (error). `what` is
    the translated name of the identifier ("enhetskoden")."""
    import unicodedata

    hidden = [c for c in text if unicodedata.category(c) in HIDDEN_CATEGORIES]
    if hidden:
        unknown = _("okänt tecken")
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, unknown)}" for c in hidden))
        yield bundle.problem(
            file_name,
            keypath,
            _(
                "{what} '{text}' innehåller osynliga tecken eller styrtecken ({names}); skriv den med vanliga synliga tecken"
            ).format(what=what, text=_shown_code(text), names=names),
        )
    if len(text) > MAX_NAME_LENGTH:
        yield bundle.problem(
            file_name,
            keypath,
            _("{what} är för lång ({length} tecken; högst {limit} tillåts); korta den").format(
                what=what, length=len(text), limit=MAX_NAME_LENGTH
            ),
        )
    scripts = _scripts(text)
    if len(scripts) > 1:
        shown = _(" och ").join(_(SCRIPT_NAMES[s]) if s in SCRIPT_NAMES else s.lower() for s in scripts)
        yield bundle.problem(
            file_name,
            keypath,
            _("{what} '{text}' blandar {scripts} bokstäver, som kan se likadana ut; skriv den med bara ett alfabet").format(
                what=what, text=_shown_code(text), scripts=shown
            ),
            severity="warning",
        )


def check_unit_code_characters(bundle: ReportBundle) -> Iterator[Problem]:
    """Unit codes hold no hidden characters and mix no alphabets (a Cyrillic А looks like A)."""
    for i, unit in enumerate(bundle.organisation.units):
        yield from identifier_problems(bundle, ORGANISATION_FILE, ("units", i, "code"), unit.code, _("enhetskoden"))


def check_owner_shares(bundle: ReportBundle) -> Iterator[Problem]:
    """A company's owners own at most 100 %."""
    shares = [o.share for o in bundle.organisation.owners if o.share is not None]
    if sum(shares) > 100 + 1e-9:
        yield bundle.problem(
            ORGANISATION_FILE,
            ("owners",),
            _("ägarnas andelar blir tillsammans {total} %, mer än 100 %; rätta andelarna").format(total=number_text(sum(shares))),
        )


# --- The accessibility statement's contact ------------------------------------------------------


def check_accessibility_contacts(project: Project, *, publishing: bool) -> list[Problem]:
    """An example address (`….example`) as the contact of the accessibility statement.

    Readers must be able to report accessibility problems, and mail to a reserved example domain
    reaches nobody. `check` warns; `build` (publishing=True) stops when a report that is not a
    draft would be published with it. A contact marked `placeholder: true` is a declared example
    (the page says so) and passes.
    """

    problems: list[Problem] = []
    not_draft = {b.org_id for b in project.reports if b.report.status != "utkast"}

    def severity(org_ids: set[str]) -> str:
        return "error" if publishing and org_ids & not_draft else "warning"

    message = _(
        "tillgänglighetskontakten '{email}' är en exempeladress: e-post dit når ingen, "
        "och läsarna måste kunna rapportera brister i tillgängligheten"
    )
    hint = _(
        "Ange en riktig e-postadress, eller markera kontakten med 'placeholder: true' om webbplatsen bara "
        "är ett exempel (tillgänglighetsredogörelsen säger då att kontakten är ett exempel)."
    )
    config_file = config.config_file_for(Path(project.root))
    contact = config.read_site_config(config_file).accessibility_contact
    if isinstance(contact, dict) and config.is_example_address(contact.get("email")) and not contact.get("placeholder"):
        try:
            doc = load_yaml_file(config_file, Path(project.root))
        except DataErrors:  # MkDocs reports an unreadable mkdocs.yml itself
            doc = None
        keypath = ("extra", "accessibility_contact", "email")
        level = severity({b.org_id for b in project.reports})
        text = message.format(email=contact["email"])
        if doc is not None:
            problems.append(doc.problem(keypath, text, severity=level, hint=hint))
        else:
            problems.append(Problem(str(config_file), 1, 1, text, level, hint))  # type: ignore[arg-type]
    seen: set[str] = set()
    for bundle in project.reports:
        if bundle.org_id in seen:
            continue
        seen.add(bundle.org_id)
        own = bundle.organisation.accessibility_contact
        if own is not None and config.is_example_address(own.email) and not own.placeholder:
            problems.append(
                bundle.problem(
                    ORGANISATION_FILE,
                    ("accessibility_contact", "email"),
                    message.format(email=own.email),
                    severity=severity({bundle.org_id}),
                    hint=hint,
                )
            )
    return problems
