"""Problems an enterprise raises (用地, 融资 ...): the `problem` commands. Each goes through
the store's problem commands, so the rules the app's problems tab keeps (raised and resolved
never in the future, due and resolved on or after the day raised) hold here too, and every
change is in history.

A problem is named by its number (#62), as `problem list` and the history show it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, ProjectArgument, check_format, optional_date
from tui.cli.render import Lines, console, echo_json, said

if TYPE_CHECKING:
    from rich.table import Table

    from store.db.models import Problem

ProblemArgument = Annotated[
    str, typer.Argument(metavar="PROBLEM", help="The problem's number (#62)")
]
STATUS_HELP = "open/未解决, in_hand/办理中, resolved/已解决, unresolvable/暂无法办结"

# What the commands print, in each language: (Chinese, English).
SAID: Lines = {
    "number": ("编号", "No."),
    "raised_on": ("提出日期", "Raised"),
    "category": ("类别", "Category"),
    "text": ("问题", "Problem"),
    "owner": ("责任单位", "Owner"),
    "due_on": ("解决时限", "Due"),
    "status": ("状态", "Status"),
    "raised": ("已登记问题 #{id}：{text}", "problem #{id} raised: {text}"),
    "edited": ("问题 #{id} 已修改：{fields}", "problem #{id} corrected: {fields}"),
    "unchanged": ("问题 #{id} 无变化", "problem #{id} unchanged"),
    "moved": ("问题 #{id} 状态：{status}", "problem #{id} is {status}"),
    "removed": ("已删除问题 #{id}：{text}", "problem #{id} removed: {text}"),
    "none": ("该项目没有问题", "the project has no problems"),
}


def problem_in(cli: Cli, project: str, ref: str) -> Problem:
    """The project's problem by its number (#62); a one-line refusal when it has none such."""
    from store.labels import Refusal

    text = ref.strip()
    number = int(text.lstrip("#")) if text.lstrip("#").isdigit() else None
    for problem in cli.store.problems(project):
        if problem.id == number:
            return problem
    raise Refusal(
        f"项目 {project} 没有编号为 {text} 的问题（`investtrack problem list {project}` 列出）",
        f"project {project} has no problem {text} (`investtrack problem list {project}` lists them)",
    )


def status_from(text: str) -> str:
    """A problem's status from its key or its word in either language (办理中, in hand)."""
    from store.labels import WORDS, Refusal
    from store.procedures import PROBLEM_STATUSES

    typed = text.strip().lower()
    for status in PROBLEM_STATUSES:
        if typed in (status, *(word.lower() for word in WORDS[status])):
            return status
    raise Refusal(
        f"未知的问题状态「{text}」：可用 {STATUS_HELP}",
        f"unknown problem status {text!r}: use {STATUS_HELP}",
    )


def problem_list(cli: Cli, project: ProjectArgument, format: FormatOption = "table") -> None:
    """The project's problems: raised when, about what, whose, due when, how they stand."""
    check_format(format, ("table", "json"))
    listed = cli.store.problems(project)
    if format == "json":
        echo_json(
            [
                {
                    "id": p.id,
                    "raised_on": p.raised_on.isoformat(),
                    "category": p.category,
                    "text": p.text,
                    "owner": p.owner,
                    "due_on": p.due_on.isoformat() if p.due_on else None,
                    "status": p.status,
                    "resolved_on": p.resolved_on.isoformat() if p.resolved_on else None,
                }
                for p in listed
            ]
        )
        return
    if not listed:
        typer.echo(said(cli, SAID, "none"))
        return
    out = console()
    out.print(problem_table(cli, listed, out.width))


def problem_table(cli: Cli, listed: list[Problem], width: int) -> Table:
    """The problems, the resolved date beside the status; below 110 columns the day raised
    and the owner give way, so the text keeps room on an 80-column terminal."""
    from rich.table import Table

    wide = width >= 110
    keys = ["number", "raised_on", "category", "text", "owner", "due_on", "status"]
    if not wide:
        keys = [key for key in keys if key not in ("raised_on", "owner")]
    table = Table()
    for key in keys:  # Chinese text has no spaces to wrap at: it is folded, never cut
        wraps = key in ("text", "owner")
        table.add_column(
            said(cli, SAID, key), no_wrap=not wraps, overflow="fold" if wraps else "ellipsis"
        )
    for p in listed:
        cells = {
            "number": f"#{p.id}",
            "raised_on": str(p.raised_on),
            "category": p.category,
            "text": p.text,
            "owner": p.owner,
            "due_on": str(p.due_on or ""),
            "status": " ".join(filter(None, (cli.word(p.status), str(p.resolved_on or "")))),
        }
        table.add_row(*(cells[key] for key in keys))
    return table


def problem_raise(
    cli: Cli,
    project: ProjectArgument,
    text: Annotated[str, typer.Argument(help="What the enterprise needs solved")],
    category: Annotated[str, typer.Option(help="用地, 用电, 融资, 用工 ...")] = "",
    owner: Annotated[str, typer.Option(help="The unit that answers for it (责任单位)")] = "",
    due: Annotated[str | None, typer.Option(help="Due date (解决时限)")] = None,
    on: Annotated[str | None, typer.Option("--on", help="Day raised [default: today]")] = None,
) -> None:
    """Record a problem the enterprise raised."""
    problem = cli.store.raise_problem(
        project,
        text,
        category=category.strip(),
        owner=owner.strip(),
        due_on=optional_date(due),
        raised_on=optional_date(on),
    )
    typer.echo(said(cli, SAID, "raised", id=problem.id, text=problem.text))


def problem_edit(
    cli: Cli,
    project: ProjectArgument,
    problem: ProblemArgument,
    text: Annotated[str | None, typer.Option(help="The problem's text")] = None,
    category: Annotated[str | None, typer.Option(help="用地, 用电, 融资, 用工 ...")] = None,
    owner: Annotated[str | None, typer.Option(help="The unit that answers for it")] = None,
    due: Annotated[str | None, typer.Option(help="Due date (解决时限)")] = None,
    no_due: Annotated[bool, typer.Option("--no-due", help="Remove the due date")] = False,
) -> None:
    """Correct a problem's text, category, owner or due date; each change is in history."""
    from store.labels import Refusal

    if due is not None and no_due:
        raise Refusal("--due 与 --no-due 只能用其一", "--due and --no-due exclude each other")
    chosen = problem_in(cli, project, problem)
    values: dict[str, object] = {
        key: value.strip()
        for key, value in (("text", text), ("category", category), ("owner", owner))
        if value is not None
    }
    if due is not None or no_due:
        values["due_on"] = optional_date(due)
    before = {key: getattr(chosen, key) for key in values}
    edited = cli.store.update_problem(chosen.id or 0, values, chosen.version)
    changed = [key for key in values if getattr(edited, key) != before[key]]
    if not changed:
        typer.echo(said(cli, SAID, "unchanged", id=edited.id))
        return
    from tui.words import joined

    fields = joined([said(cli, SAID, key) for key in changed], cli.lang)
    typer.echo(said(cli, SAID, "edited", id=edited.id, fields=fields))


def problem_status(
    cli: Cli,
    project: ProjectArgument,
    problem: ProblemArgument,
    status: Annotated[str, typer.Argument(help=STATUS_HELP)],
    on: Annotated[str | None, typer.Option("--on", help="Day resolved [default: today]")] = None,
) -> None:
    """Move a problem on: in hand, resolved (on a day), or found unresolvable for now."""
    from store.labels import Refusal

    chosen = problem_in(cli, project, problem)
    new = status_from(status)
    if on is not None and new != "resolved":
        raise Refusal(
            "--on 是解决日期：只用于 resolved（已解决）",
            "--on is the day resolved: only with resolved",
        )
    moved = cli.store.set_problem_status(chosen.id or 0, new, optional_date(on))
    typer.echo(said(cli, SAID, "moved", id=moved.id, status=cli.word(moved.status)))


def problem_remove(cli: Cli, project: ProjectArgument, problem: ProblemArgument) -> None:
    """Remove a problem recorded by mistake; its removal is in the project's history."""
    chosen = problem_in(cli, project, problem)
    cli.store.remove_problem(chosen.id or 0, chosen.version)
    typer.echo(said(cli, SAID, "removed", id=chosen.id, text=chosen.text))
