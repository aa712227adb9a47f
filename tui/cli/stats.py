"""The office's figures: one table for the whole office beside the year before, and, grouped,
tables a group a row (counts and amounts, rates, the figures offices count by origin and
size) that fit an 80-column terminal; or each signing event's cohort (`--cohorts`)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli import leads as lead_cli
from tui.cli.context import Cli
from tui.cli.options import FormatOption, check_format, optional_date
from tui.cli.render import console, echo_json, money_text

if TYPE_CHECKING:
    from datetime import date

    from rich.table import Table

    from store.figures import Cohort, Figures, FigureSet, Period

# The figure table's rows: figure, kind (labelled with the full names of store.labels).
STATS_FIGURES = [
    ("projects", "count"),
    ("signed_count", "count"),
    ("signed_amount_yuan", "money"),
    ("total_investment_yuan", "money"),
    ("funds_in_period_yuan", "money"),
    ("funds_cumulative_yuan", "money"),
    ("completed_in_period_yuan", "money"),
    ("funds_outside_province_yuan", "money"),
    ("funds_outside_city_yuan", "money"),
    ("funds_local_yuan", "money"),
    ("funds_origin_unknown_yuan", "money"),
    ("origin_unknown_projects", "count"),
    ("signed_over_1yi", "count"),
    ("signed_over_10yi", "count"),
    ("signed_over_50yi", "count"),
    ("new_projects", "count"),
    ("continuing_projects", "count"),
    *[(rate, "rate") for rate in ("start_rate", "signed_start_rate", "planned_start_rate")],
    *[(rate, "rate") for rate in ("resumption_rate", "funds_rate", "completion_rate")],
    *[(rate, "rate") for rate in ("procedure_rate", "problem_rate")],
]
# The grouped tables' columns, narrow headings (English over Chinese) that fit 80 columns;
# a figure ranked by that is not among them is added.
GROUPED_HEADINGS = {
    "projects": "Projects\n项目",
    "signed_count": "Signed\n签约",
    "signed_amount_yuan": "Signed\n签约额",
    "funds_in_period_yuan": "Funds\n到位",
    "completed_in_period_yuan": "Completed\n完成投资",
    "start_rate": "Start\n开工率",
    "resumption_rate": "Resumed\n复工率",
    "funds_rate": "Funds\n到位率",
    "completion_rate": "Completion\n完成率",
    "procedure_rate": "Procedures\n手续办结率",
    "problem_rate": "Problems\n问题办结率",
}
# The further grouped tables: the figures as offices count them (start rates named apart, size
# bands; the funds by the investor's origin), headed as narrowly.
OFFICE_HEADINGS = {
    "signed_start_rate": "Signed\n签约开工率",
    "planned_start_rate": "Planned\n计划开工率",
    "signed_over_1yi": "≥1亿",
    "signed_over_10yi": "≥10亿",
    "signed_over_50yi": "≥50亿",
    "new_projects": "New\n新建",
    "continuing_projects": "Cont.\n续建",
}
ORIGIN_HEADINGS = {
    "funds_outside_province_yuan": "Outside\n省外",
    "funds_outside_city_yuan": "Province\n市外省内",
    "funds_local_yuan": "City\n本市",
    "funds_origin_unknown_yuan": "Unknown\n不明",
    "origin_unknown_projects": "Unplaced\n不明项目",
}
# The cohort table's columns: figure, heading, kind.
COHORT_COLUMNS = [
    ("projects", "#\n项目", "count"),
    ("signed_amount_yuan", "Signed\n签约额", "money"),
    ("funds_to_date_yuan", "Funds\n到位", "money"),
    ("funds_rate", "Funds\n到位率", "rate"),
    ("start_rate", "Started\n开工率", "rate"),
    ("built_rate", "Built\n建成率", "rate"),
]
# A grouped table's column: figure, heading, kind.
Column = tuple[str, str, str]


def stats(
    cli: Cli,
    period: Annotated[
        str | None, typer.Option(help="2024, 2024Q1 or 2024-03 [default: this year to date]")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Start of the period (with --to)")
    ] = None,
    to: Annotated[str | None, typer.Option(help="End of the period (with --from)")] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Figures as they stood on this date [default: today]")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Group by county, chain, steward or stage")] = None,
    rank: Annotated[
        str | None,
        typer.Option(
            help="Rank the groups by a figure, highest first (start_rate, signed_amount_yuan, "
            "stage_started, warning_red ...)"
        ),
    ] = None,
    cohorts: Annotated[
        bool,
        typer.Option(
            "--cohorts", help="Each signing event's projects as of the date: 到位率, 开工率, 建成率"
        ),
    ] = False,
    format: FormatOption = "table",
) -> None:
    """The office's figures for a period, as of a date, grouped and ranked."""
    from store.errors import UserError
    from store.figures import compute

    check_format(format, ("table", "json"))
    chosen = asked_period(period, from_, to)
    if rank and not by:
        raise UserError("--rank needs --by: it orders the groups")
    if cohorts:  # each event's projects followed to the as-of date: no period, no rank
        if chosen or rank:
            raise UserError("--cohorts takes no period and no rank: --as-of and --by")
        show_cohorts(cli, optional_date(as_of), by, format)
        return
    figures = compute(cli.store, chosen, optional_date(as_of), by=by)
    groups = figures.ranked(rank) if rank else figures.groups
    if format == "json":
        data = figures.to_json()
        data["groups"] = [group.to_json() for group in groups]
        leads = lead_cli.stats_funnel(cli, figures.period, figures.as_of, by)
        data["leads"] = lead_cli.stats_funnel_json(leads)  # before signing: the funnel
        echo_json(data)
        return
    out = console()
    out.print(totals_table(figures))
    if figures.total.origin_unknown_projects:
        out.print(origin_note(cli, figures.total.origin_unknown_projects))
    if by:
        for table in grouped_tables(cli, groups, by, rank):
            out.print(table)
    leads = lead_cli.stats_funnel(cli, figures.period, figures.as_of, by)
    out.print(lead_cli.stats_funnel_table(leads))  # before signing: the funnel


def asked_period(period: str | None, from_: str | None, to: str | None) -> Period | None:
    """The period asked for: --period, or --from with --to; None for this year to date."""
    from store.dates import parse_date
    from store.errors import UserError
    from store.figures import parse_period, period_between

    if period and (from_ or to):
        raise UserError("give --period or --from/--to, not both")
    if bool(from_) != bool(to):
        raise UserError("--from and --to go together")
    if from_ and to:
        return period_between(parse_date(from_), parse_date(to))
    return parse_period(period) if period else None


def cell(group: FigureSet, key: str, kind: str) -> str:
    from store.figures import Ratio

    value = group.value_of(key)
    if isinstance(value, Ratio):  # the rates
        return value.percent()
    return money_text(value) if kind == "money" else f"{value:,}"


def both(*keys: str) -> str:
    """The figure's name in English, then in Chinese."""
    from store.labels import Lang, word

    return f"{' '.join(word(k, Lang.EN) for k in keys)} {''.join(word(k, Lang.ZH) for k in keys)}"


def figure_label(key: str) -> str:
    from store.figures import COUNTED

    if key in COUNTED:  # a warning colour's or a stage's count
        table_name, name = COUNTED[key]
        return both(table_name.removesuffix("s"), name)
    return both(key.removesuffix("_yuan"))


def totals_table(figures: Figures) -> Table:
    """Every figure of the whole office, the year before and the change (同比)."""
    from rich.table import Table

    from store.figures import COUNTED, change_text

    title = f"{figures.period.label} ({figures.period.start}..{figures.period.end}), as of {figures.as_of}"
    before = figures.prior_period_json()
    if before:
        title += f"\nyear before: {before['from']}..{before['to']} as of {before['as_of']}"
    total = Table(
        title=title, caption="amounts in 亿元; n/a: nothing to divide by", caption_justify="left"
    )
    for header in ("Figure\n指标", "Value\n本期", "Year before\n上年同期", "Change\n同比"):
        total.add_column(header, justify="left" if header.startswith("Figure") else "right")
    compared = figures.year_on_year()
    for key, kind in [*STATS_FIGURES, *((key, "count") for key in COUNTED)]:
        total.add_row(
            figure_label(key),
            cell(figures.total, key, kind),
            cell(figures.prior, key, kind) if figures.prior else "",
            # empty where no year before was computed
            change_text(compared[key]["change"], rate=kind == "rate") if key in compared else "",
        )
    return total


def grouped_tables(cli: Cli, groups: list[FigureSet], by: str, rank: str | None) -> list[Table]:
    """Counts and amounts, rates, then the figures as offices count them: tables of six to
    nine columns fit an 80-column terminal whole, where one of twenty would cut names and
    values short."""
    from rich.table import Table

    names = [group.group if by != "stage" else cli.word(group.group) for group in groups]
    kinds = dict(STATS_FIGURES)
    grouped = [(key, heading, kinds[key]) for key, heading in GROUPED_HEADINGS.items()]
    counts = [c for c in grouped if c[2] != "rate"]
    if rank and rank not in GROUPED_HEADINGS | OFFICE_HEADINGS | ORIGIN_HEADINGS:  # shown too
        counts.append(ranked_column(rank))
    tables = []
    for part, columns in (
        ("counts and amounts", counts),
        ("rates", [c for c in grouped if c[2] == "rate"]),
        ("start rates and sizes", [(k, h, kinds[k]) for k, h in OFFICE_HEADINGS.items()]),
        ("funds in place by origin", [(k, h, kinds[k]) for k, h in ORIGIN_HEADINGS.items()]),
    ):
        table = Table(
            title=f"by {by}, {part}" + (f", ranked by {rank}" if rank else ""),
            title_justify="left",
        )
        table.add_column(cli.word(by), no_wrap=True)
        for _, heading, _ in columns:
            table.add_column(heading, justify="right", no_wrap=True)
        for name, group in zip(names, groups, strict=True):
            table.add_row(name, *[cell(group, key, kind) for key, _, kind in columns])
        tables.append(table)
    return tables


def ranked_column(rank: str) -> Column:
    """The column of a figure ranked by that the grouped tables do not show otherwise."""
    from store.figures import COUNTED
    from store.labels import Lang, word

    key = COUNTED[rank][1] if rank in COUNTED else rank.removesuffix("_yuan")
    english = "\n".join(textwrap.wrap(word(key, Lang.EN).capitalize(), 10))
    kind = "money" if rank.endswith("_yuan") else "count"
    return (rank, f"{english}\n{word(key, Lang.ZH)}", kind)


def origin_note(cli: Cli, unplaced: int) -> str:
    """Why some funds are of unknown origin: the projects whose investor's origin could not be
    placed, or the office's own place not set (then none is)."""
    settings = cli.store.settings()
    if not settings.get("office.province"):
        return (
            f"origin unknown for all {unplaced:,} projects: the office's province is not set "
            "(investtrack config set office.province 甘肃; office.city 酒泉)"
        )
    return (
        f"origin unknown for {unplaced:,} projects: their investor's origin names no province "
        "or city read here, or the province alone where the city decides (投资方来源地)"
    )


def show_cohorts(cli: Cli, as_of: date | None, by: str | None, format: str) -> None:
    """Each signing event's projects as of the date: a row an event, or grouped, a table an
    event and a row a group."""
    from store.figures import cohorts

    shown = as_of or cli.store.today
    found = cohorts(cli.store, shown, by=by)
    if format == "json":
        echo_json({"as_of": shown.isoformat(), "by": by, "cohorts": [c.to_json() for c in found]})
        return
    out = console()
    if not by:
        out.print(
            cohort_table(cli, found, None, f"cohorts by signing event 签约活动, as of {shown}")
        )
        return
    events = list(dict.fromkeys(cohort.event for cohort in found))  # the earliest signed first
    for event in events:
        title = f"{event}, by {by}, as of {shown}"
        out.print(cohort_table(cli, [c for c in found if c.event == event], by, title))


def cohort_table(cli: Cli, found: list[Cohort], by: str | None, title: str) -> Table:
    from rich.table import Table

    from store.figures import Ratio

    table = Table(
        title=title,
        caption="amounts in 亿元; a project counts once, in the event first signed at",
        caption_justify="left",
        title_justify="left",
    )
    if by:
        table.add_column(cli.word(by), no_wrap=True)
    else:
        table.add_column("Event\n签约活动", no_wrap=True)
    for _, heading, _ in COHORT_COLUMNS:
        table.add_column(heading, justify="right", no_wrap=True)
    for cohort in found:
        cells = []
        for key, _, kind in COHORT_COLUMNS:
            value = getattr(cohort, key)
            if isinstance(value, Ratio):
                cells.append(value.percent())
            else:
                cells.append(money_text(value) if kind == "money" else f"{value:,}")
        first = (
            cohort.event if not by else cli.word(cohort.group) if by == "stage" else cohort.group
        )
        table.add_row(first, *cells)
    return table
