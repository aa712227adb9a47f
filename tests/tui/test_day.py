"""An officer's day in the app: a new project, 复工, moves that keep what was typed, the cursor
following the project acted on, an empty office told how to start, the message log, and the
ledger on a narrow terminal. Pilot over a real database file, at 80x24 and 160x45."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Input, OptionList, Select, Static

from store.labels import Lang
from store.service import Store
from tests.conftest import add_nandu, open_store
from tests.tui.test_app import fill_form, settle
from tests.tui.test_forms import options
from tui.app import InvestTrackApp
from tui.message_log import MessageLogModal
from tui.modals import ConfirmModal, FormModal
from tui.new_project import NewProjectModal
from tui.screens.board import BoardScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.project import ProjectScreen
from tui.table import FastTable
from tui.widgets.choice import ChoiceField

pytestmark = pytest.mark.sqlite_only
SMALL, LARGE = (80, 24), (160, 45)


def footer_keys(app: InvestTrackApp) -> set[str]:
    """The actions the footer offers now (the ones check_action lets through)."""
    return {
        active.binding.action
        for active in app.screen.active_bindings.values()
        if active.enabled and active.binding.show
    }


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "160x45"])
@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_empty_office_says_how_to_start_then_n_adds_a_project(
    store: Store, size: tuple[int, int], lang: Lang
) -> None:
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        hint = app.screen.query_one("#empty-hint", Static)
        assert hint.display and not app.screen.query_one("#board").display
        text = str(hint.render())
        assert "investtrack demo" in text and "i " in text and "n " in text
        assert ("还没有项目" in text) is (lang is Lang.ZH)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen.query_one("#empty-hint", Static).display
        assert not app.screen.query_one(FastTable).display
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewProjectModal)
        await fill_form(
            pilot,
            {"name": "酒泉南都电源储能项目", "county": "肃州区", "signed_amount_yuan": "30"},
        )
        assert isinstance(app.screen, ProjectScreen), app.screen
        project = store.project(app.screen.project_id)
        assert (project.name, project.county, project.stage, project.kind) == (
            "酒泉南都电源储能项目",
            "肃州区",
            "signed",
            "new",
        )
        assert project.signed_amount_yuan == 30 * 10**8 and project.signed_on == store.today
        await pilot.press("escape")
        await settle(pilot)
        assert not app.screen.query_one("#empty-hint", Static).display  # no longer empty


async def test_new_project_refused_keeps_the_form_with_the_reason_beside_the_field(
    store: Store,
) -> None:
    add_nandu(store, code="2401-620902-04-01-123456")
    # code point order would put 赵 before 陈 and 敦煌市 before 阿克塞县: pinyin does not
    store.add_project(
        {"name": "敦煌光伏项目", "county": "敦煌市"}, steward="赵刚", create_steward=True
    )
    store.add_project(
        {"name": "阿克塞风电项目", "county": "阿克塞县"}, steward="陈明", create_steward=True
    )
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, NewProjectModal)
        steward = form.query_one("#field-steward", Select)
        assert [str(prompt) for prompt, _ in steward._options[1:]] == ["陈明", "王建国", "赵刚"]
        county = form.query_one("#field-county", ChoiceField)
        assert options(county)[:3] == ["阿克塞县", "敦煌市", "肃州区"]  # in pinyin order
        steward.value = "赵刚"
        form.query_one("#field-kind", Select).value = "continuing"
        await fill_form(
            pilot, {"name": "敦煌光热项目", "code": "2401-620902-04-01-123456", "county": "敦煌市"}
        )
        assert app.screen is form  # refused: still open, typing kept
        error = form.query_one("#error-code", Static)
        assert error.display and "已存在" in str(error.render())  # in the language chosen
        assert form.query_one("#field-name", Input).value == "敦煌光热项目"
        await fill_form(pilot, {"code": "", "signed_on": "2024-07-15"})
        assert app.screen is form
        assert not error.display
        assert form.query_one("#error-signed_on", Static).display
        assert "2024-07-15" in str(form.query_one("#error-signed_on", Static).render())
        await fill_form(pilot, {"signed_on": "2024-03-01"})
        assert isinstance(app.screen, ProjectScreen)
        project = store.project(app.screen.project_id)
        assert (project.kind, project.signed_on, project.county) == (
            "continuing",
            date(2024, 3, 1),
            "敦煌市",
        )
        assert store.steward_of(project).name == "赵刚"  # type: ignore[union-attr]


async def test_escape_on_a_typed_new_project_asks_first(store: Store) -> None:
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#field-name", Input).value = "玉门油田配套项目"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewProjectModal)
        assert app.screen.query_one("#field-name", Input).value == "玉门油田配套项目"
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and store.project_count() == 0


async def test_moves_that_cannot_apply_are_not_offered_and_resume_records_fuxgong(
    store: Store,
) -> None:
    signed = add_nandu(store, "新建签约项目", code=None)
    continuing = add_nandu(store, "续建化工项目", code=None, kind="continuing")
    store.advance(continuing, date(2024, 2, 1))
    store.advance(continuing, date(2024, 3, 1))
    store.advance(continuing, date(2024, 4, 1))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-signed", OptionList).focus()
        await settle(pilot)
        keys = footer_keys(app)
        assert "advance" in keys and "back" not in keys and "resume" not in keys
        app.screen.query_one("#cards-producing", OptionList).focus()
        await settle(pilot)
        keys = footer_keys(app)
        assert "advance" not in keys and {"back", "resume"} <= keys
        await pilot.press("a")  # not offered: does nothing
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, FormModal)
        await fill_form(pilot, {"on": "2024-03-10", "note": "春季复工"})
        assert store.project(continuing).resumed_on == date(2024, 3, 10)
        assert store.history(continuing)[-1].action == "resume"
        assert store.project(signed).resumed_on is None
        # the palette offers the same: 复工 no more once resumed this year, advance never
        assert "resume" not in footer_keys(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Resume")
        await settle(pilot)
        hits = app.screen.query_one("CommandList", OptionList)
        prompts = [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]
        assert not any("复工" in prompt for prompt in prompts), prompts
        await pilot.press(*["backspace"] * 6, *"back")
        await settle(pilot)
        assert "退回" in str(hits.get_option_at_index(0).prompt)
        await pilot.press("escape")


async def test_a_refused_move_keeps_its_form_open_with_the_reason_and_the_note(
    store: Store,
) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-signed", OptionList).focus()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        await fill_form(pilot, {"on": "2024-08-01", "note": "手续已齐，备注很长"})
        assert app.screen is form
        assert "2024-08-01" in str(form.query_one("#form-error", Static).render())
        assert form.query_one("#field-note", Input).value == "手续已齐，备注很长"
        assert store.project(pid).stage == "signed"
        await fill_form(pilot, {"on": "2024-06-01"})
        assert not isinstance(app.screen, FormModal)
        assert store.project(pid).stage == "procedures"
        assert store.history(pid)[-1].note == "手续已齐，备注很长"


async def test_focus_follows_the_project_after_an_advance_on_the_board(store: Store) -> None:
    first = add_nandu(store, "甲项目", code=None, procedures_due=date(2024, 7, 1))
    add_nandu(store, "乙项目", code=None, procedures_due=date(2024, 7, 2))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-signed", OptionList).focus()
        assert app.screen.selected_project()[0] == first  # type: ignore[union-attr, index]
        await pilot.press("a")
        await pilot.pause()
        await fill_form(pilot, {"on": "2024-06-01"})
        await settle(pilot)
        assert app.focused is app.screen.query_one("#cards-procedures", OptionList)
        assert app.screen.selected_project()[0] == first  # type: ignore[union-attr, index]


async def test_leaving_a_changed_project_form_asks_and_l_goes_to_the_ledger(
    store: Store,
) -> None:
    add_nandu(store, "甲项目", code=None, procedures_due=date(2024, 7, 1))
    second = add_nandu(store, "乙项目", code=None, procedures_due=date(2024, 7, 2))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        project = app.screen
        assert isinstance(project, ProjectScreen) and project.project_id == second
        project.query_one("#edit-investor", Input).value = "某某能源公司"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is project
        assert project.query_one("#edit-investor", Input).value == "某某能源公司"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        project.query_one("#edit-investor", Input).value = ""
        project.query_one("#tabs").focus()
        await pilot.press("l")  # unchanged now: straight to the ledger, on this project
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert ledger.selected_project()[0] == second  # type: ignore[index]


async def test_deleting_a_procedure_asks_first(store: Store) -> None:
    pid = add_nandu(store)
    before = len(store.procedures(pid))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=LARGE) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-signed", OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one("#tabs").active = "procedures"  # type: ignore[attr-defined]
        await settle(pilot)
        app.screen.query_one("#procedure-table").focus()
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")
        await settle(pilot)
        assert len(store.procedures(pid)) == before
        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert len(store.procedures(pid)) == before - 1


async def test_message_log_keeps_every_notice(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        app.notify("[b]第一条[/b] 通知")
        app.screen.query_one("#cards-signed", OptionList).focus()
        await pilot.press("a")
        await pilot.pause()
        await fill_form(pilot, {"on": "2024-06-01"})
        await pilot.press("m")
        await settle(pilot)
        assert isinstance(app.screen, MessageLogModal)
        lines = [strip.text for strip in app.screen.query_one("#message-lines").lines]  # type: ignore[attr-defined]
        text = "\n".join(lines)
        assert "第一条 通知" in text and "已推进" in text, text
        assert store.project(pid).stage == "procedures"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BoardScreen)


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_narrow_ledger_shows_what_is_read_first_and_w_shows_every_column(
    store: Store, width: int, lang: Lang
) -> None:
    add_nandu(store)
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=(width, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        table = app.screen.query_one(FastTable)
        first = ["name", "stage", "deadline", "days_left", "warning"]
        shown = [key for key, _, _ in app.screen.columns()]  # type: ignore[attr-defined]
        assert shown[:5] == first
        visible = sum(column.width + 1 for column in table.columns[:5])
        assert visible <= width  # all five in view without scrolling
        header = table.render_line(0).text
        assert app.screen.word("warning") in header  # type: ignore[attr-defined]
        await pilot.press("w")
        await settle(pilot)
        assert [key for key, _, _ in app.screen.columns()][:2] == ["code", "name"]  # type: ignore[attr-defined]
        await pilot.press("w")
        await settle(pilot)
        assert [key for key, _, _ in app.screen.columns()][:5] == first  # type: ignore[attr-defined]


def footer_text(app: InvestTrackApp) -> str:
    """The words the footer shows now, as rendered."""
    from textual.widgets._footer import FooterKey

    return " ".join(str(key.render()) for key in app.screen.query(FooterKey) if key.display)


async def test_resume_is_offered_once_a_year(db: str) -> None:
    first = open_store(db)
    pid = add_nandu(first, "续建化工项目", code=None, kind="continuing")
    first.resume(pid, date(2024, 3, 10))
    first.close()
    for today, offered in ((date(2024, 6, 30), False), (date(2025, 3, 1), True)):
        store = open_store(db, today=today)
        app = InvestTrackApp(store=store, lang=Lang.ZH)
        async with app.run_test(size=LARGE) as pilot:
            await settle(pilot)
            app.screen.query_one("#cards-signed", OptionList).focus()
            await settle(pilot)
            assert ("复工" in footer_text(app)) is offered, footer_text(app)
            assert "推进" in footer_text(app)  # the footer is read at all
            await pilot.press("l")
            await settle(pilot)
            assert ("resume" in footer_keys(app)) is offered
            await pilot.press("enter")
            await settle(pilot)
            assert isinstance(app.screen, ProjectScreen)
            assert ("复工" in footer_text(app)) is offered, footer_text(app)
            await pilot.press("c")
            await settle(pilot)
            assert isinstance(app.screen, FormModal) is offered
        store.close()


async def test_every_ledger_filter_is_reached_at_80_columns(store: Store) -> None:
    add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        await pilot.press("l", "slash", *["tab"] * 6)  # past the search, to the last filter
        await settle(pilot)
        last = app.screen.query_one("#withdrawn", Select)
        assert app.focused is last
        assert last.region.right <= SMALL[0] and last.region.width > 0  # scrolled into view
