"""Numbers and operations in the words of the stated-number messages (compute/stated.py): a number
the Swedish way, and how the data gives a key figure (`31 av 187 ({computed} %)`)."""

from __future__ import annotations

from followup.compute.summaries import ReportSummary
from followup.i18n import N_, _
from followup.model.models import KeyFigure
from followup.model.numbers import StatedNumber


def fmt(value: float | None, decimals: int | None = None) -> str:
    """A number for a message: Swedish decimal comma, space between thousands."""
    if value is None:
        return _("inget värde")
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 4
    text = f"{value:,.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".") if decimals > 0 else text
    return text.replace(",", " ").replace(".", ",")


def _computed_text(stated: StatedNumber, computed: float) -> str:
    if float(computed).is_integer():
        return fmt(computed, 0)
    return fmt(computed, stated.decimals + 2)


#: The way out of every mismatch the source has as decided, named at the end of each message.
ACKNOWLEDGE_FIX = N_("eller kvittera avvikelsen under acknowledged: i report.yaml")


def operation_text(figure: KeyFigure, summary: ReportSummary) -> str:
    """How the data gives a key figure, with the operands' numbers: `31 av 187 ({computed} %)`."""
    assert figure.compute is not None
    value = summary.key_figure(figure.id) if summary is not None else None
    operands = list(value.operands) if value is not None else []
    values = [fmt(o.value) for o in operands]
    op, n = figure.compute.op, len(values)
    slot = "{computed}"  # filled in by _result
    if n == 1 and op in ("sum", "mean"):
        return _("värdet av {name}").format(name=operands[0].label or operands[0].reference)
    listing = _("{values} och {last}").format(values=", ".join(values[:-1]), last=values[-1]) if n > 1 else _("värdena")
    if op == "weighted_mean":
        half = n // 2
        pairs = [f"{v} ({w})" for v, w in zip(values[:half], values[half:])]
        return _("medelvärdet av {pairs} viktat med antalen inom parentes").format(pairs=", ".join(pairs))
    texts = {
        "sum": " + ".join(values) + " = {computed}" if 1 < n <= 6 else _("summan av {values}").format(values=listing),
        "difference": " − ".join(values) + " = {computed}" if 1 < n <= 6 else _("differensen av {values}").format(values=listing),
        "mean": _("medelvärdet av {values}").format(values=listing),
        "ratio": _("kvoten {values}").format(values=" / ".join(values)),
        "percent_of": _("{part} av {whole} ({computed} %)").format(part=values[0], whole=values[-1], computed=slot)
        if n == 2
        else _("{values} ({computed} %)").format(values=" / ".join(values), computed=slot),
        "percent_change": _("förändringen från {before} till {after} ({computed} %)").format(
            before=values[0], after=values[-1], computed=slot
        )
        if n == 2
        else _("förändringen ({computed} %)").format(computed=slot),
        "balance": _("ingående {opening} + tillflöde {inflow} − utflöde {outflow} = {computed}").format(
            opening=values[0], inflow=values[1], outflow=values[2], computed=slot
        )
        if n == 3
        else _("balansen"),
    }
    return texts.get(op, _("värdet som räknas fram ur data"))
