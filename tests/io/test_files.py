"""Writing a file safely: no file written over unless asked, never the protected ones,
nothing written through a planted link, the umask respected, nothing partial left."""

from __future__ import annotations

import csv
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.errors import UserError
from store.io import files
from store.io.files import Protected, check_target, sqlite_files, written_safely
from store.service import Store
from tests.conftest import TODAY, run_cli
from tests.io.small_disk import SMALL_DISK_BYTES, small_disk

__all__ = ["small_disk"]  # the fixture, used by name


@pytest.fixture
def umask() -> Iterator[None]:
    """A known umask for the test, the process's own back afterwards."""
    before = os.umask(0o027)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_new_file_has_the_mode_the_umask_gives(tmp_path: Path, umask: None) -> None:
    target = tmp_path / "report.csv"
    with written_safely(target) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_text("a,b\n")
    assert target.read_text() == "a,b\n"
    assert mode(target) == 0o640  # 0666 less 027, as any file the user creates
    assert leftovers(tmp_path) == []


def test_an_existing_file_is_refused_unless_overwrite_and_then_keeps_its_mode(
    tmp_path: Path, umask: None
) -> None:
    target = tmp_path / "台账.xlsx"
    target.write_text("the office's own")
    target.chmod(0o600)
    with pytest.raises(UserError) as refused, written_safely(target) as temporary:
        temporary.write_text("new")
    assert str(refused.value) == f"cannot write {target}: the file exists (--overwrite replaces it)"
    assert target.read_text() == "the office's own" and leftovers(tmp_path) == []
    with written_safely(target, overwrite=True) as temporary:
        temporary.write_text("new")
    assert target.read_text() == "new" and mode(target) == 0o600


def test_a_link_with_nothing_behind_it_counts_as_a_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.symlink_to(tmp_path / "nowhere")
    with pytest.raises(UserError, match="the file exists"):
        check_target(target)


def test_the_protected_files_are_refused_even_with_overwrite(tmp_path: Path) -> None:
    database = tmp_path / "investtrack.db"
    database.write_bytes(b"SQLite format 3\x00")
    guarded = [
        *sqlite_files(database),
        Protected(tmp_path / "台账.csv", "the sheet being imported"),
    ]
    (tmp_path / "台账.csv").write_text("项目名称\n")
    hard_link = tmp_path / "hard.db"
    os.link(database, hard_link)
    (tmp_path / "soft.db").symlink_to(database)
    for name, what in [
        ("investtrack.db", "the database"),
        ("investtrack.db-wal", "the database"),  # not there yet: SQLite may make it any time
        ("hard.db", "the database"),
        ("soft.db", "the database"),
        ("台账.csv", "the sheet being imported"),
    ]:
        target = tmp_path / name
        with (
            pytest.raises(UserError) as refused,
            written_safely(target, overwrite=True, protected=guarded) as temporary,
        ):
            temporary.write_text("clobbered")
        assert str(refused.value) == f"cannot write {target}: it is {what}"
    assert database.read_bytes() == b"SQLite format 3\x00"
    assert leftovers(tmp_path) == []


def test_a_folder_that_does_not_exist_and_a_folder_as_the_target(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"folder .*/no does not exist$"):
        check_target(tmp_path / "no" / "x.csv")
    with pytest.raises(UserError, match=r"it is a folder$"):
        check_target(tmp_path, overwrite=True)


def test_nothing_is_written_through_a_link_planted_at_the_temporary_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda _: next(names))
    (tmp_path / ".copy.db.planted.part").symlink_to(victim)
    with written_safely(tmp_path / "copy.db") as temporary:
        assert temporary.name == ".copy.db.fresh.part"
        temporary.write_text("the copy")
    assert victim.read_text() == "precious"
    assert (tmp_path / "copy.db").read_text() == "the copy"


def test_a_failure_while_writing_leaves_nothing_and_the_old_file_as_it_was(
    tmp_path: Path,
) -> None:
    target = tmp_path / "report.xlsx"
    target.write_text("last month's")
    with pytest.raises(RuntimeError), written_safely(target, overwrite=True) as temporary:
        temporary.write_text("half")
        raise RuntimeError("interrupted")
    assert target.read_text() == "last month's" and leftovers(tmp_path) == []


def test_a_file_appearing_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "errors.csv"
    with pytest.raises(UserError, match="the file exists"), written_safely(target) as temporary:
        temporary.write_text("ours")
        target.write_text("someone else's")  # after the check, before the rename
    assert target.read_text() == "someone else's" and leftovers(tmp_path) == []


def test_without_hard_links_the_rename_still_refuses_a_file_that_appeared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(source: object, target: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(files.os, "link", no_links)
    with written_safely(tmp_path / "a.csv") as temporary:
        temporary.write_text("a")
    assert (tmp_path / "a.csv").read_text() == "a"
    with (
        pytest.raises(UserError, match="the file exists"),
        written_safely(tmp_path / "b.csv") as temporary,
    ):
        temporary.write_text("b")
        (tmp_path / "b.csv").write_text("theirs")
    assert (tmp_path / "b.csv").read_text() == "theirs" and leftovers(tmp_path) == []


def test_a_full_disk_is_one_line_and_leaves_no_partial_file(small_disk: Path) -> None:
    (small_disk / "kept.csv").write_text("kept")
    target = small_disk / "big.csv"
    with pytest.raises(UserError) as refused, written_safely(target) as temporary:
        temporary.write_bytes(b"x" * SMALL_DISK_BYTES * 2)
    assert str(refused.value) == (
        f"cannot write {target}: No space left on device; nothing written"
    )
    assert sorted(p.name for p in small_disk.iterdir()) == ["kept.csv"]


@pytest.mark.sqlite_only
def test_backup_writes_through_no_planted_link(
    demo_db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    folder = tmp_path / "copies"
    folder.mkdir()
    # the name an earlier version wrote the copy under first, and the first random name
    (folder / ".copy.db.partial").symlink_to(victim)
    (folder / ".copy.db.planted.part").symlink_to(victim)
    names = iter(["planted", "fresh"])
    monkeypatch.setattr(files.secrets, "token_hex", lambda _: next(names))
    code, _, err = run_cli(demo_db, "backup", str(folder / "copy.db"))
    assert code == 0, err
    assert victim.read_text() == "precious"
    copy = Store.open(str(folder / "copy.db"))
    assert copy.count_projects() == Store.open(demo_db).count_projects() > 0
    copy.close()


@pytest.mark.sqlite_only
def test_backup_over_the_database_or_its_files_is_refused(demo_db: str) -> None:
    before = Path(demo_db).read_bytes()
    for target in (demo_db, f"{demo_db}-wal", f"{demo_db}-shm"):
        code, _, err = run_cli(demo_db, "backup", target, "--overwrite")
        assert code == 1
        assert err == f"error: cannot write {target}: it is the database\n"
    assert Path(demo_db).read_bytes() == before


@pytest.mark.sqlite_only
def test_backup_on_a_full_disk_is_one_line_and_leaves_nothing(
    demo_db: str, small_disk: Path
) -> None:
    target = small_disk / "copy.db"
    code, _, err = run_cli(demo_db, "backup", str(target))
    assert code == 1
    assert err == f"error: cannot write {target}: No space left on device; nothing written\n"
    assert list(small_disk.iterdir()) == []


BAD_SHEET = "项目名称,签约日期\n好项目,2024-01-02\n坏项目,不是日期\n"


def import_with_errors(db: str, sheet: Path, report: Path, *more: str) -> tuple[int, str]:
    code, _, err = run_cli(db, "import", str(sheet), "--errors", str(report), *more, today=TODAY)
    return code, err


def test_the_errors_file_of_an_import_is_never_written_over_unasked(
    db: str, tmp_path: Path
) -> None:
    sheet = tmp_path / "台账.csv"
    sheet.write_text(BAD_SHEET, encoding="utf-8")
    report = tmp_path / "errors.csv"
    report.write_text("last week's errors")
    code, stderr = import_with_errors(db, sheet, report, "--skip-invalid")
    assert code == 1
    assert stderr == f"error: cannot write {report}: the file exists (--overwrite replaces it)\n"
    assert report.read_text() == "last week's errors"
    store = Store.open(db)
    assert store.project_count() == 0  # refused before the import, not after it
    code, stderr = import_with_errors(db, sheet, report, "--skip-invalid", "--overwrite")
    assert code == 0, stderr
    assert store.project_count() == 1
    with report.open(encoding="utf-8-sig") as stream:
        assert [row["value"] for row in csv.DictReader(stream)] == ["不是日期"]
    store.close()


def test_the_errors_file_is_never_the_sheet_being_imported(db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "台账.csv"
    sheet.write_text(BAD_SHEET, encoding="utf-8")
    code, stderr = import_with_errors(db, sheet, sheet, "--overwrite")
    assert code == 1
    assert stderr == f"error: cannot write {sheet}: it is the sheet being imported\n"
    assert sheet.read_text(encoding="utf-8") == BAD_SHEET


@pytest.mark.sqlite_only
def test_the_errors_file_is_never_the_database(db: str, tmp_path: Path) -> None:
    sheet = tmp_path / "台账.csv"
    sheet.write_text(BAD_SHEET, encoding="utf-8")
    Store.open(db).close()  # the database made
    before = Path(db).read_bytes()
    code, stderr = import_with_errors(db, sheet, Path(db), "--overwrite")
    assert code == 1
    assert stderr == f"error: cannot write {db}: it is the database\n"
    assert Path(db).read_bytes() == before
