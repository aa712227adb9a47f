"""Export 100,000 projects against xlsxwriter in constant_memory mode writing the same cells
with no formatting, each in its own process (time and peak memory), in one run.

Run: .venv/bin/python bench/export_speed.py [PROJECTS]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.ledger import build_database, run_json  # noqa: E402

OURS = r"""
import json, resource, sys, time
from datetime import date
from store.service import Store
from store.exporter import export
store = Store.open(sys.argv[1], today=date(2024, 6, 30))
started = time.perf_counter()
export(store, sys.argv[2])
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

PLAIN = r"""
import json, pickle, resource, sys, time
import xlsxwriter
with open(sys.argv[1], "rb") as stream:
    sheets = pickle.load(stream)
started = time.perf_counter()
book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
for name, rows in sheets:
    sheet = book.add_worksheet(name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None and value != "":
                sheet.write(r, c, value)
book.close()
print(json.dumps({"seconds": time.perf_counter() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def main() -> None:
    import pickle

    from python_calamine import CalamineWorkbook

    projects = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        db = build_database(folder, projects)
        ours = [run_json(OURS, db, f"{folder}/ours{i}.xlsx") for i in range(3)]
        book = CalamineWorkbook.from_path(f"{folder}/ours0.xlsx")  # the very cells we wrote
        cells = [(name, book.get_sheet_by_name(name).to_python()) for name in book.sheet_names]
        with open(f"{folder}/cells.pickle", "wb") as stream:
            pickle.dump(cells, stream)
        count = sum(len(rows) * max((len(r) for r in rows), default=0) for _, rows in cells)
        plain = [
            run_json(PLAIN, f"{folder}/cells.pickle", f"{folder}/plain{i}.xlsx") for i in range(3)
        ]
    ours_s = statistics.median(r["seconds"] for r in ours)
    plain_s = statistics.median(r["seconds"] for r in plain)
    print(f"projects {projects}, sheets {len(cells)}, cells about {count:,}; median of 3")
    print(
        f"xlsxwriter constant_memory, same cells, no formats: {plain_s:6.2f} s, peak "
        f"{statistics.median(r['peak_mb'] for r in plain):.0f} MB (holds the cells read back)"
    )
    print(
        f"investtrack export (formats, fills, chart, widths): {ours_s:6.2f} s, peak "
        f"{statistics.median(r['peak_mb'] for r in ours):.0f} MB"
    )
    print(
        f"ratio investtrack / xlsxwriter                    : {ours_s / plain_s:.2f}  (target <= 1.30)"
    )


if __name__ == "__main__":
    main()
