"""Textual's own words in the app's language: the help panel, the command palette (its prompt,
its empty line, the system commands), the ctrl+c hint and the header's tooltip. Driven in
Chinese with Pilot, the screen's rendered text read back."""

from __future__ import annotations

import re

import pytest
from textual.command import CommandPalette
from textual.widgets import HelpPanel, Input, OptionList
from textual.widgets._header import HeaderIcon

from store.labels import Lang
from store.service import Store
from tests.tui.test_app import add, settle
from tui.app import InvestTrackApp
from tui.modals import FormModal
from tui.screens.ledger import LedgerScreen

pytestmark = pytest.mark.sqlite_only

# Textual's English, as it would show it: none of these may reach a Chinese screen.
ENGLISH = (
    "Search",
    "commands",
    "matches",
    "found",
    "Quit",
    "quit",
    "Keys",
    "Theme",
    "Screenshot",
    "Maximize",
    "Toggle",
    "Copy",
    "Focus",
    "Next",
    "Previous",
    "Scroll",
    "Select",
    "Move",
    "cursor",
    "Cursor",
    "Delete",
    "character",
    "Input",
    "Page",
    "First",
    "Last",
    "Down",
    "Submit",
    "Paste",
    "Press",
    "Open",
    "palette",
)


def shown(app: InvestTrackApp) -> str:
    """Every line the screen shows now, as drawn (panels, toasts and the palette included)."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH if re.search(rf"\b{word}\b", text)]


async def wait(pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)
    await pilot.pause(0.6)  # the palette says "no matches" after a short wait
    await settle(pilot)


async def test_help_palette_and_hints_are_said_in_chinese_after_g(store: Store) -> None:
    add(store)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=(160, 45), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await wait(pilot)
        assert "Search for commands" in shown(app)  # English first: the words do switch
        await pilot.press("escape", "f1")
        await wait(pilot)
        assert {"Down", "Focus"} <= set(english_in(shown(app)))
        await pilot.press("f1", "g")  # Chinese from here
        await wait(pilot)
        seen = []
        await pilot.press("f1")  # the help panel over the board's cards
        await wait(pilot)
        assert app.screen.query(HelpPanel)
        seen.append(("board help", shown(app)))
        assert "下移" in seen[-1][1] and "下一个输入项" in seen[-1][1]
        await pilot.press("f1", "ctrl+p")  # the palette's prompt and its discovered entries
        await wait(pilot)
        assert isinstance(app.screen, CommandPalette)
        seen.append(("palette", shown(app)))
        assert "搜索命令或项目" in seen[-1][1]
        await pilot.press(*"zzqqxx")  # nothing found
        await wait(pilot)
        seen.append(("palette, no match", shown(app)))
        assert "没有找到" in seen[-1][1]
        await pilot.press(*["backspace"] * 6, *"放大")  # Textual's system command, in Chinese
        await wait(pilot)
        found = app.screen.query_one("CommandList", OptionList)
        assert found.option_count and "放大" in str(found.get_option_at_index(0).prompt)
        await pilot.press("escape", "l", "slash")  # the help panel over a typed line
        await settle(pilot)
        assert isinstance(app.screen, LedgerScreen) and isinstance(app.focused, Input)
        await pilot.press("f1")
        await wait(pilot)
        seen.append(("help in a typed line", shown(app)))
        assert "输入框" in seen[-1][1] and "删除左边一个字" in seen[-1][1]
        await pilot.press("f1", "escape", "down", "a")  # a form's help
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        await pilot.press("f1")
        await wait(pilot)
        seen.append(("form help", shown(app)))
        await pilot.press("f1", "escape", "ctrl+c")  # no quitting: the hint names the key that does
        await wait(pilot)
        seen.append(("ctrl+c", shown(app)))
        assert "退出程序" in seen[-1][1]
        for where, text in seen:
            assert not english_in(text), (where, english_in(text), text)


async def test_header_tooltip_in_the_language(store: Store) -> None:
    app = InvestTrackApp(store=store, lang=Lang.ZH)
    async with app.run_test(size=(100, 30), tooltips=True) as pilot:
        await settle(pilot)
        icon = app.screen.query_one(HeaderIcon)
        await pilot.hover(HeaderIcon)
        await pilot.pause(0.8)  # the tooltip shows after the mouse rests
        assert icon.tooltip == "打开命令面板"
        assert "打开命令面板" in shown(app)
        await pilot.press("g")
        await settle(pilot)
        await pilot.hover("#board")  # away, and back: the tooltip shows again
        await pilot.pause(0.3)
        await pilot.hover(HeaderIcon)
        await pilot.pause(0.8)
        assert icon.tooltip == "Open the command palette"
