"""Stewards (包抓领导): the `steward` commands, and the question every command that gives a
project to a steward asks before a new name is created."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import asdict
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, check_format
from tui.cli.render import console, echo_json

if TYPE_CHECKING:
    from rich.table import Table

    from store.queries.stewards import StewardSummary

T = TypeVar("T")
LEVELS = ("red", "yellow", "blue")


def interactive() -> bool:
    """Whether someone at a terminal can answer a question."""
    return sys.stdin.isatty()


def with_steward_confirmed(cli: Cli, write: Callable[[bool], T], create: bool, flag: str) -> T:
    """write(create) gives a project to a steward. A name nobody has is created only when
    the flag said so or the user, asked at a terminal, says yes; otherwise it is refused in
    one line with the stewards it is like (store.domain.stewards: the rule every door keeps)."""
    from store.errors import UnknownSteward, UserError
    from store.labels import Lang

    zh = cli.lang is Lang.ZH
    try:
        return write(create)
    except UnknownSteward as error:
        if not interactive():
            hint = f"如确需新建，请加 {flag}" if zh else f"add {flag} to create one"
            joint = ("" if zh else " ") if error.similar else ("；" if zh else "; ")
            raise UserError(f"{cli.said(error)}{joint}{hint}") from None
        alike = "、".join(error.similar)
        if zh:
            like = f"（相似：{alike}）" if alike else ""
            question = f"没有名为 {error.name} 的包抓领导{like}。新建包抓领导 {error.name}？"
        else:
            like = f" (like: {alike})" if alike else ""
            question = f"No steward is named {error.name}{like}. Create a new steward {error.name}?"
        if not typer.confirm(question, default=False):
            raise UserError(
                "未保存：没有新建包抓领导" if zh else "nothing saved: no steward was created"
            ) from None
        return write(True)


def steward_list(cli: Cli, format: FormatOption = "table") -> None:
    """Every steward with their active projects, late and warned (the leaders'
    responsibility list); the retired listed apart."""
    from store.labels import Lang

    check_format(format, ("table", "json"))
    stewards = cli.store.stewards(pinyin=cli.lang is Lang.ZH)
    if format == "json":
        data = []
        for steward in stewards:
            entry = asdict(steward)
            entry["warnings"] = {level.value: n for level, n in steward.warnings.items()}
            entry["retired_on"] = steward.retired_on.isoformat() if steward.retired_on else None
            data.append(entry)
        echo_json(data)
        return
    out = console()
    # an 80-column terminal keeps the names and counts whole, without level and phone
    details = ("title", "unit", "level", "phone") if out.width >= 110 else ("title", "unit")
    for retired in (False, True):
        shown = [s for s in stewards if (s.retired_on is not None) == retired]
        if retired and not shown:
            break
        out.print(steward_table(cli, shown, details, retired))


def steward_table(
    cli: Cli, stewards: list[StewardSummary], details: tuple[str, ...], retired: bool
) -> Table:
    from rich.cells import cell_len
    from rich.table import Table

    from store.warnings import WarningLevel

    table = Table(title=cli.word("retired") if retired else None, title_justify="left")
    # names and counts whole; title, unit and phone give way on a narrow terminal
    table.add_column(cli.word("steward"), no_wrap=True)
    for key in details:
        table.add_column(cli.word(key), overflow="ellipsis", no_wrap=True)
    if retired:
        table.add_column(cli.word("retired_on"), no_wrap=True)
    for key in ("projects", "late", *LEVELS):
        label = cli.word(key)
        table.add_column(label, justify="right", no_wrap=True, min_width=cell_len(label))
    for steward in stewards:
        table.add_row(
            steward.name,
            *[getattr(steward, key) for key in details],
            *([str(steward.retired_on)] if retired else []),
            f"{steward.projects:,}",
            f"{steward.late:,}",
            *[f"{steward.warnings[WarningLevel(level)]:,}" for level in LEVELS],
        )
    return table


def steward_rename(
    cli: Cli,
    old: Annotated[str, typer.Argument(help="The steward's name now")],
    new: Annotated[str, typer.Argument(help="The name it becomes")],
) -> None:
    """Correct a steward's name; each of their projects records it in its history."""
    changed = cli.store.rename_steward(old, new)
    typer.echo(f"steward {old.strip()} is now {new.strip()} ({changed} projects)")


def steward_merge(
    cli: Cli,
    source: Annotated[str, typer.Argument(metavar="FROM", help="The steward that goes")],
    target: Annotated[str, typer.Argument(metavar="INTO", help="The steward that stays")],
) -> None:
    """Two records of one leader become one: every project of FROM (withdrawn ones too)
    moves to INTO, each move in the project's history; FROM is removed."""
    moved = cli.store.merge_stewards(source, target)
    typer.echo(f"steward {source.strip()} merged into {target.strip()} ({moved} projects moved)")


def steward_retire(
    cli: Cli,
    name: Annotated[str, typer.Argument(help="The steward")],
    undo: Annotated[bool, typer.Option(help="Offer the steward for assignments again")] = False,
) -> None:
    """Retire a steward who answers for no active project: offered for no new assignment,
    listed apart; their withdrawn projects keep them in the records."""
    steward = cli.store.retire_steward(name, undo=undo)
    typer.echo(
        f"steward {steward.name} "
        + (f"retired on {steward.retired_on}" if steward.retired_on else "is offered again")
    )
