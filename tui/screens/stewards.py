"""Stewards: the leaders' responsibility list (领导包抓责任清单), and each one's projects."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Header, Static

from store.service import ProjectFilter, ProjectRow, StewardSummary
from store.warnings import WarningLevel
from tui.moves import ProjectMoves
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import count, cut, days, warning_cell


class StewardsScreen(ProjectMoves, StoreScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "assign", "Reassign 调整领导", id="stewards.assign"),
        Binding("enter", "open", "Open 打开", id="stewards.open", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.stewards: list[StewardSummary] = []
        self.projects: list[ProjectRow] = []
        self.chosen: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="stewards", cursor_type="row", zebra_stripes=True)
        yield Static("", id="steward-projects-title", classes="title")
        yield DataTable(id="steward-projects", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def fetch(self) -> Any:
        stewards = self.store.stewards()
        chosen = self.chosen or (stewards[0].name if stewards else None)
        projects = self.store.list_projects(ProjectFilter(steward=chosen)) if chosen else []
        return stewards, chosen, projects

    def show(self, data: Any) -> None:
        self.stewards, self.chosen, self.projects = data
        levels = (WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.BLUE)
        # None: as wide as the heading or the widest value; the texts are cut to their width
        headings = [
            ("steward", 8),
            ("title", 10),
            ("unit", 16),
            ("level", None),
            ("phone", None),
            ("projects", None),
            ("late", None),
            *[(level.value, None) for level in levels],
        ]
        fill_data_table(
            self.query_one("#stewards", DataTable),
            [(self.word(key), width) for key, width in headings],
            [
                (
                    cut(steward.name, 8),
                    cut(steward.title, 10),
                    cut(steward.unit, 16),
                    steward.level,
                    steward.phone,
                    count(steward.projects),
                    count(steward.late),
                    *[count(steward.warnings[level]) for level in levels],
                )
                for steward in self.stewards
            ],
            keys=[steward.name for steward in self.stewards],
        )
        self.query_one("#steward-projects-title", Static).update(
            f"{self.chosen or ''}: {len(self.projects)}"
        )
        headings = [
            ("name", 30),
            ("county", 8),
            ("stage", 10),
            ("deadline", None),
            ("days_left", None),
            ("warning", None),
        ]
        fill_data_table(
            self.query_one("#steward-projects", DataTable),
            [(self.word(key), width) for key, width in headings],
            [
                (
                    cut(row.name, 30),
                    cut(row.county, 8),
                    self.word(row.stage),
                    str(row.deadline or ""),
                    days(row.days_left),
                    warning_cell(row.warning, self.lang),
                )
                for row in self.projects
            ],
            keys=[str(row.id) for row in self.projects],
        )

    @on(DataTable.RowHighlighted, "#stewards")
    def steward_highlighted(self, event: DataTable.RowHighlighted) -> None:
        name = event.row_key.value
        if name and name != self.chosen:
            self.chosen = name
            self.reload()

    @on(DataTable.RowSelected, "#steward-projects")
    def project_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.open_project(int(event.row_key.value))

    @on(DataTable.RowSelected, "#stewards")
    def steward_selected(self) -> None:
        self.query_one("#steward-projects", DataTable).focus()

    def selected_project(self) -> tuple[int, str, int | None] | None:
        table = self.query_one("#steward-projects", DataTable)
        if not self.projects:
            return None
        row = self.projects[min(table.cursor_row, len(self.projects) - 1)]
        return row.id, row.name, row.version

    def action_open(self) -> None:
        chosen = self.selected_project()
        if chosen:
            self.open_project(chosen[0])
