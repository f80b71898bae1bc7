"""The language of the tool's messages: Swedish for communicators, English for developers.

Every message a communicator sees is written in Swedish in the code and wrapped in `_()`:

    from followup.i18n import _, ngettext
    _("okänd nyckel '{key}'; tillåtna är: {keys}").format(key=key, keys=keys)
    ngettext("{n} fel", "{n} fel", n).format(n=n)

The Swedish text is the msgid, so a developer can grep the code for a message a communicator
reports. English lives in a gettext catalogue, followup/locale/en/LC_MESSAGES/followup.po
(`make messages` extracts the template and updates it; doc/messages.md). Never put an f-string
inside `_()`: the extractor needs the literal text, and the catalogue would never match.

Swedish is the default whatever the machine's LANG says: a Swedish communicator often has an
English operating system, and the tool's users are Swedish. English is chosen explicitly, with
`--lang en` or FOLLOWUP_LANG=en.

argparse's own words ("usage:", "error:", "invalid choice", "unrecognized arguments", …) are
English msgids of the standard library; a second domain, followup/locale/sv/LC_MESSAGES/argparse.po,
translates them to Swedish, and `set_language` points argparse's module-level `_`/`ngettext` (the
names it imported from gettext) at the catalogue of the chosen language.

This module sits at the bottom of the layers (standard library, plus Babel when the compiled
catalogue is missing), so every stage can use it.
"""

from __future__ import annotations

import argparse
import gettext
import io
import os
from pathlib import Path

DOMAIN = "followup"
#: The domain of argparse's own (English) messages, translated to Swedish.
ARGPARSE_DOMAIN = "argparse"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("sv", "en")
DEFAULT_LANGUAGE = "sv"
ENV_VARIABLE = "FOLLOWUP_LANG"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _load(language: str, domain: str = DOMAIN) -> gettext.NullTranslations:
    """The catalogue of one language and domain; NullTranslations (the msgids themselves) where the
    language has none: Swedish for the tool's messages, English for argparse's. The compiled .mo is
    read when it exists and is current (`make venv` and the wheel compile it); a fresh clone without
    it reads the .po instead, so a message never silently falls back to the msgid and nothing crashes."""
    folder = LOCALE_DIR / language / "LC_MESSAGES"
    mo = folder / f"{domain}.mo"
    po = folder / f"{domain}.po"
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as fh:
            return gettext.GNUTranslations(fh)
    if not po.is_file():
        return gettext.NullTranslations()
    from babel.messages.mofile import write_mo  # deferred: only when the compiled catalogue is missing or stale
    from babel.messages.pofile import read_po

    with po.open("rb") as fh:
        catalog = read_po(fh, locale=language, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def normalise(language: str | None) -> str:
    """'en', 'en_GB.UTF-8', 'EN' -> 'en'; anything unknown or empty -> Swedish."""
    code = (language or "").strip().lower().replace("-", "_").split(".")[0].split("_")[0]
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def set_language(language: str | None) -> str:
    """Switch every later message to `language` ("sv" or "en"); return the language chosen."""
    global _translations, _language
    _language = normalise(language)
    _translations = _load(_language) if _language != DEFAULT_LANGUAGE else gettext.NullTranslations()
    _point_argparse_at(_load(_language, ARGPARSE_DOMAIN))
    return _language


def _point_argparse_at(translations: gettext.NullTranslations) -> None:
    """argparse translates its words through the module-level `_` and `ngettext` it imported from
    gettext (`from gettext import gettext as _, ngettext`), looked up when a message is made: rebinding
    them gives its usage, errors and help titles in our language, without subclassing the parser."""
    argparse._ = translations.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translations.ngettext  # type: ignore[attr-defined]


def language() -> str:
    return _language


def _(message: str) -> str:
    """The message in the current language (the Swedish msgid itself in Swedish)."""
    return _translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    return _translations.ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalogue without translating it (a table built at import time);
    pass it through `_()` where it is shown."""
    return message


set_language(os.environ.get(ENV_VARIABLE))
