"""The monthly bulletin read back: the workbook with openpyxl (sheets, title, headers, counts,
warning colours, the health figures, each unit against its target), the Markdown as text,
by steward and by responsible unit, in Chinese and in English."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from store.io.bulletin import write_bulletin
from store.labels import Lang
from store.service import Store

YI = 10**8
A, B, C = "2401-620902-04-01-400001", "2401-620902-04-01-400002", "2401-620902-04-01-400003"


def add(store: Store, code: str, name: str, steward: str, unit: str, **values: Any) -> None:
    store.add_project(
        {"code": code, "name": name, "responsible_unit": unit, **values},
        steward=steward,
        create_steward=True,
    )


@pytest.fixture
def office(store: Store) -> Store:
    """Today 2024-06-30. A: red, its red notice unanswered past 27 June; B: blue, signed over a
    year ago and not started; C: on time, in another unit."""
    add(
        store,
        A,
        "酒泉南都电源储能项目",
        "王建国",
        "肃州区发改局",
        signed_on=date(2024, 1, 5),
        procedures_due=date(2024, 5, 1),
        signed_amount_yuan=5 * YI,
        total_investment_yuan=10 * YI,
    )
    add(
        store,
        B,
        "玉门抽水蓄能电站",
        "李志强",
        "肃州区发改局",
        signed_on=date(2023, 5, 1),
        procedures_due=date(2024, 7, 10),
        total_investment_yuan=102 * YI,
    )
    add(
        store,
        C,
        "甘肃巨化新材料项目",
        "王建国",
        "玉门市工信局",
        signed_on=date(2024, 3, 1),
        procedures_due=date(2024, 12, 31),
    )
    store.issue_notice(A, level=store_level("red"), issued_on=date(2024, 6, 20))
    return store


def store_level(text: str) -> Any:
    from store.domain.supervision import parse_level

    return parse_level(text)


def rows(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_the_workbook_by_steward_reads_back_with_counts_colours_and_figures(
    office: Store, tmp_path: Path
) -> None:
    path = write_bulletin(office, tmp_path / "通报.xlsx", date(2024, 6, 1), lang=Lang.ZH)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:4] == ["汇总", "预警项目", "督办单", "问题项目"]
    summary = book["汇总"]
    assert summary["A1"].value.endswith(
        "督办通报 汇总  月份 2024-06  数据日期 2024-06-30  (包抓领导; 亿元)"
    )
    assert summary["A2"].font.bold and summary.freeze_panes == "A3"
    assert rows(summary)[:4] == [
        [
            "包抓领导",
            "预警项目",
            "红",
            "黄",
            "蓝",
            "未办结督办单",
            "逾期未回复",
            "约谈",
            "问题项目",
        ],
        ["李志强", 1, 0, 0, 1, 0, 0, 0, 1],
        ["王建国", 1, 1, 0, 0, 1, 1, 0, 0],
        ["合计", 2, 1, 0, 1, 1, 1, 0, 1],
    ]
    notices = rows(book["督办单"])
    assert notices[1][:9] == [
        "王建国",
        1,
        "红",
        A,
        "酒泉南都电源储能项目",
        openpyxl_date(2024, 6, 20),
        openpyxl_date(2024, 6, 27),
        "待回复",
        "逾期未回复",
    ]
    level_cell = book["督办单"]["C3"]
    assert level_cell.fill.fgColor.rgb == "FFE53935"
    warned = rows(book["预警项目"])
    assert [(r[0], r[1], r[5], r[6]) for r in warned[1:]] == [
        ("李志强", B, 10, "蓝"),
        ("王建国", A, -60, "红"),
    ]
    health = rows(book["问题项目"])
    assert health[1] == [
        "李志强",
        "签约超期未开工",
        B,
        "玉门抽水蓄能电站",
        openpyxl_date(2023, 5, 1),
        None,
        None,  # funds are not what this rule reads
        102.0,
        "2023-05-01 签约，已 426 天",
    ]
    assert book["问题项目"]["H3"].number_format == "0.0000"


def openpyxl_date(year: int, month: int, day: int) -> Any:
    from datetime import datetime

    return datetime(year, month, day)


def test_the_markdown_by_unit_in_english(office: Store, tmp_path: Path) -> None:
    path = write_bulletin(office, tmp_path / "b.md", date(2024, 6, 1), by="unit", lang=Lang.EN)
    text = path.read_text(encoding="utf-8")
    assert text.startswith(
        "# 招商引资项目调度 Supervision bulletin 2024-06\n\nAs of 2024-06-30, by Responsible unit\n"
    )
    assert "| 肃州区发改局 | 2 | 1 | 0 | 1 | 1 | 1 | 0 | 1 |" in text
    assert "| 玉门市工信局 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |" in text
    assert (
        "| 1 | red | 2401-620902-04-01-400001 | 酒泉南都电源储能项目 | 2024-06-27 | reply overdue |"
        in text
    )
    assert (
        "| signed long ago, not started | 2401-620902-04-01-400002 | 玉门抽水蓄能电站 | signed 2023-05-01, 426 days ago |"
        in text
    )
    assert "## 玉门市工信局\n\nNothing to report.\n" in text


def test_each_unit_is_shown_against_its_target(office: Store, tmp_path: Path) -> None:
    office.set_target(2024, "unit", "肃州区发改局", "signed_amount_yuan", 20 * YI)
    path = write_bulletin(office, tmp_path / "t.xlsx", date(2024, 6, 1), by="unit", lang=Lang.EN)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == "Targets"
    [head, row] = rows(book["Targets"])
    assert head[:4] == ["Responsible unit", "Figure", "Target", "Actual"]
    assert row[:5] == ["肃州区发改局", "Signed amount (亿)", 20.0, 5.0, 0.25]
    assert book["Targets"]["E3"].number_format == "0.0%"
    text = write_bulletin(office, tmp_path / "t.md", date(2024, 6, 1), by="unit").read_text(
        encoding="utf-8"
    )
    assert "| 肃州区发改局 | 签约额（亿元） | 20.00 | 5.00 | 25.0% | 50.0% | -25.00 |" in text
