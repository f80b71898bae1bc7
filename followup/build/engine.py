"""The site engine: MkDocs 1.6, or ProperDocs, its maintained drop-in continuation.

Both read the same `mkdocs.yml` (with `hooks:` and the `search` plugin) and build the same
site. MkDocs is used when installed; set `FOLLOWUP_ENGINE=properdocs` to use ProperDocs, which
is also used when MkDocs is not installed.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from dataclasses import dataclass
from typing import Any, Callable

ENGINES = ("mkdocs", "properdocs")


@dataclass(frozen=True)
class Engine:
    name: str  # the package, also the name of its logger
    load_config: Callable[..., Any]
    build: Callable[..., None]
    error: type[Exception]  # the engine's own exception for a failed build


def engine_name() -> str:
    """The engine to use: $FOLLOWUP_ENGINE if set, else MkDocs when installed, else ProperDocs."""
    chosen = os.environ.get("FOLLOWUP_ENGINE", "").strip().lower()
    if chosen:
        if chosen not in ENGINES:
            raise ValueError(f"FOLLOWUP_ENGINE={chosen!r} is not an engine; expected one of: {', '.join(ENGINES)}")
        return chosen
    return "mkdocs" if importlib.util.find_spec("mkdocs") is not None else "properdocs"


def load_engine(name: str | None = None) -> Engine:
    name = name or engine_name()
    config = importlib.import_module(f"{name}.config")
    build = importlib.import_module(f"{name}.commands.build")
    exceptions = importlib.import_module(f"{name}.exceptions")
    error = getattr(exceptions, "MkDocsException", None) or getattr(exceptions, "ProperDocsException", Exception)
    assert isinstance(error, type) and issubclass(error, Exception)  # both engines' base exception
    return Engine(name=name, load_config=config.load_config, build=build.build, error=error)
