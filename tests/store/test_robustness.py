"""Faults a real office meets below the command line, never half written: text too long or
holding NUL refused at every door of the store (on both backends), a report that never holds a
password, PostgreSQL going away under an open change watcher (its connection killed; the server
restarted), and the app when its database cannot be opened."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from store.db.engine import database_url, make_engine, redact
from store.errors import UserError, report_words, write_report
from store.service import ProjectFilter, Store
from tests.conftest import TODAY, PostgresServer, open_store

CODE = "2401-620902-04-01-123456"


# -- text the database cannot take ---------------------------------------------------------------


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


# -- an unexpected error ----------------------------------------------------------------------------


def test_a_report_never_holds_a_password(tmp_path: Path) -> None:
    try:
        raise ConnectionError("cannot reach postgresql+psycopg://office:s3cret@db.local/ledger")
    except ConnectionError as error:
        report = write_report(error, tmp_path)
        line = report_words(error, tmp_path)[1]
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
