"""The site builds under ProperDocs, the maintained drop-in continuation of MkDocs 1.x, too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("properdocs")

REPO = Path(__file__).resolve().parent.parent


def build(site_dir: Path, engine: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "FOLLOWUP_ENGINE": engine}
    return subprocess.run(
        [sys.executable, str(REPO / "build.py"), "build", "-q", "--site-dir", str(site_dir)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("engines")
    for engine in ("mkdocs", "properdocs"):
        result = build(out / engine, engine)
        assert result.returncode == 0, result.stdout + result.stderr
    return out / "mkdocs", out / "properdocs"


def test_properdocs_builds_the_same_pages_as_mkdocs(both_sites):
    mkdocs_site, properdocs_site = both_sites
    pages = sorted(p.relative_to(mkdocs_site) for p in mkdocs_site.rglob("*.html"))
    assert pages == sorted(p.relative_to(properdocs_site) for p in properdocs_site.rglob("*.html"))
    differing = [
        str(p) for p in pages if (mkdocs_site / p).read_bytes() != (properdocs_site / p).read_bytes() and str(p) != "sok.html"
    ]
    assert differing == []


def test_properdocs_search_page_uses_the_ids_its_search_script_looks_for(both_sites):
    _, properdocs_site = both_sites
    script = (properdocs_site / "search" / "main.js").read_text(encoding="utf-8")
    page = (properdocs_site / "sok.html").read_text(encoding="utf-8")
    assert "properdocs-search-query" in script
    assert 'id="properdocs-search-query"' in page and 'id="properdocs-search-results"' in page
    assert (properdocs_site / "search" / "search_index.json").exists()


def test_an_unknown_engine_is_refused_with_a_clear_message(tmp_path):
    result = build(tmp_path / "site", "sphinx")
    assert result.returncode != 0
    assert "FOLLOWUP_ENGINE='sphinx' is not an engine" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
