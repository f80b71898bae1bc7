"""Periods as Swedish reports write them: `2022`, `2020–2023`, `2022 apr–dec`, `dec 2022 – nov 2023`.

Outcomes, targets and survey rounds refer to periods of different shapes: whole years, part of
a year, quarters, tertials, rolling twelve-month windows, exact date ranges. Authors write them
as the source document does, so the parser accepts the common spellings (en dash or hyphen,
Swedish or English month names, any case) and turns them into a `Period` with an inclusive
start and end date, which is what the checks need ("is this period inside the report's
period?", "in which order do these columns go?").

Two periods are equal when they cover the same days (`2023` equals `2023 jan–dec`), and they
sort by start, then end. `label` keeps the text as written (use it for JSON and round trips);
`str()` gives a normalised label with an en dash.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from followup.i18n import N_, _
from followup.model.textvalues import text_value_schema

Kind = Literal["year", "years", "month", "months", "quarter", "rolling", "dates"]

MONTH_ABBREVIATIONS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
_MONTH_NAMES = {
    **{abbr: i for i, abbr in enumerate(MONTH_ABBREVIATIONS, 1)},
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "sept": 9,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
    # English spellings that differ from the Swedish ones
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "oct": 10,
    "october": 10,
}
_SPLITS = {"h": 6, "halvår": 6, "t": 4, "tertial": 4, "q": 3, "kv": 3, "kvartal": 3}  # prefix -> months per part
_PART_NAMES = {6: N_("{n} halvår"), 4: N_("{n} tertial"), 3: N_("{n} kvartal")}  # "a year has only 4 quarters"

#: The forms of a period (marked for the catalogue: show it with `_(ACCEPTED_FORMS)`).
ACCEPTED_FORMS = N_(
    "2022, 2020–2023, 2022 apr–dec, apr–dec 2022, dec 2022 – nov 2023, 2022-04, "
    "2022 kv1 (eller 2022-Q1, Q1 2022), 2022 T1 (tertial), 2022 H1 (halvår), "
    "2022-01-01 – 2023-12-31"
)

_YEAR = r"(\d{4})"
_MON = r"([a-zåäö]+)\.?"
_DASH = r"\s*[-–—−‐‑]\s*"
_DATE = r"(\d{4}-\d{2}-\d{2})"
_PART = r"(h|halvår|t|tertial|q|kv|kvartal)\s*([1-4])"


@functools.total_ordering
@dataclass(frozen=True, eq=False)
class Period:
    """A span of whole days, `start` to `end` inclusive, with the label it was written as."""

    label: str
    start: dt.date
    end: dt.date
    kind: Kind = field(default="dates")

    def contains(self, other: Period) -> bool:
        """True when every day of `other` lies within this period."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end

    def after(self, other: Period) -> bool:
        """True when this period begins after `other` has ended (a long-term target's year)."""
        return self.start > other.end

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start, self.end)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key == other.sort_key

    def __lt__(self, other: Period) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self.sort_key < other.sort_key

    def __hash__(self) -> int:
        return hash(self.sort_key)

    def __str__(self) -> str:
        s, e = self.start, self.end
        if self.kind == "year":
            return str(s.year)
        if self.kind == "years":
            return f"{s.year}–{e.year}"
        if self.kind == "month":
            return f"{s.year} {MONTH_ABBREVIATIONS[s.month - 1]}"
        if self.kind == "quarter":
            return f"{s.year} kv{(s.month - 1) // 3 + 1}"
        if self.kind == "months":
            return f"{s.year} {MONTH_ABBREVIATIONS[s.month - 1]}–{MONTH_ABBREVIATIONS[e.month - 1]}"
        if self.kind == "rolling":
            return f"{MONTH_ABBREVIATIONS[s.month - 1]} {s.year} – {MONTH_ABBREVIATIONS[e.month - 1]} {e.year}"
        return s.isoformat() if s == e else f"{s.isoformat()} – {e.isoformat()}"

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """Lets pydantic models use Period fields: input as in parse_period, output the label."""
        return text_value_schema(cls, parse_period, lambda p: p.label)


def _month(name: str, text: str) -> int:
    number = _MONTH_NAMES.get(name)
    if number is None:
        raise ValueError(
            _("'{text}' är ingen period: okänd månad '{month}'; skriv någon av {months}").format(
                text=text, month=name, months=", ".join(MONTH_ABBREVIATIONS)
            )
        )
    return number


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _months(text: str, kind: Kind, year1: int, month1: int, year2: int, month2: int) -> Period:
    if (year2, month2) < (year1, month1):
        fix = _("skriv den tidigare månaden först")
        if kind == "months":
            first, last = MONTH_ABBREVIATIONS[month1 - 1], MONTH_ABBREVIATIONS[month2 - 1]
            fix = _("för en period över nyår, skriv {first} {year} – {last} {next_year}").format(
                first=first, year=year1, last=last, next_year=year1 + 1
            )
        raise ValueError(_("'{text}' är ingen period: den slutar innan den börjar; {fix}").format(text=text, fix=fix))
    return Period(text, dt.date(year1, month1, 1), _last_day(year2, month2), kind)


def _part(text: str, year: int, prefix: str, number: int) -> Period:
    size = _SPLITS[prefix]
    if number > 12 // size:
        parts = _(_PART_NAMES[size]).format(n=12 // size)
        raise ValueError(_("'{text}' är ingen period: ett år har bara {parts}").format(text=text, parts=parts))
    first = (number - 1) * size + 1
    return _months(text, "quarter" if size == 3 else "months", year, first, year, first + size - 1)


def _parse(text: str, s: str) -> Period:
    """Match the normalised text `s` against each accepted form."""
    if m := re.fullmatch(_YEAR, s):
        year = int(m[1])
        return Period(text, dt.date(year, 1, 1), dt.date(year, 12, 31), "year")
    if m := re.fullmatch(_YEAR + _DASH + _YEAR, s):
        first, last = int(m[1]), int(m[2])
        if last < first:
            raise ValueError(
                _("'{text}' är ingen period: den slutar innan den börjar; skriv {last}–{first}").format(
                    text=text, last=last, first=first
                )
            )
        return Period(text, dt.date(first, 1, 1), dt.date(last, 12, 31), "years")
    if m := re.fullmatch(_YEAR + r"-(\d{2})", s):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(_("'{text}' är ingen period: det finns ingen månad {month}").format(text=text, month=m[2]))
        return _months(text, "month", year, month, year, month)
    if m := re.fullmatch(_YEAR + r"[\s-]*" + _PART, s):
        return _part(text, int(m[1]), m[2], int(m[3]))
    if m := re.fullmatch(_PART + r"[\s-]*" + _YEAR, s):
        return _part(text, int(m[3]), m[1], int(m[2]))
    if m := re.fullmatch(_YEAR + r"\s+" + _MON, s):
        year, month = int(m[1]), _month(m[2], text)
        return _months(text, "month", year, month, year, month)
    if m := re.fullmatch(_MON + r"\s+" + _YEAR, s):
        year, month = int(m[2]), _month(m[1], text)
        return _months(text, "month", year, month, year, month)
    if m := re.fullmatch(_YEAR + r"\s+" + _MON + _DASH + _MON, s):
        year = int(m[1])
        return _months(text, "months", year, _month(m[2], text), year, _month(m[3], text))
    if m := re.fullmatch(_MON + _DASH + _MON + r"\s+" + _YEAR, s):
        year = int(m[3])
        return _months(text, "months", year, _month(m[1], text), year, _month(m[2], text))
    if m := re.fullmatch(_MON + r"\s+" + _YEAR + _DASH + _MON + r"\s+" + _YEAR, s):
        return _months(text, "rolling", int(m[2]), _month(m[1], text), int(m[4]), _month(m[3], text))
    if m := re.fullmatch(_YEAR + r"\s+" + _MON + _DASH + _YEAR + r"\s+" + _MON, s):
        return _months(text, "rolling", int(m[1]), _month(m[2], text), int(m[3]), _month(m[4], text))
    if m := re.fullmatch(_DATE + f"(?:{_DASH}{_DATE})?", s):
        try:
            start = dt.date.fromisoformat(m[1])
            end = dt.date.fromisoformat(m[2] or m[1])
        except ValueError:
            raise ValueError(
                _("'{text}' är ingen period: ett datum finns inte i kalendern; skriv datum som ÅÅÅÅ-MM-DD").format(text=text)
            ) from None
        if end < start:
            raise ValueError(
                _("'{text}' är ingen period: den slutar innan den börjar; skriv det tidigare datumet först").format(text=text)
            )
        return Period(text, start, end, "dates")
    raise ValueError(
        _("'{text}' är ingen period; skriv den på någon av formerna {forms}").format(text=text, forms=_(ACCEPTED_FORMS))
    )


def parse_period(value: Any) -> Period:
    """Parse a period as written in the data (a year as int, or text); see ACCEPTED_FORMS.

    Raises ValueError naming the accepted forms when the text is not a period.
    """
    if isinstance(value, Period):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return Period(value.isoformat(), value, value, "dates")
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        found = _("ingenting") if value is None else _("ett värde av typen {name}").format(name=type(value).__name__)
        raise ValueError(
            _("här ska stå en period, men här står {found}; skriv den på någon av formerna {forms}").format(
                found=found, forms=_(ACCEPTED_FORMS)
            )
        )
    text = str(value).strip()
    normalised = re.sub(r"[()]", " ", text.lower())
    normalised = re.sub(r"\s+", " ", normalised).strip()
    return _parse(text, normalised)
