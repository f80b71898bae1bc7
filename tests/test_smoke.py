"""Smoke tests: the pinned dependencies import and are the versions the lock file names."""

import importlib
import importlib.metadata
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# import name -> distribution name in requirements.txt
PACKAGES = {
    "yaml": "PyYAML",
    "jinja2": "Jinja2",
    "altair": "altair",
    "vl_convert": "vl-convert-python",
    "mkdocs": "mkdocs",
    "babel": "babel",
    "pydantic": "pydantic",
    "markdown_it": "markdown-it-py",
    "mdit_py_plugins": "mdit-py-plugins",
}


def _normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins = {}
    for line in (REPO / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            pins[_normalize(name)] = version.strip()
    return pins


@pytest.mark.parametrize("module", sorted(PACKAGES))
def test_dependency_imports(module):
    importlib.import_module(module)


@pytest.mark.parametrize("module,dist", sorted(PACKAGES.items()))
def test_installed_version_matches_lock_file(module, dist):
    pinned = _pins()[_normalize(dist)]
    assert importlib.metadata.version(dist) == pinned


def test_every_direct_requirement_is_pinned_in_lock_file():
    pins = _pins()
    for line in (REPO / "requirements.in").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, version = line.split("==", 1)
        assert pins.get(_normalize(name)) == version.strip(), name


def test_altair_chart_renders_to_svg_with_vl_convert():
    import altair
    import vl_convert

    chart = altair.Chart(altair.Data(values=[{"a": 1}])).mark_bar().encode(x="a:Q")
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    assert svg.startswith("<svg")


def test_babel_formats_swedish_decimal_with_comma():
    from babel.numbers import format_decimal

    assert format_decimal(7.77, locale="sv_SE") == "7,77"
