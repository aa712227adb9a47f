"""A reading process started ahead of the import (as the command line does, before it loads
the import's modules) reads the rows, and is closed however the import ends."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from store.checks import check
from store.io.beside import BESIDE_FROM_BYTES, ReadBeside, started_for
from store.io.importer import ImportOptions, import_file
from store.labels import Refusal
from store.service import Store
from tests.io.test_import import ledger_rows
from tests.sheets import ROWS, write_gbk_csv


def closed(process: ReadBeside) -> bool:
    try:
        process.pool.submit(int).result()
    except RuntimeError:  # a shut-down pool takes no more work
        return True
    return False


def test_only_a_large_sheet_that_is_there_starts_one(tmp_path: Path) -> None:
    small = write_gbk_csv(tmp_path / "small.csv")
    assert small.stat().st_size < BESIDE_FROM_BYTES
    assert started_for(small) is None
    assert started_for(tmp_path / "missing.csv") is None
    large = write_gbk_csv(tmp_path / "large.csv", ledger_rows(40_000))
    assert large.stat().st_size >= BESIDE_FROM_BYTES
    process = started_for(large)
    assert process is not None
    process.close()
    assert closed(process)


def test_the_rows_are_read_by_the_process_started_ahead(store: Store, tmp_path: Path) -> None:
    sheet = write_gbk_csv(tmp_path / "ledger.csv", ledger_rows(3000))
    process = ReadBeside()
    summary = import_file(store, sheet, ImportOptions(beside=True), started=process)
    assert summary.written and summary.added == 3000
    assert check(store)[1] == []
    assert closed(process)


def test_one_not_used_is_closed_too(store: Store, tmp_path: Path) -> None:
    unused = ReadBeside()  # a small sheet is read here
    summary = import_file(store, write_gbk_csv(tmp_path / "small.csv"), started=unused)
    assert summary.added == len(ROWS)
    assert closed(unused)
    refused_first = ReadBeside()
    with pytest.raises(Refusal):
        import_file(store, tmp_path / "missing.csv", started=refused_first)
    assert closed(refused_first)


STDERR_TAKEN_OVER = """
import sys
from store.io.beside import ReadBeside, ready_for_app

class TakenOver:  # what a full-screen app puts in stderr's place: no file behind it
    def write(self, text): return len(text)
    def flush(self): pass
    def fileno(self): return -1

if sys.argv[1] == "ready":
    ready_for_app()
sys.stderr = TakenOver()
process = ReadBeside()
process.pool.submit(int).result()
process.close()
sys.stdout.write("started")
"""


@pytest.mark.parametrize("ready", ["ready", "not ready"])
def test_the_process_starts_from_inside_an_app_that_took_stderr(ready: str) -> None:
    """The app readies multiprocessing before it takes the terminal: a 100,000-row sheet
    imported from the app's screen otherwise failed to start its reading process."""
    ran = subprocess.run(
        [sys.executable, "-c", STDERR_TAKEN_OVER, ready], capture_output=True, text=True
    )
    if ready == "ready":
        assert ran.returncode == 0 and ran.stdout == "started", ran.stderr
    else:  # what ready_for_app is for (the refusal went to the stand-in, unseen)
        assert ran.returncode != 0 and ran.stdout == ""
