"""The assessment screen (`k`), driven with Pilot: the units ranked with bars and their lists,
one language at a time; enter opens the ledger on the unit's projects; a kind the ledger
cannot filter to greys the key; no targets says how to import them."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Static

from store.labels import Lang
from store.service import ProjectFilter, Store
from tests.tui.test_app import settle
from tui.app import InvestTrackApp
from tui.screens.assessment import AssessmentScreen
from tui.screens.ledger import LedgerScreen

pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)
YI = 10**8


def office(store: Store) -> None:
    """Three counties against 10亿 of signed amount each: 12亿, 6亿 and 3亿 by June."""
    for county, amounts in (("秦州区", (8, 4)), ("麦积区", (6,)), ("甘谷县", (3,))):
        for number, amount in enumerate(amounts):
            store.add_project(
                {
                    "name": f"{county}招商项目{number}",
                    "county": county,
                    "responsible_unit": f"{county}招商局",
                    "signed_on": date(2024, 2, 1),
                    "signed_amount_yuan": amount * YI,
                },
                steward="王建国",
                create_steward=True,
            )
        store.set_target(2024, "county", county, "signed_amount_yuan", 10 * YI)


def text_of(screen: AssessmentScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_the_ranking_with_bars_opens_the_ledger_on_a_unit(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        assert "2024 截至 2024-06-30 · 县市区 · 序时进度 50.00%" in text_of(
            screen, "#assessment-title"
        )
        table = screen.query_one("#assessment-ranking", DataTable)
        assert screen.focused is table
        rows = [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        assert [row[:2] for row in rows] == [["1", "秦州区"], ["2", "麦积区"], ["3", "甘谷县"]]
        assert rows[0][4] == "120.0% +70.0"  # 12 of 10: against half the year
        assert rows[2][4] == "30.0% -20.0"
        assert rows[0][3].count("█") == 24  # the best score fills its bar
        assert 0 < rows[1][3].count("█") < 24
        assert rows[0][-1] == "红榜"
        lists = text_of(screen, "#assessment-lists")
        assert "红榜：秦州区" in lists and "黑榜：甘谷县" in lists
        assert [str(c.label) for c in table.columns.values()][:3] == ["排名", "考核对象", "得分"]

        await pilot.press("down", "enter")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert ledger.filters == ProjectFilter(county="麦积区")
        assert {row.county for row in ledger.rows} == {"麦积区"}

        await pilot.press("f", "k")  # in the ledger's table k moves the cursor up, as j/k do
        await settle(pilot)
        assert app.screen is screen and table.cursor_row == 1


async def test_kinds_language_and_no_targets(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen)
        assert "Red list: 秦州区" in text_of(screen, "#assessment-lists")
        await pilot.press("v")  # stewards: none has a target
        await settle(pilot)
        assert screen.kind == "steward"
        assert text_of(screen, "#assessment-lists") == (
            "No Steward targets for 2024: investtrack target import SHEET.xlsx"
        )
        assert screen.query_one("#assessment-ranking", DataTable).row_count == 0
        await pilot.press("v")  # responsible units: the ledger has no filter for them
        await settle(pilot)
        assert screen.kind == "unit"
        offered = {a.binding.action: a.enabled for a in screen.active_bindings.values()}
        assert offered["unit_ledger"] is False
        await pilot.press("g")
        await settle(pilot)
        assert "尚无责任单位的目标任务" in text_of(screen, "#assessment-lists")
        await pilot.press("p")  # the quarter to date
        await settle(pilot)
        assert "2024Q2 截至 2024-06-30" in text_of(screen, "#assessment-title")
