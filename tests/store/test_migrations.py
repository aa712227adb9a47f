"""Schema changes go through Alembic; opening an older database upgrades it after a backup."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from sqlalchemy import text

from store.db.engine import current_revision, make_engine, upgrade
from store.db.migrations import HEAD
from store.service import ProjectFilter, Store


def test_a_database_at_the_first_revision_keeps_every_row_through_the_upgrade(
    db: str, backend: str
) -> None:
    engine = make_engine(db)
    upgrade(engine, "0001")
    with engine.begin() as connection:  # data as the first schema held it
        connection.execute(
            text(
                "INSERT INTO steward (name, title, unit, level, phone, version) "
                "VALUES ('王建国', '副市长', '酒泉市人民政府', '市级', '', 1)"
            )
        )
        connection.execute(
            text(
                "INSERT INTO project (code, name, investor, investor_origin, county, park, chain, kind,"
                " build_content, total_investment_yuan, signed_amount_yuan, annual_plan_yuan,"
                " funds_in_place_yuan, won_by, responsible_unit, progress_note, stage, signed_on,"
                " procedures_due, steward_id, county_leader, search_text, version) VALUES"
                " (:code, :name, '', '', '肃州区', '', '', 'new', '', :amount, :amount, 0, 0,"
                " '', '', '', 'signed', :signed_on, :due,"
                " (SELECT id FROM steward WHERE name = '王建国'), '', :search, 1)"
            ),
            [
                {
                    "code": f"2401-620902-04-01-{number:06d}",
                    "name": f"储能项目{number}",
                    "amount": number * 10**8,
                    "signed_on": date(2024, 1, 1),
                    "due": date(2024, 7, 10),
                    "search": f"储能项目{number} chunengxiangmu cnxm",
                }
                for number in range(1, 51)
            ],
        )
    assert current_revision(engine) == "0001"
    engine.dispose()
    store = Store.open(db, today=date(2024, 6, 30))
    assert current_revision(store.engine) == HEAD
    assert store.project_count() == 50
    assert sum(r.signed_amount_yuan for r in store.list_projects()) == sum(
        n * 10**8 for n in range(1, 51)
    )
    assert store.project_row("储能项目7").steward == "王建国"
    found = store.list_projects(ProjectFilter(search="储能项目7"))  # the rows the upgrade indexed
    assert [row.name for row in found] == ["储能项目7"]
    # new rows after the old
    store.add_project({"name": "升级后的项目"}, steward="李明", create_steward=True)
    assert store.project_count() == 51
    store.close()
    if backend == "sqlite":
        path = Path(db)
        backups = list(path.parent.glob(f"{path.name}.bak-0001-*"))
        assert len(backups) == 1
        with sqlite3.connect(backups[0]) as copy:
            assert copy.execute("SELECT count(*) FROM project").fetchone() == (50,)


def test_the_migrated_tables_have_the_models_columns(db: str) -> None:
    """Every column the models name is made by the migrations, and no other."""
    from sqlalchemy import inspect
    from sqlmodel import SQLModel

    import store.db.models  # noqa: F401  (the tables)

    engine = make_engine(db)
    upgrade(engine)
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in SQLModel.metadata.sorted_tables:
            made = {column["name"] for column in inspector.get_columns(table.name)}
            assert made == {column.name for column in table.columns}, table.name
    engine.dispose()


def test_the_migrated_indexes_are_the_models_indexes(db: str) -> None:
    """Every index the models name is made by the migrations and, where the model indexes only
    some rows (a WHERE), made so."""
    from sqlmodel import SQLModel

    import store.db.models  # noqa: F401  (the tables)

    engine = make_engine(db)
    upgrade(engine)
    catalog = (
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        if engine.dialect.name == "sqlite"
        else "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
    )
    with engine.connect() as connection:
        made = {name: sql for name, sql in connection.exec_driver_sql(catalog)}
    engine.dispose()
    for table in SQLModel.metadata.sorted_tables:
        for index in table.indexes:
            assert index.name in made, (table.name, index.name)
            partial = index.dialect_options[engine.dialect.name].get("where") is not None
            assert (" WHERE " in made[index.name].upper()) == partial, made[index.name]


def test_rows_from_before_month_dates_read_as_whole_dates_with_one_steward(db: str) -> None:
    engine = make_engine(db)
    upgrade(engine, "0006")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO project (name, investor, investor_origin, county, park, chain, kind,"
                " build_content, total_investment_yuan, signed_amount_yuan, annual_plan_yuan,"
                " funds_in_place_yuan, won_by, responsible_unit, progress_note, stage, signed_on,"
                " county_leader, search_text, procedures_required, procedures_done, version)"
                " VALUES ('旧项目', '', '', '', '', '', 'new', '', 0, 0, 0, 0, '', '', '',"
                " 'signed', '2024-01-05', '', '旧项目', 0, 0, 1)"
            )
        )
    engine.dispose()
    store = Store.open(db, today=date(2024, 6, 30))
    project = store.project("旧项目")
    assert (project.month_dates, project.other_stewards) == ("", "")
    store.close()
