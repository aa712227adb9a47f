"""`investtrack lead ...` as a user runs it, on SQLite and PostgreSQL."""

import json
from datetime import date

from tests.conftest import run_cli

AS_OF = date(2024, 6, 28)


def listed(db: str, *args: str) -> list[dict[str, object]]:
    code, out, err = run_cli(db, "lead", "list", "--format", "json", *args, today=AS_OF)
    assert code == 0, err
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_a_lead_from_registration_to_its_project(db: str) -> None:
    code, out, err = run_cli(
        db,
        "lead",
        "add",
        "南郊光伏线索",
        "--source",
        "小分队",
        "--owner",
        "王建国",
        "--amount",
        "3000万",
        "--on",
        "2024-06-20",
        "--investor",
        "隆基绿能",
        "--chain",
        "光伏",
        today=AS_OF,
    )
    assert code == 0, err
    assert "南郊光伏线索" in out
    [row] = listed(db)
    assert row["stage"] == "lead" and row["amount_yuan"] == 30_000_000
    assert row["warning"] == "yellow" and row["days_in_stage"] == 8
    # English stage names are taken as the Chinese ones
    assert (
        run_cli(
            db,
            "lead",
            "move",
            "南郊光伏线索",
            "--to",
            "assessed",
            "--on",
            "2024-06-21",
            today=AS_OF,
        )[0]
        == 0
    )
    code, out, _ = run_cli(
        db, "lead", "move", "南郊光伏线索", "--to", "在谈", "--on", "2024-06-24", today=AS_OF
    )
    assert code == 0 and "negotiating" in out
    code, out, err = run_cli(db, "lead", "sign", "南郊光伏线索", "--on", "2024-06-27", today=AS_OF)
    assert code == 0, err
    assert "signed" in out
    assert listed(db) == []
    [signed] = listed(db, "--all")
    assert signed["stage"] == "signed" and signed["project_id"]
    code, out, _ = run_cli(db, "show", "南郊光伏线索", "--format", "json", today=AS_OF)
    project = json.loads(out)
    assert project["investor"] == "隆基绿能" and project["signed_amount_yuan"] == 30_000_000
    assert project["signed_on"] == "2024-06-27" and project["won_by"] == "小分队"
    code, out, _ = run_cli(db, "history", "南郊光伏线索", "--format", "json", today=AS_OF)
    actions = [entry["action"] for entry in json.loads(out)]
    assert actions[0] == "lead add" and "lead sign" in actions and actions[-1] == "create"


def test_refusals_are_one_line_in_the_language_chosen(db: str) -> None:
    run_cli(db, "lead", "add", "甲线索", "--source", "节会", "--owner", "李志强", today=AS_OF)
    code, out, err = run_cli(db, "lead", "move", "甲线索", "--to", "在谈", today=AS_OF)
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "one stage at a time" in err
    code, _, err = run_cli(db, "lead", "move", "甲线索", "--to", "在谈", lang="zh", today=AS_OF)
    assert code == 1 and "只能进入下一阶段" in err
    code, _, err = run_cli(db, "lead", "drop", "甲线索", "--reason", " ", today=AS_OF)
    assert code == 1 and "needs a reason" in err
    code, _, err = run_cli(db, "lead", "sign", "甲线索", today=AS_OF)
    assert code == 1 and "only a lead under negotiation" in err
    code, _, err = run_cli(db, "lead", "move", "乙线索", "--to", "研判", today=AS_OF)
    assert code == 1 and "no lead" in err
    code, _, err = run_cli(db, "lead", "add", "丙线索", "--source", "节会", today=AS_OF)
    assert code == 2  # --owner is required: bad usage


def test_drop_report_back_and_the_reserve(db: str) -> None:
    run_cli(
        db,
        "lead",
        "add",
        "甲线索",
        "--source",
        "节会",
        "--owner",
        "李志强",
        "--on",
        "2024-06-03",
        today=AS_OF,
    )
    run_cli(
        db,
        "lead",
        "add",
        "储备项目",
        "--source",
        "驻外",
        "--owner",
        "李志强",
        "--reserve",
        today=AS_OF,
    )
    run_cli(db, "lead", "move", "甲线索", "--to", "研判", "--on", "2024-06-04", today=AS_OF)
    code, out, _ = run_cli(db, "lead", "back", "甲线索", "--reason", "研判录错", today=AS_OF)
    assert code == 0 and "lead" in out
    run_cli(db, "lead", "move", "甲线索", "--to", "研判", "--on", "2024-06-05", today=AS_OF)
    run_cli(db, "lead", "move", "甲线索", "--to", "在谈", "--on", "2024-06-06", today=AS_OF)
    code, _, err = run_cli(
        db, "lead", "report", "甲线索", "--note", "第二轮洽谈", "--on", "2024-06-27", today=AS_OF
    )
    assert code == 0, err
    [row] = listed(db)
    assert row["due_on"] == "2024-07-11" and row["warning"] is None
    assert [r["name"] for r in listed(db, "--reserve")] == ["储备项目"]
    code, out, _ = run_cli(db, "lead", "drop", "甲线索", "--reason", "企业转投他处", today=AS_OF)
    assert code == 0 and "dropped" in out
    code, out, _ = run_cli(db, "lead", "show", "甲线索", "--format", "json", today=AS_OF)
    shown = json.loads(out)
    assert shown["stage"] == "dropped" and shown["drop_reason"] == "企业转投他处"
    assert [e["action"] for e in shown["history"]].count("back") == 2


def test_the_limits_shown_and_set(db: str) -> None:
    code, out, _ = run_cli(db, "lead", "limits", "--format", "json", today=AS_OF)
    assert json.loads(out) == {
        "lead.answer_working_days": 1,
        "lead.assess_working_days": 3,
        "lead.report_days": 14,
    }
    code, out, _ = run_cli(db, "lead", "limits", "--set", "lead.report_days=7", today=AS_OF)
    assert code == 0 and "lead.report_days = 7" in out
    code, _, err = run_cli(db, "lead", "limits", "--set", "lead.report_days=-1", today=AS_OF)
    assert code == 1 and "one day or more" in err
    code, _, err = run_cli(db, "config", "set", "lead.assess_working_days", "soon", today=AS_OF)
    assert code == 1 and "whole number" in err


def test_the_funnel_as_json_and_as_a_table(db: str) -> None:
    for name, source in (("甲", "节会"), ("乙", "节会"), ("丙", "驻外")):
        run_cli(
            db,
            "lead",
            "add",
            name,
            "--source",
            source,
            "--owner",
            "王建国",
            "--on",
            "2024-06-03",
            today=AS_OF,
        )
    for name in ("甲", "乙"):
        run_cli(db, "lead", "move", name, "--to", "研判", "--on", "2024-06-04", today=AS_OF)
    run_cli(db, "lead", "move", "甲", "--to", "在谈", "--on", "2024-06-05", today=AS_OF)
    run_cli(db, "lead", "sign", "甲", "--on", "2024-06-20", today=AS_OF)
    code, out, err = run_cli(
        db,
        "lead",
        "funnel",
        "--period",
        "2024-06",
        "--by",
        "source",
        "--format",
        "json",
        today=AS_OF,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["total"]["registered"] == 3 and data["total"]["signed"] == 1
    assert data["total"]["conversion_rate"]["numerator"] == 1
    assert [step["count"] for step in data["total"]["steps"]] == [3, 2, 1, 1]
    assert [step["drop_off"] for step in data["total"]["steps"]] == [0, 1, 1, 0]
    assert {g["group"]: g["signed"] for g in data["groups"]} == {"节会": 1, "驻外": 0}
    code, out, _ = run_cli(db, "lead", "funnel", "--period", "2024-06", today=AS_OF)
    assert code == 0 and "33.3%" in out
