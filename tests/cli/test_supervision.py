"""Supervision from the command line, on both backends: `notice issue|reply|escalate|summon|
close|list|show|propose|rules`, `supervise --as-of` run twice, `health --format json`, and
`bulletin` refusing what it must; every refusal one line, exit code 1."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import run_cli

SUPERVISION = "督查科"  # the office that issues and follows notices
YEAR_END = date(2024, 12, 31)
A, B = "2401-620902-04-01-300001", "2401-620902-04-01-300002"


def office(db: str) -> None:
    """A late since 1 Sept 2024; B signed 2023-06-01 and never started."""
    for code, signed, due in ((A, "2024-06-01", "2024-09-01"), (B, "2023-06-01", "2025-06-30")):
        added = supervise(
            db,
            "add",
            f"华亭项目{code[-1]}",
            "--code",
            code,
            "--signed-on",
            signed,
            "--procedures-due",
            due,
            "--steward",
            "马玉兰",
            "--new-steward",
        )
        assert added[0] == 0, added


def supervise(db: str, *args: str, lang: str = "en") -> tuple[int, str, str]:
    """A command run by the supervision office at the year's end."""
    return run_cli(db, *args, lang=lang, user=SUPERVISION, today=YEAR_END)


def notices(db: str, *options: str) -> list[dict[str, object]]:
    code, out, err = supervise(db, "notice", "list", "--format", "json", *options)
    assert code == 0, err
    return list(json.loads(out))


def test_a_notice_issued_rises_under_supervise_once_a_day_and_is_replied_and_closed(
    db: str,
) -> None:
    office(db)
    code, out, _ = supervise(
        db,
        "notice",
        "issue",
        A,
        "--on",
        "2024-09-27",
        "--reason",
        "手续超期",
    )
    assert code == 0
    assert "notice #1 issued (blue) to 马玉兰" in out and "reply due 2024-10-10" in out
    the_day_after = ("supervise", "--as-of", "2024-10-11", "--format", "json")
    code, out, _ = supervise(db, *the_day_after)
    assert json.loads(out) == {
        "escalated": [{"notice": 1, "level": "yellow", "on": "2024-10-11"}],
        "closed": [],
    }
    again = supervise(db, *the_day_after)  # run again the same day: nothing more to do
    assert json.loads(again[1]) == {"escalated": [], "closed": []}
    [listed] = notices(db)
    assert (listed["level"], listed["reply_due"], listed["overdue"]) == (
        "yellow",
        "2024-10-17",
        True,
    )
    assert notices(db, "--overdue")[0]["id"] == 1
    code, _, err = supervise(
        db,
        "notice",
        "summon",
        "1",
        "--by",
        "李县长",
        "--whom",
        "局长",
    )
    assert (code, err.strip()) == (1, "error: notice #1 is yellow: a summons follows a red notice")
    code, _, err = supervise(
        db,
        "notice",
        "reply",
        "1",
        "--plan",
        "十一月底前完成用地报批",
        "--due",
        "2024-11-30",
        "--on",
        "2024-10-16",
    )
    assert code == 0, err
    assert supervise(db, "supervise", "--format", "json")[1].count('"notice"') == 0
    code, _, err = supervise(db, "notice", "close", "1", lang="zh")
    assert code == 1
    assert err.strip() == f"错误：项目 {A} 仍然滞后：手动办结请写明原因（--reason）"
    assert (
        supervise(
            db,
            "notice",
            "close",
            "1",
            "--reason",
            "已列入县重点调度",
        )[0]
        == 0
    )
    assert notices(db) == []
    code, out, _ = supervise(db, "notice", "show", "1", "--format", "json")
    shown = json.loads(out)
    assert [(e["action"], e["level"], e["on"]) for e in shown["events"]] == [
        ("issue", "blue", "2024-09-27"),
        ("rise", "yellow", "2024-10-11"),
        ("reply", "yellow", "2024-10-16"),
        ("close", "yellow", "2024-12-31"),
    ]
    assert shown["close_kind"] == "by_hand"
    history = json.loads(supervise(db, "history", A, "--format", "json")[1])
    assert [(h["field"], h["new_value"]) for h in history if h["action"] == "notice"][:2] == [
        ("notice:1", "blue"),
        ("notice:1", "yellow"),
    ]


def test_proposals_and_mistakes_each_answered_in_one_line(db: str) -> None:
    office(db)
    code, out, _ = supervise(db, "notice", "propose", "--format", "json")
    assert [(p["code"], p["level"]) for p in json.loads(out)] == [(A, "red")]
    assert "1 notices issued, 0 raised" in supervise(db, "notice", "propose", "--issue")[1]
    code, _, err = supervise(db, "notice", "issue", A)
    assert (code, err.strip()) == (
        1,
        f"error: project {A} already has notice #1 open: escalate it instead",
    )
    assert (
        supervise(
            db,
            "notice",
            "reply",
            "9",
            "--plan",
            "x",
            "--due",
            "2025-01-31",
        )[2].strip()
        == "error: no notice #9"
    )
    code, _, err = supervise(db, "notice", "issue", B, "--level", "green")
    assert code == 1 and "unknown notice level 'green'" in err
    code, _, err = supervise(db, "supervise", "--as-of", "2025-01-01")
    assert code == 1 and "after today" in err


def test_health_lists_each_flag_with_its_figures_and_the_rules_are_set_per_database(
    db: str,
) -> None:
    office(db)

    def flags(as_of: str) -> list[dict[str, object]]:
        code, out, err = supervise(db, "health", "--as-of", as_of, "--format", "json")
        assert code == 0, err
        return list(json.loads(out))

    assert [(f["rule"], f["code"], f["figures"]) for f in flags("2024-06-30")] == [
        ("not_started", B, {"days_since_signed": 395})
    ]
    assert flags("2024-06-01") == []
    code, out, _ = supervise(db, "notice", "rules", "--set", "health.not_started_months=13")
    assert code == 0 and "health.not_started_months = 13  (default 12)" in out
    assert flags("2024-06-30") == []
    code, _, err = supervise(db, "notice", "rules", "--set", "health.low_funds_percent=0")
    assert code == 1 and "low_funds_percent must be from 1 to 100" in err
    code, _, err = supervise(db, "health", "--rule", "slow")
    assert code == 1 and "unknown rule 'slow'" in err


def test_the_bulletin_is_written_once_and_never_over_a_file_unasked(
    db: str, tmp_path: Path
) -> None:
    office(db)
    supervise(db, "notice", "issue", A, "--level", "red")
    target = tmp_path / "通报.md"
    code, _, err = supervise(
        db,
        "bulletin",
        "--month",
        "2024-12",
        str(target),
        lang="zh",
    )
    assert code == 0, err
    text = target.read_text(encoding="utf-8")
    assert "| 马玉兰 | 1 | 1 | 0 | 0 | 1 | 0 | 0 | 1 |" in text
    code, _, err = supervise(db, "bulletin", "--month", "2024-12", str(target))
    assert code == 1 and "the file exists" in err
    assert target.read_text(encoding="utf-8") == text
    code, _, err = supervise(
        db,
        "bulletin",
        "--month",
        "2024-12",
        str(tmp_path / "b.pdf"),
    )
    assert code == 1 and "written as .xlsx or .md" in err
    code, _, err = supervise(
        db,
        "bulletin",
        "--month",
        "2025-01",
        str(tmp_path / "b.md"),
    )
    assert code == 1 and "that month has not begun" in err
    code, _, err = supervise(
        db,
        "bulletin",
        "--month",
        "2024-12",
        "--by",
        "county",
        str(tmp_path / "c.md"),
    )
    assert code == 1 and "use steward or unit" in err
    assert not (tmp_path / "c.md").exists()
