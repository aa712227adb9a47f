"""Every notice since the app opened, to read again after its toast has gone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import RichLog, Static

from tui.widgets.footer import OneLanguageKeys
from tui.words import say

SEVERITY_STYLE = {"information": "", "warning": "yellow", "error": "bold red"}


@dataclass(frozen=True)
class Notice:
    at: datetime
    severity: str
    title: str
    message: str

    def line(self) -> Text:
        """One notice as plain text (it repeats names as typed), coloured by its severity."""
        style = SEVERITY_STYLE.get(self.severity, "")
        head = f"{self.at:%H:%M:%S} " + (f"{self.title}: " if self.title else "")
        return Text.assemble((head, "dim"), (self.message, style))


class MessageLogModal(OneLanguageKeys[None], ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,m,q", "dismiss", "close", id="messages.close"),
    ]

    def __init__(self, notices: list[Notice]) -> None:
        super().__init__()
        self.notices = notices

    def compose(self) -> ComposeResult:
        with Vertical(id="message-log"):
            yield Static(say("messages", self.lang), classes="form-title")
            yield RichLog(id="message-lines", wrap=True, markup=False)

    def on_mount(self) -> None:
        lines = self.query_one("#message-lines", RichLog)
        for notice in self.notices:
            lines.write(notice.line())
        if not self.notices:
            lines.write(say("no_messages", self.lang))
