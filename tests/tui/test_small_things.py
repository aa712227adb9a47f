"""What an officer reads at 80x24: the stages a move goes from and to, procedures counted
from 1, an amount nobody gave left blank rather than 0, a steward's whole name on a board
card, a project's title on one line, and every key in the help panel said whole."""

from __future__ import annotations

import re
from datetime import date

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from store.labels import Lang
from store.service import Store
from tests.conftest import add_nandu
from tests.tui.test_app import settle
from tui.app import InvestTrackApp
from tui.modals import FormModal
from tui.navigation import open_project
from tui.screens.project import ProjectScreen

pytestmark = pytest.mark.sqlite_only
SMALL = (80, 24)
LONG_NAME = "酒泉南都电源四吉瓦时储能电池及系统集成项目"


def screen_lines(app: InvestTrackApp) -> list[str]:
    """The screen as the terminal shows it, one string a row."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def open_on(pilot, project_id: int) -> ProjectScreen:  # type: ignore[no-untyped-def]
    open_project(pilot.app, project_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    return screen


@pytest.mark.parametrize(
    ("lang", "key", "title"),
    [
        (Lang.ZH, "a", "推进：手续 → 开工（酒泉南都电源储能项目）"),
        (Lang.EN, "z", "Back: procedures → signed (酒泉南都电源储能项目)"),
    ],
)
async def test_a_move_says_the_stages_it_goes_from_and_to(
    store: Store, lang: Lang, key: str, title: str
) -> None:
    pid = add_nandu(store)
    store.advance(pid, store.today, "")
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-procedures", OptionList).focus()
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert str(app.screen.query_one(".form-title", Static).render()) == title


async def test_procedures_are_counted_from_one(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await open_on(pilot, pid)
        table = screen.query_one("#procedure-table", DataTable)
        numbers = [str(table.get_row_at(row)[0]) for row in range(table.row_count)]
        assert numbers == [str(n) for n in range(1, len(store.procedures(pid)) + 1)]


async def test_an_amount_nobody_gave_is_blank_and_stays_unknown_on_saving(
    store: Store,
) -> None:
    pid = add_nandu(store)  # its signed amount given, its total and this year's plan not
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await open_on(pilot, pid)
        field = screen.query_one
        assert field("#edit-total_investment_yuan", Input).value == ""
        assert field("#edit-annual_plan_yuan", Input).value == ""
        assert field("#edit-signed_amount_yuan", Input).value == "30.0000"
        field("#edit-jobs", Input).value = "120"
        await pilot.press("ctrl+s")
        await settle(pilot)
        project = store.project(pid)
        assert (project.jobs, project.total_investment_yuan, project.annual_plan_yuan) == (
            120,
            0,
            0,
        )
        assert field("#edit-total_investment_yuan", Input).value == ""


async def test_a_board_card_holds_the_whole_steward_name(store: Store) -> None:
    add_nandu(store, steward="欧阳明")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        assert any("肃州区 · 欧阳明" in line for line in screen_lines(app))


async def test_the_project_title_stays_on_one_line_its_name_cut(store: Store) -> None:
    pid = add_nandu(store, name=LONG_NAME, code=None, procedures_due=date(2024, 5, 1))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await open_on(pilot, pid)
        title = screen.query_one("#project-title", Static)
        assert title.size.height == 1
        line = screen_lines(app)[1]
        assert line.rstrip().endswith("!!! 红")
        assert "…" in line and LONG_NAME not in line


async def test_the_help_panel_says_each_key_whole(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await open_on(pilot, pid)
        await pilot.press("f1")
        await settle(pilot)
        lines = screen_lines(app)
        assert any("复制选中的文字" in line for line in lines)
        arrows = [line.split("▏")[-1] for line in lines if "↓" in line]
        assert arrows and all(re.search(r"↓ [\u4e00-\u9fff]", keys) for keys in arrows)
