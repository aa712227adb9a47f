"""Many rows at once: the Core inserts that write an import's new projects and their records."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from sqlalchemy import TypeDecorator, func, literal, select, true, union_all
from sqlmodel import Session

from store.db.engine import BULK_CACHE_KIB
from store.db.models import ExactDecimal, Procedure, Project
from store.db.search import indexed_in_bulk
from store.procedures import DEFAULT_PROCEDURES


def _sqlite_text(value: object) -> object:
    """Dates, times and exact decimals as SQLAlchemy writes them to SQLite."""
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M:%S.%f}"
    if isinstance(value, date | Decimal):
        return str(value)
    return value


def bulk_insert(
    connection: Any,
    model: Any,
    rows: list[dict[str, Any]] | list[tuple[Any, ...]],
    columns: Sequence[str] = (),
) -> None:
    """Many rows at once: dicts, or tuples of the values of `columns` in that order. On SQLite
    straight through the driver's executemany: SQLAlchemy's per-row parameter processing
    costs more than the writing for a million rows."""
    if not rows:
        return
    table = model.__table__
    names = list(columns) or list(rows[0])
    keys: list[Any] = list(range(len(names))) if columns else names  # where each value is
    if connection.dialect.name != "sqlite":
        given = rows if not columns else [dict(zip(names, row, strict=True)) for row in rows]
        connection.execute(table.insert(), given)
        return
    name_of = dict(zip(keys, names, strict=True))
    text = {key for key, name in name_of.items() if _written_as_text(table.c[name].type)}
    plain = [key for key in keys if key not in text]
    converted = [key for key in keys if key in text]
    order = [name_of[key] for key in plain + converted]
    listed = ", ".join(f'"{name}"' for name in order)
    statement = f'INSERT INTO "{table.name}" ({listed}) VALUES ({", ".join("?" * len(order))})'
    # A ledger repeats few dates, and an import's history shares one time: each distinct
    # value is written out once, and each row's tuple is built in C. (Equal decimals share
    # one text: the same exact number.)
    plain_values, converted_values = _values_of(plain), _values_of(converted)
    given_text = [converted_values(row) for row in rows]
    as_text = {value: _sqlite_text(value) for value in set().union(*given_text)}.__getitem__
    connection.exec_driver_sql(
        statement,
        [
            plain_values(row) + tuple(map(as_text, values))
            for row, values in zip(rows, given_text, strict=True)
        ],
    )


def _written_as_text(column_type: Any) -> bool:
    """A column SQLAlchemy writes to SQLite as text made from the value: dates, times (also
    inside a decorator such as SQLModel's UTCDateTime, whose own type says only "object")
    and exact decimals."""
    if isinstance(column_type, ExactDecimal):
        return True
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl
    return column_type.python_type in (date, datetime, Decimal)


def _values_of(keys: list[Any]) -> Callable[[Any], tuple[Any, ...]]:
    """A row's values under these keys (a dict's names, a tuple's places), as a tuple however
    many keys there are."""
    if len(keys) == 1:
        only = keys[0]
        return lambda row: (row[only],)
    return itemgetter(*keys) if keys else (lambda row: ())


@contextmanager
def bulk_cache(session: Session) -> Iterator[None]:
    """A large page cache while an import updates several indexes per row (SQLite only).
    Set on the pooled driver connection, which outlives the session's rollback or commit."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    raw = connection.connection.dbapi_connection
    assert raw is not None
    before = raw.execute("PRAGMA cache_size").fetchone()[0]
    raw.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        raw.execute(f"PRAGMA cache_size = {before}")


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while many rows are made and dropped: an import's
    rows are dicts and tuples without cycles, freed as soon as they are written, and each of
    the collector's full passes would walk every object the process holds (a third of the
    importing process's time for 100,000 rows). Each batch's own cycles: beside.sweep_young."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The indexes an import reads by while it writes: a stored project found by its name (its
# code is unique, hence indexed anyway), a project's procedures and history by its id.
READ_WHILE_IMPORTING = frozenset(
    {"ix_project_name", "ix_procedure_project", "ix_history_project_field"}
)
SET_ASIDE_BELOW_PROJECTS = 20_000
FILLED_TABLES = ("project", "history", "procedure")


class IndexesAside:
    """The other indexes of the tables an import fills, dropped for the import and built
    again before it commits (SQLite, into a database of fewer than SET_ASIDE_BELOW_PROJECTS
    projects): sorting each once costs less than keeping fourteen B-trees in order row by
    row, which is a fifth of a first import's writing. A larger database keeps them, where
    building them over all its rows could cost more than it saves. All inside the import's
    transaction: rolled back, they were never gone, and readers see them throughout."""

    def __init__(self, session: Session, below: int = SET_ASIDE_BELOW_PROJECTS) -> None:
        self.session = session
        self.below = below
        self.dropped: list[str] = []

    def set_aside(self) -> None:
        connection = self.session.connection()
        if connection.dialect.name != "sqlite":
            return
        stored = connection.execute(select(func.count()).select_from(Project)).scalar() or 0
        if stored >= self.below:
            return
        listed = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN {FILLED_TABLES}"
        )
        for name, statement in listed.all():
            if name not in READ_WHILE_IMPORTING:
                connection.exec_driver_sql(f'DROP INDEX "{name}"')
                self.dropped.append(statement)

    def restore(self) -> None:
        connection = self.session.connection()
        for statement in self.dropped:
            connection.exec_driver_sql(statement)
        self.dropped.clear()


def add_default_procedures(connection: Any, ids: list[int]) -> None:
    """The usual procedure list for each new project, made by the database itself in one
    INSERT ... SELECT: eleven rows a project add up to a million for a large import. Written
    project by project, so one project's procedures stand together on disk."""
    table = Procedure.__table__  # type: ignore[attr-defined]
    project = Project.__table__  # type: ignore[attr-defined]
    defaults = union_all(
        *[
            select(literal(position).label("position"), literal(name).label("name"))
            for position, name in enumerate(DEFAULT_PROCEDURES)
        ]
    ).subquery("defaults")
    columns = ["project_id", "position", "name", "required"]
    source = (
        select(project.c.id, defaults.c.position, defaults.c.name, true())
        .select_from(project.join(defaults, true()))
        .order_by(project.c.id, defaults.c.position)
    )
    if ids and ids[-1] - ids[0] == len(ids) - 1:  # one run of ids: a range, not a list
        within = project.c.id.between(ids[0], ids[-1])
        connection.execute(table.insert().from_select(columns, source.where(within)))
        return
    for start in range(0, len(ids), 900):  # SQLite takes at most 999 parameters
        chosen = project.c.id.in_(ids[start : start + 900])
        connection.execute(table.insert().from_select(columns, source.where(chosen)))


def insert_projects(
    session: Session, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> list[int]:
    """Insert rows (the values of `columns`, in order) and return the new ids (on SQLite each
    row is given its id here). SQLite: the write lock is held since BEGIN IMMEDIATE, so ids
    after max(id) are free, and one executemany beats RETURNING, which goes row by row."""
    connection = session.connection()
    table = Project.__table__  # type: ignore[attr-defined]
    if connection.dialect.name == "sqlite":
        first = (connection.execute(select(func.max(table.c.id))).scalar() or 0) + 1
        ids = list(range(first, first + len(rows)))
        numbered = [(pid, *row) for pid, row in zip(ids, rows, strict=True)]
        with indexed_in_bulk(connection, first):
            bulk_insert(connection, Project, numbered, ("id", *columns))
        return ids
    returning = table.insert().returning(table.c.id, sort_by_parameter_order=True)
    given = [dict(zip(columns, row, strict=True)) for row in rows]
    return list(connection.execute(returning, given).scalars())
