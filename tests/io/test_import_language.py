"""The import speaks the language chosen: its column map, counts, notes, row issues, refusals
and --errors file are in Chinese or in English, never both, quoting the sheet's own headers
and cells as written. And --map names a column by its letter where two carry one header."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from store.io.importer import ImportOptions, import_file
from store.labels import Lang, said
from store.service import Store
from tests import office_sheets
from tests.conftest import NANDU, NANDU_CODE, TODAY, add_nandu, run_cli

FIXTURES = Path(__file__).parent.parent / "fixtures"
WIDE = {"COLUMNS": "200"}  # a terminal wide enough that no line of the summary wraps
LEDGER = FIXTURES / "qingshui-ledger.xls"
# Words a Chinese summary may hold in Latin letters: the options it names, units --unit takes
# and the fields --map takes (an officer types them as they are).
OPTION_WORDS = re.compile(
    r"--[a-z-]+|yi\|wan\|yuan|unused|[a-z]+_[a-z_]+|'[A-Z]{1,3}=|\b[A-Z]{1,3}\b|GB18030|UTF-8"
)


def latin_words(text: str, *quoted: str) -> list[str]:
    """Words of three or more Latin letters left once the quoted names (file names, cells)
    and the option words are taken out."""
    for name in quoted:
        text = text.replace(name, "")
    return re.findall(r"[A-Za-z]{3,}", OPTION_WORDS.sub("", text))


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def twin_remarks(folder: Path) -> Path:
    """Two columns headed 备注 (D and F): both read as the remark."""
    return write_csv(
        folder / "两列备注.csv",
        [
            ["项目名称", "签约时间", "签约额(万元)", "备注", "联系人", "备注"],
            ["敦煌光热储能项目", "2024-03-01", "50000", "市级重点", "张敏", "已对接"],
        ],
    )


def twin_times(folder: Path) -> Path:
    """Two columns headed 时间 (B and D): the signing and the start, told only by position."""
    return write_csv(
        folder / "两列时间.csv",
        [
            ["项目名称", "时间", "签约额(万元)", "时间"],
            ["玉门风电装备项目", "2024-03-01", "80000", "2024-05-10"],
        ],
    )


# -- the summary -------------------------------------------------------------------------------


def test_a_chinese_dry_run_says_everything_in_chinese(db: str) -> None:
    code, out, err = run_cli(db, "import", str(LEDGER), "--dry-run", lang="zh", today=TODAY)
    assert code == 0, err
    assert "各列导入为" in out and "导入为" in out and "依据" in out
    assert "签约额" in out and "signed_amount_yuan" not in out  # the label, not the key
    assert "序号，不导入" in out and "numbering" not in out
    assert "已略过合计/小计行：第 5 行" in out
    assert "仅检查，未写入任何数据" in out and "将新增" in out
    assert latin_words(out, LEDGER.name) == []


def test_an_english_dry_run_says_everything_in_english(db: str) -> None:
    code, out, err = run_cli(db, "import", str(LEDGER), "--dry-run", lang="en", today=TODAY)
    assert code == 0, err
    assert "columns: the field each fills" in out and "Fills" in out
    assert "Signed amount" in out and "(signed_amount_yuan)" not in out
    assert "numbering, not read" in out
    assert "skipped total rows (合计/小计): row 5" in out
    assert "dry run, nothing written" in out and "would add" in out
    assert "导入为" not in out and "未写入" not in out


def test_row_issues_and_the_errors_file_are_in_the_language(db: str, tmp_path: Path) -> None:
    sheet = office_sheets.yes_no_columns(tmp_path)
    report = tmp_path / "问题.csv"
    args = ("import", str(sheet), "--dry-run", "--errors", str(report))
    code, out, _ = run_cli(db, *args, lang="zh", today=TODAY, env=WIDE)
    assert code == 1
    assert "是否开工写的是“否”：未开工的项目不会已投产" in out
    assert "而这是更后阶段（开工）的日期：请改正其中之一" in out
    assert "错误" in out and "says" not in out
    with report.open(encoding="utf-8-sig") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["文件", "行", "列", "值", "原因"]
    assert [row[1:4] for row in rows[1:]] == [
        ["6", "是否投产", "是"],
        ["7", "开工时间", "2024-01-10"],
    ]
    assert all(latin_words(row[4]) == [] for row in rows[1:])

    code, out, _ = run_cli(db, *args, "--overwrite", lang="en", today=TODAY, env=WIDE)
    assert code == 1 and "是否开工 says '否': a project not started is not producing" in out
    assert "a later stage (started)" in out and "未开工的项目" not in out
    with report.open(encoding="utf-8-sig") as stream:
        assert next(csv.reader(stream)) == ["file", "row", "column", "value", "reason"]


def test_a_workbooks_sheets_and_their_notes_are_in_the_language(db: str, tmp_path: Path) -> None:
    book = office_sheets.county_sheets(tmp_path)
    code, out, err = run_cli(db, "import", str(book), "--dry-run", lang="zh", today=TODAY)
    assert code == 0, err
    assert "县区取自工作表名：肃州区" in out and "已跳过" in out and "找不到表头" in out
    assert "汇总表：其中 5 个项目都在其他工作表上" in out
    assert latin_words(out, book.name) == []
    code, out, _ = run_cli(db, "import", str(book), "--dry-run", lang="en", today=TODAY)
    assert "county from the sheet's name: 肃州区" in out and "no header row found" in out


def test_the_store_gives_each_issue_and_note_in_both_languages(
    store: Store, tmp_path: Path
) -> None:
    sheet = office_sheets.total_on_top(tmp_path, 999)
    summary = import_file(store, sheet, ImportOptions(dry_run=True))
    (issue,) = summary.errors
    assert issue.said(Lang.EN).startswith("the rows read add up to 80,000 万元")
    assert issue.said(Lang.ZH).startswith("读到的各行合计为 80,000 万元，表中合计为")
    assert issue.line(Lang.ZH).startswith(f"{sheet.name} 第 {issue.row} 行 [签约额(万元)] “999”：")
    assert summary.to_json()["errors"][0]["reason_zh"] == issue.said(Lang.ZH)


# -- refusals ----------------------------------------------------------------------------------


def test_two_columns_meaning_one_field_are_refused_in_one_line_in_the_language(
    db: str, tmp_path: Path
) -> None:
    sheet = twin_remarks(tmp_path)
    code, out, err = run_cli(db, "import", str(sheet), "--dry-run", lang="zh", today=TODAY)
    assert code == 1 and out == ""
    assert err == (
        "错误：备注 (D)、备注 (F) 都是备注：请用 --map '<表头或列字母>=<字段>' 指明用哪一列"
        "（如 --map 'F=unused' 不用 F 列）\n"
    )
    code, _, err = run_cli(db, "import", str(sheet), "--dry-run", lang="en", today=TODAY)
    assert code == 1 and err.count("\n") == 1
    assert "备注 (D) and 备注 (F) both mean" in err and "--map 'F=unused'" in err


def test_an_unreadable_unit_is_refused_in_the_language(db: str, tmp_path: Path) -> None:
    sheet = write_csv(
        tmp_path / "千元.csv", [["项目名称", "签约日期", "签约额(千元)"], ["甲", "2024-03-01", "5"]]
    )
    code, _, err = run_cli(db, "import", str(sheet), "--dry-run", lang="zh", today=TODAY)
    assert code == 1
    assert "第 1 行 C 列：表头 '签约额(千元)'：不读以千元为单位的金额" in err
    assert latin_words(err.removeprefix("错误："), sheet.name) == []


def test_a_map_of_an_unknown_field_is_refused_in_the_language(db: str) -> None:
    args = ("import", str(LEDGER), "--dry-run", "--map", "项目进度=进度")
    code, _, err = run_cli(db, *args, lang="zh", today=TODAY)
    assert code == 1 and err.startswith("错误：未知的字段 '进度'：可用 ")
    code, _, err = run_cli(db, *args, lang="en", today=TODAY)
    assert code == 1 and err.startswith("error: unknown field '进度': use one of ")


# -- --map by a column's letter ----------------------------------------------------------------


def test_a_letter_names_one_of_two_columns_with_one_header(db: str, tmp_path: Path) -> None:
    sheet = twin_remarks(tmp_path)
    args = ("import", str(sheet), "--dry-run", "--map", "F=unused")
    code, out, err = run_cli(db, *args, lang="zh", today=TODAY)
    assert code == 0, err
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if "│" in line}
    assert "未使用" in lines["F"] and "指定" in lines["F"]
    assert "备注" in lines["D"] and "表头" in lines["D"]


def test_a_header_two_columns_carry_is_refused_naming_both_letters(db: str, tmp_path: Path) -> None:
    sheet = twin_times(tmp_path)
    args = ("import", str(sheet), "--dry-run", "--map", "时间=signed_on")
    code, _, err = run_cli(db, *args, lang="zh", today=TODAY)
    assert code == 1
    assert err == (
        "错误：--map '时间=signed_on'：有 2 列的表头都是「时间」（B、D 列），不知指哪一列："
        "请用列字母指明，如 --map 'B=signed_on'\n"
    )
    code, _, err = run_cli(db, *args, lang="en", today=TODAY)
    assert code == 1
    assert err == (
        "error: --map '时间=signed_on': 2 columns are headed '时间' (B and D), so which one is "
        "meant cannot be told: name it by its letter, e.g. --map 'B=signed_on'\n"
    )


def test_letters_import_each_of_two_columns_with_one_header(store: Store, tmp_path: Path) -> None:
    sheet = twin_times(tmp_path)
    mapping = {"B": "signed_on", "D": "started_on"}
    summary = import_file(store, sheet, ImportOptions(mapping=mapping))
    assert summary.errors == [] and summary.added == 1
    used = {column.letter: (column.field, column.source) for column in summary.columns}
    assert used["B"] == ("signed_on", "map") and used["D"] == ("started_on", "map")
    project = store.project("玉门风电装备项目")
    assert (project.signed_on, project.started_on) == (date(2024, 3, 1), date(2024, 5, 10))
    assert project.stage == "started"


def test_a_letter_wins_over_the_header_it_shares(store: Store, tmp_path: Path) -> None:
    """The header names the column the letter leaves: no longer ambiguous."""
    sheet = twin_times(tmp_path)
    mapping = {"时间": "signed_on", "D": "unused"}
    summary = import_file(store, sheet, ImportOptions(mapping=mapping, dry_run=True))
    used = {column.letter: column.field for column in summary.columns}
    assert summary.errors == [] and (used["B"], used["D"]) == ("signed_on", None)


def test_a_letter_no_sheet_has_is_refused(db: str, tmp_path: Path) -> None:
    sheet = twin_times(tmp_path)
    args = ("import", str(sheet), "--dry-run", "--map", "B=signed_on", "--map", "Z=unused")
    code, _, err = run_cli(db, *args, lang="zh", today=TODAY)
    assert code == 1 and err == (
        "错误：--map 'Z'：读到的表中没有带表头的 Z 列（有表头的列：A, B, C, D）\n"
    )


def test_a_letter_is_not_kept_and_a_kept_header_gives_way_to_one(
    db: str, store: Store, tmp_path: Path
) -> None:
    """Kept mappings are by header: a letter is refused for keeping; a kept header mapping
    naming two columns is settled by a letter, each column saying what decided it."""
    sheet = twin_remarks(tmp_path)
    keep = ("import", str(sheet), "--map", "F=unused", "--save-mapping")
    code, _, err = run_cli(db, *keep, lang="zh", today=TODAY)
    assert code == 1 and err.startswith("错误：--save-mapping 只保存按表头指定的列：'F=unused'")
    assert not any(key.startswith("import.header.") for key in store.settings())

    code, _, err = run_cli(db, "config", "set", "import.header.备注", "remark", today=TODAY)
    assert code == 0, err
    summary = import_file(store, sheet, ImportOptions(mapping={"F": "unused"}, dry_run=True))
    used = {column.letter: (column.field, column.source) for column in summary.columns}
    assert summary.errors == []
    assert used["D"] == ("remark", "saved") and used["F"] == (None, "map")


@pytest.mark.parametrize("text", ["F=steward", "AB=unused"])
def test_the_map_option_reads_a_letter_as_written(text: str) -> None:
    from store.io.office_words import read_map_option
    from store.io.sheets import column_index

    named, field = read_map_option(text)
    assert (named, field) == tuple(text.split("="))
    assert column_index(named) == {"F": 5, "AB": 27}[named]
    assert column_index("备注") is None and column_index("f") is None


def test_a_bad_map_option_is_refused_in_both_languages() -> None:
    from store.errors import UserError
    from store.io.office_words import read_map_option

    with pytest.raises(UserError) as refused:
        read_map_option("steward")
    assert said(refused.value, Lang.ZH).startswith("--map 'steward'：请写成 '<表头>=<字段>'")
    assert "'F=steward'" in str(refused.value)


# -- the app's import screen -------------------------------------------------------------------


@pytest.mark.sqlite_only
async def test_the_screen_shows_problems_in_the_apps_language(store: Store, tmp_path: Path) -> None:
    from tests.tui.test_import_screen import open_and_read, settle, table
    from tui.app import InvestTrackApp
    from tui.table import FastTable

    sheet = office_sheets.yes_no_columns(tmp_path)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(160, 45)) as pilot:
        await open_and_read(pilot, sheet)
        reasons = [row[4] for row in table(app, "problems")]
        assert reasons == [
            "是否开工写的是“否”：未开工的项目不会已投产",
            "是否开工写的是“否”，而这是更后阶段（开工）的日期：请改正其中之一",
        ]
        app.screen.query_one("#import-problems", FastTable).focus()
        await pilot.press("g")  # the other language: the same problems, in English
        await settle(pilot)
        reasons = [row[4] for row in table(app, "problems")]
        assert reasons[0] == "是否开工 says '否': a project not started is not producing"


@pytest.mark.sqlite_only
async def test_the_screen_names_a_column_by_its_letter_where_its_header_is_shared(
    store: Store, tmp_path: Path
) -> None:
    from textual.widgets import OptionList

    from tests.tui.test_import_screen import open_and_read, settle, table
    from tui.app import InvestTrackApp
    from tui.table import FastTable

    sheet = twin_times(tmp_path)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = await open_and_read(pilot, sheet)
        for row, field in ((1, "signed_on"), (3, "started_on")):
            view = screen.query_one("#import-columns", FastTable)
            view.focus()
            view.cursor_row = row
            await pilot.press("enter")
            await pilot.pause()
            picker = app.screen.query_one(OptionList)
            picker.highlighted = next(
                index
                for index in range(picker.option_count)
                if picker.get_option_at_index(index).id == field
            )
            await pilot.press("enter")
            await settle(pilot)
        assert screen.draft.mapping == (("B", "signed_on"), ("D", "started_on"))
        columns = table(app, "columns")
        assert (columns[1][2], columns[3][2]) == ("签约日期", "开工日期")
        assert table(app, "problems") == []
        await pilot.press("ctrl+s")
        await settle(pilot)
        project = store.project("玉门风电装备项目")
        assert (project.signed_on, project.started_on) == (date(2024, 3, 1), date(2024, 5, 10))


def test_a_stored_date_out_of_order_is_named_in_each_language(store: Store, tmp_path: Path) -> None:
    """A row's date against a stored one: the stored date named as the tool names it, in the
    language, the row's by the sheet's header."""
    pid = add_nandu(store)
    store.advance(pid, on=date(2024, 2, 1))  # procedures done on 2024-02-01, stored
    sheet = write_csv(
        tmp_path / "更新.csv",
        [["项目名称", "项目代码", "签约时间"], [NANDU, NANDU_CODE, "2024-03-01"]],
    )
    summary = import_file(store, sheet, ImportOptions(dry_run=True))
    (issue,) = summary.errors
    assert issue.said(Lang.ZH) == (
        "日期先后不对：手续办理日期（已录入） 2024-02-01 早于 签约时间 2024-03-01"
    )
    assert issue.said(Lang.EN).startswith("dates out of order: ")
    assert "(stored) 2024-02-01 is before 签约时间 2024-03-01" in issue.said(Lang.EN)
    assert "已录入" not in issue.said(Lang.EN)
