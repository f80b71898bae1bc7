"""Every page of the built site, as loaded in headless Chromium (one visit per page, see conftest)."""

from __future__ import annotations

import pytest

from .conftest import format_violations
from .visit import AXE_TAGS

pytestmark = pytest.mark.browser


def _fail_for(problems: dict[str, list[str] | str]) -> None:
    if problems:
        lines = []
        for path, items in problems.items():
            lines.append(f"{path}:")
            lines.extend(f"  {item}" for item in ([items] if isinstance(items, str) else items))
        pytest.fail("\n".join(lines), pytrace=False)


def test_every_page_loads_with_http_200(page_reports):
    _fail_for({r.path: f"HTTP {r.status}" for r in page_reports.values() if r.status != 200 and not r.path.endswith("404.html")})


def test_every_page_loads_without_console_errors(page_reports):
    _fail_for({r.path: r.console_errors for r in page_reports.values() if r.console_errors})


def test_no_page_requests_anything_outside_the_local_site(page_reports):
    _fail_for({r.path: [f"request to {u}" for u in r.foreign_requests] for r in page_reports.values() if r.foreign_requests})


def test_axe_reports_no_wcag21_aa_violations(page_reports):
    problems = {r.path: format_violations(r.axe_violations) for r in page_reports.values() if r.axe_violations}
    if problems:
        _fail_for({**problems, "(tags)": ", ".join(AXE_TAGS)})


def test_every_page_is_marked_as_swedish(page_reports):
    _fail_for({r.path: f'lang="{r.facts["lang"]}"' for r in page_reports.values() if r.facts["lang"] != "sv"})


def test_every_page_has_exactly_one_h1(page_reports):
    _fail_for({r.path: f"{r.facts['h1']} h1 elements" for r in page_reports.values() if r.facts["h1"] != 1})


def test_every_page_has_one_main_landmark(page_reports):
    _fail_for({r.path: f"{r.facts['main']} main landmarks" for r in page_reports.values() if r.facts["main"] != 1})


def test_every_chart_is_a_visible_non_empty_image(page_reports):
    problems = {}
    for r in page_reports.values():
        for chart in r.facts["charts"]:
            if chart["kind"] == "none":
                problems.setdefault(r.path, []).append(f"figure#{chart['id']} holds no svg or img")
            elif chart["width"] < 10 or chart["height"] < 10 or chart["shapes"] == 0:
                problems.setdefault(r.path, []).append(
                    f"chart #{chart['id']} is empty or invisible "
                    f"({chart['width']:.0f}×{chart['height']:.0f} px, {chart['shapes']} shapes)"
                )
    _fail_for(problems)


def test_every_chart_has_a_text_alternative(page_reports):
    problems = {}
    for r in page_reports.values():
        for chart in r.facts["charts"]:
            if chart["kind"] == "none":
                continue
            if chart.get("hidden") or chart.get("role") != "img" or len(chart["name"]) < 10:
                problems.setdefault(r.path, []).append(
                    f"chart #{chart['id']}: role={chart.get('role')!r}, text alternative {chart['name']!r}"
                )
    _fail_for(problems)


def test_the_seed_site_has_charts(page_reports):
    assert sum(len(r.facts["charts"]) for r in page_reports.values()) > 0, "no figure.chart on any page"


def test_skip_link_moves_focus_to_main_on_every_page(page_reports):
    _fail_for({r.path: r.skip_link["why"] for r in page_reports.values() if not r.skip_link["ok"]})


STATEMENT = "tillganglighet.html"


def test_every_page_footer_links_to_the_accessibility_statement(page_reports):
    _fail_for(
        {
            r.path: "no link to the accessibility statement (tillgänglighetsredogörelse) in <footer>"
            for r in page_reports.values()
            if not r.facts["statementLinks"]
        }
    )


def test_accessibility_statement_offers_a_way_to_report_a_problem(page_reports):
    statement = page_reports.get(STATEMENT)
    assert statement is not None, f"the site has no {STATEMENT}"
    assert statement.facts["contactLinks"], (
        "the accessibility statement has no e-mail (mailto:) or phone (tel:) link for reporting a problem; "
        "set extra.accessibility_contact in mkdocs.yml or accessibility_contact in organisation.yaml"
    )
