"""Deadlines: stage deadlines and procedure due dates together, the nearest to today first
(just passed or soon to come alike), a page at a time, filtered by county, steward and
warning; the title says which of how many are shown."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Select, Static
from textual.widgets.select import InvalidSelectValueError

from store.labels import Lang
from store.queries.deadlines import DueItem, DueList
from store.service import ProjectFilter
from store.warnings import WarningLevel
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut, days, warning_cell
from tui.widgets.footer import KeyFooter
from tui.words import filters_text

WITHIN_DAYS = 30
PAGE = 500
# The widths, in cells, of the texts that are cut: a name and a note are wanted whole up to
# their most, and stay readable down to their least (a CJK character is two cells).
NAME_MOST, NAME_LEAST = 28, 16
NAME_SPARING = 22  # a name this wide still reads well: beyond it, room goes to the steward
NOTE_MOST, NOTE_LEAST = 20, 14
STEWARD_WIDTH = 8
LEADING = ("deadline", "days_short", "working_days_short", "warning")  # before the name
PADDING = 2  # a DataTable cell's padding, both sides
SCROLLBAR = 2
FILTERS = ("county", "steward", "warning")  # the choices that filter, each named by its field


class DeadlinesScreen(StoreScreen):
    AUTO_FOCUS = "#deadlines"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "open_row", tooltip="help_open", id="deadlines.open"),
        Binding(
            "right_square_bracket",
            "page(1)",
            "next_page",
            tooltip="help_next_page",
            id="deadlines.next",
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            "previous_page",
            tooltip="help_previous_page",
            id="deadlines.prev",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[DueItem] = []
        self.filters = ProjectFilter()
        self.page_start = 0
        self.total = 0
        self.choices_lang: Lang | None = None  # the language the choices were filled in

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            for key in FILTERS:
                yield Select([], prompt=self.word(key), id=key)
        yield Static("", id="deadlines-title", classes="title")
        yield DataTable(id="deadlines", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def fetch(self) -> Any:
        choices = None
        if self.choices_lang is not self.lang:
            choices = (
                self.store.distinct_values("county"),
                self.store.steward_names(include_retired=True),
            )
        due = self.store.due_items(
            WITHIN_DAYS, filters=self.filters, offset=self.page_start, limit=PAGE
        )
        if not due.items and self.page_start:  # the list shrank under the page
            self.page_start = max(due.total - 1, 0) // PAGE * PAGE
            due = self.store.due_items(
                WITHIN_DAYS, filters=self.filters, offset=self.page_start, limit=PAGE
            )
        return choices, due

    def show(self, data: Any) -> None:
        choices, due = data
        if choices is not None:
            self._fill_choices(*choices)
        due_list: DueList = due
        self.items, self.total, self.page_start = due_list.items, due_list.total, due_list.offset
        more = self.page_start + len(self.items) < self.total
        first, last, total = self.page_start + 1, self.page_start + len(self.items), self.total
        shown = (
            self.word("deadlines_shown", first=f"{first:,}", last=f"{last:,}", total=f"{total:,}")
            if self.items
            else self.word("deadlines_none", total=f"{total:,}")
        )
        title = self.word("deadlines_title", days=str(WITHIN_DAYS), shown=shown)
        title += f"  {self.word('next_page_hint')}" if more else ""
        described = filters_text(self.filters, self.lang)
        self.query_one("#deadlines-title", Static).update(
            Text(title + (f"   {described}" if described else ""))
        )
        self._fill_table()
        self.refresh_bindings()  # the page keys follow the page shown

    def on_resize(self) -> None:
        if self.items:  # the name and the note share what the screen's width leaves them
            self._fill_table()

    def _fill_table(self) -> None:
        lang = self.lang
        leading = [  # the columns before the name, each as wide as its heading or widest value
            (
                Text(str(item.due)),
                days(item.days_left),
                days(item.working_days_left),
                warning_cell(item.warning, lang),
            )
            for item in self.items
        ]
        notes = [item.what if item.is_procedure else self.word(item.what) for item in self.items]
        names = [item.name for item in self.items]
        headings = [self.word(key) for key in LEADING]
        widths = [
            max(cell_len(heading), *(row[index].cell_len for row in leading))
            for index, heading in enumerate(headings)
        ]
        room = self.size.width - sum(width + PADDING for width in widths) - SCROLLBAR
        name_width, note_width = self._shared(room, names, notes)
        columns = [
            *zip(headings, widths, strict=True),
            (self.word("name"), name_width),
            (self.word("note"), note_width),
            (self.word("steward"), STEWARD_WIDTH),
            (self.word("code"), None),  # as wide as the widest code: it is never cut
        ]
        rows = [
            (
                *dates,
                cut(name, name_width),
                cut(note, note_width),
                cut(item.steward, STEWARD_WIDTH),
                item.code or "",
            )
            for item, dates, name, note in zip(self.items, leading, names, notes, strict=True)
        ]
        fill_data_table(self.query_one("#deadlines", DataTable), columns, rows)

    def _shared(self, room: int, names: list[str], notes: list[str]) -> tuple[int, int]:
        """The name's and the note's widths in the room the other columns leave: each its
        widest text up to its most. The steward stays in sight where the name can spare it
        room; where the two do not fit they give way alike, each down to its least."""
        note = min(max(map(cell_len, [self.word("note"), *notes])), NOTE_MOST)
        name = min(max(map(cell_len, [self.word("name"), *names])), NAME_MOST)
        room -= 2 * PADDING
        steward = STEWARD_WIDTH + PADDING
        if name + note + steward > room and room - note - steward >= NAME_SPARING:
            room -= steward
        shortage = max(name + note - room, 0)
        note = max(note - shortage // 2, min(note, NOTE_LEAST))
        name = max(min(name, room - note), NAME_LEAST)
        return name, note

    def _fill_choices(self, counties: list[str], stewards: list[str]) -> None:
        """The choices and their prompts in the app's language; the filter in force stays
        (new options clear a Select: it is chosen again, without filtering)."""
        self.choices_lang = self.lang
        with self.prevent(Select.Changed):
            for key in FILTERS:
                self.query_one(f"#{key}", Select).prompt = self.word(key)
            # names as Text: a Select reads a string prompt as markup, and a name may hold "[/]"
            self.query_one("#county", Select).set_options((Text(c), c) for c in counties)
            self.query_one("#steward", Select).set_options((Text(s), s) for s in stewards)
            self.query_one("#warning", Select).set_options(
                (self.word(w.value), w.value) for w in WarningLevel
            )
            filters = self.filters
            shown = {
                "county": filters.county,
                "steward": filters.steward,
                "warning": filters.warning.value if filters.warning else None,
            }
            for key, value in shown.items():
                # a value no longer among the choices is still filtered on
                if value is not None:
                    with suppress(InvalidSelectValueError):
                        self.query_one(f"#{key}", Select).value = value

    @on(Select.Changed)
    def select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.BLANK else str(event.value)
        key = event.select.id or ""
        change: dict[str, Any] = {key: WarningLevel(value) if key == "warning" and value else value}
        self.filters = replace(self.filters, **change)
        self.page_start = 0
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Open on a listed item; a page key greyed where there is no page that way."""
        if action == "open":
            return bool(self.items)
        if action == "page":
            step = parameters[0] if parameters and isinstance(parameters[0], int) else 1
            return True if self._page_exists(step) else None
        return True

    def _page_exists(self, step: int) -> bool:
        start = self.page_start + step * PAGE
        return 0 <= start < self.total

    def action_page(self, step: int) -> None:
        if self._page_exists(step):
            self.page_start += step * PAGE
            self.reload()

    def action_open(self) -> None:
        table = self.query_one("#deadlines", DataTable)
        if self.items:
            self.open_project(self.items[min(table.cursor_row, len(self.items) - 1)].project_id)

    @on(DataTable.RowSelected, "#deadlines")
    def row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_project(self.items[event.cursor_row].project_id)
