"""Colours of an organisation's profile, and the contrast rule they must meet (WCAG 2.1, 1.4.3).

WCAG defines contrast from relative luminance: (L1 + 0.05) / (L2 + 0.05), where L is computed
from linearised sRGB. Text needs 4.5:1 against its background (AA); the site puts white text on
the primary colour and the primary colour as text on white, so one ratio against white covers both.
"""

from __future__ import annotations

import re

HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
AA_TEXT_CONTRAST = 4.5


def parse_hex(colour: str) -> tuple[int, int, int]:
    """'#1a5' or '#11aa55' -> (17, 170, 85). The caller has checked HEX_COLOUR."""
    digits = colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def hex_of(rgb: tuple[int, int, int]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02x}" for c in rgb)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


WHITE = (255, 255, 255)


def contrast_with_white(colour: str) -> float:
    return contrast_ratio(parse_hex(colour), WHITE)


def darkened(colour: str, factor: float) -> str:
    """The colour with every channel scaled by `factor` (0–1): the same hue, darker."""
    return hex_of(tuple(c * factor for c in parse_hex(colour)))  # type: ignore[arg-type]  # three channels in, three out


def darkest_passing(colour: str, ratio: float = AA_TEXT_CONTRAST) -> str:
    """The lightest darkening of `colour` that reaches `ratio` against white: a suggestion for an
    organisation whose colour is too light for text."""
    factor = 1.0
    while factor > 0 and contrast_with_white(darkened(colour, factor)) < ratio:
        factor -= 0.02
    return darkened(colour, max(factor, 0.0))
