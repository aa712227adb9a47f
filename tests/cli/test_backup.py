"""`investtrack backup`: a SQLite file copied while another officer writes to it, never over a
file unasked nor over the database itself; on PostgreSQL it names what to use instead."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from store.checks import check
from store.service import Store
from tests.conftest import run_cli


@pytest.mark.sqlite_only
def test_backup_while_another_officer_writes(demo_db: str, tmp_path: Path) -> None:
    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # an import half way: holds the write lock
    writer.execute("UPDATE project SET name = 'uncommitted' WHERE id = 1")
    target = tmp_path / "copy.db"
    code, _, err = run_cli(demo_db, "backup", str(target))
    assert code == 0, err
    writer.execute("COMMIT")
    writer.close()
    copy = Store.open(str(target))
    assert check(copy) == (200, [])
    assert copy.project(1).name != "uncommitted"  # only what was committed
    code, _, err = run_cli(demo_db, "backup", str(target))
    assert code == 1 and "exists" in err
    assert run_cli(demo_db, "backup", str(target), "--overwrite")[0] == 0
    assert run_cli(demo_db, "backup", demo_db)[0] == 1


def test_backup_names_what_postgresql_uses_instead(db: str, backend: str, tmp_path: Path) -> None:
    code, _, err = run_cli(db, "backup", str(tmp_path / "copy.db"))
    if backend == "sqlite":
        assert code == 0 and (tmp_path / "copy.db").exists()
    else:
        assert code == 1 and "pg_dump" in err
        assert not (tmp_path / "copy.db").exists()
