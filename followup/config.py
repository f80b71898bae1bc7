"""Where the tool's own files are, and the site settings read from `mkdocs.yml`.

The tool root holds `templates/` and the default `mkdocs.yml`: in a checkout it is the folder
around `followup/` (which is also the default project, with `data/` and `content/`); an installed
wheel (`pip install .`, command `uppfoljning`) carries them inside the package, and the default
project is the current folder. A project without a `mkdocs.yml` of its own is built with the
tool's.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent
INSTALLED = (PACKAGE_DIR / "templates").is_dir()  # the wheel puts templates/ inside the package
TOOL_ROOT = PACKAGE_DIR if INSTALLED else PACKAGE_DIR.parent


def default_project_root() -> Path:
    """The project a command works on without --root: the checkout, or the current folder."""
    return Path.cwd() if INSTALLED else TOOL_ROOT


TEMPLATES_DIR = TOOL_ROOT / "templates"
DEFAULT_CONFIG_FILE = TOOL_ROOT / "mkdocs.yml"
DEFAULT_SITE_NAME = "Uppföljningar och rapporter"
HOOKS_FILE = PACKAGE_DIR / "site" / "mkdocs_hooks.py"


def theme_dir_for(config_file: Path) -> Path:
    """The MkDocs theme: a project's own `templates/theme` beside its mkdocs.yml, else the tool's."""
    own = Path(config_file).resolve().parent / "templates" / "theme"
    return own if own.is_dir() else TEMPLATES_DIR / "theme"


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
