"""The organisation's profile: its logo is a safe image file next to organisation.yaml, and its
colour is a #RRGGBB whose contrast with white meets WCAG AA (the site writes white text on it)."""

from __future__ import annotations

from typing import Iterator

from followup.errors import Problem, read_regular_bytes
from followup.load.files import check_file_reference
from followup.load.loader import ORGANISATION_FILE, ReportBundle
from followup.model import colours
from followup.model.svgsafety import svg_problem

LOGO_KINDS = {".svg": "SVG", ".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG"}
MAX_LOGO_BYTES = 1_000_000


def logo_kind(data: bytes) -> str | None:
    """'SVG', 'PNG' or 'JPEG' by the file's content (not its name), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    head = data[:1000].lstrip().lower()
    if head.startswith(b"<?xml") or head.startswith(b"<svg") or b"<svg" in head:
        return "SVG"
    return None


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
                f"färgen '{colour}' är ingen färgkod; skriv den som #RRGGBB inom citattecken, t.ex. \"#00558c\"",
            )
        else:
            ratio = colours.contrast_with_white(colour)
            if ratio < colours.AA_TEXT_CONTRAST:
                shown = f"{ratio:.1f}".replace(".", ",")
                yield bundle.problem(
                    ORGANISATION_FILE,
                    keypath,
                    f"färgen {colour} har kontrasten {shown}:1 mot vitt, men text kräver minst 4,5:1 (WCAG AA); "
                    f"välj en mörkare färg, t.ex. {colours.darkest_passing(colour)} (samma nyans, mörkare)",
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
        yield bundle.problem(ORGANISATION_FILE, keypath, message or f"logotypen '{name}' hittas inte i {folder}/")
        return
    suffix = path.suffix.lower()
    if suffix not in LOGO_KINDS:
        yield bundle.problem(
            ORGANISATION_FILE, keypath, f"logotypen '{name}' måste vara en SVG-, PNG- eller JPEG-fil (.svg, .png, .jpg)"
        )
        return
    try:
        data = read_regular_bytes(path)
    except OSError as exc:
        yield bundle.problem(ORGANISATION_FILE, keypath, f"logotypen '{name}' kan inte läsas ({exc.strerror or exc})")
        return
    if len(data) > MAX_LOGO_BYTES:
        yield bundle.problem(ORGANISATION_FILE, keypath, f"logotypen '{name}' är större än 1 MB; spara en mindre bild")
        return
    kind = logo_kind(data)
    if kind != LOGO_KINDS[suffix]:
        yield bundle.problem(
            ORGANISATION_FILE,
            keypath,
            f"logotypen '{name}' är ingen {LOGO_KINDS[suffix]}-bild ({'den ser ut som ' + kind if kind else 'okänt format'}); "
            "spara om bilden i rätt format",
        )
        return
    if kind == "SVG":
        reason = svg_problem(data)
        if reason:
            yield bundle.problem(ORGANISATION_FILE, keypath, f"logotypen '{name}' publiceras inte: {reason}")
