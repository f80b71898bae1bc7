"""The organisation's profile: its logo is a safe image file next to organisation.yaml, and its
colour is a #RRGGBB whose contrast with white meets WCAG AA (the site writes white text on it)."""

from __future__ import annotations

from typing import Iterator

from followup.check.images import image_problem
from followup.errors import Problem
from followup.i18n import _
from followup.load.files import check_file_reference
from followup.load.loader import LOGO_SUFFIXES, ORGANISATION_FILE, ReportBundle
from followup.model import colours


def check_branding(bundle: ReportBundle) -> Iterator[Problem]:
    branding = bundle.organisation.branding
    if branding is None:
        return
    colour = branding.colour
    if colour is not None:
        keypath = ("branding", "colour")
        if not colours.HEX_COLOUR.match(colour):
            yield bundle.problem(
                ORGANISATION_FILE,
                keypath,
                _("färgen '{colour}' är ingen färgkod; skriv den som #RRGGBB inom citattecken, t.ex. \"#00558c\"").format(
                    colour=colour
                ),
            )
        else:
            ratio = colours.contrast_with_white(colour)
            if ratio < colours.AA_TEXT_CONTRAST:
                shown = f"{ratio:.1f}".replace(".", ",")
                yield bundle.problem(
                    ORGANISATION_FILE,
                    keypath,
                    _(
                        "färgen {colour} har kontrasten {shown}:1 mot vitt, men text kräver minst 4,5:1 (WCAG AA); välj en "
                        "mörkare färg, t.ex. {suggestion} (samma nyans, mörkare)"
                    ).format(colour=colour, shown=shown, suggestion=colours.darkest_passing(colour)),
                )
    if branding.logo is not None:
        yield from _logo_problems(bundle, branding.logo)


def _logo_problems(bundle: ReportBundle, name: str) -> Iterator[Problem]:
    keypath = ("branding", "logo")
    folder = f"data/{bundle.org_id}"
    if bundle.root is None:  # a bundle made in memory (tests) has no files to look at
        return
    path, message = check_file_reference(bundle.root, folder, name)
    if path is None:
        yield bundle.problem(
            ORGANISATION_FILE,
            keypath,
            message or _("logotypen '{name}' hittas inte i {folder}/").format(name=name, folder=folder),
        )
        return
    if path.suffix.lower() not in LOGO_SUFFIXES:  # Word and PDF take these three
        yield bundle.problem(
            ORGANISATION_FILE,
            keypath,
            _("logotypen '{name}' måste vara en SVG-, PNG- eller JPEG-fil (.svg, .png, .jpg)").format(name=name),
        )
        return
    # The same rules as for pictures in content pages: the content is the kind its name says,
    # not too big, and an SVG runs no code and fetches nothing.
    problem = image_problem(path, name)
    if problem:
        yield bundle.problem(ORGANISATION_FILE, keypath, problem)
