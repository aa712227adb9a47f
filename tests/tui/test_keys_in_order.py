"""Keys typed in one burst, as a terminal delivers a fast typist's or a paste's, act in the
order typed: a binding (ctrl+u, tab, end, a key opening a screen) never lets the characters
after it overtake it, so nothing typed is lost."""

from __future__ import annotations

from datetime import date

import pytest
from textual import events
from textual.widgets import Input, OptionList

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import add, settle
from tui.app import InvestTrackApp
from tui.modals import FormModal
from tui.new_project import NewProjectModal
from tui.screens.board import BoardScreen
from tui.screens.ledger import LedgerScreen

pytestmark = pytest.mark.sqlite_only


async def burst(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    """The keys posted at once, without waiting between them (Pilot's press waits for each
    to be handled, which a terminal does not), then their effects awaited."""
    for key in keys:
        pilot.app.post_message(events.Key(key, key if len(key) == 1 else None))
    await settle(pilot)
    await pilot.pause(0.2)
    await settle(pilot)


def typed(app: InvestTrackApp, field: str) -> str:
    return app.screen.query_one(f"#{field}", Input).value


async def test_a_burst_into_the_advance_form_keeps_every_key(store: Store) -> None:
    pid = add(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-signed", OptionList).focus()
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await burst(pilot, "ctrl+u", *"2024-06-01")  # the date shown, cleared and retyped
        assert typed(app, "field-on") == "2024-06-01"
        await burst(pilot, "end", *"x", "backspace", "tab", *"手续齐")
        assert typed(app, "field-on") == "2024-06-01"
        assert typed(app, "field-note") == "手续齐"
        await burst(pilot, "shift+tab", "ctrl+u", *"2024-06-02", "ctrl+s")
        assert isinstance(app.screen, BoardScreen), app.screen
        assert store.project(pid).procedures_on == date(2024, 6, 2)
        assert store.history(pid)[-1].note == "手续齐"


async def test_a_key_opening_a_screen_then_typing_at_once(store: Store) -> None:
    add(store)
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.screen.query_one("#cards-signed", OptionList).focus()
        # the move form and its date typed before it is drawn
        await burst(pilot, "a", "ctrl+u", *"2024-06-01", "tab", *"ok", "ctrl+s")
        assert isinstance(app.screen, BoardScreen)
        assert store.project(1).stage == "procedures" and store.history(1)[-1].note == "ok"
        await burst(pilot, "n", *"新项目")  # the new project form, its name typed at once
        assert isinstance(app.screen, NewProjectModal)
        assert typed(app, "field-name") == "新项目"
        await burst(pilot, "escape", "y")  # leaving asks: yes
        assert isinstance(app.screen, BoardScreen)
        await burst(pilot, "slash", *"jqnd")  # the ledger shown for the first time, searched
        assert isinstance(app.screen, LedgerScreen)
        assert typed(app, "search") == "jqnd"
