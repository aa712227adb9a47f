"""The assessment (`investtrack assess`) over 100,000 projects spread over the whole pipeline
(bench/pipeline.py), their responsible units spread over 500 departments, each with a year's
targets imported from a 任务分解表 of 500 rows. Targets: under 300 ms as of today, under 1 s
as of a past month end (from history). The anchor, measured in the same run: the office's
figures for the year as of today without 同比 (store.figures.compute), the plain pass over
the same projects.

Run: .venv/bin/python bench/assess_speed.py [PROJECTS]
"""

from __future__ import annotations

import csv
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.ledger import build_database
from bench.pipeline import spread_over_the_pipeline
from store.domain.scheme import DEFAULT_SCHEME, parse_scheme
from store.domain.targets import parse_target_period
from store.figures import compute, parse_period
from store.io.targets_sheet import read_targets_sheet
from store.service import Store

UNITS = 500
RUNS = 5


def spread_over_units(db: str) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute(f"UPDATE project SET responsible_unit = '县直部门' || (id % {UNITS})")


def targets_sheet(folder: str) -> Path:
    path = Path(folder) / "任务分解表.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(
            [
                "责任单位",
                "签约项目（个）",
                "签约额（亿元）",
                "到位资金（亿元）",
                "新开工项目（个）",
                "亿元以上项目（个）",
            ]
        )
        for unit in range(UNITS):
            writer.writerow([f"县直部门{unit}", 60, 500, 200, 20, 15])
    return path


def median_ms(run: Callable[[], object]) -> float:
    run()  # warm: statements prepared, pages cached
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        db = build_database(folder, projects)
        spread_over_the_pipeline(db)
        spread_over_units(db)
        store = Store.open(db, today=date(2024, 6, 30))
        store.import_targets(read_targets_sheet(targets_sheet(folder)), 2024)
        scheme = parse_scheme(DEFAULT_SCHEME)
        year = parse_target_period("2024")
        anchor = median_ms(lambda: compute(store, parse_period("2024"), with_prior=False))
        print(f"projects {projects}, {UNITS} units, 5 figures a unit, the default scheme")
        print(f"anchor: figures 2024 as of today, no 同比: {anchor:6.1f} ms")
        cases: dict[str, tuple[date | None, str, float]] = {
            "assess 2024 by unit as of today": (None, "unit", 300),
            "assess 2024 by unit as of 2024-05-31 (history)": (date(2024, 5, 31), "unit", 1000),
        }
        for label, (as_of, kind, target) in cases.items():
            took = median_ms(partial(store.assess, year, as_of, kind, scheme))
            print(
                f"{label:48s}: {took:6.1f} ms, {took / anchor:4.2f}x the anchor (target < {target:.0f} ms)"
            )
        store.close()


if __name__ == "__main__":
    main()
