"""The site folder: the build lock, which output folders a build may replace, and the atomic swap.

* Two builds do not interleave: the build holds an exclusive lock on `.site.lock` (released by the
  operating system when the process ends, so a killed build never leaves a stale lock).
* `site/` is replaced in one atomic `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere two renames,
  and a build interrupted between them is repaired by the next build (`recover`).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import Iterator

from followup.build import state as build_state
from followup.config import PACKAGE_DIR, TOOL_ROOT
from followup.errors import DataErrors, FollowupError, Problem

LOCK_NAME = ".site.lock"
TMP_PREFIX = ".site-tmp-"
OLD_PREFIX = ".site-old-"


class BuildLocked(FollowupError):
    """Another build holds the lock."""


# --- lock ------------------------------------------------------------------------------


def _shown(path: Path, root: Path | None) -> str:
    """`path` as a problem shows it: project-relative when inside the project."""
    if root is not None:
        with contextlib.suppress(ValueError):
            return Path(path).relative_to(root).as_posix()
    return Path(path).as_posix()


def _lock_problem(path: Path, root: Path | None, what: str) -> DataErrors:
    return DataErrors(
        [
            Problem(
                _shown(path, root),
                1,
                1,
                f"låsfilen {LOCK_NAME} {what}; bygget använder den inte",
                hint=f"Ta bort {path.as_posix()} och bygg igen (bygget skapar en ny låsfil).",
            )
        ]
    )


def _open_lock(path: Path, root: Path | None) -> int:
    """Open the lock file without following a symlink, blocking on a FIFO or truncating a file the
    build did not create: a new file is created exclusively; an existing one must be a regular file
    holding nothing or a process id (what a build leaves)."""
    flags = os.O_RDWR | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        pass
    try:
        st = os.lstat(path)
    except FileNotFoundError:  # removed in between: try once more
        return os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o644)
    if stat.S_ISLNK(st.st_mode):
        raise _lock_problem(path, root, "är en symbolisk länk")
    if stat.S_ISDIR(st.st_mode):
        raise _lock_problem(path, root, "är en mapp")
    if not stat.S_ISREG(st.st_mode):
        raise _lock_problem(path, root, "är ingen vanlig fil (t.ex. en namngiven rörledning eller enhet)")
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _lock_problem(path, root, "är en symbolisk länk") from exc
        raise
    try:
        st = os.fstat(fd)
        content = os.pread(fd, 64, 0)
        if not stat.S_ISREG(st.st_mode):
            raise _lock_problem(path, root, "är ingen vanlig fil")
        if st.st_size > 32 or not (content.strip() == b"" or content.strip().isdigit()):
            raise _lock_problem(path, root, "finns redan men skrevs inte av bygget")
    except BaseException:
        os.close(fd)
        raise
    return fd


@contextlib.contextmanager
def build_lock(folder: Path, root: Path | None = None) -> Iterator[None]:
    """Hold `<folder>/.site.lock` (the folder that holds site/) for the whole build; raise
    BuildLocked when another build has it, DataErrors (located) when the lock path is a symlink,
    folder, FIFO or a file the build did not write."""
    path = Path(folder) / LOCK_NAME
    fd = _open_lock(path, root)
    try:
        if not _try_lock(fd):
            other = ""
            with contextlib.suppress(OSError, ValueError):
                pid = os.pread(fd, 32, 0).decode("ascii").strip()
                if pid:
                    other = f" (process {pid})"
            raise BuildLocked(
                f"another build is already running{other} and holds {LOCK_NAME}; wait for it to finish and run the build again"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            _unlock(fd)
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError as exc:
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            return False
        raise


def _unlock(fd: int) -> None:
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        with contextlib.suppress(OSError):
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_UN)


# --- the output folder ----------------------------------------------------------------


class SiteDirRefused(Exception):
    """`--site-dir` names a folder the build must not replace (a usage error, exit 2)."""


#: Files MkDocs (with the search plugin) writes into every site it builds: a folder holding them
#: is a previous site even when the manifest in .cache/ is gone.
SITE_FINGERPRINT = ("sitemap.xml", "search/search_index.json")


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_site_dir(root: Path, site: Path) -> None:
    """Refuse an output folder whose replacement would destroy files the build did not write:
    the project itself, data/, content/, templates/ (or the tool's own folders), anything holding
    them or inside them, and an existing folder that is neither empty nor a previous site
    (recognised by the build's manifest or by the files MkDocs writes into every site)."""

    root = Path(root).resolve()
    shown = Path(site).as_posix()
    try:
        target = Path(site).resolve()
    except (OSError, RuntimeError) as exc:
        raise SiteDirRefused(f"utmappen {shown} går inte att slå upp ({exc}); välj en annan mapp") from exc
    protected = [
        root / "data",
        root / "content",
        root / "templates",
        TOOL_ROOT / "templates",
        PACKAGE_DIR,
        root / ".cache",
    ]
    for folder in [root, TOOL_ROOT]:
        if _inside(folder, target):
            raise SiteDirRefused(
                f"utmappen {shown} är eller innehåller projektmappen {folder.as_posix()}; "
                "bygget skulle ersätta den. Välj en egen mapp för webbplatsen, t.ex. site/"
            )
    for folder in protected:
        if _inside(target, folder) or _inside(folder, target):
            raise SiteDirRefused(
                f"utmappen {shown} är, innehåller eller ligger i {folder.as_posix()}; "
                "bygget skulle ersätta filer som det inte har skrivit. Välj en egen mapp för webbplatsen, t.ex. site/"
            )
    plain = Path(site) if Path(site).is_absolute() else root / site
    if plain.is_symlink():
        raise SiteDirRefused(
            f"utmappen {shown} är en symbolisk länk; bygget ersätter bara en vanlig mapp. "
            "Ange mappen som länken pekar på, eller ta bort länken"
        )
    if not plain.exists():
        return
    if not plain.is_dir():
        raise SiteDirRefused(f"utmappen {shown} finns redan och är ingen mapp; välj en annan mapp")
    try:
        empty = next(os.scandir(plain), None) is None
    except OSError as exc:
        raise SiteDirRefused(f"utmappen {shown} går inte att läsa ({exc.strerror}); välj en annan mapp") from exc
    if empty or build_state.read_manifest(root, plain) is not None:
        return
    if all((plain / name).is_file() for name in SITE_FINGERPRINT):
        return
    raise SiteDirRefused(
        f"utmappen {shown} innehåller filer som bygget inte har skrivit (ingen tidigare byggd webbplats); "
        "bygget ersätter bara en tom mapp eller en webbplats som det själv har byggt. "
        "Välj en annan mapp, eller töm den först"
    )


def check_cache_dir(root: Path) -> None:
    """.cache/ must be the project's own folder: the build writes and deletes in it, so a symlink
    (out of the project) is refused rather than followed."""
    root = Path(root)
    for rel in (Path(".cache"), Path(".cache") / "build", Path(".cache") / "charts"):
        path = root / rel
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            what = "en symbolisk länk" if path.is_symlink() else "ingen mapp"
            raise DataErrors(
                [
                    Problem(
                        rel.as_posix(),
                        1,
                        1,
                        f"{rel.as_posix()} är {what}; bygget skriver bara i en egen mapp .cache/ i projektet",
                        hint=f"Ta bort {rel.as_posix()} (bygget skapar en ny mapp nästa gång).",
                    )
                ]
            )


# --- atomic swap -----------------------------------------------------------------------

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2_exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2). False when not supported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    rc = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP if hasattr(errno, "ENOTSUP") else errno.EINVAL):
        return False
    raise OSError(err, os.strerror(err), str(a))


def swap_into_place(new_site: Path, site: Path) -> None:
    """Make `new_site` the published `site`; the old site is removed afterwards."""
    new_site, site = Path(new_site), Path(site)
    if not site.exists():
        os.replace(new_site, site)
        return
    if _renameat2_exchange(new_site, site):
        shutil.rmtree(new_site, ignore_errors=True)  # now holds the old site
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=site.parent))
    old.rmdir()
    os.replace(site, old)
    os.replace(new_site, site)
    shutil.rmtree(old, ignore_errors=True)


def recover(folder: Path, site: Path) -> None:
    """Clean up after an interrupted build in `folder` (which holds site/); call while holding the lock."""
    folder, site = Path(folder), Path(site)
    olds = sorted(folder.glob(OLD_PREFIX + "*"))
    if not site.exists() and olds:
        # Interrupted between the two renames of the fallback swap: put the old site back.
        os.replace(olds[-1], site)
        olds = olds[:-1]
    for leftover in [*olds, *folder.glob(TMP_PREFIX + "*")]:
        shutil.rmtree(leftover, ignore_errors=True)
