"""Opening a database: a SQLite file (WAL, foreign keys, busy timeout) or a SQLAlchemy URL.

Every open brings the schema to the newest Alembic revision; an existing SQLite file is
copied aside first, so an upgrade can never cost an office its ledger.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from store.errors import UserError
from store.io.files import Protected, sqlite_files, written_safely

DEFAULT_DB = "investtrack.db"
BULK_CACHE_KIB = 65_536  # page cache for a bulk import; connections otherwise keep SQLite's 2 MB
MIGRATIONS = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def database_url(target: str) -> str:
    """A path becomes a sqlite URL; a URL passes through."""
    if "://" in target:
        return target
    return f"sqlite:///{Path(target).expanduser().resolve()}"


def redact(url: str) -> str:
    """The URL as it may be shown: never with its password."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<unreadable database URL>"


def open_error(url: str, error: Exception) -> UserError:
    """A failed open as one line: the driver's own words, the URL without its password."""
    reason = getattr(error, "orig", None) or error
    words = " ".join(str(reason).split())
    return UserError(f"cannot open database {redact(url)}: {words}")


def sqlite_path(engine: Engine) -> Path | None:
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return None
    return Path(engine.url.database)


def database_files(engine: Engine) -> list[Protected]:
    """The files of a SQLite database, which nothing investtrack writes may replace; none
    for a database on a server."""
    path = sqlite_path(engine)
    return sqlite_files(path) if path else []


def _on_sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself, so writers can ask for IMMEDIATE.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    # A writer takes the write lock at BEGIN: waiting there honours busy_timeout, whereas
    # upgrading a read transaction to a write one fails at once with "database is locked".
    mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
    connection.exec_driver_sql(f"BEGIN {mode}")


def make_engine(target: str) -> Engine:
    url = database_url(target)
    if url.startswith("sqlite"):
        engine = create_engine(
            url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
        )
        event.listen(engine, "connect", _on_sqlite_connect)
        event.listen(engine, "begin", _on_sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as error:  # unknown dialect, missing driver
        raise open_error(url, error) from None


CHANGES_CHANNEL = "investtrack_changes"
LISTEN_POLL_SECONDS = 0.001


def announce_change(connection: Any) -> None:
    """Inside a write: tell PostgreSQL listeners at commit (SQLite needs nothing; its
    data_version moves by itself)."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"NOTIFY {CHANGES_CHANNEL}")


class ChangeWatcher:
    """Answers "has anyone committed since I last asked?" without reading any table.

    SQLite: PRAGMA data_version on a connection of its own, which moves whenever another
    connection commits. PostgreSQL: LISTEN on the channel every investtrack write notifies.
    A lost connection (the server restarted) is dropped and made again at once, and the
    answer is yes: what was committed meanwhile went unheard. Asking never fails: while the
    database cannot be reached the answer is no, and the screens keep what they show; the
    first look that reaches it again answers yes.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._connection: Any = None
        self._last: int | None = None
        self._lost = False  # the connection broke: the next one may have missed changes

    def changed(self) -> bool:
        with self._lock:
            try:
                found = self._look()
            except Exception:  # the driver's own errors: the server went away, or the file
                self._drop()
                self._lost = True
                try:
                    found = self._look()
                except Exception:  # still unreachable: ask again at the next look
                    self._drop()
                    return False
            if self._lost:
                self._lost = False
                return True
            return found

    def _look(self) -> bool:
        if self.engine.dialect.name == "sqlite":
            return self._sqlite_changed()
        return self._notified()

    def _sqlite_changed(self) -> bool:
        if self._connection is None:
            path = sqlite_path(self.engine)
            self._connection = sqlite3.connect(path or ":memory:", check_same_thread=False)
        version = self._connection.execute("PRAGMA data_version").fetchone()[0]
        changed = self._last is not None and version != self._last
        self._last = version
        return bool(changed)

    def _notified(self) -> bool:
        if self._connection is None:
            self._connection = self.engine.raw_connection()
            self._connection.driver_connection.autocommit = True
            self._connection.driver_connection.execute(f"LISTEN {CHANGES_CHANNEL}")
            return False
        # A timeout of zero returns before reading the socket, and so would never see the
        # connection lost; a millisecond reads what the server sent, notices or the end.
        heard = self._connection.driver_connection.notifies(timeout=LISTEN_POLL_SECONDS)
        return sum(1 for _ in heard) > 0

    def _drop(self) -> None:
        if self._connection is not None:
            connection, self._connection = self._connection, None
            self._last = None
            try:  # a pooled connection is invalidated: it must never go back into the pool
                getattr(connection, "invalidate", connection.close)()
            except Exception:  # already gone with the server
                return

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None


def _alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_sqlite(source: Path, target: Path, *, overwrite: bool = False) -> None:
    """A consistent copy made with SQLite's online backup: safe while others write. Written
    as every file is (store.io.files): under an exclusively created temporary name, never
    over the source, over an existing file only with overwrite."""
    with written_safely(target, overwrite=overwrite, protected=sqlite_files(source)) as partial:
        with sqlite3.connect(source) as src, sqlite3.connect(partial) as dst:
            try:
                src.backup(dst)
            except sqlite3.OperationalError as error:
                if error.sqlite_errorcode != sqlite3.SQLITE_FULL:
                    raise
                # the copy's disk is full: told as the file system tells it, naming the copy
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(partial)) from None
        dst.close()
        src.close()


def backup(engine: Engine, target: Path, *, overwrite: bool = False) -> Path:
    """`investtrack backup`: a consistent copy of a SQLite database while others use it."""
    source = sqlite_path(engine)
    if source is None:
        raise UserError(
            f"backup copies a SQLite file; {engine.dialect.name} has its own tools (pg_dump)"
        )
    target = target.expanduser().absolute()
    backup_sqlite(source, target, overwrite=overwrite)
    return target


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory(str(MIGRATIONS)).walk_revisions()}


def refuse_newer(engine: Engine, current: str | None) -> None:
    """A schema this version never wrote is refused before anything is touched: an older
    program would misread it, and could not bring it anywhere."""
    if current is not None and current not in known_revisions():
        raise UserError(
            f"database {redact(str(engine.url))} was made by a newer investtrack "
            f"(revision {current}); upgrade investtrack"
        )


def upgrade(engine: Engine, revision: str = "head") -> Path | None:
    """Bring the schema to the revision; returns the backup file made first, if any."""
    from alembic import command

    backup = None
    path = sqlite_path(engine)
    current = current_revision(engine)
    refuse_newer(engine, current)
    with engine.connect() as connection:
        has_tables = bool(inspect(connection).get_table_names())
    if path and path.exists() and has_tables:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = path.with_name(f"{path.name}.bak-{current or 'unversioned'}-{stamp}")
        backup_sqlite(path, backup)
    command.upgrade(_alembic_config(engine), revision)
    return backup


def ensure_schema(engine: Engine) -> Path | None:
    """Upgrade if the database is behind; cheap when it is current (no Alembic import)."""
    from store.db.migrations import HEAD

    if current_revision(engine) == HEAD:
        return None
    return upgrade(engine)
