"""The command line speaks the language chosen, and only that one: each write's line, the
figures of `stats`, a database that stayed busy, an unexpected error, and the parser's own
refusals of a command line (one line of Chinese, exit code 2)."""

from __future__ import annotations

import re
import sqlite3
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import pytest

from store.errors import UserError
from store.labels import Lang
from store.labels import said as said_in
from store.service import Store
from tests.conftest import NANDU, NANDU_CODE, TODAY, open_store, run_cli
from tui.cli import main

CONTINUING = "甘肃巨化续建项目"
CONTINUING_CODE = "2401-620902-04-01-654321"
# What the commands below are given, and so may say back in either language.
VALUES = [
    NANDU,
    NANDU_CODE,
    CONTINUING,
    CONTINUING_CODE,
    "肃州区",
    "王建国",
    "李志强",
    "李志刚",
    "安评",
    "安全评价",
    "用地指标不足",
    "招商线索",
    "签约额",
]
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")
# Options as typed (--page, --today) and dates, numbers and amounts are the same in both.
OPTION = re.compile(r"--[a-z][a-z-]*")


def left_over(line: str, values: Iterable[str]) -> str:
    """The line without the values given to the command and the options it names."""
    for value in sorted(values, key=len, reverse=True):
        line = line.replace(value, " ")
    return OPTION.sub(" ", line)


def assert_one_language(line: str, lang: str, values: Iterable[str] = VALUES) -> None:
    """A line in Chinese has no English word beyond the values it was given, and says
    something of its own in Chinese; a line in English the other way about."""
    rest = left_over(line, values)
    if lang == "zh":
        assert not ENGLISH_WORD.findall(rest) and CHINESE.search(rest), line
        assert ": " not in rest and " (" not in rest, f"Chinese punctuation, full width: {line}"
    else:
        assert not CHINESE.findall(rest) and ENGLISH_WORD.search(rest), line


def said(db: str, lang: str, *args: str) -> str:
    """The line a command printed on success."""
    code, out, err = run_cli(db, *args, lang=lang, today=TODAY)
    assert code == 0, err
    return out.strip()


# Every write, in order on one database: each prints one line.
WRITES = [
    ["add", NANDU, "--code", NANDU_CODE, "--county", "肃州区", "--signed-on", "2024-01-05"],
    [
        "add",
        CONTINUING,
        "--code",
        CONTINUING_CODE,
        "--kind",
        "continuing",
        "--signed-on",
        "2024-01-05",
    ],
    ["advance", NANDU_CODE, "--on", "2024-02-01"],
    ["back", NANDU_CODE, "--reason", "误操作"],
    ["withdraw", NANDU_CODE, "--reason", "企业退出", "--on", "2024-03-01"],
    ["reinstate", NANDU_CODE, "--reason", "企业仍在推进"],
    ["assign", NANDU_CODE, "王建国", "--new"],
    ["assign", CONTINUING_CODE, "李志强", "--new"],
    ["resume", CONTINUING_CODE, "--on", "2024-03-01"],
    ["procedure", "add", NANDU_CODE, "安评", "--due", "2024-08-01"],
    ["procedure", "due", NANDU_CODE, "安评", "2024-09-01"],
    ["procedure", "done", NANDU_CODE, "安评", "--on", "2024-06-01"],
    ["procedure", "rename", NANDU_CODE, "安评", "安全评价"],
    ["procedure", "remove", NANDU_CODE, "安全评价"],
    ["problem", "raise", NANDU_CODE, "用地指标不足", "--category", "用地"],
    ["problem", "edit", NANDU_CODE, "#1", "--owner", "自然资源局"],
    ["problem", "status", NANDU_CODE, "#1", "in_hand"],
    ["problem", "remove", NANDU_CODE, "#1"],
    ["steward", "rename", "李志强", "李志刚"],
    ["assign", CONTINUING_CODE, "王建国"],
    ["steward", "retire", "李志刚"],
    ["steward", "retire", "李志刚", "--undo"],
    ["steward", "merge", "李志刚", "王建国"],
    ["lead", "add", "招商线索", "--source", "以商招商", "--owner", "王建国"],
    ["lead", "edit", "招商线索", "--notes", "再议"],
    ["target", "set", "county", "肃州区", "签约额", "5亿"],
    ["notice", "issue", NANDU_CODE, "--reason", "进度滞后"],
    ["check"],
]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_write_says_its_line_in_the_language_chosen(db: str, lang: str) -> None:
    for args in WRITES:
        assert_one_language(said(db, lang, *args), lang)
    # a month already recorded alike is unchanged
    said(db, lang, "funds", NANDU_CODE, "--month", "2024-03", "--amount", "2亿")
    again = said(db, lang, "funds", NANDU_CODE, "--month", "2024-03", "--amount", "2亿")
    assert again.splitlines()[0] == ("2024-03：未变" if lang == "zh" else "2024-03: unchanged")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_demo_backup_and_export_say_theirs_in_the_language_chosen(
    tmp_path: Path, lang: str
) -> None:
    db = str(tmp_path / "office.db")
    assert_one_language(said(db, lang, "demo", "--projects", "5"), lang)
    copy, workbook = tmp_path / "备份.db", tmp_path / "报表.xlsx"
    backed_up = said(db, lang, "backup", str(copy))
    assert backed_up.startswith(str(copy)) and not ENGLISH_WORD.findall(
        left_over(backed_up, [str(copy)])
    )
    assert said(db, lang, "export", str(workbook)) == str(workbook)


def test_a_project_added_in_chinese_is_said_in_chinese(db: str) -> None:
    line = said(db, "zh", "add", NANDU, "--code", NANDU_CODE)
    assert line == f"已新增项目 {NANDU_CODE} {NANDU}"
    code, _, err = run_cli(db, "add", "别的项目", "--code", "X-1", lang="zh", today=TODAY)
    assert code == 0 and err.startswith("提醒：项目代码 X-1 不是全国统一的 24 位格式")
    code, _, err = run_cli(db, "list", "--format", "xml", lang="zh", today=TODAY)
    assert (code, err) == (1, "错误：未知的格式 'xml'：可用 table、csv、json\n")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_stats_speaks_one_language(demo_db: str, lang: str) -> None:
    code, out, err = run_cli(
        demo_db,
        "stats",
        "--by",
        "county",
        "--rank",
        "start_rate",
        lang=lang,
        today=TODAY,
        env={"COLUMNS": "80"},
    )
    assert code == 0, err
    if lang == "zh":
        assert not ENGLISH_WORD.findall(out), ENGLISH_WORD.findall(out)
        assert "按县市区统计：比率，按开工率排序" in out and "签约项目开工率" in out
        return
    # the groups and events are the office's own names: its headings, titles and notes are not
    told = [line for line in out.splitlines() if not line.startswith(("│", "┏", "┡", "└"))]
    assert told and not CHINESE.findall("\n".join(told))
    assert "by county, rates, ranked by start_rate" in out and "Signed start rate" in out


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("zh", "错误：数据库一直被占用（另一程序正在写入）：未保存任何内容，请稍后重试\n"),
        (
            "en",
            "error: the database stayed busy (another program held it): nothing was saved, "
            "try again\n",
        ),
    ],
)
def test_a_database_that_stayed_busy_is_said_in_the_language_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, line: str
) -> None:
    db = str(tmp_path / "busy.db")
    store = open_store(db)
    store.add_project({"name": NANDU, "code": NANDU_CODE})
    store.close()
    monkeypatch.setattr("store.db.engine.BUSY_TIMEOUT_MS", 50)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another program's write, never ending
    try:
        assert run_cli(db, "advance", NANDU_CODE, lang=lang, today=TODAY) == (1, "", line)
    finally:
        holder.close()


def test_the_app_says_a_busy_database_as_it_says_any_refusal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app shows a refused write with store.labels.said, in its language of the moment."""
    db = str(tmp_path / "busy.db")
    monkeypatch.setattr("store.db.engine.BUSY_TIMEOUT_MS", 50)
    store = open_store(db)
    project = store.add_project({"name": NANDU, "code": NANDU_CODE})
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(UserError) as refused:
            store.advance(project.id or 0)
    finally:
        holder.close()
        store.close()
    assert said_in(refused.value, Lang.ZH).startswith("数据库一直被占用")
    assert said_in(refused.value, Lang.EN).startswith("the database stayed busy")


def test_an_unexpected_error_is_said_in_chinese(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))

    def defect(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a planted defect")

    monkeypatch.setattr(Store, "stewards", defect)
    code, _, err = run_cli(db, "steward", "list", lang="zh", today=TODAY)
    prefix = "错误：意外错误（RuntimeError: a planted defect）；详情已写入 "
    assert code == 1 and err.startswith(prefix) and err.count("\n") == 1
    assert Path(err.removeprefix(prefix).strip()).parent == tmp_path


def run_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str]:
    """investtrack as the console runs it: its exit code and what it said on stderr."""
    monkeypatch.setattr(sys, "argv", ["investtrack", *args])
    with pytest.raises(SystemExit) as ended:
        main()
    code = ended.value.code
    return code if isinstance(code, int) else 1, capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["nosuch"], "没有 nosuch 这个命令；用法见 investtrack --help"),
        (["notic"], "没有 notic 这个命令（是否要用 notice？）；用法见 investtrack --help"),
        (
            ["list", "--bogus"],
            "没有 --bogus 这个选项（是否要用 --user？）；用法见 investtrack list --help",
        ),
        (["add"], "缺少参数 NAME；用法见 investtrack add --help"),
        (["back", NANDU_CODE], "缺少选项 --reason；用法见 investtrack back --help"),
        (
            ["deadlines", "--within", "soon"],
            "--within 的值无效：应为不小于 0 的整数；用法见 investtrack deadlines --help",
        ),
        (
            ["deadlines", "--within"],
            "选项 --within 须跟一个值",
        ),
        (["list", "a", "b"], "多余的参数：a b；用法见 investtrack list --help"),
        (["steward"], "缺少子命令；用法见 investtrack steward --help"),
    ],
)
def test_the_parsers_refusals_are_one_line_of_chinese(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    line: str,
) -> None:
    db = str(tmp_path / "office.db")
    assert run_main(monkeypatch, capsys, "--db", db, "--lang", "zh", *args) == (
        2,
        f"错误：{line}\n",
    )


def test_the_parsers_refusals_follow_the_language_wherever_it_is_chosen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "office.db")
    monkeypatch.setenv("INVESTTRACK_LANG", "zh")
    code, err = run_main(monkeypatch, capsys, "--db", db, "list", "--bogus")
    assert (code, err.count("\n")) == (2, 1) and "没有 --bogus 这个选项" in err
    code, err = run_main(monkeypatch, capsys, "--db", db, "list", "--lang", "en", "--bogus")
    assert code == 2 and "Usage: investtrack list" in err and "No such option: --bogus" in err
    monkeypatch.delenv("INVESTTRACK_LANG")
    code, err = run_main(monkeypatch, capsys, "--db", db, "list", "--bogus", "--lang=zh")
    assert (code, err.count("\n")) == (2, 1) and "没有 --bogus 这个选项" in err
    # a command that runs ends with its own exit code
    assert run_main(monkeypatch, capsys, "--db", db, "--lang", "zh", "config", "list") == (0, "")
