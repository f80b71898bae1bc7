"""Numbers shown with the decimals their source wrote them with.

A YAML number loses how it was written ("8,00" is read as 8), so a table would show a column as
8,3 / 8 where the source wrote 8,30 / 8,00. The page reads the decimals from the file's own text
instead; a column whose source wrote its values with different decimals (7 / 7,18 / 9,6) keeps
them and the page says so once under the table."""

from __future__ import annotations

from typing import Any

from followup.compute.common import same_period
from followup.model.numbers import count_decimals

PRECISION_NOTE = "Värdena återges med så många decimaler som källan anger dem."


def _decimals(raw: Any) -> int | None:
    if raw is None or isinstance(raw, bool):
        return None
    try:
        return count_decimals(raw)
    except (TypeError, ValueError):
        return None


class SurveyPrecision:
    """Written decimals of the scores in a report's surveys.yaml, looked up by survey, period,
    unit (or group) and question."""

    def __init__(self, bundle: Any):
        doc = getattr(bundle, "documents", {}).get("surveys.yaml")
        data = getattr(doc, "data", None)
        self.surveys = data.get("surveys", []) if isinstance(data, dict) else []

    def _round(self, survey_id: str, period: Any) -> dict:
        for survey in self.surveys:
            if isinstance(survey, dict) and survey.get("id") == survey_id:
                for rnd in survey.get("rounds") or []:
                    if isinstance(rnd, dict) and same_period(str(rnd.get("period")), period):
                        return rnd
        return {}

    def decimals(self, survey_id: str, period: Any, kind: str, code: str, question: str) -> int | None:
        """Decimals written for one score (kind 'units' or 'groups'); None when not known."""
        key = "unit" if kind == "units" else "group"
        for row in self._round(survey_id, period).get(kind) or []:
            if isinstance(row, dict) and row.get(key) == code:
                scores = row.get("scores")
                return _decimals(scores.get(question)) if isinstance(scores, dict) else None
        return None

    def mixed(self, survey_id: str, period: Any, kind: str, questions: list[str]) -> bool:
        """True when a column of this table holds values written with different decimals."""
        rows = [r for r in self._round(survey_id, period).get(kind) or [] if isinstance(r, dict)]
        for question in questions:
            found = {
                d for r in rows if isinstance(r.get("scores"), dict) and (d := _decimals(r["scores"].get(question))) is not None
            }
            if len(found) > 1:
                return True
        return False
