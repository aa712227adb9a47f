"""What the import screen shows of a reading, as rows of its tables: the columns and the
fields they fill, the problems, the rows passed over and the sheets; and the officer's
choices (ImportDraft), which the app keeps while the screen is closed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from store.labels import Lang
from store.money import Unit
from tui.screens.import_words import field_label, source_label, unit_label
from tui.table import Cell, TableColumn
from tui.words import say

if TYPE_CHECKING:
    from store.io.importer import ColumnUse, ImportOptions, ImportSummary
    from store.io.rows import Issue

PROBLEMS_SHOWN = 5000  # the rest are counted; `investtrack import --errors FILE` lists them all
WIDEST_CELL = 40  # a table's column is as wide as its longest cell, up to this


def plain(cell: Cell) -> str:
    return cell.plain if isinstance(cell, Text) else cell


def fitted(
    headings: Sequence[str], rows: Sequence[Sequence[Cell]], right: Sequence[int] = ()
) -> list[TableColumn]:
    """Columns as wide as their heading or their longest cell (in cells: CJK counts two),
    that up to WIDEST_CELL; a longer cell ends in … and is read whole on the line below."""
    columns = []
    for index, heading in enumerate(headings):
        widest = max((cell_len(plain(row[index])) for row in rows), default=0)
        width = max(cell_len(heading), min(widest, WIDEST_CELL))
        columns.append(TableColumn(heading, width, index in right))
    return columns


@dataclass(frozen=True)
class ImportDraft:
    """What the officer chose on the screen, kept by the app while the screen is closed."""

    path: str = ""
    on_conflict: str = "update"
    skip_invalid: bool = False
    unit: Unit | None = None
    mapping: tuple[tuple[str, str], ...] = ()  # (header as written, field or "unused")

    def options(self, *, dry_run: bool) -> ImportOptions:
        from store.io.importer import ImportOptions

        return ImportOptions(
            on_conflict=self.on_conflict,
            skip_invalid=self.skip_invalid,
            unit=self.unit,
            mapping=dict(self.mapping),
            dry_run=dry_run,
        )

    def mapped(self, named: str, field: str) -> ImportDraft:
        """This draft with the column of that header (or those letters) named to fill the
        field."""
        kept = tuple((h, f) for h, f in self.mapping if h != named)
        return replace(self, mapping=(*kept, (named, field)))


def column_named(summary: ImportSummary, column: ColumnUse) -> str:
    """How a mapping names a column: by its header, or by its letter when another column of
    its sheet carries the same header (a header names every column it heads)."""
    from store.domain.headers import normalise_header

    header = normalise_header(column.header)
    twins = [
        other
        for other in summary.columns
        if other.sheet == column.sheet and normalise_header(other.header) == header
    ]
    return column.letter if len(twins) > 1 else column.header


def column_rows(summary: ImportSummary | None, lang: Lang) -> list[list[Cell]]:
    if summary is None:
        return []
    return [
        [
            column.sheet,
            column.letter,
            column.header,
            Text(field_label(column.field, lang), style="" if column.field else "dim"),
            unit_label(column.unit, lang),
            source_label(column.source, lang),
        ]
        for column in summary.columns
    ]


def problems(summary: ImportSummary | None) -> list[tuple[str, Issue]]:
    if summary is None:
        return []
    return [("error", issue) for issue in summary.errors] + [
        ("warning", issue) for issue in summary.warnings
    ]


def problem_rows(summary: ImportSummary | None, lang: Lang) -> list[list[Cell]]:
    found = problems(summary)
    rows: list[list[Cell]] = [
        [
            Text(say(f"issue_{level}", lang), style="bold red" if level == "error" else "yellow"),
            str(issue.row),
            issue.column,
            issue.value,
            issue.said(lang),
        ]
        for level, issue in found[:PROBLEMS_SHOWN]
    ]
    if len(found) > PROBLEMS_SHOWN:
        more = len(found) - PROBLEMS_SHOWN
        rows.append(
            [
                "+",
                "",
                "",
                "",
                say("more_problems", lang, count=f"{more:,}"),
            ]
        )
    return rows


def passed_rows(summary: ImportSummary | None, lang: Lang) -> list[list[Cell]]:
    if summary is None:
        return []
    return [
        [row.sheet, str(row.row), say(f"shape_{row.shape}", lang), row.text]
        for row in summary.passed
    ]


def sheet_rows(summary: ImportSummary | None, lang: Lang) -> list[list[Cell]]:
    if summary is None:
        return []
    return [
        [
            sheet.name or summary.file,
            say(f"sheet_{sheet.status}", lang),
            f"{sheet.rows:,}",
            sheet.said(lang),
        ]
        for sheet in summary.sheets
    ]


@dataclass(frozen=True)
class SummaryTable:
    """One table of the screen: its name (its tab), headings (words of tui.words), rows, and
    which columns hold numbers (right-aligned)."""

    name: str
    headings: list[str]
    rows: list[list[Cell]]
    right: list[int]


def summary_tables(summary: ImportSummary | None, lang: Lang) -> list[SummaryTable]:
    """The four tables of a reading (empty before one); a CSV file has no sheets, so no
    column names them."""
    tables = [
        SummaryTable(
            "columns",
            ["sheet", "letter", "header", "fills", "unit", "source"],
            column_rows(summary, lang),
            [],
        ),
        SummaryTable(
            "problems",
            ["row_kind", "row", "header", "value", "reason"],
            problem_rows(summary, lang),
            [1],
        ),
        SummaryTable(
            "passed", ["sheet", "row", "row_kind", "text"], passed_rows(summary, lang), [1]
        ),
        SummaryTable("sheets", ["sheet", "status", "rows", "note"], sheet_rows(summary, lang), [2]),
    ]
    if summary is None or any(sheet.name for sheet in summary.sheets):
        return tables
    return [
        SummaryTable(
            table.name,
            table.headings[1:],
            [row[1:] for row in table.rows],
            [0] if table.name == "passed" else table.right,
        )
        if table.name in ("columns", "passed")
        else table
        for table in tables
    ]
