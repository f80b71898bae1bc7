"""One visit per page: everything the page-level browser tests assert on is recorded here.

A navigation costs a few hundred milliseconds on a slow 2-core machine, so each page is loaded
once and, in this order: DOM facts (lang, h1, main, charts with their data tables and CSV links),
axe-core, a Tab walk through the page (order and focus style of every stop), the skip link, and
the layout at phone width (390 px, by resizing the same page).
"""

from __future__ import annotations

import dataclasses

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@dataclasses.dataclass
class PageReport:
    path: str
    status: int | None
    console_errors: list[str]
    foreign_requests: list[str]
    axe_violations: list[dict]
    facts: dict
    tab_expected: list[dict]
    tab_stops: list[dict]
    skip_link: dict
    phone: dict


FACTS_JS = r"""
async () => {
  const textOf = (ids) => (ids || '').split(/\s+/).filter(Boolean)
      .map(id => { const e = document.getElementById(id); return e ? e.textContent.trim() : ''; }).join(' ');
  const charts = [];
  for (const fig of document.querySelectorAll('figure.chart')) {
    const svg = fig.querySelector('svg');
    const img = fig.querySelector('img');
    const c = {id: fig.id || '', kind: svg ? 'svg' : (img ? 'img' : 'none'), width: 0, height: 0,
               shapes: 0, name: ''};
    if (svg) {
      const r = svg.getBoundingClientRect();
      c.width = r.width; c.height = r.height;
      c.shapes = svg.querySelectorAll('path,rect,circle,line,polyline,polygon,text,ellipse').length;
      const title = svg.querySelector(':scope > title');
      c.name = (svg.getAttribute('aria-label') || textOf(svg.getAttribute('aria-labelledby'))
                || (title ? title.textContent : '')).trim();
      c.role = svg.getAttribute('role') || '';
      c.hidden = svg.getAttribute('aria-hidden') === 'true';
    } else if (img) {
      const r = img.getBoundingClientRect();
      c.width = r.width; c.height = r.height;
      if (img.complete && img.naturalWidth > 0) {
        try {
          const text = await (await fetch(img.currentSrc || img.src)).text();
          c.shapes = (text.match(/<(path|rect|circle|line|polyline|polygon|text|ellipse)[\s>]/g) || []).length;
        } catch (e) { c.shapes = 0; }
      }
      c.name = (img.getAttribute('alt') || '').trim();
      c.role = 'img';
    }
    const csv = fig.querySelector('a[href$=".csv"], a[download]');
    c.csv = csv ? csv.href : null;
    const table = fig.querySelector('table');
    c.table = table ? [...table.rows].map(r => [...r.cells].map(td => td.textContent.trim())) : null;
    charts.push(c);
  }
  const viewport = document.querySelector('meta[name=viewport]');
  return {
    lang: document.documentElement.getAttribute('lang'),
    h1: document.querySelectorAll('h1').length,
    main: document.querySelectorAll('main, [role="main"]').length,
    charts,
    title: document.title,
    viewport: viewport ? viewport.getAttribute('content') : null,
    statementLinks: [...document.querySelectorAll('footer a[href]')].map(a => new URL(a.href).pathname)
        .filter(p => /\/tillganglighet(\.html|\/|\/index\.html)?$/.test(p)),
    contactLinks: [...document.querySelectorAll('main a[href^="mailto:"], main a[href^="tel:"]')]
        .map(a => a.getAttribute('href')),
  };
}
"""

# Everything that should be a Tab stop, marked in DOM order with data-kbd, with its unfocused style.
MARK_FOCUSABLES_JS = r"""
() => {
  const sel = 'a[href], area[href], button, input, select, textarea, summary, iframe, '
            + '[tabindex], [contenteditable=""], [contenteditable="true"]';
  const seenRadio = new Set();
  const out = [];
  for (const el of document.querySelectorAll(sel)) {
    if (el.disabled || el.type === 'hidden') continue;
    const ti = el.getAttribute('tabindex');
    if (ti !== null && parseInt(ti, 10) < 0) continue;
    if (el.tagName === 'SUMMARY' && (el.parentElement.tagName !== 'DETAILS'
        || el !== el.parentElement.querySelector(':scope > summary'))) continue;
    if (el.closest('[inert]')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (el.type === 'radio') { if (seenRadio.has(el.name)) continue; seenRadio.add(el.name); }
    const cs = getComputedStyle(el);
    el.dataset.kbd = String(out.length);
    out.push({i: out.length, tag: el.tagName.toLowerCase(),
              label: (el.getAttribute('aria-label') || el.textContent || el.name || el.id || '').trim().slice(0, 60),
              style: [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|')});
  }
  return out;
}
"""

FOCUS_IN_TARGET_JS = r"""
(id) => {
  const t = document.getElementById(id);
  const a = document.activeElement;
  const main = document.querySelector('main, [role=main]');
  return {targetInMain: !!t && !!main && (main === t || main.contains(t)),
          focusInTarget: !!t && (a === t || t.contains(a)),
          focusInMain: !!main && main.contains(a)};
}
"""

LAYOUT_JS = r"""
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
                 width: t.scrollWidth, right: r.right,
                 container: own ? own.getBoundingClientRect().width : null,
                 containerRight: own ? own.getBoundingClientRect().right : null});
  }
  // The elements that stick out on the right: the cause of sideways scrolling.
  const wide = [];
  if (page > vw) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      const spills = r.right > vw + 1 || (el.scrollWidth > el.clientWidth + 1 && !scrolls(el)
          && getComputedStyle(el).overflowX !== 'hidden' && r.right + el.scrollWidth - el.clientWidth > vw + 1);
      if (spills && r.width > 0) {
        let p = el.parentElement, clipped = false;
        while (p && p !== document.body) {
          if (scrolls(p) || getComputedStyle(p).overflowX === 'hidden') { clipped = true; break; }
          p = p.parentElement;
        }
        if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ')[0] : '') +
            ' "' + (el.textContent || '').trim().slice(0, 30) + '" (' + Math.round(r.right) + ' px)');
      }
      if (wide.length >= 8) break;
    }
  }
  return {vw, page, tables, wide};
}
"""


def run_axe(page, axe_source: str) -> dict:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return {violations: r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200)}))}))};
        }""",
        AXE_TAGS,
    )


TAB_LOG_JS = r"""
() => {
  window.__tabStops = [];
  document.addEventListener('focusin', () => {
    const a = document.activeElement;
    const cs = getComputedStyle(a);
    const r = a.getBoundingClientRect();
    window.__tabStops.push({
      kbd: a.dataset.kbd === undefined ? null : parseInt(a.dataset.kbd, 10),
      tag: a.tagName.toLowerCase(), href: a.getAttribute('href'),
      outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1,
      boxShadow: cs.boxShadow,
      style: [cs.outlineStyle, cs.outlineWidth, cs.outlineColor, cs.boxShadow].join('|'),
      onScreen: r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0 && r.left < innerWidth
                && cs.visibility !== 'hidden'});
  }, true);
}
"""


def tab_walk(page, expected: int) -> list[dict]:
    """Press Tab once per expected stop (and a few more); return the stops up to the first repeat.

    A focusin listener records each stop with its computed style while focused, so the walk
    needs one round trip per key press and a single read at the end.
    """
    page.evaluate(TAB_LOG_JS)
    for _ in range(expected + 3):
        page.keyboard.press("Tab")
    log = page.evaluate("() => window.__tabStops")
    stops: list[dict] = []
    for stop in log:
        if stops and stop["kbd"] is not None and stop["kbd"] == stops[0]["kbd"]:
            break
        stops.append(stop)
    return stops


def check_skip_link(page, first_stop: dict | None) -> dict:
    """Activate the first Tab stop (the skip link) with Enter; where does focus go?"""
    if (
        not first_stop
        or first_stop["tag"] != "a"
        or not (first_stop.get("href") or "").startswith("#")
        or len(first_stop["href"]) < 2
    ):
        return {"ok": False, "why": f"first Tab stop is not a skip link: {first_stop}"}
    if not first_stop["onScreen"]:
        return {"ok": False, "why": f"skip link {first_stop['href']} is not visible when focused"}
    target = first_stop["href"][1:]
    page.evaluate('(i) => document.querySelector(`[data-kbd="${i}"]`).focus()', first_stop["kbd"])
    page.keyboard.press("Enter")
    state = page.evaluate(FOCUS_IN_TARGET_JS, target)
    if not state["targetInMain"]:
        return {"ok": False, "why": f"skip link target #{target} is not main or inside main"}
    if state["focusInTarget"]:
        return {"ok": True, "why": ""}
    # Focus may stay on the link while the next Tab continues from the target.
    page.keyboard.press("Tab")
    state = page.evaluate(FOCUS_IN_TARGET_JS, target)
    if state["focusInMain"]:
        return {"ok": True, "why": ""}
    return {"ok": False, "why": f"skip link #{target} does not move focus into main"}


def visit(page, url: str, path: str, axe_source: str, errors: list[str], log) -> PageReport:
    errors.clear()
    log.foreign.clear()
    page.set_viewport_size(DESKTOP)
    response = page.goto(url, wait_until="load")
    facts = page.evaluate(FACTS_JS)
    axe = run_axe(page, axe_source)
    expected = page.evaluate(MARK_FOCUSABLES_JS)
    stops = tab_walk(page, len(expected))
    skip = check_skip_link(page, stops[0] if stops else None)
    page.set_viewport_size(PHONE)
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    phone = page.evaluate(LAYOUT_JS)
    return PageReport(
        path=path or "/",
        status=response.status if response else None,
        console_errors=list(errors),
        foreign_requests=list(log.foreign),
        axe_violations=axe["violations"],
        facts=facts,
        tab_expected=expected,
        tab_stops=stops,
        skip_link=skip,
        phone=phone,
    )
