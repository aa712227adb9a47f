"""Getting around the app, driven with Pilot over the demo office: the board's overflow and
a figures row open the ledger filtered to what they count, and the screen left keeps its
place; keys that cannot apply are not offered; the footer shows one language and never
runs past its edge, at 80 columns on every screen and at 160 on the figures."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList, Select
from textual.widgets._footer import FooterKey

from store.labels import Lang
from store.service import ProjectFilter, Store
from store.stages import Stage
from tests.conftest import TODAY
from tests.tui.test_app import settle
from tests.tui.test_one_language import foreign
from tui.app import InvestTrackApp
from tui.screens.board import BoardScreen
from tui.screens.dashboard import DashboardScreen
from tui.screens.ledger import LedgerScreen
from tui.words import say

pytestmark = pytest.mark.sqlite_only
SIZE = (160, 48)


def demo_app(demo_db: str, lang: Lang = Lang.ZH) -> InvestTrackApp:
    return InvestTrackApp(store=Store.open(demo_db, today=TODAY, user="测试员"), lang=lang)


def offered(app: InvestTrackApp) -> dict[str, bool]:
    """The actions the footer and palette offer now: True usable, False greyed."""
    return {active.binding.action: active.enabled for active in app.screen.active_bindings.values()}


def is_shown(key: FooterKey) -> bool:
    """Shown in the footer: the key, and its group when it stands in one (the screens')."""
    return key.display and (key.parent is None or key.parent.display)


def shown_keys(app: InvestTrackApp) -> list[FooterKey]:
    return [key for key in app.screen.query(FooterKey) if is_shown(key)]


async def test_board_overflow_opens_the_ledger_on_its_stage_and_b_comes_back(
    demo_db: str,
) -> None:
    app = demo_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        board = app.screen
        assert isinstance(board, BoardScreen)
        started = board.query_one("#cards-started", OptionList)
        more = board.query_one("#more-started")
        assert more.display and "另有 39 个" in str(more.render())  # 89 started, 50 cards
        started.focus()
        started.highlighted = 4
        await settle(pilot)

        await pilot.press("L")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert ledger.filters == ProjectFilter(stage=Stage.STARTED)
        assert ledger.total == 89 and {row.stage for row in ledger.rows} == {"started"}
        assert ledger.query_one("#stage", Select).value == "started"

        await pilot.press("b")
        await settle(pilot)
        assert app.screen is board
        assert board.focused is started and started.highlighted == 4  # where it was

        # the overflow line itself: Tab reaches it, Enter opens the ledger on its stage
        ledger.show_filtered(ProjectFilter(search="储能"))
        board.query_one("#more-started").focus()
        await settle(pilot)
        assert "advance" not in offered(app)  # no card under the cursor
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is ledger and ledger.filters == ProjectFilter(stage=Stage.STARTED)
        assert ledger.query_one("#search", Input).value == ""  # the earlier search is gone
        assert ledger.total == 89


@pytest.mark.parametrize(
    ("group_by_presses", "by"),
    [(0, "county"), (1, "chain"), (2, "steward"), (3, "stage")],
)
async def test_a_figures_row_opens_the_ledger_on_its_projects(
    demo_db: str, group_by_presses: int, by: str
) -> None:
    app = demo_app(demo_db, Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await settle(pilot)
        for _ in range(group_by_presses):
            await pilot.press("v")
            await settle(pilot)
        figures = app.screen
        assert isinstance(figures, DashboardScreen) and figures.by == by
        table = figures.query_one("#figure-groups", DataTable)
        assert figures.focused is table
        await pilot.press("down")
        await settle(pilot)
        name = figures.group_names[1]
        counted = int(str(table.get_row_at(1)[1]).replace(",", ""))

        await pilot.press("enter")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        wanted = ProjectFilter(stage=Stage(name)) if by == "stage" else ProjectFilter(**{by: name})
        assert ledger.filters == wanted
        assert ledger.total == counted  # the ledger lists what the figure counted
        assert {getattr(row, by) for row in ledger.rows} == {name}
        shown = ledger.query_one(f"#{by}", Select).value
        assert shown == name

        await pilot.press("f")
        await settle(pilot)
        assert app.screen is figures and figures.by == by
        assert figures.focused is table and table.cursor_row == 1


async def test_the_row_of_projects_without_a_steward_is_not_drilled_into(
    demo_store: Store, demo_db: str
) -> None:
    stewardless = demo_store.add_project({"name": "无人包抓项目", "signed_on": TODAY})
    assert demo_store.project(stewardless.id or 0).steward_id is None
    app = demo_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f", "v", "v")
        await settle(pilot)
        figures = app.screen
        assert isinstance(figures, DashboardScreen) and figures.by == "steward"
        table = figures.query_one("#figure-groups", DataTable)
        table.move_cursor(row=figures.group_names.index("-"))
        await settle(pilot)
        assert offered(app)["group_ledger"] is False  # greyed
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is figures


async def test_keys_that_cannot_apply_are_not_offered(demo_db: str) -> None:
    app = demo_app(demo_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # the board: the screen shown is not offered again; moves only on a card
        screen_keys = set(app.screen.active_bindings)
        assert {"l", "s", "d", "f"} <= screen_keys and "b" not in screen_keys
        assert {"advance", "withdraw", "stage_ledger"} <= set(offered(app))

        await pilot.press("l")
        await settle(pilot)
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        keys = {key: active.enabled for key, active in ledger.active_bindings.items()}
        assert keys["right_square_bracket"] and not keys["left_square_bracket"]  # page 1 of 2
        await pilot.press("right_square_bracket")
        await settle(pilot)
        keys = {key: active.enabled for key, active in ledger.active_bindings.items()}
        assert not keys["right_square_bracket"] and keys["left_square_bracket"]
        ledger.show_filtered(ProjectFilter(search="没有这样的项目"))
        await settle(pilot)
        assert ledger.total == 0
        assert not {"advance", "back", "withdraw", "assign", "resume"} & set(offered(app))

        await pilot.press("s")
        await settle(pilot)
        # stewards: reassign and the steward's own keys; the other moves are the project's
        assert {"assign", "rename_steward", "merge_steward", "retire_steward"} <= set(offered(app))
        assert not {"advance", "back", "withdraw", "resume", "reinstate"} & set(offered(app))

        await pilot.press("d")
        await settle(pilot)
        keys = {key: active.enabled for key, active in app.screen.active_bindings.items()}
        assert keys["right_square_bracket"] and not keys["left_square_bracket"]  # 529 items


async def test_the_board_offers_no_move_on_an_empty_column(store: Store) -> None:
    store.add_project({"name": "南都储能项目", "signed_on": TODAY})
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert {"advance", "withdraw", "assign"} <= set(offered(app))  # on the signed card
        await pilot.press("right")  # procedures: no card
        await settle(pilot)
        assert not {"advance", "back", "withdraw", "assign", "resume"} & set(offered(app))
        await pilot.press("left")
        await settle(pilot)
        assert "advance" in offered(app)


@pytest.mark.parametrize("lang", [Lang.ZH, Lang.EN])
async def test_the_footer_fits_at_80_columns_on_every_screen(demo_db: str, lang: Lang) -> None:
    app = demo_app(demo_db, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        for key in ("b", "l", "s", "d", "f", "j", "k", "y"):
            await pilot.press(key)
            await settle(pilot)
            footer_keys = list(app.screen.query(FooterKey))
            palette = [key for key in footer_keys if key.has_class("-command-palette")]
            shown = [key for key in shown_keys(app) if key not in palette]
            assert len(shown) >= 4, [key.description for key in shown]
            edge = palette[0].region.x
            assert all(key.region.right <= edge for key in shown), app.screen
            # one language (the switch names both)
            labels = [key.description for key in shown if key.description != say("language", lang)]
            assert not foreign(labels, lang), labels
            if len(shown) < len(footer_keys) - 1:  # some left out: from the end, in order
                hidden = [key for key in footer_keys if not is_shown(key)]
                assert footer_keys.index(hidden[0]) > footer_keys.index(shown[-1])


async def test_the_figures_footer_shows_every_key_at_160_columns_in_english(
    demo_db: str,
) -> None:
    app = demo_app(demo_db, Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        await settle(pilot)
        labels = [key.description for key in shown_keys(app)]
        assert len(labels) == len(list(app.screen.query(FooterKey)))
        assert {"Period", "Group by", "Row ledger", "Help", "Quit"} <= set(labels)
        await pilot.press("g")
        await settle(pilot)
        assert {"期间", "分组", "本行台账", "帮助"} <= {k.description for k in shown_keys(app)}
