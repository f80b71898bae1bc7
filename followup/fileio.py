"""Writing a file so that a reader (or a build killed half-way) sees the old content or the new,
never a part: a temporary file beside it, then one `os.replace`."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path
from typing import Callable


def _temporary(path: Path) -> Path:
    # Beside the target (same file system, so the rename is atomic), unique per process and thread.
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")


def atomic_write(path: Path | str, data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write `data` (text is encoded with `encoding`) to `path` atomically."""
    atomic_write_with(path, lambda tmp: tmp.write_bytes(data.encode(encoding) if isinstance(data, str) else data))


def atomic_write_with(path: Path | str, write: Callable[[Path], object]) -> None:
    """Let `write(tmp)` write the file (e.g. a library that saves to a path), then move it into
    place atomically; the temporary file is removed when `write` fails."""
    path = Path(path)
    tmp = _temporary(path)
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
