"""Rows an import writes in bulk, past SQLAlchemy, are stored in the very text the app's
own writes store: a time, a date and an exact decimal read the same whoever wrote them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from store.io.importer import import_file
from store.service import Store
from tests.conftest import add_nandu
from tests.sheets import ROWS, write_gbk_csv

pytestmark = pytest.mark.sqlite_only

TIME = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}")  # naive UTC, as SQLAlchemy
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def stored(db: str, sql: str) -> list[tuple[str, ...]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(sql).fetchall()


def test_imported_history_times_are_written_as_the_apps_are(
    store: Store, db: str, tmp_path: Path
) -> None:
    add_nandu(store, name="另一个项目", code="2401-620902-04-01-999999")
    assert import_file(store, write_gbk_csv(tmp_path / "ledger.csv")).added == len(ROWS)
    rows = stored(db, "SELECT action, at, effective_on FROM history")
    actions = {action for action, _, _ in rows}
    assert {"import", "create"} <= actions
    for action, at, effective_on in rows:
        assert TIME.fullmatch(at), (action, at)
        assert DAY.fullmatch(effective_on), (action, effective_on)


def test_imported_dates_and_areas_are_plain_text(store: Store, db: str, tmp_path: Path) -> None:
    import_file(store, write_gbk_csv(tmp_path / "ledger.csv"))
    for signed_on, land_mu in stored(db, "SELECT signed_on, land_mu FROM project"):
        assert DAY.fullmatch(signed_on)
        assert land_mu is None or re.fullmatch(r"\d+(\.\d+)?", land_mu), land_mu
