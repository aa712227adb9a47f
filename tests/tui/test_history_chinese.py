"""The app's history tab in Chinese: every part of every line a Chinese word, no field key
(procedure:环评:done_on, in_hand) on screen; in English, English words."""

from __future__ import annotations

import re
from datetime import date

from textual.widgets import DataTable, TabbedContent

from store.labels import Lang
from store.service import Store
from tests.conftest import add_nandu
from tests.tui.test_app import SIZE, settle
from tui.app import InvestTrackApp
from tui.screens.project import ProjectScreen

ASCII_KEY = re.compile(
    r"[a-z]+_[a-z_]+|_yuan|:done_on|\bin_hand\b|\b(?:procedure|problem):|\bopen\b|\bTrue\b"
)


def recorded(store: Store) -> int:
    """A project with a stage move, a procedure done, made optional, a problem moved on and
    corrected, and a month's funds: each kind of history line."""
    pid = add_nandu(store)
    store.advance(pid, date(2024, 2, 1))
    environmental = next(p for p in store.procedures(pid) if p.name == "环评")
    store.set_procedure(environmental.id or 0, done_on=date(2024, 3, 1), required=False)
    problem = store.raise_problem(pid, "用地指标未落实", raised_on=date(2024, 3, 10))
    store.set_problem_status(problem.id or 0, "in_hand")
    store.update_problem(problem.id or 0, {"owner": "肃州区自然资源局"})
    store.set_month(pid, date(2024, 3, 1), 5 * 10**7)
    return pid


async def history_cells(store: Store, pid: int, lang: Lang) -> list[str]:
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        app.screen.query_one(TabbedContent).active = "history"
        await settle(pilot)
        table = app.screen.query_one("#history-table", DataTable)
        assert table.row_count == len(store.history(pid))
        return [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]


async def test_the_history_tab_reads_in_chinese(store: Store) -> None:
    pid = recorded(store)
    cells = await history_cells(store, pid, Lang.ZH)
    assert not [cell for cell in cells if ASCII_KEY.search(cell)]
    shown = " ".join(cells)
    for words in ("手续「环评」完成日期", "手续「环评」是否必办", "问题#", "办理中", "责任单位"):
        assert words in shown, words


async def test_the_history_tab_reads_in_english(store: Store) -> None:
    pid = recorded(store)
    shown = " ".join(await history_cells(store, pid, Lang.EN))
    for words in ("procedure 环评: done", "in hand", "owner", "Funds this month"):
        assert words in shown, words
