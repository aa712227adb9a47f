"""The health rules on hand-built projects, both backends, with exact results: signed over a
year and not started; started with no funds for three months; started six months with funds
in place under 15% of the total investment; each threshold a setting of the database."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from store.domain.supervision import HealthRule
from store.errors import UserError
from store.service import Store

YI = 10**8


def project(store: Store, number: int, signed_on: date, **values: Any) -> str:
    code = f"2401-620902-04-01-2000{number:02d}"
    store.add_project(
        {
            "code": code,
            "name": f"玉门项目{number}",
            "signed_on": signed_on,
            "total_investment_yuan": YI,
            "responsible_unit": "玉门市工信局",
            **values,
        },
        steward="张三",
        create_steward=True,
    )
    return code


def started(store: Store, number: int, started_on: date, **values: Any) -> str:
    return project(
        store,
        number,
        date(2023, 1, 1),
        stage="started",
        procedures_on=date(2023, 2, 1),
        started_on=started_on,
        **values,
    )


def flagged(store: Store, as_of: date | None = None) -> set[tuple[str, str]]:
    return {(flag.rule.value, flag.name) for flag in store.health(as_of)}


def test_each_rule_flags_exactly_the_projects_past_its_threshold(store: Store) -> None:
    project(store, 1, date(2023, 6, 29))  # signed a year and a day before 2024-06-30
    project(store, 2, date(2023, 6, 30))  # exactly a year: not over it
    no_funds = started(store, 3, date(2024, 1, 10))
    for month in (date(2024, 1, 1), date(2024, 2, 1)):
        store.set_month(no_funds, month, 2 * 10**6)
    store.set_month(no_funds, date(2024, 3, 1), 0)  # a month recorded with nothing in place
    low = started(store, 4, date(2023, 12, 30))  # six months to the day
    store.set_month(low, date(2024, 5, 1), 14_999_999)  # 14.999999% of 1亿
    enough = started(store, 5, date(2023, 12, 30))
    store.set_month(enough, date(2024, 5, 1), 15_000_000)  # exactly 15%
    started(store, 6, date(2024, 4, 1))  # started under three months ago, no funds
    project(
        store,
        7,
        date(2022, 1, 1),
        stage="producing",
        procedures_on=date(2022, 2, 1),
        started_on=date(2022, 3, 1),
        producing_on=date(2023, 3, 1),
    )
    withdrawn = project(store, 8, date(2022, 1, 1))
    store.withdraw(withdrawn, "企业退出")
    assert flagged(store) == {
        ("not_started", "玉门项目1"),
        ("no_funds", "玉门项目3"),
        ("low_funds", "玉门项目4"),
    }  # 5 has funds in May, 15% exactly; 6 started too lately for either funds rule
    by_rule = {(flag.rule, flag.name): flag for flag in store.health()}
    first = by_rule[(HealthRule.NOT_STARTED, "玉门项目1")]
    assert (first.signed_on, first.figures) == (date(2023, 6, 29), {"days_since_signed": 367})
    assert (first.steward, first.unit) == ("张三", "玉门市工信局")
    third = by_rule[(HealthRule.NO_FUNDS, "玉门项目3")]
    assert third.last_funds_month == date(2024, 2, 1)
    assert third.funds_yuan == 4 * 10**6
    assert third.figures == {"days_since_started": 172, "months_without_funds": 4}
    fourth = by_rule[(HealthRule.LOW_FUNDS, "玉门项目4")]
    assert (fourth.funds_yuan, fourth.total_investment_yuan) == (14_999_999, YI)
    assert fourth.figures == {
        "days_since_started": 183,
        "funds_percent": 15.0,
        "threshold_percent": 15,
    }


def test_as_of_a_past_day_the_rules_read_the_dates_and_months_up_to_it(store: Store) -> None:
    project(store, 1, date(2023, 6, 29))
    code = started(store, 3, date(2023, 10, 9))
    store.set_month(code, date(2024, 5, 1), 50 * 10**6)
    # on 2024-03-31: 1 was signed under a year before; 3 had no funds since its start
    assert flagged(store, date(2024, 3, 31)) == {("no_funds", "玉门项目3")}
    # on 2024-06-30: May's funds count, and they are half of the total investment
    assert flagged(store) == {("not_started", "玉门项目1")}
    with pytest.raises(UserError, match="after today"):
        store.health(date(2024, 7, 1))


def test_the_thresholds_are_settings_of_the_database(store: Store) -> None:
    enough = started(store, 5, date(2023, 12, 30))
    store.set_month(enough, date(2024, 5, 1), 15_000_000)
    project(store, 1, date(2024, 1, 2))
    assert flagged(store) == set()
    store.set_setting("health.low_funds_percent", "20")
    store.set_setting("health.not_started_months", "5")
    assert flagged(store) == {("low_funds", "玉门项目5"), ("not_started", "玉门项目1")}
    store.set_setting("health.low_funds_months", "7")  # started six months ago: not seven
    assert flagged(store) == {("not_started", "玉门项目1")}
    with pytest.raises(UserError, match="low_funds_percent must be from 1 to 100"):
        store.set_setting("health.low_funds_percent", "0")
    with pytest.raises(UserError, match="takes a whole number"):
        store.set_setting("health.no_funds_months", "三")
    assert store.get_setting("health.no_funds_months") == "3"
