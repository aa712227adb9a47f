"""Enter in the import screen's file field takes the sheet the field offers for what was typed,
as the greyed completion shows it; a folder offered is entered, for typing on inside it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from store.labels import Lang
from store.service import Store
from tests.tui.test_import_screen import settle, status, write_office_workbook
from tui.app import InvestTrackApp
from tui.screens.import_ import ImportScreen


async def test_enter_takes_the_offered_sheet(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "月报").mkdir()
    write_office_workbook(tmp_path / "月报" / "台账.xlsx")
    monkeypatch.chdir(tmp_path)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, ImportScreen)
        field = app.screen.query_one("#import-path", Input)
        await pilot.press(*"月")
        await pilot.press("enter")  # the folder: typing goes on inside it
        await settle(pilot)
        assert field.value == "月报/" and "将新增" not in status(app)
        await pilot.press(*"台")
        await pilot.press("enter")
        await settle(pilot)
        assert field.value == "月报/台账.xlsx"
        assert "将新增 2" in status(app), status(app)
