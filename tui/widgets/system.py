"""Textual's own parts in the app's language: the help panel (its keys and their group
titles), the command palette (its prompt, its "no matches" line, the system commands) and the
hint after ctrl+c; the header's tooltip is worded by tui.widgets.footer. Textual says them in
English; the app says each in the language chosen (tui.words.TEXTUAL_WORDS), so `g` switches
them with the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.align import Align
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult, SystemCommand
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import HelpPanel, Input, KeyPanel, Markdown
from textual.widgets._key_panel import BindingsTable  # Textual exports it only here
from textual.widgets.option_list import Option

from store.labels import Lang
from tui.widgets.footer import OneLanguageKeys
from tui.words import say

# Textual's system commands the palette keeps: quitting and the keys are the app's own keys
# already (q, ?), and the themes and screenshots speak English only.
KEPT_SYSTEM_COMMANDS = frozenset({"Maximize", "Minimize"})

# Widgets that title their keys in the help panel, with Textual's title.
GROUP_TITLED = (Input,)


def app_lang(app: App[Any]) -> Lang:
    lang: Lang = getattr(app, "lang", Lang.ZH)
    return lang


@contextmanager
def group_titles_in(lang: Lang) -> Iterator[None]:
    """The help panel's group titles ("Input") in the language while the panel is drawn:
    Textual reads them from the widget classes, and draws on one thread."""
    titles = {widget: widget.BINDING_GROUP_TITLE for widget in GROUP_TITLED}
    try:
        for widget, title in titles.items():
            widget.BINDING_GROUP_TITLE = say(title, lang) if title else title
        yield
    finally:
        for widget, title in titles.items():
            widget.BINDING_GROUP_TITLE = title


class OneLanguageBindings(BindingsTable):
    def render(self) -> Table:
        with group_titles_in(app_lang(self.app)):
            return self.render_bindings_table()


class OneLanguageKeyPanel(KeyPanel):
    def compose(self) -> ComposeResult:
        yield OneLanguageBindings(shrink=True, expand=False)


class OneLanguageHelp(HelpPanel):
    """Textual's help panel: the keys as the screen says them, its group titles too."""

    def compose(self) -> ComposeResult:
        yield Markdown(id="widget-help")
        yield OneLanguageKeyPanel(id="keys-help")


class OneLanguagePalette(CommandPalette, OneLanguageKeys[None]):
    """The command palette with its prompt and its "no matches" line in the language."""

    def __init__(self, lang: Lang) -> None:
        super().__init__(placeholder=say("palette_placeholder", lang), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's countdown to the line saying nothing matched, with the line in the
        language (Textual writes it in English inside this method)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:  # an empty search discovers: nothing to say when none is found
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(say("no_matches", self.lang), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
            self._list_visible = bool(search_value)

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


class OneLanguageApp(App[None]):
    """Textual's App, saying its own parts in the app's language."""

    @property
    def app_lang(self) -> Lang:
        return app_lang(self)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(OneLanguagePalette(self.app_lang))

    def action_show_help_panel(self) -> None:
        if not self.screen.query(HelpPanel):
            self.screen.mount(OneLanguageHelp())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        lang = self.app_lang
        for command in super().get_system_commands(screen):
            if command.title in KEPT_SYSTEM_COMMANDS:
                yield command._replace(title=say(command.title, lang), help=say(command.help, lang))

    def action_help_quit(self) -> None:
        """ctrl+c does not quit (it copies): the key that does, said in the language."""
        lang = self.app_lang
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    say("quit_hint", lang, keys=self.get_key_display(active.binding)),
                    title=say("quit_hint_title", lang),
                    markup=False,
                )
                return
