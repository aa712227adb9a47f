"""What every screen shares: its data comes from a thread worker, and it reloads on change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import on
from textual.worker import Worker, WorkerState

from tui.host import host_app
from tui.messages import DataChanged, OpenProject
from tui.widgets.footer import OneLanguageKeys
from tui.words import say

if TYPE_CHECKING:
    from store.service import Store
    from tui.host import HostApp


class StoreScreen(OneLanguageKeys[None]):
    """Subclasses say what to fetch (runs in a thread) and how to show it (on the UI)."""

    @property
    def store(self) -> Store:
        return self.investtrack.store

    @property
    def investtrack(self) -> HostApp:
        return host_app(self.app)

    def word(self, key: str, **names: str) -> str:
        """A word of the app or of store.labels, in the app's language."""
        return say(key, self.lang, **names)

    def on_mount(self) -> None:
        # After the first frame: loading (SQLAlchemy, the database) must not delay the paint.
        self.call_after_refresh(self.reload)

    def on_screen_resume(self) -> None:
        self.reload()

    @on(DataChanged)
    def data_changed(self, event: DataChanged) -> None:
        self.reload_after(event.what)

    def reload_after(self, what: str) -> None:
        """A write happened (what: the notice, "stale", "elsewhere" ...): show it."""
        self.reload()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # A screen's workers report to the screen only: their failures go to the app's handler.
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.investtrack.worker_failed(event.worker.error)

    def reload(self) -> None:
        self.run_worker(self._load, thread=True, exclusive=True, group="load", exit_on_error=False)

    def _load(self) -> None:
        data = self.fetch()
        self.app.call_from_thread(self.show, data)
        self.investtrack.set_aside_from_gc()

    def fetch(self) -> Any:
        raise NotImplementedError

    def show(self, data: Any) -> None:
        raise NotImplementedError

    def open_project(self, project_id: int) -> None:
        self.post_message(OpenProject(project_id))
