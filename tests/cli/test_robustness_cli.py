"""Faults and odd input a real office meets at the command line, each one clear line and an
exit code, never a traceback, and nothing half written: names holding Rich markup, a database
from a newer investtrack, a read-only or busy file under `check`, text too long or holding NUL
(on both backends), a full disk, and an unexpected error (one line and a report file)."""

from __future__ import annotations

import json
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from store import checks
from store.db.engine import database_url, make_engine, redact
from store.errors import UserError
from store.service import Store
from tests.conftest import TODAY, open_store, run_cli
from tests.io.small_disk import mounted_tmpfs

MARKUP = "[/][bold]"
CODE = "2401-620902-04-01-123456"


# -- names holding Rich markup ----------------------------------------------------------------


def test_names_holding_rich_markup_print_as_written(db: str) -> None:
    code, _, err = run_cli(
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
        today=TODAY,
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
        code, out, err = run_cli(db, *args, today=TODAY)
        assert (code, err) == (0, ""), args
        assert shown in out, args  # as typed: neither read as a style nor refused


# -- a database from a newer investtrack ------------------------------------------------------


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
        assert run_cli(db, *args, today=TODAY) == (1, "", line), args
    with pytest.raises(UserError, match="made by a newer investtrack"):
        Store.open(db)
    if backend == "sqlite":  # no backup copy was made at any of those opens
        path = Path(db)
        assert sorted(p.name for p in path.parent.iterdir() if ".bak-" in p.name) == []


# -- check on a file it cannot write ----------------------------------------------------------


@pytest.mark.sqlite_only
def test_check_cannot_check_the_index_of_a_read_only_file_and_says_so(demo_db: str) -> None:
    read_only = (
        f"sqlite:///file:{demo_db}?mode=ro&uri=true"  # as SQLite opens a file it may not write
    )
    code, out, err = run_cli(read_only, "check")
    assert code == 1  # not shown sound
    assert err == "cannot check the search index: the file is read-only\n"
    assert out == "200 projects checked, 0 problems found, 1 checks could not be made\n"
    _, out, _ = run_cli(read_only, "check", "--format", "json")
    report = json.loads(out)
    assert [f for f in report["findings"] if not f["unchecked"]] == []
    code, _, err = run_cli(read_only, "assign", "#1", "王建国")
    assert code == 1
    assert err == "error: the database file is read-only: nothing was saved\n"


@pytest.mark.sqlite_only
def test_check_says_the_index_is_busy_while_another_program_writes(
    demo_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "INDEX_CHECK_WAIT_MS", 200)
    writer = sqlite3.connect(demo_db, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a long import, half way
    try:
        code, _, err = run_cli(demo_db, "check")
    finally:
        writer.execute("ROLLBACK")
        writer.close()
    assert code == 1
    assert err == (
        "cannot check the search index: the file is busy (another program is writing to it)\n"
    )
    code, out, _ = run_cli(demo_db, "check")  # the writer gone: checked, sound
    assert (code, out) == (0, "200 projects checked, 0 problems found\n")


# -- text the database cannot take ------------------------------------------------------------


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
    code, _, err = run_cli(db, *args, today=TODAY)
    last = err.splitlines()[-1]  # after the code's shape warning, where there is one
    assert code == 1 and last.startswith(f"error: {problem}") and "Traceback" not in err, err
    assert run_cli(db, "list", "--format", "json", "--include-withdrawn", today=TODAY)[1] == "[]\n"


def test_an_import_refuses_a_name_too_long_by_row_and_column(db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "台账.csv"
    sheet.write_text(
        "项目名称,签约日期\n" + "长" * 201 + ",2024-01-05\n正常项目,2024-01-05\n", encoding="utf-8"
    )
    code, out, err = run_cli(db, "import", str(sheet), "--format", "json", today=TODAY)
    assert code == 1 and "Traceback" not in err
    assert [(e["row"], e["column"], e["reason"]) for e in json.loads(out)["errors"]] == [
        (
            2,
            "项目名称",
            "name “" + "长" * 24 + "…” is 201 characters long, more than the 200 it can hold",
        )
    ]
    assert run_cli(db, "list", "--format", "json", today=TODAY)[1] == "[]\n"  # all or nothing


# -- a full disk ------------------------------------------------------------------------------


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB file system to fill."""
    yield from mounted_tmpfs(tmp_path / "small", "2m")


@pytest.mark.sqlite_only
def test_a_full_disk_is_one_line_and_nothing_is_saved(small_tmpfs: Path) -> None:
    db = str(small_tmpfs / "office.db")
    assert run_cli(db, "add", "项目一", "--code", CODE, today=TODAY)[0] == 0
    officer = open_store(db)  # an officer's app, open while the disk fills
    assert officer.project_count() == 1
    filler = small_tmpfs / "filler"
    with filler.open("wb", buffering=0) as stream:  # the rest of the disk, another program's
        try:
            while True:
                stream.write(b"\0" * 4096)
        except OSError:
            pass  # full
    code, _, err = run_cli(db, "add", "项目二", "--investor", "企" * 100_000, today=TODAY)
    assert code == 1
    assert err == "error: the disk is full: nothing was saved; free some space and retry\n"
    with pytest.raises(UserError, match="the disk is full"):  # the app's own write alike
        officer.add_project({"name": "项目三", "investor": "企" * 100_000})
    filler.unlink()
    officer.close()
    listed = json.loads(run_cli(db, "list", "--format", "json", today=TODAY)[1])
    assert [row["name"] for row in listed] == ["项目一"]


# -- an unexpected error ----------------------------------------------------------------------


def test_an_unexpected_error_is_one_line_naming_its_report(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(reports))

    def defect(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a planted defect")

    monkeypatch.setattr(Store, "stewards", defect)
    code, out, err = run_cli(db, "steward", "list", today=TODAY)
    assert (code, out) == (1, "")
    prefix = "error: unexpected error (RuntimeError: a planted defect); details written to "
    assert err.startswith(prefix) and err.count("\n") == 1
    report = Path(err.removeprefix(prefix).strip())
    assert report.parent == reports and report.name.startswith("investtrack-error-")
    written = report.read_text()
    assert "Traceback" in written and "a planted defect" in written and "in defect" in written
    assert oct(report.stat().st_mode & 0o777) == oct(0o600)  # its owner's only
