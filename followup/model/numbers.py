"""Read numbers written the Swedish way, and remember how precisely they were stated.

Report authors copy numbers from Swedish documents: `7,77`, `295 591` (with a space, a
no-break space U+00A0, a narrow no-break space U+202F or a thin space U+2009 between the
thousands), `−13 225` (a real minus sign U+2212, or an en dash `– 342 000` as typeset reports
use), `+28 000`, `6,5 %`. Such text must never be silently kept as text, so it is either
converted here or rejected with a message showing how to write it.

The choices:

* A comma is the decimal separator (`7,77`); a point is accepted too (`7.77`), since YAML's
  own numbers use it. Both at once (`1.234,5`, `1,234.5`) is ambiguous and rejected, as is
  grouping that is not in threes (`29 5591`). Thousands are separated by spaces only.
* A percent sign is accepted only where the caller allows it (`percent=True`), and the result
  is the number as written: `6,5 %` is 6.5, not 0.065. Unit words (`SEK`, `kr`, `tkr`) are
  accepted only where the caller lists them in `units`.
* The result is an `int` when no decimals are written and a `float` otherwise. Real YAML
  numbers pass through unchanged, except that booleans, NaN and infinities are rejected.

Consistency checks compare a stated total with a recomputed one within the precision the
source used: `parse_stated_number` keeps the number of decimals written (`7,77` has 2, so it
is checked to ±0.005). Formatting numbers for the site is done with Babel elsewhere.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable

from followup.i18n import N_, _
from followup.model.textvalues import text_value_schema

#: Digits allowed before the decimal point in number text (10^15: as validate.MAX_MAGNITUDE).
MAX_DIGITS = 16

#: How to write a number (marked for the catalogue: show it with `_(FIX)`).
FIX = N_("skriv decimaler med komma (7,77) eller punkt (7.77), och tusental med mellanslag (295 591)")

_SPACES = " \u00a0\u202f\u2009"
_MINUS = "\\-\u2212\u2013"  # hyphen-minus (escaped for use in [...]), minus sign, en dash
_NUMBER = re.compile(
    rf"(?P<sign>[+{_MINUS}]?)[{_SPACES}]*"
    rf"(?P<int>[0-9]{{1,3}}(?:[{_SPACES}][0-9]{{3}})+|[0-9]+)"
    r"(?:[.,](?P<frac>[0-9]+))?"
)
_SUFFIX = re.compile(rf"^(?P<body>.*?)[{_SPACES}]*(?P<suffix>%|[A-Za-zÅÄÖåäö]+\.?)$", re.DOTALL)
#: "7/10": a share written as a fraction, which is no number (the message shows the ways to write it).
_RATIO = re.compile(rf"(?P<part>[0-9]+)[{_SPACES}]*/[{_SPACES}]*(?P<whole>[0-9]+)")


@dataclass(frozen=True)
class StatedNumber:
    """A number as a source states it: its value, the decimals written, and the original text.

    `unit` is the percent sign or unit word written after the number (`'%'`, `'tkr'`), if any.
    """

    value: float
    decimals: int
    text: str
    unit: str | None = None

    @property
    def tolerance(self) -> float:
        """Half a unit in the last stated decimal: 7,77 stands for anything in 7.765 … 7.775."""
        return 0.5 * 10.0**-self.decimals

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        return self.text

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Lets pydantic models use StatedNumber fields: input as in parse_stated_number."""
        return text_value_schema(cls, parse_stated_number, lambda s: s.text)


def _reject_special(value: Any) -> None:
    if isinstance(value, bool):
        raise ValueError(_("{value} är ett ja/nej-värde, inte ett tal; skriv ett tal").format(value=str(value).lower()))
    if isinstance(value, float) and math.isnan(value):
        raise ValueError(_("NaN är inget tal; skriv värdet, eller utelämna det och ange varför det saknas"))
    if isinstance(value, float) and math.isinf(value):
        raise ValueError(_("ett oändligt värde är inte tillåtet; skriv ett ändligt tal"))


def _decimals_of_float(value: float) -> int:
    exponent = Decimal(repr(value)).as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def parse_stated_number(value: Any, *, percent: bool = False, units: Iterable[str] = ()) -> StatedNumber:
    """Parse a YAML number or Swedish number text, keeping the number of decimals written.

    Raises ValueError with a message that shows how to write the number.
    """
    _reject_special(value)
    if isinstance(value, int):
        return StatedNumber(value, 0, str(value))
    if isinstance(value, float):
        return StatedNumber(value, _decimals_of_float(value), repr(value))
    if not isinstance(value, str):
        if value is None:
            raise ValueError(_("här ska stå ett tal, men här står ingenting"))
        raise ValueError(_("här ska stå ett tal, men här står ett värde av typen {name}").format(name=type(value).__name__))

    text = value.strip(_SPACES + "\t\n")
    if not text:
        raise ValueError(_("tom text är inget tal; skriv ett tal, eller utelämna värdet"))
    body, unit = text, None
    suffix = _SUFFIX.match(text)
    if suffix and _NUMBER.fullmatch(suffix["body"]):
        body, unit = suffix["body"], suffix["suffix"]
        allowed = {u.lower(): u for u in units}
        unit = unit.rstrip(".")
        if unit == "%" and not percent:
            message = _("'{text}' har ett procenttecken, som inte är tillåtet här; skriv {number}")
            raise ValueError(message.format(text=text, number=body))
        if unit != "%" and unit.lower() not in allowed:
            if allowed:
                raise ValueError(
                    _(
                        "'{text}' har en enhet ('{unit}') som inte är tillåten här; skriv {number}; tillåtna enheter är {units}"
                    ).format(text=text, unit=unit, number=body, units=", ".join(units))
                )
            raise ValueError(
                _("'{text}' har en enhet ('{unit}'), men här är ingen enhet tillåten; skriv {number}").format(
                    text=text, unit=unit, number=body
                )
            )
        if unit != "%":
            unit = allowed[unit.lower()]
    match = _NUMBER.fullmatch(body)
    ratio = _RATIO.fullmatch(text)
    if not match and ratio and int(ratio["whole"]) > 0:
        # "7/10" ("sju av tio"): a share the way a participants' survey states it
        share = f"{int(ratio['part']) / int(ratio['whole']) * 100:.1f}".rstrip("0").rstrip(".").replace(".", ",")
        raise ValueError(
            _("'{text}' är inget tal; skriv andelen i procent, {share} (ett utfall också som '{part} av {whole}')").format(
                text=text, share=share, part=ratio["part"], whole=ratio["whole"]
            )
        )
    if not match:
        raise ValueError(_("'{text}' är inget tal; {fix}").format(text=text, fix=_(FIX)))
    digits = re.sub(f"[{_SPACES}]", "", match["int"]).lstrip("0") or "0"
    if len(digits) > MAX_DIGITS:
        # Text is not covered by the magnitude check of YAML numbers, and 400 digits would
        # silently become infinity: no report states such an amount.
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValueError(
            _("'{text}' är för stort ({digits} siffror före decimaltecknet; högst {limit}); kontrollera värdet").format(
                text=shown, digits=len(digits), limit=MAX_DIGITS
            )
        )
    negative = match["sign"] not in ("", "+")
    frac = match["frac"]
    if frac is None:
        number: int | float = int(digits)
        number = -number if negative else number
        return StatedNumber(number, 0, text, unit)
    number = float(f"{'-' if negative else ''}{digits}.{frac}")
    return StatedNumber(number, len(frac), text, unit)


def parse_number(value: Any, *, percent: bool = False, units: Iterable[str] = ()) -> int | float:
    """The value of a YAML number or Swedish number text: `int` without decimals, else `float`.

    `percent=True` allows a trailing `%` (the result is the number written: `6,5 %` -> 6.5);
    `units` lists the unit words allowed after the number (e.g. `("SEK", "kr", "tkr")`,
    matched case-insensitively). Raises ValueError with a message that shows the fix.
    """
    return parse_stated_number(value, percent=percent, units=units).value


def count_decimals(value: Any, *, percent: bool = True, units: Iterable[str] = ()) -> int:
    """How many decimals a number is stated with: '7,77' -> 2, '6,5%' -> 1, 39 -> 0, 7.5 -> 1."""
    return parse_stated_number(value, percent=percent, units=units).decimals
