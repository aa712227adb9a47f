"""The app's own actions, declared once: the app binds their keys, and the footer, the help
panel and the palette all read those bindings (tui.commands); and the two ways to reach a
project from anywhere: `/` (the ledger's search) and opening it by its id (the palette's
project hits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class AppAction:
    """An action of the app, reachable from every screen in the palette, and by its key when
    it has one (one without is bound on the screen it belongs to, as `app.<action>`)."""

    name: str  # its binding's id is app.<name>
    keys: str  # as Textual names them: "slash", "question_mark,f1"; "" for the palette only
    action: str  # the app's action_<name>
    label: str  # a word of tui.words, as the footer and the palette show it
    help: str  # a word of tui.words: what it does, as the palette and the help panel say

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, tooltip=self.help, id=f"app.{self.name}")


# in the footer's order, after the screens' keys
APP_ACTIONS = (
    AppAction("search", "slash", "search", "search", "help_search"),
    AppAction("import", "i", "import_sheet", "import", "help_import"),
    AppAction("language", "g", "toggle_language", "language", "help_language"),
    AppAction("messages", "m", "messages", "messages", "help_messages"),
    AppAction("help", "question_mark,f1", "toggle_help", "help", "help_keys"),
    AppAction("quit", "q", "quit", "quit", "help_quit"),
    # the supervision screen binds it to `w`; the palette offers it on every screen
    AppAction("bulletin", "", "bulletin", "bulletin_key", "help_bulletin"),
)


def app_bindings() -> list[Binding]:
    return [action.binding() for action in APP_ACTIONS if action.keys]


def palette_only_actions() -> list[AppAction]:
    """The app's actions with no key of their own: the palette offers them on every screen."""
    return [action for action in APP_ACTIONS if not action.keys]


def show_search(app: App[Any]) -> None:
    """The ledger, with its search box focused and its text chosen so typing replaces it.
    Its filters stay as they were (they are shown beside the box); a project opened from the
    ledger is closed first, unless it holds typing not saved."""
    if app.current_mode != "ledger":
        app.switch_mode("ledger")
    ledger = app.screen_stack[0]
    while app.screen is not ledger and not getattr(app.screen, "has_unsaved_typing", bool)():
        app.pop_screen()
    if app.screen is ledger:
        ledger.focus_search()  # type: ignore[attr-defined]


def open_project(app: App[Any], project_id: int) -> None:
    from tui.screens.project import ProjectScreen  # the form's modules load on first use

    app.push_screen(ProjectScreen(project_id))
