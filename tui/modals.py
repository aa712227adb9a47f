"""Forms and confirmations: ModalScreen[T] that dismiss(value); fields validate on submit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from store.errors import UserError, report_words
from store.labels import pick, said
from tui.widgets.choice import ChoiceField
from tui.widgets.footer import OneLanguageKeys
from tui.words import labelled, say


def typed_text(field: Widget) -> str:
    """A form field's text: an Input's as typed, a ChoiceField's stored value."""
    if isinstance(field, Input):
        return field.value.strip()
    if isinstance(field, ChoiceField):
        return field.value
    raise TypeError(f"{field!r} holds no typed text")


@dataclass(frozen=True)
class FormField:
    key: str
    label: str
    value: str = ""
    parse: Callable[[str], Any] = str  # raises UserError with the reason
    required: bool = False
    placeholder: str = ""
    # chosen, not typed: (shown words, stored value) pairs; new_label lets a new one be typed
    choices: tuple[tuple[str, str], ...] | None = None
    new_label: str | None = None


class FormModal(OneLanguageKeys[dict[str, Any] | None], ModalScreen[dict[str, Any] | None]):
    """A small form: each field parsed on Enter/Ctrl+S; a bad value names its field.

    With save, the form writes before it closes (save runs in a thread worker): a refusal is
    shown inside the form and the typing kept; leaving a changed form asks first. confirm,
    given the values, returns a question to answer yes to before saving (or None)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "save", id="form.submit"),
    ]

    def __init__(
        self,
        title: str,
        fields: list[FormField],
        save: Callable[[dict[str, Any]], object] | None = None,
        confirm: Callable[[dict[str, Any]], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save
        self.confirm = confirm

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            # plain text: the title and the errors name projects and repeat what was typed
            yield Static(self.form_title, classes="form-title", markup=False)
            for spec in self.fields:
                yield Label(spec.label + (" *" if spec.required else ""))
                if spec.choices is None:
                    yield Input(
                        value=spec.value, placeholder=spec.placeholder, id=f"field-{spec.key}"
                    )
                else:
                    yield ChoiceField(
                        spec.choices,
                        spec.value,
                        new_label=spec.new_label,
                        blank=not spec.required,
                        id=f"field-{spec.key}",
                    )
            # shown only with a refusal in it: at 24 rows the line is a field's
            refusal = Static("", id="form-error", classes="error", markup=False)
            refusal.display = False
            yield refusal
            with Horizontal(classes="buttons"):
                lang = self.lang
                yield Button(f"{say('save', lang)} (Ctrl+S)", variant="primary", id="save")
                yield Button(f"{say('cancel', lang)} (Esc)", id="cancel")

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        values: dict[str, Any] = {}
        lang = self.lang
        for spec in self.fields:
            text = self.typed(spec.key)
            if not text:
                if spec.required:
                    return self._error(labelled(spec.label, say("required", lang), lang))
                values[spec.key] = None
                continue
            try:
                values[spec.key] = spec.parse(text)
            except UserError as error:
                return self._error(labelled(spec.label, said(error, lang), lang))
        if self.save is None:
            self.dismiss(values)
            return
        self._error("")
        question = self.confirm(values) if self.confirm else None
        if question is None:
            self._save(values)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._save(values)

        self.app.push_screen(ConfirmModal(question), answered)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, values: dict[str, Any]) -> None:
        assert self.save is not None
        try:
            self.save(values)
        except UserError as error:  # refused, or changed elsewhere: the typing stays
            lang = self.lang
            line = f"{said(error, lang)} — {say('nothing_saved', lang)}"
            self.app.call_from_thread(self._error, line)
            return
        except Exception as error:  # a busy or full database: said here, the typing kept
            self.app.call_from_thread(self._error, pick(report_words(error), self.lang))
            return
        self.app.call_from_thread(self.dismiss, values)

    def _error(self, message: str) -> None:
        refusal = self.query_one("#form-error", Static)
        refusal.update(message)
        refusal.display = bool(message)

    def typed(self, key: str) -> str:
        """A field's text as typed or chosen."""
        return typed_text(self.query_one(f"#field-{key}"))

    def is_changed(self) -> bool:
        return any(self.typed(spec.key) != spec.value for spec in self.fields)

    def has_unsaved_typing(self) -> bool:
        """Asked by the app before it quits."""
        return self.is_changed()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.is_changed():
            self.dismiss(None)
            return
        question = say("discard_typing", self.lang)
        self.app.push_screen(ConfirmModal(question), self._discard_if)

    def _discard_if(self, yes: bool | None) -> None:
        if yes:
            self.dismiss(None)


class ConfirmModal(OneLanguageKeys[bool], ModalScreen[bool]):
    """A question before something is replaced or removed: y answers yes; n, Esc or Enter on
    the focused No answer no, so a stray key loses nothing."""

    AUTO_FOCUS = "#no"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "no", id="confirm.no"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(self.question, classes="form-title", markup=False)
            with Horizontal(classes="buttons"):
                lang = self.lang
                yield Button(f"{say('yes', lang)} (y)", variant="warning", id="yes")
                yield Button(f"{say('no', lang)} (n)", id="no")

    @on(Button.Pressed)
    def pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
