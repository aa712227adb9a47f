"""Board: the four stages side by side, the most urgent projects of each on top.

Each column is one OptionList whose options are three-line cards: a few widgets in all,
however many cards, so the board opens at once.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Header, OptionList, Static

from store.stages import STAGES, Stage
from tui.messages import OpenLedger
from tui.moves import ProjectMoves
from tui.screens.base import StoreScreen
from tui.text import yi
from tui.widgets.cards import (
    CardColumns,
    countdown_card,
    fill_column,
    follow_card,
    highlighted_card,
)
from tui.widgets.footer import KeyFooter
from tui.words import say

if TYPE_CHECKING:
    from store.service import ProjectRow

CARDS_PER_STAGE = 50  # the most urgent; the ledger pages through the rest
MOVE_ACTIONS = frozenset(move[1] for move in ProjectMoves.MOVE_BINDINGS)


def card(row: ProjectRow, days_word: str) -> Text:
    """Name, county and steward, countdown: a coloured bar and a marker carry the warning."""
    detail = f"{row.county} · {row.steward or '-'}"
    return countdown_card(row.name, detail, row.warning, row.days_left, days_word)


class StageOverflow(Static, can_focus=True):
    """How many of a stage's projects are past its cards: Enter or a click opens the
    ledger on that stage, where they all are."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_stage", "stage_ledger", show=False)
    ]

    DEFAULT_CSS = "StageOverflow:focus { background: $accent 40%; text-style: bold; }"

    def __init__(self, stage: Stage) -> None:
        super().__init__("", id=f"more-{stage.value}", classes="stage-more", markup=False)
        self.stage = stage

    def action_open_stage(self) -> None:
        from store.service import ProjectFilter

        self.post_message(OpenLedger(ProjectFilter(stage=self.stage)))

    def on_click(self) -> None:
        self.action_open_stage()


class BoardScreen(ProjectMoves, CardColumns, StoreScreen):
    AUTO_FOCUS = "#cards-signed"
    BINDINGS: ClassVar[list[BindingType]] = [
        *ProjectMoves.move_bindings("board"),
        Binding("n", "new_project", "add", tooltip="help_new_project", id="board.new_project"),
        Binding(
            "L",
            "stage_ledger",
            "stage_ledger",
            tooltip="help_stage_ledger",
            id="board.stage_ledger",
        ),
        Binding("enter", "open", "open_row", id="board.open", show=False),
        Binding("left", "column(-1)", "←", show=False),
        Binding("right", "column(1)", "→", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: dict[str, ProjectRow] = {}
        self.keys_state: tuple[bool, ...] = ()
        self.loaded = False  # until the first load the board says the database is opening

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="empty-hint", markup=False)
        with Horizontal(id="board"):
            for stage in STAGES:
                with Vertical(classes="stage-column"):
                    yield Static("", id=f"head-{stage.value}", classes="stage-head")
                    yield OptionList(id=f"cards-{stage.value}", classes="cards")
                    yield StageOverflow(stage)
        yield KeyFooter()

    def on_mount(self) -> None:
        # A new database takes seconds to open (its tables are made then): the board says
        # so at once, where blank columns would look like a hang.
        self.show_empty(True, self.word("opening_database"))
        super().on_mount()

    def reload_after(self, what: str) -> None:
        if not self.loaded:  # still opening: said in the language just chosen
            self.show_empty(True, self.word("opening_database"))
        super().reload_after(what)

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
        self.loaded = True
        days_word, unit = self.word("days_suffix"), self.word("unit_yi")
        self.rows = {}
        for stage in STAGES:
            count, amount = totals[stage.value]
            self.query_one(f"#head-{stage.value}", Static).update(  # two lines: a narrow
                f"{self.word(stage.value)} {count}\n{yi(amount)} {unit}"  # column cuts no amount
            )
            self.rows.update((str(row.id), row) for row in cards[stage])
            fill_column(
                self.query_one(f"#cards-{stage.value}", OptionList),
                [(str(row.id), card(row, days_word)) for row in cards[stage]],
            )
            more = count - len(cards[stage])  # the rest are a key away
            rest = self.query_one(f"#more-{stage.value}", StageOverflow)
            rest.display = more > 0
            rest.update(say("more_in_ledger", self.lang, count=str(more)))
        # an office with no project yet is told how to start
        hint = f"{say('empty_title', self.lang)}\n\n{say('empty_hint', self.lang)}"
        self.show_empty(not any(count for count, _ in totals.values()), hint)
        self._follow_project()
        self.follow_keys()

    def _follow_project(self) -> None:
        """After a move the cursor is on the project moved, in whichever column it now
        stands, so the next key acts on it and not on its neighbour."""
        if self.followed_id is not None and follow_card(
            self.query(OptionList), str(self.followed_id)
        ):
            self.followed_id = None

    def keys_now(self) -> tuple[bool, ...]:
        return (self._selected_row() is not None, *self.move_keys_state())

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Moves only on a card they can apply to (none on an empty column); the stage's
        ledger wherever there are projects."""
        if action == "stage_ledger":
            return bool(self.rows)
        if action in MOVE_ACTIONS:
            return self._selected_row() is not None and self.move_applies(action)
        return True

    def action_stage_ledger(self) -> None:
        """The ledger on the stage of the column in focus: every project of it, past the cards."""
        from store.service import ProjectFilter

        self.post_message(OpenLedger(ProjectFilter(stage=self._focused_stage())))

    def _focused_stage(self) -> Stage:
        return Stage((self.focused_column().id or "").removeprefix("cards-"))

    def selected_stage_kind(self) -> tuple[str, str] | None:
        row = self._selected_row()
        return None if row is None else (row.stage, row.kind)

    def selected_resumed_on(self) -> date | None:
        row = self._selected_row()
        return None if row is None else row.resumed_on

    def action_new_project(self) -> None:
        from tui.new_project import ask_new_project  # the form's modules load on first use

        ask_new_project(self.investtrack)

    def focused_column(self) -> OptionList:
        focused = self.focused
        if isinstance(focused, OptionList):
            return focused
        stage = focused.stage if isinstance(focused, StageOverflow) else Stage.SIGNED
        return self.query_one(f"#cards-{stage.value}", OptionList)

    def _selected_row(self) -> ProjectRow | None:
        if not self.is_mounted or not self.rows or isinstance(self.focused, StageOverflow):
            return None
        return self.rows.get(highlighted_card(self.focused_column()) or "")

    def selected_project(self) -> tuple[int, str, int | None] | None:
        row = self._selected_row()
        return None if row is None else (row.id, row.name, row.version)

    def action_open(self) -> None:
        chosen = self.selected_project()
        if chosen:
            self.open_project(chosen[0])

    @on(OptionList.OptionSelected)
    def card_selected(self, event: OptionList.OptionSelected) -> None:
        self.open_project(int(event.option.id or 0))
