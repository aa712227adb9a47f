"""Files in and out: import the office's sheet, export the workbook it reports upward, back
up the database."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from tui.cli.context import Cli
from tui.cli.options import (
    ChainFilter,
    CountyFilter,
    FormatOption,
    StageFilter,
    StewardFilter,
    WarningFilter,
    check_format,
    optional_date,
    parse_filters,
)
from tui.cli.render import Lines, console, echo_json, said

if TYPE_CHECKING:
    from rich.console import Console

    from store.io.beside import ReadBeside
    from store.io.importer import ImportOptions, ImportSummary

# How many of each a summary prints; --errors FILE.csv has every error.
ERRORS_SHOWN = 50
WARNINGS_SHOWN = 20


# The options of `import`, named here so that the command reads as what it does.
EncodingOption = Annotated[
    str | None, typer.Option(help="Force the CSV encoding (utf-8, gb18030 ...)")
]
SheetOption = Annotated[
    str | None, typer.Option(help="The sheet to read [default: the first, or 项目台账]")
]
ConflictOption = Annotated[str, typer.Option(help="A project already there: update, skip or error")]
SkipInvalidOption = Annotated[bool, typer.Option(help="Write the good rows even when some are bad")]
DryRunOption = Annotated[bool, typer.Option(help="Validate and report; write nothing")]
ErrorsOption = Annotated[str | None, typer.Option(help="Write the error report to this CSV file")]
MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        help="Name a column's field by hand: 'HEADER=field', or by the column's letter "
        "'F=field' (where two columns carry one header); field unused leaves it out; "
        "repeatable",
    ),
]
UnitOption = Annotated[
    str | None,
    typer.Option(help="yi, wan or yuan: the unit of amounts the sheet states nowhere"),
]
SaveMappingOption = Annotated[
    bool,
    typer.Option(help="Keep the --map mappings in the database for later imports"),
]


def import_(
    cli: Cli,
    path: Annotated[str, typer.Argument(help="A .csv (UTF-8, BOM or GBK), .xlsx or .xls sheet")],
    encoding: EncodingOption = None,
    sheet: SheetOption = None,
    on_conflict: ConflictOption = "update",
    skip_invalid: SkipInvalidOption = False,
    dry_run: DryRunOption = False,
    errors: ErrorsOption = None,
    overwrite: Annotated[bool, typer.Option(help="Replace an existing --errors file.")] = False,
    format: FormatOption = "table",
    mapping: MapOption = None,
    unit: UnitOption = None,
    save_mapping: SaveMappingOption = False,
) -> None:
    """Import projects from the office's own sheet; all or nothing unless --skip-invalid.
    --dry-run shows how each column is read and which rows are refused, writing nothing."""
    from store.io.beside import started_for

    started = started_for(path)  # loads the row reader's modules while this loads the import's
    try:
        from pathlib import Path

        from store.db.engine import database_files
        from store.io.files import Protected, check_target
        from store.io.importer import ImportOptions, write_errors
        from store.io.office_words import read_map_option
        from store.money import parse_unit

        check_format(format, ("table", "json"))
        guarded = [
            Protected(Path(path), "the sheet being imported"),
            *database_files(cli.store.engine),
        ]
        if errors:  # refused before the import, not after its work is done
            check_target(errors, overwrite=overwrite, protected=guarded)
        options = ImportOptions(
            encoding=encoding,
            on_conflict=on_conflict,
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            mapping=dict(read_map_option(text) for text in mapping or []),
            unit=parse_unit(unit) if unit else None,
            save_mapping=save_mapping,
        )
        summary = run_import(cli, path, options, sheet, started)
        if errors:
            write_errors(summary, errors, lang=cli.lang, overwrite=overwrite, protected=guarded)
        if format == "json":
            echo_json(summary.to_json())
        else:
            show_import_summary(cli, summary, dry_run, save_mapping)
        if summary.errors and not skip_invalid:
            raise typer.Exit(1)
    finally:
        if started is not None:
            started.close()  # the import closes it too; refused before it, it ends here


def run_import(
    cli: Cli, path: str, options: ImportOptions, sheet: str | None, started: ReadBeside | None
) -> ImportSummary:
    """The import, with a progress bar on a terminal."""
    from rich.progress import Progress

    from store.io.importer import import_file

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(said(cli, IMPORT_LINES, "importing", path=path), total=None)
        return import_file(
            cli.store,
            path,
            options,
            lambda rows: bar.update(task, completed=rows),
            sheet=sheet,
            started=started,
        )


# What the import's summary says, in (Chinese, English).
IMPORT_LINES: Lines = {
    "importing": ("正在导入 {path}", "importing {path}"),
    "sheets_title": ("工作表", "sheets"),
    "columns_title": (
        "各列导入为（--map '表头=字段' 或 'F=字段' 可指定）",
        "columns: the field each fills (--map 'HEADER=field' or 'F=field' names one)",
    ),
    "passed": (
        "略过第 {row} 行（{shape}）{sheet}：{text}",
        "passed over {shape} row {row}{sheet}: {text}",
    ),
    "of_sheet": ("，工作表 {sheet}", " of {sheet}"),
    "note": ("说明：{note}", "note: {note}"),
    "more_errors": (
        "……另有 {count} 处错误（--errors 文件.csv 可写出全部）",
        "... and {count} more errors (--errors FILE.csv writes them all)",
    ),
    "total_row": ("已略过合计/小计行：第 {rows} 行", "skipped total rows (合计/小计): row {rows}"),
    "total_rows": (
        "已略过合计/小计行：第 {rows} 行",
        "skipped total rows (合计/小计): rows {rows}",
    ),
    "kept": ("已保存，供以后导入使用：{saved}", "kept for later imports: {saved}"),
    "not_kept": (
        "--map 的指定未保存：未写入任何数据",
        "the --map mappings were not kept: nothing was written",
    ),
    "refused": (
        "未写入任何数据：请改正上面列出的行后重新导入，或加 --skip-invalid 只导入没有问题的行",
        "nothing written: correct the rows named above and import again, "
        "or add --skip-invalid to write the valid rows only",
    ),
    "dry_run": ("仅检查，未写入任何数据", "dry run, nothing written"),
    "written": ("已写入", "written"),
    "nothing_written": ("未写入任何数据", "nothing written"),
    "rows": ("行数", "rows"),
    "added": ("新增", "added"),
    "updated": ("更新", "updated"),
    "would_add": ("将新增", "would add"),
    "would_update": ("将更新", "would update"),
    "unchanged": ("未变", "unchanged"),
    "skipped": ("跳过", "skipped"),
    "errors": ("错误", "errors"),
    "nothing_changed": (
        "没有变化：每一行都与数据库一致",
        "nothing changed: every row matches the database",
    ),
}


def show_import_summary(
    cli: Cli, summary: ImportSummary, dry_run: bool, save_mapping: bool
) -> None:
    out = console()
    show_sheets_and_columns(cli, out, summary)
    show_rows_passed_over(cli, out, summary)
    show_import_counts(cli, out, summary, dry_run)
    for saved in summary.mappings_saved:
        out.print(said(cli, IMPORT_LINES, "kept", saved=saved), highlight=False)
    if save_mapping and not summary.written:
        out.print(said(cli, IMPORT_LINES, "not_kept"))
    if summary.errors and not summary.written and not dry_run:
        out.print(said(cli, IMPORT_LINES, "refused"))


def show_sheets_and_columns(cli: Cli, out: Console, summary: ImportSummary) -> None:
    """The sheets read (when more than one, or one was not), and the field each column fills,
    worded as the app's import screen words them."""
    from rich.table import Table
    from rich.text import Text

    from tui.screens.import_words import field_label, source_label, unit_label
    from tui.words import say

    lang = cli.lang
    if len(summary.sheets) > 1 or any(s.status != "read" for s in summary.sheets):
        sheets = Table(title=said(cli, IMPORT_LINES, "sheets_title"))
        for name in ("sheet", "status", "rows", "note"):
            sheets.add_column(say(name, lang))
        for used in summary.sheets:
            status = say(f"sheet_{used.status}", lang)
            sheets.add_row(used.name, status, str(used.rows), used.said(lang))
        out.print(sheets)
    several = len({column.sheet for column in summary.columns}) > 1
    columns = Table(title=said(cli, IMPORT_LINES, "columns_title"))
    for name in ("sheet", "letter", "header", "fills", "unit", "source")[0 if several else 1 :]:
        columns.add_column(say(name, lang))
    for column in summary.columns:
        fills = field_label(column.field, lang)
        cells = [
            column.letter,
            " ".join(column.header.split()),
            Text(fills, "dim") if column.field in (None, "skip") else fills,
            unit_label(column.unit, lang),
            source_label(column.source, lang),
        ]
        columns.add_row(*([column.sheet] if several else []), *cells)
    if summary.columns:
        out.print(columns)


def show_rows_passed_over(cli: Cli, out: Console, summary: ImportSummary) -> None:
    """Rows read as something other than a project, notes, errors and warnings."""
    from rich.text import Text

    from store.labels import pick
    from tui.words import joined, say

    lang = cli.lang
    for passed in summary.passed:
        if passed.shape != "total":
            sheet = said(cli, IMPORT_LINES, "of_sheet", sheet=passed.sheet) if passed.sheet else ""
            shape = say(f"shape_{passed.shape}", lang)
            line = said(
                cli,
                IMPORT_LINES,
                "passed",
                shape=shape,
                row=passed.row,
                sheet=sheet,
                text=passed.text,
            )
            out.print(line, highlight=False)
    for note in summary.noticed:
        out.print(said(cli, IMPORT_LINES, "note", note=pick(note, lang)), highlight=False)
    for level, issues, shown, style in (
        ("error", summary.errors, ERRORS_SHOWN, "red"),
        ("warning", summary.warnings, WARNINGS_SHOWN, "yellow"),
    ):
        for issue in issues[:shown]:
            label = say(f"issue_{level}", lang)
            out.print(Text.assemble((label, style), f" {issue.line(lang)}"), highlight=False)
        if level == "error" and len(issues) > shown:
            out.print(said(cli, IMPORT_LINES, "more_errors", count=len(issues) - shown))
    if summary.total_rows:
        rows = summary.total_rows
        numbers = joined([str(row) for row in rows], lang)
        out.print(
            said(cli, IMPORT_LINES, "total_rows" if len(rows) > 1 else "total_row", rows=numbers)
        )


def show_import_counts(cli: Cli, out: Console, summary: ImportSummary, dry_run: bool) -> None:
    """What was done, or what would have been: the same counts either way."""
    from rich.table import Table

    state = "dry_run" if dry_run else "written" if summary.written else "nothing_written"
    table = Table(title=cli.labelled(summary.file, said(cli, IMPORT_LINES, state)))
    done = ("added", "updated") if summary.written else ("would_add", "would_update")
    for name in ("rows", *done, "unchanged", "skipped", "errors"):
        table.add_column(said(cli, IMPORT_LINES, name), justify="right")
    counts = (
        summary.rows,
        summary.added,
        summary.updated,
        summary.unchanged,
        summary.skipped,
        len(summary.errors),
    )
    table.add_row(*(str(count) for count in counts))
    out.print(table)
    if summary.written and not (summary.added or summary.updated):
        out.print(said(cli, IMPORT_LINES, "nothing_changed"))


EXPORT_SAID: Lines = {"exporting": ("正在导出", "exporting")}


def export(
    cli: Cli,
    path: Annotated[str, typer.Argument(help="File to write (.xlsx, or .csv/.json with --format)")],
    stage: StageFilter = None,
    county: CountyFilter = None,
    chain: ChainFilter = None,
    steward: StewardFilter = None,
    warning: WarningFilter = None,
    as_of: Annotated[
        str | None, typer.Option(help="Write the ledger and figures as they stood on this date")
    ] = None,
    unit: Annotated[str, typer.Option(help="yi (亿元) or wan (万元)")] = "yi",
    format: Annotated[
        str, typer.Option("--format", help="xlsx, csv or json (csv/json: the ledger only)")
    ] = "xlsx",
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write the workbook the office reports upward (or the ledger as CSV/JSON)."""
    from rich.progress import Progress

    from store.exporter import ExportOptions
    from store.exporter import export as write_export
    from store.money import parse_unit

    options = ExportOptions(
        filters=parse_filters(
            cli, stage=stage, county=county, chain=chain, steward=steward, warning=warning
        ),
        lang=cli.lang,
        unit=parse_unit(unit),
        as_of=optional_date(as_of),
        format=format,
    )
    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(said(cli, EXPORT_SAID, "exporting"), total=None)
        written = write_export(
            cli.store,
            path,
            options,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
            overwrite=overwrite,
        )
    typer.echo(str(written))


def backup(
    cli: Cli,
    target: Annotated[str, typer.Argument(help="The copy to write (.db)")],
    overwrite: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Copy the SQLite database consistently, even while officers and imports use it."""
    from pathlib import Path

    from store.db.engine import backup as backup_database

    written = backup_database(cli.store.engine, Path(target), overwrite=overwrite)
    typer.echo(f"{written} ({written.stat().st_size / 1_048_576:.1f} MB)")
