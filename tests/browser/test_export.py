"""Single-file HTML export of each seed report: nothing outside the file is referenced or
requested, there is no script, and axe reports no WCAG 2.1 AA violations."""

from __future__ import annotations

import re

import pytest

from followup.commands import export
from followup.commands import printable as pr

from .conftest import format_violations, run_axe, run_cli

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def export_run(tmp_path_factory, site_dir):
    """`build.py export --all` once, on the site the other browser tests use."""
    out = tmp_path_factory.mktemp("export")
    return run_cli("export", "--all", "--site-dir", str(site_dir), "--output", str(out)), out


@pytest.fixture(scope="session")
def seed_exports(export_run, seed_bundles):
    result, out = export_run
    assert result.returncode == 0, result.stdout + result.stderr
    return {key: (out / pr.output_name(bundle, ".html")).read_text(encoding="utf-8") for key, bundle in seed_bundles.items()}


@pytest.fixture(scope="session")
def loaded_exports(browser, seed_exports, axe_source):
    """Open each exported file at an address of its own; record every request it makes."""
    results = {}
    for key, text in seed_exports.items():
        url = "http://127.0.0.1:9/export.html"  # discard port: anything fetched from there fails
        context = browser.new_context(bypass_csp=True, locale="sv-SE")
        requests = []
        errors = []

        def make_route(text, url, requests):
            def route(r):
                if r.request.url == url:
                    r.fulfill(status=200, content_type="text/html; charset=utf-8", body=text)
                else:
                    if not r.request.url.startswith("data:"):
                        requests.append(r.request.url)
                    r.abort()

            return route

        context.route("**/*", make_route(text, url, requests))
        page = context.new_page()
        page.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        page.wait_for_load_state("networkidle")
        facts = page.evaluate("""() => ({
            lang: document.documentElement.lang, h1: document.querySelectorAll('h1').length,
            main: document.querySelectorAll('main').length, scripts: document.scripts.length,
            images: [...document.images].map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0}))})""")
        results[key] = {
            "requests": requests,
            "errors": errors,
            "facts": facts,
            "axe": run_axe(page, axe_source)["violations"],
        }
        context.close()
    return results


def test_export_refers_to_nothing_outside_the_file(seed_exports):
    for key, text in seed_exports.items():
        assert export.external_references(text) == [], key
        for match in re.finditer(r'\s(?:src|href)="([^"]*)"', text):
            value = match.group(1)
            assert value.startswith(("#", "data:", "https:", "http:", "mailto:", "tel:")), f"{key}: {value[:80]}"
            if value.startswith("http"):
                assert not value.startswith("http://127.0.0.1"), f"{key}: link into the served site {value}"


def test_export_has_no_script(seed_exports):
    for key, text in seed_exports.items():
        assert "<script" not in text.lower(), key


def test_export_makes_no_request_when_opened(loaded_exports):
    for key, result in loaded_exports.items():
        assert result["requests"] == [], key
        assert result["errors"] == [], key


def test_export_shows_every_chart_image(loaded_exports):
    for key, result in loaded_exports.items():
        images = result["facts"]["images"]
        assert images, f"{key}: no images (charts) in the export"
        assert all(i["ok"] and len(i["alt"]) >= 10 for i in images), f"{key}: {images}"


def test_export_is_one_swedish_document_with_one_h1_and_main(loaded_exports):
    for key, result in loaded_exports.items():
        facts = result["facts"]
        assert (facts["lang"], facts["h1"], facts["main"], facts["scripts"]) == ("sv", 1, 1, 0), key


def test_axe_reports_no_wcag21_aa_violations_in_the_export(loaded_exports):
    problems = {key: format_violations(r["axe"]) for key, r in loaded_exports.items() if r["axe"]}
    assert not problems, "\n".join(f"{k}:\n{v}" for k, v in problems.items())


def test_export_command_writes_one_file_per_report(export_run, all_bundles):
    result, out = export_run
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(pr.output_name(b, ".html") for b in all_bundles.values())
