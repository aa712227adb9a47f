import time
from datetime import date
from pathlib import Path

import pytest

from store.db.engine import current_revision, head_revision
from store.db.migrations import HEAD
from store.errors import NotFound, StaleEdit, UserError
from store.labels import Lang, change_words
from store.service import ProjectFilter, Store
from store.warnings import WarningLevel
from tests.conftest import BACKENDS, TODAY

CODE = "2401-620902-04-01-123456"


def add_nandu(store: Store, **extra: object) -> str:
    values = {
        "name": "酒泉南都电源4GWh储能项目",
        "code": CODE,
        "county": "肃州区",
        "investor": "南都电源",
        "signed_amount_yuan": 30 * 10**8,
        "signed_on": date(2024, 1, 5),
        "procedures_due": date(2024, 7, 10),
    } | extra
    store.add_project(values, steward="王建国", create_steward=True)
    return CODE


def test_the_head_constant_names_alembic_head() -> None:
    assert head_revision() == HEAD


def test_open_creates_the_schema_with_sqlite_pragmas(db_path: Path) -> None:
    store = Store.open(str(db_path))
    assert db_path.exists()
    assert current_revision(store.engine) == HEAD
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_every_move_lands_in_history_with_who_and_when(store: Store) -> None:
    code = add_nandu(store)
    store.advance(code, date(2024, 2, 1), note="立项申请")
    store.advance(code, date(2024, 3, 1))
    store.back(code, "开工日期录错")
    store.assign(code, "李志强", create=True)
    store.withdraw(code, "企业战略调整", on=date(2024, 6, 1))
    entries = store.history(code)
    moves = [
        (e.action, e.field, e.old_value, e.new_value)
        for e in entries
        if e.field in ("stage", "steward", "withdrawn_on")
    ]
    assert moves == [
        ("create", "stage", None, "signed"),
        ("create", "steward", None, "王建国"),
        ("advance", "stage", "signed", "procedures"),
        ("advance", "stage", "procedures", "started"),
        ("back", "stage", "started", "procedures"),
        ("assign", "steward", "王建国", "李志强"),
        ("withdraw", "withdrawn_on", None, "2024-06-01"),
    ]
    assert {e.user for e in entries} == {"测试员"}
    assert all(e.at is not None for e in entries)
    withdrawn = store.project_row(code)  # found, though listings leave it out by default
    assert (withdrawn.withdrawn_on, withdrawn.steward) == (date(2024, 6, 1), "李志强")
    back = next(e for e in entries if e.action == "back")
    assert back.note == "开工日期录错" and back.effective_on == TODAY


def test_a_refused_move_changes_nothing(store: Store) -> None:
    code = add_nandu(store)
    before = len(store.history(code))
    with pytest.raises(UserError):
        store.advance(code, date(2023, 1, 1))
    assert store.project(code).stage == "signed"
    assert len(store.history(code)) == before


def test_deadline_countdown_and_warning_in_lists(store: Store) -> None:
    code = add_nandu(store)
    row = store.project_row(code)
    assert row.deadline == date(2024, 7, 10)
    assert row.days_left == 10
    assert row.working_days_left == 8
    assert row.warning is WarningLevel.BLUE
    assert [r.code for r in store.list_projects(ProjectFilter(warning=WarningLevel.BLUE))] == [code]
    assert store.list_projects(ProjectFilter(warning=WarningLevel.RED)) == []


def test_thresholds_change_per_database(store: Store) -> None:
    code = add_nandu(store)
    store.set_setting("warning.blue_within_days", "5")
    assert Store(store.engine, today=TODAY).project_row(code).warning is None
    with pytest.raises(UserError, match="whole number"):
        store.set_setting("warning.red_after_days", "soon")
    with pytest.raises(UserError, match="unknown setting"):
        store.set_setting("warning.purple", "3")


# "xm" (项目) ends the search text: two characters with no third after them
@pytest.mark.parametrize("term", ["jqnd", "JiuQuan", "南都", "620902", "南都电源", "xm", "4G"])
def test_search_by_name_code_investor_and_pinyin(store: Store, term: str) -> None:
    add_nandu(store)
    store.add_project({"name": "玉门抽水蓄能电站", "signed_on": date(2024, 1, 1)})
    assert [r.code for r in store.list_projects(ProjectFilter(search=term))] == [CODE]


def test_search_takes_percent_underscore_and_quotes_literally(store: Store) -> None:
    add_nandu(store)
    for term in ("%", "_", "%_", '"', 'j"', "南%", "j\U0010ffff"):
        assert store.list_projects(ProjectFilter(search=term)) == [], term


def test_search_follows_a_renamed_project(store: Store) -> None:
    code = add_nandu(store)
    store.update_project(code, {"name": "敦煌光热电站"})
    for term in ("敦煌光热", "dhgr", "dunhuang", "敦煌"):
        assert [r.code for r in store.list_projects(ProjectFilter(search=term))] == [code], term
    assert store.list_projects(ProjectFilter(search="4GWh")) == []
    assert store.list_projects(ProjectFilter(search="jqnd")) == []


@pytest.mark.parametrize(
    ("term", "sort", "counted_on"),
    [
        ("j", "deadline", ()),  # short and broad: a walk of the deadline index, counted after
        ("j", "name", ()),
        ("j", "signed_amount", ()),  # short and broad, no index to walk: one scan and sort
        ("储能", "deadline", BACKENDS),  # short and rare: collected, counted and sorted at once
        ("xiangmu", "code", ("sqlite",)),  # SQLite's trigram index; a broad scan elsewhere
        ("zzzz", "deadline", BACKENDS),
    ],
)
def test_a_search_page_is_the_lists_page(
    demo_store: Store, backend: str, term: str, sort: str, counted_on: tuple[str, ...]
) -> None:
    filters = ProjectFilter(search=term)
    for offset, descending in ((0, False), (10, True)):
        arguments = dict(sort=sort, descending=descending, offset=offset, limit=10)
        total, rows = demo_store.page_projects(filters, **arguments)  # type: ignore[arg-type]
        expected = demo_store.list_projects(filters, **arguments)  # type: ignore[arg-type]
        assert [r.id for r in rows] == [r.id for r in expected]
        assert total == (demo_store.count_projects(filters) if backend in counted_on else None)


def test_stale_edit_is_refused(store: Store) -> None:
    code = add_nandu(store)
    read = store.project(code)
    store.update_project(code, {"progress_note": "officer A"}, expected_version=read.version)
    with pytest.raises(StaleEdit, match="changed by someone else"):
        store.update_project(code, {"progress_note": "officer B"}, expected_version=read.version)
    assert store.project(code).progress_note == "officer A"


def test_edits_validate_and_record_old_and_new(store: Store) -> None:
    code = add_nandu(store)
    with pytest.raises(UserError, match="negative"):
        store.update_project(code, {"signed_amount_yuan": -1})
    with pytest.raises(UserError, match="out of order"):
        store.update_project(code, {"procedures_due": date(2023, 1, 1)})
    store.update_project(code, {"signed_amount_yuan": 31 * 10**8})
    entry = store.history(code)[-1]
    assert (entry.field, entry.old_value, entry.new_value) == (
        "signed_amount_yuan",
        "3000000000",
        "3100000000",
    )


def test_funds_arrive_over_time_and_sum_exactly(store: Store) -> None:
    code = add_nandu(store)
    store.add_funds(code, date(2024, 3, 15), 10**8)
    store.add_funds(code, date(2024, 3, 20), 5 * 10**7)
    store.add_funds(code, date(2024, 4, 1), 10**8)
    assert store.project(code).funds_in_place_yuan == 25 * 10**7
    assert [r.funds_in_place_yuan for r in store.dispatch_records(code)] == [15 * 10**7, 10**8]


def test_procedures_and_problems(store: Store) -> None:
    code = add_nandu(store)
    procedures = store.procedures(code)
    assert len(procedures) == 11 and procedures[0].name.startswith("立项")
    store.set_procedure(procedures[0].id or 0, done_on=date(2024, 2, 1))
    store.add_procedure(code, "压覆矿产评估")
    store.drop_procedure(procedures[1].id or 0)
    names = [p.name for p in store.procedures(code)]
    assert "压覆矿产评估" in names and procedures[1].name not in names
    problem = store.raise_problem(code, "用电接入未完成", category="用电")
    store.set_problem_status(problem.id or 0, "resolved")
    assert store.problems(code)[0].resolved_on == TODAY


def test_resume_only_continuing_once_a_year(store: Store) -> None:
    code = add_nandu(store)
    with pytest.raises(UserError, match="continuing"):
        store.resume(code)
    store.update_project(code, {"kind": "续建"})
    store.resume(code, date(2024, 3, 1))
    with pytest.raises(UserError, match="already resumed"):
        store.resume(code, date(2024, 4, 1))


def test_unknown_project(store: Store) -> None:
    with pytest.raises(NotFound):
        store.advance("9999-000000-00-00-000000")


def test_demo_covers_every_stage_and_warning(demo_store: Store) -> None:
    rows = demo_store.list_projects()
    assert {r.stage for r in rows} == {"signed", "procedures", "started", "producing"}
    assert {r.warning for r in rows} >= set(WarningLevel)
    assert demo_store.count_projects(ProjectFilter(include_withdrawn=True)) == 200
    stewards = demo_store.stewards()
    assert sum(s.projects for s in stewards) == len(rows)


def test_a_commit_made_elsewhere_is_noticed_without_reading_tables(store: Store, db: str) -> None:
    assert store.changes.changed() is False  # the first look only sets the mark
    other = Store.open(db, today=TODAY, user="李科员")
    assert store.changes.changed() is False  # opening is not a change
    other.add_project({"name": "别处新增的项目"})
    deadline = time.monotonic() + 5
    while not store.changes.changed():
        assert time.monotonic() < deadline, "the other officer's commit was not noticed"
        time.sleep(0.05)
    assert store.changes.changed() is False  # noticed once
    other.close()


@pytest.mark.sqlite_only
def test_a_write_that_waited_too_long_says_so_and_saves_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    import store.db.engine

    monkeypatch.setattr(store.db.engine, "BUSY_TIMEOUT_MS", 200)
    busy = Store.open(str(db_path), today=TODAY)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a long import holding the write lock
    with pytest.raises(UserError, match="busy"):
        busy.add_project({"name": "等待中的项目"})
    holder.execute("ROLLBACK")
    holder.close()
    assert busy.project_count() == 0
    busy.close()


def test_due_items_are_the_nearest_of_all_that_are_due(demo_store: Store) -> None:
    every = demo_store.due_items(within_days=30, limit=10_000)
    assert len(every.items) == every.total > 500
    nearest = demo_store.due_items(within_days=30, limit=20)
    assert nearest.total == every.total  # the nearest 20 of them all
    assert [item.due for item in nearest.items] == [item.due for item in every.items[:20]]
    assert all(item.days_left <= 30 for item in every.items)
    assert demo_store.due_items(-10_000).total == 0


def test_history_entries_in_words() -> None:
    assert change_words("advance", "stage", "signed", "procedures", Lang.ZH) == (
        "推进",
        "阶段",
        "签约",
        "手续",
    )
    assert change_words("funds", "funds_in_place_yuan", "0", "700000000", Lang.EN) == (
        "funds",
        "Funds in place",
        "0.00 (100M yuan)",
        "7.00 (100M yuan)",
    )
    # a record's field is named with it; what has no words stays as recorded
    assert change_words("merge", "problem:3", None, "7.5", Lang.ZH) == (
        "merge",
        "问题#3 状态",
        "",
        "7.5",
    )
