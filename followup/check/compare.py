"""The one rule for a stated number against the number computed from the data.

The tolerance follows the precision the source used: half a unit of the last written decimal
(`7,77` is checked to ±0,005; `39` must be exact). A number with decimals that is off by at most
one unit in its last decimal is a rounding difference (a warning). A figure the source calls
approximate ("cirka") is checked within 5 %. The pages (`followup.compute`) and the checks
(`followup.compute.stated`) both use this module, so they never disagree.
"""

from __future__ import annotations

from typing import Literal

from followup.model.numbers import StatedNumber

Outcome = Literal["ok", "rounding", "approximate", "mismatch", "unchecked"]

APPROXIMATE_TOLERANCE = 0.05  # relative, for figures marked approximate


def classify(stated: StatedNumber, computed: float, *, approximate: bool = False) -> Outcome:
    """How a stated number relates to the computed one (see the module's policy).

    "ok": within the stated precision (or 5 % for an approximate figure); "rounding": off by at
    most one unit in the last of at least one written decimal; "approximate": an approximate
    figure more than 5 % off; "mismatch": anything else.
    """
    diff = abs(computed - stated.value)
    epsilon = 1e-9 * max(1.0, abs(computed), abs(stated.value))
    if diff <= stated.tolerance + epsilon:
        return "ok"
    if approximate:
        if diff <= APPROXIMATE_TOLERANCE * abs(stated.value) + epsilon:
            return "ok"
        return "approximate"
    if stated.decimals >= 1 and diff <= 10.0**-stated.decimals + epsilon:
        return "rounding"
    return "mismatch"


def compare(
    stated: StatedNumber, computed: float, *, approximate: bool = False
) -> tuple[bool, Literal["ok", "warning", "error"]]:
    """(matches, severity) with severity "ok", "warning" or "error" (the rule the pages use too)."""
    outcome = classify(stated, computed, approximate=approximate)
    if outcome == "ok":
        return True, "ok"
    return False, ("error" if outcome == "mismatch" else "warning")
