"""Choosing a steward (reassigning a project, merging one steward into another): the
stewards a project may be given, searched as typed (name, pinyin or initials), and a name
nobody has created only after asking.

A slip of the keyboard must not make a second record of a leader, nor move projects nobody
chose to move: nothing is chosen until a name is typed or moved to, so Enter on the picker
as it opens only asks for one; typing offers the existing stewards first, the names most
like what was typed next, and creating a new steward last, never chosen by typing alone and
written only after asking. What cannot be undone lightly (a merge, a handover) is asked
about once more, naming whom and how many.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from store.domain.names import matches, similar_names
from store.errors import UserError, report_words
from store.labels import pick, said
from tui.host import host_app
from tui.modals import ConfirmModal
from tui.widgets.footer import KeyFooter, OneLanguageKeys
from tui.words import joined, labelled, say

if TYPE_CHECKING:
    from tui.host import HostApp

NEW = "\x00new"  # the option that creates the steward typed (never a name: NUL is refused)
SHOWN = 50  # options listed at once; typing narrows the rest


@dataclass(frozen=True)
class Reassignment:
    steward: str
    create: bool
    note: str


class StewardPicker(OneLanguageKeys[Reassignment | None], ModalScreen[Reassignment | None]):
    """Choose the steward: Up/Down from the search box (the list is never focused, so Tab
    goes name → note → buttons), then Enter or Ctrl+S."""

    # the choice shows as chosen though the list is never focused; at 24 rows the list
    # leaves the note, the buttons and the footer room
    DEFAULT_CSS = """
    StewardPicker {
        #steward-choices { max-height: 12; }
        &.-short #steward-choices { max-height: 8; }
        #steward-choices > .option-list--option-highlighted {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "cancel", id="picker.cancel"),
        Binding("ctrl+s", "submit", "save", id="picker.submit"),
        Binding("down", "move(1)", "next_choice", show=False),
        Binding("up", "move(-1)", "previous_choice", show=False),
    ]

    def __init__(
        self,
        title: str,
        write: Callable[[Any, Reassignment], object],
        *,
        creating: bool = True,
        leaving_out: Collection[str] = (),
        with_note: bool = True,
        confirm: Callable[[Reassignment], str] | None = None,
    ) -> None:
        """write(store, choice) runs in a worker; a refusal is shown here and the choice kept.
        creating: a name nobody has may be created (after asking); leaving_out: names not
        offered; with_note: a note for the history; confirm: the question to answer yes to
        before the choice is written."""
        super().__init__()
        self.picker_title = title
        self.write = write
        self.creating = creating
        self.leaving_out = set(leaving_out)
        self.with_note = with_note
        self.confirm = confirm
        self.names: list[str] = []

    def compose(self) -> ComposeResult:
        lang = self.lang
        with Vertical(id="form", classes="steward-picker"):
            yield Static(self.picker_title, classes="form-title", markup=False)
            yield Label(say("steward_search", lang))
            # typing after Tab adds to what is there: nothing typed is replaced by a key
            yield Input(
                id="steward-search", placeholder=say("steward_hint", lang), select_on_focus=False
            )
            # what went wrong, under the name it is about; shown only with something in it
            refusal = Static("", id="form-error", classes="error", markup=False)
            refusal.display = False
            yield refusal
            choices = OptionList(id="steward-choices")
            choices.can_focus = False  # moved from the search box: Tab never lands in it
            yield choices
            if self.with_note:
                yield Label(say("note", lang))
                yield Input(id="field-note", select_on_focus=False)
            with Horizontal(classes="buttons"):
                yield Button(f"{say('save', lang)} (Ctrl+S)", variant="primary", id="save")
                yield Button(f"{say('cancel', lang)} (Esc)", id="cancel")
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def _load(self) -> None:
        app = host_app(self.app)
        names = app.store.steward_names()  # the retired are offered for nothing
        self.app.call_from_thread(self._loaded, names)

    def _loaded(self, names: list[str]) -> None:
        self.names = [name for name in names if name not in self.leaving_out]
        self._offer(self.query_one("#steward-search", Input).value)

    @on(Input.Changed, "#steward-search")
    def typed(self, event: Input.Changed) -> None:
        self._offer(event.value)

    def _offer(self, typed: str) -> None:
        """The stewards the search finds; under them the names most like it; and, when the
        text is nobody's name, creating it, last. The first steward found is chosen only
        when something was typed; a like name or creating one only when moved to."""
        typed = typed.strip()
        lang = self.lang
        found = [name for name in self.names if not typed or matches(typed, name)]
        found.sort(key=lambda name: name != typed)  # a name typed whole comes first
        alike = [name for name in similar_names(typed, self.names) if name not in found]
        options: list[Option] = [Option(Text(name), id=name) for name in found[:SHOWN]]
        if alike:
            options.append(Option(Text(say("did_you_mean", lang), style="dim"), disabled=True))
            options += [Option(Text(name), id=name) for name in alike]
        if self.creating and typed and typed not in self.names:
            options.append(Option(Text(say("new_steward", lang, name=typed)), id=NEW))
        choices = self.query_one("#steward-choices", OptionList)
        choices.set_options(options)
        choices.highlighted = 0 if typed and found else None
        self._error("")

    def action_move(self, step: int) -> None:
        choices = self.query_one("#steward-choices", OptionList)
        if step > 0:
            choices.action_cursor_down()
        else:
            choices.action_cursor_up()
        self._error("")

    @on(Input.Submitted, "#steward-search")
    @on(Input.Submitted, "#field-note")
    @on(Button.Pressed, "#save")
    def action_submit(self) -> None:
        choices = self.query_one("#steward-choices", OptionList)
        if choices.highlighted is None:
            self._error(say("choose_steward", self.lang))
            self.query_one("#steward-search", Input).focus()
            return
        self._choose(choices.get_option_at_index(choices.highlighted).id)

    @on(OptionList.OptionSelected, "#steward-choices")
    def selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, option: str | None) -> None:
        """The choice written once every question about it is answered yes: creating the
        name typed, then the caller's own."""
        if option is None:
            return
        note = self.query_one("#field-note", Input).value.strip() if self.with_note else ""
        questions: list[str] = []
        if option == NEW:
            typed = self.query_one("#steward-search", Input).value.strip()
            choice = Reassignment(typed, True, note)
            questions.append(self._creating_question(typed))
        else:
            choice = Reassignment(option, False, note)
        if self.confirm is not None:
            questions.append(self.confirm(choice))
        self._ask_then_save(questions, choice)

    def _creating_question(self, typed: str) -> str:
        question = say("create_steward", self.lang, name=typed)
        alike = similar_names(typed, self.names)
        if alike:
            question += "\n" + say("alike", self.lang, names=joined(alike, self.lang))
        return question

    def _ask_then_save(self, questions: list[str], choice: Reassignment) -> None:
        """Each question in turn, No the default; the first no leaves the picker as it was."""
        if not questions:
            self._save(choice)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._ask_then_save(questions[1:], choice)

        self.app.push_screen(ConfirmModal(questions[0]), answered)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _save(self, choice: Reassignment) -> None:
        app = host_app(self.app)
        try:
            self.write(app.store, choice)
        except UserError as error:  # refused, or changed elsewhere: the choice stays
            line = f"{said(error, self.lang)} — {say('nothing_saved', self.lang)}"
            self.app.call_from_thread(self._error, line)
            return
        except Exception as error:  # a busy or full database: said here
            self.app.call_from_thread(self._error, pick(report_words(error), self.lang))
            return
        app.store.changes.changed()  # our own commit: the reload after covers it
        self.app.call_from_thread(self.dismiss, choice)

    def _error(self, message: str) -> None:
        refusal = self.query_one("#form-error", Static)
        refusal.update(message)
        refusal.display = bool(message)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def ask_reassign(app: HostApp, project_id: int, name: str, version: int | None) -> None:
    """The picker over the project named; once written, the notice and every screen's reload."""

    def assign(store: Any, choice: Reassignment) -> None:
        store.assign(
            project_id, choice.steward, choice.note, expected_version=version, create=choice.create
        )

    def closed(choice: Reassignment | None) -> None:
        if choice is not None:
            lang = app.lang
            notice = labelled(name, f"{say('steward', lang)} {choice.steward}", lang)
            app.notify(notice, timeout=3, markup=False)
            app.post_data_changed(notice)

    title = labelled(say("assign", app.lang), name, app.lang)
    app.push_screen(StewardPicker(title, assign), closed)
