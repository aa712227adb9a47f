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
from tui.cli.render import console, echo_json

if TYPE_CHECKING:
    from rich.console import Console

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
        help="Name a column's field by hand: 'HEADER=field' (field unused leaves it out); "
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
    from pathlib import Path

    from store.db.engine import database_files
    from store.io.files import Protected, check_target
    from store.io.importer import ImportOptions, write_errors
    from store.io.office_words import read_map_option
    from store.money import parse_unit

    check_format(format, ("table", "json"))
    guarded = [Protected(Path(path), "the sheet being imported"), *database_files(cli.store.engine)]
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
    summary = run_import(cli, path, options, sheet)
    if errors:
        write_errors(summary, errors, overwrite=overwrite, protected=guarded)
    if format == "json":
        echo_json(summary.to_json())
    else:
        show_import_summary(cli, summary, dry_run, save_mapping)
    if summary.errors and not skip_invalid:
        raise typer.Exit(1)


def run_import(cli: Cli, path: str, options: ImportOptions, sheet: str | None) -> ImportSummary:
    """The import, with a progress bar on a terminal."""
    from rich.progress import Progress

    from store.io.importer import import_file

    with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
        task = bar.add_task(f"importing {path}", total=None)
        return import_file(
            cli.store, path, options, lambda rows: bar.update(task, completed=rows), sheet=sheet
        )


def show_import_summary(
    cli: Cli, summary: ImportSummary, dry_run: bool, save_mapping: bool
) -> None:
    out = console()
    show_sheets_and_columns(cli, out, summary)
    show_rows_passed_over(out, summary)
    show_import_counts(out, summary, dry_run)
    for saved in summary.mappings_saved:
        out.print(f"kept for later imports: {saved}", highlight=False)
    if save_mapping and not summary.written:
        out.print("the --map mappings were not kept: nothing was written")
    if summary.errors and not summary.written and not dry_run:
        out.print(
            "nothing written: correct the rows named above and import again, "
            "or add --skip-invalid to write the valid rows only"
        )


def show_sheets_and_columns(cli: Cli, out: Console, summary: ImportSummary) -> None:
    """The sheets read (when more than one, or one was not), and the field each column fills."""
    from rich.table import Table
    from rich.text import Text

    from store.money import Unit

    if len(summary.sheets) > 1 or any(s.status != "read" for s in summary.sheets):
        sheets = Table(title="sheets")
        for name in ("sheet", "read", "project rows", "note"):
            sheets.add_column(name)
        for used in summary.sheets:
            sheets.add_row(used.name, used.status, str(used.rows), used.note)
        out.print(sheets)
    several = len({column.sheet for column in summary.columns}) > 1
    columns = Table(title="columns: the field each fills (--map 'HEADER=field' names one)")
    for name in ("sheet", "column", "header", "fills", "unit", "from")[0 if several else 1 :]:
        columns.add_column(name)
    for column in summary.columns:
        fills = (
            Text("unused", "dim")
            if column.field is None
            else Text("numbering, not read", "dim")
            if column.field == "skip"
            else f"{cli.word(column.field.removesuffix('_yuan'))} ({column.field})"
        )
        unit = Unit(column.unit).label_zh if column.unit else ""
        cells = [column.letter, " ".join(column.header.split()), fills, unit]
        columns.add_row(*([column.sheet] if several else []), *cells, column.source)
    if summary.columns:
        out.print(columns)


def show_rows_passed_over(out: Console, summary: ImportSummary) -> None:
    """Rows read as something other than a project, notes, errors and warnings."""
    from rich.text import Text

    for passed in summary.passed:
        if passed.shape != "total":
            out.print(
                f"passed over {passed.shape.replace('_', ' ')} row {passed.row}"
                + (f" of {passed.sheet}" if passed.sheet else "")
                + f": {passed.text}",
                highlight=False,
            )
    for note in summary.notes:
        out.print(f"note: {note}", highlight=False)
    for issue in summary.errors[:ERRORS_SHOWN]:
        out.print(Text.assemble(("error", "red"), f" {issue.line()}"), highlight=False)
    if len(summary.errors) > ERRORS_SHOWN:
        out.print(
            f"... and {len(summary.errors) - ERRORS_SHOWN} more errors (--errors FILE.csv writes them all)"
        )
    for issue in summary.warnings[:WARNINGS_SHOWN]:
        out.print(Text.assemble(("warning", "yellow"), f" {issue.line()}"), highlight=False)
    if summary.total_rows:
        rows = summary.total_rows
        out.print(
            f"skipped total rows (合计/小计): row{'s' * (len(rows) > 1)} {', '.join(map(str, rows))}"
        )


def show_import_counts(out: Console, summary: ImportSummary, dry_run: bool) -> None:
    """What was done, or what would have been: the same counts either way."""
    from rich.table import Table

    table = Table(
        title=f"{summary.file}: {'dry run, nothing written' if dry_run else 'written' if summary.written else 'nothing written'}"
    )
    done = ("added", "updated") if summary.written else ("would add", "would update")
    for name in ("rows", *done, "unchanged", "skipped", "errors"):
        table.add_column(name, justify="right")
    table.add_row(
        *(
            str(v)
            for v in (
                summary.rows,
                summary.added,
                summary.updated,
                summary.unchanged,
                summary.skipped,
                len(summary.errors),
            )
        )
    )
    out.print(table)
    if summary.written and not (summary.added or summary.updated):
        out.print("nothing changed: every row matches the database")


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
        task = bar.add_task("exporting", total=None)
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
