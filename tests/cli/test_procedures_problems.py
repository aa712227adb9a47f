"""`investtrack procedure` and `investtrack problem`, on both backends: the same store
commands and rules the app's tabs use (nothing done before the signing or in the future,
nothing resolved before it was raised), each change in history in the user's language, and
`check` finding the database sound after every command."""

from __future__ import annotations

import json

from rich.cells import cell_len

from store.checks import check
from tests.conftest import TODAY, open_store, run_cli

CODE = "2401-620902-04-01-000001"
OTHER = "2401-620902-04-01-000002"


def ok(db: str, *args: str, lang: str = "en") -> str:
    code, out, err = run_cli(db, *args, lang=lang, today=TODAY)
    assert code == 0, err
    return out


def office(db: str) -> None:
    for code, name in ((CODE, "酒泉南都电源4GWh储能项目"), (OTHER, "瓜州风电装备产业园")):
        ok(db, "add", name, "--code", code, "--signed-on", "2024-01-05")


def listed(db: str, noun: str, code: str = CODE) -> list[dict[str, object]]:
    entries: list[dict[str, object]] = json.loads(ok(db, noun, "list", code, "--format", "json"))
    return entries


def sound(db: str) -> None:
    store = open_store(db)
    try:
        assert check(store)[1] == []
    finally:
        store.close()


def history_fields(db: str) -> list[tuple[str, str | None, str | None]]:
    entries = json.loads(ok(db, "history", CODE, "--format", "json"))
    return [
        (e["field"], e["old_value"], e["new_value"])
        for e in entries
        if e["action"] in ("procedure", "problem")
    ]


def test_procedures_listed_ticked_dated_renamed_and_removed(db: str) -> None:
    office(db)
    procedures = listed(db, "procedure")
    assert [p["name"] for p in procedures][:3] == [
        "立项(审批/核准/备案)",
        "用地预审与选址",
        "用地审批/土地出让",
    ]
    assert all(p["done_on"] is None and p["required"] for p in procedures)
    assert ok(db, "procedure", "done", CODE, "环评", "--on", "2024-03-01") == (
        "procedure 环评 done on 2024-03-01\n"
    )
    number = f"#{procedures[0]['id']}"
    assert ok(db, "procedure", "done", CODE, number, lang="zh") == (
        "手续「立项(审批/核准/备案)」于 2024-06-30 办结\n"  # today, by default
    )
    assert ok(db, "procedure", "due", CODE, "环评", "2024-09-30") == (
        "procedure 环评 due on 2024-09-30\n"
    )
    assert ok(db, "procedure", "due", CODE, "环评", "--clear") == (
        "procedure 环评 has no due date now\n"
    )
    ok(db, "procedure", "add", CODE, "压覆矿产评估", "--due", "2024-08-01")
    assert ok(db, "procedure", "rename", CODE, "压覆矿产评估", "压覆矿评估", lang="zh") == (
        "手续「压覆矿产评估」更名为「压覆矿评估」\n"
    )
    assert ok(db, "procedure", "done", CODE, number, "--undo") == (
        "procedure 立项(审批/核准/备案) is no longer done\n"
    )
    assert ok(db, "procedure", "remove", CODE, "水保") == "procedure 水保 removed\n"
    by_name = {p["name"]: p for p in listed(db, "procedure")}
    assert by_name["环评"]["done_on"] == "2024-03-01" and by_name["环评"]["due_on"] is None
    assert "水保" not in by_name and by_name["压覆矿评估"]["due_on"] == "2024-08-01"
    assert history_fields(db) == [
        ("procedure:环评:done_on", None, "2024-03-01"),
        ("procedure:立项(审批/核准/备案):done_on", None, "2024-06-30"),
        ("procedure:环评:due_on", None, "2024-09-30"),
        ("procedure:环评:due_on", "2024-09-30", None),
        ("procedure", None, "压覆矿产评估"),
        ("procedure:压覆矿产评估:name", "压覆矿产评估", "压覆矿评估"),
        ("procedure:立项(审批/核准/备案):done_on", "2024-06-30", None),
        ("procedure", "水保", None),
    ]
    sound(db)


def test_procedures_keep_the_rules_in_either_language(db: str) -> None:
    office(db)
    code, _, err = run_cli(db, "procedure", "done", CODE, "环评", "--on", "2024-01-04", today=TODAY)
    assert code == 1 and err == (
        "error: 手续办结日期 (procedure done on) 2024-01-04: is before "
        "签约日期 (signed on) 2024-01-05\n"
    )
    code, _, err = run_cli(
        db, "procedure", "done", CODE, "环评", "--on", "2024-07-01", lang="zh", today=TODAY
    )
    assert code == 1 and err == (
        "错误：手续办结日期 2024-07-01：晚于今天（2024-06-30）：只登记已经发生的事\n"
    )
    code, _, err = run_cli(db, "procedure", "done", CODE, "环评评估", lang="zh", today=TODAY)
    assert code == 1 and err.startswith(
        f"错误：项目 {CODE} 没有手续 环评评估：现有 立项(审批/核准/备案)、"
    )
    other = f"#{listed(db, 'procedure', OTHER)[0]['id']}"  # another project's procedure
    code, _, err = run_cli(db, "procedure", "done", CODE, other, today=TODAY)
    assert code == 1 and err.startswith(f"error: project {CODE} has no procedure {other}: it has")
    code, _, err = run_cli(db, "procedure", "due", CODE, "环评", today=TODAY)
    assert code == 1 and err == "error: give the due date, or --clear to remove it: one of them\n"
    code, _, err = run_cli(db, "procedure", "rename", CODE, "环评", "安评", lang="zh", today=TODAY)
    assert code == 1 and err == "错误：本项目已有名为「安评」的手续\n"
    code, _, err = run_cli(db, "procedure", "list", "没有这个项目", lang="zh", today=TODAY)
    assert code == 1 and err == "错误：没有项目代码、编号或名称为 '没有这个项目' 的项目\n"
    assert all(p["done_on"] is None for p in listed(db, "procedure"))  # nothing written
    sound(db)


def test_problems_raised_moved_on_corrected_and_removed(db: str) -> None:
    office(db)
    out = ok(
        db,
        "problem",
        "raise",
        CODE,
        "用地指标未落实",
        "--category",
        "用地",
        "--due",
        "2024-07-30",
        "--on",
        "2024-03-10",
        lang="zh",
    )
    (problem,) = listed(db, "problem")
    number = f"#{problem['id']}"
    assert out == f"已登记问题 {number}：用地指标未落实\n"
    assert problem["raised_on"] == "2024-03-10" and problem["status"] == "open"
    assert ok(db, "problem", "status", CODE, number, "办理中", lang="zh") == (
        f"问题 {number} 状态：办理中\n"
    )
    assert ok(db, "problem", "edit", CODE, number, "--owner", "玉门市自然资源局", "--no-due") == (
        f"problem {number} corrected: Owner, Due\n"
    )
    assert ok(db, "problem", "status", CODE, number, "resolved", "--on", "2024-05-20") == (
        f"problem {number} is resolved\n"
    )
    (problem,) = listed(db, "problem")
    assert (problem["status"], problem["resolved_on"], problem["due_on"]) == (
        "resolved",
        "2024-05-20",
        None,
    )
    assert problem["owner"] == "玉门市自然资源局"
    table = ok(db, "problem", "list", CODE, lang="zh")
    assert "已解决 2024-05-20" in table and "用地指标未落实" in table
    assert all(cell_len(line) <= 80 for line in table.splitlines())  # an 80-column terminal
    sound(db)
    assert ok(db, "problem", "remove", CODE, number) == (
        f"problem {number} removed: 用地指标未落实\n"
    )
    assert listed(db, "problem") == []
    key = f"problem:{str(number).lstrip('#')}"
    assert history_fields(db) == [
        ("problem", None, "用地指标未落实"),
        (key, "open", "in_hand"),
        (f"{key}:owner", "", "玉门市自然资源局"),
        (f"{key}:due_on", "2024-07-30", None),
        (key, "in_hand", "resolved"),
        ("problem", "用地指标未落实", None),
    ]
    sound(db)


def test_problems_keep_the_rules_in_either_language(db: str) -> None:
    office(db)
    ok(db, "problem", "raise", CODE, "用电增容", "--on", "2024-03-10")
    number = f"#{listed(db, 'problem')[0]['id']}"
    code, _, err = run_cli(
        db, "problem", "status", CODE, number, "已解决", "--on", "2024-03-09", today=TODAY
    )
    assert code == 1 and err == (
        "error: 问题解决日期 (problem resolved on) 2024-03-09: is before "
        "问题提出日期 (problem raised on) 2024-03-10\n"
    )
    code, _, err = run_cli(
        db, "problem", "raise", CODE, "融资", "--on", "2024-07-01", lang="zh", today=TODAY
    )
    assert code == 1 and err == (
        "错误：问题提出日期 2024-07-01：晚于今天（2024-06-30）：只登记已经发生的事\n"
    )
    code, _, err = run_cli(
        db, "problem", "edit", CODE, number, "--due", "2024-03-01", lang="zh", today=TODAY
    )
    assert code == 1 and err == "错误：问题解决时限 2024-03-01：早于问题提出日期 2024-03-10\n"
    code, _, err = run_cli(db, "problem", "status", CODE, number, "done", lang="zh", today=TODAY)
    assert code == 1 and err.startswith("错误：未知的问题状态「done」：可用 open/未解决")
    code, _, err = run_cli(
        db, "problem", "status", OTHER, number, "in_hand", lang="zh", today=TODAY
    )
    assert code == 1 and err.startswith(f"错误：项目 {OTHER} 没有编号为 {number} 的问题")
    code, _, err = run_cli(db, "problem", "raise", CODE, "  ", lang="zh", today=TODAY)
    assert code == 1 and err == "错误：问题内容为空\n"
    (problem,) = listed(db, "problem")
    assert problem["status"] == "open" and problem["due_on"] is None  # nothing written
    sound(db)


def test_history_of_procedures_and_problems_reads_in_chinese(db: str) -> None:
    office(db)
    ok(db, "procedure", "done", CODE, "环评", "--on", "2024-03-01")
    ok(db, "problem", "raise", CODE, "用地指标未落实", "--on", "2024-03-10")
    number = f"#{listed(db, 'problem')[0]['id']}"
    ok(db, "problem", "status", CODE, number, "in_hand")
    _, out, _ = run_cli(
        db,
        "history",
        CODE,
        lang="zh",
        today=TODAY,
        env={"COLUMNS": "200"},  # wide enough that no cell is folded
    )
    flat = "".join(out.split())
    assert "手续「环评」完成日期" in flat
    assert f"问题{number}状态" in flat and "未解决" in flat and "办理中" in flat
    for english in ("done_on", "in_hand", "procedure:", "problem:", "open"):
        assert english not in out
