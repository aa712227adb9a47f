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
from tui.cli.render import Lines, console, echo_json, said

if TYPE_CHECKING:
    from rich.table import Table

    from store.queries.stewards import StewardSummary

T = TypeVar("T")
LEVELS = ("red", "yellow", "blue")
SAID: Lines = {
    "after_guess": ("", " "),
    "after_name": ("；", "; "),
    "create_hint": ("如确需新建，请加 {flag}", "add {flag} to create one"),
    "like": ("（相似：{names}）", " (like: {names})"),
    "create_question": (
        "没有名为 {name} 的包抓领导{like}。新建包抓领导 {name}？",
        "No steward is named {name}{like}. Create a new steward {name}?",
    ),
    "none_created": ("未保存：没有新建包抓领导", "nothing saved: no steward was created"),
    "renamed": (
        "包抓领导 {old} 已更名为 {new}（{count} 个项目）",
        "steward {old} is now {new} ({count} projects)",
    ),
    "merged": (
        "包抓领导 {source} 已并入 {target}（移交 {count} 个项目）",
        "steward {source} merged into {target} ({count} projects moved)",
    ),
    "retired": ("包抓领导 {name} 已于 {on} 离任", "steward {name} retired on {on}"),
    "offered": ("包抓领导 {name} 已恢复可选", "steward {name} is offered again"),
}


def interactive() -> bool:
    """Whether someone at a terminal can answer a question."""
    return sys.stdin.isatty()


def with_steward_confirmed(cli: Cli, write: Callable[[bool], T], create: bool, flag: str) -> T:
    """write(create) gives a project to a steward. A name nobody has is created only when
    the flag said so or the user, asked at a terminal, says yes; otherwise it is refused in
    one line with the stewards it is like (store.domain.stewards: the rule every door keeps)."""
    from store.errors import UnknownSteward, UserError

    try:
        return write(create)
    except UnknownSteward as error:
        if not interactive():
            # after a guess ending in a question mark, or after the name
            joint = said(cli, SAID, "after_guess" if error.similar else "after_name")
            hint = said(cli, SAID, "create_hint", flag=flag)
            raise UserError(f"{cli.said(error)}{joint}{hint}") from None
        names = "、".join(error.similar)
        like = said(cli, SAID, "like", names=names) if names else ""
        question = said(cli, SAID, "create_question", name=error.name, like=like)
        if not typer.confirm(question, default=False):
            raise UserError(said(cli, SAID, "none_created")) from None
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
    typer.echo(said(cli, SAID, "renamed", old=old.strip(), new=new.strip(), count=changed))


def steward_merge(
    cli: Cli,
    source: Annotated[str, typer.Argument(metavar="FROM", help="The steward that goes")],
    target: Annotated[str, typer.Argument(metavar="INTO", help="The steward that stays")],
) -> None:
    """Two records of one leader become one: every project of FROM (withdrawn ones too)
    moves to INTO, each move in the project's history; FROM is removed."""
    moved = cli.store.merge_stewards(source, target)
    typer.echo(said(cli, SAID, "merged", source=source.strip(), target=target.strip(), count=moved))


def steward_retire(
    cli: Cli,
    name: Annotated[str, typer.Argument(help="The steward")],
    undo: Annotated[bool, typer.Option(help="Offer the steward for assignments again")] = False,
) -> None:
    """Retire a steward who answers for no active project: offered for no new assignment,
    listed apart; their withdrawn projects keep them in the records."""
    steward = cli.store.retire_steward(name, undo=undo)
    if steward.retired_on:
        typer.echo(said(cli, SAID, "retired", name=steward.name, on=steward.retired_on))
    else:
        typer.echo(said(cli, SAID, "offered", name=steward.name))
