"""Import: every file kind and quirk, every error kind, all-or-nothing, upsert, round trip."""

from __future__ import annotations

import csv
import json
import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from datetime import date
from pathlib import Path

import pytest

from store.checks import check
from store.exporter import ExportOptions, export
from store.io.importer import ImportOptions, import_file
from store.io.sheets import detect_encoding
from store.service import ProjectFilter, Store
from tests.conftest import TODAY, run_cli
from tests.sheets import ROWS, write_gbk_csv, write_xlsx

FIXTURES = Path(__file__).parent.parent / "fixtures"


def cli(db: str, *args: str) -> tuple[int, str]:
    code, out, err = run_cli(db, *args, today=TODAY, user="导入员")
    return code, out + err


def test_gbk_csv_with_title_and_total_rows(store: Store, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv")
    assert detect_encoding(path) == "gb18030"
    summary = import_file(store, path)
    assert (summary.added, summary.errors, summary.total_rows) == (3, [], [7])
    nandu = store.project("2401-620902-04-01-123456")
    assert nandu.total_investment_yuan == 30 * 10**8  # 亿元 column
    assert nandu.signed_amount_yuan == 30 * 10**8  # "300,000" in a 万元 column
    assert (nandu.signed_on, nandu.start_due, nandu.started_on) == (
        date(2023, 3, 18),
        date(2023, 7, 1),
        date(2023, 8, 15),
    )
    assert nandu.stage == "started" and str(nandu.land_mu) == "200"
    assert (
        store.project("2401-620981-04-01-000002").signed_amount_yuan == 520_000_000
    )  # "5.2亿" wins
    assert store.project_row("敦煌光热储能项目").steward == "郑海涛"  # stewards are created
    stages = [h.new_value for h in store.history("2401-620902-04-01-123456") if h.field == "stage"]
    assert stages == ["signed", "procedures", "started"]


def test_the_summary_names_the_total_rows_it_skipped(db: str, tmp_path: Path) -> None:
    code, out = cli(db, "import", str(write_gbk_csv(tmp_path / "台账.csv")))
    assert code == 0 and "skipped total rows (合计/小计): row 7" in out


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf")])
def test_utf8_csv_with_and_without_bom(
    store: Store, tmp_path: Path, encoding: str, bom: bytes
) -> None:
    gbk = write_gbk_csv(tmp_path / "gbk.csv")
    path = tmp_path / "utf8.csv"
    path.write_bytes(bom + gbk.read_text(encoding="gb18030").encode(encoding))
    assert import_file(store, path).added == 3
    assert store.project_row("敦煌光热储能项目").county == "敦煌市"


def test_forced_encoding_that_does_not_fit_is_a_clear_error(db: str, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "gbk.csv")
    code, out = cli(db, "import", str(path), "--encoding", "utf-8")
    assert code == 1 and "cannot read as utf-8" in out and "Traceback" not in out


def test_xlsx_with_merged_title_dates_serials_and_units(store: Store, tmp_path: Path) -> None:
    summary = import_file(store, write_xlsx(tmp_path / "清水.xlsx"))
    assert summary.added == 2 and summary.total_rows == [5]
    huamao = store.project("2402-620521-04-01-000011")
    assert huamao.signed_amount_yuan == 8 * 10**8 and huamao.signed_on == date(2023, 2, 15)
    junshi = store.project("君石中药材二期项目")
    assert junshi.signed_amount_yuan == 3 * 10**8 and junshi.total_investment_yuan == 320_000_000
    assert junshi.signed_on == date(2024, 4, 2)  # Excel serial 45384


def test_old_xls(store: Store) -> None:
    summary = import_file(store, FIXTURES / "qingshui-ledger.xls")
    assert summary.added == 2 and not summary.errors
    assert store.project("2402-620521-04-01-000011").stage == "started"


BAD_ROWS = [
    [
        "1",
        "坏日期项目",
        "2401-620902-04-01-000101",
        "",
        "",
        "",
        "1",
        "1",
        "签约",
        "2024-13-45",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "2",
        "负金额项目",
        "2401-620902-04-01-000102",
        "",
        "",
        "",
        "-3",
        "1",
        "签约",
        "2024-01-01",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "3",
        "日期倒序项目",
        "2401-620902-04-01-000103",
        "",
        "",
        "",
        "1",
        "1",
        "开工",
        "2024-03-01",
        "",
        "2024-01-01",
        "",
        "",
        "",
    ],
    [
        "4",
        "未知阶段项目",
        "2401-620902-04-01-000104",
        "",
        "",
        "",
        "1",
        "1",
        "快好了",
        "2024-01-01",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "5",
        "重复代码项目",
        "2401-620902-04-01-000104",
        "",
        "",
        "",
        "1",
        "1",
        "签约",
        "2024-01-01",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "6",
        "",
        "2401-620902-04-01-000106",
        "",
        "",
        "",
        "1",
        "1",
        "签约",
        "2024-01-01",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "7",
        "好项目",
        "2401-620902-04-01-000107",
        "",
        "",
        "",
        "1",
        "1",
        "签约",
        "2024-01-01",
        "",
        "",
        "",
        "",
        "",
    ],
]


def test_every_error_kind_is_reported_and_nothing_is_written(db: str, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "bad.csv", BAD_ROWS)
    report = tmp_path / "errors.csv"
    code, out = cli(db, "import", str(path), "--errors", str(report), "--format", "json")
    assert code == 1
    errors = json.loads(out[: out.rindex("}") + 1])["errors"]
    found = {(e["row"], e["column"]): e["reason"] for e in errors}
    assert "not a date" in found[(4, "签约日期")]
    assert "negative" in found[(5, "总投资\n（亿元）")]
    assert "out of order" in found[(6, "")]
    assert "unknown stage" in found[(7, "当前阶段")]
    assert "duplicate in the file (first on row 7)" in found[(8, "项目代码")]
    assert "required field empty" in found[(9, "项目名称")]
    with report.open(encoding="utf-8-sig") as stream:
        assert len(list(csv.DictReader(stream))) == len(errors) == 6
    assert Store.open(db).project_count() == 0  # all or nothing


def test_skip_invalid_writes_the_good_rows(db: str, tmp_path: Path) -> None:
    path = str(write_gbk_csv(tmp_path / "bad.csv", BAD_ROWS))
    code, out = cli(db, "import", path)
    assert code == 1 and "would add" in out and "--skip-invalid to write the valid rows" in out
    code, out = cli(db, "import", path, "--skip-invalid")
    assert code == 0 and "error" in out and "would add" not in out
    assert [r.name for r in Store.open(db).list_projects()] == ["好项目"]


def test_dry_run_reports_and_writes_nothing(db: str, tmp_path: Path) -> None:
    code, out = cli(
        db, "import", str(write_gbk_csv(tmp_path / "ok.csv")), "--dry-run", "--format", "json"
    )
    summary = json.loads(out)
    assert code == 0 and summary["added"] == 3 and summary["written"] is False
    assert Store.open(db).project_count() == 0


def test_imported_projects_are_found_and_so_are_later_ones(store: Store, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "台账.csv")
    assert import_file(store, path, ImportOptions(dry_run=True)).added == 3  # rolled back
    import_file(store, path)
    for term in ("敦煌光热", "dhgr"):
        found = store.list_projects(ProjectFilter(search=term))
        assert [r.name for r in found] == ["敦煌光热储能项目"], term
    store.add_project({"name": "敦煌光热二期", "signed_on": date(2024, 1, 1)})
    assert len(store.list_projects(ProjectFilter(search="敦煌光热"))) == 2


def test_upsert_records_history_and_reimport_changes_nothing(store: Store, tmp_path: Path) -> None:
    path = write_gbk_csv(tmp_path / "ledger.csv")
    import_file(store, path)
    again = import_file(store, path)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 3)
    moved = [list(row) for row in ROWS]
    moved[1][8] = "开工"
    moved[1][11] = "2024-06-01"
    moved[1][12] = "李志强"
    summary = import_file(store, write_gbk_csv(tmp_path / "june.csv", moved))
    assert (summary.updated, summary.unchanged) == (1, 2)
    code = "2401-620981-04-01-000002"
    assert (
        store.project_row(code).stage == "started" and store.project_row(code).steward == "李志强"
    )
    last = [(h.action, h.field, h.old_value, h.new_value) for h in store.history(code)][-3:]
    assert ("import", "stage", "procedures", "started") in last
    assert ("import", "steward", "陈明", "李志强") in last
    skipped = import_file(
        store, write_gbk_csv(tmp_path / "july.csv", ROWS), ImportOptions(on_conflict="skip")
    )
    assert skipped.skipped == 3 and store.project_row(code).stage == "started"
    refused = import_file(store, path, ImportOptions(on_conflict="error"))
    assert len(refused.errors) == 3 and not refused.written


def test_export_then_import_into_an_empty_database_gives_the_same_data(
    demo_store: Store, new_store: Callable[..., Store], tmp_path: Path
) -> None:
    workbook = tmp_path / "report.xlsx"
    export(demo_store, workbook, ExportOptions(filters=ProjectFilter(include_withdrawn=True)))
    fresh = new_store()
    summary = import_file(fresh, workbook)
    assert not summary.errors and summary.added == demo_store.project_count()

    def content(store: Store) -> list[tuple[object, ...]]:
        rows = []
        for row in store.list_projects(ProjectFilter(include_withdrawn=True), sort="name"):
            project = store.project(row.id)
            procedures = [
                (p.name, p.required, p.due_on, p.done_on) for p in store.procedures(row.id)
            ]
            months = [
                (r.month, r.funds_in_place_yuan, r.investment_completed_yuan, r.note)
                for r in store.dispatch_records(row.id)
            ]
            problems = [
                (p.raised_on, p.category, p.text, p.status, p.resolved_on)
                for p in store.problems(row.id)
            ]
            fields = project.model_dump(exclude={"id", "steward_id", "version", "search_text"})
            rows.append((tuple(sorted(fields.items())), row.steward, procedures, months, problems))
        return rows

    assert content(fresh) == content(demo_store)


BIG_ROWS = 40_000


def ledger_rows(count: int, first: int = 0) -> list[list[str]]:
    """Rows of the office's sheet with distinct codes, numbered from first."""
    return [
        [
            str(i),
            f"项目{i}",
            f"2401-620902-04-01-{i:06d}",
            "",
            "肃州区",
            "",
            "1",
            "1",
            "签约",
            "2024-01-01",
            "",
            "",
            "王建国",
            "",
            "",
        ]
        for i in range(first, first + count)
    ]


def start_import(db: Path, sheet: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"INVESTTRACK_DB": str(db), "INVESTTRACK_TODAY": "2024-06-30"}
    return subprocess.Popen(
        [sys.executable, "-m", "tui.cli", "import", str(sheet)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def test_an_import_killed_halfway_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "killed.db"
    path = write_gbk_csv(tmp_path / "big.csv", ledger_rows(BIG_ROWS))
    Store.open(str(db)).close()
    process = start_import(db, path)
    deadline = time.monotonic() + 60
    while (time.monotonic() < deadline and not Path(f"{db}-wal").exists()) or Path(
        f"{db}-wal"
    ).stat().st_size < 1 << 20:
        time.sleep(0.05)  # wait until the import is writing
        if process.poll() is not None:
            break
    assert process.poll() is None, (
        "the import finished before it could be killed: make the file bigger"
    )
    reading = children(process.pid)
    assert reading, "a file this size is read in a second process"
    process.send_signal(signal.SIGKILL)
    process.wait()
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM project").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM history").fetchone() == (0,)
    ended = time.monotonic() + 20
    while time.monotonic() < ended and any(running(pid) for pid in reading):
        time.sleep(0.05)
    assert not any(running(pid) for pid in reading), "the reading process outlived the import"


def children(pid: int) -> list[int]:
    """The processes pid started (Linux: from /proc)."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        with suppress(OSError):
            fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines())
            if int(fields["PPid"]) == pid:
                found.append(int(status.parent.name))
    return found


def running(pid: int) -> bool:
    """Whether the process is still there and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


KILLS = 50
KILL_ROWS = 300


def import_in_child(db: Path, sheet: Path) -> None:
    store = Store.open(str(db), today=TODAY, user="导入员")
    summary = import_file(store, sheet)
    assert summary.added == KILL_ROWS and summary.written, summary.errors


def test_fifty_imports_killed_at_random_points_leave_none_or_all(tmp_path: Path) -> None:
    """Each round imports new rows in a forked process (the modules already loaded, so the
    delay is spent importing) and SIGKILLs it after a random delay: some land before the
    write starts, most during it, some after it ends. After each, `check` passes and the
    database holds none or all of that round's rows."""
    db = tmp_path / "killed.db"
    Store.open(str(db)).close()
    fork = multiprocessing.get_context("fork")
    timing = fork.Process(
        target=import_in_child,
        args=(db, write_gbk_csv(tmp_path / "warm.csv", ledger_rows(KILL_ROWS, 10**5))),
    )
    started = time.monotonic()
    timing.start()
    timing.join()
    whole_run = time.monotonic() - started
    assert timing.exitcode == 0
    expected = KILL_ROWS
    chance = random.Random(20241123)
    outcomes = {"none": 0, "all": 0}
    for round_number in range(KILLS):
        first = 2 * 10**5 + round_number * KILL_ROWS
        sheet = write_gbk_csv(tmp_path / f"round{round_number}.csv", ledger_rows(KILL_ROWS, first))
        delay = chance.uniform(0.2, 1.1) * whole_run
        process = fork.Process(target=import_in_child, args=(db, sheet))
        process.start()
        time.sleep(delay)
        process.kill()
        process.join()
        store = Store.open(str(db))
        checked, findings = check(store)
        store.close()
        assert findings == [], f"round {round_number}, killed after {delay:.2f} s"
        with sqlite3.connect(db) as connection:
            landed = connection.execute(
                "SELECT count(*) FROM project WHERE code BETWEEN ? AND ?",
                (
                    f"2401-620902-04-01-{first:06d}",
                    f"2401-620902-04-01-{first + KILL_ROWS - 1:06d}",
                ),
            ).fetchone()[0]
        assert landed in (0, KILL_ROWS), f"round {round_number}: {landed} of {KILL_ROWS} rows"
        outcomes["all" if landed else "none"] += 1
        expected += landed
        assert checked == expected
    assert outcomes["none"] and outcomes["all"], outcomes  # the delays hit both sides


def test_header_words_in_english(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "en.csv"
    path.write_text(
        "Name,Code,County,Signed amount (wan),Stage,Signed on\n"
        "Yumen pumped storage,2301-620981-04-01-000001,玉门市,1020000,started,2023-03-16\n",
        encoding="utf-8",
    )
    assert import_file(store, path).added == 1
    project = store.project("2301-620981-04-01-000001")
    assert project.signed_amount_yuan == 102 * 10**8 and project.stage == "started"


def test_a_missing_header_or_file_is_one_line(db: str, tmp_path: Path) -> None:
    path = tmp_path / "nothing.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    code, out = cli(db, "import", str(path))
    assert code == 1 and "no header row" in out and "Traceback" not in out
    code, out = cli(db, "import", str(tmp_path / "missing.xlsx"))
    assert code == 1 and "no such file" in out


def test_code_shape_is_a_warning_only(store: Store, tmp_path: Path) -> None:
    rows = [list(ROWS[0])]
    rows[0][2] = "JQ-2019-007"
    summary = import_file(store, write_gbk_csv(tmp_path / "old.csv", rows))
    assert summary.added == 1 and "national shape" in summary.warnings[0].reason


def test_a_sheet_without_stages_never_moves_a_project_back(store: Store, tmp_path: Path) -> None:
    code = "2401-620902-04-01-123456"
    store.add_project({"name": "南都储能", "code": code, "signed_on": date(2024, 1, 5)})
    store.advance(code, date(2024, 2, 1))
    store.advance(code, date(2024, 3, 1))

    def sheet(name: str, rows: list[list[str]]) -> Path:
        path = tmp_path / name
        with path.open("w", encoding="utf-8", newline="") as stream:
            csv.writer(stream).writerows(rows)
        return path

    no_stage = sheet(
        "county.csv", [["项目代码", "项目名称", "县市区"], [code, "南都储能", "玉门市"]]
    )
    assert import_file(store, no_stage).updated == 1
    project = store.project(code)
    assert (project.stage, project.county, project.started_on) == (
        "started",
        "玉门市",
        date(2024, 3, 1),
    )

    later = sheet(
        "later.csv", [["项目代码", "项目名称", "投产日期"], [code, "南都储能", "2024-06-01"]]
    )
    import_file(store, later)
    assert store.project(code).stage == "producing"  # dates alone move it forward

    # nor does one that states an earlier stage: a move back needs its reason
    back = sheet("back.csv", [["项目代码", "项目名称", "当前阶段"], [code, "南都储能", "手续"]])
    (refused,) = import_file(store, back).errors
    assert "never moves a project back" in refused.reason
    project = store.project(code)
    assert (project.stage, project.producing_on) == ("producing", date(2024, 6, 1))
    assert check(store) == (1, [])
