"""The office's figures with exact expected values, including cases reported by real offices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest

from store.errors import UserError
from store.figures import (
    Ratio,
    change_text,
    compute,
    not_counted,
    parse_period,
    period_between,
    period_to_date,
)
from store.labels import Lang
from store.service import Store

YI = 10**8
NewStore = Callable[..., Store]


def add(store: Store, name: str, **values: object) -> int:
    project = store.add_project({"name": name, **values})
    return project.id or 0


def test_pingliang_jan_to_may_2023(new_store: NewStore) -> None:
    """157 projects signed for 134 亿, 154 started, 73 亿 in place: 98.1% and 54.5%."""
    store = new_store(today=date(2023, 5, 31), user="平凉")
    for number in range(157):
        amount = 85_000_000 if number < 156 else 134 * YI - 156 * 85_000_000
        pid = add(
            store,
            f"平凉项目{number}",
            kind="new",
            signed_amount_yuan=amount,
            total_investment_yuan=amount,
            signed_on=date(2023, 1, 10),
            start_due=date(2023, 4, 30),
        )
        if number < 154:
            store.advance(pid, date(2023, 2, 1))
            store.advance(pid, date(2023, 4, 1))
        if number < 73:
            store.add_funds(pid, date(2023, 3, 1), YI)
    figures = compute(store, period_between(date(2023, 1, 1), date(2023, 5, 31)))
    total = figures.total
    assert (total.signed_count, total.signed_amount_yuan) == (157, 134 * YI)
    assert total.start_rate == Ratio(154, 157) and total.start_rate.percent() == "98.1%"
    assert total.funds_rate == Ratio(73 * YI, 134 * YI) and total.funds_rate.percent() == "54.5%"
    assert total.funds_in_period_yuan == 73 * YI


def test_yumen_resumption_and_start_rates(new_store: NewStore) -> None:
    """46 continuing projects, 38 resumed (82.6%); 81 new, 28 started (34.6%)."""
    store = new_store(today=date(2024, 6, 30), user="玉门")
    for number in range(46):
        pid = add(
            store,
            f"续建项目{number}",
            kind="continuing",
            signed_on=date(2023, 3, 1),
            procedures_on=date(2023, 4, 1),
            started_on=date(2023, 6, 1),
            stage="started",
        )
        if number < 38:
            store.resume(pid, date(2024, 3, 15))
    for number in range(81):
        pid = add(
            store,
            f"新建项目{number}",
            kind="new",
            signed_on=date(2024, 1, 5),
            start_due=date(2024, 5, 31),
        )
        if number < 28:
            store.advance(pid, date(2024, 2, 1))
            store.advance(pid, date(2024, 5, 1))
    total = compute(store, parse_period("2024")).total
    assert total.resumption_rate == Ratio(38, 46) and total.resumption_rate.percent() == "82.6%"
    assert total.start_rate == Ratio(28, 81) and total.start_rate.percent() == "34.6%"


def test_qingshui_problem_resolution(new_store: NewStore) -> None:
    """201 problems raised, 200 resolved."""
    store = new_store(today=date(2024, 12, 31), user="清水")
    pid = add(store, "华贸复合陶瓷耐材项目", signed_on=date(2024, 1, 1))
    for number in range(201):
        problem = store.raise_problem(
            pid, f"问题{number}", category="用地", raised_on=date(2024, 2, 1)
        )
        if number < 200:
            store.set_problem_status(problem.id or 0, "resolved", on=date(2024, 3, 1))
    rate = compute(store, parse_period("2024")).total.problem_rate
    assert rate == Ratio(200, 201) and rate.percent() == "99.5%"


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("2024", date(2024, 1, 1), date(2024, 12, 31)),
        ("2024Q1", date(2024, 1, 1), date(2024, 3, 31)),
        ("2024q4", date(2024, 10, 1), date(2024, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-02", date(2023, 2, 1), date(2023, 2, 28)),
        ("2024年3月", date(2024, 3, 1), date(2024, 3, 31)),
    ],
)
def test_periods(text: str, start: date, end: date) -> None:
    period = parse_period(text)
    assert (period.start, period.end) == (start, end)


def test_a_bad_period_is_a_user_error() -> None:
    with pytest.raises(UserError, match="unknown period"):
        parse_period("2024Q5")
    with pytest.raises(UserError, match="before it starts"):
        period_between(date(2024, 3, 1), date(2024, 2, 1))


@pytest.mark.parametrize(
    "kind, today, label",
    [
        ("year", date(2024, 6, 30), "2024"),
        ("quarter", date(2024, 6, 30), "2024Q2"),
        ("quarter", date(2024, 7, 1), "2024Q3"),
        ("quarter", date(2024, 1, 1), "2024Q1"),
        ("month", date(2024, 12, 31), "2024-12"),
    ],
)
def test_the_period_today_falls_in(kind: str, today: date, label: str) -> None:
    assert period_to_date(kind, today).label == label
    with pytest.raises(UserError, match="unknown period 'week'"):
        period_to_date("week", today)


def test_figures_of_the_future_are_refused(store: Store) -> None:  # today is 2024-06-30
    with pytest.raises(UserError, match="after today"):
        compute(store, parse_period("2024"), as_of=date(2024, 7, 1))
    with pytest.raises(UserError, match="starts after the as-of date 2024-06-30"):
        compute(store, parse_period("2024Q3"))
    assert compute(store, parse_period("2024Q2")).as_of == date(2024, 6, 30)  # to date


def test_year_before_of_a_leap_day() -> None:
    prior = parse_period("2024-02").year_before()
    assert (prior.start, prior.end) == (date(2023, 2, 1), date(2023, 2, 28))


def test_edges_of_months_quarters_and_years(store: Store) -> None:
    add(store, "三月末签约", signed_on=date(2024, 3, 31), signed_amount_yuan=YI)
    add(store, "四月初签约", signed_on=date(2024, 4, 1), signed_amount_yuan=2 * YI)
    add(store, "年末签约", signed_on=date(2023, 12, 31), signed_amount_yuan=4 * YI)
    amounts = {
        label: compute(store, parse_period(label)).total.signed_amount_yuan
        for label in ("2024-03", "2024Q1", "2024-04", "2024Q2", "2024", "2023")
    }
    assert amounts == {
        "2024-03": YI,
        "2024Q1": YI,
        "2024-04": 2 * YI,
        "2024Q2": 2 * YI,
        "2024": 3 * YI,
        "2023": 4 * YI,
    }


def test_as_of_sees_the_past_after_later_moves_and_corrections(new_store: NewStore) -> None:
    march = new_store(today=date(2024, 3, 20), user="officer")
    pid = add(
        march, "回溯项目", kind="new", signed_on=date(2024, 1, 5), start_due=date(2024, 3, 15)
    )
    march.advance(pid, date(2024, 2, 1))
    march.advance(pid, date(2024, 3, 10))
    before = compute(march, parse_period("2024Q1")).total
    may = Store(march.engine, today=date(2024, 5, 2), user="officer")
    may.back(pid, "开工是误报")  # a correction in May
    may.withdraw(pid, "企业退出", on=date(2024, 5, 2))
    again = compute(may, parse_period("2024Q1")).total  # Q1 computed later: as it stood on 31 March
    assert again.to_json() == before.to_json()
    assert again.stages["started"] == 1 and again.start_rate == Ratio(1, 1)
    after = compute(may, parse_period("2024"), as_of=date(2024, 5, 2)).total
    assert after.projects == 0  # withdrawn by then: left out of every figure
    corrected = compute(may, parse_period("2024"), as_of=date(2024, 5, 1)).total
    assert corrected.stages["started"] == 1  # the correction took effect on 2 May


def test_warnings_as_of_a_date_count_down_to_the_deadlines_of_then(new_store: NewStore) -> None:
    """A project that moved on since, or was withdrawn since, was warned of the deadline of
    the stage it was in then."""
    march = new_store(today=date(2024, 3, 31), user="officer")
    near, passed, late = (
        add(
            march,
            name,
            signed_on=date(2024, 1, 5),
            procedures_due=due,
            start_due=date(2024, 9, 1),
            production_due=date(2025, 6, 1),
        )
        for name, due in (
            ("临近项目", date(2024, 4, 10)),  # 10 days ahead: blue
            ("超期项目", date(2024, 3, 20)),  # 11 days behind: yellow
            ("严重超期", date(2024, 2, 1)),  # 59 days behind: red
        )
    )
    seen_then = compute(march, parse_period("2024Q1")).total.warnings
    assert seen_then == {"red": 1, "yellow": 1, "blue": 1}
    may = Store(march.engine, today=date(2024, 5, 20), user="officer")
    may.advance(near, date(2024, 4, 5))
    may.advance(late, date(2024, 4, 8))
    may.advance(late, date(2024, 5, 6))
    may.withdraw(passed, "企业退出", on=date(2024, 4, 15))
    by_stage = compute(may, parse_period("2024Q1"), by="stage")
    assert by_stage.total.warnings == seen_then
    assert {g.group: g.warnings["red"] for g in by_stage.groups} == {"signed": 1}
    assert compute(may, parse_period("2024-05")).total.warnings == {
        "red": 0,
        "yellow": 0,
        "blue": 0,
    }


def test_funds_problems_and_procedures_of_projects_not_counted_are_left_out(
    new_store: NewStore,
) -> None:
    """Monthly funds, problems and procedures count only for projects signed and not
    withdrawn as of the date: the whole office's sums and each county's agree."""
    march = new_store(today=date(2024, 3, 20), user="officer")
    kept, withdrawn = (
        add(march, name, county="肃州区", signed_on=date(2024, 1, 5), signed_amount_yuan=YI)
        for name in ("在谈项目", "退出项目")
    )
    later = add(march, "四月签约", county="玉门市")  # not signed yet in March
    for pid in (kept, withdrawn, later):
        if pid != later:  # funds are for a month from the signing on: April's project has none
            march.add_funds(pid, date(2024, 2, 1), 3 * 10**7, completed_yuan=10**7)
        march.raise_problem(pid, "用地指标", raised_on=date(2024, 2, 10))
        if pid != later:  # a procedure is done after the signing: April's project has none
            march.set_procedure(march.procedures(pid)[0].id or 0, done_on=date(2024, 2, 20))
    march.withdraw(withdrawn, "企业退出", on=date(2024, 3, 1))
    april = Store(march.engine, today=date(2024, 4, 30), user="officer")
    april.update_project(later, {"signed_on": date(2024, 4, 2)})
    april.add_funds(kept, date(2024, 4, 1), 2 * 10**7)
    april.set_procedure(april.procedures(kept)[1].id or 0, done_on=date(2024, 4, 3))
    required = sum(procedure.required for procedure in april.procedures(kept))
    for by in (None, "county"):
        march_figures = compute(april, parse_period("2024Q1"), by=by)
        total = march_figures.total
        assert total.projects == 1, by
        assert (total.funds_in_period_yuan, total.completed_in_period_yuan) == (3 * 10**7, 10**7)
        assert total.funds_cumulative_yuan == 3 * 10**7  # April's funds came after
        assert total.problem_rate == Ratio(0, 1)
        assert total.funds_rate == Ratio(3 * 10**7, YI)
        assert total.procedure_rate == Ratio(1, required)  # the April one came after
    april_total = compute(april, parse_period("2024-04")).total
    assert april_total.projects == 2 and april_total.funds_cumulative_yuan == 5 * 10**7
    # as of today, with nothing recorded after it: the withdrawn project's February is out
    to_date = compute(april, period_between(date(2024, 1, 1), date(2024, 4, 30))).total
    assert to_date.funds_in_period_yuan == 5 * 10**7
    assert to_date.problem_rate == Ratio(0, 2)


@pytest.mark.parametrize("as_of", [date(2023, 3, 1), date(2024, 5, 1)])
def test_funds_and_procedures_to_a_past_date_include_the_date_itself(
    new_store: NewStore, as_of: date
) -> None:
    """From history, funds to date and procedures done are read from the side of the as-of
    date with fewer rows: early in the office's data, the rows up to it; late, the rows after
    it, taken off the project's totals. Either way a month's record and a procedure done on
    the date itself count."""
    store = new_store(today=date(2024, 6, 30), user="officer")
    pid = add(store, "储能项目", signed_on=date(2023, 1, 5), signed_amount_yuan=YI)
    for month in (date(2023, 1, 1), as_of, date(2024, 6, 1)):
        store.add_funds(pid, month, 10**7)
    required = [procedure for procedure in store.procedures(pid) if procedure.required]
    for procedure, done_on in zip(
        required, (date(2023, 1, 10), as_of, date(2024, 6, 20)), strict=False
    ):
        store.set_procedure(procedure.id or 0, done_on=done_on)
    store.advance(pid, date(2024, 6, 25))  # a move after the date: the figures are from history
    total = compute(store, period_between(date(2023, 1, 1), as_of), as_of).total
    assert total.funds_cumulative_yuan == 2 * 10**7
    assert total.procedure_rate == Ratio(2, len(required))


@pytest.mark.sqlite_only
def test_projects_not_counted_come_from_their_indexes_not_a_scan(store: Store) -> None:
    query = not_counted(date(2024, 3, 31)).compile(
        store.engine, compile_kwargs={"literal_binds": True}
    )
    with store.engine.connect() as connection:
        plan = [row[-1] for row in connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {query}")]
    assert any("ix_project_signed_or_never" in step for step in plan), plan
    assert any("ix_project_withdrawn_on" in step for step in plan), plan
    assert not any(step.startswith("SCAN project") for step in plan), plan


def test_year_on_year_with_an_empty_prior_year_is_na(store: Store) -> None:
    add(store, "新签项目", signed_on=date(2024, 2, 1), signed_amount_yuan=5 * YI)
    figures = compute(store, parse_period("2024"))
    compared = figures.year_on_year()
    assert compared["signed_amount_yuan"] == {"current": 5 * YI, "prior": 0, "change": None}
    assert compared["start_rate"]["change"] is None


def test_change_text_rounds_half_up_in_points_or_percent() -> None:
    assert change_text(Decimal("0.25"), rate=False) == "+25.0%"
    assert change_text(Decimal("-0.00125"), rate=True) == "-0.1 pt"  # half up, away from zero
    assert change_text(Decimal("0.00049"), rate=False) == "+0.0%"
    assert change_text(None, rate=True) == "n/a"
    assert change_text(Decimal("-0.00125"), rate=True, lang=Lang.ZH) == "-0.1个百分点"
    assert change_text(None, rate=True, lang=Lang.ZH) == "无可比"


def test_year_on_year_change_is_exact(store: Store) -> None:
    add(store, "去年项目", signed_on=date(2023, 2, 1), signed_amount_yuan=4 * YI)
    add(store, "今年项目", signed_on=date(2024, 2, 1), signed_amount_yuan=5 * YI)
    add(store, "今年项目二", signed_on=date(2024, 3, 1))
    compared = compute(store, parse_period("2024Q1")).year_on_year()
    assert compared["signed_amount_yuan"]["change"] == Decimal("0.25")
    # stages and warnings compared as counts: 3 signed as of 2024-03-31, 1 a year before
    assert compared["stage_signed"] == {"current": 3, "prior": 1, "change": Decimal(2)}
    assert compared["stage_started"] == {"current": 0, "prior": 0, "change": None}


def test_a_year_to_date_compares_with_the_same_months_a_year_before(store: Store) -> None:
    add(store, "去年上半年", signed_on=date(2023, 2, 1), signed_amount_yuan=4 * YI)
    add(store, "去年下半年", signed_on=date(2023, 9, 1), signed_amount_yuan=6 * YI)
    add(store, "今年项目", signed_on=date(2024, 2, 1), signed_amount_yuan=5 * YI)
    figures = compute(store, parse_period("2024"))  # today is 2024-06-30: January to June
    assert figures.prior is not None and figures.prior.signed_count == 1
    assert figures.year_on_year()["signed_amount_yuan"]["change"] == Decimal("0.25")
    # asked after the period, its year before is seen as long after its end: 2022Q1 as it
    # stood on 2023-06-30, when the project signed in February 2023 was on the list
    late = compute(store, parse_period("2023Q1"), as_of=date(2024, 6, 30))
    assert late.prior is not None and late.prior.projects == 1


def test_grouping_and_ranking(store: Store) -> None:
    for county, started in (("肃州区", 2), ("玉门市", 1)):
        for number in range(2):
            pid = add(
                store,
                f"{county}{number}",
                county=county,
                signed_on=date(2024, 1, 1),
                start_due=date(2024, 3, 1),
            )
            if number < started:
                store.advance(pid, date(2024, 1, 10))
                store.advance(pid, date(2024, 2, 10))
    figures = compute(store, parse_period("2024"), by="county")
    assert [g.group for g in figures.ranked("start_rate")] == ["肃州区", "玉门市"]
    assert {g.group: g.start_rate for g in figures.groups} == {
        "肃州区": Ratio(2, 2),
        "玉门市": Ratio(1, 2),
    }
    late = add(store, "肃州大项目", county="肃州区", signed_on=date(2024, 2, 1))
    store.update_project(late, {"total_investment_yuan": 50 * 10**8, "start_due": date(2024, 3, 1)})
    store.advance(late, date(2024, 2, 10))  # in procedures, its start long overdue: red
    figures = compute(store, parse_period("2024"), by="county")
    # any figure ranks, highest first: an amount, a stage's count, a warning colour's count
    # (玉门市 sorts before 肃州区 by name: each order below is the figure's doing)
    for figure in ("total_investment_yuan", "stage_procedures", "warning_red"):
        assert [g.group for g in figures.ranked(figure)] == ["肃州区", "玉门市"], figure
    with pytest.raises(UserError, match="cannot rank"):
        figures.ranked("colour")
