"""`investtrack target import|set|list|history` and `investtrack assess`, on both backends:
one language at a time, exact fractions in JSON, a bad scheme or unit named in one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from store.service import Store
from tests.conftest import open_store, run_cli

YEAR_END = date(2024, 12, 31)
YI = 10**8


def office(db: str) -> None:
    """Two counties: 秦州区 signs 12.5亿 in March (its funds 6亿 by June), 麦积区 4亿."""
    store: Store = open_store(db, today=date(2024, 12, 31))
    for name, county, amount in (
        ("秦州区光伏项目", "秦州区", 125 * YI // 10),
        ("麦积区果品项目", "麦积区", 4 * YI),
    ):
        project = store.add_project(
            {
                "name": name,
                "county": county,
                "signed_on": date(2024, 3, 1),
                "signed_amount_yuan": amount,
            }
        )
        store.set_month(project.id or 0, date(2024, 6, 1), amount // 2 if county == "秦州区" else 0)
    store.close()


def sheet(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "2024年任务分解表.csv"
    path.write_text(
        "\n".join(["2024年招商引资目标任务分解表", "单位：亿元", *rows]) + "\n", encoding="utf-8"
    )
    return path


def test_import_a_sheet_then_assess_in_json_with_exact_fractions(db: str, tmp_path: Path) -> None:
    office(db)
    path = sheet(
        tmp_path,
        ["县区,签约额,到位资金,签约项目（个）", "秦州区,10,8,2", "麦积区,8,4,1", "合计,18,12,3"],
    )
    code, out, err = run_cli(
        db, "target", "import", str(path), "--dry-run", "--format", "json", today=YEAR_END
    )
    assert code == 0, err
    dry = json.loads(out)
    assert (dry["added"], dry["dry_run"], dry["tables"][0]["by"]) == (6, True, "county")
    assert json.loads(run_cli(db, "target", "list", "--format", "json", today=YEAR_END)[1]) == []
    code, out, err = run_cli(db, "target", "import", str(path), "--year", "2024", today=YEAR_END)
    assert code == 0, err
    assert "6 new" in out
    listed = json.loads(run_cli(db, "target", "list", "--format", "json", today=YEAR_END)[1])
    assert {(t["unit"], t["figure"]): t["amount"] for t in listed}[
        ("秦州区", "signed_amount_yuan")
    ] == 10 * YI
    code, out, err = run_cli(
        db,
        "assess",
        "--period",
        "2024",
        "--as-of",
        "2024-06-30",
        "--format",
        "json",
        today=YEAR_END,
    )
    assert code == 0, err
    seen = json.loads(out)
    assert seen["as_of"] == "2024-06-30"
    first = seen["units"][0]
    assert first["unit"] == "秦州区"
    signed = first["figures"]["signed_amount_yuan"]
    assert signed == {
        "target": str(10 * YI),
        "actual": 125 * YI // 10,
        "completion": "5/4",
        "schedule": "1/2",
        "points_ahead": "75",
    }
    assert first["figures"]["funds_in_place_yuan"]["completion"] == "25/32"  # 6.25 of 8
    second = seen["units"][1]
    assert second["unit"] == "麦积区" and second["rank"] == 2
    assert second["figures"]["funds_in_place_yuan"]["points_ahead"] == "-50"
    assert seen["black_list"] == ["麦积区"]


def test_assess_as_a_table_speaks_one_language(db: str) -> None:
    office(db)
    assert (
        run_cli(
            db, "target", "set", "county", "秦州区", "signed_amount_yuan", "10亿", today=YEAR_END
        )[0]
        == 0
    )
    assert (
        run_cli(db, "target", "set", "county", "麦积区", "签约额", "8", today=YEAR_END)[0] == 0
    )  # its Chinese name
    code, out, _ = run_cli(db, "assess", "--as-of", "2024-10-31", lang="zh", today=YEAR_END)
    assert code == 0
    assert "排名" in out
    assert "125.00%" in out and "+41.67" in out  # 12.5 of 10: 125% against 10/12 of the year
    assert "黑榜：麦积区" in out
    assert "Rank" not in out
    code, out, _ = run_cli(db, "assess", "--as-of", "2024-10-31", lang="en", today=YEAR_END)
    assert "Rank" in out and "排名" not in out


def test_set_list_and_history_of_a_target(db: str) -> None:
    office(db)
    assert (
        run_cli(
            db, "target", "set", "county", "秦州区", "signed_count", "3", today=date(2024, 3, 1)
        )[0]
        == 0
    )
    code, out, _ = run_cli(
        db,
        "target",
        "set",
        "county",
        "秦州区",
        "signed_count",
        "4",
        "--split",
        "0,0,1,1,1,1,1,1,1,1,1,1",
        today=YEAR_END,
    )
    assert code == 0 and "changed" in out
    history = json.loads(run_cli(db, "target", "history", "--format", "json", today=YEAR_END)[1])
    assert [(h["old_amount"], h["new_amount"], h["effective_on"]) for h in history] == [
        (None, 3, "2024-03-01"),
        (3, 4, "2024-12-31"),
    ]
    listed = json.loads(
        run_cli(db, "target", "list", "--by", "county", "--format", "json", today=YEAR_END)[1]
    )
    assert listed[0]["split"] == "0,0,1,1,1,1,1,1,1,1,1,1"
    code, _, err = run_cli(
        db, "target", "set", "county", "秦州区", "signed_count", "3.5", today=YEAR_END
    )
    assert code == 1 and err.count("\n") == 1 and "not a whole number" in err


def test_a_bad_scheme_names_its_line_and_reason(db: str, tmp_path: Path) -> None:
    office(db)
    run_cli(db, "target", "set", "county", "秦州区", "signed_amount_yuan", "10", today=YEAR_END)
    scheme = tmp_path / "考核办法.txt"
    scheme.write_text("# 2024年考核办法\nweight 签约额 50\ncap 签约额 百分之百\n", encoding="utf-8")
    code, out, err = run_cli(db, "assess", "--scheme", str(scheme), today=YEAR_END)
    assert code == 1 and out == ""
    assert err == "error: scheme line 3 'cap 签约额 百分之百': not a number: '百分之百'\n"
    code, _, err = run_cli(db, "assess", "--scheme", str(scheme), lang="zh", today=YEAR_END)
    assert err.startswith("错误：考核办法第 3 行")
    scheme.write_text("weight 签约额 50\nbonus 10亿 3\n", encoding="utf-8")
    code, out, err = run_cli(
        db, "assess", "--scheme", str(scheme), "--format", "json", today=YEAR_END
    )
    assert code == 0, err
    unit = json.loads(out)["units"][0]
    assert unit["score_parts"] == {
        "figures": {"signed_amount_yuan": "125/2"},  # 12.5 of 10, uncapped: 62.5
        "bonus": "3",  # one project of 10亿 or more
        "deduction": "0",
    }


def test_an_unknown_unit_or_kind_is_one_line(db: str, tmp_path: Path) -> None:
    office(db)
    path = sheet(tmp_path, ["县区,签约额", "秦州县,10"])
    code, _, err = run_cli(db, "target", "import", str(path), today=YEAR_END)
    assert code == 1
    assert "秦州县 (did you mean 秦州区?)" in err and err.count("\n") == 1
    code, _, err = run_cli(db, "assess", "--by", "province", today=YEAR_END)
    assert code == 1 and "unknown unit kind 'province'" in err
    code, _, err = run_cli(db, "assess", "--as-of", "2025-01-01", today=YEAR_END)
    assert code == 1 and "after today" in err
