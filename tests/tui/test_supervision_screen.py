"""The supervision screen driven with Pilot: notices by level then reply deadline, keys only
where they apply, issue, reply, escalate and close in forms (a refusal shown inside the
form, the typing kept), today's supervision, the bulletin written from the palette, enter
opening the project."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from store.domain.supervision import NoticeLevel, NoticeStatus
from store.labels import Lang
from store.service import Store
from tests.tui.test_app import fill_form, settle
from tests.tui.test_undo_funds import palette_titles
from tui.app import InvestTrackApp
from tui.modals import FormModal
from tui.screens.supervision import SupervisionScreen

pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)
A, B, C = "2401-620902-04-01-500001", "2401-620902-04-01-500002", "2401-620902-04-01-500003"


def office(store: Store) -> None:
    """Today 2024-06-30: A red with a red notice past its reply deadline; B a blue notice
    due 5 July; C yellow, with no notice yet."""
    for code, name, due in (
        (A, "华亭煤电项目", date(2024, 5, 1)),
        (B, "酒泉鸿合储能基地", date(2024, 7, 10)),
        (C, "玉门抽水蓄能电站", date(2024, 6, 20)),
    ):
        store.add_project(
            {
                "code": code,
                "name": name,
                "signed_on": date(2024, 1, 5),
                "procedures_due": due,
                "responsible_unit": "华亭县发改局",
            },
            steward="马玉兰",
            create_steward=True,
        )
    store.issue_notice(A, level=NoticeLevel.RED, issued_on=date(2024, 6, 3))
    store.issue_notice(B, issued_on=date(2024, 6, 28))


def table_rows(app: InvestTrackApp) -> list[tuple[str, ...]]:
    table = app.screen.query_one("#notices", DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(row)) for row in range(table.row_count)]


def footer_keys(app: InvestTrackApp) -> set[str]:
    return {key.key for key in app.screen.query(FooterKey)}


async def test_the_notices_by_level_and_each_key_writes_through_a_form(store: Store) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SupervisionScreen)
        title = str(app.screen.query_one("#supervision-title", Static).render())
        assert "约谈 0 · 红 1 · 黄 0 · 蓝 1 · 逾期未回复 1" in title
        rows = table_rows(app)
        assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
            ("#1", "!!! 红", "2024-06-11", "逾期未回复"),
            ("#2", "! 蓝", "2024-07-05", "待回复"),
        ]
        assert {"n", "r", "e", "c", "u", "w"} <= footer_keys(app)

        await pilot.press("r")  # the red notice's reply: its plan and due date
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await fill_form(pilot, {"plan": "七月中旬前完成用地预审", "due": "2024-07-15"})
        await settle(pilot)
        first = store.notice(1)
        assert (first.status, first.remedy_due) == (NoticeStatus.REPLIED, date(2024, 7, 15))
        assert "r" not in footer_keys(app)  # replied: nothing more to reply to

        await pilot.press("c")  # A is still late: closing needs a reason
        await settle(pilot)
        await fill_form(pilot, {"reason": ""})
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormModal)
        assert "仍然滞后" in str(form.query_one("#form-error", Static).render())
        await fill_form(pilot, {"reason": "已转县重点项目专班"})
        await settle(pilot)
        assert store.notice(1).status is NoticeStatus.CLOSED
        assert [r[0] for r in table_rows(app)] == ["#2"]

        await pilot.press("e")  # B raised by hand: yellow, due five working days on
        await settle(pilot)
        await fill_form(pilot, {"note": "企业未报送材料"})
        await settle(pilot)
        assert (store.notice(2).level, store.notice(2).reply_due) == (
            NoticeLevel.YELLOW,
            date(2024, 7, 5),
        )

        await pilot.press("n")  # a notice on C, named by its code
        await settle(pilot)
        await fill_form(pilot, {"project": C, "level": "yellow", "reason": "开工滞后"})
        await settle(pilot)
        assert [(r[0], r[1]) for r in table_rows(app)] == [("#2", "!! 黄"), ("#3", "!! 黄")]

        await pilot.press("enter")  # the project of the notice under the cursor
        await settle(pilot)
        assert type(app.screen).__name__ == "ProjectScreen"
        assert app.screen.project_id == store.project(B).id  # type: ignore[attr-defined]
        shown = str(app.screen.query_one("#project-notice", Static).render())
        assert shown == "督办 #2 !! 黄  回复时限：2024-07-05  待回复"


async def test_supervise_and_the_bulletin_from_the_palette(store: Store, tmp_path: Path) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("y")
        await settle(pilot)
        await pilot.press("u")  # A's red notice unanswered since 11 June: a summons due
        await settle(pilot)
        assert store.notice(1).level is NoticeLevel.SUMMONS
        assert table_rows(app)[0][1] == "!!!! summons"
        assert "e" not in footer_keys(app)  # a summons rises no further

        assert "Bulletin (w)" in await palette_titles(pilot, "bulletin")
        await pilot.press("w")
        await settle(pilot)
        target = tmp_path / "bulletin.md"
        await fill_form(pilot, {"month": "2024-06", "by": "unit", "path": str(target)})
        await settle(pilot)
        assert "| 华亭县发改局 | 3 | 1 | 1 | 1 | 2 | 0 | 1 | 0 |" in target.read_text("utf-8")

        await pilot.press("w")  # the same file again: refused inside the form, kept as it was
        await settle(pilot)
        before = target.read_text("utf-8")
        await fill_form(pilot, {"month": "2024-06", "by": "unit", "path": str(target)})
        await settle(pilot)
        assert "the file exists" in str(app.screen.query_one("#form-error", Static).render())
        assert target.read_text("utf-8") == before
