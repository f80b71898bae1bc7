"""Located problems in the data (`Problem`, `DataErrors`), their text and GitHub forms (JSON and the
summary: followup.console), the exit codes, and reading only regular files (a FIFO is a problem, never a hang).

Every check in the pipeline reports what it finds as a `Problem` pinned to a file, line and
column, so an author can jump straight to the spot. Checks collect problems rather than stop at
the first one (each check returns a list), so one run shows everything that is wrong; code that cannot
go on raises `DataErrors` with what it has, and the entry point prints them and exits 1 instead
of showing a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Literal

from followup.i18n import N_, _

Severity = Literal["error", "warning"]


#: Exit codes of every command (README): data problems are the user's to fix; a bug is ours.
EXIT_OK = 0
EXIT_DATA = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


class FollowupError(Exception):
    """The root of the tool's own exceptions: what the data, the machine or the user did that the
    tool reports in words. Anything else that escapes a command is a bug (exit 3)."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, at a place in a file.

    `path` is project-relative with forward slashes; `line` and `column` count from 1.
    `message` says what is wrong and what was expected; `hint` (optional) is the fix.
    """

    path: str
    line: int
    column: int
    message: str
    severity: Severity = "error"
    hint: str | None = None

    @property
    def full_message(self) -> str:
        """The message with the hint appended as a separate sentence (see `format_text`)."""
        if not self.hint:
            return self.message
        separator = " " if self.message.endswith((".", "?", "!")) else ". "
        return f"{self.message}{separator}{self.hint}"

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.severity, self.message)


def sorted_unique(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in file, line, column order, each once (two rules may find the same thing)."""
    return sorted(dict.fromkeys(problems), key=Problem.sort_key)


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity == "error" for p in problems)


def severity_text(severity: str) -> str:
    """The severity as a communicator reads it: 'fel' or 'varning' ('error'/'warning' in English)."""
    return _("fel") if severity == "error" else _("varning")


def format_text(problem: Problem) -> str:
    """`path:line:col: fel: message` on one line, the form compilers use and editors link (the
    severity in the current language: 'fel'/'varning', 'error'/'warning' with --lang en).

    A hint is appended to the message as its own sentence: `message. hint` (no extra period is
    added when the message already ends with `.`, `?` or `!`).
    """
    p = problem
    return f"{p.path}:{p.line}:{p.column}: {severity_text(p.severity)}: {p.full_message}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, so CI annotates the offending line in the diff."""
    p = problem
    return f"::{p.severity} file={_escape_property(p.path)},line={p.line},col={p.column}::{_escape_data(p.full_message)}"


class DataErrors(FollowupError):
    """Raised when the data cannot be processed further; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems: list[Problem] = sorted(problems, key=Problem.sort_key)
        super().__init__("\n".join(format_text(p) for p in self.problems))


# --- reading the communicator's files --------------------------------------------------------------
#
# Only regular files are read: a FIFO blocks a reader for ever, a device may never end. These
# helpers live here (standard library only) so every stage, the light incremental cache included,
# reads data and content the same way.


def special_file_kind(path) -> str | None:
    """None for a regular file, folder or a missing path; else what the path is, in Swedish
    ("en namngiven rörledning (FIFO)", ...). Follows symlinks; a symlink loop is "en symbolisk
    länk i en slinga"."""
    import errno as _errno
    import os
    import stat

    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return N_("en symbolisk länk i en slinga") if exc.errno == _errno.ELOOP else None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return N_("en namngiven rörledning (FIFO)")
    if stat.S_ISSOCK(mode):
        return N_("en socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("en enhetsfil")
    return N_("ingen vanlig fil")


class NotRegularFile(OSError):
    """The path is a FIFO, socket, device or folder: it is never opened for reading."""


def read_regular_bytes(path) -> bytes:
    """The bytes of a regular file; NotRegularFile (an OSError, strerror in Swedish) for anything
    else, checked before opening and again on the open file (O_NONBLOCK: opening never waits)."""
    import os
    import stat

    kind = special_file_kind(path)
    if kind is not None:
        raise NotRegularFile(0, kind, str(path))
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            raise NotRegularFile(0, N_("ingen vanlig fil"), str(path))
        return fh.read()


_BOM = b"\xef\xbb\xbf"


class NotUtf8(ValueError):
    """The bytes of a file are not UTF-8 text: where the first invalid byte is."""

    def __init__(self, line: int, column: int, byte: str, offset: int):
        super().__init__(f"invalid byte 0x{byte} at {line}:{column}")
        self.line, self.column = line, column
        self.byte = byte  # in hex, e.g. "E5"
        self.offset = offset  # from the start of the file, a BOM included

    def problem(self, path: str, message: str) -> Problem:
        return Problem(path, self.line, self.column, message)


def decode_utf8(raw: bytes) -> str:
    """The text of a data or content file, a leading BOM dropped; NotUtf8 when it is not UTF-8."""
    body = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = body[: exc.start]  # UTF-8 up to the invalid byte
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1
        raise NotUtf8(before.count(b"\n") + 1, column, f"{body[exc.start]:02X}", exc.start + len(raw) - len(body)) from None
