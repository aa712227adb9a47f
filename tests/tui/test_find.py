"""Finding a project from anywhere: `/` on every screen opens the ledger's search, and the
palette finds projects by name, code, pinyin and initials; the ledger sorts by pinyin in
Chinese mode."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import SIZE, settle
from tui.app import InvestTrackApp
from tui.screens.ledger import LedgerScreen
from tui.screens.project import ProjectScreen
from tui.table import FastTable

pytestmark = pytest.mark.sqlite_only

PROJECTS = {  # name: code
    "南郊风电项目": "2401-620902-04-01-000017",
    "酒泉南都电源储能项目": "2401-620902-04-01-123456",
    "阿克塞光伏项目": "2401-620924-04-01-000003",
    "中核光热项目": "2401-620982-04-01-000009",
}


def add_projects(store: Store) -> dict[str, int]:
    ids = {}
    for name, code in PROJECTS.items():
        values = {"name": name, "code": code, "county": "肃州区", "signed_on": date(2024, 1, 5)}
        ids[name] = store.add_project(values).id or 0
    return ids


def shown_hits(pilot) -> list[str]:  # type: ignore[no-untyped-def]
    found = pilot.app.screen.query_one(OptionList)
    return [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]


async def palette_hits(pilot, typed: str, wanted: str) -> list[str]:  # type: ignore[no-untyped-def]
    """The palette's rows for what was typed, once the one wanted is among them (the search
    runs in a thread; the rows of a word typed so far stay until the whole word's come)."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*typed)
    hits: list[str] = []
    for _ in range(300):
        await pilot.pause(0.05)
        hits = shown_hits(pilot)
        if any(wanted in hit for hit in hits):
            await settle(pilot)  # the palette's search of the whole word has ended
            return shown_hits(pilot)
    raise AssertionError(f"{wanted} not in the palette: {hits}")


@pytest.mark.parametrize("typed", ["njfd", "nanjiao", "南郊", "000017"])
async def test_the_palette_finds_a_project_and_opens_it(store: Store, typed: str) -> None:
    ids = add_projects(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await palette_hits(pilot, typed, "南郊风电项目")
        assert not any("南都" in hit for hit in hits), hits  # "nd" is in its initials, not "njfd"
        chosen = pilot.app.screen.query_one(OptionList)
        chosen.highlighted = next(i for i, hit in enumerate(hits) if "南郊风电项目" in hit)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert app.screen.project_id == ids["南郊风电项目"]


async def test_the_palette_keeps_every_action_beside_the_projects(store: Store) -> None:
    add_projects(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        hits = await palette_hits(pilot, "search", "Search (/)")
        assert hits[0].startswith("Search (/)"), hits
        await pilot.press("enter")  # the search action itself, from the palette
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert app.focused is app.screen.query_one("#search", Input)


@pytest.mark.parametrize("screen_key", ["b", "l", "s", "d", "f", "project"])
async def test_slash_searches_from_every_screen(store: Store, screen_key: str) -> None:
    ids = add_projects(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        if screen_key == "project":
            app.push_screen(ProjectScreen(ids["中核光热项目"]))
        else:
            await pilot.press(screen_key)
        await settle(pilot)
        slash = app.screen.active_bindings["slash"]
        assert slash.binding.show and slash.enabled  # in the footer of every screen
        await pilot.press("slash")
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen)
        search = app.screen.query_one("#search", Input)
        assert app.focused is search
        await pilot.press(*"njfd")
        await settle(pilot)
        table = app.screen.query_one(FastTable)
        assert [table.cell_text(i, 1) for i in range(table.row_count)] == ["南郊风电项目"]
        await pilot.press(
            "enter", "b", "slash"
        )  # again: what was typed is chosen, typing replaces it
        await settle(pilot)
        assert app.focused is search
        await pilot.press(*"aks")
        await settle(pilot)
        assert [table.cell_text(i, 1) for i in range(table.row_count)] == ["阿克塞光伏项目"]


async def test_the_ledger_sorts_names_by_pinyin_in_chinese_and_by_text_in_english(
    store: Store,
) -> None:
    add_projects(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        ledger.sort = "name"
        ledger.reload()
        await settle(pilot)
        table = ledger.query_one(FastTable)
        names = [table.cell_text(i, 1) for i in range(table.row_count)]
        assert names == ["阿克塞光伏项目", "酒泉南都电源储能项目", "南郊风电项目", "中核光热项目"]
        await pilot.press("g")
        await settle(pilot)
        names = [table.cell_text(i, 1) for i in range(table.row_count)]
        assert names == sorted(PROJECTS)  # by the text: 中 < 南 < 酒 < 阿
