"""Errors a user can cause and fix; front ends print them as one line, never a traceback.

A fault of the machine (a full disk, a read-only file, a database held by another program) is
named in one line too (`fault_words`). Anything else is unexpected: its traceback goes to a
report file and the user sees one line naming that file (`report_words`). Both come in Chinese
and in English, for the front end to show the one its user chose.
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

# How a user is told of a fault of the machine, in Chinese and in English.
_DISK_FULL = (
    "磁盘已满：未保存任何内容；请腾出空间后重试",
    "the disk is full: nothing was saved; free some space and retry",
)
# The driver's words for a fault of the machine, and how a user is told of it.
_FAULT_WORDS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("database or disk is full", _DISK_FULL),
    ("no space left on device", _DISK_FULL),
    (
        "attempt to write a readonly database",
        ("数据库文件为只读：未保存任何内容", "the database file is read-only: nothing was saved"),
    ),
    (
        "database is locked",
        (
            "数据库一直被占用（另一程序正在写入）：未保存任何内容，请稍后重试",
            "the database stayed busy (another program held it): nothing was saved, try again",
        ),
    ),
    (
        "disk i/o error",
        (
            "磁盘读写数据库失败：未保存任何内容",
            "the disk failed to read or write the database: nothing was saved",
        ),
    ),
)
_FAULT_ERRNOS = {
    errno.ENOSPC: ("磁盘已满", "the disk is full"),
    errno.EROFS: ("文件系统为只读", "the file system is read-only"),
    errno.EACCES: ("没有权限", "permission denied"),
    errno.EPERM: ("没有权限", "permission denied"),
}


def fault_words(error: BaseException) -> tuple[str, str] | None:
    """(Chinese, English) lines for a fault of the machine rather than of the program, else
    None: a front end shows the one its user chose."""
    if isinstance(error, OSError) and error.errno in _FAULT_ERRNOS:
        chinese, english = _FAULT_ERRNOS[error.errno]
        if not error.filename:
            return chinese, english
        return f"{chinese}：{error.filename}", f"{english}: {error.filename}"
    reason = getattr(error, "orig", None) or error
    words = str(reason).lower()
    for found, lines in _FAULT_WORDS:
        if found in words:
            return lines
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


def report_words(error: BaseException, folder: Path | None = None) -> tuple[str, str]:
    """An unexpected error as one line naming the report written for it, in Chinese and in
    English; a fault of the machine as the lines that name it (no report: nothing is wrong
    with the program)."""
    fault = fault_words(error)
    if fault is not None:
        return fault
    words = " ".join(str(error).split())
    summary = _scrubbed(type(error).__name__ + (f": {words[:200]}" if words else ""))
    try:
        report = write_report(error, folder)
    except OSError as unwritable:
        return (
            f"意外错误（{summary}）；无法写入错误报告：{unwritable}",
            f"unexpected error ({summary}); no report could be written: {unwritable}",
        )
    return (
        f"意外错误（{summary}）；详情已写入 {report}",
        f"unexpected error ({summary}); details written to {report}",
    )
