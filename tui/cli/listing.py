"""Many projects at once: the list and the deadlines, filtered, as many columns as the
terminal has room for, the name taking what is left."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import (
    ChainFilter,
    CountyFilter,
    FormatOption,
    StageFilter,
    StewardFilter,
    WarningFilter,
    check_format,
    parse_filters,
)
from tui.cli.render import (
    CONTENT_WIDTH,
    Lines,
    console,
    echo_json,
    money_text,
    said,
    warning_text,
)
from tui.cli.render import SAID as SHARED_SAID

if TYPE_CHECKING:
    from collections.abc import Iterable

    from rich.table import Table
    from rich.text import Text

    from store.queries.deadlines import DueList
    from store.service import ProjectFilter, ProjectRow

LIST_COLUMNS = [
    "code",
    "name",
    "county",
    "chain",
    "stage",
    "steward",
    "signed_amount_yuan",
    "funds_in_place_yuan",
    "deadline",
    "days_left",
    "working_days_left",
    "warning",
]
NARROW_COLUMNS = [
    "name",
    "stage",
    "steward",
    "signed_amount_yuan",
    "deadline",
    "days_left",
    "warning",
]
NARROWEST_COLUMNS = ["name", "stage", "signed_amount_yuan", "days_left", "warning"]
COUNTDOWN_COLUMNS = {"deadline", "days_left", "working_days_left", "warning"}
DEADLINE_COLUMNS = ["deadline", "days_left", "warning", "name", "note", "steward", "code"]
SAID: Lines = {
    "listed": ("{count} 个项目，金额单位：亿元", "{count} projects, amounts in 100M yuan"),
    "due": (
        "显示{shown}：已超期或 {within} 天内到期，由近及远",
        "showing {shown}: overdue or due within {within} days, nearest first",
    ),
    "next_page": ("下一页：--page {page}", "--page {page} for the next"),
}


def list_projects(
    cli: Cli,
    stage: StageFilter = None,
    county: CountyFilter = None,
    chain: ChainFilter = None,
    steward: StewardFilter = None,
    warning: WarningFilter = None,
    search: Annotated[
        str | None, typer.Option(help="Name, code, investor or pinyin (jqnd)")
    ] = None,
    include_withdrawn: Annotated[bool, typer.Option(help="Show withdrawn projects too.")] = False,
    withdrawn: Annotated[
        bool, typer.Option(help="Only the withdrawn projects, with the date they left.")
    ] = False,
    sort: Annotated[str, typer.Option(help="deadline, name, signed_amount, ...")] = "deadline",
    format: Annotated[str, typer.Option("--format", help="table, csv or json")] = "table",
) -> None:
    """List projects with their deadlines, countdowns and warnings."""
    import csv

    from store.labels import Lang

    check_format(format, ("table", "csv", "json"))
    filters = parse_filters(
        cli,
        stage=stage,
        county=county,
        chain=chain,
        steward=steward,
        warning=warning,
        search=search,
        include_withdrawn=include_withdrawn,
        withdrawn_only=withdrawn,
    )
    rows = cli.store.iter_projects(filters, sort=sort, pinyin=cli.lang is Lang.ZH)
    if format == "json":
        echo_json([row.to_json() for row in rows])
        return
    if format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=row_keys())
        writer.writeheader()
        writer.writerows(row.to_json() for row in rows)
        return
    out = console()
    # as many columns as leave the name room: an 80-column terminal keeps the countdown
    columns = (
        LIST_COLUMNS
        if out.width >= 150
        else NARROW_COLUMNS
        if out.width >= 100
        else NARROWEST_COLUMNS
    )
    if withdrawn:  # no countdown runs for them: the date they left instead
        columns = [key for key in columns if key not in COUNTDOWN_COLUMNS] + ["withdrawn_on"]
    table, count = projects_table(cli, columns, rows)
    table.caption = caption(cli, said(cli, SAID, "listed", count=f"{count:,}"), filters)
    out.print(table)


def caption(cli: Cli, shown: str, filters: ProjectFilter, *after: str) -> str:
    """A table's caption: what it shows, the filter in force in words, then what follows."""
    from tui.words import filters_text

    parts = [shown, filters_text(filters, cli.lang), *after]
    return said(cli, SHARED_SAID, "parts_joint").join(part for part in parts if part)


def projects_table(cli: Cli, columns: list[str], rows: Iterable[ProjectRow]) -> tuple[Table, int]:
    """The rows in the columns chosen, and how many there were (rows may be a stream)."""
    from rich.cells import cell_len
    from rich.table import Table

    table = Table(caption_justify="left", expand=True)
    for key in columns:
        label = cli.word(key.removesuffix("_yuan"))
        table.add_column(
            label,
            justify="right" if key.endswith(("_yuan", "left")) else "left",
            overflow="ellipsis",
            no_wrap=True,
            ratio=1 if key == "name" else None,
            min_width=10 if key == "name" else max(cell_len(label), CONTENT_WIDTH.get(key, 4)),
        )
    count = 0
    for row in rows:
        data = row.to_json()
        cells: list[str | Text] = []
        for key in columns:
            value = data[key]
            if key.endswith("_yuan"):
                cells.append(money_text(value))
            elif key == "stage":
                cells.append(cli.word(value))
            elif key == "warning":
                cells.append(warning_text(cli, value))
            else:
                cells.append("" if value is None else str(value))
        table.add_row(*cells)
        count += 1
    return table, count


def row_keys() -> list[str]:
    from dataclasses import fields

    from store.service import ProjectRow

    return [f.name for f in fields(ProjectRow)]


def deadlines(
    cli: Cli,
    within: Annotated[
        int, typer.Option(help="Days ahead: due within them, or overdue", min=0)
    ] = 30,
    stage: StageFilter = None,
    county: CountyFilter = None,
    chain: ChainFilter = None,
    steward: StewardFilter = None,
    warning: WarningFilter = None,
    page: Annotated[int, typer.Option(help="Which page, nearest first", min=1)] = 1,
    limit: Annotated[int, typer.Option(help="Items a page", min=1)] = 500,
    format: FormatOption = "table",
) -> None:
    """Stage deadlines and procedures' due dates, overdue or due soon: the nearest to today
    first, just passed or soon to come alike; a page at a time, saying which."""
    check_format(format, ("table", "json"))
    filters = parse_filters(
        cli, stage=stage, county=county, chain=chain, steward=steward, warning=warning
    )
    due = cli.store.due_items(within, filters=filters, offset=(page - 1) * limit, limit=limit)
    if format == "json":
        echo_json(
            {
                "total": due.total,
                "offset": due.offset,
                "items": [
                    {
                        **{key: getattr(item, key) for key in vars(item)},
                        "due": item.due.isoformat(),
                        "warning": item.warning.value if item.warning else None,
                    }
                    for item in due.items
                ],
            }
        )
        return
    out = console()
    # the name takes what is left; an 80-column terminal keeps the date, countdown and warning
    keys = DEADLINE_COLUMNS
    keys = keys if out.width >= 130 else keys[:-1] if out.width >= 100 else keys[:5]
    table = deadlines_table(cli, keys, due)
    shown = said(cli, SAID, "due", shown=shown_text(cli, due), within=within)
    more = due.offset + len(due.items) < due.total
    after = [said(cli, SAID, "next_page", page=page + 1)] if more else []
    table.caption = caption(cli, shown, filters, *after)
    out.print(table)


def shown_text(cli: Cli, due: DueList) -> str:
    """Which of the items the page holds, as the app's deadlines screen says it."""
    from tui.words import say

    if not due.items:
        return say("deadlines_none", cli.lang, total=f"{due.total:,}")
    first, last = due.offset + 1, due.offset + len(due.items)
    return say(
        "deadlines_shown", cli.lang, first=f"{first:,}", last=f"{last:,}", total=f"{due.total:,}"
    )


def deadlines_table(cli: Cli, keys: list[str], due: DueList) -> Table:
    from rich.cells import cell_len
    from rich.table import Table

    table = Table(caption_justify="left", expand=True)
    for key in keys:
        label = cli.word(key)
        table.add_column(
            label,
            justify="right" if key == "days_left" else "left",
            overflow="ellipsis",
            no_wrap=True,
            ratio=1 if key == "name" else None,
            min_width={"name": 10, "note": 12}.get(
                key, max(cell_len(label), CONTENT_WIDTH.get(key, 4))
            ),
        )
    for item in due.items:
        cells: dict[str, str | Text] = {
            "deadline": str(item.due),
            "days_left": str(item.days_left),
            "warning": warning_text(cli, item.warning.value if item.warning else None),
            "name": item.name,
            "note": item.what if item.is_procedure else cli.word(item.what),
            "steward": item.steward or "",
            "code": item.code or "",
        }
        table.add_row(*[cells[key] for key in keys])
    return table
