"""Ledger: every project in a table paged from SQL, filtered, sorted and searched as you type."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from typing import Any, ClassVar

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Footer, Header, Input, Select

from store.service import ProjectFilter, ProjectRow
from store.stages import STAGES, Stage
from store.warnings import WarningLevel
from tui.moves import ProjectMoves
from tui.screens.base import StoreScreen
from tui.table import FastTable, TableColumn
from tui.text import days, warning_cell, yi

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

    def render(self) -> str:
        return self.text


class LedgerScreen(ProjectMoves, StoreScreen):
    AUTO_FOCUS = "#ledger"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "search", "Search 搜索", id="ledger.search"),
        Binding("o", "sort", "Sort 排序", id="ledger.sort"),
        Binding("right_square_bracket", "page(1)", "Next 下页", id="ledger.next"),
        Binding("left_square_bracket", "page(-1)", "Prev 上页", id="ledger.prev"),
        Binding("e", "export", "Export 导出", id="ledger.export"),
        *[
            Binding(key, action, label, id=f"ledger.{action}")
            for key, action, label in ProjectMoves.MOVE_BINDINGS
        ],
        Binding("escape", "clear", "Clear 清除", show=False),
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

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="filters"):
            yield SearchInput(
                placeholder="/ 搜索 search: name, code, investor, pinyin (jqnd)", id="search"
            )
            yield Select([], prompt="Stage 阶段", id="stage")
            yield Select([], prompt="Warning 预警", id="warning")
            yield Select([], prompt="County 县区", id="county")
            yield Select([], prompt="Chain 产业链", id="chain")
            yield Select([], prompt="Steward 领导", id="steward")
        yield FastTable(id="ledger")
        yield StatusLine(id="pager")
        yield Footer()

    def fetch(self) -> Any:
        choices = None
        if not self.choices_loaded:
            choices = (
                self.store.distinct_values("county"),
                self.store.distinct_values("chain"),
                [s.name for s in self.store.stewards()],
            )

        def page() -> tuple[int | None, list[ProjectRow]]:
            return self.store.page_projects(
                self.filters,
                sort=self.sort,
                descending=self.descending,
                offset=self.page_start,
                limit=PAGE,
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
        columns = []
        for key, sort_key, width in COLUMNS:
            arrow = ("▼" if self.descending else "▲") if sort_key == self.sort else ""
            right = key in RIGHT_ALIGNED
            heading = self.word(key)
            wide = max(width, cell_len(heading) + 1)  # + 1: room for the arrow when sorted
            columns.append(TableColumn(heading + arrow, wide, right))
        self.query_one(FastTable).set_data(columns, [self._cells(row) for row in self.rows])
        self._show_pager()
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

    def _show_pager(self) -> None:
        shown = len(self.rows)
        total = "…" if self.total is None else f"{self.total}"  # … while it is counted
        self.query_one("#pager", StatusLine).show(
            f"{self.page_start + 1 if shown else 0}-{self.page_start + shown} / {total}   "
            f"{self.filters.describe()}   [ ] page 翻页 · o sort 排序 · amounts 亿元"
        )

    def _cells(self, row: ProjectRow) -> list[Any]:
        """The table cuts to its column widths, in cells."""
        return [
            row.code or "",
            row.name,
            row.county,
            row.chain,
            self.word(row.stage),
            row.steward or "",
            yi(row.signed_amount_yuan),
            yi(row.funds_in_place_yuan),
            str(row.deadline or ""),
            days(row.days_left),
            days(row.working_days_left),
            warning_cell(row.warning, self.lang),
        ]

    def _fill_choices(self, counties: list[str], chains: list[str], stewards: list[str]) -> None:
        self.choices_loaded = True
        self.query_one("#stage", Select).set_options(
            (f"{self.word(s.value)} {s.value}", s.value) for s in STAGES
        )
        self.query_one("#warning", Select).set_options(
            (f"{self.word(w.value)} {w.value}", w.value) for w in WarningLevel
        )
        self.query_one("#county", Select).set_options((c, c) for c in counties)
        self.query_one("#chain", Select).set_options((c, c) for c in chains)
        self.query_one("#steward", Select).set_options((s, s) for s in stewards)

    # -- filtering and searching -----------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self, event: Input.Changed) -> None:
        self._refilter(search=event.value or None)

    @on(Input.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(FastTable).focus()

    @on(Select.Changed)
    def select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.BLANK else str(event.value)
        key = event.select.id or ""
        if key == "stage":
            self._refilter(stage=Stage(value) if value else None)
        elif key == "warning":
            self._refilter(warning=WarningLevel(value) if value else None)
        else:
            self._refilter(**{key: value})

    def _refilter(self, **change: Any) -> None:
        self.filters = replace(self.filters, **change)
        self.page_start = 0
        self.reload()

    def action_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear(self) -> None:
        self.query_one("#search", Input).value = ""
        for select in self.query(Select):
            select.clear()
        self.query_one(FastTable).focus()

    # -- sorting and paging ----------------------------------------------------------------

    def action_sort(self) -> None:
        """Sort by the column under the cursor; again to reverse."""
        table = self.query_one(FastTable)
        sort_key = COLUMNS[table.cursor_column][1]
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

    @on(FastTable.RowSelected)
    def row_selected(self, event: FastTable.RowSelected) -> None:
        self.open_project(self.rows[event.index].id)

    def action_export(self) -> None:
        from tui.export import ask_export

        ask_export(self.investtrack, self.filters)
