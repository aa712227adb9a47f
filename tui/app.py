"""The Textual app: screens over the store, every database call in a thread worker."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from store.errors import StaleEdit, UserError, report_words
from store.labels import Lang, pick, said
from tui.commands import ProjectCommands, ScreenCommands
from tui.message_log import Notice
from tui.messages import DataChanged, OpenLedger, OpenProject
from tui.navigation import app_bindings, open_project, show_search
from tui.screens.board import BoardScreen
from tui.widgets.keys import KeysInOrder
from tui.widgets.system import OneLanguageApp
from tui.words import say

if TYPE_CHECKING:
    from store.service import Store
    from tui.host import Host
    from tui.screens.import_summary import ImportDraft

T = TypeVar("T")


def _screen(module: str, name: str) -> Callable[[], Any]:
    """A screen made on first use: its module (and SQLAlchemy with it) loads after the first paint."""

    def make() -> Any:
        import importlib

        return getattr(importlib.import_module(f"tui.screens.{module}"), name)()

    return make


# each screen's key and its name (a word of tui.words)
SCREENS_BY_KEY: dict[str, tuple[str, str, Callable[[], Any]]] = {
    "leads": ("j", "leads", _screen("leads", "LeadsScreen")),
    "board": ("b", "board", BoardScreen),
    "ledger": ("l", "ledger", _screen("ledger", "LedgerScreen")),
    "stewards": ("s", "stewards", _screen("stewards", "StewardsScreen")),
    "deadlines": ("d", "deadlines", _screen("deadlines", "DeadlinesScreen")),
    "dashboard": ("f", "figures", _screen("dashboard", "DashboardScreen")),
    "assessment": ("k", "assessment", _screen("assessment", "AssessmentScreen")),
    "supervision": ("y", "supervision", _screen("supervision", "SupervisionScreen")),
}
SCREENS_GROUP = Binding.Group("screens")


class InvestTrackApp(KeysInOrder, OneLanguageApp):  # keys in order, Textual's words said
    CSS_PATH = "app.tcss"
    TITLE = "investtrack"  # in the language chosen once the app is made (app_title)
    MODES: ClassVar[dict[str, Any]] = {name: spec[2] for name, spec in SCREENS_BY_KEY.items()}
    DEFAULT_MODE = "board"
    COMMANDS = App.COMMANDS | {ScreenCommands, ProjectCommands}
    # Below 100 columns a form's label and field pairs stand one to a line, not two.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012  (Textual declares it unannotated by ClassVar)
    # Below 36 rows a form's fields drop their frames, so a whole form fits in 24.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (36, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(
                key,
                f"switch_mode('{name}')",
                label,
                tooltip="help_screen",
                id=f"screen.{name}",
                group=SCREENS_GROUP,  # one footer item: their keys, then the word "screens"
            )
            for name, (key, label, _) in SCREENS_BY_KEY.items()
        ],
        *app_bindings(),  # / search, i import, g language, m messages, ? help, q quit
    ]

    def __init__(self, store: Store | Callable[[], Store], lang: Lang = Lang.ZH) -> None:
        """store: an open Store, or a function that opens one (called in the first worker, so
        the window paints before the database and SQLAlchemy load)."""
        super().__init__()
        self._store = store
        self._store_lock = threading.Lock()
        self._set_aside = False
        self._uncaught: Exception | None = None
        self.error_line: str | None = None  # why the app ended, for the caller to print
        self.lang = lang
        self.title = say("app_title", lang)
        self._import_draft: ImportDraft | None = None  # kept while the import screen is closed
        self.notices: list[Notice] = []  # every notice since the app opened (m shows them)

    @property
    def store(self) -> Store:
        with self._store_lock:
            if callable(self._store):
                self._store = self._store()
                title = f"{self._store.user} · {self._store.today}"
                if threading.current_thread() is threading.main_thread():
                    self.sub_title = title
                else:
                    self.call_from_thread(setattr, self, "sub_title", title)
            return self._store

    def set_aside_from_gc(self) -> None:
        """Once the first screen is filled, what the app has made so far (modules, styles, the
        database's metadata: most of what it will ever hold) is set aside from the garbage
        collector, whose full passes would walk it all: 90 ms, now and then, in a keystroke."""
        if not self._set_aside:
            self._set_aside = True
            gc.freeze()

    def on_mount(self) -> None:
        if not callable(self._store):
            self.sub_title = f"{self._store.user} · {self._store.today}"
        self.set_interval(self.watch_seconds, self._look_for_changes)

    # -- what other officers and imports write: the screens follow ---------------------------

    watch_seconds = 2.0

    @work(thread=True, exclusive=True, group="watch", exit_on_error=False)
    def _look_for_changes(self) -> None:
        if callable(self._store):
            return  # not open yet: the first load will show everything
        if self.store.changes.changed():
            self.call_from_thread(self.post_data_changed, "elsewhere")

    # -- writes: one place runs them, reports failures and tells screens to reload ----------

    def write(
        self, action: Callable[[Store], T], done: str = "", then: Callable[[T], None] | None = None
    ) -> None:
        self._write(action, done, then)

    @work(thread=True, exit_on_error=False, group="write")
    def _write(
        self, action: Callable[[Store], T], done: str, then: Callable[[T], None] | None
    ) -> None:
        result = action(self.store)
        self.store.changes.changed()  # our own commit: the reload below covers it

        def finish() -> None:
            if done:
                self.notify(done, timeout=3, markup=False)
            if then is not None:
                then(result)
            self.post_data_changed(done)

        self.call_from_thread(finish)

    def post_data_changed(self, what: str = "") -> None:
        self.screen.post_message(DataChanged(what))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.worker_failed(event.worker.error)

    def worker_failed(self, error: BaseException) -> None:
        """Failures of any worker, the app's or a screen's (whose screens pass them here), as a
        message instead of a crash; an unexpected one with a report file named in one line."""
        if callable(self._store):  # the database did not open: there is nothing to show
            if self.error_line is None:  # every screen's first load fails alike: one line
                line = (
                    said(error, self.lang)
                    if isinstance(error, UserError)
                    else pick(report_words(error), self.lang)
                )
                self.exit_with_error(line)
        elif isinstance(error, StaleEdit):
            self.notify(
                said(error, self.lang),
                title=say("stale_title", self.lang),
                severity="warning",
                timeout=8,
                markup=False,
            )
            self.post_data_changed("stale")
        elif isinstance(error, UserError):
            self.notify(
                said(error, self.lang),
                title=say("refused_title", self.lang),
                severity="error",
                timeout=8,
                markup=False,
            )
        else:
            self.notify(
                pick(report_words(error), self.lang),
                title=say("error_title", self.lang),
                severity="error",
                timeout=15,
                markup=False,
            )

    def _handle_exception(self, error: Exception) -> None:
        # Textual's hook for an error no handler caught; it ends the app through _fatal_error.
        self._uncaught = error
        super()._handle_exception(error)

    def _fatal_error(self) -> None:
        """The app ends as Textual ends it after an uncaught error, but with one line naming
        a report file instead of a traceback over the terminal."""
        error = self._uncaught or RuntimeError("the app stopped on an error")
        self.bell()
        self.exit_with_error(pick(report_words(error), self.lang))
        self._close_messages_no_wait()

    def exit_with_error(self, line: str) -> None:
        """End with exit code 1; the caller prints the line once the terminal is restored
        (as plain text: it may hold any name, and is not cut to the terminal's width)."""
        self.error_line = line
        self.exit(return_code=1)

    # -- actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "switch_mode":  # the screen shown is not offered again
            return parameters != (self.current_mode,)
        if action == "bulletin":  # its form opens on the store's month: once the store is open
            return not callable(self._store)
        if action == "import_sheet":  # not again from the import screen itself
            from tui.screens.import_ import ImportScreen

            return not isinstance(self.screen, ImportScreen)
        return True

    @on(OpenLedger)
    def open_ledger(self, event: OpenLedger) -> None:
        """The ledger showing only what the filter keeps; the screen asking stays as it was,
        so its key brings the officer back to the same row."""
        from tui.screens.ledger import LedgerScreen

        self.switch_mode("ledger")
        stack = self._screen_stacks["ledger"]  # Textual keeps a stack for each mode
        ledger = stack[0]
        if isinstance(ledger, LedgerScreen):
            ledger.show_filtered(event.filters)
        # a project opened from the ledger earlier is closed, unless it holds typing
        while (
            self.screen is not ledger
            and not getattr(self.screen, "has_unsaved_typing", lambda: False)()
        ):
            self.pop_screen()

    @on(OpenProject)
    def open_project_asked(self, event: OpenProject) -> None:
        open_project(self, event.project_id)

    def action_search(self) -> None:
        show_search(self)

    def action_import_sheet(self) -> None:
        from tui.screens.import_ import ImportScreen

        def closed(draft: ImportDraft | None) -> None:
            self._import_draft = draft

        self.push_screen(ImportScreen(self._import_draft), closed)

    def action_bulletin(self) -> None:
        from tui.export import ask_bulletin
        from tui.host import host_app

        ask_bulletin(host_app(self))

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        plain = Text.from_markup(message).plain if markup else message
        self.notices.append(Notice(datetime.now(), severity, title, plain))
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def action_messages(self) -> None:
        from tui.message_log import MessageLogModal

        self.push_screen(MessageLogModal(list(self.notices)))

    def unsaved_screens(self) -> list[Screen[Any]]:
        """Screens holding typing not saved, in every mode (a project left open in the board's
        stack keeps its form while the ledger is shown)."""
        stacks = [*self._screen_stacks.values()]  # Textual keeps a stack for each mode
        return [
            screen
            for stack in stacks
            for screen in stack
            if getattr(screen, "has_unsaved_typing", lambda: False)()
        ]

    async def action_quit(self) -> None:
        """Quit, after asking when a project form holds typing not saved."""
        if not self.unsaved_screens():
            self.exit()
            return
        from tui.modals import ConfirmModal

        self.push_screen(
            ConfirmModal(say("quit_unsaved", self.lang)), lambda yes: self.exit() if yes else None
        )

    def action_toggle_language(self) -> None:
        self.lang = Lang.EN if self.lang is Lang.ZH else Lang.ZH
        self.title = say("app_title", self.lang)
        self.post_data_changed("language")
        for stack in self._screen_stacks.values():  # every footer's labels, in every mode
            for screen in stack:
                screen.refresh_bindings()

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()


if TYPE_CHECKING:  # the app keeps the Protocol its screens are written against (tui.host)
    _APP_IS_A_HOST: type[Host] = InvestTrackApp
