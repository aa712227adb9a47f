"""Board: the four stages side by side, the most urgent projects of each on top.

Each column is one OptionList whose options are three-line cards: a few widgets in all,
however many cards, so the board opens at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from store.stages import STAGES
from tui.moves import ProjectMoves
from tui.screens.base import StoreScreen
from tui.text import WARNING_MARK, WARNING_STYLE, yi

if TYPE_CHECKING:
    from store.service import ProjectRow

CARDS_PER_STAGE = 50  # the most urgent; the ledger pages through the rest


def card(row: ProjectRow, days_word: str) -> Text:
    """Name, county and steward, countdown: a coloured bar and a marker carry the warning."""
    style = WARNING_STYLE.get(row.warning or "", "dim")
    bar = Text("▌", style=style.replace("bold ", "").split(" on ")[-1] if row.warning else "dim")
    left = "" if row.days_left is None else f"{row.days_left}{days_word}"
    mark = WARNING_MARK.get(row.warning or "", "")
    lines = [
        Text.assemble(bar, (row.name, "bold")),
        Text.assemble(bar, f"{row.county} · {row.steward or '-'}"),
        Text.assemble(bar, f"{left} ", (mark, style) if mark else ""),
    ]
    return Text("\n").join(lines)


class BoardScreen(ProjectMoves, StoreScreen):
    AUTO_FOCUS = "#cards-signed"
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(key, action, label, id=f"board.{action}")
            for key, action, label in ProjectMoves.MOVE_BINDINGS
        ],
        Binding("enter", "open", "Open 打开", id="board.open", show=False),
        Binding("left", "column(-1)", "←", show=False),
        Binding("right", "column(1)", "→", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, ProjectRow] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="board"):
            for stage in STAGES:
                with Vertical(classes="stage-column"):
                    yield Static("", id=f"head-{stage.value}", classes="stage-head")
                    yield OptionList(id=f"cards-{stage.value}", classes="cards")
                    yield Static("", id=f"more-{stage.value}", classes="stage-more")
        yield Footer()

    def fetch(self) -> Any:
        from store.service import (
            ProjectFilter,
        )  # SQLAlchemy loads in this worker, not before the first paint

        totals = self.store.stage_totals()
        cards = {
            stage: self.store.list_projects(ProjectFilter(stage=stage), limit=CARDS_PER_STAGE)
            for stage in STAGES
        }
        return totals, cards

    def show(self, data: Any) -> None:
        totals, cards = data
        days_word = "天" if self.lang == "zh" else "d"
        self.rows = {}
        for stage in STAGES:
            count, amount = totals[stage.value]
            self.query_one(f"#head-{stage.value}", Static).update(  # two lines: a narrow
                f"{self.word(stage.value)} {count}\n{yi(amount)} 亿元"  # column cuts no amount
            )
            column = self.query_one(f"#cards-{stage.value}", OptionList)
            highlighted = column.highlighted
            column.clear_options()
            options: list[Option | None] = []
            for row in cards[stage]:
                self.rows[str(row.id)] = row
                options += [
                    Option(card(row, days_word), id=str(row.id)),
                    None,
                ]  # None: a rule between cards
            column.add_options(options[:-1])
            more = count - len(cards[stage])  # the rest are a key away
            rest = self.query_one(f"#more-{stage.value}", Static)
            rest.display = more > 0
            rest.update(
                f"另有 {more} 个 · l 台账" if self.lang == "zh" else f"{more} more · l Ledger"
            )
            if cards[stage]:
                column.highlighted = min(highlighted or 0, len(cards[stage]) - 1)

    def _focused_column(self) -> OptionList:
        focused = self.focused
        return (
            focused
            if isinstance(focused, OptionList)
            else self.query_one("#cards-signed", OptionList)
        )

    def action_column(self, step: int) -> None:
        columns = list(self.query(OptionList))
        columns[(columns.index(self._focused_column()) + step) % len(columns)].focus()

    def selected_project(self) -> tuple[int, str, int | None] | None:
        column = self._focused_column()
        if column.highlighted is None or column.option_count == 0:
            return None
        row = self.rows[column.get_option_at_index(column.highlighted).id or ""]
        return row.id, row.name, row.version

    def action_open(self) -> None:
        chosen = self.selected_project()
        if chosen:
            self.open_project(chosen[0])

    @on(OptionList.OptionSelected)
    def card_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_project(int(event.option.id or 0))
