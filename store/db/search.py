"""The text a search matches: name, code and investor, plus the name in pinyin and initials."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Text,
    column,
    func,
    select,
    table,
)
from sqlmodel import col

from store.db.models import Project
from store.domain.pinyin import syllable


def search_text(name: str, code: str | None, investor: str) -> str:
    # Character by character, cached: a 100,000-row import would spend most of its time in
    # pypinyin's phrase matching otherwise. Initials are the first letter of each syllable.
    sounds = [syllable(character) for character in name if not character.isspace()]
    full = "".join(sounds)
    initials = "".join(sound[0] for sound in sounds if sound)
    return " ".join(part for part in (name, code or "", investor, full, initials) if part).lower()


def like_pattern(term: str) -> str:
    """A LIKE pattern matching the term anywhere, with its own % and _ taken literally."""
    escaped = term.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# The trigram index of search_text (migration 0005, SQLite only): its own LIKE finds a term
# of three characters or more without scanning every project; a two-character term is any
# of the trigrams it begins, from the index's list of them. A single character, and a longer
# term with LIKE's own characters, which the index cannot take, scan search_text.
TRIGRAM_INDEX = table(
    "project_search",
    column("rowid", Integer),
    column("search_text", Text),
    column("project_search", Text),  # the table's own column, for MATCH
)
TRIGRAMS = table("project_search_terms", column("term", Text))
INDEXED = "search_text || ' '"  # as the index's view gives it: every two characters begin a trigram
# keep the index in step with project.search_text on every write, whoever makes it
TRIGGERS = {
    "project_search_insert": "AFTER INSERT ON project BEGIN"
    f" INSERT INTO project_search(rowid, search_text) VALUES (new.id, new.{INDEXED}); END",
    "project_search_delete": "AFTER DELETE ON project BEGIN"
    " INSERT INTO project_search(project_search, rowid, search_text)"
    f" VALUES ('delete', old.id, old.{INDEXED}); END",
    "project_search_update": "AFTER UPDATE OF search_text ON project BEGIN"
    " INSERT INTO project_search(project_search, rowid, search_text)"
    f" VALUES ('delete', old.id, old.{INDEXED});"
    f" INSERT INTO project_search(rowid, search_text) VALUES (new.id, new.{INDEXED}); END",
}
INDEXING_TRIGGER = "project_search_insert"  # indexes each new project's text as it lands


def build_index(connection: Connection) -> None:
    """The trigram index filled from every project's text, and its triggers in place (those
    missing put back): what migration 0005 sets up, and what `check --rebuild-search` repairs."""
    connection.exec_driver_sql("INSERT INTO project_search(project_search) VALUES ('rebuild')")
    for name, body in TRIGGERS.items():
        connection.exec_driver_sql(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")


@contextmanager
def indexed_in_bulk(connection: Connection, first_id: int) -> Iterator[None]:
    """Projects inserted inside, with ids from first_id, are indexed in one statement at the
    end instead of row by row by the trigger: 0.9 s instead of 5 s for 100,000. The trigger
    is set aside and restored in the caller's transaction, so no other writer misses it."""
    if connection.dialect.name != "sqlite":
        yield
        return
    trigger: Any = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?", (INDEXING_TRIGGER,)
    ).scalar()
    connection.exec_driver_sql(f"DROP TRIGGER {INDEXING_TRIGGER}")
    try:
        yield
    finally:  # also after a failed row: the rows before it may still be committed
        connection.exec_driver_sql(  # the text as the index holds it: through its view
            "INSERT INTO project_search(rowid, search_text)"
            " SELECT id, search_text FROM project_search_source WHERE id >= ?",
            (first_id,),
        )
        connection.exec_driver_sql(trigger)


def found_by_trigrams(term: str, dialect: str) -> bool:
    """Whether the term is looked up in the trigram index through LIKE."""
    term = term.strip()
    return dialect == "sqlite" and len(term) >= 3 and not {"%", "_", "\\"} & set(term)


def search_condition(term: str, dialect: str) -> ColumnElement[bool]:
    """Projects whose search text holds the term."""
    pattern = like_pattern(term)
    if found_by_trigrams(term, dialect):
        found = select(TRIGRAM_INDEX.c.rowid).where(TRIGRAM_INDEX.c.search_text.like(pattern))
        return col(Project.id).in_(found)
    term = term.strip().lower()
    if dialect == "sqlite" and len(term) == 2:
        quoted = '"' + func.replace(TRIGRAMS.c.term, '"', '""') + '"'
        begun = (
            select(func.group_concat(quoted, " OR "))
            # every trigram the two begin, up to the last code point as the third character
            .where(TRIGRAMS.c.term >= term, TRIGRAMS.c.term <= term + "\U0010ffff")
            .scalar_subquery()
        )
        nothing = '"' + term.replace('"', '""') + '"'  # too short to be a trigram: no match
        query = func.coalesce(begun, nothing)
        found = select(TRIGRAM_INDEX.c.rowid).where(TRIGRAM_INDEX.c.project_search.match(query))
        return col(Project.id).in_(found)
    return col(Project.search_text).like(pattern, escape="\\")
