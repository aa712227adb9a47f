"""A steward replaced in the app: retiring one who still answers for active projects asks who
takes them over, moves each (logged), then retires them; withdrawn ones keep their record."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import settle
from tui.app import InvestTrackApp
from tui.steward_picker import StewardPicker

pytestmark = pytest.mark.sqlite_only


async def test_retiring_a_steward_hands_their_projects_to_a_successor(store: Store) -> None:
    for name, steward in (
        ("南都储能项目", "赵丽"),
        ("巨化新材料项目", "赵丽"),
        ("光热项目", "王建国"),
    ):
        store.add_project(
            {"name": name, "signed_on": date(2024, 1, 5)}, steward=steward, create_steward=True
        )
    store.withdraw("巨化新材料项目", "企业投资计划调整")  # a record: stays with 赵丽
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await settle(pilot)
        stewards = app.screen.query_one("#stewards", DataTable)
        stewards.focus()
        stewards.move_cursor(row=1)  # 王建国, 赵丽 in pinyin order
        await settle(pilot)
        assert app.screen.chosen == "赵丽"  # type: ignore[attr-defined]
        await pilot.press("t")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, StewardPicker)
        assert "1" in picker.picker_title and "赵丽" in picker.picker_title
        picker.query_one("#steward-search", Input).value = "wjg"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # asked once more: 赵丽's 1 project to 王建国, 赵丽 retired
        await settle(pilot)
        assert not isinstance(app.screen, StewardPicker)
        assert store.project_row("南都储能项目").steward == "王建国"
        assert store.project_row("巨化新材料项目").steward == "赵丽"
        assert store.steward_names() == ["王建国"]  # 赵丽 retired: offered for nothing
        moved = [h for h in store.history("南都储能项目") if h.field == "steward"][-1]
        assert (moved.old_value, moved.new_value) == ("赵丽", "王建国")
