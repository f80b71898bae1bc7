"""Every number the seed data holds appears on one of its report's pages, in Swedish format.

The numbers are collected from the loaded models (not from a hand-written list), so a number
added to the data but left off the pages fails this test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from followup.build.publish import build_site
from followup.load.loader import load_project
from followup.model.formatting import format_number
from followup.model.numbers import StatedNumber

REPO = Path(__file__).resolve().parent.parent
MINUS = "\u2212"

# Fields that hold settings rather than report numbers.
NOT_SHOWN = {"decimals"}


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("numbers") / "site"
    build_site(REPO, site_dir=out)
    return out


def numbers_in(model: BaseModel, path: str = ""):
    """Yield (path, value, decimals) for every number in a model tree."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        yield from _numbers_of(value, f"{path}.{name}" if path else name, name)


def _numbers_of(value, path: str, name: str):
    if name in NOT_SHOWN or isinstance(value, bool) or value is None:
        return
    if isinstance(value, StatedNumber):
        yield path, value.value, value.decimals
    elif isinstance(value, (int, float)):
        yield path, value, None
    elif isinstance(value, BaseModel):
        yield from numbers_in(value, path)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _numbers_of(item, f"{path}[{key}]", name)
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            yield from _numbers_of(item, f"{path}[{index}]", name)


def page_text(site: Path, org: str, report: str) -> str:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((site / org / report).glob("*.html")))
    text = re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", "\u00a0")
    return text


def bundles():
    project, _ = load_project(REPO)
    return {f"{b.org_id}/{b.report_id}": b for b in project.reports}


SEED_REPORTS = ["eskilstuna/processmal-2020-2023", "lund/samordnade-servicetjanster"]


@pytest.mark.parametrize("report_key", SEED_REPORTS)
def test_every_number_in_the_seed_data_is_on_a_page_in_swedish_format(seed_site, report_key):
    bundle = bundles()[report_key]
    text = page_text(seed_site, bundle.org_id, bundle.report_id)
    models = [bundle.report, bundle.goals, bundle.indicators, bundle.surveys, bundle.deliverables, *bundle.tables]
    missing = []
    checked = 0
    for model in filter(None, models):
        for path, value, decimals in numbers_in(model):
            digits = format_number(abs(value), decimals)
            expected = (MINUS + digits) if value < 0 else digits
            checked += 1
            # A number stands alone: not inside a longer number (7,7 must not match 7,77). A page
            # shows a score as the source wrote it ("8,30"), the model holds 8.3: trailing zeros allowed.
            zeros = "0*" if "," in expected else ""
            pattern = rf"(?<![\d,]){re.escape(expected)}{zeros}(?![\d]|,\d)"
            if not re.search(pattern, text):
                missing.append(f"{type(model).__name__}.{path} = {expected}")
    assert checked > 20
    assert missing == []


def test_the_check_finds_a_number_that_is_not_on_the_pages(seed_site):
    text = page_text(seed_site, "lund", "samordnade-servicetjanster")
    assert not re.search(rf"(?<![\d,]){re.escape(format_number(987654321))}(?![\d]|,\d)", text)
    assert re.search(rf"(?<![\d,]){re.escape(format_number(11785000))}(?![\d]|,\d)", text)
