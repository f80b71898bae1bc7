"""Phone width (390 CSS px): the page never scrolls sideways; wide tables scroll in their own box.

The layouts are measured during the one visit per page (visit.py) by resizing the viewport."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def phone_layouts(page_reports):
    return {r.path: r.phone for r in page_reports.values()}


def test_every_page_declares_a_device_width_viewport(page_reports):
    """Without it a phone lays the page out 980 px wide and zooms out."""
    bad = {
        r.path: r.facts["viewport"]
        for r in page_reports.values()
        if "width=device-width" not in (r.facts["viewport"] or "").replace(" ", "")
    }
    assert not bad, bad


def test_no_page_scrolls_sideways_at_phone_width(phone_layouts):
    problems = {
        path: f"page is {layout['page']} px wide in a {layout['vw']} px viewport; sticking out: {layout['wide']}"
        for path, layout in phone_layouts.items()
        if layout["page"] > layout["vw"]
    }
    assert not problems, "\n".join(f"{p}: {m}" for p, m in problems.items())


def test_wide_tables_scroll_inside_their_own_container_at_phone_width(phone_layouts):
    problems = []
    for path, layout in phone_layouts.items():
        for t in layout["tables"]:
            if t["right"] <= layout["vw"] + 1:
                continue  # fits
            if t["container"] is None or t["containerRight"] > layout["vw"] + 1:
                problems.append(
                    f"{path}: table {t['id']!r} ({t['width']} px) is not inside a scrolling container that fits the screen"
                )
    assert not problems, "\n".join(problems)
