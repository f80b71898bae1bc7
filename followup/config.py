"""Where the tool's own files are, and the site settings read from `mkdocs.yml`.

The tool root is the folder that holds `followup/`, `templates/` and the default `mkdocs.yml`.
A project (its `data/` and `content/`) may live elsewhere (`--root`); a project without a
`mkdocs.yml` of its own is built with the tool's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
TOOL_ROOT = PACKAGE_DIR.parent
TEMPLATES_DIR = TOOL_ROOT / "templates"
DEFAULT_CONFIG_FILE = TOOL_ROOT / "mkdocs.yml"
DEFAULT_SITE_NAME = "Uppföljningar och rapporter"


def config_file_for(root: Path) -> Path:
    """The project's `mkdocs.yml`, or the tool's when the project has none."""
    own = Path(root) / "mkdocs.yml"
    return own if own.exists() else DEFAULT_CONFIG_FILE


@dataclass(frozen=True)
class SiteConfig:
    """What the page renderer needs from `mkdocs.yml` (MkDocs itself reads the rest)."""

    site_name: str = DEFAULT_SITE_NAME
    accessibility_contact: dict[str, Any] = field(default_factory=dict)
    # The accessibility statement's dates and evaluation method (`extra.accessibility_statement`).
    accessibility_statement: dict[str, Any] = field(default_factory=dict)


def read_site_config(config_file: Path) -> SiteConfig:
    data = _read_yaml(str(config_file))
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    return SiteConfig(
        site_name=data.get("site_name") or DEFAULT_SITE_NAME,
        accessibility_contact=(extra or {}).get("accessibility_contact") or {},
        accessibility_statement=(extra or {}).get("accessibility_statement") or {},
    )


@functools.lru_cache(maxsize=8)
def _read_yaml(path: str) -> dict:
    import yaml

    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def is_example_address(email: Any) -> bool:
    """An e-mail address in a domain reserved for examples (RFC 2606: example, *.example,
    example.com/.net/.org): nobody reads mail sent there."""
    if not isinstance(email, str) or "@" not in email:
        return False
    domain = email.rsplit("@", 1)[1].strip().lower().rstrip(".")
    return (
        domain == "example"
        or domain.endswith(".example")
        or domain in {"example.com", "example.net", "example.org"}
        or domain.endswith((".example.com", ".example.net", ".example.org"))
    )
