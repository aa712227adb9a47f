"""`check` finds each broken invariant and names the project, and repairs the search index."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from store.checks import Finding, check
from store.errors import UserError
from store.service import ProjectFilter, Store
from tests.conftest import run_cli


def test_the_demo_office_passes(demo_store: Store) -> None:
    checked, findings = check(demo_store)
    assert checked == 200 and findings == []


@pytest.mark.parametrize(
    "statement, rule",
    [
        ("UPDATE project SET procedures_on = '2023-01-01' WHERE code = :code", "dates in order"),
        (
            "UPDATE project SET stage = 'signed', procedures_on = NULL, deadline = procedures_due WHERE code = :code",
            "history",
        ),
        ("UPDATE project SET producing_on = '2024-06-01' WHERE code = :code", "stage and dates"),
        ("UPDATE project SET deadline = '2030-01-01' WHERE code = :code", "deadline"),
        ("UPDATE project SET funds_in_place_yuan = 1 WHERE code = :code", "funds"),
        ("UPDATE project SET steward_id = NULL WHERE code = :code", "history"),
        ("UPDATE project SET procedures_done = 5 WHERE code = :code", "procedures"),
    ],
)
def test_each_broken_rule_is_found_and_named(store: Store, statement: str, rule: str) -> None:
    code = "2401-620902-04-01-123456"
    store.add_project(
        {
            "name": "酒泉南都电源4GWh储能项目",
            "code": code,
            "signed_on": date(2024, 1, 5),
            "procedures_due": date(2024, 7, 10),
            "start_due": date(2024, 9, 1),
        },
        steward="王建国",
        create_steward=True,
    )
    store.advance(code, date(2024, 2, 1))
    store.add_funds(code, date(2024, 3, 1), 5 * 10**7)
    assert check(store) == (1, [])
    with store.engine.begin() as connection:  # what a buggy tool or a hand edit might do
        connection.execute(text(statement), {"code": code})
    checked, findings = check(store)
    assert checked == 1 and [(f.project, f.rule) for f in findings] == [(code, rule)]


CODE = "2401-620902-04-01-123456"


def nandu_with_records(store: Store) -> str:
    """A new project in procedures with its steward, a procedure done, an open problem and a
    month's funds, all sound; returns its code."""
    store.add_project(
        {
            "name": "酒泉南都电源4GWh储能项目",
            "code": CODE,
            "signed_on": date(2024, 1, 5),
            "procedures_due": date(2024, 7, 10),
            "start_due": date(2024, 9, 1),
        },
        steward="王建国",
        create_steward=True,
    )
    store.advance(CODE, date(2024, 2, 1))
    environmental = next(p for p in store.procedures(CODE) if p.name == "环评")
    store.set_procedure(environmental.id or 0, done_on=date(2024, 3, 1))
    store.raise_problem(
        CODE, "用地指标未落实", raised_on=date(2024, 3, 10), due_on=date(2024, 4, 10)
    )
    store.add_funds(CODE, date(2024, 3, 1), 5 * 10**7)
    assert check(store) == (1, [])
    return CODE


def planted_and_checked(
    store: Store, statements: str, values: dict[str, object] | None = None
) -> tuple[int, list[Finding]]:
    """check after the statements (separated by ;) ran past every door, as a hand edit."""
    with store.engine.begin() as connection:
        for statement in statements.split(";"):
            connection.execute(text(statement), values or {})
    return check(store)


@pytest.mark.parametrize(
    "statement, found",
    [  # what an older version let in; found: (rule, the field named) for each finding
        (
            "UPDATE project SET procedures_on = '2024-07-01'",
            [("future date", "手续办理日期 (procedures on) 2024-07-01")],
        ),
        (
            "UPDATE project SET signed_on = '2024-06-01'",
            [
                ("dates in order", "procedures_on 2024-02-01 is before signed_on"),
                ("dates in order", "环评: 手续办结日期 (procedure done on) 2024-03-01"),
                ("dates in order", "到位资金月份 (month of funds) 2024-03: is before the month"),
            ],
        ),
        (
            "UPDATE project SET signed_on = '2024-07-01', procedures_on = '2024-07-01'",
            [
                ("future date", "签约日期 (signed on) 2024-07-01"),
                ("future date", "手续办理日期 (procedures on) 2024-07-01"),
                ("dates in order", "环评: 手续办结日期 (procedure done on) 2024-03-01"),
                ("dates in order", "到位资金月份 (month of funds) 2024-03: is before the month"),
            ],
        ),
        (
            "UPDATE project SET started_on = '2024-05-01'",
            [("stage and dates", "开工日期 (started on) 2024-05-01: the stage is 手续")],
        ),
        (
            "UPDATE project SET withdrawn_on = '2024-07-01', withdraw_reason = '企业撤资',"
            " deadline = NULL",
            [("future date", "退出日期 (withdrawn on) 2024-07-01")],
        ),
        (
            "UPDATE project SET kind = 'continuing', resumed_on = '2024-07-01'",
            [("future date", "复工日期 (resumed on) 2024-07-01")],
        ),
        (
            "UPDATE procedure SET done_on = '2024-01-04' WHERE done_on IS NOT NULL",
            [("dates in order", "环评: 手续办结日期 (procedure done on) 2024-01-04: is before")],
        ),
        (
            "UPDATE procedure SET done_on = '2024-07-01' WHERE done_on IS NOT NULL",
            [("future date", "环评: 手续办结日期 (procedure done on) 2024-07-01")],
        ),
        (
            "UPDATE problem SET due_on = '2024-03-09'",
            [
                (
                    "dates in order",
                    "用地指标未落实: 问题解决时限 (problem due) 2024-03-09: is before",
                )
            ],
        ),
        (
            "UPDATE problem SET raised_on = '2024-07-01', due_on = '2024-08-01'",
            [("future date", "用地指标未落实: 问题提出日期 (problem raised on) 2024-07-01")],
        ),
        (
            "UPDATE problem SET status = 'resolved', resolved_on = '2024-03-01'",
            [("dates in order", "用地指标未落实: 问题解决日期 (problem resolved on) 2024-03-01")],
        ),
        (
            "UPDATE problem SET status = 'resolved', resolved_on = '2024-07-01'",
            [("future date", "用地指标未落实: 问题解决日期 (problem resolved on) 2024-07-01")],
        ),
        (
            "UPDATE dispatchrecord SET month = '2024-07-01'",
            [("future date", "到位资金月份 (month of funds) 2024-07: has not come yet")],
        ),
    ],
)
def test_what_an_older_version_let_in_is_found(
    store: Store, statement: str, found: list[tuple[str, str]]
) -> None:
    code = nandu_with_records(store)
    checked, findings = planted_and_checked(store, statement)
    assert checked == 1 and [f.project for f in findings] == [code] * len(found)
    assert [f.rule for f in findings] == [rule for rule, _ in found]
    for finding, (_, words) in zip(findings, found, strict=True):
        assert words in finding.detail, finding.detail


RESOLVED_ON = "用地指标未落实: 问题解决日期 (problem resolved on)"


@pytest.mark.parametrize(
    "statements, found",
    [  # each state planted, and each finding's (rule, detail) exactly
        (
            "UPDATE steward SET retired_on = '2024-05-01'",
            [
                (
                    "retired steward",
                    "包抓领导 (steward) 王建国: retired on 2024-05-01 but answers for this "
                    "active project: assign another steward",
                )
            ],
        ),
        (  # a withdrawn project keeps its retired steward, as a record
            "UPDATE steward SET retired_on = '2024-05-01';"
            "UPDATE project SET withdrawn_on = '2024-04-01', withdraw_reason = '企业撤资',"
            " deadline = NULL",
            [],
        ),
        (
            "UPDATE project SET resumed_on = '2024-03-05'",
            [
                (
                    "kind and dates",
                    "复工日期 (resumed on) 2024-03-05: the project is 新建 (new): "
                    "only continuing (续建) projects resume",
                )
            ],
        ),
        ("UPDATE project SET kind = 'continuing', resumed_on = '2024-03-05'", []),
        (
            "UPDATE project SET kind = '续建'",
            [
                (
                    "unknown value",
                    "类型 (kind) '续建': is unknown: use new (新建), continuing (续建)",
                )
            ],
        ),
        (
            "UPDATE project SET total_investment_yuan = -1, annual_plan_yuan = -2",
            [
                ("negative amount", "总投资 (total investment) -1: must not be negative"),
                ("negative amount", "年度计划投资 (annual plan) -2: must not be negative"),
            ],
        ),
        (
            "UPDATE project SET land_mu = '-0.5', jobs = -3, expected_output_yuan = -4",
            [
                ("negative amount", "预计年产值 (expected output) -4: must not be negative"),
                ("negative amount", "用地(亩) (land (mu)) -0.5: must not be negative"),
                ("negative amount", "就业人数 (jobs) -3: must not be negative"),
            ],
        ),
        (
            "UPDATE dispatchrecord SET funds_in_place_yuan = -5;"
            "UPDATE project SET funds_in_place_yuan = -5",
            [
                ("negative amount", "到位资金 (funds in place) -5: must not be negative"),
                (
                    "negative amount",
                    "2024-03: 到位资金 (funds in place) -5: must not be negative",
                ),
            ],
        ),
        (
            "UPDATE dispatchrecord SET investment_completed_yuan = -100",
            [
                (
                    "negative amount",
                    "2024-03: 完成投资 (investment completed) -100: must not be negative",
                )
            ],
        ),
        (
            "UPDATE problem SET status = 'done'",
            [
                (
                    "unknown value",
                    "用地指标未落实: 问题状态 (problem status) 'done': is unknown: use "
                    "open (未解决), in_hand (办理中), resolved (已解决), "
                    "unresolvable (暂无法办结)",
                )
            ],
        ),
        (
            "UPDATE problem SET status = 'resolved'",
            [
                (
                    "status and dates",
                    "用地指标未落实: 问题状态 (problem status) 已解决 (resolved): has no "
                    "问题解决日期 (problem resolved on): a resolved problem was resolved on a day",
                )
            ],
        ),
        (
            "UPDATE problem SET status = 'unresolvable', resolved_on = '2024-03-20'",
            [
                (
                    "status and dates",
                    f"{RESOLVED_ON} 2024-03-20: the problem is 暂无法办结 (cannot resolve "
                    "now): only a resolved problem has this date",
                )
            ],
        ),
        ("UPDATE problem SET status = 'resolved', resolved_on = '2024-03-20'", []),
        (
            "UPDATE dispatchrecord SET month = '2024-03-15'",
            [
                (
                    "first of the month",
                    "到位资金月份 (month of funds) 2024-03-15: is not the first of its month: "
                    "a month's funds are kept on its first day",
                )
            ],
        ),
    ],
)
def test_a_state_no_door_lets_in_is_found_by_its_rule(
    store: Store, statements: str, found: list[tuple[str, str]]
) -> None:
    code = nandu_with_records(store)
    checked, findings = planted_and_checked(store, statements)
    assert checked == 1
    assert [(f.project, f.rule, f.detail) for f in findings] == [
        (code, rule, detail) for rule, detail in found
    ]


NUL_AT_5 = "contains a NUL character (\\0) at position 5: remove it"


@pytest.mark.sqlite_only  # PostgreSQL refuses both itself: nothing to plant
@pytest.mark.parametrize(
    "statement, values, found",
    [
        (
            "UPDATE project SET investor = :text",
            {"text": "酒泉南都\x00电源"},
            [(CODE, f"investor “酒泉南都\\0电源” {NUL_AT_5}")],
        ),
        (
            "UPDATE project SET name = :text",
            {"text": "储" * 201},
            [(CODE, f"name “{'储' * 24}…” is 201 characters long, more than the 200 it can hold")],
        ),
        (
            "UPDATE project SET code = NULL, name = :text",
            {"text": "酒泉南都\x00电源"},
            [("酒泉南都\\0电源", f"name “酒泉南都\\0电源” {NUL_AT_5}")],
        ),
        (
            "UPDATE procedure SET name = :text WHERE name = '环评'",
            {"text": "环评审批\x00"},
            [(CODE, f"procedure name “环评审批\\0” {NUL_AT_5}")],
        ),
        (
            "UPDATE history SET note = :text WHERE id = (SELECT min(id) FROM history)",
            {"text": "导入台账\x00"},
            [(CODE, f"history note “导入台账\\0” {NUL_AT_5}")],
        ),
        (
            "UPDATE problem SET owner = :text",
            {"text": "玉门市\x00自然资源局"},
            [
                (
                    CODE,
                    "problem owner “玉门市\\0自然资源局” contains a NUL character (\\0) at position 4: remove it",
                )
            ],
        ),
        (
            "UPDATE dispatchrecord SET note = :text",
            {"text": "主体工程\x00"},
            [(CODE, f"dispatchrecord note “主体工程\\0” {NUL_AT_5}")],
        ),
        (  # a steward's text: no project to name, the steward is named
            "UPDATE steward SET phone = :text",
            {"text": "1389\x00"},
            [(None, f"steward 王建国: steward phone “1389\\0” {NUL_AT_5}")],
        ),
        (
            "UPDATE steward SET name = :text",
            {"text": "王" * 101},
            [
                (
                    None,
                    f"steward {'王' * 24}…: steward name “{'王' * 24}…” is 101 characters "
                    "long, more than the 100 it can hold",
                ),
                (CODE, f"history ends with steward 王建国, the project has {'王' * 101}"),
            ],
        ),
    ],
)
def test_text_the_limits_refuse_is_found(
    store: Store, statement: str, values: dict[str, object], found: list[tuple[str | None, str]]
) -> None:
    nandu_with_records(store)
    checked, findings = planted_and_checked(store, statement, values)
    assert checked == 1
    assert [(f.project, f.detail) for f in findings] == found


@pytest.mark.sqlite_only
def test_sqlite_foreign_keys_are_checked(demo_db: str) -> None:
    with sqlite3.connect(demo_db) as connection:  # foreign keys are off in a bare connection
        connection.execute(
            "INSERT INTO procedure (project_id, position, name, required) VALUES (99999, 0, 'x', 1)"
        )
    _, findings = check(Store.open(demo_db))
    assert [f.rule for f in findings] == ["foreign key"]


@pytest.mark.sqlite_only
def test_a_search_index_out_of_step_is_found_and_rebuilt(demo_db: str) -> None:
    with sqlite3.connect(demo_db) as connection:  # a text changed behind the index's back
        connection.execute("DROP TRIGGER project_search_update")
        connection.execute("UPDATE project SET search_text = 'zqxj 新名字' WHERE id = 7")
    store = Store.open(demo_db)
    assert [p.id for p in store.list_projects(ProjectFilter(search="zqxj"))] == []
    _, findings = check(store)
    assert [(f.rule, f.detail.split(":")[0]) for f in findings] == [
        ("search index", "trigger project_search_update is missing"),
        ("search index", "the index does not match the projects' text"),
    ]
    code, out, _ = run_cli(demo_db, "check")
    assert code == 1 and "--rebuild-search" in out
    code, out, _ = run_cli(demo_db, "check", "--rebuild-search")
    assert code == 0 and "0 problems found" in out
    assert [p.id for p in store.list_projects(ProjectFilter(search="zqxj"))] == [7]
    store.update_project(7, {"name": "天水泽琪新材料"})  # the trigger is back: kept in step
    assert [p.id for p in store.list_projects(ProjectFilter(search="泽琪新"))] == [7]
    assert check(store)[1] == []


# -- states older versions let in, each planted past every door -------------------------------


@pytest.mark.parametrize(
    "statements, found",
    [
        (
            "UPDATE project SET withdrawn_on = '2024-04-01', withdraw_reason = NULL,"
            " deadline = NULL",
            [
                (
                    "withdrawal",
                    "退出原因 (withdraw reason) “”: is empty, yet the project was withdrawn on "
                    "2024-04-01: a withdrawal says why",
                )
            ],
        ),
        (
            "UPDATE project SET withdrawn_on = '2024-04-01', withdraw_reason = '  ',"
            " deadline = NULL",
            [
                (
                    "withdrawal",
                    "退出原因 (withdraw reason) “”: is empty, yet the project was withdrawn on "
                    "2024-04-01: a withdrawal says why",
                )
            ],
        ),
        (
            "UPDATE project SET withdraw_reason = '企业撤资'",
            [
                (
                    "withdrawal",
                    "退出原因 (withdraw reason) “企业撤资”: is kept, yet the project is not "
                    "withdrawn: only a withdrawn project has one",
                )
            ],
        ),
        (
            "UPDATE dispatchrecord SET month = '2023-12-01'",
            [
                (
                    "dates in order",
                    "到位资金月份 (month of funds) 2023-12: is before the month of "
                    "签约日期 (signed on) 2024-01-05",
                )
            ],
        ),
        ("UPDATE dispatchrecord SET month = '2024-01-01'", []),  # the signing's own month
        (
            "UPDATE problem SET status = 'resolved', resolved_on = NULL",
            [
                (
                    "status and dates",
                    "用地指标未落实: 问题状态 (problem status) 已解决 (resolved): has no "
                    "问题解决日期 (problem resolved on): a resolved problem was resolved on a day",
                )
            ],
        ),
        (
            "UPDATE problem SET status = 'resolved', resolved_on = '2024-03-09'",
            [
                (
                    "dates in order",
                    f"{RESOLVED_ON} 2024-03-09: is before 问题提出日期 (problem raised on) "
                    "2024-03-10",
                )
            ],
        ),
        (
            "UPDATE procedure SET done_on = '2024-01-04' WHERE name = '环评'",
            [
                (
                    "dates in order",
                    "环评: 手续办结日期 (procedure done on) 2024-01-04: is before "
                    "签约日期 (signed on) 2024-01-05",
                )
            ],
        ),
        (
            "UPDATE dispatchrecord SET month = '2024-08-01'",
            [
                (
                    "future date",
                    "到位资金月份 (month of funds) 2024-08: has not come yet (today is "
                    "2024-06-30): funds are recorded once they arrive",
                )
            ],
        ),
    ],
)
def test_what_older_versions_let_in_is_named_exactly(
    store: Store, statements: str, found: list[tuple[str, str]]
) -> None:
    code = nandu_with_records(store)
    checked, findings = planted_and_checked(store, statements)
    assert checked == 1
    assert [(f.project, f.rule, f.detail) for f in findings] == [
        (code, rule, detail) for rule, detail in found
    ]


def test_a_month_before_the_signing_is_refused_at_the_door(store: Store) -> None:
    code = nandu_with_records(store)
    with pytest.raises(UserError, match=r"2023-12: is before the month of 签约日期"):
        store.set_month(code, date(2023, 12, 1), 10**8)
    store.set_month(code, date(2024, 1, 1), 10**8)  # the signing's own month is fine
    assert check(store) == (1, [])


def test_an_import_keeps_the_withdrawal_rule(store: Store, tmp_path: Path) -> None:
    """A sheet's withdrawal without a reason, or a reason without a withdrawal, is refused
    by the import: what check would call broken never comes in."""
    from store.io.importer import import_file

    sheet = tmp_path / "退出.csv"
    sheet.write_text(
        "项目名称,签约日期,退出日期,退出原因\n"
        "玉门退出项目,2024-01-05,2024-03-01,\n"
        "瓜州项目,2024-01-05,,企业撤资\n"
        "肃州退出项目,2024-01-05,2024-03-01,企业撤资\n",
        encoding="utf-8",
    )
    summary = import_file(store, sheet)
    assert [(issue.row, issue.column) for issue in summary.errors] == [
        (2, "退出原因"),
        (3, "退出原因"),
    ]
    assert store.project_count() == 0  # nothing written while rows are wrong
    assert check(store)[1] == []
