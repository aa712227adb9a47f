"""Reading office sheets: files of every kind and fault, tables found and read, rows sorted."""

from __future__ import annotations

import codecs
import csv
import subprocess
import sys
import textwrap
import time
import tracemalloc
from datetime import date, datetime
from pathlib import Path

import pytest
import xlsxwriter
from openpyxl import Workbook

from store.errors import UserError
from store.io.sheets import (
    ColumnReading,
    Rows,
    RowShape,
    Table,
    classify_row,
    column_letter,
    detect_encoding,
    find_table,
    read_rows,
    section_kind,
    summary_sheet,
    workbook_sheets,
)
from store.money import Unit
from store.stages import Kind
from tests.sheets import HEADER, ROWS, write_gbk_csv, write_xlsx


def fields(table: Table) -> dict[str, str | None]:
    return {column.header: column.field for column in table.columns}


def table_of(rows: list[list[object]]) -> tuple[Table, Rows]:
    sheet = Rows(rows)
    return find_table("台账.xlsx", sheet), sheet


# -- files ---------------------------------------------------------------------------------------


def test_rows_are_numbered_as_the_sheet_numbers_them_and_can_be_given_back() -> None:
    rows = Rows([["a"], ["b"], ["c"]])
    assert next(rows) == ["a"] and rows.number == 1
    second = next(rows)
    rows.push_back(second)
    assert rows.number == 1
    assert [(cells, rows.number) for cells in rows] == [(["b"], 2), (["c"], 3)]


def test_a_gbk_csv_reads_as_excel_wrote_it(tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv")
    assert detect_encoding(path) == "gb18030"
    rows = read_rows(path)
    read = list(rows)
    assert read[2] == HEADER and read[3] == ROWS[0] and rows.number == 7
    assert rows.notes == []  # one encoding throughout: nothing to say


def test_a_csv_mixing_utf8_and_gbk_lines_reads_every_line_right(tmp_path: Path) -> None:
    """Lines pasted from two exports: each is decoded on its own, and the mix is noted."""
    header = ",".join(HEADER[:6])
    lines = [
        (header, "utf-8"),
        (",".join(ROWS[0][:6]), "utf-8"),
        (",".join(ROWS[1][:6]), "gb18030"),
        ("4,张掖光伏治沙项目,,隆基绿能,甘州区,光伏", "gb18030"),
        (",".join(ROWS[2][:6]), "utf-8"),
    ]
    path = tmp_path / "拼接.csv"
    path.write_bytes(b"".join((text + "\r\n").encode(encoding) for text, encoding in lines))
    rows = read_rows(path)
    read = list(rows)
    assert read == [text.split(",") for text, _ in lines]
    assert rows.notes == [
        "拼接.csv mixes encodings: 2 rows read as GB18030 (3-4), 3 lines as UTF-8"
    ]


def test_a_gbk_line_that_happens_to_be_valid_utf8_is_still_read_as_gbk(tmp_path: Path) -> None:
    """千牛,平陆 in GBK is also valid UTF-8 (ǧţ,ƽ½): characters no Chinese ledger holds, so the
    line is read as GB18030."""
    gbk = "千牛,平陆".encode("gb18030")
    assert gbk.decode("utf-8") == "ǧţ,ƽ½"
    path = tmp_path / "mixed.csv"
    path.write_bytes("项目名称,县市区\r\n".encode() + gbk + b"\r\n" + "甘州".encode("gb18030"))
    assert list(read_rows(path)) == [["项目名称", "县市区"], ["千牛", "平陆"], ["甘州"]]


def test_a_line_neither_utf8_nor_gb18030_is_refused_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    path.write_bytes("项目名称,县市区\r\n".encode("gb18030") + b"\x81\x20\x81,x\r\n")
    with pytest.raises(UserError, match=r"broken.csv: line 2 is neither UTF-8 nor GB18030"):
        list(read_rows(path))


def test_an_over_long_csv_field_is_one_line_naming_where_it_began(tmp_path: Path) -> None:
    path = tmp_path / "open-quote.csv"
    body = '项目名称,备注\n甲,正常\n乙,"引号未闭合' + "很长的说明" * 30_000 + "\n丙,x\n"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(UserError) as raised:
        list(read_rows(path))
    message = str(raised.value)
    assert message == (
        "open-quote.csv: the row beginning on line 3: a cell longer than 131,072 characters "
        "(is a quotation mark left open?)"
    )


def test_a_forced_encoding_that_does_not_fit_is_a_clear_error(tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "gbk.csv")
    with pytest.raises(UserError, match=r"gbk\.csv: cannot read as utf-8"):
        list(read_rows(path, encoding="utf-8"))


def test_unknown_file_kinds_and_missing_files_and_sheets(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no such file"):
        read_rows(tmp_path / "none.csv")
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    with pytest.raises(UserError, match=r"unknown file kind '\.pdf'"):
        read_rows(tmp_path / "a.pdf")
    workbook = write_xlsx(tmp_path / "book.xlsx")
    with pytest.raises(UserError, match=r"no sheet named '汇总' \(sheets: 台账\)"):
        list(read_rows(workbook, sheet="汇总"))


def test_a_table_not_at_a1_keeps_its_columns_letters(tmp_path: Path) -> None:
    """calamine starts a row at the used range's first column: the reader pads it back."""
    book = Workbook()
    sheet = book.active
    sheet["C5"], sheet["D5"], sheet["E5"] = "项目名称", "所属县区", "签约额（万元）"
    sheet["C6"], sheet["D6"], sheet["E6"] = "酒泉南都电源", "肃州区", 300000
    path = tmp_path / "offset.xlsx"
    book.save(path)
    rows = read_rows(path)
    table = find_table(path.name, rows)
    assert table.header_row == 5
    assert [(c.letter, c.field) for c in table.columns] == [
        ("C", "name"),
        ("D", "county"),
        ("E", "signed_amount_yuan"),
    ]
    assert next(rows) == ["", "", "酒泉南都电源", "肃州区", 300000.0] and rows.number == 6


def test_one_sheet_per_county_and_a_summary(tmp_path: Path) -> None:
    path = tmp_path / "县区.xlsx"
    with xlsxwriter.Workbook(path) as book:
        for name, county in (("汇总", None), ("肃州区", "肃州区"), ("玉门市", "玉门市")):
            sheet = book.add_worksheet(name)
            sheet.write_row(0, 0, ["项目名称", "所属县区"])
            sheet.write_row(1, 0, [f"{county or '全市'}项目", county or "全市"])
    assert workbook_sheets(path) == ["汇总", "肃州区", "玉门市"]
    assert [summary_sheet(name) for name in workbook_sheets(path)] == [True, False, False]
    assert list(read_rows(path, sheet="玉门市"))[1] == ["玉门市项目", "玉门市"]
    assert workbook_sheets(write_gbk_csv(tmp_path / "a.csv")) == []


@pytest.mark.parametrize("name", ["汇总", "全市汇总表", "项目总表", "合计", "Summary", "TOTAL"])
def test_summary_sheet_names(name: str) -> None:
    assert summary_sheet(name)


@pytest.mark.parametrize("name", ["肃州区", "项目台账", "Ledger", "2024年5月"])
def test_ledger_sheet_names_are_not_summaries(name: str) -> None:
    assert not summary_sheet(name)


SPARSE_READER = textwrap.dedent(
    """
    import resource, sys
    from pathlib import Path
    resource.setrlimit(resource.RLIMIT_AS, (1 << 31, 1 << 31))  # 2 GB: the grid would be 500
    from store.io.sheets import classify_row, find_table, read_rows
    rows = read_rows(Path(sys.argv[1]))
    table = find_table("sparse.xlsx", rows)
    shapes = [classify_row(cells, table).value for cells in rows]
    print(table.header_row, [c.field for c in table.columns], shapes.count("project"),
          rows.number, rows.notes)
    """
)


def test_a_stray_cell_at_xfd1048576_does_not_make_a_grid_of_the_whole_sheet(
    tmp_path: Path,
) -> None:
    """calamine holds a sheet's used range as one grid: 16384 x 1048576 cells would need
    about 500 GB and abort the process. Such a sheet is read row by row instead, each row as
    wide as its own cells. Run apart, under a memory limit, so an abort fails only this test."""
    path = tmp_path / "sparse.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("台账")
        sheet.write_row(0, 0, ["项目名称", "所属县区", "签约额（万元）"])
        sheet.write_row(1, 0, ["酒泉南都电源", "肃州区", 300000])
        sheet.write_row(2, 0, ["玉门抽水蓄能电站", "玉门市", 102000])
        sheet.write(1048575, 16383, "误输入")
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", SPARSE_READER, str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == (
        "1 ['name', 'county', 'signed_amount_yuan'] 2 1048576 "
        "['sparse.xlsx [台账]: cells reach XFD1048576, too far out to hold as one grid: "
        "read row by row']"
    )
    assert time.perf_counter() - started < 120


def test_a_styled_empty_cell_far_out_is_read_as_usual(tmp_path: Path) -> None:
    """A cell with a format but no value (a whole column formatted) makes the dimension huge
    but holds nothing: calamine reads the sheet, with no note."""
    path = tmp_path / "styled.xlsx"
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("台账")
        sheet.write_row(0, 0, ["项目名称", "签约日期"])
        sheet.write_row(1, 0, ["酒泉南都电源"])
        sheet.write_datetime(
            1, 1, datetime(2023, 3, 18), book.add_format({"num_format": "yyyy-mm-dd"})
        )
        sheet.write_blank(1048575, 16383, None, book.add_format({"bold": True}))
    rows = read_rows(path)
    assert list(rows) == [["项目名称", "签约日期"], ["酒泉南都电源", date(2023, 3, 18)]]
    assert rows.notes == []


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 51, 701, 702, 16383)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "ZZ",
        "AAA",
        "XFD",
    ]


# -- the table -----------------------------------------------------------------------------------


def test_title_and_unit_lines_above_the_header(tmp_path: Path) -> None:
    rows = [
        ["2024年酒泉市重点招商引资项目调度台账", "", "", ""],
        ["填报单位：酒泉市投资促进局", "", "截止日期：2024年5月31日", ""],
        ["", "", "", "单位：万元"],
        ["序号", "项目名称", "所属县区", "签约额"],
        [1, "酒泉南都电源", "肃州区", 300000],
    ]
    table, sheet = table_of(rows)
    assert table.header_row == 4 and table.unit_line is Unit.WAN and table.conflicts == []
    assert fields(table) == {
        "序号": "skip",
        "项目名称": "name",
        "所属县区": "county",
        "签约额": "signed_amount_yuan",
    }
    assert table.columns[3] == ColumnReading(3, "D", "签约额", "signed_amount_yuan", None)
    assert next(sheet) == rows[4] and sheet.number == 5


def test_no_unit_line_means_none() -> None:
    table, _ = table_of([["项目名称", "总投资"], ["甲", 1]])
    assert table.unit_line is None and table.columns[1].unit is None


def write_grouped(path: Path) -> Path:
    """Two header rows: 开工时间 merged over 计划 | 实际, 投资额（万元） over three columns, the
    other headers merged down both rows; a title, a unit line, sections, totals and notes."""
    with xlsxwriter.Workbook(path) as book:
        sheet = book.add_worksheet("肃州区")
        sheet.merge_range(0, 0, 0, 9, "肃州区2024年招商引资项目调度台账")
        sheet.write(1, 0, "填报单位：肃州区商务局")
        for column, text in enumerate(["序号", "项目名称", "所属县区"]):
            sheet.merge_range(2, column, 3, column, text)
        sheet.merge_range(2, 3, 2, 4, "开工时间")
        sheet.write_row(3, 3, ["计划", "实际"])
        sheet.merge_range(2, 5, 2, 7, "投资额（万元）")
        sheet.write_row(3, 5, ["总投资", "签约额", "累计到位资金"])
        sheet.merge_range(2, 8, 3, 8, "项目进展")
        sheet.merge_range(2, 9, 3, 9, "包抓市级领导")
        body = [
            ["一、新建项目"],
            [
                1,
                "酒泉南都电源",
                "肃州区",
                "2023年7月",
                "2023-08-15",
                300000,
                300000,
                120000,
                "主体施工",
                "王建国（副市长）",
            ],
            ["", "小计", "", "", "", 300000, 300000, 120000],
            ["二、续建项目"],
            [
                1,
                "酒泉鸿合新能源",
                "肃州区",
                "2023.3",
                "2023-03-20",
                150000,
                150000,
                90000,
                "续建",
                "副市长 李明",
            ],
            ["合计", "", "", "", "", 450000, 450000, 210000],
            ["注：1.金额单位为万元；2.开工时间按实际填写。"],
            ["填表人：张三", "", "", "审核人：李四", "", "联系电话：0937-1234567"],
        ]
        for offset, row in enumerate(body):
            sheet.write_row(4 + offset, 0, row)
    return path


def test_a_grouped_header_over_two_rows(tmp_path: Path) -> None:
    path = write_grouped(tmp_path / "grouped.xlsx")
    rows = read_rows(path)
    table = find_table(path.name, rows)
    assert table.header_row == 4
    assert [(c.letter, c.header, c.field, c.unit) for c in table.columns] == [
        ("A", "序号", "skip", None),
        ("B", "项目名称", "name", None),
        ("C", "所属县区", "county", None),
        ("D", "开工时间/计划", "start_due", None),
        ("E", "开工时间/实际", "started_on", None),
        ("F", "投资额（万元）/总投资", "total_investment_yuan", Unit.WAN),
        ("G", "投资额（万元）/签约额", "signed_amount_yuan", Unit.WAN),
        ("H", "投资额（万元）/累计到位资金", "funds_in_place_yuan", Unit.WAN),
        ("I", "项目进展", "stage", None),
        ("J", "包抓市级领导", "steward", None),
    ]
    shapes = [(rows.number, classify_row(cells, table)) for cells in rows]
    assert shapes == [
        (5, RowShape.SECTION),
        (6, RowShape.PROJECT),
        (7, RowShape.TOTAL),
        (8, RowShape.SECTION),
        (9, RowShape.PROJECT),
        (10, RowShape.TOTAL),
        (11, RowShape.NOTE),
        (12, RowShape.SIGNATURE),
    ]


def test_group_headings_in_the_row_above_the_header() -> None:
    rows = [
        ["基本情况", "", "", "投资情况（亿元）", "", "计划", "实际"],
        ["序号", "项目名称", "县（市、区）", "总投资", "签约额", "开工时间", "开工时间"],
        [1, "玉门抽水蓄能电站", "玉门市", 102, 102, "2023-01", "2023-03-01"],
    ]
    table, sheet = table_of(rows)
    assert table.header_row == 2
    assert [(c.header, c.field, c.unit) for c in table.columns] == [
        ("基本情况/序号", "skip", None),
        ("基本情况/项目名称", "name", None),
        ("基本情况/县（市、区）", "county", None),
        ("投资情况（亿元）/总投资", "total_investment_yuan", Unit.YI),
        ("投资情况（亿元）/签约额", "signed_amount_yuan", Unit.YI),
        ("计划/开工时间", "start_due", None),
        ("实际/开工时间", "started_on", None),
    ]
    assert next(sheet) == rows[2]


def test_a_title_above_the_header_is_not_taken_for_group_headings() -> None:
    """计划 in a title over 开工时间 would make the start a plan: a title is not a group row."""
    rows = [
        ["2024年计划开工项目表", "", "", "", "第1页"],
        ["序号", "项目名称", "所属县区", "开工时间", "签约额"],
    ]
    table, _ = table_of(rows)
    assert [(c.header, c.field) for c in table.columns] == [
        ("序号", "skip"),
        ("项目名称", "name"),
        ("所属县区", "county"),
        ("开工时间", "started_on"),
        ("签约额", "signed_amount_yuan"),
    ]


def test_a_blank_header_cell_over_data_gives_the_data_row_back() -> None:
    """The row after a header with a gap is looked at for a second header row; a data row is
    returned to the rows, numbered as before."""
    rows = [
        ["项目名称", "", "所属县区"],
        ["酒泉南都电源", "备用", "肃州区"],
        ["甘肃巨化", "", "玉门市"],
    ]
    table, sheet = table_of(rows)
    assert table.header_row == 1 and fields(table) == {"项目名称": "name", "所属县区": "county"}
    assert [(sheet.number, cells) for cells in sheet] == [(2, rows[1]), (3, rows[2])]


def test_a_csv_row_of_figures_under_a_blank_header_cell_is_data() -> None:
    """A CSV gives figures as text: a row without a name but with figures under the blank
    header cell is a row of the table, not the header's second row."""
    rows = [["序号", "项目名称", "", "签约额"], ["1", "", "2024-05-01", "100"]]
    table, sheet = table_of(rows)
    assert table.header_row == 1 and [c.header for c in table.columns] == [
        "序号",
        "项目名称",
        "签约额",
    ]
    assert next(sheet) == rows[1]


def test_two_columns_claiming_one_field_are_named_never_last_wins() -> None:
    rows = [
        [
            "序号",
            "项目名称",
            "签约额",
            "所属县区",
            "属地",
            "协议投资额",
            "包抓领导",
            "联系领导",
            "Steward",
        ]
    ]
    table, _ = table_of(rows)
    assert table.conflicts == [
        "签约额 (C) and 协议投资额 (F) both mean signed amount",
        "所属县区 (D) and 属地 (E) both mean county",
        "包抓领导 (G), 联系领导 (H) and Steward (I) all mean steward",
    ]


def test_every_column_is_listed_used_or_not() -> None:
    table, _ = table_of([["项目名称", "完成投资", "所属县区", "", "资金到位率"]])
    assert fields(table) == {
        "项目名称": "name",
        "完成投资": None,
        "所属县区": "county",
        "资金到位率": None,
    }


def test_english_headers(tmp_path: Path) -> None:
    rows = [
        ["Investment projects, Jiuquan, 2024"],
        [
            "No.",
            "Project Name",
            "County",
            "Contract Amount (RMB 10,000)",
            "Total Investment (RMB 100 million)",
            "Stage",
            "Signing Date",
            "Planned Start Date",
            "Actual Start Date",
            "Leader in charge",
            "Responsible Unit",
        ],
    ]
    table, _ = table_of(rows)
    assert [(c.field, c.unit) for c in table.columns] == [
        ("skip", None),
        ("name", None),
        ("county", None),
        ("signed_amount_yuan", Unit.WAN),
        ("total_investment_yuan", Unit.YI),
        ("stage", None),
        ("signed_on", None),
        ("start_due", None),
        ("started_on", None),
        ("steward", None),
        ("responsible_unit", None),
    ]


def test_an_offices_mapping_names_a_column() -> None:
    table, _ = table_of([["项目名称", "联系人", "进展"]])
    assert fields(table) == {"项目名称": "name", "联系人": None, "进展": "stage"}
    table, _ = table_of([["项目名称", "联系人", "进展"]])
    mapped = find_table(
        "台账.csv",
        Rows([["项目名称", "联系人", "进展"]]),
        {"联系人": "steward", "进展": "progress_note"},
    )
    assert fields(mapped) == {"项目名称": "name", "联系人": "steward", "进展": "progress_note"}


def test_no_header_names_the_file_shows_the_rows_and_the_words_known() -> None:
    rows = [["2024年项目台账"], [], ["企业", "金额", "备注"], ["甲公司", 100, ""]]
    with pytest.raises(UserError) as raised:
        find_table("台账.xlsx", Rows(rows))
    message = str(raised.value)
    assert message.startswith("台账.xlsx: no header row found in the first 30 rows")
    assert (
        "  row 1: 2024年项目台账\n  row 3: 企业 | 金额 | 备注\n  row 4: 甲公司 | 100\n" in message
    )
    assert "项目名称/Project Name" in message and "所属县区" in message and "--map" in message


def test_a_header_with_an_unread_unit_is_refused_naming_the_cell() -> None:
    with pytest.raises(UserError) as raised:
        table_of([["标题"], ["项目名称", "所属县区", "总投资（千元）"]])
    assert str(raised.value) == (
        "台账.xlsx row 2 column C: header '总投资（千元）': amounts in 千元 are not read; "
        "write them in 亿元, 万元 or 元"
    )


# -- rows ----------------------------------------------------------------------------------------

TABLE = Table(
    header_row=1,
    columns=[
        ColumnReading(0, "A", "序号", "skip", None),
        ColumnReading(1, "B", "项目名称", "name", None),
        ColumnReading(2, "C", "开工时间/计划", "start_due", None),
        ColumnReading(3, "D", "开工时间/实际", "started_on", None),
        ColumnReading(4, "E", "签约额", "signed_amount_yuan", Unit.WAN),
    ],
    unit_line=None,
)


@pytest.mark.parametrize(
    "cells, shape",
    [
        ([], RowShape.BLANK),
        (["", None, "", "", ""], RowShape.BLANK),
        (["  ", "", " ", "", ""], RowShape.BLANK),
        (["合计", "", "", "", 450000], RowShape.TOTAL),
        (["", "合 计", "", "", 450000], RowShape.TOTAL),
        (["总计", "", "", "", 450000], RowShape.TOTAL),
        (["", "小计", "", "", 300000], RowShape.TOTAL),
        (["", "肃州区小计", "", "", 300000], RowShape.TOTAL),
        (["", "合计（35个）", "", "", 300000], RowShape.TOTAL),
        (["Total", "", "", "", 300000], RowShape.TOTAL),
        (["一、新建项目", "", "", "", ""], RowShape.SECTION),
        (["", "二、续建项目", "", "", ""], RowShape.SECTION),
        (["（一）工业项目", "", "", "", ""], RowShape.SECTION),
        (["一、新建项目", "", "", "", 300000], RowShape.SECTION),  # its subtotal beside it
        (["一", "新建项目", "", "", ""], RowShape.SECTION),
        (["", "肃州区", "", "", ""], RowShape.SECTION),
        (["", "新建项目", "", "", ""], RowShape.SECTION),
        (["", "续建项目（18个）", "", "", ""], RowShape.SECTION),
        (["", "", "", "", "工业项目"], RowShape.SECTION),
        (["", "酒泉南都电源4GWh储能项目", "", "", ""], RowShape.PROJECT),  # nothing else yet
        ([8.0, "玉门抽水蓄能电站", "", "", ""], RowShape.PROJECT),
        (["注：1.本表由各县区填报", "", "", "", ""], RowShape.NOTE),
        (["注:金额单位万元"], RowShape.NOTE),
        (["说明：开工时间按实际填写"], RowShape.NOTE),
        (["填报说明：1.……"], RowShape.NOTE),
        (["填表人：张三", "", "审核人：李四", "", ""], RowShape.SIGNATURE),
        (["填表人", "张三", "审核人", "李四", ""], RowShape.SIGNATURE),
        (["审核人：李四"], RowShape.SIGNATURE),
        (["联系人：王五  电话：0937-1234567"], RowShape.SIGNATURE),
        (["填报单位：肃州区商务局", "", "", "截止日期：2024年5月31日"], RowShape.SIGNATURE),
        (["截止日期：2024年5月31日"], RowShape.SIGNATURE),
        (["序号", "项目名称", "开工时间", "", "签约额"], RowShape.HEADER_AGAIN),
        (["", "", "计划", "实际", ""], RowShape.HEADER_AGAIN),
        ([1.0, "酒泉南都电源", "2023年7月", "2023-08-15", 300000.0], RowShape.PROJECT),
        (["1", "酒泉南都电源", "", "", "30亿"], RowShape.PROJECT),
        ([2.0, "综合计算中心项目", "", "", 1000.0], RowShape.PROJECT),
        ([3.0, "注塑件生产项目", "", "", 1000.0], RowShape.PROJECT),
        ([4.0, "第三代半导体项目", "", "", 1000.0], RowShape.PROJECT),
        ([5.0, "小计量仪表项目", "", "", 1000.0], RowShape.PROJECT),
        (["（一）", "说明书印刷项目", "2024-01", "", 80.0], RowShape.PROJECT),
        ([6.0, "联系人未定的项目", "", "", 80.0], RowShape.PROJECT),
        ([7.0, "", "2024-01", "", 80.0], RowShape.PROJECT),  # a project without its name
        (["", "酒泉南都电源", "", "", 0.0], RowShape.PROJECT),  # a zero is written
    ],
)
def test_row_shapes(cells: list[object], shape: RowShape) -> None:
    assert classify_row(cells, TABLE) is shape


def test_a_table_with_other_columns_is_read_afresh() -> None:
    table = Table(1, list(TABLE.columns), None)
    assert classify_row(["", "", "计划", "实际", ""], table) is RowShape.HEADER_AGAIN
    table.columns = [ColumnReading(1, "B", "名称", "name", None)]
    assert classify_row(["", "", "计划", "实际", ""], table) is RowShape.PROJECT


def test_classifying_100k_rows_is_quick() -> None:
    project = [1.0, "酒泉南都电源4GWh储能项目", "2023年7月", "2023-08-15", 300000.0]
    rows = [[float(n), f"{project[1]}{n}", *project[2:]] for n in range(100_000)]
    rows[500] = ["合计", "", "", "", 1.0]
    started = time.perf_counter()
    shapes = [classify_row(cells, TABLE) for cells in rows]
    elapsed = time.perf_counter() - started
    assert shapes.count(RowShape.PROJECT) == 99_999 and shapes[500] is RowShape.TOTAL
    assert elapsed < 2.5, f"100,000 rows classified in {elapsed:.2f} s"


@pytest.mark.parametrize(
    "text, kind",
    [
        ("一、新建项目", Kind.NEW),
        ("（一）新开工项目", Kind.NEW),
        ("二、续建项目", Kind.CONTINUING),
        ("续建", Kind.CONTINUING),
        ("New projects", Kind.NEW),
        ("三、工业项目", None),
        ("新建、续建项目", None),
    ],
)
def test_a_section_heading_sets_the_kind_below_it(text: str, kind: Kind | None) -> None:
    assert section_kind(text) is kind


def test_memory_of_reading_a_gbk_file_stays_flat(tmp_path: Path) -> None:
    """The CSV is decoded and parsed as it streams: reading 30,000 rows does not hold them
    (held, they would take some 40 MB)."""
    path = tmp_path / "big.csv"
    with path.open("w", encoding="gb18030", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADER)
        writer.writerows(ROWS[0] for _ in range(30_000))
    tracemalloc.start()
    try:
        count = sum(1 for _ in read_rows(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count == 30_001 and peak < 10_000_000


def test_a_utf8_file_with_its_bom_and_gbk_lines_added_reads_every_line_right(
    tmp_path: Path,
) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(
        codecs.BOM_UTF8
        + "项目名称,县市区\r\n".encode()
        + "酒泉南都电源,肃州区\r\n".encode()
        + "甘肃巨化,玉门市\r\n".encode("gb18030")
    )
    assert detect_encoding(path) == "gb18030"
    rows = read_rows(path)
    assert list(rows) == [
        ["项目名称", "县市区"],
        ["酒泉南都电源", "肃州区"],
        ["甘肃巨化", "玉门市"],
    ]
    assert rows.notes == ["bom.csv mixes encodings: 1 row read as GB18030 (3), 2 lines as UTF-8"]
