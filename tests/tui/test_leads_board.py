"""The leads board, driven with Pilot: columns 线索 | 研判 | 在谈, the board's keys to move a
lead, signing into a project, dropping with a reason, and the forms."""

from __future__ import annotations

import io
from datetime import date

import pytest
from rich.console import Console
from textual.widgets import OptionList, Static

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import SIZE, fill_form, settle
from tui.app import SCREENS_BY_KEY, InvestTrackApp

pytestmark = pytest.mark.sqlite_only


def add(store: Store, name: str, registered: date = date(2024, 6, 3), **values: object) -> None:
    given = {"name": name, "source": "以商招商", "owner": "王建国", "registered_on": registered}
    store.add_lead(given | values)


def texts(app: InvestTrackApp, stage: str) -> list[str]:
    column = app.screen.query_one(f"#leads-{stage}", OptionList)
    return [
        str(column.get_option_at_index(i).prompt).splitlines()[0][1:]
        for i in range(column.option_count)
    ]


async def to_column(pilot, app: InvestTrackApp, stage: str) -> None:  # type: ignore[no-untyped-def]
    app.screen.query_one(f"#leads-{stage}", OptionList).focus()
    await pilot.pause()


async def until_in(pilot, app: InvestTrackApp, stage: str, name: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(50):
        await settle(pilot)
        if name in texts(app, stage):
            return
    raise AssertionError(f"{name} not in {stage}: {[n.message for n in app._notifications]}")


def test_the_leads_board_comes_before_the_projects_board() -> None:
    keys = list(SCREENS_BY_KEY)
    assert keys.index("leads") < keys.index("board")
    assert SCREENS_BY_KEY["leads"][0] == "j"


async def test_walk_a_lead_to_signing_on_the_board(store: Store) -> None:
    add(store, "南郊储能线索", amount_yuan=300_000_000)
    add(store, "光热线索", registered=date(2024, 6, 28))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        head = app.screen.query_one("#leads-head-lead", Static)
        assert str(head.render()).splitlines() == ["线索 2", "3.00 亿元"]
        # the most urgent first: the older lead is past its day to be answered
        assert texts(app, "lead") == ["南郊储能线索", "光热线索"]
        await to_column(pilot, app, "lead")
        await pilot.press("a")
        await pilot.pause()
        await fill_form(pilot, {"on": "2024-06-04", "note": "已回复"})
        await until_in(pilot, app, "assessed", "南郊储能线索")
        await to_column(pilot, app, "assessed")
        await pilot.press("a")
        await pilot.pause()
        await fill_form(pilot, {"on": "2024-06-06", "note": ""})
        await until_in(pilot, app, "negotiating", "南郊储能线索")
        await to_column(pilot, app, "negotiating")
        await pilot.press("a")  # under negotiation, a signs
        await pilot.pause()
        await fill_form(pilot, {"on": "2024-06-20", "county": "肃州区", "steward": ""})
        for _ in range(50):
            await settle(pilot)
            if not texts(app, "negotiating"):
                break
        lead = store.lead("南郊储能线索")
        assert lead.stage == "signed" and lead.project_id is not None
        project = store.project(lead.project_id)
        assert (project.county, project.signed_amount_yuan) == ("肃州区", 300_000_000)
        assert project.signed_on == date(2024, 6, 20)


async def test_back_drop_and_a_refusal_kept_in_the_form(store: Store) -> None:
    add(store, "甲线索")
    store.move_lead("甲线索", "研判", date(2024, 6, 4))
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await settle(pilot)
        await to_column(pilot, app, "assessed")
        await pilot.press("z")
        await pilot.pause()
        await fill_form(pilot, {"reason": "录错"})
        await until_in(pilot, app, "lead", "甲线索")
        await to_column(pilot, app, "lead")
        await pilot.press("x")
        await pilot.pause()
        await fill_form(pilot, {"reason": "企业转投他处", "on": "2024-06-01"})
        error = app.screen.query_one("#form-error", Static)
        assert "before it entered" in str(error.render())  # refused: the form stays open
        await fill_form(pilot, {"reason": "企业转投他处", "on": "2024-06-25"})
        for _ in range(50):
            await settle(pilot)
            if not texts(app, "lead"):
                break
        assert store.lead("甲线索").stage == "dropped"
        assert "No leads yet" in str(app.screen.query_one("#empty-hint", Static).render())


async def test_a_new_lead_in_a_form_and_the_reserve(store: Store) -> None:
    add(store, "储备光伏项目", kind="reserve")
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await settle(pilot)
        assert texts(app, "lead") == []
        await pilot.press("n")
        await pilot.pause()
        await fill_form(
            pilot,
            {
                "name": "氢能装备线索",
                "source": "驻外",
                "owner": "李志强",
                "registered_on": "2024-06-27",
                "amount_yuan": "5000万",
            },
        )
        await until_in(pilot, app, "lead", "氢能装备线索")
        assert store.lead("氢能装备线索").amount_yuan == 50_000_000
        await pilot.press("v")  # the reserve instead
        await until_in(pilot, app, "lead", "储备光伏项目")
        await to_column(pilot, app, "lead")
        await pilot.press("enter")
        await pilot.pause()
        await fill_form(pilot, {"chain": "光伏", "notes": "推介会对接"})
        for _ in range(50):
            await settle(pilot)
            if store.lead("储备光伏项目").chain == "光伏":
                break
        assert store.lead("储备光伏项目").notes == "推介会对接"
        assert store.lead_history("储备光伏项目")[-1].action == "edit"


async def test_the_figures_screen_shows_the_funnel(store: Store) -> None:
    add(store, "甲线索", registered=date(2024, 6, 3))
    add(store, "乙线索", registered=date(2024, 6, 4))
    store.move_lead("甲线索", "研判", date(2024, 6, 4))
    store.move_lead("甲线索", "在谈", date(2024, 6, 5))
    store.sign_lead("甲线索", date(2024, 6, 20))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        panel = app.screen.query_one("#lead-funnel", Static)

        def shown() -> str:
            console = Console(width=120, record=True, file=io.StringIO())
            console.print(panel.content)
            return console.export_text()

        for _ in range(50):
            await settle(pilot)
            if "线索漏斗" in shown():
                break
        text = shown()
        assert "转化率 50.0% (1/2)" in text
        lines = [line for line in text.splitlines() if "研判" in line]
        assert lines and "1/2" in lines[0]  # one of the two registered was not assessed


async def test_a_report_on_a_lead_under_negotiation(store: Store) -> None:
    add(store, "甲线索")
    add(store, "乙线索")
    store.move_lead("甲线索", "研判", date(2024, 6, 4))
    store.move_lead("甲线索", "在谈", date(2024, 6, 5))
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j")
        await settle(pilot)
        await to_column(pilot, app, "lead")
        assert app.screen.check_action("report", ()) is False  # not owed before 在谈
        await to_column(pilot, app, "negotiating")
        await pilot.press("t")
        await pilot.pause()
        await fill_form(pilot, {"note": "第二轮洽谈", "on": "2024-06-28"})
        for _ in range(50):
            await settle(pilot)
            if store.lead("甲线索").reported_on:
                break
        assert store.lead("甲线索").reported_on == date(2024, 6, 28)
        assert store.lead_row("甲线索").due_on == date(2024, 7, 12)
