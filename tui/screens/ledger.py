"""Ledger: every project in a table paged from SQL, filtered, sorted and searched as you type."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any, ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Header, Input, Select, Static

from store.labels import Lang
from store.service import ProjectFilter, ProjectRow
from tui.moves import ProjectMoves
from tui.screens.ledger_filters import FILTERS, LedgerFilters
from tui.table import FastTable, TableColumn
from tui.text import days, warning_cell, yi
from tui.widgets.footer import KeyFooter
from tui.words import filters_text, say

PAGE = 100  # rows held at once: memory stays flat whatever the number of projects
RIGHT_ALIGNED = {
    "signed_amount",
    "funds_in_place",
    "days_left",
    "working_days_left",
}

# key, sort key, width in cells for the values (amounts and countdowns line up on the right);
# a column is as wide as its heading (and a sort arrow) where that is wider
COLUMNS = [
    ("code", "code", 24),
    ("name", "name", 28),
    ("county", "county", 8),
    ("chain", "chain", 12),
    ("stage", "stage", 10),
    ("steward", "steward", 8),
    ("signed_amount", "signed_amount", 9),
    ("funds_in_place", "funds_in_place", 9),
    ("deadline", "deadline", 10),
    ("days_left", "days_left", 8),
    ("working_days_left", "working_days_left", 10),
    ("warning", "warning", 7),
]
# what an officer reads first: on a narrow terminal these lead, the rest follow to the right
FIRST_READ = ("name", "stage", "deadline", "days_left", "warning")
NARROW_BELOW = 140  # cells: under this the ledger opens with FIRST_READ (w shows them all)
# the choices that filter, each named by its field
MOVE_ACTIONS = frozenset(
    [move[1] for move in ProjectMoves.MOVE_BINDINGS] + [ProjectMoves.REINSTATE_BINDING[1]]
)


def narrow_order() -> list[tuple[str, str, int]]:
    first = [column for key in FIRST_READ for column in COLUMNS if column[0] == key]
    return first + [column for column in COLUMNS if column[0] not in FIRST_READ]


class SearchInput(Input):
    """An Input whose typing repaints only itself. Textual's Input keeps the text's width as
    its virtual size, a reactive that re-lays the whole screen: ~25 ms a keystroke here,
    five times the search itself. The width only scrolls text inside this box, so it is set
    without the layout pass."""

    def _watch_value(self, value: str) -> None:
        # Set first, without watchers: the Input's own assignment then changes nothing.
        self.set_reactive(Widget.virtual_size, Size(self.content_width, 1))
        super()._watch_value(value)


class StatusLine(Widget):
    """One line of text that repaints without a layout pass (Static.update re-lays the screen)."""

    DEFAULT_CSS = "StatusLine { height: 1; padding: 0 1; color: $text-muted; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = ""

    def show(self, text: str) -> None:
        self.text = text
        self.refresh()

    def render(self) -> Text:
        return Text(self.text)  # plain: it repeats the search typed, which may hold "[/]"


class LedgerScreen(ProjectMoves, LedgerFilters):
    AUTO_FOCUS = "#ledger"
    # A narrow terminal shows the first filters; Tab to one past the edge scrolls it in.
    DEFAULT_CSS = "LedgerScreen #filters { overflow-x: auto; scrollbar-size-horizontal: 0; }"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("o", "sort", "sort", tooltip="help_sort", id="ledger.sort"),
        Binding(
            "right_square_bracket",
            "page(1)",
            "next_page",
            tooltip="help_next_page",
            id="ledger.next",
        ),
        Binding(
            "left_square_bracket",
            "page(-1)",
            "previous_page",
            tooltip="help_previous_page",
            id="ledger.prev",
        ),
        Binding("e", "export", "export", tooltip="help_export", id="ledger.export"),
        Binding("n", "new_project", "add", tooltip="help_new_project", id="ledger.new_project"),
        Binding("w", "toggle_wide", "columns", tooltip="help_columns", id="ledger.wide"),
        *ProjectMoves.move_bindings("ledger", reinstate=True),
        Binding("escape", "clear", "clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filters = ProjectFilter()
        self.sort = "deadline"
        self.descending = False
        self.page_start = 0
        self.total: int | None = 0  # None: not counted yet
        self.rows: list[ProjectRow] = []
        self.choices_loaded = False
        self.choices_lang: Lang | None = None  # the choices' words and order follow the language
        self.keys_state: tuple[bool | None, ...] = ()  # which keys apply, for the row shown
        self.wide: bool | None = None  # every column in order; None: as the width suits

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield SearchInput(placeholder=self.word("search_box"), id="search")
            for key in FILTERS:
                yield Select([], prompt=self.word(key), id=key)
            yield Select([], prompt=self.word("active_only"), id="withdrawn")
        yield FastTable(id="ledger")
        yield Static("", id="empty-hint", markup=False)
        yield StatusLine(id="pager")
        yield KeyFooter()

    def fetch(self) -> Any:
        choices = None
        by_sound = self.lang is Lang.ZH  # Chinese mode: names, counties, stewards by pinyin
        if not self.choices_loaded or self.choices_lang is not self.lang:
            choices = (
                self.store.distinct_values("county", pinyin=by_sound),
                self.store.distinct_values("chain", pinyin=by_sound),
                self.store.steward_names(include_retired=True, pinyin=by_sound),
            )

        def page() -> tuple[int | None, list[ProjectRow]]:
            return self.store.page_projects(
                self.filters,
                sort=self.sort,
                descending=self.descending,
                offset=self.page_start,
                limit=PAGE,
                pinyin=by_sound,
            )

        total, rows = page()
        if not rows and self.page_start:  # the list shrank under the page
            known = self.store.count_projects(self.filters) if total is None else total
            self.page_start = max(known - 1, 0) // PAGE * PAGE
            total, rows = page()
        return choices, total, rows

    def show(self, data: Any) -> None:
        choices, self.total, self.rows = data
        if choices is not None:
            self._fill_choices(*choices)
            self.choices_lang = self.lang
        columns = []
        for key, sort_key, width in self.columns():
            arrow = ("▼" if self.descending else "▲") if sort_key == self.sort else ""
            right = key in RIGHT_ALIGNED
            heading = self.word(key)
            wide = max(width, cell_len(heading) + 1)  # + 1: room for the arrow when sorted
            columns.append(TableColumn(heading + arrow, wide, right))
        self.query_one(FastTable).set_data(columns, [self._cells(row) for row in self.rows])
        self._show_pager()
        self._show_empty()
        self._follow_project()
        self._follow_cursor()
        if self.total is None:  # a broad search: the page is shown first, its matches counted after
            self.run_worker(
                partial(self._count, self.filters),
                thread=True,
                exclusive=True,
                group="count",
                exit_on_error=False,
            )

    def _count(self, filters: ProjectFilter) -> None:
        total = self.store.count_projects(filters)
        self.app.call_from_thread(self._counted, filters, total)

    def _counted(self, filters: ProjectFilter, total: int) -> None:
        if filters == self.filters and self.total is None:  # still the search it counted
            self.total = total
            self._show_pager()
            self._follow_cursor()  # the next page key follows the count

    def _show_pager(self) -> None:
        shown = len(self.rows)
        total = "…" if self.total is None else f"{self.total}"  # … while it is counted
        self.query_one("#pager", StatusLine).show(
            f"{self.page_start + 1 if shown else 0}-{self.page_start + shown} / {total}   "
            f"{filters_text(self.filters, self.lang)}   "
            + self.word("pager_keys", unit=self.word("unit_yi"))
        )

    def columns(self) -> list[tuple[str, str, int]]:
        """Every column in order when wide; on a narrow terminal the ones read first lead."""
        wide = self.app.size.width >= NARROW_BELOW if self.wide is None else self.wide
        return COLUMNS if wide else narrow_order()

    def action_toggle_wide(self) -> None:
        self.wide = self.columns() is not COLUMNS
        self.reload()

    def on_resize(self) -> None:
        if self.wide is None and self.rows:
            self.reload()

    def _cells(self, row: ProjectRow) -> list[Any]:
        """The table cuts to its column widths, in cells."""
        cells = {
            "code": row.code or "",
            "name": row.name,
            "county": row.county,
            "chain": row.chain,
            "stage": self.word("withdrawn" if row.withdrawn_on else row.stage),
            "steward": row.steward or "",
            "signed_amount": yi(row.signed_amount_yuan),
            "funds_in_place": yi(row.funds_in_place_yuan),
            "deadline": str(row.deadline or ""),
            "days_left": days(row.days_left),
            "working_days_left": days(row.working_days_left),
            "warning": warning_cell(row.warning, self.lang),
        }
        return [cells[key] for key, _, _ in self.columns()]

    def _show_empty(self) -> None:
        """No project at all (no filter hides them): how to start, instead of blank columns."""
        empty = not self.rows and self.total == 0 and self.filters == ProjectFilter()
        hint = self.query_one("#empty-hint", Static)
        hint.display = empty
        self.query_one(FastTable).display = not empty
        if empty:
            hint.update(f"{say('empty_title', self.lang)}\n\n{say('empty_hint', self.lang)}")

    def _follow_project(self) -> None:
        """After a move (or coming from an opened project) the cursor is on that project,
        wherever the new order put it on this page."""
        if self.followed_id is None:
            return
        for index, row in enumerate(self.rows):
            if row.id == self.followed_id:
                self.query_one(FastTable).cursor_row = index
                break
        self.followed_id = None

    # -- sorting and paging ----------------------------------------------------------------

    def action_sort(self) -> None:
        """Sort by the column under the cursor; again to reverse."""
        table = self.query_one(FastTable)
        sort_key = self.columns()[table.cursor_column][1]
        self.descending = not self.descending if sort_key == self.sort else False
        self.sort = sort_key
        self.reload()

    @on(FastTable.HeaderSelected)
    def header_selected(self) -> None:
        self.action_sort()

    def action_page(self, step: int) -> None:
        start = self.page_start + step * PAGE
        known = self.page_start + len(self.rows) + 1 if self.total is None else self.total
        if 0 <= start < max(known, 1):
            self.page_start = start
            self.reload()

    # -- the selected project ---------------------------------------------------------------

    def selected_project(self) -> tuple[int, str, int | None] | None:
        table = self.query_one(FastTable)
        if not self.rows:
            return None
        row = self.rows[min(table.cursor_row, len(self.rows) - 1)]
        return row.id, row.name, row.version

    def selected_withdrawn(self) -> bool:
        table = self.query_one(FastTable)
        return (
            bool(self.rows)
            and self.rows[min(table.cursor_row, len(self.rows) - 1)].withdrawn_on is not None
        )

    def on_mount(self) -> None:
        self.watch(self.query_one(FastTable), "cursor_row", self._follow_cursor, init=False)

    def _follow_cursor(self) -> None:
        """The move keys follow the row: shown again only when the moves that apply change
        (a footer redrawn at every row would slow the cursor)."""
        pages = (self.check_action("page", (-1,)), self.check_action("page", (1,)))
        state = (bool(self.rows), *pages, *self.move_keys_state())
        if state != self.keys_state:
            self.keys_state = state
            self.refresh_bindings()

    def selected_stage_kind(self) -> tuple[str, str] | None:
        row = self._selected_row()
        return None if row is None else (row.stage, row.kind)

    def selected_resumed_on(self) -> date | None:
        row = self._selected_row()
        return None if row is None else row.resumed_on

    def _selected_row(self) -> ProjectRow | None:
        if not self.rows:
            return None
        return self.rows[min(self.query_one(FastTable).cursor_row, len(self.rows) - 1)]

    def action_new_project(self) -> None:
        from tui.new_project import ask_new_project  # the form's modules load on first use

        ask_new_project(self.investtrack)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moves on a row they apply to (none on an empty list); a page key greyed where
        there is no page that way."""
        if action in MOVE_ACTIONS and not self.rows:
            return False
        if action == "page":
            step = parameters[0] if parameters and isinstance(parameters[0], int) else 1
            start = self.page_start + step * PAGE
            known = self.page_start + len(self.rows) + 1 if self.total is None else self.total
            return True if 0 <= start < known else None
        return self.move_applies(action)

    @on(FastTable.RowSelected)
    def row_selected(self, event: FastTable.RowSelected) -> None:
        self.open_project(self.rows[event.index].id)

    def action_export(self) -> None:
        from tui.export import ask_export

        ask_export(self.investtrack, self.filters)
