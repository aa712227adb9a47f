"""Deadlines: stage deadlines and procedure due dates together, nearest first."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from store.service import DueItem, DueList
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut, days, warning_cell

WITHIN_DAYS = 30


class DeadlinesScreen(StoreScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open 打开", id="deadlines.open")
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[DueItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="deadlines-title", classes="title")
        yield DataTable(id="deadlines", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def fetch(self) -> Any:
        return self.store.due_items(within_days=WITHIN_DAYS)

    def show(self, data: Any) -> None:
        due: DueList = data
        self.items, total = due.items, due.total
        nearest = len(self.items)
        if self.lang == "zh":
            shown = f"共{total:,}项" if total <= nearest else f"最近{nearest:,}项/共{total:,}项"
            title = f"时限：已超期或{WITHIN_DAYS}天内到期（{shown}）"
        else:
            shown = f"{total:,}" if total <= nearest else f"nearest {nearest:,} of {total:,}"
            title = f"Deadlines: overdue or due within {WITHIN_DAYS} days ({shown})"
        self.query_one("#deadlines-title", Static).update(title)
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
        fill_data_table(self.query_one(DataTable), [(self.word(k), w) for k, w in columns], rows)

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if self.items:
            self.open_project(self.items[table.cursor_row].project_id)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_project(self.items[event.cursor_row].project_id)
