"""The sentences chart families share (charts/spec.py)."""

from followup.charts import spec


def test_highest_and_lowest_names_every_unit_with_the_extreme_value():
    values = [(7.5, "Norr"), (6.0, "Syd"), (7.5, "Väst"), (6.0, "Öst"), (6.8, "Mitt")]
    sentence = spec.highest_and_lowest("2023", values, lambda v: spec.fmt(v, "score"))
    assert sentence == "Högst 2023: Norr och Väst (7,5), lägst: Syd och Öst (6)."


def test_highest_and_lowest_says_nothing_for_a_single_value():
    assert spec.highest_and_lowest("2023", [(7.5, "Norr")], str) is None
