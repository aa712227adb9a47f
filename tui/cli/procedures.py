"""A project's preliminary procedures (前期手续): the `procedure` commands. Each goes through
the store's procedure commands, so the rules the app's procedures tab keeps (a procedure done
on or after the signing, never in the future) hold here too, and every change is in history.

A procedure is named by its name as listed (环评) or by its number (#12, as `procedure list`
shows it)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import (
    FormatOption,
    ProjectArgument,
    check_format,
    optional_date,
    optional_deadline,
)
from tui.cli.render import Lines, console, echo_json, said

if TYPE_CHECKING:
    from rich.table import Table

    from store.db.models import Procedure

ProcedureArgument = Annotated[
    str, typer.Argument(metavar="PROCEDURE", help="The procedure's name (环评) or number (#12)")
]
DayOption = Annotated[str | None, typer.Option("--on", help="The day [default: today]")]

# What the commands print, in each language: (Chinese, English).
SAID: Lines = {
    "number": ("编号", "No."),
    "procedure": ("手续", "Procedure"),
    "required": ("必办", "Required"),
    "due_on": ("办结时限", "Due"),
    "done_on": ("办结日期", "Done on"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "added": ("已添加手续「{name}」（#{id}）", "procedure {name} added (#{id})"),
    "done": ("手续「{name}」于 {day} 办结", "procedure {name} done on {day}"),
    "undone": ("手续「{name}」改为未办结", "procedure {name} is no longer done"),
    "due": ("手续「{name}」办结时限：{day}", "procedure {name} due on {day}"),
    "no_due": ("手续「{name}」不再设办结时限", "procedure {name} has no due date now"),
    "renamed": ("手续「{name}」更名为「{new}」", "procedure {name} renamed {new}"),
    "removed": ("已删除手续「{name}」", "procedure {name} removed"),
    "none": ("该项目没有手续", "the project has no procedures"),
}


def procedure_in(cli: Cli, project: str, ref: str) -> Procedure:
    """The project's procedure by number (#12) or name as listed; a one-line refusal naming
    the project's procedures when there is no such one."""
    from store.labels import Refusal

    listed = cli.store.procedures(project)
    text = ref.strip()
    number = int(text.lstrip("#")) if text.lstrip("#").isdigit() else None
    for procedure in listed:
        if procedure.id == number or procedure.name == text:
            return procedure
    names = "、".join(p.name for p in listed)
    raise Refusal(
        f"项目 {project} 没有手续 {text}" + (f"：现有 {names}" if names else ""),
        f"project {project} has no procedure {text}" + (f": it has {names}" if names else ""),
    )


def procedure_list(cli: Cli, project: ProjectArgument, format: FormatOption = "table") -> None:
    """The project's procedures in order: required or not, due and done dates."""
    check_format(format, ("table", "json"))
    listed = cli.store.procedures(project)
    if format == "json":
        echo_json(
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "required": p.required,
                    "due_on": p.due_on.isoformat() if p.due_on else None,
                    "done_on": p.done_on.isoformat() if p.done_on else None,
                }
                for p in listed
            ]
        )
        return
    if not listed:
        typer.echo(said(cli, SAID, "none"))
        return
    console().print(procedure_table(cli, listed))


def procedure_table(cli: Cli, listed: list[Procedure]) -> Table:
    from rich.table import Table

    table = Table()
    for key in ("number", "procedure", "required", "due_on", "done_on"):
        table.add_column(said(cli, SAID, key), no_wrap=key != "procedure")
    for p in listed:
        table.add_row(
            f"#{p.id}",
            p.name,
            said(cli, SAID, "yes" if p.required else "no"),
            str(p.due_on or ""),
            str(p.done_on or ""),
        )
    return table


def procedure_add(
    cli: Cli,
    project: ProjectArgument,
    name: Annotated[str, typer.Argument(help="The procedure's name")],
    due: Annotated[str | None, typer.Option(help="Due date (办结时限)")] = None,
) -> None:
    """Add a procedure of the office's own, last in the project's list."""
    added = cli.store.add_procedure(project, name, optional_deadline(due))
    typer.echo(said(cli, SAID, "added", name=added.name, id=added.id))


def procedure_done(
    cli: Cli,
    project: ProjectArgument,
    procedure: ProcedureArgument,
    on: DayOption = None,
    undo: Annotated[bool, typer.Option("--undo", help="Mark it not done again")] = False,
) -> None:
    """Tick a procedure done on a day (today unless --on), or --undo the tick."""
    from store.labels import Refusal

    if undo and on:
        raise Refusal("--undo 与 --on 只能用其一", "--undo and --on exclude each other")
    chosen = procedure_in(cli, project, procedure)
    day = None if undo else optional_date(on) or cli.store.today
    done = cli.store.set_procedure(chosen.id or 0, done_on=day)
    if done.done_on is None:
        typer.echo(said(cli, SAID, "undone", name=done.name))
    else:
        typer.echo(said(cli, SAID, "done", name=done.name, day=done.done_on))


def procedure_due(
    cli: Cli,
    project: ProjectArgument,
    procedure: ProcedureArgument,
    day: Annotated[str | None, typer.Argument(help="The due date; left out with --clear")] = None,
    clear: Annotated[bool, typer.Option("--clear", help="Remove the due date")] = False,
) -> None:
    """Set a procedure's due date (办结时限), or --clear it."""
    from store.labels import Refusal

    if clear == (day is not None):
        raise Refusal(
            "请给出办结时限，或用 --clear 取消，二者选一",
            "give the due date, or --clear to remove it: one of them",
        )
    chosen = procedure_in(cli, project, procedure)
    changed = cli.store.set_procedure(chosen.id or 0, due_on=optional_deadline(day))
    if changed.due_on is None:
        typer.echo(said(cli, SAID, "no_due", name=changed.name))
    else:
        typer.echo(said(cli, SAID, "due", name=changed.name, day=changed.due_on))


def procedure_rename(
    cli: Cli,
    project: ProjectArgument,
    procedure: ProcedureArgument,
    new: Annotated[str, typer.Argument(help="The procedure's new name")],
) -> None:
    """Correct a procedure's name; the change is in the project's history."""
    chosen = procedure_in(cli, project, procedure)
    renamed = cli.store.rename_procedure(chosen.id or 0, new, expected_name=chosen.name)
    typer.echo(said(cli, SAID, "renamed", name=chosen.name, new=renamed.name))


def procedure_remove(cli: Cli, project: ProjectArgument, procedure: ProcedureArgument) -> None:
    """Remove a procedure the project does not go through; its removal is in history."""
    chosen = procedure_in(cli, project, procedure)
    cli.store.drop_procedure(chosen.id or 0)
    typer.echo(said(cli, SAID, "removed", name=chosen.name))
