"""`investtrack stats` with the figures as offices count them: both start rates named apart,
funds by the investor's origin (and how many origins could not be placed), size bands, and
`--cohorts`, each signing event's projects; `add --event` records the event."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from rich.cells import cell_len

from store.figures import cohorts, compute
from store.service import Store
from tests.conftest import TODAY, open_store, run_cli

YEAR_END = date(2024, 12, 31)
EIGHTY_COLUMNS = {"COLUMNS": "80"}


def add(db: str, name: str, *options: str) -> None:
    code, _, err = run_cli(
        db, "add", name, "--signed-on", "2024-07-07", *options, today=YEAR_END, env=EIGHTY_COLUMNS
    )
    assert code == 0, err


def test_add_event_then_cohorts_in_a_table_and_in_json(db: str) -> None:
    add(db, "兰洽会储能项目", "--event", "第三十届兰洽会", "--signed-amount", "12亿")
    add(db, "兰洽会氢能项目", "--event", "第三十届兰洽会", "--signed-amount", "3亿")
    add(db, "以商招商项目", "--signed-amount", "1亿")
    code, out, err = run_cli(
        db, "show", "兰洽会储能项目", "--format", "json", today=YEAR_END, env=EIGHTY_COLUMNS
    )
    assert code == 0, err
    assert json.loads(out)["signing_event"] == "第三十届兰洽会"
    code, out, err = run_cli(db, "stats", "--cohorts", today=YEAR_END, env=EIGHTY_COLUMNS)
    assert code == 0, err
    row = next(line for line in out.splitlines() if "第三十届兰洽会" in line)
    cells = [cell.strip() for cell in row.split("│")[1:-1]]
    assert cells == ["第三十届兰洽会", "2", "15.00", "0.00", "0.0%", "0.0%", "0.0%"]
    assert "以商招商" not in out and all(cell_len(line) <= 80 for line in out.splitlines())
    code, out, err = run_cli(
        db, "stats", "--cohorts", "--format", "json", today=YEAR_END, env=EIGHTY_COLUMNS
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["as_of"] == "2024-12-31"
    (cohort,) = data["cohorts"]
    assert (cohort["event"], cohort["projects"], cohort["signed_amount_yuan"]) == (
        "第三十届兰洽会",
        2,
        15 * 10**8,
    )
    assert cohort["start_rate"] == {"numerator": 0, "denominator": 2, "value": "0E-12"}


def test_cohorts_by_county_one_table_an_event(demo_db: str, demo_store: Store) -> None:
    code, out, err = run_cli(
        demo_db, "stats", "--cohorts", "--by", "county", today=TODAY, env=EIGHTY_COLUMNS
    )
    assert code == 0, err
    found = cohorts(demo_store, by="county")
    assert {cohort.event for cohort in found} == {"第二十八届兰洽会", "第二十九届兰洽会"}
    titles = [line.split(",")[0] for line in out.splitlines() if ", by county" in line]
    assert titles == ["第二十八届兰洽会", "第二十九届兰洽会"]  # the earlier event first
    assert all(cell_len(line) <= 80 for line in out.splitlines()) and "…" not in out


def test_cohorts_refuse_a_period(db: str) -> None:
    code, _, err = run_cli(
        db, "stats", "--cohorts", "--period", "2024", today=YEAR_END, env=EIGHTY_COLUMNS
    )
    assert code == 1 and "--cohorts" in err and "Traceback" not in err


def test_stats_names_both_start_rates_and_funds_by_origin(demo_db: str, demo_store: Store) -> None:
    """The demo office is in 酒泉, 甘肃: its figures show 省外 and 市外省内 funds apart, and
    say how many projects have an origin that could not be placed."""
    code, out, err = run_cli(demo_db, "stats", "--by", "county", today=TODAY, env=EIGHTY_COLUMNS)
    assert code == 0, err
    for words in ("Signed start rate", "Start rate of the year's list"):
        assert words in out  # the two start rates, named apart
    total = compute(demo_store).total
    assert total.funds_outside_province_yuan and total.funds_outside_city_yuan
    assert total.origin_unknown_projects > 0
    shown = next(line for line in out.splitlines() if "outside the province" in line)
    assert f"{Decimal(total.funds_outside_province_yuan) / 10**8:,.2f}" in shown
    assert f"origin unknown for {total.origin_unknown_projects:,} projects" in out
    assert "by county, funds in place by origin" in out
    assert all(cell_len(line) <= 80 for line in out.splitlines()) and "…" not in out
    code, out, err = run_cli(demo_db, "stats", "--format", "json", today=TODAY, env=EIGHTY_COLUMNS)
    data = json.loads(out)["total"]
    assert data["planned_start_rate"] == total.planned_start_rate.to_json()
    assert data["signed_over_10yi"] == total.signed_over_10yi


def test_without_the_offices_province_stats_say_so(db: str) -> None:
    add(db, "浙江项目", "--signed-amount", "2亿")
    store = open_store(db)
    pid = store.project("浙江项目").id or 0
    store.update_project(pid, {"investor_origin": "浙江"})
    store.close()
    code, out, err = run_cli(db, "stats", today=YEAR_END, env=EIGHTY_COLUMNS)
    assert code == 0, err
    assert "the office's province is not set" in out and "office.province" in out
    code, _, _ = run_cli(
        db, "config", "set", "office.province", "甘肃", today=YEAR_END, env=EIGHTY_COLUMNS
    )
    assert code == 0
    code, out, err = run_cli(db, "stats", today=YEAR_END, env=EIGHTY_COLUMNS)
    assert code == 0, err
    assert "origin unknown" not in out
