"""Errors a user can cause and fix; front ends print them as one line, never a traceback.

A fault of the machine (a full disk, a read-only file, a database held by another program) is
named in one line too (`fault_line`). Anything else is unexpected: its traceback goes to a
report file and the user sees one line naming that file (`report_line`).
"""

from __future__ import annotations

import errno
import os
import re
import sys
import tempfile
import traceback
from datetime import datetime
from pathlib import Path


class UserError(ValueError):
    """A mistake in what the user asked for: unknown code, bad date, refused move. field: the
    project field at fault, where one is, so a form can show the reason beside it."""

    def __init__(self, *args: object, field: str | None = None) -> None:
        super().__init__(*args)
        self.field = field


class NotFound(UserError):
    """The named project, steward or record does not exist."""


class StaleEdit(UserError):
    """The record changed since it was read; the edit was refused so nothing is overwritten."""


class UnknownSteward(NotFound):
    """A steward name nobody has: perhaps a typing mistake, so nothing is created unasked."""

    def __init__(self, name: str, similar: list[str]) -> None:
        self.name = name
        self.similar = similar
        guess = f"; did you mean {' or '.join(similar)}?" if similar else ""
        super().__init__(f"no steward named {name}{guess}")


REPORT_PREFIX = "investtrack-error-"
# A URL's password, in case a driver's message repeated the URL it was given.
_PASSWORD_IN_URL = re.compile(r"(://[^:/@\s]+:)[^@\s]+@")

# The driver's words for a fault of the machine, and how a user is told of it.
_FAULT_WORDS = (
    ("database or disk is full", "the disk is full: nothing was saved; free some space and retry"),
    ("no space left on device", "the disk is full: nothing was saved; free some space and retry"),
    (
        "attempt to write a readonly database",
        "the database file is read-only: nothing was saved",
    ),
    (
        "database is locked",
        "the database stayed busy (another program held it): nothing was saved, try again",
    ),
    ("disk i/o error", "the disk failed to read or write the database: nothing was saved"),
)
_FAULT_ERRNOS = {
    errno.ENOSPC: "the disk is full",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
}


def fault_line(error: BaseException) -> str | None:
    """One line for a fault of the machine rather than of the program, else None."""
    if isinstance(error, OSError) and error.errno in _FAULT_ERRNOS:
        where = f": {error.filename}" if error.filename else ""
        return f"{_FAULT_ERRNOS[error.errno]}{where}"
    reason = getattr(error, "orig", None) or error
    words = str(reason).lower()
    for found, line in _FAULT_WORDS:
        if found in words:
            return line
    return None


def _scrubbed(text: str) -> str:
    return _PASSWORD_IN_URL.sub(r"\1***@", text)


def write_report(error: BaseException, folder: Path | None = None) -> Path:
    """The traceback of an unexpected error, in a new file of its own (created exclusively,
    readable by its owner only) in folder or the temporary folder."""
    descriptor, name = tempfile.mkstemp(prefix=REPORT_PREFIX, suffix=".txt", dir=folder)
    lines = [
        f"investtrack error report, {datetime.now().isoformat(timespec='seconds')}",
        f"command: {' '.join(sys.argv)}",
        f"python {sys.version.split()[0]} on {sys.platform}",
        "",
        *traceback.format_exception(error),
    ]
    with os.fdopen(descriptor, "w", encoding="utf-8") as report:
        report.write(_scrubbed("\n".join(line.rstrip("\n") for line in lines)) + "\n")
    return Path(name)


def report_line(error: BaseException, folder: Path | None = None) -> str:
    """An unexpected error as one line naming the report written for it; a fault of the
    machine as the line that names it (no report: nothing is wrong with the program)."""
    fault = fault_line(error)
    if fault is not None:
        return fault
    words = " ".join(str(error).split())
    summary = type(error).__name__ + (f": {words[:200]}" if words else "")
    try:
        report = write_report(error, folder)
    except OSError as unwritable:
        return f"unexpected error ({_scrubbed(summary)}); no report could be written: {unwritable}"
    return f"unexpected error ({_scrubbed(summary)}); details written to {report}"
