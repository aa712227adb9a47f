"""The command palette offers the keys the screen's footer offers, read from the same
bindings: every one usable now (a project's tab keys, the board's and the figures' `L`,
`ctrl+d` once something is typed) and none that cannot apply. Driven with Pilot."""

from __future__ import annotations

import re

import pytest
from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, Input, TabbedContent
from textual.widgets._footer import FooterKey

from store.labels import Lang
from store.service import ProjectFilter, Store
from store.stages import Stage
from tests.conftest import TODAY, add_nandu
from tests.tui.test_app import SIZE, settle
from tests.tui.test_one_language import app_classes
from tests.tui.test_undo_funds import palette_titles
from tui.app import InvestTrackApp
from tui.modals import FormModal
from tui.screens.base import StoreScreen
from tui.screens.import_ import ImportScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.project import TABS, ProjectScreen
from tui.words import APP_WORDS

pytestmark = pytest.mark.sqlite_only
KEY_ENTRY = re.compile(r".+ \(.+\)$")  # an entry of the app's keys: "Advance (a)"


def footer_entries(app: InvestTrackApp) -> set[str]:
    """The keys the footer offers usable now (shown or cut for width), as the palette
    titles them. A key of a group (the screens) shows no word of its own: the palette
    names it by its binding's."""
    bindings = app.screen.active_bindings
    return {
        f"{key.description or bindings[key.key].binding.description} ({key.key_display})"
        for key in app.screen.query(FooterKey)
        if not key.has_class("-disabled") and not key.has_class("-command-palette")
    }


async def palette_entries(pilot) -> set[str]:  # type: ignore[no-untyped-def]
    """The app's keys the palette lists before anything is typed (Textual's own apart)."""
    return {title for title in await palette_titles(pilot, "") if KEY_ENTRY.match(title)}


async def choose(pilot, words: str, title: str) -> None:  # type: ignore[no-untyped-def]
    """Run the palette's entry of that title, found by the words typed."""
    await pilot.press("ctrl+p")
    await pilot.press(*words)
    await settle(pilot)
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette)
    commands = palette.query_one(CommandList)
    titles = [
        str(commands.get_option_at_index(i).prompt).splitlines()[0]
        for i in range(commands.option_count)
    ]
    commands.highlighted = titles.index(title)
    await pilot.press("enter")
    await settle(pilot)


def test_every_key_of_a_screen_says_what_it_does() -> None:
    """The palette's help line under each key (and the footer's hover): a word of the app."""
    screens = [InvestTrackApp, ImportScreen] + [
        cls for cls in app_classes() if isinstance(cls, type) and issubclass(cls, StoreScreen)
    ]
    keys = [
        (cls.__name__, binding.action, binding.tooltip)
        for cls in screens
        for binding in vars(cls).get("BINDINGS", [])
        if isinstance(binding, Binding) and binding.show
    ]
    assert len(keys) >= 40, keys
    assert [key for key in keys if key[2] not in APP_WORDS] == []


@pytest.mark.parametrize("lang", [Lang.EN, Lang.ZH])
async def test_the_palette_offers_what_the_footer_offers_on_every_screen(
    demo_db: str, lang: Lang
) -> None:
    app = InvestTrackApp(store=Store.open(demo_db, today=TODAY, user="测试员"), lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("b", "l", "s", "d", "f", "j", "k", "y"):
            await pilot.press(key)
            await settle(pilot)
            footer = footer_entries(app)
            assert len(footer) >= 8, footer
            assert await palette_entries(pilot) == footer, key
        await pilot.press("l", "enter")  # a project, each of its tabs
        await settle(pilot)
        assert isinstance(app.screen, ProjectScreen)
        for tab, _ in TABS:
            app.screen.query_one(TabbedContent).active = tab
            await settle(pilot)
            assert await palette_entries(pilot) == footer_entries(app), tab


async def test_a_projects_tab_keys_and_discard_are_offered_where_they_apply(
    store: Store,
) -> None:
    pid = add_nandu(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ProjectScreen(pid))
        await settle(pilot)
        screen = app.screen
        offered = await palette_entries(pilot)
        assert "Save (^s)" in offered and "Discard (^d)" not in offered  # nothing typed
        assert not {"Add procedure (n)", "Edit (e)"} & offered  # the tabs' keys, on their tabs
        screen.query_one("#edit-investor", Input).value = "南都电源"
        await settle(pilot)
        assert "Discard (^d)" in await palette_entries(pilot)

        tabs = screen.query_one(TabbedContent)
        tabs.active = "procedures"
        await settle(pilot)
        offered = await palette_entries(pilot)
        assert {"Add procedure (n)", "Done (t)", "Due (u)", "Drop (del)"} <= offered
        assert not {"Save (^s)", "Discard (^d)", "Month's funds (n)"} & offered

        tabs.active = "funds"
        await settle(pilot)
        offered = await palette_entries(pilot)
        assert "Month's funds (n)" in offered
        assert not {"Edit (e)", "Drop (del)"} & offered  # no month under the cursor
        store.set_month(pid, TODAY.replace(day=1), 2 * 10**8)
        app.post_data_changed("elsewhere")
        await settle(pilot)
        assert {"Edit (e)", "Drop (del)"} <= await palette_entries(pilot)

        tabs.active = "problems"
        await settle(pilot)
        offered = await palette_entries(pilot)
        assert "Raise problem (n)" in offered and "Edit (e)" not in offered
        await choose(pilot, "raise", "Raise problem (n)")  # chosen: the tab's form
        form = app.screen
        assert isinstance(form, FormModal) and form.form_title == "Raise problem"


async def test_the_board_and_the_figures_offer_their_ledger_in_the_palette(
    demo_db: str,
) -> None:
    app = InvestTrackApp(store=Store.open(demo_db, today=TODAY, user="测试员"), lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await choose(pilot, "stage ledger", "Stage ledger (L)")
        ledger = app.screen
        assert isinstance(ledger, LedgerScreen)
        assert ledger.filters == ProjectFilter(stage=Stage.SIGNED)

        await pilot.press("f")
        await settle(pilot)
        figures = app.screen
        figures.query_one("#figure-groups", DataTable).move_cursor(row=1)
        await settle(pilot)
        county = figures.group_names[1]  # type: ignore[attr-defined]
        await choose(pilot, "row ledger", "Row ledger (L)")
        assert ledger.filters == ProjectFilter(county=county)
        assert app.screen is ledger
