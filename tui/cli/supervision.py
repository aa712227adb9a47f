"""Supervision (督办) from the command line: `notice issue|propose|reply|escalate|summon|close|
list|show|rules`, `supervise`, `health` and `bulletin`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, ProjectArgument, check_format, optional_date
from tui.cli.render import Lines, console, echo_json, echo_json_with, said

if TYPE_CHECKING:
    from store.queries.supervision import NoticeRow

NoticeArgument = Annotated[int, typer.Argument(help="The notice's number (notice list shows it)")]
OnOption = Annotated[str | None, typer.Option("--on", help="The day it happened [default: today]")]
AsOfOption = Annotated[str | None, typer.Option("--as-of", help="As of this day [default: today]")]
LEVEL_MARKERS = {"blue": "!", "yellow": "!!", "red": "!!!", "summons": "!!!!"}
SAID: Lines = {
    "issued": (
        "已签发督办单 #{id}（{level}），{steward} / {unit}，回复时限 {due}",
        "notice #{id} issued ({level}) to {steward} / {unit}, reply due {due}",
    ),
    "proposed_issued": (
        "新签发 {issued} 件，升级 {raised} 件",
        "{issued} notices issued, {raised} raised",
    ),
    "replied": ("督办单 #{id} 已回复", "notice #{id} replied"),
    "escalated": ("督办单 #{id} 升级为{level}", "notice #{id} is now {level}"),
    "summoned": (
        "已登记约谈：督办单 #{id}，回复时限 {due}",
        "summons recorded on notice #{id}, reply due {due}",
    ),
    "closed": ("督办单 #{id} 已办结", "notice #{id} closed"),
    "rule": ("{key} = {value}  (默认 {default})", "{key} = {value}  (default {default})"),
    "rose": ("#{id} {on} 升级为{level}", "#{id} {on} rose to {level}"),
    "supervised": (
        "升级 {rises} 次，办结 {closed} 件",
        "{rises} rises, {closed} closed",
    ),
    "written": ("已写入 {path}", "written: {path}"),
}


def _level(cli: Cli, level: str) -> str:
    return f"{LEVEL_MARKERS[level]} {cli.word(level)}"


def notice_issue(
    cli: Cli,
    code: ProjectArgument,
    level: Annotated[str, typer.Option(help="blue/蓝, yellow/黄 or red/红")] = "blue",
    reason: Annotated[str, typer.Option(help="Why: 督办事由")] = "",
    on: OnOption = None,
) -> None:
    """Issue a notice (督办单) on a project, to its steward and responsible unit."""
    from store.domain.supervision import parse_level

    notice = cli.store.issue_notice(
        code, level=parse_level(level), reason=reason, issued_on=optional_date(on)
    )
    row = cli.store.notice(notice.id or 0)
    typer.echo(
        said(
            cli,
            SAID,
            "issued",
            id=row.id,
            level=cli.word(row.level),
            steward=row.steward or "-",
            unit=row.unit or "-",
            due=row.reply_due,
        )
    )


def notice_propose(
    cli: Cli,
    issue: Annotated[bool, typer.Option("--issue", help="Issue them all")] = False,
    format: FormatOption = "table",
) -> None:
    """Projects whose warning calls for a notice above the one they have; --issue issues
    them (or raises the notice they have)."""
    check_format(format, ("table", "json"))
    proposed = cli.store.proposals()
    if issue:
        done = cli.store.issue_proposed()
        issued, raised = len(done.issued), len(done.raised)
        typer.echo(said(cli, SAID, "proposed_issued", issued=issued, raised=raised))
        return
    if format == "json":
        echo_json(
            [
                {
                    "code": p.code,
                    "name": p.name,
                    "steward": p.steward,
                    "unit": p.unit,
                    "deadline": p.deadline.isoformat(),
                    "days_left": p.days_left,
                    "warning": p.warning.value,
                    "level": p.level.value,
                    "notice_id": p.notice_id,
                    "notice_level": p.notice_level.value if p.notice_level else None,
                }
                for p in proposed
            ]
        )
        return
    from rich.table import Table

    table = Table()
    for key in ("code", "name", "steward", "deadline", "warning", "notice"):
        table.add_column(cli.word(key))
    for p in proposed:
        had = f"#{p.notice_id} {cli.word(p.notice_level)}" if p.notice_level else ""
        table.add_row(p.code or "", p.name, p.steward, str(p.deadline), _level(cli, p.level), had)
    console().print(table)


def notice_reply(
    cli: Cli,
    notice_id: NoticeArgument,
    plan: Annotated[str, typer.Option(help="The remedy plan (整改计划)")],
    due: Annotated[str, typer.Option(help="The day the remedy is to be done")],
    on: OnOption = None,
) -> None:
    """Record the unit's reply: its remedy plan and the day it is due."""
    from store.dates import parse_date

    cli.store.reply_notice(notice_id, plan, parse_date(due), replied_on=optional_date(on))
    typer.echo(said(cli, SAID, "replied", id=notice_id))


def notice_escalate(
    cli: Cli,
    notice_id: NoticeArgument,
    note: Annotated[str, typer.Option(help="Why")] = "",
) -> None:
    """Raise a notice a level by hand, today."""
    notice = cli.store.escalate_notice(notice_id, note)
    typer.echo(said(cli, SAID, "escalated", id=notice_id, level=cli.word(notice.level)))


def notice_summon(
    cli: Cli,
    notice_id: NoticeArgument,
    by: Annotated[str, typer.Option(help="Who summoned (the leader)")],
    whom: Annotated[str, typer.Option(help="Who was summoned (the unit's head)")],
    on: OnOption = None,
) -> None:
    """Record a summons (约谈) on a red notice: who, whom and when."""
    notice = cli.store.record_summons(notice_id, by, whom, on=optional_date(on))
    typer.echo(said(cli, SAID, "summoned", id=notice_id, due=notice.reply_due))


def notice_close(
    cli: Cli,
    notice_id: NoticeArgument,
    reason: Annotated[str, typer.Option(help="Needed unless the project is back on time")] = "",
    on: OnOption = None,
) -> None:
    """Close a notice: without a reason only when the project is back on time."""
    cli.store.close_notice(notice_id, reason, on=optional_date(on))
    typer.echo(said(cli, SAID, "closed", id=notice_id))


def notice_list(
    cli: Cli,
    level: Annotated[str | None, typer.Option(help="blue, yellow, red or 约谈")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Unanswered past the deadline")
    ] = False,
    all_: Annotated[bool, typer.Option("--all", help="Closed ones too")] = False,
    format: FormatOption = "table",
) -> None:
    """Notices not closed, a summons first, then by reply deadline."""
    from store.domain.supervision import parse_level
    from store.queries.supervision import NoticeFilter

    check_format(format, ("table", "json"))
    filters = NoticeFilter(
        level=parse_level(level) if level else None, overdue_only=overdue, include_closed=all_
    )
    rows = cli.store.notices(filters, limit=1_000_000)
    if format == "json":
        echo_json([row.to_json() for row in rows])
        return
    _notice_table(cli, rows)


def _notice_table(cli: Cli, rows: list[NoticeRow]) -> None:
    from rich.table import Table

    table = Table()
    table.add_column("#", justify="right")
    for key in ("notice_level", "code", "name", "steward", "reply_due", "notice_status"):
        table.add_column(cli.word(key))
    for row in rows:
        due = str(row.reply_due or "")
        if row.overdue:
            due += f" {cli.word('notice_overdue')}"
        table.add_row(
            str(row.id),
            _level(cli, row.level),
            row.code or "",
            row.name,
            row.steward,
            due,
            cli.word(f"notice_{row.status}"),
        )
    console().print(table)


def notice_show(cli: Cli, notice_id: NoticeArgument, format: FormatOption = "table") -> None:
    """One notice and each of its steps."""
    check_format(format, ("table", "json"))
    row = cli.store.notice(notice_id)
    events = cli.store.notice_events(notice_id)
    if format == "json":
        keys = {"on": "effective_on", **{key: key for key in ("user", "action", "level", "note")}}
        echo_json_with(row.to_json(), "events", events, keys)
        return
    shown = {"notice_level": cli.word(row.level), "notice_status": cli.word(f"notice_{row.status}")}
    attributes = {"notice_reason": "reason", "responsible_unit": "unit"}  # label key: attribute
    for key in (
        "code",
        "name",
        "steward",
        "responsible_unit",
        "notice_level",
        "notice_status",
        "issued_on",
        "notice_reason",
        "reply_due",
        "remedy_plan",
        "remedy_due",
        "closed_on",
    ):
        value = shown[key] if key in shown else getattr(row, attributes.get(key, key))
        typer.echo(cli.labelled(cli.word(key), str(value) if value not in (None, "") else "-"))
    if row.summoned_on:
        typer.echo(
            f"{cli.word('summoned')}: {row.summoned_on} {row.summoned_by} → {row.summoned_whom}"
        )
    for event in events:
        typer.echo(
            f"  {event.effective_on} {event.user} {cli.word(f'notice_{event.action}')} "
            f"{cli.word(event.level)} {event.note}"
        )


def notice_rules(
    cli: Cli,
    set_: Annotated[
        list[str] | None, typer.Option("--set", help="KEY=VALUE, e.g. health.low_funds_percent=20")
    ] = None,
) -> None:
    """The supervision rules of this database: show them, or set one (--set KEY=VALUE)."""
    from store.domain.supervision import SUPERVISION_SETTINGS
    from store.labels import Refusal

    for pair in set_ or []:
        key, sep, value = pair.partition("=")
        if not sep or key not in SUPERVISION_SETTINGS:
            keys = ", ".join(SUPERVISION_SETTINGS)
            raise Refusal(
                f"--set 写作 键=值，键可为 {keys}", f"--set takes KEY=VALUE, KEY one of {keys}"
            )
        cli.store.set_setting(key, value.strip())
    values = cli.store.settings()
    for key, default in SUPERVISION_SETTINGS.items():
        typer.echo(said(cli, SAID, "rule", key=key, value=values[key], default=default))


def supervise(cli: Cli, as_of: AsOfOption = None, format: FormatOption = "table") -> None:
    """Escalate every unanswered notice past its reply deadline, and close those whose
    project is back on time, as of the day; running it again changes nothing."""
    check_format(format, ("table", "json"))
    run = cli.store.supervise(optional_date(as_of))
    if format == "json":
        echo_json(
            {
                "escalated": [
                    {"notice": n, "level": level.value, "on": on.isoformat()}
                    for n, level, on in run.escalated
                ],
                "closed": [{"notice": n, "kind": kind.value} for n, kind in run.closed],
            }
        )
        return
    for notice_id, level, on in run.escalated:
        typer.echo(said(cli, SAID, "rose", id=notice_id, on=on, level=cli.word(level)))
    for notice_id, kind in run.closed:
        typer.echo(f"#{notice_id} {cli.word(kind)}")
    typer.echo(said(cli, SAID, "supervised", rises=len(run.escalated), closed=len(run.closed)))


def health(
    cli: Cli,
    as_of: AsOfOption = None,
    rule: Annotated[str | None, typer.Option(help="not_started, no_funds or low_funds")] = None,
    format: FormatOption = "table",
) -> None:
    """Every project a health rule flags, with the rule and the figures behind it."""
    from store.domain.supervision import HealthRule
    from store.labels import Refusal

    check_format(format, ("table", "json"))
    try:
        only = HealthRule(rule) if rule else None
    except ValueError:
        raise Refusal(
            f"未知的规则 {rule!r}：可用 not_started、no_funds 或 low_funds",
            f"unknown rule {rule!r}: use not_started, no_funds or low_funds",
        ) from None
    flags = cli.store.health(optional_date(as_of), only)
    if format == "json":
        echo_json([flag.to_json() for flag in flags])
        return
    from rich.table import Table

    from store.io.bulletin import flag_figures

    table = Table()
    for key in ("health_rule", "code", "name", "steward", "figures_behind"):
        table.add_column(cli.word(key))
    for flag in flags:
        table.add_row(
            cli.word(flag.rule),
            flag.code or "",
            flag.name,
            flag.steward,
            flag_figures(flag, cli.lang),
        )
    console().print(table)


def bulletin(
    cli: Cli,
    target: Annotated[str, typer.Argument(help="FILE.xlsx or FILE.md")],
    month: Annotated[str, typer.Option(help="The month reported: 2024-06")],
    by: Annotated[str, typer.Option(help="steward or unit")] = "steward",
    overwrite: Annotated[bool, typer.Option(help="Replace a file already there")] = False,
) -> None:
    """The monthly bulletin (督办通报) per steward or responsible unit: projects in warning,
    open notices, overdue replies and health flags; .xlsx for the office, .md for a message."""
    from store.dates import parse_month
    from store.io.bulletin import write_bulletin

    path = write_bulletin(
        cli.store, target, parse_month(month), by=by, lang=cli.lang, overwrite=overwrite
    )
    typer.echo(said(cli, SAID, "written", path=path))
