"""Search on the site opened from disk (file://): Chromium refuses the search worker and every
XMLHttpRequest there, so the page searches with the index loaded as a script; if even that
cannot start, the results area says so. Over http the worker is used as before."""

from __future__ import annotations

import shutil

import pytest

pytestmark = pytest.mark.browser

RESULTS = "#mkdocs-search-results"
UNAVAILABLE = "Sökningen kunde inte startas i den här webbläsaren."


@pytest.fixture()
def file_page(browser):
    """A page in a context with the site's own Content-Security-Policy in force."""
    context = browser.new_context(locale="sv-SE")
    yield context.new_page()
    context.close()


def result_titles(page) -> list[str]:
    page.wait_for_function(f"() => document.querySelectorAll('{RESULTS} article a').length > 0", timeout=10_000)
    return page.eval_on_selector_all(f"{RESULTS} article a", "links => links.map(a => a.textContent)")


def test_search_from_disk_finds_servicetjanster(file_page, site_dir):
    file_page.goto((site_dir / "sok.html").as_uri() + "?q=servicetj%C3%A4nster")
    titles = result_titles(file_page)
    assert any("ervicetjänster" in title for title in titles), titles


def test_search_from_disk_answers_typing(file_page, site_dir):
    file_page.goto((site_dir / "sok.html").as_uri())
    file_page.fill("#mkdocs-search-query", "servicetjänster")
    assert result_titles(file_page)
    href = file_page.eval_on_selector(f"{RESULTS} article a", "a => a.href")
    assert href.startswith("file://") and ".html" in href


def test_search_from_disk_without_the_index_says_search_is_unavailable(file_page, site_dir, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    (copy / "search" / "search_index.js").unlink()
    file_page.goto((copy / "sok.html").as_uri() + "?q=servicetj%C3%A4nster")
    file_page.wait_for_selector(f"{RESULTS} p.notice", timeout=10_000)
    assert file_page.text_content(f"{RESULTS} p.notice").startswith(UNAVAILABLE)


def test_search_over_http_still_uses_the_worker(file_page, base_url):
    workers = []
    file_page.on("worker", lambda worker: workers.append(worker))
    file_page.goto(base_url + "sok.html?q=servicetj%C3%A4nster")
    assert result_titles(file_page)
    assert any(w.url.endswith("/search/worker.js") for w in workers)
