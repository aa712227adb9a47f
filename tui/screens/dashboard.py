"""Dashboard: the office's figures, with bar charts drawn in the terminal: stages, rates
(both start rates named apart), warnings, the figures offices count (funds by the investor's
origin, size bands, new and continuing) and each signing event's cohort. A row of the table
by county, chain, steward or stage opens the ledger on that group's projects."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import DataTable, Header, Static

from store.figures import (
    GROUPS,
    ORIGIN_FUNDS,
    PERIODS,
    RATES,
    SIZE_BANDS,
    Cohort,
    Figures,
    change_text,
    cohorts,
    compute,
    period_to_date,
)
from store.service import ProjectFilter
from store.stages import STAGES, Stage
from store.warnings import WarningLevel
from tui.messages import OpenLedger
from tui.screens.base import StoreScreen
from tui.table import fill_data_table
from tui.text import WARNING_STYLE, count, cut, yi
from tui.widgets.footer import KeyFooter

BAR_WIDTH = 30


def bar(value: int, largest: int, style: str = "cyan") -> Text:
    filled = 0 if largest <= 0 else round(BAR_WIDTH * value / largest)
    return Text("█" * filled, style=style) + Text("·" * (BAR_WIDTH - filled), style="dim")


NO_GROUP = "-"  # the figures' name for projects without a chain or steward: no filter finds them


def group_filter(by: str, name: str) -> ProjectFilter:
    """The ledger's filter for one row of the figures grouped by county, chain, steward or
    stage."""
    if by == "stage":
        return ProjectFilter(stage=Stage(name))
    if by == "county":
        return ProjectFilter(county=name)
    if by == "chain":
        return ProjectFilter(chain=name)
    return ProjectFilter(steward=name)


class DashboardScreen(StoreScreen):
    AUTO_FOCUS = "#figure-groups"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "period", "period", tooltip="help_period", id="dashboard.period"),
        Binding("v", "group_by", "group_by", tooltip="help_group_by", id="dashboard.group_by"),
        Binding(
            "L",
            "group_ledger",
            "group_ledger",
            tooltip="help_group_ledger",
            id="dashboard.group_ledger",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.period_kind = PERIODS[0]
        self.by = GROUPS[0]
        self.group_names: list[str] = []  # the rows of the group table, as the store names them

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(can_focus=False):
            yield Static("", id="dashboard")
            yield Static("", id="figure-groups-title", classes="title")
            yield DataTable(id="figure-groups", cursor_type="row", zebra_stripes=True)
            # the figures as offices count them: origins, sizes, cohorts by signing event
            yield Static("", id="office-figures")
            yield Static("", id="lead-funnel")  # leads before signing (tui.screens.leads)
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#dashboard", Static).loading = True
        super().on_mount()

    def action_period(self) -> None:
        self.period_kind = PERIODS[(PERIODS.index(self.period_kind) + 1) % len(PERIODS)]
        self.recompute()

    def action_group_by(self) -> None:
        self.by = GROUPS[(GROUPS.index(self.by) + 1) % len(GROUPS)]
        self.query_one("#figure-groups", DataTable).move_cursor(row=0)  # other rows now
        self.recompute()

    def _chosen_group(self) -> str | None:
        """The group under the cursor, when the ledger can be filtered to it."""
        table = self.query_one("#figure-groups", DataTable)
        if not self.group_names or not 0 <= table.cursor_row < len(self.group_names):
            return None
        name = self.group_names[table.cursor_row]
        return None if name == NO_GROUP else name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "group_ledger":  # greyed on the row of projects with no chain or steward
            return True if self._chosen_group() is not None else None
        return True

    def action_group_ledger(self) -> None:
        name = self._chosen_group()
        if name is not None:
            self.post_message(OpenLedger(group_filter(self.by, name)))

    @on(DataTable.RowSelected, "#figure-groups")
    def group_selected(self) -> None:
        self.action_group_ledger()

    @on(DataTable.RowHighlighted, "#figure-groups")
    def group_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The row under the cursor stays in sight, below the other tables, and the ledger
        key follows it (greyed on the projects with no group)."""
        table = event.data_table
        top = table.virtual_region.y + table.header_height
        self.query_one(VerticalScroll).scroll_to_region(
            Region(0, top + event.cursor_row, table.size.width, 1), animate=False
        )
        self.refresh_bindings()

    def recompute(self) -> None:
        # a large office takes a moment: the figures shown are not the ones asked for yet
        self.query_one("#dashboard", Static).loading = True
        self.reload()

    def fetch(self) -> Any:
        # to date, grouped, and the same period the year before; the cohorts as of today
        period = period_to_date(self.period_kind, self.store.today)
        placed = bool(self.store.get_setting("office.province"))  # can an origin be placed?
        return compute(self.store, period, by=self.by), cohorts(self.store), placed

    def show(self, data: Any) -> None:
        figures: Figures
        found: list[Cohort]
        placed: bool
        figures, found, placed = data
        self.query_one("#dashboard", Static).loading = False
        total = figures.total
        unit = self.word("unit_yi")
        stage_table = Table(title=f"{self.word('stage')} ({figures.as_of})", title_justify="left")
        for header in (self.word("stage"), "#", unit, ""):
            stage_table.add_column(header, justify="right" if header in ("#", unit) else "left")
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
        rates = Table(
            title=f"{self.word('rates')} {period.start}..{min(period.end, figures.as_of)}",
            title_justify="left",
        )
        rates.add_column("")
        for header in ("%", "", self.word("year_before"), self.word("change")):
            rates.add_column(header, justify="right")
        compared = figures.year_on_year()
        for key in RATES:
            ratio = getattr(total, key)
            in_yuan = key in ("funds_rate", "completion_rate")
            rates.add_row(
                self.word(key),
                ratio.percent(lang=self.lang),
                f"{yi(ratio.numerator)} / {yi(ratio.denominator)} {unit}"
                if in_yuan
                else f"{ratio.numerator:,} / {ratio.denominator:,}",
                getattr(figures.prior, key).percent(lang=self.lang) if figures.prior else "",
                change_text(compared[key]["change"], rate=True, lang=self.lang) if compared else "",
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
        self.query_one("#dashboard", Static).update(Group(stage_table, rates, warnings))
        self._show_office_figures(figures, found, placed)
        self._show_groups(figures)
        self._show_lead_funnel(figures)

    def _show_office_figures(self, figures: Figures, found: list[Cohort], placed: bool) -> None:
        """Below the groups: the funds by origin, the sizes, and the cohorts when any."""
        counted = [self._origin_table(figures, placed), self._sizes_table(figures)]
        if found:
            counted.append(self._cohort_table(found))
        self.query_one("#office-figures", Static).update(Group(*counted))

    def _origin_table(self, figures: Figures, placed: bool) -> Table:
        """The period's funds by where the investor comes from, and how many projects have an
        origin that could not be placed (none is, while the office's place is not set)."""
        total = figures.total
        unit = self.word("unit_yi")
        table = Table(title=self.word("funds_by_origin"), title_justify="left")
        table.add_column("")
        table.add_column(unit, justify="right")
        table.add_column("")
        amounts = [(key, total.count(key)) for key in ORIGIN_FUNDS.values()]
        largest = max((amount for _, amount in amounts), default=0)
        for key, amount in amounts:
            table.add_row(self.word(key.removesuffix("_yuan")), yi(amount), bar(amount, largest))
        if total.origin_unknown_projects:
            note = "origin_unplaced" if placed else "origin_unset"
            table.caption = self.word(note, count=f"{total.origin_unknown_projects:,}")
            table.caption_justify = "left"
        return table

    def _sizes_table(self, figures: Figures) -> Table:
        """The period's signed projects by size (以上: from the floor up), new and continuing."""
        total = figures.total
        table = Table(title=self.word("signed_by_size"), title_justify="left")
        table.add_column("")
        table.add_column("#", justify="right")
        for key in [*SIZE_BANDS, "new_projects", "continuing_projects"]:
            table.add_row(self.word(key), f"{total.count(key):,}")
        return table

    def _cohort_table(self, found: list[Cohort]) -> Table:
        """Each signing event's projects as of today: 到位率, 开工率, 建成率."""
        table = Table(title=self.word("cohorts"), title_justify="left")
        table.add_column(self.word("signing_event"))
        for header in ("#", self.word("unit_yi")):
            table.add_column(header, justify="right")
        for key in ("funds_rate", "start_rate", "built_rate"):
            table.add_column(self.word(key), justify="right")
        for cohort in found:
            table.add_row(
                cut(cohort.event, 20),
                f"{cohort.projects:,}",
                yi(cohort.signed_amount_yuan),
                cohort.funds_rate.percent(lang=self.lang),
                cohort.start_rate.percent(lang=self.lang),
                cohort.built_rate.percent(lang=self.lang),
            )
        return table

    def _show_groups(self, figures: Figures) -> None:
        """A table of rows to choose: Enter on one opens the ledger on its projects."""
        by = figures.by or GROUPS[0]
        hint = f"↵ {self.word('ledger')}"
        self.query_one("#figure-groups-title", Static).update(Text(f"{self.word(by)}  ({hint})"))
        largest_amount = max(
            (sum(g.stage_amounts_yuan.values()) for g in figures.groups), default=0
        )
        groups = sorted(figures.groups, key=lambda g: -g.projects)
        self.group_names = [group.group for group in groups]
        rows = []
        for group in groups:
            amount = sum(group.stage_amounts_yuan.values())
            rows.append(
                (
                    cut(self.word(group.group) if by == "stage" else group.group, 16),
                    count(group.projects),
                    Text(yi(amount), justify="right"),
                    count(group.warnings["red"]),
                    bar(amount, largest_amount, style="green"),
                )
            )
        headings = [(self.word(by), None), ("#", None), (self.word("unit_yi"), None)]
        headings.append((self.word("red"), None))
        table = self.query_one("#figure-groups", DataTable)
        with self.prevent(DataTable.RowHighlighted):  # refilling is not the officer's move
            fill_data_table(table, [*headings, ("", BAR_WIDTH)], rows)
        self.refresh_bindings()

    # -- the funnel of leads before signing, for the same period (tui.screens.leads draws it) --

    def _show_lead_funnel(self, figures: Figures) -> None:
        self.run_worker(
            lambda: self._load_lead_funnel(figures),
            thread=True,
            exclusive=True,
            group="lead-funnel",
            exit_on_error=False,
        )

    def _load_lead_funnel(self, figures: Figures) -> None:
        from tui.screens.leads import funnel_panel

        leads = self.store.lead_figures(figures.period, figures.as_of)
        panel = funnel_panel(leads, self.lang)
        self.app.call_from_thread(self.query_one("#lead-funnel", Static).update, panel)
