"""The `investtrack` command line. Heavy modules (SQLAlchemy, Textual) load only when used,
so `--help` answers at once.

The commands live in one module an area (projects, moves, listing, stewards, io, stats,
admin), each a plain function whose first parameter is the `Cli`; this module builds the
command tree from them in one place, in the order `--help` lists them. The options --db,
--today, --user and --lang are accepted before the command and after it.
"""

from __future__ import annotations

import sys

import typer

from tui.cli import admin, io, listing, moves, problems, procedures, projects, stats, stewards
from tui.cli import leads as lead_cli
from tui.cli import supervision as supervision_cli
from tui.cli import targets as target_cli
from tui.cli.context import (
    Cli,
    CommandFunction,
    DbOption,
    LangOption,
    TodayOption,
    UserOption,
    as_command,
    error_line,
    reader_gone,
)

__all__ = ["Cli", "app", "main"]


def with_commands(group: typer.Typer, commands: dict[str, CommandFunction]) -> typer.Typer:
    """The group, running these commands, listed in this order."""
    for name, function in commands.items():
        group.command(name)(as_command(function))
    return group


app = with_commands(
    typer.Typer(
        help="investtrack: walk every signed investment project to production (招商引资项目调度).",
        invoke_without_command=True,
        pretty_exceptions_enable=False,
        add_completion=False,
        rich_markup_mode=None,
    ),
    {
        "demo": admin.demo,
        "add": projects.add,
        "show": projects.show,
        "list": listing.list_projects,
        "advance": moves.advance,
        "back": moves.back,
        "withdraw": moves.withdraw,
        "reinstate": moves.reinstate,
        "resume": moves.resume,
        "assign": moves.assign,
        "funds": projects.funds,
        "deadlines": listing.deadlines,
        "history": projects.history,
        "import": io.import_,
        "export": io.export,
        "stats": stats.stats,
        "assess": target_cli.assess,
        "backup": io.backup,
        "check": admin.check,
    },
)
app.add_typer(
    with_commands(
        typer.Typer(help="Per-database settings, such as warning thresholds."),
        {"set": admin.config_set, "list": admin.config_list},
    ),
    name="config",
)
app.add_typer(
    with_commands(
        typer.Typer(help="The database itself: schema upgrades."), {"upgrade": admin.db_upgrade}
    ),
    name="db",
)
app.add_typer(
    with_commands(
        typer.Typer(help="Stewards (包抓领导): list, rename, merge, retire."),
        {
            "list": stewards.steward_list,
            "rename": stewards.steward_rename,
            "merge": stewards.steward_merge,
            "retire": stewards.steward_retire,
        },
    ),
    name="steward",
)
app.add_typer(
    with_commands(
        typer.Typer(help="Targets (任务分解): import the office's sheet, set one, list, history."),
        {
            "import": target_cli.target_import,
            "set": target_cli.target_set,
            "list": target_cli.target_list,
            "history": target_cli.target_history,
        },
    ),
    name="target",
)
app.add_typer(
    with_commands(
        typer.Typer(help="A project's preliminary procedures (前期手续)."),
        {
            "list": procedures.procedure_list,
            "add": procedures.procedure_add,
            "done": procedures.procedure_done,
            "due": procedures.procedure_due,
            "rename": procedures.procedure_rename,
            "remove": procedures.procedure_remove,
        },
    ),
    name="procedure",
)
app.add_typer(
    with_commands(
        typer.Typer(help="Problems an enterprise raises (用地, 融资 ...)."),
        {
            "list": problems.problem_list,
            "raise": problems.problem_raise,
            "edit": problems.problem_edit,
            "status": problems.problem_status,
            "remove": problems.problem_remove,
        },
    ),
    name="problem",
)

app.add_typer(
    with_commands(
        typer.Typer(
            help="Leads before signing (线索 → 研判 → 在谈 → 签约) and the reserve (储备/推介)."
        ),
        lead_cli.COMMANDS,
    ),
    name="lead",
)


# supervision (督办): notices, their escalation, health checks, the monthly bulletin
with_commands(
    app,
    {
        "supervise": supervision_cli.supervise,
        "health": supervision_cli.health,
        "bulletin": supervision_cli.bulletin,
    },
)
app.add_typer(
    with_commands(
        typer.Typer(help="Supervision notices (督办单): issue, reply, escalate, summon, close."),
        {
            "issue": supervision_cli.notice_issue,
            "propose": supervision_cli.notice_propose,
            "reply": supervision_cli.notice_reply,
            "escalate": supervision_cli.notice_escalate,
            "summon": supervision_cli.notice_summon,
            "close": supervision_cli.notice_close,
            "list": supervision_cli.notice_list,
            "show": supervision_cli.notice_show,
            "rules": supervision_cli.notice_rules,
        },
    ),
    name="notice",
)


@app.callback()
def main_callback(
    ctx: typer.Context,
    db: DbOption = None,
    today: TodayOption = None,
    user: UserOption = None,
    lang: LangOption = None,
) -> None:
    ctx.obj = Cli(db=db, today_text=today, user=user, lang_text=lang)
    if ctx.invoked_subcommand is None:
        open_app(ctx.obj)


def open_app(cli: Cli) -> None:
    """The window first, the database in its first worker: it opens at once however large."""
    from store.errors import UserError

    try:
        cli.today, cli.lang  # noqa: B018  (a bad --today or --lang is a one-line error before any window)
    except UserError as error:
        raise cli.failed(cli.said(error)) from None
    from store.io.beside import ready_for_app
    from tui.app import InvestTrackApp

    ready_for_app()  # a large sheet is read in a second process, started from inside the app
    window = InvestTrackApp(store=lambda: cli.store, lang=cli.lang)
    window.run()
    cli.close()
    if window.error_line:
        typer.echo(error_line(window.error_line, chinese=cli.in_chinese), err=True)
    if window.return_code:
        raise typer.Exit(window.return_code)


def main() -> None:
    """Console entry point: Ctrl-C ends quietly; an error no command caught is one line, and
    so is a command line the parser refuses when Chinese was chosen (exit code 2, as the
    parser gives it)."""
    from typer._click.exceptions import ClickException, UsageError

    from tui.cli.usage import in_asked_language, tell_refused

    try:
        code = app(prog_name="investtrack", standalone_mode=False)
    except KeyboardInterrupt:
        typer.echo(in_asked_language(("已中断", "interrupted")), err=True)
        sys.exit(130)
    except BrokenPipeError:
        reader_gone()
    except typer.Abort:  # a question left unanswered
        typer.echo(in_asked_language(("已取消", "aborted")), err=True)
        sys.exit(1)
    except UsageError as error:
        tell_refused(error)
        sys.exit(error.exit_code)
    except ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except Exception as error:
        from store.errors import report_words

        chinese, english = report_words(error)
        lines = (error_line(chinese, chinese=True), error_line(english))
        typer.echo(in_asked_language(lines), err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
