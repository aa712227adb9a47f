"""One language at a time: a refusal the store raises, and every part of a history line, read
in the language chosen. In Chinese no field key (started_on, funds_in_place_yuan,
procedure:环评:done_on) nor stored value (in_hand, continuing) reaches the user; in English the
line is the English one. Through the command line on both backends, and through
store.labels, which the app's history tab and error lines use too."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from store.labels import Lang, change_words
from tui.cli import app

runner = CliRunner()
CODE = "2401-620902-04-01-000001"
CONTINUING = "2401-620902-04-01-000002"
# A field key or stored value as the program spells it, never as a user reads it.
ASCII_KEY = re.compile(
    r"[a-z]+_[a-z_]+|_on\b|_yuan|:done_on|\bin_hand\b|\bunresolvable\b|\bcontinuing\b"
    r"|\b(?:procedure|problem|dispatch):|\b(?:signed|procedures|started|producing)\b"
)
ENGLISH_WORDS = re.compile(r"\b(?:the|is|is not|must|before|future|already|needs|no)\b")
CHINESE = re.compile(r"[\u4e00-\u9fff]")

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


def invoke(db: str, lang: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["--db", db, "--user", "测试员", "--lang", lang, "--today", "2024-06-30", *args]
    )
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def office(db: str) -> str:
    """Two projects signed on 2024-01-05: a new one with 王建国, a continuing one with 李志强
    that resumed this spring."""
    for code, name, kind, steward in (
        (CODE, "酒泉南都电源4GWh储能项目", "new", "王建国"),
        (CONTINUING, "瓜州风电装备产业园", "continuing", "李志强"),
    ):
        added = invoke(
            db, "en", "add", name, "--code", code, "--kind", kind, "--signed-on", "2024-01-05",
            "--steward", steward, "--new-steward",
        )  # fmt: skip
        assert added[0] == 0, added[2]
    assert invoke(db, "en", "resume", CONTINUING, "--on", "2024-03-01")[0] == 0
    return db


@pytest.mark.parametrize(("args", "english"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_a_refusal_reads_in_chinese_with_no_field_key(
    office: str, args: list[str], english: str
) -> None:
    code, _, err = invoke(office, "zh", *args)
    assert code == 1 and err.startswith("error: ") and err.count("\n") == 1, err
    line = err.removeprefix("error: ")
    assert CHINESE.search(line), line
    assert not ASCII_KEY.search(line), line
    assert not ENGLISH_WORDS.search(line), line


@pytest.mark.parametrize(("args", "english"), REFUSALS, ids=[" ".join(a[:2]) for a, _ in REFUSALS])
def test_the_same_refusal_reads_in_english(office: str, args: list[str], english: str) -> None:
    code, _, err = invoke(office, "en", *args)
    assert code == 1 and err.count("\n") == 1, err
    assert err.startswith(f"error: {english}"), err


# Every kind of history entry a project collects, as the store records them:
# (action, field, old, new).
HISTORY = [
    ("create", "stage", None, "signed"),
    ("advance", "procedures_on", None, "2024-02-01"),
    ("advance", "stage", "signed", "procedures"),
    ("edit", "kind", "new", "continuing"),
    ("edit", "total_investment_yuan", "100000000", "250000000"),
    ("edit", "land_mu", "120", "150"),
    ("resume", "resumed_on", None, "2024-03-01"),
    ("withdraw", "withdrawn_on", None, "2024-05-01"),
    ("withdraw", "withdraw_reason", None, "企业投资计划调整"),
    ("reinstate", "withdrawn_on", "2024-05-01", None),
    ("assign", "steward", "王建国", "李志强"),
    ("steward rename", "steward", "王建果", "王建国"),
    ("steward merge", "steward", "王建果", "王建国"),
    ("import", "other_stewards", "", "陈明"),
    ("funds", "funds_in_place_yuan", "0", "50000000"),
    ("funds", "funds_month_yuan", None, "50000000"),
    ("funds", "completed_month_yuan", "0", "20000000"),
    ("funds", "note", None, "主体完工"),
    ("funds", "dispatch", None, "2024-03-01"),
    ("procedure", "procedure", None, "压覆矿评估"),
    ("procedure", "procedure:环评:done_on", None, "2024-03-01"),
    ("procedure", "procedure:环评:due_on", "2024-05-01", "2024-06-01"),
    ("procedure", "procedure:水保:required", "True", "False"),
    ("procedure", "procedure:压覆矿产评估:name", "压覆矿产评估", "压覆矿评估"),
    ("problem", "problem", None, "用地指标未落实"),
    ("problem", "problem:62", "open", "in_hand"),
    ("problem", "problem:62", "in_hand", "resolved"),
    ("problem", "problem:62", "resolved", "unresolvable"),
    ("problem", "problem:62:owner", "", "玉门市自然资源局"),
    ("problem", "problem:62:due_on", "2024-04-10", "2024-05-10"),
    ("problem", "problem:62:category", "用地", "用电"),
    ("problem", "problem:62:text", "用地", "用地指标"),
]


def test_every_part_of_a_history_line_reads_in_chinese() -> None:
    for entry in HISTORY:
        shown = change_words(*entry, Lang.ZH)
        assert CHINESE.search(shown[0]) and CHINESE.search(shown[1]), (entry, shown)
        assert not any(ASCII_KEY.search(part) for part in shown), (entry, shown)
        assert not any(re.search(r"\b(?:open|resolved|True|False)\b", p) for p in shown), shown
    assert change_words(*HISTORY[20], Lang.ZH) == ("手续", "手续「环评」完成日期", "", "2024-03-01")
    assert change_words(*HISTORY[25], Lang.ZH) == ("问题", "问题#62 状态", "未解决", "办理中")
    assert change_words(*HISTORY[4], Lang.ZH)[1:] == ("总投资", "1.00 亿元", "2.50 亿元")
    assert change_words(*HISTORY[22], Lang.ZH)[2:] == ("是", "否")


def test_every_part_of_a_history_line_reads_in_english() -> None:
    for entry in HISTORY:
        shown = change_words(*entry, Lang.EN)
        named = entry[1].split(":")[1] if entry[1].startswith("procedure:") else ""
        field = shown[1].replace(named, "") if named else shown[1]
        assert not CHINESE.search(shown[0]) and not CHINESE.search(field), (entry, shown)
    assert change_words(*HISTORY[20], Lang.EN) == (
        "procedure",
        "procedure 环评: done on",
        "",
        "2024-03-01",
    )
    assert change_words(*HISTORY[25], Lang.EN) == (
        "problem",
        "problem #62 status",
        "open",
        "in hand",
    )
    assert change_words(*HISTORY[3], Lang.EN)[1:] == ("Kind", "new", "continuing")


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
        assert invoke(office, "en", *step)[0] == 0, step
    result = runner.invoke(
        app,
        ["--db", office, "--lang", "zh", "--today", "2024-06-30", "history", CODE],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0
    assert not ASCII_KEY.search(result.stdout), result.stdout
    for words in ("手续「环评」完成日期", "手续办理日期", "当月到位资金", "退出原因", "恢复"):
        assert words in result.stdout


def test_every_project_field_is_named_in_chinese_in_history() -> None:
    from store.domain.fields import FIELDS

    for field in FIELDS:
        _, shown, _, _ = change_words("edit", field.name, None, "1", Lang.ZH)
        assert CHINESE.search(shown) and not ASCII_KEY.search(shown), (field.name, shown)
