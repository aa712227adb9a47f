"""An import's row issues, the command line's refusals and a project's history read in one
language: the reasons a sheet's cells are refused are worded in Chinese or in English, quoting
the cells as written; a refusal on the command line begins 错误： in Chinese; amounts in an
English history are in 100M yuan, never 亿元."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from store.io.importer import import_file
from store.io.rows import Issue
from store.labels import Lang
from store.service import Store
from tests import office_sheets
from tests.conftest import NANDU_CODE, TODAY, add_nandu, open_store, run_cli

HEADERS = ["序号", "项目名称", "项目代码", "签约日期", "计划开工时间", "目前进度", "是否开工"]
HEADERS += ["包抓领导", "签约额（万元）"]
LONG_NAME = "酒泉" + "储" * 199  # a name of 201 characters: the column holds 200
# One row a cell at fault, each refused (or warned of) for its own reason; row 3 is sound but
# for its code, which is kept with a warning.
ROWS: list[list[object]] = [
    [1, "敦煌光热项目", "", "2024-02-30", "", "已签约", "", "王建国", 5000],
    [2, "玉门风电项目", "", "2024-03-01", "2024年底", "已签约", "", "王建国", 5000],
    [3, "瓜州储能项目", "JQXM-2019-007", "2024-03-01", "", "已签约", "", "王建国", 5000],
    [4, "肃州物流园项目", "", "2024-03-01", "", "推进中", "", "王建国", 5000],
    [5, "金塔光伏项目", "", "2024-03-01", "", "在建", "在建", "王建国", 5000],
    [6, LONG_NAME, "", "2024-03-01", "", "已签约", "", "王建国", 5000],
    [7, "阿克塞矿业项目", "", "2024-03-01", "", "已签约", "", "副市长", 5000],
]
# The cells at fault, as the sheet wrote them, each with its header.
AT_FAULT = {
    (3, "签约日期", "2024-02-30"),
    (4, "计划开工时间", "2024年底"),
    (6, "目前进度", "推进中"),
    (7, "是否开工", "在建"),
    (8, "项目名称", LONG_NAME[:40]),
    (9, "包抓领导", "副市长"),
}
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
CJK = re.compile(r"[\u3400-\u9fff\uff01-\uff5e\u3000-\u303f]")
# The command that teaches an office's own stage word is typed as it is, in either language.
TEACHING = re.compile(r"config set import\.stage\.<[^>]+> <[^>]+>")
WIDE = {"COLUMNS": "200"}  # a terminal wide enough that no table cell wraps


def office_sheet(folder: Path) -> Path:
    """An ordinary office ledger: a title row, then the headers and the rows."""
    path = folder / "项目台账.xlsx"
    book = office_sheets.Book(path)
    book.sheet("台账", [["2024年招商引资项目台账"], HEADERS, *ROWS])
    book.close()
    return path


def unquoted(issue: Issue, lang: Lang) -> str:
    """The issue's reason with the cells it quotes taken out: the value at fault as written,
    the sheet's stage words, the command an office types to teach its own."""
    text = TEACHING.sub("", issue.said(lang))
    cells = [cell for row in ROWS for cell in row if isinstance(cell, str) and cell]
    quoted = [issue.value, issue.value[:24], *cells, "是/否", "√/×"]
    for cell in sorted(quoted, key=len, reverse=True):
        text = text.replace(cell, "")
    if issue.column == "目前进度":  # the families the import reads, by their sheets' words
        text = re.sub(r"[\u3400-\u9fff、]+ ?[(（][\u3400-\u9fff、]+…[)）]", "", text)
    return text


@pytest.fixture
def issues(store: Store, tmp_path: Path) -> list[Issue]:
    summary = import_file(store, office_sheet(tmp_path))
    refused = {(issue.row, issue.column, issue.value) for issue in summary.errors}
    assert refused == AT_FAULT, [issue.line() for issue in summary.errors]
    (warning,) = summary.warnings
    assert (warning.row, warning.value) == (5, "JQXM-2019-007")
    return [*summary.errors, warning]


def unquoted_line(issue: Issue, lang: Lang) -> str:
    """The issue's whole line with its reason unquoted, and its file, header and cell out."""
    line = issue.line(lang).replace(issue.said(lang), unquoted(issue, lang))
    for quoted in (issue.file, issue.column, issue.value):
        line = line.replace(quoted, "")
    return line


def test_a_sheets_row_issues_read_in_chinese_alone(issues: list[Issue]) -> None:
    for issue in issues:
        reason = unquoted(issue, Lang.ZH)
        assert CJK.search(reason), issue.said(Lang.ZH)
        assert not LATIN_WORD.findall(reason), issue.said(Lang.ZH)
        assert not LATIN_WORD.findall(unquoted_line(issue, Lang.ZH)), issue.line(Lang.ZH)


def test_the_same_row_issues_read_in_english_alone(issues: list[Issue]) -> None:
    for issue in issues:
        reason = unquoted(issue, Lang.EN)
        assert LATIN_WORD.search(reason), issue.said(Lang.EN)
        assert not CJK.findall(reason), issue.said(Lang.EN)
        assert not CJK.findall(unquoted_line(issue, Lang.EN)), issue.line(Lang.EN)


def test_each_reason_quotes_the_cell_as_written(issues: list[Issue]) -> None:
    for issue in issues:
        shown = issue.value[:24]  # an over-long text is shown by its start
        assert shown in issue.said(Lang.ZH) and shown in issue.said(Lang.EN), issue


def test_a_refusal_on_the_command_line_begins_in_its_language(db: str) -> None:
    with_nandu(db)
    code, out, err = run_cli(db, "advance", NANDU_CODE, "--on", "2024-13-01", lang="zh")
    assert (code, out) == (1, "") and err.startswith("错误：不是日期") and err.count("\n") == 1
    assert "error" not in err
    code, _, err = run_cli(db, "advance", NANDU_CODE, "--on", "2024-13-01", lang="en")
    assert code == 1 and err.startswith("error: not a date")


def test_english_funds_and_history_lines_give_amounts_in_100m_yuan(db: str) -> None:
    with_nandu(db)
    month = ("funds", NANDU_CODE, "--month", "2024-03", "--amount", "2.5亿")
    code, out, err = run_cli(db, *month, lang="en", today=TODAY, env=WIDE)
    assert code == 0 and "2.50 (100M yuan)" in out and "亿" not in out, out + err
    code, out, _ = run_cli(db, "history", NANDU_CODE, lang="en", today=TODAY, env=WIDE)
    assert code == 0 and "2.50 (100M yuan)" in out and "亿" not in out, out
    code, out, _ = run_cli(db, "history", NANDU_CODE, lang="zh", today=TODAY, env=WIDE)
    assert code == 0 and "2.50 亿元" in out, out


def with_nandu(db: str) -> None:
    store = open_store(db)
    add_nandu(store)
    store.close()
