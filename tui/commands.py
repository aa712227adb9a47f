"""Command palette entries: every key that acts on the screen the palette opened over, read
from the same bindings as its footer and help panel (a key hidden or greyed there is not
offered here), shown in the language chosen and found by its words in either language; and
projects found by name, code, investor, pinyin or initials."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.binding import ActiveBinding, Binding
from textual.command import Hit, Hits, Provider

from store.labels import Lang, word
from tui.navigation import open_project, palette_only_actions
from tui.widgets.footer import OneLanguageKeys, in_language, what_it_does

if TYPE_CHECKING:
    from textual.screen import Screen

    from store.service import ProjectRow, Store

PROJECT_HITS = 12  # the palette shows about this many rows
FOUND_IN_HELP = 0.75  # below a match of a title, above the projects found


@dataclass(frozen=True)
class Entry:
    """A key offered in the palette: its binding as declared (description and tooltip are
    words of tui.words), the key as the footer shows it, and what choosing it runs."""

    binding: Binding
    key: str
    run: Callable[[], object]

    def shown(self, lang: Lang) -> str:
        description = in_language(self.binding, lang).description
        return f"{description} ({self.key})" if self.key else description

    def help_text(self, lang: Lang) -> str:
        return what_it_does(self.binding, lang)


def offered_keys(screen: Screen[object]) -> list[ActiveBinding]:
    """The keys the screen's footer shows usable now, each action once (its first key)."""
    if isinstance(screen, OneLanguageKeys):
        active = screen.offered_bindings()
    else:
        active = screen.active_bindings
    seen: set[str] = set()
    offered = []
    for key in active.values():
        action = key.binding.action
        if key.enabled and key.binding.show and action != "command_palette" and action not in seen:
            seen.add(action)
            offered.append(key)
    return offered


class ScreenCommands(Provider):
    def _commands(self) -> list[Entry]:
        app = self.app
        keys = offered_keys(self.screen)  # the screen the palette opened over
        entries = [
            Entry(
                key.binding,
                app.get_key_display(key.binding),
                partial(app.run_action, key.binding.action, key.node),
            )
            for key in keys
        ]
        with_key = {key.binding.action for key in keys}
        entries += [
            Entry(action.binding(), "", partial(app.run_action, f"app.{action.action}"))
            for action in palette_only_actions()
            # the screen's key names it already, or the app holds it back for now
            if f"app.{action.action}" not in with_key and app.check_action(action.action, ())
        ]
        return entries

    @property
    def lang(self) -> Lang:
        return getattr(self.app, "lang", Lang.ZH)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        lang = self.lang
        typed = query.strip().casefold()
        for entry in self._commands():
            shown = entry.shown(lang)
            # typed in either language: found, and shown in the one chosen
            score = max(matcher.match(entry.shown(other)) for other in Lang)
            if (
                not score
                and typed
                and any(typed in entry.help_text(other).casefold() for other in Lang)
            ):
                score = FOUND_IN_HELP  # what it does, in words its title lacks ("language")
            if score > 0:
                title = matcher.highlight(shown) if matcher.match(shown) else Text(shown)
                yield Hit(score, title, entry.run, help=entry.help_text(lang))

    async def discover(self) -> Hits:
        lang = self.lang
        for entry in self._commands():
            yield Hit(1, Text(entry.shown(lang)), entry.run, help=entry.help_text(lang))


def found_projects(store: Store, term: str, pinyin: bool) -> list[ProjectRow]:
    """The first projects the ledger's search finds for the term, withdrawn ones too, by name."""
    from store.service import ProjectFilter

    found = ProjectFilter(search=term, include_withdrawn=True)
    return store.page_projects(found, sort="name", limit=PROJECT_HITS, pinyin=pinyin)[1]


class ProjectCommands(Provider):
    """Projects by name, code, investor, pinyin or initials ("njfd", "nanjiao", a piece of a
    code): the ledger's search (the trigram index), read in a thread while the palette stays
    live. Choosing one opens it."""

    async def search(self, query: str) -> Hits:
        term = query.strip()
        if not term:
            return
        app = self.app
        lang: Lang = getattr(app, "lang", Lang.ZH)

        def found() -> list[ProjectRow]:  # in the thread: the store may still be opening
            return found_projects(app.store, term, lang is Lang.ZH)  # type: ignore[attr-defined]

        rows = await asyncio.to_thread(found)
        for rank, row in enumerate(rows):
            stage = word("withdrawn" if row.withdrawn_on else row.stage, lang)
            details = " · ".join(
                part for part in (row.code or "", row.county, stage, row.steward or "") if part
            )
            # below a close match of an action's title, in the order found (by name)
            yield Hit(
                0.5 - rank / 1000,
                Text(row.name),  # plain: a name may hold "[/]"
                partial(open_project, app, row.id),
                text=row.name,
                help=details,
            )
