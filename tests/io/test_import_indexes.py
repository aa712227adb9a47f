"""An import into a small SQLite database sets the indexes it does not read by aside and
builds them again before it commits: afterwards the schema is exactly as it was."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.checks import check
from store.io.bulk import READ_WHILE_IMPORTING, IndexesAside
from store.io.importer import ImportOptions, import_file
from store.service import Store
from tests.sheets import ROWS, write_gbk_csv

pytestmark = pytest.mark.sqlite_only


def indexes(path: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(path) as connection:
        listed = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        return set(listed.fetchall())


def test_an_import_leaves_every_index_as_it_found_it(store: Store, db: str, tmp_path: Path) -> None:
    db_path = Path(db)
    before = indexes(db_path)
    assert ("ix_project_figures" in {name for name, _ in before}) and len(before) > 10
    summary = import_file(store, write_gbk_csv(tmp_path / "ledger.csv"))
    assert summary.written and summary.added == len(ROWS)
    assert indexes(db_path) == before
    assert check(store)[1] == []


def test_a_refused_or_dry_import_leaves_them_too(store: Store, db: str, tmp_path: Path) -> None:
    db_path = Path(db)
    before = indexes(db_path)
    sheet = write_gbk_csv(tmp_path / "ledger.csv")
    assert not import_file(store, sheet, ImportOptions(dry_run=True)).written
    assert indexes(db_path) == before
    broken = [list(row) for row in ROWS]
    broken[0][1] = ""  # a project row without its name is refused, and nothing is written
    refused = import_file(store, write_gbk_csv(tmp_path / "broken.csv", broken))
    assert refused.errors and not refused.written
    assert indexes(db_path) == before


def test_they_are_gone_only_inside_the_transaction_and_only_for_a_small_database(
    store: Store, db: str
) -> None:
    db_path = Path(db)
    before = {name for name, _ in indexes(db_path)}
    with store.writing() as session:
        aside = IndexesAside(session)
        aside.set_aside()
        inside = session.connection().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        )
        left = {name for (name,) in inside}
        assert "ix_project_figures" not in left and left >= READ_WHILE_IMPORTING
        aside.restore()
    assert {name for name, _ in indexes(db_path)} == before
    with store.writing() as session:
        kept = IndexesAside(session, below=0)  # a database of no fewer projects than that
        kept.set_aside()
        assert not kept.dropped
