"""One project: add it, show it, its history, its funds month by month."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tui.cli.context import Cli
from tui.cli.options import (
    FormatOption,
    ProjectArgument,
    check_format,
    optional_date,
    optional_deadline,
)
from tui.cli.render import SAID as SHARED_SAID
from tui.cli.render import (
    Lines,
    console,
    echo_json,
    money_text,
    refusal,
    said,
    warning_text,
)
from tui.cli.stewards import with_steward_confirmed

if TYPE_CHECKING:
    from rich.table import Table

    from store.db.models import DispatchRecord, Project
    from store.stages import Change

# What `show` leaves out: the internals, and what it shows otherwise.
SHOW_LEFT_OUT = {
    "id",
    "version",
    "steward_id",
    "procedures_required",
    "procedures_done",
    "month_dates",  # the dates it names show as 2023-08
    "name_key",  # the sort keys: the names in pinyin
    "county_key",
    "chain_key",
}
COUNTDOWN = ["deadline", "days_left", "working_days_left", "warning"]
SAID: Lines = {
    "added": ("已新增项目 {project} {name}", "added {project} {name}"),
    "code_shape": ("提醒：{warning}", "warning: {warning}"),  # as store.codes words it
    "month_needed": (
        "--month 指定要登记或删除的月份（如 2024-03）",
        "--month names the month to set or delete (2024-03)",
    ),
    "set_or_delete": (
        "--month 须带 --amount（登记该月）或 --delete（删除该月），二者选一",
        "--month takes --amount (to set the month) or --delete, one of them",
    ),
    "amount_needed": (
        "登记该月须给出 --amount：当月到位资金",
        "--amount is the month's funds in place: it is needed to set the month",
    ),
}


def add(
    cli: Cli,
    name: Annotated[str, typer.Argument(help="项目名称 project name")],
    code: Annotated[str | None, typer.Option(help="项目代码 project code")] = None,
    investor: Annotated[str, typer.Option(help="投资方 investor")] = "",
    county: Annotated[str, typer.Option(help="县市区 county")] = "",
    park: Annotated[str, typer.Option(help="园区 park")] = "",
    chain: Annotated[str, typer.Option(help="产业链 industry chain")] = "",
    kind: Annotated[str, typer.Option(help="new/新建 or continuing/续建")] = "new",
    signed_amount: Annotated[str, typer.Option(help="签约额, e.g. 5.2 (亿元), 3000万")] = "0",
    total_investment: Annotated[
        str | None, typer.Option(help="总投资 [default: the signed amount]")
    ] = None,
    signed_on: Annotated[str | None, typer.Option(help="签约日期 [default: today]")] = None,
    procedures_due: Annotated[str | None, typer.Option(help="前期手续办结时限")] = None,
    start_due: Annotated[str | None, typer.Option(help="计划开工日期")] = None,
    production_due: Annotated[str | None, typer.Option(help="计划投产日期")] = None,
    event: Annotated[
        str | None, typer.Option("--event", help="签约活动 the signing event, e.g. 第三十届兰洽会")
    ] = None,
    steward: Annotated[
        str | None, typer.Option(help="包抓领导: an existing one (a new name is asked about)")
    ] = None,
    new_steward: Annotated[
        bool, typer.Option("--new-steward", help="Create the --steward named: nobody has it yet")
    ] = False,
) -> None:
    """Add a signed project."""
    from store.money import parse_amount

    signed_yuan = parse_amount(signed_amount)
    values = {
        "name": name,
        "code": code,
        "investor": investor,
        "county": county,
        "park": park,
        "chain": chain,
        "kind": kind,
        "signed_amount_yuan": signed_yuan,
        "total_investment_yuan": parse_amount(total_investment)
        if total_investment
        else signed_yuan,
        "signed_on": optional_date(signed_on),
        "procedures_due": optional_deadline(procedures_due),
        "start_due": optional_deadline(start_due),
        "production_due": optional_deadline(production_due),
        "signing_event": event,
    }
    warn_of_code(cli, code)
    project = with_steward_confirmed(
        cli,
        lambda create: cli.store.add_project(values, steward=steward, create_steward=create),
        new_steward,
        "--new-steward",
    )
    subject = project.code or f"#{project.id}"
    typer.echo(said(cli, SAID, "added", project=subject, name=project.name))


def warn_of_code(cli: Cli, code: str | None) -> None:
    """A code not of the national shape is kept as written, with a warning on stderr."""
    from store.codes import code_warning
    from store.labels import pick

    warning = code_warning(code)
    if warning:
        typer.echo(said(cli, SAID, "code_shape", warning=pick(warning, cli.lang)), err=True)


def show(cli: Cli, code: ProjectArgument, format: FormatOption = "table") -> None:
    """Every field of one project, its countdown and warning."""
    project = cli.store.project(code)
    data = project_data(cli, project)
    check_format(format, ("table", "json"))
    if format == "json":
        echo_json(data)
        return
    console().print(project_table(cli, project, data))
    warn_of_code(cli, project.code)


def project_data(cli: Cli, project: Project) -> dict[str, Any]:
    """The project's fields and its row as a listing shows it, dates as text."""
    from store.db.models import month_fields

    store = cli.store
    row = store.project_row(project.id or 0)
    steward = store.steward_of(project)
    data = project.model_dump(exclude={"search_text"})
    data.update(row.to_json())
    data["steward"] = steward.name if steward else None
    data["land_mu"] = str(project.land_mu) if project.land_mu is not None else None
    data = {
        key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()
    }
    for key in month_fields(project.month_dates):  # known only to the month: 2023-08
        data[key] = project.date_text(key)
    return data


def project_table(cli: Cli, project: Project, data: dict[str, Any]) -> Table:
    """The fields in the order of the project's form, then where it stands."""
    from rich.table import Table

    from store.db.models import Project
    from store.labels import amount_words

    table = Table(show_header=False, title=project.name)
    hidden = SHOW_LEFT_OUT | set(COUNTDOWN)  # the countdown comes last
    shown = [key for key in Project.model_fields if key in data and key not in hidden]
    shown.insert(shown.index("stage") + 1, "steward")
    for key in [*shown, *COUNTDOWN]:
        value = data.get(key)
        if key.endswith("_yuan"):
            value = amount_words(value, cli.lang) if value is not None else ""
        elif key in ("stage", "kind"):
            value = cli.word(data[key])
        table.add_row(
            cli.word(key.removesuffix("_yuan")),
            warning_text(cli, value) if key == "warning" else "" if value is None else str(value),
        )
    table.add_row(
        cli.word("procedures_done"), f"{project.procedures_done}/{project.procedures_required}"
    )
    return table


def history(cli: Cli, code: ProjectArgument, format: FormatOption = "table") -> None:
    """Every recorded change of a project: who, when, old and new value."""
    from rich.table import Table

    from store.labels import change_words

    check_format(format, ("table", "json"))
    entries = cli.store.history(code)
    keys = ["at", "effective_on", "user", "action", "field", "old_value", "new_value", "note"]
    if format == "json":
        echo_json(
            [
                {
                    key: str(getattr(entry, key))
                    if key in ("at", "effective_on")
                    else getattr(entry, key)
                    for key in keys
                }
                for entry in entries
            ]
        )
        return
    table = Table()
    # who recorded it and how go under when: the table fits an 80-column terminal
    when = " / ".join(cli.word(key) for key in ("when", "user", "action"))
    table.add_column(when, min_width=10)
    for key in ("effective_on", "field", "old", "new_value", "note"):
        # fold, not cut: a field such as 手续「环评」完成日期 has no space to wrap at
        table.add_column(cli.word(key), no_wrap=key == "effective_on", overflow="fold")
    for entry in entries:
        action, field, old, new = change_words(
            entry.action, entry.field, entry.old_value, entry.new_value, cli.lang
        )
        table.add_row(
            f"{entry.at:%Y-%m-%d %H:%M} {entry.user} {action}",
            str(entry.effective_on),
            field,
            old,
            new,
            entry.note,
        )
    console().print(table)


def funds(
    cli: Cli,
    code: ProjectArgument,
    month: Annotated[str | None, typer.Option(help="The month to set or delete: 2024-03")] = None,
    amount: Annotated[
        str | None, typer.Option(help="The month's funds in place (到位资金): 2亿, 3000万")
    ] = None,
    completed: Annotated[
        str | None, typer.Option(help="The month's investment completed [default: as recorded]")
    ] = None,
    note: Annotated[str | None, typer.Option(help="Progress note [default: as recorded]")] = None,
    delete: Annotated[bool, typer.Option(help="Remove the month's record")] = False,
    format: FormatOption = "table",
) -> None:
    """A project's funds in place month by month; --month with --amount sets that month,
    replacing what was recorded, --delete removes it (both kept in history)."""
    from store.dates import parse_month
    from store.money import parse_amount

    check_format(format, ("table", "json"))
    setting = amount is not None or completed is not None or note is not None
    if (setting or delete) and month is None:
        raise refusal(SAID, "month_needed")
    if month is not None and setting == delete:
        raise refusal(SAID, "set_or_delete")
    if setting and amount is None:
        raise refusal(SAID, "amount_needed")
    store = cli.store
    if month is not None:
        chosen = parse_month(month)
        if delete:
            changes = store.delete_month(code, chosen)
        else:
            changes = store.set_month(
                code,
                chosen,
                parse_amount(amount or "0"),
                parse_amount(completed) if completed is not None else None,
                note,
            )
        shown = month_changes_text(cli, changes) or said(cli, SHARED_SAID, "unchanged")
        typer.echo(cli.labelled(f"{chosen:%Y-%m}", shown))
    records = store.dispatch_records(code)
    if format == "json":
        echo_json(
            [
                {
                    "month": f"{r.month:%Y-%m}",
                    "funds_in_place_yuan": r.funds_in_place_yuan,
                    "investment_completed_yuan": r.investment_completed_yuan,
                    "note": r.note,
                }
                for r in records
            ]
        )
        return
    console().print(funds_table(cli, records))


def funds_table(cli: Cli, records: list[DispatchRecord]) -> Table:
    """The months, then their total."""
    from rich.table import Table

    table = Table(caption=said(cli, SHARED_SAID, "amounts"), caption_justify="left")
    for key in ("month", "funds_month", "completed_month", "note"):
        table.add_column(cli.word(key), justify="right" if "_" in key else "left")
    for r in records:
        table.add_row(
            f"{r.month:%Y-%m}",
            money_text(r.funds_in_place_yuan),
            money_text(r.investment_completed_yuan),
            r.note,
        )
    table.add_row(
        cli.word("total"),
        money_text(sum(r.funds_in_place_yuan for r in records)),
        money_text(sum(r.investment_completed_yuan for r in records)),
        "",
        style="bold",
    )
    return table


def month_changes_text(cli: Cli, changes: list[Change]) -> str:
    """A month's changes as one line: 当月到位资金 1.0000 -> 2.0000，…"""
    from store.commands.history import history_value
    from store.labels import change_words

    shown = []
    for change in changes:
        was, now = history_value(change.old), history_value(change.new)
        _, field, old, new = change_words("funds", change.field, was, now, cli.lang)
        shown.append(f"{field} {old or '-'} -> {new or '-'}")
    return ("，" if cli.in_chinese else ", ").join(shown)
