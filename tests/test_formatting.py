"""Swedish number, amount and date formatting (followup.formatting)."""

import datetime as dt

import jinja2

from followup.model import formatting as f
from followup.model.numbers import parse_stated_number

NBSP = "\u00a0"
MINUS = "\u2212"


def test_decimal_comma():
    assert f.format_number(7.77) == "7,77"


def test_thousands_grouped_with_no_break_space():
    assert f.format_number(295591) == f"295{NBSP}591"


def test_a_computed_number_longer_than_28_digits_is_written_out_not_an_error():
    # A difference in percent of a budget of 1e-67 is 1e70: more digits than Python's default decimal context.
    nbsp = "\u00a0"
    assert f.format_number(1e70, 1, signed=True) == "+10" + f"{nbsp}000" * 23 + ",0"
    assert f.format_number(-3.3e30, 0) == "−3" + f"{nbsp}300" + f"{nbsp}000" * 9


def test_negative_numbers_use_the_minus_sign():
    assert f.format_number(-13225) == f"{MINUS}13{NBSP}225"


def test_percent_has_no_break_space_before_sign():
    assert f.format_percent(6.5) == f"6,5{NBSP}%"


def test_signed_difference_shows_plus():
    assert f.format_signed(28000) == f"+28{NBSP}000"


def test_signed_difference_shows_minus():
    assert f.format_signed(-342) == f"{MINUS}342"


def test_signed_zero_shows_plus_minus():
    assert f.format_signed(0) == "±0"


def test_rounding_is_half_up_on_the_written_decimal():
    assert f.format_number(7.775, 2) == "7,78"
    assert f.format_number(0.125, 2) == "0,13"


def test_value_rounding_to_zero_never_shows_negative_zero():
    assert f.format_number(-0.001, 2) == "0,00"


def test_decimals_default_to_the_values_own_at_most_two():
    assert f.format_number(7.0) == "7"
    assert f.format_number(7.5) == "7,5"
    assert f.format_number(7.7744) == "7,77"


def test_fixed_decimals_keep_trailing_zeros():
    assert f.format_number(8.3, 2) == "8,30"


def test_stated_number_keeps_its_stated_decimals():
    assert f.format_number(parse_stated_number("8,30")) == "8,30"


def test_sek_amount():
    assert f.format_value(11785000, "sek") == f"11{NBSP}785{NBSP}000{NBSP}kr"


def test_tkr_amount_signed():
    assert f.format_value(-342, "tkr", signed=True) == f"{MINUS}342{NBSP}tkr"


def test_difference_of_percent_values_is_in_percentage_points():
    assert f.format_difference(0.8, "percent", 1) == f"+0,8{NBSP}procentenheter"


def test_signed_percent_value_keeps_the_percent_sign():
    assert f.format_value(0.49, "percent", 2, signed=True) == f"+0,49{NBSP}%"


def test_score_and_index_have_no_suffix():
    assert f.format_value(7.77, "score") == "7,77"
    assert f.format_value(79, "index") == "79"


def test_days_singular_and_plural():
    assert f.format_value(1, "days") == f"1{NBSP}dag"
    assert f.format_value(12, "days") == f"12{NBSP}dagar"


def test_unit_that_is_not_built_in_is_shown_by_its_label():
    # An organisation declares its own units by label (the check rejects undeclared ones).
    assert f.format_value(1200, "ton CO₂e") == "1\u00a0200\u00a0ton CO₂e"


def test_missing_value_shows_a_dash():
    assert f.format_value(None, "percent") == "–"


def test_share_of_counts():
    assert f.format_share(2, 3) == f"67{NBSP}%"


def test_share_of_zero_whole_is_a_dash():
    assert f.format_share(0, 0) == "–"


def test_dates_are_iso():
    assert f.format_date(dt.date(2024, 1, 29)) == "2024-01-29"


def test_of_phrase():
    assert f.format_of(2, 3, "mål", "uppnådda") == "2 av 3 mål uppnådda"


def test_filters_registered_in_jinja():
    env = jinja2.Environment(autoescape=True)
    f.register_filters(env)
    out = env.from_string("{{ x | value('sek') }} {{ d | isodate }} {{ y | signed }}").render(
        x=-13225, d=dt.date(2024, 2, 6), y=30000
    )
    assert out == f"{MINUS}13{NBSP}225{NBSP}kr 2024-02-06 +30{NBSP}000"


def test_a_long_unit_word_may_wrap_after_its_number_but_short_units_stay():
    from followup.model.formatting import unit_may_wrap

    assert unit_may_wrap("0,8\u00a0procentenheter") == "0,8 procentenheter"
    assert unit_may_wrap("6,5\u00a0%") == "6,5\u00a0%"
    assert unit_may_wrap("28\u00a0000\u00a0kr") == "28\u00a0000\u00a0kr"
