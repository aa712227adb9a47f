import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from sqlalchemy.engine import make_url

from tests.conftest import run_cli


def test_demo_then_list_json_shows_every_stage_with_countdowns(db: str) -> None:
    code, out, _ = run_cli(db, "demo", "--projects", "60")
    assert code == 0 and "60 projects" in out
    # --today after the command, as users type it
    code, out, _ = run_cli(db, "list", "--format", "json", "--today", "2024-06-30")
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


def test_demo_refuses_a_database_with_projects(db: str) -> None:
    run_cli(db, "demo", "--projects", "10")
    code, _, err = run_cli(db, "demo", "--projects", "10")
    assert code == 1 and "--replace" in err
    code, _, _ = run_cli(db, "demo", "--projects", "12", "--replace")
    assert code == 0
    assert len(json.loads(run_cli(db, "list", "--format", "json", "--include-withdrawn")[1])) == 12


def test_add_advance_back_assign_withdraw_history(db: str) -> None:
    today = ["--today", "2024-06-30"]
    code, out, _ = run_cli(
        db,
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
        "--new-steward",
        *today,
    )
    assert code == 0, out
    ref = "2301-620981-04-01-000001"
    assert run_cli(db, "advance", ref, "--on", "2024/3/1", "--note", "核准", *today)[0] == 0
    assert run_cli(db, "advance", ref, "--on", "2024-04-01", *today)[0] == 0
    assert run_cli(db, "back", ref, "--reason", "桩基未开工", *today)[0] == 0
    assert run_cli(db, "assign", ref, "王建国", "--new", *today)[0] == 0
    shown = json.loads(run_cli(db, "show", ref, "--format", "json", *today)[1])
    assert shown["stage"] == "procedures" and shown["steward"] == "王建国"
    assert shown["signed_amount_yuan"] == 102 * 10**8 and shown["deadline"] == "2024-09-01"
    entries = json.loads(run_cli(db, "history", ref, "--format", "json")[1])
    assert [e["action"] for e in entries if e["field"] == "stage"] == [
        "create",
        "advance",
        "advance",
        "back",
    ]
    table = run_cli(db, "show", ref, *today, lang="zh", env={"COLUMNS": "80"})[1]
    labels = [line.split("│")[1].strip() for line in table.splitlines() if "│" in line]
    assert labels[:2] == ["项目代码", "项目名称"] and "version" not in labels  # the form's order
    assert labels.index("阶段") + 1 == labels.index("包抓领导") and "102.00 亿元" in table
    assert labels[-1] == "手续办结"  # done/required, labelled as such (not the stage's word)
    table = run_cli(db, "history", ref, lang="zh", env={"COLUMNS": "80"})[1]
    lines = table.splitlines()  # whole: every line ends in the table's right border
    assert all(cell_len(line) <= 80 and line[-1] in "┓┃┩│┘" for line in lines)
    assert "2024-03-01" in table and "桩基未开工" in table and "阶段" in table  # whole, labelled
    assert "推进" in table and "advance" not in table
    code, _, _ = run_cli(db, "withdraw", ref, "--reason", "企业退出", *today)
    assert code == 0
    assert json.loads(run_cli(db, "list", "--format", "json", *today)[1]) == []


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
def test_user_mistakes_print_one_line_and_exit_1(db: str, args: list[str], message: str) -> None:
    run_cli(db, "add", "甘肃巨化新材料", "--signed-on", "2024-01-01", "--today", "2024-06-30")
    code, out, err = run_cli(db, *args)
    assert code == 1
    assert message in err and "Traceback" not in err + out
    assert err.strip().count("\n") == 0


def test_config_set_changes_warnings(db: str) -> None:
    run_cli(db, "add", "清水县项目", "--signed-on", "2024-01-01", "--procedures-due", "2024-05-01")
    rows = json.loads(run_cli(db, "list", "--format", "json", "--today", "2024-06-30")[1])
    assert rows[0]["warning"] == "red"
    assert run_cli(db, "config", "set", "warning.red_after_days", "90")[0] == 0
    rows = json.loads(run_cli(db, "list", "--format", "json", "--today", "2024-06-30")[1])
    assert rows[0]["warning"] == "yellow"


def test_today_from_the_environment(db: str) -> None:
    run_cli(
        db,
        "add",
        "敦煌光热项目",
        "--signed-on",
        "2024-01-01",
        "--procedures-due",
        "2024-05-01",
    )
    _, out, _ = run_cli(db, "list", "--format", "json", env={"INVESTTRACK_TODAY": "2024-05-01"})
    assert json.loads(out)[0]["days_left"] == 0


def test_chinese_labels(db: str) -> None:
    run_cli(db, "add", "敦煌光热项目", "--signed-on", "2024-01-01")
    _, out, _ = run_cli(db, "list", lang="zh", env={"COLUMNS": "120"})
    assert "项目名称" in out and "签约" in out


@pytest.mark.parametrize("width", [80, 120, 160])
def test_list_keeps_the_name_readable_at_any_terminal_width(db: str, width: int) -> None:
    name = "敦煌光热储能示范项目"  # 20 cells
    run_cli(db, "add", name, "--signed-on", "2024-01-01", "--procedures-due", "2024-05-01")
    _, out, _ = run_cli(db, "list", env={"COLUMNS": str(width)})
    lines = out.splitlines()
    assert name in out and all(cell_len(line) <= width for line in lines)
    assert ("Days left" in out) and (("Steward" in out) == (width >= 100))


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


def test_a_password_in_the_url_is_never_shown(db: str, backend: str) -> None:
    secret = "s3cret-Pw"
    if backend == "postgresql":  # the test server, asked with a wrong password
        wrong = make_url(db).set(password=secret).render_as_string(hide_password=False)
    else:  # nothing listens on port 1: the driver's error comes back with the URL
        wrong = f"postgresql+psycopg://officer:{secret}@127.0.0.1:1/investtrack"
    code, out, err = run_cli(wrong, "list")
    assert code == 1 and "cannot open database" in err and "***" in err
    assert secret not in out + err
    if backend == "postgresql":  # and with the right one, through commands that name the URL
        password = make_url(db).password or ""
        for args in (["db", "upgrade"], ["list", "--format", "json"], ["stats"]):
            code, out, err = run_cli(db, *args)
            assert code == 0, err
            assert password not in out + err


@pytest.mark.parametrize("form", ["table", "csv", "json"])
def test_a_reader_that_stops_early_gets_no_error(demo_db: str, tmp_path: Path, form: str) -> None:
    """`investtrack list | head -1`: the pipe closes under the writer, which ends quietly and
    leaves no report file behind. Here the reader is gone before the first line is written."""
    reports = tmp_path / "reports"
    reports.mkdir()
    read_end, write_end = os.pipe()
    os.close(read_end)
    command = [sys.executable, "-m", "tui.cli", "--db", demo_db, "list", "--format", form]
    writer = subprocess.run(
        command,
        stdout=write_end,
        capture_output=False,
        stderr=subprocess.PIPE,
        env=os.environ | {"TMPDIR": str(reports), "INVESTTRACK_TODAY": "2024-06-30"},
        timeout=60,
    )
    os.close(write_end)
    assert writer.returncode == 1
    assert writer.stderr.decode() == "" and list(reports.iterdir()) == []
