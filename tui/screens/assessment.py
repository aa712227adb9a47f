"""Assessment (考核): the units ranked by their score against their targets, with bars; a
row opens the ledger on the unit's projects. The default scheme scores them (README)."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Static

from store.domain.targets import (
    TARGET_FIGURES,
    UNIT_KINDS,
    parse_target_period,
    percent_text,
    points_text,
    schedule_share,
)
from store.queries.assessment import Assessment
from store.service import ProjectFilter
from tui.messages import OpenLedger
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import cut
from tui.widgets.footer import KeyFooter
from tui.words import units_listed

BAR_WIDTH = 24
WIDE = 100  # columns: the app's wide breakpoint
PERIODS = ("year", "quarter", "month")  # to date
KINDS = tuple(UNIT_KINDS)


def score_bar(value: Fraction, largest: Fraction, style: str, width: int = BAR_WIDTH) -> Text:
    """A score's bar against the best score; a score of 0 or less has none."""
    filled = 0 if largest <= 0 or value <= 0 else round(width * value / largest)
    return Text("█" * filled, style=style) + Text("·" * (width - filled), style="dim")


class AssessmentScreen(StoreScreen):
    AUTO_FOCUS = "#assessment-ranking"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "p", "period", "assess_period", tooltip="help_assess_period", id="assessment.period"
        ),
        Binding("v", "by", "assess_by", tooltip="help_assess_by", id="assessment.by"),
        Binding(
            "L", "unit_ledger", "unit_ledger", tooltip="help_unit_ledger", id="assessment.ledger"
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period_kind = PERIODS[0]
        self.kind = KINDS[0]
        self.units: list[str] = []  # the ranking's rows, as the projects name the units
        self.shown: Assessment | None = None  # kept to be refilled at another width

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(can_focus=False):
            yield Static("", id="assessment-title", classes="title")
            yield DataTable(id="assessment-ranking", cursor_type="row", zebra_stripes=True)
            yield Static("", id="assessment-lists")
        yield KeyFooter()

    def action_period(self) -> None:
        self.period_kind = PERIODS[(PERIODS.index(self.period_kind) + 1) % len(PERIODS)]
        self.reload()

    def action_by(self) -> None:
        self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        self.query_one("#assessment-ranking", DataTable).move_cursor(row=0)
        self.reload()

    def _chosen_unit(self) -> str | None:
        table = self.query_one("#assessment-ranking", DataTable)
        if not 0 <= table.cursor_row < len(self.units):
            return None
        return self.units[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "unit_ledger":  # greyed without a unit to open
            return True if self._chosen_unit() is not None else None
        return True

    def action_unit_ledger(self) -> None:
        unit = self._chosen_unit()
        if unit is not None:
            # each kind of unit filters on its project field (store.domain.targets)
            field: dict[str, Any] = {UNIT_KINDS[self.kind]: unit}
            self.post_message(OpenLedger(ProjectFilter(**field)))

    @on(DataTable.RowSelected, "#assessment-ranking")
    def unit_selected(self) -> None:
        self.action_unit_ledger()

    @on(DataTable.RowHighlighted, "#assessment-ranking")
    def unit_highlighted(self) -> None:
        self.refresh_bindings()

    def period_text(self) -> str:
        today = self.store.today
        if self.period_kind == "quarter":
            return f"{today.year}Q{(today.month - 1) // 3 + 1}"
        if self.period_kind == "month":
            return f"{today.year}-{today.month:02d}"
        return str(today.year)

    def fetch(self) -> Any:
        return self.store.assess(parse_target_period(self.period_text()), kind=self.kind)

    def show(self, data: Any) -> None:
        result: Assessment = data
        kind = self.word(UNIT_KINDS[result.kind])
        schedule = schedule_share((), result.period, result.as_of)
        self.query_one("#assessment-title", Static).update(
            Text(
                self.word(
                    "assessed_as_of",
                    period=result.period.label,
                    as_of=str(result.as_of),
                    kind=kind,
                    schedule=percent_text(schedule),
                )
            )
        )
        self.units = [unit.unit for unit in result.units]
        self.shown = result
        self._fill_ranking(result)
        lists = self.query_one("#assessment-lists", Static)
        if not result.units:
            lists.update(Text(self.word("no_targets", period=result.period.label, kind=kind)))
        else:
            lists.update(
                Text(
                    units_listed(self.word("red_list"), result.red_list, self.lang) + "\n",
                    style="red",
                )
                + Text(units_listed(self.word("black_list"), result.black_list, self.lang))
            )
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.shown is not None:  # the bars are as wide as the screen leaves them room
            self._fill_ranking(self.shown)

    def _fill_ranking(self, result: Assessment) -> None:
        table = self.query_one("#assessment-ranking", DataTable)
        with self.prevent(DataTable.RowHighlighted):  # refilling is not the officer's move
            fill_data_table(table, *self._ranking(result))

    def _ranking(self, result: Assessment) -> tuple[list[tuple[str, int | None]], list[list[Any]]]:
        """The columns and rows: rank, unit, score and its bar, each figure's completion and
        points ahead, and the list the unit is on."""
        figures = [f for f in TARGET_FIGURES if any(f in u.progress for u in result.units)]
        largest = max((u.score.total for u in result.units), default=Fraction(0))
        # below 100 columns a shorter bar leaves the figures room beside it
        bar_width = BAR_WIDTH if self.size.width >= WIDE else BAR_WIDTH // 2
        columns: list[tuple[str, int | None]] = [
            (self.word("rank"), None),
            (self.word("target_unit"), None),
            (self.word("score"), None),
            ("", bar_width),
            *((self.word(f.removesuffix("_yuan")), None) for f in figures),
            ("", None),
        ]
        rows = []
        for unit in result.units:
            style = "red" if unit.red else ("bold" if unit.black else "green")
            cells: list[Any] = [
                Text(str(unit.rank), justify="right"),
                cut(unit.unit, 16),
                Text(points_text(unit.score.total, signed=False), justify="right"),
                score_bar(unit.score.total, largest, style, bar_width),
            ]
            for figure in figures:
                found = unit.progress.get(figure)
                text = (
                    "-"
                    if found is None
                    else f"{percent_text(found.completion, 1)} {points_text(found.points_ahead, 1)}"
                )
                behind = found is not None and found.behind
                cells.append(Text(text, justify="right", style="bold red" if behind else ""))
            marks = [
                self.word(k) for k, on in (("red_list", unit.red), ("black_list", unit.black)) if on
            ]
            cells.append(" ".join(marks))
            rows.append(cells)
        return columns, rows
