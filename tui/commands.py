"""Command palette entries: every screen and app action, searchable in Chinese or English,
and projects found by name, code, investor, pinyin or initials."""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual.command import Hit, Hits, Provider

from store.labels import Lang, word
from tui.navigation import APP_ACTIONS, open_project

if TYPE_CHECKING:
    from store.service import ProjectRow, Store

PROJECT_HITS = 12  # the palette shows about this many rows


class ScreenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        from tui.app import SCREENS_BY_KEY
        from tui.screens.import_ import ImportScreen

        app = self.app
        entries: list[tuple[str, str, object]] = [
            (f"{label} ({key})", f"Show the {name} screen", partial(app.switch_mode, name))
            for name, (key, label, _) in SCREENS_BY_KEY.items()
        ]
        entries += [
            (
                f"{action.label} ({action.shown})",
                action.help,
                partial(app.run_action, action.action),
            )
            for action in APP_ACTIONS
        ]
        entries += [
            (
                "中/EN language 切换语言 (g)",
                "Switch between Chinese and English labels",
                app.action_toggle_language,
            ),  # type: ignore[attr-defined]
            ("Help 帮助 (?)", "Show the keys of this screen", app.action_toggle_help),  # type: ignore[attr-defined]
            (
                "Messages 消息记录 (m)",
                "Every notice since the app opened",
                app.action_messages,  # type: ignore[attr-defined]
            ),
        ]
        if not isinstance(self.screen, ImportScreen):  # the screen the palette opened over
            entries.append(
                (
                    "Import 导入 (i)",
                    "Read an office's sheet (.csv, .xlsx, .xls), see how it maps, then write it",
                    app.action_import_sheet,  # type: ignore[attr-defined]
                )
            )
        on_project = "On the selected project"
        for key, action, label, help_text in (
            ("n", "new_project", "New project 新增项目", "Add a signed project in a form"),
            ("a", "advance", "Advance 推进", on_project),
            ("z", "back", "Back 退回", on_project),
            ("x", "withdraw", "Withdraw 退出", on_project),
            ("X", "reinstate", "Reinstate 恢复", "Undo the selected project's withdrawal"),
            ("r", "assign", "Reassign 调整领导", on_project),
            ("c", "resume", "Resume 复工", "A continuing project's resumption this year"),
            ("l", "ledger", "Ledger 台账 (this project)", "The ledger, on the opened project"),
            ("w", "toggle_wide", "Columns 列", "Every ledger column, or the ones read first"),
            ("e", "export", "Export 导出", "The projects shown, to a workbook"),
            ("e", "rename_steward", "Rename steward 领导更名", "Correct the chosen steward's name"),
            (
                "M",
                "merge_steward",
                "Merge steward 合并领导",
                "Move every project of the chosen steward to another, then remove it",
            ),
            (
                "t",
                "retire_steward",
                "Retire steward 领导离任",
                "The chosen steward is offered for no new project (again: offered again)",
            ),
            ("p", "period", "Period 期间", "Figures for the year, quarter or month to date"),
            ("v", "group_by", "Group by 分组", "Figures by county, chain, steward or stage"),
        ):
            # the screen the palette opened over, where the key would act now
            screen = self.screen
            if hasattr(screen, f"action_{action}") and screen.check_action(action, ()):
                entries.append((f"{label} ({key})", help_text, partial(screen.run_action, action)))
        return entries

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)  # type: ignore[arg-type]

    async def discover(self) -> Hits:
        for title, help_text, callback in self._commands():
            yield Hit(1, title, callback, help=help_text)  # type: ignore[arg-type]


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
