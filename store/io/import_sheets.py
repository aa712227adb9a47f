"""Reading the sheets of a file: which sheets hold projects, each one's columns and units,
and the loop over its rows that hands them, in batches, to be written."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session

from store.domain import pinyin
from store.domain.headers import DATE_FIELDS, MONEY_FIELDS, normalise_header
from store.errors import UserError
from store.io.beside import ReadBeside, worth_a_process
from store.io.import_mappings import MappingChecks
from store.io.import_state import (
    BATCH,
    DETAIL_SHEETS,
    LEDGER_SHEETS,
    NO_HEADER,
    NO_HEADER_NOTE,
    PLACE_ENDINGS,
    ColumnUse,
    ImportCancelled,
    PassedRow,
    SheetReading,
    SheetUse,
    row_text,
    section_level,
)
from store.io.import_totals import TotalsCheck
from store.io.import_writing import ProjectWriter
from store.io.rows import (
    Issue,
    ReadHere,
    RowReader,
    RowReading,
    RowResult,
    SheetEnd,
    SheetPlan,
    cell_text,
    column_plan,
    field_label,
)
from store.io.sheets import (
    ColumnReading,
    Rows,
    RowShape,
    classify_row,
    find_table,
    section_kind,
    summary_sheet,
    workbook_sheets,
)
from store.labels import Lang, Refusal, said
from store.money import Unit
from store.stages import Kind


@dataclass
class Sections:
    """Where a sheet's rows stand among its section headings (一、新建项目 / （一）...), the kind
    of project the headings give, and the total rows met, each with its section."""

    number: int = 0
    kind: Kind | None = None
    kind_level: int = 0
    totals: list[tuple[int, list[object], int]] = field(default_factory=list)

    def heading(self, words: str) -> None:
        self.number += 1
        level = section_level(words)
        heading_kind = section_kind(words)
        if heading_kind is not None:
            self.kind, self.kind_level = heading_kind, level
        elif self.kind is not None and level <= self.kind_level:
            self.kind = None  # a heading as high as the one that gave the kind ends it


class SheetReader(TotalsCheck, ProjectWriter, MappingChecks):
    """Reads the project sheets, writing their rows as they come."""

    def _read_sheets(self, session: Session, names: list[str], chosen: str | None) -> list[str]:
        """Read the project sheets; return the export's detail sheets to read after them."""
        details = [name for name in names if name in DETAIL_SHEETS]
        ledger = chosen or next((name for name in names if name in LEDGER_SHEETS), None)
        if ledger is not None or not names:  # one sheet: named, the export's ledger, or a CSV
            self._read_sheet(session, ledger, self.path.name)
            why = (
                ("未由 --sheet 指定", "not named by --sheet")
                if chosen
                else (
                    "导出文件自己的汇总表，由其他工作表生成",
                    "the export's own sheet, made from the others",
                )
            )
            for name in names:
                if name != ledger and name not in DETAIL_SHEETS:
                    self.summary.sheets.append(SheetUse.noted(name, "skipped", 0, why))
            return details
        summaries = [name for name in names if summary_sheet(name)] if len(names) > 1 else []
        read = [
            name
            for name in names
            if name not in summaries and self._try_sheet(session, name, len(names) > 1)
        ]
        for name in summaries:
            if read:
                self._check_summary(name)
            else:  # nothing else holds the projects: the summary sheet is the ledger
                self._try_sheet(session, name, True)
        if not any(use.status == "read" for use in self.summary.sheets):
            raise Refusal(
                f"{self.path.name}：没有一个工作表的表头能读懂（工作表：{'、'.join(names)}）；"
                "请用 --map '<表头>=<字段>' 指明一列，或用 --sheet 只导入一个表",
                f"{self.path.name}: no sheet has a header row it understands "
                f"(sheets: {', '.join(names)}); "
                "name a column with --map '<header>=<field>', or import one with --sheet",
            )
        return []

    def _try_sheet(self, session: Session, name: str, several: bool) -> bool:
        """Read a sheet of a workbook; a sheet without a table is skipped with a note."""
        label = f"{self.path.name}/{name}" if several else self.path.name
        try:
            self._read_sheet(session, name, label)
        except ImportCancelled:
            raise
        except UserError as error:
            if not several:
                raise
            reason = str(error).removeprefix(f"{label}: ")
            reason_zh = said(error, Lang.ZH).removeprefix(f"{label}：")
            if NO_HEADER in reason:
                self.summary.sheets.append(SheetUse.noted(name, "skipped", 0, NO_HEADER_NOTE))
                return False
            self.summary.errors.append(Issue(label, 0, "", "", reason, reason_zh))
            first_lines = (reason_zh.splitlines()[0], reason.splitlines()[0])
            self.summary.sheets.append(SheetUse.noted(name, "skipped", 0, first_lines))
            return False
        return True

    def _check_summary(self, name: str) -> None:
        """A 汇总 sheet repeats the others: skipped, once every project on it is on them."""
        label = f"{self.path.name}/{name}"
        rows = self._rows(name)
        try:
            table = find_table(label, rows, self.custom, self.lettered)
        except UserError:
            no_table = ("汇总表，没有表格", "summary sheet, no table")
            self.summary.sheets.append(SheetUse.noted(name, "skipped", 0, no_table))
            return
        column = next((c for c in table.columns if c.field == "name"), None)
        listed, missing = 0, 0
        for cells in rows:
            if column is None or classify_row(cells, table) is not RowShape.PROJECT:
                continue
            listed += 1
            project = cell_text(cells[column.index]) if column.index < len(cells) else ""
            if project and project not in self.names_read:
                missing += 1
                self.summary.errors.append(
                    Issue(
                        label,
                        rows.number,
                        column.header,
                        project,
                        "on this summary sheet but on no other sheet: add it to its own sheet, "
                        f"or import the summary alone with --sheet {name}",
                        "在这张汇总表上，却不在其他任何工作表上：请把它加到所属的工作表，"
                        f"或用 --sheet {name} 只导入汇总表",
                    )
                )
        note = (
            (
                f"汇总表：其中 {listed} 个项目都在其他工作表上",
                f"summary sheet: its {listed} projects are on the other sheets",
            )
            if not missing
            else (
                f"汇总表：其中 {listed} 个项目有 {missing} 个不在其他工作表上",
                f"summary sheet: {missing} of its {listed} projects are on no other sheet",
            )
        )
        self.summary.sheets.append(SheetUse.noted(name, "skipped", listed, note))

    # -- one sheet --------------------------------------------------------------------------------

    def _reading(self, label: str, name: str | None, rows: Rows) -> SheetReading:
        table = find_table(label, rows, self.custom, self.lettered)
        self._refuse_ambiguous_mappings(table)
        sheet_name = name or ""
        funds_by_month = any(
            s in ("月度调度", "Dispatch") for s in workbook_sheets(self.path)
        )  # the export's workbook: the months carry the funds
        columns: list[ColumnReading] = []
        units: dict[int, Unit | None] = {}
        headers: dict[str, str] = {}
        for column in table.columns:
            normal = normalise_header(column.header)
            source = (
                "map"
                if column.index in self.lettered or self._taught(self.mapped, normal, column)
                else "saved"
                if self._taught(self.saved, normal, column)
                else "header"
            )
            unit = None
            if column.field in MONEY_FIELDS:
                unit = column.unit or table.unit_line or self.options.unit
                units[column.index] = unit
            self.summary.columns.append(
                ColumnUse(
                    sheet_name,
                    column.letter,
                    column.header,
                    column.field,
                    unit.value if unit else None,
                    source,
                )
            )
            if column.field in (None, "skip"):
                continue
            if column.field == "funds_in_place_yuan" and funds_by_month:
                continue
            columns.append(column)
            headers.setdefault(column.field, column.header)
        county = None
        if "county" not in headers and sheet_name.strip().endswith(PLACE_ENDINGS):
            county = sheet_name.strip()
        self._refuse_conflicts(table)
        plan = SheetPlan(
            label,
            [column_plan(column, units.get(column.index)) for column in columns],
            headers,
            {name: field_label(name) for name in DATE_FIELDS} | headers,
            county,
            self.path.suffix.lower() in (".csv", ".txt"),
        )
        return SheetReading(label, sheet_name, table, columns, units, headers, plan)

    def _read_sheet(self, session: Session, name: str | None, label: str) -> None:
        rows = self._rows(name)
        sheet = self._reading(label, name, rows)
        sections = Sections()
        project_rows = 0
        batch: list[tuple[int, list[object], Kind | None, int]] = []
        reading = self._row_reading()
        reading.begin(sheet.plan)
        for cells in rows:
            number = rows.number
            shape = classify_row(cells, sheet.table)
            if shape is RowShape.BLANK:
                continue
            if shape is not RowShape.PROJECT:
                self._pass_row(sheet, number, cells, shape, sections)
                continue
            project_rows += 1
            self.summary.rows += 1
            batch.append((number, cells, sections.kind, sections.number))
            if len(batch) >= BATCH:
                self._stop_if_cancelled()
                self._write_all(session, reading.submit(batch))
                batch = []
            if self.progress and self.summary.rows % 1000 == 0:
                self.progress(self.summary.rows)
        self._stop_if_cancelled()
        self._write_all(session, reading.submit(batch))
        remaining, end = reading.finish()
        for results in remaining:
            self._stop_if_cancelled()
            self._write_results(session, results)
        self._end_sheet(sheet, rows, end, sections)
        county = sheet.plan.county
        note = (f"县区取自工作表名：{county}", f"county from the sheet's name: {county}")
        self.summary.sheets.append(
            SheetUse.noted(sheet.name, "read", project_rows, note if county else ("", ""))
        )

    def _pass_row(
        self,
        sheet: SheetReading,
        number: int,
        cells: list[object],
        shape: RowShape,
        sections: Sections,
    ) -> None:
        """A row that is no project is reported; a total is kept to check, a heading followed."""
        words = row_text(cells)
        self.summary.passed.append(PassedRow(sheet.name, number, shape.value, words))
        if shape is RowShape.TOTAL:
            sections.totals.append((number, cells, sections.number))
        elif shape is RowShape.SECTION:
            sections.heading(words)

    def _write_all(self, session: Session, results: list[list[RowResult]]) -> None:
        for batch in results:
            self._write_results(session, batch)

    def _end_sheet(
        self, sheet: SheetReading, rows: Rows, end: SheetEnd, sections: Sections
    ) -> None:
        """What the whole sheet tells: columns of no stated unit, its totals, reading notes."""
        self.names_read = end.names_read
        totals, unit_unknown = end.totals, end.unit_unknown
        totals.rows = sections.totals
        for index, numbers in unit_unknown.items():
            column = next(c for c in sheet.columns if c.index == index)
            self.summary.errors.append(
                Issue(
                    sheet.label,
                    sheet.table.header_row,
                    column.header,
                    "",
                    f"the unit of its amounts is stated nowhere (not in the cells, the header "
                    f"or a 单位 line above the table): {len(numbers)} rows refused, first row "
                    f"{numbers[0]}; say which with --unit yi|wan|yuan (亿元, 万元, 元)",
                    "金额的单位没有注明（单元格、表头和表格上方的单位行都没有）："
                    f"{len(numbers)} 行未导入，第一行是第 {numbers[0]} 行；"
                    "请用 --unit yi|wan|yuan（亿元、万元、元）指明",
                )
            )
        self._check_totals(sheet, totals, sections.number > 0, unit_unknown)
        self.summary.noticed.extend(rows.noticed)

    def _row_reading(self) -> RowReading:
        """The rows of a large file are read in a second process while this one writes."""
        if self.row_reading is None:
            beside = self.options.beside
            if beside is None:
                beside = worth_a_process(self.path)
            reader = RowReader(self.store.today, self.stage_words)
            if beside:
                process = self.started or ReadBeside()
                self.started = None
                process.take(reader)
                self.row_reading = process
                # New stewards' sort keys need them: loaded while the second process starts,
                # when this one would only wait for its first rows.
                pinyin.load_dictionaries()
            else:
                self.row_reading = ReadHere(reader)
        return self.row_reading
