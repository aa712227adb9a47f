"""The Textual app: screens over the store, every database call in a thread worker."""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.worker import Worker, WorkerState

from store.errors import StaleEdit, UserError
from store.labels import Lang
from tui.commands import ScreenCommands
from tui.messages import DataChanged
from tui.screens.board import BoardScreen

if TYPE_CHECKING:
    from store.service import Store

T = TypeVar("T")


def _screen(module: str, name: str) -> Callable[[], Any]:
    """A screen made on first use: its module (and SQLAlchemy with it) loads after the first paint."""

    def make() -> Any:
        import importlib

        return getattr(importlib.import_module(f"tui.screens.{module}"), name)()

    return make


SCREENS_BY_KEY: dict[str, tuple[str, str, Callable[[], Any]]] = {
    "board": ("b", "Board 看板", BoardScreen),
    "ledger": ("l", "Ledger 台账", _screen("ledger", "LedgerScreen")),
    "stewards": ("s", "Stewards 包抓", _screen("stewards", "StewardsScreen")),
    "deadlines": ("d", "Deadlines 时限", _screen("deadlines", "DeadlinesScreen")),
    "dashboard": ("f", "Figures 统计", _screen("dashboard", "DashboardScreen")),
}


class InvestTrackApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "investtrack 招商引资项目调度"
    MODES: ClassVar[dict[str, Any]] = {name: spec[2] for name, spec in SCREENS_BY_KEY.items()}
    DEFAULT_MODE = "board"
    COMMANDS = App.COMMANDS | {ScreenCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(key, f"switch_mode('{name}')", label, id=f"screen.{name}")
            for name, (key, label, _) in SCREENS_BY_KEY.items()
        ],
        Binding("g", "toggle_language", "中/EN", id="app.language"),
        Binding("question_mark,f1", "toggle_help", "Help 帮助", id="app.help"),
        Binding("q", "quit", "Quit 退出", id="app.quit"),
    ]

    def __init__(self, store: Store | Callable[[], Store], lang: Lang = Lang.ZH) -> None:
        """store: an open Store, or a function that opens one (called in the first worker, so
        the window paints before the database and SQLAlchemy load)."""
        super().__init__()
        self._store = store
        self._store_lock = threading.Lock()
        self._set_aside = False
        self.lang = lang

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
                self.notify(done, timeout=3)
            if then is not None:
                then(result)
            self.post_data_changed(done)

        self.call_from_thread(finish)

    def post_data_changed(self, what: str = "") -> None:
        self.screen.post_message(DataChanged(what))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Failures of any worker end up here, as a message instead of a crash."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if isinstance(error, StaleEdit):
            self.notify(
                str(error), title="Changed elsewhere 已被他人修改", severity="warning", timeout=8
            )
            self.post_data_changed("stale")
        elif isinstance(error, UserError) and callable(self._store):  # the database did not open
            self.exit(return_code=1, message=f"error: {error}")
        elif isinstance(error, UserError):
            self.notify(str(error), title="Refused 未保存", severity="error", timeout=8)
        else:
            self.notify(
                f"{type(error).__name__}: {error}", title="Error 错误", severity="error", timeout=15
            )

    # -- actions -------------------------------------------------------------------------

    def action_toggle_language(self) -> None:
        self.lang = Lang.EN if self.lang is Lang.ZH else Lang.ZH
        self.post_data_changed("language")

    def action_toggle_help(self) -> None:
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()
