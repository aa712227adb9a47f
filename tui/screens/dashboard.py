"""Dashboard: the office's figures, with bar charts drawn in the terminal."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from store.figures import GROUPS, PERIODS, RATES, Figures, change_text, compute, period_to_date
from store.stages import STAGES
from store.warnings import WarningLevel
from tui.screens.base import StoreScreen
from tui.text import WARNING_STYLE, cut, yi

BAR_WIDTH = 30


def bar(value: int, largest: int, style: str = "cyan") -> Text:
    filled = 0 if largest <= 0 else round(BAR_WIDTH * value / largest)
    return Text("█" * filled, style=style) + Text("·" * (BAR_WIDTH - filled), style="dim")


class DashboardScreen(StoreScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "period", "Period 期间", id="dashboard.period"),
        Binding("v", "group_by", "Group by 分组", id="dashboard.group_by"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period_kind = PERIODS[0]
        self.by = GROUPS[0]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static("", id="dashboard")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dashboard", Static).loading = True
        super().on_mount()

    def action_period(self) -> None:
        self.period_kind = PERIODS[(PERIODS.index(self.period_kind) + 1) % len(PERIODS)]
        self.recompute()

    def action_group_by(self) -> None:
        self.by = GROUPS[(GROUPS.index(self.by) + 1) % len(GROUPS)]
        self.recompute()

    def recompute(self) -> None:
        # a large office takes a moment: the figures shown are not the ones asked for yet
        self.query_one("#dashboard", Static).loading = True
        self.reload()

    def fetch(self) -> Any:
        # to date, grouped, and the same period the year before
        return compute(self.store, period_to_date(self.period_kind, self.store.today), by=self.by)

    def show(self, data: Any) -> None:
        figures: Figures = data
        self.query_one("#dashboard", Static).loading = False
        total = figures.total
        stage_table = Table(title=f"{self.word('stage')} ({figures.as_of})", title_justify="left")
        for header in (self.word("stage"), "#", "亿元", ""):
            stage_table.add_column(header, justify="right" if header in ("#", "亿元") else "left")
        largest = max(total.stages.values(), default=0)
        for stage in STAGES:
            count = total.stages[stage.value]
            stage_table.add_row(
                self.word(stage.value),
                f"{count:,}",
                yi(total.stage_amounts_yuan[stage.value]),
                bar(count, largest),
            )
        period = figures.period
        zh = self.lang == "zh"
        rates = Table(
            title=f"{'比率' if zh else 'Rates'} {period.start}..{min(period.end, figures.as_of)}",
            title_justify="left",
        )
        rates.add_column("")
        for header in ("%", "", "上年同期" if zh else "Year before", "同比" if zh else "Change"):
            rates.add_column(header, justify="right")
        compared = figures.year_on_year()
        for key in RATES:
            ratio = getattr(total, key)
            in_yuan = key in ("funds_rate", "completion_rate")
            rates.add_row(
                self.word(key),
                ratio.percent(),
                f"{yi(ratio.numerator)} / {yi(ratio.denominator)} 亿元"
                if in_yuan
                else f"{ratio.numerator:,} / {ratio.denominator:,}",
                getattr(figures.prior, key).percent() if figures.prior else "",
                change_text(compared[key]["change"], rate=True) if compared else "",
            )
        warnings = Table(title=f"{self.word('warning')}", title_justify="left")
        warnings.add_column("")
        warnings.add_column("#", justify="right")
        warnings.add_column("")
        largest = max(total.warnings.values(), default=0)
        for level in (WarningLevel.RED, WarningLevel.YELLOW, WarningLevel.BLUE):
            count = total.warnings[level.value]
            warnings.add_row(
                Text(self.word(level.value), style=WARNING_STYLE[level.value]),
                f"{count:,}",
                bar(count, largest, style=level.value),
            )
        by = figures.by or GROUPS[0]
        groups_table = Table(title=f"{self.word(by)}", title_justify="left")
        for header in (self.word(by), "#", "亿元", self.word("red"), ""):
            groups_table.add_column(header, justify="left" if header == self.word(by) else "right")
        largest_amount = max(
            (sum(g.stage_amounts_yuan.values()) for g in figures.groups), default=0
        )
        for group in sorted(figures.groups, key=lambda g: -g.projects):
            amount = sum(group.stage_amounts_yuan.values())
            groups_table.add_row(
                cut(self.word(group.group) if by == "stage" else group.group, 16),
                f"{group.projects:,}",
                yi(amount),
                f"{group.warnings['red']:,}",
                bar(amount, largest_amount, style="green"),
            )
        self.query_one("#dashboard", Static).update(
            Group(stage_table, rates, warnings, groups_table)
        )
