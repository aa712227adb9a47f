"""What text the database takes, the same on SQLite and PostgreSQL: no NUL character
(PostgreSQL refuses it; SQLite would keep it, and other programs cut the text there), and no
more characters than a column holds (PostgreSQL refuses more; SQLite would keep them all).

`check_text` is for a door that writes rows itself (a bulk insert); every write through a
session is checked when it is flushed, so no door can skip it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import String, event
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import Column, Table
from sqlmodel.sql.sqltypes import AutoString

from store.labels import Lang, Refusal, word

PREVIEW = 24  # characters of a refused value shown in the message


def preview(value: str) -> str:
    """The start of a text, as a message shows it (a NUL as \\0)."""
    shown = value[:PREVIEW].replace("\x00", "\\0")
    return shown + ("…" if len(value) > PREVIEW else "")


def text_columns(table: Table) -> list[Column[Any]]:
    """The columns that hold text as written (a Decimal kept as text does not: its digits
    are the program's, never typed)."""
    return [column for column in table.columns if isinstance(column.type, String | AutoString)]


def column_limit(table: Table, key: str) -> int | None:
    column = table.columns.get(key)
    length = getattr(column.type, "length", None) if column is not None else None
    return length if isinstance(length, int) else None


def text_problem(field: tuple[str, str], value: str, limit: int | None) -> tuple[str, str] | None:
    """Why the text cannot be stored, in Chinese and in English, or None. field: the column
    as text_field names it."""
    field_zh, field_en = field
    shown = preview(value)
    if "\x00" in value:
        where = value.index(chr(0)) + 1
        return (
            f"{field_zh}“{shown}”第 {where} 个字符为 NUL（\\0）：请删除",
            f"{field_en} “{shown}” contains a NUL character (\\0) at position {where}: remove it",
        )
    if limit is not None and len(value) > limit:
        return (
            f"{field_zh}“{shown}”长 {len(value):,} 字，超过可容纳的 {limit:,} 字",
            f"{field_en} “{shown}” is {len(value):,} characters long, "
            f"more than the {limit:,} it can hold",
        )
    return None


def text_field(key: str, table: str = "project") -> tuple[str, str]:
    """A column as a message names it, in Chinese and in English: a project's by its own
    name, others' after the table."""
    chinese = word(key, Lang.ZH)
    if table == "project":
        return chinese, key
    return f"{table} {chinese}", f"{table} {key}"


def check_text(table: Table, values: Mapping[str, Any]) -> None:
    """Refuse, in one line naming the field, a value the table cannot take."""
    for key, value in values.items():
        if isinstance(value, str):
            limit = column_limit(table, key)
            problem = text_problem(text_field(key, table.name), value, limit)
            if problem:
                raise Refusal(*problem)


@event.listens_for(Session, "before_flush")
def _check_flushed_text(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.new, *session.dirty):
        table = getattr(type(instance), "__table__", None)
        if isinstance(table, Table):
            # only what is loaded: reading an expired attribute would query in mid-flush
            check_text(table, {k: v for k, v in vars(instance).items() if k in table.columns})
