"""Acknowledged discrepancies (`acknowledged:` in report.yaml): which check each acknowledgment holds,
the ones that no longer match (a warning), and the marks the pages show."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from followup.check.compare import classify
from followup.compute.stated import ACKNOWLEDGE_HINT, CheckResult, _canonical, _computed_text, check_ref
from followup.compute.summaries import ReportSummary
from followup.i18n import _
from followup.model.numbers import StatedNumber
from followup.project import ReportBundle


def match_acknowledgments(
    bundle: ReportBundle,
    summary: Any,
    checks: list[tuple[str | None, StatedNumber | None, float | None, bool]],
) -> tuple[dict[int, Any], list[CheckResult]]:
    """Match the report's acknowledgments to checks given as (ref, stated, computed, passes).

    Returns (index of check -> the acknowledgment that holds for it, a warning for each
    acknowledgment that does not hold).
    """
    acks = list(getattr(bundle.report, "acknowledged", None) or [])
    if not acks:
        return {}, []
    by_ref: dict[str, int] = {}
    for index, (ref, *_rest) in enumerate(checks):
        canonical = _canonical(bundle, summary, ref) if ref else None
        if canonical is not None:
            by_ref.setdefault(canonical, index)
    held: dict[int, Any] = {}
    warnings: list[CheckResult] = []
    first_of: dict[str, int] = {}

    def warn(ai: int, ack: Any, keypath: tuple, message: str, hint: str | None = None) -> None:
        location = bundle.locate("report.yaml", ("acknowledged", ai) + keypath)
        text = f"{message}; {_(hint)}" if hint else message
        warnings.append(
            CheckResult(
                "acknowledgment",
                location,
                _("bekräftelsen av {ref}").format(ref=ack.ref),
                ack.stated,
                None,
                False,
                "warning",
                text,
                ack.ref,
                "mismatch",
            )
        )

    for ai, ack in enumerate(acks):
        if ack.restates is not None:  # a value an earlier report gave differently: check/across_reports.py
            continue
        canonical = _canonical(bundle, summary, ack.ref)
        found = by_ref.get(canonical) if canonical is not None else None
        if canonical is None or found is None:
            if bundle.invalid_files:  # a file with errors is not checked, so its figures are not there to match
                continue
            failing = ", ".join(dict.fromkeys(ref for ref, _s, _c, passes in checks if ref and not passes))
            warn(
                ai,
                ack,
                ("ref",),
                (
                    _(
                        "bekräftelsen gäller '{ref}', men ingen angiven siffra kontrolleras under den referensen "
                        "(angivna siffror som avviker: {failing})"
                    ).format(ref=ack.ref, failing=failing)
                    if failing
                    else _("bekräftelsen gäller '{ref}', men ingen angiven siffra kontrolleras under den referensen").format(
                        ref=ack.ref
                    )
                ),
            )
            continue
        if canonical in first_of:
            warn(
                ai,
                ack,
                ("ref",),
                _("'{ref}' är redan bekräftad (bekräftelse {number}); ta bort den ena").format(
                    ref=ack.ref, number=first_of[canonical] + 1
                ),
            )
            continue
        first_of[canonical] = ai
        _ref, stated, computed, passes = checks[found]
        reason = _not_held(ack, stated, computed, passes)
        if reason is None:
            held[found] = ack
        else:
            warn(ai, ack, *reason)
    return held, warnings


def _not_held(
    ack: Any, stated: StatedNumber | None, computed: float | None, passes: bool
) -> tuple[tuple, str, str | None] | None:
    """Why an acknowledgment matched to its check does not hold: (the key path under the acknowledgment
    to point at, the message, a hint); None when it holds."""
    if stated is None and computed is None:  # a stated assessment: no numbers to compare
        if not passes:
            return None
        message = _("bekräftelsen av {ref} behövs inte längre: bedömningen stämmer nu med måluppfyllelsen som beräknas från data")
        return (), message.format(ref=ack.ref), ACKNOWLEDGE_HINT
    if ack.stated is None or ack.computed is None:
        message = _(
            "bekräftelsen av {ref} saknar stated och computed; ange den angivna siffran och den som "
            "beräknas från data (se meddelandet från check)"
        )
        return (), message.format(ref=ack.ref), None
    if passes:
        shown = stated.text if stated is not None else ack.stated.text
        message = _(
            "bekräftelsen av {ref} behövs inte längre: den angivna siffran {stated} stämmer nu med det som beräknas från data"
        )
        return (), message.format(ref=ack.ref, stated=shown), ACKNOWLEDGE_HINT
    if stated is None or not _same_number(ack.stated.value, stated.value):
        now = stated.text if stated is not None else _("ingen siffra")
        message = _(
            "bekräftelsen av {ref} gäller den angivna siffran {stated}, men data anger nu {now}; "
            "granska avvikelsen igen och uppdatera bekräftelsen"
        )
        return ("stated",), message.format(ref=ack.ref, stated=ack.stated.text, now=now), None
    if computed is None or classify(ack.computed, computed) != "ok":
        now = _computed_text(ack.computed, computed) if computed is not None else _("inget värde")
        message = _(
            "bekräftelsen av {ref} gäller det beräknade värdet {computed}, men data ger nu {now}; "
            "granska avvikelsen igen och uppdatera bekräftelsen"
        )
        return ("computed",), message.format(ref=ack.ref, computed=ack.computed.text, now=now), None
    return None


def _same_number(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def apply_acknowledgments(bundle: ReportBundle, summary: Any, results: list[CheckResult]) -> list[CheckResult]:
    """The results with acknowledged mismatches no longer problems, plus a warning per stale acknowledgment."""
    if not getattr(bundle.report, "acknowledged", None):
        return results
    items = [(r.ref, r.stated, r.computed, r.ok) for r in results]
    held, warnings = match_acknowledgments(bundle, summary, items)
    out = [replace(r, severity=None, acknowledged=held[i]) if i in held else r for i, r in enumerate(results)]
    return out + warnings


def mark_acknowledged(bundle: ReportBundle, summary: ReportSummary) -> None:
    """Attach each acknowledgment that still holds to its Checked, so the pages show its reason."""
    report = getattr(bundle, "report", None)
    if not getattr(report, "acknowledged", None):
        return
    items = [
        (
            check_ref(bundle, c.file, tuple(c.keypath)),
            c.checked.stated,
            c.checked.computed,
            c.checked.matches is not False,
        )
        for c in summary.checks
    ]
    held, _ = match_acknowledgments(bundle, summary, items)
    for index, ack in held.items():
        # Checked is frozen for everything else; the acknowledgment is known only now.
        object.__setattr__(summary.checks[index].checked, "acknowledged", ack)
