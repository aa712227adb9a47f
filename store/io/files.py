"""Writing a file safely: the one way investtrack writes a file (exports, backups, error
reports).

- Never over a file that is there unless the caller says overwrite, and never over a
  protected file (the database and the files SQLite keeps beside it, the sheet being read)
  even then.
- Written under a temporary name in the target's folder, created exclusively (O_EXCL, a
  random name): a file or link planted at a name never has anything written through it.
- Renamed onto the target only once complete and flushed to disk, so a failure (a full
  disk) leaves no partial file and the file that was there stays as it was. Without
  overwrite the rename is a hard link, which fails rather than replace a file that appeared
  meanwhile.
- A new file gets the mode any file the user creates gets (0666 less the umask); a file
  replaced keeps its mode.
- A failure of the system (no space, no permission) is one line naming the target.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from store.errors import UserError
from store.labels import Refusal

# hard links: where a file system has none, the rename checks for the target just before
NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK, errno.ENOSYS}


# What a protected file is, in Chinese, for the refusal (the callers name it in English).
_WHAT_IN_CHINESE = {
    "the database": "数据库",
    "the sheet being imported": "正在导入的表格",
    "the sheet being read": "正在读取的表格",
}


@dataclass(frozen=True)
class Protected:
    """A file never written over, and what it is, for the refusal: "the database"."""

    path: Path
    what: str


def sqlite_files(database: Path, what: str = "the database") -> list[Protected]:
    """A SQLite database and the files SQLite keeps beside it (journal, WAL, shared memory)."""
    return [
        Protected(database.with_name(database.name + suffix), what)
        for suffix in ("", "-journal", "-wal", "-shm")
    ]


def _same_file(first: Path, second: Path) -> bool:
    """One file under two names: the same path once links are followed, or a hard link."""
    if os.path.realpath(first) == os.path.realpath(second):
        return True
    try:
        return os.path.samefile(first, second)
    except OSError:  # either is missing: then they are not one file
        return False


def check_target(
    target: str | Path, *, overwrite: bool = False, protected: Iterable[Protected] = ()
) -> Path:
    """The target as an absolute path, or a one-line refusal naming it and the reason.
    Callers that work long before writing (an import) check first, so nothing is done in vain."""
    path = Path(os.path.abspath(Path(target).expanduser()))
    if not path.parent.is_dir():
        raise Refusal(
            f"无法写入 {path}：文件夹 {path.parent} 不存在",
            f"cannot write {path}: folder {path.parent} does not exist",
        )
    for guarded in protected:
        if _same_file(path, guarded.path):
            what = _WHAT_IN_CHINESE.get(guarded.what, guarded.what)
            raise Refusal(
                f"无法写入 {path}：它是{what}", f"cannot write {path}: it is {guarded.what}"
            )
    if path.is_dir():
        raise Refusal(f"无法写入 {path}：它是文件夹", f"cannot write {path}: it is a folder")
    if os.path.lexists(path) and not overwrite:
        raise _exists(path)
    return path


def _exists(path: Path) -> UserError:
    return Refusal(
        f"无法写入 {path}：文件已存在（加 --overwrite 则替换）",
        f"cannot write {path}: the file exists (--overwrite replaces it)",
    )


def _create_exclusively(target: Path) -> Path:
    """An empty file of a fresh random name beside the target, created by this call alone:
    O_EXCL fails on any name already taken, a planted link included."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    # the folder's limit is 255 bytes a name: the target's name cut short leaves room
    stem = target.name.encode()[:120].decode(errors="ignore")
    while True:
        candidate = target.with_name(f".{stem}.{secrets.token_hex(8)}.part")
        try:
            os.close(os.open(candidate, flags, 0o666))  # the umask applies, as to any new file
        except FileExistsError:
            continue
        return candidate


def _flush(path: Path) -> None:
    """Data on disk before the rename: a full disk may tell only now (delayed allocation)."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _put_in_place(temporary: Path, target: Path, overwrite: bool) -> None:
    if overwrite:
        with suppress(FileNotFoundError):  # nothing there to replace: the new file's own mode
            os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
        os.replace(temporary, target)
        return
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as error:
        if error.errno not in NO_HARD_LINKS:
            raise
        if os.path.lexists(target):
            raise _exists(target) from None
        os.replace(temporary, target)


def _reason(error: OSError, temporary: Path | None) -> str:
    words = error.strerror or str(error)
    other = error.filename not in (None, str(temporary), temporary)
    return f"{words} ({error.filename})" if other else words


@contextmanager
def written_safely(
    target: str | Path, *, overwrite: bool = False, protected: Iterable[Protected] = ()
) -> Iterator[Path]:
    """Yields the temporary path to write the whole file to; when the block ends without an
    error the file takes the target's name. On any error nothing is left behind and the
    target is as it was; an error of the system becomes one line naming the target."""
    path = check_target(target, overwrite=overwrite, protected=protected)
    temporary: Path | None = None
    try:
        temporary = _create_exclusively(path)
        yield temporary
        _flush(temporary)
        _put_in_place(temporary, path, overwrite)
    except OSError as error:
        if error.errno is None:  # raised by code, not by the system: not a fault of the disk
            raise
        reason = _reason(error, temporary)
        raise Refusal(
            f"无法写入 {path}：{reason}；什么也没写",
            f"cannot write {path}: {reason}; nothing written",
        ) from None
    finally:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
