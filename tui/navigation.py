"""The actions of every screen, declared once: the app binds their keys and the palette lists
them; and the two ways to reach a project from anywhere: `/` (the ledger's search) and
opening it by its id (the palette's project hits)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding

if TYPE_CHECKING:
    from textual.app import App


@dataclass(frozen=True)
class AppAction:
    """An action of the app, reachable from every screen by its key and in the palette."""

    keys: str  # as Textual names them: "slash", "question_mark,f1"
    shown: str  # as the palette shows the key: "/"
    action: str  # the app's action_<name>
    label: str  # both languages, as the footer shows it
    help: str

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.label, id=f"app.{self.action}")


APP_ACTIONS = (
    AppAction(
        "slash",
        "/",
        "search",
        "Search 搜索",
        "Find projects by name, code, investor, pinyin or initials: the ledger's search",
    ),
)


def app_bindings() -> list[Binding]:
    return [action.binding() for action in APP_ACTIONS]


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
