"""Undo and correct from the command line, on both backends: `reinstate`, `list --withdrawn`,
and `funds` listing, setting (replacing) and deleting a month, each kept in history."""

from __future__ import annotations

import json

from tests.conftest import TODAY, run_cli

CODE = "2401-620902-04-01-123456"
YI = 10**8


def invoke(db: str, *args: str) -> tuple[int, str, str]:
    return run_cli(db, *args, lang="zh", today=TODAY)


def add(db: str, name: str = "酒泉南都电源储能项目", code: str = CODE) -> None:
    assert invoke(db, "add", name, "--code", code, "--signed-on", "2024-01-05")[0] == 0


def history(db: str, code: str = CODE) -> list[dict[str, str]]:
    code_, out, _ = invoke(db, "history", code, "--format", "json")
    assert code_ == 0
    return json.loads(out)


def test_a_withdrawal_is_listed_and_undone_in_history(db: str) -> None:
    add(db)
    add(db, "甘肃巨化新材料项目", "2401-620902-04-01-654321")
    assert (
        invoke(db, "withdraw", CODE, "--reason", "企业投资计划调整", "--on", "2024-03-01")[0] == 0
    )
    code, out, _ = invoke(db, "list", "--withdrawn", "--format", "json")
    assert code == 0 and [row["code"] for row in json.loads(out)] == [CODE]
    code, out, _ = invoke(db, "list", "--withdrawn")
    assert code == 0 and "酒泉南都电源储能项目" in out and "2024-03-01" in out
    assert "甘肃巨化" not in out and "退出日期" in out

    code, _, err = invoke(db, "reinstate", CODE)
    assert code == 2 and "--reason" in err  # a reason is required
    code, _, err = invoke(db, "reinstate", "2401-620902-04-01-654321", "--reason", "x")
    assert code == 1 and err == "错误：项目未退出：无需恢复\n"  # in the language chosen
    code, out, _ = invoke(db, "reinstate", CODE, "--reason", "误操作：企业仍在推进")
    assert code == 0 and out == f"{CODE}：已恢复，回到签约\n"
    assert json.loads(invoke(db, "list", "--withdrawn", "--format", "json")[1]) == []
    assert len(json.loads(invoke(db, "list", "--format", "json")[1])) == 2
    undone = [entry for entry in history(db) if entry["action"] == "reinstate"]
    assert [(e["field"], e["old_value"], e["new_value"]) for e in undone] == [
        ("withdrawn_on", "2024-03-01", None),
        ("withdraw_reason", "企业投资计划调整", None),
    ]
    assert {(e["user"], e["note"], e["effective_on"]) for e in undone} == {
        ("测试员", "误操作：企业仍在推进", "2024-06-30")
    }
    code, _, _ = invoke(db, "check")
    assert code == 0


def months(db: str) -> list[tuple[str, int, int, str]]:
    code, out, _ = invoke(db, "funds", CODE, "--format", "json")
    assert code == 0
    return [
        (m["month"], m["funds_in_place_yuan"], m["investment_completed_yuan"], m["note"])
        for m in json.loads(out)
    ]


def test_funds_months_are_listed_set_replaced_and_deleted(db: str) -> None:
    add(db)
    assert months(db) == []
    code, out, _ = invoke(
        db, "funds", CODE, "--month", "2024-03", "--amount", "2亿", "--completed", "1亿"
    )
    assert code == 0 and out.startswith(
        "2024-03：当月到位资金 - -> 2.00 亿元，当月完成投资 - -> 1.00"
    )
    # again: the month is replaced, not added to; what is not given stays
    code, out, _ = invoke(
        db, "funds", CODE, "--month", "2024.3", "--amount", "3000万", "--note", "设备进场"
    )
    assert code == 0 and out.startswith(
        "2024-03：当月到位资金 2.00 亿元 -> 0.30 亿元，说明 - -> 设备进场"
    )
    assert invoke(db, "funds", CODE, "--month", "2024-04", "--amount", "1")[0] == 0
    assert months(db) == [
        ("2024-03", 3 * YI // 10, YI, "设备进场"),
        ("2024-04", YI, 0, ""),
    ]
    shown = json.loads(invoke(db, "show", CODE, "--format", "json")[1])
    assert shown["funds_in_place_yuan"] == 13 * YI // 10
    code, out, _ = invoke(db, "funds", CODE)
    assert code == 0 and "2024-03" in out and "设备进场" in out and "1.30" in out

    code, out, _ = invoke(db, "funds", CODE, "--month", "2024-03", "--delete")
    assert code == 0 and "2024-03：当月到位资金 0.30 亿元 -> -" in out
    assert months(db) == [("2024-04", YI, 0, "")]
    assert json.loads(invoke(db, "show", CODE, "--format", "json")[1])["funds_in_place_yuan"] == YI
    recorded = [(e["field"], e["old_value"], e["new_value"], e["note"]) for e in history(db)]
    assert ("funds_month_yuan", str(2 * YI), str(3 * YI // 10), "2024-03") in recorded
    assert ("funds_month_yuan", str(3 * YI // 10), None, "2024-03") in recorded
    assert invoke(db, "check")[0] == 0


def test_funds_refuses_what_cannot_be_right(db: str) -> None:
    add(db)
    for args, words in [
        (["--month", "2024-07", "--amount", "1"], "2024-07：尚未到来"),
        (["--month", "2024-03"], "--month 须带 --amount"),
        (["--month", "2024-03", "--amount", "1", "--delete"], "--month 须带 --amount"),
        (["--amount", "1"], "--month 指定要登记或删除的月份"),
        (["--month", "2024-03", "--note", "x"], "登记该月须给出 --amount"),
        (["--month", "2024-03", "--amount", "-1"], "金额为负数"),
        (["--month", "2024-03", "--delete"], "2024-03 没有登记到位资金"),
        (["--month", "2024-13", "--amount", "1"], "不是日期"),
    ]:
        code, _, err = invoke(db, "funds", CODE, *args)
        assert code == 1 and words in err and err.count("\n") == 1, (args, err)
    assert months(db) == []
