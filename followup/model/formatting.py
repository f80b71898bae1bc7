"""Swedish number, amount and date formatting for the site (Babel, locale sv_SE).

Every number a page shows goes through this module, so the site is consistent:

    7,77 · 295 591 (NBSP as group separator) · 6,5 % (NBSP before %) · −13 225 (U+2212)
    +28 000 (signed differences) · 11 785 000 kr · −342 tkr · 2024-01-29

Rounding is half-up on the decimal value as written (7,775 → 7,78), never binary float
rounding, and a value that rounds to zero never shows as "−0".

`register_filters(env)` installs the functions as Jinja2 filters.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, getcontext, localcontext
from typing import Any

from babel import Locale
from babel.numbers import parse_pattern

LOCALE = "sv_SE"
_LOCALE = Locale.parse(LOCALE)
MINUS = "\u2212"
NBSP = "\u00a0"
PLUS = "+"

#: Most decimals shown when a value does not say how many it has (a computed mean).
DEFAULT_MAX_DECIMALS = 2

# Suffix per MeasureUnit (see followup.models.MeasureUnit); None = a bare number.
UNIT_SUFFIX: dict[str, str | None] = {
    "percent": "%",
    "percentage_points": "procentenheter",
    "index": None,
    "score": None,
    "sek": "kr",
    "tkr": "tkr",
    "mnkr": "mnkr",
    "count": None,
    "ratio": None,
    "days": "dagar",
    "hours": "timmar",
    "none": None,
}

# Spoken names of units, e.g. for table headers ("Belopp (kr)").
UNIT_LABEL: dict[str, str] = {
    "percent": "procent",
    "percentage_points": "procentenheter",
    "index": "index",
    "score": "poäng",
    "sek": "kronor",
    "tkr": "tusen kronor",
    "mnkr": "miljoner kronor",
    "count": "antal",
    "ratio": "kvot",
    "days": "dagar",
    "hours": "timmar",
    "none": "",
}


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if hasattr(value, "value") and not isinstance(value, (int, float)):
        value = value.value  # a StatedNumber
    try:
        # str() gives the shortest repr of a float, so 7.775 stays 7.775 (not 7.77499999…).
        return Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:  # pragma: no cover - defensive
        raise TypeError(f"not a number: {value!r}") from exc


def natural_decimals(value: Any, max_decimals: int = DEFAULT_MAX_DECIMALS) -> int:
    """How many decimals `value` needs (trailing zeros dropped), at most `max_decimals`."""
    d = _to_decimal(value)
    if not d.is_finite():
        return 0
    d = _quantized(d, max_decimals).normalize()
    exponent = d.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _round(value: Any, decimals: int) -> Decimal:
    return _quantized(_to_decimal(value), decimals)


def _quantized(d: Decimal, decimals: int) -> Decimal:
    """`d` rounded half up to `decimals`."""
    with _digits_for(d, decimals):
        return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _digits_for(d: Decimal, decimals: int) -> Any:
    """A decimal context with as many digits as `d` with `decimals` takes: the default 28 cannot hold
    a computed 1e70 (a difference in percent of a budget of 1e-67), and rounding it would raise."""
    needed = max(d.adjusted(), 0) + decimals + 2 if d.is_finite() else 0
    if needed <= getcontext().prec:
        return contextlib.nullcontext()  # every number a report states: no new context per number
    context = getcontext().copy()
    context.prec = needed
    return localcontext(context)


@functools.lru_cache(maxsize=None)
def _number_pattern(decimals: int) -> Any:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals > 0 else ""))


@functools.lru_cache(maxsize=65536)
def _grouped(magnitude: Decimal, decimals: int) -> str:
    """Babel's sv_SE digits of a non-negative rounded number, NBSP between groups of three.

    Cached, with the pattern parsed once: a report shows the same numbers on several pages,
    and Babel's formatting was a third of rendering the pages (measured).
    """
    text = _number_pattern(decimals).apply(magnitude, _LOCALE, decimal_quantization=True)
    return text.replace(" ", NBSP).replace("\u202f", NBSP)


def format_number(value: Any, decimals: int | None = None, *, signed: bool = False) -> str:
    """`295591` → `295 591`; `7.77` → `7,77`; `-13225` → `−13 225`; `signed=True` adds `+`.

    `decimals=None` shows the value's own decimals (at most two); a StatedNumber's
    stated decimals are used when it has them.
    """
    if value is None:
        return "–"
    if decimals is None:
        stated = getattr(value, "decimals", None)
        decimals = stated if isinstance(stated, int) else natural_decimals(value)
    rounded = _round(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)  # no "−0"
    with _digits_for(rounded, decimals):  # Babel rounds too
        text = _grouped(abs(rounded), decimals)
    if rounded < 0:
        return MINUS + text
    if signed and rounded > 0:
        return PLUS + text
    if signed and rounded == 0:
        return "±" + text
    return text


def format_signed(value: Any, decimals: int | None = None) -> str:
    """A difference: `+28 000`, `−342`, `±0`."""
    return format_number(value, decimals, signed=True)


def format_percent(value: Any, decimals: int | None = None, *, signed: bool = False) -> str:
    """A value already in percent: `6.5` → `6,5 %` (NBSP before the sign)."""
    if value is None:
        return "–"
    return format_number(value, decimals, signed=signed) + NBSP + "%"


def format_share(part: Any, whole: Any = None, decimals: int = 0) -> str:
    """A share as percent: `format_share(0.67)` → `67 %`; `format_share(2, 3)` → `67 %`."""
    if part is None:
        return "–"
    if whole is not None:
        if not whole:
            return "–"
        ratio = _to_decimal(part) / _to_decimal(whole)
    else:
        ratio = _to_decimal(part)
    return format_percent(ratio * 100, decimals)


def format_value(
    value: Any,
    unit: str | None = "none",
    decimals: int | None = None,
    *,
    signed: bool = False,
) -> str:
    """A value in its MeasureUnit: `6,5 %`, `11 785 000 kr`, `−342 tkr`, `7,77`, `12 dagar`.

    `signed=True` only adds the sign (`+0,49 %`); for the change of a value use
    `format_difference`, which shows a change of a percent value in procentenheter.
    """
    if value is None:
        return "–"
    unit = unit or "none"
    number = format_number(value, decimals, signed=signed)
    # A unit that is not built in is one the organisation declared by its label (ton CO₂e).
    suffix = UNIT_SUFFIX[unit] if unit in UNIT_SUFFIX else unit
    if suffix is None:
        return number
    if unit in ("days", "hours") and abs(_to_decimal(value)) == 1:
        suffix = "dag" if unit == "days" else "timme"
    return number + NBSP + suffix


def format_sek(value: Any, decimals: int = 0, *, signed: bool = False) -> str:
    """An amount in kronor: `11 785 000 kr`, signed `+28 000 kr`."""
    return format_value(value, "sek", decimals, signed=signed)


def format_difference(value: Any, unit: str | None = "none", decimals: int | None = None) -> str:
    """A signed difference in a unit: `+28 000 kr`, `−0,4 procentenheter`, `+1,2`.

    The difference of two percent values is in percentage points (procentenheter)."""
    if unit == "percent":
        unit = "percentage_points"
    return format_value(value, unit, decimals, signed=True)


def format_date(value: Any) -> str:
    """ISO dates: `2024-01-29`. Accepts a date, datetime or ISO string."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


#: Words for a distance in a unit whose values carry no suffix (`1 från målet` says nothing).
DISTANCE_WORDS: dict[str, tuple[str, str]] = {
    "index": ("indexenhet", "indexenheter"),
    "score": ("poäng", "poäng"),
    "count": ("st.", "st."),
}


def format_distance(value: Any, unit: str | None = "none", decimals: int | None = None) -> str:
    """A distance (to a target) with its unit always named: `0,5 procentenheter`, `1 indexenhet`,
    `3 poäng`; a unit with a suffix is shown as format_value shows it."""
    unit = unit or "none"
    if value is None or unit not in DISTANCE_WORDS:
        return format_value(value, unit, decimals)
    singular, plural = DISTANCE_WORDS[unit]
    return format_number(value, decimals) + NBSP + (singular if abs(_to_decimal(value)) == 1 else plural)


def format_long_date(value: Any) -> str:
    """A date as readers write it: `8 november 2026`. Accepts a date, datetime or ISO string;
    anything else is shown as given."""
    if value is None:
        return "–"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dt.date):
        from babel.dates import format_date as babel_date

        return babel_date(value, "d MMMM y", locale="sv_SE")
    return str(value)


def format_count_phrase(count: int, singular: str, plural: str) -> str:
    """`1 leverans`, `15 leveranser`."""
    return f"{format_number(count, 0)}{NBSP}{singular if count == 1 else plural}"


def format_of(part: int, whole: int, noun_plural: str, verb: str) -> str:
    """`2 av 3 mål uppnådda` (the phrase the goal and deliverable summaries use)."""
    return f"{format_number(part, 0)} av {format_number(whole, 0)} {noun_plural} {verb}"


def unit_suffix(unit: str | None) -> str:
    """The suffix shown after a number of this unit, or "" (for table headers)."""
    unit = unit or "none"
    return (UNIT_SUFFIX[unit] if unit in UNIT_SUFFIX else unit) or ""


def unit_label(unit: str | None) -> str:
    unit = unit or "none"
    return UNIT_LABEL[unit] if unit in UNIT_LABEL else unit


def unit_may_wrap(text: str) -> str:
    """A long unit word after a number may go to the next line in a narrow box ("0,8" above
    "procentenheter"), never breaking inside the word; short units (%, kr) stay with the number."""
    return re.sub("\u00a0(?=[A-Za-zÅÄÖåäö][^\\d\u00a0]{3,}$)", " ", str(text))


FILTERS = {
    "unit_may_wrap": unit_may_wrap,
    "number": format_number,
    "signed": format_signed,
    "percent": format_percent,
    "share": format_share,
    "value": format_value,
    "sek": format_sek,
    "difference": format_difference,
    "isodate": format_date,
    "longdate": format_long_date,
    "distance": format_distance,
    "unit_suffix": unit_suffix,
    "unit_label": unit_label,
}


def register_filters(env: Any) -> None:
    """Install the formatting functions as Jinja2 filters (`{{ x | number(2) }}`)."""
    env.filters.update(FILTERS)
