"""The app against a bare Textual app, measured in the same run on databases of 1,000 and
100,000 projects: first paint, board filled, a search keystroke (the bare side: Textual's
own Input and DataTable filtering rows held in memory), and peak memory.

Run: .venv/bin/python bench/app_speed.py [PROJECTS]   (builds its databases with `import`)
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.ledger import build_database, run_json  # noqa: E402

PROBE = r"""
import asyncio, json, os, resource, sys, time
started = time.perf_counter()
mode, db = sys.argv[1], sys.argv[2]
if mode == "bare-search":
    os.environ["TEXTUAL_FPS"] = "120"  # the frame rate the app sets for itself (tui/__init__.py)
marks = {}


def watch_keystrokes():  # marks when Input takes a key, and the first paint after "shown"
    from textual.screen import Screen
    from textual.widgets import Input

    original_key = Input._on_key

    async def on_key(self, event):
        marks.setdefault("key", time.perf_counter())
        await original_key(self, event)

    original_refresh = Screen._compositor_refresh

    def compositor_refresh(self):
        original_refresh(self)
        if "shown" in marks:
            marks.setdefault("drawn", time.perf_counter())

    Input._on_key = on_key
    Screen._compositor_refresh = compositor_refresh


async def type_search(pilot):
    await pilot.press("slash")
    await pilot.pause()
    keystrokes = []
    for key in "jqnd":
        marks.clear()
        await pilot.press(key)
        while "drawn" not in marks:
            await asyncio.sleep(0.001)
        keystrokes.append(marks["drawn"] - marks["key"])
        await pilot.app.workers.wait_for_complete()  # a broad term's count, after its page
        await pilot.pause()
    return keystrokes


async def main():
    if mode == "bare":
        from textual.app import App
        from textual.widgets import Footer, Header, Static

        class Bare(App):
            def compose(self):
                yield Header(); yield Static("hello"); yield Footer()

        app = Bare()
        async with app.run_test(size=(160, 48)) as pilot:
            return {"paint": time.perf_counter() - started}
    if mode == "bare-search":  # Textual's own Input and DataTable over rows held in memory
        from textual.app import App
        from textual.widgets import DataTable, Input

        rows = [
            (f"2401-620902-04-01-{n:06d}", f"project {n} " + "jqnd" * (n % 7 == 0), "肃州区",
             "储能", "签约", "王建国", f"{n / 7:.2f}", "0.00", "2024-07-10", "10", "8", "蓝")
            for n in range(1000)
        ]

        class BareSearch(App):
            BINDINGS = [("slash", "search")]

            def compose(self):
                yield Input()
                yield DataTable()

            def on_mount(self):
                self.query_one(DataTable).add_columns(*[f"column {n}" for n in range(12)])
                self.fill("")

            def action_search(self):
                self.query_one(Input).focus()

            def fill(self, term):
                table = self.query_one(DataTable)
                table.clear()
                table.add_rows([row for row in rows if term in row[1]][:100])

            def on_input_changed(self, event):
                self.fill(event.value)
                marks["shown"] = time.perf_counter()

        watch_keystrokes()
        app = BareSearch()
        async with app.run_test(size=(160, 48)) as pilot:
            return {"keystrokes": await type_search(pilot)}
    from datetime import date
    from tui.app import InvestTrackApp

    def open_store():
        from store.service import Store
        return Store.open(db, today=date(2024, 6, 30))

    app = InvestTrackApp(store=open_store)  # as the command line opens it
    async with app.run_test(size=(160, 48)) as pilot:
        painted = time.perf_counter() - started  # the first screen is composed and drawn
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        loaded = time.perf_counter() - started
        await pilot.press("l")
        await app.workers.wait_for_complete()
        await pilot.pause()
        from tui.screens.ledger import LedgerScreen
        from tui.table import FastTable

        original_show = LedgerScreen.show

        def show(self, data):  # the table is filled; the next paint draws it
            original_show(self, data)
            marks["shown"] = time.perf_counter()

        LedgerScreen.show = show
        watch_keystrokes()
        keystrokes = await type_search(pilot)
        rows = app.screen.query_one(FastTable).row_count
    return {"paint": painted, "open": loaded, "keystrokes": keystrokes, "rows": rows}

result = asyncio.run(main())
result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(result))
"""


def main() -> None:
    large = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        databases = {size: build_database(folder, size, f"app{size}") for size in (1_000, large)}
        bare = statistics.median(run_json(PROBE, "bare", "")["paint"] for _ in range(3))
        print(f"bare Textual app, first paint               : {bare * 1000:6.0f} ms")
        keys = [k for _ in range(3) for k in run_json(PROBE, "bare-search", "")["keystrokes"]]
        print(
            f"bare Textual app, keystroke                 : median {statistics.median(keys) * 1000:5.1f} ms, "
            f"max {max(keys) * 1000:5.1f} ms (Input and DataTable over 1,000 rows in memory)"
        )
        for size, db in databases.items():
            runs = [run_json(PROBE, "app", db) for _ in range(3)]
            paint = statistics.median(r["paint"] for r in runs)
            opened = statistics.median(r["open"] for r in runs)
            keys = [k for r in runs for k in r["keystrokes"]]  # type: ignore[attr-defined]
            peak = statistics.median(r["peak_mb"] for r in runs)
            print(
                f"investtrack {size:>7} projects, first paint  : {paint * 1000:6.0f} ms (+{(paint - bare) * 1000:.0f} ms)"
            )
            print(f"investtrack {size:>7} projects, board filled : {opened * 1000:6.0f} ms")
            print(
                f"investtrack {size:>7} projects, keystroke    : median {statistics.median(keys) * 1000:5.1f} ms, "
                f"max {max(keys) * 1000:5.1f} ms (key pressed to table redrawn)"
            )
            print(f"investtrack {size:>7} projects, peak RSS     : {peak:6.0f} MB")


if __name__ == "__main__":
    main()
