"""Deadlines: stage deadlines and procedure due dates together, the nearest to today first
(just passed or soon to come alike), a page at a time, filtered by county, steward and
warning; the title says which of how many are shown."""

from __future__ import annotations

from contextlib import suppress
from dataclasses import replace
from typing import Any, ClassVar

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
        # None: as wide as the heading or the widest value; the texts are cut to their width
        columns = [
            ("deadline", None),
            ("days_left", None),
            ("working_days_left", None),
            ("warning", None),
            ("name", 28),
            ("note", 22),
            ("steward", 8),
            ("code", None),
        ]
        rows = [
            (
                str(item.due),
                days(item.days_left),
                days(item.working_days_left),
                warning_cell(item.warning, self.lang),
                cut(item.name, 28),
                cut(item.what if item.is_procedure else self.word(item.what), 22),
                cut(item.steward, 8),
                item.code or "",
            )
            for item in self.items
        ]
        fill_data_table(
            self.query_one("#deadlines", DataTable), [(self.word(k), w) for k, w in columns], rows
        )
        self.refresh_bindings()  # the page keys follow the page shown

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
