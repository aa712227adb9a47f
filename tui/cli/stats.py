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
from tui.cli.render import Lines, console, echo_json, money_text, refusal, said

if TYPE_CHECKING:
    from datetime import date

    from rich.table import Table

    from store.figures import Cohort, Figures, FigureSet, Period, Ratio

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
# The grouped tables' columns, narrow headings that fit 80 columns; a figure ranked by that is
# not among them is added.
GROUPED_HEADINGS: Lines = {
    "projects": ("项目", "Projects"),
    "signed_count": ("签约", "Signed"),
    "signed_amount_yuan": ("签约额", "Amount"),
    "funds_in_period_yuan": ("到位", "Funds"),
    "completed_in_period_yuan": ("完成投资", "Completed"),
    "start_rate": ("开工率", "Start"),
    "resumption_rate": ("复工率", "Resumed"),
    "funds_rate": ("到位率", "Funds"),
    "completion_rate": ("完成率", "Completion"),
    "procedure_rate": ("手续办结率", "Procedures"),
    "problem_rate": ("问题办结率", "Problems"),
}
# The further grouped tables: the figures as offices count them (start rates named apart, size
# bands; the funds by the investor's origin), headed as narrowly.
OFFICE_HEADINGS: Lines = {
    "signed_start_rate": ("签约开工率", "Signed"),
    "planned_start_rate": ("计划开工率", "Planned"),
    "signed_over_1yi": ("≥1亿", "≥100M"),
    "signed_over_10yi": ("≥10亿", "≥1B"),
    "signed_over_50yi": ("≥50亿", "≥5B"),
    "new_projects": ("新建", "New"),
    "continuing_projects": ("续建", "Cont."),
}
ORIGIN_HEADINGS: Lines = {
    "funds_outside_province_yuan": ("省外", "Outside"),
    "funds_outside_city_yuan": ("市外省内", "Province"),
    "funds_local_yuan": ("本市", "City"),
    "funds_origin_unknown_yuan": ("不明", "Unknown"),
    "origin_unknown_projects": ("不明项目", "Unplaced"),
}
# The cohort table's columns: figure, kind; headed as narrowly.
COHORT_COLUMNS = [
    ("projects", "count"),
    ("signed_amount_yuan", "money"),
    ("funds_to_date_yuan", "money"),
    ("funds_rate", "rate"),
    ("start_rate", "rate"),
    ("built_rate", "rate"),
]
COHORT_HEADINGS: Lines = {
    "event": ("签约活动", "Event"),
    "projects": ("项目", "#"),
    "signed_amount_yuan": ("签约额", "Signed"),
    "funds_to_date_yuan": ("到位", "Funds"),
    "funds_rate": ("到位率", "Funds %"),
    "start_rate": ("开工率", "Started"),
    "built_rate": ("建成率", "Built"),
}
# The parts of the grouped figures, a table each.
PARTS: Lines = {
    "counts": ("数量与金额", "counts and amounts"),
    "rates": ("比率", "rates"),
    "office": ("开工率与规模", "start rates and sizes"),
    "origin": ("到位资金来源", "funds in place by origin"),
}
SAID: Lines = {
    "rank_needs_by": (
        "--rank 须与 --by 同用：它为分组排序",
        "--rank needs --by: it orders the groups",
    ),
    "cohorts_alone": (
        "--cohorts 不带期间，也不排序：只用 --as-of 和 --by",
        "--cohorts takes no period and no rank: --as-of and --by",
    ),
    "period_or_dates": (
        "--period 与 --from/--to 只能用其一",
        "give --period or --from/--to, not both",
    ),
    "from_with_to": ("--from 与 --to 须同时给出", "--from and --to go together"),
    "period": (
        "{label}（{start}..{end}），截至 {as_of}",
        "{label} ({start}..{end}), as of {as_of}",
    ),
    "year_before": (
        "上年同期：{start}..{end}，截至 {as_of}",
        "year before: {start}..{end} as of {as_of}",
    ),
    "totals_note": (
        "金额单位：亿元；无：分母为零，无法计算",
        "amounts in 100M yuan; n/a: nothing to divide by",
    ),
    "figure": ("指标", "Figure"),
    "value": ("本期", "Value"),
    "prior": ("上年同期", "Year before"),
    "change": ("同比", "Change"),
    # in English, the figure and the group as asked for: --by county --rank start_rate
    "grouped": ("按{by}统计：{part}", "by {asked}, {part}"),
    "ranked": ("，按{figure}排序", ", ranked by {asked}"),
    "origin_unset": (
        "全部 {count} 个项目的来源地无法判定：未设置本地省份"
        "（investtrack config set office.province 甘肃；office.city 酒泉）",
        "origin unknown for all {count} projects: the office's province is not set "
        "(investtrack config set office.province PROVINCE; office.city CITY)",
    ),
    "origin_unplaced": (
        "{count} 个项目的来源地无法判定：投资方来源地中读不出省市，或只写了省份而须由城市判定",
        "origin unknown for {count} projects: their investor's origin names no province "
        "or city read here, or the province alone where the city decides",
    ),
    "cohorts": ("签约活动跟踪，截至 {day}", "cohorts by signing event, as of {day}"),
    "event_by": ("{event}：按{by}，截至 {day}", "{event}, by {asked}, as of {day}"),
    "cohort_note": (
        "金额单位：亿元；一个项目只计入其首次签约的活动",
        "amounts in 100M yuan; a project counts once, in the event first signed at",
    ),
}
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
    from store.figures import compute

    check_format(format, ("table", "json"))
    chosen = asked_period(period, from_, to)
    if rank and not by:
        raise refusal(SAID, "rank_needs_by")
    if cohorts:  # each event's projects followed to the as-of date: no period, no rank
        if chosen or rank:
            raise refusal(SAID, "cohorts_alone")
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
    out.print(totals_table(cli, figures))
    if figures.total.origin_unknown_projects:
        out.print(origin_note(cli, figures.total.origin_unknown_projects))
    if by:
        for table in grouped_tables(cli, groups, by, rank):
            out.print(table)
    leads = lead_cli.stats_funnel(cli, figures.period, figures.as_of, by)
    out.print(lead_cli.stats_funnel_table(cli, leads))  # before signing: the funnel


def asked_period(period: str | None, from_: str | None, to: str | None) -> Period | None:
    """The period asked for: --period, or --from with --to; None for this year to date."""
    from store.dates import parse_date
    from store.figures import parse_period, period_between

    if period and (from_ or to):
        raise refusal(SAID, "period_or_dates")
    if bool(from_) != bool(to):
        raise refusal(SAID, "from_with_to")
    if from_ and to:
        return period_between(parse_date(from_), parse_date(to))
    return parse_period(period) if period else None


def cell(cli: Cli, value: int | Ratio, kind: str) -> str:
    """A figure's value as a table shows it: a rate as a percentage, an amount in 亿元."""
    from store.figures import Ratio

    if isinstance(value, Ratio):
        return value.percent(lang=cli.lang)
    return money_text(value) if kind == "money" else f"{value:,}"


def names(cli: Cli, *keys: str) -> str:
    """The words for keys one after another, as the language writes them: 阶段开工, Stage
    started."""
    from store.labels import Lang

    return ("" if cli.lang is Lang.ZH else " ").join(cli.word(key) for key in keys)


def figure_label(cli: Cli, key: str) -> str:
    from store.figures import COUNTED

    if key in COUNTED:  # a warning colour's or a stage's count
        table_name, name = COUNTED[key]
        return names(cli, table_name.removesuffix("s"), name)
    return names(cli, key.removesuffix("_yuan"))


def totals_table(cli: Cli, figures: Figures) -> Table:
    """Every figure of the whole office, the year before and the change (同比)."""
    from rich.table import Table

    from store.figures import COUNTED, change_text

    shown = figures.period
    title = said(
        cli,
        SAID,
        "period",
        label=shown.label,
        start=shown.start,
        end=shown.end,
        as_of=figures.as_of,
    )
    before = figures.prior_period_json()
    if before:
        start, end, as_of = before["from"], before["to"], before["as_of"]
        title += "\n" + said(cli, SAID, "year_before", start=start, end=end, as_of=as_of)
    total = Table(title=title, caption=said(cli, SAID, "totals_note"), caption_justify="left")
    for key in ("figure", "value", "prior", "change"):
        total.add_column(said(cli, SAID, key), justify="left" if key == "figure" else "right")
    compared = figures.year_on_year()
    for key, kind in [*STATS_FIGURES, *((key, "count") for key in COUNTED)]:
        rate = kind == "rate"
        total.add_row(
            figure_label(cli, key),
            cell(cli, figures.total.value_of(key), kind),
            cell(cli, figures.prior.value_of(key), kind) if figures.prior else "",
            # empty where no year before was computed
            change_text(compared[key]["change"], rate, cli.lang) if key in compared else "",
        )
    return total


def grouped_tables(cli: Cli, groups: list[FigureSet], by: str, rank: str | None) -> list[Table]:
    """Counts and amounts, rates, then the figures as offices count them: tables of six to
    nine columns fit an 80-column terminal whole, where one of twenty would cut names and
    values short."""
    from rich.table import Table

    group_names = [group.group if by != "stage" else cli.word(group.group) for group in groups]
    kinds = dict(STATS_FIGURES)
    grouped = [(key, said(cli, GROUPED_HEADINGS, key), kinds[key]) for key in GROUPED_HEADINGS]
    counts = [c for c in grouped if c[2] != "rate"]
    if rank and rank not in GROUPED_HEADINGS | OFFICE_HEADINGS | ORIGIN_HEADINGS:  # shown too
        counts.append(ranked_column(cli, rank))
    ranked = said(cli, SAID, "ranked", figure=figure_label(cli, rank), asked=rank) if rank else ""
    tables = []
    for part, columns in (
        ("counts", counts),
        ("rates", [c for c in grouped if c[2] == "rate"]),
        ("office", [(k, said(cli, OFFICE_HEADINGS, k), kinds[k]) for k in OFFICE_HEADINGS]),
        ("origin", [(k, said(cli, ORIGIN_HEADINGS, k), kinds[k]) for k in ORIGIN_HEADINGS]),
    ):
        part_words = said(cli, PARTS, part)
        title = said(cli, SAID, "grouped", by=cli.word(by), asked=by, part=part_words)
        table = Table(title=title + ranked, title_justify="left")
        table.add_column(cli.word(by), no_wrap=True)
        for _, heading, _ in columns:
            table.add_column(heading, justify="right", no_wrap=True)
        for name, group in zip(group_names, groups, strict=True):
            table.add_row(name, *[cell(cli, group.value_of(key), kind) for key, _, kind in columns])
        tables.append(table)
    return tables


def ranked_column(cli: Cli, rank: str) -> Column:
    """The column of a figure ranked by that the grouped tables do not show otherwise."""
    from store.figures import COUNTED
    from store.labels import Lang

    key = COUNTED[rank][1] if rank in COUNTED else rank.removesuffix("_yuan")
    heading = cli.word(key)
    if cli.lang is Lang.EN:
        heading = "\n".join(textwrap.wrap(heading.capitalize(), 10))
    kind = "money" if rank.endswith("_yuan") else "count"
    return (rank, heading, kind)


def origin_note(cli: Cli, unplaced: int) -> str:
    """Why some funds are of unknown origin: the projects whose investor's origin could not be
    placed, or the office's own place not set (then none is)."""
    settings = cli.store.settings()
    why = "origin_unplaced" if settings.get("office.province") else "origin_unset"
    return said(cli, SAID, why, count=f"{unplaced:,}")


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
        out.print(cohort_table(cli, found, None, said(cli, SAID, "cohorts", day=shown)))
        return
    events = list(dict.fromkeys(cohort.event for cohort in found))  # the earliest signed first
    for event in events:
        title = said(cli, SAID, "event_by", event=event, by=cli.word(by), asked=by, day=shown)
        out.print(cohort_table(cli, [c for c in found if c.event == event], by, title))


def cohort_table(cli: Cli, found: list[Cohort], by: str | None, title: str) -> Table:
    from rich.table import Table

    table = Table(
        title=title,
        caption=said(cli, SAID, "cohort_note"),
        caption_justify="left",
        title_justify="left",
    )
    first_heading = cli.word(by) if by else said(cli, COHORT_HEADINGS, "event")
    table.add_column(first_heading, no_wrap=True)
    for key, _ in COHORT_COLUMNS:
        table.add_column(said(cli, COHORT_HEADINGS, key), justify="right", no_wrap=True)
    for cohort in found:
        cells = [cell(cli, getattr(cohort, key), kind) for key, kind in COHORT_COLUMNS]
        first = (
            cohort.event if not by else cli.word(cohort.group) if by == "stage" else cohort.group
        )
        table.add_row(first, *cells)
    return table
