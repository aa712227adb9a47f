"""The project's procedure and problem tabs as an officer works them at 80x24: a procedure
renamed, a problem removed after asking, the status form starting on the problem's own
status, the cursor staying on the row acted on, a done procedure made not done only after
asking, and the footer never cutting a key's name."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import DataTable, Input, TabbedContent
from textual.widgets._footer import FooterKey

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import add, fill_form, settle
from tui.app import InvestTrackApp
from tui.modals import ConfirmModal, FormModal
from tui.navigation import open_project
from tui.screens.project import ProjectScreen
from tui.widgets.choice import ChoiceField

pytestmark = pytest.mark.sqlite_only
SMALL = (80, 24)


async def on_tab(pilot, project_id: int, tab: str) -> ProjectScreen:  # type: ignore[no-untyped-def]
    open_project(pilot.app, project_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    screen.query_one(TabbedContent).active = tab
    await settle(pilot)
    screen.query_one(f"#{'procedure' if tab == 'procedures' else 'problem'}-table").focus()
    await settle(pilot)
    return screen


def offered(app: InvestTrackApp) -> set[str]:
    return {
        active.binding.action
        for active in app.screen.active_bindings.values()
        if active.enabled and active.binding.show
    }


async def test_rename_a_procedure_and_the_cursor_stays_on_it(store: Store) -> None:
    pid = add(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await on_tab(pilot, pid, "procedures")
        table = screen.query_one("#procedure-table", DataTable)
        await pilot.press("down", "down", "down")
        third = store.procedures(pid)[3]
        assert "rename_procedure" in offered(app)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-name", Input).value == third.name
        await fill_form(pilot, {"name": "节能审查意见"})
        assert next(p for p in store.procedures(pid) if p.id == third.id).name == "节能审查意见"
        assert store.history(pid)[-1].field == f"procedure:{third.name}:name"
        assert table.cursor_row == 3  # the list redrawn, the cursor on the procedure renamed
        await pilot.press("t")  # ticked done: the cursor stays, so the next key acts on it
        await settle(pilot)
        await fill_form(pilot, {"on": "2024-03-01"})
        assert table.cursor_row == 3
        await pilot.press("t")  # a done one made not done again only after asking
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        renamed = next(p for p in store.procedures(pid) if p.id == third.id)
        assert renamed.done_on == date(2024, 3, 1)
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert next(p for p in store.procedures(pid) if p.id == third.id).done_on is None


async def test_remove_a_problem_after_asking_and_status_starts_on_its_own(store: Store) -> None:
    pid = add(store)
    first = store.raise_problem(pid, "用地指标未落实", raised_on=date(2024, 5, 1))
    store.raise_problem(pid, "融资缺口", raised_on=date(2024, 5, 2))
    store.set_problem_status(first.id, "in_hand")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await on_tab(pilot, pid, "problems")
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert app.screen.query_one("#field-status", ChoiceField).value == "in_hand"
        await pilot.press("escape")
        await settle(pilot)
        assert "remove_problem" in offered(app)
        await pilot.press("delete")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert len(store.problems(pid)) == 2
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert [p.text for p in store.problems(pid)] == ["融资缺口"]
        assert store.history(pid)[-1].old_value == "用地指标未落实"
        # the palette offers the removal too, by its words
        await pilot.press("ctrl+p", *"删除")
        await settle(pilot)
        assert "删除" in str(app.screen.query_one("CommandList").get_option_at_index(0).prompt)


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_the_project_footer_leaves_out_what_does_not_fit(store: Store, lang: Lang) -> None:
    pid = add(store)
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await on_tab(pilot, pid, "procedures")
        for tab in ("procedures", "funds", "problems", "details"):
            screen.query_one(TabbedContent).active = tab
            await settle(pilot)
            keys = [key for key in screen.query(FooterKey) if key.display]
            palette = [key for key in keys if key.has_class("-command-palette")]
            rest = [key for key in keys if not key.has_class("-command-palette")]
            assert palette and rest
            assert all(key.region.right <= palette[0].region.x for key in rest), tab
