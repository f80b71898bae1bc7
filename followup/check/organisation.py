"""Checks of an organisation's own declarations, run once per organisation: unit codes, groups, scales,
owners' shares, the characters of codes, and the accessibility statement's contact (site-wide)."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator, Sequence

from followup import config
from followup.check.common import duplicate_problems, number_text
from followup.errors import DataErrors, Problem
from followup.load.loader import (
    ORGANISATION_FILE,
    KeyPath,
    Project,
    ReportBundle,
)
from followup.model import symbols
from followup.model.models import DEFAULT_GROUPS, AssessmentLevel, StatusLevel
from followup.model.yamlsource import load_yaml_file

# --- Organisation checks --------------------------------------------------------------------


def check_unit_codes_unique(bundle: ReportBundle) -> Iterator[Problem]:
    units = bundle.organisation.units
    yield from duplicate_problems(
        bundle, "unit code", ((u.code, ORGANISATION_FILE, ("units", i, "code")) for i, u in enumerate(units))
    )


def check_groups_unique(bundle: ReportBundle) -> Iterator[Problem]:
    builtin = {g.id: g for g in DEFAULT_GROUPS}
    for i, group in enumerate(bundle.organisation.groups):
        if group.id in builtin:
            yield bundle.problem(
                ORGANISATION_FILE,
                ("groups", i, "id"),
                f"group '{group.id}' is built in ({', '.join(builtin)}); remove it from 'groups'",
                severity="warning",
            )
    yield from duplicate_problems(
        bundle,
        "group id",
        ((g.id, ORGANISATION_FILE, ("groups", i, "id")) for i, g in enumerate(bundle.organisation.groups)),
    )


def check_organisation_scales(bundle: ReportBundle) -> Iterator[Problem]:
    org = bundle.organisation
    scales: list[tuple[str, Sequence[AssessmentLevel | StatusLevel] | None]] = [
        ("assessment_scale", org.assessment_scale),
        ("status_scale", org.status_scale),
    ]
    for key, scale in scales:
        if scale:
            yield from duplicate_problems(
                bundle, "scale level id", ((lvl.id, ORGANISATION_FILE, (key, i, "id")) for i, lvl in enumerate(scale))
            )
            yield from scale_symbol_problems(bundle, ORGANISATION_FILE, key, scale)


def scale_symbol_problems(
    bundle: ReportBundle, file_name: str, key: str, scale: Sequence[AssessmentLevel | StatusLevel]
) -> Iterator[Problem]:
    """One symbol for two levels only when both declare `shared_symbol: true`; every symbol is one
    the site can show (typed in its fonts or drawn), never an empty box."""
    first: dict[str, AssessmentLevel | StatusLevel] = {}
    for i, level in enumerate(scale):
        symbol = symbols.normalized(level.symbol)
        if not symbols.is_shown(level.symbol):
            yield bundle.problem(
                file_name,
                (key, i, "symbol"),
                f"the symbol '{level.symbol}' of level '{level.id}' is not one the site can draw, and some fonts show it "
                f"as an empty box; use one of ● ◐ ○ ✔ ✕ or {' '.join(sorted(symbols.DRAWN)[:8])} …",
                severity="warning",
            )
        other = first.setdefault(symbol, level)
        if other is not level and not (other.shared_symbol and level.shared_symbol):
            yield bundle.problem(
                file_name,
                (key, i, "symbol"),
                f"level '{level.id}' has the same symbol '{level.symbol}' as level '{other.id}', so a reader cannot tell "
                "them apart; give it its own symbol, or write shared_symbol: true on both levels if the source uses one "
                "symbol for both",
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


SCRIPT_NAMES = {"LATIN": "latinska", "CYRILLIC": "kyrilliska", "GREEK": "grekiska"}


def identifier_problems(bundle: ReportBundle, file_name: str, keypath: KeyPath, text: str, what: str) -> Iterator[Problem]:
    """Hidden characters (error), mixed scripts (warning) and a too long identifier (error)."""
    import unicodedata

    hidden = [c for c in text if unicodedata.category(c) in HIDDEN_CATEGORIES]
    if hidden:
        names = ", ".join(dict.fromkeys(f"U+{ord(c):04X} {unicodedata.name(c, 'okänt tecken')}" for c in hidden))
        yield bundle.problem(
            file_name,
            keypath,
            f"{what} '{_shown_code(text)}' innehåller osynliga tecken eller styrtecken ({names}); "
            "skriv den med vanliga synliga tecken",
        )
    if len(text) > MAX_NAME_LENGTH:
        yield bundle.problem(
            file_name, keypath, f"{what} är för lång ({len(text)} tecken; högst {MAX_NAME_LENGTH} tillåts); korta den"
        )
    scripts = _scripts(text)
    if len(scripts) > 1:
        shown = " och ".join(SCRIPT_NAMES.get(s, s.lower()) for s in scripts)
        yield bundle.problem(
            file_name,
            keypath,
            f"{what} '{_shown_code(text)}' blandar {shown} bokstäver, som kan se likadana ut; skriv den med bara ett alfabet",
            severity="warning",
        )


def check_unit_code_characters(bundle: ReportBundle) -> Iterator[Problem]:
    """Unit codes hold no hidden characters and mix no alphabets (a Cyrillic А looks like A)."""
    for i, unit in enumerate(bundle.organisation.units):
        yield from identifier_problems(bundle, ORGANISATION_FILE, ("units", i, "code"), unit.code, "enhetskoden")


def check_owner_shares(bundle: ReportBundle) -> Iterator[Problem]:
    """A company's owners own at most 100 %."""
    shares = [o.share for o in bundle.organisation.owners if o.share is not None]
    if sum(shares) > 100 + 1e-9:
        yield bundle.problem(
            ORGANISATION_FILE,
            ("owners",),
            f"the owners' shares add up to {number_text(sum(shares))} %, more than 100 %; correct the shares",
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

    message = (
        "the accessibility contact '{email}' is an example address: mail to it reaches nobody, "
        "and readers must be able to report accessibility problems"
    )
    hint = (
        "Give a real e-mail address, or mark the contact 'placeholder: true' if the site is only "
        "an example (the accessibility statement then says the contact is an example)."
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
