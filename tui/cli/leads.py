"""`investtrack lead ...`: leads before signing (线索 → 研判 → 在谈 → 签约, or dropped), the
reserve of projects the office promotes (储备/推介), their time limits, sheet and funnel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from tui.cli.context import Cli, CommandFunction, error_line
from tui.cli.options import FormatOption, check_format, optional_date
from tui.cli.render import (
    Lines,
    aside,
    console,
    echo_json,
    echo_json_with,
    echo_state,
    money_text,
    refusal,
    said,
    warning_text,
)
from tui.cli.stewards import with_steward_confirmed

if TYPE_CHECKING:
    from datetime import date

    from rich.table import Table

    from store.figures import Period
    from store.queries.leads import LeadFigures, LeadRow

LeadArgument = Annotated[str, typer.Argument(help="The lead's exact name, or #id")]
OnOption = Annotated[str | None, typer.Option("--on", help="Date [default: today]")]
ReserveOption = Annotated[
    bool, typer.Option("--reserve", help="A reserve project (储备/推介) the office promotes")
]
# A lead's field as the column map names it (a word of store.labels).
FIELD_WORDS = {
    "name": "lead_name",
    "source": "lead_source",
    "owner": "lead_owner",
    "amount_yuan": "lead_amount",
    "notes": "lead_notes",
    "stage": "lead_stage",
    "skip": "numbering",
}
SAID: Lines = {
    "edited": ("{name}：修改 {count} 处", "{name}: {count} change(s)"),
    "set_takes": ("--set 写作 键=天数，而不是 {item}", "--set takes KEY=DAYS, not {item}"),
    "list_caption": (
        "{amount}：亿元；{days_left}：w = {working_days}",
        "{amount}: 100M yuan; {days_left}: w = {working_days}",
    ),
    "passed_over": ("略过：{note}", "passed over: {note}"),
    "not_written": (
        "未写入任何内容：请改正上面列出的行后重新导入",
        "nothing written: correct the rows named above and import again",
    ),
    "would_add": ("{file}：将新增 {count} 条线索", "{file}: would add {count} lead(s)"),
    "added": ("{file}：已新增 {count} 条线索", "{file}: added {count} lead(s)"),
    # `stats`: the funnel of the period's leads
    "funnel_title": ("本期登记的线索，按{by}", "leads registered in the period, by {asked}"),
    "funnel_caption": (
        "转化率：本期登记的线索中，截至统计日已签约的比例",
        "conversion: of the leads registered in the period, those signed by the as-of date",
    ),
}
# Each stage's time limit, as `lead limits` names it.
LIMITS: Lines = {
    "lead.answer_working_days": ("线索 → 研判（工作日）", "lead → assessed (working days)"),
    "lead.assess_working_days": ("研判 → 在谈（工作日）", "assessed → negotiating (working days)"),
    "lead.report_days": ("在谈期间报告间隔（天）", "report while negotiating (days)"),
}
LIST_COLUMNS = (
    "lead_name",
    "stage",
    "lead_source",
    "lead_owner",
    "lead_amount",
    "days_in_stage",
    "days_left",
    "warning",
)


def add(
    cli: Cli,
    name: Annotated[str, typer.Argument(help="线索名称 the lead's name")],
    source: Annotated[
        str, typer.Option(help="线索来源: 以商招商, 小分队, 节会, 驻外, 中介, 云签约, 乡贤 ...")
    ],
    owner: Annotated[str, typer.Option(help="跟进人: the steward or officer following it")],
    amount: Annotated[str, typer.Option(help="意向投资额, e.g. 5.2 (亿元), 3000万")] = "0",
    on: OnOption = None,
    investor: Annotated[str, typer.Option(help="投资方 investor")] = "",
    origin: Annotated[str, typer.Option(help="投资方来源地 the investor's home")] = "",
    chain: Annotated[str, typer.Option(help="产业链 industry chain")] = "",
    notes: Annotated[str, typer.Option(help="备注 notes")] = "",
    reserve: ReserveOption = False,
) -> None:
    """Register a lead (线索), or with --reserve a reserve project (储备/推介)."""
    from store.money import parse_amount

    values = {
        "name": name,
        "kind": "reserve" if reserve else "lead",
        "source": source,
        "owner": owner,
        "amount_yuan": parse_amount(amount),
        "registered_on": optional_date(on),
        "investor": investor,
        "investor_origin": origin,
        "chain": chain,
        "notes": notes,
    }
    lead = cli.store.add_lead(values)
    echo_state(cli, f"#{lead.id} {lead.name}", lead.stage, lead.registered_on)


def move(
    cli: Cli,
    name: LeadArgument,
    to: Annotated[str, typer.Option("--to", help="研判/assessed or 在谈/negotiating")],
    on: OnOption = None,
    note: Annotated[str, typer.Option(help="Note kept in history")] = "",
) -> None:
    """Move a lead on one stage: 线索 → 研判 → 在谈."""
    lead = cli.store.move_lead(name, to, optional_date(on), note)
    echo_state(cli, lead.name, lead.stage, getattr(lead, lead.stage + "_on"))


def back(
    cli: Cli,
    name: LeadArgument,
    reason: Annotated[str, typer.Option(help="Why the earlier move was wrong (required)")],
) -> None:
    """Correct a move: one stage back, with a reason."""
    lead = cli.store.back_lead(name, reason)
    echo_state(cli, lead.name, lead.stage)


def report(
    cli: Cli,
    name: LeadArgument,
    note: Annotated[str, typer.Option(help="What the negotiation came to (required)")],
    on: OnOption = None,
) -> None:
    """Report on a lead under negotiation (在谈): its report clock starts again."""
    lead = cli.store.report_lead(name, note, optional_date(on))
    typer.echo(cli.labelled(lead.name, f"{cli.word('reported_on')} {lead.reported_on}"))


def sign(
    cli: Cli,
    name: LeadArgument,
    on: OnOption = None,
    code: Annotated[str | None, typer.Option(help="项目代码 of the new project")] = None,
    county: Annotated[str, typer.Option(help="县市区 of the new project")] = "",
    steward: Annotated[
        str | None,
        typer.Option(help="包抓领导 [default: the lead's owner, when a steward of that name]"),
    ] = None,
    new_steward: Annotated[
        bool, typer.Option("--new-steward", help="Create the --steward named: nobody has it yet")
    ] = False,
) -> None:
    """Sign a lead under negotiation: its project is created, its history carried over."""
    lead, project = with_steward_confirmed(
        cli,
        lambda create: cli.store.sign_lead(
            name,
            optional_date(on),
            code=code,
            county=county,
            steward=steward,
            create_steward=create,
        ),
        new_steward,
        "--new-steward",
    )
    steward_row = cli.store.steward_of(project)
    who = steward_row.name if steward_row else "-"
    then = "；" if cli.in_chinese else "; "
    project_text = f"{project.code or '#' + str(project.id)} {project.name}"
    signed = f"{cli.word('signed')}{aside(cli, str(lead.signed_on))} → {project_text}"
    typer.echo(cli.labelled(lead.name, f"{signed}{then}{cli.word('steward')} {who}"))


def drop(
    cli: Cli,
    name: LeadArgument,
    reason: Annotated[str, typer.Option(help="Why the lead was dropped (required)")],
    on: OnOption = None,
) -> None:
    """Drop a lead with a reason: it leaves the board, never the records."""
    lead = cli.store.drop_lead(name, reason, optional_date(on))
    echo_state(cli, lead.name, "dropped", lead.dropped_on)


def edit(
    cli: Cli,
    name: LeadArgument,
    new_name: Annotated[str | None, typer.Option("--name", help="线索名称")] = None,
    source: Annotated[str | None, typer.Option(help="线索来源")] = None,
    owner: Annotated[str | None, typer.Option(help="跟进人")] = None,
    amount: Annotated[str | None, typer.Option(help="意向投资额")] = None,
    investor: Annotated[str | None, typer.Option(help="投资方")] = None,
    origin: Annotated[str | None, typer.Option(help="投资方来源地")] = None,
    chain: Annotated[str | None, typer.Option(help="产业链")] = None,
    notes: Annotated[str | None, typer.Option(help="备注")] = None,
    registered_on: Annotated[str | None, typer.Option(help="登记日期")] = None,
    kind: Annotated[str | None, typer.Option(help="lead/线索 or reserve/储备")] = None,
) -> None:
    """Correct a lead's fields; each change lands in its history."""
    from store.money import parse_amount

    values = {
        "name": new_name,
        "source": source,
        "owner": owner,
        "amount_yuan": parse_amount(amount) if amount is not None else None,
        "investor": investor,
        "investor_origin": origin,
        "chain": chain,
        "notes": notes,
        "registered_on": optional_date(registered_on),
        "kind": kind,
    }
    changes = cli.store.edit_lead(name, {k: v for k, v in values.items() if v is not None})
    typer.echo(said(cli, SAID, "edited", name=new_name or name, count=len(changes)))


def show(cli: Cli, name: LeadArgument, format: FormatOption = "table") -> None:
    """One lead: its fields, countdown and history."""
    from rich.table import Table

    from store.labels import change_words

    check_format(format, ("table", "json"))
    row = cli.store.lead_row(name)
    entries = cli.store.lead_history(name)
    if format == "json":
        keys = ("effective_on", "user", "action", "field", "old_value", "new_value", "note")
        echo_json_with(row.to_json(), "history", entries, {key: key for key in keys})
        return
    out = console()
    out.print(leads_table(cli, [row], title=row.name))
    table = Table()
    for key in ("effective_on", "user", "action", "field", "old", "new_value", "note"):
        table.add_column(cli.word(key))
    for entry in entries:
        action, field, old, new = change_words(
            entry.action, entry.field, entry.old_value, entry.new_value, cli.lang
        )
        table.add_row(str(entry.effective_on), entry.user, action, field, old, new, entry.note)
    out.print(table)


def list_leads(
    cli: Cli,
    reserve: Annotated[bool, typer.Option("--reserve", help="The reserve (储备/推介)")] = False,
    stage: Annotated[str | None, typer.Option(help="线索, 研判, 在谈, 签约 or 已放弃")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Signed and dropped leads too")] = False,
    format: FormatOption = "table",
) -> None:
    """The leads (or the reserve), the most urgent first: stage, days in it, its limit, warning."""
    from store.domain.leads import parse_lead_stage

    check_format(format, ("table", "json"))
    rows = cli.store.leads(
        reserve=reserve,
        stage=parse_lead_stage(stage) if stage else None,
        include_closed=all_,
    )
    if format == "json":
        echo_json([row.to_json() for row in rows])
        return
    title = cli.word("reserve" if reserve else "lead")
    console().print(leads_table(cli, rows, title=f"{title} ({len(rows)})"))


def leads_table(cli: Cli, rows: list[LeadRow], title: str) -> Table:
    from rich.table import Table

    caption = said(
        cli,
        SAID,
        "list_caption",
        amount=cli.word("lead_amount"),
        days_left=cli.word("days_left"),
        working_days=cli.word("working_days_left"),
    )
    table = Table(title=title, caption=caption, caption_justify="left")
    for key in LIST_COLUMNS:
        numeric = key in ("lead_amount", "days_in_stage", "days_left")
        table.add_column(
            cli.word(key), justify="right" if numeric else "left", no_wrap=key == "stage"
        )
    for row in rows:
        stage = cli.word(row.stage)
        if row.project_code or row.project_id:
            stage += f" → {row.project_code or '#' + str(row.project_id)}"
        left = "" if row.days_left is None else str(row.days_left)
        if row.days_left is not None and row.working_days:
            left += "w"  # working days, the calendar's
        table.add_row(
            row.name,
            stage,
            row.source,
            row.owner,
            money_text(row.amount_yuan),
            str(row.days_in_stage),
            left,
            warning_text(cli, row.warning),
        )
    return table


def limits(
    cli: Cli,
    set_: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="KEY=DAYS: lead.answer_working_days, lead.assess_working_days, lead.report_days",
        ),
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Show the time limits of each stage, or set them for this database."""
    check_format(format, ("table", "json"))
    for item in set_ or []:
        key, sep, value = item.partition("=")
        if not sep:
            raise refusal(SAID, "set_takes", item=repr(item))
        cli.store.set_lead_limit(key.strip(), value.strip())
    values = cli.store.lead_limits()
    if format == "json":
        echo_json({key: int(value) for key, value in values.items()})
        return
    for key, value in values.items():
        typer.echo(f"{key} = {value}   {said(cli, LIMITS, key)}")


def funnel(
    cli: Cli,
    period: Annotated[
        str | None, typer.Option(help="2024, 2024Q1 or 2024-03 [default: this year to date]")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="As things stood on this date [default: today]")
    ] = None,
    by: Annotated[str | None, typer.Option(help="Group by source, owner or chain")] = None,
    kind: Annotated[str | None, typer.Option(help="lead or reserve [default: both]")] = None,
    format: FormatOption = "table",
) -> None:
    """Leads registered in a period: the funnel as of a date, drop-off, conversion rate."""
    from store.domain.leads import parse_lead_kind
    from store.figures import parse_period

    check_format(format, ("table", "json"))
    figures = cli.store.lead_figures(
        parse_period(period) if period else None,
        optional_date(as_of),
        by,
        parse_lead_kind(kind) if kind else None,
    )
    if format == "json":
        from store.queries.leads import figures_json

        echo_json(figures_json(figures))
        return
    for table in funnel_tables(cli, figures):
        console().print(table)


def funnel_tables(cli: Cli, figures: LeadFigures) -> list[Table]:
    """The funnel of the whole office, then one row a group when grouped."""
    from rich.table import Table

    from store.domain.leads import FUNNEL
    from store.queries.leads import conversion_rate

    title = (
        f"{cli.word('lead_funnel')} {figures.period.label} "
        f"({figures.period.start}..{figures.period.end}) {cli.word('as_of_date')} {figures.as_of}"
    )
    moved = " · ".join(f"{cli.word(key)} {count}" for key, count in figures.in_period.items())
    whole = Table(
        title=title, caption=f"{cli.word('leads_in_period')}: {moved}", caption_justify="left"
    )
    for key in ("stage", "lead_count", "lead_amount", "drop_off"):
        whole.add_column(cli.word(key), justify="left" if key == "stage" else "right")
    for step in figures.total.steps:
        name = cli.word("registered" if step.stage == "lead" else step.stage.value)
        off = "" if step.stage == FUNNEL[0] else f"{step.drop_off} / {step.before}"
        whole.add_row(name, str(step.count), money_text(step.amount_yuan), off)
    whole.add_row(cli.word("dropped"), str(figures.total.dropped), "", "")
    whole.add_row(
        cli.word("conversion_rate"), conversion_rate(figures.total).percent(lang=cli.lang), "", ""
    )
    tables = [whole]
    if figures.by:
        by_word = group_word(cli, figures.by)
        grouped = Table(title=by_word, title_justify="left")
        grouped.add_column(by_word)
        for stage in FUNNEL:
            grouped.add_column(
                cli.word("registered" if stage == "lead" else stage.value), justify="right"
            )
        grouped.add_column(cli.word("dropped"), justify="right")
        grouped.add_column(cli.word("conversion_rate"), justify="right")
        for group in figures.groups:
            grouped.add_row(
                group.group or "-",
                *[str(step.count) for step in group.steps],
                str(group.dropped),
                conversion_rate(group).percent(lang=cli.lang),
            )
        tables.append(grouped)
    return tables


def group_word(cli: Cli, by: str) -> str:
    """What the funnel is grouped by, in words: a lead's source, owner, or its chain."""
    return cli.word(f"lead_{by}" if by != "chain" else "chain")


def import_leads(
    cli: Cli,
    file: Annotated[str, typer.Argument(help="线索台账 / 在谈项目表: .xlsx, .xls or .csv")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read the whole sheet, write nothing")
    ] = False,
    reserve: ReserveOption = False,
    unit: Annotated[
        str | None, typer.Option(help="yi, wan or yuan: for amounts whose unit the sheet omits")
    ] = None,
    sheet: Annotated[
        str | None, typer.Option(help="The workbook's sheet [default: the first]")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Import the office's leads sheet; every bad value refused with its row and column."""
    from pathlib import Path

    from store.io.leads_sheet import import_leads as read_and_write
    from store.money import parse_unit
    from tui.words import say

    check_format(format, ("table", "json"))
    result = read_and_write(
        cli.store,
        Path(file),
        dry_run=dry_run,
        reserve=reserve,
        unit=parse_unit(unit) if unit else None,
        sheet=sheet,
    )
    if format == "json":
        echo_json(result.to_json())
        if result.issues:
            raise typer.Exit(1)
        return
    for column in result.columns:
        field = cli.word(FIELD_WORDS.get(column.field, column.field)) if column.field else "-"
        unit_text = f" ({say(f'unit_{column.unit.value}', cli.lang)})" if column.unit else ""
        typer.echo(f"{column.letter} {column.header} → {field}{unit_text}")
    for note in result.passed_over:
        typer.echo(said(cli, SAID, "passed_over", note=note))
    for issue in result.issues:
        typer.echo(error_line(issue.line(cli.lang), chinese=cli.in_chinese), err=True)
    if result.issues:
        typer.echo(said(cli, SAID, "not_written"), err=True)
        raise typer.Exit(1)
    done = "would_add" if dry_run else "added"
    typer.echo(said(cli, SAID, done, file=file, count=result.added))


COMMANDS: dict[str, CommandFunction] = {
    "add": add,
    "move": move,
    "back": back,
    "report": report,
    "sign": sign,
    "drop": drop,
    "edit": edit,
    "show": show,
    "list": list_leads,
    "import": import_leads,
    "limits": limits,
    "funnel": funnel,
}


# -- in `stats`: the funnel of the period's leads, beside the office's other figures ------------

# The group of the funnel that `stats --by` asks for (source when it names no lead field).
STATS_BY = {"chain": "chain", "steward": "owner"}
# Narrow headings that fit 80 columns, as `stats` heads its grouped tables.
STATS_HEADINGS: Lines = {
    "registered": ("登记", "Registered"),
    "assessed": ("研判", "Assessed"),
    "negotiating": ("在谈", "Talks"),
    "signed": ("签约", "Signed"),
    "dropped": ("放弃", "Dropped"),
    "conversion": ("转化率", "Conversion"),
}


def stats_funnel(cli: Cli, period: Period, as_of: date, by: str | None) -> LeadFigures:
    """The funnel of the leads registered in the figures' period, as of their date."""
    return cli.store.lead_figures(period, as_of, STATS_BY.get(by or "", "source"))


def stats_funnel_json(figures: LeadFigures) -> dict[str, Any]:
    from store.queries.leads import figures_json

    return figures_json(figures)


def stats_funnel_table(cli: Cli, figures: LeadFigures) -> Table:
    """One row for the office, then one a group: reaching each stage, dropped, converted."""
    from rich.table import Table

    from store.queries.leads import conversion_rate

    by_word = group_word(cli, figures.by) if figures.by else ""
    table = Table(
        title=said(cli, SAID, "funnel_title", by=by_word, asked=figures.by),
        caption=said(cli, SAID, "funnel_caption"),
        caption_justify="left",
        title_justify="left",
    )
    table.add_column(by_word, no_wrap=True)
    for key in STATS_HEADINGS:
        table.add_column(said(cli, STATS_HEADINGS, key), justify="right", no_wrap=True)
    for group in (figures.total, *figures.groups):
        table.add_row(
            group.group or cli.word("total"),
            *[str(step.count) for step in group.steps],
            str(group.dropped),
            conversion_rate(group).percent(lang=cli.lang),
        )
    return table
