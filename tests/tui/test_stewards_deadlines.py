"""The app's stewards and deadlines screens, driven with Pilot: reassigning offers the
existing stewards (found by pinyin initials) and asks before creating one; rename, merge and
retire from the stewards screen, their keys in the footer and the palette; the deadlines list
nearest first, paged and filtered, saying which of how many it shows; names holding Rich
markup on every screen; an error nobody caught ends the app with one line and a report."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, OptionList, Select, Static
from textual.widgets._footer import FooterKey

from store.labels import Lang
from store.service import Store
from tests.conftest import TODAY
from tests.tui.test_app import fill_form, settle, until
from tests.tui.test_undo_funds import palette_titles
from tui.app import InvestTrackApp
from tui.modals import ConfirmModal, FormModal
from tui.screens.stewards import StewardsScreen
from tui.steward_picker import StewardPicker

pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)
MARKUP = "[/][bold]"


def office(store: Store) -> None:
    for name, steward in (("南都储能项目", "王建国"), ("巨化新材料项目", "李志强")):
        store.add_project(
            {"name": name, "signed_on": date(2024, 1, 5)}, steward=steward, create_steward=True
        )


def options(app: InvestTrackApp) -> list[str]:
    choices = app.screen.query_one("#steward-choices", OptionList)
    return [str(choices.get_option_at_index(i).prompt) for i in range(choices.option_count)]


async def open_picker(pilot, app: InvestTrackApp) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("s")
    await settle(pilot)
    app.screen.query_one("#steward-projects", DataTable).focus()
    await pilot.press("r")
    await settle(pilot)
    assert isinstance(app.screen, StewardPicker)


async def test_reassigning_offers_the_stewards_and_asks_before_creating_one(
    store: Store,
) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await open_picker(pilot, app)  # on 李志强's project: the first steward by name
        assert options(app) == ["李志强", "王建国"]  # every steward to choose from
        search = app.screen.query_one("#steward-search", Input)
        search.value = "wjg"  # 王建国's initials
        await pilot.pause()
        assert options(app)[0] == "王建国"
        await pilot.press("enter")
        await settle(pilot)
        assert store.project_row("巨化新材料项目").steward == "王建国"

        stewards = app.screen.query_one("#stewards", DataTable)
        stewards.focus()
        stewards.move_cursor(row=1)  # 王建国, who answers for both now
        await settle(pilot)
        app.screen.query_one("#steward-projects", DataTable).focus()
        await pilot.press("r")
        await settle(pilot)
        search = app.screen.query_one("#steward-search", Input)
        search.value = "王建果"  # a slip of the input method
        await pilot.pause()
        assert options(app) == [  # nobody is named so: the like names, then creating it
            "是否要找：",
            "王建国",
            "+ 新建包抓领导：王建果",
        ]
        choices = app.screen.query_one("#steward-choices", OptionList)
        choices.highlighted = choices.option_count - 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        question = str(app.screen.query_one(Static).render())
        assert "王建果" in question and "王建国" in question  # the like name shown again
        await pilot.press("n")  # no: nothing created, the picker still open
        await settle(pilot)
        assert isinstance(app.screen, StewardPicker)
        assert store.steward_names() == ["李志强", "王建国"]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.steward_names() == ["李志强", "王建国", "王建果"]
        moved = [row.name for row in store.list_projects() if row.steward == "王建果"]
        assert len(moved) == 1 and store.history(moved[0])[-1].new_value == "王建果"


async def test_rename_merge_and_retire_from_the_stewards_screen(store: Store) -> None:
    office(store)
    store.add_project(
        {"name": "玉门项目", "signed_on": date(2024, 1, 5)}, steward="王建果", create_steward=True
    )
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        footer = {(key.key, key.description) for key in app.screen.query(FooterKey)}
        assert {("e", "Rename"), ("M", "Merge"), ("t", "Retire")} <= footer
        stewards = app.screen.query_one("#stewards", DataTable)
        stewards.focus()
        stewards.move_cursor(row=2)  # 王建果
        await settle(pilot)
        assert app.screen.chosen == "王建果"  # type: ignore[attr-defined]

        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        app.screen.query_one("#field-name", Input).value = "王建国"  # taken: refused
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.steward_names() == ["李志强", "王建国", "王建果"]
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#field-name", Input).value = "王建中"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.project_row("玉门项目").steward == "王建中"
        assert app.screen.chosen == "王建中"  # type: ignore[attr-defined]

        await pilot.press("M")  # merge 王建中 into the steward chosen
        await settle(pilot)
        assert isinstance(app.screen, StewardPicker)
        assert options(app) == ["李志强", "王建国"]  # never into itself, never a new one
        app.screen.query_one("#steward-search", Input).value = "wang"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # asked once more: a merge removes 王建中
        await settle(pilot)
        assert store.steward_names() == ["李志强", "王建国"]
        assert store.project_row("玉门项目").steward == "王建国"
        assert [h.action for h in store.history("玉门项目") if h.field == "steward"][-1] == (
            "steward merge"
        )

        store.withdraw("巨化新材料项目", "企业投资计划调整")  # 李志强 answers for nothing active
        app.post_data_changed("elsewhere")
        await settle(pilot)
        stewards.move_cursor(row=0)
        await settle(pilot)
        assert app.screen.chosen == "李志强"  # type: ignore[attr-defined]
        await pilot.press("t")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.steward_names() == ["王建国"]  # retired: offered for nothing
        retired = app.screen.query_one("#retired-stewards", DataTable)
        await until(lambda: retired.display and retired.row_count == 1)  # the list read again
        assert str(retired.get_row_at(0)[0]) == "李志强"
        assert str(retired.get_row_at(0)[3]) == str(TODAY)
        assert app.screen.query_one("#stewards", DataTable).row_count == 1  # listed apart

        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Retire")
        hits: list[str] = []
        for _ in range(100):  # the palette searches in the background, a moment after typing
            await pilot.pause(0.05)
            found = app.screen.query_one(OptionList)
            hits = [str(found.get_option_at_index(i).prompt) for i in range(found.option_count)]
            if any("Retire (t)" in hit for hit in hits):
                break
        else:
            raise AssertionError(f"not in the palette: {hits}")


async def test_a_steward_is_added_on_their_own_and_their_details_corrected(
    store: Store,
) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StewardsScreen)
        footer = {(key.key, key.description) for key in screen.query(FooterKey)}
        assert {("n", "New steward"), ("u", "Details")} <= footer

        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"name": "王建国", "title": "副县长"})  # on record: refused
        form = app.screen
        assert isinstance(form, FormModal)
        assert "王建国" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#field-title", Input).value == "副县长"  # the typing kept
        details = {"title": "副县长", "unit": "肃州区人民政府", "level": "县级"}
        await fill_form(pilot, {"name": "赵丽娟", **details, "phone": "0937-2612345"})
        assert not isinstance(app.screen, FormModal)  # added: the form closed
        (added,) = [steward for steward in store.stewards() if steward.name == "赵丽娟"]
        assert (added.title, added.unit, added.level, added.phone, added.projects) == (
            "副县长",
            "肃州区人民政府",
            "县级",
            "0937-2612345",
            0,
        )
        assert "赵丽娟" in store.steward_names()  # offered when a project is given
        assert screen.chosen == "赵丽娟"  # the cursor on the steward added
        table = screen.query_one("#stewards", DataTable)
        assert str(table.get_row_at(table.cursor_row)[0]) == "赵丽娟"

        await pilot.press("u")  # the chosen steward's details, filled with what is stored
        await pilot.pause()
        details_form = app.screen
        assert isinstance(details_form, FormModal)
        assert details_form.query_one("#field-unit", Input).value == "肃州区人民政府"
        await fill_form(pilot, {"title": "县长", "phone": ""})
        (edited,) = [steward for steward in store.stewards() if steward.name == "赵丽娟"]
        assert (edited.title, edited.unit, edited.phone) == ("县长", "肃州区人民政府", "")
        shown = [str(cell) for cell in table.get_row_at(table.cursor_row)]
        assert shown[:3] == ["赵丽娟", "县长", "肃州区人民政府"]

        titles = await palette_titles(pilot, "steward")
        assert {"New steward (n)", "Details (u)"} <= set(titles), titles


async def test_the_deadlines_list_pages_filters_and_says_which(demo_store: Store) -> None:
    every = demo_store.due_items(30, limit=10_000)
    app = InvestTrackApp(store=demo_store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await settle(pilot)
        title = str(app.screen.query_one("#deadlines-title", Static).render())
        assert f"showing 1-500 of {every.total:,}" in title
        table = app.screen.query_one("#deadlines", DataTable)
        shown = [int(str(table.get_row_at(i)[1])) for i in range(table.row_count)]
        assert shown == [item.days_left for item in every.items[:500]]
        assert min(shown) < 0 < max(shown)  # just passed and soon due, together
        await pilot.press("right_square_bracket")
        await settle(pilot)
        title = str(app.screen.query_one("#deadlines-title", Static).render())
        assert f"showing 501-{every.total:,} of {every.total:,}" in title
        assert table.row_count == every.total - 500
        await pilot.press("right_square_bracket")  # no page after the last
        await settle(pilot)
        assert table.row_count == every.total - 500
        steward = every.items[0].steward
        app.screen.query_one("#steward", Select).value = steward
        await settle(pilot)
        mine = [item for item in every.items if item.steward == steward]
        title = str(app.screen.query_one("#deadlines-title", Static).render())
        assert f"showing 1-{len(mine)} of {len(mine)}" in title and f"Steward: {steward}" in title
        assert table.row_count == len(mine)
        app.screen.query_one("#warning", Select).value = "red"
        await settle(pilot)
        reds = [item for item in mine if item.warning and item.warning.value == "red"]
        assert table.row_count == len(reds)


async def test_names_holding_markup_show_as_written_on_every_screen(store: Store) -> None:
    project = store.add_project(
        {
            "name": f"项目{MARKUP}",
            "county": f"县{MARKUP}",
            "chain": f"链{MARKUP}",
            "signed_on": TODAY - timedelta(days=30),
            "procedures_due": TODAY + timedelta(days=3),
        },
        steward=f"王{MARKUP}",
        create_steward=True,
    )
    store.add_procedure(project.id or 0, f"手续{MARKUP}", TODAY + timedelta(days=2))
    store.raise_problem(project.id or 0, f"问题{MARKUP}")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        for keys in (("b",), ("l",), ("s",), ("d",), ("f",), ("d", "enter")):
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            assert app.return_code is None and app.error_line is None, keys
            shown = app.export_screenshot().replace("&#160;", " ")
            assert MARKUP in shown, keys  # as written, not read as a style


async def test_errors_nobody_foresaw_are_one_line_and_a_report(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office(store)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    prefix = "意外错误（RuntimeError: a planted defect）；详情已写入 "  # in the app's language

    def defect(*args: object) -> None:
        raise RuntimeError("a planted defect")

    fetch = StewardsScreen.fetch
    notices: list[str] = []
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    shown = app.notify

    def notify(message: str, **options: object) -> None:
        notices.append(message)
        shown(message, **options)  # type: ignore[arg-type]

    app.notify = notify  # type: ignore[method-assign]
    with pytest.raises(RuntimeError, match="a planted defect"):  # Pilot hands it to the test
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            monkeypatch.setattr(StewardsScreen, "fetch", defect)  # in a screen's worker
            await pilot.press("s")
            await settle(pilot)
            assert app.return_code is None  # the app goes on, saying what happened
            assert notices and all(notice.startswith(prefix) for notice in notices)
            assert "in defect" in Path(notices[0].removeprefix(prefix)).read_text()
            monkeypatch.setattr(StewardsScreen, "fetch", fetch)  # the list loads again, so
            await pilot.press("b", "s")  # retiring a steward is offered
            await settle(pilot)
            monkeypatch.setattr(StewardsScreen, "action_retire_steward", defect)  # in a handler
            await pilot.press("t")
            await settle(pilot)
    assert app.return_code == 1  # ended, with one line for the terminal
    line = app.error_line or ""
    assert line.startswith(prefix)
    report = Path(line.removeprefix(prefix))
    assert report.parent == tmp_path
    assert "in defect" in report.read_text() and "Traceback" in report.read_text()
