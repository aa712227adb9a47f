"""Undo and correct in the app: withdrawn projects shown and reinstated from the ledger, a
month's funds set, replaced only when asked, edited and deleted, a problem corrected, and the
form refusing a later stage's date. Driven headless with Pilot against a real database file."""

from __future__ import annotations

from datetime import date

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, Select, Static, TabbedContent
from textual.widgets._footer import FooterKey

from store.labels import Lang
from store.service import Store
from tests.conftest import add_nandu
from tests.tui.test_app import SIZE, fill_form, settle
from tui.app import InvestTrackApp
from tui.modals import ConfirmModal, FormModal
from tui.screens.ledger import LedgerScreen
from tui.screens.project import ProjectScreen
from tui.table import FastTable

pytestmark = pytest.mark.sqlite_only
YI = 10**8


def shown_actions(app: InvestTrackApp) -> set[str]:
    """The actions whose keys the footer shows now."""
    return {active.binding.action for active in app.screen.active_bindings.values()}


def footer_labels(app: InvestTrackApp) -> set[str]:
    """The labels the footer shows now (in the app's language; those that fit)."""
    return {key.description for key in app.screen.query(FooterKey) if key.display}


def notices(app: InvestTrackApp) -> str:
    return " ".join(str(notice.message) for notice in app._notifications)


async def palette_titles(pilot, words: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What the command palette offers for the words typed, then closed again."""
    await pilot.press("ctrl+p")
    await pilot.press(*words)
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    prompts = [str(commands.get_option_at_index(i).prompt) for i in range(commands.option_count)]
    titles = [prompt.splitlines()[0] for prompt in prompts]  # below it: the help line
    await pilot.press("escape")
    await settle(pilot)
    return titles


async def test_the_ledger_shows_withdrawn_projects_and_reinstates_one(store: Store) -> None:
    kept = add_nandu(store, "酒泉南都电源储能项目")
    left = add_nandu(store, "甘肃巨化新材料项目", code="2401-620902-04-01-654321")
    store.withdraw(left, "企业投资计划调整", date(2024, 3, 1))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert [row.id for row in ledger.rows] == [kept]  # withdrawn ones are left out
        assert "reinstate" not in shown_actions(app) and "withdraw" in shown_actions(app)
        assert "恢复" not in footer_labels(app)
        assert "恢复 (X)" not in await palette_titles(pilot, "Reinstate")

        ledger.query_one("#withdrawn", Select).value = "only"
        await settle(pilot)
        assert [row.id for row in ledger.rows] == [left]
        table = ledger.query_one(FastTable)
        assert table.cell_text(0, 4) == "已退出"
        assert {"reinstate"} <= shown_actions(app)
        assert not {"advance", "back", "withdraw"} & shown_actions(app)
        assert "恢复" in footer_labels(app)
        assert "恢复 (X)" in await palette_titles(pilot, "Reinstate")  # found in English too

        table.focus()
        await pilot.press("X")
        await pilot.pause()
        await fill_form(pilot, {"reason": ""})  # a reason is required: the form stays
        assert store.project(left).withdrawn_on == date(2024, 3, 1)
        await fill_form(pilot, {"reason": "误操作：企业仍在推进"})
        project = store.project(left)
        assert (project.withdrawn_on, project.withdraw_reason) == (None, None)
        last = store.history(left)[-1]
        assert (last.action, last.user, last.note) == (
            "reinstate",
            "测试员",
            "误操作：企业仍在推进",
        )
        assert ledger.rows == []  # no longer withdrawn

        # every project, and the keys follow the row under the cursor
        store.withdraw(kept, "企业退出", date(2024, 4, 1))
        ledger.query_one("#withdrawn", Select).value = "include"
        await settle(pilot)
        assert sorted(row.id for row in ledger.rows) == sorted([kept, left])
        for index, row in enumerate(ledger.rows):
            table.cursor_row = index
            await settle(pilot)
            assert ("reinstate" in shown_actions(app)) == (row.id == kept)
            assert ("advance" in shown_actions(app)) == (row.id == left)


async def test_a_withdrawn_project_screen_offers_reinstate_only(store: Store) -> None:
    pid = add_nandu(store)
    store.withdraw(pid, "企业退出", date(2024, 3, 1))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        assert "reinstate" in shown_actions(app)
        assert not {"advance", "back", "withdraw"} & shown_actions(app)
        await pilot.press("X")
        await pilot.pause()
        await fill_form(pilot, {"reason": "退出录错"})
        assert store.project(pid).withdrawn_on is None
        assert "withdraw" in shown_actions(app) and "reinstate" not in shown_actions(app)


async def test_the_funds_tab_sets_asks_before_replacing_edits_and_deletes(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        screen = app.screen
        tabs = screen.query_one(TabbedContent)
        assert not {"edit_month"} & shown_actions(app)
        tabs.active = "funds"
        await settle(pilot)
        assert {"add_month", "edit_month", "drop_month"} <= shown_actions(app)

        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"month": "2024-03", "funds": "2", "completed": "1"})
        assert store.project(pid).funds_in_place_yuan == 2 * YI

        # the same month again: asked, and "no" leaves it as it was (never summed)
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"month": "2024-03", "funds": "0.5", "completed": "0.3"})
        assert isinstance(app.screen, ConfirmModal)
        assert "不累加" in str(app.screen.question)
        await pilot.press("n")
        await settle(pilot)
        assert store.project(pid).funds_in_place_yuan == 2 * YI
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"month": "2024-03", "funds": "0.5", "completed": "0.3"})
        await pilot.press("y")
        await settle(pilot)
        (record,) = store.dispatch_records(pid)
        assert (record.funds_in_place_yuan, record.investment_completed_yuan) == (
            YI // 2,
            3 * YI // 10,
        )
        assert store.project(pid).funds_in_place_yuan == YI // 2
        replaced = [h for h in store.history(pid) if h.field == "funds_month_yuan"][-1]
        assert (replaced.old_value, replaced.new_value, replaced.note) == (
            str(2 * YI),
            str(YI // 2),
            "2024-03",
        )

        # e edits the month under the cursor, filled with what is recorded
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#field-funds", Input).value == "0.5000"
        await fill_form(pilot, {"funds": "1.5", "note": "设备进场"})
        (record,) = store.dispatch_records(pid)
        assert (record.funds_in_place_yuan, record.note) == (3 * YI // 2, "设备进场")

        # a month not yet come is refused in the form, which keeps what was typed
        await pilot.press("n")
        await pilot.pause()
        await fill_form(pilot, {"month": "2024-07", "funds": "1"})
        await settle(pilot)
        assert [r.month for r in store.dispatch_records(pid)] == [date(2024, 3, 1)]
        form = app.screen
        assert isinstance(form, FormModal)
        assert "2024-07：尚未到来" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#field-month", Input).value == "2024-07"
        await pilot.press("escape")  # typed and not saved: asked before it is let go
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)

        # delete asks first: Esc keeps the month, y removes it
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("escape")
        await settle(pilot)
        assert len(store.dispatch_records(pid)) == 1
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert store.dispatch_records(pid) == []
        assert store.project(pid).funds_in_place_yuan == 0
        deleted = [h for h in store.history(pid) if h.field == "funds_month_yuan"][-1]
        assert (deleted.old_value, deleted.new_value) == (str(3 * YI // 2), None)


async def test_the_problems_tab_corrects_a_problems_text_category_owner_and_due_date(
    store: Store,
) -> None:
    pid = add_nandu(store)
    store.raise_problem(pid, "用地指标未落实", category="用地", owner="自然资源局")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        app.screen.query_one(TabbedContent).active = "problems"
        await settle(pilot)
        assert {"raise_problem", "edit_problem", "problem_status"} <= shown_actions(app)
        assert "修改 (e)" in await palette_titles(pilot, "修改")

        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        assert form.query_one("#field-text", Input).value == "用地指标未落实"  # as stored
        assert form.typed("category") == "用地"
        assert form.query_one("#field-owner", Input).value == "自然资源局"
        await fill_form(
            pilot,
            {"text": "用地指标已申报，待批复", "owner": "肃州区自然资源局", "due": "2024-07-31"},
        )
        assert not isinstance(app.screen, FormModal)
        (problem,) = store.problems(pid)
        assert (problem.text, problem.owner, problem.due_on, problem.version) == (
            "用地指标已申报，待批复",
            "肃州区自然资源局",
            date(2024, 7, 31),
            2,
        )
        corrected = {h.field: (h.old_value, h.new_value) for h in store.history(pid)}
        assert corrected[f"problem:{problem.id}:owner"] == ("自然资源局", "肃州区自然资源局")
        table = app.screen.query_one("#problem-table", DataTable)
        shown = [str(cell) for cell in table.get_row_at(0)]
        assert (shown[1], shown[2], shown[4]) == ("用地", "用地指标已申报，待批复", "2024-07-31")
        assert shown[3].startswith("肃州区自然")  # cut to its column
        assert "问题已更新" in notices(app)

        await pilot.press("e")  # nothing changed: nothing written
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.problems(pid)[0].version == 2


async def test_the_form_refuses_a_later_stage_date_naming_the_field(store: Store) -> None:
    pid = add_nandu(store)
    store.advance(pid, date(2024, 2, 1))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        app.screen.query_one("#edit-started_on", Input).value = "2024-05-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        project = store.project(pid)
        assert (project.stage, project.started_on) == ("procedures", None)
        note = app.screen.query_one("#note-started_on", Static)
        assert "开工日期 2024-05-01：项目处于手续阶段" in str(note.render())  # the app's language
        # the officer's typing stays, to correct
        assert app.screen.query_one("#edit-started_on", Input).value == "2024-05-01"
