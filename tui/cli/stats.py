"""The office's figures: one table for the whole office beside the year before, and, grouped,
two tables a group a row (counts and amounts, then rates) that fit an 80-column terminal."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, check_format, optional_date
from tui.cli.render import console, echo_json, money_text

if TYPE_CHECKING:
    from rich.table import Table

    from store.figures import Figures, FigureSet

# The figure table's rows: figure, kind (labelled with the full names of store.labels).
STATS_FIGURES = [
    ("projects", "count"),
    ("signed_count", "count"),
    ("signed_amount_yuan", "money"),
    ("total_investment_yuan", "money"),
    ("funds_in_period_yuan", "money"),
    ("funds_cumulative_yuan", "money"),
    ("completed_in_period_yuan", "money"),
    *[(rate, "rate") for rate in ("start_rate", "resumption_rate", "funds_rate")],
    *[(rate, "rate") for rate in ("completion_rate", "procedure_rate", "problem_rate")],
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
    format: FormatOption = "table",
) -> None:
    """The office's figures for a period, as of a date, grouped and ranked."""
    from store.dates import parse_date
    from store.errors import UserError
    from store.figures import compute, parse_period, period_between

    check_format(format, ("table", "json"))
    if period and (from_ or to):
        raise UserError("give --period or --from/--to, not both")
    if bool(from_) != bool(to):
        raise UserError("--from and --to go together")
    chosen = parse_period(period) if period else None
    if from_ and to:
        chosen = period_between(parse_date(from_), parse_date(to))
    if rank and not by:
        raise UserError("--rank needs --by: it orders the groups")
    figures = compute(cli.store, chosen, optional_date(as_of), by=by)
    groups = figures.ranked(rank) if rank else figures.groups
    if format == "json":
        data = figures.to_json()
        data["groups"] = [group.to_json() for group in groups]
        echo_json(data)
        return
    out = console()
    out.print(totals_table(figures))
    if by:
        for table in grouped_tables(cli, groups, by, rank):
            out.print(table)


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
    """Counts and amounts, then rates: two tables of six or seven columns fit an 80-column
    terminal whole, where one of twelve would cut names and values short."""
    from rich.table import Table

    names = [group.group if by != "stage" else cli.word(group.group) for group in groups]
    kinds = dict(STATS_FIGURES)
    grouped = [(key, heading, kinds[key]) for key, heading in GROUPED_HEADINGS.items()]
    counts = [c for c in grouped if c[2] != "rate"]
    if rank and rank not in GROUPED_HEADINGS:  # the figure ranked by, shown too
        counts.append(ranked_column(rank))
    tables = []
    for part, columns in (
        ("counts and amounts", counts),
        ("rates", [c for c in grouped if c[2] == "rate"]),
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
