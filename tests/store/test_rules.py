"""The rules every door keeps (store.domain.rules): first as plain functions, then through the
store's writes on both backends, then through an import."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from store.domain import rules
from store.errors import NotFound, StaleEdit, UserError
from store.io.importer import ImportOptions, import_file
from store.service import Store
from tests.conftest import TODAY

CODE = "2401-620902-04-01-123456"
TOMORROW = date(2024, 7, 1)


def fields(broken: list[rules.Broken]) -> list[tuple[str, str]]:
    return [(b.rule, b.field) for b in broken]


# -- the rules as plain functions -----------------------------------------------------------


def test_facts_are_not_dated_after_today_but_deadlines_may_be() -> None:
    dates = {
        "signed_on": TODAY,
        "procedures_on": TOMORROW,
        "resumed_on": TOMORROW,
        "withdrawn_on": None,
        "start_due": date(2030, 1, 1),
        "production_due": date(2031, 1, 1),
    }
    assert fields(rules.future_facts(dates, TODAY)) == [
        ("future date", "procedures_on"),
        ("future date", "resumed_on"),
    ]


def test_a_stage_not_reached_has_no_date() -> None:
    dates = {"signed_on": date(2024, 1, 5), "procedures_on": date(2024, 2, 1)}
    assert rules.unreached_stage_dates("procedures", dates) == []  # its own stage's date
    assert rules.unreached_stage_dates("producing", dates) == []  # earlier stages' dates
    assert fields(rules.unreached_stage_dates("signed", dates)) == [
        ("stage and dates", "procedures_on")
    ]
    late = rules.unreached_stage_dates("procedures", {"started_on": date(2024, 5, 1)})
    assert late[0].message().startswith("开工日期 (started on) 2024-05-01: the stage is 手续")


def test_procedures_problems_and_months() -> None:
    signed = date(2024, 1, 5)
    assert rules.procedure_done(signed, signed, TODAY) == []  # done the day of the signing
    assert fields(rules.procedure_done(date(2024, 1, 4), signed, TODAY)) == [
        ("dates in order", "done_on")
    ]
    assert fields(rules.procedure_done(TOMORROW, signed, TODAY)) == [("future date", "done_on")]
    assert rules.procedure_done(None, signed, TODAY) == []  # not done
    raised = date(2024, 3, 10)
    assert rules.problem_dates(raised, raised, raised, TODAY) == []
    assert rules.problem_dates(raised, date(2030, 1, 1), None, TODAY) == []  # due ahead
    assert fields(rules.problem_dates(raised, date(2024, 3, 9), date(2024, 3, 1), TODAY)) == [
        ("dates in order", "due_on"),
        ("dates in order", "resolved_on"),
    ]
    assert fields(rules.problem_dates(TOMORROW, None, TOMORROW, TODAY)) == [
        ("future date", "raised_on"),
        ("future date", "resolved_on"),
    ]
    assert rules.funds_month(date(2024, 6, 1), TODAY) == []  # this month: funds come in
    (future,) = rules.funds_month(TOMORROW, TODAY)
    assert future.message().startswith("到位资金月份 (month of funds) 2024-07: has not come yet")


def test_refuse_raises_the_first_naming_field_value_and_reason() -> None:
    rules.refuse([])
    with pytest.raises(UserError, match=r"^签约日期 \(signed on\) 2024-07-01: is in the future"):
        rules.refuse(rules.future_facts({"signed_on": TOMORROW}, TODAY))


# -- every write of the store keeps them ------------------------------------------------------


def nandu(store: Store, **values: object) -> str:
    store.add_project(
        {
            "name": "酒泉南都电源4GWh储能项目",
            "code": CODE,
            "signed_on": date(2024, 1, 5),
            "start_due": date(2024, 9, 1),
            **values,
        }
    )
    return CODE


def test_adding_refuses_future_facts_and_dates_of_stages_not_reached(store: Store) -> None:
    with pytest.raises(UserError, match=r"签约日期 \(signed on\) 2030-01-01: is in the future"):
        nandu(store, signed_on=date(2030, 1, 1), start_due=None)
    with pytest.raises(UserError, match=r"开工日期 \(started on\)"):
        nandu(store, started_on=date(2024, 3, 1))  # a new project is signed, not started
    nandu(store, start_due=date(2030, 1, 1))  # a deadline far ahead is a plan
    assert store.project_count() == 1


def test_the_form_cannot_set_a_later_stage_date_but_corrects_earlier_ones(store: Store) -> None:
    code = nandu(store)
    store.advance(code, date(2024, 2, 1))
    before = store.project(code)
    with pytest.raises(UserError, match=r"开工日期 \(started on\) 2024-05-01: the stage is 手续"):
        store.update_project(code, {"started_on": date(2024, 5, 1), "progress_note": "已开工"})
    after = store.project(code)
    assert (after.started_on, after.progress_note, after.version) == (None, "", before.version)
    assert after.stage == "procedures"
    # the dates of the stages reached are corrected, in order and not ahead of today
    store.update_project(code, {"procedures_on": date(2024, 2, 3), "signed_on": date(2024, 1, 6)})
    with pytest.raises(UserError, match="out of order"):
        store.update_project(code, {"procedures_on": date(2024, 1, 2)})
    with pytest.raises(UserError, match=r"手续办理日期 \(procedures on\) 2024-07-01"):
        store.update_project(code, {"procedures_on": TOMORROW})
    with pytest.raises(UserError, match=r"复工日期 \(resumed on\)"):
        store.update_project(code, {"resumed_on": TOMORROW})
    assert store.project(code).procedures_on == date(2024, 2, 3)


def test_a_procedure_is_done_after_the_signing_and_not_ahead(store: Store) -> None:
    code = nandu(store)
    first = store.procedures(code)[0].id or 0
    with pytest.raises(
        UserError, match=r"手续办结日期 \(procedure done on\) 2024-01-04: is before"
    ):
        store.set_procedure(first, done_on=date(2024, 1, 4))
    with pytest.raises(UserError, match="in the future"):
        store.set_procedure(first, done_on=TOMORROW)
    store.set_procedure(first, done_on=date(2024, 1, 5))
    # nor can the signing move after a procedure done
    with pytest.raises(UserError, match="before 签约日期"):
        store.update_project(code, {"signed_on": date(2024, 1, 6)})
    assert store.project(code).signed_on == date(2024, 1, 5)
    assert store.project(code).procedures_done == 1


def test_a_problem_is_due_and_resolved_after_it_was_raised(store: Store) -> None:
    code = nandu(store)
    with pytest.raises(UserError, match=r"问题解决时限 \(problem due\) 2024-03-01: is before"):
        store.raise_problem(code, "用地指标", raised_on=date(2024, 3, 10), due_on=date(2024, 3, 1))
    with pytest.raises(UserError, match=r"问题提出日期 \(problem raised on\)"):
        store.raise_problem(code, "用地指标", raised_on=TOMORROW)
    problem = store.raise_problem(code, "用地指标", raised_on=date(2024, 3, 10))
    with pytest.raises(UserError, match=r"问题解决日期 \(problem resolved on\) 2024-03-09"):
        store.set_problem_status(problem.id or 0, "resolved", on=date(2024, 3, 9))
    with pytest.raises(UserError, match="in the future"):
        store.set_problem_status(problem.id or 0, "resolved", on=TOMORROW)
    assert [p.status for p in store.problems(code)] == ["open"]
    store.set_problem_status(problem.id or 0, "resolved", on=date(2024, 3, 10))


def test_funds_of_a_month_not_yet_come_are_refused(store: Store) -> None:
    code = nandu(store)
    for write in (
        lambda: store.add_funds(code, TOMORROW, 10**8),
        lambda: store.set_month(code, date(2024, 12, 1), 10**8),
    ):
        with pytest.raises(UserError, match=r"2024-(07|12): has not come yet"):
            write()
    store.add_funds(code, date(2024, 6, 1), 10**8)  # this month
    assert store.project(code).funds_in_place_yuan == 10**8


def test_moves_keep_the_rules(store: Store) -> None:
    code = nandu(store, kind="续建")
    with pytest.raises(UserError, match="future"):
        store.advance(code, TOMORROW)
    with pytest.raises(UserError, match=r"复工日期 \(resumed on\) 2024-07-01"):
        store.resume(code, TOMORROW)
    with pytest.raises(UserError, match="future"):
        store.withdraw(code, "企业投资计划调整", TOMORROW)
    with pytest.raises(NotFound):
        store.delete_month(code, date(2024, 3, 1))


def test_only_a_continuing_project_has_a_resumption(store: Store) -> None:
    with pytest.raises(UserError, match="only continuing"):
        nandu(store, kind="new", resumed_on=date(2024, 3, 1))
    code = nandu(store, kind="continuing", resumed_on=date(2024, 3, 1))
    with pytest.raises(UserError, match="only continuing"):  # the edit that would strand it
        store.update_project(code, {"kind": "new"})
    assert store.project(code).kind == "continuing"


def test_a_withdrawn_project_comes_back_only_under_a_serving_steward(store: Store) -> None:
    store.add_project(
        {"name": "南都", "code": CODE, "signed_on": date(2024, 1, 5)},
        steward="王建国",
        create_steward=True,
    )
    store.withdraw(CODE, "企业投资计划调整", date(2024, 3, 1))
    store.retire_steward("王建国")
    with pytest.raises(UserError, match="retired on"):
        store.reinstate(CODE, "退出录错")
    store.assign(CODE, "李志强", create=True)
    assert store.reinstate(CODE, "退出录错").withdrawn_on is None


def test_a_problem_is_corrected_under_the_rules_it_was_raised_by(store: Store) -> None:
    code = nandu(store)
    problem = store.raise_problem(code, "用地指标未落实", raised_on=date(2024, 3, 1))
    assert problem.id is not None
    with pytest.raises(UserError, match="before"):
        store.update_problem(problem.id, {"due_on": date(2024, 2, 1)})
    with pytest.raises(UserError, match="empty"):
        store.update_problem(problem.id, {"text": "  "})
    store.update_problem(problem.id, {"owner": "自然资源局"}, expected_version=1)
    with pytest.raises(StaleEdit):  # the form was filled before that change
        store.update_problem(problem.id, {"owner": "市自然资源局"}, expected_version=1)
    assert store.problems(code)[0].owner == "自然资源局"


def test_a_steward_is_added_once(store: Store) -> None:
    store.add_steward(" 王建国 ", {"title": "副县长"})
    with pytest.raises(UserError, match="already on record"):
        store.add_steward("王建国", {})
    with pytest.raises(UserError, match="steward fields"):
        store.add_steward("李志强", {"salary": "1"})
    assert [s.name for s in store.stewards()] == ["王建国"]


# -- an import keeps them too ----------------------------------------------------------------


def write_sheet(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_an_import_refuses_future_facts_and_dates_beyond_its_stage(
    store: Store, tmp_path: Path
) -> None:
    header = ["项目名称", "签约日期", "项目阶段", "开工日期", "计划投产日期"]
    sheet = write_sheet(
        tmp_path / "台账.csv",
        [
            header,
            ["未来签约项目", "2030-01-05", "签约", "", ""],
            ["手续中已开工项目", "2024-01-05", "手续", "2024-05-01", ""],
            ["计划远的项目", "2024-01-05", "在建", "2024-05-01", "2030-06-01"],
        ],
    )
    summary = import_file(store, sheet)
    assert [(i.row, i.column, i.value) for i in summary.errors] == [
        (2, "签约日期", "2030-01-05"),
        (3, "开工日期", "2024-05-01"),
    ]
    assert "in the future" in summary.errors[0].reason
    assert "手续" in summary.errors[1].reason  # the stage the row states
    assert store.project_count() == 0  # nothing written unless every row is good


def test_an_import_moving_a_project_may_bring_the_new_stage_date(
    store: Store, tmp_path: Path
) -> None:
    code = nandu(store)
    store.advance(code, date(2024, 2, 1))
    sheet = write_sheet(
        tmp_path / "台账.csv",
        [["项目代码", "项目名称", "项目阶段", "开工日期"], [code, "南都", "在建", "2024-05-01"]],
    )
    summary = import_file(store, sheet)
    assert not summary.errors and summary.updated == 1
    project = store.project(code)
    assert (project.stage, project.started_on) == ("started", date(2024, 5, 1))


def test_an_import_gives_a_resumption_only_to_a_continuing_project(
    store: Store, tmp_path: Path
) -> None:
    sheet = write_sheet(
        tmp_path / "台账.csv",
        [
            ["项目名称", "签约日期", "项目类型", "复工日期"],
            ["续建项目", "2023-03-05", "续建", "2024-03-01"],
            ["新建项目", "2024-01-05", "新建", "2024-03-01"],
            ["没写类型的项目", "2024-01-05", "", "2024-03-01"],
        ],
    )
    summary = import_file(store, sheet, ImportOptions(skip_invalid=True))
    assert [(i.row, i.column, i.value) for i in summary.errors] == [
        (3, "复工日期", "2024-03-01"),
        (4, "复工日期", "2024-03-01"),
    ]
    assert all("only continuing" in i.reason for i in summary.errors)
    assert store.project_count() == 1
