"""One language at a time through the command line, on both backends: a refusal the store
raises reads in Chinese with no field key (started_on, funds_in_place_yuan,
procedure:环评:done_on) nor stored value (in_hand, continuing), or as the English line; and
`history` names every field in Chinese."""

from __future__ import annotations

import re

import pytest

from tests.conftest import TODAY, run_cli
from tests.store.test_refusals_chinese import ASCII_KEY, CHINESE

CODE = "2401-620902-04-01-000001"
CONTINUING = "2401-620902-04-01-000002"
ENGLISH_WORDS = re.compile(r"\b(?:the|is|is not|must|before|future|already|needs|no)\b")

# (command, the English refusal's start): each refused by the store, in one line.
REFUSALS = [
    (["add", "测试项目", "--signed-on", "2030-01-01"], "签约日期 (signed on) 2030-01-01: is in"),
    (["add", "测试项目", "--kind", "改建"], "unknown kind '改建'"),
    (["add", "测试项目", "--code", CODE], f"a project with code {CODE} already exists"),
    (["advance", CODE, "--on", "2030-01-01"], "date 2030-01-01 is in the future"),
    (["advance", CODE, "--on", "2023-12-01"], "dates out of order: procedures_on 2023-12-01"),
    (["back", CODE, "--reason", "录错"], "project is at the first stage"),
    (["withdraw", CODE, "--reason", " "], "withdrawing a project needs a reason"),
    (["withdraw", CODE, "--reason", "撤资", "--on", "2023-12-01"], "dates out of order"),
    (["reinstate", CODE, "--reason", "误操作"], "project is not withdrawn"),
    (["resume", CODE, "--on", "2024-03-01"], "复工日期 (resumed on) 2024-03-01: the project"),
    (["resume", CONTINUING, "--on", "2024-07-01"], "复工日期 (resumed on) 2024-07-01: is in"),
    (["funds", CODE, "--month", "2030-01", "--amount", "1亿"], "到位资金月份 (month of funds)"),
    (["funds", CODE, "--month", "2023-01", "--amount", "1亿"], "到位资金月份 (month of funds)"),
    (["funds", CODE, "--month", "2024-02", "--delete"], "no funds recorded for 2024-02"),
    (["procedure", "done", CODE, "环评", "--on", "2024-01-01"], "手续办结日期 (procedure"),
    (["procedure", "add", CODE, " "], "procedure name is empty"),
    (["problem", "raise", CODE, "融资", "--on", "2030-01-01"], "问题提出日期 (problem raised"),
    (["problem", "raise", CODE, " "], "problem text is empty"),
    (["show", "没有这个项目"], "no project with code, id or name '没有这个项目'"),
    (["assign", CODE, "王建国"], "王建国 already stewards this project"),
    (["steward", "rename", "王建国", "李志强"], "a steward named 李志强 exists"),
    (["steward", "retire", "王建国"], "steward 王建国 still answers for 1 active project"),
    (["steward", "merge", "王建国", "王建国"], "王建国 and 王建国 are the same steward"),
    (["list", "--stage", "立项"], "unknown stage '立项'"),
    (["add", "测试项目", "--signed-on", "2024-13-01"], "not a date: '2024-13-01' (no such day)"),
    (["add", "测试项目", "--signed-amount", "-1"], "negative amount: '-1'"),
    (["import", "/nonexistent/台账.csv"], "no such file: /nonexistent/台账.csv"),
    (["export", "/nonexistent/报表.xlsx"], "cannot write /nonexistent/报表.xlsx: folder"),
]


@pytest.fixture
def office(db: str) -> str:
    """Two projects signed on 2024-01-05: a new one with 王建国, a continuing one with 李志强
    that resumed this spring."""
    for code, name, kind, steward in (
        (CODE, "酒泉南都电源4GWh储能项目", "new", "王建国"),
        (CONTINUING, "瓜州风电装备产业园", "continuing", "李志强"),
    ):
        added = run_cli(
            db, "add", name, "--code", code, "--kind", kind, "--signed-on", "2024-01-05",
            "--steward", steward, "--new-steward", today=TODAY,
        )  # fmt: skip
        assert added[0] == 0, added[2]
    assert run_cli(db, "resume", CONTINUING, "--on", "2024-03-01", today=TODAY)[0] == 0
    return db


@pytest.mark.parametrize(("args", "english"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_a_refusal_reads_in_chinese_with_no_field_key(
    office: str, args: list[str], english: str
) -> None:
    code, _, err = run_cli(office, *args, lang="zh", today=TODAY)
    assert code == 1 and err.startswith("错误：") and err.count("\n") == 1, err
    line = err.removeprefix("错误：")
    assert CHINESE.search(line), line
    assert not ASCII_KEY.search(line), line
    assert not ENGLISH_WORDS.search(line), line


@pytest.mark.parametrize(("args", "english"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_the_same_refusal_reads_in_english(office: str, args: list[str], english: str) -> None:
    code, _, err = run_cli(office, *args, today=TODAY)
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith(f"error: {english}"), err


def test_the_history_command_shows_no_field_key_in_chinese(office: str) -> None:
    steps = [
        ["advance", CODE, "--on", "2024-02-01"],
        ["procedure", "done", CODE, "环评", "--on", "2024-03-01"],
        ["problem", "raise", CODE, "用地指标未落实", "--on", "2024-03-10"],
        ["funds", CODE, "--month", "2024-03", "--amount", "0.5亿"],
        ["withdraw", CODE, "--reason", "企业投资计划调整", "--on", "2024-05-01"],
        ["reinstate", CODE, "--reason", "企业恢复投资"],
    ]
    for step in steps:
        assert run_cli(office, *step, today=TODAY)[0] == 0, step
    code, out, _ = run_cli(office, "history", CODE, lang="zh", today=TODAY, env={"COLUMNS": "200"})
    assert code == 0
    assert not ASCII_KEY.search(out), out
    for words in ("手续「环评」完成日期", "手续办理日期", "当月到位资金", "退出原因", "恢复"):
        assert words in out
