"""MkDocs (or ProperDocs, followup.build.engine) run in-process on the rendered docs folder."""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path
from typing import Any, Iterator

from followup.build.engine import load_engine
from followup.config import HOOKS_FILE, theme_dir_for
from followup.errors import DataErrors, FollowupError
from followup.site.environment import template_problem


class PublishError(FollowupError):
    """MkDocs failed; the published site was left untouched."""


@contextlib.contextmanager
def _environ(**values: str) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


class _CollectWarnings(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(
    config_file: Path,
    docs_dir: Path,
    site_dir: Path,
    *,
    extra: dict[str, Any] | None = None,
    epoch: int = 0,
    prepare: Any = None,
) -> None:
    """Build with MkDocs (in-process). Raises PublishError with MkDocs' messages on failure.
    `prepare(config)` (followup.incremental's partial build) registers event handlers; MkDocs then
    runs in dirty mode and builds only the files those handlers mark modified."""

    engine = load_engine()  # MkDocs 1.6, or ProperDocs (FOLLOWUP_ENGINE=properdocs)
    build, load_config, MkDocsException = engine.build, engine.load_config, engine.error

    collector = _CollectWarnings()
    mkdocs_log = logging.getLogger(engine.name)
    mkdocs_log.addHandler(collector)
    previous_level = mkdocs_log.level
    if mkdocs_log.level == logging.NOTSET or mkdocs_log.level > logging.WARNING:
        mkdocs_log.setLevel(logging.WARNING)
    try:
        with _environ(SOURCE_DATE_EPOCH=str(epoch)):
            config = load_config(
                config_file=str(config_file),
                docs_dir=str(docs_dir),
                site_dir=str(site_dir),
                # The tool's own hooks and theme: a project's mkdocs.yml holds only its settings.
                hooks=[str(HOOKS_FILE)],
                theme={"name": None, "custom_dir": str(theme_dir_for(Path(config_file)))},
            )
            if extra:
                config.extra.update(extra)
            if prepare is not None:
                prepare(config)
            build(config, dirty=prepare is not None)
    except (MkDocsException, SystemExit) as exc:
        details = "; ".join(collector.messages) or str(exc)
        raise PublishError(f"MkDocs failed: {details}") from exc
    except Exception as exc:  # a broken theme template: located, not a traceback
        import jinja2

        if not isinstance(exc, jinja2.TemplateError):
            raise

        theme_dir = theme_dir_for(Path(config_file))
        raise DataErrors([template_problem(exc, theme_dir, Path(config_file).resolve().parent)]) from exc
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(previous_level)
    messages = [m for m in collector.messages if not m.startswith("A 'dirty' build is being performed")]
    if messages:
        raise PublishError("MkDocs warned (strict build): " + "; ".join(messages))
