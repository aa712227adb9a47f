"""The project screen's forms and the modals keep what was typed: a refused save stands beside
its field, a stale edit shows the other officer's values under the typing kept, leaving a
changed form asks. Pilot over a real database file."""

from __future__ import annotations

from datetime import date

import pytest
from textual.widgets import Button, Input, Select, Static, TabbedContent

from store.labels import Lang
from store.service import Store
from tests.conftest import TODAY, add_nandu
from tests.tui.test_app import SIZE, settle
from tui.app import InvestTrackApp
from tui.modals import ConfirmModal, FormModal
from tui.screens.project import ProjectScreen
from tui.widgets.choice import NEW, ChoiceField

pytestmark = pytest.mark.sqlite_only


def rendered(screen: object, selector: str) -> str:
    widget = screen.query_one(selector, Static)  # type: ignore[attr-defined]
    return str(widget.render()) if widget.display else ""


async def open_project(pilot, pid: int) -> ProjectScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.push_screen(ProjectScreen(pid))
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ProjectScreen)
    return screen


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_a_refused_details_save_stands_beside_its_field(store: Store, lang: Lang) -> None:
    pid = add_nandu(store)
    store.advance(pid, date(2024, 2, 1))
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one("#edit-progress_note", Input).value = "环评已受理"
        screen.query_one("#edit-started_on", Input).value = "2024-05-01"  # not started yet
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        note = rendered(screen, "#note-started_on")
        said = "开工日期 2024-05-01：" if lang is Lang.ZH else "开工日期 (started on) 2024-05-01"
        assert said in note and ("未保存" in note) is (lang is Lang.ZH)
        assert app.focused is screen.query_one("#edit-started_on", Input)
        assert not rendered(screen, "#note-progress_note")
        assert screen.query_one("#edit-progress_note", Input).value == "环评已受理"  # kept
        assert store.project(pid).progress_note == ""
        # dates out of order name two fields: the reason stands beside the one typed
        screen.query_one("#edit-started_on", Input).value = ""
        screen.query_one("#edit-procedures_due", Input).value = "2023-01-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "2023-01-01" in rendered(screen, "#note-procedures_due")
        assert not rendered(screen, "#note-started_on")  # the earlier refusal is gone
        screen.query_one("#edit-procedures_due", Input).value = "2024-08-01"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not rendered(screen, "#note-procedures_due")
        project = store.project(pid)
        assert (project.progress_note, project.procedures_due) == ("环评已受理", date(2024, 8, 1))


async def test_a_stale_edit_keeps_the_typing_and_shows_what_the_other_officer_changed(
    db: str, store: Store
) -> None:
    pid = add_nandu(store, investor="甲公司")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    app.watch_seconds = 3600  # the other officer's save is met only when this one saves
    other = Store.open(db, today=TODAY, user="李科员")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one("#edit-progress_note", Input).value = "我的进展"
        screen.query_one("#edit-land_mu", Input).value = "120"
        other.update_project(pid, {"progress_note": "他的进展", "investor": "乙公司"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.project(pid).progress_note == "他的进展"  # refused: nothing overwritten
        assert app.screen is screen
        assert screen.query_one("#edit-progress_note", Input).value == "我的进展"  # kept
        assert screen.query_one("#edit-land_mu", Input).value == "120"
        assert "李科员 改为：他的进展" in rendered(screen, "#note-progress_note")
        # a field not typed over takes the other officer's value, and says so
        assert screen.query_one("#edit-investor", Input).value == "乙公司"
        assert "李科员" in rendered(screen, "#note-investor")
        assert "Ctrl+S" in rendered(screen, "#form-error")
        await pilot.press("ctrl+s")  # saved over the newer version
        await settle(pilot)
        project = store.project(pid)
        assert (project.progress_note, project.land_mu, project.investor) == (
            "我的进展",
            120,
            "乙公司",
        )
        assert not rendered(screen, "#note-progress_note")
    other.close()


async def test_after_a_stale_edit_the_typing_can_be_discarded(db: str, store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    app.watch_seconds = 3600
    other = Store.open(db, today=TODAY, user="李科员")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one("#edit-progress_note", Input).value = "我的进展"
        other.update_project(pid, {"progress_note": "他的进展"})
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "李科员 made it: 他的进展" in rendered(screen, "#note-progress_note")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("y")
        await settle(pilot)
        assert screen.query_one("#edit-progress_note", Input).value == "他的进展"
        assert not rendered(screen, "#note-progress_note")
        assert not screen.has_unsaved_typing()
    other.close()


async def test_typing_survives_a_change_of_language(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one("#edit-investor", Input).value = "某某能源公司"
        screen.query_one(TabbedContent).focus()
        await pilot.press("g")
        await settle(pilot)
        assert screen.query_one("#edit-investor", Input).value == "某某能源公司"
        assert screen.has_unsaved_typing()


async def test_a_refused_reinstatement_keeps_its_form_with_the_reason(
    db: str, store: Store
) -> None:
    pid = add_nandu(store)
    store.withdraw(pid, "企业退出", date(2024, 3, 1))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    app.watch_seconds = 3600
    other = Store.open(db, today=TODAY, user="李科员")
    async with app.run_test(size=SIZE) as pilot:
        await open_project(pilot, pid)
        await pilot.press("X")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        form.query_one("#field-reason", Input).value = "退出录错，企业仍在建设"
        other.reinstate(pid, "已核实")  # reinstated meanwhile by another officer
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert str(form.query_one("#form-error", Static).render())
        assert form.query_one("#field-reason", Input).value == "退出录错，企业仍在建设"
        assert {h.note for h in store.history(pid) if h.action == "reinstate"} == {"已核实"}
    other.close()


@pytest.mark.parametrize(
    ("tab", "key", "typed", "kept"),
    [
        ("procedures", "t", {"on": "2023-12-01"}, "on"),  # before the signing
        ("procedures", "t", {"on": "2024-08-01"}, "on"),  # in the future
        ("funds", "n", {"month": "2024-08", "funds": "1.5"}, "funds"),
        ("problems", "n", {"text": "用电负荷不足", "due": "2024-01-01"}, "text"),
    ],
    ids=["procedure-done-early", "procedure-done-later", "month", "problem"],
)
async def test_a_refused_tab_form_stays_open_with_the_reason_and_the_typing(
    store: Store, tab: str, key: str, typed: dict[str, str], kept: str
) -> None:
    pid = add_nandu(store)
    before = (store.procedures(pid), store.dispatch_records(pid), store.problems(pid))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one(TabbedContent).active = tab
        await settle(pilot)
        await pilot.press(key)
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        for field, value in typed.items():
            form.query_one(f"#field-{field}", Input).value = value
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "未保存" in str(form.query_one("#form-error", Static).render())
        assert form.query_one(f"#field-{kept}", Input).value == typed[kept]
        assert (store.procedures(pid), store.dispatch_records(pid), store.problems(pid)) == before


@pytest.mark.parametrize("form", ["tab", "new-project"])
async def test_quitting_over_a_typed_form_asks_first(store: Store, form: str) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        if form == "tab":
            screen.query_one(TabbedContent).active = "problems"
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one("#field-text", Input).value = "用地指标未落实"
        else:
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("n")
            await pilot.pause()
            app.screen.query_one("#field-name", Input).value = "新项目"
        typed_in = app.screen
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmModal) and app.is_running
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is typed_in


def options(field: ChoiceField) -> list[str]:
    """The words a choice offers, as shown."""
    select = field.query_one(Select)
    return [str(words) for words, _ in select._options if _ is not Select.BLANK]


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_problem_kind_and_status_are_chosen_from_lists_in_the_language(
    store: Store, lang: Lang
) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one(TabbedContent).active = "problems"
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        kinds = options(form.query_one("#field-category", ChoiceField))
        assert kinds[:3] == (
            ["用地", "用电", "用水"] if lang is Lang.ZH else ["land", "power", "water"]
        )
        form.query_one("#field-text", Input).value = "用电负荷不足"
        form.query_one("#field-category Select", Select).value = "用电"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert [(p.text, p.category) for p in store.problems(pid)] == [("用电负荷不足", "用电")]
        screen.query_one("#problem-table").focus()
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        status = form.query_one("#field-status", ChoiceField)
        words = ["未解决", "办理中", "已解决", "暂无法办结"]
        assert options(status) == (
            words if lang is Lang.ZH else ["open", "in hand", "resolved", "cannot resolve now"]
        )
        status.query_one(Select).focus()
        await pilot.press("enter", "down", "enter")  # it opens on its own, 未解决: one down
        await pilot.pause()
        assert status.value == "in_hand"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.problems(pid)[0].status == "in_hand"


async def test_a_problem_of_a_kind_not_listed_is_typed_after_choosing_new(store: Store) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        screen.query_one(TabbedContent).active = "problems"
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        form.query_one("#field-text", Input).value = "铁路专用线未接入"
        category = form.query_one("#field-category", ChoiceField)
        category.query_one(Select).value = NEW
        await pilot.pause()
        typed = category.query_one(Input)
        assert typed.display and app.focused is typed
        typed.value = "物流"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.problems(pid)[0].category == "物流"
        assert "物流" in store.problem_categories()  # offered from now on


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_kind_county_and_chain_are_chosen_in_the_project_form(
    store: Store, lang: Lang
) -> None:
    pid = add_nandu(store, chain="风电装备")
    add_nandu(store, "玉门风电项目", code=None, county="玉门市", chain="光伏装备")
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        kind = screen.query_one("#edit-kind", ChoiceField)
        assert options(kind) == (["新建", "续建"] if lang is Lang.ZH else ["new", "continuing"])
        county = screen.query_one("#edit-county", ChoiceField)
        assert set(options(county)) >= {"肃州区", "玉门市"}
        assert not screen.has_unsaved_typing()
        kind.query_one(Select).value = "continuing"
        county.query_one(Select).value = "玉门市"
        chain = screen.query_one("#edit-chain", ChoiceField)
        chain.query_one(Select).value = NEW
        await pilot.pause()
        chain.query_one(Input).value = "储能装备"
        assert screen.has_unsaved_typing()
        await pilot.press("ctrl+s")
        await settle(pilot)
        project = store.project(pid)
        assert (project.kind, project.county, project.chain) == ("continuing", "玉门市", "储能装备")
        assert not screen.has_unsaved_typing()
        assert "储能装备" in options(screen.query_one("#edit-chain", ChoiceField))
        await pilot.press("g")  # the kind's words follow the language
        await settle(pilot)
        assert options(kind) == (["new", "continuing"] if lang is Lang.ZH else ["新建", "续建"])
        assert kind.value == "continuing" and not screen.has_unsaved_typing()


async def test_a_new_projects_county_is_chosen_from_those_in_use(store: Store) -> None:
    add_nandu(store, county="玉门市")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        county = form.query_one("#field-county", ChoiceField)
        assert options(county)[:1] == ["玉门市"]
        form.query_one("#field-name", Input).value = "瓜州储能项目"
        county.query_one(Select).value = "玉门市"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        assert store.project(app.screen.project_id).county == "玉门市"


@pytest.mark.parametrize(("size", "framed"), [((80, 24), False), ((160, 48), True)])
async def test_a_whole_form_fits_a_short_terminal(
    store: Store, size: tuple[int, int], framed: bool
) -> None:
    """At 24 rows the steward form's fields drop their frames so its buttons stay on screen;
    a tall terminal keeps the frames."""
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormModal)
        save = form.query(Button).first()
        assert save.region.bottom <= size[1]
        assert (form.query_one("#field-name", Input).region.height == 3) == framed
