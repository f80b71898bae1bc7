"""Periods as Swedish reports write them."""

import datetime as dt
import json

import pytest

from followup.model.periods import ACCEPTED_FORMS, Period, parse_period

D = dt.date


def span(value):
    period = parse_period(value)
    return period.start, period.end, period.kind


def error(value):
    with pytest.raises(ValueError) as info:
        parse_period(value)
    return str(info.value)


# --- Accepted forms ------------------------------------------------------------------------


def test_year_as_int():
    assert span(2022) == (D(2022, 1, 1), D(2022, 12, 31), "year")


def test_year_as_text():
    assert span("2022") == (D(2022, 1, 1), D(2022, 12, 31), "year")


@pytest.mark.parametrize("text", ["2020–2023", "2020-2023", "2020 – 2023", "2020 - 2023", "2020—2023"])
def test_year_range_with_any_dash(text):
    assert span(text) == (D(2020, 1, 1), D(2023, 12, 31), "years")


@pytest.mark.parametrize("text", ["2022 apr–dec", "2022 apr-dec", "2022 (apr-dec)", "apr–dec 2022", "2022 april–december"])
def test_months_of_a_year(text):
    assert span(text) == (D(2022, 4, 1), D(2022, 12, 31), "months")


def test_whole_year_written_as_months():
    assert span("2023 jan-dec") == (D(2023, 1, 1), D(2023, 12, 31), "months")


@pytest.mark.parametrize("text", ["2022-Q1", "Q1 2022", "2022 kv1", "2022 Q1", "kvartal 1 2022", "2022 kvartal 1"])
def test_first_quarter(text):
    assert span(text) == (D(2022, 1, 1), D(2022, 3, 31), "quarter")


def test_fourth_quarter_ends_on_new_years_eve():
    assert span("2022 kv4")[:2] == (D(2022, 10, 1), D(2022, 12, 31))


def test_rolling_window_across_new_year():
    assert span("dec 2022 – nov 2023") == (D(2022, 12, 1), D(2023, 11, 30), "rolling")


def test_rolling_window_written_year_first():
    assert span("2022 dec – 2023 nov")[:2] == (D(2022, 12, 1), D(2023, 11, 30))


def test_iso_month():
    assert span("2022-04") == (D(2022, 4, 1), D(2022, 4, 30), "month")


def test_month_name_and_year():
    assert span("februari 2024") == (D(2024, 2, 1), D(2024, 2, 29), "month")


def test_iso_date_range():
    assert span("2022-01-01 – 2023-12-31") == (D(2022, 1, 1), D(2023, 12, 31), "dates")


def test_single_iso_date():
    assert span("2023-12-31") == (D(2023, 12, 31), D(2023, 12, 31), "dates")


def test_date_object_from_yaml():
    assert span(D(2023, 12, 31)) == (D(2023, 12, 31), D(2023, 12, 31), "dates")


def test_first_half_year():
    assert span("2022 H1")[:2] == (D(2022, 1, 1), D(2022, 6, 30))


def test_half_year_equals_months_jan_to_jun():
    assert parse_period("2022 H1") == parse_period("2022 jan–jun")


def test_third_tertial():
    assert span("2022 T3")[:2] == (D(2022, 9, 1), D(2022, 12, 31))


@pytest.mark.parametrize("name", ["sep", "sept", "Sept.", "september", "SEPTEMBER"])
def test_month_spellings(name):
    assert span(f"{name} 2022")[:2] == (D(2022, 9, 1), D(2022, 9, 30))


@pytest.mark.parametrize("name,month", [("maj", 5), ("okt", 10), ("mars", 3), ("juli", 7), ("augusti", 8)])
def test_swedish_month_names(name, month):
    assert parse_period(f"2022 {name}").start == D(2022, month, 1)


def test_label_keeps_text_as_written():
    assert parse_period(" 2022 (apr-dec) ").label == "2022 (apr-dec)"


# --- Rejected ------------------------------------------------------------------------------


def test_unknown_text_lists_accepted_forms():
    assert error("förra året") == f"'förra året' är ingen period; skriv den på någon av formerna {ACCEPTED_FORMS}"


def test_unknown_month_lists_month_names():
    assert error("2022 mej–dec") == (
        "'2022 mej–dec' är ingen period: okänd månad 'mej'; skriv någon av jan, feb, mar, apr, maj, "
        "jun, jul, aug, sep, okt, nov, dec"
    )


def test_reversed_years_are_rejected_with_fix():
    assert error("2023–2020") == "'2023–2020' är ingen period: den slutar innan den börjar; skriv 2020–2023"


def test_reversed_months_suggest_a_period_over_new_year():
    assert error("2022 dec–apr") == (
        "'2022 dec–apr' är ingen period: den slutar innan den börjar; för en period över nyår, skriv dec 2022 – apr 2023"
    )


def test_month_thirteen_is_rejected():
    assert error("2022-13") == "'2022-13' är ingen period: det finns ingen månad 13"


def test_third_half_year_is_rejected():
    assert error("2022 H3") == "'2022 H3' är ingen period: ett år har bara 2 halvår"


def test_invalid_date_is_rejected():
    assert error("2023-02-30") == ("'2023-02-30' är ingen period: ett datum finns inte i kalendern; skriv datum som ÅÅÅÅ-MM-DD")


def test_two_digit_year_is_rejected():
    assert error(22) == f"'22' är ingen period; skriv den på någon av formerna {ACCEPTED_FORMS}"


def test_bool_is_rejected():
    assert error(True) == (
        "här ska stå en period, men här står ett värde av typen bool; skriv den på någon av formerna "
        f"{ACCEPTED_FORMS}"
    )


def test_none_is_rejected():
    assert error(None) == f"här ska stå en period, men här står ingenting; skriv den på någon av formerna {ACCEPTED_FORMS}"


# --- Behaviour -------------------------------------------------------------------------------


def test_contains_inner_period():
    assert parse_period("2020–2023").contains(parse_period("2022 apr–dec"))


def test_does_not_contain_period_reaching_outside():
    assert not parse_period("2020–2023").contains(parse_period("dec 2023 – nov 2024"))


def test_overlaps():
    assert parse_period("2023").overlaps(parse_period("dec 2022 – nov 2023"))


def test_same_span_is_equal_whatever_the_label():
    assert parse_period("2023") == parse_period("2023 jan-dec")


def test_equal_periods_hash_alike():
    assert len({parse_period("2023"), parse_period("2023 jan–dec"), parse_period(2023)}) == 1


def test_sorted_by_start_then_end():
    periods = [parse_period(t) for t in ["2023", "2022 apr–dec", "2020–2023", "2022"]]
    assert [p.label for p in sorted(periods)] == ["2020–2023", "2022", "2022 apr–dec", "2023"]


def test_sort_key_is_start_and_end():
    assert parse_period("2022 kv2").sort_key == (D(2022, 4, 1), D(2022, 6, 30))


@pytest.mark.parametrize(
    "text,label",
    [
        ("2022", "2022"),
        ("2020-2023", "2020–2023"),
        ("2022 (APR-DEC)", "2022 apr–dec"),
        ("april-december 2022", "2022 apr–dec"),
        ("DEC 2022 - NOV 2023", "dec 2022 – nov 2023"),
        ("Q1 2022", "2022 kv1"),
        ("2022-04", "2022 apr"),
        ("2022 H2", "2022 jul–dec"),
        ("2022-01-01 - 2023-12-31", "2022-01-01 – 2023-12-31"),
    ],
)
def test_str_is_normalised_swedish_label(text, label):
    assert str(parse_period(text)) == label


def test_parse_period_returns_period_unchanged():
    period = parse_period("2022")
    assert parse_period(period) is period


def test_json_serialisable_via_label():
    assert json.dumps([p.label for p in [parse_period("2022 apr–dec")]], ensure_ascii=False) == '["2022 apr–dec"]'


def test_period_in_pydantic_model_serialises_as_label():
    from pydantic import BaseModel

    class Outcome(BaseModel):
        period: Period

    outcome = Outcome(period="2022 (apr-dec)")
    assert (outcome.period.start, outcome.model_dump(mode="json")) == (D(2022, 4, 1), {"period": "2022 (apr-dec)"})
