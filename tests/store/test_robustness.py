"""Faults and odd input a real office meets, each one clear line and an exit code, never a
traceback, and nothing half written: names holding Rich markup, a database from a newer
investtrack, a read-only or busy file under `check`, text too long or holding NUL (on both
backends), a full disk, an unexpected error (one line and a report file), and PostgreSQL
going away under an open change watcher (its connection killed; the server restarted)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from typer.testing import CliRunner

from store import checks
from store.db.engine import database_url, make_engine, redact
from store.errors import UserError, report_line, write_report
from store.service import ProjectFilter, Store
from tests.conftest import TODAY, PostgresServer, open_store
from tui.cli import app

runner = CliRunner()
MARKUP = "[/][bold]"
CODE = "2401-620902-04-01-123456"


def invoke(db: str, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(
        app, ["--db", db, "--user", "测试员", "--lang", "en", *args, "--today", "2024-06-30"]
    )
    return result.exit_code, result.stdout, result.stderr


# -- names holding Rich markup -----------------------------------------------------------


def test_names_holding_rich_markup_print_as_written(db: str) -> None:
    code, _, err = invoke(
        db,
        "add",
        f"项目{MARKUP}",
        "--code",
        CODE,
        "--county",
        f"县{MARKUP}",
        "--chain",
        f"链{MARKUP}",
        "--steward",
        f"王{MARKUP}",
        "--new-steward",
        "--signed-on",
        "2024-01-05",
        "--procedures-due",
        "2024-07-05",
    )
    assert code == 0, err
    for args, shown in (
        (["list"], f"项目{MARKUP}"),
        (["show", CODE], f"县{MARKUP}"),
        (["history", CODE], f"王{MARKUP}"),
        (["stats", "--by", "steward"], f"王{MARKUP}"),
        (["stats", "--by", "county"], f"县{MARKUP}"),
        (["steward", "list"], f"王{MARKUP}"),
        (["deadlines"], f"项目{MARKUP}"),
    ):
        code, out, err = invoke(db, *args)
        assert (code, err) == (0, ""), args
        assert shown in out, args  # as typed: neither read as a style nor refused


# -- a database from a newer investtrack ----------------------------------------------------


def test_a_database_from_a_newer_investtrack_is_refused_before_any_copy(
    db: str, backend: str
) -> None:
    open_store(db).close()
    engine = make_engine(db)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0999'"))
    engine.dispose()
    line = (
        f"error: database {redact(database_url(db))} was made by a newer investtrack "
        "(revision 0999); upgrade investtrack\n"
    )
    for args in (["list"], ["db", "upgrade"], ["check"]):
        assert invoke(db, *args) == (1, "", line), args
    with pytest.raises(UserError, match="made by a newer investtrack"):
        Store.open(db)
    if backend == "sqlite":  # no backup copy was made at any of those opens
        path = Path(db)
        assert sorted(p.name for p in path.parent.iterdir() if ".bak-" in p.name) == []


# -- check on a file it cannot write -----------------------------------------------------------


@pytest.mark.sqlite_only
def test_check_cannot_check_the_index_of_a_read_only_file_and_says_so(demo_db: str) -> None:
    read_only = (
        f"sqlite:///file:{demo_db}?mode=ro&uri=true"  # as SQLite opens a file it may not write
    )
    result = runner.invoke(app, ["--db", read_only, "check"])
    assert result.exit_code == 1  # not shown sound
    assert result.stderr == "cannot check the search index: the file is read-only\n"
    assert result.stdout == "200 projects checked, 0 problems found, 1 checks could not be made\n"
    result = runner.invoke(app, ["--db", read_only, "check", "--format", "json"])
    report = json.loads(result.stdout)
    assert [f for f in report["findings"] if not f["unchecked"]] == []
    result = runner.invoke(app, ["--db", read_only, "assign", "#1", "王建国"])
    assert result.exit_code == 1
    assert result.stderr == "error: the database file is read-only: nothing was saved\n"


@pytest.mark.sqlite_only
def test_check_says_the_index_is_busy_while_another_program_writes(
    demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "INDEX_CHECK_WAIT_MS", 200)
    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a long import, half way
    try:
        result = runner.invoke(app, ["--db", demo_db, "check"])
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert result.exit_code == 1
    assert result.stderr == (
        "cannot check the search index: the file is busy (another program is writing to it)\n"
    )
    result = runner.invoke(app, ["--db", demo_db, "check"])  # the writer gone: checked, sound
    assert (result.exit_code, result.stdout) == (0, "200 projects checked, 0 problems found\n")


# -- text the database cannot take ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["add", "长" * 201], "name “" + "长" * 24 + "…” is 201 characters long, more than"),
        (["add", "项目", "--code", "9" * 65], "code “" + "9" * 24 + "…” is 65 characters"),
        (["add", "项目\x00名"], "name “项目\\0名” contains a NUL character (\\0) at position 3"),
        (["add", "项目", "--investor", "企业\x00"], "investor “企业\\0” contains a NUL"),
        (["add", "项目", "--steward", "王\x00"], "steward name “王\\0” contains a NUL"),
        (["config", "set", "office.name", "办\x00"], "setting value “办\\0” contains a NUL"),
    ],
    ids=["long name", "long code", "NUL name", "NUL investor", "NUL steward", "NUL setting"],
)
def test_text_too_long_or_holding_nul_is_refused_in_one_line(
    db: str, args: list[str], problem: str
) -> None:
    code, _, err = invoke(db, *args)
    last = err.splitlines()[-1]  # after the code's shape warning, where there is one
    assert code == 1 and last.startswith(f"error: {problem}") and "Traceback" not in err, err
    assert invoke(db, "list", "--format", "json", "--include-withdrawn")[1] == "[]\n"


def test_an_import_refuses_a_name_too_long_by_row_and_column(db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "台账.csv"
    sheet.write_text(
        "项目名称,签约日期\n" + "长" * 201 + ",2024-01-05\n正常项目,2024-01-05\n", encoding="utf-8"
    )
    code, out, err = invoke(db, "import", str(sheet), "--format", "json")
    assert code == 1 and "Traceback" not in err
    assert [(e["row"], e["column"], e["reason"]) for e in json.loads(out)["errors"]] == [
        (
            2,
            "项目名称",
            "name “" + "长" * 24 + "…” is 201 characters long, more than the 200 it can hold",
        )
    ]
    assert invoke(db, "list", "--format", "json")[1] == "[]\n"  # all or nothing


def test_every_door_refuses_nul_and_nothing_is_written(store: Store) -> None:
    project = store.add_project({"name": "项目", "code": CODE, "signed_on": date(2024, 1, 5)})
    before = len(store.history(CODE))
    for write in (
        lambda: store.update_project(CODE, {"progress_note": "进展\x00"}),
        lambda: store.update_project(CODE, {"name": "名" * 201}),
        lambda: store.advance(CODE, date(2024, 3, 1), note="核准\x00"),
        lambda: store.add_procedure(CODE, "环评\x00"),
        lambda: store.raise_problem(CODE, "用地\x00"),
        lambda: store.withdraw(CODE, "计划调整\x00"),
    ):
        with pytest.raises(UserError, match=r"NUL character|characters long"):
            write()
    row = store.project_row(CODE)
    assert (row.name, row.stage, row.withdrawn_on) == ("项目", "signed", None)
    assert len(store.history(CODE)) == before
    assert len(store.procedures(project.id or 0)) == 11 and store.problems(CODE) == []


# -- a full disk --------------------------------------------------------------------------------


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system to fill (skipped where mounting is not permitted)."""
    if shutil.which("mount") is None:
        pytest.skip("no mount command here")
    folder = tmp_path / "small"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


@pytest.mark.sqlite_only
def test_a_full_disk_is_one_line_and_nothing_is_saved(small_tmpfs: Path) -> None:
    db = str(small_tmpfs / "office.db")
    assert invoke(db, "add", "项目一", "--code", CODE)[0] == 0
    officer = open_store(db)  # an officer's app, open while the disk fills
    assert officer.project_count() == 1
    filler = small_tmpfs / "filler"
    with filler.open("wb", buffering=0) as stream:  # the rest of the disk, another program's
        try:
            while True:
                stream.write(b"\0" * 4096)
        except OSError:
            pass  # full
    code, _, err = invoke(db, "add", "项目二", "--investor", "企" * 100_000)
    assert code == 1
    assert err == "error: the disk is full: nothing was saved; free some space and retry\n"
    with pytest.raises(UserError, match="the disk is full"):  # the app's own write alike
        officer.add_project({"name": "项目三", "investor": "企" * 100_000})
    filler.unlink()
    officer.close()
    listed = json.loads(invoke(db, "list", "--format", "json")[1])
    assert [row["name"] for row in listed] == ["项目一"]


# -- an unexpected error ----------------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_naming_its_report(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))

    def defect(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a planted defect")

    monkeypatch.setattr(Store, "stewards", defect)
    code, out, err = invoke(db, "steward", "list")
    assert (code, out) == (1, "")
    prefix = "error: unexpected error (RuntimeError: a planted defect); details written to "
    assert err.startswith(prefix) and err.count("\n") == 1
    report = Path(err.removeprefix(prefix).strip())
    assert report.parent == reports and report.name.startswith("investtrack-error-")
    written = report.read_text()
    assert "Traceback" in written and "a planted defect" in written and "in defect" in written
    assert oct(report.stat().st_mode & 0o777) == oct(0o600)  # its owner's only


def test_a_report_never_holds_a_password(tmp_path: Path) -> None:
    try:
        raise ConnectionError("cannot reach postgresql+psycopg://office:s3cret@db.local/ledger")
    except ConnectionError as error:
        report = write_report(error, tmp_path)
        line = report_line(error, tmp_path)
    assert "s3cret" not in report.read_text() and "office:***@db.local" in report.read_text()
    assert "s3cret" not in line and "office:***@db.local" in line


# -- PostgreSQL going away under an open watcher -------------------------------------------------


def terminate(admin: object, database: str, only_listener: bool) -> int:
    """End the server's sessions on the database (only the watcher's LISTEN, or every one)."""
    condition = "AND query LIKE 'LISTEN%'" if only_listener else ""
    with admin.connect() as connection:  # type: ignore[attr-defined]
        ended = connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                f"WHERE datname = :name AND pid <> pg_backend_pid() {condition}"
            ),
            {"name": database},
        ).all()
    return len(ended)


def wait_for_change(store: Store) -> None:
    deadline = time.monotonic() + 5
    while not store.changes.changed():
        assert time.monotonic() < deadline, "the change was never heard"
        time.sleep(0.05)


def test_the_watcher_reconnects_when_its_connection_is_killed(
    db: str, backend: str, postgres: PostgresServer | None
) -> None:
    if backend != "postgresql":
        pytest.skip("SQLite's watcher reads the file: there is no connection to lose")
    assert postgres is not None
    watching, writing = open_store(db), open_store(db)
    try:
        assert watching.changes.changed() is False  # LISTEN begins
        writing.add_project({"name": "项目一"})
        wait_for_change(watching)
        database = make_engine(db).url.database or ""
        assert terminate(postgres.admin, database, only_listener=True) == 1
        writing.add_project({"name": "项目二"})  # committed while nobody listened
        wait_for_change(watching)  # the loss noticed, never raised: listening again, reloaded
        assert watching.changes.changed() is False
        writing.add_project({"name": "项目三"})
        wait_for_change(watching)
        watching.add_project({"name": "项目四"})  # its own pool recovers too
        assert watching.count_projects(ProjectFilter()) == 4
    finally:
        watching.close()
        writing.close()


@pytest.fixture
def own_server() -> Iterator[tuple[str, Path]]:
    """A throwaway PostgreSQL server of this test's own, to restart (.ci/postgres starts it;
    skipped where it cannot, as without PostgreSQL's programs or root)."""
    script = Path(__file__).parents[2] / ".ci" / "postgres"
    # in /tmp itself, as .ci/run does: the server's own user must reach its folder
    folder = Path(tempfile.mkdtemp(prefix="investtrack-pg-"))
    if os.geteuid() != 0 or not list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):
        pytest.skip("starting a PostgreSQL server of its own needs root and PostgreSQL here")
    started = subprocess.run(
        [str(script), "start", str(folder)], capture_output=True, text=True, check=False
    )
    if started.returncode != 0:
        pytest.skip(f"could not start a PostgreSQL server: {started.stderr.strip()[:200]}")
    url = started.stdout.strip().removeprefix("export INVESTTRACK_TEST_PG=").strip("'")
    try:
        yield url, folder
    finally:
        subprocess.run([str(script), "stop", str(folder)], capture_output=True, check=False)
        shutil.rmtree(folder, ignore_errors=True)


def restart(folder: Path) -> None:
    pg_ctl = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))[-1]
    # the server logs to its file: a pipe to it would stay open, and the wait with it
    subprocess.run(
        [
            *("runuser", "-u", "postgres", "--", str(pg_ctl), "-D", str(folder / "data")),
            *("-l", str(folder / "server.log"), "-m", "fast", "-w", "restart"),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        timeout=60,
    )


async def test_after_a_server_restart_the_app_hears_changes_and_reports_writes_done(
    own_server: tuple[str, Path],
) -> None:
    from tests.tui.test_app import settle
    from tui.app import InvestTrackApp

    url, folder = own_server
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text("CREATE DATABASE office"))
    admin.dispose()
    target = make_engine(url).url.set(database="office").render_as_string(hide_password=False)
    store, other = open_store(target), open_store(target)
    app = InvestTrackApp(store=store)
    app.watch_seconds = 0.1
    notices: list[tuple[str, str]] = []  # every notice, kept past its few seconds on screen
    reloads: list[str] = []
    shown, reload = app.notify, app.post_data_changed

    def notify(message: str, **options: object) -> None:
        notices.append((str(options.get("title", "")), message))
        shown(message, **options)  # type: ignore[arg-type]

    def post_data_changed(what: str = "") -> None:
        reloads.append(what)
        reload(what)

    app.notify = notify  # type: ignore[method-assign]
    app.post_data_changed = post_data_changed  # type: ignore[method-assign]
    try:
        async with app.run_test() as pilot:
            await settle(pilot)
            other.add_project({"name": "重启前"})
            restart(folder)  # every connection, the watcher's too, is gone
            for name in ("重启后一", "重启后二"):
                app.write(lambda s, n=name: s.add_project({"name": n}), done=f"{name} saved")
                await settle(pilot)
            reloads.clear()
            other.add_project({"name": "别处写入"})  # committed elsewhere: the app hears it
            for _ in range(50):
                await pilot.pause(0.1)
                if "elsewhere" in reloads:
                    break
            assert "elsewhere" in reloads
            assert [m for t, m in notices if t] == []  # no "Error 错误", no "Refused"
            assert [m for _, m in notices] == ["重启后一 saved", "重启后二 saved"]
        assert store.count_projects() == 4
        assert store.changes.changed() is False  # listening, and nothing new
        other.add_project({"name": "最后"})
        wait_for_change(store)
    finally:
        store.close()
        other.close()


# -- the app when its database cannot be opened -----------------------------------------------


@pytest.mark.sqlite_only
async def test_the_app_exits_with_one_line_when_its_database_cannot_be_opened(
    tmp_path: Path,
) -> None:
    from tui.app import InvestTrackApp

    not_a_database = tmp_path / "ledger.db"
    not_a_database.write_text("a spreadsheet saved under the wrong name")
    app = InvestTrackApp(store=lambda: Store.open(str(not_a_database), today=TODAY))
    async with app.run_test() as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
    assert app.return_code == 1
    assert app.error_line == (
        f"cannot open database {redact(database_url(str(not_a_database)))}: file is not a database"
    )
