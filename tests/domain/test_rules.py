"""The rules `check` shares with the doors, as plain functions: a kind and its resumption, a
problem's status and its resolved date, amounts, a retired steward, a month's first day."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from store.domain import rules
from store.procedures import PROBLEM_STATUSES
from store.stages import Kind

TODAY = date(2024, 6, 30)


def said(broken: list[rules.Broken]) -> list[tuple[str, str]]:
    return [(b.rule, b.message()) for b in broken]


def test_only_a_continuing_project_resumes() -> None:
    assert rules.project_kind("continuing", date(2024, 3, 5)) == []
    assert rules.project_kind("new", None) == []
    assert said(rules.project_kind("new", date(2024, 3, 5))) == [
        (
            "kind and dates",
            "复工日期 (resumed on) 2024-03-05: the project is 新建 (new): "
            "only continuing (续建) projects resume",
        )
    ]


def test_a_kind_is_one_the_store_keeps_not_a_word_for_it() -> None:
    assert [rules.project_kind(kind.value, None) for kind in Kind] == [[], []]
    assert said(rules.project_kind("续建", date(2024, 3, 5))) == [
        ("unknown value", "类型 (kind) '续建': is unknown: use new (新建), continuing (续建)")
    ]


def test_a_problem_has_a_resolved_date_exactly_when_resolved() -> None:
    day = date(2024, 3, 20)
    assert rules.problem_status("resolved", day) == []
    assert [rules.problem_status(s, None) for s in PROBLEM_STATUSES if s != "resolved"] == [
        [],
        [],
        [],
    ]
    assert said(rules.problem_status("resolved", None)) == [
        (
            "status and dates",
            "问题状态 (problem status) 已解决 (resolved): has no 问题解决日期 (problem resolved "
            "on): a resolved problem was resolved on a day",
        )
    ]
    assert said(rules.problem_status("in_hand", day)) == [
        (
            "status and dates",
            "问题解决日期 (problem resolved on) 2024-03-20: the problem is 办理中 (in hand): "
            "only a resolved problem has this date",
        )
    ]
    assert [b.rule for b in rules.problem_status("closed", day)] == ["unknown value"]


def test_amounts_land_and_jobs_are_not_negative() -> None:
    values = {
        "signed_amount_yuan": 0,
        "total_investment_yuan": -1,
        "expected_output_yuan": None,
        "land_mu": Decimal("-0.5"),
        "jobs": 3,
    }
    assert said(rules.not_negative(values)) == [
        ("negative amount", "总投资 (total investment) -1: must not be negative"),
        ("negative amount", "用地(亩) (land (mu)) -0.5: must not be negative"),
    ]


def test_a_retired_steward_answers_for_no_active_project() -> None:
    retired = date(2024, 5, 1)
    assert rules.steward_serving("王建国", None, None) == []
    assert rules.steward_serving("王建国", retired, date(2024, 4, 1)) == []  # withdrawn
    assert rules.steward_serving(None, None, None) == []
    assert said(rules.steward_serving("王建国", retired, None)) == [
        (
            "retired steward",
            "包抓领导 (steward) 王建国: retired on 2024-05-01 but answers for this active "
            "project: assign another steward",
        )
    ]


def test_a_months_funds_are_kept_on_its_first_day() -> None:
    assert rules.funds_month(date(2024, 6, 1), TODAY) == []
    assert said(rules.funds_month(date(2024, 7, 2), TODAY)) == [
        (
            "first of the month",
            "到位资金月份 (month of funds) 2024-07-02: is not the first of its month: "
            "a month's funds are kept on its first day",
        ),
        (
            "future date",
            "到位资金月份 (month of funds) 2024-07: has not come yet (today is 2024-06-30): "
            "funds are recorded once they arrive",
        ),
    ]
