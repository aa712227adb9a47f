"""Command palette entries: every screen and app action, searchable in Chinese or English."""

from __future__ import annotations

from functools import partial

from textual.command import Hit, Hits, Provider


class ScreenCommands(Provider):
    def _commands(self) -> list[tuple[str, str, object]]:
        from tui.app import SCREENS_BY_KEY

        app = self.app
        entries: list[tuple[str, str, object]] = [
            (f"{label} ({key})", f"Show the {name} screen", partial(app.switch_mode, name))
            for name, (key, label, _) in SCREENS_BY_KEY.items()
        ]
        entries += [
            (
                "中/EN language 切换语言 (g)",
                "Switch between Chinese and English labels",
                app.action_toggle_language,
            ),  # type: ignore[attr-defined]
            ("Help 帮助 (?)", "Show the keys of this screen", app.action_toggle_help),  # type: ignore[attr-defined]
        ]
        on_project = "On the selected project"
        for key, action, label, help_text in (
            ("a", "advance", "Advance 推进", on_project),
            ("z", "back", "Back 退回", on_project),
            ("x", "withdraw", "Withdraw 退出", on_project),
            ("r", "assign", "Reassign 调整领导", on_project),
            ("e", "export", "Export 导出", "The projects shown, to a workbook"),
            ("p", "period", "Period 期间", "Figures for the year, quarter or month to date"),
            ("v", "group_by", "Group by 分组", "Figures by county, chain, steward or stage"),
        ):
            if hasattr(app.screen, f"action_{action}"):
                entries.append(
                    (f"{label} ({key})", help_text, partial(app.screen.run_action, action))
                )
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
