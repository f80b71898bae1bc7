"""Swedish number parsing: what is accepted, what is rejected and how the message shows the fix."""

import math
from decimal import Decimal

import pytest
from babel.numbers import format_decimal
from hypothesis import given
from hypothesis import strategies as st

from followup.model.numbers import FIX, StatedNumber, count_decimals, parse_number, parse_stated_number

NBSP, NARROW_NBSP, THIN, MINUS = "\u00a0", "\u202f", "\u2009", "\u2212"


def error(value, **kwargs):
    with pytest.raises(ValueError) as info:
        parse_number(value, **kwargs)
    return str(info.value)


# --- Accepted --------------------------------------------------------------------------


def test_int_passes_through():
    assert parse_number(39) == 39 and type(parse_number(39)) is int


def test_float_passes_through():
    assert parse_number(7.77) == 7.77


def test_comma_decimal():
    assert parse_number("7,77") == 7.77


def test_point_decimal():
    assert parse_number("1.5") == 1.5


def test_text_without_decimals_gives_int():
    assert type(parse_number("39")) is int


def test_text_with_decimals_gives_float():
    assert type(parse_number("39,0")) is float


@pytest.mark.parametrize("space", [" ", NBSP, NARROW_NBSP, THIN])
def test_space_kinds_as_thousands_separator(space):
    assert parse_number(f"295{space}591") == 295591


def test_several_thousands_groups():
    assert parse_number("11 785 000") == 11785000


def test_hyphen_minus():
    assert parse_number("-13 225") == -13225


def test_unicode_minus_sign():
    assert parse_number(f"{MINUS}13 225") == -13225


def test_en_dash_with_space_as_minus():
    assert parse_number("– 342 000") == -342000


def test_plus_sign():
    assert parse_number("+28 000") == 28000


def test_surrounding_whitespace_is_ignored():
    assert parse_number(f" {NBSP}7,77 ") == 7.77


def test_percent_sign_when_allowed_gives_number_as_written():
    assert parse_number("6,5%", percent=True) == 6.5


def test_percent_sign_after_space_when_allowed():
    assert parse_number(f"6,5{NBSP}%", percent=True) == 6.5


def test_allowed_unit_word_is_stripped():
    assert parse_number("5 576 000 SEK", units=("SEK",)) == 5576000


def test_unit_word_matches_case_insensitively():
    assert parse_number("100 TKR", units=("tkr",)) == 100


# --- Rejected, with the fix in the message -----------------------------------------------


def test_point_and_comma_together_are_rejected():
    assert error("1.234,5") == f"'1.234,5' är inget tal; {FIX}"


def test_message_shows_how_to_write_numbers():
    assert error("7.77,1") == (
        "'7.77,1' är inget tal; skriv decimaler med komma (7,77) eller punkt (7.77), och tusental med "
        "mellanslag (295 591)"
    )


def test_groups_not_in_threes_are_rejected():
    assert error("29 5591") == f"'29 5591' är inget tal; {FIX}"


def test_comma_as_thousands_separator_is_read_as_decimal():
    assert parse_number("295,591") == 295.591


def test_words_are_rejected():
    assert error("många") == f"'många' är inget tal; {FIX}"


def test_empty_text_is_rejected():
    assert error("  ") == "tom text är inget tal; skriv ett tal, eller utelämna värdet"


def test_percent_sign_is_rejected_unless_allowed():
    assert error("6,5%") == "'6,5%' har ett procenttecken, som inte är tillåtet här; skriv 6,5"


def test_unit_word_is_rejected_unless_allowed():
    assert error("100 kr") == "'100 kr' har en enhet ('kr'), men här är ingen enhet tillåten; skriv 100"


def test_unknown_unit_word_lists_allowed_units():
    assert error("100 mnkr", units=("SEK", "tkr")) == (
        "'100 mnkr' har en enhet ('mnkr') som inte är tillåten här; skriv 100; tillåtna enheter är SEK, tkr"
    )


def test_bool_is_rejected():
    assert error(True) == "true är ett ja/nej-värde, inte ett tal; skriv ett tal"


def test_nan_is_rejected():
    assert error(math.nan) == ("NaN är inget tal; skriv värdet, eller utelämna det och ange varför det saknas")


def test_infinity_is_rejected():
    assert error(-math.inf) == "ett oändligt värde är inte tillåtet; skriv ett ändligt tal"


def test_none_is_rejected():
    assert error(None) == "här ska stå ett tal, men här står ingenting"


def test_list_is_rejected():
    assert error([1]) == "här ska stå ett tal, men här står ett värde av typen list"


def test_double_sign_is_rejected():
    assert error("--5") == f"'--5' är inget tal; {FIX}"


# --- Stated precision ----------------------------------------------------------------------


def test_count_decimals_of_comma_text():
    assert count_decimals("7,77") == 2


def test_count_decimals_of_percent_text():
    assert count_decimals("6,5%") == 1


def test_count_decimals_of_int():
    assert count_decimals(39) == 0


def test_count_decimals_of_float_from_yaml():
    assert count_decimals(7.5) == 1


def test_count_decimals_keeps_trailing_zeros():
    assert count_decimals("0,050") == 3


def test_stated_number_keeps_value_decimals_and_text():
    assert parse_stated_number("−13 225") == StatedNumber(-13225, 0, "−13 225")


def test_stated_number_records_unit():
    assert parse_stated_number("6,5 %", percent=True).unit == "%"


def test_tolerance_is_half_the_last_stated_decimal():
    assert parse_stated_number("7,77").tolerance == pytest.approx(0.005)


def test_stated_number_in_pydantic_model_serialises_as_text():
    from pydantic import BaseModel

    class Row(BaseModel):
        total: StatedNumber

    row = Row(total="2 000 000")
    assert (row.total.value, row.model_dump()) == (2000000, {"total": "2 000 000"})


# --- Round trips ---------------------------------------------------------------------------


def swedish(value: Decimal, space: str = NBSP, minus: str = MINUS) -> str:
    """Format like the site does: grouped thousands, decimal comma, real minus sign."""
    sign = minus if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return sign + space.join(groups) + ("," + frac if frac else "")


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from([" ", NBSP, NARROW_NBSP, THIN]))
def test_formatted_int_parses_back(number, space):
    assert parse_number(swedish(Decimal(number), space)) == number


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=4))
def test_formatted_decimal_parses_back(units, decimals):
    value = Decimal(units).scaleb(-decimals)
    stated = parse_stated_number(swedish(value))
    assert (stated.value, stated.decimals) == (float(value), decimals)


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.integers(min_value=0, max_value=3))
def test_babel_formatted_float_parses_back(number, decimals):
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    text = format_decimal(number, format=pattern, locale="sv_SE")
    expected = Decimal(repr(number)).quantize(Decimal(1).scaleb(-decimals), rounding="ROUND_HALF_EVEN")
    assert parse_number(text) == pytest.approx(float(expected), abs=10.0**-decimals)
