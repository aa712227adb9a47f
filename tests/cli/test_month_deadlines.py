"""A deadline typed to the month (2024年9月) means the month's last day at every door that
takes one, as the import reads a 时限 column: the project form, `add`, a procedure's due date."""

from __future__ import annotations

from datetime import date

import pytest

from store.dates import parse_deadline
from store.errors import UserError
from store.service import Store
from tests.conftest import TODAY, run_cli
from tui.project_fields import FORM_FIELDS

CODE = "2401-620902-04-01-000001"


def test_add_and_a_procedure_take_a_month_as_its_last_day(db: str, store: Store) -> None:
    code, _, err = run_cli(
        db,
        "add",
        "酒泉南都电源4GWh储能项目",
        "--code",
        CODE,
        "--signed-on",
        "2024-01-05",
        "--start-due",
        "2024年9月",
        today=TODAY,
    )
    assert code == 0, err
    assert store.project(CODE).start_due == date(2024, 9, 30)
    code, _, err = run_cli(
        db, "procedure", "add", CODE, "压覆矿产评估", "--due", "2024.8", today=TODAY
    )
    assert code == 0, err
    code, _, err = run_cli(
        db, "procedure", "due", CODE, "压覆矿产评估", "２０２４年１１月", today=TODAY
    )
    assert code == 0, err
    (added,) = [p for p in store.procedures(CODE) if p.name == "压覆矿产评估"]
    assert added.due_on == date(2024, 11, 30)


def test_the_project_form_reads_its_deadlines_so_and_its_facts_to_the_day() -> None:
    kinds = {key: kind for key, _, kind in FORM_FIELDS}
    assert kinds["production_due"].parse("2027年1月") == date(2027, 1, 31)
    assert kinds["procedures_due"].parse("2024-02") == date(2024, 2, 29)
    assert parse_deadline("2024-03-16") == date(2024, 3, 16)
    with pytest.raises(UserError, match="2024年5月"):
        kinds["started_on"].parse("2024年5月")  # a fact: the day it happened
