"""Targets and the assessment on a real database (SQLite and PostgreSQL): targets imported
and set with their history, each unit's actuals as of a date, scores, ranks and lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest

from store.domain.scheme import parse_scheme
from store.domain.targets import parse_target_period, points_text
from store.errors import UserError
from store.figures import compute, parse_period
from store.io.targets_sheet import read_targets_sheet
from store.money import Unit
from store.service import Store

YI = 10**8
NewStore = Callable[..., Store]
# the scheme the cases are scored with: only what each case looks at
PLAIN = parse_scheme("weight signed_amount_yuan 50\nweight funds_in_place_yuan 50")


def add(store: Store, name: str, **values: object) -> int:
    steward = values.pop("steward", None)
    project = store.add_project(
        {"name": name, **values},
        steward=str(steward) if steward else None,
        create_steward=bool(steward),
    )
    return project.id or 0


def write_book(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


LEADERS = [
    f"{family}{given}" for family in "王李张刘陈杨赵黄周吴郑孙冯" for given in ("建国", "海涛")
]
CHAINS = ["中药材", "果品", "新能源", "建材", "文旅", "畜牧", "物流", "装备制造", "农产品加工"]
DEPARTMENTS = [f"县直部门{number:03d}" for number in range(1, 101)]


def shares(total_yuan: int, count: int, each_yuan: int) -> list[int]:
    """count amounts of each_yuan, the last taking what is left of the total."""
    return [each_yuan] * (count - 1) + [total_yuan - each_yuan * (count - 1)]


def qingshui_book(folder: Path, total: int) -> Path:
    """清水县's 2024 任务分解表 as its office might write it: a sheet each kind of unit, the
    amounts in 亿元 or 万元, 合计 at the bottom or the top, a note and a sheet of notes."""
    leaders = shares(total, 26, 215_000_000)
    chains = shares(total, 9, 620_000_000)
    departments = shares(total, 100, 56_000_000)
    return write_book(
        folder / "清水县2024年招商引资任务分解表.xlsx",
        {
            "县级领导": [
                ["清水县2024年招商引资目标任务分解表（县级领导）"],
                ["单位：亿元"],
                ["序号", "县级领导", "到位资金任务"],
                *[
                    [i + 1, n, a / YI]
                    for i, (n, a) in enumerate(zip(LEADERS, leaders, strict=True))
                ],
                ["合计", "合计", 55.85],
            ],
            "产业链专班": [
                ["专班", "到位资金（万元）"],
                *[[n, a // 10_000] for n, a in zip(CHAINS, chains, strict=True)],
                ["合计", 558_500],
            ],
            "部门": [
                ["责任单位", "到位资金（亿元）"],
                ["合计", 55.85],  # the total at the top, as some offices write it
                *[[n, a / YI] for n, a in zip(DEPARTMENTS, departments, strict=True)],
                ["注：到位资金以省外资金为准"],
            ],
            "县区": [
                ["县区", "10亿元以上项目（个）", "亿元以上项目（个）", "签约额（亿元）"],
                ["清水县", 3, 16, 62.93],
            ],
            "说明": [["本表由县招商局填报"]],
        },
    )


def test_qingshui_55_85_yi_split_over_26_leaders_9_chains_and_100_departments(
    new_store: NewStore, tmp_path: Path
) -> None:
    """Qingshui 2024: 55.85亿 of 到位资金 split three ways, each adding up to the sheet's 合计;
    3 projects over 10亿 and 16 over 1亿 to sign, set for the county."""
    store = new_store(today=date(2024, 6, 30), user="清水县招商局")
    for number, department in enumerate(DEPARTMENTS):
        add(
            store,
            f"清水县招商项目{number}",
            county="清水县",
            chain=CHAINS[number % 9],
            responsible_unit=department,
            steward=LEADERS[number % 26],
            signed_on=date(2024, 1, 15),
            signed_amount_yuan=YI,
        )
    total = 5_585_000_000
    book = qingshui_book(tmp_path, total)
    sheet = read_targets_sheet(book)
    assert [t.kind for t in sheet.tables] == ["steward", "chain", "unit", "county"]
    assert sheet.skipped == [f"{book.name} [说明]"]
    assert sheet.tables[2].passed_over == ["row 103: 注：到位资金以省外资金为准"]
    assert store.import_targets(sheet, 2024, dry_run=True).added == 26 + 9 + 100 + 3
    assert store.targets(2024) == []  # a dry run writes nothing
    done = store.import_targets(sheet, 2024)
    assert (done.added, done.changed, len(done.units)) == (138, 0, 136)
    for kind, count in (("steward", 26), ("chain", 9), ("unit", 100)):
        rows = store.targets(2024, kind)
        assert len(rows) == count
        assert sum(row.amount for row in rows) == total
    county = {row.figure: row.amount for row in store.targets(2024, "county")}
    assert county == {
        "signed_over_10yi": 3,
        "signed_over_1yi": 16,
        "signed_amount_yuan": 6293 * YI // 100,
    }
    assessed = store.assess(parse_target_period("2024"), kind="unit", scheme=PLAIN)
    assert len(assessed.units) == 100
    again = store.import_targets(read_targets_sheet(book), 2024)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 138)


def test_a_total_that_does_not_add_up_is_refused(new_store: NewStore, tmp_path: Path) -> None:
    book = write_book(
        tmp_path / "任务.xlsx",
        {"县区": [["县区", "到位资金（亿元）"], ["秦州区", 10], ["麦积区", 12.5], ["合计", 23]]},
    )
    with pytest.raises(UserError, match=r"add up to 22\.5 亿元, the total says 23 亿元"):
        read_targets_sheet(book)


def test_an_unknown_unit_is_reported_never_guessed(new_store: NewStore, tmp_path: Path) -> None:
    store = new_store()
    add(store, "麦积区项目", county="麦积区", signed_on=date(2024, 1, 5))
    book = write_book(
        tmp_path / "任务.xlsx",
        {"县区": [["县区", "签约额（亿元）"], ["麦积区", 10], ["麦积县", 12]]},
    )
    with pytest.raises(UserError, match="麦积县 \\(did you mean 麦积区\\?\\)") as refused:
        store.import_targets(read_targets_sheet(book), 2024)
    assert "任务.xlsx [县区] row 3" in str(refused.value)
    assert store.targets(2024) == []  # all or nothing
    with pytest.raises(UserError, match="no project has these county names"):
        store.set_target(2024, "county", "秦州区", "signed_amount_yuan", 10 * YI)


def test_a_unit_at_125_64_percent_is_42_31_points_ahead(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 12, 31), user="攀枝花")
    pid = add(store, "钒钛新材料项目", county="米易县", signed_on=date(2024, 1, 8))
    store.set_target(2024, "county", "米易县", "funds_in_place_yuan", 10 * YI)
    for month in range(1, 11):  # 12.564亿 over ten months
        store.set_month(pid, date(2024, month, 1), 125_640_000)
    store.set_month(pid, date(2024, 11, 1), 7 * YI)  # after the as-of date: not counted
    seen = store.assess(parse_target_period("2024"), date(2024, 10, 31), "county", PLAIN)
    (unit,) = seen.units
    funds = unit.progress["funds_in_place_yuan"]
    assert funds.actual == 1_256_400_000
    assert funds.completion == Fraction(12564, 10000)
    assert funds.schedule == Fraction(10, 12)
    assert points_text(funds.points_ahead) == "+42.31"
    assert unit.score.total == 50 * Fraction(12564, 10000)


def test_targets_in_force_as_of_a_date_come_from_their_history(db: str) -> None:
    from tests.conftest import open_store

    march = open_store(db, today=date(2024, 3, 1), user="王科长")
    add(march, "天水项目", county="秦州区", signed_on=date(2024, 1, 5), signed_amount_yuan=5 * YI)
    march.set_target(2024, "county", "秦州区", "signed_amount_yuan", 10 * YI)
    march.close()
    june = open_store(db, today=date(2024, 6, 30), user="李局长")
    june.set_target(2024, "county", "秦州区", "signed_amount_yuan", 20 * YI, [1] * 12)
    year = parse_target_period("2024")
    before = june.assess(year, date(2024, 5, 31), "county", PLAIN).units[0]
    after = june.assess(year, date(2024, 6, 30), "county", PLAIN).units[0]
    assert before.progress["signed_amount_yuan"].completion == Fraction(1, 2)
    assert after.progress["signed_amount_yuan"].completion == Fraction(1, 4)
    history = june.target_history(2024)
    assert [(c.user, c.old_amount, c.new_amount) for c in history] == [
        ("王科长", None, 10 * YI),
        ("李局长", 10 * YI, 20 * YI),
    ]
    assert [row.amount for row in june.targets(2024)] == [20 * YI]
    june.close()


def test_actuals_as_of_a_past_date_read_history(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 6, 30))
    early = add(
        store,
        "早开工项目",
        county="甘州区",
        signed_on=date(2024, 1, 10),
        start_due=date(2024, 3, 1),
    )
    late = add(
        store,
        "晚开工项目",
        county="甘州区",
        signed_on=date(2024, 1, 10),
        start_due=date(2024, 3, 1),
    )
    gone = add(
        store, "退出项目", county="甘州区", signed_on=date(2024, 2, 1), signed_amount_yuan=3 * YI
    )
    for pid, started in ((early, date(2024, 3, 20)), (late, date(2024, 5, 20))):
        store.advance(pid, date(2024, 2, 1))
        store.advance(pid, started)
    store.withdraw(gone, "企业投资计划调整", date(2024, 5, 1))
    store.set_target(2024, "county", "甘州区", "started_count", 4)
    store.set_target(2024, "county", "甘州区", "signed_count", 4)
    scheme = parse_scheme("weight started_count 1\ndeduct late_start 1")
    year = parse_target_period("2024")

    def seen(on: date) -> tuple[int, int, int]:
        unit = store.assess(year, on, "county", scheme).units[0]
        figures = unit.progress
        return (
            figures["started_count"].actual,
            figures["signed_count"].actual,
            unit.deducted["late_start"],
        )

    # on 30 April: one started, the late one past its planned start, the withdrawn one counted
    assert seen(date(2024, 4, 30)) == (1, 3, 1)
    assert seen(date(2024, 6, 30)) == (2, 2, 0)


def test_funds_from_outside_the_province_by_the_investors_origin(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 6, 30))
    here = add(
        store,
        "本省企业项目",
        county="武都区",
        investor_origin="甘肃省兰州市",
        signed_on=date(2024, 1, 5),
    )
    there = add(
        store, "江苏企业项目", county="武都区", investor_origin="江苏省", signed_on=date(2024, 1, 5)
    )
    unknown = add(store, "来源不详项目", county="武都区", signed_on=date(2024, 1, 5))
    for pid in (here, there, unknown):
        store.set_month(pid, date(2024, 3, 1), 2 * YI)
    store.set_target(2024, "county", "武都区", "funds_outside_province_yuan", 4 * YI)
    year = parse_target_period("2024")
    with pytest.raises(UserError, match=r"config set office\.province"):
        store.assess(year, kind="county", scheme=PLAIN)
    store.set_setting("office.province", "甘肃")
    unit = store.assess(year, kind="county", scheme=PLAIN).units[0]
    assert unit.progress["funds_outside_province_yuan"].actual == 2 * YI
    assert unit.progress["funds_outside_province_yuan"].completion == Fraction(1, 2)


def test_missing_monthly_reports_and_size_bands(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 4, 15))
    big = add(
        store, "五十亿项目", county="凉州区", signed_on=date(2024, 1, 5), signed_amount_yuan=60 * YI
    )
    add(store, "十亿项目", county="凉州区", signed_on=date(2024, 2, 5), signed_amount_yuan=12 * YI)
    add(store, "亿元项目", county="凉州区", signed_on=date(2024, 3, 5), signed_amount_yuan=YI)
    add(store, "小项目", county="凉州区", signed_on=date(2024, 3, 5), signed_amount_yuan=4_000_000)
    store.set_month(big, date(2024, 1, 1), YI)
    store.set_month(big, date(2024, 2, 1), YI)
    for figure, amount in (
        ("signed_over_1yi", 4),
        ("signed_over_10yi", 2),
        ("signed_over_50yi", 1),
    ):
        store.set_target(2024, "county", "凉州区", figure, amount)
    store.set_target(2024, "county", "凉州区", "signed_count", 4)
    scheme = parse_scheme(
        "weight signed_count 10\nbonus 10亿 2\nbonus 50亿 5\ndeduct missing_report 1\n"
        "exclude below 500万"
    )
    unit = store.assess(parse_target_period("2024"), kind="county", scheme=scheme).units[0]
    actual = {figure: p.actual for figure, p in unit.progress.items()}
    assert actual == {
        "signed_over_1yi": 3,
        "signed_over_10yi": 2,
        "signed_over_50yi": 1,
        "signed_count": 3,  # the project under 500万 does not count (不予认定)
    }
    # Jan-Mar are over: the big one owes 3 and made 2, the 10亿 one owes 2, the 1亿 one 1
    assert unit.deducted["missing_report"] == 1 + 2 + 1
    assert unit.score.bonus == 2 + 5
    assert unit.score.total == 10 * Fraction(3, 4) + 7 - 4


def test_ranks_tie_and_the_lists_follow_the_scheme(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 12, 31))
    amounts = {"甲县": 10, "乙县": 10, "丙县": 6, "丁县": 3, "戊县": 12}
    for county, amount in amounts.items():
        add(
            store,
            f"{county}项目",
            county=county,
            signed_on=date(2024, 3, 1),
            signed_amount_yuan=amount * YI,
        )
        store.set_target(2024, "county", county, "signed_amount_yuan", 10 * YI)
    scheme = parse_scheme(
        "weight signed_amount_yuan 100\ncap 100%\nred top 2 met\nblack bottom 2 missed"
    )
    seen = store.assess(parse_target_period("2024"), kind="county", scheme=scheme)
    assert [(u.unit, u.rank, u.score.total) for u in seen.units] == [
        ("乙县", 1, Fraction(100)),
        ("戊县", 1, Fraction(100)),  # 120% capped: equal to 100%
        ("甲县", 1, Fraction(100)),
        ("丙县", 4, Fraction(60)),
        ("丁县", 5, Fraction(30)),
    ]
    # three share the first place, none with 2 above it, all on target: all three are red
    assert seen.red_list == ["乙县", "戊县", "甲县"]
    assert seen.black_list == ["丙县", "丁县"]
    as_json = seen.to_json()
    assert as_json["units"][3]["figures"]["signed_amount_yuan"]["completion"] == "3/5"
    assert as_json["units"][3]["figures"]["signed_amount_yuan"]["points_ahead"] == "-40"


def test_the_actuals_agree_with_the_figures(demo_store: Store) -> None:
    """Counted as store.figures counts: signed, signed amount, funds (省外 too) and the size
    bands per county."""
    demo_store.set_setting("office.province", "甘肃")
    figures = compute(demo_store, parse_period("2024"), by="county", with_prior=False)
    compared = [
        "signed_count",
        "signed_amount_yuan",
        "funds_outside_province_yuan",
        "signed_over_1yi",
        "signed_over_10yi",
        "signed_over_50yi",
    ]
    counties = [group for group in figures.groups if group.group != "-"]
    for group in counties:
        for figure in [*compared, "funds_in_place_yuan"]:
            demo_store.set_target(2024, "county", group.group, figure, 1)
    seen = demo_store.assess(
        parse_target_period("2024"), kind="county", scheme=parse_scheme("weight signed_count 1")
    )
    assessed = {u.unit: u.progress for u in seen.units}
    assert len(assessed) == len(counties) > 5
    assert sum(group.funds_outside_province_yuan for group in counties) > 0
    for group in counties:
        mine = assessed[group.group]
        assert {f: mine[f].actual for f in compared} == {f: group.count(f) for f in compared}
        assert mine["funds_in_place_yuan"].actual == group.funds_in_period_yuan


def test_an_assessment_after_today_is_refused(new_store: NewStore) -> None:
    store = new_store(today=date(2024, 6, 30))
    with pytest.raises(UserError, match="after today"):
        store.assess(parse_target_period("2024"), date(2024, 7, 1))


def test_the_export_gains_the_two_assessment_sheets(new_store: NewStore, tmp_path: Path) -> None:
    from store.exporter import ExportOptions, export

    store = new_store(today=date(2024, 10, 31))
    pid = add(
        store,
        "钒钛新材料项目",
        county="米易县",
        signed_on=date(2024, 1, 8),
        signed_amount_yuan=8 * YI,
    )
    store.set_month(pid, date(2024, 5, 1), 1_256_400_000)
    export(store, tmp_path / "none.xlsx")
    assert "任务完成情况" not in openpyxl.load_workbook(tmp_path / "none.xlsx").sheetnames
    store.set_target(2024, "county", "米易县", "funds_in_place_yuan", 10 * YI)
    store.set_target(2024, "county", "米易县", "signed_count", 2)
    export(store, tmp_path / "报表.xlsx", ExportOptions(unit=Unit.YI))
    book = openpyxl.load_workbook(tmp_path / "报表.xlsx")
    assert book.sheetnames[-2:] == ["任务完成情况", "考核排名"]
    rows = [
        [cell for cell in row]
        for row in book["任务完成情况"].iter_rows(min_row=2, values_only=True)
    ]
    assert rows[0] == [
        "考核对象类别",
        "考核对象",
        "指标",
        "目标任务",
        "完成",
        "完成率",
        "序时进度",
        "超欠进度(百分点)",
    ]
    funds = next(row for row in rows if row[2] == "到位资金")
    assert funds[:5] == ["县市区", "米易县", "到位资金", 10, 12.564]
    assert funds[5] == pytest.approx(1.2564) and funds[6] == pytest.approx(10 / 12)
    assert funds[7] == pytest.approx(42.30666, abs=1e-4)
    count = next(row for row in rows if row[2] == "签约项目数")
    assert count[3:5] == [2, 1]
    ranking = [list(row) for row in book["考核排名"].iter_rows(min_row=3, values_only=True)]
    assert [row[:3] for row in ranking] == [["县市区", 1, "米易县"]]
