"""Scale symbols that common fonts lack (emoji such as 😊 😐 😒 ❌ ✅), drawn instead of typed, so
they never show as an empty box: one path per symbol, in a square from −1 to 1, used for the inline
SVG on pages (and so in the PDF, which prints the pages) and as a custom point shape in charts.

Symbols the site's fonts draw (● ◐ ○ ✔ ➜ …, see `followup.charts.theme.SYMBOL_FACE`) stay text.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Characters the site's fonts draw: Latin text and the usual scale symbols.
TYPED = set("●◐◑◒◓◔◕○◯◎■□▪▫▲△▼▽◆◇◊★☆✔✓✕✗✘✖➜→←↑↓⇄↔⇆–—-+±×?!✎·•")

VARIATION_SELECTOR = "\ufe0f"

_FACE = "M-1 0A1 1 0 1 0 1 0A1 1 0 1 0-1 0Z"
_EYES = "M-0.38-0.3h0.01M0.38-0.3h0.01"
_CIRCLE = "M-0.85 0A0.85 0.85 0 1 0 0.85 0A0.85 0.85 0 1 0-0.85 0Z"
_SQUARE = "M-0.8-0.8H0.8V0.8H-0.8Z"


@dataclass(frozen=True)
class Drawing:
    path: str  # stroked with the text colour
    fill: str | None = None  # a fill colour where the colour is the symbol (🟢)
    name: str = ""  # what it shows, for developers


SMILE = Drawing(f"{_FACE}{_EYES}M-0.5 0.2Q0 0.75 0.5 0.2", name="glad min")
NEUTRAL = Drawing(f"{_FACE}{_EYES}M-0.45 0.4H0.45", name="neutral min")
FROWN = Drawing(f"{_FACE}{_EYES}M-0.5 0.55Q0 0.05 0.5 0.55", name="ledsen min")
CROSS = Drawing("M-0.7-0.7L0.7 0.7M0.7-0.7L-0.7 0.7", name="kryss")
CHECK_BOX = Drawing(f"{_SQUARE}M-0.45 0L-0.1 0.35L0.5-0.35", name="bock i ruta")
STAR = Drawing("M0-0.95L0.24-0.32L0.9-0.29L0.38 0.12L0.56 0.77L0 0.4L-0.56 0.77L-0.38 0.12L-0.9-0.29L-0.24-0.32Z", name="stjärna")


def _disc(colour: str, name: str) -> Drawing:
    return Drawing(_CIRCLE, colour, name)


def _block(colour: str, name: str) -> Drawing:
    return Drawing(_SQUARE, colour, name)


DRAWN: dict[str, Drawing] = {
    **{s: SMILE for s in "😊🙂😀😃😄☺😁"},
    "😐": NEUTRAL,
    "😑": NEUTRAL,
    **{s: FROWN for s in "😒🙁☹😞😟😕😢"},
    "❌": CROSS,
    "❎": CROSS,
    "✅": CHECK_BOX,
    "☑": CHECK_BOX,
    "⭐": STAR,
    "🟢": _disc("#009E73", "grön cirkel"),
    "🟡": _disc("#F0E442", "gul cirkel"),
    "🟠": _disc("#E69F00", "orange cirkel"),
    "🔴": _disc("#D55E00", "röd cirkel"),
    "🔵": _disc("#0072B2", "blå cirkel"),
    "⚪": _disc("#FFFFFF", "vit cirkel"),
    "⚫": _disc("#000000", "svart cirkel"),
    "🟩": _block("#009E73", "grön ruta"),
    "🟨": _block("#F0E442", "gul ruta"),
    "🟧": _block("#E69F00", "orange ruta"),
    "🟥": _block("#D55E00", "röd ruta"),
}


def normalized(symbol: str) -> str:
    return symbol.replace(VARIATION_SELECTOR, "").strip()


def drawing(symbol: str) -> Drawing | None:
    """The drawing of a symbol the fonts may lack, or None when it is typed as text."""
    return DRAWN.get(normalized(symbol))


def is_typed(symbol: str) -> bool:
    """Whether the site's fonts draw the symbol as text (letters, digits and the usual symbols)."""
    return all(ch in TYPED or ch.isspace() or (ch.isalnum() and ord(ch) < 0x2000) for ch in normalized(symbol))


def is_shown(symbol: str) -> bool:
    """Typed or drawn: the symbol never shows as an empty box."""
    return is_typed(symbol) or drawing(symbol) is not None


def svg(symbol: str) -> str | None:
    """Inline SVG for a drawn symbol (1em, the text colour), or None when the symbol is typed."""
    found = drawing(symbol)
    if found is None:
        return None
    fill = found.fill or "none"
    return (
        '<svg class="symbol" viewBox="-1.2 -1.2 2.4 2.4" width="1em" height="1em" aria-hidden="true" focusable="false">'
        f'<path d="{found.path}" fill="{fill}" fill-rule="evenodd" stroke="currentColor" stroke-width="0.2" '
        'stroke-linecap="round" stroke-linejoin="round"/></svg>'
    )


def text_symbol(symbol: str) -> str:
    """The symbol where only text can go (chart labels, CSV): itself when typed, else nothing (the
    level's word says it)."""
    return symbol if is_typed(symbol) else ""
