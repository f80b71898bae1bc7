"""The words import-table recognises in headings and first cells (Swedish and English), and the kinds."""

from __future__ import annotations

from typing import get_args

from followup.model.models import MeasureUnit

KINDS = (
    "survey-respondents",
    "survey-scores",
    "budget",
    "per-unit",
    "before-after",
    "breakdown",
    "indicator",
    "goals",
    "table",
)
TOTAL_LABELS = {"totalt", "total", "summa", "summa totalt", "totalsumma", "totalt antal"}
COMMENT_LABELS = {"kommentar", "kommentarer", "anmärkning", "anmärkningar", "not", "noter", "comment"}
NUMBER_UNITS = ("SEK", "kr", "kronor", "tkr", "mnkr", "ton", "GWh")
UNIT_WORDS = {
    "%": "percent",
    "sek": "sek",
    "kr": "sek",
    "kronor": "sek",
    "tkr": "tkr",
    "mnkr": "mnkr",
    "ton": "ton",
    "gwh": "GWh",
}
#: Units an organisation declares (`measure_units` in organisation.yaml) rather than built-in ones:
#: an indicator may have them; a table (built-in units only) gets unit none and a warning.
DECLARED_UNITS = ("ton", "GWh")
#: The built-in units, as the models list them.
MEASURE_UNITS = get_args(MeasureUnit)
BUDGET_LABELS = {"budget", "budgeterat", "budgeterad", "budgetram"}
OUTCOME_LABELS = {"utfall", "bokslut", "resultat", "utfall/prognos", "verkligt", "verkligt utfall", "faktiskt"}
DIFF_LABELS = {"diff", "differens", "avvikelse", "budgetavvikelse", "diff.", "skillnad", "avvikelse mot budget"}
TARGET_WORDS = ("mål", "målvärde", "target")
GROUP_LABELS = {"alla": "alla", "totalt": "alla", "samtliga": "alla", "kvinnor": "kvinnor", "män": "man", "man": "man"}
