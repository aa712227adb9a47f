"""Figure sets over 100,000 projects spread over the whole pipeline (bench/pipeline.py):
stage moves, procedures done, a year of monthly funds, problems. Target: under 100 ms.

Run: .venv/bin/python bench/figures_speed.py [PROJECTS] [--statements]
--statements: each case's SQL statements, the set's and the year before's apart (two
threads), with the time from each to the next on its thread or the end of its transaction
(the rows of a grouped statement are fetched after it returns, so its execute alone says
little).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.ledger import build_database
from bench.pipeline import spread_over_the_pipeline
from store.figures import compute, parse_period
from store.service import Store


def statements_of(store: Store, run: Any) -> dict[int, list[tuple[float, str]]]:
    """run() once, and per thread (the year before is read on a second one) the time from
    each statement it sends to its next one, or to the end of its transaction (not of run(),
    which also waits for the other thread)."""
    started: dict[int, list[tuple[float, str]]] = {}
    ended: dict[int, float] = {}

    def sent(*arguments: Any) -> None:
        text = " ".join(str(arguments[2]).split())
        started.setdefault(threading.get_ident(), []).append((time.perf_counter(), text))

    def done(*_: Any) -> None:
        ended[threading.get_ident()] = time.perf_counter()

    listeners = [("before_cursor_execute", sent), ("commit", done), ("rollback", done)]
    for name, listener in listeners:
        event.listen(store.engine, name, listener)
    try:
        run()
    finally:
        for name, listener in listeners:
            event.remove(store.engine, name, listener)
    finished = time.perf_counter()
    timed = {}
    for thread, statements in started.items():
        ends = [moment for moment, _ in statements[1:]] + [ended.get(thread, finished)]
        timed[thread] = [
            (end - moment, text) for (moment, text), end in zip(statements, ends, strict=True)
        ]
    return timed


def main() -> None:
    arguments = [argument for argument in sys.argv[1:] if not argument.startswith("--")]
    projects = int(arguments[0]) if arguments else 100_000
    with tempfile.TemporaryDirectory() as folder:
        db = build_database(folder, projects)
        spread_over_the_pipeline(db)
        store = Store.open(db, today=date(2024, 6, 30))
        cases = {
            "2024, today, total": dict(period=parse_period("2024")),
            "2024Q1 as of 2024-03-31 (history)": dict(period=parse_period("2024Q1")),
            "2024-03 by county": dict(period=parse_period("2024-03"), by="county"),
            "2024 by chain": dict(period=parse_period("2024"), by="chain"),
            "2024 by steward": dict(period=parse_period("2024"), by="steward"),
            "2024 by stage": dict(period=parse_period("2024"), by="stage"),
        }
        cases |= {
            f"{label} without 同比": dict(arguments, with_prior=False)
            for label, arguments in list(cases.items())[:2]
        }
        print(
            f"projects {projects}; each figure set includes the same period a year before (同比) unless said"
        )
        for label, arguments in cases.items():
            compute(store, **arguments)  # type: ignore[arg-type]
            times = []
            for _ in range(5):
                started = time.perf_counter()
                compute(store, **arguments)  # type: ignore[arg-type]
                times.append(time.perf_counter() - started)
            print(
                f"{label:38s}: median {statistics.median(times) * 1000:6.1f} ms (target < 100 ms)"
            )
            if "--statements" in sys.argv:
                timed = statements_of(store, partial(compute, store, **arguments))
                for thread, statements in timed.items():
                    # compute() reads the year before on a thread of its own
                    main = thread == threading.main_thread().ident
                    print(f"    {'the set' if main else 'the year before'}:")
                    for seconds, text in statements:
                        if seconds >= 0.001:
                            print(f"    {seconds * 1000:6.1f} ms  {text[:100]}")


if __name__ == "__main__":
    main()
