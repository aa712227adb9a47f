"""Keys in the app's language only, and a footer showing only the keys that fit.

A key's description is a word of tui.words (Binding("a", "advance", "advance")), and so is its
tooltip, what the key does (help_advance): every screen of the app says them in the language
chosen wherever Textual shows them (the footer and its hover, the help panel), so `g` switches
them all. The command palette reads the same keys (tui.commands). Keys that do not fit the footer's width are left out from the
end (the app's own keys come after the screen's), never cut mid-label: the command palette
(^p) and the help (?) list every key.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from typing import TypeVar

from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # Textual exports the key widget only here
from textual.widgets._header import HeaderIcon  # Textual exports the icon only here

from store.labels import Lang
from tui.words import say

ResultType = TypeVar("ResultType")


@cache
def in_language(binding: Binding, lang: Lang) -> Binding:
    """The binding with its description said in the language (Textual's own, as it is). Its
    tooltip is left out: the help panel, which shows a binding's tooltip beside its
    description, has room for the key and its name only."""
    group = binding.group and replace(
        binding.group, description=say(binding.group.description, lang)
    )
    return replace(binding, description=say(binding.description, lang), tooltip="", group=group)


@cache
def what_it_does(binding: Binding, lang: Lang) -> str:
    """A key's tooltip said in the language: what the key does, for the footer's hover and
    the palette (it may name the key's own description as {label})."""
    if not binding.tooltip:
        return ""
    return say(binding.tooltip, lang, label=say(binding.description, lang))


class OneLanguageKeys(Screen[ResultType]):
    """The base of every screen of the app: it says its keys in the app's language."""

    @property
    def lang(self) -> Lang:
        """The language the app shows (Chinese in an app that keeps none)."""
        return getattr(self.app, "lang", Lang.ZH)

    def offered_bindings(self) -> dict[str, ActiveBinding]:
        """The keys that act here now, each once, as declared (their words not yet said):
        what the footer shows, and what the palette finds by either language's words."""
        return super().active_bindings

    def _handle_tooltip_timer(self, widget: Widget) -> None:
        """Textual's own tooltip (the header icon's) said in the language as it shows."""
        if isinstance(widget, HeaderIcon) and widget.tooltip is not None:
            widget.tooltip = say("open_palette", self.lang)
        super()._handle_tooltip_timer(widget)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        lang = self.lang
        return {
            key: active._replace(
                binding=in_language(active.binding, lang),
                tooltip=what_it_does(active.binding, lang),
            )
            for key, active in self.offered_bindings().items()
        }


class KeyFooter(Footer):
    """Footer whose keys never run past its right edge."""

    async def recompose(self) -> None:
        await super().recompose()
        self.call_after_refresh(self._leave_out_what_does_not_fit)

    def on_resize(self) -> None:
        for key in self._keys():
            key.display = True
        self.call_after_refresh(self._leave_out_what_does_not_fit)

    def _keys(self) -> list[Widget]:
        """The footer's items in order: a key, or a group of keys with its word (cut whole)."""
        return [item for item in self.children if not item.has_class("-command-palette")]

    def _leave_out_what_does_not_fit(self) -> None:
        palette = [key for key in self.query(FooterKey) if key.has_class("-command-palette")]
        right = self.region.right - sum(key.outer_size.width for key in palette)
        cut = False
        for key in self._keys():
            cut = cut or key.region.right > right
            key.display = not cut
