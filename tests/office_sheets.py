"""Ledgers written the way county and city offices write them (../shared/domain.md, "What real
office sheets look like"): title rows, 填报单位 and 单位 lines, full-width brackets, line breaks
and template hints in headers, grouped headers over merged cells, section and total rows,
notes and signatures, one sheet per county with a 汇总. One builder a family; each writes a
real .xlsx (xlsxwriter, merged cells) or .csv (GBK where Excel on Chinese Windows saves so)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import xlsxwriter

Cells = list[Any]


class Book:
    """An .xlsx written cell by cell: merged ranges, real date cells, numbers as numbers."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.book = xlsxwriter.Workbook(
            path, {"strings_to_numbers": False, "strings_to_formulas": False}
        )
        self.day = self.book.add_format({"num_format": "yyyy-mm-dd"})
        self.bold = self.book.add_format({"bold": True, "text_wrap": True, "align": "center"})

    def sheet(self, name: str, rows: list[Cells], merges: list[tuple[int, int, int, int]] = ()):  # type: ignore[assignment,no-untyped-def]
        """rows from row 1; merges as (first row, first column, last row, last column), 0-based,
        the merged cell holding the value its first cell has in rows."""
        sheet = self.book.add_worksheet(name)
        merged = {(r, c) for r, c, *_ in merges}
        for first_row, first_column, last_row, last_column in merges:
            value = rows[first_row][first_column]
            sheet.merge_range(first_row, first_column, last_row, last_column, value, self.bold)
        for r, cells in enumerate(rows):
            for c, value in enumerate(cells):
                if (r, c) in merged or value is None or value == "":
                    continue
                if isinstance(value, datetime):
                    sheet.write_datetime(r, c, value, self.day)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, value)
        return sheet

    def close(self) -> Path:
        self.book.close()
        return self.path


def write_csv(path: Path, rows: list[Cells], encoding: str = "gb18030") -> Path:
    with path.open("w", encoding=encoding, newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


# -- header words: the same things named as offices name them ------------------------------------

HEADER_WORDS = [
    "序号",
    "*项目名称",
    "所属县区",
    "项目进展",
    "协议投资额\n（万元）",
    "计划总投资（亿元）",
    "累计到位资金（万元）",
    "签约时间\n（格式：2024-01-01）",
    "拟开工时间",
    "实际开工时间",
    "包抓市级领导",
    "牵头单位",
    "联系电话",
    "进展情况",
]


def header_words(folder: Path) -> Path:
    """所属县区 (county), 项目进展 (stage), 协议投资额 (signed amount), '*' and a format hint,
    拟 against 实际 for the start, under a merged title and a 填报单位 line."""
    width = len(HEADER_WORDS)
    book = Book(folder / "推进情况表.xlsx")
    book.sheet(
        "推进情况",
        [
            ["2024年酒泉市招商引资项目推进情况表", *[""] * (width - 1)],
            ["填报单位：酒泉市投资促进局", *[""] * (width - 3), "截止日期：2024年6月", ""],
            HEADER_WORDS,
            [
                1,
                "酒泉南都电源4GWh储能项目",
                "肃州区",
                "在建",
                300000,
                30,
                120000,
                datetime(2023, 3, 18),
                "2023-07-01",
                "2023-08-15",
                "王建国",
                "肃州区工信局",
                "0937-1234567",
                "主体施工",
            ],
            [
                2,
                "甘肃巨化硅氟新材料项目",
                "玉门市",
                "手续办理",
                "52,000",
                80,
                "—",
                "2023-05-10",
                "2024-09-30",
                "",
                "陈明",
                "玉门市发改局",
                "",
                "环评办理中",
            ],
            [
                3,
                "敦煌光热储能项目",
                "敦煌市",
                "已签约未开工",
                "12 500",
                1.25,
                0,
                "2024-04-02",
                "/",
                "",
                "郑海涛",
                "敦煌市商务局",
                "",
                "",
            ],
        ],
        merges=[(0, 0, 0, width - 1)],
    )
    return book.close()


# -- a grouped header: 开工时间 over 计划 | 实际 ------------------------------------------------------


def grouped_header(folder: Path) -> Path:
    """Two header rows: 投资额（万元） over 总投资 | 签约额 | 到位资金, 开工时间 and 竣工投产时间
    over 计划 | 实际; the single headers merged down both rows."""
    top = ["序号", "项目名称", "县（市、区）", "签约时间", "投资额（万元）", "", ""]
    top += ["开工时间", "", "竣工投产时间", "", "项目状态"]
    below = ["", "", "", "", "总投资", "签约额", "到位资金", "计划", "实际", "计划", "实际", ""]
    rows = [
        ["清水县2024年招商引资项目台账", *[""] * 11],
        top,
        below,
        [
            1,
            "华贸复合陶瓷耐材项目",
            "清水县",
            "2023-02-15",
            80000,
            60000,
            20000,
            "2023-04-01",
            "2023-04-20",
            "2024-10-31",
            "",
            "在建",
        ],
        [
            2,
            "君石中药材二期项目",
            "清水县",
            "2024-04-02",
            32000,
            30000,
            0,
            "2024-08-31",
            "",
            "2025-06-30",
            "",
            "前期手续办理中",
        ],
        [
            3,
            "天水华天电子封装项目",
            "麦积区",
            "2022-06-01",
            150000,
            150000,
            90000,
            "2022-09-01",
            "2022-09-15",
            "2024-03-31",
            "2024-04-10",
            "已投产",
        ],
    ]
    merges = [(0, 0, 0, 11), (1, 4, 1, 6), (1, 7, 1, 8), (1, 9, 1, 10)]
    merges += [(1, c, 2, c) for c in (0, 1, 2, 3, 11)]
    book = Book(folder / "分组表头.xlsx")
    book.sheet("台账", rows, merges)
    return book.close()


# -- stage words as people write them ---------------------------------------------------------------

STAGE_WORDS = {
    "手续办理": "procedures",
    "前期手续办理中": "procedures",
    "正在办理前期手续": "procedures",
    "已签约未开工": "signed",
    "未开工": "signed",
    "拟开工": "signed",
    "在建": "started",
    "建设中": "started",
    "主体施工": "started",
    "设备安装": "started",
    "续建": "started",
    "试生产": "producing",
    "部分投产": "producing",
    "已投产": "producing",
    "建成投产": "producing",
    "竣工投产": "producing",
    "已竣工": "producing",
}


def stage_words(folder: Path, extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    """A GBK CSV whose 目前进度 column holds each everyday stage word (and extra ones)."""
    rows: list[Cells] = [
        ["2024年招商引资项目进度表", "", "", "", ""],
        ["序号", "项目名称", "县区", "签约日期", "目前进度", "签约额（万元）"],
    ]
    for number, word in enumerate([*STAGE_WORDS, *extra], 1):
        rows.append([number, f"{word}项目", "肃州区", "2023-05-10", word, 1000 * number])
    return write_csv(folder / "进度.csv", rows)


# -- 是否开工 / 是否投产 in place of a stage column ------------------------------------------------


def yes_no_columns(folder: Path) -> Path:
    header = [
        "项目名称",
        "县区",
        "签约时间",
        "是否开工",
        "是否投产",
        "开工时间",
        "签约金额（亿元）",
    ]
    rows = [
        ["清水县重点项目是否开工投产情况"],
        header,
        ["甲项目", "清水县", "2023-01-10", "是", "是", "2023-03-01", 2],
        ["乙项目", "清水县", "2023-06-10", "是", "否", "2024-03-01", 3],
        ["丙项目", "清水县", "2024-01-10", "否", "否", "", 1.5],
        ["丁项目", "清水县", "2024-01-10", "否", "是", "", 1],
        ["戊项目", "清水县", "2023-11-10", "否", "", "2024-01-10", 1],
        ["己项目", "清水县", "2023-11-10", "√", "×", "", 0.5],
    ]
    book = Book(folder / "是否开工.xlsx")
    book.sheet("Sheet1", rows, [(0, 0, 0, len(header) - 1)])
    return book.close()


# -- rows that are not projects ---------------------------------------------------------------------

SECTIONS_HEADER = ["序号", "项目名称", "属地", "签约额（万元）", "签约日期", "项目阶段"]


def sections(folder: Path) -> Path:
    """一、新建项目 / 二、续建项目 with a 小计 each, a 合计, the header again on a new page, a
    注：, a 填报说明 and a signature line."""
    rows = [
        ["清水县2024年招商引资项目调度表", "", "", "", "", ""],
        ["填报单位：清水县招商局", "", "", "", "填报日期：2024-06-28", ""],
        SECTIONS_HEADER,
        ["一、新建项目", "", "", "", "", ""],
        [1, "新建甲项目", "清水县", 10000, "2024-01-10", "签约"],
        [2, "新建乙项目", "清水县", 20000, "2024-02-10", "手续"],
        ["小计", "", "", 30000, "", ""],
        SECTIONS_HEADER,
        ["二、续建项目", "", "", "", "", ""],
        [1, "续建甲项目", "清水县", 50000, "2022-05-01", "在建"],
        ["小计", "", "", 50000, "", ""],
        ["合计", "", "", 80000, "", ""],
        ["", "", "", "", "", ""],
        ["注：1.签约额以正式协议为准；2.项目阶段按实际进度填写。", "", "", "", "", ""],
        ["填报说明：每月25日前报送。", "", "", "", "", ""],
        ["填表人：张三", "", "审核人：李四", "", "联系电话：0938-1234567", ""],
    ]
    merges = [(0, 0, 0, 5), (3, 0, 3, 5), (8, 0, 8, 5), (13, 0, 13, 5), (14, 0, 14, 5)]
    book = Book(folder / "分节.xlsx")
    book.sheet("调度表", rows, merges)
    return book.close()


def total_on_top(folder: Path, total: object) -> Path:
    """合计 right under the header, as many offices put it."""
    rows = [
        ["项目名称", "县区", "签约日期", "签约额(万元)", "总投资（亿元）"],
        ["合计", "", "", total, 12.5],
        ["华贸复合陶瓷耐材项目", "清水县", "2023-02-15", 50000, 8],
        ["君石中药材二期项目", "清水县", "2024-04-02", 30000, 4.5],
    ]
    return write_csv(folder / "合计在上.csv", rows)


# -- units -----------------------------------------------------------------------------------------


def unit_line(folder: Path) -> Path:
    """No unit in any header: a 单位：万元 line above the table states it (one cell states its
    own, 3亿)."""
    rows = [
        ["玉门市2024年招商引资签约项目表", "", "", "", "", ""],
        ["填报单位：玉门市商务局", "", "", "", "单位：万元", ""],
        ["项目名称", "所在地", "签约金额", "总投资", "签约日期", "当前阶段"],
        ["玉门抽水蓄能电站", "玉门市", 1020000, 1020000, "2023-03-16", "在建"],
        ["玉门氢能产业园", "玉门市", "3亿", 52000, "2024-02-20", "签约"],
    ]
    book = Book(folder / "单位行.xlsx")
    book.sheet("签约项目", rows, [(0, 0, 0, 5)])
    return book.close()


def no_unit(folder: Path) -> Path:
    """Amounts with their unit stated nowhere."""
    rows = [
        ["项目名称", "县区", "签约日期", "签约额", "总投资"],
        ["酒泉风光储一体化项目", "肃州区", "2024-03-01", 50000, 60000],
        ["金塔光伏治沙项目", "金塔县", "2024-04-01", 30000, 35000],
    ]
    return write_csv(folder / "无单位.csv", rows)


# -- stewards --------------------------------------------------------------------------------------


def stewards(folder: Path) -> Path:
    rows = [
        ["项目名称", "县区", "签约日期", "包抓领导", "签约额(亿元)"],
        ["南都储能项目", "肃州区", "2023-03-18", "王建国（副市长）", 30],
        ["巨化硅氟项目", "玉门市", "2023-05-10", "副市长 王建国", 52],
        ["光热储能项目", "敦煌市", "2024-04-02", "张三、李四", 12.5],
        ["氢能产业园项目", "玉门市", "2024-02-20", "常务副县长李明", 3],
    ]
    return write_csv(folder / "包抓.csv", rows, encoding="utf-8-sig")


# -- dates to the month --------------------------------------------------------------------------


def month_dates(folder: Path) -> Path:
    header = ["项目名称", "签约时间", "计划开工时间", "实际开工时间", "签约额（万元）", "项目进度"]
    rows = [
        header,
        ["甲项目", "2023年3月", "2023年8月", "2023.9", 10000, "在建"],
        ["乙项目", "２０２４年５月１０日", "2024-09", "", 20000, "签约"],
        ["丙项目", "2024-05", "", "2024年5月", 30000, "在建"],
        ["丁项目", datetime(2023, 3, 18), "", "2023年3月", 40000, "在建"],
        ["戊项目", "2024-01-05", "年底", "", 50000, "签约"],
        ["己项目", "2024-01-05", "", "2024年8月", 60000, "在建"],
    ]
    book = Book(folder / "月份.xlsx")
    book.sheet("台账", rows)
    return book.close()


# -- one sheet per county, and a 汇总 ----------------------------------------------------------------

COUNTY_HEADER = ["序号", "项目名称", "签约时间", "签约额（万元）", "项目进展"]
COUNTY_SHEETS = {
    "肃州区": [
        [1, "肃州区储能项目", "2024-01-10", 10000, "在建"],
        [2, "肃州区光伏项目", "2024-02-10", 20000, "签约"],
    ],
    "玉门市": [[1, "玉门市氢能项目", "2024-03-10", 30000, "手续办理"]],
    "敦煌市": [
        [1, "敦煌市光热项目", "2024-01-20", 40000, "签约"],
        [2, "敦煌市文旅项目", "2024-04-20", 50000, "在建"],
    ],
}


def county_sheets(folder: Path, summary_extra: list[Cells] = ()) -> Path:  # type: ignore[assignment]
    """A sheet per county (no county column: each is its county's), a 说明 sheet of text and a
    汇总 repeating them all (and summary_extra)."""
    book = Book(folder / "各县区.xlsx")
    book.sheet("说明", [["填报说明：各县区分表填报，汇总表自动生成。"]])
    everything: list[Cells] = []
    for county, rows in COUNTY_SHEETS.items():
        book.sheet(county, [[f"{county}招商引资项目台账"], COUNTY_HEADER, *rows])
        everything += [[row[0], row[1], county, *row[2:]] for row in rows]
    summary_header = ["序号", "项目名称", "所属县区", *COUNTY_HEADER[2:]]
    book.sheet("汇总", [summary_header, *everything, *summary_extra])
    return book.close()


# -- English headers -----------------------------------------------------------------------------------


def english(folder: Path) -> Path:
    rows = [
        ["Jiuquan investment projects, 2024"],
        [
            "No.",
            "Project Name",
            "County",
            "Status",
            "Signing Date",
            "Planned Start Date",
            "Actual Start Date",
            "Contract Amount (RMB 10,000)",
            "Total Investment (RMB 100 million)",
            "Leader in charge",
            "Responsible Unit",
        ],
        [
            1,
            "Yumen pumped storage",
            "玉门市",
            "under construction",
            "2023-03-16",
            "2023-06-01",
            "2023-07-01",
            1020000,
            102,
            "Wang Jianguo",
            "Yumen DRC",
        ],
        [
            2,
            "Dunhuang solar thermal",
            "敦煌市",
            "signed",
            "2024-04-02",
            "2024-10-01",
            "",
            125000,
            12.5,
            "Zheng Haitao",
            "Dunhuang Commerce Bureau",
        ],
    ]
    return write_csv(folder / "english.csv", rows, encoding="utf-8")


# Every family that imports whole, for the test that `check` accepts what import writes.
GOOD_SHEETS: dict[str, Callable[[Path], Path]] = {
    "header words": header_words,
    "grouped header": grouped_header,
    "stage words": stage_words,
    "sections": sections,
    "unit line": unit_line,
    "stewards": stewards,
    "county sheets": county_sheets,
    "english": english,
}
