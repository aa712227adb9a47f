"""The assessment of responsible units (责任单位), driven with Pilot: a unit's row opens the
ledger on that unit's projects, the pager says the filter, and escape lifts it."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable

from store.labels import Lang
from store.service import ProjectFilter, Store
from tests.tui.test_app import settle
from tui.app import InvestTrackApp
from tui.screens.assessment import AssessmentScreen
from tui.screens.ledger import LedgerScreen, StatusLine

pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)
YI = 10**8
UNITS = {"市发改委": (8, 4), "市工信局": (6,), "市商务局": (3,)}


def office(store: Store) -> None:
    """Three responsible units against 10亿 of signed amount each, in one county."""
    for unit, amounts in UNITS.items():
        for number, amount in enumerate(amounts):
            store.add_project(
                {
                    "name": f"{unit}牵头项目{number}",
                    "county": "肃州区",
                    "responsible_unit": unit,
                    "signed_on": date(2024, 2, 1),
                    "signed_amount_yuan": amount * YI,
                }
            )
        store.set_target(2024, "unit", unit, "signed_amount_yuan", 10 * YI)


def test_the_filter_keeps_a_units_projects(store: Store) -> None:
    office(store)
    found = store.list_projects(ProjectFilter(responsible_unit="市发改委"))
    assert sorted(row.name for row in found) == ["市发改委牵头项目0", "市发改委牵头项目1"]
    assert store.count_projects(ProjectFilter(responsible_unit="市财政局")) == 0
    assert ProjectFilter(responsible_unit="市发改委").describe() == "responsible_unit=市发改委"


async def test_a_responsible_unit_opens_the_ledger_on_its_projects(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("k", "v", "v")  # counties, stewards, then responsible units
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AssessmentScreen) and screen.kind == "unit"
        table = screen.query_one("#assessment-ranking", DataTable)
        ranked = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert ranked == ["市发改委", "市工信局", "市商务局"]
        offered = {a.binding.action: a.enabled for a in screen.active_bindings.values()}
        assert offered["unit_ledger"] is True

        await pilot.press("down", "enter")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert ledger.filters == ProjectFilter(responsible_unit="市工信局")
        assert [row.name for row in ledger.rows] == ["市工信局牵头项目0"]
        assert "责任单位：市工信局" in ledger.query_one("#pager", StatusLine).text

        await pilot.press("escape")  # no choice shows this filter: escape lifts it all the same
        await settle(pilot)
        assert ledger.filters == ProjectFilter()
        assert len(ledger.rows) == 4
        assert "责任单位" not in ledger.query_one("#pager", StatusLine).text
