"""Phone width (390 CSS px): the page never scrolls sideways; wide tables scroll in their own box."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True,
         "has_touch": True}

LAYOUT_JS = """
() => {
  const vw = document.documentElement.clientWidth;
  const page = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const scrolls = (el) => { const o = getComputedStyle(el).overflowX; return o === 'auto' || o === 'scroll'; };
  const tables = [];
  for (const t of document.querySelectorAll('table')) {
    if (!t.checkVisibility()) continue;
    let box = t.parentElement;
    while (box && box !== document.body && !scrolls(box)) box = box.parentElement;
    const own = box && box !== document.body ? box : null;
    const r = t.getBoundingClientRect();
    tables.push({id: t.id || (t.caption ? t.caption.textContent.trim().slice(0, 40) : ''),
                 width: t.scrollWidth, container: own ? own.getBoundingClientRect().width : null,
                 containerRight: own ? own.getBoundingClientRect().right : null, right: r.right});
  }
  // Elements sticking out of the viewport on the right (the likely cause of sideways scrolling).
  const wide = [];
  if (page > vw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const spills = r.right > vw + 1 || (el.scrollWidth > el.clientWidth + 1 && !scrolls(el)
                                            && getComputedStyle(el).overflowX !== 'hidden' && r.right + el.scrollWidth - el.clientWidth > vw + 1);
      if (spills && r.width > 0) {
        let p = el.parentElement, clipped = false;
        while (p && p !== document.body) { if (scrolls(p) || getComputedStyle(p).overflowX === 'hidden') { clipped = true; break; } p = p.parentElement; }
        if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
                                (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') +
                                ' "' + (el.textContent || '').trim().slice(0, 30) + '"');
      }
      if (wide.length >= 8) break;
    }
  }
  return {vw, page, tables, wide};
}
"""


@pytest.fixture(scope="module")
def phone_layouts(browser, base_url, site_pages):
    context = browser.new_context(**PHONE, bypass_csp=True, locale="sv-SE")
    page = context.new_page()
    layouts = {}
    try:
        for path in site_pages:
            page.goto(base_url + path)
            # Open collapsed data tables so that they are measured too.
            page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
            layouts[path or "/"] = page.evaluate(LAYOUT_JS)
    finally:
        context.close()
    return layouts


def test_no_page_scrolls_sideways_at_phone_width(phone_layouts):
    problems = {path: f"page is {l['page']} px wide in a {l['vw']} px viewport; sticking out: {l['wide']}"
                for path, l in phone_layouts.items() if l["page"] > l["vw"]}
    assert not problems, "\n".join(f"{p}: {m}" for p, m in problems.items())


def test_wide_tables_scroll_inside_their_own_container_at_phone_width(phone_layouts):
    problems = []
    for path, layout in phone_layouts.items():
        for t in layout["tables"]:
            if t["right"] <= layout["vw"] + 1:
                continue  # fits
            if t["container"] is None or t["containerRight"] > layout["vw"] + 1:
                problems.append(f"{path}: table {t['id']!r} ({t['width']} px) is not inside a scrolling "
                                f"container that fits the screen")
    assert not problems, "\n".join(problems)

