"""Sheets as offices keep them, built by the tests: title rows, units in headers, totals."""

from __future__ import annotations

import csv
from contextlib import suppress
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

HEADER = [
    "序号",
    "项目名称",
    "项目代码",
    "投资方/企业名称",
    "县市区",
    "产业链",
    "总投资\n（亿元）",
    "签约额（万元）",
    "当前阶段",
    "签约日期",
    "计划开工日期",
    "开工日期",
    "包抓领导",
    "用地(亩)",
    "进展情况",
]
ROWS = [
    [
        "1",
        "酒泉南都电源4GWh储能项目",
        "2401-620902-04-01-123456",
        "浙江南都电源",
        "肃州区",
        "储能装备",
        "30",
        "300,000",
        "开工",
        "2023/3/18",
        "2023.7.1",
        "2023年8月15日",
        "王建国",
        "200",
        "主体施工",
    ],
    [
        "2",
        "甘肃巨化硅氟新材料项目",
        "2401-620981-04-01-000002",
        "巨化集团",
        "玉门市",
        "新材料",
        "80",
        "5.2亿",
        "手续",
        "2023-05-10",
        "2024-06-10",
        "",
        "陈明",
        "",
        "环评办理中",
    ],
    [
        "3",
        "敦煌光热储能项目",
        "",
        "中核汇能",
        "敦煌市",
        "光热装备",
        "12.5",
        "125000",
        "签约",
        "2024-04-02",
        "",
        "",
        "郑海涛",
        "85.5",
        "",
    ],
]
TOTAL = ["合计", "", "", "", "", "", "122.5", "", "", "", "", "", "", "", ""]


def total_row(rows: list[list[str]]) -> list[str]:
    """The office's 合计 of the rows' total investment (亿元), as the import checks it."""
    total = Decimal(0)
    for row in rows:
        # a value the import refuses leaves that column's total unchecked
        with suppress(InvalidOperation):
            total += Decimal(row[6] or 0)
    return ["合计", "", "", "", "", "", str(total), *[""] * (len(HEADER) - 7)]


def write_gbk_csv(path: Path, rows: list[list[str]] | None = None) -> Path:
    """What Excel on a Chinese Windows saves: GB18030 text, no BOM, a title row and a total."""
    with path.open("w", encoding="gb18030", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["2024年酒泉市招商引资项目调度台账"] + [""] * (len(HEADER) - 1))
        writer.writerow([""] * len(HEADER))
        writer.writerow(HEADER)
        writer.writerows(rows if rows is not None else ROWS)
        writer.writerow(TOTAL if rows is None else total_row(rows))
    return path


def write_xlsx(path: Path) -> Path:
    """An .xlsx with a merged title, real date cells, an Excel serial date and units in headers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["清水县2024年招商引资项目台账"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=8)
    sheet.append(
        [
            "序号",
            "项目名称",
            "项目代码",
            "县市区",
            "签约金额(万元)",
            "总投资(亿元)",
            "签约日期",
            "项目进度",
        ]
    )
    sheet.append(
        [
            1,
            "华贸复合陶瓷耐材项目",
            "2402-620521-04-01-000011",
            "清水县",
            80000,
            8,
            datetime(2023, 2, 15),
            "开工",
        ]
    )
    sheet.append([2, "君石中药材二期项目", None, "清水县", "3亿", 3.2, 45384, "signed"])
    sheet.append(["小计", None, None, None, 380000, 11.2, None, None])
    book.save(path)
    return path
