"""Board: the four stages side by side, the most urgent projects of each on top."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, ListItem, ListView, Static

from store.service import ProjectFilter, ProjectRow
from store.stages import STAGES, Stage
from tui.moves import ProjectMoves
from tui.screens.base import StoreScreen
from tui.text import WARNING_MARK, cut, yi

CARDS_PER_STAGE = 60  # the most urgent; the ledger pages through the rest


class ProjectCard(ListItem):
    def __init__(self, row: ProjectRow, days_word: str) -> None:
        super().__init__(classes=f"card warn-{row.warning or 'none'}")
        self.row = row
        self.days_word = days_word

    def compose(self) -> ComposeResult:
        row = self.row
        mark = WARNING_MARK.get(row.warning or "", "")
        left = "" if row.days_left is None else f"{row.days_left}{self.days_word}"
        yield Static(Text(cut(row.name, 30), style="bold"))
        yield Static(cut(f"{row.county} · {row.steward or '-'}", 30))
        yield Static(f"{left} {mark}".strip())


class BoardScreen(ProjectMoves, StoreScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(key, action, label, id=f"board.{action}")
            for key, action, label in ProjectMoves.MOVE_BINDINGS
        ],
        Binding("enter", "open", "Open 打开", id="board.open"),
        Binding("left,h", "column(-1)", "←", show=False),
        Binding("right", "column(1)", "→", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board"):
            for stage in STAGES:
                with Vertical(classes="stage-column"):
                    yield Static("", id=f"head-{stage.value}", classes="stage-head")
                    yield ListView(id=f"cards-{stage.value}")
        yield Footer()

    def fetch(self) -> Any:
        totals = self.store.stage_totals()
        cards = {
            stage: self.store.list_projects(ProjectFilter(stage=stage), limit=CARDS_PER_STAGE)
            for stage in STAGES
        }
        return totals, cards

    def show(self, data: Any) -> None:
        totals, cards = data
        days_word = "天" if self.lang == "zh" else "d"
        for stage in STAGES:
            count, amount = totals[stage.value]
            self.query_one(f"#head-{stage.value}", Static).update(
                f"{self.word(stage.value)}  {count} · {yi(amount)} 亿元"
            )
            view = self.query_one(f"#cards-{stage.value}", ListView)
            index = view.index
            view.clear()
            view.extend(ProjectCard(row, days_word) for row in cards[stage])
            if cards[stage]:
                view.index = min(index or 0, len(cards[stage]) - 1)

    def _focused_view(self) -> ListView:
        focused = self.focused
        if isinstance(focused, ListView):
            return focused
        return self.query_one(f"#cards-{Stage.SIGNED.value}", ListView)

    def action_column(self, step: int) -> None:
        views = list(self.query(ListView))
        current = views.index(self._focused_view())
        views[(current + step) % len(views)].focus()

    def selected_project(self) -> tuple[int, str, int | None] | None:
        item = self._focused_view().highlighted_child
        if not isinstance(item, ProjectCard):
            return None
        return item.row.id, item.row.name, item.row.version

    def action_open(self) -> None:
        chosen = self.selected_project()
        if chosen:
            self.open_project(chosen[0])

    def on_list_view_selected(self, event: ListView.Selected) -> None:
        if isinstance(event.item, ProjectCard):
            self.open_project(event.item.row.id)
