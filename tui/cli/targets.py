"""Targets (任务分解) and the assessment (考核): `target import|set|list|history` and `assess`.

Tables speak the language chosen (--lang); JSON carries every fraction exactly, as the
string "numerator/denominator" (a whole number as "n"), and amounts in whole yuan.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tui.cli.context import Cli
from tui.cli.options import FormatOption, check_format, optional_date
from tui.cli.render import Lines, console, echo_json, refusal, said

if TYPE_CHECKING:
    from store.commands.targets import TargetsSet
    from store.io.targets_sheet import TargetSheet
    from store.queries.assessment import Assessment

YearOption = Annotated[int | None, typer.Option(help="The targets' year [default: this year]")]
KindOption = Annotated[
    str, typer.Option("--by", help="county, steward, unit (责任单位) or chain (专班)")
]
SAID: Lines = {
    "skipped": ("跳过：{name}", "skipped: {name}"),
    "imported": (
        "{year} 年：新增 {added}，修改 {changed}，未变 {unchanged}（{units} 个考核对象）",
        "{year}: set {added} new, {changed} changed, {unchanged} unchanged ({units} units)",
    ),
    "would_import": (
        "{year} 年：将新增 {added}，修改 {changed}，未变 {unchanged}（{units} 个考核对象），"
        "试读未写入",
        "{year}: would set {added} new, {changed} changed, {unchanged} unchanged ({units} units)"
        " — dry run, nothing written",
    ),
    "unchanged": ("未变", "unchanged"),
    "changed": ("已修改", "changed"),
    "set": ("已设定", "set"),
    "not_whole": (
        "{figure} 是项目个数：{amount} 不是整数",
        "{figure} counts projects: {amount} is not a whole number",
    ),
    "units": ("亿元 / 个", "100M yuan / projects"),
    "no_scheme": ("没有考核办法文件：{path}", "no such scheme file: {path}"),
    "unreadable_scheme": (
        "无法读取考核办法 {path}：{error}",
        "cannot read the scheme {path}: {error}",
    ),
}


def kind_word(cli: Cli, kind: str) -> str:
    from store.domain.targets import UNIT_KINDS

    return cli.word(UNIT_KINDS[kind])


def figure_word(cli: Cli, figure: str) -> str:
    return cli.word(figure.removesuffix("_yuan"))


def amount_text(figure: str, amount: int) -> str:
    """A target as shown: an amount in 亿元, exactly (2 places at least: 0.001 for 10万元), else
    a count."""
    from decimal import Decimal

    from store.domain.targets import MONEY, TARGET_FIGURES

    if TARGET_FIGURES[figure] != MONEY:
        return f"{amount:,}"
    exact = Decimal(amount) / 100_000_000
    exponent = exact.normalize().as_tuple().exponent
    places = max(2, -exponent if isinstance(exponent, int) else 0)
    return f"{exact:,.{places}f}"


def target_import(
    cli: Cli,
    file: Annotated[str, typer.Argument(help="The office's 任务分解表: .xlsx, .xls or .csv")],
    year: YearOption = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Read and check; write nothing")
    ] = False,
    sheet: Annotated[str | None, typer.Option(help="Only this sheet of a workbook")] = None,
    unit: Annotated[
        str | None, typer.Option(help="yi, wan or yuan: amounts whose unit no header states")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="A CSV file's encoding")] = None,
    format: FormatOption = "table",
) -> None:
    """Import the office's 任务分解表: a row a unit, a column a figure; every target in history."""
    from store.io.targets_sheet import read_targets_sheet
    from store.money import parse_unit

    check_format(format, ("table", "json"))
    read = read_targets_sheet(
        Path(file), sheet=sheet, unit=parse_unit(unit) if unit else None, encoding=encoding
    )
    chosen = year or cli.store.today.year
    done = cli.store.import_targets(read, chosen, dry_run=dry_run)
    if format == "json":
        echo_json(import_json(read, done, chosen, dry_run))
        return
    show_import(cli, read, done, chosen, dry_run)


def import_json(read: TargetSheet, done: TargetsSet, year: int, dry_run: bool) -> dict[str, Any]:
    return {
        "file": read.name,
        "year": year,
        "dry_run": dry_run,
        "added": done.added,
        "changed": done.changed,
        "unchanged": done.unchanged,
        "skipped_sheets": read.skipped,
        "tables": [
            {
                "sheet": table.sheet,
                "by": table.kind,
                "unit_column": table.unit_header,
                "columns": {c.header: c.figure for c in table.columns},
                "units": len(table.rows),
                "passed_over": table.passed_over,
            }
            for table in read.tables
        ],
    }


def show_import(cli: Cli, read: TargetSheet, done: TargetsSet, year: int, dry_run: bool) -> None:
    from rich.table import Table

    from tui.words import say

    out = console()
    for table in read.tables:
        columns = Table(title=cli.labelled(table.sheet or read.name, kind_word(cli, table.kind)))
        columns.add_column(cli.word("field"))
        columns.add_column(cli.word("figure"))
        columns.add_row(table.unit_header, kind_word(cli, table.kind))
        for column in table.columns:
            unit = f" ({say(f'unit_{column.unit.value}', cli.lang)})" if column.unit else ""
            columns.add_row(
                f"{column.letter} {column.header}", figure_word(cli, column.figure) + unit
            )
        out.print(columns)
        for line in table.passed_over:
            out.print(f"  - {line}")
    for name in read.skipped:
        out.print(said(cli, SAID, "skipped", name=name))
    out.print(
        said(
            cli,
            SAID,
            "would_import" if dry_run else "imported",
            year=year,
            added=done.added,
            changed=done.changed,
            unchanged=done.unchanged,
            units=len(done.units),
        )
    )


def target_set(
    cli: Cli,
    by: Annotated[str, typer.Argument(help="county, steward, unit or chain")],
    unit: Annotated[str, typer.Argument(help="The unit's name, exactly as the projects write it")],
    figure: Annotated[
        str,
        typer.Argument(
            help="signed_count, signed_amount_yuan, funds_in_place_yuan, "
            "funds_outside_province_yuan, started_count, signed_over_1yi, signed_over_10yi, "
            "signed_over_50yi, or its Chinese name (签约额)"
        ),
    ],
    amount: Annotated[
        str, typer.Argument(help="An amount (5.2亿, 3000万; 亿元 by default) or a count")
    ],
    year: YearOption = None,
    split: Annotated[
        str | None, typer.Option(help="Twelve monthly shares, e.g. 1,1,2,2,2,2,2,2,2,2,1,1")
    ] = None,
) -> None:
    """Set one unit's year target of one figure (kept in history)."""
    from store.domain.targets import MONEY, TARGET_FIGURES, parse_split, target_figure
    from store.money import parse_amount

    chosen = target_figure(figure)
    if TARGET_FIGURES[chosen] == MONEY:
        value = parse_amount(amount)
    elif amount.strip().isdigit():
        value = int(amount)
    else:
        raise refusal(SAID, "not_whole", figure=chosen, amount=repr(amount))
    shares = parse_split(split) if split is not None else None
    done = cli.store.set_target(year or cli.store.today.year, by, unit, chosen, value, shares)
    outcome = "unchanged" if done.unchanged else "changed" if done.changed else "set"
    shown = f"{unit} {figure_word(cli, chosen)} {amount_text(chosen, value)}"
    typer.echo(cli.labelled(shown, said(cli, SAID, outcome)))


def target_list(
    cli: Cli,
    year: YearOption = None,
    by: Annotated[str | None, typer.Option(help="county, steward, unit or chain")] = None,
    format: FormatOption = "table",
) -> None:
    """The targets as they stand (amounts in 亿元)."""
    from rich.table import Table

    from store.domain.targets import split_text, unit_kind

    check_format(format, ("table", "json"))
    rows = cli.store.targets(year, unit_kind(by) if by else None)
    if format == "json":
        echo_json(
            [
                {
                    "year": r.year,
                    "by": r.unit_kind,
                    "unit": r.unit,
                    "figure": r.figure,
                    "amount": r.amount,
                    "split": split_text(r.split) or "even",
                }
                for r in rows
            ]
        )
        return
    table = Table(caption=said(cli, SAID, "units"))
    for key in ("year", "unit_kind", "target_unit", "figure", "target", "split"):
        table.add_column(cli.word(key), justify="right" if key == "target" else "left")
    for r in rows:
        table.add_row(
            str(r.year),
            kind_word(cli, r.unit_kind),
            r.unit,
            figure_word(cli, r.figure),
            amount_text(r.figure, r.amount),
            split_text(r.split) or "-",
        )
    console().print(table)


def target_history(cli: Cli, year: YearOption = None, format: FormatOption = "table") -> None:
    """Every target set or changed: who, when, from what to what."""
    from rich.table import Table

    from store.labels import ACTIONS, in_language

    check_format(format, ("table", "json"))
    changes = cli.store.target_history(year)
    if format == "json":
        echo_json([change.model_dump(mode="json") for change in changes])
        return
    table = Table()
    for key in ("when", "user", "action", "target_unit", "figure", "old", "new_value", "note"):
        table.add_column(cli.word(key))
    for c in changes:
        table.add_row(
            f"{c.at:%Y-%m-%d %H:%M}",
            c.user,
            in_language(ACTIONS, c.action, cli.lang),
            f"{kind_word(cli, c.unit_kind)} {c.unit}",
            f"{c.year} {figure_word(cli, c.figure)}",
            "" if c.old_amount is None else amount_text(c.figure, c.old_amount),
            amount_text(c.figure, c.new_amount),
            c.note,
        )
    console().print(table)


def assess(
    cli: Cli,
    period: Annotated[
        str | None, typer.Option(help="2024, 2024Q2 or 2024-06 [default: this year]")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(help="As it stood on this date [default: today or the period's end]"),
    ] = None,
    by: KindOption = "county",
    scheme: Annotated[
        str | None, typer.Option(help="The scoring scheme's text file [default: README's]")
    ] = None,
    format: FormatOption = "table",
) -> None:
    """Each unit against its targets: completion, 序时进度, points ahead or behind, score,
    rank, red and black lists."""
    from store.domain.scheme import DEFAULT_SCHEME, parse_scheme
    from store.domain.targets import parse_target_period, unit_kind

    check_format(format, ("table", "json"))
    chosen = parse_target_period(period or str(cli.store.today.year))
    rules = parse_scheme(read_scheme(scheme) if scheme else DEFAULT_SCHEME)
    result = cli.store.assess(chosen, optional_date(as_of), unit_kind(by), rules)
    if format == "json":
        echo_json(result.to_json())
        return
    show_assessment(cli, result)


def read_scheme(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise refusal(SAID, "no_scheme", path=path) from None
    except (OSError, UnicodeDecodeError) as error:
        raise refusal(SAID, "unreadable_scheme", path=path, error=error) from None


def show_assessment(cli: Cli, result: Assessment) -> None:
    from rich.table import Table

    from store.domain.targets import TARGET_FIGURES, percent_text, points_text
    from tui.words import units_listed

    figures = [f for f in TARGET_FIGURES if any(f in unit.progress for unit in result.units)]
    title = (
        f"{result.period.label} ({result.period.start}..{result.period.end}), "
        f"{cli.word('as_of_word')} {result.as_of} · {kind_word(cli, result.kind)}"
    )
    table = Table(
        title=title,
        caption=f"{cli.word('completion')} / {cli.word('points_ahead')}",
        caption_justify="left",
    )
    for key in ("rank", "target_unit", "score"):
        table.add_column(cli.word(key), justify="left" if key == "target_unit" else "right")
    for figure in figures:
        table.add_column(figure_word(cli, figure), justify="right")
    table.add_column("")
    for unit in result.units:
        cells = []
        for figure in figures:
            found = unit.progress.get(figure)
            cells.append(
                "-"
                if found is None
                else f"{percent_text(found.completion)} {points_text(found.points_ahead)}"
            )
        marks = " ".join(
            cli.word(key) for key, on in (("red_list", unit.red), ("black_list", unit.black)) if on
        )
        table.add_row(
            str(unit.rank), unit.unit, points_text(unit.score.total, signed=False), *cells, marks
        )
    out = console()
    out.print(table)
    out.print(units_listed(cli.word("red_list"), result.red_list, cli.lang))
    out.print(units_listed(cli.word("black_list"), result.black_list, cli.lang))
