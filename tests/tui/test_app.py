"""The app driven headless with Pilot against a real database file; assertions on both."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
from datetime import date
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widgets import DataTable, Input, OptionList, Static, TabbedContent
from textual.worker import WorkerCancelled

from store.figures import change_text, compute, parse_period
from store.labels import Lang
from store.service import ProjectFilter, Store
from store.stages import STAGES, Stage
from tests.conftest import TODAY, add_nandu
from tui.app import InvestTrackApp
from tui.screens.ledger import LedgerScreen, StatusLine
from tui.screens.project import ProjectScreen
from tui.table import FastTable
from tui.widgets.choice import ChoiceField

# The app's own behaviour does not depend on the database; the store's tests cover both.
pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)
add = add_nandu  # the Nandu factory (tests.conftest), under the name other tests import it by


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker has run for two message cycles: writes start reloads when they end."""
    quiet = 0
    while quiet < 2:
        await pilot.pause()
        running = [worker for worker in pilot.app.workers if worker.is_running]
        if running:
            quiet = 0
            for worker in running:
                # a newer load of the same exclusive group cancels an older one
                with contextlib.suppress(WorkerCancelled):
                    await worker.wait()
        else:
            quiet += 1


async def until(condition, seconds: float = 60) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "waited too long"
        await asyncio.sleep(0.02)


async def press_beside(pilot, key: str, condition) -> None:  # type: ignore[no-untyped-def]
    """Press key and return once condition holds. Pilot's press returns only when the screen
    is idle, which it is not while an import or export runs: the key goes in beside the test,
    so the test sees the work under way."""
    pressed = asyncio.create_task(pilot.press(key))
    await until(lambda: condition() or pressed.done())


async def fill_form(pilot, values: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    """Type each value into its field (a typed line or a list's choice), then ctrl+s."""
    for key, value in values.items():
        field = pilot.app.screen.query_one(f"#field-{key}")
        assert isinstance(field, Input | ChoiceField), field
        field.value = value
    await pilot.press("ctrl+s")
    await settle(pilot)


async def test_board_counts_and_walk_a_project_to_producing(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        head = app.screen.query_one("#head-signed", Static)
        assert str(head.render()).splitlines() == ["签约 1", "30.00 亿元"]
        app.screen.query_one("#cards-signed", OptionList).focus()
        for on, stage in (
            ("2024-02-01", "procedures"),
            ("2024-03-01", "started"),
            ("2024-06-01", "producing"),
        ):
            await pilot.press("a")
            await pilot.pause()
            await fill_form(pilot, {"on": on, "note": "推进"})
            view = app.screen.query_one(f"#cards-{stage}", OptionList)
            while not view.option_count:  # the board reloads once the write is done
                await settle(pilot)
            view.focus()
        assert store.project(pid).stage == "producing", [n.message for n in app._notifications]
        assert store.project(pid).producing_on == date(2024, 6, 1)
        moves = [h.new_value for h in store.history(pid) if h.field == "stage"]
        assert moves == ["signed", "procedures", "started", "producing"]


async def test_board_cards_keep_to_three_lines_and_count_the_rest(demo_store: Store) -> None:
    app = InvestTrackApp(store=demo_store, lang=Lang.ZH)
    async with app.run_test(size=(100, 40)) as pilot:  # narrow: long names must be cut
        await settle(pilot)
        for stage in STAGES:  # the heading's amount whole, on a line of its own
            head = app.screen.query_one(f"#head-{stage.value}", Static)
            assert head.render_line(1).text.strip().endswith("亿元")
        started = app.screen.query_one("#cards-started", OptionList)
        assert demo_store.count_projects(ProjectFilter(stage=Stage.STARTED)) == 89
        assert started.option_count == 50
        # three lines a card, each its bar first, and a rule between: no name wraps
        lines = [started.render_line(y).text for y in range(started.size.height)]
        assert [line[0] for line in lines] == ((["▌"] * 3 + ["─"]) * 50)[: len(lines)]
        assert any(line.rstrip().endswith("…") for line in lines)  # a long name cut short
        rest = app.screen.query_one("#more-started", Static)
        assert rest.display and str(rest.render()) == "另有 39 个 · L 台账"
        assert not app.screen.query_one("#more-signed", Static).display


async def test_back_needs_a_reason_and_is_kept(store: Store) -> None:
    pid = add_nandu(store)
    store.advance(pid, date(2024, 2, 1))
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-procedures", OptionList).focus()
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("ctrl+s")  # empty reason: refused in the form
        await pilot.pause()
        assert "required" in str(app.screen.query_one("#form-error", Static).render())
        await fill_form(pilot, {"reason": "录入错误"})
        assert store.project(pid).stage == "signed"
        assert store.history(pid)[-1].note == "录入错误"


async def test_ledger_search_by_pinyin_initials_and_filter(demo_store: Store) -> None:
    gc.unfreeze()
    app = InvestTrackApp(store=demo_store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert gc.get_freeze_count() > 0  # the first screen's objects: out of the collector's walk
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        table = app.screen.query_one(FastTable)
        assert table.row_count == 100  # one page of the 198 active projects
        await pilot.press("slash", *"jqnd")
        await settle(pilot)
        assert table.row_count == 1
        assert "南都" in table.cell_text(0, 1)
        assert app.screen.query_one("#pager", StatusLine).text.startswith("1-1 / 1")
        await pilot.press(*["backspace"] * 3)  # "j": too many to count before the page shows
        await settle(pilot)
        assert table.row_count == 100
        assert app.screen.query_one("#pager", StatusLine).text.startswith("1-100 / 142")
        await pilot.press("escape")
        await settle(pilot)
        app.screen.filters = ProjectFilter(stage=None)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert app.screen.query_one("#pager", StatusLine).text.startswith("101-198 / 198")


async def test_ledger_sorts_by_the_cursor_column(demo_store: Store) -> None:
    app = InvestTrackApp(store=demo_store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one(FastTable)
        table.focus()
        await pilot.press(*["right"] * 6)  # to the signed amount column
        await pilot.press("o", "o")  # ascending, then descending
        await settle(pilot)
        amounts = [float(table.cell_text(i, 6).replace(",", "")) for i in range(table.row_count)]
        assert amounts == sorted(amounts, reverse=True)


async def test_project_form_validates_and_saves(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        screen = app.screen
        labels = [str(label.render()) for label in screen.query("#project-form Label")]
        assert "签约额（亿元）" in labels and "项目名称 *" in labels  # amounts name their unit
        screen.query_one("#edit-signed_amount_yuan", Input).value = "-5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "金额为负数" in str(screen.query_one("#note-signed_amount_yuan", Static).render())
        screen.query_one("#edit-signed_amount_yuan", Input).value = "31.5"
        screen.query_one("#edit-procedures_due", Input).value = "2023-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.project(pid).signed_amount_yuan == 30 * 10**8  # refused: dates out of order
        screen.query_one("#edit-procedures_due", Input).value = "2024-08-01"
        screen.query_one("#edit-progress_note", Input).value = "环评已受理"
        await pilot.press("ctrl+s")
        await settle(pilot)
        project = store.project(pid)
        assert project.signed_amount_yuan == 3_150_000_000
        screen.query_one("#edit-signed_amount_yuan", Input).value = "3000万"  # or in 万元
        await pilot.press("ctrl+s")
        await settle(pilot)
        project = store.project(pid)
        assert project.signed_amount_yuan == 30_000_000
        assert project.progress_note == "环评已受理"
        assert project.procedures_due == date(2024, 8, 1)


async def test_project_tabs_tick_procedure_add_funds_raise_and_resolve(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        tabs = app.screen.query_one(TabbedContent)
        tabs.active = "procedures"
        await settle(pilot)
        await pilot.press("t")
        await pilot.pause()
        await fill_form(pilot, {"on": "2024-02-02"})
        assert store.procedures(pid)[0].done_on == date(2024, 2, 2)
        tabs.active = "funds"
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"month": "2024-03", "funds": "3000万", "completed": "0.2"})
        assert store.project(pid).funds_in_place_yuan == 30_000_000
        tabs.active = "problems"
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"text": "用电接入未完成", "category": "用电"})
        await pilot.press("t")
        await pilot.pause()
        await fill_form(pilot, {"status": "resolved"})
        problem = store.problems(pid)[0]
        assert problem.status == "resolved" and problem.resolved_on == TODAY
        tabs.active = "history"
        await settle(pilot)
        history = app.screen.query_one("#history-table", DataTable)
        assert history.row_count == len(store.history(pid))


async def test_stewards_screen_and_reassign(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        stewards = app.screen.query_one("#stewards", DataTable)
        assert stewards.row_count == 1 and "王建国" in str(stewards.get_row_at(0)[0])
        headings = [str(column.label) for column in stewards.ordered_columns]
        assert headings[5:] == ["项目数", "超期", "红", "黄", "蓝"]  # whole, in one language
        for column in stewards.ordered_columns:  # no heading cut short
            width = column.content_width if column.auto_width else column.width
            assert width >= cell_len(str(column.label)), column.label
        numbers = stewards.get_row_at(0)[5:]  # counts, and a countdown below, on the right
        days_left = app.screen.query_one("#steward-projects", DataTable).get_row_at(0)[4]
        assert all(cell.justify == "right" for cell in [*numbers, days_left])
        app.screen.query_one("#steward-projects", DataTable).focus()
        await pilot.press("r")
        await settle(pilot)
        app.screen.query_one("#steward-search", Input).value = "李志强"
        await pilot.pause()
        await pilot.press("down", "enter")  # a name nobody has: creating it moved to, then asked
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.project_row(pid).steward == "李志强"
        assert app.screen.query_one("#stewards", DataTable).row_count == 2


async def test_deadlines_dashboard_and_language_switch(demo_store: Store) -> None:
    app = InvestTrackApp(store=demo_store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot)
        due = app.screen.query_one(DataTable)
        away = [abs(int(str(due.get_row_at(i)[1]))) for i in range(due.row_count)]
        assert away and away == sorted(away)  # the nearest first, passed or to come
        # widths measured when filled, not left to DataTable's measuring when idle (a frame
        # drawn before it cut the dates to the heading's width)
        assert not any(column.auto_width for column in due.ordered_columns)
        assert due.ordered_columns[0].width == len("2024-06-30")
        total = demo_store.due_items(30).total
        assert due.row_count == 500 < total  # the nearest, and the title says of how many
        title = str(app.screen.query_one("#deadlines-title", Static).render())
        assert f"第1-500项/共{total:,}项" in title
        await pilot.press("f")
        await settle(pilot)
        shown = app.export_screenshot().replace("&#160;", " ")
        assert "开工率" in shown and "资金到位率" in shown and "投资完成率" in shown
        compared = compute(demo_store, by="county").year_on_year()  # 同比 beside each rate
        start_change = change_text(compared["start_rate"]["change"], rate=True, lang=Lang.ZH)
        assert "上年同期" in shown and start_change in shown
        await pilot.press("p", "v")  # this quarter to date, by chain
        await settle(pilot)
        assert not app.screen.query_one("#dashboard", Static).loading  # the figures came
        shown = app.export_screenshot().replace("&#160;", " ")
        quarter = compute(demo_store, parse_period("2024Q2"), by="chain")
        assert "比率 2024-04-01..2024-06-30" in shown and "产业链" in shown
        assert (
            f"{quarter.total.start_rate.numerator} / {quarter.total.start_rate.denominator}"
            in shown
        )
        biggest = max(quarter.groups, key=lambda g: g.projects)
        assert biggest.group in shown
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one(FastTable).columns[0].label == "项目代码"
        await pilot.press("g")
        await settle(pilot)
        columns = app.screen.query_one(FastTable).columns
        assert columns[0].label == "Code"
        # English headings are longer: each column widens to its heading, none is cut
        assert all(cell_len(c.label) <= c.width for c in columns)
        assert "Working days left" in [c.label for c in columns]


async def test_export_key_writes_a_workbook(demo_store: Store, tmp_path: Path) -> None:
    target = tmp_path / "台账.xlsx"
    app = InvestTrackApp(store=demo_store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await fill_form(pilot, {"path": str(target)})
    from openpyxl import load_workbook

    book = load_workbook(target, read_only=True)
    assert book.sheetnames[0] == "项目台账"


async def test_changes_made_elsewhere_appear_and_never_overwrite_an_edit(
    store: Store, db: str
) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    app.watch_seconds = 0.1
    other = Store.open(db, today=TODAY, user="李科员")  # another officer's app, same file
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one(FastTable).row_count == 1
        other.add_project({"name": "别处新增的项目", "signed_on": date(2024, 3, 1)})
        for _ in range(50):  # the ledger follows without a key press
            await pilot.pause(0.1)
            await settle(pilot)
            if app.screen.query_one(FastTable).row_count == 2:
                break
        assert app.screen.query_one(FastTable).row_count == 2

        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        screen = app.screen
        screen.query_one("#edit-progress_note", Input).value = "我的进展"  # typing, unsaved
        other.update_project(pid, {"progress_note": "他的进展"})
        await pilot.pause(0.5)
        await settle(pilot)
        assert screen.query_one("#edit-progress_note", Input).value == "我的进展"  # kept
        theirs = screen.query_one("#note-progress_note", Static)
        assert theirs.display and "他的进展" in str(theirs.render())  # met before saving
        await pilot.press("ctrl+s")  # saved, knowingly, over the other officer's value
        await settle(pilot)
        assert store.project(pid).progress_note == "我的进展"
    other.close()
