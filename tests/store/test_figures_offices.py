"""The figures as offices count them, on the cases they published: the two start rates named
apart (签约项目开工率, 计划开工率), 到位资金 by the investor's origin (省外, 市外省内), size
bands, new and continuing apart, and cohorts by signing event (兰洽会)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from store.domain.headers import read_header
from store.domain.origins import Origin, place_origin, read_place
from store.errors import UserError
from store.exporter import export
from store.figures import Ratio, cohorts, compute, parse_period, period_between
from store.io.importer import import_file
from store.labels import Lang
from store.service import Store

YI = 10**8
NewStore = Callable[..., Store]


def add(store: Store, name: str, **values: object) -> int:
    project = store.add_project({"name": name, **values})
    return project.id or 0


def started(store: Store, name: str, signed_on: date, started_on: date, **values: object) -> int:
    """A project entered as started (its dates in order), as a ledger's row states it."""
    return add(
        store,
        name,
        signed_on=signed_on,
        procedures_on=signed_on,
        started_on=started_on,
        stage="started",
        **values,
    )


def test_pingliang_signed_start_rate_154_of_157(new_store: NewStore) -> None:
    """Pingliang, January to May 2023: 157 projects signed, 154 of them started: 98%."""
    store = new_store(today=date(2023, 5, 31), user="平凉")
    for number in range(157):
        if number < 154:
            started(store, f"平凉项目{number}", date(2023, 1, 10), date(2023, 4, 1))
        else:
            add(store, f"平凉项目{number}", signed_on=date(2023, 1, 10))
    add(store, "去年签约项目", signed_on=date(2022, 11, 1))  # signed before the period
    total = compute(store, period_between(date(2023, 1, 1), date(2023, 5, 31))).total
    assert total.signed_start_rate == Ratio(154, 157)
    assert total.signed_start_rate.percent(0) == "98%"
    assert total.signed_start_rate.percent() == "98.1%"


def test_yumen_planned_start_rate_28_of_81_new_on_the_years_list(new_store: NewStore) -> None:
    """Yumen: 81 new projects on the year's list due to start, 28 started: 34.6%, read in
    June over the whole year's list (the period's list holds only those due by June)."""
    store = new_store(today=date(2024, 6, 30), user="玉门")
    for number in range(81):
        due = date(2024, 5, 31) if number < 50 else date(2024, 10, 31)
        if number < 28:
            started(store, f"新建项目{number}", date(2024, 1, 5), date(2024, 5, 1), start_due=due)
        else:
            add(store, f"新建项目{number}", kind="new", signed_on=date(2024, 1, 5), start_due=due)
    add(store, "明年计划开工", kind="new", signed_on=date(2024, 2, 1), start_due=date(2025, 3, 1))
    for number in range(5):  # continuing projects are on no list of new projects
        started(store, f"续建项目{number}", date(2023, 3, 1), date(2023, 6, 1), kind="continuing")
    total = compute(store, parse_period("2024")).total
    assert total.planned_start_rate == Ratio(28, 81)
    assert total.planned_start_rate.percent() == "34.6%"
    assert total.start_rate == Ratio(28, 50)  # the period's list: due by its end (June)
    assert (total.new_projects, total.continuing_projects) == (82, 5)


def write_ledger(path: Path, rows: list[list[str]]) -> Path:
    header = [
        "序号",
        "项目名称",
        "签约时间",
        "是否开工",
        "签约金额（万元）",
        "签约活动",
        "投资方来源地",
    ]
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerows([[str(n), *row] for n, row in enumerate(rows, start=1)])
    return path


def test_a_ledger_without_planned_dates_gets_the_signed_start_rate(
    new_store: NewStore, tmp_path: Path
) -> None:
    """129 projects signed, 47 started, no planned start date anywhere: 签约项目开工率 is 36.4%,
    never n/a; 计划开工率 has no list to read and says so."""
    store = new_store(today=date(2024, 6, 30), user="清水")
    rows = [
        [f"清水项目{n}", "2024-03-01", "是" if n < 47 else "否", "3000", "", "江苏"]
        for n in range(129)
    ]
    summary = import_file(store, write_ledger(tmp_path / "台账.csv", rows))
    assert summary.added == 129, summary.errors
    total = compute(store, parse_period("2024")).total
    assert total.signed_start_rate == Ratio(47, 129)
    assert total.signed_start_rate.percent() == "36.4%"


def test_funds_from_outside_the_province_and_the_city_apart(new_store: NewStore) -> None:
    """An office in 酒泉, 甘肃: 浙江's and 香港's funds are 省外, 兰州's 市外省内, 酒泉's local;
    甘肃 alone (which city?) and 玉门 (no city read) are not placed, and counted."""
    store = new_store(today=date(2024, 6, 30), user="酒泉")
    store.set_setting("office.province", "甘肃省")
    store.set_setting("office.city", "酒泉市")
    funds = {
        "浙江省杭州市": 5 * YI,
        "香港": 2 * YI,
        "甘肃兰州": 3 * YI,
        "酒泉": 1 * YI,
        "甘肃": 7 * YI,
        "玉门": 11 * YI,
    }
    for number, (origin, amount) in enumerate(funds.items()):
        pid = add(
            store,
            f"项目{number}",
            investor_origin=origin,
            signed_on=date(2024, 1, 2),
            county="肃州区" if number % 2 else "玉门市",
        )
        store.add_funds(pid, date(2024, 3, 1), amount)
    last_year = add(store, "去年到位", investor_origin="浙江", signed_on=date(2023, 1, 2))
    store.add_funds(last_year, date(2023, 12, 1), 13 * YI)  # not in the period's months
    figures = compute(store, parse_period("2024"), by="county")
    total = figures.total
    assert total.funds_outside_province_yuan == 7 * YI
    assert total.funds_outside_city_yuan == 3 * YI
    assert total.funds_local_yuan == 1 * YI
    assert total.funds_origin_unknown_yuan == 18 * YI
    assert total.origin_unknown_projects == 2
    assert total.funds_in_period_yuan == 29 * YI  # the four add up to the period's funds
    by_county = {group.group: group for group in figures.groups}
    assert by_county["玉门市"].funds_outside_province_yuan == 5 * YI
    assert by_county["肃州区"].funds_outside_province_yuan == 2 * YI
    assert by_county["玉门市"].origin_unknown_projects == 1
    before = compute(store, parse_period("2023")).total
    assert before.funds_outside_province_yuan == 13 * YI


def test_without_the_offices_place_no_origin_is_placed(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 6, 30))
    pid = add(store, "浙江项目", investor_origin="浙江", signed_on=date(2024, 1, 2))
    store.add_funds(pid, date(2024, 3, 1), YI)
    total = compute(store, parse_period("2024")).total
    assert total.funds_outside_province_yuan == 0
    assert (total.funds_origin_unknown_yuan, total.origin_unknown_projects) == (YI, 1)


@pytest.mark.parametrize(
    "origin, placed",
    [
        ("浙江", Origin.OUTSIDE_PROVINCE),
        ("内蒙古自治区包头市", Origin.OUTSIDE_PROVINCE),
        ("新加坡", Origin.OUTSIDE_PROVINCE),
        ("中国香港", Origin.OUTSIDE_PROVINCE),
        ("兰州", Origin.OUTSIDE_CITY),
        ("甘肃省嘉峪关市", Origin.OUTSIDE_CITY),
        ("甘肃酒泉", Origin.LOCAL),
        ("甘肃", Origin.UNKNOWN),  # the province alone: which city?
        ("玉门", Origin.UNKNOWN),  # a county-level city: not read here
        ("吉林", Origin.OUTSIDE_PROVINCE),  # the province, though a city has its name
        ("", Origin.UNKNOWN),
        ("某地", Origin.UNKNOWN),
    ],
)
def test_an_origin_is_placed_or_said_unknown(origin: str, placed: Origin) -> None:
    assert place_origin(origin, "甘肃", "酒泉") is placed


def test_a_city_of_two_provinces_is_not_placed() -> None:
    assert read_place("海南").province == "海南"  # the province comes first
    assert place_origin("浙江", "", "") is Origin.UNKNOWN  # the office's place not set


def test_size_bands_are_counted_apart_from_their_floor_up(new_store: NewStore) -> None:
    """亿元以上, 10亿元以上, 50亿元以上: each band from its floor up (以上), of the period's
    signed projects."""
    store = new_store(today=date(2024, 6, 30))
    amounts = [YI - 1, YI, 9 * YI, 10 * YI, 26 * YI + 3 * 10**7, 50 * YI, 102 * YI]
    for number, amount in enumerate(amounts):
        add(store, f"项目{number}", signed_amount_yuan=amount, signed_on=date(2024, 2, 1))
    add(store, "去年百亿项目", signed_amount_yuan=100 * YI, signed_on=date(2023, 2, 1))
    total = compute(store, parse_period("2024")).total
    assert (total.signed_over_1yi, total.signed_over_10yi, total.signed_over_50yi) == (6, 4, 2)


def test_a_lanzhou_fair_cohort_followed_for_funds_starts_and_completion(
    new_store: NewStore,
) -> None:
    """The 30th 兰洽会 (July 2024): 10 projects, 20亿 signed; by the year's end 6 started (2 of
    them producing) and 5亿 in place: 到位率 25%, 开工率 60%, 建成率 20%. The 29th's projects
    are their own cohort; a withdrawn project and a project of no event are in none."""
    store = new_store(today=date(2024, 12, 31), user="兰州")
    fair = "第三十届兰洽会"
    for number in range(10):
        values = {"signing_event": fair, "signed_amount_yuan": 2 * YI}
        if number < 6:
            pid = started(
                store, f"兰洽会项目{number}", date(2024, 7, 7), date(2024, 9, 1), **values
            )
            if number < 2:
                store.advance(pid, date(2024, 12, 1))  # 投产
        else:
            pid = add(store, f"兰洽会项目{number}", signed_on=date(2024, 7, 7), **values)
        if number < 5:
            store.add_funds(pid, date(2024, 10, 1), YI)
    earlier = add(store, "上届项目", signing_event="第二十九届兰洽会", signed_on=date(2023, 7, 7))
    store.add_funds(earlier, date(2023, 9, 1), YI // 2)
    dropped = add(store, "已退出项目", signing_event=fair, signed_on=date(2024, 7, 7))
    store.withdraw(dropped, "企业退出", on=date(2024, 11, 1))
    add(store, "小分队项目", signed_on=date(2024, 7, 7))
    found = cohorts(store)
    assert [c.event for c in found] == ["第二十九届兰洽会", fair]  # the earlier event first
    thirtieth = found[1]
    assert (thirtieth.projects, thirtieth.signed_amount_yuan) == (10, 20 * YI)
    assert thirtieth.funds_to_date_yuan == 5 * YI
    assert thirtieth.funds_rate.percent() == "25.0%"
    assert thirtieth.start_rate == Ratio(6, 10)
    assert thirtieth.built_rate == Ratio(2, 10)
    assert found[0].funds_rate == Ratio(YI // 2, 0) and found[0].funds_rate.percent() == "n/a"
    # as it stood before anything started, from history
    autumn = cohorts(store, date(2024, 8, 31))
    assert autumn[1].start_rate == Ratio(0, 11)  # the withdrawn one still counted then
    assert autumn[1].funds_to_date_yuan == 0


def test_a_cohort_by_county_and_a_refused_question(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 12, 31))
    for number, county in enumerate(["肃州区", "肃州区", "玉门市"]):
        add(
            store,
            f"项目{number}",
            county=county,
            signing_event="第三十届兰洽会",
            signed_on=date(2024, 7, 7),
        )
    found = cohorts(store, by="county")
    assert [(c.group, c.projects) for c in found] == [("玉门市", 1), ("肃州区", 2)]
    with pytest.raises(UserError, match="after today"):
        cohorts(store, date(2025, 1, 1))
    with pytest.raises(UserError, match="cannot group"):
        cohorts(store, by="event")


@pytest.mark.parametrize(
    "header", ["签约活动", "签约平台", "签约节会", "签约场合", "Signing event"]
)
def test_a_sheets_event_column_is_read_as_the_signing_event(header: str) -> None:
    assert read_header(header).field == "signing_event"
    assert read_header("签约时间").field == "signed_on"  # the date stays the date


def test_an_imported_fair_list_is_a_cohort(new_store: NewStore, tmp_path: Path) -> None:
    """A sheet of the fair's signed projects, its event in a 签约平台 column."""
    store = new_store(today=date(2024, 12, 31))
    path = tmp_path / "兰洽会.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["项目名称", "签约时间", "签约金额（亿元）", "签约平台", "投资方来源地"])
        writer.writerow(["氢能装备项目", "2024-07-07", "12", "第三十届兰洽会", "上海"])
        writer.writerow(["储能电站项目", "2024-07-07", "8", "第三十届兰洽会", "甘肃兰州"])
        writer.writerow(["农产品加工项目", "2024-08-01", "1", "", "甘肃酒泉"])
    summary = import_file(store, path)
    assert summary.added == 3, summary.errors
    (cohort,) = cohorts(store)
    assert (cohort.event, cohort.projects, cohort.signed_amount_yuan) == (
        "第三十届兰洽会",
        2,
        20 * YI,
    )


def test_the_figures_sheet_has_the_offices_figures(new_store: NewStore, tmp_path: Path) -> None:
    """The export's 统计 sheet: both start rates and the 省外 funds, on the total row."""
    store = new_store(today=date(2024, 6, 30))
    store.set_setting("office.province", "甘肃")
    pid = started(store, "浙江项目", date(2024, 1, 5), date(2024, 3, 1), investor_origin="浙江")
    store.add_funds(pid, date(2024, 4, 1), 3 * YI)
    add(store, "兰州项目", investor_origin="兰州", signed_on=date(2024, 2, 1))
    sheet = load_workbook(export(store, tmp_path / "台账.xlsx"))["统计"]
    header = [cell.value for cell in sheet[2]]
    total = [cell.value for cell in sheet[3]]
    assert total[0] == "合计"
    assert total[header.index("签约项目开工率")] == 0.5
    assert total[header.index("省外到位资金(亿元)")] == 3
    assert total[header.index("来源地不明项目数")] == 1  # 兰州: 甘肃, but the city is not set


def fair_sheet(path: Path, fair: str, signed_on: str, names: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["项目名称", "签约时间", "签约金额（亿元）", "签约活动"])
        writer.writerows([[name, signed_on, "5", fair] for name in names])
    return path


def test_a_project_signed_again_at_a_later_fair_counts_once_in_its_first(
    new_store: NewStore, tmp_path: Path
) -> None:
    """The 30th 兰洽会's list names again a project the 29th signed: it stays in the 29th's
    cohort and counts once; an officer's edit of its event is a correction and moves it."""
    store = new_store(today=date(2024, 12, 31))
    earlier = fair_sheet(
        tmp_path / "29.csv", "第二十九届兰洽会", "2023-07-07", ["光伏组件项目", "风机叶片项目"]
    )
    assert import_file(store, earlier).added == 2
    later = fair_sheet(
        tmp_path / "30.csv", "第三十届兰洽会", "2024-07-07", ["光伏组件项目", "储能电池项目"]
    )
    summary = import_file(store, later)
    assert (summary.added, summary.updated) == (1, 1), summary.errors
    found = {cohort.event: cohort.projects for cohort in cohorts(store)}
    assert found == {"第二十九届兰洽会": 2, "第三十届兰洽会": 1}
    assert sum(found.values()) == 3  # three projects, each once
    pid = store.project("风机叶片项目").id or 0
    store.update_project(pid, {"signing_event": "第三十届兰洽会"})  # a correction
    found = {cohort.event: cohort.projects for cohort in cohorts(store)}
    assert found == {"第二十九届兰洽会": 1, "第三十届兰洽会": 2}


def test_a_rate_with_nothing_to_divide_by_says_so_in_the_language() -> None:
    assert Ratio(5, 0).percent(lang=Lang.ZH) == "无"
    assert Ratio(5, 0).percent(lang=Lang.EN) == "n/a"
    assert Ratio(1, 8).percent(lang=Lang.ZH) == "12.5%"
