"""Stage moves and reassignment: each prints the project's new state in one line."""

from __future__ import annotations

from typing import Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import ProjectArgument, optional_date
from tui.cli.render import Lines, echo_state, said
from tui.cli.stewards import with_steward_confirmed

SAID: Lines = {
    "back": ("{project}：退回至{stage}", "{project}: back to {stage}"),
    "withdrawn": ("{project}：已于 {on} 退出", "{project}: withdrawn on {on}"),
    "reinstated": ("{project}：已恢复，回到{stage}", "{project}: reinstated at {stage}"),
    "resumed": ("{project}：已于 {on} 复工", "{project}: resumed on {on}"),
    "assigned": ("{project}：包抓领导 {steward}", "{project}: steward {steward}"),
}


def advance(
    cli: Cli,
    code: ProjectArgument,
    on: Annotated[
        str | None, typer.Option(help="Date the next stage began [default: today]")
    ] = None,
    note: Annotated[str, typer.Option(help="Note kept in history")] = "",
) -> None:
    """Move a project forward one stage."""
    project = cli.store.advance(code, optional_date(on), note)
    on_day = getattr(project, project.stage + "_on")
    echo_state(cli, project.code or project.name, project.stage, on_day)


def back(
    cli: Cli,
    code: ProjectArgument,
    reason: Annotated[str, typer.Option(help="Why the earlier move was wrong (required)")],
) -> None:
    """Correct a move: one stage back, with a reason."""
    project = cli.store.back(code, reason)
    typer.echo(
        said(cli, SAID, "back", project=project.code or project.name, stage=cli.word(project.stage))
    )


def withdraw(
    cli: Cli,
    code: ProjectArgument,
    reason: Annotated[str, typer.Option(help="Why the project left (required)")],
    on: Annotated[str | None, typer.Option(help="Date [default: today]")] = None,
) -> None:
    """Withdraw a project (终止/退出): it leaves the pipeline, never the records."""
    project = cli.store.withdraw(code, reason, optional_date(on))
    typer.echo(
        said(cli, SAID, "withdrawn", project=project.code or project.name, on=project.withdrawn_on)
    )


def reinstate(
    cli: Cli,
    code: ProjectArgument,
    reason: Annotated[str, typer.Option(help="Why the withdrawal is undone (required)")],
) -> None:
    """Undo a withdrawal: the project is back at the stage it left; history keeps both."""
    project = cli.store.reinstate(code, reason)
    subject, stage = project.code or project.name, cli.word(project.stage)
    typer.echo(said(cli, SAID, "reinstated", project=subject, stage=stage))


def resume(
    cli: Cli,
    code: ProjectArgument,
    on: Annotated[str | None, typer.Option(help="Date [default: today]")] = None,
) -> None:
    """Record a continuing project's resumption (复工) this year."""
    project = cli.store.resume(code, optional_date(on))
    typer.echo(
        said(cli, SAID, "resumed", project=project.code or project.name, on=project.resumed_on)
    )


def assign(
    cli: Cli,
    code: ProjectArgument,
    steward_name: Annotated[str, typer.Argument(help="The steward (an existing one)")],
    note: Annotated[str, typer.Option(help="Note kept in history")] = "",
    new: Annotated[
        bool,
        typer.Option("--new", "--new-steward", help="Create the steward: the name is nobody's yet"),
    ] = False,
) -> None:
    """Make a steward (包抓领导) answer for a project."""
    project = with_steward_confirmed(
        cli, lambda create: cli.store.assign(code, steward_name, note, create=create), new, "--new"
    )
    subject, steward = project.code or project.name, steward_name.strip()
    typer.echo(said(cli, SAID, "assigned", project=subject, steward=steward))
