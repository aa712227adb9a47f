"""What the screens, forms and modals ask of the app they run in, beyond Textual's own App.

They hold the app as a Host and never import tui.app: a screen that wants a project opened
posts tui.messages.OpenProject and the app opens it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from textual.app import App

from store.labels import Lang

if TYPE_CHECKING:
    from store.service import Store

T = TypeVar("T")


class Host(Protocol):
    """The app as a screen needs it: the store, the language chosen, writes run in a worker
    with their notice and the reload of every screen, and a worker's failure said."""

    lang: Lang

    @property
    def store(self) -> Store: ...

    def write(
        self, action: Callable[[Store], T], done: str = "", then: Callable[[T], None] | None = None
    ) -> None: ...

    def post_data_changed(self, what: str = "") -> None: ...

    def worker_failed(self, error: BaseException) -> None: ...

    def set_aside_from_gc(self) -> None: ...


if TYPE_CHECKING:

    class HostApp(App[None], Host):
        """Textual's App that is a Host: what the moves and forms are handed."""


def host_app(app: App[Any]) -> HostApp:
    """The app a screen runs in, as a Host. Textual types a screen's app as any App; the one
    app these screens are ever mounted in is tui.app.InvestTrackApp, which declares itself
    a Host (checked there)."""
    return cast("HostApp", app)
