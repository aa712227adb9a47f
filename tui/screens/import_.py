"""Import: an office's sheet read first without writing (a dry run), shown column by column
with the rows passed over and the problems found; written only on confirmation, with a
progress bar, and cancellable (the importer then rolls back: nothing is written).

Here: the choices and the keys. The reading and writing, in thread workers, and what the
screen shows of them: tui.screens.import_run; the rows of its tables: import_summary.
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    Header,
    Input,
    Label,
    OptionList,
    ProgressBar,
    Select,
    Static,
    Switch,
    TabbedContent,
    TabPane,
)
from textual.widgets.option_list import Option

from store.domain import fields as registry
from store.labels import Lang
from store.money import Unit
from tui.messages import DataChanged
from tui.screens.import_run import ImportRun
from tui.screens.import_summary import column_named
from tui.screens.import_words import field_label
from tui.table import FastTable
from tui.widgets.footer import KeyFooter, OneLanguageKeys
from tui.words import say

SHEET_SUFFIXES = (".csv", ".xlsx", ".xls")


def field_choices(lang: Lang) -> list[tuple[str, str]]:
    """What a column can be named to fill, in the order the registry lists project fields, after
    "unused" (leave the column out)."""
    from store.domain.headers import FIELDS
    from store.io.office_words import UNUSED

    order = [field.name for field in registry.FIELDS]
    fields = sorted(FIELDS - {"skip"}, key=lambda field: (order.index(field), field))
    return [(say("unused", lang), UNUSED), *((field_label(f, lang), f) for f in fields)]


class FieldPicker(OneLanguageKeys[str | None], ModalScreen[str | None]):
    """The field one column fills, chosen from a list (the app's --map)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "cancel", id="picker.cancel"),
    ]

    def __init__(self, title: str, choices: list[tuple[str, str]], current: str | None) -> None:
        super().__init__()
        self.picker_title = title
        self.choices = choices
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(id="field-picker"):
            yield Static(self.picker_title, classes="form-title", markup=False)
            yield OptionList(*(Option(label, id=field) for label, field in self.choices))

    def on_mount(self) -> None:
        fields = [field for _, field in self.choices]
        options = self.query_one(OptionList)
        options.highlighted = fields.index(self.current) if self.current in fields else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class SheetPathSuggester(Suggester):
    """Completes the last part of a path from the folder it names (the current folder when
    it names none): sub-folders, and the sheets the importer reads."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed_folder, slash, start = value.rpartition("/")
        kept = typed_folder + slash  # the folder part, as typed
        try:
            entries = sorted(os.scandir(os.path.expanduser(kept or ".")), key=lambda e: e.name)
        except OSError:
            return None
        for entry in entries:
            if entry.name == start or not entry.name.startswith(start):
                continue
            if entry.name.startswith(".") and not start.startswith("."):
                continue
            if entry.is_dir():
                return f"{kept}{entry.name}/"
            if entry.name.lower().endswith(SHEET_SUFFIXES):
                return kept + entry.name
        return None


class ImportScreen(ImportRun):
    """Pick a sheet, read how it would import, confirm, watch it written."""

    AUTO_FOCUS = "#import-path"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "confirm", "import", tooltip="help_confirm_import", id="import.confirm"),
        Binding("ctrl+r", "read", "read_again", tooltip="help_read_again", id="import.read"),
        Binding(
            "escape", "cancel_import", "cancel", tooltip="help_cancel_import", id="import.cancel"
        ),
        Binding("escape", "leave", "leave", tooltip="help_leave_import", id="import.leave"),
    ]

    def compose(self) -> ComposeResult:
        draft, lang = self.draft, self.lang
        yield Header()
        with Horizontal(id="import-file", classes="import-row"):
            yield Label(say("file", lang), id="path-label")
            yield Input(
                draft.path,
                placeholder=say("sheet_example", lang),
                suggester=SheetPathSuggester(),
                id="import-path",
                compact=True,
            )
        with Horizontal(id="import-options", classes="import-row"):
            yield Label(say("on_conflict", lang), id="on-conflict-label")
            yield Select(
                self._conflict_choices(),
                value=draft.on_conflict,
                allow_blank=False,
                id="on-conflict",
                compact=True,
            )
            yield Label(say("skip_invalid", lang), id="skip-invalid-label")
            yield Switch(draft.skip_invalid, id="skip-invalid", animate=False)
            yield Label(say("unit_if_unstated", lang), id="unit-label")
            yield Select(
                self._unit_choices(),
                value=draft.unit.value if draft.unit else "",
                allow_blank=False,
                id="unit",
                compact=True,
            )
        yield Static(id="import-status", markup=False)
        yield ProgressBar(id="import-progress")
        with TabbedContent(id="import-tabs"):
            for pane in ("columns", "problems", "passed", "sheets"):
                with TabPane(say(pane, lang), id=f"import-{pane}-tab"):
                    yield FastTable(id=f"import-{pane}")
        yield Static(id="import-detail", markup=False)
        yield KeyFooter()

    def _conflict_choices(self) -> list[tuple[str, str]]:
        choices = ("update", "skip", "error")
        return [(say(f"on_conflict_{choice}", self.lang), choice) for choice in choices]

    def _unit_choices(self) -> list[tuple[str, str]]:
        return [(say("unit_unstated", self.lang), "")] + [
            (say(f"unit_{unit.value}", self.lang), unit.value) for unit in Unit
        ]

    def on_mount(self) -> None:
        self.query_one("#import-progress", ProgressBar).display = False
        self.sub_title = say("import_sheet", self.lang)
        self.show_summary()
        self.watch(self.query_one("#import-problems", FastTable), "cursor_row", self.show_detail)
        if self.draft.path:
            self.read()

    # -- what is shown ---------------------------------------------------------------------------

    def show_words(self) -> None:
        """Labels and choices in the app's language, again after `g`."""
        lang = self.lang
        self.sub_title = say("import_sheet", lang)
        self.query_one("#import-path", Input).placeholder = say("sheet_example", lang)
        for label, key in (
            ("#path-label", "file"),
            ("#on-conflict-label", "on_conflict"),
            ("#skip-invalid-label", "skip_invalid"),
            ("#unit-label", "unit_if_unstated"),
        ):
            self.query_one(label, Label).update(say(key, lang))
        with self.prevent(Select.Changed):
            self._reword(
                self.query_one("#on-conflict", Select),
                self._conflict_choices(),
                self.draft.on_conflict,
            )
            unit = self.draft.unit.value if self.draft.unit else ""
            self._reword(self.query_one("#unit", Select), self._unit_choices(), unit)
        self.show_summary()

    @staticmethod
    def _reword(select: Select[str], choices: list[tuple[str, str]], value: str) -> None:
        """New words for the same choices. A Select shows its value's words only when the
        value changes, so it moves off the value and back."""
        select.set_options(choices)
        select.value = next(other for _, other in choices if other != value)
        select.value = value

    @on(FastTable.RowSelected, "#import-columns")
    def column_selected(self, event: FastTable.RowSelected) -> None:
        """Name by hand the field a column fills (or leave it out), and read again."""
        summary = self.summary
        if summary is None or self.writing or event.index >= len(summary.columns):
            return
        column = summary.columns[event.index]
        title = say("column_fills", self.lang, letter=column.letter, header=column.header)

        def chosen(field: str | None) -> None:
            if field is not None:
                named = column_named(summary, column)
                self._choose(mapping=self.draft.mapped(named, field).mapping)

        self.app.push_screen(FieldPicker(title, field_choices(self.lang), column.field), chosen)

    # -- keys ----------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_import":
            return self.running is not None and self.writing
        if action == "leave":
            return not self.writing
        if action == "read":
            return bool(self.draft.path) and not self.writing
        if action == "confirm":
            summary = self.read_summary
            ready = (
                summary is not None
                and self.running is None
                and not self.written
                and (not summary.errors or self.draft.skip_invalid)
            )
            return True if ready else None  # greyed: shown, not yet possible
        return True

    def action_leave(self) -> None:
        self.dismiss(replace(self.draft, path="") if self.written else self.draft)

    def action_cancel_import(self) -> None:
        if self.running is not None:
            self.running.cancel()

    def action_read(self) -> None:
        self.read()

    def action_confirm(self) -> None:
        if self.check_action("confirm", ()) and self.read_summary is not None:
            self._start(self._write, writing=True, total=self.read_summary.rows)

    # -- choosing ------------------------------------------------------------------------------

    @on(Input.Submitted, "#import-path")
    async def path_submitted(self, event: Input.Submitted) -> None:
        """Enter takes the sheet the field offers (shown greyed) for what was typed."""
        typed = event.value.strip()
        if typed and not os.path.exists(os.path.expanduser(typed)):
            offered = await SheetPathSuggester().get_suggestion(typed)
            if offered:
                event.input.value = typed = offered
                event.input.cursor_position = len(offered)
                if offered.endswith("/"):  # a folder: go on typing inside it
                    return
        self._choose(path=typed)

    @on(Select.Changed, "#on-conflict")
    def conflict_changed(self, event: Select.Changed) -> None:
        self._choose(on_conflict=str(event.value))

    @on(Select.Changed, "#unit")
    def unit_changed(self, event: Select.Changed) -> None:
        self._choose(unit=Unit(str(event.value)) if event.value else None)

    @on(Switch.Changed, "#skip-invalid")
    def skip_invalid_changed(self, event: Switch.Changed) -> None:
        self._choose(skip_invalid=event.value)

    def _choose(self, **change: object) -> None:
        """Another file or option: read again, the last reading no longer says what would happen."""
        draft = replace(self.draft, **change)  # type: ignore[arg-type]
        if draft != self.draft or self.written:
            self.draft = draft
            self.read()

    def read(self) -> None:
        if self.draft.path and not self.writing:
            self._start(self._read, writing=False, total=None)

    @on(DataChanged)
    def data_changed(self, event: DataChanged) -> None:
        if event.what == "language":
            self.show_words()
