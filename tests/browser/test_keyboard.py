"""Keyboard use: Tab reaches every control in order with a visible focus style; search and the
deliverables table work without a mouse."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser


def test_tab_reaches_every_link_and_control_in_document_order(page_reports):
    problems = {}
    for r in page_reports.values():
        reached = [s["kbd"] for s in r.tab_stops]
        unexpected = [s["tag"] for s in r.tab_stops if s["kbd"] is None]
        missing = [e for e in r.tab_expected if e["i"] not in reached]
        if missing:
            problems[r.path] = "not reached with Tab: " + ", ".join(f"<{e['tag']}> {e['label']!r}" for e in missing[:10])
        elif reached != sorted(reached):
            problems[r.path] = f"Tab order differs from reading order: {reached}"
        elif unexpected:
            problems[r.path] = f"Tab stops on elements that are not controls: {unexpected}"
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_every_tab_stop_shows_a_visible_focus_style(page_reports):
    problems = {}
    for r in page_reports.values():
        expected = {e["i"]: e for e in r.tab_expected}
        for stop in r.tab_stops:
            if stop["kbd"] is None:
                continue
            before = expected[stop["kbd"]]
            visible = stop["outline"] or stop["boxShadow"] != "none"
            if not visible or stop["style"] == before["style"]:
                problems.setdefault(r.path, []).append(
                    f"<{before['tag']}> {before['label']!r}: focused {stop['style']} vs unfocused {before['style']}"
                )
    assert not problems, json.dumps(problems, ensure_ascii=False, indent=1)


def test_the_tab_walk_covered_controls_on_every_page(page_reports):
    """Guards the two tests above against passing on pages where nothing was found."""
    assert all(r.tab_expected for r in page_reports.values())


# --------------------------------------------------------------------------- search


def _search_target(site_dir):
    """A page from the search index and a distinctive word of its title to search for."""
    index_file = site_dir / "search" / "search_index.json"
    assert index_file.is_file(), "site has no search/search_index.json (MkDocs search plugin)"
    docs = json.loads(index_file.read_text(encoding="utf-8"))["docs"]
    for doc in docs:
        if "#" in doc["location"] or doc["location"] in ("", "index.html"):
            continue
        words = [w.strip(".,:;()–-") for w in doc["title"].split()]
        words = [w for w in words if len(w) >= 6 and w.isalpha()]
        if words:
            return doc["location"], max(words, key=len)
    pytest.fail("no page title in the search index has a word to search for")


def _press_tab_until(page, predicate_js: str, limit: int = 80, arg=None) -> bool:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(predicate_js, arg):
            return True
    return False


def test_search_finds_a_page_and_opens_it_from_the_keyboard(new_context, base_url, site_dir):
    location, word = _search_target(site_dir)
    target = base_url + location
    page = new_context().new_page()
    page.goto(base_url)
    page.evaluate("() => document.querySelectorAll('a').forEach(a => a.dataset.before = '1')")
    assert _press_tab_until(
        page, "() => document.activeElement.matches('input[type=search], input[name=q], [role=search] input')"
    ), "the search box cannot be reached with Tab from the start page"
    page.keyboard.type(word.lower(), delay=20)
    page.keyboard.press("Enter")
    # Result links: inside the results container when there is one, else links that appeared after typing.
    result_js = """(target) => {
        const box = document.querySelector('#mkdocs-search-results, [data-search-results]');
        const links = box ? [...box.querySelectorAll('a[href]')]
                          : [...document.querySelectorAll('a[href]')].filter(a => !a.dataset.before);
        return links.some(a => a.href.split('#')[0] === target && a.checkVisibility());
    }"""
    page.wait_for_function(result_js, arg=target, timeout=10_000)
    focused_js = """(target) => {
        const a = document.activeElement;
        const box = document.querySelector('#mkdocs-search-results, [data-search-results]');
        return a.tagName === 'A' && a.href.split('#')[0] === target && (box ? box.contains(a) : !a.dataset.before);
    }"""
    assert _press_tab_until(page, focused_js, arg=target), f"the search result for {word!r} cannot be reached with Tab"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.split("#")[0] == target


# --------------------------------------------------------------------------- deliverables table

TABLE_MARKER = "table[data-sortable]"


def _sortable_table_page(site_dir, site_pages):
    for path in site_pages:
        file = site_dir / (path + "index.html" if path.endswith("/") or path == "" else path)
        if "data-sortable" in file.read_text(encoding="utf-8"):
            return path
    pytest.fail(f"no page holds a {TABLE_MARKER} (the deliverables table)")


ROWS_JS = f"""
(col) => {{
  const t = document.querySelector('{TABLE_MARKER}');
  return [...t.tBodies[0].rows].filter(r => !r.hidden && r.checkVisibility())
           .map(r => r.cells[col] ? r.cells[col].textContent.trim() : '');
}}
"""


def test_deliverables_table_sorts_from_the_keyboard(new_context, base_url, site_dir, site_pages):
    path = _sortable_table_page(site_dir, site_pages)
    page = new_context().new_page()
    page.goto(base_url + path)
    assert _press_tab_until(page, f"() => !!document.activeElement.closest('{TABLE_MARKER} th')", limit=200), (
        "no sort control in the deliverables table's header can be reached with Tab"
    )
    col = page.evaluate("() => document.activeElement.closest('th').cellIndex")
    page.keyboard.press("Enter")
    first = page.evaluate("() => document.activeElement.closest('th').getAttribute('aria-sort')")
    values = page.evaluate(ROWS_JS, col)
    collate = "(v) => { const c = new Intl.Collator('sv', {numeric: true}); return [...v].sort(c.compare); }"
    ascending = page.evaluate(collate, values)
    assert first in ("ascending", "descending"), f"aria-sort after Enter: {first!r}"
    assert values == (ascending if first == "ascending" else ascending[::-1])
    page.keyboard.press("Enter")
    second = page.evaluate("() => document.activeElement.closest('th').getAttribute('aria-sort')")
    assert {first, second} == {"ascending", "descending"}
    values = page.evaluate(ROWS_JS, col)
    assert values == (ascending if second == "ascending" else ascending[::-1])


def test_deliverables_table_filters_from_the_keyboard(new_context, base_url, site_dir, site_pages):
    path = _sortable_table_page(site_dir, site_pages)
    page = new_context().new_page()
    page.goto(base_url + path)
    total = len(page.evaluate(ROWS_JS, 0))
    control_js = (
        "() => { const a = document.activeElement; const m = document.querySelector('main');"
        " return m.contains(a) && a.matches('select, input:not([type=hidden])') && !a.closest('th'); }"
    )
    assert _press_tab_until(page, control_js, limit=200), "no filter control in main can be reached with Tab"
    kind = page.evaluate("() => document.activeElement.tagName === 'SELECT' ? 'select' : document.activeElement.type")
    if kind == "select":
        page.keyboard.press("ArrowDown")
    elif kind in ("checkbox", "radio"):
        page.keyboard.press("Space")
    else:
        first_cell = page.evaluate(ROWS_JS, 1)[0]
        page.keyboard.type(first_cell[:4], delay=20)
    try:
        page.wait_for_function(f"(n) => ({ROWS_JS})(0).length < n", arg=total, timeout=5_000)
    except Exception:
        pass  # the assertion below reports the row count
    shown = page.evaluate(ROWS_JS, 0)
    assert 0 < len(shown) < total, f"filter ({kind}) left {len(shown)} of {total} rows visible"
