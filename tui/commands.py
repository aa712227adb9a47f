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
        for key, action, label in (
            ("a", "advance", "Advance 推进"),
            ("z", "back", "Back 退回"),
            ("x", "withdraw", "Withdraw 退出"),
            ("r", "assign", "Reassign 调整领导"),
            ("e", "export", "Export 导出"),
        ):
            if hasattr(app.screen, f"action_{action}"):
                entries.append(
                    (
                        f"{label} ({key})",
                        "On the selected project",
                        partial(app.screen.run_action, action),
                    )
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
