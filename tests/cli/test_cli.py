import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tui.cli import app

runner = CliRunner()


def invoke(db: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--db", str(db), "--user", "测试员", "--lang", "en", *args])
    return result.exit_code, result.stdout, result.stderr


def test_demo_then_list_json_shows_every_stage_with_countdowns(db_path: Path) -> None:
    code, out, _ = invoke(db_path, "demo", "--projects", "60")
    assert code == 0 and "60 projects" in out
    # --today after the command, as users type it
    code, out, _ = invoke(db_path, "list", "--format", "json", "--today", "2024-06-30")
    assert code == 0
    rows = json.loads(out)
    assert {row["stage"] for row in rows} == {"signed", "procedures", "started", "producing"}
    for row in rows:
        assert isinstance(row["signed_amount_yuan"], int)
        if row["deadline"]:
            days = (date.fromisoformat(row["deadline"]) - date(2024, 6, 30)).days
            assert row["days_left"] == days
            expected = (
                "red" if days < -30 else "yellow" if days < 0 else "blue" if days <= 15 else None
            )
            assert row["warning"] == expected
        else:
            assert row["warning"] is None and row["days_left"] is None
    assert {row["warning"] for row in rows} >= {"red", "yellow", "blue"}


def test_demo_refuses_a_database_with_projects(db_path: Path) -> None:
    invoke(db_path, "demo", "--projects", "10")
    code, _, err = invoke(db_path, "demo", "--projects", "10")
    assert code == 1 and "--replace" in err
    code, _, _ = invoke(db_path, "demo", "--projects", "12", "--replace")
    assert code == 0
    assert (
        len(json.loads(invoke(db_path, "list", "--format", "json", "--include-withdrawn")[1])) == 12
    )


def test_add_advance_back_assign_withdraw_history(db_path: Path) -> None:
    today = ["--today", "2024-06-30"]
    code, out, _ = invoke(
        db_path,
        "add",
        "玉门抽水蓄能电站",
        "--code",
        "2301-620981-04-01-000001",
        "--signed-amount",
        "102",
        "--signed-on",
        "2024-01-02",
        "--start-due",
        "2024-09-01",
        "--steward",
        "陈明",
        *today,
    )
    assert code == 0, out
    ref = "2301-620981-04-01-000001"
    assert invoke(db_path, "advance", ref, "--on", "2024/3/1", "--note", "核准", *today)[0] == 0
    assert invoke(db_path, "advance", ref, "--on", "2024-04-01", *today)[0] == 0
    assert invoke(db_path, "back", ref, "--reason", "桩基未开工", *today)[0] == 0
    assert invoke(db_path, "assign", ref, "王建国", *today)[0] == 0
    shown = json.loads(invoke(db_path, "show", ref, "--format", "json", *today)[1])
    assert shown["stage"] == "procedures" and shown["steward"] == "王建国"
    assert shown["signed_amount_yuan"] == 102 * 10**8 and shown["deadline"] == "2024-09-01"
    entries = json.loads(invoke(db_path, "history", ref, "--format", "json")[1])
    assert [e["action"] for e in entries if e["field"] == "stage"] == [
        "create",
        "advance",
        "advance",
        "back",
    ]
    code, _, _ = invoke(db_path, "withdraw", ref, "--reason", "企业退出", *today)
    assert code == 0
    assert json.loads(invoke(db_path, "list", "--format", "json", *today)[1]) == []


@pytest.mark.parametrize(
    "args, message",
    [
        (["advance", "nope"], "no project"),
        (["advance", "#1", "--on", "2024-13-01"], "not a date"),
        (["list", "--stage", "bogus"], "unknown stage"),
        (["list", "--warning", "purple"], "unknown warning"),
        (["back", "#1", "--reason", " "], "needs a reason"),
        (["add", "x", "--signed-amount", "-3"], "negative"),
        (["list", "--format", "xml"], "unknown format"),
        (["config", "set", "warning.red_after_days", "x"], "whole number"),
    ],
)
def test_user_mistakes_print_one_line_and_exit_1(
    db_path: Path, args: list[str], message: str
) -> None:
    invoke(db_path, "add", "甘肃巨化新材料", "--signed-on", "2024-01-01", "--today", "2024-06-30")
    code, out, err = invoke(db_path, *args)
    assert code == 1
    assert message in err and "Traceback" not in err + out
    assert err.strip().count("\n") == 0


def test_config_set_changes_warnings(db_path: Path) -> None:
    invoke(
        db_path, "add", "清水县项目", "--signed-on", "2024-01-01", "--procedures-due", "2024-05-01"
    )
    rows = json.loads(invoke(db_path, "list", "--format", "json", "--today", "2024-06-30")[1])
    assert rows[0]["warning"] == "red"
    assert invoke(db_path, "config", "set", "warning.red_after_days", "90")[0] == 0
    rows = json.loads(invoke(db_path, "list", "--format", "json", "--today", "2024-06-30")[1])
    assert rows[0]["warning"] == "yellow"


def test_today_from_the_environment(db_path: Path) -> None:
    invoke(
        db_path,
        "add",
        "敦煌光热项目",
        "--signed-on",
        "2024-01-01",
        "--procedures-due",
        "2024-05-01",
    )
    result = runner.invoke(
        app,
        ["--db", str(db_path), "list", "--format", "json"],
        env={"INVESTTRACK_TODAY": "2024-05-01"},
    )
    assert json.loads(result.stdout)[0]["days_left"] == 0


def test_chinese_labels(db_path: Path) -> None:
    invoke(db_path, "add", "敦煌光热项目", "--signed-on", "2024-01-01")
    result = runner.invoke(
        app, ["--db", str(db_path), "list", "--lang", "zh"], env={"COLUMNS": "120"}
    )
    assert "项目名称" in result.stdout and "签约" in result.stdout


def test_help_is_fast_and_loads_no_database_code() -> None:
    code = "import sys; from tui.cli import app; print('sqlalchemy' in sys.modules, 'textual' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.split() == ["False", "False"]
    help_text = subprocess.run(
        [sys.executable, "-m", "tui.cli", "list", "--help"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "--today" in help_text and "--format" in help_text
