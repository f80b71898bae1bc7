"""A golden snapshot of every page of the bundled site: an unintended change to a page shows as a
diff to review. After an intended change, regenerate with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

and review `git diff tests/golden/` like any other change."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

import pytest
from projectcopy import published_seed

GOLDEN = Path(__file__).resolve().parent / "golden"


def normalized(html: str) -> str:
    """The page without what changes from build to build for reasons other than its content."""
    html = re.sub(r'data-version="[^"]*"', 'data-version=""', html)
    return "\n".join(line.rstrip() for line in html.splitlines() if line.strip()) + "\n"


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    site = published_seed(tmp_path_factory) / "site"
    return {p.relative_to(site).as_posix(): normalized(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}


def test_every_page_matches_its_golden_snapshot(pages: dict[str, str]):
    if os.environ.get("UPDATE_GOLDEN"):
        for old in GOLDEN.rglob("*.html"):
            old.unlink()
        for name, text in pages.items():
            target = GOLDEN / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8") for p in sorted(GOLDEN.rglob("*.html"))}
    assert sorted(pages) == sorted(expected), "pages added or removed; regenerate with UPDATE_GOLDEN=1 and review"
    changed = []
    for name, text in pages.items():
        if text != expected[name]:
            diff = difflib.unified_diff(expected[name].splitlines(), text.splitlines(), name, name, lineterm="", n=1)
            changed.append("\n".join(list(diff)[:40]))
    assert not changed, "pages differ from tests/golden/ (UPDATE_GOLDEN=1 after an intended change):\n" + "\n".join(changed)


def test_no_page_shows_an_internal_reference(pages: dict[str, str]):
    """'Så beräknas talet' names values in words ("Intäkter från pilotverksamheterna: 2022"), never
    by the references the data uses (`tables.intakter-fran-pilotverksamheterna.rows.2022`)."""
    shown = {
        name: re.findall(r"<code>((?:tables|indicators|surveys|goals|keyfigures|deliverables)\.[^<]*)</code>", text)
        for name, text in pages.items()
        if "skriva-rapport" not in name  # the author guide explains the references
    }
    assert {name: refs for name, refs in shown.items() if refs} == {}
