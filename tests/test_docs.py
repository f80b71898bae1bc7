"""The developer docs name what exists: every module of `followup/` has a docstring and its line in
doc/architecture.md, so a newcomer finds where each kind of change goes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "followup"
ARCHITECTURE = (REPO / "doc" / "architecture.md").read_text(encoding="utf-8")


def _named(module: Path) -> bool:
    """Named by its path inside followup/ (`build/state.py`), or by its file name beside its
    sub-package's folder (`commands/import_table/` … `cells.py`)."""
    relative = module.relative_to(PACKAGE).as_posix()
    if f"`{relative}`" in ARCHITECTURE:
        return True
    folder = module.parent.relative_to(PACKAGE).as_posix()
    return folder != "." and f"`{folder}/`" in ARCHITECTURE and f"`{module.name}`" in ARCHITECTURE


@pytest.mark.parametrize(
    "module",
    [m for m in sorted(PACKAGE.rglob("*.py")) if m.name != "__init__.py"],
    ids=lambda m: m.relative_to(PACKAGE).as_posix(),
)
def test_every_module_is_named_in_the_architecture_doc(module: Path):
    assert _named(module)


@pytest.mark.parametrize("module", sorted(PACKAGE.rglob("*.py")), ids=lambda m: m.relative_to(PACKAGE).as_posix())
def test_every_module_starts_with_a_docstring(module: Path):
    """What the module is for and why it is separate, in its first lines."""
    assert ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
