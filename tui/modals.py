"""Forms and confirmations: ModalScreen[T] that dismiss(value); fields validate on submit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from store.errors import UserError


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    value: str = ""
    parse: Callable[[str], Any] = str  # raises UserError with the reason
    required: bool = False
    placeholder: str = ""


class FormModal(ModalScreen[dict[str, Any] | None]):
    """A small form: each field parsed on Enter/Ctrl+S; a bad value names its field."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel 取消", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save 保存", id="form.submit"),
    ]

    def __init__(self, title: str, fields: list[FormField]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.form_title, classes="form-title")
            for spec in self.fields:
                yield Label(spec.label + (" *" if spec.required else ""))
                yield Input(value=spec.value, placeholder=spec.placeholder, id=f"field-{spec.key}")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Save 保存 (Ctrl+S)", variant="primary", id="save")
                yield Button("Cancel 取消 (Esc)", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        values: dict[str, Any] = {}
        for spec in self.fields:
            text = self.query_one(f"#field-{spec.key}", Input).value.strip()
            if not text:
                if spec.required:
                    return self._error(f"{spec.label}: required 必填")
                values[spec.key] = None
                continue
            try:
                values[spec.key] = spec.parse(text)
            except UserError as error:
                return self._error(f"{spec.label}: {error}")
        self.dismiss(values)

    def _error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
