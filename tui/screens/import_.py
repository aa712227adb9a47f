"""Import: an office's sheet read first without writing (a dry run), shown column by column
with the rows passed over and the problems found; written only on confirmation, with a
progress bar, and cancellable (the importer then rolls back: nothing is written).

Workers never touch widgets: what they find comes back as messages named for what happened
(SheetRead, SheetImported, ImportRefused), their progress through call_from_thread.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import (
    Footer,
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
from textual.worker import Worker, WorkerState, get_current_worker

from store.errors import UserError
from store.labels import WORDS, Lang, in_language, said
from store.money import Unit
from tui.messages import DataChanged
from tui.table import Cell, FastTable, TableColumn
from tui.widgets.footer import OneLanguageKeys
from tui.words import APP_WORDS, say

if TYPE_CHECKING:
    from store.io.importer import ImportOptions, ImportSummary, Issue
    from tui.app import InvestTrackApp

SHEET_SUFFIXES = (".csv", ".xlsx", ".xls")
PROBLEMS_SHOWN = 5000  # the rest are counted; `investtrack import --errors FILE` lists them all
WIDEST_CELL = 40  # a table's column is as wide as its longest cell, up to this

# what decided the field a column fills: its header, a --map, a mapping the office saved
SOURCE_WORDS = {"header": "source_header", "map": "source_map", "saved": "saved"}

# Fields a sheet can fill that the app's screens do not show, so store.labels has no word.
FIELD_WORDS: dict[str, tuple[str, str]] = {
    "is_started": ("是否开工", "Started?"),
    "is_producing": ("是否投产", "Producing?"),
    "problem_text": ("存在问题", "Problems"),
    "remark": ("备注", "Remark"),
    "skip": ("序号，不导入", "numbering, not read"),
}


def field_label(field: str | None, lang: Lang) -> str:
    """The field a column fills, named as the app names it in the language."""
    if field is None:
        return say("unused", lang)
    if field in FIELD_WORDS:
        return in_language(FIELD_WORDS, field, lang)
    return say(field.removesuffix("_yuan"), lang)


def unit_label(unit: str | None, lang: Lang) -> str:
    """A money unit in the language; any other unit (亩, 人) as the sheet wrote it."""
    if not unit:
        return ""
    return say(f"unit_{unit}", lang) if f"unit_{unit}" in APP_WORDS else str(unit)


def plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def fitted(
    headings: Sequence[str], rows: Sequence[Sequence[Cell]], right: Sequence[int] = ()
) -> list[TableColumn]:
    """Columns as wide as their heading or their longest cell (in cells: CJK counts two),
    that up to WIDEST_CELL; a longer cell ends in … and is read whole on the line below."""
    columns = []
    for index, heading in enumerate(headings):
        widest = max((cell_len(plain(row[index])) for row in rows), default=0)
        width = max(cell_len(heading), min(widest, WIDEST_CELL))
        columns.append(TableColumn(heading, width, index in right))
    return columns


@dataclass(frozen=True)
class ImportDraft:
    """What the officer chose on the screen, kept by the app while the screen is closed."""

    path: str = ""
    on_conflict: str = "update"
    skip_invalid: bool = False
    unit: Unit | None = None
    mapping: tuple[tuple[str, str], ...] = ()  # (header as written, field or "unused")

    def options(self, *, dry_run: bool) -> ImportOptions:
        from store.io.importer import ImportOptions

        return ImportOptions(
            on_conflict=self.on_conflict,
            skip_invalid=self.skip_invalid,
            unit=self.unit,
            mapping=dict(self.mapping),
            dry_run=dry_run,
        )

    def mapped(self, header: str, field: str) -> ImportDraft:
        """This draft with the column of that header named to fill the field."""
        kept = tuple((h, f) for h, f in self.mapping if h != header)
        return replace(self, mapping=(*kept, (header, field)))


def field_choices(lang: Lang) -> list[tuple[str, str]]:
    """What a column can be named to fill, in the order the app lists project fields, after
    "unused" (leave the column out)."""
    from store.domain.headers import FIELDS
    from store.io.office_words import UNUSED

    order = list(WORDS)

    def position(field: str) -> int:
        key = field.removesuffix("_yuan")
        return order.index(key) if key in order else len(order)

    fields = sorted(FIELDS - {"skip"}, key=lambda field: (position(field), field))
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


class ImportScreen(OneLanguageKeys[ImportDraft]):
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

    @dataclass
    class SheetRead(Message):
        """A dry run ended: what the import would do; nothing written."""

        worker: Worker[None]
        summary: ImportSummary

    @dataclass
    class SheetImported(Message):
        """The import ended: written, or refused over its rows' problems."""

        worker: Worker[None]
        summary: ImportSummary

    @dataclass
    class ImportRefused(Message):
        """The importer refused the whole sheet, or was cancelled: the reason, in its words."""

        worker: Worker[None]
        reason: str

    def __init__(self, draft: ImportDraft | None = None) -> None:
        super().__init__()
        self.draft = draft or ImportDraft()
        self.read_summary: ImportSummary | None = None  # the dry run of self.draft
        self.summary: ImportSummary | None = None  # what the tables show
        self.refusal = ""
        self.running: Worker[None] | None = None
        self.writing = False
        self.written = False
        self.rows_read = 0  # while a reading runs

    @property
    def investtrack(self) -> InvestTrackApp:
        return self.app  # type: ignore[return-value]

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
        yield Footer()

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

    def show_summary(self) -> None:
        lang = self.lang
        summary = self.summary
        tables = {
            "columns": self._column_rows(summary),
            "problems": self._problem_rows(summary),
            "passed": self._passed_rows(summary),
            "sheets": self._sheet_rows(summary),
        }
        headings = {
            "columns": ["sheet", "letter", "header", "fills", "unit", "source"],
            "problems": ["row_kind", "row", "header", "value", "reason"],
            "passed": ["sheet", "row", "row_kind", "text"],
            "sheets": ["sheet", "status", "rows", "note"],
        }
        numbers = {"problems": [1], "passed": [1], "sheets": [2]}
        if summary is not None and all(not sheet.name for sheet in summary.sheets):
            # a CSV file has no sheets: no column naming them
            for name in ("columns", "passed"):
                headings[name] = headings[name][1:]
                tables[name] = [row[1:] for row in tables[name]]
            numbers["passed"] = [0]
        tabs = self.query_one(TabbedContent)
        for name, rows in tables.items():
            words = [say(heading, lang) for heading in headings[name]]
            table = self.query_one(f"#import-{name}", FastTable)
            table.set_data(fitted(words, rows, numbers.get(name, ())), rows)
            count = len(self._problems(summary)) if name == "problems" else len(rows)
            tabs.get_tab(f"import-{name}-tab").label = (
                f"{say(name, lang)} {count}" if summary else say(name, lang)
            )
        self.show_status()
        self.show_detail()

    def _column_rows(self, summary: ImportSummary | None) -> list[list[Cell]]:
        if summary is None:
            return []
        lang = self.lang
        return [
            [
                column.sheet,
                column.letter,
                column.header,
                Text(field_label(column.field, lang), style="" if column.field else "dim"),
                unit_label(column.unit, lang),
                say(SOURCE_WORDS.get(column.source, column.source), lang),
            ]
            for column in summary.columns
        ]

    @staticmethod
    def _problems(summary: ImportSummary | None) -> list[tuple[str, Issue]]:
        if summary is None:
            return []
        return [("error", issue) for issue in summary.errors] + [
            ("warning", issue) for issue in summary.warnings
        ]

    def _problem_rows(self, summary: ImportSummary | None) -> list[list[Cell]]:
        lang = self.lang
        problems = self._problems(summary)
        rows: list[list[Cell]] = [
            [
                Text(
                    say(f"issue_{level}", lang), style="bold red" if level == "error" else "yellow"
                ),
                str(issue.row),
                issue.column,
                issue.value,
                issue.reason,
            ]
            for level, issue in problems[:PROBLEMS_SHOWN]
        ]
        if len(problems) > PROBLEMS_SHOWN:
            more = len(problems) - PROBLEMS_SHOWN
            rows.append(
                [
                    "+",
                    "",
                    "",
                    "",
                    say("more_problems", lang, count=f"{more:,}"),
                ]
            )
        return rows

    def _passed_rows(self, summary: ImportSummary | None) -> list[list[Cell]]:
        if summary is None:
            return []
        return [
            [row.sheet, str(row.row), say(f"shape_{row.shape}", self.lang), row.text]
            for row in summary.passed
        ]

    def _sheet_rows(self, summary: ImportSummary | None) -> list[list[Cell]]:
        if summary is None:
            return []
        return [
            [
                sheet.name or summary.file,
                say(f"sheet_{sheet.status}", self.lang),
                f"{sheet.rows:,}",
                sheet.note,
            ]
            for sheet in summary.sheets
        ]

    def show_status(self) -> None:
        status = self.query_one("#import-status", Static)
        status.set_class(bool(self.refusal), "error")
        text = self._status_text()
        if self.summary is not None and self.running is None and self.summary.notes:
            text += "\n" + "\n".join(self.summary.notes)  # what reading the file noticed
        status.update(text)

    def _status_text(self) -> str:
        lang = self.lang
        name = Path(self.draft.path).name
        if self.refusal:
            return say("not_imported", lang, reason=self.refusal)
        if self.running is not None:
            if self.writing:
                return say("importing", lang, name=name)
            if not self.rows_read:
                return say("reading", lang, name=name)
            return say("reading_rows", lang, name=name, rows=f"{self.rows_read:,}")
        summary = self.summary
        if summary is None:
            return say("import_how", lang)
        counts = {
            "name": name,
            "rows": str(summary.rows),
            "added": str(summary.added),
            "updated": str(summary.updated),
            "unchanged": str(summary.unchanged),
            "skipped": str(summary.skipped),
        }
        if self.written:
            return say("imported", lang, **counts)
        line = say("would_import", lang, **counts)
        errors = len(summary.errors)
        if errors and not self.draft.skip_invalid:
            return line + say("would_refuse", lang, count=str(errors))
        return line + say("ctrl_s_imports", lang)

    def show_detail(self) -> None:
        """Under the tables: the problem under the cursor in full (the table cuts long
        reasons), or how to name the field of the column under the cursor."""
        detail = self.query_one("#import-detail", Static)
        active = self.query_one(TabbedContent).active
        if active == "import-problems-tab":
            problems = self._problems(self.summary)
            row = self.query_one("#import-problems", FastTable).cursor_row
            shown = row < min(len(problems), PROBLEMS_SHOWN)
            detail.update(problems[row][1].line() if shown else "")
        elif active == "import-columns-tab" and self.summary and self.summary.columns:
            detail.update(say("column_hint", self.lang))
        else:
            detail.update("")

    @on(TabbedContent.TabActivated)
    def tab_activated(self) -> None:
        self.show_detail()

    @on(FastTable.RowSelected, "#import-columns")
    def column_selected(self, event: FastTable.RowSelected) -> None:
        """Name by hand the field a column fills (or leave it out), and read again."""
        if self.summary is None or self.writing or event.index >= len(self.summary.columns):
            return
        column = self.summary.columns[event.index]
        title = say("column_fills", self.lang, letter=column.letter, header=column.header)

        def chosen(field: str | None) -> None:
            if field is not None:
                self._choose(mapping=self.draft.mapped(column.header, field).mapping)

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
    def path_submitted(self, event: Input.Submitted) -> None:
        self._choose(path=event.value.strip())

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

    # -- the work, in threads --------------------------------------------------------------------

    def _start(
        self, run: Callable[[ImportDraft], Worker[None]], *, writing: bool, total: int | None
    ) -> None:
        self.writing = writing
        self.written = False
        self.refusal = ""
        self.rows_read = 0
        if not writing:
            self.read_summary = None
        bar = self.query_one("#import-progress", ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True
        self._lock_choices(writing)
        self.running = run(self.draft)
        self.show_status()
        self.refresh_bindings()

    def _ended(self) -> None:
        self.running = None
        self.writing = False
        self.query_one("#import-progress", ProgressBar).display = False
        self._lock_choices(False)
        self.show_summary()
        self.refresh_bindings()

    def _lock_choices(self, locked: bool) -> None:
        """While the sheet is written its file and options stay as they were read."""
        for selector in ("#import-path", "#on-conflict", "#skip-invalid", "#unit"):
            self.query_one(selector).disabled = locked

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _read(self, draft: ImportDraft) -> None:
        self._run(draft, dry_run=True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import")
    def _write(self, draft: ImportDraft) -> None:
        self._run(draft, dry_run=False)

    def _run(self, draft: ImportDraft, *, dry_run: bool) -> None:
        from store.io.importer import import_file

        worker: Worker[None] = get_current_worker()
        store = self.investtrack.store

        def progress(rows: int) -> None:
            if not worker.is_cancelled:
                self.app.call_from_thread(self._progressed, worker, rows)

        try:
            summary = import_file(
                store,
                os.path.expanduser(draft.path),
                draft.options(dry_run=dry_run),
                progress,
                cancelled=lambda: worker.is_cancelled,
            )
        except UserError as error:
            self.post_message(self.ImportRefused(worker, said(error, self.lang)))
            return
        if dry_run:
            self.post_message(self.SheetRead(worker, summary))
            return
        store.changes.changed()  # our own commit: screens reload when shown again
        self.post_message(self.SheetImported(worker, summary))

    def _progressed(self, worker: Worker[None], rows: int) -> None:
        if worker is self.running and not worker.is_cancelled:
            self.query_one("#import-progress", ProgressBar).update(progress=rows)
            if not self.writing:  # a reading's length is not known: its rows are counted
                self.rows_read = rows
                self.show_status()

    @on(SheetRead)
    def sheet_read(self, message: SheetRead) -> None:
        if message.worker is self.running:
            self.read_summary = self.summary = message.summary
            self._ended()

    @on(SheetImported)
    def sheet_imported(self, message: SheetImported) -> None:
        if message.worker is not self.running:
            return
        summary = self.summary = message.summary
        self.written = summary.written
        if summary.written:
            self.read_summary = None
        else:  # its rows' problems refused it: they are in the problems table
            count = len(summary.errors)
            self.read_summary = summary
            self.refusal = say("import_refused", self.lang, count=str(count))
        self._ended()
        if summary.written:
            self.notify(self._status_text(), timeout=8, markup=False)

    @on(ImportRefused)
    def import_refused(self, message: ImportRefused) -> None:
        if message.worker is not self.running:
            return
        self.refusal = message.reason
        if not self.writing:  # the sheet could not be read: there is nothing to confirm
            self.read_summary = self.summary = None
        self._ended()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker failed unexpectedly: the app reports it, and the screen is free again."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            self.investtrack.worker_failed(event.worker.error)
            if event.worker is self.running:
                self._ended()

    @on(DataChanged)
    def data_changed(self, event: DataChanged) -> None:
        if event.what == "language":
            self.show_words()
