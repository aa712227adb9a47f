"""A read-only table drawn with Textual's Line API: each visible line is one pre-measured
strip, so refreshing a page of results costs microseconds per row instead of a layout pass
per cell (DataTable). Widths are terminal cells: CJK characters take two. And filling the
small DataTables of the other screens with widths measured up front."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import DataTable

Cell = str | Text


@dataclass(frozen=True)
class TableColumn:
    label: str
    width: int
    right: bool = False  # numbers line up on the right


class FastTable(ScrollView, can_focus=True):
    DEFAULT_CSS = """
    FastTable { height: 1fr; }
    FastTable > .fast-table--header { text-style: bold; background: $boost; }
    FastTable > .fast-table--cursor { background: $accent 60%; }
    FastTable > .fast-table--header-cursor { text-style: bold reverse; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "fast-table--header",
        "fast-table--cursor",
        "fast-table--header-cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "move(-1)", "row_up", show=False),
        Binding("down", "move(1)", "row_down", show=False),
        Binding("pageup", "page(-1)", "screen_up", show=False),
        Binding("pagedown", "page(1)", "screen_down", show=False),
        Binding("home", "edge(-1)", "first_row", show=False),
        Binding("end", "edge(1)", "last_row", show=False),
        Binding("left", "column(-1)", "column_left", show=False),
        Binding("right", "column(1)", "column_right", show=False),
        Binding("enter", "select", "open_row", show=False),
    ]

    cursor_row = reactive(0)
    cursor_column = reactive(0)

    class RowSelected(Message):
        def __init__(self, table: FastTable, index: int) -> None:
            super().__init__()
            self.table = table
            self.index = index

        @property
        def control(self) -> FastTable:
            return self.table

    class HeaderSelected(Message):
        def __init__(self, table: FastTable, column: int) -> None:
            super().__init__()
            self.table = table
            self.column = column

        @property
        def control(self) -> FastTable:
            return self.table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[TableColumn] = []
        self.rows: list[list[Cell]] = []
        self._strips: dict[int, list[Segment]] = {}

    # -- content ---------------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def set_data(self, columns: list[TableColumn], rows: list[list[Cell]]) -> None:
        """Replace columns and rows at once; the cursor stays where it was, within bounds."""
        self.columns = columns
        self.rows = rows
        self._strips.clear()
        width = sum(column.width + 1 for column in columns)
        self.virtual_size = Size(width, len(rows) + 1)
        self.cursor_row = min(self.cursor_row, max(0, len(rows) - 1))
        self.cursor_column = min(self.cursor_column, max(0, len(columns) - 1))
        self.refresh()

    def cell_text(self, row: int, column: int) -> str:
        cell = self.rows[row][column]
        return cell.plain if isinstance(cell, Text) else cell

    # -- drawing -----------------------------------------------------------------------------------

    @staticmethod
    def _fit(text: str, width: int, right: bool) -> str:
        if cell_len(text) > width:
            return set_cell_size(text, width - 1) + "…"
        pad = " " * (width - cell_len(text))
        return pad + text if right else text + pad

    def _segments(self, cells: list[Cell], base: Style) -> list[Segment]:
        segments = []
        for column, cell in zip(self.columns, cells, strict=False):
            style = base
            if isinstance(cell, Text) and cell.style:
                style = base + (
                    Style.parse(cell.style) if isinstance(cell.style, str) else cell.style
                )
            text = cell.plain if isinstance(cell, Text) else cell
            segments.append(Segment(self._fit(text, column.width, column.right), style))
            segments.append(Segment(" ", base))
        return segments

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        if y == 0:
            header = self.get_component_rich_style("fast-table--header")
            chosen = self.get_component_rich_style("fast-table--header-cursor")
            segments = []
            for index, column in enumerate(self.columns):
                segments.append(
                    Segment(
                        self._fit(column.label, column.width, column.right),
                        chosen if index == self.cursor_column and self.has_focus else header,
                    )
                )
                segments.append(Segment(" ", header))
            return (
                Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width, header)
            )
        index = scroll_y + y - 1
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        base = self.rich_style
        if index == self.cursor_row:
            base = base + self.get_component_rich_style("fast-table--cursor")
            segments = self._segments(self.rows[index], base)
        else:
            segments = self._strips.get(index) or self._strips.setdefault(
                index, self._segments(self.rows[index], base)
            )
        return Strip(segments).crop(scroll_x, scroll_x + width).extend_cell_length(width, base)

    # -- the cursor ------------------------------------------------------------------------------

    def watch_cursor_row(self, old: int, new: int) -> None:
        visible = self.size.height - 1
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif visible > 0 and new >= top + visible:
            self.scroll_to(y=new - visible + 1, animate=False)
        self.refresh()

    def watch_cursor_column(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_move(self, step: int) -> None:
        if self.rows:
            self.cursor_row = max(0, min(len(self.rows) - 1, self.cursor_row + step))

    def action_page(self, step: int) -> None:
        self.action_move(step * max(1, self.size.height - 2))

    def action_edge(self, step: int) -> None:
        self.action_move(step * len(self.rows))

    def action_column(self, step: int) -> None:
        if self.columns:
            self.cursor_column = max(0, min(len(self.columns) - 1, self.cursor_column + step))

    def action_select(self) -> None:
        if self.rows:
            self.post_message(self.RowSelected(self, self.cursor_row))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x + self.scroll_offset.x
            for index, column in enumerate(self.columns):
                x -= column.width + 1
                if x < 0:
                    self.cursor_column = index
                    self.post_message(self.HeaderSelected(self, index))
                    return
            return
        index = self.scroll_offset.y + event.y - 1
        if 0 <= index < len(self.rows):
            if index == self.cursor_row and event.chain > 1:
                self.post_message(self.RowSelected(self, index))
            self.cursor_row = index


def fill_data_table(
    table: DataTable[Any],
    columns: Sequence[tuple[str, int | None]],
    rows: Sequence[Sequence[Cell]],
    keys: Sequence[str] | None = None,
) -> None:
    """Replace a DataTable's columns (heading, width) and rows, keeping the cursor's row. A
    width of None is the heading's or the widest cell's, measured here: DataTable measures
    its own later, when idle, and a frame drawn before that cut the cells to the heading's
    width (a deadline showed as "2023-07-")."""
    cursor = table.cursor_row
    table.clear(columns=True)
    for index, (heading, width) in enumerate(columns):
        if width is None:
            width = max([cell_len(heading), *(_cell_width(row[index]) for row in rows)])
        table.add_column(heading, width=width)
    for number, row in enumerate(rows):
        # plain text: DataTable would read a string as markup, and a name may hold "[/]"
        cells = [Text(cell) if isinstance(cell, str) else cell for cell in row]
        table.add_row(*cells, key=keys[number] if keys else None)
    if rows:
        table.move_cursor(row=min(cursor, len(rows) - 1))


def _cell_width(cell: Cell) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)
