"""The steward picker acts only on a steward typed or moved to: Enter or Ctrl+S on the picker
as it opens only asks for one; a merge and a handover are asked once more, naming both
stewards and how many projects, No the default; creating a steward is never what Enter on a
typed name does; the handover's note survives Tab, which goes name → note → buttons."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Button, DataTable, Input, OptionList, Static
from textual.widgets._footer import FooterKey

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import settle
from tui.app import InvestTrackApp
from tui.modals import ConfirmModal
from tui.steward_picker import StewardPicker

pytestmark = pytest.mark.sqlite_only
SIZE = (80, 24)


def office(store: Store) -> None:
    """王建国 two projects (one withdrawn), 王建中 one, 李志强 one."""
    for name, steward in (
        ("南都储能项目", "王建国"),
        ("光热项目", "王建国"),
        ("玉门项目", "王建中"),
        ("巨化新材料项目", "李志强"),
    ):
        store.add_project(
            {"name": name, "signed_on": date(2024, 1, 5)}, steward=steward, create_steward=True
        )
    store.withdraw("光热项目", "企业投资计划调整")


def shown(widget: Static) -> str:
    return str(widget.render()) if widget.display else ""


async def choose_steward(pilot, app: InvestTrackApp, name: str) -> None:  # type: ignore[no-untyped-def]
    """The stewards screen with the cursor on the steward named."""
    await pilot.press("s")
    await settle(pilot)
    stewards = app.screen.query_one("#stewards", DataTable)
    stewards.focus()
    names = [str(stewards.get_row_at(row)[0]) for row in range(stewards.row_count)]
    stewards.move_cursor(row=names.index(name))
    await settle(pilot)
    assert app.screen.chosen == name  # type: ignore[attr-defined]


async def test_enter_on_the_untouched_picker_chooses_nobody(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await choose_steward(pilot, app, "李志强")
        app.screen.query_one("#steward-projects", DataTable).focus()
        await pilot.press("r")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, StewardPicker)
        search = picker.query_one("#steward-search", Input)
        assert search.value == "" and search.placeholder == "输入姓名或拼音首字母"
        footer = {(key.key, key.description) for key in picker.query(FooterKey)}
        assert ("ctrl+s", "保存") in footer
        assert picker.query_one("#steward-choices", OptionList).highlighted is None

        for key in ("enter", "ctrl+s"):
            await pilot.press(key)
            await settle(pilot)
            assert app.screen is picker, key
            assert shown(picker.query_one("#form-error", Static)) == "选择一位包抓领导"
        assert store.project_row("巨化新材料项目").steward == "李志强"

        await pilot.press("down", "down", "ctrl+s")  # moved to: 李志强, then 王建国
        await settle(pilot)
        assert not isinstance(app.screen, StewardPicker)  # one project: written at once
        assert store.project_row("巨化新材料项目").steward == "王建国"


async def test_a_merge_is_asked_once_more_and_no_keeps_both(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await choose_steward(pilot, app, "王建国")
        await pilot.press("M")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, StewardPicker)
        await pilot.press("enter")  # nothing chosen: nothing merged, nothing asked
        await settle(pilot)
        assert app.screen is picker
        assert store.steward_names() == ["李志强", "王建国", "王建中"]

        await pilot.press(*"wjz")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one(Static).render())
        assert question == "将 王建国 的 2 个项目并入 王建中，并删除 王建国？"  # withdrawn too
        assert app.screen.focused is app.screen.query_one("#no", Button)
        await pilot.press("enter")  # on No, as it opens
        await settle(pilot)
        assert app.screen is picker
        assert store.steward_names() == ["李志强", "王建国", "王建中"]
        assert store.project_row("南都储能项目").steward == "王建国"

        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert not isinstance(app.screen, StewardPicker | ConfirmModal)
        assert store.steward_names() == ["李志强", "王建中"]
        assert store.project_row("南都储能项目").steward == "王建中"
        assert store.project_row("光热项目").steward == "王建中"


async def test_the_handover_keeps_its_note_and_never_creates_on_enter(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await choose_steward(pilot, app, "李志强")
        await pilot.press("t")  # 李志强 still has an active project: who takes it
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, StewardPicker)
        search = picker.query_one("#steward-search", Input)
        note = picker.query_one("#field-note", Input)
        assert picker.focused is search

        await pilot.press(*"zhouming", "tab")
        assert picker.focused is note  # never the list of stewards
        await pilot.press(*"gongzuo", "tab")
        assert picker.focused is picker.query_one("#save", Button)
        await pilot.press("shift+tab", "shift+tab", *"x", "tab", "tab")
        assert (search.value, note.value) == ("zhoumingx", "gongzuo")  # nothing typed lost

        await pilot.press("enter")  # on Save: nobody is named so, and creating is not chosen
        await settle(pilot)
        assert app.screen is picker
        assert shown(picker.query_one("#form-error", Static)) == "选择一位包抓领导"
        assert store.steward_names() == ["李志强", "王建国", "王建中"]

        choices = picker.query_one("#steward-choices", OptionList)
        choices.highlighted = choices.option_count - 1  # creating the name typed, moved to
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert "zhoumingx" in str(app.screen.query_one(Static).render())
        await pilot.press("y")  # created, if the handover is answered yes too
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one(Static).render())
        assert question == "将 李志强 的 1 个在办项目交由 zhoumingx 包抓，并让 李志强 离任？"
        await pilot.press("n")
        await settle(pilot)
        assert app.screen is picker and note.value == "gongzuo"
        assert store.steward_names() == ["李志强", "王建国", "王建中"]
        assert store.project_row("巨化新材料项目").steward == "李志强"
