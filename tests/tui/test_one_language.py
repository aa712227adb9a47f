"""One language at a time: the forms the move keys open, the stewards screen's forms and
questions, a refusal and the notices say everything of their own in the language chosen
(names, dates and what was typed are data, in whatever script they were written).
Driven headless with Pilot against a real database file."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from datetime import date
from typing import Any

import pytest
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Button, Input, Label, OptionList, Static, TabbedContent, TabPane

import tui
from store.labels import WORDS, Lang
from store.service import Store
from tests.conftest import add_nandu
from tests.tui.test_app import SIZE, fill_form, settle
from tests.tui.test_forms import open_project
from tests.tui.test_stewards_deadlines import office, open_picker
from tui.app import InvestTrackApp
from tui.modals import ConfirmModal, FormModal
from tui.steward_picker import StewardPicker
from tui.widgets.footer import OneLanguageKeys
from tui.words import APP_WORDS, say

pytestmark = pytest.mark.sqlite_only

# Chinese characters and full-width punctuation: none in English
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
# a word of two letters or more: none in Chinese, but for the names of keys
ENGLISH = re.compile(r"[A-Za-z]{2,}")
KEY_NAMES = {"Ctrl", "Esc", "Enter"}

NANDU = "酒泉南都电源储能项目"
JUHUA = "甘肃巨化新材料项目"
DATA = (NANDU, JUHUA, "南都储能项目", "巨化新材料项目", "王建国", "李志强", "王建果")


def own_words(screen: Screen[Any]) -> list[str]:
    """What a form, picker or question says of its own: its title, labels, buttons, choices,
    error line, and the keys it binds (the help panel lists them)."""
    texts = [str(widget.render()) for widget in screen.query(".form-title, #form-error")]
    texts += [str(label.render()) for label in screen.query(Label)]
    texts += [str(button.label) for button in screen.query(Button)]
    texts += [str(option.prompt) for found in screen.query(OptionList) for option in found.options]
    ours = {binding.action for binding in type(screen).BINDINGS if isinstance(binding, Binding)}
    texts += [
        active.binding.description
        for active in screen.active_bindings.values()
        # Textual's own keys (Tab, Ctrl+C, an Input's) say what Textual says
        if active.node is screen and active.binding.action in ours
    ]
    return texts


def foreign(texts: list[str], lang: Lang) -> list[str]:
    """The texts holding a word of the other language, once the data is taken out."""
    found = []
    for text in texts:
        for data in DATA:
            text = text.replace(data, "")
        if lang is Lang.EN and CHINESE.search(text):
            found.append(text)
        if lang is Lang.ZH and set(ENGLISH.findall(text)) - KEY_NAMES:
            found.append(text)
    return found


def notice_words(app: InvestTrackApp) -> list[str]:
    notice = app.notices[-1]
    return [notice.title, notice.message]


LANGS = pytest.mark.parametrize("lang", [Lang.EN, Lang.ZH])


def app_classes() -> list[type]:
    """Every class the app defines (the command line apart: it shows no screen)."""
    found = []
    for module in pkgutil.walk_packages(tui.__path__, "tui."):
        if module.name == "tui.cli" or module.name.startswith("tui.cli."):
            continue
        loaded = importlib.import_module(module.name)
        found += [
            value
            for value in vars(loaded).values()
            if inspect.isclass(value) and value.__module__ == module.name
        ]
    return found


def test_every_key_of_the_app_is_a_word_said_in_one_language() -> None:
    classes = app_classes()
    screens = [cls for cls in classes if issubclass(cls, Screen)]
    assert len(screens) >= 10, screens
    assert all(issubclass(screen, OneLanguageKeys) for screen in screens), screens
    described = [
        (cls.__name__, binding.description)
        for cls in classes
        for binding in vars(cls).get("BINDINGS", [])
        if isinstance(binding, Binding)
    ]
    assert len(described) >= 50, described
    # a word of the app, or a sign that needs none (←)
    assert [
        (name, description)
        for name, description in described
        if description not in APP_WORDS and re.search(r"\w", description)
    ] == []


def test_each_word_of_the_app_is_said_once_in_each_language() -> None:
    pairs = list(APP_WORDS.values())
    assert len(pairs) == len(set(pairs))  # no entry twice
    assert not set(pairs) & set(WORDS.values())  # a field, stage or figure: store.labels'
    assert not set(APP_WORDS) & set(WORDS)  # no key hides a word of store.labels
    switch = say("language", Lang.EN)
    assert [pair for pair in pairs if not pair[0] or not pair[1]] == []
    assert [english for _, english in pairs if english != switch and CHINESE.search(english)] == []


@LANGS
async def test_the_forms_of_the_move_keys_speak_one_language(store: Store, lang: Lang) -> None:
    moving = add_nandu(store, NANDU, kind="continuing")
    store.advance(moving, date(2024, 3, 1))  # procedures: every move applies
    gone = add_nandu(store, JUHUA, code="2401-620902-04-01-654321")
    store.withdraw(gone, "企业投资计划调整", date(2024, 3, 1))
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_project(pilot, moving)
        for key, form in (
            ("a", FormModal),
            ("z", FormModal),
            ("x", FormModal),
            ("r", StewardPicker),
            ("c", FormModal),
        ):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, form), key
            if key in ("z", "x"):
                await pilot.press("ctrl+s")  # no reason given: the form names the field
                await settle(pilot)
                assert isinstance(app.screen, form), key
            words = own_words(app.screen)
            assert len(words) >= 4, words
            assert not foreign(words, lang), (key, words)
            await pilot.press("escape")
            await settle(pilot)
            if isinstance(app.screen, ConfirmModal):  # the typing asked about: thrown away
                assert not foreign(own_words(app.screen), lang)
                await pilot.press("y")
                await settle(pilot)

        await pilot.press("a")
        await settle(pilot)
        await fill_form(pilot, {})  # today's date and no note: advanced
        assert store.project(moving).stage == "started"
        assert not foreign(notice_words(app), lang), notice_words(app)

        await pilot.press("escape")
        await settle(pilot)
        await open_project(pilot, gone)
        await pilot.press("X")
        await settle(pilot)
        assert isinstance(app.screen, FormModal)
        assert not foreign(own_words(app.screen), lang), own_words(app.screen)


@LANGS
async def test_the_stewards_screen_forms_speak_one_language(store: Store, lang: Lang) -> None:
    office(store)
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await settle(pilot)
        # t: the steward chosen still has active projects, so retiring asks who takes them
        for key, form in (("e", FormModal), ("M", StewardPicker), ("t", StewardPicker)):
            await pilot.press(key)
            await settle(pilot)
            assert isinstance(app.screen, form), key
            words = own_words(app.screen)
            assert len(words) >= 2, words
            assert not foreign(words, lang), (key, words)
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("e")
        await settle(pilot)
        await fill_form(pilot, {"name": "王建国"})  # another steward's name: refused
        assert store.steward_names() == ["李志强", "王建国"]
        title = app.notices[-1].title
        assert title and not foreign([title], lang), title


@LANGS
async def test_a_refusal_speaks_one_language(store: Store, lang: Lang) -> None:
    office(store)
    store.withdraw("巨化新材料项目", "企业投资计划调整")
    store.retire_steward("李志强")
    app = InvestTrackApp(store=store, lang=lang)
    async with app.run_test(size=SIZE) as pilot:
        await open_picker(pilot, app)  # on 南都储能项目
        app.screen.query_one("#steward-search", Input).value = "李志强"  # retired
        await pilot.pause()
        choices = app.screen.query_one("#steward-choices", OptionList)
        choices.highlighted = choices.option_count - 1  # creating the name typed
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmModal)
        assert not foreign(own_words(app.screen), lang), own_words(app.screen)
        await pilot.press("y")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, StewardPicker)
        refusal = str(picker.query_one("#form-error", Static).render())
        assert "李志强" in refusal  # the store's reason, said in the language chosen
        assert not foreign([refusal], lang), refusal
        assert store.project_row("南都储能项目").steward == "王建国"


async def test_g_switches_what_the_project_screen_says(store: Store) -> None:
    pid = add_nandu(store, NANDU)
    app = InvestTrackApp(store=store, lang=Lang.EN)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_project(pilot, pid)
        tabs = screen.query_one(TabbedContent)

        def words() -> list[str]:
            labels = [str(label.render()) for label in screen.query("#project-form Label")]
            titles = [str(tabs.get_tab(pane.id or "").label) for pane in screen.query(TabPane)]
            keys = [  # the app's keys: Textual's own (Tab, Ctrl+Q) say what Textual says
                active.binding.description
                for active in screen.active_bindings.values()
                if active.binding.id
            ]
            return [*labels, *titles, *keys]

        assert "Signed amount (100M yuan)" in words() and "Details" in words()
        for lang in (Lang.ZH, Lang.EN):
            await pilot.press("g")
            await settle(pilot)
            assert app.lang is lang
            shown = [word for word in words() if word != say("language", lang)]
            assert not foreign(shown, lang), shown
