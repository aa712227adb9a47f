"""Schema changes go through Alembic; opening an older database upgrades it after a backup."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from store.db import current_revision, make_engine, upgrade
from store.migrations import HEAD
from store.service import Store


def test_a_database_at_the_first_revision_keeps_every_row_through_the_upgrade(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(str(path))
    upgrade(engine, "0001")
    engine.dispose()
    with sqlite3.connect(path) as connection:  # data as the first schema held it
        connection.execute(
            "INSERT INTO steward (id, name, title, unit, level, phone, version) "
            "VALUES (1, '王建国', '副市长', '酒泉市人民政府', '市级', '', 1)"
        )
        for number in range(1, 51):
            connection.execute(
                "INSERT INTO project (id, code, name, investor, investor_origin, county, park, chain, kind,"
                " build_content, total_investment_yuan, signed_amount_yuan, annual_plan_yuan,"
                " funds_in_place_yuan, won_by, responsible_unit, progress_note, stage, signed_on,"
                " procedures_due, steward_id, county_leader, search_text, version) VALUES"
                " (?, ?, ?, '', '', '肃州区', '', '', 'new', '', ?, ?, 0, 0, '', '', '', 'signed', '2024-01-01',"
                " '2024-07-10', 1, '', ?, 1)",
                (
                    number,
                    f"2401-620902-04-01-{number:06d}",
                    f"储能项目{number}",
                    number * 10**8,
                    number * 10**8,
                    f"储能项目{number} chunengxiangmu cnxm",
                ),
            )
    assert current_revision(make_engine(str(path))) == "0001"
    store = Store.open(str(path), today=date(2024, 6, 30))
    assert current_revision(store.engine) == HEAD
    assert store.project_count() == 50
    assert sum(r.signed_amount_yuan for r in store.list_projects()) == sum(
        n * 10**8 for n in range(1, 51)
    )
    assert store.project_row("储能项目7").steward == "王建国"
    backups = list(tmp_path.glob("old.db.bak-0001-*"))
    assert len(backups) == 1
    with sqlite3.connect(backups[0]) as copy:
        assert copy.execute("SELECT count(*) FROM project").fetchone() == (50,)
