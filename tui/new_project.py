"""A new project, typed into a form and created through the store in a thread worker.

The form stays open until the store has written the project: a refusal (a missing name, a
code already taken, dates out of order) is shown beside the field it names, the typing kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from store.domain.fields import NEW_PROJECT_ORDER
from store.errors import UserError, report_words
from store.labels import pick, said
from store.stages import Kind
from tui.host import host_app
from tui.messages import OpenProject
from tui.modals import ConfirmModal, typed_text
from tui.project_fields import FORM_FIELDS, REQUIRED, TEXT, FieldKind, field_label, field_named
from tui.widgets.choice import ChoiceField
from tui.widgets.footer import OneLanguageKeys
from tui.words import say

if TYPE_CHECKING:
    from store.service import Store
    from tui.host import HostApp

CHOSEN = ("county", "chain")  # chosen from the values in use, or typed when new
STEWARD = "steward"


class NewProjectModal(OneLanguageKeys[int | None], ModalScreen[int | None]):
    """Dismissed with the new project's id, or None when the officer gives up."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="new_project.cancel"),
        Binding("ctrl+s", "submit", "save", id="new_project.submit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kinds: dict[str, FieldKind] = {key: kind for key, _, kind in FORM_FIELDS}
        self.labels: dict[str, str] = {key: label for key, label, _ in FORM_FIELDS}

    @property
    def investtrack(self) -> HostApp:
        return host_app(self.app)

    def label(self, key: str) -> str:
        required = " *" if key in REQUIRED else ""
        kind = self.kinds.get(key, TEXT)
        return field_label(self.labels.get(key, key), kind, self.lang) + required

    def compose(self) -> ComposeResult:
        with Vertical(id="form", classes="new-project"):
            yield Static(say("new_project", self.lang), classes="form-title")
            with VerticalScroll(id="new-project-fields"):
                for key in (*NEW_PROJECT_ORDER[:6], STEWARD, *NEW_PROJECT_ORDER[6:]):
                    with Horizontal(classes="new-project-row"):
                        yield Label(self.label(key))
                        if key == "kind":
                            yield Select(
                                [(say(k.value, self.lang), k.value) for k in Kind],
                                value=Kind.NEW.value,
                                allow_blank=False,
                                compact=True,
                                id="field-kind",
                            )
                        elif key == STEWARD:
                            yield Select([], prompt="-", compact=True, id="field-steward")
                        elif key in CHOSEN:
                            yield ChoiceField(
                                [], new_label=say("new_entry", self.lang), id=f"field-{key}"
                            )
                        else:
                            yield Input(compact=True, id=f"field-{key}")
                    yield Static("", id=f"error-{key}", classes="error field-error", markup=False)
            yield Static("", id="form-error", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{say('save', self.lang)} (Ctrl+S)", variant="primary", id="save")
                yield Button(f"{say('cancel', self.lang)} (Esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#field-name", Input).focus()
        self._load_choices()

    @work(thread=True, exclusive=True, group="choices", exit_on_error=False)
    def _load_choices(self) -> None:
        store = self.investtrack.store
        choices = {
            "county": store.distinct_values("county"),
            "chain": store.distinct_values("chain"),
            STEWARD: store.steward_names(),
        }
        self.app.call_from_thread(self._show_choices, choices)

    def _show_choices(self, choices: dict[str, list[str]]) -> None:
        for key in CHOSEN:
            field = self.query_one(f"#field-{key}", ChoiceField)
            field.set_options([(name, name) for name in choices[key]])
        self.query_one("#field-steward", Select).set_options(
            (Text(name), name) for name in choices[STEWARD]
        )

    # -- saving ------------------------------------------------------------------------------

    def typed(self) -> dict[str, str]:
        """What the officer typed or chose, as text."""
        typed = {key: typed_text(self.query_one(f"#field-{key}")) for key in self._inputs()}
        typed["kind"] = str(self.query_one("#field-kind", Select).value)
        steward = self.query_one("#field-steward", Select).value
        typed[STEWARD] = "" if steward is Select.BLANK else str(steward)
        return typed

    def _inputs(self) -> list[str]:
        return [key for key in NEW_PROJECT_ORDER if key != "kind"]

    def is_changed(self) -> bool:
        return any(self.typed()[key] for key in self._inputs()) or bool(self.typed()[STEWARD])

    def has_unsaved_typing(self) -> bool:
        """Asked by the app before it quits."""
        return self.is_changed()

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        self._clear_errors()
        typed = self.typed()
        values: dict[str, Any] = {"kind": typed["kind"]}
        for key in self._inputs():
            text = typed[key]
            if not text:
                if key in REQUIRED:
                    return self._refused(key, say("required", self.lang))
                continue
            try:
                values[key] = self.kinds[key].parse(text)
            except UserError as error:
                return self._refused(key, said(error, self.lang))
        self._create(values, typed[STEWARD] or None)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _create(self, values: dict[str, Any], steward: str | None) -> None:
        store: Store = self.investtrack.store
        try:
            project = store.add_project(values, steward=steward)
        except UserError as error:
            self.app.call_from_thread(
                self._refused, field_named(str(error), list(values)), said(error, self.lang)
            )
            return
        except Exception as error:  # a busy or full database: said here, the typing kept
            self.app.call_from_thread(self._refused, None, pick(report_words(error), self.lang))
            return
        store.changes.changed()  # our own commit: the screens reload for it below
        self.app.call_from_thread(self.dismiss, project.id)

    def _clear_errors(self) -> None:
        for error in self.query(".field-error"):
            error.display = False
        self.query_one("#form-error", Static).update("")

    def _refused(self, key: str | None, reason: str) -> None:
        if key is None:
            self.query_one("#form-error", Static).update(reason)
            return
        error = self.query_one(f"#error-{key}", Static)
        error.update(f"↑ {reason}")
        error.display = True
        self.query_one(f"#field-{key}").focus()
        error.scroll_visible()

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


def ask_new_project(app: HostApp) -> None:
    """Open the form; once the project is written, open it (on the screen the form opened over)."""

    def created(project_id: int | None) -> None:
        if project_id is None:
            return
        app.notify(say("project_added", app.lang), timeout=3, markup=False)
        app.post_data_changed("added")
        app.post_message(OpenProject(project_id))

    app.push_screen(NewProjectModal(), created)
