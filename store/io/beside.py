"""The second process an import reads its rows in, while this one writes the rows before.

Light on purpose: this module imports nothing of the store, so a command can start the
process first and let it load the row reader's modules and dictionaries (about a second)
while it loads its own and opens the database. The process is started afresh ("spawn"),
not forked: the app's threads may hold locks a fork would copy.
"""

from __future__ import annotations

import gc
import os
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing import get_context, parent_process
from multiprocessing.process import BaseProcess
from pathlib import Path
from threading import Thread
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from store.io.rows import RowBatch, RowReader, RowResult, SheetEnd, SheetPlan

# From this size on (some 5,000 rows of a ledger) a second process reads the rows: starting
# it costs about a second, which a smaller file would not win back.
BESIDE_FROM_BYTES = 2_000_000

# The one RowReader of the second process, given it by the import.
_reader: RowReader | None = None


def _start() -> None:
    """The process readied for rows before the first comes."""
    gc.disable()  # a process of its own for one import: see store.io.bulk.collector_paused
    parent = parent_process()
    if parent is not None:
        Thread(target=_end_with, args=(parent,), daemon=True).start()
    from store.domain.pinyin import load_dictionaries
    from store.io import rows  # noqa: F401  (its modules, loaded now)

    load_dictionaries()


def sweep_young() -> None:
    """While the cycle collector is held off (store.io.bulk.collector_paused, and this
    process for its life): the cycles a batch made (SQLAlchemy's statements and results
    among them) freed by a pass over the objects made since the last, never the whole heap,
    so memory does not grow with the file."""
    gc.collect(0)


def _end_with(parent: BaseProcess) -> None:
    """The reading process ends with the import's: one killed (a terminal closed mid-import)
    would otherwise leave it waiting on its queue for ever."""
    parent.join()
    os._exit(0)


def _take(reader: RowReader) -> None:
    global _reader
    _reader = reader


def _begin(sheet: SheetPlan) -> None:
    assert _reader is not None
    _reader.begin(sheet)


def _read(rows: RowBatch) -> list[RowResult]:
    assert _reader is not None
    read = _reader.read_many(rows)
    sweep_young()
    return read


def _finish() -> SheetEnd:
    assert _reader is not None
    return _reader.finish()


class ReadBeside:
    """Rows read in a second process while this one writes the batches before them: the
    import's two halves, reading and writing, each take a core. At most IN_FLIGHT batches
    wait there, so memory does not grow with the file. The process starts when this is made."""

    IN_FLIGHT = 2

    def __init__(self) -> None:
        self.pool = ProcessPoolExecutor(1, mp_context=get_context("spawn"), initializer=_start)
        self.pool.submit(int)  # its process is started by the first task: now, not at the rows
        self.waiting: deque[Future[list[RowResult]]] = deque()

    def take(self, reader: RowReader) -> None:
        """The reader that reads every sheet of the import (it keeps what spans sheets)."""
        self.pool.submit(_take, reader)

    def begin(self, sheet: SheetPlan) -> None:
        self.pool.submit(_begin, sheet)  # one worker: it runs before the rows

    def submit(self, rows: RowBatch) -> list[list[RowResult]]:
        if rows:
            self.waiting.append(self.pool.submit(_read, rows))
        ready = []
        while len(self.waiting) > self.IN_FLIGHT:
            ready.append(self.waiting.popleft().result())
        return ready

    def finish(self) -> tuple[list[list[RowResult]], SheetEnd]:
        end = self.pool.submit(_finish)
        remaining = [future.result() for future in self.waiting]
        self.waiting.clear()
        return remaining, end.result()

    def close(self) -> None:
        self.pool.shutdown(wait=False, cancel_futures=True)


def ready_for_app() -> None:
    """Called before a full-screen app takes the terminal over. The reading process needs
    multiprocessing's resource tracker, whose start passes this process's stderr on; an app's
    stand-in for stderr has no file behind it (fileno -1), which that start refuses, so the
    tracker is started now, while stderr is still the terminal's."""
    from multiprocessing import resource_tracker

    resource_tracker.ensure_running()


def worth_a_process(path: str | Path) -> bool:
    """Whether a sheet is large enough to be read in a second process (not, when it is not
    there: it is refused later)."""
    try:
        return Path(path).stat().st_size >= BESIDE_FROM_BYTES
    except OSError:
        return False


def started_for(path: str | Path) -> ReadBeside | None:
    """A reading process for a sheet worth one, started now: before the import's modules
    load. None for a smaller file or one not there."""
    return ReadBeside() if worth_a_process(path) else None
